//! Checks a loaded scheme: the rules every scheme file must keep, each broken
//! rule reported with the key that breaks it.

use std::collections::HashSet;
use std::fmt;

use rust_decimal::Decimal;

use super::{Scheme, SCHEME_FORMAT};
use crate::messages::{lang, Lang};

/// A scheme that cannot be used, naming the key at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeError {
    /// Neither a built-in id nor a path to a `.toml` file.
    Unknown(String),
    /// The file could not be read.
    Read { path: String, message: String },
    /// Not valid TOML, or a key is missing or of the wrong type.
    Parse { origin: String, message: String },
    /// A rule of the scheme format is broken at `key`.
    Rule {
        origin: String,
        key: String,
        problem: String,
    },
}

impl std::error::Error for SchemeError {}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = lang() == Lang::En;
        match self {
            SchemeError::Unknown(id) if en => write!(
                f,
                "unknown scheme '{id}': give a built-in id (see `certsheet schemes`) or a path to a .toml file"
            ),
            SchemeError::Unknown(id) => write!(
                f,
                "未知的认证方案“{id}”：请填写内置方案编号（见 `certsheet schemes`）或 .toml 文件路径"
            ),
            SchemeError::Read { path, message } if en => {
                write!(f, "cannot read scheme file {path}: {message}")
            }
            SchemeError::Read { path, message } => write!(f, "无法读取方案文件 {path}：{message}"),
            SchemeError::Parse { origin, message } if en => {
                write!(f, "scheme {origin} is not a valid scheme file: {message}")
            }
            SchemeError::Parse { origin, message } => {
                write!(f, "方案 {origin} 格式不正确：{message}")
            }
            SchemeError::Rule {
                origin,
                key,
                problem,
            } if en => write!(f, "scheme {origin}, key `{key}`: {problem}"),
            SchemeError::Rule {
                origin,
                key,
                problem,
            } => write!(f, "方案 {origin} 的 `{key}`：{problem}"),
        }
    }
}

impl Scheme {
    /// Checks every rule of the format. Problems are stated in the current language.
    pub(super) fn check(&self, origin: &str) -> Result<(), SchemeError> {
        let en = lang() == Lang::En;
        let fail = |key: &str, zh: String, en_text: String| {
            Err(SchemeError::Rule {
                origin: origin.to_string(),
                key: key.to_string(),
                problem: if en { en_text } else { zh },
            })
        };

        if self.format != SCHEME_FORMAT {
            return fail(
                "format",
                format!("本程序只认格式 {SCHEME_FORMAT}，文件写的是 {}", self.format),
                format!(
                    "this build reads format {SCHEME_FORMAT}, the file says {}",
                    self.format
                ),
            );
        }
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return fail(
                "id",
                format!("“{}” 只能由小写字母、数字和 - 组成", self.id),
                format!("'{}' must be lower-case letters, digits and '-'", self.id),
            );
        }
        for (key, value) in [("version", &self.version), ("title", &self.title)] {
            if value.trim().is_empty() {
                return fail(key, "不能为空".into(), "must not be empty".into());
            }
        }

        // Likert bands: ascending, within (0, 1], the last ends at 1.
        if self.likert.is_empty() {
            return fail(
                "likert",
                "至少需要一个区间".into(),
                "needs at least one band".into(),
            );
        }
        let mut previous = Decimal::ZERO;
        for (i, band) in self.likert.iter().enumerate() {
            if band.upper <= previous || band.upper > Decimal::ONE {
                return fail(
                    &format!("likert[{i}].upper"),
                    format!("{} 应大于上一区间上限 {previous} 且不超过 1", band.upper),
                    format!(
                        "{} must exceed the previous upper bound {previous} and be at most 1",
                        band.upper
                    ),
                );
            }
            previous = band.upper;
        }
        if previous != Decimal::ONE {
            return fail(
                "likert",
                "最后一个区间的上限应为 1".into(),
                "the last band must end at 1".into(),
            );
        }

        // Characteristics and items.
        unique(
            origin,
            "characteristics",
            self.characteristics.iter().map(|c| &c.code),
        )?;
        unique(origin, "items", self.items.iter().map(|i| &i.code))?;
        let codes: HashSet<&str> = self
            .characteristics
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        for (i, item) in self.items.iter().enumerate() {
            if !codes.contains(item.characteristic.as_str()) {
                return fail(
                    &format!("items[{i}].characteristic"),
                    format!("“{}” 不是已定义的服务特性编号", item.characteristic),
                    format!("'{}' is not a characteristic code", item.characteristic),
                );
            }
            if item.points == 0 {
                return fail(
                    &format!("items[{i}].points"),
                    "单项分值必须大于 0".into(),
                    "points must be above 0".into(),
                );
            }
        }
        for (i, c) in self.characteristics.iter().enumerate() {
            if self.characteristic_points(&c.code) == 0 {
                return fail(
                    &format!("characteristics[{i}]"),
                    format!("服务特性 {} 没有任何评价项", c.code),
                    format!("characteristic {} has no items", c.code),
                );
            }
        }
        let total: u32 = self.items.iter().map(|i| i.points).sum();
        if total != 100 {
            return fail(
                "items",
                format!("单项分值合计应为 100，实为 {total}"),
                format!("points must sum to 100, they sum to {total}"),
            );
        }

