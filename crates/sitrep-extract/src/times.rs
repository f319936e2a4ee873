//! The times layer: a rule-based temporal tagger (HeidelTime/Duckling class) that finds dates,
//! durations, sets and times of day in news English and normalises them to TIMEX3 values.
//!
//! Design: every sentence is scanned by an ordered list of `Rule`s, each a regex over the
//! sentence plus a resolver that turns the match into a TIMEX3 type, value and mod. Matches from
//! all rules are pooled and resolved leftmost-longest, so "September 13, 2021" beats "2021",
//! "10 years ago" beats "10 years". Relative expressions are anchored on the publication date;
//! expressions that need a direction (bare weekdays, "Nov. 4" without a year, "in October") take
//! it from the tense of the nearest verb cue in the sentence: "said on Sunday" looks back,
//! "is scheduled … on Monday" looks forward (the publication day itself counts); a deadline
//! ("by June") always looks forward. The cue is searched in the expression's comma-delimited
//! segment first, then its clause, then the sentence. Without a publication date, relative values
//! stay unresolved (`null`) or keep `XXXX` placeholders.
//!
//! A few passes run after matching: a preposition in front ("on", "by", "in", "at") joins the
//! expression as the gold annotation writes it; "before"/"after" join calendar expressions as a
//! TIMEX mod; the closing day of a range ("Sept. 10-16") becomes its own date; and "the eve of
//! the exercise" takes the day before the date of the nearest earlier sentence that mentions the
//! same event noun (document-level, so it runs over the whole text).
//!
//! Words (months, weekdays, units, tense cues) live in `data/lexicon/times.tsv`. Case matters
//! where English uses it to tell names from words: "May"/"March" are months only when
//! capitalised and in a date-like context, so "may" the modal and "march" the verb are never
//! dates; bare four-digit numbers are years only after a time preposition or standing alone.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};
use sitrep_core::schema::TimeExpr;
use sitrep_core::text::Text;

use crate::numbers::{number_pattern, parse_number, tsv_rows};

const TIMES_TSV: &str = include_str!("../../../data/lexicon/times.tsv");

struct Lexicon {
    months: HashMap<String, u32>,
    weekdays: HashMap<String, u32>,
    weekday_abbrs: HashMap<String, u32>,
    ordinals: HashMap<String, u32>,
    units: HashMap<String, String>,
    relative: HashMap<String, i32>,
    parts: HashMap<String, String>,
    seasons: HashMap<String, String>,
    deictic: HashMap<String, i64>,
    future_cues: Vec<String>,
    past_verbs: Vec<String>,
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon {
        months: HashMap::new(),
        weekdays: HashMap::new(),
        weekday_abbrs: HashMap::new(),
        ordinals: HashMap::new(),
        units: HashMap::new(),
        relative: HashMap::new(),
        parts: HashMap::new(),
        seasons: HashMap::new(),
        deictic: HashMap::new(),
        future_cues: Vec::new(),
        past_verbs: Vec::new(),
    };
    for row in tsv_rows(TIMES_TSV) {
        let (Some(section), Some(word)) = (row.first(), row.get(1)) else {
            continue;
        };
        let word = word.to_string();
        let value = row.get(2).copied().unwrap_or("");
        match *section {
            "month" | "month_abbr" => {
                if let Ok(m) = value.parse() {
                    lex.months.insert(word.trim_end_matches('.').to_string(), m);
                }
            }
            "weekday" => {
                if let Ok(d) = value.parse() {
                    lex.weekdays.insert(word, d);
                }
            }
            "weekday_abbr" => {
                if let Ok(d) = value.parse() {
                    lex.weekday_abbrs.insert(word, d);
                }
            }
            "ordinal" => {
                if let Ok(d) = value.parse() {
                    lex.ordinals.insert(word, d);
                }
            }
            "unit" => {
                lex.units.insert(word, value.to_string());
            }
            "relative" => {
                if let Ok(v) = value.parse() {
                    lex.relative.insert(word, v);
                }
            }
            "part" => {
                lex.parts.insert(word, value.to_string());
            }
            "season" => {
                lex.seasons.insert(word, value.to_string());
            }
            "deictic" => {
                if let Ok(v) = value.parse() {
                    lex.deictic.insert(word, v);
                }
            }
            "future_cue" => lex.future_cues.push(word),
            "past_verb" => lex.past_verbs.push(word),
            _ => {}
        }
    }
    lex
});

/// The direction a sentence points in time, read from its verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// What a rule resolves from its match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleKind {
    Iso,
    Numeric,
    MonthDay,
    WeekdayDay,
    DayMonth,
    MonthYear,
    Month,
    RelativeMonth,
    Decade,
    Year,
    PartOfYear,
    PartOfRelative,
    EndOf,
    RelativeUnit,
    SurroundingUnit,
    Deictic,
    Ago,
    InFuture,
    Duration,
    VagueDuration,
    PastDuration,
    Set,
    Frequency,
    Reference,
    Season,
    Quarter,
    Half,
    Eve,
    ClockTime,
    Weekday,
    Weekend,
    Century,
    ZuluTime,
}

/// A pattern and the resolver it feeds.
struct Rule {
    kind: RuleKind,
    /// Trigger classes every match contains: each entry is a set of classes, one of which
    /// must be in the sentence (see [`Triggers`]); a sentence without them skips the regex.
    needs: &'static [u64],
    re: Regex,
}

/// Shared regex building blocks.
struct Blocks {
    month: String,
    month_full: String,
    day: &'static str,
    year: &'static str,
    weekday: String,
    /// Full weekday names or their abbreviations (only used in front of a date).
    weekday_any: String,
    /// Ordinal day words ("fourth", "twenty-first").
    day_words: String,
    /// A day written as an ordinal: "21st" or "twenty-first".
    day_ordinal: String,
    number: String,
    unit: &'static str,
}

