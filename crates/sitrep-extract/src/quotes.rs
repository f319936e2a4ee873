//! The quotes layer: who said what, as `direct`, `partial` and `indirect` quotes with speakers.
//!
//! Design. There is no parser behind this layer, only tokens, sentences, the entity layer and a
//! few word lists (`data/lexicon/*.tsv`: reporting cues, closed-class grammar words, speaker
//! nouns, gendered given names). News attribution is formulaic enough that local patterns around
//! a reporting cue carry most of the weight:
//!
//! 1. **Quotation marks** (module `marks`) are paired per paragraph (double marks only, so apostrophes
//!    and nested single quotes never interfere). A quoted span that opens a sentence, follows a
//!    colon, follows a comma with a capital letter, or follows a reporting cue (plus at most a
//!    short verb-less adjunct: `X said in an interview "We …"`) with a capital letter is
//!    `direct`; one inside the reporter's own words is `partial`.
//! 2. **Direct quotes** take their speaker from the cue right after the closing mark
//!    (`"…," Lukashenko said` · `"…," said the ministry`) or right before the opening one
//!    (`X told reporters: "…"`). A direct quote with no cue of its own continues the latest speaker
//!    of its own or the previous paragraph (`"A," he said. "B."` and the quote-only paragraph);
//!    a quote that runs on into the next paragraph takes that paragraph's speaker as a last resort.
//! 3. **Indirect quotes** are found from cues outside quotation marks: `X said (that) CLAUSE`
//!    (after skipping "on Sunday", "in a statement", the hearer of "told"), `CLAUSE, X said`,
//!    `CLAUSE, said X`, `according to X, CLAUSE`, `…, adding that CLAUSE`. A complement counts as a
//!    clause only when it starts like one and holds a finite verb within reach (soon and before
//!    any comma for cues that often take an object, like "announced"), so "warned of
//!    provocations", "told reporters during the drills" and "explained the plan" are not reported
//!    speech; a negated cue ("would not say") reports nothing. The clause ends at the sentence end
//!    or earlier at reporter material: a subordinate "as he …", a comma with a participle
//!    (", citing …", ", with X saying …"), "and" + a new subject with its own verb, or the comma
//!    closing a fronted "Although X said …,".
//! 4. **Partial quotes** belong to the nearest cue before them in the sentence (`what he called
//!    "…"`, `warned of possible "…"`), else to the reported speech holding them, else to the
//!    sentence's last subject before them. A report that is exactly one quoted span is kept as
//!    the partial quote only.
//! 5. **Speakers** are noun phrases resolved to entity ids: an entity mention covering the phrase
//!    head wins (the entity layer has already clustered "the Belarus president" with
//!    "Lukashenko"), and a title or nationality before a name joins the phrase ("Polish Prime
//!    Minister Mateusz Morawiecki"); a pronoun goes to the most recent compatible mention within
//!    three paragraphs, subjects before objects (he/she: people, with gender from a courtesy
//!    title or a given-name list; it/they: organisations and countries); a descriptor ("the
//!    ministry", "the president") goes to the entity whose name, descriptors or mentions contain
//!    its head noun (else, when definite, to the latest subject of a kind it can stand for), and
//!    "his office" or "the Kremlin's spokesman" to the possessor. An unresolvable speaker leaves
//!    `speaker` null but keeps `speaker_text`.
//!
//! Offsets are computed in bytes and converted to code points only when a [`Quote`] is built.
//! Per-token lookups (covering mention, cue) are built once, so the layer is linear in practice.

mod lexicon;
mod marks;
#[cfg(test)]
mod tests;

use std::ops::Range;

use sitrep_core::schema::{Entity, Quote};
use sitrep_core::text::Text;

use lexicon::{class, CueClass, Gender, Lexicon};
use marks::QuotedSpan;

/// Find every direct, partial and indirect quote in `text`, with speakers resolved to the ids of
/// `entities` (the finished entity layer, coreference included). Ids are `q1…` in text order.
pub fn extract_quotes(text: &Text, entities: &[Entity]) -> Vec<Quote> {
    let doc = Doc::new(text, entities);
    let mut found = doc.find();
    found.sort_by_key(|f| (f.content.start, f.content.end));
    found.dedup_by(|a, b| a.content == b.content && a.kind == b.kind);
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let span = text.span(f.content.start, f.content.end);
            Quote {
                id: format!("q{}", i + 1),
                kind: f.kind.name().to_string(),
                text: text.text[f.content.clone()].to_string(),
                speaker: f
                    .speaker
                    .as_ref()
                    .and_then(|s| s.entity)
                    .map(|e| entities[e].id.clone()),
                speaker_text: f
                    .speaker
                    .as_ref()
                    .map(|s| text.text[s.words.clone()].to_string()),
                cue: f.cue.map(|c| text.text[c].to_string()),
                start: span.start,
                end: span.end,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Direct,
    Partial,
    Indirect,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Partial => "partial",
            Kind::Indirect => "indirect",
        }
    }
}

/// A speaker: the words that name it (bytes) and the entity they resolve to.
#[derive(Debug, Clone)]
struct Speaker {
    words: Range<usize>,
    entity: Option<usize>,
}

/// A quote before ids and code points.
#[derive(Debug, Clone)]
struct Found {
    kind: Kind,
    content: Range<usize>,
    speaker: Option<Speaker>,
    cue: Option<Range<usize>>,
}

/// An entity mention in byte offsets and token indices.
#[derive(Debug, Clone)]
struct MentionAt {
    start: usize,
    end: usize,
    first: usize,
    last: usize,
    entity: usize,
}

/// A cue occurrence: token range and class.
#[derive(Debug, Clone, Copy)]
struct CueAt {
    first: usize,
    end: usize,
    class: CueClass,
    takes_np: bool,
}

struct Doc<'a> {
    text: &'a Text,
    lex: &'static Lexicon,
    entities: &'a [Entity],
    lower: Vec<String>,
    mentions: Vec<MentionAt>,
    genders: Vec<Option<Gender>>,
    spans: Vec<QuotedSpan>,
    direct: Vec<bool>,
    /// Quoted span (index into `spans`) covering each token, marks included.
    tok_quote: Vec<Option<usize>>,
    /// Head mentions outside quotes: (byte position, entity, in subject position?).
    salient: Vec<(usize, usize, bool)>,
    /// Per token: the longest mention covering it (index into `mentions`).
    tok_cover: Vec<Option<usize>>,
    /// Per token: the longest speaker-kind mention starting at it.
    tok_start: Vec<Option<usize>>,
    /// Per token: the cue starting at it.
    tok_cue: Vec<Option<CueAt>>,
}

const SPEAKER_KINDS: &[&str] = &["PERSON", "ORG", "GPE", "NORP"];

