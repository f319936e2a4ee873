//! Ingest bookkeeping: one writer that stores documents, counts outcomes and failures.
//!
//! The CLI extracts articles on all cores and sends the results to one [`Writer`] (SQLite has
//! one writer at a time). A document that cannot be stored is counted by reason and recorded
//! with its source and id; the run goes on. A database-level fault (read-only, locked, disk
//! full, corrupt) stops the writer with an error instead, because every later write would fail
//! too; what was committed before stays committed.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;
use std::time::Instant;

use rusqlite::ErrorCode;
use serde::Serialize;
use sitrep_core::schema::Document;

use crate::store::{InsertOutcome, Prepared, Store};
use crate::{Error, Result};

/// At most this many failures are kept with their messages; all are counted.
const MAX_RECORDED_FAILURES: usize = 1000;

/// One message to the writer thread.
#[derive(Debug)]
pub enum IngestItem {
    /// An analysed document and where it came from (file, and record within it).
    Article {
        /// File path and record, e.g. `crawl.warc.gz#1234`.
        source: String,
        /// The document to store, serialised where it was analysed ([`Prepared::new`]).
        document: Box<Prepared>,
    },
    /// An input that failed before it became a document (unreadable, malformed, …).
    Failed {
        /// File path and record.
        source: String,
        /// Short machine-readable reason, e.g. `truncated_gzip`, `invalid_utf8`.
        reason: String,
        /// The one-line message shown to the user.
        message: String,
    },
}

/// Facts stored, per layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// Sentences.
    pub sentences: u64,
    /// Entities (per article, before corpus-wide merging).
    pub entities: u64,
    /// Entity mentions.
    pub mentions: u64,
    /// Quotes.
    pub quotes: u64,
    /// Amounts.
    pub amounts: u64,
    /// Time expressions.
    pub times: u64,
    /// Events.
    pub events: u64,
    /// Arms transfers.
    pub arms_transfers: u64,
    /// Items of arms transfers.
    pub arms_items: u64,
}

impl Facts {
    /// Adds one document's layers.
    pub fn add(&mut self, doc: &Document) {
        self.sentences += doc.sentences.len() as u64;
        self.entities += doc.entities.len() as u64;
        self.mentions += doc
            .entities
            .iter()
            .map(|e| e.mentions.len() as u64)
            .sum::<u64>();
        self.quotes += doc.quotes.len() as u64;
        self.amounts += doc.amounts.len() as u64;
        self.times += doc.times.len() as u64;
        self.events += doc.events.len() as u64;
        self.arms_transfers += doc.arms_transfers.len() as u64;
        self.arms_items += doc
            .arms_transfers
            .iter()
            .map(|x| x.items.len() as u64)
            .sum::<u64>();
    }
}

/// One input or document that was not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// File path and record.
    pub source: String,
    /// Document id, when the input got that far.
    pub id: Option<String>,
    /// Short machine-readable reason.
    pub reason: String,
    /// The one-line message.
    pub message: String,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// Articles stored for the first time.
    pub new: u64,
    /// Articles already stored (unchanged).
    pub duplicate: u64,
    /// Articles stored before whose rows were replaced.
    pub updated: u64,
    /// Inputs or documents not stored.
    pub failed: u64,
    /// Failures counted by reason.
    pub failed_by_reason: BTreeMap<String, u64>,
    /// The first failures with their messages.
    pub failures: Vec<Failure>,
    /// Articles stored (new or updated) whose language is not English: text and metadata
    /// only, without analysis layers.
    pub not_english: u64,
    /// Facts stored (new and updated articles), per layer.
    pub facts: Facts,
    /// Story clusters in the database at the end.
    pub stories: u64,
    /// Articles in the database at the end.
    pub articles_total: u64,
    /// Wall-clock seconds since the writer started.
    pub elapsed_secs: f64,
    /// CPU seconds (user + system) of the writer thread, when the platform reports them
    /// (Linux); the database's own cost of the run, apart from reading and analysis.
    pub writer_cpu_secs: Option<f64>,
}

impl IngestSummary {
    /// Documents handled (stored, skipped or failed) per second.
    pub fn rate(&self) -> f64 {
        let n = self.new + self.duplicate + self.updated + self.failed;
        if self.elapsed_secs > 0.0 {
            n as f64 / self.elapsed_secs
        } else {
            0.0
        }
    }

