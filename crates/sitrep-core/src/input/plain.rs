//! Plain-text articles: the first non-empty line is the title; an optional byline and date line
//! may follow; the rest is body, laid out by [`layout::paragraphs`] (soft wraps joined).

use super::markdown::take_dateline;
use super::{layout, require_body, ReadError, ReadErrorKind, ReadOptions};
use crate::article::Article;
use crate::byline::{is_byline, parse_byline};
use crate::dates::{normalize_published, parse_date_line};

/// Read one plain-text article.
pub fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Article, ReadError> {
    let text = text.replace("\r\n", "\n");
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let Some(title) = lines.next() else {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Empty,
            "the file is empty",
        ));
    };
    let mut art = Article {
        source: source.to_string(),
        title: Some(title.trim().to_string()),
        ..Article::default()
    };
    // Header lines right after the title: byline, date.
    let rest: Vec<&str> = lines.collect();
    let mut body_from = 0;
    for (i, line) in rest.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if is_byline(t) && art.authors.is_empty() {
            let b = parse_byline(t);
            art.authors = b.authors;
            art.agency = b.agency;
        } else if art.published.is_none() && parse_date_line(t).is_some() {
            art.published = parse_date_line(t);
        } else {
            body_from = i;
            break;
        }
        body_from = i + 1;
    }
    art.paragraphs = layout::paragraphs(&rest[body_from.min(rest.len())..].join("\n"));
    if art.published.is_none() {
        art.published = opts.published.as_deref().and_then(normalize_published);
    }
    art.url = opts.url.clone();
    take_dateline(&mut art);
    require_body(source, art)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_then_wrapped_body() {
        let opts = ReadOptions {
            published: Some("2021-09-13".into()),
            url: Some("https://e.com/x".into()),
            ..Default::default()
        };
        let a = read("a.txt", "\n  Arms Deal Signed\n\nMOSCOW (Reuters) - Russia agreed on Monday to supply\nBelarus with weapons worth more than a billion dollars, officials\nsaid on a visit to the region's main testing range.\n\nA second paragraph follows here and it is also long enough\nto be wrapped by the wire service at about seventy chars.\n", &opts).unwrap();
        assert_eq!(a.title.as_deref(), Some("Arms Deal Signed"));
        assert_eq!(a.paragraphs.len(), 2);
        assert!(a.paragraphs[0].starts_with("Russia agreed on Monday to supply Belarus"));
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert_eq!(a.published.as_deref(), Some("2021-09-13"));
        assert_eq!(a.url.as_deref(), Some("https://e.com/x"));
    }

    #[test]
    fn byline_and_date_after_title() {
        let a = read(
            "a.txt",
            "Title\nBy Jane Doe\nMarch 3, 2022\n\nBody here.",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.published.as_deref(), Some("2022-03-03"));
        assert_eq!(a.paragraphs, ["Body here."]);
    }

    #[test]
    fn title_only_is_no_body() {
        assert_eq!(
            read("a.txt", "Only a title\n", &ReadOptions::default())
                .unwrap_err()
                .kind,
            ReadErrorKind::NoBody
        );
    }
}
