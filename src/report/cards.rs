//! Report cards (`ingest … --cards DIR`): one workbook per scheme + organization,
//! one printed A4 page, what a certification decision meeting or the organization
//! itself reads. From the top: the organization, its code and scheme; the grade
//! (coloured) and the reason; the conformity review and, with `--previous`, the
//! earlier grade and the change; the service score and maturity total with the
//! sheets counted; each grade's requirements against the organization's figures;
//! each characteristic and requirement group against its points (a table and two
//! charts); the weakest items and clauses; the auditors' 评价说明; the raters and
//! dates.
//!
//! Only writing, from the values of [`crate::results`]; the file names and the
//! atomic writing of the set are the caller's. One page is guaranteed by the page
//! set-up (fit to one page); the content is bounded so that the page stays
//! readable: at most [`CARD_REMARKS`] remarks of at most [`CARD_REMARK_CHARS`]
//! characters (the rest are counted, and all are in 评价人明细).

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Color,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::columns::{change_text, conformity_text, earlier_grade};
use super::neutralize;
use super::style::{figure, grade_class, share, Formats};
use crate::grade::Review;
use crate::messages::{grade_text, t};
use crate::model::{Catalog, FileResult};
use crate::results::OrgResult;
use crate::scheme::Scheme;

/// At most this many 评价说明 on a card.
pub const CARD_REMARKS: usize = 8;
/// A 评价说明 on a card is cut to this many characters.
pub const CARD_REMARK_CHARS: usize = 160;

/// The card's columns: A, then B–H.
const COLUMNS: u16 = 8;
/// Widths of the columns (Excel character units): about 93 in all, an A4 page's width in
/// portrait. A and E hold the names of the tables' two halves.
const WIDTHS: [f64; 8] = [16.0, 11.0, 11.0, 11.0, 16.0, 9.5, 9.5, 9.5];

/// The formats of a card.
struct Looks {
    title: Format,
    subtitle: Format,
    label: Format,
    value: Format,
    wrapped: Format,
    strong: Format,
    section: Format,
    heading: Format,
    cell: Format,
    /// A name in a table: wrapped (its row is made tall enough).
    name: Format,
    number: Format,
    percent: Format,
    met: Format,
    not_met: Format,
    note: Format,
}

fn looks() -> Looks {
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    Looks {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        subtitle: Format::new()
            .set_font_color(Color::RGB(0x595959))
            .set_align(FormatAlign::Center),
        label: border
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2)),
        value: border.clone(),
        wrapped: border.clone().set_text_wrap(),
        strong: border.clone().set_bold().set_font_size(12),
        section: Format::new()
            .set_bold()
            .set_font_size(12)
            .set_font_color(Color::RGB(0x1F3864))
            .set_border_bottom(FormatBorder::Medium),
        heading: border
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(0xEDEDED)),
        cell: border.clone(),
        name: border.clone().set_text_wrap(),
        number: border.clone().set_num_format("0.00"),
        percent: border.clone().set_num_format("0.0%"),
        met: border
            .clone()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(0xC6EFCE)),
        not_met: border
            .clone()
            .set_align(FormatAlign::Center)
            .set_font_color(Color::RGB(0x9C0006)),
        note: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
    }
}

/// Rows a text of `width` display columns takes in a merged cell `cols` characters
/// wide (at least 1).
fn lines_for(text: &str, cols: f64) -> u32 {
    let w = crate::messages::width::width(text) as f64;
    ((w * 1.05 / cols).ceil() as u32).max(1)
}

/// One remark as the card shows it: the item or clause, the rater, the text.
struct Remark {
    line: String,
    text: String,
}

