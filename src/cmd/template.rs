//! `certsheet template [--scheme ID|FILE] [--roster ROSTER] --out DIR`
//!
//! Writes a blank workbook, or one per roster row with the header pre-filled and
//! locked, each in the scheme of its row (the roster's 认证方案, else
//! `--scheme`). Every roster problem is printed on stdout, one a line with its
//! roster line, and then nothing is written (exit 2: nothing done, as for bad
//! arguments). File names are safe on Windows and macOS and unique. An existing
//! file is never overwritten: it is listed as kept and the run exits 1.
//!
//! Examples:
//!   certsheet template --scheme complaint --out 空白表
//!   certsheet template --roster 名单.xlsx --out 评分表

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::filename::safe_stem;
use crate::ident::shown_path;
use crate::messages::{roster_finding, t};
use crate::output::write_new;
use crate::scheme::{known_schemes, load_scheme, Scheme};
use crate::template::roster::{file_names, read_roster, SchemeChoice};
use crate::template::write_template;

pub fn run(scheme: Option<&str>, roster: Option<&Path>, out: &Path) -> Result<u8> {
    let chosen = scheme.map(load_scheme).transpose()?;
    let Some(roster) = roster else {
        let Some(scheme) = chosen else {
            bail!("{}", t().template_needs_scheme());
        };
        return write_blank(&scheme, out);
    };
    let bytes = fs::read(roster).with_context(|| t().cannot_read_roster(roster))?;
    let (schemes, chosen) = known_schemes(chosen);
    let choice = SchemeChoice {
        schemes: &schemes,
        chosen,
    };
    let named_workbook = roster
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()));
    let (rows, problems) = read_roster(&bytes, named_workbook, &choice);
    let name = shown_path(roster);
    for problem in &problems {
        println!("{}", roster_finding(&name, problem));
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        println!("{}", t().roster_rejected(errors));
        return Ok(2);
    }

    fs::create_dir_all(out).with_context(|| t().cannot_create_folder(out))?;
    let names = file_names(&rows);
    let written = rows
        .par_iter()
        .zip(names.par_iter())
        .map(|(row, name)| -> Result<bool> {
            let path = out.join(name);
            if fs::symlink_metadata(&path).is_ok() {
                return Ok(false);
            }
            let bytes = write_template(&schemes[row.scheme], Some(&row.header), None)?;
            write_new(&path, &bytes)
        })
        .collect::<Result<Vec<bool>>>()?;
    let mut kept = 0;
    for (name, _) in names.iter().zip(&written).filter(|(_, w)| !**w) {
        println!("{}", t().kept_existing(&out.join(name)));
        kept += 1;
    }
    println!("{}", t().roster_summary(rows.len() - kept, kept, out));
    Ok(if kept > 0 { 1 } else { 0 })
}

/// The blank workbook of a scheme, `ID_评分表.xlsx`.
fn write_blank(scheme: &Scheme, out: &Path) -> Result<u8> {
    fs::create_dir_all(out).with_context(|| t().cannot_create_folder(out))?;
    let path = out.join(format!(
        "{}.xlsx",
        safe_stem(&format!("{}_评分表", scheme.id))
    ));
    let bytes = write_template(scheme, None, None)?;
    if !write_new(&path, &bytes)? {
        println!("{}", t().kept_existing(&path));
        return Ok(1);
    }
    println!("{}", t().wrote_blank(&path));
    Ok(0)
}
