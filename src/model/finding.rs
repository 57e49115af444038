//! Findings: every problem found in a returned workbook, with where it is.
//!
//! A problem in a workbook is data, never a panic or an early return: it ends up
//! in the run summary, in `check`'s output and in the 问题清单 sheet. How a
//! finding reads is the message catalogs' business ([`crate::messages`]).

use super::damage::{Damage, Limit};
use crate::cell::Hint;

/// Error rejects the whole workbook; a warning never does; a note says how a
/// valid workbook counts (a sheet left empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// One of the two score sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetPart {
    /// 附录1, the service characteristics.
    Service,
    /// 附录3, the management maturity.
    Maturity,
}

/// One problem, with the file and, where it has one, the sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub severity: Severity,
    pub problem: Problem,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotSpreadsheet,
    Encrypted,
    /// An encrypted .xls: an open password, or a protected workbook structure
    /// (saved encrypted with a built-in password).
    EncryptedXls,
    /// An .xlsb whose sheets use short cell records, which the reader cannot read.
    ShortCells,
    /// A damaged or incomplete file, and what is damaged.
    Corrupt(Damage),
    /// The same, of a file whose metadata names the program that saved it: the
    /// message names it and asks for a re-save as .xlsx there (another
    /// application may write what calamine cannot read).
    CorruptSavedBy {
        damage: Damage,
        application: Application,
    },
    /// A file of 0 bytes: an interrupted download or save.
    EmptyFile,
    /// A file beyond a limit of [`super::damage`]: refused before it is read.
    Limit(Limit),
    NotTemplate,
    UnknownScheme(String),
    UnknownVersion {
        scheme: String,
        found: String,
        expected: String,
    },
    UnknownFormat(String),
    MissingSheet,
    MissingTable,
    MissingItem(String),
    DuplicateItem {
        code: String,
        first: String,
    },
    UnknownItem(String),
    PointsChanged {
        code: String,
        found: String,
        expected: u32,
    },
    MissingOrganization,
    MissingRater,
    BadAlpha {
        code: String,
        found: String,
        points: u32,
        hint: Hint,
    },
    BadLevel {
        code: String,
        found: String,
        hint: Hint,
    },
    PartlyFilled {
        empty: Vec<String>,
    },
    /// Input cells holding a formula saved without its result (a program that
    /// does not calculate wrote the file): they read as empty.
    UnsavedFormulas {
        cells: Vec<String>,
    },
    /// The maturity sheet has no row for the conformity review's conclusion.
    MissingConformityRow,
    /// The levels are filled but the conformity review's conclusion is not.
    MissingConformity,
    /// The conformity review's conclusion is given but no level is.
    ConformityWithoutLevels,
    /// The conformity review's conclusion is neither 通过 nor 不通过.
    BadConformity {
        found: String,
    },
    BothEmpty,
    /// One score sheet left empty: the workbook counts for the other only.
    SheetEmpty(SheetPart),
    CreditCode(String),
    /// The same organization, rater and date in several workbooks (all rejected).
    DuplicateSubmission {
        organization: String,
        rater: String,
        date: String,
        others: Vec<String>,
    },
    /// The same rater for the same organization on other dates: another occasion
    /// (a warning; `others` are (file, date)).
    RepeatOccasion {
        organization: String,
        rater: String,
        others: Vec<(String, String)>,
    },
    ConflictingCreditCodes {
        organization: String,
        codes: Vec<(String, String)>,
    },
    Panic(String),
    /// A path reported instead of read (see [`PathProblem`]).
    Path(PathProblem),
    /// A results workbook of this tool among the inputs: skipped.
    OwnResults,
}

/// The program that saved a workbook, as its metadata says (docProps/app.xml
/// `<Application>`, meta.xml `<meta:generator>`, an .xls's SummaryInformation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// As people know it: `Gnumeric`, `LibreOffice`, `Microsoft Excel`.
    pub name: String,
    /// Where the metadata gives it: `1.12.55`.
    pub version: Option<String>,
}

/// Why a path the user named, or a file in a folder the user named, is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// A path named on the command line that does not exist.
    Missing,
    /// A file or folder that cannot be read (permissions, or gone while listed).
    Unreadable,
    /// A named pipe: opening it would wait for a writer for ever.
    Fifo,
    Socket,
    /// A device or another file that is neither a file nor a folder.
    Device,
    /// A symbolic link to a folder inside a folder being searched: not followed.
    FolderLink,
    /// A document of another format (its extension), e.g. a sheet saved as .pdf or .et.
    OtherFormat(String),
    /// This tool's results CSV, met in a folder being read: skipped.
    OwnCsv,
}

