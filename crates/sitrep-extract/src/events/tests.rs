//! Event unit tests: one short sentence (or two) each, with a hand-built entity layer in which
//! every name of a small world gazetteer is found; times are marked where listed.

use std::collections::BTreeSet;

use sitrep_core::schema::{Entity, Event, TimeExpr};
use sitrep_core::text::Text;

use super::{explain, extract_events, extract_events_explained};
use crate::annotate::{entities, times, Spec};

/// (type, country, names, category)
const WORLD: &[(&str, &str, &str, &str)] = &[
    (
        "PERSON",
        "BY",
        "Alexander Lukashenko|Lukashenko|the strongman",
        "-",
    ),
    ("PERSON", "RU", "Vladimir Putin|Putin", "-"),
    ("PERSON", "UA", "Volodymyr Zelensky|Zelensky", "-"),
    ("PERSON", "US", "Joe Biden|Biden", "-"),
    ("PERSON", "CN", "Xi Jinping|Xi", "-"),
    ("PERSON", "TR", "Recep Tayyip Erdogan|Erdogan", "-"),
    ("PERSON", "PL", "Mateusz Morawiecki|Morawiecki", "-"),
    ("GPE", "RU", "Russia", "-"),
    ("GPE", "BY", "Belarus", "-"),
    ("GPE", "UA", "Ukraine", "-"),
    ("GPE", "PL", "Poland", "-"),
    ("GPE", "CN", "China", "-"),
    ("GPE", "IN", "India", "-"),
    (
        "GPE",
        "US",
        "the United States|The United States|Washington",
        "-",
    ),
    ("GPE", "DE", "Germany|Berlin", "-"),
    ("GPE", "FR", "France|Paris", "-"),
    ("GPE", "TR", "Turkey|Ankara", "-"),
    ("GPE", "IR", "Iran|Tehran", "-"),
    ("GPE", "IL", "Israel", "-"),
    ("GPE", "EG", "Egypt", "-"),
    ("GPE", "SA", "Saudi Arabia|Riyadh", "-"),
    ("GPE", "TW", "Taiwan", "-"),
    ("GPE", "GB", "Britain|London", "-"),
    ("GPE", "LT", "Lithuania", "-"),
    ("GPE", "SY", "Syria", "-"),
    ("GPE", "RU", "Moscow", "-"),
    ("GPE", "BY", "Minsk", "-"),
    ("GPE", "UA", "Kyiv", "-"),
    ("GPE", "CN", "Beijing", "-"),
    ("GPE", "PL", "Warsaw", "-"),
    ("GPE", "RU", "Sochi", "-"),
    ("GPE", "ID", "Bali", "-"),
    ("LOC", "PS", "Gaza", "-"),
    ("ORG", "RU", "the Kremlin|Kremlin", "-"),
    ("ORG", "RU", "Rosoboronexport", "-"),
    ("ORG", "US", "Lockheed Martin", "-"),
    ("NORP", "RU", "Russian", "-"),
    ("NORP", "BY", "Belarusian", "-"),
    ("NORP", "UA", "Ukrainian", "-"),
    ("NORP", "PL", "Polish", "-"),
    ("NORP", "CN", "Chinese", "-"),
    ("NORP", "US", "American", "-"),
    ("WEAPON", "-", "S-400", "air defence system"),
    ("WEAPON", "-", "Tor", "air defence system"),
    ("WEAPON", "-", "Su-30SM", "aircraft"),
    ("WEAPON", "-", "F-16", "aircraft"),
    ("WEAPON", "-", "HIMARS", "rocket artillery"),
    ("WEAPON", "-", "Leopard", "tank"),
    ("WEAPON", "-", "Rafale", "aircraft"),
    ("WEAPON", "-", "Abrams", "tank"),
];

/// Time phrases marked when they occur.
const TIMES: &[(&str, &str)] = &[
    ("on Monday", "2021-09-13"),
    ("On Friday", "2021-09-10"),
    ("on Friday", "2021-09-10"),
    ("on Sunday", "2021-09-12"),
    ("next month", "2021-10"),
    ("next week", "2021-W38"),
    ("last year", "2020"),
    ("in 1939", "1939"),
    ("by 2025", "2025"),
    ("by mid-October", "2021-10"),
    ("Nov. 4", "2021-11-04"),
];

fn layers(text: &str) -> (Text, Vec<Entity>, Vec<TimeExpr>) {
    let specs: Vec<Spec> = WORLD
        .iter()
        .map(|(k, c, n, cat)| Spec {
            kind: k,
            country: (*c != "-").then_some(*c),
            names: n.split('|').collect(),
            category: (*cat != "-").then_some(*cat),
        })
        .collect();
    let ents = entities(text, &specs);
    let mut tm = Vec::new();
    for (s, v) in TIMES {
        let n = tm.len() + 1;
        tm.extend(times(text, n, s, v));
    }
    (Text::new(text.to_string()), ents, tm)
}

