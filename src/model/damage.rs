//! What can be wrong with a file as a file, before any value is read: which
//! size limit it breaks ([`Limit`], with the limits themselves) and what is
//! damaged ([`Damage`]). The guard (`crate::ingest::guard`) finds them; the
//! message catalogs say them.
//!
//! A filled score sheet is about 25 KB on disk and 100 KB unpacked; its largest
//! part is about 20 KB and its used range about 30 rows × 7 columns. The limits
//! sit hundreds of times above that, so no real workbook meets them.

/// Largest file read at all.
pub const MAX_FILE_BYTES: u64 = 20 * MB;
/// Largest part of a zip, unpacked.
pub const MAX_PART_BYTES: u64 = 20 * MB;
/// Largest sum of a zip's parts, unpacked.
pub const MAX_TOTAL_BYTES: u64 = 100 * MB;
/// Largest compression ratio of a part larger than [`RATIO_FLOOR`] unpacked.
pub const MAX_RATIO: u64 = 100;
/// Parts at or below this size (unpacked) may have any ratio.
pub const RATIO_FLOOR: u64 = MB;
/// Most parts in a zip.
pub const MAX_PARTS: usize = 10_000;
/// Largest used range of a sheet (rows × columns), and most cells in it.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;
/// Most strings a shared-string table may declare.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// How far into the shared-string part its root element (`<sst …>`) is looked
/// for: the XML declaration and a few comments take a few hundred bytes.
pub const MAX_PROLOG_BYTES: u64 = 64 * 1024;
/// Most characters the `<text:s text:c="N"/>` runs of spaces of an .ods may add
/// up to: calamine writes each space out.
pub const MAX_TEXT_CHARS: u64 = 1_000_000;

const MB: u64 = 1024 * 1024;

/// Which limit a file broke, with the figures to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The file itself.
    File { size: u64 },
    /// One part of a zip, unpacked.
    Part { part: String, size: u64 },
    /// All parts of a zip, unpacked.
    Total { size: u64 },
    /// A part that unpacks to far more than it takes packed (a zip bomb).
    Ratio {
        part: String,
        size: u64,
        packed: u64,
    },
    /// Too many parts.
    Parts { count: u64 },
    /// A sheet whose used range (or declared dimensions) is too large.
    Sheet { sheet: String, rows: u64, cols: u64 },
    /// A shared-string table declaring too many strings.
    Strings { count: u64 },
    /// A part whose root element does not start within [`MAX_PROLOG_BYTES`].
    Prolog { part: String },
    /// Runs of spaces (.ods `text:s`) adding up to too many characters.
    Text { count: u64 },
}

/// What is damaged in a file that cannot be read. The `detail` of a variant is
/// the spreadsheet or zip library's own (English) words: shown in English
/// messages only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The file could not be read from disk (it went away, no permission …).
    Io { detail: String },
    /// Not a readable zip: its directory is missing or damaged (a file cut short).
    ZipDirectory { detail: String },
    /// A part of the zip cannot be unpacked (damaged data, a size that lies);
    /// `None` when the library does not say which.
    Unpack {
        part: Option<String>,
        detail: String,
    },
    /// A part the workbook needs is missing.
    MissingPart { part: String },
    /// A part's XML is malformed or ends too early; `None` when the library
    /// does not say which part.
    Xml {
        part: Option<String>,
        detail: String,
    },
    /// A record of an .xlsb part cut short, or longer than the part.
    Record { part: String },
    /// An .ods element never closed (calamine 0.38 would look for its end for ever).
    Unclosed { part: String, element: Unclosed },
    /// The compound file of an .xls, or its workbook stream.
    Ole(OleFault),
    /// A sheet cannot be read (the finding names the sheet).
    Sheet { detail: String },
    /// The spreadsheet library cannot make sense of the workbook.
    Workbook { detail: String },
}

impl Damage {
    /// The library's words, if any.
    pub fn detail_mut(&mut self) -> Option<&mut String> {
        match self {
            Damage::Io { detail }
            | Damage::ZipDirectory { detail }
            | Damage::Unpack { detail, .. }
            | Damage::Xml { detail, .. }
            | Damage::Sheet { detail }
            | Damage::Workbook { detail } => Some(detail),
            Damage::MissingPart { .. }
            | Damage::Record { .. }
            | Damage::Unclosed { .. }
            | Damage::Ole(_) => None,
        }
    }
}

/// An .ods element never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unclosed {
    Table,
    /// A cell's note (`office:annotation`).
    Note,
}

/// Damage to the compound file or to its workbook stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OleFault {
    /// A sector beyond the end of the file.
    SectorPastEnd { sector: u32 },
    /// A mini sector beyond the end of the mini stream.
    MiniSectorPastEnd { sector: u32 },
    /// A chain of sectors that comes back on itself.
    Loops { chain: Chain },
    /// A sector of a chain that the allocation table does not cover.
    NotAllocated { sector: u32, chain: Chain },
    /// A mini sector that the mini allocation table does not cover.
    MiniNotAllocated { sector: u32 },
    /// More allocation-table sectors than the file has.
    FatTooLarge,
    /// A BoundSheet8 record (a sheet's name and place) cut short.
    ShortSheetRecord,
    /// A sheet said to start beyond the end of the workbook stream.
    SheetPastEnd { sheet: String },
}

/// A chain of sectors, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Difat,
    Directory,
    MiniStream,
    MiniFat,
    Workbook,
}
