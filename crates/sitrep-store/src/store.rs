//! Opening the database and writing one article's rows atomically.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};
use serde::Serialize;
use sitrep_core::schema::{Document, Entity, SCHEMA};

use crate::schema::{MIGRATIONS, SCHEMA_VERSION};
use crate::stories::{Signature, DEFAULT_THRESHOLD};
use crate::{Error, Result};

/// What to do with a document whose id is stored already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InsertMode {
    /// Leave the stored article untouched (idempotent ingest).
    #[default]
    Skip,
    /// Replace the stored article's rows with the new document's (`--reprocess`).
    Replace,
}

/// What [`Store::insert`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InsertOutcome {
    /// The article was not stored before and is now.
    New,
    /// The article was stored already; nothing changed.
    Duplicate,
    /// The article was stored already and its rows were replaced.
    Updated,
}

/// Default busy timeout: how long a write waits for another process's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection: more than the writer and the queries use.
const STATEMENT_CACHE: usize = 64;

/// At most this many LSH candidates are compared per new article.
const MAX_CANDIDATES: usize = 200;

/// The embedded database: one SQLite file holding the whole corpus.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    mode: InsertMode,
    story_threshold: f64,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing, in WAL mode,
    /// migrated to the current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open(&path).map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?;
        // SQLite silently falls back to read-only when the file is write-protected.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(Error::ReadOnly { path });
        }
        let store = Store {
            conn,
            path,
            mode: InsertMode::Skip,
            story_threshold: DEFAULT_THRESHOLD,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing database for queries only; writes fail with [`Error::ReadOnly`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(Error::Missing { path });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?;
        let store = Store {
            conn,
            path,
            mode: InsertMode::Skip,
            story_threshold: DEFAULT_THRESHOLD,
        };
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| store.classify(e))?;
        let version = store.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: store.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == 0 {
            return Err(Error::Empty {
                path: store.path.clone(),
            });
        }
        Ok(store)
    }

    /// An in-memory database (tests, one-off demos); nothing reaches the disk.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|source| Error::Open {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        let store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            mode: InsertMode::Skip,
            story_threshold: DEFAULT_THRESHOLD,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        let c = &self.conn;
        // Storing one article uses about twenty cached statements; rusqlite keeps 16 by
        // default, and an LRU cycled through more than it holds misses every time, so each
        // statement was parsed and planned again for every article.
        c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        c.busy_timeout(BUSY_TIMEOUT).map_err(|e| self.classify(e))?;
        // journal_mode returns a row; WAL lets readers (the server) run beside the writer.
        let _: String = c
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        // NORMAL is crash-safe in WAL mode: a killed process loses no committed transaction.
        // Savepoint journals and sorts in memory, and a 64 MB page cache so that a batch's
        // dirty pages are not spilled to the WAL before the commit: both cut write calls.
        c.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;
             PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
        )
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    fn migrate(&self) -> Result<()> {
        let version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let run = || -> rusqlite::Result<()> {
                self.conn.execute_batch("BEGIN IMMEDIATE")?;
                let done = self.conn.execute_batch(sql).and_then(|_| {
                    self.conn
                        .execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                });
                match done {
                    Ok(()) => self.conn.execute_batch("COMMIT"),
                    Err(e) => {
                        let _ = self.conn.execute_batch("ROLLBACK");
                        Err(e)
                    }
                }
            };
            run().map_err(|e| self.classify(e))?;
        }
        Ok(())
    }

    /// The schema version stored in the file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.classify(e))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for queries and exports in this crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Chooses what happens to documents whose id is stored already.
    pub fn set_mode(&mut self, mode: InsertMode) {
        self.mode = mode;
    }

    /// Sets the estimated Jaccard similarity at which an article joins an existing story.
    pub fn set_story_threshold(&mut self, threshold: f64) {
        self.story_threshold = threshold;
    }

    /// Sets how long a write waits for another process's lock before [`Error::Locked`].
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        self.conn
            .busy_timeout(timeout)
            .map_err(|e| self.classify(e))
    }

    /// Caps the database at `pages` pages (`PRAGMA max_page_count`): a write past it fails as
    /// a full disk would ([`Error::Full`]). Lets tests simulate a full disk.
    pub fn set_max_pages(&self, pages: u64) -> Result<()> {
        let _: i64 = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get(0)
            })
            .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Runs `PRAGMA integrity_check`; returns SQLite's messages (`["ok"]` when sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.classify(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.classify(e))
    }

    /// Turns SQLite's lock and permission errors into errors that name the file.
    pub(crate) fn classify(&self, e: rusqlite::Error) -> Error {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked {
                path: self.path.clone(),
            },
            Some(ErrorCode::ReadOnly) => Error::ReadOnly {
                path: self.path.clone(),
            },
            Some(ErrorCode::DiskFull) => Error::Full {
                path: self.path.clone(),
                record: String::new(),
            },
            _ => Error::Sqlite(e),
        }
    }

    /// Starts a transaction that groups many articles (each still all-or-nothing).
    pub fn begin_batch(&mut self) -> Result<()> {
        self.batch_statement(false, "BEGIN IMMEDIATE")
    }

    /// Commits the batch started by [`Store::begin_batch`].
    pub fn commit_batch(&mut self) -> Result<()> {
        self.batch_statement(true, "COMMIT")
    }

    /// Abandons the batch started by [`Store::begin_batch`]: none of its articles is stored.
    pub fn rollback_batch(&mut self) -> Result<()> {
        self.batch_statement(true, "ROLLBACK")
    }

    /// Runs a transaction statement when a batch is open (`in_batch`) or not, as it needs.
    fn batch_statement(&mut self, in_batch: bool, sql: &str) -> Result<()> {
        if self.conn.is_autocommit() != in_batch {
            self.conn.execute_batch(sql).map_err(|e| self.classify(e))?;
        }
        Ok(())
    }

    /// Writes one document inside the open batch without a savepoint of its own (about 15%
    /// faster). On error the batch holds part of the article, so the caller must roll the
    /// whole batch back ([`crate::Writer`] does, then replays the batch's other articles).
    pub(crate) fn insert_unguarded(&mut self, prepared: &Prepared) -> Result<InsertOutcome> {
        let doc = &prepared.document;
        validate(doc)?;
        let json = match &prepared.json {
            Some(json) => json.clone(),
            None => serde_json::to_string(doc)?,
        };
        self.write_article(doc, &json, prepared.signature.clone())
            .map_err(|e| match e {
                Error::Sqlite(e) => self.classify(e),
                other => other,
            })
    }

    /// Stores one document with all its layers, atomically. Idempotent by document id: see
    /// [`InsertMode`]. Inside a batch the article is a savepoint; alone it is a transaction.
    pub fn insert(&mut self, doc: &Document) -> Result<InsertOutcome> {
        validate(doc)?;
        let json = serde_json::to_string(doc)?;
        let outer = self.conn.is_autocommit();
        let begin = if outer {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT article"
        };
        self.conn
            .execute_batch(begin)
            .map_err(|e| self.classify(e))?;
        match self.write_article(doc, &json, Signature::of_text(&doc.text)) {
            Ok(outcome) => {
                let end = if outer { "COMMIT" } else { "RELEASE article" };
                self.conn.execute_batch(end).map_err(|e| self.classify(e))?;
                Ok(outcome)
            }
            Err(e) => {
                let undo = if outer {
                    "ROLLBACK"
                } else {
                    "ROLLBACK TO article; RELEASE article"
                };
                let _ = self.conn.execute_batch(undo);
                Err(match e {
                    Error::Sqlite(e) => self.classify(e),
                    other => other,
                })
            }
        }
    }

    fn write_article(
        &self,
        doc: &Document,
        json: &str,
        signature: Option<Signature>,
    ) -> Result<InsertOutcome> {
        let c = &self.conn;
        let existing: Option<(i64, String)> = c
            .prepare_cached("SELECT seq, document FROM articles WHERE id = ?1")?
            .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let authors = serde_json::to_string(&doc.authors)?;
        let (seq, outcome) = match existing {
            Some(_) if self.mode == InsertMode::Skip => return Ok(InsertOutcome::Duplicate),
            Some((_, ref stored)) if stored == json => return Ok(InsertOutcome::Duplicate),
            Some((seq, _)) => {
                self.delete_layers(seq, &doc.id)?;
                c.prepare_cached(
                    "UPDATE articles SET url = ?2, domain = ?3, outlet = ?4, title = ?5,
                        authors = ?6, agency = ?7, published = ?8, language = ?9,
                        document = ?10, ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                     WHERE seq = ?1",
                )?
                .execute(params![
                    seq,
                    doc.url,
                    doc.domain,
                    doc.outlet,
                    doc.title,
                    authors,
                    doc.agency,
                    doc.published,
                    doc.language,
                    json
                ])?;
                (seq, InsertOutcome::Updated)
            }
            None => {
                let story = match &signature {
                    Some(sig) => self.find_story(sig)?,
                    None => None,
                };
                let story = match story {
                    Some(s) => s,
                    None => {
                        c.prepare_cached(
                            "INSERT INTO stories (title, first_article, first_published, created_at)
                             VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                        )?
                        .execute(params![doc.title, doc.id, doc.published])?;
                        c.last_insert_rowid()
                    }
                };
                c.prepare_cached(
                    "INSERT INTO articles (id, url, domain, outlet, title, authors, agency,
                        published, language, story_id, document, ingested_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                )?
                .execute(params![
                    doc.id,
                    doc.url,
                    doc.domain,
                    doc.outlet,
                    doc.title,
                    authors,
                    doc.agency,
                    doc.published,
                    doc.language,
                    story,
                    json
                ])?;
                (c.last_insert_rowid(), InsertOutcome::New)
            }
        };
        c.prepare_cached(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?1, coalesce(?2, ''), ?3)",
        )?
        .execute(params![seq, doc.title, doc.text])?;
        if let Some(sig) = &signature {
            c.prepare_cached("INSERT INTO minhash (article, signature) VALUES (?1, ?2)")?
                .execute(params![seq, sig.to_bytes()])?;
            let mut band =
                c.prepare_cached("INSERT OR IGNORE INTO lsh_bands (key, article) VALUES (?1, ?2)")?;
            for key in sig.band_keys() {
                band.execute(params![key, seq])?;
            }
        }
        self.write_layers(doc)?;
        Ok(outcome)
    }

    /// Removes an article's layer rows, index entries and signature (not the article row).
    fn delete_layers(&self, seq: i64, id: &str) -> Result<()> {
        let c = &self.conn;
        c.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, text)
             SELECT 'delete', seq, title, text FROM article_text WHERE seq = ?1",
            [seq],
        )?;
        c.execute(
            "INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker_name)
             SELECT 'delete', seq, text, speaker_name FROM quotes WHERE article = ?1",
            [id],
        )?;
        let old: Option<Vec<u8>> = c
            .query_row(
                "SELECT signature FROM minhash WHERE article = ?1",
                [seq],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(bytes) = old {
            for key in Signature::from_bytes(&bytes).band_keys() {
                c.execute(
                    "DELETE FROM lsh_bands WHERE key = ?1 AND article = ?2",
                    params![key, seq],
                )?;
            }
            c.execute("DELETE FROM minhash WHERE article = ?1", [seq])?;
        }
        c.execute("DELETE FROM arms_items WHERE article = ?1", [id])?;
        c.execute("DELETE FROM event_actors WHERE article = ?1", [id])?;
        for table in [
            "sentences",
            "mentions",
            "quotes",
            "amounts",
            "times",
            "events",
            "arms_transfers",
        ] {
            c.execute(&format!("DELETE FROM {table} WHERE article = ?1"), [id])?;
        }
        Ok(())
    }

    /// The story of the most similar stored article, when similar enough.
    ///
    /// Candidates are the articles sharing an LSH band (at most [`MAX_CANDIDATES`]), compared
    /// as they are found: an identical signature cannot be beaten, so a wire copy stops the
    /// search at its first candidate instead of loading every earlier copy's signature.
    fn find_story(&self, sig: &Signature) -> Result<Option<i64>> {
        let c = &self.conn;
        let mut candidates: HashSet<i64> = HashSet::new();
        let mut lookup = c.prepare_cached("SELECT article FROM lsh_bands WHERE key = ?1")?;
        let mut load = c.prepare_cached(
            "SELECT m.signature, a.story_id FROM minhash m JOIN articles a ON a.seq = m.article
             WHERE m.article = ?1",
        )?;
        let mut best: Option<(f64, i64)> = None;
        for key in sig.band_keys() {
            let mut rows = lookup.query([key])?;
            while let Some(row) = rows.next()? {
                let cand: i64 = row.get(0)?;
                if candidates.insert(cand) {
                    let stored: Option<(Vec<u8>, Option<i64>)> = load
                        .query_row([cand], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?;
                    if let Some((bytes, Some(story))) = stored {
                        let sim = sig.similarity(&Signature::from_bytes(&bytes));
                        if sim >= self.story_threshold && best.is_none_or(|(s, _)| sim > s) {
                            best = Some((sim, story));
                            if sim >= 1.0 {
                                return Ok(Some(story));
                            }
                        }
                    }
                }
                if candidates.len() >= MAX_CANDIDATES {
                    break;
                }
            }
        }
        Ok(best.map(|(_, story)| story))
    }

    fn write_layers(&self, doc: &Document) -> Result<()> {
        let c = &self.conn;
        let id = doc.id.as_str();

        let mut sentence = c.prepare_cached(
            "INSERT OR REPLACE INTO sentences (article, idx, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, s) in doc.sentences.iter().enumerate() {
            sentence.execute(params![id, i as i64, s.start as i64, s.end as i64])?;
        }

        // Document-local entity id → (canonical row, entity).
        let mut entities: HashMap<&str, (i64, &Entity)> = HashMap::new();
        let mut upsert = c.prepare_cached(
            "INSERT INTO entities (key, name, type, country, actor, kb, kb_id, lat, lon)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (key) DO UPDATE SET
                country = coalesce(entities.country, excluded.country),
                actor = coalesce(entities.actor, excluded.actor),
                lat = coalesce(entities.lat, excluded.lat),
                lon = coalesce(entities.lon, excluded.lon)
             RETURNING seq",
        )?;
        let mut mention = c.prepare_cached(
            "INSERT INTO mentions (article, entity, local_id, start, \"end\", text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for e in &doc.entities {
            let seq: i64 = upsert.query_row(
                params![
                    entity_key(e),
                    e.name,
                    e.kind,
                    e.country,
                    e.actor,
                    e.link.as_ref().map(|l| l.kb.as_str()),
                    e.link.as_ref().map(|l| l.id.as_str()),
                    e.geo.map(|g| g.lat),
                    e.geo.map(|g| g.lon)
                ],
                |r| r.get(0),
            )?;
            entities.insert(e.id.as_str(), (seq, e));
            for m in &e.mentions {
                mention.execute(params![id, seq, e.id, m.start as i64, m.end as i64, m.text])?;
            }
        }
        let canonical = |local: Option<&String>| local.and_then(|l| entities.get(l.as_str()));

        let mut quote = c.prepare_cached(
            "INSERT INTO quotes (article, local_id, kind, text, speaker, speaker_name, speaker_text,
                cue, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut quote_fts = c.prepare_cached(
            "INSERT INTO quotes_fts (rowid, text, speaker_name) VALUES (?1, ?2, ?3)",
        )?;
        for q in &doc.quotes {
            let speaker = canonical(q.speaker.as_ref());
            let speaker_name = speaker.map(|(_, e)| e.name.as_str());
            quote.execute(params![
                id,
                q.id,
                q.kind,
                q.text,
                speaker.map(|(s, _)| *s),
                speaker_name,
                q.speaker_text,
                q.cue,
                q.start as i64,
                q.end as i64
            ])?;
            quote_fts.execute(params![c.last_insert_rowid(), q.text, speaker_name])?;
        }

        let mut amount = c.prepare_cached(
            "INSERT INTO amounts (article, local_id, kind, text, value, unit, qualifier, low, high,
                \"of\", start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for a in &doc.amounts {
            amount.execute(params![
                id,
                a.id,
                a.kind,
                a.text,
                a.value,
                a.unit,
                a.qualifier,
                a.low,
                a.high,
                a.of,
                a.start as i64,
                a.end as i64
            ])?;
        }

        let mut time = c.prepare_cached(
            "INSERT INTO times (article, local_id, text, type, value, \"mod\", start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for t in &doc.times {
            time.execute(params![
                id,
                t.id,
                t.text,
                t.kind,
                t.value,
                t.modifier,
                t.start as i64,
                t.end as i64
            ])?;
        }

        let published_day = doc.published.as_deref().and_then(day_of);
        let mut event = c.prepare_cached(
            "INSERT INTO events (article, local_id, kind, cameo, quad_class, goldstein,
                source_entity, source_name, source_actor, source_country,
                target_entity, target_name, target_actor, target_country,
                place_entity, place_name, place_country, lat, lon,
                time_text, time_value, date, modality, trigger, start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        )?;
        let mut actor = c.prepare_cached(
            "INSERT INTO event_actors (event, article, role, entity) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for v in &doc.events {
            let source = canonical(v.source.first());
            let target = canonical(v.target.first());
            let place = canonical(v.place.as_ref());
            let time = v
                .time
                .as_ref()
                .and_then(|t| doc.times.iter().find(|x| &x.id == t));
            let date = time
                .and_then(|t| t.value.as_deref())
                .and_then(day_of)
                .or_else(|| published_day.clone());
            event.execute(params![
                id,
                v.id,
                v.kind,
                v.cameo,
                v.quad_class,
                v.goldstein,
                source.map(|(s, _)| *s),
                source.map(|(_, e)| e.name.as_str()),
                source.and_then(|(_, e)| e.actor.as_deref()),
                source.and_then(|(_, e)| e.country.as_deref()),
                target.map(|(s, _)| *s),
                target.map(|(_, e)| e.name.as_str()),
                target.and_then(|(_, e)| e.actor.as_deref()),
                target.and_then(|(_, e)| e.country.as_deref()),
                place.map(|(s, _)| *s),
                place.map(|(_, e)| e.name.as_str()),
                place.and_then(|(_, e)| e.country.as_deref()),
                place.and_then(|(_, e)| e.geo.map(|g| g.lat)),
                place.and_then(|(_, e)| e.geo.map(|g| g.lon)),
                time.map(|t| t.text.as_str()),
                time.and_then(|t| t.value.as_deref()),
                date,
                v.modality,
                v.trigger,
                v.start as i64,
                v.end as i64
            ])?;
            let event_seq = c.last_insert_rowid();
            let sides = [
                ("source", &v.source),
                ("target", &v.target),
                ("participant", &v.participants),
            ];
            for (role, ids) in sides {
                for local in ids {
                    if let Some((seq, _)) = entities.get(local.as_str()) {
                        actor.execute(params![event_seq, id, role, seq])?;
                    }
                }
            }
        }

        let mut transfer = c.prepare_cached(
            "INSERT INTO arms_transfers (article, local_id, supplier, recipient, status,
                value_amount, value_currency, value_qualifier, delivery_by, events, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut item = c.prepare_cached(
            "INSERT INTO arms_items (transfer, article, designation, category, quantity,
                qualifier, entity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for x in &doc.arms_transfers {
            transfer.execute(params![
                id,
                x.id,
                x.supplier,
                x.recipient,
                x.status,
                x.value.as_ref().map(|v| v.amount),
                x.value.as_ref().map(|v| v.currency.as_str()),
                x.value.as_ref().map(|v| v.qualifier.as_str()),
                x.delivery_by,
                serde_json::to_string(&x.events)?,
                serde_json::to_string(&x.evidence)?
            ])?;
            let transfer_seq = c.last_insert_rowid();
            for i in &x.items {
                item.execute(params![
                    transfer_seq,
                    id,
                    i.designation,
                    i.category,
                    i.quantity,
                    i.qualifier,
                    canonical(i.entity.as_ref()).map(|(s, _)| *s)
                ])?;
            }
        }
        Ok(())
    }
}

/// A document made ready for storing off the writer thread: its JSON and its story signature
/// are computed where it was analysed (on all cores), so the single writer only writes.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document.
    pub document: Document,
    /// Its `sitrep.article/1` JSON (`None` if it could not be serialised: the writer retries
    /// and reports the error).
    json: Option<String>,
    /// Its MinHash signature (`None` for a text too short to have one).
    signature: Option<Signature>,
}

impl Prepared {
    /// Serialises the document and computes its signature.
    pub fn new(document: Document) -> Prepared {
        Prepared {
            json: serde_json::to_string(&document).ok(),
            signature: Signature::of_text(&document.text),
            document,
        }
    }
}

/// Refuses documents that cannot be stored faithfully.
fn validate(doc: &Document) -> Result<()> {
    let invalid = |reason: String| {
        Err(Error::InvalidDocument {
            id: doc.id.clone(),
            reason,
        })
    };
    if doc.id.trim().is_empty() {
        return invalid("empty id".into());
    }
    if doc.schema != SCHEMA {
        return invalid(format!("schema is {:?}, expected {SCHEMA:?}", doc.schema));
    }
    Ok(())
}

/// The corpus-wide key of an entity: its knowledge-base link, else type + normalised name.
pub fn entity_key(e: &Entity) -> String {
    match &e.link {
        Some(l) if !l.kb.is_empty() && !l.id.is_empty() => format!("{}:{}", l.kb, l.id),
        _ => format!("{}:{}", e.kind, normalise_name(&e.name)),
    }
}

/// Lower case, single spaces, no leading "the ": "The  Kremlin" and "the Kremlin" are one.
pub fn normalise_name(name: &str) -> String {
    let lower = name.to_lowercase();
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .strip_prefix("the ")
        .map(str::to_string)
        .unwrap_or(joined)
}

/// The `YYYY-MM-DD` day at the start of an ISO date or TIMEX3 value, if it names one.
pub fn day_of(value: &str) -> Option<String> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| value[..10].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{belarus, poland};

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn counts(store: &Store) -> Vec<i64> {
        crate::schema::DATA_TABLES
            .iter()
            .chain(&["minhash", "lsh_bands"])
            .map(|t| count(store, t))
            .collect()
    }

    #[test]
    fn inserting_twice_stores_once() {
        let mut store = Store::open_in_memory().unwrap();
        let doc = belarus("u1", "themoscowtimes.com", "2021-09-13", "");
        assert_eq!(store.insert(&doc).unwrap(), InsertOutcome::New);
        let first = counts(&store);
        assert_eq!(store.insert(&doc).unwrap(), InsertOutcome::Duplicate);
        assert_eq!(counts(&store), first);
        assert_eq!(first[0], 1);
        assert_eq!(count(&store, "mentions"), 7);
        assert_eq!(count(&store, "arms_items"), 2);
    }

    #[test]
    fn replace_mode_swaps_rows_and_keeps_the_story() {
        let mut store = Store::open_in_memory().unwrap();
        let doc = belarus("u1", "themoscowtimes.com", "2021-09-13", "");
        store.insert(&doc).unwrap();
        let before = counts(&store);
        store.set_mode(InsertMode::Replace);
        assert_eq!(store.insert(&doc).unwrap(), InsertOutcome::Duplicate);
        let mut changed = doc.clone();
        changed.quotes.clear();
        assert_eq!(store.insert(&changed).unwrap(), InsertOutcome::Updated);
        assert_eq!(count(&store, "quotes"), 0);
        assert_eq!(count(&store, "articles"), 1);
        assert_eq!(count(&store, "stories"), 1);
        let at = |table: &str| crate::schema::DATA_TABLES.iter().position(|t| *t == table);
        assert_eq!(count(&store, "mentions"), before[at("mentions").unwrap()]);
        assert_eq!(count(&store, "lsh_bands"), *before.last().unwrap());
        assert_eq!(store.check().unwrap(), vec!["ok".to_string()]);
        // The full-text index still finds the article exactly once.
        let hits: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'lukashenko'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 1);
    }

    #[test]
    fn a_failing_article_leaves_no_rows() {
        let mut store = Store::open_in_memory().unwrap();
        // Make the last layer written fail, after the article row and most layers.
        store
            .conn()
            .execute_batch(
                "CREATE TRIGGER boom BEFORE INSERT ON arms_items BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            )
            .unwrap();
        let doc = belarus("u1", "themoscowtimes.com", "2021-09-13", "");
        assert!(store.insert(&doc).is_err());
        assert!(
            counts(&store).iter().all(|&n| n == 0),
            "{:?}",
            counts(&store)
        );

        // Inside a batch the failing article rolls back alone.
        let without_items = |id: &str| {
            let mut d = poland(id);
            d.arms_transfers[0].items.clear();
            d
        };
        store.begin_batch().unwrap();
        store.insert(&without_items("u2")).unwrap();
        assert!(store.insert(&doc).is_err());
        store.insert(&without_items("u4")).unwrap();
        store.commit_batch().unwrap();
        assert_eq!(count(&store, "articles"), 2);
        assert_eq!(count(&store, "quotes"), 2);
        assert_eq!(count(&store, "mentions"), 12);
        assert_eq!(store.check().unwrap(), vec!["ok".to_string()]);
    }

    #[test]
    fn invalid_documents_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let mut doc = poland("");
        let err = store.insert(&doc).unwrap_err();
        assert_eq!(err.kind(), "invalid_document");
        doc.id = "x".into();
        doc.schema = "other/2".into();
        assert!(store
            .insert(&doc)
            .unwrap_err()
            .to_string()
            .contains("other/2"));
    }

    #[test]
    fn wire_copies_share_a_story_and_different_stories_do_not() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .insert(&belarus("u1", "themoscowtimes.com", "2021-09-13", ""))
            .unwrap();
        store
            .insert(&belarus(
                "u2",
                "france24.com",
                "2021-09-13",
                " The exercises end on Thursday.",
            ))
            .unwrap();
        store.insert(&poland("u3")).unwrap();
        let stories: Vec<(String, i64)> = store
            .conn()
            .prepare("SELECT id, story_id FROM articles ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(stories[0].1, stories[1].1);
        assert_ne!(stories[0].1, stories[2].1);
        assert_eq!(count(&store, "stories"), 2);
        // Canonical entities: Belarus appears in all three articles but is one row.
        let belarus_rows: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM entities WHERE name = 'Belarus'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(belarus_rows, 1);
    }

    #[test]
    fn stories_persist_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        {
            let mut store = Store::open(&path).unwrap();
            store
                .insert(&belarus("u1", "themoscowtimes.com", "2021-09-13", ""))
                .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store
            .insert(&belarus("u2", "france24.com", "2021-09-14", " More later."))
            .unwrap();
        assert_eq!(count(&store, "stories"), 1);
        assert_eq!(count(&store, "articles"), 2);
    }

    #[test]
    fn read_only_database_gives_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.db");
        Store::open(&path).unwrap().insert(&poland("u1")).unwrap();
        let mut ro = Store::open_read_only(&path).unwrap();
        let err = ro.insert(&poland("u2")).unwrap_err();
        assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("ro.db"));

        // A write-protected file: only meaningful when not running as root.
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let writable = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
        if !writable {
            let err = Store::open(&path).err().expect("read-only file refused");
            assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
        }
    }

    #[test]
    fn missing_or_empty_database_for_queries() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open_read_only(dir.path().join("none.db"))
            .err()
            .unwrap();
        assert!(matches!(err, Error::Missing { .. }));
        let empty = dir.path().join("empty.db");
        rusqlite::Connection::open(&empty)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let err = Store::open_read_only(&empty).err().unwrap();
        assert!(matches!(err, Error::Empty { .. }), "{err}");
    }

    #[test]
    fn locked_database_gives_a_clear_error_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locked.db");
        let mut store = Store::open(&path).unwrap();
        store.insert(&poland("u1")).unwrap();
        store.set_busy_timeout(Duration::from_millis(50)).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let err = store
            .insert(&belarus("u2", "a.com", "2021-09-13", ""))
            .unwrap_err();
        assert!(matches!(err, Error::Locked { .. }), "{err}");
        assert!(err.to_string().contains("locked.db"));
        other.execute_batch("ROLLBACK").unwrap();
        store
            .insert(&belarus("u2", "a.com", "2021-09-13", ""))
            .unwrap();
        assert_eq!(count(&store, "articles"), 2);
        assert_eq!(store.check().unwrap(), vec!["ok".to_string()]);
    }

    #[test]
    fn names_and_days_normalise() {
        assert_eq!(normalise_name("The  Kremlin"), "kremlin");
        assert_eq!(day_of("2021-09-12T10:00"), Some("2021-09-12".into()));
        assert_eq!(day_of("2021-W37"), None);
        assert_eq!(day_of("PAST_REF"), None);
    }
}
