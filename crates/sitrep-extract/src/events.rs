//! The `events` layer: who did what to whom, when, where — and whether it happened.
//!
//! Design, in the order the code runs:
//! 1. **Triggers.** Each sentence is scanned for words of the trigger lexicon
//!    (`data/lexicon/triggers.tsv`): verbs ("buy", "praised") and nouns ("drills", "talks",
//!    "state of emergency"). A word listed as both is read as a noun after a determiner or a light
//!    verb and as a verb after a name, modal or "to". A noun's *governing verb* is the light verb
//!    or trigger verb just before it ("launched military drills", "held … discussions"); that
//!    verb's subject acts in the noun's event and the verb does not make an event of its own.
//!    Arms triggers need a weapon in the clause ("buy S-400s", not "buy time"); troop movements
//!    need troops. Blocking phrases ("hails from", "state of the art") are no triggers.
//! 2. **Roles** come from [`clauses`]: the subject left of the verb chain (passive: the "by"
//!    agent), direct objects and prepositional phrases to the right ("to" recipient, "from"
//!    supplier, "with" partner), demonyms and possessives inside the object ("Russian arms",
//!    "Russia's S-400"), coordination ("Russia and Belarus"), control ("thanked Putin for
//!    agreeing to supply" — the nearest actor left of the chain is the controller), pronouns and
//!    "the two". Actors are entity ids; the entity's `country` is what coding uses, so people,
//!    capitals and ministries act for their country (metonymy is the entity layer's country).
//! 3. **Modality** comes from [`modality`]: the verb chain's cues and sentence-level cues.
//! 4. **Place and time**: a place entity after "in"/"at"/"near" in the clause; the nearest time
//!    expression in the clause, except one that belongs to a reporting verb ("said on Sunday").
//!    A time that points ahead ("next month") makes an otherwise asserted event planned.
//! 5. **Coreference.** A definite noun trigger ("the drills") with an earlier event of its kind
//!    is another mention of that event: its actors join it. Two events of one kind and modality
//!    whose actors' countries agree (one set within the other) and whose times do not clash are
//!    merged, so an article that reports the same praise twice has one praise event.
//! 6. **Codes**: CAMEO code from the trigger (or from `data/cameo/modality_codes.tsv` when the
//!    event is not asserted: a planned purchase is an "intent to cooperate militarily"), with
//!    QuadClass, Goldstein and PLOVER type from `data/cameo/cameo.tsv`.
//!
//! [`extract_events_explained`] returns, next to each event, the rule, trigger and roles that
//! produced it, for `sitrep extract --explain`.

pub mod clauses;
pub mod lexicon;
pub mod modality;

use std::collections::BTreeSet;
use std::fmt;

use sitrep_core::schema::{Amount, Entity, Event, TimeExpr};
use sitrep_core::text::Text;

use clauses::{is_place_type, ActorHow, Doc, DETERMINERS, PREPOSITIONS};
use lexicon::{lexicon, Frame, Modality, Needs, Pos};
use modality::{modality_of, noun_modifier_cues, verb_chain, Chain};

/// Verbs by which a supplier gets an order ("won a contract"): an acquiring noun they govern
/// has them as its supplier.
pub const WIN_VERBS: &[&str] = &["win", "wins", "won", "winning"];

/// Why an event was extracted: the rule, trigger and roles, for `--explain`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explanation {
    /// Event id.
    pub event: String,
    /// Which rule fired ("verb trigger", "noun trigger governed by 'launched'", …).
    pub rule: String,
    /// Lexicon lemma of the trigger.
    pub lemma: String,
    /// Role frame of the trigger (directed, joint, acquire, …).
    pub frame: String,
    /// One line per role: "source: Minsk (BY) — subject".
    pub roles: Vec<String>,
    /// Modality cues that decided the modality.
    pub modality_cues: Vec<String>,
    /// CAMEO code name.
    pub cameo_name: Option<String>,
    /// PLOVER event type, where one maps.
    pub plover: Option<String>,
    /// How many mentions in the article were merged into this event.
    pub mentions: usize,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} «{}» ({} frame)",
            self.event, self.rule, self.lemma, self.frame
        )?;
        if let Some(n) = &self.cameo_name {
            write!(f, "; CAMEO {n}")?;
        }
        if let Some(p) = &self.plover {
            write!(f, "; PLOVER {p}")?;
        }
        if !self.modality_cues.is_empty() {
            write!(f, "; modality cues {}", self.modality_cues.join(", "))?;
        }
        for r in &self.roles {
            write!(f, "; {r}")?;
        }
        if self.mentions > 1 {
            write!(f, "; {} mentions merged", self.mentions)?;
        }
        Ok(())
    }
}

/// An event with the explanation of how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedEvent {
    /// The event.
    pub event: Event,
    /// Why.
    pub explanation: Explanation,
}

