//! API tests: a small database built from hand-made documents (one with `<script>` in its
//! title and text), queried through the router with `oneshot`, and once over a real listener.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use sitrep_core::schema::*;
use sitrep_server::{app, check_bind, AppState, Config};
use sitrep_store::{fixtures, Store};
use tower::ServiceExt;

/// The store's Belarus arms story (`sitrep_store::fixtures`) as `outlet` ran it on
/// `published`: its "on Monday" resolved to that day, and its countries placed on the map.
fn belarus(id: &str, outlet: &str, published: &str) -> Document {
    let mut doc = fixtures::belarus(id, outlet, published, "");
    for t in &mut doc.times {
        t.value = Some(published.into());
    }
    for e in doc.entities.iter_mut().filter(|e| e.kind == "GPE") {
        e.geo = Some(Geo {
            lat: 53.9,
            lon: 27.6,
        });
    }
    doc
}

const SCRIPT: &str = "<script>alert(1)</script>";

/// An article whose title and text carry markup that must never run.
fn hostile() -> Document {
    let text = format!(
        "A reader wrote {SCRIPT} into a comment on the ministry site, and the page also showed \
         <img src=x onerror=alert(2)> before moderators removed both in Warsaw on Tuesday."
    );
    let t = text.as_str();
    Document {
        schema: SCHEMA.into(),
        id: "evil".into(),
        url: Some("javascript:alert(3)".into()),
        outlet: Some("example.org".into()),
        domain: Some("example.org".into()),
        title: Some(format!("Comment {SCRIPT}")),
        published: Some("2022-01-04".into()),
        language: Some("en".into()),
        entities: vec![Entity {
            geo: Some(Geo {
                lat: 52.2,
                lon: 21.0,
            }),
            ..fixtures::entity(
                t,
                "e1",
                "GPE",
                "Poland",
                Some("PL"),
                Some("POL"),
                Some(("iso3166", "PL")),
                &["Warsaw"],
            )
        }],
        paragraphs: vec![Span {
            start: 0,
            end: t.chars().count(),
        }],
        text,
        ..Default::default()
    }
}

/// A database file with two copies of the Belarus story and the hostile article.
fn database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let mut store = Store::open(&path).unwrap();
    store
        .insert(&belarus("u1", "themoscowtimes.com", "2021-09-13"))
        .unwrap();
    store
        .insert(&belarus("u2", "france24.com", "2021-09-20"))
        .unwrap();
    store.insert(&hostile()).unwrap();
    drop(store);
    (dir, path)
}

