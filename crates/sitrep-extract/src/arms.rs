//! The `arms_transfers` layer: a per-article register of arms deals, one record per
//! supplier→recipient deal, from first intent to delivery.
//!
//! Design:
//! 1. Every `arms_transfer` event becomes a *proto-record*. Its direction comes from the
//!    trigger's frame in the lexicon: "buy"/"order" make the event's source the recipient,
//!    "supply"/"sell" make it the supplier. Its status comes from the event's modality (planned,
//!    agreed, desired → sought, expected → planned, hypothetical → rumoured) or, for an asserted
//!    event, from the trigger (delivered for "delivered", agreed for "bought", cancelled for
//!    "scrapped"). A report marked as unconfirmed ("reportedly", "reports said") is rumoured; a
//!    negated event is cancelled when someone refused or blocked it ("refused to grant an export
//!    licence"), otherwise it is a denied rumour (rumoured).
//!    A transfer someone is accused of ("accusing Tehran of supplying weapons") is rumoured.
//! 2. From the event's clause it takes items (WEAPON entities with their catalogue designation
//!    and category; generic weapon nouns from the knowledge base via [`generic_weapon`], the
//!    longest match: "patrol boats", "air defence systems"), their quantities (count amounts,
//!    "a"/"an" = 1), the deal value (the money amount nearest the trigger) and the delivery
//!    period (a time expression introduced by "by", "until" or "before"). Items stop at
//!    another arms verb in another clause ("cancelled its order for a submarine after Beijing
//!    was unable to supply the engines": no engines).
//! 3. A later sentence that names a deal's contents ("The consignment included …", a bundle word
//!    from the lexicon plus weapons) adds its items, value and delivery period to the deal under
//!    discussion: the latest deal naming one of those items, else the latest arms event within
//!    the three sentences before it that the sentence relates to (a bundle word, a common
//!    system or category, a party; a sentence naming neither weapons nor countries only when
//!    one deal is in reach). Its items and period come from the part before a country that is
//!    no party of the deal ("… after Germany refused to approve the export of engines").
//!    Without a bundle word, such a sentence joins only when its actors are the deal's parties.
//! 4. Sides the roles left open are inferred, strongest evidence first: the rest of the
//!    sentence ("the systems it promised to Ukraine", "vehicles ordered by Qatar", a company
//!    named in it: Hanwha → KR, from the knowledge base's organisations); an `agreement` event
//!    between two countries about weapons ("signed an agreement with South Korea for
//!    howitzers"), directed by a company, the items' origin or the parties' roles in the
//!    article's other deals; the items' catalogue origin as a *weak* supplier ("Hungary ordered
//!    Lynx vehicles" → DE), when the article names that country and no deal for the same items
//!    names another; the article's main buyer (the most frequent recipient) as recipient, or,
//!    with no buyer at all, the supplier's partner (the clearly most-named other country,
//!    named near the deal). No country supplies itself. A
//!    weak supplier (that origin, or a demonym: "Russian S-400s") does not own items of another
//!    origin in the clause: "… and has been seeking F-16s" is not a Russian deal. A plural trade
//!    noun without items or counterpart ("approved arms exports worth €12bn") is a country's
//!    trade in general, no deal; "won an order" makes the winner the supplier.
//! 5. Proto-records with the same supplier and recipient merge into one deal when they name a
//!    common item (a generic noun matches a named system of its category: "howitzers" and the
//!    K9) or one of them names none ("weapons"), unless both are agreed or delivered deals
//!    dated to different years; the merged record has the furthest status (sought < planned <
//!    agreed < delivered; cancelled when a cancellation or a refused licence is reported: the
//!    SPEC's status list has no `denied`). An event that names one side only joins the one
//!    deal that fits it.
//!    A wish for specific systems that the deal does not include stays its own `sought` record:
//!    wanting S-400s is not the same deal as the weapons already agreed.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use sitrep_core::schema::{
    Amount, ArmsItem, ArmsTransfer, DealValue, Entity, Event, Span, TimeExpr,
};
use sitrep_core::text::Text;
use sitrep_kb::{names, Kb, OrgKind};

use crate::events::clauses::{ActorHow, Doc, AUXILIARIES, DETERMINERS};
use crate::events::lexicon::{lexicon, Fnv, Frame, Modality, Pos};
use crate::events::modality::is_rumour;
use crate::events::{events_in, ExplainedEvent, WIN_VERBS};

type FnvSet<T> = HashSet<T, std::hash::BuildHasherDefault<Fnv>>;

/// The generic designation and category of a weapon noun ("planes" → aircraft), if it is one.
/// Catch-all nouns ("weapons", "arms", "ammunition") are not items and give `None`.
pub fn generic_weapon(noun: &str) -> Option<(&'static str, &'static str)> {
    generic_weapon_lower(&noun.to_lowercase())
}

/// [`generic_weapon`] for a word already in lower case: the knowledge base's generic weapon
/// nouns (the event layer asks once per token).
pub fn generic_weapon_lower(noun: &str) -> Option<(&'static str, &'static str)> {
    // Most words are plain lower-case words that name no weapon: a set of the one-word names
    // answers them without a knowledge-base lookup (such a word is its own folded key).
    static ONE_WORD_NAMES: OnceLock<FnvSet<String>> = OnceLock::new();
    // Punctuation and numbers name no weapon.
    if !noun.chars().any(char::is_alphabetic) {
        return None;
    }
    if !noun.is_empty() && noun.bytes().all(|b| b.is_ascii_lowercase()) {
        let names = ONE_WORD_NAMES.get_or_init(|| {
            Kb::global()
                .generic_weapons()
                .iter()
                .flat_map(|g| std::iter::once(&g.designation).chain(&g.aliases))
                .map(|n| names::fold(n.trim_start_matches('=')))
                .filter(|n| !n.contains(' '))
                .collect()
        });
        if !names.contains(noun) {
            return None;
        }
    }
    let g = Kb::global().generic_weapon(noun)?;
    Some((g.designation, g.category?.as_str()))
}

/// Register status, in order of how far a deal has gone.
fn status_rank(s: &str) -> u8 {
    match s {
        "rumoured" => 0,
        "sought" => 1,
        "planned" => 2,
        "agreed" => 3,
        "delivered" => 4,
        _ => 0,
    }
}

