//! The texts of a certification decision: the grade cell and its note (说明).

use super::t;
use crate::grade::Verdict;
use crate::scheme::Scheme;

/// How a decision reads in one language.
pub trait GradeTexts {
    /// The grade shown when service or maturity sheets are missing (资料不全).
    fn incomplete(&self) -> &'static str;
    /// The short note (说明) naming what held the grade down.
    fn grade_note(&self, scheme: &Scheme, verdict: &Verdict) -> String;
}

/// The grade cell: the scheme's label, or 资料不全.
pub fn grade_text(verdict: &Verdict) -> String {
    verdict
        .grade
        .clone()
        .unwrap_or_else(|| t().incomplete().to_string())
}

/// The label of management level `i` of the scheme.
pub(super) fn level(scheme: &Scheme, i: usize) -> &str {
    scheme.levels.get(i).map_or("", |l| l.label.as_str())
}
