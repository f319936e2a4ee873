//! Readers for annotated corpora: CoNLL-U treebanks and CoNLL-style NER column files.
//!
//! Column files come in many dialects (IOB1, IOB2, BIOES, IO; tab or space separated; UNER's
//! `id form tag - annotator` rows; `-DOCSTART-` lines); [`read_ner_columns`] accepts all of them and
//! [`decode_spans`] turns any of those tag schemes into entity spans.

use std::io::Read;
use std::path::Path;

/// Errors reading a corpus file.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file could not be opened or decompressed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{path} is not UTF-8")]
    Utf8 {
        /// The file.
        path: String,
    },
}

/// Read a whole text file, gunzipping it when it starts with the gzip magic bytes.
pub fn read_text(path: &Path) -> Result<String, CorpusError> {
    let io = |source| CorpusError::Io {
        path: path.display().to_string(),
        source,
    };
    let raw = std::fs::read(path).map_err(io)?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(io)?;
        out
    } else {
        raw
    };
    String::from_utf8(bytes).map_err(|_| CorpusError::Utf8 {
        path: path.display().to_string(),
    })
}

/// One sentence of a treebank.
#[derive(Debug, Clone, Default)]
pub struct TreebankSentence {
    /// `# sent_id`, if given.
    pub id: String,
    /// Word forms (multi-word token ranges and empty nodes skipped).
    pub words: Vec<String>,
    /// Universal POS tags.
    pub upos: Vec<String>,
    /// Language-specific (PTB for English) tags.
    pub xpos: Vec<String>,
}

/// Parse CoNLL-U text.
pub fn parse_conllu(text: &str) -> Vec<TreebankSentence> {
    let mut out = Vec::new();
    let mut cur = TreebankSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur = TreebankSentence::default();
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(id) = c.trim().strip_prefix("sent_id = ") {
                cur.id = id.to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        cur.words.push(cols[1].to_string());
        cur.upos.push(cols[3].to_string());
        cur.xpos.push(cols[4].to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out
}

/// An entity span over token indices (`end` exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The type as written in the source (prefix removed).
    pub label: String,
}

/// One sentence of an NER column file.
#[derive(Debug, Clone, Default)]
pub struct NerSentence {
    /// Document number within the file (incremented at each `-DOCSTART-`).
    pub doc: usize,
    /// Token forms.
    pub words: Vec<String>,
    /// Raw tags as written.
    pub tags: Vec<String>,
}

impl NerSentence {
    /// Entity spans decoded from the tags.
    pub fn spans(&self) -> Vec<Span> {
        decode_spans(&self.tags)
    }
}

/// Parse an NER column file: form in the first column (second for UNER rows, which start with
/// a numeric id and come with `# sent_id` comments), tag in the last (third for UNER).
pub fn parse_ner_columns(text: &str) -> Vec<NerSentence> {
    let uner = text
        .lines()
        .take(50)
        .any(|l| l.starts_with("# sent_id") || l.starts_with("# text"));
    let mut out = Vec::new();
    let mut doc = 0;
    let mut cur = NerSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.doc = doc;
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            doc += 1;
            cur.doc = doc;
            continue;
        }
        if uner && line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let (form, tag) = if uner {
            (cols.get(1).copied(), cols.get(2).copied())
        } else if cols.len() >= 2 {
            (cols.first().copied(), cols.last().copied())
        } else {
            (cols.first().copied(), Some("O"))
        };
        if let (Some(form), Some(tag)) = (form, tag) {
            cur.words.push(form.to_string());
            cur.tags.push(tag.to_string());
        }
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out
}

/// Read and parse an NER column file (gzip transparently).
pub fn read_ner_columns(path: &Path) -> Result<Vec<NerSentence>, CorpusError> {
    Ok(parse_ner_columns(&read_text(path)?))
}

/// Read and parse a CoNLL-U file (gzip transparently).
pub fn read_conllu(path: &Path) -> Result<Vec<TreebankSentence>, CorpusError> {
    Ok(parse_conllu(&read_text(path)?))
}

