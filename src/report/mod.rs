//! The outputs of an ingest run: the CSV and the results workbook, each written
//! to a temporary file beside its destination and renamed into place, so a crash
//! or a rejection never leaves a half-written file and an earlier one survives.

pub mod calibration;
pub mod csv;
pub mod detail;
pub mod problems;
pub mod raters;
pub mod workbook;

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::messages::pick;

/// Text that a spreadsheet would take for a formula (= + - @, tab, CR) gets a leading `'`.
pub fn neutralize(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Checks that an output path can be written: not a folder, its folder exists.
pub fn check_output(path: &Path) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{}",
            pick(
                &format!("输出路径 {} 是一个文件夹，请给出文件名", path.display()),
                &format!(
                    "output path {} is a folder: give a file name",
                    path.display()
                ),
            )
        );
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        bail!(
            "{}",
            pick(
                &format!("输出文件夹 {} 不存在", dir.display()),
                &format!("output folder {} does not exist", dir.display()),
            )
        );
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced, renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    check_output(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| {
        pick(
            &format!("无法写入 {}", path.display()),
            &format!("cannot write {}", path.display()),
        )
        .to_string()
    })
}
