//! Evaluation of the times and amounts layers against the Microsoft Recognizers-Text English
//! specification files (`DateTime/English/*.json`, `NumberWithUnit/English/CurrencyModel.json`
//! and `DimensionModel.json`).
//!
//! Design: every spec case is an input sentence, an optional reference date and the expected
//! results (surface, offsets, and a resolution). The case is run through [`extract_times`] (with
//! the reference date as the publication date) or [`extract_amounts`], and each expected result
//! must be found with the same span (sitrep's span may add a leading preposition or qualifier,
//! "on Sunday", "about $35 million", which the specs leave out) and the same normalised value: the TIMEX string for dates
//! (a resolved date also matches a `XXXX` pattern it fills in, and "T15:00" matches "T15"), the
//! number and ISO currency for money, the number and short unit for dimensions. A case passes
//! *leniently* when every expected result is found, and *strictly* when, in addition, nothing
//! else of that kind is reported (the cases with no expected result test false positives).
//! Cases that the spec marks as unsupported by the reference (.NET) implementation are skipped.
//! Extractor-only spec files (no resolution) are scored on spans alone.
//!
//! The specs also test things sitrep does not aim at (time zones, calendar arithmetic such as
//! "the third Monday of next month", date ranges written as intervals, holidays); the per-file
//! figures make that visible rather than hiding it in one number.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use sitrep_core::text::Text;

use crate::amounts::extract_amounts;
use crate::times::extract_times;

/// Which layer a spec file exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecLayer {
    /// Date/time expressions (the times layer).
    Times,
    /// Money (amounts of kind `money`).
    Money,
    /// Dimensions (amounts of kind `quantity`).
    Quantity,
}

/// The figures for one spec file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path relative to the spec directory.
    pub file: String,
    /// Layer the file exercises.
    pub layer: SpecLayer,
    /// Cases evaluated.
    pub cases: usize,
    /// Cases skipped because the reference implementation does not support them either.
    pub skipped: usize,
    /// Cases where every expected result was found with span and value.
    pub lenient: usize,
    /// Lenient passes that also reported nothing else of that kind.
    pub strict: usize,
    /// One line per case that failed strictly: input, expected, reported.
    pub failures: Vec<String>,
}

/// The evaluation of a spec directory.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry per evaluated file, in path order.
    pub files: Vec<FileReport>,
}

/// Why a spec directory could not be evaluated.
#[derive(Debug)]
pub enum EvalError {
    /// A file or directory could not be read.
    Io(PathBuf, std::io::Error),
    /// A spec file is not the expected JSON.
    Json(PathBuf, serde_json::Error),
    /// No spec files were found under the directory.
    Empty(PathBuf),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            EvalError::Json(p, e) => {
                write!(f, "{}: not a Recognizers-Text spec file: {e}", p.display())
            }
            EvalError::Empty(p) => write!(
                f,
                "{}: no DateTime/English or NumberWithUnit/English spec files found",
                p.display()
            ),
        }
    }
}

impl std::error::Error for EvalError {}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<52} {:>6} {:>7} {:>8} {:>8}",
            "spec file", "cases", "skipped", "found%", "strict%"
        )?;
        let (mut c, mut l, mut s) = (0, 0, 0);
        for r in &self.files {
            writeln!(
                f,
                "{:<52} {:>6} {:>7} {:>7.1}% {:>7.1}%",
                r.file,
                r.cases,
                r.skipped,
                pct(r.lenient, r.cases),
                pct(r.strict, r.cases)
            )?;
            c += r.cases;
            l += r.lenient;
            s += r.strict;
        }
        writeln!(
            f,
            "{:<52} {:>6} {:>7} {:>7.1}% {:>7.1}%",
            "all",
            c,
            "",
            pct(l, c),
            pct(s, c)
        )
    }
}

