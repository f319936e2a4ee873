//! The JSON API: one route per store query, with bounded pagination.
//!
//! Query strings are parsed by hand into [`Params`] so every mistake gets a JSON error that
//! says what to fix. Lists answer `{"items": […], "limit", "offset", "next_offset"}`;
//! `next_offset` is `null` on the last page.

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use sitrep_store::query::{self, ArmsDeal};
use sitrep_store::{ArmsFilter, EventFilter};

use crate::AppState;

/// Largest page any list returns.
pub const MAX_LIMIT: usize = 100;
/// Largest offset accepted (deep paging is what exports are for).
pub const MAX_OFFSET: usize = 10_000;
/// Longest accepted value of one query parameter, in bytes.
pub const MAX_PARAM_BYTES: usize = 500;

/// The OpenAPI 3 description of this API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/stats", get(stats))
        .route("/api/search", get(search))
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/story", get(article_story))
        .route("/api/entities/{name}", get(entity))
        .route("/api/quotes", get(quotes))
        .route("/api/events", get(events))
        .route("/api/arms", get(arms))
        .route("/api/stories", get(stories))
        .route("/api/places", get(places))
}

/// An API failure: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the user.
    pub message: String,
}

impl ApiError {
    /// 400: the request itself is wrong.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
    /// 503: the query outlived its deadline.
    pub fn timeout(limit: Duration) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!(
                "the query took longer than {} ms: narrow it down",
                limit.as_millis()
            ),
        }
    }
    /// 500.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl From<sitrep_store::Error> for ApiError {
    fn from(e: sitrep_store::Error) -> ApiError {
        match e {
            sitrep_store::Error::NotFound(id) => ApiError::not_found(format!("no article {id}")),
            sitrep_store::Error::Sqlite(e) => e.into(),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            return ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the query took too long and was stopped: narrow it down".into(),
            };
        }
        ApiError::internal(format!("database error: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// A page of results.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Page size asked for.
    pub limit: usize,
    /// Rows skipped.
    pub offset: usize,
    /// Offset of the next page, `null` when this is the last.
    pub next_offset: Option<usize>,
}

impl<T> Page<T> {
    /// A page from `rows`, which holds at most `limit + 1` rows (the extra one says a next page
    /// exists).
    fn of(mut rows: Vec<T>, page: Pagination) -> Page<T> {
        let more = rows.len() > page.limit;
        rows.truncate(page.limit);
        Page {
            items: rows,
            limit: page.limit,
            offset: page.offset,
            next_offset: more.then_some(page.offset + page.limit),
        }
    }

    /// A page cut from every row.
    fn slice(rows: Vec<T>, page: Pagination) -> Page<T> {
        let rows: Vec<T> = rows
            .into_iter()
            .skip(page.offset)
            .take(page.limit + 1)
            .collect();
        Page::of(rows, page)
    }
}

/// `limit` and `offset`, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// Rows per page, 1..=[`MAX_LIMIT`].
    pub limit: usize,
    /// Rows skipped, ≤ [`MAX_OFFSET`].
    pub offset: usize,
}

impl Pagination {
    /// Rows to fetch from a query without its own offset: the page, its offset and one more.
    fn fetch(self) -> usize {
        self.offset + self.limit + 1
    }
}

/// A query string, checked field by field.
pub struct Params(HashMap<String, String>);

impl Params {
    /// A non-empty, trimmed text parameter, at most [`MAX_PARAM_BYTES`] long.
    pub fn text(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) if s.len() > MAX_PARAM_BYTES => Err(ApiError::bad_request(format!(
                "`{name}` is longer than {MAX_PARAM_BYTES} bytes"
            ))),
            Some(s) => Ok(Some(s.to_string())),
        }
    }

    fn number(
        &self,
        name: &str,
        default: usize,
        max: usize,
        min: usize,
    ) -> Result<usize, ApiError> {
        let Some(raw) = self.text(name)? else {
            return Ok(default);
        };
        match raw.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "`{name}` must be a whole number from {min} to {max}, not {raw:?}"
            ))),
        }
    }

    /// `limit` (default 20, 1..=100) and `offset` (default 0, ≤ 10,000).
    pub fn page(&self) -> Result<Pagination, ApiError> {
        Ok(Pagination {
            limit: self.number("limit", 20, MAX_LIMIT, 1)?,
            offset: self.number("offset", 0, MAX_OFFSET, 0)?,
        })
    }

    /// A date or date prefix: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(d) = self.text(name)? else {
            return Ok(None);
        };
        let shape_ok = matches!(d.len(), 4 | 7 | 10)
            && d.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if shape_ok {
            Ok(Some(d))
        } else {
            Err(ApiError::bad_request(format!(
                "`{name}` must be YYYY, YYYY-MM or YYYY-MM-DD, not {d:?}"
            )))
        }
    }
}

