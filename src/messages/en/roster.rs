//! Roster problems and the template run in English.

use std::path::Path;

use super::En;
use crate::ident::shown_path;
use crate::messages::{FindingTexts, RosterTexts};
use crate::template::roster::RosterProblem;

/// What a roster may hold, said after a missing column.
const COLUMNS: &str =
    "required columns: 机构名称, 评价人; optional: 统一社会信用代码, 评价日期, 认证方案";

impl RosterTexts for En {
    #[rustfmt::skip]
    fn roster_problem(&self, problem: &RosterProblem) -> String {
        match problem {
            RosterProblem::Unreadable(p) => format!("the roster cannot be read: {}", self.problem(p)),
            RosterProblem::Empty => "the roster is empty".into(),
            RosterProblem::MissingColumn { column, known_any: true, .. } => format!("no column '{column}' ({COLUMNS})"),
            RosterProblem::MissingColumn { column, known_any: false, .. } => format!("no column '{column}': this line should hold the column names ({COLUMNS}). If the roster was edited in Excel, save it as \"CSV UTF-8 (Comma delimited)\" or as an Excel workbook (.xlsx)"),
            RosterProblem::DuplicateColumn { column, .. } => format!("column '{column}' appears twice; delete one"),
            RosterProblem::NoRows => "the roster has column names but no rows".into(),
            RosterProblem::NoScheme => "the roster has no column '认证方案': name the scheme with --scheme (see certsheet schemes), or add a column '认证方案'".into(),
            RosterProblem::MissingValue { column, .. } if *column == "认证方案" => "'认证方案' is empty (each row needs one when --scheme is not given)".into(),
            RosterProblem::MissingValue { column, .. } => format!("'{column}' is empty"),
            RosterProblem::UnknownScheme { found, .. } => format!("no scheme '{found}' (give a scheme id or title, see certsheet schemes)"),
            RosterProblem::OtherScheme { found, expected, .. } => format!("scheme {found} differs from --scheme {expected} (without --scheme, each row's scheme is used)"),
            RosterProblem::NumericCreditCode { found, .. } => format!("unified social credit code '{found}' was turned into a number by Excel and its last digits are lost: format the column as text, type the code again and save"),
            RosterProblem::Duplicate { lines, organization, rater, date } => format!(
                "the same organization, rater and date {} times ({organization}, {rater}, {}): ingest would reject all these workbooks as duplicates; delete the extra lines or correct the date",
                lines.len(),
                if date.is_empty() { "no date" } else { date },
            ),
            RosterProblem::CreditCodeChecksum { code, .. } => format!("unified social credit code '{code}' fails the GB 32100 check digit (please verify; a few real codes do)"),
        }
    }

    fn roster_lines(&self, lines: &[usize]) -> String {
        let list: Vec<String> = lines.iter().map(usize::to_string).collect();
        match lines {
            [_] => format!("line {}", list[0]),
            _ => format!("lines {}", list.join(", ")),
        }
    }

    fn roster_rejected(&self, errors: usize) -> String {
        let s = if errors == 1 { "" } else { "s" };
        format!("the roster has {errors} error{s}: no workbook written")
    }

    fn roster_summary(&self, written: usize, kept: usize, folder: &Path) -> String {
        format!(
            "{written} workbook{} written, {kept} existing kept; folder: {}",
            if written == 1 { "" } else { "s" },
            shown_path(folder)
        )
    }

    fn template_needs_scheme(&self) -> &'static str {
        "name the scheme with --scheme (see certsheet schemes), or give a --roster with a column '认证方案'"
    }
}
