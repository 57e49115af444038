//! What a run reports goes to stdout, one line each (`certsheet ingest … >
//! 记录.txt` keeps the whole report); stderr carries only the progress bar and
//! errors about the run itself. A closed stdout (`| head`) ends the report
//! quietly instead of aborting the run: the outputs are still written.

use std::io::Write;

use crate::messages::width::{pad, width};

/// Writes one line of the report on stdout.
pub fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Writes rows as a table indented by two spaces, each column padded to its
/// widest cell by display width (a Chinese character takes two columns).
pub fn table(rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&pad(cell, widths[i] + 2));
            }
        }
        say(line);
    }
}
