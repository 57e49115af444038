//! What the sheets of the results workbook share in looks: the cell formats, the
//! colour of each grade, how a figure is shown, the heading row, and column
//! widths fitted to their text (in display columns, a Chinese character taking two).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::grade::Verdict;
use crate::messages::width::width;
use crate::scheme::Scheme;
use crate::score::{round_half_up, round_report};

/// The handful of formats every sheet uses. Cells of the big sheets mostly take
/// their format from the column instead (see [`super::workbook`]).
pub(crate) struct Formats {
    /// Column headings: bold, shaded, wrapped.
    pub heading: Format,
    /// A heading over a group of columns (明细, 极差): as a heading, to the left, so it
    /// shows at the start of a wide group.
    pub part: Format,
    /// A bordered cell (汇总, 运行信息).
    pub text: Format,
    /// A bordered cell whose text wraps (汇总's names and notes).
    pub wrapped: Format,
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
/// the certification grades (a user scheme may have one), refused (不予认证), incomplete (资料不全).
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
        wrapped: base.clone().set_text_wrap(),
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

impl Formats {
    /// Every format, always in the same order (the workbook registers them in it).
    pub fn all(&self) -> Vec<&Format> {
        let mut all = vec![
            &self.heading,
            &self.part,
            &self.text,
            &self.number,
            &self.integer,
            &self.error,
            &self.warning,
            &self.bold,
            &self.bold_number,
            &self.group,
            &self.col_number,
            &self.col_integer,
            &self.col_alpha,
            &self.weak,
            &self.weak_number,
            &self.wide_spread,
            &self.wrapped,
        ];
        all.extend(&self.grade);
        all
    }
}

/// The colour class of a grade (an index into [`Formats::grade`]): the certification
/// grades from the top down, then a lower rule's grade, refused, incomplete.
pub(crate) fn grade_class(scheme: &Scheme, verdict: &Verdict) -> usize {
    let below = CERTIFIED_COLORS.len();
    match &verdict.grade {
        None => below + 2,
        Some(g) => match scheme.grades.labels.iter().rev().position(|l| l == g) {
            Some(i) => i.min(below - 1),
            None if *g == scheme.grades.otherwise => below + 1,
            None => below,
        },
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
pub(crate) fn headings<S: AsRef<str>>(
    ws: &mut Worksheet,
    row: u32,
    names: &[S],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h.as_ref(), &f.heading)?;
    }
    Ok(())
}

/// Width of text in Excel's column units: its display width (a CJK or
/// full-width character counts two).
pub(crate) fn text_width(text: &str) -> f64 {
    width(text) as f64
}

/// A column width that fits the widest of `texts` (and its heading), within [min, max].
pub(crate) fn fit<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let widest = texts.into_iter().map(text_width).fold(0.0, f64::max);
    // A little more than the text: Chinese glyphs are slightly wider than two digits.
    (widest * 1.1 + 2.0).clamp(min, max)
}

/// Sets a sheet up for printing on A4: paper size, orientation, narrow margins, and
/// the columns fitted to the page's width (as many pages down as needed). Headings to
/// repeat and page breaks are each sheet's own.
pub(crate) fn print_a4(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.2, 0.2);
    ws.set_print_fit_to_pages(1, 0);
}

/// The width of a column in pixels, as Excel lays out a width in character units
/// (the default font: 7 pixels a character and 5 of padding).
pub(crate) fn column_pixels(width: f64) -> u32 {
    (width * 7.0 + 5.0).round() as u32
}
