//! The name index behind every lookup and the phrase matcher.
//!
//! Aliases live in two hash maps. An alias that must match with exact case (a short word, an
//! acronym, a common English word such as "Turkey" or "Chad", any place name, or an alias
//! written with a leading `=` in the data) is stored under its surface form; every other alias
//! under its folded key (see [`crate::names`]). Weapon names with digits are stored under
//! their designation key instead, so that "S-400", "S400" and "S-400s" meet. The folded map also
//! marks the folded token prefixes of multi-token aliases, so the matcher stops extending a
//! phrase as soon as no alias can start with it: one hash probe per token answers both "is this
//! a name?" and "may a longer name start here?".
//!
//! Most words of running text are no name at all. A bitmap of the first two bytes of every
//! exact-case key lets the matcher skip the exact-case probe for them without hashing.
//!
//! Some aliases are *weak*: small towns whose name is a common word ("Deal", "Police"). Lookups
//! by name return them; the phrase matcher, which sees every capitalised word of running text,
//! does not.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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

/// The Fx hash (as in rustc): fast for short string keys, which is all this index holds.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A hash map with the Fx hash.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A hash set with the Fx hash.
pub(crate) type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// The entries under one key: nearly always one, so no allocation for that case.
#[derive(Debug)]
enum Candidates {
    One(EntryId, bool),
    Many(Vec<(EntryId, bool)>),
}

impl Candidates {
    fn push(&mut self, entry: EntryId, weak: bool) {
        match self {
            Candidates::One(e, w) if *e == entry => *w &= weak,
            Candidates::One(e, w) => *self = Candidates::Many(vec![(*e, *w), (entry, weak)]),
            Candidates::Many(list) => match list.iter_mut().find(|(e, _)| *e == entry) {
                Some((_, w)) => *w &= weak,
                None => list.push((entry, weak)),
            },
        }
    }

    fn each(&self, strong_only: bool, out: &mut Vec<EntryId>) {
        let mut take = |e: EntryId, weak: bool| {
            let wanted = !weak || !strong_only;
            if wanted && !out.contains(&e) {
                out.push(e);
            }
        };
        match self {
            Candidates::One(e, w) => take(*e, *w),
            Candidates::Many(list) => list.iter().for_each(|&(e, w)| take(e, w)),
        }
    }
}

fn add_to<K: std::hash::Hash + Eq>(
    map: &mut FxMap<K, Candidates>,
    key: K,
    entry: EntryId,
    weak: bool,
) {
    map.entry(key)
        .and_modify(|c| c.push(entry, weak))
        .or_insert(Candidates::One(entry, weak));
}

/// What the folded map knows about one folded token sequence.
#[derive(Debug, Default)]
struct FoldedKey {
    /// Entries whose alias folds to exactly this key.
    names: Option<Candidates>,
    /// Some alias of more tokens starts with this key.
    prefix: bool,
}

/// The first two bytes of an alias's first token, as an index into [`NameIndex::exact_starts`].
fn two_bytes(key: &str) -> usize {
    let b = key.as_bytes();
    match b {
        [] => 0,
        [a] => usize::from(*a) << 8,
        [a, c, ..] => (usize::from(*a) << 8) | usize::from(*c),
    }
}

/// The name index: aliases by surface form, by folded key and by designation key.
#[derive(Debug)]
pub(crate) struct NameIndex {
    exact: FxMap<Cow<'static, str>, Candidates>,
    folded: FxMap<Box<str>, FoldedKey>,
    designations: FxMap<Box<str>, Candidates>,
    /// One bit per possible first two bytes of an exact-case key (a filter, no false negatives).
    exact_starts: Box<[u64]>,
    /// The most tokens any alias has.
    pub max_tokens: usize,
}

impl Default for NameIndex {
    fn default() -> NameIndex {
        NameIndex {
            exact: FxMap::default(),
            folded: FxMap::default(),
            designations: FxMap::default(),
            exact_starts: vec![0u64; (1 << 16) / 64].into_boxed_slice(),
            max_tokens: 0,
        }
    }
}

/// True when a single token is acronym-like: its letters all upper case ("US", "NATO",
/// "U.S."), so that "who"/"WHO" and "us"/"US" stay apart.
fn is_acronym(token: &str) -> bool {
    let mut letters = token.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| c.is_uppercase())
}

/// True when a token sequence may be written as a designation: one token ("s400", "Su-30SM"),
/// or several each capitalised or with a digit ("S-400 Triumf", "Type 055") — never "at 6".
fn designation_like<S: AsRef<str>>(tokens: &[S]) -> bool {
    tokens.len() == 1
        || tokens.iter().all(|t| {
            let t = t.as_ref();
            t.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || t.bytes().any(|b| b.is_ascii_digit())
        })
}