fn blocks() -> Blocks {
    let lex = &*LEX;
    // Full month names, case-insensitive except "May"/"March" which must be capitalised.
    let mut full: Vec<&str> = lex
        .months
        .keys()
        .filter(|m| m.len() > 4 || *m == "june" || *m == "july")
        .filter(|m| *m != "march")
        .map(String::as_str)
        .collect();
    full.sort();
    let mut abbr: Vec<&str> = lex
        .months
        .keys()
        .filter(|m| m.len() <= 4 && *m != "may" && *m != "june" && *m != "july")
        .filter(|m| *m != "mar")
        .map(String::as_str)
        .collect();
    abbr.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let month_full = format!("(?:(?i:{})|May|March)", full.join("|"));
    let month = format!(r"(?:{month_full}|(?i:(?:{})\.?)|Mar\.?)", abbr.join("|"));
    let mut wd: Vec<&str> = lex.weekdays.keys().map(String::as_str).collect();
    wd.sort();
    let mut abbr_wd: Vec<&str> = lex.weekday_abbrs.keys().map(String::as_str).collect();
    abbr_wd.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let mut ords: Vec<String> = lex
        .ordinals
        .keys()
        .map(|o| o.replace('-', r"[-\s]"))
        .collect();
    ords.sort_by_key(|o| std::cmp::Reverse(o.len()));
    let day_words = format!("(?i:{})", ords.join("|"));
    Blocks {
        month,
        month_full,
        day: r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        year: r"(?:1\d\d\d|20\d\d|21\d\d)",
        weekday: format!("(?i:{})", wd.join("|")),
        weekday_any: format!("(?i:{}|(?:{})\\.?)", wd.join("|"), abbr_wd.join("|")),
        day_ordinal: format!(r"(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)|{day_words})"),
        day_words,
        number: format!("(?i:{})", number_pattern()),
        unit: r"(?i:second|minute|hour|day|week|fortnight|month|year|decade|century|centurie)",
    }
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let b = blocks();
    let (weekday_any, day_words, day_ordinal) = (&b.weekday_any, &b.day_words, &b.day_ordinal);
    let (month, month_full, day, year, weekday, num, unit) = (
        &b.month,
        &b.month_full,
        b.day,
        b.year,
        &b.weekday,
        &b.number,
        b.unit,
    );
    let quals = r"(?P<q>(?i:more\s+than|over|less\s+than|under|about|around|nearly|almost|some|roughly|approximately|at\s+least|up\s+to|at\s+most|no\s+more\s+than)\s+)?";
    let rel = r"(?i:last|past|previous|this|current|next|coming|following)";
    let part = r"(?i:early|late|mid)";
    let list: Vec<(RuleKind, &[u64], String)> = vec![
        (
            RuleKind::Iso, &[RUN4_SEP],
            r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<h>\d{2}):(?P<min>\d{2}))?\b".into(),
        ),
        (
            RuleKind::Numeric, &[DIGIT_SEP],
            r"\b(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P<sep2>[/.-])(?P<y>\d{4}|\d{2})\b".into(),
        ),
        (
            RuleKind::Iso, &[RUN4_SEP],
            r"\b(?P<y>\d{4})(?P<sep>[/.])(?P<m>\d{1,2})(?P<sep2>[/.])(?P<d>\d{1,2})\b".into(),
        ),
        (
            RuleKind::WeekdayDay, &[WEEKDAY, DIGIT | DAYWORD],
            format!(r"\b(?P<wd>{weekday})\s+(?i:the)\s+(?P<d>{day_ordinal})\b"),
        ),
        (
            RuleKind::MonthDay, &[MONTH, DIGIT | DAYWORD],
            format!(
                r"(?:(?P<wd>{weekday_any}),?\s+)?\b(?P<mon>{month})(?:\s*(?P<d>{day})|\s+(?:(?i:the)\s+)?(?P<dw>{day_words}))\b(?:(?:\s*,\s*|\s+(?i:of\s+)?)(?P<y>{year})\b)?"
            ),
        ),
        (
            RuleKind::DayMonth, &[MONTH, DIGIT | DAYWORD],
            format!(
                r"(?:(?P<wd>{weekday_any}),?\s+)?\b(?:(?i:the)\s+)?(?:(?P<d>{day})|(?P<dw>{day_words}))\s+(?:(?i:of)\s+)?(?P<mon>{month})(?:(?:\s*,\s*|\s+(?i:of\s+)?)(?P<y>{year})\b)?"
            ),
        ),
        (
            RuleKind::MonthYear, &[MONTH, RUN4],
            format!(
                r"(?:(?P<p>{part})[-\s]|(?i:the\s+(?P<pw>beginning|start|middle|end)\s+of\s+))?\b(?P<mon>{month})\s*,?\s+(?:(?i:of)\s+)?(?P<y>{year})\b"
            ),
        ),
        (
            RuleKind::RelativeMonth, &[MONTH_FULL, REL],
            format!(r"\b(?P<r>(?i:last|next|this|coming|past))\s+(?P<mon>{month_full})\b"),
        ),
        (
            RuleKind::Month, &[MONTH_FULL],
            format!(
                r"(?:(?P<p>{part})[-\s]|\b(?i:(?:the\s+)?(?P<pw>beginning|start|middle|end)\s+of\s+)|\b(?P<mo>(?i:(?:the\s+)?month\s+of\s+)))?\b(?P<mon>{month_full})\b"
            ),
        ),
        (
            RuleKind::Decade, &[DECADE_S],
            format!(
                r"\b(?:(?P<p>{part})[-\s])?(?:(?i:the)\s+)?(?:(?P<dec>(?:1[5-9]|20)\d)0'?s\b|'?(?P<dec2>[2-9])0'?s\b)"
            ),
        ),
        (
            RuleKind::PartOfYear, &[RUN4, PART | POSWORD],
            format!(
                r"(?:\b(?P<p>{part})[-\s]|\b(?i:the\s+(?P<pw>beginning|start|middle|end)\s+of\s+))(?P<y>{year})\b"
            ),
        ),
        (RuleKind::Year, &[RUN4], format!(r"\b(?P<y>{year})\b")),
        (
            RuleKind::PartOfRelative, &[PART, REL, PERIOD],
            format!(r"\b(?P<p>{part})[-\s](?P<r>{rel})\s+(?P<u>(?i:week|month|year|decade))\b"),
        ),
        (
            RuleKind::EndOf, &[PERIOD],
            format!(
                r"\b(?i:(?:the\s+)?(?P<pw>beginning|start|middle|end)\s+of\s+(?:the\s+|(?P<r>{rel})\s+)(?P<u>week|month|year|decade))\b|\b(?i:(?P<ye>year|month)-end)\b"
            ),
        ),
        (
            RuleKind::RelativeUnit, &[REL, PERIOD | CENTURY | QUARTER],
            format!(
                r"\b(?:(?P<el>(?i:earlier|later))\s+)?(?P<r>{rel})\s+(?P<u>(?i:week|weekend|month|year|decade|century|quarter))\b"
            ),
        ),
        (
            RuleKind::SurroundingUnit, &[EARLIER_LATER, PERIOD],
            r"\b(?i:(?P<el>earlier|later)\s+(?:in\s+)?the\s+(?P<u>week|month|year))\b".into(),
        ),
        (
            RuleKind::Deictic, &[DEICTIC],
            r"\b(?i:(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|(?:this|last)\s+(?:morning|afternoon|evening|night))\b".into(),
        ),
        (
            RuleKind::Ago, &[UNIT, DIR],
            format!(r"(?P<q>(?i:about|around|nearly|almost|some|more\s+than|over)\s+)?(?P<n>{num}|\b(?i:an?))\s+(?P<u>{unit})s?\s+(?P<dir>(?i:ago|earlier|before|later|after|from\s+now|hence))\b"),
        ),
        (
            RuleKind::InFuture, &[UNIT],
            format!(r"\b(?i:in|within)\s+(?P<n>{num}|(?i:an?))\s+(?P<u>{unit})s?(?:'|’)?(?:\s+(?i:time))?\b"),
        ),
        (
            RuleKind::PastDuration, &[REL, UNIT],
            format!(
                r"\b(?i:the\s+(?P<r>past|last|previous|next|coming|following))\s+(?:(?P<n>{num})\s+)?(?P<u>{unit})s?\b"
            ),
        ),
        (
            RuleKind::Duration, &[DIGIT | NUMWORD, UNIT | SHORTUNIT | H_UNIT],
            format!(
                r"{quals}\b(?P<n>{num})(?P<half>\s+(?i:and\s+a\s+half))?(?P<sep>\s*-\s*|\s+|)(?P<u>(?i:hrs|hr|mins|min|secs|sec|yrs|yr|h)|{unit})(?P<pl>s)?\b"
            ),
        ),
        (
            RuleKind::Duration, &[UNIT],
            format!(
                r"(?:{quals}|\b(?P<cue>(?i:for|within|during|lasting|than|spend|spent|took|takes|last|lasted))\s+)(?P<n>(?i:an?|another|half\s+an?|(?:a\s+)?couple\s+of))\s+(?P<u>{unit})(?P<pl>s)?(?P<half2>\s+(?i:and\s+a\s+half))?\b"
            ),
        ),
        (
            RuleKind::Duration, &[UNIT],
            r"\b(?P<n>(?i:half(?:\s+an?)?|another|(?:all|full|whole|entire)))(?:\s+|-)(?P<u>(?i:hour|day|week|month|year))\b".into(),
        ),
        (
            RuleKind::VagueDuration, &[UNIT],
            r"\b(?i:for|over)\s+(?P<u>(?i:days|weeks|months|years|decades|hours|centuries))\b".into(),
        ),
        (
            RuleKind::Set, &[EVERY],
            format!(
                r"\b(?i:every|each)\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<n>{num})\s+)?(?P<u>(?i:day|week|month|year|hour|minute|decade|morning|evening|night|weekend)s?|{weekday})\b"
            ),
        ),
        (
            RuleKind::Set, &[ADVERB],
            r"\b(?P<adv>(?i:daily|weekly|biweekly|monthly|yearly|annually|hourly|nightly|quarterly|fortnightly|everyday))\b".into(),
        ),
        (
            RuleKind::Set, &[WEEKDAY],
            format!(r"\b(?P<wds>{weekday})s\b"),
        ),
        (
            RuleKind::Frequency, &[UNIT, FREQ],
            format!(
                r"\b(?P<f>(?i:once|twice|thrice)|(?P<n>{num})\s+(?i:times))\s+(?i:a|per|every)\s+(?P<u>(?i:day|week|month|year))\b|\b(?i:per)\s+(?P<u2>(?i:day|week|month|year|hour))\b"
            ),
        ),
        (
            RuleKind::Reference, &[REFERENCE],
            r"\b(?i:in\s+recent\s+(?:years|months|weeks|days|times|decades)|recently|in\s+the\s+past(?:\s+few\s+(?:years|months|weeks|days|decades))?|in\s+the\s+coming\s+(?:days|weeks|months|years|decades)|in\s+the\s+(?:near\s+)?future|currently|at\s+present|nowadays)\b".into(),
        ),
        (
            RuleKind::Season, &[SEASON],
            format!(
                r"\b(?:(?P<p>{part})[-\s])?(?:(?P<r>(?i:last|this|next|past|coming))\s+|(?i:the\s+))?(?P<s>(?i:spring|summer|autumn|fall|winter))(?:\s+(?:(?i:of)\s+)?(?P<y>{year}))?\b"
            ),
        ),
        (
            RuleKind::Quarter, &[QUARTER | QN],
            format!(
                r"\b(?i:the\s+)?(?P<o>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))\s+(?i:quarter)(?:\s+(?i:of)\s+(?:(?P<y>{year})|(?i:the\s+year|this\s+year)))?\b|\b(?P<qn>Q[1-4])\s+(?P<y2>{year})\b"
            ),
        ),
        (
            RuleKind::Half, &[HALF],
            format!(
                r"\b(?i:the\s+)?(?P<o>(?i:first|second))\s+(?i:half)\s+(?i:of)\s+(?:(?P<y>{year})|(?i:the\s+year|this\s+year|(?P<r>next|last)\s+year))\b"
            ),
        ),
        (
            RuleKind::Eve, &[EVE],
            r"\b(?i:the)\s+(?i:eve)\s+(?i:of)\s+(?P<what>(?:(?i:the)\s+)?[\p{L}\d.-]+(?:\s+\d{1,2})?)".into(),
        ),
        (
            RuleKind::ClockTime, &[DIGIT | CLOCKWORD, AMPM | CLOCK | COLON | DEICTIC | CLOCKWORD],
            r"\b(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?(?::(?P<sec>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|am|pm)(?:\b|$|\s)|(?i:o'clock|o’clock)|(?i:in\s+the\s+(?:morning|afternoon|evening|night)))|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?::(?P<s24>[0-5]\d))?\b|(?P<word>(?i:noon|midnight)))".into(),
        ),
        (
            RuleKind::Weekday, &[WEEKDAY],
            format!(
                r"\b(?:(?P<r>(?i:last|next|this|coming|past))\s+)?(?P<wd>{weekday})\b(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?"
            ),
        ),
        (
            RuleKind::Weekend, &[WEEKEND],
            r"\b(?i:over|during|at|on)\s+(?P<w>(?i:the\s+weekend))\b".into(),
        ),
        (
            RuleKind::Century, &[DIGIT, CENTURY],
            r"\b(?i:the\s+)?(?P<c>[12]?\d)(?i:st|nd|rd|th)\s+(?i:century)\b".into(),
        ),
        (
            RuleKind::ZuluTime, &[DIGIT, ZONE],
            r"\b(?P<h>[01]\d|2[0-3]):?(?P<m>[0-5]\d)\s+(?P<z>GMT|UTC)\b".into(),
        ),
    ];
    list.into_iter()
        .map(|(kind, needs, p)| Rule {
            kind,
            needs,
            re: Regex::new(&p).unwrap_or_else(|e| panic!("time rule {kind:?}: {e}")),
        })
        .collect()
});

