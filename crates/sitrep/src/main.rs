//! The `sitrep` command line: argument parsing and wiring only.
mod nlp_cmd;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "sitrep",
    about = "News articles in, a sourced record of who did what to whom out"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Train a statistical model.
    #[command(subcommand)]
    Train(nlp_cmd::TrainCmd),
    /// Evaluate a statistical model.
    #[command(subcommand)]
    Eval(nlp_cmd::EvalCmd),
    /// Measure POS+NER tagging speed.
    BenchNlp(nlp_cmd::BenchArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().cmd {
        Cmd::Train(c) => nlp_cmd::train(c),
        Cmd::Eval(c) => nlp_cmd::eval(c),
        Cmd::BenchNlp(a) => nlp_cmd::bench(&a),
    }
}