/// The spec files sitrep is evaluated on, with the layer each exercises.
fn spec_files(dir: &Path) -> Result<Vec<(PathBuf, SpecLayer)>, EvalError> {
    let mut out = Vec::new();
    let dt = dir.join("DateTime").join("English");
    if dt.is_dir() {
        let entries = std::fs::read_dir(&dt).map_err(|e| EvalError::Io(dt.clone(), e))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| (p, SpecLayer::Times)));
    }
    let nu = dir.join("NumberWithUnit").join("English");
    for (name, layer) in [
        ("CurrencyModel.json", SpecLayer::Money),
        ("DimensionModel.json", SpecLayer::Quantity),
    ] {
        let p = nu.join(name);
        if p.is_file() {
            out.push((p, layer));
        }
    }
    if out.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    Ok(out)
}

/// Evaluate the times and amounts layers on the Recognizers-Text spec files under `dir`.
pub fn eval_specs(dir: &Path) -> Result<Report, EvalError> {
    let mut report = Report::default();
    for (path, layer) in spec_files(dir)? {
        let raw = std::fs::read_to_string(&path).map_err(|e| EvalError::Io(path.clone(), e))?;
        let json: Value = serde_json::from_str(raw.trim_start_matches('\u{feff}'))
            .map_err(|e| EvalError::Json(path.clone(), e))?;
        let file = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut r = FileReport {
            file,
            layer,
            cases: 0,
            skipped: 0,
            lenient: 0,
            strict: 0,
            failures: Vec::new(),
        };
        for case in json.as_array().into_iter().flatten() {
            if unsupported_by_reference(case) {
                r.skipped += 1;
                continue;
            }
            r.cases += 1;
            let (lenient, strict, detail) = run_case(case, layer);
            r.lenient += usize::from(lenient);
            r.strict += usize::from(strict);
            if !strict {
                r.failures.push(detail);
            }
        }
        report.files.push(r);
    }
    Ok(report)
}

fn unsupported_by_reference(case: &Value) -> bool {
    ["NotSupported", "NotSupportedByDesign"].iter().any(|k| {
        case.get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| s.to_lowercase().contains("dotnet"))
    })
}

/// What sitrep reported, reduced to what the specs can check.
struct Predicted {
    start: usize,
    end: usize,
    text: String,
    values: Vec<String>,
}

/// What a spec expects.
struct Expected {
    start: usize,
    end: usize,
    text: String,
    /// Acceptable normalised values; empty for extractor-only files.
    values: Vec<String>,
}

fn run_case(case: &Value, layer: SpecLayer) -> (bool, bool, String) {
    let Some(input) = case.get("Input").and_then(Value::as_str) else {
        return (false, false, "case without Input".into());
    };
    let reference = case
        .pointer("/Context/ReferenceDateTime")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok());
    let text = Text::new(input.to_string());
    let predicted: Vec<Predicted> = match layer {
        SpecLayer::Times => extract_times(&text, reference)
            .into_iter()
            .map(|t| Predicted {
                start: t.start,
                end: t.end,
                text: t.text,
                values: t.value.into_iter().map(|v| normalise_timex(&v)).collect(),
            })
            .collect(),
        SpecLayer::Money | SpecLayer::Quantity => {
            let want = if layer == SpecLayer::Money {
                "money"
            } else {
                "quantity"
            };
            extract_amounts(&text)
                .into_iter()
                .filter(|a| a.kind == want && a.unit.as_deref() != Some("personnel"))
                .map(|a| Predicted {
                    start: a.start,
                    end: a.end,
                    text: a.text,
                    values: vec![format!(
                        "{}|{}",
                        number_key(a.value.unwrap_or(f64::NAN)),
                        a.unit.unwrap_or_default()
                    )],
                })
                .collect()
        }
    };
    let expected: Vec<Expected> = case
        .get("Results")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| expected_result(r, layer))
        .collect();
    let mut used = vec![false; predicted.len()];
    let mut all_found = true;
    for e in &expected {
        let hit = predicted.iter().enumerate().position(|(i, p)| {
            !used[i] && same_span(p, e, input) && (e.values.is_empty() || values_match(p, e))
        });
        match hit {
            Some(i) => used[i] = true,
            None => all_found = false,
        }
    }
    let extras = used.iter().any(|u| !u);
    let show = |t: &str, v: &[String]| format!("{t:?}={}", v.join("/"));
    let detail = format!(
        "{input:?} want [{}] got [{}]",
        expected
            .iter()
            .map(|e| show(&e.text, &e.values))
            .collect::<Vec<_>>()
            .join(", "),
        predicted
            .iter()
            .map(|p| show(&p.text, &p.values))
            .collect::<Vec<_>>()
            .join(", ")
    );
    (all_found, all_found && !extras, detail)
}

