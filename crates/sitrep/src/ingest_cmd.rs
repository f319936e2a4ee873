//! `sitrep ingest`: read inputs on all cores, analyse each article, store them through one
//! writer thread into the embedded database, and print a summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use std::sync::mpsc::SyncSender;

use sitrep_core::input::{self, warc, Format, ReadError, ReadErrorKind, ReadOptions};
use sitrep_store::{IngestItem, IngestSummary, InsertMode, Store, Writer};

/// Arguments of `sitrep ingest`.
#[derive(Args, Debug)]
#[command(after_help = "\
Inputs are files, folders (recursive), or `-` for stdin, in any format `sitrep extract` reads;
`.gz` is decompressed. Articles are analysed on all cores and stored by one writer; each article
commits atomically, so a killed run loses at most the articles in flight and a rerun completes
the rest. Ingesting the same article twice stores it once (the id comes from the canonical URL,
else from the text); --reprocess replaces stored articles with a fresh analysis.

Examples:
  sitrep ingest examples/                      into ./sitrep.db
  sitrep ingest --db corpus.db crawl/ feeds/   another database
  zcat news.jsonl.gz | sitrep ingest - --quiet")]
pub struct IngestArgs {
    /// Files, folders, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The database file (created if missing).
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Input format instead of detecting it: markdown, text, jsonl or html.
    #[arg(long, value_parser = parse_format)]
    pub from: Option<Format>,
    /// Publication date for inputs that carry none.
    #[arg(long)]
    pub published: Option<String>,
    /// Re-analyse and replace articles that are already stored.
    #[arg(long)]
    pub reprocess: bool,
    /// No progress output; only errors and the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Articles per database transaction batch (each article is still all-or-nothing).
    #[arg(long, default_value_t = 200)]
    pub batch: usize,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("unknown input format {s:?}; use markdown, text, jsonl or html"))
}

