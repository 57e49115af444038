//! The texts of `certsheet template --roster`: each roster problem, where it is,
//! and the run's last line.

use std::path::Path;

use super::t;
use crate::model::Severity;
use crate::template::roster::RosterProblem;

/// How roster problems and the template run read in one language.
pub trait RosterTexts {
    /// The message of a problem, without its place.
    fn roster_problem(&self, problem: &RosterProblem) -> String;
    /// Where a problem is: `第 3 行`, `第 3、9 行`.
    fn roster_lines(&self, lines: &[usize]) -> String;
    /// The last line when the roster has errors: nothing written.
    fn roster_rejected(&self, errors: usize) -> String;
    /// The last line of a run: workbooks written, existing ones kept, the folder.
    fn roster_summary(&self, written: usize, kept: usize, folder: &Path) -> String;
    /// `template` given neither `--scheme` nor `--roster`.
    fn template_needs_scheme(&self) -> &'static str;
}

/// One line of the report, as ingest prints a finding:
/// `名单.csv: 第 5 行: 错误: “评价人”为空`.
pub fn roster_finding(roster: &str, problem: &RosterProblem) -> String {
    let severity = t().severity(if problem.is_error() {
        Severity::Error
    } else {
        Severity::Warning
    });
    let message = t().roster_problem(problem);
    match problem.lines().as_slice() {
        [] => format!("{roster}: {severity}: {message}"),
        lines => format!(
            "{roster}: {}: {severity}: {message}",
            t().roster_lines(lines)
        ),
    }
}
