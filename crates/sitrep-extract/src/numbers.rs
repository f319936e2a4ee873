//! Numbers as news writes them: numerals ("200,000", "1.5"), number words ("twenty-five",
//! "a billion", "half a million"), and scale words ("million", "bn", "dozen").
//!
//! Design: the vocabulary lives in `data/lexicon/amounts.tsv` (sections `number`, `scale`,
//! `money_scale`), embedded at build time. [`number_pattern`] gives a regex fragment that finds
//! candidate numbers in text; [`parse_number`] turns the matched surface into a value. Both the
//! amounts and the times layers use them, so "three-day" and "three hours" read the same way.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The amount grammar data file, embedded.
pub(crate) const AMOUNTS_TSV: &str = include_str!("../../../data/lexicon/amounts.tsv");

/// Rows of a lexicon TSV file: comment and blank lines skipped, fields split on tabs.
pub(crate) fn tsv_rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

struct NumberWords {
    words: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    money_scales: HashMap<String, f64>,
}

static WORDS: LazyLock<NumberWords> = LazyLock::new(|| {
    let mut words = HashMap::new();
    let mut scales = HashMap::new();
    let mut money_scales = HashMap::new();
    for row in tsv_rows(AMOUNTS_TSV) {
        if row.len() < 3 {
            continue;
        }
        let Ok(v) = row[2].parse::<f64>() else {
            continue;
        };
        let map = match row[0] {
            "number" => &mut words,
            "scale" => &mut scales,
            "money_scale" => &mut money_scales,
            _ => continue,
        };
        map.insert(row[1].to_string(), v);
    }
    NumberWords {
        words,
        scales,
        money_scales,
    }
});

/// The value of a cardinal number word ("seven" → 7), if it is one.
pub fn word_value(word: &str) -> Option<f64> {
    WORDS.words.get(&word.to_lowercase()).copied()
}

/// The multiplier of a scale word ("million" → 1e6, "bn" → 1e9, "dozen" → 12), if it is one.
pub fn scale_value(word: &str) -> Option<f64> {
    WORDS.scales.get(&word.to_lowercase()).copied()
}

/// The multiplier of a short scale trusted only after a currency symbol ("m", "k", "b").
pub fn money_scale_value(word: &str) -> Option<f64> {
    let w = word.to_lowercase();
    WORDS
        .scales
        .get(&w)
        .or_else(|| WORDS.money_scales.get(&w))
        .copied()
}

fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut v: Vec<&String> = words.collect();
    // Longest first, so "seventeen" is tried before "seven".
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v.iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// Regex alternation of the scale words ("million|billion|bn|…"), longest first.
pub fn scale_pattern() -> &'static str {
    static P: LazyLock<String> = LazyLock::new(|| alternation(WORDS.scales.keys()));
    &P
}

/// Regex alternation of the short money scales ("m|k|b|mil").
pub fn money_scale_pattern() -> &'static str {
    static P: LazyLock<String> = LazyLock::new(|| alternation(WORDS.money_scales.keys()));
    &P
}

/// Regex alternation of the cardinal number words ("one|two|…|ninety").
pub fn word_number_pattern() -> &'static str {
    static P: LazyLock<String> = LazyLock::new(|| alternation(WORDS.words.keys()));
    &P
}

/// A regex fragment (no groups, case-insensitive use) matching one number: a numeral with
/// optional thousands separators and decimals, or a run of number words ("twenty-five",
/// "two hundred thousand", "a billion", "half a million"). Scales after a numeral are not
/// included; callers add them.
pub fn number_pattern() -> &'static str {
    static P: LazyLock<String> = LazyLock::new(|| {
        let word = format!(
            r"(?:{}|hundred|thousand|million|billion|trillion|dozen)",
            word_number_pattern()
        );
        let sep = r"(?:\s*-\s*|\s+)";
        let scale = r"(?:hundred|thousand|million|billion|trillion)";
        // "and" joins only after a scale ("one hundred and twenty"), never two numbers
        // ("eight and fourteen percent"); "a"/"an" only before a scale ("a billion").
        let words = format!(
            r"{word}(?:{sep}{word})*?\s+{scale}\s+and\s+{word}(?:{sep}{word})*|{word}(?:{sep}{word})*"
        );
        format!(
            r"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|\.\d+|\b(?:half\s+)?an?\s+(?:hundred|thousand|million|billion|trillion|dozen)(?:{sep}{word})*\b|\b(?:{words})\b)"
        )
    });
    &P
}

