//! Queries over the stored corpus: full-text search, quotes, events, the arms register,
//! entity profiles, statistics, stories.
//!
//! Every function returns plain serde-serialisable rows, so the CLI prints them as tables or
//! JSON and the HTTP server returns them as they are. User text only ever reaches SQLite as a
//! bound parameter; full-text queries go through [`fts_query`].

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use sitrep_core::schema::Document;

use crate::schema::DATA_TABLES;
use crate::store::Store;
use crate::{Error, Result};

/// One article found by full-text search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Story cluster.
    pub story_id: Option<i64>,
    /// bm25 relevance (lower is better, as SQLite reports it); `None` when listing without a
    /// full-text query.
    pub score: Option<f64>,
    /// Matching passage with hits in `[brackets]`, or the opening words without a query.
    pub snippet: String,
}

/// Filters for [`search_articles`]; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchFilter {
    /// Full-text query; without it the newest articles are listed.
    pub text: Option<String>,
    /// Earliest publication date (or prefix: `2021`, `2021-09`).
    pub since: Option<String>,
    /// Latest publication date (or prefix).
    pub until: Option<String>,
    /// An actor in the article: CAMEO code prefix or ISO alpha-2 country (2–3 letters), else
    /// part of an entity name.
    pub actor: Option<String>,
    /// An event kind in the article (`arms_transfer`, …).
    pub kind: Option<String>,
    /// Part of the outlet name or domain.
    pub outlet: Option<String>,
}

/// Another article of the same story (a wire copy or a rewrite).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Registrable domain.
    pub domain: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Article URL.
    pub url: Option<String>,
}

/// The story an article belongs to, with the story's other articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryOf {
    /// Story cluster (`None` for an article stored before clustering).
    pub story_id: Option<i64>,
    /// The other articles of the story, oldest first (at most [`STORY_OTHERS`]).
    pub others: Vec<StoryArticle>,
}

/// Most other articles [`story_of`] lists.
pub const STORY_OTHERS: usize = 100;

/// A place with coordinates and how often the corpus mentions it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Canonical name.
    pub name: String,
    /// Entity type (GPE, LOC, FAC).
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Articles mentioning it.
    pub articles: i64,
}

/// One stored quote with its article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Article id.
    pub article: String,
    /// Publication date of the article.
    pub published: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Canonical speaker name, when resolved.
    pub speaker: Option<String>,
    /// The words that named the speaker.
    pub speaker_text: Option<String>,
    /// direct, partial or indirect.
    pub kind: String,
    /// Reporting verb.
    pub cue: Option<String>,
    /// The quoted words.
    pub text: String,
    /// Start code point in the article text.
    pub start: i64,
    /// End code point (exclusive).
    pub end: i64,
}

/// Filter for [`Store::events`]; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Actor code prefix (`BLR`, `RUSMIL`), ISO 3166 alpha-2 country, or (when longer than
    /// three letters) part of a name.
    pub actor: Option<String>,
    /// Event kind (`arms_transfer`, `military_exercise`, …).
    pub kind: Option<String>,
    /// Earliest event date, `YYYY-MM-DD` (or a prefix such as `2021`).
    pub since: Option<String>,
    /// Latest event date, `YYYY-MM-DD` (or a prefix).
    pub until: Option<String>,
    /// ISO 3166 alpha-2 country of the place, or part of its name.
    pub place: Option<String>,
}

/// One stored event with its actors resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// Article id.
    pub article: String,
    /// Article URL.
    pub url: Option<String>,
    /// Story cluster of the article.
    pub story_id: Option<i64>,
    /// Event id inside the article.
    pub local_id: String,
    /// Event date (its own day, else the publication day).
    pub date: Option<String>,
    /// Event kind.
    pub kind: String,
    /// CAMEO code.
    pub cameo: Option<String>,
    /// CAMEO QuadClass.
    pub quad_class: Option<i64>,
    /// Goldstein scale value.
    pub goldstein: Option<f64>,
    /// First source actor's name.
    pub source_name: Option<String>,
    /// First source actor's CAMEO actor code.
    pub source_actor: Option<String>,
    /// First source actor's country.
    pub source_country: Option<String>,
    /// First target actor's name.
    pub target_name: Option<String>,
    /// First target actor's CAMEO actor code.
    pub target_actor: Option<String>,
    /// First target actor's country.
    pub target_country: Option<String>,
    /// Place name.
    pub place_name: Option<String>,
    /// Country of the place.
    pub place_country: Option<String>,
    /// asserted, planned, …
    pub modality: String,
    /// Trigger words.
    pub trigger: String,
    /// Start code point of the evidence.
    pub start: i64,
    /// End code point of the evidence.
    pub end: i64,
}

/// Filter for [`Store::arms`]; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArmsFilter {
    /// Supplier, ISO 3166 alpha-2.
    pub supplier: Option<String>,
    /// Recipient, ISO 3166 alpha-2.
    pub recipient: Option<String>,
    /// Part of a system designation (`S-400`, `helicopter`).
    pub system: Option<String>,
    /// Latest status of the deal (`agreed`, `delivered`, …).
    pub status: Option<String>,
}

/// One status report of a deal: what one article said, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Publication date of the article.
    pub date: Option<String>,
    /// Status the article reported.
    pub status: String,
    /// Article id.
    pub article: String,
}

