//! A roster kept as a workbook (.xlsx/.xls/.ods): its first sheet, opened through
//! the same guards as a returned workbook ([`crate::ingest::book`]), each row
//! given its row number as the spreadsheet shows it.

use super::{Line, RosterProblem};
use crate::cell::Raw;
use crate::ingest::book::open_book;
use crate::ingest::sheet::raw;

/// Whether the bytes are a workbook rather than text: a zip (.xlsx, .ods) or an
/// OLE compound file (.xls). Told by the bytes, whatever the file is called.
pub(super) fn is_workbook(bytes: &[u8]) -> bool {
    const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(OLE_MAGIC)
}

/// The non-blank rows of the first sheet, each with its 1-based row number;
/// texts cleaned as every text read from a workbook, and trimmed.
pub(super) fn read_first_sheet(bytes: &[u8]) -> Result<Vec<Line>, RosterProblem> {
    let mut book = open_book(bytes).map_err(RosterProblem::Unreadable)?;
    let Some(first) = book.sheet_names().into_iter().next() else {
        return Err(RosterProblem::Empty);
    };
    let range = book.range(&first).map_err(RosterProblem::Unreadable)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let lines = range
        .rows()
        .enumerate()
        .filter_map(|(i, row)| {
            let cells: Vec<Raw> = std::iter::repeat_n(Raw::Empty, left as usize)
                .chain(row.iter().map(|d| match raw(Some(d)) {
                    Raw::Text(t) => Raw::Text(t.trim().to_string()),
                    r => r,
                }))
                .collect();
            (!cells.iter().all(Raw::is_blank)).then(|| Line {
                line: top as usize + i + 1,
                cells,
            })
        })
        .collect();
    Ok(lines)
}
