//! The amounts layer: money, quantities with units, counts of things, durations and percentages.
//!
//! Design (Duckling-style "number, then dimension"): inside each sentence every number is found
//! with [`crate::numbers::number_pattern`] plus an optional scale ("1.5 million", "$2bn");
//! two numbers joined by "to"/"and"/"-" become a range. Each number phrase then looks at its
//! left edge (currency symbol or code, qualifier such as "more than", "between") and its right
//! edge (currency word, unit, percent sign, personnel word, counted noun, "-hour") to decide its
//! kind. Vague counts ("several dozen helicopters", "hundreds of troops") have their own rule and
//! no value. An indefinite article before a named piece of hardware counts one ("a Tor
//! surface-to-air missile system", "an S-400 battery"). Candidates are resolved leftmost-longest,
//! so a phrase is read once. A numeral right after a capitalised name is a label, not a count
//! ("Article 5 guarantees").
//!
//! All words come from data files: `amounts.tsv` (qualifiers, number words, scales, vague
//! quantifiers, counted nouns), `units.tsv` (units, durations, percent, personnel words) and
//! `currencies.tsv` (symbols, codes and names → ISO 4217). Years, ordinals, designations
//! ("S-400", "F-16"), dates ("Nov. 4") and phone-like numbers are never amounts.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::schema::Amount;
use sitrep_core::text::Text;

use crate::numbers::{
    money_scale_pattern, money_scale_value, number_pattern, parse_number, scale_pattern,
    scale_value, tsv_rows, AMOUNTS_TSV,
};

const UNITS_TSV: &str = include_str!("../../../data/lexicon/units.tsv");
const CURRENCIES_TSV: &str = include_str!("../../../data/lexicon/currencies.tsv");

struct Lexicon {
    qualifiers_before: Vec<(String, String)>,
    qualifiers_after: Vec<(String, String)>,
    vague: Vec<String>,
    /// singular or plural surface → plural form used as the unit
    count_nouns: HashMap<String, String>,
    /// counted nouns naming hardware (singular and plural)
    equipment: HashSet<String>,
    /// unit surface → (unit, kind)
    units: HashMap<String, (String, String)>,
    /// currency surface → (ISO code, position)
    currencies: HashMap<String, (String, String)>,
    /// words that end a noun phrase
    stops: HashSet<String>,
    /// lower-case modifiers allowed before a counted noun
    modifiers: HashSet<String>,
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon {
        qualifiers_before: Vec::new(),
        qualifiers_after: Vec::new(),
        vague: Vec::new(),
        count_nouns: HashMap::new(),
        equipment: HashSet::new(),
        units: HashMap::new(),
        currencies: HashMap::new(),
        stops: HashSet::new(),
        modifiers: HashSet::new(),
    };
    for row in tsv_rows(AMOUNTS_TSV) {
        match (row.first().copied(), row.get(1), row.get(2)) {
            (Some("qualifier_before"), Some(w), Some(q)) => {
                lex.qualifiers_before.push((w.to_string(), q.to_string()))
            }
            (Some("qualifier_after"), Some(w), Some(q)) => {
                lex.qualifiers_after.push((w.to_string(), q.to_string()))
            }
            (Some("vague"), Some(w), _) => lex.vague.push(w.to_string()),
            (Some("stop"), Some(w), _) => {
                lex.stops.insert(w.to_string());
            }
            (Some("modifier"), Some(w), _) => {
                lex.modifiers.insert(w.to_string());
            }
            (Some("count"), Some(sg), Some(pl)) => {
                lex.count_nouns.insert(sg.to_string(), pl.to_string());
                lex.count_nouns.insert(pl.to_string(), pl.to_string());
                if row.get(3) == Some(&"equipment") {
                    lex.equipment.insert(sg.to_string());
                    lex.equipment.insert(pl.to_string());
                }
            }
            _ => {}
        }
    }
    for row in tsv_rows(UNITS_TSV) {
        if row.len() >= 3 {
            lex.units
                .insert(row[0].to_string(), (row[1].to_string(), row[2].to_string()));
        }
    }
    for row in tsv_rows(CURRENCIES_TSV) {
        if row.len() >= 3 {
            lex.currencies
                .insert(row[0].to_string(), (row[1].to_string(), row[2].to_string()));
        }
    }
    lex
});

fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = words.collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v.dedup();
    v.iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

