//! Limits against hostile or broken files: checked before the spreadsheet
//! library is given a file, so that nothing is ever read into memory far beyond
//! what a score sheet needs, and no malformed structure can make it loop.
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
//! | spaces asked for by an .ods `text:s` run, in all | 1,000,000 ([`MAX_TEXT_CHARS`]) |
//!
//! What is checked, per format, and why:
//! - **zip** (.xlsx, .xlsm, .ods): the sizes in the central directory, without
//!   unpacking anything. The zip reader refuses to unpack a part beyond its
//!   declared size, so the declared sizes bound what is ever read.
//! - **.xlsx**: the shared-string count (calamine reserves memory for it up
//!   front), and each sheet's cells as they stream in ([`xlsx_range`]): the
//!   used range is allocated whole, so a single cell at XFD1048576 would ask
//!   for 17 billion cells.
//! - **.ods**: calamine reads every table when it opens the file, expanding
//!   repeated rows and cells; [`check_ods`] scans `content.xml` first and works
//!   out the size each table would take. It also refuses a table or a cell note
//!   that is never closed: calamine 0.38 then reads on at the end of the file
//!   for ever (found by tests/fuzz.rs).
//! - **.xls** (OLE compound file): [`check_ole`] walks the sector chains the way
//!   calamine will, refusing a chain that loops (calamine would follow it
//!   forever) or leaves the file, then scans each sheet's records for its
//!   declared dimensions and used range (both are allocated whole).
//!
//! What is left to the spreadsheet library fails as an error (a damaged file) or
//! a panic, which `read_file` catches and reports as that file's error.

use std::fmt;
use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Cell, Data, DataRef, Range, Xlsx, XlsxError};
use zip::ZipArchive;

use crate::messages::{lang, Lang};
use crate::model::finding::Problem;

/// Largest file read at all.
pub const MAX_FILE_BYTES: u64 = 20 * MB;
/// Largest part of a zip, unpacked.
pub const MAX_PART_BYTES: u64 = 20 * MB;
/// Largest sum of a zip's parts, unpacked.
pub const MAX_TOTAL_BYTES: u64 = 100 * MB;
/// Largest compression ratio of a part larger than [`RATIO_FLOOR`] unpacked.
pub const MAX_RATIO: u64 = 100;
/// Parts at or below this size (unpacked) may have any ratio.
pub const RATIO_FLOOR: u64 = MB;
/// Most parts in a zip.
pub const MAX_PARTS: usize = 10_000;
/// Largest used range of a sheet (rows × columns), and most cells in it.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;
/// Most strings a shared-string table may declare.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

const MB: u64 = 1024 * 1024;

/// Which limit a file broke, with the figures to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The file itself.
    File { size: u64 },
    /// One part of a zip, unpacked.
    Part { part: String, size: u64 },
    /// All parts of a zip, unpacked.
    Total { size: u64 },
    /// A part that unpacks to far more than it takes packed (a zip bomb).
    Ratio {
        part: String,
        size: u64,
        packed: u64,
    },
    /// Too many parts.
    Parts { count: u64 },
    /// A sheet whose used range (or declared dimensions) is too large.
    Sheet { sheet: String, rows: u64, cols: u64 },
    /// A shared-string table declaring too many strings.
    Strings { count: u64 },
    /// Runs of spaces (.ods `text:s`) adding up to too many characters.
    Text { count: u64 },
}