type Q = Query<HashMap<String, String>>;

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn stats(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let stats = s.db.run(|slot| Ok(slot.store.stats()?)).await?;
    Ok(Json(json!(stats)))
}

async fn search(State(s): State<AppState>, Query(q): Q) -> Result<Json<Value>, ApiError> {
    let p = Params(q);
    let page = p.page()?;
    let filter = query::SearchFilter {
        text: p.text("q")?,
        since: p.date("since")?,
        until: p.date("until")?,
        actor: p.text("actor")?,
        kind: p.text("kind")?,
        outlet: p.text("outlet")?,
    };
    let rows =
        s.db.run(move |slot| {
            Ok(query::search_articles(
                &slot.conn,
                &filter,
                page.limit + 1,
                page.offset,
            )?)
        })
        .await?;
    Ok(Json(json!(Page::of(rows, page))))
}

async fn article(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let doc =
        s.db.run(move |slot| Ok(slot.store.article_json(&id)?))
            .await?;
    // The stored JSON goes out exactly as stored.
    Ok(([(header::CONTENT_TYPE, "application/json")], doc).into_response())
}

async fn article_story(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let rows =
        s.db.run(move |slot| {
            query::story_of(&slot.conn, &id)?
                .ok_or_else(|| ApiError::not_found(format!("no article {id}")))
        })
        .await?;
    Ok(Json(json!(rows)))
}

async fn entity(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Query(q): Q,
) -> Result<Json<Value>, ApiError> {
    if name.trim().is_empty() || name.len() > MAX_PARAM_BYTES {
        return Err(ApiError::bad_request("give an entity name up to 500 bytes"));
    }
    let limit = Params(q).number("events", 50, MAX_LIMIT, 0)?;
    let out =
        s.db.run(move |slot| {
            let profile = slot
                .store
                .entity(name.trim())?
                .ok_or_else(|| ApiError::not_found(format!("no entity matches {name:?}")))?;
            let e = &profile.entity;
            // Events where the entity acts or is acted on: by actor code when it has one.
            let actor = e.actor.clone().unwrap_or_else(|| e.name.clone());
            let filter = EventFilter {
                actor: Some(actor),
                ..Default::default()
            };
            let events = if limit == 0 {
                Vec::new()
            } else {
                slot.store.events(&filter, limit)?
            };
            let about = slot.store.search_quotes(&e.name, 20)?;
            let quotes_about: Vec<_> = about
                .into_iter()
                .filter(|q| q.speaker.as_deref() != Some(e.name.as_str()))
                .collect();
            Ok(json!({ "profile": profile, "events": events, "quotes_about": quotes_about }))
        })
        .await?;
    Ok(Json(out))
}

async fn quotes(State(s): State<AppState>, Query(q): Q) -> Result<Json<Value>, ApiError> {
    let p = Params(q);
    let page = p.page()?;
    let speaker = p.text("speaker")?;
    let text = p.text("q")?;
    if speaker.is_none() && text.is_none() {
        return Err(ApiError::bad_request("give `speaker` or `q`"));
    }
    let rows =
        s.db.run(move |slot| {
            Ok(match (speaker, text) {
                (Some(speaker), _) => slot.store.quotes(&speaker, page.fetch())?,
                (None, Some(text)) => slot.store.search_quotes(&text, page.fetch())?,
                (None, None) => Vec::new(),
            })
        })
        .await?;
    Ok(Json(json!(Page::slice(rows, page))))
}

async fn events(State(s): State<AppState>, Query(q): Q) -> Result<Json<Value>, ApiError> {
    let p = Params(q);
    let page = p.page()?;
    let filter = EventFilter {
        actor: p.text("actor")?,
        kind: p.text("kind")?,
        since: p.date("since")?,
        until: p.date("until")?,
        place: p.text("place")?,
    };
    let rows =
        s.db.run(move |slot| Ok(slot.store.events(&filter, page.fetch())?))
            .await?;
    Ok(Json(json!(Page::slice(rows, page))))
}

