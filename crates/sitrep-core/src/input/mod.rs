//! Input readers: bytes in, [`Article`]s (or one clear error per bad record) out.
//!
//! Each format has its own module with one `read` function. [`detect`] picks the format from the
//! file name and the first bytes; `--format` overrides it. A reader never panics on any input and
//! never stops at a bad record: it returns one `Err` for that record and goes on.

pub mod feed;
pub mod html;
pub mod jsonl;
pub mod layout;
pub mod markdown;
pub mod plain;
pub mod stream;
pub mod warc;

use std::fmt;

use crate::article::Article;

/// The input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Scraped markdown: title, byline, date line, caption, body, `Original url:` footer.
    Markdown,
    /// Plain text: first non-empty line is the title.
    Text,
    /// One JSON article per line.
    Jsonl,
    /// A saved web page.
    Html,
    /// A WARC or WARC.gz web archive.
    Warc,
    /// An RSS or Atom feed.
    Feed,
}

impl Format {
    /// Parse a `--format` value.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" | "plain" => Some(Format::Text),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "html" | "htm" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            "feed" | "rss" | "atom" => Some(Format::Feed),
            _ => None,
        }
    }

    /// The name used in messages and `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Feed => "feed",
        }
    }
}

/// What went wrong with one input record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The file could not be opened or read.
    Io,
    /// Nothing in the file.
    Empty,
    /// Binary data, not text.
    Binary,
    /// Bytes that are not valid UTF-8 (and no declared charset fixed them).
    Encoding,
    /// A record that does not parse (bad JSON line, …).
    Malformed,
    /// A title but no body text.
    NoBody,
    /// The format could not be recognised.
    UnknownFormat,
    /// Larger than the size limit.
    TooLarge,
    /// Not a failure: records deliberately passed over (WARC requests, non-HTML responses); one
    /// entry per input whose message gives the count, for the summary.
    Skipped,
}

impl ReadErrorKind {
    /// A short stable name for summaries.
    pub fn name(&self) -> &'static str {
        match self {
            ReadErrorKind::Io => "io",
            ReadErrorKind::Empty => "empty",
            ReadErrorKind::Binary => "binary",
            ReadErrorKind::Encoding => "encoding",
            ReadErrorKind::Malformed => "malformed",
            ReadErrorKind::NoBody => "no-body",
            ReadErrorKind::UnknownFormat => "unknown-format",
            ReadErrorKind::TooLarge => "too-large",
            ReadErrorKind::Skipped => "skipped",
        }
    }
}

/// One bad input record: where, what kind, and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// `file` or `file:line`.
    pub source: String,
    /// The kind of failure.
    pub kind: ReadErrorKind,
    /// Human explanation.
    pub message: String,
}

impl ReadError {
    /// A new error for `source`.
    pub fn new(
        source: impl Into<String>,
        kind: ReadErrorKind,
        message: impl Into<String>,
    ) -> ReadError {
        ReadError {
            source: source.into(),
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.source,
            self.message,
            self.kind.name()
        )
    }
}

impl std::error::Error for ReadError {}

/// Options that apply to every record of an input.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Publication date for inputs that carry none (plain text).
    pub published: Option<String>,
    /// URL for inputs that carry none (plain text, HTML).
    pub url: Option<String>,
}

/// Largest input accepted as one article (a file, a JSONL line, a web-archive record), in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Largest file of many articles (JSONL, feeds) read at once; each article in it still has to
/// fit [`MAX_INPUT_BYTES`]. Web archives are streamed and have no file limit.
pub const MAX_COLLECTION_BYTES: usize = 2 * 1024 * 1024 * 1024;

/// Guess the format of `bytes` named `name`.
pub fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head_trim = head.trim_start_matches('\u{feff}').trim_start();
    match ext {
        "md" | "markdown" => return Some(Format::Markdown),
        "jsonl" | "ndjson" => return Some(Format::Jsonl),
        "html" | "htm" | "xhtml" => return Some(Format::Html),
        "txt" | "text" => return Some(Format::Text),
        "warc" => return Some(Format::Warc),
        "rss" | "atom" => return Some(Format::Feed),
        _ => {}
    }
    if warc::looks_like_warc(bytes) {
        return Some(Format::Warc);
    }
    if feed::looks_like_feed(head_trim) {
        return Some(Format::Feed);
    }
    let hl = head_trim.to_ascii_lowercase();
    if hl.starts_with("<!doctype html")
        || hl.starts_with("<html")
        || (hl.starts_with('<') && hl.contains("<body"))
    {
        return Some(Format::Html);
    }
    if head_trim.starts_with('{') {
        return Some(Format::Jsonl);
    }
    if markdown::looks_like_markdown(head_trim) {
        return Some(Format::Markdown);
    }
    if head_trim.chars().any(char::is_alphabetic) {
        return Some(Format::Text);
    }
    None
}

