//! Roster problems in Chinese.

use super::Zh;
use crate::messages::RosterTexts;
use crate::template::roster::{RosterError, RosterWarning};

impl RosterTexts for Zh {
    fn roster_error(&self, error: &RosterError) -> String {
        match error {
            RosterError::MissingColumn(c) => format!(
                "名单缺少“{c}”列（必需的列：机构名称、评价人；可选：统一社会信用代码、评价日期）"
            ),
            RosterError::MissingValue { line, column } => {
                format!("名单第 {line} 行的“{column}”为空")
            }
            RosterError::Csv(m) => format!("名单不是有效的 CSV：{m}"),
            RosterError::Empty => "名单没有数据行".into(),
        }
    }

    fn roster_warning(&self, w: &RosterWarning) -> String {
        format!(
            "名单第 {} 行：统一社会信用代码“{}”未通过 GB 32100 校验（请核对；少数真实代码也会如此）",
            w.line, w.credit_code
        )
    }
}
