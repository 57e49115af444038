//! What people read, in one place per language.
//!
//! The language is chosen once, from `--lang`, before any work starts; the
//! workbooks handed to auditors are always Chinese (they mirror the appendices)
//! and so are the CSV headers, so scripts can rely on them.

use std::sync::OnceLock;

/// The language of messages and report labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (default)
    #[default]
    Zh,
    /// English
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language for this process; the first call wins.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language in force.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Picks the text of the language in force.
pub fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

use crate::scheme::Scheme;
use crate::score::{Limit, Verdict};

/// The grade shown when service or maturity sheets are missing.
pub fn incomplete_label() -> &'static str {
    pick("资料不全", "incomplete")
}

/// The grade cell: the scheme's label, or 资料不全.
pub fn grade_text(verdict: &Verdict) -> String {
    verdict
        .grade
        .clone()
        .unwrap_or_else(|| incomplete_label().to_string())
}

/// The short note (说明) naming what held the grade down.
pub fn grade_note(scheme: &Scheme, verdict: &Verdict) -> String {
    let level = |i: usize| scheme.levels.get(i).map_or("", |l| l.label.as_str());
    // Rules below the certification grades (未达星级) are not worth naming as a target.
    let certified = |grade: &str| scheme.grades.labels.iter().any(|l| l == grade);
    match (&verdict.limit, lang()) {
        (Limit::None, Lang::Zh) => "已达最高级别".to_string(),
        (Limit::None, Lang::En) => "top grade reached".to_string(),
        (
            Limit::Management {
                reached,
                level: l,
                needs,
            },
            Lang::Zh,
        ) if !certified(reached) => {
            format!("管理成熟度为{}，低于最低要求{}", level(*l), level(*needs))
        }
        (
            Limit::Management {
                reached,
                level: l,
                needs,
            },
            Lang::En,
        ) if !certified(reached) => {
            format!(
                "management is {}, below the minimum {}",
                level(*l),
                level(*needs)
            )
        }
        (Limit::Score { next, needs }, Lang::Zh) if !certified(next) => {
            format!("服务得分低于最低要求 {needs} 分")
        }
        (Limit::Score { next, needs }, Lang::En) if !certified(next) => {
            format!("service score below the minimum {needs}")
        }
        (
            Limit::Management {
                reached,
                level: l,
                needs,
            },
            Lang::Zh,
        ) => format!(
            "服务得分达到{reached}，但管理成熟度为{}（需{}及以上）",
            level(*l),
            level(*needs)
        ),
        (
            Limit::Management {
                reached,
                level: l,
                needs,
            },
            Lang::En,
        ) => format!(
            "service score reaches {reached} but management is {} (needs {} or above)",
            level(*l),
            level(*needs)
        ),
        (Limit::Score { next, needs }, Lang::Zh) => {
            format!("服务得分未达{next}要求（需 ≥ {needs} 分）")
        }
        (Limit::Score { next, needs }, Lang::En) => {
            format!("service score below what {next} needs (≥ {needs})")
        }
        (Limit::Missing { service, maturity }, Lang::Zh) => {
            let mut missing = Vec::new();
            if *service {
                missing.push("服务特性测评表");
            }
            if *maturity {
                missing.push("管理成熟度评审表");
            }
            format!("缺少有效的{}", missing.join("和"))
        }
        (Limit::Missing { service, maturity }, Lang::En) => {
            let mut missing = Vec::new();
            if *service {
                missing.push("service score sheet");
            }
            if *maturity {
                missing.push("maturity sheet");
            }
            format!("no valid {}", missing.join(" and no valid "))
        }
    }
}
