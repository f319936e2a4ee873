//! sitrep statistical taggers: part-of-speech and named entities, with their features, training,
//! evaluation and model files. Pure Rust, CPU only, no model downloads.
//!
//! # Design
//!
//! Both taggers are averaged perceptrons over hashed sparse features ([`features`],
//! [`perceptron`]): every feature is a 64-bit hash of a template id and strings (word, lower case,
//! shape, affixes, neighbours, cluster path prefixes, …), looked up in one table of per-class
//! weight rows. This keeps feature extraction allocation-light and the models small.
//!
//! - [`PosTagger`] tags Universal POS greedily left to right, using its own two previous tags
//!   as features, trained on UD English-EWT.
//! - [`NerTagger`] is a first-order structured perceptron with Viterbi decoding over BIO labels
//!   of PERSON, ORG, LOC, NORP, WEAPON, MISC; LOC spans covered by a polity class of the caller's
//!   [`Gazetteer`] are reported as GPE. It is trained on a mix of corpora that annotate different
//!   type sets; types a corpus never annotates are *masked* on its O tokens where the token could
//!   plausibly bear them (see [`ner`] and [`datasets`]).
//! - Word clusters ([`clusters`]) are induced from the unlabelled text of the training corpora
//!   by exchange clustering followed by Brown-style merging; their bit-string path prefixes are
//!   features of both taggers and are stored inside each model file.
//! - Gazetteer knowledge comes from the caller through the [`Gazetteer`] trait: the tagger never
//!   looks names up itself. [`PhraseGazetteer::builtin`] is a small hand-written list; the shipped
//!   NER model was trained with the `sitrep-kb` phrase matcher (adapter in the `sitrep` binary,
//!   `nlp_cmd::KbGazetteer`), which is what run-time callers should pass for best results.
//!
//! Model files ([`model_file`]) are a magic line plus a deflate-compressed little-endian stream
//! with 16-bit quantised weights. The shipped models are embedded in the binary
//! ([`PosTagger::embedded`], [`NerTagger::embedded`], decoded once on first use) and can also be
//! loaded from disk ([`PosTagger::load`], [`NerTagger::load`]). `MODELS.md` at the project root
//! documents their provenance, licences, training commands and scores.
//!
//! This crate does no I/O except in [`corpus`]/[`datasets`] (reading training data) and the
//! `load` functions.
//!
//! ```
//! use sitrep_nlp::{NerTagger, PhraseGazetteer, PosTagger};
//! let words = ["Minsk", "planned", "to", "buy", "Russian", "arms", "."];
//! let pos = PosTagger::embedded().tag(&words);
//! let spans = NerTagger::embedded().tag(&words, &pos, PhraseGazetteer::builtin());
//! assert!(spans.iter().any(|s| s.label.as_str() == "NORP" && s.start == 4));
//! ```

#![warn(missing_docs)]

pub mod clusters;
pub mod corpus;
pub mod datasets;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod model_file;
pub mod ner;
pub mod perceptron;
pub mod pos;

pub use clusters::WordClusters;
pub use gazetteer::{GazTag, Gazetteer, NoGazetteer, PhraseGazetteer};
pub use ner::{EntityType, NerSpan, NerTagger};
pub use pos::{PosTagger, Upos};

/// Start-up work done once per thread before analysing text: decode the embedded models and
/// fill this thread's per-word caches with the POS tag-dictionary words (see
/// [`PosTagger::warm_up`], [`NerTagger::warm_up`]). Optional: results are identical without it;
/// only the first pass over text is faster (like spaCy's model load, which its timings exclude).
pub fn warm_up() {
    let pos = PosTagger::embedded();
    pos.warm_up();
    NerTagger::embedded().warm_up(pos.dictionary_words());
}
