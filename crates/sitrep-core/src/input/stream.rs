//! Streaming one input file record by record, so memory stays flat whatever the file's size:
//! JSON lines line by line, web archives record by record, other formats read whole (a single
//! article over [`MAX_INPUT_BYTES`] is refused from its size, without reading it).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::{detect, jsonl, warc, Format, ReadError, ReadErrorKind, ReadOptions, MAX_INPUT_BYTES};
use crate::article::Article;

/// How one file is read.
pub enum Plan {
    /// JSON lines, streamed line by line (`gz`: through a gzip decoder).
    Lines { gz: bool },
    /// Web archive, streamed record by record.
    Warc,
    /// Read whole (one article, or a feed).
    Whole,
    /// Refused without reading: a single article over the size limit.
    Refuse(ReadError),
}

/// Chooses how to read `path`, looking at its name and first bytes only.
pub fn plan(path: &Path, format: Option<Format>) -> Plan {
    let name = path.to_string_lossy();
    if name == "-" {
        return Plan::Whole;
    }
    if format == Some(Format::Warc) || warc::is_warc_name(&name) {
        return Plan::Warc;
    }
    let (inner, gz) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name.as_ref(), false),
    };
    let format = format.or_else(|| {
        let mut head = Vec::with_capacity(4096);
        let file = File::open(path).ok()?;
        let read = if gz {
            flate2::read::MultiGzDecoder::new(file)
                .take(4096)
                .read_to_end(&mut head)
        } else {
            file.take(4096).read_to_end(&mut head)
        };
        read.ok()?;
        detect(inner, &head)
    });
    match format {
        Some(Format::Jsonl) => Plan::Lines { gz },
        Some(Format::Markdown | Format::Text | Format::Html) if !gz => {
            match std::fs::metadata(path) {
                Ok(m) if m.len() > MAX_INPUT_BYTES as u64 => Plan::Refuse(ReadError::new(
                    name.as_ref(),
                    ReadErrorKind::TooLarge,
                    format!(
                        "{} MB is over the {} MB limit for one article; skipped without reading it",
                        m.len() >> 20,
                        MAX_INPUT_BYTES >> 20
                    ),
                )),
                _ => Plan::Whole,
            }
        }
        _ => Plan::Whole,
    }
}

/// A JSONL file read line by line, each line `file:N` and at most [`MAX_INPUT_BYTES`]:
/// a longer line is refused with an error naming it, without holding it in memory, and
/// reading goes on at the next line.
pub struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    source: String,
    line: usize,
    buf: Vec<u8>,
    /// A line with content was seen (else the file is reported empty).
    seen: bool,
    done: bool,
}

impl JsonLines {
    /// Opens `path` (through a gzip decoder when `gz`).
    pub fn open(path: &Path, gz: bool) -> Result<JsonLines, ReadError> {
        let source = path.display().to_string();
        let file = File::open(path)
            .map_err(|e| ReadError::new(&source, ReadErrorKind::Io, format!("cannot read: {e}")))?;
        let reader: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(file),
            ))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        Ok(JsonLines {
            reader,
            source,
            line: 0,
            buf: Vec::new(),
            seen: false,
            done: false,
        })
    }

    /// Reads the next line into `buf` (up to the limit); returns its full length, or `None`
    /// at the end of the input.
    fn next_line(&mut self) -> std::io::Result<Option<usize>> {
        self.buf.clear();
        let mut len = 0usize;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok((len > 0).then_some(len));
            }
            let (part, newline) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (&avail[..i], true),
                None => (avail, false),
            };
            len += part.len();
            if self.buf.len() + part.len() <= MAX_INPUT_BYTES {
                self.buf.extend_from_slice(part);
            }
            let used = part.len() + usize::from(newline);
            self.reader.consume(used);
            if newline {
                return Ok(Some(len));
            }
        }
    }
}

