//! The 明细 sheet: where each organization is strong or weak, and how far its
//! raters agree.
//!
//! One sheet with a block per organization (it scales to thousands of them,
//! where a sheet per organization would not: Excel names are limited to 31
//! characters and a workbook of thousands of sheets is unusable). A block has a
//! title row (organization, scheme, grade, note), then side by side the service
//! part (the characteristics, the service score, the items) and the maturity
//! part (the requirement groups, the maturity total, the clauses). Each line
//! shows the mean over raters, the share of the points, and the spread between
//! raters (highest minus lowest). The weakest items and clauses are shaded; a
//! radar chart of the characteristics sits beside the first organizations.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::workbook::{figure, fit, grade_class, headings, share, Formats};
use crate::ingest::consolidate::OrgResult;
use crate::ingest::{Catalog, FileResult};
use crate::messages::{grade_note, grade_text, lang, pick, Lang};
use crate::scheme::Scheme;
use crate::score;

/// Radar charts are drawn for this many organizations (those with service sheets), no more:
/// each is a drawing Excel has to lay out, and thousands make the workbook crawl.
pub const DETAIL_CHARTS: usize = 50;

/// This many items (and clauses) with the lowest share of their points are shaded.
pub const WEAKEST: usize = 3;

/// A spread between raters of at least this share of the points (in percent) is shown in red.
pub const WIDE_SPREAD_PERCENT: u32 = 40;

/// One line of a block: a characteristic, an item, a group, a clause or a total.
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

/// What every block of one scheme shares: labels, points, and which
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

/// Everything a block shows about one organization.
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

/// Excel's last row (1,048,576), 0-based.
const ROW_LIMIT: u32 = 1_048_575;

/// Columns: the service part from A, the maturity part from G, charts from M.
const SERVICE_COL: u16 = 0;
const MATURITY_COL: u16 = 6;
const CHART_COL: u16 = 12;

/// Writes the 明细 sheet (in constant memory mode: rows strictly in order) and
/// returns how many radar charts it drew.
pub(crate) fn detail_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    files: &[FileResult],
    orgs: &[OrgResult],
    f: &Formats,
) -> Result<usize, XlsxError> {
    let name = pick("明细", "Detail");
    ws.set_name(name)?;
    let part = |label: &str| -> [String; 5] {
        [
            label.to_string(),
            pick("分值", "Points").to_string(),
            pick("均分", "Mean").to_string(),
            pick("得分率", "Share").to_string(),
            pick("极差", "Spread").to_string(),
        ]
    };
    let mut names: Vec<String> = part(pick("服务特性 / 项目", "Characteristic / item")).to_vec();
    names.push(String::new());
    names.extend(part(pick("管理要求 / 条款", "Requirement / clause")));
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    headings(ws, 0, &refs, f)?;

    let outlines: Vec<Outline> = catalog.schemes.iter().map(Outline::of).collect();
    // Widths from the labels of the schemes in use; titles may overflow to the right.
    let used: Vec<&Outline> = outlines
        .iter()
        .enumerate()
        .filter(|(i, _)| orgs.iter().any(|o| o.scheme == *i))
        .map(|(_, o)| o)
        .collect();
    let service_labels = used.iter().flat_map(|o| {
        o.characteristics
            .iter()
            .map(|(l, _)| l.as_str())
            .chain(o.items.iter().map(String::as_str))
    });
    let maturity_labels = used.iter().flat_map(|o| {
        o.groups
            .iter()
            .map(|(l, _)| l.as_str())
            .chain(o.clauses.iter().map(String::as_str))
    });
    ws.set_column_width(
        SERVICE_COL,
        fit(service_labels.chain([names[0].as_str()]), 18.0, 40.0),
    )?;
    ws.set_column_width(
        MATURITY_COL,
        fit(maturity_labels.chain([names[6].as_str()]), 24.0, 60.0),
    )?;
    ws.set_column_width(MATURITY_COL - 1, 2)?;
    ws.set_column_width(CHART_COL - 1, 2)?;
    for start in [SERVICE_COL, MATURITY_COL] {
        ws.set_column_format(start + 1, &f.col_integer)?;
        ws.set_column_format(start + 2, &f.col_number)?;
        ws.set_column_format(start + 3, &f.col_percent)?;
        ws.set_column_format(start + 4, &f.col_number)?;
        for c in 1..=4 {
            ws.set_column_width(start + c, 9)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;

    // A legend under the headings: what the shading and the red figures mean.
    ws.write_string_with_format(
        1,
        SERVICE_COL,
        pick(
            &format!("底色：得分率最低的 {WEAKEST} 项"),
            &format!("Shaded: the {WEAKEST} lowest shares"),
        ),
        &f.weak,
    )?;
    ws.write_string_with_format(
        1,
        MATURITY_COL,
        pick(
            &format!("红字极差：评价人之间相差达分值的 {WIDE_SPREAD_PERCENT}%"),
            &format!("Red spread: raters differ by {WIDE_SPREAD_PERCENT}% of the points or more"),
        ),
        &f.wide_spread,
    )?;

    let block = |org: &OrgResult| Block::of(catalog, &outlines[org.scheme], files, org);
    write_blocks(ws, name, orgs.len(), orgs.iter().map(block), f)
}

/// One organization's block, worked out: what is left is writing its cells.
struct Block<'a> {
    /// The organization's name, for its chart.
    name: String,
    title: String,
    grade: String,
    grade_class: usize,
    note: String,
    /// Whether a radar chart may be drawn (the organization has service sheets).
    charted: bool,
    characteristics: Vec<Cells<'a>>,
    service: Cells<'a>,
    items: Vec<Cells<'a>>,
    groups: Vec<Cells<'a>>,
    maturity: Cells<'a>,
    clauses: Vec<Cells<'a>>,
}

/// A line as written: label, points, mean, share and spread as shown, and its marks.
struct Cells<'a> {
    label: &'a str,
    points: f64,
    mean: Option<f64>,
    share: Option<f64>,
    spread: Option<f64>,
    weak: bool,
    wide: bool,
}