fn run(text: &str) -> (Vec<Event>, Vec<Entity>, Vec<TimeExpr>) {
    let (t, ents, tm) = layers(text);
    let evs = extract_events(&t, &ents, &tm, &[]);
    (evs, ents, tm)
}

/// What a test checks about one event.
#[derive(Debug)]
struct Got {
    modality: String,
    source: BTreeSet<String>,
    target: BTreeSet<String>,
    participants: BTreeSet<String>,
    place: Option<String>,
    time: Option<String>,
    cameo: Option<String>,
}

fn countries(ents: &[Entity], ids: &[String]) -> BTreeSet<String> {
    ids.iter()
        .filter_map(|id| ents.iter().find(|e| &e.id == id))
        .map(|e| e.country.clone().unwrap_or_else(|| e.name.clone()))
        .collect()
}

/// The first event of `kind` in `text`; panics with the whole layer when there is none.
fn one(text: &str, kind: &str) -> Got {
    let (evs, ents, tm) = run(text);
    let Some(e) = evs.iter().find(|e| e.kind == kind) else {
        panic!("no {kind} event in {text:?}: {evs:#?}");
    };
    Got {
        modality: e.modality.clone(),
        source: countries(&ents, &e.source),
        target: countries(&ents, &e.target),
        participants: countries(&ents, &e.participants),
        place: e
            .place
            .as_ref()
            .and_then(|p| ents.iter().find(|x| &x.id == p))
            .map(|x| x.name.clone()),
        time: e
            .time
            .as_ref()
            .and_then(|t| tm.iter().find(|x| &x.id == t))
            .map(|x| x.text.clone()),
        cameo: e.cameo.clone(),
    }
}

fn none(text: &str, kind: &str) {
    let (evs, _, _) = run(text);
    assert!(
        !evs.iter().any(|e| e.kind == kind),
        "unexpected {kind} in {text:?}: {evs:#?}"
    );
}

fn set(xs: &[&str]) -> BTreeSet<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

/// Everyone named on the event, whatever the role.
fn all(g: &Got) -> BTreeSet<String> {
    g.source
        .iter()
        .chain(&g.target)
        .chain(&g.participants)
        .cloned()
        .collect()
}

// ---- arms transfers

#[test]
fn future_supply_is_planned() {
    let g = one(
        "Russia will supply Belarus with S-400 systems.",
        "arms_transfer",
    );
    assert_eq!(g.modality, "planned");
    assert_eq!(g.source, set(&["RU"]));
    assert_eq!(g.target, set(&["BY"]));
}

#[test]
fn capital_as_buyer_and_demonym_as_seller() {
    let g = one("Minsk planned to buy Russian arms.", "arms_transfer");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("planned", set(&["BY"]), set(&["RU"]))
    );
}

#[test]
fn possessive_names_the_seller_of_a_wanted_system() {
    let g = one(
        "Belarus wants to buy Russia's S-400 systems.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("desired", set(&["BY"]), set(&["RU"]))
    );
}

#[test]
fn agreed_sale_to_a_recipient() {
    let g = one(
        "Russia agreed to sell Su-30SM jets to Belarus.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("agreed", set(&["RU"]), set(&["BY"]))
    );
}

#[test]
fn past_purchase_is_asserted() {
    let g = one("India bought S-400 systems from Russia.", "arms_transfer");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["IN"]), set(&["RU"]))
    );
    assert_eq!(g.cameo.as_deref(), Some("062"));
}

#[test]
fn delivery_is_asserted() {
    let g = one(
        "The United States delivered HIMARS to Ukraine.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["US"]), set(&["UA"]))
    );
}

#[test]
fn passive_supply_takes_the_by_agent_as_source() {
    let g = one(
        "Ukraine was supplied with HIMARS by the United States.",
        "arms_transfer",
    );
    assert_eq!((g.source, g.target), (set(&["US"]), set(&["UA"])));
}

#[test]
fn passive_sale_with_to_and_by() {
    let g = one(
        "F-16 jets were sold to Taiwan by the United States.",
        "arms_transfer",
    );
    assert_eq!((g.source, g.target), (set(&["US"]), set(&["TW"])));
}

#[test]
fn not_delivered_is_negated() {
    let g = one(
        "Russia did not deliver the S-400 systems to Iran.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("negated", set(&["RU"]), set(&["IR"]))
    );
}

#[test]
fn denial_scopes_over_the_reported_sale() {
    let g = one(
        "The Kremlin denied that it had sold weapons to Iran.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("negated", set(&["RU"]), set(&["IR"]))
    );
}

#[test]
fn could_is_hypothetical() {
    let g = one(
        "Germany could send Leopard tanks to Ukraine.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("hypothetical", set(&["DE"]), set(&["UA"]))
    );
}

#[test]
fn if_clause_is_hypothetical() {
    let g = one(
        "If Turkey buys more S-400 systems, Washington will impose sanctions.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source),
        ("hypothetical", set(&["TR"]))
    );
}

