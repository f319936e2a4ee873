//! What a name in the knowledge base refers to: [`Entry`], and the matches of the phrase
//! matcher, [`KbMatch`].

use crate::model::{
    Country, GenericWeapon, GovBody, HistoricalState, Org, Person, Place, Region, Role, Title,
    Weapon, WeaponCategory,
};

/// The kind of an [`Entry`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A country or territory.
    Country,
    /// A state that no longer exists.
    HistoricalState,
    /// A bloc or broad region.
    Region,
    /// A demonym or country adjective ("Belarusian").
    Demonym,
    /// An organisation.
    Org,
    /// A city, region or geographic area.
    Place,
    /// A government body.
    GovBody,
    /// A title or function word.
    Title,
    /// A named weapon system.
    Weapon,
    /// A generic weapon noun.
    GenericWeapon,
    /// A known leader.
    Person,
}

/// A government body, with the country it belongs to when known ("Polish Defence Ministry").
#[derive(Clone, Copy, Debug)]
pub struct GovBodyRef<'kb> {
    /// The body.
    pub body: &'kb GovBody,
    /// The country: the body's own, or the one named next to a generic body.
    pub country: Option<&'kb Country>,
}

impl GovBodyRef<'_> {
    /// The CAMEO role of the body.
    pub fn role(&self) -> Role {
        self.body.role
    }

    /// The CAMEO actor code ("RUSMIL"), when the country is known.
    pub fn actor(&self) -> Option<String> {
        self.country.map(|c| c.actor_with(self.body.role))
    }
}

/// A title, with the country it belongs to when named ("Belarusian President").
#[derive(Clone, Copy, Debug)]
pub struct TitleRef<'kb> {
    /// The title.
    pub title: &'kb Title,
    /// The country named with the title, if any.
    pub country: Option<&'kb Country>,
}

impl TitleRef<'_> {
    /// The CAMEO role of holders of the title.
    pub fn role(&self) -> Role {
        self.title.role
    }
}

