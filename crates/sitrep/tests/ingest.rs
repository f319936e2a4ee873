//! End-to-end: `sitrep ingest` into a real database file — idempotency, bad input, and a run
//! killed with SIGKILL that a rerun completes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-ingest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn summary(db: &Path, inputs: &[&Path]) -> serde_json::Value {
    let out = sitrep()
        .args(["ingest", "--quiet", "--json", "--db"])
        .arg(db)
        .args(inputs)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON summary")
}

fn stats(db: &Path) -> serde_json::Value {
    let out = sitrep()
        .args(["stats", "--json", "--db"])
        .arg(db)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON stats")
}

#[test]
fn ingesting_twice_stores_once() {
    let dir = scratch("twice");
    let db = dir.join("t.db");
    let first = summary(&db, &[&examples()]);
    assert!(first["new"].as_u64().unwrap_or(0) >= 15, "{first}");
    assert_eq!(first["failed"], 0);
    let before = stats(&db);
    let second = summary(&db, &[&examples()]);
    assert_eq!(second["new"], 0);
    assert_eq!(second["duplicate"], first["new"]);
    assert_eq!(
        stats(&db)["tables"],
        before["tables"],
        "counts change on a second ingest"
    );
    // Wire copies of one story by three outlets are one story cluster.
    let out = sitrep()
        .args(["stories", "--json", "--db"])
        .arg(&db)
        .output()
        .expect("runs");
    let stories: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        stories
            .as_array()
            .into_iter()
            .flatten()
            .any(|s| s["articles"].as_i64().unwrap_or(0) >= 3),
        "{stories}"
    );
}

#[test]
fn bad_inputs_are_counted_and_the_rest_stored() {
    let dir = scratch("bad");
    let db = dir.join("t.db");
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bad");
    let out = sitrep()
        .args(["ingest", "--json", "--db"])
        .arg(&db)
        .arg(&bad)
        .arg(examples().join("news-2024.jsonl"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(s["failed"].as_u64().unwrap_or(0) >= 4, "{s}");
    assert!(s["new"].as_u64().unwrap_or(0) >= 4, "{s}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("truncated.warc.gz"), "{stderr}");
    assert!(stderr.contains("malformed.jsonl:"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn killed_ingest_leaves_a_sound_database_and_a_rerun_completes() {
    let dir = scratch("kill");
    // A corpus big enough to be mid-run when killed.
    let corpus = dir.join("corpus.jsonl");
    let body = "The defence ministry said on Monday it had signed a contract worth $2 billion for 24 helicopters. \
                Officials said deliveries would begin next year and finish by 2027.";
    let lines: Vec<String> = (0..1500)
        .map(|i| format!("{{\"url\":\"https://example.com/a/{i}\",\"title\":\"Deal {i}\",\"published\":\"2024-03-01\",\"text\":\"{body} Contract number {i}.\"}}"))
        .collect();
    std::fs::write(&corpus, lines.join("\n")).expect("write corpus");

    let reference = dir.join("reference.db");
    let full = summary(&reference, &[&corpus]);
    assert_eq!(full["new"], 1500);

    let db = dir.join("killed.db");
    let mut child = sitrep()
        .args(["ingest", "--quiet", "--batch", "10", "--db"])
        .arg(&db)
        .arg(&corpus)
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // SIGKILL: no chance to clean up.
    let _ = Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status();
    let _ = child.wait();

    let check = sitrep()
        .args(["check", "--json", "--db"])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(
        check.status.success(),
        "integrity check failed: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let rerun = summary(&db, &[&corpus]);
    assert_eq!(rerun["failed"], 0);
    assert_eq!(
        stats(&db)["tables"],
        stats(&reference)["tables"],
        "a rerun after a kill must end where an uninterrupted run does"
    );
}
