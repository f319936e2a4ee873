//! HTML pages: metadata from `<meta>`/OpenGraph/JSON-LD/`<time>`, body from main-content extraction.
//!
//! A page goes through four steps, each in its own submodule:
//!
//! 1. [`charset`]: bytes to text. A byte-order mark wins, then a `<meta charset>` (or
//!    `http-equiv` / XML declaration) in the first 4 KB, then valid UTF-8, then `chardetng`'s
//!    guess; `encoding_rs` decodes. No byte sequence makes it fail or panic.
//! 2. The text is parsed once into trafilatura's DOM (html5ever via `scraper`).
//!    [`metadata`] reads title, authors, date, URL, outlet and language from that tree — OpenGraph
//!    and `article:*` tags, JSON-LD `NewsArticle`s, `<time datetime>`, Dublin Core and byline
//!    elements — and [`body`] takes the figure captions (with their credits) out of it.
//! 3. The tree goes to **trafilatura** (the `trafilatura` crate, a port of go-trafilatura) for
//!    boilerplate removal. We do not remove boilerplate ourselves.
//! 4. [`body`] walks trafilatura's `content_html` and splits it into paragraphs at `<p>`,
//!    headings, list items, blockquotes, table rows and `<br>`; `<a href>` becomes a link range.
//!    A leading byline, date line or dateline ("WARSAW (Reuters) -") moves into metadata.
//!
//! Why trafilatura: on Mozilla's 130 readability test pages (`scripts/html/compare`) it scored a
//! token F1 of 0.939 mean / 0.984 median on the 83 English pages at 7 ms of CPU a page.
//! `dom_smoothie` scored 0.998, but those pages are its own regression suite (it ports
//! Readability.js, which wrote the expected files), so that figure says it is faithful to
//! Readability rather than that it finds the article better; on a news page with an inline
//! advertisement `dom_smoothie` kept the advertisement in the body and trafilatura did not, and an
//! advert in the body becomes false facts downstream. `rs-trafilatura` matched trafilatura's F1 but
//! took twice the time and dropped link targets from its HTML output. Trafilatura's readability
//! fallback gained 0.007 F1 for twice the time, so it is off.

mod body;
mod charset;
mod metadata;

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::{ReadError, ReadErrorKind, ReadOptions};
use crate::article::Article;

/// Fewer words than this in the extracted body means the page has no article.
const MIN_BODY_WORDS: usize = 8;

/// Read one saved web page.
pub fn read(source: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Article, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Empty,
            "the file is empty",
        ));
    }
    // NUL bytes are binary junk, except in a page that opens with a UTF-16 byte-order mark.
    if !charset::has_utf16_bom(bytes) && super::looks_binary(bytes) {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Binary,
            "binary data, not a web page",
        ));
    }
    let html = charset::decode(bytes);
    if !html.contains('<') {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Malformed,
            "no HTML markup in this page; pass --format text if it is plain text",
        ));
    }
    // trafilatura is a large port of heuristics written for other languages; a panic inside it
    // on some odd page must cost that page only, never the run.
    let extracted = catch_unwind(AssertUnwindSafe(|| extract(&html)));
    let Ok(page) = extracted else {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Malformed,
            "the content extractor failed on this page; please report it with the file",
        ));
    };
    let mut art = page.into_article(source, opts);
    super::markdown::take_dateline(&mut art);
    let words: usize = art
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    // Chinese and Japanese have no spaces between words: count letters instead.
    let letters = || {
        art.paragraphs
            .iter()
            .flat_map(|p| p.chars())
            .filter(|c| c.is_alphanumeric())
            .count()
    };
    // A few stray words (an error page's menu) are not an article.
    if words < MIN_BODY_WORDS && letters() < 4 * MIN_BODY_WORDS {
        art.paragraphs.clear();
    }
    super::require_body(source, art)
}

/// What one page yields before it becomes an [`Article`].
struct Page {
    meta: metadata::PageMeta,
    captions: Vec<crate::schema::Caption>,
    body: body::Body,
}

fn extract(html: &str) -> Page {
    let doc = trafilatura::dom::Document::parse(html);
    let meta = metadata::PageMeta::from_document(&doc);
    let captions = body::captions(&doc);
    let options = trafilatura::Options::default().with_links(true);
    let mut meta = meta;
    let body = match trafilatura::extract_document(doc, &options) {
        Ok(result) => {
            meta.fill_from(&result.metadata);
            body::Body::from_content_html(&result.content_html)
        }
        // "Insufficient content" and friends: a page with no article, reported as NoBody.
        Err(_) => body::Body::default(),
    };
    Page {
        meta,
        captions,
        body,
    }
}

impl Page {
    fn into_article(self, source: &str, opts: &ReadOptions) -> Article {
        let Page {
            meta,
            captions,
            body,
        } = self;
        let url = opts.url.clone().or(meta.url);
        let mut art = Article {
            source: source.to_string(),
            title: meta.title,
            authors: meta.authors,
            agency: meta.agency,
            published: meta.published,
            captions,
            meta: meta.extra,
            outlet: meta.outlet,
            language: meta.language,
            ..Article::default()
        };
        body.into_article(&mut art, url.as_deref());
        art.url = url;
        if art.published.is_none() {
            art.published = opts
                .published
                .as_deref()
                .and_then(crate::dates::normalize_published);
        }
        art
    }
}

#[cfg(test)]
mod tests;
