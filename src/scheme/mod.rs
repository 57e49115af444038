//! The certification scheme: what is scored and how it is graded.
//!
//! A scheme is data, not code. The built-in schemes are TOML files under
//! `templates/`, embedded in the binary; a user's own file of the same shape
//! loads with [`load_scheme`]. Everything that reads or writes a workbook, and
//! everything that scores one, takes a `&Scheme` — so a new service type of the
//! certification body is a new TOML file and nothing else.

mod check;

use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

pub use check::{Broken, SchemeError};

/// The scheme file format this build understands (`format = 1`).
pub const SCHEME_FORMAT: u32 = 1;

/// The built-in schemes: (id, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("complaint", include_str!("../../templates/complaint.toml")),
    (
        "quality-credit",
        include_str!("../../templates/quality-credit.toml"),
    ),
];

/// One certification specification (认证技术规范).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Scheme file format version.
    pub format: u32,
    /// Short id such as `complaint`, stored in every workbook.
    pub id: String,
    /// Document version (版本号), stored in every workbook.
    pub version: String,
    /// Certification name, e.g. 客户投诉服务认证.
    pub title: String,
    /// The service, e.g. 客户投诉服务.
    pub service: String,
    /// Document number (文件编号), e.g. CTS TBSC97-2026.
    pub document: String,
    /// The certification body.
    #[serde(default)]
    pub issuer: String,
    /// Effective date as written in the document.
    #[serde(default)]
    pub effective: String,
    /// Likert bands of α, low → high.
    pub likert: Vec<LikertBand>,
    /// Appendix 1 service characteristics.
    pub characteristics: Vec<Characteristic>,
    /// Appendix 1 items, in table order.
    pub items: Vec<Item>,
    /// Appendix 3 groups.
    pub groups: Vec<Group>,
    /// Appendix 3 clauses, in table order.
    pub clauses: Vec<Clause>,
    /// Management levels of a maturity total, low → high.
    pub levels: Vec<Level>,
    /// Certification grade labels.
    pub grades: Grades,
    /// Section 5.3 rules; the first that holds wins.
    pub grade_rules: Vec<GradeRule>,
}

/// One Likert band: α in (previous upper, upper]; the first band includes 0.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LikertBand {
    /// Upper bound, inclusive.
    pub upper: Decimal,
    /// 远低于预期 … 远高于预期.
    pub label: String,
}

/// A service characteristic (服务特性指标), e.g. `1 功能性`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Characteristic {
    pub code: String,
    pub name: String,
}

/// An Appendix 1 item (服务过程质量指标): one α per rater.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub code: String,
    /// Code of its characteristic.
    pub characteristic: String,
    /// 人员, 设备设施, 环境 …
    pub indicator: String,
    /// 单项分值.
    pub points: u32,
    /// 评价内容.
    pub text: String,
}

/// An Appendix 3 group (管理要求), e.g. `4 支持`: a chapter of Appendix 4.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub code: String,
    /// The name as Appendix 3 prints it.
    pub name: String,
    /// The chapter title as Appendix 4 prints it, when it differs from `name`.
    #[serde(default)]
    pub requirement_name: Option<String>,
    /// The text Appendix 4 prints under the chapter title, before its first clause.
    #[serde(default)]
    pub requirement_intro: Option<String>,
}

impl Group {
    /// The chapter heading as Appendix 4 prints it, e.g. `1. 组织所处的环境`.
    pub fn requirement_title(&self) -> String {
        let name = self.requirement_name.as_deref().unwrap_or(&self.name);
        format!("{}. {}", self.code, name)
    }
}

/// An Appendix 3 clause: one maturity level 1–5 per rater.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub code: String,
    /// Code of its group.
    pub group: String,
    pub name: String,
    /// 总分值: 5 or 10. Level n scores n × max / 5.
    pub max: u32,
    /// The Appendix 4 heading of the clause (code and title as printed), when it
    /// differs from `code` and `name`, e.g. `6.2. 内部审核` for Appendix 3's `6.2 内审`.
    #[serde(default)]
    pub requirement_heading: Option<String>,
    /// The Appendix 4 text under that heading; nested list items are indented by
    /// two full-width spaces per level.
    #[serde(default)]
    pub requirement: String,
}

