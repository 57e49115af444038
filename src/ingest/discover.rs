//! Finding the workbooks to read: files named on the command line, and folders
//! searched recursively for .xlsx/.xlsm/.xls/.ods. Excel lock files (`~$…`) and
//! hidden files are skipped; symlink loops are not followed twice.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// True for a name the search skips: hidden files and Excel/LibreOffice lock files.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name.starts_with(".~lock")
}

fn has_workbook_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The files to read, sorted and without repeats. A path that does not exist is
/// returned in `missing`.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    // (path to read, identity for de-duplication). Files found in a walk take their
    // identity from their folder's canonical path: one system call per folder, not per file.
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut missing = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut found, &mut seen_dirs),
            Ok(_) => {
                let identity = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                found.push((path.clone(), identity));
            }
            Err(_) => missing.push(path.clone()),
        }
    }
    found.sort();
    let mut seen = HashSet::new();
    let files = found
        .into_iter()
        .filter(|(_, identity)| seen.insert(identity.clone()))
        .map(|(path, _)| path)
        .collect();
    (files, missing)
}

fn walk(dir: &Path, found: &mut Vec<(PathBuf, PathBuf)>, seen_dirs: &mut HashSet<PathBuf>) {
    let Ok(canonical) = fs::canonicalize(dir) else {
        return;
    };
    if !seen_dirs.insert(canonical.clone()) {
        return; // a symlink loop, or the same folder named twice
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if is_skipped_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // Only a symbolic link needs a second look to know what it points to.
        let (is_dir, is_file) = if kind.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) => (m.is_dir(), m.is_file()),
                Err(_) => continue,
            }
        } else {
            (kind.is_dir(), kind.is_file())
        };
        if is_dir {
            walk(&path, found, seen_dirs);
        } else if is_file && has_workbook_extension(&path) {
            let identity = if kind.is_symlink() {
                fs::canonicalize(&path).unwrap_or_else(|_| path.clone())
            } else {
                canonical.join(&name)
            };
            found.push((path, identity));
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
        ] {
            fs::write(root.join(name), b"x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
        // The same file named directly and found through its folder counts once.
        let (files, missing) =
            discover(&[root.to_path_buf(), root.join("a.xls"), root.join("nope")]);
        let names: Vec<_> = files
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
        assert_eq!(missing, [root.join("nope")]);
    }
}
