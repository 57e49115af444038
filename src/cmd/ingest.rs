//! `certsheet ingest PATH... --out RESULTS.xlsx [--csv RESULTS.csv] [--strict] [--jobs N]`
//!
//! Reads every workbook in parallel (order kept), rejects on one thread the
//! workbooks that conflict, works out the results, and writes the results workbook
//! and CSV atomically. A rejected workbook never stops the batch and never
//! changes another's result.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::console::{say, table};
use crate::ident::shown_path;
use crate::ingest::batch::reject_conflicts;
use crate::ingest::discover::{discover, Discovery};
use crate::ingest::read_file;
use crate::messages::{grade_text, t};
use crate::model::{Catalog, Counts, FileResult};
use crate::output::{check_outputs, commit_all, stage, stage_with, Staged};
use crate::report::csv::write_csv;
use crate::report::workbook::write_results;
use crate::results::{self, OrgResult, Results};
use crate::scheme::{builtin_schemes, load_scheme};
use crate::timings;

/// Parsed `ingest` arguments.
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub csv: Option<PathBuf>,
    pub strict: bool,
    pub jobs: Option<usize>,
    pub schemes: Vec<String>,
}

/// The built-in schemes plus the user's scheme files (a user file replaces a built-in of the same id).
pub fn catalog(extra: &[String]) -> Result<Catalog> {
    let mut schemes = builtin_schemes();
    for path in extra {
        let s = load_scheme(path)?;
        schemes.retain(|b| b.id != s.id);
        schemes.push(s);
    }
    schemes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalog::new(schemes))
}

/// Finds and reads every workbook under `paths` in parallel (on the current
/// rayon pool); results in sorted path order. A path that is reported instead of
/// read (missing, unreadable, not a regular file, another format, a folder link)
/// is a result too, with its finding. Also returns the lock/hidden and ignored
/// files counted on the way.
pub fn read_batch(catalog: &Catalog, paths: &[PathBuf]) -> Result<(Vec<FileResult>, Counts)> {
    let Discovery {
        files,
        problems,
        hidden,
        ignored,
    } = discover(paths);
    let mut reported: Vec<FileResult> = problems
        .into_iter()
        .map(|(path, why)| FileResult::reported(path, why))
        .collect();
    if files.is_empty() {
        print_findings(&reported);
        bail!("{}", t().no_workbooks());
    }
    let bar = if std::io::stderr().is_terminal() && files.len() > 50 {
        let bar =
            ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
                .expect("valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    // A panic inside a reader is caught and becomes that file's finding (with its
    // message); the default hook would also print it raw to stderr, mid-progress-bar.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let results = files
        .into_par_iter()
        .map(|path| {
            let name = shown_path(&path);
            let r = read_file(catalog, path, name);
            bar.inc(1);
            r
        })
        .collect::<Vec<_>>();
    std::panic::set_hook(default_hook);
    bar.finish_and_clear();
    let mut results = results;
    results.append(&mut reported);
    results.sort_by(|a, b| a.path.cmp(&b.path));
    let mut counts = Counts::of(&results);
    counts.hidden = hidden;
    counts.ignored = ignored;
    Ok((results, counts))
}

/// Looks at the batch as a whole, then works out what it adds up to: ingest
/// rejects the workbooks that repeat or contradict another, results computes
/// each organization's figures from the rest. `files` in sorted path order.
pub fn consolidate(catalog: &Catalog, files: &mut [FileResult]) -> Results {
    reject_conflicts(files);
    results::compute(catalog, files)
}

/// Runs `ingest`; `--jobs` bounds every parallel step (reading, consolidation,
/// building the results workbook).
pub fn run(opts: &Options) -> Result<u8> {
    super::pool(opts.jobs)?.install(|| run_in_pool(opts))
}

fn run_in_pool(opts: &Options) -> Result<u8> {
    let catalog = catalog(&opts.schemes)?;
    // Fail before the work, not after it, when an output cannot be written.
    check_outputs(&opts.out, opts.csv.as_deref(), &opts.paths)?;
    let (mut files, found) = {
        let _t = timings::span("read");
        read_batch(&catalog, &opts.paths)?
    };
    let results = {
        let _t = timings::span("consolidate");
        consolidate(&catalog, &mut files)
    };
    let counts = Counts {
        hidden: found.hidden,
        ignored: found.ignored,
        ..Counts::of(&files)
    };

    print_findings(&files);
    let written = if opts.strict && counts.rejected > 0 {
        false
    } else {
        // The workbook and the CSV are built and staged (written, synced) side by side,
        // then renamed into place together.
        let (xlsx, csv) = rayon::join(
            || -> Result<Staged> {
                let _t = timings::span("results workbook");
                stage_with(&opts.out, |file| {
                    Ok(write_results(file, &catalog, &files, &results)?)
                })
            },
            || -> Result<Option<Staged>> {
                let _t = timings::span("csv written out");
                opts.csv
                    .as_ref()
                    .map(|path| stage(path, &write_csv(&catalog, &results.orgs)))
                    .transpose()
            },
        );
        let mut staged = vec![xlsx?];
        staged.extend(csv?);
        commit_all(staged)?;
        true
    };
    print_summary(&catalog, &counts, &results.orgs, written, opts);
    Ok(if counts.rejected > 0 { 1 } else { 0 })
}

/// Every finding, one line each, on stdout.
pub fn print_findings(files: &[FileResult]) {
    for f in files.iter().flat_map(|f| &f.findings) {
        say(f);
    }
}

/// The counts, then the organizations per scheme and grade (only when results
/// were written: under `--strict` with rejections nothing was decided), then
/// the files written.
fn print_summary(catalog: &Catalog, c: &Counts, orgs: &[OrgResult], written: bool, opts: &Options) {
    say(t().counts(c, orgs.len()));
    if !written {
        say(t().strict_nothing_written());
        return;
    }
    let mut per_grade: Vec<(String, String, usize)> = Vec::new();
    for org in orgs {
        let key = (
            catalog.schemes[org.scheme].id.clone(),
            grade_text(&org.verdict),
        );
        match per_grade
            .iter_mut()
            .find(|(s, g, _)| *s == key.0 && *g == key.1)
        {
            Some(e) => e.2 += 1,
            None => per_grade.push((key.0, key.1, 1)),
        }
    }
    // Best grade first: the scheme's rules in order, then 不予认证, then 资料不全.
    let rank = |scheme_id: &str, grade: &str| {
        let s = catalog.schemes.iter().find(|s| s.id == scheme_id);
        s.and_then(|s| s.grade_rules.iter().position(|r| r.grade == grade))
            .unwrap_or(if s.is_some_and(|s| s.grades.otherwise == grade) {
                100
            } else {
                101
            })
    };
    per_grade.sort_by_key(|(s, g, _)| (s.clone(), rank(s, g)));
    let rows: Vec<Vec<String>> = per_grade
        .into_iter()
        .map(|(scheme, grade, n)| vec![scheme, grade, n.to_string()])
        .collect();
    table(&rows);
    say(t().written(&opts.out, opts.csv.as_deref()));
}
