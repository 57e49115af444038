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
//!   would make calamine 0.38 read on at the end of the file for ever, and
//!   notes indentation calamine cannot take (Gnumeric's): calamine then reads a
//!   copy without it, checked again.
//! - [`xlsb`]: Excel's binary workbook — every record's declared length
//!   (calamine reserves it before reading), and each sheet's cells as for .xlsx.
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
pub mod xlsb;
pub mod xlsx;
mod xml;
pub mod zip;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use calamine::{Cell, Data, Range};

use crate::model::damage::*;
use crate::model::{Damage, Problem};

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

/// Why reading a sheet's cells stopped ([`bounded_range`]).
#[derive(Debug)]
pub enum Stopped<E> {
    /// The sheet passed the sheet limit.
    TooLarge(Limit),
    /// The spreadsheet library failed.
    Reader(E),
}

/// A sheet's cells read one by one from `next` (its position, and its value
/// unless empty), as calamine's `worksheet_range` reads them, but stopping as
/// soon as the used range or cell count passes the sheet limit (calamine would
/// allocate the used range whole). `capacity`: room reserved at first.
pub fn bounded_range<E>(
    sheet: &str,
    capacity: usize,
    mut next: impl FnMut() -> Result<Option<((u32, u32), Option<Data>)>, E>,
) -> Result<Range<Data>, Stopped<E>> {
    let mut cells = Vec::with_capacity(capacity);
    let mut bounds = Bounds::default();
    while let Some(((r, c), value)) = next().map_err(Stopped::Reader)? {
        let Some(value) = value else { continue };
        bounds.add((r.into(), r.into()), (c.into(), c.into()), 1);
        bounds.check(sheet).map_err(Stopped::TooLarge)?;
        cells.push(Cell::new((r, c), value));
    }
    Ok(Range::from_sparse(cells))
}

/// Which of `wanted` (row, column) cells hold a formula, from `next` (each
/// formula's position, and whether it is more than blanks), read cell by cell:
/// no range of the sheet's formulas is ever allocated.
pub fn formula_positions(
    wanted: &[(u32, u32)],
    mut next: impl FnMut() -> Option<((u32, u32), bool)>,
) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    while let Some((at, written)) = next() {
        if written && wanted.contains(&at) {
            found.push(at);
        }
    }
    found
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
