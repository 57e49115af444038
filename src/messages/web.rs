//! The texts of the local web page (`certsheet serve`): its three pages, what
//! it says while it works, and why it refuses a request. What the page shows of
//! a run (verdicts, findings, counts, roster problems, the summary's headings)
//! is the CLI's own text from the other topics.

/// How the web page speaks in one language.
pub trait WebTexts {
    /// The page's title, beside each page's own.
    fn web_title(&self) -> &'static str;
    /// The three pages: 检查评分表, 汇总一轮, 生成评分表.
    fn page_check(&self) -> &'static str;
    fn page_round(&self) -> &'static str;
    fn page_template(&self) -> &'static str;
    /// The link to the other language.
    fn other_language(&self) -> &'static str;
    fn check_intro(&self) -> &'static str;
    fn round_intro(&self) -> &'static str;
    fn template_intro(&self) -> &'static str;
    /// The drop zone's text.
    fn drop_here(&self) -> &'static str;
    fn choose_files(&self) -> &'static str;
    fn choose_folder(&self) -> &'static str;
    /// The earlier round's CSV (optional) on 汇总一轮.
    fn previous_label(&self) -> &'static str;
    fn scheme_label(&self) -> &'static str;
    fn scheme_file_label(&self) -> &'static str;
    fn roster_label(&self) -> &'static str;
    fn check_button(&self) -> &'static str;
    fn round_button(&self) -> &'static str;
    fn template_button(&self) -> &'static str;
    /// While the files go up (the script adds the percentage).
    fn uploading(&self) -> &'static str;
    /// While a request is waiting for a free worker or being worked on.
    fn working(&self) -> &'static str;
    /// While a round is read: `已读取 120 / 1000 份`.
    fn progress(&self, done: usize, total: usize) -> String;
    fn findings_heading(&self) -> &'static str;
    fn no_findings(&self) -> &'static str;
    fn summary_heading(&self) -> &'static str;
    fn downloads_heading(&self) -> &'static str;
    fn download_results(&self) -> &'static str;
    fn download_csv(&self) -> &'static str;
    fn download_cards(&self) -> &'static str;
    /// A blank workbook's or the roster's workbooks' download.
    fn download_templates(&self, count: usize) -> String;
    /// 生成评分表 with a roster: how many workbooks are in the .zip.
    fn templates_made(&self, count: usize) -> String;
    /// Under every result: how long it stays.
    fn expires(&self, minutes: u64) -> String;
    fn new_request(&self) -> &'static str;
    /// The column headings of 检查评分表's table.
    fn verdict_heading(&self) -> &'static str;
    fn file_heading(&self) -> &'static str;
    /// File names of the downloads.
    fn results_file(&self) -> &'static str;
    fn csv_file(&self) -> &'static str;
    fn cards_file(&self) -> &'static str;
    fn templates_file(&self) -> &'static str;
    // Refusals.
    fn no_files(&self) -> &'static str;
    fn too_many_files(&self, limit: usize) -> String;
    fn too_large(&self, limit_bytes: u64) -> String;
    fn zip_unreadable(&self, name: &str) -> String;
    fn zip_unsafe_name(&self, zip: &str, entry: &str) -> String;
    fn zip_bomb(&self, zip: &str, entry: &str) -> String;
    fn upload_broken(&self) -> &'static str;
    fn need_scheme(&self) -> &'static str;
    fn forbidden(&self) -> &'static str;
    fn expired(&self, minutes: u64) -> String;
    fn not_found(&self) -> &'static str;
    fn failed(&self) -> &'static str;
    /// `--bind` given something that is not an IP address.
    fn bad_address(&self) -> &'static str;
    /// `--port` given something that is not 0–65535.
    fn bad_port(&self) -> &'static str;
    /// The address cannot be listened on (taken, not allowed).
    fn cannot_listen(&self, addr: &str) -> String;
    /// Printed at start: where to open the page, how to stop it.
    fn serving(&self, url: &str) -> String;
    /// Printed on Ctrl-C.
    fn stopped(&self) -> &'static str;
}
