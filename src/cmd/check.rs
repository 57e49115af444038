//! `certsheet check PATH...`: the same validation as `ingest`, nothing written.
//! For an auditor before sending, or a clerk before a run.

use std::path::PathBuf;

use anyhow::Result;

use super::ingest::read_batch;
use crate::console::say;
use crate::ingest::batch::reject_conflicts;
use crate::messages::t;
use crate::model::Counts;
use crate::round::catalog;

pub fn run(paths: &[PathBuf], schemes: &[String], jobs: Option<usize>) -> Result<u8> {
    let catalog = catalog(schemes)?;
    let files = super::pool(jobs)?.install(|| -> Result<_> {
        let (mut files, _) = read_batch(&catalog, paths)?;
        reject_conflicts(&mut files);
        Ok(files)
    })?;
    // Per file: its verdict, then its findings (the lines ingest prints).
    for f in &files {
        say(format!("{}\t{}", t().verdict(f.status()), f.name));
        for finding in &f.findings {
            say(finding);
        }
    }
    let counts = Counts::of(&files);
    say(t().check_total(&counts));
    Ok(u8::from(counts.rejected > 0))
}
