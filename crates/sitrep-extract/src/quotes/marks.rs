//! Pairing double quotation marks into quoted spans, paragraph by paragraph.
//!
//! Only double marks pair: straight `"`, curly `“ ”`, low `„` and guillemets `« »`. Single marks
//! and apostrophes ("countries'", "don't", nested 'scare quotes') are never considered, so they
//! cannot break pairing. A straight mark is an opener or a closer by what touches it (space
//! before and a letter after opens; a letter before and space or punctuation after closes), and
//! by the pairing state when that says nothing. Unbalanced marks are handled inside their
//! paragraph: an opener that is never closed runs to the paragraph end (the news convention for a
//! quote that goes on in the next paragraph, which then opens with a mark again); an opener met
//! while a quote is open closes the earlier one there; a closer with no opener is ignored.

use std::ops::Range;

use sitrep_core::text::Text;

/// One quoted stretch of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedSpan {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset of the closing mark, when there is one in the paragraph.
    pub close: Option<usize>,
    /// Bytes between the marks, trimmed of white space.
    pub content: Range<usize>,
    /// Index of the paragraph.
    pub paragraph: usize,
    /// Unclosed, and the next paragraph opens with a quotation mark: the quote goes on there.
    pub continues: bool,
}

impl QuotedSpan {
    /// Byte just after the closing mark (or the content end when unclosed).
    pub fn after(&self, text: &str) -> usize {
        match self.close {
            Some(c) => c + text[c..].chars().next().map_or(1, char::len_utf8),
            None => self.content.end,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Either,
}

fn is_double_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

fn role(c: char, prev: Option<char>, next: Option<char>) -> Role {
    let space_before =
        prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/".contains(p));
    let space_after =
        next.is_none_or(|n| n.is_whitespace() || ",.;:!?)]}\u{2014}\u{2013}".contains(n));
    let opens = space_before && !space_after;
    let closes = !space_before && space_after;
    match c {
        '\u{201C}' | '\u{201E}' | '\u{00AB}' => Role::Open,
        // A right curly mark after a space and before a word is a mis-typed opener.
        '\u{201D}' | '\u{00BB}' if opens => Role::Open,
        '\u{201D}' | '\u{00BB}' => Role::Close,
        _ if opens => Role::Open,
        _ if closes => Role::Close,
        _ => Role::Either,
    }
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

fn opens_with_mark(text: &str, para: &Range<usize>) -> bool {
    text[para.clone()]
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}'))
}

/// Find every quoted span in the text, in text order.
pub fn quoted_spans(text: &Text) -> Vec<QuotedSpan> {
    let s = text.text.as_str();
    let mut out = Vec::new();
    for (p, para) in text.paragraphs.iter().enumerate() {
        let mut open: Option<usize> = None;
        let push = |out: &mut Vec<QuotedSpan>, o: usize, close: Option<usize>, end: usize| {
            let content = trimmed(s, o + s[o..].chars().next().map_or(1, char::len_utf8)..end);
            if !content.is_empty() {
                out.push(QuotedSpan {
                    open: o,
                    close,
                    content,
                    paragraph: p,
                    continues: false,
                });
            }
        };
        let body = &s[para.clone()];
        let mut prev: Option<char> = None;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            if is_double_mark(c) {
                let at = para.start + i;
                match (open, role(c, prev, next)) {
                    (None, Role::Open | Role::Either) => open = Some(at),
                    (None, Role::Close) => {}
                    (Some(o), Role::Close | Role::Either) => {
                        push(&mut out, o, Some(at), at);
                        open = None;
                    }
                    // `…reach, “Smith said`: after a comma inside an open quote, a mark that looks
                    // like an opener is a mis-typed closer.
                    (Some(o), Role::Open) if s[o..at].trim_end().ends_with(',') => {
                        push(&mut out, o, Some(at), at);
                        open = None;
                    }
                    (Some(o), Role::Open) => {
                        push(&mut out, o, None, at);
                        open = Some(at);
                    }
                }
            }
            prev = Some(c);
        }
        if let Some(o) = open {
            let before = out.len();
            push(&mut out, o, None, para.end);
            let continues = text
                .paragraphs
                .get(p + 1)
                .is_some_and(|next| opens_with_mark(s, next));
            if out.len() > before {
                if let Some(last) = out.last_mut() {
                    last.continues = continues;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(body: &str) -> Vec<String> {
        let t = Text::new(body.to_string());
        quoted_spans(&t)
            .iter()
            .map(|q| t.text[q.content.clone()].to_string())
            .collect()
    }

    #[test]
    fn straight_and_curly_marks_pair() {
        assert_eq!(
            contents("\"One,\" she said. \u{201C}Two.\u{201D}"),
            vec!["One,", "Two."]
        );
    }

    #[test]
    fn apostrophes_do_not_pair() {
        assert_eq!(
            contents("The allies' view, he said, is \"the 'best' option we've got.\""),
            vec!["the 'best' option we've got."]
        );
    }

    #[test]
    fn unclosed_quote_runs_to_paragraph_end_and_continues() {
        let t = Text::new("\"First part.\n\n\"Second part,\" he said.".to_string());
        let q = quoted_spans(&t);
        assert_eq!(q.len(), 2);
        assert!(q[0].continues && q[0].close.is_none());
        assert_eq!(&t.text[q[1].content.clone()], "Second part,");
    }

    #[test]
    fn mistyped_closer_after_comma_closes() {
        assert_eq!(
            contents("\u{201C}It is late, \u{201C}Kay said. \u{201C}Go home.\u{201D}"),
            vec!["It is late,", "Go home."]
        );
    }

    #[test]
    fn stray_closer_is_ignored() {
        assert_eq!(contents("It was over.\" Then \"calm\" came."), vec!["calm"]);
    }
}
