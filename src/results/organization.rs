//! One organization under one scheme: its means over raters and the spread
//! between them, for every line of the scheme (item, characteristic, clause,
//! requirement group, the two totals), its weakest items and clauses, its service
//! score, maturity total, management level and grade.
//!
//! The two assessments have the same shape: service (附录1) scores items grouped
//! in characteristics, maturity (附录3) scores clauses grouped in requirement
//! groups. An [`Outline`] says how a scheme's lines group; an [`Assessment`]
//! holds an organization's figures for one of the two.

use rust_decimal::Decimal;

use super::SheetTotals;
use crate::grade::{self, Review, Verdict};
use crate::model::{Catalog, FileResult, Submission};
use crate::scheme::Scheme;
use crate::score;

/// This many items (and clauses) with the lowest share of their points are the weakest.
pub const WEAKEST: usize = 3;

/// A spread between raters of at least this share of the points (in percent) is wide.
pub const WIDE_SPREAD_PERCENT: u32 = 40;

/// One organization under one scheme: its figures and its grade.
#[derive(Debug, Clone)]
pub struct OrgResult {
    /// Index of the scheme in the run's [`Catalog`].
    pub scheme: usize,
    /// As spelled in its first accepted workbook in sorted path order.
    pub name: String,
    /// The first non-empty credit code (all non-empty codes agree, or the org was rejected).
    pub credit_code: String,
    /// Indices (into the run's files) of its accepted workbooks, in path order.
    pub files: Vec<usize>,
    /// Service (附录1): items by characteristic, the service score.
    pub service: Assessment,
    /// Maturity (附录3): clauses by requirement group, the maturity total.
    pub maturity: Assessment,
    /// Mean service score, rounded to 2 decimals.
    pub service_score: Option<Decimal>,
    /// Mean maturity total, rounded to 2 decimals.
    pub maturity_total: Option<Decimal>,
    /// Management level (index into the scheme's levels) of the rounded mean total.
    pub level: Option<usize>,
    /// The conformity review (符合性审查) over its maturity sheets, `None` without any.
    pub review: Option<Review>,
    pub verdict: Verdict,
    /// The earlier round's grade and the change, when one is compared (`--previous`).
    pub earlier: Option<super::earlier::Earlier>,
}

/// One line of the scheme for one organization (an item, a characteristic, a
/// clause, a group or a total): the mean over raters and the spread between them,
/// exact (unrounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// The points (or maximum) of the line.
    pub points: u32,
    /// Mean score over raters, `None` without sheets.
    pub mean: Option<Decimal>,
    /// Highest minus lowest rater, `None` without sheets.
    pub spread: Option<Decimal>,
}

impl Line {
    /// The line of `points` whose raters scored `values`.
    fn of(points: u32, values: impl Iterator<Item = Decimal> + Clone) -> Line {
        Line {
            points,
            mean: score::mean(values.clone()),
            spread: score::spread(values),
        }
    }

    /// Mean score ÷ points (for an item: the mean α).
    pub fn share(&self) -> Option<Decimal> {
        self.mean.map(|m| m / Decimal::from(self.points.max(1)))
    }

    /// Whether raters disagree by at least [`WIDE_SPREAD_PERCENT`] of the points.
    pub fn wide_spread(&self) -> bool {
        self.spread.is_some_and(|s| {
            s * Decimal::from(100) >= Decimal::from(WIDE_SPREAD_PERCENT * self.points)
        })
    }
}

/// How one assessment of a scheme is built: the points of each line (item or
/// clause, scheme order), the section (characteristic or group) each belongs to,
/// and the points of each section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub points: Vec<u32>,
    pub section_of: Vec<usize>,
    pub section_points: Vec<u32>,
}

impl Outline {
    /// Items in characteristics.
    pub fn service(scheme: &Scheme) -> Outline {
        Outline::new(
            scheme.characteristics.iter().map(|c| c.code.as_str()),
            scheme
                .items
                .iter()
                .map(|i| (i.characteristic.as_str(), i.points)),
        )
    }

