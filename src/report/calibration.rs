//! The 评价人校准 sheet: whether the auditors score consistently, one row per
//! rater (flagged raters first), with what the figures mean beside them. The
//! deviations are worked out beforehand ([`crate::results::calibration`]).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::neutralize;
use super::style::{figure, fit, headings, Formats};
use crate::messages::pick;
use crate::results::calibration::{RaterCalibration, MATURITY_FLAG, MIN_PANEL, SERVICE_FLAG};

pub(crate) fn calibration_sheet(
    ws: &mut Worksheet,
    raters: &[RaterCalibration],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(pick("评价人校准", "Calibration"))?;
    let names = [
        pick("评价人", "Rater"),
        pick("评分组织数", "Organizations scored"),
        pick("服务：可比组织数", "Service: compared"),
        pick("服务：平均偏差", "Service: mean deviation"),
        pick("服务：最大偏差", "Service: largest deviation"),
        pick("管理：可比组织数", "Maturity: compared"),
        pick("管理：平均偏差", "Maturity: mean deviation"),
        pick("管理：最大偏差", "Maturity: largest deviation"),
        pick("标记", "Flag"),
    ];
    headings(ws, 0, &names, f)?;
    let explain = [
        pick(
            "偏差 = 评价人的得分 − 该组织全部有效评分的均值（含本人）。",
            "Deviation = the rater's score − the mean of all valid sheets of the organization (the rater's included).",
        )
        .to_string(),
        pick(
            &format!("只计至少 {MIN_PANEL} 位评价人的组织（可比组织）；平均偏差是这些组织上的均值。"),
            &format!("Only organizations with at least {MIN_PANEL} raters count (compared); the mean deviation is over those."),
        )
        .to_string(),
        pick(
            &format!("服务平均偏差绝对值 ≥ {SERVICE_FLAG} 分，或管理平均偏差绝对值 ≥ {MATURITY_FLAG} 分时标记。"),
            &format!("Flagged when |mean service deviation| ≥ {SERVICE_FLAG} or |mean maturity deviation| ≥ {MATURITY_FLAG}."),
        )
        .to_string(),
        pick(
            "评价人按姓名识别：同名的两位评价人会被合并。",
            "Raters are identified by name: two raters with the same name are merged.",
        )
        .to_string(),
    ];
    let explain_col = names.len() as u16 + 1;
    ws.write_string_with_format(0, explain_col, explain[0].as_str(), &f.bold)?;

    for c in [1, 2, 5] {
        ws.set_column_format(c, &f.col_integer)?;
    }
    for c in [3, 4, 6, 7] {
        ws.set_column_format(c, &f.col_number)?;
    }
    ws.set_column_width(
        0,
        fit(
            raters.iter().map(|r| r.name.as_str()).chain([names[0]]),
            8.0,
            24.0,
        ),
    )?;
    for c in 1..=7 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(8, 20)?;
    ws.set_row_height(0, 32)?;

    for (k, r) in raters.iter().enumerate() {
        let row = k as u32 + 1;
        let flagged = r.flagged();
        if flagged {
            ws.write_string_with_format(row, 0, neutralize(&r.name), &f.weak)?;
        } else {
            ws.write_string(row, 0, neutralize(&r.name))?;
        }
        ws.write_number(row, 1, r.orgs as f64)?;
        for (col, dev, flag) in [
            (2, &r.service, r.service_flag()),
            (5, &r.maturity, r.maturity_flag()),
        ] {
            ws.write_number(row, col, dev.compared as f64)?;
            if let Some(m) = dev.mean() {
                if flag {
                    ws.write_number_with_format(row, col + 1, figure(m), &f.weak_number)?;
                } else {
                    ws.write_number(row, col + 1, figure(m))?;
                }
            }
            if let Some(l) = dev.largest {
                ws.write_number(row, col + 2, figure(l))?;
            }
        }
        if flagged {
            let mut marks = Vec::new();
            for (flag, dev, high, low) in [
                (
                    r.service_flag(),
                    &r.service,
                    pick("服务偏高", "service high"),
                    pick("服务偏低", "service low"),
                ),
                (
                    r.maturity_flag(),
                    &r.maturity,
                    pick("管理偏高", "maturity high"),
                    pick("管理偏低", "maturity low"),
                ),
            ] {
                if flag {
                    let positive = dev.mean().is_some_and(|m| m > Decimal::ZERO);
                    marks.push(if positive { high } else { low });
                }
            }
            ws.write_string_with_format(row, 8, marks.join(pick("，", ", ")), &f.weak)?;
        }
        if let Some(text) = explain.get(k + 1) {
            ws.write_string(row, explain_col, text.as_str())?;
        }
    }
    // The explanation when there are fewer raters than its lines.
    for (k, text) in explain.iter().enumerate().skip(raters.len() + 1) {
        ws.write_string(k as u32, explain_col, text.as_str())?;
    }
    ws.set_freeze_panes(1, 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if !raters.is_empty() {
        ws.autofilter(0, 0, raters.len() as u32, 8)?;
    }
    Ok(())
}
