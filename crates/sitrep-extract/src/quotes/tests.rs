//! Tests of the quotes layer on sentences written for them, with hand-built entity lists.

use sitrep_core::schema::{Entity, Mention, Quote};
use sitrep_core::text::Text;

use super::extract_quotes;
use super::lexicon::{CueClass, Gender, Lexicon};

/// An entity for a test: type, canonical name, the surface forms to find in the text (every
/// occurrence, longest form first, whole words only) and descriptors.
struct E(
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Build the text and the entity list a good entity layer would give, then extract quotes.
fn run(body: &str, ents: &[E]) -> (Vec<Quote>, Vec<Entity>) {
    let text = Text::new(body.to_string());
    let s = text.text.as_str();
    let mut forms: Vec<(usize, &str)> = ents
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.2.iter().map(move |f| (i, *f)))
        .collect();
    forms.sort_by_key(|(_, f)| std::cmp::Reverse(f.len()));
    let mut taken: Vec<(usize, usize, usize)> = Vec::new();
    for (i, form) in forms {
        for (st, _) in s.match_indices(form) {
            let en = st + form.len();
            let left = s[..st].chars().last().is_none_or(|c| !is_word_char(c));
            let right = s[en..].chars().next().is_none_or(|c| !is_word_char(c));
            if left && right && !taken.iter().any(|&(a, b, _)| a < en && st < b) {
                taken.push((st, en, i));
            }
        }
    }
    taken.sort();
    let mut entities: Vec<Entity> = ents
        .iter()
        .enumerate()
        .map(|(i, e)| Entity {
            id: format!("e{}", i + 1),
            kind: e.0.to_string(),
            name: e.1.to_string(),
            descriptors: e.3.iter().map(|d| d.to_string()).collect(),
            ..Default::default()
        })
        .collect();
    for (st, en, i) in taken {
        let span = text.span(st, en);
        entities[i].mentions.push(Mention {
            start: span.start,
            end: span.end,
            text: s[st..en].to_string(),
        });
    }
    let quotes = extract_quotes(&text, &entities);
    // Offsets are code points into the text and always give back the quote text.
    for q in &quotes {
        let slice: String = s.chars().skip(q.start).take(q.end - q.start).collect();
        assert_eq!(slice, q.text, "offsets of {q:?}");
    }
    (quotes, entities)
}

/// The speaker's canonical name, or "-".
fn who(q: &Quote, ents: &[Entity]) -> String {
    q.speaker
        .as_ref()
        .and_then(|id| ents.iter().find(|e| &e.id == id))
        .map_or("-".to_string(), |e| e.name.clone())
}

/// (kind, text, speaker name) for every quote.
fn summary(body: &str, ents: &[E]) -> Vec<(String, String, String)> {
    let (qs, es) = run(body, ents);
    qs.iter()
        .map(|q| (q.kind.clone(), q.text.clone(), who(q, &es)))
        .collect()
}

fn has(body: &str, ents: &[E], kind: &str, text: &str, speaker: &str) {
    let got = summary(body, ents);
    assert!(
        got.iter()
            .any(|(k, t, s)| k == kind && t == text && s == speaker),
        "wanted ({kind}, {text:?}, {speaker}) in {got:#?}"
    );
}

fn kinds(body: &str, ents: &[E]) -> Vec<String> {
    summary(body, ents).into_iter().map(|(k, _, _)| k).collect()
}

const RUIZ: E = E(
    "PERSON",
    "Ana Ruiz",
    &["Ana Ruiz", "Ruiz"],
    &["finance minister"],
);
const HALL: E = E("PERSON", "Peter Hall", &["Peter Hall", "Hall"], &[]);
const PETROV: E = E("PERSON", "Igor Petrov", &["Igor Petrov", "Petrov"], &[]);
const NORDIC: E = E("ORG", "Nordic Power", &["Nordic Power"], &[]);
const LISBON: E = E("GPE", "Lisbon", &["Lisbon"], &[]);
const SPAIN: E = E("GPE", "Spain", &["Spain"], &[]);

// ---- direct quotes

#[test]
fn direct_cue_after_name() {
    let (qs, es) = run(
        "\"The bridge will reopen next week,\" Ana Ruiz said.",
        &[RUIZ],
    );
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].kind, "direct");
    assert_eq!(qs[0].text, "The bridge will reopen next week");
    assert_eq!(who(&qs[0], &es), "Ana Ruiz");
    assert_eq!(qs[0].cue.as_deref(), Some("said"));
    assert_eq!(qs[0].speaker_text.as_deref(), Some("Ana Ruiz"));
    assert_eq!(qs[0].id, "q1");
}

#[test]
fn direct_curly_quotes() {
    has(
        "\u{201C}We have no plans to leave,\u{201D} Petrov said.",
        &[PETROV],
        "direct",
        "We have no plans to leave",
        "Igor Petrov",
    );
}

