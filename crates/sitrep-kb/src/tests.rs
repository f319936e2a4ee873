//! Tests of the embedded knowledge base and its lookups.

use super::*;

fn kb() -> &'static Kb {
    Kb::global()
}

fn alpha2(c: Option<&Country>) -> Option<&str> {
    c.map(|c| &*c.alpha2)
}

#[test]
fn loads_quickly() {
    let t = std::time::Instant::now();
    let kb = Kb::load().expect("embedded data is valid");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "kb load: {ms:.1} ms; {} countries, {} orgs, {} places, {} weapons, {} persons, {} keys",
        kb.countries.len(),
        kb.orgs.len(),
        kb.places.len(),
        kb.weapons.len(),
        kb.persons.len(),
        kb.index.len()
    );
}

#[test]
fn countries_are_complete() {
    let kb = kb();
    assert!(kb.countries().len() >= 249, "{}", kb.countries().len());
    for c in kb.countries() {
        assert_eq!(
            kb.country_by_alpha2(&c.alpha2).map(|x| &*x.alpha3),
            Some(&*c.alpha3)
        );
    }
    assert_eq!(alpha2(kb.country("BLR")), Some("BY"));
    assert_eq!(alpha2(kb.country("BY")), Some("BY"));
    let minsk = kb
        .country("Belarus")
        .and_then(|c| c.capital_coords)
        .expect("coords");
    assert!((minsk.0 - 53.9).abs() < 0.1 && (minsk.1 - 27.56).abs() < 0.1);
    assert_eq!(kb.country("Belarus").map(|c| &*c.capital), Some("Minsk"));
}