struct Patterns {
    /// A number with an optional scale; `num`, `scale`, `mscale` groups.
    number: Regex,
    /// Currency symbol (or code) right before a number.
    currency_before: Regex,
    /// Currency code (upper case) right before a number.
    code_before: Regex,
    /// Currency word or code right after a number.
    currency_after: Regex,
    /// A unit right after a number (`unit` group, `hyphen` group for "eight-hour").
    unit_after: Regex,
    /// Qualifier words right before an amount.
    qualifier_before: Regex,
    /// Qualifier words right after an amount.
    qualifier_after: Regex,
    /// Range joiner between two numbers.
    joiner: Regex,
    /// Vague quantifier followed by words.
    vague: Regex,
    /// "worth of X", "of X" after money.
    of_after: Regex,
    /// "X valued at" before money.
    valued_before: Regex,
    /// A word (for noun phrase reading).
    word: Regex,
    /// Ordinal suffix or decade right after a numeral.
    numeral_suffix: Regex,
    /// Month name right before a number (a date, not an amount).
    month_before: Regex,
}

static PAT: LazyLock<Patterns> = LazyLock::new(|| {
    let lex = &*LEX;
    // "US$" may also be written "US $".
    let syms = alternation(
        lex.currencies
            .iter()
            .filter(|(_, (_, pos))| pos == "sym")
            .map(|(s, _)| s.as_str()),
    )
    .split('|')
    .map(|a| {
        // Only two-letter prefixes: "a $3 billion" is an article, not an Australian dollar.
        if a.len() > 3 && a.ends_with(r"\$") {
            format!(r"{}\s?\$", &a[..a.len() - 2])
        } else {
            a.to_string()
        }
    })
    .collect::<Vec<_>>()
    .join("|");
    let codes = alternation(
        lex.currencies
            .iter()
            .filter(|(_, (_, pos))| pos == "code")
            .map(|(s, _)| s.as_str()),
    )
    .to_uppercase();
    let words = alternation(
        lex.currencies
            .iter()
            .filter(|(_, (_, pos))| pos == "word")
            .map(|(s, _)| s.as_str()),
    );
    let units = alternation(lex.units.keys().map(String::as_str));
    let quals = alternation(lex.qualifiers_before.iter().map(|(w, _)| w.as_str()));
    let quals_after = alternation(lex.qualifiers_after.iter().map(|(w, _)| w.as_str()));
    let vague = alternation(lex.vague.iter().map(String::as_str));
    let re = |p: &str| Regex::new(p).expect("amount pattern");
    Patterns {
        number: re(&format!(
            r"(?i)(?P<num>{})(?:(?P<scale>\s*-?\s*(?:{})\b)|(?P<mscale>(?:{})\b))?",
            number_pattern(),
            scale_pattern(),
            money_scale_pattern()
        )),
        currency_before: re(&format!(r"(?i)(?:^|[^\w$])(?P<cur>{syms})\s*$")),
        code_before: re(&format!(r"\b(?P<cur>{codes})\s*$")),
        currency_after: re(&format!(
            r"^(?:\s*-?\s*(?P<word>(?i:{words}))\b|\s+(?P<code>{codes})\b|\s?(?P<sym>[€£¥₽₴₺₩₪$])(?:\s*(?P<next>\d))?)"
        )),
        unit_after: re(&format!(
            r"^(?:(?P<hyphen>-)|\s*)(?P<unit>(?i:{units}))(?:\b|$|[^\w])"
        )),
        qualifier_before: re(&format!(r"(?i)\b(?P<q>{quals}|between|from)\s+$")),
        qualifier_after: re(&format!(
            r"(?i)^(?:\s+(?P<q>{quals_after})\b|(?P<plus>-?plus\b|\+))"
        )),
        joiner: re(&format!(
            r"(?i)^(?:\s*(?:-|–|—)\s*|\s+(?:to|and)\s+)(?:{syms})?\s*$"
        )),
        vague: re(&format!(r"(?i)\b(?P<v>{vague})\s+")),
        of_after: re(r"(?i)^\s+(?:worth\s+of|of|in)\s+"),
        valued_before: re(
            r"(?i)(?P<np>[\w'-]+(?:\s+[\w'-]+){0,2})\s+(?:valued\s+at|worth|priced\s+at|estimated\s+at|costing|totall?ing|at\s+a\s+cost\s+of)\s+$",
        ),
        word: re(r"^\s+(?P<w>[\p{L}\d][\p{L}\d'’-]*[\p{L}\d]|[\p{L}\d])"),
        numeral_suffix: re(r"^(?:st|nd|rd|th|s|'s)\b"),
        month_before: re(
            r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s*$",
        ),
    }
});

static PLUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-plus\b|\+)").expect("plus pattern"));
static YEAR_PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in|since|by|until|till|from|during|of|before|after)\s+$")
        .expect("year preposition pattern")
});

/// A number phrase found in a sentence slice (byte offsets within the slice).
#[derive(Debug, Clone)]
struct NumberPhrase {
    start: usize,
    end: usize,
    value: f64,
    /// Value before a scale was applied (to share a scale across a range: "$1-2 billion").
    bare: f64,
    has_scale: bool,
    /// A short scale glued to the numeral ("$2m", "£300k"): (multiplier, end). Only money
    /// takes it; otherwise "200m" is 200 metres.
    money_scale: Option<(f64, usize)>,
    is_numeral: bool,
    year_like: bool,
    /// A numeral right after a capitalised word: a label ("Article 5", "Nord Stream 2").
    label_like: bool,
}

/// A resolved amount, before ids and code-point offsets (byte offsets into the whole text).
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    kind: &'static str,
    value: Option<f64>,
    unit: Option<String>,
    qualifier: String,
    low: Option<f64>,
    high: Option<f64>,
    of: Option<String>,
}

/// Extract money, quantities, counts, durations and percentages from the text, in text order.
pub fn extract_amounts(text: &Text) -> Vec<Amount> {
    let mut found = Vec::new();
    for sentence in &text.sentences {
        let s = &text.text[sentence.start..sentence.end];
        for mut f in amounts_in(s) {
            f.start += sentence.start;
            f.end += sentence.start;
            found.push(f);
        }
    }
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        if kept.last().is_some_and(|k| f.start < k.end) {
            continue;
        }
        kept.push(f);
    }
    kept.into_iter()
        .enumerate()
        .map(|(i, f)| {
            let span = text.span(f.start, f.end);
            Amount {
                id: format!("a{}", i + 1),
                kind: f.kind.to_string(),
                text: text.text[f.start..f.end].to_string(),
                value: f.value,
                unit: f.unit,
                qualifier: f.qualifier,
                low: f.low,
                high: f.high,
                of: f.of,
                start: span.start,
                end: span.end,
            }
        })
        .collect()
}

/// Words whose presence lets a sentence hold a number, a vague amount or a named system: number
/// words (found at a word start, as the number pattern has them), a word of each vague phrase,
/// and the equipment nouns a designation count ends on.
struct Triggers {
    words: aho_corasick::AhoCorasick,
    /// For each word: what it may start.
    kind: Vec<Trigger>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Number,
    Vague,
    Equipment,
}

/// Which amount patterns may match in a sentence.
#[derive(Debug, Clone, Copy)]
struct May {
    number: bool,
    vague: bool,
    equipment: bool,
}

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    let mut words: Vec<(String, Trigger)> = crate::numbers::word_number_pattern()
        .split('|')
        .chain([
            "hundred", "thousand", "million", "billion", "trillion", "dozen",
        ])
        .map(|w| (w.to_ascii_lowercase(), Trigger::Number))
        .collect();
    // Any word of a vague phrase is in every match of it: take the longest.
    for v in &LEX.vague {
        if let Some(w) = v.split(' ').max_by_key(|w| w.len()) {
            words.push((w.to_ascii_lowercase(), Trigger::Vague));
        }
    }
    // A designation count ends on an equipment noun.
    for e in &LEX.equipment {
        words.push((e.to_ascii_lowercase(), Trigger::Equipment));
    }
    words.retain(|(w, _)| !w.is_empty());
    let (patterns, kind): (Vec<String>, Vec<Trigger>) = words.into_iter().unzip();
    let words = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&patterns)
        .expect("amount trigger words");
    Triggers { words, kind }
});

impl May {
    const ALL: May = May {
        number: true,
        vague: true,
        equipment: true,
    };
}

/// May the sentence hold a number, a vague amount, a named system's count? Looser than the
/// patterns: a sentence for which this says no has no match of them.
fn triggers(s: &str) -> May {
    // Case-insensitive patterns match "k" and "s" on the Kelvin sign and the long s (and the
    // Kelvin sign lower-cases to "k").
    if !s.is_ascii() && s.contains(['\u{212A}', '\u{017F}']) {
        return May::ALL;
    }
    // `\d` is any decimal digit.
    let mut number = s.bytes().any(|b| b.is_ascii_digit())
        || (!s.is_ascii() && s.chars().any(|c| !c.is_ascii() && c.is_numeric()));
    let mut vague = false;
    let mut equipment = false;
    let b = s.as_bytes();
    let t = &*TRIGGERS;
    for m in t.words.find_overlapping_iter(s) {
        match t.kind[m.pattern().as_usize()] {
            Trigger::Vague => vague = true,
            Trigger::Equipment => equipment = true,
            Trigger::Number => {
                let i = m.start();
                if i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
                    number = true;
                }
            }
        }
        if number && vague && equipment {
            break;
        }
    }
    May {
        number,
        vague,
        equipment,
    }
}

