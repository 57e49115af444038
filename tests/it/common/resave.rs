//! What the tests of workbooks re-saved by other applications share
//! (tests/it/libreoffice.rs, tests/it/gnumeric.rs): inputs that cover every band
//! and form, the figures a recalculating application must show, and the rows
//! of the results workbook to compare.

use std::path::Path;

use calamine::{Data, DataType, Range};
use rust_decimal::prelude::ToPrimitive;

use super::layout::{self, FIRST_ROW};
use super::{cell, n, parsed, score, sheet, t, Fill, Header, Input, Scheme, Workdir};

/// The row whose column A reads `label` (the table is found by its labels, as ingest does).
pub fn row_labelled(range: &Range<Data>, label: &str) -> u32 {
    let (start, _) = range.start().expect("a non-empty sheet");
    let (end, _) = range.end().unwrap();
    (start..=end)
        .find(|r| cell(range, *r, 0u16).get_string().map(str::trim) == Some(label))
        .unwrap_or_else(|| panic!("no row labelled {label}"))
}

/// α values that cover every Likert band and its bounds, with a percent typed as text.
/// ("85%" falls in the top band, which a text α gets anyway: see
/// `libreoffice_shows_the_likert_band_of_an_alpha_typed_as_text` for other text α.)
pub fn varied_alphas(scheme: &Scheme, shift: usize) -> Vec<Option<Input>> {
    let pool = [
        n(0.95),
        n(0.8),
        t("85%"),
        n(1.0),
        n(0.333),
        n(0.2),
        n(0.4),
        n(0.6),
        n(0.0),
        n(0.75),
        n(0.15),
        n(0.55),
        n(0.9999),
    ];
    (0..scheme.items.len())
        .map(|i| pool[(i + shift) % pool.len()].clone())
        .collect()
}

/// Levels as numbers and as the words of the dropdown.
pub fn varied_levels(scheme: &Scheme, shift: usize) -> Vec<Option<Input>> {
    let pool = [
        n(4.0),
        t("三级"),
        n(5.0),
        n(2.0),
        t("五级"),
        n(3.0),
        t("一级"),
        t("四级"),
        n(1.0),
    ];
    (0..scheme.clauses.len())
        .map(|i| pool[(i + shift) % pool.len()].clone())
        .collect()
}

/// A header with every field filled.
pub fn full_header(org: &str, code: &str, rater: &str, date: &str) -> Header {
    Header {
        organization: org.to_string(),
        credit_code: code.to_string(),
        rater: rater.to_string(),
        date: date.to_string(),
    }
}

/// The rows of the results workbook's 评价人明细 sheet as text, without 来源文件.
pub fn rater_rows(results: &Path) -> Vec<Vec<String>> {
    let range = sheet(results, "评价人明细");
    let source = range
        .rows()
        .next()
        .and_then(|r| r.iter().position(|c| c.get_string() == Some("来源文件")))
        .expect("a 来源文件 column");
    range
        .rows()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter(|(i, _)| *i != source)
                .map(|(_, c)| c.to_string())
                .collect()
        })
        .collect()
}

/// Every live figure of a recalculated workbook (`path`, written from `fill`,
/// case `name`) that differs from what certsheet makes of the inputs: each
/// item's score and Likert band, the service score, each clause's score, the
/// maturity total and the management level.
pub fn live_figures_of(scheme: &Scheme, name: &str, fill: &Fill, path: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let (alphas, levels) = parsed(scheme, fill);
    let service = sheet(path, layout::SERVICE_SHEET);
    for (i, alpha) in alphas.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        let input = &fill.alphas[i];
        let got = cell(&service, row, layout::S_SCORE);
        let want = score::item_score(scheme.items[i].points, *alpha)
            .to_f64()
            .unwrap();
        if got.as_f64().is_none_or(|x| (x - want).abs() > 1e-9) {
            wrong.push(format!(
                "{name}: 附录1!F{} (α {input:?}) = {got:?}, want {want}",
                row + 1
            ));
        }
        let got = cell(&service, row, layout::S_BAND);
        let want = scheme.likert_label(*alpha);
        if got.get_string() != Some(want) {
            wrong.push(format!(
                "{name}: 附录1!G{} (α {input:?}) = {got:?}, want {want}",
                row + 1
            ));
        }
    }
    let want = score::round_report(score::service_score(scheme, &alphas)).to_string();
    let row = row_labelled(&service, layout::LABEL_SERVICE_SCORE);
    let got = cell(&service, row, layout::S_SCORE);
    if got.as_f64().map(|x| format!("{x:.2}")) != Some(want.clone()) {
        wrong.push(format!(
            "{name}: {} = {got:?}, want {want}",
            layout::LABEL_SERVICE_SCORE
        ));
    }

    let maturity = sheet(path, layout::MATURITY_SHEET);
    for (i, level) in levels.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        let got = cell(&maturity, row, layout::M_SCORE);
        let want = score::clause_score(scheme.clauses[i].max, *level)
            .to_f64()
            .unwrap();
        if got.as_f64() != Some(want) {
            wrong.push(format!(
                "{name}: 附录3!E{} (level {:?}) = {got:?}, want {want}",
                row + 1,
                fill.levels[i]
            ));
        }
    }
    let total = score::round_report(score::maturity_total(scheme, &levels));
    let row = row_labelled(&maturity, layout::LABEL_MATURITY_TOTAL);
    let got = cell(&maturity, row, layout::M_SCORE);
    if got.as_f64().map(|x| format!("{x:.2}")) != Some(total.to_string()) {
        wrong.push(format!(
            "{name}: {} = {got:?}, want {total}",
            layout::LABEL_MATURITY_TOTAL
        ));
    }
    let want = &scheme.levels[scheme.level_index(total).unwrap()].label;
    let row = row_labelled(&maturity, layout::LABEL_MANAGEMENT_LEVEL);
    let got = cell(&maturity, row, layout::M_SCORE);
    if got.get_string() != Some(want.as_str()) {
        wrong.push(format!(
            "{name}: {} = {got:?}, want {want}",
            layout::LABEL_MANAGEMENT_LEVEL
        ));
    }
    wrong
}

/// `round/` in `wd`: three organizations of both schemes, two raters each (varied
/// values, dated), and one file that is no workbook, so that 问题清单 has a group.
pub fn write_small_round(wd: &Workdir) {
    for (k, (id, org, raters)) in [
        ("complaint", "南昌甲公司", ["张三", "李四"]),
        ("complaint", "赣州乙有限公司", ["王五", "张三"]),
        ("quality-credit", "九江丙公司", ["赵六", "钱七"]),
    ]
    .into_iter()
    .enumerate()
    {
        let scheme = super::scheme(id);
        for (r, rater) in raters.iter().enumerate() {
            let bytes = super::filled(
                &scheme,
                &full_header(org, "", rater, "2026-03-01"),
                varied_alphas(&scheme, k * 2 + r),
                varied_levels(&scheme, k + r * 3),
            );
            wd.write(&format!("round/{org}_{rater}.xlsx"), &bytes);
        }
    }
    wd.write("round/坏.xlsx", b"not a workbook");
}
