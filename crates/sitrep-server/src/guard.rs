//! The security layer: bearer token, Host check, request size, response headers.
//!
//! - With `--token`, every `/api/` call except the OpenAPI file needs
//!   `Authorization: Bearer <token>` (compared in constant time); the UI's static files carry
//!   no data and stay public, and the app asks for the token when the API answers 401.
//! - On loopback, the Host header must name loopback too, so a web page cannot reach the API
//!   through DNS rebinding.
//! - Only GET and HEAD exist; bodies over [`MAX_BODY_BYTES`] are refused, and so are URIs over
//!   [`MAX_URI_BYTES`].
//! - Every response says `nosniff`, `no-referrer`, and a Content-Security-Policy that allows
//!   only the server's own script and style: nothing inline ever runs.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;
use crate::AppState;

/// Largest request body accepted (the API has no bodies; this only stops abuse).
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest request URI accepted.
pub const MAX_URI_BYTES: usize = 4 * 1024;

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

/// Equal strings, compared in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a Host header names this machine.
fn host_is_loopback(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    matches!(name, "localhost" | "::1") || name.starts_with("127.")
}

/// Checks a request before it reaches a route, and adds the security headers to the answer.
pub async fn check(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let mut res = match refuse(&state, &req) {
        Some(err) => err.into_response(),
        None => next.run(req).await,
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Why a request is refused, if it is.
fn refuse(state: &AppState, req: &Request<Body>) -> Option<ApiError> {
    let err = |status: StatusCode, message: &str| {
        Some(ApiError {
            status,
            message: message.into(),
        })
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return err(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD: the server is read-only",
        );
    }
    if req.uri().to_string().len() > MAX_URI_BYTES {
        return err(StatusCode::URI_TOO_LONG, "the request URI is too long");
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return err(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is too large",
        );
    }
    if state.loopback {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().host());
        if !host.is_some_and(host_is_loopback) {
            return err(
                StatusCode::MISDIRECTED_REQUEST,
                "the Host header must name this machine (localhost or 127.0.0.1)",
            );
        }
    }
    let path = req.uri().path();
    if let Some(token) = state.token.as_deref() {
        if path.starts_with("/api/") && path != "/api/openapi.json" {
            let given = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            if !given.is_some_and(|g| same(g.as_bytes(), token.as_bytes())) {
                return err(
                    StatusCode::UNAUTHORIZED,
                    "this server needs a token: send `Authorization: Bearer <token>`",
                );
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:80",
            "127.1.2.3",
        ] {
            assert!(host_is_loopback(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1",
            "localhost.evil.com",
        ] {
            assert!(!host_is_loopback(bad), "{bad}");
        }
    }

    #[test]
    fn token_comparison() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