#[test]
fn country_aliases_resolve() {
    let kb = kb();
    for (name, code) in [
        ("US", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("United States of America", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("Russian Federation", "RU"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("UAE", "AE"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
    ] {
        assert_eq!(alpha2(kb.country(name)), Some(code), "{name}");
    }
    // Common words keep their case: "turkey" the bird is no country.
    assert_eq!(alpha2(kb.country("turkey")), None);
    assert_eq!(alpha2(kb.country("us")), None);
}

#[test]
fn demonyms_resolve() {
    let kb = kb();
    for (word, code) in [
        ("Belarusian", "BY"),
        ("Emirati", "AE"),
        ("Polish", "PL"),
        ("American", "US"),
        ("British", "GB"),
        ("Russian", "RU"),
        ("Ukrainian", "UA"),
        ("Chinese", "CN"),
    ] {
        assert_eq!(alpha2(kb.demonym(word)), Some(code), "{word}");
    }
    assert!(kb.demonym("polish").is_none());
}

#[test]
fn historical_states_and_regions() {
    let kb = kb();
    let su = kb.historical_state("USSR").expect("USSR");
    assert_eq!(su.actor.as_deref(), Some("SUN"));
    assert_eq!(
        kb.historical_state("Soviet Union").map(|h| &*h.id),
        Some("su")
    );
    assert!(kb.historical_state("Yugoslavia").is_some());
    assert!(kb.historical_state("East Germany").is_some());
    assert_eq!(kb.region("the West").map(|r| &*r.id), Some("west"));
    assert_eq!(kb.region("Baltic states").map(|r| &*r.id), Some("baltics"));
    assert!(kb.region("Sahel").is_some());
    assert!(kb.region("Central Asia").is_some());
}

#[test]
fn orgs_resolve() {
    let kb = kb();
    assert!(kb.orgs().len() >= 60);
    assert_eq!(kb.org("NATO").and_then(|o| o.code.as_deref()), Some("NAT"));
    assert_eq!(
        kb.org("European Union").and_then(|o| o.code.as_deref()),
        Some("EUR")
    );
    assert_eq!(kb.org("U.N.").and_then(|o| o.code.as_deref()), Some("UNO"));
    for name in [
        "CSTO",
        "OSCE",
        "ASEAN",
        "OPEC",
        "IAEA",
        "Red Cross",
        "Arab League",
        "G7",
        "G20",
    ] {
        assert!(kb.org(name).is_some(), "{name}");
    }
    assert!(kb.org("WHO").is_some());
    assert!(kb.org("who").is_none());
}

#[test]
fn places_with_coords() {
    let kb = kb();
    let minsk = kb.places_named("Minsk");
    assert_eq!(minsk.first().map(|p| &*p.country), Some("BY"));
    assert!(minsk[0].coords.is_some());
    let b = kb.places_named("Baranovichi");
    assert_eq!(b.first().map(|p| &*p.country), Some("BY"));
    let b2 = kb.places_named("Baranavichy");
    assert_eq!(b2.first().map(|p| p.id), b.first().map(|p| p.id));
    assert_eq!(
        kb.places_named("Kherson").first().map(|p| &*p.country),
        Some("UA")
    );
    let tripoli: Vec<&str> = kb
        .places_named("Tripoli")
        .iter()
        .map(|p| &*p.country)
        .collect();
    assert!(
        tripoli.contains(&"LY") && tripoli.contains(&"LB"),
        "{tripoli:?}"
    );
    assert_eq!(tripoli[0], "LY");
    let georgia = kb.lookup("Georgia");
    assert!(georgia
        .iter()
        .any(|e| matches!(e, Entry::Country(c) if &*c.alpha2 == "GE")));
    assert!(georgia
        .iter()
        .any(|e| matches!(e, Entry::Place(p) if &*p.country == "US")));
    assert!(!kb.places_named("Crimea").is_empty());
    assert!(!kb.places_named("Gaza Strip").is_empty());
}

#[test]
fn weapons_resolve() {
    let kb = kb();
    let s400 = kb.weapon("S-400").expect("S-400");
    for name in [
        "S400",
        "S-400s",
        "s-400",
        "S-400 Triumf",
        "SA-21 Growler",
        "SA-21",
    ] {
        assert_eq!(kb.weapon(name).map(|w| &*w.id), Some(&*s400.id), "{name}");
    }
    assert_eq!(s400.category, WeaponCategory::AirDefenceSystem);
    assert_eq!(&*s400.origin, "RU");
    assert_eq!(kb.weapon("Tor").map(|w| &*w.id), Some("tor"));
    assert_eq!(kb.weapon("SA-15 Gauntlet").map(|w| &*w.id), Some("tor"));
    assert_eq!(kb.weapon("Tor-M2").map(|w| &*w.id), Some("tor"));
    assert!(kb.weapon("tor").is_none());
    assert_eq!(
        kb.weapon("Bayraktar TB2").map(|w| w.category),
        Some(WeaponCategory::Drone)
    );
    assert_eq!(kb.weapon("Su-30SMs").map(|w| &*w.id), Some("su-30sm"));
}

#[test]
fn generic_weapons_resolve() {
    let kb = kb();
    assert_eq!(
        kb.generic_weapon("planes").map(|g| &*g.designation),
        Some("aircraft")
    );
    assert_eq!(
        kb.generic_weapon("fighter jets").map(|g| &*g.designation),
        Some("aircraft")
    );
    assert_eq!(
        kb.generic_weapon("helicopters").map(|g| &*g.designation),
        Some("helicopters")
    );
    assert_eq!(
        kb.generic_weapon("howitzers").and_then(|g| g.category),
        Some(WeaponCategory::Artillery)
    );
    assert_eq!(
        kb.generic_weapon("tanks").and_then(|g| g.category),
        Some(WeaponCategory::ArmouredVehicle)
    );
}

#[test]
fn gov_bodies_resolve() {
    let kb = kb();
    let check = |phrase: &str, country: Option<&str>, role: Role| {
        let g = kb.gov_body(phrase).unwrap_or_else(|| panic!("{phrase}"));
        assert_eq!(g.country.map(|c| &*c.alpha2), country, "{phrase}");
        assert_eq!(g.role(), role, "{phrase}");
    };
    check("Russian Defense Ministry", Some("RU"), Role::Mil);
    check("Polish Foreign Ministry", Some("PL"), Role::Dip);
    check("Ministry of Defence of Russia", Some("RU"), Role::Mil);
    check("Poland's Foreign Ministry", Some("PL"), Role::Dip);
    check("Defence Ministry", None, Role::Mil);
    check("the Kremlin", Some("RU"), Role::Gov);
    check("the White House", Some("US"), Role::Gov);
    check("the Pentagon", Some("US"), Role::Mil);
    check("Downing Street", Some("GB"), Role::Gov);
    check("the Elysee", Some("FR"), Role::Gov);
    check("Élysée", Some("FR"), Role::Gov);
    check("Zhongnanhai", Some("CN"), Role::Gov);
    check("the Bundeswehr", Some("DE"), Role::Mil);
    check("the Blue House", Some("KR"), Role::Gov);
    check("Belarusian troops", Some("BY"), Role::Mil);
    assert_eq!(
        kb.gov_body("Russian Defense Ministry")
            .and_then(|g| g.actor())
            .as_deref(),
        Some("RUSMIL")
    );
    assert!(kb.gov_body("troops").is_none());
}

#[test]
fn titles_and_people() {
    let kb = kb();
    assert_eq!(kb.title_role("President"), Some(Role::Gov));
    assert_eq!(kb.title_role("Defence Minister"), Some(Role::Mil));
    assert_eq!(kb.title_role("defense minister"), Some(Role::Mil));
    assert_eq!(kb.title_role("General"), Some(Role::Mil));
    assert_eq!(kb.title_role("ambassador"), Some(Role::Dip));
    assert_eq!(kb.title_role("strongman"), Some(Role::Gov));
    let t = kb.title("Belarusian President").expect("title");
    assert_eq!(t.country.map(|c| &*c.alpha2), Some("BY"));
    let p = kb.person("Lukashenko").expect("Lukashenko");
    assert_eq!((&*p.country, p.role), ("BY", Role::Gov));
    assert_eq!(
        kb.person("Alexander Lukashenko").map(|p| &*p.id),
        Some(&*p.id)
    );
    assert_eq!(Entry::Person(p).actor().as_deref(), Some("BLRGOV"));
}

fn spans<'a>(kb: &'a Kb, tokens: &[&'a str]) -> Vec<(String, EntryKind)> {
    kb.match_phrases(tokens)
        .into_iter()
        .map(|m| (tokens[m.start..m.end].join(" "), m.entries[0].kind()))
        .collect()
}

#[test]
fn matcher_finds_multi_token_names() {
    let kb = kb();
    let toks = [
        "The",
        "United",
        "States",
        "and",
        "South",
        "Korea",
        "said",
        "the",
        "European",
        "Union",
        "and",
        "NATO",
        "in",
        "New",
        "York",
        "saw",
        "Russia",
        "'s",
        "S-400s",
        ",",
        "Bayraktar",
        "TB2",
        "drones",
        "and",
        "S-400",
        "Triumf",
        "systems",
        ".",
    ];
    let found = spans(kb, &toks);
    for (text, kind) in [
        ("United States", EntryKind::Country),
        ("South Korea", EntryKind::Country),
        ("European Union", EntryKind::Org),
        ("NATO", EntryKind::Org),
        ("New York", EntryKind::Place),
        ("Russia", EntryKind::Country),
        ("S-400s", EntryKind::Weapon),
        ("Bayraktar TB2", EntryKind::Weapon),
        ("drones", EntryKind::GenericWeapon),
        ("S-400 Triumf", EntryKind::Weapon),
    ] {
        assert!(
            found.iter().any(|(t, k)| t == text && *k == kind),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn matcher_joins_country_words_with_bodies() {
    let kb = kb();
    let toks = [
        "The",
        "Russian",
        "Defense",
        "Ministry",
        "and",
        "Belarus",
        "'s",
        "President",
        "met",
        ".",
    ];
    let ms = kb.match_phrases(&toks);
    let body = ms.iter().find(|m| m.start == 1).expect("body");
    assert_eq!(body.end, 4);
    assert_eq!(body.entries[0].actor().as_deref(), Some("RUSMIL"));
    let title = ms.iter().find(|m| m.start == 5).expect("title");
    assert_eq!(title.end, 8);
    assert_eq!(title.entries[0].actor().as_deref(), Some("BLRGOV"));
}

#[test]
fn matcher_keeps_common_words_apart() {
    let kb = kb();
    let toks = [
        "us", "and", "the", "tor", "browser", "in", "turkey", "who", "said",
    ];
    assert!(kb.match_phrases(&toks).is_empty(), "{:?}", spans(kb, &toks));
    let toks = ["Turkey", "bought", "Tor", "systems"];
    let found = spans(kb, &toks);
    assert!(found.iter().any(|(t, _)| t == "Turkey"));
    assert!(found
        .iter()
        .any(|(t, k)| t == "Tor" && *k == EntryKind::Weapon));
}
