//! The title rows and the header block atop each scored sheet: who is rated, by
//! whom, when. The service sheet holds the values (pre-filled and locked for a
//! roster, else yellow input cells); the maturity sheet repeats them by formula.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use super::formula::if_filled;
use super::style::Formats;
use crate::layout::{cell_name, HEADER_CELLS, SERVICE_SHEET};
use crate::model::Header;
use crate::scheme::Scheme;

/// Title rows and the header block. A sheet that holds the header has the values
/// (locked when given, else input cells); the other repeats them by formula.
pub(super) fn write_header_block(
    ws: &mut Worksheet,
    scheme: &Scheme,
    title: &str,
    last_col: u16,
    holds_header: bool,
    header: Option<&Header>,
    f: &Formats,
) -> Result<(), XlsxError> {
    // Formulas given no result show empty, not 0, in viewers that do not recalculate.
    ws.set_formula_result_default("");
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!("{} {}", scheme.title, title),
        &f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        &format!(
            "{}　文件编号：{}　版本号：{}",
            scheme.issuer, scheme.document, scheme.version
        ),
        &f.subtitle,
    )?;
    let values = header.map(|h| {
        [
            h.organization.as_str(),
            h.credit_code.as_str(),
            h.rater.as_str(),
            h.date.as_str(),
        ]
    });
    for (i, (row, col, label)) in HEADER_CELLS.iter().enumerate() {
        ws.write_string_with_format(*row, *col, *label, &f.label)?;
        let end = if *col == 0 { 3 } else { last_col };
        let value = values.map(|v| v[i]).unwrap_or("");
        if holds_header {
            let format = if header.is_some() {
                &f.fixed_header
            } else {
                &f.input_header
            };
            if end > col + 1 {
                ws.merge_range(*row, col + 1, *row, end, "", format)?;
            }
            ws.write_blank(*row, col + 1, format)?;
            if !value.is_empty() {
                ws.write_string_with_format(*row, col + 1, value, format)?;
            }
        } else {
            if end > col + 1 {
                ws.merge_range(*row, col + 1, *row, end, "", &f.fixed_header)?;
            }
            let source = format!("'{}'!{}", SERVICE_SHEET, cell_name(*row, col + 1));
            let formula = Formula::new(if_filled(&source, &source)).set_result(value);
            ws.write_formula_with_format(*row, col + 1, formula, &f.fixed_header)?;
        }
    }
    Ok(())
}