fn state(path: &Path, token: Option<&str>) -> AppState {
    let mut config = Config::new(path);
    config.token = token.map(Into::into);
    config.connections = 2;
    AppState::open(&config).unwrap()
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(state: &AppState, req: Request<Body>) -> Reply {
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap()
}

async fn get_json(state: &AppState, uri: &str) -> Value {
    let r = send(state, get(uri)).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
    r.json()
}

#[tokio::test]
async fn every_query_answers() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let stats = get_json(&s, "/api/stats").await;
    assert_eq!(stats["tables"]["articles"], 3);

    let hits = get_json(&s, "/api/search?q=S-400").await;
    assert_eq!(hits["items"].as_array().unwrap().len(), 2);
    assert!(hits["items"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[S-400]"));
    assert_eq!(hits["next_offset"], Value::Null);

    let doc = get_json(&s, "/api/articles/u1").await;
    assert_eq!(doc["schema"], "sitrep.article/1");
    assert_eq!(doc["arms_transfers"][0]["supplier"], "RU");

    let story = get_json(&s, "/api/articles/u1/story").await;
    let others = story["others"].as_array().unwrap();
    assert_eq!(others.len(), 1, "{story}");
    assert_eq!(others[0]["outlet"], "france24.com");

    let e = get_json(&s, "/api/entities/Lukashenko").await;
    assert_eq!(e["profile"]["entity"]["name"], "Alexander Lukashenko");
    assert_eq!(e["profile"]["quotes"].as_array().unwrap().len(), 2);
    assert_eq!(e["profile"]["timeline"][0]["month"], "2021-09");
    let belarus = get_json(&s, "/api/entities/Belarus").await;
    assert_eq!(belarus["events"].as_array().unwrap().len(), 2);

    let q = get_json(&s, "/api/quotes?speaker=lukashenko&limit=1").await;
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
    assert_eq!(q["next_offset"], 1);
    let q = get_json(&s, "/api/quotes?speaker=lukashenko&limit=1&offset=1").await;
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
    assert_eq!(q["next_offset"], Value::Null);

    let ev = get_json(&s, "/api/events?kind=arms_transfer&since=2021-09-14").await;
    assert_eq!(ev["items"].as_array().unwrap().len(), 1);

    let arms = get_json(&s, "/api/arms").await;
    let deals = arms["items"].as_array().unwrap();
    assert_eq!(deals.len(), 2); // S-400 and helicopters, RU → BY
    assert_eq!(deals[0]["num_articles"], 2);
    assert_eq!(deals[0]["num_sources"], 1); // wire copies of one story

    let stories = get_json(&s, "/api/stories").await;
    assert_eq!(stories["items"][0]["articles"], 2);

    let places = get_json(&s, "/api/places").await;
    assert!(places["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Belarus"));

    let spec = get_json(&s, "/api/openapi.json").await;
    assert_eq!(spec["openapi"], "3.0.3");
    for route in [
        "/api/search",
        "/api/articles/{id}",
        "/api/entities/{name}",
        "/api/quotes",
        "/api/events",
        "/api/arms",
        "/api/stories",
        "/api/stats",
    ] {
        assert!(spec["paths"].get(route).is_some(), "{route} undocumented");
    }
}

#[tokio::test]
async fn search_filters() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let ids = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(get_json(&s, "/api/search?q=belarus&outlet=france24").await),
        ["u2"]
    );
    assert_eq!(
        ids(get_json(&s, "/api/search?q=belarus&since=2021-09-14").await),
        ["u2"]
    );
    assert_eq!(
        ids(get_json(&s, "/api/search?q=belarus&until=2021-09-13").await),
        ["u1"]
    );
    assert_eq!(ids(get_json(&s, "/api/search?actor=POL").await), ["evil"]);
    assert_eq!(
        ids(get_json(&s, "/api/search?actor=lukashenko&until=2021-09").await).len(),
        2
    );
    assert_eq!(
        ids(get_json(&s, "/api/search?kind=arms_transfer&since=2021").await).len(),
        2
    );
    // Without words: newest first.
    assert_eq!(ids(get_json(&s, "/api/search").await), ["evil", "u2", "u1"]);
    // FTS syntax and LIKE wildcards in user text are taken literally.
    assert!(ids(get_json(&s, "/api/search?q=%22%20OR%20(").await).is_empty());
    assert!(ids(get_json(&s, "/api/search?outlet=%25").await).is_empty());
    assert!(
        ids(get_json(&s, "/api/search?q=x%27%3B%20DROP%20TABLE%20articles%3B--").await).is_empty()
    );
    assert_eq!(get_json(&s, "/api/stats").await["tables"]["articles"], 3);
}

