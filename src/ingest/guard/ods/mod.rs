//! .ods spreadsheets: calamine reads every table of `content.xml` when it opens
//! the file, expanding repeated rows and cells, so the guard reads
//! `content.xml` first — with the same parser, along the same paths as
//! calamine's `read_content`, `read_table`, `read_row` and `get_datatype`
//! (calamine's `ods.rs`) — counting what calamine would store instead of
//! storing it. It refuses:
//!
//! - a table whose cells, once calamine expands repeated rows and cells, would
//!   pass the sheet limit, or whose stored cells alone would;
//! - runs of spaces (`<text:s text:c="N"/>`, which calamine writes out) adding
//!   up to more than [`MAX_TEXT_CHARS`], counted wherever they stand (this
//!   errs on the side of refusing);
//! - what would make calamine 0.38 read on at the end of the file for ever: a
//!   table whose end it never finds (`read_table` takes the end of the file
//!   for just another event), and a cell note likewise (`get_datatype`).
//!   Whatever hides the end tag — a missing tag, a DOCTYPE or comment
//!   swallowing it — the guard sees what calamine sees;
//! - XML that calamine would fail on in the same place.
//!
//! Indented `content.xml` (Gnumeric writes it so) reads. calamine 0.38 takes
//! any event between the cells of a row, white space included, for an error
//! ("Expecting 'table-cell'"; likewise between named expressions), and adds
//! white space standing directly in a text cell to the cell's text. Those
//! places hold elements only in ODF, so the white space there means nothing:
//! the scan notes it, and [`without_indentation`] ([`indent`]) gives calamine a
//! copy of the file whose `content.xml` lacks it (nothing else changed, text
//! inside paragraphs kept), which is then scanned again as strictly as any file.

mod indent;

use std::io::{BufRead, BufReader, Read};

use quick_xml::escape::unescape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use indent::is_blank;
pub use indent::without_indentation;

use super::xml;
use super::zip::Zip;
use crate::model::damage::{Limit, Unclosed, MAX_PART_BYTES, MAX_SHEET_CELLS, MAX_TEXT_CHARS};
use crate::model::{Damage, Problem};

/// The part calamine reads the tables from.
const CONTENT: &str = "content.xml";
/// Largest row count calamine's .ods reader takes (it caps the rest).
const ODS_MAX_ROWS: u64 = 1_048_576;
/// Largest column count calamine's .ods reader takes in a row.
const ODS_MAX_COLUMNS: u64 = 16_384;