/// The report card of `org` (of `catalog`), built from its accepted files among
/// `files`, as the bytes of an .xlsx.
///
/// # Errors
///
/// [`XlsxError`] when rust_xlsxwriter cannot build the workbook.
pub fn card(
    catalog: &Catalog,
    files: &[FileResult],
    org: &OrgResult,
) -> Result<Vec<u8>, XlsxError> {
    let scheme = &catalog.schemes[org.scheme];
    let l = t().labels();
    let c = t().card_labels();
    let k = looks();
    let grades: Formats = super::style::formats();

    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", scheme.title, c.title))
            .set_creation_datetime(&created),
    );
    wb.set_zip_compression_level(super::workbook::COMPRESSION);
    let ws = wb.add_worksheet();
    ws.set_name(c.sheet)?;
    for (col, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    let last = COLUMNS - 1;
    let full: f64 = WIDTHS.iter().sum();
    let right: f64 = WIDTHS[3..].iter().sum();

    // The heading: the scheme's title, its document.
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{} {}", scheme.title, c.title),
        &k.title,
    )?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        &format!("{}（{}）· {}", scheme.title, scheme.id, scheme.document),
        &k.subtitle,
    )?;

    // Who, and the decision.
    let mut row = 3u32;
    ws.write_string_with_format(row, 0, l.organization, &k.label)?;
    ws.merge_range(row, 1, row, last, &neutralize(&org.name), &k.strong)?;
    row += 1;
    ws.write_string_with_format(row, 0, l.credit_code, &k.label)?;
    ws.merge_range(row, 1, row, 3, &neutralize(&org.credit_code), &k.value)?;
    ws.write_string_with_format(row, 4, l.scheme, &k.label)?;
    ws.merge_range(row, 5, row, last, &scheme.id, &k.value)?;
    row += 1;
    let note = t().grade_note(scheme, &org.verdict);
    ws.write_string_with_format(row, 0, l.grade, &k.label)?;
    let grade_look = grades.grade[grade_class(scheme, &org.verdict)]
        .clone()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    ws.merge_range(row, 1, row, 2, &grade_text(&org.verdict), &grade_look)?;
    ws.merge_range(row, 3, row, last, &note, &k.wrapped)?;
    ws.set_row_height(row, 18.0 * lines_for(&note, right).max(2) as f64)?;
    row += 1;
    ws.write_string_with_format(row, 0, l.conformity, &k.label)?;
    let review = conformity_text(org.review.as_ref().map(Review::conformity));
    ws.merge_range(row, 1, row, 2, &review, &k.value)?;
    if let Some(earlier) = &org.earlier {
        ws.merge_range(row, 3, row, 4, l.previous_grade, &k.label)?;
        let shown = match &earlier.row {
            Some(_) => format!("{}（{}）", earlier_grade(org), change_text(earlier.change)),
            None => format!("{} {}", change_text(earlier.change), c.no_earlier),
        };
        ws.merge_range(row, 5, row, last, &shown, &k.value)?;
    } else {
        ws.merge_range(row, 3, row, last, "", &k.value)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, l.service_score, &k.label)?;
    write_figure(ws, row, 1, 2, org.service_score, &k)?;
    ws.merge_range(row, 3, row, 4, l.maturity_total, &k.label)?;
    let total = match (org.maturity_total, org.level) {
        (Some(m), Some(level)) => format!("{} · {}", two(m), scheme.levels[level].label),
        (Some(m), None) => two(m),
        _ => String::new(),
    };
    ws.merge_range(row, 5, row, last, &total, &k.value)?;
    row += 1;
    ws.write_string_with_format(row, 0, c.sheets_counted, &k.label)?;
    ws.merge_range(
        row,
        1,
        row,
        last,
        &t().card_sheets(org.service.sheets, org.maturity.sheets),
        &k.value,
    )?;
    row += 2;

    // Each grade's requirements against this organization.
    row = section(ws, row, c.thresholds, &k)?;
    let heads = [
        (0, 0, l.grade),
        (1, 2, c.required_score),
        (3, 4, c.required_level),
        (5, 6, c.required_conformity),
        (7, 7, c.met),
    ];
    for (first, end, text) in heads {
        put(ws, row, first, end, text, &k.heading)?;
    }
    ws.set_row_height(row, 30)?;
    row += 1;
    let passed = !scheme.grades.conformity_required || matches!(org.review, Some(Review::Passed));
    for rule in &scheme.grade_rules {
        let needs_level = scheme.levels.iter().position(|v| v.label == rule.min_level);
        let met = org.service_score.is_some_and(|s| s >= rule.min_score)
            && org.level.zip(needs_level).is_some_and(|(a, b)| a >= b)
            && passed;
        put(ws, row, 0, 0, &rule.grade, &k.cell)?;
        put(ws, row, 1, 2, &format!("≥ {}", rule.min_score), &k.cell)?;
        put(ws, row, 3, 4, &format!("≥ {}", rule.min_level), &k.cell)?;
        let conformity = if scheme.grades.conformity_required {
            c.must_pass
        } else {
            ""
        };
        put(ws, row, 5, 6, conformity, &k.cell)?;
        let (text, look) = if met {
            (c.yes, &k.met)
        } else {
            (c.no, &k.not_met)
        };
        put(ws, row, 7, 7, text, look)?;
        row += 1;
    }
    put(ws, row, 0, 0, c.this_organization, &k.label)?;
    put(
        ws,
        row,
        1,
        2,
        &org.service_score.map(two).unwrap_or_default(),
        &k.label,
    )?;
    put(
        ws,
        row,
        3,
        4,
        &org.level
            .map(|i| scheme.levels[i].label.clone())
            .unwrap_or_default(),
        &k.label,
    )?;
    put(ws, row, 5, 6, &review, &k.label)?;
    put(ws, row, 7, 7, &grade_text(&org.verdict), &k.label)?;
    row += 2;

    // Each characteristic and requirement group against its points: a table, two charts.
    row = section(ws, row, c.parts, &k)?;
    let table = row;
    side_by_side_headings(
        ws,
        row,
        [c.characteristic, c.points, c.mean_score, c.share],
        [c.group, c.points, c.mean_score, c.share],
        &k,
    )?;
    row += 1;
    let service: Vec<(String, &crate::results::Line)> = scheme
        .characteristics
        .iter()
        .zip(&org.service.sections)
        .map(|(ch, line)| (format!("{} {}", ch.code, ch.name), line))
        .collect();
    let maturity: Vec<(String, &crate::results::Line)> = scheme
        .groups
        .iter()
        .zip(&org.maturity.sections)
        .map(|(g, line)| (format!("{} {}", g.code, g.name), line))
        .collect();
    let rows = service.len().max(maturity.len()) as u32;
    name_heights(ws, row, &[&service, &maturity])?;
    for (first, lines) in [(0u16, &service), (4u16, &maturity)] {
        for (i, (name, line)) in lines.iter().enumerate() {
            let r = row + i as u32;
            ws.write_string_with_format(r, first, name, &k.name)?;
            ws.write_number_with_format(r, first + 1, f64::from(line.points), &k.cell)?;
            match line.mean {
                Some(m) => ws.write_number_with_format(r, first + 2, figure(m), &k.number)?,
                None => ws.write_blank(r, first + 2, &k.number)?,
            };
            match line.share() {
                Some(x) => ws.write_number_with_format(r, first + 3, share(x), &k.percent)?,
                None => ws.write_blank(r, first + 3, &k.percent)?,
            };
        }
    }
    row += rows;
    let sheet = c.sheet;
    let chart_row = row;
    for (first, lines, title) in [
        (0u16, &service, c.characteristic),
        (4u16, &maturity, c.group),
    ] {
        if lines.is_empty() {
            continue;
        }
        let (r0, r1) = (table + 1, table + lines.len() as u32);
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .title()
            .set_name(title)
            .set_font(ChartFont::new().set_size(10).set_bold());
        chart
            .add_series()
            .set_name(c.points)
            .set_categories((sheet, r0, first, r1, first))
            .set_values((sheet, r0, first + 1, r1, first + 1))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(0xBFBFBF)),
            );
        chart
            .add_series()
            .set_name(c.mean_score)
            .set_categories((sheet, r0, first, r1, first))
            .set_values((sheet, r0, first + 2, r1, first + 2))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(0x4472C4)),
            );
        // A bar chart's y axis is its categories: the first at the top, as in the table.
        chart.y_axis().set_reverse();
        chart.x_axis().set_min(0);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        let width: f64 = WIDTHS[first as usize..first as usize + 4].iter().sum();
        chart.set_width((width * 7.4) as u32);
        chart.set_height(250);
        ws.insert_chart_with_offset(chart_row, first, &chart, 2, 4)?;
    }
    // 250 px of chart over rows of 20 px, and a margin.
    row = chart_row + 14;

    // The weakest items and clauses.
    row = section(ws, row, c.weakest, &k)?;
    side_by_side_headings(
        ws,
        row,
        [c.item, c.points, c.mean_score, c.share],
        [c.clause, c.points, c.mean_score, c.share],
        &k,
    )?;
    row += 1;
    let items: Vec<(String, &crate::results::Line)> = org
        .service
        .weakest
        .iter()
        .map(|&i| {
            let item = &scheme.items[i];
            (
                format!("{} {}", item.code, item.indicator),
                &org.service.lines[i],
            )
        })
        .collect();
    let clauses: Vec<(String, &crate::results::Line)> = org
        .maturity
        .weakest
        .iter()
        .map(|&i| {
            let clause = &scheme.clauses[i];
            (
                format!("{} {}", clause.code, clause.name),
                &org.maturity.lines[i],
            )
        })
        .collect();
    let weak_rows = items.len().max(clauses.len()).max(1) as u32;
    name_heights(ws, row, &[&items, &clauses])?;
    for (first, lines) in [(0u16, &items), (4u16, &clauses)] {
        for i in 0..weak_rows as usize {
            let r = row + i as u32;
            match lines.get(i) {
                Some((name, line)) => {
                    ws.write_string_with_format(r, first, name, &k.name)?;
                    ws.write_number_with_format(r, first + 1, f64::from(line.points), &k.cell)?;
                    match line.mean {
                        Some(m) => {
                            ws.write_number_with_format(r, first + 2, figure(m), &k.number)?
                        }
                        None => ws.write_blank(r, first + 2, &k.number)?,
                    };
                    match line.share() {
                        Some(x) => {
                            ws.write_number_with_format(r, first + 3, share(x), &k.percent)?
                        }
                        None => ws.write_blank(r, first + 3, &k.percent)?,
                    };
                }
                None => {
                    for col in first..first + 4 {
                        ws.write_blank(r, col, &k.cell)?;
                    }
                }
            }
        }
    }
    row += weak_rows + 1;

    // The auditors' remarks.
    row = section(ws, row, c.remarks, &k)?;
    let remarks = remarks_of(scheme, files, org);
    if remarks.is_empty() {
        ws.merge_range(row, 0, row, last, c.no_remarks, &k.note)?;
        row += 1;
    }
    for remark in remarks.iter().take(CARD_REMARKS) {
        let mut text: String = remark.text.chars().take(CARD_REMARK_CHARS).collect();
        if remark.text.chars().count() > CARD_REMARK_CHARS {
            text.push('…');
        }
        let shown = neutralize(&format!("{}：{}", remark.line, text));
        ws.merge_range(row, 0, row, last, &shown, &k.note)?;
        ws.set_row_height(row, 15.0 * lines_for(&shown, full) as f64 + 3.0)?;
        row += 1;
    }
    if remarks.len() > CARD_REMARKS {
        ws.merge_range(
            row,
            0,
            row,
            last,
            &t().more_remarks(remarks.len() - CARD_REMARKS),
            &k.subtitle,
        )?;
        row += 1;
    }
    row += 1;

    // The raters and dates.
    row = section(ws, row, c.raters, &k)?;
    let raters = raters_of(files, org);
    ws.merge_range(row, 0, row, last, &neutralize(&raters), &k.note)?;
    ws.set_row_height(row, 15.0 * lines_for(&raters, full) as f64 + 3.0)?;

    // One A4 page, portrait, whatever the content.
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, row, last)?;
    ws.set_footer(format!(
        "&L&8certsheet {}&R&8{}",
        env!("CARGO_PKG_VERSION"),
        scheme.document
    ));
    wb.save_to_buffer()
}

