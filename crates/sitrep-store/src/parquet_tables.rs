//! Parquet export: one file per table, for DuckDB, Spark, Trino (cargo feature `parquet`).
//!
//! Column types follow the SQLite declarations: INTEGER → Int64, REAL → Float64, BLOB →
//! Binary, anything else → Utf8; every column is nullable. Rows are written in record batches
//! of [`BATCH_ROWS`], compressed with Snappy.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;

use crate::export::table_query;
use crate::schema::DATA_TABLES;
use crate::store::Store;
use crate::{Error, Result};

/// Rows per record batch (and so the memory held per column while writing).
const BATCH_ROWS: usize = 65_536;

/// A column being filled.
enum Column {
    Int(Int64Builder),
    Real(Float64Builder),
    Text(StringBuilder),
    Blob(BinaryBuilder),
}

impl Column {
    fn new(kind: &DataType) -> Column {
        match kind {
            DataType::Int64 => Column::Int(Int64Builder::new()),
            DataType::Float64 => Column::Real(Float64Builder::new()),
            DataType::Binary => Column::Blob(BinaryBuilder::new()),
            _ => Column::Text(StringBuilder::new()),
        }
    }

    /// Appends a value, converting between SQLite's dynamic types where it can (an integer in
    /// a REAL column, a number in a TEXT column); impossible conversions become null.
    fn push(&mut self, v: ValueRef<'_>) {
        match (self, v) {
            (Column::Int(b), ValueRef::Integer(i)) => b.append_value(i),
            (Column::Int(b), _) => b.append_null(),
            (Column::Real(b), ValueRef::Real(f)) => b.append_value(f),
            (Column::Real(b), ValueRef::Integer(i)) => b.append_value(i as f64),
            (Column::Real(b), _) => b.append_null(),
            (Column::Blob(b), ValueRef::Blob(x)) => b.append_value(x),
            (Column::Blob(b), _) => b.append_null(),
            (Column::Text(b), ValueRef::Text(t)) => b.append_value(String::from_utf8_lossy(t)),
            (Column::Text(b), ValueRef::Integer(i)) => b.append_value(i.to_string()),
            (Column::Text(b), ValueRef::Real(f)) => b.append_value(f.to_string()),
            (Column::Text(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Int(b) => Arc::new(b.finish()),
            Column::Real(b) => Arc::new(b.finish()),
            Column::Text(b) => Arc::new(b.finish()),
            Column::Blob(b) => Arc::new(b.finish()),
        }
    }
}

/// The Arrow type for a SQLite declared column type.
fn arrow_type(declared: &str) -> DataType {
    let d = declared.to_ascii_uppercase();
    if d.contains("INT") {
        DataType::Int64
    } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
        DataType::Float64
    } else if d.contains("BLOB") {
        DataType::Binary
    } else {
        DataType::Utf8
    }
}

/// Writes `<dir>/<table>.parquet` for every data table; returns the files and row counts.
pub(crate) fn export(store: &Store, dir: &Path) -> Result<Vec<(PathBuf, u64)>> {
    let fail = |path: &Path, e: &dyn std::fmt::Display| Error::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let conn = store.conn();
    let mut files = Vec::new();
    for table in DATA_TABLES {
        let path = dir.join(format!("{table}.parquet"));
        // Declared types by column name; computed columns (the article text) are text.
        let declared: std::collections::HashMap<String, String> = conn
            .prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(&table_query(table))?;
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let fields: Vec<Field> = names
            .iter()
            .map(|n| {
                Field::new(
                    n,
                    arrow_type(declared.get(n).map_or("TEXT", String::as_str)),
                    true,
                )
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let file = File::create(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let mut writer =
            ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| fail(&path, &e))?;
        let mut columns: Vec<Column> = schema
            .fields()
            .iter()
            .map(|f| Column::new(f.data_type()))
            .collect();
        let mut rows = stmt.query([])?;
        let (mut n, mut in_batch) = (0u64, 0usize);
        let flush = |columns: &mut Vec<Column>, writer: &mut ArrowWriter<File>| -> Result<()> {
            let arrays: Vec<ArrayRef> = columns.iter_mut().map(Column::finish).collect();
            let batch =
                RecordBatch::try_new(schema.clone(), arrays).map_err(|e| fail(&path, &e))?;
            writer.write(&batch).map_err(|e| fail(&path, &e))
        };
        while let Some(row) = rows.next()? {
            for (i, col) in columns.iter_mut().enumerate() {
                col.push(row.get_ref(i)?);
            }
            n += 1;
            in_batch += 1;
            if in_batch == BATCH_ROWS {
                flush(&mut columns, &mut writer)?;
                in_batch = 0;
            }
        }
        if in_batch > 0 || n == 0 {
            flush(&mut columns, &mut writer)?;
        }
        writer.close().map_err(|e| fail(&path, &e))?;
        files.push((path, n));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{belarus, poland};
    use parquet::file::reader::{FileReader, SerializedFileReader};

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
        }
        let reader =
            SerializedFileReader::new(File::open(dir.path().join("events.parquet")).unwrap())
                .unwrap();
        let schema = reader.metadata().file_metadata().schema_descr();
        let goldstein = (0..schema.num_columns())
            .map(|i| schema.column(i))
            .find(|c| c.name() == "goldstein")
            .unwrap();
        assert_eq!(goldstein.physical_type(), parquet::basic::Type::DOUBLE);
    }
}
