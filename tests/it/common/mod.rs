//! What the integration tests share: the crate API they use, a folder per test,
//! running the binary, filled workbooks, and reading workbooks back.

pub mod golden;
pub mod memory;
pub mod resave;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use calamine::{open_workbook_auto, Data, DataType, Range, Reader};
use rust_decimal::Decimal;

// The crate's API as the tests use it, imported here only: when a type moves to
// another module of the crate, this block (and the imports of
// tests/corpus/generate.rs, shared with the make_corpus example) is what changes.
pub use certsheet::cell::{parse_alpha, parse_level, Input, Raw};
pub use certsheet::grade::Conformity;
pub use certsheet::ingest::read_file;
pub use certsheet::model::{Catalog, FileResult, Header, Problem, Status};
pub use certsheet::round::consolidate;
pub use certsheet::scheme::{builtin_schemes, load_scheme, Scheme};
pub use certsheet::template::{write_template, Fill};
pub use certsheet::{layout, score};

/// A header with organization and rater only (defined with the corpus, which
/// the make_corpus example shares).
pub use crate::generate::{header, passed_with};

// ---------------------------------------------------------------- files

/// Everything in a folder, recursively: each path with its kind and, for a
/// regular file, its bytes (a FIFO or device is never opened).
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, (String, Vec<u8>)> {
    fn walk(
        root: &Path,
        dir: &Path,
        out: &mut std::collections::BTreeMap<PathBuf, (String, Vec<u8>)>,
    ) {
        // A folder the test made unreadable (as a user who is not root) is listed as such.
        let Ok(entries) = std::fs::read_dir(dir) else {
            out.insert(
                dir.strip_prefix(root).unwrap().join("?"),
                ("unreadable".into(), Vec::new()),
            );
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            if m.is_dir() {
                out.insert(rel, ("dir".into(), Vec::new()));
                walk(root, &p, out);
            } else if m.is_file() {
                let bytes = std::fs::read(&p).unwrap_or_else(|_| b"unreadable".to_vec());
                out.insert(rel, ("file".into(), bytes));
            } else if m.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(
                    rel,
                    (
                        "link".into(),
                        target.as_os_str().as_encoded_bytes().to_vec(),
                    ),
                );
            } else {
                out.insert(rel, ("other".into(), Vec::new()));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

// ---------------------------------------------------------------- running certsheet

/// A folder of its own for one test; prints what ran when an assertion fails.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs certsheet with `args` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_certsheet"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run certsheet");
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            dir: self.dir.path().to_path_buf(),
            output,
        }
    }
}

pub struct Run {
    pub args: Vec<String>,
    pub dir: PathBuf,
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Asserts the exit status, showing everything about the run when it differs.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "certsheet {:?} in {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.dir.display(),
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// The `.xlsx` files in a folder, sorted by name.
pub fn xlsx_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    files.sort();
    files
}

/// Generates the blank template of a scheme through the CLI
/// (`certsheet template --scheme ID --out blank-ID`) and returns its path.
pub fn blank_template(wd: &Workdir, scheme: &str) -> PathBuf {
    let out = format!("blank-{scheme}");
    wd.run(&["template", "--scheme", scheme, "--out", &out])
        .expect_code(0);
    let written: Vec<PathBuf> = std::fs::read_dir(wd.path(&out))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "one blank workbook expected: {written:?}");
    assert_eq!(xlsx_files(&wd.path(&out)), written, "an .xlsx");
    written.into_iter().next().unwrap()
}

// ---------------------------------------------------------------- filled workbooks

pub fn scheme(id: &str) -> Scheme {
    load_scheme(id).expect("built-in scheme")
}

pub fn n(x: f64) -> Option<Input> {
    Some(Input::Number(x))
}

pub fn t(x: &str) -> Option<Input> {
    Some(Input::Text(x.to_string()))
}

/// Every item at the same α.
pub fn alphas(scheme: &Scheme, a: f64) -> Vec<Option<Input>> {
    scheme.items.iter().map(|_| n(a)).collect()
}

/// Every clause at the same level.
pub fn levels(scheme: &Scheme, l: f64) -> Vec<Option<Input>> {
    scheme.clauses.iter().map(|_| n(l)).collect()
}