/// A deal value as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealValueRow {
    /// The amount.
    pub amount: f64,
    /// ISO 4217 currency.
    pub currency: Option<String>,
    /// Qualifier (exact, more_than, …).
    pub qualifier: Option<String>,
}

/// One supplier→recipient(+system) deal merged across every article that reported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmsDeal {
    /// Supplier, ISO 3166 alpha-2.
    pub supplier: Option<String>,
    /// Recipient, ISO 3166 alpha-2.
    pub recipient: Option<String>,
    /// System designation; `None` for deals reported without items.
    pub system: Option<String>,
    /// Category of the system.
    pub category: Option<String>,
    /// Status in the latest report.
    pub status: String,
    /// Every report, oldest first.
    pub status_history: Vec<StatusReport>,
    /// Latest reported value.
    pub value: Option<DealValueRow>,
    /// Latest reported quantity.
    pub quantity: Option<f64>,
    /// Latest reported delivery deadline.
    pub delivery_by: Option<String>,
    /// Ids of the reporting articles.
    pub articles: Vec<String>,
    /// URLs of the reporting articles.
    pub urls: Vec<String>,
    /// Number of reporting articles.
    pub num_articles: usize,
    /// Number of independent sources (distinct story clusters).
    pub num_sources: usize,
    /// Earliest report date.
    pub first_seen: Option<String>,
    /// Latest report date.
    pub last_seen: Option<String>,
}

/// A canonical entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    /// Row id.
    pub seq: i64,
    /// Corpus-wide key.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
}

/// Mentions of an entity in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`, or `unknown` for undated articles.
    pub month: String,
    /// Mentions that month.
    pub mentions: i64,
    /// Articles that month.
    pub articles: i64,
}

/// An entity seen in the same articles as another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoEntity {
    /// Canonical name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// Articles shared.
    pub articles: i64,
}

/// What the corpus says about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityProfile {
    /// The entity.
    pub entity: EntityRow,
    /// Total mentions.
    pub mentions: i64,
    /// Articles mentioning it.
    pub articles: i64,
    /// Mentions per month, oldest first.
    pub timeline: Vec<MonthCount>,
    /// Entities in the same articles, most shared first.
    pub co_occurring: Vec<CoEntity>,
    /// Quotes by the entity, newest first.
    pub quotes: Vec<QuoteRow>,
}

/// Corpus counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Schema version of the file.
    pub schema_version: i64,
    /// Rows per table.
    pub tables: BTreeMap<String, i64>,
    /// Articles per language.
    pub languages: BTreeMap<String, i64>,
    /// Story clusters with more than one article.
    pub multi_article_stories: i64,
    /// Articles per wire agency.
    pub agencies: BTreeMap<String, i64>,
}

/// One story cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    /// Story id.
    pub id: i64,
    /// Headline of the first article.
    pub title: Option<String>,
    /// Articles in the story.
    pub articles: i64,
    /// Distinct outlets.
    pub outlets: Vec<String>,
    /// Distinct wire agencies.
    pub agencies: Vec<String>,
    /// Earliest publication date.
    pub first_published: Option<String>,
    /// Latest publication date.
    pub last_published: Option<String>,
}

/// Turns user text into a safe FTS5 query: every whitespace-separated term becomes a quoted
/// phrase (so `S-400` and `"` cannot break the syntax); all terms must match.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|t| t.trim_matches('"'))
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// A country or actor code as a user types it: two or three ASCII letters.
fn is_code(text: &str) -> bool {
    (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `LIKE` pattern matching `text` anywhere, with the wildcards in `text` taken literally.
fn contains(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn quote_row(r: &Row) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        article: r.get("article")?,
        published: r.get("published")?,
        outlet: r.get("outlet")?,
        speaker: r.get("speaker_name")?,
        speaker_text: r.get("speaker_text")?,
        kind: r.get("kind")?,
        cue: r.get("cue")?,
        text: r.get("text")?,
        start: r.get("start")?,
        end: r.get("end")?,
    })
}

const QUOTE_COLUMNS: &str = "q.article, a.published, a.outlet, q.speaker_name, q.speaker_text, \
     q.kind, q.cue, q.text, q.start, q.\"end\"";

