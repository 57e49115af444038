//! A score table of a sheet: found by its three column headings (never by a
//! fixed address), each row located by its code, and every input read and
//! checked: missing or repeated rows, edited points, empty cells, formulas saved
//! without their results and each value — every problem reported, not only the
//! first.

use std::collections::HashMap;

use super::book::Book;
use super::sheet::{raw, Report, Sheet};
use crate::cell::{Hint, Raw};
use crate::layout::*;
use crate::model::{Problem, Severity};

/// Where the table sits: its heading row and the columns found by label.
pub(super) struct Table {
    pub(super) header_row: u32,
    pub(super) code_col: u32,
    pub(super) points_col: u32,
    pub(super) input_col: u32,
}

/// The first row (from the top) holding all three headings; in it, each
/// heading's leftmost column. Stops at that row: the table below it is not
/// scanned twice.
pub(super) fn find_table(
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
pub(super) fn same_but_spaces(text: &str, heading: &str) -> bool {
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
pub(super) struct TableSpec<'a, T> {
    /// Headings of the code, points (or maximum) and input columns.
    pub(super) headings: [&'static str; 3],
    /// Code → position in scheme order.
    pub(super) index: &'a HashMap<String, usize>,
    /// (code, points or maximum) of each row, in scheme order.
    pub(super) rows: Vec<(&'a str, u32)>,
    pub(super) parse: fn(&Raw, u32) -> Result<T, Hint>,
    pub(super) refused: fn(code: String, found: String, points: u32, hint: Hint) -> Problem,
}

/// What reading a score table gave.
pub(super) struct TableRead<T> {
    /// `None`: errors were reported; `Some(None)`: every input empty (not scored).
    pub(super) values: Option<Option<Vec<T>>>,
    /// Whether any input cell holds something (whatever it holds).
    pub(super) filled: bool,
    /// The table, if it was found.
    pub(super) table: Option<Table>,
    /// The row of each entry, in scheme order, when every one was found.
    pub(super) rows: Vec<u32>,
}

/// Reads a score table: finds it, locates every row by code, then checks for missing
/// rows, an all-empty table (not scored), a partly filled one, edited points and
/// each value. Every problem is reported, not only the first: an empty cell does
/// not hide a wrong value next to it.
pub(super) fn read_table<T>(
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
            rows: Vec::new(),
        };
    };
    let (values, filled, rows) = read_rows(sheet, spec, &table, book, report);
    TableRead {
        values,
        filled,
        table: Some(table),
        rows,
    }
}

/// The rows of a table found: the values, whether any input holds something,
/// and where each entry's row is (empty when one is missing).
fn read_rows<T>(
    sheet: &Sheet,
    spec: &TableSpec<T>,
    table: &Table,
    book: &mut Book,
    report: &mut Report,
) -> (Option<Option<Vec<T>>>, bool, Vec<u32>) {
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
        return (None, false, Vec::new());
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
        return (Some(None), false, rows);
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
    (ok.then_some(Some(values)), true, rows)
}
