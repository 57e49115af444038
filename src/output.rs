//! Writing output files atomically: each is written to a temporary file beside
//! its destination, synced, and renamed into place, so a crash or a rejection
//! never leaves a half-written file and an earlier one survives. Used by
//! `template`, `ingest` and anything that writes files later.
//!
//! Temporary files are created exclusively (`O_EXCL`) with unpredictable names
//! (the `tempfile` crate), so a link planted at a predictable name is never
//! followed. Every temporary file staged is listed in a process-wide registry so
//! that Ctrl-C or SIGTERM ([`install_interrupt_handler`]) removes them before the
//! process exits with status 130. Several outputs are renamed into place under an
//! advisory lock on the folders they go into (no lock file is left behind: the
//! folder itself is locked), and under a process-wide
//! mutex the interrupt handler also takes: two runs never leave one run's
//! workbook beside the other's CSV, and an interrupt never falls between two
//! renames.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::{bail, Context, Result};
use tempfile::NamedTempFile;

use crate::messages::t;

/// The temporary files staged and not yet committed or removed.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held while outputs are renamed into place; the interrupt handler waits for it.
static COMMIT: Mutex<bool> = Mutex::new(false);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The path is not a folder or another non-regular file, not read-only, and its
/// folder exists.
fn check_place(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => bail!("{}", t().output_is_folder(path)),
        Ok(m) if !m.is_file() => bail!("{}", t().output_not_regular(path)),
        Ok(m) if m.permissions().mode() & 0o222 == 0 => {
            bail!("{}", t().output_read_only(path))
        }
        _ => {}
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        bail!("{}", t().output_folder_missing(dir));
    }
    Ok(())
}

/// Checks, before any work, that an output can be written: not a folder or other
/// non-regular file, not read-only, its folder exists, and a file can be created
/// there (a read-only folder or drive fails here, not after the whole batch was read).
pub fn check_output(path: &Path) -> Result<()> {
    check_place(path)?;
    let probe = Staged::create(path, b"")
        .map_err(|e| anyhow::anyhow!("{}: {e:#}", t().cannot_write_in(folder_of(path))))?;
    drop(probe);
    Ok(())
}

/// The path as the file system resolves it: canonical when it exists, else its
/// folder's canonical path and its name, else absolute.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    if let (Ok(dir), Some(name)) = (fs::canonicalize(folder_of(path)), path.file_name()) {
        return dir.join(name);
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether an existing file is this tool's results workbook (its sheets, in either
/// language): written into a folder being read, it is skipped there, not read, so
/// replacing it is allowed (results in the input folder do not break the next run).
fn is_results_workbook(path: &Path) -> bool {
    sheet_names(path).is_some_and(|names| crate::layout::is_results_workbook(&names))
}

/// The sheet names of an .xlsx, from its `xl/workbook.xml` alone, read within a
/// bound: the file at an output path is not trusted more than any input (no
/// spreadsheet library is given it).
fn sheet_names(path: &Path) -> Option<Vec<String>> {
    const MAX_PART: u64 = 1 << 20;
    let file = fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let part = zip.by_name("xl/workbook.xml").ok()?;
    if part.size() > MAX_PART {
        return None;
    }
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(part, MAX_PART), &mut xml).ok()?;
    Some(
        xml.split("<sheet ")
            .skip(1)
            .filter_map(|tag| {
                let at = tag.find("name=\"")? + "name=\"".len();
                let end = tag[at..].find('"')?;
                Some(tag[at..at + end].to_string())
            })
            .collect(),
    )
}

/// Checks `ingest`'s outputs before anything is read: the workbook ends in `.xlsx`,
/// the CSV is another file, neither is one of the inputs (a file named, or a
/// workbook inside a folder named that is not an earlier results workbook of this
/// tool), and each can be written ([`check_output`]).
pub fn check_outputs(out: &Path, csv: Option<&Path>, inputs: &[PathBuf]) -> Result<()> {
    let is_xlsx = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        bail!("{}", t().output_not_xlsx(out));
    }
    if let Some(csv) = csv {
        if resolved(out) == resolved(csv) || same_file(out, csv) {
            bail!("{}", t().output_same_as_csv(csv));
        }
    }
    for output in std::iter::once(out).chain(csv) {
        let target = resolved(output);
        for input in inputs {
            let named = same_file(output, input) || resolved(input) == target;
            let inside = fs::metadata(input).is_ok_and(|m| m.is_dir())
                && target.exists()
                && target.starts_with(resolved(input))
                && crate::ingest::discover::is_read_in_folders(&target)
                && !is_results_workbook(&target);
            if named || inside {
                bail!("{}", t().output_is_input(output));
            }
        }
    }
    check_output(out)?;
    if let Some(csv) = csv {
        check_output(csv)?;
    }
    Ok(())
}

