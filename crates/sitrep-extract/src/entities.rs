//! The entity layer: named things, linked to the knowledge base, clustered within the document.
//!
//! Three steps, in order:
//! 1. **Mentions.** Each sentence's tokens go through the knowledge-base phrase matcher
//!    (countries, places, organisations, government bodies, weapons, titles, known leaders) and
//!    the statistical NER tagger. Where they overlap, the longer span wins and keeps whatever the
//!    knowledge base knows about its parts ("Polish Prime Minister Mateusz Morawiecki": a title
//!    with a country before a name makes a PERSON of that country with a GOV role).
//! 2. **Resolution.** Ambiguous names pick the reading that fits the document: a country before
//!    a same-named place, a place in a country the article mentions before a bigger namesake.
//! 3. **Clustering.** Mentions with the same knowledge-base link are one entity; a surname joins
//!    the full name that ends with it; role descriptors ("the strongman", "the Belarus
//!    president") join the most recent person whose country and role fit.

use std::collections::HashMap;

use sitrep_core::schema::{Entity, Geo, KbLink, Mention};
use sitrep_core::text::Text;
use sitrep_kb::{Entry, Kb, Role};
use sitrep_nlp::gazetteer::{GazTag, Gazetteer};
use sitrep_nlp::ner::NerTagger;
use sitrep_nlp::pos::{PosTagger, Upos};

use crate::gazetteer::gazetteer_tags;

pub mod bench;

/// A span the NER tagger found: token indices into [`Text::tokens`] (end exclusive) and a label
/// (PERSON, ORG, GPE, LOC, NORP, WEAPON, MISC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity type.
    pub label: String,
}

/// What a mention is known to be, before clustering.
#[derive(Debug, Clone)]
struct Reading {
    kind: &'static str,
    name: String,
    country: Option<String>,
    actor: Option<String>,
    link: Option<KbLink>,
    geo: Option<Geo>,
    category: Option<String>,
    /// For people: the role their title gives them.
    role: Option<Role>,
    /// A title phrase before a name ("Belarus leader"), kept as a descriptor.
    descriptor: Option<String>,
}

/// One mention with its reading, in token indices.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    reading: Reading,
    /// A role descriptor ("the strongman"): joins a person rather than founding an entity.
    descriptor_of: Option<DescriptorCue>,
}

#[derive(Debug, Clone)]
struct DescriptorCue {
    country: Option<String>,
}

/// Build the entity layer: knowledge-base matches and the statistical taggers, sentence by
/// sentence.
pub fn extract_entities(text: &Text) -> Vec<Entity> {
    extract_entities_with(text, Some(Taggers::embedded()))
}

/// The statistical taggers the entity layer runs.
#[derive(Clone, Copy)]
pub struct Taggers {
    /// Part-of-speech tagger (its tags are NER features).
    pub pos: &'static PosTagger,
    /// Named-entity tagger.
    pub ner: &'static NerTagger,
}

impl Taggers {
    /// The models embedded in the binary.
    pub fn embedded() -> Taggers {
        Taggers {
            pos: PosTagger::embedded(),
            ner: NerTagger::embedded(),
        }
    }
}

/// Precomputed gazetteer classes for one sentence.
struct SentenceGazetteer(Vec<Option<GazTag<'static>>>);

impl Gazetteer for SentenceGazetteer {
    fn tag(&self, _words: &[&str]) -> Vec<Option<GazTag<'_>>> {
        self.0.clone()
    }
}

