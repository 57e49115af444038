//! The reference sheets beside the scored ones, all locked: 附录2 (Appendix 2's level
//! descriptions as it prints them, and apart from them Appendix 3's management level
//! of each maturity-total band), 附录4 (Appendix 4 as it prints it, each clause beside
//! the Appendix 3 clause it belongs to) and 填写说明 (how to fill in the workbook).
//! The note on each clause of the 附录3 sheet, its Appendix 4 text, is built here too.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Note, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::formula::{level_bands, level_ranges};
use super::style::{page_setup, Formats};
use crate::layout::*;
use crate::scheme::{Clause, Scheme};

/// Points per printed line of 10.5-point text, and the padding of a cell.
const LINE_HEIGHT: f64 = 14.0;
const CELL_PADDING: f64 = 6.0;
/// Excel's highest row.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The lines `text` takes in a column `width` characters wide, wrapped (a Chinese
/// character takes two, and so do ①, α and ≤ in a Chinese font).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(1.0);
    text.lines()
        .map(|line| ((UnicodeWidthStr::width_cjk(line) as f64 / per_line).ceil() as usize).max(1))
        .sum::<usize>()
        .max(1)
}

/// The row height (points) that shows all of `text` in a column `width` characters wide.
fn text_height(text: &str, width: f64) -> f64 {
    wrapped_lines(text, width) as f64 * LINE_HEIGHT + CELL_PADDING
}

/// Column widths of the 附录2 sheet: group, clause, then one per level.
const LEVELS_GROUP_WIDTH: f64 = 14.0;
const LEVELS_CLAUSE_WIDTH: f64 = 28.0;
const LEVELS_LEVEL_WIDTH: f64 = 26.0;

/// 附录2: Appendix 2's table as printed — the groups and clauses it lists down the
/// side, one column per level (第一级…) with its description across all the clauses —
/// then, apart and labelled as Appendix 3's 说明 3), the maturity-total band of each
/// management level.
pub(super) fn write_levels_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    f: &Formats,
) -> Result<(), XlsxError> {
    let levels = scheme.levels.len() as u16;
    let last_col = 1 + levels;
    let top = f.text.clone().set_align(FormatAlign::Top);

    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "附录2 {}管理等级描述（基于附录4的管理要求进行评价）",
            scheme.service
        ),
        &f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.merge_range(1, 0, 2, 1, "管理要求", &f.heading)?;
    write_across(ws, 1, 2, last_col, "成熟度等级划分与描述", &f.heading)?;
    for (i, level) in scheme.levels.iter().enumerate() {
        ws.write_string_with_format(2, 2 + i as u16, level.description_title(), &f.heading)?;
    }

    // The clauses, each group merged over its run of clauses.
    let first = 3u32;
    let clauses = scheme.clauses.len() as u32;
    let mut heights: Vec<f64> = Vec::with_capacity(scheme.clauses.len());
    for (i, clause) in scheme.clauses.iter().enumerate() {
        let label = clause_label(clause);
        ws.write_string_with_format(first + i as u32, 1, &label, &f.text)?;
        heights.push(text_height(&label, LEVELS_CLAUSE_WIDTH).max(20.0));
    }
    for (start, end) in group_runs(scheme) {
        let g = scheme.group_of(&scheme.clauses[start]);
        let label = format!("{}. {}", g.code, g.name);
        let (r0, r1) = (first + start as u32, first + end as u32);
        if r1 > r0 {
            ws.merge_range(r0, 0, r1, 0, &label, &f.center)?;
        } else {
            ws.write_string_with_format(r0, 0, &label, &f.center)?;
        }
        fit_merged(
            &mut heights[start..=end],
            text_height(&label, LEVELS_GROUP_WIDTH),
        );
    }
    // Each level's description, once, across all the clauses.
    for (i, level) in scheme.levels.iter().enumerate() {
        let col = 2 + i as u16;
        if clauses > 1 {
            ws.merge_range(
                first,
                col,
                first + clauses - 1,
                col,
                &level.description,
                &top,
            )?;
        } else {
            ws.write_string_with_format(first, col, &level.description, &top)?;
        }
        fit_merged(
            &mut heights,
            text_height(&level.description, LEVELS_LEVEL_WIDTH),
        );
    }
    for (i, h) in heights.iter().enumerate() {
        ws.set_row_height(first + i as u32, h.min(MAX_ROW_HEIGHT))?;
    }

    // Apart: the management level of a maturity total, from Appendix 3's 说明 3).
    let row = first + clauses + 1;
    let caption = Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_bold()
        .set_align(FormatAlign::VerticalCenter);
    ws.merge_range(
        row,
        0,
        row,
        last_col,
        "附录3 说明 3) 根据管理成熟度总分，管理要求分级规则如下：",
        &caption,
    )?;
    ws.set_row_height(row, 22)?;
    ws.merge_range(row + 1, 0, row + 1, 1, "管理等级", &f.heading)?;
    ws.merge_range(row + 2, 0, row + 2, 1, LABEL_MATURITY_TOTAL, &f.label)?;
    for (i, (level, band)) in scheme
        .levels
        .iter()
        .zip(level_bands(scheme, "分"))
        .enumerate()
    {
        let col = 2 + i as u16;
        ws.write_string_with_format(row + 1, col, &level.label, &f.heading)?;
        ws.write_string_with_format(row + 2, col, band, &f.center)?;
    }
    ws.set_row_height(row + 1, 20)?;
    ws.set_row_height(row + 2, 20)?;

    ws.set_column_width(0, LEVELS_GROUP_WIDTH)?;
    ws.set_column_width(1, LEVELS_CLAUSE_WIDTH)?;
    for i in 0..levels {
        ws.set_column_width(2 + i, LEVELS_LEVEL_WIDTH)?;
    }
    page_setup(ws, true)?;
    ws.protect();
    Ok(())
}

