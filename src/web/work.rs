//! The work of each page, on a worker thread: the same functions as the CLI's
//! `check`, `ingest` and `template` (reading, consolidating, scoring, writing the
//! results workbook, the CSV and the report cards), with the uploads standing
//! for the paths. Each returns the [`Outcome`] its page shows, in the job's
//! language (the worker threads speak it).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::jobs::{Download, Job, Outcome};
use super::pages::escape;
use super::upload::Upload;
use crate::filename::safe_stem;
use crate::ingest::batch::reject_conflicts;
use crate::ingest::discover::{classify_name, is_own_csv, NameClass};
use crate::messages::{roster_finding, t};
use crate::model::{Catalog, Counts, FileResult, PathProblem, Severity, Status};
use crate::report::cards::card;
use crate::report::columns::sheet_columns;
use crate::report::csv::write_csv;
use crate::report::workbook::write_results;
use crate::results::{OrgResult, Results};
use crate::round::{card_names, consolidate, read_files, read_previous_as};
use crate::scheme::known_schemes;
use crate::scheme::{builtin_schemes, Scheme};
use crate::template::roster::{file_names, read_roster, SchemeChoice};
use crate::template::write_template;

/// The results workbook is built one at a time: building it swaps the process's
/// panic hook for a while (see `report::workbook`), which two at once would tangle.
static WORKBOOK: Mutex<()> = Mutex::new(());

/// What a set of uploads holds, as a folder search would find it.
struct Gathered {
    /// (stored path, shown name) to read, sorted by name as paths sort.
    read: Vec<(PathBuf, String)>,
    /// Files reported instead of read (another format, this tool's CSV).
    reported: Vec<FileResult>,
    hidden: usize,
    ignored: usize,
}

/// Sorts the uploads as `ingest` sorts paths (by their names as paths, so the
/// same files give the same order, hence the same results) and treats each as
/// the CLI would: a file picked on its own is read whatever its name (like a
/// path named on the command line); a file of a folder or a .zip is treated as
/// one met in a folder search (lock and hidden files skipped, other formats
/// reported, the rest ignored). Two uploads of the same name are told apart.
fn gather(mut uploads: Vec<Upload>) -> Gathered {
    let mut taken = HashSet::new();
    for u in &mut uploads {
        let mut name = u.name.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{} ({n})", u.name);
            n += 1;
        }
        u.name = name;
    }
    uploads.sort_by(|a, b| Path::new(&a.name).cmp(Path::new(&b.name)));
    let mut g = Gathered {
        read: Vec::new(),
        reported: Vec::new(),
        hidden: 0,
        ignored: 0,
    };
    for u in uploads {
        let base = u.name.rsplit('/').next().unwrap_or(&u.name).to_string();
        let class = if u.in_folder {
            classify_name(&base)
        } else {
            NameClass::Read
        };
        let reported = |why: PathProblem| {
            let mut f = FileResult::reported(u.path.clone(), why);
            f.name = u.name.clone();
            for finding in &mut f.findings {
                finding.file = u.name.clone();
            }
            f
        };
        match class {
            NameClass::Read => g.read.push((u.path, u.name)),
            NameClass::Hidden => g.hidden += 1,
            NameClass::OtherFormat(ext) => g.reported.push(reported(PathProblem::OtherFormat(ext))),
            NameClass::Csv if is_own_csv(&u.path) => g.reported.push(reported(PathProblem::OwnCsv)),
            NameClass::Csv | NameClass::Ignored => g.ignored += 1,
        }
    }
    g
}

/// Reads what was gathered, in the order of the names (reported files among them).
fn read_gathered(catalog: &Catalog, job: &Job, g: Gathered) -> (Vec<FileResult>, Counts) {
    job.total
        .store(g.read.len(), std::sync::atomic::Ordering::Relaxed);
    let mut files = read_files(catalog, g.read, || job.tick());
    files.extend(g.reported);
    files.sort_by(|a, b| Path::new(&a.name).cmp(Path::new(&b.name)));
    let mut counts = Counts::of(&files);
    counts.hidden = g.hidden;
    counts.ignored = g.ignored;
    (files, counts)
}

