//! Unit tests for the times layer, on sentences written for these tests. Unless a test says
//! otherwise, the story is published on Wednesday 2024-03-13 (ISO week 2024-W11).

use super::*;

fn published() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2024, 3, 13)
}

fn times_on(s: &str, published: Option<NaiveDate>) -> Vec<TimeExpr> {
    extract_times(&Text::new(s.to_string()), published)
}

fn find(s: &str, text: &str) -> TimeExpr {
    let all = times_on(s, published());
    all.iter()
        .find(|t| t.text == text)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no time {text:?} in {s:?}; found {:?}",
                all.iter().map(|t| (&t.text, &t.value)).collect::<Vec<_>>()
            )
        })
}

fn check(s: &str, text: &str, kind: &str, value: Option<&str>, modifier: Option<&str>) {
    let t = find(s, text);
    assert_eq!(t.kind, kind, "type of {text:?}");
    assert_eq!(t.value.as_deref(), value, "value of {text:?}");
    assert_eq!(t.modifier.as_deref(), modifier, "mod of {text:?}");
}

fn none_at(s: &str, text: &str) {
    let at = s.find(text).expect("test text present");
    let (a0, a1) = (
        s[..at].chars().count(),
        s[..at + text.len()].chars().count(),
    );
    for t in times_on(s, published()) {
        assert!(
            t.end <= a0 || t.start >= a1,
            "unexpected time {:?} over {text:?} in {s:?}",
            t.text
        );
    }
}

macro_rules! time {
    ($name:ident, $s:expr, $text:expr, $kind:expr, $value:expr) => {
        #[test]
        fn $name() {
            check($s, $text, $kind, $value, None);
        }
    };
    ($name:ident, $s:expr, $text:expr, $kind:expr, $value:expr, $mod:expr) => {
        #[test]
        fn $name() {
            check($s, $text, $kind, $value, Some($mod));
        }
    };
}

macro_rules! no_time {
    ($name:ident, $s:expr, $text:expr) => {
        #[test]
        fn $name() {
            none_at($s, $text);
        }
    };
}

// Absolute dates.
time!(
    date_month_day_year,
    "The accord was signed on September 13, 2021, in Geneva.",
    "on September 13, 2021",
    "DATE",
    Some("2021-09-13")
);
time!(
    date_abbreviated_month,
    "Leaders will meet on Nov. 4 in Minsk.",
    "on Nov. 4",
    "DATE",
    Some("2024-11-04")
);
time!(
    date_day_month,
    "Polls open on 4 November nationwide.",
    "on 4 November",
    "DATE",
    Some("2024-11-04")
);
time!(
    date_day_month_year,
    "He was born on 2 May 1961 in Kyiv.",
    "on 2 May 1961",
    "DATE",
    Some("1961-05-02")
);
time!(
    date_iso,
    "The decree dated 2021-09-13 was published.",
    "2021-09-13",
    "DATE",
    Some("2021-09-13")
);
time!(
    date_numeric_unambiguous,
    "The order was issued on 13/09/2021 by the ministry.",
    "on 13/09/2021",
    "DATE",
    Some("2021-09-13")
);
time!(
    date_with_weekday,
    "The vote falls on Sunday, March 17, the commission said.",
    "on Sunday, March 17",
    "DATE",
    Some("2024-03-17")
);
time!(
    date_ordinal_day,
    "The deadline is January 5th for all bids.",
    "January 5th",
    "DATE",
    Some("2024-01-05")
);
time!(
    date_past_month_day_goes_back,
    "Rebels seized the town on Oct. 12, officials said.",
    "on Oct. 12",
    "DATE",
    Some("2023-10-12")
);
time!(
    date_future_month_day_goes_forward,
    "The summit will open on Feb. 2 next winter.",
    "on Feb. 2",
    "DATE",
    Some("2025-02-02")
);
time!(
    month_year,
    "Fighting resumed in August 2022 near the river.",
    "in August 2022",
    "DATE",
    Some("2022-08")
);
time!(
    month_alone_future,
    "The talks will resume in October.",
    "in October",
    "DATE",
    Some("2024-10")
);
time!(
    month_alone_past,
    "Troops withdrew in November, the ministry said.",
    "in November",
    "DATE",
    Some("2023-11")
);
time!(
    mid_month,
    "Troops will return to their bases by mid-April.",
    "by mid-April",
    "DATE",
    Some("2024-04"),
    "MID"
);
time!(
    early_month,
    "Deliveries are expected in early June.",
    "in early June",
    "DATE",
    Some("2024-06"),
    "START"
);
time!(
    late_year,
    "The plant will open in late 2025.",
    "in late 2025",
    "DATE",
    Some("2025"),
    "END"
);
time!(
    year_by,
    "Delivery is due by 2027 under the contract.",
    "by 2027",
    "DATE",
    Some("2027")
);
time!(
    year_of,
    "They recalled the experience of 1941, he said.",
    "1941",
    "DATE",
    Some("1941")
);
time!(
    year_since,
    "The border has been closed since 2014 for trade.",
    "2014",
    "DATE",
    Some("2014")
);
time!(
    year_in,
    "In 2019, the two sides signed a memorandum.",
    "In 2019",
    "DATE",
    Some("2019")
);
time!(
    decade,
    "Relations froze in the 1990s after the war.",
    "in the 1990s",
    "DATE",
    Some("199")
);
time!(
    month_name_past_goes_back,
    "October was the deadliest month.",
    "October",
    "DATE",
    Some("2023-10")
);

