//! Part-of-speech tagger: greedy left-to-right averaged perceptron over Universal POS tags.
//!
//! Features (see [`PosTagger::tag`]): the word, its lower case, shape, prefixes and suffixes of
//! one to four characters, the words two to the left and right, neighbour suffixes, word-cluster
//! path prefixes, and the two previous predicted tags. Frequent words that (almost) always carry
//! one tag in training are tagged from a dictionary without scoring. Training uses the tagger's
//! own previous predictions as history, as decoding does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::clusters::WordClusters;
use crate::features::{key, prefix, suffix, SentenceText, TokenView, WordMap};
use crate::model_file::{pack, unpack, ModelError, Reader, Writer};
use crate::perceptron::{argmax, Trainer, Weights, WordMemo};

/// Universal POS tags (UD v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs, clippy::upper_case_acronyms)]
pub enum Upos {
    ADJ,
    ADP,
    ADV,
    AUX,
    CCONJ,
    DET,
    INTJ,
    NOUN,
    NUM,
    PART,
    PRON,
    PROPN,
    PUNCT,
    SCONJ,
    SYM,
    VERB,
    X,
}

impl Upos {
    /// All tags, in class-index order.
    pub const ALL: [Upos; 17] = [
        Upos::ADJ,
        Upos::ADP,
        Upos::ADV,
        Upos::AUX,
        Upos::CCONJ,
        Upos::DET,
        Upos::INTJ,
        Upos::NOUN,
        Upos::NUM,
        Upos::PART,
        Upos::PRON,
        Upos::PROPN,
        Upos::PUNCT,
        Upos::SCONJ,
        Upos::SYM,
        Upos::VERB,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U.
    pub fn as_str(self) -> &'static str {
        const NAMES: [&str; 17] = [
            "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
        ];
        NAMES[self as usize]
    }

    /// Parse a CoNLL-U UPOS tag.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|t| t.as_str() == s)
    }

    fn from_index(i: usize) -> Upos {
        Upos::ALL[i.min(16)]
    }
}

const MAGIC: &str = "SITREP-POS-1";
const N: usize = 17;
const START: &str = "-START-";
const END: &str = "-END-";
/// History value for "no tag" (before the sentence start).
const NO_TAG: u8 = 255;

/// Training settings.
#[derive(Debug, Clone)]
pub struct PosTrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for the per-epoch shuffle.
    pub seed: u64,
    /// Drop feature rows whose largest averaged weight is below this.
    pub prune: f32,
}

impl Default for PosTrainOptions {
    fn default() -> Self {
        PosTrainOptions {
            epochs: 10,
            seed: 1,
            prune: 0.02,
        }
    }
}

/// The trained POS tagger.
#[derive(Debug, Clone)]
pub struct PosTagger {
    weights: Weights,
    tagdict: WordMap<u8>,
    clusters: WordClusters,
}

static EMBEDDED: OnceLock<PosTagger> = OnceLock::new();

/// What the POS tagger caches per word form (see [`WordMemo`]).
#[derive(Debug, Clone, Copy)]
struct PosWord {
    /// Tag from the tag dictionary.
    tag: Option<u8>,
    /// Cluster path index of the lower case.
    path: Option<u32>,
    /// Scores of the word-only features (not computed for dictionary words).
    partial: [f32; N],
    /// Keys of the context features this word contributes (see [`WordKeys`]).
    keys: WordKeys,
}

/// Keys of the single-word features a token contributes to itself or to its neighbours
/// (templates 11–24 of [`static_features`]): hashed once per word form and cached with it,
/// instead of once per use. Path keys are 0 without a path (never read then).
#[derive(Debug, Clone, Copy)]
struct WordKeys([u64; 14]);

