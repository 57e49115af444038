//! The summary columns, defined once: what 汇总 and the CSV (and any later
//! per-organization output) show of each scheme + organization. Each column has
//! its CSV header, its heading in the workbook, its value for an organization
//! and the look of its cells. Adding a column is adding an entry to [`SUMMARY`]
//! (and, when its heading is a new word, that word to both catalogs).

use rust_decimal::Decimal;

use crate::grade::{Conformity, Review};
use crate::messages::{grade_text, t, ReportLabels};
use crate::results::earlier::Change;
use crate::results::OrgResult;
use crate::scheme::Scheme;

/// One column of the summary.
pub struct Column {
    /// The CSV header: Chinese whatever `--lang` (scripts rely on it), and the
    /// same words as the Chinese heading of 汇总.
    pub csv: &'static str,
    /// The heading in the results workbook, from the catalog of the language in force.
    pub heading: fn(&ReportLabels) -> &'static str,
    /// What the column holds for an organization (of `scheme`).
    pub value: fn(&Scheme, &OrgResult) -> Value,
    /// How its cells look in a sheet.
    pub look: Look,
    /// Where the column appears.
    pub shown: Shown,
}

/// Where a summary column appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// In the CSV and in 汇总.
    Always,
    /// In 汇总 only: the CSV's columns are a contract scripts rely on.
    SheetOnly,
    /// In both, only when an earlier round is compared (`--previous`).
    WithPrevious,
}

/// The columns of the CSV: with `previous`, the comparison's two columns too.
pub fn csv_columns(previous: bool) -> impl Iterator<Item = &'static Column> {
    SUMMARY.iter().filter(move |c| match c.shown {
        Shown::Always => true,
        Shown::SheetOnly => false,
        Shown::WithPrevious => previous,
    })
}

/// The columns of 汇总: the CSV's, with the scheme's title beside its id.
pub fn sheet_columns(previous: bool) -> impl Iterator<Item = &'static Column> {
    SUMMARY
        .iter()
        .filter(move |c| c.shown != Shown::WithPrevious || previous)
}

/// What a column holds for one organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A number of sheets.
    Count(usize),
    /// A reported figure (already rounded to 2 decimals), `None` when there is none.
    Figure(Option<Decimal>),
}

impl Value {
    /// The value as text, as the CSV holds it: a figure with 2 decimals, empty
    /// when there is none (not yet neutralized).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Count(n) => n.to_string(),
            Value::Figure(x) => x
                .map(|mut d| {
                    d.rescale(2);
                    d.to_string()
                })
                .unwrap_or_default(),
        }
    }
}

/// How a column's cells look in a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Text as a rater typed it: neutralized in the sheet too (see [`super::neutralize`]).
    Entered,
    /// Text from the scheme or the tool.
    Text,
    /// The grade: filled with its grade's colour.
    Grade,
    /// A whole number.
    Integer,
    /// A figure with 2 decimals; a blank cell when there is none.
    Figure,
}

impl Look {
    /// Whether the cells hold numbers (their column need not be as wide as its heading).
    pub fn is_number(self) -> bool {
        matches!(self, Look::Integer | Look::Figure)
    }
}