#[test]
fn direct_offsets_are_code_points() {
    let (qs, _) = run(
        "Caf\u{e9} owners \u{2014} angry. \u{201C}Prices doubled \u{2014} again,\u{201D} Petrov said.",
        &[PETROV],
    );
    assert_eq!(qs[0].text, "Prices doubled \u{2014} again");
    assert_eq!(qs[0].start, 22);
}

#[test]
fn direct_inverted_cue_said_name() {
    has(
        "\"Talks will continue,\" said Peter Hall.",
        &[HALL],
        "direct",
        "Talks will continue",
        "Peter Hall",
    );
}

#[test]
fn direct_inverted_cue_with_adding() {
    let body = "\"Talks will continue,\" said Peter Hall, adding that a deal was close.";
    has(body, &[HALL], "direct", "Talks will continue", "Peter Hall");
    has(body, &[HALL], "indirect", "a deal was close", "Peter Hall");
}

#[test]
fn direct_cue_before_with_colon() {
    has(
        "Ana Ruiz said: \"The budget is balanced.\"",
        &[RUIZ],
        "direct",
        "The budget is balanced.",
        "Ana Ruiz",
    );
}

#[test]
fn direct_cue_before_with_comma() {
    has(
        "Ruiz told lawmakers, \"The budget is balanced.\"",
        &[RUIZ],
        "direct",
        "The budget is balanced.",
        "Ana Ruiz",
    );
}

#[test]
fn direct_told_hearer_colon() {
    has(
        "Petrov told state television: \"Nobody will be forgotten.\"",
        &[PETROV],
        "direct",
        "Nobody will be forgotten.",
        "Igor Petrov",
    );
}

#[test]
fn direct_he_told_reporters() {
    has(
        "Peter Hall arrived in Oslo on Monday. \"We came to listen,\" he told reporters.",
        &[HALL],
        "direct",
        "We came to listen",
        "Peter Hall",
    );
}

#[test]
fn direct_adverb_between_name_and_cue() {
    has(
        "\"No,\" Ruiz later said.",
        &[RUIZ],
        "direct",
        "No",
        "Ana Ruiz",
    );
}

#[test]
fn direct_question_asked() {
    has(
        "Helen Brandt visited the port. \"Who will pay for this?\" asked Brandt.",
        &[E(
            "PERSON",
            "Helen Brandt",
            &["Helen Brandt", "Brandt"],
            &[],
        )],
        "direct",
        "Who will pay for this?",
        "Helen Brandt",
    );
}

#[test]
fn direct_she_asked() {
    has(
        "Helen Brandt visited the port. \"Why now?\" she asked.",
        &[E(
            "PERSON",
            "Helen Brandt",
            &["Helen Brandt", "Brandt"],
            &[],
        )],
        "direct",
        "Why now?",
        "Helen Brandt",
    );
}

#[test]
fn direct_remarks_released_by_office() {
    let body = "Petrov inspected the troops. \"We will not retreat,\" he said in remarks released by his office.";
    let got = summary(body, &[PETROV]);
    assert_eq!(
        got,
        vec![(
            "direct".to_string(),
            "We will not retreat".to_string(),
            "Igor Petrov".to_string()
        )]
    );
}

#[test]
fn direct_several_sentences_in_one_quote() {
    has(
        "\"The talks failed. We will try again next month,\" Petrov said.",
        &[PETROV],
        "direct",
        "The talks failed. We will try again next month",
        "Igor Petrov",
    );
}

#[test]
fn direct_interrupted_by_its_cue() {
    let body = "\"We are ready,\" Igor Petrov said. \"We will defend every village.\"";
    has(body, &[PETROV], "direct", "We are ready", "Igor Petrov");
    has(
        body,
        &[PETROV],
        "direct",
        "We will defend every village.",
        "Igor Petrov",
    );
}

#[test]
fn direct_quote_only_paragraph_continues_speaker() {
    let body = "\"The harvest is lost,\" Ruiz said.\n\n\"Farmers will need help before winter.\"";
    has(
        body,
        &[RUIZ],
        "direct",
        "Farmers will need help before winter.",
        "Ana Ruiz",
    );
}

#[test]
fn direct_quote_paragraph_after_indirect_continues_speaker() {
    let body = "Ruiz said the plan was working.\n\n\"We are ahead of schedule.\"";
    has(
        body,
        &[RUIZ],
        "direct",
        "We are ahead of schedule.",
        "Ana Ruiz",
    );
}

#[test]
fn direct_quote_paragraph_far_from_speaker_stays_unattributed() {
    let body = "\"The harvest is lost,\" Ruiz said.\n\nRain fell all week.\n\nThe roads flooded.\n\n\"Nobody came.\"";
    has(body, &[RUIZ], "direct", "Nobody came.", "-");
}

