//! The comparison with an earlier round (`--previous EARLIER.csv`): the earlier
//! results CSV of this tool read back, each organization of this round matched
//! with its earlier row, its earlier grade and the change (升/降/持平/新增), and the
//! earlier organizations that are missing now.
//!
//! The earlier CSV is this tool's own: UTF-8 with BOM (or without; GB18030 when a
//! user re-saved it in Chinese Excel), the header of the current version or of an
//! earlier one (before the 符合性审查 column was added), with or without the two
//! comparison columns of a run that itself had `--previous`. Anything else is
//! malformed: the run stops before anything is written ([`PreviousError`]).
//!
//! Matching: the same scheme id and the same organization name after the folding
//! ingest uses ([`fold_name`]); when both rows carry a credit code, the codes must
//! agree too (two codes that differ are two organizations). Grades rank by the
//! scheme's grade list (low → high); no certificate (不予认证, 资料不全) ranks below
//! every grade. Pure: bytes in, values out.

use std::collections::HashMap;

use super::earlier::{Change, Earlier, EarlierRow};
use super::OrgResult;
use crate::ident::{clean_text, fold_name};
use crate::model::Catalog;

/// The largest earlier CSV read (a results CSV of 10,000 organizations is about 2 MB).
pub const MAX_BYTES: u64 = 20 << 20;

/// The CSV header before the 符合性审查 column was added.
pub const HEADER_V1: [&str; 10] = [
    "机构名称",
    "统一社会信用代码",
    "认证方案",
    "服务特性测评份数",
    "服务特性测评得分",
    "管理要求审核份数",
    "管理成熟度总分",
    "管理成熟度等级",
    "认证级别",
    "说明",
];

/// The CSV header since the 符合性审查 column (revised 2026-11-29).
pub const HEADER_V2: [&str; 11] = [
    "机构名称",
    "统一社会信用代码",
    "认证方案",
    "服务特性测评份数",
    "服务特性测评得分",
    "管理要求审核份数",
    "管理成熟度总分",
    "管理成熟度等级",
    "符合性审查",
    "认证级别",
    "说明",
];

/// The two columns a run with `--previous` adds after 说明.
pub const COMPARISON_HEADER: [&str; 2] = ["上次认证级别", "级别变化"];

/// Why an earlier CSV cannot be used. `line` as an editor shows it (1 = the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousError {
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// Not a CSV at all (the csv crate's message).
    Unreadable {
        line: usize,
        why: String,
    },
    /// The first line is not a header of this tool's results CSV.
    Header {
        found: String,
    },
    /// A row with another number of fields than the header.
    Fields {
        line: usize,
        found: usize,
        expected: usize,
    },
    /// A row without an organization name, a scheme or a grade.
    Empty {
        line: usize,
        column: &'static str,
    },
    /// A grade the scheme does not have.
    Grade {
        line: usize,
        grade: String,
        scheme: String,
    },
    /// The same scheme + organization twice.
    Duplicate {
        line: usize,
        first: usize,
        name: String,
    },
}

