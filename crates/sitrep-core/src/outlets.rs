//! News domains → outlet names, from `data/outlets.tsv` (domain, outlet, country).

use std::collections::HashMap;
use std::sync::OnceLock;

static OUTLETS_TSV: &str = include_str!("../../../data/outlets.tsv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        OUTLETS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?.trim(), cols.next()?.trim()))
            })
            .collect()
    })
}

/// The host of `url` without `www.` (and other common mobile/edition prefixes).
pub fn domain_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .split('@')
        .next_back()?
        .split(':')
        .next()?;
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    let host = host.to_lowercase();
    let host = ["www.", "m.", "amp.", "mobile."]
        .iter()
        .fold(host.as_str(), |h, p| h.strip_prefix(p).unwrap_or(h));
    Some(host.to_string())
}

/// The outlet name for a domain, trying parent domains too (`edition.cnn.com` → `cnn.com`).
pub fn outlet_name(domain: &str) -> Option<&'static str> {
    let t = table();
    let mut d = domain;
    loop {
        if let Some(name) = t.get(d) {
            return Some(name);
        }
        let (_, parent) = d.split_once('.')?;
        if !parent.contains('.') {
            return None;
        }
        d = parent;
    }
}

/// Number of known outlet domains.
pub fn known_outlets() -> usize {
    table().len()
}