#[test]
fn direct_multi_paragraph_quote() {
    let body = "Petrov said: \"The first convoy left at dawn.\n\n\"The second one is still waiting at the border.\"";
    has(
        body,
        &[PETROV],
        "direct",
        "The first convoy left at dawn.",
        "Igor Petrov",
    );
    has(
        body,
        &[PETROV],
        "direct",
        "The second one is still waiting at the border.",
        "Igor Petrov",
    );
}

#[test]
fn direct_multi_paragraph_quote_speaker_given_later() {
    let body = "\"The first convoy left at dawn.\n\n\"The second is waiting,\" Petrov said.";
    has(
        body,
        &[PETROV],
        "direct",
        "The first convoy left at dawn.",
        "Igor Petrov",
    );
}

#[test]
fn unclosed_quote_closes_at_paragraph_end() {
    let body = "\"We will never sign this, Petrov said.\n\nThe vote is on Friday.";
    let got = summary(body, &[PETROV]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "direct");
    assert_eq!(got[0].1, "We will never sign this, Petrov said.");
}

#[test]
fn possessive_apostrophes_do_not_break_pairing() {
    let body = "\"The farmers' union won't accept the ministers' offer,\" Ruiz said of the countries' talks.";
    has(
        body,
        &[RUIZ],
        "direct",
        "The farmers' union won't accept the ministers' offer",
        "Ana Ruiz",
    );
}

#[test]
fn nested_single_quotes_stay_inside() {
    has(
        "\"They call it a 'peace plan', but it is a surrender,\" Hall said.",
        &[HALL],
        "direct",
        "They call it a 'peace plan', but it is a surrender",
        "Peter Hall",
    );
}

#[test]
fn curly_apostrophes_do_not_pair() {
    let got = summary(
        "The allies\u{2019} \u{2018}red lines\u{2019} didn\u{2019}t hold, Hall said.",
        &[HALL],
    );
    assert!(got.iter().all(|(k, _, _)| k != "direct" && k != "partial"));
}

#[test]
fn single_quoted_words_are_not_quotes() {
    assert!(kinds("The so-called 'peace plan' was rejected.", &[]).is_empty());
}

#[test]
fn guillemets_pair() {
    has(
        "\u{AB}Nous restons,\u{BB} Hall said.",
        &[HALL],
        "direct",
        "Nous restons",
        "Peter Hall",
    );
}

#[test]
fn stray_marks_never_drop_the_document() {
    for body in [
        "\"",
        "\"\"",
        "He said \" and left.",
        "\u{201D}Odd\u{201C}",
        "\"A\n\n\"",
    ] {
        let _ = run(body, &[]);
    }
    assert!(run("", &[]).0.is_empty());
}

#[test]
fn quote_ending_sentence_is_not_attributed_to_next_report() {
    let body = "\"The plan is dead.\" Ruiz said the cabinet would meet again.";
    let (qs, _) = run(body, &[RUIZ]);
    let direct = qs.iter().find(|q| q.kind == "direct").expect("direct");
    assert_eq!(direct.cue, None);
    has(
        body,
        &[RUIZ],
        "indirect",
        "the cabinet would meet again",
        "Ana Ruiz",
    );
}

#[test]
fn direct_quote_cue_does_not_make_indirect() {
    let got = summary(
        "\"I will not resign,\" Ruiz told reporters during a visit to Lisbon.",
        &[RUIZ, LISBON],
    );
    assert_eq!(got.len(), 1);
}

// ---- speakers: pronouns, descriptors

#[test]
fn she_skips_male_antecedent() {
    has(
        "Ana Ruiz met Peter Hall in Lisbon. \"It was a useful meeting,\" she said.",
        &[RUIZ, HALL, LISBON],
        "direct",
        "It was a useful meeting",
        "Ana Ruiz",
    );
}

#[test]
fn he_skips_female_antecedent() {
    has(
        "Ana Ruiz met Peter Hall in Lisbon. \"We agreed on nothing,\" he said.",
        &[RUIZ, HALL, LISBON],
        "direct",
        "We agreed on nothing",
        "Peter Hall",
    );
}

#[test]
fn he_prefers_subject_over_object() {
    has(
        "Petrov thanked Hall for the invitation. \"I am grateful,\" he said.",
        &[PETROV, HALL],
        "direct",
        "I am grateful",
        "Igor Petrov",
    );
}

#[test]
fn he_ignores_prepositional_mentions() {
    has(
        "Petrov spoke after talks with Hall. \"It went well,\" he said.",
        &[PETROV, HALL],
        "direct",
        "It went well",
        "Igor Petrov",
    );
}

#[test]
fn he_uses_courtesy_title_for_gender() {
    has(
        "Ms. Okafor greeted Mr. Dunn. \"Welcome,\" she said.",
        &[
            E("PERSON", "Ms. Okafor", &["Ms. Okafor"], &[]),
            E("PERSON", "Mr. Dunn", &["Mr. Dunn"], &[]),
        ],
        "direct",
        "Welcome",
        "Ms. Okafor",
    );
}