// Weekdays and tense.
time!(
    weekday_past_said,
    "The minister said on Sunday that talks had stalled.",
    "on Sunday",
    "DATE",
    Some("2024-03-10")
);
time!(
    weekday_past_sentence_start,
    "On Friday, rebels launched an offensive.",
    "On Friday",
    "DATE",
    Some("2024-03-08")
);
time!(
    weekday_future_scheduled,
    "The president is scheduled to visit Paris on Monday.",
    "on Monday",
    "DATE",
    Some("2024-03-18")
);
time!(
    weekday_future_will,
    "Parliament will vote on Thursday.",
    "on Thursday",
    "DATE",
    Some("2024-03-14")
);
time!(
    weekday_future_same_day,
    "The envoy is expected to arrive on Wednesday.",
    "on Wednesday",
    "DATE",
    Some("2024-03-13")
);
time!(
    weekday_past_same_day,
    "Protesters gathered on Wednesday outside the embassy.",
    "on Wednesday",
    "DATE",
    Some("2024-03-13")
);
time!(
    weekday_last,
    "The strike happened last Tuesday.",
    "last Tuesday",
    "DATE",
    Some("2024-03-12")
);
time!(
    weekday_next,
    "A new round starts next Monday.",
    "next Monday",
    "DATE",
    Some("2024-03-18")
);
time!(
    weekday_with_part_of_day,
    "Shelling resumed Saturday night, residents said.",
    "Saturday night",
    "DATE",
    Some("2024-03-09TNI")
);
time!(
    weekday_future_in_clause,
    "Officials said on Tuesday the convoy would leave on Friday.",
    "on Friday",
    "DATE",
    Some("2024-03-15")
);
time!(
    weekday_past_in_clause,
    "Officials said on Tuesday the convoy would leave on Friday.",
    "on Tuesday",
    "DATE",
    Some("2024-03-12")
);

#[test]
fn weekday_without_publication_date_keeps_the_weekday() {
    let t = times_on("The talks ended on Friday.", None);
    assert_eq!(t[0].value.as_deref(), Some("XXXX-WXX-5"));
}

