//! The results workbook management reads: 汇总, 评价人明细, 问题清单 and the run sheet.
//! Labels follow `--lang`; grades and level words are the scheme's own.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::csv::{summary_fields, CSV_HEADER};
use super::neutralize;
use crate::ingest::consolidate::{sheet_totals, OrgResult};
use crate::ingest::{Catalog, FileResult, Severity, Status};
use crate::messages::pick;
use crate::score::round_report;

/// Counts of a run, for the run sheet and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
}

impl Counts {
    pub fn of(files: &[FileResult]) -> Counts {
        let mut c = Counts {
            read: files.len(),
            ..Counts::default()
        };
        for f in files {
            match f.status() {
                Status::Accepted => c.accepted += 1,
                Status::Rejected => c.rejected += 1,
                Status::Skipped => c.skipped += 1,
            }
        }
        c
    }
}

struct Formats {
    heading: Format,
    text: Format,
    number: Format,
    integer: Format,
    grade: Vec<Format>,
    error: Format,
    warning: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let grade_colors = [0xC6EFCE, 0xDDEBF7, 0xFFF2CC, 0xFCE4D6, 0xF8CBAD, 0xEDEDED];
    Formats {
        heading: base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_align(FormatAlign::Center),
        text: base.clone(),
        number: base.clone().set_num_format("0.00"),
        integer: base.clone().set_num_format("0"),
        grade: grade_colors
            .iter()
            .map(|c| base.clone().set_bold().set_background_color(Color::RGB(*c)))
            .collect(),
        error: base.clone().set_font_color(Color::RGB(0xC00000)),
        warning: base.clone().set_font_color(Color::RGB(0x9C5700)),
    }
}

fn number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Decimal>,
    f: &Format,
) -> Result<(), XlsxError> {
    match value.and_then(|v| round_report(v).to_f64()) {
        Some(v) => ws.write_number_with_format(row, col, v, f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// The colour class of a grade: 0 for the top grade … then below-grade, refused, incomplete.
fn grade_class(catalog: &Catalog, org: &OrgResult) -> usize {
    let scheme = &catalog.schemes[org.scheme];
    match &org.verdict.grade {
        None => 5,
        Some(g) => match scheme.grades.labels.iter().rev().position(|l| l == g) {
            Some(i) => i.min(2),
            None if *g == scheme.grades.otherwise => 4,
            None => 3,
        },
    }
}

/// Builds the results workbook's bytes.
pub fn write_results(
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = formats();
    summary_sheet(wb.add_worksheet(), catalog, orgs, &f)?;
    raters_sheet(wb.add_worksheet(), catalog, files, &f)?;
    findings_sheet(wb.add_worksheet(), files, &f)?;
    run_sheet(wb.add_worksheet(), catalog, files, orgs, &f)?;
    wb.save_to_buffer()
}

fn headings(ws: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.heading)?;
    }
    Ok(())
}

fn summary_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    orgs: &[OrgResult],
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
    for (i, org) in orgs.iter().enumerate() {
        let row = i as u32 + 1;
        let fields = summary_fields(catalog, org);
        ws.write_string_with_format(row, 0, neutralize(&fields[0]), &f.text)?;
        ws.write_string_with_format(row, 1, neutralize(&fields[1]), &f.text)?;
        ws.write_string_with_format(row, 2, &fields[2], &f.text)?;
        ws.write_number_with_format(row, 3, org.service_count as f64, &f.integer)?;
        number(ws, row, 4, org.service_score, &f.number)?;
        ws.write_number_with_format(row, 5, org.maturity_count as f64, &f.integer)?;
        number(ws, row, 6, org.maturity_total, &f.number)?;
        ws.write_string_with_format(row, 7, &fields[7], &f.text)?;
        ws.write_string_with_format(row, 8, &fields[8], &f.grade[grade_class(catalog, org)])?;
        ws.write_string_with_format(row, 9, &fields[9], &f.text)?;
    }
    for (c, w) in [30.0, 22.0, 14.0, 10.0, 12.0, 10.0, 12.0, 12.0, 12.0, 44.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 1)?;
    if !orgs.is_empty() {
        ws.autofilter(0, 0, orgs.len() as u32, 9)?;
    }
    Ok(())
}