impl WordKeys {
    fn of(t: &TokenView, path: Option<&str>) -> WordKeys {
        let lw = t.lower.as_bytes();
        let s3 = suffix(t.lower, 3).as_bytes();
        let mut k = [0u64; 14];
        k[0] = key(11, &[lw]);
        k[1] = key(12, &[lw]);
        k[2] = key(13, &[lw]);
        k[3] = key(14, &[lw]);
        k[4] = key(15, &[s3]);
        k[5] = key(16, &[s3]);
        if let Some(p) = path {
            let p6 = prefix(p, 6).as_bytes();
            k[6] = key(17, &[prefix(p, 4).as_bytes()]);
            k[7] = key(18, &[p6]);
            k[8] = key(19, &[prefix(p, 10).as_bytes()]);
            k[9] = key(20, &[p.as_bytes()]);
            k[10] = key(21, &[p6]);
            k[11] = key(22, &[p6]);
        }
        k[12] = key(23, &[t.form.as_bytes()]);
        k[13] = key(24, &[t.shape.as_bytes()]);
        WordKeys(k)
    }

    /// The keys of the padding before (`START`) or after (`END`) the sentence.
    fn pad(end: bool) -> &'static WordKeys {
        static PADS: OnceLock<[WordKeys; 2]> = OnceLock::new();
        let pads = PADS.get_or_init(|| {
            [START, END].map(|w| {
                let t = TokenView {
                    form: w,
                    lower: w,
                    shape: w,
                };
                WordKeys::of(&t, None)
            })
        });
        &pads[end as usize]
    }

    /// The keys of every token of a sentence.
    fn all(v: &[TokenView], paths: &[Option<&str>]) -> Vec<WordKeys> {
        v.iter()
            .zip(paths)
            .map(|(t, p)| WordKeys::of(t, *p))
            .collect()
    }
}

thread_local! {
    static MEMO: RefCell<WordMemo<PosWord>> = RefCell::default();
}

/// Number of leading static features that depend on the word form alone (templates 0–10).
const WORD_FEATURES: usize = 11;