// Relative expressions.
time!(
    last_year,
    "The election last year was disputed.",
    "last year",
    "DATE",
    Some("2023")
);
time!(
    next_year,
    "Exports will grow next year.",
    "next year",
    "DATE",
    Some("2025")
);
time!(
    this_year,
    "Growth slowed this year.",
    "this year",
    "DATE",
    Some("2024")
);
time!(
    next_month,
    "The leaders will hold talks next month.",
    "next month",
    "DATE",
    Some("2024-04")
);
time!(
    last_month,
    "Prices rose last month.",
    "last month",
    "DATE",
    Some("2024-02")
);
time!(
    last_week,
    "The ministry warned last week of shortages.",
    "last week",
    "DATE",
    Some("2024-W10")
);
time!(
    earlier_this_week,
    "The two met earlier this week in Moscow.",
    "earlier this week",
    "DATE",
    Some("2024-W11")
);
time!(
    later_this_month,
    "A decision is due later this month.",
    "later this month",
    "DATE",
    Some("2024-03")
);
time!(
    yesterday,
    "The blast happened yesterday near the port.",
    "yesterday",
    "DATE",
    Some("2024-03-12")
);
time!(
    today,
    "Talks resume today in Vienna.",
    "today",
    "DATE",
    Some("2024-03-13")
);
time!(
    tomorrow,
    "The court rules tomorrow.",
    "tomorrow",
    "DATE",
    Some("2024-03-14")
);
time!(
    two_days_ago,
    "The envoy arrived two days ago.",
    "two days ago",
    "DATE",
    Some("2024-03-11")
);
time!(
    three_years_ago,
    "The bridge was built three years ago.",
    "three years ago",
    "DATE",
    Some("2021")
);
time!(
    months_ago,
    "Six months ago the town fell.",
    "Six months ago",
    "DATE",
    Some("2023-09")
);
time!(
    early_next_year,
    "Elections are planned for early next year.",
    "early next year",
    "DATE",
    Some("2025"),
    "START"
);
time!(
    end_of_year,
    "Troops will leave by the end of the year.",
    "by the end of the year",
    "DATE",
    Some("2024"),
    "END"
);
time!(
    recent_years,
    "It was one of the biggest drills in recent years.",
    "in recent years",
    "DATE",
    Some("PAST_REF")
);
time!(
    coming_weeks,
    "More arrests are expected in the coming weeks.",
    "in the coming weeks",
    "DATE",
    Some("FUTURE_REF")
);
time!(
    recently,
    "The army recently tested a missile.",
    "recently",
    "DATE",
    Some("PAST_REF")
);
time!(
    this_summer,
    "Exercises are planned for this summer.",
    "this summer",
    "DATE",
    Some("2024-SU")
);
time!(
    first_quarter,
    "Output fell in the first quarter of 2023.",
    "in the first quarter of 2023",
    "DATE",
    Some("2023-Q1")
);
time!(
    eve_of_date,
    "On the eve of March 8 police detained activists.",
    "On the eve of",
    "DATE",
    Some("2024-03-07")
);
time!(
    in_future_days,
    "The ceasefire will start in three days.",
    "in three days",
    "DATE",
    Some("2024-03-16")
);

// Durations.
time!(
    duration_hyphen_hour,
    "He described their eight-hour talks.",
    "eight-hour",
    "DURATION",
    Some("PT8H")
);
time!(
    duration_hyphen_day,
    "Three-day elections begin Friday.",
    "Three-day",
    "DURATION",
    Some("P3D")
);
time!(
    duration_more_than_hours,
    "They spent more than three hours on security.",
    "more than three hours",
    "DURATION",
    Some("PT3H"),
    "MORE_THAN"
);
time!(
    duration_years,
    "He spent 15 years in prison.",
    "15 years",
    "DURATION",
    Some("P15Y")
);
time!(
    duration_about_weeks,
    "The siege lasted about six weeks.",
    "about six weeks",
    "DURATION",
    Some("P6W"),
    "APPROX"
);
time!(
    duration_minutes,
    "The speech ran 40 minutes.",
    "40 minutes",
    "DURATION",
    Some("PT40M")
);
time!(
    duration_a_year,
    "Sanctions were extended for a year.",
    "a year",
    "DURATION",
    Some("P1Y")
);
time!(
    duration_past_two_years,
    "Prices doubled over the past two years.",
    "the past two years",
    "DURATION",
    Some("P2Y")
);
time!(
    duration_vague_years,
    "The war has dragged on for years.",
    "years",
    "DURATION",
    Some("PXY")
);
time!(
    duration_decimal,
    "The flight took 1.5 hours.",
    "1.5 hours",
    "DURATION",
    Some("PT1.5H")
);