impl Clause {
    /// The clause heading as Appendix 4 prints it, e.g. `5.3. 应急准备和响应`.
    pub fn requirement_title(&self) -> String {
        match &self.requirement_heading {
            Some(heading) => heading.clone(),
            None => format!("{}. {}", self.code, self.name),
        }
    }
}

/// A management level: totals in [min, next level's min).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 一级 … 五级.
    pub label: String,
    pub min: Decimal,
    /// The level as Appendix 2 heads its column (第一级), when it differs from `label`.
    #[serde(default)]
    pub description_heading: Option<String>,
    /// The Appendix 2 description.
    #[serde(default)]
    pub description: String,
}

impl Level {
    /// The level as Appendix 2 heads its description, e.g. `第一级`.
    pub fn description_title(&self) -> &str {
        self.description_heading.as_deref().unwrap_or(&self.label)
    }
}

/// Certification grade labels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    /// The certification grades, low → high.
    pub labels: Vec<String>,
    /// The grade when no rule holds (不予认证).
    pub otherwise: String,
    /// Whether a grade needs a passed conformity review (符合性审查), as section
    /// 5.3 says ("必须通过管理要求符合性审查后"). Default true.
    #[serde(default = "yes")]
    pub conformity_required: bool,
}

fn yes() -> bool {
    true
}

/// One row of section 5.3's table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRule {
    pub grade: String,
    /// The service score, rounded to 2 decimals, must be at least this.
    pub min_score: Decimal,
    /// The management level must be at least this (a `levels` label).
    pub min_level: String,
}

impl Scheme {
    /// Parses and checks a scheme from TOML text. `origin` names the source in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Scheme, SchemeError> {
        let scheme: Scheme = toml::from_str(text).map_err(|e| SchemeError::Parse {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        scheme.check(origin)?;
        Ok(scheme)
    }

    /// The characteristic an item belongs to.
    pub fn characteristic_of(&self, item: &Item) -> &Characteristic {
        self.characteristics
            .iter()
            .find(|c| c.code == item.characteristic)
            .expect("checked at load: every item names a characteristic")
    }

    /// The group a clause belongs to.
    pub fn group_of(&self, clause: &Clause) -> &Group {
        self.groups
            .iter()
            .find(|g| g.code == clause.group)
            .expect("checked at load: every clause names a group")
    }

    /// Points of a characteristic (sum of its items).
    pub fn characteristic_points(&self, code: &str) -> u32 {
        self.items
            .iter()
            .filter(|i| i.characteristic == code)
            .map(|i| i.points)
            .sum()
    }

    /// Sum of clause maxima: the highest maturity total.
    pub fn maturity_ceiling(&self) -> u32 {
        self.clauses.iter().map(|c| c.max).sum()
    }

    /// Likert label of an α (already rounded to 4 decimals).
    pub fn likert_label(&self, alpha: Decimal) -> &str {
        self.likert
            .iter()
            .find(|b| alpha <= b.upper)
            .or(self.likert.last())
            .map(|b| b.label.as_str())
            .unwrap_or("")
    }

    /// Index (0-based) of the management level of a total, `None` below the first level.
    pub fn level_index(&self, total: Decimal) -> Option<usize> {
        self.levels.iter().rposition(|l| total >= l.min)
    }

    /// Index (0-based) of a level label.
    pub fn level_by_label(&self, label: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.label == label)
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({} {})",
            self.id, self.title, self.document, self.version
        )
    }
}

