//! WARC and WARC.gz web archives (Common Crawl's news crawl and the like), streamed record by
//! record.
//!
//! Records are parsed by the `rust_warc` crate; `.warc.gz` files (one gzip member per record, or
//! one for the whole file) go through `flate2`'s `MultiGzDecoder`, so a 1 GB archive is never held
//! in memory: [`WarcArticles`] is an iterator that reads one record, hands it over and moves on.
//!
//! Only `response` records whose HTTP payload is HTML (2xx status, `Content-Type: text/html` or
//! an HTML-looking body) become articles, through the HTML reader with `WARC-Target-URI` as the
//! URL and `WARC-Date` as the fallback publication date. Every other record (`warcinfo`,
//! `request`, `metadata`, redirects, images, PDFs …) is *skipped, not failed*: it is counted in
//! [`Skipped`], read with [`WarcArticles::skipped`] once the iterator is drained, so ingest can
//! print "N records skipped (non-HTML)" apart from its failures. (The `Vec`-returning
//! [`super::read_file`]/[`super::read_bytes`] add that count as one trailing
//! [`ReadErrorKind::Skipped`] entry instead.)
//!
//! A damaged archive (truncated gzip, cut-off record, bad header) yields one error naming the
//! file and record (`crawl.warc.gz#record-17`) and ends the iteration; the records before it have
//! already been returned. A record bigger than [`MAX_INPUT_BYTES`] is refused before its body is
//! allocated.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use rust_warc::{WarcError, WarcRecord};
use serde_json::Value;

use super::{html, ReadError, ReadErrorKind, ReadOptions, MAX_INPUT_BYTES};
use crate::article::Article;
use crate::dates::normalize_published;

/// Records passed over because they are not HTML articles, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// `warcinfo`, `request`, `metadata`, `revisit` … records.
    pub not_response: usize,
    /// Responses whose payload is not HTML (images, PDF, JSON, robots.txt …).
    pub not_html: usize,
    /// Responses with a non-2xx HTTP status (redirects, 404s …).
    pub http_status: usize,
}

impl Skipped {
    /// All skipped records.
    pub fn total(&self) -> usize {
        self.not_response + self.not_html + self.http_status
    }

    /// A one-line summary such as "5 records skipped (3 not responses, 2 not HTML)".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.not_response > 0 {
            parts.push(format!("{} not responses", self.not_response));
        }
        if self.not_html > 0 {
            parts.push(format!("{} not HTML", self.not_html));
        }
        if self.http_status > 0 {
            parts.push(format!("{} non-2xx HTTP status", self.http_status));
        }
        let n = self.total();
        let s = if n == 1 { "" } else { "s" };
        format!("{n} record{s} skipped ({})", parts.join(", "))
    }
}

/// Is this name a WARC file (`.warc`, `.warc.gz`, `.arc.gz` is not supported)?
pub fn is_warc_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".warc") || lower.ends_with(".warc.gz")
}

/// Do these bytes start a WARC (plain, or gzip whose first member starts with `WARC/`)?
pub fn looks_like_warc(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"WARC/1.") {
        return true;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut head = [0u8; 7];
        let mut dec = flate2::read::MultiGzDecoder::new(bytes);
        return dec.read_exact(&mut head).is_ok() && head == *b"WARC/1.";
    }
    false
}

/// Stream the articles of a WARC read from `reader` (already decompressed). `source` names the
/// file in errors and article sources (`source#record-N`).
pub fn read_warc<R: BufRead>(source: &str, reader: R, opts: &ReadOptions) -> WarcArticles<R> {
    WarcArticles {
        source: source.to_string(),
        reader: Guarded {
            inner: reader,
            watch: Watch::default(),
        },
        opts: opts.clone(),
        record: 0,
        done: false,
        skipped: Skipped::default(),
    }
}

/// A boxed, decompressing reader for WARC bytes.
pub type WarcStream<'a> = Box<dyn BufRead + Send + 'a>;

