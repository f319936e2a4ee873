//! sitrep's embedded database: storing analysed articles, ingest bookkeeping, queries, exports.
//!
//! One SQLite file (default `./sitrep.db`) in WAL mode holds the corpus. Each
//! `sitrep.article/1` [`Document`](sitrep_core::schema::Document) becomes one `articles` row
//! (metadata plus the full document JSON, which is the only copy of the text) and rows in the
//! layer tables: `sentences`, `mentions`, `quotes`, `amounts`, `times`, `events` (+
//! `event_actors`), `arms_transfers` (+ `arms_items`). Entities are canonical across the
//! corpus (`entities.key` is the knowledge-base link `kb:id` when there is one, else
//! `TYPE:normalised name`), so "Lukashenko" in a thousand articles is one row with a thousand
//! articles' mentions. FTS5 indexes cover article title+text and quotes. Near-duplicate
//! articles (wire copies) share a story (`stories`, found by MinHash + LSH in [`stories`]);
//! corpus views count independent sources as distinct stories, as GDELT's NumSources does.
//!
//! Invariants:
//! - An article's rows are written all-or-nothing, so a killed run never leaves half an
//!   article: [`Store::insert`] uses one transaction (or savepoint) per article; the ingest
//!   [`Writer`] commits batches of articles and, when one fails, rolls the batch back and
//!   stores the others again one by one. A database fault (read-only, locked, full) stops the
//!   writer; every article committed before stays intact.
//! - Inserting a document whose id is stored already changes nothing (idempotent) unless the
//!   store runs in [`InsertMode::Replace`], which swaps the article's rows for the new ones
//!   and keeps its story.
//! - Queries never build SQL from user text: values are bound parameters, and full-text
//!   queries are quoted term by term ([`query::fts_query`]).
//! - The schema version is `PRAGMA user_version`; [`schema::MIGRATIONS`] is append-only.
#![warn(missing_docs)]

pub mod export;
pub mod ingest;
#[cfg(feature = "parquet")]
mod parquet_tables;
pub mod query;
pub mod report;
pub mod schema;
pub mod store;
pub mod stories;

// Test documents shared with other crates' tests, not API. Always built: a cargo feature would
// make `cargo test --workspace` and `cargo build -p sitrep` compile the store twice.
#[doc(hidden)]
pub mod fixtures;

pub use export::ExportFormat;
pub use ingest::{IngestItem, IngestSummary, Writer};
pub use query::{ArmsFilter, EventFilter};
pub use store::{InsertMode, InsertOutcome, Prepared, Store};

use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or created.
    #[error("cannot open database {path}: {source} (check the path and its permissions)")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The database is read-only (file permissions, or opened with `open_read_only`).
    #[error("database {path} is read-only: check its permissions or choose another --db")]
    ReadOnly {
        /// The database file.
        path: PathBuf,
    },
    /// Another process holds the write lock for longer than the busy timeout.
    #[error("database {path} is locked by another process: wait for it to finish or choose another --db")]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// The disk (or the database's size limit) is full: nothing more can be written.
    #[error("database {path} is full (no space left on the disk, or its size limit reached){record}: free space or choose another --db; articles stored before are kept")]
    Full {
        /// The database file.
        path: PathBuf,
        /// `" while storing SOURCE"` when the write of one record hit the limit, else empty.
        record: String,
    },
    /// The file was written by a newer sitrep.
    #[error("database {path} has schema version {found}, newer than this sitrep supports ({supported}): upgrade sitrep")]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A read-only open found no file.
    #[error("database {path} does not exist: run `sitrep ingest` first, or pass --db")]
    Missing {
        /// The database file.
        path: PathBuf,
    },
    /// A read-only open found no sitrep tables.
    #[error("database {path} holds no sitrep data yet: run `sitrep ingest` first, or check --db")]
    Empty {
        /// The database file.
        path: PathBuf,
    },
    /// The document cannot be stored as it is.
    #[error("document {id}: {reason}")]
    InvalidDocument {
        /// The document id (may be empty).
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No stored article has this id.
    #[error("no article with id {0}")]
    NotFound(String),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored or exported JSON value could not be (de)serialised.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing an export failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An export format could not be written (or is not built in).
    #[error("cannot write {path}: {message}")]
    Format {
        /// The file or directory being written.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Writing a CSV record failed.
    #[error("cannot write CSV {path}: {source}")]
    Csv {
        /// The file being written.
        path: PathBuf,
        /// The CSV error.
        source: csv::Error,
    },
}

impl Error {
    /// A short machine-readable kind, used to count failures by reason.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Open { .. } => "open",
            Error::ReadOnly { .. } => "read_only",
            Error::Locked { .. } => "locked",
            Error::Full { .. } => "full",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Missing { .. } => "missing",
            Error::Empty { .. } => "empty",
            Error::InvalidDocument { .. } => "invalid_document",
            Error::NotFound(_) => "not_found",
            Error::Sqlite(_) => "database",
            Error::Json(_) => "json",
            Error::Io { .. } => "io",
            Error::Csv { .. } => "csv",
            Error::Format { .. } => "format",
        }
    }
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