/// Spans match exactly, or differ only by leading words sitrep includes and the specs leave out:
/// a preposition ("on Sunday") or a qualifier ("about $ 35 million"), at most three words.
fn same_span(p: &Predicted, e: &Expected, _input: &str) -> bool {
    if p.end != e.end || p.start > e.start {
        return false;
    }
    if p.start == e.start || p.text.eq_ignore_ascii_case(&e.text) {
        return true;
    }
    let prefix: String = p.text.chars().take(e.start - p.start).collect();
    let words: Vec<&str> = prefix.split_whitespace().collect();
    prefix.ends_with(char::is_whitespace)
        && words.len() <= 3
        && words.iter().all(|w| w.chars().all(char::is_alphabetic))
}

fn values_match(p: &Predicted, e: &Expected) -> bool {
    p.values
        .iter()
        .any(|pv| e.values.iter().any(|ev| pv == ev || fills_pattern(pv, ev)))
}

/// Does a resolved value fill in a TIMEX pattern ("2016-11-15" for "XXXX-XX-15")?
fn fills_pattern(value: &str, pattern: &str) -> bool {
    pattern.contains('X')
        && value.len() == pattern.len()
        && value
            .chars()
            .zip(pattern.chars())
            .all(|(v, p)| p == 'X' || v == p)
}

/// TIMEX values compared loosely on precision that the specs write differently: "T15:00" and
/// "T15" are the same hour.
fn normalise_timex(v: &str) -> String {
    let mut s = v.to_string();
    while s.contains('T') && s.ends_with(":00") {
        s.truncate(s.len() - 3);
    }
    s
}

