//! .xls workbooks: the OLE compound file (CFB) that holds them, and the BIFF
//! records of their workbook stream. Checked before calamine reads the file:
//!
//! - the sector chains are walked the way calamine's own reader walks them
//!   (`Cfb::new` and `Cfb::get_stream` in calamine's `cfb.rs`: the DIFAT, the
//!   allocation table, the directory, the mini stream and its allocation
//!   table, then the `Workbook` or `Book` stream, found by name as calamine
//!   finds it), refusing a chain that loops (calamine would follow it for
//!   ever) or leaves the file;
//! - each sheet's records are scanned for its declared dimensions and used
//!   range, which calamine's `worksheet_range` (`parse_dimensions` in its
//!   `xls.rs`) allocates whole.
//!
//! A file this check cannot make sense of is left to calamine, which then
//! reports it as damaged; only what would make calamine loop or allocate far
//! beyond the file is refused here.
//!
//! Why not the `cfb` crate (0.16), which reads compound files well: it was
//! tried in this place, and does not fit. It reads a different structure
//! than calamine does — it finds a stream through the directory's red-black
//! tree, where calamine takes the first entry of that name in the
//! directory's array, so a file with a second `Workbook` entry would have
//! one stream checked and another read — and it validates more strictly
//! than calamine reads: over 20,000 mutations of the LibreOffice .xls
//! fixture it refused 151 that this walk passes, among them files calamine
//! reads whole (a FAT longer than the file, a sibling index out of range, a
//! directory name out of order, a name length over 64). The corpus showed
//! no difference but wording. The guard has to follow calamine's reader step
//! for step, so it walks the chains itself.

use super::Bounds;
use crate::model::damage::{Chain, Limit, OleFault, MAX_SHEET_CELLS};
use crate::model::{Damage, Problem};

/// What is wrong with an .xls.
#[derive(Debug)]
pub enum OleError {
    /// A sheet beyond the sheet limit.
    TooLarge(Limit),
    /// The compound file or its records are damaged where calamine would
    /// loop, or read past the end.
    Damaged(OleFault),
    /// The workbook stream is encrypted (a FILEPASS record).
    Protected,
    /// calamine could not open the workbook.
    Open(calamine::XlsError),
    /// calamine could not read a sheet.
    Sheet(calamine::XlsError),
}

impl From<OleFault> for OleError {
    fn from(f: OleFault) -> OleError {
        OleError::Damaged(f)
    }
}

impl From<OleError> for Problem {
    fn from(e: OleError) -> Problem {
        use calamine::XlsError as Lib;
        let damage = match e {
            OleError::TooLarge(limit) => return Problem::Limit(limit),
            OleError::Protected => return Problem::EncryptedXls,
            OleError::Open(Lib::Password) | OleError::Sheet(Lib::Password) => {
                return Problem::Encrypted
            }
            OleError::Damaged(fault) => Damage::Ole(fault),
            OleError::Open(e @ Lib::Io(_)) => Damage::Io {
                detail: e.to_string(),
            },
            OleError::Open(e) => Damage::Workbook {
                detail: e.to_string(),
            },
            OleError::Sheet(e) => Damage::Sheet {
                detail: e.to_string(),
            },
        };
        Problem::Corrupt(damage)
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
    fn sector(&self, id: u32) -> Result<&'a [u8], OleFault> {
        let start = (id as usize + 1) * self.sector;
        if id > self.max_id || start >= self.bytes.len() {
            return Err(OleFault::SectorPastEnd { sector: id });
        }
        Ok(&self.bytes[start..self.bytes.len().min(start + self.sector)])
    }

    /// Follows a chain of sectors from `start`, as far as `len` bytes, refusing a
    /// chain that loops or leaves the file.
    fn chain(&self, start: u32, len: u64, what: Chain) -> Result<Vec<u8>, OleFault> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps: u64 = 0;
        while id != ENDOFCHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err(OleFault::Loops { chain: what });
            }
            let sector = self.sector(id)?;
            let take = (len - out.len() as u64).min(sector.len() as u64) as usize;
            out.extend_from_slice(&sector[..take]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize).ok_or(OleFault::NotAllocated {
                sector: id,
                chain: what,
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
pub fn check_ole(bytes: &[u8]) -> Result<(), OleError> {
    let Some(compound) = compound(bytes)? else {
        return Ok(());
    };
    let Some(stream) = compound.stream(&["Workbook", "Book"]) else {
        return Ok(()); // calamine reports the missing stream
    };
    check_biff(&stream?)
}

/// A stream of an .xls by name (ASCII case ignored), when the compound file
/// reads: for metadata such as `\u{5}SummaryInformation`.
pub fn stream(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    compound(bytes).ok()??.stream(&[name])?.ok()
}

/// A compound file's directory and mini stream, read as calamine reads them.
struct Compound<'a> {
    ole: Ole<'a>,
    /// (name, first sector, length) of each directory entry, in order.
    entries: Vec<(String, u32, u64)>,
    ministream: Vec<u8>,
    mini_fat: Vec<u32>,
}

impl Compound<'_> {
    /// The first stream named one of `names`, in that order of preference, as
    /// calamine finds it: the first directory entry of that name.
    fn stream(&self, names: &[&str]) -> Option<Result<Vec<u8>, OleFault>> {
        let &(_, start, len) = names.iter().find_map(|name| {
            self.entries
                .iter()
                .find(|(n, _, _)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        })?;
        Some(if len < 4096 {
            mini_chain(&self.ministream, &self.mini_fat, start, len)
        } else {
            self.ole.chain(start, len, Chain::Workbook)
        })
    }
}

/// Opens a compound file; `None` for one this walk cannot make sense of
/// (left to calamine).
fn compound(bytes: &[u8]) -> Result<Option<Compound<'_>>, OleFault> {
    if bytes.len() < 512 {
        return Ok(None);
    }
    let sector = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
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
            return Err(OleFault::Loops {
                chain: Chain::Difat,
            });
        }
        difat.extend(u32s(ole.sector(id)?));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() as u64 > u64::from(ole.max_id) + 1 {
        return Err(OleFault::FatTooLarge);
    }
    for id in fat_sectors {
        let s = ole.sector(id)?;
        ole.fat.extend(u32s(s));
    }

    let dirs = ole.chain(
        u32_at(header, 48).unwrap_or(ENDOFCHAIN),
        u64::MAX,
        Chain::Directory,
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
        return Ok(None);
    };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(None);
    }
    let mini_fat_len = u64::from(u32_at(header, 64).unwrap_or(0));
    let (ministream, mini_fat) = if mini_fat_len > 0 {
        let stream = ole.chain(root.1, root.2, Chain::MiniStream)?;
        let fat = ole.chain(
            u32_at(header, 60).unwrap_or(ENDOFCHAIN),
            mini_fat_len.saturating_mul(sector as u64),
            Chain::MiniFat,
        )?;
        (stream, u32s(&fat).collect::<Vec<u32>>())
    } else {
        (Vec::new(), Vec::new())
    };

    Ok(Some(Compound {
        ole,
        entries,
        ministream,
        mini_fat,
    }))
}

