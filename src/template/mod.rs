//! Writing the score-sheet workbooks auditors fill in (rust_xlsxwriter).
//!
//! One workbook mirrors the scheme's Appendix 1 and Appendix 3 in Chinese, with
//! live formulas, data validation, protection (no password) leaving only the
//! input cells editable, the Appendix 2 and 4 reference texts, a 填写说明 sheet,
//! A4 print set-up, and a very hidden sheet naming scheme, version and template
//! format. The writer can also fill the inputs (samples, tests); its formulas
//! then carry their computed results for viewers that do not recalculate.

mod formula;
mod header;
mod meta;
mod reference;
pub mod roster;
mod style;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Formula,
    Note, Workbook, Worksheet, XlsxError,
};

use crate::cell::{parse_alpha, parse_level, Input};
use crate::layout::*;
use crate::model::Header;
use crate::scheme::Scheme;
use crate::score;
use formula::{
    alpha_value, decimal_text, if_any_filled, if_filled, level_formula, level_value, likert_formula,
};
use header::write_header_block;
use style::{page_setup, Formats};

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

/// Values for the input cells, in the scheme's item and clause order
/// (`None` leaves a cell empty). Empty vectors leave a whole sheet empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fill {
    pub alphas: Vec<Option<Input>>,
    pub levels: Vec<Option<Input>>,
    /// Leave formulas without cached results (tests that make a spreadsheet
    /// application compute them). By default results are cached.
    pub uncached: bool,
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
    let f = Formats::new();
    let empty = Fill::default();
    let fill = fill.unwrap_or(&empty);

    let service = wb.add_worksheet().set_name(SERVICE_SHEET)?;
    write_service_sheet(service, scheme, header, fill, &f)?;
    let maturity = wb.add_worksheet().set_name(MATURITY_SHEET)?;
    write_maturity_sheet(maturity, scheme, header, fill, &f)?;
    let levels = wb.add_worksheet().set_name(LEVELS_SHEET)?;
    reference::write_levels_sheet(levels, scheme, &f)?;
    let reqs = wb.add_worksheet().set_name(REQUIREMENTS_SHEET)?;
    reference::write_requirements_sheet(reqs, scheme, &f)?;
    let guide = wb.add_worksheet().set_name(GUIDE_SHEET)?;
    reference::write_guide_sheet(guide, scheme, &f)?;
    let hidden = wb.add_worksheet().set_name(META_SHEET)?;
    meta::write_meta_sheet(hidden, scheme)?;

    wb.save_to_buffer()
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
fn write_input(
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

fn write_service_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    header: Option<&Header>,
    fill: &Fill,
    f: &Formats,
) -> Result<(), XlsxError> {
    let last_col = S_BAND;
    write_header_block(
        ws,
        scheme,
        &format!("附录1 {}要求（服务能力评价评分表）", scheme.service),
        last_col,
        true,
        header,
        f,
    )?;
    ws.merge_range(
        4,
        0,
        4,
        last_col,
        "请在黄色单元格中为每一项填写体验系数 α（0–1 之间的小数，如 0.85；也可写 85%）。实际得分 = 单项分值 × α。",
        &f.subtitle.clone().set_align(FormatAlign::Left),
    )?;
    for (col, heading) in SERVICE_HEADINGS.iter().enumerate() {
        ws.write_string_with_format(TABLE_HEADER_ROW, col as u16, *heading, &f.heading)?;
    }
    for (col, width) in [12.0, 16.0, 52.0, 8.0, 10.0, 9.0, 11.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col as u16, width)?;
    }

    let alpha_rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
        .set_input_title("体验系数 α")?
        .set_input_message(alpha_input_message(scheme))?
        .set_error_title("α 超出范围")?
        .set_error_message("体验系数 α 必须是 0 到 1 之间的数，例如 0.85 或 85%。请不要填写得分。")?
        .set_error_style(DataValidationErrorStyle::Stop);

    let first = FIRST_ROW;
    let last = first + scheme.items.len() as u32 - 1;
    let mut total = Decimal::ZERO;
    let mut all_valid = true;
    let mut any = false;
    for (i, item) in scheme.items.iter().enumerate() {
        let row = first + i as u32;
        let e = cell_name(row, S_ALPHA);
        ws.write_string_with_format(row, S_ITEM, item_label(item), &f.center)?;
        ws.write_string_with_format(row, S_TEXT, &item.text, &f.text)?;
        ws.write_number_with_format(row, S_POINTS, f64::from(item.points), &f.center)?;
        let input = fill.alphas.get(i).and_then(Option::as_ref);
        let alpha = input.and_then(|v| parse_alpha(&v.raw(), item.points).ok());
        write_input(ws, row, S_ALPHA, input, &f.input_alpha)?;
        any |= input.is_some();
        all_valid &= alpha.is_some();
        let item_score = alpha.map(|a| score::item_score(item.points, a));
        if let Some(s) = item_score {
            total += s;
        }
        let d = cell_name(row, S_POINTS);
        ws.write_formula_with_format(
            row,
            S_SCORE,
            Formula::new(if_filled(&e, &format!("{d}*{}", alpha_value(&e))))
                .set_result(fill.cached(item_score.map(decimal_text).unwrap_or_default())),
            &f.number,
        )?;
        ws.write_formula_with_format(
            row,
            S_BAND,
            Formula::new(likert_formula(scheme, &e)).set_result(
                fill.cached(
                    alpha
                        .map(|a| scheme.likert_label(a).to_string())
                        .unwrap_or_default(),
                ),
            ),
            &f.center,
        )?;
        ws.set_row_height(row, 54)?;
    }
    // Characteristic cells merged over their items.
    let groups: Vec<&str> = scheme
        .items
        .iter()
        .map(|i| i.characteristic.as_str())
        .collect();
    merge_groups(ws, first, S_CHARACTERISTIC, &groups, &f.center, |i| {
        let c = scheme.characteristic_of(&scheme.items[i]);
        format!(
            "{}. {}/{}分",
            c.code,
            c.name,
            scheme.characteristic_points(&c.code)
        )
    })?;
    ws.add_data_validation(first, S_ALPHA, last, S_ALPHA, &alpha_rule)?;

    let alphas = format!("{}:{}", cell_name(first, S_ALPHA), cell_name(last, S_ALPHA));
    let scores = format!("{}:{}", cell_name(first, S_SCORE), cell_name(last, S_SCORE));
    let total_row = last + 1;
    ws.merge_range(total_row, 0, total_row, S_TEXT, "总计", &f.total_label)?;
    let points: u32 = scheme.items.iter().map(|i| i.points).sum();
    ws.write_formula_with_format(
        total_row,
        S_POINTS,
        Formula::new(format!(
            "=SUM({}:{})",
            cell_name(first, S_POINTS),
            cell_name(last, S_POINTS)
        ))
        .set_result(fill.cached(points.to_string())),
        &f.center,
    )?;
    ws.write_blank(total_row, S_ALPHA, &f.center)?;
    let shown_total = (any && all_valid).then(|| decimal_text(score::round_report(total)));
    ws.write_formula_with_format(
        total_row,
        S_SCORE,
        Formula::new(if_any_filled(&alphas, &format!("SUM({scores})")))
            .set_result(fill.cached(shown_total.clone().unwrap_or_default())),
        &f.total,
    )?;
    ws.write_blank(total_row, S_BAND, &f.center)?;
    let score_row = total_row + 1;
    ws.merge_range(
        score_row,
        0,
        score_row,
        S_ALPHA,
        LABEL_SERVICE_SCORE,
        &f.total_label,
    )?;
    ws.merge_range(score_row, S_SCORE, score_row, S_BAND, "", &f.total)?;
    ws.write_formula_with_format(
        score_row,
        S_SCORE,
        Formula::new(if_any_filled(
            &alphas,
            &format!("ROUND({},2)", cell_name(total_row, S_SCORE)),
        ))
        .set_result(fill.cached(shown_total.unwrap_or_default())),
        &f.total,
    )?;

    page_setup(ws, false)?;
    ws.set_repeat_rows(TABLE_HEADER_ROW, TABLE_HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    ws.protect();
    Ok(())
}

