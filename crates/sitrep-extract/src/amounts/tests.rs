//! Unit tests for the amounts layer, on sentences written for these tests.

use super::*;

fn amounts(s: &str) -> Vec<Amount> {
    extract_amounts(&Text::new(s.to_string()))
}

/// The amount whose text is `text`, or a panic listing what was found.
fn find(s: &str, text: &str) -> Amount {
    let all = amounts(s);
    all.iter()
        .find(|a| a.text == text)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no amount {text:?} in {s:?}; found {:?}",
                all.iter().map(|a| &a.text).collect::<Vec<_>>()
            )
        })
}

fn check(s: &str, text: &str, kind: &str, value: Option<f64>, unit: &str, qualifier: &str) {
    let a = find(s, text);
    assert_eq!(a.kind, kind, "kind of {text:?}");
    assert_eq!(a.value, value, "value of {text:?}");
    assert_eq!(a.unit.as_deref(), Some(unit), "unit of {text:?}");
    assert_eq!(a.qualifier, qualifier, "qualifier of {text:?}");
}

/// Nothing found overlaps `text` in `s`.
fn none_at(s: &str, text: &str) {
    let at = s.find(text).expect("test text present");
    let (a0, a1) = (
        s[..at].chars().count(),
        s[..at + text.len()].chars().count(),
    );
    for a in amounts(s) {
        assert!(
            a.end <= a0 || a.start >= a1,
            "unexpected amount {:?} over {text:?} in {s:?}",
            a.text
        );
    }
}

macro_rules! amount {
    ($name:ident, $s:expr, $text:expr, $kind:expr, $value:expr, $unit:expr, $q:expr) => {
        #[test]
        fn $name() {
            check($s, $text, $kind, $value, $unit, $q);
        }
    };
}

macro_rules! no_amount {
    ($name:ident, $s:expr, $text:expr) => {
        #[test]
        fn $name() {
            none_at($s, $text);
        }
    };
}

// Money: symbols, codes, names, scales.
amount!(
    money_dollar_billion,
    "The ministry agreed to spend $2 billion on tanks.",
    "$2 billion",
    "money",
    Some(2e9),
    "USD",
    "exact"
);
amount!(
    money_glued_bln,
    "Officials eyed a $3Bln helicopter order.",
    "$3Bln",
    "money",
    Some(3e9),
    "USD",
    "exact"
);
amount!(
    money_us_dollar_bn,
    "The port cost US$1.2bn to build.",
    "US$1.2bn",
    "money",
    Some(1.2e9),
    "USD",
    "exact"
);
amount!(
    money_euro_million,
    "Brussels pledged €300 million in loans.",
    "€300 million",
    "money",
    Some(3e8),
    "EUR",
    "exact"
);
amount!(
    money_pound_m,
    "The club paid £2m for the striker.",
    "£2m",
    "money",
    Some(2e6),
    "GBP",
    "exact"
);
amount!(
    money_pound_k,
    "He earned £450k last season.",
    "£450k",
    "money",
    Some(450000.0),
    "GBP",
    "exact"
);
amount!(
    money_rubles_trillion,
    "The budget sets aside 1.5 trillion rubles for defence.",
    "1.5 trillion rubles",
    "money",
    Some(1.5e12),
    "RUB",
    "exact"
);
amount!(
    money_roubles_spelling,
    "The contract is worth 40 billion roubles.",
    "40 billion roubles",
    "money",
    Some(4e10),
    "RUB",
    "exact"
);
amount!(
    money_yuan,
    "Beijing offered 500 million yuan in credit.",
    "500 million yuan",
    "money",
    Some(5e8),
    "CNY",
    "exact"
);
amount!(
    money_words_a_billion,
    "It will cost a billion dollars at least.",
    "a billion dollars",
    "money",
    Some(1e9),
    "USD",
    "exact"
);
amount!(
    money_words_twenty_five_million,
    "They raised twenty-five million euros.",
    "twenty-five million euros",
    "money",
    Some(2.5e7),
    "EUR",
    "exact"
);
amount!(
    money_plain_digits,
    "The fine was $94,000 in total.",
    "$94,000",
    "money",
    Some(94000.0),
    "USD",
    "exact"
);
amount!(
    money_code_before,
    "The bonds raised EUR 250 million on Tuesday.",
    "EUR 250 million",
    "money",
    Some(2.5e8),
    "EUR",
    "exact"
);
amount!(
    money_code_after,
    "Kyiv received 80 million USD from donors.",
    "80 million USD",
    "money",
    Some(8e7),
    "USD",
    "exact"
);
amount!(
    money_hryvnia,
    "Salaries rose to 20,000 hryvnias a month.",
    "20,000 hryvnias",
    "money",
    Some(20000.0),
    "UAH",
    "exact"
);
amount!(
    money_yen_symbol,
    "A ticket costs ¥1,500 in Tokyo.",
    "¥1,500",
    "money",
    Some(1500.0),
    "JPY",
    "exact"
);
amount!(
    money_us_dollars_words,
    "The aid package totals 50 million U.S. dollars.",
    "50 million U.S. dollars",
    "money",
    Some(5e7),
    "USD",
    "exact"
);
amount!(
    money_half_a_million,
    "The reward is half a million dollars.",
    "half a million dollars",
    "money",
    Some(5e5),
    "USD",
    "exact"
);
amount!(
    money_mln_abbreviation,
    "The deal is valued at $45 mln by analysts.",
    "$45 mln",
    "money",
    Some(4.5e7),
    "USD",
    "exact"
);

