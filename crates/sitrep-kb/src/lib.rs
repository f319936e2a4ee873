//! sitrep knowledge base: countries, historical states, regions, organisations, places,
//! government bodies, titles, leaders and the weapon-system catalogue, with fast lookups and a
//! phrase matcher over tokens.
//!
//! Design:
//! - All knowledge lives in data files under `data/kb/` (TSV, documented in
//!   `data/kb/README.md`), embedded into the binary with `include_str!`/`include_bytes!` and
//!   parsed once, lazily, by [`Kb::global`]. The crate does no I/O. Records borrow their
//!   strings from the embedded text (`&'static str`), so loading allocates little.
//! - Every name of every record goes into one name index (module `index`): hash maps from a
//!   name key to candidate records. Case rules keep ordinary words apart from names: single
//!   tokens that are short, acronyms or common English words ("Tor", "US", "WHO", "Turkey",
//!   "Chad") and every GeoNames place name match with exact case only. Weapon designations with
//!   digits match ignoring case, hyphens, spaces and a plural "s" ("S-400", "S400", "S-400s").
//! - [`Kb::match_phrases`] walks a token sequence (PTB-like tokens: "Russia", "'s", "U.S.",
//!   "S-400s") and takes the longest known phrase at each position, then joins a country word
//!   with a following generic body or title ("Polish Defence Ministry", "Russia's Defence
//!   Minister", "Ministry of Defence of Russia") into one match. Origin compounds
//!   ("Russian-made", "NATO-led") match their name part. Ambiguity is returned, not resolved:
//!   "Georgia" yields the country and the US state; the caller decides by context.
//! - Lookups by name ([`Kb::country`], [`Kb::places_named`], [`Kb::weapon`], [`Kb::gov_body`],
//!   ...) go through the same index, so they and the matcher always agree.

#![warn(missing_docs)]

pub mod entry;
mod index;
pub mod model;
pub mod names;
mod table;

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

pub use entry::{Entry, EntryKind, GovBodyRef, KbMatch, TitleRef};
use index::{CasePolicy, EntryId, FxSet, NameIndex};
pub use model::{
    Country, GenericWeapon, GovBody, HistoricalState, Org, OrgKind, Person, Place, PlaceKind,
    Region, Role, Title, Weapon, WeaponCategory,
};
use table::rows;

/// An error in the embedded data (a malformed row), found when the knowledge base loads.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A row of a data file is malformed.
    #[error("data/kb/{file} line {line}: {reason}")]
    BadRow {
        /// The data file.
        file: &'static str,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A compressed data file does not decompress.
    #[error("data/kb/{file}: {source}")]
    Compressed {
        /// The data file.
        file: &'static str,
        /// The decompression error.
        source: std::io::Error,
    },
}

const COUNTRIES: &str = include_str!("../../../data/kb/countries.tsv");
const HISTORICAL: &str = include_str!("../../../data/kb/historical_states.tsv");
const REGIONS: &str = include_str!("../../../data/kb/regions.tsv");
const ORGS: &str = include_str!("../../../data/kb/orgs.tsv");
const PLACES_GZ: &[u8] = include_bytes!("../../../data/kb/places.tsv.gz");
const ADMIN_REGIONS: &str = include_str!("../../../data/kb/admin_regions.tsv");
const GOV_BODIES: &str = include_str!("../../../data/kb/gov_bodies.tsv");
const TITLES: &str = include_str!("../../../data/kb/titles.tsv");
const PERSONS: &str = include_str!("../../../data/kb/persons.tsv");
const PERSONS_PHOENIX: &str = include_str!("../../../data/kb/persons_phoenix.tsv");
/// The year the hand-written leaders list was last checked.
const PERSONS_AS_OF: i32 = 2025;
/// The year the Phoenix country actors dictionary was made.
const PHOENIX_AS_OF: i32 = 2014;
const WEAPONS: &str = include_str!("../../../data/kb/weapons.tsv");
const GENERIC_WEAPONS: &str = include_str!("../../../data/kb/generic_weapons.tsv");
const COMMON_WORDS: &str = include_str!("../../../data/kb/common_words.txt");

