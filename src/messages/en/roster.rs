//! Roster problems in English.

use super::En;
use crate::messages::RosterTexts;
use crate::template::roster::{RosterError, RosterWarning};

impl RosterTexts for En {
    fn roster_error(&self, error: &RosterError) -> String {
        match error {
            RosterError::MissingColumn(c) => format!(
                "the roster has no column '{c}' (required: 机构名称, 评价人; optional: 统一社会信用代码, 评价日期)"
            ),
            RosterError::MissingValue { line, column } => {
                format!("roster line {line}: '{column}' is empty")
            }
            RosterError::Csv(m) => format!("the roster is not valid CSV: {m}"),
            RosterError::Empty => "the roster has no rows".into(),
        }
    }

    fn roster_warning(&self, w: &RosterWarning) -> String {
        format!(
            "roster line {}: unified social credit code '{}' fails the GB 32100 check digit (please verify; a few real codes do)",
            w.line, w.credit_code
        )
    }
}
