//! Stores a JSONL file of `sitrep.article/1` documents (as `sitrep extract --format jsonl`
//! prints them) with the ingest [`Writer`] and prints the summary: a stand-in for `sitrep
//! ingest` when checking the store by hand.
//!
//! ```text
//! sitrep extract --format jsonl examples/ > docs.jsonl
//! cargo run -p sitrep-store --example load_jsonl -- docs.jsonl sitrep.db
//! ```

use std::io::BufRead;

use sitrep_core::schema::Document;
use sitrep_store::{Store, Writer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: load_jsonl DOCS.jsonl DB");
        std::process::exit(2);
    }
    let mut writer = Writer::new(Store::open(&args[2])?, 500);
    let file = std::io::BufReader::new(std::fs::File::open(&args[1])?);
    for (i, line) in file.lines().enumerate() {
        let source = format!("{}:{}", args[1], i + 1);
        match serde_json::from_str::<Document>(&line?) {
            Ok(doc) => {
                writer.add(&source, doc)?;
            }
            Err(e) => writer.fail(&source, "malformed_json", &format!("{source}: {e}")),
        }
    }
    println!("{}", serde_json::to_string_pretty(&writer.finish()?)?);
    Ok(())
}