// Money qualifiers.
amount!(
    money_more_than,
    "Exports reached more than $4 billion this year.",
    "more than $4 billion",
    "money",
    Some(4e9),
    "USD",
    "more_than"
);
amount!(
    money_over,
    "The refit will cost over $900 million.",
    "over $900 million",
    "money",
    Some(9e8),
    "USD",
    "more_than"
);
amount!(
    money_about,
    "They spent about $12 million on fuel.",
    "about $12 million",
    "money",
    Some(1.2e7),
    "USD",
    "approx"
);
amount!(
    money_nearly,
    "Losses came to nearly €2 billion.",
    "nearly €2 billion",
    "money",
    Some(2e9),
    "EUR",
    "approx"
);
amount!(
    money_up_to,
    "Ukraine could get up to $6 billion.",
    "up to $6 billion",
    "money",
    Some(6e9),
    "USD",
    "at_most"
);
amount!(
    money_at_least,
    "Repairs need at least $300 million.",
    "at least $300 million",
    "money",
    Some(3e8),
    "USD",
    "at_least"
);
amount!(
    money_less_than,
    "The drones cost less than $20,000 each.",
    "less than $20,000",
    "money",
    Some(20000.0),
    "USD",
    "less_than"
);
amount!(
    money_roughly,
    "Roughly $7 billion was pledged.",
    "Roughly $7 billion",
    "money",
    Some(7e9),
    "USD",
    "approx"
);
amount!(
    money_some,
    "Some $40 million went missing.",
    "Some $40 million",
    "money",
    Some(4e7),
    "USD",
    "approx"
);
amount!(
    money_or_more,
    "Each jet costs $80 million or more.",
    "$80 million or more",
    "money",
    Some(8e7),
    "USD",
    "at_least"
);

#[test]
fn money_range_between() {
    let a = find(
        "The order is worth between $1 billion and $2 billion.",
        "between $1 billion and $2 billion",
    );
    assert_eq!(a.qualifier, "range");
    assert_eq!((a.low, a.high), (Some(1e9), Some(2e9)));
    assert_eq!(a.unit.as_deref(), Some("USD"));
}

#[test]
fn money_range_shared_scale() {
    let a = find("Analysts put the cost at $1-2 billion.", "$1-2 billion");
    assert_eq!(a.qualifier, "range");
    assert_eq!((a.low, a.high), (Some(1e9), Some(2e9)));
}

#[test]
fn money_range_from_to() {
    let a = find("Prices rose from $50 to $70 a barrel.", "from $50 to $70");
    assert_eq!((a.low, a.high, a.value), (Some(50.0), Some(70.0), None));
}

// What the money values.
#[test]
fn money_worth_of() {
    let a = find(
        "Minsk will buy $5 billion worth of Chinese drones next year.",
        "$5 billion",
    );
    assert_eq!(a.of.as_deref(), Some("Chinese drones"));
}

#[test]
fn money_valued_at() {
    let a = find(
        "Seoul will supply Warsaw with howitzers valued at more than $3 billion.",
        "more than $3 billion",
    );
    assert_eq!(a.of.as_deref(), Some("howitzers"));
}

#[test]
fn money_of_phrase() {
    let a = find("Tehran sold $200 million of oil to buyers.", "$200 million");
    assert_eq!(a.of.as_deref(), Some("oil"));
}