fn finding_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn findings_list(files: &[FileResult]) -> String {
    let mut html = String::from("<ul class=\"findings\">");
    for f in files.iter().flat_map(|f| &f.findings) {
        let _ = write!(
            html,
            "<li class=\"{}\">{}</li>",
            finding_class(f.severity),
            escape(&f.to_string())
        );
    }
    html.push_str("</ul>");
    html
}

/// 检查评分表: per file its verdict and findings, then the total: `check`'s lines.
pub fn check(catalog: &Catalog, job: &Job, uploads: Vec<Upload>) -> Outcome {
    let g = gather(uploads);
    let nothing_to_read = g.read.is_empty();
    let (mut files, counts) = read_gathered(catalog, job, g);
    let mut html = format!("<h1>{}</h1>", escape(t().page_check()));
    if nothing_to_read {
        html.push_str(&findings_list(&files));
        let _ = write!(
            html,
            "<p class=\"refused\">{}</p>",
            escape(t().no_workbooks())
        );
        return outcome(t().page_check(), html, Vec::new());
    }
    reject_conflicts(&mut files);
    let _ = write!(
        html,
        "<table class=\"verdicts\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(t().verdict_heading()),
        escape(t().file_heading())
    );
    for f in &files {
        let status = f.status();
        let class = match status {
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        };
        let _ = write!(
            html,
            "<tr class=\"{class}\"><td class=\"verdict\">{}</td><td><span class=\"file\">{}</span>",
            escape(t().verdict(status)),
            escape(&f.name)
        );
        if !f.findings.is_empty() {
            html.push_str(&findings_list(std::slice::from_ref(f)));
        }
        html.push_str("</td></tr>");
    }
    let counts = Counts {
        hidden: counts.hidden,
        ignored: counts.ignored,
        ..Counts::of(&files)
    };
    let _ = write!(
        html,
        "</tbody></table><p class=\"total\">{}</p>",
        escape(&t().check_total(&counts))
    );
    outcome(t().page_check(), html, Vec::new())
}

