//! Parquet export: one file per table, for DuckDB, Spark, Trino (cargo feature `parquet`).
//!
//! Written with the `parquet` crate's column writers, without Arrow (which took most of the
//! feature's build time). Column types follow the SQLite declarations: INTEGER → INT64, REAL →
//! DOUBLE, BLOB → BYTE_ARRAY, anything else → BYTE_ARRAY annotated as a UTF-8 string; every
//! column is OPTIONAL (nullable). Rows go into row groups of [`GROUP_ROWS`], compressed with
//! Snappy.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rusqlite::types::ValueRef;

use crate::export::table_query;
use crate::schema::DATA_TABLES;
use crate::store::Store;
use crate::{Error, Result};

/// Rows per row group (and so the rows held in memory while writing).
const GROUP_ROWS: usize = 65_536;

/// The Parquet type of a column, from its SQLite declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Blob,
}

impl Kind {
    fn of(declared: &str) -> Kind {
        let d = declared.to_ascii_uppercase();
        if d.contains("INT") {
            Kind::Int
        } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
            Kind::Real
        } else if d.contains("BLOB") {
            Kind::Blob
        } else {
            Kind::Text
        }
    }

    fn field(self, name: &str) -> parquet::errors::Result<Type> {
        let (physical, logical) = match self {
            Kind::Int => (PhysicalType::INT64, None),
            Kind::Real => (PhysicalType::DOUBLE, None),
            Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
            Kind::Blob => (PhysicalType::BYTE_ARRAY, None),
        };
        Type::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
    }
}

/// One column's values for the current row group: non-null values plus a definition level
/// per row (1 = value, 0 = null).
enum Values {
    Int(Vec<i64>),
    Real(Vec<f64>),
    Bytes(Vec<ByteArray>),
}

struct Column {
    kind: Kind,
    values: Values,
    levels: Vec<i16>,
}

impl Column {
    fn new(kind: Kind) -> Column {
        let values = match kind {
            Kind::Int => Values::Int(Vec::new()),
            Kind::Real => Values::Real(Vec::new()),
            Kind::Text | Kind::Blob => Values::Bytes(Vec::new()),
        };
        Column {
            kind,
            values,
            levels: Vec::new(),
        }
    }

    /// Appends a value, converting between SQLite's dynamic types where it can (an integer in
    /// a REAL column, a number in a TEXT column); impossible conversions become null.
    fn push(&mut self, v: ValueRef<'_>) {
        let stored = match (&mut self.values, self.kind, v) {
            (Values::Int(x), _, ValueRef::Integer(i)) => {
                x.push(i);
                true
            }
            (Values::Real(x), _, ValueRef::Real(f)) => {
                x.push(f);
                true
            }
            (Values::Real(x), _, ValueRef::Integer(i)) => {
                x.push(i as f64);
                true
            }
            (Values::Bytes(x), Kind::Blob, ValueRef::Blob(b)) => {
                x.push(ByteArray::from(b.to_vec()));
                true
            }
            (Values::Bytes(x), Kind::Text, ValueRef::Text(t)) => {
                x.push(ByteArray::from(
                    String::from_utf8_lossy(t).into_owned().into_bytes(),
                ));
                true
            }
            (Values::Bytes(x), Kind::Text, ValueRef::Integer(i)) => {
                x.push(ByteArray::from(i.to_string().into_bytes()));
                true
            }
            (Values::Bytes(x), Kind::Text, ValueRef::Real(f)) => {
                x.push(ByteArray::from(f.to_string().into_bytes()));
                true
            }
            _ => false,
        };
        self.levels.push(i16::from(stored));
    }

    fn clear(&mut self) {
        match &mut self.values {
            Values::Int(x) => x.clear(),
            Values::Real(x) => x.clear(),
            Values::Bytes(x) => x.clear(),
        }
        self.levels.clear();
    }
}

/// Writes the buffered rows as one row group and empties the buffers.
fn write_group(
    writer: &mut SerializedFileWriter<File>,
    columns: &mut [Column],
) -> parquet::errors::Result<()> {
    let mut group = writer.next_row_group()?;
    for column in columns.iter_mut() {
        let Some(mut out) = group.next_column()? else {
            break;
        };
        let levels = Some(column.levels.as_slice());
        match &column.values {
            Values::Int(x) => out.typed::<Int64Type>().write_batch(x, levels, None)?,
            Values::Real(x) => out.typed::<DoubleType>().write_batch(x, levels, None)?,
            Values::Bytes(x) => out.typed::<ByteArrayType>().write_batch(x, levels, None)?,
        };
        out.close()?;
        column.clear();
    }
    group.close()?;
    Ok(())
}

/// Writes `<dir>/<table>.parquet` for every data table; returns the files and row counts.
pub(crate) fn export(store: &Store, dir: &Path) -> Result<Vec<(PathBuf, u64)>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for table in DATA_TABLES {
        let path = dir.join(format!("{table}.parquet"));
        let rows = export_table(store, table, &path).map_err(|e| match e {
            TableError::Store(e) => e,
            TableError::Parquet(e) => Error::Format {
                path: path.clone(),
                message: e.to_string(),
            },
        })?;
        files.push((path, rows));
    }
    Ok(files)
}

