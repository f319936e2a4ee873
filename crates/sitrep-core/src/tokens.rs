//! Tokenisation of news text into PTB-like tokens with byte offsets.
//!
//! Design: a single left-to-right scan over whitespace-separated chunks. Each chunk is peeled:
//! leading punctuation (quotes, brackets, currency symbols) and trailing punctuation come off one
//! character at a time; what is left is split at clitics ("Russia's" → "Russia" + "'s",
//! "don't" → "do" + "n't") and at em/en dashes. Numbers with thousands separators or decimals
//! ("200,000", "1.5"), hyphenated compounds ("Moscow-led") and designations ("S-400", "Su-30SM")
//! stay whole. A final period stays on the token only for abbreviations and initials.

use std::ops::Range;

/// A token: a byte range into the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Token {
    /// The byte range of the token.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Abbreviations that keep their period (lower-cased, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "adm",
    "cmdr", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "st", "sr", "jr", "no", "nos", "vs",
    "etc", "inc", "ltd", "co", "corp", "dept", "univ", "est", "approx", "fig", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "i.e",
    "e.g", "mt", "ft", "ave", "blvd", "rd", "govt", "int'l", "cf", "al", "ph.d", "d.c", "u.s.a",
];

/// Abbreviations that never end a sentence: they always precede a name or number.
const PREFIX_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "adm",
    "cmdr", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "st", "no", "nos", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "vs", "fig",
];

/// Is `word` (with its final period) an abbreviation that keeps the period?
pub fn is_abbreviation(word: &str) -> bool {
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.is_empty() {
        return false;
    }
    if in_list_ignore_case(ABBREVIATIONS, stem) {
        return true;
    }
    // Initials and dotted acronyms: "J.", "U.S.", "U.N.", "A.B.C."
    let mut chars = stem.chars();
    let single_upper = chars.next().is_some_and(|c| c.is_uppercase()) && chars.next().is_none();
    single_upper || is_dotted_acronym(stem)
}

/// Does the abbreviation always introduce what follows (a title, a month), so never end a sentence?
pub fn is_prefix_abbreviation(word: &str) -> bool {
    word.strip_suffix('.')
        .is_some_and(|s| in_list_ignore_case(PREFIX_ABBREVIATIONS, s))
}

/// Is `word`, lower-cased, one of `list` (all ASCII lower-case)? No allocation: a non-ASCII
/// character never lower-cases into an entry (none has a "k", the only letter a non-ASCII
/// character, the Kelvin sign, lower-cases to).
fn in_list_ignore_case(list: &[&str], word: &str) -> bool {
    list.iter().any(|e| e.eq_ignore_ascii_case(word))
}

/// "No." and "Nos." are abbreviations only before a number ("No. 5"); otherwise the word "no".
fn number_abbreviation(word: &str) -> bool {
    word.eq_ignore_ascii_case("no.") || word.eq_ignore_ascii_case("nos.")
}

fn digit_follows(text: &str, pos: usize) -> bool {
    text[pos..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit())
}

fn is_dotted_acronym(stem: &str) -> bool {
    // "U.S", "U.N", "a.m" — letters separated by single periods.
    let parts: Vec<&str> = stem.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2014}' | '\u{2013}' | '\u{2012}' | '\u{2015}')
}

/// Characters that come off the front of a chunk as their own token.
fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '('
            | '['
            | '{'
            | '<'
            | '$'
            | '\u{20AC}'
            | '\u{00A3}'
            | '\u{00A5}'
            | '\u{20BD}'
            | '\u{20B9}'
            | '#'
            | '@'
            | '*'
            | '\u{2022}'
            | '\u{2018}'
            | '\''
            | '`'
            | '\u{2026}'
            | '/'
            | '|'
            | '~'
            | '\u{2039}'
            | '\u{203A}'
            | '+'
            | '='
            | '_'
            | '^'
            | '&'
            | ':'
            | ';'
            | ','
            | '!'
            | '?'
            | '.'
            | '-'
    ) || is_dash(c)
}

/// Characters that come off the end of a chunk as their own token.
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{00AB}'
            | ')'
            | ']'
            | '}'
            | '>'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '.'
            | '%'
            | '\u{2026}'
            | '*'
            | '\u{2019}'
            | '\''
            | '/'
            | '|'
            | '-'
            | '\u{203A}'
            | '\u{2039}'
    ) || is_dash(c)
}

