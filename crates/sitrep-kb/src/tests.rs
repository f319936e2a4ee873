//! Tests of the embedded knowledge base and its lookups.

use super::*;

fn kb() -> &'static Kb {
    Kb::global()
}

fn alpha2(c: Option<&Country>) -> Option<&str> {
    c.map(|c| c.alpha2)
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
            kb.country_by_alpha2(c.alpha2).map(|x| x.alpha3),
            Some(c.alpha3)
        );
    }
    assert_eq!(alpha2(kb.country("BLR")), Some("BY"));
    assert_eq!(alpha2(kb.country("BY")), Some("BY"));
    let minsk = kb
        .country("Belarus")
        .and_then(|c| c.capital_coords)
        .expect("coords");
    assert!((minsk.0 - 53.9).abs() < 0.1 && (minsk.1 - 27.56).abs() < 0.1);
    assert_eq!(kb.country("Belarus").map(|c| c.capital), Some("Minsk"));
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
    assert_eq!(su.actor, Some("SUN"));
    assert_eq!(
        kb.historical_state("Soviet Union").map(|h| h.id),
        Some("su")
    );
    assert!(kb.historical_state("Yugoslavia").is_some());
    assert!(kb.historical_state("East Germany").is_some());
    assert_eq!(kb.region("the West").map(|r| r.id), Some("west"));
    assert_eq!(kb.region("Baltic states").map(|r| r.id), Some("baltics"));
    assert!(kb.region("Sahel").is_some());
    assert!(kb.region("Central Asia").is_some());
}

#[test]
fn orgs_resolve() {
    let kb = kb();
    assert!(kb.orgs().len() >= 60);
    assert_eq!(kb.org("NATO").and_then(|o| o.code), Some("NAT"));
    assert_eq!(kb.org("European Union").and_then(|o| o.code), Some("EUR"));
    assert_eq!(kb.org("U.N.").and_then(|o| o.code), Some("UNO"));
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
    assert_eq!(minsk.first().map(|p| p.country), Some("BY"));
    assert!(minsk[0].coords.is_some());
    let b = kb.places_named("Baranovichi");
    assert_eq!(b.first().map(|p| p.country), Some("BY"));
    let b2 = kb.places_named("Baranavichy");
    assert_eq!(b2.first().map(|p| p.id), b.first().map(|p| p.id));
    assert_eq!(
        kb.places_named("Kherson").first().map(|p| p.country),
        Some("UA")
    );
    let tripoli: Vec<&str> = kb
        .places_named("Tripoli")
        .iter()
        .map(|p| p.country)
        .collect();
    assert!(
        tripoli.contains(&"LY") && tripoli.contains(&"LB"),
        "{tripoli:?}"
    );
    assert_eq!(tripoli[0], "LY");
    let georgia = kb.lookup("Georgia");
    assert!(georgia
        .iter()
        .any(|e| matches!(e, Entry::Country(c) if c.alpha2 == "GE")));
    assert!(georgia
        .iter()
        .any(|e| matches!(e, Entry::Place(p) if p.country == "US")));
    let state = kb
        .places_named("Georgia")
        .into_iter()
        .find(|p| p.country == "US")
        .expect("US state");
    assert_eq!((state.kind, state.admin1), (PlaceKind::Region, "GA"));
    assert!(state.coords.is_some());
    assert!(!kb.places_named("Crimea").is_empty());
    assert!(!kb.places_named("Gaza Strip").is_empty());
}

