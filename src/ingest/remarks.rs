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

use std::collections::HashMap;

use calamine::{Data, Range};

use super::table::same_but_spaces;
use crate::cell::number_text;
use crate::ident::clean_text;
use crate::layout::{leading_code, LABEL_REMARK};
use crate::model::Remarks;

/// The remarks of one table of `range`: (index of the entry in scheme order, text),
/// in scheme order, non-empty only. `code_heading` names the column of the codes.
pub fn read_remarks(
    range: &Range<Data>,
    code_heading: &str,
    index: &HashMap<String, usize>,
) -> Vec<(usize, String)> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    // The heading row: the first holding both headings (cells come row by row).
    let mut row = (u32::MAX, None, None);
    let mut found = None;
    for (r, c, data) in range.used_cells() {
        let Data::String(text) = data else { continue };
        let (r, c) = (r0 + r as u32, c0 + c as u32);
        if row.0 != r {
            row = (r, None, None);
        }
        if same_but_spaces(text, code_heading) {
            row.1.get_or_insert(c);
        } else if same_but_spaces(text, LABEL_REMARK) {
            row.2.get_or_insert(c);
        }
        if let (_, Some(code), Some(remark)) = row {
            found = Some((r, code, remark));
            break;
        }
    }
    let Some((heading, code_col, remark_col)) = found else {
        return Vec::new();
    };
    let end = range.end().map_or(0, |(r, _)| r);
    let mut remarks: Vec<(usize, String)> = Vec::new();
    for r in heading + 1..=end {
        let Some(Data::String(code_text)) = range.get_value((r, code_col)) else {
            continue;
        };
        let Some(&i) = leading_code(code_text).and_then(|code| index.get(code)) else {
            continue;
        };
        let text = match range.get_value((r, remark_col)) {
            Some(Data::String(s)) => remark_text(s),
            Some(Data::Float(x)) => number_text(*x),
            Some(Data::Int(n)) => n.to_string(),
            _ => continue,
        };
        // The first row of a code counts (a duplicated code is an error of the sheet).
        if !text.is_empty() && !remarks.iter().any(|(k, _)| *k == i) {
            remarks.push((i, text));
        }
    }
    remarks.sort_by_key(|(i, _)| *i);
    remarks
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
