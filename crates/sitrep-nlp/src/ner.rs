//! Named-entity tagger: first-order structured averaged perceptron with Viterbi decoding.
//!
//! Labels are BIO over six model types (PERSON, ORG, LOC, NORP, WEAPON, MISC; 13 labels). GPE is
//! not learned: a LOC span covered by a polity class of the caller's [`Gazetteer`] (country, city,
//! region) is reported as GPE, because only one training set separates countries from other places.
//!
//! Emission features: word, lower case, shape, prefixes/suffixes of 1–4 characters, words ±2,
//! shapes ±1, POS tags (from [`crate::PosTagger`]) ±1 and bigrams, word-cluster path prefixes, and
//! the gazetteer class with its begin/inside position at ±1 and ±2, plus the context features of
//! Ratinov & Roth (2009): neighbour shapes and affixes, shape trigrams, cluster prefixes of the
//! neighbours, the sentence-initial word and an all-caps (headline) sentence flag. Transition
//! weights score label bigrams; BIO validity (`I-X` only after `B-X`/`I-X`) is enforced in decoding.
//!
//! Training mixes corpora that annotate different type sets. Each token carries a bit set of the
//! labels it may take: a token outside every gold span of a corpus that never labels NORP, MISC or
//! WEAPON may be O *or* one of those. The update target is the best label sequence consistent with
//! those sets (constrained Viterbi), so a demonym predicted as NORP in a PER/ORG/LOC-only corpus is
//! not punished (latent-variable structured perceptron).

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use crate::clusters::WordClusters;
use crate::features::{key, prefix, suffix, KeyMap, SentenceText, TokenView};
use crate::gazetteer::{is_polity_class, GazTag, Gazetteer};
use crate::model_file::{pack, unpack, ModelError, Reader, Writer};
use crate::perceptron::{Trainer, Weights, WordMemo};
use crate::pos::{shuffle, PosTagger, Upos};

/// Entity types reported by the tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// People.
    Person,
    /// Organisations.
    Org,
    /// Polities: countries, cities, regions with a government.
    Gpe,
    /// Other places.
    Loc,
    /// Nationalities, religious and political groups.
    Norp,
    /// Named weapon systems.
    Weapon,
    /// Other names (events, works, laws, products …).
    Misc,
}

impl EntityType {
    /// All types.
    pub const ALL: [EntityType; 7] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
        EntityType::Norp,
        EntityType::Weapon,
        EntityType::Misc,
    ];

    /// The type's name as used in `sitrep.article/1`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Weapon => "WEAPON",
            EntityType::Misc => "MISC",
        }
    }

    /// Parse a type name.
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.iter().copied().find(|t| t.as_str() == s)
    }
}

/// The types the model scores, in label order (GPE is split from LOC after decoding).
pub const MODEL_TYPES: [EntityType; 6] = [
    EntityType::Person,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Norp,
    EntityType::Weapon,
    EntityType::Misc,
];

/// Number of BIO labels: O plus B/I per model type.
pub const N_LABELS: usize = 1 + 2 * MODEL_TYPES.len();
const START: usize = N_LABELS;
const MAGIC: &str = "SITREP-NER-1";

/// Index of a model type.
pub fn model_type_index(t: EntityType) -> usize {
    let t = if t == EntityType::Gpe {
        EntityType::Loc
    } else {
        t
    };
    MODEL_TYPES.iter().position(|m| *m == t).unwrap_or(0)
}

/// Label index of `B-type`.
pub fn begin_label(t: EntityType) -> usize {
    1 + 2 * model_type_index(t)
}

/// Label index of `I-type`.
pub fn inside_label(t: EntityType) -> usize {
    2 + 2 * model_type_index(t)
}

/// Whether label `cur` may follow label `prev` (`START` before the first token).
#[inline]
fn transition_ok(prev: usize, cur: usize) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    prev != START && prev != 0 && prev.div_ceil(2) == cur / 2
}

/// An entity mention over token indices (`end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NerSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity type.
    pub label: EntityType,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct NerTrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Drop feature rows whose largest averaged weight is below this.
    pub prune: f32,
    /// "Frustratingly easy" domain adaptation (Daumé 2007): in training every feature (and
    /// label transition) of an example also fires as a copy private to its corpus
    /// ([`NerExample::domain`]), which absorbs the corpus's own annotation habits; the copies
    /// are dropped from the saved model, so tagging uses the shared weights only.
    pub domain_adapt: bool,
    /// With `domain_adapt`: private copies only of the label priors (bias, shape, POS and
    /// transition features) rather than of every feature.
    pub domain_priors_only: bool,
}

impl Default for NerTrainOptions {
    fn default() -> Self {
        NerTrainOptions {
            epochs: 12,
            seed: 7,
            prune: 1.0,
            domain_adapt: false,
            domain_priors_only: false,
        }
    }
}

/// The copy of feature `f` private to corpus `domain`.
fn domain_key(f: u64, domain: u8) -> u64 {
    key(250, &[&f.to_le_bytes(), &[domain]])
}

