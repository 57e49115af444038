//! The results workbook management reads, and what its sheets share.
//!
//! Sheets, in order: 汇总 (one row per scheme + organization, grades coloured, a
//! chart per scheme), 明细 and 极差 (one pair per scheme in use) and 雷达图
//! ([`super::detail`]), 评价人明细 ([`super::raters`]), 评价人校准
//! ([`super::calibration`]), 问题清单 ([`super::problems`]) and 运行信息 (what was
//! read and which rules were applied). A hidden 图表数据 sheet holds what the 汇总
//! and 雷达图 charts plot. Labels follow `--lang`; grades and level words are the
//! scheme's own.
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

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLine, ChartLineDashType, ChartSolidFill, ChartType, Color,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::csv::{summary_fields, CSV_HEADER};
use super::neutralize;
use super::{calibration, detail, problems, raters};
use crate::messages::pick;
use crate::model::{Catalog, Counts, FileResult, Severity};
use crate::results::calibration::{MATURITY_FLAG, MIN_PANEL, SERVICE_FLAG};
use crate::results::organization::{WEAKEST, WIDE_SPREAD_PERCENT};
use crate::results::{OrgResult, Results};
use crate::score::{round_half_up, round_report};
use crate::timings;

/// At most this many organizations per scheme in a 汇总 chart (more make it unreadable).
pub const SUMMARY_CHART_LIMIT: usize = 200;

/// Zip compression level (1–9).
pub const COMPRESSION: u8 = 1;

/// The handful of formats every sheet uses. Cells of the big sheets mostly take
/// their format from the column instead (see the module notes).
pub(crate) struct Formats {
    /// Column headings: bold, shaded, wrapped.
    pub heading: Format,
    /// A heading over a group of columns (明细, 极差): as a heading, to the left, so it
    /// shows at the start of a wide group.
    pub part: Format,
    /// A bordered cell (汇总, 运行信息).
    pub text: Format,
    pub number: Format,
    pub integer: Format,
    /// One per grade class, see [`grade_class`].
    pub grade: Vec<Format>,
    /// The severity of a finding in 问题清单.
    pub error: Format,
    pub warning: Format,
    /// Bold, no border: totals and group rows.
    pub bold: Format,
    pub bold_number: Format,
    /// Shaded bold: a file's row in 问题清单.
    pub group: Format,
    /// Column formats of the big sheets: no border, so empty rows stay clean.
    pub col_number: Format,
    pub col_integer: Format,
    pub col_alpha: Format,
    /// A weak item in 明细 and a flagged rater in 评价人校准.
    pub weak: Format,
    pub weak_number: Format,
    /// A spread between raters that is large for the item.
    pub wide_spread: Format,
}

/// Grade fills: the certification grades from the top down, then a grade below
/// the certification grades (未达星级), refused (不予认证), incomplete (资料不全).
const CERTIFIED_COLORS: [u32; 6] = [0x63BE7B, 0xA9D08E, 0xC6EFCE, 0xDDEBF7, 0xBDD7EE, 0xE2EFDA];
const BELOW_COLOR: u32 = 0xFFEB9C;
const REFUSED_COLOR: u32 = 0xFFC7CE;
const INCOMPLETE_COLOR: u32 = 0xD9D9D9;

pub(crate) fn formats() -> Formats {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let grade: Vec<Format> = CERTIFIED_COLORS
        .iter()
        .chain(&[BELOW_COLOR, REFUSED_COLOR, INCOMPLETE_COLOR])
        .map(|c| base.clone().set_bold().set_background_color(Color::RGB(*c)))
        .collect();
    let weak_fill = Color::RGB(0xF8CBAD);
    Formats {
        heading: base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_align(FormatAlign::Center),
        part: base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_align(FormatAlign::Left),
        text: base.clone(),
        number: base.clone().set_num_format("0.00"),
        integer: base.clone().set_num_format("0"),
        grade,
        error: Format::new().set_font_color(Color::RGB(0xC00000)),
        warning: Format::new().set_font_color(Color::RGB(0x9C5700)),
        bold: Format::new().set_bold(),
        bold_number: Format::new().set_bold().set_num_format("0.00"),
        group: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xEDEDED)),
        col_number: Format::new().set_num_format("0.00"),
        col_integer: Format::new().set_num_format("0"),
        col_alpha: Format::new().set_num_format("0.00##"),
        weak: Format::new().set_background_color(weak_fill),
        weak_number: Format::new()
            .set_background_color(weak_fill)
            .set_num_format("0.00"),
        wide_spread: Format::new()
            .set_font_color(Color::RGB(0xC00000))
            .set_bold()
            .set_num_format("0.00"),
    }
}