// Trigger classes: words (or digits) that every match of a rule contains. A sentence's classes
// are found in one pass; a rule whose classes are absent cannot match and its regex is skipped.
const DIGIT: u64 = 1;
const MONTH: u64 = 1 << 1;
const WEEKDAY: u64 = 1 << 2;
const DAYWORD: u64 = 1 << 3;
const NUMWORD: u64 = 1 << 4;
const UNIT: u64 = 1 << 5;
const PERIOD: u64 = 1 << 6;
const PART: u64 = 1 << 7;
const REL: u64 = 1 << 8;
const EARLIER_LATER: u64 = 1 << 9;
const DEICTIC: u64 = 1 << 10;
const DIR: u64 = 1 << 11;
const EVERY: u64 = 1 << 12;
const ADVERB: u64 = 1 << 13;
const REFERENCE: u64 = 1 << 14;
const SEASON: u64 = 1 << 15;
const QUARTER: u64 = 1 << 16;
const HALF: u64 = 1 << 17;
const EVE: u64 = 1 << 18;
const CLOCKWORD: u64 = 1 << 19;
const WEEKEND: u64 = 1 << 20;
const CENTURY: u64 = 1 << 21;
const ZONE: u64 = 1 << 22;
/// A run of four or more digits.
const RUN4: u64 = 1 << 23;
/// A run of four or more digits followed by "-", "/" or ".".
const RUN4_SEP: u64 = 1 << 24;
/// A digit, then "-", "/" or ".", then a digit.
const DIGIT_SEP: u64 = 1 << 25;
const DECADE_S: u64 = 1 << 26;
const POSWORD: u64 = 1 << 27;
/// Full month names: "May" and "March" only capitalised.
const MONTH_FULL: u64 = 1 << 28;
const SHORTUNIT: u64 = 1 << 29;
/// A word "h", "hr", "hrs", "hour(s)" after a digit, a space or a hyphen.
const H_UNIT: u64 = 1 << 30;
const FREQ: u64 = 1 << 31;
/// "Q1" … "Q4".
const QN: u64 = 1 << 32;
/// "am", "pm", "a.m." not inside a word.
const AMPM: u64 = 1 << 33;
const CLOCK: u64 = 1 << 34;
const COLON: u64 = 1 << 35;

/// The trigger words of the rules, found as substrings (ASCII case-insensitive), which is
/// looser than any rule: every literal word of a rule's regex appears in the text it matches.
struct Triggers {
    words: aho_corasick::AhoCorasick,
    /// Classes of each word.
    classes: Vec<u64>,
}

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    let lex = &*LEX;
    let mut words: HashMap<String, u64> = HashMap::new();
    let mut add = |class: u64, list: &mut dyn Iterator<Item = &str>| {
        for w in list {
            *words.entry(w.to_ascii_lowercase()).or_default() |= class;
        }
    };
    // "May", "March" and "Mar" are months only capitalised (checked apart, case-sensitively).
    let case_sensitive_months = ["may", "march", "mar"];
    add(
        MONTH,
        &mut lex
            .months
            .keys()
            .map(String::as_str)
            .filter(|m| !case_sensitive_months.contains(m)),
    );
    add(
        MONTH_FULL,
        &mut lex
            .months
            .keys()
            .filter(|m| (m.len() > 4 || *m == "june" || *m == "july") && *m != "march")
            .map(String::as_str),
    );
    add(WEEKDAY, &mut lex.weekdays.keys().map(String::as_str));
    // "twenty-first" is written "twenty[-\s]first" in the rules: its last part is literal.
    add(
        DAYWORD,
        &mut lex
            .ordinals
            .keys()
            .map(|o| o.rsplit('-').next().unwrap_or(o)),
    );
    add(
        NUMWORD,
        &mut crate::numbers::word_number_pattern().split('|').chain([
            "hundred", "thousand", "million", "billion", "trillion", "dozen",
        ]),
    );
    add(
        UNIT,
        &mut [
            "second",
            "minute",
            "hour",
            "day",
            "week",
            "fortnight",
            "month",
            "year",
            "decade",
            "centur",
        ]
        .into_iter(),
    );
    add(PERIOD, &mut ["week", "month", "year", "decade"].into_iter());
    add(PART, &mut ["early", "late", "mid"].into_iter());
    add(
        REL,
        &mut [
            "last",
            "past",
            "previous",
            "this",
            "current",
            "next",
            "coming",
            "following",
        ]
        .into_iter(),
    );
    add(EARLIER_LATER, &mut ["earlier", "later"].into_iter());
    add(
        DEICTIC,
        &mut [
            "yesterday",
            "today",
            "tomorrow",
            "tonight",
            "morning",
            "afternoon",
            "evening",
            "night",
        ]
        .into_iter(),
    );
    add(
        DIR,
        &mut [
            "ago", "earlier", "before", "later", "after", "from", "hence",
        ]
        .into_iter(),
    );
    add(EVERY, &mut ["every", "each"].into_iter());
    add(
        ADVERB,
        &mut [
            "daily",
            "weekly",
            "monthly",
            "yearly",
            "annually",
            "hourly",
            "nightly",
            "quarterly",
            "everyday",
        ]
        .into_iter(),
    );
    add(
        REFERENCE,
        &mut [
            "recent", "past", "coming", "future", "current", "present", "nowadays",
        ]
        .into_iter(),
    );
    add(
        SEASON,
        &mut ["spring", "summer", "autumn", "fall", "winter"].into_iter(),
    );
    add(QUARTER, &mut ["quarter"].into_iter());
    add(HALF, &mut ["half"].into_iter());
    add(EVE, &mut ["eve"].into_iter());
    add(CLOCKWORD, &mut ["noon", "midnight"].into_iter());
    add(WEEKEND, &mut ["weekend"].into_iter());
    add(CENTURY, &mut ["century"].into_iter());
    add(ZONE, &mut ["gmt", "utc"].into_iter());
    add(DECADE_S, &mut ["0s", "0's"].into_iter());
    add(
        POSWORD,
        &mut ["beginning", "start", "middle", "end"].into_iter(),
    );
    add(SHORTUNIT, &mut ["min", "sec", "yr"].into_iter());
    add(
        FREQ,
        &mut ["once", "twice", "thrice", "times", "per"].into_iter(),
    );
    add(AMPM, &mut ["am", "pm", "a.m", "p.m"].into_iter());
    add(CLOCK, &mut ["clock"].into_iter());
    let (patterns, classes): (Vec<String>, Vec<u64>) =
        words.into_iter().filter(|(w, _)| !w.is_empty()).unzip();
    let words = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&patterns)
        .expect("time trigger words");
    Triggers { words, classes }
});

/// The trigger classes present in a sentence.
fn trigger_classes(s: &str) -> u64 {
    // Under Unicode case folding the Kelvin sign matches "k" and the long s matches "s": a
    // sentence with either may match a rule without its ASCII words, so every rule runs.
    if !s.is_ascii() && s.contains(['\u{212A}', '\u{017F}']) {
        return u64::MAX;
    }
    let t = &*TRIGGERS;
    let b = s.as_bytes();
    let mut have = byte_classes(b);
    // `\d` is any decimal digit, not only ASCII: a sentence with another one has them all.
    if !s.is_ascii() && s.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        have |= DIGIT | RUN4 | RUN4_SEP | DIGIT_SEP;
    }
    if s.contains("May") || s.contains("Mar") {
        have |= MONTH | MONTH_FULL;
    }
    // Is the byte before `i` a word character (ASCII only: a non-ASCII one may or may not be)?
    let ascii_before = |i: usize, word: fn(u8) -> bool| i > 0 && word(b[i - 1]);
    for m in t.words.find_overlapping_iter(s) {
        let mut c = t.classes[m.pattern().as_usize()];
        // A number word starts a word ("\b(?:one|…)"); "am"/"pm" follow a digit or a space.
        if c & NUMWORD != 0 && ascii_before(m.start(), |x| x.is_ascii_alphanumeric() || x == b'_') {
            c &= !NUMWORD;
        }
        if c & AMPM != 0 && ascii_before(m.start(), |x| x.is_ascii_alphabetic() || x == b'_') {
            c &= !AMPM;
        }
        have |= c;
    }
    have
}

/// Classes read from bytes: digits and digit runs, "Q1"–"Q4", colons, the unit "h".
fn byte_classes(b: &[u8]) -> u64 {
    let mut have = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            have |= DIGIT;
            let sep = b.get(i).is_some_and(|&x| matches!(x, b'-' | b'/' | b'.'));
            if i - start >= 4 {
                have |= RUN4;
                if sep {
                    have |= RUN4_SEP;
                }
            }
            if sep && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                have |= DIGIT_SEP;
            }
            continue;
        }
        match c {
            b':' => have |= COLON,
            b'Q' if b.get(i + 1).is_some_and(|x| (b'1'..=b'4').contains(x)) => have |= QN,
            b'h' | b'H' if i == 0 || !b[i - 1].is_ascii_alphabetic() => {
                // The word from here: "h", "hs", "hr", "hrs", "hrss", "hour", "hours"; a word
                // running into a non-ASCII character may be anything.
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let word = &b[i..j];
                if (j < b.len() && !b[j].is_ascii())
                    || ["h", "hs", "hr", "hrs", "hrss", "hour", "hours"]
                        .iter()
                        .any(|u| u.as_bytes().eq_ignore_ascii_case(word))
                {
                    have |= H_UNIT;
                }
            }
            _ => {}
        }
        i += 1;
    }
    have
}