    /// Clauses in requirement groups.
    pub fn maturity(scheme: &Scheme) -> Outline {
        Outline::new(
            scheme.groups.iter().map(|g| g.code.as_str()),
            scheme.clauses.iter().map(|c| (c.group.as_str(), c.max)),
        )
    }

    fn new<'a>(
        sections: impl Iterator<Item = &'a str>,
        lines: impl Iterator<Item = (&'a str, u32)>,
    ) -> Outline {
        let codes: Vec<&str> = sections.collect();
        let (section_of, points): (Vec<usize>, Vec<u32>) = lines
            .map(|(code, points)| {
                let section = codes.iter().position(|c| *c == code).expect(
                    "checked at load: every item (clause) names its characteristic (group)",
                );
                (section, points)
            })
            .unzip();
        let mut section_points = vec![0; codes.len()];
        for (s, p) in section_of.iter().zip(&points) {
            section_points[*s] += p;
        }
        Outline {
            points,
            section_of,
            section_points,
        }
    }

    /// The points of the whole assessment (100 for service; the maturity ceiling).
    pub fn total(&self) -> u32 {
        self.points.iter().sum()
    }
}

/// An organization's figures for one assessment (service or maturity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Valid sheets of this kind.
    pub sheets: usize,
    /// The total (service score S, maturity total M).
    pub total: Line,
    /// Per characteristic (group): each rater's sum of its lines, then mean and spread.
    pub sections: Vec<Line>,
    /// Per item (clause), in scheme order.
    pub lines: Vec<Line>,
    /// Indices of the weakest lines (see [`weakest`]).
    pub weakest: Vec<usize>,
}

impl Assessment {
    /// From each rater's scores per line (`scores[rater][line]`) and each rater's total.
    fn of(outline: &Outline, scores: &[Vec<Decimal>], totals: Vec<Decimal>) -> Assessment {
        let lines: Vec<Line> = outline
            .points
            .iter()
            .enumerate()
            .map(|(k, points)| Line::of(*points, scores.iter().map(|s| s[k])))
            .collect();
        let sums: Vec<Vec<Decimal>> = scores
            .iter()
            .map(|s| {
                let mut sums = vec![Decimal::ZERO; outline.section_points.len()];
                for (k, score) in s.iter().enumerate() {
                    sums[outline.section_of[k]] += *score;
                }
                sums
            })
            .collect();
        let sections = outline
            .section_points
            .iter()
            .enumerate()
            .map(|(c, points)| Line::of(*points, sums.iter().map(|s| s[c])))
            .collect();
        Assessment {
            sheets: scores.len(),
            total: Line::of(outline.total(), totals.into_iter()),
            sections,
            weakest: weakest(&lines),
            lines,
        }
    }
}

/// The [`WEAKEST`] lines with the lowest share of their points, ties broken by order.
/// Lines at the highest share are never weak: when all are equal, none is marked.
pub fn weakest(lines: &[Line]) -> Vec<usize> {
    let shares: Vec<(Decimal, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.share().map(|s| (s, i)))
        .collect();
    let Some(top) = shares.iter().map(|(s, _)| *s).max() else {
        return Vec::new();
    };
    let mut low: Vec<(Decimal, usize)> = shares.into_iter().filter(|(s, _)| *s < top).collect();
    low.sort();
    let mut weak: Vec<usize> = low.into_iter().take(WEAKEST).map(|(_, i)| i).collect();
    weak.sort_unstable();
    weak
}

