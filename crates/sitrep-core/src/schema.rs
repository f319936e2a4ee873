//! The `sitrep.article/1` document: the one JSON shape every tool outside the project reads.
//!
//! Field names here are fixed by `SPEC.md`. Every offset in this module (`start`, `end`) is a
//! Unicode code-point offset into [`Document::text`], end exclusive, as in Python slicing.
//! Analysis code works in byte offsets (see [`crate::text::Text`]) and converts at this boundary.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema tag written into every document.
pub const SCHEMA: &str = "sitrep.article/1";

/// A half-open range of code points in the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// One analysed article in the `sitrep.article/1` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Stable id: from the canonical URL when there is one, else from the text.
    pub id: String,
    /// The article URL exactly as the input gave it.
    pub url: Option<String>,
    /// Registrable domain of the URL, without `www.`.
    pub domain: Option<String>,
    /// Human name of the outlet (from the news-domain table), else the bare domain.
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author names from the byline.
    pub authors: Vec<String>,
    /// Wire agency credited in the byline (AFP, Reuters, AP, …).
    pub agency: Option<String>,
    /// Publication date or date-time, ISO 8601.
    pub published: Option<String>,
    /// ISO 639-1 code of the body language.
    pub language: Option<String>,
    /// Body text only: paragraphs joined by a blank line.
    pub text: String,
    /// Paragraph spans.
    pub paragraphs: Vec<Span>,
    /// Sentence spans.
    pub sentences: Vec<Span>,
    /// Photo captions found around the body.
    pub captions: Vec<Caption>,
    /// "Related article" / "Read more" links.
    pub related: Vec<Related>,
    /// Real link targets found in the body (link text kept in `text`).
    pub links: Vec<Link>,
    /// Input fields the reader did not understand, kept verbatim.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub meta: Map<String, Value>,
    /// Named things and their mentions.
    pub entities: Vec<Entity>,
    /// Direct, partial and indirect quotes.
    pub quotes: Vec<Quote>,
    /// Money, quantities, counts, durations, percentages.
    pub amounts: Vec<Amount>,
    /// Time expressions normalised to TIMEX3 values.
    pub times: Vec<TimeExpr>,
    /// Who did what to whom.
    pub events: Vec<Event>,
    /// The per-article arms register.
    pub arms_transfers: Vec<ArmsTransfer>,
}

/// A photo caption with its credit line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Caption {
    /// Caption text without the credit.
    pub text: String,
    /// Photo credit, e.g. `president.gov.by`, `AFP`.
    pub credit: Option<String>,
}

/// A related-article link that the page showed between paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Related {
    /// Link text.
    pub title: String,
    /// Target, when it is a real URL.
    pub url: Option<String>,
}

/// A hyperlink inside the body: its text stays in `text`, its target is kept here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Link {
    /// Where the link text sits in `text`.
    pub start: usize,
    /// End of the link text.
    pub end: usize,
    /// The link target.
    pub url: String,
}

/// A reference into a knowledge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct KbLink {
    /// Which knowledge base: `iso3166`, `geonames`, `sitrep-weapons`, `sitrep-orgs`, …
    pub kb: String,
    /// The id inside that knowledge base.
    pub id: String,
}

/// A point on the globe.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Geo {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Mention {
    /// Start code point.
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// The mention text exactly as in `text`.
    pub text: String,
}

/// A person, organisation, place, group or weapon system, with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Entity {
    /// Document-local id (`e1`, `e2`, …).
    pub id: String,
    /// PERSON, ORG, GPE, LOC, NORP, FAC, WEAPON, EVENT or MISC.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-2 of the country the entity belongs to or stands for.
    pub country: Option<String>,
    /// CAMEO-style actor code (ISO3 + role), e.g. `BLRGOV`.
    pub actor: Option<String>,
    /// Knowledge-base link.
    pub link: Option<KbLink>,
    /// Coordinates for places.
    pub geo: Option<Geo>,
    /// Weapon category for WEAPON entities (`air defence system`, `aircraft`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Role phrases used for this entity ("Belarus leader", "the strongman").
    pub descriptors: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// A quote and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Quote {
    /// Document-local id (`q1`, …).
    pub id: String,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    /// The quoted (or reported) words, without the quote marks.
    pub text: String,
    /// Entity id of the speaker, when resolved.
    pub speaker: Option<String>,
    /// The words that named the speaker here ("he", "the Kremlin").
    pub speaker_text: Option<String>,
    /// The reporting verb or phrase ("said", "according to").
    pub cue: Option<String>,
    /// Start code point of `text`.
    pub start: usize,
    /// End code point of `text` (exclusive).
    pub end: usize,
}

