//! The very hidden sheet that names the scheme, its version, the template format
//! and the generator, so ingest knows what a returned workbook was made from.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::layout::*;
use crate::scheme::Scheme;

pub(super) fn write_meta_sheet(ws: &mut Worksheet, scheme: &Scheme) -> Result<(), XlsxError> {
    for (row, (key, value)) in [
        (META_SCHEME, scheme.id.clone()),
        (META_VERSION, scheme.version.clone()),
        (META_FORMAT, TEMPLATE_FORMAT.to_string()),
        (
            META_GENERATOR,
            format!("certsheet {}", env!("CARGO_PKG_VERSION")),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string(row as u32, 0, key)?;
        ws.write_string(row as u32, 1, value)?;
    }
    ws.set_very_hidden(true);
    ws.protect();
    Ok(())
}
