//! Widths of what is printed, in display columns (a Chinese character takes two),
//! for terminal tables and column widths in the results workbook.

use unicode_width::UnicodeWidthStr;

/// The display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces on the right to `columns` display columns (never cut).
pub fn pad(text: &str, columns: usize) -> String {
    let w = width(text);
    let mut out = String::with_capacity(text.len() + columns.saturating_sub(w));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("complaint"), 9);
        assert_eq!(width("五星级"), 6);
        assert_eq!(width("AAA级"), 5);
        assert_eq!(pad("五星级", 10), "五星级    ");
        assert_eq!(width(&pad("资料不全", 10)), 10);
        assert_eq!(pad("太长的文字", 4), "太长的文字");
    }
}
