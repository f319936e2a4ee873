//! sitrep statistical taggers (POS, NER): features, training, model files.
pub mod clusters;
pub mod corpus;
pub mod datasets;
pub mod features;
pub mod model_file;
pub mod perceptron;
pub mod pos;

pub use clusters::WordClusters;
pub use pos::{PosTagger, Upos};
