//! Receiving an upload: each file of the multipart body streamed chunk by chunk
//! into the request's own folder, never held whole in memory, within the
//! request's limits (files, total bytes). A file's name from the browser is only
//! ever shown (escaped), never used as a path: uploads are stored as `0001.xlsx`,
//! `0002.ods` …, keeping only a plain extension. A .zip of a round is checked
//! like any zip (entry count, declared and real sizes, compression ratio, names
//! that are absolute or climb out with `..`) and its workbooks unpacked, each to
//! a numbered file likewise.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use axum::extract::multipart::Multipart;
use tokio::io::AsyncWriteExt;

use crate::ident::shown_path;
use crate::model::damage::{MAX_FILE_BYTES, MAX_RATIO, RATIO_FLOOR};

/// A request's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files in one request, a .zip's entries included.
    pub files: usize,
    /// Bytes in one request, a .zip counted unpacked.
    pub bytes: u64,
}

/// How many bytes a refused request is still read (and thrown away) so that the
/// browser gets the answer instead of a broken connection.
const DRAIN_BYTES: u64 = 256 * 1024 * 1024;

/// One uploaded file: where it is stored and the name its sender gave it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub path: PathBuf,
    /// As shown to people: control characters escaped, never used as a path.
    pub name: String,
    /// Whether the name has a folder part (a picked or dropped folder, a .zip's
    /// entry): such a file is treated as one met in a folder search.
    pub in_folder: bool,
}

/// What a request sent.
#[derive(Debug, Default)]
pub struct Received {
    /// The workbooks (field `files`).
    pub files: Vec<Upload>,
    /// Field `previous`: an earlier round's CSV.
    pub previous: Option<Upload>,
    /// Field `scheme_file`: a scheme .toml.
    pub scheme_file: Option<Upload>,
    /// Field `roster`.
    pub roster: Option<Upload>,
    /// Field `scheme`: a built-in scheme id.
    pub scheme: Option<String>,
    /// Bytes received (files' contents).
    pub bytes: u64,
    /// Files stored so far (numbering).
    stored: usize,
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooManyFiles(usize),
    TooLarge(u64),
    Broken,
    NoFiles,
    ZipUnreadable(String),
    ZipUnsafeName { zip: String, entry: String },
    ZipBomb { zip: String, entry: String },
}

/// Streams every field of `multipart` into `folder`.
pub async fn receive(
    multipart: &mut Multipart,
    folder: &Path,
    limits: Limits,
) -> Result<Received, Refusal> {
    let mut got = Received::default();
    let result = receive_fields(multipart, folder, limits, &mut got).await;
    if result.is_err() {
        drain(multipart).await;
    }
    result.map(|()| got)
}

async fn receive_fields(
    multipart: &mut Multipart,
    folder: &Path,
    limits: Limits,
    got: &mut Received,
) -> Result<(), Refusal> {
    while let Some(mut field) = multipart.next_field().await.map_err(|_| Refusal::Broken)? {
        let field_name = field.name().unwrap_or_default().to_string();
        if field_name == "scheme" {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| Refusal::Broken)? {
                if text.len() + chunk.len() > 200 {
                    return Err(Refusal::Broken);
                }
                text.extend_from_slice(&chunk);
            }
            let text = String::from_utf8_lossy(&text).trim().to_string();
            got.scheme = (!text.is_empty()).then_some(text);
            continue;
        }
        let Some(sent_name) = field.file_name().map(str::to_string) else {
            // A field the page does not send: read and thrown away.
            while field.chunk().await.map_err(|_| Refusal::Broken)?.is_some() {}
            continue;
        };
        if got.stored >= limits.files {
            return Err(Refusal::TooManyFiles(limits.files));
        }
        got.stored += 1;
        let path = folder.join(stored_name(got.stored, &sent_name));
        let mut file = tokio::fs::File::create_new(&path)
            .await
            .map_err(|_| Refusal::Broken)?;
        let mut written: u64 = 0;
        while let Some(chunk) = field.chunk().await.map_err(|_| Refusal::Broken)? {
            got.bytes += chunk.len() as u64;
            if got.bytes > limits.bytes {
                return Err(Refusal::TooLarge(limits.bytes));
            }
            // Past the file size limit nothing more is kept: the file guard then
            // refuses it as ingest refuses a file on disk of that size.
            let room = (MAX_FILE_BYTES + 1).saturating_sub(written) as usize;
            let keep = &chunk[..chunk.len().min(room)];
            file.write_all(keep).await.map_err(|_| Refusal::Broken)?;
            written += keep.len() as u64;
        }
        file.flush().await.map_err(|_| Refusal::Broken)?;
        // An empty file input sends a part with no name and no bytes.
        if sent_name.is_empty() && written == 0 {
            let _ = tokio::fs::remove_file(&path).await;
            got.stored -= 1;
            continue;
        }
        let upload = Upload {
            path,
            name: shown_name(&sent_name),
            in_folder: sent_name.contains(['/', '\\']),
        };
        match field_name.as_str() {
            "previous" => got.previous = Some(upload),
            "scheme_file" => got.scheme_file = Some(upload),
            "roster" => got.roster = Some(upload),
            _ => got.files.push(upload),
        }
    }
    Ok(())
}

