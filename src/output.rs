//! Writing output files atomically: each is written to a temporary file beside
//! its destination, synced, and renamed into place, so a crash or a rejection
//! never leaves a half-written file and an earlier one survives. Used by
//! `template`, `ingest` and anything that writes files later.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::messages::t;

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The path is not a folder and its folder exists.
fn check_place(path: &Path) -> Result<()> {
    if path.is_dir() {
        bail!("{}", t().output_is_folder(path));
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        bail!("{}", t().output_folder_missing(dir));
    }
    Ok(())
}

/// Checks, before any work, that an output can be written: not a folder, its folder
/// exists, and a file can be created there (a read-only folder or drive fails here,
/// not after the whole batch was read).
pub fn check_output(path: &Path) -> Result<()> {
    check_place(path)?;
    let probe = Staged::create(path, b"")
        .map_err(|e| anyhow::anyhow!("{}: {e:#}", t().cannot_write_in(folder_of(path))))?;
    drop(probe);
    Ok(())
}

/// A temporary file beside its destination, written and synced; renamed into place by
/// [`Staged::commit`], removed if dropped uncommitted.
pub struct Staged {
    tmp: std::path::PathBuf,
    dest: std::path::PathBuf,
    committed: bool,
}

impl Staged {
    /// Writes `bytes` to a temporary file in `dest`'s folder.
    pub fn create(dest: &Path, bytes: &[u8]) -> Result<Staged> {
        Staged::create_with(dest, |file| Ok(file.write_all(bytes)?))
    }

    /// Lets `write` write a temporary file in `dest`'s folder, then syncs it.
    pub fn create_with(
        dest: &Path,
        write: impl FnOnce(&mut fs::File) -> Result<()>,
    ) -> Result<Staged> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = folder_of(dest).join(format!(".{name}.{}.tmp", std::process::id()));
        let staged = Staged {
            tmp,
            dest: dest.to_path_buf(),
            committed: false,
        };
        let mut file = fs::File::create(&staged.tmp)?;
        write(&mut file)?;
        file.sync_all()?;
        Ok(staged)
    }

    /// Renames the temporary file into place.
    pub fn commit(mut self) -> Result<()> {
        fs::rename(&self.tmp, &self.dest)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn cannot_write(path: &Path) -> String {
    t().cannot_write(path)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced, renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomic(&[(path, bytes)])
}

/// Writes several outputs so that either all are replaced or none is: every temporary
/// file is written and synced first, and only then are they renamed into place.
pub fn write_all_atomic(outputs: &[(&Path, &[u8])]) -> Result<()> {
    let staged = outputs
        .iter()
        .map(|(path, bytes)| stage(path, bytes))
        .collect::<Result<Vec<_>>>()?;
    commit_all(staged)
}

/// The first half of an atomic write: `bytes` written and synced to a temporary file
/// beside `path`. Several can be staged at once (on several threads), then
/// [`commit_all`]ed; one dropped uncommitted leaves nothing behind.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    stage_with(path, |file| Ok(file.write_all(bytes)?))
}

/// As [`stage`], `write` writing the temporary file.
pub fn stage_with(path: &Path, write: impl FnOnce(&mut fs::File) -> Result<()>) -> Result<Staged> {
    check_place(path)?;
    Staged::create_with(path, write).with_context(|| cannot_write(path))
}

/// Renames staged files into place, in order.
pub fn commit_all(staged: Vec<Staged>) -> Result<()> {
    for s in staged {
        let dest = s.dest.clone();
        s.commit().with_context(|| cannot_write(&dest))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_replaced_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        let b = dir.path().join("missing").join("b.csv");
        fs::write(&a, b"earlier").unwrap();
        assert!(write_all_atomic(&[(&a, b"new"), (&b, b"new")]).is_err());
        assert_eq!(fs::read(&a).unwrap(), b"earlier");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            1,
            "only a.xlsx: no temporary file left behind"
        );
    }
}