/// Rows from `row` down as tall as the longest of their names needs: the names of
/// the left half in column A, of the right half in column E (each wrapped).
fn name_heights(
    ws: &mut Worksheet,
    row: u32,
    halves: &[&Vec<(String, &crate::results::Line)>; 2],
) -> Result<(), XlsxError> {
    let rows = halves[0].len().max(halves[1].len());
    for i in 0..rows {
        let lines = [(0usize, halves[0]), (4usize, halves[1])]
            .iter()
            .filter_map(|(col, half)| {
                half.get(i)
                    .map(|(name, _)| lines_for(name, WIDTHS[*col] - 1.0))
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row + i as u32, 14.0 * lines as f64 + 2.0)?;
        }
    }
    Ok(())
}

/// A section heading across the card; returns the next row.
fn section(ws: &mut Worksheet, row: u32, text: &str, k: &Looks) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, COLUMNS - 1, text, &k.section)?;
    ws.set_row_height(row, 20)?;
    Ok(row + 1)
}

/// The headings of two tables side by side in `row`: `left` in columns A–D,
/// `right` in E–H.
fn side_by_side_headings(
    ws: &mut Worksheet,
    row: u32,
    left: [&str; 4],
    right: [&str; 4],
    k: &Looks,
) -> Result<(), XlsxError> {
    for (first, texts) in [(0u16, left), (4u16, right)] {
        for (i, text) in texts.iter().enumerate() {
            let col = first + i as u16;
            put(ws, row, col, col, text, &k.heading)?;
        }
    }
    Ok(())
}

