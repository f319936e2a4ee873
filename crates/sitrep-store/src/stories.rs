//! Near-duplicate detection for story clustering: MinHash over word shingles, LSH banding.
//!
//! Wire copy is republished by many outlets with small edits (a new headline, a dropped
//! paragraph, a different byline). Such copies share most of their 5-word shingles, so the
//! Jaccard similarity of their shingle sets is high. A MinHash signature of [`HASHES`] values
//! estimates that similarity as the fraction of equal positions. LSH cuts the signature into
//! [`BANDS`] bands of [`ROWS`] values; two articles whose signatures agree on a whole band become
//! candidates, and candidates are kept when their estimate reaches the threshold. With 32 bands
//! of 4 rows a pair at Jaccard 0.5 is found with probability ≈ 0.87, and at 0.7 with ≈ 1.0.

/// Number of hash functions in a signature.
pub const HASHES: usize = 128;
/// Number of LSH bands.
pub const BANDS: usize = 32;
/// Signature values per band.
pub const ROWS: usize = HASHES / BANDS;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Default estimated Jaccard at which an article joins an existing story.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// A MinHash signature: the minimum of each of [`HASHES`] hash functions over the shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

/// SplitMix64 finaliser: a cheap, well-mixed 64-bit permutation.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Lower-case word tokens: runs of alphanumeric characters.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Hashes of the text's overlapping [`SHINGLE_WORDS`]-word shingles (one shingle for a
/// shorter text, none for a text without words).
pub fn shingles(text: &str) -> Vec<u64> {
    let words = words(text);
    if words.is_empty() {
        return Vec::new();
    }
    let width = SHINGLE_WORDS.min(words.len());
    let mut out: Vec<u64> = words
        .windows(width)
        .map(|w| {
            let mut h = 0xcbf2_9ce4_8422_2325_u64;
            for word in w {
                h = mix(h ^ sitrep_core::ids::fnv1a(word.as_bytes()));
            }
            h
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Signature {
    /// The signature of a text, or `None` when the text has no words.
    pub fn of_text(text: &str) -> Option<Signature> {
        let shingles = shingles(text);
        if shingles.is_empty() {
            return None;
        }
        // Hash function i is multiply-shift, (a_i · x + b_i) >> 32 with odd a_i: one multiply
        // per shingle and function, over shingle hashes that are already well mixed.
        let coefficients: Vec<(u64, u64)> = (0..HASHES as u64)
            .map(|i| (mix(2 * i) | 1, mix(2 * i + 1)))
            .collect();
        let mut mins = vec![u32::MAX; HASHES];
        for s in shingles {
            for (m, (a, b)) in mins.iter_mut().zip(&coefficients) {
                let h = (a.wrapping_mul(s).wrapping_add(*b) >> 32) as u32;
                *m = (*m).min(h);
            }
        }
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity: the fraction of positions where both signatures agree.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let n = self.0.len().min(other.0.len());
        if n == 0 {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / n as f64
    }

    /// One LSH key per band; the band number is mixed in so keys of different bands never meet.
    pub fn band_keys(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut h = mix(band as u64);
                for r in rows {
                    h = mix(h ^ u64::from(*r));
                }
                h as i64
            })
            .collect()
    }

    /// Little-endian bytes for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads bytes written by [`Signature::to_bytes`]; trailing partial values are ignored.
    pub fn from_bytes(bytes: &[u8]) -> Signature {
        Signature(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "Belarus will buy more than $1 billion worth of Russian weapons by 2025, \
        including dozens of aircraft, helicopters and air defence systems, President Alexander \
        Lukashenko said on Monday as the two countries held large-scale joint military exercises \
        near the borders of the European Union. Lukashenko said Minsk also wanted to buy S-400 \
        missile systems to deploy on the border with Ukraine.";

    #[test]
    fn identical_texts_have_identical_signatures() {
        let a = Signature::of_text(BASE).unwrap();
        let b = Signature::of_text(BASE).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.similarity(&b), 1.0);
        assert_eq!(a.band_keys(), b.band_keys());
        assert_eq!(a.band_keys().len(), BANDS);
    }

    #[test]
    fn a_lightly_edited_copy_is_similar_and_shares_a_band() {
        let edited = BASE.replace("on Monday", "on Monday, state media reported,");
        let a = Signature::of_text(BASE).unwrap();
        let b = Signature::of_text(&edited).unwrap();
        assert!(a.similarity(&b) >= 0.5, "similarity {}", a.similarity(&b));
        let ka = a.band_keys();
        assert!(b.band_keys().iter().zip(&ka).any(|(x, y)| x == y));
    }

    #[test]
    fn different_stories_are_dissimilar() {
        let other = "Poland declared a state of emergency along its border with Belarus on \
            Thursday after thousands of migrants tried to cross, the interior ministry in Warsaw \
            said, blaming the government in Minsk for the crisis.";
        let a = Signature::of_text(BASE).unwrap();
        let b = Signature::of_text(other).unwrap();
        assert!(a.similarity(&b) < 0.1, "similarity {}", a.similarity(&b));
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let a = Signature::of_text("The Quick brown fox, jumps over the lazy dog!").unwrap();
        let b = Signature::of_text("the quick brown fox jumps over the lazy dog").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn empty_text_has_no_signature_and_short_text_has_one() {
        assert!(Signature::of_text("  ... ").is_none());
        assert!(Signature::of_text("Two words").is_some());
    }

    #[test]
    fn bytes_round_trip() {
        let a = Signature::of_text(BASE).unwrap();
        assert_eq!(Signature::from_bytes(&a.to_bytes()), a);
    }
}
