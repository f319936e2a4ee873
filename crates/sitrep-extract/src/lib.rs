//! sitrep analysis layers: entities, quotes, amounts, times, events, arms register.
pub mod annotate;
pub mod arms;
pub mod events;
pub mod pipeline;