/// Loads a scheme by built-in id or from a `.toml` file path.
///
/// # Errors
///
/// [`SchemeError`] when the id is unknown, the file cannot be read, or its
/// content breaks a rule (the error names the key).
pub fn load_scheme(id_or_path: &str) -> Result<Scheme, SchemeError> {
    if let Some((_, text)) = BUILTIN.iter().find(|(id, _)| *id == id_or_path) {
        return Scheme::from_toml(text, id_or_path);
    }
    let path = Path::new(id_or_path);
    let looks_like_file = id_or_path.ends_with(".toml") || path.components().count() > 1;
    if !looks_like_file {
        return Err(SchemeError::Unknown(id_or_path.to_string()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| SchemeError::Read {
        path: id_or_path.to_string(),
        message: e.to_string(),
    })?;
    Scheme::from_toml(&text, id_or_path)
}

/// All built-in schemes, in id order.
pub fn builtin_schemes() -> Vec<Scheme> {
    BUILTIN
        .iter()
        .map(|(id, text)| {
            Scheme::from_toml(text, id).expect("built-in schemes are checked by tests")
        })
        .collect()
}

/// The schemes a roster row may name: the built-in ones and `--scheme`'s (which
/// takes the place of a built-in one of the same id), and the index of the latter.
pub fn known_schemes(chosen: Option<Scheme>) -> (Vec<Scheme>, Option<usize>) {
    let mut schemes = builtin_schemes();
    let Some(chosen) = chosen else {
        return (schemes, None);
    };
    let index = match schemes.iter().position(|s| s.id == chosen.id) {
        Some(i) => {
            schemes[i] = chosen;
            i
        }
        None => {
            schemes.push(chosen);
            schemes.len() - 1
        }
    };
    (schemes, Some(index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_schemes_load() {
        let schemes = builtin_schemes();
        assert_eq!(schemes.len(), 2);
        for s in &schemes {
            assert_eq!(s.items.len(), 19);
            assert_eq!(s.clauses.len(), 21);
            assert_eq!(s.maturity_ceiling(), 145);
        }
    }

    #[test]
    fn a_broken_user_scheme_names_the_key() {
        let text = BUILTIN[0].1;
        let bad = text.replacen("points = 7", "points = 8", 1);
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `items`：单项分值合计应为 100，实为 101"
        );
        let bad = text.replacen("max = 10", "max = 7", 1);
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `clauses[9].max`：总分值只能是 5 或 10，实为 7"
        );
        let bad = text.replacen("min = \"45\"", "min = \"10\"", 1);
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `levels[1].min`：10 应高于上一等级的下限且不超过满分 145"
        );
        let err = load_scheme("hotel").unwrap_err();
        assert!(err.to_string().starts_with("未知的认证方案“hotel”"));
    }

    #[test]
    fn appendix_4_headings_default_to_code_and_name_and_say_where_they_differ() {
        let s = &builtin_schemes()[0];
        let clause = |code: &str| s.clauses.iter().find(|c| c.code == code).unwrap();
        assert_eq!(
            clause("1.1").requirement_title(),
            "1.1. 理解组织及其所处的环境"
        );
        assert_eq!(clause("5.2").requirement_title(), "5.3. 应急准备和响应");
        assert_eq!(clause("6.2").requirement_title(), "6.2. 内部审核");
        assert_eq!(s.groups[0].requirement_title(), "1. 组织所处的环境");
        assert_eq!(s.groups[6].requirement_title(), "7. 改进");
        assert!(s.groups[6].requirement_intro.is_some());
        assert_eq!(s.levels[0].description_title(), "第一级");
        assert_eq!(s.levels[0].label, "一级");
    }

    #[test]
    fn appendix_4_headings_are_not_blank_nor_shared_by_two_clauses() {
        let text = BUILTIN[0].1;
        let bad = text.replacen(
            "requirement_heading = \"6.2. 内部审核\"",
            "requirement_heading = \" \"",
            1,
        );
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `clauses[17].requirement_heading`：不能为空"
        );
        // 5.1 under Appendix 4's 5.3 heading, which is 5.2's.
        let bad = text.replacen(
            "name = \"运行策划和控制\"\n",
            "name = \"运行策划和控制\"\nrequirement_heading = \"5.3. 应急准备和响应\"\n",
            1,
        );
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `clauses[15].requirement_heading`：附录4 标题“5.3. 应急准备和响应”已用于条款 5.1"
        );
        // A heading left out defaults to code and name, and may collide too.
        let bad = text.replacen(
            "requirement_heading = \"6.2. 内部审核\"",
            "requirement_heading = \"6.1. 监视、测量、分析和评价\"",
            1,
        );
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `clauses[17].requirement_heading`：附录4 标题“6.1. 监视、测量、分析和评价”已用于条款 6.1"
        );
        let bad = text.replacen(
            "requirement_name = \"组织所处的环境\"",
            "requirement_name = \"\"",
            1,
        );
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `groups[0].requirement_name`：不能为空"
        );
        let bad = text.replacen(
            "description_heading = \"第二级\"",
            "description_heading = \"\"",
            1,
        );
        let err = Scheme::from_toml(&bad, "my.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "方案 my.toml 的 `levels[1].description_heading`：不能为空"
        );
    }
}