/// One event's contribution to the register.
#[derive(Debug, Clone)]
struct Proto {
    supplier: Option<String>,
    recipient: Option<String>,
    /// The supplier rests on weak evidence: a demonym on a weapon ("Russian S-400") or the
    /// weapon's origin country. Items of another origin then belong to another deal.
    supplier_weak: bool,
    /// For an agreement between two countries about weapons, whose direction is not yet known:
    /// the two parties (resolved by [`direct_agreements`]).
    parties: Vec<String>,
    status: String,
    cancelled: bool,
    value: Option<DealValue>,
    delivery_by: Option<String>,
    items: Vec<ArmsItem>,
    events: Vec<String>,
    evidence: Vec<Span>,
    sentence: usize,
    /// The year the event happened in, when the sentence dates it: deals of different years
    /// are different deals ("ordered 218 in 2020" and a new order announced on Tuesday).
    year: Option<String>,
}

/// Extract the `arms_transfers` layer from the events layer and the amounts and times.
pub fn extract_arms(
    text: &Text,
    entities: &[Entity],
    amounts: &[Amount],
    times: &[TimeExpr],
    events: &[Event],
) -> Vec<ArmsTransfer> {
    register(&Doc::names_only(text, entities), amounts, times, events)
}

/// Both layers over one shared view of the text: the events (with explanations) and the
/// register built from them. Cheaper than [`crate::events::extract_events_explained`] followed
/// by [`extract_arms`].
pub fn extract_events_and_arms(
    text: &Text,
    entities: &[Entity],
    amounts: &[Amount],
    times: &[TimeExpr],
) -> (Vec<ExplainedEvent>, Vec<ArmsTransfer>) {
    let doc = Doc::new(text, entities);
    let explained = events_in(&doc, times);
    let events: Vec<Event> = explained.iter().map(|x| x.event.clone()).collect();
    let register = register(&doc, amounts, times, &events);
    (explained, register)
}

