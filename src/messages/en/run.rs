//! The run's own messages in English.

use std::path::Path;

use super::En;
use crate::messages::RunTexts;
use crate::model::{Counts, Status};

impl RunTexts for En {
    fn jobs_range(&self) -> &'static str {
        "must be a whole number from 1 to 256"
    }
    fn no_workbooks(&self) -> &'static str {
        "no workbooks found (.xlsx/.xlsm/.xls/.ods)"
    }
    fn strict_nothing_written(&self) -> &'static str {
        "--strict: some workbooks were rejected; no results were written."
    }
    fn counts(&self, c: &Counts, organizations: usize) -> String {
        let mut line = format!(
            "read {}, accepted {}, rejected {}, skipped {}; {organizations} organizations",
            c.read, c.accepted, c.rejected, c.skipped
        );
        if c.hidden > 0 {
            line.push_str(&format!("; {} lock or hidden files not read", c.hidden));
        }
        if c.ignored > 0 {
            line.push_str(&format!("; {} other files ignored", c.ignored));
        }
        line
    }
    fn written(&self, out: &Path, csv: Option<&Path>) -> String {
        match csv {
            Some(csv) => format!("results: {}\nCSV: {}", out.display(), csv.display()),
            None => format!("results: {}", out.display()),
        }
    }
    fn check_total(&self, c: &Counts) -> String {
        format!(
            "{} checked: {} accepted, {} rejected, {} skipped",
            c.read, c.accepted, c.rejected, c.skipped
        )
    }
    fn verdict(&self, status: Status) -> &'static str {
        match status {
            Status::Accepted => "ok",
            Status::Rejected => "REJECTED",
            Status::Skipped => "skipped (empty)",
        }
    }
    fn output_is_folder(&self, path: &Path) -> String {
        format!(
            "output path {} is a folder: give a file name",
            path.display()
        )
    }
    fn output_folder_missing(&self, folder: &Path) -> String {
        format!("output folder {} does not exist", folder.display())
    }
    fn cannot_write_in(&self, folder: &Path) -> String {
        format!("cannot write files in {}", folder.display())
    }
    fn cannot_write(&self, path: &Path) -> String {
        format!("cannot write {}", path.display())
    }
    fn cannot_create_folder(&self, folder: &Path) -> String {
        format!("cannot create folder {}", folder.display())
    }
    fn cannot_read_roster(&self, path: &Path) -> String {
        format!("cannot read roster {}", path.display())
    }
    fn wrote_blank(&self, path: &Path) -> String {
        format!("wrote blank score sheet: {}", path.display())
    }
    fn output_not_regular(&self, path: &Path) -> String {
        format!(
            "output path {} is not a regular file (a device, FIFO or socket): not written",
            path.display()
        )
    }
    fn output_read_only(&self, path: &Path) -> String {
        format!("output file {} is read-only: not written", path.display())
    }
    fn output_not_xlsx(&self, path: &Path) -> String {
        format!("the results workbook {} must end in .xlsx", path.display())
    }
    fn output_same_as_csv(&self, path: &Path) -> String {
        format!(
            "--csv and --out are the same file ({}): give two different names",
            path.display()
        )
    }
    fn output_is_input(&self, path: &Path) -> String {
        format!(
            "output file {} is also one of the inputs: choose another output path",
            path.display()
        )
    }
    fn interrupted(&self) -> &'static str {
        "interrupted: no results were written"
    }
    fn interrupted_after_writing(&self) -> &'static str {
        "interrupted: the results had been written before the interruption"
    }
    fn kept_existing(&self, path: &Path) -> String {
        format!("exists, not overwritten: {}", path.display())
    }
}