/// Cut `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chunk_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), &mut out);
    }
    out
}

fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    let mut tail: Vec<Token> = Vec::new();
    // Leading punctuation, one character at a time ("(", "“", "$").
    while start < end {
        let c = first_char(&text[start..end]);
        if !is_leading_punct(c) {
            break;
        }
        // "'s" at the start of a chunk is a clitic on its own ("countries 's"): keep as one token.
        if is_apostrophe(c) && clitic_len(&text[start..end]).is_some() {
            break;
        }
        // A leading "..." or "--" is one token.
        let len = run_len(&text[start..end], c);
        let len = if c == '.' || c == '-' {
            len
        } else {
            c.len_utf8()
        };
        // A negative or decimal number: "-5", ".5" stays whole.
        if (c == '-' || c == '.')
            && len == 1
            && text[start + 1..end].starts_with(|d: char| d.is_ascii_digit())
        {
            break;
        }
        out.push(Token {
            start,
            end: start + len,
        });
        start += len;
    }
    // Trailing punctuation, collected in reverse.
    while start < end {
        let c = last_char(&text[start..end]);
        if !is_trailing_punct(c) {
            break;
        }
        if c == '.' {
            let word = &text[start..end];
            if word.ends_with("...") || word.ends_with("..") {
                let n = word.len() - word.trim_end_matches('.').len();
                tail.push(Token {
                    start: end - n,
                    end,
                });
                end -= n;
                continue;
            }
            if is_abbreviation(word)
                && (!number_abbreviation(word) || (tail.is_empty() && digit_follows(text, end)))
            {
                break;
            }
        }
        if is_apostrophe(c) {
            // Plural possessive "countries'" keeps the apostrophe as its own token.
            let before = &text[start..end - c.len_utf8()];
            if before.ends_with(['s', 'S']) && before.chars().count() > 1 {
                tail.push(Token {
                    start: end - c.len_utf8(),
                    end,
                });
                end -= c.len_utf8();
                continue;
            }
        }
        tail.push(Token {
            start: end - c.len_utf8(),
            end,
        });
        end -= c.len_utf8();
    }
    if start < end {
        split_word(text, start, end, out);
    }
    out.extend(tail.into_iter().rev());
}

/// Split the core of a chunk at dashes and clitics.
fn split_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // Em/en dashes and double hyphens separate words: "ready—our", "2021–2025" stays as range? No:
    // a dash between digits is kept as a range token only when both sides are digits.
    if let Some((i, c)) = word.char_indices().find(|&(i, c)| {
        (is_dash(c) && !between_digits(word, i, c)) || (c == '-' && word[i..].starts_with("--"))
    }) {
        let dash_len = if c == '-' {
            word[i..].len() - word[i..].trim_start_matches('-').len()
        } else {
            c.len_utf8()
        };
        if i > 0 {
            split_word(text, start, start + i, out);
        }
        out.push(Token {
            start: start + i,
            end: start + i + dash_len,
        });
        if start + i + dash_len < end {
            split_chunk(text, start + i + dash_len, end, out);
        }
        return;
    }
    // Clitics at the end: 's 're 've 'll 'd 'm n't.
    // Compared without lower-casing: only "N" and "T" lower-case to "n" and "t".
    let ends_ci = |suffix: &str| {
        word.len() >= suffix.len()
            && word.is_char_boundary(word.len() - suffix.len())
            && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let straight = ends_ci("n't");
    if straight || ends_ci("n\u{2019}t") {
        let clitic = if straight { 3 } else { 5 };
        let cut = end - clitic;
        if cut > start {
            // "can't" → "ca" + "n't" as PTB does.
            out.push(Token { start, end: cut });
        }
        out.push(Token { start: cut, end });
        return;
    }
    if let Some(pos) = word
        .char_indices()
        .rev()
        .find(|&(_, c)| is_apostrophe(c))
        .map(|(i, _)| i)
    {
        if pos > 0 {
            if let Some(len) = clitic_len(&word[pos..]) {
                if pos + len == word.len() {
                    out.push(Token {
                        start,
                        end: start + pos,
                    });
                    out.push(Token {
                        start: start + pos,
                        end,
                    });
                    return;
                }
            }
        }
    }
    out.push(Token { start, end });
}

