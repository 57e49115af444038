//! The workbook handed to auditors, as a user would check it: generated through
//! the CLI, opened with calamine, and its XML looked at for what calamine does not
//! show (validation, protection, locked cells, print set-up).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{open_workbook_auto, Data, DataType, Reader};

use crate::common::layout::{self, cell_name, FIRST_ROW, TABLE_HEADER_ROW};
use crate::common::{
    blank_template, cell, header, n, number, parsed, scheme, score, sheet, t, text, write_template,
    xlsx_files, zip_part, Fill, Scheme, Workdir,
};

const SCHEMES: [&str; 2] = ["complaint", "quality-credit"];

// ---------------------------------------------------------------- helpers

/// Undoes the five XML entities (attribute values and formula text).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of `name="…"` in an opening tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// Every opening tag `<name …>` (or self-closing) with its attributes, and the text up to
/// its closing tag (empty for a self-closing one).
fn elements<'a>(xml: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // `<c` must not match `<cols`, `<col`, …
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let tag_end = after.find('>').expect("tag end");
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        if tag.ends_with('/') {
            out.push((tag, ""));
            rest = &after[body_start..];
        } else {
            let body_end = after[body_start..].find(&close).expect("closing tag") + body_start;
            out.push((tag, &after[body_start..body_end]));
            rest = &after[body_end + close.len()..];
        }
    }
    out
}

/// The worksheet part (`xl/worksheets/sheetN.xml`) holding the named sheet,
/// found through workbook.xml and its relationships.
fn sheet_part(path: &Path, name: &str) -> String {
    let workbook = zip_part(path, "xl/workbook.xml");
    let rels = zip_part(path, "xl/_rels/workbook.xml.rels");
    let (tag, _) = elements(&workbook, "sheet")
        .into_iter()
        .find(|(tag, _)| attr(tag, "name").as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no sheet {name} in workbook.xml"));
    let id = attr(tag, "r:id").expect("r:id");
    let (rel, _) = elements(&rels, "Relationship")
        .into_iter()
        .find(|(tag, _)| attr(tag, "Id").as_deref() == Some(id.as_str()))
        .unwrap_or_else(|| panic!("no relationship {id}"));
    let target = attr(rel, "Target").expect("Target");
    let target = target.trim_start_matches('/').trim_start_matches("xl/");
    format!("xl/{target}")
}

fn sheet_xml(path: &Path, name: &str) -> String {
    zip_part(path, &sheet_part(path, name))
}

/// Indices of the cell formats (cellXfs) that unlock a cell.
fn unlocked_styles(path: &Path) -> BTreeSet<usize> {
    let styles = zip_part(path, "xl/styles.xml");
    let (_, xfs) = elements(&styles, "cellXfs")
        .into_iter()
        .next()
        .expect("cellXfs");
    elements(xfs, "xf")
        .into_iter()
        .enumerate()
        .filter(|(_, (_, body))| body.contains("locked=\"0\""))
        .map(|(i, _)| i)
        .collect()
}

/// Every cell written in a sheet with its style index (0 when it has none).
fn cell_styles(xml: &str) -> BTreeMap<String, usize> {
    elements(xml, "c")
        .into_iter()
        .map(|(tag, _)| {
            let r = attr(tag, "r").expect("cell reference");
            let s = attr(tag, "s").map_or(0, |s| s.parse().unwrap());
            (r, s)
        })
        .collect()
}

/// "AB12" → (11, 27), both 0-based.
fn parse_ref(r: &str) -> (u32, u32) {
    let split = r.find(|c: char| c.is_ascii_digit()).expect("row number");
    let col = r[..split]
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = r[split..].parse().unwrap();
    (row - 1, col)
}

/// Merged ranges as (top-left, bottom-right), 0-based (row, col).
fn merges(xml: &str) -> Vec<((u32, u32), (u32, u32))> {
    elements(xml, "mergeCell")
        .into_iter()
        .map(|(tag, _)| {
            let r = attr(tag, "ref").expect("ref");
            let (a, b) = r.split_once(':').expect("range");
            (parse_ref(a), parse_ref(b))
        })
        .collect()
}

/// The editable cells of a sheet: cells whose style unlocks them. A cell covered by
/// a merged range counts as the range's top-left cell (the only one a user can type
/// in), which must then be unlocked too.
fn editable_cells(path: &Path, sheet: &str) -> BTreeSet<String> {
    let xml = sheet_xml(path, sheet);
    let unlocked = unlocked_styles(path);
    // No whole row or column may be unlocked by a row or column style.
    for (tag, _) in elements(&xml, "row")
        .into_iter()
        .chain(elements(&xml, "col"))
    {
        for key in ["s", "style"] {
            if let Some(s) = attr(tag, key) {
                assert!(
                    !unlocked.contains(&s.parse().unwrap()),
                    "{sheet}: a row or column is unlocked: <{tag}>"
                );
            }
        }
    }
    let styles = cell_styles(&xml);
    let merged = merges(&xml);
    let mut editable = BTreeSet::new();
    for (r, s) in &styles {
        if !unlocked.contains(s) {
            continue;
        }
        let (row, col) = parse_ref(r);
        let anchor = merged
            .iter()
            .find(|((r0, c0), (r1, c1))| (*r0..=*r1).contains(&row) && (*c0..=*c1).contains(&col))
            .map(|((r0, c0), _)| (*r0, *c0));
        match anchor {
            Some((r0, c0)) => {
                let name = cell_name(r0, c0 as u16);
                let anchor_style = styles.get(&name).copied().unwrap_or(0);
                assert!(
                    unlocked.contains(&anchor_style),
                    "{sheet}: {r} is unlocked but the top-left cell {name} of its merged range is not"
                );
                editable.insert(name);
            }
            None => {
                editable.insert(r.clone());
            }
        }
    }
    editable
}

/// `E7`…`E25`: a column of the table over the scheme's rows.
fn column_cells(col: u16, rows: usize) -> BTreeSet<String> {
    (0..rows as u32)
        .map(|i| cell_name(FIRST_ROW + i, col))
        .collect()
}

/// The formula of a cell, unescaped, without a leading `=`.
fn formula(xml: &str, cell: &str) -> String {
    let (_, body) = elements(xml, "c")
        .into_iter()
        .find(|(tag, _)| attr(tag, "r").as_deref() == Some(cell))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let (_, f) = elements(body, "f")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no formula in {cell}"));
    unescape(f).trim_start_matches('=').to_string()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// The `<dataValidation>` covering exactly `sqref`: its tag and body.
fn validation<'a>(xml: &'a str, sqref: &str) -> (&'a str, &'a str) {
    elements(xml, "dataValidation")
        .into_iter()
        .find(|(tag, _)| attr(tag, "sqref").as_deref() == Some(sqref))
        .unwrap_or_else(|| panic!("no data validation over {sqref}"))
}

fn inner_text<'a>(body: &'a str, name: &str) -> &'a str {
    elements(body, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no <{name}>"))
        .1
}

