//! Name normalisation shared by the indexes and the phrase matcher.
//!
//! Three keys are used:
//! - the *folded* key: lower case, common Latin diacritics removed, curly apostrophes made
//!   straight, tokens joined by one space ("Côte d’Ivoire" → "cote d'ivoire");
//! - the *designation* key for names with digits: only letters and digits, lower case
//!   ("S-400" / "S400" / "s 400" → "s400"), so spelling variants of designations meet;
//! - the *surface* form, tokens joined by one space, compared as-is for exact-case names.

/// Second parts of hyphenated compounds that name an origin or sponsor: "Russian-made",
/// "Iran-backed", "NATO-led". A closed list of English word formation, not knowledge.
pub const ORIGIN_SUFFIXES: &[&str] = &[
    "made",
    "built",
    "designed",
    "developed",
    "produced",
    "manufactured",
    "supplied",
    "provided",
    "donated",
    "delivered",
    "backed",
    "led",
    "funded",
    "sponsored",
    "trained",
    "armed",
    "controlled",
    "operated",
    "owned",
    "based",
    "allied",
    "aligned",
    "occupied",
    "held",
    "run",
    "origin",
];

/// Splits a name the way a PTB-like tokenizer would: on white space, with a trailing
/// possessive "'s" and edge punctuation (",;:()\"") split off; "U.S." and "S-400s" stay whole.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut w = word;
        let mut tail = Vec::new();
        while let Some(c) = w.chars().next() {
            if ",;:()\"".contains(c) {
                out.push(&w[..c.len_utf8()]);
                w = &w[c.len_utf8()..];
            } else {
                break;
            }
        }
        while let Some(c) = w.chars().last() {
            if ",;:()\"".contains(c) {
                let at = w.len() - c.len_utf8();
                tail.push(&w[at..]);
                w = &w[..at];
            } else {
                break;
            }
        }
        for poss in ["'s", "’s"] {
            if w.len() > poss.len() && w.ends_with(poss) {
                let at = w.len() - poss.len();
                tail.push(&w[at..]);
                w = &w[..at];
                break;
            }
        }
        if !w.is_empty() {
            out.push(w);
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

/// Folds one character: lower case, diacritics off for common Latin letters, straight quotes.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() && c != '`' {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ł' | 'ľ' | 'Ł' | 'Ľ' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => 's',
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            'u'
        }
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        '’' | '‘' | 'ʼ' | '`' => '\'',
        '–' | '—' | '‑' => '-',
        'ß' => {
            out.push_str("ss");
            return;
        }
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// Appends the folded form of one token to `out`.
pub(crate) fn fold_into(token: &str, out: &mut String) {
    // ASCII without a backtick (most tokens): lower-cased in one go, as `fold_char` would.
    if token.is_ascii() && !token.contains('`') {
        let start = out.len();
        out.push_str(token);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in token.chars() {
        fold_char(c, out);
    }
}

/// The folded key of a token sequence: lower case, diacritics off, joined by one space.
pub fn fold_tokens<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        fold_into(t.as_ref(), &mut out);
    }
    out
}

/// The folded key of a free-text name (tokenized first).
pub fn fold(text: &str) -> String {
    fold_tokens(&tokenize(text))
}

/// The surface form of a token sequence: tokens joined by one space, case kept.
pub fn surface<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(t.as_ref());
    }
    out
}

/// The designation key: letters and digits only, folded ("S-400" → "s400"), if it has a digit.
pub fn designation_key<S: AsRef<str>>(tokens: &[S]) -> Option<String> {
    let folded = fold_tokens(tokens);
    if !folded.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(folded.chars().filter(|c| c.is_alphanumeric()).collect())
}

/// The singular candidate of a plural designation or name ("s400s" → "s400", "Patriots" →
/// "Patriot"); `None` when the word does not end in a plural "s".
pub fn singular(word: &str) -> Option<&str> {
    let stem = word.strip_suffix("'s").or_else(|| word.strip_suffix('s'))?;
    if stem.len() < 2 || stem.ends_with('s') {
        return None;
    }
    Some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_like_ptb() {
        assert_eq!(tokenize("Russia's S-400s"), vec!["Russia", "'s", "S-400s"]);
        assert_eq!(
            tokenize("Washington, D.C."),
            vec!["Washington", ",", "D.C."]
        );
        assert_eq!(tokenize("(U.S.)"), vec!["(", "U.S.", ")"]);
    }

    #[test]
    fn folds_and_keys() {
        assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
        // The ASCII fast path folds as the per-character path does.
        for name in ["U.S. Army", "McDONNELL `Douglas`", "F-16C/D", "Tu-160M2's"] {
            let mut fast = String::new();
            let mut slow = String::new();
            for t in tokenize(name) {
                fold_into(t, &mut fast);
                t.chars().for_each(|c| fold_char(c, &mut slow));
            }
            assert_eq!(fast, slow, "{name}");
        }
        assert_eq!(designation_key(&["S-400"]), Some("s400".into()));
        assert_eq!(
            designation_key(&["Bayraktar", "TB2"]),
            Some("bayraktartb2".into())
        );
        assert_eq!(designation_key(&["Tor"]), None);
        assert_eq!(singular("s400s"), Some("s400"));
        assert_eq!(singular("Patriots"), Some("Patriot"));
        assert_eq!(singular("Stress"), None);
    }
}
