//! Opening a workbook from its bytes, whatever its name says, behind the guard
//! ([`super::guard`]): .xlsx/.xlsm and .ods are zips, .xls (and an encrypted
//! .xlsx) an OLE compound file. The guard's checks run before calamine sees
//! the bytes; every failure is a [`Problem`]. An .ods that the guard finds
//! indented (as Gnumeric writes it) is read from a copy without the
//! indentation ([`ods::without_indentation`]).

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::guard;
use super::guard::ods::{self, OdsError};
use super::guard::ole::{self, OleError};
use super::guard::xlsb::{self, XlsbError};
use super::guard::xlsx::{self, XlsxError};
use super::guard::zip::{self, ZipKind};
use crate::model::Problem;

/// A workbook open for reading, in the format its bytes turned out to be.
pub enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
    /// Over the file's bytes, or over a copy without indentation.
    Ods(Ods<Cursor<Cow<'a, [u8]>>>),
    Xlsb(Xlsb<Cursor<&'a [u8]>>),
}

impl Book<'_> {
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
        }
    }

    /// Which of `cells` (absolute row, column) of sheet `name` hold a formula. Read
    /// only when some input cell is empty: a formula saved without its result
    /// (by a program that does not calculate) reads as an empty cell.
    pub fn formula_cells(&mut self, name: &str, cells: &[(u32, u32)]) -> Vec<(u32, u32)> {
        let formulas = match self {
            // Read cell by cell: a formula's cell may lie outside the range the
            // sheet's values were checked in, so no range of them is allocated.
            Book::Xlsx(b) => return xlsx::formula_cells(b, name, cells),
            Book::Xlsb(b) => return xlsb::formula_cells(b, name, cells),
            // The guard checked every cell record of these when they were opened.
            Book::Xls(b) => b.worksheet_formula(name).ok(),
            Book::Ods(b) => b.worksheet_formula(name).ok(),
        };
        let Some(formulas) = formulas else {
            return Vec::new();
        };
        cells
            .iter()
            .copied()
            .filter(|&(r, c)| {
                formulas
                    .get_value((r, c))
                    .is_some_and(|f| !f.trim().is_empty())
            })
            .collect()
    }

    /// One sheet's cells. An .xlsx sheet is read cell by cell and refused once
    /// it passes the sheet limit; .xls and .ods were checked whole when opened.
    pub fn range(&mut self, name: &str) -> Result<Range<Data>, Problem> {
        match self {
            Book::Xlsx(b) => Ok(xlsx::sheet_range(b, name)?),
            Book::Xls(b) => Ok(b.worksheet_range(name).map_err(OleError::Sheet)?),
            Book::Ods(b) => Ok(b.worksheet_range(name).map_err(OdsError::Sheet)?),
            Book::Xlsb(b) => Ok(xlsb::sheet_range(b, name)?),
        }
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn open<'a, R: Reader<Cursor<&'a [u8]>>>(bytes: &'a [u8]) -> Result<R, R::Error> {
    open_workbook_from_rs::<R, _>(Cursor::new(bytes))
}

/// What calamine reads an .ods from, once the guard passed it: the file, or a
/// copy without the indentation calamine cannot take.
fn ods_data<'a>(zip: &mut zip::Zip<'a>, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, OdsError> {
    Ok(if ods::check_ods(zip)? {
        Cow::Owned(ods::without_indentation(zip)?)
    } else {
        Cow::Borrowed(bytes)
    })
}

/// Opens a workbook from its bytes, whatever its name says.
pub fn open_book(bytes: &[u8]) -> Result<Book<'_>, Problem> {
    guard::check_size(bytes)?;
    if bytes.starts_with(b"PK") {
        let (mut zip, kind) = zip::check_zip(bytes)?;
        match kind {
            ZipKind::Other => return Err(Problem::NotSpreadsheet),
            ZipKind::Ods => {
                let data = ods_data(&mut zip, bytes)?;
                return Ok(Book::Ods(
                    open_workbook_from_rs(Cursor::new(data)).map_err(OdsError::Open)?,
                ));
            }
            ZipKind::Xlsb => {
                xlsb::check_records(&mut zip)?;
                return Ok(Book::Xlsb(open(bytes).map_err(XlsbError::Open)?));
            }
            ZipKind::Ooxml => {}
        }
        xlsx::check_shared_strings(&mut zip, bytes)?;
        return match open(bytes) {
            Ok(b) => Ok(Book::Xlsx(b)),
            Err(e) => {
                let data = ods_data(&mut zip, bytes)?;
                match open_workbook_from_rs(Cursor::new(data)) {
                    Ok(b) => Ok(Book::Ods(b)),
                    Err(calamine::OdsError::Password) => Err(Problem::Encrypted),
                    Err(_) => Err(XlsxError::Open(e).into()),
                }
            }
        };
    }
    if bytes.starts_with(OLE_MAGIC) {
        ole::check_ole(bytes)?;
        return match open(bytes) {
            Ok(b) => Ok(Book::Xls(b)),
            Err(e) => {
                // An encrypted .xlsx is a compound file too (an EncryptedPackage
                // stream, no workbook stream): calamine's .xlsx reader knows one.
                if let Err(calamine::XlsxError::Password) = open::<Xlsx<_>>(bytes) {
                    return Err(Problem::Encrypted);
                }
                Err(OleError::Open(e).into())
            }
        };
    }
    Err(Problem::NotSpreadsheet)
}
