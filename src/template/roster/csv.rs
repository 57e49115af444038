//! A roster saved as text: decoded whatever Excel or an editor saved it as, its
//! separator found from the heading row, and each record given the line an
//! editor shows it on.
//!
//! Encodings: UTF-8 with or without BOM; GBK/GB18030 (Chinese Excel's "CSV
//! (逗号分隔)"); UTF-16 with BOM (Excel's "Unicode 文本", tab-separated) or
//! without one. Separators: comma, tab or semicolon (Excel in a locale whose
//! decimal mark is a comma), and Excel's `sep=;` first line.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::check::heading_is_organization;
use super::Line;
use crate::cell::Raw;
use crate::ident::clean_text;

/// The separators tried, in this order, on the heading row.
const SEPARATORS: [char; 3] = [',', '\t', ';'];

/// How many non-blank records may come before the heading row (a title line or
/// two above the headings, as people make lists in Excel).
pub(super) const HEADING_SEARCH: usize = 10;

/// Decodes roster bytes: by their BOM (UTF-8, UTF-16LE, UTF-16BE); UTF-16 without
/// one when NUL bytes say so (text in any other encoding has none); else UTF-8
/// when valid, GB18030 (a superset of GBK) otherwise.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return UTF_16LE.decode_with_bom_removal(bytes).0.into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return UTF_16BE.decode_with_bom_removal(bytes).0.into_owned();
    }
    let head = &bytes[..bytes.len().min(4096)];
    let nul_at = |parity: usize| {
        head.iter()
            .enumerate()
            .any(|(i, b)| *b == 0 && i % 2 == parity)
    };
    match (nul_at(0), nul_at(1)) {
        (false, true) => return UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
        (true, false) => return UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
        _ => {}
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Reads a CSV roster's non-blank records, each with the line it starts on
/// (blank lines and the lines of a quoted multi-line field counted, as an editor
/// numbers them).
pub(super) fn read_csv(bytes: &[u8]) -> Vec<Line> {
    let text = decode(bytes);
    // Excel's `sep=X` directive on the first line names the separator.
    let directive = text
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("sep="))
        .and_then(|s| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        });
    let separator = directive
        .or_else(|| {
            SEPARATORS.into_iter().find(|&sep| {
                records(&text, sep)
                    .iter()
                    .take(HEADING_SEARCH)
                    .any(|l| l.cells.iter().any(heading_is_organization))
            })
        })
        .unwrap_or(',');
    let mut lines = records(&text, separator);
    if directive.is_some() {
        lines.retain(|l| l.line != 1);
    }
    lines
}

/// The non-blank records of `text` split by `separator` (RFC 4180: a field that
/// starts with `"` is quoted, `""` in it is a quote, and it may hold separators
/// and line breaks), cells cleaned ([`clean_text`]) and trimmed. A line ends at
/// LF, CRLF or CR. The CSV crate is not used here: its record positions skip
/// blank lines, and the line of each record is the point.
fn records(text: &str, separator: char) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cells: Vec<Raw> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    let cell =
        |field: &mut String| Raw::Text(clean_text(&std::mem::take(field)).trim().to_string());
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || c == '\r';
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ if line_break => {
                    field.push('\n');
                    line += 1;
                }
                c => field.push(c),
            }
            continue;
        }
        if c == '"' && field_start {
            quoted = true;
            field_start = false;
        } else if c == separator {
            cells.push(cell(&mut field));
            field_start = true;
        } else if line_break {
            cells.push(cell(&mut field));
            if !cells.iter().all(Raw::is_blank) {
                lines.push(Line {
                    line: start,
                    cells: std::mem::take(&mut cells),
                });
            }
            cells.clear();
            line += 1;
            start = line;
            field_start = true;
        } else {
            field.push(c);
            field_start = false;
        }
    }
    cells.push(cell(&mut field));
    if !cells.iter().all(Raw::is_blank) {
        lines.push(Line { line: start, cells });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<(usize, Vec<String>)> {
        lines
            .iter()
            .map(|l| (l.line, l.cells.iter().map(Raw::text).collect()))
            .collect()
    }

    #[test]
    fn utf8_bom_gbk_and_utf16_decode_alike() {
        let text = "机构名称,评价人\n南昌某某公司,张三\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&utf16le);
        assert_eq!(decode(&gbk), text);
        assert_eq!(decode(&bom), text);
        assert_eq!(decode(text.as_bytes()), text);
        assert_eq!(decode(&le_bom), text);
        assert_eq!(decode(&utf16le), text);
        assert_eq!(decode(&utf16be), text);
    }

    #[test]
    fn lines_are_counted_as_an_editor_shows_them() {
        let text = "机构名称,评价人\r\n\r\n甲公司,张三\n,\n\"乙\n公司\",李四\n\n丙公司,王五\n";
        let lines = read_csv(text.as_bytes());
        assert_eq!(
            texts(&lines),
            [
                (1, vec!["机构名称".into(), "评价人".into()]),
                (3, vec!["甲公司".into(), "张三".into()]),
                (5, vec!["乙\n公司".into(), "李四".into()]),
                (8, vec!["丙公司".into(), "王五".into()]),
            ]
        );
    }

    #[test]
    fn separators_are_found_from_the_headings() {
        for text in [
            "机构名称;评价人\n甲公司;张三\n",
            "机构名称\t评价人\n甲公司\t张三\n",
            "sep=;\n机构名称;评价人\n甲公司;张三\n",
            "2026 年名单\n机构名称;评价人\n甲公司;张三\n",
        ] {
            let lines = read_csv(text.as_bytes());
            let last = lines.last().unwrap();
            assert_eq!(
                last.cells,
                [Raw::Text("甲公司".into()), Raw::Text("张三".into())]
            );
            assert!(lines
                .iter()
                .all(|l| l.line != 1 || !text.starts_with("sep")));
        }
    }
}
