//! Findings in English.

use super::En;
use rust_decimal::Decimal;

use crate::cell::Hint;
use crate::layout::TEMPLATE_FORMAT;
use crate::messages::{DamageTexts, FindingTexts};
use crate::model::{Kind, PathProblem, Problem, Severity, SheetPart};

impl FindingTexts for En {
    #[rustfmt::skip]
    fn problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::NotSpreadsheet => "not a spreadsheet (.xlsx, .xlsm, .xlsb, .xls or .ods)".to_string(),
            Problem::ShortCells => "the cells of this .xlsb are stored in a short form that Excel does not write (another program saved it) and cannot be read reliably: save it as .xlsx in Excel/WPS and send it again".to_string(),
            Problem::EncryptedXls => "the workbook is encrypted and cannot be read: it has an open password, or its structure is protected (which encrypts an .xls). Remove the password and the workbook protection in Excel/WPS/LibreOffice, save it as .xlsx and send it again".to_string(),
            Problem::Encrypted => "the workbook is password-protected: save it without a password and send it again".to_string(),
            Problem::Corrupt(d) => format!("the file is damaged or incomplete and cannot be read ({})", self.damage(d)),
            Problem::CorruptSavedBy { damage, application: a } => format!("the file is damaged or incomplete, or saved in a way certsheet cannot read ({}); it was saved by {}{}: open it in {}, save it as .xlsx and send it again", self.damage(damage), a.name, a.version.as_ref().map(|v| format!(" {v}")).unwrap_or_default(), a.name),
            Problem::EmptyFile => "the file is empty (0 bytes): an interrupted download or save? get it again".to_string(),
            Problem::Limit(l) => format!("the file's contents are far larger than any score sheet; it was not read ({})", self.limit(l)),
            Problem::NotTemplate => "not a certsheet score sheet (no identification sheet): use a workbook made by `certsheet template`".to_string(),
            Problem::UnknownScheme(id) => format!("made for scheme '{id}', which this run does not know (see `certsheet schemes`, or pass --scheme FILE.toml)"),
            Problem::UnknownVersion { scheme, found, expected } => format!("made for version {found} of scheme '{scheme}'; this run has version {expected}: fill in a current template"),
            Problem::UnknownFormat(v) if v.parse::<u32>().is_ok_and(|v| v < TEMPLATE_FORMAT) => format!("made from an earlier template (format {v}) that lacks inputs of the current one (such as the conformity review's conclusion): fill in a current template"),
            Problem::UnknownFormat(v) => format!("template format {v} is not one this version of certsheet reads"),
            Problem::MissingSheet => "this sheet is missing (renamed or deleted?)".to_string(),
            Problem::MissingTable => "the table headings (单项分值 / 成熟度等级 …) are not found: the table was altered".to_string(),
            Problem::MissingItem(code) => format!("item {code} is missing from the table"),
            Problem::DuplicateItem { code, first } => format!("item {code} appears twice (also at {first})"),
            Problem::UnknownItem(code) => format!("row {code} is not part of this scheme"),
            Problem::PointsChanged { code, found, expected } => format!("the points of {code} were changed to {found}; the scheme says {expected}"),
            Problem::MissingOrganization => "the organization (受评组织) is empty".to_string(),
            Problem::MissingRater => "the rater (评价人) is empty".to_string(),
            Problem::BadAlpha { code, found, points, hint } => format!("α of item {code} is '{found}'; allowed: a number from 0 to 1 such as 0.85, or a percent such as 85%{}", self.hint(hint, *points)),
            Problem::BadLevel { code, found, hint } => format!("level of clause {code} is '{found}'; allowed: 1–5, 一级…五级 or 1级…5级{}", self.hint(hint, 0)),
            Problem::PartlyFilled { empty } => format!("partly filled: {} empty ({}); fill every cell, or leave the whole sheet empty if you did not score it", empty.len(), empty.join(", ")),
            Problem::UnsavedFormulas { cells } => format!("{} cells hold formulas saved without their results ({}): open the workbook in Excel/WPS, save it and send it again", cells.len(), cells.join(", ")),
            Problem::MissingConformityRow => "the row of the conformity review (管理要求符合性审查结论) is not found: the table was altered, or the workbook is an old template (fill in a current one)".to_string(),
            Problem::MissingConformity => "the conclusion of the conformity review is empty: choose 通过 (passed) or 不通过 (not passed)".to_string(),
            Problem::ConformityWithoutLevels => "the conformity review's conclusion is given but every level is empty: fill in every level, or leave the whole sheet empty (this conclusion too) if you did not score it".to_string(),
            Problem::BadConformity { found } => format!("the conclusion of the conformity review is '{found}'; allowed: 通过 (passed) or 不通过 (not passed)"),
            Problem::SheetEmpty(SheetPart::Service) => "not filled in: this workbook counts for the management maturity only".to_string(),
            Problem::SheetEmpty(SheetPart::Maturity) => "not filled in: this workbook counts for the service characteristics only".to_string(),
            Problem::BothEmpty => "both score sheets are empty: skipped".to_string(),
            Problem::CreditCode(code) => format!("unified social credit code '{code}' fails the GB 32100 check digit (please verify; a few real codes do)"),
            Problem::DuplicateSubmission { organization, rater, date, others } => format!("{rater} submitted more than one workbook for {organization} {}; also in: {}. None of them counts until one is withdrawn", on_date_en(date), others.join(", ")),
            Problem::RepeatOccasion { organization, rater, others } => format!("{rater} also assessed {organization} on another date ({}): each occasion counts once", others.iter().map(|(f, d)| format!("{f}, {}", on_date_en(d))).collect::<Vec<_>>().join("; ")),
            Problem::ConflictingCreditCodes { organization, codes } => format!("workbooks of {organization} carry different credit codes: {}", codes.iter().map(|(c, f)| format!("{c} ({f})")).collect::<Vec<_>>().join(", ")),
            Problem::Panic(m) => format!("internal error while reading this file ({m}); the rest of the batch is unaffected"),
            Problem::Path(PathProblem::Missing) => "no such file or folder".to_string(),
            Problem::Path(PathProblem::Unreadable) => "cannot be read (no permission, or moved away)".to_string(),
            Problem::Path(PathProblem::Fifo) => "a named pipe, not a file: not opened".to_string(),
            Problem::Path(PathProblem::Socket) => "a socket, not a file: not opened".to_string(),
            Problem::Path(PathProblem::Device) => "a device or other special file, not a regular file: not opened".to_string(),
            Problem::Path(PathProblem::OwnCsv) => "a results CSV of certsheet, not a score sheet: skipped".to_string(),
            Problem::Path(PathProblem::FolderLink) => "a link to a folder: not followed (only files inside the folders given are read; name that folder to read it)".to_string(),
            Problem::Path(PathProblem::OtherFormat(ext)) => format!("a .{ext} file, not a score sheet that can be read: save it as .xlsx and send it again"),
            Problem::OwnResults => "a results workbook of certsheet, not a score sheet: skipped".to_string(),
        }
    }

    #[rustfmt::skip]
    fn hint(&self, hint: &Hint, points: u32) -> String {
        match hint {
            Hint::None => String::new(),
            Hint::ScoreInsteadOfAlpha => format!(" (did you enter the score instead of α? this item is worth {points}; α = score ÷ {points})"),
            Hint::PercentWithoutSign(n) => format!(" (if this is a percent, write {n}% or {})", (n / Decimal::ONE_HUNDRED).normalize()),
            Hint::DecimalComma => " (use a decimal point, not a comma)".into(),
            Hint::ScoreInsteadOfLevel => " (did you enter the score instead of the level? score = level × maximum ÷ 5)".into(),
        }
    }

    fn kind(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Unreadable => "unreadable",
            Kind::Password => "password-protected",
            Kind::TooLarge => "too large",
            Kind::UnknownTemplate => "unknown template",
            Kind::TableAltered => "table altered",
            Kind::HeaderMissing => "header missing",
            Kind::BadAlpha => "invalid α",
            Kind::BadLevel => "invalid level",
            Kind::BadConformity => "invalid conclusion",
            Kind::PartlyFilled => "partly filled",
            Kind::Empty => "empty",
            Kind::CreditCode => "credit code check",
            Kind::Duplicate => "duplicate",
            Kind::RepeatOccasion => "repeat assessment",
            Kind::CreditCodesDiffer => "credit codes differ",
            Kind::Internal => "internal error",
            Kind::NotRead => "not read",
            Kind::OtherFormat => "other format",
            Kind::OwnResults => "results workbook",
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// `dated 2026-03-02`, or `with no date`.
fn on_date_en(date: &str) -> String {
    if date.is_empty() {
        "with no date".to_string()
    } else {
        format!("dated {date}")
    }
}