#[test]
fn expected_to_is_expected() {
    let g = one(
        "China is expected to deliver drones to Iran.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("expected", set(&["CN"]), set(&["IR"]))
    );
}

#[test]
fn reported_plan_keeps_its_modality() {
    let g = one(
        "Lukashenko said Minsk planned to buy weapons from Russia.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("planned", set(&["BY"]), set(&["RU"]))
    );
}

#[test]
fn object_control_gives_the_supplier() {
    let text = "Lukashenko thanked Putin for agreeing to supply Belarus with weapons.";
    let g = one(text, "arms_transfer");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("agreed", set(&["RU"]), set(&["BY"]))
    );
}

#[test]
fn contract_signed_by_a_company() {
    let g = one(
        "Rosoboronexport signed a contract to supply Su-30SM fighters to India.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("agreed", set(&["RU"]), set(&["IN"]))
    );
}

#[test]
fn company_sale_is_planned() {
    let g = one(
        "Lockheed Martin will sell F-16 jets to Taiwan.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("planned", set(&["US"]), set(&["TW"]))
    );
}

#[test]
fn buying_without_weapons_is_no_arms_transfer() {
    none("Russia will buy time before the talks.", "arms_transfer");
}

#[test]
fn noun_sale_with_possessive_and_to() {
    let g = one(
        "Russia's sale of S-400 systems to Turkey angered Washington.",
        "arms_transfer",
    );
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["TR"])));
}

#[test]
fn receiving_is_acquiring() {
    let g = one(
        "Ukraine received HIMARS from the United States.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["UA"]), set(&["US"]))
    );
}

#[test]
fn seeking_to_acquire_is_desired() {
    let g = one(
        "Iran is seeking to acquire fighter jets from Russia.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("desired", set(&["IR"]), set(&["RU"]))
    );
}

#[test]
fn ordered_from_a_supplier() {
    let g = one(
        "Poland has ordered 250 Abrams tanks from the United States.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["PL"]), set(&["US"]))
    );
}

#[test]
fn coordinated_recipients() {
    let g = one(
        "The United States will send weapons to Ukraine and Poland.",
        "arms_transfer",
    );
    assert_eq!(g.target, set(&["UA", "PL"]));
}

#[test]
fn may_is_hypothetical() {
    assert_eq!(
        one("Turkey may buy more S-400 systems.", "arms_transfer").modality,
        "hypothetical"
    );
}

#[test]
fn never_is_negated() {
    let g = one("Israel never sold drones to Russia.", "arms_transfer");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("negated", set(&["IL"]), set(&["RU"]))
    );
}

#[test]
fn refused_export_is_negated() {
    let g = one(
        "Berlin refused to approve the export of Leopard tanks to Saudi Arabia.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("negated", set(&["DE"]), set(&["SA"]))
    );
}

#[test]
fn deadline_is_the_time() {
    let g = one(
        "Russia intends to deliver S-400 systems to India by 2025.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.time.as_deref()),
        ("planned", Some("by 2025"))
    );
}

#[test]
fn already_delivered_is_asserted() {
    assert_eq!(
        one(
            "Russia has already delivered S-400 systems to India.",
            "arms_transfer"
        )
        .modality,
        "asserted"
    );
}

#[test]
fn asked_to_supply_is_desired() {
    let g = one(
        "Ukraine asked the United States to supply more HIMARS.",
        "arms_transfer",
    );
    assert_eq!((g.modality.as_str(), g.source), ("desired", set(&["US"])));
}

#[test]
fn critic_of_arms_sales_and_the_sales() {
    let text = "Beijing criticised Washington's arms sales to Taiwan.";
    let g = one(text, "arms_transfer");
    assert_eq!((g.source, g.target), (set(&["US"]), set(&["TW"])));
    let c = one(text, "criticism");
    assert_eq!((c.source, c.target), (set(&["CN"]), set(&["US"])));
}

#[test]
fn planned_arms_code_is_intent_to_cooperate_militarily() {
    let (t, ents, tm) = layers("Minsk planned to buy Russian arms.");
    let ev = extract_events(&t, &ents, &tm, &[]);
    let e = ev
        .iter()
        .find(|e| e.kind == "arms_transfer")
        .expect("event");
    assert_eq!(e.cameo.as_deref(), Some("0312"));
    assert_eq!(e.quad_class, Some(1));
    assert_eq!(e.goldstein, Some(5.2));
    assert_eq!(e.trigger, "planned to buy");
}

// ---- military exercises

#[test]
fn coordinated_subjects_launch_drills() {
    let g = one(
        "On Friday, Russia and Belarus launched military drills.",
        "military_exercise",
    );
    assert_eq!(
        (g.modality.as_str(), g.participants),
        ("asserted", set(&["RU", "BY"]))
    );
    assert_eq!(g.time.as_deref(), Some("On Friday"));
}

