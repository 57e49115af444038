//! The 评价人明细 sheet: every accepted sheet's raw values and totals, with its
//! source file, a block per scheme (the item and clause columns differ).
//!
//! At 10,000 workbooks this is the biggest sheet (about 480,000 cells): it is
//! written in constant memory mode, and its cells take their number format from
//! the column rather than carrying one each.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::columns::conformity_text;
use super::neutralize;
use super::style::{figure, fit, headings, print_a4, Formats};
use crate::messages::t;
use crate::model::{Catalog, FileResult, Remarks};
use crate::results::SheetTotals;
use crate::scheme::Scheme;

/// Columns before the α of the first item.
const FIXED: u16 = 9;

pub(crate) fn raters_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    files: &[FileResult],
    sheets: &[Option<SheetTotals>],
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = t().labels();
    ws.set_name(l.raters_sheet)?;
    let fixed = [
        l.scheme,
        l.organization,
        l.rater,
        l.credit_code,
        l.date,
        l.source_file,
        l.service_score,
        l.maturity_total,
        l.conformity,
    ];
    let accepted: Vec<&FileResult> = files.iter().filter(|f| f.submission.is_some()).collect();
    let used: Vec<usize> = (0..catalog.schemes.len())
        .filter(|si| {
            accepted
                .iter()
                .any(|f| f.submission.as_ref().is_some_and(|s| s.scheme == *si))
        })
        .collect();

    // Column formats when every scheme in use has the same shape (the built-in ones do);
    // otherwise the α and level cells carry their own format.
    let shape = |si: usize| {
        (
            catalog.schemes[si].items.len(),
            catalog.schemes[si].clauses.len(),
        )
    };
    let uniform = used.windows(2).all(|w| shape(w[0]) == shape(w[1]));
    ws.set_column_format(6, &f.col_number)?;
    ws.set_column_format(7, &f.col_number)?;
    if let (true, Some(&si)) = (uniform, used.first()) {
        let (items, clauses) = shape(si);
        for c in 0..items {
            ws.set_column_format(FIXED + c as u16, &f.col_alpha)?;
        }
        for c in 0..clauses {
            ws.set_column_format(FIXED + (items + c) as u16, &f.col_integer)?;
        }
    }

    let text = |i: usize| -> Vec<&str> {
        accepted
            .iter()
            .map(|file| {
                let h = &file.submission.as_ref().expect("accepted").header;
                match i {
                    1 => h.organization.as_str(),
                    2 => h.rater.as_str(),
                    3 => h.credit_code.as_str(),
                    4 => h.date.as_str(),
                    _ => file.name.as_str(),
                }
            })
            .chain([fixed[i]])
            .collect()
    };
    ws.set_column_width(
        0,
        fit(
            used.iter().map(|&si| catalog.schemes[si].id.as_str()),
            10.0,
            20.0,
        ),
    )?;
    ws.set_column_width(1, fit(text(1), 16.0, 50.0))?;
    ws.set_column_width(2, fit(text(2), 8.0, 20.0))?;
    ws.set_column_width(3, fit(text(3), 10.0, 22.0))?;
    ws.set_column_width(4, fit(text(4), 10.0, 14.0))?;
    ws.set_column_width(5, fit(text(5), 20.0, 80.0))?;
    ws.set_column_width(6, 12)?;
    ws.set_column_width(7, 12)?;
    ws.set_column_width(8, fit([l.conformity], 8.0, 14.0))?;

    if used.is_empty() {
        headings(ws, 0, &fixed, f)?;
    }
    // Widths before any row is written (constant memory mode writes columns first).
    for &si in &used {
        ws.set_column_width(remark_column(&catalog.schemes[si]), 60)?;
    }
    let mut row = 0u32;
    for si in used {
        let scheme = &catalog.schemes[si];
        let mut names: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        names.extend(scheme.items.iter().map(|i| format!("α {}", i.code)));
        names.extend(
            scheme
                .clauses
                .iter()
                .map(|c| format!("{} {}", l.clause_level, c.code)),
        );
        names.push(l.remarks.to_string());
        let remark_col = remark_column(scheme);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        headings(ws, row, &refs, f)?;
        row += 1;
        for (file, totals) in files.iter().zip(sheets) {
            let (Some(sub), Some(totals)) = (&file.submission, totals) else {
                continue;
            };
            if sub.scheme != si {
                continue;
            }
            ws.write_string(row, 0, &scheme.id)?;
            let h = &sub.header;
            for (col, text) in [
                &h.organization,
                &h.rater,
                &h.credit_code,
                &h.date,
                &file.name,
            ]
            .into_iter()
            .enumerate()
            {
                // No cell for an empty field: fewer cells, and the same look.
                if !text.is_empty() {
                    ws.write_string(row, 1 + col as u16, neutralize(text))?;
                }
            }
            if let Some(s) = totals.service {
                ws.write_number(row, 6, figure(s))?;
            }
            if let Some(m) = totals.maturity {
                ws.write_number(row, 7, figure(m))?;
            }
            if sub.conformity.is_some() {
                ws.write_string(row, 8, conformity_text(sub.conformity))?;
            }
            let mut col = FIXED;
            if let Some(alphas) = &sub.alphas {
                for a in alphas {
                    let a = a.to_f64().unwrap_or(0.0);
                    if uniform {
                        ws.write_number(row, col, a)?;
                    } else {
                        ws.write_number_with_format(row, col, a, &f.col_alpha)?;
                    }
                    col += 1;
                }
            }
            col = FIXED + scheme.items.len() as u16;
            if let Some(levels) = &sub.levels {
                for l in levels {
                    if uniform {
                        ws.write_number(row, col, f64::from(*l))?;
                    } else {
                        ws.write_number_with_format(row, col, f64::from(*l), &f.col_integer)?;
                    }
                    col += 1;
                }
            }
            let remarks = remarks_text(scheme, &sub.remarks);
            if !remarks.is_empty() {
                ws.write_string(row, remark_col, neutralize(&remarks))?;
            }
            row += 1;
        }
        row += 1;
    }
    ws.set_freeze_panes(1, 3)?;
    // Printed: the columns fitted to the page's width, the first headings repeated.
    print_a4(ws, true);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A sheet's 评价说明 in one cell: `1.2：…；4.1：…` (items, then clauses).
fn remarks_text(scheme: &Scheme, remarks: &Remarks) -> String {
    let items = remarks
        .items
        .iter()
        .map(|(i, text)| format!("{}：{text}", scheme.items[*i].code));
    let clauses = remarks
        .clauses
        .iter()
        .map(|(i, text)| format!("{}：{text}", scheme.clauses[*i].code));
    items.chain(clauses).collect::<Vec<_>>().join("；")
}

/// The column of a scheme's 评价说明: after its items' α and its clauses' levels.
fn remark_column(scheme: &Scheme) -> u16 {
    FIXED + (scheme.items.len() + scheme.clauses.len()) as u16
}