/// Sizes as people read them: `512 B`, `12 KB`, `3.4 MB`, `2.0 GB`.
fn bytes(n: u64) -> String {
    const KB: u64 = 1024;
    const GB: u64 = 1024 * MB;
    if n >= GB {
        format!("{:.1} GB", n as f64 / GB as f64)
    } else if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else if n >= KB {
        format!("{} KB", n / KB)
    } else {
        format!("{n} B")
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = lang() == Lang::En;
        let cells = MAX_SHEET_CELLS;
        match self {
            Limit::File { size } if en => write!(f, "the file is {}; the limit is {}", bytes(*size), bytes(MAX_FILE_BYTES)),
            Limit::File { size } => write!(f, "文件大小 {}，上限 {}", bytes(*size), bytes(MAX_FILE_BYTES)),
            Limit::Part { part, size } if en => write!(f, "part {part} unpacks to {}; the limit per part is {}", bytes(*size), bytes(MAX_PART_BYTES)),
            Limit::Part { part, size } => write!(f, "其中 {part} 解压后 {}，每个部件上限 {}", bytes(*size), bytes(MAX_PART_BYTES)),
            Limit::Total { size } if en => write!(f, "its parts unpack to {} in all; the limit is {}", bytes(*size), bytes(MAX_TOTAL_BYTES)),
            Limit::Total { size } => write!(f, "解压后共 {}，上限 {}", bytes(*size), bytes(MAX_TOTAL_BYTES)),
            Limit::Ratio { part, size, packed } if en => write!(f, "part {part} unpacks from {} to {}, more than {MAX_RATIO} times: a zip bomb?", bytes(*packed), bytes(*size)),
            Limit::Ratio { part, size, packed } => write!(f, "其中 {part} 由 {} 解压为 {}，超过 {MAX_RATIO} 倍，疑为压缩炸弹", bytes(*packed), bytes(*size)),
            Limit::Parts { count } if en => write!(f, "{count} parts in the zip; the limit is {MAX_PARTS}"),
            Limit::Parts { count } => write!(f, "压缩包内有 {count} 个部件，上限 {MAX_PARTS} 个"),
            Limit::Sheet { sheet, rows, cols } if en => write!(f, "sheet '{sheet}' spans {rows} rows × {cols} columns; the limit is {cells} cells"),
            Limit::Sheet { sheet, rows, cols } => write!(f, "工作表“{sheet}”的范围达 {rows} 行 × {cols} 列，上限 {cells} 个单元格"),
            Limit::Strings { count } if en => write!(f, "the shared-string table declares {count} strings; the limit is {MAX_SHARED_STRINGS}"),
            Limit::Strings { count } => write!(f, "共享字符串表声明了 {count} 个字符串，上限 {MAX_SHARED_STRINGS} 个"),
            Limit::Text { count } if en => write!(f, "repeated spaces add up to {count} characters; the limit is {MAX_TEXT_CHARS}"),
            Limit::Text { count } => write!(f, "重复空格共达 {count} 个字符，上限 {MAX_TEXT_CHARS} 个"),
        }
    }
}

fn too_large(limit: Limit) -> Problem {
    Problem::Limit(limit)
}

fn corrupt(what: impl fmt::Display) -> Problem {
    Problem::Corrupt(what.to_string())
}

/// Reads a file whole, refusing one larger than [`MAX_FILE_BYTES`] before reading it,
/// and an empty one.
pub fn read_bounded(path: &Path, bytes: &mut Vec<u8>) -> Result<(), Problem> {
    let file = File::open(path).map_err(corrupt)?;
    let size = file.metadata().map_err(corrupt)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(Limit::File { size }));
    }
    bytes.clear();
    bytes.reserve(size as usize);
    // The file may grow while it is read (still being copied in): never past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(corrupt)?;
    check_size(bytes)
}

/// The checks on a file's bytes that do not depend on its format.
pub fn check_size(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.is_empty() {
        return Err(Problem::EmptyFile);
    }
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(too_large(Limit::File { size }));
    }
    Ok(())
}

/// What a zip holds, as far as reading it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// Office Open XML, presumably a workbook (.xlsx/.xlsm).
    Ooxml,
    /// A zip that is no spreadsheet: a .docx, an .odt, a plain archive.
    Other,
}

/// A zip opened over a file's bytes.
pub type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens a zip and checks the sizes its central directory declares, unpacking nothing.
pub fn check_zip(bytes: &[u8]) -> Result<(Zip<'_>, ZipKind), Problem> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let count = zip.len();
    if count > MAX_PARTS {
        return Err(too_large(Limit::Parts {
            count: count as u64,
        }));
    }
    let mut total: u64 = 0;
    let (mut content_types, mut workbook, mut content, mut other_office) =
        (false, false, false, false);
    let mut mimetype = None;
    for i in 0..count {
        // The central directory's record: no local header is read, nothing allocated.
        let entry = zip.by_index_data(i).map_err(corrupt)?;
        let name = entry.name_raw();
        let part = || String::from_utf8_lossy(name).into_owned();
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > MAX_PART_BYTES {
            return Err(too_large(Limit::Part { part: part(), size }));
        }
        if size > RATIO_FLOOR && size > packed.saturating_mul(MAX_RATIO) {
            return Err(too_large(Limit::Ratio {
                part: part(),
                size,
                packed,
            }));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(too_large(Limit::Total { size: total }));
        }
        let is = |what: &[u8]| name.eq_ignore_ascii_case(what);
        if is(b"[content_types].xml") {
            content_types = true;
        } else if is(b"content.xml") {
            content = true;
        } else if is(b"mimetype") {
            if size <= 200 {
                mimetype = Some(i);
            }
        } else if is(b"word/document.xml") || is(b"ppt/presentation.xml") {
            other_office = true;
        } else if ends_with_ignore_case(name, b"workbook.xml") {
            workbook = true;
        }
    }
    let kind = match mimetype {
        Some(i) => {
            let mut text = String::new();
            let _ = zip
                .by_index(i)
                .map_err(corrupt)?
                .take(200)
                .read_to_string(&mut text);
            // .ods, or .ots (a spreadsheet template): both read alike.
            if text.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
                ZipKind::Ods
            } else if text.starts_with("application/vnd.oasis.opendocument.") {
                ZipKind::Other // a text document, a presentation …
            } else if content_types || workbook {
                ZipKind::Ooxml
            } else if content {
                ZipKind::Ods
            } else {
                ZipKind::Other
            }
        }
        None if other_office && !workbook => ZipKind::Other,
        None if content_types || workbook => ZipKind::Ooxml,
        // An .ods without its mimetype part: let the .ods reader try.
        None if content => ZipKind::Ods,
        None => ZipKind::Other,
    };
    Ok((zip, kind))
}

