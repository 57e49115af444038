//! Reading one returned workbook (calamine) into a [`Submission`] and findings.
//!
//! Items and clauses are found by their code in the table, under column
//! headings found by their label, never by a fixed address: a workbook re-saved
//! by LibreOffice, WPS or Excel, or with a row inserted, still reads.

use rust_decimal::Decimal;
use std::collections::HashMap;

use super::book::{open_book, Book};
use super::sheet::{raw, text_of, Report, Sheet};
use super::table::{read_table, same_but_spaces, TableRead, TableSpec};
use crate::cell::{parse_alpha, parse_conformity, parse_level};
use crate::grade::Conformity;
use crate::ident::{credit_code_is_valid, normalize_credit_code, normalize_date};
use crate::layout::*;
use crate::model::{Catalog, Finding, Header, Problem, Remarks, Severity, SheetPart, Submission};

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

    let (mut items, mut clauses) = (None, None);
    let alphas = read_service(catalog, scheme_idx, &service, &mut book, report, &mut items);
    let levels = read_maturity(
        catalog,
        scheme_idx,
        &maturity,
        &mut book,
        report,
        &mut clauses,
    );
    if let (Some(None), Some(None)) = (&alphas, &levels) {
        // A workbook sent back unfilled: nothing to count, nothing to call back for.
        report
            .findings
            .retain(|f| !matches!(f.problem, Problem::SheetEmpty(_)));
        report.add(Severity::Warning, None, None, Problem::BothEmpty);
        return None;
    }
    let header = read_header(&service, report);
    // A remark beside a sheet that was not scored does not count with it.
    let remarks = Remarks {
        items: remarks_of(&service, items.filter(|_| matches!(alphas, Some(Some(_))))),
        clauses: remarks_of(
            &maturity,
            clauses.filter(|_| matches!(levels, Some(Some(_)))),
        ),
    };
    let (alphas, maturity, header) = (alphas?, levels?, header?);
    let (levels, conformity) = maturity.map_or((None, None), |(l, c)| (Some(l), Some(c)));
    Some(Submission {
        scheme: scheme_idx,
        header,
        alphas,
        levels,
        conformity,
        remarks,
    })
}

/// The 评价说明 beside a table's entries ([`super::remarks`]).
fn remarks_of(sheet: &Sheet, entries: Entries) -> Vec<(usize, String)> {
    entries.map_or_else(Vec::new, |(header_row, rows)| {
        super::remarks::read_remarks(&sheet.range, header_row, &rows)
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

/// α per item of the 附录1 table.
fn read_service(
    catalog: &Catalog,
    scheme: usize,
    sheet: &Sheet,
    book: &mut Book,
    report: &mut Report,
    entries: &mut Entries,
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
    *entries = entries_of(&read);
    read.values
}

/// Where a table's entries are: its heading row and each entry's row, in scheme
/// order (for the 评价说明 beside them); `None` when not every entry was found.
type Entries = Option<(u32, Vec<u32>)>;

fn entries_of<T>(read: &TableRead<T>) -> Entries {
    match &read.table {
        Some(table) if !read.rows.is_empty() => Some((table.header_row, read.rows.clone())),
        _ => None,
    }
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
    entries: &mut Entries,
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
    let read = read_table(sheet, &spec, book, report);
    *entries = entries_of(&read);
    let TableRead {
        values: levels,
        filled,
        table,
        ..
    } = read;
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
