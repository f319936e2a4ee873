//! The database commands: `search`, `quotes`, `events`, `arms`, `entity`, `stats`, `stories`,
//! `export`, `check`. Each opens the database read-only (except nothing: none of them writes),
//! asks `sitrep-store`, and prints aligned tables for people or JSON with `--json`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde::Serialize;
use sitrep_store::query::{ArmsDeal, EventRow, QuoteRow};
use sitrep_store::{ArmsFilter, EventFilter, ExportFormat, IngestSummary, Store};

/// Options every database command takes.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// The database file.
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Print JSON (one document) instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl DbArgs {
    fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open_read_only(&self.db)?)
    }

    /// The shape of every query command: opens the database read-only, runs `query`, and
    /// prints the result as JSON (`--json`) or as the text `table` makes of it.
    fn show<T: Serialize>(
        &self,
        query: impl FnOnce(&Store) -> sitrep_store::Result<T>,
        table: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<ExitCode> {
        let rows = query(&self.open()?)?;
        emit(self.json, &rows, || table(&rows))?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Arguments of `sitrep search`.
#[derive(Args, Debug)]
#[command(after_help = "\
Every word must match (stemmed: `helicopter` finds `helicopters`); results are ranked by bm25,
title words counting double. Punctuation inside a word is kept as a phrase (`S-400`).

Examples:
  sitrep search S-400 Belarus
  sitrep search --quotes \"border security\"")]