/// Whether `name` ends with `suffix`, ASCII case ignored.
fn ends_with_ignore_case(name: &[u8], suffix: &[u8]) -> bool {
    name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// Refuses a shared-string table declaring more strings than [`MAX_SHARED_STRINGS`]:
/// calamine reserves memory for the declared count before reading any.
/// `bytes` are the bytes `zip` reads.
pub fn check_shared_strings(zip: &mut Zip<'_>, bytes: &[u8]) -> Result<(), Problem> {
    let parts: Vec<usize> = zip
        .file_names_raw()
        .enumerate()
        .filter(|(_, name)| ends_with_ignore_case(name, b"sharedstrings.xml"))
        .map(|(i, _)| i)
        .collect();
    for i in parts {
        // Only the <sst …> start tag is needed, and it comes first: unpack the
        // start of the part (64 KB leaves room for any prologue), not all of it.
        let Some(head) = part_head(zip, bytes, i, 64 * 1024) else {
            continue; // calamine will report it
        };
        let Some(start) = find(&head, b"<sst") else {
            continue;
        };
        let tag = &head[start..tag_end(&head[start..]).map_or(head.len(), |end| start + end)];
        if let Some(count) = attr(tag, b"uniqueCount").and_then(parse_u64) {
            if count > MAX_SHARED_STRINGS {
                return Err(too_large(Limit::Strings { count }));
            }
        }
    }
    Ok(())
}

/// The first bytes of part `i`, unpacked until its first tag after `<sst`
/// ends or `limit` bytes; `None` when the part cannot be read this way.
///
/// Inflates the part's raw bytes with one decompressor per thread, reset for
/// each file: opening the part through the zip reader sets up a new one each
/// time, which cost more than the rest of this check together.
fn part_head(zip: &mut Zip<'_>, bytes: &[u8], i: usize, limit: usize) -> Option<Vec<u8>> {
    use flate2::{Decompress, FlushDecompress, Status};
    use std::cell::RefCell;
    use zip::CompressionMethod;

    thread_local! {
        static INFLATE: RefCell<Decompress> = RefCell::new(Decompress::new(false));
    }
    let entry = zip.by_index_raw(i).ok()?;
    if entry.encrypted() {
        return None;
    }
    let start = usize::try_from(entry.data_start()?).ok()?;
    let end = start.checked_add(usize::try_from(entry.compressed_size()).ok()?)?;
    let raw = bytes.get(start..end)?;
    match entry.compression() {
        CompressionMethod::Stored => Some(raw[..raw.len().min(limit)].to_vec()),
        CompressionMethod::Deflated => INFLATE.with_borrow_mut(|inflate| {
            inflate.reset(false);
            let mut head = Vec::with_capacity(1024);
            while head.len() < limit {
                head.reserve(1024.min(limit - head.len()));
                let before = (inflate.total_in(), head.len());
                let consumed = inflate.total_in() as usize;
                let status = inflate
                    .decompress_vec(&raw[consumed..], &mut head, FlushDecompress::None)
                    .ok()?;
                if let Some(at) = find(&head, b"<sst") {
                    if tag_end(&head[at..]).is_some() {
                        break;
                    }
                }
                let stalled = (inflate.total_in(), head.len()) == before;
                if status == Status::StreamEnd || stalled {
                    break;
                }
            }
            Some(head)
        }),
        _ => None,
    }
}

/// Where the tag starting at `tag[0]` (a `<`) ends: its first `>` outside quotes.
fn tag_end(tag: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in tag.iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An attribute's raw value in a start tag (`name="value"` or `name='value'`).
fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while let Some(at) = find(&tag[i..], name) {
        let p = i + at;
        let before_ok = p > 0 && tag[p - 1].is_ascii_whitespace();
        let mut q = p + name.len();
        while q < tag.len() && tag[q].is_ascii_whitespace() {
            q += 1;
        }
        if before_ok && q < tag.len() && tag[q] == b'=' {
            q += 1;
            while q < tag.len() && tag[q].is_ascii_whitespace() {
                q += 1;
            }
            if q < tag.len() && (tag[q] == b'"' || tag[q] == b'\'') {
                let quote = tag[q];
                let end = tag[q + 1..].iter().position(|&b| b == quote)?;
                return Some(&tag[q + 1..q + 1 + end]);
            }
            return None;
        }
        i = p + 1;
    }
    None
}

/// A decimal count; anything else (signs, spaces, overflow) is `None`, except
/// that a number too large for u64 is `u64::MAX`.
fn parse_u64(text: &[u8]) -> Option<u64> {
    let text = text.trim_ascii();
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// The bounding box of a sheet's cells as they are found.
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
    fn check(&self, sheet: &str) -> Result<(), Problem> {
        let (rows, cols) = self.extent();
        if rows.saturating_mul(cols) > MAX_SHEET_CELLS || self.cells > MAX_SHEET_CELLS {
            return Err(too_large(Limit::Sheet {
                sheet: sheet.to_string(),
                rows,
                cols,
            }));
        }
        Ok(())
    }
}

/// A sheet of an .xlsx, read as calamine's `worksheet_range` reads it, but
/// stopping as soon as its used range or cell count passes [`MAX_SHEET_CELLS`].
pub fn xlsx_range<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
) -> Result<Range<Data>, Problem> {
    let mut reader = match book.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // A chart sheet under the expected name: as calamine, an empty range.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
        Err(e) => return Err(corrupt(e)),
    };
    // As calamine: room for the declared dimensions when they are modest.
    let declared = reader.dimensions().len();
    let mut cells = Vec::with_capacity(if declared < 100_000 {
        declared as usize
    } else {
        0
    });
    let mut bounds = Bounds::default();
    while let Some(cell) = reader.next_cell().map_err(corrupt)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        bounds.add((r.into(), r.into()), (c.into(), c.into()), 1);
        bounds.check(sheet)?;
        cells.push(Cell::new((r, c), Data::from(cell.get_value().clone())));
    }
    Ok(Range::from_sparse(cells))
}

