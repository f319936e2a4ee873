//! `sitrep train …`, `sitrep eval …` and `sitrep bench-nlp`: training and evaluating the
//! statistical taggers of `sitrep-nlp` on the corpora under the shared data directory.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use sitrep_nlp::corpus::read_conllu;
use sitrep_nlp::corpus::{decode_spans, read_ner_columns, NerSentence};
use sitrep_nlp::datasets::{self, Target};
use sitrep_nlp::eval::EntityScores;
use sitrep_nlp::ner::NerTrainOptions;
use sitrep_nlp::pos::PosTrainOptions;
use sitrep_nlp::{
    EntityType, Gazetteer, NerTagger, NoGazetteer, PhraseGazetteer, PosTagger, Upos, WordClusters,
};

/// What to train.
#[derive(Debug, Subcommand)]
pub enum TrainCmd {
    /// Train the POS tagger on UD English-EWT train.
    Pos(TrainPosArgs),
    /// Train the NER tagger on the cleared NER corpora (see MODELS.md).
    Ner(TrainNerArgs),
    /// Induce word clusters from the unlabeled text of the shared data.
    Clusters(TrainClustersArgs),
}

/// What to evaluate.
#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// UPOS accuracy on a CoNLL-U file.
    Pos(EvalPosArgs),
    /// Entity-level P/R/F1 on a column file, or on the held-out parts of the training corpora.
    Ner(EvalNerArgs),
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

/// `sitrep train ner`.
#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Where to write the model.
    #[arg(long, default_value = "models/ner.bin")]
    pub out: PathBuf,
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Word-cluster paths file to embed.
    #[arg(long, default_value = "models/clusters.txt")]
    pub clusters: PathBuf,
    /// POS model used for the POS features (default: the embedded one).
    #[arg(long)]
    pub pos_model: Option<PathBuf>,
    /// Training epochs.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Drop feature rows whose largest averaged weight is below this.
    #[arg(long, default_value_t = 1.0)]
    pub prune: f32,
    /// Gazetteer for the gazetteer features: `kb` (sitrep-kb phrase matcher), `builtin`, `none`.
    #[arg(long, default_value = "kb")]
    pub gazetteer: String,
    /// O bias stored in the model (subtracted from O scores; tuned on dev data, see MODELS.md).
    #[arg(long, default_value_t = 0.0)]
    pub o_bias: f32,
    /// Also train on the grobid-ner XML documents (Brexit, Holocaust, World War Z); measured no
    /// better on the held-out sets, so off by default.
    #[arg(long)]
    pub grobid_xml: bool,
    /// Corpora to leave out (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    pub skip: Vec<String>,
    /// Corpora to present more than once per epoch, `NAME=TIMES` (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub repeat: Vec<String>,
    /// Domain adaptation (Daumé 2007): features also fire as copies private to each corpus
    /// during training; the copies are not saved.
    #[arg(long)]
    pub domain_adapt: bool,
    /// With `--domain-adapt`: private copies of the label priors only (bias, shape, POS,
    /// transitions).
    #[arg(long)]
    pub domain_priors_only: bool,
    /// With `--domain-adapt`: corpora that get no private copies (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    pub domain_shared: Vec<String>,
}

/// `sitrep eval ner`.
#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// Gold column file (IOB1/IOB2/BIOES/IO, UNER rows, gzip; `.csv[.gz]` = GMB/Kaggle CSV).
    #[arg(long, required_unless_present = "heldout")]
    pub conll: Option<PathBuf>,
    /// Gold label mapping `SRC=OURS,…` (e.g. `PER=PERSON,ORG=ORG,LOC=LOC`); unmapped labels are
    /// ignored. Default: PER/PERSON→PERSON, ORG→ORG, LOC/GPE→LOC, MISC/OTH→MISC (demonyms NORP).
    #[arg(long)]
    pub map: Option<String>,
    /// Evaluate the held-out parts of all training corpora instead.
    #[arg(long)]
    pub heldout: bool,
    /// The shared data directory (for `--heldout`).
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// NER model file (default: the embedded model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// POS model file (default: the embedded model).
    #[arg(long)]
    pub pos_model: Option<PathBuf>,
    /// Gazetteer for the gazetteer features: `kb` (sitrep-kb phrase matcher), `builtin`, `none`.
    #[arg(long, default_value = "kb")]
    pub gazetteer: String,
    /// Override the model's O bias (for tuning on development data).
    #[arg(long)]
    pub o_bias: Option<f32>,
    /// Print up to this many sentences with errors (for error analysis).
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
}

