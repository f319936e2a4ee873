//! Scraped-markdown articles: the shape news scrapers emit.
//!
//! ```text
//! Title line
//! By [Name for AGENCY](#)            byline (any of the forms in `byline`)
//! September 13, 2021                 date line (any of the forms in `dates`)
//! Caption text. [credit](#)          optional photo caption before the body
//! Body paragraph …
//! Related article: [Title](#)        metadata, not body (also "Read more:", "See also:")
//! Original url:
//! <https://…>                        footer
//! ```
//! The header (title, byline, date, caption) is read block by block until the first block that
//! is none of those; from there every block is body unless it is a related-link, caption or
//! footer line. Inline markdown is reduced to text by [`layout::strip_inline`].

use regex::Regex;
use std::sync::OnceLock;

use super::layout::{self, strip_inline};
use super::{require_body, ReadError, ReadErrorKind, ReadOptions};
use crate::article::Article;
use crate::byline::{is_byline, parse_byline};
use crate::dates::{normalize_published, parse_date_line};
use crate::schema::{Caption, Related};

/// Does the head of a file look like scraped markdown?
pub fn looks_like_markdown(head: &str) -> bool {
    head.contains("](")
        || head.starts_with("# ")
        || head.contains("\nOriginal url:")
        || head.lines().take(6).any(is_byline)
}

const RELATED_PREFIXES: &[&str] = &[
    "Related article:",
    "Related articles:",
    "Related:",
    "Read more:",
    "READ MORE:",
    "See also:",
    "Read also:",
    "Also read:",
    "More:",
];
const CAPTION_PREFIXES: &[&str] = &[
    "Photo:",
    "Image:",
    "Photograph:",
    "Picture:",
    "Pictured:",
    "Photo credit:",
    "Caption:",
];
const FOOTER_PREFIXES: &[&str] = &["Original url:", "Original URL:", "Source:", "Source URL:"];
const NOISE: &[&str] = &[
    "Advertisement",
    "ADVERTISEMENT",
    "Share",
    "Share this article",
    "Subscribe",
    "Skip to content",
];

/// Read one scraped-markdown article.
pub fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Article, ReadError> {
    let text = text.replace("\r\n", "\n");
    let blocks: Vec<Vec<&str>> = text
        .split("\n\n")
        .map(|b| {
            b.lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|b| !b.is_empty())
        .collect();
    let mut art = Article {
        source: source.to_string(),
        ..Article::default()
    };
    let mut in_header = true;
    let mut footer = false;
    let mut blocks = blocks.into_iter().peekable();

    // Title: the first line, without heading marks.
    let Some(first) = blocks.next() else {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Empty,
            "the file is empty",
        ));
    };
    let title = strip_inline(first[0].trim_start_matches('#').trim()).0;
    art.title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
    let rest_of_first: Vec<&str> = first[1..].to_vec();
    let mut pending = if rest_of_first.is_empty() {
        None
    } else {
        Some(rest_of_first)
    };

    loop {
        let block = match pending.take() {
            Some(b) => b,
            None => match blocks.next() {
                Some(b) => b,
                None => break,
            },
        };
        if footer {
            if art.url.is_none() {
                art.url = find_url(&block.join(" "));
            }
            continue;
        }
        let raw = block.join("\n");
        let first_line = block[0].trim();
        if let Some(p) = FOOTER_PREFIXES.iter().find(|p| first_line.starts_with(**p)) {
            footer = true;
            art.url = art.url.take().or_else(|| find_url(&raw[p.len()..]));
            continue;
        }
        if let Some(p) = RELATED_PREFIXES
            .iter()
            .find(|p| first_line.starts_with(**p))
        {
            let rest = raw[p.len()..].trim();
            let (title, links) = strip_inline(rest);
            art.related.push(Related {
                title: title.trim().to_string(),
                url: links.first().map(|(_, u)| u.clone()),
            });
            continue;
        }
        if NOISE.contains(&first_line) && block.len() == 1 {
            continue;
        }
        if in_header {
            // Header lines may share a block: read line by line while each is a header line.
            let mut consumed = 0;
            for line in &block {
                let plain = strip_inline(line.trim()).0;
                if is_byline(&plain) && art.authors.is_empty() && art.agency.is_none() {
                    let b = parse_byline(&plain);
                    art.authors = b.authors;
                    art.agency = b.agency;
                } else if art.published.is_none() && parse_date_line(&plain).is_some() {
                    art.published = parse_date_line(&plain);
                } else if is_image_only(line) {
                } else {
                    break;
                }
                consumed += 1;
            }
            if consumed == block.len() {
                continue;
            }
            if consumed == 0 {
                if let Some(caption) = caption_of(&raw, true) {
                    art.captions.push(caption);
                    continue;
                }
            }
            in_header = false;
            push_paragraph(&mut art, &block[consumed..]);
            continue;
        }
        if let Some(caption) = caption_of(&raw, false) {
            art.captions.push(caption);
            continue;
        }
        push_paragraph(&mut art, &block);
    }
    if art.published.is_none() {
        art.published = opts.published.as_deref().and_then(normalize_published);
    }
    if let Some(url) = &opts.url {
        art.url = Some(url.clone());
    }
    take_dateline(&mut art);
    require_body(source, art)
}

