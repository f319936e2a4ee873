//! A shallow clause analysis over tokens: who is the subject of a verb, what follows it as
//! object or prepositional phrase, and where one clause ends and the next begins.
//!
//! There is no parser underneath. The analysis rests on three observations about news English:
//! 1. Actors are names (the entity layer marks them), demonyms ("Russian arms"), pronouns and a
//!    few plural anaphors ("the two", "both leaders"); everything else in a noun phrase can be
//!    skipped.
//! 2. An actor inside a prepositional phrase ("in Moscow", "with Putin") is not a subject; the
//!    preposition tells its role ("to" recipient, "from" source, "by" agent, "with" partner).
//! 3. Clauses are delimited by closed-class words (that, which, as, while, because …), reporting
//!    verbs ("said") and punctuation, so a left-to-right scan between those marks finds the
//!    arguments of a verb well enough for event coding.
//!
//! Pronouns are resolved here too: "he" after a reporting verb is that verb's subject, otherwise
//! the most recent person named outside a prepositional phrase; "the two" are the two countries
//! mentioned most so far, each represented by its most-mentioned entity; "the (Belarus)
//! president" is the latest person (of that country) named.
//!
//! Word classes are computed once per token ([`Doc::is_weapon_word`] and friends). Generic
//! weapon nouns with civilian twins (planes, helicopters, ships, engines) count as weapons only in
//! a sentence with a military word, or in an article with three or more, and never in a sentence
//! with a civilian one ("airline", "passenger"): an airliner order is not an arms transfer.

use std::borrow::Cow;
use std::collections::HashMap;

use sitrep_core::schema::Entity;
use sitrep_core::text::Text;

use super::lexicon::{lexicon, Fnv, Match, Pos};

/// Prepositions that put a following actor inside a prepositional phrase.
pub const PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "on",
    "near",
    "with",
    "to",
    "from",
    "by",
    "of",
    "for",
    "against",
    "between",
    "among",
    "into",
    "onto",
    "over",
    "under",
    "during",
    "after",
    "before",
    "toward",
    "towards",
    "across",
    "along",
    "around",
    "within",
    "without",
    "via",
    "amid",
    "like",
    "about",
    "upon",
    "behind",
    "beyond",
    "inside",
    "outside",
    "throughout",
];

/// Determiners and possessive pronouns.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my",
    "your", "some", "any", "several", "many", "each", "every", "all", "no", "such", "another",
    "other", "more", "new", "further",
];

/// Words that open a new clause.
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "while", "whereas", "as", "because", "although",
    "though", "but", "when", "where", "so", "if", "unless", "whether", "since",
];

/// Punctuation that closes a clause.
const CLAUSE_PUNCT: &[&str] = &[";", ":", "—", "–", "(", ")", "\"", "“", "”", "«", "»", "--"];

/// Auxiliaries and modals: they extend a verb chain.
pub const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "'s", "'re", "'m", "has", "have",
    "had", "having", "'ve", "'d", "do", "does", "did", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "'ll", "wo", "ca", "get", "got", "gets",
];

/// Adverbs that may sit inside a verb chain.
pub const CHAIN_ADVERBS: &[&str] = &[
    "also",
    "still",
    "now",
    "already",
    "reportedly",
    "jointly",
    "soon",
    "finally",
    "eventually",
    "officially",
    "formally",
    "quickly",
    "increasingly",
    "further",
    "then",
    "just",
    "even",
    "only",
    "again",
    "ultimately",
    "actually",
    "allegedly",
    "once",
    "recently",
    "later",
    "previously",
    "swiftly",
    "immediately",
    "urgently",
    "publicly",
    "secretly",
    "repeatedly",
    "first",
    "ever",
    "apparently",
    "initially",
    "originally",
    "separately",
    "likewise",
    "too",
    "both",
    "yet",
];

/// Nouns that may stand between a preposition and a name ("in the Belarusian capital Minsk").
const NAME_NOUNS: &[&str] = &[
    "capital",
    "city",
    "town",
    "village",
    "region",
    "province",
    "state",
    "country",
    "port",
    "border",
    "president",
    "prime",
    "minister",
    "leader",
    "chief",
    "head",
    "general",
    "foreign",
    "defence",
    "defense",
    "strongman",
    "premier",
    "chancellor",
    "king",
    "counterpart",
    "colleague",
    "neighbouring",
    "neighboring",
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "occupied",
    "nearby",
    "allied",
    "fellow",
    "embattled",
];