/// One training sentence with its (possibly partial) supervision.
#[derive(Debug, Clone)]
pub struct NerExample {
    /// Tokens.
    pub words: Vec<String>,
    /// POS tags (predicted, as at run time).
    pub pos: Vec<Upos>,
    /// Gazetteer class and begin flag per token.
    pub gaz: Vec<Option<(String, bool)>>,
    /// Bit `l` set when label `l` is acceptable for the token.
    pub allowed: Vec<u16>,
    /// Source corpus (1, 2, …; 0 = none) for domain-specific feature copies in training, see
    /// [`NerTrainOptions::domain_adapt`].
    pub domain: u8,
}

/// The trained NER tagger.
#[derive(Debug, Clone)]
pub struct NerTagger {
    weights: Weights,
    clusters: WordClusters,
    /// Subtracted from every token's O score before decoding: trades precision for recall.
    /// Tuned on development data after training (see `MODELS.md`).
    pub o_bias: f32,
    /// Transition scores `trans[prev][cur]` (`prev` = `START` before the first token), read
    /// from `weights` once.
    trans: Box<[[f32; N_LABELS]; N_LABELS + 1]>,
}

static EMBEDDED: OnceLock<NerTagger> = OnceLock::new();

/// What the NER tagger caches per word form (see [`WordMemo`]).
#[derive(Debug, Clone, Copy)]
struct NerWord {
    /// Cluster path index of the lower case.
    path: Option<u32>,
    /// Emission scores of the word-only features.
    partial: [f32; N_LABELS],
    /// Keys of the context features this word contributes (see [`WordKeys`]).
    keys: WordKeys,
}

/// Keys of the single-word features a token contributes to itself or to its neighbours
/// (templates 112–117, 130–135, 150–154, 157–162 of [`sentence_features`]): hashed once per
/// word form and cached with it, instead of once per use. Path keys are 0 without a path
/// (never read then).
#[derive(Debug, Clone, Copy)]
struct WordKeys([u64; 23]);

impl WordKeys {
    fn of(t: &TokenView, path: Option<&str>) -> WordKeys {
        let (lw, form, shape) = (t.lower.as_bytes(), t.form.as_bytes(), t.shape.as_bytes());
        let s3 = suffix(t.lower, 3).as_bytes();
        let mut k = [0u64; 23];
        k[0] = key(112, &[lw]);
        k[1] = key(113, &[lw]);
        k[2] = key(114, &[lw]);
        k[3] = key(115, &[lw]);
        k[4] = key(116, &[form]);
        k[5] = key(117, &[form]);
        k[6] = key(150, &[shape]);
        k[7] = key(151, &[shape]);
        k[8] = key(152, &[s3]);
        k[9] = key(153, &[s3]);
        k[10] = key(154, &[prefix(t.lower, 3).as_bytes()]);
        if let Some(p) = path {
            let (p4, p6, p10) = (
                prefix(p, 4).as_bytes(),
                prefix(p, 6).as_bytes(),
                prefix(p, 10).as_bytes(),
            );
            k[11] = key(130, &[p4]);
            k[12] = key(131, &[p6]);
            k[13] = key(132, &[p10]);
            k[14] = key(133, &[p.as_bytes()]);
            k[15] = key(134, &[p6]);
            k[16] = key(135, &[p6]);
            k[17] = key(157, &[p4]);
            k[18] = key(158, &[p10]);
            k[19] = key(159, &[p.as_bytes()]);
            k[20] = key(160, &[p4]);
            k[21] = key(161, &[p10]);
            k[22] = key(162, &[p.as_bytes()]);
        }
        WordKeys(k)
    }

    /// The keys of the padding outside the sentence (no cluster path).
    fn pad() -> &'static WordKeys {
        static PAD: OnceLock<WordKeys> = OnceLock::new();
        PAD.get_or_init(|| {
            let t = TokenView {
                form: PAD_WORD,
                lower: PAD_WORD,
                shape: PAD_WORD,
            };
            WordKeys::of(&t, None)
        })
    }

    /// The keys of every token of a sentence.
    fn all(v: &[TokenView], paths: &[Option<&str>]) -> Vec<WordKeys> {
        v.iter()
            .zip(paths)
            .map(|(t, p)| WordKeys::of(t, *p))
            .collect()
    }
}

/// The word outside a sentence's ends, in context features.
const PAD_WORD: &str = "<pad>";

thread_local! {
    static MEMO: RefCell<WordMemo<NerWord>> = RefCell::default();
}

/// Number of leading features of a token that depend on its form alone (templates 100–111 of
/// [`sentence_features`]).
const WORD_FEATURES: usize = 12;

fn trans_key(prev: usize) -> u64 {
    key(200, &[&[prev as u8]])
}