#[test]
fn joint_exercise_with_partner_next_month() {
    let g = one(
        "China will hold naval exercises with Russia next month.",
        "military_exercise",
    );
    assert_eq!(
        (g.modality.as_str(), g.participants),
        ("planned", set(&["CN", "RU"]))
    );
    assert_eq!(g.time.as_deref(), Some("next month"));
}

#[test]
fn wargames_by_one_country() {
    let g = one(
        "Poland held wargames near the Belarusian border.",
        "military_exercise",
    );
    assert!(g.participants.contains("PL"));
}

#[test]
fn demonym_subject_conducts_manoeuvres_in_a_place() {
    let g = one(
        "Russian troops are conducting manoeuvres in Belarus.",
        "military_exercise",
    );
    assert_eq!(g.participants, set(&["RU"]));
    assert_eq!(g.place.as_deref(), Some("Belarus"));
}

#[test]
fn led_by_modifier_names_the_organiser_not_the_observer() {
    let g = one("Lukashenko oversaw Moscow-led drills.", "military_exercise");
    assert_eq!(all(&g), set(&["RU"]));
}

#[test]
fn denied_exercises_are_negated() {
    let g = one(
        "Russia denied holding exercises near Ukraine.",
        "military_exercise",
    );
    assert_eq!(g.modality, "negated");
}

#[test]
fn scheduled_drills_are_planned() {
    let g = one(
        "Russia is scheduled to hold drills in Belarus.",
        "military_exercise",
    );
    assert_eq!(
        (g.modality.as_str(), g.place.as_deref()),
        ("planned", Some("Belarus"))
    );
}

#[test]
fn definite_drills_are_the_same_exercise() {
    let (evs, _, _) =
        run("Russia and Belarus launched drills on Friday. Putin said the drills were defensive.");
    assert_eq!(
        evs.iter().filter(|e| e.kind == "military_exercise").count(),
        1
    );
}

#[test]
fn joining_troops_join_the_exercise() {
    let text = "Russia and Belarus launched drills. The Kremlin said troops from India and China would also take part in the joint exercises.";
    let (evs, ents, _) = run(text);
    let ex: Vec<_> = evs
        .iter()
        .filter(|e| e.kind == "military_exercise")
        .collect();
    assert_eq!(ex.len(), 1);
    assert_eq!(
        countries(&ents, &ex[0].participants),
        set(&["RU", "BY", "IN", "CN"])
    );
}

// ---- troop movements

#[test]
fn deployment_to_a_country() {
    let g = one("Russia deployed troops to Belarus.", "troop_movement");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["RU"]), set(&["BY"]))
    );
}

#[test]
fn planned_withdrawal() {
    let g = one(
        "Russia will withdraw its troops from Syria.",
        "troop_movement",
    );
    assert_eq!((g.modality.as_str(), g.source), ("planned", set(&["RU"])));
}

#[test]
fn the_two_countries_troops_return() {
    let text = "Putin met Lukashenko in Minsk. The Kremlin said the two countries' troops would return to their bases by mid-October.";
    let g = one(text, "troop_movement");
    assert_eq!(g.modality, "planned");
    assert_eq!(all(&g), set(&["RU", "BY"]));
    assert_eq!(g.time.as_deref(), Some("by mid-October"));
}

#[test]
fn massing_troops() {
    let g = one("Russia is massing troops near Ukraine.", "troop_movement");
    assert_eq!(g.source, set(&["RU"]));
}

#[test]
fn moving_a_summit_is_no_troop_movement() {
    none("Russia moved the summit to Minsk.", "troop_movement");
}

// ---- attacks

#[test]
fn attack_with_time() {
    let g = one("Russia attacked Ukraine on Monday.", "military_attack");
    assert_eq!(
        (g.source, g.target, g.time.as_deref()),
        (set(&["RU"]), set(&["UA"]), Some("on Monday"))
    );
}

#[test]
fn invasion_verb() {
    let g = one("Germany invaded Poland in 1939.", "military_attack");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["DE"]), set(&["PL"]))
    );
}

#[test]
fn air_strike_on_a_place() {
    let g = one("Israel launched an air strike on Gaza.", "military_attack");
    assert_eq!((g.source, g.target), (set(&["IL"]), set(&["PS"])));
}

#[test]
fn invasion_noun_with_of_and_by() {
    let g = one(
        "The invasion of Ukraine by Russia shocked Europe.",
        "military_attack",
    );
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["UA"])));
}

#[test]
fn passive_attack_by_demonym() {
    let g = one("Kyiv was attacked by Russian drones.", "military_attack");
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["UA"])));
}

#[test]
fn threatened_attack_is_hypothetical() {
    let g = one("Iran threatened to attack Israel.", "military_attack");
    assert_eq!(
        (g.modality.as_str(), g.target),
        ("hypothetical", set(&["IL"]))
    );
    let t = one("Iran threatened to attack Israel.", "threat");
    assert_eq!(t.source, set(&["IR"]));
}