#[test]
fn weapons_resolve() {
    let kb = kb();
    assert!(kb.weapons().len() >= 300, "{}", kb.weapons().len());
    for (name, id) in [
        ("SS-26 Stone", "iskander"),
        ("Iskander-M", "iskander"),
        ("HIMARS", "m142"),
        ("M142", "m142"),
        ("MIM-104", "patriot"),
        ("Patriot", "patriot"),
        ("Patriots", "patriot"),
        ("Fighting Falcon", "f-16"),
        ("F-16s", "f-16"),
        ("Leopard 2A6", "leopard-2"),
        ("Leopard-2", "leopard-2"),
        ("Mi-17", "mi-17"),
        ("Mi-8", "mi-8"),
        ("Ka-52", "ka-52"),
        ("Black Hawk", "uh-60"),
        ("Shahed-136", "shahed-136"),
        ("Geran-2", "shahed-136"),
        ("Storm Shadow", "storm-shadow"),
        ("Iron Dome", "iron-dome"),
        ("David's Sling", "davids-sling"),
        ("MQ-9 Reaper", "mq-9"),
        ("BTR-82A", "btr-82a"),
        ("T-72B3", "t-72"),
        ("Javelins", "javelin"),
        ("NLAW", "nlaw"),
        ("Kalibr", "kalibr"),
        ("Kinzhal", "kinzhal"),
        ("Gepard", "gepard"),
        ("IRIS-T SLM", "iris-t"),
        ("NASAMS", "nasams"),
        ("Challenger 2", "challenger-2"),
        ("Krab", "krab"),
        ("Caesar", "caesar"),
        ("Pantsir-S1", "pantsir"),
        ("Buk-M3", "buk"),
        ("J-10C", "j-10"),
        ("JF-17", "jf-17"),
        ("Eurofighter Typhoon", "eurofighter"),
        ("Gripen", "gripen"),
        ("Rafale", "rafale"),
        ("F-35A", "f-35"),
        ("Su-35", "su-35"),
        ("MiG-29", "mig-29"),
        ("Apache", "ah-64"),
        ("Bradley", "m2-bradley"),
        ("Stryker", "stryker"),
        ("Abrams", "m1-abrams"),
        ("T-90", "t-90"),
        ("Stinger", "stinger"),
        ("ATACMS", "atacms"),
        ("Harpoon", "harpoon"),
    ] {
        assert_eq!(kb.weapon(name).map(|w| w.id), Some(id), "{name}");
    }
    let s400 = kb.weapon("S-400").expect("S-400");
    for name in [
        "S400",
        "S-400s",
        "s-400",
        "S-400 Triumf",
        "SA-21 Growler",
        "SA-21",
    ] {
        assert_eq!(kb.weapon(name).map(|w| w.id), Some(s400.id), "{name}");
    }
    assert_eq!(s400.category, WeaponCategory::AirDefenceSystem);
    assert_eq!(s400.origin, "RU");
    assert_eq!(kb.weapon("Tor").map(|w| w.id), Some("tor"));
    assert_eq!(kb.weapon("SA-15 Gauntlet").map(|w| w.id), Some("tor"));
    assert_eq!(kb.weapon("Tor-M2").map(|w| w.id), Some("tor"));
    assert!(kb.weapon("tor").is_none());
    assert_eq!(
        kb.weapon("Bayraktar TB2").map(|w| w.category),
        Some(WeaponCategory::Drone)
    );
    assert_eq!(kb.weapon("Su-30SMs").map(|w| w.id), Some("su-30sm"));
}