impl NerTagger {
    /// The model shipped in the binary (`models/ner.bin`), decoded on first use.
    pub fn embedded() -> &'static NerTagger {
        EMBEDDED.get_or_init(|| {
            NerTagger::from_bytes(include_bytes!("../../../models/ner.bin"))
                .expect("embedded models/ner.bin is valid (checked by tests)")
        })
    }

    /// Load a model file.
    pub fn load(path: &Path) -> Result<NerTagger, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        NerTagger::from_bytes(&bytes)
    }

    /// Decode a model from bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerTagger, ModelError> {
        let body = unpack(MAGIC, bytes)?;
        let mut r = Reader::new(&body);
        let clusters = WordClusters::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        if weights.n_classes() != N_LABELS {
            return Err(ModelError::Corrupt(
                "NER model with wrong label count".into(),
            ));
        }
        let o_bias = r.f32()?;
        Ok(NerTagger::new(weights, clusters, o_bias))
    }

    fn new(weights: Weights, clusters: WordClusters, o_bias: f32) -> NerTagger {
        let mut trans = Box::new([[0f32; N_LABELS]; N_LABELS + 1]);
        for (p, row) in trans.iter_mut().enumerate() {
            if let Some(w) = weights.row(trans_key(p)) {
                row.copy_from_slice(&w);
            }
        }
        NerTagger {
            weights,
            clusters,
            o_bias,
            trans,
        }
    }

    /// Encode as a model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.clusters.write(&mut w);
        self.weights.write(&mut w);
        w.f32(self.o_bias);
        pack(MAGIC, &w.into_inner())
    }

    /// Number of feature rows in the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    /// Fill this thread's per-word cache with `words` (typically the POS tag dictionary: the
    /// frequent words of the training data): their cluster path and the partial score of their
    /// word-only features, exactly what the first sight of each would store. Predictions are
    /// unchanged; a first pass over text no longer pays for these words. Start-up work,
    /// independent of the input. Stops at half the cache's capacity.
    pub fn warm_up<'w>(&self, words: impl IntoIterator<Item = &'w str>) {
        MEMO.with_borrow_mut(|memo| {
            memo.for_weights(&self.weights);
            let mut feats = Vec::with_capacity(64);
            let mut starts = Vec::with_capacity(2);
            let mut ids = Vec::with_capacity(64);
            for w in words {
                if memo.len() >= WordMemo::<NerWord>::MAX / 2 {
                    break;
                }
                let text = SentenceText::new(&[w]);
                let views = text.views();
                let form = views[0].form;
                if form.is_empty() || memo.get(form).is_some() {
                    continue;
                }
                let path = self.clusters.path_id(views[0].lower);
                let paths = [path.map(|id| self.clusters.path_at(id))];
                let keys = WordKeys::all(&views, &paths);
                sentence_features(
                    &views,
                    &[Upos::X],
                    &[None],
                    &paths,
                    &keys,
                    None,
                    &mut feats,
                    &mut starts,
                );
                ids.clear();
                self.weights.row_ids(&feats[..WORD_FEATURES], &mut ids);
                let mut partial = [0f32; N_LABELS];
                self.weights.add_rows(&ids, &mut partial);
                memo.insert(
                    form,
                    NerWord {
                        path,
                        partial,
                        keys: keys[0],
                    },
                );
            }
        });
    }

    /// Find entity mentions in one sentence. `pos` must have one tag per word.
    pub fn tag(&self, words: &[&str], pos: &[Upos], gaz: &dyn Gazetteer) -> Vec<NerSpan> {
        let g = gaz.tag(words);
        let labels = self.labels(words, pos, &g);
        spans_from_labels(&labels, &g)
    }

    /// Emission scores per token and label (before transitions), for inspection.
    pub fn emission_scores(
        &self,
        words: &[&str],
        pos: &[Upos],
        gaz: &[Option<GazTag<'_>>],
    ) -> Vec<[f32; N_LABELS]> {
        let text = SentenceText::new(words);
        let views = text.views();
        let (mut feats, mut starts) = (Vec::new(), Vec::new());
        let paths: Vec<Option<&str>> = views.iter().map(|t| self.clusters.path(t.lower)).collect();
        let keys = WordKeys::all(&views, &paths);
        sentence_features(
            &views,
            pos,
            gaz,
            &paths,
            &keys,
            None,
            &mut feats,
            &mut starts,
        );
        let mut emit = vec![[0f32; N_LABELS]; words.len()];
        for (i, e) in emit.iter_mut().enumerate() {
            self.weights.add_scores(&feats[starts[i]..starts[i + 1]], e);
        }
        emit
    }

    /// The BIO label indices for one sentence.
    pub fn labels(&self, words: &[&str], pos: &[Upos], gaz: &[Option<GazTag<'_>>]) -> Vec<u8> {
        if words.is_empty() {
            return Vec::new();
        }
        let text = SentenceText::new(words);
        self.labels_views(&text.views(), pos, gaz)
    }

    /// POS-tag a sentence with `pos_tagger`, then find its entity mentions: [`PosTagger::tag`]
    /// and [`NerTagger::tag`] with the sentence's token strings normalised once for both.
    pub fn tag_with_pos(
        &self,
        pos_tagger: &PosTagger,
        words: &[&str],
        gaz: &dyn Gazetteer,
    ) -> (Vec<Upos>, Vec<NerSpan>) {
        if words.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let text = SentenceText::new(words);
        let views = text.views();
        let pos = pos_tagger.tag_views(&views);
        let g = gaz.tag(words);
        let labels = self.labels_views(&views, &pos, &g);
        let spans = spans_from_labels(&labels, &g);
        (pos, spans)
    }

    /// [`NerTagger::labels`] of a sentence's normalised token strings.
    fn labels_views(
        &self,
        views: &[TokenView<'_>],
        pos: &[Upos],
        gaz: &[Option<GazTag<'_>>],
    ) -> Vec<u8> {
        let emit = MEMO.with_borrow_mut(|memo| {
            memo.for_weights(&self.weights);
            let n = views.len();
            let mut emit = vec![[0f32; N_LABELS]; n];
            let mut known = vec![false; n];
            let mut path_ids = Vec::with_capacity(n);
            let mut keys = Vec::with_capacity(n);
            for (i, t) in views.iter().enumerate() {
                match memo.get(t.form) {
                    Some(w) => {
                        emit[i] = w.partial;
                        known[i] = true;
                        path_ids.push(w.path);
                        keys.push(w.keys);
                    }
                    None => {
                        let path = self.clusters.path_id(t.lower);
                        path_ids.push(path);
                        keys.push(WordKeys::of(t, path.map(|id| self.clusters.path_at(id))));
                    }
                }
            }
            let paths: Vec<Option<&str>> = path_ids
                .iter()
                .map(|p| p.map(|id| self.clusters.path_at(id)))
                .collect();
            let mut feats = Vec::with_capacity(n * 48);
            let mut starts = Vec::with_capacity(n + 1);
            sentence_features(
                views,
                pos,
                gaz,
                &paths,
                &keys,
                Some(&known),
                &mut feats,
                &mut starts,
            );
            let mut ids = Vec::with_capacity(feats.len());
            self.weights.row_ids(&feats, &mut ids);
            for (i, e) in emit.iter_mut().enumerate() {
                let ids = &ids[starts[i]..starts[i + 1]];
                if known[i] {
                    self.weights.add_rows(ids, e);
                } else {
                    self.weights.add_rows(&ids[..WORD_FEATURES], e);
                    let word = NerWord {
                        path: path_ids[i],
                        partial: *e,
                        keys: keys[i],
                    };
                    memo.insert(views[i].form, word);
                    self.weights.add_rows(&ids[WORD_FEATURES..], e);
                }
                e[0] -= self.o_bias;
            }
            emit
        });
        viterbi(&emit, &self.trans, None)
    }

    /// Train on examples; `report(epoch, fraction of sentences decoded consistently)`.
    pub fn train(
        data: &[NerExample],
        clusters: WordClusters,
        opts: &NerTrainOptions,
        report: &mut dyn FnMut(usize, f64),
    ) -> NerTagger {
        // Features do not depend on the weights: extract them once.
        let mut all_feats: Vec<(Vec<u64>, Vec<usize>)> = Vec::with_capacity(data.len());
        let mut private: KeyMap<()> = KeyMap::default();
        for ex in data {
            let text = SentenceText::new(&ex.words);
            let views = text.views();
            let gaz: Vec<Option<GazTag>> = ex
                .gaz
                .iter()
                .map(|g| {
                    g.as_ref().map(|(c, b)| GazTag {
                        class: c.as_str(),
                        begin: *b,
                    })
                })
                .collect();
            let (mut f, mut s) = (Vec::new(), Vec::new());
            let paths: Vec<Option<&str>> = views.iter().map(|t| clusters.path(t.lower)).collect();
            let keys = WordKeys::all(&views, &paths);
            sentence_features(&views, &ex.pos, &gaz, &paths, &keys, None, &mut f, &mut s);
            if opts.domain_adapt && ex.domain != 0 {
                let (mut f2, mut s2) = (Vec::with_capacity(f.len() * 2), vec![0]);
                for (i, w) in s.windows(2).enumerate() {
                    if opts.domain_priors_only {
                        f2.extend_from_slice(&f[w[0]..w[1]]);
                        let p0 = ex.pos.get(i).map_or(201, |p| *p as u8);
                        for k in [
                            key(100, &[]),
                            key(103, &[views[i].shape.as_bytes()]),
                            key(122, &[&[p0]]),
                        ] {
                            let d = domain_key(k, ex.domain);
                            private.insert(d, ());
                            f2.push(d);
                        }
                    } else {
                        for &k in &f[w[0]..w[1]] {
                            f2.push(k);
                            let d = domain_key(k, ex.domain);
                            private.insert(d, ());
                            f2.push(d);
                        }
                    }
                    s2.push(f2.len());
                }
                (f, s) = (f2, s2);
            }
            all_feats.push((f, s));
        }
        let tkey = |prev: usize, domain: u8| -> [Option<u64>; 2] {
            let k = trans_key(prev);
            [
                Some(k),
                (opts.domain_adapt && domain != 0).then(|| domain_key(k, domain)),
            ]
        };
        if opts.domain_adapt {
            for ex in data.iter().filter(|e| e.domain != 0) {
                for p in 0..=N_LABELS {
                    if let [_, Some(d)] = tkey(p, ex.domain) {
                        private.insert(d, ());
                    }
                }
            }
        }
        let mut t = Trainer::new(N_LABELS);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = opts.seed.max(1);
        for epoch in 0..opts.epochs {
            shuffle(&mut order, &mut rng);
            let mut consistent = 0usize;
            for &si in &order {
                let ex = &data[si];
                if ex.words.is_empty() {
                    continue;
                }
                let (feats, starts) = &all_feats[si];
                let n = ex.words.len();
                let mut emit = vec![[0f32; N_LABELS]; n];
                for (i, e) in emit.iter_mut().enumerate() {
                    t.add_scores(&feats[starts[i]..starts[i + 1]], e);
                }
                let mut trans = [[0f32; N_LABELS]; N_LABELS + 1];
                for (p, row) in trans.iter_mut().enumerate() {
                    for k in tkey(p, ex.domain).into_iter().flatten() {
                        for (c, v) in row.iter_mut().enumerate() {
                            *v += t.weight(k, c);
                        }
                    }
                }
                let pred = viterbi(&emit, &trans, None);
                let ok = pred.iter().zip(&ex.allowed).all(|(l, a)| a & (1 << l) != 0);
                if ok {
                    consistent += 1;
                } else {
                    let gold = viterbi(&emit, &trans, Some(&ex.allowed));
                    let mut prev = (START, START);
                    for i in 0..n {
                        let (g, p) = (gold[i] as usize, pred[i] as usize);
                        if g != p {
                            for &f in &feats[starts[i]..starts[i + 1]] {
                                t.update(f, g, 1.0);
                                t.update(f, p, -1.0);
                            }
                        }
                        if (prev.0, g) != (prev.1, p) {
                            for k in tkey(prev.0, ex.domain).into_iter().flatten() {
                                t.update(k, g, 1.0);
                            }
                            for k in tkey(prev.1, ex.domain).into_iter().flatten() {
                                t.update(k, p, -1.0);
                            }
                        }
                        prev = (g, p);
                    }
                }
                t.tick();
            }
            report(epoch + 1, consistent as f64 / data.len().max(1) as f64);
        }
        let weights = t.average_filtered(opts.prune, |k| !private.contains_key(&k));
        NerTagger::new(weights, clusters, 0.0)
    }
}

/// Turn BIO label indices into spans, splitting LOC into GPE where the gazetteer says polity.
pub fn spans_from_labels(labels: &[u8], gaz: &[Option<GazTag<'_>>]) -> Vec<NerSpan> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i] as usize;
        if l == 0 {
            i += 1;
            continue;
        }
        let k = (l - 1) / 2;
        let mut end = i + 1;
        while end < labels.len() && labels[end] as usize == 2 + 2 * k {
            end += 1;
        }
        let mut label = MODEL_TYPES[k];
        if label == EntityType::Loc
            && gaz
                .get(i..end)
                .is_some_and(|g| g.iter().flatten().any(|t| is_polity_class(t.class)))
        {
            label = EntityType::Gpe;
        }
        out.push(NerSpan {
            start: i,
            end,
            label,
        });
        i = end;
    }
    out
}

/// Best label sequence under emission and transition scores, BIO-valid, and (when given) with
/// every label in the token's allowed bit set.
fn viterbi(
    emit: &[[f32; N_LABELS]],
    trans: &[[f32; N_LABELS]; N_LABELS + 1],
    allowed: Option<&[u16]>,
) -> Vec<u8> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let ok = |i: usize, l: usize| allowed.is_none_or(|a| a[i] & (1 << l) != 0);
    // Invalid transitions cost -inf: a path through one never beats the initial best (-inf),
    // exactly as if it were skipped.
    let mut trans = *trans;
    for (p, row) in trans.iter_mut().enumerate() {
        for (l, v) in row.iter_mut().enumerate() {
            if !transition_ok(p, l) {
                *v = NEG;
            }
        }
    }
    let mut score = vec![[NEG; N_LABELS]; n];
    let mut back = vec![[0u8; N_LABELS]; n];
    for l in 0..N_LABELS {
        if ok(0, l) && transition_ok(START, l) {
            score[0][l] = emit[0][l] + trans[START][l];
        }
    }
    for i in 1..n {
        for l in 0..N_LABELS {
            if !ok(i, l) {
                continue;
            }
            let mut best = (NEG, 0u8);
            for p in 0..N_LABELS {
                let s = score[i - 1][p] + trans[p][l];
                if s > best.0 {
                    best = (s, p as u8);
                }
            }
            if best.0 > NEG {
                score[i][l] = best.0 + emit[i][l];
                back[i][l] = best.1;
            }
        }
    }
    let mut last = 0;
    for l in 0..N_LABELS {
        if score[n - 1][l] > score[n - 1][last] {
            last = l;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

fn pos_byte(pos: &[Upos], i: isize) -> u8 {
    if i < 0 {
        200
    } else {
        pos.get(i as usize).map_or(201, |p| *p as u8)
    }
}

fn gaz_key(template: u32, g: Option<&Option<GazTag<'_>>>) -> Option<u64> {
    match g {
        Some(Some(t)) => Some(key(template, &[t.class.as_bytes(), &[t.begin as u8]])),
        _ => None,
    }
}

/// Emission features of every token, flattened: token `i` owns `feats[starts[i]..starts[i+1]]`.
/// The first [`WORD_FEATURES`] of a token depend on its form alone; they are left out for the
/// tokens marked in `skip_word`.
// The sentence's parallel per-token slices, passed separately (one table each).
#[allow(clippy::too_many_arguments)]
fn sentence_features(
    v: &[TokenView],
    pos: &[Upos],
    gaz: &[Option<GazTag<'_>>],
    paths: &[Option<&str>],
    keys: &[WordKeys],
    skip_word: Option<&[bool]>,
    feats: &mut Vec<u64>,
    starts: &mut Vec<usize>,
) {
    const PAD: &str = PAD_WORD;
    let pad = WordKeys::pad();
    // Key `k` of the word at `i` (the padding outside the sentence).
    let wk = |i: isize, k: usize| -> u64 {
        if i < 0 || i as usize >= keys.len() {
            pad.0[k]
        } else {
            keys[i as usize].0[k]
        }
    };
    let low = |i: isize| -> &str {
        if i < 0 || i as usize >= v.len() {
            PAD
        } else {
            v[i as usize].lower
        }
    };
    let shp = |i: isize| -> &str {
        if i < 0 || i as usize >= v.len() {
            PAD
        } else {
            v[i as usize].shape
        }
    };
    // Headline-style sentences (most letters upper case) make capitalisation uninformative.
    let (mut upper_words, mut alpha_words) = (0usize, 0usize);
    for t in v {
        if t.form.chars().any(char::is_alphabetic) {
            alpha_words += 1;
            upper_words += !t.form.chars().any(char::is_lowercase) as usize;
        }
    }
    let all_caps = alpha_words >= 3 && upper_words * 10 >= alpha_words * 8;
    starts.clear();
    feats.clear();
    for i in 0..v.len() {
        starts.push(feats.len());
        let ii = i as isize;
        let t = &v[i];
        let lw = t.lower;
        if !skip_word.is_some_and(|s| s[i]) {
            // Word-only features (WORD_FEATURES of them), first.
            feats.push(key(100, &[]));
            feats.push(key(101, &[t.form.as_bytes()]));
            feats.push(key(102, &[lw.as_bytes()]));
            feats.push(key(103, &[t.shape.as_bytes()]));
            for n in 1..=4 {
                feats.push(key(103 + n as u32, &[prefix(t.form, n).as_bytes()]));
                feats.push(key(107 + n as u32, &[suffix(lw, n).as_bytes()]));
            }
        }
        feats.push(wk(ii - 1, 0));
        feats.push(wk(ii + 1, 1));
        feats.push(wk(ii - 2, 2));
        feats.push(wk(ii + 2, 3));
        feats.push(wk(ii - 1, 4));
        feats.push(wk(ii + 1, 5));
        feats.push(key(118, &[shp(ii - 1).as_bytes(), t.shape.as_bytes()]));
        feats.push(key(119, &[t.shape.as_bytes(), shp(ii + 1).as_bytes()]));
        feats.push(key(120, &[low(ii - 1).as_bytes(), lw.as_bytes()]));
        feats.push(key(121, &[lw.as_bytes(), low(ii + 1).as_bytes()]));
        let (pm, p0, pp) = (
            pos_byte(pos, ii - 1),
            pos_byte(pos, ii),
            pos_byte(pos, ii + 1),
        );
        feats.push(key(122, &[&[p0]]));
        feats.push(key(123, &[&[pm]]));
        feats.push(key(124, &[&[pp]]));
        feats.push(key(125, &[&[pm, p0]]));
        feats.push(key(126, &[&[p0, pp]]));
        feats.push(key(127, &[&[p0], t.shape.as_bytes()]));
        feats.push(key(128, &[t.shape.as_bytes(), &[(i == 0) as u8]]));
        if paths[i].is_some() {
            feats.extend_from_slice(&keys[i].0[11..15]);
        }
        if let Some(Some(_)) = i.checked_sub(1).map(|j| paths[j]) {
            feats.push(keys[i - 1].0[15]);
        }
        if let Some(Some(_)) = paths.get(i + 1) {
            feats.push(keys[i + 1].0[16]);
        }
        if let Some(k) = gaz_key(140, gaz.get(i)) {
            feats.push(k);
            if let Some(Some(g)) = gaz.get(i) {
                feats.push(key(141, &[g.class.as_bytes(), t.shape.as_bytes()]));
            }
        }
        if let Some(k) = i.checked_sub(1).and_then(|j| gaz_key(142, gaz.get(j))) {
            feats.push(k);
        }
        if let Some(k) = gaz_key(143, gaz.get(i + 1)) {
            feats.push(k);
        }
        // Extended context (Ratinov & Roth 2009): neighbour shapes and affixes, more cluster
        // prefixes of the neighbours, gazetteer classes at distance 2, sentence position.
        feats.push(wk(ii - 1, 6));
        feats.push(wk(ii + 1, 7));
        feats.push(wk(ii - 1, 8));
        feats.push(wk(ii + 1, 9));
        feats.push(wk(ii + 1, 10));
        feats.push(key(
            155,
            &[
                shp(ii - 2).as_bytes(),
                shp(ii - 1).as_bytes(),
                t.shape.as_bytes(),
            ],
        ));
        feats.push(key(
            156,
            &[
                t.shape.as_bytes(),
                shp(ii + 1).as_bytes(),
                shp(ii + 2).as_bytes(),
            ],
        ));
        for (at, j) in [(17usize, ii - 1), (20, ii + 1)] {
            if j >= 0 {
                if let Some(Some(_)) = paths.get(j as usize) {
                    feats.extend_from_slice(&keys[j as usize].0[at..at + 3]);
                }
            }
        }
        if let Some(k) = gaz_key(164, (i as isize - 2 >= 0).then(|| &gaz[i - 2])) {
            feats.push(k);
        }
        if let Some(k) = gaz_key(165, gaz.get(i + 2)) {
            feats.push(k);
        }
        if i == 0 {
            feats.push(key(166, &[lw.as_bytes()]));
        }
        if all_caps {
            feats.push(key(167, &[]));
            feats.push(key(168, &[lw.as_bytes()]));
        }
    }
    starts.push(feats.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{NoGazetteer, PhraseGazetteer};

    /// Each cached word key is its template's hash of the word's string.
    #[test]
    fn cached_word_keys_equal_hashed_features() {
        let text = SentenceText::new(&["S-400s"]);
        let t = text.views()[0];
        let p = "1011100110111";
        let (lw, form, shape) = (t.lower.as_bytes(), t.form.as_bytes(), t.shape.as_bytes());
        let s3 = suffix(t.lower, 3).as_bytes();
        let (p4, p6, p10) = (
            prefix(p, 4).as_bytes(),
            prefix(p, 6).as_bytes(),
            prefix(p, 10).as_bytes(),
        );
        let want = [
            key(112, &[lw]),
            key(113, &[lw]),
            key(114, &[lw]),
            key(115, &[lw]),
            key(116, &[form]),
            key(117, &[form]),
            key(150, &[shape]),
            key(151, &[shape]),
            key(152, &[s3]),
            key(153, &[s3]),
            key(154, &[prefix(t.lower, 3).as_bytes()]),
            key(130, &[p4]),
            key(131, &[p6]),
            key(132, &[p10]),
            key(133, &[p.as_bytes()]),
            key(134, &[p6]),
            key(135, &[p6]),
            key(157, &[p4]),
            key(158, &[p10]),
            key(159, &[p.as_bytes()]),
            key(160, &[p4]),
            key(161, &[p10]),
            key(162, &[p.as_bytes()]),
        ];
        assert_eq!(WordKeys::of(&t, Some(p)).0, want);
        assert_eq!(WordKeys::pad().0[0], key(112, &[b"<pad>"]));
        assert_eq!(WordKeys::pad().0[8], key(152, &[b"ad>"]));
    }

    #[test]
    fn transitions_follow_bio() {
        let (b_per, i_per, i_org) = (
            begin_label(EntityType::Person),
            inside_label(EntityType::Person),
            inside_label(EntityType::Org),
        );
        assert!(transition_ok(START, b_per));
        assert!(!transition_ok(START, i_per));
        assert!(transition_ok(b_per, i_per));
        assert!(transition_ok(i_per, i_per));
        assert!(!transition_ok(b_per, i_org));
        assert!(!transition_ok(0, i_per));
    }

    #[test]
    fn viterbi_respects_bio_and_masks() {
        let i_per = inside_label(EntityType::Person);
        let b_per = begin_label(EntityType::Person);
        let mut emit = vec![[0f32; N_LABELS]; 2];
        emit[0][i_per] = 5.0; // invalid at the start
        emit[0][b_per] = 1.0;
        emit[1][i_per] = 3.0;
        let trans = [[0f32; N_LABELS]; N_LABELS + 1];
        assert_eq!(viterbi(&emit, &trans, None), vec![b_per as u8, i_per as u8]);
        // Only O allowed on token 1: the best path must avoid I-PER there.
        let allowed = [u16::MAX, 1u16];
        assert_eq!(viterbi(&emit, &trans, Some(&allowed)), vec![b_per as u8, 0]);
    }

    #[test]
    fn spans_split_gpe_with_gazetteer() {
        let g = PhraseGazetteer::parse("CITY\tMinsk\n");
        let words = ["Minsk", "and", "Siberia"];
        let gz = g.tag(&words);
        let b_loc = begin_label(EntityType::Loc) as u8;
        let s = spans_from_labels(&[b_loc, 0, b_loc], &gz);
        assert_eq!(
            s[0],
            NerSpan {
                start: 0,
                end: 1,
                label: EntityType::Gpe
            }
        );
        assert_eq!(
            s[1],
            NerSpan {
                start: 2,
                end: 3,
                label: EntityType::Loc
            }
        );
    }

    fn example(words: &str, labels: &[usize], allowed_extra: u16) -> NerExample {
        let words: Vec<String> = words.split(' ').map(str::to_string).collect();
        let n = words.len();
        NerExample {
            words,
            pos: vec![Upos::PROPN; n],
            gaz: vec![None; n],
            allowed: labels
                .iter()
                .map(|l| (1u16 << l) | if *l == 0 { allowed_extra } else { 0 })
                .collect(),
            domain: 0,
        }
    }

    #[test]
    fn masked_classes_are_not_pushed_to_o() {
        let norp = 1u16 << begin_label(EntityType::Norp);
        let b_norp = begin_label(EntityType::Norp);
        let b_per = begin_label(EntityType::Person);
        let mut data = Vec::new();
        for _ in 0..5 {
            // A corpus that labels NORP…
            data.push(example("Russian troops", &[b_norp, 0], 0));
            // …and one that cannot: "Russian" is O there but NORP is allowed.
            data.push(example("Russian Ivan spoke", &[0, b_per, 0], norp));
        }
        let opts = NerTrainOptions {
            epochs: 5,
            seed: 1,
            prune: 0.0,
            domain_adapt: false,
            domain_priors_only: false,
        };
        let m = NerTagger::train(&data, WordClusters::empty(), &opts, &mut |_, _| {});
        let spans = m.tag(
            &["Russian", "Ivan", "spoke"],
            &[Upos::PROPN; 3],
            &NoGazetteer,
        );
        assert_eq!(
            spans[0],
            NerSpan {
                start: 0,
                end: 1,
                label: EntityType::Norp
            }
        );
        let back = NerTagger::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(
            back.tag(
                &["Russian", "Ivan", "spoke"],
                &[Upos::PROPN; 3],
                &NoGazetteer
            ),
            spans
        );
    }
}

#[cfg(test)]
mod embedded_tests {
    use super::*;
    use crate::gazetteer::PhraseGazetteer;
    use crate::pos::PosTagger;

    #[test]
    fn tag_with_pos_equals_the_two_taggers() {
        let (pos, ner) = (PosTagger::embedded(), NerTagger::embedded());
        let gaz = PhraseGazetteer::builtin();
        for text in [
            "Belarus leader Alexander Lukashenko said on Sunday that Minsk planned to buy Russian arms .",
            "\u{201C}We won\u{2019}t sell S-400s to Ankara ,\u{201D} said Sergei Lavrov .",
            "",
        ] {
            let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            let tags = pos.tag(&words);
            let spans = ner.tag(&words, &tags, gaz);
            assert_eq!(ner.tag_with_pos(pos, &words, gaz), (tags, spans));
        }
    }

    #[test]
    fn warm_up_gives_the_same_tags_and_scores() {
        let text = "The minister said on Tuesday that the government would buy 12 new \u{201C}Stryker\u{201D} vehicles from General Dynamics for $1.2 billion , officials in Kyiv confirmed .";
        let words: Vec<&str> = text.split(' ').collect();
        let run = |warm: bool| {
            let words = words.clone();
            std::thread::spawn(move || {
                if warm {
                    crate::warm_up();
                }
                let pos = PosTagger::embedded().tag(&words);
                let g = PhraseGazetteer::builtin().tag(&words);
                let ner = NerTagger::embedded();
                // Twice: the second sentence reads every word from the cache.
                let first = (
                    ner.labels(&words, &pos, &g),
                    ner.emission_scores(&words, &pos, &g),
                );
                let second = ner.labels(&words, &pos, &g);
                (pos, first, second)
            })
            .join()
            .unwrap()
        };
        let cold = run(false);
        let warm = run(true);
        assert_eq!(cold.0, warm.0);
        assert_eq!(cold.1 .0, warm.1 .0);
        assert_eq!(cold.2, warm.2);
        for (a, b) in cold.1 .1.iter().zip(&warm.1 .1) {
            assert_eq!(a.map(f32::to_bits), b.map(f32::to_bits));
        }
        let pos = PosTagger::embedded();
        assert!(pos.dictionary_words().next().is_some());
    }

    #[test]
    fn embedded_models_tag_a_news_sentence() {
        let words: Vec<&str> = "Belarus leader Alexander Lukashenko said on Sunday that Minsk planned to buy Russian arms ."
            .split(' ')
            .collect();
        let pos = PosTagger::embedded().tag(&words);
        let spans = NerTagger::embedded().tag(&words, &pos, PhraseGazetteer::builtin());
        let found = |s: usize, e: usize| {
            spans
                .iter()
                .find(|x| x.start == s && x.end == e)
                .map(|x| x.label)
        };
        assert_eq!(found(2, 4), Some(EntityType::Person), "{spans:?}");
        assert!(
            matches!(found(8, 9), Some(EntityType::Gpe | EntityType::Loc)),
            "{spans:?}"
        );
        assert!(
            matches!(found(0, 1), Some(EntityType::Gpe | EntityType::Loc)),
            "{spans:?}"
        );
        assert_eq!(found(12, 13), Some(EntityType::Norp), "{spans:?}");
    }

    #[test]
    fn memoised_scores_equal_fresh_scores() {
        let ner = NerTagger::embedded();
        let gaz = PhraseGazetteer::builtin();
        let a: Vec<&str> = "Russian arms reached Minsk , Lukashenko said ."
            .split(' ')
            .collect();
        let b: Vec<&str> = "Lukashenko said Minsk bought Russian arms ."
            .split(' ')
            .collect();
        let (pa, pb) = (PosTagger::embedded().tag(&a), PosTagger::embedded().tag(&b));
        let (ga, gb) = (gaz.tag(&a), gaz.tag(&b));
        let first = ner.labels(&a, &pa, &ga);
        // `b` repeats `a`'s words: their word-only scores now come from the memo.
        let memo_b = ner.labels(&b, &pb, &gb);
        assert_eq!(ner.labels(&a, &pa, &ga), first);
        let fresh = NerTagger::from_bytes(&ner.to_bytes()).unwrap();
        assert_eq!(fresh.labels(&b, &pb, &gb), memo_b);
        // Emission scores without the memo match the decoded labels' source exactly.
        let e1 = ner.emission_scores(&b, &pb, &gb);
        let e2 = fresh.emission_scores(&b, &pb, &gb);
        assert_eq!(e1, e2);
    }
}