// ---- states of emergency

#[test]
fn state_of_emergency_introduced() {
    let g = one(
        "Poland introduced a state of emergency along its eastern border.",
        "state_of_emergency",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.cameo.as_deref()),
        ("asserted", set(&["PL"]), Some("1724"))
    );
}

#[test]
fn martial_law_declared_by_a_capital() {
    let g = one("Warsaw declared martial law.", "state_of_emergency");
    assert_eq!(g.source, set(&["PL"]));
}

#[test]
fn considering_a_state_of_emergency_is_hypothetical() {
    let g = one(
        "Lithuania is considering a state of emergency.",
        "state_of_emergency",
    );
    assert_eq!(
        (g.modality.as_str(), g.source),
        ("hypothetical", set(&["LT"]))
    );
}

#[test]
fn will_not_impose_is_negated() {
    let g = one(
        "Poland will not impose a state of emergency.",
        "state_of_emergency",
    );
    assert_eq!(g.modality, "negated");
}

#[test]
fn absolute_with_construction() {
    let g = one(
        "The drills rattled Europe, with Poland introducing a state of emergency.",
        "state_of_emergency",
    );
    assert_eq!(g.source, set(&["PL"]));
}

#[test]
fn repeated_state_of_emergency_is_one_event() {
    let text = "Poland introduced a state of emergency. Morawiecki said the drills were one reason Warsaw introduced the state of emergency.";
    let (evs, _, _) = run(text);
    assert_eq!(
        evs.iter()
            .filter(|e| e.kind == "state_of_emergency")
            .count(),
        1
    );
}

// ---- sanctions

#[test]
fn sanctions_imposed_on() {
    let g = one("The United States imposed sanctions on Russia.", "sanction");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["US"]), set(&["RU"]))
    );
}

#[test]
fn sanctioned_demonym_object() {
    let g = one("Washington sanctioned Belarusian officials.", "sanction");
    assert_eq!((g.source, g.target), (set(&["US"]), set(&["BY"])));
}

#[test]
fn planned_sanctions_against() {
    let g = one("Britain plans new sanctions against Iran.", "sanction");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("planned", set(&["GB"]), set(&["IR"]))
    );
}

#[test]
fn conditional_sanctions() {
    let g = one(
        "If Turkey buys more S-400 systems, Washington will impose sanctions.",
        "sanction",
    );
    assert_eq!(
        (g.modality.as_str(), g.source),
        ("hypothetical", set(&["US"]))
    );
}

// ---- meetings, visits, agreements

#[test]
fn leaders_met_in_a_place() {
    let g = one("Putin met Lukashenko in Sochi.", "meeting");
    assert_eq!(
        (g.modality.as_str(), all(&g)),
        ("asserted", set(&["RU", "BY"]))
    );
    assert_eq!(g.place.as_deref(), Some("Sochi"));
}

#[test]
fn talks_held_with_place_and_time() {
    let g = one(
        "Lukashenko held talks with Putin in Moscow on Monday.",
        "meeting",
    );
    assert_eq!(g.participants, set(&["BY", "RU"]));
    assert_eq!(
        (g.place.as_deref(), g.time.as_deref()),
        (Some("Moscow"), Some("on Monday"))
    );
}

#[test]
fn the_two_leaders_will_hold_talks() {
    let g = one(
        "Putin met Lukashenko on Friday. The two leaders will hold talks next month.",
        "meeting",
    );
    assert_eq!(g.participants, set(&["RU", "BY"]));
    let (evs, _, _) =
        run("Putin met Lukashenko on Friday. The two leaders will hold talks next month.");
    let planned = evs
        .iter()
        .find(|e| e.kind == "meeting" && e.modality == "planned");
    assert!(planned.is_some(), "{evs:#?}");
}

#[test]
fn phone_call_held() {
    let g = one("Xi and Putin held a phone call on Monday.", "meeting");
    assert_eq!(
        (g.participants, g.cameo.as_deref()),
        (set(&["CN", "RU"]), Some("041"))
    );
}

#[test]
fn expected_to_meet() {
    let g = one("Biden is expected to meet Xi in Bali.", "meeting");
    assert_eq!(
        (g.modality.as_str(), all(&g)),
        ("expected", set(&["US", "CN"]))
    );
}

#[test]
fn wants_to_meet() {
    let g = one("Zelensky wants to meet Putin.", "meeting");
    assert_eq!(
        (g.modality.as_str(), all(&g)),
        ("desired", set(&["UA", "RU"]))
    );
}

#[test]
fn would_not_hold_talks_in_reported_speech() {
    let g = one(
        "Lukashenko said he would not hold talks with Zelensky.",
        "meeting",
    );
    assert_eq!(
        (g.modality.as_str(), all(&g)),
        ("negated", set(&["BY", "UA"]))
    );
}

