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

use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::workbook::{figure, grade_class, headings, share, Formats};
use crate::ingest::consolidate::OrgResult;
use crate::messages::{grade_text, pick};
use crate::model::{Catalog, FileResult};
use crate::scheme::Scheme;
use crate::score;

/// Radar charts are drawn for this many organizations (those with service sheets), no more:
/// each is a drawing Excel has to lay out, and thousands make the workbook crawl.
pub const DETAIL_CHARTS: usize = 50;

/// This many items (and clauses) with the lowest share of their points are shaded.
pub const WEAKEST: usize = 3;

/// A spread between raters of at least this share of the points (in percent) is shown in red.
pub const WIDE_SPREAD_PERCENT: u32 = 40;

/// One line of the scheme for one organization: a characteristic, an item, a group,
/// a clause or a total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub label: &'a str,
    /// The points (or maximum) of the line.
    pub points: u32,
    /// Mean score over raters, `None` without sheets.
    pub mean: Option<Decimal>,
    /// Highest minus lowest rater, `None` without sheets.
    pub spread: Option<Decimal>,
}

impl Line<'_> {
    /// Mean score ÷ points (for an item: the mean α).
    pub fn share(&self) -> Option<Decimal> {
        self.mean.map(|m| m / Decimal::from(self.points.max(1)))
    }

    /// Whether raters disagree by at least [`WIDE_SPREAD_PERCENT`] of the points.
    pub fn wide_spread(&self) -> bool {
        self.spread.is_some_and(|s| {
            s * Decimal::from(100) >= Decimal::from(WIDE_SPREAD_PERCENT * self.points)
        })
    }
}

/// What every organization of one scheme shares: labels, points, and which
/// characteristic (group) each item (clause) belongs to.
#[derive(Debug, Clone)]
pub struct Outline {
    pub characteristics: Vec<(String, u32)>,
    pub items: Vec<String>,
    item_characteristic: Vec<usize>,
    pub groups: Vec<(String, u32)>,
    pub clauses: Vec<String>,
    clause_group: Vec<usize>,
}

impl Outline {
    pub fn of(scheme: &Scheme) -> Outline {
        let position = |codes: &[&str], code: &str| {
            codes
                .iter()
                .position(|c| *c == code)
                .expect("checked at load: every item (clause) names its characteristic (group)")
        };
        let char_codes: Vec<&str> = scheme
            .characteristics
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        let group_codes: Vec<&str> = scheme.groups.iter().map(|g| g.code.as_str()).collect();
        let clause_group: Vec<usize> = scheme
            .clauses
            .iter()
            .map(|c| position(&group_codes, &c.group))
            .collect();
        Outline {
            characteristics: scheme
                .characteristics
                .iter()
                .map(|c| {
                    (
                        format!("{} {}", c.code, c.name),
                        scheme.characteristic_points(&c.code),
                    )
                })
                .collect(),
            items: scheme
                .items
                .iter()
                .map(|i| format!("{} {}", i.code, i.indicator))
                .collect(),
            item_characteristic: scheme
                .items
                .iter()
                .map(|i| position(&char_codes, &i.characteristic))
                .collect(),
            groups: scheme
                .groups
                .iter()
                .enumerate()
                .map(|(g, group)| {
                    let max = scheme
                        .clauses
                        .iter()
                        .zip(&clause_group)
                        .filter(|(_, cg)| **cg == g)
                        .map(|(c, _)| c.max)
                        .sum();
                    (format!("{} {}", group.code, group.name), max)
                })
                .collect(),
            clauses: scheme
                .clauses
                .iter()
                .map(|c| format!("{} {}", c.code, c.name))
                .collect(),
            clause_group,
        }
    }
}

/// Everything 明细 and 极差 show about one organization (and what 雷达图 plots).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgDetail<'a> {
    pub characteristics: Vec<Line<'a>>,
    pub service: Line<'a>,
    pub items: Vec<Line<'a>>,
    pub groups: Vec<Line<'a>>,
    pub maturity: Line<'a>,
    pub clauses: Vec<Line<'a>>,
    /// Indices of the weakest items and clauses (see [`weakest`]).
    pub weak_items: Vec<usize>,
    pub weak_clauses: Vec<usize>,
}