/// A filled workbook's bytes.
pub fn filled(
    scheme: &Scheme,
    header: &Header,
    alphas: Vec<Option<Input>>,
    levels: Vec<Option<Input>>,
) -> Vec<u8> {
    let fill = Fill {
        conformity: passed_with(&levels),
        alphas,
        levels,
        uncached: false,
        remarks: Default::default(),
    };
    write_template(scheme, Some(header), Some(&fill)).expect("write template")
}

/// An input as the reader sees the cell.
pub fn raw(input: &Input) -> Raw {
    match input {
        Input::Number(x) => Raw::Number(*x),
        Input::Text(s) => Raw::Text(s.clone()),
    }
}

/// What certsheet makes of a complete fill: α per item, level per clause.
pub fn parsed(scheme: &Scheme, fill: &Fill) -> (Vec<Decimal>, Vec<u8>) {
    let alphas = scheme
        .items
        .iter()
        .zip(&fill.alphas)
        .map(|(item, a)| parse_alpha(&raw(a.as_ref().unwrap()), item.points).expect("a valid α"))
        .collect();
    let levels = scheme
        .clauses
        .iter()
        .zip(&fill.levels)
        .map(|(clause, l)| {
            parse_level(&raw(l.as_ref().unwrap()), clause.max).expect("a valid level")
        })
        .collect();
    (alphas, levels)
}

// ---------------------------------------------------------------- reading workbooks

/// The built-in schemes, indexed once for the whole test binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::new(builtin_schemes()))
}

/// Reads one workbook's bytes as file `name` (the name its findings start with).
pub fn read(bytes: &[u8], name: &str) -> FileResult {
    let w = Workdir::new();
    let path = w.write(name, bytes);
    let mut r = read_file(catalog(), path, name.to_string());
    r.path = name.into();
    r
}

/// The findings of a file as a user reads them.
pub fn messages(r: &FileResult) -> Vec<String> {
    r.findings.iter().map(|f| f.to_string()).collect()
}

/// A sheet of a workbook on disk; panics naming the file and sheet when it cannot be read.
pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("{}: sheet {name}: {e}", path.display()))
}

/// A cell by its 0-based absolute position; `Data::Empty` outside the used range.
pub fn cell(range: &Range<Data>, row: u32, col: u16) -> Data {
    range
        .get_value((row, col.into()))
        .cloned()
        .unwrap_or(Data::Empty)
}

/// A cell's text as shown: empty for an empty cell, numbers as calamine writes them.
pub fn text(range: &Range<Data>, row: u32, col: u16) -> String {
    match cell(range, row, col) {
        Data::Empty => String::new(),
        d => d.to_string(),
    }
}

/// A cell's number; panics naming the cell when it holds something else.
pub fn number(range: &Range<Data>, row: u32, col: u16) -> f64 {
    let d = cell(range, row, col);
    d.as_f64().unwrap_or_else(|| {
        panic!(
            "{}: a number expected, found {d:?}",
            layout::cell_name(row, col)
        )
    })
}

/// Reads one part of an xlsx (a zip) as text.
pub fn zip_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

// ---------------------------------------------------------------- LibreOffice

/// LibreOffice's `soffice`, when installed (tests that need it skip with a
/// message otherwise); with CI set, a missing soffice fails the test.
pub fn soffice() -> Option<PathBuf> {
    for name in ["soffice", "libreoffice"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
                if !p.is_empty() {
                    return Some(PathBuf::from(p));
                }
            }
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "soffice is not installed but CI is set: .ci/run must install libreoffice-calc-nogui"
        );
    }
    eprintln!("soffice not installed: skipping LibreOffice test");
    None
}

// ---------------------------------------------------------------- Gnumeric

/// Gnumeric's `ssconvert`, when installed (tests that need it skip with a
/// message otherwise); with CI set, a missing ssconvert fails the test.
pub fn ssconvert() -> Option<PathBuf> {
    if let Ok(out) = Command::new("which").arg("ssconvert").output() {
        let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !p.is_empty() {
            return Some(PathBuf::from(p));
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("ssconvert is not installed but CI is set: .ci/run must install gnumeric");
    }
    eprintln!("ssconvert (Gnumeric) not installed: skipping Gnumeric test");
    None
}
