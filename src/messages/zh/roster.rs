//! Roster problems and the template run in Chinese.

use std::path::Path;

use super::Zh;
use crate::ident::shown_path;
use crate::messages::{FindingTexts, RosterTexts};
use crate::template::roster::RosterProblem;

/// What a roster may hold, said after a missing column.
const COLUMNS: &str = "必需的列：机构名称、评价人；可选：统一社会信用代码、评价日期、认证方案";

impl RosterTexts for Zh {
    #[rustfmt::skip]
    fn roster_problem(&self, problem: &RosterProblem) -> String {
        match problem {
            RosterProblem::Unreadable(p) => format!("名单无法读取：{}", self.problem(p)),
            RosterProblem::Empty => "名单是空的".into(),
            RosterProblem::MissingColumn { column, known_any: true, .. } => format!("缺少“{column}”列（{COLUMNS}）"),
            RosterProblem::MissingColumn { column, known_any: false, .. } => format!("找不到“{column}”列：这一行应是列名（{COLUMNS}）。若名单在 Excel 中编辑，请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后再用"),
            RosterProblem::DuplicateColumn { column, .. } => format!("“{column}”列出现了两次，请删去一列"),
            RosterProblem::NoRows => "名单只有列名，没有数据行".into(),
            RosterProblem::NoScheme => "名单没有“认证方案”列：请用 --scheme 指定认证方案（见 certsheet schemes），或在名单中加一列“认证方案”".into(),
            RosterProblem::MissingValue { column, .. } if *column == "认证方案" => "“认证方案”为空（未用 --scheme 指定方案时，每行都须填写）".into(),
            RosterProblem::MissingValue { column, .. } => format!("“{column}”为空"),
            RosterProblem::UnknownScheme { found, .. } => format!("认证方案“{found}”不存在（填方案编号或名称，见 certsheet schemes）"),
            RosterProblem::OtherScheme { found, expected, .. } => format!("认证方案为 {found}，与 --scheme {expected} 不一致（不用 --scheme 时按每行的认证方案生成）"),
            RosterProblem::NumericCreditCode { found, .. } => format!("统一社会信用代码“{found}”已被 Excel 当作数字，末几位已丢失：请把该列设置为“文本”格式，重新输入代码后再保存"),
            RosterProblem::Duplicate { lines, organization, rater, date } => format!(
                "同一机构、评价人和评价日期出现了 {} 次（{organization}，{rater}，{}）：回收时这些评分表会作为重复提交全部退回；请删去多余的行，或改正评价日期",
                lines.len(),
                if date.is_empty() { "未填评价日期" } else { date },
            ),
            RosterProblem::CreditCodeChecksum { code, .. } => format!("统一社会信用代码“{code}”未通过 GB 32100 校验（请核对；少数真实代码也会如此）"),
        }
    }

    fn roster_lines(&self, lines: &[usize]) -> String {
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        format!("第 {} 行", lines.join("、"))
    }

    fn roster_rejected(&self, errors: usize) -> String {
        format!("名单有 {errors} 处错误，未生成任何评分表")
    }

    fn roster_summary(&self, written: usize, kept: usize, folder: &Path) -> String {
        format!(
            "已生成 {written} 份评分表，{kept} 份已存在未覆盖；文件夹：{}",
            shown_path(folder)
        )
    }

    fn template_needs_scheme(&self) -> &'static str {
        "请用 --scheme 指定认证方案（见 certsheet schemes），或用 --roster 给出带“认证方案”列的名单"
    }
}
