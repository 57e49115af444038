//! The auditors' optional 评价说明 beside items (附录1) and clauses (附录3), read
//! back apart from the scored values: a remark never makes a workbook wrong, so
//! nothing here reports a finding. Found as the values are, by label: the row of
//! the table headings holding both the code heading and 评价说明, then each row
//! whose code cell starts with a code of the scheme. A workbook of a template
//! without the column (before it was added) simply has no remarks.
//!
//! Each remark is cleaned like every text read ([`clean_text`]: invisible
//! characters removed), control characters other than line breaks dropped,
//! trimmed, and cut to [`Remarks::MAX_CHARS`] characters (ending in `…`).

use calamine::{Data, Range};

use super::table::same_but_spaces;
use crate::cell::number_text;
use crate::ident::clean_text;
use crate::layout::LABEL_REMARK;
use crate::model::Remarks;

/// The remarks of one score table of `range`, whose headings are in row
/// `header_row` and whose entries (in scheme order) are in `rows`, as the table
/// reader found them: (index of the entry in scheme order, text), non-empty only.
/// The 评价说明 column is the one so headed in the heading row; a workbook
/// without it has no remarks.
pub fn read_remarks(range: &Range<Data>, header_row: u32, rows: &[u32]) -> Vec<(usize, String)> {
    let Some(remark_col) = heading_column(range, header_row, LABEL_REMARK) else {
        return Vec::new();
    };
    rows.iter()
        .enumerate()
        .filter_map(|(i, &row)| {
            let text = match range.get_value((row, remark_col)) {
                Some(Data::String(s)) => remark_text(s),
                Some(Data::Float(x)) => number_text(*x),
                Some(Data::Int(n)) => n.to_string(),
                _ => return None,
            };
            (!text.is_empty()).then_some((i, text))
        })
        .collect()
}

/// The first column of `row` whose text is `heading` (spaces aside).
fn heading_column(range: &Range<Data>, row: u32, heading: &str) -> Option<u32> {
    let (_, c0) = range.start()?;
    let (_, c1) = range.end()?;
    (c0..=c1).find(|&c| {
        matches!(range.get_value((row, c)), Some(Data::String(text)) if same_but_spaces(text, heading))
    })
}

/// A remark as kept: cleaned, trimmed, control characters other than line breaks
/// dropped, cut to [`Remarks::MAX_CHARS`].
pub fn remark_text(text: &str) -> String {
    let clean = clean_text(text);
    let kept: String = clean
        .trim()
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    if kept.chars().count() > Remarks::MAX_CHARS {
        let mut cut: String = kept.chars().take(Remarks::MAX_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_are_cleaned_and_cut() {
        assert_eq!(
            remark_text("  设备\u{200B}老化\r\n需更新\u{7} "),
            "设备老化\n需更新"
        );
        let long = "长".repeat(Remarks::MAX_CHARS + 10);
        let cut = remark_text(&long);
        assert_eq!(cut.chars().count(), Remarks::MAX_CHARS);
        assert!(cut.ends_with('…'));
    }
}