/// `sitrep bench-nlp`: tagging speed against whitespace tokenisation of the same text.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Text file, one tokenised sentence per line (default: the Wikinews articles).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Gazetteer for the gazetteer features: `kb` (sitrep-kb phrase matcher), `builtin`, `none`.
    #[arg(long, default_value = "kb")]
    pub gazetteer: String,
    /// Passes over the text.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
    /// NER model file to measure instead of the embedded one.
    #[arg(long)]
    pub ner_model: Option<PathBuf>,
}

/// `sitrep tag-nlp`: tag text lines (one sentence per line) and print POS and entities.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// Sentences to tag (default: read lines from stdin).
    pub sentences: Vec<String>,
    /// Gazetteer: `kb`, `builtin` or `none`.
    #[arg(long, default_value = "kb")]
    pub gazetteer: String,
    /// NER model file (default: the embedded model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Override the model's O bias.
    #[arg(long)]
    pub o_bias: Option<f32>,
}

/// Run `sitrep tag-nlp`.
pub fn tag(a: &TagArgs) -> Result<()> {
    let gz = gazetteer(&a.gazetteer)?;
    let mut ner = load_ner(&a.model)?;
    if let Some(b) = a.o_bias {
        ner.o_bias = b;
    }
    let lines: Vec<String> = if a.sentences.is_empty() {
        std::io::read_to_string(std::io::stdin())?
            .lines()
            .map(str::to_string)
            .collect()
    } else {
        a.sentences.clone()
    };
    for line in lines.iter().filter(|l| !l.trim().is_empty()) {
        let toks: Vec<&str> = sitrep_core::tokens::tokenize(line)
            .iter()
            .map(|t| &line[t.range()])
            .collect();
        let pos = PosTagger::embedded().tag(&toks);
        let spans = ner.tag(&toks, &pos, gz.as_ref());
        let classes = gz.tag(&toks);
        let tagged: Vec<String> = toks
            .iter()
            .zip(&pos)
            .zip(&classes)
            .map(|((w, p), g)| match g {
                Some(g) => format!(
                    "{w}/{}/{}{}",
                    p.as_str(),
                    if g.begin { "B-" } else { "I-" },
                    g.class
                ),
                None => format!("{w}/{}", p.as_str()),
            })
            .collect();
        println!("{}", tagged.join(" "));
        for s in spans {
            println!(
                "  {} [{}..{}) {}",
                s.label.as_str(),
                s.start,
                s.end,
                toks[s.start..s.end].join(" ")
            );
        }
    }
    Ok(())
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
        TrainCmd::Ner(a) => train_ner(&a),
    }
}