impl PosTagger {
    /// The model shipped in the binary (`models/pos.bin`), decoded on first use.
    pub fn embedded() -> &'static PosTagger {
        EMBEDDED.get_or_init(|| {
            PosTagger::from_bytes(include_bytes!("../../../models/pos.bin"))
                .expect("embedded models/pos.bin is valid (checked by tests)")
        })
    }

    /// Load a model file.
    pub fn load(path: &Path) -> Result<PosTagger, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        PosTagger::from_bytes(&bytes)
    }

    /// Decode a model from bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<PosTagger, ModelError> {
        let body = unpack(MAGIC, bytes)?;
        let mut r = Reader::new(&body);
        let n = r.u32()? as usize;
        let mut tagdict =
            WordMap::with_capacity_and_hasher(n.min(r.remaining()), Default::default());
        for _ in 0..n {
            let w = r.str()?.to_string();
            let t = r.u32()? as u8;
            tagdict.insert(w, t);
        }
        let clusters = WordClusters::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        if weights.n_classes() != N {
            return Err(ModelError::Corrupt(
                "POS model with wrong class count".into(),
            ));
        }
        Ok(PosTagger {
            weights,
            tagdict,
            clusters,
        })
    }

    /// Encode the model as a model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        let mut dict: Vec<_> = self.tagdict.iter().collect();
        dict.sort();
        w.u32(dict.len() as u32);
        for (word, tag) in dict {
            w.str(word);
            w.u32(*tag as u32);
        }
        self.clusters.write(&mut w);
        self.weights.write(&mut w);
        pack(MAGIC, &w.into_inner())
    }

    /// Number of feature rows in the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    /// Fill this thread's per-word cache with the tag-dictionary words (what the first sight of
    /// each would store: its tag and cluster path), so a first pass over text does not pay for
    /// them. Predictions are unchanged. Start-up work, independent of the input.
    pub fn warm_up(&self) {
        MEMO.with_borrow_mut(|memo| {
            memo.for_weights(&self.weights);
            for (w, &t) in &self.tagdict {
                if memo.len() >= WordMemo::<PosWord>::MAX / 2 {
                    break;
                }
                let text = SentenceText::new(&[w.as_str()]);
                let view = text.views()[0];
                // `tag` looks words up by their normalised form.
                if view.form == w.as_str() && memo.get(w).is_none() {
                    let path = self.clusters.path_id(view.lower);
                    let keys = WordKeys::of(&view, path.map(|id| self.clusters.path_at(id)));
                    memo.insert(
                        w,
                        PosWord {
                            tag: Some(t),
                            path,
                            partial: [0.0; N],
                            keys,
                        },
                    );
                }
            }
        });
    }

    /// The words of the tag dictionary (frequent unambiguous words of the training data).
    pub fn dictionary_words(&self) -> impl Iterator<Item = &str> {
        self.tagdict.keys().map(String::as_str)
    }

    /// Tag one sentence of PTB-style tokens.
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        let text = SentenceText::new(words);
        self.tag_views(&text.views())
    }

    /// [`PosTagger::tag`] of a sentence's normalised token strings.
    pub(crate) fn tag_views(&self, views: &[TokenView<'_>]) -> Vec<Upos> {
        let n = views.len();
        MEMO.with_borrow_mut(|memo| {
            memo.for_weights(&self.weights);
            let mut partial = vec![[0f32; N]; n];
            let mut known = vec![false; n];
            let mut dict = Vec::with_capacity(n);
            let mut path_ids = Vec::with_capacity(n);
            let mut keys = Vec::with_capacity(n);
            for (i, t) in views.iter().enumerate() {
                match memo.get(t.form) {
                    Some(w) => {
                        partial[i] = w.partial;
                        known[i] = true;
                        dict.push(w.tag);
                        path_ids.push(w.path);
                        keys.push(w.keys);
                    }
                    None => {
                        let tag = self.tagdict.get(t.form).copied();
                        let path = self.clusters.path_id(t.lower);
                        let k = WordKeys::of(t, path.map(|id| self.clusters.path_at(id)));
                        if tag.is_some() {
                            memo.insert(
                                t.form,
                                PosWord {
                                    tag,
                                    path,
                                    partial: [0.0; N],
                                    keys: k,
                                },
                            );
                        }
                        dict.push(tag);
                        path_ids.push(path);
                        keys.push(k);
                    }
                }
            }
            let paths: Vec<Option<&str>> = path_ids
                .iter()
                .map(|p| p.map(|id| self.clusters.path_at(id)))
                .collect();
            // Tokens outside the tag dictionary: their tag-independent features, looked up for
            // the whole sentence at once (see `Weights::row_ids`).
            let mut feats = Vec::with_capacity(n * 32);
            let mut starts = vec![0; n + 1];
            for (i, d) in dict.iter().enumerate() {
                if d.is_none() {
                    static_features(views, &paths, &keys, i, known[i], &mut feats);
                }
                starts[i + 1] = feats.len();
            }
            let mut ids = Vec::with_capacity(feats.len());
            self.weights.row_ids(&feats, &mut ids);
            let sentence = Scored {
                views,
                dict: &dict,
                known: &known,
                paths: &path_ids,
                keys: &keys,
                ids: &ids,
                starts: &starts,
            };
            self.decode(&sentence, partial, memo)
        })
    }

    /// Greedy decoding of one sentence from its looked-up static features.
    fn decode(
        &self,
        sc: &Scored<'_>,
        mut partial: Vec<[f32; N]>,
        memo: &mut WordMemo<PosWord>,
    ) -> Vec<Upos> {
        let Scored {
            views,
            dict,
            known,
            paths,
            keys,
            ids,
            starts,
        } = *sc;
        let mut dynamic = Vec::with_capacity(4);
        let mut dyn_ids = Vec::with_capacity(4);
        let (mut p1, mut p2) = (NO_TAG, NO_TAG);
        let mut out = Vec::with_capacity(views.len());
        for i in 0..views.len() {
            let t = match dict[i] {
                Some(t) => t,
                None => {
                    let scores = &mut partial[i];
                    let ids = &ids[starts[i]..starts[i + 1]];
                    if known[i] {
                        self.weights.add_rows(ids, scores);
                    } else {
                        self.weights.add_rows(&ids[..WORD_FEATURES], scores);
                        let word = PosWord {
                            tag: None,
                            path: paths[i],
                            partial: *scores,
                            keys: keys[i],
                        };
                        memo.insert(views[i].form, word);
                        self.weights.add_rows(&ids[WORD_FEATURES..], scores);
                    }
                    dynamic.clear();
                    dyn_ids.clear();
                    dynamic_features(&views[i], p1, p2, &mut dynamic);
                    self.weights.row_ids(&dynamic, &mut dyn_ids);
                    self.weights.add_rows(&dyn_ids, scores);
                    argmax(scores) as u8
                }
            };
            out.push(Upos::from_index(t as usize));
            p2 = p1;
            p1 = t;
        }
        out
    }

    /// Train on `(words, tags)` sentences; `report(epoch, train_accuracy)` is called per epoch.
    pub fn train(
        data: &[(Vec<String>, Vec<Upos>)],
        clusters: WordClusters,
        opts: &PosTrainOptions,
        report: &mut dyn FnMut(usize, f64),
    ) -> PosTagger {
        let tagdict = build_tagdict(data);
        let mut trainer = Trainer::new(N);
        let texts: Vec<SentenceText> = data.iter().map(|(w, _)| SentenceText::new(w)).collect();
        let views: Vec<Vec<TokenView>> = texts.iter().map(SentenceText::views).collect();
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = opts.seed.max(1);
        let mut feats = Vec::with_capacity(40);
        let mut static_buf: Vec<Vec<u64>> = Vec::new();
        for epoch in 0..opts.epochs {
            shuffle(&mut order, &mut rng);
            let (mut correct, mut total) = (0usize, 0usize);
            for &s in &order {
                let (v, gold) = (&views[s], &data[s].1);
                static_buf.clear();
                let paths: Vec<Option<&str>> = v.iter().map(|t| clusters.path(t.lower)).collect();
                let keys = WordKeys::all(v, &paths);
                for i in 0..v.len() {
                    let mut f = Vec::with_capacity(32);
                    static_features(v, &paths, &keys, i, false, &mut f);
                    static_buf.push(f);
                }
                let (mut p1, mut p2) = (NO_TAG, NO_TAG);
                for i in 0..v.len() {
                    let g = gold[i] as usize;
                    let pred = if let Some(&t) = tagdict.get(v[i].form) {
                        t as usize
                    } else {
                        feats.clear();
                        feats.extend_from_slice(&static_buf[i]);
                        dynamic_features(&v[i], p1, p2, &mut feats);
                        let mut scores = [0f32; N];
                        trainer.add_scores(&feats, &mut scores);
                        let p = argmax(&scores);
                        if p != g {
                            for &f in &feats {
                                trainer.update(f, g, 1.0);
                                trainer.update(f, p, -1.0);
                            }
                        }
                        trainer.tick();
                        p
                    };
                    correct += (pred == g) as usize;
                    total += 1;
                    p2 = p1;
                    p1 = pred as u8;
                }
            }
            report(epoch + 1, correct as f64 / total.max(1) as f64);
        }
        PosTagger {
            weights: trainer.average(opts.prune),
            tagdict,
            clusters,
        }
    }
}