// ---------------------------------------------------------------- contents

#[test]
fn blank_template_lists_every_item_and_clause_in_scheme_order() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        assert_eq!(scheme.items.len(), 19, "{id}");
        assert_eq!(
            scheme.items.iter().map(|i| i.points).sum::<u32>(),
            100,
            "{id}"
        );
        assert_eq!(scheme.clauses.len(), 21, "{id}");
        assert_eq!(scheme.maturity_ceiling(), 145, "{id}");
        let path = blank_template(&wd, id);

        let service = sheet(&path, layout::SERVICE_SHEET);
        for (col, heading) in layout::SERVICE_HEADINGS.iter().enumerate() {
            assert_eq!(
                text(&service, TABLE_HEADER_ROW, col as u16),
                *heading,
                "{id}: 附录1 heading {col}"
            );
        }
        for (i, item) in scheme.items.iter().enumerate() {
            let row = FIRST_ROW + i as u32;
            let at = cell_name(row, layout::S_ITEM);
            assert_eq!(
                text(&service, row, layout::S_ITEM),
                layout::item_label(item),
                "{id}: 附录1!{at}"
            );
            assert_eq!(
                text(&service, row, layout::S_TEXT),
                item.text,
                "{id}: 评价内容 of {}",
                item.code
            );
            assert_eq!(
                number(&service, row, layout::S_POINTS),
                f64::from(item.points),
                "{id}: 单项分值 of {}",
                item.code
            );
            assert_eq!(
                cell(&service, row, layout::S_ALPHA),
                Data::Empty,
                "{id}: α of {} is blank",
                item.code
            );
        }
        // The row after the last item is the totals row, not another item.
        let after = FIRST_ROW + scheme.items.len() as u32;
        assert_eq!(
            layout::leading_code(&text(&service, after, layout::S_ITEM)),
            None,
            "{id}"
        );
        assert_eq!(text(&service, after, 0), "总计", "{id}");
        assert_eq!(
            text(&service, after + 1, 0),
            layout::LABEL_SERVICE_SCORE,
            "{id}"
        );

        // Header labels and the scheme's title and document number.
        for (row, col, label) in layout::HEADER_CELLS {
            assert_eq!(text(&service, row, col), label, "{id}: header label");
            assert_eq!(
                cell(&service, row, col + 1),
                Data::Empty,
                "{id}: {label} is blank"
            );
        }
        let top = format!("{}{}", text(&service, 0, 0), text(&service, 1, 0));
        assert!(top.contains(&scheme.title), "{id}: title in {top}");
        assert!(
            top.contains(&scheme.document),
            "{id}: document number in {top}"
        );

        let maturity = sheet(&path, layout::MATURITY_SHEET);
        for (col, heading) in layout::MATURITY_HEADINGS.iter().enumerate() {
            assert_eq!(
                text(&maturity, TABLE_HEADER_ROW, col as u16),
                *heading,
                "{id}: 附录3 heading {col}"
            );
        }
        for (i, clause) in scheme.clauses.iter().enumerate() {
            let row = FIRST_ROW + i as u32;
            assert_eq!(
                text(&maturity, row, layout::M_CLAUSE),
                layout::clause_label(clause),
                "{id}: 附录3 row {}",
                row + 1
            );
            assert_eq!(
                number(&maturity, row, layout::M_MAX),
                f64::from(clause.max),
                "{id}: 总分值 of {}",
                clause.code
            );
            assert_eq!(
                cell(&maturity, row, layout::M_LEVEL),
                Data::Empty,
                "{id}: level of {} is blank",
                clause.code
            );
        }
        let after = FIRST_ROW + scheme.clauses.len() as u32;
        assert_eq!(
            text(&maturity, after, 0),
            layout::LABEL_MATURITY_TOTAL,
            "{id}"
        );
        assert_eq!(
            text(&maturity, after + 1, 0),
            layout::LABEL_MANAGEMENT_LEVEL,
            "{id}"
        );

        // The meta sheet names scheme, version and template format.
        let meta = sheet(&path, layout::META_SHEET);
        let value = |key: &str| {
            (0..meta.height() as u32 + 8)
                .find(|r| text(&meta, *r, 0) == key)
                .map(|r| text(&meta, r, 1))
                .unwrap_or_else(|| panic!("{id}: no {key} in the meta sheet"))
        };
        assert_eq!(value(layout::META_SCHEME), scheme.id);
        assert_eq!(value(layout::META_VERSION), scheme.version);
        assert_eq!(value(layout::META_FORMAT), "2");
        assert_eq!(layout::TEMPLATE_FORMAT, 2);

        // The reference sheets are there.
        let mut wb = open_workbook_auto(&path).unwrap();
        let names = wb.sheet_names();
        for name in [
            layout::LEVELS_SHEET,
            layout::REQUIREMENTS_SHEET,
            layout::GUIDE_SHEET,
        ] {
            assert!(
                names.iter().any(|n| n == name),
                "{id}: sheet {name} in {names:?}"
            );
        }
        let levels = wb.worksheet_range(layout::LEVELS_SHEET).unwrap();
        for level in &scheme.levels {
            assert!(
                levels
                    .used_cells()
                    .any(|(_, _, v)| v.get_string() == Some(level.label.as_str())),
                "{id}: 附录2 shows {}",
                level.label
            );
        }
    }
}

// ---------------------------------------------------------------- reference sheets

