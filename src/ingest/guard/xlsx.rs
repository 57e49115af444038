//! .xlsx/.xlsm workbooks: the shared-string count, checked before calamine
//! opens the file (it reserves memory for the declared count up front), and
//! each sheet read cell by cell, refused as soon as its used range passes the
//! sheet limit (calamine allocates the used range whole).

use std::io::{Read, Seek};

use calamine::{Cell, Data, DataRef, Range, Xlsx};
use quick_xml::events::Event;

use super::zip::{ends_with_ignore_case, HeadEnd, PartHead, Zip};
use super::{xml, Bounds};
use crate::model::damage::{Limit, MAX_PROLOG_BYTES, MAX_SHARED_STRINGS};
use crate::model::{Damage, Problem};

/// What is wrong with an .xlsx.
#[derive(Debug)]
pub enum XlsxError {
    /// A limit: the shared strings declared, a sheet's range, the shared
    /// strings' root too far into its part.
    TooLarge(Limit),
    /// The XML of a part, before the element looked for, is malformed.
    Xml {
        part: String,
        error: quick_xml::Error,
    },
    /// A part ends without the element looked for (`<sst>`).
    NoRoot { part: String },
    /// A part's packed data is damaged.
    Unpack { part: String, detail: String },
    /// calamine could not open the workbook.
    Open(calamine::XlsxError),
    /// calamine could not read a sheet.
    Sheet(calamine::XlsxError),
}

impl From<XlsxError> for Problem {
    fn from(e: XlsxError) -> Problem {
        use calamine::XlsxError as Lib;
        let damage = match e {
            XlsxError::TooLarge(limit) => return Problem::Limit(limit),
            XlsxError::Xml { part, error } => Damage::Xml {
                part: Some(part),
                detail: error.to_string(),
            },
            XlsxError::NoRoot { part } => Damage::Xml {
                part: Some(part),
                detail: "no root element".into(),
            },
            XlsxError::Unpack { part, detail } => Damage::Unpack {
                part: Some(part),
                detail,
            },
            XlsxError::Open(Lib::Password) | XlsxError::Sheet(Lib::Password) => {
                return Problem::Encrypted
            }
            XlsxError::Open(Lib::FileNotFound(part)) => Damage::MissingPart { part },
            XlsxError::Open(e @ (Lib::Io(_) | Lib::Zip(_) | Lib::Xml(quick_xml::Error::Io(_))))
            | XlsxError::Sheet(
                e @ (Lib::Io(_) | Lib::Zip(_) | Lib::Xml(quick_xml::Error::Io(_))),
            ) => Damage::Unpack {
                part: None,
                detail: e.to_string(),
            },
            XlsxError::Open(
                e @ (Lib::Xml(_)
                | Lib::XmlAttr(_)
                | Lib::XmlEof(_)
                | Lib::UnexpectedNode(_)
                | Lib::Encoding(_)),
            ) => Damage::Xml {
                part: None,
                detail: e.to_string(),
            },
            XlsxError::Open(e) => Damage::Workbook {
                detail: e.to_string(),
            },
            XlsxError::Sheet(e) => Damage::Sheet {
                detail: e.to_string(),
            },
        };
        Problem::Corrupt(damage)
    }
}

/// Refuses a shared-string table declaring more strings than
/// [`MAX_SHARED_STRINGS`]: calamine reserves memory for the declared count
/// before reading any. `bytes` are the bytes `zip` reads.
///
/// The count is read where calamine reads it (`read_shared_strings`): on the
/// first start tag whose local name is `sst`, whatever its prefix, whatever
/// comments, declarations or blanks come before it. Only the start of the
/// part is unpacked, up to [`MAX_PROLOG_BYTES`]; a part whose `sst` element
/// does not start by then is refused.
pub fn check_shared_strings(zip: &mut Zip<'_>, bytes: &[u8]) -> Result<(), XlsxError> {
    let parts: Vec<(usize, String)> = zip
        .file_names_raw()
        .enumerate()
        .filter(|(_, name)| ends_with_ignore_case(name, b"sharedstrings.xml"))
        .map(|(i, name)| (i, String::from_utf8_lossy(name).into_owned()))
        .collect();
    for (i, name) in parts {
        let part = || name.clone();
        let found = PartHead::with(zip, bytes, i, MAX_PROLOG_BYTES, declared_strings);
        // A part calamine cannot unpack either (encrypted, another method).
        let Some(found) = found else { continue };
        match found {
            Found::Count(Some(count)) if count > MAX_SHARED_STRINGS => {
                return Err(XlsxError::TooLarge(Limit::Strings { count }))
            }
            Found::Count(_) => {}
            Found::End(HeadEnd::Cut) => {
                return Err(XlsxError::TooLarge(Limit::Prolog { part: part() }))
            }
            Found::End(HeadEnd::Damaged(detail)) => {
                return Err(XlsxError::Unpack {
                    part: part(),
                    detail,
                })
            }
            Found::End(HeadEnd::Complete) => return Err(XlsxError::NoRoot { part: part() }),
            Found::Xml(error) => {
                return Err(XlsxError::Xml {
                    part: part(),
                    error,
                })
            }
        }
    }
    Ok(())
}

