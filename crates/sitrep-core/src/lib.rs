//! sitrep's article model, input readers and text layer.
pub mod schema;
