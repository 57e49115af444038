//! The one writer of a scored sheet (附录1 and 附录3 alike): title rows and
//! header block (`header.rs`), table headings, one row per scored entry grouped under merged
//! group cells, a validated input cell and a live score formula (with its cached
//! result) per row, the total and result rows, print set-up and protection.
//!
//! What differs between the two sheets (columns, the cells left of the input and
//! right of the score, parsing, formulas, validation) comes from their
//! [`ScoredSheet`] implementation in `service.rs` and `maturity.rs`.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Formula,
    Worksheet, XlsxError,
};

use super::formula::{decimal_text, if_any_filled, if_filled};
use super::header::write_header_block;
use super::style::{page_setup, Formats};
use super::Fill;
use crate::cell::{Input, Raw};
use crate::layout::{cell_name, FIRST_ROW, TABLE_HEADER_ROW};
use crate::model::Header;
use crate::scheme::Scheme;

/// The fixed shape of a scored sheet's table.
pub(super) struct Shape {
    /// Column headings, left to right; the last one is the table's last column.
    pub headings: &'static [&'static str],
    /// Column widths, left to right.
    pub widths: &'static [f64],
    /// The column of the group cells merged over their entries.
    pub group_col: u16,
    /// The column the rater fills in.
    pub input_col: u16,
    /// The column of the score formulas.
    pub score_col: u16,
    /// The column of the optional 评价说明 (the table's last).
    pub remark_col: u16,
    /// Height of an entry's row.
    pub row_height: f64,
    /// The line above the table telling the rater what to fill in.
    pub instruction: &'static str,
    /// True when the header block holds the header values; false when it repeats
    /// those of the service sheet by formula.
    pub holds_header: bool,
    /// The total row's label, merged from the first column to `total_label_end`.
    pub total_label: &'static str,
    pub total_label_end: u16,
    /// The result row's label, merged from the first column to the input column.
    pub result_label: &'static str,
}

impl Shape {
    fn last_col(&self) -> u16 {
        self.headings.len() as u16 - 1
    }
}

/// A cell of the total row right of its label, other than the total score.
pub(super) enum TotalCell {
    /// A formula and its result.
    Formula(String, String),
    Text(String),
}

/// What one scored sheet tells [`write_scored_sheet`].
pub(super) trait ScoredSheet {
    /// What a row scores: an item or a clause of the scheme.
    type Entry;
    /// A valid input: α or a maturity level.
    type Value: Copy;

    const SHAPE: Shape;

    fn scheme(&self) -> &Scheme;
    /// The sheet's title (after the scheme's title).
    fn title(&self) -> String;
    fn entries(&self) -> &[Self::Entry];
    /// The fill's values for this sheet's input cells, in entry order.
    fn inputs<'f>(&self, fill: &'f Fill) -> &'f [Option<Input>];
    /// The fill's 评价说明 for this sheet: (entry index, text).
    fn remarks<'f>(&self, fill: &'f Fill) -> &'f [(usize, String)];
    fn input_format<'f>(&self, f: &'f Formats) -> &'f Format;
    /// The validation of the input column.
    fn validation(&self) -> Result<DataValidation, XlsxError>;
    /// The code of an entry's group and the label of the group starting at it.
    fn group<'e>(&self, entry: &'e Self::Entry) -> &'e str;
    fn group_label(&self, entry: &Self::Entry) -> String;
    /// An input as ingest reads it, or `None` when it is not valid.
    fn parse(&self, entry: &Self::Entry, raw: &Raw) -> Option<Self::Value>;
    fn score(&self, entry: &Self::Entry, value: Self::Value) -> Decimal;
    /// A row's score from its (filled) input cell, as formula text without `=`.
    fn score_expr(&self, row: u32, input: &str) -> String;
    /// The row's cells left of the input, other than its group.
    fn write_entry(
        &self,
        ws: &mut Worksheet,
        row: u32,
        entry: &Self::Entry,
        f: &Formats,
    ) -> Result<(), XlsxError>;
    /// The row's cells right of the score.
    fn write_derived(
        &self,
        ws: &mut Worksheet,
        row: u32,
        entry: &Self::Entry,
        value: Option<Self::Value>,
        fill: &Fill,
        f: &Formats,
    ) -> Result<(), XlsxError>;
    /// The total row's cell in `col` (right of the label, not the score), or a blank;
    /// the entries are on rows `first..=last`.
    fn total_cell(&self, col: u16, first: u32, last: u32) -> Option<TotalCell>;
    /// The result row's formula, from the input range and the total's cell.
    fn result_formula(&self, inputs: &str, total: &str) -> String;
    /// The result's cached value, from the rounded total when every input is valid.
    fn result_value(&self, total: Option<Decimal>) -> String;
    /// Text right of the result, and the result row's height; `None` merges the
    /// result over the columns right of it.
    fn result_note(&self) -> Option<(String, f64)>;
    /// Rows below the result row, starting at `row` (the maturity sheet's
    /// conformity review). None by default.
    fn write_closing(
        &self,
        _ws: &mut Worksheet,
        _row: u32,
        _fill: &Fill,
        _f: &Formats,
    ) -> Result<(), XlsxError> {
        Ok(())
    }
}

