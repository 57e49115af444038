//! Finding the workbooks to read: only what the user named. Files named on the
//! command line, and folders searched recursively for .xlsx/.xlsm/.xlsb/.xls/.ods.
//!
//! A folder walk never leaves the folder: a symbolic link to a folder is not
//! followed (it is reported); a link to a file is read. Only regular files are
//! opened: a FIFO, socket or device is reported, never opened (opening a FIFO
//! blocks for ever). A path that does not exist, and a file or folder that
//! cannot be read, is reported too: nothing the user named is passed over in
//! silence. Excel/LibreOffice lock files (`~$…`, `.~lock…`) and hidden files
//! are skipped and counted; documents a user may have sent back instead of a
//! workbook (.et, .csv, .pdf, .docx …) are reported; anything else is counted
//! as ignored.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::layout::{is_results_csv, RESULTS_CSV_START};
use crate::model::PathProblem;

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Formats a returned score sheet may have been saved as by mistake: reported
/// with "save it as .xlsx", not ignored.
const OTHER_FORMATS: [&str; 12] = [
    "et", "ett", "csv", "fods", "numbers", "pdf", "doc", "docx", "wps", "xltx", "xltm", "gnumeric",
];

/// What a search found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The workbooks to read, sorted, each once.
    pub files: Vec<PathBuf>,
    /// Paths that are reported instead of read, with why.
    pub problems: Vec<(PathBuf, PathProblem)>,
    /// Lock and hidden files skipped.
    pub hidden: usize,
    /// Other files in the folders, not read.
    pub ignored: usize,
}

/// True for a name the search skips: hidden files and Excel/LibreOffice lock files.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name.starts_with(".~lock")
}

/// True when a file of this name, met in a folder search, is read as a workbook
/// (not hidden, not a lock file, a workbook extension).
pub fn is_read_in_folders(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !is_skipped_name(&name) && EXTENSIONS.contains(&extension(path).as_str())
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether the file starts as this tool's results CSV (its first bytes only are read).
fn is_results_csv_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| {
            f.take(RESULTS_CSV_START.len() as u64)
                .read_to_end(&mut head)
        })
        .is_ok_and(|_| is_results_csv(&head))
}

/// What a folder search does with a regular file, by its name alone (the web
/// page classifies the files of an uploaded folder or .zip the same way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameClass {
    /// A workbook: read.
    Read,
    /// A lock or hidden file: skipped and counted.
    Hidden,
    /// Another document format a score sheet may have been saved as: reported.
    OtherFormat(String),
    /// A CSV: this tool's results CSV when it starts as one (reported), else ignored.
    Csv,
    /// Anything else: counted as ignored.
    Ignored,
}

/// How a folder search treats a regular file named `name` (its last component).
pub fn classify_name(name: &str) -> NameClass {
    if is_skipped_name(name) {
        return NameClass::Hidden;
    }
    let ext = extension(Path::new(name));
    if EXTENSIONS.contains(&ext.as_str()) {
        NameClass::Read
    } else if ext == "csv" {
        NameClass::Csv
    } else if OTHER_FORMATS.contains(&ext.as_str()) {
        NameClass::OtherFormat(ext)
    } else {
        NameClass::Ignored
    }
}

/// Whether the file starts as this tool's results CSV (its first bytes only are read).
pub fn is_own_csv(path: &Path) -> bool {
    is_results_csv_file(path)
}

/// What a non-regular, non-folder file is.
fn special(kind: fs::FileType) -> Option<PathProblem> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some(PathProblem::Fifo);
        }
        if kind.is_socket() {
            return Some(PathProblem::Socket);
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some(PathProblem::Device);
        }
    }
    (!kind.is_file() && !kind.is_dir()).then_some(PathProblem::Device)
}

/// Finds what to read under `paths`, in sorted order without repeats.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    // (path to read, identity for de-duplication). Files found in a walk take their
    // identity from their folder's canonical path: one system call per folder, not per file.
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut d = Discovery::default();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        // A path named on the command line is followed whatever it is (the user chose it).
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut found, &mut seen_dirs, &mut d),
            Ok(m) if m.is_file() => {
                let identity = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                found.push((path.clone(), identity));
            }
            Ok(m) => d.problems.push((
                path.clone(),
                special(m.file_type()).unwrap_or(PathProblem::Device),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                d.problems.push((path.clone(), PathProblem::Missing))
            }
            Err(_) => d.problems.push((path.clone(), PathProblem::Unreadable)),
        }
    }
    found.sort();
    let mut seen = HashSet::new();
    d.files = found
        .into_iter()
        .filter(|(_, identity)| seen.insert(identity.clone()))
        .map(|(path, _)| path)
        .collect();
    d.problems.sort_by(|a, b| a.0.cmp(&b.0));
    d.problems.dedup_by(|a, b| a.0 == b.0);
    d
}

