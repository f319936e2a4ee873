//! `sitrep bench`: throughput of the full pipeline against tokenisation alone, on the same text
//! in the same run, single-threaded (the per-core figure the SPEC's targets are stated in).

use std::path::PathBuf;
use std::time::Instant;

/// CPU seconds this thread has used: from `/proc/thread-self/schedstat` on Linux (nanoseconds
/// on a CPU, so a layer's few milliseconds per article are measured, not sampled by 10 ms
/// ticks), else `/proc/self/stat` (user + system ticks), else wall-clock seconds since `since`.
/// The bench runs on one thread, so this is the fair per-core figure on a busy machine, as the
/// peer's figures are.
fn cpu_seconds(since: Instant) -> f64 {
    let nanos = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok());
    if let Some(ns) = nanos {
        return ns / 1e9;
    }
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?)
        });
    match ticks {
        // USER_HZ is 100 on every Linux platform Rust targets.
        Some(t) => t / 100.0,
        None => since.elapsed().as_secs_f64(),
    }
}

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
Prints words per CPU-second for each and the ratio. To set sitrep beside spaCy on the same file, run
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

    // Start-up work (models, caches, patterns) outside the timed loops, as spaCy's model load is
    // outside its timings.
    sitrep_extract::pipeline::warm_up();
    let _ = sitrep_extract::pipeline::analyse(articles[0].clone());

    let start = Instant::now();
    // The baseline is fast: repeat it until the CPU clock (10 ms ticks) has enough to measure.
    let t0 = cpu_seconds(start);
    let mut tokens = 0usize;
    let mut rounds = 0usize;
    while rounds < args.repeat || cpu_seconds(start) - t0 < 0.5 {
        for b in &bodies {
            tokens += Text::new(b.clone()).tokens.len();
        }
        rounds += 1;
    }
    let baseline_words_per_second =
        (words / args.repeat * rounds) as f64 / (cpu_seconds(start) - t0).max(1e-3);
    let tokens = tokens / rounds * args.repeat;

    let t0 = cpu_seconds(start);
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
    let full = (cpu_seconds(start) - t0).max(1e-3);
    let layers = layer_seconds(&articles, args.repeat, start);
    let ents = sitrep_extract::entities::bench::measure(&bodies, args.repeat, 0.5);
    let report = serde_json::json!({
        "articles": articles.len() * args.repeat,
        "words": words,
        "bytes": bytes,
        "tokens": tokens,
        "facts": facts,
        "pipeline_cpu_seconds": full,
        "baseline_words_per_second": baseline_words_per_second,
        "pipeline_words_per_second": words as f64 / full,
        "pipeline_tokens_per_second": tokens as f64 / full,
        "pipeline_mb_per_second": bytes as f64 / full / 1e6,
        "pipeline_vs_baseline": words as f64 / full / baseline_words_per_second,
        "entity_layer_tokens_per_second": ents.entities_tokens_per_second,
        "entity_layer_vs_tokenisation": ents.ratio(),
        "entity_layer_without_taggers_tokens_per_second": ents.kb_only_tokens_per_second,
        "layer_cpu_seconds": layers.iter().map(|(n, t)| (n.to_string(), serde_json::json!(t))).collect::<serde_json::Map<_, _>>(),
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
            "baseline (tokens + sentences): {:>12.0} words/cpu-s",
            baseline_words_per_second
        );
        println!(
            "full pipeline:                 {:>12.0} words/cpu-s  ({:.0} tokens/cpu-s, {:.2} MB/cpu-s)",
            words as f64 / full,
            tokens as f64 / full,
            bytes as f64 / full / 1e6
        );
        println!(
            "full pipeline / baseline:      {:>12.3}",
            words as f64 / full / baseline_words_per_second
        );
        let total: f64 = layers.iter().map(|(_, t)| t).sum();
        for (name, t) in &layers {
            println!(
                "  {name:<10} {:>6.1}% of the pipeline's CPU time",
                100.0 * t / total.max(1e-9)
            );
        }
        println!(
            "taggers + entity layer:        {:>12.0} tokens/cpu-s  ({:.4} of tokenisation's {:.0}; without taggers {:.0})",
            ents.entities_tokens_per_second,
            ents.ratio(),
            ents.tokenise_tokens_per_second,
            ents.kb_only_tokens_per_second
        );
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// CPU seconds spent in each stage, run one after another on the same articles.
fn layer_seconds(
    articles: &[sitrep_core::article::Article],
    repeat: usize,
    start: Instant,
) -> Vec<(&'static str, f64)> {
    use sitrep_extract::{amounts, arms, entities, events, quotes, times};
    let mut out = vec![
        ("text", 0.0),
        ("entities", 0.0),
        ("amounts", 0.0),
        ("times", 0.0),
        ("quotes", 0.0),
        ("events", 0.0),
        ("arms", 0.0),
    ];
    for _ in 0..repeat {
        for a in articles {
            let mut t = cpu_seconds(start);
            let mut lap = |i: usize, out: &mut Vec<(&'static str, f64)>| {
                let now = cpu_seconds(start);
                out[i].1 += now - t;
                t = now;
            };
            let (doc, text) = a.clone().into_document();
            lap(0, &mut out);
            let published = doc
                .published
                .as_deref()
                .and_then(sitrep_core::dates::published_date);
            let ents = entities::extract_entities(&text);
            lap(1, &mut out);
            let amts = amounts::extract_amounts(&text);
            lap(2, &mut out);
            let tms = times::extract_times(&text, published);
            lap(3, &mut out);
            let _q = quotes::extract_quotes(&text, &ents);
            lap(4, &mut out);
            let evs = events::extract_events(&text, &ents, &tms, &amts);
            lap(5, &mut out);
            let _x = arms::extract_arms(&text, &ents, &amts, &tms, &evs);
            lap(6, &mut out);
        }
    }
    out
}