/// What is wrong with an .ods.
#[derive(Debug)]
pub enum OdsError {
    /// A limit: a table's size, spaces asked for.
    TooLarge(Limit),
    /// `content.xml` is malformed where calamine reads it.
    Xml(quick_xml::Error),
    /// An element where calamine accepts only another (`expected`).
    Unexpected { expected: &'static str },
    /// An element whose end calamine 0.38 would look for for ever.
    Unclosed(Unclosed),
    /// `content.xml` cannot be unpacked.
    Unpack(String),
    /// calamine could not open the workbook.
    Open(calamine::OdsError),
    /// calamine could not give a sheet.
    Sheet(calamine::OdsError),
}

impl From<quick_xml::Error> for OdsError {
    fn from(e: quick_xml::Error) -> OdsError {
        OdsError::Xml(e)
    }
}

impl From<quick_xml::events::attributes::AttrError> for OdsError {
    fn from(e: quick_xml::events::attributes::AttrError) -> OdsError {
        OdsError::Xml(e.into())
    }
}

impl From<OdsError> for Problem {
    fn from(e: OdsError) -> Problem {
        use calamine::OdsError as Lib;
        let part = || Some(CONTENT.to_string());
        let damage = match e {
            OdsError::TooLarge(limit) => return Problem::Limit(limit),
            OdsError::Open(Lib::Password) | OdsError::Sheet(Lib::Password) => {
                return Problem::Encrypted
            }
            OdsError::Xml(e) => Damage::Xml {
                part: part(),
                detail: e.to_string(),
            },
            OdsError::Unexpected { expected } => Damage::Xml {
                part: part(),
                detail: format!("expected {expected}"),
            },
            OdsError::Unclosed(element) => Damage::Unclosed {
                part: CONTENT.to_string(),
                element,
            },
            OdsError::Unpack(detail) => Damage::Unpack {
                part: part(),
                detail,
            },
            OdsError::Open(Lib::FileNotFound(part)) => Damage::MissingPart {
                part: part.to_string(),
            },
            OdsError::Open(e @ (Lib::Io(_) | Lib::Zip(_) | Lib::Xml(quick_xml::Error::Io(_)))) => {
                Damage::Unpack {
                    part: None,
                    detail: e.to_string(),
                }
            }
            OdsError::Open(
                e @ (Lib::Xml(_) | Lib::XmlAttr(_) | Lib::Eof(_) | Lib::Mismatch { .. }),
            ) => Damage::Xml {
                part: None,
                detail: e.to_string(),
            },
            OdsError::Open(e) => Damage::Workbook {
                detail: e.to_string(),
            },
            OdsError::Sheet(e) => Damage::Sheet {
                detail: e.to_string(),
            },
        };
        Problem::Corrupt(damage)
    }
}

/// Reads an .ods `content.xml` as calamine will, and refuses it when calamine
/// would store far more than a score sheet needs, or never finish. `Ok(true)`:
/// the file is indented where calamine cannot take it; give calamine
/// [`without_indentation`] instead.
pub fn check_ods(zip: &mut Zip<'_>) -> Result<bool, OdsError> {
    if is_encrypted(zip) {
        return Err(OdsError::Open(calamine::OdsError::Password));
    }
    let Ok(part) = zip.by_name(CONTENT) else {
        return Ok(false); // calamine will report it
    };
    // Bounded by the part size already checked in `check_zip`.
    let mut scan = Scan {
        reader: xml::reader(BufReader::new(part.take(MAX_PART_BYTES + 1))),
        spaces: 0,
        indented: false,
    };
    let result = scan.content();
    // The spaces are counted over the whole part, and reported first.
    if scan.spaces > MAX_TEXT_CHARS {
        return Err(OdsError::TooLarge(Limit::Text { count: scan.spaces }));
    }
    match result {
        Err(OdsError::Xml(quick_xml::Error::Io(e))) => Err(OdsError::Unpack(e.to_string())),
        Err(e) => Err(e),
        Ok(()) => Ok(scan.indented),
    }
}

/// Whether the manifest says the parts are encrypted (an open password):
/// `content.xml` is then ciphertext, not XML.
fn is_encrypted(zip: &mut Zip<'_>) -> bool {
    let Ok(part) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    // A manifest lists a few dozen parts: 1 MB is far more than any holds.
    if part.take(1 << 20).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len())
        .any(|w| w == b"encryption-data")
}

/// Walks `content.xml` along calamine's paths.
struct Scan<R> {
    reader: Reader<R>,
    /// Spaces asked for by every `text:s` seen so far.
    spaces: u64,
    /// White space seen where calamine fails on it, or reads it into a cell.
    indented: bool,
}

fn is(e: &BytesStart<'_>, name: &str) -> bool {
    e.name().as_ref() == name
}

fn is_cell(name: &str) -> bool {
    name == "table:table-cell" || name == "table:covered-table-cell"
}

/// An attribute's value unescaped, as calamine's `decode_attr`.
fn decode(value: &str) -> Result<String, OdsError> {
    Ok(unescape(value)
        .map_err(quick_xml::Error::from)?
        .into_owned())
}

/// A repeat count as calamine parses it (`str::parse::<usize>`): anything else
/// fails there too.
fn number(value: &str, expected: &'static str) -> Result<u64, OdsError> {
    xml::count(value).ok_or(OdsError::Unexpected { expected })
}

impl<R: BufRead> Scan<R> {
    /// The next event; every `text:s` counted on the way, wherever it stands.
    fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, OdsError> {
        buf.clear();
        let event = self.reader.read_event_into(buf)?;
        if let Event::Start(e) = &event {
            if is(e, "text:s") {
                let count = match xml::raw_attr(e, "text:c") {
                    Ok(Some(c)) => decode(c).ok().and_then(|c| xml::count(&c)).unwrap_or(0),
                    _ => 1,
                };
                self.spaces = self.spaces.saturating_add(count);
            }
        }
        Ok(event)
    }