/// True when an alias is one token as it stands (no space, no punctuation to split off).
fn is_single_token(alias: &str) -> bool {
    !alias.is_empty()
        && !alias.contains(|c: char| c.is_whitespace() || ",;:()\"".contains(c))
        && !alias.ends_with("'s")
        && !alias.ends_with("’s")
}

impl NameIndex {
    /// Reserves room for about `n` more aliases.
    pub fn reserve(&mut self, n: usize) {
        self.exact.reserve(n);
    }

    /// Reserves room for about `n` more folded keys (multi-word names and their prefixes).
    pub fn reserve_folded(&mut self, n: usize) {
        self.folded.reserve(n);
    }

    /// Adds a name and its aliases for an entry, case handled automatically (`CasePolicy::Auto`).
    pub fn add_names<'n>(
        &mut self,
        names: impl IntoIterator<Item = &'n &'static str>,
        entry: EntryId,
        common: &FxSet<&str>,
    ) {
        for name in names {
            self.add(name, entry, CasePolicy::Auto, common, false);
        }
    }

    /// Adds an alias for an entry; a weak alias is found by lookups but not by the matcher.
    pub fn add(
        &mut self,
        alias: &'static str,
        entry: EntryId,
        policy: CasePolicy,
        common: &FxSet<&str>,
        weak: bool,
    ) {
        let (forced, alias) = match alias.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, alias),
        };
        let split;
        let tokens: &[&'static str] = if is_single_token(alias) {
            std::slice::from_ref(&alias)
        } else {
            split = tokenize(alias);
            &split
        };
        if tokens.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(tokens.len());
        // The folded key, computed once; a single exact-case token (most places) needs none.
        let needs_folded =
            tokens.len() > 1 || matches!(policy, CasePolicy::Auto | CasePolicy::Folded);
        let folded = if needs_folded {
            fold_tokens(tokens)
        } else {
            String::new()
        };
        if tokens.len() > 1 {
            // The folded prefixes of "a b c" are "a" and "a b": the folded name cut at spaces.
            for (at, _) in folded.match_indices(' ') {
                let prefix = &folded[..at];
                match self.folded.get_mut(prefix) {
                    Some(k) => k.prefix = true,
                    None => {
                        self.folded.insert(
                            prefix.into(),
                            FoldedKey {
                                names: None,
                                prefix: true,
                            },
                        );
                    }
                }
            }
        }
        if let EntryId::Weapon(_) = entry {
            if let Some(key) = designation_key(tokens) {
                add_to(&mut self.designations, key.into(), entry, weak);
                return;
            }
        }
        let exact = forced
            || match policy {
                CasePolicy::Exact => true,
                CasePolicy::Folded => false,
                CasePolicy::SingleExact => tokens.len() == 1,
                CasePolicy::Auto => {
                    tokens.len() == 1
                        && (folded.chars().count() <= 3
                            || is_acronym(tokens[0])
                            || common.contains(folded.as_str()))
                }
            };
        if exact {
            let key = if tokens.len() == 1 {
                Cow::Borrowed(tokens[0])
            } else if alias.split(' ').eq(tokens.iter().copied()) {
                // Already the surface form ("New York"): no copy.
                Cow::Borrowed(alias)
            } else {
                Cow::Owned(surface(tokens))
            };
            let at = two_bytes(tokens[0]);
            self.exact_starts[at / 64] |= 1 << (at % 64);
            add_to(&mut self.exact, key, entry, weak);
        } else {
            let k = self.folded.entry(folded.into_boxed_str()).or_default();
            match &mut k.names {
                Some(c) => c.push(entry, weak),
                None => k.names = Some(Candidates::One(entry, weak)),
            }
        }
    }

    /// True when some alias of more tokens starts with this folded token sequence.
    #[cfg(test)]
    pub fn is_prefix(&self, folded: &str) -> bool {
        self.folded.get(folded).is_some_and(|k| k.prefix)
    }

    /// One step of the phrase matcher: when `is_word` (the window starts and ends with a word),
    /// the entries of this token window as [`NameIndex::lookup`] finds them; in any case, whether
    /// some longer alias starts with it.
    pub fn lookup_step<S: AsRef<str>>(
        &self,
        tokens: &[S],
        folded: &str,
        is_word: bool,
        strong_only: bool,
        out: &mut Vec<EntryId>,
    ) -> bool {
        let key = self.folded.get(folded);
        if is_word {
            self.lookup_with(tokens, folded, key, strong_only, out);
        }
        key.is_some_and(|k| k.prefix)
    }

    /// Entries whose alias is exactly this token sequence (case rules applied), including
    /// weapon designations and plural forms of weapon names; `strong_only` leaves weak aliases
    /// out. `folded` is `fold_tokens(tokens)`, which the caller often has at hand.
    pub fn lookup<S: AsRef<str>>(
        &self,
        tokens: &[S],
        folded: &str,
        strong_only: bool,
        out: &mut Vec<EntryId>,
    ) {
        self.lookup_with(tokens, folded, self.folded.get(folded), strong_only, out);
    }

    /// [`NameIndex::lookup`] with the folded map's answer for `folded` already at hand.
    fn lookup_with<S: AsRef<str>>(
        &self,
        tokens: &[S],
        folded: &str,
        key: Option<&FoldedKey>,
        strong_only: bool,
        out: &mut Vec<EntryId>,
    ) {
        let start = out.len();
        self.lookup_exact(tokens, strong_only, out);
        if let Some(c) = key.and_then(|k| k.names.as_ref()) {
            c.each(strong_only, out);
        }
        if folded.bytes().any(|b| b.is_ascii_digit()) && designation_like(tokens) {
            let key: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
            if let Some(c) = self.designations.get(key.as_str()) {
                c.each(strong_only, out);
            } else if let Some(c) = singular(&key).and_then(|k| self.designations.get(k)) {
                c.each(strong_only, out);
            }
        }
        if out.len() == start && tokens.len() == 1 {
            // Plural of a weapon name without digits: "Patriots", "Javelins".
            if let Some(stem) = singular(tokens[0].as_ref()) {
                let mut found = Vec::new();
                // The suffix cut off is ASCII, so the stem's folded key is a prefix of `folded`.
                let stem_key = folded
                    .get(..folded.len() - (tokens[0].as_ref().len() - stem.len()))
                    .map_or_else(|| Cow::Owned(fold_tokens(&[stem])), Cow::Borrowed);
                self.lookup_exact(&[stem], strong_only, &mut found);
                if let Some(c) = self
                    .folded
                    .get(stem_key.as_ref())
                    .and_then(|k| k.names.as_ref())
                {
                    c.each(strong_only, &mut found);
                }
                out.extend(
                    found
                        .into_iter()
                        .filter(|e| matches!(e, EntryId::Weapon(_))),
                );
            }
        }
    }

    /// Entries whose exact-case alias is this token sequence.
    fn lookup_exact<S: AsRef<str>>(&self, tokens: &[S], strong_only: bool, out: &mut Vec<EntryId>) {
        let Some(first) = tokens.first() else { return };
        let at = two_bytes(first.as_ref());
        if self.exact_starts[at / 64] & (1 << (at % 64)) == 0 {
            return;
        }
        let exact = if tokens.len() == 1 {
            self.exact.get(first.as_ref())
        } else {
            self.exact.get(surface(tokens).as_str())
        };
        if let Some(c) = exact {
            c.each(strong_only, out);
        }
    }

    /// The number of keys, for statistics.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.exact.len() + self.folded.len() + self.designations.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules() {
        let common: FxSet<&str> = ["turkey"].into_iter().collect();
        let mut ix = NameIndex::default();
        ix.add(
            "Turkey",
            EntryId::Country(0),
            CasePolicy::Auto,
            &common,
            false,
        );
        ix.add(
            "Belarus",
            EntryId::Country(1),
            CasePolicy::Auto,
            &common,
            false,
        );
        ix.add(
            "S-400 Triumf",
            EntryId::Weapon(0),
            CasePolicy::SingleExact,
            &common,
            false,
        );
        ix.add("Deal", EntryId::Place(0), CasePolicy::Exact, &common, true);
        ix.add(
            "A Coruña",
            EntryId::Place(1),
            CasePolicy::Exact,
            &common,
            false,
        );
        ix.add(
            "=de Gaulle",
            EntryId::Person(0),
            CasePolicy::Auto,
            &common,
            false,
        );
        let find = |toks: &[&str], strong: bool| {
            let mut out = Vec::new();
            ix.lookup(toks, &fold_tokens(toks), strong, &mut out);
            out
        };
        assert_eq!(find(&["Turkey"], true), vec![EntryId::Country(0)]);
        assert!(find(&["turkey"], true).is_empty());
        assert_eq!(find(&["BELARUS"], true), vec![EntryId::Country(1)]);
        assert_eq!(find(&["S400", "Triumf"], true), vec![EntryId::Weapon(0)]);
        assert!(find(&["s", "400", "triumf"], true).is_empty());
        assert!(ix.is_prefix("s-400"));
        assert_eq!(find(&["Deal"], false), vec![EntryId::Place(0)]);
        assert!(find(&["Deal"], true).is_empty());
        // The exact-case filter keeps one-byte first tokens and lower-case forced aliases.
        assert_eq!(find(&["A", "Coruña"], true), vec![EntryId::Place(1)]);
        assert!(find(&["a", "coruña"], true).is_empty());
        assert_eq!(find(&["de", "Gaulle"], true), vec![EntryId::Person(0)]);
        let mut out = Vec::new();
        assert!(ix.lookup_step(&["A"], "a", true, true, &mut out));
        assert!(out.is_empty());
    }
}
