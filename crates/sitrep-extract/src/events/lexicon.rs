//! The data the event layer reads: the trigger lexicon (`data/lexicon/triggers.tsv`), modality cues
//! (`data/lexicon/modality.tsv`) and the CAMEO tables (`data/cameo/*.tsv`).
//!
//! The files are embedded at compile time and parsed once. A lexicon form is matched against
//! lower-cased tokens; multi-word forms ("state of emergency", "take part") match token runs.
//! Regular inflections are generated here so the data lists only lemmas and irregular forms.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the lexicon is looked up once per token, and SipHash showed in profiles.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map keyed by short words, with [`Fnv`].
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

static TRIGGERS_TSV: &str = include_str!("../../../../data/lexicon/triggers.tsv");
static MODALITY_TSV: &str = include_str!("../../../../data/lexicon/modality.tsv");
static CAMEO_TSV: &str = include_str!("../../../../data/cameo/cameo.tsv");
static MODALITY_CODES_TSV: &str = include_str!("../../../../data/cameo/modality_codes.tsv");

/// What a lexicon row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A verb trigger.
    Verb,
    /// A noun trigger.
    Noun,
    /// A light verb carrying a noun trigger.
    Support,
    /// A general word for weapons.
    Arms,
    /// A noun naming a deal's contents.
    Bundle,
    /// A word for troops or armed forces.
    Force,
    /// A word that makes a sentence military ("air force", "combat").
    Military,
    /// A word that makes a sentence civilian ("airline", "passenger").
    Civil,
    /// A phrase in which a trigger word is no trigger ("hails from").
    Block,
}

/// How a trigger's sentence roles map onto the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// Subject acts on an object or prepositional target.
    Directed,
    /// Everyone named takes part.
    Joint,
    /// Only a subject.
    Actor,
    /// Arms: the subject receives.
    Acquire,
    /// Arms: the subject supplies.
    Supply,
    /// Arms: the deal is called off.
    Cancel,
    /// The subject visits; the place's country hosts.
    Visit,
}

/// What must be in the clause for the trigger to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing.
    Nothing,
    /// A weapon.
    Arms,
    /// Troops, forces or weapons.
    Forces,
}

/// One lexicon row.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The lemma (first form of the row).
    pub lemma: String,
    /// Row type.
    pub pos: Pos,
    /// Event kind.
    pub kind: String,
    /// CAMEO code of the asserted event.
    pub cameo: Option<String>,
    /// Role mapping.
    pub frame: Frame,
    /// Clause requirement.
    pub needs: Needs,
    /// Register status of an asserted arms event.
    pub status: Option<String>,
}

/// The modality a cue expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Modality {
    /// Happened or happening.
    Asserted,
    /// Agreed but not yet done.
    Agreed,
    /// Planned or scheduled.
    Planned,
    /// Expected by someone.
    Expected,
    /// Wanted.
    Desired,
    /// Conditional or possible.
    Hypothetical,
    /// Did not or will not happen.
    Negated,
}

impl Modality {
    /// The schema word.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Agreed => "agreed",
            Modality::Planned => "planned",
            Modality::Expected => "expected",
            Modality::Desired => "desired",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
        }
    }

    fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "agreed" => Modality::Agreed,
            "planned" => Modality::Planned,
            "expected" => Modality::Expected,
            "desired" => Modality::Desired,
            "hypothetical" => Modality::Hypothetical,
            "negated" => Modality::Negated,
            _ => return None,
        })
    }
}

/// Where a modality cue applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueScope {
    /// In the trigger's verb chain.
    Chain,
    /// Over the rest of the sentence.
    Left,
    /// Only before a place phrase.
    Place,
    /// "would": planned when reported, else hypothetical.
    Reported,
    /// Marks an unconfirmed report.
    Rumour,
}

/// A modality cue.
#[derive(Debug, Clone)]
pub struct Cue {
    /// The modality it expresses (`None` for rumour cues).
    pub modality: Option<Modality>,
    /// Where it applies.
    pub scope: CueScope,
}

/// A CAMEO code with its QuadClass, Goldstein value and PLOVER type.
#[derive(Debug, Clone)]
pub struct CameoCode {
    /// Code name from the manual.
    pub name: String,
    /// QuadClass 1–4.
    pub quad_class: u8,
    /// Goldstein scale value.
    pub goldstein: f64,
    /// PLOVER event type, where one maps.
    pub plover: Option<String>,
}