/// Extract the `events` layer.
pub fn extract_events(
    text: &Text,
    entities: &[Entity],
    times: &[TimeExpr],
    amounts: &[Amount],
) -> Vec<Event> {
    extract_events_explained(text, entities, times, amounts)
        .into_iter()
        .map(|x| x.event)
        .collect()
}

/// One line per event saying which rule, trigger and roles produced it.
pub fn explain(events: &[ExplainedEvent]) -> Vec<String> {
    events.iter().map(|x| x.explanation.to_string()).collect()
}

/// A trigger occurrence in a sentence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    tok: usize,
    len: usize,
    entry: usize,
}

/// An event before merging and numbering.
#[derive(Debug, Clone)]
struct Candidate {
    sentence: usize,
    chain_start: usize,
    trigger_end: usize,
    entry: usize,
    kind: String,
    source: Vec<usize>,
    target: Vec<usize>,
    participants: Vec<usize>,
    place: Option<usize>,
    time: Option<usize>,
    modality: Modality,
    anaphoric: bool,
    explanation: Explanation,
}

/// Extract the `events` layer with an explanation for each event.
pub fn extract_events_explained(
    text: &Text,
    entities: &[Entity],
    times: &[TimeExpr],
    _amounts: &[Amount],
) -> Vec<ExplainedEvent> {
    events_in(&Doc::new(text, entities), times)
}

/// The events of an already built [`Doc`] (see [`crate::arms::extract_events_and_arms`], which
/// shares one view between the two layers).
pub fn events_in(doc: &Doc, times: &[TimeExpr]) -> Vec<ExplainedEvent> {
    let text = doc.text;
    let time_tokens: Vec<(usize, usize)> = times
        .iter()
        .map(|t| doc.tokens_of_span(t.start, t.end))
        .collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    for s in 0..text.sentences.len() {
        candidates.extend(sentence_events(doc, s, times, &time_tokens));
    }
    let merged = merge(doc, candidates, times);
    number(doc, merged, times)
}

