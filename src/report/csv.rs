//! The results CSV: one row per scheme + organization, UTF-8 with BOM (so Excel
//! shows Chinese), the same header whatever `--lang`, rows sorted by scheme id then
//! organization name, formula-looking text neutralized.

use rust_decimal::Decimal;

use super::neutralize;
use crate::messages::{grade_text, t};
use crate::model::Catalog;
use crate::results::OrgResult;

/// The CSV header; scripts rely on it, so it never changes with `--lang`.
pub const CSV_HEADER: [&str; 10] = [
    "机构名称",
    "统一社会信用代码",
    "认证方案",
    "服务测评份数",
    "服务特性测评得分",
    "管理评审份数",
    "管理成熟度总分",
    "管理成熟度等级",
    "认证级别",
    "说明",
];

/// A figure with 2 decimals, or empty when it does not exist.
pub fn figure(x: Option<Decimal>) -> String {
    x.map(|mut d| {
        d.rescale(2);
        d.to_string()
    })
    .unwrap_or_default()
}

/// The summary fields of one organization, in [`CSV_HEADER`] order (not yet neutralized).
pub fn summary_fields(catalog: &Catalog, org: &OrgResult) -> [String; 10] {
    let scheme = &catalog.schemes[org.scheme];
    [
        org.name.clone(),
        org.credit_code.clone(),
        scheme.id.clone(),
        org.service.sheets.to_string(),
        figure(org.service_score),
        org.maturity.sheets.to_string(),
        figure(org.maturity_total),
        org.level
            .map(|l| scheme.levels[l].label.clone())
            .unwrap_or_default(),
        grade_text(&org.verdict),
        t().grade_note(scheme, &org.verdict),
    ]
}

/// The CSV bytes.
pub fn write_csv(catalog: &Catalog, orgs: &[OrgResult]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(CSV_HEADER).expect("writing to memory");
        for org in orgs {
            let fields = summary_fields(catalog, org).map(|f| neutralize(&f));
            w.write_record(&fields).expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    out
}