/// The loaded tables.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Trigger rows.
    pub entries: Vec<Entry>,
    /// First word of a form → (all words of the form, row index).
    forms: FnvMap<String, Vec<(Vec<String>, usize)>>,
    /// Modality cues: first word → (all words, cue).
    cues: FnvMap<String, Vec<(Vec<String>, Cue)>>,
    /// CAMEO code → facts.
    pub cameo: HashMap<String, CameoCode>,
    /// (kind, modality) → CAMEO code.
    pub modality_codes: HashMap<(String, Modality), String>,
}

/// A lexicon match at a token position.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    /// Row index.
    pub entry: usize,
    /// Number of tokens matched.
    pub len: usize,
}

/// The shared lexicon.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::load)
}

fn data_rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn dash(s: &str) -> Option<String> {
    (s != "-" && !s.is_empty()).then(|| s.to_string())
}

/// Regular verb forms: lemma, -s, -ed, -ing.
fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let b = lemma.as_bytes();
    let last = b.last().copied().unwrap_or(b' ');
    let before_last = if b.len() >= 2 { b[b.len() - 2] } else { b' ' };
    let vowel = |c: u8| b"aeiou".contains(&c);
    out.push(plural(lemma));
    if last == b'e' {
        out.push(format!("{lemma}d"));
        if before_last != b'e' {
            out.push(format!("{}ing", &lemma[..lemma.len() - 1]));
        } else {
            out.push(format!("{lemma}ing"));
        }
    } else if last == b'y' && !vowel(before_last) {
        out.push(format!("{}ied", &lemma[..lemma.len() - 1]));
        out.push(format!("{lemma}ing"));
    } else {
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
    }
    out
}

