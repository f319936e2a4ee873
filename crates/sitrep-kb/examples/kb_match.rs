//! Prints the knowledge-base load time, then every phrase the matcher finds in the text on
//! standard input (tokenized crudely on white space and punctuation), one a line.
//!
//! `cargo run --release -p sitrep-kb --example kb_match < article.txt`

use std::io::Read;
use std::time::Instant;

use sitrep_kb::{names, Kb};

fn main() -> std::io::Result<()> {
    let t = Instant::now();
    let kb = Kb::global();
    eprintln!("kb load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let tokens: Vec<&str> = text
        .lines()
        .flat_map(names::tokenize)
        .flat_map(split_sentence_period)
        .collect();
    let t = Instant::now();
    let matches = kb.match_phrases(&tokens);
    eprintln!(
        "matched {} tokens in {:.2} ms",
        tokens.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    for m in matches {
        let phrase = tokens[m.start..m.end].join(" ");
        let what: Vec<String> = m
            .entries
            .iter()
            .map(|e| {
                let (kb_name, id) = e.link();
                format!(
                    "{:?} {} [{kb_name}:{id}] country={} actor={}",
                    e.kind(),
                    e.name(),
                    e.country().unwrap_or("-"),
                    e.actor().unwrap_or_else(|| "-".into())
                )
            })
            .collect();
        println!("{phrase:30} {}", what.join(" | "));
    }
    Ok(())
}

/// Splits a sentence-final period off a word ("border." → "border", "."), keeping
/// abbreviations with inner periods ("U.S.").
fn split_sentence_period(token: &str) -> Vec<&str> {
    match token.strip_suffix('.') {
        Some(stem) if !stem.is_empty() && !stem.contains('.') => vec![stem, "."],
        _ => vec![token],
    }
}