/// The register of a document view, from its events.
fn register(
    doc: &Doc,
    amounts: &[Amount],
    times: &[TimeExpr],
    events: &[Event],
) -> Vec<ArmsTransfer> {
    let text = doc.text;
    let entities = doc.entities;
    let lex = lexicon();
    let by_id = |id: &str| entities.iter().find(|e| e.id == id);
    // The first entity of a role list that stands for a country.
    let country_entity = |ids: &[String]| -> Option<&Entity> {
        ids.iter()
            .filter_map(|id| by_id(id))
            .find(|e| e.country.is_some())
    };
    let mut protos: Vec<Proto> = Vec::new();
    for ev in events.iter().filter(|e| e.kind == "arms_transfer") {
        let b = doc.byte(ev.start);
        let Some(s) = text.sentence_at(b) else {
            continue;
        };
        let (s0, s1) = doc.sentence_tokens(s);
        // The trigger's arms row: the last arms word of the trigger text.
        let trigger_words: Vec<String> = ev
            .trigger
            .split(|c: char| c.is_whitespace())
            .map(|w| w.to_lowercase())
            .collect();
        let tw: Vec<&str> = trigger_words.iter().map(String::as_str).collect();
        // The longest arms row wins ("taken delivery" is acquiring, not the noun "delivery");
        // among rows of one length, the last.
        let mut frame = Frame::Supply;
        let mut asserted_status = "delivered".to_string();
        let mut best_len = 0;
        for i in 0..tw.len() {
            for m in lex.matches_at(&tw, i) {
                let e = &lex.entries[m.entry];
                if e.kind == "arms_transfer"
                    && matches!(e.pos, Pos::Verb | Pos::Noun)
                    && m.len >= best_len
                {
                    best_len = m.len;
                    frame = e.frame;
                    asserted_status = e.status.clone().unwrap_or_else(|| "agreed".into());
                }
            }
        }
        // "won an order": the winner supplies.
        if frame == Frame::Acquire && tw.iter().any(|w| WIN_VERBS.contains(w)) {
            frame = Frame::Supply;
        }
        let src = country_entity(&ev.source);
        let tgt = country_entity(&ev.target);
        let (supplier, recipient) = match frame {
            Frame::Acquire | Frame::Cancel => (tgt, src),
            _ => (src, tgt),
        };
        // Coordinated buyers ("Indonesia and Vietnam have held talks about buying …") make one
        // record each, when the supplier side names one country at most.
        let (sup_ids, rec_ids) = match frame {
            Frame::Acquire | Frame::Cancel => (&ev.target, &ev.source),
            _ => (&ev.source, &ev.target),
        };
        let other_recipients: Vec<String> = {
            let mut cs: Vec<String> = Vec::new();
            for c in rec_ids
                .iter()
                .filter_map(|id| by_id(id).and_then(|e| e.country.clone()))
            {
                if !cs.contains(&c) {
                    cs.push(c);
                }
            }
            let suppliers: BTreeSet<String> = sup_ids
                .iter()
                .filter_map(|id| by_id(id).and_then(|e| e.country.clone()))
                .collect();
            // Only recipients named as one coordinated phrase ("Chile and Peru"), not a
            // recipient and a bystander ("to Iran, according to Israeli media").
            let spans: Vec<&crate::events::clauses::Actor> = doc.actors[s]
                .iter()
                .filter(|a| {
                    a.entities
                        .iter()
                        .any(|&e| rec_ids.contains(&doc.entities[e].id))
                })
                .collect();
            let coordinated = spans.windows(2).all(|w| doc.coordinated(w[0], w[1]));
            if suppliers.len() <= 1 && cs.len() > 1 && coordinated {
                cs.split_off(1)
            } else {
                Vec::new()
            }
        };
        let supplier_weak = supplier.is_some_and(|e| e.kind == "NORP");
        let mut supplier = supplier.and_then(|e| e.country.clone());
        let mut recipient = recipient.and_then(|e| e.country.clone());
        // No country supplies itself ("Peru has cancelled its order …, the Peruvian navy
        // said"): the side from the event's subject stays, the other is inferred below.
        if supplier.is_some() && supplier == recipient {
            match frame {
                Frame::Acquire | Frame::Cancel => supplier = None,
                _ => recipient = None,
            }
        }
        // Where the trigger sits in the sentence.
        let trig_tok = find_trigger_token(doc, s, &ev.trigger);
        let refusal = [
            "refuse", "refused", "refuses", "reject", "rejected", "block", "blocked", "declined",
            "barred", "banned",
        ]
        .iter()
        .any(|w| tw.contains(w));
        let rumour = is_rumour(doc, s) || accused_of(doc, s, trig_tok);
        let modality = ev.modality.as_str();
        let mut cancelled = frame == Frame::Cancel && modality == Modality::Asserted.as_str();
        let status = match modality {
            "asserted" | "agreed" if topic_of_talks(doc, s, trig_tok) => "sought".to_string(),
            "asserted" if cancelled => "agreed".to_string(),
            "asserted" | "planned" | "expected" | "agreed" if rumour => "rumoured".to_string(),
            "asserted" => asserted_status,
            "planned" | "expected" => "planned".to_string(),
            "agreed" => "agreed".to_string(),
            "desired" => "sought".to_string(),
            "negated" if refusal && !rumour => {
                cancelled = true;
                "planned".to_string()
            }
            _ => "rumoured".to_string(),
        };
        // Items from up to three words before the trigger ("S-400 purchase"), within its clause
        // ("denied a report that India had agreed to buy …").
        let mut from = trig_tok;
        while from > s0 && from + 3 > trig_tok && !doc.is_clause_boundary(from - 1) {
            from -= 1;
        }
        // … up to another arms verb used as a verb (after "to", an auxiliary or its subject)
        // in another clause (a clause word, a subordinator or a new subject in between):
        // "cancelled its order for a submarine from China after Beijing was unable to supply
        // the engines" — the engines belong to the supply clause; "will give 1 billion crowns
        // to buy missiles" gives the missiles.
        let trig_end = trig_tok + tw.len();
        let new_clause = |k: usize| {
            (trig_end..k).any(|j| {
                (doc.is_clause_boundary(j) && !matches!(doc.w(j), "(" | ")"))
                    || SUBORDINATORS.contains(&doc.w(j))
            }) || doc.actors[s].iter().any(|a| {
                a.start >= trig_end && a.end <= k && a.how != ActorHow::Modifier && !a.possessive
            })
        };
        let own_end = (trig_end..s1)
            .find(|&k| {
                let verb = doc.matches(k).iter().any(|m| {
                    let e = &lex.entries[m.entry];
                    e.kind == "arms_transfer" && e.pos == Pos::Verb
                });
                let prev = doc.w(k - 1);
                // "its order" is a noun, though "its" is an actor.
                verb && (prev == "to"
                    || AUXILIARIES.contains(&prev)
                    || (!DETERMINERS.contains(&prev)
                        && doc.actors[s].iter().any(|a| a.end == k && !a.possessive)))
                    && new_clause(k)
            })
            .unwrap_or(s1);
        let mut items = items_in(doc, s, from, own_end, amounts, false);
        if items.is_empty() {
            items = items_in(doc, s, from, own_end, amounts, true);
        }
        // "Germany approved arms exports worth 12.2 billion euros": a plural trade noun with
        // no items and one side is a country's trade in general, not a deal.
        let last_word = tw.last().copied().unwrap_or("");
        let trade_noun = lex
            .matches_at(&[last_word], 0)
            .iter()
            .any(|m| lex.entries[m.entry].pos == Pos::Noun);
        if trade_noun
            && last_word.ends_with('s')
            && items.is_empty()
            && (supplier.is_none() || recipient.is_none())
        {
            continue;
        }
        let value = nearest_money(doc, s, trig_tok, amounts);
        let delivery_by = delivery_period(doc, s, times);
        let mut p = Proto {
            supplier,
            recipient,
            supplier_weak,
            parties: Vec::new(),
            status,
            cancelled,
            value,
            delivery_by,
            items,
            events: vec![ev.id.clone()],
            evidence: vec![Span {
                start: ev.start,
                end: ev.end,
            }],
            sentence: s,
            year: event_year(doc, s, ev, times),
        };
        sides_in_sentence(doc, s, &mut p);
        let others: Vec<Proto> = other_recipients
            .into_iter()
            .map(|r| Proto {
                recipient: Some(r),
                ..p.clone()
            })
            .collect();
        protos.push(p);
        protos.extend(others);
    }
    protos.extend(agreements(doc, amounts, times, events));
    // Items named in a later sentence with a bundle word attach to the deal under discussion.
    let event_sentences: BTreeSet<usize> = protos.iter().map(|p| p.sentence).collect();
    for s in 0..text.sentences.len() {
        if event_sentences.contains(&s) {
            continue;
        }
        let (s0, s1) = doc.sentence_tokens(s);
        let words = doc.sentence_words(s);
        // A bundle word ("The consignment included …") or an arms word without a deal of its
        // own ("The first systems are to be delivered by 2023").
        let has = |f: &dyn Fn(&crate::events::lexicon::Entry) -> bool| {
            (0..words.len()).any(|k| doc.matches(s0 + k).iter().any(|m| f(&lex.entries[m.entry])))
        };
        let bundle = has(&|e| e.pos == Pos::Bundle);
        let arms_word = has(&|e| e.kind == "arms_transfer");
        if !bundle && !arms_word {
            continue;
        }
        let value = nearest_money(doc, s, s0, amounts);
        let period = delivery_period(doc, s, times);
        if !bundle && value.is_none() && period.is_none() {
            continue;
        }
        // The part of the sentence about deal `p`: up to a country that is no party of it
        // ("… after Germany refused to approve the export of engines" is about something else).
        let head_end = |p: &Proto| -> usize {
            doc.actors[s]
                .iter()
                .filter(|a| {
                    a.entities.iter().any(|&e| {
                        doc.entities[e]
                            .country
                            .as_ref()
                            .is_some_and(|c| !is_party(p, c))
                    })
                })
                .map(|a| a.start)
                .min()
                .unwrap_or(s1)
        };
        // The deal under discussion: the latest one naming one of the sentence's systems, else
        // the latest one within three sentences that the sentence's part about it relates to:
        // a bundle word ("The package also includes …"), a common system or category, a party
        // of it, or, naming neither weapons nor countries, when it is the one deal in reach ("by the end of the decade" in a
        // sentence about the frigates belongs to the frigate deal, not to the drone deal
        // reported after it).
        let mentioned = items_in_sentence(doc, s, s0, s1, amounts);
        let near: Vec<usize> = (0..protos.len())
            .filter(|&i| protos[i].sentence < s && s - protos[i].sentence <= 3)
            .collect();
        let deals_in_reach = near
            .iter()
            .map(|&i| protos[i].sentence)
            .collect::<BTreeSet<_>>()
            .len();
        let related = |p: &Proto| {
            if bundle {
                return true;
            }
            let cut = head_end(p);
            let head_items = items_in_sentence(doc, s, s0, cut, amounts);
            if !head_items.is_empty() {
                return share_items(&p.items, &head_items);
            }
            let parties = doc.actors[s]
                .iter()
                .any(|a| a.start < cut && !a.entities.is_empty());
            parties || deals_in_reach == 1
        };
        let target = protos
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.sentence < s
                    && p.items
                        .iter()
                        .any(|i| mentioned.iter().any(|j| j.designation == i.designation))
            })
            .max_by_key(|(_, p)| p.sentence)
            .map(|(i, _)| i)
            .or_else(|| {
                near.iter()
                    .copied()
                    .filter(|&i| related(&protos[i]))
                    .max_by_key(|&i| protos[i].sentence)
            });
        let Some(p) = target.and_then(|i| protos.get_mut(i)) else {
            continue;
        };
        // Without a bundle word, only a sentence whose actors are the deal's own parties
        // ("… an order that Doha placed in 2022"): "Belgrade operates Chinese systems bought
        // last year" is about another deal.
        if !bundle && !actors_within(doc, s, p) {
            continue;
        }
        let cut = head_end(p);
        let items = if bundle {
            items_in(doc, s, s0, cut, amounts, false)
        } else {
            Vec::new()
        };
        let period = period.and_then(|_| delivery_period_before(doc, s, cut, times));
        if items.is_empty() && value.is_none() && period.is_none() {
            continue;
        }
        merge_items(&mut p.items, items);
        let sent = &text.sentences[s];
        p.evidence.push(text.span(sent.start, sent.end));
        if p.value.is_none() {
            p.value = value;
        }
        if p.delivery_by.is_none() {
            p.delivery_by = period;
        }
    }
    direct_agreements(&mut protos);
    suppliers_from_origin(doc, &mut protos);
    recipients_from_main_buyer(doc, &mut protos);
    drop_foreign_items(doc, &mut protos);
    records(protos)
}

