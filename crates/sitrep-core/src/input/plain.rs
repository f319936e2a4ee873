//! plain reader.
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