/// The notes of a sheet, cell reference → text, found through the sheet's relationships.
fn notes(path: &Path, name: &str) -> BTreeMap<String, String> {
    let part = sheet_part(path, name);
    let (dir, file) = part.rsplit_once('/').expect("a sheet part in a folder");
    let rels = zip_part(path, &format!("{dir}/_rels/{file}.rels"));
    let (rel, _) = elements(&rels, "Relationship")
        .into_iter()
        .find(|(tag, _)| attr(tag, "Type").is_some_and(|t| t.ends_with("/comments")))
        .unwrap_or_else(|| panic!("{name} has no notes"));
    let target = attr(rel, "Target").expect("Target");
    let target = format!("xl/{}", target.trim_start_matches("../"));
    let xml = zip_part(path, &target);
    elements(&xml, "comment")
        .into_iter()
        .map(|(tag, body)| {
            let text: String = elements(body, "t")
                .into_iter()
                .map(|(_, t)| unescape(t))
                .collect();
            (attr(tag, "ref").expect("ref"), text)
        })
        .collect()
}

/// One level of a nested list item's indentation: two full-width spaces.
const INDENT: &str = "\u{3000}\u{3000}";

/// Chapter 7's introduction, as Appendix 4 prints it in both schemes.
const CHAPTER_7_INTRO: &str = "组织应确定改进的机会（见6.1. 监视、测量、分析和评价、6.2. 内部审核 和6.3. 管理评审），并实施必要的措施，以实现其体系的预期结果。";

#[test]
fn appendix_4_sheet_shows_appendix_4_as_printed_beside_the_appendix_3_clauses() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let path = blank_template(&wd, id);
        let sheet4 = sheet(&path, layout::REQUIREMENTS_SHEET);
        assert_eq!(
            text(&sheet4, 0, 0),
            format!("附录4 {}管理要求（资料性附录）", scheme.service)
        );
        let headings: Vec<String> = (0..4).map(|c| text(&sheet4, 1, c)).collect();
        assert_eq!(
            headings,
            ["附录4 章", "附录3 条款", "附录4 条款", "要求"],
            "{id}"
        );
        // One row per clause: Appendix 3's clause, Appendix 4's heading beside it, its text.
        let row_of = |code: &str| {
            2 + scheme
                .clauses
                .iter()
                .position(|c| c.code == code)
                .unwrap_or_else(|| panic!("{id}: no clause {code}")) as u32
        };
        let at = |code: &str, col: u16| text(&sheet4, row_of(code), col);
        for clause in &scheme.clauses {
            assert_eq!(at(&clause.code, 1), layout::clause_label(clause), "{id}");
            assert_eq!(at(&clause.code, 3), clause.requirement, "{id}");
        }
        // Appendix 4's own headings where they differ from Appendix 3's.
        let service = &scheme.service;
        for (code, appendix_3, appendix_4) in [
            (
                "1.1",
                "1.1 理解组织及其所处的环境".to_string(),
                "1.1. 理解组织及其所处的环境".to_string(),
            ),
            (
                "1.3",
                "1.3 确定服务管理的范围".into(),
                format!("1.3. 确定{service}管理的范围"),
            ),
            (
                "1.4",
                "1.4 服务管理体系".into(),
                format!("1.4. {service}管理体系"),
            ),
            (
                "5.1",
                "5.1 运行策划和控制".into(),
                "5.1. 运行策划和控制".into(),
            ),
            (
                "5.2",
                "5.2 应急准备及响应".into(),
                "5.3. 应急准备和响应".into(),
            ),
            ("6.2", "6.2 内审".into(), "6.2. 内部审核".into()),
        ] {
            assert_eq!(at(code, 1), appendix_3, "{id}: 附录3 clause of row {code}");
            assert_eq!(at(code, 2), appendix_4, "{id}: 附录4 heading of {code}");
        }
        // Under 5.1's heading, Appendix 4 numbers its paragraph "5.2.", as printed.
        assert!(
            at("5.1", 3).starts_with("5.2. 组织应建立、实施、控制并保持满足体系要求"),
            "{id}"
        );
        // Nested lists stay nested: ① under 5) one level in, a. under ③ two levels in.
        let policy = format!(
            "4) 包括持续改进管理体系以提升绩效的承诺；\n5) 方针应：\n\
             {INDENT}① 以文件化信息的形式予以保持；\n\
             {INDENT}② 在组织内得到沟通；\n\
             {INDENT}③ 可为相关方获取。"
        );
        assert!(
            at("2.2", 3).ends_with(&policy),
            "{id}: 2.2 {:?}",
            at("2.2", 3)
        );
        let nonconformity = format!(
            "{INDENT}③ 确定是否存在或是否可能发生类似的不符合；\n\
             {INDENT}{INDENT}a. 实施任何所需的措施；"
        );
        assert!(
            at("7.1", 3).contains(&nonconformity),
            "{id}: 7.1 {:?}",
            at("7.1", 3)
        );
        // The chapter 7 introduction is its chapter's, not 7.1's.
        assert!(!at("7.1", 3).contains("组织应确定改进的机会"), "{id}");
        // Each chapter once, with Appendix 4's heading and introduction, beside all its clauses.
        assert_eq!(at("1.1", 0), "1. 组织所处的环境", "{id}");
        assert_eq!(at("6.1", 0), "6. 绩效评价", "{id}");
        assert_eq!(at("7.1", 0), format!("7. 改进\n{CHAPTER_7_INTRO}"), "{id}");
        let xml = sheet_xml(&path, layout::REQUIREMENTS_SHEET);
        let merged = merges(&xml);
        for (first, last) in [("1.1", "1.4"), ("6.1", "6.3"), ("7.1", "7.2")] {
            let span = ((row_of(first), 0), (row_of(last), 0));
            assert!(
                merged.contains(&span),
                "{id}: chapter {first}–{last} in {merged:?}"
            );
        }
    }
}