/// Decodes the earlier CSV: UTF-8 (BOM stripped) when valid, GB18030 otherwise.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Reads an earlier results CSV of this tool; grades are checked against the
/// schemes of `catalog` that it names (a scheme the run does not know is taken
/// as written: none of its organizations can match).
///
/// # Errors
///
/// [`PreviousError`] naming the line and what is wrong.
pub fn parse(catalog: &Catalog, bytes: &[u8]) -> Result<Vec<EarlierRow>, PreviousError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(PreviousError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_BYTES,
        });
    }
    let text = decode(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    // The line as an editor shows it, from where the record starts (a quoted
    // field may hold line breaks, so records and lines are not counted alike).
    // (After a CR the csv crate starts the next record at the LF: it counts too.)
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let at = (byte as usize).min(bytes.len());
        bytes[..at].iter().filter(|b| **b == b'\n').count()
            + 1
            + usize::from(bytes.get(at) == Some(&b'\n'))
    };
    let unreadable = |e: ::csv::Error| PreviousError::Unreadable {
        line: e.position().map_or(0, |p| line_at(p.byte())),
        why: e.to_string(),
    };
    let header: Vec<String> = match records.next() {
        Some(r) => r
            .map_err(unreadable)?
            .iter()
            .map(|f| clean_text(f).trim().to_string())
            .collect(),
        None => {
            return Err(PreviousError::Header {
                found: String::new(),
            })
        }
    };
    let known = |base: &[&str]| {
        header == base
            || (header.len() == base.len() + 2
                && header[..base.len()] == *base
                && header[base.len()..] == COMPARISON_HEADER)
    };
    if !known(&HEADER_V1) && !known(&HEADER_V2) {
        return Err(PreviousError::Header {
            found: header.join(","),
        });
    }
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .expect("a known header")
    };
    let (name_at, code_at, scheme_at, grade_at) = (
        at("机构名称"),
        at("统一社会信用代码"),
        at("认证方案"),
        at("认证级别"),
    );

    let mut rows: Vec<EarlierRow> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for record in records {
        let record = record.map_err(unreadable)?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            return Err(PreviousError::Fields {
                line,
                found: record.len(),
                expected: header.len(),
            });
        }
        // A field this tool wrote with a leading ' against formulas is read without it.
        let field = |i: usize| {
            let f = clean_text(&record[i]);
            let f = f.trim();
            f.strip_prefix('\'')
                .filter(|rest| rest.starts_with(['=', '+', '-', '@', '\t', '\r']))
                .unwrap_or(f)
                .to_string()
        };
        let row = EarlierRow {
            line,
            name: field(name_at),
            credit_code: field(code_at).to_uppercase(),
            scheme: field(scheme_at),
            grade: field(grade_at),
        };
        for (value, column) in [
            (&row.name, "机构名称"),
            (&row.scheme, "认证方案"),
            (&row.grade, "认证级别"),
        ] {
            if value.is_empty() {
                return Err(PreviousError::Empty { line, column });
            }
        }
        if let Some(scheme) = catalog.schemes.iter().find(|s| s.id == row.scheme) {
            if rank(scheme, &row.grade).is_none() && !row.is_incomplete() {
                return Err(PreviousError::Grade {
                    line,
                    grade: row.grade.clone(),
                    scheme: row.scheme.clone(),
                });
            }
        }
        let key = (row.scheme.clone(), fold_name(&row.name));
        if let Some(&first) = seen.get(&key) {
            return Err(PreviousError::Duplicate {
                line,
                first,
                name: row.name,
            });
        }
        seen.insert(key, line);
        rows.push(row);
    }
    Ok(rows)
}

/// The rank of a grade of `scheme`: 0 for no certificate (its `otherwise`), then
/// the grades from the lowest; `None` for a word the scheme does not have.
fn rank(scheme: &crate::scheme::Scheme, grade: &str) -> Option<usize> {
    if grade == scheme.grades.otherwise {
        return Some(0);
    }
    scheme
        .grades
        .labels
        .iter()
        .position(|l| l == grade)
        .map(|i| i + 1)
}