/// One thing a name refers to.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'kb> {
    /// A country ("Belarus", "U.S.").
    Country(&'kb Country),
    /// A historical state ("Soviet Union").
    HistoricalState(&'kb HistoricalState),
    /// A bloc or region ("the Baltics").
    Region(&'kb Region),
    /// A demonym or adjective, with its country ("Belarusian" → BY).
    Demonym(&'kb Country),
    /// An organisation ("NATO").
    Org(&'kb Org),
    /// A place ("Minsk").
    Place(&'kb Place),
    /// A government body ("the Kremlin", "Polish Defence Ministry").
    GovBody(GovBodyRef<'kb>),
    /// A title ("President", "Russian Defence Minister").
    Title(TitleRef<'kb>),
    /// A named weapon system ("S-400").
    Weapon(&'kb Weapon),
    /// A generic weapon noun ("helicopters").
    GenericWeapon(&'kb GenericWeapon),
    /// A known leader ("Lukashenko").
    Person(&'kb Person),
}

impl<'kb> Entry<'kb> {
    /// What kind of thing this is.
    pub fn kind(&self) -> EntryKind {
        match self {
            Entry::Country(_) => EntryKind::Country,
            Entry::HistoricalState(_) => EntryKind::HistoricalState,
            Entry::Region(_) => EntryKind::Region,
            Entry::Demonym(_) => EntryKind::Demonym,
            Entry::Org(_) => EntryKind::Org,
            Entry::Place(_) => EntryKind::Place,
            Entry::GovBody(_) => EntryKind::GovBody,
            Entry::Title(_) => EntryKind::Title,
            Entry::Weapon(_) => EntryKind::Weapon,
            Entry::GenericWeapon(_) => EntryKind::GenericWeapon,
            Entry::Person(_) => EntryKind::Person,
        }
    }

    /// The knowledge base and id to link to: ("iso3166", "BY"), ("geonames", "625144"),
    /// ("sitrep-weapons", "s-400"), ...
    pub fn link(&self) -> (&'static str, String) {
        match self {
            Entry::Country(c) | Entry::Demonym(c) => ("iso3166", c.alpha2.to_string()),
            Entry::HistoricalState(h) => ("sitrep-historical", h.id.to_string()),
            Entry::Region(r) => ("sitrep-regions", r.id.to_string()),
            Entry::Org(o) => ("sitrep-orgs", o.id.to_string()),
            Entry::Place(p) if p.id < 900_000_000 => ("geonames", p.id.to_string()),
            Entry::Place(p) => ("sitrep-places", p.id.to_string()),
            Entry::GovBody(g) => match g.country {
                Some(c) if g.body.country.is_none() => {
                    ("sitrep-govbodies", format!("{}:{}", g.body.id, c.alpha2))
                }
                _ => ("sitrep-govbodies", g.body.id.to_string()),
            },
            Entry::Title(t) => ("sitrep-titles", t.title.id.to_string()),
            Entry::Weapon(w) => ("sitrep-weapons", w.id.to_string()),
            Entry::GenericWeapon(g) => ("sitrep-generic-weapons", g.id.to_string()),
            Entry::Person(p) => ("sitrep-persons", p.id.to_string()),
        }
    }

    /// The canonical name ("Belarus", "S-400", "Defence Ministry").
    pub fn name(&self) -> &'kb str {
        match self {
            Entry::Country(c) | Entry::Demonym(c) => c.name,
            Entry::HistoricalState(h) => h.name,
            Entry::Region(r) => r.name,
            Entry::Org(o) => o.name,
            Entry::Place(p) => p.name,
            Entry::GovBody(g) => g.body.name,
            Entry::Title(t) => t.title.name,
            Entry::Weapon(w) => w.designation,
            Entry::GenericWeapon(g) => g.designation,
            Entry::Person(p) => p.name,
        }
    }

    /// The alpha-2 code of the country it belongs to or stands for, when known (for weapons:
    /// the country of origin; for historical states: the principal successor).
    pub fn country(&self) -> Option<&'kb str> {
        let code: &'kb str = match self {
            Entry::Country(c) | Entry::Demonym(c) => c.alpha2,
            Entry::HistoricalState(h) => h.successors.first()?,
            Entry::Region(_) | Entry::GenericWeapon(_) => return None,
            Entry::Org(o) => o.country?,
            Entry::Place(p) => p.country,
            Entry::GovBody(g) => g.country?.alpha2,
            Entry::Title(t) => t.country?.alpha2,
            Entry::Weapon(w) => w.origin,
            Entry::Person(p) => p.country,
        };
        (!code.is_empty()).then_some(code)
    }

    /// The CAMEO actor code, when one applies ("BLR", "RUSMIL", "IGOWSTNAT", "BLRGOV").
    pub fn actor(&self) -> Option<String> {
        match self {
            Entry::Country(c) | Entry::Demonym(c) => Some(c.actor.to_string()),
            Entry::HistoricalState(h) => h.actor.map(str::to_string),
            Entry::Region(r) => r.actor.map(str::to_string),
            Entry::Org(o) => o.actor.map(str::to_string),
            Entry::GovBody(g) => g.actor(),
            Entry::Title(t) => t.country.map(|c| c.actor_with(t.title.role)),
            Entry::Person(p) => {
                let c = crate::Kb::global().country_by_alpha2(p.country)?;
                Some(c.actor_with(p.role))
            }
            Entry::Place(_) | Entry::Weapon(_) | Entry::GenericWeapon(_) => None,
        }
    }

    /// The CAMEO role, for bodies, titles and people.
    pub fn role(&self) -> Option<Role> {
        match self {
            Entry::GovBody(g) => Some(g.body.role),
            Entry::Title(t) => Some(t.title.role),
            Entry::Person(p) => Some(p.role),
            _ => None,
        }
    }

    /// Coordinates (latitude, longitude) when known: a place's own, a country's capital.
    pub fn coords(&self) -> Option<(f64, f64)> {
        match self {
            Entry::Place(p) => p.coords,
            Entry::Country(c) => c.capital_coords,
            _ => None,
        }
    }

    /// The weapon category, for weapons and generic weapon nouns.
    pub fn category(&self) -> Option<WeaponCategory> {
        match self {
            Entry::Weapon(w) => Some(w.category),
            Entry::GenericWeapon(g) => g.category,
            _ => None,
        }
    }

    /// The entity type of the output schema (GPE, LOC, NORP, ORG, PERSON, WEAPON), if any.
    pub fn entity_type(&self) -> Option<&'static str> {
        Some(match self {
            Entry::Country(_) | Entry::HistoricalState(_) => "GPE",
            Entry::Region(_) => "LOC",
            Entry::Demonym(_) => "NORP",
            Entry::Org(_) | Entry::GovBody(_) => "ORG",
            Entry::Place(p) => p.entity_type(),
            Entry::Person(_) => "PERSON",
            Entry::Weapon(_) => "WEAPON",
            Entry::Title(_) | Entry::GenericWeapon(_) => return None,
        })
    }
}

/// A phrase the matcher found: tokens `start..end` (end exclusive) and what they may mean.
#[derive(Clone, Debug)]
pub struct KbMatch<'kb> {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token.
    pub end: usize,
    /// Every entry the phrase may refer to (several when ambiguous: "Georgia", "Tripoli").
    pub entries: Vec<Entry<'kb>>,
}