/// Text in columns `first`..=`end` of `row` (merged when more than one).
fn put(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    end: u16,
    text: &str,
    look: &Format,
) -> Result<(), XlsxError> {
    if first == end {
        ws.write_string_with_format(row, first, text, look)?;
    } else {
        ws.merge_range(row, first, row, end, text, look)?;
    }
    Ok(())
}

fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    end: u16,
    value: Option<Decimal>,
    k: &Looks,
) -> Result<(), XlsxError> {
    put(
        ws,
        row,
        first,
        end,
        &value.map(two).unwrap_or_default(),
        &k.value,
    )
}

/// A reported figure with 2 decimals, as the CSV writes it.
fn two(x: Decimal) -> String {
    let mut x = crate::score::round_report(x);
    x.rescale(2);
    x.to_string()
}

/// The organization's remarks: items in scheme order, then clauses, each with its
/// raters in path order.
fn remarks_of(scheme: &Scheme, files: &[FileResult], org: &OrgResult) -> Vec<Remark> {
    let subs: Vec<_> = org
        .files
        .iter()
        .filter_map(|&i| files.get(i)?.submission.as_ref())
        .collect();
    let mut out = Vec::new();
    for (i, item) in scheme.items.iter().enumerate() {
        for sub in &subs {
            for (_, text) in sub.remarks.items.iter().filter(|(k, _)| *k == i) {
                out.push(Remark {
                    line: format!("{} {} · {}", item.code, item.indicator, sub.header.rater),
                    text: text.clone(),
                });
            }
        }
    }
    for (i, clause) in scheme.clauses.iter().enumerate() {
        for sub in &subs {
            for (_, text) in sub.remarks.clauses.iter().filter(|(k, _)| *k == i) {
                out.push(Remark {
                    line: format!("{} {} · {}", clause.code, clause.name, sub.header.rater),
                    text: text.clone(),
                });
            }
        }
    }
    out
}

/// `张三（2026-03-02）、李四（2026-03-03）`: the raters of the organization's
/// accepted sheets, in path order, each with the date of the assessment.
fn raters_of(files: &[FileResult], org: &OrgResult) -> String {
    let sep = t().labels().separator;
    org.files
        .iter()
        .filter_map(|&i| files.get(i)?.submission.as_ref())
        .map(|s| {
            if s.header.date.is_empty() {
                s.header.rater.clone()
            } else {
                format!("{}（{}）", s.header.rater, s.header.date)
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}