/// The knowledge base: every record and the name index over them.
#[derive(Debug)]
pub struct Kb {
    countries: Vec<Country>,
    by_alpha2: HashMap<&'static str, u32>,
    by_alpha3: HashMap<&'static str, u32>,
    historical: Vec<HistoricalState>,
    regions: Vec<Region>,
    orgs: Vec<Org>,
    places: Vec<Place>,
    gov_bodies: Vec<GovBody>,
    titles: Vec<Title>,
    persons: Vec<Person>,
    weapons: Vec<Weapon>,
    generic_weapons: Vec<GenericWeapon>,
    index: NameIndex,
    /// The most frequent English words, lower case (`common_words.txt`).
    common: FxSet<&'static str>,
}

static GLOBAL: OnceLock<Kb> = OnceLock::new();

/// Towns smaller than this whose name is a common English word are left to name lookups.
const WEAK_PLACE_POPULATION: u32 = 250_000;

fn idx(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 records")
}

fn role(row: &table::Row<'_>, file: &'static str, i: usize) -> Result<Role, KbError> {
    Role::from_code(row.get(i))
        .ok_or_else(|| row.error(file, format!("unknown role {:?}", row.get(i))))
}

fn coords(
    row: &table::Row<'_>,
    file: &'static str,
    lat: usize,
) -> Result<Option<(f64, f64)>, KbError> {
    Ok(
        match (row.num::<f64>(file, lat)?, row.num::<f64>(file, lat + 1)?) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        },
    )
}

