//! File limits and damage in English. The library's own words end each text.

use super::En;
use crate::messages::damage::bytes;
use crate::messages::DamageTexts;
use crate::model::damage::*;

impl DamageTexts for En {
    #[rustfmt::skip]
    fn limit(&self, limit: &Limit) -> String {
        let cells = MAX_SHEET_CELLS;
        let prolog = bytes(MAX_PROLOG_BYTES);
        match limit {
            Limit::File { size } => format!("the file is {}; the limit is {}", bytes(*size), bytes(MAX_FILE_BYTES)),
            Limit::Part { part, size } => format!("part {part} unpacks to {}; the limit per part is {}", bytes(*size), bytes(MAX_PART_BYTES)),
            Limit::Total { size } => format!("its parts unpack to {} in all; the limit is {}", bytes(*size), bytes(MAX_TOTAL_BYTES)),
            Limit::Ratio { part, size, packed } => format!("part {part} unpacks from {} to {}, more than {MAX_RATIO} times: a zip bomb?", bytes(*packed), bytes(*size)),
            Limit::Parts { count } => format!("{count} parts in the zip; the limit is {MAX_PARTS}"),
            Limit::Sheet { sheet, rows, cols } => format!("sheet '{sheet}' spans {rows} rows × {cols} columns; the limit is {cells} cells"),
            Limit::Strings { count } => format!("the shared-string table declares {count} strings; the limit is {MAX_SHARED_STRINGS}"),
            Limit::Prolog { part } => format!("part {part} does not begin within its first {prolog}"),
            Limit::Text { count } => format!("repeated spaces add up to {count} characters; the limit is {MAX_TEXT_CHARS}"),
        }
    }

    fn damage(&self, d: &Damage) -> String {
        match d {
            Damage::Io { detail } => format!("the file could not be read: {detail}"),
            Damage::ZipDirectory { detail } => {
                format!("the zip directory is missing or damaged: {detail}")
            }
            Damage::Unpack {
                part: Some(p),
                detail,
            } => format!("part {p} cannot be unpacked: {detail}"),
            Damage::Unpack { part: None, detail } => format!("a part cannot be unpacked: {detail}"),
            Damage::MissingPart { part } => format!("part {part} is missing"),
            Damage::Xml {
                part: Some(p),
                detail,
            } => format!("the XML of part {p} is malformed: {detail}"),
            Damage::Xml { part: None, detail } => {
                format!("the workbook's XML is malformed: {detail}")
            }
            Damage::Record { part } => {
                format!("part {part} holds a record cut short or longer than the part")
            }
            Damage::Unclosed {
                part,
                element: Unclosed::Table,
            } => format!("{part}: a table is never closed"),
            Damage::Unclosed {
                part,
                element: Unclosed::Note,
            } => format!("{part}: a cell note is never closed"),
            Damage::Ole(f) => match f {
                OleFault::SectorPastEnd { sector } => {
                    format!("OLE sector {sector} lies past the end of the file")
                }
                OleFault::MiniSectorPastEnd { sector } => {
                    format!("OLE mini sector {sector} lies past the mini stream")
                }
                OleFault::Loops { chain } => {
                    format!("the OLE sector chain of the {} loops", chain_name(*chain))
                }
                OleFault::NotAllocated { sector, chain } => format!(
                    "OLE sector {sector} of the {} is not in the allocation table",
                    chain_name(*chain)
                ),
                OleFault::MiniNotAllocated { sector } => {
                    format!("OLE mini sector {sector} is not in the mini allocation table")
                }
                OleFault::FatTooLarge => "the OLE allocation table is larger than the file".into(),
                OleFault::ShortSheetRecord => "a BoundSheet8 record is too short".into(),
                OleFault::SheetPastEnd { sheet } => {
                    format!("sheet {sheet} starts past the end of the workbook stream")
                }
            },
            Damage::Sheet { detail } => format!("the sheet cannot be read: {detail}"),
            Damage::Workbook { detail } => {
                format!("the workbook's structure cannot be read: {detail}")
            }
        }
    }
}

/// The name of a chain of sectors of a compound file.
fn chain_name(chain: Chain) -> &'static str {
    match chain {
        Chain::Difat => "DIFAT",
        Chain::Directory => "directory",
        Chain::MiniStream => "mini stream",
        Chain::MiniFat => "mini allocation table",
        Chain::Workbook => "workbook stream",
    }
}
