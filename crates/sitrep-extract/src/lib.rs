//! sitrep analysis layers: entities, quotes, amounts, times, events, arms register.
//!
//! Each layer is a function from the analysed [`sitrep_core::text::Text`] and the layers before
//! it to its own list of schema records; [`pipeline`] runs them in dependency order.
pub mod amounts;
pub mod annotate;
pub mod arms;
pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod numbers;
pub mod pipeline;
pub mod quotes;
pub mod times;
pub mod timex_eval;