/// Writes a scored sheet: everything but what its [`ScoredSheet`] says.
pub(super) fn write_scored_sheet<S: ScoredSheet>(
    ws: &mut Worksheet,
    sheet: &S,
    header: Option<&Header>,
    fill: &Fill,
    f: &Formats,
) -> Result<(), XlsxError> {
    let shape = &S::SHAPE;
    debug_assert_eq!(shape.headings.len(), shape.widths.len());
    let last_col = shape.last_col();
    write_header_block(
        ws,
        sheet.scheme(),
        &sheet.title(),
        last_col,
        shape.holds_header,
        header,
        f,
    )?;
    ws.merge_range(
        4,
        0,
        4,
        last_col,
        shape.instruction,
        &f.subtitle.clone().set_align(FormatAlign::Left),
    )?;
    for (col, heading) in shape.headings.iter().enumerate() {
        ws.write_string_with_format(TABLE_HEADER_ROW, col as u16, *heading, &f.heading)?;
    }
    for (col, width) in shape.widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    let rule = sheet.validation()?;
    let remark_rule = remark_validation()?;

    let entries = sheet.entries();
    let inputs = sheet.inputs(fill);
    let first = FIRST_ROW;
    let last = first + entries.len() as u32 - 1;
    let mut total = Decimal::ZERO;
    let mut all_valid = true;
    let mut any = false;
    for (i, entry) in entries.iter().enumerate() {
        let row = first + i as u32;
        sheet.write_entry(ws, row, entry, f)?;
        let input = inputs.get(i).and_then(Option::as_ref);
        let value = input.and_then(|v| sheet.parse(entry, &v.raw()));
        write_input(ws, row, shape.input_col, input, sheet.input_format(f))?;
        any |= input.is_some();
        all_valid &= value.is_some();
        let score = value.map(|v| sheet.score(entry, v));
        if let Some(s) = score {
            total += s;
        }
        let input_cell = cell_name(row, shape.input_col);
        ws.write_formula_with_format(
            row,
            shape.score_col,
            Formula::new(if_filled(&input_cell, &sheet.score_expr(row, &input_cell)))
                .set_result(fill.cached(score.map(decimal_text).unwrap_or_default())),
            &f.number,
        )?;
        sheet.write_derived(ws, row, entry, value, fill, f)?;
        let remark = sheet
            .remarks(fill)
            .iter()
            .find(|(k, _)| *k == i)
            .map(|(_, text)| text.as_str());
        match remark {
            Some(text) => {
                ws.write_string_with_format(row, shape.remark_col, text, &f.input_remark)?
            }
            None => ws.write_blank(row, shape.remark_col, &f.input_remark)?,
        };
        ws.set_row_height(row, shape.row_height)?;
    }
    let groups: Vec<&str> = entries.iter().map(|e| sheet.group(e)).collect();
    merge_groups(ws, first, shape.group_col, &groups, &f.center, |i| {
        sheet.group_label(&entries[i])
    })?;
    ws.add_data_validation(first, shape.input_col, last, shape.input_col, &rule)?;
    ws.add_data_validation(
        first,
        shape.remark_col,
        last,
        shape.remark_col,
        &remark_rule,
    )?;

    let column = |col| format!("{}:{}", cell_name(first, col), cell_name(last, col));
    let inputs = column(shape.input_col);
    let scores = column(shape.score_col);
    let shown_total = (any && all_valid).then(|| crate::score::round_report(total));

    let total_row = last + 1;
    ws.merge_range(
        total_row,
        0,
        total_row,
        shape.total_label_end,
        shape.total_label,
        &f.total_label,
    )?;
    for col in shape.total_label_end + 1..=last_col {
        if col == shape.score_col {
            ws.write_formula_with_format(
                total_row,
                col,
                Formula::new(if_any_filled(&inputs, &format!("SUM({scores})")))
                    .set_result(fill.cached(shown_total.map(decimal_text).unwrap_or_default())),
                &f.total,
            )?;
            continue;
        }
        match sheet.total_cell(col, first, last) {
            Some(TotalCell::Formula(formula, result)) => ws.write_formula_with_format(
                total_row,
                col,
                Formula::new(formula).set_result(fill.cached(result)),
                &f.center,
            )?,
            Some(TotalCell::Text(text)) => {
                ws.write_string_with_format(total_row, col, text, &f.center)?
            }
            None => ws.write_blank(total_row, col, &f.center)?,
        };
    }

    let result_row = total_row + 1;
    ws.merge_range(
        result_row,
        0,
        result_row,
        shape.input_col,
        shape.result_label,
        &f.total_label,
    )?;
    let note = sheet.result_note();
    if note.is_none() && last_col > shape.score_col {
        ws.merge_range(
            result_row,
            shape.score_col,
            result_row,
            last_col,
            "",
            &f.total,
        )?;
    }
    let total_cell = cell_name(total_row, shape.score_col);
    ws.write_formula_with_format(
        result_row,
        shape.score_col,
        Formula::new(sheet.result_formula(&inputs, &total_cell))
            .set_result(fill.cached(sheet.result_value(shown_total))),
        &f.total,
    )?;
    if let Some((text, height)) = note {
        let col = shape.score_col + 1;
        if last_col > col {
            ws.merge_range(result_row, col, result_row, last_col, &text, &f.text)?;
        } else {
            ws.write_string_with_format(result_row, col, text, &f.text)?;
        }
        ws.set_row_height(result_row, height)?;
    }
    sheet.write_closing(ws, result_row + 1, fill, f)?;

    page_setup(ws, false)?;
    ws.set_repeat_rows(TABLE_HEADER_ROW, TABLE_HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    ws.protect();
    Ok(())
}

/// The 评价说明 column's prompt and limit: optional text, at most as long as ingest keeps.
fn remark_validation() -> Result<DataValidation, XlsxError> {
    let max = crate::model::Remarks::MAX_CHARS as u32;
    Ok(DataValidation::new()
        .allow_text_length(DataValidationRule::LessThanOrEqualTo(max))
        .set_input_title("评价说明（选填）")?
        .set_input_message(format!(
            "可写明扣分或加分的理由、观察到的事实（{max} 字以内），将列入评价结果与成绩单。"
        ))?
        .set_error_title("评价说明过长")?
        .set_error_message(format!("评价说明请控制在 {max} 字以内。"))?
        .set_error_style(DataValidationErrorStyle::Stop))
}

/// Writes a group label (characteristic or management group) merged over the rows of
/// its members; `keys[i]` is row i's group, `label(i)` the label of the group starting at i.
fn merge_groups(
    ws: &mut Worksheet,
    first: u32,
    col: u16,
    keys: &[&str],
    format: &Format,
    label: impl Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let mut start = 0;
    while start < keys.len() {
        let end = keys[start..]
            .iter()
            .position(|k| *k != keys[start])
            .map_or(keys.len(), |n| start + n);
        let (r0, r1) = (first + start as u32, first + end as u32 - 1);
        if r1 > r0 {
            ws.merge_range(r0, col, r1, col, &label(start), format)?;
        } else {
            ws.write_string_with_format(r0, col, label(start), format)?;
        }
        start = end;
    }
    Ok(())
}

/// An input cell: the given value (number or text) or blank, in the input format.
pub(super) fn write_input(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    input: Option<&Input>,
    format: &Format,
) -> Result<(), XlsxError> {
    match input {
        Some(Input::Number(n)) => ws.write_number_with_format(row, col, *n, format)?,
        Some(Input::Text(t)) => ws.write_string_with_format(row, col, t, format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}
