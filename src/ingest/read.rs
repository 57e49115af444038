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
use crate::model::{Catalog, Finding, Header, Problem, Severity, Submission};

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

fn raw(data: Option<&Data>) -> Raw {
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

/// An input cell (α, level, points, conclusion): a number that the cell shows
/// with a date or time format is the number typed (SPEC "Ingest"), read and
/// quoted as that number. Gnumeric's .xls gives α cells a format that calamine
/// takes for an East Asian date (a custom format stored under id 50), so 7
/// would otherwise be quoted as 1900-01-06.
fn typed(data: Option<&Data>) -> Raw {
    match raw(data) {
        Raw::Date(_, Some(n)) => Raw::Number(n),
        other => other,
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
    name_the_application(bytes, &mut report.findings);
    if report.has_errors() {
        return (None, report.findings);
    }
    (submission, report.findings)
}

/// A file that cannot be read names the program that saved it, when its
/// metadata says (read only then).
fn name_the_application(bytes: &[u8], findings: &mut [Finding]) {
    if !findings
        .iter()
        .any(|f| matches!(f.problem, Problem::Corrupt(_)))
    {
        return;
    }
    let Some(application) = super::origin::saved_by(bytes) else {
        return;
    };
    for f in findings {
        if let Problem::Corrupt(damage) = &f.problem {
            f.problem = Problem::CorruptSavedBy {
                damage: damage.clone(),
                application: application.clone(),
            };
        }
    }
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
    let found = typed(sheet.get(row, table.points_col));
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
    read_table(sheet, &spec, book, report).0
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
    let (levels, table) = read_table(sheet, &spec, book, report);
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
    let value = typed(sheet.get(row, table.input_col));
    let conclusion = if value.is_blank() {
        None
    } else if let Some(c) = parse_conformity(&value) {
        Some(c)
    } else {
        let found = value.shown();
        report.error(Some(sheet.name), at(row), Problem::BadConformity { found });
        return None;
    };
    match (levels?, conclusion) {
        (None, None) => Some(None),
        (Some(levels), Some(c)) => Some(Some((levels, c))),
        (Some(_), None) => {
            report.error(Some(sheet.name), at(row), Problem::MissingConformity);
            None
        }
        (None, Some(_)) => {
            report.error(Some(sheet.name), at(row), Problem::ConformityWithoutLevels);
            None
        }
    }
}

/// Reads a score table: finds it, locates every row by code, then checks for missing
/// rows, an all-empty table (`Some(None)`: not scored), a partly filled one, edited
/// points and each value. `None`: errors were reported. Also gives the table
/// found, if it was.
fn read_table<T>(
    sheet: &Sheet,
    spec: &TableSpec<T>,
    book: &mut Book,
    report: &mut Report,
) -> (Option<Option<Vec<T>>>, Option<Table>) {
    let [code_heading, points_heading, input_heading] = spec.headings;
    let Some(table) = find_table(sheet, code_heading, points_heading, input_heading) else {
        report.error(Some(sheet.name), None, Problem::MissingTable);
        return (None, None);
    };
    (read_rows(sheet, spec, &table, book, report), Some(table))
}

/// The rows of a table found.
fn read_rows<T>(
    sheet: &Sheet,
    spec: &TableSpec<T>,
    table: &Table,
    book: &mut Book,
    report: &mut Report,
) -> Option<Option<Vec<T>>> {
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
        return None;
    }
    let rows: Vec<u32> = rows.iter().map(|r| r.expect("checked above")).collect();
    let raws: Vec<Raw> = rows
        .iter()
        .map(|r| typed(sheet.get(*r, table.input_col)))
        .collect();
    let blank: Vec<(u32, u32)> = rows
        .iter()
        .zip(&raws)
        .filter(|(_, v)| v.is_blank())
        .map(|(r, _)| (*r, table.input_col))
        .collect();
    if !blank.is_empty() {
        let unsaved = book.formula_cells(sheet.name, &blank);
        if !unsaved.is_empty() {
            let cells = unsaved
                .iter()
                .map(|&(r, c)| cell_name(r, c as u16))
                .collect();
            report.error(Some(sheet.name), None, Problem::UnsavedFormulas { cells });
            return None;
        }
    }
    if raws.iter().all(Raw::is_blank) {
        return Some(None);
    }
    let empty: Vec<String> = rows
        .iter()
        .zip(&raws)
        .filter(|(_, v)| v.is_blank())
        .map(|(r, _)| cell_name(*r, table.input_col as u16))
        .collect();
    if !empty.is_empty() {
        report.error(Some(sheet.name), None, Problem::PartlyFilled { empty });
        return None;
    }
    let mut values = Vec::with_capacity(rows.len());
    for ((row, v), (code, points)) in rows.iter().zip(&raws).zip(&spec.rows) {
        if !check_points(sheet, table, *row, code, *points, report) {
            continue;
        }
        match (spec.parse)(v, *points) {
            Ok(x) => values.push(x),
            Err(hint) => report.error(
                Some(sheet.name),
                Some(cell_name(*row, table.input_col as u16)),
                (spec.refused)(code.to_string(), v.shown(), *points, hint),
            ),
        }
    }
    (values.len() == rows.len()).then_some(Some(values))
}

#[cfg(test)]
mod tests {
    use super::{excel_date, typed};
    use crate::cell::Raw;
    use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(25569.0), "1970-01-01");
        assert_eq!(excel_date(46023.0), "2026-01-01");
        assert_eq!(excel_date(45351.5), "2024-02-29");
    }

    #[test]
    fn an_input_shown_as_a_date_is_the_number_typed() {
        let dated = |n| Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, false));
        assert_eq!(typed(Some(&dated(7.0))), Raw::Number(7.0));
        assert_eq!(typed(Some(&dated(0.75))), Raw::Number(0.75));
        // A date kept as text only (an .ods date) stays what it is.
        let iso = Data::DateTimeIso("2026-03-02".into());
        assert_eq!(typed(Some(&iso)), Raw::Date("2026-03-02".into(), None));
    }
}
