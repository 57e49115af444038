//! The 问题清单 sheet: every error and warning, grouped by file.
//!
//! At the top, a table of the counts per kind of problem over the whole run;
//! below it the list, with its filter: files in sorted path order; for each file
//! with problems, a shaded row with its outcome and its problems counted per
//! kind, then one row per finding (file, cell, severity, kind, message). The
//! table sits above the filtered rows, so a filter never hides part of it.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::neutralize;
use super::style::{fit, headings, print_a4, text_width, Formats};
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
    let entries: Vec<Entry> = files
        .iter()
        .filter(|file| file.problems().next().is_some())
        .flat_map(|file| {
            std::iter::once(Entry::File(file))
                .chain(file.problems().map(move |x| Entry::Finding(file, x)))
        })
        .collect();

    // The table of kinds first, above the list: a filter on the list hides whole
    // rows, and rows above the filtered range are never hidden. Its heading in row
    // 0, a row per kind, the total, then a blank row.
    let kinds = count_kinds(files);
    let table_names = [l.kind_of_problem, l.errors, l.warnings, l.files];
    headings(ws, 0, &table_names, f)?;
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
    for (i, (kind, c, is_total)) in table.iter().enumerate() {
        let row = i as u32 + 1;
        let format = if *is_total { &f.bold } else { &f.text };
        ws.write_string_with_format(row, 0, *kind, format)?;
        for (k, n) in [c.errors, c.warnings, c.files].into_iter().enumerate() {
            ws.write_number_with_format(row, 1 + k as u16, n as f64, format)?;
        }
    }

    // The list: its heading, then a row per file with problems and per finding.
    let head = table.len() as u32 + 2;
    headings(ws, head, &names, f)?;
    let mut widths = [0.0f64; 6];
    for (i, entry) in entries.iter().enumerate() {
        let row = head + 1 + i as u32;
        match entry {
            Entry::File(file) => {
                let name = neutralize(&file.name);
                widths[0] = widths[0].max(text_width(&name));
                ws.write_string_with_format(row, 0, name, &f.group)?;
                for c in 1..=3 {
                    ws.write_blank(row, c, &f.group)?;
                }
                ws.write_string_with_format(row, 4, file_summary(file), &f.group)?;
                ws.write_string_with_format(row, 5, outcome(file), &f.group)?;
            }
            Entry::Finding(file, finding) => {
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
        }
    }
    if entries.is_empty() {
        ws.write_string(head + 1, 0, l.no_problems)?;
    }

    // Column A holds the file names and the kinds of the table above.
    let kind_width = fit(
        kinds.iter().map(|(k, _)| *k).chain([table_names[0]]),
        14.0,
        24.0,
    );
    ws.set_column_width(0, (widths[0] * 1.1 + 2.0).clamp(24.0, 70.0).max(kind_width))?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(
        3,
        fit(kinds.iter().map(|(k, _)| *k).chain([names[3]]), 10.0, 20.0),
    )?;
    ws.set_column_width(4, (widths[4] * 1.05 + 2.0).clamp(40.0, 100.0))?;
    ws.set_column_width(5, 12)?;
    // The list's heading stays in view, unless the table above it is too tall for that.
    if head < 16 {
        ws.set_freeze_panes(head + 1, 0)?;
    }
    print_a4(ws, true);
    ws.set_repeat_rows(head, head)?;
    if !entries.is_empty() {
        ws.autofilter(head, 0, head + entries.len() as u32, 5)?;
    }
    Ok(())
}
