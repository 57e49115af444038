//! The service sheet (附录1): what sets it apart from the maturity sheet. One row
//! per item under its characteristic, α typed per item, score = points × α, the
//! Likert band of α beside it, total points and the service score below. It holds
//! the header block.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, Worksheet,
    XlsxError,
};

use super::formula::{alpha_value, decimal_text, if_any_filled, likert_formula};
use super::style::Formats;
use super::table::{ScoredSheet, Shape, TotalCell};
use super::Fill;
use crate::cell::{parse_alpha, Input, Raw};
use crate::layout::*;
use crate::scheme::{Item, Scheme};
use crate::score;

/// The service sheet of a scheme.
pub(super) struct ServiceSheet<'a>(pub &'a Scheme);

impl ScoredSheet for ServiceSheet<'_> {
    type Entry = Item;
    type Value = Decimal;

    const SHAPE: Shape = Shape {
        headings: &SERVICE_HEADINGS,
        // 单项分值's column (E) also holds the header's 统一社会信用代码 label: wide enough for it.
        widths: &[12.0, 16.0, 38.0, 8.0, 18.0, 9.0, 11.0, 24.0],
        group_col: S_CHARACTERISTIC,
        input_col: S_ALPHA,
        score_col: S_SCORE,
        remark_col: S_REMARK,
        row_height: 54.0,
        instruction: "请在黄色单元格中为每一项填写体验系数 α（0–1 之间的小数，如 0.85；也可写 85%）。实际得分 = 单项分值 × α。",
        holds_header: true,
        total_label: "总计",
        total_label_end: S_TEXT,
        result_label: LABEL_SERVICE_SCORE,
    };

    fn scheme(&self) -> &Scheme {
        self.0
    }

    fn title(&self) -> String {
        format!("附录1 {}要求（服务能力评价评分表）", self.0.service)
    }

    fn entries(&self) -> &[Item] {
        &self.0.items
    }

    fn inputs<'f>(&self, fill: &'f Fill) -> &'f [Option<Input>] {
        &fill.alphas
    }

    fn remarks<'f>(&self, fill: &'f Fill) -> &'f [(usize, String)] {
        &fill.remarks.items
    }

    fn input_format<'f>(&self, f: &'f Formats) -> &'f Format {
        &f.input_alpha
    }

    fn validation(&self) -> Result<DataValidation, XlsxError> {
        Ok(DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
            .set_input_title("体验系数 α")?
            .set_input_message(alpha_input_message(self.0))?
            .set_error_title("α 超出范围")?
            .set_error_message(
                "体验系数 α 必须是 0 到 1 之间的数，例如 0.85 或 85%。请不要填写得分。",
            )?
            .set_error_style(DataValidationErrorStyle::Stop))
    }

    fn group<'e>(&self, item: &'e Item) -> &'e str {
        &item.characteristic
    }

    fn group_label(&self, item: &Item) -> String {
        let c = self.0.characteristic_of(item);
        format!(
            "{}. {}/{}分",
            c.code,
            c.name,
            self.0.characteristic_points(&c.code)
        )
    }

    fn parse(&self, item: &Item, raw: &Raw) -> Option<Decimal> {
        parse_alpha(raw, item.points).ok()
    }

    fn score(&self, item: &Item, alpha: Decimal) -> Decimal {
        score::item_score(item.points, alpha)
    }

    fn score_expr(&self, row: u32, alpha: &str) -> String {
        format!("{}*{}", cell_name(row, S_POINTS), alpha_value(alpha))
    }

    fn write_entry(
        &self,
        ws: &mut Worksheet,
        row: u32,
        item: &Item,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        ws.write_string_with_format(row, S_ITEM, item_label(item), &f.center)?;
        ws.write_string_with_format(row, S_TEXT, &item.text, &f.text)?;
        ws.write_number_with_format(row, S_POINTS, f64::from(item.points), &f.center)?;
        Ok(())
    }

    /// The Likert band of α.
    fn write_derived(
        &self,
        ws: &mut Worksheet,
        row: u32,
        _item: &Item,
        alpha: Option<Decimal>,
        fill: &Fill,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let band = alpha.map(|a| self.0.likert_label(a).to_string());
        ws.write_formula_with_format(
            row,
            S_BAND,
            Formula::new(likert_formula(self.0, &cell_name(row, S_ALPHA)))
                .set_result(fill.cached(band.unwrap_or_default())),
            &f.center,
        )?;
        Ok(())
    }

    /// The sum of the points.
    fn total_cell(&self, col: u16, first: u32, last: u32) -> Option<TotalCell> {
        (col == S_POINTS).then(|| {
            let points: u32 = self.0.items.iter().map(|i| i.points).sum();
            TotalCell::Formula(
                format!(
                    "=SUM({}:{})",
                    cell_name(first, S_POINTS),
                    cell_name(last, S_POINTS)
                ),
                points.to_string(),
            )
        })
    }

    /// The service score: the total, rounded.
    fn result_formula(&self, alphas: &str, total: &str) -> String {
        if_any_filled(alphas, &format!("ROUND({total},2)"))
    }

    fn result_value(&self, total: Option<Decimal>) -> String {
        total.map(decimal_text).unwrap_or_default()
    }

    fn result_note(&self) -> Option<(String, f64)> {
        None
    }
}

/// The prompt of an α cell: the range and the scheme's Likert bands.
fn alpha_input_message(scheme: &Scheme) -> String {
    let bands: Vec<String> = scheme
        .likert
        .iter()
        .map(|b| format!("≤{} {}", b.upper, b.label))
        .collect();
    format!("填写 0–1 之间的小数，如 0.85。{}", bands.join("，"))
}
