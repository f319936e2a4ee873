//! The body: trafilatura's `content_html` split into one-line paragraphs with link ranges, and
//! the page's figure captions.

use std::ops::Range;

use scraper::{ElementRef, Html, Node};
use trafilatura::dom::Document;

use super::metadata::{clean, in_furniture};
use crate::article::Article;
use crate::schema::Caption;

/// Body paragraphs and the links inside them, as extracted.
#[derive(Debug, Default)]
pub(super) struct Body {
    paragraphs: Vec<String>,
    links: Vec<(usize, Range<usize>, String)>,
}

/// Elements that end one paragraph and start another.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "blockquote"
            | "pre"
            | "div"
            | "section"
            | "article"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "hr"
            | "br"
            | "header"
            | "footer"
            | "main"
    )
}

/// Elements whose text is never body text (captions are read separately).
fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "figure" | "figcaption" | "script" | "style" | "noscript" | "template" | "img" | "svg"
    )
}

/// Builds paragraphs while walking the content tree.
#[derive(Default)]
struct Splitter {
    body: Body,
    cur: String,
    cur_links: Vec<(Range<usize>, String)>,
}

impl Splitter {
    fn push_text(&mut self, text: &str) {
        for (i, word) in text.split_whitespace().enumerate() {
            let space_before = i > 0 || text.starts_with(char::is_whitespace);
            if space_before && !self.cur.is_empty() && !self.cur.ends_with(' ') {
                self.cur.push(' ');
            }
            self.cur.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !self.cur.is_empty() && !self.cur.ends_with(' ') {
            self.cur.push(' ');
        }
    }

    fn flush(&mut self) {
        let text = self.cur.trim_end();
        if !text.is_empty() {
            let index = self.body.paragraphs.len();
            let len = text.len();
            for (r, url) in self.cur_links.drain(..) {
                let r = r.start..r.end.min(len);
                if r.start < r.end {
                    self.body.links.push((index, r, url));
                }
            }
            self.body.paragraphs.push(text.to_string());
        }
        self.cur.clear();
        self.cur_links.clear();
    }

    fn walk(&mut self, el: ElementRef<'_>, depth: usize) {
        // html5ever caps nesting, but stay well inside the stack either way.
        if depth > 200 {
            return;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t),
                Node::Element(e) => {
                    let tag = e.name();
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if is_skipped(tag) {
                        continue;
                    }
                    if is_block(tag) {
                        self.flush();
                        self.walk(child_el, depth + 1);
                        self.flush();
                    } else if tag == "a" {
                        let start = self.cur.len();
                        self.walk(child_el, depth + 1);
                        if let Some(href) = e.attr("href") {
                            let text = &self.cur[start..];
                            let lead = text.len() - text.trim_start().len();
                            let end = start + text.trim_end().len();
                            if start + lead < end {
                                self.cur_links.push((start + lead..end, href.to_string()));
                            }
                        }
                    } else {
                        if matches!(tag, "td" | "th") && !self.cur.is_empty() {
                            self.cur.push(' ');
                        }
                        self.walk(child_el, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }
}

impl Body {
    /// Split trafilatura's cleaned HTML into paragraphs.
    pub(super) fn from_content_html(html: &str) -> Body {
        let fragment = Html::parse_fragment(html);
        let mut s = Splitter::default();
        s.walk(fragment.root_element(), 0);
        s.flush();
        s.body
    }

    /// Move the body into `art`, dropping what is metadata rather than story: a repeated
    /// headline, caption text, a leading byline or date line. `url` resolves relative links.
    pub(super) fn into_article(self, art: &mut Article, url: Option<&str>) {
        let Body { paragraphs, links } = self;
        let title = art.title.as_deref().map(normal);
        let captions: Vec<String> = art.captions.iter().map(|c| normal(&c.text)).collect();
        let mut keep = Vec::with_capacity(paragraphs.len());
        let mut leading = true;
        for p in &paragraphs {
            let n = normal(p);
            let drop = (leading && title.as_deref() == Some(n.as_str()))
                || captions.contains(&n)
                || (leading && take_byline_or_date(art, p));
            if !drop && !n.is_empty() {
                leading = false;
            }
            keep.push(!drop);
        }
        let mut new_index = Vec::with_capacity(paragraphs.len());
        for (p, k) in paragraphs.into_iter().zip(&keep) {
            new_index.push(art.paragraphs.len());
            if *k {
                art.paragraphs.push(p);
            }
        }
        for (p, range, href) in links {
            if !keep[p] {
                continue;
            }
            if let Some(target) = resolve(url, &href) {
                art.links.push((new_index[p], range, target));
            }
        }
    }
}

/// Lower-cased words, for comparing a paragraph with a title or caption.
fn normal(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// If `p` is a byline or a date line, record it in `art` and say so.
fn take_byline_or_date(art: &mut Article, p: &str) -> bool {
    if crate::byline::is_byline(p) {
        let b = crate::byline::parse_byline(p);
        if art.authors.is_empty() {
            art.authors = b.authors;
        }
        if art.agency.is_none() {
            art.agency = b.agency;
        }
        return true;
    }
    if p.split_whitespace().count() <= 10 {
        if let Some(d) = crate::dates::parse_date_line(p) {
            art.published.get_or_insert(d);
            return true;
        }
    }
    false
}

/// An `href` as an absolute web URL, resolved against the page URL; `None` for fragments,
/// `mailto:`, `javascript:` and relative links on a page with no URL.
fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if let Some(h) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{h}"));
    }
    if href.starts_with('/') {
        return Some(format!("{origin}{href}"));
    }
    if href.is_empty() || href.starts_with('#') || href.contains(':') {
        return None;
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!("{origin}{dir}{href}"))
}

/// Credit markers inside a caption's own text: "Photo: X", "(Credit: X)", "© X".
fn split_credit(text: &str) -> (String, Option<String>) {
    for marker in [
        "Photo:",
        "Photograph:",
        "Image:",
        "Picture:",
        "Credit:",
        "Photo credit:",
        "©",
    ] {
        if let Some(i) = text.rfind(marker) {
            let credit = text[i + marker.len()..]
                .trim()
                .trim_end_matches(')')
                .trim()
                .to_string();
            let caption = text[..i].trim().trim_end_matches('(').trim().to_string();
            if !credit.is_empty() && credit.split_whitespace().count() <= 8 {
                return (caption, Some(credit));
            }
        }
    }
    (text.to_string(), None)
}

/// Figure captions in the story (inside `<article>` when the page has one, never in page
/// furniture), each with its credit when the page marks one.
pub(super) fn captions(doc: &Document) -> Vec<Caption> {
    let scope = doc
        .query_selector(doc.root(), "article")
        .unwrap_or_else(|| doc.root());
    let mut out: Vec<Caption> = Vec::new();
    for id in doc.query_selector_all(scope, "figcaption") {
        if in_furniture(doc, id) {
            continue;
        }
        let full = clean(&doc.text_content(id));
        if full.is_empty() {
            continue;
        }
        let credit_el = doc
            .query_selector(
                id,
                ".credit, [class*=credit], [class*=copyright], [class*=source], small, cite",
            )
            .map(|c| clean(&doc.text_content(c)))
            .filter(|c| !c.is_empty() && *c != full);
        let caption = match credit_el {
            Some(credit) => {
                let text = match full.rfind(&credit) {
                    Some(i) => format!("{}{}", &full[..i], &full[i + credit.len()..]),
                    None => full.clone(),
                };
                let (text, _) = split_credit(text.trim());
                let credit = credit
                    .trim_start_matches(|c: char| c == '(' || c.is_whitespace())
                    .trim_end_matches(')')
                    .to_string();
                let credit = split_credit(&credit).1.unwrap_or(credit);
                Caption {
                    text: clean(&text),
                    credit: Some(credit),
                }
            }
            None => {
                let (text, credit) = split_credit(&full);
                Caption { text, credit }
            }
        };
        if !out.contains(&caption) {
            out.push(caption);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_blocks_and_keeps_links() {
        let b = Body::from_content_html(
            "<h2>Sub head</h2><p>One <a href=\"/x\"> two </a>three.</p>\
             <ul><li>Item a</li><li>Item b</li></ul><blockquote><p>Quoted.</p></blockquote>\
             <p>Line one<br>Line two</p><figure><figcaption>Cap</figcaption></figure>",
        );
        assert_eq!(
            b.paragraphs,
            [
                "Sub head",
                "One two three.",
                "Item a",
                "Item b",
                "Quoted.",
                "Line one",
                "Line two"
            ]
        );
        assert_eq!(b.links, [(1, 4..7, "/x".to_string())]);
        assert_eq!(&b.paragraphs[1][4..7], "two");
    }

    #[test]
    fn resolves_links() {
        let base = Some("https://ex.example/news/2021/story.html?x=1");
        assert_eq!(resolve(base, "/a").as_deref(), Some("https://ex.example/a"));
        assert_eq!(
            resolve(base, "b.html").as_deref(),
            Some("https://ex.example/news/2021/b.html")
        );
        assert_eq!(
            resolve(base, "//cdn.example/c").as_deref(),
            Some("https://cdn.example/c")
        );
        assert_eq!(resolve(base, "#top"), None);
        assert_eq!(resolve(base, "mailto:a@b.c"), None);
        assert_eq!(resolve(None, "/a"), None);
    }

    #[test]
    fn caption_credits() {
        assert_eq!(
            split_credit("Troops on parade. Photo: Reuters"),
            ("Troops on parade.".to_string(), Some("Reuters".to_string()))
        );
        assert_eq!(
            split_credit("A tank (Credit: Jane Doe)"),
            ("A tank".to_string(), Some("Jane Doe".to_string()))
        );
        assert_eq!(
            split_credit("No credit here"),
            ("No credit here".to_string(), None)
        );
    }
}