/// Stream the articles of a WARC held in memory; gzip is detected by its magic bytes.
pub fn read_warc_bytes<'a>(
    source: &str,
    bytes: &'a [u8],
    opts: &ReadOptions,
) -> WarcArticles<WarcStream<'a>> {
    read_warc(source, decompressing(bytes), opts)
}

/// Open a `.warc` or `.warc.gz` file and stream its articles; gzip is detected by its magic
/// bytes, not the name. Fails only if the file cannot be opened.
pub fn open(
    path: &Path,
    opts: &ReadOptions,
) -> Result<WarcArticles<WarcStream<'static>>, ReadError> {
    let source = path.display().to_string();
    let io_err =
        |e: io::Error| ReadError::new(&source, ReadErrorKind::Io, format!("cannot read: {e}"));
    let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(io_err)?);
    let gz = file.fill_buf().map_err(io_err)?.starts_with(&[0x1f, 0x8b]);
    let stream: WarcStream<'static> = if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(file)
    };
    Ok(read_warc(&source, stream, opts))
}

/// Drain a WARC iterator into the `Vec` shape of [`super::read_bytes`]: articles and errors, then
/// one [`ReadErrorKind::Skipped`] entry if any record was skipped.
pub fn collect<R: BufRead>(mut articles: WarcArticles<R>) -> Vec<Result<Article, ReadError>> {
    let mut out: Vec<_> = articles.by_ref().collect();
    out.extend(articles.skipped_note().map(Err));
    out
}

fn decompressing(bytes: &[u8]) -> WarcStream<'_> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(bytes)))
    } else {
        Box::new(bytes)
    }
}

/// Iterator over the articles of one WARC: `Ok` per HTML response, `Err` per bad record (a
/// damaged archive ends the iteration). Skipped records are counted, not yielded.
pub struct WarcArticles<R> {
    source: String,
    reader: Guarded<R>,
    opts: ReadOptions,
    record: usize,
    done: bool,
    skipped: Skipped,
}

impl<R> WarcArticles<R> {
    /// Records skipped so far (complete once the iterator returned `None`).
    pub fn skipped(&self) -> Skipped {
        self.skipped
    }

    /// One [`ReadErrorKind::Skipped`] note describing the records passed over, if any.
    pub fn skipped_note(&self) -> Option<ReadError> {
        (self.skipped.total() > 0).then(|| {
            ReadError::new(
                &self.source,
                ReadErrorKind::Skipped,
                self.skipped.describe(),
            )
        })
    }

    /// Records read so far, skipped ones included.
    pub fn records(&self) -> usize {
        self.record
    }
}

impl<R: BufRead> Iterator for WarcArticles<R> {
    type Item = Result<Article, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.record += 1;
            let here = format!("{}#record-{}", self.source, self.record);
            let record = match WarcRecord::parse(&mut self.reader) {
                Ok(r) => r,
                Err(WarcError::EOF) => {
                    self.record -= 1;
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.damaged(&here, e)));
                }
            };
            if let Some(result) = self.article(&here, record) {
                return Some(result);
            }
        }
        None
    }
}

impl<R> WarcArticles<R> {
    /// The error for a record the archive breaks in; reading stops there.
    fn damaged(&self, here: &str, e: WarcError) -> ReadError {
        let before = match self.record - 1 {
            0 => "no records before it".to_string(),
            1 => "the 1 record before it was read".to_string(),
            n => format!("the {n} records before it were read"),
        };
        if let Some(len) = self.reader.watch.too_large {
            return ReadError::new(
                here,
                ReadErrorKind::TooLarge,
                format!(
                    "a {} MB record is over the {} MB limit; reading stopped ({before})",
                    len >> 20,
                    MAX_INPUT_BYTES >> 20
                ),
            );
        }
        let what = match e {
            _ if self.reader.watch.overlong_line => format!(
                "a header line runs past {} MB: not a WARC archive, or a damaged one",
                MAX_HEADER_LINE >> 20
            ),
            WarcError::IO(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                "truncated archive: the file ends inside this record".to_string()
            }
            WarcError::IO(e) => format!("cannot read this record (damaged gzip or bad bytes): {e}"),
            WarcError::Malformed(m) => {
                format!("malformed or truncated WARC record: {}", m.to_lowercase())
            }
            WarcError::EOF => "unexpected end of file".to_string(),
        };
        ReadError::new(here, ReadErrorKind::Malformed, format!("{what}; {before}"))
    }