impl Kb {
    /// The knowledge base embedded in the binary, parsed on first use.
    pub fn global() -> &'static Kb {
        GLOBAL.get_or_init(|| match Kb::load() {
            Ok(kb) => kb,
            // The data is embedded and checked by this crate's tests; a failure here is a
            // build defect, not an input error.
            Err(e) => panic!("embedded knowledge base is invalid: {e}"),
        })
    }

    /// Parses the embedded data into a new knowledge base. Use [`Kb::global`]: each call of
    /// this one keeps its own copy of the decompressed places table for the life of the process.
    pub fn load() -> Result<Kb, KbError> {
        let common: FxSet<&'static str> = COMMON_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::trim)
            .collect();
        let mut kb = Kb {
            countries: Vec::new(),
            by_alpha2: HashMap::new(),
            by_alpha3: HashMap::new(),
            historical: Vec::new(),
            regions: Vec::new(),
            orgs: Vec::new(),
            places: Vec::new(),
            gov_bodies: Vec::new(),
            titles: Vec::new(),
            persons: Vec::new(),
            weapons: Vec::new(),
            generic_weapons: Vec::new(),
            index: NameIndex::default(),
            common: FxSet::default(),
        };
        kb.load_countries(&common)?;
        kb.load_historical(&common)?;
        kb.load_regions(&common)?;
        kb.load_orgs(&common)?;
        kb.load_places(&common)?;
        kb.load_gov_bodies(&common)?;
        kb.load_titles(&common)?;
        kb.load_persons(&common)?;
        kb.load_weapons(&common)?;
        kb.load_generic_weapons(&common)?;
        kb.common = common;
        Ok(kb)
    }

    /// Is this one of the most frequent English words, in any case ("Operating", "player")?
    /// Many names are ("Ford", "Apple"): a hint for callers that have other evidence, not a
    /// verdict.
    pub fn is_common_word(&self, word: &str) -> bool {
        if word.bytes().all(|b| !b.is_ascii_uppercase()) {
            return self.common.contains(word);
        }
        self.common.contains(word.to_lowercase().as_str())
    }

    fn load_countries(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "countries.tsv";
        for row in rows(F, COUNTRIES, 13, 13)? {
            let i = idx(self.countries.len());
            let c = Country {
                alpha2: row.get(0),
                alpha3: row.get(1),
                name: row.get(3),
                official_name: row.get(4),
                aliases: row.list(5),
                demonyms: row.list(6),
                capital: row.get(7),
                capital_coords: coords(&row, F, 8)?,
                actor: row.get(10),
                continent: row.get(11),
                geonameid: row.num(F, 12)?.unwrap_or(0),
            };
            if c.alpha2.len() != 2 || c.alpha3.len() != 3 {
                return Err(row.error(F, "bad ISO code".into()));
            }
            let id = EntryId::Country(i);
            self.index.add_names(
                [&c.name, &c.official_name].into_iter().chain(&c.aliases),
                id,
                common,
            );
            self.index
                .add_names(&c.demonyms, EntryId::Demonym(i), common);
            self.by_alpha2.insert(c.alpha2, i);
            self.by_alpha3.insert(c.alpha3, i);
            self.countries.push(c);
        }
        Ok(())
    }

    fn load_historical(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "historical_states.tsv";
        for row in rows(F, HISTORICAL, 5, 7)? {
            let h = HistoricalState {
                id: row.get(0),
                name: row.get(1),
                aliases: row.list(2),
                actor: row.opt(3),
                successors: row.list(4),
                from: row.num(F, 5)?,
                to: row.num(F, 6)?,
            };
            let id = EntryId::HistoricalState(idx(self.historical.len()));
            self.index
                .add_names(std::iter::once(&h.name).chain(&h.aliases), id, common);
            self.historical.push(h);
        }
        Ok(())
    }

    fn load_regions(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "regions.tsv";
        for row in rows(F, REGIONS, 3, 5)? {
            let r = Region {
                id: row.get(0),
                name: row.get(1),
                aliases: row.list(2),
                actor: row.opt(3),
                members: row.list(4),
            };
            let id = EntryId::Region(idx(self.regions.len()));
            self.index
                .add_names(std::iter::once(&r.name).chain(&r.aliases), id, common);
            self.regions.push(r);
        }
        Ok(())
    }

    fn load_orgs(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "orgs.tsv";
        for row in rows(F, ORGS, 4, 7)? {
            let kind = OrgKind::parse(row.get(3))
                .ok_or_else(|| row.error(F, format!("unknown kind {:?}", row.get(3))))?;
            let o = Org {
                id: row.get(0),
                name: row.get(1),
                aliases: row.list(2),
                kind,
                code: row.opt(4),
                actor: row.opt(5),
                country: row.opt(6),
            };
            let id = EntryId::Org(idx(self.orgs.len()));
            self.index
                .add_names(std::iter::once(&o.name).chain(&o.aliases), id, common);
            self.orgs.push(o);
        }
        Ok(())
    }

    fn load_places(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "places.tsv.gz";
        let mut text = String::new();
        flate2::read::GzDecoder::new(PLACES_GZ)
            .read_to_string(&mut text)
            .map_err(|source| KbError::Compressed { file: F, source })?;
        // Records borrow from the text, as they do from the other (static) files; the text is
        // decoded once per process by `Kb::global`, so it is kept for good.
        let text: &'static str = Box::leak(text.into_boxed_str());
        let place_rows = rows(F, text, 9, 9)?;
        self.index.reserve(place_rows.len() * 4);
        self.places.reserve(place_rows.len() + 200);
        for row in place_rows {
            let kind = match row.get(0) {
                "C" => PlaceKind::City,
                "A" => PlaceKind::Region,
                other => return Err(row.error(F, format!("unknown kind {other:?}"))),
            };
            let p = Place {
                id: row.num(F, 1)?.unwrap_or(0),
                name: row.get(2),
                alt_names: row.list(3),
                kind,
                country: row.get(4),
                coords: coords(&row, F, 5)?,
                population: row.num(F, 7)?.unwrap_or(0),
                admin1: row.get(8),
            };
            self.add_place(p, CasePolicy::Exact, common);
        }
        const A: &str = "admin_regions.tsv";
        for row in rows(A, ADMIN_REGIONS, 7, 7)? {
            let kind = match row.get(3) {
                "region" => PlaceKind::Region,
                "area" => PlaceKind::Area,
                other => return Err(row.error(A, format!("unknown kind {other:?}"))),
            };
            let p = Place {
                id: row.num(A, 0)?.unwrap_or(0),
                name: row.get(1),
                alt_names: row.list(2),
                kind,
                country: row.get(4),
                coords: coords(&row, A, 5)?,
                population: 0,
                admin1: "",
            };
            // "Kyiv Region", "Kyiv region": the generic part of a hand-written name varies in case.
            self.add_place(p, CasePolicy::SingleExact, common);
        }
        Ok(())
    }

    fn add_place(&mut self, p: Place, policy: CasePolicy, common: &FxSet<&str>) {
        let id = EntryId::Place(idx(self.places.len()));
        // A small town named like a common word ("Deal", "Police") is found by name but not
        // picked out of running text, where the word is far likelier.
        let small = p.kind == PlaceKind::City && p.population < WEAK_PLACE_POPULATION;
        let mut lower = String::new();
        for name in std::iter::once(&p.name).chain(&p.alt_names) {
            let weak = small
                && name.split(' ').all(|w| {
                    lower.clear();
                    if w.is_ascii() {
                        lower.push_str(w);
                        lower.make_ascii_lowercase();
                    } else {
                        lower.extend(w.chars().flat_map(char::to_lowercase));
                    }
                    common.contains(lower.as_str())
                });
            self.index.add(name, id, policy, common, weak);
        }
        self.places.push(p);
    }

    fn load_gov_bodies(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "gov_bodies.tsv";
        for row in rows(F, GOV_BODIES, 6, 6)? {
            let g = GovBody {
                id: row.get(0),
                name: row.get(1),
                aliases: row.list(2),
                country: row.opt(3),
                role: role(&row, F, 4)?,
                standalone: row.get(5) == "y",
            };
            let id = EntryId::GovBody(idx(self.gov_bodies.len()));
            let policy = if g.country.is_some() {
                CasePolicy::Auto
            } else {
                CasePolicy::Folded
            };
            for name in std::iter::once(&g.name).chain(&g.aliases) {
                self.index.add(name, id, policy, common, false);
            }
            self.gov_bodies.push(g);
        }
        Ok(())
    }

    fn load_titles(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "titles.tsv";
        for row in rows(F, TITLES, 4, 4)? {
            let t = Title {
                id: row.get(0),
                name: row.get(1),
                aliases: row.list(2),
                role: role(&row, F, 3)?,
            };
            let id = EntryId::Title(idx(self.titles.len()));
            for name in std::iter::once(&t.name).chain(&t.aliases) {
                // "General" is a title, "general" mostly an adjective: a capitalised title that
                // is also a common word matches with its capital; lower-case forms the data
                // lists ("president") match any case.
                let capital = name.chars().next().is_some_and(char::is_uppercase);
                let policy = if capital
                    && !name.contains(' ')
                    && common.contains(name.to_lowercase().as_str())
                {
                    CasePolicy::Exact
                } else {
                    CasePolicy::Folded
                };
                self.index.add(name, id, policy, common, false);
            }
            self.titles.push(t);
        }
        Ok(())
    }

    fn load_persons(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        self.load_person_file("persons.tsv", PERSONS, PERSONS_AS_OF, common)?;
        self.load_person_file(
            "persons_phoenix.tsv",
            PERSONS_PHOENIX,
            PHOENIX_AS_OF,
            common,
        )
    }

    fn load_person_file(
        &mut self,
        file: &'static str,
        text: &'static str,
        as_of: i32,
        common: &FxSet<&str>,
    ) -> Result<(), KbError> {
        let person_rows = rows(file, text, 6, 8)?;
        // Names of people are mostly several words: folded keys, each with its prefixes.
        self.index.reserve_folded(person_rows.len() * 3);
        self.persons.reserve(person_rows.len());
        for row in person_rows {
            let p = Person {
                id: row.get(0),
                name: row.get(1),
                aliases: row.list(2),
                country: row.get(3),
                role: role(&row, file, 4)?,
                office: row.get(5),
                from: row.num(file, 6)?,
                to: row.num(file, 7)?,
                as_of,
            };
            let id = EntryId::Person(idx(self.persons.len()));
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                self.index
                    .add(name, id, CasePolicy::SingleExact, common, false);
            }
            self.persons.push(p);
        }
        Ok(())
    }

    fn load_weapons(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "weapons.tsv";
        for row in rows(F, WEAPONS, 5, 5)? {
            let category = WeaponCategory::parse(row.get(3))
                .ok_or_else(|| row.error(F, format!("unknown category {:?}", row.get(3))))?;
            let w = Weapon {
                id: row.get(0),
                designation: row.get(1),
                aliases: row.list(2),
                category,
                origin: row.get(4),
            };
            let id = EntryId::Weapon(idx(self.weapons.len()));
            for name in std::iter::once(&w.designation).chain(&w.aliases) {
                self.index
                    .add(name, id, CasePolicy::SingleExact, common, false);
            }
            self.weapons.push(w);
        }
        Ok(())
    }

    fn load_generic_weapons(&mut self, common: &FxSet<&str>) -> Result<(), KbError> {
        const F: &str = "generic_weapons.tsv";
        for row in rows(F, GENERIC_WEAPONS, 4, 4)? {
            let category = match row.get(3) {
                "" => None,
                c => Some(
                    WeaponCategory::parse(c)
                        .ok_or_else(|| row.error(F, format!("unknown category {c:?}")))?,
                ),
            };
            let g = GenericWeapon {
                id: row.get(0),
                designation: row.get(1),
                aliases: row.list(2),
                category,
            };
            let id = EntryId::GenericWeapon(idx(self.generic_weapons.len()));
            for name in std::iter::once(&g.designation).chain(&g.aliases) {
                self.index.add(name, id, CasePolicy::Folded, common, false);
            }
            self.generic_weapons.push(g);
        }
        Ok(())
    }

    fn entry(&self, id: EntryId) -> Entry<'_> {
        let i = |n: u32| n as usize;
        match id {
            EntryId::Country(n) => Entry::Country(&self.countries[i(n)]),
            EntryId::HistoricalState(n) => Entry::HistoricalState(&self.historical[i(n)]),
            EntryId::Region(n) => Entry::Region(&self.regions[i(n)]),
            EntryId::Demonym(n) => Entry::Demonym(&self.countries[i(n)]),
            EntryId::Org(n) => Entry::Org(&self.orgs[i(n)]),
            EntryId::Place(n) => Entry::Place(&self.places[i(n)]),
            EntryId::GovBody(n) => {
                let body = &self.gov_bodies[i(n)];
                let country = body.country.and_then(|c| self.country_by_alpha2(c));
                Entry::GovBody(GovBodyRef { body, country })
            }
            EntryId::Title(n) => Entry::Title(TitleRef {
                title: &self.titles[i(n)],
                country: None,
            }),
            EntryId::Weapon(n) => Entry::Weapon(&self.weapons[i(n)]),
            EntryId::GenericWeapon(n) => Entry::GenericWeapon(&self.generic_weapons[i(n)]),
            EntryId::Person(n) => Entry::Person(&self.persons[i(n)]),
        }
    }

    /// Everything a phrase may refer to (the phrase is tokenized like running text).
    pub fn lookup(&self, phrase: &str) -> Vec<Entry<'_>> {
        self.lookup_tokens(&names::tokenize(phrase))
    }

    /// Everything a token sequence may refer to, as a whole.
    pub fn lookup_tokens<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Entry<'_>> {
        let mut ids = Vec::new();
        self.index
            .lookup(tokens, &names::fold_tokens(tokens), false, &mut ids);
        ids.into_iter().map(|id| self.entry(id)).collect()
    }

    /// A country by ISO alpha-2 or alpha-3 code, or by any of its names ("Belarus", "U.S.",
    /// "Russian Federation", "Ivory Coast").
    pub fn country(&self, code_or_name: &str) -> Option<&Country> {
        let t = code_or_name.trim();
        if (t.len() == 2 || t.len() == 3) && t.chars().all(|c| c.is_ascii_uppercase()) {
            if let Some(c) = self
                .country_by_alpha2(t)
                .or_else(|| self.country_by_alpha3(t))
            {
                return Some(c);
            }
        }
        self.lookup(t).into_iter().find_map(|e| match e {
            Entry::Country(c) => Some(c),
            _ => None,
        })
    }

    /// A country by ISO 3166-1 alpha-2 code ("BY").
    pub fn country_by_alpha2(&self, code: &str) -> Option<&Country> {
        self.by_alpha2
            .get(code)
            .map(|&i| &self.countries[i as usize])
    }

    /// A country by ISO 3166-1 alpha-3 code ("BLR").
    pub fn country_by_alpha3(&self, code: &str) -> Option<&Country> {
        self.by_alpha3
            .get(code)
            .map(|&i| &self.countries[i as usize])
    }

    /// The country whose capital this is, for capitals used as metonyms ("Minsk planned ...",
    /// "Washington said"); alternate names of the city count ("Kiev" → Ukraine).
    pub fn capital_country(&self, name: &str) -> Option<&Country> {
        self.places_named(name).into_iter().find_map(|p| {
            let c = self.country_by_alpha2(p.country)?;
            (p.kind == PlaceKind::City && c.capital == p.name).then_some(c)
        })
    }

    /// The country of a demonym or adjective ("Belarusian" → Belarus, "Emirati" → UAE).
    pub fn demonym(&self, word: &str) -> Option<&Country> {
        self.lookup(word).into_iter().find_map(|e| match e {
            Entry::Demonym(c) => Some(c),
            _ => None,
        })
    }

    /// A historical state by name ("Soviet Union", "USSR", "Yugoslavia").
    pub fn historical_state(&self, name: &str) -> Option<&HistoricalState> {
        self.lookup(name).into_iter().find_map(|e| match e {
            Entry::HistoricalState(h) => Some(h),
            _ => None,
        })
    }

    /// A bloc or region by name ("the West", "Baltic states", "Sahel").
    pub fn region(&self, name: &str) -> Option<&Region> {
        self.lookup(name).into_iter().find_map(|e| match e {
            Entry::Region(r) => Some(r),
            _ => None,
        })
    }

    /// An organisation by name or acronym ("NATO", "European Union", "Red Cross").
    pub fn org(&self, name: &str) -> Option<&Org> {
        self.lookup(name).into_iter().find_map(|e| match e {
            Entry::Org(o) => Some(o),
            _ => None,
        })
    }

    /// Every place with this name or alternate name, most populous first ("Tripoli" → Libya's,
    /// then Lebanon's). Place names match with exact case.
    pub fn places_named(&self, name: &str) -> Vec<&Place> {
        let mut out: Vec<&Place> = self
            .lookup(name)
            .into_iter()
            .filter_map(|e| match e {
                Entry::Place(p) => Some(p),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| b.population.cmp(&a.population).then(a.id.cmp(&b.id)));
        out
    }

    /// A weapon system by designation, alias or NATO reporting name ("S-400", "S400s",
    /// "SA-21 Growler", "Tor-M2", "Bayraktar TB2").
    pub fn weapon(&self, designation_or_alias: &str) -> Option<&Weapon> {
        self.lookup(designation_or_alias)
            .into_iter()
            .find_map(|e| match e {
                Entry::Weapon(w) => Some(w),
                _ => None,
            })
    }

    /// A generic weapon noun ("planes" → aircraft, "howitzers" → artillery).
    pub fn generic_weapon(&self, noun: &str) -> Option<&GenericWeapon> {
        self.lookup(noun).into_iter().find_map(|e| match e {
            Entry::GenericWeapon(g) => Some(g),
            _ => None,
        })
    }

    /// A government body with its country, from a phrase such as "Russian Defense Ministry",
    /// "Ministry of Defence of Russia", "Poland's Foreign Ministry", "the Kremlin" or (no
    /// country) "Defence Ministry".
    pub fn gov_body(&self, phrase: &str) -> Option<GovBodyRef<'_>> {
        self.whole_phrase(phrase).into_iter().find_map(|e| match e {
            Entry::GovBody(g) => Some(g),
            _ => None,
        })
    }

    /// A title with the country named with it, if any ("President", "Belarusian President",
    /// "Prime Minister of Poland").
    pub fn title(&self, phrase: &str) -> Option<TitleRef<'_>> {
        self.whole_phrase(phrase).into_iter().find_map(|e| match e {
            Entry::Title(t) => Some(t),
            _ => None,
        })
    }

    /// The CAMEO role a title or function word implies ("Defence Minister" → MIL,
    /// "ambassador" → DIP, "President" → GOV).
    pub fn title_role(&self, word_or_phrase: &str) -> Option<Role> {
        self.title(word_or_phrase).map(|t| t.role())
    }

    /// A known leader by full name or alias ("Alexander Lukashenko", "Lukashenka").
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.persons_named(name).into_iter().next()
    }

    /// Every known leader with this name or alias, the most recent office holders first.
    pub fn persons_named(&self, name: &str) -> Vec<&Person> {
        let mut out: Vec<&Person> = self
            .lookup(name)
            .into_iter()
            .filter_map(|e| match e {
                Entry::Person(p) => Some(p),
                _ => None,
            })
            .collect();
        out.sort_by_key(|p| (std::cmp::Reverse(p.to.unwrap_or(p.as_of)), p.to.is_some()));
        out
    }

    /// The entries of a phrase matched as one whole, with a leading "the" ignored.
    fn whole_phrase(&self, phrase: &str) -> Vec<Entry<'_>> {
        let mut tokens = names::tokenize(phrase);
        if tokens.len() > 1 && tokens[0].eq_ignore_ascii_case("the") {
            tokens.remove(0);
        }
        let matches = self.match_phrases(&tokens);
        match matches.as_slice() {
            [m] if m.start == 0 && m.end == tokens.len() => m.entries.clone(),
            _ => Vec::new(),
        }
    }

    /// Finds known names in a token sequence: at each position the longest phrase the
    /// knowledge base knows, left to right, without overlaps. A country word next to a
    /// generic body or title is joined with it ("Polish Foreign Ministry" → one match with the
    /// Foreign Ministry of PL); generic bodies that only make sense with a country ("troops")
    /// are dropped when they stand alone.
    pub fn match_phrases<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<KbMatch<'_>> {
        let raw = self.match_longest(tokens);
        self.join_country_words(tokens, raw)
    }

    fn match_longest<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<KbMatch<'_>> {
        let mut out = Vec::new();
        let mut ids = Vec::new();
        let mut best = Vec::new();
        // Every token is folded once: the folded sentence, tokens joined by one space, holds
        // the folded key of every window as a slice ("polish foreign ministry").
        let mut folded = String::new();
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 {
                folded.push(' ');
            }
            let start = folded.len();
            names::fold_into(t.as_ref(), &mut folded);
            bounds.push((start, folded.len()));
        }
        let mut i = 0;
        while i < tokens.len() {
            // Extend the phrase token by token while some alias can still start with it;
            // keep the longest phrase that is a name.
            best.clear();
            let mut found = 0;
            let longest = self.index.max_tokens.min(tokens.len() - i);
            for len in 1..=longest {
                let token = tokens[i + len - 1].as_ref();
                let key = &folded[bounds[i].0..bounds[i + len - 1].1];
                let window = &tokens[i..i + len];
                let is_word = starts_and_ends_with_word(window);
                ids.clear();
                let is_prefix = self.index.lookup_step(window, key, is_word, true, &mut ids);
                if is_word {
                    if ids.is_empty() && len == 1 {
                        self.lookup_compound(token, &mut ids);
                    }
                    if !ids.is_empty() {
                        found = len;
                        std::mem::swap(&mut best, &mut ids);
                    }
                }
                if !is_prefix {
                    break;
                }
            }
            if found == 0 {
                i += 1;
                continue;
            }
            let mut entries: Vec<Entry<'_>> = best.iter().map(|&id| self.entry(id)).collect();
            // Places after everything else, the most populous first.
            entries.sort_by_key(|e| match e {
                Entry::Place(p) => (1, u32::MAX - p.population),
                _ => (0, 0),
            });
            out.push(KbMatch {
                start: i,
                end: i + found,
                entries,
            });
            i += found;
        }
        out
    }

    /// The name inside a hyphenated origin compound ("Russian-made", "Iran-backed",
    /// "NATO-led", "U.S.-supplied"): the token stands for who made, backed or led something.
    fn lookup_compound(&self, token: &str, out: &mut Vec<EntryId>) {
        let Some((head, tail)) = token.rsplit_once('-') else {
            return;
        };
        if head.is_empty()
            || !names::ORIGIN_SUFFIXES
                .iter()
                .any(|s| s.eq_ignore_ascii_case(tail))
        {
            return;
        }
        let mut found = Vec::new();
        self.index
            .lookup(&[head], &names::fold_tokens(&[head]), true, &mut found);
        out.extend(found.into_iter().filter(|e| {
            matches!(
                e,
                EntryId::Country(_) | EntryId::Demonym(_) | EntryId::Org(_) | EntryId::GovBody(_)
            )
        }));
    }

    fn join_country_words<'a, S: AsRef<str>>(
        &'a self,
        tokens: &[S],
        raw: Vec<KbMatch<'a>>,
    ) -> Vec<KbMatch<'a>> {
        let tok = |i: usize| tokens.get(i).map(|t| t.as_ref()).unwrap_or("");
        let mut out: Vec<KbMatch<'a>> = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            let m = &raw[k];
            // "<country|demonym> ['s] <generic body|title>"
            if let Some(country) = country_word(m) {
                let mut next = m.end;
                if matches!(tok(next), "'s" | "’s") {
                    next += 1;
                }
                if let Some(n) = raw.get(k + 1).filter(|n| n.start == next) {
                    if let Some(e) = with_country(n, country) {
                        out.push(KbMatch {
                            start: m.start,
                            end: n.end,
                            entries: vec![e],
                        });
                        k += 2;
                        continue;
                    }
                }
            }
            // "<generic body|title> of [the] <country>"
            if tok(m.end).eq_ignore_ascii_case("of") {
                let mut next = m.end + 1;
                if tok(next).eq_ignore_ascii_case("the") {
                    next += 1;
                }
                if let Some(n) = raw.get(k + 1).filter(|n| n.start == next) {
                    if let Some(e) = country_word(n).and_then(|c| with_country(m, c)) {
                        out.push(KbMatch {
                            start: m.start,
                            end: n.end,
                            entries: vec![e],
                        });
                        k += 2;
                        continue;
                    }
                }
            }
            let entries: Vec<Entry<'a>> = m
                .entries
                .iter()
                .copied()
                .filter(|e| !matches!(e, Entry::GovBody(g) if !g.body.standalone && g.country.is_none()))
                .collect();
            if !entries.is_empty() {
                out.push(KbMatch {
                    start: m.start,
                    end: m.end,
                    entries,
                });
            }
            k += 1;
        }
        out
    }

    /// Every country and territory.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Every historical state.
    pub fn historical_states(&self) -> &[HistoricalState] {
        &self.historical
    }

    /// Every bloc and region.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// Every organisation.
    pub fn orgs(&self) -> &[Org] {
        &self.orgs
    }

    /// Every place: cities, then regions and areas.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Every government body.
    pub fn gov_bodies(&self) -> &[GovBody] {
        &self.gov_bodies
    }

    /// Every title.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }

    /// Every known leader.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// Every weapon system in the catalogue.
    pub fn weapons(&self) -> &[Weapon] {
        &self.weapons
    }

    /// Every generic weapon noun.
    pub fn generic_weapons(&self) -> &[GenericWeapon] {
        &self.generic_weapons
    }
}

/// The country a match names as a country or demonym, when it is unambiguous about it.
fn country_word<'a>(m: &KbMatch<'a>) -> Option<&'a Country> {
    m.entries.iter().find_map(|e| match e {
        Entry::Country(c) | Entry::Demonym(c) => Some(*c),
        _ => None,
    })
}

/// A generic body or title in `m`, given the country named next to it.
fn with_country<'a>(m: &KbMatch<'a>, country: &'a Country) -> Option<Entry<'a>> {
    m.entries.iter().find_map(|e| match e {
        Entry::GovBody(g) if g.body.country.is_none() => Some(Entry::GovBody(GovBodyRef {
            body: g.body,
            country: Some(country),
        })),
        Entry::Title(t) => Some(Entry::Title(TitleRef {
            title: t.title,
            country: Some(country),
        })),
        _ => None,
    })
}

/// Phrases never start or end with punctuation or a possessive clitic.
fn starts_and_ends_with_word<S: AsRef<str>>(window: &[S]) -> bool {
    let word = |t: &str| t.chars().next().is_some_and(|c| c.is_alphanumeric());
    match (window.first(), window.last()) {
        (Some(a), Some(b)) => word(a.as_ref()) && (word(b.as_ref()) || b.as_ref().ends_with('.')),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
