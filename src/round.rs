//! A round of returned workbooks, as every front end handles it (`ingest`,
//! `check`, the web page): the catalog of schemes, the files read in parallel,
//! the batch consolidated, the report cards named, and the earlier round read
//! back. No printing: each front end says things its own way.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;

use crate::filename::unique_names;
use crate::ingest::batch::reject_conflicts;
use crate::ingest::read_file;
use crate::messages::t;
use crate::model::{Catalog, FileResult};
use crate::results::{self, previous, OrgResult, Results};
use crate::scheme::{builtin_schemes, load_scheme};

/// The built-in schemes plus the user's scheme files (a user file replaces a built-in of the same id).
pub fn catalog(extra: &[String]) -> Result<Catalog> {
    let mut schemes = builtin_schemes();
    for path in extra {
        let s = load_scheme(path)?;
        schemes.retain(|b| b.id != s.id);
        schemes.push(s);
    }
    schemes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalog::new(schemes))
}

/// Reads files in parallel (on the current rayon pool), each under the name
/// people see (its findings name it so); results in the order given. `tick` is
/// called as each file is done (a progress bar, the web page's counter).
pub fn read_files(
    catalog: &Catalog,
    files: Vec<(PathBuf, String)>,
    tick: impl Fn() + Sync,
) -> Vec<FileResult> {
    files
        .into_par_iter()
        .map(|(path, name)| {
            let r = read_file(catalog, path, name);
            tick();
            r
        })
        .collect()
}

/// Looks at the batch as a whole, then works out what it adds up to: ingest
/// rejects the workbooks that repeat or contradict another, results computes
/// each organization's figures from the rest. `files` in sorted path order.
pub fn consolidate(catalog: &Catalog, files: &mut [FileResult]) -> Results {
    reject_conflicts(files);
    results::compute(catalog, files)
}

/// The file names of the report cards, one per organization (in order):
/// `机构名称_方案名称.xlsx`, safe and unique as the templates' names are
/// ([`unique_names`]).
pub fn card_names(catalog: &Catalog, orgs: &[OrgResult]) -> Vec<String> {
    unique_names(
        orgs.iter()
            .map(|org| format!("{}_{}", org.name, catalog.schemes[org.scheme].title)),
    )
}

/// Reads the earlier round's results CSV (`--previous`), within
/// [`previous::MAX_BYTES`]; a file that cannot be read or is not a results CSV of
/// this tool is an error of the run (exit 2, before anything is written).
pub fn read_previous(
    catalog: &Catalog,
    path: &Path,
) -> Result<Vec<crate::results::earlier::EarlierRow>> {
    read_previous_as(catalog, path, path)
}

/// [`read_previous`] of the file at `path`, named `shown` in its messages (the
/// web page names an upload as its sender named it, never by where it is stored).
pub fn read_previous_as(
    catalog: &Catalog,
    path: &Path,
    shown: &Path,
) -> Result<Vec<crate::results::earlier::EarlierRow>> {
    use std::io::Read;
    let cannot = || t().cannot_read_previous(shown);
    // Looked at before it is opened: a FIFO or device is never opened (no hang).
    let meta = std::fs::metadata(path).with_context(cannot)?;
    if !meta.is_file() {
        bail!("{}", cannot());
    }
    if meta.len() > previous::MAX_BYTES {
        let e = previous::PreviousError::TooLarge {
            size: meta.len(),
            limit: previous::MAX_BYTES,
        };
        bail!("{}", t().previous_unusable(shown, &e));
    }
    let file = std::fs::File::open(path).with_context(cannot)?;
    let mut bytes = Vec::new();
    file.take(previous::MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(cannot)?;
    previous::parse(catalog, &bytes).map_err(|e| anyhow!("{}", t().previous_unusable(shown, &e)))
}