/// Parse a number surface: "200,000", "1.5", "twenty-five", "two hundred thousand",
/// "a billion", "1.5 million", "1Bln", "half a million", "a dozen". `None` when it is not a number.
pub fn parse_number(surface: &str) -> Option<f64> {
    let lower = surface.to_lowercase().replace(['-', '\u{2013}'], " ");
    let parts: Vec<&str> = lower.split_whitespace().collect();
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    let mut pending_half = false;
    let mut pending_a = false;
    let mut seen = false;
    for part in parts {
        if part == "and" {
            continue;
        }
        if part == "a" || part == "an" {
            pending_a = true;
            continue;
        }
        if part == "half" {
            pending_half = true;
            continue;
        }
        if part.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            // A numeral, possibly with an attached scale ("1bln", "2bn", "300m").
            let split = part
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .unwrap_or(part.len());
            let (digits, suffix) = part.split_at(split);
            let v: f64 = digits.replace(',', "").parse().ok()?;
            current = Some(current.unwrap_or(0.0) + v);
            seen = true;
            if !suffix.is_empty() {
                let s = money_scale_value(suffix)?;
                total += current.take().unwrap_or(1.0) * s;
            }
            continue;
        }
        if let Some(v) = word_value(part) {
            current = Some(current.unwrap_or(0.0) + v);
            seen = true;
            pending_a = false;
            continue;
        }
        if let Some(s) = scale_value(part) {
            let base = if pending_half {
                0.5
            } else {
                current.take().unwrap_or(1.0)
            };
            if pending_half && current.is_some() {
                // "one and a half million"
                let whole = current.take().unwrap_or(0.0);
                total += (whole + 0.5) * s;
            } else if s < 1000.0 {
                // "hundred" and "dozen" multiply the running group.
                current = Some(base * s);
            } else {
                total += base * s;
            }
            pending_half = false;
            pending_a = false;
            seen = true;
            continue;
        }
        return None;
    }
    if !seen || pending_half || pending_a {
        return None;
    }
    Some(total + current.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(parse_number("200,000"), Some(200000.0));
        assert_eq!(parse_number("1.5"), Some(1.5));
        assert_eq!(parse_number("1Bln"), Some(1e9));
        assert_eq!(parse_number("1.5 million"), Some(1.5e6));
    }

    #[test]
    fn words() {
        assert_eq!(parse_number("twenty-five"), Some(25.0));
        assert_eq!(parse_number("two hundred thousand"), Some(200000.0));
        assert_eq!(parse_number("a billion"), Some(1e9));
        assert_eq!(parse_number("half a million"), Some(5e5));
        assert_eq!(parse_number("a dozen"), Some(12.0));
        assert_eq!(parse_number("one hundred and twenty"), Some(120.0));
        assert_eq!(parse_number("one and a half million"), Some(1.5e6));
        assert_eq!(parse_number("a"), None);
        assert_eq!(parse_number("tree"), None);
    }

    #[test]
    fn pattern_finds_numbers() {
        let re = regex::Regex::new(&format!("(?i){}", number_pattern())).unwrap();
        let found: Vec<&str> = re
            .find_iter("about 200,000 troops, twenty-five tanks and a billion dollars")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, vec!["200,000", "twenty-five", "a billion"]);
        let two: Vec<&str> = re
            .find_iter("between eight and fourteen percent")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(two, vec!["eight", "fourteen"]);
    }
}
