//! Throughput of the entity layer, for `sitrep bench`: the taggers plus the entity layer against
//! tokenisation alone, on the same texts in the same run, on one thread.
//!
//! Figures are tokens per CPU-second of the calling thread (`/proc/thread-self/schedstat`, in
//! nanoseconds, on Linux; wall-clock time elsewhere), so a busy machine slows every stage alike
//! and the ratios stay comparable between runs.

use std::time::Instant;

use sitrep_core::text::Text;

use super::{extract_entities_with, Taggers};

/// What [`measure`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityBench {
    /// Tokens in one pass over the texts.
    pub tokens: usize,
    /// Tokenisation and sentence splitting (`Text::new`) alone: tokens per CPU-second.
    pub tokenise_tokens_per_second: f64,
    /// The entity layer with its taggers (POS, NER): tokens per CPU-second.
    pub entities_tokens_per_second: f64,
    /// The entity layer's own work (knowledge-base matching, resolution, clustering) without
    /// the taggers: tokens per CPU-second.
    pub kb_only_tokens_per_second: f64,
}

impl EntityBench {
    /// The taggers plus the entity layer as a fraction of tokenisation's speed.
    pub fn ratio(&self) -> f64 {
        self.entities_tokens_per_second / self.tokenise_tokens_per_second.max(1e-9)
    }
}

/// CPU seconds of the calling thread, as precisely as the platform tells.
fn thread_cpu_seconds(since: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| since.elapsed().as_secs_f64(), |ns| ns as f64 * 1e-9)
}

/// Runs `stage` over the texts at least `rounds` times and until `min_seconds` of CPU time
/// have passed; returns tokens per CPU-second.
fn tokens_per_second(
    tokens: usize,
    rounds: usize,
    min_seconds: f64,
    mut stage: impl FnMut() -> usize,
) -> f64 {
    let clock = Instant::now();
    let t0 = thread_cpu_seconds(clock);
    let mut done = 0usize;
    let mut n = 0usize;
    while n < rounds.max(1) || thread_cpu_seconds(clock) - t0 < min_seconds {
        done += stage();
        n += 1;
    }
    std::hint::black_box(done);
    (tokens * n) as f64 / (thread_cpu_seconds(clock) - t0).max(1e-9)
}

/// Measures tokenisation, the entity layer with its taggers, and the entity layer alone on
/// `bodies` (article bodies, paragraphs joined by blank lines), each for at least `rounds`
/// passes and `min_seconds` of CPU time. Models and tables load before the clock starts.
pub fn measure(bodies: &[String], rounds: usize, min_seconds: f64) -> EntityBench {
    let texts: Vec<Text> = bodies.iter().map(|b| Text::new(b.clone())).collect();
    let tokens: usize = texts.iter().map(|t| t.tokens.len()).sum();
    let taggers = Taggers::embedded();
    if let Some(t) = texts.first() {
        std::hint::black_box(extract_entities_with(t, Some(taggers)));
    }
    let tokenise = tokens_per_second(tokens, rounds, min_seconds, || {
        bodies
            .iter()
            .map(|b| Text::new(b.clone()).tokens.len())
            .sum()
    });
    let entities = tokens_per_second(tokens, rounds, min_seconds, || {
        texts
            .iter()
            .map(|t| extract_entities_with(t, Some(taggers)).len())
            .sum()
    });
    let kb_only = tokens_per_second(tokens, rounds, min_seconds, || {
        texts
            .iter()
            .map(|t| extract_entities_with(t, None).len())
            .sum()
    });
    EntityBench {
        tokens,
        tokenise_tokens_per_second: tokenise,
        entities_tokens_per_second: entities,
        kb_only_tokens_per_second: kb_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_every_stage() {
        let bodies = vec!["Poland said Russian troops crossed into Ukraine.".to_string()];
        let b = measure(&bodies, 1, 0.0);
        assert_eq!(b.tokens, Text::new(bodies[0].clone()).tokens.len());
        assert!(b.tokenise_tokens_per_second > 0.0);
        assert!(b.entities_tokens_per_second > 0.0);
        assert!(b.kb_only_tokens_per_second > 0.0);
        assert!(b.ratio() > 0.0);
    }

    #[test]
    fn empty_input_does_not_panic() {
        let b = measure(&[], 1, 0.0);
        assert_eq!(b.tokens, 0);
    }
}