/// Matches each organization of this round with its earlier row (sets
/// [`OrgResult::earlier`]) and returns the earlier rows no organization matched,
/// in the earlier CSV's order.
pub fn compare(
    catalog: &Catalog,
    orgs: &mut [OrgResult],
    earlier: Vec<EarlierRow>,
) -> Vec<EarlierRow> {
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    for (i, row) in earlier.iter().enumerate() {
        by_key.insert((row.scheme.clone(), fold_name(&row.name)), i);
    }
    let mut matched = vec![false; earlier.len()];
    for org in orgs.iter_mut() {
        let scheme = &catalog.schemes[org.scheme];
        let found = by_key
            .get(&(scheme.id.clone(), fold_name(&org.name)))
            .copied()
            .filter(|&i| {
                let code = &earlier[i].credit_code;
                code.is_empty()
                    || org.credit_code.is_empty()
                    || *code == org.credit_code.to_uppercase()
            });
        org.earlier = Some(match found {
            None => Earlier {
                row: None,
                change: Change::New,
            },
            Some(i) => {
                matched[i] = true;
                let row = earlier[i].clone();
                let before = rank(scheme, &row.grade).unwrap_or(0);
                let now = org
                    .verdict
                    .grade
                    .as_deref()
                    .and_then(|g| rank(scheme, g))
                    .unwrap_or(0);
                let change = match now.cmp(&before) {
                    std::cmp::Ordering::Greater => Change::Up,
                    std::cmp::Ordering::Less => Change::Down,
                    std::cmp::Ordering::Equal => Change::Same,
                };
                Earlier {
                    row: Some(row),
                    change,
                }
            }
        });
    }
    earlier
        .into_iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(row, _)| row)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::builtin_schemes;

    fn catalog() -> Catalog {
        Catalog::new(builtin_schemes())
    }

    const V2: &str = "\u{feff}机构名称,统一社会信用代码,认证方案,服务特性测评份数,服务特性测评得分,管理要求审核份数,管理成熟度总分,管理成熟度等级,符合性审查,认证级别,说明\r\n";
    const V1: &str = "机构名称,统一社会信用代码,认证方案,服务特性测评份数,服务特性测评得分,管理要求审核份数,管理成熟度总分,管理成熟度等级,认证级别,说明\r\n";

    #[test]
    fn both_header_versions_read_and_formula_guards_are_undone() {
        let c = catalog();
        let v2 = format!("{V2}甲公司,,complaint,2,85.00,2,100.00,四级,通过,三星级,x\r\n'=乙,,complaint,1,,0,,,,资料不全,y\r\n");
        let rows = parse(&c, v2.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[0].grade.as_str()), (2, "三星级"));
        assert_eq!(rows[1].name, "=乙");
        assert!(rows[1].is_incomplete());
        let v1 = format!(
            "{V1}甲公司,913604007055193770,quality-credit,2,85.00,2,100.00,四级,AAA级,x\r\n"
        );
        assert_eq!(
            parse(&c, v1.as_bytes()).unwrap()[0].scheme,
            "quality-credit"
        );
        let with_comparison = format!(
            "{},上次认证级别,级别变化\r\n甲公司,,complaint,2,85.00,2,100.00,四级,通过,三星级,x,,新增\r\n",
            V2.trim_end()
        );
        assert_eq!(parse(&c, with_comparison.as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn malformed_csvs_say_what_and_where() {
        let c = catalog();
        let bad = |text: String| parse(&c, text.as_bytes()).unwrap_err();
        assert!(matches!(
            bad("名称,级别\r\n".into()),
            PreviousError::Header { .. }
        ));
        assert_eq!(
            bad(format!("{V2}甲公司,,complaint,2\r\n")),
            PreviousError::Fields {
                line: 2,
                found: 4,
                expected: 11
            }
        );
        assert_eq!(
            bad(format!(
                "{V2}甲公司,,complaint,2,85.00,2,100.00,四级,通过,六星级,x\r\n"
            )),
            PreviousError::Grade {
                line: 2,
                grade: "六星级".into(),
                scheme: "complaint".into()
            }
        );
        assert_eq!(
            bad(format!("{V2}甲公司,,complaint,2,85.00,2,100.00,四级,通过,三星级,x\r\n甲 公司,,complaint,2,85.00,2,100.00,四级,通过,三星级,x\r\n")),
            PreviousError::Duplicate { line: 3, first: 2, name: "甲 公司".into() }
        );
        assert_eq!(
            bad(format!(
                "{V2},,complaint,2,85.00,2,100.00,四级,通过,三星级,x\r\n"
            )),
            PreviousError::Empty {
                line: 2,
                column: "机构名称"
            }
        );
    }
}
