//! Faults of `sitrep ingest`, each end to end on the real binary: an empty file, a 200 MB
//! record, a non-English page, a truncated gzip JSONL, a read-only and a locked database, and a
//! full disk (simulated with SQLite's `max_page_count`). Each must give a clear error naming
//! the file (and record), and never lose or corrupt what is stored.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-faults-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// One JSONL article, distinct per `i`.
fn article(i: usize) -> String {
    format!(
        "{{\"url\":\"https://example.com/news/{i}\",\"title\":\"Contract {i} signed\",\"published\":\"2024-03-01\",\
         \"text\":\"The defence ministry said on Monday it had signed contract {i} worth $2 billion for 24 helicopters. \
         Officials said deliveries of batch {i} would begin next year and finish by 2027.\"}}"
    )
}

fn write_jsonl(path: &Path, range: std::ops::Range<usize>) {
    let lines: Vec<String> = range.map(article).collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write corpus");
}

fn ingest(db: &Path, extra: &[&str], inputs: &[&Path]) -> Output {
    sitrep()
        .args(["ingest", "--json", "--db"])
        .arg(db)
        .args(extra)
        .args(inputs)
        .output()
        .expect("runs")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON summary")
}

fn failure_sources(s: &Value) -> Vec<String> {
    s["failures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["source"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn integrity_ok(db: &Path) -> bool {
    let out = sitrep()
        .args(["check", "--db"])
        .arg(db)
        .output()
        .expect("runs");
    out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "ok"
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

fn ids_in_order(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT id FROM articles ORDER BY seq")
        .expect("prepare");
    let rows = stmt.query_map([], |r| r.get(0)).expect("query");
    rows.collect::<rusqlite::Result<Vec<String>>>()
        .expect("rows")
}

/// Rows per article in every layer table, for comparing two databases article by article.
fn rows_per_article(db: &Path, id: &str) -> Vec<i64> {
    let conn = rusqlite::Connection::open(db).expect("open");
    // Every data table but the corpus-wide ones has an `article` column.
    sitrep_store::schema::DATA_TABLES
        .iter()
        .filter(|t| !["articles", "stories", "entities"].contains(t))
        .map(|t| {
            conn.query_row(
                &format!("SELECT count(*) FROM {t} WHERE article = ?1"),
                [id],
                |r| r.get(0),
            )
            .expect("count")
        })
        .collect()
}

#[test]
fn zero_byte_files_are_reported_and_the_rest_stored() {
    let dir = scratch("empty");
    let empty_md = dir.join("empty.md");
    let empty_jsonl = dir.join("empty.jsonl");
    std::fs::write(&empty_md, b"").unwrap();
    std::fs::write(&empty_jsonl, b"").unwrap();
    let good = dir.join("good.jsonl");
    write_jsonl(&good, 0..2);
    let out = ingest(&dir.join("t.db"), &[], &[&empty_md, &empty_jsonl, &good]);
    let s = json(&out);
    assert_eq!(s["new"], 2, "{s}");
    assert_eq!(s["failed"], 2, "{s}");
    assert_eq!(s["failed_by_reason"]["empty"], 2, "{s}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.md: the file is empty"), "{stderr}");
    assert!(
        stderr.contains("empty.jsonl: the file is empty"),
        "{stderr}"
    );
}

#[test]
fn a_200_mb_record_is_refused_by_name_without_reading_it_and_the_run_goes_on() {
    let dir = scratch("huge");
    const SIZE: u64 = 200 << 20;
    // A JSONL file whose second line is a 200 MB "article": a sparse hole inside a JSON string,
    // so the file is fast to write and takes no disk space.
    let big = dir.join("big.jsonl");
    let mut f = std::fs::File::create(&big).unwrap();
    writeln!(f, "{}", article(1)).unwrap();
    write!(f, "{{\"url\":\"https://example.com/huge\",\"text\":\"").unwrap();
    f.seek(SeekFrom::Current(SIZE as i64)).unwrap();
    writeln!(f, "\"}}").unwrap();
    writeln!(f, "{}", article(3)).unwrap();
    drop(f);
    // A single 200 MB markdown "article" (sparse too).
    let huge_md = dir.join("huge.md");
    let f = std::fs::File::create(&huge_md).unwrap();
    f.set_len(SIZE).unwrap();
    drop(f);

    let out = ingest(&dir.join("t.db"), &[], &[&big, &huge_md]);
    let s = json(&out);
    assert_eq!(s["new"], 2, "the lines around the huge one are stored: {s}");
    assert_eq!(s["failed_by_reason"]["too-large"], 2, "{s}");
    let sources = failure_sources(&s);
    let big_line = format!("{}:2", big.display());
    assert!(sources.contains(&big_line), "{sources:?}");
    assert!(
        sources.contains(&huge_md.display().to_string()),
        "{sources:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{big_line}: a 200 MB line is over the 64 MB limit"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("huge.md: 200 MB is over the 64 MB limit"),
        "{stderr}"
    );
}

#[test]
fn a_non_english_page_is_stored_without_analysis_and_reported() {
    let dir = scratch("lang");
    let german =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bad/german-article.md");
    let good = dir.join("good.jsonl");
    write_jsonl(&good, 0..1);
    let db = dir.join("t.db");
    let out = ingest(&db, &[], &[&german, &good]);
    let s = json(&out);
    assert_eq!(s["new"], 2, "{s}");
    assert_eq!(s["not_english"], 1, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("german-article.md: language de, not English: stored without analysis"),
        "{stderr}"
    );
    // Stored as such: searchable text and language, no (mis-read) analysis layers.
    assert_eq!(
        count(&db, "SELECT count(*) FROM articles WHERE language = 'de'"),
        1
    );
    let german_id: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT id FROM articles WHERE language = 'de'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let layers = rows_per_article(&db, &german_id);
    assert!(layers[1..].iter().all(|&n| n == 0), "{layers:?}");
    let english_id: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT id FROM articles WHERE language = 'en'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let english = rows_per_article(&db, &english_id);
    assert!(
        english[1..].iter().sum::<i64>() > 0,
        "English is analysed: {english:?}"
    );
}

#[test]
fn a_truncated_gzip_jsonl_keeps_the_lines_before_the_damage() {
    let dir = scratch("gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..40 {
        writeln!(enc, "{}", article(i)).unwrap();
    }
    let bytes = enc.finish().unwrap();
    let cut = dir.join("cut.jsonl.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 3 / 4]).unwrap();
    let out = ingest(&dir.join("t.db"), &[], &[&cut]);
    let s = json(&out);
    let new = s["new"].as_u64().unwrap_or(0);
    assert!(new > 0 && new < 40, "{s}");
    assert_eq!(s["failed"], 1, "{s}");
    assert_eq!(s["failed_by_reason"]["malformed"], 1, "{s}");
    let sources = failure_sources(&s);
    assert_eq!(sources, vec![format!("{}:{}", cut.display(), new + 1)]);
}

/// Makes a file unwritable even for root (`chattr +i`), undone on drop.
struct ReadOnlyFile(PathBuf);

impl ReadOnlyFile {
    /// `None` when this system cannot make the file unwritable for this user.
    fn new(path: &Path) -> Option<ReadOnlyFile> {
        let mut perms = std::fs::metadata(path).ok()?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(path, perms).ok()?;
        let guard = ReadOnlyFile(path.to_path_buf());
        let writable = || std::fs::OpenOptions::new().write(true).open(path).is_ok();
        if writable() {
            // Root ignores permissions; the immutable attribute stops it.
            let _ = Command::new("chattr").arg("+i").arg(path).output();
        }
        (!writable()).then_some(guard)
    }
}

impl Drop for ReadOnlyFile {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
        if let Ok(m) = std::fs::metadata(&self.0) {
            let mut perms = m.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&self.0, perms);
        }
    }
}