    /// Turn one record into an article, or count it as skipped (`None`).
    fn article(&mut self, here: &str, record: WarcRecord) -> Option<Result<Article, ReadError>> {
        let field = |name: &str| {
            record
                .header
                .get(&name.into())
                .map(|v| v.trim().to_string())
        };
        let kind = field("WARC-Type").unwrap_or_default();
        if !kind.eq_ignore_ascii_case("response") {
            self.skipped.not_response += 1;
            return None;
        }
        let payload = match http_payload(here, &record.content) {
            Ok(Payload::Html(body)) => body,
            Ok(Payload::NotHtml) => {
                self.skipped.not_html += 1;
                return None;
            }
            Ok(Payload::Status) => {
                self.skipped.http_status += 1;
                return None;
            }
            Err(e) => return Some(Err(e)),
        };
        let target = field("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let warc_date = field("WARC-Date");
        // Each record has its own URL; a `--url` given for the whole file would merge them all.
        let mut opts = self.opts.clone();
        opts.url = target.clone();
        let result = html::read(here, &payload, &opts).map(|mut art| {
            art.source = here.to_string();
            if art.url.is_none() {
                art.url = target;
            }
            if art.published.is_none() {
                art.published = warc_date.as_deref().and_then(normalize_published);
            }
            if let Some(d) = warc_date {
                art.meta.insert("warc_date".into(), Value::String(d));
            }
            if let Some(id) = field("WARC-Record-ID") {
                art.meta.insert("warc_record_id".into(), Value::String(id));
            }
            art
        });
        Some(result.map_err(|mut e| {
            e.source = here.to_string();
            e
        }))
    }
}

/// What a response record carries.
#[derive(Debug, PartialEq)]
enum Payload {
    /// An HTML body, transfer- and content-decoded.
    Html(Vec<u8>),
    /// A non-HTML body.
    NotHtml,
    /// A non-2xx status.
    Status,
}

/// Split a response record's content into the HTTP header block and the body, and decode the
/// body (chunked transfer, gzip/deflate content encoding).
fn http_payload(here: &str, content: &[u8]) -> Result<Payload, ReadError> {
    let malformed = |m: &str| ReadError::new(here, ReadErrorKind::Malformed, m.to_string());
    let (head, body) = match find(content, b"\r\n\r\n") {
        Some(i) => (&content[..i], &content[i + 4..]),
        None => match find(content, b"\n\n") {
            Some(i) => (&content[..i], &content[i + 2..]),
            None => return Err(malformed("response record without an HTTP header block")),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    if !status_line.starts_with("HTTP/") {
        return Err(malformed(
            "response record does not start with an HTTP status line",
        ));
    }
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| malformed("unreadable HTTP status line"))?;
    if !(200..300).contains(&status) {
        return Ok(Payload::Status);
    }
    let mut content_type = None;
    let mut content_encoding = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value),
            "content-encoding" => content_encoding = Some(value),
            "transfer-encoding" => chunked = value.contains("chunked"),
            _ => {}
        }
    }
    let body = if chunked {
        // Many crawlers store the payload de-chunked but keep the header; only de-chunk what
        // really is chunked.
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    let body = match content_encoding.as_deref().map(str::trim) {
        None | Some("") | Some("identity") => body,
        Some("gzip") | Some("x-gzip") => inflate(flate2::read::MultiGzDecoder::new(&body[..]))
            .map_err(|e| malformed(&format!("cannot decode the gzip Content-Encoding: {e}")))?,
        Some("deflate") => inflate(flate2::read::ZlibDecoder::new(&body[..]))
            .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..])))
            .map_err(|e| malformed(&format!("cannot decode the deflate Content-Encoding: {e}")))?,
        Some(other) => {
            return Err(malformed(&format!(
                "unsupported HTTP Content-Encoding {other:?}"
            )))
        }
    };
    let html = match content_type {
        Some(ct) => ct.contains("text/html") || ct.contains("application/xhtml"),
        None => {
            let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
            let head = head.trim_start();
            head.starts_with("<!doctype html") || head.starts_with("<html")
        }
    };
    Ok(if html {
        Payload::Html(body)
    } else {
        Payload::NotHtml
    })
}