/// Articles matching the filter: best first (bm25, title weighted double) with a full-text
/// query, newest first without one.
///
/// A function of a connection rather than a [`Store`] method so that a caller holding its own
/// read-only connection (the HTTP server) can interrupt it at a deadline.
pub fn search_articles(
    conn: &Connection,
    f: &SearchFilter,
    limit: usize,
    offset: usize,
) -> rusqlite::Result<Vec<SearchHit>> {
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: String| {
        args.push(Value::Text(v));
        args.len()
    };
    let fts = f.text.as_deref().and_then(fts_query);
    if f.text.is_some() && fts.is_none() {
        // Only punctuation: nothing can match.
        return Ok(Vec::new());
    }
    // The kind and actor filters are uncorrelated `IN` subqueries: SQLite builds each set of
    // article ids once, where a correlated `EXISTS` re-scanned a common actor's mentions for
    // every article (seconds on 100,000 articles).
    // Two steps, so the costly columns (snippet, the text's opening words) are computed only
    // for the page, not for every match: the inner query ranks and pages row ids, the outer one
    // fetches the page.
    let mut inner = match &fts {
        Some(q) => format!(
            "SELECT articles_fts.rowid FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
             WHERE articles_fts MATCH ?{}",
            arg(q.clone())
        ),
        None => "SELECT a.seq FROM articles a WHERE 1".to_string(),
    };
    if let Some(since) = &f.since {
        let i = arg(since.clone());
        inner += &format!(" AND substr(a.published, 1, length(?{i})) >= ?{i}");
    }
    if let Some(until) = &f.until {
        let i = arg(until.clone());
        inner += &format!(" AND substr(a.published, 1, length(?{i})) <= ?{i}");
    }
    if let Some(outlet) = &f.outlet {
        let i = arg(contains(outlet));
        inner +=
            &format!(" AND (a.outlet LIKE ?{i} ESCAPE '\\' OR a.domain LIKE ?{i} ESCAPE '\\')");
    }
    if let Some(kind) = &f.kind {
        let i = arg(kind.to_lowercase());
        inner += &format!(" AND a.id IN (SELECT e.article FROM events e WHERE e.kind = ?{i})");
    }
    if let Some(actor) = &f.actor {
        let who = if is_code(actor) {
            let code = arg(format!("{}%", actor.to_uppercase()));
            let country = arg(actor.to_uppercase());
            format!("n.actor LIKE ?{code} OR n.country = ?{country}")
        } else {
            format!("n.name LIKE ?{} ESCAPE '\\'", arg(contains(actor)))
        };
        inner += &format!(
            " AND a.id IN (SELECT m.article FROM entities n JOIN mentions m ON m.entity = n.seq
                           WHERE {who})"
        );
    }
    inner += if fts.is_some() {
        " ORDER BY bm25(articles_fts, 2.0, 1.0)"
    } else {
        " ORDER BY a.published DESC, a.seq DESC"
    };
    args.push(Value::Integer(limit as i64));
    inner += &format!(" LIMIT ?{}", args.len());
    args.push(Value::Integer(offset as i64));
    inner += &format!(" OFFSET ?{}", args.len());
    let sql = match fts {
        // ?1 is the query in both steps.
        Some(_) => format!(
            "SELECT a.id, a.title, a.url, a.outlet, a.published, a.story_id,
                    bm25(articles_fts, 2.0, 1.0) AS score,
                    snippet(articles_fts, 1, '[', ']', '…', 16)
             FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
             WHERE articles_fts MATCH ?1 AND articles_fts.rowid IN ({inner})
             ORDER BY score"
        ),
        None => format!(
            "SELECT a.id, a.title, a.url, a.outlet, a.published, a.story_id, NULL,
                    substr(json_extract(a.document, '$.text'), 1, 240)
             FROM articles a WHERE a.seq IN ({inner})
             ORDER BY a.published DESC, a.seq DESC"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok(SearchHit {
            id: r.get(0)?,
            title: r.get(1)?,
            url: r.get(2)?,
            outlet: r.get(3)?,
            published: r.get(4)?,
            story_id: r.get(5)?,
            score: r.get(6)?,
            snippet: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        })
    })?;
    rows.collect()
}