fn sentence_events(
    doc: &Doc,
    s: usize,
    times: &[TimeExpr],
    time_tokens: &[(usize, usize)],
) -> Vec<Candidate> {
    let lex = lexicon();
    let (s0, s1) = doc.sentence_tokens(s);
    let words = doc.sentence_words(s);
    // 1. Trigger occurrences.
    let mut hits: Vec<Hit> = Vec::new();
    let mut supports: Vec<usize> = Vec::new();
    let mut i = s0;
    while i < s1 {
        if doc.token_entity[i].is_some() {
            i += 1;
            continue;
        }
        let ms = doc.matches(i);
        let Some(longest) = ms.first().map(|m| m.len) else {
            i += 1;
            continue;
        };
        let at_len: Vec<_> = ms.iter().filter(|m| m.len == longest).collect();
        if at_len
            .iter()
            .any(|m| lex.entries[m.entry].pos == Pos::Block)
        {
            i += longest;
            continue;
        }
        let verb = at_len
            .iter()
            .find(|m| lex.entries[m.entry].pos == Pos::Verb);
        let noun = at_len
            .iter()
            .find(|m| lex.entries[m.entry].pos == Pos::Noun);
        let chosen = match (verb, noun) {
            (Some(v), Some(n)) => Some(if reads_as_noun(doc, s, i, longest) {
                n
            } else {
                v
            }),
            // A verb that is also a weapon noun ("coast guard ships have had …") needs a verb's
            // left context.
            (Some(v), None) if weapon_noun_reads_as_noun(doc, s, i) => {
                let _ = v;
                None
            }
            (Some(v), None) => Some(v),
            (None, Some(n)) => Some(n),
            _ => None,
        };
        if at_len
            .iter()
            .any(|m| lex.entries[m.entry].pos == Pos::Support)
        {
            supports.push(i);
        }
        if let Some(m) = chosen {
            hits.push(Hit {
                tok: i,
                len: m.len,
                entry: m.entry,
            });
        }
        i += longest;
    }
    // 2. Governing verbs of noun triggers.
    let mut governed_verbs: Vec<usize> = Vec::new();
    let mut governors: Vec<Option<usize>> = Vec::new();
    for h in &hits {
        let e = &lex.entries[h.entry];
        if e.pos != Pos::Noun {
            governors.push(None);
            continue;
        }
        let mut g = None;
        let mut k = h.tok;
        let mut steps = 0;
        while k > s0 && steps < 6 {
            k -= 1;
            steps += 1;
            if doc.is_clause_boundary(k) || doc.is_comma(k) {
                break;
            }
            // A possessive closes the noun phrase: "Washington's arms sales".
            if doc.actor_at(s, k).is_some_and(|a| a.possessive) {
                break;
            }
            // Only a trigger verb that needs a weapon it lacks can carry a noun ("provide
            // military aid"); "criticised the drills" does not make the critic a participant.
            let verb_hit = hits.iter().any(|x| {
                x.tok == k
                    && lex.entries[x.entry].pos == Pos::Verb
                    && lex.entries[x.entry].needs != Needs::Nothing
            });
            // A modal verb or adjective can govern a noun too: "is considering a state of
            // emergency", "pledged humanitarian aid".
            let cue_verb = lex.cues_at(words, k - s0).iter().any(|(len, c)| {
                *len == 1 && c.scope == lexicon::CueScope::Chain && c.modality.is_some()
            }) && !DETERMINERS.contains(&doc.w(k))
                // "contract negotiations": a noun naming a deal does not govern.
                && !doc
                    .matches(k)
                    .iter()
                    .any(|m| matches!(lex.entries[m.entry].pos, Pos::Noun | Pos::Bundle));
            // "Rheinmetall has won an order from Hungary": the winner supplies.
            let won = e.kind == "arms_transfer"
                && e.frame == Frame::Acquire
                && WIN_VERBS.contains(&doc.w(k));
            if supports.contains(&k) || verb_hit || cue_verb || won {
                g = Some(k);
                break;
            }
            // "be in talks"
            if doc.w(k) == "in"
                && k > s0
                && matches!(doc.w(k - 1), "is" | "are" | "was" | "were" | "be" | "been")
            {
                g = Some(k - 1);
                break;
            }
            if hits.iter().any(|x| x.tok == k) {
                break;
            }
        }
        if let Some(g) = g {
            governed_verbs.push(g);
        }
        governors.push(g);
    }
    // 3. One candidate per trigger.
    let mut out = Vec::new();
    for (h, g) in hits.iter().zip(&governors) {
        let e = &lex.entries[h.entry];
        // A verb that carries a noun trigger is no event of its own — except a cancellation,
        // which is news about the noun's event ("cancelled an order for jets").
        // Only verbs that lack their own argument ("provide" without a weapon) give way;
        // "threatened Turkey with sanctions" stays a threat.
        if e.pos == Pos::Verb
            && governed_verbs.contains(&h.tok)
            && e.frame != Frame::Cancel
            && e.needs != Needs::Nothing
        {
            continue;
        }
        let next_verb = hits
            .iter()
            .filter(|x| x.tok > h.tok && lex.entries[x.entry].pos == Pos::Verb)
            .map(|x| x.tok)
            .chain(supports.iter().copied().filter(|&k| k > h.tok))
            .min()
            .unwrap_or(s1);
        if let Some(c) = build(doc, s, h, *g, next_verb, times, time_tokens) {
            out.push(c);
        }
    }
    // A verb names an arms transfer's direction better than a noun in the same clause
    // ("signed a contract to supply …"): the noun is then part of the verb's event. A noun set
    // off from every arms verb by a comma or a clause word is its own event ("Turkey, which
    // was expelled over its purchase of S-400s, has been seeking F-16s").
    let arms_verbs: Vec<usize> = out
        .iter()
        .filter(|c| {
            let e = &lex.entries[c.entry];
            c.kind == "arms_transfer" && e.pos == Pos::Verb && e.frame != Frame::Cancel
        })
        .map(|c| c.trigger_end)
        .collect();
    if !arms_verbs.is_empty() {
        let apart = |a: usize, b: usize| {
            let (lo, hi) = (a.min(b), a.max(b));
            (lo..hi).any(|k| doc.is_comma(k) || doc.is_clause_boundary(k))
        };
        out.retain(|c| {
            !(c.kind == "arms_transfer"
                && lex.entries[c.entry].pos == Pos::Noun
                && arms_verbs.iter().any(|&v| !apart(c.trigger_end, v)))
        });
    }
    out
}

/// VP coordination with parallel auxiliaries: in "X, which has said … and has threatened …",
/// the second "has" shares the subject of the first.
fn coordinated_subject(doc: &Doc, s: usize, chain_start: usize) -> Option<Vec<usize>> {
    let (s0, _) = doc.sentence_tokens(s);
    if chain_start < s0 + 2 || doc.w(chain_start - 1) != "and" {
        return None;
    }
    let aux = doc.w(chain_start);
    if !clauses::AUXILIARIES.contains(&aux) || doc.actor_at(s, chain_start - 2).is_some() {
        return None;
    }
    let first = (s0..chain_start - 1).rev().find(|&k| doc.w(k) == aux)?;
    let subject = doc.subject_before(s, first, true);
    (!subject.is_empty()).then_some(subject)
}

/// Is the verb at `t` preceded by a form of "be" (a passive: "were sold")?
fn looks_passive(doc: &Doc, t: usize) -> bool {
    let mut k = t;
    while k > 0
        && matches!(
            doc.w(k - 1),
            "not" | "n't" | "also" | "reportedly" | "already" | "allegedly"
        )
    {
        k -= 1;
    }
    k > 0
        && matches!(
            doc.w(k - 1),
            "is" | "are" | "was" | "were" | "been" | "be" | "being"
        )
}

/// Is token `k` a light (support) verb?
fn supports_at(doc: &Doc, k: usize) -> bool {
    lexicon().is_pos_at(&[doc.w(k)], 0, Pos::Support).is_some()
}

