//! The `sitrep` command line: argument parsing and wiring only.
//!
//! Each subcommand lives in its own module (`extract_cmd`, …) as a clap `Args` struct and a
//! `run` function; the work itself is done by the library crates.

mod bench_cmd;
mod extract_cmd;
mod nlp_cmd;

use clap::{Parser, Subcommand};

/// sitrep turns news articles into a sourced, queryable record of who did what to whom, when,
/// where, for how much, and who said so. Every fact points back to the characters it came from.
#[derive(Parser)]
#[command(name = "sitrep", version, about, long_about = None, after_help = "\
Examples:
  sitrep extract examples/belarus-arms-deal-2021-09-13.md     one article → pretty JSON
  sitrep extract articles/ > facts.jsonl                      a folder → one JSON line per article
  cat story.txt | sitrep extract - --published 2024-05-01     stdin, with a date

Run `sitrep <command> --help` for each command's options.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and print one sitrep.article/1 JSON document per article.
    Extract(extract_cmd::ExtractArgs),
    /// Measure pipeline throughput (words/s on one thread) against tokenisation alone.
    Bench(bench_cmd::BenchArgs),
    /// Train a statistical model (POS, NER, word clusters).
    #[command(subcommand)]
    Train(nlp_cmd::TrainCmd),
    /// Evaluate a statistical model.
    #[command(subcommand)]
    Eval(nlp_cmd::EvalCmd),
    /// Measure POS+NER tagging speed against whitespace tokenisation.
    BenchNlp(nlp_cmd::BenchArgs),
    /// Tag sentences with the POS and NER models (for inspection).
    TagNlp(nlp_cmd::TagArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract_cmd::run(args),
        Command::Bench(args) => bench_cmd::run(args),
        Command::Train(c) => nlp_cmd::train(c).map(|()| std::process::ExitCode::SUCCESS),
        Command::Eval(c) => nlp_cmd::eval(c).map(|()| std::process::ExitCode::SUCCESS),
        Command::BenchNlp(a) => nlp_cmd::bench(&a).map(|()| std::process::ExitCode::SUCCESS),
        Command::TagNlp(a) => nlp_cmd::tag(&a).map(|()| std::process::ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
