//! `sitrep ingest`: read inputs on all cores, analyse each article, store them through one
//! writer thread into the embedded database, and print a summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;

use sitrep_core::article::Article;
use sitrep_core::input::stream::{plan, JsonLines, Plan};
use sitrep_core::input::{self, jsonl, warc, Format, ReadError, ReadErrorKind, ReadOptions};
use sitrep_store::{IngestItem, IngestSummary, InsertMode, Prepared, Store, Writer};

/// Arguments of `sitrep ingest`.
#[derive(Args, Debug)]
#[command(after_help = "\
Inputs are files, folders (recursive), or `-` for stdin, in any format `sitrep extract` reads;
`.gz` is decompressed. JSONL and web archives are streamed, so memory stays flat however big the
corpus; one article over 64 MB is refused by name (file:line) and the run goes on. Articles are
analysed on all cores and stored by one writer; each article commits atomically, so a killed run
loses at most the articles in flight and a rerun completes the rest. A page in another language
than English is stored with its text and metadata but not analysed (the summary counts them).
A read-only, locked or full database stops the run with an error; what was stored stays. Ingesting the same article twice stores it once (the id comes from the canonical URL,
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
    /// Seconds to wait for another process's lock on the database before giving up.
    #[arg(long, default_value_t = 5.0, value_name = "SECS")]
    pub lock_timeout: f64,
    /// Largest database size in pages (SQLite `max_page_count`); for tests of a full disk.
    #[arg(long, hide = true)]
    pub max_db_pages: Option<u64>,
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
    store
        .set_busy_timeout(Duration::from_secs_f64(args.lock_timeout.max(0.0)))
        .with_context(|| format!("opening the database {}", args.db.display()))?;
    if let Some(pages) = args.max_db_pages {
        store
            .set_max_pages(pages)
            .with_context(|| format!("opening the database {}", args.db.display()))?;
    }
    let opts = ReadOptions {
        format: args.from,
        published: args.published.clone(),
        url: None,
    };
    let paths = input::expand_paths(&args.inputs);
    let total = paths.len() as u64;
    let (tx, writer) = Writer::spawn(store, args.batch.max(1), CHANNEL_CAPACITY);
    let run = Run {
        args,
        progress: Progress::new(total, args.quiet),
        skipped: AtomicU64::new(0),
        stopped: AtomicBool::new(false),
    };
    paths.into_par_iter().for_each_with(tx.clone(), |tx, p| {
        if run.stopped.load(Ordering::Relaxed) {
            return;
        }
        let n = match p {
            Ok(path) => run.file(tx, &path, &opts),
            Err(e) => usize::from(run.send(tx, run.item(Err(e)))),
        };
        run.progress.file_done(n as u64);
    });
    drop(tx);
    run.progress.finish();
    let summary = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the database writer thread panicked"))?;
    let summary =
        summary.with_context(|| format!("writing to the database {}", args.db.display()))?;
    Ok(Ingested {
        summary,
        skipped: run.skipped.load(Ordering::Relaxed),
    })
}

/// Analysed documents waiting for the writer: bounds memory whatever the corpus size.
const CHANNEL_CAPACITY: usize = 256;

/// Records read and analysed together from one file, in order; bounds memory per file.
const CHUNK: usize = 128;

/// The state shared by the analysis threads of one run.
struct Run<'a> {
    args: &'a IngestArgs,
    progress: Progress,
    skipped: AtomicU64,
    /// Set when the writer stopped on a database fault: reading and analysis stop too.
    stopped: AtomicBool,
}

