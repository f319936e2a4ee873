//! The analysed text: body string, paragraphs, sentences and tokens, with the byte ↔ code-point
//! mapping that every analysis layer uses to report `sitrep.article/1` offsets.
//!
//! Invariant: analysis code works in byte offsets (what `str` slicing and `regex` give); the only
//! way an offset leaves for the schema is [`Text::span`] / [`Text::char_offset`].

use std::ops::Range;

use crate::schema::Span;
use crate::sentences::split_sentences;
use crate::tokens::{tokenize, Token};

/// A sentence: a byte range of the text and the range of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Indices into [`Text::tokens`].
    pub tokens: Range<usize>,
    /// Index of the paragraph that holds the sentence.
    pub paragraph: usize,
}

/// The body text with its structure.
#[derive(Debug, Clone, Default)]
pub struct Text {
    /// The body: NFC, paragraphs joined by `\n\n`.
    pub text: String,
    /// Paragraph byte ranges.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// For non-ASCII text: code-point index of every byte position (len = text.len() + 1).
    char_index: Option<Vec<u32>>,
}

impl Text {
    /// Analyse a body made of paragraphs joined by blank lines.
    pub fn new(text: String) -> Text {
        let paragraphs = paragraph_ranges(&text);
        let tokens = tokenize(&text);
        let sentences = split_sentences(&text, &paragraphs, &tokens);
        let char_index = (!text.is_ascii()).then(|| build_char_index(&text));
        Text {
            text,
            paragraphs,
            sentences,
            tokens,
            char_index,
        }
    }

    /// The text of token `i`.
    pub fn token(&self, i: usize) -> &str {
        &self.text[self.tokens[i].range()]
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.start..s.end]
    }

    /// The code-point offset of byte offset `byte`.
    pub fn char_offset(&self, byte: usize) -> usize {
        match &self.char_index {
            None => byte,
            Some(index) => index[byte.min(index.len() - 1)] as usize,
        }
    }

    /// The schema span of a byte range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.char_offset(start),
            end: self.char_offset(end),
        }
    }

    /// Index of the sentence containing byte `pos` (the last one starting at or before it).
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.start <= pos);
        i.checked_sub(1)
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < pos)
    }
}

fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for part in text.split("\n\n") {
        let trimmed_start = part.len() - part.trim_start().len();
        let content = part.trim();
        if !content.is_empty() {
            let s = pos + trimmed_start;
            out.push(s..s + content.len());
        }
        pos += part.len() + 2;
    }
    out
}

fn build_char_index(text: &str) -> Vec<u32> {
    let mut index = vec![0u32; text.len() + 1];
    let mut n = 0u32;
    for (b, c) in text.char_indices() {
        // Every byte of a multi-byte character maps to that character.
        for slot in &mut index[b..b + c.len_utf8()] {
            *slot = n;
        }
        n += 1;
    }
    index[text.len()] = n;
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let t = Text::new("Ready — go. “Yes,” he said.".to_string());
        let dash = t.text.find('—').unwrap_or(0);
        assert_eq!(t.char_offset(dash), 6);
        assert_eq!(t.char_offset(dash + '—'.len_utf8()), 7);
        assert_eq!(t.char_offset(t.text.len()), t.text.chars().count());
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let t = Text::new("One para.\n\nTwo para. Still two.".to_string());
        assert_eq!(t.paragraphs.len(), 2);
        assert_eq!(t.sentences.len(), 3);
        assert_eq!(t.sentences[2].paragraph, 1);
    }
}
