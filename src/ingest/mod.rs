//! Reading returned workbooks: finding the files, reading each one into a
//! [`Submission`] with its [`Finding`]s, in parallel, and consolidating the batch.

pub mod batch;
pub(crate) mod book;
pub mod discover;
pub mod guard;
mod origin;
pub mod read;
pub mod remarks;
pub(crate) mod sheet;
mod table;

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use crate::model::{Catalog, Damage, FileResult, Finding, PathProblem, Problem, Severity};

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
        // Not the file's fault: the path cannot be read (no permission, gone).
        Err(Problem::Corrupt(Damage::Io { .. })) => {
            return FileResult::reported(path, PathProblem::Unreadable);
        }
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
