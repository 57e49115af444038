//! The outputs of an ingest run, written from the values of [`crate::results`]:
//! the CSV and the results workbook (its sheets one file each, put together by
//! [`workbook`]). [`columns`] defines the summary's columns once, for the CSV and
//! 汇总; [`style`] holds the formats the sheets share. Nothing here computes a
//! figure. Files are written through [`crate::output`].

pub mod calibration;
pub mod cards;
pub mod columns;
pub mod csv;
pub mod detail;
pub mod problems;
pub mod raters;
pub mod run_sheet;
pub mod style;
pub mod summary;
pub mod workbook;

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// Text that a spreadsheet would take for a formula (= + - @, tab, CR) gets a leading `'`;
/// text beyond Excel's cell limit is cut (ending in `…`), so one absurd value can never
/// make the results workbook unwritable.
pub fn neutralize(text: &str) -> String {
    let mut out = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if out.chars().count() > CELL_LIMIT {
        out = out.chars().take(CELL_LIMIT - 1).collect();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_text_is_neutralized_and_long_text_cut_to_a_cell() {
        assert_eq!(neutralize("=1+1"), "'=1+1");
        assert_eq!(neutralize("-5"), "'-5");
        assert_eq!(neutralize("@SUM"), "'@SUM");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("南昌=公司"), "南昌=公司");
        let long = "长".repeat(40_000);
        let cut = neutralize(&long);
        assert_eq!(cut.chars().count(), CELL_LIMIT);
        assert!(cut.ends_with('…'));
    }
}
