//! The results workbook management reads: which sheets, in which order, built
//! how. Each sheet is written by its own file from the values of
//! [`crate::results`]; [`super::style`] holds the formats they share.
//!
//! Sheets, in order: 汇总 ([`super::summary`]: one row per scheme + organization,
//! grades coloured, a chart per scheme), 明细 and 极差 (one pair per scheme in use)
//! and 雷达图 ([`super::detail`]), 评价人明细 ([`super::raters`]), 评价人校准
//! ([`super::calibration`]), 问题清单 ([`super::problems`]) and 运行信息
//! ([`super::run_sheet`]: what was read and which rules were applied). A hidden
//! 图表数据 sheet holds what the 汇总 and 雷达图 charts plot. Labels follow
//! `--lang`; grades and level words are the scheme's own.
//!
//! The big sheets (明细, 极差, 评价人明细, 问题清单, 评价人校准) are written in
//! rust_xlsxwriter's constant memory mode: each row goes to a temporary file as
//! soon as the next one starts, so the workbook does not hold ten thousand rows
//! of cells in memory (at 10,000 workbooks, some 1.5 million cells: about 250 MB
//! held in memory otherwise). That mode needs rows written strictly in order. Bulk
//! cells take their number format from the column: a format given per cell costs
//! a lookup of the whole format each time (about three times the cost of the cell).
//! The zip is compressed at level 1: at 10,000 workbooks level 6 takes 0.4 s more
//! for a file half the size.

use std::fs::File;
use std::io::{BufWriter, Seek, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::run_sheet::{run_sheet, RunNotes};
use super::style::{formats, Formats};
use super::summary::{chart_data_sheet, summary_sheet};
use super::{calibration, detail, problems, raters};
use crate::messages::t;
use crate::model::{Catalog, FileResult};
use crate::results::Results;
use crate::timings;

/// Zip compression level (1–9).
pub const COMPRESSION: u8 = 1;

/// Builds the results workbook into `out` (a staged output file: the workbook is
/// never held in memory whole).
///
/// The big sheets go through temporary files (constant memory mode). When those
/// cannot be written (no temporary folder, disk full, a file size limit), the
/// workbook is built again in memory: it then takes more memory, but the run
/// still ends with its results or with a clear error when they are written out.
///
/// # Errors
///
/// [`XlsxError`] when rust_xlsxwriter cannot build the workbook or `out` cannot be written.
pub fn write_results(
    out: &mut File,
    catalog: &Catalog,
    files: &[FileResult],
    results: &Results,
) -> Result<(), XlsxError> {
    match quietly(|| build(catalog, files, results, Memory::Constant, out)) {
        Some(Ok(())) => Ok(()),
        Some(Err(XlsxError::TempFileError(..) | XlsxError::IoError(_))) | None => {
            out.set_len(0)?;
            out.rewind()?;
            build(catalog, files, results, Memory::InMemory, out)
        }
        Some(Err(e)) => Err(e),
    }
}

/// Where the big sheets keep their rows while the workbook is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Memory {
    /// In temporary files, a row at a time (rows must be written in order).
    Constant,
    /// In memory, all at once.
    InMemory,
}

