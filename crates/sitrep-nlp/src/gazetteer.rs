//! Gazetteer features: the caller tells the NER tagger which tokens lie inside a known phrase.
//!
//! The tagger never looks names up itself; it asks a [`Gazetteer`] for one optional [`GazTag`]
//! per token and turns it into features (class plus begin/inside position). The knowledge base
//! crate implements the trait with its own phrase matcher; [`PhraseGazetteer`] is a small built-in
//! implementation over a `CLASS<TAB>phrase` list (`data/gazetteer.tsv`: countries, demonyms,
//! capitals and major cities, regions, organisations, weapon designations, first names).
//!
//! Class names are free-form, but the NER tagger gives these a meaning when it splits its single
//! location class: a location span covered by a `COUNTRY`, `CITY`, `REGION` or `GPE` match becomes
//! GPE, other location spans stay LOC.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::features::normalise;

/// The gazetteer class of one token and whether it begins the matched phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazTag<'a> {
    /// Class name, e.g. `COUNTRY`, `CITY`, `DEMONYM`, `ORG`, `WEAPON`, `PERSON_FIRST`.
    pub class: &'a str,
    /// True on the first token of the matched phrase.
    pub begin: bool,
}

/// Source of per-token gazetteer classes for a sentence.
pub trait Gazetteer {
    /// One entry per word: the class of the phrase covering it, if any. The default knows nothing.
    fn tag(&self, words: &[&str]) -> Vec<Option<GazTag<'_>>> {
        vec![None; words.len()]
    }
}

/// A gazetteer that matches nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoGazetteer;

impl Gazetteer for NoGazetteer {}

/// True for the gazetteer classes that denote polities (GPE).
pub fn is_polity_class(class: &str) -> bool {
    matches!(
        class,
        "COUNTRY" | "CITY" | "REGION" | "GPE" | "STATE" | "PROVINCE"
    )
}

/// Longest-match phrase gazetteer over exact (quote-normalised) token sequences.
#[derive(Debug, Clone, Default)]
pub struct PhraseGazetteer {
    classes: Vec<String>,
    /// First token → phrases starting with it (rest of tokens, class index), longest first.
    index: HashMap<String, Vec<(Vec<String>, usize)>>,
}

static BUILTIN: OnceLock<PhraseGazetteer> = OnceLock::new();

impl PhraseGazetteer {
    /// Parse `CLASS<TAB>phrase` lines (`#` comments and blank lines ignored). When a phrase is
    /// listed under several classes, the first listing wins.
    pub fn parse(text: &str) -> PhraseGazetteer {
        let mut g = PhraseGazetteer::default();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((class, phrase)) = line.split_once('\t') else {
                continue;
            };
            let toks: Vec<String> = phrase
                .split_whitespace()
                .map(|t| normalise(t).into_owned())
                .collect();
            let Some(first) = toks.first().cloned() else {
                continue;
            };
            let ci = match g.classes.iter().position(|c| c == class) {
                Some(i) => i,
                None => {
                    g.classes.push(class.to_string());
                    g.classes.len() - 1
                }
            };
            let list = g.index.entry(first).or_default();
            let rest = toks[1..].to_vec();
            if !list.iter().any(|(r, _)| *r == rest) {
                list.push((rest, ci));
            }
        }
        for list in g.index.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        }
        g
    }

    /// The built-in list (`crates/sitrep-nlp/data/gazetteer.tsv`).
    pub fn builtin() -> &'static PhraseGazetteer {
        BUILTIN.get_or_init(|| PhraseGazetteer::parse(include_str!("../data/gazetteer.tsv")))
    }

    /// Class of an exact single-token phrase.
    pub fn class_of_word(&self, word: &str) -> Option<&str> {
        let list = self.index.get(normalise(word).as_ref())?;
        list.iter()
            .find(|(r, _)| r.is_empty())
            .map(|(_, c)| self.classes[*c].as_str())
    }
}

impl Gazetteer for PhraseGazetteer {
    fn tag(&self, words: &[&str]) -> Vec<Option<GazTag<'_>>> {
        let norm: Vec<std::borrow::Cow<str>> = words.iter().map(|w| normalise(w)).collect();
        let mut out = vec![None; words.len()];
        let mut i = 0;
        while i < norm.len() {
            let mut matched = 0;
            if let Some(list) = self.index.get(norm[i].as_ref()) {
                for (rest, class) in list {
                    let end = i + 1 + rest.len();
                    if end <= norm.len() && rest.iter().zip(&norm[i + 1..end]).all(|(a, b)| a == b)
                    {
                        let class = self.classes[*class].as_str();
                        for (j, slot) in out[i..end].iter_mut().enumerate() {
                            *slot = Some(GazTag {
                                class,
                                begin: j == 0,
                            });
                        }
                        matched = end - i;
                        break;
                    }
                }
            }
            i += matched.max(1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match() {
        let g =
            PhraseGazetteer::parse("COUNTRY\tUnited States\nCITY\tNew York\nCITY\tNew York City\n");
        let t = g.tag(&["in", "New", "York", "City", "and", "United", "States"]);
        assert_eq!(t[0], None);
        assert_eq!(
            t[1],
            Some(GazTag {
                class: "CITY",
                begin: true
            })
        );
        assert_eq!(
            t[3],
            Some(GazTag {
                class: "CITY",
                begin: false
            })
        );
        assert_eq!(
            t[5],
            Some(GazTag {
                class: "COUNTRY",
                begin: true
            })
        );
        assert_eq!(
            t[6],
            Some(GazTag {
                class: "COUNTRY",
                begin: false
            })
        );
    }

    #[test]
    fn builtin_knows_news_basics() {
        let g = PhraseGazetteer::builtin();
        assert_eq!(g.class_of_word("Belarus"), Some("COUNTRY"));
        assert_eq!(g.class_of_word("Russian"), Some("DEMONYM"));
        assert_eq!(g.class_of_word("Minsk"), Some("CITY"));
        assert_eq!(g.class_of_word("S-400"), Some("WEAPON"));
        assert_eq!(NoGazetteer.tag(&["Minsk"]), vec![None]);
    }
}
