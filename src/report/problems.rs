//! The 问题清单 sheet: every error and warning, grouped by file.
//!
//! Files in sorted path order; for each file with problems, a shaded row with
//! its outcome and its problems counted per kind, then one row per finding
//! (file, cell, severity, kind, message). Beside the list, at the top, a table
//! of the counts per kind of problem over the whole run.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::neutralize;
use super::style::{fit, headings, text_width, Formats};
use crate::messages::t;
use crate::model::{FileResult, Finding, Severity};

/// Errors, warnings and files of one kind of problem.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCount {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

/// Counts per kind ([`crate::model::Problem::kind`]), most frequent first, then by kind.
pub fn count_kinds(files: &[FileResult]) -> Vec<(&'static str, KindCount)> {
    let mut kinds: BTreeMap<&'static str, KindCount> = BTreeMap::new();
    for file in files {
        let mut seen: Vec<&'static str> = Vec::new();
        for finding in file.problems() {
            let kind = t().kind(finding.problem.kind());
            let c = kinds.entry(kind).or_default();
            match finding.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                // A note (a sheet left empty) is how a valid workbook counts, not a problem.
                Severity::Note => {}
            }
            if !seen.contains(&kind) {
                seen.push(kind);
                c.files += 1;
            }
        }
    }
    let mut all: Vec<(&'static str, KindCount)> = kinds.into_iter().collect();
    all.sort_by_key(|(kind, c)| (std::cmp::Reverse(c.errors + c.warnings), *kind));
    all
}

/// What a row of the list is.
enum Entry<'a> {
    File(&'a FileResult),
    Finding(&'a FileResult, &'a Finding),
}

fn outcome(file: &FileResult) -> &'static str {
    t().outcome(file.status())
}

/// "2 个问题：α 无效 ×1，未填完整 ×1"
fn file_summary(file: &FileResult) -> String {
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for finding in file.problems() {
        let kind = t().kind(finding.problem.kind());
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some(e) => e.1 += 1,
            None => kinds.push((kind, 1)),
        }
    }
    t().file_problems(&kinds)
}

pub(crate) fn problems_sheet(
    ws: &mut Worksheet,
    files: &[FileResult],
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = t().labels();
    ws.set_name(l.problems_sheet)?;
    let names = [
        l.file,
        l.location,
        l.severity,
        l.kind,
        l.message,
        l.file_outcome,
    ];
    headings(ws, 0, &names, f)?;
    let entries: Vec<Entry> = files
        .iter()
        .filter(|file| file.problems().next().is_some())
        .flat_map(|file| {
            std::iter::once(Entry::File(file))
                .chain(file.problems().map(move |x| Entry::Finding(file, x)))
        })
        .collect();

    // The table of kinds, beside the list: its heading in row 0, then a row per kind, a total.
    let table_col = names.len() as u16 + 1;
    let kinds = count_kinds(files);
    let table_names = [l.kind_of_problem, l.errors, l.warnings, l.files];
    for (c, h) in table_names.iter().enumerate() {
        ws.write_string_with_format(0, table_col + c as u16, *h, &f.heading)?;
    }
    let total = kinds
        .iter()
        .fold(KindCount::default(), |t, (_, c)| KindCount {
            errors: t.errors + c.errors,
            warnings: t.warnings + c.warnings,
            files: 0,
        });
    let affected = files
        .iter()
        .filter(|x| x.problems().next().is_some())
        .count();
    let mut table: Vec<(&str, KindCount, bool)> =
        kinds.iter().map(|(k, c)| (*k, *c, false)).collect();
    table.push((
        l.total,
        KindCount {
            files: affected,
            ..total
        },
        true,
    ));

    let mut widths = [0.0f64; 6];
    let rows = entries.len().max(table.len());
    for i in 0..rows {
        let row = i as u32 + 1;
        match entries.get(i) {
            Some(Entry::File(file)) => {
                let name = neutralize(&file.name);
                widths[0] = widths[0].max(text_width(&name));
                ws.write_string_with_format(row, 0, name, &f.group)?;
                for c in 1..=3 {
                    ws.write_blank(row, c, &f.group)?;
                }
                ws.write_string_with_format(row, 4, file_summary(file), &f.group)?;
                ws.write_string_with_format(row, 5, outcome(file), &f.group)?;
            }
            Some(Entry::Finding(file, finding)) => {
                let fmt = match finding.severity {
                    Severity::Error => &f.error,
                    Severity::Warning | Severity::Note => &f.warning,
                };
                let sev = t().severity(finding.severity);
                let message = neutralize(&finding.problem.to_string());
                widths[4] = widths[4].max(text_width(&message));
                ws.write_string(row, 0, neutralize(&file.name))?;
                let location = finding.location();
                if !location.is_empty() {
                    ws.write_string(row, 1, neutralize(&location))?;
                }
                ws.write_string_with_format(row, 2, sev, fmt)?;
                ws.write_string(row, 3, t().kind(finding.problem.kind()))?;
                ws.write_string(row, 4, message)?;
                ws.write_string(row, 5, outcome(file))?;
            }
            None => {}
        }
        if let Some((kind, c, is_total)) = table.get(i) {
            let (text, number) = if *is_total {
                (&f.bold, Some(&f.bold))
            } else {
                (&f.text, None)
            };
            ws.write_string_with_format(row, table_col, *kind, text)?;
            for (k, n) in [c.errors, c.warnings, c.files].into_iter().enumerate() {
                let col = table_col + 1 + k as u16;
                match number {
                    Some(fmt) => ws.write_number_with_format(row, col, n as f64, fmt)?,
                    None => ws.write_number(row, col, n as f64)?,
                };
            }
        }
    }
    if entries.is_empty() {
        ws.write_string(1, 0, l.no_problems)?;
    }

    ws.set_column_width(0, (widths[0] * 1.1 + 2.0).clamp(24.0, 70.0))?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(
        3,
        fit(kinds.iter().map(|(k, _)| *k).chain([names[3]]), 10.0, 20.0),
    )?;
    ws.set_column_width(4, (widths[4] * 1.05 + 2.0).clamp(40.0, 100.0))?;
    ws.set_column_width(5, 12)?;
    ws.set_column_width(table_col - 1, 2)?;
    ws.set_column_width(
        table_col,
        fit(
            kinds.iter().map(|(k, _)| *k).chain([table_names[0]]),
            14.0,
            24.0,
        ),
    )?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if !entries.is_empty() {
        ws.autofilter(0, 0, entries.len() as u32, 5)?;
    }
    Ok(())
}