fn inflate(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut out)?;
    Ok(out)
}

/// Undo HTTP chunked transfer encoding; `None` if the body is not validly chunked.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = find(body, b"\r\n")?;
        let size_field = std::str::from_utf8(&body[..eol]).ok()?;
        let size_hex = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A reader that watches the WARC header blocks going past and fails before `rust_warc` would
/// allocate a body from an absurd `Content-Length` (a corrupt or hostile archive).
struct Guarded<R> {
    inner: R,
    watch: Watch,
}

/// Where the stream is in the record layout, and whether a record was refused.
#[derive(Default)]
struct Watch {
    /// Bytes of the body (and its trailing CRLFs) still to come; 0 while in a header block.
    body_left: u64,
    /// The header line being read (only its start is kept).
    line: Vec<u8>,
    /// Lines seen in the current header block.
    lines: usize,
    /// `Content-Length` of the current header block.
    content_length: u64,
    /// Length of the header line being read.
    line_len: usize,
    /// Set when a header block announces a record over the limit.
    too_large: Option<u64>,
    /// Set when a header line runs past [`MAX_HEADER_LINE`].
    overlong_line: bool,
}

/// Longest WARC header line accepted; `rust_warc` would otherwise buffer a newline-free file whole.
const MAX_HEADER_LINE: usize = 1 << 20;

impl Watch {
    fn saw(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.body_left > 0 {
                let n = (self.body_left.min(bytes.len() as u64)) as usize;
                self.body_left -= n as u64;
                bytes = &bytes[n..];
                continue;
            }
            let b = bytes[0];
            bytes = &bytes[1..];
            if self.line.len() < 64 {
                self.line.push(b);
            }
            self.line_len += 1;
            if b != b'\n' {
                if self.line_len > MAX_HEADER_LINE {
                    self.overlong_line = true;
                }
                continue;
            }
            self.line_len = 0;
            self.lines += 1;
            if self.line == b"\r\n" && self.lines > 1 {
                self.body_left = self.content_length.saturating_add(4);
                self.content_length = 0;
                self.lines = 0;
            } else if self.line.len() > 15
                && self.line[..15].eq_ignore_ascii_case(b"content-length:")
            {
                let digits = String::from_utf8_lossy(&self.line[15..]);
                if let Ok(n) = digits.trim().parse::<u64>() {
                    self.content_length = n;
                    if n > MAX_INPUT_BYTES as u64 {
                        self.too_large = Some(n);
                    }
                } else if digits.trim().len() > 18 {
                    self.too_large = Some(u64::MAX);
                }
            }
            self.line.clear();
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.too_large.is_some() || self.overlong_line {
            return Err(io::Error::other("record over the size limit"));
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.watch.check()?;
        let n = self.inner.read(buf)?;
        self.watch.saw(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Guarded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.watch.check()?;
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // `fill_buf` again returns the same buffered bytes without I/O: look at what is consumed.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.watch.saw(&buf[..n]);
        }
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T09:30:00Z\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(status: &str, ctype: &str, body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    const PAGE: &str = "<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Headline</h1><p>Body paragraph one about the talks.</p></article></body></html>";

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        io::Write::write_all(&mut enc, bytes).unwrap();
        enc.finish().unwrap()
    }

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", "", b"software: test\r\n"),
            record("request", "https://e.com/a", b"GET /a HTTP/1.1\r\n\r\n"),
            record(
                "response",
                "https://e.com/a",
                &http("200 OK", "text/html; charset=utf-8", PAGE),
            ),
            record(
                "response",
                "https://e.com/logo.png",
                &http("200 OK", "image/png", "PNG"),
            ),
            record(
                "response",
                "https://e.com/old",
                &http("301 Moved", "text/html", ""),
            ),
            record(
                "response",
                "https://e.com/b",
                &http("200 OK", "text/html", PAGE),
            ),
        ]
    }

