//! The 运行信息 sheet: what was read, which schemes and grade rules were applied,
//! and how each figure of the workbook is worked out.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::detail::DETAIL_CHARTS;
use super::style::Formats;
use super::summary::SUMMARY_CHART_LIMIT;
use crate::messages::pick;
use crate::model::{Catalog, Counts, FileResult, Severity};
use crate::results::calibration::{MATURITY_FLAG, MIN_PANEL, SERVICE_FLAG};
use crate::results::organization::{WEAKEST, WIDE_SPREAD_PERCENT};
use crate::results::OrgResult;

/// What other sheets report to the run sheet.
pub(crate) struct RunNotes {
    /// Radar charts drawn.
    pub detail_charts: usize,
    /// Raters flagged in 评价人校准.
    pub flagged_raters: usize,
}

/// Writes 运行信息: the counts of the run, the schemes and their rules, how figures are worked out.
pub(crate) fn run_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
    notes: RunNotes,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(pick("运行信息", "Run"))?;
    let c = Counts::of(files);
    let (errors, warnings) =
        files
            .iter()
            .flat_map(|f| &f.findings)
            .fold((0, 0), |(e, w), x| match x.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
            });
    let mut lines: Vec<(String, String)> = vec![
        (
            pick("工具版本", "Tool version").into(),
            format!("certsheet {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            pick("读取工作簿", "Workbooks read").into(),
            c.read.to_string(),
        ),
        (pick("采用", "Accepted").into(), c.accepted.to_string()),
        (pick("退回", "Rejected").into(), c.rejected.to_string()),
        (
            pick("跳过（空表）", "Skipped (empty)").into(),
            c.skipped.to_string(),
        ),
        (
            pick("组织数", "Organizations").into(),
            orgs.len().to_string(),
        ),
        (
            pick("问题", "Problems").into(),
            pick(
                &format!("错误 {errors} 个，警告 {warnings} 个（按类别的统计见“问题清单”右侧）"),
                &format!("{errors} errors, {warnings} warnings (counts per kind beside the Problems list)"),
            )
            .into(),
        ),
    ];
    for scheme in &catalog.schemes {
        lines.push((
            pick("认证方案", "Scheme").into(),
            format!(
                "{} {} {} {}",
                scheme.id, scheme.title, scheme.document, scheme.version
            ),
        ));
        for rule in &scheme.grade_rules {
            lines.push((
                format!("  {}", pick("级别规则", "grade rule")),
                format!(
                    "{}: {} ≥ {}, {} ≥ {}",
                    rule.grade,
                    pick("服务得分", "service score"),
                    rule.min_score,
                    pick("管理等级", "management level"),
                    rule.min_level
                ),
            ));
        }
        lines.push((
            format!("  {}", pick("否则", "otherwise")),
            scheme.grades.otherwise.clone(),
        ));
    }
    lines.push((
        pick("计算规则", "Arithmetic").into(),
        pick(
            "α 取 4 位小数（四舍五入）；其余精确十进制计算；组织得分为各评价人得分的均值，最后四舍五入到 2 位小数，等级与级别按舍入后的数值判定。",
            "α to 4 decimals (half-up); exact decimal arithmetic; organization figures are the mean over raters, rounded half-up to 2 decimals once at the end; levels and grades decided on the rounded figures.",
        )
        .into(),
    ));
    lines.push((
        pick("汇总图表", "Summary charts").into(),
        pick(
            &format!("每个认证方案一张：各组织的服务特性测评得分（柱）与各级别的得分线（虚线）；每张最多 {SUMMARY_CHART_LIMIT} 个组织（按表中顺序）。"),
            &format!("one per scheme: each organization's service score (columns) and each grade's threshold (dashed lines); at most {SUMMARY_CHART_LIMIT} organizations per chart (in table order)."),
        )
        .into(),
    ));
    lines.push((
        pick("明细、极差、雷达图", "Detail, Spread, Radar").into(),
        pick(
            &format!(
                "每个组织一行、每个服务特性、项目、管理要求与条款一列（表头注明分值）：“明细”为均分（各评价人得分的均值），“极差”为评价人之间最高减最低。“明细”中每个组织得分率（均分 ÷ 分值）最低的 {} 个项目和 {} 个条款加底色（并列时按序号；全部相同则不标）；“极差”中达到分值的 {}% 的标为红色。雷达图只画前 {} 个有服务测评的组织（本次 {} 张），画各服务特性的得分率。",
                WEAKEST, WEAKEST, WIDE_SPREAD_PERCENT, DETAIL_CHARTS, notes.detail_charts
            ),
            &format!(
                "a row per organization, a column per characteristic, item, requirement group and clause (its points in the heading): Detail holds the mean score over raters, Spread the highest minus the lowest rater. In Detail, each organization's {} items and {} clauses with the lowest share (mean ÷ points) are shaded (ties by code; none when all are equal); in Spread, a spread of {}% of the points or more is red. Radar charts of the characteristics' shares only for the first {} organizations with service sheets ({} in this run).",
                WEAKEST, WEAKEST, WIDE_SPREAD_PERCENT, DETAIL_CHARTS, notes.detail_charts
            ),
        )
        .into(),
    ));
    lines.push((
        pick("评价人校准", "Calibration").into(),
        pick(
            &format!(
                "偏差 = 评价人的得分 − 该组织全部有效评分的均值（含本人），只计至少 {} 位评价人的组织；平均偏差为这些组织上的均值。服务得分平均偏差的绝对值 ≥ {} 分或管理成熟度总分 ≥ {} 分时标记（按四舍五入到 2 位小数后的数值判定）；本次标记 {} 人。评价人按姓名识别（忽略空格与全角/半角差异）：同名的两位评价人会被合并为一人。",
                MIN_PANEL, SERVICE_FLAG, MATURITY_FLAG, notes.flagged_raters
            ),
            &format!(
                "deviation = the rater's score − the mean of all valid sheets of that organization (the rater's included), only for organizations with at least {} raters; the mean deviation is over those organizations. Flagged when |mean service deviation| ≥ {} points or |mean maturity deviation| ≥ {} (on the figures rounded to 2 decimals); {} flagged in this run. Raters are identified by name (spaces and full-/half-width folded): two raters with the same name are merged.",
                MIN_PANEL, SERVICE_FLAG, MATURITY_FLAG, notes.flagged_raters
            ),
        )
        .into(),
    ));
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, k, &f.heading)?;
        ws.write_string_with_format(i as u32, 1, v, &f.text.clone().set_text_wrap())?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}
