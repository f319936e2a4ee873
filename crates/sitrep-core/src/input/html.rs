//! HTML pages: metadata from `<meta>`/OpenGraph/JSON-LD/`<time>`, body from main-content extraction.

use super::{ReadError, ReadErrorKind, ReadOptions};
use crate::article::Article;

/// Read one saved web page.
pub fn read(source: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Article, ReadError> {
    let _ = (bytes, opts);
    Err(ReadError::new(
        source,
        ReadErrorKind::UnknownFormat,
        "HTML reading is not built yet",
    ))
}
