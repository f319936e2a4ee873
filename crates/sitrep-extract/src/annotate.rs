//! Hand annotation: build entity, amount and time layers from short name lists, for unit tests,
//! fixture articles and evaluation scripts that check the event and arms layers in isolation.
//!
//! A fixture is an article body, a line `---`, then one annotation per line (tab-separated):
//! ```text
//! entity  PERSON  BY  Alexander Lukashenko|Lukashenko|the strongman
//! entity  WEAPON  -   Tor|Tor-M2  air defence system
//! amount  money   more than $1 billion    1e9 USD more_than
//! amount  count   several dozen helicopters   -   helicopters approx
//! time    by 2025 2025
//! expect  RU>BY agreed …
//! ```
//! Names are found at word boundaries, longest first; each occurrence becomes a mention.

use sitrep_core::schema::{Amount, Entity, Mention, TimeExpr};
use sitrep_core::text::Text;

/// An entity to look for: type, country (alpha-2), names (the first is canonical), category.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// Entity type.
    pub kind: &'a str,
    /// Country, alpha-2.
    pub country: Option<&'a str>,
    /// Names; the first is the canonical name.
    pub names: Vec<&'a str>,
    /// Weapon category.
    pub category: Option<&'a str>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Byte ranges of `needle` in `hay` at word boundaries.
fn find_words(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let b0 = from + p;
        let b1 = b0 + needle.len();
        let before_ok = hay[..b0]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
        // A name may take a plural or possessive ending ("S-400s", "Russia's").
        let after = &hay[b1..];
        let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric())
            || (after.starts_with('s')
                && after[1..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric()));
        if before_ok && after_ok {
            out.push((b0, b1));
        }
        from = b0 + needle.len().max(1);
    }
    out
}

/// Build entities `e1…` from specs: every occurrence of every name is a mention; longer names
/// win where names overlap.
pub fn entities(text: &str, specs: &[Spec]) -> Vec<Entity> {
    let cp = |b: usize| text[..b].chars().count();
    let mut taken: Vec<(usize, usize, usize)> = Vec::new();
    let mut names: Vec<(usize, &str)> = specs
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.names.iter().map(move |n| (i, *n)))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.1.len()));
    for (i, n) in names {
        for (b0, b1) in find_words(text, n) {
            if taken.iter().all(|&(t0, t1, _)| b1 <= t0 || b0 >= t1) {
                taken.push((b0, b1, i));
            }
        }
    }
    taken.sort();
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| Entity {
            id: format!("e{}", i + 1),
            kind: s.kind.to_string(),
            name: s.names.first().copied().unwrap_or_default().to_string(),
            country: s.country.map(str::to_string),
            category: s.category.map(str::to_string),
            mentions: taken
                .iter()
                .filter(|t| t.2 == i)
                .map(|&(b0, b1, _)| Mention {
                    start: cp(b0),
                    end: cp(b1),
                    text: text[b0..b1].to_string(),
                })
                .collect(),
            ..Entity::default()
        })
        .collect()
}

/// An amount at the first occurrence of `surface` (after byte `after`).
pub fn amount(
    text: &str,
    id: usize,
    kind: &str,
    surface: &str,
    value: Option<f64>,
    unit: &str,
    qualifier: &str,
) -> Option<Amount> {
    let b0 = text.find(surface)?;
    let cp = |b: usize| text[..b].chars().count();
    Some(Amount {
        id: format!("a{id}"),
        kind: kind.to_string(),
        text: surface.to_string(),
        value,
        unit: Some(unit.to_string()),
        qualifier: qualifier.to_string(),
        start: cp(b0),
        end: cp(b0 + surface.len()),
        ..Amount::default()
    })
}

/// Time expressions at every occurrence of `surface`.
pub fn times(text: &str, first_id: usize, surface: &str, value: &str) -> Vec<TimeExpr> {
    let cp = |b: usize| text[..b].chars().count();
    find_words(text, surface)
        .into_iter()
        .enumerate()
        .map(|(n, (b0, b1))| TimeExpr {
            id: format!("t{}", first_id + n),
            text: surface.to_string(),
            kind: "DATE".into(),
            value: Some(value.to_string()),
            start: cp(b0),
            end: cp(b1),
            ..TimeExpr::default()
        })
        .collect()
}

/// A fixture article with its hand-built layers and expectations.
#[derive(Debug)]
pub struct Fixture {
    /// The analysed body.
    pub text: Text,
    /// Entity layer.
    pub entities: Vec<Entity>,
    /// Amount layer.
    pub amounts: Vec<Amount>,
    /// Time layer.
    pub times: Vec<TimeExpr>,
    /// `expect` lines, verbatim.
    pub expect: Vec<String>,
}

/// An `entity` line: type, country, names, category.
type SpecRow = (String, Option<String>, Vec<String>, Option<String>);

/// Parse a fixture: body, `---`, annotation lines.
pub fn fixture(src: &str) -> Fixture {
    let (body, notes) = src.split_once("\n---\n").unwrap_or((src, ""));
    let body = body.trim().to_string();
    let mut specs_owned: Vec<SpecRow> = Vec::new();
    let mut amounts = Vec::new();
    let mut time_layer: Vec<TimeExpr> = Vec::new();
    let mut expect = Vec::new();
    for line in notes
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let dash = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
        match f.first().copied() {
            Some("entity") if f.len() >= 4 => specs_owned.push((
                f[1].to_string(),
                dash(f[2]),
                f[3].split('|').map(str::to_string).collect(),
                f.get(4).and_then(|s| dash(s)),
            )),
            Some("amount") if f.len() >= 6 => {
                let value = f[3].parse::<f64>().ok();
                if let Some(a) = amount(&body, amounts.len() + 1, f[1], f[2], value, f[4], f[5]) {
                    amounts.push(a);
                }
            }
            Some("time") if f.len() >= 3 => {
                let n = time_layer.len() + 1;
                time_layer.extend(times(&body, n, f[1], f[2]));
            }
            Some("expect") => expect.push(f[1..].join(" ")),
            _ => {}
        }
    }
    let specs: Vec<Spec> = specs_owned
        .iter()
        .map(|(k, c, n, cat)| Spec {
            kind: k,
            country: c.as_deref(),
            names: n.iter().map(String::as_str).collect(),
            category: cat.as_deref(),
        })
        .collect();
    let entities = entities(&body, &specs);
    Fixture {
        text: Text::new(body),
        entities,
        amounts,
        times: time_layer,
        expect,
    }
}
