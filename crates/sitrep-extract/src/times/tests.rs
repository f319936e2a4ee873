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

// Written-out days, weekday forms, counted offsets.
time!(
    ordinal_word_day,
    "Fireworks will light up the fourth of July.",
    "the fourth of July",
    "DATE",
    Some("2024-07-04")
);
time!(
    month_then_ordinal_word,
    "The ballot closes on May twenty-first.",
    "on May twenty-first",
    "DATE",
    Some("2024-05-21")
);
time!(
    ordinal_words_are_not_seconds,
    "He was born on the twenty-second of June 1990.",
    "on the twenty-second of June 1990",
    "DATE",
    Some("1990-06-22")
);
time!(
    weekday_abbreviation_before_date,
    "The note is dated Wed, 22 Jan 2020.",
    "Wed, 22 Jan 2020",
    "DATE",
    Some("2020-01-22")
);
time!(
    weekday_the_ordinal,
    "Ministers met on Thursday the 7th, aides said.",
    "on Thursday the 7th",
    "DATE",
    Some("2024-03-07")
);
time!(
    weeks_from_now,
    "The ban ends two weeks from now.",
    "two weeks from now",
    "DATE",
    Some("2024-W13")
);
time!(
    days_later_is_relative_to_the_story,
    "Two days later the town fell.",
    "Two days later",
    "DATE",
    None
);
time!(
    before_year_mod,
    "The plant must close before 2030.",
    "before 2030",
    "DATE",
    Some("2030"),
    "BEFORE"
);
time!(
    after_month_mod,
    "Talks may resume after June 2024.",
    "after June 2024",
    "DATE",
    Some("2024-06"),
    "AFTER"
);
time!(
    numeric_two_digit_year,
    "The memo dated 21/04/16 leaked.",
    "21/04/16",
    "DATE",
    Some("2016-04-21")
);
time!(
    numeric_year_first,
    "Records from 2015/08/12 were sealed.",
    "2015/08/12",
    "DATE",
    Some("2015-08-12")
);
time!(
    date_space_before_comma,
    "Lilly sold the unit on Dec. 31 , 1994 to a rival.",
    "on Dec. 31 , 1994",
    "DATE",
    Some("1994-12-31")
);
time!(
    clock_seconds,
    "The quake struck at 7:56:30 pm local time.",
    "at 7:56:30 pm",
    "TIME",
    Some("T19:56:30")
);
time!(
    clock_oclock,
    "Sirens sounded at 8 o'clock.",
    "at 8 o'clock",
    "TIME",
    Some("T08:00")
);
time!(
    clock_in_the_evening,
    "Shelling began at 9 in the evening.",
    "at 9 in the evening",
    "TIME",
    Some("T21:00")
);
time!(
    clock_midnight,
    "The curfew starts at midnight.",
    "at midnight",
    "TIME",
    Some("T00:00")
);

// More durations and sets.
time!(
    duration_hour_and_a_half,
    "The meeting lasted an hour and a half.",
    "an hour and a half",
    "DURATION",
    Some("PT1.5H")
);
time!(
    duration_two_and_a_half,
    "Talks took two and a half hours.",
    "two and a half hours",
    "DURATION",
    Some("PT2.5H")
);
time!(
    duration_half_an_hour,
    "The shelling stopped for half an hour.",
    "half an hour",
    "DURATION",
    Some("PT0.5H")
);
time!(
    duration_couple_of_days,
    "The envoy stayed for a couple of days.",
    "a couple of days",
    "DURATION",
    Some("P2D")
);
time!(
    duration_more_than_an_hour,
    "The call lasted more than an hour.",
    "more than an hour",
    "DURATION",
    Some("PT1H"),
    "MORE_THAN"
);
time!(
    duration_abbreviated_hours,
    "The vote count took 3 hrs.",
    "3 hrs",
    "DURATION",
    Some("PT3H")
);
time!(
    duration_glued_digits,
    "The convoy stopped for 45min at the border.",
    "45min",
    "DURATION",
    Some("PT45M")
);
time!(
    duration_all_day,
    "Fighting raged all day near the airport.",
    "all day",
    "DURATION",
    Some("P1D")
);
time!(
    set_plural_weekday,
    "Protesters gather on Sundays in the square.",
    "on Sundays",
    "SET",
    Some("XXXX-WXX-7")
);
time!(
    set_biweekly,
    "The bulletin appears biweekly.",
    "biweekly",
    "SET",
    Some("P2W")
);

#[test]
fn eve_of_an_event_dated_earlier_in_the_text() {
    let s = "On Friday, the army began its exercises near the border.\n\n\
             On the eve of the exercise, officials warned of provocations.";
    let t = times_on(s, published());
    let eve = t
        .iter()
        .find(|t| t.text == "On the eve of the exercise")
        .expect("eve expression");
    assert_eq!(eve.value.as_deref(), Some("2024-03-07"));
}

#[test]
fn eve_of_an_undated_event_is_unresolved() {
    let t = times_on("On the eve of the summit, crowds gathered.", published());
    assert_eq!(t[0].text, "On the eve of the summit");
    assert_eq!(t[0].value, None);
}
time!(
    last_quarter_is_the_previous_one,
    "Profits fell in the last quarter.",
    "in the last quarter",
    "DATE",
    Some("2023-Q4")
);
time!(
    years_after_has_no_anchor,
    "The plant closed more than two years after the merger.",
    "more than two years after",
    "DATE",
    None
);
time!(
    over_the_weekend_past,
    "Rebels shelled the town over the weekend, officials said.",
    "the weekend",
    "DATE",
    Some("2024-W10-WE")
);
time!(
    century,
    "The fortress dates from the 12th century.",
    "the 12th century",
    "DATE",
    Some("11")
);
time!(
    zulu_time,
    "The strike was reported at 0300 GMT by monitors.",
    "at 0300 GMT",
    "TIME",
    Some("T03:00Z")
);

