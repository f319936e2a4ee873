//! Arms-register tests on short articles written for them (`tests/fixtures/arms/*.md`).
//!
//! Each fixture holds the article, then hand-built entity, amount and time layers and one
//! `expect` line per register record: `SUPPLIER>RECIPIENT status items=D:Q,… value=N CUR Q
//! by=PERIOD` (`-` for an unknown quantity). The test runs the event and arms layers and checks
//! that the register has exactly those records. Run with `--nocapture` to see the registers.

use std::fs;
use std::path::Path;

use sitrep_core::schema::ArmsTransfer;
use sitrep_extract::annotate::fixture;
use sitrep_extract::arms::extract_arms;
use sitrep_extract::events::extract_events;

fn quantity(q: Option<f64>) -> String {
    q.map(|v| format!("{v}")).unwrap_or_else(|| "-".into())
}

/// One register record on one line, in the `expect` syntax.
fn line(x: &ArmsTransfer) -> String {
    let pair = format!(
        "{}>{}",
        x.supplier.as_deref().unwrap_or("?"),
        x.recipient.as_deref().unwrap_or("?")
    );
    let items: Vec<String> = x
        .items
        .iter()
        .map(|i| format!("{}:{}", i.designation, quantity(i.quantity)))
        .collect();
    let mut out = format!("{pair} {} items={}", x.status, items.join(","));
    if let Some(v) = &x.value {
        out.push_str(&format!(
            " value={} {} {}",
            v.amount, v.currency, v.qualifier
        ));
    }
    if let Some(b) = &x.delivery_by {
        out.push_str(&format!(" by={b}"));
    }
    out
}

/// The text of field `key=` in an expectation, up to the next field.
fn field<'a>(e: &'a str, key: &str) -> Option<&'a str> {
    let pos = e.find(&format!("{key}="))? + key.len() + 1;
    let rest = &e[pos..];
    let end = ["items=", "value=", "by="]
        .iter()
        .filter_map(|k| rest.find(&format!(" {k}")))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// Does record `x` satisfy expectation `e`?
fn satisfies(x: &ArmsTransfer, e: &str) -> Result<(), String> {
    let got = line(x);
    let mut fields = e.split_whitespace();
    let pair = fields.next().unwrap_or_default();
    let status = fields.next().unwrap_or_default();
    if !got.starts_with(&format!("{pair} {status} ")) {
        return Err(format!("want {pair} {status}, got {got}"));
    }
    if let Some(items) = field(e, "items") {
        for want in items.split(',') {
            let (d, q) = want.rsplit_once(':').unwrap_or((want, "-"));
            let Some(it) = x.items.iter().find(|i| i.designation == d) else {
                return Err(format!("missing item {d} in {got}"));
            };
            if quantity(it.quantity) != q {
                return Err(format!("item {d}: want quantity {q} in {got}"));
            }
        }
        if x.items.len() != items.split(',').count() {
            return Err(format!("want items {items}, got {got}"));
        }
    }
    if let Some(value) = field(e, "value") {
        let want: Vec<&str> = value.split_whitespace().collect();
        let v = x.value.as_ref().ok_or(format!("no value in {got}"))?;
        let amount: f64 = want[0]
            .parse()
            .map_err(|_| "bad expected value".to_string())?;
        if v.amount != amount || v.currency != want[1] || v.qualifier != want[2] {
            return Err(format!("want value {want:?}, got {got}"));
        }
    }
    if let Some(by) = field(e, "by") {
        if x.delivery_by.as_deref() != Some(by) {
            return Err(format!("want delivery by {by}, got {got}"));
        }
    }
    Ok(())
}

#[test]
fn arms_register_on_fixture_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arms");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "want at least 8 fixture articles");
    let mut failures = Vec::new();
    for path in &paths {
        let src = fs::read_to_string(path).expect("fixture");
        let f = fixture(&src);
        let events = extract_events(&f.text, &f.entities, &f.times, &f.amounts);
        let register = extract_arms(&f.text, &f.entities, &f.amounts, &f.times, &events);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        println!("{name}");
        for x in &register {
            println!("  {}  events={:?}", line(x), x.events);
        }
        if register.len() != f.expect.len() {
            failures.push(format!(
                "{name}: want {} records, got {}",
                f.expect.len(),
                register.len()
            ));
        }
        for e in &f.expect {
            let ok = register.iter().any(|x| satisfies(x, e).is_ok());
            if !ok {
                let why: Vec<String> = register
                    .iter()
                    .filter_map(|x| satisfies(x, e).err())
                    .collect();
                failures.push(format!("{name}: {e}: {why:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