/// 汇总一轮: `ingest`'s findings, counts and results, and its three outputs as downloads.
pub fn round(
    catalog: &Catalog,
    job: &Job,
    uploads: Vec<Upload>,
    previous: Option<Upload>,
) -> Result<Outcome> {
    let mut html = format!("<h1>{}</h1>", escape(t().page_round()));
    let earlier = match previous {
        None => None,
        Some(p) => match read_previous_as(catalog, &p.path, Path::new(&p.name)) {
            Ok(rows) => Some(rows),
            Err(e) => {
                let _ = write!(
                    html,
                    "<p class=\"refused\" role=\"alert\">{}</p>",
                    escape(&crate::cli::describe(&e))
                );
                return Ok(outcome(t().page_round(), html, Vec::new()));
            }
        },
    };
    let g = gather(uploads);
    let nothing_to_read = g.read.is_empty();
    let (mut files, found) = read_gathered(catalog, job, g);
    if nothing_to_read {
        html.push_str(&findings_list(&files));
        let _ = write!(
            html,
            "<p class=\"refused\">{}</p>",
            escape(t().no_workbooks())
        );
        return Ok(outcome(t().page_round(), html, Vec::new()));
    }
    let mut results = consolidate(catalog, &mut files);
    if let Some(earlier) = earlier {
        results.compare(catalog, earlier);
    }
    let counts = Counts {
        hidden: found.hidden,
        ignored: found.ignored,
        ..Counts::of(&files)
    };

    let folder = job.folder();
    let xlsx = folder.join("results.xlsx");
    let csv = folder.join("results.csv");
    let cards = folder.join("cards.zip");
    let (written, cards_written) = rayon::join(
        || -> Result<()> {
            let _one = WORKBOOK.lock().unwrap_or_else(|e| e.into_inner());
            let mut file = std::fs::File::create_new(&xlsx)?;
            write_results(&mut file, catalog, &files, &results)?;
            std::fs::write(&csv, write_csv(catalog, &results.orgs, results.compared()))?;
            Ok(())
        },
        || write_cards(&cards, catalog, &files, &results.orgs),
    );
    written.context("writing the results")?;
    cards_written.context("writing the report cards")?;

    let _ = write!(
        html,
        "<h2>{}</h2>{}<p class=\"counts\">{}</p>",
        escape(t().findings_heading()),
        if files.iter().any(|f| !f.findings.is_empty()) {
            findings_list(&files)
        } else {
            format!("<p>{}</p>", escape(t().no_findings()))
        },
        escape(&t().counts(&counts, results.orgs.len()))
    );
    html.push_str(&summary_table(catalog, &results));
    let downloads = vec![
        Download {
            key: "results.xlsx",
            name: t().results_file().to_string(),
            path: xlsx,
            mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
        Download {
            key: "results.csv",
            name: t().csv_file().to_string(),
            path: csv,
            mime: "text/csv; charset=utf-8",
        },
        Download {
            key: "cards.zip",
            name: t().cards_file().to_string(),
            path: cards,
            mime: "application/zip",
        },
    ];
    let labels = [
        t().download_results(),
        t().download_csv(),
        t().download_cards(),
    ];
    html.push_str(&downloads_list(
        job,
        &downloads,
        &labels.map(str::to_string),
    ));
    Ok(outcome(t().page_round(), html, downloads))
}

/// The summary as 汇总 shows it: one row per scheme + organization, its columns
/// and headings, the grade coloured by how it stands among the scheme's grades.
fn summary_table(catalog: &Catalog, results: &Results) -> String {
    let labels = t().labels();
    let columns: Vec<_> = sheet_columns(results.compared()).collect();
    let mut html = format!(
        "<h2>{}</h2><div class=\"scroll\"><table class=\"summary\"><thead><tr>",
        escape(t().summary_heading())
    );
    for c in &columns {
        let _ = write!(html, "<th>{}</th>", escape((c.heading)(labels)));
    }
    html.push_str("</tr></thead><tbody>");
    for org in &results.orgs {
        let scheme = &catalog.schemes[org.scheme];
        html.push_str("<tr>");
        for c in &columns {
            let value = (c.value)(scheme, org);
            let class = if c.csv == "认证级别" {
                format!(" class=\"grade {}\"", grade_class(scheme, org))
            } else if c.csv == "说明" {
                " class=\"note\"".to_string()
            } else if matches!(value, crate::report::columns::Value::Text(_)) {
                String::new()
            } else {
                " class=\"number\"".to_string()
            };
            let _ = write!(html, "<td{class}>{}</td>", escape(&value.text()));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    html
}

/// `grade-1` for the scheme's best grade, `grade-2` … below it, `grade-no` for
/// 不予认证, `grade-incomplete` for 资料不全.
fn grade_class(scheme: &Scheme, org: &OrgResult) -> String {
    match &org.verdict.grade {
        None => "grade-incomplete".to_string(),
        Some(g) => match scheme.grade_rules.iter().position(|r| &r.grade == g) {
            Some(i) => format!("grade-{}", i + 1),
            None => "grade-no".to_string(),
        },
    }
}

fn downloads_list(job: &Job, downloads: &[Download], labels: &[String]) -> String {
    let mut html = format!(
        "<h2>{}</h2><ul class=\"downloads\">",
        escape(t().downloads_heading())
    );
    for (d, label) in downloads.iter().zip(labels) {
        let _ = write!(
            html,
            "<li><a href=\"/r/{}/{}\" download=\"{}\">{}</a></li>",
            job.id,
            d.key,
            escape(&d.name),
            escape(label)
        );
    }
    html.push_str("</ul>");
    html
}

/// The report cards as one .zip, names as `--cards` gives them; built in
/// parallel a batch at a time (never all in memory at once), stored uncompressed
/// (an .xlsx is compressed already).
fn write_cards(
    path: &Path,
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
) -> Result<()> {
    let names = card_names(catalog, orgs);
    let items: Vec<_> = orgs.iter().zip(names).collect();
    write_zip(path, &items, |(org, name)| {
        Ok((name.clone(), card(catalog, files, org)?))
    })
}

fn write_zip<T: Sync>(
    path: &Path,
    items: &[T],
    build: impl Fn(&T) -> Result<(String, Vec<u8>)> + Sync,
) -> Result<()> {
    let file = std::fs::File::create_new(path)?;
    let mut zip = ::zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Stored)
        .last_modified_time(::zip::DateTime::default());
    for batch in items.chunks(64) {
        let built = batch.par_iter().map(&build).collect::<Result<Vec<_>>>()?;
        for (name, bytes) in built {
            zip.start_file(name, options)?;
            zip.write_all(&bytes)?;
        }
    }
    zip.finish()?.flush()?;
    Ok(())
}

/// 生成评分表: a blank workbook, or one per roster row as a .zip; roster
/// problems as `template` prints them (and then nothing is made).
pub fn template(
    job: &Job,
    scheme_id: Option<String>,
    scheme_file: Option<Upload>,
    roster: Option<Upload>,
) -> Result<Outcome> {
    let title = t().page_template();
    let mut html = format!("<h1>{}</h1>", escape(title));
    let refuse = |mut html: String, message: &str| {
        let _ = write!(
            html,
            "<p class=\"refused\" role=\"alert\">{}</p>",
            escape(message)
        );
        Ok(outcome(title, html, Vec::new()))
    };
    // A scheme file wins over the list; an id must be a built-in one (never a path).
    let chosen = if let Some(file) = scheme_file {
        let text = match std::fs::read(&file.path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => return refuse(html, t().upload_broken()),
        };
        match Scheme::from_toml(&text, &file.name) {
            Ok(s) => Some(s),
            Err(e) => return refuse(html, &e.to_string()),
        }
    } else if let Some(id) = scheme_id {
        match builtin_schemes().into_iter().find(|s| s.id == id) {
            Some(s) => Some(s),
            None => return refuse(html, &crate::scheme::SchemeError::Unknown(id).to_string()),
        }
    } else {
        None
    };
    let Some(roster) = roster else {
        let Some(scheme) = chosen else {
            return refuse(html, t().need_scheme());
        };
        job.total.store(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("{}.xlsx", safe_stem(&format!("{}_评分表", scheme.id)));
        let path = job.folder().join("template.xlsx");
        std::fs::write(&path, write_template(&scheme, None, None)?)?;
        job.tick();
        let _ = write!(
            html,
            "<p>{}</p>",
            escape(&t().wrote_blank(Path::new(&name)))
        );
        let downloads = vec![Download {
            key: "templates",
            name,
            path,
            mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }];
        html.push_str(&downloads_list(
            job,
            &downloads,
            &[t().download_templates(1)],
        ));
        return Ok(outcome(title, html, downloads));
    };
    let bytes = std::fs::read(&roster.path)
        .with_context(|| t().cannot_read_roster(Path::new(&roster.name)))?;
    let (schemes, chosen) = known_schemes(chosen);
    let choice = SchemeChoice {
        schemes: &schemes,
        chosen,
    };
    let ext = roster
        .name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let named_workbook = ext.is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.as_str()));
    let (rows, problems) = read_roster(&bytes, named_workbook, &choice);
    if !problems.is_empty() {
        html.push_str("<ul class=\"findings\">");
        for p in &problems {
            let class = if p.is_error() { "error" } else { "warning" };
            let _ = write!(
                html,
                "<li class=\"{class}\">{}</li>",
                escape(&roster_finding(&roster.name, p))
            );
        }
        html.push_str("</ul>");
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        return refuse(html, &t().roster_rejected(errors));
    }
    job.total
        .store(rows.len(), std::sync::atomic::Ordering::Relaxed);
    let names = file_names(&rows);
    let path = job.folder().join("templates.zip");
    let items: Vec<_> = rows.iter().zip(names).collect();
    write_zip(&path, &items, |(row, name)| {
        let bytes = write_template(&schemes[row.scheme], Some(&row.header), None)?;
        job.tick();
        Ok((name.clone(), bytes))
    })?;
    let zip_name = t().templates_file().to_string();
    let _ = write!(html, "<p>{}</p>", escape(&t().templates_made(rows.len())));
    let downloads = vec![Download {
        key: "templates",
        name: zip_name,
        path,
        mime: "application/zip",
    }];
    html.push_str(&downloads_list(
        job,
        &downloads,
        &[t().download_templates(rows.len())],
    ));
    Ok(outcome(title, html, downloads))
}

fn outcome(title: &str, html: String, downloads: Vec<Download>) -> Outcome {
    Outcome {
        title: title.to_string(),
        html,
        downloads,
    }
}
