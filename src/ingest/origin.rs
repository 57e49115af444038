//! Which program saved a workbook, as its metadata says: `docProps/app.xml`
//! `<Application>` of an .xlsx, `meta.xml` `<meta:generator>` of an .ods. A
//! workbook that cannot be read is then reported with the name of the program
//! to re-save it in (another spreadsheet application may write what calamine
//! cannot read).
//!
//! Only read for a file already refused, from its bytes, a few kilobytes at
//! most. An .xls says it in its SummaryInformation stream (PIDSI_APPNAME),
//! where Excel and WPS write it; Gnumeric 1.12 and LibreOffice 7.4 do not.

use std::io::{Cursor, Read};

use encoding_rs::Encoding;
use quick_xml::events::Event;
use zip::ZipArchive;

use super::guard::ole;
use crate::ident::clean_text;
use crate::model::{Application, Finding, Problem};

/// The most read of a metadata part: a few hundred bytes in practice.
const MAX_META_BYTES: u64 = 64 * 1024;

/// Longest name or version kept (metadata is free text).
const MAX_CHARS: usize = 40;

/// The program that saved `bytes`, if its metadata says and it is not Excel.
/// Excel's own files (and certsheet's templates, which say `Microsoft Excel`)
/// are the format read: what fails there is damage, said as such.
pub fn saved_by(bytes: &[u8]) -> Option<Application> {
    let application = if bytes.starts_with(b"PK") {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
        match element_text(&mut zip, "meta.xml", "meta:generator") {
            Some(text) => generator(&text),
            None => named(
                &element_text(&mut zip, "docProps/app.xml", "Application")?,
                None,
            ),
        }
    } else {
        let stream = ole::stream(bytes, "\u{5}SummaryInformation")?;
        named(&app_name(&stream)?, None)
    }?;
    let excel = ["Microsoft Excel", "MicrosoftOffice"].contains(&application.name.as_str());
    (!excel).then_some(application)
}

/// A file that cannot be read names the program that saved it, when its
/// metadata says (read only then).
pub fn name_the_application(bytes: &[u8], findings: &mut [Finding]) {
    if !findings
        .iter()
        .any(|f| matches!(f.problem, Problem::Corrupt(_)))
    {
        return;
    }
    let Some(application) = saved_by(bytes) else {
        return;
    };
    for f in findings {
        if let Problem::Corrupt(damage) = &f.problem {
            f.problem = Problem::CorruptSavedBy {
                damage: damage.clone(),
                application: application.clone(),
            };
        }
    }
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

/// PIDSI_APPNAME (property 0x12) of a SummaryInformation property set
/// (MS-OLEPS): the first section's property, a string in the section's code
/// page (property 1) or in UTF-16.
fn app_name(stream: &[u8]) -> Option<String> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(stream.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(stream.get(at..at + 4)?.try_into().ok()?));
    if u16_at(0)? != 0xFFFE {
        return None;
    }
    let section = u32_at(44)? as usize;
    let (mut codepage, mut value) = (1252u16, None);
    // A count beyond what the stream holds stops at its end.
    for k in 0..u32_at(section + 4)? as usize {
        let id = u32_at(section + 8 + 8 * k)?;
        let at = section.checked_add(u32_at(section + 12 + 8 * k)? as usize)?;
        match id {
            1 => codepage = u16_at(at + 4)?,
            0x12 => value = Some(at),
            _ => {}
        }
    }
    let at = value?;
    let len = u32_at(at + 4)? as usize;
    let text = match u32_at(at)? {
        // VT_LPSTR: bytes in the code page, a NUL at the end.
        0x1E => {
            let raw = stream.get(at + 8..(at + 8).checked_add(len)?)?;
            code_page(codepage)
                .decode_without_bom_handling(raw)
                .0
                .into_owned()
        }
        // VT_LPWSTR: UTF-16 code units.
        0x1F => {
            let raw = stream.get(at + 8..(at + 8).checked_add(len.checked_mul(2)?)?)?;
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => return None,
    };
    Some(text.trim_end_matches('\0').to_string())
}

/// The encoding of a Windows code page (Windows-1252 when unknown).
fn code_page(cp: u16) -> &'static Encoding {
    match cp {
        1200 => encoding_rs::UTF_16LE,
        65001 => encoding_rs::UTF_8,
        936 => encoding_rs::GBK,
        950 => encoding_rs::BIG5,
        932 => encoding_rs::SHIFT_JIS,
        949 => encoding_rs::EUC_KR,
        _ => Encoding::for_label(format!("windows-{cp}").as_bytes())
            .unwrap_or(encoding_rs::WINDOWS_1252),
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

    /// A SummaryInformation stream with a code page and an application name.
    fn summary(codepage: u16, name: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFE, 0xFF, 0, 0, 6, 0, 2, 0];
        s.extend([0; 16]); // CLSID
        s.extend(1u32.to_le_bytes()); // one section
        s.extend([0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10]);
        s.extend([0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9]);
        s.extend(48u32.to_le_bytes()); // where the section starts
        s.extend(0u32.to_le_bytes()); // its size, not read
        s.extend(2u32.to_le_bytes()); // two properties
        s.extend([1, 0, 0, 0, 24, 0, 0, 0, 0x12, 0, 0, 0, 32, 0, 0, 0]);
        s.extend([2, 0, 0, 0]); // VT_I2: the code page
        s.extend(codepage.to_le_bytes());
        s.extend([0, 0]);
        s.extend(0x1Eu32.to_le_bytes()); // VT_LPSTR: the application
        s.extend((name.len() as u32 + 1).to_le_bytes());
        s.extend(name);
        s.push(0);
        s
    }

    #[test]
    fn the_application_of_an_xls() {
        let (gbk, _, _) = encoding_rs::GBK.encode("WPS 表格");
        assert_eq!(app_name(&summary(936, &gbk)).as_deref(), Some("WPS 表格"));
        let excel = summary(1252, b"Microsoft Excel");
        assert_eq!(app_name(&excel).as_deref(), Some("Microsoft Excel"));
        // Cut short, or no property set: nothing.
        assert_eq!(app_name(&excel[..excel.len() - 8]), None);
        assert_eq!(app_name(b"\xFE\xFF"), None);
    }

    #[test]
    fn gnumeric_and_libreoffice_name_themselves_in_zips_only() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let bytes = |name: &str| std::fs::read(fixtures.join(name)).unwrap();
        assert_eq!(
            saved_by(&bytes("gnumeric.ods")),
            app("Gnumeric", Some("1.12.55"))
        );
        assert_eq!(saved_by(&bytes("gnumeric.xlsx")), app("Gnumeric", None));
        assert_eq!(
            saved_by(&bytes("libreoffice.ods")).unwrap().name,
            "LibreOffice"
        );
        // Their .xls have a SummaryInformation stream without the application.
        for name in ["gnumeric.xls", "libreoffice.xls"] {
            let stream = ole::stream(&bytes(name), "\u{5}SummaryInformation").expect(name);
            assert_eq!(app_name(&stream), None, "{name}");
        }
    }

    #[test]
    fn not_a_zip_says_nothing() {
        assert_eq!(saved_by(b"\xD0\xCF\x11\xE0"), None);
        assert_eq!(saved_by(b"PK\x03\x04 cut short"), None);
    }
}
