//! Modality: did the event happen, or is it planned, agreed, wanted, expected, possible or denied?
//!
//! The cues live in `data/lexicon/modality.tsv`. A trigger's *verb chain* is the run of words
//! left of it that only modify it: "to", auxiliaries and modals, chain adverbs, control verbs and
//! nouns ("planned to", "agreeing to", "signed a contract to", "no plans to"), and a place phrase
//! inside an arrival idiom ("is expected in Minsk to sign"). Every cue in the chain counts, and
//! so do sentence-level cues to its left ("denied that …", "if …"). The strongest modality wins,
//! in the order negated > hypothetical > desired > expected > planned > agreed > asserted: an
//! outer "wanted to sign a deal" is a wish, "did not agree to supply" a negation.
//!
//! Reported speech keeps the reported modality ("said Minsk planned to buy" is planned) because
//! the reporting verb ends the chain; "would" in a reported clause is a backshifted "will"
//! (planned), elsewhere it is hypothetical.

use super::clauses::{Doc, AUXILIARIES, CHAIN_ADVERBS, DETERMINERS};
use super::lexicon::{lexicon, CueScope, Modality};

/// The verb chain of a trigger.
#[derive(Debug, Clone, Default)]
pub struct Chain {
    /// First token of the chain (the trigger itself when the chain is empty).
    pub start: usize,
    /// Cue words found, with the modality each gave.
    pub cues: Vec<(String, Modality)>,
    /// The chain passed a place phrase ("expected in Minsk to").
    pub place_seen: bool,
    /// The trigger is a passive participle ("was sold", "were delivered").
    pub passive: bool,
}

const BE_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got", "gets",
];

/// Walk left from token `t` and collect the verb chain.
pub fn verb_chain(doc: &Doc, s: usize, t: usize, trigger_word: &str, lemma: &str) -> Chain {
    let lex = lexicon();
    let (s0, _) = doc.sentence_tokens(s);
    let words = doc.sentence_words(s);
    let mut chain = Chain {
        start: t,
        ..Chain::default()
    };
    // Passive: a form of "be" right before the participle (adverbs aside).
    let mut k = t;
    while k > s0 && (CHAIN_ADVERBS.contains(&doc.w(k - 1)) || matches!(doc.w(k - 1), "not" | "n't"))
    {
        k -= 1;
    }
    let participle =
        !trigger_word.ends_with("ing") && trigger_word != lemma && !trigger_word.ends_with('s');
    // "were sold", and the reduced relative "S-400 systems bought last year".
    if k > s0 && participle && (BE_FORMS.contains(&doc.w(k - 1)) || doc.is_weapon_word(k - 1)) {
        chain.passive = true;
    }
    let mut j = t;
    while j > s0 {
        let k = j - 1;
        let w = doc.w(k);
        let cues = lex.cues_at(words, k - s0);
        let chain_cues: Vec<_> = cues
            .iter()
            .filter(|(len, c)| {
                k + len <= chain.start
                    && matches!(
                        c.scope,
                        CueScope::Chain | CueScope::Place | CueScope::Reported
                    )
            })
            .collect();
        let control_noun = DETERMINERS.contains(&w)
            && chain.start < t
            && lex
                .cues_at(words, chain.start - s0)
                .iter()
                .any(|(_, c)| c.scope == CueScope::Chain);
        if doc.token_entity[k].is_none()
            && (w == "to"
                || AUXILIARIES.contains(&w)
                || CHAIN_ADVERBS.contains(&w)
                || !chain_cues.is_empty()
                || control_noun)
        {
            if !chain_cues.is_empty() {
                let place = chain_cues.iter().find(|(_, c)| c.scope == CueScope::Place);
                let cue = match place {
                    Some((_, c)) if chain.place_seen => c.modality,
                    _ => chain_cues
                        .iter()
                        .filter(|(_, c)| c.scope != CueScope::Place)
                        .filter_map(|(_, c)| match c.scope {
                            CueScope::Reported => Some(if reported(doc, s, t) {
                                Modality::Planned
                            } else {
                                Modality::Hypothetical
                            }),
                            _ => c.modality,
                        })
                        .max(),
                };
                if let Some(m) = cue {
                    chain.cues.push((w.to_string(), m));
                }
            }
            chain.start = k;
            j = k;
            continue;
        }
        // Object control: "asked Washington to supply …" — the chain stops at the actor, but
        // the controlling verb's cue still applies.
        if chain.start < t && doc.w(chain.start) == "to" {
            if let Some(a) = doc.actor_at(s, k) {
                if a.start > s0 {
                    let before = a.start - 1;
                    for (len, c) in lex.cues_at(words, before - s0) {
                        if len == 1 && c.scope == CueScope::Chain {
                            if let Some(m) = c.modality {
                                chain.cues.push((doc.w(before).to_string(), m));
                            }
                        }
                    }
                }
            }
        }
        // "is expected in the Belarusian capital Minsk to sign": skip a place phrase.
        if chain.start < t || doc.w(t.saturating_sub(1)) == "to" {
            if let Some(a) = doc.actor_at(s, k) {
                let place = a
                    .entities
                    .iter()
                    .any(|&e| super::clauses::is_place_type(&doc.entities[e].kind));
                if place {
                    if let Some((p, prep)) = doc.governing_preposition(s, a.start) {
                        if matches!(prep.as_str(), "in" | "at") && p > s0 {
                            chain.place_seen = true;
                            j = p;
                            continue;
                        }
                    }
                }
            }
        }
        break;
    }
    chain
}