#[test]
fn appendix_3_notes_give_each_clause_its_appendix_4_text_and_chapter_introduction() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let path = blank_template(&wd, id);
        let notes = notes(&path, layout::MATURITY_SHEET);
        let note = |code: &str| {
            let i = scheme.clauses.iter().position(|c| c.code == code).unwrap();
            let at = cell_name(FIRST_ROW + i as u32, layout::M_CLAUSE);
            notes
                .get(&at)
                .unwrap_or_else(|| panic!("{id}: no note on {at} ({code})"))
                .clone()
        };
        assert_eq!(
            notes.len(),
            scheme.clauses.len(),
            "{id}: one note per clause"
        );
        assert!(
            note("2.2").starts_with("附录4 2.2. 方针\n最高管理者应在界定的"),
            "{id}"
        );
        assert!(
            note("2.2").contains(&format!(
                "5) 方针应：\n{INDENT}① 以文件化信息的形式予以保持；\n"
            )),
            "{id}: {:?}",
            note("2.2")
        );
        assert!(note("6.2").starts_with("附录4 6.2. 内部审核\n"), "{id}");
        assert!(
            note("5.2").starts_with("附录4 5.3. 应急准备和响应\n"),
            "{id}"
        );
        assert!(
            note("1.4").starts_with(&format!("附录4 1.4. {}管理体系\n", scheme.service)),
            "{id}"
        );
        // Chapter 7's introduction opens the note of each of its clauses, and no other.
        let chapter_7 = format!("附录4 7. 改进\n{CHAPTER_7_INTRO}\n");
        assert!(
            note("7.1").starts_with(&format!(
                "{chapter_7}7.1. 争议、投诉、不符合和纠正措施\n7.1.1. "
            )),
            "{id}: {:?}",
            note("7.1")
        );
        assert_eq!(
            note("7.2"),
            format!("{chapter_7}7.2. 持续改进\n组织应持续改进体系的适宜性、充分性与有效性，以提升绩效。"),
            "{id}"
        );
        for clause in scheme.clauses.iter().filter(|c| c.group != "7") {
            assert!(
                !note(&clause.code).contains("组织应确定改进的机会"),
                "{id}: {}",
                clause.code
            );
        }
    }
}

#[test]
fn appendix_2_sheet_shows_the_level_descriptions_and_apart_the_maturity_total_bands() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let path = blank_template(&wd, id);
        let sheet2 = sheet(&path, layout::LEVELS_SHEET);
        assert_eq!(
            text(&sheet2, 0, 0),
            format!(
                "附录2 {}管理等级描述（基于附录4的管理要求进行评价）",
                scheme.service
            )
        );
        // Appendix 2's table: its clauses down the side, one column per level, headed as
        // Appendix 2 heads them, the description once across all the clauses.
        assert_eq!(text(&sheet2, 1, 0), "管理要求", "{id}");
        assert_eq!(text(&sheet2, 1, 2), "成熟度等级划分与描述", "{id}");
        let columns: Vec<String> = (2..7).map(|c| text(&sheet2, 2, c)).collect();
        assert_eq!(
            columns,
            ["第一级", "第二级", "第三级", "第四级", "第五级"],
            "{id}"
        );
        let first = 3u32;
        let last = first + scheme.clauses.len() as u32 - 1;
        for (i, clause) in scheme.clauses.iter().enumerate() {
            assert_eq!(
                text(&sheet2, first + i as u32, 1),
                layout::clause_label(clause),
                "{id}"
            );
        }
        assert_eq!(text(&sheet2, first, 0), "1. 组织所处环境", "{id}");
        let merged = merges(&sheet_xml(&path, layout::LEVELS_SHEET));
        for (i, level) in scheme.levels.iter().enumerate() {
            let col = 2 + i as u16;
            assert_eq!(text(&sheet2, first, col), level.description, "{id}");
            let span = ((first, u32::from(col)), (last, u32::from(col)));
            assert!(merged.contains(&span), "{id}: {span:?} in {merged:?}");
        }
        assert!(
            text(&sheet2, first, 2).starts_with("① 服务认证管理处于萌芽状态"),
            "{id}"
        );
        // Nothing about total scores inside Appendix 2's table.
        for row in 0..=last {
            for col in 0..7 {
                assert!(
                    !text(&sheet2, row, col).contains("总分"),
                    "{id}: 附录2!{} reads {:?}",
                    cell_name(row, col),
                    text(&sheet2, row, col)
                );
            }
        }
        // Below, apart, the bands of the maturity total, labelled as Appendix 3's 说明 3).
        let caption = (last + 1..last + 6)
            .find(|r| !text(&sheet2, *r, 0).is_empty())
            .expect("a caption below Appendix 2's table");
        assert!(caption > last + 1, "{id}: a blank row before the bands");
        assert_eq!(
            text(&sheet2, caption, 0),
            "附录3 说明 3) 根据管理成熟度总分，管理要求分级规则如下：",
            "{id}"
        );
        let labels: Vec<String> = (0..7).map(|c| text(&sheet2, caption + 1, c)).collect();
        assert_eq!(
            labels,
            ["管理等级", "", "一级", "二级", "三级", "四级", "五级"],
            "{id}"
        );
        let bands: Vec<String> = (0..7).map(|c| text(&sheet2, caption + 2, c)).collect();
        assert_eq!(
            bands,
            [
                layout::LABEL_MATURITY_TOTAL,
                "",
                "20分 ≤ 总分 < 45分",
                "45分 ≤ 总分 < 70分",
                "70分 ≤ 总分 < 95分",
                "95分 ≤ 总分 < 105分",
                "105分 ≤ 总分 ≤ 145分"
            ],
            "{id}"
        );
    }
}

#[test]
fn no_text_in_a_workbook_refers_to_anything_but_the_standard() {
    use std::io::Read;
    let wd = Workdir::new();
    for id in SCHEMES {
        let path = blank_template(&wd, id);
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().map(|n| n.to_string()).unwrap();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            for word in ["SPEC", "seed", "/work/", ".txt", "FORMAT.md"] {
                assert!(!text.contains(word), "{id}: {name} mentions {word}");
            }
        }
    }
}

