//! Exports for tools outside sitrep: JSONL documents, CSV per table, a GDELT 2.0 event table,
//! a SIPRI-register-like CSV.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::query::ArmsFilter;
use crate::schema::DATA_TABLES;
use crate::store::Store;
use crate::{Error, Result};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One `sitrep.article/1` document per line.
    Jsonl,
    /// One CSV file per table, into a directory.
    Csv,
    /// Tab-separated GDELT 2.0 event table (events merged across articles).
    Gdelt,
    /// SIPRI-register-like CSV of the merged arms register.
    Sipri,
    /// One Parquet file per table, into a directory (needs the `parquet` cargo feature).
    Parquet,
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "gdelt" => Ok(ExportFormat::Gdelt),
            "sipri" => Ok(ExportFormat::Sipri),
            "parquet" => Ok(ExportFormat::Parquet),
            other => Err(format!(
                "unknown export format {other:?}: use jsonl, csv, parquet, gdelt or sipri"
            )),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Gdelt => "gdelt",
            ExportFormat::Sipri => "sipri",
            ExportFormat::Parquet => "parquet",
        })
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportSummary {
    /// The format written.
    pub format: ExportFormat,
    /// Files written, with their data-row counts.
    pub files: Vec<(PathBuf, u64)>,
}

/// The GDELT 2.0 event-table columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The SIPRI-like register columns, in order.
pub const SIPRI_COLUMNS: [&str; 11] = [
    "supplier",
    "recipient",
    "designation",
    "category",
    "number_ordered",
    "order_year",
    "delivery_years",
    "status",
    "num_articles",
    "num_sources",
    "sources",
];

fn create(path: &Path) -> Result<BufWriter<File>> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