/// Is this binary data rather than text? (NUL bytes or many control characters in the head.)
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20))
        .count();
    control * 20 > head.len().max(1)
}

/// Read all articles in one input. `source` names it in errors (a path, or `-` for stdin).
pub fn read_bytes(
    source: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<Article, ReadError>> {
    if opts.format == Some(Format::Warc) || warc::looks_like_warc(bytes) {
        // Streamed record by record; the size limit applies per record.
        return warc::collect(warc::read_warc_bytes(source, bytes, opts));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return vec![Err(ReadError::new(
            source,
            ReadErrorKind::Empty,
            "the file is empty",
        ))];
    }
    if bytes.len() > MAX_COLLECTION_BYTES {
        return vec![Err(too_large(source, bytes.len(), MAX_COLLECTION_BYTES))];
    }
    if looks_binary(bytes) {
        return vec![Err(ReadError::new(
            source,
            ReadErrorKind::Binary,
            "binary data, not an article",
        ))];
    }
    let Some(format) = opts.format.or_else(|| detect(source, bytes)) else {
        return vec![Err(ReadError::new(
            source,
            ReadErrorKind::UnknownFormat,
            "cannot tell the format; pass --format markdown|text|jsonl|html|warc|feed",
        ))];
    };
    let collection = matches!(format, Format::Jsonl | Format::Feed | Format::Warc);
    if !collection && bytes.len() > MAX_INPUT_BYTES {
        return vec![Err(too_large(source, bytes.len(), MAX_INPUT_BYTES))];
    }
    if format == Format::Html {
        // HTML declares its own charset; the reader decodes it.
        return vec![html::read(source, bytes, opts)];
    }
    if format == Format::Feed {
        // XML declares its own encoding; the feed parser decodes it.
        return feed::read(source, bytes, opts);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}'),
        Err(e) => {
            return vec![Err(ReadError::new(
                source,
                ReadErrorKind::Encoding,
                format!(
                    "invalid UTF-8 at byte {}; convert the file to UTF-8",
                    e.valid_up_to()
                ),
            ))]
        }
    };
    match format {
        Format::Markdown => vec![markdown::read(source, text, opts)],
        Format::Text => vec![plain::read(source, text, opts)],
        Format::Jsonl => jsonl::read(source, text),
        Format::Html | Format::Warc | Format::Feed => unreachable!("handled above"),
    }
}

/// Check that an article has a body; readers call this last.
pub(crate) fn require_body(source: &str, article: Article) -> Result<Article, ReadError> {
    if article.paragraphs.iter().all(|p| p.trim().is_empty()) {
        return Err(ReadError::new(
            source,
            ReadErrorKind::NoBody,
            "no body text found (only a title?)",
        ));
    }
    Ok(article)
}

/// Read one file (`.gz` decompressed transparently; `-` is stdin). Never panics; every failure is
/// an `Err` naming the file.
pub fn read_file(path: &std::path::Path, opts: &ReadOptions) -> Vec<Result<Article, ReadError>> {
    let source = path.display().to_string();
    if source != "-" && (opts.format == Some(Format::Warc) || warc::is_warc_name(&source)) {
        // Streamed, never loaded whole (`read_warc`/`warc::open` let ingest stream the articles too).
        return match warc::open(path, opts) {
            Ok(articles) => warc::collect(articles),
            Err(e) => vec![Err(e)],
        };
    }
    let bytes = if source == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            return vec![Err(ReadError::new(
                &source,
                ReadErrorKind::Io,
                format!("cannot read: {e}"),
            ))]
        }
    };
    let (name, bytes) = match source.strip_suffix(".gz") {
        Some(inner) => match gunzip(&bytes) {
            Ok(b) => (inner.to_string(), b),
            Err(e) => {
                return vec![Err(ReadError::new(
                    &source,
                    ReadErrorKind::Malformed,
                    format!("bad gzip data: {e}"),
                ))]
            }
        },
        None => (source.clone(), bytes),
    };
    let mut out = read_bytes(&name, &bytes, opts);
    if name != source {
        for r in &mut out {
            if let Err(e) = r {
                e.source = e.source.replacen(&name, &source, 1);
            }
        }
    }
    out
}

