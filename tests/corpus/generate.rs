//! The corpus of bad and odd inputs (tests/corpus/README.md): every case, how it
//! is made, and the exact outcome expected.
//!
//! Shared by the tests (`tests/it/corpus.rs` writes the corpus to a temporary
//! folder and checks every outcome; `tests/it/fuzz.rs` mutates its valid
//! workbooks) and `examples/make_corpus.rs` (which writes it where you want to
//! look at it). Everything is made here from a generated workbook, by
//! editing its XML where an application would have; only what needs a real
//! application (an encrypted file, LibreOffice's .xls and .ods) is a committed
//! binary fixture in tests/corpus/.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use certsheet::cell::Input;
use certsheet::model::Header;
use certsheet::scheme::{load_scheme, Scheme};
use certsheet::template::{write_template, Fill};

/// What a case is on disk.
pub enum Content {
    Bytes(Vec<u8>),
    /// A symbolic link to this target (relative to the link's folder).
    Symlink(&'static str),
}

/// The outcome a case must have.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// Accepted, with exactly these warnings (`location: 警告: message`).
    Accepted(Vec<String>),
    /// Rejected with exactly these findings (`location: 错误: message`).
    Rejected(Vec<String>),
    /// Read, counted as skipped, with this warning.
    Skipped(Vec<String>),
    /// Never read: the folder search skips it (lock files, hidden files, links
    /// to files already found).
    NotRead,
    /// Only meaningful in a batch: rejected there with these findings (duplicates).
    BatchRejected(Vec<String>),
    /// Only in a folder search: not read but reported, counted as skipped, with
    /// this warning (a link to a folder, not followed).
    Reported(Vec<String>),
    /// Rejected with one finding: the spreadsheet library panicked, caught
    /// (`错误: 读取此文件时发生内部错误（…）；其余文件不受影响`; the panic's own text
    /// differs between debug and release builds).
    Panicked,
}

/// One input of the corpus.
pub struct Case {
    /// Path inside the corpus folder (also the name used in messages).
    pub name: &'static str,
    /// What it is, for tests/corpus/README.md.
    pub what: &'static str,
    pub content: Content,
    pub expect: Expect,
    /// When accepted: must read to the same submission as this workbook.
    pub same_as: Option<Vec<u8>>,
}

fn case(name: &'static str, what: &'static str, bytes: Vec<u8>, expect: Expect) -> Case {
    Case {
        name,
        what,
        content: Content::Bytes(bytes),
        expect,
        same_as: None,
    }
}

impl Case {
    fn same_as(mut self, bytes: Vec<u8>) -> Case {
        self.same_as = Some(bytes);
        self
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn rejected(v: &[&str]) -> Expect {
    Expect::Rejected(strings(v))
}

fn accepted(v: &[&str]) -> Expect {
    Expect::Accepted(strings(v))
}

/// The folder of committed binary fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn complaint() -> Scheme {
    load_scheme("complaint").expect("built-in scheme")
}

/// The α of every item in the base workbook: all different, so a row read in
/// the wrong place shows.
pub fn base_alphas(scheme: &Scheme) -> Vec<Option<Input>> {
    (0..scheme.items.len())
        .map(|i| Some(Input::Number(0.5 + 0.025 * i as f64)))
        .collect()
}

/// The level of every clause in the base workbook: 1 to 5 in turn.
pub fn base_levels(scheme: &Scheme) -> Vec<Option<Input>> {
    (0..scheme.clauses.len())
        .map(|i| Some(Input::Number((i % 5 + 1) as f64)))
        .collect()
}

pub fn header(org: &str, rater: &str) -> Header {
    Header {
        organization: org.to_string(),
        rater: rater.to_string(),
        ..Header::default()
    }
}

/// A filled complaint workbook.
pub fn workbook(h: &Header, alphas: Vec<Option<Input>>, levels: Vec<Option<Input>>) -> Vec<u8> {
    let fill = Fill {
        conformity: passed_with(&levels),
        alphas,
        levels,
        uncached: false,
        remarks: Default::default(),
    };
    write_template(&complaint(), Some(h), Some(&fill)).expect("write template")
}

/// The conformity review's conclusion as an auditor gives it with the levels: 通过
/// when any level is filled, nothing for an empty maturity sheet.
pub fn passed_with(levels: &[Option<Input>]) -> Option<Input> {
    levels
        .iter()
        .any(Option::is_some)
        .then(|| Input::Text("通过".into()))
}

/// The base workbook for organization `org`: every input filled, valid.
pub fn base(org: &str) -> Vec<u8> {
    let s = complaint();
    workbook(&header(org, "审核员"), base_alphas(&s), base_levels(&s))
}

/// The parts of a zip, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A zip of these parts, deflated.
pub fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The workbook with one part's text changed by `f`.
pub fn edit(bytes: &[u8], part: &str, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut parts = unzip(bytes);
    let p = parts
        .iter_mut()
        .find(|(n, _)| n == part)
        .unwrap_or_else(|| panic!("no part {part}"));
    let text = String::from_utf8(std::mem::take(&mut p.1)).unwrap();
    let new = f(text.clone());
    assert_ne!(new, text, "edit of {part} changed nothing");
    p.1 = new.into_bytes();
    rezip(&parts)
}

/// The parts of the sheets, as the template writer names them.
pub const SERVICE_PART: &str = "xl/worksheets/sheet1.xml";
pub const MATURITY_PART: &str = "xl/worksheets/sheet2.xml";
pub const GUIDE_PART: &str = "xl/worksheets/sheet5.xml";
pub const META_PART: &str = "xl/worksheets/sheet6.xml";

/// Replaces the `<c r="REF" …>…</c>` (or `<c r="REF" …/>`) element by `new`.
pub fn set_cell(xml: &str, cell: &str, new: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let gt = start + xml[start..].find('>').unwrap();
    let end = if xml[..gt].ends_with('/') {
        gt + 1
    } else {
        start + xml[start..].find("</c>").unwrap() + 4
    };
    format!("{}{}{}", &xml[..start], new, &xml[end..])
}

/// An inline-string cell.
pub fn text_cell(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Moves every row from `from` down by one (row and cell references), and puts
/// a row with a note in the gap, as inserting a row in a spreadsheet does.
/// Formulas are left as they are: the reader reads values, not formulas.
pub fn insert_row(xml: &str, from: u32, note: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 200);
    let mut rest = xml;
    while let Some(at) = rest.find(" r=\"") {
        let value_start = at + 4;
        let value_end = value_start + rest[value_start..].find('"').unwrap();
        let value = &rest[value_start..value_end];
        let letters: String = value.chars().take_while(char::is_ascii_uppercase).collect();
        let digits = &value[letters.len()..];
        out.push_str(&rest[..value_start]);
        match digits.parse::<u32>() {
            Ok(row) if !digits.is_empty() && row >= from => {
                out.push_str(&format!("{letters}{}", row + 1));
            }
            _ => out.push_str(value),
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    let row = format!("<row r=\"{}\"", from + 1);
    let at = out.find(&row).expect("the row after the gap");
    out.insert_str(
        at,
        &format!(
            r#"<row r="{from}">{}</row>"#,
            text_cell(&format!("C{from}"), note)
        ),
    );
    out
}

/// The bytes of a zip with the central directory's sizes of `part` replaced.
pub fn declare_sizes(bytes: &[u8], part: &str, size: u32, packed: Option<u32>) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let name = part.as_bytes();
    let mut found = false;
    let mut i = 0;
    while i + 46 <= out.len() {
        if out[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let name_len = u16::from_le_bytes([out[i + 28], out[i + 29]]) as usize;
            if out.get(i + 46..i + 46 + name_len) == Some(name) {
                if let Some(p) = packed {
                    out[i + 20..i + 24].copy_from_slice(&p.to_le_bytes());
                }
                out[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                found = true;
            }
        }
        i += 1;
    }
    assert!(found, "no central directory entry for {part}");
    out
}

/// The shared-string table with its `uniqueCount` set to `count`.
fn set_unique_count(xml: &str, count: &str) -> String {
    let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
    let end = at + xml[at..].find('"').unwrap();
    format!("{}{count}{}", &xml[..at], &xml[end..])
}

/// A zip of the workbook's parts plus `extra`, stored or deflated as asked.
fn with_part(bytes: &[u8], name: &str, data: Vec<u8>) -> Vec<u8> {
    let mut parts = unzip(bytes);
    parts.push((name.to_string(), data));
    rezip(&parts)
}

const ALPHA_ERR: &str = "应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）";
const LEVEL_ERR: &str = "应为 1–5、一级…五级 或 1级…5级";

/// The OLE header's directory chain made to loop on itself: calamine would read it forever.
fn ole_directory_loop(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let dir_start = u32_at(&b, 48);
    // The FAT sector holding the directory's entry (first DIFAT entry in the header).
    let entries_per_sector = 128;
    let fat_sector = u32_at(&b, 76 + 4 * (dir_start as usize / entries_per_sector));
    let at = 512 * (fat_sector as usize + 1) + 4 * (dir_start as usize % entries_per_sector);
    b[at..at + 4].copy_from_slice(&dir_start.to_le_bytes());
    b
}

/// An .xls with the DIMENSIONS record of its first sheet declaring 1,000,000 × 200.
fn xls_huge_dimensions(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    // BIFF8 DIMENSIONS: type 0x0200, length 14: rwMic u32, rwMac u32, colMic u16, colMac u16.
    let at = b
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0e, 0x00])
        .expect("a DIMENSIONS record");
    b[at + 8..at + 12].copy_from_slice(&1_000_000u32.to_le_bytes());
    b[at + 14..at + 16].copy_from_slice(&200u16.to_le_bytes());
    b
}

/// An .xls whose first BoundSheet8 record is cut to 4 bytes: calamine 0.38 indexes
/// past its end and panics (caught, reported as the file's error).
fn xls_short_boundsheet(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    let at = b
        .windows(4)
        .position(|w| w == [0x85, 0x00, 0x0e, 0x00])
        .expect("a BoundSheet8 record");
    b[at + 2] = 4;
    b
}

/// An .xls whose FORMULA record of cell F21 of a sheet (at byte 23677 of the
/// fixture) says its formula is 91 bytes long: the record holds 5, and calamine
/// 0.38 slices past its end and panics (found by fuzzing).
fn xls_formula_too_long(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    let at = 23677;
    // FORMULA (0x0006), 27 bytes: row, column, format, result (8), flags, chn (4), cce.
    assert_eq!(
        b[at..at + 10],
        [0x06, 0x00, 0x1b, 0x00, 0x14, 0x00, 0x05, 0x00, 0x1f, 0x00]
    );
    assert_eq!(b[at + 24..at + 26], [5, 0], "cce");
    b[at + 24] = 91;
    b
}

/// An .xls whose first MULRK record (several numbers in a row: row 7, columns 3 to
/// 4, 0-based) ends at column 2, before it starts: calamine 0.38 subtracts past zero
/// (a panic in a debug build; a release build wraps round).
fn xls_mulrk_reversed(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    // MULRK (0x00BD), 18 bytes: row, first column, one RK value (6 bytes) per column, last column.
    let at = b
        .windows(4)
        .position(|w| w == [0xbd, 0x00, 0x12, 0x00])
        .expect("a MULRK record");
    assert_eq!(b[at + 6..at + 8], [3, 0], "first column");
    assert_eq!(b[at + 20..at + 22], [4, 0], "last column");
    b[at + 20] = 2;
    b
}

/// An .xls whose first sheet declares rows 4,294,901,760 to 65,534 (DIMENSIONS:
/// first row 0xFFFF0000, last row + 1 0xFFFF): calamine 0.38 subtracts past zero
/// (a panic in a debug build); wrapped round, as a release build and the reader's
/// guard compute it, that is 131,071 rows × 7 columns, within the cell limit.
fn xls_dimensions_reversed(xls: &[u8]) -> Vec<u8> {
    let mut b = xls.to_vec();
    // BIFF8 DIMENSIONS: type 0x0200, length 14: rwMic u32, rwMac u32, colMic u16, colMac u16.
    let at = b
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0e, 0x00])
        .expect("a DIMENSIONS record");
    b[at + 4..at + 8].copy_from_slice(&0xFFFF_0000u32.to_le_bytes());
    b[at + 8..at + 12].copy_from_slice(&0xFFFFu32.to_le_bytes());
    b
}

