//! Where the training and evaluation corpora live under the shared data directory, and how each
//! is split into training and held-out parts.
//!
//! Only sets cleared for a shipped model are listed here: UD English-GUM, re3d `BBC_Online` and the
//! GMB/Kaggle set are never read for training (see `MODELS.md`).

use std::path::{Path, PathBuf};

use crate::corpus::{read_conllu, read_ner_columns, read_text, CorpusError, NerSentence};
use crate::features::normalise;
use crate::gazetteer::{Gazetteer, PhraseGazetteer};
use crate::ner::{begin_label, inside_label, EntityType, NerExample};
use crate::pos::{PosTagger, Upos};

/// An NER corpus split into the part we train on and the part we hold out.
#[derive(Debug, Clone)]
pub struct NerCorpus {
    /// Short name used in reports (`uner-ewt`, `wikigold`, …).
    pub name: &'static str,
    /// Sentences used for training.
    pub train: Vec<NerSentence>,
    /// Sentences held out for evaluation.
    pub heldout: Vec<NerSentence>,
}

fn p(data: &Path, rel: &str) -> PathBuf {
    data.join(rel)
}

/// UD English-EWT train sentences with their UPOS tags.
pub fn ewt_train(data: &Path) -> Result<Vec<crate::corpus::TreebankSentence>, CorpusError> {
    read_conllu(&p(data, "ud/en_ewt/en_ewt-ud-train.conllu.gz"))
}

/// The CrossNER domains.
pub const CROSSNER_DOMAINS: [&str; 5] = ["politics", "ai", "literature", "music", "science"];

/// Load every NER training corpus with its held-out part.
pub fn ner_corpora(data: &Path) -> Result<Vec<NerCorpus>, CorpusError> {
    let mut out = Vec::new();
    let cols = |rel: &str| read_ner_columns(&p(data, rel));
    out.push(NerCorpus {
        name: "uner-ewt",
        train: cols(
            "ner/uner-en-ewt/prerelease-train/en_ewt-ud-train.prerelease-20221202.iob2.gz",
        )?,
        heldout: cols("ner/uner-en-ewt/en_ewt-ud-test.iob2.gz")?,
    });
    // wikigold: every fifth document held out.
    let wg = cols("ner/wikigold/wikigold.conll.txt")?;
    let (heldout, train): (Vec<_>, Vec<_>) = wg.into_iter().partition(|s| s.doc % 5 == 0);
    out.push(NerCorpus {
        name: "wikigold",
        train,
        heldout,
    });
    let mut ctrain = Vec::new();
    let mut ctest = Vec::new();
    for d in CROSSNER_DOMAINS {
        ctrain.extend(cols(&format!("ner/crossner/{d}/train.txt"))?);
        ctest.extend(cols(&format!("ner/crossner/{d}/test.txt"))?);
    }
    out.push(NerCorpus {
        name: "crossner",
        train: ctrain,
        heldout: ctest,
    });
    out.push(NerCorpus {
        name: "btc",
        train: cols("ner/broad-twitter-corpus/splits/btc.train.conll.gz")?,
        heldout: cols("ner/broad-twitter-corpus/splits/btc.test.conll.gz")?,
    });
    out.push(NerCorpus {
        name: "wnut17",
        train: cols("ner/wnut17/wnut17train.conll.gz")?,
        heldout: cols("ner/wnut17/emerging.dev.conll.gz")?,
    });
    out.push(re3d(data)?);
    out.push(NerCorpus {
        name: "grobid",
        train: cols("ner/grobid-ner-wikipedia/wikipedia.ner26.train.gz")?,
        heldout: Vec::new(),
    });
    out.push(NerCorpus {
        name: "sec",
        train: cols("ner/sec-filings/FIN5.train.conll.gz")?,
        heldout: cols("ner/sec-filings/FIN3.test.conll.gz")?,
    });
    Ok(out)
}

/// The grobid-ner Wikipedia XML files not already in the column file (Brexit, Holocaust,
/// World War Z), tokenised with `tokenize` (use the run-time tokeniser).
pub fn grobid_xml(
    data: &Path,
    tokenize: &dyn Fn(&str) -> Vec<String>,
) -> Result<Vec<NerSentence>, CorpusError> {
    let mut out = Vec::new();
    for f in [
        "Wikipedia_brexit.1.en.training.xml.gz",
        "Wikipedia_brexit.2.en.training.xml.gz",
        "Wikipedia_holocaust.1.en.training.xml.gz",
        "Wikipedia_holocaust.2.training.xml.gz",
        "Wikipedia_worldWarZ.en.training.xml.gz",
    ] {
        let text = read_text(&p(data, &format!("ner/grobid-ner-wikipedia/xml/{f}")))?;
        out.extend(crate::corpus::parse_enamex_xml(&text, tokenize));
    }
    Ok(out)
}

