//! Queries over the stored corpus.