impl PathProblem {
    /// A folder link is only a note; everything else is a path the clerk must look at.
    pub fn severity(&self) -> Severity {
        match self {
            PathProblem::FolderLink | PathProblem::OwnCsv => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// The kind of a problem, for counts per kind (named by the message catalogs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Unreadable,
    Password,
    TooLarge,
    UnknownTemplate,
    TableAltered,
    HeaderMissing,
    BadAlpha,
    BadLevel,
    BadConformity,
    PartlyFilled,
    Empty,
    CreditCode,
    Duplicate,
    RepeatOccasion,
    CreditCodesDiffer,
    Internal,
    NotRead,
    OtherFormat,
    OwnResults,
}

impl Problem {
    /// The kind of problem, for counts per kind.
    pub fn kind(&self) -> Kind {
        match self {
            Problem::NotSpreadsheet
            | Problem::ShortCells
            | Problem::Corrupt(_)
            | Problem::CorruptSavedBy { .. }
            | Problem::EmptyFile => Kind::Unreadable,
            Problem::Encrypted | Problem::EncryptedXls => Kind::Password,
            Problem::Limit(_) => Kind::TooLarge,
            Problem::NotTemplate
            | Problem::UnknownScheme(_)
            | Problem::UnknownVersion { .. }
            | Problem::UnknownFormat(_) => Kind::UnknownTemplate,
            Problem::MissingSheet
            | Problem::MissingTable
            | Problem::MissingItem(_)
            | Problem::DuplicateItem { .. }
            | Problem::UnknownItem(_)
            | Problem::PointsChanged { .. }
            | Problem::MissingConformityRow => Kind::TableAltered,
            Problem::MissingOrganization | Problem::MissingRater => Kind::HeaderMissing,
            Problem::BadAlpha { .. } => Kind::BadAlpha,
            Problem::BadLevel { .. } => Kind::BadLevel,
            Problem::PartlyFilled { .. }
            | Problem::UnsavedFormulas { .. }
            | Problem::MissingConformity
            | Problem::ConformityWithoutLevels => Kind::PartlyFilled,
            Problem::BadConformity { .. } => Kind::BadConformity,
            Problem::BothEmpty | Problem::SheetEmpty(_) => Kind::Empty,
            Problem::CreditCode(_) => Kind::CreditCode,
            Problem::DuplicateSubmission { .. } => Kind::Duplicate,
            Problem::RepeatOccasion { .. } => Kind::RepeatOccasion,
            Problem::ConflictingCreditCodes { .. } => Kind::CreditCodesDiffer,
            Problem::Panic(_) => Kind::Internal,
            Problem::Path(PathProblem::OtherFormat(_)) => Kind::OtherFormat,
            Problem::Path(PathProblem::OwnCsv) => Kind::OwnResults,
            Problem::Path(_) => Kind::NotRead,
            Problem::OwnResults => Kind::OwnResults,
        }
    }
}

impl Finding {
    /// `附录1!E7`, `附录1`, or empty.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => String::new(),
        }
    }
}

/// Longest value quoted in a message: a cell may hold 32,767 characters, and a
/// message quoting them whole would swamp the summary (and pass Excel's cell limit
/// in the 问题清单 sheet).
const QUOTED_CHARS: usize = 100;

fn cut(text: &mut String) {
    if let Some((at, _)) = text.char_indices().nth(QUOTED_CHARS) {
        text.truncate(at);
        text.push('…');
    }
}

impl Problem {
    /// The same problem with every quoted value cut to [`QUOTED_CHARS`] characters.
    pub fn shortened(&self) -> Problem {
        let mut p = self.clone();
        match &mut p {
            Problem::BadAlpha { found, .. }
            | Problem::BadLevel { found, .. }
            | Problem::BadConformity { found }
            | Problem::PointsChanged { found, .. }
            | Problem::UnknownVersion { found, .. } => cut(found),
            Problem::UnknownItem(s)
            | Problem::UnknownScheme(s)
            | Problem::UnknownFormat(s)
            | Problem::CreditCode(s)
            | Problem::DuplicateItem { code: s, .. } => cut(s),
            Problem::DuplicateSubmission {
                organization,
                rater,
                ..
            }
            | Problem::RepeatOccasion {
                organization,
                rater,
                ..
            } => {
                cut(organization);
                cut(rater);
            }
            Problem::ConflictingCreditCodes {
                organization,
                codes,
            } => {
                cut(organization);
                codes.iter_mut().for_each(|(c, _)| cut(c));
            }
            Problem::Corrupt(damage) | Problem::CorruptSavedBy { damage, .. } => {
                if let Some(detail) = damage.detail_mut() {
                    cut(detail);
                }
            }
            _ => {}
        }
        p
    }
}