static PREP_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?i:on|by|in|at)\s+$").expect("preposition pattern"));
static BEFORE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?P<w>(?i:before|after))\s+$").expect("before/after pattern"));
static MONTH_PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:in|by|since|until|till|from|through|throughout|during|before|after|of|to|early|late|on|last|next|this)\s+$",
    )
    .expect("month preposition pattern")
});
static YEAR_TRIGGER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b(?:in|of|since|by|until|till|before|after|from|to|through|throughout|during|between|and|or|year|early|late|mid|circa|around|spring|summer|autumn|fall|winter|end|beginning|start|back|as\s+of|the\s+year)|[a-z]\.|-)\s*$",
    )
    .expect("year trigger pattern")
});
static PUNCT_OR_END_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:\s*$|\s*[,.;:!?)"'”’\]—–]|'s\b|’s\b|\s+(?:and|or|to|when|after|before)\b)"#)
        .expect("year follow pattern")
});

/// A time expression found in a sentence, before ids and code-point offsets.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    kind: &'static str,
    value: Option<String>,
    modifier: Option<String>,
    /// Whether a preceding "on/by/in/at" belongs to the expression.
    takes_prep: bool,
    /// For "the eve of the exercise": the event noun, to find its date elsewhere in the text.
    eve_of: Option<String>,
}

/// The context a resolver needs: the publication date and the sentence's tense at the match.
struct Anchor {
    published: Option<NaiveDate>,
    tense: Tense,
}

/// Find and normalise the time expressions of a text, in text order, with ids `t1`, `t2`, …
pub fn extract_times(text: &Text, published: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut found = Vec::new();
    for (i, sentence) in text.sentences.iter().enumerate() {
        let s = &text.text[sentence.start..sentence.end];
        for mut f in times_in(s, published) {
            f.start += sentence.start;
            f.end += sentence.start;
            found.push((i, f));
        }
    }
    resolve_eves(text, &mut found);
    found
        .into_iter()
        .map(|(_, f)| f)
        .enumerate()
        .map(|(i, f)| {
            let span = text.span(f.start, f.end);
            TimeExpr {
                id: format!("t{}", i + 1),
                text: text.text[f.start..f.end].to_string(),
                kind: f.kind.to_string(),
                value: f.value,
                modifier: f.modifier,
                start: span.start,
                end: span.end,
            }
        })
        .collect()
}

/// "On the eve of the exercise": when an earlier sentence mentions the same event noun together
/// with a calendar day ("On Friday … launched … exercises"), the eve is the day before it. The
/// nearest such sentence wins; without one the value stays unresolved.
fn resolve_eves(text: &Text, found: &mut [(usize, Found)]) {
    for k in 0..found.len() {
        let (sent, f) = &found[k];
        let Some(noun) = f.eve_of.as_deref() else {
            continue;
        };
        if f.value.is_some() {
            continue;
        }
        // A crude stem: "exercise" also finds "exercises", "elections" finds "election".
        let stem: String = noun
            .chars()
            .take(noun.chars().count().clamp(4, 7) - 1)
            .collect();
        let sent = *sent;
        let day = (0..sent).rev().find_map(|j| {
            let sj = &text.sentences[j];
            if !text.text[sj.start..sj.end].to_lowercase().contains(&stem) {
                return None;
            }
            found.iter().find_map(|(fj, g)| {
                (*fj == j && g.kind == "DATE")
                    .then_some(g.value.as_deref())
                    .flatten()
                    .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
            })
        });
        if let Some(d) = day {
            found[k].1.value = Some((d - Duration::days(1)).format("%Y-%m-%d").to_string());
        }
    }
}

/// Time expressions of one sentence (byte offsets within `s`), non-overlapping, in order.
fn times_in(s: &str, published: Option<NaiveDate>) -> Vec<Found> {
    let found = times_in_with(s, published, trigger_classes(s));
    // Every test sentence also checks that the triggers never skip a rule that matches.
    #[cfg(test)]
    {
        let all = times_in_with(s, published, u64::MAX);
        assert_eq!(
            format!("{found:?}"),
            format!("{all:?}"),
            "a rule skipped by its trigger words matches in {s:?}"
        );
    }
    found
}

/// [`times_in`] running the rules whose trigger classes are all in `have`.
fn times_in_with(s: &str, published: Option<NaiveDate>, have: u64) -> Vec<Found> {
    // Tense cues are read only when some rule matches.
    let mut cues = None;
    let mut all = Vec::new();
    for rule in RULES.iter() {
        if !rule.needs.iter().all(|&n| have & n != 0) {
            continue;
        }
        for c in rule.re.captures_iter(s) {
            let Some(m) = c.get(0) else { continue };
            let (start, end) = trim_span(s, m.start(), m.end());
            if start >= end {
                continue;
            }
            let anchor = Anchor {
                published,
                tense: tense_at(s, cues.get_or_insert_with(|| tense_cues(s)), start, end),
            };
            if let Some(mut f) = resolve(rule.kind, &c, s, start, end, &anchor) {
                if f.end == 0 {
                    f.start = start;
                    f.end = end;
                }
                all.push(f);
            }
        }
    }
    all.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Found> = Vec::new();
    for f in all {
        if kept.last().is_some_and(|k| f.start < k.end) {
            continue;
        }
        kept.push(f);
    }
    kept = with_range_ends(s, kept);
    kept = with_clock_on_day(s, kept);
    // "on Sunday", "by 2025", "in 1941": the preposition is part of the expression.
    for f in &mut kept {
        if f.takes_prep {
            if let Some(m) = PREP_BEFORE.find(&s[..f.start]) {
                f.start = m.start();
            }
        }
    }
    // "before 2018", "after Feb 2018": the expression with a TIMEX mod.
    for f in &mut kept {
        let calendar = f.kind == "DATE"
            && f.takes_prep
            && f.modifier.is_none()
            && f.value
                .as_deref()
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
        if calendar {
            if let Some(c) = BEFORE_AFTER.captures(&s[..f.start]) {
                if let (Some(all), Some(w)) = (c.get(0), c.name("w")) {
                    f.start = all.start() + (all.len() - all.as_str().trim_start().len());
                    f.modifier = Some(
                        if w.as_str().eq_ignore_ascii_case("before") {
                            "BEFORE"
                        } else {
                            "AFTER"
                        }
                        .to_string(),
                    );
                }
            }
        }
    }
    // "the eve of X": the day before X when X is a resolved calendar day.
    for i in 0..kept.len() {
        if kept[i].value.as_deref() == Some("EVE") {
            kept[i].value = kept
                .get(i + 1)
                .filter(|n| n.start <= kept[i].end + 1)
                .and_then(|n| n.value.as_deref())
                .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
                .map(|d| (d - Duration::days(1)).format("%Y-%m-%d").to_string());
        }
    }
    kept
}

/// "Sept. 10-16", "March 3 to 5": the bare day that closes a range is a date of the same month.
fn with_range_ends(s: &str, kept: Vec<Found>) -> Vec<Found> {
    static RANGE_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s*[-–]\s*|\s+(?i:to|through|until|and)\s+)(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b")
            .expect("range end pattern")
    });
    let mut out: Vec<Found> = Vec::with_capacity(kept.len());
    for (i, f) in kept.iter().enumerate() {
        out.push(f.clone());
        let Some(v) = f
            .value
            .as_deref()
            .filter(|v| v.len() == 10 && f.kind == "DATE")
        else {
            continue;
        };
        let Some(c) = RANGE_END.captures(&s[f.end..]) else {
            continue;
        };
        let (Some(all), Some(d)) = (c.get(0), c.name("d")) else {
            continue;
        };
        let end = f.end + all.end();
        // Not when something else starts there, or a noun follows ("5 to 10 soldiers").
        const LINKS: &[&str] = &[
            "in", "at", "on", "and", "or", "to", "of", "the", "with", "for", "when", "as", "after",
            "before", "near", "across", "along", "inside", "outside", "while", "but", "under",
        ];
        let next_word = s[end..]
            .split(|ch: char| !ch.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let gap = &s[end..];
        let word_follows = gap.starts_with(' ')
            && gap
                .trim_start()
                .starts_with(|ch: char| ch.is_lowercase() || ch.is_ascii_digit());
        if kept.get(i + 1).is_some_and(|n| n.start < end)
            || (word_follows && !LINKS.contains(&next_word))
        {
            continue;
        }
        let Ok(day) = d.as_str().parse::<u32>() else {
            continue;
        };
        let first_day: u32 = v[8..].parse().unwrap_or(0);
        if day <= first_day {
            continue;
        }
        let value = match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(date) => date.with_day(day).map(|x| x.format("%Y-%m-%d").to_string()),
            Err(_) => Some(format!("{}{day:02}", &v[..8])),
        };
        if let Some(value) = value {
            let mut g = found("DATE", Some(value), None, false);
            g.start = f.end + d.start();
            g.end = end;
            out.push(g);
        }
    }
    out
}

