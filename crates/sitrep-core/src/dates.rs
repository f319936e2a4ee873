//! Publication dates as newsrooms print them, normalised to ISO 8601.
//!
//! Accepts "September 13, 2021", "Sept. 13, 2021", "Sep 13 2021", "13 September 2021",
//! "Monday, September 13, 2021 10:30 AM EST", "2021-09-13", "2021-09-13T10:00:00Z",
//! "13.09.2021", with "Updated:"/"Published:"/"Posted" prefixes. Only whole lines that are a date
//! (plus time, zone and filler words) count, so a body sentence mentioning a date never does.

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use std::sync::OnceLock;

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Month number of an English month name or abbreviation (with or without a period).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == w).map(|&(_, m)| m)
}

fn patterns() -> &'static [Regex; 4] {
    static P: OnceLock<[Regex; 4]> = OnceLock::new();
    P.get_or_init(|| {
        let month = r"(?P<month>[A-Za-z]{3,9}\.?)";
        [
            // Month day, year
            Regex::new(&format!(
                r"^{month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
            ))
            .unwrap(),
            // day Month year
            Regex::new(&format!(
                r"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{month},?\s+(?P<year>\d{{4}})\b"
            ))
            .unwrap(),
            // ISO
            Regex::new(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b").unwrap(),
            // day.month.year or day/month/year (European order, as printed on most non-US sites)
            Regex::new(r"^(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})\b").unwrap(),
        ]
    })
}

/// Words that may surround a date on a date line without making it something else.
fn is_filler(rest: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(
            r"(?i)^[\s,|·•\-–—/()]*(?:(?:at|on|updated|published|posted|last|modified|gmt|utc|[a-z]{2,4}t|msk|cet|cest|bst|[ap]\.?m\.?|\d{1,2}[:.]\d{2}(?::\d{2})?|[+-]\d{2}:?\d{2}|z|time|local|minutes?|hours?|read|ago|\d+)[\s,|·•\-–—/()]*)*$",
        )
        .unwrap()
    });
    r.is_match(rest)
}

/// Parse a line that is a publication date; `None` for anything else.
pub fn parse_date_line(line: &str) -> Option<String> {
    let mut s = line
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim();
    // Prefixes: "Updated:", "Published on", "Posted", a weekday.
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        Regex::new(r"(?i)^(?:(?:updated|published|posted|last updated|first published|date)(?:\s+on)?\s*:?\s*)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?").unwrap()
    });
    if let Some(m) = prefix.find(s) {
        s = &s[m.end()..];
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339());
    }
    for (i, re) in patterns().iter().enumerate() {
        let Some(c) = re.captures(s) else { continue };
        let year: i32 = c["year"].parse().ok()?;
        let month = if i >= 2 {
            c["month"].parse().ok()?
        } else {
            month_number(&c["month"])?
        };
        let day: u32 = c["day"].parse().ok()?;
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let whole = c.get(0).map_or(0, |m| m.end());
        if !is_filler(&s[whole..]) {
            return None;
        }
        return Some(date.format("%Y-%m-%d").to_string());
    }
    None
}

/// Normalise a date string from metadata (JSONL `published`, RSS `pubDate`, …) to ISO 8601,
/// keeping a time when it carries one; `None` when it cannot be read.
pub fn normalize_published(value: &str) -> Option<String> {
    let v = value.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(v) {
        return Some(dt.to_rfc3339());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(v) {
        return Some(dt.to_rfc3339());
    }
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S") {
        return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S") {
        return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    parse_date_line(v)
}

/// The date part of an ISO 8601 published value.
pub fn published_date(published: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(published.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newsroom_styles() {
        for line in [
            "September 13, 2021",
            "Sept. 13, 2021",
            "Sep 13 2021",
            "13 September 2021",
            "2021-09-13",
            "Monday, September 13, 2021",
            "September 13, 2021 10:30 AM EST",
            "Updated: Sept. 13, 2021 at 5:00 p.m.",
            "Published on 13 Sep 2021, 14:05 GMT",
            "13.09.2021",
            "*September 13, 2021*",
            "Sept. 13, 2021 | 14:05",
        ] {
            assert_eq!(
                parse_date_line(line).as_deref(),
                Some("2021-09-13"),
                "{line}"
            );
        }
    }

    #[test]
    fn sentences_are_not_date_lines() {
        assert_eq!(
            parse_date_line("September 13, 2021 was the day the drills began."),
            None
        );
        assert_eq!(parse_date_line("By Anna Smolchenko"), None);
        assert_eq!(parse_date_line("February 30, 2021"), None);
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(
            normalize_published("2021-09-13T08:00:00Z").as_deref(),
            Some("2021-09-13T08:00:00+00:00")
        );
        assert_eq!(
            normalize_published("Mon, 13 Sep 2021 08:00:00 +0000").as_deref(),
            Some("2021-09-13T08:00:00+00:00")
        );
        assert_eq!(
            normalize_published("2021-09-13").as_deref(),
            Some("2021-09-13")
        );
    }
}
