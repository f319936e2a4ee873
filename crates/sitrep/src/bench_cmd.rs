//! `sitrep bench`: throughput of the full pipeline against tokenisation alone, on the same text
//! in the same run, single-threaded (the per-core figure the SPEC's targets are stated in).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use sitrep_core::input::{self, ReadOptions};
use sitrep_core::text::Text;

/// Arguments of `sitrep bench`.
#[derive(Args, Debug)]
#[command(after_help = "\
Reads articles (any input format; JSONL is typical), then times on one thread:
  1. the baseline: tokenisation and sentence splitting only;
  2. the full pipeline: every analysis layer.
Prints words per second for each and the ratio. To set sitrep beside spaCy on the same file, run
scripts/bench/peer.sh FILE.jsonl (it runs ../shared/tools/peer_throughput.py in a virtualenv).

Example:
  sitrep bench ../shared/data/news/wikinews-semeval2015-task4/wikinews_semeval2015_task4.jsonl")]
pub struct BenchArgs {
    /// Input files (JSONL, markdown, …).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Repeat the corpus this many times (for small corpora).
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Run `sitrep bench`.
pub fn run(args: BenchArgs) -> anyhow::Result<std::process::ExitCode> {
    let opts = ReadOptions::default();
    let mut articles = Vec::new();
    for p in input::expand_paths(&args.inputs) {
        let p = p.map_err(|e| anyhow::anyhow!("{e}"))?;
        articles.extend(
            input::read_file(&p, &opts)
                .into_iter()
                .filter_map(Result::ok),
        );
    }
    anyhow::ensure!(!articles.is_empty(), "no readable articles in the inputs");
    let bodies: Vec<String> = articles.iter().map(|a| a.paragraphs.join("\n\n")).collect();
    let words: usize = bodies
        .iter()
        .map(|b| b.split_whitespace().count())
        .sum::<usize>()
        * args.repeat;
    let bytes: usize = bodies.iter().map(String::len).sum::<usize>() * args.repeat;

    // Warm up lazily loaded models and tables outside the timed loops.
    let _ = sitrep_extract::pipeline::analyse(articles[0].clone());

    let t0 = Instant::now();
    let mut tokens = 0usize;
    for _ in 0..args.repeat {
        for b in &bodies {
            tokens += Text::new(b.clone()).tokens.len();
        }
    }
    let baseline = t0.elapsed().as_secs_f64();

    let t0 = Instant::now();
    let mut facts = 0usize;
    for _ in 0..args.repeat {
        for a in &articles {
            let d = sitrep_extract::pipeline::analyse(a.clone());
            facts += d.entities.len()
                + d.quotes.len()
                + d.amounts.len()
                + d.times.len()
                + d.events.len()
                + d.arms_transfers.len();
        }
    }
    let full = t0.elapsed().as_secs_f64();
    let report = serde_json::json!({
        "articles": articles.len() * args.repeat,
        "words": words,
        "bytes": bytes,
        "tokens": tokens,
        "facts": facts,
        "baseline_seconds": baseline,
        "pipeline_seconds": full,
        "baseline_words_per_second": words as f64 / baseline,
        "pipeline_words_per_second": words as f64 / full,
        "pipeline_tokens_per_second": tokens as f64 / full,
        "pipeline_mb_per_second": bytes as f64 / full / 1e6,
        "pipeline_vs_baseline": baseline / full,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).context("json")?);
    } else {
        println!(
            "{} articles, {} words, {} tokens, {} facts (one thread)",
            articles.len() * args.repeat,
            words,
            tokens,
            facts
        );
        println!(
            "baseline (tokens + sentences): {:>12.0} words/s",
            words as f64 / baseline
        );
        println!(
            "full pipeline:                 {:>12.0} words/s  ({:.0} tokens/s, {:.2} MB/s)",
            words as f64 / full,
            tokens as f64 / full,
            bytes as f64 / full / 1e6
        );
        println!("full pipeline / baseline:      {:>12.3}", baseline / full);
    }
    Ok(std::process::ExitCode::SUCCESS)
}
