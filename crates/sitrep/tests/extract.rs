//! End-to-end: the real `sitrep` binary on real files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn reference_article_metadata_and_structure() {
    let out = sitrep()
        .arg("extract")
        .arg(fixture("belarus-arms-deal-2021-09-13.md"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one pretty JSON document");
    assert_eq!(doc["schema"], "sitrep.article/1");
    assert_eq!(doc["title"], "Belarus Leader Eyes $1Bln Russian Arms Deal");
    assert_eq!(doc["authors"], serde_json::json!(["Anna Smolchenko"]));
    assert_eq!(doc["agency"], "AFP");
    assert_eq!(doc["published"], "2021-09-13");
    assert_eq!(doc["url"], "https://www.themoscowtimes.com/2021/09/13/belarus-leader-eyes-1bln-russian-arms-deal-a75031");
    assert_eq!(doc["domain"], "themoscowtimes.com");
    assert_eq!(doc["outlet"], "The Moscow Times");
    assert_eq!(doc["language"], "en");
    assert_eq!(doc["captions"][0]["credit"], "president.gov.by");
    assert!(doc["captions"][0]["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("Lukashenko's announcement came as he oversaw"));
    assert_eq!(
        doc["related"][0]["title"],
        "Russia, Belarus Launch Massive Military Drills as NATO Watches"
    );
    assert_eq!(doc["paragraphs"].as_array().map(Vec::len), Some(22));
    let text = doc["text"].as_str().unwrap_or("");
    assert!(text.starts_with("Belarus leader Alexander Lukashenko on Sunday said"));
    assert!(text.ends_with("would return to their bases by mid-October."));
    for bad in [
        "Related article:",
        "Original url:",
        "](#)",
        "\\$",
        "By [Anna",
    ] {
        assert!(!text.contains(bad), "body contains {bad:?}");
    }
    // Every key of the schema is present, analysis layers as lists.
    for key in [
        "id",
        "entities",
        "quotes",
        "amounts",
        "times",
        "events",
        "arms_transfers",
        "sentences",
        "links",
    ] {
        assert!(doc.get(key).is_some(), "missing key {key}");
    }
    // Offsets are code points: every sentence slices the text by characters.
    let chars: Vec<char> = text.chars().collect();
    for s in doc["sentences"].as_array().into_iter().flatten() {
        let (a, b) = (
            s["start"].as_u64().unwrap_or(0) as usize,
            s["end"].as_u64().unwrap_or(0) as usize,
        );
        assert!(a < b && b <= chars.len());
        let sentence: String = chars[a..b].iter().collect();
        assert_eq!(sentence.trim(), sentence);
    }
}

#[test]
fn several_inputs_keep_order_and_echo_urls() {
    let dir = scratch("order");
    let jsonl = dir.join("b.jsonl");
    let lines: Vec<String> = (0..30)
        .map(|i| format!("{{\"url\":\"https://example.com/{i}?utm_source=x\",\"title\":\"T{i}\",\"text\":\"Body number {i}. It is short.\"}}"))
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).expect("write");
    let out = sitrep()
        .arg("extract")
        .arg(fixture("belarus-arms-deal-2021-09-13.md"))
        .arg(&jsonl)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let docs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(docs.len(), 31);
    assert_eq!(docs[0]["agency"], "AFP");
    for (i, d) in docs[1..].iter().enumerate() {
        assert_eq!(d["url"], format!("https://example.com/{i}?utm_source=x"));
    }
}

#[test]
fn bad_inputs_are_reported_and_skipped() {
    let dir = scratch("bad");
    for i in 0..1000 {
        std::fs::write(
            dir.join(format!("a{i:04}.txt")),
            format!("Headline {i}\n\nThe ministry said on Monday that talks would go on."),
        )
        .expect("write");
    }
    std::fs::write(dir.join("a0100.txt"), b"").expect("write");
    std::fs::write(dir.join("a0200.txt"), b"\x00\x01\x02\x03binary").expect("write");
    std::fs::write(dir.join("a0300.txt"), b"Title\n\nInvalid \xff\xfe UTF-8").expect("write");
    let jsonl = dir.join("z.jsonl");
    std::fs::write(&jsonl, "{\"title\":\"ok\",\"text\":\"Fine.\"}\n{not json\n").expect("write");
    let out = sitrep()
        .args(["extract", "--format", "jsonl"])
        .arg(&dir)
        .arg(dir.join("missing.md"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "some inputs were good, so the run succeeds"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 997 + 1);
    // Output follows input order across the parallel batches (folders are read sorted).
    let titles: Vec<String> = stdout
        .lines()
        .map(|l| {
            let doc: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            doc["title"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    let numbered: Vec<usize> = titles
        .iter()
        .filter_map(|t| t.strip_prefix("Headline ")?.parse().ok())
        .collect();
    assert_eq!(numbered.len(), 997, "{:?}", &titles[..5]);
    assert!(numbered.windows(2).all(|w| w[0] < w[1]), "out of order");
    assert_eq!(titles.last().map(String::as_str), Some("ok"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("sitrep: error:"))
        .collect();
    assert_eq!(errors.len(), 5, "{stderr}");
    assert!(errors
        .iter()
        .any(|e| e.contains("a0100.txt") && e.contains("empty")));
    assert!(errors
        .iter()
        .any(|e| e.contains("a0200.txt") && e.contains("binary")));
    assert!(errors
        .iter()
        .any(|e| e.contains("a0300.txt") && e.contains("UTF-8")));
    assert!(errors
        .iter()
        .any(|e| e.contains("z.jsonl:2") && e.contains("JSON")));
    assert!(errors
        .iter()
        .any(|e| e.contains("missing.md") && e.contains("no such file")));
}

#[test]
fn nothing_readable_fails() {
    let dir = scratch("none");
    std::fs::write(dir.join("empty.md"), b"").expect("write");
    let out = sitrep()
        .arg("extract")
        .arg(dir.join("empty.md"))
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.md: the file is empty"));
}

#[test]
fn stdin_with_flags() {
    use std::io::Write;
    let mut child = sitrep()
        .args([
            "extract",
            "-",
            "--from",
            "text",
            "--published",
            "2024-05-01",
            "--url",
            "https://example.org/x",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"A Headline\n\nSomething happened today.")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["title"], "A Headline");
    assert_eq!(doc["published"], "2024-05-01");
    assert_eq!(doc["domain"], "example.org");
    assert_eq!(doc["outlet"], "example.org");
}
