//! sitrep's article model, input readers and text layer.
//!
//! Data flows one way: input bytes → [`input`] readers → [`article::Article`] (metadata + body)
//! → [`text::Text`] (paragraphs, sentences, tokens) → [`schema::Document`], the
//! `sitrep.article/1` shape that analysis layers (in `sitrep-extract`) fill in.
//! This crate does no analysis beyond text structure.
pub mod article;
pub mod byline;
pub mod dates;
pub mod ids;
pub mod input;
pub mod language;
pub mod outlets;
pub mod schema;
pub mod sentences;
pub mod text;
pub mod tokens;
