//! `certsheet template --scheme ID|FILE [--roster ROSTER.csv] --out DIR`
//!
//! Writes a blank workbook, or one per roster row with the header pre-filled and
//! locked. File names are safe on Windows and macOS and unique. An existing file is
//! never overwritten: it is listed as kept and the run exits 1.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::messages::t;
use crate::output::write_new;
use crate::scheme::load_scheme;
use crate::template::roster::{file_names, parse_roster, safe_stem};
use crate::template::write_template;

pub fn run(scheme: &str, roster: Option<&Path>, out: &Path) -> Result<u8> {
    let scheme = load_scheme(scheme)?;
    fs::create_dir_all(out).with_context(|| t().cannot_create_folder(out))?;
    let Some(roster) = roster else {
        let path = out.join(format!(
            "{}.xlsx",
            safe_stem(&format!("{}_评分表", scheme.id))
        ));
        let bytes = write_template(&scheme, None, None)?;
        if !write_new(&path, &bytes)? {
            eprintln!("{}", t().kept_existing(&path));
            return Ok(1);
        }
        eprintln!("{}", t().wrote_blank(&path));
        return Ok(0);
    };
    let bytes = fs::read(roster).with_context(|| t().cannot_read_roster(roster))?;
    let (rows, warnings) = parse_roster(&bytes)?;
    for w in &warnings {
        eprintln!("{}: {w}", roster.display());
    }
    let names = file_names(&rows);
    let written = rows
        .par_iter()
        .zip(names.par_iter())
        .map(|(row, name)| -> Result<bool> {
            let path = out.join(name);
            if fs::symlink_metadata(&path).is_ok() {
                return Ok(false);
            }
            let bytes = write_template(&scheme, Some(&row.header), None)?;
            write_new(&path, &bytes)
        })
        .collect::<Result<Vec<bool>>>()?;
    let mut kept = 0;
    for (name, _) in names.iter().zip(&written).filter(|(_, w)| !**w) {
        eprintln!("{}", t().kept_existing(&out.join(name)));
        kept += 1;
    }
    eprintln!("{}", t().wrote_sheets(rows.len() - kept, out));
    Ok(if kept > 0 { 1 } else { 0 })
}