/// The year of event `ev` in sentence `s`: its own time, else a date in the sentence that is
/// not a deadline ("announced Tuesday"), from the time's TIMEX3 value.
fn event_year(doc: &Doc, s: usize, ev: &Event, times: &[TimeExpr]) -> Option<String> {
    let (s0, s1) = doc.sentence_tokens(s);
    let year = |t: &TimeExpr| -> Option<String> {
        let v = t.value.as_deref()?;
        let y = v.get(..4)?;
        y.bytes().all(|b| b.is_ascii_digit()).then(|| y.to_string())
    };
    if let Some(t) = ev
        .time
        .as_ref()
        .and_then(|id| times.iter().find(|t| &t.id == id))
    {
        if !is_deadline(doc, s0, t) {
            return year(t);
        }
    }
    times.iter().find_map(|t| {
        let (t0, t1) = doc.tokens_of_span(t.start, t.end);
        (t0 >= s0 && t1 <= s1 && t.kind == "DATE" && !is_deadline(doc, s0, t))
            .then(|| year(t))
            .flatten()
    })
}

/// Is time `t` a deadline ("by 2025", "until March")?
fn is_deadline(doc: &Doc, s0: usize, t: &TimeExpr) -> bool {
    let (t0, _) = doc.tokens_of_span(t.start, t.end);
    let deadline = |w: &str| matches!(w, "by" | "until" | "before" | "through");
    let before = if t0 > s0 { doc.w(t0 - 1) } else { "" };
    deadline(doc.w(t0)) || deadline(before) || t.modifier.as_deref() == Some("BEFORE")
}

/// Is `e` a company (a defence manufacturer or exporter) in the knowledge base?
fn is_company(e: &Entity) -> bool {
    e.kind == "ORG"
        && e.country.is_some()
        && Kb::global()
            .org(&e.name)
            .is_some_and(|o| o.kind == OrgKind::Company)
}

/// Sides that the event's roles left open, from the rest of its sentence: a recipient after
/// "to" ("the systems it promised to Ukraine") or after an acquiring participle ("ordered by
/// Qatar"); a supplier from a company named in the sentence ("Rheinmetall"), else the buyer's
/// partner in talks or a deal ("held talks with India about buying").
fn sides_in_sentence(doc: &Doc, s: usize, p: &mut Proto) {
    let (s0, _) = doc.sentence_tokens(s);
    let lex = lexicon();
    if p.recipient.is_none() {
        for a in &doc.actors[s] {
            if a.how != ActorHow::Named {
                continue;
            }
            let Some(c) = a
                .entities
                .iter()
                .find_map(|&e| doc.entities[e].country.clone())
            else {
                continue;
            };
            if Some(&c) == p.supplier.as_ref()
                || a.entities.iter().any(|&e| is_company(&doc.entities[e]))
            {
                continue;
            }
            let Some((k, prep)) = doc.governing_preposition(s, a.start) else {
                continue;
            };
            let before = if k > s0 { doc.w(k - 1) } else { "" };
            let recipient = match prep.as_str() {
                // "according to", "next to", "close to" are no recipients.
                "to" => !matches!(
                    before,
                    "according" | "next" | "close" | "due" | "thanks" | "owing"
                ),
                "by" => {
                    k > s0
                        && lex.matches_at(&[before], 0).iter().any(|m| {
                            let e = &lex.entries[m.entry];
                            e.kind == "arms_transfer"
                                && e.pos == Pos::Verb
                                && e.frame == Frame::Acquire
                        })
                }
                _ => false,
            };
            if recipient {
                p.recipient = Some(c);
                break;
            }
        }
    }
    if p.supplier.is_none() {
        let company = doc.actors[s]
            .iter()
            .flat_map(|a| a.entities.iter())
            .map(|&e| &doc.entities[e])
            .find(|e| is_company(e) && e.country != p.recipient);
        if let Some(e) = company {
            p.supplier = e.country.clone();
        }
    }
    if p.supplier.is_none() && p.recipient.is_some() {
        // "held talks with India about buying": the partner of a buyer supplies.
        let partner = doc.actors[s].iter().find_map(|a| {
            let c = a
                .entities
                .iter()
                .find_map(|&e| doc.entities[e].country.clone())?;
            let (k, prep) = doc.governing_preposition(s, a.start)?;
            let deal_word = (k.saturating_sub(3).max(s0)..k).any(|j| {
                matches!(
                    doc.w(j),
                    "talks" | "negotiations" | "deal" | "agreement" | "contract" | "discussions"
                )
            });
            (a.how == ActorHow::Named
                && prep == "with"
                && deal_word
                && Some(&c) != p.recipient.as_ref())
            .then_some(c)
        });
        if partner.is_some() {
            p.supplier = partner;
        }
    }
}

/// Words that open a subordinate clause.
const SUBORDINATORS: &[&str] = &[
    "after", "before", "because", "since", "when", "while", "although", "though", "until",
    "unless", "if", "whereas", "once",
];

