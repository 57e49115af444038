//! The web page's texts in English.

use super::En;
use crate::messages::WebTexts;

impl WebTexts for En {
    fn web_title(&self) -> &'static str {
        "certsheet score sheets"
    }
    fn page_check(&self) -> &'static str {
        "Check score sheets"
    }
    fn page_round(&self) -> &'static str {
        "Process a round"
    }
    fn page_template(&self) -> &'static str {
        "Make score sheets"
    }
    fn other_language(&self) -> &'static str {
        "中文"
    }
    fn check_intro(&self) -> &'static str {
        "Drop filled-in score sheets below, or click “Choose files”. Each file gets its verdict and every finding (sheet!cell, the value, a hint), exactly as certsheet check prints them."
    }
    fn round_intro(&self) -> &'static str {
        "Drop the returned score sheets of a round below: many files, a .zip of them, or a whole folder. Optionally an earlier round's results CSV for the change in grade. You get the findings, the summary and downloads of the results workbook, the CSV and the report cards."
    }
    fn template_intro(&self) -> &'static str {
        "Pick a scheme (or upload a scheme file) for one blank score sheet; add a roster for one per roster row (header filled in and locked), as a .zip."
    }
    fn drop_here(&self) -> &'static str {
        "Drop files here"
    }
    fn choose_files(&self) -> &'static str {
        "Choose files"
    }
    fn choose_folder(&self) -> &'static str {
        "Choose a folder"
    }
    fn previous_label(&self) -> &'static str {
        "Earlier round's results CSV (optional)"
    }
    fn scheme_label(&self) -> &'static str {
        "Scheme"
    }
    fn scheme_file_label(&self) -> &'static str {
        "or upload a scheme file (.toml, optional)"
    }
    fn roster_label(&self) -> &'static str {
        "Roster (CSV or workbook, optional)"
    }
    fn check_button(&self) -> &'static str {
        "Check"
    }
    fn round_button(&self) -> &'static str {
        "Process"
    }
    fn template_button(&self) -> &'static str {
        "Make"
    }
    fn uploading(&self) -> &'static str {
        "Uploading"
    }
    fn working(&self) -> &'static str {
        "Working, please wait…"
    }
    fn progress(&self, done: usize, total: usize) -> String {
        format!("Reading: {done} of {total} files read")
    }
    fn findings_heading(&self) -> &'static str {
        "Findings"
    }
    fn no_findings(&self) -> &'static str {
        "No problems found"
    }
    fn summary_heading(&self) -> &'static str {
        "Summary"
    }
    fn downloads_heading(&self) -> &'static str {
        "Downloads"
    }
    fn download_results(&self) -> &'static str {
        "Results workbook (结果.xlsx)"
    }
    fn download_csv(&self) -> &'static str {
        "Results CSV (结果.csv)"
    }
    fn download_cards(&self) -> &'static str {
        "Report cards (成绩单.zip, one page per organization)"
    }
    fn download_templates(&self, count: usize) -> String {
        if count == 1 {
            "Download the score sheet".to_string()
        } else {
            format!("Download {count} score sheets (评分表.zip)")
        }
    }
    fn templates_made(&self, count: usize) -> String {
        format!("{count} score sheets made from the roster (header filled in and locked), in 评分表.zip")
    }
    fn expires(&self, minutes: u64) -> String {
        format!("This page and its downloads expire in {minutes} minutes; the uploaded files and the results are then deleted.")
    }
    fn new_request(&self) -> &'static str {
        "Start again"
    }
    fn verdict_heading(&self) -> &'static str {
        "Verdict"
    }
    fn file_heading(&self) -> &'static str {
        "File"
    }
    fn results_file(&self) -> &'static str {
        "结果.xlsx"
    }
    fn csv_file(&self) -> &'static str {
        "结果.csv"
    }
    fn cards_file(&self) -> &'static str {
        "成绩单.zip"
    }
    fn templates_file(&self) -> &'static str {
        "评分表.zip"
    }
    fn no_files(&self) -> &'static str {
        "No file received: choose or drop at least one score sheet"
    }
    fn too_many_files(&self, limit: usize) -> String {
        format!("Too many files: at most {limit} per upload (files inside a .zip count too). Upload them in parts")
    }
    fn too_large(&self, limit_bytes: u64) -> String {
        format!(
            "The upload is too large: at most {} MB at once (a .zip counts as unpacked). Upload it in parts",
            limit_bytes / (1024 * 1024)
        )
    }
    fn zip_unreadable(&self, name: &str) -> String {
        format!("The archive {name} cannot be opened: not a .zip, or damaged")
    }
    fn zip_unsafe_name(&self, zip: &str, entry: &str) -> String {
        format!("The archive {zip} holds an unsafe name “{entry}” (absolute or with ..): the archive was not used")
    }
    fn zip_bomb(&self, zip: &str, entry: &str) -> String {
        format!("In the archive {zip}, “{entry}” unpacks too large or is compressed suspiciously well (a zip bomb?): the archive was not used")
    }
    fn upload_broken(&self) -> &'static str {
        "The upload was cut short or malformed; please try again"
    }
    fn need_scheme(&self) -> &'static str {
        "Pick a scheme, upload a scheme file, or upload a roster with a 认证方案 column"
    }
    fn forbidden(&self) -> &'static str {
        "An access token is needed: open the page with the full link certsheet serve printed at start (with ?token=…)"
    }
    fn expired(&self, minutes: u64) -> String {
        format!("This link has expired or does not exist: results are kept {minutes} minutes, then deleted with the uploaded files. Please upload again")
    }
    fn not_found(&self) -> &'static str {
        "No such page"
    }
    fn failed(&self) -> &'static str {
        "Processing failed"
    }
    fn bad_address(&self) -> &'static str {
        "an IP address is expected, such as 127.0.0.1, 0.0.0.0 or ::1"
    }
    fn bad_port(&self) -> &'static str {
        "a whole number from 0 to 65535 is expected (0: any free port)"
    }
    fn cannot_listen(&self, addr: &str) -> String {
        format!("cannot listen on {addr} (the port is taken, or not allowed? --port picks another)")
    }
    fn serving(&self, url: &str) -> String {
        format!("certsheet's web page is running; open in a browser: {url}\nPress Ctrl-C to stop (every uploaded file and result is then deleted)")
    }
    fn stopped(&self) -> &'static str {
        "Stopped: every uploaded file and result was deleted"
    }
}