/// A stream in the mini stream (64-byte sectors); short streams only, so bounded.
fn mini_chain(
    ministream: &[u8],
    mini_fat: &[u32],
    start: u32,
    len: u64,
) -> Result<Vec<u8>, OleFault> {
    let mut out = Vec::new();
    let mut id = start;
    while id != ENDOFCHAIN && (out.len() as u64) < len {
        let at = id as usize * 64;
        let sector = ministream
            .get(at..(at + 64).min(ministream.len()))
            .filter(|s| !s.is_empty())
            .ok_or(OleFault::MiniSectorPastEnd { sector: id })?;
        let take = (len - out.len() as u64).min(sector.len() as u64) as usize;
        out.extend_from_slice(&sector[..take]);
        id = *mini_fat
            .get(id as usize)
            .ok_or(OleFault::MiniNotAllocated { sector: id })?;
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
fn check_biff(stream: &[u8]) -> Result<(), OleError> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 => {
                let pos = u32_at(data, 0).ok_or(OleFault::ShortSheetRecord)? as usize;
                sheets.push((pos, sheet_name(data, sheets.len())));
            }
            // FILEPASS: every record after it is encrypted (an open password, or
            // a protected structure that Excel and LibreOffice save encrypted with
            // a built-in password); their sizes and positions mean nothing.
            0x002F => return Err(OleError::Protected),
            0x000A => break,
            _ => {}
        }
    }
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else {
            return Err(OleFault::SheetPastEnd { sheet: name }.into());
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
                        return Err(OleError::TooLarge(Limit::Sheet {
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
            bounds.check(&name).map_err(OleError::TooLarge)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal compound file: header, one FAT sector, one directory sector.
    fn ole(dir_next: u32) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 3];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        b[26..28].copy_from_slice(&3u16.to_le_bytes());
        b[30..32].copy_from_slice(&9u16.to_le_bytes());
        b[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        b[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes()); // no DIFAT sectors
        b[76..80].copy_from_slice(&0u32.to_le_bytes()); // FAT at sector 0
        for i in 1..109 {
            b[76 + 4 * i..80 + 4 * i].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        let fat = 512;
        b[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes()); // FATSECT
        b[fat + 4..fat + 8].copy_from_slice(&dir_next.to_le_bytes());
        for i in 2..128 {
            b[fat + 4 * i..fat + 4 * i + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        b
    }

    #[test]
    fn a_looping_or_escaping_chain_is_refused() {
        assert!(check_ole(&ole(ENDOFCHAIN)).is_ok());
        assert!(matches!(
            check_ole(&ole(1)),
            Err(OleError::Damaged(OleFault::Loops {
                chain: Chain::Directory
            }))
        ));
        assert!(matches!(
            check_ole(&ole(7)),
            Err(OleError::Damaged(OleFault::SectorPastEnd { sector: 7 }))
        ));
    }

    #[test]
    fn declared_dimensions_are_checked() {
        // BOF, BoundSheet8 at 24, EOF; then the sheet: BOF, DIMENSIONS 1,000,000 × 200.
        let mut s = vec![0x09, 0x08, 0, 0];
        s.extend([0x85, 0x00, 8, 0, 24, 0, 0, 0, 0, 0, 1, 0]);
        s.extend([0x0A, 0x00, 0, 0]);
        assert_eq!(s.len(), 20);
        s.extend([0, 0, 0, 0]);
        s.extend([0x09, 0x08, 0, 0]);
        s.extend([0x00, 0x02, 14, 0]);
        s.extend(0u32.to_le_bytes());
        s.extend(1_000_000u32.to_le_bytes());
        s.extend(0u16.to_le_bytes());
        s.extend(200u16.to_le_bytes());
        s.extend(0u16.to_le_bytes());
        assert!(matches!(
            check_biff(&s),
            Err(OleError::TooLarge(Limit::Sheet {
                rows: 1_000_000,
                cols: 200,
                ..
            }))
        ));
    }
}