/// Is the verb trigger at `i`, whose word is also a generic weapon noun ("ships"), a noun
/// here? A verb follows its subject (a name, pronoun or relative pronoun), an auxiliary, an
/// adverb or "to"; after any other word ("coast guard ships") or a determiner it is a noun.
fn weapon_noun_reads_as_noun(doc: &Doc, s: usize, i: usize) -> bool {
    let w = doc.w(i);
    if crate::arms::generic_weapon_lower(w).is_none() {
        return false;
    }
    let (s0, _) = doc.sentence_tokens(s);
    if i == s0 {
        return true;
    }
    let prev = doc.w(i - 1);
    let verb_context = doc
        .actor_at(s, i - 1)
        .is_some_and(|a| a.how != ActorHow::Modifier)
        || clauses::AUXILIARIES.contains(&prev)
        || clauses::CHAIN_ADVERBS.contains(&prev)
        || prev.ends_with("ly")
        || matches!(
            prev,
            "to" | "he"
                | "she"
                | "it"
                | "they"
                | "we"
                | "i"
                | "you"
                | "which"
                | "who"
                | "that"
                | "and"
                | "not"
                | "n't"
        );
    !verb_context
}

/// Is the word at `i` (listed as both noun and verb) a noun here?
fn reads_as_noun(doc: &Doc, s: usize, i: usize, len: usize) -> bool {
    let lex = lexicon();
    let w = doc.w(i);
    let (s0, _) = doc.sentence_tokens(s);
    let prev = if i > s0 { doc.w(i - 1) } else { "" };
    let next = doc.w(i + len);
    if DETERMINERS.contains(&prev) || matches!(prev, "'s" | "'") || prev.parse::<f64>().is_ok() {
        return true;
    }
    if i > s0 && lex.is_pos_at(&[prev], 0, Pos::Support).is_some() {
        return true;
    }
    if next == "of" {
        return true;
    }
    if i > s0 {
        if let Some(a) = doc.actor_at(s, i - 1) {
            if a.how == ActorHow::Modifier {
                return true;
            }
            // "Russia sanctions Belarusian officials" is a verb with its object; "U.S.
            // sanctions on Russia" and "… trigger U.S. sanctions." are nouns.
            if w.ends_with('s') {
                let object = doc.actor_at(s, i + len).is_some() || DETERMINERS.contains(&next);
                return !object;
            }
            return false;
        }
    }
    if matches!(
        prev,
        "to" | "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "must"
            | "should"
            | "can"
            | "not"
            | "n't"
    ) {
        return false;
    }
    if w.ends_with("ing") || w.ends_with("ed") {
        return false;
    }
    w.ends_with('s')
}

/// Actors to the right of a trigger, until the clause ends or the next verb begins: each with
/// the preposition that introduces it (`None` for a direct object).
fn actors_right(
    doc: &Doc,
    s: usize,
    from: usize,
    until: usize,
    stop_at_comma: bool,
) -> Vec<(Option<String>, Vec<usize>, bool)> {
    let (_, s1) = doc.sentence_tokens(s);
    let mut out: Vec<(Option<String>, Vec<usize>, bool)> = Vec::new();
    let mut k = from;
    while k < s1.min(until) {
        if let Some(after) = doc.after_parenthetical(k) {
            k = after;
            continue;
        }
        if doc.is_clause_boundary(k) || (stop_at_comma && doc.is_comma(k)) {
            break;
        }
        if let Some(a) = doc.actor_at(s, k) {
            let a = a.clone();
            let prep = doc.governing_preposition(s, a.start).map(|(_, p)| p);
            // Coordinated actors share the first one's preposition.
            let prep = match out.last() {
                Some((p, _, _))
                    if doc.actors[s]
                        .iter()
                        .position(|x| x.start == a.start)
                        .and_then(|pos| pos.checked_sub(1))
                        .is_some_and(|pp| {
                            doc.actors[s][pp].end <= a.start
                                && doc.coordinated(&doc.actors[s][pp], &a)
                        }) =>
                {
                    p.clone()
                }
                _ => prep,
            };
            let modifier = a.how == ActorHow::Modifier || a.possessive;
            out.push((prep, a.entities.clone(), modifier));
            k = a.end;
            continue;
        }
        k += 1;
    }
    out
}

/// Entities of a role list, without duplicates.
fn push_all(dst: &mut Vec<usize>, src: &[usize]) {
    for &e in src {
        if !dst.contains(&e) {
            dst.push(e);
        }
    }
}

fn entity_label(doc: &Doc, e: usize) -> String {
    let ent = &doc.entities[e];
    match &ent.country {
        Some(c) => format!("{} ({c})", ent.name),
        None => ent.name.clone(),
    }
}