/// Mean and spread of per-rater sums: `sums[rater][line]`.
fn lines<'a>(labels: &'a [(String, u32)], sums: &[Vec<Decimal>]) -> Vec<Line<'a>> {
    labels
        .iter()
        .enumerate()
        .map(|(k, (label, points))| {
            let values = sums.iter().map(|s| s[k]);
            Line {
                label,
                points: *points,
                mean: score::mean(values.clone()),
                spread: score::spread(values),
            }
        })
        .collect()
}

/// The means and spreads of one organization, from its accepted sheets.
pub fn org_detail<'a>(
    scheme: &Scheme,
    outline: &'a Outline,
    files: &[FileResult],
    org: &OrgResult,
) -> OrgDetail<'a> {
    let subs = org
        .files
        .iter()
        .filter_map(|&i| files[i].submission.as_ref());
    let alphas: Vec<&Vec<Decimal>> = subs.clone().filter_map(|s| s.alphas.as_ref()).collect();
    let levels: Vec<&Vec<u8>> = subs.filter_map(|s| s.levels.as_ref()).collect();

    // Per rater: the sum of each characteristic's item scores, and of each group's clause scores.
    let by_characteristic: Vec<Vec<Decimal>> = alphas
        .iter()
        .map(|a| {
            let mut sums = vec![Decimal::ZERO; outline.characteristics.len()];
            for (i, item) in scheme.items.iter().enumerate() {
                sums[outline.item_characteristic[i]] += score::item_score(item.points, a[i]);
            }
            sums
        })
        .collect();
    let by_group: Vec<Vec<Decimal>> = levels
        .iter()
        .map(|l| {
            let mut sums = vec![Decimal::ZERO; outline.groups.len()];
            for (i, clause) in scheme.clauses.iter().enumerate() {
                sums[outline.clause_group[i]] += score::clause_score(clause.max, l[i]);
            }
            sums
        })
        .collect();
    let total = |label: &'a str, points: u32, per_rater: Vec<Decimal>| Line {
        label,
        points,
        mean: score::mean(per_rater.iter().copied()),
        spread: score::spread(per_rater),
    };
    let service = total(
        pick("服务特性测评得分", "Service score"),
        scheme.items.iter().map(|i| i.points).sum(),
        by_characteristic.iter().map(|s| s.iter().sum()).collect(),
    );
    let maturity = total(
        pick("管理成熟度总分", "Maturity total"),
        scheme.maturity_ceiling(),
        by_group.iter().map(|s| s.iter().sum()).collect(),
    );
    // Items and clauses: the means and spreads consolidation worked out.
    let scored =
        |count: usize, labels: &'a [String], points: Vec<u32>, means: &[(Decimal, Decimal)]| {
            labels
                .iter()
                .zip(points)
                .zip(means)
                .map(|((label, points), (mean, spread))| Line {
                    label,
                    points,
                    mean: (count > 0).then_some(*mean),
                    spread: (count > 0).then_some(*spread),
                })
                .collect::<Vec<_>>()
        };
    let items = scored(
        org.service_count,
        &outline.items,
        scheme.items.iter().map(|i| i.points).collect(),
        &org.items,
    );
    let clauses = scored(
        org.maturity_count,
        &outline.clauses,
        scheme.clauses.iter().map(|c| c.max).collect(),
        &org.clauses,
    );
    OrgDetail {
        weak_items: weakest(&items),
        weak_clauses: weakest(&clauses),
        characteristics: lines(&outline.characteristics, &by_characteristic),
        service,
        items,
        groups: lines(&outline.groups, &by_group),
        maturity,
        clauses,
    }
}

/// The [`WEAKEST`] lines with the lowest share of their points, ties broken by order.
/// Lines at the highest share are never weak: when all are equal, none is marked.
pub fn weakest(lines: &[Line]) -> Vec<usize> {
    let shares: Vec<(Decimal, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.share().map(|s| (s, i)))
        .collect();
    let Some(top) = shares.iter().map(|(s, _)| *s).max() else {
        return Vec::new();
    };
    let mut low: Vec<(Decimal, usize)> = shares.into_iter().filter(|(s, _)| *s < top).collect();
    low.sort();
    let mut weak: Vec<usize> = low.into_iter().take(WEAKEST).map(|(_, i)| i).collect();
    weak.sort_unstable();
    weak
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
}