// Sets.
time!(
    set_every_week,
    "Inspectors visit every week.",
    "every week",
    "SET",
    Some("P1W")
);
time!(
    set_every_monday,
    "The council meets every Monday.",
    "every Monday",
    "SET",
    Some("XXXX-WXX-1")
);
time!(
    set_daily,
    "The ministry publishes losses daily.",
    "daily",
    "SET",
    Some("P1D")
);
time!(
    set_twice_a_year,
    "The drills are held twice a year.",
    "twice a year",
    "SET",
    Some("P1Y")
);
time!(
    set_every_two_years,
    "Elections are held every two years.",
    "every two years",
    "SET",
    Some("P2Y")
);

// Times of day.
time!(
    clock_pm,
    "The blast came at 3 p.m. on the bridge.",
    "at 3 p.m.",
    "TIME",
    Some("T15:00")
);
time!(
    clock_24h,
    "Curfew starts at 22:00 each night.",
    "at 22:00",
    "TIME",
    Some("T22:00")
);

// Not time expressions.
no_time!(not_modal_may, "The army may withdraw soon.", "may");
no_time!(
    not_modal_may_capital,
    "May the talks succeed, he said.",
    "May"
);
no_time!(
    not_march_verb,
    "Protesters will march to the square.",
    "march"
);
no_time!(
    not_march_capital_verb,
    "March on, the commander told them.",
    "March"
);
no_time!(not_we, "We cannot relax, he said.", "We");
no_time!(not_money, "Minsk will pay $1 billion.", "$1");
no_time!(
    not_designation,
    "Minsk wants S-400s on the border.",
    "S-400s"
);
no_time!(
    not_distance,
    "The border is 1,200 kilometers long.",
    "1,200"
);
no_time!(
    not_sun_company,
    "Sun Microsystems was bought by Oracle.",
    "Sun"
);
no_time!(not_big_number, "Some 200,000 troops took part.", "200,000");
no_time!(
    not_year_like_count,
    "The army has 2000 tanks in storage.",
    "2000"
);
no_time!(
    not_sunday_newspaper,
    "The Sunday Times reported the deal.",
    "Sunday"
);
no_time!(not_fall_verb, "Prices may fall sharply.", "fall");
no_time!(not_age, "A 30-year-old man was detained.", "30-year-old");
no_time!(
    not_ambiguous_numeric_date,
    "The form dated 03/04/2021 was lost.",
    "03/04/2021"
);
no_time!(not_phone_number, "Call 555-2021 for details.", "2021");

#[test]
fn without_publication_date_relative_values_are_null() {
    let t = times_on("The vote was held last year.", None);
    assert_eq!(t[0].text, "last year");
    assert_eq!(t[0].value, None);
    let t = times_on("The vote was held on Nov. 4.", None);
    assert_eq!(t[0].value.as_deref(), Some("XXXX-11-04"));
}

#[test]
fn ids_and_offsets_follow_text_order() {
    let s = "Über Nacht: on Sunday troops left; by 2025 they will return next month.";
    let all = times_on(s, published());
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, vec!["t1", "t2", "t3"]);
    for t in &all {
        let slice: String = s.chars().skip(t.start).take(t.end - t.start).collect();
        assert_eq!(slice, t.text);
    }
}

#[test]
fn repeated_expressions_are_all_reported() {
    let s = "He said on Sunday the drills went well. She spoke on Sunday too.";
    let n = times_on(s, published())
        .iter()
        .filter(|t| t.text == "on Sunday")
        .count();
    assert_eq!(n, 2);
}