#[test]
fn blank_template_validates_inputs_with_chinese_messages() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let path = blank_template(&wd, id);
        let alpha_range = format!(
            "{}:{}",
            cell_name(FIRST_ROW, layout::S_ALPHA),
            cell_name(FIRST_ROW + scheme.items.len() as u32 - 1, layout::S_ALPHA)
        );
        assert_eq!(alpha_range, "E7:E25");
        let level_range = format!(
            "{}:{}",
            cell_name(FIRST_ROW, layout::M_LEVEL),
            cell_name(FIRST_ROW + scheme.clauses.len() as u32 - 1, layout::M_LEVEL)
        );
        assert_eq!(level_range, "D7:D27");

        let service = sheet_xml(&path, layout::SERVICE_SHEET);
        let (tag, body) = validation(&service, &alpha_range);
        assert_eq!(
            attr(tag, "type").as_deref(),
            Some("decimal"),
            "{id}: <dataValidation{tag}>"
        );
        // `between` is the default operator in SpreadsheetML.
        assert!(
            matches!(attr(tag, "operator").as_deref(), None | Some("between")),
            "{id}: <dataValidation{tag}>"
        );
        assert_eq!(inner_text(body, "formula1").parse::<f64>().unwrap(), 0.0);
        assert_eq!(inner_text(body, "formula2").parse::<f64>().unwrap(), 1.0);
        assert_eq!(attr(tag, "showInputMessage").as_deref(), Some("1"));
        assert_eq!(attr(tag, "showErrorMessage").as_deref(), Some("1"));
        assert!(
            has_cjk(&attr(tag, "prompt").unwrap_or_default()),
            "{id}: Chinese prompt in <{tag}>"
        );
        assert!(
            has_cjk(&attr(tag, "error").unwrap_or_default()),
            "{id}: Chinese error alert in <{tag}>"
        );
        // Stop is the default error style: a wrong α cannot be entered.
        assert!(matches!(
            attr(tag, "errorStyle").as_deref(),
            None | Some("stop")
        ));

        let maturity = sheet_xml(&path, layout::MATURITY_SHEET);
        let (tag, body) = validation(&maturity, &level_range);
        assert_eq!(
            attr(tag, "type").as_deref(),
            Some("list"),
            "{id}: <dataValidation{tag}>"
        );
        let list = unescape(inner_text(body, "formula1"));
        assert_eq!(list, format!("\"{}\"", layout::LEVEL_WORDS.join(",")));
        assert_eq!(list, "\"一级,二级,三级,四级,五级\"");
        assert!(
            has_cjk(&attr(tag, "prompt").unwrap_or_default()),
            "{id}: Chinese prompt in <{tag}>"
        );
        assert!(
            has_cjk(&attr(tag, "error").unwrap_or_default()),
            "{id}: Chinese error alert in <{tag}>"
        );
        assert!(matches!(
            attr(tag, "errorStyle").as_deref(),
            None | Some("stop")
        ));
    }
}

#[test]
fn blank_template_is_protected_without_password_and_meta_sheet_is_very_hidden() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let path = blank_template(&wd, id);
        for name in [layout::SERVICE_SHEET, layout::MATURITY_SHEET] {
            let xml = sheet_xml(&path, name);
            let protections = elements(&xml, "sheetProtection");
            assert_eq!(protections.len(), 1, "{id}: {name} is protected");
            let (tag, _) = protections[0];
            assert_eq!(
                attr(tag, "sheet").as_deref(),
                Some("1"),
                "{id}: {name}: <sheetProtection{tag}>"
            );
            for key in ["password", "hashValue", "algorithmName", "saltValue"] {
                assert_eq!(attr(tag, key), None, "{id}: {name} protection has no {key}");
            }
        }
        let workbook = zip_part(&path, "xl/workbook.xml");
        let (meta, _) = elements(&workbook, "sheet")
            .into_iter()
            .find(|(tag, _)| attr(tag, "name").as_deref() == Some(layout::META_SHEET))
            .expect("meta sheet");
        assert_eq!(
            attr(meta, "state").as_deref(),
            Some("veryHidden"),
            "{id}: <sheet{meta}>"
        );
        for (tag, _) in elements(&workbook, "sheet") {
            if attr(tag, "name").as_deref() != Some(layout::META_SHEET) {
                assert_eq!(
                    attr(tag, "state"),
                    None,
                    "{id}: only the meta sheet is hidden: <sheet{tag}>"
                );
            }
        }
        // The workbook structure itself is not password-protected either.
        for (tag, _) in elements(&workbook, "workbookProtection") {
            assert_eq!(attr(tag, "workbookPassword"), None);
            assert_eq!(attr(tag, "workbookHashValue"), None);
        }
    }
}

#[test]
fn blank_template_has_live_formulas() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let path = blank_template(&wd, id);
        let xml = sheet_xml(&path, layout::SERVICE_SHEET);
        let n = scheme.items.len() as u32;
        for i in 0..n {
            let row = FIRST_ROW + i;
            let (d, e) = (
                cell_name(row, layout::S_POINTS),
                cell_name(row, layout::S_ALPHA),
            );
            let f = formula(&xml, &cell_name(row, layout::S_SCORE));
            assert!(
                f.contains(&format!("{d}*")) && f.contains(&format!("ISNUMBER({e})")),
                "{id}: 实际得分 row {}: {f}",
                row + 1
            );
            let g = formula(&xml, &cell_name(row, layout::S_BAND));
            for band in &scheme.likert {
                assert!(
                    g.contains(&format!("\"{}\"", band.label)),
                    "{id}: band {} in {g}",
                    band.label
                );
            }
            for band in &scheme.likert[..scheme.likert.len() - 1] {
                assert!(
                    g.contains(&format!("{e}))))<={},", band.upper)),
                    "{id}: bound {} in {g}",
                    band.upper
                );
            }
        }
        assert!(formula(&xml, "F7").contains("D7*IF(ISNUMBER(E7),E7,"));
        let total = formula(&xml, &cell_name(FIRST_ROW + n, layout::S_SCORE));
        assert!(total.contains("SUM(F7:F25)"), "{id}: total {total}");
        let score_cell = cell_name(FIRST_ROW + n + 1, layout::S_SCORE);
        assert_eq!(score_cell, "F27");
        let score = formula(&xml, &score_cell);
        assert!(
            score.contains("ROUND(F26,2)"),
            "{id}: service score {score}"
        );

        let xml = sheet_xml(&path, layout::MATURITY_SHEET);
        let m = scheme.clauses.len() as u32;
        for i in 0..m {
            let row = FIRST_ROW + i;
            let (c, d) = (
                cell_name(row, layout::M_MAX),
                cell_name(row, layout::M_LEVEL),
            );
            let f = formula(&xml, &cell_name(row, layout::M_SCORE));
            assert!(
                f.contains(&d) && f.contains(&format!("{c}/5")),
                "{id}: clause score row {}: {f}",
                row + 1
            );
        }
        let total_cell = cell_name(FIRST_ROW + m, layout::M_SCORE);
        let total = formula(&xml, &total_cell);
        assert!(
            total.contains("SUM(E7:E27)"),
            "{id}: maturity total {total}"
        );
        let level = formula(&xml, &cell_name(FIRST_ROW + m + 1, layout::M_SCORE));
        assert!(level.contains(&total_cell), "{id}: level formula {level}");
        for l in &scheme.levels {
            assert!(
                level.contains(&format!(">={}", l.min)),
                "{id}: {} in {level}",
                l.min
            );
            assert!(
                level.contains(&format!("\"{}\"", l.label)),
                "{id}: {} in {level}",
                l.label
            );
        }
        // The maturity sheet repeats the header from 附录1 by formula.
        let org = formula(&xml, "B3");
        assert!(
            org.contains("附录1") && org.contains("B3"),
            "{id}: 附录3!B3 {org}"
        );
    }
}