/// The summary columns, in order.
pub const SUMMARY: &[Column] = &[
    Column {
        csv: "机构名称",
        heading: |l| l.organization,
        value: |_, org| Value::Text(org.name.clone()),
        look: Look::Entered,
        shown: Shown::Always,
    },
    Column {
        csv: "统一社会信用代码",
        heading: |l| l.credit_code,
        value: |_, org| Value::Text(org.credit_code.clone()),
        look: Look::Entered,
        shown: Shown::Always,
    },
    Column {
        csv: "认证方案",
        heading: |l| l.scheme,
        value: |scheme, _| Value::Text(scheme.id.clone()),
        look: Look::Text,
        shown: Shown::Always,
    },
    Column {
        csv: "方案名称",
        heading: |l| l.scheme_title,
        value: |scheme, _| Value::Text(scheme.title.clone()),
        look: Look::Text,
        shown: Shown::SheetOnly,
    },
    Column {
        csv: "服务特性测评份数",
        heading: |l| l.service_sheets,
        value: |_, org| Value::Count(org.service.sheets),
        look: Look::Integer,
        shown: Shown::Always,
    },
    Column {
        csv: "服务特性测评得分",
        heading: |l| l.service_score,
        value: |_, org| Value::Figure(org.service_score),
        look: Look::Figure,
        shown: Shown::Always,
    },
    Column {
        csv: "管理要求审核份数",
        heading: |l| l.maturity_sheets,
        value: |_, org| Value::Count(org.maturity.sheets),
        look: Look::Integer,
        shown: Shown::Always,
    },
    Column {
        csv: "管理成熟度总分",
        heading: |l| l.maturity_total,
        value: |_, org| Value::Figure(org.maturity_total),
        look: Look::Figure,
        shown: Shown::Always,
    },
    Column {
        csv: "管理成熟度等级",
        heading: |l| l.level,
        value: |scheme, org| {
            Value::Text(
                org.level
                    .map(|l| scheme.levels[l].label.clone())
                    .unwrap_or_default(),
            )
        },
        look: Look::Text,
        shown: Shown::Always,
    },
    Column {
        csv: "符合性审查",
        heading: |l| l.conformity,
        value: |_, org| Value::Text(conformity_text(org.review.as_ref().map(Review::conformity))),
        look: Look::Text,
        shown: Shown::Always,
    },
    Column {
        csv: "认证级别",
        heading: |l| l.grade,
        value: |_, org| Value::Text(grade_text(&org.verdict)),
        look: Look::Grade,
        shown: Shown::Always,
    },
    Column {
        csv: "说明",
        heading: |l| l.note,
        value: |scheme, org| Value::Text(t().grade_note(scheme, &org.verdict)),
        look: Look::Text,
        shown: Shown::Always,
    },
    Column {
        csv: "上次认证级别",
        heading: |l| l.previous_grade,
        value: |_, org| Value::Text(earlier_grade(org)),
        look: Look::Text,
        shown: Shown::WithPrevious,
    },
    Column {
        csv: "级别变化",
        heading: |l| l.grade_change,
        value: |_, org| {
            Value::Text(
                org.earlier
                    .as_ref()
                    .map(|e| change_text(e.change))
                    .unwrap_or_default()
                    .to_string(),
            )
        },
        look: Look::Text,
        shown: Shown::WithPrevious,
    },
];

/// An organization's grade in the earlier round as the results show it: the grade
/// as the earlier CSV wrote it, 资料不全 in the language in force; empty when new.
pub fn earlier_grade(org: &OrgResult) -> String {
    match org.earlier.as_ref().and_then(|e| e.row.as_ref()) {
        Some(row) if row.is_incomplete() => t().incomplete().to_string(),
        Some(row) => row.grade.clone(),
        None => String::new(),
    }
}

/// A change of grade as the CSV, 汇总 and the report cards write it: 升, 降, 持平 or 新增
/// (the same words whatever `--lang`, like the grades and the CSV header).
pub fn change_text(change: Change) -> &'static str {
    match change {
        Change::Up => "升",
        Change::Down => "降",
        Change::Same => "持平",
        Change::New => "新增",
    }
}

/// A conformity review as the CSV, 汇总 and 评价人明细 write it: 通过, 不通过, or empty
/// without a maturity sheet (the same words whatever `--lang`, like the grades).
pub fn conformity_text(conformity: Option<Conformity>) -> String {
    let words = crate::layout::CONFORMITY_WORDS;
    match conformity {
        Some(Conformity::Passed) => words[0].to_string(),
        Some(Conformity::Failed) => words[1].to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{catalog, Lang};

    #[test]
    fn the_chinese_headings_of_the_summary_are_the_csv_header() {
        let zh = catalog(Lang::Zh).labels();
        for column in SUMMARY {
            assert_eq!((column.heading)(zh), column.csv);
        }
        let en = catalog(Lang::En).labels();
        assert_eq!((SUMMARY[0].heading)(en), "Organization");
    }

    #[test]
    fn figures_have_two_decimals_in_text_and_none_is_empty() {
        let figure = |s: &str| Value::Figure(Some(s.parse().unwrap())).text();
        assert_eq!(figure("92.7"), "92.70");
        assert_eq!(figure("80"), "80.00");
        assert_eq!(Value::Figure(None).text(), "");
        assert_eq!(Value::Count(3).text(), "3");
    }
}
