//! The guard against hostile or broken files: limits checked before the
//! spreadsheet library (calamine) is given a file, so that nothing is ever read
//! into memory far beyond what a score sheet needs, and no malformed structure
//! can make it loop. One module per format, as calamine has one reader per
//! format, each with its own error type:
//!
//! - [`zip`]: the container of .xlsx/.xlsm and .ods — the sizes its central
//!   directory declares, checked without unpacking anything (the zip reader
//!   refuses to unpack a part beyond its declared size, so the declared sizes
//!   bound what is ever read), and what kind of document it holds.
//! - [`xlsx`]: the shared-string count (calamine reserves memory for it up
//!   front), and each sheet's cells as they stream in: the used range is
//!   allocated whole, so a single cell at XFD1048576 would ask for 17 billion.
//! - [`ods`]: calamine reads every table when it opens the file, expanding
//!   repeated rows and cells; the guard reads `content.xml` first, as calamine
//!   will, and works out the size each table would take. It also refuses what
//!   would make calamine 0.38 read on at the end of the file for ever.
//! - [`ole`]: the OLE compound file of an .xls — sector chains that loop or
//!   leave the file, and each sheet's declared dimensions and used range.
//!
//! The XML the guard inspects is read with quick-xml, configured as calamine
//! configures it ([`xml`]), so that guard and reader agree on where every
//! element starts and ends.
//!
//! A filled score sheet is about 25 KB on disk and 100 KB unpacked; its largest
//! part is about 20 KB and its used range about 30 rows × 7 columns. The limits
//! below sit hundreds of times above that, so no real workbook meets them:
//!
//! | what | limit |
//! |---|---|
//! | the file on disk | 20 MB ([`MAX_FILE_BYTES`]) |
//! | one part of a zip (.xlsx/.ods), unpacked | 20 MB ([`MAX_PART_BYTES`]) |
//! | all parts together, unpacked | 100 MB ([`MAX_TOTAL_BYTES`]) |
//! | compression ratio of a part over 1 MB unpacked | 100 ([`MAX_RATIO`]) |
//! | parts in a zip | 10,000 ([`MAX_PARTS`]) |
//! | used range of a sheet (rows × columns), or cells in it | 1,000,000 ([`MAX_SHEET_CELLS`]) |
//! | strings declared by the shared-string table | 1,000,000 ([`MAX_SHARED_STRINGS`]) |
//! | where the shared-string table's root element may start | its first 64 KB ([`MAX_PROLOG_BYTES`]) |
//! | spaces asked for by an .ods `text:s` run, in all | 1,000,000 ([`MAX_TEXT_CHARS`]) |
//!
//! What is left to the spreadsheet library fails as an error (a damaged file) or
//! a panic, which `read_file` catches and reports as that file's error.

pub mod ods;
pub mod ole;
pub mod xlsx;
mod xml;
pub mod zip;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::finding::{Damage, Problem};
use crate::messages::{lang, Lang};

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

