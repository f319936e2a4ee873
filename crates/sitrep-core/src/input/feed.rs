//! RSS and Atom feeds (RSS 0.9x/1.0/2.0, Atom 1.0, JSON Feed) through the `feed-rs` crate: each
//! item becomes one article, named `file#item-N`.
//!
//! Item fields map as: title → title; first link → url; `published` (RSS `pubDate`, Atom
//! `published`), else `updated` → published; authors (`dc:creator`, `<author>`) through the byline
//! parser, so "Jane Doe for AFP" gives an author and an agency; the body from `content:encoded` /
//! Atom `content`, else `description` / `summary`. HTML bodies are turned into paragraphs by a
//! small block-level text extraction ([`html_paragraphs`]): feed content is a fragment the
//! publisher already stripped of page chrome, so full boilerplate removal is not needed, and
//! `<figcaption>` text goes to captions, never the body.
//!
//! Broken XML gives one error naming the file; the items that parse before the break are still
//! returned (the document is cut after the last complete item that parses and closed again).

use feed_rs::model::{Entry, Feed};
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

use super::markdown::take_dateline;
use super::{require_body, ReadError, ReadErrorKind, ReadOptions};
use crate::article::Article;
use crate::byline::parse_byline;
use crate::dates::normalize_published;
use crate::schema::Caption;

/// Does this text (the start of a file) look like an RSS or Atom document?
pub fn looks_like_feed(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if !head.starts_with('<') {
        return false;
    }
    let lower = head[..head.len().min(2048)].to_ascii_lowercase();
    !lower.contains("<html")
        && (lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf"))
}

/// Read every item of a feed document.
pub fn read(source: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Article, ReadError>> {
    match parse(bytes) {
        Ok(feed) => articles(source, &feed, opts),
        Err(e) => {
            let salvaged = salvage(bytes);
            let kept = salvaged.as_ref().map_or(0, |f| f.entries.len());
            let mut out = salvaged
                .map(|f| articles(source, &f, opts))
                .unwrap_or_default();
            let items = match kept {
                0 => "no items read".to_string(),
                1 => "the 1 item before the break was read".to_string(),
                n => format!("the {n} items before the break were read"),
            };
            out.push(Err(ReadError::new(
                source,
                ReadErrorKind::Malformed,
                format!("broken feed XML ({}); {items}", describe(&e)),
            )));
            out
        }
    }
}

fn parse(bytes: &[u8]) -> Result<Feed, feed_rs::parser::ParseFeedError> {
    feed_rs::parser::Builder::new()
        // Stable ids from link and title, not random ones.
        .id_generator(|links, title, _| feed_rs::parser::generate_id(links, title, None))
        .build()
        .parse(bytes)
}

fn describe(e: &feed_rs::parser::ParseFeedError) -> String {
    let s = e.to_string();
    let s = s.lines().next().unwrap_or_default().trim().to_string();
    if s.is_empty() {
        format!("{e:?}")
    } else {
        s
    }
}

/// Parse the longest prefix of a broken feed that ends after a complete item, closed again.
fn salvage(bytes: &[u8]) -> Option<Feed> {
    let text = String::from_utf8_lossy(bytes);
    let lower = text.to_ascii_lowercase();
    let (item_end, closing) = if lower.contains("<rss") {
        ("</item>", "</channel></rss>")
    } else if lower.contains("<rdf:rdf") {
        ("</item>", "</rdf:RDF>")
    } else if lower.contains("<feed") {
        ("</entry>", "</feed>")
    } else {
        return None;
    };
    let ends: Vec<usize> = lower
        .match_indices(item_end)
        .map(|(i, _)| i + item_end.len())
        .collect();
    // Whether a prefix parses is monotone in its length (a break stays a break), so binary-search
    // the last item end that still parses.
    let attempt = |end: usize| -> Option<Feed> {
        let doc = format!("{}{closing}", &text[..end]);
        parse(doc.as_bytes()).ok().filter(|f| !f.entries.is_empty())
    };
    let (mut lo, mut hi, mut best) = (0usize, ends.len(), None);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match attempt(ends[mid]) {
            Some(f) => {
                best = Some(f);
                lo = mid + 1;
            }
            None => hi = mid,
        }
    }
    best
}

fn articles(source: &str, feed: &Feed, opts: &ReadOptions) -> Vec<Result<Article, ReadError>> {
    if feed.entries.is_empty() {
        return vec![Err(ReadError::new(
            source,
            ReadErrorKind::NoBody,
            "the feed has no items",
        ))];
    }
    feed.entries
        .iter()
        .enumerate()
        .map(|(i, entry)| item(&format!("{source}#item-{}", i + 1), feed, entry, opts))
        .collect()
}

/// One feed item as an article.
fn item(
    source: &str,
    feed: &Feed,
    entry: &Entry,
    opts: &ReadOptions,
) -> Result<Article, ReadError> {
    let mut art = Article {
        source: source.to_string(),
        ..Article::default()
    };
    art.title = entry
        .title
        .as_ref()
        .map(|t| inline_text(&t.content))
        .filter(|t| !t.is_empty());
    art.url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        // No `opts.url` fallback: one URL for every item would make them one article.
        .map(|l| l.href.trim().to_string());
    art.published = entry
        .published
        .or(entry.updated)
        .and_then(|d| normalize_published(&d.to_rfc3339()))
        .or_else(|| opts.published.clone());
    for name in entry.authors.iter().filter_map(|p| p.name.as_deref()) {
        let b = parse_byline(name);
        if b.authors.is_empty() && b.agency.is_none() {
            art.authors.push(name.trim().to_string());
        }
        art.authors.extend(b.authors);
        if art.agency.is_none() {
            art.agency = b.agency;
        }
    }
    art.authors.retain(|a| !a.is_empty());
    art.authors.dedup();
    // Feeds declare tags such as `en-US`; articles carry the bare language code.
    art.language = entry
        .language
        .as_deref()
        .or(feed.language.as_deref())
        .and_then(|l| l.split(['-', '_']).next())
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty());
    let (body, kind) = match (&entry.content, &entry.summary) {
        (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => (
            c.body.clone().unwrap_or_default(),
            c.content_type.to_string(),
        ),
        (_, Some(s)) => (s.content.clone(), s.content_type.to_string()),
        _ => (String::new(), String::new()),
    };
    if kind.contains("html") || looks_like_html(&body) {
        let (paragraphs, captions) = html_paragraphs(&body);
        art.paragraphs = paragraphs;
        art.captions = captions;
    } else {
        art.paragraphs = super::layout::paragraphs(&body);
    }
    if let Some(t) = &feed.title {
        art.meta
            .insert("feed_title".into(), Value::String(inline_text(&t.content)));
    }
    if !entry.id.is_empty() {
        art.meta
            .insert("feed_item_id".into(), Value::String(entry.id.clone()));
    }
    let categories: Vec<Value> = entry
        .categories
        .iter()
        .map(|c| Value::String(c.label.clone().unwrap_or_else(|| c.term.clone())))
        .collect();
    if !categories.is_empty() {
        art.meta
            .insert("categories".into(), Value::Array(categories));
    }
    take_dateline(&mut art);
    require_body(source, art)
}

fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    ["<p>", "<p ", "<br", "<div", "</a>", "<em>", "<strong>"]
        .iter()
        .any(|t| l.contains(t))
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static regex"))
}