fn build(
    doc: &Doc,
    s: usize,
    h: &Hit,
    governor: Option<usize>,
    next_verb: usize,
    times: &[TimeExpr],
    time_tokens: &[(usize, usize)],
) -> Option<Candidate> {
    let lex = lexicon();
    let entry = &lex.entries[h.entry];
    let (s0, s1) = doc.sentence_tokens(s);
    let trig_end = h.tok + h.len;
    let is_noun = entry.pos == Pos::Noun;
    // The clause around the trigger.
    let mut c0 = h.tok;
    while c0 > s0 && !doc.is_clause_boundary(c0 - 1) {
        c0 -= 1;
    }
    let mut c1 = trig_end;
    while c1 < s1 && !doc.is_clause_boundary(c1) {
        c1 += 1;
        if let Some(after) = doc.after_parenthetical(c1).filter(|&a| a < s1) {
            c1 = after;
        }
    }
    // Needs.
    let needs_ok = match entry.needs {
        Needs::Nothing => true,
        Needs::Arms => {
            // A noun's weapon may precede it ("S-400 purchase"); a passive's is its subject.
            let lo = if is_noun {
                h.tok.saturating_sub(3).max(c0)
            } else if looks_passive(doc, h.tok) {
                c0
            } else {
                h.tok
            };
            (lo..c1).any(|k| doc.is_weapon_word(k))
                || entry
                    .lemma
                    .split_whitespace()
                    .any(|w| lex.is_pos_at(&[w], 0, Pos::Arms).is_some())
        }
        Needs::Forces => (c0..c1).any(|k| doc.is_force_word(k) || doc.is_weapon_word(k)),
    };
    if !needs_ok {
        return None;
    }
    // Verb chain and modality: from the trigger verb, or from the noun's governing verb.
    let head = governor.unwrap_or(h.tok);
    let head_word = doc.w(head).to_string();
    let head_lemma = if governor.is_some() {
        head_word.clone()
    } else {
        entry.lemma.clone()
    };
    let chain: Chain = if is_noun && governor.is_none() {
        Chain {
            start: h.tok,
            ..Chain::default()
        }
    } else {
        verb_chain(doc, s, head, &head_word, &head_lemma)
    };
    let (mut modality, mut cues) = modality_of(doc, s, &chain);
    if let Some(g) = governor.filter(|&g| !supports_at(doc, g)) {
        // The governing word's own cue ("considering", "pledged"); a light verb ("sign an
        // agreement") carries the event rather than qualifying it.
        let words = doc.sentence_words(s);
        for (_, c) in lex.cues_at(words, g - s0) {
            if let (lexicon::CueScope::Chain, Some(m)) = (c.scope, c.modality) {
                if m > modality {
                    modality = m;
                }
                cues.push(format!("{}→{} (governor)", doc.w(g), m.as_str()));
            }
        }
    }
    if is_noun {
        for (w, m) in noun_modifier_cues(doc, s, h.tok) {
            if m > modality {
                modality = m;
            }
            cues.push(format!("{w}→{} (modifier)", m.as_str()));
        }
    }
    // Roles.
    let mut roles: Vec<String> = Vec::new();
    let subject: Vec<usize> = if is_noun && governor.is_none() {
        Vec::new()
    } else {
        coordinated_subject(doc, s, chain.start)
            .unwrap_or_else(|| doc.subject_before(s, chain.start, true))
    };
    // Noun-phrase modifiers of a noun trigger: "Moscow-led drills", "Russia's purchase".
    let mut modifiers: Vec<usize> = Vec::new();
    let mut origin: Vec<usize> = Vec::new();
    if is_noun {
        let lo = governor
            .map(|g| g + 1)
            .unwrap_or(c0)
            .max(h.tok.saturating_sub(5));
        let mut k = h.tok;
        while k > lo {
            k -= 1;
            let w = doc.w(k);
            if PREPOSITIONS.contains(&w)
                || doc.is_comma(k)
                || doc.is_clause_boundary(k)
                || (clauses::AUXILIARIES.contains(&w) && w != "'s")
            {
                break;
            }
            if let Some(a) = doc.actor_at(s, k) {
                if a.how != ActorHow::Modifier && !a.possessive {
                    // A subject of another verb ("as he oversaw … drills"), not a modifier.
                    break;
                }
                if a.how == ActorHow::Modifier && doc.is_weapon_word(a.end) {
                    push_all(&mut origin, &a.entities);
                } else {
                    push_all(&mut modifiers, &a.entities);
                }
            }
        }
    }
    // A noun's arguments are its prepositional phrases, up to the next comma or verb.
    let until = if is_noun { c1 } else { next_verb.min(c1) };
    let right = actors_right(doc, s, trig_end, until, is_noun);
    let by_prep = |p: &str| -> Vec<usize> {
        let mut v = Vec::new();
        for (prep, ents, _) in &right {
            if prep.as_deref() == Some(p) {
                push_all(&mut v, ents);
            }
        }
        v
    };
    let direct: Vec<usize> = right
        .iter()
        .take_while(|(p, _, _)| p.is_none())
        .flat_map(|(_, e, _)| e.clone())
        .collect();
    // Demonyms and possessives on the object's weapon: "Russian arms", "Russia's S-400".
    let mut object_origin: Vec<usize> = Vec::new();
    for (prep, ents, modifier) in &right {
        if *modifier && matches!(prep.as_deref(), None | Some("of")) {
            push_all(&mut object_origin, ents);
        }
    }
    let direct_plain: Vec<usize> = right
        .iter()
        .filter(|_| !is_noun)
        .take_while(|(p, _, _)| p.is_none())
        .filter(|(_, _, m)| !m)
        .flat_map(|(_, e, _)| e.clone())
        .collect();
    let _ = &direct;
    let mut source: Vec<usize> = Vec::new();
    let mut target: Vec<usize> = Vec::new();
    let mut participants: Vec<usize> = Vec::new();
    let agent = by_prep("by");
    let (subj, passive_subject) = if chain.passive && !agent.is_empty() {
        (agent.clone(), subject.clone())
    } else if chain.passive {
        (Vec::new(), subject.clone())
    } else {
        (subject.clone(), Vec::new())
    };
    let mut actor_side = subj.clone();
    if actor_side.is_empty() {
        push_all(&mut actor_side, &modifiers);
        if is_noun {
            push_all(&mut actor_side, &agent);
        }
    }
    // An order or contract won by its subject: the subject supplies, "from" names the buyer.
    let won = is_noun
        && entry.frame == Frame::Acquire
        && governor.is_some_and(|g| WIN_VERBS.contains(&doc.w(g)));
    if won {
        push_all(&mut target, &by_prep("from"));
    }
    let frame = if won { Frame::Supply } else { entry.frame };
    match frame {
        Frame::Joint => {
            push_all(&mut participants, &actor_side);
            push_all(&mut participants, &modifiers);
            push_all(&mut participants, &passive_subject);
            push_all(&mut participants, &by_prep("with"));
            push_all(&mut participants, &by_prep("between"));
            push_all(&mut participants, &direct_plain);
        }
        Frame::Actor => {
            push_all(&mut source, &actor_side);
            if source.is_empty() && entry.kind == "statement" {
                // "…, said Lukashenko": the speaker right after the verb.
                if let Some(a) = doc.actor_at(s, trig_end) {
                    push_all(&mut source, &a.entities.clone());
                }
            }
            if source.is_empty() {
                push_all(&mut source, &object_origin);
            }
        }
        Frame::Directed | Frame::Cancel => {
            push_all(&mut source, &actor_side);
            if is_noun && source.is_empty() {
                // "warnings from Washington", "criticism by Beijing".
                push_all(&mut source, &by_prep("from"));
            }
            if !passive_subject.is_empty() {
                push_all(&mut target, &passive_subject);
            }
            if target.is_empty() {
                push_all(&mut target, &direct_plain);
            }
            if target.is_empty() && is_noun {
                push_all(&mut target, &by_prep("of"));
            }
            // "criticised Washington's arms sales", "sanctioned Belarusian officials".
            if target.is_empty() {
                push_all(&mut target, &object_origin);
            }
            for p in [
                "against", "on", "to", "at", "with", "toward", "towards", "into", "from",
            ] {
                if target.is_empty() {
                    push_all(&mut target, &by_prep(p));
                }
            }
            if target.is_empty() {
                push_all(&mut target, &object_origin);
            }
        }
        Frame::Visit => {
            push_all(&mut source, &actor_side);
            push_all(&mut target, &direct_plain);
            if target.is_empty() {
                push_all(&mut target, &by_prep("to"));
            }
        }
        Frame::Acquire => {
            push_all(&mut source, &actor_side);
            push_all(&mut target, &by_prep("from"));
            if target.is_empty() {
                push_all(&mut target, &origin);
            }
            if target.is_empty() {
                push_all(&mut target, &object_origin);
            }
            if target.is_empty() {
                push_all(&mut target, &by_prep("with"));
            }
        }
        Frame::Supply => {
            if actor_side.is_empty() {
                push_all(&mut actor_side, &origin);
            }
            push_all(&mut source, &actor_side);
            push_all(&mut target, &passive_subject);
            if target.is_empty() {
                push_all(&mut target, &direct_plain);
            }
            for p in ["to", "for", "with"] {
                if target.is_empty() {
                    push_all(&mut target, &by_prep(p));
                }
            }
        }
    }
    target.retain(|e| !source.contains(e));
    // Place: a place entity after in/at/near in the clause, nearest the trigger.
    let mut place: Option<(usize, usize)> = None;
    for a in &doc.actors[s] {
        if a.start < c0 || a.start >= c1 {
            continue;
        }
        let Some(&e) = a.entities.first() else {
            continue;
        };
        if !is_place_type(&doc.entities[e].kind) {
            continue;
        }
        if let Some((_, p)) = doc.governing_preposition(s, a.start) {
            if matches!(p.as_str(), "in" | "at" | "near") {
                let d = a.start.abs_diff(h.tok);
                if place.is_none_or(|(bd, _)| d < bd) {
                    place = Some((d, e));
                }
            }
        }
    }
    let place = place.map(|(_, e)| e).filter(|_| entry.kind != "statement");
    // A joint event with one country, held in another country's place: the host takes part.
    if let Some(p) = place {
        if matches!(entry.frame, Frame::Joint) && entry.kind != "military_exercise" {
            let countries: BTreeSet<&str> = participants
                .iter()
                .filter_map(|&e| doc.entities[e].country.as_deref())
                .collect();
            if let Some(pc) = doc.entities[p].country.as_deref() {
                if countries.len() == 1 && !countries.contains(pc) {
                    participants.push(p);
                    roles.push(format!(
                        "participant: {} — host of the place",
                        entity_label(doc, p)
                    ));
                }
            }
        }
        if matches!(entry.frame, Frame::Visit) && target.is_empty() {
            target.push(p);
        }
    }
    // Time: nearest time expression in the clause, not one owned by a reporting verb.
    let mut time: Option<(usize, usize)> = None;
    for (ti, &(t0, t1)) in time_tokens.iter().enumerate() {
        if t0 < s0 || t1 > s1 || t0 >= t1 {
            continue;
        }
        // A verb's time lies in its own clause, before the next verb takes over ("thanked
        // Putin for agreeing to supply … by 2025": the deadline is the supply's).
        let in_clause = t0 >= c0 && t1 <= c1 && (is_noun || t0 < next_verb || t1 <= h.tok);
        // A fronted adverbial ("On Friday, Russia … launched") governs the main clause.
        let fronted = t0 == s0 && doc.is_comma(t1) && c0 <= t1 + 1;
        if !(in_clause || fronted) {
            continue;
        }
        let owned_by_reporting =
            (t0 > s0 && doc.is_reporting_verb(t0 - 1)) || (t1 < s1 && doc.is_reporting_verb(t1));
        if owned_by_reporting && entry.kind != "statement" {
            continue;
        }
        let d = if t1 <= h.tok {
            h.tok - t1
        } else {
            t0.saturating_sub(trig_end)
        };
        if time.is_none_or(|(bd, _)| d < bd) {
            time = Some((d, ti));
        }
    }
    let time = time.map(|(_, t)| t);
    if let Some(t) = time {
        let tt = times[t].text.to_lowercase();
        let ahead = [
            "next", "later", "coming", "upcoming", "tomorrow", "tonight", "soon",
        ];
        if modality == Modality::Asserted
            && ahead.iter().any(|w| tt.split_whitespace().any(|x| x == *w))
        {
            modality = Modality::Planned;
            cues.push(format!("“{}”→planned (time ahead)", times[t].text));
        }
    }
    // Anaphoric definite noun: "the drills".
    let anaphoric = is_noun && {
        let mut k = h.tok;
        let mut def = false;
        let mut steps = 0;
        while k > s0 && steps < 4 {
            k -= 1;
            steps += 1;
            let w = doc.w(k);
            if matches!(w, "the" | "this" | "these" | "those") {
                def = true;
                break;
            }
            if PREPOSITIONS.contains(&w)
                || DETERMINERS.contains(&w)
                || doc.is_clause_boundary(k)
                || doc.is_comma(k)
            {
                break;
            }
            if doc.actor_at(s, k).is_some() {
                break;
            }
        }
        def
    };
    if source.is_empty() && target.is_empty() && participants.is_empty() && !anaphoric {
        return None;
    }
    // Explanation.
    let rule = match (is_noun, governor) {
        (true, Some(g)) => format!("noun trigger governed by “{}”", doc.slice(g, g + 1)),
        (true, None) => "noun trigger".to_string(),
        _ if chain.passive => "verb trigger (passive)".to_string(),
        _ => "verb trigger".to_string(),
    };
    for (name, list) in [
        ("source", &source),
        ("target", &target),
        ("participant", &participants),
    ] {
        for &e in list.iter() {
            let how = if subj.contains(&e) {
                if chain.passive {
                    "by-agent"
                } else {
                    "subject"
                }
            } else if modifiers.contains(&e) || origin.contains(&e) || object_origin.contains(&e) {
                "modifier"
            } else if passive_subject.contains(&e) {
                "passive subject"
            } else {
                "object or prepositional phrase"
            };
            roles.push(format!("{name}: {} — {how}", entity_label(doc, e)));
        }
    }
    if let Some(p) = place {
        roles.push(format!("place: {}", entity_label(doc, p)));
    }
    if let Some(t) = time {
        roles.push(format!("time: {}", times[t].text));
    }
    let chain_start = if is_noun && governor.is_none() {
        h.tok
    } else {
        chain.start.min(h.tok)
    };
    Some(Candidate {
        sentence: s,
        chain_start,
        trigger_end: trig_end,
        entry: h.entry,
        kind: entry.kind.clone(),
        source,
        target,
        participants,
        place,
        time,
        modality,
        anaphoric,
        explanation: Explanation {
            rule,
            lemma: entry.lemma.clone(),
            frame: format!("{frame:?}").to_lowercase(),
            roles,
            modality_cues: cues,
            mentions: 1,
            ..Explanation::default()
        },
    })
}

