//! Reading the knowledge base's TSV files: `#` comment lines, one record a line, `|`-separated
//! lists inside a field.

use crate::KbError;

/// One data row: its 1-based line number and its fields (missing trailing fields are "").
pub(crate) struct Row<'a> {
    pub line: usize,
    pub fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The field at `i` ("" when absent).
    pub fn get(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    /// The field at `i` as a `|`-separated list, empty items dropped.
    pub fn list(&self, i: usize) -> Vec<&'a str> {
        list(self.get(i))
    }

    /// The field at `i` as an optional value ("" → `None`).
    pub fn opt(&self, i: usize) -> Option<&'a str> {
        let v = self.get(i);
        (!v.is_empty()).then_some(v)
    }

    /// The field at `i` parsed as a number, "" → `None`.
    pub fn num<T: std::str::FromStr>(
        &self,
        file: &'static str,
        i: usize,
    ) -> Result<Option<T>, KbError> {
        let v = self.get(i);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| self.error(file, format!("field {} is not a number: {v:?}", i + 1)))
    }

    /// An error about this row.
    pub fn error(&self, file: &'static str, reason: String) -> KbError {
        KbError::BadRow {
            file,
            line: self.line,
            reason,
        }
    }
}

/// Splits a `|`-separated list, dropping empty items.
fn list(s: &str) -> Vec<&str> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// The data rows of a TSV text; a row with more than `max_fields` fields or fewer than
/// `min_fields` is an error naming the file and line.
pub(crate) fn rows<'a>(
    file: &'static str,
    text: &'a str,
    min_fields: usize,
    max_fields: usize,
) -> Result<Vec<Row<'a>>, KbError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let row = Row {
            line: n + 1,
            fields,
        };
        if row.fields.len() < min_fields || row.fields.len() > max_fields {
            return Err(row.error(
                file,
                format!(
                    "expected {min_fields}..={max_fields} fields, found {}",
                    row.fields.len()
                ),
            ));
        }
        out.push(row);
    }
    Ok(out)
}
