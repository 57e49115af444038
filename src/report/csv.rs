//! The results CSV: one row per scheme + organization, its columns those of the
//! summary ([`super::columns::SUMMARY`]), UTF-8 with BOM (so Excel shows
//! Chinese), the same header whatever `--lang`, rows sorted by scheme id then
//! organization name, formula-looking text neutralized.

use super::columns::SUMMARY;
use super::neutralize;
use crate::model::Catalog;
use crate::results::OrgResult;

/// The CSV bytes.
pub fn write_csv(catalog: &Catalog, orgs: &[OrgResult]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(SUMMARY.iter().map(|c| c.csv))
            .expect("writing to memory");
        for org in orgs {
            let scheme = &catalog.schemes[org.scheme];
            w.write_record(
                SUMMARY
                    .iter()
                    .map(|c| neutralize(&(c.value)(scheme, org).text())),
            )
            .expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::builtin_schemes;

    #[test]
    fn the_csv_is_known_again_when_met_among_the_inputs() {
        let csv = write_csv(&Catalog::new(builtin_schemes()), &[]);
        assert!(crate::layout::is_results_csv(&csv));
    }
}