    fn record(&mut self, failure: Failure) {
        self.failed += 1;
        *self
            .failed_by_reason
            .entry(failure.reason.clone())
            .or_default() += 1;
        if self.failures.len() < MAX_RECORDED_FAILURES {
            self.failures.push(failure);
        }
    }
}

/// The single writer of an ingest run: stores documents in batches and keeps the counts.
///
/// A batch is one transaction without per-article savepoints (they cost about 15% of the
/// write time). If an article fails inside a batch, the whole batch is rolled back and its
/// other articles are stored again one transaction each, so every article stays
/// all-or-nothing and a failure costs only its own article.
pub struct Writer {
    store: Store,
    batch_size: usize,
    /// The articles of the open batch, kept until the commit for a possible replay.
    pending: Vec<(String, Prepared)>,
    summary: IngestSummary,
    started: Instant,
    cpu_at_start: Option<f64>,
}

impl Writer {
    /// A writer committing every `batch_size` articles (1 = commit each article).
    pub fn new(store: Store, batch_size: usize) -> Writer {
        Writer {
            store,
            batch_size: batch_size.max(1),
            pending: Vec::new(),
            summary: IngestSummary::default(),
            started: Instant::now(),
            cpu_at_start: thread_cpu_seconds(),
        }
    }

    /// Stores one document. `Ok(None)` means it failed and was counted; `Err` is a database
    /// fault that will stop every later write too, so the caller should stop.
    pub fn add(&mut self, source: &str, doc: Document) -> Result<Option<InsertOutcome>> {
        self.add_prepared(source, Prepared::new(doc))
    }

    /// [`Writer::add`] for a document prepared by the caller (on another thread).
    pub fn add_prepared(
        &mut self,
        source: &str,
        prepared: Prepared,
    ) -> Result<Option<InsertOutcome>> {
        if self.pending.is_empty() {
            self.store.begin_batch()?;
        }
        let outcome = match self.store.insert_unguarded(&prepared) {
            Ok(outcome) => outcome,
            Err(e) if is_fatal(&e) => return Err(self.stop(source, e)),
            Err(e) => {
                // A refused document wrote nothing; anything else may have written part.
                if !matches!(e, Error::InvalidDocument { .. }) {
                    self.replay_without_failed()?;
                }
                self.summary.record(Failure {
                    source: source.to_string(),
                    id: Some(prepared.document.id.clone()),
                    reason: e.kind().to_string(),
                    message: format!("{source}: {e}"),
                });
                return Ok(None);
            }
        };
        match outcome {
            InsertOutcome::New => self.summary.new += 1,
            InsertOutcome::Duplicate => self.summary.duplicate += 1,
            InsertOutcome::Updated => self.summary.updated += 1,
        }
        if outcome != InsertOutcome::Duplicate {
            self.summary.facts.add(&prepared.document);
            if is_foreign(&prepared.document) {
                self.summary.not_english += 1;
            }
        }
        self.pending.push((source.to_string(), prepared));
        if self.pending.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(Some(outcome))
    }

    /// After a database fault while storing `source`: rolls the open batch back and stores its
    /// earlier articles again one transaction each (on a full disk they fit, since they were
    /// written before the one that did not), so that only the article in hand is lost. Returns
    /// the fault, naming the record for a full disk.
    fn stop(&mut self, source: &str, e: Error) -> Error {
        let _ = self.store.rollback_batch();
        for (earlier, prepared) in std::mem::take(&mut self.pending) {
            if let Err(again) = self.store.insert(&prepared.document) {
                return name_record(again, &earlier);
            }
        }
        name_record(e, source)
    }

    /// Rolls back the open batch (which holds part of a failed article) and stores its
    /// earlier articles again, one transaction each. Their outcomes were counted already.
    fn replay_without_failed(&mut self) -> Result<()> {
        self.store.rollback_batch()?;
        for (source, prepared) in std::mem::take(&mut self.pending) {
            let doc = &prepared.document;
            match self.store.insert(doc) {
                Ok(_) => {}
                Err(e) if is_fatal(&e) => return Err(e),
                // Stored fine a moment ago inside the batch; count it failed if not now.
                Err(e) => {
                    self.summary.new = self.summary.new.saturating_sub(1);
                    self.summary.record(Failure {
                        source: source.clone(),
                        id: Some(doc.id.clone()),
                        reason: e.kind().to_string(),
                        message: format!("{source}: {e}"),
                    });
                }
            }
        }
        Ok(())
    }

