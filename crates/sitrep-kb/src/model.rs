//! The kinds of things the knowledge base knows, as loaded from `data/kb/`.

use std::fmt;

/// A CAMEO actor role, the suffix of a CAMEO actor code ("RUS" + "MIL" → "RUSMIL").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Government, executive (GOV).
    Gov,
    /// Military (MIL).
    Mil,
    /// Legislature (LEG).
    Leg,
    /// Judiciary (JUD).
    Jud,
    /// Police and internal security (COP).
    Cop,
    /// Intelligence services (SPY).
    Spy,
    /// Media (MED).
    Med,
    /// Business (BUS).
    Bus,
    /// Political opposition (OPP).
    Opp,
    /// Rebels and insurgents (REB).
    Reb,
    /// Elites, former officials (ELI).
    Eli,
    /// Civilians (CVL).
    Cvl,
    /// Political party (PTY).
    Pty,
    /// Diplomat: CAMEO codes diplomats as GOV; kept apart so callers can tell them.
    Dip,
}

impl Role {
    /// Parses a role code ("GOV", "MIL", ...; "DIP" for diplomats).
    pub fn from_code(code: &str) -> Option<Role> {
        Some(match code {
            "GOV" => Role::Gov,
            "MIL" => Role::Mil,
            "LEG" => Role::Leg,
            "JUD" => Role::Jud,
            "COP" => Role::Cop,
            "SPY" => Role::Spy,
            "MED" => Role::Med,
            "BUS" => Role::Bus,
            "OPP" => Role::Opp,
            "REB" => Role::Reb,
            "ELI" => Role::Eli,
            "CVL" => Role::Cvl,
            "PTY" => Role::Pty,
            "DIP" => Role::Dip,
            _ => return None,
        })
    }

    /// The CAMEO code of the role as used in actor codes (diplomats code as "GOV").
    pub fn cameo(self) -> &'static str {
        match self {
            Role::Gov | Role::Dip => "GOV",
            Role::Mil => "MIL",
            Role::Leg => "LEG",
            Role::Jud => "JUD",
            Role::Cop => "COP",
            Role::Spy => "SPY",
            Role::Med => "MED",
            Role::Bus => "BUS",
            Role::Opp => "OPP",
            Role::Reb => "REB",
            Role::Eli => "ELI",
            Role::Cvl => "CVL",
            Role::Pty => "PTY",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cameo())
    }
}

/// A country or territory with an ISO 3166-1 code (plus Kosovo, XK).
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code ("BY").
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 code ("BLR").
    pub alpha3: &'static str,
    /// Common English name ("Belarus").
    pub name: &'static str,
    /// Official name ("Republic of Belarus").
    pub official_name: &'static str,
    /// Other names it goes by ("Byelorussia", "White Russia").
    pub aliases: Vec<&'static str>,
    /// Demonyms and adjectives, the main one first ("Belarusian", "Belarusians").
    pub demonyms: Vec<&'static str>,
    /// Capital city name ("Minsk"), empty when none.
    pub capital: &'static str,
    /// Capital coordinates (latitude, longitude), when known.
    pub capital_coords: Option<(f64, f64)>,
    /// CAMEO country actor code, ISO alpha-3 except where CAMEO differs ("KSV" for Kosovo).
    pub actor: &'static str,
    /// Continent code ("EU", "AS", "AF", "NA", "SA", "OC", "AN").
    pub continent: &'static str,
    /// GeoNames id of the country.
    pub geonameid: u32,
}

impl Country {
    /// The CAMEO actor code for a role of this country ("BLR" + GOV → "BLRGOV").
    pub fn actor_with(&self, role: Role) -> String {
        format!("{}{}", self.actor, role.cameo())
    }
}

/// A state that no longer exists (Soviet Union, Yugoslavia, East Germany ...).
#[derive(Debug)]
pub struct HistoricalState {
    /// Stable id ("su").
    pub id: &'static str,
    /// Name ("Soviet Union").
    pub name: &'static str,
    /// Other names and adjectives ("USSR", "Soviet").
    pub aliases: Vec<&'static str>,
    /// CAMEO-like actor code where one exists ("SUN", "DDR").
    pub actor: Option<&'static str>,
    /// Alpha-2 codes of the main successor states, the principal one first.
    pub successors: Vec<&'static str>,
    /// First year of existence.
    pub from: Option<i32>,
    /// Last year of existence.
    pub to: Option<i32>,
}