    #[test]
    fn responses_become_articles_and_others_are_counted() {
        // One gzip member per record, as crawlers write them.
        let bytes: Vec<u8> = sample().iter().flat_map(|r| gz(r)).collect();
        assert!(looks_like_warc(&bytes));
        let mut it = read_warc_bytes("c.warc.gz", &bytes, &ReadOptions::default());
        let out: Vec<_> = it.by_ref().collect();
        assert_eq!(out.len(), 2, "{out:?}");
        let sources: Vec<String> = out
            .iter()
            .map(|r| match r {
                Ok(a) => a.source.clone(),
                Err(e) => e.source.clone(),
            })
            .collect();
        assert_eq!(sources, ["c.warc.gz#record-3", "c.warc.gz#record-6"]);
        for r in out.iter().flatten() {
            assert!(r.url.as_deref().unwrap().starts_with("https://e.com/"));
            assert!(r.published.is_some());
        }
        let s = it.skipped();
        assert_eq!((s.not_response, s.not_html, s.http_status), (2, 1, 1));
        assert_eq!(
            s.describe(),
            "4 records skipped (2 not responses, 1 not HTML, 1 non-2xx HTTP status)"
        );
        assert_eq!(it.records(), 6);
        // The Vec shape carries the count as a trailing Skipped entry.
        let v = collect(read_warc_bytes(
            "c.warc.gz",
            &bytes,
            &ReadOptions::default(),
        ));
        assert_eq!(v.len(), 3);
        assert_eq!(v[2].as_ref().unwrap_err().kind, ReadErrorKind::Skipped);
    }

    #[test]
    fn payload_decoding() {
        let body = gz(PAGE.as_bytes());
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        block.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
        block.extend_from_slice(&body);
        block.extend_from_slice(b"\r\n0\r\n\r\n");
        assert_eq!(
            http_payload("x", &block).unwrap(),
            Payload::Html(PAGE.as_bytes().to_vec())
        );
        let plain = b"HTTP/1.0 200 OK\n\n<html><body><p>x</p></body></html>";
        assert!(matches!(
            http_payload("x", plain).unwrap(),
            Payload::Html(_)
        ));
        assert!(http_payload("x", b"no header block").is_err());
        let br = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx";
        assert_eq!(
            http_payload("x", br).unwrap_err().kind,
            ReadErrorKind::Malformed
        );
    }