    /// Counts an input that failed before it became a document.
    pub fn fail(&mut self, source: &str, reason: &str, message: &str) {
        self.summary.record(Failure {
            source: source.to_string(),
            id: None,
            reason: reason.to_string(),
            message: message.to_string(),
        });
    }

    /// Handles one channel message (see [`Writer::add`] and [`Writer::fail`]).
    pub fn handle(&mut self, item: IngestItem) -> Result<()> {
        match item {
            IngestItem::Article { source, document } => {
                self.add_prepared(&source, *document)?;
            }
            IngestItem::Failed {
                source,
                reason,
                message,
            } => self.fail(&source, &reason, &message),
        }
        Ok(())
    }

    /// Commits the articles of the current batch.
    pub fn flush(&mut self) -> Result<()> {
        if !self.pending.is_empty() {
            if let Err(e) = self.store.commit_batch() {
                let last = self
                    .pending
                    .last()
                    .map(|(source, _)| source.clone())
                    .unwrap_or_default();
                return Err(self.stop(&last, e));
            }
            self.pending.clear();
        }
        Ok(())
    }

    /// The counts so far (for a progress bar).
    pub fn summary(&self) -> &IngestSummary {
        &self.summary
    }

    /// Commits what is pending and returns the final summary with corpus totals.
    pub fn finish(mut self) -> Result<IngestSummary> {
        self.flush()?;
        let conn = self.store.conn();
        let count = |sql: &str| -> Result<u64> {
            Ok(conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map_err(|e| self.store.classify(e))? as u64)
        };
        self.summary.articles_total = count("SELECT count(*) FROM articles")?;
        self.summary.stories = count("SELECT count(*) FROM stories")?;
        self.summary.elapsed_secs = self.started.elapsed().as_secs_f64();
        self.summary.writer_cpu_secs = match (self.cpu_at_start, thread_cpu_seconds()) {
            (Some(a), Some(b)) => Some((b - a).max(0.0)),
            _ => None,
        };
        Ok(self.summary)
    }

    /// Runs a writer on its own thread fed by a bounded channel; drop the sender to finish.
    /// The thread returns the summary, or the database fault that stopped it (after which
    /// sends fail, which tells the producers to stop).
    pub fn spawn(
        store: Store,
        batch_size: usize,
        capacity: usize,
    ) -> (SyncSender<IngestItem>, JoinHandle<Result<IngestSummary>>) {
        let (tx, rx) = sync_channel::<IngestItem>(capacity.max(1));
        let run = move || {
            let mut writer = Writer::new(store, batch_size);
            for item in rx {
                writer.handle(item)?;
            }
            writer.finish()
        };
        // Named so that profilers can tell the writer from the analysis threads.
        let handle = std::thread::Builder::new()
            .name("sitrep-writer".into())
            .spawn(run)
            .expect("cannot start the database writer thread");
        (tx, handle)
    }
}

/// A document whose detected (or declared) language is not English.
fn is_foreign(doc: &Document) -> bool {
    doc.language.as_deref().is_some_and(|lang| {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        !primary.is_empty() && !primary.eq_ignore_ascii_case("en")
    })
}

/// Names the record being stored in a full-disk error.
fn name_record(e: Error, source: &str) -> Error {
    match e {
        Error::Full { path, .. } => Error::Full {
            path,
            record: format!(" while storing {source}"),
        },
        other => other,
    }
}

/// CPU seconds (user + system) the calling thread has used, from `/proc/thread-self/stat`
/// (Linux); `None` elsewhere. Resolution is the kernel's clock tick (10 ms).
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = s.get(s.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux platform Rust targets.
    Some(ticks / 100.0)
}