/// `xls` with bytes changed as an input found by fuzzing changed them: at each
/// offset, the bytes expected there and what they become.
fn xls_patched(xls: &[u8], patches: &[(usize, &[u8], &[u8])]) -> Vec<u8> {
    let mut b = xls.to_vec();
    for (at, was, now) in patches {
        assert_eq!(&b[*at..at + was.len()], *was, "byte {at} of the fixture");
        b.splice(at..&(at + was.len()), now.iter().copied());
    }
    b
}

/// An .ods whose first table repeats a value over 1,048,576 rows.
fn ods_huge_table(ods: &[u8]) -> Vec<u8> {
    edit(ods, "content.xml", |xml| {
        let at = xml.find("<table:table-row").expect("a row");
        let row = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="4" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
        format!("{}{}{}", &xml[..at], row, &xml[at..])
    })
}

/// The workbook that LibreOffice re-saved into fixture `libreoffice.EXT`
/// (rater `LibreOffice-EXT`); see tests/corpus/README.md.
pub fn libreoffice_original(ext: &str) -> Vec<u8> {
    let s = complaint();
    workbook(
        &header("另存公司", &format!("LibreOffice-{ext}")),
        base_alphas(&s),
        base_levels(&s),
    )
}

/// 评价日期 2026-03-02 as an Excel serial (days since 1899-12-30).
pub const REAL_DATE: u32 = 46083;

