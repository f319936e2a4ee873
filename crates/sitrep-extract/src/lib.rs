//! sitrep analysis layers: entities, quotes, amounts, times, events, arms register.
pub mod pipeline;
pub mod quotes;