/// Sizes as people read them: `512 B`, `12 KB`, `3.4 MB`, `2.0 GB`.
fn bytes(n: u64) -> String {
    const KB: u64 = 1024;
    const GB: u64 = 1024 * MB;
    if n >= GB {
        format!("{:.1} GB", n as f64 / GB as f64)
    } else if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else if n >= KB {
        format!("{} KB", n / KB)
    } else {
        format!("{n} B")
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = lang() == Lang::En;
        let cells = MAX_SHEET_CELLS;
        let prolog = bytes(MAX_PROLOG_BYTES);
        match self {
            Limit::File { size } if en => write!(f, "the file is {}; the limit is {}", bytes(*size), bytes(MAX_FILE_BYTES)),
            Limit::File { size } => write!(f, "文件大小 {}，上限 {}", bytes(*size), bytes(MAX_FILE_BYTES)),
            Limit::Part { part, size } if en => write!(f, "part {part} unpacks to {}; the limit per part is {}", bytes(*size), bytes(MAX_PART_BYTES)),
            Limit::Part { part, size } => write!(f, "其中 {part} 解压后 {}，每个部件上限 {}", bytes(*size), bytes(MAX_PART_BYTES)),
            Limit::Total { size } if en => write!(f, "its parts unpack to {} in all; the limit is {}", bytes(*size), bytes(MAX_TOTAL_BYTES)),
            Limit::Total { size } => write!(f, "解压后共 {}，上限 {}", bytes(*size), bytes(MAX_TOTAL_BYTES)),
            Limit::Ratio { part, size, packed } if en => write!(f, "part {part} unpacks from {} to {}, more than {MAX_RATIO} times: a zip bomb?", bytes(*packed), bytes(*size)),
            Limit::Ratio { part, size, packed } => write!(f, "其中 {part} 由 {} 解压为 {}，超过 {MAX_RATIO} 倍，疑为压缩炸弹", bytes(*packed), bytes(*size)),
            Limit::Parts { count } if en => write!(f, "{count} parts in the zip; the limit is {MAX_PARTS}"),
            Limit::Parts { count } => write!(f, "压缩包内有 {count} 个部件，上限 {MAX_PARTS} 个"),
            Limit::Sheet { sheet, rows, cols } if en => write!(f, "sheet '{sheet}' spans {rows} rows × {cols} columns; the limit is {cells} cells"),
            Limit::Sheet { sheet, rows, cols } => write!(f, "工作表“{sheet}”的范围达 {rows} 行 × {cols} 列，上限 {cells} 个单元格"),
            Limit::Strings { count } if en => write!(f, "the shared-string table declares {count} strings; the limit is {MAX_SHARED_STRINGS}"),
            Limit::Strings { count } => write!(f, "共享字符串表声明了 {count} 个字符串，上限 {MAX_SHARED_STRINGS} 个"),
            Limit::Prolog { part } if en => write!(f, "part {part} does not begin within its first {prolog}"),
            Limit::Prolog { part } => write!(f, "其中 {part} 的前 {prolog} 内没有根元素"),
            Limit::Text { count } if en => write!(f, "repeated spaces add up to {count} characters; the limit is {MAX_TEXT_CHARS}"),
            Limit::Text { count } => write!(f, "重复空格共达 {count} 个字符，上限 {MAX_TEXT_CHARS} 个"),
        }
    }
}

/// Reads a file whole, refusing one larger than [`MAX_FILE_BYTES`] before reading it,
/// and an empty one.
pub fn read_bounded(path: &Path, bytes: &mut Vec<u8>) -> Result<(), Problem> {
    let io = |e: std::io::Error| {
        Problem::Corrupt(Damage::Io {
            detail: e.to_string(),
        })
    };
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Problem::Limit(Limit::File { size }));
    }
    bytes.clear();
    bytes.reserve(size as usize);
    // The file may grow while it is read (still being copied in): never past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(io)?;
    check_size(bytes)
}

/// The checks on a file's bytes that do not depend on its format.
pub fn check_size(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.is_empty() {
        return Err(Problem::EmptyFile);
    }
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(Problem::Limit(Limit::File { size }));
    }
    Ok(())
}

/// The bounding box of a sheet's cells as they are found (.xlsx and .xls).
#[derive(Debug, Default)]
struct Bounds {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
    cells: u64,
}

impl Bounds {
    /// Adds `count` cells at rows `r0..=r1`, columns `c0..=c1`.
    fn add(&mut self, (r0, r1): (u64, u64), (c0, c1): (u64, u64), count: u64) {
        self.rows = Some(self.rows.map_or((r0, r1), |(a, b)| (a.min(r0), b.max(r1))));
        self.cols = Some(self.cols.map_or((c0, c1), |(a, b)| (a.min(c0), b.max(c1))));
        self.cells = self.cells.saturating_add(count);
    }
    fn extent(&self) -> (u64, u64) {
        let span = |x: Option<(u64, u64)>| x.map_or(0, |(a, b)| b - a + 1);
        (span(self.rows), span(self.cols))
    }
    /// The limit this sheet breaks, if any.
    fn check(&self, sheet: &str) -> Result<(), Limit> {
        let (rows, cols) = self.extent();
        if rows.saturating_mul(cols) > MAX_SHEET_CELLS || self.cells > MAX_SHEET_CELLS {
            return Err(Limit::Sheet {
                sheet: sheet.to_string(),
                rows,
                cols,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(20 * MB), "20.0 MB");
        assert_eq!(bytes(3 * 1024), "3 KB");
    }

    #[test]
    fn bounds_refuse_a_large_box_or_many_cells() {
        let mut b = Bounds::default();
        b.add((0, 0), (0, 0), 1);
        assert_eq!(b.check("s"), Ok(()));
        b.add((999, 999), (1000, 1000), 1);
        assert!(matches!(
            b.check("s"),
            Err(Limit::Sheet {
                rows: 1000,
                cols: 1001,
                ..
            })
        ));
    }
}
