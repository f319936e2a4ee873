//! Sentence splitting over tokens, paragraph by paragraph.
//!
//! A sentence ends at `.`, `!`, `?`, `…` (and closing quotes or brackets right after them) when
//! the next token can start a sentence. Abbreviations keep their period inside the token (see
//! [`crate::tokens`]), so "Nov. 4" and "Mr. Smith" never split; an abbreviation that can close a
//! sentence ("… in the U.S. The …") splits only before a typical sentence opener. A paragraph
//! always ends a sentence, so a quote paragraph with no closing mark stays one sentence.

use std::ops::Range;

use crate::text::Sentence;
use crate::tokens::{is_abbreviation, is_prefix_abbreviation, Token};

/// Words that typically open a sentence; used after an abbreviation that could end one.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "There",
    "Some",
    "Many",
    "Most",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "So",
    "Last",
    "Earlier",
    "Later",
    "Officials",
    "Both",
    "Under",
    "According",
];

fn is_terminal(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "\u{2026}" | "?!" | "!?")
        || (tok.len() >= 2 && tok.chars().all(|c| c == '.'))
}

fn is_closer(tok: &str) -> bool {
    matches!(
        tok,
        "\"" | "\u{201D}" | "\u{2019}" | "'" | ")" | "]" | "\u{00BB}"
    )
}

/// Could `tok` open a new sentence?
fn can_open(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '"' | '\u{201C}'
                    | '\u{2018}'
                    | '\''
                    | '('
                    | '['
                    | '\u{00AB}'
                    | '$'
                    | '\u{20AC}'
                    | '\u{00A3}'
            )
            || !c.is_alphabetic() && !c.is_ascii_punctuation()
    })
}

/// Split each paragraph's tokens into sentences.
pub fn split_sentences(text: &str, paragraphs: &[Range<usize>], tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut ti = 0;
    for (pi, para) in paragraphs.iter().enumerate() {
        while ti < tokens.len() && tokens[ti].start < para.start {
            ti += 1;
        }
        let first = ti;
        while ti < tokens.len() && tokens[ti].end <= para.end {
            ti += 1;
        }
        split_paragraph(text, tokens, first..ti, pi, &mut out);
    }
    out
}

fn split_paragraph(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let tok = |i: usize| &text[tokens[i].range()];
    let mut begin = range.start;
    let mut i = range.start;
    while i < range.end {
        let t = tok(i);
        let abbreviation_end =
            t.ends_with('.') && t.len() > 1 && is_abbreviation(t) && !is_prefix_abbreviation(t);
        if is_terminal(t) || abbreviation_end {
            let mut last = i;
            while last + 1 < range.end && is_closer(tok(last + 1)) {
                last += 1;
            }
            let next = last + 1;
            let ends = if next >= range.end {
                true
            } else if abbreviation_end {
                // Initials ("J. Smith") never end; acronyms do before a sentence opener.
                t.chars().count() > 2 && OPENERS.contains(&tok(next))
            } else {
                can_open(tok(next))
            };
            if ends {
                push(tokens, begin..next, paragraph, out);
                begin = next;
                i = next;
                continue;
            }
            i = last + 1;
            continue;
        }
        i += 1;
    }
    if begin < range.end {
        push(tokens, begin..range.end, paragraph, out);
    }
}

fn push(tokens: &[Token], range: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let start = tokens[range.start].start;
    let end = tokens[range.end - 1].end;
    out.push(Sentence {
        start,
        end,
        tokens: range,
        paragraph,
    });
}
