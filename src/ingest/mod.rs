//! Reading returned workbooks: finding the files, reading each one into a
//! [`Submission`] with its [`Finding`]s, in parallel, and consolidating the batch.

pub mod consolidate;
pub mod discover;
pub mod finding;
pub mod limits;
pub mod read;
pub mod value;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use rust_decimal::Decimal;

pub use finding::{Finding, Problem, Severity};
pub use read::Catalog;

use crate::template::Header;

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

    /// Rejects the file with one more error (found when looking at the whole batch).
    pub fn reject(&mut self, problem: Problem) {
        self.findings.push(Finding {
            file: self.name.clone(),
            sheet: None,
            cell: None,
            severity: Severity::Error,
            problem,
        });
        self.submission = None;
    }
}

/// Reads one file: never panics, never fails — every problem is a finding.
pub fn read_file(catalog: &Catalog, path: PathBuf, name: String) -> FileResult {
    // Bounded: a file beyond the size limit is refused before it is read.
    let (submission, findings) = match limits::read_bounded(&path) {
        Err(problem) => (
            None,
            vec![Finding {
                file: name.clone(),
                sheet: None,
                cell: None,
                severity: Severity::Error,
                problem,
            }],
        ),
        Ok(bytes) => match catch_unwind(AssertUnwindSafe(|| {
            read::read_submission(catalog, &name, &bytes)
        })) {
            Ok(result) => result,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                (
                    None,
                    vec![Finding {
                        file: name.clone(),
                        sheet: None,
                        cell: None,
                        severity: Severity::Error,
                        problem: Problem::Panic(message),
                    }],
                )
            }
        },
    };
    FileResult {
        path,
        name,
        submission,
        findings,
    }
}
