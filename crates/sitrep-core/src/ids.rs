//! Stable article ids: from the canonical URL when there is one, else from the body text.

/// FNV-1a 64-bit: tiny, stable across platforms and releases (unlike `DefaultHasher`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The canonical form of a URL for identity: lower-case scheme and host, no `www.`, no
/// fragment, no tracking parameters (`utm_*`, `fbclid`, `gclid`), no trailing slash.
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| {
            let k = kv.split('=').next().unwrap_or("");
            !(k.starts_with("utm_") || matches!(k, "fbclid" | "gclid" | "ocid" | "cmpid"))
        })
        .collect();
    let path = path.trim_end_matches('/');
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "http"
    } else {
        scheme
    };
    let mut out = format!("{}://{}{}", scheme.to_lowercase(), host, path);
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out
}

/// The article id: `u` + hash of the canonical URL, or `t` + hash of the whitespace-normalised text.
pub fn article_id(url: Option<&str>, text: &str) -> String {
    match url.filter(|u| !u.trim().is_empty()) {
        Some(u) => format!("u{:016x}", fnv1a(canonical_url(u).as_bytes())),
        None => {
            let norm: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("t{:016x}", fnv1a(norm.as_bytes()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_urls_ignore_noise() {
        let a = canonical_url("https://www.Example.com/a/b/?utm_source=x&id=3#top");
        assert_eq!(a, "http://example.com/a/b?id=3");
        assert_eq!(
            article_id(Some("https://example.com/a/b"), ""),
            article_id(Some("http://www.example.com/a/b/"), "x")
        );
    }
}