fn walk(
    dir: &Path,
    found: &mut Vec<(PathBuf, PathBuf)>,
    seen_dirs: &mut HashSet<PathBuf>,
    d: &mut Discovery,
) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen_dirs.insert(canonical.clone()) {
        return; // the same folder named twice
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => {
            d.problems
                .push((dir.to_path_buf(), PathProblem::Unreadable));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if is_skipped_name(&name.to_string_lossy()) {
            d.hidden += 1;
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            d.problems.push((path, PathProblem::Unreadable));
            continue;
        };
        let (kind, linked) = if kind.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) => (m.file_type(), true),
                // A link to nothing: nothing to read, nothing the user named.
                Err(_) => {
                    d.ignored += 1;
                    continue;
                }
            }
        } else {
            (kind, false)
        };
        if kind.is_dir() {
            if linked {
                // Never leaves the folder the user named (a link to / would read the machine).
                d.problems.push((path, PathProblem::FolderLink));
            } else {
                walk(&path, found, seen_dirs, d);
            }
            continue;
        }
        let ext = extension(&path);
        if !kind.is_file() {
            if EXTENSIONS.contains(&ext.as_str()) || OTHER_FORMATS.contains(&ext.as_str()) {
                d.problems
                    .push((path, special(kind).unwrap_or(PathProblem::Device)));
            } else {
                d.ignored += 1;
            }
        } else {
            // A regular file: as the web page treats a file of an uploaded folder.
            match classify_name(&name.to_string_lossy()) {
                NameClass::Read => {
                    let identity = if linked {
                        fs::canonicalize(&path).unwrap_or_else(|_| path.clone())
                    } else {
                        canonical.join(&name)
                    };
                    found.push((path, identity));
                }
                NameClass::Csv if is_results_csv_file(&path) => {
                    d.problems.push((path, PathProblem::OwnCsv));
                }
                NameClass::OtherFormat(ext) => {
                    d.problems.push((path, PathProblem::OtherFormat(ext)))
                }
                NameClass::Hidden | NameClass::Csv | NameClass::Ignored => d.ignored += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_workbook_once_sorted_skipping_lock_and_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/sub")).unwrap();
        for name in [
            "b/2.xlsx",
            "b/sub/1.ODS",
            "a.xls",
            "~$a.xlsx",
            ".h.xlsx",
            "note.txt",
            "sheet.pdf",
        ] {
            fs::write(root.join(name), b"x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
        // The same file named directly and found through its folder counts once.
        let d = discover(&[root.to_path_buf(), root.join("a.xls"), root.join("nope")]);
        let names: Vec<_> = d
            .files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("a.xls"),
                "b/2.xlsx".into(),
                "b/sub/1.ODS".into()
            ]
        );
        let problems: Vec<_> = d
            .problems
            .iter()
            .map(|(p, why)| (p.strip_prefix(root).unwrap().to_path_buf(), why.clone()))
            .collect();
        assert_eq!(
            problems,
            [
                (PathBuf::from("b/loop"), PathProblem::FolderLink),
                ("nope".into(), PathProblem::Missing),
                ("sheet.pdf".into(), PathProblem::OtherFormat("pdf".into())),
            ]
        );
        assert_eq!((d.hidden, d.ignored), (2, 1));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_reported_never_opened_and_a_link_to_a_folder_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let fifo = root.join("x.xlsx");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        std::os::unix::fs::symlink("/", root.join("everything")).unwrap();
        // Named directly or found in the folder, the FIFO is reported (a read would block).
        let d = discover(&[root.to_path_buf(), fifo.clone()]);
        assert!(d.files.is_empty());
        assert_eq!(
            d.problems,
            [
                (root.join("everything"), PathProblem::FolderLink),
                (fifo, PathProblem::Fifo),
            ]
        );
    }
}
