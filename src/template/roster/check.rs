//! From a roster's rows to the workbooks to write: columns found by heading,
//! every row checked, and every problem kept (one run shows them all).
//!
//! Names and dates are compared as ingest compares them (`ident::fold_name`,
//! `ident::normalize_date`, per scheme): two lines that ingest would take for one
//! assessment are a duplicate here, before any workbook exists.

use std::collections::HashMap;

use super::csv::HEADING_SEARCH;
use super::{Line, RosterProblem, RosterRow, SchemeChoice};
use crate::cell::{number_text, Raw};
use crate::ident::{credit_code_is_valid, fold_name, normalize_credit_code, normalize_date};
use crate::model::Header;

pub(super) const ORGANIZATION: &str = "机构名称";
pub(super) const RATER: &str = "评价人";
pub(super) const CREDIT_CODE: &str = "统一社会信用代码";
pub(super) const DATE: &str = "评价日期";
pub(super) const SCHEME: &str = "认证方案";

/// The columns a roster may have, in the order of [`Columns`].
const HEADINGS: [&str; 5] = [ORGANIZATION, RATER, CREDIT_CODE, DATE, SCHEME];

/// Which heading a cell is, if any (spaces, width and invisible characters aside).
fn heading(cell: &Raw) -> Option<usize> {
    let Raw::Text(text) = cell else { return None };
    let folded = fold_name(text);
    HEADINGS.iter().position(|h| *h == folded)
}

/// Whether a cell is the 机构名称 heading (how the heading row is recognized).
pub(super) fn heading_is_organization(cell: &Raw) -> bool {
    heading(cell) == Some(0)
}

/// The position of each column in a row, by [`HEADINGS`] order.
type Columns = [Option<usize>; 5];

/// A cell as text: numbers without a trailing `.0`, dates as YYYY-MM-DD.
fn text(cell: Option<&Raw>) -> String {
    cell.map(Raw::text).unwrap_or_default()
}

/// Checks a roster's rows. Returns the rows to write (one per data line that
/// names an organization, a rater and a scheme) and every problem.
pub(super) fn check(lines: &[Line], choice: &SchemeChoice) -> (Vec<RosterRow>, Vec<RosterProblem>) {
    let mut problems = Vec::new();
    if lines.is_empty() {
        return (Vec::new(), vec![RosterProblem::Empty]);
    }
    // The heading row: the first with 机构名称 among the first rows (a title may
    // stand above it), else the first row.
    let at = lines
        .iter()
        .take(HEADING_SEARCH)
        .position(|l| l.cells.iter().any(heading_is_organization))
        .unwrap_or(0);
    let head = &lines[at];
    let mut columns: Columns = [None; 5];
    for (i, cell) in head.cells.iter().enumerate() {
        if let Some(h) = heading(cell) {
            if columns[h].is_some() {
                problems.push(RosterProblem::DuplicateColumn {
                    line: head.line,
                    column: HEADINGS[h],
                });
            } else {
                columns[h] = Some(i);
            }
        }
    }
    let known_any = columns.iter().any(Option::is_some);
    for (h, column) in [ORGANIZATION, RATER].into_iter().enumerate() {
        if columns[h].is_none() {
            problems.push(RosterProblem::MissingColumn {
                line: head.line,
                column,
                known_any,
            });
        }
    }
    if !problems.is_empty() {
        return (Vec::new(), problems);
    }
    if columns[4].is_none() && choice.chosen.is_none() {
        problems.push(RosterProblem::NoScheme);
    }
    let body = &lines[at + 1..];
    if body.is_empty() {
        problems.push(RosterProblem::NoRows);
    }
    let mut rows = Vec::new();
    for line in body {
        if let Some(row) = check_row(line, &columns, choice, &mut problems) {
            rows.push(row);
        }
    }
    find_duplicates(&rows, &mut problems);
    (rows, problems)
}

/// One data line: its header and scheme when it has them; its problems added.
fn check_row(
    line: &Line,
    columns: &Columns,
    choice: &SchemeChoice,
    problems: &mut Vec<RosterProblem>,
) -> Option<RosterRow> {
    let cell = |h: usize| columns[h].and_then(|c| line.cells.get(c));
    let n = line.line;
    let organization = text(cell(0));
    let rater = text(cell(1));
    for (value, column) in [(&organization, ORGANIZATION), (&rater, RATER)] {
        if value.is_empty() {
            problems.push(RosterProblem::MissingValue { line: n, column });
        }
    }
    let credit_code = match cell(2) {
        Some(Raw::Number(x)) => {
            problems.push(RosterProblem::NumericCreditCode {
                line: n,
                found: number_text(*x),
            });
            String::new()
        }
        Some(Raw::Text(t)) if is_scientific(t) => {
            problems.push(RosterProblem::NumericCreditCode {
                line: n,
                found: t.clone(),
            });
            String::new()
        }
        other => {
            let code = normalize_credit_code(&text(other));
            if !code.is_empty() && !credit_code_is_valid(&code) {
                problems.push(RosterProblem::CreditCodeChecksum {
                    line: n,
                    code: code.clone(),
                });
            }
            code
        }
    };
    let scheme = row_scheme(n, &text(cell(4)), columns[4].is_some(), choice, problems);
    if organization.is_empty() || rater.is_empty() {
        return None;
    }
    Some(RosterRow {
        line: n,
        header: Header {
            organization,
            credit_code,
            rater,
            date: normalize_date(&text(cell(3))),
        },
        scheme: scheme?,
    })
}

