//! Rosters: the CSV listing one workbook per organization and rater.
//!
//! Columns 机构名称 and 评价人 are required; 统一社会信用代码 and 评价日期 are
//! optional. Rosters saved by Chinese Excel are GBK/GB18030, others UTF-8 with
//! or without BOM: all three read.

use std::collections::HashSet;

use encoding_rs::GB18030;
use unicode_normalization::UnicodeNormalization;

use crate::ident::{credit_code_is_valid, normalize_credit_code};
use crate::model::Header;

/// One roster row, with its 1-based line number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub line: usize,
    pub header: Header,
}

/// A problem with a roster that stops template generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterError {
    /// A required column is missing.
    MissingColumn(&'static str),
    /// A row lacks a required value.
    MissingValue { line: usize, column: &'static str },
    /// Not readable as CSV.
    Csv(String),
    /// The roster has no rows.
    Empty,
}

impl std::error::Error for RosterError {}

/// A warning about a roster row (the workbook is still written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterWarning {
    pub line: usize,
    pub credit_code: String,
}

/// Decodes roster bytes: UTF-8 (BOM stripped) when valid, GB18030 (a superset of GBK) otherwise.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => GB18030.decode(bytes).0.into_owned(),
    }
}

/// Parses a roster and reports rows whose credit code fails its checksum.
pub fn parse_roster(bytes: &[u8]) -> Result<(Vec<RosterRow>, Vec<RosterWarning>), RosterError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| RosterError::Csv(e.to_string()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let org = col("机构名称").ok_or(RosterError::MissingColumn("机构名称"))?;
    let rater = col("评价人").ok_or(RosterError::MissingColumn("评价人"))?;
    let code = col("统一社会信用代码");
    let date = col("评价日期");
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| RosterError::Csv(e.to_string()))?;
        let line = i + 2;
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_string();
        let header = Header {
            organization: get(Some(org)),
            rater: get(Some(rater)),
            credit_code: normalize_credit_code(&get(code)),
            date: get(date),
        };
        if header.organization.is_empty() {
            return Err(RosterError::MissingValue {
                line,
                column: "机构名称",
            });
        }
        if header.rater.is_empty() {
            return Err(RosterError::MissingValue {
                line,
                column: "评价人",
            });
        }
        if !header.credit_code.is_empty() && !credit_code_is_valid(&header.credit_code) {
            warnings.push(RosterWarning {
                line,
                credit_code: header.credit_code.clone(),
            });
        }
        rows.push(RosterRow { line, header });
    }
    if rows.is_empty() {
        return Err(RosterError::Empty);
    }
    Ok((rows, warnings))
}

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file stem safe on Windows and macOS: in Unicode NFC, no reserved characters or
/// names, no trailing dot or space, no leading "." or "~$" (hidden and lock files,
/// which ingest skips), at most 80 characters.
pub fn safe_stem(text: &str) -> String {
    let mut s: String = text
        .nfc()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(80)
        .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start().to_string();
    if s.is_empty() {
        return "_".to_string();
    }
    if s.starts_with('.') || s.starts_with("~$") {
        return format!("_{s}");
    }
    let base = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        return format!("_{s}");
    }
    s
}

/// Unique, Windows-safe file names (`.xlsx`) for roster rows: `机构名称_评价人.xlsx`,
/// with `_2`, `_3` … where two rows would collide (names compared after case folding
/// and Unicode NFC, as Windows and macOS file systems compare them).
pub fn file_names(rows: &[RosterRow]) -> Vec<String> {
    let mut taken = HashSet::new();
    rows.iter()
        .map(|r| {
            let stem = safe_stem(&format!("{}_{}", r.header.organization, r.header.rater));
            let mut name = format!("{stem}.xlsx");
            let mut n = 2;
            while !taken.insert(name.nfc().collect::<String>().to_lowercase()) {
                name = format!("{stem}_{n}.xlsx");
                n += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_gbk_decode_alike() {
        let text = "机构名称,评价人\n南昌某某公司,张三\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&gbk), text);
        assert_eq!(decode(&bom), text);
        assert_eq!(decode(text.as_bytes()), text);
    }

    #[test]
    fn file_names_are_safe_and_unique() {
        let row = |org: &str, rater: &str| RosterRow {
            line: 2,
            header: Header {
                organization: org.into(),
                rater: rater.into(),
                ..Header::default()
            },
        };
        let names = file_names(&[
            row("A/B:公司", "张三"),
            row("A/B:公司", "张三"),
            row("con", ""),
            row("x. ", "y?"),
        ]);
        assert_eq!(names[0], "A_B_公司_张三.xlsx");
        assert_eq!(names[1], "A_B_公司_张三_2.xlsx");
        assert_eq!(names[2], "con_.xlsx");
        assert_eq!(names[3], "x. _y_.xlsx");
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("report. "), "report");
        assert_eq!(safe_stem(".hidden"), "_.hidden");
        assert_eq!(safe_stem("~$lock"), "_~$lock");
        let names = file_names(&[row("Café", "A"), row("Cafe\u{301}", "a"), row("CAFÉ", "a")]);
        assert_eq!(names, ["Café_A.xlsx", "Café_a_2.xlsx", "CAFÉ_a_3.xlsx"]);
    }

    #[test]
    fn missing_columns_and_values_are_named() {
        assert_eq!(
            parse_roster("机构名称\nA\n".as_bytes()).unwrap_err(),
            RosterError::MissingColumn("评价人")
        );
        assert_eq!(
            parse_roster("机构名称,评价人\nA,\n".as_bytes()).unwrap_err(),
            RosterError::MissingValue {
                line: 2,
                column: "评价人"
            }
        );
    }

    #[test]
    fn bad_credit_code_is_a_warning_with_its_line() {
        let (rows, warnings) =
            parse_roster("机构名称,评价人,统一社会信用代码\nA,张三,91350100M000100Y43\nB,李四,91350100M000100Y44\n".as_bytes())
                .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            warnings,
            vec![RosterWarning {
                line: 3,
                credit_code: "91350100M000100Y44".into()
            }]
        );
    }
}
