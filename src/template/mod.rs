//! Writing the score-sheet workbooks auditors fill in (rust_xlsxwriter).
//!
//! One workbook mirrors the scheme's Appendix 1 and Appendix 3 in Chinese, with
//! live formulas, data validation, protection (no password) leaving only the
//! input cells editable, the Appendix 2 and 4 reference texts, a 填写说明 sheet,
//! A4 print set-up, and a very hidden sheet naming scheme, version and template
//! format. The writer can also fill the inputs (samples, tests); its formulas
//! then carry their computed results for viewers that do not recalculate.
//!
//! This module is the public API and the order of the sheets. The two scored
//! sheets share one writer (`table`, with `header` for the block atop both),
//! told what differs by `service` and `maturity`; `reference` writes the locked
//! reference sheets, `meta` the hidden one, `style` the formats and print
//! set-up, `formula` the formula text.

mod formula;
mod header;
mod maturity;
mod meta;
mod reference;
pub mod roster;
mod service;
mod style;
mod table;

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::cell::Input;
use crate::layout::*;
use crate::model::Header;
use crate::scheme::Scheme;

/// Values for the input cells, in the scheme's item and clause order
/// (`None` leaves a cell empty). Empty vectors leave a whole sheet empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fill {
    pub alphas: Vec<Option<Input>>,
    pub levels: Vec<Option<Input>>,
    /// The conformity review's conclusion on the maturity sheet (通过/不通过).
    pub conformity: Option<Input>,
    /// Leave formulas without cached results (tests that make a spreadsheet
    /// application compute them). By default results are cached.
    pub uncached: bool,
    /// 评价说明 to write beside items and clauses (optional text).
    pub remarks: crate::model::Remarks,
}

impl Fill {
    /// A formula's cached result, or nothing when `uncached`.
    fn cached(&self, result: impl Into<String>) -> String {
        if self.uncached {
            String::new()
        } else {
            result.into()
        }
    }
}

/// Writes one score-sheet workbook and returns its bytes.
///
/// `header`: `Some` pre-fills and locks the header (roster workbooks); `None`
/// leaves it for the auditor. `fill`: values for the input cells.
///
/// # Errors
///
/// A rust_xlsxwriter error (a text over Excel's limits, for example).
pub fn write_template(
    scheme: &Scheme,
    header: Option<&Header>,
    fill: Option<&Fill>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = style::Formats::new();
    let empty = Fill::default();
    let fill = fill.unwrap_or(&empty);

    let ws = wb.add_worksheet().set_name(SERVICE_SHEET)?;
    table::write_scored_sheet(ws, &service::ServiceSheet(scheme), header, fill, &f)?;
    let ws = wb.add_worksheet().set_name(MATURITY_SHEET)?;
    table::write_scored_sheet(ws, &maturity::MaturitySheet(scheme), header, fill, &f)?;
    let ws = wb.add_worksheet().set_name(LEVELS_SHEET)?;
    reference::write_levels_sheet(ws, scheme, &f)?;
    let ws = wb.add_worksheet().set_name(REQUIREMENTS_SHEET)?;
    reference::write_requirements_sheet(ws, scheme, &f)?;
    let ws = wb.add_worksheet().set_name(GUIDE_SHEET)?;
    reference::write_guide_sheet(ws, scheme, &f)?;
    let ws = wb.add_worksheet().set_name(META_SHEET)?;
    meta::write_meta_sheet(ws, scheme)?;

    wb.save_to_buffer()
}