    #[test]
    fn truncated_archive_keeps_earlier_records() {
        let bytes: Vec<u8> = sample().iter().flat_map(|r| gz(r)).collect();
        let cut = &bytes[..bytes.len() - 40];
        let out: Vec<_> = read_warc_bytes("t.warc.gz", cut, &ReadOptions::default()).collect();
        assert_eq!(out.len(), 2, "{out:?}");
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.source, "t.warc.gz#record-6");
        assert_eq!(e.kind, ReadErrorKind::Malformed);
        assert!(e.to_string().contains("5 records before it"), "{e}");
        // Plain WARC cut inside a body.
        let plain: Vec<u8> = sample().concat();
        let out: Vec<_> = read_warc_bytes(
            "t.warc",
            &plain[..plain.len() - 100],
            &ReadOptions::default(),
        )
        .collect();
        assert!(out
            .last()
            .unwrap()
            .as_ref()
            .unwrap_err()
            .message
            .contains("truncated"));
    }

    #[test]
    fn absurd_content_length_is_refused_before_allocation() {
        let mut bytes = sample()[0].clone();
        bytes.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999999999999\r\n\r\nxx",
        );
        let out: Vec<_> = read_warc_bytes("big.warc", &bytes, &ReadOptions::default()).collect();
        assert_eq!(out.len(), 1);
        let e = out[0].as_ref().unwrap_err();
        assert_eq!(
            (e.kind.clone(), e.source.as_str()),
            (ReadErrorKind::TooLarge, "big.warc#record-2")
        );
    }

    #[test]
    fn bundled_example_archive() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/crawl-2024-03.warc.gz");
        let mut it = open(&path, &ReadOptions::default()).unwrap();
        let out: Vec<_> = it.by_ref().collect();
        assert_eq!(out.len(), 4, "{out:?}");
        for (r, n) in out.iter().zip([3, 5, 7, 9]) {
            // Plain, gzip-encoded, chunked and untyped payloads all reach the HTML reader.
            let a = r.as_ref().unwrap();
            assert!(a.source.ends_with(&format!("#record-{n}")), "{}", a.source);
            assert!(a.url.as_deref().unwrap().starts_with("https://"));
            assert!(a.published.as_deref().unwrap().starts_with("2024-03-"));
            assert!(a.paragraphs.len() >= 5, "{a:?}");
        }
        let s = it.skipped();
        assert_eq!((s.not_response, s.not_html, s.http_status), (5, 1, 1));
        // The generic entry point streams `.warc.gz` and adds the skipped count last.
        let all = super::super::read_file(&path, &ReadOptions::default());
        assert_eq!(all.len(), 5);
        let last = all[4].as_ref().unwrap_err();
        assert_eq!(last.kind, ReadErrorKind::Skipped);
        assert!(last.message.starts_with("7 records skipped"), "{last}");
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            super::super::detect("crawl", &bytes),
            Some(super::super::Format::Warc)
        );
        assert_eq!(
            super::super::read_bytes("-", &bytes, &ReadOptions::default()).len(),
            5
        );
        let bad = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/bad/truncated.warc.gz");
        let out: Vec<_> = open(&bad, &ReadOptions::default()).unwrap().collect();
        assert!(out.len() >= 2);
        let e = out.last().unwrap().as_ref().unwrap_err();
        assert!(e.source.ends_with("truncated.warc.gz#record-7"), "{e}");
        assert!(e.message.contains("truncated"), "{e}");
    }

    #[test]
    fn endless_header_line_is_refused() {
        let mut bytes = b"WARC/1.0\r\nWARC-Type: ".to_vec();
        bytes.resize(3 << 20, b'x');
        let out: Vec<_> = read_warc_bytes("junk.warc", &bytes, &ReadOptions::default()).collect();
        assert_eq!(out.len(), 1);
        assert!(
            out[0].as_ref().unwrap_err().message.contains("header line"),
            "{out:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let _ = collect(read_warc_bytes("p", &bytes, &ReadOptions::default()));
            let mut warc = b"WARC/1.0\r\n".to_vec();
            warc.extend_from_slice(&bytes);
            let _ = collect(read_warc_bytes("p", &warc, &ReadOptions::default()));
            let _ = collect(read_warc_bytes("p", &gz(&warc), &ReadOptions::default()));
        }

        #[test]
        fn never_panics_on_responses(block in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut http = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
            http.extend_from_slice(&block);
            let bytes = [record("response", "u", &block), record("response", "u", &http)].concat();
            let out = collect(read_warc_bytes("p", &bytes, &ReadOptions::default()));
            proptest::prop_assert!(!out.is_empty());
        }
    }
}
