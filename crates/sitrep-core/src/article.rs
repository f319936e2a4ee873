//! The article as a reader delivers it: source metadata plus the body text, before analysis.

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

use crate::schema::{Caption, Document, Link, Related, Span, SCHEMA};
use crate::text::Text;

/// One article read from some input, before analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Where it came from, for error messages and bookkeeping: `file` or `file:line`.
    pub source: String,
    /// URL exactly as the input gave it.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Wire agency named in the byline.
    pub agency: Option<String>,
    /// Publication date or date-time, ISO 8601.
    pub published: Option<String>,
    /// Body paragraphs, in order, each on one line (soft wraps already joined).
    pub paragraphs: Vec<String>,
    /// Photo captions.
    pub captions: Vec<Caption>,
    /// Related-article lines.
    pub related: Vec<Related>,
    /// Links inside the body, as (paragraph index, byte range in that paragraph, target).
    pub links: Vec<(usize, std::ops::Range<usize>, String)>,
    /// Input fields the reader did not understand.
    pub meta: Map<String, Value>,
    /// Outlet name, when the input names it (HTML `og:site_name`); else derived from the URL.
    pub outlet: Option<String>,
    /// Language the input declares, if any.
    pub language: Option<String>,
}

impl Article {
    /// The body: NFC-normalised paragraphs joined by a blank line, with the offsets of each
    /// paragraph's start (in bytes) so links can be placed.
    fn body(&self) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(self.paragraphs.len());
        for p in &self.paragraphs {
            // Most text is already NFC (all ASCII text is): normalise only when it is not.
            let normalised;
            let p = if p.is_ascii() || unicode_normalization::is_nfc(p) {
                p.trim()
            } else {
                normalised = p.nfc().collect::<String>();
                normalised.trim()
            };
            if p.is_empty() {
                starts.push(text.len());
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            starts.push(text.len());
            text.push_str(p);
        }
        (text, starts)
    }

    /// Build the analysed text and the `sitrep.article/1` document skeleton (metadata and text
    /// structure; analysis layers empty).
    pub fn into_document(self) -> (Document, Text) {
        let (body, starts) = self.body();
        let text = Text::new(body);
        let (domain, outlet) = match &self.url {
            Some(url) => {
                let domain = crate::outlets::domain_of(url);
                let outlet = self
                    .outlet
                    .clone()
                    .or_else(|| {
                        domain
                            .as_deref()
                            .and_then(crate::outlets::outlet_name)
                            .map(str::to_string)
                    })
                    .or_else(|| domain.clone());
                (domain, outlet)
            }
            None => (None, self.outlet.clone()),
        };
        let links = self
            .links
            .iter()
            .filter_map(|(p, r, url)| {
                let base = *starts.get(*p)?;
                let s = text.span(base + r.start, base + r.end);
                Some(Link {
                    start: s.start,
                    end: s.end,
                    url: url.clone(),
                })
            })
            .collect();
        let id = crate::ids::article_id(self.url.as_deref(), &text.text);
        let doc = Document {
            schema: SCHEMA.to_string(),
            id,
            url: self.url,
            domain,
            outlet,
            title: self.title.map(|t| t.nfc().collect()),
            authors: self.authors,
            agency: self.agency,
            published: self.published,
            language: self
                .language
                .or_else(|| crate::language::detect_language(&text.text)),
            paragraphs: text
                .paragraphs
                .iter()
                .map(|r| text.span(r.start, r.end))
                .collect(),
            sentences: text
                .sentences
                .iter()
                .map(|s| text.span(s.start, s.end))
                .collect::<Vec<Span>>(),
            text: text.text.clone(),
            captions: self.captions,
            related: self.related,
            links,
            meta: self.meta,
            ..Document::default()
        };
        (doc, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_nfc_and_trimmed() {
        let a = Article {
            // "Café" with a combining acute accent; an NFC paragraph; an ASCII one.
            paragraphs: vec![
                "  Cafe\u{301} talks. ".to_string(),
                "Caf\u{e9} again.".to_string(),
                "Plain text.".to_string(),
            ],
            language: Some("en".to_string()),
            ..Article::default()
        };
        let (doc, text) = a.into_document();
        assert_eq!(
            text.text,
            "Caf\u{e9} talks.\n\nCaf\u{e9} again.\n\nPlain text."
        );
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert_eq!(doc.paragraphs.len(), 3);
    }
}
