//! The 明细 and 极差 sheets: where each organization is strong or weak, and how
//! far its raters agree; and the 雷达图 sheet.
//!
//! One row per organization (in the order of 汇总), one column per line of the
//! scheme: for each service characteristic its total then its items, the service
//! score; for each requirement group its total then its clauses, the maturity
//! total. 明细 holds the means over raters, 极差 the spread between raters
//! (highest minus lowest), cell for cell. An organization reads across its row;
//! organizations compare down a column, and sort or filter on it. Each heading
//! gives the points (分值) of its line. In 明细 the items and clauses with the
//! lowest share of their points are shaded; in 极差 a spread that is large for
//! its points is red. With several schemes in use, each has its pair of sheets.
//!
//! This layout, rather than a block of lines per organization, keeps the sheets
//! small: about 130 cells per organization instead of 300, which is what writing
//! the results workbook costs at thousands of workbooks (see README,
//! Performance). 雷达图 draws the characteristics' shares of the first
//! organizations.
//!
//! Only writing: the figures, the weakest lines and the shares are worked out
//! beforehand ([`crate::results::organization`]).

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::neutralize;
use super::style::{figure, grade_class, headings, print_a4, share, Formats};
use crate::messages::{grade_text, t};
use crate::model::Catalog;
use crate::results::organization::{WEAKEST, WIDE_SPREAD_PERCENT};
use crate::results::{Line, OrgResult, Outline};
use crate::scheme::Scheme;

/// Radar charts are drawn for this many organizations (those with service sheets), no more:
/// each is a drawing Excel has to lay out, and thousands make the workbook crawl.
pub const DETAIL_CHARTS: usize = 50;

/// What every organization of one scheme shares: the `code name` labels of its
/// characteristics, items, requirement groups and clauses, and how they group.
#[derive(Debug, Clone)]
struct Lines {
    characteristics: Vec<String>,
    items: Vec<String>,
    groups: Vec<String>,
    clauses: Vec<String>,
    service: Outline,
    maturity: Outline,
}

impl Lines {
    fn of(scheme: &Scheme) -> Lines {
        Lines {
            characteristics: scheme
                .characteristics
                .iter()
                .map(|c| format!("{} {}", c.code, c.name))
                .collect(),
            items: scheme
                .items
                .iter()
                .map(|i| format!("{} {}", i.code, i.indicator))
                .collect(),
            groups: scheme
                .groups
                .iter()
                .map(|g| format!("{} {}", g.code, g.name))
                .collect(),
            clauses: scheme
                .clauses
                .iter()
                .map(|c| format!("{} {}", c.code, c.name))
                .collect(),
            service: Outline::service(scheme),
            maturity: Outline::maturity(scheme),
        }
    }
}

/// One column of a scheme's 明细 and 极差 sheets, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Characteristic(usize),
    Item(usize),
    Service,
    Group(usize),
    Clause(usize),
    Maturity,
}

impl Column {
    /// A total (characteristic, group, service score, maturity total): shown in bold.
    fn is_total(self) -> bool {
        !matches!(self, Column::Item(_) | Column::Clause(_))
    }

    /// The heading of the column (its label; the points are added when written) and its points.
    fn label(self, lines: &Lines) -> (String, u32) {
        match self {
            Column::Characteristic(c) => (
                lines.characteristics[c].clone(),
                lines.service.section_points[c],
            ),
            Column::Item(i) => (lines.items[i].clone(), lines.service.points[i]),
            Column::Service => (
                t().labels().service_score.to_string(),
                lines.service.total(),
            ),
            Column::Group(g) => (lines.groups[g].clone(), lines.maturity.section_points[g]),
            Column::Clause(i) => (lines.clauses[i].clone(), lines.maturity.points[i]),
            Column::Maturity => (
                t().labels().maturity_total.to_string(),
                lines.maturity.total(),
            ),
        }
    }

    /// The organization's line in this column, and whether it is one of the weakest.
    fn of(self, org: &OrgResult) -> (&Line, bool) {
        let (service, maturity) = (&org.service, &org.maturity);
        match self {
            Column::Characteristic(i) => (&service.sections[i], false),
            Column::Item(i) => (&service.lines[i], service.weakest.contains(&i)),
            Column::Service => (&service.total, false),
            Column::Group(i) => (&maturity.sections[i], false),
            Column::Clause(i) => (&maturity.lines[i], maturity.weakest.contains(&i)),
            Column::Maturity => (&maturity.total, false),
        }
    }
}