/// A SQLite value as CSV text: empty for NULL, hex for blobs.
fn cell(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// The year at the start of a date, if any.
fn year(date: Option<&str>) -> Option<&str> {
    date.filter(|d| d.len() >= 4 && d.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        .map(|d| &d[..4])
}

/// The query exporting one table. The document JSON belongs to the JSONL export; the
/// articles table exports the plain text instead.
pub(crate) fn table_query(table: &str) -> String {
    if table == "articles" {
        "SELECT seq, id, url, domain, outlet, title, authors, agency, published, language,
                story_id, ingested_at, json_extract(document, '$.text') AS text
         FROM articles ORDER BY seq"
            .to_string()
    } else {
        format!("SELECT * FROM {table}")
    }
}

impl Store {
    /// Writes the corpus in `format` to `out`: a file for jsonl, gdelt and sipri; a directory
    /// (created if needed) for csv and parquet.
    pub fn export(&self, format: ExportFormat, out: &Path) -> Result<ExportSummary> {
        let files = match format {
            ExportFormat::Csv => self.export_csv(out)?,
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => crate::parquet_tables::export(self, out)?,
            #[cfg(not(feature = "parquet"))]
            ExportFormat::Parquet => {
                return Err(Error::Format {
                    path: out.to_path_buf(),
                    message: "this sitrep was built without Parquet support; \
                              rebuild with `--features parquet`"
                        .into(),
                })
            }
            _ => {
                let mut w = create(out)?;
                let rows = self.export_to(format, &mut w, out)?;
                w.flush().map_err(io(out))?;
                vec![(out.to_path_buf(), rows)]
            }
        };
        Ok(ExportSummary { format, files })
    }

    /// Writes a single-file format (jsonl, gdelt, sipri) to any writer, e.g. stdout;
    /// `name` is used in error messages. Returns the number of data rows.
    pub fn export_to(&self, format: ExportFormat, w: &mut dyn Write, name: &Path) -> Result<u64> {
        match format {
            ExportFormat::Jsonl => self.export_jsonl(w, name),
            ExportFormat::Gdelt => self.export_gdelt(w, name),
            ExportFormat::Sipri => self.export_sipri(w, name),
            ExportFormat::Csv | ExportFormat::Parquet => Err(Error::Format {
                path: name.to_path_buf(),
                message: format!("{format} export writes a directory of files, not a stream"),
            }),
        }
    }

    fn export_jsonl(&self, w: &mut dyn Write, name: &Path) -> Result<u64> {
        let mut stmt = self
            .conn()
            .prepare("SELECT document FROM articles ORDER BY seq")
            .map_err(|e| self.classify(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.classify(e))?;
        let mut n = 0;
        while let Some(row) = rows.next().map_err(|e| self.classify(e))? {
            let doc = row.get_ref(0).map_err(Error::Sqlite)?;
            w.write_all(doc.as_bytes().map_err(|e| Error::Sqlite(e.into()))?)
                .and_then(|_| w.write_all(b"\n"))
                .map_err(io(name))?;
            n += 1;
        }
        Ok(n)
    }

    fn export_csv(&self, dir: &Path) -> Result<Vec<(PathBuf, u64)>> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut files = Vec::new();
        for table in DATA_TABLES {
            let sql = table_query(table);
            let path = dir.join(format!("{table}.csv"));
            let mut csv = csv::Writer::from_writer(create(&path)?);
            let mut stmt = self.conn().prepare(&sql).map_err(|e| self.classify(e))?;
            let header: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
            let width = header.len();
            csv.write_record(&header).map_err(csv_err(&path))?;
            let mut rows = stmt.query([]).map_err(|e| self.classify(e))?;
            let mut n = 0;
            while let Some(row) = rows.next().map_err(|e| self.classify(e))? {
                let record = (0..width)
                    .map(|i| row.get_ref(i).map(cell))
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                csv.write_record(&record).map_err(csv_err(&path))?;
                n += 1;
            }
            csv.flush().map_err(io(&path))?;
            files.push((path, n));
        }
        Ok(files)
    }

    /// One GDELT row per distinct (day, actor 1, actor 2, event code, place), with
    /// NumMentions = event rows, NumArticles = distinct articles, NumSources = distinct
    /// stories. Country codes are ISO 3166 alpha-2 where GDELT uses FIPS; unknown columns
    /// are blank.
    fn export_gdelt(&self, w: &mut dyn Write, name: &Path) -> Result<u64> {
        let mut stmt = self
            .conn()
            .prepare(
                // With a single min() aggregate, SQLite takes the bare columns (url,
                // ingested_at) from the row holding the minimum: the first report.
                "SELECT min(e.seq), e.date, e.source_actor, e.source_name, e.target_actor,
                        e.target_name, e.cameo, e.quad_class, avg(e.goldstein), count(*),
                        count(DISTINCT a.story_id), count(DISTINCT e.article), e.place_name,
                        e.place_country, e.lat, e.lon, a.url, a.ingested_at
                 FROM events e JOIN articles a ON a.id = e.article
                 GROUP BY e.date, e.source_actor, e.source_name, e.target_actor, e.target_name,
                          e.kind, e.cameo, e.place_name
                 ORDER BY 1",
            )
            .map_err(|e| self.classify(e))?;
        let mut tsv = csv::WriterBuilder::new()
            .delimiter(b'\t')
            .quote_style(csv::QuoteStyle::Never)
            .from_writer(w);
        tsv.write_record(GDELT_COLUMNS).map_err(csv_err(name))?;
        let mut rows = stmt.query([]).map_err(|e| self.classify(e))?;
        let mut n = 0;
        // TSV without quoting: tabs and newlines inside values become spaces.
        let clean = |s: Option<String>| -> String {
            s.unwrap_or_default().replace(['\t', '\n', '\r'], " ")
        };
        while let Some(r) = rows.next().map_err(|e| self.classify(e))? {
            let mut rec = vec![String::new(); GDELT_COLUMNS.len()];
            let col = |name: &str| GDELT_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
            let mut set = |name: &str, v: String| rec[col(name)] = v;
            let id: i64 = r.get(0)?;
            set("GLOBALEVENTID", id.to_string());
            let date: Option<String> = r.get(1)?;
            if let Some(d) = date.as_deref().filter(|d| d.len() >= 10) {
                let compact = d[..10].replace('-', "");
                set("MonthYear", compact[..6].to_string());
                set("Year", compact[..4].to_string());
                let y: f64 = d[..4].parse().unwrap_or(0.0);
                let m: f64 = d[5..7].parse().unwrap_or(1.0);
                let day: f64 = d[8..10].parse().unwrap_or(1.0);
                let doy = (m - 1.0) * 30.4375 + day;
                set("FractionDate", format!("{:.4}", y + doy / 365.0));
                set("SQLDATE", compact);
            }
            for (i, side) in [(2, "Actor1"), (4, "Actor2")] {
                let code: Option<String> = r.get(i)?;
                let actor_name: Option<String> = r.get(i + 1)?;
                if let Some(c) = code.as_deref() {
                    if c.len() >= 3 && c.as_bytes()[..3].iter().all(u8::is_ascii_alphabetic) {
                        set(&format!("{side}CountryCode"), c[..3].to_string());
                    }
                }
                set(&format!("{side}Code"), clean(code));
                set(&format!("{side}Name"), clean(actor_name).to_uppercase());
            }
            let cameo: Option<String> = r.get(6)?;
            if let Some(c) = cameo.as_deref() {
                set("EventCode", c.to_string());
                set("EventBaseCode", c.chars().take(3).collect());
                set("EventRootCode", c.chars().take(2).collect());
            }
            let quad: Option<i64> = r.get(7)?;
            set("QuadClass", quad.map(|q| q.to_string()).unwrap_or_default());
            let goldstein: Option<f64> = r.get(8)?;
            set(
                "GoldsteinScale",
                goldstein.map(|g| format!("{g:.1}")).unwrap_or_default(),
            );
            set("NumMentions", r.get::<_, i64>(9)?.to_string());
            set("NumSources", r.get::<_, i64>(10)?.to_string());
            set("NumArticles", r.get::<_, i64>(11)?.to_string());
            let place: Option<String> = r.get(12)?;
            let place_country: Option<String> = r.get(13)?;
            let lat: Option<f64> = r.get(14)?;
            let lon: Option<f64> = r.get(15)?;
            if place.is_some() {
                // 1 = country, 4 = world city/place (GDELT's codes); we know points only.
                set(
                    "ActionGeo_Type",
                    if lat.is_some() { "4" } else { "1" }.into(),
                );
            }
            set("ActionGeo_FullName", clean(place));
            set("ActionGeo_CountryCode", clean(place_country));
            set(
                "ActionGeo_Lat",
                lat.map(|v| v.to_string()).unwrap_or_default(),
            );
            set(
                "ActionGeo_Long",
                lon.map(|v| v.to_string()).unwrap_or_default(),
            );
            let added: Option<String> = r.get(17)?;
            set(
                "DATEADDED",
                added
                    .unwrap_or_default()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect(),
            );
            set("SOURCEURL", clean(r.get(16)?));
            tsv.write_record(&rec).map_err(csv_err(name))?;
            n += 1;
        }
        tsv.flush().map_err(io(name))?;
        Ok(n)
    }

    /// One row per merged deal (see [`Store::arms`]). The order year is the year of the
    /// first report of an agreed deal; delivery years are the years of delivery reports, else
    /// the announced deadline as `by YEAR`; sources are the reporting URLs.
    fn export_sipri(&self, w: &mut dyn Write, name: &Path) -> Result<u64> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(SIPRI_COLUMNS).map_err(csv_err(name))?;
        let mut n = 0;
        for deal in self.arms(&ArmsFilter::default())? {
            let order_year = deal
                .status_history
                .iter()
                .find(|r| r.status == "agreed")
                .and_then(|r| year(r.date.as_deref()))
                .unwrap_or_default()
                .to_string();
            let mut delivered: Vec<&str> = deal
                .status_history
                .iter()
                .filter(|r| r.status == "delivered")
                .filter_map(|r| year(r.date.as_deref()))
                .collect();
            delivered.dedup();
            let delivery_years = if delivered.is_empty() {
                deal.delivery_by
                    .as_deref()
                    .map(|d| format!("by {}", readable_timex_year(d)))
                    .unwrap_or_default()
            } else {
                delivered.join(";")
            };
            out.write_record([
                deal.supplier.clone().unwrap_or_default(),
                deal.recipient.clone().unwrap_or_default(),
                deal.system.clone().unwrap_or_default(),
                deal.category.clone().unwrap_or_default(),
                deal.quantity.map(|q| q.to_string()).unwrap_or_default(),
                order_year,
                delivery_years,
                deal.status.clone(),
                deal.num_articles.to_string(),
                deal.num_sources.to_string(),
                deal.urls.join(" "),
            ])
            .map_err(csv_err(name))?;
            n += 1;
        }
        out.flush().map_err(io(name))?;
        Ok(n)
    }
}

/// A TIMEX year or decade for people: `2029` stays, the decade `202` reads `2020s`.
fn readable_timex_year(value: &str) -> String {
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_digit()) {
        format!("{value}0s")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{belarus, poland};
    use sitrep_core::schema::Document;

    fn corpus() -> (Store, Vec<Document>) {
        let mut store = Store::open_in_memory().unwrap();
        let mut copy = belarus("u2", "france24.com", "2021-09-20", " The deal was signed.");
        copy.arms_transfers[0].status = "agreed".into();
        let docs = vec![
            belarus("u1", "themoscowtimes.com", "2021-09-13", ""),
            copy,
            poland("u3"),
        ];
        for d in &docs {
            store.insert(d).unwrap();
        }
        (store, docs)
    }

    #[test]
    fn formats_parse() {
        assert_eq!("JSONL".parse::<ExportFormat>(), Ok(ExportFormat::Jsonl));
        assert!("xml".parse::<ExportFormat>().unwrap_err().contains("jsonl"));
        assert_eq!("parquet".parse::<ExportFormat>(), Ok(ExportFormat::Parquet));
        assert_eq!(ExportFormat::Gdelt.to_string(), "gdelt");
    }

    #[test]
    fn jsonl_round_trips_the_documents() {
        let (store, docs) = corpus();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let summary = store.export(ExportFormat::Jsonl, &path).unwrap();
        assert_eq!(summary.files[0].1, 3);
        let text = std::fs::read_to_string(&path).unwrap();
        let back: Vec<Document> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, docs);
    }

    #[test]
    fn csv_writes_every_table_and_reads_back() {
        let (store, _) = corpus();
        let dir = tempfile::tempdir().unwrap();
        let summary = store.export(ExportFormat::Csv, dir.path()).unwrap();
        assert_eq!(summary.files.len(), DATA_TABLES.len());
        let stats = store.stats().unwrap();
        for (path, rows) in &summary.files {
            let table = path.file_stem().unwrap().to_str().unwrap();
            let mut reader = csv::Reader::from_path(path).unwrap();
            let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
            assert_eq!(records.len() as i64, stats.tables[table], "{table}");
            assert_eq!(records.len() as u64, *rows);
        }
        let mut articles = csv::Reader::from_path(dir.path().join("articles.csv")).unwrap();
        let headers = articles.headers().unwrap().clone();
        let text_col = headers.iter().position(|h| h == "text").unwrap();
        let first = articles.records().next().unwrap().unwrap();
        assert!(first[text_col].starts_with("Belarus will buy"));
        let quotes = csv::Reader::from_path(dir.path().join("quotes.csv"))
            .unwrap()
            .headers()
            .unwrap()
            .clone();
        assert!(quotes.iter().any(|h| h == "speaker_name"));
    }

    #[test]
    fn gdelt_has_the_event_table_columns_and_merged_counts() {
        let (store, _) = corpus();
        let mut buf = Vec::new();
        let n = store
            .export_to(ExportFormat::Gdelt, &mut buf, Path::new("gdelt.tsv"))
            .unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        assert_eq!(header, GDELT_COLUMNS);
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.len() as u64, n);
        // The two Belarus copies report one event on 2021-09-13: one row, two articles,
        // one independent source. Poland's two events are two rows.
        assert_eq!(rows.len(), 3);
        let col = |name: &str| GDELT_COLUMNS.iter().position(|c| *c == name).unwrap();
        let blr = rows.iter().find(|r| r[col("Actor1Code")] == "BLR").unwrap();
        assert_eq!(blr[col("SQLDATE")], "20210913");
        assert_eq!(blr[col("NumArticles")], "2");
        assert_eq!(blr[col("NumSources")], "1");
        assert_eq!(blr[col("EventCode")], "0312");
        assert_eq!(blr[col("EventBaseCode")], "031");
        assert_eq!(blr[col("EventRootCode")], "03");
        assert_eq!(blr[col("Actor2CountryCode")], "RUS");
        assert_eq!(blr[col("Actor1Name")], "BELARUS");
        assert!(blr[col("SOURCEURL")].contains("themoscowtimes.com"));
        let emergency = rows.iter().find(|r| r[col("EventCode")] == "1721").unwrap();
        assert_eq!(emergency[col("ActionGeo_FullName")], "Poland");
        assert_eq!(emergency[col("QuadClass")], "4");
        assert!(rows.iter().all(|r| r.len() == GDELT_COLUMNS.len()));
    }

    #[test]
    fn sipri_register_reads_back() {
        let (store, _) = corpus();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sipri.csv");
        store.export(ExportFormat::Sipri, &path).unwrap();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        assert_eq!(reader.headers().unwrap(), SIPRI_COLUMNS.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        let himars = rows.iter().find(|r| &r[2] == "HIMARS").unwrap();
        assert_eq!(&himars[0], "US");
        assert_eq!(&himars[4], "18");
        assert_eq!(&himars[6], "2021");
        assert_eq!(&himars[7], "delivered");
        let s400 = rows.iter().find(|r| &r[2] == "S-400").unwrap();
        assert_eq!(&s400[5], "2021");
        assert_eq!(&s400[6], "by 2025");
        assert_eq!(readable_timex_year("202"), "2020s");
        assert_eq!(readable_timex_year("2029"), "2029");
        assert_eq!(&s400[7], "agreed");
        assert_eq!(&s400[8], "2");
        assert_eq!(&s400[9], "1");
    }
}