impl Run<'_> {
    /// Reads, analyses and sends every record of one file; returns how many were sent.
    fn file(&self, tx: &mut SyncSender<IngestItem>, path: &Path, opts: &ReadOptions) -> usize {
        let mut sent = 0;
        match plan(path, opts.format) {
            Plan::Refuse(e) => sent += usize::from(self.send(tx, self.item(Err(e)))),
            Plan::Warc => match warc::open(path, opts) {
                Ok(mut records) => {
                    let n = AtomicU64::new(0);
                    (&mut records)
                        .par_bridge()
                        .for_each_with(tx.clone(), |tx, r| {
                            if !self.stopped.load(Ordering::Relaxed) && self.send(tx, self.item(r))
                            {
                                n.fetch_add(1, Ordering::Relaxed);
                            }
                        });
                    sent += n.load(Ordering::Relaxed) as usize;
                    let sk = records.skipped();
                    if sk.total() > 0 {
                        self.skipped.fetch_add(sk.total() as u64, Ordering::Relaxed);
                        if !self.args.quiet {
                            self.progress.suspend(|| {
                                eprintln!("sitrep: note: {}: {}", path.display(), sk.describe())
                            });
                        }
                    }
                }
                Err(e) => sent += usize::from(self.send(tx, self.item(Err(e)))),
            },
            Plan::Lines { gz } => {
                let mut lines = match JsonLines::open(path, gz) {
                    Ok(lines) => lines,
                    Err(e) => return usize::from(self.send(tx, self.item(Err(e)))),
                };
                // Read a chunk, analyse it on all cores, send it in order: memory stays flat.
                while !self.stopped.load(Ordering::Relaxed) {
                    let chunk: Vec<_> = lines.by_ref().take(CHUNK).collect();
                    if chunk.is_empty() {
                        break;
                    }
                    let items: Vec<Option<IngestItem>> = chunk
                        .into_par_iter()
                        .map(|r| self.item(r.and_then(|(src, line)| jsonl::read_line(&src, &line))))
                        .collect();
                    for item in items {
                        sent += usize::from(self.send(tx, item));
                    }
                }
            }
            Plan::Whole => {
                // One article or a feed: small enough to read whole (a single article over
                // the limit was refused by `plan`).
                let records = input::read_file(path, opts);
                let items: Vec<Option<IngestItem>> =
                    records.into_par_iter().map(|r| self.item(r)).collect();
                for item in items {
                    sent += usize::from(self.send(tx, item));
                }
            }
        }
        sent
    }

    /// Analyses one read record into a message for the writer; `None` for records skipped on
    /// purpose. An article in another language than English is stored with its text and
    /// metadata but without analysis layers (the English models would mis-read it).
    fn item(&self, r: Result<Article, ReadError>) -> Option<IngestItem> {
        match r {
            Ok(article) => {
                let source = article.source.clone();
                let (doc, text) = article.into_document();
                let document = match foreign_language(&doc) {
                    None => sitrep_extract::pipeline::analyse_document(doc, &text),
                    Some(lang) => {
                        if !self.args.quiet {
                            self.progress.suspend(|| {
                                eprintln!(
                                    "sitrep: note: {source}: language {lang}, not English: stored without analysis"
                                )
                            });
                        }
                        doc
                    }
                };
                Some(IngestItem::Article {
                    source,
                    document: Box::new(Prepared::new(document)),
                })
            }
            // Records a reader passes over on purpose (non-HTML WARC records) are counted, not failed.
            Err(e) if e.kind == ReadErrorKind::Skipped => {
                self.skipped.fetch_add(1, Ordering::Relaxed);
                if !self.args.quiet {
                    self.progress.suspend(|| eprintln!("sitrep: note: {e}"));
                }
                None
            }
            Err(e) => {
                if !self.args.quiet {
                    self.progress.suspend(|| eprintln!("sitrep: error: {e}"));
                }
                Some(IngestItem::Failed {
                    source: e.source.clone(),
                    reason: e.kind.name().to_string(),
                    message: e.to_string(),
                })
            }
        }
    }

    /// Sends one message to the writer; false if there was none or the writer has stopped.
    fn send(&self, tx: &mut SyncSender<IngestItem>, item: Option<IngestItem>) -> bool {
        let Some(item) = item else { return false };
        // A send fails only when the writer stopped on a database fault; its error is reported
        // when the writer is joined.
        if tx.send(item).is_err() {
            self.stopped.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }
}

/// The document's language when it is detected (or declared) and is not English.
fn foreign_language(doc: &sitrep_core::schema::Document) -> Option<&str> {
    let lang = doc.language.as_deref()?;
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    (!primary.eq_ignore_ascii_case("en") && !primary.is_empty()).then_some(lang)
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
    if s.not_english > 0 {
        println!(
            "  not English (stored with text and metadata, without analysis): {}",
            s.not_english
        );
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
