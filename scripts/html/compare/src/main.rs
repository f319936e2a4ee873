//! Compare main-content extractors on Mozilla's readability test pages.
//!
//! For every page directory (`source.html.gz`, `expected.html.gz`, `expected-metadata.json`) each
//! candidate extracts the body text, which is scored against the text of `expected.html` by a
//! bag-of-words token F1 (lower-cased runs of letters and digits). Title, byline and published
//! date are compared with `expected-metadata.json`, and the time of each extraction is taken.
//!
//! Usage: `html-compare PAGES_DIR [per-page.tsv]`

use std::collections::HashMap;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// What one candidate produced for one page.
#[derive(Default)]
struct Output {
    text: String,
    title: Option<String>,
    byline: Option<String>,
    date: Option<String>,
}

/// The candidates, by name.
const CANDIDATES: &[&str] = &[
    "trafilatura",
    "trafilatura+fallback",
    "rs-trafilatura",
    "dom_smoothie",
    "sitrep-html",
];

fn run(name: &str, html: &str, bytes: &[u8]) -> Result<Output, String> {
    match name {
        "trafilatura" | "trafilatura+fallback" => {
            let opts = trafilatura::Options::default()
                .with_fallback(name.ends_with("fallback"))
                .with_links(true);
            let r = trafilatura::extract(html, &opts).map_err(|e| e.to_string())?;
            Ok(Output {
                text: r.content_text,
                title: Some(r.metadata.title),
                byline: Some(r.metadata.author),
                date: r.metadata.date.map(|d| d.to_string()),
            })
        }
        "rs-trafilatura" => {
            let r = rs_trafilatura::extract(html).map_err(|e| e.to_string())?;
            Ok(Output {
                text: r.content_text,
                title: r.metadata.title,
                byline: r.metadata.author,
                date: r.metadata.date.map(|d| d.to_rfc3339()),
            })
        }
        "dom_smoothie" => {
            let mut r =
                dom_smoothie::Readability::new(html, Some("http://fakehost/test/page.html"), None)
                    .map_err(|e| e.to_string())?;
            let a = r.parse().map_err(|e| e.to_string())?;
            Ok(Output {
                text: a.text_content.to_string(),
                title: Some(a.title),
                byline: a.byline,
                date: a.published_time,
            })
        }
        "sitrep-html" => {
            let opts = sitrep_core::input::ReadOptions::default();
            let a =
                sitrep_core::input::html::read("page", bytes, &opts).map_err(|e| e.to_string())?;
            Ok(Output {
                text: a.paragraphs.join("\n\n"),
                title: a.title,
                byline: (!a.authors.is_empty()).then(|| a.authors.join(", ")),
                date: a.published,
            })
        }
        _ => unreachable!(),
    }
}

/// CPU time of this thread in milliseconds: unlike wall time, it does not grow when other jobs
/// share the machine.
fn thread_cpu_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
}

fn gunzip(path: &Path) -> Vec<u8> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(f)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