/// Role nouns that, after "the", stand for a person named earlier ("the strongman", "the
/// Belarus president").
const ROLE_NOUNS: &[&str] = &[
    "president",
    "leader",
    "strongman",
    "premier",
    "chancellor",
    "minister",
    "king",
    "emir",
    "ruler",
    "dictator",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commander",
    "envoy",
    "ambassador",
    "monarch",
    "autocrat",
    "head",
];

/// Group nouns after "the two" / "both".
const GROUP_NOUNS: &[&str] = &[
    "leaders",
    "countries",
    "sides",
    "nations",
    "presidents",
    "governments",
    "states",
    "men",
    "allies",
    "neighbours",
    "neighbors",
    "parties",
    "militaries",
    "armies",
    "capitals",
    "partners",
    "heads",
    "ministers",
    "powers",
];

const PERSON_GROUP_NOUNS: &[&str] = &["leaders", "presidents", "men", "heads", "ministers"];

/// How an actor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorHow {
    /// A named entity.
    Named,
    /// A demonym or name used as a modifier ("Russian arms", "Moscow-led").
    Modifier,
    /// A resolved pronoun.
    Pronoun,
    /// A resolved plural anaphor ("the two").
    Plural,
}

/// An actor span in a sentence: token range and the entities it stands for.
#[derive(Debug, Clone)]
pub struct Actor {
    /// First token (document index).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity indices.
    pub entities: Vec<usize>,
    /// How it was found.
    pub how: ActorHow,
    /// It is followed by a possessive "'s" / "'".
    pub possessive: bool,
}

/// The document-wide token view the event layer works on.
pub struct Doc<'a> {
    /// The analysed text.
    pub text: &'a Text,
    /// The entity layer.
    pub entities: &'a [Entity],
    /// Lower-cased token texts.
    pub lower: Vec<Cow<'a, str>>,
    /// Entity index of each token, when it lies inside a mention.
    pub token_entity: Vec<Option<usize>>,
    /// For each sentence, its actors in text order.
    pub actors: Vec<Vec<Actor>>,
    /// Trigger-lexicon rows matching at each token, within its sentence, longest first
    /// (looked up once: the event and arms layers ask for them several times).
    matches: Vec<Vec<Match>>,
    byte_of_char: Vec<usize>,
    /// Per-token word classes, computed once (the clause scans ask for them many times).
    flags: Vec<u8>,
    /// Multi-word generic weapon nouns ("patrol boats", "air defence systems"), at their first
    /// token: designation, category and length in tokens (the longest name wins).
    generic: HashMap<usize, (&'static str, &'static str, usize)>,
}

const REPORTING: u8 = 1;
const WEAPON: u8 = 2;
const FORCE: u8 = 4;
const BOUNDARY: u8 = 8;
/// A generic weapon noun with civilian uses too (aircraft, helicopters, ships, engines).
const DUAL_USE: u8 = 16;
const MILITARY: u8 = 32;
const CIVIL: u8 = 64;

/// Weapon categories that also name civilian goods.
const DUAL_USE_CATEGORIES: &[&str] = &["aircraft", "helicopter", "ship", "engine", "sensor"];

/// Entity types that can act.
pub fn is_actor_type(kind: &str) -> bool {
    matches!(kind, "PERSON" | "ORG" | "GPE" | "NORP" | "LOC")
}

/// Is `w` a place-like entity type?
pub fn is_place_type(kind: &str) -> bool {
    matches!(kind, "GPE" | "LOC" | "FAC")
}