/// Amounts in one sentence (byte offsets within `s`), possibly overlapping.
fn amounts_in(s: &str) -> Vec<Found> {
    let found = amounts_in_with(s, triggers(s));
    // Every test sentence also checks that the triggers never skip a pattern that matches.
    #[cfg(test)]
    {
        let all = amounts_in_with(s, May::ALL);
        assert_eq!(
            format!("{found:?}"),
            format!("{all:?}"),
            "a pattern skipped by its trigger words matches in {s:?}"
        );
    }
    found
}

/// [`amounts_in`], looking for numbers and vague amounts only when told they may be there.
fn amounts_in_with(s: &str, may: May) -> Vec<Found> {
    let mut out = Vec::new();
    let numbers = if may.number {
        number_phrases(s)
    } else {
        Vec::new()
    };
    let mut i = 0;
    while i < numbers.len() {
        let n = &numbers[i];
        // A range: "10 to 20", "between $1 and $2 billion", "$1-2 billion".
        if let Some(next) = numbers.get(i + 1) {
            if PAT.joiner.is_match(&s[n.end..next.start]) {
                let joiner = s[n.end..next.start].trim().to_lowercase();
                let needs_between = joiner == "and";
                let digits_only = joiner.starts_with(['-', '–', '—']);
                let ok_between = !needs_between
                    || PAT
                        .qualifier_before
                        .captures(strip_currency_left(&s[..n.start]))
                        .is_some_and(|c| c["q"].eq_ignore_ascii_case("between"));
                if ok_between && (!digits_only || (n.is_numeral && next.is_numeral)) {
                    let mut low = n.clone();
                    if !low.has_scale && next.has_scale && low.bare <= next.bare {
                        low.value = low.bare * (next.value / next.bare.max(f64::MIN_POSITIVE));
                    }
                    if let Some(mut f) = classify(s, &low, next) {
                        if f.qualifier != "range" {
                            f.low = Some(low.value);
                            f.high = Some(next.value);
                            f.value = None;
                            f.qualifier = "range".into();
                        }
                        out.push(f);
                        i += 2;
                        continue;
                    }
                }
            }
        }
        if let Some(f) = classify(s, n, n) {
            out.push(f);
        }
        i += 1;
    }
    if may.vague {
        out.extend(vague_amounts(s));
    }
    if may.equipment {
        out.extend(designation_counts(s));
    }
    out
}

/// All plausible numbers in the sentence.
fn number_phrases(s: &str) -> Vec<NumberPhrase> {
    let mut out = Vec::new();
    for c in PAT.number.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let Some(num) = c.name("num") else { continue };
        let before = s[..m.start()].chars().next_back();
        let before2 = s[..m.start()].chars().rev().nth(1);
        // Designations and codes: "S-400", "F-16", "A4", "2.5" inside "v2.5".
        if before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == '/' || b == ':') {
            continue;
        }
        if before == Some('-') && before2.is_some_and(char::is_alphabetic) {
            continue;
        }
        if before == Some('.') && before2.is_some_and(|b| b.is_ascii_digit()) {
            continue;
        }
        let rest = &s[m.end()..];
        // Dates, phone numbers, clock times, scores: "2021-09-13", "555-0199", "10:30", "3/4".
        let mut rc = rest.chars();
        if let (Some(a), Some(b)) = (rc.next(), rc.next()) {
            if matches!(a, '-' | '/' | ':' | '.') && b.is_ascii_digit() {
                // Allow digit ranges ("10-20"); they are joined later.
                if !(a == '-' && c.name("scale").is_none()) {
                    continue;
                }
            }
        }
        let is_numeral = num
            .as_str()
            .starts_with(|ch: char| ch.is_ascii_digit() || ch == '.');
        if is_numeral && c.name("scale").is_none() && c.name("mscale").is_none() {
            // Ordinals and decades: "10th", "1990s".
            if PAT.numeral_suffix.is_match(rest) {
                continue;
            }
        }
        // "Nov. 4", "September 13": a date.
        if is_numeral && PAT.month_before.is_match(&s[..m.start()]) {
            continue;
        }
        let Some(bare) = parse_number(num.as_str()) else {
            continue;
        };
        let mut value = bare;
        let mut has_scale = false;
        let mut money_scale = None;
        let mut end = m.end();
        if let Some(sc) = c.name("scale") {
            let w = sc.as_str().trim().trim_start_matches('-').trim();
            if let Some(k) = scale_value(w) {
                value *= k;
                has_scale = true;
            }
        } else if let Some(sc) = c.name("mscale") {
            end = num.end();
            money_scale = money_scale_value(sc.as_str()).map(|k| (k, sc.end()));
        }
        let digits = num.as_str();
        let year_like = is_numeral
            && !has_scale
            && digits.len() == 4
            && !digits.contains([',', '.'])
            && (1000.0..=2100.0).contains(&bare);
        out.push(NumberPhrase {
            start: m.start(),
            end,
            value,
            bare,
            has_scale,
            money_scale,
            is_numeral,
            year_like,
            label_like: is_numeral && label_before(&s[..m.start()]),
        });
    }
    out
}