/// The columns of a scheme: each characteristic then its items, the service
/// score; each requirement group then its clauses, the maturity total.
fn columns(outline: &Outline) -> Vec<Column> {
    let mut cols = Vec::new();
    for c in 0..outline.characteristics.len() {
        cols.push(Column::Characteristic(c));
        cols.extend(
            (0..outline.items.len())
                .filter(|&i| outline.item_characteristic[i] == c)
                .map(Column::Item),
        );
    }
    cols.push(Column::Service);
    for g in 0..outline.groups.len() {
        cols.push(Column::Group(g));
        cols.extend(
            (0..outline.clauses.len())
                .filter(|&i| outline.clause_group[i] == g)
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
/// Returns the data of the radar charts: the characteristics' shares of the first
/// [`DETAIL_CHARTS`] organizations with service sheets.
pub(crate) fn detail_sheets(
    means: &mut [Worksheet],
    spreads: &mut [Worksheet],
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
    f: &Formats,
) -> Result<Vec<Radar>, XlsxError> {
    let used = schemes_in_use(orgs);
    let several = used.len() > 1;
    let name = |base: &str, k: usize, si: usize| {
        if several {
            sheet_name(base, &catalog.schemes[si].id, k)
        } else {
            base.to_string()
        }
    };
    let outlines: Vec<Outline> = catalog.schemes.iter().map(Outline::of).collect();
    let mut radars = Vec::new();
    if used.is_empty() {
        for (ws, base) in [
            (&mut means[0], mean_sheet()),
            (&mut spreads[0], spread_sheet()),
        ] {
            ws.set_name(base)?;
            headings(ws, 1, &fixed_headings(), f)?;
        }
        return Ok(radars);
    }
    for (k, &si) in used.iter().enumerate() {
        let scheme = &catalog.schemes[si];
        let outline = &outlines[si];
        let cols = columns(outline);
        let (m, s) = (&mut means[k], &mut spreads[k]);
        m.set_name(name(mean_sheet(), k, si))?;
        s.set_name(name(spread_sheet(), k, si))?;
        let rows = orgs.iter().filter(|o| o.scheme == si).count() as u32;
        // With several schemes the sheet's name may not say which: its first cell does.
        let title = several.then_some(scheme.title.as_str());
        lay_out(m, scheme, title, outline, &cols, rows, Part::Mean, f)?;
        lay_out(s, scheme, title, outline, &cols, rows, Part::Spread, f)?;
        for (r, org) in orgs.iter().filter(|o| o.scheme == si).enumerate() {
            let row = r as u32 + HEAD_ROWS;
            let d = org_detail(scheme, outline, files, org);
            write_org(m, s, row, catalog, org, &d, &cols, f)?;
            if radars.len() < DETAIL_CHARTS
                && org.service_count > 0
                && !d.characteristics.is_empty()
            {
                radars.push(Radar {
                    organization: org.name.clone(),
                    labels: outline
                        .characteristics
                        .iter()
                        .map(|(l, _)| l.clone())
                        .collect(),
                    shares: d
                        .characteristics
                        .iter()
                        .map(|l| l.share().map_or(0.0, share))
                        .collect(),
                });
            }
        }
    }
    Ok(radars)
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
    pick("明细", "Detail")
}

fn spread_sheet() -> &'static str {
    pick("极差", "Spread")
}

fn fixed_headings() -> [&'static str; 2] {
    [pick("机构名称", "Organization"), pick("认证级别", "Grade")]
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
#[allow(clippy::too_many_arguments)]
fn lay_out(
    ws: &mut Worksheet,
    scheme: &Scheme,
    title: Option<&str>,
    outline: &Outline,
    cols: &[Column],
    rows: u32,
    part: Part,
    f: &Formats,
) -> Result<(), XlsxError> {
    let label = |col: Column| -> (String, u32) {
        let (text, points) = match col {
            Column::Characteristic(c) => (
                outline.characteristics[c].0.clone(),
                outline.characteristics[c].1,
            ),
            Column::Item(i) => (outline.items[i].clone(), scheme.items[i].points),
            Column::Service => (
                pick("服务特性测评得分", "Service score").to_string(),
                scheme.items.iter().map(|i| i.points).sum(),
            ),
            Column::Group(g) => (outline.groups[g].0.clone(), outline.groups[g].1),
            Column::Clause(i) => (outline.clauses[i].clone(), scheme.clauses[i].max),
            Column::Maturity => (
                pick("管理成熟度总分", "Maturity total").to_string(),
                scheme.maturity_ceiling(),
            ),
        };
        (text, points)
    };
    // Row 1: what the shading or the red means, and the two parts over their columns.
    let (legend, legend_format) = match part {
        Part::Mean => (
            pick(
                &format!("均分；底色：得分率最低的 {WEAKEST} 项"),
                &format!("Means; shaded: the {WEAKEST} lowest shares"),
            )
            .to_string(),
            &f.weak,
        ),
        Part::Spread => (
            pick(
                &format!("极差；红字：评价人之间相差达分值的 {WIDE_SPREAD_PERCENT}%"),
                &format!(
                    "Spreads; red: raters differ by {WIDE_SPREAD_PERCENT}% of the points or more"
                ),
            )
            .to_string(),
            &f.wide_spread,
        ),
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
        (
            0,
            service_end,
            pick("服务特性测评（附录1）", "Service assessment (Appendix 1)"),
        ),
        (
            service_end + 1,
            cols.len() - 1,
            pick(
                "管理成熟度评审（附录3）",
                "Management maturity (Appendix 3)",
            ),
        ),
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
        let (text, points) = label(c);
        pick(
            &format!("{text}（{points}分）"),
            &format!("{text} ({points})"),
        )
        .to_string()
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
    // Printed, the columns run over several pages: each repeats the headings and
    // the organization with its grade.
    ws.set_landscape();
    ws.set_repeat_rows(0, 1)?;
    ws.set_repeat_columns(0, FIXED - 1)?;
    Ok(())
}

/// One organization's row in 明细 (means) and in 极差 (spreads).
#[allow(clippy::too_many_arguments)]
fn write_org(
    means: &mut Worksheet,
    spreads: &mut Worksheet,
    row: u32,
    catalog: &Catalog,
    org: &OrgResult,
    d: &OrgDetail,
    cols: &[Column],
    f: &Formats,
) -> Result<(), XlsxError> {
    let name = super::neutralize(&org.name);
    let grade = grade_text(&org.verdict);
    let class = grade_class(catalog, org);
    for ws in [&mut *means, &mut *spreads] {
        ws.write_string(row, 0, &name)?;
        ws.write_string_with_format(row, 1, &grade, &f.grade[class])?;
    }
    for (k, &col) in cols.iter().enumerate() {
        let c = FIXED + k as u16;
        let (line, weak) = match col {
            Column::Characteristic(i) => (&d.characteristics[i], false),
            Column::Item(i) => (&d.items[i], d.weak_items.contains(&i)),
            Column::Service => (&d.service, false),
            Column::Group(i) => (&d.groups[i], false),
            Column::Clause(i) => (&d.clauses[i], d.weak_clauses.contains(&i)),
            Column::Maturity => (&d.maturity, false),
        };
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
    ws.set_name(pick("雷达图", "Radar"))?;
    ws.write_string_with_format(
        0,
        0,
        pick(
            &format!("各服务特性的得分率（均分 ÷ 分值），前 {DETAIL_CHARTS} 个有服务测评的组织（按“汇总”顺序）"),
            &format!("Each characteristic's share (mean ÷ points), first {DETAIL_CHARTS} organizations with service sheets (in Summary order)"),
        ),
        &f.bold,
    )?;
    for (k, radar) in radars.iter().enumerate() {
        let row = 2 * k as u32;
        let (first, last) = (
            RADAR_DATA_COL,
            RADAR_DATA_COL + radar.labels.len().saturating_sub(1) as u16,
        );
        let mut chart = Chart::new(ChartType::Radar);
        chart
            .add_series()
            .set_name(pick("得分率", "Share"))
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
        chart.set_width(420);
        chart.set_height(320);
        ws.insert_chart(2 + 17 * (k as u32 / 2), 8 * (k as u16 % 2), &chart)?;
    }
    Ok(())
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