impl<'a> Doc<'a> {
    /// Build the view: lower-cased tokens, token → entity, actors per sentence.
    pub fn new(text: &'a Text, entities: &'a [Entity]) -> Doc<'a> {
        Doc::build(text, entities, true)
    }

    /// The view with named actors only (no pronoun or descriptor resolution): cheaper, for
    /// layers that read roles from the events layer.
    pub fn names_only(text: &'a Text, entities: &'a [Entity]) -> Doc<'a> {
        Doc::build(text, entities, false)
    }

    fn build(text: &'a Text, entities: &'a [Entity], pronouns: bool) -> Doc<'a> {
        let mut byte_of_char: Vec<usize> = text.text.char_indices().map(|(b, _)| b).collect();
        byte_of_char.push(text.text.len());
        let lower: Vec<Cow<'a, str>> = (0..text.tokens.len())
            .map(|i| normalise(text.token(i)))
            .collect();
        let mut token_entity = vec![None; text.tokens.len()];
        for (ei, e) in entities.iter().enumerate() {
            for m in &e.mentions {
                let (Some(&b0), Some(&b1)) = (byte_of_char.get(m.start), byte_of_char.get(m.end))
                else {
                    continue;
                };
                let first = text.tokens.partition_point(|t| t.end <= b0);
                for (ti, slot) in token_entity.iter_mut().enumerate().skip(first) {
                    let t = text.tokens[ti];
                    if t.start >= b1 {
                        break;
                    }
                    if slot.is_none() {
                        *slot = Some(ei);
                    }
                }
            }
        }
        let lex = lexicon();
        let mut matches: Vec<Vec<Match>> = vec![Vec::new(); text.tokens.len()];
        let mut covered = vec![false; text.tokens.len()];
        for sent in &text.sentences {
            let r = sent.tokens.clone();
            let Some(words) = lower.get(r.clone()) else {
                continue;
            };
            for k in 0..words.len() {
                matches[r.start + k] = lex.matches_at(words, k);
                covered[r.start + k] = true;
            }
        }
        for (i, slot) in matches.iter_mut().enumerate() {
            if !covered[i] {
                *slot = lex.matches_at(&lower[i..=i], 0);
            }
        }
        let mut doc = Doc {
            text,
            entities,
            lower,
            token_entity,
            actors: Vec::new(),
            matches,
            byte_of_char,
            flags: Vec::new(),
            generic: HashMap::new(),
        };
        doc.flags = (0..text.tokens.len()).map(|i| doc.word_class(i)).collect();
        for sent in &text.sentences {
            let r = sent.tokens.clone();
            let mut k = r.start;
            while k < r.end {
                let Some((designation, category, len)) = multi_word_generic(&doc.lower, k, r.end)
                else {
                    k += 1;
                    continue;
                };
                if (k..k + len).any(|j| doc.token_entity[j].is_some()) {
                    k += 1;
                    continue;
                }
                let class = if DUAL_USE_CATEGORIES.contains(&category) {
                    DUAL_USE
                } else {
                    WEAPON | MILITARY
                };
                for f in &mut doc.flags[k..k + len] {
                    *f |= class;
                }
                doc.generic.insert(k, (designation, category, len));
                k += len;
            }
        }
        // A dual-use noun ("planes") is a weapon in a military sentence that is not also a
        // civilian one: "Boeing delivered the final 717 jet to AirTran" is no arms transfer.
        // In an article about military matters (three or more military words) a sentence
        // without civilian words counts as military too ("Iran seeks jets from Russia").
        let military_article = doc.flags.iter().filter(|f| *f & MILITARY != 0).count() >= 3;
        for s in &text.sentences {
            let r = s.tokens.clone();
            // Multi-word arms words ("military equipment") mark their tokens as weapons.
            let spans: Vec<(usize, usize)> = (0..r.len())
                .filter_map(|k| {
                    doc.matches(r.start + k)
                        .iter()
                        .find(|m| lex.entries[m.entry].pos == Pos::Arms)
                        .map(|m| (k, m.len))
                })
                .collect();
            for (k, len) in spans {
                for f in &mut doc.flags[r.start + k..r.start + k + len] {
                    *f |= WEAPON | MILITARY;
                }
            }
            let any = |bit: u8| doc.flags[r.clone()].iter().any(|f| f & bit != 0);
            if any(DUAL_USE) && (any(MILITARY) || military_article) && !any(CIVIL) {
                for f in &mut doc.flags[r.clone()] {
                    if *f & DUAL_USE != 0 {
                        *f |= WEAPON;
                    }
                }
            }
        }
        // Names and plural anaphors first; pronouns then resolve against them.
        doc.actors = (0..text.sentences.len())
            .map(|s| doc.find_actors(s, false))
            .collect();
        if !pronouns {
            return doc;
        }
        let resolved: Vec<Vec<Actor>> = (0..text.sentences.len())
            .map(|s| doc.find_actors(s, true))
            .collect();
        for (s, extra) in resolved.into_iter().enumerate() {
            doc.actors[s].extend(extra);
            doc.actors[s].sort_by_key(|a| a.start);
        }
        doc
    }

    /// Byte offset of a code-point offset.
    pub fn byte(&self, cp: usize) -> usize {
        self.byte_of_char
            .get(cp)
            .copied()
            .unwrap_or(self.text.text.len())
    }

    /// Token range `[first, end)` covering the code-point span `[start, end)`.
    pub fn tokens_of_span(&self, start: usize, end: usize) -> (usize, usize) {
        let (b0, b1) = (self.byte(start), self.byte(end));
        let first = self.text.tokens.partition_point(|t| t.end <= b0);
        let last = self.text.tokens.partition_point(|t| t.start < b1);
        (first, last.max(first))
    }

    /// Trigger-lexicon rows matching at token `i` within its sentence, longest first: the
    /// same as [`super::lexicon::Lexicon::matches_at`] on the sentence's words.
    pub fn matches(&self, i: usize) -> &[Match] {
        self.matches.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Token range of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> (usize, usize) {
        let r = &self.text.sentences[s].tokens;
        (r.start, r.end)
    }

    /// The lower-cased words of sentence `s`.
    pub fn sentence_words(&self, s: usize) -> &[Cow<'a, str>] {
        let (s0, s1) = self.sentence_tokens(s);
        &self.lower[s0..s1]
    }

    /// The lower-cased word at token `i` ("" outside the text).
    pub fn w(&self, i: usize) -> &str {
        self.lower.get(i).map(|w| w.as_ref()).unwrap_or("")
    }

    /// The original text of tokens `[a, b)`.
    pub fn slice(&self, a: usize, b: usize) -> &str {
        if a >= b || b > self.text.tokens.len() {
            return "";
        }
        &self.text.text[self.text.tokens[a].start..self.text.tokens[b - 1].end]
    }

    /// Entity at token `i`, if it is an actor.
    fn actor_entity(&self, i: usize) -> Option<usize> {
        let e = self.token_entity[i]?;
        is_actor_type(&self.entities[e].kind).then_some(e)
    }

    /// Does a clause end at token `i` (the token itself is a boundary)?
    pub fn is_clause_boundary(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & BOUNDARY != 0)
    }

    /// The token after a short parenthetical that opens at token `i` ("($1.19 billion)"), if
    /// one does: scans for a clause pass over it.
    pub fn after_parenthetical(&self, i: usize) -> Option<usize> {
        if self.w(i) != "(" {
            return None;
        }
        (i + 1..(i + 8).min(self.lower.len()))
            .take_while(|&k| self.w(k) != "(")
            .find(|&k| self.w(k) == ")")
            .map(|k| k + 1)
    }

    /// Is token `i` a reporting verb ("said", "told")?
    pub fn is_reporting_verb(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & REPORTING != 0)
    }

    /// The word classes of token `i`.
    fn word_class(&self, i: usize) -> u8 {
        let lex = lexicon();
        let w = self.w(i);
        if let Some(e) = self.token_entity[i] {
            return if self.entities[e].kind == "WEAPON" {
                WEAPON | MILITARY
            } else {
                0
            };
        }
        let mut f = 0;
        // The one-word rows at this token.
        for m in self.matches(i).iter().filter(|m| m.len == 1) {
            let e = &lex.entries[m.entry];
            match e.pos {
                Pos::Verb if e.kind == "statement" => f |= REPORTING | BOUNDARY,
                Pos::Arms => f |= WEAPON | MILITARY,
                Pos::Force => f |= FORCE | MILITARY,
                Pos::Military => f |= MILITARY,
                Pos::Civil => f |= CIVIL,
                _ => {}
            }
        }
        if let Some((_, category)) = crate::arms::generic_weapon_lower(w) {
            f |= if DUAL_USE_CATEGORIES.contains(&category) {
                DUAL_USE
            } else {
                WEAPON | MILITARY
            };
        }
        if CLAUSE_WORDS.contains(&w) || CLAUSE_PUNCT.contains(&w) {
            f |= BOUNDARY;
        }
        f
    }

    /// The multi-word generic weapon noun starting at token `i` ("patrol boats"):
    /// designation, category and length in tokens.
    pub fn generic_at(&self, i: usize) -> Option<(&'static str, &'static str, usize)> {
        self.generic.get(&i).copied()
    }

    /// Is token `i` a comma?
    pub fn is_comma(&self, i: usize) -> bool {
        self.w(i) == ","
    }

    /// The actor whose span contains token `i`, in sentence `s`.
    pub fn actor_at(&self, s: usize, i: usize) -> Option<&Actor> {
        self.actors[s].iter().find(|a| a.start <= i && i < a.end)
    }

    /// The preposition governing the actor at `[start, end)`, if it sits in a prepositional
    /// phrase: skips determiners, other actors and name nouns leftwards.
    pub fn governing_preposition(&self, s: usize, start: usize) -> Option<(usize, String)> {
        let (s0, _) = self.sentence_tokens(s);
        let mut j = start;
        let mut skipped = 0;
        while j > s0 {
            j -= 1;
            let w = self.w(j);
            if PREPOSITIONS.contains(&w) {
                return Some((j, w.to_string()));
            }
            let in_actor = self.actor_at(s, j).is_some();
            // A comma is skipped only inside a list of actors that an "and"/"or" closes
            // before `start` ("with Putin, Xi and Modi"), not before an apposition or a new
            // clause ("in western Belarus, the strongman").
            let list_comma = w == ","
                && (j + 1..start).any(|k| matches!(self.w(k), "and" | "or"))
                && self.actor_at(s, j + 1).is_some()
                && j > s0
                && self.actor_at(s, j - 1).is_some();
            let skippable = DETERMINERS.contains(&w)
                || NAME_NOUNS.contains(&w)
                || in_actor
                || w == "'s"
                || w == "'"
                || w == "and"
                || list_comma;
            if !skippable || skipped >= 6 {
                return None;
            }
            skipped += 1;
        }
        None
    }

    /// Actors of sentence `s`: names and plural anaphors, or (with `pronouns`) only pronouns.
    fn find_actors(&self, s: usize, pronouns: bool) -> Vec<Actor> {
        let (s0, s1) = self.sentence_tokens(s);
        let mut out: Vec<Actor> = Vec::new();
        let mut i = s0;
        while i < s1 {
            if let Some(e) = self.actor_entity(i).filter(|_| !pronouns) {
                let mut j = i + 1;
                while j < s1 && self.token_entity[j] == Some(e) {
                    j += 1;
                }
                let ent = &self.entities[e];
                let tok = self.text.token(j - 1);
                let hyphen_led = tok.contains('-')
                    && self.byte(ent.mentions.iter().map(|m| m.end).max().unwrap_or(0))
                        < self.text.tokens[j - 1].end
                    && !ent.mentions.iter().any(|m| {
                        self.byte(m.end) == self.text.tokens[j - 1].end
                            && self.byte(m.start) <= self.text.tokens[i].start
                    });
                let how = if ent.kind == "NORP" || hyphen_led {
                    ActorHow::Modifier
                } else {
                    ActorHow::Named
                };
                let possessive = matches!(self.w(j), "'s" | "'");
                out.push(Actor {
                    start: i,
                    end: j,
                    entities: vec![e],
                    how,
                    possessive,
                });
                i = j;
                continue;
            }
            let w = self.w(i);
            // Plural anaphors: "the two (leaders)", "both (countries)".
            let two = w == "two" && i > s0 && self.w(i - 1) == "the";
            let both = w == "both" && (i + 1 >= s1 || GROUP_NOUNS.contains(&self.w(i + 1)));
            if (two || both) && !pronouns {
                let noun = GROUP_NOUNS.contains(&self.w(i + 1)).then(|| self.w(i + 1));
                let start = if two { i - 1 } else { i };
                let end = if noun.is_some() { i + 2 } else { i + 1 };
                let prefer_person = noun.is_some_and(|n| PERSON_GROUP_NOUNS.contains(&n));
                let prefer_place = noun.is_some() && !prefer_person;
                let ents =
                    self.salient_pair(self.text.tokens[start].start, prefer_person, prefer_place);
                if ents.len() == 2 {
                    let possessive = matches!(self.w(end), "'s" | "'");
                    out.push(Actor {
                        start,
                        end,
                        entities: ents,
                        how: ActorHow::Plural,
                        possessive,
                    });
                }
                i = end;
                continue;
            }
            if !pronouns {
                i += 1;
                continue;
            }
            if matches!(w, "he" | "she" | "him" | "his" | "her") {
                if let Some(e) = self.resolve_person_pronoun(s, i) {
                    out.push(Actor {
                        start: i,
                        end: i + 1,
                        entities: vec![e],
                        how: ActorHow::Pronoun,
                        possessive: matches!(w, "his" | "her"),
                    });
                }
            } else if w == "the" {
                if let Some(a) = self.descriptor(s, i) {
                    i = a.end;
                    out.push(a);
                    continue;
                }
            } else if matches!(w, "it" | "its") {
                if let Some(e) = self.resolve_it(s, i) {
                    out.push(Actor {
                        start: i,
                        end: i + 1,
                        entities: vec![e],
                        how: ActorHow::Pronoun,
                        possessive: w == "its",
                    });
                }
            }
            i += 1;
        }
        out
    }

    /// "he"/"she": the subject of a reporting verb just before it, else the latest person named
    /// outside a prepositional phrase.
    fn resolve_person_pronoun(&self, s: usize, i: usize) -> Option<usize> {
        let (s0, _) = self.sentence_tokens(s);
        // "X said (on Sunday) (that) he …"
        let mut j = i;
        let mut steps = 0;
        while j > s0 && steps < 5 {
            j -= 1;
            steps += 1;
            if self.is_reporting_verb(j) {
                let subj = self.subject_before(s, j, true);
                if let Some(e) = subj.iter().find(|&&e| self.entities[e].kind == "PERSON") {
                    return Some(*e);
                }
                break;
            }
            if self.is_clause_boundary(j) && self.w(j) != "that" {
                break;
            }
        }
        self.latest_person(self.text.tokens[i].start, None)
    }

    /// "the (Belarus|Belarusian) president": a role noun after "the", with at most two country
    /// or name-noun modifiers, none of it already a mention. It stands for the latest person
    /// named outside a prepositional phrase, of the modifier's country when there is one.
    fn descriptor(&self, s: usize, i: usize) -> Option<Actor> {
        let (_, s1) = self.sentence_tokens(s);
        let mut country: Option<&str> = None;
        let mut k = i + 1;
        while k < s1 && k <= i + 3 {
            let w = self.w(k);
            if let Some(e) = self.token_entity[k] {
                let ent = &self.entities[e];
                if !matches!(ent.kind.as_str(), "NORP" | "GPE") {
                    return None;
                }
                country = ent.country.as_deref().or(country);
                k += 1;
                continue;
            }
            if ROLE_NOUNS.contains(&w) {
                // "the prime minister of Poland" names its own person elsewhere; keep it simple.
                let person = self.latest_person(self.text.tokens[i].start, country)?;
                return Some(Actor {
                    start: i,
                    end: k + 1,
                    entities: vec![person],
                    how: ActorHow::Pronoun,
                    possessive: matches!(self.w(k + 1), "'s" | "'"),
                });
            }
            if !matches!(
                w,
                "prime" | "foreign" | "defence" | "defense" | "former" | "veteran"
            ) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The latest person mentioned before byte `before` outside a prepositional phrase,
    /// optionally of one country.
    fn latest_person(&self, before: usize, country: Option<&str>) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (ei, e) in self.entities.iter().enumerate() {
            if e.kind != "PERSON" || country.is_some_and(|c| e.country.as_deref() != Some(c)) {
                continue;
            }
            for m in &e.mentions {
                let b = self.byte(m.start);
                if b >= before {
                    continue;
                }
                let t = self.text.tokens.partition_point(|t| t.end <= b);
                let prev = if t > 0 { self.w(t - 1) } else { "" };
                if PREPOSITIONS.contains(&prev) {
                    continue;
                }
                if best.is_none_or(|(bb, _)| b > bb) {
                    best = Some((b, ei));
                }
            }
        }
        best.map(|(_, e)| e)
    }

    /// "it"/"its": the latest country or organisation in this or the previous sentence.
    fn resolve_it(&self, s: usize, i: usize) -> Option<usize> {
        let lo = self.text.sentences[s.saturating_sub(1)].start;
        let before = self.text.tokens[i].start;
        let mut best: Option<(usize, usize)> = None;
        for (ei, e) in self.entities.iter().enumerate() {
            if !matches!(e.kind.as_str(), "GPE" | "ORG") || e.country.is_none() {
                continue;
            }
            for m in &e.mentions {
                let b = self.byte(m.start);
                if b >= lo && b < before && best.is_none_or(|(bb, _)| b > bb) {
                    best = Some((b, ei));
                }
            }
        }
        best.map(|(_, e)| e)
    }

    /// The two countries mentioned most before byte `before`, each as its most-mentioned entity.
    fn salient_pair(&self, before: usize, prefer_person: bool, prefer_place: bool) -> Vec<usize> {
        let mut by_country: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut ent_counts: Vec<(usize, usize)> = Vec::new();
        for (ei, e) in self.entities.iter().enumerate() {
            let Some(c) = e.country.as_deref() else {
                continue;
            };
            if !is_actor_type(&e.kind) {
                continue;
            }
            let prior: Vec<usize> = e
                .mentions
                .iter()
                .map(|m| self.byte(m.start))
                .filter(|&b| b < before)
                .collect();
            if prior.is_empty() {
                continue;
            }
            let last = prior.iter().copied().max().unwrap_or(0);
            let slot = by_country.entry(c).or_insert((0, 0));
            slot.0 += prior.len();
            slot.1 = slot.1.max(last);
            ent_counts.push((ei, prior.len()));
        }
        let mut countries: Vec<(&str, (usize, usize))> = by_country.into_iter().collect();
        countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut out = Vec::new();
        for (c, _) in countries.into_iter().take(2) {
            let score = |ei: usize, n: usize| {
                let k = self.entities[ei].kind.as_str();
                let bonus = if (prefer_person && k == "PERSON") || (prefer_place && k == "GPE") {
                    1000
                } else {
                    0
                };
                bonus + n
            };
            if let Some((ei, _)) = ent_counts
                .iter()
                .filter(|(ei, _)| self.entities[*ei].country.as_deref() == Some(c))
                .max_by_key(|(ei, n)| score(*ei, *n))
            {
                out.push(*ei);
            }
        }
        out
    }

    /// The subject actors of a verb whose chain starts at token `i`: the nearest actor to the
    /// left that is not inside a prepositional phrase, with actors coordinated to it.
    /// `cross_and` lets the search pass "and" (VP coordination: "X held talks and said …").
    pub fn subject_before(&self, s: usize, i: usize, cross_and: bool) -> Vec<usize> {
        let (s0, _) = self.sentence_tokens(s);
        let mut j = i;
        while j > s0 {
            j -= 1;
            if self.is_clause_boundary(j) && !matches!(self.w(j), "that" | "who" | "which") {
                // A relative pronoun right before the verb: the subject is the noun it follows.
                break;
            }
            if matches!(self.w(j), "who" | "which" | "that") {
                // "Lukashenko, who met …": look past the relative pronoun and its comma.
                let mut k = j;
                while k > s0 && (self.is_comma(k - 1)) {
                    k -= 1;
                }
                if k > s0 {
                    if let Some(a) = self.actor_at(s, k - 1) {
                        return self.with_coordinated(s, a);
                    }
                }
                break;
            }
            if self.is_comma(j) {
                // A comma ends the search unless it separates coordinated actors or closes an
                // appositive/relative clause after the subject ("Lukashenko, who …, has had").
                let left_actor = j > s0 && self.actor_at(s, j - 1).is_some();
                let right_actor = self.actor_at(s, j + 1).is_some();
                if left_actor && right_actor {
                    continue;
                }
                // The comma closing a relative clause right before the verb ("Turkey, which
                // was expelled over its purchase of S-400s, has been seeking F-16s"): the
                // subject is the name before "which".
                if !(j + 1..i).all(|k| AUXILIARIES.contains(&self.w(k))) {
                    break;
                }
                let opener = (s0 + 2..j)
                    .rev()
                    .take_while(|&k| !self.is_comma(k))
                    .find(|&k| matches!(self.w(k), "who" | "which") && self.is_comma(k - 1));
                if let Some(a) = opener.and_then(|k| self.actor_at(s, k - 2)) {
                    let a = a.clone();
                    return self.with_coordinated(s, &a);
                }
                break;
            }
            if !cross_and && self.w(j) == "and" && self.actor_at(s, j - 1).is_none() {
                break;
            }
            if let Some(a) = self.actor_at(s, j) {
                let a = a.clone();
                if let Some((p, prep)) = self.governing_preposition(s, a.start) {
                    // "the army of X" and "troops from X" name the subject's owner.
                    // "Part of it", "some of them" name a share, not an owner.
                    let share = p > s0
                        && matches!(
                            self.w(p - 1),
                            "part"
                                | "some"
                                | "most"
                                | "all"
                                | "much"
                                | "rest"
                                | "half"
                                | "none"
                                | "many"
                                | "each"
                                | "any"
                                | "portion"
                                | "share"
                                | "bulk"
                        );
                    let owner = (prep == "of" && !share)
                        || (prep == "from"
                            && p > s0
                            && lexicon()
                                .is_pos_at(&[self.w(p - 1)], 0, Pos::Force)
                                .is_some());
                    // "with Poland introducing …": an absolute construction.
                    let absolute = prep == "with" && a.end == i;
                    if !(owner || absolute) {
                        j = p;
                        continue;
                    }
                }
                return self.with_coordinated(s, &a);
            }
        }
        Vec::new()
    }

    /// An actor plus the actors coordinated with it ("Russia and Belarus", "A, B and C").
    pub fn with_coordinated(&self, s: usize, a: &Actor) -> Vec<usize> {
        let list = &self.actors[s];
        let Some(pos) = list.iter().position(|x| x.start == a.start) else {
            return a.entities.clone();
        };
        let (mut lo, mut hi) = (pos, pos);
        while lo > 0 && self.coordinated(&list[lo - 1], &list[lo]) {
            lo -= 1;
        }
        while hi + 1 < list.len() && self.coordinated(&list[hi], &list[hi + 1]) {
            hi += 1;
        }
        // Commas alone do not make a list ("in western Belarus, the strongman"): an "and" or
        // "or" must close it.
        let closed = (list[lo].end..list[hi].start).any(|k| matches!(self.w(k), "and" | "or"));
        if !closed {
            return a.entities.clone();
        }
        let mut out = Vec::new();
        for x in &list[lo..=hi] {
            for &e in &x.entities {
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// Are two consecutive actors joined by "and", "or", "," (possibly with a shared noun after
    /// a demonym: "Russian and Belarusian troops")?
    pub fn coordinated(&self, a: &Actor, b: &Actor) -> bool {
        let between: Vec<&str> = (a.end..b.start).map(|k| self.w(k)).collect();
        // "U.S. President Donald Trump": a country and a title before a person are one noun
        // phrase, so "Erdogan and U.S. President Donald Trump" coordinates through it.
        let titled_person = !between.is_empty()
            && between
                .iter()
                .all(|w| NAME_NOUNS.contains(w) || ROLE_NOUNS.contains(w) || *w == "secretary")
            && b.entities
                .iter()
                .any(|&e| self.entities[e].kind == "PERSON");
        titled_person
            || matches!(
                between.as_slice(),
                ["and"] | [","] | ["or"] | [",", "and"] | ["and", "the"]
            )
    }

    /// Is token `i` a weapon: a WEAPON entity, a generic weapon noun or an arms word?
    pub fn is_weapon_word(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & WEAPON != 0)
    }

    /// Is token `i` a word for troops or forces?
    pub fn is_force_word(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & FORCE != 0)
    }
}

/// The longest multi-word generic weapon name of the knowledge base at token `k` (before
/// token `end`): designation, category and length. Only words that begin such a name are
/// looked up.
fn multi_word_generic<S: AsRef<str>>(
    lower: &[S],
    k: usize,
    end: usize,
) -> Option<(&'static str, &'static str, usize)> {
    use std::sync::OnceLock;
    type FnvSet = std::collections::HashSet<String, std::hash::BuildHasherDefault<Fnv>>;
    // First words of multi-word names, and the longest name's length.
    static FIRST: OnceLock<(FnvSet, usize)> = OnceLock::new();
    let (first, longest) = FIRST.get_or_init(|| {
        let mut set = FnvSet::default();
        let mut longest = 0;
        for g in sitrep_kb::Kb::global().generic_weapons() {
            for n in std::iter::once(&g.designation).chain(&g.aliases) {
                let key = sitrep_kb::names::fold(n.trim_start_matches('='));
                let words: Vec<&str> = key.split(' ').collect();
                if words.len() > 1 {
                    set.insert(words[0].to_string());
                    longest = longest.max(words.len());
                }
            }
        }
        (set, longest)
    });
    let w = lower.get(k)?.as_ref();
    // A plain lower-case word is its own folded key (most words: no allocation).
    let starts = if w.bytes().all(|b| b.is_ascii_lowercase()) {
        first.contains(w)
    } else {
        w.chars().any(char::is_alphabetic) && first.contains(&sitrep_kb::names::fold(w))
    };
    if !starts {
        return None;
    }
    let kb = sitrep_kb::Kb::global();
    (2..=*longest).rev().find_map(|len| {
        if k + len > end {
            return None;
        }
        let key = sitrep_kb::names::fold_tokens(&lower[k..k + len]);
        let g = kb.generic_weapon(&key)?;
        Some((g.designation, g.category?.as_str(), len))
    })
}

/// Lower-case a token and fold typographic apostrophes.
fn normalise(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_uppercase() || c == '\u{2019}') {
        Cow::Borrowed(s)
    } else if s.is_ascii() {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Owned(s.to_lowercase().replace('\u{2019}', "'"))
    }
}