/// Lower-case words ending in "-ed" that are not verbs.
const NOT_VERBS_ED: &[&str] = &[
    "need", "hundred", "red", "bed", "indeed", "seed", "speed", "feed", "greed", "shed", "breed",
    "naked", "sacred", "wicked", "kindred", "steed", "creed", "deed", "weed",
];

/// "-ing" words that continue a clause rather than start the reporter's participle phrase.
const PREPOSITIONAL_ING: &[&str] = &[
    "including",
    "excluding",
    "regarding",
    "concerning",
    "following",
    "involving",
    "during",
    "notwithstanding",
    "pending",
    "barring",
];

impl<'a> Doc<'a> {
    fn new(text: &'a Text, entities: &'a [Entity]) -> Doc<'a> {
        let lex = Lexicon::get();
        let s = text.text.as_str();
        let lower: Vec<String> = (0..text.tokens.len())
            .map(|i| normalise_token(text.token(i)))
            .collect();
        let char_to_byte: Vec<usize> = s
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(s.len()))
            .collect();
        let mut mentions = Vec::new();
        for (e, ent) in entities.iter().enumerate() {
            for m in &ent.mentions {
                let (Some(&start), Some(&end)) =
                    (char_to_byte.get(m.start), char_to_byte.get(m.end))
                else {
                    continue;
                };
                if start >= end {
                    continue;
                }
                let first = text.token_at(start);
                let last = text.token_at(end).saturating_sub(1);
                if first >= text.tokens.len() || last < first {
                    continue;
                }
                mentions.push(MentionAt {
                    start,
                    end,
                    first,
                    last,
                    entity: e,
                });
            }
        }
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let genders = entities.iter().map(|e| entity_gender(lex, e)).collect();
        let mut spans = marks::quoted_spans(text);
        spans.retain(|q| !is_nickname(text, q));
        let mut tok_quote = vec![None; text.tokens.len()];
        for (i, q) in spans.iter().enumerate() {
            let from = text.token_at(q.open);
            let to = text.token_at(q.after(s));
            for slot in &mut tok_quote[from..to.min(text.tokens.len())] {
                *slot = Some(i);
            }
        }
        let mut doc = Doc {
            text,
            lex,
            entities,
            lower,
            mentions,
            genders,
            spans,
            direct: Vec::new(),
            tok_quote,
            salient: Vec::new(),
            tok_cover: Vec::new(),
            tok_start: Vec::new(),
            tok_cue: Vec::new(),
        };
        doc.index_tokens();
        doc.direct = (0..doc.spans.len()).map(|i| doc.is_direct(i)).collect();
        doc.salient = doc
            .mentions
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                doc.tok_quote[m.first].is_none()
                    && doc.speaker_kind(m.entity)
                    && doc.extend_np(*i) == *i
            })
            .map(|(_, m)| (m.start, m.entity, doc.subject_like(m)))
            .collect();
        doc
    }

    /// Fill the per-token lookups (covering mention, starting mention, cue) once.
    fn index_tokens(&mut self) {
        let n = self.text.tokens.len();
        let mut cover: Vec<Option<usize>> = vec![None; n];
        let mut start: Vec<Option<usize>> = vec![None; n];
        for (k, m) in self.mentions.iter().enumerate() {
            for t in m.first..=m.last.min(n.saturating_sub(1)) {
                let tok = self.text.tokens[t];
                if m.start > tok.start || m.end < tok.end {
                    continue;
                }
                let better = |old: Option<usize>| {
                    old.is_none_or(|o| {
                        let o = &self.mentions[o];
                        (m.end, std::cmp::Reverse(m.start)) > (o.end, std::cmp::Reverse(o.start))
                    })
                };
                if better(cover[t]) {
                    cover[t] = Some(k);
                }
                let speaker = SPEAKER_KINDS.contains(&self.entities[m.entity].kind.as_str());
                if m.start == tok.start
                    && speaker
                    && start[t].is_none_or(|o| self.mentions[o].end < m.end)
                {
                    start[t] = Some(k);
                }
            }
        }
        let cues = (0..n)
            .map(|i| {
                self.lex.cues_starting(self.w(i)).find_map(|cue| {
                    let len = cue.words.len();
                    let ok = (0..len).all(|k| self.w(i + k) == cue.words[k]);
                    ok.then_some(CueAt {
                        first: i,
                        end: i + len,
                        class: cue.class,
                        takes_np: cue.takes_np,
                    })
                })
            })
            .collect();
        self.tok_cover = cover;
        self.tok_start = start;
        self.tok_cue = cues;
    }

    // ---- token predicates

    fn w(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", String::as_str)
    }

    fn is(&self, i: usize, classes: u16) -> bool {
        self.lex.is(self.w(i), classes)
    }

    /// First character of token `i` (none past the end: every lookahead is safe).
    fn first_char(&self, i: usize) -> Option<char> {
        let t = self.text.tokens.get(i)?;
        self.text.text[t.start..t.end].chars().next()
    }

    fn capitalised(&self, i: usize) -> bool {
        self.first_char(i).is_some_and(char::is_uppercase)
    }

    fn is_word(&self, i: usize) -> bool {
        self.first_char(i).is_some_and(char::is_alphanumeric)
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.first_char(i).is_some_and(char::is_lowercase)
    }

    /// Could token `i` be a finite verb (or the auxiliary of one)?
    fn verbish(&self, i: usize) -> bool {
        if !self.is_lower_word(i) && !self.w(i).starts_with('\'') {
            return false;
        }
        let w = self.w(i);
        if w == "'s" {
            // "he's", "there's" — but "Iraq's" is a possessive.
            let prev = if i > 0 { self.w(i - 1) } else { "" };
            return matches!(
                prev,
                "he" | "she" | "it" | "that" | "there" | "what" | "who" | "here" | "this"
            );
        }
        if self.is(i, class::AUXILIARY | class::PAST) {
            return true;
        }
        // After a determiner a present or "-ed" form is a noun or adjective: "the plan", "its
        // needs", "the continued role".
        let after_determiner =
            i > 0 && self.is(i - 1, class::DETERMINER | class::POSSESSIVE_PRONOUN);
        let regular_past =
            w.len() >= 4 && w.ends_with("ed") && !w.contains('-') && !NOT_VERBS_ED.contains(&w);
        (self.is(i, class::PRESENT) || regular_past) && !after_determiner
    }

    /// Is there a finite verb in tokens `k..hi` (at most 16 ahead) before another report starts?
    fn verb_ahead(&self, k: usize, hi: usize) -> bool {
        self.verb_within(k, hi, 16, false)
    }

    /// Is there a finite verb within `reach` tokens from `k` (before `hi`), before another
    /// report starts, a relative word ("the plan, which was …") or, when `before_comma`, a comma?
    fn verb_within(&self, k: usize, hi: usize, reach: usize, before_comma: bool) -> bool {
        for t in k..(k + reach).min(hi) {
            let next_report = self
                .cue_at(t)
                .is_some_and(|c| matches!(c.class, CueClass::Verb | CueClass::Object));
            if next_report && t > k && !self.is(t - 1, class::SUBJECT_PRONOUN) {
                return false;
            }
            if self.is(t, class::RELATIVE) || (before_comma && self.w(t) == ",") {
                return false;
            }
            if self.verbish(t) {
                return true;
            }
        }
        false
    }

    fn speaker_kind(&self, e: usize) -> bool {
        SPEAKER_KINDS.contains(&self.entities[e].kind.as_str())
    }

    fn sentence_of(&self, tok: usize) -> usize {
        self.text
            .sentences
            .partition_point(|s| s.tokens.end <= tok)
            .min(self.text.sentences.len().saturating_sub(1))
    }

    fn paragraph_of(&self, byte: usize) -> usize {
        self.text
            .paragraphs
            .partition_point(|p| p.end < byte)
            .min(self.text.paragraphs.len().saturating_sub(1))
    }

    fn tok_range(&self, first: usize, last: usize) -> Range<usize> {
        self.text.tokens[first].start..self.text.tokens[last].end
    }

    /// The cue whose first word is token `i`, if any.
    fn cue_at(&self, i: usize) -> Option<CueAt> {
        self.tok_cue.get(i).copied().flatten()
    }

    // ---- mentions and noun phrases

    /// The longest mention covering token `i` (the one reaching furthest right wins ties).
    fn mention_covering(&self, i: usize) -> Option<usize> {
        self.tok_cover.get(i).copied().flatten()
    }

    /// The longest speaker-kind mention starting at token `i`.
    fn mention_starting(&self, i: usize) -> Option<usize> {
        self.tok_start.get(i).copied().flatten()
    }

    /// Follow a mention that only modifies a longer noun phrase to the phrase's head mention:
    /// "Polish Prime Minister Mateusz Morawiecki", "Belarus leader Alexander Lukashenko".
    fn extend_np(&self, mut k: usize) -> usize {
        loop {
            let m = &self.mentions[k];
            let sent_end = self.text.sentences[self.sentence_of(m.first)].tokens.end;
            let mut t = m.last + 1;
            let mut steps = 0;
            let mut next = None;
            while t < sent_end && steps <= 4 {
                if let Some(n) = self.mention_starting(t) {
                    if n != k && self.mentions[n].first > m.last {
                        next = Some(n);
                    }
                    break;
                }
                let w = self.w(t);
                let title = self.capitalised(t) || self.lex.speaker_noun(w).is_some();
                if !title || self.is(t, class::PREPOSITION | class::CONJUNCTION) {
                    break;
                }
                t += 1;
                steps += 1;
            }
            match next {
                Some(n) if self.speaker_kind(self.mentions[n].entity) => k = n,
                _ => return k,
            }
        }
    }

    /// Is the mention in subject position, as far as local words tell: not a possessor, not
    /// after a preposition or a verb (allowing a determiner or two modifiers between)?
    fn subject_like(&self, m: &MentionAt) -> bool {
        if matches!(self.w(m.last + 1), "'s" | "'") {
            return false;
        }
        // "Belarusian troops": a nationality before a noun only modifies it.
        let next = m.last + 1;
        if self.entities[m.entity].kind == "NORP"
            && next < self.text.tokens.len()
            && self.is_lower_word(next)
            && !self.verbish(next)
            && !self.lex.is(self.w(next), u16::MAX)
        {
            return false;
        }
        let sent_start = self.text.sentences[self.sentence_of(m.first)].tokens.start;
        let mut k = m.first;
        let mut skipped = 0;
        while k > sent_start {
            k -= 1;
            if self.is(k, class::PREPOSITION) && self.w(k) != "like" {
                return false;
            }
            if self.verbish(k) {
                return false;
            }
            let modifier = self.is(k, class::DETERMINER | class::POSSESSIVE_PRONOUN)
                || (self.is_lower_word(k)
                    && self.lex.speaker_noun(self.w(k)).is_none()
                    && !self.is(k, class::CONJUNCTION | class::SUBORDINATOR));
            if !modifier || skipped >= 2 {
                break;
            }
            skipped += 1;
        }
        true
    }

    /// A noun phrase ending at token `j` (not before `lo`): a mention, a pronoun or a descriptor
    /// with a speaker-noun or capitalised head. Returns its first token.
    fn np_ending_at(&self, j: usize, lo: usize) -> Option<usize> {
        if let Some(k) = self.mention_covering(j) {
            let m = &self.mentions[k];
            if self.speaker_kind(m.entity) && m.last == j {
                let mut first = m.first.max(lo);
                if first > lo && self.is(first - 1, class::DETERMINER) {
                    first -= 1;
                }
                return Some(first);
            }
        }
        if self.is(j, class::SUBJECT_PRONOUN) {
            return Some(j);
        }
        let head_ok = self.lex.speaker_noun(self.w(j)).is_some()
            || (self.capitalised(j) && self.is_word(j) && !self.lex.is(self.w(j), u16::MAX));
        if !head_ok || self.verbish(j) {
            return None;
        }
        let mut first = j;
        while first > lo && j - first < 6 {
            let k = first - 1;
            let w = self.w(k);
            let function_word = self.lex.is(
                w,
                class::SUBORDINATOR | class::CONJUNCTION | class::PREPOSITION | class::TIME,
            );
            let part = self.is(k, class::DETERMINER | class::POSSESSIVE_PRONOUN)
                || w == "'s"
                || (self.capitalised(k) && !function_word)
                || self.mention_covering(k).is_some()
                || (self.is_lower_word(k) && !self.verbish(k) && !self.lex.is(w, u16::MAX));
            if !part || self.tok_quote[k].is_some() {
                break;
            }
            first = k;
            if self.is(k, class::DETERMINER | class::POSSESSIVE_PRONOUN) {
                break;
            }
        }
        Some(first)
    }

    /// A noun phrase starting at token `t` (before `hi`): returns its last token.
    fn np_starting_at(&self, t: usize, hi: usize) -> Option<usize> {
        if t >= hi {
            return None;
        }
        let m0 = self.mention_starting(t).or_else(|| {
            self.is(t, class::DETERMINER)
                .then(|| self.mention_starting(t + 1))
                .flatten()
        });
        if let Some(k) = m0 {
            return Some(self.mentions[self.extend_np(k)].last.min(hi - 1));
        }
        if self.is(t, class::SUBJECT_PRONOUN) {
            return Some(t);
        }
        // A title before the name: "Staff Sgt. Ann Lee", "Gen. Joseph Votel".
        let mut k = t;
        while k < hi && k - t < 4 && (self.capitalised(k) || self.w(k) == ".") {
            if let Some(m) = self.mention_starting(k) {
                return Some(self.mentions[self.extend_np(m)].last.min(hi - 1));
            }
            k += 1;
        }
        let mut last = None;
        let mut k = t;
        while k < hi && k - t < 6 {
            let w = self.w(k);
            let ok = self.is(k, class::DETERMINER | class::POSSESSIVE_PRONOUN)
                || w == "'s"
                || (self.is_word(k)
                    && !self.verbish(k)
                    && !self.is(
                        k,
                        class::PREPOSITION | class::CONJUNCTION | class::SUBORDINATOR,
                    ));
            if !ok || self.tok_quote[k].is_some() {
                break;
            }
            if self.lex.speaker_noun(w).is_some()
                || self.capitalised(k)
                || self.mention_covering(k).is_some()
            {
                last = Some(k);
            }
            k += 1;
        }
        last
    }

    /// Resolve the noun phrase `first..=last` to a speaker.
    fn resolve_np(&self, first: usize, last: usize) -> Speaker {
        let words = self.tok_range(first, last);
        let entity = self.resolve_np_entity(first, last);
        Speaker { words, entity }
    }

    fn resolve_np_entity(&self, first: usize, last: usize) -> Option<usize> {
        let pos = self.text.tokens[first].start;
        if let Some(k) = self.mention_covering(last) {
            if self.speaker_kind(self.mentions[k].entity) {
                return Some(self.mentions[k].entity);
            }
        }
        if first == last && self.is(last, class::SUBJECT_PRONOUN) {
            return self.resolve_pronoun(self.w(last), pos);
        }
        let head = self.w(last);
        let noun = self.lex.speaker_noun(head)?;
        if noun.proxy {
            // "his office", "the Kremlin's spokesman": the possessor speaks.
            for k in first..last {
                if self.is(k, class::POSSESSIVE_PRONOUN) {
                    let pronoun = match self.w(k) {
                        "his" => "he",
                        "her" => "she",
                        "its" => "it",
                        _ => "they",
                    };
                    return self.resolve_pronoun(pronoun, pos);
                }
                if self.w(k + 1) == "'s" || self.w(k + 1) == "'" {
                    if let Some(m) = self.mention_covering(k) {
                        return Some(self.mentions[m].entity);
                    }
                }
            }
            return None;
        }
        // A country named inside the phrase narrows the choice: "the Polish prime minister".
        let country = (first..last)
            .filter_map(|k| self.mention_covering(k))
            .filter_map(|m| self.entities[self.mentions[m].entity].country.clone())
            .next();
        let singular = head.strip_suffix('s').unwrap_or(head);
        let fits = |e: &Entity| {
            let kind_ok = match e.kind.as_str() {
                "PERSON" => noun.person,
                "ORG" => noun.org,
                "GPE" => noun.gpe,
                _ => false,
            };
            let has = |s: &str| {
                s.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == head || w == singular)
            };
            kind_ok
                && (has(&e.name)
                    || e.descriptors.iter().any(|d| has(d))
                    || e.mentions.iter().any(|m| has(&m.text)))
                && country
                    .as_ref()
                    .is_none_or(|c| e.country.as_ref().is_none_or(|ec| ec == c))
        };
        // Prefer the fitting entity mentioned most recently before the phrase.
        let fitting: Vec<bool> = self.entities.iter().map(fits).collect();
        let before = self.mentions.partition_point(|m| m.start < pos);
        let recent = self.mentions[..before]
            .iter()
            .rev()
            .find(|m| fitting[m.entity])
            .map(|m| m.entity);
        let named = recent.or_else(|| fitting.iter().position(|&f| f));
        // "the company said" after "Nordic Power shut …": a definite, singular descriptor with no
        // name to match goes to the latest subject of a kind it can stand for.
        let definite = self.w(first) == "the" && singular == head;
        named.or_else(|| {
            definite
                .then(|| {
                    self.recent(pos, true, |e| match self.entities[e].kind.as_str() {
                        "PERSON" => noun.person,
                        "ORG" => noun.org,
                        "GPE" => noun.gpe,
                        _ => false,
                    })
                })
                .flatten()
        })
    }

    fn compatible(&self, pronoun: &str, e: usize) -> bool {
        let kind = self.entities[e].kind.as_str();
        match pronoun {
            "he" => kind == "PERSON" && self.genders[e] != Some(Gender::Female),
            "she" => kind == "PERSON" && self.genders[e] != Some(Gender::Male),
            "it" => matches!(kind, "ORG" | "GPE"),
            "they" => matches!(kind, "ORG" | "GPE" | "NORP"),
            _ => false,
        }
    }

    /// The most recent compatible mention before byte `pos` within three paragraphs, subjects
    /// first (a speaker named by a mention is a subject too); objects only when no subject fits.
    fn resolve_pronoun(&self, pronoun: &str, pos: usize) -> Option<usize> {
        self.recent(pos, true, |e| self.compatible(pronoun, e))
            .or_else(|| self.recent(pos, false, |e| self.compatible(pronoun, e)))
    }

    /// The most recent salient entity before `pos` (within three paragraphs) that `fits`.
    fn recent(
        &self,
        pos: usize,
        subjects_only: bool,
        fits: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let para = self.paragraph_of(pos);
        let floor = self
            .text
            .paragraphs
            .get(para.saturating_sub(3))
            .map_or(0, |p| p.start);
        let before = self.salient.partition_point(|&(p, _, _)| p < pos);
        self.salient[..before]
            .iter()
            .rev()
            .take_while(|&&(p, _, _)| p >= floor)
            .find(|&&(_, e, subject)| (subject || !subjects_only) && fits(e))
            .map(|&(_, e, _)| e)
    }

    /// Subjects in the sentence tokens `lo..hi`, outside quotes, in text order.
    fn subjects(&self, lo: usize, hi: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut t = lo;
        while t < hi {
            if self.tok_quote[t].is_some() {
                t += 1;
                continue;
            }
            if let Some(k) = self.mention_starting(t) {
                let m = &self.mentions[k];
                if self.subject_like(m) {
                    let head = self.extend_np(k);
                    let last = self.mentions[head].last;
                    out.push((t, last));
                    t = last + 1;
                    continue;
                }
                t = m.last + 1;
                continue;
            }
            if matches!(self.w(t), "he" | "she" | "it" | "they") {
                out.push((t, t));
            } else if self.is(t, class::DETERMINER | class::POSSESSIVE_PRONOUN)
                && !(t > lo && self.is(t - 1, class::PREPOSITION))
            {
                // "the ministry has said", "his office said" (but not "counsel of the company,")
                let head =
                    (t + 1..(t + 4).min(hi)).find(|&h| self.lex.speaker_noun(self.w(h)).is_some());
                if let Some(h) = head {
                    let next = h + 1;
                    let follows =
                        self.verbish(next) || self.is(next, class::ADVERB) || self.w(next) == ",";
                    if next < hi && follows {
                        out.push((t, h));
                        t = h + 1;
                        continue;
                    }
                }
            }
            t += 1;
        }
        out
    }

    /// The speaker of the cue starting at token `c`, looking left within the sentence.
    fn speaker_of_cue(&self, c: usize, lo: usize) -> Option<Speaker> {
        // Step left over what may sit between a subject and its cue: "also", "has", "would",
        // "on Sunday", "last week" (but not a form of "be": "X was told" makes X the hearer).
        let mut j = c.checked_sub(1)?;
        loop {
            if j < lo {
                return None;
            }
            let w = self.w(j);
            let be = matches!(
                w,
                "is" | "are" | "was" | "were" | "be" | "been" | "am" | "'s"
            );
            let time = self.is(j, class::TIME)
                && j > lo
                && (matches!(self.w(j - 1), "on" | "in") || self.is(j - 1, class::TIME_MODIFIER));
            let skip = if self.is(j, class::ADVERB | class::AUXILIARY) && !be {
                1
            } else if time {
                2
            } else {
                break;
            };
            j = j.checked_sub(skip)?;
        }
        if self.w(j) == "," && j > lo {
            // "The general counsel of the company, Mark Chandler, explained": a named person in
            // apposition right before the cue is the speaker.
            if let Some(m) = self.mention_covering(j - 1) {
                let m = &self.mentions[m];
                let person = self.entities[m.entity].kind == "PERSON";
                if m.last == j - 1 && person && m.first > lo && self.w(m.first - 1) == "," {
                    return Some(self.resolve_np(m.first, m.last));
                }
            }
        }
        if self.is(j, class::CONJUNCTION) || self.w(j) == "," {
            let (first, last) = *self.subjects(lo, j).first()?;
            return Some(self.resolve_np(first, last));
        }
        let first = self.np_ending_at(j, lo)?;
        Some(self.resolve_np(first, j))
    }

    // ---- quoted spans

    /// Does the quoted span stand as whole sentences (direct) rather than inside one (partial)?
    fn is_direct(&self, i: usize) -> bool {
        let q = &self.spans[i];
        let s = self.text.text.as_str();
        if i > 0 && self.spans[i - 1].continues && self.spans[i - 1].paragraph + 1 == q.paragraph {
            return true;
        }
        let para = &self.text.paragraphs[q.paragraph];
        let before = s[para.start..q.open].trim_end();
        let Some(last) = before.chars().last() else {
            return true;
        };
        let starts_upper = s[q.content.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        // `X said "We …"`: a capitalised quote right after a reporting verb is a sentence.
        let tb = self.text.token_at(q.open);
        if starts_upper && self.cue_before_quote(tb).is_some() {
            return true;
        }
        // `"We are ready," he said, "and we will win."`: the quote resumes after its cue.
        let resumes = || {
            i > 0
                && self.spans[i - 1].paragraph == q.paragraph
                && self.cue_before_quote(tb).is_some()
                && self.is_direct(i - 1)
        };
        match last {
            '.' | '!' | '?' | ':' | '\u{2026}' => true,
            ',' | '\u{2014}' | '\u{2013}' => starts_upper || resumes(),
            '"' | '\u{201D}' | '\u{00BB}' => {
                let mut chars = before.chars().rev();
                chars.next();
                chars
                    .next()
                    .is_some_and(|c| matches!(c, '.' | '!' | '?' | ','))
            }
            _ => false,
        }
    }

    /// Find the attribution of a direct quote: a cue after the closing mark, else before the
    /// opening one. Returns the speaker and the cue's byte range.
    fn direct_attribution(&self, i: usize) -> Option<(Speaker, Range<usize>)> {
        let q = &self.spans[i];
        let s = self.text.text.as_str();
        let para = &self.text.paragraphs[q.paragraph];
        let ends_sentence = s[q.content.clone()].trim_end().ends_with(['.', '\u{2026}']);
        // After: "…," Lukashenko said · "…," said the ministry · "…?" he asked.
        let a = q.after(s);
        if a < para.end {
            let mut t0 = self.text.token_at(a);
            if self.w(t0) == "," {
                t0 += 1;
            }
            let sent = &self.text.sentences[self.sentence_of(t0.min(self.text.tokens.len() - 1))];
            let hi = sent.tokens.end.min(self.text.token_at(para.end));
            if let Some(found) = self.attribution_after(t0, hi, ends_sentence) {
                return Some(found);
            }
        }
        // Before: X said: "…" · X told reporters, "…"
        let tb = self.text.token_at(q.open);
        let para_first = self.text.token_at(para.start);
        if tb > para_first {
            if let Some(cue) = self.cue_before_quote(tb) {
                if matches!(cue.class, CueClass::Verb | CueClass::Object) {
                    let lo = self.text.sentences[self.sentence_of(tb - 1)].tokens.start;
                    let sp = self.speaker_of_cue(cue.first, lo)?;
                    return Some((sp, self.tok_range(cue.first, cue.end - 1)));
                }
            }
        }
        None
    }

    /// A reporting cue introducing the quote that opens at token `tb`: `X said: "…"`,
    /// `X told reporters, "…"`, `X said in an interview "…"`, `X said that "…"`. Between the cue
    /// and the mark only a colon or comma and a few words with no verb may stand.
    fn cue_before_quote(&self, tb: usize) -> Option<CueAt> {
        let lo = self.text.sentences[self.sentence_of(tb.checked_sub(1)?)]
            .tokens
            .start;
        let mut k = tb.checked_sub(1)?;
        if matches!(self.w(k), ":" | ",") {
            k = k.checked_sub(1)?;
        }
        let floor = tb.saturating_sub(8).max(lo);
        loop {
            if k < floor || self.tok_quote[k].is_some() {
                return None;
            }
            if let Some(cue) = self.cue_at(k) {
                if cue.end <= tb
                    && matches!(
                        cue.class,
                        CueClass::Verb | CueClass::Object | CueClass::Participle
                    )
                {
                    return Some(cue);
                }
            }
            if !self.is_word(k) || self.verbish(k) {
                return None;
            }
            k = k.checked_sub(1)?;
        }
    }

    fn attribution_after(
        &self,
        t0: usize,
        hi: usize,
        ends_sentence: bool,
    ) -> Option<(Speaker, Range<usize>)> {
        if t0 >= hi {
            return None;
        }
        // "said X" · "according to X"
        if let Some(cue) = self.cue_at(t0) {
            if matches!(
                cue.class,
                CueClass::Verb | CueClass::Object | CueClass::Preposition
            ) {
                let last = self.np_starting_at(cue.end, hi)?;
                if !ends_sentence || self.attribution_ends(last + 1, hi) {
                    return Some((
                        self.resolve_np(cue.end, last),
                        self.tok_range(t0, cue.end - 1),
                    ));
                }
                return None;
            }
        }
        // "X said", "X also told reporters"
        let limit = (t0 + 14).min(hi);
        let mut c = t0 + 1;
        while c < limit {
            if self.tok_quote[c].is_some() || matches!(self.w(c), "." | "!" | "?" | ";") {
                return None;
            }
            // A cue inside a relative clause ("the official, who asked not to be named, said")
            // is not the attribution.
            let relative = self.is(c - 1, class::RELATIVE);
            if let Some(cue) = self.cue_at(c).filter(|_| !relative) {
                if matches!(cue.class, CueClass::Verb | CueClass::Object) {
                    let sp = self
                        .speaker_of_cue(c, t0)
                        .filter(|sp| sp.words.start == self.text.tokens[t0].start);
                    if let Some(sp) = sp {
                        if ends_sentence && !self.attribution_ends(cue.end, hi) {
                            return None;
                        }
                        return Some((sp, self.tok_range(c, cue.end - 1)));
                    }
                }
            }
            c += 1;
        }
        None
    }

    /// After a quote that ended its own sentence, a following "X said" attributes it only when
    /// no reported clause follows the cue (else the cue starts a new report).
    fn attribution_ends(&self, t: usize, hi: usize) -> bool {
        t >= hi || matches!(self.w(t), "." | "," | "!" | "?") || self.is(t, class::PREPOSITION)
    }

    // ---- reported speech

    /// Where the reported clause after a cue starts, or `None` when what follows is no clause.
    fn clause_start(&self, cue: CueAt, hi: usize) -> Option<usize> {
        let mut k = cue.end;
        // "said in a statement on Sunday that …": a "that" close ahead, with no punctuation or
        // verb before it, opens the clause.
        for t in k..(k + 9).min(hi) {
            if self.w(t) == "that" {
                let next = t + 1;
                let opens =
                    self.is_word(next) || self.tok_quote.get(next).is_some_and(Option::is_some);
                if next < hi && opens && !self.verbish(next) {
                    return Some(next);
                }
                break;
            }
            if !self.is_word(t) || self.verbish(t) || self.tok_quote[t].is_some() {
                break;
            }
        }
        k = self.skip_time_adjuncts(k, hi);
        if cue.class == CueClass::Object {
            // The hearer: "reporters", "local reporters", "AFP", "state television".
            let start = k;
            if let Some(m) = self.mention_starting(k) {
                k = self.mentions[m].last + 1;
            } else {
                while k < hi
                    && k - start < 3
                    && self.is_word(k)
                    && !self.verbish(k)
                    && !self.is(k, class::PREPOSITION)
                {
                    k += 1;
                    let next_opens = self.is(k, class::DETERMINER | class::SUBJECT_PRONOUN)
                        || self.w(k) == "that"
                        || (self.capitalised(k) && !self.capitalised(k - 1));
                    if next_opens {
                        break;
                    }
                }
            }
            if k == start {
                return None;
            }
            k = self.skip_time_adjuncts(k, hi);
            if self.w(k) == "that" && k + 1 < hi && !self.verbish(k + 1) {
                k += 1;
            }
        }
        // "said that, despite …, the ferry would sail"
        if self.w(k) == "that" && self.w(k + 1) == "," {
            return (k + 2 < hi && self.verb_ahead(k + 2, hi)).then_some(k + 2);
        }
        if k >= hi {
            return None;
        }
        // "said (that) "We …"" is a direct quote, not a report.
        let quote_at = |t: usize| self.tok_quote.get(t).copied().flatten();
        let direct_at = |t: usize| quote_at(t).is_some_and(|q| self.direct[q]);
        if direct_at(k) || (self.w(k) == "that" && direct_at(k + 1)) {
            return None;
        }
        let w = self.w(k);
        let opens = self.is_word(k) || self.tok_quote[k].is_some() || w == "$";
        if !opens
            || self.is(
                k,
                class::PREPOSITION | class::CONJUNCTION | class::SUBORDINATOR,
            )
            || w == "to"
            || self.cue_at(k).is_some()
        {
            return None;
        }
        if (self.verbish(k) && !self.is(k, class::SUBJECT_PRONOUN))
            || self.is(k, class::OBJECT_PRONOUN)
        {
            return None;
        }
        // A finite verb within reach makes it a clause; for verbs that often take an object
        // ("announced the start of …") it must come soon and before any comma.
        if cue.takes_np {
            self.verb_within(k + 1, hi, 8, true).then_some(k)
        } else {
            self.verb_ahead(k + 1, hi).then_some(k)
        }
    }

    /// Skip time adjuncts after a cue: "on Sunday", "Sunday", "in March", "last week", "earlier
    /// this month", "today".
    fn skip_time_adjuncts(&self, mut k: usize, hi: usize) -> usize {
        loop {
            let time_head = k + 1 < hi
                && self.is(k + 1, class::TIME)
                && (matches!(self.w(k), "on" | "in") || self.is(k, class::TIME_MODIFIER));
            if time_head {
                k += 2;
            } else if k < hi && self.capitalised(k) && self.is(k, class::TIME) {
                // A bare weekday or month: "said Sunday the troops would …"
                k += 1;
            } else if k < hi
                && self.is(k, class::ADVERB)
                && !self.is(k, class::SUBJECT_PRONOUN)
                && self.w(k) != "then"
            {
                k += 1;
            } else {
                return k;
            }
        }
    }

    /// Where a reported clause starting at token `k` ends (exclusive token index).
    fn clause_end(&self, k: usize, hi: usize) -> usize {
        // "Although X said CLAUSE, …": a report inside a fronted subordinate clause ends at
        // that clause's comma.
        let lo = self.text.sentences[self.sentence_of(k)].tokens.start;
        let fronted = self.is(lo, class::SUBORDINATOR) && lo < k;
        let mut verb_seen = false;
        let mut t = k;
        while t < hi {
            let w = self.w(t);
            if let Some(q) = self.tok_quote[t] {
                if self.direct[q] {
                    return t;
                }
            }
            if verb_seen && self.tok_quote[t].is_none() {
                // "…, with an analyst saying …": the reporter's participle phrase.
                let participle_cue = self
                    .cue_at(t)
                    .is_some_and(|c| c.class == CueClass::Participle);
                if participle_cue {
                    if let Some(comma) = (t.saturating_sub(6).max(k)..t)
                        .rev()
                        .find(|&c| self.w(c) == ",")
                    {
                        return comma;
                    }
                }
                if w == "," && fronted {
                    return t;
                }
                if w == "," {
                    let next = self.w(t + 1);
                    let participle = next.ends_with("ing")
                        && self.is_lower_word(t + 1)
                        && !PREPOSITIONAL_ING.contains(&next);
                    if participle || next == "according" {
                        return t;
                    }
                }
                if matches!(w, "as" | "while" | "whereas") && t > k {
                    let prev = self.w(t - 1);
                    let subject_next = self.is(t + 1, class::SUBJECT_PRONOUN | class::DETERMINER)
                        || self.mention_starting(t + 1).is_some();
                    if subject_next && !matches!(prev, "such" | "as" | "so" | "same" | "well") {
                        return t;
                    }
                }
                if self.is(t, class::CONJUNCTION) {
                    let n = t + 1;
                    if self.cue_at(n).is_some() {
                        return t;
                    }
                    let subject_end = if let Some(m) = self.mention_starting(n) {
                        Some(self.mentions[self.extend_np(m)].last)
                    } else if matches!(self.w(n), "he" | "she" | "they" | "it") {
                        Some(n)
                    } else {
                        None
                    };
                    if let Some(e) = subject_end {
                        if (e + 1..(e + 4).min(hi)).any(|v| self.verbish(v)) {
                            return t;
                        }
                    }
                }
            }
            if self.verbish(t) {
                verb_seen = true;
            }
            t += 1;
        }
        hi
    }

    /// Trim reporter punctuation off a clause's token range and return its bytes.
    fn clause_bytes(&self, k: usize, mut end: usize) -> Option<Range<usize>> {
        while end > k && matches!(self.w(end - 1), "." | "," | ";" | ":" | "\u{2014}" | "-") {
            end -= 1;
        }
        (end > k).then(|| self.tok_range(k, end - 1))
    }

    fn overlaps_direct(&self, r: &Range<usize>) -> bool {
        let s = self.text.text.as_str();
        // Spans never overlap: only those opening inside `r`, and the last one before it, can.
        let upto = self.spans.partition_point(|q| q.open < r.end);
        let from = self.spans.partition_point(|q| q.open < r.start);
        (from.saturating_sub(1)..upto).any(|i| self.direct[i] && self.spans[i].after(s) > r.start)
    }

    // ---- the passes

    fn find(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let s = self.text.text.as_str();

        // Direct quotes.
        let mut direct_speakers: Vec<Option<Speaker>> = vec![None; self.spans.len()];
        let mut direct_cues: Vec<Option<Range<usize>>> = vec![None; self.spans.len()];
        for i in 0..self.spans.len() {
            if self.direct[i] {
                if let Some((sp, cue)) = self.direct_attribution(i) {
                    direct_speakers[i] = Some(sp);
                    direct_cues[i] = Some(cue);
                }
            }
        }

        // Indirect quotes, sentence by sentence; remember each sentence's latest speaker for
        // participles (", adding that …").
        let mut indirect: Vec<Found> = Vec::new();
        for sent in &self.text.sentences {
            let lo = sent.tokens.start;
            let hi = sent.tokens.end;
            // Spans are in text order: only those opening before the sentence end can close in it.
            let upto = self.spans.partition_point(|q| q.open < sent.end);
            let mut latest: Option<Speaker> = (0..upto)
                .rev()
                .take_while(|&i| self.spans[i].paragraph + 1 >= sent.paragraph)
                .find(|&i| {
                    let a = self.spans[i].after(s);
                    direct_speakers[i].is_some() && a >= sent.start && a <= sent.end
                })
                .and_then(|i| direct_speakers[i].clone());
            let mut t = lo;
            while t < hi {
                if self.tok_quote[t].is_some() {
                    t += 1;
                    continue;
                }
                let Some(cue) = self.cue_at(t) else {
                    t += 1;
                    continue;
                };
                let cue_bytes = self.tok_range(cue.first, cue.end - 1);
                if let Some((content, speaker)) = self.report(cue, lo, hi, latest.as_ref()) {
                    // `said "we …"`: a report that is one quoted span is that (partial) quote.
                    let at = self.spans.partition_point(|q| q.open < content.start);
                    let one_span = self
                        .spans
                        .get(at)
                        .is_some_and(|q| q.open == content.start && q.after(s) == content.end);
                    if !self.overlaps_direct(&content) && !one_span {
                        latest = Some(speaker.clone());
                        indirect.push(Found {
                            kind: Kind::Indirect,
                            content,
                            speaker: Some(speaker),
                            cue: Some(cue_bytes),
                        });
                    }
                }
                t = cue.end;
            }
        }

        // Partial quotes.
        for (i, q) in self.spans.iter().enumerate() {
            // A nickname inside a name (`John "J.D." Smith`) is no quote.
            let in_name = self
                .mention_covering(self.text.token_at(q.open))
                .is_some_and(|m| {
                    let m = &self.mentions[m];
                    m.start < q.open && m.end > q.content.end
                });
            if self.direct[i] || in_name {
                continue;
            }
            let tq = self.text.token_at(q.open);
            let si = self.sentence_of(tq);
            let sent = &self.text.sentences[si];
            let lo = sent.tokens.start;
            let mut speaker = None;
            let mut cue_bytes = None;
            // The nearest cue before the quote in the sentence.
            for c in (lo..tq).rev() {
                if self.tok_quote[c].is_some() {
                    continue;
                }
                if let Some(cue) = self.cue_at(c) {
                    if cue.class != CueClass::Preposition {
                        let sp = if cue.class == CueClass::Participle {
                            self.subjects(lo, c)
                                .first()
                                .map(|&(f, l)| self.resolve_np(f, l))
                        } else {
                            self.speaker_of_cue(c, lo)
                        };
                        if let Some(sp) = sp {
                            speaker = Some(sp);
                            cue_bytes = Some(self.tok_range(c, cue.end - 1));
                            break;
                        }
                    }
                }
            }
            // The reported speech that holds it.
            if speaker.is_none() {
                if let Some(f) = indirect
                    .iter()
                    .find(|f| f.content.start <= q.content.start && f.content.end >= q.content.end)
                {
                    speaker = f.speaker.clone();
                    cue_bytes = f.cue.clone();
                }
            }
            // The sentence's last subject before it.
            if speaker.is_none() {
                if let Some(&(f, l)) = self.subjects(lo, tq).last() {
                    speaker = Some(self.resolve_np(f, l));
                }
            }
            let mut content = q.content.clone();
            if s[content.clone()].ends_with(',') {
                content.end -= 1;
            }
            out.push(Found {
                kind: Kind::Partial,
                content,
                speaker,
                cue: cue_bytes,
            });
        }

        // Direct quotes without their own cue continue the latest speaker of their own or the
        // previous paragraph; a quote running on into the next paragraph may take that one's.
        let mut last_speaker: Option<(usize, Speaker)> = None;
        let mut events: Vec<(usize, Option<usize>, Option<Speaker>)> = Vec::new();
        for (i, q) in self.spans.iter().enumerate() {
            if self.direct[i] {
                events.push((q.open, Some(i), direct_speakers[i].clone()));
            }
        }
        for f in &indirect {
            events.push((f.content.start, None, f.speaker.clone()));
        }
        events.sort_by_key(|e| e.0);
        let mut resolved: Vec<Option<Speaker>> = direct_speakers.clone();
        for (pos, span, speaker) in events {
            let para = self.paragraph_of(pos);
            match (span, speaker) {
                (_, Some(sp)) => last_speaker = Some((para, sp)),
                (Some(i), None) => {
                    if let Some((p, sp)) = &last_speaker {
                        if *p + 1 >= para {
                            resolved[i] = Some(sp.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        for i in (0..self.spans.len()).rev() {
            if self.direct[i] && resolved[i].is_none() && self.spans[i].continues {
                if let Some(next) = resolved.get(i + 1).cloned().flatten() {
                    resolved[i] = Some(next);
                }
            }
        }
        for (i, q) in self.spans.iter().enumerate() {
            if !self.direct[i] {
                continue;
            }
            let mut content = q.content.clone();
            if s[content.clone()].ends_with(',') {
                content.end -= 1;
            }
            out.push(Found {
                kind: Kind::Direct,
                content,
                speaker: resolved[i].clone(),
                cue: direct_cues[i].clone(),
            });
        }
        out.extend(indirect);
        out
    }

    /// Reported speech around one cue: the clause and its speaker.
    fn report(
        &self,
        cue: CueAt,
        lo: usize,
        hi: usize,
        latest: Option<&Speaker>,
    ) -> Option<(Range<usize>, Speaker)> {
        let c = cue.first;
        match cue.class {
            CueClass::Naming => None,
            CueClass::Preposition => {
                // "according to X, CLAUSE" · "CLAUSE, according to X."
                let last = self.np_starting_at(cue.end, hi)?;
                let speaker = self.resolve_np(cue.end, last);
                if c > lo && self.w(c - 1) == "," {
                    let content = self.clause_bytes(lo, c - 1)?;
                    return Some((content, speaker));
                }
                if c == lo && self.w(last + 1) == "," {
                    let k = last + 2;
                    let content = self.clause_bytes(k, self.clause_end(k, hi))?;
                    return Some((content, speaker));
                }
                None
            }
            CueClass::Participle => {
                if c == lo || self.w(c - 1) != "," {
                    return None;
                }
                let k = self.clause_start(cue, hi)?;
                let speaker = match latest {
                    Some(sp) => sp.clone(),
                    None => {
                        let (f, l) = *self.subjects(lo, c).first()?;
                        self.resolve_np(f, l)
                    }
                };
                let content = self.clause_bytes(k, self.clause_end(k, hi))?;
                Some((content, speaker))
            }
            CueClass::Verb | CueClass::Object => {
                if self.negated(c) {
                    return None;
                }
                if let Some(k) = self.clause_start(cue, hi) {
                    let speaker = self.speaker_of_cue(c, lo)?;
                    let content = self.clause_bytes(k, self.clause_end(k, hi))?;
                    return Some((content, speaker));
                }
                // "CLAUSE, X said." / "CLAUSE, said X."
                let (speaker, comma) = if c > lo && self.w(c - 1) == "," {
                    let last = self.np_starting_at(cue.end, hi)?;
                    if !self.tail_is_adjunct(last + 1, hi, CueClass::Verb) {
                        return None;
                    }
                    (self.resolve_np(cue.end, last), c - 1)
                } else {
                    if !self.tail_is_adjunct(cue.end, hi, cue.class) {
                        return None;
                    }
                    let sp = self.speaker_of_cue(c, lo)?;
                    let first = self.text.token_at(sp.words.start);
                    if first <= lo || self.w(first - 1) != "," {
                        return None;
                    }
                    (sp, first - 1)
                };
                if comma < lo + 3 || !(lo..comma).any(|t| self.verbish(t)) {
                    return None;
                }
                let content = self.clause_bytes(lo, comma)?;
                Some((content, speaker))
            }
        }
    }

    /// Is everything from token `t` to the sentence end an adjunct of the cue ("in a
    /// statement", "on Sunday", the hearer of "told"), with no object or clause of its own?
    fn tail_is_adjunct(&self, t: usize, hi: usize, class: CueClass) -> bool {
        let unquoted = (t..hi).all(|k| self.tok_quote[k].is_none());
        let starts_adjunct = t >= hi
            || !self.is_word(t)
            || class == CueClass::Object
            || self.is(
                t,
                class::PREPOSITION | class::ADVERB | class::TIME | class::TIME_MODIFIER,
            );
        unquoted && starts_adjunct && hi.saturating_sub(t) <= 20
    }

    /// Is the cue at token `c` negated ("did not say", "wouldn't confirm")?
    fn negated(&self, c: usize) -> bool {
        (c.saturating_sub(3)..c).any(|k| matches!(self.w(k), "not" | "n't" | "never"))
    }
}

/// A nickname inside a name, `Col. John "J.D." Dorrian`: one to three capitalised tokens
/// quoted between two capitalised words. It is part of the name, not a quote.
fn is_nickname(text: &Text, q: &QuotedSpan) -> bool {
    let Some(close) = q.close else {
        return false;
    };
    let capital = |i: usize| {
        text.tokens
            .get(i)
            .and_then(|t| text.text[t.start..t.end].chars().next())
            .is_some_and(char::is_uppercase)
    };
    let open_tok = text.token_at(q.open);
    let close_tok = text.token_at(close);
    let inner = open_tok + 1..close_tok;
    let short = !inner.is_empty() && inner.len() <= 3;
    let all_capital = inner.clone().all(|i| {
        let t = text.token(i);
        t == "." || t.chars().next().is_some_and(char::is_uppercase)
    });
    short && all_capital && open_tok > 0 && capital(open_tok - 1) && capital(close_tok + 1)
}

/// Lower-case a token and fold curly apostrophes.
fn normalise_token(tok: &str) -> String {
    if tok.is_ascii() {
        return tok.to_ascii_lowercase();
    }
    tok.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

/// Gender of an entity: from a courtesy title in its mentions, else from its given name.
fn entity_gender(lex: &Lexicon, e: &Entity) -> Option<Gender> {
    if e.kind != "PERSON" {
        return None;
    }
    let texts = std::iter::once(e.name.as_str())
        .chain(e.mentions.iter().map(|m| m.text.as_str()))
        .chain(e.descriptors.iter().map(String::as_str));
    let mut by_name = None;
    for t in texts {
        let mut words = t.split_whitespace();
        let Some(first) = words.next() else { continue };
        let first = first.trim_end_matches('.').to_lowercase();
        match first.as_str() {
            "mr" | "sir" | "lord" => return Some(Gender::Male),
            "mrs" | "ms" | "miss" | "dame" | "lady" => return Some(Gender::Female),
            _ => {}
        }
        if by_name.is_none() && words.next().is_some() {
            by_name = lex.gender(&first);
        }
    }
    by_name
}
