//! Page metadata: title, authors, agency, date, URL, outlet and language from the page's head.
//!
//! Sources in order of trust: OpenGraph / `article:*` tags, JSON-LD `NewsArticle` (or any
//! `Article`), `<time datetime>`, Dublin Core and other `<meta name>` conventions, byline elements,
//! and last the `<title>` element with its " | Site" suffix removed.

use serde_json::{Map, Value};
use trafilatura::dom::{Document, NodeId};

use crate::byline::{agency_name, parse_byline};
use crate::dates::normalize_published;

/// What the page says about itself.
#[derive(Debug, Default)]
pub(super) struct PageMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub agency: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// Fields kept under the article's `meta` (description, modified date, section).
    pub extra: Map<String, Value>,
}

/// `<meta>` tags as (lower-cased property/name/itemprop, content) in document order.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(doc: &Document) -> MetaTags {
        let mut tags = Vec::new();
        for id in doc.query_selector_all(doc.root(), "meta[content]") {
            let Some(content) = doc.get_attribute(id, "content") else {
                continue;
            };
            let content = clean(&content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = doc.get_attribute(id, attr) {
                    // `property` may list several names separated by spaces.
                    for k in key.split_whitespace() {
                        tags.push((k.to_ascii_lowercase(), content.clone()));
                    }
                }
            }
        }
        MetaTags(tags)
    }

    /// The first value among `keys`, in the order of `keys`.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|k| self.0.iter().find(|(key, _)| key == k))
            .map(|(_, v)| v.clone())
    }

    /// Every value of `key`, in document order.
    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// What the JSON-LD article object says.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

impl JsonLd {
    fn read(doc: &Document) -> JsonLd {
        let mut best: Option<(u8, Map<String, Value>)> = None;
        for id in doc.scripts_with_type(&["application/ld+json"]) {
            let text = doc.text_content(id);
            // Some CMSs wrap the JSON in a CDATA section.
            let text = text.trim().trim_start_matches("//").trim();
            let text = text.strip_prefix("<![CDATA[").unwrap_or(text);
            let text = text.trim_end().trim_end_matches("//").trim_end();
            let text = text.strip_suffix("]]>").unwrap_or(text).trim();
            let text = text.trim_end_matches("//").trim().trim_end_matches(';');
            let Ok(value) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let mut objects = Vec::new();
            collect_objects(&value, &mut objects, 0);
            for obj in objects {
                let rank = article_rank(obj);
                if rank > 0 && best.as_ref().is_none_or(|(r, _)| rank > *r) {
                    best = Some((rank, obj.clone()));
                }
            }
        }
        let Some((_, obj)) = best else {
            return JsonLd::default();
        };
        let text = |key: &str| obj.get(key).and_then(as_text);
        let mut authors = Vec::new();
        if let Some(a) = obj.get("author").or_else(|| obj.get("creator")) {
            names(a, &mut authors);
        }
        JsonLd {
            headline: text("headline").or_else(|| text("name")),
            authors,
            published: text("datePublished").or_else(|| text("dateCreated")),
            modified: text("dateModified"),
            publisher: obj.get("publisher").and_then(|p| {
                let mut n = Vec::new();
                names(p, &mut n);
                n.into_iter().next()
            }),
            url: text("url").or_else(|| {
                obj.get("mainEntityOfPage").and_then(|m| match m {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("@id").and_then(as_text),
                    _ => None,
                })
            }),
            language: text("inLanguage"),
        }
    }
}

/// All JSON objects in a JSON-LD value, `@graph` members included.
fn collect_objects<'a>(v: &'a Value, out: &mut Vec<&'a Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_objects(i, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// How much a JSON-LD object looks like the page's article: news > other articles > web page.
fn article_rank(o: &Map<String, Value>) -> u8 {
    let types: Vec<&str> = match o.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => return 0,
    };
    types
        .iter()
        .map(|t| match *t {
            t if t.ends_with("NewsArticle") => 4,
            "Article" | "BlogPosting" | "Report" | "LiveBlogPosting" | "OpinionNewsArticle" => 3,
            "WebPage" | "ItemPage" => 1,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(as_text),
        _ => None,
    }
}

/// Names from a JSON-LD person/organisation value (a string, an object or a list of either).
fn names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(clean(s)),
        Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(as_text) {
                out.push(n);
            }
        }
        Value::Array(a) => a.iter().for_each(|i| names(i, out)),
        _ => {}
    }
    out.retain(|n| !n.is_empty());
}

/// Collapse whitespace and trim.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An absolute web URL, or `None`.
fn web_url(s: &str) -> Option<String> {
    let s = s.trim();
    (s.starts_with("http://") || s.starts_with("https://")).then(|| s.to_string())
}

/// Is this node inside page furniture (navigation, header, footer, sidebars) rather than the
/// story? A header inside `<article>` is the story's own header.
pub(super) fn in_furniture(doc: &Document, mut id: NodeId) -> bool {
    while let Some(p) = doc.parent(id) {
        match doc.tag_name(p) {
            "article" | "main" => return false,
            "nav" | "footer" | "aside" | "header" => return true,
            _ => {}
        }
        id = p;
    }
    false
}