/// Is the arms word at token `t` what someone is accused of ("accusing Tehran of supplying
/// weapons", "alleged that Pyongyang had shipped shells")? An accusation is no report of a
/// delivery: the deal is rumoured.
fn accused_of(doc: &Doc, s: usize, t: usize) -> bool {
    const ACCUSE: &[&str] = &[
        "accuse",
        "accuses",
        "accused",
        "accusing",
        "accusation",
        "accusations",
        "allege",
        "alleges",
        "alleged",
        "alleging",
        "allegation",
        "allegations",
    ];
    let (s0, _) = doc.sentence_tokens(s);
    let lo = t.saturating_sub(10).max(s0);
    (lo..t).rev().any(|k| {
        ACCUSE.contains(&doc.w(k))
            && (k + 1..t).any(|j| matches!(doc.w(j), "of" | "that"))
            && !(k + 1..t).any(|j| doc.is_clause_boundary(j) && doc.w(j) != "that")
    })
}

/// Is the arms word at token `t` the topic of talks ("held talks with India about buying the
/// missile")? Then the deal is only wanted.
fn topic_of_talks(doc: &Doc, s: usize, t: usize) -> bool {
    let (s0, _) = doc.sentence_tokens(s);
    t > s0
        && matches!(doc.w(t - 1), "about" | "on" | "over")
        && doc.w(t).ends_with("ing")
        && (s0..t).any(|k| {
            matches!(
                doc.w(k),
                "talks" | "negotiations" | "negotiating" | "discussions" | "discussing" | "talking"
            )
        })
}

/// Is country `c` a side (or, for an undirected agreement, a party) of deal `p`?
fn is_party(p: &Proto, c: &str) -> bool {
    p.supplier.as_deref() == Some(c)
        || p.recipient.as_deref() == Some(c)
        || p.parties.iter().any(|x| x == c)
}

/// Every weapon named in tokens `[s0, s1)` of sentence `s`, clause by clause.
fn items_in_sentence(
    doc: &Doc,
    s: usize,
    s0: usize,
    s1: usize,
    amounts: &[Amount],
) -> Vec<ArmsItem> {
    let mut out = Vec::new();
    let mut k = s0;
    while k < s1 {
        let mut end = k + 1;
        while end < s1 && !doc.is_clause_boundary(end) {
            end += 1;
        }
        out.extend(items_in(doc, s, k, end, amounts, false));
        k = end;
    }
    out
}

/// Are the countries of sentence `s`'s actors all parties of deal `p` (or unknown)?
fn actors_within(doc: &Doc, s: usize, p: &Proto) -> bool {
    doc.actors[s]
        .iter()
        .flat_map(|a| a.entities.iter())
        .filter_map(|&e| doc.entities[e].country.as_ref())
        .all(|c| Some(c) == p.supplier.as_ref() || Some(c) == p.recipient.as_ref())
}

/// The register status of an event of this modality.
fn status_of_modality(modality: &str, rumour: bool) -> Option<&'static str> {
    Some(match modality {
        "asserted" | "agreed" | "planned" | "expected" if rumour => "rumoured",
        "asserted" | "agreed" => "agreed",
        "planned" | "expected" => "planned",
        "desired" => "sought",
        "hypothetical" => "rumoured",
        _ => return None,
    })
}

/// Agreements between two countries whose clause names weapons ("Romania signed a $2.6
/// billion agreement with South Korea for self-propelled howitzers"): deals whose direction
/// [`direct_agreements`] finds later.
fn agreements(doc: &Doc, amounts: &[Amount], times: &[TimeExpr], events: &[Event]) -> Vec<Proto> {
    let mut out = Vec::new();
    for ev in events.iter().filter(|e| e.kind == "agreement") {
        let Some(s) = doc.text.sentence_at(doc.byte(ev.start)) else {
            continue;
        };
        let (_, s1) = doc.sentence_tokens(s);
        let mut parties: Vec<String> = Vec::new();
        for id in ev.participants.iter().chain(&ev.source).chain(&ev.target) {
            let c = doc
                .entities
                .iter()
                .find(|e| &e.id == id)
                .and_then(|e| e.country.clone());
            if let Some(c) = c {
                if !parties.contains(&c) {
                    parties.push(c);
                }
            }
        }
        if parties.len() != 2 {
            continue;
        }
        let trig_tok = find_trigger_token(doc, s, &ev.trigger);
        let items = items_in(doc, s, trig_tok, s1, amounts, false);
        let Some(status) = status_of_modality(&ev.modality, is_rumour(doc, s)) else {
            continue;
        };
        if items.is_empty() {
            continue;
        }
        let mut p = Proto {
            supplier: None,
            recipient: None,
            supplier_weak: false,
            parties,
            status: status.to_string(),
            cancelled: false,
            value: nearest_money(doc, s, trig_tok, amounts),
            delivery_by: delivery_period(doc, s, times),
            items,
            events: vec![ev.id.clone()],
            evidence: vec![Span {
                start: ev.start,
                end: ev.end,
            }],
            sentence: s,
            year: event_year(doc, s, ev, times),
        };
        // A company or a catalogue origin in the sentence names the supplier.
        let mut probe = p.clone();
        sides_in_sentence(doc, s, &mut probe);
        let origin = common_origin(doc, &p.items);
        let supplier = probe
            .supplier
            .filter(|c| p.parties.contains(c))
            .or(origin.filter(|c| p.parties.contains(c)));
        if let Some(c) = supplier {
            p.recipient = p.parties.iter().find(|x| **x != c).cloned();
            p.supplier = Some(c);
            p.parties.clear();
        }
        out.push(p);
    }
    out
}

/// Give each two-party agreement a direction from the other deals of the article: the party
/// that supplies elsewhere is the supplier, the one that receives elsewhere the recipient.
/// Agreements without one are dropped.
fn direct_agreements(protos: &mut Vec<Proto>) {
    let suppliers: BTreeSet<String> = protos.iter().filter_map(|p| p.supplier.clone()).collect();
    let recipients: BTreeSet<String> = protos.iter().filter_map(|p| p.recipient.clone()).collect();
    for p in protos.iter_mut().filter(|p| p.parties.len() == 2) {
        let (a, b) = (p.parties[0].clone(), p.parties[1].clone());
        // A party that supplies elsewhere (or the other one receives elsewhere) supplies here.
        let supplies = |x: &String, y: &String| {
            (suppliers.contains(x) && !suppliers.contains(y))
                || (suppliers.contains(x) == suppliers.contains(y)
                    && recipients.contains(y)
                    && !recipients.contains(x))
        };
        let direction = if supplies(&a, &b) {
            Some((a, b))
        } else if supplies(&b, &a) {
            Some((b, a))
        } else {
            None
        };
        if let Some((s, r)) = direction {
            p.supplier = Some(s);
            p.recipient = Some(r);
            p.parties.clear();
        }
    }
    protos.retain(|p| p.parties.is_empty());
}

