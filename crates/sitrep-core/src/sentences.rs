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

/// Words that typically open a sentence; used after an abbreviation that could end one, and by
/// later layers to tell a capitalised function word from a name.
pub const OPENERS: &[&str] = &[
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

/// Is this straight quote or apostrophe token an opening mark? (Space before it, none after.)
fn opens_quote(text: &str, tok: Token) -> bool {
    let t = &text[tok.range()];
    if !matches!(t, "\"" | "'") {
        return false;
    }
    let before = text[..tok.start].chars().next_back();
    let after = text[tok.end..].chars().next();
    before.is_none_or(char::is_whitespace) && after.is_some_and(|c| !c.is_whitespace())
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
            while last + 1 < range.end
                && is_closer(tok(last + 1))
                && !opens_quote(text, tokens[last + 1])
            {
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

#[cfg(test)]
mod tests {
    use crate::text::Text;

    fn split(s: &str) -> Vec<String> {
        let t = Text::new(s.to_string());
        t.sentences
            .iter()
            .map(|x| t.sentence_text(x).to_string())
            .collect()
    }

    /// (input, expected sentences) — news-style cases written for this test.
    const CASES: &[(&str, &[&str])] = &[
        (
            "The talks ended. Both sides left.",
            &["The talks ended.", "Both sides left."],
        ),
        (
            "Talks are set for Nov. 4 in Minsk.",
            &["Talks are set for Nov. 4 in Minsk."],
        ),
        (
            "The deal was signed on Sept. 30. It runs to 2025.",
            &["The deal was signed on Sept. 30.", "It runs to 2025."],
        ),
        ("Mr. Smith met Dr. Jones.", &["Mr. Smith met Dr. Jones."]),
        (
            "Gen. Valery Gerasimov attended. Lt. Col. Ivan Petrov did not.",
            &[
                "Gen. Valery Gerasimov attended.",
                "Lt. Col. Ivan Petrov did not.",
            ],
        ),
        (
            "The U.S. and the U.N. objected.",
            &["The U.S. and the U.N. objected."],
        ),
        (
            "The sanctions came from the U.S. The EU followed.",
            &["The sanctions came from the U.S.", "The EU followed."],
        ),
        (
            "He lives on St. Petersburg's main avenue.",
            &["He lives on St. Petersburg's main avenue."],
        ),
        (
            "Resolution No. 2231 was cited.",
            &["Resolution No. 2231 was cited."],
        ),
        (
            "J. R. Hartley wrote it. Nobody read it.",
            &["J. R. Hartley wrote it.", "Nobody read it."],
        ),
        (
            "Prices rose 1.5 percent. Analysts were surprised.",
            &["Prices rose 1.5 percent.", "Analysts were surprised."],
        ),
        (
            "It cost $2.5 billion. That was a record.",
            &["It cost $2.5 billion.", "That was a record."],
        ),
        (
            "\"We are ready.\" The minister smiled.",
            &["\"We are ready.\"", "The minister smiled."],
        ),
        (
            "\u{201C}We are ready.\u{201D} The minister smiled.",
            &["\u{201C}We are ready.\u{201D}", "The minister smiled."],
        ),
        (
            "\"Are you ready?\" he asked.",
            &["\"Are you ready?\" he asked."],
        ),
        (
            "\"We are ready,\" he said. \"We will defend our land.\"",
            &["\"We are ready,\" he said.", "\"We will defend our land.\""],
        ),
        ("Wait... What happened?", &["Wait...", "What happened?"]),
        ("He paused... and went on.", &["He paused... and went on."]),
        ("Why now? Nobody knows!", &["Why now?", "Nobody knows!"]),
        (
            "Troops (about 3,000 of them.) arrived. Then they left.",
            &["Troops (about 3,000 of them.) arrived.", "Then they left."],
        ),
        (
            "\"The union does not need extra lands.",
            &["\"The union does not need extra lands."],
        ),
        (
            "It happened at 5 p.m. on Friday.",
            &["It happened at 5 p.m. on Friday."],
        ),
        (
            "Shares of Acme Inc. fell. Rivals gained.",
            &["Shares of Acme Inc. fell.", "Rivals gained."],
        ),
        (
            "The vote is on Jan. 5. Polls open early.",
            &["The vote is on Jan. 5.", "Polls open early."],
        ),
        (
            "Russia's S-400s arrived. Turkey's F-35 role ended.",
            &["Russia's S-400s arrived.", "Turkey's F-35 role ended."],
        ),
        (
            "The two countries' troops left. Calm returned.",
            &["The two countries' troops left.", "Calm returned."],
        ),
        (
            "Border length: 1,200 km. That is long.",
            &["Border length: 1,200 km.", "That is long."],
        ),
        ("The e.g. case is rare.", &["The e.g. case is rare."]),
        ("See Fig. 3 for details.", &["See Fig. 3 for details."]),
        (
            "The Su-30SM flew. A Tor fired.",
            &["The Su-30SM flew.", "A Tor fired."],
        ),
        (
            "He said: \"No.\" Then silence.",
            &["He said: \"No.\"", "Then silence."],
        ),
        (
            "They met in Washington, D.C. on Monday.",
            &["They met in Washington, D.C. on Monday."],
        ),
        (
            "Output rose 5%. Exports fell 2%.",
            &["Output rose 5%.", "Exports fell 2%."],
        ),
        (
            "It was 2021. The war had not begun.",
            &["It was 2021.", "The war had not begun."],
        ),
        ("Item one.\n\nItem two", &["Item one.", "Item two"]),
        ("No final period here", &["No final period here"]),
        ("He left.She stayed.", &["He left.She stayed."]),
        (
            "The 'Zapad' drills began. They ended later.",
            &["The 'Zapad' drills began.", "They ended later."],
        ),
        (
            "Kyiv said 12 drones were downed. 3 hit targets.",
            &["Kyiv said 12 drones were downed.", "3 hit targets."],
        ),
        (
            "Sen. Warren and Rep. Cheney spoke.",
            &["Sen. Warren and Rep. Cheney spoke."],
        ),
        (
            "The ministry — which declined to comment — said nothing. Later it relented.",
            &[
                "The ministry — which declined to comment — said nothing.",
                "Later it relented.",
            ],
        ),
        (
            "(Reporting by Jane Doe.) The end.",
            &["(Reporting by Jane Doe.)", "The end."],
        ),
    ];

    #[test]
    fn news_sentence_cases() {
        for (input, want) in CASES {
            assert_eq!(split(input), *want, "input: {input}");
        }
        assert!(CASES.len() >= 40);
    }

    proptest::proptest! {
        #[test]
        fn offsets_slice_exactly(s in "\\PC{0,200}") {
            let t = Text::new(s.clone());
            for tok in &t.tokens {
                proptest::prop_assert!(t.text.is_char_boundary(tok.start) && t.text.is_char_boundary(tok.end));
                proptest::prop_assert!(!t.text[tok.range()].trim().is_empty());
                proptest::prop_assert_eq!(&t.text[tok.range()], t.text[tok.range()].trim());
            }
            for w in t.tokens.windows(2) {
                proptest::prop_assert!(w[0].end <= w[1].start);
            }
            let chars: Vec<char> = t.text.chars().collect();
            for snt in &t.sentences {
                let span = t.span(snt.start, snt.end);
                let by_chars: String = chars[span.start..span.end].iter().collect();
                proptest::prop_assert_eq!(by_chars.as_str(), t.sentence_text(snt));
            }
        }

        #[test]
        fn tokens_cover_all_non_space(s in "[ a-zA-Z0-9.,'’\"“”$%()\\-—]{0,120}") {
            let t = Text::new(s.clone());
            let covered: usize = t.tokens.iter().map(|x| x.end - x.start).sum();
            let non_space: usize = s.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum();
            proptest::prop_assert_eq!(covered, non_space);
        }
    }
}