// Quantities with units.
amount!(
    quantity_km,
    "The front line runs 1,000 kilometers north to south.",
    "1,000 kilometers",
    "quantity",
    Some(1000.0),
    "km",
    "exact"
);
amount!(
    quantity_km_symbol,
    "The missile flew 300 km before it fell.",
    "300 km",
    "quantity",
    Some(300.0),
    "km",
    "exact"
);
amount!(
    quantity_km_glued,
    "Its range is 40km in good weather.",
    "40km",
    "quantity",
    Some(40.0),
    "km",
    "exact"
);
amount!(
    quantity_miles,
    "The convoy stretched for 40 miles.",
    "40 miles",
    "quantity",
    Some(40.0),
    "mi",
    "exact"
);
amount!(
    quantity_tonnes,
    "Ships carried 20,000 tonnes of grain.",
    "20,000 tonnes",
    "quantity",
    Some(20000.0),
    "t",
    "exact"
);
amount!(
    quantity_kg,
    "Police seized 12 kilograms of explosives.",
    "12 kilograms",
    "quantity",
    Some(12.0),
    "kg",
    "exact"
);
amount!(
    quantity_meters_approx,
    "The wall is about 6 meters high.",
    "about 6 meters",
    "quantity",
    Some(6.0),
    "m",
    "approx"
);
amount!(
    quantity_hyphen_adjective,
    "It has a 500-kilometre range.",
    "500-kilometre",
    "quantity",
    Some(500.0),
    "km",
    "exact"
);
amount!(
    quantity_personnel,
    "The drills involve about 150,000 personnel.",
    "about 150,000 personnel",
    "quantity",
    Some(150000.0),
    "personnel",
    "approx"
);
amount!(
    quantity_troops,
    "Washington will send 3,000 troops to the region.",
    "3,000 troops",
    "quantity",
    Some(3000.0),
    "personnel",
    "exact"
);
amount!(
    quantity_troops_with_adjective,
    "Nearly 5,000 Russian soldiers took part.",
    "Nearly 5,000 Russian soldiers",
    "quantity",
    Some(5000.0),
    "personnel",
    "approx"
);
amount!(
    quantity_servicemen_words,
    "Some two thousand servicemen were deployed.",
    "Some two thousand servicemen",
    "quantity",
    Some(2000.0),
    "personnel",
    "approx"
);
amount!(
    quantity_people_under_arms,
    "The country has 60,000 people under arms.",
    "60,000 people under arms",
    "quantity",
    Some(60000.0),
    "personnel",
    "exact"
);
amount!(
    quantity_million_troops,
    "China fields 2 million troops.",
    "2 million troops",
    "quantity",
    Some(2e6),
    "personnel",
    "exact"
);

// Counts of things.
amount!(
    count_planes,
    "The shipment included about 12 planes.",
    "about 12 planes",
    "count",
    Some(12.0),
    "planes",
    "approx"
);
amount!(
    count_word_number,
    "Ankara ordered four frigates.",
    "four frigates",
    "count",
    Some(4.0),
    "frigates",
    "exact"
);
amount!(
    count_with_modifiers,
    "Delhi bought 36 French-built Rafale fighter jets.",
    "36 French-built Rafale fighter jets",
    "count",
    Some(36.0),
    "jets",
    "exact"
);
amount!(
    count_a_dozen,
    "Rebels downed a dozen drones.",
    "a dozen drones",
    "count",
    Some(12.0),
    "drones",
    "exact"
);
amount!(
    count_several_dozen,
    "The army lost several dozen tanks.",
    "several dozen tanks",
    "count",
    None,
    "tanks",
    "approx"
);
amount!(
    count_dozens_of,
    "Dozens of missiles hit the city.",
    "Dozens of missiles",
    "count",
    None,
    "missiles",
    "approx"
);
amount!(
    count_hundreds_of,
    "Hundreds of civilians fled.",
    "Hundreds of civilians",
    "count",
    None,
    "civilians",
    "approx"
);
amount!(
    quantity_thousands_of_troops,
    "Thousands of troops massed at the border.",
    "Thousands of troops",
    "quantity",
    None,
    "personnel",
    "approx"
);
amount!(
    count_designated_system,
    "Kyiv received a Patriot air defence system.",
    "a Patriot air defence system",
    "count",
    Some(1.0),
    "systems",
    "exact"
);
amount!(
    count_numeral_plural,
    "Officials from 27 countries met.",
    "27 countries",
    "count",
    Some(27.0),
    "countries",
    "exact"
);
amount!(
    count_at_least,
    "At least 14 civilians were killed.",
    "At least 14 civilians",
    "count",
    Some(14.0),
    "civilians",
    "at_least"
);
amount!(
    count_range_to,
    "The navy wants 10 to 12 submarines.",
    "10 to 12 submarines",
    "count",
    None,
    "submarines",
    "range"
);