/// Largest row count calamine's .ods reader takes (it caps the rest).
const ODS_MAX_ROWS: u64 = 1_048_576;
/// Largest column count calamine's .ods reader takes in a row.
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Scans an .ods `content.xml` and refuses a table whose cells, once calamine
/// expands repeated rows and cells, would pass [`MAX_SHEET_CELLS`].
///
/// Counts as calamine does: a row keeps the cells up to its last non-empty one
/// (at most 16,384), and the table is then expanded to the bounding box of its
/// non-empty cells, repeated rows included. A cell counts as non-empty when it
/// has a value, a formula or any content, which errs on the side of refusing.
pub fn check_ods(zip: &mut Zip<'_>) -> Result<(), Problem> {
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(()); // calamine will report it
    };
    let mut xml = Vec::new();
    // Bounded by the part size already checked in `check_zip`.
    if part.take(MAX_PART_BYTES + 1).read_to_end(&mut xml).is_err() {
        return Ok(()); // a damaged part: calamine will report it
    }
    let spaces = repeated_spaces(&xml);
    if spaces > MAX_TEXT_CHARS {
        return Err(too_large(Limit::Text { count: spaces }));
    }
    let mut scan = OdsScan::default();
    // Elements opened and never closed: calamine 0.38 reads on at the end of the
    // file for ever when a table or a cell's annotation is left open.
    let (mut open_table, mut open_note) = (false, false);
    for tag in Tags::new(&xml) {
        match (tag.name, tag.end, tag.empty) {
            (b"table:table", false, false) => open_table = true,
            (b"table:table", true, _) => open_table = false,
            (b"office:annotation", false, false) => open_note = true,
            (b"office:annotation", true, _) => open_note = false,
            _ => {}
        }
        scan.tag(&tag)?;
    }
    if open_table || unclosed(&xml, b"<table:table", b"</table:table>") {
        return Err(corrupt("content.xml: a table is never closed"));
    }
    if open_note || unclosed(&xml, b"<office:annotation", b"</office:annotation>") {
        return Err(corrupt("content.xml: a cell note is never closed"));
    }
    scan.end_table()
}