/// A number with its meaning: money, quantity, count, duration or percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Amount {
    /// Document-local id (`a1`, …).
    pub id: String,
    /// `money`, `quantity`, `count`, `duration` or `percent`.
    pub kind: String,
    /// Surface text.
    pub text: String,
    /// Normalised value; `null` for vague counts ("several dozen").
    pub value: Option<f64>,
    /// ISO 4217 for money, SI-style short unit otherwise, or the counted noun.
    pub unit: Option<String>,
    /// exact, approx, more_than, less_than, at_least, at_most, range.
    pub qualifier: String,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// What is counted or valued, when the grammar says so.
    pub of: Option<String>,
    /// Start code point.
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
}

/// A time expression with its TIMEX3 value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TimeExpr {
    /// Document-local id (`t1`, …).
    pub id: String,
    /// Surface text.
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value (2021-09-12, 2021-W37, PT8H, PAST_REF, …); `null` when unresolvable.
    pub value: Option<String>,
    /// TIMEX3 mod (MID, START, END, APPROX, BEFORE, AFTER, …).
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    /// Start code point.
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
}

/// Who did what to whom, when, where, and whether it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Event {
    /// Document-local id (`v1`, …).
    pub id: String,
    /// Event kind from the SPEC vocabulary (arms_transfer, military_exercise, …).
    pub kind: String,
    /// CAMEO event code.
    pub cameo: Option<String>,
    /// CAMEO QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict).
    pub quad_class: Option<u8>,
    /// Goldstein scale value.
    pub goldstein: Option<f64>,
    /// Entity ids of the actors who act.
    pub source: Vec<String>,
    /// Entity ids of the actors acted upon.
    pub target: Vec<String>,
    /// Entity ids of joint participants (no direction).
    pub participants: Vec<String>,
    /// Entity id of the place.
    pub place: Option<String>,
    /// Time-expression id.
    pub time: Option<String>,
    /// asserted, planned, agreed, desired, expected, negated, hypothetical.
    pub modality: String,
    /// The words that triggered the event.
    pub trigger: String,
    /// Start code point of the evidence (the sentence or clause).
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
}

/// Value of an arms deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DealValue {
    /// The amount.
    pub amount: f64,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Amount qualifier (exact, more_than, …).
    pub qualifier: String,
}

/// One item of an arms deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ArmsItem {
    /// Catalogue designation, else the generic noun ("aircraft", "helicopters").
    pub designation: String,
    /// Catalogue category.
    pub category: Option<String>,
    /// How many; `null` when unknown or vague.
    pub quantity: Option<f64>,
    /// Quantity qualifier.
    pub qualifier: Option<String>,
    /// The WEAPON entity id, when there is one.
    pub entity: Option<String>,
}

/// One supplier→recipient deal found in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ArmsTransfer {
    /// Document-local id (`x1`, …).
    pub id: String,
    /// ISO 3166-1 alpha-2 of the supplier (or the company's country).
    pub supplier: Option<String>,
    /// ISO 3166-1 alpha-2 of the recipient.
    pub recipient: Option<String>,
    /// sought, planned, agreed, delivered, cancelled, rumoured.
    pub status: String,
    /// Deal value.
    pub value: Option<DealValue>,
    /// Delivery deadline or period (TIMEX3 value).
    pub delivery_by: Option<String>,
    /// Items in the deal.
    pub items: Vec<ArmsItem>,
    /// Event ids merged into this record.
    pub events: Vec<String>,
    /// Evidence spans.
    pub evidence: Vec<Span>,
}