/// `text` in columns `first..=last` of a row: merged when they are more than one.
fn write_across(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    last: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        ws.merge_range(row, first, row, last, text, format)?;
    } else {
        ws.write_string_with_format(row, first, text, format)?;
    }
    Ok(())
}

/// Column widths of the 附录4 sheet: Appendix 4 chapter, Appendix 3 clause, Appendix 4
/// heading, text.
const REQUIREMENTS_WIDTHS: [f64; 4] = [18.0, 24.0, 28.0, 84.0];

/// 附录4: Appendix 4 as printed — each chapter (its heading and introduction) beside
/// all of its clauses, each clause with its Appendix 4 heading and text — with the
/// Appendix 3 clause each belongs to beside its Appendix 4 heading.
pub(super) fn write_requirements_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    f: &Formats,
) -> Result<(), XlsxError> {
    let top = f.text.clone().set_align(FormatAlign::Top);
    // The runs of the chapter cell: its heading bold, its introduction plain.
    let plain = Format::new().set_font_name("宋体").set_font_size(10.5);
    let bold = plain.clone().set_bold();
    ws.merge_range(
        0,
        0,
        0,
        3,
        &format!("附录4 {}管理要求（资料性附录）", scheme.service),
        &f.title,
    )?;
    ws.set_row_height(0, 28)?;
    for (col, h) in ["附录4 章", "附录3 条款", "附录4 条款", "要求"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(1, col as u16, *h, &f.heading)?;
    }
    let first = 2u32;
    let mut heights = Vec::with_capacity(scheme.clauses.len());
    for (i, clause) in scheme.clauses.iter().enumerate() {
        let row = first + i as u32;
        let cells = [
            clause_label(clause),
            clause.requirement_title(),
            clause.requirement.clone(),
        ];
        let mut height: f64 = 20.0;
        for (k, text) in cells.iter().enumerate() {
            ws.write_string_with_format(row, 1 + k as u16, text, &top)?;
            height = height.max(text_height(text, REQUIREMENTS_WIDTHS[1 + k]));
        }
        heights.push(height);
    }
    // Each chapter, once, beside all of its clauses.
    for (start, end) in group_runs(scheme) {
        let g = scheme.group_of(&scheme.clauses[start]);
        let title = g.requirement_title();
        let (r0, r1) = (first + start as u32, first + end as u32);
        let text = match &g.requirement_intro {
            Some(intro) => format!("{title}\n{intro}"),
            None => title.clone(),
        };
        if r1 > r0 {
            ws.merge_range(r0, 0, r1, 0, "", &top)?;
        }
        match &g.requirement_intro {
            Some(intro) => {
                let intro = format!("\n{intro}");
                ws.write_rich_string_with_format(
                    r0,
                    0,
                    &[(&bold, title.as_str()), (&plain, intro.as_str())],
                    &top,
                )?;
            }
            None => {
                ws.write_string_with_format(r0, 0, &title, &top.clone().set_bold())?;
            }
        }
        fit_merged(
            &mut heights[start..=end],
            text_height(&text, REQUIREMENTS_WIDTHS[0]),
        );
    }
    for (i, h) in heights.iter().enumerate() {
        ws.set_row_height(first + i as u32, h.min(MAX_ROW_HEIGHT))?;
    }
    for (col, width) in REQUIREMENTS_WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    page_setup(ws, true)?;
    ws.set_repeat_rows(1, 1)?;
    ws.protect();
    Ok(())
}

