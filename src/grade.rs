//! The certification decision of section 5.3, taken on the rounded figures: pure,
//! no I/O.
//!
//! The rules are data (the scheme's `[[grade_rules]]`, first that holds wins);
//! the default schemes read 5.3 by rank: the table's rows are the grades from the
//! lowest, each keeping its management requirement, with the score bands the text
//! sets for the grades. No grade is given without a passed conformity review
//! (符合性审查) when the scheme requires one, and none below the base grade.

use rust_decimal::Decimal;

use crate::scheme::Scheme;

/// A rater's conclusion of the management-requirements conformity review, as
/// entered on the maturity sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformity {
    /// 通过 (also typed 符合).
    Passed,
    /// 不通过 (also typed 不符合).
    Failed,
}

/// The conformity review of an organization: passed when every accepted
/// maturity sheet says so, failed when any says not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    Passed,
    /// With the raters who found it not passed, in path order.
    Failed {
        raters: Vec<String>,
    },
}

impl Review {
    /// The organization's review from its sheets' conclusions (rater, conclusion);
    /// `None` when there is no maturity sheet.
    pub fn of<'a>(conclusions: impl IntoIterator<Item = (&'a str, Conformity)>) -> Option<Review> {
        let mut any = false;
        let mut raters: Vec<String> = Vec::new();
        for (rater, conclusion) in conclusions {
            any = true;
            if conclusion == Conformity::Failed && !raters.iter().any(|r| r == rater) {
                raters.push(rater.to_string());
            }
        }
        match (any, raters.is_empty()) {
            (false, _) => None,
            (true, true) => Some(Review::Passed),
            (true, false) => Some(Review::Failed { raters }),
        }
    }

    pub fn conformity(&self) -> Conformity {
        match self {
            Review::Passed => Conformity::Passed,
            Review::Failed { .. } => Conformity::Failed,
        }
    }
}

/// What held the grade down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldBy {
    /// The top grade was reached: nothing held it down.
    Nothing,
    /// The conformity review was not passed (by these raters): no grade.
    Conformity { raters: Vec<String> },
    /// The score reaches `reached` but the management level (an index into the
    /// scheme's levels) is below what that grade needs.
    Management {
        reached: String,
        level: usize,
        needs: usize,
    },
    /// The score is below what the next grade up (`next`) needs; when no grade
    /// was given, `next` is the base grade.
    Score { next: String, needs: Decimal },
    /// Service or maturity sheets are missing: no decision (资料不全).
    Missing { service: bool, maturity: bool },
}

/// The outcome for one organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The grade label from the scheme (or its `otherwise`, 不予认证), `None`
    /// when data are missing (资料不全).
    pub grade: Option<String>,
    /// What held the grade down.
    pub held_by: HeldBy,
}