#[tokio::test]
async fn arms_register_sorts_filters_and_pages() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let systems = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["system"].as_str().unwrap().to_string())
            .collect()
    };
    let asc = get_json(&s, "/api/arms?sort=system").await;
    assert_eq!(systems(&asc), ["helicopters", "S-400"]);
    let desc = get_json(&s, "/api/arms?sort=system&order=desc").await;
    assert_eq!(systems(&desc), ["S-400", "helicopters"]);
    assert_eq!(
        systems(&get_json(&s, "/api/arms?system=s-4").await),
        ["S-400"]
    );
    assert!(get_json(&s, "/api/arms?supplier=US").await["items"]
        .as_array()
        .unwrap()
        .is_empty());
    let first = get_json(&s, "/api/arms?limit=1&sort=system").await;
    assert_eq!(systems(&first), ["helicopters"]);
    assert_eq!(first["next_offset"], 1);
    let bad = send(&s, get("/api/arms?sort=price;DROP")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pages_and_parameters_are_bounded() {
    let (_dir, path) = database();
    let s = state(&path, None);
    for uri in [
        "/api/search?limit=101",
        "/api/search?limit=0",
        "/api/search?limit=-1",
        "/api/search?limit=ten",
        "/api/events?offset=10001",
        "/api/search?since=yesterday",
        "/api/quotes",
        "/api/arms?order=sideways",
        "/api/places?limit=5000",
    ] {
        let r = send(&s, get(uri)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.json()["error"].is_string(), "{uri}");
    }
    let long = format!("/api/search?q={}", "a".repeat(600));
    assert_eq!(send(&s, get(&long)).await.status, StatusCode::BAD_REQUEST);
    let huge = format!("/api/search?q={}", "a".repeat(5000));
    assert_eq!(send(&s, get(&huge)).await.status, StatusCode::URI_TOO_LONG);
    assert_eq!(get_json(&s, "/api/search?limit=100").await["limit"], 100);
    assert_eq!(
        send(&s, get("/api/articles/nope")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&s, get("/api/entities/Nobody")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&s, get("/nothing")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn article_markup_is_data_never_html() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let r = send(&s, get("/api/articles/evil")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let doc = r.json();
    assert!(doc["text"].as_str().unwrap().contains(SCRIPT));
    assert_eq!(doc["title"], format!("Comment {SCRIPT}"));
    let hits = get_json(&s, "/api/search?q=alert").await;
    assert_eq!(hits["items"][0]["id"], "evil");

    // The page itself is a fixed shell: no data in it, the CSP forbids inline script, and the
    // app never hands data to an HTML parser.
    let page = send(&s, get("/")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("alert"));
    assert!(page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));
    let js = send(&s, get("/assets/app.js")).await.text();
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
    // Links from data are only followed when they are http(s): `javascript:` URLs are dropped.
    assert!(js.contains("/^https?:\\/\\//i.test(url)"));
}

#[tokio::test]
async fn token_is_required_when_given() {
    let (_dir, path) = database();
    let s = state(&path, Some("s3cret"));
    assert_eq!(
        send(&s, get("/api/stats")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let wrong = Request::get("/api/stats")
        .header(header::HOST, "localhost")
        .header(header::AUTHORIZATION, "Bearer s3cre")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&s, wrong).await.status, StatusCode::UNAUTHORIZED);
    let query = send(&s, get("/api/stats?token=s3cret")).await;
    assert_eq!(query.status, StatusCode::UNAUTHORIZED);
    let right = Request::get("/api/articles/u1")
        .header(header::HOST, "localhost")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&s, right).await.status, StatusCode::OK);
    // The app shell and the API description hold no data.
    assert_eq!(send(&s, get("/")).await.status, StatusCode::OK);
    assert_eq!(
        send(&s, get("/api/openapi.json")).await.status,
        StatusCode::OK
    );
}

#[test]
fn non_loopback_needs_a_token() {
    let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
    let lan: SocketAddr = "192.168.1.5:8080".parse().unwrap();
    let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let local6: SocketAddr = "[::1]:8080".parse().unwrap();
    assert!(check_bind(public, None).is_err());
    assert!(check_bind(public, Some("")).is_err());
    assert!(check_bind(lan, None).is_err());
    assert!(check_bind(public, Some("t")).is_ok());
    assert!(check_bind(local, None).is_ok());
    assert!(check_bind(local6, None).is_ok());
    assert_eq!(Config::new("x.db").addr, local, "loopback by default");
}

#[tokio::test]
async fn serve_refuses_a_public_address_without_token() {
    let (_dir, path) = database();
    let mut config = Config::new(&path);
    config.addr = "0.0.0.0:0".parse().unwrap();
    let err = sitrep_server::serve(config, |_| panic!("must not listen"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("without --token"), "{err}");
}

#[tokio::test]
async fn foreign_hosts_methods_and_bodies_are_refused() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let rebound = Request::get("/api/stats")
        .header(header::HOST, "evil.example:8080")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&s, rebound).await.status,
        StatusCode::MISDIRECTED_REQUEST
    );
    let post = Request::post("/api/search")
        .header(header::HOST, "localhost")
        .body(Body::from("x"))
        .unwrap();
    assert_eq!(send(&s, post).await.status, StatusCode::METHOD_NOT_ALLOWED);
    let big = Request::get("/api/stats")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_LENGTH, "1000000")
        .body(Body::from(vec![b'x'; 1_000_000]))
        .unwrap();
    assert_eq!(send(&s, big).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn database_is_read_only() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let (sql, store) =
        s.db.run(|slot| {
            let sql = slot.conn.execute("DELETE FROM articles", []).is_err();
            let mut doc = belarus("u9", "example.com", "2021-10-01");
            doc.title = Some("new".into());
            // `insert` needs `&mut`: open a second read-only store the way the server does.
            let mut other = Store::open_read_only(slot.store.path()).unwrap();
            let store = matches!(
                other.insert(&doc),
                Err(sitrep_store::Error::ReadOnly { .. })
            );
            Ok((sql, store))
        })
        .await
        .unwrap();
    assert!(sql, "the server's connection accepted a write");
    assert!(store, "the store accepted a write");
    assert_eq!(get_json(&s, "/api/stats").await["tables"]["articles"], 3);
}

