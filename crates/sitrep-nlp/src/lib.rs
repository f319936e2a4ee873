//! sitrep statistical taggers (POS, NER): features, training, model files.
