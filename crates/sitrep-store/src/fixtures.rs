//! Hand-built documents for the tests: a wire story about a Belarus–Russia arms deal, a copy of
//! it republished by another outlet, and an unrelated story about a Polish emergency and a US
//! delivery to Poland.
//!
//! Public (but hidden from the docs) so other crates' tests use the same documents; not part
//! of the API.

use sitrep_core::schema::*;

/// Code-point span of the first occurrence of `needle` in `text`.
pub fn span(text: &str, needle: &str) -> (usize, usize) {
    span_from(text, needle, 0)
}

/// Code-point span of the first occurrence of `needle` at or after byte `from`.
pub fn span_from(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let byte = from + text[from..].find(needle).expect("needle in fixture text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// An entity of `text` with one mention per surface (searched in order, so a repeated
/// surface finds the next occurrence); `link` is (knowledge base, id).
#[allow(clippy::too_many_arguments)]
pub fn entity(
    text: &str,
    id: &str,
    kind: &str,
    name: &str,
    country: Option<&str>,
    actor: Option<&str>,
    link: Option<(&str, &str)>,
    surfaces: &[&str],
) -> Entity {
    Entity {
        id: id.into(),
        kind: kind.into(),
        name: name.into(),
        country: country.map(Into::into),
        actor: actor.map(Into::into),
        link: link.map(|(kb, id)| KbLink {
            kb: kb.into(),
            id: id.into(),
        }),
        geo: None,
        category: None,
        descriptors: vec![],
        mentions: {
            // Each surface is searched after the previous one, so repeats find later mentions.
            let mut from = 0;
            surfaces
                .iter()
                .map(|s| {
                    let (start, end) = span_from(text, s, from);
                    from = text.find(s).map_or(0, |_| {
                        text.char_indices().nth(end).map_or(text.len(), |(b, _)| b)
                    });
                    Mention {
                        start,
                        end,
                        text: (*s).into(),
                    }
                })
                .collect()
        },
    }
}

/// The Belarus arms-deal story as `outlet` published it; `edit` is appended to the body so
/// copies differ slightly.
pub fn belarus(id: &str, outlet: &str, published: &str, edit: &str) -> Document {
    let text = format!(
        "Belarus will buy more than $1 billion worth of Russian weapons by 2025, President \
         Alexander Lukashenko said on Monday, as the two countries held joint military exercises \
         near the borders of the European Union.\n\n\"We will buy S-400 systems to deploy on the \
         border with Ukraine,\" Lukashenko said, adding that Minsk also wanted Tor missile \
         systems and helicopters.{edit}"
    );
    let t = text.as_str();
    let (q_start, q_end) = span(
        t,
        "We will buy S-400 systems to deploy on the border with Ukraine,",
    );
    let (a_start, a_end) = span(t, "more than $1 billion");
    let (m_start, m_end) = span(t, "on Monday");
    let (s2, _) = span(t, "\"We will");
    Document {
        schema: SCHEMA.into(),
        id: id.into(),
        url: Some(format!("https://{outlet}/news/belarus-arms")),
        domain: Some(outlet.into()),
        outlet: Some(outlet.into()),
        title: Some("Belarus Leader Eyes $1Bln Russian Arms Deal".into()),
        authors: vec!["Anna Smolchenko".into()],
        agency: Some("AFP".into()),
        published: Some(published.into()),
        language: Some("en".into()),
        text: text.clone(),
        paragraphs: vec![
            Span {
                start: 0,
                end: s2 - 2,
            },
            Span {
                start: s2,
                end: t.chars().count(),
            },
        ],
        sentences: vec![
            Span {
                start: 0,
                end: s2 - 2,
            },
            Span {
                start: s2,
                end: t.chars().count(),
            },
        ],
        entities: vec![
            entity(
                t,
                "e1",
                "PERSON",
                "Alexander Lukashenko",
                Some("BY"),
                Some("BLRGOV"),
                None,
                &["Alexander Lukashenko", "Lukashenko"],
            ),
            entity(
                t,
                "e2",
                "GPE",
                "Belarus",
                Some("BY"),
                Some("BLR"),
                Some(("iso3166", "BY")),
                &["Belarus", "Minsk"],
            ),
            entity(
                t,
                "e3",
                "GPE",
                "Russia",
                Some("RU"),
                Some("RUS"),
                Some(("iso3166", "RU")),
                &["Russian"],
            ),
            entity(
                t,
                "e4",
                "WEAPON",
                "S-400",
                Some("RU"),
                None,
                Some(("sitrep-weapons", "s-400")),
                &["S-400"],
            ),
            entity(
                t,
                "e5",
                "GPE",
                "Ukraine",
                Some("UA"),
                Some("UKR"),
                Some(("iso3166", "UA")),
                &["Ukraine"],
            ),
        ],
        quotes: vec![Quote {
            id: "q1".into(),
            kind: "direct".into(),
            text: t.chars().skip(q_start).take(q_end - q_start).collect(),
            speaker: Some("e1".into()),
            speaker_text: Some("Lukashenko".into()),
            cue: Some("said".into()),
            start: q_start,
            end: q_end,
        }],
        amounts: vec![Amount {
            id: "a1".into(),
            kind: "money".into(),
            text: "more than $1 billion".into(),
            value: Some(1e9),
            unit: Some("USD".into()),
            qualifier: "more_than".into(),
            of: Some("Russian weapons".into()),
            start: a_start,
            end: a_end,
            ..Default::default()
        }],
        times: vec![TimeExpr {
            id: "t1".into(),
            text: "on Monday".into(),
            kind: "DATE".into(),
            value: Some("2021-09-13".into()),
            modifier: None,
            start: m_start,
            end: m_end,
        }],
        events: vec![Event {
            id: "v1".into(),
            kind: "arms_transfer".into(),
            cameo: Some("0312".into()),
            quad_class: Some(1),
            goldstein: Some(4.0),
            source: vec!["e2".into()],
            target: vec!["e3".into()],
            participants: vec![],
            place: None,
            time: Some("t1".into()),
            modality: "planned".into(),
            trigger: "will buy".into(),
            start: 0,
            end: s2 - 2,
        }],
        arms_transfers: vec![ArmsTransfer {
            id: "x1".into(),
            supplier: Some("RU".into()),
            recipient: Some("BY".into()),
            status: "planned".into(),
            value: Some(DealValue {
                amount: 1e9,
                currency: "USD".into(),
                qualifier: "more_than".into(),
            }),
            delivery_by: Some("2025".into()),
            items: vec![
                ArmsItem {
                    designation: "S-400".into(),
                    category: Some("air defence system".into()),
                    quantity: None,
                    qualifier: None,
                    entity: Some("e4".into()),
                },
                ArmsItem {
                    designation: "helicopters".into(),
                    category: Some("helicopter".into()),
                    quantity: None,
                    qualifier: None,
                    entity: None,
                },
            ],
            events: vec!["v1".into()],
            evidence: vec![Span {
                start: 0,
                end: s2 - 2,
            }],
        }],
        ..Default::default()
    }
}

/// An unrelated story: Poland declares a state of emergency; the US delivers HIMARS to Poland.
pub fn poland(id: &str) -> Document {
    let text = "Poland declared a state of emergency along its border with Belarus on Thursday, \
        the interior ministry in Warsaw said. The United States delivered 18 HIMARS launchers to \
        Poland last month, Defence Minister Mariusz Blaszczak said, calling the rocket systems \
        \"a guarantee of our security\".";
    let (q_start, q_end) = span(text, "a guarantee of our security");
    let (th_start, th_end) = span(text, "on Thursday");
    let (s2, _) = span(text, "The United States");
    let n = text.chars().count();
    Document {
        schema: SCHEMA.into(),
        id: id.into(),
        url: Some("https://notesfrompoland.com/emergency".into()),
        domain: Some("notesfrompoland.com".into()),
        outlet: Some("Notes from Poland".into()),
        title: Some("Poland declares state of emergency on Belarus border".into()),
        authors: vec![],
        agency: None,
        published: Some("2021-09-03".into()),
        language: Some("en".into()),
        text: text.into(),
        paragraphs: vec![Span { start: 0, end: n }],
        sentences: vec![
            Span {
                start: 0,
                end: s2 - 1,
            },
            Span { start: s2, end: n },
        ],
        entities: vec![
            entity(
                text,
                "e1",
                "GPE",
                "Poland",
                Some("PL"),
                Some("POL"),
                Some(("iso3166", "PL")),
                &["Poland", "Warsaw"],
            ),
            entity(
                text,
                "e2",
                "GPE",
                "Belarus",
                Some("BY"),
                Some("BLR"),
                Some(("iso3166", "BY")),
                &["Belarus"],
            ),
            entity(
                text,
                "e3",
                "GPE",
                "United States",
                Some("US"),
                Some("USA"),
                Some(("iso3166", "US")),
                &["United States"],
            ),
            entity(
                text,
                "e4",
                "WEAPON",
                "HIMARS",
                Some("US"),
                None,
                Some(("sitrep-weapons", "himars")),
                &["HIMARS"],
            ),
            entity(
                text,
                "e5",
                "PERSON",
                "Mariusz Blaszczak",
                Some("PL"),
                Some("POLGOV"),
                None,
                &["Mariusz Blaszczak"],
            ),
        ],
        quotes: vec![Quote {
            id: "q1".into(),
            kind: "partial".into(),
            text: "a guarantee of our security".into(),
            speaker: Some("e5".into()),
            speaker_text: Some("Defence Minister Mariusz Blaszczak".into()),
            cue: Some("said".into()),
            start: q_start,
            end: q_end,
        }],
        times: vec![TimeExpr {
            id: "t1".into(),
            text: "on Thursday".into(),
            kind: "DATE".into(),
            value: Some("2021-09-02".into()),
            modifier: None,
            start: th_start,
            end: th_end,
        }],
        events: vec![
            Event {
                id: "v1".into(),
                kind: "state_of_emergency".into(),
                cameo: Some("1721".into()),
                quad_class: Some(4),
                goldstein: Some(-5.0),
                source: vec!["e1".into()],
                target: vec!["e2".into()],
                place: Some("e1".into()),
                time: Some("t1".into()),
                modality: "asserted".into(),
                trigger: "declared a state of emergency".into(),
                start: 0,
                end: s2 - 1,
                ..Default::default()
            },
            Event {
                id: "v2".into(),
                kind: "arms_transfer".into(),
                cameo: Some("0712".into()),
                quad_class: Some(2),
                goldstein: Some(7.4),
                source: vec!["e3".into()],
                target: vec!["e1".into()],
                modality: "asserted".into(),
                trigger: "delivered".into(),
                start: s2,
                end: n,
                ..Default::default()
            },
        ],
        arms_transfers: vec![ArmsTransfer {
            id: "x1".into(),
            supplier: Some("US".into()),
            recipient: Some("PL".into()),
            status: "delivered".into(),
            items: vec![ArmsItem {
                designation: "HIMARS".into(),
                category: Some("multiple rocket launcher".into()),
                quantity: Some(18.0),
                qualifier: Some("exact".into()),
                entity: Some("e4".into()),
            }],
            events: vec!["v2".into()],
            evidence: vec![Span { start: s2, end: n }],
            ..Default::default()
        }],
        ..Default::default()
    }
}