#[test]
fn reported_would_is_planned() {
    let g = one("Putin met Lukashenko on Friday, and Lukashenko said the two would also hold talks next month.", "meeting");
    let (evs, _, _) = run("Putin met Lukashenko on Friday, and Lukashenko said the two would also hold talks next month.");
    assert!(
        evs.iter()
            .any(|e| e.kind == "meeting" && e.modality == "planned"),
        "{evs:#?} {g:?}"
    );
}

#[test]
fn will_visit_a_capital() {
    let g = one("Xi will visit Moscow next week.", "visit");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("planned", set(&["CN"]), set(&["RU"]))
    );
}

#[test]
fn visited_a_capital() {
    let g = one("Biden visited Kyiv on Monday.", "visit");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["US"]), set(&["UA"]))
    );
}

#[test]
fn travelled_to() {
    let g = one("Putin travelled to Tehran.", "visit");
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["IR"])));
}

#[test]
fn signed_agreement() {
    let g = one(
        "Russia and Belarus signed an agreement on military cooperation.",
        "agreement",
    );
    assert_eq!(
        (g.modality.as_str(), g.participants, g.cameo.as_deref()),
        ("asserted", set(&["RU", "BY"]), Some("057"))
    );
}

#[test]
fn expected_in_a_capital_to_sign_is_planned_and_the_host_takes_part() {
    let g = one(
        "Putin is expected in Minsk to sign integration agreements on Nov. 4.",
        "agreement",
    );
    assert_eq!(g.modality, "planned");
    assert_eq!(g.participants, set(&["RU", "BY"]));
    assert_eq!(
        (g.place.as_deref(), g.time.as_deref()),
        (Some("Minsk"), Some("Nov. 4"))
    );
}

#[test]
fn set_to_sign_a_treaty() {
    let g = one("Moscow and Beijing are set to sign a treaty.", "agreement");
    assert_eq!(
        (g.modality.as_str(), g.participants),
        ("planned", set(&["RU", "CN"]))
    );
}

#[test]
fn refused_to_sign() {
    let g = one("Kyiv refused to sign an accord with Moscow.", "agreement");
    assert_eq!(
        (g.modality.as_str(), g.participants),
        ("negated", set(&["UA", "RU"]))
    );
}

#[test]
fn no_agreement_between() {
    let g = one(
        "No agreement was reached between Russia and Ukraine.",
        "agreement",
    );
    assert_eq!(
        (g.modality.as_str(), g.participants),
        ("negated", set(&["RU", "UA"]))
    );
}

// ---- statements, praise, thanks, criticism, warnings, threats, denials

#[test]
fn metonymic_kremlin_statement() {
    let g = one("The Kremlin said the drills were defensive.", "statement");
    assert_eq!(g.source, set(&["RU"]));
}

#[test]
fn inverted_speaker() {
    let g = one("\"We are ready,\" said Lukashenko.", "statement");
    assert_eq!(g.source, set(&["BY"]));
}

#[test]
fn praise_of_coordinated_demonyms() {
    let g = one(
        "Lukashenko praised Russian and Belarusian troops.",
        "praise",
    );
    assert_eq!((g.source, g.target), (set(&["BY"]), set(&["RU", "BY"])));
}

#[test]
fn descriptor_subject_after_fronted_phrase() {
    let g = one("Sporting a uniform near the city of Minsk in western Belarus, the strongman praised Russian troops.", "praise");
    assert_eq!((g.source, g.target), (set(&["BY"]), set(&["RU"])));
}

#[test]
fn hailed_is_praise_and_repeats_merge() {
    let (evs, _, _) =
        run("Lukashenko praised Russian troops. At the drills, Lukashenko hailed Russian troops.");
    assert_eq!(evs.iter().filter(|e| e.kind == "praise").count(), 1);
}

#[test]
fn thanks() {
    let g = one("Zelensky thanked Biden for the HIMARS.", "thanks");
    assert_eq!((g.source, g.target), (set(&["UA"]), set(&["US"])));
}

#[test]
fn condemned() {
    let g = one(
        "Poland condemned Belarus for the border crisis.",
        "criticism",
    );
    assert_eq!((g.source, g.target), (set(&["PL"]), set(&["BY"])));
}

#[test]
fn warned_of_possible_provocations_is_asserted() {
    let g = one("Morawiecki warned of possible provocations.", "warning");
    assert_eq!((g.modality.as_str(), g.source), ("asserted", set(&["PL"])));
}

#[test]
fn warned_a_country() {
    let g = one(
        "The United States warned Russia against an invasion of Ukraine.",
        "warning",
    );
    assert_eq!((g.source, g.target), (set(&["US"]), set(&["RU"])));
}

#[test]
fn threatened_with() {
    let g = one("Russia threatened Ukraine with retaliation.", "threat");
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["UA"])));
}

#[test]
fn denial() {
    let g = one("Moscow denied the accusations.", "denial");
    assert_eq!(g.source, set(&["RU"]));
}