/// Most characters the `<text:s text:c="N"/>` runs of spaces of an .ods may add up
/// to: calamine writes each space out.
pub const MAX_TEXT_CHARS: u64 = 1_000_000;

/// The spaces that every `text:c="N"` in the document asks for, counted in the
/// raw bytes (wherever they stand: this errs on the side of refusing).
fn repeated_spaces(xml: &[u8]) -> u64 {
    let mut total: u64 = 0;
    let mut rest = xml;
    while let Some(at) = find(rest, b"text:c=") {
        rest = &rest[at + 7..];
        let value = rest
            .iter()
            .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect::<Vec<u8>>();
        total = total.saturating_add(parse_u64(&value).unwrap_or(0));
    }
    total
}

/// Whether the last `open` element in the raw bytes (not self-closing) has no
/// `close` after it.
fn unclosed(xml: &[u8], open: &[u8], close: &[u8]) -> bool {
    let mut last = None;
    let mut from = 0;
    while let Some(at) = find(&xml[from..], open) {
        let start = from + at;
        let next = xml.get(start + open.len()).copied();
        // `<table:table` but not `<table:table-row`.
        if matches!(next, Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n')) {
            last = Some(start);
        }
        from = start + 1;
    }
    let Some(start) = last else {
        return false;
    };
    let tag_end = xml[start..].iter().position(|&b| b == b'>');
    let self_closing = tag_end.is_some_and(|e| e > 0 && xml[start + e - 1] == b'/');
    !self_closing && find(&xml[start..], close).is_none()
}

/// One tag of an XML document, as far as [`check_ods`] needs it.
struct Tag<'a> {
    name: &'a [u8],
    /// The whole start tag, for its attributes.
    body: &'a [u8],
    end: bool,
    empty: bool,
}

/// The tags of an XML document, skipping comments, CDATA, declarations and
/// processing instructions; attribute values may hold `>`.
struct Tags<'a> {
    xml: &'a [u8],
    at: usize,
}