        // Groups and clauses.
        unique(origin, "groups", self.groups.iter().map(|g| &g.code))?;
        unique(origin, "clauses", self.clauses.iter().map(|c| &c.code))?;
        if self.clauses.is_empty() {
            return fail(
                "clauses",
                "至少需要一个条款".into(),
                "needs at least one clause".into(),
            );
        }
        let groups: HashSet<&str> = self.groups.iter().map(|g| g.code.as_str()).collect();
        for (i, clause) in self.clauses.iter().enumerate() {
            if !groups.contains(clause.group.as_str()) {
                return fail(
                    &format!("clauses[{i}].group"),
                    format!("“{}” 不是已定义的管理要求编号", clause.group),
                    format!("'{}' is not a group code", clause.group),
                );
            }
            if clause.max != 5 && clause.max != 10 {
                return fail(
                    &format!("clauses[{i}].max"),
                    format!("总分值只能是 5 或 10，实为 {}", clause.max),
                    format!("a clause maximum is 5 or 10, found {}", clause.max),
                );
            }
        }

        // Levels cover the totals from the lowest possible (all level 1) to the ceiling.
        if self.levels.is_empty() {
            return fail(
                "levels",
                "至少需要一个等级".into(),
                "needs at least one level".into(),
            );
        }
        let floor = Decimal::from(self.clauses.iter().map(|c| c.max / 5).sum::<u32>());
        let ceiling = Decimal::from(self.maturity_ceiling());
        if self.levels[0].min > floor {
            return fail(
                "levels[0].min",
                format!(
                    "{} 高于最低可能总分 {floor}，有总分落不进任何等级",
                    self.levels[0].min
                ),
                format!(
                    "{} is above the lowest possible total {floor}: some totals have no level",
                    self.levels[0].min
                ),
            );
        }
        for i in 1..self.levels.len() {
            if self.levels[i].min <= self.levels[i - 1].min || self.levels[i].min > ceiling {
                return fail(
                    &format!("levels[{i}].min"),
                    format!(
                        "{} 应高于上一等级的下限且不超过满分 {ceiling}",
                        self.levels[i].min
                    ),
                    format!(
                        "{} must be above the previous level's minimum and at most {ceiling}",
                        self.levels[i].min
                    ),
                );
            }
        }
        unique(origin, "levels", self.levels.iter().map(|l| &l.label))?;

        // Grades: rules name known levels, run from the strictest down.
        if self.grades.labels.is_empty() {
            return fail(
                "grades.labels",
                "至少需要一个认证级别".into(),
                "needs at least one grade".into(),
            );
        }
        if self.grade_rules.is_empty() {
            return fail(
                "grade_rules",
                "至少需要一条规则".into(),
                "needs at least one rule".into(),
            );
        }
        for (i, rule) in self.grade_rules.iter().enumerate() {
            let Some(level) = self.level_by_label(&rule.min_level) else {
                return fail(
                    &format!("grade_rules[{i}].min_level"),
                    format!("“{}” 不是 levels 中的等级", rule.min_level),
                    format!("'{}' is not one of the levels", rule.min_level),
                );
            };
            if rule.min_score < Decimal::ZERO || rule.min_score > Decimal::ONE_HUNDRED {
                return fail(
                    &format!("grade_rules[{i}].min_score"),
                    "应在 0–100 之间".into(),
                    "must be within 0–100".into(),
                );
            }
            if i > 0 {
                let prev = &self.grade_rules[i - 1];
                let prev_level = self.level_by_label(&prev.min_level).unwrap_or(0);
                if rule.min_score > prev.min_score || level > prev_level {
                    return fail(
                        &format!("grade_rules[{i}]"),
                        "规则应从最严到最宽排列：分数和等级要求都不能高于上一条".into(),
                        "rules run from the strictest down: neither score nor level may exceed the rule above".into(),
                    );
                }
            }
        }
        Ok(())
    }
}

/// Codes (or labels) must be unique and non-empty within a list.
fn unique<'a>(
    origin: &str,
    key: &str,
    codes: impl Iterator<Item = &'a String>,
) -> Result<(), SchemeError> {
    let mut seen = HashSet::new();
    for (i, code) in codes.enumerate() {
        if code.trim().is_empty() || !seen.insert(code.as_str()) {
            let en = lang() == Lang::En;
            return Err(SchemeError::Rule {
                origin: origin.to_string(),
                key: format!("{key}[{i}]"),
                problem: if en {
                    format!("'{code}' is empty or repeated")
                } else {
                    format!("“{code}” 为空或重复")
                },
            });
        }
    }
    Ok(())
}