/// Move a dateline at the start of the body into metadata.
pub(crate) fn take_dateline(art: &mut Article) {
    let Some(first) = art.paragraphs.first() else {
        return;
    };
    if let Some((place, agency, rest)) = layout::split_dateline(first) {
        let removed = first.len() - rest.len();
        art.meta
            .insert("dateline".into(), serde_json::Value::String(place));
        if art.agency.is_none() {
            art.agency = agency
                .as_deref()
                .and_then(crate::byline::agency_name)
                .map(str::to_string)
                .or(agency);
        }
        art.paragraphs[0] = rest;
        // Links in the first paragraph shift left by the removed prefix.
        art.links.retain_mut(|(p, r, _)| {
            if *p != 0 {
                return true;
            }
            if r.start < removed {
                return false;
            }
            *r = r.start - removed..r.end - removed;
            true
        });
    }
}

fn push_paragraph(art: &mut Article, lines: &[&str]) {
    let mut para = String::new();
    for line in lines {
        let line = line.trim();
        // Blockquote and list markers are layout, not words.
        let line = line.strip_prefix("> ").unwrap_or(line);
        let line = line.trim_start_matches('#').trim_start();
        layout::join_line(&mut para, line);
    }
    let (text, links) = strip_inline(&para);
    let trimmed_start = text.len() - text.trim_start().len();
    let text_t = text.trim();
    if text_t.is_empty() {
        return;
    }
    let index = art.paragraphs.len();
    for (r, url) in links {
        if r.start >= trimmed_start && r.end - trimmed_start <= text_t.len() {
            art.links
                .push((index, r.start - trimmed_start..r.end - trimmed_start, url));
        }
    }
    art.paragraphs.push(text_t.to_string());
}

fn is_image_only(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("![") && t.ends_with(')')
}

/// A caption block: starts with "Photo:"-style prefix, or (in the header) ends with a credit link.
fn caption_of(raw: &str, in_header: bool) -> Option<Caption> {
    let flat = raw.replace('\n', " ");
    if let Some(p) = CAPTION_PREFIXES.iter().find(|p| flat.starts_with(**p)) {
        let (text, _) = strip_inline(flat[p.len()..].trim());
        let (text, credit) = split_trailing_credit(&text);
        return Some(Caption { text, credit });
    }
    if !in_header {
        return None;
    }
    static CREDIT_LINK: OnceLock<Regex> = OnceLock::new();
    let re = CREDIT_LINK.get_or_init(|| Regex::new(r"\[([^\]\[]{1,80})\]\(([^)]*)\)\s*$").unwrap());
    let c = re.captures(&flat)?;
    let credit = c.get(1)?.as_str().trim();
    let before = flat[..c.get(0)?.start()].trim();
    // A credit is short and reads like a name or a site, not like a sentence.
    if credit.split_whitespace().count() > 6 || credit.ends_with('.') || before.is_empty() {
        return None;
    }
    let (text, _) = strip_inline(before);
    Some(Caption {
        text: text.trim().to_string(),
        credit: Some(strip_inline(credit).0),
    })
}

