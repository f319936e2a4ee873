//! End-to-end: the database commands of the real `sitrep` binary on a database built from the
//! reference article (extracted by the binary itself).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sitrep_core::schema::Document;
use sitrep_store::Store;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-store-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A database holding the reference article, stored twice (idempotent) plus a wire copy.
fn database(dir: &Path) -> PathBuf {
    let article = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/belarus-arms-deal-2021-09-13.md");
    let out = ok(sitrep()
        .args(["extract", "--format", "jsonl"])
        .arg(article)
        .output()
        .expect("runs"));
    let doc: Document = serde_json::from_str(out.trim()).expect("one document");
    let db = dir.join("sitrep.db");
    let mut store = Store::open(&db).expect("creates the database");
    store.insert(&doc).expect("stores");
    store.insert(&doc).expect("stores again");
    let mut copy = doc.clone();
    copy.id = "copy".into();
    copy.outlet = Some("Another Outlet".into());
    store.insert(&copy).expect("stores the copy");
    db
}

#[test]
fn query_commands_print_tables_and_json() {
    let dir = scratch("queries");
    let db = database(&dir);
    let db = db.to_str().expect("UTF-8 path");

    let table = ok(sitrep()
        .args(["search", "S-400", "--db", db])
        .output()
        .expect("runs"));
    assert!(table.starts_with("date"), "{table}");
    assert!(table.contains("[S-400"), "{table}");

    let json = ok(sitrep()
        .args(["search", "Lukashenko", "--json", "--db", db])
        .output()
        .expect("runs"));
    let hits: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(hits.as_array().map(Vec::len), Some(2));

    let stats: serde_json::Value = serde_json::from_str(&ok(sitrep()
        .args(["stats", "--json", "--db", db])
        .output()
        .expect("runs")))
    .expect("JSON");
    assert_eq!(stats["tables"]["articles"], 2);
    assert_eq!(stats["tables"]["stories"], 1);
    assert_eq!(stats["multi_article_stories"], 1);

    let stories = ok(sitrep()
        .args(["stories", "--db", db])
        .output()
        .expect("runs"));
    assert!(stories.contains("Another Outlet"), "{stories}");

    for args in [
        vec!["quotes", "--speaker", "Lukashenko"],
        vec!["events", "--actor", "BLR"],
        vec!["arms", "--supplier", "RU"],
        vec!["check"],
    ] {
        let out = ok(sitrep()
            .args(&args)
            .args(["--db", db])
            .output()
            .expect("runs"));
        assert!(!out.is_empty(), "{args:?}");
    }
}

#[test]
fn export_writes_files_and_stdout() {
    let dir = scratch("export");
    let db = database(&dir);
    let db = db.to_str().expect("UTF-8 path");
    let jsonl = ok(sitrep()
        .args(["export", "--format", "jsonl", "--out", "-", "--db", db])
        .output()
        .expect("runs"));
    assert_eq!(jsonl.lines().count(), 2);
    let csv_dir = dir.join("csv");
    ok(sitrep()
        .args(["export", "--format", "csv", "--db", db, "--out"])
        .arg(&csv_dir)
        .output()
        .expect("runs"));
    assert!(csv_dir.join("articles.csv").exists());
    let gdelt = ok(sitrep()
        .args(["export", "--format", "gdelt", "--out", "-", "--db", db])
        .output()
        .expect("runs"));
    assert!(gdelt.starts_with("GLOBALEVENTID\tSQLDATE\t"));
}

#[test]
fn missing_database_is_a_clear_error() {
    let dir = scratch("missing");
    let out = sitrep()
        .args(["stats", "--db"])
        .arg(dir.join("nothing.db"))
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing.db"), "{err}");
    assert!(
        !dir.join("nothing.db").exists(),
        "a query must not create a database"
    );
}
