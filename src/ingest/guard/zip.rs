//! The zip container of .xlsx/.xlsm and .ods files: the sizes its central
//! directory declares, checked before anything is unpacked; what kind of
//! document the zip holds; and the start of one part, unpacked only as far as
//! it is read ([`PartHead`]).

use std::cell::RefCell;
use std::io::{self, BufRead, Cursor, Read};

use ::zip::result::ZipError as LibZipError;
use ::zip::{CompressionMethod, ZipArchive};
use flate2::{Decompress, FlushDecompress, Status};

use crate::model::damage::{
    Limit, MAX_PARTS, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, RATIO_FLOOR,
};
use crate::model::{Damage, Problem};

/// What is wrong with a zip.
#[derive(Debug)]
pub enum ZipError {
    /// Its central directory cannot be read: not a zip, or cut short.
    Directory(LibZipError),
    /// A part that had to be read cannot be unpacked.
    Part { part: String, error: LibZipError },
    /// A size beyond a limit.
    TooLarge(Limit),
}

impl From<ZipError> for Problem {
    fn from(e: ZipError) -> Problem {
        match e {
            ZipError::Directory(e) => Problem::Corrupt(Damage::ZipDirectory {
                detail: e.to_string(),
            }),
            ZipError::Part { part, error } => Problem::Corrupt(Damage::Unpack {
                part: Some(part),
                detail: error.to_string(),
            }),
            ZipError::TooLarge(limit) => Problem::Limit(limit),
        }
    }
}

/// What a zip holds, as far as reading it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// Office Open XML, presumably a workbook (.xlsx/.xlsm).
    Ooxml,
    /// Excel's binary workbook (.xlsb): Office Open XML packaging, record parts.
    Xlsb,
    /// A zip that is no spreadsheet: a .docx, an .odt, a plain archive.
    Other,
}

/// A zip opened over a file's bytes.
pub type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens a zip and checks the sizes its central directory declares, unpacking nothing.
pub fn check_zip(bytes: &[u8]) -> Result<(Zip<'_>, ZipKind), ZipError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(ZipError::Directory)?;
    let count = zip.len();
    if count > MAX_PARTS {
        return Err(ZipError::TooLarge(Limit::Parts {
            count: count as u64,
        }));
    }
    let mut total: u64 = 0;
    let (mut content_types, mut workbook, mut content, mut other_office) =
        (false, false, false, false);
    let mut binary = false;
    let mut mimetype = None;
    for i in 0..count {
        // The central directory's record: no local header is read, nothing allocated.
        let entry = zip.by_index_data(i).map_err(ZipError::Directory)?;
        let name = entry.name_raw();
        let part = || String::from_utf8_lossy(name).into_owned();
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > MAX_PART_BYTES {
            return Err(ZipError::TooLarge(Limit::Part { part: part(), size }));
        }
        if size > RATIO_FLOOR && size > packed.saturating_mul(MAX_RATIO) {
            return Err(ZipError::TooLarge(Limit::Ratio {
                part: part(),
                size,
                packed,
            }));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(ZipError::TooLarge(Limit::Total { size: total }));
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
        } else if ends_with_ignore_case(name, b"workbook.bin") {
            binary = true;
        }
    }
    let kind = match mimetype {
        Some(i) => {
            let mut text = String::new();
            let _ = zip
                .by_index(i)
                .map_err(|error| ZipError::Part {
                    part: "mimetype".into(),
                    error,
                })?
                .take(200)
                .read_to_string(&mut text);
            // .ods, or .ots (a spreadsheet template): both read alike.
            if text.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
                ZipKind::Ods
            } else if text.starts_with("application/vnd.oasis.opendocument.") {
                ZipKind::Other // a text document, a presentation …
            } else if binary && !workbook {
                ZipKind::Xlsb
            } else if content_types || workbook {
                ZipKind::Ooxml
            } else if content {
                ZipKind::Ods
            } else {
                ZipKind::Other
            }
        }
        None if other_office && !workbook => ZipKind::Other,
        None if binary && !workbook => ZipKind::Xlsb,
        None if content_types || workbook => ZipKind::Ooxml,
        // An .ods without its mimetype part: let the .ods reader try.
        None if content => ZipKind::Ods,
        None => ZipKind::Other,
    };
    Ok((zip, kind))
}