/// The results of the organization whose accepted files are `idx` (path order).
/// `outlines[s]` are scheme `s`'s (service, maturity) outlines; `sheets[i]` file `i`'s totals.
pub(super) fn assess(
    catalog: &Catalog,
    outlines: &[(Outline, Outline)],
    files: &[FileResult],
    sheets: &[Option<SheetTotals>],
    idx: Vec<usize>,
) -> OrgResult {
    let subs: Vec<&Submission> = idx
        .iter()
        .filter_map(|&i| files[i].submission.as_ref())
        .collect();
    let first = subs[0];
    let scheme = &catalog.schemes[first.scheme];
    let (service_outline, maturity_outline) = &outlines[first.scheme];

    // Per rater: the score of each item and of each clause.
    let item_scores: Vec<Vec<Decimal>> = subs
        .iter()
        .filter_map(|s| s.alphas.as_ref())
        .map(|a| {
            scheme
                .items
                .iter()
                .zip(a)
                .map(|(item, alpha)| score::item_score(item.points, *alpha))
                .collect()
        })
        .collect();
    let clause_scores: Vec<Vec<Decimal>> = subs
        .iter()
        .filter_map(|s| s.levels.as_ref())
        .map(|l| {
            scheme
                .clauses
                .iter()
                .zip(l)
                .map(|(clause, level)| score::clause_score(clause.max, *level))
                .collect()
        })
        .collect();
    let totals = idx.iter().filter_map(|&i| sheets[i]);
    let service = Assessment::of(
        service_outline,
        &item_scores,
        totals.clone().filter_map(|t| t.service).collect(),
    );
    let maturity = Assessment::of(
        maturity_outline,
        &clause_scores,
        totals.filter_map(|t| t.maturity).collect(),
    );

    // Rounded once, here; the level and the grade follow the rounded figures.
    let service_score = service.total.mean.map(score::round_report);
    let maturity_total = maturity.total.mean.map(score::round_report);
    let level = maturity_total.and_then(|t| scheme.level_index(t));
    let review = Review::of(
        subs.iter()
            .filter_map(|s| Some((s.header.rater.as_str(), s.conformity?))),
    );
    OrgResult {
        scheme: first.scheme,
        name: first.header.organization.clone(),
        credit_code: subs
            .iter()
            .map(|s| s.header.credit_code.clone())
            .find(|c| !c.is_empty())
            .unwrap_or_default(),
        files: idx,
        verdict: grade::grade(scheme, service_score, level, review.as_ref()),
        review,
        service,
        maturity,
        service_score,
        maturity_total,
        level,
        earlier: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::load_scheme;

    fn line(points: u32, mean: i64) -> Line {
        Line {
            points,
            mean: Some(Decimal::from(mean)),
            spread: Some(Decimal::ZERO),
        }
    }

    #[test]
    fn the_weakest_are_the_lowest_shares_never_the_top_one() {
        let lines = [line(5, 4), line(7, 3), line(5, 5), line(5, 2), line(10, 9)];
        // Shares 0.8, 0.43, 1, 0.4, 0.9: the three lowest, in line order.
        assert_eq!(weakest(&lines), [0, 1, 3]);
        assert!(weakest(&[line(5, 5), line(10, 10)]).is_empty());
        assert!(weakest(&[]).is_empty());
    }

    #[test]
    fn a_spread_of_40_percent_of_the_points_is_wide() {
        let spread = |points, s: &str| Line {
            points,
            mean: None,
            spread: Some(s.parse().unwrap()),
        };
        assert!(spread(5, "2").wide_spread());
        assert!(!spread(5, "1.99").wide_spread());
        assert!(spread(10, "4").wide_spread());
    }

    #[test]
    fn outlines_sum_the_points_of_their_sections() {
        let s = load_scheme("complaint").unwrap();
        let service = Outline::service(&s);
        assert_eq!(service.total(), 100);
        assert_eq!(service.section_points[0], 17, "1 功能性: 5 + 7 + 5");
        let maturity = Outline::maturity(&s);
        assert_eq!(maturity.total(), s.maturity_ceiling());
        assert_eq!(maturity.section_points[0], 20, "1 组织所处环境: 4 × 5");
    }
}
