//! One sheet's cells as the reader sees them, and the findings collected while
//! a workbook is read: cell values as [`Raw`] (text cleaned, dates as
//! YYYY-MM-DD), the texts of a column or of the whole sheet.

use calamine::{Data, Range};

use crate::cell::{number_text, Raw};
use crate::ident::clean_text;
use crate::model::{Finding, Problem, Severity};

/// Collects findings for one file.
pub(super) struct Report<'a> {
    pub(super) file: &'a str,
    pub(super) findings: Vec<Finding>,
}

impl Report<'_> {
    pub(super) fn add(
        &mut self,
        severity: Severity,
        sheet: Option<&str>,
        cell: Option<String>,
        problem: Problem,
    ) {
        self.findings.push(Finding {
            file: self.file.to_string(),
            sheet: sheet.map(str::to_string),
            cell,
            severity,
            problem,
        });
    }
    pub(super) fn error(&mut self, sheet: Option<&str>, cell: Option<String>, problem: Problem) {
        self.add(Severity::Error, sheet, cell, problem);
    }
    pub(super) fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// A cell as the reader sees it: texts cleaned ([`clean_text`]), dates as YYYY-MM-DD.
pub(crate) fn raw(data: Option<&Data>) -> Raw {
    match data {
        None | Some(Data::Empty) => Raw::Empty,
        Some(Data::Int(i)) => Raw::Number(*i as f64),
        Some(Data::Float(f)) => Raw::Number(*f),
        Some(Data::String(s)) => Raw::Text(clean_text(s)),
        Some(Data::Bool(b)) => Raw::Bool(*b),
        Some(Data::DateTime(d)) => Raw::Date(excel_date(d.as_f64()), Some(d.as_f64())),
        Some(Data::DateTimeIso(s)) => Raw::Date(s.split('T').next().unwrap_or(s).to_string(), None),
        Some(Data::DurationIso(s)) => Raw::Date(s.clone(), None),
        Some(Data::Error(e)) => Raw::Error(format!("{e}")),
    }
}

/// An Excel serial date as `YYYY-MM-DD` (1900 date system).
fn excel_date(serial: f64) -> String {
    if !(1.0..2_958_466.0).contains(&serial) {
        return number_text(serial);
    }
    // Days since 1970-01-01; Excel's day 25569 is 1970-01-01 (its 1900 leap bug lies before).
    let days = serial.floor() as i64 - 25569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(super) fn text_of(data: Option<&Data>) -> String {
    raw(data).text()
}

/// Cells of a sheet by absolute position.
pub(super) struct Sheet {
    pub(super) name: &'static str,
    pub(super) range: Range<Data>,
}

impl Sheet {
    pub(super) fn get(&self, row: u32, col: u32) -> Option<&Data> {
        self.range.get_value((row, col))
    }
    /// (row, text) of the string cells of column `col` from row `from` down, in order.
    pub(super) fn column_texts(&self, col: u32, from: u32) -> impl Iterator<Item = (u32, &str)> {
        let end = self.range.end().map_or(0, |(r, _)| r + 1);
        (from..end).filter_map(move |r| match self.get(r, col) {
            Some(Data::String(s)) => Some((r, s.as_str())),
            _ => None,
        })
    }
    /// (row, col) of every non-empty string cell, absolute.
    pub(super) fn texts(&self) -> impl Iterator<Item = (u32, u32, &str)> {
        let (r0, c0) = self.range.start().unwrap_or((0, 0));
        self.range
            .used_cells()
            .filter_map(move |(r, c, d)| match d {
                Data::String(s) => Some((r0 + r as u32, c0 + c as u32, s.as_str())),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::excel_date;

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(25569.0), "1970-01-01");
        assert_eq!(excel_date(46023.0), "2026-01-01");
        assert_eq!(excel_date(45351.5), "2024-02-29");
    }
}