// Durations and percentages.
amount!(
    duration_hyphen_hour,
    "They held six-hour talks.",
    "six-hour",
    "duration",
    Some(6.0),
    "h",
    "exact"
);
amount!(
    duration_hyphen_day,
    "A two-day summit opens.",
    "two-day",
    "duration",
    Some(2.0),
    "d",
    "exact"
);
amount!(
    duration_more_than_hours,
    "The meeting lasted more than five hours.",
    "more than five hours",
    "duration",
    Some(5.0),
    "h",
    "more_than"
);
amount!(
    duration_years,
    "He served 20 years in the army.",
    "20 years",
    "duration",
    Some(20.0),
    "yr",
    "exact"
);
amount!(
    percent_word,
    "Inflation hit 9.5 percent in May.",
    "9.5 percent",
    "percent",
    Some(9.5),
    "%",
    "exact"
);
amount!(
    percent_sign,
    "Turnout was 61% overall.",
    "61%",
    "percent",
    Some(61.0),
    "%",
    "exact"
);
amount!(
    percent_per_cent,
    "Spending rose by almost 4 per cent.",
    "almost 4 per cent",
    "percent",
    Some(4.0),
    "%",
    "approx"
);
amount!(
    percent_points,
    "The rate rose 0.75 percentage points.",
    "0.75 percentage points",
    "percent",
    Some(0.75),
    "pp",
    "exact"
);
amount!(
    percent_plus,
    "Support is 40-plus percent.",
    "40-plus percent",
    "percent",
    Some(40.0),
    "%",
    "more_than"
);

// Not amounts.
no_amount!(
    not_designation_s400,
    "Minsk wants S-400s on the border.",
    "400"
);
no_amount!(not_designation_f16, "Pilots trained on F-16 jets.", "16");
no_amount!(
    not_year_after_in,
    "The treaty was signed in 1987 in Washington.",
    "1987"
);
no_amount!(
    not_year_standalone,
    "The experience of 1941, he said, matters.",
    "1941"
);
no_amount!(not_date_month_day, "Talks resume on Nov. 4 in Minsk.", "4");
no_amount!(
    not_date_day_month,
    "Voting ends on 4 November across the country.",
    "4"
);
no_amount!(not_ordinal, "It was the 10th round of talks.", "10th");
no_amount!(not_decade, "Relations froze in the 1990s.", "1990s");
no_amount!(not_phone, "Call 555-0199 for details.", "555-0199");
no_amount!(
    not_iso_date,
    "The decree dated 2021-09-13 took effect.",
    "2021-09-13"
);
no_amount!(not_bare_number, "It was one of the biggest drills.", "one");
no_amount!(not_age, "A 30-year-old man was detained.", "30-year-old");
no_amount!(not_ago, "The deal was signed 10 years ago.", "10 years");
no_amount!(
    not_clock_time,
    "The strike began at 10:30 local time.",
    "10:30"
);
no_amount!(not_year_then_noun, "In 2019 troops left the base.", "2019");
no_amount!(not_verb_won, "The two won praise abroad.", "two won");

#[test]
fn ids_and_offsets_follow_text_order() {
    let s = "Über 3 planes landed; then 5,000 troops and $4 billion arrived.";
    let all = amounts(s);
    let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a1", "a2", "a3"]);
    for a in &all {
        let slice: String = s.chars().skip(a.start).take(a.end - a.start).collect();
        assert_eq!(slice, a.text);
    }
}

#[test]
fn seed_like_sentence_reads_all_kinds() {
    let s = "The consignment included about 10 planes, several dozen helicopters and a Tor \
             surface-to-air missile system, the president said.";
    let texts: Vec<String> = amounts(s).into_iter().map(|a| a.text).collect();
    assert_eq!(
        texts,
        vec![
            "about 10 planes",
            "several dozen helicopters",
            "a Tor surface-to-air missile system"
        ]
    );
}

