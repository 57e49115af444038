//! The 评价人校准 sheet: whether the auditors score consistently.
//!
//! A rater's deviation on one organization is the rater's own total minus the
//! panel mean of that organization (all its valid sheets, the rater's own
//! included). Only organizations with at least [`MIN_PANEL`] sheets count: alone,
//! a rater is the panel. A rater's mean deviation is the mean over those
//! organizations, for the service score S and the maturity total M separately;
//! a rater is flagged when it is far off (see [`SERVICE_FLAG`], [`MATURITY_FLAG`]).
//!
//! Raters are identified by name, folded like organization names
//! ([`crate::ident::fold_name`]): two auditors of the same name are merged.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::neutralize;
use super::workbook::{figure, fit, headings, Formats};
use crate::ident::fold_name;
use crate::ingest::consolidate::{sheet_totals, OrgResult};
use crate::messages::pick;
use crate::model::{Catalog, FileResult};
use crate::score::{self, round_report};

/// An organization counts for calibration from this many sheets of a kind.
pub const MIN_PANEL: usize = 2;
/// Flag a rater whose mean service deviation reaches this many points (either way).
pub const SERVICE_FLAG: u32 = 5;
/// Flag a rater whose mean maturity deviation reaches this much (either way).
pub const MATURITY_FLAG: u32 = 10;

/// A rater's deviations from the panel means, for one kind of sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deviation {
    /// Organizations the rater scored.
    pub scored: usize,
    /// Of those, organizations with at least [`MIN_PANEL`] sheets.
    pub compared: usize,
    sum: Decimal,
    /// The deviation of largest size (signed; the first such in organization order).
    pub largest: Option<Decimal>,
}

impl Deviation {
    fn add(&mut self, deviation: Option<Decimal>) {
        self.scored += 1;
        if let Some(d) = deviation {
            self.compared += 1;
            self.sum += d;
            if self.largest.is_none_or(|l| d.abs() > l.abs()) {
                self.largest = Some(d);
            }
        }
    }

    /// Mean deviation over the compared organizations (exact), `None` without any.
    pub fn mean(&self) -> Option<Decimal> {
        (self.compared > 0).then(|| self.sum / Decimal::from(self.compared))
    }

    /// Whether the mean, rounded to 2 decimals as shown, reaches `limit` either way.
    fn reaches(&self, limit: u32) -> bool {
        self.mean()
            .is_some_and(|m| round_report(m).abs() >= Decimal::from(limit))
    }
}

/// One rater across the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaterCalibration {
    /// As spelled in the rater's first accepted workbook in path order.
    pub name: String,
    /// Organizations (scheme + organization) the rater sent a workbook for.
    pub orgs: usize,
    pub service: Deviation,
    pub maturity: Deviation,
}

impl RaterCalibration {
    pub fn service_flag(&self) -> bool {
        self.service.reaches(SERVICE_FLAG)
    }

    pub fn maturity_flag(&self) -> bool {
        self.maturity.reaches(MATURITY_FLAG)
    }

    pub fn flagged(&self) -> bool {
        self.service_flag() || self.maturity_flag()
    }
}

/// Every rater's calibration: flagged raters first, then by name.
pub fn calibrate(
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
) -> Vec<RaterCalibration> {
    // Folded name → (first file index, calibration).
    let mut raters: HashMap<String, (usize, RaterCalibration)> = HashMap::new();
    for org in orgs {
        let sheets: Vec<(usize, Option<Decimal>, Option<Decimal>)> = org
            .files
            .iter()
            .filter_map(|&i| {
                let t = sheet_totals(catalog, &files[i])?;
                Some((i, t.service, t.maturity))
            })
            .collect();
        let panel = |values: Vec<Decimal>| {
            (values.len() >= MIN_PANEL)
                .then(|| score::mean(values))
                .flatten()
        };
        let service_mean = panel(sheets.iter().filter_map(|s| s.1).collect());
        let maturity_mean = panel(sheets.iter().filter_map(|s| s.2).collect());
        for (i, service, maturity) in sheets {
            let header = &files[i].submission.as_ref().expect("accepted").header;
            let (first, r) = raters.entry(fold_name(&header.rater)).or_insert_with(|| {
                (
                    i,
                    RaterCalibration {
                        name: header.rater.clone(),
                        orgs: 0,
                        service: Deviation::default(),
                        maturity: Deviation::default(),
                    },
                )
            });
            if i < *first {
                *first = i;
                r.name = header.rater.clone();
            }
            r.orgs += 1;
            if let Some(s) = service {
                r.service.add(service_mean.map(|m| s - m));
            }
            if let Some(m) = maturity {
                r.maturity.add(maturity_mean.map(|mean| m - mean));
            }
        }
    }
    let mut all: Vec<(String, RaterCalibration)> =
        raters.into_iter().map(|(key, (_, r))| (key, r)).collect();
    all.sort_by(|(ka, a), (kb, b)| (!a.flagged(), &a.name, ka).cmp(&(!b.flagged(), &b.name, kb)));
    all.into_iter().map(|(_, r)| r).collect()
}

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
