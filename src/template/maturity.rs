//! The maturity sheet (附录3): what sets it apart from the service sheet. One row
//! per clause under its management group, with the clause's Appendix 4 requirement
//! as a note; a level (一级…五级) chosen per clause, score = level × max ÷ 5, the
//! score of each level beside it; the maturity total and the management level
//! below, with the level bands. Its header block repeats the service sheet's.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, Worksheet, XlsxError};

use super::formula::{level_formula, level_ranges, level_value};
use super::reference::requirement_note;
use super::style::Formats;
use super::table::{write_input, ScoredSheet, Shape, TotalCell};
use super::Fill;
use crate::cell::{parse_level, Input, Raw};
use crate::layout::*;
use crate::scheme::{Clause, Scheme};
use crate::score;

/// The maturity sheet of a scheme.
pub(super) struct MaturitySheet<'a>(pub &'a Scheme);

impl ScoredSheet for MaturitySheet<'_> {
    type Entry = Clause;
    type Value = u8;

    const SHAPE: Shape = Shape {
        headings: &MATURITY_HEADINGS,
        // 得分's column (E) also holds the header's 统一社会信用代码 label: wide enough for it.
        widths: &[16.0, 34.0, 8.0, 12.0, 18.0, 14.0, 26.0],
        group_col: M_GROUP,
        input_col: M_LEVEL,
        score_col: M_SCORE,
        remark_col: M_REMARK,
        row_height: 22.0,
        instruction: "请在黄色单元格中为每一条款选择成熟度等级（一级至五级，见“附录2”）；条款要求见单元格批注或“附录4”；表末选择符合性审查结论。",
        holds_header: false,
        total_label: LABEL_MATURITY_TOTAL,
        total_label_end: M_LEVEL,
        result_label: LABEL_MANAGEMENT_LEVEL,
    };

    fn scheme(&self) -> &Scheme {
        self.0
    }

    fn title(&self) -> String {
        format!("附录3 {}管理要求的成熟度对应分值", self.0.service)
    }

    fn entries(&self) -> &[Clause] {
        &self.0.clauses
    }

    fn inputs<'f>(&self, fill: &'f Fill) -> &'f [Option<Input>] {
        &fill.levels
    }

    fn remarks<'f>(&self, fill: &'f Fill) -> &'f [(usize, String)] {
        &fill.remarks.clauses
    }

    fn input_format<'f>(&self, f: &'f Formats) -> &'f Format {
        &f.input_level
    }

    fn validation(&self) -> Result<DataValidation, XlsxError> {
        Ok(DataValidation::new()
            .allow_list_strings(&LEVEL_WORDS)?
            .set_input_title("成熟度等级")?
            .set_input_message(
                "请从下拉列表选择一级至五级。各级含义见“附录2”，本条款要求见批注或“附录4”。",
            )?
            .set_error_title("等级无效")?
            .set_error_message("成熟度等级只能是 一级、二级、三级、四级 或 五级。")?
            .set_error_style(DataValidationErrorStyle::Stop))
    }

    fn group<'e>(&self, clause: &'e Clause) -> &'e str {
        &clause.group
    }

    fn group_label(&self, clause: &Clause) -> String {
        let g = self.0.group_of(clause);
        format!("{}. {}", g.code, g.name)
    }

    fn parse(&self, clause: &Clause, raw: &Raw) -> Option<u8> {
        parse_level(raw, clause.max).ok()
    }

    fn score(&self, clause: &Clause, level: u8) -> Decimal {
        score::clause_score(clause.max, level)
    }

    fn score_expr(&self, row: u32, level: &str) -> String {
        format!("{}*{}/5", level_value(level), cell_name(row, M_MAX))
    }

    /// The clause, with its requirement as a note, and its max.
    fn write_entry(
        &self,
        ws: &mut Worksheet,
        row: u32,
        clause: &Clause,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        ws.write_string_with_format(row, M_CLAUSE, clause_label(clause), &f.text)?;
        if let Some(note) = requirement_note(self.0, clause) {
            ws.insert_note(row, M_CLAUSE, &note)?;
        }
        ws.write_number_with_format(row, M_MAX, f64::from(clause.max), &f.center)?;
        Ok(())
    }

    /// The score of each level, 一级/二级/…/五级.
    fn write_derived(
        &self,
        ws: &mut Worksheet,
        row: u32,
        clause: &Clause,
        _level: Option<u8>,
        _fill: &Fill,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let steps: Vec<String> = (1..=5u8)
            .map(|l| score::clause_score(clause.max, l).to_string())
            .collect();
        ws.write_string_with_format(row, M_SCALE, steps.join("/"), &f.center)?;
        Ok(())
    }

    /// The ceiling, below the scores of each level.
    fn total_cell(&self, col: u16, _first: u32, _last: u32) -> Option<TotalCell> {
        (col == M_SCALE).then(|| TotalCell::Text(format!("满分 {}", self.0.maturity_ceiling())))
    }

    /// The management level of the total.
    fn result_formula(&self, _levels: &str, total: &str) -> String {
        level_formula(self.0, total)
    }

    fn result_value(&self, total: Option<Decimal>) -> String {
        total
            .and_then(|t| self.0.level_index(t))
            .map(|i| self.0.levels[i].label.clone())
            .unwrap_or_default()
    }

    /// The level bands.
    fn result_note(&self) -> Option<(String, f64)> {
        Some((level_ranges(self.0).join("；"), 66.0))
    }

    /// The conclusion of the management-requirements conformity review (section
    /// 5.3: no grade without it passed): a 通过/不通过 dropdown in the level column.
    fn write_closing(
        &self,
        ws: &mut Worksheet,
        row: u32,
        fill: &Fill,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        ws.merge_range(row, 0, row, M_MAX, LABEL_CONFORMITY, &f.total_label)?;
        write_input(ws, row, M_LEVEL, fill.conformity.as_ref(), &f.input_level)?;
        let rule = DataValidation::new()
            .allow_list_strings(&CONFORMITY_WORDS)?
            .set_input_title("符合性审查结论")?
            .set_input_message(
                "按第5.2条审核管理要求后，请选择“通过”或“不通过”。未通过符合性审查的，不予认证（第5.3条）。",
            )?
            .set_error_title("结论无效")?
            .set_error_message("符合性审查结论只能是“通过”或“不通过”。")?
            .set_error_style(DataValidationErrorStyle::Stop);
        ws.add_data_validation(row, M_LEVEL, row, M_LEVEL, &rule)?;
        ws.merge_range(
            row,
            M_SCORE,
            row,
            M_REMARK,
            "填写评分表时必填；不通过则不予认证",
            &f.text,
        )?;
        ws.set_row_height(row, 30.0)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::width::width;
    use crate::template::service::ServiceSheet;

    /// Printed, a header label or the level bands must not be cut: a label fits its
    /// column (a Chinese character takes two of Excel's width units, and a little
    /// more in print), the bands fit the merged cells right of the management level
    /// in the lines the row's height holds.
    #[test]
    fn labels_and_level_bands_fit_their_cells() {
        let fits = |text: &str, columns: f64| width(text) as f64 * 1.1 <= columns;
        for widths in [
            <ServiceSheet as ScoredSheet>::SHAPE.widths,
            <MaturitySheet as ScoredSheet>::SHAPE.widths,
        ] {
            for (_, col, label) in HEADER_CELLS {
                assert!(fits(label, widths[col as usize]), "{label} in {widths:?}");
            }
        }
        for scheme in crate::scheme::builtin_schemes() {
            let sheet = MaturitySheet(&scheme);
            let (bands, height) = sheet.result_note().unwrap();
            let widths = <MaturitySheet as ScoredSheet>::SHAPE.widths;
            let across: f64 = widths[M_SCALE as usize..].iter().sum();
            // 10.5-point text: a line of about 15 points.
            let lines = (height / 15.0).floor();
            assert!(fits(&bands, across * lines), "{bands}: {across} × {lines}");
        }
    }
}
