//! sitrep HTTP API and web UI.
//!
//! `sitrep serve` runs [`serve`]: an axum server on tokio with a JSON API over every store
//! query (`/api/…`, documented by the OpenAPI file at `/api/openapi.json`) and a small web
//! app (one HTML page, one script, one stylesheet, one SVG world map) embedded in the binary,
//! so there is no build step and nothing is fetched from the network.
//!
//! Design:
//! - [`database`] keeps a small pool of read-only connections. Every query runs on a blocking
//!   thread under a deadline: the server's own SQL is interrupted by SQLite's progress handler,
//!   and every request gives up with `503` when the deadline passes.
//! - [`api`] parses query strings by hand into bounded values (`limit` ≤ 100, `offset` ≤
//!   10,000) and answers with JSON; errors are JSON too.
//! - Filtered search, the articles of a story and the places on the map are
//!   [`sitrep_store::query`] functions of a connection, run on the slot's own connection so the
//!   deadline can interrupt them.
//! - [`guard`] is the security layer: bearer token, Host check against DNS rebinding, request
//!   size, and response headers (a strict Content-Security-Policy: no inline script runs).
//! - [`ui`] serves the embedded assets. The app builds every element with `textContent`, never
//!   `innerHTML` with data, so article text (even `<script>…`) is always shown as text.
//!
//! Invariants: the database is opened read-only; user text reaches SQLite only as bound
//! parameters; the server binds to loopback unless a token is given.

pub mod api;
pub mod database;
pub mod guard;
pub mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

pub use database::Database;

/// Everything that can stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] sitrep_store::Error),
    /// The server's own read-only connection could not be opened.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A non-loopback address was asked for without a token.
    #[error("refusing to listen on {0} without --token: anyone on the network could read the database (use 127.0.0.1 or give --token)")]
    PublicWithoutToken(SocketAddr),
    /// Binding or serving failed.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// How `sitrep serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file (opened read-only).
    pub db: PathBuf,
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Bearer token every API call must carry, when set.
    pub token: Option<String>,
    /// Longest time one request may spend on the database.
    pub query_timeout: Duration,
    /// Read-only connections in the pool (concurrent queries).
    pub connections: usize,
}

impl Config {
    /// Defaults: `./sitrep.db` on 127.0.0.1:8080, no token, 5 s per query, 4 connections.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            query_timeout: Duration::from_secs(5),
            connections: 4,
        }
    }
}

/// Shared state of every request.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: Arc<Database>,
    /// The API token, when one is required.
    pub token: Option<Arc<str>>,
    /// Whether the listener is on loopback (then the Host header must name loopback too).
    pub loopback: bool,
}

impl AppState {
    /// Opens the database read-only with the configured pool and limits.
    pub fn open(config: &Config) -> Result<AppState, Error> {
        let db = Database::open(&config.db, config.connections, config.query_timeout)?;
        Ok(AppState {
            db: Arc::new(db),
            token: config.token.as_deref().map(Arc::from),
            loopback: config.addr.ip().is_loopback(),
        })
    }
}

/// The whole application: API, UI and the security layers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(state, guard::check))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            guard::MAX_BODY_BYTES,
        ))
}

/// Refuses to expose the database beyond this machine without a token.
pub fn check_bind(addr: SocketAddr, token: Option<&str>) -> Result<(), Error> {
    if !addr.ip().is_loopback() && token.is_none_or(str::is_empty) {
        return Err(Error::PublicWithoutToken(addr));
    }
    Ok(())
}

/// Opens the database and serves until the process is stopped. `on_ready` gets the bound
/// address (useful with port 0).
pub async fn serve(config: Config, on_ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    check_bind(config.addr, config.token.as_deref())?;
    let state = AppState::open(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| Error::Listen {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| Error::Listen {
        addr: config.addr,
        source,
    })?;
    on_ready(addr);
    axum::serve(listener, app(state))
        .await
        .map_err(|source| Error::Listen { addr, source })
}

/// [`serve`] on its own tokio runtime, for callers that are not async (the CLI).
pub fn serve_blocking(config: Config, on_ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Listen {
            addr: config.addr,
            source,
        })?;
    runtime.block_on(serve(config, on_ready))
}
