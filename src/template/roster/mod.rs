//! Rosters: the list of workbooks to make, one per organization, rater and date.
//!
//! A roster is a CSV (UTF-8 with or without BOM, GBK/GB18030 as saved by
//! Chinese Excel, UTF-16 as saved as Excel "Unicode 文本"; commas, semicolons or
//! tabs) or a workbook (.xlsx/.xls/.ods, its first sheet), told apart by its
//! bytes, not its name. Columns are found by their heading, in any order:
//! 机构名称 and 评价人 are required; 统一社会信用代码, 评价日期 and 认证方案 (a
//! scheme id or title per row) are optional.
//!
//! Reading ([`csv`], [`book`]) gives the non-blank rows with their line as an
//! editor or spreadsheet shows it; [`check`] turns them into [`RosterRow`]s and
//! every [`RosterProblem`] at once. This module also names the files.

mod book;
mod check;
mod csv;

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::cell::Raw;
use crate::model::{Header, Problem};
use crate::scheme::Scheme;

/// One roster row: the header to pre-fill, the scheme of its workbook (an index
/// into the schemes given to [`read_roster`]), and its line in the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// The line (CSV) or row (workbook) as the user's editor shows it, from 1.
    pub line: usize,
    pub header: Header,
    pub scheme: usize,
}

/// What is wrong with a roster, with the line it is on. All are errors (nothing
/// is written) except [`RosterProblem::CreditCodeChecksum`], a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterProblem {
    /// A workbook roster that cannot be read (the reason as for a returned workbook).
    Unreadable(Problem),
    /// The roster has no non-blank line.
    Empty,
    /// A required column is missing from the heading row at `line`.
    /// `known_any`: whether that row holds any known column at all (if not, the
    /// file is likely not a roster as this tool reads it: wrong encoding or separator).
    MissingColumn {
        line: usize,
        column: &'static str,
        known_any: bool,
    },
    /// A column heading given twice in the heading row.
    DuplicateColumn { line: usize, column: &'static str },
    /// Headings but no row under them.
    NoRows,
    /// No `--scheme` and no 认证方案 column.
    NoScheme,
    /// A row without a required value (认证方案 is required without `--scheme`).
    MissingValue { line: usize, column: &'static str },
    /// A 认证方案 that is neither a scheme id nor a title.
    UnknownScheme { line: usize, found: String },
    /// A row naming another scheme than `--scheme` (ids).
    OtherScheme {
        line: usize,
        found: String,
        expected: String,
    },
    /// A credit code that Excel turned into a number (9.13604E+17, or a number cell).
    NumericCreditCode { line: usize, found: String },
    /// The same scheme, organization, rater and date on several lines (ingest
    /// would reject every workbook of them). `lines` in order, at least two.
    Duplicate {
        lines: Vec<usize>,
        organization: String,
        rater: String,
        date: String,
    },
    /// Warning: a credit code failing the GB 32100 check digit (a few real codes do).
    CreditCodeChecksum { line: usize, code: String },
}

impl RosterProblem {
    /// Whether the problem stops the run (all but the checksum warning do).
    pub fn is_error(&self) -> bool {
        !matches!(self, RosterProblem::CreditCodeChecksum { .. })
    }

    /// The roster lines the problem is on (empty for the roster as a whole).
    pub fn lines(&self) -> Vec<usize> {
        use RosterProblem::*;
        match self {
            Unreadable(_) | Empty | NoRows | NoScheme => Vec::new(),
            MissingColumn { line, .. }
            | DuplicateColumn { line, .. }
            | MissingValue { line, .. }
            | UnknownScheme { line, .. }
            | OtherScheme { line, .. }
            | NumericCreditCode { line, .. }
            | CreditCodeChecksum { line, .. } => vec![*line],
            Duplicate { lines, .. } => lines.clone(),
        }
    }
}

/// The schemes a roster may name, and the one `--scheme` chose.
pub struct SchemeChoice<'a> {
    pub schemes: &'a [Scheme],
    /// Index into `schemes` of `--scheme`, when given.
    pub chosen: Option<usize>,
}