/// Columns the arms register can be sorted by.
const ARMS_SORT: &[&str] = &[
    "supplier",
    "recipient",
    "system",
    "category",
    "status",
    "value",
    "first_seen",
    "last_seen",
    "num_sources",
    "num_articles",
];

async fn arms(State(s): State<AppState>, Query(q): Q) -> Result<Json<Value>, ApiError> {
    let p = Params(q);
    let page = p.page()?;
    let filter = ArmsFilter {
        supplier: p.text("supplier")?,
        recipient: p.text("recipient")?,
        system: p.text("system")?,
        status: p.text("status")?,
    };
    let sort = p.text("sort")?;
    if let Some(sort) = sort.as_deref() {
        if !ARMS_SORT.contains(&sort) {
            return Err(ApiError::bad_request(format!(
                "`sort` must be one of {}",
                ARMS_SORT.join(", ")
            )));
        }
    }
    let descending = match p.text("order")?.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "`order` must be asc or desc, not {other:?}"
            )))
        }
    };
    let all = s.db.run(move |slot| slot.arms(&filter)).await?;
    let mut deals: Vec<&ArmsDeal> = all.iter().collect();
    if let Some(sort) = sort.as_deref() {
        let key = |d: &ArmsDeal| -> (Option<String>, f64) {
            let text = |s: &Option<String>| s.as_ref().map(|s| s.to_lowercase());
            match sort {
                "supplier" => (text(&d.supplier), 0.0),
                "recipient" => (text(&d.recipient), 0.0),
                "system" => (text(&d.system), 0.0),
                "category" => (text(&d.category), 0.0),
                "status" => (Some(d.status.clone()), 0.0),
                "value" => (
                    None,
                    d.value.as_ref().map_or(f64::NEG_INFINITY, |v| v.amount),
                ),
                "first_seen" => (d.first_seen.clone(), 0.0),
                "last_seen" => (d.last_seen.clone(), 0.0),
                "num_sources" => (None, d.num_sources as f64),
                _ => (None, d.num_articles as f64),
            }
        };
        deals.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
        if descending {
            deals.reverse();
        }
    }
    let mut page = Page::slice(deals, page);
    let items = page.items.drain(..).map(trim_deal).collect();
    Ok(Json(json!(Page {
        items,
        limit: page.limit,
        offset: page.offset,
        next_offset: page.next_offset,
    })))
}

/// Longest list of reporting articles (and status reports) sent per deal; the counts stay
/// complete.
pub const MAX_DEAL_REPORTS: usize = 20;

/// A deal with its per-article lists cut to the first [`MAX_DEAL_REPORTS`] articles and the
/// last [`MAX_DEAL_REPORTS`] status reports (a deal reported by thousands of wire copies would
/// otherwise weigh megabytes). Built field by field so the long lists are never copied whole.
fn trim_deal(d: &ArmsDeal) -> ArmsDeal {
    let first = |list: &[String]| list.iter().take(MAX_DEAL_REPORTS).cloned().collect();
    let cut = d.status_history.len().saturating_sub(MAX_DEAL_REPORTS);
    ArmsDeal {
        supplier: d.supplier.clone(),
        recipient: d.recipient.clone(),
        system: d.system.clone(),
        category: d.category.clone(),
        status: d.status.clone(),
        status_history: d.status_history[cut..].to_vec(),
        value: d.value.clone(),
        quantity: d.quantity,
        delivery_by: d.delivery_by.clone(),
        articles: first(&d.articles),
        urls: first(&d.urls),
        num_articles: d.num_articles,
        num_sources: d.num_sources,
        first_seen: d.first_seen.clone(),
        last_seen: d.last_seen.clone(),
    }
}

async fn stories(State(s): State<AppState>, Query(q): Q) -> Result<Json<Value>, ApiError> {
    let page = Params(q).page()?;
    let rows =
        s.db.run(move |slot| Ok(slot.store.stories(page.fetch())?))
            .await?;
    Ok(Json(json!(Page::slice(rows, page))))
}

async fn places(State(s): State<AppState>, Query(q): Q) -> Result<Json<Value>, ApiError> {
    let p = Params(q);
    let limit = p.number("limit", 300, 1_000, 1)?;
    let rows =
        s.db.run(move |slot| Ok(query::places(&slot.conn, limit)?))
            .await?;
    Ok(Json(json!({ "items": rows })))
}