// Later additions: spaced prefixes, symbols after the number, glued metres, speed phrasing.
amount!(
    money_spaced_us_prefix,
    "India's US $10 billion tender drew bids.",
    "US $10 billion",
    "money",
    Some(1e10),
    "USD",
    "exact"
);
amount!(
    money_article_before_dollar,
    "It signed a $3 billion deal.",
    "$3 billion",
    "money",
    Some(3e9),
    "USD",
    "exact"
);
amount!(
    money_symbol_after,
    "Tickets cost 10 € at the door.",
    "10 €",
    "money",
    Some(10.0),
    "EUR",
    "exact"
);
amount!(
    quantity_glued_metres,
    "The wall is 1.8m tall.",
    "1.8m",
    "quantity",
    Some(1.8),
    "m",
    "exact"
);
amount!(
    quantity_miles_an_hour,
    "The car can run at over 188 miles an hour.",
    "over 188 miles an hour",
    "quantity",
    Some(188.0),
    "mph",
    "more_than"
);
amount!(
    quantity_hyphen_singular_gallon,
    "A 10-gallon cooler toppled.",
    "10-gallon",
    "quantity",
    Some(10.0),
    "gal",
    "exact"
);
amount!(
    quantity_range_feet,
    "The walls stand eight to 10 feet tall.",
    "eight to 10 feet",
    "quantity",
    None,
    "ft",
    "range"
);
amount!(
    quantity_glued_m_is_metres_not_money,
    "He ran the 200m in record time.",
    "200m",
    "quantity",
    Some(200.0),
    "m",
    "exact"
);
amount!(
    two_numbers_joined_by_and_stay_apart,
    "The two indexes fell eight and fourteen percent.",
    "fourteen percent",
    "percent",
    Some(14.0),
    "%",
    "exact"
);
amount!(
    hundred_and_number_words,
    "They freed one hundred and twenty prisoners.",
    "one hundred and twenty prisoners",
    "count",
    Some(120.0),
    "prisoners",
    "exact"
);

#[test]
fn range_between_number_words() {
    let a = find(
        "Shares fell between eight and fourteen percent.",
        "between eight and fourteen percent",
    );
    assert_eq!(
        (a.qualifier.as_str(), a.low, a.high),
        ("range", Some(8.0), Some(14.0))
    );
}
amount!(
    personnel_strong,
    "A 3,000-strong force crossed the river.",
    "3,000-strong",
    "quantity",
    Some(3000.0),
    "personnel",
    "exact"
);
amount!(
    money_rupees_crore,
    "The army cleared Rs 500 crore for drones.",
    "Rs 500 crore",
    "money",
    Some(5e9),
    "INR",
    "exact"
);

#[test]
fn odd_input_does_not_panic() {
    for s in [
        "",
        "$",
        "$$ 5 $",
        "1-",
        "-1 troops",
        "99999999999999999999999999 troops",
        "a\u{a0}Tor\u{a0}system arrived",
        "¥ ₽ € £ 5",
        "a\u{2009}dozen drones",
        "Über 3 Pläne 😀 5 tanks",
        "1,2,3,4 km",
        "..5 percent",
        "between and",
        "from $ to $",
    ] {
        let _ = amounts(s);
    }
}
amount!(
    count_designated_battery,
    "Minsk wants an S-400 battery near Brest.",
    "an S-400 battery",
    "count",
    Some(1.0),
    "batteries",
    "exact"
);
no_amount!(
    not_count_named_place,
    "Drones hit a Russian military base overnight.",
    "a Russian military base"
);
no_amount!(
    not_count_after_label,
    "Allies invoked Article 5 guarantees after the strike.",
    "5 guarantees"
);
amount!(
    count_after_sentence_start_word,
    "Some 40 tanks crossed.",
    "Some 40 tanks",
    "count",
    Some(40.0),
    "tanks",
    "approx"
);

/// Sentences at the edges of the trigger words (each is also checked against running every
/// pattern by `amounts_in` itself in test builds).
#[test]
fn trigger_words_never_hide_a_match() {
    for s in [
        "Several dozen helicopters and hundreds of troops arrived.",
        "Two hundred soldiers and a dozen tanks.",
        "It cost \u{20AC}300m, up from ten million euros.",
        "Someone often mentioned money; nothing was counted.",
        "Сделка на ١٢٣ миллиона, a ſeveral-day wait.",
    ] {
        amounts(s);
    }
    assert!(amounts("Someone often mentioned money.").is_empty());
    assert!(!amounts("Two hundred soldiers arrived.").is_empty());
}