// ---- protests, elections, arrests, aid

#[test]
fn protest_by_demonym_group() {
    let g = one(
        "Ukrainian activists protested outside the embassy.",
        "protest",
    );
    assert_eq!(g.source, set(&["UA"]));
}

#[test]
fn planned_elections() {
    let g = one(
        "Russia will hold parliamentary elections next week.",
        "election",
    );
    assert_eq!((g.modality.as_str(), g.source), ("planned", set(&["RU"])));
}

#[test]
fn past_election() {
    let g = one("Belarus held a disputed election last year.", "election");
    assert_eq!((g.modality.as_str(), g.source), ("asserted", set(&["BY"])));
}

#[test]
fn actorless_election_is_dropped() {
    none(
        "Protests followed a disputed election last year.",
        "election",
    );
}

#[test]
fn arrest_of_a_foreign_journalist() {
    let g = one("Belarusian police arrested a Polish journalist.", "arrest");
    assert_eq!((g.source, g.target), (set(&["BY"]), set(&["PL"])));
}

#[test]
fn passive_arrest() {
    let g = one(
        "A Polish journalist was arrested by Belarusian police.",
        "arrest",
    );
    assert_eq!((g.source, g.target), (set(&["BY"]), set(&["PL"])));
}

#[test]
fn military_aid_will_be_provided() {
    let g = one(
        "The United States will provide military aid to Ukraine.",
        "aid",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("planned", set(&["US"]), set(&["UA"]))
    );
}

#[test]
fn pledged_aid_is_agreed() {
    let g = one("Germany pledged humanitarian aid to Ukraine.", "aid");
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("agreed", set(&["DE"]), set(&["UA"]))
    );
}

// ---- modality details

#[test]
fn hopes_to_buy() {
    assert_eq!(
        one(
            "Belarus hopes to buy more Russian weapons.",
            "arms_transfer"
        )
        .modality,
        "desired"
    );
}

#[test]
fn likely_to_deploy() {
    assert_eq!(
        one(
            "Russia is likely to deploy troops to Belarus.",
            "troop_movement"
        )
        .modality,
        "expected"
    );
}

#[test]
fn not_yet_delivered() {
    assert_eq!(
        one(
            "Russia has not yet delivered the S-400 systems to India.",
            "arms_transfer"
        )
        .modality,
        "negated"
    );
}

#[test]
fn would_consider_is_hypothetical() {
    assert_eq!(
        one(
            "Germany would consider sending tanks to Ukraine.",
            "arms_transfer"
        )
        .modality,
        "hypothetical"
    );
}

#[test]
fn no_plans_to_buy() {
    assert_eq!(
        one(
            "India has no plans to buy more S-400 systems.",
            "arms_transfer"
        )
        .modality,
        "negated"
    );
}

#[test]
fn wanted_to_sign_a_deal_is_desired() {
    assert_eq!(
        one(
            "Egypt wanted to sign a contract to buy Rafale jets.",
            "arms_transfer"
        )
        .modality,
        "desired"
    );
}

#[test]
fn time_of_the_reporting_verb_is_not_the_events() {
    let g = one(
        "Lukashenko on Sunday said Minsk planned to buy Russian arms.",
        "arms_transfer",
    );
    assert_eq!(g.time, None);
    let g = one(
        "Lukashenko said on Sunday he wanted to buy Russia's S-400 systems.",
        "arms_transfer",
    );
    assert_eq!((g.time, g.source), (None, set(&["BY"])));
}

#[test]
fn pronoun_after_reporting_verb_is_the_speaker() {
    let text = "Lukashenko held talks with Putin and said on Sunday he wanted to buy Russia's S-400 systems.";
    let g = one(text, "arms_transfer");
    assert_eq!((g.source, g.target), (set(&["BY"]), set(&["RU"])));
}

#[test]
fn explanations_name_rule_trigger_and_roles() {
    let (t, ents, tm) = layers("On Friday, Russia and Belarus launched military drills.");
    let ex = extract_events_explained(&t, &ents, &tm, &[]);
    let lines = explain(&ex);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("launched"), "{}", lines[0]);
    assert!(
        lines[0].contains("participant: Russia (RU)"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("MOBILIZE"), "{}", lines[0]);
}

// ---- descriptors, deal nouns, robustness

#[test]
fn role_noun_descriptor_stands_for_the_person() {
    let g = one(
        "Putin met Xi. The Chinese president praised Russian troops.",
        "praise",
    );
    assert_eq!((g.source, g.target), (set(&["CN"]), set(&["RU"])));
}

#[test]
fn deal_with_a_supplier_for_weapons() {
    let g = one(
        "India signed a deal with Russia for five S-400 systems.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["IN"]), set(&["RU"]))
    );
}

#[test]
fn contract_to_supply_is_one_event() {
    let (evs, _, _) = run("Rosoboronexport signed a contract to supply S-400 systems to India.");
    assert_eq!(evs.iter().filter(|e| e.kind == "arms_transfer").count(), 1);
}