/// Whether a panic is rust_xlsxwriter failing to write a temporary file: it
/// `expect`s its writes with "Couldn't write to xml file", and `unwrap`s the
/// last flush (an I/O error such as a full disk).
fn write_failure(payload: &(dyn std::any::Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    message.starts_with("Couldn't write to xml file")
        || (message.contains("Os {")
            && ["StorageFull", "FileTooLarge", "QuotaExceeded", "WriteZero"]
                .iter()
                .any(|kind| message.contains(kind)))
}

/// Runs `build`, turning the panic rust_xlsxwriter raises when it cannot write a
/// temporary file into `None`, without printing it. Other panics go on as usual.
fn quietly<T>(build: impl FnOnce() -> T) -> Option<T> {
    use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
    use std::sync::Arc;

    type Hook = dyn Fn(&PanicHookInfo<'_>) + Send + Sync;
    let previous: Arc<Hook> = Arc::from(panic::take_hook());
    let chained = Arc::clone(&previous);
    panic::set_hook(Box::new(move |info| {
        if !write_failure(info.payload()) {
            chained(info);
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(build));
    drop(panic::take_hook());
    panic::set_hook(Box::new(move |info| previous(info)));
    match result {
        Ok(value) => Some(value),
        Err(payload) if write_failure(&*payload) => None,
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Builds the workbook. The 明细 and 极差 sheets are built on one thread while the
/// other sheets are built on another (`rayon::join`); the formats are registered with
/// the workbook first, in a fixed order, so the bytes do not depend on which
/// thread comes first.
fn build(
    catalog: &Catalog,
    files: &[FileResult],
    results: &Results,
    memory: Memory,
    out: &mut File,
) -> Result<(), XlsxError> {
    let orgs = &results.orgs[..];
    let labels = t().labels();
    let mut wb = Workbook::new();
    // A fixed creation time: the same inputs give the same bytes.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(labels.title)
            .set_creation_datetime(&created),
    );
    wb.set_zip_compression_level(COMPRESSION);
    let f = formats();
    if memory == Memory::Constant {
        register_formats(&mut wb, &f)?;
    }
    // 明细 and 极差 use the shared-string table (low memory mode): they are the only
    // sheets adding to it while the sheets are built, so its order is fixed.
    let pairs = detail::schemes_in_use(orgs).len().max(1);
    let mut means = Vec::with_capacity(pairs);
    let mut spreads = Vec::with_capacity(pairs);
    for _ in 0..pairs {
        for sheets in [&mut means, &mut spreads] {
            sheets.push(match memory {
                Memory::Constant => wb.new_worksheet_with_low_memory()?,
                Memory::InMemory => Worksheet::new(),
            });
        }
    }
    let mut big = || match memory {
        Memory::Constant => wb.new_worksheet_with_constant_memory(),
        Memory::InMemory => Ok(Worksheet::new()),
    };
    let mut raters_ws = big()?;
    let mut calibration_ws = big()?;
    let mut problems_ws = big()?;
    let mut summary = Worksheet::new();
    let chart_data = labels.chart_data_sheet;
    let (details, others) = rayon::join(
        || {
            let _t = timings::span("results: 明细 and 极差 sheets");
            detail::detail_sheets(&mut means, &mut spreads, catalog, orgs, &f)
        },
        || -> Result<(), XlsxError> {
            let _t = timings::span("results: other sheets");
            summary_sheet(
                &mut summary,
                catalog,
                orgs,
                chart_data,
                results.compared(),
                &f,
            )?;
            raters::raters_sheet(&mut raters_ws, catalog, files, &results.sheets, &f)?;
            calibration::calibration_sheet(&mut calibration_ws, &results.raters, &f)?;
            problems::problems_sheet(&mut problems_ws, files, &f)
        },
    );
    details?;
    others?;
    let radars = detail::radars(catalog, orgs);
    let notes = RunNotes {
        detail_charts: radars.len(),
        flagged_raters: results.raters.iter().filter(|r| r.flagged()).count(),
        missing: results.missing.as_deref(),
    };
    let mut radar_ws = Worksheet::new();
    detail::radar_sheet(&mut radar_ws, &radars, chart_data, &f)?;
    wb.push_worksheet(summary);
    for ws in means.into_iter().chain(spreads) {
        wb.push_worksheet(ws);
    }
    for ws in [radar_ws, raters_ws, calibration_ws, problems_ws] {
        wb.push_worksheet(ws);
    }
    run_sheet(wb.add_worksheet(), catalog, files, orgs, notes, &f)?;
    let data = wb.add_worksheet();
    chart_data_sheet(data, catalog, orgs, chart_data, &f)?;
    detail::radar_data(data, &radars)?;
    let _t = timings::span("results: zip");
    let mut out = BufWriter::with_capacity(1 << 18, out);
    wb.save_to_writer(&mut out)?;
    out.flush()?;
    Ok(())
}

/// Gives every format of the constant memory sheets its index in a fixed order.
/// Those sheets share one table of formats, filled on first use: left to the
/// threads, the order (and so the bytes of the file) would vary from run to run.
fn register_formats(wb: &mut Workbook, f: &Formats) -> Result<(), XlsxError> {
    // A scratch sheet, never added to the workbook: setting a column format registers it.
    let mut scratch = wb.new_worksheet_with_constant_memory()?;
    for (c, format) in f.all().into_iter().enumerate() {
        scratch.set_column_format(c as u16, format)?;
    }
    Ok(())
}