/// What the start of a shared-string part says.
enum Found {
    /// The `sst` element, with its `uniqueCount` if it has a number there.
    Count(Option<u64>),
    /// The part (or what may be read of it) ended first.
    End(HeadEnd),
    /// Malformed XML first.
    Xml(quick_xml::Error),
}

/// Reads up to the first `sst` start tag, as calamine's `read_shared_strings`.
fn declared_strings(head: &mut PartHead<'_>) -> Found {
    let mut reader = xml::reader(&mut *head);
    let mut buf = Vec::with_capacity(1024);
    let result = loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                break match xml::raw_attr(&e, "uniqueCount") {
                    Ok(count) => Found::Count(count.and_then(xml::count)),
                    Err(error) => Found::Xml(error.into()),
                };
            }
            Ok(Event::Eof) => break Found::End(HeadEnd::Complete),
            Err(error) => break Found::Xml(error),
            Ok(_) => {}
        }
    };
    drop(reader);
    match (result, head.end()) {
        // Whatever the parser made of it, a part cut short was not read to its root.
        (Found::End(_) | Found::Xml(_), Some(end)) if *end != HeadEnd::Complete => {
            Found::End(end.clone())
        }
        (result, _) => result,
    }
}

/// A sheet of an .xlsx, read as calamine's `worksheet_range` reads it, but
/// stopping as soon as its used range or cell count passes the sheet limit.
pub fn sheet_range<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
) -> Result<Range<Data>, XlsxError> {
    let mut reader = match book.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // A chart sheet under the expected name: as calamine, an empty range.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
        Err(e) => return Err(XlsxError::Sheet(e)),
    };
    // As calamine: room for the declared dimensions when they are modest.
    let declared = reader.dimensions().len();
    let mut cells = Vec::with_capacity(if declared < 100_000 {
        declared as usize
    } else {
        0
    });
    let mut bounds = Bounds::default();
    while let Some(cell) = reader.next_cell().map_err(XlsxError::Sheet)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        bounds.add((r.into(), r.into()), (c.into(), c.into()), 1);
        bounds.check(sheet).map_err(XlsxError::TooLarge)?;
        cells.push(Cell::new((r, c), Data::from(cell.get_value().clone())));
    }
    Ok(Range::from_sparse(cells))
}

/// Which of `wanted` (row, column) cells of an .xlsx sheet hold a formula,
/// read cell by cell (no range of the sheet's formulas is ever allocated).
pub fn formula_cells<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
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
    use std::io::{Cursor, Write};

    /// A zip holding `xl/sharedStrings.xml` with this text, deflated or stored.
    fn zip_with(xml: &str, deflate: bool) -> Vec<u8> {
        let mut out = ::zip::ZipWriter::new(Cursor::new(Vec::new()));
        let method = if deflate {
            ::zip::CompressionMethod::Deflated
        } else {
            ::zip::CompressionMethod::Stored
        };
        let opts = ::zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file("xl/sharedStrings.xml", opts).unwrap();
        out.write_all(xml.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    }

    fn check(xml: &str) -> Result<(), XlsxError> {
        let run = |deflate: bool| {
            let bytes = zip_with(xml, deflate);
            let mut zip = ::zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            check_shared_strings(&mut zip, &bytes)
        };
        let (deflated, stored) = (run(true), run(false));
        assert_eq!(format!("{deflated:?}"), format!("{stored:?}"));
        deflated
    }

    fn refused_count(result: Result<(), XlsxError>) -> Option<u64> {
        match result {
            Err(XlsxError::TooLarge(Limit::Strings { count })) => Some(count),
            _ => None,
        }
    }

    const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

    #[test]
    fn a_modest_table_passes() {
        let xml = format!(
            r#"{DECL}<sst xmlns="x" count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#
        );
        assert!(check(&xml).is_ok());
    }

    #[test]
    fn the_count_is_found_wherever_calamine_finds_it() {
        let big = "100000000000";
        for xml in [
            // A namespace prefix on the root.
            format!(
                r#"{DECL}<x:sst xmlns:x="urn:x" uniqueCount="{big}"><x:si><x:t>a</x:t></x:si></x:sst>"#
            ),
            // A decoy in a comment before the root.
            format!(r#"{DECL}<!-- <sst uniqueCount="1"> --><sst uniqueCount="{big}"></sst>"#),
            // A long prolog of blanks, within the bound.
            format!(
                "{DECL}{}<sst uniqueCount=\"{big}\"></sst>",
                " \n".repeat(20_000)
            ),
            // `>` inside an attribute value.
            format!(r#"{DECL}<sst a=">" uniqueCount="{big}"/>"#),
        ] {
            assert_eq!(
                refused_count(check(&xml)),
                Some(100_000_000_000),
                "{:.120}",
                xml
            );
        }
    }

    #[test]
    fn a_root_beyond_the_bound_or_missing_is_refused() {
        let far = format!("{DECL}{}<sst uniqueCount=\"1\"></sst>", " ".repeat(70_000));
        assert!(matches!(
            check(&far),
            Err(XlsxError::TooLarge(Limit::Prolog { .. }))
        ));
        let none = format!("{DECL}<!-- <sst uniqueCount=\"1\"> -->");
        assert!(matches!(check(&none), Err(XlsxError::NoRoot { .. })));
        let malformed = format!("{DECL}<sst a=1 uniqueCount=\"1\">");
        assert!(matches!(check(&malformed), Err(XlsxError::Xml { .. })));
    }
}