/// Does the sentence report speech (a reporting verb outside the trigger's own words)?
pub fn reported(doc: &Doc, s: usize, t: usize) -> bool {
    let (s0, s1) = doc.sentence_tokens(s);
    (s0..s1).any(|k| k != t && doc.is_reporting_verb(k))
}

/// The modality of a trigger with chain `chain`, plus sentence-level cues left of the chain.
pub fn modality_of(doc: &Doc, s: usize, chain: &Chain) -> (Modality, Vec<String>) {
    let lex = lexicon();
    let (s0, _) = doc.sentence_tokens(s);
    let words = doc.sentence_words(s);
    let mut best = Modality::Asserted;
    let mut cues: Vec<String> = Vec::new();
    for (w, m) in &chain.cues {
        best = best.max(*m);
        cues.push(format!("{w}→{}", m.as_str()));
    }
    for k in s0..chain.start {
        if doc.w(k) == ";" {
            best = chain
                .cues
                .iter()
                .map(|c| c.1)
                .max()
                .unwrap_or(Modality::Asserted);
            cues.retain(|c| !c.contains("(left)"));
        }
        for (_, cue) in lex.cues_at(words, k - s0) {
            if cue.scope == CueScope::Left {
                if let Some(m) = cue.modality {
                    best = best.max(m);
                    cues.push(format!("{}→{} (left)", doc.w(k), m.as_str()));
                }
            }
        }
    }
    (best, cues)
}

/// Pre-noun modality cues of a noun trigger ("planned talks", "possible sanctions").
pub fn noun_modifier_cues(doc: &Doc, s: usize, noun: usize) -> Vec<(String, Modality)> {
    let lex = lexicon();
    let (s0, _) = doc.sentence_tokens(s);
    let words = doc.sentence_words(s);
    let mut out = Vec::new();
    let mut k = noun;
    let mut steps = 0;
    while k > s0 && steps < 3 {
        k -= 1;
        steps += 1;
        if doc.is_clause_boundary(k) || doc.is_comma(k) {
            break;
        }
        for (len, cue) in lex.cues_at(words, k - s0) {
            if k + len <= noun && cue.scope == CueScope::Chain {
                if let Some(m) = cue.modality {
                    // Nouns that are themselves agreement cues ("deal") do not make a
                    // following noun "agreed"; only adjectives and participles count here.
                    if m != Modality::Agreed {
                        out.push((doc.w(k).to_string(), m));
                    }
                }
            }
        }
    }
    out
}

/// Does the sentence holding byte range `[b0, b1)` mark its report as unconfirmed?
pub fn is_rumour(doc: &Doc, s: usize) -> bool {
    let lex = lexicon();
    let words = doc.sentence_words(s);
    (0..words.len()).any(|k| {
        lex.cues_at(words, k)
            .iter()
            .any(|(_, c)| c.scope == CueScope::Rumour)
    })
}
