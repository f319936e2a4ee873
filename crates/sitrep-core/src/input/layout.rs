//! Shared layout rules for text inputs: soft wraps, paragraphs, datelines, inline markdown.
//!
//! Wire copy arrives hard-wrapped at ~70 characters: a single line break inside a paragraph is
//! a soft wrap and is joined; a blank line or an indented line starts a new paragraph.
//! Datelines ("MOSCOW (Reuters) -", "WASHINGTON, March 6 -") are metadata, not story words.

use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Split text into paragraphs: blank lines separate; an indented line starts a new paragraph;
/// other line breaks are soft wraps. Text with no blank lines and long irregular lines (one
/// paragraph per line, as many exports do) keeps each line as a paragraph.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let has_blank = lines.iter().any(|l| l.trim().is_empty());
    let hard_wrapped = looks_hard_wrapped(&lines)
        || lines
            .iter()
            .any(|l| l.starts_with("  ") || l.starts_with('\t'));
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in lines {
        let t = line.trim();
        let indented = line.starts_with("  ") || line.starts_with('\t');
        let new_para =
            t.is_empty() || (indented && !cur.is_empty()) || (!has_blank && !hard_wrapped);
        if new_para && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if t.is_empty() {
            continue;
        }
        join_line(&mut cur, t);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Append a soft-wrapped line to a paragraph: a hyphen at a line end joins without a space
/// only when both sides are lowercase letters of one word ("govern-\nment").
pub fn join_line(cur: &mut String, line: &str) {
    if cur.is_empty() {
        cur.push_str(line);
        return;
    }
    let ends_hyphen = cur.ends_with('-') && !cur.ends_with(" -") && !cur.ends_with("--");
    if ends_hyphen && line.starts_with(|c: char| c.is_lowercase()) {
        cur.push_str(line);
    } else {
        cur.push(' ');
        cur.push_str(line);
    }
}

fn looks_hard_wrapped(lines: &[&str]) -> bool {
    let lens: Vec<usize> = lines
        .iter()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lens.len() < 3 {
        return false;
    }
    let max = *lens.iter().max().unwrap_or(&0);
    let long = lens.iter().filter(|&&n| n >= 40).count();
    max <= 100 && long * 10 >= lens.len() * 6
}

/// A dateline at the start of a story: returns (place, agency, rest of the paragraph).
pub fn split_dateline(para: &str) -> Option<(String, Option<String>, String)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(
            r"^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})(?:, (?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?(?:,? (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?(?: \((?P<agency>[A-Za-z][A-Za-z\- ]{1,30})\))? ?(?:-|--|—|–) ?",
        )
        .unwrap()
    });
    let c = r.captures(para)?;
    let place = c.name("place")?.as_str();
    // "NATO -" or "US -" could open a sentence with a dash aside; require a place-like word.
    if place.len() < 3 || place.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let rest = para[c.get(0)?.end()..].trim_start();
    if !rest.starts_with(|ch: char| ch.is_uppercase() || ch == '"' || ch == '\u{201C}') {
        return None;
    }
    let agency = c.name("agency").map(|a| a.as_str().to_string());
    let mut place = title_case(place);
    if let Some(region) = c.name("region") {
        if region
            .as_str()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            && c.name("date").is_some()
            || region.as_str().len() <= 4
        {
            place = format!("{place}, {}", region.as_str());
        }
    }
    Some((place, agency, rest.to_string()))
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Inline markdown reduced to plain text: links to their text (targets returned with the byte
/// range of the link text), images dropped, emphasis and code markers removed, backslash
/// escapes undone, autolinks `<https://…>` to their URL.
pub fn strip_inline(s: &str) -> (String, Vec<(Range<usize>, String)>) {
    let mut out = String::with_capacity(s.len());
    let mut links = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(next.unwrap_or('\\'));
                i += 2;
            }
            '!' if next == Some('[') => {
                if let Some((_, _, after)) = parse_link(s, chars[i + 1].0) {
                    i = chars.partition_point(|&(p, _)| p < after);
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '[' => {
                if let Some((text, url, after)) = parse_link(s, b) {
                    let (inner, _) = strip_inline(text);
                    let start = out.len();
                    out.push_str(&inner);
                    let url = url.trim();
                    if !url.is_empty() && url != "#" {
                        links.push((start..out.len(), url.to_string()));
                    }
                    i = chars.partition_point(|&(p, _)| p < after);
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '<' if s[b..].starts_with("<http") => {
                if let Some(close) = s[b..].find('>') {
                    out.push_str(&s[b + 1..b + close]);
                    i = chars.partition_point(|&(p, _)| p < b + close + 1);
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '*' | '_' | '`' => {
                let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
                let run_end = chars[i..].iter().take_while(|&&(_, x)| x == c).count();
                let after = chars.get(i + run_end).map(|&(_, x)| x);
                // A marker flanks a word: no space on one side. Intra-word underscores stay.
                let intraword = prev.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                let flanking = after.is_some_and(|a| !a.is_whitespace())
                    || prev.is_some_and(|p| !p.is_whitespace());
                if (c != '_' || !intraword)
                    && flanking
                    && !(prev.is_none_or(char::is_whitespace)
                        && after.is_none_or(char::is_whitespace))
                {
                    i += run_end;
                } else {
                    for _ in 0..run_end {
                        out.push(c);
                    }
                    i += run_end;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, links)
}

/// Parse `[text](url)` at byte `at` (which holds `[`): (text, url, byte after the `)`).
fn parse_link(s: &str, at: usize) -> Option<(&str, &str, usize)> {
    let bytes = s.as_bytes();
    let mut depth = 0;
    let mut j = at;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j >= bytes.len() || bytes.get(j + 1) != Some(&b'(') {
        return None;
    }
    let close = s[j + 2..].find(')')? + j + 2;
    let url = s[j + 2..close].split_whitespace().next().unwrap_or("");
    Some((&s[at + 1..j], url, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_wraps_join() {
        let t = "First line of a long wire paragraph that wraps at seventy\ncharacters and goes on here.\n\nSecond paragraph here that is also long enough to count\nas wrapped text for the detector.";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2);
        assert!(p[0].contains("seventy characters"));
    }

    #[test]
    fn indented_lines_start_paragraphs() {
        let t = "  The first paragraph of wire copy runs on for quite a while\nand wraps here.\n  The second paragraph starts indented and also runs on\nand wraps.";
        assert_eq!(paragraphs(t).len(), 2);
    }

    #[test]
    fn one_paragraph_per_line_exports() {
        let t = "A short line.\nA much longer line that goes on and on and on well past the usual wrap width of wire copy, clearly not wrapped at all.\nThird.";
        assert_eq!(paragraphs(t).len(), 3);
    }

    #[test]
    fn datelines() {
        let (place, agency, rest) =
            split_dateline("MOSCOW (Reuters) - Russia said on Monday...").unwrap();
        assert_eq!(place, "Moscow");
        assert_eq!(agency.as_deref(), Some("Reuters"));
        assert!(rest.starts_with("Russia said"));
        let (place, _, rest) = split_dateline("WASHINGTON, March 6 - The Pentagon said").unwrap();
        assert_eq!(place, "Washington");
        assert!(rest.starts_with("The Pentagon"));
        assert!(split_dateline("Belarus leader Alexander Lukashenko on Sunday said").is_none());
        assert!(split_dateline("NATO - the alliance").is_none());
    }

    #[test]
    fn inline_markdown() {
        let (t, links) =
            strip_inline(r"Eyes \$1Bln [Russian](https://x.org/r) **arms** _deal_ ![img](a.png)");
        assert_eq!(t, "Eyes $1Bln Russian arms deal ");
        assert_eq!(links.len(), 1);
        assert_eq!(&t[links[0].0.clone()], "Russian");
        let (t, links) = strip_inline("[president.gov.by](#)");
        assert_eq!(t, "president.gov.by");
        assert!(links.is_empty());
        assert_eq!(
            strip_inline("snake_case_name and 2 * 3").0,
            "snake_case_name and 2 * 3"
        );
        assert_eq!(
            strip_inline("<https://example.com/a>").0,
            "https://example.com/a"
        );
    }
}
