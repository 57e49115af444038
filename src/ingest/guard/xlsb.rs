//! .xlsb workbooks (Excel's binary workbook: a zip of record streams). Every
//! record of every `.bin` part is walked before calamine opens the file: a
//! record says its own length (up to 256 MB) and calamine reserves that much
//! before reading it, so a length running past the end of its part is refused
//! here. Each sheet is then read cell by cell and refused as soon as its used
//! range passes the sheet limit, as for .xlsx.

use std::io::{BufReader, Read, Seek};

use calamine::{Cell, Data, DataRef, Range, Xlsb};
use quick_xml::events::Event;

use super::zip::{ends_with_ignore_case, Zip};
use super::{xml, Bounds};
use crate::model::damage::{Limit, MAX_PART_BYTES};
use crate::model::{Damage, Problem};

/// What is wrong with an .xlsb.
#[derive(Debug)]
pub enum XlsbError {
    /// A sheet's range passes the sheet limit.
    TooLarge(Limit),
    /// A record of a part is cut short or says it is longer than the part.
    Record { part: String },
    /// A sheet of `xl/workbook.bin` whose relationship id is not in its relationships.
    Unlinked { id: String },
    /// A sheet written with short cell records (no column; SheetJS writes them,
    /// Excel does not), which calamine 0.38 passes over: its values would be lost.
    ShortCells,
    /// A part's packed data is damaged.
    Unpack { part: String, detail: String },
    /// calamine could not open the workbook.
    Open(calamine::XlsbError),
    /// calamine could not read a sheet.
    Sheet(calamine::XlsbError),
}

impl From<XlsbError> for Problem {
    fn from(e: XlsbError) -> Problem {
        use calamine::XlsbError as Lib;
        let damage = match e {
            XlsbError::TooLarge(limit) => return Problem::Limit(limit),
            XlsbError::Record { part } => Damage::Record { part },
            XlsbError::ShortCells => return Problem::ShortCells,
            XlsbError::Unlinked { id } => Damage::Workbook {
                detail: format!("sheet relationship {id} missing"),
            },
            XlsbError::Unpack { part, detail } => Damage::Unpack {
                part: Some(part),
                detail,
            },
            XlsbError::Open(Lib::Password) | XlsbError::Sheet(Lib::Password) => {
                return Problem::Encrypted
            }
            XlsbError::Open(Lib::FileNotFound(part)) => Damage::MissingPart { part },
            XlsbError::Open(e) => Damage::Workbook {
                detail: e.to_string(),
            },
            XlsbError::Sheet(e) => Damage::Sheet {
                detail: e.to_string(),
            },
        };
        Problem::Corrupt(damage)
    }
}

/// Walks the records of every `.bin` part (each unpacked within
/// [`MAX_PART_BYTES`], which the zip check has already held its declared size to).
pub fn check_records(zip: &mut Zip<'_>) -> Result<(), XlsbError> {
    let mut parts: Vec<(usize, String)> = zip
        .file_names_raw()
        .enumerate()
        .filter(|(_, name)| ends_with_ignore_case(name, b".bin"))
        .map(|(i, name)| (i, String::from_utf8_lossy(name).into_owned()))
        .collect();
    // The shared strings first: the sheets' cells index them.
    parts.sort_by_key(|(_, name)| name != SHARED_STRINGS);
    let mut data = Vec::new();
    let mut sheets = None;
    let mut strings = 0;
    for (i, part) in parts {
        data.clear();
        let unpack = |detail: String| XlsbError::Unpack {
            part: part.clone(),
            detail,
        };
        let entry = zip.by_index(i).map_err(|e| unpack(e.to_string()))?;
        entry
            .take(MAX_PART_BYTES)
            .read_to_end(&mut data)
            .map_err(|e| unpack(e.to_string()))?;
        let Some(records) = records(&data) else {
            return Err(XlsbError::Record { part });
        };
        if part == SHARED_STRINGS {
            strings = string_count(&records);
        }
        if part.starts_with("xl/worksheets/") {
            if has_short_cells(&records) {
                return Err(XlsbError::ShortCells);
            }
            if !cells_fit(&records, strings) {
                return Err(XlsbError::Record { part });
            }
        }
        if part == "xl/workbook.bin" {
            sheets = Some(sheet_rel_ids(&records).ok_or(XlsbError::Record { part })?);
        }
    }
    // calamine looks each sheet's id up in the relationships, and panics on one
    // that is not there.
    if let Some(sheets) = sheets {
        let known = relationship_ids(zip)?;
        if let Some(id) = sheets.into_iter().find(|id| !known.contains(id)) {
            return Err(XlsbError::Unlinked { id });
        }
    }
    Ok(())
}