/// re3d CoNLL documents except `BBC_Online` (non-commercial); every fifth document per source
/// (sorted by file name) is held out.
pub fn re3d(data: &Path) -> Result<NerCorpus, CorpusError> {
    let root = p(data, "ner/re3d/conll-by-source");
    let io = |source| CorpusError::Io {
        path: root.display().to_string(),
        source,
    };
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    sources.sort();
    let (mut train, mut heldout) = (Vec::new(), Vec::new());
    for src in sources
        .iter()
        .filter(|s| s.is_dir() && !s.ends_with("BBC_Online"))
    {
        let io = |source| CorpusError::Io {
            path: src.display().to_string(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(src)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.retain(|f| f.extension().is_some_and(|e| e == "conll"));
        files.sort();
        for (i, f) in files.iter().enumerate() {
            let mut s = read_ner_columns(f)?;
            for x in &mut s {
                x.doc = i;
            }
            if i % 5 == 0 {
                heldout.extend(s);
            } else {
                train.extend(s);
            }
        }
    }
    Ok(NerCorpus {
        name: "re3d",
        train,
        heldout,
    })
}

/// Lower-cased, quote-normalised sentences for cluster induction: EWT train, the training parts
/// of the NER corpora, and the Wikinews articles (held-out parts are not used).
pub fn cluster_text(data: &Path) -> Result<Vec<Vec<String>>, CorpusError> {
    let lower = |w: &str| normalise(w).to_lowercase();
    let mut out: Vec<Vec<String>> = Vec::new();
    for s in ewt_train(data)? {
        out.push(s.words.iter().map(|w| lower(w)).collect());
    }
    for c in ner_corpora(data)? {
        for s in &c.train {
            out.push(s.words.iter().map(|w| lower(w)).collect());
        }
    }
    let news = read_text(&p(
        data,
        "news/wikinews-semeval2015-task4/wikinews_semeval2015_task4.jsonl",
    ))?;
    for line in news.lines() {
        if let Some(text) = json_string_field(line, "text") {
            for sent in text.lines() {
                let words: Vec<String> = sent.split_whitespace().map(lower).collect();
                if !words.is_empty() {
                    out.push(words);
                }
            }
        }
    }
    Ok(out)
}

/// Extract a top-level string field from one JSON object line (enough for the Wikinews file;
/// handles the standard escapes).
fn json_string_field(line: &str, field: &str) -> Option<String> {
    let pat = format!("\"{field}\": \"");
    let start = line.find(&pat)? + pat.len();
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?).unwrap_or(' '));
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_field() {
        let l = r#"{"id": "x", "text": "a \"b\"\nc \u00e9"}"#;
        assert_eq!(json_string_field(l, "text").unwrap(), "a \"b\"\nc é");
    }
}

/// What a source label means for our tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One of our types.
    Type(EntityType),
    /// Not a name we tag.
    Outside,
    /// Unknown: any label is acceptable on these tokens (concept types of CrossNER).
    Any,
}

/// Types a corpus never annotates; its O tokens may be any of these (see [`crate::ner`]).
pub fn unlabelled_types(corpus: &str) -> &'static [EntityType] {
    use EntityType::*;
    match corpus {
        "uner-ewt" | "btc" => &[Norp, Weapon, Misc],
        "wnut17" => &[Norp, Weapon],
        "re3d" => &[Misc],
        "grobid" => &[],
        _ => &[Weapon], // wikigold, crossner, sec
    }
}

fn is_demonym(words: &[&str], gaz: &PhraseGazetteer) -> bool {
    !words.is_empty()
        && words
            .iter()
            .all(|w| gaz.class_of_word(w) == Some("DEMONYM"))
}

fn is_named(words: &[&str], pos: &[Upos]) -> bool {
    pos.contains(&Upos::PROPN) || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
}

