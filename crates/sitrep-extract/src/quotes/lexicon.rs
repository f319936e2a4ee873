//! The word lists the quotes layer reads: reporting cues, closed-class grammar words, speaker
//! nouns and gendered given names. All are TSV files under `data/lexicon/`, embedded at compile
//! time and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

static CUES_TSV: &str = include_str!("../../../../data/lexicon/cues.tsv");
static GRAMMAR_TSV: &str = include_str!("../../../../data/lexicon/grammar_words.tsv");
static SPEAKER_NOUNS_TSV: &str = include_str!("../../../../data/lexicon/speaker_nouns.tsv");
static GIVEN_NAMES_TSV: &str = include_str!("../../../../data/lexicon/given_names.tsv");

/// How a reporting cue fits into its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// `X said (that) …`, `"…," X said`, `"…," said X`.
    Verb,
    /// A verb with a hearer before its clause: `X told reporters (that) …`.
    Object,
    /// After a comma, continuing the sentence's speaker: `…, adding that …`.
    Participle,
    /// Introduces a quoted label only: `what he called "…"`.
    Naming,
    /// `according to X`.
    Preposition,
}

/// One cue form: its words (lower case) and class.
#[derive(Debug, Clone)]
pub struct Cue {
    /// The lower-cased words of the form ("pointed", "out").
    pub words: Vec<&'static str>,
    /// How the cue is used.
    pub class: CueClass,
    /// Often takes a noun-phrase object instead of a clause ("announced the start").
    pub takes_np: bool,
}

/// Closed-class word categories (a word may have several).
pub mod class {
    /// he, she, it, they, we, I, you.
    pub const SUBJECT_PRONOUN: u16 = 1;
    /// his, her, its, their.
    pub const POSSESSIVE_PRONOUN: u16 = 1 << 1;
    /// the, a, an, this …
    pub const DETERMINER: u16 = 1 << 2;
    /// of, in, on …
    pub const PREPOSITION: u16 = 1 << 3;
    /// and, but, or.
    pub const CONJUNCTION: u16 = 1 << 4;
    /// as, while, because …
    pub const SUBORDINATOR: u16 = 1 << 5;
    /// is, has, would, n't …
    pub const AUXILIARY: u16 = 1 << 6;
    /// Irregular past tense: took, held …
    pub const PAST: u16 = 1 << 7;
    /// Common finite present forms: needs, plans …
    pub const PRESENT: u16 = 1 << 8;
    /// Adverbs that may sit between a subject and its cue.
    pub const ADVERB: u16 = 1 << 9;
    /// Weekdays and period nouns.
    pub const TIME: u16 = 1 << 10;
    /// last, this, next, earlier …
    pub const TIME_MODIFIER: u16 = 1 << 11;
    /// what, which, who, whom, whose.
    pub const RELATIVE: u16 = 1 << 12;
    /// him, them, us, me.
    pub const OBJECT_PRONOUN: u16 = 1 << 13;
}

/// What a speaker noun can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakerNoun {
    /// Can stand for a PERSON.
    pub person: bool,
    /// Can stand for an ORG.
    pub org: bool,
    /// Can stand for a GPE.
    pub gpe: bool,
    /// Speaks for its possessor ("his office").
    pub proxy: bool,
}

/// Grammatical gender of a given name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Usually male.
    Male,
    /// Usually female.
    Female,
}

/// All lists, parsed.
pub struct Lexicon {
    /// Cue forms, longest first.
    pub cues: Vec<Cue>,
    /// Indices into `cues` by first word, in list order.
    cues_by_first: HashMap<&'static str, Vec<usize>>,
    grammar: HashMap<&'static str, u16>,
    speaker_nouns: HashMap<&'static str, SpeakerNoun>,
    given_names: HashMap<&'static str, Gender>,
}

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|r| r.len() >= 2)
}

fn grammar_class(name: &str) -> u16 {
    match name {
        "subject_pronoun" => class::SUBJECT_PRONOUN,
        "possessive_pronoun" => class::POSSESSIVE_PRONOUN,
        "determiner" => class::DETERMINER,
        "preposition" => class::PREPOSITION,
        "conjunction" => class::CONJUNCTION,
        "subordinator" => class::SUBORDINATOR,
        "auxiliary" => class::AUXILIARY,
        "past" => class::PAST,
        "present" => class::PRESENT,
        "adverb" => class::ADVERB,
        "time" => class::TIME,
        "time_modifier" => class::TIME_MODIFIER,
        "relative" => class::RELATIVE,
        "object_pronoun" => class::OBJECT_PRONOUN,
        _ => 0,
    }
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut cues: Vec<Cue> = rows(CUES_TSV)
            .filter_map(|r| {
                let class = match *r.get(2)? {
                    "verb" => CueClass::Verb,
                    "object" => CueClass::Object,
                    "participle" => CueClass::Participle,
                    "naming" => CueClass::Naming,
                    "preposition" => CueClass::Preposition,
                    _ => return None,
                };
                Some(Cue {
                    words: r[0].split(' ').collect(),
                    class,
                    takes_np: r.get(3) == Some(&"np"),
                })
            })
            .collect();
        cues.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        let mut cues_by_first: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, c) in cues.iter().enumerate() {
            cues_by_first
                .entry(c.words.first().copied().unwrap_or(""))
                .or_default()
                .push(i);
        }
        let mut grammar: HashMap<&'static str, u16> = HashMap::new();
        for r in rows(GRAMMAR_TSV) {
            *grammar.entry(r[0]).or_default() |= grammar_class(r[1]);
        }
        let speaker_nouns = rows(SPEAKER_NOUNS_TSV)
            .map(|r| {
                let roles: Vec<&str> = r[1].split('|').collect();
                let noun = SpeakerNoun {
                    person: roles.contains(&"PERSON"),
                    org: roles.contains(&"ORG"),
                    gpe: roles.contains(&"GPE"),
                    proxy: roles.contains(&"proxy"),
                };
                (r[0], noun)
            })
            .collect();
        let given_names = rows(GIVEN_NAMES_TSV)
            .filter_map(|r| {
                let g = match r[1] {
                    "M" => Gender::Male,
                    "F" => Gender::Female,
                    _ => return None,
                };
                Some((r[0], g))
            })
            .collect();
        Lexicon {
            cues,
            cues_by_first,
            grammar,
            speaker_nouns,
            given_names,
        }
    }

    /// The shared, parsed lexicon.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::load)
    }

    /// The cues whose first word is `word` (lower-cased), longest first.
    pub fn cues_starting(&self, word: &str) -> impl Iterator<Item = &Cue> {
        self.cues_by_first
            .get(word)
            .into_iter()
            .flatten()
            .map(|&i| &self.cues[i])
    }

    /// Does lower-cased `word` belong to any of the `classes` (a bit set from [`class`])?
    pub fn is(&self, word: &str, classes: u16) -> bool {
        self.grammar.get(word).is_some_and(|c| c & classes != 0)
    }

    /// The speaker-noun entry for a lower-cased head noun (plural "officials" finds "official").
    pub fn speaker_noun(&self, word: &str) -> Option<SpeakerNoun> {
        self.speaker_nouns.get(word).copied().or_else(|| {
            let singular = word.strip_suffix("ies").map(|s| format!("{s}y"));
            let singular = singular.or_else(|| word.strip_suffix('s').map(str::to_string))?;
            self.speaker_nouns.get(singular.as_str()).copied()
        })
    }

    /// Gender of a lower-cased given name, when the list knows it.
    pub fn gender(&self, given_name: &str) -> Option<Gender> {
        self.given_names.get(given_name).copied()
    }
}
