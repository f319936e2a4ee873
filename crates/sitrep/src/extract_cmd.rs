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
order) even though articles are analysed in parallel. A bad file or line prints one error line on
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
    let paths = input::expand_paths(&inputs);
    // Parallel over files; `collect` keeps input order.
    let per_file: Vec<Vec<Analysed>> = paths
        .into_par_iter()
        .map(|p| match p {
            Err(e) => vec![Err(e)],
            Ok(path) => input::read_file(&path, &opts)
                .into_par_iter()
                .map(|r| r.map(sitrep_extract::pipeline::analyse_with_explanations))
                .collect(),
        })
        .collect();
    let results: Vec<Analysed> = per_file.into_iter().flatten().collect();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let skipped = results
        .iter()
        .filter(|r| matches!(r, Err(e) if e.kind == ReadErrorKind::Skipped))
        .count();
    let failed = results.len() - ok - skipped;
    let format = match args.format {
        OutputFormat::Auto if ok == 1 => OutputFormat::Pretty,
        OutputFormat::Auto => OutputFormat::Jsonl,
        f => f,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in &results {
        match r {
            Ok((doc, explanations)) => {
                if args.explain {
                    for line in explanations {
                        eprintln!("{}: {line}", doc.url.as_deref().unwrap_or(&doc.id));
                    }
                }
                match format {
                    OutputFormat::Pretty => serde_json::to_writer_pretty(&mut out, doc)?,
                    _ => serde_json::to_writer(&mut out, doc)?,
                }
                writeln!(out).context("writing output")?;
                if format == OutputFormat::Json {
                    break;
                }
            }
            // Records a reader passes over on purpose (non-HTML web-archive records) are notes.
            Err(e) if e.kind == ReadErrorKind::Skipped => eprintln!("sitrep: note: {e}"),
            Err(e) => eprintln!("sitrep: error: {e}"),
        }
    }
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
