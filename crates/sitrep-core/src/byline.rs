//! Bylines and wire agencies: "By Anna Smolchenko for AFP", "By A and B", "By Name, Reuters".

use std::collections::HashMap;
use std::sync::OnceLock;

static AGENCIES_TSV: &str = include_str!("../../../data/agencies.tsv");

fn agencies() -> &'static HashMap<String, &'static str> {
    static T: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for line in AGENCIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut cols = line.split('\t');
            let (Some(name), Some(aliases)) = (cols.next(), cols.next()) else {
                continue;
            };
            for a in aliases.split('|') {
                m.insert(a.trim().to_lowercase(), name);
            }
        }
        m
    })
}

/// The canonical wire-agency name for `s` ("Agence France-Presse" → "AFP").
pub fn agency_name(s: &str) -> Option<&'static str> {
    let key = s
        .trim()
        .trim_matches(|c: char| c == '(' || c == ')' || c == '.')
        .to_lowercase();
    agencies().get(&key).copied()
}

/// A parsed byline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    /// Author names.
    pub authors: Vec<String>,
    /// Wire agency, when the byline credits one.
    pub agency: Option<String>,
}

/// Parse a byline line (with or without the leading "By").
pub fn parse_byline(line: &str) -> Byline {
    let mut s = line.trim();
    for prefix in ["By ", "BY ", "by ", "Written by ", "Words by "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
            break;
        }
    }
    let s = s.trim().trim_end_matches('.');
    let mut agency = None;
    let mut names_part = s;
    // "Name for AGENCY" / "Name (AGENCY)" / "Name, AGENCY" / "Name | AGENCY"
    if let Some((names, tail)) = s.rsplit_once(" for ") {
        if let Some(a) = agency_name(tail) {
            agency = Some(a.to_string());
            names_part = names;
        } else {
            // "for The Moscow Times": an outlet, not a wire; the names are still the names.
            names_part = names;
        }
    } else if let Some(open) = s.rfind('(') {
        if let Some(a) = agency_name(&s[open..]) {
            agency = Some(a.to_string());
            names_part = s[..open].trim();
        }
    }
    let mut authors = Vec::new();
    for part in names_part
        .split([',', '|', ';', '/'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
    {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if let Some(a) = agency_name(p) {
            agency.get_or_insert_with(|| a.to_string());
            continue;
        }
        // Job titles after a comma ("Jane Doe, Moscow correspondent") are not names.
        if p.split_whitespace()
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        {
            continue;
        }
        authors.push(p.to_string());
    }
    Byline { authors, agency }
}

/// Does the line look like a byline?
pub fn is_byline(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with("By ") || t.starts_with("BY ") || t.starts_with("Written by "))
        && t.split_whitespace().count() <= 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_forms() {
        let b = parse_byline("By Anna Smolchenko for AFP");
        assert_eq!(b.authors, ["Anna Smolchenko"]);
        assert_eq!(b.agency.as_deref(), Some("AFP"));
        let b = parse_byline("By Jane Doe and John Roe");
        assert_eq!(b.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(b.agency, None);
        let b = parse_byline("By Jane Doe, Reuters");
        assert_eq!(b.authors, ["Jane Doe"]);
        assert_eq!(b.agency.as_deref(), Some("Reuters"));
        let b = parse_byline("By Jane Doe");
        assert_eq!(b.authors, ["Jane Doe"]);
        let b = parse_byline("By AFP");
        assert!(b.authors.is_empty());
        assert_eq!(b.agency.as_deref(), Some("AFP"));
        let b = parse_byline("By Jane Doe (Associated Press)");
        assert_eq!(b.agency.as_deref(), Some("AP"));
        let b = parse_byline("By Jane Doe, John Roe and Max Mustermann");
        assert_eq!(b.authors.len(), 3);
    }
}