/// Length in bytes of a clitic ("'s", "'re", …) at the start of `s`, when `s` is exactly one.
fn clitic_len(s: &str) -> Option<usize> {
    let mut chars = s.chars();
    let a = chars.next()?;
    if !is_apostrophe(a) {
        return None;
    }
    let rest = chars.as_str();
    ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(rest))
        .then_some(s.len())
}

fn between_digits(word: &str, i: usize, c: char) -> bool {
    let before = word[..i].chars().next_back();
    let after = word[i + c.len_utf8()..].chars().next();
    before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit())
}

fn run_len(s: &str, c: char) -> usize {
    s.len() - s.trim_start_matches(c).len()
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn last_char(s: &str) -> char {
    s.chars().next_back().unwrap_or(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.range()]).collect()
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            toks("about 200,000 personnel"),
            ["about", "200,000", "personnel"]
        );
        assert_eq!(toks("1.5 million"), ["1.5", "million"]);
        assert_eq!(
            toks("1,200 kilometers (750 miles)."),
            ["1,200", "kilometers", "(", "750", "miles", ")", "."]
        );
        assert_eq!(toks("it fell -5 points"), ["it", "fell", "-5", "points"]);
    }

    #[test]
    fn currency_symbols_split() {
        assert_eq!(toks("$1 billion"), ["$", "1", "billion"]);
        assert_eq!(toks("€300 million"), ["€", "300", "million"]);
        assert_eq!(toks("up 12%."), ["up", "12", "%", "."]);
    }

    #[test]
    fn designations_and_compounds() {
        assert_eq!(toks("Russia's S-400s"), ["Russia", "'s", "S-400s"]);
        assert_eq!(
            toks("the Su-30SM and F-16"),
            ["the", "Su-30SM", "and", "F-16"]
        );
        assert_eq!(toks("Moscow-led drills"), ["Moscow-led", "drills"]);
        assert_eq!(toks("surface-to-air"), ["surface-to-air"]);
    }

    #[test]
    fn possessives_and_contractions() {
        assert_eq!(
            toks("two countries' troops"),
            ["two", "countries", "'", "troops"]
        );
        assert_eq!(toks("Russia’s army"), ["Russia", "’s", "army"]);
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(toks("that's it"), ["that", "'s", "it"]);
        assert_eq!(toks("We'll see"), ["We", "'ll", "see"]);
        assert_eq!(toks("O'Brien said"), ["O'Brien", "said"]);
    }

    #[test]
    fn quotes_and_dashes() {
        assert_eq!(
            toks("\"We cannot relax,\" he said."),
            ["\"", "We", "cannot", "relax", ",", "\"", "he", "said", "."]
        );
        assert_eq!(toks("“Ready—now”"), ["“", "Ready", "—", "now", "”"]);
        assert_eq!(toks("ready — our"), ["ready", "—", "our"]);
        assert_eq!(toks("2021–2025"), ["2021–2025"]);
        assert_eq!(
            toks("'hybrid aggression'"),
            ["'", "hybrid", "aggression", "'"]
        );
    }

    #[test]
    fn clitics_and_abbreviations_in_any_case() {
        assert_eq!(toks("DON'T GO"), ["DO", "N'T", "GO"]);
        assert_eq!(toks("We Can\u{2019}T"), ["We", "Ca", "n\u{2019}T"]);
        assert_eq!(toks("WE'LL SEE"), ["WE", "'LL", "SEE"]);
        assert_eq!(toks("RUSSIA'S ARMY"), ["RUSSIA", "'S", "ARMY"]);
        assert_eq!(toks("MR. SMITH"), ["MR.", "SMITH"]);
        assert_eq!(toks("NO. 5 and no."), ["NO.", "5", "and", "no", "."]);
        assert_eq!(toks("Café's"), ["Café", "'s"]);
    }

    #[test]
    fn abbreviations_keep_period() {
        assert_eq!(toks("Nov. 4"), ["Nov.", "4"]);
        assert_eq!(toks("the U.S. said"), ["the", "U.S.", "said"]);
        assert_eq!(toks("Mr. Smith"), ["Mr.", "Smith"]);
        assert_eq!(toks("J. R. R. Tolkien"), ["J.", "R.", "R.", "Tolkien"]);
        assert_eq!(toks("the end."), ["the", "end", "."]);
        assert_eq!(toks("Wait..."), ["Wait", "..."]);
    }
}
