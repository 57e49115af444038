//! The text of the live formulas, the results cached with them, and the level
//! bands they decide by.
//!
//! The formulas read an input cell the way ingest reads it, so a viewer that
//! recalculates shows what certsheet will score; [`decimal_text`] is how a
//! computed result is cached for viewers that do not.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::scheme::Scheme;

/// `=IF(cell="","",expr)`: empty while `cell` is.
pub(super) fn if_filled(cell: &str, expr: &str) -> String {
    format!("=IF({cell}=\"\",\"\",{expr})")
}

/// `=IF(COUNTA(range)=0,"",expr)`: empty while every cell of `range` is.
pub(super) fn if_any_filled(range: &str, expr: &str) -> String {
    format!("=IF(COUNTA({range})=0,\"\",{expr})")
}

/// α as a number in a formula: the cell's number, or text such as " 0.85", "85%" or
/// full-width "０．８５" (typed past the validation, e.g. pasted) read the way ingest reads it.
pub(super) fn alpha_value(cell: &str) -> String {
    format!("IF(ISNUMBER({cell}),{cell},VALUE(ASC(TRIM({cell}))))")
}

/// A maturity level as a number in a formula, from its first character: 一…五 or a
/// digit 1–5 (typed past the dropdown).
pub(super) fn level_value(cell: &str) -> String {
    format!(
        "IF(ISNUMBER({cell}),{cell},MOD(FIND(LEFT(ASC(TRIM({cell})),1),\"一二三四五12345\")-1,5)+1)"
    )
}

/// `=IF(E7="","",IF(E7<=0.2,"远低于预期",IF(…)))` from the scheme's bands.
pub(super) fn likert_formula(scheme: &Scheme, cell: &str) -> String {
    let value = alpha_value(cell);
    let mut inner = format!(
        "\"{}\"",
        scheme.likert.last().map_or("", |b| b.label.as_str())
    );
    for band in scheme.likert.iter().rev().skip(1) {
        inner = format!("IF({value}<={},\"{}\",{inner})", band.upper, band.label);
    }
    if_filled(cell, &inner)
}

/// The management level of a total cell, from the scheme's thresholds, on the rounded total.
pub(super) fn level_formula(scheme: &Scheme, cell: &str) -> String {
    let rounded = format!("ROUND({cell},2)");
    let mut inner = "\"\"".to_string();
    for level in &scheme.levels {
        inner = format!("IF({rounded}>={},\"{}\",{inner})", level.min, level.label);
    }
    if_filled(cell, &inner)
}

/// A decimal as a formula result: plain, without trailing zeros (as Excel would show the value).
pub(super) fn decimal_text(d: Decimal) -> String {
    let n = d.normalize();
    match n.to_f64() {
        Some(_) => n.to_string(),
        None => String::new(),
    }
}

/// `"20 ≤ 总分 < 45：一级"` … for each level.
pub(super) fn level_ranges(scheme: &Scheme) -> Vec<String> {
    level_bands(scheme, "")
        .into_iter()
        .zip(&scheme.levels)
        .map(|(band, level)| format!("{band}：{}", level.label))
        .collect()
}

/// The total-score band of each level, each bound followed by `unit`:
/// `"20分 ≤ 总分 < 45分"` with `"分"`, as Appendix 3's 说明 3) prints them.
pub(super) fn level_bands(scheme: &Scheme, unit: &str) -> Vec<String> {
    let ceiling = scheme.maturity_ceiling();
    scheme
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| match scheme.levels.get(i + 1) {
            Some(next) => format!("{}{unit} ≤ 总分 < {}{unit}", l.min, next.min),
            None => format!("{}{unit} ≤ 总分 ≤ {ceiling}{unit}", l.min),
        })
        .collect()
}