/// One sentence's per-token lookups, for [`PosTagger::decode`].
#[derive(Clone, Copy)]
struct Scored<'a> {
    views: &'a [TokenView<'a>],
    dict: &'a [Option<u8>],
    known: &'a [bool],
    paths: &'a [Option<u32>],
    keys: &'a [WordKeys],
    ids: &'a [u32],
    starts: &'a [usize],
}

/// Words seen ≥ 20 times with one tag ≥ 97 % of the time.
fn build_tagdict(data: &[(Vec<String>, Vec<Upos>)]) -> WordMap<u8> {
    let mut counts: HashMap<String, [u32; N]> = HashMap::new();
    for (words, tags) in data {
        for (w, t) in words.iter().zip(tags) {
            let form = crate::features::normalise(w).into_owned();
            counts.entry(form).or_insert([0; N])[*t as usize] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(w, c)| {
            let total: u32 = c.iter().sum();
            let (best, n) = c.iter().enumerate().max_by_key(|(_, n)| **n)?;
            (total >= 20 && *n as f64 / total as f64 >= 0.97).then_some((w, best as u8))
        })
        .collect()
}

/// Deterministic Fisher–Yates shuffle (xorshift64).
pub(crate) fn shuffle(v: &mut [usize], state: &mut u64) {
    for i in (1..v.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

fn lower_at<'a>(v: &[TokenView<'a>], i: isize) -> &'a str {
    if i < 0 {
        START
    } else if i as usize >= v.len() {
        END
    } else {
        v[i as usize].lower
    }
}