/// The story article `id` belongs to and its other articles; `None` when there is no such
/// article.
pub fn story_of(conn: &Connection, id: &str) -> rusqlite::Result<Option<StoryOf>> {
    let story: Option<Option<i64>> = conn
        .query_row("SELECT story_id FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(story_id) = story else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, outlet, domain, published, url FROM articles
         WHERE story_id = ?1 AND id != ?2 ORDER BY published, seq LIMIT ?3",
    )?;
    let others = stmt
        .query_map(params![story_id, id, STORY_OTHERS as i64], |r| {
            Ok(StoryArticle {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                domain: r.get(3)?,
                published: r.get(4)?,
                url: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(StoryOf { story_id, others }))
}

/// Places with coordinates, most-mentioned first.
pub fn places(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<Place>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.name, n.type, n.country, n.lat, n.lon,
                (SELECT count(DISTINCT m.article) FROM mentions m WHERE m.entity = n.seq) AS k
         FROM entities n WHERE n.lat IS NOT NULL AND n.lon IS NOT NULL
         ORDER BY k DESC, n.name LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(Place {
            name: r.get(0)?,
            kind: r.get(1)?,
            country: r.get(2)?,
            lat: r.get(3)?,
            lon: r.get(4)?,
            articles: r.get(5)?,
        })
    })?;
    rows.collect()
}

impl Store {
    fn all<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(sql).map_err(|e| self.classify(e))?;
        let rows = stmt.query_map(params, f).map_err(|e| self.classify(e))?;
        rows.collect::<rusqlite::Result<Vec<T>>>()
            .map_err(|e| self.classify(e))
    }

    /// Full-text search over titles and texts, best first (bm25, title weighted double).
    pub fn search(&self, text: &str, limit: usize, offset: usize) -> Result<Vec<SearchHit>> {
        let filter = SearchFilter {
            text: Some(text.to_string()),
            ..SearchFilter::default()
        };
        search_articles(self.conn(), &filter, limit, offset).map_err(|e| self.classify(e))
    }

    /// Quotes whose resolved speaker (its name in the article or its canonical name) or the
    /// words naming the speaker contain `speaker`, newest first.
    pub fn quotes(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteRow>> {
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article
             WHERE q.speaker_name LIKE ?1 ESCAPE '\\' OR q.speaker_text LIKE ?1 ESCAPE '\\'
                OR q.speaker IN (SELECT seq FROM entities WHERE name LIKE ?1 ESCAPE '\\')
             ORDER BY a.published DESC, q.article, q.start LIMIT ?2"
        );
        self.all(&sql, params![contains(speaker), limit as i64], quote_row)
    }

    /// Quotes whose words match a full-text query, best first.
    pub fn search_quotes(&self, text: &str, limit: usize) -> Result<Vec<QuoteRow>> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes_fts JOIN quotes q ON q.seq = quotes_fts.rowid
             JOIN articles a ON a.id = q.article
             WHERE quotes_fts MATCH ?1 ORDER BY bm25(quotes_fts) LIMIT ?2"
        );
        self.all(&sql, params![query, limit as i64], quote_row)
    }

    /// Events matching the filter, newest first.
    pub fn events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<EventRow>> {
        let mut sql = String::from(
            "SELECT e.article, a.url, a.story_id, e.local_id, e.date, e.kind, e.cameo,
                    e.quad_class, e.goldstein, e.source_name, e.source_actor, e.source_country,
                    e.target_name, e.target_actor, e.target_country, e.place_name,
                    e.place_country, e.modality, e.trigger, e.start, e.\"end\"
             FROM events e JOIN articles a ON a.id = e.article WHERE 1 = 1",
        );
        let mut args: Vec<Value> = Vec::new();
        let mut arg = |v: String| {
            args.push(Value::Text(v));
            args.len()
        };
        if let Some(actor) = filter.actor.as_deref().filter(|s| !s.is_empty()) {
            let code = arg(format!("{}%", actor.to_uppercase()));
            let country = arg(actor.to_uppercase());
            // Short codes (`US`, `BLR`) are codes only: as name parts they match too much.
            let name_match = if is_code(actor) {
                String::new()
            } else {
                format!(" OR n.name LIKE ?{} ESCAPE '\\'", arg(contains(actor)))
            };
            sql += &format!(
                " AND EXISTS (SELECT 1 FROM event_actors ea JOIN entities n ON n.seq = ea.entity
                   WHERE ea.event = e.seq AND (n.actor LIKE ?{code} OR n.country = ?{country}{name_match}))"
            );
        }
        if let Some(kind) = filter.kind.as_deref().filter(|s| !s.is_empty()) {
            sql += &format!(" AND e.kind = ?{}", arg(kind.to_string()));
        }
        if let Some(since) = filter.since.as_deref().filter(|s| !s.is_empty()) {
            sql += &format!(" AND e.date >= ?{}", arg(since.to_string()));
        }
        if let Some(until) = filter.until.as_deref().filter(|s| !s.is_empty()) {
            // A prefix such as `2021-09` includes the whole month.
            sql += &format!(" AND e.date <= ?{} || '~'", arg(until.to_string()));
        }
        if let Some(place) = filter.place.as_deref().filter(|s| !s.is_empty()) {
            if place.len() == 2 && is_code(place) {
                sql += &format!(" AND e.place_country = ?{}", arg(place.to_uppercase()));
            } else {
                let name = arg(contains(place));
                sql += &format!(" AND e.place_name LIKE ?{name} ESCAPE '\\'");
            }
        }
        args.push(Value::Integer(limit as i64));
        sql += &format!(" ORDER BY e.date DESC, e.seq LIMIT ?{}", args.len());
        self.all(&sql, params_from_iter(args), |r| {
            Ok(EventRow {
                article: r.get(0)?,
                url: r.get(1)?,
                story_id: r.get(2)?,
                local_id: r.get(3)?,
                date: r.get(4)?,
                kind: r.get(5)?,
                cameo: r.get(6)?,
                quad_class: r.get(7)?,
                goldstein: r.get(8)?,
                source_name: r.get(9)?,
                source_actor: r.get(10)?,
                source_country: r.get(11)?,
                target_name: r.get(12)?,
                target_actor: r.get(13)?,
                target_country: r.get(14)?,
                place_name: r.get(15)?,
                place_country: r.get(16)?,
                modality: r.get(17)?,
                trigger: r.get(18)?,
                start: r.get(19)?,
                end: r.get(20)?,
            })
        })
    }

    /// The arms register merged across articles: one row per supplier→recipient(+system)
    /// deal, with every report, ordered by supplier, recipient, system.
    pub fn arms(&self, filter: &ArmsFilter) -> Result<Vec<ArmsDeal>> {
        struct Report {
            supplier: Option<String>,
            recipient: Option<String>,
            status: String,
            value: Option<DealValueRow>,
            delivery_by: Option<String>,
            article: String,
            url: Option<String>,
            published: Option<String>,
            story: Option<i64>,
            designation: Option<String>,
            category: Option<String>,
            quantity: Option<f64>,
        }
        let upper = |s: &Option<String>| {
            s.as_deref()
                .filter(|s| !s.is_empty())
                .map(str::to_uppercase)
        };
        let reports = self.all(
            "SELECT t.supplier, t.recipient, t.status, t.value_amount, t.value_currency,
                    t.value_qualifier, t.delivery_by, t.article, a.url, a.published, a.story_id,
                    i.designation, i.category, i.quantity
             FROM arms_transfers t JOIN articles a ON a.id = t.article
             LEFT JOIN arms_items i ON i.transfer = t.seq
             WHERE (?1 IS NULL OR upper(t.supplier) = ?1)
               AND (?2 IS NULL OR upper(t.recipient) = ?2)
             ORDER BY a.published, t.seq",
            params![upper(&filter.supplier), upper(&filter.recipient)],
            |r| {
                let amount: Option<f64> = r.get(3)?;
                Ok(Report {
                    supplier: r.get(0)?,
                    recipient: r.get(1)?,
                    status: r.get(2)?,
                    value: match amount {
                        Some(amount) => Some(DealValueRow {
                            amount,
                            currency: r.get(4)?,
                            qualifier: r.get(5)?,
                        }),
                        None => None,
                    },
                    delivery_by: r.get(6)?,
                    article: r.get(7)?,
                    url: r.get(8)?,
                    published: r.get(9)?,
                    story: r.get(10)?,
                    designation: r.get(11)?,
                    category: r.get(12)?,
                    quantity: r.get(13)?,
                })
            },
        )?;

        type Key = (Option<String>, Option<String>, Option<String>);
        /// A deal being merged, with what it has seen (so merging stays linear).
        struct Merging {
            deal: ArmsDeal,
            stories: BTreeSet<i64>,
            articles: HashSet<String>,
            reports: HashSet<(String, String)>,
        }
        let mut deals: BTreeMap<Key, Merging> = BTreeMap::new();
        for rep in reports {
            let key = (
                rep.supplier.clone(),
                rep.recipient.clone(),
                rep.designation.as_deref().map(str::to_lowercase),
            );
            let m = deals.entry(key).or_insert_with(|| Merging {
                deal: ArmsDeal {
                    supplier: rep.supplier.clone(),
                    recipient: rep.recipient.clone(),
                    system: rep.designation.clone(),
                    category: None,
                    status: String::new(),
                    status_history: Vec::new(),
                    value: None,
                    quantity: None,
                    delivery_by: None,
                    articles: Vec::new(),
                    urls: Vec::new(),
                    num_articles: 0,
                    num_sources: 0,
                    first_seen: None,
                    last_seen: None,
                },
                stories: BTreeSet::new(),
                articles: HashSet::new(),
                reports: HashSet::new(),
            });
            let deal = &mut m.deal;
            // Reports arrive oldest first, so "latest" fields are simply overwritten.
            if m.reports.insert((rep.article.clone(), rep.status.clone())) {
                deal.status_history.push(StatusReport {
                    date: rep.published.clone(),
                    status: rep.status.clone(),
                    article: rep.article.clone(),
                });
            }
            deal.status = rep.status;
            deal.category = rep.category.or(deal.category.take());
            deal.value = rep.value.or(deal.value.take());
            deal.quantity = rep.quantity.or(deal.quantity);
            deal.delivery_by = rep.delivery_by.or(deal.delivery_by.take());
            if m.articles.insert(rep.article.clone()) {
                deal.articles.push(rep.article);
                deal.urls.extend(rep.url);
            }
            if deal.first_seen.is_none() {
                deal.first_seen = rep.published.clone();
            }
            if rep.published.is_some() {
                deal.last_seen = rep.published;
            }
            m.stories.extend(rep.story);
        }
        let system = filter
            .system
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        let status = filter.status.as_deref().filter(|s| !s.is_empty());
        Ok(deals
            .into_values()
            .map(|m| {
                let mut deal = m.deal;
                deal.num_articles = deal.articles.len();
                deal.num_sources = m.stories.len();
                deal
            })
            .filter(|d| {
                system.as_deref().is_none_or(|s| {
                    d.system
                        .as_deref()
                        .is_some_and(|x| x.to_lowercase().contains(s))
                })
            })
            .filter(|d| status.is_none_or(|s| d.status.eq_ignore_ascii_case(s)))
            .collect())
    }

    /// The profile of the entity best matching `name` (exact name, actor code or KB id first,
    /// then the most-mentioned entity whose name contains it); `None` when nothing matches.
    pub fn entity(&self, name: &str) -> Result<Option<EntityProfile>> {
        let conn = self.conn();
        let found = conn
            .query_row(
                "SELECT n.seq, n.key, n.name, n.type, n.country, n.actor
                 FROM entities n
                 WHERE n.name LIKE ?1 ESCAPE '\\' OR n.actor = upper(?2) OR n.kb_id = ?2
                 ORDER BY (n.name = ?2 COLLATE NOCASE OR n.actor = upper(?2)
                             OR n.kb_id = ?2) DESC,
                          (SELECT count(*) FROM mentions m WHERE m.entity = n.seq) DESC
                 LIMIT 1",
                params![contains(name), name],
                |r| {
                    Ok(EntityRow {
                        seq: r.get(0)?,
                        key: r.get(1)?,
                        name: r.get(2)?,
                        kind: r.get(3)?,
                        country: r.get(4)?,
                        actor: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.classify(e))?;
        let Some(entity) = found else {
            return Ok(None);
        };
        let (mentions, articles): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(DISTINCT article) FROM mentions WHERE entity = ?1",
                [entity.seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.classify(e))?;
        let timeline = self.all(
            "SELECT coalesce(substr(a.published, 1, 7), 'unknown') AS month, count(*),
                    count(DISTINCT m.article)
             FROM mentions m JOIN articles a ON a.id = m.article
             WHERE m.entity = ?1 GROUP BY month ORDER BY month",
            [entity.seq],
            |r| {
                Ok(MonthCount {
                    month: r.get(0)?,
                    mentions: r.get(1)?,
                    articles: r.get(2)?,
                })
            },
        )?;
        let co_occurring = self.all(
            "SELECT n.name, n.type, n.actor, count(DISTINCT o.article) AS shared
             FROM (SELECT DISTINCT article FROM mentions WHERE entity = ?1) mine
             JOIN mentions o ON o.article = mine.article AND o.entity != ?1
             JOIN entities n ON n.seq = o.entity
             GROUP BY n.seq ORDER BY shared DESC, n.name LIMIT 20",
            [entity.seq],
            |r| {
                Ok(CoEntity {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    actor: r.get(2)?,
                    articles: r.get(3)?,
                })
            },
        )?;
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article
             WHERE q.speaker = ?1 ORDER BY a.published DESC, q.article, q.start LIMIT 50"
        );
        let quotes = self.all(&sql, [entity.seq], quote_row)?;
        Ok(Some(EntityProfile {
            entity,
            mentions,
            articles,
            timeline,
            co_occurring,
            quotes,
        }))
    }

    /// Row counts per table, languages, agencies and multi-article stories.
    pub fn stats(&self) -> Result<Stats> {
        let conn = self.conn();
        let one = |sql: &str| -> Result<i64> {
            conn.query_row(sql, [], |r| r.get(0))
                .map_err(|e| self.classify(e))
        };
        let mut tables = BTreeMap::new();
        for table in DATA_TABLES {
            tables.insert(
                (*table).to_string(),
                one(&format!("SELECT count(*) FROM {table}"))?,
            );
        }
        let pairs = |sql: &str| -> Result<BTreeMap<String, i64>> {
            Ok(self
                .all(sql, [], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?
                .into_iter()
                .collect())
        };
        Ok(Stats {
            schema_version: self.schema_version()?,
            tables,
            languages: pairs(
                "SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1",
            )?,
            multi_article_stories: one("SELECT count(*) FROM (SELECT story_id FROM articles
                 GROUP BY story_id HAVING count(*) > 1)")?,
            agencies: pairs(
                "SELECT agency, count(*) FROM articles WHERE agency IS NOT NULL GROUP BY 1",
            )?,
        })
    }

    /// The stored `sitrep.article/1` JSON of one article, exactly as inserted.
    pub fn article_json(&self, id: &str) -> Result<String> {
        self.conn()
            .query_row("SELECT document FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.classify(e))?
            .ok_or_else(|| Error::NotFound(id.to_string()))
    }

    /// The stored document of one article.
    pub fn article(&self, id: &str) -> Result<Document> {
        Ok(serde_json::from_str(&self.article_json(id)?)?)
    }

    /// Story clusters, largest first.
    pub fn stories(&self, limit: usize) -> Result<Vec<StoryRow>> {
        self.all(
            "SELECT s.id, s.title, count(a.seq),
                    json_group_array(DISTINCT a.outlet) FILTER (WHERE a.outlet IS NOT NULL),
                    json_group_array(DISTINCT a.agency) FILTER (WHERE a.agency IS NOT NULL),
                    min(a.published), max(a.published)
             FROM stories s JOIN articles a ON a.story_id = s.id
             GROUP BY s.id ORDER BY count(a.seq) DESC, s.id LIMIT ?1",
            [limit as i64],
            |r| {
                let list = |i: usize| -> rusqlite::Result<Vec<String>> {
                    let json: Option<String> = r.get(i)?;
                    Ok(json
                        .and_then(|j| serde_json::from_str(&j).ok())
                        .unwrap_or_default())
                };
                Ok(StoryRow {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    articles: r.get(2)?,
                    outlets: list(3)?,
                    agencies: list(4)?,
                    first_published: r.get(5)?,
                    last_published: r.get(6)?,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{belarus, poland};

    /// Two wire copies of the Belarus story (the second reports the deal as agreed) and the
    /// Poland story.
    fn corpus() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .insert(&belarus("u1", "themoscowtimes.com", "2021-09-13", ""))
            .unwrap();
        let mut copy = belarus("u2", "france24.com", "2021-09-20", " The deal was signed.");
        copy.arms_transfers[0].status = "agreed".into();
        store.insert(&copy).unwrap();
        store.insert(&poland("u3")).unwrap();
        store
    }

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(fts_query("S-400 Tor").unwrap(), "\"S-400\" \"Tor\"");
        assert_eq!(fts_query("say \"hi"), Some("\"say\" \"hi\"".into()));
        assert_eq!(fts_query("  - \" "), None);
        assert_eq!(fts_query("a\"b").unwrap(), "\"a\"\"b\"");
    }

    #[test]
    fn search_finds_stemmed_words_and_snippets() {
        let store = corpus();
        let hits = store.search("helicopter", 10, 0).unwrap();
        assert_eq!(hits.len(), 2);
        assert!(
            hits[0].snippet.contains("[helicopters]"),
            "{}",
            hits[0].snippet
        );
        let hits = store.search("S-400", 10, 0).unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(store.search("emergency", 10, 0).unwrap()[0].id, "u3");
        assert_eq!(store.search("emergency", 10, 1).unwrap().len(), 0);
        assert!(store.search("\" OR (", 10, 0).unwrap().is_empty());
        assert!(store.search("nothing-like-this", 10, 0).unwrap().is_empty());
    }

    #[test]
    fn quotes_by_speaker() {
        let store = corpus();
        let q = store.quotes("lukashenko", 10).unwrap();
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].speaker.as_deref(), Some("Alexander Lukashenko"));
        assert!(q[0].text.starts_with("We will buy S-400"));
        assert_eq!(q[0].article, "u2"); // newest first
        assert_eq!(store.quotes("Blaszczak", 10).unwrap().len(), 1);
        assert!(store.quotes("%", 10).unwrap().is_empty());
        assert_eq!(store.search_quotes("security", 10).unwrap().len(), 1);
    }

    #[test]
    fn quotes_by_canonical_speaker_name() {
        let mut store = Store::open_in_memory().unwrap();
        let link = |mut d: Document, name: &str| {
            d.entities[0].link = Some(sitrep_core::schema::KbLink {
                kb: "sitrep-people".into(),
                id: "lukashenko".into(),
            });
            d.entities[0].name = name.into();
            d
        };
        let first = belarus("u1", "a.com", "2021-09-13", "");
        store.insert(&link(first, "Alexander Lukashenko")).unwrap();
        let second = belarus("u2", "b.com", "2021-09-14", " Later.");
        store.insert(&link(second, "A. Lukashenko")).unwrap();
        // The second article names him differently; the canonical entity joins them.
        assert_eq!(store.quotes("Alexander", 10).unwrap().len(), 2);
        assert_eq!(store.entity("lukashenko").unwrap().unwrap().articles, 2);
    }

    #[test]
    fn events_by_actor_kind_time_place() {
        let store = corpus();
        let all = store.events(&EventFilter::default(), 100).unwrap();
        assert_eq!(all.len(), 4);
        let f = |actor: Option<&str>,
                 kind: Option<&str>,
                 since: Option<&str>,
                 until: Option<&str>,
                 place: Option<&str>| EventFilter {
            actor: actor.map(Into::into),
            kind: kind.map(Into::into),
            since: since.map(Into::into),
            until: until.map(Into::into),
            place: place.map(Into::into),
        };
        let arms = store
            .events(&f(None, Some("arms_transfer"), None, None, None), 100)
            .unwrap();
        assert_eq!(arms.len(), 3);
        let blr = store
            .events(&f(Some("BLR"), None, None, None, None), 100)
            .unwrap();
        assert_eq!(blr.len(), 3); // both Belarus copies and Poland's emergency against Belarus
        let by_name = store
            .events(&f(Some("united"), None, None, None, None), 100)
            .unwrap();
        assert_eq!(by_name.len(), 1);
        let us = store
            .events(&f(Some("us"), None, None, None, None), 100)
            .unwrap();
        assert_eq!(us.len(), 1);
        assert_eq!(us[0].source_actor.as_deref(), Some("USA"));
        assert_eq!(us[0].target_country.as_deref(), Some("PL"));
        // The event's own date (on Monday = 2021-09-13) wins over the publication date.
        let sept13 = store
            .events(
                &f(None, None, Some("2021-09-13"), Some("2021-09-13"), None),
                100,
            )
            .unwrap();
        assert_eq!(sept13.len(), 2);
        let month = store
            .events(&f(None, None, Some("2021-09"), Some("2021-09"), None), 100)
            .unwrap();
        assert_eq!(month.len(), 4);
        let early = store
            .events(&f(None, None, None, Some("2021-09-02"), None), 100)
            .unwrap();
        assert_eq!(early.len(), 1);
        assert_eq!(early[0].kind, "state_of_emergency");
        let at_poland = store
            .events(&f(None, None, None, None, Some("pola")), 100)
            .unwrap();
        assert_eq!(at_poland.len(), 1);
        assert_eq!(
            store
                .events(&f(None, None, None, None, Some("PL")), 100)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn arms_register_merges_reports_and_counts_independent_sources() {
        let store = corpus();
        let deals = store.arms(&ArmsFilter::default()).unwrap();
        // RU→BY S-400, RU→BY helicopters, US→PL HIMARS.
        assert_eq!(deals.len(), 3);
        let s400 = deals
            .iter()
            .find(|d| d.system.as_deref() == Some("S-400"))
            .unwrap();
        assert_eq!(s400.status, "agreed");
        assert_eq!(s400.status_history.len(), 2);
        assert_eq!(s400.status_history[0].status, "planned");
        assert_eq!(s400.num_articles, 2);
        assert_eq!(s400.num_sources, 1); // wire copies of one story
        assert_eq!(s400.value.as_ref().unwrap().amount, 1e9);
        assert_eq!(s400.first_seen.as_deref(), Some("2021-09-13"));
        assert_eq!(s400.last_seen.as_deref(), Some("2021-09-20"));
        let filter = ArmsFilter {
            supplier: Some("ru".into()),
            system: Some("s-4".into()),
            ..Default::default()
        };
        assert_eq!(store.arms(&filter).unwrap().len(), 1);
        let delivered = ArmsFilter {
            status: Some("delivered".into()),
            ..Default::default()
        };
        let d = store.arms(&delivered).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].quantity, Some(18.0));
        assert_eq!(d[0].recipient.as_deref(), Some("PL"));
        let none = ArmsFilter {
            recipient: Some("UA".into()),
            ..Default::default()
        };
        assert!(store.arms(&none).unwrap().is_empty());
    }

    #[test]
    fn entity_profile() {
        let store = corpus();
        let p = store.entity("Lukashenko").unwrap().unwrap();
        assert_eq!(p.entity.name, "Alexander Lukashenko");
        assert_eq!(p.mentions, 4);
        assert_eq!(p.articles, 2);
        assert_eq!(p.timeline.len(), 1);
        assert_eq!(p.timeline[0].month, "2021-09");
        assert_eq!(p.quotes.len(), 2);
        assert!(p
            .co_occurring
            .iter()
            .any(|c| c.name == "S-400" && c.articles == 2));
        // Exact matches (name or actor code) win over substrings.
        let b = store.entity("belarus").unwrap().unwrap();
        assert_eq!(b.entity.key, "iso3166:BY");
        assert_eq!(b.articles, 3);
        assert_eq!(store.entity("POL").unwrap().unwrap().entity.name, "Poland");
        assert!(store.entity("Nobody").unwrap().is_none());
    }

    #[test]
    fn stats_article_and_stories() {
        let store = corpus();
        let s = store.stats().unwrap();
        assert_eq!(s.tables["articles"], 3);
        assert_eq!(s.tables["stories"], 2);
        assert_eq!(s.tables["quotes"], 3);
        assert_eq!(s.multi_article_stories, 1);
        assert_eq!(s.languages["en"], 3);
        assert_eq!(s.agencies["AFP"], 2);
        let doc = store.article("u3").unwrap();
        assert_eq!(doc, poland("u3"));
        assert!(matches!(store.article("nope"), Err(Error::NotFound(_))));
        let stories = store.stories(10).unwrap();
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].articles, 2);
        assert_eq!(
            stories[0].outlets,
            vec!["themoscowtimes.com", "france24.com"]
        );
        assert_eq!(stories[0].agencies, vec!["AFP"]);
    }

    #[test]
    fn filtered_search_lists_pages_and_filters() {
        let store = corpus();
        let ids = |f: SearchFilter| -> Vec<String> {
            search_articles(store.conn(), &f, 10, 0)
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect()
        };
        let text = |t: &str| SearchFilter {
            text: Some(t.into()),
            ..SearchFilter::default()
        };
        // Without words: newest first, no score, the opening words as snippet.
        let all = search_articles(store.conn(), &SearchFilter::default(), 10, 0).unwrap();
        assert_eq!(all.len(), 3);
        assert!(all[0].published >= all[1].published);
        assert!(all
            .iter()
            .all(|h| h.score.is_none() && !h.snippet.is_empty()));
        assert_eq!(
            ids(SearchFilter {
                outlet: Some("france24".into()),
                ..text("Belarus")
            }),
            ["u2"]
        );
        assert_eq!(
            ids(SearchFilter {
                since: Some("2021-09-14".into()),
                ..text("Belarus")
            }),
            ["u2"]
        );
        let by_actor = |a: &str| {
            let mut found = ids(SearchFilter {
                actor: Some(a.into()),
                ..SearchFilter::default()
            });
            found.sort();
            found
        };
        assert_eq!(by_actor("BLR"), ["u1", "u2", "u3"]);
        assert_eq!(by_actor("POL"), ["u3"]);
        assert_eq!(by_actor("lukashenko"), ["u1", "u2"]);
        // Wildcards and FTS syntax are literal; punctuation alone matches nothing.
        assert!(ids(SearchFilter {
            outlet: Some("%".into()),
            ..SearchFilter::default()
        })
        .is_empty());
        assert!(ids(text("\" OR (")).is_empty());
        // Store::search is the text-only case, with a score.
        let hits = store.search("S-400", 10, 0).unwrap();
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.score.is_some()));
        assert_eq!(
            search_articles(store.conn(), &text("S-400"), 1, 1)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn story_siblings_and_places() {
        let mut store = corpus();
        let story = story_of(store.conn(), "u1").unwrap().unwrap();
        assert!(story.story_id.is_some());
        let others: Vec<&str> = story.others.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(others, ["u2"]);
        assert!(story_of(store.conn(), "u3")
            .unwrap()
            .unwrap()
            .others
            .is_empty());
        assert_eq!(story_of(store.conn(), "nope").unwrap(), None);
        // Only entities with coordinates are places.
        assert!(places(store.conn(), 10).unwrap().is_empty());
        let mut doc = poland("u4");
        doc.id = "u4".into();
        for e in doc.entities.iter_mut().filter(|e| e.kind == "GPE") {
            e.geo = Some(sitrep_core::schema::Geo {
                lat: 52.0,
                lon: 19.0,
            });
        }
        store.insert(&doc).unwrap();
        let found = places(store.conn(), 10).unwrap();
        assert!(!found.is_empty());
        assert!(found.iter().all(|p| p.kind == "GPE" && p.articles >= 1));
        assert_eq!(places(store.conn(), 1).unwrap().len(), 1);
    }
}