/// "on Monday at 3 p.m.", "at 3 p.m. on Monday", "04/21/2016, 8:00pm": a calendar day and a
/// clock time next to each other are one point in time.
fn with_clock_on_day(s: &str, kept: Vec<Found>) -> Vec<Found> {
    static JOIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s*,?\s*(?i:at|on|around|about)?\s*)$").expect("join pattern")
    });
    let is_day = |f: &Found| {
        f.kind == "DATE"
            && f.value
                .as_deref()
                .is_some_and(|v| v.len() == 10 && !v.contains('X'))
    };
    let is_clock =
        |f: &Found| f.kind == "TIME" && f.value.as_deref().is_some_and(|v| v.starts_with('T'));
    let mut out: Vec<Found> = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        if let Some(next) = kept.get(i + 1) {
            let f = &kept[i];
            let (day, clock) = if is_day(f) && is_clock(next) {
                (f, next)
            } else if is_clock(f) && is_day(next) {
                (next, f)
            } else {
                out.push(kept[i].clone());
                i += 1;
                continue;
            };
            if JOIN.is_match(&s[f.end..next.start]) {
                let mut g = f.clone();
                g.kind = "TIME";
                g.end = next.end;
                g.value = Some(format!(
                    "{}{}",
                    day.value.as_deref().unwrap_or_default(),
                    clock.value.as_deref().unwrap_or_default()
                ));
                g.takes_prep = true;
                out.push(g);
                i += 2;
                continue;
            }
        }
        out.push(kept[i].clone());
        i += 1;
    }
    out
}

/// Drop surrounding whitespace from a match.
fn trim_span(s: &str, start: usize, end: usize) -> (usize, usize) {
    let t = &s[start..end];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    (start + lead, end - trail)
}

/// The tense-cue lists of the lexicon, indexed.
struct CueSets {
    /// One-word future cues ("will", "'ll").
    future_words: HashSet<&'static str>,
    /// Clitic cues that end a word ("'ll" in "we'll").
    future_endings: Vec<&'static str>,
    /// Two-word future cues: first word → second words ("going to").
    future_pairs: HashMap<&'static str, Vec<&'static str>>,
    past_verbs: HashSet<&'static str>,
}

static CUE_SETS: LazyLock<CueSets> = LazyLock::new(|| {
    let lex = &*LEX;
    let mut sets = CueSets {
        future_words: HashSet::new(),
        future_endings: Vec::new(),
        future_pairs: HashMap::new(),
        past_verbs: lex.past_verbs.iter().map(String::as_str).collect(),
    };
    for c in &lex.future_cues {
        match c.split_once(' ') {
            Some((c1, c2)) => sets.future_pairs.entry(c1).or_default().push(c2),
            None => {
                sets.future_words.insert(c);
                if c.starts_with('\'') {
                    sets.future_endings.push(c);
                }
            }
        }
    }
    sets
});

/// Tense cues in a sentence: (byte start, byte end, tense).
fn tense_cues(s: &str) -> Vec<(usize, usize, Tense)> {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[\p{L}']+").expect("word pattern"));
    const NOT_PAST: &[&str] = &[
        "armed",
        "based",
        "united",
        "limited",
        "advanced",
        "red",
        "need",
        "speed",
        "seed",
        "bed",
        "feed",
        "hundred",
        "indeed",
        "proceed",
        "exceed",
        "succeed",
        "breed",
        "greed",
        "shed",
        "led",
        "fled",
        "bred",
        "wed",
        "sled",
        "embed",
        "embedded",
        "alleged",
        "so-called",
        "detailed",
        "experienced",
        "skilled",
        "interested",
        "concerned",
        "disputed",
        "backed",
        "led",
        "related",
        "reported",
        "armoured",
        "armored",
        "sophisticated",
        "unprecedented",
        "combined",
        "integrated",
        "guided",
        "manned",
        "unmanned",
        "estimated",
    ];
    let sets = &*CUE_SETS;
    let mut cues = Vec::new();
    let words: Vec<(usize, usize, String)> = if s.is_ascii() {
        // `[\p{L}']+` on ASCII text: runs of ASCII letters and apostrophes.
        let b = s.as_bytes();
        let word = |c: u8| c.is_ascii_alphabetic() || c == b'\'';
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if word(b[i]) {
                let start = i;
                while i < b.len() && word(b[i]) {
                    i += 1;
                }
                out.push((start, i, s[start..i].to_ascii_lowercase()));
            } else {
                i += 1;
            }
        }
        out
    } else {
        WORD.find_iter(s)
            .map(|m| (m.start(), m.end(), m.as_str().to_lowercase()))
            .collect()
    };
    for (i, (a, b, w)) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|x| x.2.as_str()).unwrap_or("");
        let prev = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .map(|x| x.2.as_str())
            .unwrap_or("");
        let future = sets.future_words.contains(w.as_str())
            || sets.future_endings.iter().any(|c| w.ends_with(c))
            || sets
                .future_pairs
                .get(w.as_str())
                .is_some_and(|second| second.contains(&next));
        let tense = if future {
            Tense::Future
        } else if sets.past_verbs.contains(w.as_str())
            || (w.len() > 4
                && w.ends_with("ed")
                && !NOT_PAST.contains(&w.as_str())
                && !matches!(
                    prev,
                    "the" | "a" | "an" | "is" | "are" | "be" | "being" | "been" | "will"
                ))
        {
            Tense::Past
        } else {
            continue;
        };
        cues.push((*a, *b, tense));
    }
    cues
}

/// The tense of the cue nearest to an expression, looking first inside its comma-delimited
/// segment, then inside its clause, then anywhere in the sentence; past wins ties.
fn tense_at(s: &str, cues: &[(usize, usize, Tense)], start: usize, end: usize) -> Tense {
    let bounds = |stops: &[char]| {
        let lo = s[..start].rfind(stops).map_or(0, |i| i + 1);
        let hi = s[end..].find(stops).map_or(s.len(), |i| end + i);
        (lo, hi)
    };
    let segment = bounds(&[
        ',', ';', ':', '\u{2014}', '\u{2013}', '(', ')', '"', '\u{201c}', '\u{201d}',
    ]);
    let clause = bounds(&[';', ':', '\u{2014}', '\u{2013}']);
    for (lo, hi) in [segment, clause, (0, s.len())] {
        let mut best: Option<(usize, Tense)> = None;
        for &(a, b, t) in cues {
            if a < lo || b > hi {
                continue;
            }
            let d = if b <= start {
                start - b
            } else if a >= end {
                a - end
            } else {
                continue;
            };
            if best
                .is_none_or(|(bd, bt)| d < bd || (d == bd && t == Tense::Past && bt != Tense::Past))
            {
                best = Some((d, t));
            }
        }
        if let Some((_, t)) = best {
            return t;
        }
    }
    Tense::Unknown
}

fn found(kind: &'static str, value: Option<String>, modifier: Option<&str>, prep: bool) -> Found {
    Found {
        start: 0,
        end: 0,
        kind,
        value,
        modifier: modifier.map(str::to_string),
        takes_prep: prep,
        eve_of: None,
    }
}

fn get<'a>(c: &'a Captures, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

fn month_number(word: &str) -> Option<u32> {
    LEX.months
        .get(&word.trim_end_matches('.').to_lowercase())
        .copied()
}

fn ordinal_day(word: &str) -> Option<u32> {
    let w = word
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    LEX.ordinals.get(&w).copied()
}

fn day_number(word: &str) -> Option<u32> {
    if let Some(n) = ordinal_day(word) {
        return Some(n);
    }
    word.trim_end_matches(|c: char| c.is_alphabetic())
        .parse()
        .ok()
}

fn part_mod(p: Option<&str>, pw: Option<&str>) -> Option<&'static str> {
    let key = p.or(pw)?.to_lowercase();
    match LEX
        .parts
        .get(&key)
        .or_else(|| LEX.parts.get(&format!("{key} of")))?
        .as_str()
    {
        "START" => Some("START"),
        "MID" => Some("MID"),
        "END" => Some("END"),
        _ => None,
    }
}

/// Year for a month (and day) written without one: the publication year, moved back when the
/// sentence looks back at a later date, forward when it looks ahead at an earlier one.
/// "by June", "until March 3": a deadline looks forward whatever the verb's tense.
fn deadline(a: &Anchor, s: &str, start: usize) -> Anchor {
    static DEADLINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?i:by|until|till)\s+$").expect("deadline pattern"));
    Anchor {
        published: a.published,
        tense: if DEADLINE.is_match(&s[..start]) {
            Tense::Future
        } else {
            a.tense
        },
    }
}

fn infer_year(a: &Anchor, month: u32, day: Option<u32>) -> Option<i32> {
    let p = a.published?;
    let y = p.year();
    let here = (
        month,
        day.unwrap_or(if a.tense == Tense::Past { 1 } else { 31 }),
    );
    let now = (p.month(), p.day());
    Some(match a.tense {
        Tense::Past if here > now && month != p.month() => y - 1,
        Tense::Future if here < now && month != p.month() => y + 1,
        _ => y,
    })
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

fn month_value(y: Option<i32>, m: u32) -> String {
    match y {
        Some(y) => format!("{y:04}-{m:02}"),
        None => format!("XXXX-{m:02}"),
    }
}

fn week_value(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn shift_months(d: NaiveDate, n: i32) -> NaiveDate {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32)).unwrap_or(d)
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
            .unwrap_or(d)
    }
}

