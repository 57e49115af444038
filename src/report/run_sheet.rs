//! The 运行信息 sheet: what was read, which schemes and grade rules were applied,
//! and how each figure of the workbook is worked out.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::detail::DETAIL_CHARTS;
use super::style::Formats;
use super::summary::SUMMARY_CHART_LIMIT;
use crate::messages::t;
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
    let t = t();
    let l = t.labels();
    ws.set_name(l.run_sheet)?;
    let c = Counts::of(files);
    let (errors, warnings) =
        files
            .iter()
            .flat_map(|f| &f.findings)
            .fold((0, 0), |(e, w), x| match x.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
                Severity::Note => (e, w),
            });
    let mut lines: Vec<(String, String)> = vec![
        (
            l.version.into(),
            format!("certsheet {}", env!("CARGO_PKG_VERSION")),
        ),
        (l.read.into(), c.read.to_string()),
        (l.accepted.into(), c.accepted.to_string()),
        (l.rejected.into(), c.rejected.to_string()),
        (l.skipped.into(), c.skipped.to_string()),
        (l.organizations.into(), orgs.len().to_string()),
        (l.problems.into(), t.problem_counts(errors, warnings)),
    ];
    for scheme in &catalog.schemes {
        lines.push((
            l.scheme.into(),
            format!(
                "{} {} {} {}",
                scheme.id, scheme.title, scheme.document, scheme.version
            ),
        ));
        for rule in &scheme.grade_rules {
            lines.push((format!("  {}", l.grade_rule), t.rule(rule)));
        }
        lines.push((
            format!("  {}", l.otherwise),
            scheme.grades.otherwise.clone(),
        ));
        if scheme.grades.conformity_required {
            lines.push((
                format!("  {}", l.conformity_rule),
                l.conformity_required.into(),
            ));
        }
    }
    lines.push((l.decision.into(), l.decision_note.into()));
    lines.push((l.arithmetic.into(), l.arithmetic_note.into()));
    lines.push((
        l.summary_charts.into(),
        t.summary_charts_note(SUMMARY_CHART_LIMIT),
    ));
    lines.push((
        l.detail_sheets.into(),
        t.detail_note(
            WEAKEST,
            WIDE_SPREAD_PERCENT,
            DETAIL_CHARTS,
            notes.detail_charts,
        ),
    ));
    lines.push((
        l.calibration_sheet.into(),
        t.calibration_note(MIN_PANEL, SERVICE_FLAG, MATURITY_FLAG, notes.flagged_raters),
    ));
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, k, &f.heading)?;
        ws.write_string_with_format(i as u32, 1, v, &f.text.clone().set_text_wrap())?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}