/// The columns of a scheme: each characteristic then its items, the service
/// score; each requirement group then its clauses, the maturity total.
fn columns(lines: &Lines) -> Vec<Column> {
    let mut cols = Vec::new();
    for c in 0..lines.characteristics.len() {
        cols.push(Column::Characteristic(c));
        cols.extend(
            (0..lines.items.len())
                .filter(|&i| lines.service.section_of[i] == c)
                .map(Column::Item),
        );
    }
    cols.push(Column::Service);
    for g in 0..lines.groups.len() {
        cols.push(Column::Group(g));
        cols.extend(
            (0..lines.clauses.len())
                .filter(|&i| lines.maturity.section_of[i] == g)
                .map(Column::Clause),
        );
    }
    cols.push(Column::Maturity);
    cols
}

/// The two fixed columns (organization, grade) before the scheme's.
const FIXED: u16 = 2;

/// Writes the 明细 and 极差 sheets: `means[k]` and `spreads[k]` for the k-th scheme
/// in use (see [`schemes_in_use`]), in constant memory mode (rows in order).
pub(crate) fn detail_sheets(
    means: &mut [Worksheet],
    spreads: &mut [Worksheet],
    catalog: &Catalog,
    orgs: &[OrgResult],
    f: &Formats,
) -> Result<(), XlsxError> {
    let used = schemes_in_use(orgs);
    let several = used.len() > 1;
    let name = |base: &str, k: usize, si: usize| {
        if several {
            sheet_name(base, &catalog.schemes[si].id, k)
        } else {
            base.to_string()
        }
    };
    if used.is_empty() {
        for (ws, base) in [
            (&mut means[0], mean_sheet()),
            (&mut spreads[0], spread_sheet()),
        ] {
            ws.set_name(base)?;
            headings(ws, 1, &fixed_headings(), f)?;
        }
        return Ok(());
    }
    for (k, &si) in used.iter().enumerate() {
        let scheme = &catalog.schemes[si];
        let lines = Lines::of(scheme);
        let cols = columns(&lines);
        let (m, s) = (&mut means[k], &mut spreads[k]);
        m.set_name(name(mean_sheet(), k, si))?;
        s.set_name(name(spread_sheet(), k, si))?;
        let rows = orgs.iter().filter(|o| o.scheme == si).count() as u32;
        // With several schemes the sheet's name may not say which: its first cell does.
        let title = several.then_some(scheme.title.as_str());
        lay_out(m, title, &lines, &cols, rows, Part::Mean, f)?;
        lay_out(s, title, &lines, &cols, rows, Part::Spread, f)?;
        for (r, org) in orgs.iter().filter(|o| o.scheme == si).enumerate() {
            write_org(m, s, r as u32 + HEAD_ROWS, catalog, org, &cols, f)?;
        }
    }
    Ok(())
}

/// The radar charts' data: the characteristics' shares of the first
/// [`DETAIL_CHARTS`] organizations with service sheets, in the order of 汇总.
pub(crate) fn radars(catalog: &Catalog, orgs: &[OrgResult]) -> Vec<Radar> {
    let labels: Vec<Vec<String>> = catalog
        .schemes
        .iter()
        .map(|s| Lines::of(s).characteristics)
        .collect();
    orgs.iter()
        .filter(|org| org.service.sheets > 0 && !org.service.sections.is_empty())
        .take(DETAIL_CHARTS)
        .map(|org| Radar {
            organization: org.name.clone(),
            labels: labels[org.scheme].clone(),
            shares: org
                .service
                .sections
                .iter()
                .map(|l| l.share().map_or(0.0, share))
                .collect(),
        })
        .collect()
}

/// Excel's longest sheet name, in characters.
const SHEET_NAME_MAX: usize = 31;

/// The name of the `k`-th scheme's sheet when several schemes are in use:
/// `明细 complaint`, or `明细 2` when the scheme id would make it too long for Excel.
fn sheet_name(base: &str, id: &str, k: usize) -> String {
    let named = format!("{base} {id}");
    if named.chars().count() <= SHEET_NAME_MAX {
        named
    } else {
        format!("{base} {}", k + 1)
    }
}