/// Does `left` end with a capitalised word that names something numbered ("Article 5",
/// "Resolution 2231", "Nord Stream 2")? Sentence-initial words and qualifiers ("About 5") do not.
fn label_before(left: &str) -> bool {
    let Some(word) = left
        .strip_suffix(' ')
        .and_then(|l| l.split(' ').next_back())
    else {
        return false;
    };
    let capitalised = word.starts_with(char::is_uppercase)
        && word.chars().all(|c| c.is_alphabetic())
        && word.chars().count() > 1;
    let before = &left[..left.len() - 1 - word.len()];
    let sentence_start =
        before.trim_end().is_empty() || before.trim_end().ends_with(['.', '"', '\u{201c}', ':']);
    capitalised
        && !sentence_start
        && !LEX
            .qualifiers_before
            .iter()
            .any(|(q, _)| q.eq_ignore_ascii_case(word))
}

/// Strip a currency symbol from the end of `left` (for looking at what precedes it).
fn strip_currency_left(left: &str) -> &str {
    if let Some(c) = PAT.currency_before.captures(left) {
        if let Some(m) = c.name("cur") {
            return &left[..m.start()];
        }
    }
    if let Some(c) = PAT.code_before.captures(left) {
        if let Some(m) = c.name("cur") {
            return &left[..m.start()];
        }
    }
    left
}

