//! What a cell holds and how a value is parsed, shared by the writer (the
//! [`Input`]s a template is filled with) and the reader (the [`Raw`] cell of a
//! returned workbook): turning what a rater typed into an α or a maturity level.
//!
//! Accepted α: a number in [0, 1]; text that is plainly such a number (full-width
//! digits, surrounding spaces); a percent, as a percent-formatted number (stored
//! as 0.8) or as text ("80%"). Accepted level: an integer 1–5 as number or text,
//! 一级…五级, 1级…5级, 一…五. Everything else is refused with a hint where one is
//! likely.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::grade::Conformity;
use crate::layout::LEVEL_WORDS;
use crate::score::round_alpha;

/// A cell as the reader sees it, independent of the spreadsheet library.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A number shown with a date or time format: as shown (a date as
    /// YYYY-MM-DD), and the number typed where the file keeps it (an .xlsx or .xls
    /// serial; an .ods date is text only). For α and levels the number counts:
    /// some applications give plain number cells a date format on re-save.
    Date(String, Option<f64>),
    /// An error value such as `#VALUE!`.
    Error(String),
}

impl Raw {
    /// True for an empty cell or one holding only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(t) => t.chars().all(char::is_whitespace),
            _ => false,
        }
    }

    /// The value as shown in a message.
    pub fn shown(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Number(n) => number_text(*n),
            Raw::Text(t) => t.clone(),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Date(d, _) | Raw::Error(d) => d.clone(),
        }
    }

    /// As an input (α, level, points, conclusion): a number shown with a date or
    /// time format is the number typed (SPEC "Ingest"), read and quoted as that
    /// number. Gnumeric's .xls gives α cells a custom format under id 50, which
    /// calamine takes for an East Asian date: 7 would read as 1900-01-06.
    pub fn typed(self) -> Raw {
        match self {
            Raw::Date(_, Some(n)) => Raw::Number(n),
            other => other,
        }
    }

    /// The value as plain text (header fields): numbers without a trailing `.0`.
    pub fn text(&self) -> String {
        self.shown().trim().to_string()
    }
}

/// A value to put in an input cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Number(f64),
    Text(String),
}

impl Input {
    /// The value as the reader would see it in the cell.
    pub fn raw(&self) -> Raw {
        match self {
            Input::Number(n) => Raw::Number(*n),
            Input::Text(t) => Raw::Text(t.clone()),
        }
    }
}

/// A number as its shortest exact decimal text (Rust prints the shortest round-trip form).
pub fn number_text(n: f64) -> String {
    let s = format!("{n}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Why a value was refused, and the likely cause where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    None,
    /// α equal to or within the item's points: the score was typed instead of α.
    ScoreInsteadOfAlpha,
    /// A number between 1 and 100: a percent typed without `%` (the number typed).
    PercentWithoutSign(Decimal),
    /// A decimal comma, as in `0,8`.
    DecimalComma,
    /// A level number equal to a clause score on a 10-point clause (6, 8, 10).
    ScoreInsteadOfLevel,
}

/// Full-width digits, signs and spaces folded to ASCII; trimmed.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '％' => '%',
            '－' => '-',
            '＋' => '+',
            '\u{3000}' | '\u{00A0}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn decimal_of(n: f64) -> Option<Decimal> {
    if !n.is_finite() {
        return None;
    }
    Decimal::from_str(&number_text(n))
        .or_else(|_| Decimal::from_scientific(&format!("{n:e}")))
        .ok()
}

/// Reads an α. `points` is the item's points, used for the hint.
pub fn parse_alpha(raw: &Raw, points: u32) -> Result<Decimal, Hint> {
    if let Raw::Date(_, Some(n)) = raw {
        return parse_alpha(&Raw::Number(*n), points);
    }
    let mut percent = false;
    let value = match raw {
        Raw::Number(n) => decimal_of(*n).ok_or(Hint::None)?,
        Raw::Text(t) => {
            let t = fold_width(t);
            let body = match t.strip_suffix('%') {
                Some(b) => {
                    percent = true;
                    b.trim_end()
                }
                None => t.as_str(),
            };
            if body.contains(',') {
                let dotted = body.replace(',', ".");
                return Err(if Decimal::from_str(&dotted).is_ok() {
                    Hint::DecimalComma
                } else {
                    Hint::None
                });
            }
            if body.is_empty()
                || !body
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
            {
                return Err(Hint::None);
            }
            let v = Decimal::from_str(body).map_err(|_| Hint::None)?;
            if percent {
                v / Decimal::ONE_HUNDRED
            } else {
                v
            }
        }
        _ => return Err(Hint::None),
    };
    // The range is checked on the value as typed, then α is taken to 4 decimals:
    // 1.00004 is out of range, not 1.0000.
    if value >= Decimal::ZERO && value <= Decimal::ONE {
        return Ok(round_alpha(value));
    }
    // A score or a percent is typed with a few decimals at most; 1.00004 is neither.
    let plain = value.normalize().scale() <= 2;
    Err(if percent || !plain {
        Hint::None
    } else if value > Decimal::ONE && value <= Decimal::from(points) {
        Hint::ScoreInsteadOfAlpha
    } else if value > Decimal::ONE && value <= Decimal::ONE_HUNDRED {
        Hint::PercentWithoutSign(value.normalize())
    } else {
        Hint::None
    })
}