pub struct SearchArgs {
    /// Words to search for.
    #[arg(required = true)]
    pub text: Vec<String>,
    /// Search quotes instead of articles.
    #[arg(long)]
    pub quotes: bool,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Skip this many results (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep quotes`.
#[derive(Args, Debug)]
pub struct QuotesArgs {
    /// Part of the speaker's name (the resolved entity or the words naming the speaker).
    #[arg(long)]
    pub speaker: String,
    /// At most this many quotes, newest first.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep events`.
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  sitrep events --actor BLR --kind arms_transfer
  sitrep events --since 2021-09-01 --until 2021-09 --place PL")]
pub struct EventsArgs {
    /// Actor: CAMEO code prefix (BLR, RUSMIL), ISO country (BY), or part of a name.
    #[arg(long)]
    pub actor: Option<String>,
    /// Event kind (arms_transfer, military_exercise, sanction, meeting, …).
    #[arg(long)]
    pub kind: Option<String>,
    /// Earliest date (YYYY-MM-DD, or YYYY-MM / YYYY).
    #[arg(long)]
    pub since: Option<String>,
    /// Latest date (YYYY-MM-DD, or a prefix meaning the whole month or year).
    #[arg(long)]
    pub until: Option<String>,
    /// Place: ISO country of the place (PL) or part of its name.
    #[arg(long)]
    pub place: Option<String>,
    /// At most this many events, newest first.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep arms`.
#[derive(Args, Debug)]
#[command(after_help = "\
One row per supplier→recipient deal and system, merged across every article that reported it:
the latest status, the status history, and how many articles and independent sources (distinct
story clusters: wire copies count once) reported it.")]
pub struct ArmsArgs {
    /// Supplier country (ISO 3166 alpha-2, e.g. RU).
    #[arg(long)]
    pub supplier: Option<String>,
    /// Recipient country (ISO 3166 alpha-2, e.g. BY).
    #[arg(long)]
    pub recipient: Option<String>,
    /// Part of a system designation (S-400, helicopter).
    #[arg(long)]
    pub system: Option<String>,
    /// Latest status: sought, planned, agreed, delivered, cancelled, rumoured.
    #[arg(long)]
    pub status: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep entity`.
#[derive(Args, Debug)]
pub struct EntityArgs {
    /// Name, actor code (BLRGOV) or knowledge-base id.
    #[arg(required = true)]
    pub name: Vec<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep stories`.
#[derive(Args, Debug)]
pub struct StoriesArgs {
    /// At most this many stories, largest first.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep export`.
#[derive(Args, Debug)]
#[command(after_help = "\
Formats:
  jsonl    the stored sitrep.article/1 documents, one per line (a file, or - for stdout)
  csv      one CSV file per table (a directory)
  parquet  one Parquet file per table (a directory; needs a build with --features parquet)
  gdelt    tab-separated GDELT 2.0 event table, events merged across articles (a file or -)
  sipri    SIPRI-register-like CSV of the merged arms register (a file or -)")]
pub struct ExportArgs {
    /// jsonl, csv, parquet, gdelt or sipri.
    #[arg(long)]
    pub format: ExportFormat,
    /// Output file (directory for csv); `-` writes single-file formats to stdout.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Arguments of `sitrep check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// Prints rows as JSON, or as a table built by `table`.
fn emit<T: Serialize>(json: bool, value: &T, table: impl FnOnce() -> String) -> anyhow::Result<()> {
    let text = if json {
        serde_json::to_string_pretty(value)? + "\n"
    } else {
        table()
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // `sitrep … | head` closes the pipe early; that is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Longest cell printed in a table; longer text is cut with `…` (use --json for everything).
const MAX_CELL: usize = 60;

/// An aligned plain-text table.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let cut = |s: &str| -> String {
        let s = s.replace(['\n', '\t'], " ");
        if s.chars().count() > MAX_CELL {
            s.chars().take(MAX_CELL - 1).collect::<String>() + "…"
        } else {
            s
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(headers.to_vec());
    for r in &rows {
        out += &line(r.iter().map(String::as_str).collect());
    }
    if rows.is_empty() {
        out += "(none)\n";
    }
    out
}

/// The day of a date or date-time, for table columns (JSON keeps the full value).
fn day(v: &Option<String>) -> String {
    v.as_deref()
        .map(|d| d.chars().take(10).collect())
        .unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn quote_table(quotes: &[QuoteRow]) -> String {
    let rows: Vec<Vec<String>> = quotes
        .iter()
        .map(|q| {
            vec![
                day(&q.published),
                opt(&q.speaker).to_string() + if q.speaker.is_none() { "?" } else { "" },
                q.kind.clone(),
                q.text.clone(),
                q.article.clone(),
            ]
        })
        .collect();
    table(&["date", "speaker", "kind", "quote", "article"], &rows)
}

fn event_table(events: &[EventRow]) -> String {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            let who = |name: &Option<String>, actor: &Option<String>| match (name, actor) {
                (Some(n), Some(a)) => format!("{n} ({a})"),
                (Some(n), None) => n.clone(),
                (None, a) => opt(a),
            };
            vec![
                opt(&e.date),
                e.kind.clone(),
                opt(&e.cameo),
                who(&e.source_name, &e.source_actor),
                who(&e.target_name, &e.target_actor),
                opt(&e.place_name),
                e.modality.clone(),
                e.trigger.clone(),
                e.article.clone(),
            ]
        })
        .collect();
    table(
        &[
            "date", "kind", "cameo", "source", "target", "place", "modality", "trigger", "article",
        ],
        &rows,
    )
}

fn arms_table(deals: &[ArmsDeal]) -> String {
    let rows: Vec<Vec<String>> = deals
        .iter()
        .map(|d| {
            // Status changes only (the full history is in --json): "2021-09-13 planned (2)".
            let mut history: Vec<(String, &str, usize)> = Vec::new();
            for r in &d.status_history {
                match history.last_mut() {
                    Some((date, status, n)) if *status == r.status => {
                        *n += 1;
                        // Undated reports sort first; show the group's first real date.
                        if date == "?" && r.date.is_some() {
                            *date = day(&r.date);
                        }
                    }
                    _ => history.push((
                        r.date.as_ref().map_or("?".into(), |_| day(&r.date)),
                        &r.status,
                        1,
                    )),
                }
            }
            let history: Vec<String> = history
                .iter()
                .map(|(date, status, n)| match n {
                    1 => format!("{date} {status}"),
                    n => format!("{date} {status} ({n})"),
                })
                .collect();
            let value = d
                .value
                .as_ref()
                .map(|v| {
                    format!(
                        "{}{} {}",
                        match v.qualifier.as_deref() {
                            Some("more_than") => ">",
                            Some("less_than") => "<",
                            Some("approx") => "~",
                            _ => "",
                        },
                        human_number(v.amount),
                        v.currency.as_deref().unwrap_or("")
                    )
                })
                .unwrap_or_default();
            vec![
                opt(&d.supplier),
                opt(&d.recipient),
                d.system.clone().unwrap_or_else(|| "(unspecified)".into()),
                d.quantity.map(|q| q.to_string()).unwrap_or_default(),
                value,
                d.status.clone(),
                history.join(", "),
                d.num_articles.to_string(),
                d.num_sources.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "supplier",
            "recipient",
            "system",
            "qty",
            "value",
            "status",
            "history",
            "articles",
            "sources",
        ],
        &rows,
    )
}

/// 1e9 → "1 bn", 2.5e6 → "2.5 m".
fn human_number(v: f64) -> String {
    let (x, unit) = if v.abs() >= 1e9 {
        (v / 1e9, " bn")
    } else if v.abs() >= 1e6 {
        (v / 1e6, " m")
    } else {
        (v, "")
    };
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{unit}")
}

/// Run `sitrep search`.
pub fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let text = args.text.join(" ");
    if args.quotes {
        return args.db.show(
            |store| store.search_quotes(&text, args.limit),
            |quotes| quote_table(quotes),
        );
    }
    args.db.show(
        |store| store.search(&text, args.limit, args.offset),
        |hits| {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        day(&h.published),
                        opt(&h.outlet),
                        opt(&h.title),
                        h.snippet.clone(),
                        h.id.clone(),
                    ]
                })
                .collect();
            table(&["date", "outlet", "title", "snippet", "id"], &rows)
        },
    )
}

/// Run `sitrep quotes`.
pub fn run_quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    args.db.show(
        |store| store.quotes(&args.speaker, args.limit),
        |quotes| quote_table(quotes),
    )
}

/// Run `sitrep events`.
pub fn run_events(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let filter = EventFilter {
        actor: args.actor,
        kind: args.kind,
        since: args.since,
        until: args.until,
        place: args.place,
    };
    args.db.show(
        |store| store.events(&filter, args.limit),
        |e| event_table(e),
    )
}

/// Run `sitrep arms`.
pub fn run_arms(args: ArmsArgs) -> anyhow::Result<ExitCode> {
    let filter = ArmsFilter {
        supplier: args.supplier,
        recipient: args.recipient,
        system: args.system,
        status: args.status,
    };
    args.db.show(|store| store.arms(&filter), |d| arms_table(d))
}

/// Run `sitrep entity`.
pub fn run_entity(args: EntityArgs) -> anyhow::Result<ExitCode> {
    let name = args.name.join(" ");
    let Some(p) = args.db.open()?.entity(&name)? else {
        eprintln!("sitrep: no entity matches {name:?}");
        return Ok(ExitCode::FAILURE);
    };
    emit(args.db.json, &p, || {
        let e = &p.entity;
        let mut out = format!(
            "{} ({}{}{})\nkey {}: {} mentions in {} articles\n\nMentions per month\n",
            e.name,
            e.kind,
            e.country
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default(),
            e.actor
                .as_deref()
                .map(|a| format!(", {a}"))
                .unwrap_or_default(),
            e.key,
            p.mentions,
            p.articles
        );
        let timeline: Vec<Vec<String>> = p
            .timeline
            .iter()
            .map(|m| {
                vec![
                    m.month.clone(),
                    m.mentions.to_string(),
                    m.articles.to_string(),
                ]
            })
            .collect();
        out += &table(&["month", "mentions", "articles"], &timeline);
        out += "\nSeen with\n";
        let co: Vec<Vec<String>> = p
            .co_occurring
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.kind.clone(),
                    opt(&c.actor),
                    c.articles.to_string(),
                ]
            })
            .collect();
        out += &table(&["name", "type", "actor", "articles"], &co);
        out += "\nQuotes\n";
        out += &quote_table(&p.quotes);
        out
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Run `sitrep stats`.
pub fn run_stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    args.db.show(Store::stats, |stats| {
        let rows: Vec<Vec<String>> = stats
            .tables
            .iter()
            .map(|(t, n)| vec![t.clone(), n.to_string()])
            .collect();
        let mut out = table(&["table", "rows"], &rows);
        let list = |m: &std::collections::BTreeMap<String, i64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out += &format!(
            "\nlanguages: {}\nwire agencies: {}\nstories with several articles: {}\nschema version: {}\n",
            list(&stats.languages),
            list(&stats.agencies),
            stats.multi_article_stories,
            stats.schema_version
        );
        out
    })
}

/// Run `sitrep stories`.
pub fn run_stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    args.db.show(
        |store| store.stories(args.limit),
        |stories| {
            let rows: Vec<Vec<String>> = stories
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.articles.to_string(),
                        day(&s.first_published),
                        s.agencies.join(", "),
                        s.outlets.join(", "),
                        opt(&s.title),
                    ]
                })
                .collect();
            table(
                &["story", "articles", "first", "agencies", "outlets", "title"],
                &rows,
            )
        },
    )
}