/// Decide what a number phrase (or a range `low`..`high`) measures.
fn classify(s: &str, low: &NumberPhrase, high: &NumberPhrase) -> Option<Found> {
    let range = !std::ptr::eq(low, high);
    let left = &s[..low.start];
    let mut low_value = low.value;
    let mut high_value = high.value;
    let mut high_end = high.end;
    let mut start = low.start;
    let mut kind: &'static str;
    let mut unit: Option<String>;
    let mut of = None;

    // Money with a symbol or code in front: "$1 billion", "US$1.2bn", "EUR 300m".
    let cur_before = PAT
        .currency_before
        .captures(left)
        .and_then(|c| c.name("cur"))
        .or_else(|| PAT.code_before.captures(left).and_then(|c| c.name("cur")));
    if cur_before.is_some() {
        // "$2m", "£300k": the glued short scale belongs to the money.
        if let Some((k, e)) = high.money_scale {
            high_value *= k;
            high_end = e;
            if low.money_scale.is_none() && range && !low.has_scale {
                low_value *= k;
            }
        }
        if let Some((k, _)) = low.money_scale {
            low_value *= k;
        }
    }
    // "a 3,000-strong force": a number of personnel.
    if cur_before.is_none() {
        if let Some(rest) = s[high_end..].strip_prefix("-strong") {
            if !rest.starts_with(char::is_alphanumeric) {
                let q = qualifier_of(&s[..low.start]);
                return Some(Found {
                    start: q.as_ref().map_or(low.start, |q| q.0),
                    end: high_end + "-strong".len(),
                    kind: "quantity",
                    value: Some(low_value),
                    unit: Some("personnel".into()),
                    qualifier: q.map_or_else(|| "exact".into(), |q| q.1),
                    low: None,
                    high: None,
                    of: None,
                });
            }
        }
    }
    // "1,000-plus troops", "40+ percent".
    let mut plus = false;
    if cur_before.is_none() {
        if let Some(m) = PLUS.find(&s[high_end..]) {
            high_end += m.end();
            plus = true;
        }
    }
    let right = &s[high_end..];
    let mut end = high_end;
    if let Some(cur) = cur_before {
        start = cur.start();
        kind = "money";
        let key: String = cur
            .as_str()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        unit = LEX.currencies.get(&key).map(|(iso, _)| iso.clone());
        // "$5 million US dollars": the word restates the currency.
        if let Some(c) = PAT
            .currency_after
            .captures(right)
            .filter(|c| c.name("sym").is_none())
        {
            if let Some(m) = c.get(0) {
                end = high_end + m.end();
            }
        }
    } else if let Some(c) = PAT
        .currency_after
        .captures(right)
        .filter(|c| c.name("next").is_none())
    {
        let m = c.get(0)?;
        let w = c.name("word").or(c.name("code")).or(c.name("sym"))?;
        let key = w.as_str().to_lowercase();
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        kind = "money";
        unit = LEX.currencies.get(&key).map(|(iso, _)| iso.clone());
        end = high_end + m.end();
    } else {
        if let Some(p) = percent_after(right) {
            kind = "percent";
            unit = Some("%".into());
            if p.1 == "pp" {
                unit = Some("pp".into());
            }
            end = high_end + p.0;
        } else if let Some((len, u, k)) = unit_after(right) {
            kind = k;
            unit = Some(u);
            end = high_end + len;
            // "10 years ago", "a 30-year-old": dates and ages, not amounts.
            if kind == "duration" {
                let after = s[end..].trim_start().to_lowercase();
                if after.starts_with("ago")
                    || after.starts_with("old")
                    || s[end..].starts_with("-old")
                    || after.starts_with("later")
                    || after.starts_with("earlier")
                {
                    return None;
                }
            }
            if low.year_like && kind == "duration" {
                return None;
            }
        } else if let Some((len, noun, phrase)) =
            counted_noun(right, high).filter(|_| !low.label_like)
        {
            if low.year_like {
                return None;
            }
            kind = if noun == "personnel" {
                "quantity"
            } else {
                "count"
            };
            unit = Some(noun);
            end = high_end + len;
            of = phrase;
        } else {
            return None;
        }
    }
    if low.year_like && kind == "count" {
        return None;
    }
    // "In 2019 troops left": a year, not a number of troops.
    if low.year_like && kind != "money" && YEAR_PREPOSITION.is_match(left) {
        return None;
    }

    // Qualifiers before and after.
    let mut qualifier = if plus { "more_than" } else { "exact" }.to_string();
    if let Some(c) = PAT.qualifier_before.captures(&s[..start]) {
        if let (Some(all), Some(q)) = (c.get(0), c.name("q")) {
            let w = q.as_str().to_lowercase();
            let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
            let q_start = all.start() + (all.as_str().len() - all.as_str().trim_start().len());
            if w == "between" || w == "from" {
                if range {
                    qualifier = "range".into();
                    start = q_start;
                }
            } else if let Some((_, q)) = LEX.qualifiers_before.iter().find(|(k, _)| *k == w) {
                qualifier = q.clone();
                start = q_start;
            }
        }
    }
    if let Some(c) = PAT.qualifier_after.captures(&s[end..]) {
        if let Some(m) = c.get(0) {
            if let Some(q) = c.name("q") {
                let w = q.as_str().to_lowercase();
                let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
                if let Some((_, q)) = LEX.qualifiers_after.iter().find(|(k, _)| *k == w) {
                    qualifier = q.clone();
                    end += m.end();
                }
            } else if c.name("plus").is_some() && kind != "count" {
                qualifier = "more_than".into();
                end += m.end();
            }
        }
    }
    if range && kind == "money" && low_value > high_value {
        return None;
    }

    // What the money values: "$1 billion worth of Russian arms", "weapons valued at $1 billion".
    if kind == "money" {
        if let Some(m) = PAT.of_after.find(&s[end..]) {
            of = noun_phrase_after(&s[end + m.end()..])
                .filter(|p| p.starts_with(char::is_alphabetic));
        }
        if of.is_none() {
            if let Some(c) = PAT.valued_before.captures(&s[..start]) {
                of = c.name("np").and_then(|np| noun_phrase_before(np.as_str()));
            }
        }
    }
    // Personnel words are measured in personnel, as a quantity.
    if kind == "personnel" {
        kind = "quantity";
    }
    let (value, low_v, high_v) = if range {
        (None, Some(low_value), Some(high_value))
    } else {
        (Some(low_value), None, None)
    };
    Some(Found {
        start,
        end,
        kind,
        value,
        unit,
        qualifier: if range { "range".into() } else { qualifier },
        low: low_v,
        high: high_v,
        of,
    })
}