/// The error for an input over `limit` bytes.
pub(crate) fn too_large(source: &str, len: usize, limit: usize) -> ReadError {
    ReadError::new(
        source,
        ReadErrorKind::TooLarge,
        format!(
            "{} MB is over the {} MB limit for one input; split it",
            len >> 20,
            limit >> 20
        ),
    )
}

fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(MAX_COLLECTION_BYTES as u64 + 1);
    std::io::Read::read_to_end(&mut dec, &mut out)?;
    Ok(out)
}

use std::io::Read as _;

/// Expand command-line paths: files as given, directories recursively in sorted order (hidden
/// entries skipped), `-` as stdin. Missing paths come back as errors in their place.
pub fn expand_paths(paths: &[std::path::PathBuf]) -> Vec<Result<std::path::PathBuf, ReadError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(Err(ReadError::new(
                p.display().to_string(),
                ReadErrorKind::Io,
                "no such file or directory",
            )));
        }
    }
    out
}

/// Files a folder walk passes over: hidden entries and a folder's own documentation
/// (`README*`, `LICENSE*`). Named explicitly on the command line, they are still read.
fn is_not_an_article(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    name.starts_with('.') || upper.starts_with("README") || upper.starts_with("LICENSE")
}

fn walk(dir: &std::path::Path, out: &mut Vec<Result<std::path::PathBuf, ReadError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(ReadError::new(
                dir.display().to_string(),
                ReadErrorKind::Io,
                format!("cannot list: {e}"),
            )));
            return;
        }
    };
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_not_an_article)
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(Ok(p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_named_errors() {
        let o = ReadOptions::default();
        assert_eq!(
            read_bytes("e.md", b"", &o)[0].as_ref().unwrap_err().kind,
            ReadErrorKind::Empty
        );
        assert_eq!(
            read_bytes("e.md", b"  \n\n", &o)[0]
                .as_ref()
                .unwrap_err()
                .kind,
            ReadErrorKind::Empty
        );
        assert_eq!(
            read_bytes("b.bin", b"\x00\x01\x02garbage\x00", &o)[0]
                .as_ref()
                .unwrap_err()
                .kind,
            ReadErrorKind::Binary
        );
        let e = read_bytes("u.txt", b"Title\n\nBody \xff\xfe here", &o);
        assert_eq!(e[0].as_ref().unwrap_err().kind, ReadErrorKind::Encoding);
        assert_eq!(
            read_bytes("x", b"12345 67890", &o)[0]
                .as_ref()
                .unwrap_err()
                .kind,
            ReadErrorKind::UnknownFormat
        );
        let e = read_bytes("t.txt", b"Only a title", &o);
        assert_eq!(e[0].as_ref().unwrap_err().kind, ReadErrorKind::NoBody);
        assert!(e[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("t.txt: "));
    }

    #[test]
    fn detection() {
        assert_eq!(detect("a.md", b"x"), Some(Format::Markdown));
        assert_eq!(detect("a", b"<!DOCTYPE html><html>"), Some(Format::Html));
        assert_eq!(detect("a", b"{\"title\":1}"), Some(Format::Jsonl));
        assert_eq!(
            detect("a", b"Title\n\nBy [A B](#)\n"),
            Some(Format::Markdown)
        );
        assert_eq!(detect("a", b"Title\n\nSome body."), Some(Format::Text));
    }

    proptest::proptest! {
        #[test]
        fn no_reader_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400), f in 0usize..5) {
            let format = [None, Some(Format::Markdown), Some(Format::Text), Some(Format::Jsonl), Some(Format::Html)][f];
            let opts = ReadOptions { format, ..Default::default() };
            for r in read_bytes("p", &bytes, &opts).into_iter().flatten() {
                let (doc, text) = r.into_document();
                proptest::prop_assert_eq!(doc.text.as_str(), text.text.as_str());
            }
        }

        #[test]
        fn no_reader_panics_on_text(s in "(\\PC|\n){0,300}", f in 0usize..4) {
            let format = [Some(Format::Markdown), Some(Format::Text), Some(Format::Jsonl), None][f];
            let opts = ReadOptions { format, ..Default::default() };
            for r in read_bytes("p", s.as_bytes(), &opts).into_iter().flatten() {
                let (doc, _) = r.into_document();
                let n = doc.text.chars().count();
                for p in &doc.paragraphs { proptest::prop_assert!(p.start <= p.end && p.end <= n); }
                for l in &doc.links { proptest::prop_assert!(l.start <= l.end && l.end <= n); }
            }
        }
    }
}