#[test]
fn generic_weapons_resolve() {
    let kb = kb();
    assert_eq!(
        kb.generic_weapon("planes").map(|g| g.designation),
        Some("aircraft")
    );
    assert_eq!(
        kb.generic_weapon("fighter jets").map(|g| g.designation),
        Some("aircraft")
    );
    assert_eq!(
        kb.generic_weapon("helicopters").map(|g| g.designation),
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
        assert_eq!(g.country.map(|c| c.alpha2), country, "{phrase}");
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
    assert_eq!(t.country.map(|c| c.alpha2), Some("BY"));
    let p = kb.person("Lukashenko").expect("Lukashenko");
    assert_eq!((p.country, p.role), ("BY", Role::Gov));
    assert_eq!(kb.person("Alexander Lukashenko").map(|p| p.id), Some(p.id));
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

#[test]
fn outlets_file_parses() {
    // data/outlets.tsv is read by the article reader; checked here where it is maintained.
    let text = include_str!("../../../data/outlets.tsv");
    let rows = rows("outlets.tsv", text, 3, 3).expect("three fields a line");
    let kb = kb();
    let mut domains = std::collections::HashSet::new();
    for row in &rows {
        let domain = row.get(0);
        assert!(
            domain.contains('.') && domain == domain.to_lowercase(),
            "line {}",
            row.line
        );
        assert!(!row.get(1).is_empty(), "line {}", row.line);
        assert!(
            kb.country_by_alpha2(row.get(2)).is_some(),
            "line {}: {}",
            row.line,
            row.get(2)
        );
        assert!(domains.insert(domain), "duplicate domain {domain}");
    }
    assert!(domains.len() >= 200, "{}", domains.len());
    for d in [
        "themoscowtimes.com",
        "reuters.com",
        "apnews.com",
        "bbc.co.uk",
        "tass.ru",
        "janes.com",
    ] {
        assert!(domains.contains(d), "{d}");
    }
}

#[test]
fn matcher_keeps_designations_apart_from_prose() {
    let kb = kb();
    let toks = [
        "shares", "rose", "at", "6", "pm", "and", "a", "29", "percent", "gain",
    ];
    assert!(kb.match_phrases(&toks).is_empty(), "{:?}", spans(kb, &toks));
    let toks = [
        "Poland",
        "ordered",
        "K2",
        "Black",
        "Panther",
        "tanks",
        "and",
        "Type",
        "055",
        "destroyers",
    ];
    let found = spans(kb, &toks);
    assert!(
        found
            .iter()
            .any(|(t, k)| t == "K2 Black Panther" && *k == EntryKind::Weapon),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(t, k)| t == "Type 055" && *k == EntryKind::Weapon),
        "{found:?}"
    );
}

#[test]
fn people_from_the_phoenix_dictionary() {
    let kb = kb();
    assert!(kb.persons().len() > 10_000);
    let obama = kb.person("Barack Obama").expect("Obama");
    assert_eq!(
        (obama.country, obama.role, obama.from),
        ("US", Role::Gov, Some(2009))
    );
    // The office held now comes first.
    assert_eq!(kb.person("Shmyhal").map(|p| p.role), Some(Role::Mil));
    // Hand-written records win over the older dictionary.
    assert_eq!(
        kb.person("Lukashenka").map(|p| p.id),
        Some("alexander-lukashenko")
    );
}

#[test]
fn matcher_reads_origin_compounds() {
    let kb = kb();
    let toks = [
        "Russian-made",
        "S-400s",
        "and",
        "Iran-backed",
        "Houthis",
        "and",
        "NATO-led",
        "forces",
    ];
    let ms = kb.match_phrases(&toks);
    let at = |i: usize| {
        ms.iter()
            .find(|m| m.start == i)
            .map(|m| m.entries[0].country())
    };
    assert_eq!(at(0), Some(Some("RU")));
    assert_eq!(at(3), Some(Some("IR")));
    assert!(ms
        .iter()
        .any(|m| m.start == 6 && matches!(m.entries[0], Entry::Org(o) if o.id == "nato")));
    assert!(kb.match_phrases(&["well-made", "pro-Russian"]).is_empty());
}

#[test]
fn country_codes_in_all_files_are_known() {
    let kb = kb();
    let known = |code: &str| kb.country_by_alpha2(code).is_some();
    for w in kb.weapons() {
        assert!(known(w.origin), "weapon {}: {}", w.id, w.origin);
    }
    for o in kb.orgs() {
        assert!(o.country.is_none_or(known), "org {}", o.id);
    }
    for g in kb.gov_bodies() {
        assert!(g.country.is_none_or(known), "gov body {}", g.id);
    }
    for p in kb.persons() {
        assert!(known(p.country), "person {}: {}", p.id, p.country);
    }
    for r in kb.regions() {
        assert!(r.members.iter().all(|c| known(c)), "region {}", r.id);
    }
    for h in kb.historical_states() {
        assert!(
            h.successors.iter().all(|c| known(c)),
            "historical state {}",
            h.id
        );
    }
    for p in kb.places() {
        assert!(
            p.country.is_empty() || known(p.country),
            "place {}: {}",
            p.id,
            p.country
        );
    }
}

#[test]
fn capitals_stand_for_countries() {
    let kb = kb();
    for (city, code) in [
        ("Minsk", "BY"),
        ("Moscow", "RU"),
        ("Kiev", "UA"),
        ("Kyiv", "UA"),
        ("Warsaw", "PL"),
        ("Washington", "US"),
    ] {
        assert_eq!(
            kb.capital_country(city).map(|c| c.alpha2),
            Some(code),
            "{city}"
        );
    }
    assert!(kb.capital_country("Baranovichi").is_none());
}

#[test]
fn common_words_in_any_case() {
    let kb = Kb::global();
    assert!(kb.is_common_word("Operating"));
    assert!(kb.is_common_word("player"));
    assert!(!kb.is_common_word("Lukashenko"));
    assert!(!kb.is_common_word(""));
}