/// The input cells of 附录3: a level per clause, and the conformity review's
/// conclusion in the level column two rows below the last clause (under the total
/// and the management level).
fn maturity_inputs(scheme: &Scheme) -> BTreeSet<String> {
    let mut cells = column_cells(layout::M_LEVEL, scheme.clauses.len());
    let row = layout::FIRST_ROW + scheme.clauses.len() as u32 + 2;
    cells.insert(layout::cell_name(row, layout::M_LEVEL));
    cells
}

#[test]
fn the_conformity_review_is_a_dropdown_below_the_management_level() {
    let wd = Workdir::new();
    let scheme = scheme("complaint");
    let path = blank_template(&wd, "complaint");
    let m = sheet(&path, layout::MATURITY_SHEET);
    let row = layout::FIRST_ROW + scheme.clauses.len() as u32 + 2;
    assert_eq!(text(&m, row, 0), "管理要求符合性审查结论");
    assert_eq!(text(&m, row - 1, 0), layout::LABEL_MANAGEMENT_LEVEL);
    let xml = zip_part(&path, "xl/worksheets/sheet2.xml");
    let cell = layout::cell_name(row, layout::M_LEVEL);
    let validation = xml
        .split("<dataValidation ")
        .find(|v| v.contains(&format!("sqref=\"{cell}\"")))
        .unwrap_or_else(|| panic!("no validation on {cell}: {xml}"));
    assert!(validation.contains("type=\"list\""), "{validation}");
    assert!(
        validation.contains("<formula1>\"通过,不通过\"</formula1>"),
        "{validation}"
    );
    assert!(
        validation.contains("promptTitle=\"符合性审查结论\""),
        "{validation}"
    );
    assert!(
        validation.contains("errorTitle=\"结论无效\""),
        "{validation}"
    );
}

#[test]
fn blank_template_unlocks_only_the_input_cells() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let path = blank_template(&wd, id);
        let mut want = column_cells(layout::S_ALPHA, scheme.items.len());
        want.extend(["B3", "F3", "B4", "F4"].map(String::from));
        assert_eq!(
            editable_cells(&path, layout::SERVICE_SHEET),
            want,
            "{id}: 附录1"
        );
        assert_eq!(
            editable_cells(&path, layout::MATURITY_SHEET),
            maturity_inputs(&scheme),
            "{id}: 附录3"
        );
        for name in [
            layout::LEVELS_SHEET,
            layout::REQUIREMENTS_SHEET,
            layout::GUIDE_SHEET,
            layout::META_SHEET,
        ] {
            let xml = sheet_xml(&path, name);
            assert_eq!(editable_cells(&path, name), BTreeSet::new(), "{id}: {name}");
            assert_eq!(
                elements(&xml, "sheetProtection").len(),
                1,
                "{id}: {name} is protected"
            );
        }
    }
}

#[test]
fn blank_template_prints_on_a4_fit_to_width_with_repeated_headings() {
    let wd = Workdir::new();
    for id in SCHEMES {
        let path = blank_template(&wd, id);
        for name in [layout::SERVICE_SHEET, layout::MATURITY_SHEET] {
            let xml = sheet_xml(&path, name);
            let (setup, _) = elements(&xml, "pageSetup")
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("{id}: {name} has no <pageSetup>"));
            assert_eq!(
                attr(setup, "paperSize").as_deref(),
                Some("9"),
                "{id}: {name} A4: <pageSetup{setup}>"
            );
            // Fit to one page wide (fitToWidth defaults to 1), as many pages tall as needed.
            let (pr, _) = elements(&xml, "pageSetUpPr")
                .into_iter()
                .next()
                .expect("pageSetUpPr");
            assert_eq!(attr(pr, "fitToPage").as_deref(), Some("1"), "{id}: {name}");
            assert!(
                matches!(attr(setup, "fitToWidth").as_deref(), None | Some("1")),
                "{id}: {name}"
            );
            assert_eq!(
                attr(setup, "fitToHeight").as_deref(),
                Some("0"),
                "{id}: {name}"
            );
        }
        let workbook = zip_part(&path, "xl/workbook.xml");
        let titles: Vec<(Option<String>, String)> = elements(&workbook, "definedName")
            .into_iter()
            .filter(|(tag, _)| attr(tag, "name").as_deref() == Some("_xlnm.Print_Titles"))
            .map(|(tag, body)| (attr(tag, "localSheetId"), unescape(body)))
            .collect();
        let heading_rows = format!("${0}:${0}", TABLE_HEADER_ROW + 1);
        for (index, name) in [(0, layout::SERVICE_SHEET), (1, layout::MATURITY_SHEET)] {
            let (_, refers) = titles
                .iter()
                .find(|(local, _)| local.as_deref() == Some(index.to_string().as_str()))
                .unwrap_or_else(|| panic!("{id}: no print titles for {name}: {titles:?}"));
            assert!(refers.contains(name), "{id}: {refers}");
            assert!(
                refers.ends_with(&format!("!{heading_rows}")),
                "{id}: {refers}"
            );
        }
    }
}

