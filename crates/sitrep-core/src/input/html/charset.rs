//! Bytes to text for web pages: BOM, declared charset, UTF-8, then a statistical guess.

use std::sync::OnceLock;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use regex::bytes::Regex;

/// How far into the page a charset declaration is looked for (the HTML standard says 1024
/// bytes; real pages put long `<script>`s first, so look a little further).
const PRESCAN_BYTES: usize = 4096;

/// Decode a page to text. Never fails: undecodable bytes become U+FFFD.
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    if let Some(enc) = declared(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        // A page cannot declare UTF-16 in ASCII-compatible bytes; browsers read it as UTF-8.
        let enc = if enc == UTF_16LE || enc == UTF_16BE {
            UTF_8
        } else {
            enc
        };
        // Pages that claim UTF-8 but are not are common in crawls; trust the bytes then.
        if enc != UTF_8 || utf8.is_some() {
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    if let Some(text) = utf8 {
        return text.to_string();
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector
        .guess(None, true)
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// Does the page start with a UTF-16 byte-order mark (so NUL bytes are expected)?
pub(super) fn has_utf16_bom(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc == UTF_16LE || enc == UTF_16BE)
}

/// The encoding a page declares in its head, if any and if `encoding_rs` knows the label.
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(
            r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
        )
        .expect("static regex")
    });
    let caps = r.captures(head)?;
    let label = caps.get(1).or_else(|| caps.get(2))?;
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared(br#"<meta charset="windows-1252">"#),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared(br#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=koi8-r">"#),
            Some(encoding_rs::KOI8_R)
        );
        assert_eq!(
            declared(br#"<?xml version="1.0" encoding="ISO-8859-1"?>"#),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(declared(b"<meta name=description content=charset>"), None);
    }

    #[test]
    fn decodes_legacy_and_lying_pages() {
        assert_eq!(decode(b"<p>caf\xe9</p>"), "<p>café</p>");
        assert_eq!(decode(b"\xef\xbb\xbf<p>x</p>"), "<p>x</p>");
        // Declares UTF-8, is Windows-1252.
        let s = decode(b"<meta charset=utf-8><p>\x93quoted\x94 caf\xe9 na\xefve</p>");
        assert!(s.contains("\u{201c}quoted\u{201d}"), "{s}");
    }
}
