//! Reader tests on small pages under `tests/fixtures/html/`.

use super::*;
use proptest::prelude::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/html/",
            $name
        ))
    };
}

fn read_ok(name: &str, bytes: &[u8]) -> Article {
    read(name, bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn news_page_metadata() {
    let a = read_ok("news-page.html", fixture!("news-page.html"));
    assert_eq!(
        a.title.as_deref(),
        Some("Belarus Leader Eyes $1Bln Russian Arms Deal")
    );
    assert_eq!(a.authors, ["Anna Smolchenko"]);
    assert_eq!(a.agency.as_deref(), Some("AFP"));
    assert_eq!(a.published.as_deref(), Some("2021-09-13T14:05:00+03:00"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.dailycourier.example/2021/09/13/belarus-arms-deal")
    );
    assert_eq!(a.outlet.as_deref(), Some("The Daily Courier"));
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn news_page_body_without_boilerplate() {
    let a = read_ok("news-page.html", fixture!("news-page.html"));
    let p = &a.paragraphs;
    assert!(
        p[0].starts_with("Belarusian strongman Alexander Lukashenko said Monday"),
        "{p:#?}"
    );
    assert!(p
        .last()
        .is_some_and(|l| l.ends_with("in retaliation for European Union sanctions.")));
    assert!(p.contains(&"Air defence on the border".to_string()));
    assert!(p.contains(
        &"We will be the first to be hit if something happens, so we must be ready.".to_string()
    ));
    assert!(p.contains(&"Minsk also wants several Tor air defence systems delivered soon.".into()));
    let body = p.join("\n");
    for junk in [
        "Advertisement",
        "Most read",
        "Privacy policy",
        "Zapad drills",
        "military parade",
        "Sport",
    ] {
        assert!(
            !body.contains(junk),
            "{junk:?} leaked into the body: {p:#?}"
        );
    }
    assert_eq!(p.len(), 9, "{p:#?}");
}

#[test]
fn news_page_links_and_captions() {
    let a = read_ok("news-page.html", fixture!("news-page.html"));
    assert_eq!(a.links.len(), 1);
    let (para, range, url) = &a.links[0];
    assert_eq!(
        &a.paragraphs[*para][range.clone()],
        "$1 billion worth of Russian weapons"
    );
    assert_eq!(url, "https://www.dailycourier.example/tag/arms");
    assert_eq!(a.captions.len(), 1);
    assert_eq!(
        a.captions[0].text,
        "Alexander Lukashenko at a military parade in Minsk."
    );
    assert_eq!(a.captions[0].credit.as_deref(), Some("president.gov.by"));
}

#[test]
fn fallbacks_title_suffix_pubdate_byline_dateline() {
    let a = read_ok("meta-fallbacks.html", fixture!("meta-fallbacks.html"));
    assert_eq!(
        a.title.as_deref(),
        Some("Poland Declares State of Emergency on Belarus Border")
    );
    assert_eq!(a.published.as_deref(), Some("2021-09-02"));
    assert_eq!(a.authors, ["Jan Kowalski"]);
    assert_eq!(a.agency.as_deref(), Some("Reuters"));
    assert_eq!(a.url, None);
    assert!(
        a.paragraphs[0].starts_with("Poland's president declared"),
        "{:#?}",
        a.paragraphs
    );
    assert_eq!(
        a.meta.get("dateline").and_then(|v| v.as_str()),
        Some("Warsaw")
    );
    assert_eq!(a.paragraphs.len(), 4, "{:#?}", a.paragraphs);
}

#[test]
fn options_supply_url_and_date() {
    let opts = ReadOptions {
        url: Some("https://gazette.example/poland".into()),
        published: Some("2021-09-03".into()),
        ..ReadOptions::default()
    };
    let a = read("p.html", fixture!("meta-fallbacks.html"), &opts).expect("reads");
    assert_eq!(a.url.as_deref(), Some("https://gazette.example/poland"));
    // The page's own date wins over the fallback.
    assert_eq!(a.published.as_deref(), Some("2021-09-02"));
    let a = read("n.html", fixture!("news-page.html"), &opts).expect("reads");
    assert_eq!(a.url.as_deref(), Some("https://gazette.example/poland"));
}

#[test]
fn windows_1252_declared() {
    let a = read_ok("windows-1252.html", fixture!("windows-1252.html"));
    assert_eq!(
        a.title.as_deref(),
        Some("La Biélorussie veut acheter des armes russes – « un milliard »")
    );
    assert_eq!(a.language.as_deref(), Some("fr"));
    assert_eq!(a.published.as_deref(), Some("2021-09-13"));
    assert!(a.paragraphs[0].contains("d’acheter pour plus d’un milliard"));
    assert!(a.paragraphs.iter().any(|p| p.contains("Sergueï Choïgou")));
}

#[test]
fn koi8_r_undeclared_is_detected() {
    let a = read_ok("koi8-r-undeclared.html", fixture!("koi8-r-undeclared.html"));
    assert_eq!(
        a.title.as_deref(),
        Some("Лукашенко хочет купить российское оружие")
    );
    assert!(a.paragraphs[0].starts_with("Президент Белоруссии заявил"));
}

#[test]
fn title_only_page_has_no_body() {
    let e = read(
        "title-only.html",
        fixture!("title-only.html"),
        &ReadOptions::default(),
    )
    .expect_err("no body");
    assert_eq!(e.kind, ReadErrorKind::NoBody);
    assert!(e.to_string().starts_with("title-only.html: "));
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(read("junk.html", &garbage, &ReadOptions::default()).is_err());
    assert_eq!(
        read("e.html", b"  \n", &ReadOptions::default())
            .expect_err("empty")
            .kind,
        ReadErrorKind::Empty
    );
    assert_eq!(
        read("t.html", b"just words, no tags", &ReadOptions::default())
            .expect_err("not html")
            .kind,
        ReadErrorKind::Malformed
    );
    assert!(read(
        "x.html",
        b"<html><p>\xff\xfe\x00<<<>>></p",
        &ReadOptions::default()
    )
    .is_err());
}

#[test]
fn json_ld_authors_and_graph() {
    let page = br#"<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Wire Watch"},
 {"@type":["NewsArticle"],"headline":"Tanks roll into the city",
  "datePublished":"2022-02-24T05:00:00Z",
  "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
  "publisher":{"@type":"Organization","name":"Wire Watch"},
  "url":"https://wirewatch.example/tanks"}]}</script>
</head><body><article>
<p>Columns of tanks rolled into the city before dawn on Thursday, residents said, as sirens sounded across the capital and people sheltered in metro stations.</p>
<p>The defence ministry said its forces were holding positions on the northern approaches and that fighting continued near the airport through the morning.</p>
</article></body></html>"#;
    let a = read_ok("ld.html", page);
    assert_eq!(a.title.as_deref(), Some("Tanks roll into the city"));
    assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
    assert_eq!(a.published.as_deref(), Some("2022-02-24T05:00:00+00:00"));
    assert_eq!(a.outlet.as_deref(), Some("Wire Watch"));
    assert_eq!(a.url.as_deref(), Some("https://wirewatch.example/tanks"));
    assert_eq!(a.paragraphs.len(), 2);
}

#[test]
fn through_read_bytes() {
    let results = crate::input::read_bytes(
        "page.html",
        fixture!("news-page.html"),
        &ReadOptions::default(),
    );
    assert_eq!(results.len(), 1);
    assert!(results[0].is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read("fuzz.html", &bytes, &ReadOptions::default());
    }

    #[test]
    fn never_panics_on_tag_soup(parts in proptest::collection::vec(
        prop_oneof![
            Just("<p>".to_string()), Just("</p>".to_string()), Just("<a href=\"/x\">".to_string()),
            Just("</a>".to_string()), Just("<figure><figcaption>".to_string()),
            Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",".to_string()),
            Just("<meta charset=koi8-r>".to_string()), Just("<time datetime=\"2021-".to_string()),
            "[a-zA-Z ,.é’]{0,80}",
        ],
        0..60,
    )) {
        let page = parts.concat();
        let _ = read("soup.html", page.as_bytes(), &ReadOptions::default());
    }
}

#[test]
fn author_from_parsely_meta() {
    let page = br#"<html><head><meta name="parsely-author" content="Jane Doe" /></head>
<body><article><h1>Test</h1><p>Columns of tanks rolled into the city before dawn on Thursday, residents said, as sirens sounded.</p></article></body></html>"#;
    let a = read_ok("parsely.html", page);
    assert_eq!(a.authors, ["Jane Doe"]);
}