// ---------------------------------------------------------------- roster

const ROSTER: &str = "机构名称,评价人,统一社会信用代码,评价日期\n\
南昌甲公司,张三,91350100M000100Y43,2026-03-01\n\
南昌甲公司,李四,91350100M000100Y43,2026-03-02\n\
赣州乙有限公司,王五,,2026-03-03\n";

fn bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "the roster text is GBK");
    bytes.into_owned()
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn roster_in_utf8_with_bom_and_in_gbk_gives_identical_workbooks() {
    let wd = Workdir::new();
    wd.write("utf8.csv", &bom(ROSTER));
    wd.write("gbk.csv", &gbk(ROSTER));
    assert_ne!(bom(ROSTER), gbk(ROSTER));
    wd.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "utf8.csv",
        "--out",
        "utf8",
    ])
    .expect_code(0);
    wd.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "gbk.csv",
        "--out",
        "gbk",
    ])
    .expect_code(0);
    let utf8 = xlsx_files(&wd.path("utf8"));
    let gbk = xlsx_files(&wd.path("gbk"));
    assert_eq!(utf8.len(), 3, "{utf8:?}");
    assert_eq!(
        utf8.iter().map(|p| file_name(p)).collect::<Vec<_>>(),
        gbk.iter().map(|p| file_name(p)).collect::<Vec<_>>()
    );
    assert!(
        utf8.iter().any(|p| file_name(p) == "南昌甲公司_张三.xlsx"),
        "{utf8:?}"
    );
    for (a, b) in utf8.iter().zip(&gbk) {
        let zip = zip::ZipArchive::new(std::fs::File::open(a).unwrap()).unwrap();
        let parts: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .filter(|n| {
                n.starts_with("xl/worksheets/") && n.ends_with(".xml")
                    || n == "xl/sharedStrings.xml"
            })
            .collect();
        assert!(parts.len() >= 6, "{parts:?}");
        for part in parts {
            assert!(
                zip_part(a, &part) == zip_part(b, &part),
                "{} differs between the UTF-8 and GBK rosters: {part}",
                file_name(a)
            );
        }
    }
}

#[test]
fn roster_prefills_the_header_and_locks_it() {
    let wd = Workdir::new();
    wd.write("名单.csv", &bom(ROSTER));
    wd.run(&[
        "template",
        "--scheme",
        "quality-credit",
        "--roster",
        "名单.csv",
        "--out",
        "out",
    ])
    .expect_code(0);
    let rows: Vec<Vec<&str>> = ROSTER
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let files = xlsx_files(&wd.path("out"));
    assert_eq!(files.len(), rows.len());
    let scheme = scheme("quality-credit");
    for row in &rows {
        let (org, rater, code, date) = (row[0], row[1], row[2], row[3]);
        let path = wd.path("out").join(format!("{org}_{rater}.xlsx"));
        assert!(path.exists(), "{}", path.display());
        let service = sheet(&path, layout::SERVICE_SHEET);
        assert_eq!(text(&service, 2, 1), org, "附录1!B3");
        assert_eq!(text(&service, 3, 1), rater, "附录1!B4");
        assert_eq!(text(&service, 2, 5), code, "附录1!F3");
        assert_eq!(text(&service, 3, 5), date, "附录1!F4");
        // 附录3 repeats the header (a formula with its result cached).
        let maturity = sheet(&path, layout::MATURITY_SHEET);
        assert_eq!(text(&maturity, 2, 1), org, "附录3!B3");
        assert_eq!(text(&maturity, 3, 1), rater, "附录3!B4");

        // The header is locked: only α and the levels remain editable.
        let styles = cell_styles(&sheet_xml(&path, layout::SERVICE_SHEET));
        let unlocked = unlocked_styles(&path);
        for cell in ["B3", "F3", "B4", "F4"] {
            let s = styles.get(cell).copied().unwrap_or(0);
            assert!(
                !unlocked.contains(&s),
                "{}: 附录1!{cell} is locked",
                file_name(&path)
            );
        }
        assert_eq!(
            editable_cells(&path, layout::SERVICE_SHEET),
            column_cells(layout::S_ALPHA, scheme.items.len()),
            "{}",
            file_name(&path)
        );
        assert_eq!(
            editable_cells(&path, layout::MATURITY_SHEET),
            maturity_inputs(&scheme)
        );
    }
}

#[test]
fn roster_credit_code_failing_its_check_digit_warns_with_the_line_and_still_writes() {
    let wd = Workdir::new();
    let roster = "机构名称,评价人,统一社会信用代码,评价日期\n\
        南昌甲公司,张三,91350100M000100Y43,2026-03-01\n\
        福州丙公司,李四,91350100M000100Y44,2026-03-02\n";
    wd.write("名单.csv", roster.as_bytes());
    let run = wd.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "名单.csv",
        "--out",
        "out",
    ]);
    run.expect_code(0);
    // One warning, for the bad code only, on stdout with the roster's line; the
    // summary after it; nothing on stderr.
    assert_eq!(
        run.stdout(),
        "名单.csv: 第 3 行: 警告: 统一社会信用代码“91350100M000100Y44”未通过 GB 32100 校验（请核对；少数真实代码也会如此）\n\
         已生成 2 份评分表，0 份已存在未覆盖；文件夹：out\n"
    );
    assert_eq!(run.stderr(), "");

    let path = wd.path("out").join("福州丙公司_李四.xlsx");
    assert!(path.exists(), "the workbook is written despite the warning");
    let service = sheet(&path, layout::SERVICE_SHEET);
    assert_eq!(
        text(&service, 2, 5),
        "91350100M000100Y44",
        "the code is kept as given"
    );
    assert_eq!(xlsx_files(&wd.path("out")).len(), 2);
}