fn write_maturity_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    header: Option<&Header>,
    fill: &Fill,
    f: &Formats,
) -> Result<(), XlsxError> {
    let last_col = M_SCALE;
    write_header_block(
        ws,
        scheme,
        &format!("附录3 {}管理要求的成熟度对应分值", scheme.service),
        last_col,
        false,
        header,
        f,
    )?;
    ws.merge_range(
        4,
        0,
        4,
        last_col,
        "请在黄色单元格中为每一条款选择成熟度等级（一级至五级，见“附录2”）；条款要求见单元格批注或“附录4”。",
        &f.subtitle.clone().set_align(FormatAlign::Left),
    )?;
    for (col, heading) in MATURITY_HEADINGS.iter().enumerate() {
        ws.write_string_with_format(TABLE_HEADER_ROW, col as u16, *heading, &f.heading)?;
    }
    for (col, width) in [16.0, 34.0, 8.0, 12.0, 8.0, 14.0].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    let level_rule = DataValidation::new()
        .allow_list_strings(&LEVEL_WORDS)?
        .set_input_title("成熟度等级")?
        .set_input_message(
            "请从下拉列表选择一级至五级。各级含义见“附录2”，本条款要求见批注或“附录4”。",
        )?
        .set_error_title("等级无效")?
        .set_error_message("成熟度等级只能是 一级、二级、三级、四级 或 五级。")?
        .set_error_style(DataValidationErrorStyle::Stop);

    let first = FIRST_ROW;
    let last = first + scheme.clauses.len() as u32 - 1;
    let mut total = Decimal::ZERO;
    let mut all_valid = true;
    let mut any = false;
    for (i, clause) in scheme.clauses.iter().enumerate() {
        let row = first + i as u32;
        ws.write_string_with_format(row, M_CLAUSE, clause_label(clause), &f.text)?;
        if !clause.requirement.is_empty() {
            let note = Note::new(format!(
                "附录4 {}\n{}",
                clause_label(clause),
                clause.requirement
            ))
            .add_author_prefix(false)
            .set_width(420)
            .set_height(260);
            ws.insert_note(row, M_CLAUSE, &note)?;
        }
        ws.write_number_with_format(row, M_MAX, f64::from(clause.max), &f.center)?;
        let input = fill.levels.get(i).and_then(Option::as_ref);
        let level = input.and_then(|v| parse_level(&v.raw(), clause.max).ok());
        write_input(ws, row, M_LEVEL, input, &f.input_level)?;
        any |= input.is_some();
        all_valid &= level.is_some();
        let clause_score = level.map(|l| score::clause_score(clause.max, l));
        if let Some(s) = clause_score {
            total += s;
        }
        let d = cell_name(row, M_LEVEL);
        let c = cell_name(row, M_MAX);
        let formula = if_filled(&d, &format!("{}*{c}/5", level_value(&d)));
        ws.write_formula_with_format(
            row,
            M_SCORE,
            Formula::new(formula)
                .set_result(fill.cached(clause_score.map(decimal_text).unwrap_or_default())),
            &f.number,
        )?;
        let steps: Vec<String> = (1..=5u8)
            .map(|l| score::clause_score(clause.max, l).to_string())
            .collect();
        ws.write_string_with_format(row, M_SCALE, steps.join("/"), &f.center)?;
        ws.set_row_height(row, 22)?;
    }
    let groups: Vec<&str> = scheme.clauses.iter().map(|c| c.group.as_str()).collect();
    merge_groups(ws, first, M_GROUP, &groups, &f.center, |i| {
        let g = scheme.group_of(&scheme.clauses[i]);
        format!("{}. {}", g.code, g.name)
    })?;
    ws.add_data_validation(first, M_LEVEL, last, M_LEVEL, &level_rule)?;

    let levels = format!("{}:{}", cell_name(first, M_LEVEL), cell_name(last, M_LEVEL));
    let scores = format!("{}:{}", cell_name(first, M_SCORE), cell_name(last, M_SCORE));
    let total_row = last + 1;
    let shown_total = (any && all_valid).then(|| decimal_text(score::round_report(total)));
    ws.merge_range(
        total_row,
        0,
        total_row,
        M_LEVEL,
        LABEL_MATURITY_TOTAL,
        &f.total_label,
    )?;
    ws.write_formula_with_format(
        total_row,
        M_SCORE,
        Formula::new(if_any_filled(&levels, &format!("SUM({scores})")))
            .set_result(fill.cached(shown_total.clone().unwrap_or_default())),
        &f.total,
    )?;
    ws.write_string_with_format(
        total_row,
        M_SCALE,
        format!("满分 {}", scheme.maturity_ceiling()),
        &f.center,
    )?;
    let level_row = total_row + 1;
    ws.merge_range(
        level_row,
        0,
        level_row,
        M_LEVEL,
        LABEL_MANAGEMENT_LEVEL,
        &f.total_label,
    )?;
    let total_cell = cell_name(total_row, M_SCORE);
    let level_label = (any && all_valid)
        .then(|| scheme.level_index(score::round_report(total)))
        .flatten()
        .map(|i| scheme.levels[i].label.clone());
    ws.write_formula_with_format(
        level_row,
        M_SCORE,
        Formula::new(level_formula(scheme, &total_cell))
            .set_result(fill.cached(level_label.unwrap_or_default())),
        &f.total,
    )?;
    let ranges: Vec<String> = level_ranges(scheme);
    ws.write_string_with_format(level_row, M_SCALE, ranges.join("；"), &f.text)?;
    ws.set_row_height(level_row, 66)?;

    page_setup(ws, false)?;
    ws.set_repeat_rows(TABLE_HEADER_ROW, TABLE_HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    ws.protect();
    Ok(())
}

fn alpha_input_message(scheme: &Scheme) -> String {
    let bands: Vec<String> = scheme
        .likert
        .iter()
        .map(|b| format!("≤{} {}", b.upper, b.label))
        .collect();
    format!("填写 0–1 之间的小数，如 0.85。{}", bands.join("，"))
}

/// `"20 ≤ 总分 < 45：一级"` … for each level.
fn level_ranges(scheme: &Scheme) -> Vec<String> {
    let ceiling = scheme.maturity_ceiling();
    scheme
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| match scheme.levels.get(i + 1) {
            Some(next) => format!("{} ≤ 总分 < {}：{}", l.min, next.min, l.label),
            None => format!("{} ≤ 总分 ≤ {}：{}", l.min, ceiling, l.label),
        })
        .collect()
}