fn capitalised(words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Map a source label (prefix removed) of `corpus` to our types. `words`/`pos` are the span's.
/// Follows the table in `shared/data/SOURCES.md`.
pub fn map_source_label(
    corpus: &str,
    label: &str,
    words: &[&str],
    pos: &[Upos],
    gaz: &PhraseGazetteer,
) -> Target {
    use EntityType::*;
    use Target::*;
    let misc_or_norp = if is_demonym(words, gaz) {
        Type(Norp)
    } else {
        Type(Misc)
    };
    match corpus {
        "re3d" => match label {
            "Person" | "Organisation" | "Location" if !is_named(words, pos) => Outside,
            "Person" => Type(Person),
            "Organisation" => Type(Org),
            "Location" => Type(Loc),
            "Nationality" => Type(Norp),
            "Weapon" | "MilitaryPlatform" if is_named(words, pos) => Type(Weapon),
            _ => Outside,
        },
        "grobid" => match label {
            "PERSON" => Type(Person),
            "ORGANISATION" | "INSTITUTION" | "BUSINESS" | "MEDIA" | "SPORT_TEAM" => Type(Org),
            "LOCATION" | "INSTALLATION" => Type(Loc),
            "NATIONAL" => Type(Norp),
            // Group nouns: nationalities, religions, parties ("Jews", "Nazis") but not "Women".
            "PERSON_TYPE"
                if is_demonym(words, gaz) || (capitalised(words) && pos.contains(&Upos::PROPN)) =>
            {
                Type(Norp)
            }
            "ARTIFACT" if is_named(words, pos) => Type(Weapon),
            "EVENT" | "LEGAL" | "CREATION" | "AWARD" => Type(Misc),
            _ => Outside,
        },
        "crossner" => match label {
            "person" | "politician" | "researcher" | "writer" | "musicalartist" | "scientist" => {
                Type(Person)
            }
            "organisation" | "politicalparty" | "university" | "band" => Type(Org),
            "country" | "location" => Type(Loc),
            "event" | "election" | "misc" | "award" | "book" | "poem" | "song" | "album"
            | "magazine" => misc_or_norp,
            _ => Any,
        },
        "wnut17" => match label {
            "person" => Type(Person),
            "location" => Type(Loc),
            "corporation" | "group" => Type(Org),
            "product" | "creative-work" => Type(Misc),
            _ => Outside,
        },
        // PER/ORG/LOC(/MISC, OTH) sets: uner-ewt, wikigold, btc, sec, and external files.
        _ => match label {
            "PER" | "PERSON" => Type(Person),
            "ORG" => Type(Org),
            "LOC" | "GPE" => Type(Loc),
            "MISC" | "OTH" => misc_or_norp,
            _ => Outside,
        },
    }
}

/// Typed gold spans `(start, end, type)` and the `(start, end)` of spans whose type is unknown.
pub type GoldSpans = (Vec<(usize, usize, EntityType)>, Vec<(usize, usize)>);

/// Gold spans of a sentence in our types (`Any` spans returned separately).
pub fn gold_spans(corpus: &str, s: &NerSentence, pos: &[Upos], gaz: &PhraseGazetteer) -> GoldSpans {
    let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
    let (mut typed, mut any) = (Vec::new(), Vec::new());
    for sp in s.spans() {
        match map_source_label(
            corpus,
            &sp.label,
            &words[sp.start..sp.end],
            &pos[sp.start..sp.end],
            gaz,
        ) {
            Target::Type(t) => typed.push((sp.start, sp.end, t)),
            Target::Any => any.push((sp.start, sp.end)),
            Target::Outside => {}
        }
    }
    (typed, any)
}

/// Whether an O token of a corpus that never labels `t` could plausibly be part of a `t` name.
///
/// Only such tokens are masked (may take `t` without penalty); elsewhere O stays a hard label, so
/// the big PER/ORG/LOC-only corpora still teach that "President" or "troops" are not WEAPON or
/// MISC. Demonyms come from the lexicon; weapon designations have an upper-case letter and a
/// digit ("S-400", "Su-30SM") or are listed; MISC names are capitalised (sentence-initial words
/// only when tagged PROPN).
fn could_be(
    t: EntityType,
    words: &[&str],
    pos: &[Upos],
    i: usize,
    lexicon: &PhraseGazetteer,
) -> bool {
    let w = words[i];
    let class = lexicon.class_of_word(w);
    match t {
        EntityType::Norp => class == Some("DEMONYM"),
        EntityType::Weapon => {
            class == Some("WEAPON")
                || (w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_uppercase))
        }
        EntityType::Misc => {
            w.chars().next().is_some_and(char::is_uppercase)
                && class != Some("DEMONYM")
                && (i > 0 || pos[i] == Upos::PROPN)
        }
        _ => false,
    }
}

