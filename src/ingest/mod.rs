//! Reading returned workbooks: finding the files, reading each one into a
//! [`Submission`] with its [`Finding`]s, in parallel, and consolidating the batch.

mod book;
pub mod consolidate;
pub mod discover;
pub mod finding;
pub mod guard;
pub mod read;
pub mod value;

use std::cell::RefCell;
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
    thread_local! {
        /// The file's bytes: one buffer per reading thread, kept from file to file
        /// (a fresh one per file costs more than reading a small file).
        static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BYTES.with_borrow_mut(|bytes| {
        let result = read_file_with(catalog, path, name, bytes);
        if bytes.capacity() > KEPT_BUFFER {
            *bytes = Vec::new(); // an unusually large file: do not hold on to its memory
        }
        result
    })
}

/// A reading thread's buffer is kept when it is no larger than this.
const KEPT_BUFFER: usize = 1 << 20;

fn read_file_with(
    catalog: &Catalog,
    path: PathBuf,
    name: String,
    bytes: &mut Vec<u8>,
) -> FileResult {
    // Bounded: a file beyond the size limit is refused before it is read.
    let (submission, findings) = match guard::read_bounded(&path, bytes) {
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
        Ok(()) => match catch_unwind(AssertUnwindSafe(|| {
            read::read_submission(catalog, &name, bytes)
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