impl<'a> Tags<'a> {
    fn new(xml: &'a [u8]) -> Tags<'a> {
        Tags { xml, at: 0 }
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;
    fn next(&mut self) -> Option<Tag<'a>> {
        let xml = self.xml;
        loop {
            let lt = self.at + xml.get(self.at..)?.iter().position(|&b| b == b'<')?;
            let rest = &xml[lt..];
            let skip_to = |close: &[u8]| find(rest, close).map(|e| lt + e + close.len());
            if rest.starts_with(b"<!--") {
                self.at = skip_to(b"-->")?;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                self.at = skip_to(b"]]>")?;
                continue;
            }
            if rest.starts_with(b"<?") {
                self.at = skip_to(b"?>")?;
                continue;
            }
            let gt = tag_end(rest)?;
            self.at = lt + gt + 1;
            let body = &rest[1..gt];
            if body.starts_with(b"!") {
                continue; // <!DOCTYPE …>
            }
            let end = body.starts_with(b"/");
            let name_start = usize::from(end);
            let name_len = body[name_start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/')
                .unwrap_or(body.len() - name_start);
            return Some(Tag {
                name: &body[name_start..name_start + name_len],
                body,
                end,
                empty: body.ends_with(b"/"),
            });
        }
    }
}

/// A row of an .ods table being scanned.
struct OdsRow {
    repeats: u64,
    /// The column of the next cell.
    next: u64,
    /// First and last non-empty column.
    filled: Option<(u64, u64)>,
}

/// The state of [`check_ods`] within `content.xml`.
#[derive(Default)]
struct OdsScan {
    /// The current table's name, when inside one.
    table: Option<String>,
    /// Rows so far in the table (repeats expanded, capped as calamine does).
    rows: u64,
    /// Cells calamine keeps before expanding to the bounding box.
    kept: u64,
    /// First and last row holding a non-empty cell.
    filled_rows: Option<(u64, u64)>,
    /// Leftmost and rightmost non-empty column.
    filled_cols: Option<(u64, u64)>,
    /// The current row.
    row: Option<OdsRow>,
}

impl OdsScan {
    fn tag(&mut self, tag: &Tag) -> Result<(), Problem> {
        match (tag.name, tag.end) {
            (b"table:table", false) => {
                self.end_table()?;
                let name = attr(tag.body, b"table:name")
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                self.table = Some(name);
                if tag.empty {
                    self.end_table()?;
                }
            }
            (b"table:table", true) => self.end_table()?,
            (b"table:table-row", false) => {
                self.end_row()?;
                let repeats = attr(tag.body, b"table:number-rows-repeated")
                    .and_then(parse_u64)
                    .unwrap_or(1);
                let repeats = repeats.min(ODS_MAX_ROWS.saturating_sub(self.rows));
                self.row = Some(OdsRow {
                    repeats,
                    next: 0,
                    filled: None,
                });
                if tag.empty {
                    self.end_row()?;
                }
            }
            (b"table:table-row", true) => self.end_row()?,
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                let Some(OdsRow {
                    next: col, filled, ..
                }) = self.row.as_mut()
                else {
                    return Ok(());
                };
                let repeats = attr(tag.body, b"table:number-columns-repeated")
                    .and_then(parse_u64)
                    .unwrap_or(1);
                let repeats = repeats.min(ODS_MAX_COLUMNS.saturating_sub(*col));
                let has_value = [
                    &b"office:value"[..],
                    b"office:string-value",
                    b"office:date-value",
                    b"office:time-value",
                    b"office:boolean-value",
                    b"table:formula",
                ]
                .iter()
                .any(|a| attr(tag.body, a).is_some());
                if (has_value || !tag.empty) && repeats > 0 {
                    let (first, last) = (*col, *col + repeats - 1);
                    *filled = Some(filled.map_or((first, last), |(a, _)| (a, last)));
                }
                *col = col.saturating_add(repeats).min(ODS_MAX_COLUMNS);
            }
            _ => {}
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), Problem> {
        let Some(OdsRow {
            repeats, filled, ..
        }) = self.row.take()
        else {
            return Ok(());
        };
        let first_row = self.rows;
        self.rows = self.rows.saturating_add(repeats);
        if let Some((c0, c1)) = filled {
            if repeats > 0 {
                self.kept = self.kept.saturating_add(c1 + 1);
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
        }
        self.check()
    }

    fn check(&self) -> Result<(), Problem> {
        let span = |x: Option<(u64, u64)>| x.map_or(0, |(a, b)| b - a + 1);
        let (rows, cols) = (span(self.filled_rows), span(self.filled_cols));
        if rows.saturating_mul(cols) > MAX_SHEET_CELLS || self.kept > MAX_SHEET_CELLS {
            return Err(too_large(Limit::Sheet {
                sheet: self.table.clone().unwrap_or_default(),
                rows,
                cols,
            }));
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<(), Problem> {
        self.end_row()?;
        let result = self.check();
        *self = OdsScan::default();
        result
    }
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// An OLE compound file, read the way calamine's reader (`cfb.rs`) reads it.
struct Ole<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// The highest sector id calamine accepts.
    max_id: u32,
    fat: Vec<u32>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
}

impl<'a> Ole<'a> {
    /// Sector `id`: the bytes after the header, `sector` bytes each.
    fn sector(&self, id: u32) -> Result<&'a [u8], Problem> {
        let start = (id as usize + 1) * self.sector;
        if id > self.max_id || start >= self.bytes.len() {
            return Err(corrupt(format!(
                "OLE sector {id} lies past the end of the file"
            )));
        }
        Ok(&self.bytes[start..self.bytes.len().min(start + self.sector)])
    }

    /// Follows a chain of sectors from `start`, as far as `len` bytes, refusing a
    /// chain that loops or leaves the file. `what` names the chain in messages.
    fn chain(&self, start: u32, len: u64, what: &str) -> Result<Vec<u8>, Problem> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps: u64 = 0;
        while id != ENDOFCHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err(corrupt(format!("OLE sector chain of the {what} loops")));
            }
            let sector = self.sector(id)?;
            let take = (len - out.len() as u64).min(sector.len() as u64) as usize;
            out.extend_from_slice(&sector[..take]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize).ok_or_else(|| {
                corrupt(format!(
                    "OLE sector {id} of the {what} is not in the allocation table"
                ))
            })?;
        }
        Ok(out)
    }
}

/// Checks an OLE compound file (.xls) before calamine reads it: sector chains
/// that loop or leave the file, and sheets whose declared dimensions or used
/// range pass [`MAX_SHEET_CELLS`].
///
/// A file this check cannot make sense of is left to calamine, which then
/// reports it as damaged; only what would make calamine loop or allocate far
/// beyond the file is refused here.
pub fn check_ole(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.len() < 512 {
        return Ok(());
    }
    let sector = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(()),
    };
    let version = u16_at(bytes, 26).unwrap_or(0);
    let header = &bytes[..512];
    let mut ole = Ole {
        bytes,
        sector,
        max_id: (bytes.len() / sector) as u32,
        fat: Vec::new(),
    };

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
    let mut id = u32_at(header, 68).unwrap_or(ENDOFCHAIN);
    let mut steps = 0u64;
    while id < MAX_REGULAR_SECTOR {
        steps += 1;
        if steps > u64::from(ole.max_id) + 1 {
            return Err(corrupt("OLE sector chain of the DIFAT loops"));
        }
        difat.extend(u32s(ole.sector(id)?));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() as u64 > u64::from(ole.max_id) + 1 {
        return Err(corrupt("OLE allocation table larger than the file"));
    }
    for id in fat_sectors {
        let s = ole.sector(id)?;
        ole.fat.extend(u32s(s));
    }

    let dirs = ole.chain(
        u32_at(header, 48).unwrap_or(ENDOFCHAIN),
        u64::MAX,
        "directory",
    )?;
    let entries: Vec<(String, u32, u64)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let units: Vec<u16> = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|u| *u != 0)
                .collect();
            let len = if sector == 512 {
                u64::from(u32_at(d, 120).unwrap_or(0))
            } else {
                u64::from_le_bytes(d[120..128].try_into().expect("8 bytes"))
            };
            (
                String::from_utf16_lossy(&units),
                u32_at(d, 116).unwrap_or(0),
                len,
            )
        })
        .collect();
    let Some(root) = entries.first() else {
        return Ok(());
    };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(());
    }
    let mini_fat_len = u64::from(u32_at(header, 64).unwrap_or(0));
    let (ministream, mini_fat) = if mini_fat_len > 0 {
        let stream = ole.chain(root.1, root.2, "mini stream")?;
        let fat = ole.chain(
            u32_at(header, 60).unwrap_or(ENDOFCHAIN),
            mini_fat_len.saturating_mul(sector as u64),
            "mini allocation table",
        )?;
        (stream, u32s(&fat).collect::<Vec<u32>>())
    } else {
        (Vec::new(), Vec::new())
    };

    let find_stream = |name: &str| {
        entries
            .iter()
            .find(|(n, _, _)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let Some(&(_, start, len)) = find_stream("Workbook").or_else(|| find_stream("Book")) else {
        return Ok(()); // calamine reports the missing stream
    };
    let stream = if len < 4096 {
        mini_chain(&ministream, &mini_fat, start, len)?
    } else {
        ole.chain(start, len, "workbook stream")?
    };
    check_biff(&stream)
}

/// A stream in the mini stream (64-byte sectors); short streams only, so bounded.
fn mini_chain(
    ministream: &[u8],
    mini_fat: &[u32],
    start: u32,
    len: u64,
) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    let mut id = start;
    while id != ENDOFCHAIN && (out.len() as u64) < len {
        let at = id as usize * 64;
        let Some(sector) = ministream.get(at..(at + 64).min(ministream.len())) else {
            return Err(corrupt(format!(
                "OLE mini sector {id} lies past the mini stream"
            )));
        };
        if sector.is_empty() {
            return Err(corrupt(format!(
                "OLE mini sector {id} lies past the mini stream"
            )));
        }
        let take = (len - out.len() as u64).min(sector.len() as u64) as usize;
        out.extend_from_slice(&sector[..take]);
        id = *mini_fat.get(id as usize).ok_or_else(|| {
            corrupt(format!(
                "OLE mini sector {id} is not in the allocation table"
            ))
        })?;
    }
    Ok(out)
}

