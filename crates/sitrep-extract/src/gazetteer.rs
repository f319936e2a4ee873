//! The knowledge base as the NER tagger's gazetteer: one class per word from the phrase
//! matcher. Training (`sitrep train ner`) and tagging use the same function, so the features the
//! model learned are the ones it sees at run time.

use sitrep_kb::{Kb, KbMatch};
use sitrep_nlp::gazetteer::{GazTag, Gazetteer};

/// `sitrep-kb`'s phrase matcher as the NER tagger's gazetteer.
///
/// Class names: COUNTRY (countries, historical states), CITY, REGION (places with a government),
/// LOCATION (blocs, broad regions, geographic areas), DEMONYM, ORG, GOV_BODY, TITLE, PERSON,
/// WEAPON, GENERIC_WEAPON. The first entry of an ambiguous match decides. The shipped NER model
/// was trained with exactly this mapping, so run-time callers should use it too.
pub struct KbGazetteer(pub &'static sitrep_kb::Kb);

impl Gazetteer for KbGazetteer {
    fn tag(&self, words: &[&str]) -> Vec<Option<GazTag<'_>>> {
        gazetteer_tags(self.0, words, &self.0.match_phrases(words))
    }
}

/// Gazetteer classes per word from phrase matches already made (the entity layer matches each
/// sentence once and shares the result with the tagger).
pub fn gazetteer_tags(
    kb: &Kb,
    words: &[&str],
    matches: &[KbMatch<'_>],
) -> Vec<Option<GazTag<'static>>> {
    let mut out = vec![None; words.len()];
    for m in matches {
        let Some(class) = m.entries.first().map(kb_class) else {
            continue;
        };
        for (i, slot) in out.iter_mut().enumerate().take(m.end).skip(m.start) {
            *slot = Some(GazTag {
                class,
                begin: i == m.start,
            });
        }
        // A country word joined with a title or body ("Russian President", "Polish Defence
        // Ministry") keeps its own class, so the tagger still sees the demonym or country.
        if matches!(class, "TITLE" | "GOV_BODY") && m.end - m.start > 1 {
            for (i, slot) in out.iter_mut().enumerate().take(m.end).skip(m.start) {
                let own = kb.lookup_tokens(&words[i..i + 1]);
                if let Some(c) = own.first().map(kb_class) {
                    if matches!(c, "COUNTRY" | "DEMONYM" | "CITY" | "REGION") {
                        *slot = Some(GazTag {
                            class: c,
                            begin: true,
                        });
                    }
                }
            }
        }
    }
    out
}

fn kb_class(e: &sitrep_kb::Entry<'_>) -> &'static str {
    use sitrep_kb::{Entry, PlaceKind};
    match e {
        Entry::Country(_) | Entry::HistoricalState(_) => "COUNTRY",
        Entry::Region(_) => "LOCATION",
        Entry::Demonym(_) => "DEMONYM",
        Entry::Org(_) => "ORG",
        Entry::Place(p) => match p.kind {
            PlaceKind::City => "CITY",
            PlaceKind::Region => "REGION",
            PlaceKind::Area => "LOCATION",
        },
        Entry::GovBody(_) => "GOV_BODY",
        Entry::Title(_) => "TITLE",
        Entry::Weapon(_) => "WEAPON",
        Entry::GenericWeapon(_) => "GENERIC_WEAPON",
        Entry::Person(_) => "PERSON",
    }
}
