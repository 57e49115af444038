//! Indented `content.xml` (Gnumeric writes it so): the copy of an .ods that
//! calamine reads instead, without the white space that stands directly in a
//! row, a cell or the named expressions. ODF allows only elements there, so
//! that white space means nothing; calamine 0.38 takes it for an error between
//! cells and between named expressions ("Expecting 'table-cell', found
//! 'Text(…)'"), and adds it to the text of a cell. Text inside paragraphs (and
//! anything else) is copied as it is.

use std::io::{BufRead, BufReader, Cursor, Read, Write};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, ZipArchive, ZipWriter};
use quick_xml::events::Event;
use quick_xml::Writer;

use super::{check_ods, OdsError, CONTENT};
use crate::ingest::guard::xml;
use crate::ingest::guard::zip::Zip;
use crate::model::damage::MAX_PART_BYTES;

/// The file again, its `content.xml` without the white space that stands
/// directly in a row, a cell or the named expressions (see the module's
/// comment); every other part copied as it is, packed. Only for a file that
/// [`check_ods`] passed and found indented: the copy is checked again, and
/// refused if it still is (it never should be).
///
/// Within the guard's limits: `content.xml` is read within the part limit
/// already checked and only loses bytes (the XML is read without expanding
/// empty elements and written back event by event, each as it was written),
/// the other parts are copied packed as they are; so no part of the copy
/// unpacks larger than in the file, and the copy in memory is the file's
/// other parts plus `content.xml` packed again (fast deflate: a 25 KB score
/// sheet from Gnumeric gives a 34 KB copy, its 233 KB of XML down to 224 KB).
pub fn without_indentation(zip: &mut Zip<'_>) -> Result<Vec<u8>, OdsError> {
    let unpack = |e: ::zip::result::ZipError| OdsError::Unpack(e.to_string());
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(zip.len() * 64)));
    for i in 0..zip.len() {
        if zip.by_index_raw(i).map_err(unpack)?.name_raw() != CONTENT.as_bytes() {
            out.raw_copy_file(zip.by_index_raw(i).map_err(unpack)?)
                .map_err(unpack)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1));
        out.start_file(CONTENT, options).map_err(unpack)?;
        let part = zip.by_index(i).map_err(unpack)?;
        strip(BufReader::new(part.take(MAX_PART_BYTES + 1)), &mut out)?;
    }
    let copy = out.finish().map_err(unpack)?.into_inner();
    let mut again = ZipArchive::new(Cursor::new(copy.as_slice())).map_err(unpack)?;
    if check_ods(&mut again)? {
        return Err(OdsError::Unexpected {
            expected: "no white space between cells",
        });
    }
    drop(again);
    Ok(copy)
}

/// Where white space stands for nothing (elements only, in ODF) and calamine
/// stumbles on it.
fn holds_elements_only(name: &str) -> bool {
    matches!(
        name,
        "table:table-row"
            | "table:table-cell"
            | "table:covered-table-cell"
            | "table:named-expressions"
    )
}

