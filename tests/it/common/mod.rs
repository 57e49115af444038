//! Shared test helpers: a per-test work folder, running the binary, and filled workbooks.
#![allow(dead_code)]

pub mod golden;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook_auto, Data, Range, Reader};
use certsheet::scheme::{load_scheme, Scheme};
use certsheet::template::{write_template, Fill, Header, Input};

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

pub fn scheme(id: &str) -> Scheme {
    load_scheme(id).expect("built-in scheme")
}

pub fn header(org: &str, rater: &str) -> Header {
    Header {
        organization: org.to_string(),
        rater: rater.to_string(),
        ..Header::default()
    }
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
        alphas,
        levels,
        uncached: false,
    };
    write_template(scheme, Some(header), Some(&fill)).expect("write template")
}

/// Reads one part of an xlsx (a zip) as text.
/// A sheet of a workbook on disk; panics naming the file and sheet when it cannot be read.
pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("{}: sheet {name}: {e}", path.display()))
}

/// A cell by its 0-based absolute position; `Data::Empty` outside the used range.
pub fn cell(range: &Range<Data>, row: u32, col: impl Into<u32>) -> Data {
    range
        .get_value((row, col.into()))
        .cloned()
        .unwrap_or(Data::Empty)
}

pub fn zip_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Whether LibreOffice is installed (tests that need it skip with a message otherwise).
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