/// Paragraphs and captions of an HTML fragment: block elements (`p`, `div`, `li`, `h1`–`h6`,
/// `blockquote`, `br`) separate paragraphs, other tags are dropped, entities decoded, white space
/// collapsed; `<figcaption>` text becomes a caption; `script`/`style` are removed.
pub fn html_paragraphs(html: &str) -> (Vec<String>, Vec<Caption>) {
    static DROP: OnceLock<Regex> = OnceLock::new();
    static CAPTION: OnceLock<Regex> = OnceLock::new();
    static BLOCK: OnceLock<Regex> = OnceLock::new();
    let html = re(
        &DROP,
        r"(?is)<(script|style|noscript)\b.*?</(script|style|noscript)\s*>",
    )
    .replace_all(html, " ");
    let mut captions = Vec::new();
    let html = re(&CAPTION, r"(?is)<figcaption\b[^>]*>(.*?)</figcaption\s*>").replace_all(
        &html,
        |c: &regex::Captures| {
            let text = inline_text(&c[1]);
            if !text.is_empty() {
                captions.push(Caption { text, credit: None });
            }
            "\n\n"
        },
    );
    let blocks = re(
        &BLOCK,
        r"(?i)<\s*/?\s*(p|div|li|ul|ol|h[1-6]|blockquote|br|hr|figure|table|tr|section|article|header|footer|pre)\b[^>]*>",
    )
    .replace_all(&html, "\n\n");
    let paragraphs = blocks
        .split("\n\n")
        .map(inline_text)
        .filter(|p| !p.is_empty())
        .collect();
    (paragraphs, captions)
}

/// Text of an inline HTML fragment: tags dropped, entities decoded, white space collapsed.
fn inline_text(html: &str) -> String {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let stripped = re(&TAG, r"(?s)<[^>]*>").replace_all(html, "");
    let decoded = decode_entities(&stripped);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decode numeric entities and the named ones news copy uses.
fn decode_entities(s: &str) -> String {
    static ENTITY: OnceLock<Regex> = OnceLock::new();
    re(
        &ENTITY,
        r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});",
    )
    .replace_all(s, |c: &regex::Captures| {
        let name = &c[1];
        let ch = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            named_entity(name)
        };
        ch.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
    })
    .into_owned()
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "deg" => '°',
        "middot" => '·',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>World News</title><link>https://www.example.com/</link><description>d</description>
