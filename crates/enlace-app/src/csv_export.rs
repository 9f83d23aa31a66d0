//! Every CSV the app writes goes through [`CsvTable`]: a cell that a
//! spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) is written with a leading `'`, so opening an
//! export never runs what a patient's name, a note or a typed username
//! carried. A plain number (`-3`, `+13055550134`) is left as it is: it
//! cannot be a formula.
//!
//! How to use it: `CsvTable::new(&header)?`, then `row([...])?` for each
//! record, then `finish()?` for the text.

use std::borrow::Cow;

use crate::{AppError, ErrorCode};

/// A CSV document being written, formula cells neutralized.
#[derive(Debug)]
pub struct CsvTable {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    pub fn new(header: &[&str]) -> Result<Self, AppError> {
        let mut table = Self { writer: csv::Writer::from_writer(Vec::new()) };
        table.row(header.iter().copied())?;
        Ok(table)
    }

    pub fn row<I, S>(&mut self, cells: I) -> Result<(), AppError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells.into_iter().map(|cell| neutralized(cell.as_ref()).into_owned()).collect();
        self.writer.write_record(&cells).map_err(|_| AppError::new(ErrorCode::ExportFailed))
    }

    pub fn finish(self) -> Result<String, AppError> {
        let bytes = self.writer.into_inner().map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
        String::from_utf8(bytes).map_err(|_| AppError::new(ErrorCode::ExportFailed))
    }
}

/// `cell` as a spreadsheet can only read as text.
pub fn neutralized(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_plain_number(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    !digits.is_empty()
        && digits.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.')
        && digits.matches('.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_written_as_text_and_numbers_as_they_are() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1"] {
            assert_eq!(neutralized(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-3", "+13055550134", "12.5", "María José Núñez", "", "a=b"] {
            assert_eq!(neutralized(plain), plain);
        }
        let mut table = CsvTable::new(&["name", "days"]).unwrap();
        table.row(["=1+1", "-3"]).unwrap();
        assert_eq!(table.finish().unwrap(), "name,days\n'=1+1,-3\n");
    }
}