/// Faults of the database rather than of one document.
fn is_fatal(e: &Error) -> bool {
    match e {
        Error::ReadOnly { .. }
        | Error::Locked { .. }
        | Error::Full { .. }
        | Error::Open { .. }
        | Error::NewerSchema { .. }
        | Error::Empty { .. }
        | Error::Missing { .. }
        | Error::Io { .. } => true,
        Error::Sqlite(e) => matches!(
            e.sqlite_error_code(),
            Some(
                ErrorCode::DiskFull
                    | ErrorCode::SystemIoFailure
                    | ErrorCode::CannotOpen
                    | ErrorCode::DatabaseCorrupt
                    | ErrorCode::NotADatabase
                    | ErrorCode::OutOfMemory
                    | ErrorCode::PermissionDenied
            )
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{belarus, poland};
    use std::time::Duration;

    #[test]
    fn counts_new_duplicate_failed_and_facts() {
        let store = Store::open_in_memory().unwrap();
        let mut writer = Writer::new(store, 2);
        let doc = belarus("u1", "a.com", "2021-09-13", "");
        assert_eq!(
            writer.add("a.md", doc.clone()).unwrap(),
            Some(InsertOutcome::New)
        );
        assert_eq!(
            writer.add("a-again.md", doc).unwrap(),
            Some(InsertOutcome::Duplicate)
        );
        let bad = poland("");
        assert_eq!(writer.add("bad.jsonl#3", bad).unwrap(), None);
        writer.fail(
            "broken.warc.gz#7",
            "truncated_gzip",
            "broken.warc.gz: record 7: truncated",
        );
        assert_eq!(
            writer.add("p.html", poland("u3")).unwrap(),
            Some(InsertOutcome::New)
        );
        let s = writer.finish().unwrap();
        assert_eq!((s.new, s.duplicate, s.updated, s.failed), (2, 1, 0, 2));
        assert_eq!(s.failed_by_reason["invalid_document"], 1);
        assert_eq!(s.failed_by_reason["truncated_gzip"], 1);
        assert_eq!(s.failures[0].source, "bad.jsonl#3");
        assert!(s.failures[0].message.contains("bad.jsonl#3"));
        assert_eq!(s.facts.quotes, 2);
        assert_eq!(s.facts.events, 3);
        assert_eq!(s.facts.arms_items, 3);
        assert_eq!(s.articles_total, 2);
        assert_eq!(s.stories, 2);
    }

    #[test]
    fn an_article_failing_mid_batch_costs_only_itself() {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON arms_items WHEN NEW.article = 'bad'
                 BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let mut writer = Writer::new(store, 10);
        for id in ["u1", "u2", "bad", "u3"] {
            writer
                .add(&format!("{id}.md"), belarus(id, "a.com", "2021-09-13", id))
                .unwrap();
        }
        let s = writer.finish().unwrap();
        assert_eq!((s.new, s.failed), (3, 1));
        assert_eq!(s.failures[0].id.as_deref(), Some("bad"));
        assert_eq!(s.failed_by_reason["database"], 1);
        assert_eq!(s.articles_total, 3);
    }

    #[test]
    fn spawned_writer_drains_a_channel() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let (tx, handle) = Writer::spawn(Store::open(&path).unwrap(), 100, 16);
        for i in 0..50 {
            let doc = belarus(
                &format!("u{i}"),
                "a.com",
                "2021-09-13",
                &format!(" Copy {i}."),
            );
            tx.send(IngestItem::Article {
                source: format!("in.jsonl#{i}"),
                document: Box::new(Prepared::new(doc)),
            })
            .unwrap();
        }
        tx.send(IngestItem::Failed {
            source: "x.html".into(),
            reason: "not_english".into(),
            message: "x.html: language de".into(),
        })
        .unwrap();
        drop(tx);
        let s = handle.join().unwrap().unwrap();
        assert_eq!(s.new, 50);
        assert_eq!(s.failed, 1);
        assert_eq!(s.stories, 1);
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.stats().unwrap().tables["articles"], 50);
        assert_eq!(store.check().unwrap(), vec!["ok"]);
    }

    #[test]
    fn a_locked_database_stops_the_writer_and_keeps_what_was_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.db");
        let store = Store::open(&path).unwrap();
        store.set_busy_timeout(Duration::from_millis(50)).unwrap();
        let mut writer = Writer::new(store, 1);
        writer.add("a", poland("u1")).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let err = writer
            .add("b", belarus("u2", "a.com", "2021-09-13", ""))
            .unwrap_err();
        assert!(matches!(err, Error::Locked { .. }), "{err}");
        other.execute_batch("ROLLBACK").unwrap();
        drop(writer);
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.stats().unwrap().tables["articles"], 1);
    }
}
