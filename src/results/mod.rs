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
pub mod earlier;
pub mod organization;
pub mod previous;

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
    /// With an earlier round compared (`--previous`): its organizations that are
    /// missing from this round; `None` when none is compared.
    pub missing: Option<Vec<earlier::EarlierRow>>,
}

impl Results {
    /// Compares this round with an earlier one: each organization's earlier grade
    /// and change, and the earlier organizations missing now.
    pub fn compare(&mut self, catalog: &Catalog, earlier: Vec<earlier::EarlierRow>) {
        self.missing = Some(previous::compare(catalog, &mut self.orgs, earlier));
    }

    /// Whether an earlier round is compared.
    pub fn compared(&self) -> bool {
        self.missing.is_some()
    }

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
        missing: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Conformity;
    use crate::model::{Header, Submission};
    use crate::scheme::load_scheme;
    use std::path::PathBuf;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn file(organization: &str, rater: &str, alpha: &str, level: Option<u8>) -> FileResult {
        FileResult {
            path: PathBuf::from(format!("{organization}_{rater}.xlsx")),
            name: format!("{organization}_{rater}.xlsx"),
            submission: Some(Submission {
                scheme: 0,
                header: Header {
                    organization: organization.into(),
                    rater: rater.into(),
                    ..Header::default()
                },
                alphas: Some(vec![d(alpha); 19]),
                levels: level.map(|l| vec![l; 21]),
                conformity: level.map(|_| Conformity::Passed),
                remarks: Default::default(),
            }),
            findings: Vec::new(),
        }
    }

    #[test]
    fn an_organization_is_its_raters_means_rounded_once() {
        let catalog = Catalog::new(vec![load_scheme("complaint").unwrap()]);
        // "甲 公司" folds to "甲公司": one organization of three sheets.
        let files = [
            file("甲公司", "张三", "0.9", Some(4)),
            file("甲 公司", "李四", "0.8", Some(3)),
            file("甲公司", "王五", "0.75", None),
            file("乙公司", "张三", "1", Some(5)),
        ];
        let results = compute(&catalog, &files);
        assert_eq!(results.orgs.len(), 2);
        let jia = &results.orgs[1];
        assert_eq!(
            (jia.name.as_str(), jia.files.clone()),
            ("甲公司", vec![0, 1, 2])
        );
        // S: 90, 80, 75 → 245 ÷ 3 = 81.666… → 81.67; spread 15.
        assert_eq!(jia.service.sheets, 3);
        assert_eq!(jia.service_score, Some(d("81.67")));
        assert_eq!(jia.service.total.spread, Some(d("15")));
        // 1 功能性 (17 points): 15.3, 13.6, 12.75 → 41.65 ÷ 3; spread 2.55.
        let functional = jia.service.sections[0];
        assert_eq!(functional.points, 17);
        assert_eq!(score::round_report(functional.mean.unwrap()), d("13.88"));
        assert_eq!(functional.spread, Some(d("2.55")));
        // M: 116, 87 → 101.5 → 四级; 81.67 ≥ 80 with 四级 → 三星级.
        assert_eq!(jia.maturity.sheets, 2);
        assert_eq!(jia.maturity_total, Some(d("101.50")));
        assert_eq!(jia.verdict.grade.as_deref(), Some("三星级"));
        // Every item has the same share: none is among the weakest.
        assert!(jia.service.weakest.is_empty());
        // Calibration: 张三 scored 90 − 81.67 = +8.33 on 甲 (乙 has one sheet: not compared).
        let zhang = results.raters.iter().find(|r| r.name == "张三").unwrap();
        assert_eq!((zhang.occasions, zhang.service.compared), (2, 1));
        assert!(zhang.service_flag());
        assert_eq!(results.sheets[3].unwrap().maturity, Some(d("145")));
    }
}
