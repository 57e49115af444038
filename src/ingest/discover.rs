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
    let mut files = Vec::new();
    let mut missing = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut files, &mut seen_dirs),
            Ok(_) => files.push(path.clone()),
            Err(_) => missing.push(path.clone()),
        }
    }
    files.sort();
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    (files, missing)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, seen_dirs: &mut HashSet<PathBuf>) {
    let Ok(canonical) = fs::canonicalize(dir) else {
        return;
    };
    if !seen_dirs.insert(canonical) {
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
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, files, seen_dirs),
            Ok(m) if m.is_file() && has_workbook_extension(&path) => files.push(path),
            _ => {}
        }
    }
}
