//! The reference sheets beside the scored ones, all locked: 附录2 (the management
//! levels and their total ranges), 附录4 (each clause's requirement) and 填写说明
//! (how to fill in the workbook).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::maturity::level_ranges;
use super::style::{page_setup, Formats};
use crate::layout::*;
use crate::scheme::Scheme;

/// 附录2: each management level, its total range and its description.
pub(super) fn write_levels_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.merge_range(
        0,
        0,
        0,
        2,
        &format!(
            "附录2 {}管理等级描述（基于附录4的管理要求进行评价）",
            scheme.service
        ),
        &f.title,
    )?;
    ws.set_row_height(0, 28)?;
    for (col, h) in ["成熟度等级", "总分区间", "描述"].iter().enumerate() {
        ws.write_string_with_format(1, col as u16, *h, &f.heading)?;
    }
    let ranges = level_ranges(scheme);
    for (i, level) in scheme.levels.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, &level.label, &f.center)?;
        ws.write_string_with_format(row, 1, &ranges[i], &f.center)?;
        ws.write_string_with_format(row, 2, &level.description, &f.text)?;
        ws.set_row_height(row, 90)?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 90)?;
    page_setup(ws, true)?;
    ws.protect();
    Ok(())
}

/// 附录4: each clause under its group, with its requirement.
pub(super) fn write_requirements_sheet(
    ws: &mut Worksheet,
    scheme: &Scheme,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.merge_range(
        0,
        0,
        0,
        2,
        &format!("附录4 {}管理要求（资料性附录）", scheme.service),
        &f.title,
    )?;
    ws.set_row_height(0, 28)?;
    for (col, h) in ["管理要求", "条款", "要求"].iter().enumerate() {
        ws.write_string_with_format(1, col as u16, *h, &f.heading)?;
    }
    for (i, clause) in scheme.clauses.iter().enumerate() {
        let row = 2 + i as u32;
        let g = scheme.group_of(clause);
        ws.write_string_with_format(row, 0, format!("{}. {}", g.code, g.name), &f.center)?;
        ws.write_string_with_format(row, 1, clause_label(clause), &f.text)?;
        ws.write_string_with_format(row, 2, &clause.requirement, &f.text)?;
        let lines = clause.requirement.lines().count().max(1) as f64;
        ws.set_row_height(row, (lines * 15.0).clamp(20.0, 409.0))?;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 90)?;
    page_setup(ws, true)?;
    ws.set_repeat_rows(1, 1)?;
    ws.protect();
    Ok(())
}

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
        format!("   管理等级按成熟度总分划分：{}。", level_ranges(scheme).join("；")),
        "4. 本人未评服务特性（或管理成熟度）时，该表全部留空；部分填写的表会被退回。".to_string(),
        "5. 请勿增删行、改动分值或工作表名称；只有黄色单元格可以填写。".to_string(),
        "6. 一位评价人对一个组织只提交一份工作簿。填写完成后保存为 .xlsx（WPS、LibreOffice 亦可）发回。".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        ws.write_string(2 + i as u32, 0, line)?;
    }
    ws.set_column_width(0, 120)?;
    page_setup(ws, true)?;
    ws.protect();
    Ok(())
}