/// A reported figure: rounded half-up to 2 decimals (so the cell shows what the CSV says).
pub(crate) fn figure(x: Decimal) -> f64 {
    round_report(x).to_f64().unwrap_or(0.0)
}

/// A share (0–1) to be shown as a percentage with 2 decimals: rounded half-up to 4 decimals.
pub(crate) fn share(x: Decimal) -> f64 {
    round_half_up(x, 4).to_f64().unwrap_or(0.0)
}

/// Writes a figure with `format`, or a blank cell carrying it when there is none.
pub(crate) fn put_figure(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => ws.write_number_with_format(row, col, figure(v), format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// Column headings in `row`, from column 0.
pub(crate) fn headings(
    ws: &mut Worksheet,
    row: u32,
    names: &[&str],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.heading)?;
    }
    Ok(())
}

/// Width of text in Excel's column units: a CJK or full-width character counts two.
pub(crate) fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 2.0 } else { 1.0 })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A column width that fits the widest of `texts` (and its heading), within [min, max].
pub(crate) fn fit<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let widest = texts.into_iter().map(text_width).fold(0.0, f64::max);
    // A little more than the text: Chinese glyphs are slightly wider than two digits.
    (widest * 1.1 + 2.0).clamp(min, max)
}

/// The colour class of a grade (an index into [`Formats::grade`]): the certification
/// grades from the top down, then a lower rule's grade, refused, incomplete.
pub(crate) fn grade_class(catalog: &Catalog, org: &OrgResult) -> usize {
    let scheme = &catalog.schemes[org.scheme];
    let below = CERTIFIED_COLORS.len();
    match &org.verdict.grade {
        None => below + 2,
        Some(g) => match scheme.grades.labels.iter().rev().position(|l| l == g) {
            Some(i) => i.min(below - 1),
            None if *g == scheme.grades.otherwise => below + 1,
            None => below,
        },
    }
}

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
    let mut wb = Workbook::new();
    // A fixed creation time: the same inputs give the same bytes.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(pick("服务认证评分结果", "Service certification results"))
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
    let chart_data = pick("图表数据", "ChartData");
    let (details, others) = rayon::join(
        || {
            let _t = timings::span("results: 明细 and 极差 sheets");
            detail::detail_sheets(&mut means, &mut spreads, catalog, orgs, &f)
        },
        || -> Result<(), XlsxError> {
            let _t = timings::span("results: other sheets");
            summary_sheet(&mut summary, catalog, orgs, chart_data, &f)?;
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
    let mut all = vec![
        &f.heading,
        &f.part,
        &f.text,
        &f.number,
        &f.integer,
        &f.error,
        &f.warning,
        &f.bold,
        &f.bold_number,
        &f.group,
        &f.col_number,
        &f.col_integer,
        &f.col_alpha,
        &f.weak,
        &f.weak_number,
        &f.wide_spread,
    ];
    all.extend(&f.grade);
    // A scratch sheet, never added to the workbook: setting a column format registers it.
    let mut scratch = wb.new_worksheet_with_constant_memory()?;
    for (c, format) in all.into_iter().enumerate() {
        scratch.set_column_format(c as u16, format)?;
    }
    Ok(())
}

fn summary_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    orgs: &[OrgResult],
    chart_data: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(pick("汇总", "Summary"))?;
    let labels_en = [
        "Organization",
        "Credit code",
        "Scheme",
        "Service sheets",
        "Service score",
        "Maturity sheets",
        "Maturity total",
        "Management level",
        "Grade",
        "Note",
    ];
    let labels: Vec<&str> = CSV_HEADER
        .iter()
        .zip(labels_en)
        .map(|(zh, en)| pick(zh, en))
        .collect();
    headings(ws, 0, &labels, f)?;
    let mut widths: Vec<f64> = labels.iter().map(|l| text_width(l) + 2.0).collect();
    for (i, org) in orgs.iter().enumerate() {
        let row = i as u32 + 1;
        let fields = summary_fields(catalog, org);
        for c in [0, 1, 2, 7, 8, 9] {
            widths[c] = widths[c].max(text_width(&fields[c]) * 1.1 + 2.0);
        }
        ws.write_string_with_format(row, 0, neutralize(&fields[0]), &f.text)?;
        ws.write_string_with_format(row, 1, neutralize(&fields[1]), &f.text)?;
        ws.write_string_with_format(row, 2, &fields[2], &f.text)?;
        ws.write_number_with_format(row, 3, org.service.sheets as f64, &f.integer)?;
        put_figure(ws, row, 4, org.service_score, &f.number)?;
        ws.write_number_with_format(row, 5, org.maturity.sheets as f64, &f.integer)?;
        put_figure(ws, row, 6, org.maturity_total, &f.number)?;
        ws.write_string_with_format(row, 7, &fields[7], &f.text)?;
        ws.write_string_with_format(row, 8, &fields[8], &f.grade[grade_class(catalog, org)])?;
        ws.write_string_with_format(row, 9, &fields[9], &f.text)?;
    }
    for (c, w) in widths.into_iter().enumerate() {
        // Headings wrap, so figures need not be as wide as their heading.
        let cap = if (3..=6).contains(&c) { 12.0 } else { 60.0 };
        ws.set_column_width(c as u16, w.clamp(8.0, cap))?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 1)?;
    if !orgs.is_empty() {
        ws.autofilter(0, 0, orgs.len() as u32, 9)?;
    }
    // Printed: the table (not the charts beside it), landscape, one page wide.
    ws.set_print_area(0, 0, orgs.len() as u32, 9)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;

    // One chart per scheme, to the right of the table, one below the other.
    let mut anchor = 1u32;
    for (si, rows) in chart_blocks(catalog, orgs) {
        let scheme = &catalog.schemes[si];
        let shown = rows.len().min(SUMMARY_CHART_LIMIT);
        let (first, last) = (rows.first_row, rows.first_row + shown as u32 - 1);
        let mut chart = Chart::new(ChartType::Column);
        let more = if rows.len() > shown {
            pick(
                &format!("（前 {shown} 个组织，共 {} 个）", rows.len()),
                &format!(" (first {shown} of {} organizations)", rows.len()),
            )
            .to_string()
        } else {
            String::new()
        };
        chart.title().set_name(&format!(
            "{} {}{more}",
            scheme.id,
            pick(
                "服务特性测评得分与级别线",
                "service score against the grade thresholds"
            ),
        ));
        chart
            .add_series()
            .set_name(pick("服务特性测评得分", "Service score"))
            .set_categories((chart_data, first, 0, last, 0))
            .set_values((chart_data, first, 1, last, 1))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(0x4472C4)),
            );
        let mut lines = Chart::new(ChartType::Line);
        let colors = [0x00B050, 0x70AD47, 0xFFC000, 0xED7D31, 0xC00000, 0x7030A0];
        for (k, rule) in scheme.grade_rules.iter().enumerate() {
            lines
                .add_series()
                .set_name(&format!("{} ≥ {}", rule.grade, rule.min_score))
                .set_categories((chart_data, first, 0, last, 0))
                .set_values((chart_data, first, 2 + k as u16, last, 2 + k as u16))
                .set_format(
                    ChartFormat::new().set_line(
                        ChartLine::new()
                            .set_color(colors[k % colors.len()])
                            .set_width(1.5)
                            .set_dash_type(ChartLineDashType::Dash),
                    ),
                );
        }
        chart.combine(&lines);
        chart.y_axis().set_min(0).set_max(100).set_major_unit(10);
        chart.y_axis().set_name(pick("得分", "Score"));
        chart
            .x_axis()
            .set_font(ChartFont::new().set_rotation(-45).set_size(8));
        chart.set_width((80 + 18 * shown as u32).clamp(640, 3600));
        chart.set_height(400);
        ws.insert_chart(anchor, 11, &chart)?;
        anchor += 22;
    }
    Ok(())
}