/// Build a training example: POS from `pos`, gazetteer from `gaz`, label sets from the corpus'
/// mapping and its unlabelled types.
///
/// `lexicon` decides which MISC/OTH spans are demonyms (NORP); `features` supplies the gazetteer
/// features the model sees (use the same gazetteer at run time).
pub fn ner_example(
    corpus: &str,
    s: &NerSentence,
    pos: &PosTagger,
    lexicon: &PhraseGazetteer,
    features: &dyn Gazetteer,
) -> NerExample {
    let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
    let tags = pos.tag(&words);
    let (typed, any) = gold_spans(corpus, s, &tags, lexicon);
    let unlabelled = unlabelled_types(corpus);
    let mut allowed: Vec<u16> = (0..words.len())
        .map(|i| {
            let mut bits = 1u16;
            for t in unlabelled {
                if could_be(*t, &words, &tags, i, lexicon) {
                    bits |= (1 << begin_label(*t)) | (1 << inside_label(*t));
                }
            }
            bits
        })
        .collect();
    for (a, b) in any {
        for x in &mut allowed[a..b] {
            *x = u16::MAX;
        }
    }
    for (a, b, t) in typed {
        allowed[a] = 1 << begin_label(t);
        for x in &mut allowed[a + 1..b] {
            *x = 1 << inside_label(t);
        }
    }
    let gz = features.tag(&words);
    NerExample {
        words: s.words.clone(),
        pos: tags,
        gaz: gz
            .iter()
            .map(|g| g.map(|g| (g.class.to_string(), g.begin)))
            .collect(),
        allowed,
        domain: 0,
    }
}

#[cfg(test)]
mod mapping_tests {
    use super::*;

    #[test]
    fn masks_only_plausible_tokens() {
        let lex = PhraseGazetteer::builtin();
        let words = [
            "The",
            "Russian",
            "President",
            "bought",
            "S-400s",
            "from",
            "Bob",
        ];
        let pos = [
            Upos::DET,
            Upos::ADJ,
            Upos::PROPN,
            Upos::VERB,
            Upos::NOUN,
            Upos::ADP,
            Upos::PROPN,
        ];
        let yes = |t, i| could_be(t, &words, &pos, i, lex);
        assert!(yes(EntityType::Norp, 1));
        assert!(!yes(EntityType::Norp, 2));
        assert!(yes(EntityType::Weapon, 4));
        assert!(!yes(EntityType::Weapon, 2));
        assert!(yes(EntityType::Misc, 2));
        assert!(!yes(EntityType::Misc, 0), "sentence-initial non-PROPN");
        assert!(!yes(EntityType::Misc, 3));
        // In a PER/ORG/LOC-only corpus, "President" may not become WEAPON.
        let s = NerSentence {
            doc: 0,
            words: words.iter().map(|w| w.to_string()).collect(),
            tags: vec!["O".into(); 6]
                .into_iter()
                .chain(["B-PER".to_string()])
                .collect(),
        };
        let pos_model = crate::pos::PosTagger::embedded();
        let ex = ner_example("btc", &s, pos_model, lex, &crate::gazetteer::NoGazetteer);
        let weapon = 1u16 << begin_label(EntityType::Weapon);
        assert_eq!(ex.allowed[2] & weapon, 0);
        assert_ne!(ex.allowed[4] & weapon, 0);
        assert_eq!(ex.allowed[6], 1 << begin_label(EntityType::Person));
    }

    #[test]
    fn masks_unlabelled_types_on_o_tokens() {
        let s = NerSentence {
            doc: 0,
            words: vec!["American".into(), "Bob".into(), "spoke".into()],
            tags: vec!["O".into(), "B-PER".into(), "O".into()],
        };
        let gaz = PhraseGazetteer::builtin();
        let tags = [Upos::ADJ, Upos::PROPN, Upos::VERB];
        let (typed, _) = gold_spans("btc", &s, &tags, gaz);
        assert_eq!(typed, vec![(1, 2, EntityType::Person)]);
        assert_eq!(unlabelled_types("btc").len(), 3);
        assert_eq!(
            map_source_label("uner-ewt", "OTH", &["Syrian"], &[Upos::ADJ], gaz),
            Target::Type(EntityType::Norp)
        );
        assert_eq!(
            map_source_label("re3d", "Weapon", &["mortars"], &[Upos::NOUN], gaz),
            Target::Outside
        );
    }
}