/// Where calamine looks for the shared strings.
const SHARED_STRINGS: &str = "xl/sharedStrings.bin";

/// How many shared strings calamine will have read, if it opens the file: the
/// unique count of BrtBeginSst (it then reads that many BrtSSTItem records, or
/// fails to open the file).
fn string_count(records: &[(u16, &[u8])]) -> usize {
    records
        .iter()
        .find(|(typ, _)| *typ == 0x009F)
        .and_then(|(_, data)| data.get(4..8))
        .map_or(0, |b| {
            u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize
        })
}

/// Whether every cell record of a sheet is as long as calamine's cell reader
/// takes it to be (it indexes the record without checking), and every shared
/// string it names is one of the `strings` read.
fn cells_fit(records: &[(u16, &[u8])], strings: usize) -> bool {
    records.iter().all(|&(typ, data)| {
        let least = match typ {
            0x0000 => 4,                   // BrtRowHdr: the row
            0x0001 | 0x0006 | 0x0008 => 8, // blank, inline strings: column and style
            0x0003 | 0x0004 | 0x000A => 9, // error, booleans
            0x0002 => 12,                  // RK number
            0x0005 | 0x0009 => 16,         // real numbers
            0x0007 => {
                // BrtCellIsst: the index of a shared string.
                return data.get(8..12).is_some_and(|b| {
                    (u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize) < strings
                });
            }
            _ => 0,
        };
        data.len() >= least
    })
}

/// The records of `data`, read as calamine reads them (MS-XLSB 2.1.4): a type
/// of one or two bytes (seven bits each), a length of one to four bytes of
/// seven bits each, then that many bytes. `None` when a record does not fit.
fn records(data: &[u8]) -> Option<Vec<(u16, &[u8])>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let first = data[at];
        let typ = if first & 0x80 != 0 {
            at += 1;
            u16::from(first & 0x7F) + (u16::from(*data.get(at)? & 0x7F) << 7)
        } else {
            u16::from(first)
        };
        at += 1;
        let mut len = 0usize;
        for i in 0..4 {
            let &b = data.get(at)?;
            at += 1;
            len += ((b & 0x7F) as usize) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let end = at.checked_add(len).filter(|&end| end <= data.len())?;
        out.push((typ, &data[at..end]));
        at = end;
    }
    Some(out)
}

/// Whether any record is a short cell record (BrtShortBlank … BrtShortIsst,
/// types 0x0C–0x12, MS-XLSB 2.5.10).
fn has_short_cells(records: &[(u16, &[u8])]) -> bool {
    records.iter().any(|(typ, _)| (0x0C..=0x12).contains(typ))
}

/// The relationship ids of the sheets that `xl/workbook.bin` lists (BrtBundleSh),
/// each record checked for the lengths calamine slices it by. `None` when one
/// is too short for them.
fn sheet_rel_ids(records: &[(u16, &[u8])]) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    for &(typ, data) in records {
        match typ {
            // BrtWbProp: calamine reads its first byte.
            0x0099 if data.is_empty() => return None,
            // BrtBundleSh: state, tab id, then the relationship id's length and text.
            0x009C => {
                let len = u32::from_le_bytes(data.get(8..12)?.try_into().ok()?);
                if len == u32::MAX {
                    continue;
                }
                let units: Vec<u16> = data
                    .get(12..12 + 2 * len as usize)?
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                ids.push(String::from_utf16_lossy(&units));
            }
            0x0090 => break,
            _ => {}
        }
    }
    Some(ids)
}

/// The ids of `xl/_rels/workbook.bin.rels`, read as calamine reads them: the
/// `Id` of every `Relationship` element that also has a `Target`.
fn relationship_ids(zip: &mut Zip<'_>) -> Result<Vec<String>, XlsbError> {
    const PART: &str = "xl/_rels/workbook.bin.rels";
    let unpack = |detail: String| XlsbError::Unpack {
        part: PART.into(),
        detail,
    };
    let part = match zip.by_name(PART) {
        Ok(part) => part,
        Err(::zip::result::ZipError::FileNotFound) => return Ok(Vec::new()),
        Err(e) => return Err(unpack(e.to_string())),
    };
    let mut reader = xml::reader(BufReader::new(part.take(MAX_PART_BYTES)));
    let mut buf = Vec::new();
    let mut ids = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "Relationship" => {
                let id = xml::raw_attr(&e, "Id").ok().flatten();
                let target = xml::raw_attr(&e, "Target").ok().flatten();
                if let (Some(id), Some(_)) = (id, target) {
                    ids.push(id.to_string());
                }
            }
            Ok(Event::Eof) => return Ok(ids),
            Err(quick_xml::Error::Io(e)) => return Err(unpack(e.to_string())),
            // calamine reports malformed XML itself.
            Err(_) => return Ok(ids),
            Ok(_) => {}
        }
    }
}

