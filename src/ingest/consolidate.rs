//! Looking at the batch as a whole, on one thread, after every file is read:
//! duplicate submissions, conflicting credit codes, then the results of each
//! organization (means over raters, level, grade).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::ident::fold_name;
use crate::model::{Catalog, FileResult, Problem, Status};
use crate::score::{self, Verdict};

/// One organization under one scheme: its means over raters and its grade.
#[derive(Debug, Clone)]
pub struct OrgResult {
    pub scheme: usize,
    /// As spelled in its first accepted workbook in sorted path order.
    pub name: String,
    /// The first non-empty credit code (all non-empty codes agree, or the org was rejected).
    pub credit_code: String,
    /// Indices (into the run's files) of its accepted workbooks, in path order.
    pub files: Vec<usize>,
    pub service_count: usize,
    pub maturity_count: usize,
    /// Mean service score, rounded to 2 decimals.
    pub service_score: Option<Decimal>,
    /// Mean maturity total, rounded to 2 decimals.
    pub maturity_total: Option<Decimal>,
    /// Management level (index into the scheme's levels) of the rounded mean total.
    pub level: Option<usize>,
    pub verdict: Verdict,
    /// Per item: (mean item score, spread max − min) over service sheets, unrounded.
    pub items: Vec<(Decimal, Decimal)>,
    /// Per clause: (mean clause score, spread) over maturity sheets, unrounded.
    pub clauses: Vec<(Decimal, Decimal)>,
}

/// A rater's own totals for one accepted workbook (exact, unrounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetTotals {
    pub service: Option<Decimal>,
    pub maturity: Option<Decimal>,
}

/// Totals of an accepted workbook.
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

/// Rejects duplicates and conflicting credit codes, then computes each organization's results.
/// `files` must be in sorted path order; results are sorted by scheme id, then name.
pub fn consolidate(catalog: &Catalog, files: &mut [FileResult]) -> Vec<OrgResult> {
    // Each accepted file's scheme, organization and rater, names folded once (in parallel).
    let keys: Vec<Option<Key>> = files
        .par_iter()
        .map(|f| {
            f.submission.as_ref().map(|s| Key {
                scheme: s.scheme,
                organization: fold_name(&s.header.organization),
                rater: fold_name(&s.header.rater),
            })
        })
        .collect();
    reject_duplicates(files, &keys);
    reject_conflicting_codes(files, &keys);

    // Each organization's means are independent of the others': worked out in
    // parallel (collect keeps the order, so the result does not depend on threads).
    let files: &[FileResult] = files;
    let mut orgs: Vec<OrgResult> = by_organization(files, &keys)
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|idx| org_result(catalog, files, idx))
        .collect();
    orgs.sort_by(|a, b| {
        (&catalog.schemes[a.scheme].id, &a.name).cmp(&(&catalog.schemes[b.scheme].id, &b.name))
    });
    orgs
}

/// Who a file is from: its scheme, and its organization and rater as folded names.
struct Key {
    scheme: usize,
    organization: String,
    rater: String,
}

/// The files still accepted, by scheme and organization, in path order within each.
fn by_organization<'k>(
    files: &[FileResult],
    keys: &'k [Option<Key>],
) -> BTreeMap<(usize, &'k str), Vec<usize>> {
    let mut groups: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let (Some(k), Some(_)) = (key, &files[i].submission) {
            groups
                .entry((k.scheme, k.organization.as_str()))
                .or_default()
                .push(i);
        }
    }
    groups
}

fn reject_duplicates(files: &mut [FileResult], keys: &[Option<Key>]) {
    let mut by_key: HashMap<(usize, &str, &str), Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(k) = key {
            by_key
                .entry((k.scheme, k.organization.as_str(), k.rater.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut dups: Vec<Vec<usize>> = by_key.into_values().filter(|v| v.len() > 1).collect();
    dups.sort();
    for group in dups {
        let names: Vec<String> = group.iter().map(|&i| files[i].name.clone()).collect();
        for &i in &group {
            let header = files[i]
                .submission
                .as_ref()
                .expect("accepted")
                .header
                .clone();
            let others = names
                .iter()
                .filter(|n| **n != files[i].name)
                .cloned()
                .collect();
            files[i].reject(Problem::DuplicateSubmission {
                organization: header.organization,
                rater: header.rater,
                others,
            });
        }
    }
}

fn reject_conflicting_codes(files: &mut [FileResult], keys: &[Option<Key>]) {
    for group in by_organization(files, keys).into_values() {
        let codes: Vec<(String, String)> = group
            .iter()
            .filter_map(|&i| {
                let h = &files[i].submission.as_ref()?.header;
                (!h.credit_code.is_empty()).then(|| (h.credit_code.clone(), files[i].name.clone()))
            })
            .collect();
        if codes.iter().all(|(c, _)| *c == codes[0].0) {
            continue;
        }
        // Which code is right cannot be told: the whole organization waits for the clerk.
        let organization = files[group[0]]
            .submission
            .as_ref()
            .expect("accepted")
            .header
            .organization
            .clone();
        for &i in &group {
            files[i].reject(Problem::ConflictingCreditCodes {
                organization: organization.clone(),
                codes: codes.clone(),
            });
        }
    }
}

fn org_result(catalog: &Catalog, files: &[FileResult], idx: Vec<usize>) -> OrgResult {
    let subs: Vec<_> = idx
        .iter()
        .filter_map(|&i| files[i].submission.as_ref())
        .collect();
    let first = subs[0];
    let scheme = &catalog.schemes[first.scheme];
    let alphas: Vec<&Vec<Decimal>> = subs.iter().filter_map(|s| s.alphas.as_ref()).collect();
    let levels: Vec<&Vec<u8>> = subs.iter().filter_map(|s| s.levels.as_ref()).collect();

    let service_score = score::mean(alphas.iter().map(|a| score::service_score(scheme, a)))
        .map(score::round_report);
    let maturity_total = score::mean(levels.iter().map(|l| score::maturity_total(scheme, l)))
        .map(score::round_report);
    let level = maturity_total.and_then(|t| scheme.level_index(t));
    let verdict = score::grade(scheme, service_score, level);

    let items = scheme
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let scores: Vec<Decimal> = alphas
                .iter()
                .map(|a| score::item_score(item.points, a[i]))
                .collect();
            (
                score::mean(scores.iter().copied()).unwrap_or_default(),
                score::spread(scores).unwrap_or_default(),
            )
        })
        .collect();
    let clauses = scheme
        .clauses
        .iter()
        .enumerate()
        .map(|(i, clause)| {
            let scores: Vec<Decimal> = levels
                .iter()
                .map(|l| score::clause_score(clause.max, l[i]))
                .collect();
            (
                score::mean(scores.iter().copied()).unwrap_or_default(),
                score::spread(scores).unwrap_or_default(),
            )
        })
        .collect();

    OrgResult {
        scheme: first.scheme,
        name: first.header.organization.clone(),
        credit_code: subs
            .iter()
            .map(|s| s.header.credit_code.clone())
            .find(|c| !c.is_empty())
            .unwrap_or_default(),
        service_count: alphas.len(),
        maturity_count: levels.len(),
        files: idx
            .into_iter()
            .filter(|&i| files[i].status() == Status::Accepted)
            .collect(),
        service_score,
        maturity_total,
        level,
        verdict,
        items,
        clauses,
    }
}