impl<'a> Cells<'a> {
    /// `marked`: whether the line may be shaded as weak or its spread shown as wide
    /// (items and clauses; not the characteristics, groups and totals).
    fn of(line: &Line<'a>, weak: bool, marked: bool) -> Cells<'a> {
        Cells {
            label: line.label,
            points: f64::from(line.points),
            mean: line.mean.map(figure),
            share: line.share().map(share),
            spread: line.spread.map(figure),
            weak: marked && weak,
            wide: marked && line.wide_spread(),
        }
    }
}

impl<'a> Block<'a> {
    fn of(
        catalog: &Catalog,
        outline: &'a Outline,
        files: &[FileResult],
        org: &OrgResult,
    ) -> Block<'a> {
        let scheme = &catalog.schemes[org.scheme];
        let d = org_detail(scheme, outline, files, org);
        let en = lang() == Lang::En;
        let title = if en {
            format!("{} ({})", org.name, scheme.title)
        } else {
            format!("{}（{}）", org.name, scheme.title)
        };
        let plain = |lines: &[Line<'a>]| lines.iter().map(|l| Cells::of(l, false, false)).collect();
        let marked = |lines: &[Line<'a>], weak: &[usize]| {
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| Cells::of(l, weak.contains(&i), true))
                .collect()
        };
        Block {
            name: org.name.clone(),
            title: super::neutralize(&title),
            grade: grade_text(&org.verdict),
            grade_class: grade_class(catalog, org),
            note: block_note(scheme, org, en),
            charted: org.service_count > 0 && !d.characteristics.is_empty(),
            characteristics: plain(&d.characteristics),
            service: Cells::of(&d.service, false, false),
            items: marked(&d.items, &d.weak_items),
            groups: plain(&d.groups),
            maturity: Cells::of(&d.maturity, false, false),
            clauses: marked(&d.clauses, &d.weak_clauses),
        }
    }
}

