//! The name index behind every lookup and the phrase matcher.
//!
//! Every alias is stored under its folded key (see [`crate::names`]). An alias that must match
//! with exact case (a short word, an acronym, a common English word such as "Turkey" or "Chad",
//! any place name, or an alias written with a leading `=` in the data) also keeps its surface
//! form, which a candidate phrase must equal. Weapon names with digits are stored under their
//! designation key instead, so that "S-400", "S400" and "S-400s" meet.

use std::collections::{HashMap, HashSet};

use crate::names::{designation_key, fold_tokens, singular, surface, tokenize};

/// A compact reference to one record of the knowledge base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum EntryId {
    Country(u32),
    HistoricalState(u32),
    Region(u32),
    Demonym(u32),
    Org(u32),
    Place(u32),
    GovBody(u32),
    Title(u32),
    Weapon(u32),
    GenericWeapon(u32),
    Person(u32),
}

/// How an alias's case is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CasePolicy {
    /// Exact case for single tokens that are short, acronyms or common words; else folded.
    Auto,
    /// Always case-insensitive (generic nouns, titles), unless the alias starts with '='.
    Folded,
    /// Always exact case (places).
    Exact,
    /// Exact case for single tokens, folded for longer names (weapon names, people).
    SingleExact,
}

#[derive(Debug)]
struct Candidate {
    entry: EntryId,
    /// The exact surface form required, for exact-case aliases.
    exact: Option<Box<str>>,
}

/// Aliases by folded key and weapon designations by designation key.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    by_key: HashMap<Box<str>, Vec<Candidate>>,
    by_designation: HashMap<Box<str>, Vec<EntryId>>,
    /// The most tokens any alias has.
    pub max_tokens: usize,
}

/// True when a single token is an acronym-like word: letters all upper case ("US", "NATO",
/// "U.S."), so that "who"/"WHO" and "us"/"US" stay apart.
fn is_acronym(token: &str) -> bool {
    let mut letters = token.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| c.is_uppercase())
}

impl NameIndex {
    /// Adds an alias for an entry.
    pub fn add(
        &mut self,
        alias: &str,
        entry: EntryId,
        policy: CasePolicy,
        common: &HashSet<String>,
    ) {
        let (forced, alias) = match alias.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, alias),
        };
        let tokens = tokenize(alias);
        if tokens.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(tokens.len());
        if let EntryId::Weapon(_) = entry {
            if let Some(key) = designation_key(&tokens) {
                let list = self.by_designation.entry(key.into()).or_default();
                if !list.contains(&entry) {
                    list.push(entry);
                }
                return;
            }
        }
        let key = fold_tokens(&tokens);
        let exact = forced
            || match policy {
                CasePolicy::Exact => true,
                CasePolicy::Folded => false,
                CasePolicy::SingleExact => tokens.len() == 1,
                CasePolicy::Auto => {
                    tokens.len() == 1
                        && (key.chars().count() <= 3
                            || is_acronym(tokens[0])
                            || common.contains(&key))
                }
            };
        let exact = exact.then(|| surface(&tokens).into_boxed_str());
        let list = self.by_key.entry(key.into()).or_default();
        if !list.iter().any(|c| c.entry == entry && c.exact == exact) {
            list.push(Candidate { entry, exact });
        }
    }

    /// Entries whose alias is exactly this token sequence (case rules applied), including
    /// weapon designations and plural forms of weapon names.
    pub fn lookup<S: AsRef<str>>(&self, tokens: &[S], out: &mut Vec<EntryId>) {
        let start = out.len();
        self.lookup_names(tokens, out);
        if let Some(key) = designation_key(tokens) {
            if let Some(list) = self.by_designation.get(key.as_str()) {
                push_unique(out, list.iter().copied());
            } else if let Some(list) = singular(&key).and_then(|k| self.by_designation.get(k)) {
                push_unique(out, list.iter().copied());
            }
        }
        if out.len() == start && tokens.len() == 1 {
            // Plural of a weapon name without digits: "Patriots", "Javelins".
            if let Some(stem) = singular(tokens[0].as_ref()) {
                let mut found = Vec::new();
                self.lookup_names(&[stem], &mut found);
                push_unique(
                    out,
                    found
                        .into_iter()
                        .filter(|e| matches!(e, EntryId::Weapon(_))),
                );
            }
        }
    }

    fn lookup_names<S: AsRef<str>>(&self, tokens: &[S], out: &mut Vec<EntryId>) {
        let key = fold_tokens(tokens);
        let Some(list) = self.by_key.get(key.as_str()) else {
            return;
        };
        let mut surf: Option<String> = None;
        for c in list {
            let ok = match &c.exact {
                None => true,
                Some(form) => **form == *surf.get_or_insert_with(|| surface(tokens)),
            };
            if ok {
                push_unique(out, std::iter::once(c.entry));
            }
        }
    }

    /// Every (folded key, entries) pair, for tests and statistics.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_key.len() + self.by_designation.len()
    }
}

fn push_unique(out: &mut Vec<EntryId>, items: impl Iterator<Item = EntryId>) {
    for e in items {
        if !out.contains(&e) {
            out.push(e);
        }
    }
}
