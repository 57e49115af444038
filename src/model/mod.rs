//! The nouns every part of certsheet shares: who a workbook is from
//! ([`Header`]), what a valid one says ([`Submission`]), the outcome of reading a
//! file ([`FileResult`], with its [`Finding`]s), the schemes of a run
//! ([`Catalog`]) and the counts of a run ([`Counts`]). Plain data, no I/O.

pub mod damage;
pub mod finding;

use std::collections::HashMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

pub use damage::{Damage, Limit};
pub use finding::{Application, Finding, Kind, PathProblem, Problem, Severity, SheetPart};

use crate::grade::Conformity;
use crate::scheme::Scheme;

/// The header of one workbook: who is rated, by whom, when.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub organization: String,
    pub credit_code: String,
    pub rater: String,
    pub date: String,
}

/// What one valid workbook says: who, for which scheme, and the values entered.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// Index of the scheme in the run's [`Catalog`].
    pub scheme: usize,
    pub header: Header,
    /// α per item (scheme order), `None` when the rater did not score service.
    pub alphas: Option<Vec<Decimal>>,
    /// Level per clause (scheme order), `None` when the rater did not score maturity.
    pub levels: Option<Vec<u8>>,
    /// The conformity review's conclusion, given with the levels (`None` exactly
    /// when the rater did not score maturity).
    pub conformity: Option<Conformity>,
    /// The auditor's optional 评价说明 per item and per clause.
    pub remarks: Remarks,
}

/// An auditor's 评价说明 (optional text) on items and clauses, as read back:
/// invisible characters removed, cut to [`Remarks::MAX_CHARS`]. Only the non-empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remarks {
    /// (index of the item in scheme order, text)
    pub items: Vec<(usize, String)>,
    /// (index of the clause in scheme order, text)
    pub clauses: Vec<(usize, String)>,
}

impl Remarks {
    /// The longest remark kept, in characters: a few sentences. Longer text is cut (…).
    pub const MAX_CHARS: usize = 500;

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.clauses.is_empty()
    }
}

/// The outcome of reading one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub path: PathBuf,
    /// The path as shown to people.
    pub name: String,
    pub submission: Option<Submission>,
    pub findings: Vec<Finding>,
}

/// Accepted, rejected (an error) or skipped (both sheets empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Accepted,
    Rejected,
    Skipped,
}

impl FileResult {
    pub fn status(&self) -> Status {
        if self.findings.iter().any(|f| f.severity == Severity::Error) {
            Status::Rejected
        } else if self.submission.is_some() {
            Status::Accepted
        } else {
            Status::Skipped
        }
    }

    /// A path reported instead of read: its one finding says why.
    pub fn reported(path: PathBuf, why: PathProblem) -> FileResult {
        let name = crate::ident::shown_path(&path);
        FileResult {
            findings: vec![Finding {
                file: name.clone(),
                sheet: None,
                cell: None,
                severity: why.severity(),
                problem: Problem::Path(why),
            }],
            path,
            name,
            submission: None,
        }
    }

    /// The errors and warnings, without the notes.
    pub fn problems(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity != Severity::Note)
    }

    /// Adds a finding found when looking at the whole batch, before the notes
    /// (which come last).
    fn add(&mut self, finding: Finding) {
        let at = self
            .findings
            .iter()
            .position(|f| f.severity == Severity::Note)
            .unwrap_or(self.findings.len());
        self.findings.insert(at, finding);
    }

    /// Adds a warning found when looking at the whole batch (the file still counts).
    pub fn warn(&mut self, problem: Problem) {
        self.add(Finding {
            file: self.name.clone(),
            sheet: None,
            cell: None,
            severity: Severity::Warning,
            problem,
        });
    }

    /// Rejects the file with one more error (found when looking at the whole batch).
    pub fn reject(&mut self, problem: Problem) {
        self.add(Finding {
            file: self.name.clone(),
            sheet: None,
            cell: None,
            severity: Severity::Error,
            problem,
        });
        self.submission = None;
    }
}

/// The schemes a run knows, indexed for reading.
pub struct Catalog {
    pub schemes: Vec<Scheme>,
    pub(crate) item_index: Vec<HashMap<String, usize>>,
    pub(crate) clause_index: Vec<HashMap<String, usize>>,
}

impl Catalog {
    /// Indexes schemes once per run (not once per file).
    pub fn new(schemes: Vec<Scheme>) -> Catalog {
        let item_index = schemes
            .iter()
            .map(|s| {
                s.items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| (it.code.clone(), i))
                    .collect()
            })
            .collect();
        let clause_index = schemes
            .iter()
            .map(|s| {
                s.clauses
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.code.clone(), i))
                    .collect()
            })
            .collect();
        Catalog {
            schemes,
            item_index,
            clause_index,
        }
    }
}

/// Counts of a run, for the run sheet and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
    /// Lock and hidden files passed over in the folders searched.
    pub hidden: usize,
    /// Other files in the folders searched, not read (not a spreadsheet or document).
    pub ignored: usize,
}

impl Counts {
    pub fn of(files: &[FileResult]) -> Counts {
        let mut c = Counts {
            read: files.len(),
            ..Counts::default()
        };
        for f in files {
            match f.status() {
                Status::Accepted => c.accepted += 1,
                Status::Rejected => c.rejected += 1,
                Status::Skipped => c.skipped += 1,
            }
        }
        c
    }
}