impl PageMeta {
    /// Read a parsed page's metadata.
    pub(super) fn from_document(doc: &Document) -> PageMeta {
        let tags = MetaTags::read(doc);
        let ld = JsonLd::read(doc);
        let mut meta = PageMeta {
            outlet: tags
                .first(&["og:site_name", "application-name"])
                .or(ld.publisher.clone()),
            ..PageMeta::default()
        };

        let html_title = doc
            .query_selector(doc.root(), "title")
            .map(|t| clean(&doc.text_content(t)))
            .filter(|t| !t.is_empty());
        meta.title = tags
            .first(&["og:title", "twitter:title"])
            .map(|t| strip_site_suffix(&t, meta.outlet.as_deref(), false))
            .or(ld.headline.clone())
            .or_else(|| {
                html_title
                    .as_deref()
                    .map(|t| strip_site_suffix(t, meta.outlet.as_deref(), true))
            })
            .or_else(|| {
                doc.query_selector(doc.root(), "h1")
                    .map(|h| clean(&doc.text_content(h)))
                    .filter(|t| !t.is_empty())
            });

        meta.read_people(doc, &tags, &ld);
        // "BBC News" as the author is the outlet, not a person.
        if let Some(outlet) = &meta.outlet {
            meta.authors.retain(|a| !a.eq_ignore_ascii_case(outlet));
        }

        meta.published = tags
            .first(&["article:published_time", "og:published_time"])
            .and_then(|d| published(&d))
            .or_else(|| ld.published.as_deref().and_then(published))
            .or_else(|| time_element(doc))
            .or_else(|| {
                tags.first(&[
                    "datepublished",
                    "date",
                    "pubdate",
                    "publishdate",
                    "publish-date",
                    "dc.date.issued",
                    "dc.date",
                    "dcterms.date",
                    "dcterms.created",
                    "sailthru.date",
                    "parsely-pub-date",
                ])
                .and_then(|d| published(&d))
            });

        meta.url = doc
            .query_selector_all(doc.root(), "link[rel][href]")
            .into_iter()
            .find(|&l| {
                doc.get_attribute(l, "rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|l| doc.get_attribute(l, "href"))
            .and_then(|u| web_url(&u))
            .or_else(|| tags.first(&["og:url"]).and_then(|u| web_url(&u)))
            .or_else(|| ld.url.as_deref().and_then(web_url));

        meta.language = doc
            .query_selector(doc.root(), "html[lang]")
            .and_then(|h| doc.get_attribute(h, "lang"))
            .or_else(|| tags.first(&["content-language", "og:locale", "dc.language"]))
            .or(ld.language.clone())
            .and_then(|l| language_code(&l));

        if let Some(d) = tags.first(&["description", "og:description"]) {
            meta.extra.insert("description".into(), Value::String(d));
        }
        if let Some(m) = tags
            .first(&["article:modified_time"])
            .or(ld.modified)
            .and_then(|d| published(&d))
        {
            meta.extra.insert("modified".into(), Value::String(m));
        }
        if let Some(s) = tags.first(&["article:section"]) {
            meta.extra.insert("section".into(), Value::String(s));
        }
        meta
    }

    /// Fill what the page's own tags left empty from trafilatura's metadata heuristics
    /// (which also read `<meta>` and bylines, with other rules).
    pub(super) fn fill_from(&mut self, t: &trafilatura::Metadata) {
        if self.authors.is_empty() && !t.author.is_empty() {
            for name in t.author.split(';') {
                let name = clean(name);
                if let Some(a) = agency_name(&name) {
                    self.agency.get_or_insert_with(|| a.to_string());
                } else if !name.is_empty() && is_name(&name) && !self.authors.contains(&name) {
                    self.authors.push(name);
                }
            }
        }
        if self.title.is_none() && !t.title.is_empty() {
            self.title = Some(clean(&t.title));
        }
        if self.published.is_none() {
            self.published = t.date.map(|d| d.format("%Y-%m-%d").to_string());
        }
        if self.outlet.is_none() && !t.sitename.is_empty() {
            self.outlet = Some(clean(&t.sitename));
        }
    }

    /// Authors and wire agency: JSON-LD, `<meta>` tags, then byline elements in the page.
    fn read_people(&mut self, doc: &Document, tags: &MetaTags, ld: &JsonLd) {
        let mut candidates: Vec<String> = ld.authors.clone();
        if candidates.is_empty() {
            for key in [
                "author",
                "article:author",
                "dc.creator",
                "article:author_name",
                "parsely-author",
                "sailthru.author",
                "byl",
            ] {
                candidates.extend(tags.all(key).filter(|c| is_name(c)).map(str::to_string));
                if !candidates.is_empty() {
                    break;
                }
            }
        }
        // Byline elements: always read, for the agency ("By X for AFP") if not for the names.
        let bylines: Vec<String> = doc
            .query_selector_all(
                doc.root(),
                "[itemprop~=author], [rel=author], [class*=byline], .author, [class~=author-name]",
            )
            .into_iter()
            .filter(|&id| !in_furniture(doc, id))
            .map(|id| clean(&doc.text_content(id)))
            .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 16)
            .take(4)
            .collect();
        for b in &bylines {
            let parsed = parse_byline(b);
            if self.agency.is_none() {
                self.agency = parsed.agency;
            }
        }
        if candidates.is_empty() {
            // The outermost byline element carries the whole line ("By A and B for AFP").
            candidates.extend(bylines.into_iter().take(1));
        }
        for c in candidates {
            if !is_name(&c) {
                continue;
            }
            if let Some(a) = agency_name(&c) {
                self.agency.get_or_insert_with(|| a.to_string());
                continue;
            }
            let parsed = parse_byline(&c);
            if self.agency.is_none() {
                self.agency = parsed.agency;
            }
            for a in parsed.authors {
                if !self.authors.contains(&a) {
                    self.authors.push(a);
                }
            }
        }
    }
}

/// Could this author value be a name? Profile URLs (`article:author` on Facebook-style pages)
/// are not.
fn is_name(s: &str) -> bool {
    !(s.contains("://") || s.starts_with('/') || s.starts_with("www."))
}

/// The first `<time datetime>` that marks publication, else the first one in the article.
fn time_element(doc: &Document) -> Option<String> {
    let times = doc.query_selector_all(doc.root(), "time[datetime]");
    let pick = times
        .iter()
        .find(|&&t| {
            doc.get_attribute(t, "pubdate").is_some()
                || doc.get_attribute(t, "itemprop").as_deref() == Some("datePublished")
        })
        .or_else(|| times.iter().find(|&&t| !in_furniture(doc, t)))?;
    published(&doc.get_attribute(*pick, "datetime")?)
}

/// A metadata date normalised to ISO 8601; also reads compact `20210913` dates.
fn published(value: &str) -> Option<String> {
    let v = value.trim();
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        let iso = format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..]);
        return normalize_published(&iso);
    }
    // "2021-09-13T14:05:00.000Z", "2021-09-13 14:05:00+0300": forms RFC 3339 parsers reject.
    if chrono::DateTime::parse_from_rfc3339(v).is_err() {
        if let Some(dt) = near_rfc3339(v) {
            return Some(dt);
        }
    }
    normalize_published(v).or_else(|| {
        // A date with trailing junk: keep the date.
        let date = v.get(..10)?;
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .map(|d| d.format("%Y-%m-%d").to_string())
    })
}