/// Countries (or entity ids for actors without one) of a role list.
fn keys(doc: &Doc, ids: &[usize]) -> BTreeSet<String> {
    ids.iter()
        .map(|&e| match &doc.entities[e].country {
            Some(c) => c.clone(),
            None => format!("#{}", doc.entities[e].id),
        })
        .collect()
}

fn nested(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    a.is_subset(b) || b.is_subset(a)
}

fn times_clash(times: &[TimeExpr], a: Option<usize>, b: Option<usize>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (va, vb) = (times[a].value.as_deref(), times[b].value.as_deref());
            let dated =
                |v: Option<&str>| v.is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
            dated(va) && dated(vb) && va != vb
        }
        _ => false,
    }
}

fn merge(doc: &Doc, candidates: Vec<Candidate>, times: &[TimeExpr]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for c in candidates {
        // A definite noun trigger refers back to the latest event of its kind.
        if c.anaphoric {
            if let Some(m) = out.iter_mut().rev().find(|m| m.kind == c.kind) {
                let mut actors = c.participants.clone();
                push_all(&mut actors, &c.source);
                push_all(&mut actors, &c.target);
                if !m.participants.is_empty() {
                    push_all(&mut m.participants, &actors);
                } else if !actors.is_empty()
                    && !matches!(lexicon().entries[m.entry].frame, Frame::Joint)
                {
                    // Directed events keep their roles; new actors are not guessed into them.
                } else {
                    push_all(&mut m.participants, &actors);
                }
                m.explanation.mentions += 1;
                if m.time.is_none() {
                    m.time = c.time;
                }
                continue;
            }
            if c.source.is_empty() && c.target.is_empty() && c.participants.is_empty() {
                continue;
            }
        }
        let ck = |x: &Candidate| {
            let mut all = x.participants.clone();
            push_all(&mut all, &x.source);
            (
                keys(doc, &x.source),
                keys(doc, &x.target),
                keys(doc, &x.participants),
                keys(doc, &all),
            )
        };
        let (cs, ct, cp, _) = ck(&c);
        let same = out.iter_mut().find(|m| {
            if m.kind != c.kind || m.modality != c.modality || times_clash(times, m.time, c.time) {
                return false;
            }
            let (ms, mt, mp, _) = ck(m);
            if !mp.is_empty() || !cp.is_empty() {
                let mut a = mp.clone();
                a.extend(ms.iter().cloned());
                let mut b = cp.clone();
                b.extend(cs.iter().cloned());
                return !a.is_empty() && !b.is_empty() && nested(&a, &b);
            }
            !ms.is_empty()
                && !cs.is_empty()
                && nested(&ms, &cs)
                && (mt.is_empty() || ct.is_empty() || nested(&mt, &ct))
        });
        match same {
            Some(m) => {
                push_all(&mut m.source, &c.source);
                push_all(&mut m.target, &c.target);
                push_all(&mut m.participants, &c.participants);
                if m.time.is_none() {
                    m.time = c.time;
                }
                if m.place.is_none() {
                    m.place = c.place;
                }
                m.explanation.mentions += 1;
            }
            None => out.push(c),
        }
    }
    out
}

