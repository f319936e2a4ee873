//! The `sitrep` command line: argument parsing and wiring only.
//!
//! Each subcommand lives in its own module (`extract_cmd`, …) as a clap `Args` struct and a
//! `run` function; the work itself is done by the library crates.

mod bench_cmd;
mod demo_cmd;
mod extract_cmd;
mod ingest_cmd;
mod nlp_cmd;
mod serve_cmd;
mod store_cmd;
mod timex_cmd;

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
    /// Build a demo database from the bundled examples and print what sitrep found.
    Demo(demo_cmd::DemoArgs),
    /// Read articles and print one sitrep.article/1 JSON document per article.
    Extract(extract_cmd::ExtractArgs),
    /// Analyse articles and store them in the embedded database (default ./sitrep.db).
    Ingest(ingest_cmd::IngestArgs),
    /// Full-text search over stored articles (or quotes with --quotes).
    Search(store_cmd::SearchArgs),
    /// Quotes by a speaker.
    Quotes(store_cmd::QuotesArgs),
    /// Events by actor, kind, time and place.
    Events(store_cmd::EventsArgs),
    /// The arms register, merged across articles.
    Arms(store_cmd::ArmsArgs),
    /// An entity's profile: mentions over time, co-occurring entities, quotes.
    Entity(store_cmd::EntityArgs),
    /// Counts per table, language and agency.
    Stats(store_cmd::StatsArgs),
    /// Story clusters (wire copies of one story), largest first.
    Stories(store_cmd::StoriesArgs),
    /// Serve the JSON API and web UI over a database (read-only).
    Serve(serve_cmd::ServeArgs),
    /// Export the database: jsonl, csv, gdelt or sipri.
    Export(store_cmd::ExportArgs),
    /// Check the database's integrity.
    Check(store_cmd::CheckArgs),
    /// Measure an analysis layer against reference data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure pipeline throughput (words/s on one thread) against tokenisation alone.
    Bench(bench_cmd::BenchArgs),
    /// Train a statistical model (POS, NER, word clusters).
    #[command(subcommand)]
    Train(nlp_cmd::TrainCmd),
    /// Measure POS+NER tagging speed against whitespace tokenisation.
    BenchNlp(nlp_cmd::BenchArgs),
    /// Tag sentences with the POS and NER models (for inspection).
    TagNlp(nlp_cmd::TagArgs),
}

/// What `sitrep eval` can measure.
#[derive(Subcommand)]
enum EvalCommand {
    /// Times and amounts against the Recognizers-Text specs.
    Timex(timex_cmd::TimexArgs),
    /// UPOS accuracy on a CoNLL-U file.
    Pos(nlp_cmd::EvalPosArgs),
    /// Entity-level P/R/F1 on a column file, or on the held-out parts of the training corpora.
    Ner(nlp_cmd::EvalNerArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo_cmd::run(args),
        Command::Extract(args) => extract_cmd::run(args),
        Command::Ingest(args) => ingest_cmd::run(args),
        Command::Search(args) => store_cmd::run_search(args),
        Command::Quotes(args) => store_cmd::run_quotes(args),
        Command::Events(args) => store_cmd::run_events(args),
        Command::Arms(args) => store_cmd::run_arms(args),
        Command::Entity(args) => store_cmd::run_entity(args),
        Command::Stats(args) => store_cmd::run_stats(args),
        Command::Stories(args) => store_cmd::run_stories(args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Export(args) => store_cmd::run_export(args),
        Command::Check(args) => store_cmd::run_check(args),
        Command::Eval(EvalCommand::Timex(args)) => timex_cmd::run(args),
        Command::Bench(args) => bench_cmd::run(args),
        Command::Train(c) => nlp_cmd::train(c).map(|()| std::process::ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Pos(a)) => {
            nlp_cmd::eval(nlp_cmd::EvalCmd::Pos(a)).map(|()| std::process::ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Ner(a)) => {
            nlp_cmd::eval(nlp_cmd::EvalCmd::Ner(a)).map(|()| std::process::ExitCode::SUCCESS)
        }
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
