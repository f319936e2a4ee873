//! JSONL: one article per line, `{"url","title","published","text","authors"}`; fields it does
//! not know are kept under `meta`. A bad line is one error naming `file:line`; the rest go on.

use serde_json::{Map, Value};

use super::markdown::take_dateline;
use super::{layout, require_body, ReadError, ReadErrorKind};
use crate::article::Article;
use crate::dates::normalize_published;

const TEXT_KEYS: &[&str] = &["text", "body", "content", "article"];
const DATE_KEYS: &[&str] = &[
    "published",
    "date",
    "pubDate",
    "published_at",
    "datePublished",
];

/// Read every line of a JSONL file.
pub fn read(source: &str, text: &str) -> Vec<Result<Article, ReadError>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| read_line(&format!("{source}:{}", i + 1), line))
        .collect()
}

/// Read one JSON object as an article.
pub fn read_line(source: &str, line: &str) -> Result<Article, ReadError> {
    if line.len() > super::MAX_INPUT_BYTES {
        return Err(super::too_large(source, line.len(), super::MAX_INPUT_BYTES));
    }
    let value: Value = serde_json::from_str(line).map_err(|e| {
        ReadError::new(
            source,
            ReadErrorKind::Malformed,
            format!("not a JSON object: {e}"),
        )
    })?;
    let Value::Object(mut obj) = value else {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Malformed,
            "a line must be a JSON object",
        ));
    };
    let mut art = Article {
        source: source.to_string(),
        ..Article::default()
    };
    art.url = take_string(&mut obj, &["url", "link", "source_url"]);
    art.title = take_string(&mut obj, &["title", "headline"]);
    if let Some(raw) = take_string(&mut obj, DATE_KEYS) {
        match normalize_published(&raw) {
            Some(p) => art.published = Some(p),
            None => {
                obj.insert("published_raw".into(), Value::String(raw));
            }
        }
    }
    art.authors = match obj.remove("authors").or_else(|| obj.remove("author")) {
        Some(Value::String(s)) => crate::byline::parse_byline(&s).authors,
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(other) => {
            obj.insert("authors".into(), other);
            Vec::new()
        }
        None => Vec::new(),
    };
    art.agency = take_string(&mut obj, &["agency"]);
    art.language = take_string(&mut obj, &["language", "lang"]);
    art.outlet = take_string(&mut obj, &["outlet", "source", "site_name"]);
    let Some(body) = take_string(&mut obj, TEXT_KEYS) else {
        return Err(ReadError::new(
            source,
            ReadErrorKind::NoBody,
            "no \"text\" field",
        ));
    };
    art.paragraphs = layout::paragraphs(&body);
    art.meta = obj;
    take_dateline(&mut art);
    require_body(source, art)
}

fn take_string(obj: &mut Map<String, Value>, keys: &[&str]) -> Option<String> {
    for k in keys {
        if let Some(Value::String(s)) = obj.get(*k) {
            let s = s.trim().to_string();
            obj.remove(*k);
            if !s.is_empty() {
                return Some(s);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_meta_and_errors() {
        let input = "{\"url\":\"https://e.com/a\",\"title\":\"T\",\"published\":\"2021-09-13\",\"text\":\"Body one.\\n\\nBody two.\",\"authors\":[\"A B\"],\"section\":\"world\"}\n{bad json}\n\n{\"title\":\"No text\"}\n";
        let out = read("in.jsonl", input);
        assert_eq!(out.len(), 3);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://e.com/a"));
        assert_eq!(a.paragraphs, ["Body one.", "Body two."]);
        assert_eq!(a.authors, ["A B"]);
        assert_eq!(a.meta.get("section").and_then(Value::as_str), Some("world"));
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.source, "in.jsonl:2");
        assert_eq!(e.kind, ReadErrorKind::Malformed);
        assert_eq!(out[2].as_ref().unwrap_err().source, "in.jsonl:4");
    }
}