/// XML white space only (space, tab, CR, LF): indentation.
pub(super) fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Copies `content.xml` from `input` to `output`, leaving out white-space-only
/// text whose parent holds elements only.
fn strip<R: BufRead, W: Write>(input: R, output: W) -> Result<(), OdsError> {
    let mut reader = xml::reader(input);
    // Empty elements written back as they came: the copy never grows.
    reader.config_mut().expand_empty_elements = false;
    let mut writer = Writer::new(output);
    // Whether each open element holds elements only (a stack of flags, one per
    // level: bounded by the part's size).
    let mut open: Vec<bool> = Vec::new();
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf)?;
        match &event {
            Event::Eof => return Ok(()),
            Event::Start(e) => open.push(holds_elements_only(e.name().as_ref())),
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) if open.last() == Some(&true) && is_blank(t) => continue,
            _ => {}
        }
        writer
            .write_event(event)
            .map_err(|e| OdsError::Unpack(e.to_string()))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Ods, Reader};

    const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;

    /// An .ods holding `body` in its spreadsheet.
    fn ods(body: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
  <office:body>
    <office:spreadsheet>{body}</office:spreadsheet>
  </office:body>
</office:document-content>"#
        );
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        for (name, data) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", MANIFEST),
            ("content.xml", content.as_str()),
        ] {
            out.start_file(name, stored).unwrap();
            out.write_all(data.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn check(bytes: &[u8]) -> Result<bool, OdsError> {
        check_ods(&mut ZipArchive::new(Cursor::new(bytes)).unwrap())
    }

    fn cells(bytes: &[u8]) -> Result<Vec<Data>, calamine::OdsError> {
        let mut book: Ods<_> = open_workbook_from_rs(Cursor::new(bytes))?;
        let range = book.worksheet_range("附录1")?;
        Ok(range.rows().next().unwrap_or_default().to_vec())
    }

    fn content_len(bytes: &[u8]) -> u64 {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let len = zip.by_name(CONTENT).unwrap().size();
        len
    }

    /// As Gnumeric 1.12 writes it: every element on a line of its own, a cell's
    /// note and paragraphs too.
    const INDENTED: &str = r#"
      <table:table table:name="附录1">
        <table:table-row>
          <table:table-cell office:value-type="float" office:value="0.95"><text:p>0.95</text:p></table:table-cell>
          <table:table-cell office:value-type="string">
            <office:annotation><text:p>附录4 1.1</text:p></office:annotation>
            <text:p>1.1  人员</text:p>
            <text:p> 第二段</text:p>
          </table:table-cell>
          <table:table-cell office:value-type="string"><text:p> </text:p></table:table-cell>
        </table:table-row>
      </table:table>
      <table:named-expressions>
        <table:named-expression table:name="x" table:expression="of:=1"/>
      </table:named-expressions>
    "#;

    #[test]
    fn indented_content_reads_as_if_written_without_indentation() {
        let file = ods(INDENTED);
        // calamine 0.38 alone refuses it.
        let refused = cells(&file).unwrap_err().to_string();
        assert!(refused.starts_with("Expecting 'table-cell'"), "{refused}");
        assert!(check(&file).unwrap(), "found indented");

        let zip = &mut ZipArchive::new(Cursor::new(file.as_slice())).unwrap();
        let copy = without_indentation(zip).unwrap();
        assert!(!check(&copy).unwrap(), "the copy is not indented");
        assert!(content_len(&copy) < content_len(&file));
        assert_eq!(
            cells(&copy).unwrap(),
            [
                Data::Float(0.95),
                // Text inside paragraphs kept, spaces and all.
                Data::String("1.1  人员\n 第二段".into()),
                Data::String(" ".into()),
            ]
        );
    }

    #[test]
    fn gnumerics_ods_is_read_through_a_copy_of_about_its_size() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/gnumeric.ods");
        let file = std::fs::read(path).unwrap();
        assert!(cells(&file).is_err(), "calamine 0.38 alone refuses it");
        assert!(check(&file).unwrap());
        let zip = &mut ZipArchive::new(Cursor::new(file.as_slice())).unwrap();
        let copy = without_indentation(zip).unwrap();
        assert!(!check(&copy).unwrap());
        assert!(content_len(&copy) < content_len(&file));
        assert!(
            copy.len() < file.len() * 3 / 2,
            "{} → {}",
            file.len(),
            copy.len()
        );
        assert_eq!(cells(&copy).unwrap().len(), 7);
    }

    #[test]
    fn content_without_indentation_is_left_as_it_is() {
        // As LibreOffice writes it: no white space between elements.
        let flat = INDENTED.lines().map(str::trim).collect::<String>();
        let file = ods(&flat);
        assert!(!check(&file).unwrap());
        assert_eq!(cells(&file).unwrap().len(), 3);
    }

    #[test]
    fn text_that_is_not_white_space_between_cells_is_still_refused() {
        let file = ods(
            r#"<table:table table:name="附录1"><table:table-row>x<table:table-cell/></table:table-row></table:table>"#,
        );
        assert!(matches!(
            check(&file),
            Err(OdsError::Unexpected {
                expected: "table-cell"
            })
        ));
    }
}