/// The workbook with 评价日期 (附录1!F4) a real date: the serial `serial` shown
/// with a date format (built-in format 14), as Excel makes of a date typed into
/// that cell once its text format is lifted.
pub fn with_real_date(bytes: &[u8], serial: u32) -> Vec<u8> {
    let styles = unzip(bytes)
        .into_iter()
        .find(|(n, _)| n == "xl/styles.xml")
        .map(|(_, x)| String::from_utf8(x).unwrap())
        .expect("xl/styles.xml");
    let count_at = styles.find("<cellXfs count=\"").expect("cellXfs") + 16;
    let count_len = styles[count_at..].find('"').unwrap();
    let xf: u32 = styles[count_at..count_at + count_len].parse().unwrap();
    let styled = edit(bytes, "xl/styles.xml", |x| {
        x.replacen(
            &format!("<cellXfs count=\"{xf}\">"),
            &format!("<cellXfs count=\"{}\">", xf + 1),
            1,
        )
        .replacen(
            "</cellXfs>",
            r#"<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#,
            1,
        )
    });
    edit(&styled, SERVICE_PART, |x| {
        set_cell(
            &x,
            "F4",
            &format!(r#"<c r="F4" s="{xf}"><v>{serial}</v></c>"#),
        )
    })
}

/// The workbook that Gnumeric re-saved into fixture `gnumeric.EXT` (rater
/// `Gnumeric-EXT`, 评价日期 a real date); see tests/corpus/README.md.
pub fn gnumeric_original(ext: &str) -> Vec<u8> {
    let s = complaint();
    let bytes = workbook(
        &header("另存公司", &format!("Gnumeric-{ext}")),
        base_alphas(&s),
        base_levels(&s),
    );
    with_real_date(&bytes, REAL_DATE)
}

/// The workbook that Gnumeric re-saved into fixture `gnumeric-alpha-7.xls`: α 7
/// (the item's score) on item 1.2, worth 7.
pub fn gnumeric_alpha_7_original() -> Vec<u8> {
    let s = complaint();
    let mut alphas = base_alphas(&s);
    alphas[1] = Some(Input::Number(7.0));
    workbook(&header("另存公司", "Gnumeric-α"), alphas, base_levels(&s))
}

/// The workbook that SheetJS converted into fixture `sheetjs.xlsb` (rater
/// `SheetJS-xlsb`); see tests/corpus/README.md.
pub fn xlsb_original() -> Vec<u8> {
    let s = complaint();
    workbook(
        &header("另存公司", "SheetJS-xlsb"),
        base_alphas(&s),
        base_levels(&s),
    )
}

/// The workbook encrypted into fixture `password.xlsx`.
pub fn password_original() -> Vec<u8> {
    base("密码公司")
}

/// Every case of the corpus, in the order of tests/corpus/README.md.
pub fn cases() -> Vec<Case> {
    let s = complaint();
    let mut v = Vec::new();

    // --- Not a workbook at all -------------------------------------------------
    v.push(case(
        "unreadable/empty.xlsx",
        "0 bytes (an interrupted download)",
        Vec::new(),
        rejected(&["错误: 文件为空（0 字节）：可能未下载完整或保存失败，请重新获取"]),
    ));
    let good = base("截断公司");
    v.push(case(
        "unreadable/truncated-half.xlsx",
        "the first half of a workbook (a half-downloaded attachment)",
        good[..good.len() / 2].to_vec(),
        rejected(&[
            "错误: 文件已损坏或不完整，无法读取（压缩包目录缺失或损坏，文件可能未传输完整）",
        ]),
    ));
    v.push(case(
        "unreadable/truncated-tail.xlsx",
        "a workbook missing its last 10 bytes (the end of the zip directory)",
        good[..good.len() - 10].to_vec(),
        rejected(&[
            "错误: 文件已损坏或不完整，无法读取（压缩包目录缺失或损坏，文件可能未传输完整）",
        ]),
    ));
    let mut garbage = b"PK\x03\x04".to_vec();
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    v.push(case(
        "unreadable/not-a-zip.xlsx",
        "starts like a zip, then noise",
        garbage,
        rejected(&[
            "错误: 文件已损坏或不完整，无法读取（压缩包目录缺失或损坏，文件可能未传输完整）",
        ]),
    ));
    v.push(case(
        "unreadable/renamed-text.xlsx",
        "a .txt renamed .xlsx",
        "机构名称：甲公司\n评价人：张三\nα：0.8\n"
            .as_bytes()
            .to_vec(),
        rejected(&["错误: 不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）"]),
    ));
    v.push(case(
        "unreadable/renamed-pdf.xlsx",
        "a PDF renamed .xlsx",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(),
        rejected(&["错误: 不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）"]),
    ));
    v.push(case(
        "unreadable/html-table.xls",
        "an HTML table saved as .xls (as web systems export)",
        "<html><body><table><tr><td>受评组织</td><td>甲公司</td></tr></table></body></html>"
            .as_bytes()
            .to_vec(),
        rejected(&["错误: 不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）"]),
    ));
    v.push(case(
        "unreadable/renamed-docx.xlsx",
        "a Word document renamed .xlsx",
        rezip(&[
            ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
            ("word/document.xml".into(), b"<w:document/>".to_vec()),
        ]),
        rejected(&["错误: 不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）"]),
    ));
    v.push(case(
        "unreadable/zipped-workbook.xlsx",
        "a zip archive holding the workbook, named .xlsx",
        rezip(&[("甲公司.xlsx".into(), base("压缩包公司"))]),
        rejected(&["错误: 不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）"]),
    ));
    v.push(case(
        "unreadable/password.xlsx",
        "a workbook with an open password (fixture, made with msoffcrypto-tool)",
        fixture("password.xlsx"),
        rejected(&["错误: 工作簿设有打开密码：请取消密码后重新保存发回"]),
    ));
    // The .xls LibreOffice saved of an earlier template (format 1): the base of the
    // damaged and library-panic cases below, whose byte offsets were found in it.
    let xls = fixture("format1-libreoffice.xls");
    v.push(case(
        "unreadable/truncated.xls",
        "the first half of an .xls",
        xls[..xls.len() / 2].to_vec(),
        rejected(&["错误: 文件已损坏或不完整，无法读取（复合文档的第 100 扇区超出文件末尾）"]),
    ));
    v.push(case(
        "unreadable/protected-structure.xls",
        "an .xls whose workbook structure LibreOffice protected with a password (fixture): saved encrypted",
        fixture("libreoffice-protected-structure.xls"),
        rejected(&["错误: 工作簿已加密，无法读取：设有打开密码，或设置了“保护工作簿结构”（保存为 .xls 时因此加密）。请在 Excel/WPS/LibreOffice 中取消密码和工作簿保护，另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "unreadable/password.ods",
        "an .ods saved by LibreOffice with an open password (fixture)",
        fixture("libreoffice-password.ods"),
        rejected(&["错误: 工作簿设有打开密码：请取消密码后重新保存发回"]),
    ));
    v.push(case(
        "unreadable/xlsb-unlinked-sheet.xlsb",
        "an .xlsb whose sheet list names a relationship that is not there (calamine 0.38 would panic)",
        edit(&fixture("sheetjs.xlsb"), "xl/_rels/workbook.bin.rels", |x| {
            x.replacen("Id=\"rId1\"", "Id=\"rId100\"", 1)
        }),
        rejected(&["错误: 文件已损坏或不完整，或以本工具无法读取的方式保存（工作簿结构无法识别）。此文件由 SheetJS 保存：请在 SheetJS 中另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "unreadable/library-panic.xls",
        "an .xls that makes the spreadsheet library panic (a sheet record cut short)",
        xls_short_boundsheet(&xls),
        rejected(&["错误: 读取此文件时发生内部错误（index out of bounds: the len is 4 but the index is 4）；其余文件不受影响"]),
    ));

    // --- Saved by other applications, renamed ----------------------------------
    v.push(
        case(
            "saved-by/libreoffice.xls",
            "re-saved by LibreOffice as Excel 97–2003 .xls (fixture)",
            fixture("libreoffice.xls"),
            accepted(&[]),
        )
        .same_as(libreoffice_original("xls")),
    );
    let ods = fixture("libreoffice.ods");
    v.push(
        case(
            "saved-by/libreoffice.ods",
            "re-saved by LibreOffice as .ods (fixture)",
            ods.clone(),
            accepted(&[]),
        )
        .same_as(libreoffice_original("ods")),
    );
    v.push(
        case(
            "saved-by/libreoffice.xlsx",
            "re-saved by LibreOffice as .xlsx (fixture)",
            fixture("libreoffice.xlsx"),
            accepted(&[]),
        )
        .same_as(libreoffice_original("xlsx")),
    );
    for (ext, what) in [
        ("xls", "re-saved by Gnumeric as Excel 97–2003 .xls (fixture): α cells come back with a format calamine takes for a date; 评价日期 a real date"),
        ("ods", "re-saved by Gnumeric as .ods (fixture): content.xml indented, which calamine 0.38 cannot read as it is; 评价日期 a real date"),
        ("xlsx", "re-saved by Gnumeric as .xlsx (fixture); 评价日期 a real date"),
    ] {
        let name = match ext {
            "xls" => "saved-by/gnumeric.xls",
            "ods" => "saved-by/gnumeric.ods",
            _ => "saved-by/gnumeric.xlsx",
        };
        v.push(
            case(name, what, fixture(&format!("gnumeric.{ext}")), accepted(&[]))
                .same_as(gnumeric_original(ext)),
        );
    }
    v.push(case(
        "saved-by/gnumeric-alpha-7.xls",
        "re-saved by Gnumeric as .xls (fixture) with α 7 on item 1.2: quoted as the number typed, not as the date its format shows",
        fixture("gnumeric-alpha-7.xls"),
        rejected(&["附录1!E8: 错误: 第 1.2 项的 α 为“7”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（是否填成了得分？本项满分 7，α 应为 得分 ÷ 7）"]),
    ));
    v.push(case(
        "saved-by/gnumeric-text-between-cells.ods",
        "Gnumeric's .ods (fixture) with a letter between two cells, which calamine cannot read: the message names the program that saved it (meta.xml) and asks for .xlsx",
        edit(&fixture("gnumeric.ods"), "content.xml", |x| {
            x.replacen("</table:table-cell>\n", "</table:table-cell>x\n", 1)
        }),
        rejected(&["错误: 文件已损坏或不完整，或以本工具无法读取的方式保存（部件 content.xml 的 XML 结构有误）。此文件由 Gnumeric（1.12.55）保存：请在 Gnumeric 中另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "saved-by/gnumeric-cut-sheet.xlsx",
        "Gnumeric's .xlsx (fixture) with 附录1's XML cut in half: the message names the program that saved it (docProps/app.xml)",
        edit(&fixture("gnumeric.xlsx"), SERVICE_PART, |x| {
            let rows: Vec<usize> = x.match_indices("</row>").map(|(i, _)| i).collect();
            x[..rows[rows.len() / 2]].to_string()
        }),
        rejected(&["附录1: 错误: 文件已损坏或不完整，或以本工具无法读取的方式保存（工作表内容无法解析）。此文件由 Gnumeric 保存：请在 Gnumeric 中另存为 .xlsx 后发回"]),
    ));
    v.push(
        case(
            "saved-by/excel-binary.xlsb",
            "an Excel binary workbook (.xlsb; fixture, full cell records as Excel writes them)",
            fixture("sheetjs.xlsb"),
            accepted(&[]),
        )
        .same_as(xlsb_original()),
    );
    v.push(case(
        "saved-by/short-cells.xlsb",
        "an .xlsb as SheetJS writes it (fixture): short cell records, which calamine 0.38 passes over",
        fixture("sheetjs-short-cells.xlsb"),
        rejected(&["错误: 此 .xlsb 文件的单元格以 Excel 不用的简略形式保存（由其他程序生成），无法可靠读取：请在 Excel/WPS 中另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "saved-by/alpha-time-format.xlsx",
        "α cells given a time format (as Gnumeric's .xls re-save does): the numbers typed count",
        edit(&base("时间格式公司"), "xl/styles.xml", |x| {
            x.replacen("formatCode=\"0.00##\"", "formatCode=\"h:mm\"", 1)
        }),
        accepted(&[]),
    ));
    let renamed = base("改名公司甲");
    v.push(
        case(
            "saved-by/xlsx-named.xls",
            "an .xlsx renamed .xls: read by its content",
            renamed.clone(),
            accepted(&[]),
        )
        .same_as(renamed),
    );
    v.push(case(
        "saved-by/ods-named.xlsx",
        "an .ods renamed .xlsx: read by its content",
        edit(&ods, "content.xml", |x| {
            x.replace("LibreOffice-ods", "改名的ods")
        }),
        accepted(&[]),
    ));
    v.push(case(
        "saved-by/UPPER-CASE.XLSX",
        "extension in capitals",
        base("大写扩展名公司"),
        accepted(&[]),
    ));
    v.push(case(
        "saved-by/macro-enabled.xlsm",
        "saved as .xlsm",
        base("宏工作簿公司"),
        accepted(&[]),
    ));
    let inline = edit(&base("内联字符串公司"), SERVICE_PART, |x| {
        set_cell(&x, "E7", &text_cell("E7", "0.5"))
    });
    v.push(
        case(
            "saved-by/inline-strings.xlsx",
            "α stored as an inline string, as some writers do",
            inline,
            accepted(&[]),
        )
        .same_as(base("内联字符串公司")),
    );
    v.push(case(
        "saved-by/modify-password.xlsx",
        "a 'password to modify' (only an open password stops reading)",
        edit(&base("修改密码公司"), "xl/workbook.xml", |x| {
            x.replace(
                "<workbookPr",
                r#"<fileSharing readOnlyRecommended="1" userName="张三" algorithmName="SHA-512" hashValue="x" saltValue="y" spinCount="100000"/><workbookPr"#,
            )
        }),
        accepted(&[]),
    ));

    // --- Not our template, or another version ---------------------------------
    let mut plain = rust_xlsxwriter::Workbook::new();
    plain
        .add_worksheet()
        .write_string(0, 0, "受评组织")
        .unwrap();
    v.push(case(
        "template/not-a-template.xlsx",
        "a workbook someone made by hand",
        plain.save_to_buffer().unwrap(),
        rejected(&["错误: 不是 certsheet 生成的评分表（缺少标识信息）：请使用 `certsheet template` 生成的工作簿"]),
    ));
    let mut hotel = complaint();
    hotel.id = "hotel".into();
    v.push(case(
        "template/unknown-scheme.xlsx",
        "made for a scheme this run does not know",
        write_template(&hotel, Some(&header("酒店公司", "审核员")), None).unwrap(),
        rejected(&["错误: 评分表属于未知的认证方案“hotel”（见 `certsheet schemes`，或用 --scheme 指定方案文件）"]),
    ));
    let mut old = complaint();
    old.version = "A/0".into();
    v.push(case(
        "template/older-version.xlsx",
        "made from the scheme's previous version",
        write_template(&old, Some(&header("旧版公司", "审核员")), None).unwrap(),
        rejected(&[
            "错误: 评分表对应方案“complaint”的 A/0 版，当前为 B/0 版：请使用新模板重新填写",
        ]),
    ));
    v.push(case(
        "template/newer-format.xlsx",
        "a template format this certsheet does not read",
        edit(&base("新格式公司"), META_PART, |x| {
            set_cell(&x, "B3", &text_cell("B3", "3"))
        }),
        rejected(&["错误: 模板格式 3 不受本版本 certsheet 支持"]),
    ));
    v.push(case(
        "template/earlier-format.xlsx",
        "a workbook of the earlier template (format 1: no conformity review), as LibreOffice re-saved it (fixture)",
        fixture("format1-libreoffice.xlsx"),
        rejected(&["错误: 评分表由旧版模板（格式 1）生成，缺少新版的填写项（如管理要求符合性审查结论）：请用新模板重新填写"]),
    ));
    v.push(case(
        "template/conformity-row-deleted.xlsx",
        "the label of the conformity review's row of 附录3 overwritten",
        edit(&base("审查行公司"), "xl/sharedStrings.xml", |x| {
            x.replacen("<t>管理要求符合性审查结论</t>", "<t>备注</t>", 1)
        }),
        rejected(&["附录3: 错误: 找不到“管理要求符合性审查结论”一行：表格被改动，或评分表是旧版模板（请用新模板重新填写）"]),
    ));
    v.push(case(
        "template/identification-deleted.xlsx",
        "the hidden identification sheet deleted",
        edit(&base("标识删除公司"), "xl/workbook.xml", |x| {
            x.replace(r#"<sheet name="certsheet" sheetId="6" state="veryHidden" r:id="rId6"/>"#, "")
        }),
        rejected(&["错误: 不是 certsheet 生成的评分表（缺少标识信息）：请使用 `certsheet template` 生成的工作簿"]),
    ));

    // --- Sheets "fixed" by hand -------------------------------------------------
    v.push(case(
        "edited/sheet-renamed.xlsx",
        "附录1 renamed to Sheet1",
        edit(&base("改表名公司"), "xl/workbook.xml", |x| {
            x.replace(r#"name="附录1""#, r#"name="Sheet1""#)
        }),
        rejected(&["附录1: 错误: 缺少此工作表（被改名或删除？）"]),
    ));
    v.push(case(
        "edited/sheet-deleted.xlsx",
        "附录3 deleted",
        edit(&base("删表公司"), "xl/workbook.xml", |x| {
            x.replace(r#"<sheet name="附录3" sheetId="2" r:id="rId2"/>"#, "")
        }),
        rejected(&["附录3: 错误: 缺少此工作表（被改名或删除？）"]),
    ));
    let org = "插行公司";
    v.push(
        case(
            "edited/row-inserted.xlsx",
            "a row inserted between items 1.3 and 2.1 of 附录1, and one above 附录3's header",
            {
                let b = edit(&base(org), SERVICE_PART, |x| {
                    insert_row(&x, 10, "审核员备注")
                });
                edit(&b, MATURITY_PART, |x| insert_row(&x, 2, "另起一行"))
            },
            accepted(&[]),
        )
        .same_as(base(org)),
    );
    v.push(case(
        "edited/points-edited.xlsx",
        "the points of item 1.1 changed from 5 to 6",
        edit(&base("改分值公司"), SERVICE_PART, |x| {
            x.replace(
                r#"<c r="D7" s="7"><v>5</v></c>"#,
                r#"<c r="D7" s="7"><v>6</v></c>"#,
            )
        }),
        rejected(&["附录1!D7: 错误: 第 1.1 项的分值被改为 6，方案规定为 5"]),
    ));
    let org = "覆盖公式公司";
    v.push(
        case(
            "edited/formulas-overwritten.xlsx",
            "every 实际得分 formula and the totals overwritten by typed numbers: \
             accepted, certsheet recomputes from α and never reads them",
            edit(&base(org), SERVICE_PART, |x| {
                let mut x = x;
                for row in 7..=27 {
                    let cell = format!("F{row}");
                    if x.contains(&format!("<c r=\"{cell}\"")) {
                        x = set_cell(&x, &cell, &format!(r#"<c r="{cell}"><v>99</v></c>"#));
                    }
                }
                x
            }),
            accepted(&[]),
        )
        .same_as(base(org)),
    );
    v.push(case(
        "edited/merged-inputs.xlsx",
        "α cells E7:E8 merged (only the first keeps its value)",
        edit(&base("合并单元格公司"), SERVICE_PART, |x| {
            set_cell(&x, "E8", r#"<c r="E8" s="9"/>"#).replace(
                r#"<mergeCells count="16">"#,
                r#"<mergeCells count="17"><mergeCell ref="E7:E8"/>"#,
            )
        }),
        rejected(&["附录1: 错误: 未填写完整，1 个单元格为空（E8）；请全部填写，未评价则整表留空"]),
    ));
    v.push(case(
        "edited/item-deleted.xlsx",
        "the row of item 7.1 cleared",
        edit(&base("删行公司"), SERVICE_PART, |x| {
            set_cell(&x, "B25", r#"<c r="B25" s="7"/>"#)
        }),
        rejected(&["附录1: 错误: 表中缺少第 7.1 项"]),
    ));
    v.push(case(
        "edited/organization-cleared.xlsx",
        "受评组织 and 评价人 cleared",
        edit(&base("清空表头公司"), SERVICE_PART, |x| {
            let x = set_cell(&x, "B3", r#"<c r="B3" s="4"/>"#);
            set_cell(&x, "B4", r#"<c r="B4" s="4"/>"#)
        }),
        rejected(&[
            "附录1!B3: 错误: 受评组织未填写",
            "附录1!B4: 错误: 评价人未填写",
        ]),
    ));
    v.push(case(
        "edited/guide-sheet-huge.xlsx",
        "a value typed at XFD1048576 of the 填写说明 sheet: never read, accepted",
        edit(&base("说明页巨大公司"), GUIDE_PART, |x| {
            x.replace(
                "</sheetData>",
                r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#,
            )
        }),
        accepted(&[]),
    ));

    // --- What raters type ----------------------------------------------------
    v.push(case(
        "typed/unsaved-formulas.xlsx",
        "α typed as formulas and saved by a program that does not calculate (no cached result)",
        edit(&base("未计算公式公司"), SERVICE_PART, |x| {
            let x = set_cell(&x, "E7", r#"<c r="E7" s="9"><f>4.5/5</f></c>"#);
            set_cell(&x, "E8", r#"<c r="E8" s="9"><f>0.1*8</f></c>"#)
        }),
        rejected(&[
            "附录1: 错误: 2 个单元格是未计算的公式（E7、E8）：请在 Excel/WPS 中打开并保存后再发回",
        ]),
    ));
    let mut bad: Vec<Option<Input>> = [
        Input::Number(5.0),
        Input::Text("7".into()),
        Input::Number(80.0),
        Input::Text("0,8".into()),
        Input::Text("0,85%".into()),
        Input::Text("很好".into()),
        Input::Number(-0.2),
        Input::Text("120%".into()),
        Input::Text("0.8分".into()),
        Input::Text("0.8.1".into()),
        Input::Text("1/2".into()),
        Input::Text("½".into()),
        Input::Text("=0.8".into()),
        Input::Text("0. 8".into()),
        Input::Text("八成".into()),
        Input::Text("0.8e0".into()),
        Input::Number(0.8), // made TRUE below
        Input::Number(0.8), // made #DIV/0! below
        Input::Number(150.0),
    ]
    .into_iter()
    .map(Some)
    .collect();
    bad.truncate(s.items.len());
    let alpha_bytes = edit(
        &workbook(&header("α写法公司", "审核员"), bad, base_levels(&s)),
        SERVICE_PART,
        |x| {
            let x = set_cell(&x, "E23", r#"<c r="E23" s="9" t="b"><v>1</v></c>"#);
            set_cell(&x, "E24", r#"<c r="E24" s="9" t="e"><v>#DIV/0!</v></c>"#)
        },
    );
    let a = |cell: &str, code: &str, found: &str, hint: &str| {
        format!("附录1!{cell}: 错误: 第 {code} 项的 α 为“{found}”；{ALPHA_ERR}{hint}")
    };
    let score = |p: u32| format!("（是否填成了得分？本项满分 {p}，α 应为 得分 ÷ {p}）");
    let comma = "（小数点请用“.”，不要用“,”）";
    v.push(case(
        "typed/alpha-malformed.xlsx",
        "every malformed α form, one per item",
        alpha_bytes,
        Expect::Rejected(vec![
            a("E7", "1.1", "5", &score(5)),
            a("E8", "1.2", "7", &score(7)),
            a("E9", "1.3", "80", "（若是百分数，请写成 80% 或 0.8）"),
            a("E10", "2.1", "0,8", comma),
            a("E11", "2.2", "0,85%", comma),
            a("E12", "2.3", "很好", ""),
            a("E13", "3.1", "-0.2", ""),
            a("E14", "3.2", "120%", ""),
            a("E15", "3.3", "0.8分", ""),
            a("E16", "4.1", "0.8.1", ""),
            a("E17", "4.2", "1/2", ""),
            a("E18", "4.3", "½", ""),
            a("E19", "5.1", "=0.8", ""),
            a("E20", "5.2", "0. 8", ""),
            a("E21", "5.3", "八成", ""),
            a("E22", "6.1", "0.8e0", ""),
            a("E23", "6.2", "TRUE", ""),
            a("E24", "6.3", "#DIV/0!", ""),
            a("E25", "7.1", "150", ""),
        ]),
    ));
    let odd_alphas: Vec<Option<Input>> = [
        "０．５",
        "５０％",
        " 0.55 ",
        "\u{3000}0.6\u{3000}",
        "65 %",
        "0.70",
        "+0.75",
        "0.8000",
        "85%",
        "0.9\n",
        "\u{00A0}0.95",
        "1",
        "0",
        ".5",
        "1.00",
        "１",
        "50%",
        "0.5",
        "0.55",
    ]
    .iter()
    .map(|t| Some(Input::Text(t.to_string())))
    .collect();
    let want: Vec<Option<Input>> = [
        0.5, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 0.0, 0.5, 1.0, 1.0, 0.5,
        0.5, 0.55,
    ]
    .iter()
    .map(|n| Some(Input::Number(*n)))
    .collect();
    v.push(
        case(
            "typed/alpha-odd-but-valid.xlsx",
            "α as full-width digits, percents, padded text: all accepted",
            workbook(
                &header("α合法写法公司", "审核员"),
                odd_alphas,
                base_levels(&s),
            ),
            accepted(&[]),
        )
        .same_as(workbook(
            &header("α合法写法公司", "审核员"),
            want,
            base_levels(&s),
        )),
    );
    let bad_levels: Vec<Option<Input>> = [
        Input::Number(0.0),
        Input::Number(6.0),
        Input::Number(2.5),
        Input::Text("六级".into()),
        Input::Text("good".into()),
        Input::Text("三級".into()),
        Input::Text("Ⅲ".into()),
        Input::Text("5级以上".into()),
        Input::Text("3-4".into()),
        Input::Number(8.0),
        Input::Number(10.0),
        Input::Text("三级半".into()),
        Input::Text("-1".into()),
        Input::Text("十级".into()),
        Input::Text("6".into()),
        Input::Text("A".into()),
        Input::Number(3.0), // made TRUE below
        Input::Number(3.0), // made #N/A below
        Input::Text("0级".into()),
        Input::Text("level 3".into()),
        Input::Text("１０".into()),
    ]
    .into_iter()
    .map(Some)
    .collect();
    let level_bytes = edit(
        &workbook(
            &header("等级写法公司", "审核员"),
            base_alphas(&s),
            bad_levels,
        ),
        MATURITY_PART,
        |x| {
            let x = set_cell(&x, "D23", r#"<c r="D23" t="b"><v>1</v></c>"#);
            set_cell(&x, "D24", r#"<c r="D24" t="e"><v>#N/A</v></c>"#)
        },
    );
    let l = |cell: &str, code: &str, found: &str, hint: &str| {
        format!("附录3!{cell}: 错误: 第 {code} 条的成熟度等级为“{found}”；{LEVEL_ERR}{hint}")
    };
    let score_hint = "（是否填成了得分？请填等级，得分 = 等级 × 总分值 ÷ 5）";
    let codes: Vec<&str> = s.clauses.iter().map(|c| c.code.as_str()).collect();
    let founds = [
        "0",
        "6",
        "2.5",
        "六级",
        "good",
        "三級",
        "Ⅲ",
        "5级以上",
        "3-4",
        "8",
        "10",
        "三级半",
        "-1",
        "十级",
        "6",
        "A",
        "TRUE",
        "#N/A",
        "0级",
        "level 3",
        "１０",
    ];
    let tens = |i: usize| s.clauses[i].max == 10;
    v.push(case(
        "typed/level-malformed.xlsx",
        "every malformed maturity level form, one per clause",
        level_bytes,
        Expect::Rejected(
            founds
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let n: Option<u32> = f.parse().ok();
                    let hint = match n {
                        Some(6 | 8 | 10) if tens(i) => score_hint,
                        _ if i == 20 && tens(i) => score_hint,
                        _ => "",
                    };
                    l(&format!("D{}", 7 + i), codes[i], f, hint)
                })
                .collect(),
        ),
    ));
    let odd_levels: Vec<Option<Input>> = [
        "一级", "二", "3级", "４", "五级", " 一级 ", "２级", "三", "4", "五", "1", "二级", "三级",
        "四级", "五级", "一", "２", "3", "四", "5级", "１级",
    ]
    .iter()
    .map(|t| Some(Input::Text(t.to_string())))
    .collect();
    let want: Vec<Option<Input>> = [
        1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1,
    ]
    .iter()
    .map(|n| Some(Input::Number(f64::from(*n))))
    .collect();
    v.push(
        case(
            "typed/level-odd-but-valid.xlsx",
            "levels as 一级, 二, 3级, full-width digits: all accepted",
            workbook(
                &header("等级合法写法公司", "审核员"),
                base_alphas(&s),
                odd_levels,
            ),
            accepted(&[]),
        )
        .same_as(workbook(
            &header("等级合法写法公司", "审核员"),
            base_alphas(&s),
            want,
        )),
    );
    let mut partly = base_alphas(&s);
    partly[0] = None;
    partly[18] = None;
    v.push(case(
        "typed/partly-filled.xlsx",
        "two α left empty",
        workbook(&header("漏填公司", "审核员"), partly, base_levels(&s)),
        rejected(&[
            "附录1: 错误: 未填写完整，2 个单元格为空（E7、E25）；请全部填写，未评价则整表留空",
        ]),
    ));
    v.push(case(
        "typed/both-empty.xlsx",
        "sent back unfilled",
        workbook(&header("空表公司", "审核员"), vec![], vec![]),
        Expect::Skipped(strings(&["警告: 两张评分表均未填写：已跳过"])),
    ));
    let mut h = header("信用代码公司", "审核员");
    h.credit_code = "91350100M000100Y44".into();
    v.push(case(
        "typed/credit-code-check-digit.xlsx",
        "a credit code failing the GB 32100 check digit: a warning only",
        workbook(&h, base_alphas(&s), base_levels(&s)),
        accepted(&["附录1!F3: 警告: 统一社会信用代码“91350100M000100Y44”未通过 GB 32100 校验（请核对；少数真实代码也会如此）"]),
    ));
    let long_name: String = "很长的组织名称".repeat(4000);
    let long_name: String = long_name.chars().take(32_767).collect();
    v.push(case(
        "typed/very-long-organization.xlsx",
        "an organization name of 32,767 characters (Excel's most)",
        workbook(
            &header(&long_name, "审核员"),
            base_alphas(&s),
            base_levels(&s),
        ),
        accepted(&[]),
    ));
    let long_alpha: String = "0.8".repeat(10_922);
    let mut a_long = base_alphas(&s);
    a_long[0] = Some(Input::Text(long_alpha.clone()));
    v.push(case(
        "typed/very-long-alpha.xlsx",
        "an α cell holding 32,766 characters: quoted cut to 100",
        workbook(&header("超长α公司", "审核员"), a_long, base_levels(&s)),
        Expect::Rejected(vec![a(
            "E7",
            "1.1",
            &format!("{}…", &long_alpha[..100]),
            "",
        )]),
    ));
    for (name, org) in [
        (
            "typed/formula-like-1.xlsx",
            "=HYPERLINK(\"http://example.com\",\"甲公司\")",
        ),
        ("typed/formula-like-2.xlsx", "+86 甲公司"),
        ("typed/formula-like-3.xlsx", "-甲公司"),
        ("typed/formula-like-4.xlsx", "@SUM(1+1)"),
    ] {
        v.push(case(
            name,
            "an organization name that a spreadsheet would take for a formula",
            workbook(&header(org, "审核员"), base_alphas(&s), base_levels(&s)),
            accepted(&[]),
        ));
    }

    // --- Hostile files: limits ---------------------------------------------------
    v.push(case(
        "limits/zip-bomb.xlsx",
        "a part of 30 MB of zeros packed into 30 KB",
        with_part(&base("炸弹公司"), "xl/media/image1.png", vec![0u8; 30 * 1024 * 1024]),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（其中 xl/media/image1.png 解压后 30.0 MB，每个部件上限 20.0 MB）"]),
    ));
    v.push(case(
        "limits/zip-ratio.xlsx",
        "a part of 2 MB of zeros packed into 2 KB",
        with_part(&base("压缩比公司"), "xl/media/image1.png", vec![0u8; 2 * 1024 * 1024]),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（其中 xl/media/image1.png 由 2 KB 解压为 2.0 MB，超过 100 倍，疑为压缩炸弹）"]),
    ));
    v.push(case(
        "limits/declared-4gb.xlsx",
        "a sheet whose zip entry declares 4 GB",
        declare_sizes(&base("声明巨大公司"), SERVICE_PART, u32::MAX - 1, None),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（其中 xl/worksheets/sheet1.xml 解压后 4.0 GB，每个部件上限 20.0 MB）"]),
    ));
    let mut many = unzip(&base("声明总量公司"));
    for i in 0..6 {
        many.push((format!("xl/media/image{i}.png"), vec![7u8; 4096]));
    }
    let mut total = rezip(&many);
    for i in 0..6 {
        total = declare_sizes(
            &total,
            &format!("xl/media/image{i}.png"),
            19 * 1024 * 1024,
            Some(1024 * 1024),
        );
    }
    v.push(case(
        "limits/declared-total.xlsx",
        "six parts declaring 19 MB each",
        total,
        rejected(&["错误: 文件内容远超评分表的规模，未读取（解压后共 114.1 MB，上限 100.0 MB）"]),
    ));
    v.push(case(
        "limits/lying-size.xlsx",
        "a sheet that unpacks to more than its zip entry declares",
        declare_sizes(&base("谎报大小公司"), SERVICE_PART, 1000, None),
        rejected(&["附录1: 错误: 文件已损坏或不完整，无法读取（有部件无法解压：数据损坏，或大小与记录不符）"]),
    ));
    let mut parts = unzip(&base("部件过多公司"));
    for i in 0..10_001 {
        parts.push((format!("customXml/item{i}.xml"), Vec::new()));
    }
    v.push(case(
        "limits/too-many-parts.xlsx",
        "10,001 empty parts",
        rezip(&parts),
        rejected(&[
            "错误: 文件内容远超评分表的规模，未读取（压缩包内有 10019 个部件，上限 10000 个）",
        ]),
    ));
    v.push(case(
        "limits/huge-sheet.xlsx",
        "附录1 with a value at XFD1048576",
        edit(&base("巨大工作表公司"), SERVICE_PART, |x| {
            x.replace(
                "</sheetData>",
                r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#,
            )
        }),
        rejected(&["附录1: 错误: 文件内容远超评分表的规模，未读取（工作表“附录1”的范围达 1048576 行 × 16384 列，上限 1000000 个单元格）"]),
    ));
    v.push(case(
        "limits/shared-strings.xlsx",
        "a shared-string table declaring a trillion strings",
        edit(&base("共享字符串公司"), "xl/sharedStrings.xml", |x| {
            let at = x.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + x[at..].find('"').unwrap();
            format!("{}1000000000000{}", &x[..at], &x[end..])
        }),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（共享字符串表声明了 1000000000000 个字符串，上限 1000000 个）"]),
    ));
    let strings_refused = |count: &str| {
        rejected(&[&format!("错误: 文件内容远超评分表的规模，未读取（共享字符串表声明了 {count} 个字符串，上限 1000000 个）")])
    };
    v.push(case(
        "limits/shared-strings-prefixed.xlsx",
        "a shared-string table declaring 10¹¹ strings on a root with a namespace prefix (<x:sst …>)",
        edit(&base("前缀共享字符串公司"), "xl/sharedStrings.xml", |x| {
            let x = set_unique_count(&x, "100000000000");
            let x = x.replacen("<sst xmlns=", "<x:sst xmlns:x=", 1);
            ["sst", "si", "t", "r", "rPr"].iter().fold(x, |x, tag| {
                x.replace(&format!("<{tag}>"), &format!("<x:{tag}>"))
                    .replace(&format!("<{tag} "), &format!("<x:{tag} "))
                    .replace(&format!("</{tag}>"), &format!("</x:{tag}>"))
            })
        }),
        strings_refused("100000000000"),
    ));
    v.push(case(
        "limits/shared-strings-decoy-comment.xlsx",
        "a comment <!-- <sst uniqueCount=\"1\"> --> before a root declaring 10¹¹ strings",
        edit(
            &base("注释共享字符串公司"),
            "xl/sharedStrings.xml",
            |x| {
                set_unique_count(&x, "100000000000").replacen(
                    "<sst ",
                    r#"<!-- <sst uniqueCount="1"> --><sst "#,
                    1,
                )
            },
        ),
        strings_refused("100000000000"),
    ));
    v.push(case(
        "limits/shared-strings-long-prolog.xlsx",
        "40 KB of spaces and newlines before a root declaring 10¹¹ strings",
        edit(&base("前导空白公司"), "xl/sharedStrings.xml", |x| {
            set_unique_count(&x, "100000000000").replacen(
                "<sst ",
                &format!("{}<sst ", " \n".repeat(20_000)),
                1,
            )
        }),
        strings_refused("100000000000"),
    ));
    v.push(case(
        "limits/shared-strings-far-root.xlsx",
        "100 KB of spaces and newlines before the shared-string table's root",
        edit(&base("根元素过远公司"), "xl/sharedStrings.xml", |x| {
            set_unique_count(&x, "100000000000").replacen("<sst ", &format!("{}<sst ", " \n".repeat(50_000)), 1)
        }),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（其中 xl/sharedStrings.xml 的前 64 KB 内没有根元素）"]),
    ));
    v.push(case(
        "limits/huge-table.ods",
        "an .ods repeating a value over 1,048,000 rows",
        ods_huge_table(&ods),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（工作表“附录1”的范围达 1048000 行 × 4 列，上限 1000000 个单元格）"]),
    ));
    v.push(case(
        "limits/huge-dimensions.xls",
        "an .xls whose first sheet declares 1,000,000 rows × 200 columns",
        xls_huge_dimensions(&xls),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（工作表“附录1”的范围达 1000000 行 × 200 列，上限 1000000 个单元格）"]),
    ));
    v.push(case(
        "limits/directory-loop.xls",
        "an .xls whose directory sector chain loops",
        ole_directory_loop(&xls),
        rejected(&["错误: 文件已损坏或不完整，无法读取（复合文档的目录扇区链首尾循环）"]),
    ));
    v.push(case(
        "limits/fuzz-ods-note-hang.ods",
        "found by fuzzing: an .ods whose cell note is never closed (calamine 0.38 reads on for ever)",
        fixture("fuzz-ods-note-hang.ods"),
        rejected(&["错误: 文件已损坏或不完整，或以本工具无法读取的方式保存（content.xml 中有批注未闭合）。此文件由 LibreOffice（7.4.7.2）保存：请在 LibreOffice 中另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "limits/ods-unclosed-table.ods",
        "an .ods whose last table is never closed",
        edit(&ods, "content.xml", |x| {
            let at = x.rfind("</table:table>").unwrap();
            format!("{}{}", &x[..at], &x[at + "</table:table>".len()..])
        }),
        rejected(&["错误: 文件已损坏或不完整，或以本工具无法读取的方式保存（content.xml 中有表格未闭合）。此文件由 LibreOffice（7.4.7.2）保存：请在 LibreOffice 中另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "limits/ods-doctype-swallows-end.ods",
        "an .ods whose last </table:table> is swallowed by a DOCTYPE (<!DOCTYPE x [<!ELEMENT a ANY></table:table>]>)",
        edit(&ods, "content.xml", |x| {
            let at = x.rfind("</table:table>").unwrap();
            format!(
                "{}<!DOCTYPE x [<!ELEMENT a ANY></table:table>]>{}",
                &x[..at],
                &x[at + "</table:table>".len()..]
            )
        }),
        rejected(&["错误: 文件已损坏或不完整，或以本工具无法读取的方式保存（content.xml 中有表格未闭合）。此文件由 LibreOffice（7.4.7.2）保存：请在 LibreOffice 中另存为 .xlsx 后发回"]),
    ));
    v.push(case(
        "limits/ods-spaces.ods",
        "an .ods asking for two billion spaces in one cell",
        edit(&ods, "content.xml", |x| {
            x.replacen("<text:p>", r#"<text:p><text:s text:c="2000000000"/>"#, 1)
        }),
        rejected(&["错误: 文件内容远超评分表的规模，未读取（重复空格共达 2000000006 个字符，上限 1000000 个）"]),
    ));
    v.push(case(
        "unreadable/fuzz-xls-panic.xls",
        "found by fuzzing: an .xls with a defined name longer than its record (calamine 0.38 panics)",
        fixture("fuzz-xls-panic.xls"),
        Expect::Panicked,
    ));
    v.push(case(
        "unreadable/fuzz-xls-formula-panic.xls",
        "found by fuzzing: an .xls formula record whose formula is longer than the record (calamine 0.38 panics)",
        xls_formula_too_long(&xls),
        Expect::Panicked,
    ));
    // Short reads in calamine 0.38's .xls reader, found by fuzzing (release build).
    v.push(case(
        "unreadable/fuzz-xls-short-u16.xls",
        "found by fuzzing: format1-libreoffice.xls with byte 48113 set to 1 (calamine 0.38 reads a 2-byte value past the end of a record and panics)",
        xls_patched(&xls, &[(48113, &[0], &[1])]),
        Expect::Panicked,
    ));
    v.push(case(
        "unreadable/fuzz-xls-short-f64.xls",
        "found by fuzzing: format1-libreoffice.xls with bytes 24315-24318 set to 99 CC 48 1F (calamine 0.38 reads an 8-byte number past the end of a record and panics)",
        xls_patched(&xls, &[(24315, &[0xc0, 0x03, 0xc0, 0x19], &[0x99, 0xcc, 0x48, 0x1f])]),
        Expect::Panicked,
    ));
    v.push(case(
        "unreadable/fuzz-ole-short-sector.xls",
        "found by fuzzing: format1-libreoffice.xls with bytes 9697-9700 set to FE FF FF FF and 388 bytes cut at 51873 (calamine 0.38's OLE reader slices a sector it could not read whole and panics)",
        xls_patched(
            &xls,
            &[
                (9697, &[0x3a, 0x7f, 0x4f, 0x4e], &[0xfe, 0xff, 0xff, 0xff]),
                (51873, &xls[51873..51873 + 388], &[]),
            ],
        ),
        Expect::Panicked,
    ));
    // Arithmetic that overflows in calamine 0.38: a debug build panics, a release
    // build wraps round, so these cases are in the corpus only where they panic.
    if cfg!(debug_assertions) {
        v.push(case(
            "unreadable/fuzz-row-overflow.xlsx",
            "found by fuzzing: a cell reference past row 4,294,967,295 (A100000000000; calamine 0.38 panics in a debug build)",
            edit(&base("行号溢出公司"), SERVICE_PART, |x| {
                x.replacen(r#"<c r="A1""#, r#"<c r="A100000000000""#, 1)
            }),
            Expect::Panicked,
        ));
        v.push(case(
            "unreadable/fuzz-dimension-reversed.xlsx",
            "found by fuzzing: declared dimensions ending above where they start (A27:H1; calamine 0.38 panics in a debug build)",
            edit(&base("范围颠倒公司"), SERVICE_PART, |x| {
                x.replacen(r#"<dimension ref="A1:H27"/>"#, r#"<dimension ref="A27:H1"/>"#, 1)
            }),
            Expect::Panicked,
        ));
        v.push(case(
            "unreadable/fuzz-xls-dimensions-reversed.xls",
            "found by fuzzing: an .xls sheet whose declared rows end before they start (calamine 0.38 panics in a debug build)",
            xls_dimensions_reversed(&xls),
            Expect::Panicked,
        ));
        v.push(case(
            "unreadable/fuzz-xls-mulrk-reversed.xls",
            "found by fuzzing: an .xls row of numbers whose last column comes before its first (calamine 0.38 panics in a debug build)",
            xls_mulrk_reversed(&xls),
            Expect::Panicked,
        ));
    }
    let mut big = base("超大文件公司");
    big.extend(std::iter::repeat_n(b' ', 21 * 1024 * 1024));
    v.push(case(
        "limits/big-file.xlsx",
        "a 21 MB file",
        big,
        rejected(&["错误: 文件内容远超评分表的规模，未读取（文件大小 21.0 MB，上限 20.0 MB）"]),
    ));

    // --- The folder ---------------------------------------------------------------
    let dup = base("重复提交公司");
    v.push(case(
        "folder/duplicate.xlsx",
        "the same workbook twice under two names",
        dup.clone(),
        Expect::BatchRejected(strings(&["错误: 评价人“审核员”对“重复提交公司”提交了多份未填评价日期的工作簿，另见：corpus/folder/duplicate (1).xlsx。请撤回多余的一份，在此之前均不计入"])),
    ));
    v.push(case(
        "folder/duplicate (1).xlsx",
        "… its copy",
        dup,
        Expect::BatchRejected(strings(&["错误: 评价人“审核员”对“重复提交公司”提交了多份未填评价日期的工作簿，另见：corpus/folder/duplicate.xlsx。请撤回多余的一份，在此之前均不计入"])),
    ));
    v.push(case(
        "folder/~$锁定.xlsx",
        "an Excel lock file",
        {
            let mut b = vec![6u8];
            b.extend("张三".as_bytes());
            b.resize(165, 0x20);
            b
        },
        Expect::NotRead,
    ));
    v.push(case(
        "folder/.~lock.锁定.xlsx#",
        "a LibreOffice lock file",
        b"1,zhangsan,host,2026-03-01T10:00:00,file:///C:/Users/zhangsan/AppData/Roaming/LibreOffice/4;"
            .to_vec(),
        Expect::NotRead,
    ));
    v.push(case(
        "folder/.hidden.xlsx",
        "a hidden file",
        base("隐藏文件公司"),
        Expect::NotRead,
    ));
    v.push(case(
        "folder/notes.txt",
        "not a workbook extension",
        b"notes".to_vec(),
        Expect::NotRead,
    ));
    v.push(Case {
        name: "folder/loop/self",
        what: "a link to its own folder: never followed",
        content: Content::Symlink("."),
        expect: Expect::Reported(strings(&["警告: 指向文件夹的链接：未跟随（只读取所给文件夹之内的文件；如需读取，请直接给出该文件夹）"])),
        same_as: None,
    });
    v.push(Case {
        name: "folder/loop/parent",
        what: "a link to its parent folder: never followed (the search stays in the folder named)",
        content: Content::Symlink(".."),
        expect: Expect::Reported(strings(&["警告: 指向文件夹的链接：未跟随（只读取所给文件夹之内的文件；如需读取，请直接给出该文件夹）"])),
        same_as: None,
    });
    v.push(case(
        "folder/loop/inside-loop.xlsx",
        "a workbook inside the looping folder: read once",
        base("环路公司"),
        accepted(&[]),
    ));
    v.push(Case {
        name: "folder/link-to-workbook.xlsx",
        what: "a link to a workbook already in the folder: read once",
        content: Content::Symlink("loop/inside-loop.xlsx"),
        expect: Expect::NotRead,
        same_as: None,
    });
    v
}

/// Writes every case under `dir`; returns the cases.
pub fn write_corpus(dir: &Path) -> Vec<Case> {
    let cases = cases();
    for c in &cases {
        let path = dir.join(c.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        match &c.content {
            Content::Bytes(b) => std::fs::write(&path, b).unwrap(),
            Content::Symlink(target) => {
                #[cfg(unix)]
                std::os::unix::fs::symlink(target, &path).unwrap();
                #[cfg(not(unix))]
                let _ = target;
            }
        }
    }
    cases
}