/// A group of countries or a broad region (the West, the Baltics, the Sahel ...).
#[derive(Debug)]
pub struct Region {
    /// Stable id ("baltics").
    pub id: &'static str,
    /// Name ("the Baltics").
    pub name: &'static str,
    /// Other names and adjectives ("Baltic states", "Baltic").
    pub aliases: Vec<&'static str>,
    /// CAMEO region code where one exists ("WST", "MEA", "BLK").
    pub actor: Option<&'static str>,
    /// Alpha-2 codes of member countries (may be empty for fuzzy regions).
    pub members: Vec<&'static str>,
}

/// The kind of an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgKind {
    /// Intergovernmental organisation.
    Igo,
    /// Military alliance.
    Alliance,
    /// Non-governmental organisation or think tank.
    Ngo,
    /// Armed non-state group.
    ArmedGroup,
    /// State military formation with its own name (IRGC).
    Military,
    /// State agency.
    Government,
    /// Company (defence industry, energy ...).
    Company,
}

impl OrgKind {
    fn from_code(s: &str) -> Option<OrgKind> {
        Some(match s {
            "igo" => OrgKind::Igo,
            "alliance" => OrgKind::Alliance,
            "ngo" => OrgKind::Ngo,
            "armed_group" => OrgKind::ArmedGroup,
            "military" => OrgKind::Military,
            "government" => OrgKind::Government,
            "company" => OrgKind::Company,
            _ => return None,
        })
    }

    /// Parses the kind column of `orgs.tsv`.
    pub(crate) fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::from_code(s)
    }
}

/// An organisation: international body, alliance, armed group, company, NGO.
#[derive(Debug)]
pub struct Org {
    /// Stable id ("nato").
    pub id: &'static str,
    /// Name ("North Atlantic Treaty Organization").
    pub name: &'static str,
    /// Other names and acronyms ("NATO", "the Alliance").
    pub aliases: Vec<&'static str>,
    /// What kind of organisation it is.
    pub kind: OrgKind,
    /// Short CAMEO known-group code ("NAT"), when one exists.
    pub code: Option<&'static str>,
    /// Full CAMEO-style actor code ("IGOWSTNAT"), when one exists.
    pub actor: Option<&'static str>,
    /// Alpha-2 code of the home country, for national bodies and companies.
    pub country: Option<&'static str>,
}

/// The kind of a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// A city or town (GeoNames populated place).
    City,
    /// A first-level region or territory with a government of its own (GPE): US states,
    /// Crimea, Donetsk Oblast, Xinjiang.
    Region,
    /// A geographic area without its own government (LOC): seas, straits, deserts.
    Area,
}

/// A named place: city, region or geographic area.
#[derive(Debug)]
pub struct Place {
    /// GeoNames id for GeoNames places; ids of hand-written areas are >= 900,000,000.
    pub id: u32,
    /// The place's name ("Baranovichi").
    pub name: &'static str,
    /// Alternate Latin-script names ("Baranavichy", "Baranowicze").
    pub alt_names: Vec<&'static str>,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Alpha-2 code of the country it lies in (empty for international waters).
    pub country: &'static str,
    /// Coordinates (latitude, longitude), when known.
    pub coords: Option<(f64, f64)>,
    /// Population (0 when unknown or not applicable).
    pub population: u32,
    /// GeoNames first-level admin code (or US state code), empty when unknown.
    pub admin1: &'static str,
}

impl Place {
    /// The entity type the spec uses: GPE for cities and regions, LOC for areas.
    pub fn entity_type(&self) -> &'static str {
        match self.kind {
            PlaceKind::City | PlaceKind::Region => "GPE",
            PlaceKind::Area => "LOC",
        }
    }
}

/// A government body: a specific one ("the Kremlin" → RU GOV) or a generic one that a country
/// word specifies ("Defence Ministry" in "Polish Defence Ministry").
#[derive(Debug)]
pub struct GovBody {
    /// Stable id ("kremlin", "defence_ministry").
    pub id: &'static str,
    /// Canonical name ("Kremlin", "Defence Ministry").
    pub name: &'static str,
    /// Other names ("Ministry of Defence", "Defense Ministry").
    pub aliases: Vec<&'static str>,
    /// Alpha-2 code for country-specific bodies; `None` for generic ones.
    pub country: Option<&'static str>,
    /// The CAMEO role of the body.
    pub role: Role,
    /// Whether the name alone is worth matching ("Defence Ministry": yes; "troops": only with
    /// a country word, "Russian troops").
    pub standalone: bool,
}

/// A title or function word that marks a person's role ("President", "Defence Minister").
#[derive(Debug)]
pub struct Title {
    /// Stable id ("president").
    pub id: &'static str,
    /// Canonical title ("President").
    pub name: &'static str,
    /// Other forms ("Pres.", "presidential").
    pub aliases: Vec<&'static str>,
    /// The CAMEO role of holders of the title.
    pub role: Role,
}