/// A qualifier ending `left` ("about "): (its start, the qualifier name).
fn qualifier_of(left: &str) -> Option<(usize, String)> {
    let c = PAT.qualifier_before.captures(left)?;
    let (all, q) = (c.get(0)?, c.name("q")?);
    let w = q.as_str().to_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    let (_, name) = LEX.qualifiers_before.iter().find(|(k, _)| *k == w)?;
    Some((
        all.start() + (all.len() - all.as_str().trim_start().len()),
        name.clone(),
    ))
}

/// "%", "percent", "per cent", "percentage points" right after a number: (length, unit).
fn percent_after(right: &str) -> Option<(usize, &'static str)> {
    let (len, u, k) = unit_after(right)?;
    (k == "percent").then_some((len, if u == "pp" { "pp" } else { "%" }))
}

/// A unit right after a number: (length, unit, kind). "eight-hour" takes the hyphen form only
/// for durations and quantities written as compound adjectives ("a 300-km range").
fn unit_after(right: &str) -> Option<(usize, String, &'static str)> {
    let c = PAT.unit_after.captures(right)?;
    let u = c.name("unit")?;
    let surface = u.as_str().to_lowercase();
    let surface = surface.split_whitespace().collect::<Vec<_>>().join(" ");
    let (unit, kind) = LEX.units.get(&surface)?;
    // Short symbols must be written as symbols: "10 km", "5 t", not "5 T-72s".
    let raw = u.as_str();
    if raw.len() <= 3 && raw != surface && kind != "percent" {
        return None;
    }
    // A unit glued to a following letter is not a unit ("5 mins" is fine via plural entries).
    let kind: &'static str = match kind.as_str() {
        "quantity" => "quantity",
        "duration" => "duration",
        "percent" => "percent",
        "personnel" => "personnel",
        _ => return None,
    };
    if kind == "personnel" && c.name("hyphen").is_some() {
        return None;
    }
    Some((u.end(), unit.clone(), kind))
}

/// The counted noun after a number: (length, unit, of-phrase). Up to three modifiers may stand
/// between ("10 Russian-made fighter jets"); personnel words are handled as units.
fn counted_noun(right: &str, n: &NumberPhrase) -> Option<(usize, String, Option<String>)> {
    let words = read_words(right, 5);
    let mut head: Option<usize> = None;
    for (i, (w, _)) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        if LEX.count_nouns.contains_key(&lw) {
            head = Some(i);
            // Extend over a compound of counted nouns: "missile systems", "fighter jets".
            let mut j = i + 1;
            while j < words.len() && LEX.count_nouns.contains_key(&words[j].0.to_lowercase()) {
                head = Some(j);
                j += 1;
            }
            break;
        }
        // A personnel word after modifiers: "200,000 Russian troops".
        if i > 0 {
            if let Some((unit, kind)) = LEX.units.get(&lw) {
                if kind == "personnel" {
                    return Some((words[i].1, unit.clone(), Some(join_words(&words[..=i]))));
                }
            }
        }
        let is_modifier = w.starts_with(char::is_uppercase)
            || w.contains('-')
            || w.chars().any(|c| c.is_ascii_digit())
            || LEX.modifiers.contains(lw.as_str());
        if !is_modifier {
            // A numeral directly before a plural noun counts it: "27 countries", "40 tanks".
            if i == 0 && n.is_numeral && is_plural_noun(&lw) {
                return Some((words[0].1, lw, None));
            }
            return None;
        }
        if i >= 3 {
            return None;
        }
    }
    let h = head?;
    let noun = words[h].0.to_lowercase();
    let unit = LEX.count_nouns.get(&noun).cloned().unwrap_or(noun);
    let of = (h > 0).then(|| join_words(&words[..=h]));
    Some((words[h].1, unit, of))
}

fn is_plural_noun(w: &str) -> bool {
    w.len() >= 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && w.chars().all(char::is_alphabetic)
        && !LEX.stops.contains(w)
        && !LEX.units.contains_key(w)
        && !matches!(
            w,
            "times" | "was" | "has" | "does" | "this" | "thus" | "plus" | "minus" | "versus"
        )
}

/// Up to `max` words after a position, stopping at punctuation or a stop word: (word, end).
fn read_words(right: &str, max: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while out.len() < max {
        let Some(c) = PAT.word.captures(&right[pos..]) else {
            break;
        };
        let Some(w) = c.name("w") else { break };
        if LEX.stops.contains(w.as_str().to_lowercase().as_str()) {
            break;
        }
        let end = pos + w.end();
        out.push((w.as_str().to_string(), end));
        pos = end;
    }
    out
}

