//! The 汇总 sheet: one row per scheme + organization, its columns the summary's
//! ([`super::columns::SUMMARY`]), grades coloured; beside it a chart per
//! scheme of the organizations' service scores against the grade thresholds,
//! plotted from the hidden 图表数据 sheet (written by `chart_data_sheet`).

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLine, ChartLineDashType, ChartSolidFill, ChartType,
    Worksheet, XlsxError,
};

use super::columns::{sheet_columns, Column, Look, Value};
use super::neutralize;
use super::style::{
    column_pixels, figure, grade_class, headings, print_a4, put_figure, text_width, Formats,
};
use crate::messages::t;
use crate::model::Catalog;
use crate::results::OrgResult;

/// At most this many organizations per scheme in a 汇总 chart (more make it unreadable).
pub const SUMMARY_CHART_LIMIT: usize = 200;

/// Writes 汇总 (with the comparison's columns when `previous`); its charts plot the sheet named `chart_data` (see [`chart_data_sheet`]).
pub(crate) fn summary_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    orgs: &[OrgResult],
    chart_data: &str,
    previous: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = t().labels();
    ws.set_name(l.summary_sheet)?;
    let columns: Vec<&Column> = sheet_columns(previous).collect();
    let labels: Vec<&str> = columns.iter().map(|c| (c.heading)(l)).collect();
    headings(ws, 0, &labels, f)?;
    let mut widths: Vec<f64> = labels.iter().map(|l| text_width(l) + 2.0).collect();
    // Per row, the width of each text written (to size the row once the columns are).
    let mut texts: Vec<Vec<(usize, f64)>> = Vec::with_capacity(orgs.len());
    for (i, org) in orgs.iter().enumerate() {
        let mut row_texts = Vec::new();
        let row = i as u32 + 1;
        let scheme = &catalog.schemes[org.scheme];
        for (c, column) in columns.iter().enumerate() {
            let col = c as u16;
            let format = match column.look {
                Look::Entered | Look::Text => &f.wrapped,
                Look::Grade => &f.grade[grade_class(scheme, &org.verdict)],
                Look::Integer => &f.integer,
                Look::Figure => &f.number,
            };
            match (column.value)(scheme, org) {
                Value::Text(text) => {
                    widths[c] = widths[c].max(text_width(&text) * 1.1 + 2.0);
                    row_texts.push((c, text_width(&text) * 1.1));
                    if column.look == Look::Entered {
                        ws.write_string_with_format(row, col, neutralize(&text), format)?;
                    } else {
                        ws.write_string_with_format(row, col, &text, format)?;
                    }
                }
                Value::Count(n) => {
                    ws.write_number_with_format(row, col, n as f64, format)?;
                }
                Value::Figure(x) => put_figure(ws, row, col, x, format)?,
            }
        }
        texts.push(row_texts);
    }
    let mut table_pixels = 0;
    let mut shown = Vec::with_capacity(columns.len());
    for (c, (column, w)) in columns.iter().zip(widths).enumerate() {
        // Headings wrap, so figures need not be as wide as their heading; long text
        // wraps too, so that the table prints at a readable scale on one page's width.
        let cap = match column.look {
            Look::Integer | Look::Figure => 12.0,
            Look::Entered => 30.0,
            Look::Text | Look::Grade => 36.0,
        };
        let w = w.clamp(8.0, cap);
        table_pixels += column_pixels(w);
        shown.push(w);
        ws.set_column_width(c as u16, w)?;
    }
    for (i, row_texts) in texts.iter().enumerate() {
        let lines = row_texts
            .iter()
            .map(|(c, w)| (w / (shown[*c] - 1.0)).ceil().max(1.0))
            .fold(1.0, f64::max);
        if lines > 1.0 {
            ws.set_row_height(i as u32 + 1, 15.0 * lines)?;
        }
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 1)?;
    let last_col = columns.len() as u16 - 1;
    if !orgs.is_empty() {
        ws.autofilter(0, 0, orgs.len() as u32, last_col)?;
    }

    // One chart per scheme, below the table, as wide as the table, each starting a
    // printed page: inside the print area, never cut by a page break.
    let mut anchor = orgs.len() as u32 + 2;
    let mut breaks = Vec::new();
    // As wide as the table; printed at the scale that fits the table's width, a height
    // of half the width stays within a landscape page (about 0.7 of the width).
    let width = table_pixels.max(640);
    let height = (width / 2).clamp(400, 900);
    for (si, rows) in chart_blocks(catalog, orgs) {
        let scheme = &catalog.schemes[si];
        let shown = rows.len().min(SUMMARY_CHART_LIMIT);
        let (first, last) = (rows.first_row, rows.first_row + shown as u32 - 1);
        let mut chart = Chart::new(ChartType::Column);
        let more = if rows.len() > shown {
            t().chart_subset(shown, rows.len())
        } else {
            String::new()
        };
        chart.title().set_name(&format!(
            "{}（{}）· {}{more}",
            scheme.title, scheme.id, l.chart_title
        ));
        chart
            .add_series()
            .set_name(l.service_score)
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
        chart.y_axis().set_name(l.score_axis);
        chart
            .x_axis()
            .set_font(ChartFont::new().set_rotation(-45).set_size(8));
        chart.set_width(width);
        chart.set_height(height);
        ws.insert_chart(anchor, 0, &chart)?;
        breaks.push(anchor);
        anchor += height.div_ceil(20) + 2;
    }
    // Printed: the table and the charts, landscape, one page wide, the headings repeated.
    print_a4(ws, true);
    ws.set_print_area(0, 0, anchor.max(orgs.len() as u32 + 1), last_col)?;
    ws.set_repeat_rows(0, 0)?;
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
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
pub(crate) fn chart_data_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    orgs: &[OrgResult],
    name: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (si, rows) in chart_blocks(catalog, orgs) {
        let scheme = &catalog.schemes[si];
        let mut names = vec![scheme.id.clone(), t().labels().service_score.to_string()];
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