/// Grades an organization from its rounded service score, its management level
/// (index into `scheme.levels`) and its conformity review, applying the scheme's
/// rules in order.
pub fn grade(
    scheme: &Scheme,
    score: Option<Decimal>,
    level: Option<usize>,
    review: Option<&Review>,
) -> Verdict {
    let (score, level) = match (score, level) {
        (Some(s), Some(l)) => (s, l),
        (score, level) => {
            return Verdict {
                grade: None,
                held_by: HeldBy::Missing {
                    service: score.is_none(),
                    maturity: level.is_none(),
                },
            }
        }
    };
    let refused = || Some(scheme.grades.otherwise.clone());
    if scheme.grades.conformity_required {
        if let Some(Review::Failed { raters }) = review {
            return Verdict {
                grade: refused(),
                held_by: HeldBy::Conformity {
                    raters: raters.clone(),
                },
            };
        }
    }
    let rules = &scheme.grade_rules;
    let min_level = |i: usize| scheme.level_by_label(&rules[i].min_level).unwrap_or(0);
    let granted = rules
        .iter()
        .enumerate()
        .position(|(i, r)| score >= r.min_score && level >= min_level(i));
    let grade = granted.map_or_else(refused, |i| Some(rules[i].grade.clone()));
    if granted == Some(0) {
        return Verdict {
            grade,
            held_by: HeldBy::Nothing,
        };
    }
    let stop = granted.unwrap_or(rules.len());
    // The best rule the score alone would reach, if better than the one granted.
    let by_score = rules[..stop].iter().position(|r| score >= r.min_score);
    let held_by = match by_score {
        Some(j) => HeldBy::Management {
            reached: rules[j].grade.clone(),
            level,
            needs: min_level(j),
        },
        None => {
            let next = &rules[stop - 1];
            HeldBy::Score {
                next: next.grade.clone(),
                needs: next.min_score,
            }
        }
    };
    Verdict { grade, held_by }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::load_scheme;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn g(scheme: &Scheme, score: &str, level: &str) -> Verdict {
        grade(
            scheme,
            Some(d(score)),
            scheme.level_by_label(level),
            Some(&Review::Passed),
        )
    }

    /// The boundaries of the issue, worked out by hand from the rank reading:
    /// top ≥ 95 & ≥ 四级, middle ≥ 90 & ≥ 三级, base ≥ 80 & ≥ 二级.
    #[test]
    fn every_grade_boundary_by_rank() {
        let s = load_scheme("complaint").unwrap();
        let grade_of = |score: &str, level: &str| g(&s, score, level).grade.unwrap();
        assert_eq!(grade_of("95.00", "四级"), "五星级");
        assert_eq!(grade_of("95.00", "三级"), "四星级");
        assert_eq!(grade_of("90.00", "三级"), "四星级");
        assert_eq!(grade_of("94.99", "五级"), "四星级");
        assert_eq!(grade_of("89.99", "四级"), "三星级");
        assert_eq!(grade_of("80.00", "二级"), "三星级");
        assert_eq!(grade_of("80.00", "一级"), "不予认证");
        assert_eq!(grade_of("79.99", "五级"), "不予认证");
        assert_eq!(grade_of("0.00", "一级"), "不予认证");
        let q = load_scheme("quality-credit").unwrap();
        assert_eq!(g(&q, "95.00", "四级").grade.unwrap(), "AAAAA级");
        assert_eq!(g(&q, "90.00", "三级").grade.unwrap(), "AAAA级");
        assert_eq!(g(&q, "80.00", "二级").grade.unwrap(), "AAA级");
        assert_eq!(g(&q, "79.99", "五级").grade.unwrap(), "不予认证");
    }

    #[test]
    fn a_failed_conformity_review_refuses_whatever_the_scores() {
        let s = load_scheme("complaint").unwrap();
        let failed = Review::Failed {
            raters: vec!["张三".into()],
        };
        let v = grade(&s, Some(d("99")), Some(4), Some(&failed));
        assert_eq!(v.grade.as_deref(), Some("不予认证"));
        assert_eq!(
            v.held_by,
            HeldBy::Conformity {
                raters: vec!["张三".into()]
            }
        );
        // Missing sheets come first: no decision at all.
        assert_eq!(grade(&s, None, Some(4), Some(&failed)).grade, None);
    }

    #[test]
    fn the_review_fails_when_any_sheet_says_so() {
        use Conformity::*;
        assert_eq!(Review::of([]), None);
        assert_eq!(
            Review::of([("甲", Passed), ("乙", Passed)]),
            Some(Review::Passed)
        );
        assert_eq!(
            Review::of([
                ("甲", Passed),
                ("乙", Failed),
                ("丙", Failed),
                ("乙", Failed)
            ]),
            Some(Review::Failed {
                raters: vec!["乙".into(), "丙".into()]
            })
        );
    }

    #[test]
    fn what_held_the_grade_down() {
        let s = load_scheme("complaint").unwrap();
        assert_eq!(g(&s, "96", "五级").held_by, HeldBy::Nothing);
        assert_eq!(
            g(&s, "95", "三级").held_by,
            HeldBy::Management {
                reached: "五星级".into(),
                level: 2,
                needs: 3
            }
        );
        assert_eq!(
            g(&s, "89.99", "四级").held_by,
            HeldBy::Score {
                next: "四星级".into(),
                needs: d("90")
            }
        );
        assert_eq!(
            g(&s, "80", "一级").held_by,
            HeldBy::Management {
                reached: "三星级".into(),
                level: 0,
                needs: 1
            }
        );
        assert_eq!(
            g(&s, "79.99", "五级").held_by,
            HeldBy::Score {
                next: "三星级".into(),
                needs: d("80")
            }
        );
        assert_eq!(
            grade(&s, None, Some(3), None),
            Verdict {
                grade: None,
                held_by: HeldBy::Missing {
                    service: true,
                    maturity: false
                }
            }
        );
    }

    proptest! {
        #[test]
        fn a_higher_score_never_gives_a_lower_grade(a in 0u32..=10_000, b in 0u32..=10_000, level in 0usize..5) {
            let s = load_scheme("complaint").unwrap();
            let (lo, hi) = (a.min(b), a.max(b));
            let rank = |x: u32| {
                let v = grade(&s, Some(Decimal::new(x.into(), 2)), Some(level), Some(&Review::Passed));
                s.grade_rules.iter().position(|r| Some(&r.grade) == v.grade.as_ref()).unwrap_or(usize::MAX)
            };
            prop_assert!(rank(hi) <= rank(lo));
        }
    }
}