fn number(doc: &Doc, merged: Vec<Candidate>, times: &[TimeExpr]) -> Vec<ExplainedEvent> {
    let lex = lexicon();
    let text = doc.text;
    merged
        .into_iter()
        .enumerate()
        .map(|(n, c)| {
            let id = format!("v{}", n + 1);
            let entry = &lex.entries[c.entry];
            let code = lex.code_for(&c.kind, c.modality, entry.cameo.as_deref());
            let facts = code.as_deref().and_then(|k| lex.cameo.get(k));
            let sent = &text.sentences[c.sentence];
            let span = text.span(sent.start, sent.end);
            let ids = |v: &[usize]| {
                v.iter()
                    .map(|&e| doc.entities[e].id.clone())
                    .collect::<Vec<_>>()
            };
            let mut explanation = c.explanation;
            explanation.event = id.clone();
            explanation.cameo_name = facts.map(|f| f.name.clone());
            explanation.plover = facts.and_then(|f| f.plover.clone());
            let trigger = doc.slice(c.chain_start, c.trigger_end).to_string();
            ExplainedEvent {
                event: Event {
                    id,
                    kind: c.kind,
                    cameo: code.clone(),
                    quad_class: facts.map(|f| f.quad_class),
                    goldstein: facts.map(|f| f.goldstein),
                    source: ids(&c.source),
                    target: ids(&c.target),
                    participants: ids(&c.participants),
                    place: c.place.map(|e| doc.entities[e].id.clone()),
                    time: c.time.map(|t| times[t].id.clone()),
                    modality: c.modality.as_str().to_string(),
                    trigger,
                    start: span.start,
                    end: span.end,
                },
                explanation,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
