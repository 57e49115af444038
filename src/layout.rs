//! Where things sit in a score-sheet workbook: sheet names, labels, columns.
//!
//! Shared by the writer (`template`) and the reader (`ingest`) so the two cannot
//! drift apart. The writer puts things at the positions below; the reader never
//! relies on them: it finds the header labels, the table's column headings and
//! each item and clause by its code, so a row inserted or a re-save by another
//! application still reads.

use crate::scheme::{Clause, Item};

/// Template format version, stored in every workbook. 2: the maturity sheet
/// carries the conformity review's conclusion (format 1 did not).
pub const TEMPLATE_FORMAT: u32 = 2;

/// The Appendix 1 sheet (service characteristics, α per item).
pub const SERVICE_SHEET: &str = "附录1";
/// The Appendix 3 sheet (management maturity, level per clause).
pub const MATURITY_SHEET: &str = "附录3";
/// Reference: Appendix 2 level descriptions.
pub const LEVELS_SHEET: &str = "附录2";
/// Reference: Appendix 4 requirement of each clause.
pub const REQUIREMENTS_SHEET: &str = "附录4";
/// Reference: how to fill in the workbook.
pub const GUIDE_SHEET: &str = "填写说明";
/// Very hidden sheet identifying scheme, version and template format.
pub const META_SHEET: &str = "certsheet";

/// Keys in column A of the meta sheet; values in column B.
pub const META_SCHEME: &str = "scheme";
pub const META_VERSION: &str = "scheme_version";
pub const META_FORMAT: &str = "template_format";
pub const META_GENERATOR: &str = "generator";

/// Header labels (on the service sheet; the maturity sheet repeats them by formula).
/// The value sits in the cell right of its label.
pub const LABEL_ORG: &str = "受评组织";
pub const LABEL_CREDIT_CODE: &str = "统一社会信用代码";
pub const LABEL_RATER: &str = "评价人";
pub const LABEL_DATE: &str = "评价日期";

/// Header block: (row, label column) of each label; value in the next column.
pub const HEADER_CELLS: [(u32, u16, &str); 4] = [
    (2, 0, LABEL_ORG),
    (2, 4, LABEL_CREDIT_CODE),
    (3, 0, LABEL_RATER),
    (3, 4, LABEL_DATE),
];

/// Row of the table headings (0-based); the first item or clause is on the next row.
pub const TABLE_HEADER_ROW: u32 = 5;
pub const FIRST_ROW: u32 = 6;

/// Appendix 1 table columns (0-based) and their headings.
pub const S_CHARACTERISTIC: u16 = 0;
pub const S_ITEM: u16 = 1;
pub const S_TEXT: u16 = 2;
pub const S_POINTS: u16 = 3;
pub const S_ALPHA: u16 = 4;
pub const S_SCORE: u16 = 5;
pub const S_BAND: u16 = 6;
pub const SERVICE_HEADINGS: [&str; 7] = [
    "服务特性指标",
    "服务过程质量指标",
    "评价内容",
    "单项分值",
    "体验系数 α",
    "实际得分",
    "体验评价",
];
/// Label of the service score cell's row.
pub const LABEL_SERVICE_SCORE: &str = "服务特性测评得分";

/// Appendix 3 table columns (0-based) and their headings.
pub const M_GROUP: u16 = 0;
pub const M_CLAUSE: u16 = 1;
pub const M_MAX: u16 = 2;
pub const M_LEVEL: u16 = 3;
pub const M_SCORE: u16 = 4;
pub const M_SCALE: u16 = 5;
pub const MATURITY_HEADINGS: [&str; 6] = [
    "管理要求",
    "条款",
    "总分值",
    "成熟度等级",
    "得分",
    "各级得分",
];
pub const LABEL_MATURITY_TOTAL: &str = "管理成熟度总分";
pub const LABEL_MANAGEMENT_LEVEL: &str = "管理等级";

/// Label of the conformity review's row on the maturity sheet; its input sits in
/// the level column of that row.
pub const LABEL_CONFORMITY: &str = "管理要求符合性审查结论";
/// The words of the conformity review's dropdown: passed, not passed.
pub const CONFORMITY_WORDS: [&str; 2] = ["通过", "不通过"];

/// The words of the per-clause maturity level dropdown, level 1 → 5.
pub const LEVEL_WORDS: [&str; 5] = ["一级", "二级", "三级", "四级", "五级"];

/// The label of an item row as written in the indicator column, e.g. `1.2 设备设施/7分`.
pub fn item_label(item: &Item) -> String {
    format!("{} {}/{}分", item.code, item.indicator, item.points)
}

/// The label of a clause row, e.g. `4.1 资源`.
pub fn clause_label(clause: &Clause) -> String {
    format!("{} {}", clause.code, clause.name)
}

/// The code a label starts with: `"1.2 设备设施/7分"` → `"1.2"`, `"1.2. 人员"` → `"1.2"`.
/// Returns `None` unless the text starts with digits and dots followed by a
/// non-digit (or the end), so numbers such as `5` or `0.8` are not codes.
pub fn leading_code(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    let code = text[..end].trim_end_matches('.');
    let rest = &text[end..];
    let is_code = code.contains('.')
        && code.split('.').all(|p| !p.is_empty())
        && !rest.is_empty()
        && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '%');
    is_code.then_some(code)
}

/// Whether a workbook with these sheets is this tool's results workbook (in
/// either language): met among the inputs, it is skipped, not read.
pub fn is_results_workbook(sheets: &[String]) -> bool {
    let has = |a: &str, b: &str| sheets.iter().any(|n| n == a || n == b);
    has("汇总", "Summary") && has("运行信息", "Run") && has("问题清单", "Problems")
}

/// How this tool's results CSV starts (its header is the same whatever `--lang`).
pub const RESULTS_CSV_START: &[u8] = "\u{feff}机构名称,统一社会信用代码,认证方案,".as_bytes();

/// Whether a file starting with `head` is this tool's results CSV: met in a
/// folder being read, it is skipped, not reported as a sheet saved as .csv.
pub fn is_results_csv(head: &[u8]) -> bool {
    head.starts_with(RESULTS_CSV_START)
}

/// Excel A1 name of a 0-based cell, e.g. (6, 4) → `E7`.
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII"), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_labels() {
        assert_eq!(leading_code("1.2 设备设施/7分"), Some("1.2"));
        assert_eq!(leading_code("1.2. 设备设施/7分"), Some("1.2"));
        assert_eq!(leading_code(" 7.1 制定服务规范/8分"), Some("7.1"));
        assert_eq!(leading_code("4.1资源"), Some("4.1"));
        assert_eq!(leading_code("0.8"), None);
        assert_eq!(leading_code("5"), None);
        assert_eq!(leading_code("1. 功能性/17分"), None);
        assert_eq!(leading_code("80%"), None);
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(6, 4), "E7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
    }
}