/// The scheme of a row: its 认证方案 (an id or a title) or `--scheme`.
fn row_scheme(
    line: usize,
    named: &str,
    has_column: bool,
    choice: &SchemeChoice,
    problems: &mut Vec<RosterProblem>,
) -> Option<usize> {
    if named.is_empty() {
        if choice.chosen.is_none() && has_column {
            problems.push(RosterProblem::MissingValue {
                line,
                column: SCHEME,
            });
        }
        return choice.chosen;
    }
    let folded = fold_name(named);
    let found = choice
        .schemes
        .iter()
        .position(|s| fold_name(&s.id) == folded || fold_name(&s.title) == folded);
    match (found, choice.chosen) {
        (None, _) => {
            problems.push(RosterProblem::UnknownScheme {
                line,
                found: named.to_string(),
            });
            None
        }
        (Some(i), Some(c)) if i != c => {
            problems.push(RosterProblem::OtherScheme {
                line,
                found: choice.schemes[i].id.clone(),
                expected: choice.schemes[c].id.clone(),
            });
            None
        }
        (Some(i), _) => Some(i),
    }
}

/// A number as Excel shows a long one it took for a number: `9.13604E+17`.
fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(mantissa),
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    mantissa_ok && digits(exponent)
}

/// Lines that ingest would take for one assessment: the same scheme,
/// organization, rater and date (names folded, dates normalized).
fn find_duplicates(rows: &[RosterRow], problems: &mut Vec<RosterProblem>) {
    let mut groups: HashMap<(usize, String, String, &str), Vec<&RosterRow>> = HashMap::new();
    for row in rows {
        let h = &row.header;
        groups
            .entry((
                row.scheme,
                fold_name(&h.organization),
                fold_name(&h.rater),
                h.date.as_str(),
            ))
            .or_default()
            .push(row);
    }
    let mut duplicates: Vec<Vec<&RosterRow>> =
        groups.into_values().filter(|g| g.len() > 1).collect();
    duplicates.sort_by_key(|g| g[0].line);
    for group in duplicates {
        let first = &group[0].header;
        problems.push(RosterProblem::Duplicate {
            lines: group.iter().map(|r| r.line).collect(),
            organization: first.organization.clone(),
            rater: first.rater.clone(),
            date: first.date.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{read_roster, SchemeChoice};
    use super::*;
    use crate::scheme::builtin_schemes;

    fn run(text: &str, chosen: Option<usize>) -> (Vec<RosterRow>, Vec<RosterProblem>) {
        let schemes = builtin_schemes();
        let choice = SchemeChoice {
            schemes: &schemes,
            chosen,
        };
        read_roster(text.as_bytes(), false, &choice)
    }

    #[test]
    fn scientific_notation_is_told_from_codes() {
        assert!(is_scientific("9.13604E+17"));
        assert!(is_scientific("9.13604e17"));
        assert!(is_scientific("9E+17"));
        assert!(!is_scientific("91360100MA35G0KJ2Q"));
        assert!(!is_scientific("E+17"));
        assert!(!is_scientific("9.1E+"));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "机构名称,评价人,统一社会信用代码,评价日期,认证方案\n\
            甲公司,,,2026-03-02,complaint\n\
            \n\
            ,李四,,,complaint\n\
            乙公司,王五,9.13604E+17,,酒店服务\n\
            丙公司,赵六,,2026/3/2,\n\
            甲公司,张三,,2026-03-02,客户投诉服务认证\n\
            甲 公司,张\u{200B}三,,2026年3月2日,COMPLAINT\n";
        let (_, problems) = run(text, None);
        assert_eq!(
            problems,
            [
                RosterProblem::MissingValue {
                    line: 2,
                    column: RATER
                },
                RosterProblem::MissingValue {
                    line: 4,
                    column: ORGANIZATION
                },
                RosterProblem::NumericCreditCode {
                    line: 5,
                    found: "9.13604E+17".into()
                },
                RosterProblem::UnknownScheme {
                    line: 5,
                    found: "酒店服务".into()
                },
                RosterProblem::MissingValue {
                    line: 6,
                    column: SCHEME
                },
                RosterProblem::Duplicate {
                    lines: vec![7, 8],
                    organization: "甲公司".into(),
                    rater: "张三".into(),
                    date: "2026-03-02".into()
                },
            ]
        );
    }

    #[test]
    fn rows_name_their_scheme_by_id_or_title() {
        let text = "认证方案,机构名称,评价人\n\
            quality-credit,甲公司,张三\n\
            企业质量信用服务认证,乙公司,李四\n\
            ,丙公司,王五\n";
        let (rows, problems) = run(text, Some(1));
        assert_eq!(problems, []);
        assert_eq!(rows.iter().map(|r| r.scheme).collect::<Vec<_>>(), [1, 1, 1]);
        let (_, problems) = run(text, Some(0));
        assert_eq!(
            problems,
            [
                RosterProblem::OtherScheme {
                    line: 2,
                    found: "quality-credit".into(),
                    expected: "complaint".into()
                },
                RosterProblem::OtherScheme {
                    line: 3,
                    found: "quality-credit".into(),
                    expected: "complaint".into()
                },
            ]
        );
        let (_, problems) = run("机构名称,评价人\n甲公司,张三\n", None);
        assert_eq!(problems, [RosterProblem::NoScheme]);
    }

    #[test]
    fn missing_columns_and_bad_credit_codes() {
        assert_eq!(
            run("机构名称\nA\n", Some(0)).1,
            [RosterProblem::MissingColumn {
                line: 1,
                column: RATER,
                known_any: true
            }]
        );
        let (rows, problems) = run(
            "机构名称,评价人,统一社会信用代码\nA,张三,91350100M000100Y43\nB,李四,91350100m000100y44\n",
            Some(0),
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            problems,
            [RosterProblem::CreditCodeChecksum {
                line: 3,
                code: "91350100M000100Y44".into()
            }]
        );
        assert!(!problems[0].is_error());
    }
}