#[test]
fn it_resolves_to_organisation() {
    has(
        "Nordic Power shut the plant on Monday. It said the repairs would take a month.",
        &[NORDIC],
        "indirect",
        "the repairs would take a month",
        "Nordic Power",
    );
}

#[test]
fn descriptor_mention_from_coreference() {
    // The entity layer has already put "the finance minister" into Ruiz's mentions.
    has(
        "Ruiz presented the plan. Taxes will not rise, the finance minister said.",
        &[E(
            "PERSON",
            "Ana Ruiz",
            &["Ana Ruiz", "Ruiz", "the finance minister"],
            &[],
        )],
        "indirect",
        "Taxes will not rise",
        "Ana Ruiz",
    );
}

#[test]
fn descriptor_matched_by_entity_descriptors() {
    has(
        "Karl Weber flew to Paris. The chancellor said the coalition would hold.",
        &[E(
            "PERSON",
            "Karl Weber",
            &["Karl Weber", "Weber"],
            &["German chancellor"],
        )],
        "indirect",
        "the coalition would hold",
        "Karl Weber",
    );
}

#[test]
fn descriptor_matched_by_entity_name() {
    has(
        "The Finance Ministry cut its forecast. The ministry said growth would slow.",
        &[E("ORG", "Finance Ministry", &["Finance Ministry"], &[])],
        "indirect",
        "growth would slow",
        "Finance Ministry",
    );
}

#[test]
fn definite_descriptor_falls_back_to_latest_subject() {
    has(
        "Nordic Power shut the plant. \"The site is safe,\" the company said in a statement.",
        &[NORDIC],
        "direct",
        "The site is safe",
        "Nordic Power",
    );
}

#[test]
fn indefinite_descriptor_stays_anonymous() {
    let (qs, es) = run(
        "Nordic Power shut the plant. A spokesman said the site was safe.",
        &[NORDIC],
    );
    assert_eq!(qs.len(), 1);
    assert_eq!(who(&qs[0], &es), "-");
    assert_eq!(qs[0].speaker_text.as_deref(), Some("A spokesman"));
}

#[test]
fn his_office_speaks_for_him() {
    has(
        "Petrov cancelled the trip. His office said he was unwell.",
        &[PETROV],
        "indirect",
        "he was unwell",
        "Igor Petrov",
    );
}

#[test]
fn possessor_spokesman_speaks_for_organisation() {
    has(
        "Nordic Power's spokesman said the plant would reopen.",
        &[NORDIC],
        "indirect",
        "the plant would reopen",
        "Nordic Power",
    );
}

#[test]
fn anonymous_officials_keep_speaker_text() {
    let (qs, _) = run("Officials said the border would reopen.", &[]);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].speaker, None);
    assert_eq!(qs[0].speaker_text.as_deref(), Some("Officials"));
    assert_eq!(qs[0].text, "the border would reopen");
}

#[test]
fn title_and_name_form_one_speaker() {
    let (qs, es) = run(
        "Spanish Prime Minister Luis Vega said the decree would expire.",
        &[
            E("NORP", "Spanish", &["Spanish"], &[]),
            E("PERSON", "Luis Vega", &["Luis Vega"], &[]),
        ],
    );
    assert_eq!(who(&qs[0], &es), "Luis Vega");
}

// ---- partial quotes

#[test]
fn partial_fragment_goes_to_sentence_subject() {
    has(
        "Ruiz praised the volunteers for their \"remarkable courage\" during the floods.",
        &[RUIZ],
        "partial",
        "remarkable courage",
        "Ana Ruiz",
    );
}

#[test]
fn partial_after_naming_cue_with_pronoun() {
    has(
        "Ruiz visited the border. She condemned what she called \"reckless provocations\" by the army.",
        &[RUIZ],
        "partial",
        "reckless provocations",
        "Ana Ruiz",
    );
}

#[test]
fn partial_after_warned_of() {
    let body = "Hall has warned of \"grave consequences\" for the region.";
    has(body, &[HALL], "partial", "grave consequences", "Peter Hall");
    assert_eq!(kinds(body, &[HALL]), vec!["partial"]);
}

#[test]
fn partial_inside_indirect_both_found() {
    let body = "Hall said the vote was \"a turning point\" for the region.";
    has(body, &[HALL], "partial", "a turning point", "Peter Hall");
    has(
        body,
        &[HALL],
        "indirect",
        "the vote was \"a turning point\" for the region",
        "Peter Hall",
    );
}

#[test]
fn partial_skips_nationality_adjective() {
    has(
        "Petrov thanked Spanish and Italian firefighters for their \"tireless work\".",
        &[
            PETROV,
            E("NORP", "Spanish", &["Spanish"], &[]),
            E("NORP", "Italian", &["Italian"], &[]),
        ],
        "partial",
        "tireless work",
        "Igor Petrov",
    );
}