/// Run a `sitrep eval` subcommand.
pub fn eval(cmd: EvalCmd) -> Result<()> {
    match cmd {
        EvalCmd::Pos(a) => eval_pos(&a),
        EvalCmd::Ner(a) => eval_ner(&a),
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
    eprintln!(
        "wrote {} ({} words) in {:.1}s",
        a.out.display(),
        words.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn load_clusters(path: &Path) -> Result<WordClusters> {
    if !path.exists() {
        eprintln!(
            "no cluster file at {}: training without clusters",
            path.display()
        );
        return Ok(WordClusters::empty());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
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
    eprintln!(
        "training POS on {} sentences, {} cluster words",
        data.len(),
        clusters.len()
    );
    let opts = PosTrainOptions {
        epochs: a.epochs,
        ..Default::default()
    };
    let t = Instant::now();
    let model = PosTagger::train(&data, clusters, &opts, &mut |e, acc| {
        eprintln!("epoch {e}: train accuracy {:.2}%", acc * 100.0);
    });
    write_model(&a.out, &model.to_bytes(), model.n_features(), t)
}

/// Writes a trained model file and says what was written.
fn write_model(out: &Path, bytes: &[u8], features: usize, started: Instant) -> Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {:.1}s",
        out.display(),
        bytes.len(),
        features,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn load_pos(model: &Option<PathBuf>) -> Result<PosTagger> {
    let t = Instant::now();
    let m = match model {
        Some(p) => PosTagger::load(p)?,
        None => PosTagger::embedded().clone(),
    };
    eprintln!(
        "POS model loaded in {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
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

fn train_ner(a: &TrainNerArgs) -> Result<()> {
    let t = Instant::now();
    let pos = load_pos(&a.pos_model)?;
    let lexicon = PhraseGazetteer::builtin();
    let gaz = gazetteer(&a.gazetteer)?;
    let mut examples = Vec::new();
    for (ci, c) in ner_corpora(&a.data, a.grobid_xml)?.into_iter().enumerate() {
        if a.skip.iter().any(|s| s == c.name) {
            continue;
        }
        let times = a
            .repeat
            .iter()
            .filter_map(|r| r.split_once('='))
            .find(|(n, _)| *n == c.name)
            .map_or(Ok(1), |(_, k)| k.parse::<usize>())
            .with_context(|| format!("--repeat for {}", c.name))?;
        let before = examples.len();
        for s in c.train.iter().cycle().take(c.train.len() * times) {
            let mut ex = datasets::ner_example(c.name, s, &pos, lexicon, gaz.as_ref());
            if !a.domain_shared.iter().any(|n| n == c.name) {
                ex.domain = (ci + 1).min(255) as u8;
            }
            examples.push(ex);
        }
        let toks: usize = examples[before..].iter().map(|e| e.words.len()).sum();
        eprintln!(
            "{:<10} {:>6} sentences {:>7} tokens",
            c.name,
            examples.len() - before,
            toks
        );
    }
    let clusters = load_clusters(&a.clusters)?;
    eprintln!(
        "training NER on {} sentences ({:.1}s to prepare)",
        examples.len(),
        t.elapsed().as_secs_f64()
    );
    let opts = NerTrainOptions {
        epochs: a.epochs,
        prune: a.prune,
        domain_adapt: a.domain_adapt,
        domain_priors_only: a.domain_priors_only,
        ..Default::default()
    };
    let mut model = NerTagger::train(&examples, clusters, &opts, &mut |e, ok| {
        eprintln!(
            "epoch {e}: {:.2}% of sentences decoded consistently",
            ok * 100.0
        );
    });
    model.o_bias = a.o_bias;
    write_model(&a.out, &model.to_bytes(), model.n_features(), t)
}

fn load_ner(model: &Option<PathBuf>) -> Result<NerTagger> {
    let t = Instant::now();
    let m = match model {
        Some(p) => NerTagger::load(p)?,
        None => NerTagger::embedded().clone(),
    };
    eprintln!(
        "NER model loaded in {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    Ok(m)
}

type Spans = Vec<(usize, usize, String)>;

/// Tag one sentence and return predicted spans restricted to `types` (GPE folded into LOC
/// unless GPE is itself evaluated).
fn predict(
    ner: &NerTagger,
    pos: &PosTagger,
    gaz: &dyn Gazetteer,
    words: &[&str],
    types: &[EntityType],
) -> (Vec<Upos>, Spans) {
    let tags = pos.tag(words);
    let spans = ner
        .tag(words, &tags, gaz)
        .into_iter()
        .filter_map(|s| {
            let l = if s.label == EntityType::Gpe && !types.contains(&EntityType::Gpe) {
                EntityType::Loc
            } else {
                s.label
            };
            types
                .contains(&l)
                .then(|| (s.start, s.end, l.as_str().to_string()))
        })
        .collect();
    (tags, spans)
}

fn eval_ner(a: &EvalNerArgs) -> Result<()> {
    let mut ner = load_ner(&a.model)?;
    if let Some(b) = a.o_bias {
        ner.o_bias = b;
    }
    let pos = load_pos(&a.pos_model)?;
    let lexicon = PhraseGazetteer::builtin();
    let gz = gazetteer(&a.gazetteer)?;
    let gaz = gz.as_ref();
    if a.heldout {
        let mut all = EntityScores::default();
        let mut shown = 0;
        for c in ner_corpora(&a.data, false)? {
            if c.heldout.is_empty() {
                continue;
            }
            let unl = datasets::unlabelled_types(c.name);
            let types: Vec<EntityType> = EntityType::ALL
                .into_iter()
                .filter(|t| *t != EntityType::Gpe && !unl.contains(t))
                .collect();
            let mut scores = EntityScores::default();
            for s in &c.heldout {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                let (tags, mut pred) = predict(&ner, &pos, gaz, &words, &types);
                let (typed, any) = datasets::gold_spans(c.name, s, &tags, lexicon);
                pred.retain(|p| !any.contains(&(p.0, p.1)));
                let gold: Spans = typed
                    .into_iter()
                    .filter(|g| types.contains(&g.2))
                    .map(|(a, b, t)| (a, b, t.as_str().to_string()))
                    .collect();
                if shown < a.show_errors && gold != pred {
                    shown += 1;
                    show_error(&words, &gold, &pred);
                }
                scores.add(&gold, &pred);
                all.add(&gold, &pred);
            }
            let toks: usize = c.heldout.iter().map(|s| s.words.len()).sum();
            println!(
                "== {} held-out ({} sentences, {toks} tokens)\n{}",
                c.name,
                c.heldout.len(),
                scores.table()
            );
        }
        println!("== all held-out sets (micro)\n{}", all.table());
        return Ok(());
    }
    let Some(file) = &a.conll else {
        bail!("give --conll FILE or --heldout")
    };
    let name = file.to_string_lossy();
    let sents = if name.ends_with(".csv") || name.ends_with(".csv.gz") {
        read_gmb_csv(file)?
    } else {
        read_ner_columns(file)?
    };
    if sents.is_empty() {
        bail!("{}: no sentences", file.display());
    }
    let map: Option<Vec<(String, Option<EntityType>)>> = match &a.map {
        None => None,
        Some(m) => Some(
            m.split(',')
                .filter(|x| !x.is_empty())
                .map(|kv| {
                    let (k, v) = kv
                        .split_once('=')
                        .with_context(|| format!("bad --map entry {kv}"))?;
                    let t = if v.is_empty() {
                        None
                    } else {
                        Some(EntityType::parse(v).with_context(|| format!("unknown type {v}"))?)
                    };
                    Ok((k.to_string(), t))
                })
                .collect::<Result<_>>()?,
        ),
    };
    let mut gold_all = Vec::with_capacity(sents.len());
    let mut types: Vec<EntityType> = Vec::new();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let mut gold: Vec<(usize, usize, EntityType)> = Vec::new();
        for sp in decode_spans(&s.tags) {
            let t = match &map {
                Some(m) => m.iter().find(|(k, _)| *k == sp.label).and_then(|(_, t)| *t),
                None => {
                    let tags = vec![Upos::X; sp.end - sp.start];
                    match datasets::map_source_label(
                        "other",
                        &sp.label,
                        &words[sp.start..sp.end],
                        &tags,
                        lexicon,
                    ) {
                        Target::Type(t) => Some(t),
                        _ => None,
                    }
                }
            };
            if let Some(t) = t {
                if !types.contains(&t) {
                    types.push(t);
                }
                gold.push((sp.start, sp.end, t));
            }
        }
        gold_all.push(gold);
    }
    if let Some(m) = &map {
        for t in m.iter().filter_map(|x| x.1) {
            if !types.contains(&t) {
                types.push(t);
            }
        }
    }
    let mut scores = EntityScores::default();
    let mut shown = 0;
    let t = Instant::now();
    let mut ntok = 0;
    for (s, gold) in sents.iter().zip(gold_all) {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        ntok += words.len();
        let (_, pred) = predict(&ner, &pos, gaz, &words, &types);
        let gold: Spans = gold
            .into_iter()
            .map(|(a, b, t)| (a, b, t.as_str().to_string()))
            .collect();
        if shown < a.show_errors && gold != pred {
            shown += 1;
            show_error(&words, &gold, &pred);
        }
        scores.add(&gold, &pred);
    }
    println!(
        "== {} ({} sentences, {ntok} tokens, POS+NER {:.0} tokens/s)\n{}",
        file.display(),
        sents.len(),
        ntok as f64 / t.elapsed().as_secs_f64(),
        scores.table()
    );
    Ok(())
}

fn show_error(words: &[&str], gold: &Spans, pred: &Spans) {
    let fmt = |s: &Spans| {
        s.iter()
            .map(|(a, b, t)| format!("[{} {t}]", words[*a..*b].join(" ")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "  {}\n    gold: {}\n    pred: {}",
        words.join(" "),
        fmt(gold),
        fmt(pred)
    );
}

/// Read the GMB/Kaggle `Sentence #,Word,POS,Tag` CSV (Windows-1252; gzip allowed).
fn read_gmb_csv(path: &Path) -> Result<Vec<NerSentence>> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&raw[..]), &mut out)
            .with_context(|| format!("gunzipping {}", path.display()))?;
        out
    } else {
        raw
    };
    // Windows-1252 → char: close enough for scoring (only the 0x80–0x9F block differs from Latin-1).
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let mut out: Vec<NerSentence> = Vec::new();
    for line in text.lines().skip(1) {
        let line = line.trim_end_matches('\r');
        let Some((rest, tag)) = line.rsplit_once(',') else {
            continue;
        };
        let Some((rest, _pos)) = rest.rsplit_once(',') else {
            continue;
        };
        let Some((sent, word)) = rest.split_once(',') else {
            continue;
        };
        if !sent.is_empty() || out.is_empty() {
            out.push(NerSentence::default());
        }
        let word = word
            .strip_prefix('"')
            .and_then(|w| w.strip_suffix('"'))
            .map_or(word.to_string(), |w| w.replace("\"\"", "\""));
        if let Some(s) = out.last_mut() {
            s.words.push(word);
            s.tags.push(tag.to_string());
        }
    }
    Ok(out)
}

/// Seconds of CPU time of the calling thread (Linux `/proc/thread-self/schedstat`), or of wall
/// time where that is unavailable.
struct ThreadClock {
    start: Instant,
    cpu: bool,
}

impl ThreadClock {
    fn new() -> ThreadClock {
        ThreadClock {
            start: Instant::now(),
            cpu: Self::cpu_ns().is_some(),
        }
    }
    fn cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }
    fn now(&self) -> f64 {
        match (self.cpu, Self::cpu_ns()) {
            (true, Some(ns)) => ns as f64 / 1e9,
            _ => self.start.elapsed().as_secs_f64(),
        }
    }
    fn kind(&self) -> &'static str {
        if self.cpu {
            "thread CPU time"
        } else {
            "wall-clock time"
        }
    }
}

/// Run `sitrep bench-nlp`.
pub fn bench(a: &BenchArgs) -> Result<()> {
    let t = Instant::now();
    let pos = PosTagger::embedded();
    let pos_load = t.elapsed();
    let t = Instant::now();
    let loaded;
    let ner = match &a.ner_model {
        Some(p) => {
            loaded = NerTagger::load(p)?;
            &loaded
        }
        None => NerTagger::embedded(),
    };
    let ner_load = t.elapsed();
    let t = Instant::now();
    let gz = gazetteer(&a.gazetteer)?;
    gz.tag(&["warm", "up"]);
    let gaz_load = t.elapsed();
    let gaz = gz.as_ref();
    let text = match &a.file {
        Some(f) => sitrep_nlp::corpus::read_text(f)?,
        None => {
            let f = a
                .data
                .join("news/wikinews-semeval2015-task4/wikinews_semeval2015_task4.jsonl");
            let raw = sitrep_nlp::corpus::read_text(&f)?;
            let mut out = String::new();
            for line in raw.lines() {
                let v: serde_json::Value = serde_json::from_str(line)?;
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    out.push_str(t);
                    out.push('\n');
                }
            }
            out
        }
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    // Times are this thread's CPU time where Linux reports it (robust on a busy machine),
    // wall-clock time otherwise.
    let clock = ThreadClock::new();
    // Baseline: whitespace tokenisation of the same text.
    let t = clock.now();
    let mut n = 0usize;
    for _ in 0..a.repeat {
        for l in &lines {
            let toks: Vec<&str> = l.split_whitespace().collect();
            n += std::hint::black_box(toks).len();
        }
    }
    let ws = clock.now() - t;
    let sents: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let (mut tpos, mut tgaz, mut tner, mut spans) = (0f64, 0f64, 0f64, 0usize);
    for _ in 0..a.repeat {
        let t0 = clock.now();
        let tags: Vec<Vec<Upos>> = sents.iter().map(|s| pos.tag(s)).collect();
        let t1 = clock.now();
        let classes: Vec<_> = sents.iter().map(|s| gaz.tag(s)).collect();
        let t2 = clock.now();
        for ((s, p), g) in sents.iter().zip(&tags).zip(&classes) {
            let labels = ner.labels(s, p, g);
            spans += sitrep_nlp::ner::spans_from_labels(&labels, g).len();
        }
        let t3 = clock.now();
        tpos += t1 - t0;
        tgaz += t2 - t1;
        tner += t3 - t2;
    }
    let rate = |secs: f64| n as f64 / secs;
    println!(
        "{} sentences, {} tokens per pass, {} passes, {spans} entity spans; timing: {}",
        sents.len(),
        n / a.repeat,
        a.repeat,
        clock.kind()
    );
    println!(
        "model load: POS {:.1} ms, NER {:.1} ms, gazetteer ({}) {:.1} ms",
        pos_load.as_secs_f64() * 1e3,
        ner_load.as_secs_f64() * 1e3,
        a.gazetteer,
        gaz_load.as_secs_f64() * 1e3
    );
    println!("whitespace tokenisation: {:>12.0} tokens/s", rate(ws));
    println!("POS tagging:             {:>12.0} tokens/s", rate(tpos));
    println!(
        "gazetteer ({:<7}):     {:>12.0} tokens/s",
        a.gazetteer,
        rate(tgaz)
    );
    println!("NER tagging:             {:>12.0} tokens/s", rate(tner));
    println!(
        "POS+NER combined:        {:>12.0} tokens/s ({:.0}x the time of whitespace tokenisation)",
        rate(tpos + tner),
        (tpos + tner) / ws
    );
    println!(
        "POS+gazetteer+NER:       {:>12.0} tokens/s ({:.0}x)",
        rate(tpos + tgaz + tner),
        (tpos + tgaz + tner) / ws
    );
    Ok(())
}

/// The gazetteer named on the command line.
fn gazetteer(name: &str) -> Result<Box<dyn Gazetteer>> {
    Ok(match name {
        "kb" => Box::new(sitrep_extract::gazetteer::KbGazetteer(
            sitrep_kb::Kb::global(),
        )),
        "builtin" => Box::new(PhraseGazetteer::builtin().clone()),
        "none" => Box::new(NoGazetteer),
        other => bail!("unknown gazetteer {other:?}: use kb, builtin or none"),
    })
}

/// The NER corpora, optionally with the grobid-ner XML documents added to the grobid set (tokenised by
/// sitrep-core's tokeniser, as articles are at run time).
fn ner_corpora(data: &Path, with_xml: bool) -> Result<Vec<datasets::NerCorpus>> {
    let mut corpora = datasets::ner_corpora(data)?;
    if !with_xml {
        return Ok(corpora);
    }
    let tokenize = |s: &str| -> Vec<String> {
        sitrep_core::tokens::tokenize(s)
            .iter()
            .map(|t| s[t.range()].to_string())
            .collect()
    };
    let xml = datasets::grobid_xml(data, &tokenize)?;
    if let Some(g) = corpora.iter_mut().find(|c| c.name == "grobid") {
        g.train.extend(xml);
    }
    Ok(corpora)
}
