//! Whether the auditors score consistently: each rater's deviations from the panels.
//!
//! A rater's deviation on one organization is the rater's own total minus the
//! panel mean of that organization (all its valid sheets, the rater's own
//! included), once per occasion (5.1.2 "每人或每次"). Only organizations with at
//! least [`MIN_PANEL`] sheets count: alone, a rater is the panel. A rater's mean
//! deviation is the mean over those sheets, for the service score S and the maturity total M separately;
//! a rater is flagged when it is far off (see [`SERVICE_FLAG`], [`MATURITY_FLAG`]).
//!
//! Raters are identified by name, folded like organization names
//! ([`crate::ident::fold_name`]): two auditors of the same name are merged.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{OrgResult, SheetTotals};
use crate::ident::fold_name;
use crate::model::FileResult;
use crate::score::round_report;

/// An organization counts for calibration from this many sheets of a kind.
pub const MIN_PANEL: usize = 2;
/// Flag a rater whose mean service deviation reaches this many points (either way).
pub const SERVICE_FLAG: u32 = 5;
/// Flag a rater whose mean maturity deviation reaches this much (either way).
pub const MATURITY_FLAG: u32 = 10;

/// A rater's deviations from the panel means, for one kind of sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deviation {
    /// Sheets of this kind the rater scored (one per occasion).
    pub scored: usize,
    /// Of those, the ones whose organization has at least [`MIN_PANEL`] sheets.
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
    /// Assessments (occasions: accepted workbooks) the rater sent; the same
    /// organization assessed on two dates counts twice, as in its means.
    pub occasions: usize,
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

/// Every rater's calibration: flagged raters first, then by name. `orgs` in their
/// final order (a rater's largest deviation is the first such in that order);
/// `sheets[i]` the totals of file `i`.
pub fn calibrate(
    files: &[FileResult],
    orgs: &[OrgResult],
    sheets: &[Option<SheetTotals>],
) -> Vec<RaterCalibration> {
    // Folded name → (first file index, calibration).
    let mut raters: HashMap<String, (usize, RaterCalibration)> = HashMap::new();
    for org in orgs {
        // The panel means are the organization's own means, over the same sheets.
        let panel = |kind: &super::Assessment| {
            (kind.sheets >= MIN_PANEL)
                .then_some(kind.total.mean)
                .flatten()
        };
        let service_mean = panel(&org.service);
        let maturity_mean = panel(&org.maturity);
        for &i in &org.files {
            let Some(totals) = sheets[i] else { continue };
            let header = &files[i].submission.as_ref().expect("accepted").header;
            let (first, r) = raters.entry(fold_name(&header.rater)).or_insert_with(|| {
                (
                    i,
                    RaterCalibration {
                        name: header.rater.clone(),
                        occasions: 0,
                        service: Deviation::default(),
                        maturity: Deviation::default(),
                    },
                )
            });
            if i < *first {
                *first = i;
                r.name = header.rater.clone();
            }
            r.occasions += 1;
            if let Some(s) = totals.service {
                r.service.add(service_mean.map(|m| s - m));
            }
            if let Some(m) = totals.maturity {
                r.maturity.add(maturity_mean.map(|mean| m - mean));
            }
        }
    }
    let mut all: Vec<(String, RaterCalibration)> =
        raters.into_iter().map(|(key, (_, r))| (key, r)).collect();
    all.sort_by(|(ka, a), (kb, b)| (!a.flagged(), &a.name, ka).cmp(&(!b.flagged(), &b.name, kb)));
    all.into_iter().map(|(_, r)| r).collect()
}