enum TableError {
    Store(Error),
    Parquet(parquet::errors::ParquetError),
}

impl From<parquet::errors::ParquetError> for TableError {
    fn from(e: parquet::errors::ParquetError) -> Self {
        TableError::Parquet(e)
    }
}

impl From<rusqlite::Error> for TableError {
    fn from(e: rusqlite::Error) -> Self {
        TableError::Store(Error::Sqlite(e))
    }
}

fn export_table(store: &Store, table: &str, path: &Path) -> Result<u64, TableError> {
    let conn = store.conn();
    // Declared types by column name; computed columns (the article text) are text.
    let declared: HashMap<String, String> = conn
        .prepare(&format!(
            "SELECT name, type FROM pragma_table_info('{table}')"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(&table_query(table))?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let kinds: Vec<Kind> = names
        .iter()
        .map(|n| Kind::of(declared.get(n).map_or("TEXT", String::as_str)))
        .collect();
    let fields = names
        .iter()
        .zip(&kinds)
        .map(|(n, k)| k.field(n).map(Arc::new))
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    let schema = Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?;
    let file = File::create(path).map_err(|source| {
        TableError::Store(Error::Io {
            path: path.to_path_buf(),
            source,
        })
    })?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props))?;
    let mut columns: Vec<Column> = kinds.into_iter().map(Column::new).collect();
    let mut rows = stmt.query([])?;
    let (mut n, mut in_group) = (0u64, 0usize);
    while let Some(row) = rows.next()? {
        for (i, col) in columns.iter_mut().enumerate() {
            col.push(row.get_ref(i)?);
        }
        n += 1;
        in_group += 1;
        if in_group == GROUP_ROWS {
            write_group(&mut writer, &mut columns)?;
            in_group = 0;
        }
    }
    if in_group > 0 {
        write_group(&mut writer, &mut columns)?;
    }
    writer.close()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{belarus, poland};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[test]
    fn every_table_is_written_and_reads_back() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .insert(&belarus("u1", "a.com", "2021-09-13", ""))
            .unwrap();
        store.insert(&poland("u2")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let files = export(&store, dir.path()).unwrap();
        assert_eq!(files.len(), DATA_TABLES.len());
        let stats = store.stats().unwrap();
        for (path, rows) in files {
            let table = path.file_stem().unwrap().to_str().unwrap().to_string();
            let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
            let meta = reader.metadata().file_metadata();
            assert_eq!(meta.num_rows() as u64, rows, "{table}");
            assert_eq!(meta.num_rows(), stats.tables[&table], "{table}");
            // Every row reads back with one field per column.
            let width = meta.schema_descr().num_columns();
            let read = reader.get_row_iter(None).unwrap().count();
            assert_eq!(read as u64, rows, "{table}");
            assert!(width > 0, "{table}");
        }
        let reader =
            SerializedFileReader::new(File::open(dir.path().join("events.parquet")).unwrap())
                .unwrap();
        let schema = reader.metadata().file_metadata().schema_descr();
        let goldstein = (0..schema.num_columns())
            .map(|i| schema.column(i))
            .find(|c| c.name() == "goldstein")
            .unwrap();
        assert_eq!(goldstein.physical_type(), PhysicalType::DOUBLE);
    }

    #[test]
    fn values_read_back_with_their_types() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .insert(&belarus("u1", "a.com", "2021-09-13", ""))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        export(&store, dir.path()).unwrap();
        let reader =
            SerializedFileReader::new(File::open(dir.path().join("articles.parquet")).unwrap())
                .unwrap();
        let row = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
        let get = |name: &str| {
            row.get_column_iter()
                .find(|(n, _)| n.as_str() == name)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get("id"), Field::Str("u1".into()));
        assert_eq!(get("domain"), Field::Str("a.com".into()));
        assert!(matches!(get("seq"), Field::Long(_)));
        assert!(matches!(get("text"), Field::Str(t) if t.starts_with("Belarus will buy")));
    }

    #[test]
    fn column_types_follow_declarations() {
        assert_eq!(Kind::of("INTEGER"), Kind::Int);
        assert_eq!(Kind::of("real"), Kind::Real);
        assert_eq!(Kind::of("DOUBLE PRECISION"), Kind::Real);
        assert_eq!(Kind::of("BLOB"), Kind::Blob);
        assert_eq!(Kind::of("TEXT"), Kind::Text);
        assert_eq!(Kind::of(""), Kind::Text);
        // A text value in an INTEGER column (SQLite allows it) becomes a null, not a panic.
        let mut c = Column::new(Kind::Int);
        c.push(ValueRef::Text(b"x"));
        c.push(ValueRef::Integer(7));
        c.push(ValueRef::Null);
        assert_eq!(c.levels, [0, 1, 0]);
        let mut t = Column::new(Kind::Text);
        t.push(ValueRef::Real(1.5));
        t.push(ValueRef::Blob(b"\x00"));
        assert_eq!(t.levels, [1, 0]);
    }
}
