//! Scheme errors in Chinese.

use super::Zh;
use crate::messages::SchemeTexts;
use crate::scheme::{Broken, SchemeError, SCHEME_FORMAT};

impl SchemeTexts for Zh {
    fn scheme_error(&self, error: &SchemeError) -> String {
        match error {
            SchemeError::Unknown(id) => format!(
                "未知的认证方案“{id}”：请填写内置方案编号（见 `certsheet schemes`）或 .toml 文件路径"
            ),
            SchemeError::Read { path, message } => format!("无法读取方案文件 {path}：{message}"),
            SchemeError::Parse { origin, message } => format!("方案 {origin} 格式不正确：{message}"),
            SchemeError::Rule {
                origin,
                key,
                broken,
            } => format!("方案 {origin} 的 `{key}`：{}", self.broken(broken)),
        }
    }

    fn broken(&self, broken: &Broken) -> String {
        match broken {
            Broken::Format { found } => {
                format!("本程序只认格式 {SCHEME_FORMAT}，文件写的是 {found}")
            }
            Broken::Id(id) => format!("“{id}” 只能由小写字母、数字和 - 组成"),
            Broken::Empty => "不能为空".into(),
            Broken::NoBands => "至少需要一个区间".into(),
            Broken::BandOrder { upper, previous } => {
                format!("{upper} 应大于上一区间上限 {previous} 且不超过 1")
            }
            Broken::LastBand => "最后一个区间的上限应为 1".into(),
            Broken::NoSuchCharacteristic(c) => format!("“{c}” 不是已定义的服务特性编号"),
            Broken::ZeroPoints => "单项分值必须大于 0".into(),
            Broken::NoItems(c) => format!("服务特性 {c} 没有任何评价项"),
            Broken::PointsTotal(total) => format!("单项分值合计应为 100，实为 {total}"),
            Broken::NoClauses => "至少需要一个条款".into(),
            Broken::NoSuchGroup(g) => format!("“{g}” 不是已定义的管理要求编号"),
            Broken::ClauseMax(max) => format!("总分值只能是 5 或 10，实为 {max}"),
            Broken::HeadingRepeated { heading, clause } => {
                format!("附录4 标题“{heading}”已用于条款 {clause}")
            }
            Broken::NoLevels => "至少需要一个等级".into(),
            Broken::LevelFloor { min, floor } => {
                format!("{min} 高于最低可能总分 {floor}，有总分落不进任何等级")
            }
            Broken::LevelOrder { min, ceiling } => {
                format!("{min} 应高于上一等级的下限且不超过满分 {ceiling}")
            }
            Broken::NoGrades => "至少需要一个认证级别".into(),
            Broken::NoRules => "至少需要一条规则".into(),
            Broken::NoSuchLevel(l) => format!("“{l}” 不是 levels 中的等级"),
            Broken::ScoreRange => "应在 0–100 之间".into(),
            Broken::RuleOrder => "规则应从最严到最宽排列：分数和等级要求都不能高于上一条".into(),
            Broken::EmptyOrRepeated(code) => format!("“{code}” 为空或重复"),
        }
    }
}