/// Run `sitrep ingest`.
pub fn run(args: IngestArgs) -> anyhow::Result<std::process::ExitCode> {
    let Ingested { summary, skipped } = ingest(&args)?;
    print_summary(&summary, skipped, &args)?;
    let stored = summary.new + summary.duplicate + summary.updated;
    Ok(if stored == 0 && summary.failed > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// Ingest the inputs of `args` and return the writer's summary.
pub fn ingest(args: &IngestArgs) -> anyhow::Result<Ingested> {
    let mut store = Store::open(&args.db)
        .with_context(|| format!("opening the database {}", args.db.display()))?;
    if args.reprocess {
        store.set_mode(InsertMode::Replace);
    }
    let opts = ReadOptions {
        format: args.from,
        published: args.published.clone(),
        url: None,
    };
    let paths = input::expand_paths(&args.inputs);
    let total = paths.len() as u64;
    let (tx, writer) = Writer::spawn(store, args.batch.max(1), 512);
    let progress = Progress::new(total, args.quiet);
    let skipped = AtomicU64::new(0);
    paths.into_par_iter().for_each_with(tx.clone(), |tx, p| {
        let to_item = |r: Result<sitrep_core::article::Article, ReadError>| match r {
            Ok(article) => {
                let source = article.source.clone();
                Some(IngestItem::Article {
                    source,
                    document: Box::new(sitrep_extract::pipeline::analyse(article)),
                })
            }
            // Records a reader passes over on purpose (non-HTML WARC records) are counted, not failed.
            Err(e) if e.kind == ReadErrorKind::Skipped => {
                skipped.fetch_add(1, Ordering::Relaxed);
                if !args.quiet {
                    progress.suspend(|| eprintln!("sitrep: note: {e}"));
                }
                None
            }
            Err(e) => {
                if !args.quiet {
                    progress.suspend(|| eprintln!("sitrep: error: {e}"));
                }
                Some(IngestItem::Failed {
                    source: e.source.clone(),
                    reason: e.kind.name().to_string(),
                    message: e.to_string(),
                })
            }
        };
        let n = AtomicU64::new(0);
        let send = |tx: &mut SyncSender<IngestItem>, item: Option<IngestItem>| {
            if let Some(item) = item {
                n.fetch_add(1, Ordering::Relaxed);
                // A send fails only when the writer stopped on a database fault; its error is
                // reported when the writer is joined.
                let _ = tx.send(item);
            }
        };
        match p {
            // Web archives stream record by record: never the whole file in memory.
            Ok(path) if warc::is_warc_name(&path.to_string_lossy()) => {
                match warc::open(&path, &opts) {
                    Ok(mut records) => {
                        (&mut records)
                            .par_bridge()
                            .for_each_with(tx.clone(), |tx, r| send(tx, to_item(r)));
                        let sk = records.skipped();
                        if sk.total() > 0 {
                            skipped.fetch_add(sk.total() as u64, Ordering::Relaxed);
                            if !args.quiet {
                                progress.suspend(|| {
                                    eprintln!("sitrep: note: {}: {}", path.display(), sk.describe())
                                });
                            }
                        }
                    }
                    Err(e) => send(tx, to_item(Err(e))),
                }
            }
            Ok(path) => {
                // Analyse in chunks so a big JSONL file never holds all its documents at once.
                let mut records = input::read_file(&path, &opts).into_iter();
                loop {
                    let chunk: Vec<_> = records.by_ref().take(256).collect();
                    if chunk.is_empty() {
                        break;
                    }
                    let items: Vec<Option<IngestItem>> =
                        chunk.into_par_iter().map(to_item).collect();
                    for item in items {
                        send(tx, item);
                    }
                }
            }
            Err(e) => send(tx, to_item(Err(e))),
        }
        progress.file_done(n.load(Ordering::Relaxed));
    });
    drop(tx);
    progress.finish();
    let summary = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the database writer thread panicked"))?;
    let summary =
        summary.with_context(|| format!("writing to the database {}", args.db.display()))?;
    Ok(Ingested {
        summary,
        skipped: skipped.load(Ordering::Relaxed),
    })
}

/// The writer's summary plus what the readers skipped on purpose.
pub struct Ingested {
    /// The database writer's counts.
    pub summary: IngestSummary,
    /// Records skipped on purpose (non-HTML WARC records, …): not failures.
    pub skipped: u64,
}

fn print_summary(s: &IngestSummary, skipped: u64, args: &IngestArgs) -> anyhow::Result<()> {
    if args.json {
        let mut v = serde_json::to_value(s)?;
        v["skipped"] = serde_json::json!(skipped);
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let f = &s.facts;
    println!(
        "ingest: {} new, {} duplicate, {} updated, {} failed — {} articles in {} stories in {}",
        s.new,
        s.duplicate,
        s.updated,
        s.failed,
        s.articles_total,
        s.stories,
        args.db.display()
    );
    if skipped > 0 {
        println!("  skipped on purpose (non-HTML web-archive records, …): {skipped}");
    }
    for (reason, n) in &s.failed_by_reason {
        println!("  failed ({reason}): {n}");
    }
    println!(
        "facts: {} entities ({} mentions), {} quotes, {} amounts, {} times, {} events, {} arms transfers ({} items)",
        f.entities, f.mentions, f.quotes, f.amounts, f.times, f.events, f.arms_transfers, f.arms_items
    );
    println!(
        "elapsed {:.1} s, {:.1} articles/s",
        s.elapsed_secs,
        s.rate()
    );
    Ok(())
}

/// A progress bar on a terminal, periodic plain lines otherwise, nothing with `--quiet`.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    articles: AtomicU64,
    files: AtomicU64,
    total: u64,
    started: Instant,
    last_line: std::sync::Mutex<Instant>,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Progress {
        let tty = std::io::stderr().is_terminal();
        let bar = (!quiet && tty).then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files, {msg} (eta {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            plain: !quiet && !tty,
            articles: AtomicU64::new(0),
            files: AtomicU64::new(0),
            total,
            started: Instant::now(),
            last_line: std::sync::Mutex::new(Instant::now()),
        }
    }

    fn file_done(&self, records: u64) {
        let articles = self.articles.fetch_add(records, Ordering::Relaxed) + records;
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let rate = articles as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(format!("{articles} articles, {rate:.0}/s"));
        } else if self.plain {
            let Ok(mut last) = self.last_line.lock() else {
                return;
            };
            if last.elapsed() >= Duration::from_secs(5) {
                *last = Instant::now();
                eprintln!(
                    "ingest: {files}/{} files, {articles} articles, {rate:.0} articles/s",
                    self.total
                );
            }
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