/// The schemes the organizations are in, in the order of `orgs` (sorted by scheme).
pub(crate) fn schemes_in_use(orgs: &[OrgResult]) -> Vec<usize> {
    let mut used: Vec<usize> = orgs.iter().map(|o| o.scheme).collect();
    used.dedup();
    used
}

fn mean_sheet() -> &'static str {
    t().labels().detail_sheet
}

fn spread_sheet() -> &'static str {
    t().labels().spread_sheet
}

fn fixed_headings() -> [&'static str; 2] {
    let l = t().labels();
    [l.organization, l.grade]
}

/// Rows above the organizations: the parts (service, maturity) and the headings.
const HEAD_ROWS: u32 = 2;

/// Which figures a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Mean,
    Spread,
}

/// The two heading rows, the column widths and formats, the frozen panes and the
/// filter of a sheet with `rows` organizations; `title`, the scheme's, starts the first
/// row when several schemes are in use.
fn lay_out(
    ws: &mut Worksheet,
    title: Option<&str>,
    lines: &Lines,
    cols: &[Column],
    rows: u32,
    part: Part,
    f: &Formats,
) -> Result<(), XlsxError> {
    // Row 1: what the shading or the red means, and the two parts over their columns.
    let (legend, legend_format) = match part {
        Part::Mean => (t().mean_legend(WEAKEST), &f.weak),
        Part::Spread => (t().spread_legend(WIDE_SPREAD_PERCENT), &f.wide_spread),
    };
    let legend = match title {
        Some(title) => format!("{title} · {legend}"),
        None => legend,
    };
    ws.merge_range(0, 0, 0, FIXED - 1, &legend, legend_format)?;
    let service_end = cols
        .iter()
        .position(|c| *c == Column::Service)
        .expect("always there");
    let parts = [
        (0, service_end, t().labels().service_part),
        (service_end + 1, cols.len() - 1, t().labels().maturity_part),
    ];
    for (first, last, text) in parts {
        let (first, last) = (FIXED + first as u16, FIXED + last as u16);
        if first == last {
            ws.write_string_with_format(0, first, text, &f.part)?;
        } else {
            ws.merge_range(0, first, 0, last, text, &f.part)?;
        }
    }
    // Row 2: the headings, each with its points.
    let fixed = fixed_headings();
    let mut names: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    names.extend(cols.iter().map(|&c| {
        let (text, points) = c.label(lines);
        t().with_points(&text, points)
    }));
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    headings(ws, 1, &refs, f)?;
    ws.set_row_height(1, 60)?;

    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 10)?;
    for (k, col) in cols.iter().enumerate() {
        let c = FIXED + k as u16;
        ws.set_column_width(c, if col.is_total() { 11 } else { 9 })?;
        ws.set_column_format(
            c,
            if col.is_total() {
                &f.bold_number
            } else {
                &f.col_number
            },
        )?;
    }
    ws.set_freeze_panes(HEAD_ROWS, FIXED)?;
    ws.autofilter(1, 0, rows.max(1) + 1, FIXED + cols.len() as u16 - 1)?;
    // Printed: the columns fitted to the page's width (an organization reads across
    // one line), the headings repeated on every page.
    print_a4(ws, true);
    ws.set_repeat_rows(0, 1)?;
    Ok(())
}

/// One organization's row in 明细 (means) and in 极差 (spreads).
fn write_org(
    means: &mut Worksheet,
    spreads: &mut Worksheet,
    row: u32,
    catalog: &Catalog,
    org: &OrgResult,
    cols: &[Column],
    f: &Formats,
) -> Result<(), XlsxError> {
    let name = neutralize(&org.name);
    let grade = grade_text(&org.verdict);
    let class = grade_class(&catalog.schemes[org.scheme], &org.verdict);
    for ws in [&mut *means, &mut *spreads] {
        ws.write_string(row, 0, &name)?;
        ws.write_string_with_format(row, 1, &grade, &f.grade[class])?;
    }
    for (k, &col) in cols.iter().enumerate() {
        let c = FIXED + k as u16;
        let (line, weak) = col.of(org);
        if let Some(mean) = line.mean {
            if weak {
                means.write_number_with_format(row, c, figure(mean), &f.weak_number)?;
            } else {
                means.write_number(row, c, figure(mean))?;
            }
        }
        if let Some(spread) = line.spread {
            if !col.is_total() && line.wide_spread() {
                spreads.write_number_with_format(row, c, figure(spread), &f.wide_spread)?;
            } else {
                spreads.write_number(row, c, figure(spread))?;
            }
        }
    }
    Ok(())
}

