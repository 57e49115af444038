//! The texts of findings: each problem, its kind, its severity and the hint.

use std::fmt;

use super::t;
use crate::cell::Hint;
use crate::model::{Finding, Kind, Problem, Severity};

/// How findings read in one language.
pub trait FindingTexts: super::DamageTexts {
    /// The message of a problem (quoted values already cut to length).
    fn problem(&self, problem: &Problem) -> String;
    /// The likely cause of a refused value, appended to its message (empty for none).
    /// `points` is the item's points (for α), unused for levels.
    fn hint(&self, hint: &Hint, points: u32) -> String;
    /// The name of a kind of problem, for counts per kind.
    fn kind(&self, kind: Kind) -> &'static str;
    fn severity(&self, severity: Severity) -> &'static str;
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t().problem(&self.shortened()))
    }
}

impl fmt::Display for Finding {
    /// `file: 附录1!E7: 错误: message`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = t().severity(self.severity);
        let location = self.location();
        if location.is_empty() {
            write!(f, "{}: {severity}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {location}: {severity}: {}", self.file, self.problem)
        }
    }
}