/// Date-times that are nearly RFC 3339: a space for `T`, a zone without a colon, no zone.
fn near_rfc3339(v: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDateTime};
    let v = v.replacen(' ', "T", 1);
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%.f%#z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(&v, f) {
            return Some(dt.to_rfc3339());
        }
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(&v, f) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    None
}

/// "en-GB", "en_US", "EN" → "en".
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() >= 2 && primary.len() <= 3 && primary.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some(primary)
}

/// Remove a trailing " | Site", " - Site" or " — Site" from a page title.
///
/// The suffix goes when it is the outlet's name; for the `<title>` element (`loose`) also when it
/// is short (at most four words) and the rest is longer than it.
pub(super) fn strip_site_suffix(title: &str, outlet: Option<&str>, loose: bool) -> String {
    let title = clean(title);
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        let tail_words = tail.split_whitespace().count();
        let is_outlet = outlet.is_some_and(|o| {
            let (o, t) = (o.to_lowercase(), tail.to_lowercase());
            t == o || t.trim_start_matches("the ") == o.trim_start_matches("the ")
        });
        if is_outlet || (loose && tail_words <= 4 && head.split_whitespace().count() > tail_words) {
            return head.trim().to_string();
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes() {
        assert_eq!(
            strip_site_suffix("Belarus eyes arms deal | The Daily Courier", None, true),
            "Belarus eyes arms deal"
        );
        assert_eq!(
            strip_site_suffix("Poland declares emergency - Northern Gazette", None, true),
            "Poland declares emergency"
        );
        assert_eq!(
            strip_site_suffix("Biden - the interview", Some("CNN"), false),
            "Biden - the interview"
        );
        assert_eq!(
            strip_site_suffix("Lukashenko speaks – Reuters", Some("Reuters"), false),
            "Lukashenko speaks"
        );
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(published("20210902").as_deref(), Some("2021-09-02"));
        assert_eq!(
            published("2021-09-13T14:05:00+03:00").as_deref(),
            Some("2021-09-13T14:05:00+03:00")
        );
        assert_eq!(
            published("2021-09-13T11:05:00.000Z").as_deref(),
            Some("2021-09-13T11:05:00+00:00")
        );
        assert_eq!(
            published("2021-09-13 14:05:00+0300").as_deref(),
            Some("2021-09-13T14:05:00+03:00")
        );
        assert_eq!(
            published("September 13, 2021").as_deref(),
            Some("2021-09-13")
        );
        assert_eq!(published("soon"), None);
    }

    #[test]
    fn language_tags() {
        assert_eq!(language_code("en-GB").as_deref(), Some("en"));
        assert_eq!(language_code("fr_FR").as_deref(), Some("fr"));
        assert_eq!(language_code("").as_deref(), None);
    }
}