#[test]
fn roster_names_with_reserved_characters_give_safe_unique_file_names() {
    let wd = Workdir::new();
    let roster = "机构名称,评价人\n\
        甲/乙:公司,李*四?\n\
        甲:乙/公司,李*四?\n\
        甲_乙_公司,李_四_\n\
        \"A<B>C|D\\\"\"E\",王五\n\
        con,赵六\n\
        南昌公司.,孙七 \n";
    wd.write("名单.csv", roster.as_bytes());
    wd.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "名单.csv",
        "--out",
        "out",
    ])
    .expect_code(0);
    let files = xlsx_files(&wd.path("out"));
    assert_eq!(files.len(), 6, "one workbook per roster row: {files:?}");
    let names: Vec<String> = files.iter().map(|p| file_name(p)).collect();
    let mut folded = BTreeSet::new();
    for name in &names {
        let stem = name.strip_suffix(".xlsx").expect(".xlsx");
        assert!(
            !stem.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*'])
                && !stem.chars().any(char::is_control),
            "{name} is not safe on Windows"
        );
        assert!(
            !stem.ends_with(['.', ' ']),
            "{name} ends with a dot or space"
        );
        let base = stem.split('.').next().unwrap().to_ascii_uppercase();
        assert!(
            !["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"].contains(&base.as_str()),
            "{name} is a reserved name"
        );
        assert!(
            folded.insert(name.to_lowercase()),
            "{name} is not unique (case-insensitively) in {names:?}"
        );
    }
    // Each file holds the row it was named after, names unchanged inside.
    let mut orgs: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let s = sheet(p, layout::SERVICE_SHEET);
            (text(&s, 2, 1), text(&s, 3, 1))
        })
        .collect();
    orgs.sort();
    let mut want: Vec<(String, String)> = [
        ("甲/乙:公司", "李*四?"),
        ("甲:乙/公司", "李*四?"),
        ("甲_乙_公司", "李_四_"),
        ("A<B>C|D\\\"E", "王五"),
        ("con", "赵六"),
        ("南昌公司.", "孙七"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(orgs, want);
}

// ---------------------------------------------------------------- cached results

/// α and levels of every form ingest accepts, and what certsheet makes of them.
fn sample_fill(scheme: &Scheme) -> Fill {
    let alphas = [
        n(0.95),
        n(0.8),
        t("85%"),
        n(1.0),
        n(0.333),
        n(0.2),
        t("0.75"),
        n(0.0),
        t("０．９"),
    ];
    let levels = [n(4.0), t("三级"), n(5.0), t("2级"), t("一"), n(3.0)];
    Fill {
        alphas: (0..scheme.items.len())
            .map(|i| alphas[i % alphas.len()].clone())
            .collect(),
        levels: (0..scheme.clauses.len())
            .map(|i| levels[i % levels.len()].clone())
            .collect(),
        conformity: t("通过"),
        uncached: false,
    }
}

#[test]
fn filled_workbook_formulas_carry_their_computed_results() {
    use rust_decimal::prelude::ToPrimitive;

    let wd = Workdir::new();
    for id in SCHEMES {
        let scheme = scheme(id);
        let fill = sample_fill(&scheme);
        let (alphas, levels) = parsed(&scheme, &fill);
        let bytes =
            write_template(&scheme, Some(&header("南昌甲公司", "张三")), Some(&fill)).unwrap();
        let path = wd.write(&format!("{id}.xlsx"), &bytes);
        let service = sheet(&path, layout::SERVICE_SHEET);
        for (i, (item, &alpha)) in scheme.items.iter().zip(&alphas).enumerate() {
            let row = FIRST_ROW + i as u32;
            let want = score::item_score(item.points, alpha).to_f64().unwrap();
            let got = number(&service, row, layout::S_SCORE);
            assert!(
                (got - want).abs() < 1e-9,
                "{id}: 附录1!F{} = {got:?}, want {want}",
                row + 1
            );
            assert_eq!(
                text(&service, row, layout::S_BAND),
                scheme.likert_label(alpha),
                "{id}: 附录1!G{}",
                row + 1
            );
        }
        let s = score::round_report(score::service_score(&scheme, &alphas));
        let score_row = FIRST_ROW + scheme.items.len() as u32 + 1;
        assert_eq!(text(&service, score_row, 0), layout::LABEL_SERVICE_SCORE);
        let got = format!("{:.2}", number(&service, score_row, layout::S_SCORE));
        assert_eq!(got, s.to_string(), "{id}: 服务特性测评得分");

        let maturity = sheet(&path, layout::MATURITY_SHEET);
        for (i, (clause, &level)) in scheme.clauses.iter().zip(&levels).enumerate() {
            let row = FIRST_ROW + i as u32;
            let want = score::clause_score(clause.max, level).to_f64().unwrap();
            assert_eq!(
                number(&maturity, row, layout::M_SCORE),
                want,
                "{id}: 附录3!E{}",
                row + 1
            );
        }
        let m = score::round_report(score::maturity_total(&scheme, &levels));
        let total_row = FIRST_ROW + scheme.clauses.len() as u32;
        let got = format!("{:.2}", number(&maturity, total_row, layout::M_SCORE));
        assert_eq!(got, m.to_string(), "{id}: 管理成熟度总分");
        let level = &scheme.levels[scheme.level_index(m).unwrap()].label;
        assert_eq!(
            &text(&maturity, total_row + 1, layout::M_SCORE),
            level,
            "{id}: 管理等级"
        );
        assert_eq!(text(&maturity, 2, 1), "南昌甲公司", "{id}: 附录3!B3");
    }
}

#[test]
fn blank_template_formulas_cache_empty_results_not_zero() {
    let wd = Workdir::new();
    let path = blank_template(&wd, "complaint");
    let mut zeros = Vec::new();
    for name in [layout::SERVICE_SHEET, layout::MATURITY_SHEET] {
        let range = sheet(&path, name);
        let xml = sheet_xml(&path, name);
        for (tag, body) in elements(&xml, "c") {
            if elements(body, "f").is_empty() {
                continue;
            }
            let r = attr(tag, "r").unwrap();
            let (row, col) = parse_ref(&r);
            // The only formula with a result in a blank workbook: the sum of the points.
            if name == layout::SERVICE_SHEET && col == u32::from(layout::S_POINTS) {
                continue;
            }
            let value = cell(&range, row, col as u16);
            if !matches!(&value, Data::Empty) && value.get_string() != Some("") {
                zeros.push(format!("{name}!{r} = {value:?}"));
            }
        }
    }
    assert!(
        zeros.is_empty(),
        "{} formulas carry a result in a blank workbook:\n{}",
        zeros.len(),
        zeros.join("\n")
    );
}
