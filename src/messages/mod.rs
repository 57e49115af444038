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

mod cli;
mod damage;
mod en;
mod findings;
mod grade;
mod report;
mod roster;
mod run;
mod scheme;
mod web;
pub mod width;
mod zh;

use std::sync::OnceLock;

pub use cli::{ArgProblem, CliTexts};
pub use damage::DamageTexts;
pub use findings::FindingTexts;
pub use grade::{grade_text, GradeTexts};
pub use report::{CardLabels, ReportLabels, ReportTexts};
pub use roster::{roster_finding, RosterTexts};
pub use run::RunTexts;
pub use scheme::SchemeTexts;
pub use web::WebTexts;

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

thread_local! {
    /// A language for this thread only, over the process's: the web page answers
    /// each person in the language they chose ([`set_thread_lang`]).
    static THREAD_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Sets the language of the calling thread (over the process's), or back to the
/// process's with `None`. The web page's worker threads each speak one language.
pub fn set_thread_lang(lang: Option<Lang>) {
    THREAD_LANG.with(|l| l.set(lang));
}

/// The language in force: the thread's, else the process's.
pub fn lang() -> Lang {
    THREAD_LANG
        .with(|l| l.get())
        .unwrap_or_else(|| LANG.get().copied().unwrap_or_default())
}

/// Every text of one language: the topics together.
pub trait Texts:
    CliTexts
    + DamageTexts
    + FindingTexts
    + GradeTexts
    + ReportTexts
    + RosterTexts
    + RunTexts
    + SchemeTexts
    + WebTexts
    + Sync
{
}

impl<
        T: CliTexts
            + DamageTexts
            + FindingTexts
            + GradeTexts
            + ReportTexts
            + RosterTexts
            + RunTexts
            + SchemeTexts
            + WebTexts
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

/// A value read from a user's file as a message quotes it: control characters
/// escaped (a message stays on one line), cut at 100 characters.
pub fn shown_value(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 100 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