/// Writes the blocks from row 4 down, with a radar chart beside the first
/// [`DETAIL_CHARTS`] of those with service sheets; returns how many charts it drew.
fn write_blocks<'a>(
    ws: &mut Worksheet,
    name: &str,
    total: usize,
    blocks: impl Iterator<Item = Block<'a>>,
    f: &Formats,
) -> Result<usize, XlsxError> {
    let mut row = 3u32;
    let mut charts = 0;
    for (k, b) in blocks.enumerate() {
        let top = b.characteristics.len().max(b.groups.len()) as u32;
        let lines = b.items.len().max(b.clauses.len());
        if row + top + lines as u32 + 2 >= ROW_LIMIT {
            // Some 34,000 organizations: the rest would not fit in one sheet.
            let left = total - k;
            ws.write_string_with_format(
                row,
                SERVICE_COL,
                pick(
                    &format!("其余 {left} 个组织超出 Excel 的行数上限，未列出（见“汇总”）"),
                    &format!("{left} more organizations exceed Excel's row limit and are not listed (see Summary)"),
                ),
                &f.bold,
            )?;
            break;
        }

        // Title row: who, which scheme, the grade and why.
        ws.write_string_with_format(row, SERVICE_COL, &b.title, &f.title)?;
        ws.write_string_with_format(row, MATURITY_COL, &b.grade, &f.grade[b.grade_class])?;
        ws.write_string(row, MATURITY_COL + 1, &b.note)?;

        let first = row + 1;
        for i in 0..top as usize {
            let r = first + i as u32;
            if let Some(line) = b.characteristics.get(i) {
                put_line(ws, r, SERVICE_COL, line, f)?;
            }
            if let Some(line) = b.groups.get(i) {
                put_line(ws, r, MATURITY_COL, line, f)?;
            }
        }
        let total_row = first + top;
        put_total(ws, total_row, SERVICE_COL, &b.service, f)?;
        put_total(ws, total_row, MATURITY_COL, &b.maturity, f)?;
        for i in 0..lines {
            let r = total_row + 1 + i as u32;
            if let Some(line) = b.items.get(i) {
                put_line(ws, r, SERVICE_COL, line, f)?;
            }
            if let Some(line) = b.clauses.get(i) {
                put_line(ws, r, MATURITY_COL, line, f)?;
            }
        }

        if charts < DETAIL_CHARTS && b.charted {
            let last = first + b.characteristics.len() as u32 - 1;
            let mut chart = Chart::new(ChartType::Radar);
            chart
                .add_series()
                .set_name(pick("得分率", "Share"))
                .set_categories((name, first, SERVICE_COL, last, SERVICE_COL))
                .set_values((name, first, SERVICE_COL + 3, last, SERVICE_COL + 3));
            chart.title().set_name(b.name.as_str());
            chart
                .y_axis()
                .set_min(0)
                .set_max(1)
                .set_major_unit(0.2)
                .set_num_format("0%");
            chart.legend().set_hidden();
            chart.set_width(420);
            chart.set_height(320);
            ws.insert_chart(row, CHART_COL, &chart)?;
            charts += 1;
        }
        // A blank row between blocks; a block is at least as tall as its chart (16 rows).
        row = (total_row + 1 + lines as u32 + 1).max(row + 17);
    }
    Ok(charts)
}

/// The title row's note: the two figures, how many sheets each, and what held the grade down.
fn block_note(scheme: &Scheme, org: &OrgResult, en: bool) -> String {
    let level = org.level.map_or("", |l| scheme.levels[l].label.as_str());
    let (n, m) = (org.service_count, org.maturity_count);
    let service = match (org.service_score, en) {
        (Some(s), false) => format!("服务 {s} 分（{n} 份）"),
        (Some(s), true) => format!("service {s} ({n} sheets)"),
        (None, false) => "无有效服务测评".to_string(),
        (None, true) => "no valid service sheet".to_string(),
    };
    let maturity = match (org.maturity_total, en) {
        (Some(t), false) => format!("管理 {t} 分 {level}（{m} 份）"),
        (Some(t), true) => format!("maturity {t} {level} ({m} sheets)"),
        (None, false) => "无有效管理评审".to_string(),
        (None, true) => "no valid maturity sheet".to_string(),
    };
    let note = grade_note(scheme, &org.verdict);
    if en {
        format!("{service}, {maturity}; {note}")
    } else {
        format!("{service}，{maturity}；{note}")
    }
}

/// One line: label, points, mean, share, spread. Cells take the column formats
/// unless the line is weak (shaded) or its spread wide (red).
fn put_line(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    line: &Cells,
    f: &Formats,
) -> Result<(), XlsxError> {
    if line.weak {
        ws.write_string_with_format(row, col, line.label, &f.weak)?;
    } else {
        ws.write_string(row, col, line.label)?;
    }
    ws.write_number(row, col + 1, line.points)?;
    if let Some(m) = line.mean {
        ws.write_number(row, col + 2, m)?;
    }
    if let Some(s) = line.share {
        if line.weak {
            ws.write_number_with_format(row, col + 3, s, &f.weak_percent)?;
        } else {
            ws.write_number(row, col + 3, s)?;
        }
    }
    if let Some(s) = line.spread {
        if line.wide {
            ws.write_number_with_format(row, col + 4, s, &f.wide_spread)?;
        } else {
            ws.write_number(row, col + 4, s)?;
        }
    }
    Ok(())
}

/// The service score or maturity total line, in bold.
fn put_total(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    line: &Cells,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, line.label, &f.bold)?;
    ws.write_number(row, col + 1, line.points)?;
    if let Some(m) = line.mean {
        ws.write_number_with_format(row, col + 2, m, &f.bold_number)?;
    }
    if let Some(s) = line.share {
        ws.write_number_with_format(row, col + 3, s, &f.bold_percent)?;
    }
    if let Some(s) = line.spread {
        ws.write_number_with_format(row, col + 4, s, &f.bold_number)?;
    }
    Ok(())
}
