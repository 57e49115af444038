//! Which program saved a workbook, as its metadata says: `docProps/app.xml`
//! `<Application>` of an .xlsx, `meta.xml` `<meta:generator>` of an .ods. A
//! workbook that cannot be read is then reported with the name of the program
//! to re-save it in (another spreadsheet application may write what calamine
//! cannot read).
//!
//! Only read for a file already refused, from its bytes, a few kilobytes at
//! most. An .xls is not looked into: Gnumeric 1.12 and LibreOffice 7.4 write no
//! application name (PIDSI_APPNAME) in its SummaryInformation stream.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::ident::clean_text;
use crate::model::Application;

/// The most read of a metadata part: a few hundred bytes in practice.
const MAX_META_BYTES: u64 = 64 * 1024;

/// Longest name or version kept (metadata is free text).
const MAX_CHARS: usize = 40;

/// The program that saved `bytes`, if its metadata says and it is not Excel.
/// Excel's own files (and certsheet's templates, which say `Microsoft Excel`)
/// are the format read: what fails there is damage, said as such.
pub fn saved_by(bytes: &[u8]) -> Option<Application> {
    if !bytes.starts_with(b"PK") {
        return None;
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let application = match element_text(&mut zip, "meta.xml", "meta:generator") {
        Some(text) => generator(&text),
        None => named(
            &element_text(&mut zip, "docProps/app.xml", "Application")?,
            None,
        ),
    }?;
    let excel = ["Microsoft Excel", "MicrosoftOffice"].contains(&application.name.as_str());
    (!excel).then_some(application)
}

/// The text of the first element named `name` (prefix included) in `part`.
fn element_text(zip: &mut ZipArchive<Cursor<&[u8]>>, part: &str, name: &str) -> Option<String> {
    let mut xml = Vec::new();
    zip.by_name(part)
        .ok()?
        .take(MAX_META_BYTES)
        .read_to_end(&mut xml)
        .ok()?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.name().as_ref() == name => inside = true,
            Event::Text(t) if inside => text.push_str(&t.xml10_content()),
            Event::GeneralRef(_) if inside => {}
            Event::End(_) if inside => return Some(text),
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// An ODF generator, `Name/Version…` (`gnumeric/1.12.55`,
/// `LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/…`).
fn generator(text: &str) -> Option<Application> {
    let first = text.split_whitespace().next()?;
    let first = first.split('$').next().unwrap_or(first);
    match first.split_once('/') {
        Some((name, version)) => named(name, Some(version)),
        None => named(first, None),
    }
}

/// A name (and version) as shown: invisible and control characters removed,
/// cut to [`MAX_CHARS`], a name in lower case capitalized (`gnumeric`).
fn named(name: &str, version: Option<&str>) -> Option<Application> {
    let tidy = |s: &str| -> String {
        clean_text(s)
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CHARS)
            .collect::<String>()
            .trim()
            .to_string()
    };
    let mut name = tidy(name);
    if let Some(first) = name.chars().next().filter(char::is_ascii_lowercase) {
        name.replace_range(..1, &first.to_ascii_uppercase().to_string());
    }
    let version = version.map(tidy).filter(|v| !v.is_empty());
    (!name.is_empty()).then_some(Application { name, version })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(name: &str, version: Option<&str>) -> Option<Application> {
        Some(Application {
            name: name.into(),
            version: version.map(Into::into),
        })
    }

    #[test]
    fn generators_as_people_know_them() {
        assert_eq!(
            generator("gnumeric/1.12.55"),
            app("Gnumeric", Some("1.12.55"))
        );
        assert_eq!(
            generator("LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"),
            app("LibreOffice", Some("7.4.7.2"))
        );
        assert_eq!(
            generator("MicrosoftOffice/16.0 MicrosoftExcel/CalculationVersion-8210"),
            app("MicrosoftOffice", Some("16.0"))
        );
        assert_eq!(generator("  "), None);
        assert_eq!(named("Microsoft Excel", None), app("Microsoft Excel", None));
        assert_eq!(named("\u{200B}gnumeric\u{7}", None), app("Gnumeric", None));
        assert_eq!(named(&"x".repeat(500), None).unwrap().name.len(), MAX_CHARS);
    }

    #[test]
    fn not_a_zip_says_nothing() {
        assert_eq!(saved_by(b"\xD0\xCF\x11\xE0"), None);
        assert_eq!(saved_by(b"PK\x03\x04 cut short"), None);
    }
}
