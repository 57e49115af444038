//! `certsheet ingest PATH... --out RESULTS.xlsx [--csv RESULTS.csv] [--strict] [--jobs N]
//! [--previous EARLIER.csv] [--cards DIR]`
//!
//! Reads the earlier round's CSV first (a bad one stops the run before anything
//! else), reads every workbook in parallel (order kept), rejects on one thread the
//! workbooks that conflict, works out the results (compared with the earlier
//! round), and writes the results workbook, the CSV and the folder of report cards
//! atomically, together. A rejected workbook never stops the batch and never
//! changes another's result.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::console::{say, table};
use crate::ident::shown_path;
use crate::ingest::discover::{discover, Discovery};
use crate::messages::{grade_text, t};
use crate::model::{Catalog, Counts, FileResult};
use crate::output::{
    check_folder_output, check_outputs, commit_with_folder, stage, stage_with, Staged,
    StagedFolder, CARDS_MARK,
};
use crate::report::cards::card;
use crate::report::csv::write_csv;
use crate::report::workbook::write_results;
use crate::results::OrgResult;
use crate::round::{card_names, catalog, consolidate, read_files, read_previous};
use crate::timings;

/// Parsed `ingest` arguments.
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub csv: Option<PathBuf>,
    pub strict: bool,
    pub jobs: Option<usize>,
    pub schemes: Vec<String>,
    /// `--previous`: an earlier round's results CSV.
    pub previous: Option<PathBuf>,
    /// `--cards`: the folder of report cards.
    pub cards: Option<PathBuf>,
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
    let named = files
        .into_iter()
        .map(|path| {
            let name = shown_path(&path);
            (path, name)
        })
        .collect();
    let results = read_files(catalog, named, || bar.inc(1));
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

/// Runs `ingest`; `--jobs` bounds every parallel step (reading, consolidation,
/// building the results workbook).
pub fn run(opts: &Options) -> Result<u8> {
    super::pool(opts.jobs)?.install(|| run_in_pool(opts))
}

fn run_in_pool(opts: &Options) -> Result<u8> {
    let catalog = catalog(&opts.schemes)?;
    // Fail before the work, not after it, when an output cannot be written.
    check_outputs(&opts.out, opts.csv.as_deref(), &opts.paths)?;
    if let Some(dir) = &opts.cards {
        check_folder_output(dir, &opts.paths)?;
    }
    let earlier = opts
        .previous
        .as_deref()
        .map(|path| read_previous(&catalog, path))
        .transpose()?;
    let (mut files, found) = {
        let _t = timings::span("read");
        read_batch(&catalog, &opts.paths)?
    };
    let results = {
        let _t = timings::span("consolidate");
        let mut results = consolidate(&catalog, &mut files);
        if let Some(earlier) = earlier {
            results.compare(&catalog, earlier);
        }
        results
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
        // The workbook, the CSV and the cards are built and staged (written, synced)
        // side by side, then renamed into place together.
        let ((xlsx, csv), cards) = rayon::join(
            || {
                rayon::join(
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
                            .map(|path| {
                                stage(
                                    path,
                                    &write_csv(&catalog, &results.orgs, results.compared()),
                                )
                            })
                            .transpose()
                    },
                )
            },
            || -> Result<Option<StagedFolder>> {
                opts.cards
                    .as_ref()
                    .map(|dir| {
                        let _t = timings::span("report cards");
                        stage_cards(dir, &catalog, &files, &results.orgs)
                    })
                    .transpose()
            },
        );
        let mut staged = vec![xlsx?];
        staged.extend(csv?);
        commit_with_folder(staged, cards?)?;
        true
    };
    print_summary(&catalog, &counts, &results.orgs, written, opts);
    if let (true, Some(dir)) = (written, &opts.cards) {
        say(t().wrote_cards(results.orgs.len(), dir));
    }
    Ok(if counts.rejected > 0 { 1 } else { 0 })
}

/// Builds every report card (in parallel) into a temporary folder beside `dir`,
/// with the mark that says the folder is this tool's, and syncs them: put in place
/// of `dir` as a whole when the run commits its outputs.
fn stage_cards(
    dir: &Path,
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
) -> Result<StagedFolder> {
    let folder = StagedFolder::create(dir)?;
    let cannot = || t().cannot_write(dir);
    std::fs::write(folder.path().join(CARDS_MARK), CARDS_MARK_TEXT).with_context(cannot)?;
    let names = card_names(catalog, orgs);
    orgs.par_iter()
        .zip(names.par_iter())
        .try_for_each(|(org, name)| -> Result<()> {
            let bytes = card(catalog, files, org)?;
            std::fs::write(folder.path().join(name), bytes)?;
            Ok(())
        })
        .with_context(cannot)?;
    folder.sync().with_context(cannot)?;
    Ok(folder)
}

/// What the mark file of a folder of report cards says, to whoever opens it.
const CARDS_MARK_TEXT: &str =
    "certsheet report cards: this folder is replaced as a whole by `certsheet ingest … --cards`.\n";

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
