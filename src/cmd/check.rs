//! `certsheet check PATH...`: the same validation as `ingest`, nothing written.
//! For an auditor before sending, or a clerk before a run.

use std::path::PathBuf;

use anyhow::Result;

use super::ingest::{catalog, print_findings, read_batch};
use crate::ingest::batch::reject_conflicts;
use crate::messages::t;
use crate::model::Status;

pub fn run(paths: &[PathBuf], schemes: &[String], jobs: Option<usize>) -> Result<u8> {
    let catalog = catalog(schemes)?;
    let files = super::pool(jobs)?.install(|| -> Result<_> {
        let (mut files, _) = read_batch(&catalog, paths)?;
        reject_conflicts(&mut files);
        Ok(files)
    })?;
    print_findings(&files);
    let mut problems = false;
    for f in &files {
        let status = match f.status() {
            Status::Accepted => t().verdict(Status::Accepted),
            Status::Rejected => {
                problems = true;
                t().verdict(Status::Rejected)
            }
            Status::Skipped => t().verdict(Status::Skipped),
        };
        println!("{status}\t{}", f.name);
    }
    Ok(u8::from(problems))
}
