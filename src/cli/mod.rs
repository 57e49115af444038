//! Command-line arguments (clap derive). The doc comments are the help text.

use std::path::PathBuf;

mod localize;

pub use localize::{command, describe, parse};

use clap::{Parser, Subcommand};

use crate::messages::Lang;

/// Generate and ingest Excel score sheets for service certification.
///
/// Back-office staff generate one workbook per organization and rater
/// (`template`), auditors fill in α per service item (附录1) and a maturity
/// level per management clause (附录3), and `ingest` reads the returned
/// workbooks, validates every value, and writes the results workbook and CSV.
///
/// Exit status: 0 everything valid; 1 results written but some workbooks were
/// rejected (or `check` found problems); 2 nothing done.
#[derive(Debug, Parser)]
#[command(name = "certsheet", version, propagate_version = true)]
pub struct Cli {
    /// Language of messages and report labels (the score sheets are always Chinese).
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in schemes, or print one scheme's TOML.
    ///
    /// Examples:
    ///   certsheet schemes
    ///   certsheet schemes show complaint > my-scheme.toml
    #[command(verbatim_doc_comment)]
    Schemes {
        #[command(subcommand)]
        action: Option<SchemesAction>,
    },

    /// Write blank score-sheet workbooks, or one per roster row.
    ///
    /// Examples:
    ///   certsheet template --scheme complaint --out 空白表
    ///   certsheet template --scheme quality-credit --roster 名单.csv --out 评分表
    ///   certsheet template --roster 名单.xlsx --out 评分表   # each row's 认证方案
    ///   certsheet template --scheme ./my-scheme.toml --out out
    #[command(verbatim_doc_comment)]
    Template {
        /// Built-in scheme id (see `certsheet schemes`) or a path to a scheme .toml file;
        /// optional with a roster that has a 认证方案 column.
        #[arg(long)]
        scheme: Option<String>,
        /// Roster: CSV (UTF-8, GBK/GB18030 or Excel's Unicode text; commas, semicolons or
        /// tabs) or a workbook (.xlsx/.xls/.ods, first sheet), with columns 机构名称, 评价人
        /// [, 统一社会信用代码, 评价日期, 认证方案] in any order.
        #[arg(long)]
        roster: Option<PathBuf>,
        /// Folder to write the workbooks into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },

    /// Validate returned workbooks without writing anything (for an auditor before sending).
    ///
    /// Examples:
    ///   certsheet check 张三.xlsx
    ///   certsheet check 回收/
    #[command(verbatim_doc_comment)]
    Check {
        /// Workbooks, or folders searched recursively for .xlsx/.xlsm/.xls/.ods.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also accept workbooks of a user scheme file (repeatable).
        #[arg(long = "scheme")]
        schemes: Vec<String>,
        /// Worker threads, 1–256 (default: all cores).
        #[arg(long, value_parser = jobs)]
        jobs: Option<usize>,
    },

    /// Read returned workbooks, score and grade each organization, write the results.
    ///
    /// Examples:
    ///   certsheet ingest 回收/ --out 结果.xlsx --csv 结果.csv
    ///   certsheet ingest a.xlsx b.xlsx --out r.xlsx --strict
    ///   certsheet ingest 回收/ --out 结果.xlsx --csv 结果.csv --previous 去年.csv --cards 成绩单
    ///   CERTSHEET_TIMINGS=1 certsheet ingest 回收/ --out r.xlsx   # also print each step's time
    #[command(verbatim_doc_comment)]
    Ingest {
        /// Workbooks, or folders searched recursively for .xlsx/.xlsm/.xls/.ods.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The results workbook to write.
        #[arg(long)]
        out: PathBuf,
        /// Also write the results as CSV (UTF-8 with BOM).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Write nothing if any workbook is rejected.
        #[arg(long)]
        strict: bool,
        /// Worker threads for every step, 1–256: reading, consolidating, writing (default: all cores).
        #[arg(long, value_parser = jobs)]
        jobs: Option<usize>,
        /// Also accept workbooks of a user scheme file (repeatable).
        #[arg(long = "scheme")]
        schemes: Vec<String>,
        /// An earlier round's results CSV (written by certsheet): show each
        /// organization's earlier grade and the change (升/降/持平/新增).
        #[arg(long, value_name = "EARLIER.csv")]
        previous: Option<PathBuf>,
        /// Also write one report card workbook (one A4 page) per scheme + organization
        /// into this folder, replaced as a whole.
        #[arg(long, value_name = "DIR")]
        cards: Option<PathBuf>,
    },

    /// Start the local web page: check score sheets, process a round and make
    /// score sheets in a browser, for people who never open a terminal.
    ///
    /// Prints the address to open; Ctrl-C stops it and deletes every uploaded file
    /// and result. Bound to 127.0.0.1 unless --bind says otherwise; then the link
    /// printed carries an access token, needed by every visitor.
    ///
    /// Examples:
    ///   certsheet serve
    ///   certsheet serve --port 9000
    ///   certsheet serve --bind 0.0.0.0   # other computers of the office, with the token
    #[command(verbatim_doc_comment)]
    Serve {
        /// The address to listen on (default 127.0.0.1: this computer only).
        #[arg(long, default_value = "127.0.0.1", value_parser = address)]
        bind: std::net::IpAddr,
        /// The port to listen on (0: any free port, the one chosen is printed).
        #[arg(long, default_value_t = 8470, value_parser = port)]
        port: u16,
    },
}

/// `--jobs`: a whole number from 1 to 256 (more threads than that only cost memory).
fn jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n @ 1..=256) => Ok(n),
        _ => Err(crate::messages::t().jobs_range().to_string()),
    }
}

/// `--bind`: an IPv4 or IPv6 address (a name is not looked up).
fn address(text: &str) -> Result<std::net::IpAddr, String> {
    text.trim()
        .parse()
        .map_err(|_| crate::messages::t().bad_address().to_string())
}

/// `--port`: 0 to 65535.
fn port(text: &str) -> Result<u16, String> {
    text.trim()
        .parse()
        .map_err(|_| crate::messages::t().bad_port().to_string())
}

#[derive(Debug, Subcommand)]
pub enum SchemesAction {
    /// Print a scheme's TOML (copy it to make a new scheme).
    Show {
        /// Built-in scheme id.
        id: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