/// Features that do not depend on predicted tags.
/// The first [`WORD_FEATURES`] depend on the word form alone; `skip_word` leaves them out.
fn static_features(
    v: &[TokenView],
    paths: &[Option<&str>],
    keys: &[WordKeys],
    i: usize,
    skip_word: bool,
    out: &mut Vec<u64>,
) {
    // Key `k` of the word at `j` (the padding outside the sentence).
    let wk = |j: isize, k: usize| -> u64 {
        if j < 0 {
            WordKeys::pad(false).0[k]
        } else if j as usize >= keys.len() {
            WordKeys::pad(true).0[k]
        } else {
            keys[j as usize].0[k]
        }
    };
    let t = &v[i];
    let lw = t.lower;
    let ii = i as isize;
    if !skip_word {
        out.push(key(0, &[]));
        out.push(key(1, &[lw.as_bytes()]));
        for n in 1..=4 {
            out.push(key(1 + n as u32, &[suffix(lw, n).as_bytes()]));
            out.push(key(5 + n as u32, &[prefix(lw, n).as_bytes()]));
        }
        out.push(key(10, &[t.shape.as_bytes()]));
    }
    let l1 = lower_at(v, ii - 1);
    out.push(wk(ii - 1, 0));
    out.push(wk(ii + 1, 1));
    out.push(wk(ii - 2, 2));
    out.push(wk(ii + 2, 3));
    out.push(wk(ii - 1, 4));
    out.push(wk(ii + 1, 5));
    if paths[i].is_some() {
        out.extend_from_slice(&keys[i].0[6..10]);
    }
    if let Some(Some(_)) = i.checked_sub(1).map(|j| paths[j]) {
        out.push(keys[i - 1].0[10]);
    }
    if let Some(Some(_)) = paths.get(i + 1) {
        out.push(keys[i + 1].0[11]);
    }
    out.push(keys[i].0[12]);
    out.push(wk(ii + 1, 13));
    out.push(key(25, &[t.shape.as_bytes(), &[(i == 0) as u8]]));
    out.push(key(26, &[l1.as_bytes(), lw.as_bytes()]));
}

