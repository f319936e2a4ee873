//! Token normalisation and hashed feature keys shared by the taggers.
//!
//! Every feature is a 64-bit hash of a template id and one or more byte strings, so feature
//! extraction never allocates a `String` per feature and the model stores `u64` keys only.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Normalise typographic quotes so features see `'` and `"` only.
pub fn normalise(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        });
    }
    Cow::Owned(out)
}

/// Word shape: `X` upper, `x` lower, `d` digit, other characters kept; runs longer than two are
/// cut to two ("Russia" → "Xxx", "S-400s" → "X-ddx").
pub fn shape(word: &str, out: &mut String) {
    out.clear();
    push_shape(word, out);
}

/// [`shape`], appended to `out`.
fn push_shape(word: &str, out: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_ascii() {
            // Same classes as the Unicode tests below, without the table lookups.
            match c {
                'A'..='Z' => 'X',
                'a'..='z' => 'x',
                '0'..='9' => 'd',
                c => c,
            }
        } else if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= 2 {
            out.push(s);
        }
    }
}

/// The first `n` characters of `s` (all of it if shorter).
#[inline]
pub fn prefix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        // At most n bytes, so at most n characters.
        return s;
    }
    if s.as_bytes()[..=n].is_ascii() {
        return &s[..n];
    }
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it if shorter).
#[inline]
pub fn suffix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    if s.as_bytes()[s.len() - n - 1..].is_ascii() {
        return &s[s.len() - n..];
    }
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

const FNV_PRIME: u64 = 0x100000001b3;

/// Hash a feature template id and its parts into a 64-bit key.
#[inline]
pub fn key(template: u32, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325 ^ (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(FNV_PRIME);
        }
        h ^= 0xff;
        h = h.wrapping_mul(FNV_PRIME);
    }
    // splitmix64 finaliser: spreads FNV's weak low bits for the identity-hashed table.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d049bb133111eb);
    h ^ (h >> 31)
}

/// A `Hasher` that passes already-hashed `u64` keys through unchanged.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A fast non-cryptographic `Hasher` for word keys (model tables, never untrusted-size input
/// that could be attacked: words are short and the tables are fixed at load time).
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        let h = self.0;
        let h = (h ^ (h >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        let h = (h ^ (h >> 27)).wrapping_mul(0x94d049bb133111eb);
        h ^ (h >> 31)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59))
                .wrapping_mul(K);
        }
    }
}

/// A map keyed by words, with [`WordHasher`].
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// A map keyed by feature hashes.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Per-token strings every feature extractor needs, computed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenView<'a> {
    /// The normalised surface form.
    pub form: &'a str,
    /// Lower-cased normalised form.
    pub lower: &'a str,
    /// Word shape (see [`shape`]).
    pub shape: &'a str,
}

/// The [`TokenView`] strings of one sentence, kept in one buffer (no allocation per token).
#[derive(Debug, Clone, Default)]
pub struct SentenceText {
    buf: String,
    shapes: String,
    /// Per token: start of form, start of lower case, end of lower case in `buf`; start and end
    /// of the shape in `shapes`.
    offsets: Vec<[u32; 5]>,
}

impl SentenceText {
    /// Normalise, lower-case and shape every word.
    pub fn new(words: &[impl AsRef<str>]) -> SentenceText {
        let mut t = SentenceText {
            buf: String::with_capacity(words.iter().map(|w| w.as_ref().len() * 2).sum()),
            shapes: String::with_capacity(words.iter().map(|w| w.as_ref().len()).sum()),
            offsets: Vec::with_capacity(words.len()),
        };
        for w in words {
            let w = w.as_ref();
            let a = t.buf.len();
            t.buf.push_str(&normalise(w));
            let b = t.buf.len();
            if t.buf[a..b].is_ascii() {
                for i in a..b {
                    let c = t.buf.as_bytes()[i].to_ascii_lowercase();
                    t.buf.push(c as char);
                }
            } else {
                let lower = t.buf[a..b].to_lowercase();
                t.buf.push_str(&lower);
            }
            let c = t.buf.len();
            let d = t.shapes.len();
            push_shape(&t.buf[a..b], &mut t.shapes);
            let e = t.shapes.len();
            t.offsets.push([a, b, c, d, e].map(|x| x as u32));
        }
        t
    }

    /// The views of all tokens.
    pub fn views(&self) -> Vec<TokenView<'_>> {
        self.offsets
            .iter()
            .map(|&[a, b, c, d, e]| TokenView {
                form: &self.buf[a as usize..b as usize],
                lower: &self.buf[b as usize..c as usize],
                shape: &self.shapes[d as usize..e as usize],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let mut s = String::new();
        shape("Russia", &mut s);
        assert_eq!(s, "Xxx");
        shape("S-400s", &mut s);
        assert_eq!(s, "X-ddx");
        shape("U.S.", &mut s);
        assert_eq!(s, "X.X.");
    }

    #[test]
    fn affixes_are_char_based() {
        assert_eq!(prefix("Zürich", 2), "Zü");
        assert_eq!(suffix("Zürich", 4), "rich");
        assert_eq!(suffix("ab", 4), "ab");
        assert_eq!(prefix("ab", 4), "ab");
        assert_eq!(prefix("abcdé", 4), "abcd");
        assert_eq!(prefix("abcé", 4), "abcé");
        assert_eq!(suffix("éabcd", 4), "abcd");
        assert_eq!(suffix("éabc", 4), "éabc");
        assert_eq!(suffix("xéabc", 4), "éabc");
        assert_eq!(prefix("abcéx", 4), "abcé");
        assert_eq!(suffix("0123456789", 3), "789");
    }

    #[test]
    fn quotes_normalised() {
        assert_eq!(normalise("Russia\u{2019}s"), "Russia's");
        assert_eq!(normalise("\u{201C}"), "\"");
    }

    #[test]
    fn keys_differ_by_template_and_part_boundaries() {
        assert_ne!(key(1, &[b"ab"]), key(2, &[b"ab"]));
        assert_ne!(key(1, &[b"a", b"b"]), key(1, &[b"ab"]));
        assert_eq!(key(3, &[b"x"]), key(3, &[b"x"]));
    }
}
