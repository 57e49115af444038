//! Reading one returned workbook (calamine) into a [`Submission`] and findings.
//!
//! Items and clauses are found by their code in the table, under column
//! headings found by their label, never by a fixed address: a workbook re-saved
//! by LibreOffice, WPS or Excel, or with a row inserted, still reads.

use calamine::{Data, Range};
use rust_decimal::Decimal;
use std::collections::HashMap;

use super::book::{open_book, Book};
use crate::cell::{number_text, parse_alpha, parse_conformity, parse_level, Hint, Raw};
use crate::grade::Conformity;
use crate::ident::{clean_text, credit_code_is_valid, normalize_credit_code, normalize_date};
use crate::layout::*;
use crate::model::{Catalog, Finding, Header, Problem, Severity, SheetPart, Submission};

/// Collects findings for one file.
struct Report<'a> {
    file: &'a str,
    findings: Vec<Finding>,
}

impl Report<'_> {
    fn add(
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
    fn error(&mut self, sheet: Option<&str>, cell: Option<String>, problem: Problem) {
        self.add(Severity::Error, sheet, cell, problem);
    }
    fn has_errors(&self) -> bool {
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

fn text_of(data: Option<&Data>) -> String {
    raw(data).text()
}

/// Cells of a sheet by absolute position.
struct Sheet {
    name: &'static str,
    range: Range<Data>,
}

impl Sheet {
    fn get(&self, row: u32, col: u32) -> Option<&Data> {
        self.range.get_value((row, col))
    }
    /// (row, text) of the string cells of column `col` from row `from` down, in order.
    fn column_texts(&self, col: u32, from: u32) -> impl Iterator<Item = (u32, &str)> {
        let end = self.range.end().map_or(0, |(r, _)| r + 1);
        (from..end).filter_map(move |r| match self.get(r, col) {
            Some(Data::String(s)) => Some((r, s.as_str())),
            _ => None,
        })
    }
    /// (row, col) of every non-empty string cell, absolute.
    fn texts(&self) -> impl Iterator<Item = (u32, u32, &str)> {
        let (r0, c0) = self.range.start().unwrap_or((0, 0));
        self.range
            .used_cells()
            .filter_map(move |(r, c, d)| match d {
                Data::String(s) => Some((r0 + r as u32, c0 + c as u32, s.as_str())),
                _ => None,
            })
    }
}

/// Reads one workbook's bytes. `file` is the name used in findings.
pub fn read_submission(
    catalog: &Catalog,
    file: &str,
    bytes: &[u8],
) -> (Option<Submission>, Vec<Finding>) {
    let mut report = Report {
        file,
        findings: Vec::new(),
    };
    let submission = read(catalog, bytes, &mut report);
    super::origin::name_the_application(bytes, &mut report.findings);
    // Notes (how a valid workbook counts) after the problems.
    report
        .findings
        .sort_by_key(|f| f.severity == Severity::Note);
    if report.has_errors() {
        return (None, report.findings);
    }
    (submission, report.findings)
}

fn read(catalog: &Catalog, bytes: &[u8], report: &mut Report) -> Option<Submission> {
    let mut book = match open_book(bytes) {
        Ok(b) => b,
        Err(p) => {
            report.error(None, None, p);
            return None;
        }
    };
    let names = book.sheet_names();
    let scheme_idx = identify(catalog, &mut book, &names, report)?;

    let service = load_sheet(&mut book, &names, SERVICE_SHEET, report);
    let maturity = load_sheet(&mut book, &names, MATURITY_SHEET, report);
    let (service, maturity) = (service?, maturity?);

    let alphas = read_service(catalog, scheme_idx, &service, &mut book, report);
    let levels = read_maturity(catalog, scheme_idx, &maturity, &mut book, report);
    if let (Some(None), Some(None)) = (&alphas, &levels) {
        // A workbook sent back unfilled: nothing to count, nothing to call back for.
        report
            .findings
            .retain(|f| !matches!(f.problem, Problem::SheetEmpty(_)));
        report.add(Severity::Warning, None, None, Problem::BothEmpty);
        return None;
    }
    let header = read_header(&service, report);
    let (alphas, maturity, header) = (alphas?, levels?, header?);
    let (levels, conformity) = maturity.map_or((None, None), |(l, c)| (Some(l), Some(c)));
    Some(Submission {
        scheme: scheme_idx,
        header,
        alphas,
        levels,
        conformity,
    })
}

fn identify(
    catalog: &Catalog,
    book: &mut Book,
    names: &[String],
    report: &mut Report,
) -> Option<usize> {
    let Some(meta) = names.iter().find(|n| n.as_str() == META_SHEET) else {
        if is_results_workbook(names) {
            // Results written into the folder being read: not a score sheet, not an error.
            report.add(Severity::Warning, None, None, Problem::OwnResults);
        } else {
            report.error(None, None, Problem::NotTemplate);
        }
        return None;
    };
    let range = match book.range(meta) {
        Ok(r) => r,
        Err(p) => {
            report.error(None, None, p);
            return None;
        }
    };
    let mut values = HashMap::new();
    for row in range.rows() {
        if row.len() >= 2 {
            values.insert(text_of(row.first()), text_of(row.get(1)));
        }
    }
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let (id, version, format) = (get(META_SCHEME), get(META_VERSION), get(META_FORMAT));
    if id.is_empty() {
        report.error(None, None, Problem::NotTemplate);
        return None;
    }
    if format != TEMPLATE_FORMAT.to_string() {
        report.error(None, None, Problem::UnknownFormat(format));
        return None;
    }
    let Some(idx) = catalog.schemes.iter().position(|s| s.id == id) else {
        report.error(None, None, Problem::UnknownScheme(id));
        return None;
    };
    let scheme = &catalog.schemes[idx];
    if scheme.version != version {
        report.error(
            None,
            None,
            Problem::UnknownVersion {
                scheme: id,
                found: version,
                expected: scheme.version.clone(),
            },
        );
        return None;
    }
    Some(idx)
}

fn load_sheet(
    book: &mut Book,
    names: &[String],
    name: &'static str,
    report: &mut Report,
) -> Option<Sheet> {
    if !names.iter().any(|n| n == name) {
        report.error(Some(name), None, Problem::MissingSheet);
        return None;
    }
    match book.range(name) {
        Ok(range) => Some(Sheet { name, range }),
        Err(p) => {
            report.error(Some(name), None, p);
            None
        }
    }
}

fn read_header(sheet: &Sheet, report: &mut Report) -> Option<Header> {
    let mut found: HashMap<&str, (u32, u32, String)> = HashMap::new();
    for (r, c, text) in sheet.texts() {
        let label = text.trim();
        if let Some((_, _, l)) = HEADER_CELLS.iter().find(|(_, _, l)| *l == label) {
            found
                .entry(l)
                .or_insert_with(|| (r, c + 1, text_of(sheet.get(r, c + 1))));
        }
    }
    let value = |label: &str| {
        found
            .get(label)
            .map(|(_, _, v)| v.clone())
            .unwrap_or_default()
    };
    let cell = |label: &str| found.get(label).map(|(r, c, _)| cell_name(*r, *c as u16));
    let header = Header {
        organization: value(LABEL_ORG),
        credit_code: normalize_credit_code(&value(LABEL_CREDIT_CODE)),
        rater: value(LABEL_RATER),
        date: normalize_date(&value(LABEL_DATE)),
    };
    let mut ok = true;
    if header.organization.is_empty() {
        report.error(
            Some(sheet.name),
            cell(LABEL_ORG),
            Problem::MissingOrganization,
        );
        ok = false;
    }
    if header.rater.is_empty() {
        report.error(Some(sheet.name), cell(LABEL_RATER), Problem::MissingRater);
        ok = false;
    }
    if !header.credit_code.is_empty() && !credit_code_is_valid(&header.credit_code) {
        report.add(
            Severity::Warning,
            Some(sheet.name),
            cell(LABEL_CREDIT_CODE),
            Problem::CreditCode(header.credit_code.clone()),
        );
    }
    ok.then_some(header)
}

/// Where the table sits: its heading row and the columns found by label.
struct Table {
    header_row: u32,
    code_col: u32,
    points_col: u32,
    input_col: u32,
}

/// The first row (from the top) holding all three headings; in it, each
/// heading's leftmost column. Stops at that row: the table below it is not
/// scanned twice.
fn find_table(
    sheet: &Sheet,
    code_heading: &str,
    points_heading: &str,
    input_heading: &str,
) -> Option<Table> {
    let complete = |row: u32, cols: [Option<u32>; 3]| {
        Some(Table {
            header_row: row,
            code_col: cols[0]?,
            points_col: cols[1]?,
            input_col: cols[2]?,
        })
    };
    // The row being looked at and the columns of the headings found in it so far.
    let mut current: Option<(u32, [Option<u32>; 3])> = None;
    for (r, c, text) in sheet.texts() {
        match current {
            Some((row, cols)) if row != r => {
                if let Some(table) = complete(row, cols) {
                    return Some(table);
                }
                current = None;
            }
            _ => {}
        }
        let slot = if same_but_spaces(text, code_heading) {
            0
        } else if same_but_spaces(text, points_heading) {
            1
        } else if same_but_spaces(text, input_heading) {
            2
        } else {
            continue;
        };
        current.get_or_insert((r, [None; 3])).1[slot].get_or_insert(c);
    }
    current.and_then(|(row, cols)| complete(row, cols))
}

/// Whether two texts are the same once all whitespace is taken out (a heading
/// typed as 「分 值」 or broken over two lines is still the heading). Compares
/// without allocating: it runs on every text cell of every sheet read.
fn same_but_spaces(text: &str, heading: &str) -> bool {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .eq(heading.chars().filter(|c| !c.is_whitespace()))
}

/// The rows of codes below the heading, in the code column: code → row.
/// Duplicates and codes outside the scheme are reported.
fn locate_rows(
    sheet: &Sheet,
    table: &Table,
    index: &HashMap<String, usize>,
    report: &mut Report,
) -> Vec<Option<u32>> {
    let mut rows = vec![None; index.len()];
    let codes = sheet
        .column_texts(table.code_col, table.header_row + 1)
        .filter_map(|(r, t)| leading_code(t).map(|code| (r, code)));
    for (r, code) in codes {
        match index.get(code) {
            Some(&i) => match rows[i] {
                None => rows[i] = Some(r),
                Some(first) => report.error(
                    Some(sheet.name),
                    Some(cell_name(r, table.code_col as u16)),
                    Problem::DuplicateItem {
                        code: code.to_string(),
                        first: format!(
                            "{}!{}",
                            sheet.name,
                            cell_name(first, table.code_col as u16)
                        ),
                    },
                ),
            },
            None => report.error(
                Some(sheet.name),
                Some(cell_name(r, table.code_col as u16)),
                Problem::UnknownItem(code.to_string()),
            ),
        }
    }
    rows
}

fn check_points(
    sheet: &Sheet,
    table: &Table,
    row: u32,
    code: &str,
    expected: u32,
    report: &mut Report,
) -> bool {
    let found = raw(sheet.get(row, table.points_col)).typed();
    if found == Raw::Number(f64::from(expected)) {
        return true;
    }
    report.error(
        Some(sheet.name),
        Some(cell_name(row, table.points_col as u16)),
        Problem::PointsChanged {
            code: code.to_string(),
            found: found.shown(),
            expected,
        },
    );
    false
}

/// One score table: how to find it, its rows in scheme order, and how to read an input.
struct TableSpec<'a, T> {
    /// Headings of the code, points (or maximum) and input columns.
    headings: [&'static str; 3],
    /// Code → position in scheme order.
    index: &'a HashMap<String, usize>,
    /// (code, points or maximum) of each row, in scheme order.
    rows: Vec<(&'a str, u32)>,
    parse: fn(&Raw, u32) -> Result<T, Hint>,
    refused: fn(code: String, found: String, points: u32, hint: Hint) -> Problem,
}

/// α per item of the 附录1 table.
fn read_service(
    catalog: &Catalog,
    scheme: usize,
    sheet: &Sheet,
    book: &mut Book,
    report: &mut Report,
) -> Option<Option<Vec<Decimal>>> {
    let spec = TableSpec {
        headings: [
            SERVICE_HEADINGS[S_ITEM as usize],
            SERVICE_HEADINGS[S_POINTS as usize],
            SERVICE_HEADINGS[S_ALPHA as usize],
        ],
        index: &catalog.item_index[scheme],
        rows: catalog.schemes[scheme]
            .items
            .iter()
            .map(|i| (i.code.as_str(), i.points))
            .collect(),
        parse: parse_alpha,
        refused: |code, found, points, hint| Problem::BadAlpha {
            code,
            found,
            points,
            hint,
        },
    };
    let read = read_table(sheet, &spec, book, report);
    if matches!(read.values, Some(None)) {
        report.add(
            Severity::Note,
            Some(sheet.name),
            None,
            Problem::SheetEmpty(SheetPart::Service),
        );
    }
    read.values
}

/// Level per clause of the 附录3 table, and the conformity review's conclusion
/// below it (in the level column of its labelled row). The conclusion is part of
/// the sheet: required when levels are given, and only with them.
fn read_maturity(
    catalog: &Catalog,
    scheme: usize,
    sheet: &Sheet,
    book: &mut Book,
    report: &mut Report,
) -> Option<Option<(Vec<u8>, Conformity)>> {
    let spec = TableSpec {
        headings: [
            MATURITY_HEADINGS[M_CLAUSE as usize],
            MATURITY_HEADINGS[M_MAX as usize],
            MATURITY_HEADINGS[M_LEVEL as usize],
        ],
        index: &catalog.clause_index[scheme],
        rows: catalog.schemes[scheme]
            .clauses
            .iter()
            .map(|c| (c.code.as_str(), c.max))
            .collect(),
        parse: parse_level,
        refused: |code, found, _, hint| Problem::BadLevel { code, found, hint },
    };
    let TableRead {
        values: levels,
        filled,
        table,
    } = read_table(sheet, &spec, book, report);
    let table = table?;
    let at = |row| Some(cell_name(row, table.input_col as u16));
    let Some(row) = sheet
        .texts()
        .find(|(r, _, text)| *r > table.header_row && same_but_spaces(text, LABEL_CONFORMITY))
        .map(|(r, _, _)| r)
    else {
        report.error(Some(sheet.name), None, Problem::MissingConformityRow);
        return None;
    };
    let value = raw(sheet.get(row, table.input_col)).typed();
    let conclusion = if value.is_blank() {
        None
    } else if let Some(c) = parse_conformity(&value) {
        Some(c)
    } else {
        let found = value.shown();
        report.error(Some(sheet.name), at(row), Problem::BadConformity { found });
        return None;
    };
    // Whether the conclusion is required goes by whether any level was typed,
    // valid or not: a wrong level does not hide a missing conclusion.
    match (filled, conclusion) {
        (false, None) => {
            if levels.is_some() {
                report.add(
                    Severity::Note,
                    Some(sheet.name),
                    None,
                    Problem::SheetEmpty(SheetPart::Maturity),
                );
            }
            levels.map(|_| None)
        }
        (true, Some(c)) => levels.map(|l| l.map(|l| (l, c))),
        (true, None) => {
            report.error(Some(sheet.name), at(row), Problem::MissingConformity);
            None
        }
        (false, Some(_)) => {
            report.error(Some(sheet.name), at(row), Problem::ConformityWithoutLevels);
            None
        }
    }
}

/// What reading a score table gave.
struct TableRead<T> {
    /// `None`: errors were reported; `Some(None)`: every input empty (not scored).
    values: Option<Option<Vec<T>>>,
    /// Whether any input cell holds something (whatever it holds).
    filled: bool,
    /// The table, if it was found.
    table: Option<Table>,
}

/// Reads a score table: finds it, locates every row by code, then checks for missing
/// rows, an all-empty table (not scored), a partly filled one, edited points and
/// each value. Every problem is reported, not only the first: an empty cell does
/// not hide a wrong value next to it.
fn read_table<T>(
    sheet: &Sheet,
    spec: &TableSpec<T>,
    book: &mut Book,
    report: &mut Report,
) -> TableRead<T> {
    let [code_heading, points_heading, input_heading] = spec.headings;
    let Some(table) = find_table(sheet, code_heading, points_heading, input_heading) else {
        report.error(Some(sheet.name), None, Problem::MissingTable);
        return TableRead {
            values: None,
            filled: false,
            table: None,
        };
    };
    let (values, filled) = read_rows(sheet, spec, &table, book, report);
    TableRead {
        values,
        filled,
        table: Some(table),
    }
}

/// The rows of a table found, and whether any input holds something.
fn read_rows<T>(
    sheet: &Sheet,
    spec: &TableSpec<T>,
    table: &Table,
    book: &mut Book,
    report: &mut Report,
) -> (Option<Option<Vec<T>>>, bool) {
    let rows = locate_rows(sheet, table, spec.index, report);
    let before = report.findings.len();
    for (row, (code, _)) in rows.iter().zip(&spec.rows) {
        if row.is_none() {
            report.error(
                Some(sheet.name),
                None,
                Problem::MissingItem(code.to_string()),
            );
        }
    }
    if report.findings[before..]
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        return (None, false);
    }
    let rows: Vec<u32> = rows.iter().map(|r| r.expect("checked above")).collect();
    let raws: Vec<Raw> = rows
        .iter()
        .map(|r| raw(sheet.get(*r, table.input_col)).typed())
        .collect();
    let mut blank: Vec<(u32, u32)> = rows
        .iter()
        .zip(&raws)
        .filter(|(_, v)| v.is_blank())
        .map(|(r, _)| (*r, table.input_col))
        .collect();
    let mut ok = true;
    if !blank.is_empty() {
        // A formula saved without its result reads as an empty cell.
        let unsaved = book.formula_cells(sheet.name, &blank);
        if !unsaved.is_empty() {
            let cells = unsaved
                .iter()
                .map(|&(r, c)| cell_name(r, c as u16))
                .collect();
            report.error(Some(sheet.name), None, Problem::UnsavedFormulas { cells });
            blank.retain(|cell| !unsaved.contains(cell));
            ok = false;
        }
    }
    let filled = blank.len() < rows.len();
    if !filled {
        return (Some(None), false);
    }
    if !blank.is_empty() {
        let empty = blank.iter().map(|&(r, c)| cell_name(r, c as u16)).collect();
        report.error(Some(sheet.name), None, Problem::PartlyFilled { empty });
        ok = false;
    }
    let mut values = Vec::with_capacity(rows.len());
    for ((row, v), (code, points)) in rows.iter().zip(&raws).zip(&spec.rows) {
        if !check_points(sheet, table, *row, code, *points, report) {
            ok = false;
            continue;
        }
        if v.is_blank() {
            continue;
        }
        match (spec.parse)(v, *points) {
            Ok(x) => values.push(x),
            Err(hint) => {
                ok = false;
                report.error(
                    Some(sheet.name),
                    Some(cell_name(*row, table.input_col as u16)),
                    (spec.refused)(code.to_string(), v.shown(), *points, hint),
                )
            }
        }
    }
    (ok.then_some(Some(values)), true)
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