fn tokens(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for t in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *bag.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

fn f1(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> f64 {
    let n_got: usize = got.values().sum();
    let n_want: usize = want.values().sum();
    if n_got == 0 || n_want == 0 {
        return if n_got == n_want { 1.0 } else { 0.0 };
    }
    let common: usize = got
        .iter()
        .map(|(t, n)| (*n).min(*want.get(t).unwrap_or(&0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / n_got as f64;
    let r = common as f64 / n_want as f64;
    2.0 * p * r / (p + r)
}

fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

fn norm(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn byline_norm(s: &str) -> String {
    let n = norm(s);
    n.strip_prefix("by ").map(str::to_string).unwrap_or(n)
}

/// Is the expected text English? Pages declare `en*`, or declare nothing and read as English.
fn is_english(lang: Option<&str>, want: &HashMap<String, usize>) -> bool {
    match lang {
        Some(l) => l.to_ascii_lowercase().starts_with("en"),
        None => {
            let total: usize = want.values().sum();
            let common: usize = ["the", "and", "of", "to", "a", "in", "is", "that"]
                .iter()
                .map(|w| *want.get(*w).unwrap_or(&0))
                .sum();
            total > 0 && common * 100 >= total * 8
        }
    }
}

#[derive(Default)]
struct Tally {
    f1_all: Vec<f64>,
    f1_en: Vec<f64>,
    ms: Vec<f64>,
    errors: usize,
    panics: usize,
    title: (usize, usize),
    byline: (usize, usize),
    date: (usize, usize),
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return 0.0;
    }
    let m = v.len() / 2;
    if v.len() % 2 == 0 {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .expect("usage: html-compare PAGES_DIR [per-page.tsv]");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .expect("read pages dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("source.html.gz").exists())
        .collect();
    pages.sort();
    // Silence the default panic message; panics are counted instead.
    std::panic::set_hook(Box::new(|_| {}));
    let mut tallies: Vec<Tally> = CANDIDATES.iter().map(|_| Tally::default()).collect();
    let mut rows = vec![format!("page\tenglish\t{}", CANDIDATES.join("\t"))];
    let mut n_en = 0;
    for page in &pages {
        let bytes = gunzip(&page.join("source.html.gz"));
        let html = String::from_utf8_lossy(&bytes).into_owned();
        let expected =
            String::from_utf8_lossy(&gunzip(&page.join("expected.html.gz"))).into_owned();
        let meta: serde_json::Value = serde_json::from_slice(
            &std::fs::read(page.join("expected-metadata.json")).unwrap_or_default(),
        )
        .unwrap_or(serde_json::Value::Null);
        if let Some(show) = std::env::var_os("HTML_COMPARE_SHOW") {
            if page.ends_with(&show) {
                let opts = sitrep_core::input::ReadOptions::default();
                eprintln!(
                    "{:#?}",
                    sitrep_core::input::html::read("page", &bytes, &opts)
                );
            }
        }
        let want = tokens(&html_text(&expected));
        let english = is_english(meta["lang"].as_str(), &want);
        n_en += english as usize;
        let mut row = format!(
            "{}\t{}",
            page.file_name().unwrap_or_default().to_string_lossy(),
            english
        );
        for (i, name) in CANDIDATES.iter().enumerate() {
            let t = &mut tallies[i];
            let start = thread_cpu_ms();
            let got = catch_unwind(AssertUnwindSafe(|| run(name, &html, &bytes)));
            t.ms.push(thread_cpu_ms() - start);
            let out = match got {
                Ok(Ok(o)) => o,
                Ok(Err(e)) => {
                    if std::env::var_os("HTML_COMPARE_DEBUG").is_some() {
                        eprintln!("{name} {}: {e}", page.display());
                    }
                    t.errors += 1;
                    Output::default()
                }
                Err(_) => {
                    t.panics += 1;
                    Output::default()
                }
            };
            let score = f1(&tokens(&out.text), &want);
            t.f1_all.push(score);
            if english {
                t.f1_en.push(score);
            }
            row.push_str(&format!("\t{score:.3}"));
            if let Some(w) = meta["title"].as_str().filter(|s| !s.trim().is_empty()) {
                t.title.1 += 1;
                t.title.0 += (norm(w) == norm(out.title.as_deref().unwrap_or(""))) as usize;
            }
            if let Some(w) = meta["byline"].as_str().filter(|s| !s.trim().is_empty()) {
                t.byline.1 += 1;
                let w = byline_norm(w);
                let g = byline_norm(out.byline.as_deref().unwrap_or(""));
                let ok = !g.is_empty() && (w.contains(&g) || g.contains(&w));
                t.byline.0 += ok as usize;
                if !ok && std::env::var_os("HTML_COMPARE_DEBUG").is_some() && *name == "sitrep-html"
                {
                    eprintln!("byline {}: want {w:?} got {g:?}", page.display());
                }
            }
            if let Some(w) = meta["publishedTime"].as_str().filter(|s| s.len() >= 10) {
                t.date.1 += 1;
                let g = out.date.as_deref().unwrap_or("");
                t.date.0 += (g.len() >= 10 && g.get(..10) == w.get(..10)) as usize;
            }
        }
        rows.push(row);
    }
    if let Some(out) = args.get(2) {
        std::fs::write(out, rows.join("\n") + "\n").expect("write per-page table");
    }
    println!("{} pages ({} English)\n", pages.len(), n_en);
    println!("| extractor | F1 mean (en) | F1 median (en) | F1 mean (all) | title | byline | date | CPU ms/page mean | CPU ms/page median | errors | panics |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, t) in CANDIDATES.iter().zip(&tallies) {
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {}/{} | {}/{} | {}/{} | {:.1} | {:.1} | {} | {} |",
            mean(&t.f1_en),
            median(&t.f1_en),
            mean(&t.f1_all),
            t.title.0,
            t.title.1,
            t.byline.0,
            t.byline.1,
            t.date.0,
            t.date.1,
            mean(&t.ms),
            median(&t.ms),
            t.errors,
            t.panics
        );
    }
}
