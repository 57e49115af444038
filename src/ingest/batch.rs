//! Looking at the batch as a whole, on one thread, after every file is read: a
//! workbook that another one repeats (the same rater for the same organization on
//! the same date) or contradicts (another credit code for the same organization)
//! is rejected, with a finding naming the others. The same rater assessing the
//! same organization on another date is another occasion (5.1.2: the mean "每人
//! 或每次"): both count, each with a warning naming the other. What the remaining workbooks add up to is
//! worked out afterwards, by [`crate::results`].

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::ident::fold_name;
use crate::model::{FileResult, Problem};

/// Rejects duplicate submissions, warns of repeat occasions, then rejects the
/// workbooks of an organization whose credit codes differ. `files` must be in
/// sorted path order.
pub fn reject_conflicts(files: &mut [FileResult]) {
    // Each accepted file's scheme, organization and rater, names folded once (in parallel).
    let keys: Vec<Option<Key>> = files
        .par_iter()
        .map(|f| {
            f.submission.as_ref().map(|s| Key {
                scheme: s.scheme,
                organization: fold_name(&s.header.organization),
                rater: fold_name(&s.header.rater),
                date: s.header.date.clone(),
            })
        })
        .collect();
    reject_duplicates(files, &keys);
    warn_repeat_occasions(files, &keys);
    reject_conflicting_codes(files, &keys);
}

/// Who a file is from: its scheme, and its organization and rater as folded names.
struct Key {
    scheme: usize,
    organization: String,
    rater: String,
    /// As read (normalized to YYYY-MM-DD where it is a date).
    date: String,
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
    let mut by_key: HashMap<(usize, &str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(k) = key {
            by_key
                .entry((
                    k.scheme,
                    k.organization.as_str(),
                    k.rater.as_str(),
                    k.date.as_str(),
                ))
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
                date: header.date,
                others,
            });
        }
    }
}

/// The same rater for the same organization on other dates (the duplicates of one
/// date are rejected by then): each still-accepted workbook gets a warning naming
/// the others, with their dates.
fn warn_repeat_occasions(files: &mut [FileResult], keys: &[Option<Key>]) {
    let mut by_rater: BTreeMap<(usize, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let (Some(k), Some(_)) = (key, &files[i].submission) {
            by_rater
                .entry((k.scheme, k.organization.as_str(), k.rater.as_str()))
                .or_default()
                .push(i);
        }
    }
    for group in by_rater.into_values().filter(|g| g.len() > 1) {
        let occasions: Vec<(String, String)> = group
            .iter()
            .map(|&i| {
                let date = &files[i].submission.as_ref().expect("accepted").header.date;
                (files[i].name.clone(), date.clone())
            })
            .collect();
        for &i in &group {
            let header = &files[i].submission.as_ref().expect("accepted").header;
            let problem = Problem::RepeatOccasion {
                organization: header.organization.clone(),
                rater: header.rater.clone(),
                others: occasions
                    .iter()
                    .filter(|(name, _)| *name != files[i].name)
                    .cloned()
                    .collect(),
            };
            files[i].warn(problem);
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
