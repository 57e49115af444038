//! What people read: one catalog per language ([`zh`], [`en`]), one file per
//! topic in each, so a text missing in one language is a compile error.
//!
//! Each topic is a trait ([`FindingTexts`], [`GradeTexts`], …) that both
//! languages implement; [`t`] gives the catalog of the language in force. The
//! language is chosen once, from `--lang`, before any work starts. The workbooks
//! handed to auditors are always Chinese (they mirror the appendices) and so are
//! the CSV headers, so scripts can rely on them: those texts live with the
//! layout, not here.
//!
//! Messages depend on the domain types they describe (findings, verdicts,
//! scheme errors), never the reverse.

mod damage;
mod en;
mod findings;
mod grade;
mod report;
mod roster;
mod run;
mod scheme;
pub mod width;
mod zh;

use std::sync::OnceLock;

pub use damage::DamageTexts;
pub use findings::FindingTexts;
pub use grade::{grade_text, GradeTexts};
pub use report::{ReportLabels, ReportTexts};
pub use roster::{roster_finding, RosterTexts};
pub use run::RunTexts;
pub use scheme::SchemeTexts;

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

/// Every text of one language: the topics together.
pub trait Texts:
    DamageTexts + FindingTexts + GradeTexts + ReportTexts + RosterTexts + RunTexts + SchemeTexts + Sync
{
}

impl<
        T: DamageTexts
            + FindingTexts
            + GradeTexts
            + ReportTexts
            + RosterTexts
            + RunTexts
            + SchemeTexts
            + Sync,
    > Texts for T
{
}

/// The catalog of the language in force.
pub fn t() -> &'static dyn Texts {
    catalog(lang())
}

/// The catalog of `lang`, whatever the language in force.
pub fn catalog(lang: Lang) -> &'static dyn Texts {
    match lang {
        Lang::Zh => &zh::Zh,
        Lang::En => &en::En,
    }
}