/// Where the rows of each scheme start on the chart data sheet.
struct ChartRows {
    first_row: u32,
    orgs: Vec<usize>,
}

impl ChartRows {
    fn len(&self) -> usize {
        self.orgs.len()
    }
}

/// Per scheme with organizations: its block on the chart data sheet (a heading row,
/// then one row per organization, up to [`SUMMARY_CHART_LIMIT`], then a blank row).
fn chart_blocks(catalog: &Catalog, orgs: &[OrgResult]) -> Vec<(usize, ChartRows)> {
    let mut blocks = Vec::new();
    let mut row = 0u32;
    for si in 0..catalog.schemes.len() {
        let of_scheme: Vec<usize> = (0..orgs.len()).filter(|&i| orgs[i].scheme == si).collect();
        if of_scheme.is_empty() {
            continue;
        }
        let shown = of_scheme.len().min(SUMMARY_CHART_LIMIT) as u32;
        blocks.push((
            si,
            ChartRows {
                first_row: row + 1,
                orgs: of_scheme,
            },
        ));
        row += shown + 2;
    }
    blocks
}

/// The hidden sheet the 汇总 charts plot: per scheme, each organization's service
/// score and, for every grade rule, its threshold (a flat line across the chart).
fn chart_data_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    orgs: &[OrgResult],
    name: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (si, rows) in chart_blocks(catalog, orgs) {
        let scheme = &catalog.schemes[si];
        let mut names = vec![
            scheme.id.clone(),
            pick("服务特性测评得分", "Service score").to_string(),
        ];
        names.extend(scheme.grade_rules.iter().map(|r| r.grade.clone()));
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        headings(ws, rows.first_row - 1, &refs, f)?;
        for (k, &oi) in rows.orgs.iter().take(SUMMARY_CHART_LIMIT).enumerate() {
            let row = rows.first_row + k as u32;
            let org = &orgs[oi];
            ws.write_string(row, 0, neutralize(&org.name))?;
            if let Some(s) = org.service_score {
                ws.write_number(row, 1, figure(s))?;
            }
            for (c, rule) in scheme.grade_rules.iter().enumerate() {
                ws.write_number(row, 2 + c as u16, figure(rule.min_score))?;
            }
        }
    }
    ws.set_column_width(0, 30)?;
    ws.set_hidden(true);
    Ok(())
}