<item>
  <title>Talks open in Geneva</title>
  <link>https://www.example.com/world/talks-open</link>
  <pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>
  <dc:creator>Jane Doe for AFP</dc:creator>
  <category>Diplomacy</category>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>GENEVA (AFP) - Delegations met on Tuesday &amp; talked.</p><figure><img src="x.jpg"><figcaption>Delegates arrive. Photo: AFP</figcaption></figure><p>They will meet &#8220;again&#8221; soon.</p>]]></content:encoded>
</item>
<item>
  <title>Plain summary only</title>
  <link>https://www.example.com/world/plain</link>
  <pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
  <description>A plain-text summary that is the whole body.</description>
</item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Defence desk</title><id>urn:x</id><updated>2024-03-07T12:00:00Z</updated>
  <entry>
    <title type="html">Frigate &lt;b&gt;handed over&lt;/b&gt;</title>
    <link rel="alternate" href="https://www.example.org/frigate"/>
    <id>urn:e1</id>
    <updated>2024-03-07T12:00:00Z</updated>
    <author><name>Max Mustermann</name></author>
    <content type="html">&lt;p&gt;The frigate was handed over on Thursday.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content>
  </entry>
</feed>"#;

    #[test]
    fn rss_items() {
        assert!(looks_like_feed(RSS));
        let out = read("w.rss", RSS.as_bytes(), &ReadOptions::default());
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.source, "w.rss#item-1");
        assert_eq!(a.title.as_deref(), Some("Talks open in Geneva"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.example.com/world/talks-open")
        );
        assert_eq!(a.published.as_deref(), Some("2024-03-05T09:30:00+00:00"));
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.agency.as_deref(), Some("AFP"));
        assert_eq!(
            a.paragraphs,
            [
                "Delegations met on Tuesday & talked.",
                "They will meet “again” soon."
            ]
        );
        assert_eq!(a.captions[0].text, "Delegates arrive. Photo: AFP");
        assert_eq!(a.meta["feed_title"], "World News");
        let b = out[1].as_ref().unwrap();
        assert_eq!(
            b.paragraphs,
            ["A plain-text summary that is the whole body."]
        );
    }

    #[test]
    fn atom_entries() {
        assert!(looks_like_feed(ATOM));
        let out = read("d.atom", ATOM.as_bytes(), &ReadOptions::default());
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Frigate handed over"));
        assert_eq!(a.url.as_deref(), Some("https://www.example.org/frigate"));
        assert_eq!(a.published.as_deref(), Some("2024-03-07T12:00:00+00:00"));
        assert_eq!(a.authors, ["Max Mustermann"]);
        assert_eq!(
            a.paragraphs,
            [
                "The frigate was handed over on Thursday.",
                "Second paragraph."
            ]
        );
    }

    #[test]
    fn broken_xml_is_one_error_and_keeps_earlier_items() {
        let broken = RSS.replace(
            "<title>Plain summary only</title>",
            "<title>Plain <b>summary</title>",
        );
        let out = read("b.rss", broken.as_bytes(), &ReadOptions::default());
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.source, "b.rss");
        assert_eq!(e.kind, ReadErrorKind::Malformed);
        assert!(e.message.contains("1 item before the break"), "{e}");
        let out = read(
            "c.rss",
            b"<rss><channel><item><title>x",
            &ReadOptions::default(),
        );
        assert_eq!(out.len(), 1);
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .message
            .starts_with("broken feed XML"));
    }

    #[test]
    fn bundled_feed_and_bad_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let bytes = std::fs::read(root.join("examples/defence-wire.rss")).unwrap();
        let out = read("defence-wire.rss", &bytes, &ReadOptions::default());
        assert!(out.len() >= 3);
        assert!(out.iter().all(Result::is_ok), "{out:?}");
        assert_eq!(out[0].as_ref().unwrap().language.as_deref(), Some("en"));
        assert_eq!(out[2].as_ref().unwrap().agency.as_deref(), Some("Reuters"));
        // Detection and dispatch through the generic entry point.
        let path = root.join("examples/defence-wire.rss");
        assert_eq!(
            super::super::detect("feed.xml", &bytes),
            Some(super::super::Format::Feed)
        );
        assert_eq!(
            super::super::read_file(&path, &ReadOptions::default()).len(),
            out.len()
        );
        let bytes = std::fs::read(root.join("tests/fixtures/bad/broken-feed.rss")).unwrap();
        let out = read("broken-feed.rss", &bytes, &ReadOptions::default());
        assert!(out.last().unwrap().is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let _ = read("p", &bytes, &ReadOptions::default());
        }

        #[test]
        fn never_panics_inside_a_feed(s in "(\\PC|\n){0,300}") {
            let doc = format!("<rss><channel><item><title>t</title><description>{s}</description></item><item>{s}</item></channel></rss>");
            let _ = read("p", doc.as_bytes(), &ReadOptions::default());
            let _ = html_paragraphs(&s);
        }
    }
}