#[test]
fn took_delivery() {
    let g = one(
        "Turkey took delivery of S-400 systems from Russia.",
        "arms_transfer",
    );
    assert_eq!(
        (g.modality.as_str(), g.source, g.target),
        ("asserted", set(&["TR"]), set(&["RU"]))
    );
}

#[test]
fn strange_inputs_do_not_panic() {
    let text = Text::new(
        "Russia — \u{201c}will\u{201d} supply… Belarus; with; S-400 to to to.".to_string(),
    );
    let mut ents = layers(&text.text).1;
    // A mention past the end of the text, and an empty one.
    ents[0].mentions.push(sitrep_core::schema::Mention {
        start: 500,
        end: 900,
        text: "x".into(),
    });
    ents[1].mentions.push(sitrep_core::schema::Mention {
        start: 3,
        end: 3,
        text: String::new(),
    });
    let _ = extract_events(&text, &ents, &[], &[]);
    let empty = Text::new(String::new());
    assert!(extract_events(&empty, &[], &[], &[]).is_empty());
}

#[test]
fn parallel_auxiliaries_share_the_subject() {
    let text = "The United States, which has said the Russian system is a threat and has threatened Turkey with sanctions, objected.";
    let g = one(text, "threat");
    assert_eq!((g.source, g.target), (set(&["US"]), set(&["TR"])));
}

#[test]
fn noun_warning_from_a_country() {
    let g = one("Turkey defied warnings from Washington.", "warning");
    assert_eq!(g.source, set(&["US"]));
}

#[test]
fn country_title_person_coordination() {
    let g = one(
        "Erdogan and American President Joe Biden are expected to meet in Bali.",
        "meeting",
    );
    assert_eq!(all(&g), set(&["TR", "US"]));
}

#[test]
fn country_name_before_plural_noun_is_a_noun() {
    let g = one(
        "Russia said the purchase would trigger American sanctions.",
        "sanction",
    );
    assert_eq!(g.source, set(&["US"]));
}

#[test]
fn airliners_are_no_arms() {
    none(
        "Singapore Airlines will receive four more A380 aircraft from France next month.",
        "arms_transfer",
    );
    none(
        "Airbus delivered the final jet to the airline on Tuesday.",
        "arms_transfer",
    );
}

#[test]
fn planes_in_a_military_article_are_weapons() {
    let text = "The army and the air force held exercises with Russian troops. Belarus will buy ten planes from Russia.";
    let g = one(text, "arms_transfer");
    assert_eq!((g.source, g.target), (set(&["BY"]), set(&["RU"])));
}

#[test]
fn hails_from_is_no_praise() {
    none("Zelensky, who hails from Kryvyi Rih, met Biden.", "praise");
}

#[test]
fn contract_negotiations_are_not_agreed() {
    let g = one(
        "Poland held contract negotiations with Lockheed Martin.",
        "meeting",
    );
    assert_eq!(g.modality, "asserted");
}

#[test]
fn deadline_belongs_to_the_embedded_verb() {
    let text = "Lukashenko thanked Putin for agreeing to supply Belarus with weapons by 2025.";
    assert_eq!(one(text, "thanks").time, None);
    assert_eq!(one(text, "arms_transfer").time.as_deref(), Some("by 2025"));
}

#[test]
fn coast_guard_ships_are_no_shipment() {
    none(
        "Russian and Chinese coast guard ships have had several encounters near the islands.",
        "arms_transfer",
    );
    let g = one("Russia ships missiles to Belarus.", "arms_transfer");
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["BY"])));
}

#[test]
fn won_order_makes_the_winner_the_supplier() {
    let g = one(
        "Russia has won an order worth $1 billion ($1.1 billion) from Belarus for ten S-400 systems.",
        "arms_transfer",
    );
    assert_eq!((g.source, g.target), (set(&["RU"]), set(&["BY"])));
}

#[test]
fn part_of_it_names_no_owner() {
    none(
        "China said it would help. The navy could use part of it to buy a frigate.",
        "arms_transfer",
    );
}

#[test]
fn subject_before_a_relative_clause_and_a_noun_trigger_inside_it() {
    let (evs, ents, _) = run("Neighbour Turkey, which was expelled from the F-35 programme in 2019 over its purchase of Russian S-400 air defence systems, has been seeking 40 new F-16s from Washington.");
    let got: Vec<(String, BTreeSet<String>, BTreeSet<String>)> = evs
        .iter()
        .filter(|e| e.kind == "arms_transfer")
        .map(|e| {
            (
                e.trigger.clone(),
                countries(&ents, &e.source),
                countries(&ents, &e.target),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("purchase".to_string(), set(&["TR"]), set(&["RU"])),
            ("has been seeking".to_string(), set(&["TR"]), set(&["US"])),
        ]
    );
}
