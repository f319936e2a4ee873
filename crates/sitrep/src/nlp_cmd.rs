//! `sitrep train …`, `sitrep eval …` and `sitrep bench-nlp`: training and evaluating the
//! statistical taggers of `sitrep-nlp` on the corpora under the shared data directory.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use sitrep_nlp::corpus::read_conllu;
use sitrep_nlp::pos::PosTrainOptions;
use sitrep_nlp::{PosTagger, Upos, WordClusters};

/// What to train.
#[derive(Debug, Subcommand)]
pub enum TrainCmd {
    /// Train the POS tagger on UD English-EWT train.
    Pos(TrainPosArgs),
    /// Induce word clusters from the unlabeled text of the shared data.
    Clusters(TrainClustersArgs),
}

/// What to evaluate.
#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// UPOS accuracy on a CoNLL-U file.
    Pos(EvalPosArgs),
}

/// `sitrep train pos`.
#[derive(Debug, Args)]
pub struct TrainPosArgs {
    /// Where to write the model.
    #[arg(long, default_value = "models/pos.bin")]
    pub out: PathBuf,
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Word-cluster paths file to embed (none: train without clusters).
    #[arg(long, default_value = "models/clusters.txt")]
    pub clusters: PathBuf,
    /// Training epochs.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
}

/// `sitrep train clusters`.
#[derive(Debug, Args)]
pub struct TrainClustersArgs {
    /// Where to write the paths file (`path<TAB>word<TAB>count`).
    #[arg(long, default_value = "models/clusters.txt")]
    pub out: PathBuf,
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Number of classes (tree leaves).
    #[arg(long, default_value_t = 256)]
    pub classes: usize,
    /// Minimum word count.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
    /// Maximum number of words clustered.
    #[arg(long, default_value_t = 30000)]
    pub max_words: usize,
    /// Exchange iterations.
    #[arg(long, default_value_t = 8)]
    pub iterations: usize,
}

/// `sitrep eval pos`.
#[derive(Debug, Args)]
pub struct EvalPosArgs {
    /// Gold CoNLL-U file (gzip allowed).
    #[arg(long)]
    pub conllu: PathBuf,
    /// Model file (default: the embedded model).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// Run a `sitrep train` subcommand.
pub fn train(cmd: TrainCmd) -> Result<()> {
    match cmd {
        TrainCmd::Pos(a) => train_pos(&a),
        TrainCmd::Clusters(a) => train_clusters(&a),
    }
}

/// Run a `sitrep eval` subcommand.
pub fn eval(cmd: EvalCmd) -> Result<()> {
    match cmd {
        EvalCmd::Pos(a) => eval_pos(&a),
    }
}

fn train_clusters(a: &TrainClustersArgs) -> Result<()> {
    let t = Instant::now();
    let sents = sitrep_nlp::datasets::cluster_text(&a.data)?;
    let tokens: usize = sents.iter().map(Vec::len).sum();
    eprintln!("clustering {} sentences, {tokens} tokens", sents.len());
    let opts = sitrep_nlp::clusters::ClusterOptions {
        classes: a.classes,
        min_count: a.min_count,
        max_words: a.max_words,
        iterations: a.iterations,
    };
    let words = sitrep_nlp::clusters::induce(&sents, &opts);
    let mut text = String::new();
    for w in &words {
        text.push_str(&format!("{}\t{}\t{}\n", w.path, w.word, w.count));
    }
    std::fs::write(&a.out, text).with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!("wrote {} ({} words) in {:.1}s", a.out.display(), words.len(), t.elapsed().as_secs_f64());
    Ok(())
}

fn load_clusters(path: &Path) -> Result<WordClusters> {
    if !path.exists() {
        eprintln!("no cluster file at {}: training without clusters", path.display());
        return Ok(WordClusters::empty());
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(WordClusters::parse(&text))
}

fn to_upos(tags: &[String], file: &Path) -> Result<Vec<Upos>> {
    tags.iter()
        .map(|t| Upos::parse(t).with_context(|| format!("{}: unknown UPOS {t}", file.display())))
        .collect()
}

fn train_pos(a: &TrainPosArgs) -> Result<()> {
    let file = a.data.join("ud/en_ewt/en_ewt-ud-train.conllu.gz");
    let sents = read_conllu(&file)?;
    let mut data = Vec::with_capacity(sents.len());
    for s in sents {
        let tags = to_upos(&s.upos, &file)?;
        data.push((s.words, tags));
    }
    let clusters = load_clusters(&a.clusters)?;
    eprintln!("training POS on {} sentences, {} cluster words", data.len(), clusters.len());
    let opts = PosTrainOptions { epochs: a.epochs, ..Default::default() };
    let t = Instant::now();
    let model = PosTagger::train(&data, clusters, &opts, &mut |e, acc| {
        eprintln!("epoch {e}: train accuracy {:.2}%", acc * 100.0);
    });
    let bytes = model.to_bytes();
    std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {:.1}s",
        a.out.display(),
        bytes.len(),
        model.n_features(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn load_pos(model: &Option<PathBuf>) -> Result<PosTagger> {
    let t = Instant::now();
    let m = match model {
        Some(p) => PosTagger::load(p)?,
        None => PosTagger::embedded().clone(),
    };
    eprintln!("POS model loaded in {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    Ok(m)
}

fn eval_pos(a: &EvalPosArgs) -> Result<()> {
    let model = load_pos(&a.model)?;
    let sents = read_conllu(&a.conllu)?;
    if sents.is_empty() {
        bail!("{}: no sentences", a.conllu.display());
    }
    let (mut correct, mut total) = (0usize, 0usize);
    let t = Instant::now();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let pred = model.tag(&words);
        for (p, g) in pred.iter().zip(&s.upos) {
            correct += (p.as_str() == g) as usize;
            total += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{}: UPOS accuracy {:.2}% ({correct}/{total}), {:.0} tokens/s",
        a.conllu.display(),
        100.0 * correct as f64 / total as f64,
        total as f64 / secs
    );
    Ok(())
}