/// The entity layer with the given taggers, or the knowledge base alone (`None`).
pub fn extract_entities_with(text: &Text, taggers: Option<Taggers>) -> Vec<Entity> {
    let kb = Kb::global();
    let mut candidates = Vec::new();
    // The phrase matcher runs once per sentence; the generic weapon words it finds anywhere
    // ("infantry fighting vehicles") also tell which reading of a shared weapon name fits.
    let sentence_words: Vec<Vec<&str>> = text
        .sentences
        .iter()
        .map(|s| s.tokens.clone().map(|i| text.token(i)).collect())
        .collect();
    let sentence_matches: Vec<Vec<sitrep_kb::KbMatch<'_>>> = sentence_words
        .iter()
        .map(|words| kb.match_phrases(words))
        .collect();
    let doc_categories: Vec<sitrep_kb::WeaponCategory> =
        weapon_categories(sentence_matches.iter().flatten());
    for ((sentence, matches), words) in text
        .sentences
        .iter()
        .zip(&sentence_matches)
        .zip(&sentence_words)
    {
        let words: &[&str] = words;
        let offset = sentence.tokens.start;
        let mut pos: Vec<Upos> = Vec::new();
        let spans: Vec<NamedSpan> = match taggers {
            Some(t) => {
                let gaz = SentenceGazetteer(gazetteer_tags(kb, words, matches));
                // POS then NER over one copy of the sentence's token strings.
                let (tags, named) = t.ner.tag_with_pos(t.pos, words, &gaz);
                pos = tags;
                named
                    .into_iter()
                    .map(|s| {
                        let end = programme_end(words, matches, s.end);
                        NamedSpan {
                            start: s.start + offset,
                            end: end + offset,
                            label: if end > s.end {
                                "MISC"
                            } else {
                                s.label.as_str()
                            }
                            .to_string(),
                        }
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let spans: Vec<&NamedSpan> = spans.iter().collect();
        sentence_candidates(
            &doc_categories,
            text,
            words,
            &pos,
            offset,
            matches,
            &spans,
            &mut candidates,
        );
    }
    let doc_countries = countries_mentioned(&candidates);
    for c in &mut candidates {
        prefer_document_country(c, &doc_countries);
    }
    surname_mentions(text, &mut candidates);
    vote_kinds(&mut candidates);
    cluster(text, candidates)
}

/// Countries the document names outright (country and demonym mentions).
fn countries_mentioned(candidates: &[Candidate]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in candidates {
        if matches!(c.reading.kind, "GPE" | "NORP")
            && c.reading.link.as_ref().is_some_and(|l| l.kb == "iso3166")
        {
            if let Some(cc) = &c.reading.country {
                if !out.contains(cc) {
                    out.push(cc.clone());
                }
            }
        }
    }
    out
}

/// A place reading whose country the article never mentions gives way to a namesake in a
/// country it does mention ("Tripoli" in an article about Lebanon).
fn prefer_document_country(c: &mut Candidate, doc_countries: &[String]) {
    let Some(link) = &c.reading.link else { return };
    if link.kb != "geonames"
        || c.reading
            .country
            .as_ref()
            .is_some_and(|cc| doc_countries.contains(cc))
    {
        return;
    }
    let kb = Kb::global();
    let name = c.reading.name.clone();
    if let Some(p) = kb
        .places_named(&name)
        .into_iter()
        .find(|p| doc_countries.iter().any(|cc| **cc == *p.country))
    {
        c.reading = place_reading(p);
    }
}

fn place_reading(p: &sitrep_kb::Place) -> Reading {
    let e = Entry::Place(p);
    reading_of(&e).unwrap_or_else(|| Reading {
        kind: "GPE",
        name: p.name.to_string(),
        country: Some(p.country.to_string()),
        actor: None,
        link: None,
        geo: None,
        category: None,
        role: None,
        descriptor: None,
    })
}

/// The reading of one knowledge-base entry as an entity; `None` for titles and generic nouns.
fn reading_of(e: &Entry<'_>) -> Option<Reading> {
    let kind = e.entity_type()?;
    let (kb, id) = e.link();
    let name = match e {
        // A nationality is named by its adjective ("Russian"), not its country.
        Entry::Demonym(c) => c
            .demonyms
            .first()
            .map_or_else(|| c.name.to_string(), |d| d.to_string()),
        // A generic body of a named country: "Russian Defence Ministry".
        Entry::GovBody(g) if g.body.country.is_none() => {
            match g.country.and_then(|c| c.demonyms.first()) {
                Some(d) => format!("{d} {}", g.body.name),
                None => g.body.name.to_string(),
            }
        }
        _ => e.name().to_string(),
    };
    Some(Reading {
        kind,
        name,
        country: e.country().map(str::to_string),
        actor: e.actor(),
        link: Some(KbLink {
            kb: kb.to_string(),
            id,
        }),
        geo: match e {
            Entry::Place(_) => e.coords().map(|(lat, lon)| Geo { lat, lon }),
            _ => None,
        },
        category: e.category().map(|c| c.as_str().to_string()),
        role: e.role(),
        descriptor: None,
    })
}

/// Rank of an entry when a name has several readings: states before bodies before places.
fn entry_rank(e: &Entry<'_>) -> (u8, std::cmp::Reverse<u32>) {
    let rank = match e {
        Entry::Country(_) => 0,
        Entry::Demonym(_) => 1,
        Entry::HistoricalState(_) => 2,
        Entry::GovBody(_) => 3,
        Entry::Org(_) => 4,
        Entry::Person(_) => 5,
        Entry::Weapon(_) => 6,
        Entry::Region(_) => 7,
        Entry::Place(p) => return (8, std::cmp::Reverse(p.population)),
        Entry::Title(_) => 9,
        Entry::GenericWeapon(_) => 10,
    };
    (rank, std::cmp::Reverse(0))
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Capitalised words that open sentences or headlines without being names.
fn is_function_word(w: &str) -> bool {
    /// Capitalised only at the start of a sentence, beyond the usual sentence openers.
    const MORE: &[&str] = &[
        "Or", "For", "From", "With", "By", "To", "Of", "Not", "No", "All", "Any", "Each", "Every",
    ];
    sitrep_core::sentences::OPENERS.contains(&w) || MORE.contains(&w)
}

#[allow(clippy::too_many_arguments)]
fn sentence_candidates(
    doc_categories: &[sitrep_kb::WeaponCategory],
    text: &Text,
    words: &[&str],
    pos: &[Upos],
    offset: usize,
    matches: &[sitrep_kb::KbMatch<'_>],
    ner: &[&NamedSpan],
    out: &mut Vec<Candidate>,
) {
    let mut taken = vec![false; words.len()];
    // 1. Titles before names: "<title> <Name Name>" makes a person with the title's country/role.
    //    The name is the NER PERSON span right after the title, or a run of capitalised words.
    let mut people: Vec<(usize, usize, Option<usize>)> = Vec::new(); // (start, end, title match index)
    for (mi, m) in matches.iter().enumerate() {
        let Some(Entry::Title(_)) = m.entries.first() else {
            continue;
        };
        let name_start = m.end;
        let name_end = ner
            .iter()
            .find(|s| s.start - offset == name_start && s.label == "PERSON")
            .map(|s| s.end - offset)
            .unwrap_or_else(|| capitalised_run(words, name_start, matches));
        if name_end > name_start {
            people.push((name_start, name_end, Some(mi)));
        }
    }
    // 2. NER PERSON spans not already covered, unless the knowledge base knows the same words
    //    as something else ("the Kremlin", "Minsk"): a name the tagger got right is longer than
    //    any single known name inside it ("Mark Chandler" holds the town "Chandler").
    for s in ner.iter().filter(|s| s.label == "PERSON") {
        let (a, b) = (s.start - offset, s.end - offset);
        let Some(a) = person_name_start(words, a, b) else {
            continue;
        };
        if has_capital(&words[a..b])
            && !ends_in_common_word(words, a, b)
            && !people.iter().any(|&(x, y, _)| x < b && a < y)
            && known_as_other(matches, a, b).is_none()
        {
            people.push((a, b, None));
        }
    }
    for &(a, b, title) in &people {
        let name = join_words(words, a, b);
        let kb_person = Kb::global().person(&name);
        let title_ref = title.and_then(|mi| match matches[mi].entries.first() {
            Some(Entry::Title(t)) => Some((*t, mi)),
            _ => None,
        });
        let mut reading = match kb_person {
            Some(p) => reading_of(&Entry::Person(p)).unwrap_or_else(|| person_reading(&name)),
            None => person_reading(&name),
        };
        if let Some((t, mi)) = title_ref {
            let m = &matches[mi];
            if reading.country.is_none() {
                reading.country = t.country.map(|c| c.alpha2.to_string());
            }
            if reading.role.is_none() {
                reading.role = Some(t.role());
            }
            if reading.actor.is_none() {
                reading.actor = t.country.map(|c| c.actor_with(t.role()));
            }
            // A bare title ("President Vladimir Putin") is not worth keeping as a descriptor.
            if m.end - m.start > 1 || t.country.is_some() {
                reading.descriptor = Some(join_words(words, m.start, m.end));
            }
        }
        for t in &mut taken[a..b] {
            *t = true;
        }
        out.push(Candidate {
            start: a + offset,
            end: b + offset,
            reading,
            descriptor_of: None,
        });
    }
    // The country word of a title ("Polish Prime Minister", "the Belarus president") is itself a
    // mention of the nationality or the country.
    // So is the country after "of" ("Prime Minister of Canada", "President of the United
    // States"); the tagger's span over the same words then adds nothing.
    for m in matches {
        if let Some(Entry::Title(t)) = m.entries.first() {
            if t.country.is_some() {
                if let Some((a, b, reading)) = title_country_words(words, m.start, m.end) {
                    out.push(Candidate {
                        start: a + offset,
                        end: b + offset,
                        reading,
                        descriptor_of: None,
                    });
                }
            }
        }
    }
    // The sentence's own weapon words decide; without any, the document's.
    let own = weapon_categories(matches.iter());
    let categories = if own.is_empty() {
        doc_categories.to_vec()
    } else {
        own
    };
    // 3. Knowledge-base matches outside people's names.
    for (mi, m) in matches.iter().enumerate() {
        if taken[m.start..m.end].iter().any(|&t| t) {
            continue;
        }
        // Weapon names shared by several systems ("Lynx": a helicopter and an infantry
        // fighting vehicle) take the one whose kind the sentence names ("vehicles", "tanks").
        let Some(best) = m.entries.iter().min_by_key(|e| {
            (
                entry_rank(e).0,
                !fits_sentence_categories(e, &categories),
                entry_rank(e).1,
            )
        }) else {
            continue;
        };
        match best {
            Entry::Title(t) => {
                // "the strongman", "the Belarus president": a descriptor of a person named before.
                let definite = m.start > 0 && words[m.start - 1].eq_ignore_ascii_case("the");
                let followed_by_name = people.iter().any(|&(_, _, ti)| ti == Some(mi));
                if definite
                    && !followed_by_name
                    && t.title.role != Role::Opp
                    && is_singular(words[m.end - 1])
                {
                    let mut reading = person_reading(&join_words(words, m.start - 1, m.end));
                    reading.country = t.country.map(|c| c.alpha2.to_string());
                    out.push(Candidate {
                        start: m.start - 1 + offset,
                        end: m.end + offset,
                        reading,
                        descriptor_of: Some(DescriptorCue {
                            country: t.country.map(|c| c.alpha2.to_string()),
                        }),
                    });
                }
                continue;
            }
            Entry::GenericWeapon(_) => continue,
            Entry::GovBody(g) if !g.body.standalone => {
                // "Russian troops": the group is an actor for events, the name is the demonym.
                if let Some(reading) = country_word_reading(words[m.start]) {
                    out.push(Candidate {
                        start: m.start + offset,
                        end: m.start + 1 + offset,
                        reading,
                        descriptor_of: None,
                    });
                }
                continue;
            }
            _ => {}
        }
        let Some(reading) = reading_of(best) else {
            continue;
        };
        // A place or country inside a longer organisation name the knowledge base does not
        // know is part of that name ("Air Canada", "Kettering University").
        if matches!(best, Entry::Place(_) | Entry::Country(_))
            && inside_unknown_org(words, offset, matches, ner, m.start, m.end)
        {
            continue;
        }
        // So is a known body's name after capitalised words the tagger joins to it: "Federal
        // Security Council" is not the (UN) Security Council.
        if matches!(best, Entry::Org(_) | Entry::GovBody(_))
            && after_unknown_words(words, offset, matches, ner, m.start, m.end)
        {
            continue;
        }
        let surface = join_words(words, m.start, m.end);
        // A town the tagger reads as an organisation, word for word, is a company or brand
        // named like it ("Toyota", "Magna"); capitals and cities of a million stay places.
        if let Entry::Place(p) = best {
            if p.population < SURNAME_PLACE_POPULATION
                && Kb::global().capital_country(p.name).is_none()
                && ner.iter().any(|s| {
                    s.label == "ORG" && s.start - offset == m.start && s.end - offset == m.end
                })
            {
                let mut reading = person_reading(&surface);
                reading.kind = "ORG";
                out.push(Candidate {
                    start: m.start + offset,
                    end: m.end + offset,
                    reading,
                    descriptor_of: None,
                });
                for t in &mut taken[m.start..m.end] {
                    *t = true;
                }
                continue;
            }
        }
        // Places that are also common words need support: capitalised, not opening the sentence,
        // or confirmed by the tagger.
        if let Entry::Place(p) = best {
            let tagged = ner.iter().any(|s| {
                s.start - offset <= m.start
                    && m.end <= s.end - offset
                    && matches!(s.label.as_str(), "GPE" | "LOC")
            });
            // At the start of a sentence every word is capitalised: only big places count there.
            if !tagged && (!is_capitalised(&surface) || (m.start == 0 && p.population < 100_000)) {
                continue;
            }
            // Towns are not "the" anything: "on the Dax", "the German Dax" is the stock index,
            // not the French town, whatever the tagger says. A town naming something after it
            // ("the Magna deal", "the Cupertino, California event") stays a town.
            let attributive = matches!(pos.get(m.end), Some(Upos::NOUN | Upos::PROPN | Upos::ADJ))
                || words.get(m.end) == Some(&",");
            if p.population < 100_000 && after_the(words, m.start) && !attributive {
                continue;
            }
        }
        if !surface.chars().any(char::is_uppercase) && !matches!(best, Entry::Weapon(_)) {
            // Lower-case matches ("general", "union") are words, not names.
            continue;
        }
        out.push(Candidate {
            start: m.start + offset,
            end: m.end + offset,
            reading,
            descriptor_of: None,
        });
        for t in &mut taken[m.start..m.end] {
            *t = true;
        }
    }
    // 4. Remaining NER spans: names the knowledge base does not know. Spans over words already
    //    read (a title's country word, a matched name) add nothing.
    let first_new = out.len();
    for s in ner {
        let a = s.start - offset;
        // "United Auto Workers union", "Heathrow airport": the name is the capitalised part.
        let b = name_end(words, a, s.end - offset);
        if b == a {
            continue;
        }
        let end = b + offset;
        let read = out[..first_new]
            .iter()
            .any(|c| c.start < end && s.start < c.end);
        // "Belarusian-Russian", "US-Chinese": a compound of nationalities describes a
        // relation, it does not name an organisation.
        if b - a == 1 && (is_nationality_compound(words[a]) || is_name_compound(words[a])) {
            continue;
        }
        if s.label == "PERSON"
            || taken[a..b].iter().any(|&t| t)
            || read
            || known_as_other(matches, a, b).is_some()
            // Names have a capital letter; "lender" is a word however the tagger read it.
            || !has_capital(&words[a..b])
        {
            continue;
        }
        // "the United States government" → "the United States": what is left may be a name
        // the knowledge base knows.
        if end < s.end {
            let a2 = if words[a].eq_ignore_ascii_case("the") {
                a + 1
            } else {
                a
            };
            let known = Kb::global()
                .lookup_tokens(&words[a2..b])
                .iter()
                .filter(|e| match e {
                    // A small town named like a brand ("Aura sedan") is not what is meant.
                    Entry::Place(p) => p.population >= 100_000,
                    Entry::Title(_) | Entry::GenericWeapon(_) => false,
                    _ => true,
                })
                .min_by_key(|e| entry_rank(e))
                .and_then(reading_of);
            if let (true, Some(reading)) = (a2 < b, known) {
                out.push(Candidate {
                    start: a2 + offset,
                    end,
                    reading,
                    descriptor_of: None,
                });
                continue;
            }
        }
        // A generic noun the knowledge base knows ("the Army", "the Senate", "Central Bank")
        // names no organisation by itself: it is the body of the one country the sentence
        // names, or nothing.
        if let Some(generic) = generic_body(&words[a..b]) {
            if let Some(reading) = sentence_country(matches).and_then(|c| {
                reading_of(&Entry::GovBody(sitrep_kb::GovBodyRef {
                    body: generic,
                    country: Some(c),
                }))
            }) {
                out.push(Candidate {
                    start: s.start,
                    end,
                    reading,
                    descriptor_of: None,
                });
            }
            continue;
        }
        let name = join_words(words, a, b);
        if a == 0
            && b - a == 1
            && !Kb::global()
                .lookup(&name)
                .iter()
                .any(|e| e.entity_type().is_some())
            && is_function_word(&name)
        {
            continue;
        }
        let kind = match s.label.as_str() {
            "ORG" => "ORG",
            "GPE" => "GPE",
            "LOC" => "LOC",
            "NORP" => "NORP",
            "WEAPON" => "WEAPON",
            "FAC" => "FAC",
            "EVENT" => "EVENT",
            _ => "MISC",
        };
        // A dateline ("TBILISI, Georgia (AP) —") names the place the story was filed from.
        if is_dateline(words, a, b) {
            let titled = words[a..b]
                .iter()
                .map(|w| title_case(w))
                .collect::<Vec<_>>()
                .join(" ");
            let known = Kb::global()
                .lookup(&titled)
                .iter()
                .filter(|e| matches!(e, Entry::Place(_) | Entry::Country(_) | Entry::Region(_)))
                .min_by_key(|e| entry_rank(e))
                .and_then(reading_of);
            let reading = known.unwrap_or_else(|| {
                let mut r = person_reading(&titled);
                r.kind = "GPE";
                r
            });
            out.push(Candidate {
                start: s.start,
                end,
                reading,
                descriptor_of: None,
            });
            continue;
        }
        // "the Greens", "the Reds": the capitalised plural of a common word names a group of
        // people (a party, a team), not a place.
        let kind = if matches!(kind, "LOC" | "GPE") && b - a == 1 && is_plural_of_common_word(&name)
        {
            "ORG"
        } else {
            kind
        };
        let mut reading = person_reading(&name);
        reading.kind = kind;
        if kind == "ORG" {
            // An organisation named after a place is based there ("Air India", "Kettering
            // University").
            reading.country = country_inside(matches, a, b);
        }
        out.push(Candidate {
            start: s.start,
            end,
            reading,
            descriptor_of: None,
        });
    }
    let _ = text;
}

/// The country of the first country, demonym or unambiguous place name the knowledge base
/// found inside tokens `a..b` (sentence-local).
fn country_inside(matches: &[sitrep_kb::KbMatch<'_>], a: usize, b: usize) -> Option<String> {
    matches
        .iter()
        .filter(|m| a <= m.start && m.end <= b)
        .find_map(|m| {
            m.entries.iter().find_map(|e| match e {
                Entry::Country(c) | Entry::Demonym(c) => Some(c.alpha2.to_string()),
                Entry::Place(p) if m.entries.len() == 1 => Some(p.country.to_string()),
                _ => None,
            })
        })
}

/// Does the tagger span `words[a..b]` end in a lower-case word ("Belarusian-Russian union",
/// "Pakistan army") that the knowledge base does not know as part of the name? Such a span
/// describes something by a name; the name itself is capitalised to its last word. In the NER
/// gold sets that follow proper-name conventions, 1–2 % of multi-word PERSON/ORG/LOC spans end
/// in a lower-case word (UNER PUD 2 of 344, wikigold 17 of 1,418, CrossNER 136 of 7,515, mostly
/// "X army", "X river"); re3d, which also annotates descriptions ("Iraqi security forces"), 237
/// of 637.
fn ends_in_common_word(words: &[&str], a: usize, b: usize) -> bool {
    let last = words[b - 1];
    b - a >= 2
        && is_lower_case_word(last)
        && !Kb::global()
            .lookup_tokens(&words[a..b])
            .iter()
            .any(|e| e.entity_type().is_some())
}

/// A word in lower case only ("union", "sedan"; not "iTunes").
fn is_lower_case_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_alphabetic)
        && w.chars().all(|c| c.is_lowercase() || c == '-')
}

/// The end of the name inside the tagger span `words[a..b]`: without the lower-case words
/// that end it ("Heathrow airport" → "Heathrow"), see [`ends_in_common_word`]; `a` when no
/// capitalised word is left.
fn name_end(words: &[&str], a: usize, b: usize) -> usize {
    if !ends_in_common_word(words, a, b) {
        return b;
    }
    let mut end = b;
    while end > a && !has_capital(&words[end - 1..end]) {
        end -= 1;
    }
    end
}

/// The end of a name that ends at `b` (sentence-local), through capitalised generic weapon
/// words right after it: "Optionally Manned Fighting Vehicle", "Joint Strike Fighter" name a
/// weapon programme, which the tagger tends to cut before the weapon words.
fn programme_end(words: &[&str], matches: &[sitrep_kb::KbMatch<'_>], b: usize) -> usize {
    // Capitalised words the knowledge base does not know may come between ("Manned").
    let mut j = b;
    while j < words.len()
        && j < b + 3
        && is_capitalised(words[j])
        && !is_function_word(words[j])
        && !matches.iter().any(|m| m.start <= j && j < m.end)
    {
        j += 1;
    }
    matches
        .iter()
        .find(|m| {
            m.start == j
                && words[m.start..m.end].iter().all(|w| is_capitalised(w))
                && m.entries
                    .iter()
                    .any(|e| matches!(e, Entry::GenericWeapon(_)))
        })
        .map_or(b, |m| m.end)
}

/// Does "the", or "the" and a demonym ("the German"), come right before word `i`?
fn after_the(words: &[&str], i: usize) -> bool {
    let the = |j: usize| words[j].eq_ignore_ascii_case("the");
    (i >= 1 && the(i - 1)) || (i >= 2 && the(i - 2) && Kb::global().demonym(words[i - 1]).is_some())
}

/// Is `words[a..b]` a dateline: all-capital words opening the sentence, followed by a comma or
/// a dash ("TBILISI, Georgia", "WASHINGTON —")?
fn is_dateline(words: &[&str], a: usize, b: usize) -> bool {
    a == 0
        && words[a..b].iter().all(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !w.chars().any(char::is_lowercase)
        })
        && words
            .get(b)
            .is_some_and(|w| matches!(*w, "," | "—" | "–" | "-" | "--"))
}

/// "TBILISI" → "Tbilisi".
fn title_case(w: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// Is `w` a capitalised plural whose singular and plural are common lower-case words ("Greens",
/// "Reds")?
fn is_plural_of_common_word(w: &str) -> bool {
    let kb = Kb::global();
    let lower = w.to_lowercase();
    is_capitalised(w)
        && lower.len() > 3
        && lower
            .strip_suffix('s')
            .is_some_and(|singular| !singular.ends_with('s') && kb.is_common_word(singular))
        && kb.is_common_word(&lower)
}

/// Does any of the words have a capital letter?
fn has_capital(words: &[&str]) -> bool {
    words.iter().any(|w| w.chars().any(char::is_uppercase))
}

/// The generic government body these words name as a whole ("Army", "Senate", "Central
/// Bank"): one that only means something with a country.
fn generic_body(words: &[&str]) -> Option<&'static sitrep_kb::GovBody> {
    Kb::global()
        .lookup_tokens(words)
        .into_iter()
        .find_map(|e| match e {
            Entry::GovBody(g) if g.country.is_none() && !g.body.standalone => Some(g.body),
            _ => None,
        })
}

/// The country a sentence's knowledge-base matches name, if they name exactly one.
fn sentence_country<'kb>(matches: &[sitrep_kb::KbMatch<'kb>]) -> Option<&'kb sitrep_kb::Country> {
    let mut found: Option<&sitrep_kb::Country> = None;
    for m in matches {
        for e in &m.entries {
            let c = match e {
                Entry::Country(c) | Entry::Demonym(c) => *c,
                Entry::GovBody(g) => match g.country {
                    Some(c) => c,
                    None => continue,
                },
                Entry::Title(t) => match t.country {
                    Some(c) => c,
                    None => continue,
                },
                _ => continue,
            };
            match found {
                Some(f) if f.alpha2 != c.alpha2 => return None,
                _ => found = Some(c),
            }
        }
    }
    found
}

/// Is the knowledge-base match `a..b` (sentence-local) strictly inside an NER organisation span
/// whose other words are capitalised and unknown to the knowledge base ("Air Canada")?
fn inside_unknown_org(
    words: &[&str],
    offset: usize,
    matches: &[sitrep_kb::KbMatch<'_>],
    ner: &[&NamedSpan],
    a: usize,
    b: usize,
) -> bool {
    ner.iter().any(|s| {
        let (x, y) = (s.start - offset, s.end - offset);
        s.label == "ORG"
            && x <= a
            && b <= y
            && y - x > b - a
            && (x..y)
                .filter(|i| !(a..b).contains(i))
                .all(|i| is_capitalised(words[i]) && !is_function_word(words[i]))
            && !matches
                .iter()
                .any(|m| m.start < y && x < m.end && (m.start, m.end) != (a, b))
    })
}

/// Is the knowledge-base match `a..b` (sentence-local) the end of an NER organisation span
/// that starts with capitalised words unknown to the knowledge base ("Federal Security
/// Council")? The longer name has its own head and is another body.
fn after_unknown_words(
    words: &[&str],
    offset: usize,
    matches: &[sitrep_kb::KbMatch<'_>],
    ner: &[&NamedSpan],
    a: usize,
    b: usize,
) -> bool {
    ner.iter().any(|s| {
        let (x, y) = (s.start - offset, s.end - offset);
        s.label == "ORG" && x < a && y == b && inside_unknown_org(words, offset, matches, ner, a, b)
    })
}

/// The knowledge-base match covering tokens `a..b` (sentence-local) that names an entity of
/// its own (a country, body, organisation, weapon, big place), if any.
fn known_as_other<'m, 'kb>(
    matches: &'m [sitrep_kb::KbMatch<'kb>],
    a: usize,
    b: usize,
) -> Option<&'m sitrep_kb::KbMatch<'kb>> {
    matches.iter().find(|m| {
        m.start <= a
            && b <= m.end
            && m.entries.iter().any(|e| match e {
                Entry::Place(p) => p.population >= 100_000,
                Entry::Person(_) | Entry::Title(_) | Entry::GenericWeapon(_) => false,
                _ => e.entity_type().is_some(),
            })
    })
}

/// Weapon categories named by generic weapon words among `matches` ("vehicles", "helicopters").
fn weapon_categories<'a, 'kb: 'a>(
    matches: impl Iterator<Item = &'a sitrep_kb::KbMatch<'kb>>,
) -> Vec<sitrep_kb::WeaponCategory> {
    let mut out = Vec::new();
    for m in matches {
        for e in &m.entries {
            if let (Entry::GenericWeapon(_), Some(c)) = (e, e.category()) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Does a weapon entry's category appear among the sentence's? (Non-weapons always fit.)
fn fits_sentence_categories(e: &Entry<'_>, categories: &[sitrep_kb::WeaponCategory]) -> bool {
    match e.category() {
        Some(c) if matches!(e, Entry::Weapon(_)) => {
            categories.is_empty() || categories.contains(&c)
        }
        _ => true,
    }
}

/// Is `word` hyphen-joined country names or demonyms ("Belarusian-Russian", "US-China")?
fn is_nationality_compound(word: &str) -> bool {
    let kb = Kb::global();
    let parts: Vec<&str> = word.split('-').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            kb.demonym(p).is_some() || kb.country(p).is_some() || COMBINING_FORMS.contains(p)
        })
}

/// Combining forms of nationalities that only occur in compounds ("Franco-German",
/// "Sino-Russian"): a closed class of English words.
const COMBINING_FORMS: &[&str] = &[
    "Afro", "Anglo", "Austro", "Franco", "Germano", "Greco", "Hispano", "Indo", "Italo", "Judeo",
    "Luso", "Nippo", "Polono", "Russo", "Serbo", "Sino", "Turco",
];

/// Is `word` a known name joined to a lower-case word ("Soviet-era", "Kremlin-friendly",
/// "Minsk-based")? Such a compound describes something by the name; it names nothing itself.
fn is_name_compound(word: &str) -> bool {
    let Some((head, tail)) = word.rsplit_once('-') else {
        return false;
    };
    tail.len() >= 2
        && tail.chars().all(|c| c.is_lowercase())
        && is_capitalised(head)
        && Kb::global()
            .lookup(head)
            .iter()
            .any(|e| e.entity_type().is_some())
}

/// The country words inside a title phrase `words[a..b]` that names a country: the longest
/// country name or demonym opening it ("South Korean President") or following its "of [the]"
/// ("Prime Minister of Canada"), as a sentence-local token range with its reading.
fn title_country_words(words: &[&str], a: usize, b: usize) -> Option<(usize, usize, Reading)> {
    let longest_from = |start: usize, max_end: usize| {
        (start + 1..=max_end.min(start + 4)).rev().find_map(|end| {
            let phrase = join_words(words, start, end);
            country_word_reading(&phrase).map(|r| (start, end, r))
        })
    };
    if let Some(found) = longest_from(a, b.saturating_sub(1)) {
        return Some(found);
    }
    let of = (a..b).rfind(|&i| words[i].eq_ignore_ascii_case("of"))?;
    let mut start = of + 1;
    if start < b && words[start].eq_ignore_ascii_case("the") {
        start += 1;
    }
    longest_from(start, b).filter(|&(_, end, _)| end == b)
}

/// A demonym as NORP or a country name as GPE.
fn country_word_reading(word: &str) -> Option<Reading> {
    let kb = Kb::global();
    if let Some(d) = kb.demonym(word) {
        return reading_of(&Entry::Demonym(d));
    }
    kb.country(word)
        .and_then(|c| reading_of(&Entry::Country(c)))
}

fn is_singular(w: &str) -> bool {
    !w.ends_with('s') || w.ends_with("ss") || w.eq_ignore_ascii_case("boss")
}

fn person_reading(name: &str) -> Reading {
    Reading {
        kind: "PERSON",
        name: name.to_string(),
        country: None,
        actor: None,
        link: None,
        geo: None,
        category: None,
        role: None,
        descriptor: None,
    }
}

/// A run of capitalised words starting at `i` (a name after a title), up to four words, not
/// crossing a knowledge-base match.
fn capitalised_run(words: &[&str], i: usize, matches: &[sitrep_kb::KbMatch<'_>]) -> usize {
    let mut j = i;
    while j < words.len() && j - i < 4 {
        let w = words[j];
        // Countries, bodies and titles end a name; a place or leader name may be part of one.
        let in_match = matches.iter().any(|m| {
            m.start <= j
                && j < m.end
                && !m
                    .entries
                    .iter()
                    .any(|e| matches!(e, Entry::Person(_) | Entry::Place(_)))
        });
        if !is_capitalised(w)
            || is_function_word(w)
            || in_match
            || !w
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '\'')
        {
            break;
        }
        j += 1;
    }
    j
}

fn join_words(words: &[&str], a: usize, b: usize) -> String {
    let mut s = String::new();
    for w in &words[a..b] {
        if !s.is_empty() && !matches!(*w, "'s" | "’s" | "-" | "'") {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// Honorifics that stand before a name without being part of it ("Mr Howard", "Sen. McCain").
/// A closed class of English words, like the sentence openers.
const HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Prof.", "Rev.", "Sen.",
    "Rep.", "Gov.", "Col", "Lt", "Lt.", "Sgt", "Sgt.", "Capt.",
];

/// Generational suffixes after a surname ("William Clay Ford Jr.").
const NAME_SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// Is `w` a title the knowledge base knows ("President", "Undersecretary") or an honorific?
fn is_title_word(w: &str) -> bool {
    HONORIFICS.contains(&w)
        || Kb::global()
            .lookup_tokens(&[w])
            .iter()
            .any(|e| matches!(e, Entry::Title(_)))
}

/// The name inside a tagger PERSON span `words[a..b]`: leading titles and honorifics cut off
/// ("Mr Howard" → "Howard"); `None` when nothing is left or the span is a known name and a
/// title ("Airbus President" names a post; "Martin Luther King" stays a person).
fn person_name_start(words: &[&str], a: usize, b: usize) -> Option<usize> {
    let start = (a..b).find(|&i| !is_title_word(words[i]))?;
    let post = b - start >= 2
        && is_title_word(words[b - 1])
        && Kb::global()
            .lookup_tokens(&words[start..b - 1])
            .iter()
            .any(|e| !matches!(e, Entry::Person(_) | Entry::Place(_)) && e.entity_type().is_some());
    (!post).then_some(start)
}

/// The given name and surname of a full name, without middle initials and generational
/// suffixes ("Michael M. Sears" → ("Michael", "Sears")); `None` for a single name.
fn given_and_surname(name: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = name
        .split_whitespace()
        .filter(|p| !NAME_SUFFIXES.contains(p))
        .collect();
    let (first, last) = (*parts.first()?, *parts.last()?);
    // "Ford Motor Co." is a company the tagger took for a person: an abbreviation is no surname.
    let abbreviation =
        last.ends_with('.') && last.chars().filter(|c| c.is_alphabetic()).count() > 1;
    (parts.len() >= 2 && !abbreviation).then_some((first, last))
}

/// The cluster key of a full name: formal given name and surname, lower case ("Michael M.
/// Sears" and "Michael Sears" meet, so do "Tom Enders" and "Thomas Enders").
fn person_key(name: &str) -> String {
    match given_and_surname(name) {
        Some((g, s)) => format!("{} {}", formal_given_name(g), s.to_lowercase()),
        None => name.to_lowercase(),
    }
}

/// Short and familiar forms of given names and their formal name (`data/kb/hypocorisms.tsv`).
const HYPOCORISMS_TSV: &str = include_str!("../../../data/kb/hypocorisms.tsv");

/// The formal form of a given name, lower case ("Tom" → "thomas"); other names lower-cased.
fn formal_given_name(given: &str) -> String {
    static TABLE: std::sync::OnceLock<HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        HYPOCORISMS_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(short, formal)| (short.trim(), formal.trim()))
            .collect()
    });
    let lower = given.to_lowercase();
    match table.get(lower.as_str()) {
        Some(formal) => formal.to_string(),
        None => lower,
    }
}

/// Surnames of people named in full elsewhere in the document, mentioned alone where neither the
/// knowledge base nor the tagger marked them ("Dupont said").
fn surname_mentions(text: &Text, candidates: &mut Vec<Candidate>) {
    let mut surnames: HashMap<String, Reading> = HashMap::new();
    // Given names of people named in full; `None` when two people share one.
    let mut given: HashMap<String, Option<Reading>> = HashMap::new();
    for c in candidates.iter() {
        if c.reading.kind == "PERSON" && c.descriptor_of.is_none() {
            if let Some((g, last)) = given_and_surname(&c.reading.name) {
                let mut r = c.reading.clone();
                r.descriptor = None;
                let same = |o: &Reading| person_key(&o.name) == person_key(&r.name);
                match given.get_mut(g) {
                    Some(slot) => {
                        if slot.as_ref().is_some_and(|o| !same(o)) {
                            *slot = None;
                        }
                    }
                    None => {
                        given.insert(g.to_string(), Some(r.clone()));
                    }
                }
                surnames.entry(last.to_string()).or_insert(r);
            }
        }
    }
    // A given name alone that the tagger read as a person ("Steve said") is the one person of
    // the document with that given name.
    for c in candidates.iter_mut() {
        if c.end - c.start == 1
            && c.reading.kind == "PERSON"
            && c.reading.link.is_none()
            && c.descriptor_of.is_none()
            && !surnames.contains_key(&c.reading.name)
        {
            if let Some(Some(r)) = given.get(&c.reading.name) {
                c.reading = r.clone();
            }
        }
    }
    drop_common_word_people(text, candidates, &surnames);
    if surnames.is_empty() {
        return;
    }
    // A lone surname the tagger read as something else ("Dupont" as a company) is the person
    // when the document names that person in full; a knowledge-base link still wins.
    // So is a lone surname the knowledge base read as a small place ("Fritz Henderson ...
    // Henderson said", not the city in Nevada).
    // A company named after its founder is named in full in the document too ("Ford Motor
    // Company" ... "Ford"): its short name stays the company.
    let org_heads: std::collections::HashSet<String> = candidates
        .iter()
        .filter(|c| c.end - c.start > 1 && c.reading.kind == "ORG")
        .map(|c| text.token(c.start).to_string())
        .collect();
    for c in candidates.iter_mut() {
        if c.end - c.start == 1
            && c.reading.kind != "PERSON"
            && (c.reading.link.is_none() || is_small_place(&c.reading))
            && c.descriptor_of.is_none()
            && !(c.reading.kind == "ORG" && org_heads.contains(text.token(c.start)))
        {
            if let Some(r) = surnames.get(text.token(c.start)) {
                c.reading = r.clone();
            }
        }
    }
    let mut covered = vec![false; text.tokens.len()];
    for c in candidates.iter() {
        for x in &mut covered[c.start..c.end] {
            *x = true;
        }
    }
    for (i, done) in covered.iter().enumerate() {
        if *done {
            continue;
        }
        if let Some(r) = surnames.get(text.token(i)) {
            candidates.push(Candidate {
                start: i,
                end: i + 1,
                reading: r.clone(),
                descriptor_of: None,
            });
        }
    }
}

/// A lone capitalised common word the tagger read as a person ("Chief Operating Officer",
/// "Player") is no person when the document also uses it in lower case, even after a title
/// ("Chief Operating Officer"); surnames of people named in full stay.
fn drop_common_word_people(
    text: &Text,
    candidates: &mut Vec<Candidate>,
    surnames: &HashMap<String, Reading>,
) {
    let kb = Kb::global();
    let suspects: Vec<&str> = candidates
        .iter()
        .filter(|c| {
            c.end - c.start == 1
                && c.reading.kind == "PERSON"
                && c.reading.link.is_none()
                && c.descriptor_of.is_none()
                && !c.reading.name.contains(' ')
                && !surnames.contains_key(&c.reading.name)
                && kb.is_common_word(&c.reading.name)
        })
        .map(|c| c.reading.name.as_str())
        .collect();
    if suspects.is_empty() {
        return;
    }
    let lower: std::collections::HashSet<String> =
        suspects.iter().map(|s| s.to_lowercase()).collect();
    let used_lower: std::collections::HashSet<&str> = (0..text.tokens.len())
        .map(|i| text.token(i))
        .filter(|t| lower.contains(*t))
        .collect();
    if used_lower.is_empty() {
        return;
    }
    candidates.retain(|c| {
        !(c.end - c.start == 1
            && c.reading.kind == "PERSON"
            && c.reading.link.is_none()
            && c.descriptor_of.is_none()
            && !surnames.contains_key(&c.reading.name)
            && used_lower.contains(c.reading.name.to_lowercase().as_str()))
    });
}

/// Places smaller than this yield to a surname of the same spelling.
const SURNAME_PLACE_POPULATION: u32 = 1_000_000;

/// Is a reading a place (not a country or region) of fewer than [`SURNAME_PLACE_POPULATION`]
/// people?
fn is_small_place(r: &Reading) -> bool {
    r.link
        .as_ref()
        .is_some_and(|l| matches!(l.kb.as_str(), "geonames" | "sitrep-places"))
        && Kb::global()
            .places_named(&r.name)
            .first()
            .is_none_or(|p| p.population < SURNAME_PLACE_POPULATION)
}

/// One name, one type: the tagger may read an unknown name as an organisation in one sentence
/// and a person or place in the next ("Chrysler"); every unlinked mention of the name takes
/// the type most of them have (ties: organisation, then person, place, the rest).
fn vote_kinds(candidates: &mut [Candidate]) {
    const PREFERENCE: &[&str] = &["ORG", "PERSON", "GPE", "LOC", "NORP", "WEAPON", "FAC"];
    let votable = |c: &Candidate| c.reading.link.is_none() && c.descriptor_of.is_none();
    let mut votes: HashMap<&str, Vec<(&'static str, usize)>> = HashMap::new();
    for c in candidates.iter().filter(|c| votable(c)) {
        let tally = votes.entry(c.reading.name.as_str()).or_default();
        match tally.iter_mut().find(|(k, _)| *k == c.reading.kind) {
            Some((_, n)) => *n += 1,
            None => tally.push((c.reading.kind, 1)),
        }
    }
    let rank = |k: &str| {
        PREFERENCE
            .iter()
            .position(|p| *p == k)
            .unwrap_or(PREFERENCE.len())
    };
    let winners: HashMap<String, &'static str> = votes
        .into_iter()
        .filter(|(_, tally)| tally.len() > 1)
        .filter_map(|(name, tally)| {
            let best = tally
                .iter()
                .max_by_key(|&&(k, n)| (n, std::cmp::Reverse(rank(k))))?
                .0;
            Some((name.to_string(), best))
        })
        .collect();
    for c in candidates.iter_mut() {
        if votable(c) {
            if let Some(&k) = winners.get(&c.reading.name) {
                c.reading.kind = k;
            }
        }
    }
}

/// Cluster candidates into entities (see the module comment), ids in order of first mention.
fn cluster(text: &Text, mut candidates: Vec<Candidate>) -> Vec<Entity> {
    candidates.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    // Full names of people, for surname mentions anywhere in the document (a headline may use
    // the surname before the body gives the full name).
    let mut surname_owner: HashMap<String, String> = HashMap::new();
    for c in &candidates {
        if c.reading.kind == "PERSON" && c.descriptor_of.is_none() {
            if let Some((_, last)) = given_and_surname(&c.reading.name) {
                surname_owner
                    .entry(last.to_string())
                    .or_insert_with(|| c.reading.name.clone());
            }
        }
    }
    let mut entities: Vec<Entity> = Vec::new();
    let mut roles: Vec<Option<Role>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut last_person: Vec<usize> = Vec::new(); // recency order of people entity indices
    for c in candidates {
        let mention = Mention {
            start: text.char_offset(text.tokens[c.start].start),
            end: text.char_offset(text.tokens[c.end - 1].end),
            text: text.text[text.tokens[c.start].start..text.tokens[c.end - 1].end].to_string(),
        };
        if let Some(cue) = &c.descriptor_of {
            let fits = |i: &usize| {
                cue.country.is_none()
                    || entities[*i].country.is_none()
                    || entities[*i].country == cue.country
            };
            if let Some(&i) = last_person.iter().rev().find(|i| fits(i)) {
                let e = &mut entities[i];
                e.mentions.push(mention.clone());
                let d = mention.text.clone();
                if !e.descriptors.contains(&d) {
                    e.descriptors.push(d);
                }
                if e.country.is_none() {
                    e.country = cue.country.clone();
                }
                touch(&mut last_person, i);
            }
            continue;
        }
        let r = c.reading;
        let key = match (&r.link, r.kind) {
            (Some(l), kind) => format!("{kind}:{}:{}", l.kb, l.id),
            (None, "PERSON") => {
                let parts: Vec<&str> = r.name.split_whitespace().collect();
                let full = if parts.len() == 1 {
                    surname_owner
                        .get(parts[0])
                        .cloned()
                        .unwrap_or_else(|| r.name.clone())
                } else {
                    r.name.clone()
                };
                format!("PERSON:{}", person_key(&full))
            }
            (None, kind) => format!("{kind}:{}", r.name.to_lowercase()),
        };
        let idx = match by_key.get(&key) {
            Some(&i) => i,
            None => {
                let i = entities.len();
                entities.push(Entity {
                    id: String::new(),
                    kind: r.kind.to_string(),
                    name: r.name.clone(),
                    country: r.country.clone(),
                    actor: r.actor.clone(),
                    link: r.link.clone(),
                    geo: r.geo,
                    category: r.category.clone(),
                    descriptors: Vec::new(),
                    mentions: Vec::new(),
                });
                roles.push(r.role);
                by_key.insert(key, i);
                i
            }
        };
        let e = &mut entities[idx];
        // The longest name is the canonical one for people ("Alexander Lukashenko").
        if e.kind == "PERSON"
            && e.link.is_none()
            && r.name.split_whitespace().count() > e.name.split_whitespace().count()
        {
            e.name = r.name.clone();
        }
        if e.country.is_none() {
            e.country = r.country.clone();
        }
        if e.actor.is_none() {
            e.actor = r.actor.clone();
        }
        if roles[idx].is_none() {
            roles[idx] = r.role;
        }
        if let Some(d) = r.descriptor {
            if !e.descriptors.contains(&d) {
                e.descriptors.push(d);
            }
        }
        e.mentions.push(mention);
        if e.kind == "PERSON" {
            touch(&mut last_person, idx);
        }
    }
    // People: the actor code from their country and role.
    let kb = Kb::global();
    for (e, role) in entities.iter_mut().zip(&roles) {
        if e.kind == "PERSON" && e.actor.is_none() {
            if let (Some(cc), Some(role)) = (&e.country, role) {
                e.actor = kb.country_by_alpha2(cc).map(|c| c.actor_with(*role));
            }
        }
    }
    entities.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
    }
    entities
}

fn touch(order: &mut Vec<usize>, i: usize) {
    order.retain(|&x| x != i);
    order.push(i);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(s: &str) -> Vec<Entity> {
        extract_entities(&Text::new(s.to_string()))
    }

    fn find<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
        es.iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name}: {es:#?}"))
    }

    #[test]
    fn countries_demonyms_and_capitals() {
        let es = entities("Poland said Russian troops crossed into Ukraine. Warsaw protested.");
        assert_eq!(find(&es, "Poland").country.as_deref(), Some("PL"));
        assert_eq!(find(&es, "Poland").kind, "GPE");
        let ru = es.iter().find(|e| e.kind == "NORP").expect("NORP");
        assert_eq!(ru.country.as_deref(), Some("RU"));
        let warsaw = find(&es, "Warsaw");
        assert_eq!(warsaw.country.as_deref(), Some("PL"));
        assert!(warsaw.geo.is_some());
    }

    #[test]
    fn titled_person_gets_country_and_role() {
        let es = entities(
            "French Defence Minister Jean Dupont visited the base. Dupont said it was ready.",
        );
        let p = find(&es, "Jean Dupont");
        assert_eq!(p.country.as_deref(), Some("FR"));
        assert_eq!(p.mentions.len(), 2);
        assert!(p.actor.as_deref().is_some_and(|a| a.starts_with("FRA")));
    }

    #[test]
    fn descriptor_joins_recent_person() {
        let es = entities(
            "Chilean President Ana Rojas arrived on Monday. The president said talks went well.",
        );
        let p = find(&es, "Ana Rojas");
        assert_eq!(p.mentions.len(), 2);
        assert!(p
            .descriptors
            .iter()
            .any(|d| d.eq_ignore_ascii_case("the president")));
    }

    #[test]
    fn government_bodies_resolve_to_their_state() {
        let es = entities("The Kremlin said on Monday that the Polish Foreign Ministry had summoned the ambassador.");
        let k = es.iter().find(|e| e.name == "Kremlin").expect("Kremlin");
        assert_eq!(k.country.as_deref(), Some("RU"));
        assert_eq!(k.actor.as_deref(), Some("RUSGOV"));
        let m = es
            .iter()
            .find(|e| e.kind == "ORG" && e.country.as_deref() == Some("PL"))
            .expect("Polish ministry");
        assert!(m.actor.as_deref().is_some_and(|a| a.starts_with("POL")));
    }

    #[test]
    fn weapons_carry_category_and_plural_mentions_cluster() {
        let es = entities("Turkey bought the S-400 in 2017. The S-400s arrived two years later, along with Bayraktar TB2 drones.");
        let s400 = es
            .iter()
            .find(|e| e.kind == "WEAPON" && e.name == "S-400")
            .expect("S-400");
        assert_eq!(s400.mentions.len(), 2);
        assert_eq!(s400.category.as_deref(), Some("air defence system"));
        assert!(es
            .iter()
            .any(|e| e.kind == "WEAPON" && e.name.contains("TB2")));
    }

    #[test]
    fn ambiguous_places_follow_the_document() {
        let es = entities(
            "Lebanon's army deployed troops in Tripoli after clashes in the north of Lebanon.",
        );
        let t = es.iter().find(|e| e.name == "Tripoli").expect("Tripoli");
        assert_eq!(t.country.as_deref(), Some("LB"));
        let es = entities("Libya's government in Tripoli rejected the plan.");
        let t = es.iter().find(|e| e.name == "Tripoli").expect("Tripoli");
        assert_eq!(t.country.as_deref(), Some("LY"));
    }

    #[test]
    fn offsets_are_code_points() {
        let text =
            Text::new("Über alles — Germany’s Chancellor Olaf Scholz spoke in Kyiv.".to_string());
        let chars: Vec<char> = text.text.chars().collect();
        for e in extract_entities(&text) {
            for m in &e.mentions {
                let slice: String = chars[m.start..m.end].iter().collect();
                assert_eq!(slice, m.text);
            }
        }
    }

    #[test]
    fn combining_forms_make_nationality_compounds() {
        assert!(is_nationality_compound("Franco-German"));
        assert!(is_nationality_compound("Sino-Russian"));
        assert!(!is_nationality_compound("Franco"));
        assert!(!is_nationality_compound("Franco-Smith"));
    }

    #[test]
    fn nationality_compounds_are_not_organisations() {
        assert!(is_nationality_compound("Belarusian-Russian"));
        assert!(is_nationality_compound("US-China"));
        assert!(!is_nationality_compound("Moscow-led"));
        assert!(!is_nationality_compound("Coca-Cola"));
        let es = entities(
            "The Franco-German brigade and the US-Chinese talks drew Indian-Pakistani interest.",
        );
        assert!(
            es.iter().all(|e| e.kind != "ORG" || !e.name.contains('-')),
            "{es:#?}"
        );
    }

    #[test]
    fn names_need_a_capital_letter() {
        assert!(has_capital(&["the", "Army"]));
        assert!(!has_capital(&["lender"]));
        let es = entities(
            "The lender said the bank would cut jobs. Barclays said the lender was wrong.",
        );
        for e in es.iter().filter(|e| e.kind != "WEAPON") {
            assert!(
                e.mentions
                    .iter()
                    .all(|m| m.text.chars().any(char::is_uppercase)),
                "{e:#?}"
            );
        }
    }

    #[test]
    fn country_after_a_title_of_is_linked() {
        let es =
            entities("\"We must act,\" said Stephen Harper, Prime Minister of Canada, on Monday.");
        let ca = es.iter().find(|e| e.name == "Canada").expect("Canada");
        assert_eq!(ca.kind, "GPE");
        assert!(
            ca.link.as_ref().is_some_and(|l| l.kb == "iso3166"),
            "{ca:#?}"
        );
        let es = entities("The President of the United States spoke in Detroit.");
        let us: Vec<_> = es
            .iter()
            .filter(|e| {
                e.country.as_deref() == Some("US") && e.kind != "PERSON" && e.name != "Detroit"
            })
            .collect();
        assert!(us.iter().all(|e| e.link.is_some()), "{us:#?}");
        assert!(us.iter().any(|e| e.kind == "GPE"), "{es:#?}");
        let words = ["South", "Korean", "President"];
        assert_eq!(
            title_country_words(&words, 0, 3).map(|(a, b, _)| (a, b)),
            Some((0, 2))
        );
    }

    #[test]
    fn a_company_named_after_its_founder_stays_a_company() {
        let text = Text::new(
            "Henry Ford built cars. Ford grew fast. Ford Motor hired. Jean Dupont left. Dupont sold."
                .to_string(),
        );
        let mut cs: Vec<Candidate> = [
            (0, 2, "Henry Ford", "PERSON"),
            (5, 6, "Ford", "ORG"),
            (9, 11, "Ford Motor", "ORG"),
            (13, 15, "Jean Dupont", "PERSON"),
            (17, 18, "Dupont", "ORG"),
        ]
        .iter()
        .map(|&(start, end, name, kind)| {
            let mut reading = person_reading(name);
            reading.kind = kind;
            Candidate {
                start,
                end,
                reading,
                descriptor_of: None,
            }
        })
        .collect();
        surname_mentions(&text, &mut cs);
        assert_eq!(cs[1].reading.kind, "ORG");
        assert_eq!(cs[2].reading.kind, "ORG");
        assert_eq!(cs[4].reading.name, "Jean Dupont");
    }

    #[test]
    fn a_town_the_tagger_reads_as_a_company_is_the_company() {
        let es = entities(
            "Japanese automaker Toyota reported a 32 % drop in US sales from a year earlier.",
        );
        let t = find(&es, "Toyota");
        assert_eq!(t.kind, "ORG", "{t:#?}");
        // A capital stays a place whatever the tagger says.
        let es = entities("Warsaw protested on Monday.");
        assert_eq!(find(&es, "Warsaw").kind, "GPE");
    }

    #[test]
    fn lone_surname_is_the_person_not_a_small_town() {
        let es = entities(
            "General Motors named Fritz Henderson chief executive on Monday. Henderson said the company would survive.",
        );
        assert!(es.iter().all(|e| e.name != "Henderson"), "{es:#?}");
        let p = find(&es, "Fritz Henderson");
        assert_eq!(p.mentions.len(), 2, "{p:#?}");
        // A big city keeps its reading.
        let es =
            entities("Police arrested Tom London on Friday. London said the arrest was unlawful.");
        assert!(
            es.iter().any(|e| e.name == "London" && e.kind == "GPE"),
            "{es:#?}"
        );
    }

    #[test]
    fn generic_bodies_need_a_country() {
        let army = generic_body(&["Army"]).expect("Army is a generic body");
        assert!(generic_body(&["Kremlin"]).is_none());
        let kb = Kb::global();
        let words = [
            "In", "the", "United", "States", ",", "the", "Army", "ordered", "tanks", ".",
        ];
        let m = kb.match_phrases(&words);
        assert_eq!(sentence_country(&m).map(|c| c.alpha2), Some("US"));
        let words = ["Russian", "and", "Ukrainian", "officials", "met", "."];
        assert!(sentence_country(&kb.match_phrases(&words)).is_none());
        let _ = army;
        let es = entities("The Army said on Monday that it had ordered new vehicles.");
        assert!(es.iter().all(|e| e.name != "Army"), "{es:#?}");
        let es = entities(
            "In the United States, the Army said on Monday that it had ordered new vehicles.",
        );
        assert!(
            es.iter().all(|e| e.name != "Army" || e.link.is_some()),
            "{es:#?}"
        );
    }

    #[test]
    fn places_inside_unknown_organisation_names_are_not_places() {
        let es = entities("Students of Kettering University were stranded in Toronto on Monday.");
        assert!(es.iter().all(|e| e.name != "Kettering"), "{es:#?}");
        assert!(es.iter().any(|e| e.name == "Toronto"), "{es:#?}");
    }

    #[test]
    fn organisations_named_after_places_take_their_country() {
        let words = ["Air", "India", "and", "Kettering", "University"];
        let m = Kb::global().match_phrases(&words);
        assert_eq!(country_inside(&m, 0, 2).as_deref(), Some("IN"));
        assert_eq!(country_inside(&m, 0, 1), None);
        // Kettering is a town in England and one in Ohio: no country.
        assert_eq!(country_inside(&m, 3, 5), None);
    }

    #[test]
    fn one_unlinked_name_has_one_type() {
        let mut cs: Vec<Candidate> = [
            ("ORG", "Zorblax"),
            ("PERSON", "Zorblax"),
            ("ORG", "Zorblax"),
            ("MISC", "Quux"),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(kind, name))| {
            let mut reading = person_reading(name);
            reading.kind = kind;
            Candidate {
                start: i,
                end: i + 1,
                reading,
                descriptor_of: None,
            }
        })
        .collect();
        vote_kinds(&mut cs);
        let kinds: Vec<_> = cs.iter().map(|c| c.reading.kind).collect();
        assert_eq!(kinds, ["ORG", "ORG", "ORG", "MISC"]);
        // A tie goes to the organisation reading.
        let mut cs = vec![cs[1].clone(), cs[0].clone()];
        cs[0].reading.kind = "LOC";
        vote_kinds(&mut cs);
        assert!(cs.iter().all(|c| c.reading.kind == "ORG"));
    }

    #[test]
    fn titles_and_honorifics_are_not_part_of_names() {
        assert_eq!(person_name_start(&["Mr", "Howard"], 0, 2), Some(1));
        assert_eq!(
            person_name_start(&["Sen.", "John", "McCain"], 0, 3),
            Some(1)
        );
        assert_eq!(person_name_start(&["Ana", "Rojas"], 0, 2), Some(0));
        assert_eq!(person_name_start(&["Airbus", "President"], 0, 2), None);
        assert_eq!(
            person_name_start(&["Martin", "Luther", "King"], 0, 3),
            Some(0)
        );
        assert_eq!(person_name_start(&["Chairman"], 0, 1), None);
    }

    #[test]
    fn middle_initials_and_suffixes_do_not_split_people() {
        assert_eq!(
            given_and_surname("Michael M. Sears"),
            Some(("Michael", "Sears"))
        );
        assert_eq!(
            given_and_surname("William Clay Ford Jr."),
            Some(("William", "Ford"))
        );
        assert_eq!(given_and_surname("Madonna"), None);
        assert_eq!(given_and_surname("Ford Motor Co."), None);
        assert_eq!(
            given_and_surname("Lewis W. Teperman"),
            Some(("Lewis", "Teperman"))
        );
        assert_eq!(person_key("Michael M. Sears"), person_key("Michael Sears"));
        assert_eq!(person_key("Tom Enders"), person_key("Thomas Enders"));
        assert_eq!(person_key("Bill Clinton"), person_key("William Clinton"));
        assert_ne!(person_key("Tom Enders"), person_key("Tim Enders"));
        assert_ne!(person_key("Michael Sears"), person_key("Michael Sear"));
    }

    #[test]
    fn a_given_name_alone_is_the_one_person_with_it() {
        let text =
            Text::new("Ana Rojas met Jean Dupont. Ana said the talks went well.".to_string());
        let mut cs: Vec<Candidate> = [(0, 2, "Ana Rojas"), (3, 5, "Jean Dupont"), (6, 7, "Ana")]
            .iter()
            .map(|&(start, end, name)| Candidate {
                start,
                end,
                reading: person_reading(name),
                descriptor_of: None,
            })
            .collect();
        surname_mentions(&text, &mut cs);
        assert_eq!(cs[2].reading.name, "Ana Rojas");
        // Two people with the same given name: no guess.
        let text = Text::new("Ana Rojas met Ana Dupont. Ana said the talks went well.".to_string());
        cs[1].reading = person_reading("Ana Dupont");
        cs[2].reading = person_reading("Ana");
        surname_mentions(&text, &mut cs);
        assert_eq!(cs[2].reading.name, "Ana");
    }

    #[test]
    fn common_words_read_as_people_are_dropped_when_used_as_words() {
        let text = Text::new(
            "Chief Operating Officer Joe Leonard cut operating costs. Player said nothing."
                .to_string(),
        );
        let mut cs: Vec<Candidate> = [
            (1, 2, "Operating"),
            (3, 5, "Joe Leonard"),
            (10, 11, "Player"),
        ]
        .iter()
        .map(|&(start, end, name)| Candidate {
            start,
            end,
            reading: person_reading(name),
            descriptor_of: None,
        })
        .collect();
        // After a title ("Chief") all the same.
        cs[0].reading.role = Some(Role::Gov);
        surname_mentions(&text, &mut cs);
        let names: Vec<_> = cs.iter().map(|c| c.reading.name.as_str()).collect();
        // "operating" is used as a word here; "player" is not.
        assert!(!names.contains(&"Operating"), "{names:?}");
        assert!(
            names.contains(&"Joe Leonard") && names.contains(&"Player"),
            "{names:?}"
        );
    }

    #[test]
    fn compounds_of_a_name_and_a_word_name_nothing() {
        assert!(is_name_compound("Soviet-era"));
        assert!(is_name_compound("Kremlin-friendly"));
        assert!(!is_name_compound("Coca-Cola"));
        assert!(!is_name_compound("Zorblax-era"));
        assert!(!is_name_compound("Soviet"));
        let es = entities(
            "The army still flies Soviet-era helicopters bought from Kremlin-friendly suppliers.",
        );
        assert!(es.iter().all(|e| !e.name.contains('-')), "{es:#?}");
    }

    #[test]
    fn shared_weapon_names_follow_the_weapon_words_around_them() {
        let es = entities("Hungary ordered more Lynx infantry fighting vehicles. Britain flew its Lynx helicopters home.");
        let kinds: Vec<_> = es
            .iter()
            .filter(|e| e.kind == "WEAPON")
            .filter_map(|e| e.category.as_deref())
            .collect();
        assert!(kinds.contains(&"armoured vehicle"), "{kinds:?}");
        assert!(kinds.contains(&"helicopter"), "{kinds:?}");
    }

    #[test]
    fn tagger_spans_ending_in_a_lower_case_word_are_descriptions() {
        let w = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let words = w("the Belarusian-Russian union");
        assert!(ends_in_common_word(&words, 1, 3));
        let words = w("the Pakistan army said");
        assert!(ends_in_common_word(&words, 1, 3));
        // Capitalised to the last word: a name.
        let words = w("the Eurasian Economic Union");
        assert!(!ends_in_common_word(&words, 1, 4));
        let words = w("Chiang Kai-shek");
        assert!(!ends_in_common_word(&words, 0, 2));
        // One word is no description of a name.
        let words = w("iPhone");
        assert!(!ends_in_common_word(&words, 0, 1));
        let words = w("Apple 's iTunes");
        assert!(!ends_in_common_word(&words, 0, 3));
        // The name is what is left: "Heathrow airport" → "Heathrow".
        let words = w("at Heathrow airport today");
        assert_eq!(name_end(&words, 1, 3), 2);
        let words = w("the World for radio");
        assert_eq!(name_end(&words, 1, 4), 2);
        assert_eq!(name_end(&words, 1, 2), 2);
    }

    #[test]
    fn datelines_are_places() {
        let w = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        assert!(is_dateline(&w("TBILISI , Georgia ( AP )"), 0, 1));
        assert!(is_dateline(&w("NEW YORK — The"), 0, 2));
        assert!(!is_dateline(&w("NATO said"), 0, 1));
        assert!(!is_dateline(&w("Tbilisi , Georgia"), 0, 1));
        assert_eq!(title_case("TBILISI"), "Tbilisi");
        assert_eq!(title_case("AL-SHARQ"), "Al-Sharq");
        let es = entities("TBILISI, Georgia (AP) — Georgia's government said on Monday it would buy air defence systems.");
        assert!(
            es.iter()
                .all(|e| e.kind != "ORG" || !e.name.eq_ignore_ascii_case("tbilisi")),
            "{es:#?}"
        );
    }

    #[test]
    fn plurals_of_common_words_name_groups_not_places() {
        assert!(is_plural_of_common_word("Greens"));
        assert!(!is_plural_of_common_word("Athens"));
        assert!(!is_plural_of_common_word("Paris"));
        assert!(!is_plural_of_common_word("greens"));
    }

    #[test]
    fn a_small_town_after_the_is_no_town() {
        let es = entities("Shares in Rheinmetall rose 3% on the Dax on Tuesday.");
        assert!(
            es.iter().all(|e| e.name != "Dax" || e.kind != "GPE"),
            "{es:#?}"
        );
        let es = entities("The French Cac index gained 3.1% and the German Dax 2.8%.");
        assert!(
            es.iter().all(|e| e.name != "Dax" || e.kind != "GPE"),
            "{es:#?}"
        );
        let es = entities("Stocks fell sharply, and the Dax closed lower.");
        assert!(
            es.iter().all(|e| e.name != "Dax" || e.kind != "GPE"),
            "{es:#?}"
        );
        let w = ["on", "the", "German", "Dax"];
        assert!(after_the(&w, 3) && after_the(&w, 2) && !after_the(&w, 1) && !after_the(&w, 0));
    }

    #[test]
    fn a_known_body_at_the_end_of_a_longer_name_is_not_that_body() {
        let es = entities("Germany's Federal Security Council approved the export of the tanks.");
        assert!(
            es.iter()
                .all(|e| e.name != "United Nations Security Council"),
            "{es:#?}"
        );
        let es = entities("The UN Security Council met on Friday.");
        assert!(
            es.iter()
                .any(|e| e.name == "United Nations Security Council"),
            "{es:#?}"
        );
    }

    #[test]
    fn capitalised_weapon_words_end_a_programme_name() {
        let es = entities(
            "The US Army's Optionally Manned Fighting Vehicle programme is behind schedule.",
        );
        find(&es, "Optionally Manned Fighting Vehicle");
    }

    #[test]
    fn undersecretary_is_a_title() {
        let es =
            entities("Undersecretary Bonnie Jenkins met Under Secretary of State Victoria Nuland.");
        assert!(es.iter().all(|e| !e.name.contains("ecretary")), "{es:#?}");
        find(&es, "Bonnie Jenkins");
    }
}