/// The origin country of a named weapon item, from its entity or the catalogue.
fn item_origin(doc: &Doc, it: &ArmsItem) -> Option<String> {
    let ent = it
        .entity
        .as_ref()
        .and_then(|id| doc.entities.iter().find(|e| &e.id == id))?;
    ent.country
        .clone()
        .or_else(|| Kb::global().weapon(&ent.name).map(|w| w.origin.to_string()))
        .filter(|c| !c.is_empty())
}

/// The one origin country of a deal's named items, if they agree on one.
fn common_origin(doc: &Doc, items: &[ArmsItem]) -> Option<String> {
    let origins: BTreeSet<String> = items.iter().filter_map(|i| item_origin(doc, i)).collect();
    (origins.len() == 1)
        .then(|| origins.into_iter().next())
        .flatten()
}

/// A deal without a supplier takes its items' origin country as a weak supplier ("Hungary
/// ordered 218 Lynx vehicles": the Lynx is German), when the article names that country
/// elsewhere, it is not the recipient, and no other deal of the same recipient and items
/// names another supplier.
fn suppliers_from_origin(doc: &Doc, protos: &mut [Proto]) {
    let named: BTreeSet<&str> = doc
        .entities
        .iter()
        .filter(|e| e.kind != "WEAPON")
        .filter_map(|e| e.country.as_deref())
        .collect();
    let known: Vec<(Option<String>, Option<String>, Vec<String>)> = protos
        .iter()
        .filter(|p| p.supplier.is_some())
        .map(|p| {
            (
                p.supplier.clone(),
                p.recipient.clone(),
                p.items.iter().map(|i| i.designation.clone()).collect(),
            )
        })
        .collect();
    for p in protos.iter_mut().filter(|p| p.supplier.is_none()) {
        let Some(origin) = common_origin(doc, &p.items) else {
            continue;
        };
        let contradicted = known.iter().any(|(s, r, items)| {
            *r == p.recipient
                && s.as_ref() != Some(&origin)
                && p.items.iter().any(|i| items.contains(&i.designation))
        });
        if Some(&origin) != p.recipient.as_ref() && named.contains(origin.as_str()) && !contradicted
        {
            p.supplier = Some(origin);
            p.supplier_weak = true;
        }
    }
}

/// A deal with a supplier but no recipient takes the article's main buyer: the country most
/// often a recipient in its deals (the earliest on a tie), unless that is the supplier.
fn recipients_from_main_buyer(doc: &Doc, protos: &mut [Proto]) {
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for p in protos.iter() {
        if let Some(r) = &p.recipient {
            match counts.iter_mut().find(|(c, _, _)| c == r) {
                Some(x) => x.1 += 1,
                None => counts.push((r.clone(), 1, p.sentence)),
            }
        }
    }
    let Some(main) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(c, _, _)| c.clone())
    else {
        recipients_from_partner(doc, protos);
        return;
    };
    for p in protos
        .iter_mut()
        .filter(|p| p.recipient.is_none() && p.supplier.is_some())
    {
        if p.supplier.as_ref() != Some(&main) {
            p.recipient = Some(main.clone());
        }
    }
}

/// Without any buyer in the article, a supply deal with no recipient goes to the supplier's
/// partner: the country the article names most often after the supplier, when no other ties
/// with it and it is named within the two sentences before the deal or in its own ("The
/// leaders of Japan and the Philippines agreed … Japan will also provide radars").
fn recipients_from_partner(doc: &Doc, protos: &mut [Proto]) {
    // Country → (mentions, sentences it is named in).
    let mut counts: Vec<(String, usize, Vec<usize>)> = Vec::new();
    for (s, actors) in doc.actors.iter().enumerate() {
        for a in actors {
            let Some(c) = a
                .entities
                .iter()
                .find_map(|&e| doc.entities[e].country.clone())
            else {
                continue;
            };
            match counts.iter_mut().find(|(x, _, _)| *x == c) {
                Some(x) => {
                    x.1 += 1;
                    x.2.push(s);
                }
                None => counts.push((c, 1, vec![s])),
            }
        }
    }
    for p in protos
        .iter_mut()
        .filter(|p| p.recipient.is_none() && p.parties.is_empty())
    {
        let Some(sup) = p.supplier.clone() else {
            continue;
        };
        let mut others: Vec<&(String, usize, Vec<usize>)> =
            counts.iter().filter(|(c, _, _)| *c != sup).collect();
        others.sort_by_key(|x| std::cmp::Reverse(x.1));
        let partner = match others.as_slice() {
            [first] => first,
            [first, second, ..] if first.1 > second.1 => first,
            _ => continue,
        };
        let near = partner
            .2
            .iter()
            .any(|&s| s <= p.sentence && p.sentence - s <= 2);
        if near {
            p.recipient = Some(partner.0.clone());
        }
    }
}

/// A supplier on weak evidence does not own items of another origin: in "Turkey's purchase of
/// Russian S-400s, … seeking 40 F-16s", the F-16s (American) are no part of the Russian deal.
/// A deal whose items all have another origin keeps them (the supplier may re-export).
fn drop_foreign_items(doc: &Doc, protos: &mut [Proto]) {
    for p in protos.iter_mut().filter(|p| p.supplier_weak) {
        let Some(sup) = p.supplier.clone() else {
            continue;
        };
        let own = |i: &ArmsItem| item_origin(doc, i).is_none_or(|o| o == sup);
        if p.items
            .iter()
            .any(|i| item_origin(doc, i).as_ref() == Some(&sup))
        {
            p.items.retain(own);
        }
    }
}

/// The token where the trigger text starts in sentence `s` (the sentence start if not found).
fn find_trigger_token(doc: &Doc, s: usize, trigger: &str) -> usize {
    let (s0, s1) = doc.sentence_tokens(s);
    let first = trigger
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    (s0..s1).find(|&k| doc.w(k) == first).unwrap_or(s0)
}