#[tokio::test]
async fn slow_requests_time_out() {
    let (_dir, path) = database();
    let mut config = Config::new(&path);
    config.query_timeout = Duration::ZERO;
    let s = AppState::open(&config).unwrap();
    let r = send(&s, get("/api/search?q=belarus")).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    // Either the request deadline or SQLite's progress handler stops it, whichever comes first.
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("narrow it down"));
}

#[tokio::test]
async fn real_listener_on_loopback() {
    let (_dir, path) = database();
    let mut config = Config::new(&path);
    config.addr = "127.0.0.1:0".parse().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(sitrep_server::serve(config, move |addr| {
        let _ = tx.send(addr);
    }));
    let addr = rx.await.unwrap();
    assert!(addr.ip().is_loopback());
    let body = tokio::task::spawn_blocking(move || {
        let mut conn = TcpStream::connect(addr).unwrap();
        write!(
            conn,
            "GET /api/search?q=lukashenko HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        conn.read_to_string(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("\"u1\""), "{body}");
}

#[tokio::test]
async fn arms_register_follows_new_ingests() {
    let (_dir, path) = database();
    let s = state(&path, None);
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(count(get_json(&s, "/api/arms").await), 2);
    // Asked again: served from the per-connection cache.
    assert_eq!(count(get_json(&s, "/api/arms").await), 2);
    // Another process ingests a deal while the server runs: the cache must notice.
    let mut doc = belarus("u3", "dw.com", "2021-10-01");
    doc.arms_transfers[0].items.truncate(1);
    doc.arms_transfers[0].items[0].designation = "Su-30SM".into();
    let mut writer = Store::open(&path).unwrap();
    writer.insert(&doc).unwrap();
    drop(writer);
    for _ in 0..4 {
        // Every pool connection sees it.
        assert_eq!(count(get_json(&s, "/api/arms").await), 3);
    }
}

#[tokio::test]
async fn register_lists_are_trimmed_but_counts_complete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.db");
    let mut store = Store::open(&path).unwrap();
    for i in 0..25 {
        store
            .insert(&belarus(
                &format!("c{i}"),
                &format!("outlet{i}.com"),
                "2021-09-13",
            ))
            .unwrap();
    }
    drop(store);
    let s = state(&path, None);
    let arms = get_json(&s, "/api/arms?system=S-400").await;
    let deal = &arms["items"][0];
    assert_eq!(deal["num_articles"], 25);
    assert_eq!(deal["articles"].as_array().unwrap().len(), 20);
    assert_eq!(deal["urls"].as_array().unwrap().len(), 20);
    assert!(deal["status_history"].as_array().unwrap().len() <= 20);
}