/// Run `sitrep export`.
pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    if args.out.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        store.export_to(args.format, &mut out, &args.out)?;
        out.flush().ok();
        return Ok(ExitCode::SUCCESS);
    }
    let summary = store
        .export(args.format, &args.out)
        .with_context(|| format!("exporting {} to {}", args.format, args.out.display()))?;
    emit(args.db.json, &summary, || {
        summary
            .files
            .iter()
            .map(|(p, n)| format!("wrote {} ({n} rows)\n", p.display()))
            .collect()
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Run `sitrep check`: the database's integrity check; fails unless it says `ok`.
pub fn run_check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let messages = args.db.open()?.check()?;
    let ok = messages == ["ok"];
    emit(args.db.json, &messages, || messages.join("\n") + "\n")?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The end-of-ingest summary for people (or JSON), for the `ingest` command.
#[allow(dead_code)] // wired by the ingest command
pub fn ingest_summary_text(s: &IngestSummary) -> String {
    let mut out = format!(
        "{} new, {} duplicate, {} updated, {} failed in {:.1}s ({:.0} articles/s)\n",
        s.new,
        s.duplicate,
        s.updated,
        s.failed,
        s.elapsed_secs,
        s.rate()
    );
    for (reason, n) in &s.failed_by_reason {
        out += &format!("  failed ({reason}): {n}\n");
    }
    let f = &s.facts;
    out += &format!(
        "facts: {} entities ({} mentions), {} quotes, {} amounts, {} times, {} events, \
         {} arms transfers ({} items), {} sentences\n",
        f.entities,
        f.mentions,
        f.quotes,
        f.amounts,
        f.times,
        f.events,
        f.arms_transfers,
        f.arms_items,
        f.sentences
    );
    out += &format!(
        "database: {} articles in {} stories\n",
        s.articles_total, s.stories
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_cut_long_cells() {
        let t = table(
            &["a", "bb"],
            &[
                vec!["xxx".into(), "y".repeat(100)],
                vec!["z".into(), "w".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "a    bb");
        assert!(lines[1].starts_with("xxx  yyy"));
        assert!(lines[1].ends_with('…'));
        assert_eq!(lines[2], "z    w");
        assert!(table(&["a"], &[]).ends_with("(none)\n"));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(human_number(1e9), "1 bn");
        assert_eq!(human_number(2.5e6), "2.5 m");
        assert_eq!(human_number(18.0), "18");
    }
}
