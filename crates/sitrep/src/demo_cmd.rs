//! `sitrep demo`: build a fresh database from the bundled example articles and print a report
//! of what sitrep found: counts, top actors, the arms register, quotes by speaker, stories.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use sitrep_store::{ArmsFilter, Store};

use crate::ingest_cmd::{self, IngestArgs, Ingested};

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// Arguments of `sitrep demo`.
#[derive(Args, Debug)]
#[command(after_help = "\
Writes the bundled example articles (scraped markdown, HTML pages, JSONL, a WARC.gz web archive and
an RSS feed — see examples/README.md) to a scratch folder, ingests them into a fresh database and
prints a report. Then try the commands it suggests on that database.

Example:
  sitrep demo                     # builds ./sitrep-demo.db
  sitrep demo --db /tmp/demo.db")]
pub struct DemoArgs {
    /// The database to (re)create.
    #[arg(long, default_value = "sitrep-demo.db")]
    pub db: PathBuf,
}

/// Run `sitrep demo`.
pub fn run(args: DemoArgs) -> anyhow::Result<std::process::ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", args.db.display()));
        if p.exists() {
            std::fs::remove_file(&p)
                .with_context(|| format!("removing the old demo database {}", p.display()))?;
        }
    }
    let dir = std::env::temp_dir().join(format!("sitrep-demo-{}", std::process::id()));
    for (rel, bytes) in EXAMPLES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let ingest = IngestArgs {
        inputs: vec![dir.clone()],
        db: args.db.clone(),
        from: None,
        published: None,
        reprocess: false,
        quiet: true,
        json: false,
        batch: 200,
        lock_timeout: 5.0,
        max_db_pages: None,
    };
    let Ingested { summary, skipped } = ingest_cmd::ingest(&ingest)?;
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open_read_only(&args.db)
        .with_context(|| format!("opening {}", args.db.display()))?;

    println!(
        "sitrep demo — {} example files ingested into {}\n",
        EXAMPLES.len(),
        args.db.display()
    );
    let f = &summary.facts;
    println!(
        "Articles: {} stored ({} failed, {} web-archive records skipped) in {} stories",
        summary.articles_total, summary.failed, skipped, summary.stories
    );
    println!(
        "Facts:    {} entities ({} mentions), {} quotes, {} amounts, {} times, {} events, {} arms transfers\n",
        f.entities, f.mentions, f.quotes, f.amounts, f.times, f.events, f.arms_transfers
    );

    println!("Top actors (by independent stories)");
    for e in store.top_entities(&["PERSON", "ORG", "GPE"], 10)? {
        println!(
            "  {:<32} {:<7} {:<10} {:>2} stories {:>3} mentions",
            e.name,
            e.kind,
            e.actor.as_deref().unwrap_or("-"),
            e.stories,
            e.mentions
        );
    }

    println!("\nArms register (merged across articles)");
    let deals = store.arms(&ArmsFilter::default())?;
    println!(
        "  {:<8} {:<9} {:<10} {:<28} {:>8} {:>7} {:>7}",
        "supplier", "recipient", "status", "system", "quantity", "value", "sources"
    );
    for d in deals.iter().take(20) {
        let value = d.value.as_ref().and_then(|v| serde_json::to_value(v).ok());
        let value = value
            .and_then(|v| {
                Some(format!(
                    "{} {}",
                    human(v["amount"].as_f64()?),
                    v["currency"].as_str().unwrap_or("")
                ))
            })
            .unwrap_or_else(|| "-".into());
        println!(
            "  {:<8} {:<9} {:<10} {:<28} {:>8} {:>7} {:>7}",
            d.supplier.as_deref().unwrap_or("?"),
            d.recipient.as_deref().unwrap_or("?"),
            d.status,
            truncate(d.system.as_deref().unwrap_or("-"), 28),
            d.quantity
                .map_or_else(|| "-".to_string(), |q| q.to_string()),
            value,
            d.num_sources
        );
    }

    println!("\nMost quoted");
    for s in store.top_speakers(8)? {
        println!(
            "  {:<32} {:>3} quotes ({} direct) in {} articles",
            s.name, s.quotes, s.direct, s.articles
        );
    }

    println!("\nStories covered by more than one outlet");
    for s in store.stories(50)?.into_iter().filter(|s| s.articles > 1) {
        println!(
            "  {} — {} articles: {}",
            truncate(s.title.as_deref().unwrap_or("?"), 60),
            s.articles,
            s.outlets.join(", ")
        );
    }

    let db = args.db.display();
    println!("\nNext, try:");
    println!("  sitrep arms --db {db}                       the arms register");
    println!("  sitrep quotes --db {db} --speaker Lukashenko   who said what");
    println!("  sitrep events --db {db} --kind military_exercise");
    println!("  sitrep entity --db {db} Belarus              an entity's profile");
    println!("  sitrep search --db {db} \"air defence\"        full-text search");
    println!("  sitrep export --db {db} --format sipri --out register.csv");
    println!("  sitrep extract examples/belarus-arms-deal-2021-09-13.md   one article as JSON");
    Ok(std::process::ExitCode::SUCCESS)
}

/// 1.2e9 → "1.2bn", 3.5e6 → "3.5m".
fn human(x: f64) -> String {
    match x {
        x if x >= 1e9 => format!("{:.1}bn", x / 1e9),
        x if x >= 1e6 => format!("{:.1}m", x / 1e6),
        x => format!("{x:.0}"),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