/// BIFF records: (type, data), stopping at the first incomplete one.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// The name in a BoundSheet8 record, for messages only.
fn sheet_name(data: &[u8], index: usize) -> String {
    let fallback = || format!("#{}", index + 1);
    let (Some(&cch), Some(&flags)) = (data.get(6), data.get(7)) else {
        return fallback();
    };
    let cch = cch as usize;
    if flags & 1 == 1 {
        match data.get(8..8 + 2 * cch) {
            Some(b) => String::from_utf16_lossy(
                &b.chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>(),
            ),
            None => fallback(),
        }
    } else {
        match data.get(8..8 + cch) {
            Some(b) if b.is_ascii() => String::from_utf8_lossy(b).into_owned(),
            _ => fallback(),
        }
    }
}

/// Scans the workbook stream's sheets for declared dimensions and used ranges
/// that calamine would allocate whole.
fn check_biff(stream: &[u8]) -> Result<(), Problem> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 => {
                let pos = u32_at(data, 0).ok_or_else(|| corrupt("BoundSheet8 record too short"))?
                    as usize;
                sheets.push((pos, sheet_name(data, sheets.len())));
            }
            0x000A => break,
            _ => {}
        }
    }
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else {
            return Err(corrupt(format!(
                "sheet {name} starts past the end of the stream"
            )));
        };
        let mut bounds = Bounds::default();
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, data) in records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let cell = |r: u16, c: u16| (u64::from(r), u64::from(c));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    // As calamine's parse_dimensions, with u32 arithmetic that wraps.
                    let (rf, rl, mut cf, cl) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0).unwrap_or(0)),
                            u32::from(u16_at(data, 2).unwrap_or(0)),
                            u32::from(u16_at(data, 4).unwrap_or(0)),
                            u32::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u32::from(u16_at(data, 8).unwrap_or(0)),
                            u32::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => continue,
                    };
                    if 0xFF < cf || cl < cf {
                        cf = 0;
                    }
                    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
                    let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
                    if rows.saturating_mul(cols) > MAX_SHEET_CELLS {
                        return Err(too_large(Limit::Sheet {
                            sheet: name,
                            rows,
                            cols,
                        }));
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                        let (r, c) = cell(r, c);
                        bounds.add((r, r), (c, c), 1);
                    }
                }
                0x00BD if data.len() >= 12 => {
                    let (r, c) = cell(u16_at(data, 0).unwrap_or(0), u16_at(data, 2).unwrap_or(0));
                    let n = (data.len() as u64 - 6) / 6;
                    bounds.add((r, r), (c, c + n - 1), n);
                }
                _ => {}
            }
            bounds.check(&name)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_counts() {
        let tag = br#"sst xmlns="x" count="234" uniqueCount = '165'"#;
        assert_eq!(attr(tag, b"uniqueCount"), Some(&b"165"[..]));
        assert_eq!(attr(tag, b"count"), Some(&b"234"[..]));
        assert_eq!(attr(tag, b"Count"), None);
        assert_eq!(parse_u64(b"99999999999999999999999"), Some(u64::MAX));
        assert_eq!(parse_u64(b"-1"), None);
        // A `>` inside a quoted value does not end the tag.
        let tag = br#"<sst a=">" uniqueCount="7">"#;
        assert_eq!(tag_end(tag), Some(tag.len() - 1));
    }

    #[test]
    fn xml_tags_skip_comments_and_quoted_gt() {
        let xml = br#"<?xml version="1.0"?><!-- <a> --><a b=">"><c/></a>"#;
        let names: Vec<(String, bool, bool)> = Tags::new(xml)
            .map(|t| (String::from_utf8_lossy(t.name).into_owned(), t.end, t.empty))
            .collect();
        assert_eq!(
            names,
            [
                ("a".into(), false, false),
                ("c".into(), false, true),
                ("a".into(), true, false)
            ]
        );
    }

    fn ods_table(rows: &str) -> Result<(), Problem> {
        let xml = format!(
            r#"<office:body><table:table table:name="附录1">{rows}</table:table></office:body>"#
        );
        let mut scan = OdsScan::default();
        for tag in Tags::new(xml.as_bytes()) {
            scan.tag(&tag)?;
        }
        scan.end_table()
    }

    #[test]
    fn ods_repeats_are_counted_as_calamine_expands_them() {
        // LibreOffice's trailing empty rows and cells: nothing kept.
        let ok = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
        assert_eq!(ods_table(ok), Ok(()));
        // A value repeated over a million rows.
        let bomb = r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert!(matches!(
            ods_table(bomb),
            Err(Problem::Limit(Limit::Sheet {
                rows: 1_048_576,
                cols: 2,
                ..
            }))
        ));
        // Two values far apart.
        let far = r#"<table:table-row><table:table-cell office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="5000"/><table:table-row><table:table-cell table:number-columns-repeated="999"/><table:table-cell office:value="1"/></table:table-row>"#;
        assert!(matches!(
            ods_table(far),
            Err(Problem::Limit(Limit::Sheet {
                rows: 5002,
                cols: 1000,
                ..
            }))
        ));
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(20 * MB), "20.0 MB");
        assert_eq!(bytes(3 * 1024), "3 KB");
    }
}