/// Weapons named in tokens `[from, to)` of sentence `s`, stopping at the end of the clause.
/// With `skip_parens`, a short parenthetical does not end the clause ("an order worth €1.1
/// billion ($1.19 billion) from Hungary for 120 Lynx").
fn items_in(
    doc: &Doc,
    s: usize,
    from: usize,
    to: usize,
    amounts: &[Amount],
    skip_parens: bool,
) -> Vec<ArmsItem> {
    let mut out: Vec<ArmsItem> = Vec::new();
    let mut k = from;
    let mut last_weapon_end: Option<usize> = None;
    let (s0, _) = doc.sentence_tokens(s);
    while k < to {
        if let Some(after) = doc.after_parenthetical(k).filter(|_| skip_parens) {
            k = after;
            continue;
        }
        if k > from && doc.is_clause_boundary(k) && !doc.is_reporting_verb(k) {
            break;
        }
        if doc.is_reporting_verb(k) && !out.is_empty() {
            break;
        }
        if matches!(doc.w(k), "," | "and") {
            last_weapon_end = None;
        }
        if let Some(e) = doc.token_entity[k] {
            let ent = &doc.entities[e];
            let mut j = k + 1;
            while j < to && doc.token_entity[j] == Some(e) {
                j += 1;
            }
            if ent.kind == "WEAPON" {
                let (quantity, qualifier) = quantity_before(doc, s0, k, j, amounts);
                add_item(
                    &mut out,
                    ArmsItem {
                        designation: ent.name.clone(),
                        category: ent.category.clone(),
                        quantity,
                        qualifier,
                        entity: Some(ent.id.clone()),
                    },
                );
                last_weapon_end = Some(j);
            }
            k = j;
            continue;
        }
        let w = doc.w(k);
        // The longest generic noun: "patrol boats", "air defence systems", else one word.
        let (generic, len) = match doc.generic_at(k) {
            Some((d, c, len)) => (Some((d, c)), len),
            None => (generic_weapon_lower(w), 1),
        };
        let generic = generic.filter(|_| doc.is_weapon_word(k + len - 1));
        if let Some((designation, category)) = generic {
            // "a Tor surface-to-air missile system": the noun describes the named weapon.
            let describes_named = last_weapon_end.is_some_and(|end| k - end <= 5);
            if !describes_named {
                let (quantity, qualifier) = quantity_before(doc, s0, k, k + len, amounts);
                add_item(
                    &mut out,
                    ArmsItem {
                        designation: designation.to_string(),
                        category: Some(category.to_string()),
                        quantity,
                        qualifier,
                        entity: None,
                    },
                );
            }
            k += len;
            continue;
        }
        k += 1;
    }
    out
}

/// Do two item lists name a common system? The same designation, or a generic noun and a named
/// system of its category ("howitzers" and the K9 Thunder).
fn share_items(a: &[ArmsItem], b: &[ArmsItem]) -> bool {
    a.iter().any(|i| {
        b.iter().any(|j| {
            i.designation == j.designation
                || ((i.entity.is_none() != j.entity.is_none())
                    && i.category.is_some()
                    && i.category == j.category)
        })
    })
}

/// Add another record's items to a deal's. A generic noun and a named system of its category
/// from different records are one item ("howitzers" in the agreement, the K9 Thunder in the
/// contract): the named one stays, with the generic one's quantity if it has none and is the
/// only one of its kind. Within one record both stay ("Pinaka rocket launchers, artillery").
fn merge_items(items: &mut Vec<ArmsItem>, incoming: Vec<ArmsItem>) {
    let named_of = |items: &[ArmsItem], cat: &Option<String>| -> Vec<usize> {
        (0..items.len())
            .filter(|&k| items[k].entity.is_some() && cat.is_some() && items[k].category == *cat)
            .collect()
    };
    for it in incoming {
        if it.entity.is_none() && it.category.is_some() {
            let named = named_of(items, &it.category);
            if !named.is_empty() {
                if let [k] = named.as_slice() {
                    if items[*k].quantity.is_none() && it.quantity.is_some() {
                        items[*k].quantity = it.quantity;
                        items[*k].qualifier = it.qualifier.clone();
                    }
                }
                continue;
            }
        } else if it.entity.is_some() && it.category.is_some() {
            let generic: Vec<ArmsItem> = items
                .iter()
                .filter(|g| g.entity.is_none() && g.category == it.category)
                .cloned()
                .collect();
            if !generic.is_empty() {
                items.retain(|g| !(g.entity.is_none() && g.category == it.category));
                let mut it = it;
                if it.quantity.is_none() && generic.len() == 1 {
                    it.quantity = generic[0].quantity;
                    it.qualifier = generic[0].qualifier.clone();
                }
                add_item(items, it);
                continue;
            }
        }
        add_item(items, it);
    }
}

fn add_item(items: &mut Vec<ArmsItem>, it: ArmsItem) {
    match items.iter_mut().find(|x| x.designation == it.designation) {
        Some(x) => {
            if x.quantity.is_none() && it.quantity.is_some() {
                x.quantity = it.quantity;
                x.qualifier = it.qualifier;
            }
            if x.entity.is_none() {
                x.entity = it.entity;
            }
        }
        None => items.push(it),
    }
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("dozen", 12.0),
    ("a", 1.0),
    ("an", 1.0),
];

/// Quantity of the weapon at tokens `[k, j)`: a count amount covering or ending just before
/// it, else a number or "a"/"an" right before it.
fn quantity_before(
    doc: &Doc,
    s0: usize,
    k: usize,
    j: usize,
    amounts: &[Amount],
) -> (Option<f64>, Option<String>) {
    for a in amounts
        .iter()
        .filter(|a| a.kind == "count" || a.kind == "quantity")
    {
        let (a0, a1) = doc.tokens_of_span(a.start, a.end);
        let covers = a0 <= k && a1 >= j.min(a1.max(k + 1)) && a1 > k;
        let just_before = a1 <= k && k - a1 <= 1 && a1 > a0;
        if covers || just_before {
            return (a.value, Some(a.qualifier.clone()));
        }
    }
    let mut p = k;
    let mut steps = 0;
    while p > s0 && steps < 3 {
        p -= 1;
        steps += 1;
        let w = doc.w(p);
        if let Ok(v) = w.replace(',', "").parse::<f64>() {
            // A bare "737 aircraft" or "777 planes" is a model number, not a count; counts
            // that large come through the amounts layer or carry a separator ("1,000").
            if v < 500.0 || w.contains(',') {
                return (Some(v), Some("exact".into()));
            }
            break;
        }
        if let Some((_, v)) = NUMBER_WORDS.iter().find(|(n, _)| *n == w) {
            return (Some(*v), Some("exact".into()));
        }
        // Skip modifiers between a number and its noun ("two Russian-made S-400", "120 more
        // Lynx").
        let modifier = doc.token_entity[p].is_some_and(|e| doc.entities[e].kind == "NORP")
            || w.contains('-')
            || matches!(
                w,
                "more" | "additional" | "further" | "new" | "extra" | "used"
            );
        if !modifier {
            break;
        }
    }
    (None, None)
}