/// The calendar value of `n` units away from `p` (0 = the unit containing `p`).
fn unit_value(p: NaiveDate, unit: &str, n: i32) -> Option<String> {
    // Calendar arithmetic far outside history is a misreading, and would overflow.
    if n.unsigned_abs() > 100_000 {
        return None;
    }
    Some(match unit {
        "day" => (p + Duration::days(n as i64))
            .format("%Y-%m-%d")
            .to_string(),
        "week" => week_value(p + Duration::weeks(n as i64)),
        "weekend" => format!("{}-WE", week_value(p + Duration::weeks(n as i64))),
        "month" => shift_months(p, n).format("%Y-%m").to_string(),
        "quarter" => {
            let d = shift_months(p, 3 * n);
            format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
        }
        "year" => format!("{:04}", p.year() + n),
        "decade" => format!("{:03}", (p.year() / 10) + n),
        "century" => format!("{:02}", (p.year() / 100) + n),
        _ => return None,
    })
}

/// TIMEX3 duration value for `n` units ("PT8H", "P3D", "P1.5Y").
fn duration_value(n: Option<f64>, unit: &str) -> Option<String> {
    let u = LEX.units.get(unit.trim_end_matches('s'))?.as_str();
    let amount = match n {
        Some(v) if v.fract() == 0.0 => format!("{}", v as i64),
        Some(v) => format!("{v}"),
        None => "X".into(),
    };
    Some(match u {
        "H" | "S" => format!("PT{amount}{u}"),
        "MIN" => format!("PT{amount}M"),
        "WE" => return None,
        _ => format!("P{amount}{u}"),
    })
}

fn unit_key(u: &str) -> String {
    let u = u.to_lowercase();
    match u.trim_end_matches('s') {
        "centurie" => "century".into(),
        "h" | "hr" => "hour".into(),
        "min" => "minute".into(),
        "sec" => "second".into(),
        "yr" => "year".into(),
        other => other.to_string(),
    }
}

fn number_or_one(n: &str) -> Option<f64> {
    match n.to_lowercase().as_str() {
        "a" | "an" => Some(1.0),
        "half" | "half a" | "half an" => Some(0.5),
        "another" | "all" | "full" | "whole" | "entire" => Some(1.0),
        "couple of" | "a couple of" => Some(2.0),
        other => parse_number(other),
    }
}

fn weekday_from(n: u32) -> Option<Weekday> {
    Weekday::try_from((n.checked_sub(1)?) as u8).ok()
}

fn qualifier_mod(q: Option<&str>) -> Option<&'static str> {
    let q = q?.to_lowercase();
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match q.as_str() {
        "more than" | "over" => "MORE_THAN",
        "less than" | "under" => "LESS_THAN",
        "at least" => "EQUAL_OR_MORE",
        "up to" | "at most" | "no more than" => "EQUAL_OR_LESS",
        _ => "APPROX",
    })
}