fn join_words(words: &[(String, usize)]) -> String {
    words
        .iter()
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The noun phrase at the start of `s` ("Russian arms as he …" → "Russian arms").
fn noun_phrase_after(s: &str) -> Option<String> {
    let words = read_words(&format!(" {s}"), 4);
    (!words.is_empty()).then(|| join_words(&words))
}

/// The noun phrase at the end of `s`, read backwards to a stop word ("Belarus with weapons" →
/// "weapons").
fn noun_phrase_before(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut keep = Vec::new();
    for w in words.iter().rev() {
        if LEX.stops.contains(w.to_lowercase().as_str()) {
            break;
        }
        keep.push(*w);
    }
    keep.reverse();
    (!keep.is_empty()).then(|| keep.join(" "))
}

/// Vague amounts: "several dozen helicopters", "hundreds of troops", "millions of dollars".
fn vague_amounts(s: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in PAT.vague.captures_iter(s) {
        let (Some(all), Some(v)) = (c.get(0), c.name("v")) else {
            continue;
        };
        if s[..all.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let start = v.start();
        let rest = &s[v.end()..];
        // Money: "hundreds of millions of dollars".
        if let Some(m) = PAT.currency_after.captures(rest) {
            let (Some(m0), Some(w)) = (m.get(0), m.name("word").or(m.name("code"))) else {
                continue;
            };
            let key = w.as_str().to_lowercase();
            out.push(Found {
                start,
                end: v.end() + m0.end(),
                kind: "money",
                value: None,
                unit: LEX.currencies.get(&key).map(|(iso, _)| iso.clone()),
                qualifier: "approx".into(),
                low: None,
                high: None,
                of: None,
            });
            continue;
        }
        let pseudo = NumberPhrase {
            start,
            end: v.end(),
            value: 0.0,
            bare: 0.0,
            has_scale: false,
            money_scale: None,
            is_numeral: false,
            year_like: false,
            label_like: false,
        };
        let (len, unit, kind, of) = if let Some((len, u, k)) = unit_after(rest) {
            if k == "percent" {
                continue;
            }
            let k = if k == "personnel" { "quantity" } else { k };
            (len, u, k, None)
        } else if let Some((len, noun, of)) = counted_noun(rest, &pseudo) {
            (len, noun, "count", of)
        } else {
            continue;
        };
        out.push(Found {
            start,
            end: v.end() + len,
            kind,
            value: None,
            unit: Some(unit),
            qualifier: "approx".into(),
            low: None,
            high: None,
            of,
        });
    }
    out
}

/// One named system: "a Tor surface-to-air missile system", "an S-400 battery" → count 1.
fn designation_counts(s: &str) -> Vec<Found> {
    static ARTICLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:a|an|one)\s").expect("article pattern"));
    let mut out = Vec::new();
    for m in ARTICLE.find_iter(s) {
        // Keep the whitespace that ended the article (it may be a multi-byte space).
        let ws = m.as_str().chars().last().map_or(1, char::len_utf8);
        let rest = &s[m.end() - ws..];
        let words = read_words(rest, 5);
        let Some((first, _)) = words.first() else {
            continue;
        };
        // The first word must name a system: capitalised or a designation.
        if !(first.starts_with(char::is_uppercase) || first.chars().any(|c| c.is_ascii_digit())) {
            continue;
        }
        let Some((len, unit, of)) = counted_noun(
            rest,
            &NumberPhrase {
                start: 0,
                end: 0,
                value: 1.0,
                bare: 1.0,
                has_scale: false,
                money_scale: None,
                is_numeral: false,
                year_like: false,
                label_like: false,
            },
        ) else {
            continue;
        };
        // The head must be singular hardware: "a Tor system", not "a Tor systems" or
        // "a Russian city".
        let end = m.end() - ws + len;
        let head = s[..end].rsplit(' ').next().unwrap_or("").to_lowercase();
        if LEX.count_nouns.get(&head).is_some_and(|pl| *pl == head)
            || !LEX.equipment.contains(&head)
        {
            continue;
        }
        out.push(Found {
            start: m.start(),
            end,
            kind: "count",
            value: Some(1.0),
            unit: Some(unit),
            qualifier: "exact".into(),
            low: None,
            high: None,
            of,
        });
    }
    out
}

#[cfg(test)]
mod tests;
