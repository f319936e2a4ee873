//! `sitrep eval timex`: score the times and amounts layers on the Microsoft Recognizers-Text
//! English specification files and print per-file figures.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

/// Arguments of `sitrep eval timex`.
#[derive(Debug, Args)]
pub struct TimexArgs {
    /// Directory holding the Recognizers-Text specs (with DateTime/English and
    /// NumberWithUnit/English below it).
    #[arg(long, value_name = "DIR")]
    pub specs: PathBuf,
    /// Also print up to N failing cases per file (input, expected, reported).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show_failures: usize,
}

/// Run the evaluation and print the report.
pub fn run(args: TimexArgs) -> anyhow::Result<ExitCode> {
    let report = sitrep_extract::timex_eval::eval_specs(&args.specs)
        .with_context(|| format!("cannot evaluate specs in {}", args.specs.display()))?;
    print!("{report}");
    if args.show_failures > 0 {
        for file in &report.files {
            for failure in file.failures.iter().take(args.show_failures) {
                println!("{}: {failure}", file.file);
            }
        }
    }
    println!(
        "found% = every expected expression found with its span and value; \
         strict% = and nothing else reported"
    );
    Ok(ExitCode::SUCCESS)
}