/// The runs of consecutive clauses of one group, as (first, last) clause indices.
fn group_runs(scheme: &Scheme) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, clause) in scheme.clauses.iter().enumerate() {
        let ends = scheme
            .clauses
            .get(i + 1)
            .is_none_or(|next| next.group != clause.group);
        if ends {
            runs.push((start, i));
            start = i + 1;
        }
    }
    runs
}

/// Grows the rows under a merged cell evenly until together they are `need` high.
fn fit_merged(heights: &mut [f64], need: f64) {
    let have: f64 = heights.iter().sum();
    if need > have && !heights.is_empty() {
        let extra = (need - have) / heights.len() as f64;
        heights.iter_mut().for_each(|h| *h += extra);
    }
}

/// The Appendix 4 text of a clause as its note on the 附录3 sheet shows it: the
/// chapter heading and introduction when the chapter has one, then the clause's
/// Appendix 4 heading and text.
fn requirement_text(scheme: &Scheme, clause: &Clause) -> String {
    let g = scheme.group_of(clause);
    let mut parts = Vec::new();
    if let Some(intro) = &g.requirement_intro {
        parts.push(g.requirement_title());
        parts.push(intro.clone());
    }
    parts.push(clause.requirement_title());
    parts.push(clause.requirement.clone());
    format!("附录4 {}", parts.join("\n"))
}

/// The note on a clause of the 附录3 sheet, sized to show all of its text; none
/// when the clause has no Appendix 4 text.
pub(super) fn requirement_note(scheme: &Scheme, clause: &Clause) -> Option<Note> {
    if clause.requirement.is_empty() {
        return None;
    }
    let text = requirement_text(scheme, clause);
    // About 8 pixels per display column and 15 per line in the note's 9-point text.
    let width = 480u32;
    let lines = wrapped_lines(&text, f64::from(width) / 8.0);
    let height = (lines as u32 * 15 + 20).clamp(80, 900);
    Some(
        Note::new(text)
            .add_author_prefix(false)
            .set_font_size(9)
            .set_width(width)
            .set_height(height),
    )
}

/// Width of the 填写说明 sheet's one column.
const GUIDE_WIDTH: f64 = 100.0;

/// 填写说明: how to fill in the workbook, with the scheme's Likert bands and level ranges.
pub(super) fn write_guide_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "填写说明", &f.title)?;
    let bands: Vec<String> = scheme
        .likert
        .iter()
        .scan(Decimal::ZERO, |lo, b| {
            let text = if lo.is_zero() {
                format!("{} ≤ α ≤ {}：{}", lo, b.upper, b.label)
            } else {
                format!("{} < α ≤ {}：{}", lo, b.upper, b.label)
            };
            *lo = b.upper;
            Some(text)
        })
        .collect();
    let lines = [
        format!("本工作簿用于{}（{} {}）的评价。", scheme.title, scheme.document, scheme.version),
        format!("1. 在“{SERVICE_SHEET}”表头填写受评组织、统一社会信用代码、评价人和评价日期（由名单生成的工作簿已预先填好）。"),
        format!("2. 在“{SERVICE_SHEET}”中为每一项填写体验系数 α：0 到 1 之间的小数（如 0.85），也可写百分数（如 85%）。不要填写得分，得分由公式自动计算。"),
        format!("   α 的体验评价：{}。", bands.join("；")),
        format!("3. 在“{MATURITY_SHEET}”中为每一条款选择成熟度等级（一级至五级）。得分 = 等级 × 总分值 ÷ 5。各级含义见“{LEVELS_SHEET}”，条款要求见批注或“{REQUIREMENTS_SHEET}”。"),
        format!("   管理等级按管理成熟度总分划分（附录3 说明 3)）：{}。", level_ranges(scheme).join("；")),
        format!("   每一项、每一条款右侧的“{LABEL_REMARK}”可选填（{} 字以内）：写明扣分或加分的理由、观察到的事实，将列入评价结果和成绩单。", crate::model::Remarks::MAX_CHARS),
        "4. 本人未评服务特性（或管理成熟度）时，该表全部留空；部分填写的表会被退回。".to_string(),
        "5. 请勿增删行、改动分值或工作表名称；只有黄色单元格可以填写。".to_string(),
        "6. 一位评价人对一个组织只提交一份工作簿。填写完成后保存为 .xlsx（WPS、LibreOffice 亦可）发回。".to_string(),
    ];
    // Wrapped within the column, so a long line prints whole.
    let wrap = Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    for (i, line) in lines.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, line, &wrap)?;
        ws.set_row_height(row, text_height(line, GUIDE_WIDTH).max(18.0))?;
    }
    ws.set_column_width(0, GUIDE_WIDTH)?;
    page_setup(ws, true)?;
    ws.protect();
    Ok(())
}