/// Regular plural / third-person singular.
fn plural(word: &str) -> String {
    let b = word.as_bytes();
    let last = b.last().copied().unwrap_or(b' ');
    let before_last = if b.len() >= 2 { b[b.len() - 2] } else { b' ' };
    if word.ends_with("ch") || word.ends_with("sh") || matches!(last, b's' | b'x' | b'z') {
        format!("{word}es")
    } else if last == b'y' && !b"aeiou".contains(&before_last) {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

fn words_of(form: &str) -> Vec<String> {
    form.split_whitespace().map(str::to_lowercase).collect()
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut lex = Lexicon::default();
        for row in data_rows(TRIGGERS_TSV) {
            if row.len() < 7 {
                continue;
            }
            let pos = match row[1] {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                "support" => Pos::Support,
                "arms" => Pos::Arms,
                "bundle" => Pos::Bundle,
                "force" => Pos::Force,
                "military" => Pos::Military,
                "civil" => Pos::Civil,
                "block" => Pos::Block,
                _ => continue,
            };
            let frame = match row[4] {
                "joint" => Frame::Joint,
                "actor" => Frame::Actor,
                "acquire" => Frame::Acquire,
                "supply" => Frame::Supply,
                "cancel" => Frame::Cancel,
                "visit" => Frame::Visit,
                _ => Frame::Directed,
            };
            let needs = match row[5] {
                "arms" => Needs::Arms,
                "forces" => Needs::Forces,
                _ => Needs::Nothing,
            };
            let listed: Vec<&str> = row[0].split('|').map(str::trim).collect();
            let lemma = listed[0].to_string();
            let idx = lex.entries.len();
            lex.entries.push(Entry {
                lemma: lemma.clone(),
                pos,
                kind: row[2].to_string(),
                cameo: dash(row[3]),
                frame,
                needs,
                status: dash(row[6]),
            });
            let mut forms: Vec<String> = Vec::new();
            if !lemma.contains(' ') {
                match pos {
                    Pos::Verb | Pos::Support => forms.extend(verb_forms(&lemma)),
                    _ => forms.extend([lemma.clone(), plural(&lemma)]),
                }
            }
            forms.extend(listed.iter().map(|s| s.to_string()));
            forms.sort();
            forms.dedup();
            for form in forms {
                let words = words_of(&form);
                if let Some(first) = words.first().cloned() {
                    lex.forms.entry(first).or_default().push((words, idx));
                }
            }
        }
        for row in data_rows(MODALITY_TSV) {
            if row.len() < 3 {
                continue;
            }
            let scope = match row[2] {
                "left" => CueScope::Left,
                "place" => CueScope::Place,
                "reported" => CueScope::Reported,
                "rumour" => CueScope::Rumour,
                _ => CueScope::Chain,
            };
            let modality = Modality::parse(row[1]);
            for form in row[0].split('|') {
                let words = words_of(form);
                if let Some(first) = words.first().cloned() {
                    lex.cues
                        .entry(first)
                        .or_default()
                        .push((words, Cue { modality, scope }));
                }
            }
        }
        for row in data_rows(CAMEO_TSV) {
            if row.len() < 5 {
                continue;
            }
            let (Ok(quad_class), Ok(goldstein)) = (row[2].parse(), row[3].parse()) else {
                continue;
            };
            lex.cameo.insert(
                row[0].to_string(),
                CameoCode {
                    name: row[1].to_string(),
                    quad_class,
                    goldstein,
                    plover: dash(row[4]),
                },
            );
        }
        // Longest form first, so that `matches_at` needs no sort (a stable sort keeps the
        // table order among forms of one length).
        for cands in lex.forms.values_mut() {
            cands.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        for row in data_rows(MODALITY_CODES_TSV) {
            if row.len() < 3 {
                continue;
            }
            if let Some(m) = Modality::parse(row[1]) {
                lex.modality_codes
                    .insert((row[0].to_string(), m), row[2].to_string());
            }
        }
        lex
    }

    /// Every lexicon row matching at token `i` of `words` (lower-cased), longest first.
    pub fn matches_at<S: AsRef<str>>(&self, words: &[S], i: usize) -> Vec<Match> {
        let mut out = Vec::new();
        let Some(cands) = words.get(i).and_then(|w| self.forms.get(w.as_ref())) else {
            return out;
        };
        for (form, entry) in cands {
            if i + form.len() <= words.len()
                && form.iter().zip(&words[i..]).all(|(a, b)| a == b.as_ref())
            {
                out.push(Match {
                    entry: *entry,
                    len: form.len(),
                });
            }
        }
        // Candidates are stored longest first.
        out
    }

    /// Does any row of type `pos` match at token `i`? Returns the match length.
    pub fn is_pos_at<S: AsRef<str>>(&self, words: &[S], i: usize, pos: Pos) -> Option<usize> {
        self.matches_at(words, i)
            .into_iter()
            .find(|m| self.entries[m.entry].pos == pos)
            .map(|m| m.len)
    }

    /// Modality cues matching at token `i`, with their length.
    pub fn cues_at<S: AsRef<str>>(&self, words: &[S], i: usize) -> Vec<(usize, &Cue)> {
        let mut out = Vec::new();
        if let Some(cands) = words.get(i).and_then(|w| self.cues.get(w.as_ref())) {
            for (form, cue) in cands {
                if i + form.len() <= words.len()
                    && form.iter().zip(&words[i..]).all(|(a, b)| a == b.as_ref())
                {
                    out.push((form.len(), cue));
                }
            }
        }
        out
    }

    /// The CAMEO code for an event of `kind` with `modality`, given the trigger's own code.
    pub fn code_for(&self, kind: &str, modality: Modality, own: Option<&str>) -> Option<String> {
        self.modality_codes
            .get(&(kind.to_string(), modality))
            .cloned()
            .or_else(|| own.map(str::to_string))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let lex = lexicon();
        assert!(lex.entries.len() > 100);
        assert_eq!(lex.cameo.get("1724").map(|c| c.quad_class), Some(4));
        assert_eq!(lex.cameo.get("057").map(|c| c.goldstein), Some(8.0));
    }

    #[test]
    fn inflections_are_generated() {
        let lex = lexicon();
        for w in [
            "buys", "bought", "buying", "supplied", "praised", "hailed", "drills",
        ] {
            assert!(!lex.matches_at(&[w], 0).is_empty(), "{w}");
        }
        let words = ["state", "of", "emergency"];
        assert_eq!(lex.matches_at(&words, 0)[0].len, 3);
    }

    #[test]
    fn every_code_used_is_in_the_cameo_table() {
        let lex = lexicon();
        for e in &lex.entries {
            if let Some(c) = &e.cameo {
                assert!(
                    lex.cameo.contains_key(c),
                    "{} uses unknown code {c}",
                    e.lemma
                );
            }
        }
        for c in lex.modality_codes.values() {
            assert!(lex.cameo.contains_key(c), "unknown code {c}");
        }
    }
}