/// A temporary file beside its destination, written and synced; renamed into place by
/// [`Staged::commit`], removed if dropped uncommitted.
pub struct Staged {
    tmp: Option<NamedTempFile>,
    dest: PathBuf,
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
        let mut tmp = {
            // Created and registered under the registry's lock: the interrupt
            // handler either sees it or runs before it exists.
            let mut registry = lock(&STAGED);
            let prefix = format!(".{name}.");
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix).suffix(".tmp");
            // As any file the user makes (0666 less the umask), not tempfile's
            // private 0600: the results are for others in the office to open.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let tmp = builder.tempfile_in(folder_of(dest))?;
            registry.push(tmp.path().to_path_buf());
            tmp
        };
        let result = write(tmp.as_file_mut()).and_then(|()| Ok(tmp.as_file().sync_all()?));
        // Wrapped before the result is looked at: dropped on failure, it is removed.
        let staged = Staged {
            tmp: Some(tmp),
            dest: dest.to_path_buf(),
        };
        result.map(|()| staged)
    }

    /// Renames the temporary file into place, replacing what is there.
    pub fn commit(mut self) -> Result<()> {
        let tmp = self.tmp.take().expect("staged once");
        let path = tmp.path().to_path_buf();
        let r = tmp.persist(&self.dest);
        unregister(&path);
        r.map(drop).map_err(|e| e.error.into())
    }

    /// Renames the temporary file into place only if nothing is there: `Ok(false)`
    /// (and the temporary file removed) when the destination already exists.
    pub fn commit_new(mut self) -> Result<bool> {
        let tmp = self.tmp.take().expect("staged once");
        let path = tmp.path().to_path_buf();
        let r = tmp.persist_noclobber(&self.dest);
        unregister(&path);
        match r {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e.error.into()),
        }
    }
}

fn unregister(path: &Path) {
    lock(&STAGED).retain(|p| p != path);
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let path = tmp.path().to_path_buf();
            drop(tmp);
            unregister(&path);
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

/// Writes `bytes` to `path` atomically unless `path` exists: `Ok(false)` when it
/// was kept (also when it appeared meanwhile: the rename never replaces a file).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::symlink_metadata(path).is_ok() {
        return Ok(false);
    }
    let staged = stage(path, bytes)?;
    // Under the commit mutex, so an interrupt says whether files were written.
    let mut committed = lock(&COMMIT);
    let written = staged.commit_new().with_context(|| cannot_write(path))?;
    *committed |= written;
    Ok(written)
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

/// Test hook: with `CERTSHEET_TEST_PAUSE_BEFORE_COMMIT=FILE` set, the run creates
/// FILE once everything is staged and waits (up to a minute) before renaming, so a
/// test can interrupt it or race another run at a known point.
fn pause_for_tests() {
    if let Some(marker) = std::env::var_os("CERTSHEET_TEST_PAUSE_BEFORE_COMMIT") {
        let _ = fs::write(&marker, b"");
        for _ in 0..600 {
            if !Path::new(&marker).exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

/// Renames staged files into place, in order; when there are several, under an
/// exclusive advisory lock on each folder they go into (taken in one order, so
/// two runs never wait on each other for ever; two runs' renames never
/// interleave) and with the interrupt handler held off until all are done.
pub fn commit_all(staged: Vec<Staged>) -> Result<()> {
    pause_for_tests();
    // One rename is atomic by itself; several are made under the lock.
    let mut folders: Vec<PathBuf> = Vec::new();
    if staged.len() > 1 {
        for s in &staged {
            let folder = folder_of(&s.dest);
            folders.push(fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf()));
        }
        folders.sort();
        folders.dedup();
    }
    let mut locks = Vec::with_capacity(folders.len());
    for folder in &folders {
        // A folder opened read-only can carry a lock (flock) like any file.
        let dir = fs::File::open(folder).with_context(|| cannot_write(folder))?;
        dir.lock().with_context(|| cannot_write(folder))?;
        locks.push(dir);
    }
    let mut committed = lock(&COMMIT);
    for s in staged {
        let dest = s.dest.clone();
        s.commit().with_context(|| cannot_write(&dest))?;
        *committed = true;
    }
    drop(committed);
    drop(locks);
    Ok(())
}

/// On Ctrl-C or SIGTERM: waits for renames in progress, removes every temporary
/// file staged, says so in one line on stderr and exits with status 130.
pub fn install_interrupt_handler() -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let committed = lock(&COMMIT);
            let registry = lock(&STAGED);
            for p in registry.iter() {
                let _ = fs::remove_file(p);
            }
            if *committed {
                eprintln!("certsheet: {}", t().interrupted_after_writing());
            } else {
                eprintln!("certsheet: {}", t().interrupted());
            }
            std::process::exit(130);
        }
    });
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
        assert!(lock(&STAGED).is_empty());
    }

    #[test]
    fn write_new_keeps_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        assert!(write_new(&a, b"first").unwrap());
        assert!(!write_new(&a, b"second").unwrap());
        assert_eq!(fs::read(&a).unwrap(), b"first");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