/// Features of the tag history.
#[inline]
fn dynamic_features(t: &TokenView, p1: u8, p2: u8, out: &mut Vec<u64>) {
    out.push(key(30, &[&[p1]]));
    out.push(key(31, &[&[p2]]));
    out.push(key(32, &[&[p1, p2]]));
    out.push(key(33, &[&[p1], t.lower.as_bytes()]));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached word keys give the features hashed directly from the strings, in order.
    #[test]
    fn cached_word_keys_equal_hashed_features() {
        let words = [
            "The", "T-90s", "arrived", "in", "Minsk", "on", "Monday", ".",
        ];
        let text = SentenceText::new(&words);
        let v = text.views();
        let paths: Vec<Option<&str>> = [None, Some("0110"), Some("1011101"), None]
            .into_iter()
            .cycle()
            .take(v.len())
            .collect();
        let keys = WordKeys::all(&v, &paths);
        for i in 0..v.len() {
            let mut got = Vec::new();
            static_features(&v, &paths, &keys, i, false, &mut got);
            let ii = i as isize;
            let (l1, r1) = (lower_at(&v, ii - 1), lower_at(&v, ii + 1));
            let mut want = vec![
                key(11, &[l1.as_bytes()]),
                key(12, &[r1.as_bytes()]),
                key(13, &[lower_at(&v, ii - 2).as_bytes()]),
                key(14, &[lower_at(&v, ii + 2).as_bytes()]),
                key(15, &[suffix(l1, 3).as_bytes()]),
                key(16, &[suffix(r1, 3).as_bytes()]),
            ];
            if let Some(p) = paths[i] {
                want.push(key(17, &[prefix(p, 4).as_bytes()]));
                want.push(key(18, &[prefix(p, 6).as_bytes()]));
                want.push(key(19, &[prefix(p, 10).as_bytes()]));
                want.push(key(20, &[p.as_bytes()]));
            }
            if let Some(Some(p)) = i.checked_sub(1).map(|j| paths[j]) {
                want.push(key(21, &[prefix(p, 6).as_bytes()]));
            }
            if let Some(Some(p)) = paths.get(i + 1) {
                want.push(key(22, &[prefix(p, 6).as_bytes()]));
            }
            want.push(key(23, &[v[i].form.as_bytes()]));
            let rs = if i + 1 < v.len() { v[i + 1].shape } else { END };
            want.push(key(24, &[rs.as_bytes()]));
            // After the WORD_FEATURES word-only features, up to the two pair features.
            let n = got.len();
            assert_eq!(&got[WORD_FEATURES..n - 2], &want[..], "token {i}");
        }
    }

    fn toy() -> Vec<(Vec<String>, Vec<Upos>)> {
        let s = |w: &str, t: &[Upos]| (w.split(' ').map(str::to_string).collect(), t.to_vec());
        use Upos::*;
        vec![
            s("the dog barks", &[DET, NOUN, VERB]),
            s("a cat sleeps", &[DET, NOUN, VERB]),
            s("the cat barks", &[DET, NOUN, VERB]),
            s("Russia sells arms", &[PROPN, VERB, NOUN]),
        ]
    }

    #[test]
    fn trains_and_roundtrips() {
        let opts = PosTrainOptions {
            epochs: 10,
            seed: 3,
            prune: 0.0,
        };
        let m = PosTagger::train(&toy(), WordClusters::empty(), &opts, &mut |_, _| {});
        assert_eq!(
            m.tag(&["a", "cat", "sleeps"]),
            vec![Upos::DET, Upos::NOUN, Upos::VERB]
        );
        let back = PosTagger::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(
            back.tag(&["the", "dog", "barks"]),
            vec![Upos::DET, Upos::NOUN, Upos::VERB]
        );
    }

    #[test]
    fn upos_names_roundtrip() {
        for t in Upos::ALL {
            assert_eq!(Upos::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn embedded_model_tags_news() {
        let m = PosTagger::embedded();
        let words = ["Belarus", "will", "buy", "Russian", "arms", "."];
        let tags = m.tag(&words);
        assert_eq!(tags[0], Upos::PROPN);
        assert_eq!(tags[2], Upos::VERB);
        assert_eq!(tags[5], Upos::PUNCT);
        // The second pass scores repeated words from the per-thread memo: same tags.
        assert_eq!(m.tag(&words), tags);
        let other = ["Russian", "arms", "will", "buy", "Belarus", "."];
        let fresh = PosTagger::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(m.tag(&other), fresh.tag(&other));
    }
}
