//! sitrep statistical taggers (POS, NER): features, training, model files.
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