/// The money amount in sentence `s` nearest to token `t`.
fn nearest_money(doc: &Doc, s: usize, t: usize, amounts: &[Amount]) -> Option<DealValue> {
    let (s0, s1) = doc.sentence_tokens(s);
    amounts
        .iter()
        .filter(|a| a.kind == "money")
        .filter_map(|a| {
            let (a0, a1) = doc.tokens_of_span(a.start, a.end);
            (a0 >= s0 && a1 <= s1).then(|| (a0.abs_diff(t), a))
        })
        .min_by_key(|(d, _)| *d)
        .and_then(|(_, a)| {
            Some(DealValue {
                amount: a.value?,
                currency: a.unit.clone()?,
                qualifier: a.qualifier.clone(),
            })
        })
}

/// The delivery period in sentence `s`: a time expression introduced by by/until/before.
fn delivery_period(doc: &Doc, s: usize, times: &[TimeExpr]) -> Option<String> {
    delivery_period_before(doc, s, usize::MAX, times)
}

/// [`delivery_period`] among the times that end before token `cut`.
fn delivery_period_before(doc: &Doc, s: usize, cut: usize, times: &[TimeExpr]) -> Option<String> {
    let (s0, s1) = doc.sentence_tokens(s);
    let s1 = s1.min(cut);
    times.iter().find_map(|t| {
        let (t0, t1) = doc.tokens_of_span(t.start, t.end);
        if t0 < s0 || t1 > s1 {
            return None;
        }
        let first = doc.w(t0);
        let before = if t0 > s0 { doc.w(t0 - 1) } else { "" };
        let deadline = |w: &str| matches!(w, "by" | "until" | "before" | "through");
        (deadline(first) || deadline(before) || t.modifier.as_deref() == Some("BEFORE"))
            .then(|| t.value.clone())
            .flatten()
    })
}

/// Merge proto-records into one record per supplier→recipient deal.
fn records(protos: Vec<Proto>) -> Vec<ArmsTransfer> {
    let mut deals: Vec<Proto> = Vec::new();
    let mut wishes: Vec<Proto> = Vec::new();
    // An event that names one side only ("an order for Rafale jets from France") belongs to the
    // deal that shares that side, when there is exactly one such deal.
    let complete: Vec<(Option<String>, Option<String>)> = protos
        .iter()
        .filter(|p| p.supplier.is_some() && p.recipient.is_some())
        .map(|p| (p.supplier.clone(), p.recipient.clone()))
        .collect();
    let protos: Vec<Proto> = protos
        .into_iter()
        .map(|mut p| {
            if p.supplier.is_none() || p.recipient.is_none() {
                let fits: BTreeSet<&(Option<String>, Option<String>)> = complete
                    .iter()
                    .filter(|(s, r)| {
                        (p.supplier.is_none() || p.supplier == *s)
                            && (p.recipient.is_none() || p.recipient == *r)
                    })
                    .collect();
                if let (1, Some((s, r))) = (fits.len(), fits.first()) {
                    p.supplier = s.clone();
                    p.recipient = r.clone();
                }
            }
            p
        })
        .collect();
    for p in protos {
        if p.supplier.is_none() && p.recipient.is_none() {
            continue;
        }
        if p.status == "sought" {
            wishes.push(p);
        } else {
            merge_into(&mut deals, p);
        }
    }
    for w in wishes {
        let same_pair = |d: &Proto| d.supplier == w.supplier && d.recipient == w.recipient;
        let shares_items = |d: &Proto| w.items.is_empty() || share_items(&w.items, &d.items);
        if deals.iter().any(|d| same_pair(d) && shares_items(d)) {
            merge_into(&mut deals, w);
        } else {
            // A wish list of its own (merged with other wishes for the same pair).
            let mut own: Vec<Proto> = deals
                .iter()
                .filter(|d| same_pair(d) && d.status == "sought")
                .cloned()
                .collect();
            if own.is_empty() {
                deals.push(w);
            } else {
                deals.retain(|d| !(same_pair(d) && d.status == "sought"));
                merge_into(&mut own, w);
                deals.extend(own);
            }
        }
    }
    deals
        .into_iter()
        .enumerate()
        .map(|(n, p)| ArmsTransfer {
            id: format!("x{}", n + 1),
            supplier: p.supplier,
            recipient: p.recipient,
            status: if p.cancelled {
                "cancelled".into()
            } else {
                p.status
            },
            value: p.value,
            delivery_by: p.delivery_by,
            items: p.items,
            events: p.events,
            evidence: p.evidence,
        })
        .collect()
}

fn merge_into(deals: &mut Vec<Proto>, p: Proto) {
    // A wish joins a deal for the same pair; a deal never joins a wish. Two deals for the same
    // pair are one when they name a common item or one of them names none ("weapons").
    let Some(d) = deals.iter_mut().find(|d| {
        d.supplier == p.supplier
            && d.recipient == p.recipient
            && !(d.year.is_some()
                && p.year.is_some()
                && d.year != p.year
                && status_rank(&d.status) >= 3
                && status_rank(&p.status) >= 3)
            && (p.status == "sought" || d.status != "sought")
            && (d.items.is_empty() || p.items.is_empty() || share_items(&d.items, &p.items))
    }) else {
        deals.push(p);
        return;
    };
    let p_rank = status_rank(&p.status);
    let d_rank = status_rank(&d.status);
    if p.value.is_some() && (d.value.is_none() || p_rank >= d_rank) {
        d.value = p.value.clone();
    }
    if p_rank > d_rank {
        d.status = p.status.clone();
    }
    d.cancelled |= p.cancelled;
    if d.delivery_by.is_none() {
        d.delivery_by = p.delivery_by;
    }
    merge_items(&mut d.items, p.items);
    for e in p.events {
        if !d.events.contains(&e) {
            d.events.push(e);
        }
    }
    for s in p.evidence {
        if !d.evidence.contains(&s) {
            d.evidence.push(s);
        }
    }
    d.sentence = d.sentence.max(p.sentence);
    if d.year.is_none() {
        d.year = p.year;
    }
}