/// Reads what is left of a refused request, up to [`DRAIN_BYTES`], so that the
/// browser reads the answer rather than a reset connection.
async fn drain(multipart: &mut Multipart) {
    let mut left = DRAIN_BYTES;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(chunk)) = field.chunk().await {
            left = left.saturating_sub(chunk.len() as u64);
            if left == 0 {
                return;
            }
        }
    }
}

/// `0001.xlsx`: the number, and the sent name's extension when it is plain
/// (ASCII letters and digits, at most 8), lowercased; else `.bin`.
pub fn stored_name(n: usize, sent: &str) -> String {
    let ext = sent
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| "bin".to_string());
    format!("{n:04}.{ext}")
}

/// The sent name as shown: `\` read as a folder separator (Windows), control and
/// invisible characters escaped ([`shown_path`]), at most 255 characters.
pub fn shown_name(sent: &str) -> String {
    let name = sent.replace('\\', "/");
    let shown = shown_path(Path::new(&name));
    if shown.chars().count() > 255 {
        shown.chars().take(254).chain(['…']).collect()
    } else if shown.is_empty() {
        "?".to_string()
    } else {
        shown
    }
}

/// Whether a sent name is a .zip to unpack.
pub fn is_zip(upload: &Upload) -> bool {
    upload.name.to_ascii_lowercase().ends_with(".zip")
}

/// Unpacks the workbooks (and other files, to be classified as in a folder) of
/// an uploaded .zip into numbered files of `folder`, after checking it as a
/// whole: entries within the request's file count, every name relative and
/// staying inside (a name that is absolute or climbs out with `..` refuses the
/// zip), no entry that unpacks beyond the ratio limit, the unpacked total within
/// the request's bytes. Sizes are checked again while unpacking (a zip may lie).
/// Runs on a blocking thread.
pub fn unpack_zip(
    zip_upload: &Upload,
    folder: &Path,
    limits: Limits,
    got: &mut Received,
) -> Result<Vec<Upload>, Refusal> {
    let unreadable = || Refusal::ZipUnreadable(zip_upload.name.clone());
    let file = std::fs::File::open(&zip_upload.path).map_err(|_| unreadable())?;
    let mut zip =
        ::zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|_| unreadable())?;
    // The central directory first: nothing is unpacked before the whole zip passes.
    let mut declared: u64 = 0;
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| unreadable())?;
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.enclosed_name().is_none() || raw.starts_with(['/', '\\']) || raw.contains(':') {
            return Err(Refusal::ZipUnsafeName {
                zip: zip_upload.name.clone(),
                entry: shown_name(&raw),
            });
        }
        if entry.is_dir() {
            continue;
        }
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > RATIO_FLOOR && size > packed.saturating_mul(MAX_RATIO) {
            return Err(Refusal::ZipBomb {
                zip: zip_upload.name.clone(),
                entry: shown_name(&raw),
            });
        }
        declared = declared.saturating_add(size.min(MAX_FILE_BYTES + 1));
        entries.push((i, raw));
    }
    if got.stored + entries.len() > limits.files {
        return Err(Refusal::TooManyFiles(limits.files));
    }
    if got.bytes.saturating_add(declared) > limits.bytes {
        return Err(Refusal::TooLarge(limits.bytes));
    }
    let mut out = Vec::with_capacity(entries.len());
    for (i, raw) in entries {
        let entry = zip.by_index(i).map_err(|_| unreadable())?;
        got.stored += 1;
        let path = folder.join(stored_name(got.stored, &raw));
        let mut file = std::fs::File::create_new(&path).map_err(|_| Refusal::Broken)?;
        // Never more than the file size limit (+1, so the guard sees it is too large).
        let mut limited = entry.take(MAX_FILE_BYTES + 1);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                // A damaged entry: what was unpacked is read, and found damaged.
                Err(_) => break,
            };
            got.bytes += n as u64;
            if got.bytes > limits.bytes {
                return Err(Refusal::TooLarge(limits.bytes));
            }
            file.write_all(&buf[..n]).map_err(|_| Refusal::Broken)?;
        }
        out.push(Upload {
            path,
            name: format!("{}/{}", zip_upload.name, shown_name(&raw)),
            in_folder: true,
        });
    }
    // The zip itself is no longer needed.
    let _ = std::fs::remove_file(&zip_upload.path);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_name_is_never_a_path() {
        assert_eq!(stored_name(1, "../../etc/passwd"), "0001.bin");
        assert_eq!(stored_name(2, "张三.XLSX"), "0002.xlsx");
        assert_eq!(stored_name(3, "a.x/y"), "0003.bin");
        assert_eq!(stored_name(12, "no extension"), "0012.bin");
        assert_eq!(shown_name("回收\\张三\n.xlsx"), "回收/张三\\n.xlsx");
    }
}