#[test]
fn a_read_only_database_is_a_clear_error_and_nothing_changes() {
    let dir = scratch("ro");
    let db = dir.join("ro.db");
    let first = dir.join("first.jsonl");
    write_jsonl(&first, 0..2);
    json(&ingest(&db, &["--quiet"], &[&first]));
    let more = dir.join("more.jsonl");
    write_jsonl(&more, 2..4);
    {
        let Some(_guard) = ReadOnlyFile::new(&db) else {
            eprintln!("skipped: cannot make a file read-only here");
            return;
        };
        let out = ingest(&db, &["--quiet"], &[&more]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("database {} is read-only", db.display())),
            "{stderr}"
        );
    }
    assert!(integrity_ok(&db));
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
}

#[test]
fn a_locked_database_is_a_clear_error_and_nothing_changes() {
    let dir = scratch("locked");
    let db = dir.join("locked.db");
    let first = dir.join("first.jsonl");
    write_jsonl(&first, 0..2);
    json(&ingest(&db, &["--quiet"], &[&first]));
    let more = dir.join("more.jsonl");
    write_jsonl(&more, 2..4);
    // Another connection holds the write lock for the whole run.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other
        .execute_batch("UPDATE stories SET title = title WHERE id < 0")
        .unwrap();
    let out = ingest(&db, &["--quiet", "--lock-timeout", "0.2"], &[&more]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "database {} is locked by another process",
            db.display()
        )),
        "{stderr}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    assert!(integrity_ok(&db));
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
    // Once the lock is gone, the same ingest goes through.
    assert_eq!(json(&ingest(&db, &["--quiet"], &[&more]))["new"], 2);
}

#[test]
fn a_full_disk_stops_the_run_cleanly_and_keeps_every_earlier_article() {
    let dir = scratch("full");
    let corpus = dir.join("corpus.jsonl");
    write_jsonl(&corpus, 0..120);
    // Pages of an empty database and of the whole corpus, to put the limit half way.
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, b"\n").unwrap();
    let schema_only = dir.join("schema.db");
    let _ = ingest(&schema_only, &["--quiet"], &[&empty]);
    let reference = dir.join("reference.db");
    assert_eq!(
        json(&ingest(&reference, &["--quiet"], &[&corpus]))["new"],
        120
    );
    let p0 = count(&schema_only, "PRAGMA page_count");
    let p1 = count(&reference, "PRAGMA page_count");
    assert!(p1 > p0 + 10, "{p0} {p1}");
    let limit = (p0 + p1) / 2;

    let db = dir.join("full.db");
    let out = ingest(
        &db,
        &["--quiet", "--max-db-pages", &limit.to_string()],
        &[&corpus],
    );
    assert!(!out.status.success(), "a full disk is a failed run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("database {} is full", db.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("while storing {}:", corpus.display())),
        "the error names the record: {stderr}"
    );
    assert!(integrity_ok(&db));
    // What is stored is the corpus's first articles, each with all its rows.
    let stored = ids_in_order(&db);
    let all = ids_in_order(&reference);
    assert!(
        !stored.is_empty() && stored.len() < all.len(),
        "{}",
        stored.len()
    );
    assert_eq!(stored[..], all[..stored.len()]);
    for id in &stored {
        assert_eq!(rows_per_article(&db, id), rows_per_article(&reference, id));
    }
    // With room again, a rerun completes the rest.
    let rerun = json(&ingest(&db, &["--quiet"], &[&corpus]));
    assert_eq!(
        rerun["new"].as_u64(),
        Some((all.len() - stored.len()) as u64)
    );
    assert_eq!(ids_in_order(&db).len(), all.len());
}