fn number_key(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn expected_result(r: &Value, layer: SpecLayer) -> Option<Expected> {
    let text = r.get("Text")?.as_str()?.to_string();
    let start = r.get("Start")?.as_u64()? as usize;
    let end = match (
        r.get("End").and_then(Value::as_u64),
        r.get("Length").and_then(Value::as_u64),
    ) {
        (Some(end), _) => end as usize + 1,
        (None, Some(len)) => start + len as usize,
        _ => start + text.chars().count(),
    };
    let mut values = Vec::new();
    match layer {
        SpecLayer::Times => {
            let candidates = r
                .pointer("/Resolution/values")
                .or_else(|| r.pointer("/Value/values"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|v| {
                    ["timex", "value"]
                        .into_iter()
                        .filter_map(move |k| v.get(k).and_then(Value::as_str))
                })
                .chain(r.pointer("/Value/Timex").and_then(Value::as_str))
                .chain(
                    ["/Value/FutureResolution/date", "/Value/PastResolution/date"]
                        .into_iter()
                        .filter_map(|p| r.pointer(p).and_then(Value::as_str)),
                );
            values.extend(candidates.map(normalise_timex));
            // A type the times layer does not produce (time zones) cannot match.
            if values.is_empty() && r.get("Value").is_some() {
                values.push("\u{0}".into());
            }
        }
        SpecLayer::Money | SpecLayer::Quantity => {
            let res = r.get("Resolution")?;
            let value: f64 = res.get("value")?.as_str()?.parse().ok()?;
            let unit = res
                .get("isoCurrency")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .or_else(|| {
                    let u = res.get("unit")?.as_str()?;
                    Some(spec_unit(u, layer).to_string())
                })?;
            values.push(format!("{}|{unit}", number_key(value)));
        }
    }
    Some(Expected {
        start,
        end,
        text,
        values,
    })
}

/// The sitrep unit for a Recognizers-Text unit name.
fn spec_unit(name: &str, layer: SpecLayer) -> &'static str {
    match (layer, name) {
        (SpecLayer::Money, "Dollar" | "United States dollar") => "USD",
        (SpecLayer::Money, "Euro") => "EUR",
        (SpecLayer::Money, "Pound" | "British pound") => "GBP",
        (SpecLayer::Money, "Japanese yen" | "Yen") => "JPY",
        (SpecLayer::Money, "Chinese yuan" | "Yuan") => "CNY",
        (SpecLayer::Money, "Franc" | "Swiss franc") => "CHF",
        (SpecLayer::Money, "Rupee") => "INR",
        (SpecLayer::Quantity, "Meter") => "m",
        (SpecLayer::Quantity, "Kilometer") => "km",
        (SpecLayer::Quantity, "Centimeter") => "cm",
        (SpecLayer::Quantity, "Millimeter") => "mm",
        (SpecLayer::Quantity, "Mile") => "mi",
        (SpecLayer::Quantity, "Foot") => "ft",
        (SpecLayer::Quantity, "Inch") => "in",
        (SpecLayer::Quantity, "Yard") => "yd",
        (SpecLayer::Quantity, "Metric ton" | "Ton") => "t",
        (SpecLayer::Quantity, "Kilogram") => "kg",
        (SpecLayer::Quantity, "Gram") => "g",
        (SpecLayer::Quantity, "Pound") => "lb",
        (SpecLayer::Quantity, "Ounce") => "oz",
        (SpecLayer::Quantity, "Gallon") => "gal",
        (SpecLayer::Quantity, "Liter") => "l",
        (SpecLayer::Quantity, "Square meter") => "m2",
        (SpecLayer::Quantity, "Square kilometer") => "km2",
        (SpecLayer::Quantity, "Kilometer per hour") => "km/h",
        (SpecLayer::Quantity, "Mile per hour") => "mph",
        (SpecLayer::Quantity, "Degree") => "deg",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_filled_by_resolved_dates() {
        assert!(fills_pattern("2016-11-15", "XXXX-XX-15"));
        assert!(!fills_pattern("2016-11-16", "XXXX-XX-15"));
        assert!(!fills_pattern("2016-11-15", "2016-11-16"));
    }

    #[test]
    fn clock_precision_is_normalised() {
        assert_eq!(normalise_timex("T15:00"), "T15");
        assert_eq!(normalise_timex("T15:30"), "T15:30");
        assert_eq!(normalise_timex("2016-11-07T09:00"), "2016-11-07T09");
    }

    #[test]
    fn a_small_spec_directory_is_scored() {
        let dir = std::env::temp_dir().join(format!("sitrep-spec-test-{}", std::process::id()));
        let dt = dir.join("DateTime").join("English");
        std::fs::create_dir_all(&dt).unwrap();
        std::fs::write(
            dt.join("DateParser.json"),
            r#"[{"Input":"We met on Friday","Context":{"ReferenceDateTime":"2016-11-07T00:00:00"},
                "Results":[{"Text":"Friday","Type":"date","Value":{"Timex":"XXXX-WXX-5",
                "FutureResolution":{"date":"2016-11-11"},"PastResolution":{"date":"2016-11-04"}},
                "Start":10,"Length":6}]},
               {"Input":"We may go","Results":[]}]"#,
        )
        .unwrap();
        let report = eval_specs(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let r = &report.files[0];
        assert_eq!((r.cases, r.lenient, r.strict), (2, 2, 2));
    }
}