/// What other sheets report to the run sheet.
struct RunNotes {
    detail_charts: usize,
    flagged_raters: usize,
}

fn run_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
    notes: RunNotes,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(pick("运行信息", "Run"))?;
    let c = Counts::of(files);
    let (errors, warnings) =
        files
            .iter()
            .flat_map(|f| &f.findings)
            .fold((0, 0), |(e, w), x| match x.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
            });
    let mut lines: Vec<(String, String)> = vec![
        (
            pick("工具版本", "Tool version").into(),
            format!("certsheet {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            pick("读取工作簿", "Workbooks read").into(),
            c.read.to_string(),
        ),
        (pick("采用", "Accepted").into(), c.accepted.to_string()),
        (pick("退回", "Rejected").into(), c.rejected.to_string()),
        (
            pick("跳过（空表）", "Skipped (empty)").into(),
            c.skipped.to_string(),
        ),
        (
            pick("组织数", "Organizations").into(),
            orgs.len().to_string(),
        ),
        (
            pick("问题", "Problems").into(),
            pick(
                &format!("错误 {errors} 个，警告 {warnings} 个（按类别的统计见“问题清单”右侧）"),
                &format!("{errors} errors, {warnings} warnings (counts per kind beside the Problems list)"),
            )
            .into(),
        ),
    ];
    for scheme in &catalog.schemes {
        lines.push((
            pick("认证方案", "Scheme").into(),
            format!(
                "{} {} {} {}",
                scheme.id, scheme.title, scheme.document, scheme.version
            ),
        ));
        for rule in &scheme.grade_rules {
            lines.push((
                format!("  {}", pick("级别规则", "grade rule")),
                format!(
                    "{}: {} ≥ {}, {} ≥ {}",
                    rule.grade,
                    pick("服务得分", "service score"),
                    rule.min_score,
                    pick("管理等级", "management level"),
                    rule.min_level
                ),
            ));
        }
        lines.push((
            format!("  {}", pick("否则", "otherwise")),
            scheme.grades.otherwise.clone(),
        ));
    }
    lines.push((
        pick("计算规则", "Arithmetic").into(),
        pick(
            "α 取 4 位小数（四舍五入）；其余精确十进制计算；组织得分为各评价人得分的均值，最后四舍五入到 2 位小数，等级与级别按舍入后的数值判定。",
            "α to 4 decimals (half-up); exact decimal arithmetic; organization figures are the mean over raters, rounded half-up to 2 decimals once at the end; levels and grades decided on the rounded figures.",
        )
        .into(),
    ));
    lines.push((
        pick("汇总图表", "Summary charts").into(),
        pick(
            &format!("每个认证方案一张：各组织的服务特性测评得分（柱）与各级别的得分线（虚线）；每张最多 {SUMMARY_CHART_LIMIT} 个组织（按表中顺序）。"),
            &format!("one per scheme: each organization's service score (columns) and each grade's threshold (dashed lines); at most {SUMMARY_CHART_LIMIT} organizations per chart (in table order)."),
        )
        .into(),
    ));
    lines.push((
        pick("明细、极差、雷达图", "Detail, Spread, Radar").into(),
        pick(
            &format!(
                "每个组织一行、每个服务特性、项目、管理要求与条款一列（表头注明分值）：“明细”为均分（各评价人得分的均值），“极差”为评价人之间最高减最低。“明细”中每个组织得分率（均分 ÷ 分值）最低的 {} 个项目和 {} 个条款加底色（并列时按序号；全部相同则不标）；“极差”中达到分值的 {}% 的标为红色。雷达图只画前 {} 个有服务测评的组织（本次 {} 张），画各服务特性的得分率。",
                WEAKEST, WEAKEST, WIDE_SPREAD_PERCENT, detail::DETAIL_CHARTS, notes.detail_charts
            ),
            &format!(
                "a row per organization, a column per characteristic, item, requirement group and clause (its points in the heading): Detail holds the mean score over raters, Spread the highest minus the lowest rater. In Detail, each organization's {} items and {} clauses with the lowest share (mean ÷ points) are shaded (ties by code; none when all are equal); in Spread, a spread of {}% of the points or more is red. Radar charts of the characteristics' shares only for the first {} organizations with service sheets ({} in this run).",
                WEAKEST, WEAKEST, WIDE_SPREAD_PERCENT, detail::DETAIL_CHARTS, notes.detail_charts
            ),
        )
        .into(),
    ));
    lines.push((
        pick("评价人校准", "Calibration").into(),
        pick(
            &format!(
                "偏差 = 评价人的得分 − 该组织全部有效评分的均值（含本人），只计至少 {} 位评价人的组织；平均偏差为这些组织上的均值。服务得分平均偏差的绝对值 ≥ {} 分或管理成熟度总分 ≥ {} 分时标记（按四舍五入到 2 位小数后的数值判定）；本次标记 {} 人。评价人按姓名识别（忽略空格与全角/半角差异）：同名的两位评价人会被合并为一人。",
                MIN_PANEL, SERVICE_FLAG, MATURITY_FLAG, notes.flagged_raters
            ),
            &format!(
                "deviation = the rater's score − the mean of all valid sheets of that organization (the rater's included), only for organizations with at least {} raters; the mean deviation is over those organizations. Flagged when |mean service deviation| ≥ {} points or |mean maturity deviation| ≥ {} (on the figures rounded to 2 decimals); {} flagged in this run. Raters are identified by name (spaces and full-/half-width folded): two raters with the same name are merged.",
                MIN_PANEL, SERVICE_FLAG, MATURITY_FLAG, notes.flagged_raters
            ),
        )
        .into(),
    ));
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, k, &f.heading)?;
        ws.write_string_with_format(i as u32, 1, v, &f.text.clone().set_text_wrap())?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}