/// Whether `name` ends with `suffix`, ASCII case ignored.
pub fn ends_with_ignore_case(name: &[u8], suffix: &[u8]) -> bool {
    name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// How reading a [`PartHead`] ended, when it ended before its part did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadEnd {
    /// The whole part was read.
    Complete,
    /// The limit was reached: what follows was not unpacked.
    Cut,
    /// The packed data is damaged.
    Damaged(String),
}

/// The start of one part of a zip, unpacked as it is read and no further than
/// a limit: for checks that need a part's first element, not the part.
///
/// Inflates the part's raw bytes with one decompressor per thread, reset for
/// each part: opening the part through the zip reader sets up a new one each
/// time, which cost more than the rest of the shared-string check together.
pub struct PartHead<'a> {
    raw: &'a [u8],
    stored: bool,
    inflate: &'a mut Decompress,
    buf: Vec<u8>,
    pos: usize,
    /// Bytes unpacked so far.
    unpacked: u64,
    limit: u64,
    end: Option<HeadEnd>,
}

impl PartHead<'_> {
    /// Calls `f` with the start of part `i` of `zip` (whose bytes are
    /// `bytes`), at most `limit` bytes of it; `None` when the part is not
    /// stored or deflated (the spreadsheet library reads no other), or
    /// encrypted, or its data lies outside the file.
    pub fn with<T>(
        zip: &mut Zip<'_>,
        bytes: &[u8],
        i: usize,
        limit: u64,
        f: impl FnOnce(&mut PartHead<'_>) -> T,
    ) -> Option<T> {
        thread_local! {
            static INFLATE: RefCell<Decompress> = RefCell::new(Decompress::new(false));
        }
        let entry = zip.by_index_raw(i).ok()?;
        if entry.encrypted() {
            return None;
        }
        let stored = match entry.compression() {
            CompressionMethod::Stored => true,
            CompressionMethod::Deflated => false,
            _ => return None,
        };
        let start = usize::try_from(entry.data_start()?).ok()?;
        let end = start.checked_add(usize::try_from(entry.compressed_size()).ok()?)?;
        let raw = bytes.get(start..end)?;
        drop(entry);
        INFLATE.with_borrow_mut(|inflate| {
            inflate.reset(false);
            let mut head = PartHead {
                raw,
                stored,
                inflate,
                buf: Vec::with_capacity(CHUNK),
                pos: 0,
                unpacked: 0,
                limit,
                end: None,
            };
            Some(f(&mut head))
        })
    }

    /// Why reading stopped, once it has.
    pub fn end(&self) -> Option<&HeadEnd> {
        self.end.as_ref()
    }

    /// Unpacks the next chunk into `buf`; empty at the end.
    fn refill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        if self.end.is_some() {
            return;
        }
        let room = (self.limit - self.unpacked).min(CHUNK as u64) as usize;
        if room == 0 {
            self.end = Some(HeadEnd::Cut);
            return;
        }
        if self.stored {
            let take = room.min(self.raw.len());
            self.buf.extend_from_slice(&self.raw[..take]);
            self.raw = &self.raw[take..];
        } else {
            self.buf.resize(room, 0);
            let mut filled = 0;
            loop {
                let before = (self.inflate.total_in(), self.inflate.total_out());
                let input = &self.raw[(before.0 as usize).min(self.raw.len())..];
                let status = match self.inflate.decompress(
                    input,
                    &mut self.buf[filled..],
                    FlushDecompress::None,
                ) {
                    Ok(status) => status,
                    Err(e) => {
                        self.buf.clear();
                        self.end = Some(HeadEnd::Damaged(e.to_string()));
                        return;
                    }
                };
                filled += (self.inflate.total_out() - before.1) as usize;
                let stalled = (self.inflate.total_in(), self.inflate.total_out()) == before;
                if filled > 0 || status == Status::StreamEnd || stalled {
                    break;
                }
            }
            self.buf.truncate(filled);
        }
        if self.buf.is_empty() {
            self.end = Some(HeadEnd::Complete);
        }
        self.unpacked += self.buf.len() as u64;
    }
}

/// Bytes unpacked at a time.
const CHUNK: usize = 4096;

impl Read for PartHead<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for PartHead<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() {
            self.refill();
        }
        Ok(&self.buf[self.pos..])
    }
    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
    }
}
