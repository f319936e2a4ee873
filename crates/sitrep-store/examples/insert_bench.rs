//! Insert throughput: stores N documents made from a JSONL of `sitrep.article/1` documents
//! (e.g. `sitrep extract --format jsonl`), each with synthetic analysis layers of a typical
//! size, one writer, batched commits. Every tenth document is a wire copy of an earlier one.
//!
//! ```text
//! cargo run --release -p sitrep-store --example insert_bench -- docs.jsonl 20000 /tmp/bench.db [batch]
//! ```

use std::io::BufRead;
use std::time::Instant;

use sitrep_core::schema::*;
use sitrep_store::{Store, Writer};

/// Gives a document entity, quote, amount, time, event and arms rows in proportion to its
/// length (capitalised words become entities), so row counts resemble a real analysis.
fn with_layers(mut doc: Document) -> Document {
    let mut entities: Vec<Entity> = Vec::new();
    let mut offset = 0;
    for word in doc.text.split(' ') {
        let chars = word.chars().count();
        if word.len() > 3 && word.chars().next().is_some_and(char::is_uppercase) {
            let name = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let pos = entities.iter().position(|e| e.name == name);
            let i = pos.unwrap_or_else(|| {
                entities.push(Entity {
                    id: format!("e{}", entities.len() + 1),
                    kind: ["PERSON", "ORG", "GPE"][entities.len() % 3].into(),
                    name: name.clone(),
                    country: Some("US".into()),
                    actor: Some("USAGOV".into()),
                    ..Default::default()
                });
                entities.len() - 1
            });
            entities[i].mentions.push(Mention {
                start: offset,
                end: offset + chars,
                text: word.into(),
            });
        }
        offset += chars + 1;
    }
    let n = doc.sentences.len();
    for (k, s) in doc.sentences.clone().iter().enumerate() {
        let speaker = entities
            .get(k % entities.len().max(1))
            .map(|e| e.id.clone());
        if k % 6 == 0 {
            doc.quotes.push(Quote {
                id: format!("q{k}"),
                kind: "direct".into(),
                text: doc
                    .text
                    .chars()
                    .skip(s.start)
                    .take(s.end - s.start)
                    .collect(),
                speaker: speaker.clone(),
                cue: Some("said".into()),
                start: s.start,
                end: s.end,
                ..Default::default()
            });
        }
        if k % 3 == 0 {
            doc.amounts.push(Amount {
                id: format!("a{k}"),
                kind: "count".into(),
                text: "200".into(),
                value: Some(200.0),
                qualifier: "exact".into(),
                start: s.start,
                end: s.start + 3,
                ..Default::default()
            });
            doc.times.push(TimeExpr {
                id: format!("t{k}"),
                text: "on Monday".into(),
                kind: "DATE".into(),
                value: Some("2021-09-13".into()),
                start: s.start,
                end: s.start + 9,
                ..Default::default()
            });
        }
        if k % 4 == 0 {
            doc.events.push(Event {
                id: format!("v{k}"),
                kind: "meeting".into(),
                cameo: Some("040".into()),
                quad_class: Some(1),
                goldstein: Some(1.0),
                source: speaker.iter().cloned().collect(),
                target: entities.first().map(|e| e.id.clone()).into_iter().collect(),
                time: Some(format!("t{}", k - k % 3)),
                modality: "asserted".into(),
                trigger: "met".into(),
                start: s.start,
                end: s.end,
                ..Default::default()
            });
        }
    }
    if n > 0 {
        doc.arms_transfers.push(ArmsTransfer {
            id: "x1".into(),
            supplier: Some("RU".into()),
            recipient: Some("BY".into()),
            status: "agreed".into(),
            items: vec![ArmsItem {
                designation: "S-400".into(),
                quantity: Some(4.0),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    doc.entities = entities;
    doc
}

/// CPU seconds (user + system) this process has used, from `/proc/self/stat` (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0 // clock ticks; 100 per second on Linux
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: insert_bench DOCS.jsonl N DB [BATCH]");
        std::process::exit(2);
    }
    let n: usize = args[2].parse()?;
    let batch: usize = args.get(4).map(|b| b.parse()).transpose()?.unwrap_or(500);
    let file = std::io::BufReader::new(std::fs::File::open(&args[1])?);
    let base: Vec<Document> = file
        .lines()
        .map(|l| Ok(serde_json::from_str(&l?)?))
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    let _ = std::fs::remove_file(&args[3]);
    let store = Store::open(&args[3])?;

    // Prepare first, so the timing is the store's alone.
    let mut docs = Vec::with_capacity(n);
    let mut words = 0usize;
    for i in 0..n {
        let mut doc = base[i % base.len()].clone();
        doc.id = format!("{}-{i}", doc.id);
        if i % 10 != 9 {
            // A distinct story: mark every fourth word so no 5-word shingle survives.
            doc.text = doc
                .text
                .split(' ')
                .enumerate()
                .map(|(k, w)| {
                    if k % 4 == 0 {
                        format!("{w}{i}")
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
        } else {
            // A wire copy of the previous document.
            doc.text = docs
                .last()
                .map_or(doc.text.clone(), |d: &Document| d.text.clone());
        }
        words += doc.text.split_whitespace().count();
        docs.push(with_layers(doc));
    }
    let bytes: usize = docs
        .iter()
        .map(|d| serde_json::to_string(d).map_or(0, |s| s.len()))
        .sum();

    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let mut writer = Writer::new(store, batch);
    for (i, d) in docs.into_iter().enumerate() {
        writer.add(&format!("bench#{i}"), d)?;
    }
    let summary = writer.finish()?;
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    let db_size = std::fs::metadata(&args[3])?.len()
        + std::fs::metadata(format!("{}-wal", args[3])).map_or(0, |m| m.len());
    println!(
        "{n} documents ({:.0} words avg, {:.1} MB JSON) in {secs:.2}s: {:.0} docs/s, batch {batch}",
        words as f64 / n as f64,
        bytes as f64 / 1e6,
        n as f64 / secs
    );
    println!(
        "new {} duplicate {} failed {}, stories {}, facts {:?}",
        summary.new, summary.duplicate, summary.failed, summary.stories, summary.facts
    );
    println!(
        "insert CPU {cpu:.2}s: {:.2} ms/doc, {:.0} docs per CPU-second; database {:.1} MB",
        cpu * 1000.0 / n as f64,
        n as f64 / cpu.max(1e-9),
        db_size as f64 / 1e6
    );
    Ok(())
}
