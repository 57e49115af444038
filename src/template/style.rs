//! How the sheets look: the cell formats every sheet draws from, and the A4
//! print set-up they share.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// The cell formats of a workbook. Yellow, unlocked formats mark what a rater fills in.
pub(super) struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub label: Format,
    pub heading: Format,
    pub text: Format,
    pub center: Format,
    pub input_alpha: Format,
    pub input_level: Format,
    pub input_header: Format,
    /// The optional 评价说明: unlocked, wrapped, paler than a required input.
    pub input_remark: Format,
    pub fixed_header: Format,
    pub number: Format,
    pub total_label: Format,
    pub total: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let yellow = Color::RGB(0xFFF2CC);
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(14)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new()
                .set_font_name("宋体")
                .set_font_size(10)
                .set_align(FormatAlign::Center),
            label: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xF2F2F2)),
            heading: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9E1F2)),
            text: base.clone().set_text_wrap(),
            center: base.clone().set_align(FormatAlign::Center).set_text_wrap(),
            input_alpha: base
                .clone()
                .set_unlocked()
                .set_background_color(yellow)
                .set_align(FormatAlign::Center)
                .set_num_format("0.00##"),
            input_level: base
                .clone()
                .set_unlocked()
                .set_background_color(yellow)
                .set_align(FormatAlign::Center),
            input_header: base.clone().set_unlocked().set_background_color(yellow),
            input_remark: base
                .clone()
                .set_unlocked()
                .set_text_wrap()
                .set_font_size(9)
                .set_background_color(Color::RGB(0xFFFCE5)),
            fixed_header: base.clone(),
            number: base
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
            total_label: base.clone().set_bold().set_align(FormatAlign::Right),
            total: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
        }
    }
}

/// A4, fitted to the page width, centred, page numbers in the footer.
pub(super) fn page_setup(ws: &mut Worksheet, landscape: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9); // A4
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}
