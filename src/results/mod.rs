//! Per-organization figures as values, worked out once, before any sheet is
//! written: each accepted sheet's own totals, each organization's means over its
//! raters, spreads, level and grade ([`organization`]), and how far each rater
//! strays from the panels ([`calibration`]). The report only writes them.
//!
//! Exact decimals throughout; a reported figure is rounded once, at the end, and
//! levels and grades are decided on the rounded figures ([`crate::score`]).
//! Pure: no I/O, no messages. Which workbooks count was decided before (a
//! duplicate or a conflicting credit code is rejected by ingest).

pub mod calibration;
pub mod organization;

use std::collections::BTreeMap;

use rayon::prelude::*;
use rust_decimal::Decimal;

pub use calibration::{Deviation, RaterCalibration};
pub use organization::{Assessment, Line, OrgResult, Outline};

use crate::ident::fold_name;
use crate::model::{Catalog, FileResult};
use crate::score;

/// What a run adds up to.
#[derive(Debug, Clone)]
pub struct Results {
    /// One per scheme + organization, sorted by scheme id, then name.
    pub orgs: Vec<OrgResult>,
    /// Every rater: flagged raters first, then by name.
    pub raters: Vec<RaterCalibration>,
    /// Per file of the run (same index): its own totals, `None` unless accepted.
    pub sheets: Vec<Option<SheetTotals>>,
}

impl Results {
    /// Whether no organization has results (no workbook was accepted).
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
    }
}

/// A rater's own totals for one accepted workbook (exact, unrounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetTotals {
    /// The service score S = Σ points × α, when the service sheet was filled.
    pub service: Option<Decimal>,
    /// The maturity total M = Σ clause scores, when the maturity sheet was filled.
    pub maturity: Option<Decimal>,
}

/// Totals of an accepted workbook, `None` for any other.
pub fn sheet_totals(catalog: &Catalog, file: &FileResult) -> Option<SheetTotals> {
    let sub = file.submission.as_ref()?;
    let scheme = &catalog.schemes[sub.scheme];
    Some(SheetTotals {
        service: sub.alphas.as_ref().map(|a| score::service_score(scheme, a)),
        maturity: sub
            .levels
            .as_ref()
            .map(|l| score::maturity_total(scheme, l)),
    })
}

/// Works out the results of the accepted workbooks among `files` (in sorted path
/// order, after the batch's rejections).
///
/// Workbooks of the same scheme whose organization names fold alike
/// ([`fold_name`]) are one organization. Each sheet's totals and each
/// organization's figures are independent of the others': they are worked out in
/// parallel (`collect` keeps the order, so nothing depends on the threads).
pub fn compute(catalog: &Catalog, files: &[FileResult]) -> Results {
    let sheets: Vec<Option<SheetTotals>> =
        files.par_iter().map(|f| sheet_totals(catalog, f)).collect();
    let outlines: Vec<(Outline, Outline)> = catalog
        .schemes
        .iter()
        .map(|s| (Outline::service(s), Outline::maturity(s)))
        .collect();
    let mut orgs: Vec<OrgResult> = by_organization(files)
        .into_par_iter()
        .map(|idx| organization::assess(catalog, &outlines, files, &sheets, idx))
        .collect();
    orgs.sort_by(|a, b| {
        (&catalog.schemes[a.scheme].id, &a.name).cmp(&(&catalog.schemes[b.scheme].id, &b.name))
    });
    let raters = calibration::calibrate(files, &orgs, &sheets);
    Results {
        orgs,
        raters,
        sheets,
    }
}

/// The accepted files of each organization (same scheme, same folded name), in
/// path order within each.
fn by_organization(files: &[FileResult]) -> Vec<Vec<usize>> {
    let keys: Vec<Option<(usize, String)>> = files
        .par_iter()
        .map(|f| {
            f.submission
                .as_ref()
                .map(|s| (s.scheme, fold_name(&s.header.organization)))
        })
        .collect();
    let mut groups: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some((scheme, organization)) = key {
            groups
                .entry((*scheme, organization.as_str()))
                .or_default()
                .push(i);
        }
    }
    groups.into_values().collect()
}