impl Iterator for JsonLines {
    /// The record's source (`file:N`) and its text.
    type Item = Result<(String, String), ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let len = match self.next_line() {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    if !self.seen {
                        return Some(Err(ReadError::new(
                            &self.source,
                            ReadErrorKind::Empty,
                            "the file is empty",
                        )));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::new(
                        format!("{}:{}", self.source, self.line + 1),
                        ReadErrorKind::Malformed,
                        format!("cannot read further (bad gzip data?): {e}"),
                    )));
                }
            };
            self.line += 1;
            let source = format!("{}:{}", self.source, self.line);
            if len > MAX_INPUT_BYTES {
                self.seen = true;
                return Some(Err(ReadError::new(
                    source,
                    ReadErrorKind::TooLarge,
                    format!(
                        "a {} MB line is over the {} MB limit for one article; skipped without reading it into memory",
                        len >> 20,
                        MAX_INPUT_BYTES >> 20
                    ),
                )));
            }
            let text = match std::str::from_utf8(&self.buf) {
                Ok(t) => t,
                Err(e) => {
                    self.seen = true;
                    return Some(Err(ReadError::new(
                        source,
                        ReadErrorKind::Encoding,
                        format!(
                            "invalid UTF-8 at byte {} of the line; convert the file to UTF-8",
                            e.valid_up_to()
                        ),
                    )));
                }
            };
            let text = text.trim_start_matches('\u{feff}').trim_end_matches('\r');
            if text.trim().is_empty() {
                continue;
            }
            self.seen = true;
            return Some(Ok((source, text.to_string())));
        }
        None
    }
}

/// Every record of one file, in order: JSON lines and web archives streamed, anything else
/// read whole. Each JSON line is parsed as it is read; callers that parse in parallel use
/// [`plan`] and [`JsonLines`] themselves.
pub fn records(
    path: &Path,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Article, ReadError>> + Send> {
    match plan(path, opts.format) {
        Plan::Refuse(e) => Box::new(std::iter::once(Err(e))),
        Plan::Warc => match warc::open(path, opts) {
            Ok(records) => Box::new(WarcRecords {
                records,
                noted: false,
            }),
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        Plan::Lines { gz } => match JsonLines::open(path, gz) {
            Ok(lines) => {
                Box::new(lines.map(|r| r.and_then(|(src, line)| jsonl::read_line(&src, &line))))
            }
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        Plan::Whole => Box::new(super::read_file(path, opts).into_iter()),
    }
}

/// A web archive's articles, then one [`ReadErrorKind::Skipped`] note if records were passed
/// over (the streaming form of [`warc::collect`]).
struct WarcRecords {
    records: warc::WarcArticles<warc::WarcStream<'static>>,
    noted: bool,
}

impl Iterator for WarcRecords {
    type Item = Result<Article, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(r) = self.records.next() {
            return Some(r);
        }
        if self.noted {
            return None;
        }
        self.noted = true;
        self.records.skipped_note().map(Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sitrep-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    #[test]
    fn json_lines_stream_in_order_with_errors_named_by_line() {
        let path = scratch(
            "three.jsonl",
            b"{\"title\":\"One\",\"text\":\"First body.\"}\n\n{broken\n{\"title\":\"Two\",\"text\":\"Second.\"}\n",
        );
        let got: Vec<_> = records(&path, &ReadOptions::default()).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].as_ref().expect("line 1").title.as_deref(),
            Some("One")
        );
        let err = got[1].as_ref().expect_err("line 3 is broken");
        assert!(err.source.ends_with("three.jsonl:3"), "{}", err.source);
        assert_eq!(
            got[2].as_ref().expect("line 4").title.as_deref(),
            Some("Two")
        );
    }

    #[test]
    fn web_archives_end_with_one_note_of_skipped_records() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/crawl-2024-03.warc.gz");
        let got: Vec<_> = records(&path, &ReadOptions::default()).collect();
        assert!(got.iter().filter(|r| r.is_ok()).count() >= 1);
        let last = got.last().expect("records").as_ref().expect_err("a note");
        assert_eq!(last.kind, ReadErrorKind::Skipped);
        assert_eq!(
            got.iter()
                .filter(|r| matches!(r, Err(e) if e.kind == ReadErrorKind::Skipped))
                .count(),
            1
        );
        assert_eq!(got, crate::input::read_file(&path, &ReadOptions::default()));
    }
}
