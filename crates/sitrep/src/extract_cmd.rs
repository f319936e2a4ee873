//! `sitrep extract`: files, folders or stdin in; one `sitrep.article/1` document per article out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use sitrep_core::input::{self, Format, ReadError, ReadErrorKind, ReadOptions};
use sitrep_core::schema::Document;

/// How `extract` prints documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Pretty JSON for one article, JSON lines for several.
    Auto,
    /// Compact JSON, one document (the first) — for a single article.
    Json,
    /// One compact JSON document per line.
    Jsonl,
    /// Indented JSON documents, one after another.
    Pretty,
}

/// Arguments of `sitrep extract`.
#[derive(Args, Debug)]
#[command(after_help = "\
Inputs are files, folders (read recursively in sorted order) or `-` for stdin; `.gz` files are
decompressed. The input format is detected from the name and content: scraped markdown, plain text,
JSONL (one article per line) or HTML; override with --from.

Output order follows input order (arguments in the order given, folders sorted, JSONL lines in
order) even though articles are analysed in parallel; documents are printed batch by batch (256
articles), so memory stays bounded and output starts before a large input is finished. A bad file or line prints one error line on
stderr naming it and is skipped; the exit status is non-zero only if nothing could be read.

Examples:
  sitrep extract examples/belarus-arms-deal-2021-09-13.md
  sitrep extract --format jsonl examples/ > out.jsonl
  sitrep extract --from text --published 2021-09-13 --url https://example.com/a story.txt
  sitrep extract --explain examples/belarus-arms-deal-2021-09-13.md > /dev/null   why each event")]
pub struct ExtractArgs {
    /// Files, folders, or `-` for stdin (the default when nothing is given).
    pub inputs: Vec<PathBuf>,
    /// Output: auto (pretty for one article, JSON lines for several), json, jsonl or pretty.
    #[arg(long, value_enum, default_value_t = OutputFormat::Auto)]
    pub format: OutputFormat,
    /// Input format instead of detecting it: markdown, text, jsonl or html.
    #[arg(long, alias = "input-format", value_parser = parse_format)]
    pub from: Option<Format>,
    /// Publication date for inputs that carry none (e.g. 2021-09-13).
    #[arg(long)]
    pub published: Option<String>,
    /// URL for inputs that carry none.
    #[arg(long)]
    pub url: Option<String>,
    /// Also print, on stderr, the rule, trigger and roles behind each event.
    #[arg(long)]
    pub explain: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("unknown input format {s:?}; use markdown, text, jsonl or html"))
}

/// One input record: its document and event explanations, or why it could not be read.
type Analysed = Result<(Document, Vec<String>), ReadError>;

/// Records analysed in parallel before their documents are printed.
const BATCH: usize = 256;

/// Prints analysed records in input order.
///
/// With `--format auto` the first document is held back until a second one arrives (then every
/// document is a JSON line) or the input ends (then it is printed indented, as a single article).
struct Printer<W: Write> {
    out: W,
    format: OutputFormat,
    explain: bool,
    held: Option<Document>,
    printed: usize,
    ok: usize,
    failed: usize,
    /// `--format json` prints one document only.
    done: bool,
}

impl<W: Write> Printer<W> {
    fn print_batch(
        &mut self,
        batch: Vec<Result<sitrep_core::article::Article, ReadError>>,
    ) -> anyhow::Result<()> {
        let analysed: Vec<Analysed> = batch
            .into_par_iter()
            .map(|r| r.map(sitrep_extract::pipeline::analyse_with_explanations))
            .collect();
        for r in analysed {
            match r {
                Ok((doc, explanations)) => {
                    self.ok += 1;
                    if self.explain {
                        for line in &explanations {
                            eprintln!("{}: {line}", doc.url.as_deref().unwrap_or(&doc.id));
                        }
                    }
                    self.document(doc)?;
                }
                // Records a reader passes over on purpose (non-HTML web-archive records) are notes.
                Err(e) if e.kind == ReadErrorKind::Skipped => eprintln!("sitrep: note: {e}"),
                Err(e) => {
                    self.failed += 1;
                    eprintln!("sitrep: error: {e}");
                }
            }
        }
        self.out.flush().context("writing output")
    }

    fn document(&mut self, doc: Document) -> anyhow::Result<()> {
        if self.format == OutputFormat::Auto {
            match self.held.take() {
                None if self.printed == 0 => {
                    self.held = Some(doc);
                    return Ok(());
                }
                Some(first) => {
                    self.format = OutputFormat::Jsonl;
                    self.write(&first)?;
                }
                None => self.format = OutputFormat::Jsonl,
            }
        }
        self.write(&doc)
    }

    fn write(&mut self, doc: &Document) -> anyhow::Result<()> {
        if self.done {
            return Ok(());
        }
        match self.format {
            OutputFormat::Pretty => serde_json::to_writer_pretty(&mut self.out, doc)?,
            _ => serde_json::to_writer(&mut self.out, doc)?,
        }
        writeln!(self.out).context("writing output")?;
        self.printed += 1;
        self.done = self.format == OutputFormat::Json;
        Ok(())
    }

    /// Prints a document still held back: the input had exactly one article.
    fn finish(&mut self) -> anyhow::Result<()> {
        if let Some(doc) = self.held.take() {
            self.format = OutputFormat::Pretty;
            self.write(&doc)?;
        }
        Ok(())
    }
}

/// Run `sitrep extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let opts = ReadOptions {
        format: args.from,
        published: args.published.clone(),
        url: args.url.clone(),
    };
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let stdout = std::io::stdout();
    let mut printer = Printer {
        out: std::io::BufWriter::new(stdout.lock()),
        format: args.format,
        explain: args.explain,
        held: None,
        printed: 0,
        ok: 0,
        failed: 0,
        done: false,
    };
    // Records are analysed in parallel, a batch at a time, and printed in input order as each
    // batch completes: memory stays bounded by the batch, whatever the size of the input.
    let mut batch: Vec<Result<sitrep_core::article::Article, ReadError>> =
        Vec::with_capacity(BATCH);
    for path in input::expand_paths(&inputs) {
        let records = match path {
            Err(e) => Box::new(std::iter::once(Err(e))),
            Ok(path) => input::stream::records(&path, &opts),
        };
        for record in records {
            batch.push(record);
            if batch.len() == BATCH {
                printer.print_batch(std::mem::take(&mut batch))?;
            }
        }
    }
    printer.print_batch(batch)?;
    printer.finish()?;
    let Printer {
        mut out,
        ok,
        failed,
        ..
    } = printer;
    out.flush().context("writing output")?;
    if failed > 0 {
        eprintln!("sitrep: {ok} article(s) extracted, {failed} input(s) failed");
    }
    Ok(if ok == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