#[test]
fn partial_with_anonymous_speaker_noun() {
    let (qs, _) = run("Police described the protest as \"largely peaceful\".", &[]);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].kind, "partial");
    assert_eq!(qs[0].speaker, None);
    assert_eq!(qs[0].speaker_text.as_deref(), Some("Police"));
}

#[test]
fn scare_quote_without_speaker() {
    let got = summary("The so-called \"special regime\" dragged on.", &[]);
    assert_eq!(
        got,
        vec![(
            "partial".to_string(),
            "special regime".to_string(),
            "-".to_string()
        )]
    );
}

#[test]
fn partial_before_post_cue() {
    has(
        "The reform is \"long overdue\", Ruiz said.",
        &[RUIZ],
        "partial",
        "long overdue",
        "Ana Ruiz",
    );
}

// ---- indirect quotes

#[test]
fn indirect_said_clause() {
    let (qs, es) = run(
        "Ana Ruiz said the budget would be balanced by 2026.",
        &[RUIZ],
    );
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].kind, "indirect");
    assert_eq!(qs[0].text, "the budget would be balanced by 2026");
    assert_eq!(qs[0].cue.as_deref(), Some("said"));
    assert_eq!(who(&qs[0], &es), "Ana Ruiz");
}

#[test]
fn indirect_said_that_clause() {
    has(
        "Ruiz said that the budget would be balanced.",
        &[RUIZ],
        "indirect",
        "the budget would be balanced",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_says_present_tense() {
    has(
        "Ruiz says the plan is working.",
        &[RUIZ],
        "indirect",
        "the plan is working",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_cue_after_clause() {
    has(
        "The budget will be balanced next year, Ana Ruiz said.",
        &[RUIZ],
        "indirect",
        "The budget will be balanced next year",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_inverted_cue_after_clause() {
    has(
        "The budget will be balanced next year, said Ana Ruiz.",
        &[RUIZ],
        "indirect",
        "The budget will be balanced next year",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_cue_after_clause_with_adjunct() {
    has(
        "Exports fell by a third, Nordic Power said in a statement on Friday.",
        &[NORDIC],
        "indirect",
        "Exports fell by a third",
        "Nordic Power",
    );
}

#[test]
fn indirect_according_to_before() {
    has(
        "According to Ana Ruiz, the budget will be balanced next year.",
        &[RUIZ],
        "indirect",
        "the budget will be balanced next year",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_according_to_after() {
    has(
        "Prices rose sharply in May, according to Nordic Power.",
        &[NORDIC],
        "indirect",
        "Prices rose sharply in May",
        "Nordic Power",
    );
}

#[test]
fn indirect_told_reporters() {
    has(
        "Ruiz told reporters the budget would be balanced.",
        &[RUIZ],
        "indirect",
        "the budget would be balanced",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_told_local_reporters_that() {
    has(
        "Ruiz told local reporters that the budget would be balanced.",
        &[RUIZ],
        "indirect",
        "the budget would be balanced",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_warned_that() {
    has(
        "Hall warned that prices could rise further.",
        &[HALL],
        "indirect",
        "prices could rise further",
        "Peter Hall",
    );
}

#[test]
fn indirect_said_on_weekday() {
    has(
        "Ruiz said on Tuesday the government would cut taxes.",
        &[RUIZ],
        "indirect",
        "the government would cut taxes",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_subject_time_cue() {
    has(
        "Finance minister Ana Ruiz on Tuesday said Spain would cut taxes.",
        &[RUIZ, SPAIN],
        "indirect",
        "Spain would cut taxes",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_in_a_statement_that() {
    has(
        "Nordic Power said in a statement on Monday that the talks had stalled.",
        &[NORDIC],
        "indirect",
        "the talks had stalled",
        "Nordic Power",
    );
}

#[test]
fn indirect_coordinated_reports() {
    let body = "Hall said the talks were over and Ruiz said they would continue.";
    has(
        body,
        &[HALL, RUIZ],
        "indirect",
        "the talks were over",
        "Peter Hall",
    );
    has(
        body,
        &[HALL, RUIZ],
        "indirect",
        "they would continue",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_trims_reporter_as_clause() {
    has(
        "Petrov said the army would stay as he toured the front.",
        &[PETROV],
        "indirect",
        "the army would stay",
        "Igor Petrov",
    );
}

#[test]
fn indirect_keeps_as_long_as() {
    has(
        "Petrov said the army would stay as long as needed.",
        &[PETROV],
        "indirect",
        "the army would stay as long as needed",
        "Igor Petrov",
    );
}

#[test]
fn indirect_trims_participle_phrase() {
    has(
        "Hall said the port would close, citing security concerns.",
        &[HALL],
        "indirect",
        "the port would close",
        "Peter Hall",
    );
}

#[test]
fn indirect_keeps_including() {
    has(
        "Hall said several ports had closed, including Lisbon.",
        &[HALL, LISBON],
        "indirect",
        "several ports had closed, including Lisbon",
        "Peter Hall",
    );
}

#[test]
fn indirect_trims_new_subject_after_and() {
    has(
        "Hall said the vote was fair and Ruiz left the room.",
        &[HALL, RUIZ],
        "indirect",
        "the vote was fair",
        "Peter Hall",
    );
}

#[test]
fn indirect_keeps_coordinated_subjects() {
    has(
        "Hall said Spain and Lisbon would sign the accord.",
        &[HALL, SPAIN, LISBON],
        "indirect",
        "Spain and Lisbon would sign the accord",
        "Peter Hall",
    );
}

#[test]
fn indirect_coordinated_predicate_takes_sentence_subject() {
    has(
        "Ruiz held talks with Hall in Lisbon and said the deal was close.",
        &[RUIZ, HALL, LISBON],
        "indirect",
        "the deal was close",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_after_relative_clause() {
    has(
        "Ruiz, who took office in March, said the reforms would take years.",
        &[RUIZ],
        "indirect",
        "the reforms would take years",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_pronoun_subject() {
    has(
        "Ana Ruiz arrived in Lisbon. She said the talks would resume.",
        &[RUIZ, LISBON],
        "indirect",
        "the talks would resume",
        "Ana Ruiz",
    );
}

#[test]
fn indirect_adding_after_direct() {
    let body =
        "Hall visited the plant. \"It is old,\" he said, adding that repairs would cost millions.";
    has(
        body,
        &[HALL],
        "indirect",
        "repairs would cost millions",
        "Peter Hall",
    );
}

#[test]
fn indirect_multiword_cue() {
    has(
        "Ruiz pointed out that the deficit had shrunk.",
        &[RUIZ],
        "indirect",
        "the deficit had shrunk",
        "Ana Ruiz",
    );
}

#[test]
fn no_indirect_for_warned_of() {
    assert!(kinds("Hall warned of higher prices.", &[HALL]).is_empty());
}

#[test]
fn no_indirect_for_called_for() {
    assert!(kinds("Ruiz called for calm after the vote.", &[RUIZ]).is_empty());
}

#[test]
fn no_indirect_for_told_with_no_clause() {
    assert!(kinds("Ruiz told reporters about the plan.", &[RUIZ]).is_empty());
}

#[test]
fn no_indirect_without_cue() {
    assert!(kinds("Ruiz visited Lisbon and met farmers.", &[RUIZ, LISBON]).is_empty());
}

#[test]
fn no_indirect_for_noun_that_looks_like_cue() {
    assert!(kinds("The claims were dismissed by the court.", &[]).is_empty());
}

#[test]
fn ids_follow_text_order() {
    let body = "Hall said the vote was fair. \"We won,\" Ruiz said.\n\nPrices rose, according to Nordic Power.";
    let (qs, _) = run(body, &[HALL, RUIZ, NORDIC]);
    let ids: Vec<&str> = qs.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, vec!["q1", "q2", "q3"]);
    assert!(qs.windows(2).all(|w| w[0].start <= w[1].start));
}

// ---- lexicon

#[test]
fn lexicon_loads_cues() {
    let lex = Lexicon::get();
    let find = |w: &str| lex.cues.iter().find(|c| c.words == [w]).map(|c| c.class);
    assert_eq!(find("said"), Some(CueClass::Verb));
    assert_eq!(find("told"), Some(CueClass::Object));
    assert_eq!(find("adding"), Some(CueClass::Participle));
    assert_eq!(find("called"), Some(CueClass::Naming));
    assert!(lex
        .cues
        .iter()
        .any(|c| c.words == ["according", "to"] && c.class == CueClass::Preposition));
}

#[test]
fn lexicon_speaker_nouns_and_plurals() {
    let lex = Lexicon::get();
    assert!(lex.speaker_noun("ministry").is_some_and(|n| n.org));
    assert!(lex.speaker_noun("ministries").is_some_and(|n| n.org));
    assert!(lex.speaker_noun("officials").is_some_and(|n| n.person));
    assert!(lex.speaker_noun("office").is_some_and(|n| n.proxy));
    assert!(lex.speaker_noun("banana").is_none());
}

#[test]
fn lexicon_given_names() {
    let lex = Lexicon::get();
    assert_eq!(lex.gender("mary"), Some(Gender::Female));
    assert_eq!(lex.gender("peter"), Some(Gender::Male));
    assert_eq!(lex.gender("zzz"), None);
}

#[test]
fn quoted_report_is_partial_not_indirect() {
    let got = summary("Hall said \u{201C}we were able to help.\u{201D}", &[HALL]);
    assert_eq!(
        got,
        vec![(
            "partial".to_string(),
            "we were able to help.".to_string(),
            "Peter Hall".to_string()
        )]
    );
}

#[test]
fn nickname_inside_name_is_not_a_quote() {
    assert!(kinds(
        "Col. John \"J.D.\" Dorrian visited the base.",
        &[E(
            "PERSON",
            "John \"J.D.\" Dorrian",
            &["John \"J.D.\" Dorrian"],
            &[]
        )]
    )
    .is_empty());
}

#[test]
fn title_before_name_in_inverted_cue() {
    let (qs, es) = run(
        "\"We trained hard,\" said Staff Sgt. Ann Lee, a crew chief.",
        &[E("PERSON", "Ann Lee", &["Ann Lee"], &[])],
    );
    assert_eq!(who(&qs[0], &es), "Ann Lee");
    assert_eq!(qs[0].speaker_text.as_deref(), Some("Staff Sgt. Ann Lee"));
}

#[test]
fn determiner_makes_ed_word_an_adjective() {
    assert!(kinds("Hall noted the continued support of the allies.", &[HALL]).is_empty());
}

#[test]
fn reported_object_is_not_a_clause() {
    let body =
        "The agency reported explosions at the airport and said ambulances were rushing there.";
    let got = summary(body, &[]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "ambulances were rushing there");
}

#[test]
fn no_report_from_name_before_cue_and_quote() {
    let body = "Gen. Ada Moss, head of the command said, \"We are ready.\"";
    let got = summary(body, &[E("PERSON", "Ada Moss", &["Ada Moss"], &[])]);
    assert!(got.iter().all(|(k, _, _)| k == "direct"));
}

#[test]
fn possessive_s_is_not_a_verb() {
    assert!(kinds(
        "Ruiz reiterated her support for Spain's reform process.",
        &[RUIZ, SPAIN]
    )
    .is_empty());
}

#[test]
fn contracted_is_counts_as_verb() {
    has(
        "Ruiz said it's time to act.",
        &[RUIZ],
        "indirect",
        "it's time to act",
        "Ana Ruiz",
    );
}

#[test]
fn capitalised_quote_right_after_cue_is_direct() {
    let body = "Hall said \"We will appeal the ruling.\"";
    assert_eq!(
        summary(body, &[HALL]),
        vec![(
            "direct".to_string(),
            "We will appeal the ruling.".to_string(),
            "Peter Hall".to_string()
        )]
    );
}

#[test]
fn report_in_fronted_subordinate_clause_ends_at_comma() {
    has(
        "Although Hall said the plant was safe, residents left the town.",
        &[HALL],
        "indirect",
        "the plant was safe",
        "Peter Hall",
    );
}

#[test]
fn report_cut_before_reporter_participle_phrase() {
    has(
        "Officials said the contract was fair, with one analyst saying the price was low.",
        &[],
        "indirect",
        "the contract was fair",
        "-",
    );
}

#[test]
fn month_between_subject_and_cue_is_skipped() {
    has(
        "Nordic Power last November announced the plant would close.",
        &[NORDIC],
        "indirect",
        "the plant would close",
        "Nordic Power",
    );
}

#[test]
fn subordinator_is_never_a_speaker() {
    let (qs, _) = run(
        "When asked whether the deal was done, Hall smiled.",
        &[HALL],
    );
    assert!(qs.is_empty());
}

#[test]
fn that_followed_by_comma_is_skipped() {
    let (qs, _) = run(
        "Hall said that, despite the storm, the ferry would sail.",
        &[HALL],
    );
    assert_eq!(qs.len(), 1);
    assert!(qs[0].text.starts_with("despite the storm"));
}

#[test]
fn said_that_then_capitalised_quote_is_direct() {
    assert_eq!(
        summary("Hall said that \"The port is closed.\"", &[HALL]),
        vec![(
            "direct".to_string(),
            "The port is closed.".to_string(),
            "Peter Hall".to_string()
        )]
    );
}

#[test]
fn negated_cue_reports_nothing() {
    assert!(kinds("Hall would not say where the talks would be held.", &[HALL]).is_empty());
}

#[test]
fn cue_with_object_is_not_a_post_clause_report() {
    let body = "After weeks in which the firms had merged and split, Hall denied the rumours.";
    assert!(kinds(body, &[HALL]).is_empty());
}

#[test]
fn relative_word_is_not_part_of_the_speaker() {
    let (qs, _) = run(
        "The fee is what Peter Hall described as \"a nominal charge\".",
        &[HALL],
    );
    assert_eq!(qs[0].speaker_text.as_deref(), Some("Peter Hall"));
}

#[test]
fn quote_after_cue_and_adjunct_is_direct() {
    has(
        "Peter Hall said in an interview \"Everyone told us we were wrong.\"",
        &[HALL],
        "direct",
        "Everyone told us we were wrong.",
        "Peter Hall",
    );
}

#[test]
fn capitalised_label_after_verb_stays_partial() {
    has(
        "Hall said the drills were \"Not A Threat\" to anyone.",
        &[HALL],
        "partial",
        "Not A Threat",
        "Peter Hall",
    );
}

#[test]
fn object_pronoun_starts_no_clause() {
    assert!(kinds("Ruiz asked them to draw up new plans.", &[RUIZ]).is_empty());
}

#[test]
fn object_with_relative_clause_is_no_report() {
    assert!(kinds(
        "Ruiz explained the reasoning behind the plan, which was adopted in May.",
        &[RUIZ]
    )
    .is_empty());
}

#[test]
fn object_taking_verb_needs_a_quick_verb() {
    assert!(kinds(
        "Nordic Power reported a sharp drop in sales from a year earlier, Hall dropped out.",
        &[NORDIC, HALL]
    )
    .is_empty());
    has(
        "Nordic Power announced the plant would close.",
        &[NORDIC],
        "indirect",
        "the plant would close",
        "Nordic Power",
    );
}

#[test]
fn attribution_after_relative_clause() {
    let (qs, _) = run(
        "\"The talks are stuck,\" the official, who asked not to be named, said.",
        &[],
    );
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].kind, "direct");
    assert_eq!(qs[0].speaker_text.as_deref(), Some("the official"));
}

#[test]
fn quote_resumes_after_its_cue() {
    let body = "\"We are ready,\" Petrov said, \"and we will not wait.\"";
    has(body, &[PETROV], "direct", "We are ready", "Igor Petrov");
    has(
        body,
        &[PETROV],
        "direct",
        "and we will not wait.",
        "Igor Petrov",
    );
}

#[test]
fn according_to_after_direct_quote() {
    has(
        "\"Stocks will recover,\" according to Nordic Power.",
        &[NORDIC],
        "direct",
        "Stocks will recover",
        "Nordic Power",
    );
}

#[test]
fn quoted_as_saying() {
    has(
        "Petrov met the envoy. \"Nothing is agreed,\" he was quoted as saying.",
        &[PETROV],
        "direct",
        "Nothing is agreed",
        "Igor Petrov",
    );
}

#[test]
fn told_hearer_then_time_adjunct() {
    has(
        "Ruiz told AFP on Sunday the budget would be balanced.",
        &[RUIZ, E("ORG", "AFP", &["AFP"], &[])],
        "indirect",
        "the budget would be balanced",
        "Ana Ruiz",
    );
}

#[test]
fn bare_weekday_after_cue_is_skipped() {
    has(
        "Ruiz said Sunday the budget would be balanced.",
        &[RUIZ],
        "indirect",
        "the budget would be balanced",
        "Ana Ruiz",
    );
}

#[test]
fn named_apposition_before_cue_is_the_speaker() {
    has(
        "The general counsel of the company, Peter Hall, explained that the claim was weak.",
        &[HALL],
        "indirect",
        "the claim was weak",
        "Peter Hall",
    );
}

/// Random texts built from tricky pieces (marks, apostrophes, cues, names, blank lines) never
/// panic, and every quote's offsets give back its text.
#[test]
fn random_texts_never_panic() {
    const PIECES: &[&str] = &[
        "\"",
        "\u{201C}",
        "\u{201D}",
        "'",
        "\u{2019}",
        "\u{AB}",
        "\u{BB}",
        "Hall",
        "Ruiz",
        "he",
        "she",
        "said",
        "told",
        "reporters",
        "according",
        "to",
        "that",
        "the",
        "ministry",
        ",",
        ".",
        ":",
        "\n\n",
        "adding",
        "called",
        "won't",
        "countries'",
        "Nordic Power",
        "\u{2014}",
        "as",
        "and",
        "on",
        "Sunday",
        "would",
        "stay",
        "was",
        "?",
        "his",
        "office",
        "it",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..1500 {
        let mut body = String::new();
        let len = (seed % 60) as usize + 1;
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            body.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            body.push(' ');
        }
        let (qs, _) = run(&body, &[RUIZ, HALL, NORDIC]);
        for q in &qs {
            assert!(q.start <= q.end);
        }
    }
}

/// Mentions that do not line up with tokens, run past the text or are empty are tolerated.
#[test]
fn odd_mentions_are_tolerated() {
    let text = Text::new("Caf\u{e9} \u{201C}Hi,\u{201D} Hall-Smith said.".to_string());
    let n = text.text.chars().count();
    let mut e = Entity {
        id: "e1".to_string(),
        kind: "PERSON".to_string(),
        name: "Hall".to_string(),
        ..Default::default()
    };
    for (start, end) in [
        (0, 2),
        (3, 3),
        (9, 13),
        (n - 2, n + 5),
        (n + 1, n + 9),
        (5, 1),
    ] {
        e.mentions.push(Mention {
            start,
            end,
            text: String::new(),
        });
    }
    let qs = extract_quotes(&text, &[e]);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].text, "Hi");
}

#[test]
fn nickname_after_cue_is_not_a_quote() {
    let body = "\"We will strike,\" said Col. John \u{201C}J.D.\u{201D} Dorrian.";
    let (qs, es) = run(body, &[E("PERSON", "John Dorrian", &["John"], &[])]);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].text, "We will strike");
    assert_eq!(who(&qs[0], &es), "John Dorrian");
}