/// Turn one rule match into a time expression, or reject it.
fn resolve(
    kind: RuleKind,
    c: &Captures,
    s: &str,
    start: usize,
    end: usize,
    a: &Anchor,
) -> Option<Found> {
    let p = a.published;
    let lower = s[start..end].to_lowercase();
    match kind {
        RuleKind::Iso => {
            if get(c, "sep") != get(c, "sep2") {
                return None;
            }
            let y: i32 = get(c, "y")?.parse().ok()?;
            let m: u32 = get(c, "m")?.parse().ok()?;
            let d: u32 = get(c, "d")?.parse().ok()?;
            let date = ymd(y, m, d)?;
            let value = match (get(c, "h"), get(c, "min")) {
                (Some(h), Some(mi)) => format!("{date}T{h}:{mi}"),
                _ => date,
            };
            let k = if value.contains('T') { "TIME" } else { "DATE" };
            Some(found(k, Some(value), None, true))
        }
        RuleKind::Numeric => {
            if get(c, "sep") != get(c, "sep2") {
                return None;
            }
            let x: u32 = get(c, "a")?.parse().ok()?;
            let z: u32 = get(c, "b")?.parse().ok()?;
            let y_str = get(c, "y")?;
            let mut y: i32 = y_str.parse().ok()?;
            if y_str.len() == 2 {
                // "21/04/16": two-digit years only with slashes; 00-49 are 20xx.
                if get(c, "sep") != Some("/") {
                    return None;
                }
                y += if y < 50 { 2000 } else { 1900 };
            }
            // Only when the order is unambiguous (or both orders give the same day).
            let (m, d) = if x == z {
                (x, z)
            } else if x > 12 && z <= 12 {
                (z, x)
            } else if z > 12 && x <= 12 {
                (x, z)
            } else {
                return None;
            };
            Some(found("DATE", Some(ymd(y, m, d)?), None, true))
        }
        RuleKind::MonthDay | RuleKind::DayMonth => {
            let m = month_number(get(c, "mon")?)?;
            let d = day_number(get(c, "d").or(get(c, "dw"))?)?;
            // "March 3" needs the capital; the abbreviation needs a period or a day after it.
            let value = match get(c, "y").and_then(|y| y.parse::<i32>().ok()) {
                Some(y) => ymd(y, m, d)?,
                None => {
                    let wd = get(c, "wd")
                        .and_then(|w| {
                            let w = w.trim_end_matches('.').to_lowercase();
                            LEX.weekdays.get(&w).or(LEX.weekday_abbrs.get(&w)).copied()
                        })
                        .and_then(weekday_from);
                    match infer_year(&deadline(a, s, start), m, Some(d)) {
                        Some(y) => {
                            // A weekday written with the date picks the year it falls in.
                            let y = match wd {
                                Some(w) => [y, y - 1, y + 1]
                                    .into_iter()
                                    .find(|yy| {
                                        NaiveDate::from_ymd_opt(*yy, m, d)
                                            .is_some_and(|dd| dd.weekday() == w)
                                    })
                                    .unwrap_or(y),
                                None => y,
                            };
                            ymd(y, m, d)?
                        }
                        None => {
                            NaiveDate::from_ymd_opt(2000, m, d)?;
                            format!("XXXX-{m:02}-{d:02}")
                        }
                    }
                }
            };
            // "10 May" from "the 10 May …" is fine; a bare "1 March" inside "1 March troops" is
            // rare enough to accept.
            Some(found("DATE", Some(value), None, true))
        }
        RuleKind::WeekdayDay => {
            let wd = weekday_from(*LEX.weekdays.get(&get(c, "wd")?.to_lowercase())?)?;
            let d = day_number(get(c, "d")?)?;
            // The month nearest the publication date where that day falls on that weekday.
            let v = p.and_then(|p| {
                let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
                [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6]
                    .into_iter()
                    .filter_map(|k| {
                        let mf = shift_months(first, k);
                        NaiveDate::from_ymd_opt(mf.year(), mf.month(), d)
                    })
                    .find(|date| date.weekday() == wd)
                    .map(|date| date.format("%Y-%m-%d").to_string())
            });
            Some(found("DATE", v, None, true))
        }
        RuleKind::MonthYear => {
            let m = month_number(get(c, "mon")?)?;
            let y: i32 = get(c, "y")?.parse().ok()?;
            let md = part_mod(get(c, "p"), get(c, "pw"));
            Some(found("DATE", Some(month_value(Some(y), m)), md, true))
        }
        RuleKind::RelativeMonth => {
            let m = month_number(get(c, "mon")?)?;
            let r = get(c, "r")?.to_lowercase();
            let y = p.map(|p| match r.as_str() {
                "last" | "past" => {
                    if m < p.month() {
                        p.year()
                    } else {
                        p.year() - 1
                    }
                }
                "next" | "coming" => {
                    if m > p.month() {
                        p.year()
                    } else {
                        p.year() + 1
                    }
                }
                _ => p.year(),
            });
            Some(found(
                "DATE",
                y.map(|y| month_value(Some(y), m)),
                None,
                true,
            ))
        }
        RuleKind::Month => {
            let mon = get(c, "mon")?;
            let m = month_number(mon)?;
            let has_context = get(c, "p").is_some()
                || get(c, "pw").is_some()
                || MONTH_PREPOSITION.is_match(&s[..start]);
            // "May" and "March" alone are too often the modal and the verb.
            if (mon == "May" || mon == "March") && !has_context {
                return None;
            }
            // A capitalised word right after ("May Day", "October Revolution") is a name.
            let after = &s[end..];
            if after
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|ch: char| ch.is_uppercase()))
            {
                return None;
            }
            let md = part_mod(get(c, "p"), get(c, "pw"));
            Some(found(
                "DATE",
                Some(month_value(infer_year(&deadline(a, s, start), m, None), m)),
                md,
                true,
            ))
        }
        RuleKind::Decade => {
            // "the '90s", "the 70's": the twentieth century.
            let dec = match (get(c, "dec"), get(c, "dec2")) {
                (Some(d), _) => d.to_string(),
                (None, Some(d)) => {
                    if !lower.starts_with("the") && !s[..start].to_lowercase().ends_with("the ") {
                        return None;
                    }
                    format!("19{d}")
                }
                _ => return None,
            };
            let md = part_mod(get(c, "p"), None);
            Some(found("DATE", Some(dec.to_string()), md, true))
        }
        RuleKind::PartOfYear => {
            let y = get(c, "y")?;
            let md = part_mod(get(c, "p"), get(c, "pw"));
            Some(found("DATE", Some(y.to_string()), md, true))
        }
        RuleKind::Year => {
            let y = get(c, "y")?;
            if y < "1500" {
                return None;
            }
            let left = &s[..start];
            let right = &s[end..];
            // Part of a bigger number, a designation, a range of numbers or money: not a year.
            let prev = left.chars().next_back();
            if prev.is_some_and(|ch| {
                matches!(ch, '$' | '€' | '£' | '#' | '/' | ',' | '.') || ch.is_alphanumeric()
            }) || left.ends_with("No. ")
            {
                return None;
            }
            if prev == Some('-') && left.chars().rev().nth(1).is_some_and(char::is_alphanumeric) {
                return None;
            }
            if right.starts_with([',', '.', '-', '/', ':'])
                && right[1..].starts_with(|ch: char| ch.is_ascii_digit())
            {
                return None;
            }
            let trigger = YEAR_TRIGGER_BEFORE.is_match(left);
            let standalone = PUNCT_OR_END_AFTER.is_match(right)
                && !left.trim_end().ends_with(|ch: char| ch.is_ascii_digit());
            if !(trigger || standalone || left.trim().is_empty()) {
                return None;
            }
            // "2000 troops": a number followed by a counted noun.
            if !trigger
                && right
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|ch: char| ch.is_lowercase()))
                && !PUNCT_OR_END_AFTER.is_match(right)
            {
                return None;
            }
            Some(found("DATE", Some(y.to_string()), None, true))
        }
        RuleKind::PartOfRelative => {
            let md = part_mod(get(c, "p"), None);
            let r = LEX.relative.get(&get(c, "r")?.to_lowercase()).copied()?;
            let u = get(c, "u")?.to_lowercase();
            let v = p.and_then(|p| unit_value(p, &u, r));
            Some(found("DATE", v, md, true))
        }
        RuleKind::EndOf => {
            if let Some(ye) = get(c, "ye") {
                let u = ye.to_lowercase();
                return Some(found(
                    "DATE",
                    p.and_then(|p| unit_value(p, &u, 0)),
                    Some("END"),
                    true,
                ));
            }
            let md = part_mod(None, get(c, "pw"));
            let r = get(c, "r")
                .and_then(|r| LEX.relative.get(&r.to_lowercase()).copied())
                .unwrap_or(0);
            let u = get(c, "u")?.to_lowercase();
            let v = p.and_then(|p| unit_value(p, &u, r));
            Some(found("DATE", v, md, true))
        }
        RuleKind::RelativeUnit => {
            let r_word = get(c, "r")?.to_lowercase();
            let u = get(c, "u")?.to_lowercase();
            // "the past year" is a duration (handled elsewhere); "past week" without "the" reads
            // as "last week".
            if s[..start].to_lowercase().trim_end().ends_with("the") {
                return None;
            }
            let r = LEX.relative.get(&r_word).copied()?;
            // "earlier this week" in a Monday paper can only mean the days just before it, and
            // "later this week" in a Sunday paper the days just after: the neighbouring week.
            let el = get(c, "el").map(str::to_lowercase);
            let v = p.and_then(|p| {
                let anchor = match (el.as_deref(), u.as_str(), r, p.weekday()) {
                    (Some("earlier"), "week", 0, Weekday::Mon) => p - Duration::days(1),
                    (Some("later"), "week", 0, Weekday::Sun) => p + Duration::days(1),
                    _ => p,
                };
                unit_value(anchor, &u, r)
            });
            Some(found("DATE", v, None, true))
        }
        RuleKind::SurroundingUnit => {
            let u = get(c, "u")?.to_lowercase();
            Some(found(
                "DATE",
                p.and_then(|p| unit_value(p, &u, 0)),
                None,
                true,
            ))
        }
        RuleKind::Deictic => {
            let key = lower.split_whitespace().collect::<Vec<_>>().join(" ");
            let (offset, pod) = match key.as_str() {
                "the day before yesterday" | "day before yesterday" => (-2, None),
                "the day after tomorrow" | "day after tomorrow" => (2, None),
                "tonight" => (0, Some("TNI")),
                "this morning" => (0, Some("TMO")),
                "this afternoon" => (0, Some("TAF")),
                "this evening" => (0, Some("TEV")),
                "last night" => (-1, Some("TNI")),
                "this night" => (0, Some("TNI")),
                "last morning" | "last afternoon" | "last evening" => return None,
                other => (*LEX.deictic.get(other)?, None),
            };
            let v = p.map(|p| {
                let d = (p + Duration::days(offset)).format("%Y-%m-%d").to_string();
                match pod {
                    Some(t) => format!("{d}{t}"),
                    None => d,
                }
            });
            let k = if pod.is_some() { "TIME" } else { "DATE" };
            Some(found(k, v, None, false))
        }
        RuleKind::Ago => {
            let n = number_or_one(get(c, "n")?)?;
            let u = unit_key(get(c, "u")?);
            // "ago" and "from now" count from publication; "earlier", "later", "before" and
            // "after" count from a moment in the story, which this layer does not know.
            let dir = get(c, "dir")?.to_lowercase();
            let sign = match dir.split_whitespace().next().unwrap_or("") {
                "ago" => -1,
                "from" | "hence" => 1,
                _ => 0,
            };
            let v = p.and_then(|p| {
                if n.fract() != 0.0 || sign == 0 {
                    return None;
                }
                let n = sign * n as i32;
                match u.as_str() {
                    "day" | "week" | "month" | "year" | "decade" | "century" => {
                        unit_value(p, &u, n)
                    }
                    "fortnight" => unit_value(p, "week", 2 * n),
                    _ => None,
                }
            });
            let md = qualifier_mod(get(c, "q"))
                .filter(|_| sign != 0)
                .map(|m| match (m, sign) {
                    ("MORE_THAN", -1) => "BEFORE",
                    ("MORE_THAN", _) => "AFTER",
                    _ => "APPROX",
                });
            Some(found("DATE", v, md, false))
        }
        RuleKind::InFuture => {
            let n = number_or_one(get(c, "n")?)?;
            let u = unit_key(get(c, "u")?);
            if a.tense != Tense::Future {
                // "the first time in 10 years": a span of time, not a date.
                let v = duration_value(Some(n), &u)?;
                let mut f = found("DURATION", Some(v), None, false);
                f.start = c.name("n")?.start();
                f.end = end;
                return Some(f);
            }
            let v = p.and_then(|p| {
                if n.fract() != 0.0 {
                    return None;
                }
                unit_value(p, &u, n as i32)
            });
            Some(found("DATE", v, None, false))
        }
        RuleKind::PastDuration => {
            let n = match get(c, "n") {
                Some(n) => number_or_one(n)?,
                None => 1.0,
            };
            let u = unit_key(get(c, "u")?);
            // "the next day" / "the following week" point at a day relative to the story, and
            // "the last week of March" is part of a month: leave those to other rules.
            if get(c, "n").is_none() && !lower.ends_with('s') {
                let r = get(c, "r")?.to_lowercase();
                if matches!(r.as_str(), "next" | "following" | "coming")
                    || s[end..].trim_start().to_lowercase().starts_with("of ")
                {
                    return None;
                }
            }
            Some(found("DURATION", duration_value(Some(n), &u), None, false))
        }
        RuleKind::Duration => {
            let n_str = get(c, "n")?;
            let n_str = n_str.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut n = number_or_one(&n_str)?;
            if get(c, "half").is_some() || get(c, "half2").is_some() {
                n += 0.5;
            }
            let u = unit_key(get(c, "u")?);
            let hyphen = get(c, "sep").is_some_and(|sep| sep.contains('-'));
            let plural = get(c, "pl").is_some();
            let after = &s[end..];
            // Ages ("30-year-old", "five years old") are not durations.
            if after.starts_with("-old") || after.trim_start().to_lowercase().starts_with("old") {
                return None;
            }
            // "three hours" needs the plural unless it is one; "eight-hour" is singular.
            let digits = n_str.starts_with(|ch: char| ch.is_ascii_digit());
            // "twenty-second" is an ordinal, not 20 seconds.
            if hyphen && !digits && u == "second" && !plural {
                return None;
            }
            let word_n = number_or_one(&n_str).unwrap_or(0.0);
            if !hyphen && !plural && !digits && word_n != 1.0 && word_n != 0.5 {
                return None;
            }
            // A four-digit year before a unit ("2020 years") is not something news writes.
            let md = qualifier_mod(get(c, "q"));
            let mut f = found("DURATION", duration_value(Some(n), &u), md, false);
            if u == "fortnight" {
                f.value = Some(format!("P{}W", n * 2.0));
            }
            // A cue word ("for", "lasted") is context, not part of the expression.
            if c.name("cue").is_some() {
                if let Some(nm) = c.name("n") {
                    f.start = nm.start();
                    f.end = end;
                }
            }
            Some(f)
        }
        RuleKind::VagueDuration => {
            let u = unit_key(get(c, "u")?);
            let mut f = found("DURATION", duration_value(None, &u), None, false);
            let um = c.name("u")?;
            f.start = um.start();
            f.end = um.end();
            Some(f)
        }
        RuleKind::Set => {
            if let Some(adv) = get(c, "adv") {
                let v = match adv.to_lowercase().as_str() {
                    "daily" | "nightly" => "P1D",
                    "weekly" => "P1W",
                    "fortnightly" | "biweekly" => "P2W",
                    "everyday" => "P1D",
                    "monthly" => "P1M",
                    "quarterly" => "P3M",
                    "hourly" => "PT1H",
                    _ => "P1Y",
                };
                return Some(found("SET", Some(v.into()), None, false));
            }
            if let Some(wds) = get(c, "wds") {
                let wd = LEX.weekdays.get(&wds.to_lowercase())?;
                return Some(found("SET", Some(format!("XXXX-WXX-{wd}")), None, true));
            }
            let u = get(c, "u")?.to_lowercase();
            let mut n = match get(c, "n") {
                Some(n) => number_or_one(n)?,
                None => 1.0,
            };
            if get(c, "other").is_some() {
                n *= 2.0;
            }
            if let Some(wd) = LEX.weekdays.get(&u) {
                return Some(found("SET", Some(format!("XXXX-WXX-{wd}")), None, false));
            }
            let v = match u.trim_end_matches('s') {
                "morning" => "TMO".to_string(),
                "evening" => "TEV".to_string(),
                "night" => "TNI".to_string(),
                "weekend" => "XXXX-WXX-WE".to_string(),
                other => duration_value(Some(n), other)?,
            };
            Some(found("SET", Some(v), None, false))
        }
        RuleKind::Frequency => {
            let u = get(c, "u").or(get(c, "u2"))?.to_lowercase();
            if get(c, "u2").is_some() {
                // "per year" after an amount.
                let left = s[..start].trim_end();
                if !left.ends_with(|ch: char| ch.is_alphanumeric() || ch == '%') {
                    return None;
                }
            }
            Some(found("SET", duration_value(Some(1.0), &u), None, false))
        }
        RuleKind::Reference => {
            // "in the past two years" is a duration; leave it to that rule.
            if lower == "in the past" {
                let next = s[end..].trim_start().to_lowercase();
                let next_word = next.split_whitespace().next().unwrap_or("");
                if next_word == "few"
                    || next_word == "several"
                    || next_word.starts_with(|ch: char| ch.is_ascii_digit())
                    || parse_number(next_word).is_some()
                    || LEX.units.contains_key(next_word.trim_end_matches('s'))
                {
                    return None;
                }
            }
            let v = if lower.contains("coming") || lower.contains("future") {
                "FUTURE_REF"
            } else if lower.contains("currently")
                || lower.contains("present")
                || lower.contains("nowadays")
            {
                "PRESENT_REF"
            } else {
                "PAST_REF"
            };
            Some(found("DATE", Some(v.into()), None, false))
        }
        RuleKind::Season => {
            let season = LEX.seasons.get(&get(c, "s")?.to_lowercase())?.clone();
            let r = get(c, "r").map(str::to_lowercase);
            let y = get(c, "y").and_then(|y| y.parse::<i32>().ok());
            // "fall" is a verb and "spring" a noun unless a determiner or a year says season.
            if y.is_none() && r.is_none() {
                let left = s[..start].to_lowercase();
                let lw = left.trim_end();
                if !(lw.ends_with("in")
                    || lw.ends_with("during")
                    || lw.ends_with("by")
                    || lw.ends_with("until"))
                    || !lower.starts_with("the")
                {
                    return None;
                }
            }
            let year = y.or_else(|| {
                p.map(|p| match r.as_deref() {
                    Some("last") | Some("past") => p.year() - 1,
                    Some("next") | Some("coming") => p.year() + 1,
                    _ => p.year(),
                })
            });
            let md = part_mod(get(c, "p"), None);
            Some(found(
                "DATE",
                year.map(|y| format!("{y:04}-{season}")),
                md,
                true,
            ))
        }
        RuleKind::Quarter => {
            if let (Some(qn), Some(y)) = (get(c, "qn"), get(c, "y2")) {
                return Some(found("DATE", Some(format!("{y}-{qn}")), None, true));
            }
            let o = get(c, "o")?.to_lowercase();
            // "the last quarter" (no year) is the one before publication.
            if o == "last" && get(c, "y").is_none() && !lower.contains("year") {
                let v = p.and_then(|p| unit_value(p, "quarter", -1));
                return Some(found("DATE", v, None, true));
            }
            let q = match o.as_str() {
                "first" | "1st" => 1,
                "second" | "2nd" => 2,
                "third" | "3rd" => 3,
                _ => 4,
            };
            let y = get(c, "y")
                .map(str::to_string)
                .or_else(|| p.map(|p| format!("{:04}", p.year())));
            Some(found("DATE", y.map(|y| format!("{y}-Q{q}")), None, true))
        }
        RuleKind::Half => {
            let h = if get(c, "o")?.eq_ignore_ascii_case("first") {
                1
            } else {
                2
            };
            let y = match (get(c, "y"), get(c, "r")) {
                (Some(y), _) => Some(y.to_string()),
                (None, Some(r)) => p.map(|p| {
                    let d = if r.eq_ignore_ascii_case("next") {
                        1
                    } else {
                        -1
                    };
                    format!("{:04}", p.year() + d)
                }),
                _ => p.map(|p| format!("{:04}", p.year())),
            };
            Some(found("DATE", y.map(|y| format!("{y}-H{h}")), None, true))
        }
        RuleKind::Eve => {
            // Resolved after the other expressions are known (see `times_in`).
            let mut f = found("DATE", Some("EVE".into()), None, true);
            // A following date expression stays its own expression: end the span at "of".
            let what = c.name("what")?;
            let rest = what.as_str();
            if rest.split_whitespace().next().is_some_and(|w| {
                month_number(w).is_some() || w.chars().all(|ch| ch.is_ascii_digit())
            }) {
                f.start = start;
                f.end = what.start();
                while f.end > f.start && s.as_bytes()[f.end - 1] == b' ' {
                    f.end -= 1;
                }
            } else {
                f.value = None;
                f.start = start;
                f.end = end;
                f.eve_of = rest.split_whitespace().last().map(str::to_lowercase);
            }
            Some(f)
        }
        RuleKind::ClockTime => {
            let (h, m, sec) = if let Some(w) = get(c, "word") {
                if w.eq_ignore_ascii_case("noon") {
                    (12, 0, None)
                } else {
                    (0, 0, None)
                }
            } else if let Some(h) = get(c, "h") {
                let mut h: u32 = h.parse().ok()?;
                let m: u32 = get(c, "m").map_or(Some(0), |m| m.parse().ok())?;
                let ap = get(c, "ap")?.to_lowercase();
                let pm = ap.starts_with('p')
                    || ap.ends_with("afternoon")
                    || ap.ends_with("evening")
                    || (ap.ends_with("night") && h >= 6);
                if pm && h < 12 {
                    h += 12;
                }
                if (ap.starts_with('a') || ap.ends_with("morning")) && h == 12 {
                    h = 0;
                }
                (h, m, get(c, "sec"))
            } else {
                let h: u32 = get(c, "h24")?.parse().ok()?;
                let m: u32 = get(c, "m24")?.parse().ok()?;
                (h, m, get(c, "s24"))
            };
            let value = match sec {
                Some(sec) => format!("T{h:02}:{m:02}:{sec}"),
                None => format!("T{h:02}:{m:02}"),
            };
            let mut f = found("TIME", Some(value), None, true);
            // Do not swallow the space after "a.m.".
            let (st, en) = trim_span(s, start, end);
            f.start = st;
            f.end = en;
            Some(f)
        }
        RuleKind::Weekend => {
            // "over the weekend": the one before publication in a past sentence (the same week's
            // when published on it), the coming one otherwise.
            let v = p.map(|p| {
                let on_weekend = p.weekday().number_from_monday() >= 6;
                let shift = match (a.tense, on_weekend) {
                    (Tense::Future, _) | (_, true) => 0,
                    _ => -1,
                };
                format!("{}-WE", week_value(p + Duration::weeks(shift)))
            });
            let w = c.name("w")?;
            let mut f = found("DATE", v, None, false);
            f.start = w.start();
            f.end = w.end();
            Some(f)
        }
        RuleKind::Century => {
            let n: u32 = get(c, "c")?.parse().ok()?;
            let v = n.checked_sub(1).map(|k| format!("{k:02}"));
            Some(found("DATE", v, None, true))
        }
        RuleKind::ZuluTime => {
            let v = format!("T{}:{}Z", get(c, "h")?, get(c, "m")?);
            Some(found("TIME", Some(v), None, true))
        }
        RuleKind::Weekday => {
            let wd_word = get(c, "wd")?;
            let after = &s[end..];
            // "Sunday Times", "Bloody Sunday": names, not days.
            if get(c, "pod").is_none()
                && after.strip_prefix(' ').is_some_and(|r| {
                    r.starts_with(|ch: char| ch.is_uppercase())
                        && month_number(r.split_whitespace().next().unwrap_or("")).is_none()
                })
            {
                return None;
            }
            if s[..start].trim_end().ends_with("Bloody") {
                return None;
            }
            let wd = weekday_from(*LEX.weekdays.get(&wd_word.to_lowercase())?)?;
            let r = get(c, "r").map(str::to_lowercase);
            let v = p.map(|p| {
                let back = (p.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    .rem_euclid(7);
                let fwd = (7 - back) % 7;
                let date = match (r.as_deref(), a.tense) {
                    (Some("last") | Some("past"), _) => {
                        p - Duration::days(if back == 0 { 7 } else { back })
                    }
                    (Some("next") | Some("coming"), _) => {
                        p + Duration::days(if fwd == 0 { 7 } else { fwd })
                    }
                    (Some("this"), Tense::Past) => p - Duration::days(back),
                    (Some("this"), _) => p + Duration::days(fwd),
                    (None, Tense::Future) => p + Duration::days(fwd),
                    _ => p - Duration::days(back),
                };
                let d = date.format("%Y-%m-%d").to_string();
                match get(c, "pod").map(str::to_lowercase).as_deref() {
                    Some("morning") => format!("{d}TMO"),
                    Some("afternoon") => format!("{d}TAF"),
                    Some("evening") => format!("{d}TEV"),
                    Some("night") => format!("{d}TNI"),
                    _ => d,
                }
            });
            let v = v.or_else(|| Some(format!("XXXX-WXX-{}", wd.number_from_monday())));
            Some(found("DATE", v, None, true))
        }
    }
}

#[cfg(test)]
mod tests;