/// Reads the conclusion of the conformity review: 通过 or 符合 (passed), 不通过 or
/// 不符合 (not passed), whitespace anywhere ignored.
pub fn parse_conformity(raw: &Raw) -> Option<Conformity> {
    let Raw::Text(text) = raw else {
        return None;
    };
    let word: String = fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match word.as_str() {
        "通过" | "符合" => Some(Conformity::Passed),
        "不通过" | "不符合" => Some(Conformity::Failed),
        _ => None,
    }
}

const CHINESE_DIGITS: [&str; 5] = ["一", "二", "三", "四", "五"];

/// Reads a maturity level 1–5. `max` is the clause maximum, used for the hint.
pub fn parse_level(raw: &Raw, max: u32) -> Result<u8, Hint> {
    let hint_for = |n: f64| {
        if max == 10 && n > 5.0 && n <= 10.0 && n.fract() == 0.0 && (n as u32).is_multiple_of(2) {
            Hint::ScoreInsteadOfLevel
        } else {
            Hint::None
        }
    };
    if let Raw::Date(_, Some(n)) = raw {
        return parse_level(&Raw::Number(*n), max);
    }
    match raw {
        Raw::Number(n) => {
            if n.fract() == 0.0 && (1.0..=5.0).contains(n) {
                Ok(*n as u8)
            } else {
                Err(hint_for(*n))
            }
        }
        Raw::Text(t) => {
            // "1 级" and "一 级" are the same as "1级" and "一级".
            let t: String = fold_width(t).split_whitespace().collect();
            if let Some(i) = LEVEL_WORDS.iter().position(|w| *w == t) {
                return Ok(i as u8 + 1);
            }
            if let Some(i) = CHINESE_DIGITS.iter().position(|w| *w == t) {
                return Ok(i as u8 + 1);
            }
            let digits = t.strip_suffix('级').unwrap_or(&t);
            // Plainly an integer: "3", "3.0", "3.00".
            let whole = match digits.split_once('.') {
                Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
                _ => digits,
            };
            match whole.parse::<u8>() {
                Ok(n @ 1..=5) => Ok(n),
                Ok(n) => Err(hint_for(f64::from(n))),
                Err(_) => Err(Hint::None),
            }
        }
        _ => Err(Hint::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Raw {
        Raw::Text(s.to_string())
    }
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn accepted_alpha_forms() {
        assert_eq!(parse_alpha(&Raw::Number(0.8), 5), Ok(d("0.8")));
        assert_eq!(parse_alpha(&Raw::Number(0.0), 5), Ok(d("0")));
        assert_eq!(parse_alpha(&Raw::Number(1.0), 5), Ok(d("1")));
        assert_eq!(parse_alpha(&Raw::Number(0.123456), 5), Ok(d("0.1235")));
        assert_eq!(parse_alpha(&text(" 0.75 "), 5), Ok(d("0.75")));
        assert_eq!(parse_alpha(&text("０．８５"), 5), Ok(d("0.85")));
        assert_eq!(parse_alpha(&text("80%"), 5), Ok(d("0.8")));
        assert_eq!(parse_alpha(&text("８５％"), 5), Ok(d("0.85")));
        assert_eq!(parse_alpha(&text("\u{3000}0.9\u{3000}"), 5), Ok(d("0.9")));
    }

    #[test]
    fn refused_alpha_forms_with_hints() {
        assert_eq!(
            parse_alpha(&Raw::Number(7.0), 7),
            Err(Hint::ScoreInsteadOfAlpha)
        );
        assert_eq!(
            parse_alpha(&Raw::Number(4.0), 5),
            Err(Hint::ScoreInsteadOfAlpha)
        );
        assert_eq!(
            parse_alpha(&Raw::Number(80.0), 5),
            Err(Hint::PercentWithoutSign(d("80")))
        );
        assert_eq!(parse_alpha(&text("0,8"), 5), Err(Hint::DecimalComma));
        assert_eq!(parse_alpha(&Raw::Number(-0.1), 5), Err(Hint::None));
        assert_eq!(parse_alpha(&text("高"), 5), Err(Hint::None));
        assert_eq!(parse_alpha(&text("0.8分"), 5), Err(Hint::None));
        assert_eq!(parse_alpha(&text("120%"), 5), Err(Hint::None));
        assert!(parse_alpha(&Raw::Bool(true), 5).is_err());
        assert!(parse_alpha(&Raw::Error("#DIV/0!".into()), 5).is_err());
        assert!(parse_alpha(&Raw::Number(f64::NAN), 5).is_err());
    }

    #[test]
    fn accepted_level_forms() {
        for (raw, want) in [
            (Raw::Number(3.0), 3),
            (text("4"), 4),
            (text("５"), 5),
            (text("一级"), 1),
            (text("二"), 2),
            (text("3级"), 3),
            (text(" 五级 "), 5),
            (text("3.0"), 3),
            (text("1 级"), 1),
            (text("二 级"), 2),
        ] {
            assert_eq!(parse_level(&raw, 5), Ok(want), "{raw:?}");
        }
    }

    #[test]
    fn refused_level_forms() {
        assert_eq!(
            parse_level(&Raw::Number(8.0), 10),
            Err(Hint::ScoreInsteadOfLevel)
        );
        assert_eq!(parse_level(&Raw::Number(2.5), 5), Err(Hint::None));
        assert_eq!(parse_level(&Raw::Number(0.0), 5), Err(Hint::None));
        assert_eq!(parse_level(&text("六级"), 5), Err(Hint::None));
        assert_eq!(parse_level(&text("good"), 5), Err(Hint::None));
        assert_eq!(parse_level(&text("6"), 5), Err(Hint::None));
        assert_eq!(parse_level(&text("3.5"), 5), Err(Hint::None));
        assert_eq!(parse_level(&text("3."), 5), Err(Hint::None));
    }

    #[test]
    fn conformity_as_typed() {
        let t = |s: &str| parse_conformity(&Raw::Text(s.into()));
        assert_eq!(t("通过"), Some(Conformity::Passed));
        assert_eq!(t(" 符合 "), Some(Conformity::Passed));
        assert_eq!(t("不通过"), Some(Conformity::Failed));
        assert_eq!(t("不 符 合"), Some(Conformity::Failed));
        assert_eq!(t("通过了"), None);
        assert_eq!(parse_conformity(&Raw::Number(1.0)), None);
    }

    #[test]
    fn alpha_range_is_checked_on_the_value_as_typed() {
        assert_eq!(parse_alpha(&Raw::Number(1.00004), 5), Err(Hint::None));
        assert_eq!(parse_alpha(&Raw::Number(-0.00004), 5), Err(Hint::None));
        assert_eq!(
            parse_alpha(&Raw::Text("100.004%".into()), 5),
            Err(Hint::None)
        );
        assert_eq!(
            parse_alpha(&Raw::Number(0.99996), 5),
            Ok(Decimal::ONE),
            "in range as typed, then rounded"
        );
    }

    #[test]
    fn a_number_shown_with_a_date_or_time_format_is_the_number_typed() {
        let timed = |n: f64| Raw::Date(format!("{n}"), Some(n));
        assert_eq!(parse_alpha(&timed(0.85), 5), Ok(d("0.85")));
        assert_eq!(parse_alpha(&timed(1.0), 5), Ok(d("1")));
        assert_eq!(parse_level(&timed(3.0), 5), Ok(3));
        assert_eq!(timed(7.0).typed(), Raw::Number(7.0), "quoted as typed");
        assert_eq!(
            Raw::Date("2026-03-02".into(), None).typed(),
            Raw::Date("2026-03-02".into(), None)
        );
        // A date kept only as text (an .ods date) is no α.
        assert_eq!(
            parse_alpha(&Raw::Date("2026-03-02".into(), None), 5),
            Err(Hint::None)
        );
    }
}