#[test]
fn odd_input_does_not_panic() {
    for s in [
        "",
        "on",
        "the eve of",
        "On the eve of 😀",
        "Nov.",
        "31/31/2021",
        "2021-13-45",
        "February 30, 2021",
        "every 0 days",
        "in 99999999999 years",
        "99999999999 years ago",
        "99999999999 weeks ago",
        "in 99999999999 days, the army will leave",
        "99999999999 days from now",
        "Thursday the 31st",
        "at 25:61",
        "Ünïcödé on Sunday\u{a0}morning",
    ] {
        let _ = times_on(s, published());
        let _ = times_on(s, None);
    }
}
time!(
    the_month_of,
    "Sales collapsed in the month of August.",
    "in the month of August",
    "DATE",
    Some("2023-08")
);
time!(
    end_of_month_without_article,
    "Troops leave at end of April, the plan says.",
    "at end of April",
    "DATE",
    Some("2024-04"),
    "END"
);
time!(
    in_the_past_years_is_a_duration,
    "Prices doubled in the past two years.",
    "the past two years",
    "DURATION",
    Some("P2Y")
);
time!(
    apostrophe_decade,
    "The plant was built in the '70s.",
    "in the '70s",
    "DATE",
    Some("197")
);
no_time!(not_age_decade, "The general is in his 70s now.", "70s");
time!(
    weekday_future_is_to,
    "The envoy is to visit Kyiv on Friday.",
    "on Friday",
    "DATE",
    Some("2024-03-15")
);
time!(
    weekday_relative_clause_past,
    "The talks, which began on Monday, will end on Thursday.",
    "on Monday",
    "DATE",
    Some("2024-03-11")
);
time!(
    weekday_relative_clause_future,
    "The talks, which began on Monday, will end on Thursday.",
    "on Thursday",
    "DATE",
    Some("2024-03-14")
);

#[test]
fn earlier_this_week_in_a_monday_paper_is_the_week_before() {
    let monday = NaiveDate::from_ymd_opt(2021, 9, 13);
    let t = times_on(
        "They met earlier this week and will meet later this week.",
        monday,
    );
    let values: Vec<Option<&str>> = t.iter().map(|t| t.value.as_deref()).collect();
    assert_eq!(values, vec![Some("2021-W36"), Some("2021-W37")]);
}
time!(
    day_after_tomorrow_without_article,
    "Voting ends day after tomorrow.",
    "day after tomorrow",
    "DATE",
    Some("2024-03-15")
);
time!(
    range_end_dash,
    "The drills run Sept. 10-16 in Belarus.",
    "16",
    "DATE",
    Some("2024-09-16")
);
time!(
    range_start_dash,
    "The drills run Sept. 10-16 in Belarus.",
    "Sept. 10",
    "DATE",
    Some("2024-09-10")
);
time!(
    range_end_to,
    "Talks are set for March 20 to 22 in Vienna.",
    "22",
    "DATE",
    Some("2024-03-22")
);
no_time!(
    not_range_end_before_noun,
    "On March 3 5 soldiers died.",
    "5 soldiers"
);
time!(
    deadline_month_looks_forward,
    "Officials said the line was to be finished by early June.",
    "by early June",
    "DATE",
    Some("2024-06"),
    "START"
);
time!(
    day_then_clock,
    "The vote will close on Friday at 8 p.m. sharp.",
    "on Friday at 8 p.m.",
    "TIME",
    Some("2024-03-15T20:00")
);
time!(
    clock_then_day,
    "Sirens sounded at 3 a.m. on Tuesday, residents said.",
    "at 3 a.m. on Tuesday",
    "TIME",
    Some("2024-03-12T03:00")
);
time!(
    numeric_date_then_clock,
    "The order took effect 04/21/2016, 8:00pm.",
    "04/21/2016, 8:00pm",
    "TIME",
    Some("2016-04-21T20:00")
);

/// Sentences at the edges of the trigger words (each is also checked against running every rule
/// by `times_in` itself in test builds).
#[test]
fn trigger_words_never_hide_a_match() {
    let cases = [
        ("The talks lasted 5h and ended at 7pm.", "5h"),
        ("It ran for 3 hrs, then 2-hour breaks.", "3 hrs"),
        ("Results for Q3 2024 were weak.", "Q3 2024"),
        ("In the 1990s and the '80s it grew.", "1990s"),
        ("It happened in May, not in march.", "May"),
        ("It opened on 2024-03-01 and closed 3/4/2024.", "2024-03-01"),
        ("By mid-2021 the plan was ready.", "mid-2021"),
        ("They met at 10 o\u{2019}clock.", "10 o\u{2019}clock"),
        ("They meet twice a week.", "twice a week"),
        ("Come back in a fortnight.", "a fortnight"),
        ("The eighth round ended at noon.", "noon"),
        ("Work began two decades ago.", "two decades ago"),
    ];
    for (s, text) in cases {
        let all = times_on(s, published());
        assert!(
            all.iter().any(|t| t.text.contains(text)),
            "no time with {text:?} in {s:?}; found {:?}",
            all.iter().map(|t| &t.text).collect::<Vec<_>>()
        );
    }
    // Non-ASCII text that Unicode case folding matches ("\u{212A}" is the Kelvin sign) runs
    // every rule; the comparison inside `times_in` checks it finds the same.
    times_on("It took a wee\u{212A} and a ſecond.", published());
    times_on("Сделка 2021 года, ١٢٣٤.", published());
}
