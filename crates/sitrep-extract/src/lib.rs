//! sitrep analysis layers: entities, quotes, amounts, times, events, arms register.
//!
//! Each layer is a function from the analysed [`sitrep_core::text::Text`] (and, where it needs
//! them, earlier layers) to the `sitrep.article/1` records it owns. Layers never mutate the text
//! or each other's output.
pub mod amounts;
pub mod numbers;
pub mod times;
pub mod timex_eval;
