//! The texts of a run itself: what a command says about its inputs, its outputs
//! and its summary (not about one workbook: that is [`super::FindingTexts`]).

use std::path::Path;

use crate::model::{Counts, Status};

/// How a run reports in one language.
pub trait RunTexts {
    fn no_workbooks(&self) -> &'static str;
    /// What `--jobs` accepts.
    fn jobs_range(&self) -> &'static str;
    fn strict_nothing_written(&self) -> &'static str;
    /// `读取 32 份，采用 25 份…；10 个组织`
    fn counts(&self, counts: &Counts, organizations: usize) -> String;
    /// The line naming the results workbook (and the CSV) written.
    fn written(&self, out: &Path, csv: Option<&Path>) -> String;
    /// `check`'s last line: how many files, and how many of each verdict.
    fn check_total(&self, counts: &Counts) -> String;
    /// `check`'s verdict on one file.
    fn verdict(&self, status: Status) -> &'static str;
    fn output_is_folder(&self, path: &Path) -> String;
    fn output_folder_missing(&self, folder: &Path) -> String;
    fn cannot_write_in(&self, folder: &Path) -> String;
    fn cannot_write(&self, path: &Path) -> String;
    fn cannot_create_folder(&self, folder: &Path) -> String;
    fn cannot_read_roster(&self, path: &Path) -> String;
    fn wrote_blank(&self, path: &Path) -> String;
    /// An output that exists and is a device, FIFO, socket or other non-regular file.
    fn output_not_regular(&self, path: &Path) -> String;
    /// An output that exists and is read-only.
    fn output_read_only(&self, path: &Path) -> String;
    /// `--out` not ending in `.xlsx`.
    fn output_not_xlsx(&self, path: &Path) -> String;
    /// `--csv` naming the same file as `--out`.
    fn output_same_as_csv(&self, path: &Path) -> String;
    /// An output that is one of the inputs.
    fn output_is_input(&self, path: &Path) -> String;
    /// Ctrl-C or SIGTERM before anything was written.
    fn interrupted(&self) -> &'static str;
    /// Ctrl-C or SIGTERM after the outputs were renamed into place.
    fn interrupted_after_writing(&self) -> &'static str;
    /// `template`: a file that exists and was not overwritten.
    fn kept_existing(&self, path: &Path) -> String;
}