/// The category of a weapon system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WeaponCategory {
    /// Fixed-wing aircraft.
    Aircraft,
    /// Helicopters.
    Helicopter,
    /// Air defence systems (surface-to-air missiles, guns, radars as part of a system).
    AirDefenceSystem,
    /// Tanks, infantry fighting vehicles, armoured personnel carriers.
    ArmouredVehicle,
    /// Guns, howitzers, mortars, rocket artillery.
    Artillery,
    /// Missiles (ballistic, cruise, air-to-air, anti-ship ...).
    Missile,
    /// Surface ships.
    Ship,
    /// Submarines.
    Submarine,
    /// Radars and other sensors.
    Sensor,
    /// Aircraft and ship engines.
    Engine,
    /// Uncrewed aerial vehicles, loitering munitions.
    Drone,
    /// Rifles, machine guns, pistols.
    SmallArms,
    /// Anti-tank guided and unguided weapons.
    AntiTankWeapon,
}

impl WeaponCategory {
    /// All categories, in catalogue order.
    pub const ALL: [WeaponCategory; 13] = [
        WeaponCategory::Aircraft,
        WeaponCategory::Helicopter,
        WeaponCategory::AirDefenceSystem,
        WeaponCategory::ArmouredVehicle,
        WeaponCategory::Artillery,
        WeaponCategory::Missile,
        WeaponCategory::Ship,
        WeaponCategory::Submarine,
        WeaponCategory::Sensor,
        WeaponCategory::Engine,
        WeaponCategory::Drone,
        WeaponCategory::SmallArms,
        WeaponCategory::AntiTankWeapon,
    ];

    /// The category name used in the output schema ("air defence system").
    pub fn as_str(self) -> &'static str {
        match self {
            WeaponCategory::Aircraft => "aircraft",
            WeaponCategory::Helicopter => "helicopter",
            WeaponCategory::AirDefenceSystem => "air defence system",
            WeaponCategory::ArmouredVehicle => "armoured vehicle",
            WeaponCategory::Artillery => "artillery",
            WeaponCategory::Missile => "missile",
            WeaponCategory::Ship => "ship",
            WeaponCategory::Submarine => "submarine",
            WeaponCategory::Sensor => "sensor",
            WeaponCategory::Engine => "engine",
            WeaponCategory::Drone => "drone",
            WeaponCategory::SmallArms => "small arms",
            WeaponCategory::AntiTankWeapon => "anti-tank weapon",
        }
    }

    /// Parses a category name as written by [`WeaponCategory::as_str`].
    pub fn parse(s: &str) -> Option<WeaponCategory> {
        WeaponCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for WeaponCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named weapon system in the catalogue.
#[derive(Debug)]
pub struct Weapon {
    /// Catalogue id ("s-400").
    pub id: &'static str,
    /// Canonical designation ("S-400").
    pub designation: &'static str,
    /// Other designations, names and NATO reporting names ("S-400 Triumf", "SA-21 Growler").
    pub aliases: Vec<&'static str>,
    /// What kind of system it is.
    pub category: WeaponCategory,
    /// Alpha-2 code of the country of origin.
    pub origin: &'static str,
}

/// A generic weapon noun ("planes", "tanks") with its canonical designation and category.
#[derive(Debug)]
pub struct GenericWeapon {
    /// Stable id ("aircraft").
    pub id: &'static str,
    /// Canonical designation for the arms register ("aircraft", "helicopters", "tanks").
    pub designation: &'static str,
    /// Nouns that mean it ("planes", "jets", "fighter jets").
    pub aliases: Vec<&'static str>,
    /// The category; `None` for catch-all nouns ("weapons", "arms", "ammunition").
    pub category: Option<WeaponCategory>,
}

/// A known political or military leader.
#[derive(Debug)]
pub struct Person {
    /// Stable id ("alexander-lukashenko").
    pub id: &'static str,
    /// Full name ("Alexander Lukashenko").
    pub name: &'static str,
    /// Other spellings and the surname ("Lukashenko", "Alyaksandr Lukashenka").
    pub aliases: Vec<&'static str>,
    /// Alpha-2 code of the country the person acts for (empty for international officials).
    pub country: &'static str,
    /// The CAMEO role.
    pub role: Role,
    /// The office held ("President", "Defence Minister").
    pub office: &'static str,
    /// Year the office was taken, when known.
    pub from: Option<i32>,
    /// Year the office was left; `None` when in office as of `as_of`.
    pub to: Option<i32>,
    /// The year the record was written: an open `to` means "in office" as of then (2014 for
    /// people from the Phoenix dictionary, 2025 for the hand-written list).
    pub as_of: i32,
}