fn raters_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    files: &[FileResult],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(pick("评价人明细", "Raters"))?;
    let fixed = [
        pick("认证方案", "Scheme"),
        pick("机构名称", "Organization"),
        pick("评价人", "Rater"),
        pick("统一社会信用代码", "Credit code"),
        pick("评价日期", "Date"),
        pick("来源文件", "Source file"),
        pick("服务特性测评得分", "Service score"),
        pick("管理成熟度总分", "Maturity total"),
    ];
    let mut row = 0u32;
    for (si, scheme) in catalog.schemes.iter().enumerate() {
        let accepted: Vec<&FileResult> = files
            .iter()
            .filter(|file| file.submission.as_ref().is_some_and(|s| s.scheme == si))
            .collect();
        if accepted.is_empty() {
            continue;
        }
        let mut names: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        names.extend(scheme.items.iter().map(|i| format!("α {}", i.code)));
        names.extend(
            scheme
                .clauses
                .iter()
                .map(|c| format!("{} {}", pick("等级", "level"), c.code)),
        );
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        headings(ws, row, &refs, f)?;
        row += 1;
        for file in accepted {
            let sub = file.submission.as_ref().expect("filtered");
            let totals = sheet_totals(catalog, file).expect("accepted");
            ws.write_string_with_format(row, 0, &scheme.id, &f.text)?;
            ws.write_string_with_format(row, 1, neutralize(&sub.header.organization), &f.text)?;
            ws.write_string_with_format(row, 2, neutralize(&sub.header.rater), &f.text)?;
            ws.write_string_with_format(row, 3, neutralize(&sub.header.credit_code), &f.text)?;
            ws.write_string_with_format(row, 4, neutralize(&sub.header.date), &f.text)?;
            ws.write_string_with_format(row, 5, neutralize(&file.name), &f.text)?;
            number(ws, row, 6, totals.service, &f.number)?;
            number(ws, row, 7, totals.maturity, &f.number)?;
            let mut col = 8u16;
            for i in 0..scheme.items.len() {
                match sub.alphas.as_ref().and_then(|a| a[i].to_f64()) {
                    Some(a) => ws.write_number_with_format(row, col, a, &f.text)?,
                    None => ws.write_blank(row, col, &f.text)?,
                };
                col += 1;
            }
            for i in 0..scheme.clauses.len() {
                match sub.levels.as_ref() {
                    Some(l) => {
                        ws.write_number_with_format(row, col, f64::from(l[i]), &f.integer)?
                    }
                    None => ws.write_blank(row, col, &f.text)?,
                };
                col += 1;
            }
            row += 1;
        }
        row += 1;
    }
    for (c, w) in [14.0, 28.0, 10.0, 20.0, 12.0, 36.0, 12.0, 12.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 3)?;
    Ok(())
}

fn findings_sheet(ws: &mut Worksheet, files: &[FileResult], f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(pick("问题清单", "Problems"))?;
    headings(
        ws,
        0,
        &[
            pick("文件", "File"),
            pick("位置", "Location"),
            pick("级别", "Severity"),
            pick("类别", "Kind"),
            pick("说明", "Message"),
            pick("文件处理结果", "File outcome"),
        ],
        f,
    )?;
    let mut row = 1;
    for file in files {
        let outcome = match file.status() {
            Status::Accepted => pick("已采用", "accepted"),
            Status::Rejected => pick("已退回", "rejected"),
            Status::Skipped => pick("已跳过", "skipped"),
        };
        for finding in &file.findings {
            let (sev, fmt) = match finding.severity {
                Severity::Error => (pick("错误", "error"), &f.error),
                Severity::Warning => (pick("警告", "warning"), &f.warning),
            };
            ws.write_string_with_format(row, 0, neutralize(&finding.file), &f.text)?;
            ws.write_string_with_format(row, 1, neutralize(&finding.location()), &f.text)?;
            ws.write_string_with_format(row, 2, sev, fmt)?;
            ws.write_string_with_format(row, 3, finding.problem.kind(), &f.text)?;
            ws.write_string_with_format(row, 4, neutralize(&finding.problem.to_string()), &f.text)?;
            ws.write_string_with_format(row, 5, outcome, &f.text)?;
            row += 1;
        }
    }
    for (c, w) in [40.0, 14.0, 8.0, 14.0, 80.0, 12.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if row > 1 {
        ws.autofilter(0, 0, row - 1, 5)?;
    }
    Ok(())
}

fn run_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(pick("运行信息", "Run"))?;
    let c = Counts::of(files);
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
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, k, &f.heading)?;
        ws.write_string_with_format(i as u32, 1, v, &f.text)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}
