//! Read-only queries the store does not offer: search with filters, the articles of a story,
//! and the places to put on the map.
//!
//! They run on the server's own read-only connection, so SQLite's progress handler can stop
//! them at the request deadline. User text only ever reaches SQLite as a bound parameter;
//! full-text queries are quoted term by term by [`sitrep_store::query::fts_query`] and `LIKE`
//! patterns escape their wildcards.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;

/// Filters for [`search`]; empty fields match everything.
#[derive(Debug, Clone, Default)]
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

/// One article found by [`search`].
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
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
    /// bm25 relevance (lower is better); `null` when listing without a query.
    pub score: Option<f64>,
    /// Matching passage with hits in `[brackets]`, or the opening words.
    pub snippet: String,
}

/// `LIKE` pattern matching `text` anywhere, wildcards in `text` taken literally.
fn contains(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Two or three ASCII letters: a country or actor code.
fn is_code(text: &str) -> bool {
    (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Articles matching the filter: best first with a query, newest first without.
pub fn search(
    conn: &Connection,
    f: &SearchFilter,
    limit: usize,
    offset: usize,
) -> rusqlite::Result<Vec<Hit>> {
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: String| {
        args.push(Value::Text(v));
        args.len()
    };
    let fts = f.text.as_deref().and_then(sitrep_store::query::fts_query);
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
        Ok(Hit {
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

/// Another article of the same story (a wire copy or a rewrite).
#[derive(Debug, Clone, Serialize)]
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

/// The story an article belongs to and the other articles in it (at most 100); `None` when
/// the article does not exist.
pub fn story_of(conn: &Connection, id: &str) -> rusqlite::Result<Option<serde_json::Value>> {
    let story: Option<Option<i64>> = conn
        .query_row("SELECT story_id FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(story) = story else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, outlet, domain, published, url FROM articles
         WHERE story_id = ?1 AND id != ?2 ORDER BY published, seq LIMIT 100",
    )?;
    let others = stmt
        .query_map(params![story, id], |r| {
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
    Ok(Some(
        serde_json::json!({ "story_id": story, "others": others }),
    ))
}

/// A place with coordinates and how often the corpus mentions it.
#[derive(Debug, Clone, Serialize)]
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