/// A radar chart's data: an organization's characteristics and their shares.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Radar {
    pub organization: String,
    pub labels: Vec<String>,
    pub shares: Vec<f64>,
}

/// Where the radar charts' data sits in the hidden chart data sheet: from the
/// first row, in columns clear of the 汇总 charts' data.
const RADAR_DATA_COL: u16 = 40;

/// The 雷达图 sheet: a radar chart of each of `radars`, two abreast, plotting the
/// shares [`radar_data`] wrote to the hidden chart data sheet `data`.
pub(crate) fn radar_sheet(
    ws: &mut Worksheet,
    radars: &[Radar],
    data: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(t().labels().radar_sheet)?;
    ws.write_string_with_format(0, 0, t().radar_heading(DETAIL_CHARTS), &f.bold)?;
    for (k, radar) in radars.iter().enumerate() {
        let row = 2 * k as u32;
        let (first, last) = (
            RADAR_DATA_COL,
            RADAR_DATA_COL + radar.labels.len().saturating_sub(1) as u16,
        );
        let mut chart = Chart::new(ChartType::Radar);
        chart
            .add_series()
            .set_name(t().labels().share)
            .set_categories((data, row, first, row, last))
            .set_values((data, row + 1, first, row + 1, last));
        chart.title().set_name(&radar.organization);
        chart
            .y_axis()
            .set_min(0)
            .set_max(1)
            .set_major_unit(0.2)
            .set_num_format("0%");
        chart.legend().set_hidden();
        chart.set_width(RADAR_WIDTH);
        chart.set_height(RADAR_HEIGHT);
        let (at_row, at_col) = radar_place(k);
        ws.insert_chart(at_row, at_col, &chart)?;
    }
    // Printed: two charts abreast, two rows of them a page, a page break between
    // pages, so no chart is ever cut.
    print_a4(ws, true);
    let pages = radars.len().div_ceil(RADARS_PER_PAGE);
    let breaks: Vec<u32> = (1..pages)
        .map(|p| RADAR_FIRST_ROW + (p * RADARS_PER_PAGE / 2) as u32 * RADAR_ROWS)
        .collect();
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    let rows = radars.len().div_ceil(2) as u32;
    ws.set_print_area(
        0,
        0,
        RADAR_FIRST_ROW + rows * RADAR_ROWS,
        2 * RADAR_COLS - 1,
    )?;
    Ok(())
}

/// A radar chart's size in pixels: two abreast fit a landscape A4 page's width, two
/// rows of them its height.
const RADAR_WIDTH: u32 = 440;
const RADAR_HEIGHT: u32 = 290;
/// The rows (of 20 pixels) from one row of charts to the next, and the columns (of
/// 64 pixels) from one chart to the next.
const RADAR_ROWS: u32 = 16;
const RADAR_COLS: u16 = 8;
/// The first row of charts (below the heading).
const RADAR_FIRST_ROW: u32 = 2;
/// Charts on one printed page.
const RADARS_PER_PAGE: usize = 4;

/// The cell the `k`-th radar chart is anchored at.
fn radar_place(k: usize) -> (u32, u16) {
    (
        RADAR_FIRST_ROW + RADAR_ROWS * (k as u32 / 2),
        RADAR_COLS * (k as u16 % 2),
    )
}

/// Writes the radar charts' data into the chart data sheet (two rows per chart:
/// the labels, then the shares).
pub(crate) fn radar_data(ws: &mut Worksheet, radars: &[Radar]) -> Result<(), XlsxError> {
    for (k, radar) in radars.iter().enumerate() {
        let r = 2 * k as u32;
        for (c, (label, share)) in radar.labels.iter().zip(&radar.shares).enumerate() {
            let c = RADAR_DATA_COL + c as u16;
            ws.write_string(r, c, label)?;
            ws.write_number(r + 1, c, *share)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_carry_the_scheme_id_when_it_fits() {
        assert_eq!(sheet_name("明细", "complaint", 0), "明细 complaint");
        let long = "a-scheme-id-far-too-long-for-a-sheet";
        assert_eq!(sheet_name("Detail", long, 1), "Detail 2");
        assert_eq!(
            sheet_name("Detail", &long[..24], 1),
            format!("Detail {}", &long[..24])
        );
    }
}