/// "Soldiers at a range. AFP / Getty" style credits after the last sentence.
fn split_trailing_credit(text: &str) -> (String, Option<String>) {
    for sep in [" | ", " / Photo: ", " Photo: ", " Credit: ", " (Photo: "] {
        if let Some((t, c)) = text.rsplit_once(sep) {
            return (
                t.trim().to_string(),
                Some(c.trim().trim_end_matches(')').to_string()),
            );
        }
    }
    (text.trim().to_string(), None)
}

fn find_url(s: &str) -> Option<String> {
    static URL: OnceLock<Regex> = OnceLock::new();
    let re = URL.get_or_init(|| Regex::new(r"https?://[^\s<>()\]]+").unwrap());
    re.find(s)
        .map(|m| m.as_str().trim_end_matches(['.', ',']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_md(s: &str) -> Article {
        read("t.md", s, &ReadOptions::default()).expect("reads")
    }

    #[test]
    fn full_shape() {
        let a = read_md(
            "\n\nTanks Roll Into \\$2Bln Deal\n\nBy [Jane Doe for Reuters](#)\n\nSept. 1, 2022\n\n\n\nSoldiers stand by a tank. [mod.gov.xx](#)\n\nThe ministry said on Monday it would buy tanks.\n\nRelated article: [Earlier Deal Falls Through](#)\n\nThe deal is worth \\$2 billion.\n\nOriginal url:\n\n<https://www.example.com/2022/09/01/tanks>",
        );
        assert_eq!(a.title.as_deref(), Some("Tanks Roll Into $2Bln Deal"));
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert_eq!(a.published.as_deref(), Some("2022-09-01"));
        assert_eq!(a.captions.len(), 1);
        assert_eq!(a.captions[0].credit.as_deref(), Some("mod.gov.xx"));
        assert_eq!(a.related[0].title, "Earlier Deal Falls Through");
        assert_eq!(
            a.paragraphs,
            [
                "The ministry said on Monday it would buy tanks.",
                "The deal is worth $2 billion."
            ]
        );
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.example.com/2022/09/01/tanks")
        );
    }

    #[test]
    fn heading_title_plain_byline_and_photo_caption() {
        let a = read_md("# A Title\nBy John Roe\n13 September 2021\n\nPhoto: Troops on parade | AFP\n\nFirst body line\nwraps here.\n\nSee also: [Other](https://example.com/other)\n");
        assert_eq!(a.title.as_deref(), Some("A Title"));
        assert_eq!(a.authors, ["John Roe"]);
        assert_eq!(a.published.as_deref(), Some("2021-09-13"));
        assert_eq!(a.captions[0].text, "Troops on parade");
        assert_eq!(a.captions[0].credit.as_deref(), Some("AFP"));
        assert_eq!(a.paragraphs, ["First body line wraps here."]);
        assert_eq!(
            a.related[0].url.as_deref(),
            Some("https://example.com/other")
        );
    }

    #[test]
    fn links_keep_targets_and_emphasis_goes() {
        let a = read_md("Title\n\nBy X Y\n\nThe *new* [treaty](https://t.org/x) was **signed**.");
        assert_eq!(a.paragraphs, ["The new treaty was signed."]);
        assert_eq!(a.links.len(), 1);
        assert_eq!(&a.paragraphs[0][a.links[0].1.clone()], "treaty");
    }

    #[test]
    fn title_without_body_is_an_error() {
        let e = read(
            "t.md",
            "Just A Title\n\nBy Someone\n",
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::NoBody);
    }

    #[test]
    fn dateline_becomes_metadata() {
        let a =
            read_md("Title\n\nKYIV (Reuters) - Ukraine said on Monday it had shot down drones.");
        assert_eq!(
            a.paragraphs[0],
            "Ukraine said on Monday it had shot down drones."
        );
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert_eq!(
            a.meta.get("dateline").and_then(|v| v.as_str()),
            Some("Kyiv")
        );
    }
}