/// Decode tags in IOB1, IOB2, BIOES/BILOU or plain IO into spans.
///
/// One lenient reading covers all schemes: `B-` always opens a span; `I-`/`M-` continue a span of
/// the same type or open one; `E-`/`L-` close; `S-`/`U-` are single-token spans; unprefixed tags
/// other than `O` are IO tags (continue a same-type span). `O`, stray `B-O` and malformed tags end
/// any open span.
pub fn decode_spans(tags: &[String]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let close = |open: &mut Option<(usize, String)>, spans: &mut Vec<Span>, end: usize| {
        if let Some((start, label)) = open.take() {
            spans.push(Span { start, end, label });
        }
    };
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) if p.len() == 1 && !l.is_empty() => (p, l),
            _ => ("", tag.as_str()),
        };
        if label == "O" || label.is_empty() || label == "0" {
            close(&mut open, &mut spans, i);
            continue;
        }
        let same = matches!(&open, Some((_, l)) if l == label);
        match prefix {
            "B" => {
                close(&mut open, &mut spans, i);
                open = Some((i, label.to_string()));
            }
            "I" | "M" | "" => {
                if !same {
                    close(&mut open, &mut spans, i);
                    open = Some((i, label.to_string()));
                }
            }
            "E" | "L" => {
                if !same {
                    close(&mut open, &mut spans, i);
                    open = Some((i, label.to_string()));
                }
                close(&mut open, &mut spans, i + 1);
            }
            "S" | "U" => {
                close(&mut open, &mut spans, i);
                open = Some((i, label.to_string()));
                close(&mut open, &mut spans, i + 1);
            }
            _ => close(&mut open, &mut spans, i),
        }
    }
    close(&mut open, &mut spans, tags.len());
    spans
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parse grobid-ner style XML: `<sentence>` elements with inline `<ENAMEX type="…">` mentions.
/// Text outside and inside mentions is tokenised separately with `tokenize`, so mention bounds
/// are token bounds; tags come out as IOB2 over the `type` attribute.
pub fn parse_enamex_xml(text: &str, tokenize: &dyn Fn(&str) -> Vec<String>) -> Vec<NerSentence> {
    let mut out = Vec::new();
    let mut doc = 0;
    let mut rest = text;
    while let Some(i) = rest.find("<sentence") {
        if rest[..i].contains("<document") {
            doc += 1;
        }
        let Some(open_end) = rest[i..].find('>') else {
            break;
        };
        let body_start = i + open_end + 1;
        let Some(close) = rest[body_start..].find("</sentence>") else {
            break;
        };
        let mut body = &rest[body_start..body_start + close];
        rest = &rest[body_start + close..];
        let mut sent = NerSentence {
            doc,
            ..Default::default()
        };
        while !body.is_empty() {
            let (plain, after) = match body.find("<ENAMEX") {
                Some(j) => (&body[..j], &body[j..]),
                None => (body, ""),
            };
            for t in tokenize(&unescape_xml(plain)) {
                sent.words.push(t);
                sent.tags.push("O".to_string());
            }
            if after.is_empty() {
                break;
            }
            let Some(gt) = after.find('>') else { break };
            let tag = &after[..gt];
            let label = tag
                .split("type=\"")
                .nth(1)
                .and_then(|x| x.split('"').next())
                .unwrap_or("O")
                .to_string();
            let inner_start = gt + 1;
            let Some(end) = after[inner_start..].find("</ENAMEX>") else {
                break;
            };
            let inner = &after[inner_start..inner_start + end];
            // Drop any nested markup inside the mention.
            let mut clean = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => clean.push(c),
                    _ => {}
                }
            }
            for (k, t) in tokenize(&unescape_xml(&clean)).into_iter().enumerate() {
                sent.words.push(t);
                let tag = if label == "O" {
                    "O".to_string()
                } else if k == 0 {
                    format!("B-{label}")
                } else {
                    format!("I-{label}")
                };
                sent.tags.push(tag);
            }
            body = &after[inner_start + end + "</ENAMEX>".len()..];
        }
        if !sent.words.is_empty() {
            out.push(sent);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn triples(spans: &[Span]) -> Vec<(usize, usize, &str)> {
        spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect()
    }

    #[test]
    fn iob2() {
        let s = decode_spans(&tags("B-PER I-PER O B-LOC B-LOC I-LOC"));
        assert_eq!(
            triples(&s),
            vec![(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")]
        );
    }

    #[test]
    fn iob1() {
        let s = decode_spans(&tags("I-PER I-PER B-PER O I-ORG I-LOC"));
        assert_eq!(
            triples(&s),
            vec![(0, 2, "PER"), (2, 3, "PER"), (4, 5, "ORG"), (5, 6, "LOC")]
        );
    }

    #[test]
    fn bioes_and_io() {
        let s = decode_spans(&tags("S-PER B-ORG I-ORG E-ORG O LOC LOC"));
        assert_eq!(
            triples(&s),
            vec![(0, 1, "PER"), (1, 4, "ORG"), (5, 7, "LOC")]
        );
    }

    #[test]
    fn stray_tags_end_spans() {
        let s = decode_spans(&tags("B-PER B-O I-PER 0 B-LOC"));
        assert_eq!(
            triples(&s),
            vec![(0, 1, "PER"), (2, 3, "PER"), (4, 5, "LOC")]
        );
    }

    #[test]
    fn uner_rows_and_docstart() {
        let text = "# sent_id = a\n# text = Bob ran\n1\tBob\tB-PER\t-\tx\n2\tran\tO\n\n";
        let s = parse_ner_columns(text);
        assert_eq!(s[0].words, vec!["Bob", "ran"]);
        assert_eq!(s[0].tags, vec!["B-PER", "O"]);
        let text = "-DOCSTART- -X- O O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\t\nfoo O\n";
        let s = parse_ner_columns(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].doc, 1);
        assert_eq!(s[0].tags, vec!["I-ORG", "O"]);
    }

    #[test]
    fn enamex_xml() {
        let xml = "<document><p><sentence xml:id=\"a\">The <ENAMEX type=\"LOCATION\">United Kingdom</ENAMEX>&apos;s vote.</sentence></p></document>";
        let split = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let s = parse_enamex_xml(xml, &split);
        assert_eq!(s[0].words, vec!["The", "United", "Kingdom", "'s", "vote."]);
        assert_eq!(s[0].tags, vec!["O", "B-LOCATION", "I-LOCATION", "O", "O"]);
    }

    #[test]
    fn conllu_skips_ranges() {
        let text =
            "# sent_id = s1\n1-2\tdon't\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\n2\tn't\tnot\tPART\tRB\n\n";
        let s = parse_conllu(text);
        assert_eq!(s[0].id, "s1");
        assert_eq!(s[0].words, vec!["do", "n't"]);
        assert_eq!(s[0].upos, vec!["AUX", "PART"]);
    }
}