/// One non-blank row as read, before any check: its line and its cells.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    line: usize,
    cells: Vec<Raw>,
}

/// Reads a roster from its bytes (CSV or workbook, told apart by the bytes) and
/// checks every row. `named_workbook`: the file's name says workbook (.xlsx,
/// .xlsm, .xls, .ods), so bytes that are not one are reported as such rather
/// than read as text. Returns the rows and every problem, sorted by line; when
/// any problem [`is_error`](RosterProblem::is_error), nothing should be written.
pub fn read_roster(
    bytes: &[u8],
    named_workbook: bool,
    choice: &SchemeChoice,
) -> (Vec<RosterRow>, Vec<RosterProblem>) {
    let lines = if named_workbook || book::is_workbook(bytes) {
        book::read_first_sheet(bytes)
    } else {
        Ok(self::csv::read_csv(bytes))
    };
    let (rows, mut problems) = match lines {
        Ok(lines) => check::check(&lines, choice),
        Err(problem) => (Vec::new(), vec![problem]),
    };
    problems.sort_by_key(|p| p.lines().first().copied().unwrap_or(0));
    (rows, problems)
}

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file stem safe on Windows and macOS: in Unicode NFC, no reserved characters or
/// names, no trailing dot or space, no leading "." or "~$" (hidden and lock files,
/// which ingest skips), at most 80 characters.
pub fn safe_stem(text: &str) -> String {
    let mut s: String = text
        .nfc()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(80)
        .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start().to_string();
    if s.is_empty() {
        return "_".to_string();
    }
    if s.starts_with('.') || s.starts_with("~$") {
        return format!("_{s}");
    }
    let base = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        return format!("_{s}");
    }
    s
}

/// Unique, Windows-safe file names (`.xlsx`) for roster rows: `机构名称_评价人.xlsx`,
/// with `_2`, `_3` … where two rows would collide (names compared after case folding
/// and Unicode NFC, as Windows and macOS file systems compare them).
pub fn file_names(rows: &[RosterRow]) -> Vec<String> {
    let mut taken = HashSet::new();
    rows.iter()
        .map(|r| {
            let stem = safe_stem(&format!("{}_{}", r.header.organization, r.header.rater));
            let mut name = format!("{stem}.xlsx");
            let mut n = 2;
            while !taken.insert(name.nfc().collect::<String>().to_lowercase()) {
                name = format!("{stem}_{n}.xlsx");
                n += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let row = |org: &str, rater: &str| RosterRow {
            line: 2,
            header: Header {
                organization: org.into(),
                rater: rater.into(),
                ..Header::default()
            },
            scheme: 0,
        };
        let names = file_names(&[
            row("A/B:公司", "张三"),
            row("A/B:公司", "张三"),
            row("con", ""),
            row("x. ", "y?"),
        ]);
        assert_eq!(names[0], "A_B_公司_张三.xlsx");
        assert_eq!(names[1], "A_B_公司_张三_2.xlsx");
        assert_eq!(names[2], "con_.xlsx");
        assert_eq!(names[3], "x. _y_.xlsx");
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("report. "), "report");
        assert_eq!(safe_stem(".hidden"), "_.hidden");
        assert_eq!(safe_stem("~$lock"), "_~$lock");
        let names = file_names(&[row("Café", "A"), row("Cafe\u{301}", "a"), row("CAFÉ", "a")]);
        assert_eq!(names, ["Café_A.xlsx", "Café_a_2.xlsx", "CAFÉ_a_3.xlsx"]);
    }

    #[test]
    fn a_file_named_as_a_workbook_that_is_not_one_says_so() {
        let schemes = crate::scheme::builtin_schemes();
        let choice = SchemeChoice {
            schemes: &schemes,
            chosen: Some(0),
        };
        let text = "机构名称,评价人\n甲公司,张三\n".as_bytes();
        assert_eq!(
            read_roster(text, true, &choice).1,
            [RosterProblem::Unreadable(Problem::NotSpreadsheet)]
        );
        assert_eq!(read_roster(text, false, &choice).0.len(), 1);
    }
}