    /// calamine's `read_content`.
    fn content(&mut self) -> Result<(), OdsError> {
        let mut buf = Vec::with_capacity(1024);
        loop {
            match self.next(&mut buf)? {
                Event::Start(e) if is(&e, "table:table") => {
                    xml::raw_attr(&e, "table:style-name")?;
                    if let Some(name) = xml::raw_attr(&e, "table:name")? {
                        let name = decode(name)?;
                        self.table(name)?;
                    }
                }
                Event::Start(e) if is(&e, "table:named-expressions") => {
                    self.named_expressions()?;
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// calamine's `read_named_expressions`: nothing but named ranges and
    /// expressions until the end.
    fn named_expressions(&mut self) -> Result<(), OdsError> {
        let mut buf = Vec::with_capacity(512);
        let named = |name: &str| name == "table:named-range" || name == "table:named-expression";
        loop {
            match self.next(&mut buf)? {
                Event::Start(e) if named(e.name().as_ref()) => {
                    for attr in xml::raw_attrs(&e) {
                        let (key, value) = attr?;
                        if matches!(
                            key,
                            "table:name" | "table:cell-range-address" | "table:expression"
                        ) {
                            decode(value)?;
                        }
                    }
                }
                Event::End(e) if named(e.name().as_ref()) => {}
                Event::End(e) if e.name().as_ref() == "table:named-expressions" => return Ok(()),
                Event::Text(t) if is_blank(&t) => self.indented = true,
                _ => {
                    return Err(OdsError::Unexpected {
                        expected: "table:named-expressions",
                    })
                }
            }
        }
    }

    /// calamine's `read_table`: rows until the table's end tag; the end of the
    /// file is no end for it.
    fn table(&mut self, name: String) -> Result<(), OdsError> {
        let mut table = Table {
            name,
            ..Table::default()
        };
        let mut buf = Vec::with_capacity(1024);
        loop {
            match self.next(&mut buf)? {
                Event::Start(e) if is(&e, "table:table-row") => {
                    let repeats = match xml::raw_attr(&e, "table:number-rows-repeated")? {
                        Some(v) => number(&decode(v)?, "table:number-rows-repeated")?,
                        None => 1,
                    };
                    let repeats = repeats.min(ODS_MAX_ROWS.saturating_sub(table.rows));
                    let row = self.row()?;
                    table.add_row(repeats, row)?;
                }
                Event::End(e) if e.name().as_ref() == "table:table" => return table.check(),
                Event::Eof => return Err(OdsError::Unclosed(Unclosed::Table)),
                _ => {}
            }
        }
    }

    /// calamine's `read_row`: cells until the row's end, nothing else.
    fn row(&mut self) -> Result<Row, OdsError> {
        let mut row = Row::default();
        // Empty cells not stored yet: calamine stores them when another cell follows.
        let mut pending = 0u64;
        let mut buf = Vec::with_capacity(1024);
        loop {
            let (repeats, filled, closed, name) = match self.next(&mut buf)? {
                Event::Start(e) if is_cell(e.name().as_ref()) => {
                    let repeats = match xml::raw_attr(&e, "table:number-columns-repeated")? {
                        Some(v) => number(v, "table:number-columns-repeated")?,
                        None => 1,
                    };
                    let (filled, string) = value(&e)?;
                    (
                        repeats,
                        filled || string,
                        string,
                        e.name().as_ref().to_string(),
                    )
                }
                Event::End(e) if e.name().as_ref() == "table:table-row" => return Ok(row),
                Event::Text(t) if is_blank(&t) => {
                    self.indented = true;
                    continue;
                }
                _ => {
                    return Err(OdsError::Unexpected {
                        expected: "table-cell",
                    })
                }
            };
            if closed {
                self.string_content()?;
            }
            row.stored += pending.min(ODS_MAX_COLUMNS - row.stored);
            let repeats = repeats.min(ODS_MAX_COLUMNS - row.stored);
            if filled {
                if repeats > 0 {
                    let (first, last) = (row.stored, row.stored + repeats - 1);
                    row.filled = Some(row.filled.map_or((first, last), |(a, _)| (a, last)));
                }
                row.stored += repeats;
                pending = 0;
            } else {
                pending = repeats;
            }
            if !closed {
                self.skip_to_end(&name)?;
            }
        }
    }

    /// The text of a string cell, as `get_datatype` reads it, to the cell's
    /// end; a note inside is read to its end tag, which must come. White space
    /// directly in the cell (not in a paragraph) is indentation.
    fn string_content(&mut self) -> Result<(), OdsError> {
        let (mut buf, mut note) = (Vec::with_capacity(1024), Vec::new());
        // Elements open inside the cell.
        let mut depth = 0u64;
        loop {
            match self.next(&mut buf)? {
                Event::End(e) if is_cell(e.name().as_ref()) => return Ok(()),
                Event::Start(e) if is(&e, "office:annotation") => loop {
                    match self.next(&mut note)? {
                        Event::End(e) if e.name().as_ref() == "office:annotation" => break,
                        Event::Eof => return Err(OdsError::Unclosed(Unclosed::Note)),
                        _ => {}
                    }
                },
                Event::Start(e) => {
                    depth += 1;
                    if is(&e, "text:s") {
                        if let Some(c) = xml::raw_attr(&e, "text:c")? {
                            number(&decode(c)?, "text:c")?;
                        }
                    }
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) if depth == 0 && is_blank(&t) => self.indented = true,
                Event::Eof => {
                    return Err(OdsError::Unexpected {
                        expected: "table:table-cell",
                    })
                }
                _ => {}
            }
        }
    }

    /// quick-xml's `read_to_end_into` (which calamine calls to skip a cell),
    /// seeing every event on the way.
    fn skip_to_end(&mut self, name: &str) -> Result<(), OdsError> {
        let mut buf = Vec::with_capacity(1024);
        let mut depth = 0u64;
        loop {
            match self.next(&mut buf)? {
                Event::Start(e) if e.name().as_ref() == name => depth += 1,
                Event::End(e) if e.name().as_ref() == name => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => {
                    return Err(OdsError::Unexpected {
                        expected: "a cell's end",
                    })
                }
                _ => {}
            }
        }
    }
}

/// Whether a cell has a value calamine keeps (`get_datatype`), and whether its
/// content is read as a string (then the cell is read to its end tag there).
fn value(e: &BytesStart<'_>) -> Result<(bool, bool), OdsError> {
    let (mut is_string, mut is_error, mut set, mut empty_string, mut formula) =
        (false, false, false, false, false);
    for attr in xml::raw_attrs(e) {
        let (key, value) = attr?;
        match key {
            "office:value" | "office:boolean-value" if !set => set = true,
            "office:string-value" | "office:date-value" | "office:time-value" if !set => {
                let text = decode(value)?;
                empty_string = key == "office:string-value" && text.is_empty();
                set = true;
            }
            "office:value-type" if !set => is_string = value == "string",
            "calcext:value-type" => is_error = value == "error",
            "table:formula" => formula = !decode(value)?.is_empty(),
            _ => {}
        }
    }
    let string = (!set && is_string) || (is_error && empty_string);
    Ok((set || formula, string))
}

/// One row as calamine stores it.
#[derive(Default)]
struct Row {
    /// Cells stored (every cell up to the last one, bar a last run of empty ones).
    stored: u64,
    /// First and last non-empty column.
    filled: Option<(u64, u64)>,
}

/// One table as calamine stores, then expands, it.
#[derive(Default)]
struct Table {
    name: String,
    /// Rows so far (repeats expanded, capped as calamine does).
    rows: u64,
    /// Cells calamine stores before expanding to the bounding box.
    stored: u64,
    /// First and last row holding a non-empty cell.
    filled_rows: Option<(u64, u64)>,
    /// Leftmost and rightmost non-empty column.
    filled_cols: Option<(u64, u64)>,
}

impl Table {
    fn add_row(&mut self, repeats: u64, row: Row) -> Result<(), OdsError> {
        let first_row = self.rows;
        self.rows = self.rows.saturating_add(repeats);
        self.stored = self.stored.saturating_add(row.stored);
        if let (Some((c0, c1)), true) = (row.filled, repeats > 0) {
            let last_row = self.rows - 1;
            self.filled_rows = Some(
                self.filled_rows
                    .map_or((first_row, last_row), |(a, _)| (a, last_row)),
            );
            self.filled_cols = Some(
                self.filled_cols
                    .map_or((c0, c1), |(a, b)| (a.min(c0), b.max(c1))),
            );
        }
        self.check()
    }

    fn check(&self) -> Result<(), OdsError> {
        let span = |x: Option<(u64, u64)>| x.map_or(0, |(a, b)| b - a + 1);
        let (rows, cols) = (span(self.filled_rows), span(self.filled_cols));
        if rows.saturating_mul(cols) > MAX_SHEET_CELLS || self.stored > MAX_SHEET_CELLS {
            return Err(OdsError::TooLarge(Limit::Sheet {
                sheet: self.name.clone(),
                rows,
                cols,
            }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(body: &str) -> Result<(), OdsError> {
        let xml = format!(
            r#"<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut scan = Scan {
            reader: xml::reader(xml.as_bytes()),
            spaces: 0,
            indented: false,
        };
        let result = scan.content();
        if scan.spaces > MAX_TEXT_CHARS {
            return Err(OdsError::TooLarge(Limit::Text { count: scan.spaces }));
        }
        result
    }

    fn table(rows: &str) -> Result<(), OdsError> {
        scan(&format!(
            r#"<table:table table:name="附录1">{rows}</table:table>"#
        ))
    }

    fn sheet_limit(result: Result<(), OdsError>) -> Option<(u64, u64)> {
        match result {
            Err(OdsError::TooLarge(Limit::Sheet { rows, cols, .. })) => Some((rows, cols)),
            _ => None,
        }
    }

    #[test]
    fn repeats_are_counted_as_calamine_expands_them() {
        // LibreOffice's trailing empty rows and cells: nothing kept.
        let ok = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
        assert!(table(ok).is_ok());
        // A value repeated over a million rows.
        let bomb = r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert_eq!(sheet_limit(table(bomb)), Some((1_048_576, 2)));
        // Two values far apart.
        let far = r#"<table:table-row><table:table-cell office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="5000"/><table:table-row><table:table-cell table:number-columns-repeated="999"/><table:table-cell office:value="1"/></table:table-row>"#;
        assert_eq!(sheet_limit(table(far)), Some((5002, 1000)));
        // A repeat count written as a character reference is read as calamine decodes it.
        let escaped = r#"<table:table-row table:number-rows-repeated="&#49;048576"><table:table-cell table:number-columns-repeated="2" office:value="1"/></table:table-row>"#;
        assert_eq!(sheet_limit(table(escaped)), Some((1_048_576, 2)));
    }

    #[test]
    fn empty_cells_that_calamine_stores_are_counted() {
        // Each row stores 16,384 empty cells (a run of empty cells followed by
        // another cell): nothing is non-empty, yet calamine stores them all.
        let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell/><table:table-cell/></table:table-row>"#;
        assert!(table(&row.repeat(61)).is_ok());
        assert!(matches!(
            table(&row.repeat(62)),
            Err(OdsError::TooLarge(Limit::Sheet {
                rows: 0,
                cols: 0,
                ..
            }))
        ));
    }

    #[test]
    fn what_calamine_would_read_for_ever_is_refused() {
        let row = r#"<table:table-row><table:table-cell office:value="1"/></table:table-row>"#;
        // No end tag.
        let open = format!(r#"<table:table table:name="t">{row}"#);
        assert!(matches!(
            scan(&open),
            Err(OdsError::Unclosed(Unclosed::Table))
        ));
        // The end tag swallowed by a DOCTYPE (calamine skips the DOCTYPE whole).
        let doctype = format!(
            r#"<table:table table:name="t">{row}<!DOCTYPE x [<!ELEMENT a ANY></table:table>]>"#
        );
        assert!(matches!(
            scan(&doctype),
            Err(OdsError::Unclosed(Unclosed::Table))
        ));
        // ... or by a comment.
        let comment = format!(r#"<table:table table:name="t">{row}<!-- </table:table> -->"#);
        assert!(matches!(
            scan(&comment),
            Err(OdsError::Unclosed(Unclosed::Table))
        ));
        // A note in a string cell never closed.
        let note = r#"<table:table table:name="t"><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>x</text:p>"#;
        assert!(matches!(
            scan(note),
            Err(OdsError::Unclosed(Unclosed::Note))
        ));
        // An unterminated DOCTYPE is an XML error, for calamine too.
        let unterminated =
            format!(r#"<table:table table:name="t">{row}<!DOCTYPE x [</table:table>"#);
        assert!(matches!(scan(&unterminated), Err(OdsError::Xml(_))));
    }

    #[test]
    fn spaces_are_counted_wherever_they_stand() {
        let cell = |c: &str| {
            format!(
                r#"<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="{c}"/></text:p></table:table-cell></table:table-row>"#
            )
        };
        assert!(table(&cell("999999")).is_ok());
        assert!(matches!(
            table(&format!("{}{}", cell("999999"), cell("2"))),
            Err(OdsError::TooLarge(Limit::Text { count: 1_000_001 }))
        ));
        assert!(matches!(
            table(&cell("&#50;000000")),
            Err(OdsError::TooLarge(Limit::Text { count: 2_000_000 }))
        ));
    }
}