/// A sheet of an .xlsb, read as calamine's `worksheet_range` reads it, but
/// stopping as soon as its used range or cell count passes the sheet limit.
pub fn sheet_range<RS: Read + Seek>(
    book: &mut Xlsb<RS>,
    sheet: &str,
) -> Result<Range<Data>, XlsbError> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(XlsbError::Sheet)?;
    let mut cells = Vec::new();
    let mut bounds = Bounds::default();
    while let Some(cell) = reader.next_cell().map_err(XlsbError::Sheet)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        bounds.add((r.into(), r.into()), (c.into(), c.into()), 1);
        bounds.check(sheet).map_err(XlsbError::TooLarge)?;
        cells.push(Cell::new((r, c), Data::from(cell.get_value().clone())));
    }
    Ok(Range::from_sparse(cells))
}

/// Which of `wanted` (row, column) cells hold a formula, read cell by cell
/// (no range of the sheet's formulas is ever allocated).
pub fn formula_cells<RS: Read + Seek>(
    book: &mut Xlsb<RS>,
    sheet: &str,
    wanted: &[(u32, u32)],
) -> Vec<(u32, u32)> {
    let Ok(mut reader) = book.worksheet_cells_reader(sheet) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    while let Ok(Some(cell)) = reader.next_formula() {
        if wanted.contains(&cell.get_position()) && !cell.get_value().trim().is_empty() {
            found.push(cell.get_position());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(data: &[u8]) -> Option<Vec<u16>> {
        records(data).map(|r| r.iter().map(|(t, _)| *t).collect())
    }

    #[test]
    fn records_must_fit_their_part() {
        // Type 0x83 0x01 (two bytes: 0x83) holding 2 bytes, then type 5 holding none.
        assert_eq!(
            types(&[0x83, 0x01, 0x02, 0xAA, 0xBB, 0x05, 0x00]),
            Some(vec![0x83, 5])
        );
        assert_eq!(types(&[]), Some(vec![]));
        // Says 3 bytes, holds 2.
        assert_eq!(types(&[0x05, 0x03, 0xAA, 0xBB]), None);
        // A length of four 7-bit bytes: 0x0FFFFFFF, far past the end.
        assert_eq!(types(&[0x05, 0xFF, 0xFF, 0xFF, 0x7F]), None);
        // Cut inside the length, or inside a two-byte type.
        assert_eq!(types(&[0x05, 0x80]), None);
        assert_eq!(types(&[0x83]), None);
    }

    #[test]
    fn cell_records_must_hold_what_the_reader_takes_from_them() {
        let isst = |i: u32| {
            let mut d = vec![0u8; 8];
            d.extend(i.to_le_bytes());
            d
        };
        let (one, two) = (isst(1), isst(2));
        assert!(cells_fit(&[(0x07, &one)], 2));
        assert!(!cells_fit(&[(0x07, &two)], 2));
        assert!(!cells_fit(&[(0x05, &[0u8; 15])], 0));
        assert!(cells_fit(&[(0x05, &[0u8; 16])], 0));
        assert!(!cells_fit(&[(0x00, &[0u8; 3])], 0));
    }

    #[test]
    fn short_cell_records_are_seen() {
        // BrtShortSt (0x11) holding 2 bytes; BrtCellSt (0x06) is the full form.
        assert!(has_short_cells(
            &records(&[0x11, 0x02, 0xAA, 0xBB]).unwrap()
        ));
        assert!(!has_short_cells(&records(&[0x06, 0x01, 0x00]).unwrap()));
    }

    #[test]
    fn a_sheet_record_too_short_for_its_relationship_id_is_refused() {
        // BrtBundleSh: state, tab id, an id of 2 characters ("r1"), nothing more needed.
        let mut sheet = vec![0u8; 8];
        sheet.extend(2u32.to_le_bytes());
        sheet.extend([b'r', 0, b'1', 0]);
        assert_eq!(
            sheet_rel_ids(&[(0x9C, &sheet)]),
            Some(vec!["r1".to_string()])
        );
        assert_eq!(sheet_rel_ids(&[(0x9C, &sheet[..14])]), None);
        assert_eq!(sheet_rel_ids(&[(0x9C, &sheet[..10])]), None);
        assert_eq!(sheet_rel_ids(&[(0x99, &[])]), None);
    }
}
