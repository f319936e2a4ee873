//! markdown reader.
use super::{ReadError, ReadErrorKind, ReadOptions};
use crate::article::Article;

/// Read one article.
pub fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Article, ReadError> {
    let _ = (text, opts);
    Err(ReadError::new(
        source,
        ReadErrorKind::UnknownFormat,
        "not built yet",
    ))
}

/// Does the head of a file look like scraped markdown?
pub fn looks_like_markdown(head: &str) -> bool {
    head.contains("](") || head.contains("\nBy ") || head.starts_with("# ")
}
