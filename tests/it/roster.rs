//! Rosters as users keep them (`certsheet template --roster`): CSV as Excel saves
//! it in each of its forms, workbooks, a scheme per row, and every mistake
//! reported at once with the line the user's editor shows, nothing written.
//! What the user sees is asserted exactly.

use std::path::{Path, PathBuf};

use crate::common::layout::{self, META_SCHEME};
use crate::common::{sheet, text, xlsx_files, Run, Workdir};

/// `certsheet [--lang LANG] template ARGS…`
fn template(wd: &Workdir, lang: &str, args: &[&str]) -> Run {
    let mut all = vec!["--lang", lang, "template"];
    all.extend_from_slice(args);
    wd.run(&all)
}

fn names(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Organization, rater, credit code and date of a workbook's header (附录1), its
/// scheme id (the hidden sheet) and the title atop 附录1.
fn header_of(path: &Path) -> (Vec<String>, String, String) {
    let service = sheet(path, layout::SERVICE_SHEET);
    let header = vec![
        text(&service, 2, 1),
        text(&service, 3, 1),
        text(&service, 2, 5),
        text(&service, 3, 5),
    ];
    let meta = sheet(path, layout::META_SHEET);
    let id = (0..20)
        .find(|r| text(&meta, *r, 0) == META_SCHEME)
        .map(|r| text(&meta, r, 1))
        .expect("scheme id in the meta sheet");
    let title = format!("{}{}", text(&service, 0, 0), text(&service, 1, 0));
    (header, id, title)
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

// ---------------------------------------------------------------- scheme per row

#[test]
fn sample_roster_quality_credit_rows_get_quality_credit_workbooks() {
    let wd = Workdir::new();
    let roster = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/名单.csv"))
        .expect("samples/名单.csv");
    wd.write("名单.csv", &roster);
    let run = template(&wd, "zh", &["--roster", "名单.csv", "--out", "评分表"]);
    run.expect_code(0);
    let text_roster = String::from_utf8(roster).unwrap();
    let rows: Vec<Vec<&str>> = text_roster
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let files = xlsx_files(&wd.path("评分表"));
    assert_eq!(files.len(), rows.len(), "{:?}", names(&files));
    let mut quality = 0;
    for row in &rows {
        let (org, rater, date, id) = (row[0], row[1], row[3], row[4]);
        // The one rater listed twice for an organization (another date) gets `_2`.
        let path = [
            format!("{org}_{rater}.xlsx"),
            format!("{org}_{rater}_2.xlsx"),
        ]
        .iter()
        .map(|n| wd.path("评分表").join(n))
        .find(|p| p.exists() && header_of(p).0[3] == date)
        .unwrap_or_else(|| panic!("no workbook for {org} {rater} {date}"));
        let (header, scheme, title) = header_of(&path);
        assert_eq!(header[0], org);
        assert_eq!(scheme, id, "{}", path.display());
        if id == "quality-credit" {
            quality += 1;
            assert!(title.contains("企业质量信用服务认证"), "{title}");
            assert!(!title.contains("客户投诉服务认证"), "{title}");
        } else {
            assert!(title.contains("客户投诉服务认证"), "{title}");
        }
    }
    assert_eq!(quality, 11);
    let stdout = run.stdout();
    assert!(
        stdout.ends_with("已生成 27 份评分表，0 份已存在未覆盖；文件夹：评分表\n"),
        "{stdout}"
    );
    assert_eq!(run.stderr(), "");

    // With --scheme complaint, each quality-credit row is an error: nothing written.
    let run = template(
        &wd,
        "zh",
        &[
            "--scheme",
            "complaint",
            "--roster",
            "名单.csv",
            "--out",
            "投诉",
        ],
    );
    run.expect_code(2);
    let stdout = run.stdout();
    let conflicts: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("与 --scheme complaint 不一致"))
        .map(|l| l.split(": ").nth(1).unwrap())
        .collect();
    let want: Vec<String> = (17..=27).map(|n| format!("第 {n} 行")).collect();
    assert_eq!(conflicts, want);
    assert_eq!(
        stdout.lines().find(|l| l.contains("不一致")).unwrap(),
        "名单.csv: 第 17 行: 错误: 认证方案为 quality-credit，与 --scheme complaint 不一致（不用 --scheme 时按每行的认证方案生成）"
    );
    assert!(
        !wd.path("投诉").exists(),
        "nothing written, not even the folder"
    );
}

// ---------------------------------------------------------------- every problem, its line

/// Blank lines (3, 9) and a quoted name over two lines (4–5) are counted as an
/// editor numbers lines; Excel's CRLF line ends.
const BAD_ROSTER: &str = "机构名称,评价人,统一社会信用代码,评价日期,认证方案
南昌甲公司,张三,,2026-03-02,complaint

\"赣州乙
有限公司\",,,2026-03-02,complaint
,王五,,2026-03-02,complaint
九江丙公司,赵六,91350100M000100Y44,2026-03-02,complaint
萍乡丁公司,钱七,9.13604E+17,2026-03-02,complaint

南昌甲公司 ,张\u{200B}三,,2026/3/2,客户投诉服务认证
抚州戊公司,孙八,,2026-03-02,酒店服务
";

#[test]
fn roster_problems_are_all_reported_with_their_editor_lines_and_nothing_is_written() {
    let wd = Workdir::new();
    wd.write("名单.csv", BAD_ROSTER.replace('\n', "\r\n").as_bytes());
    let run = template(&wd, "zh", &["--roster", "名单.csv", "--out", "评分表"]);
    run.expect_code(2);
    assert_eq!(
        run.stdout(),
        "名单.csv: 第 2、10 行: 错误: 同一机构、评价人和评价日期出现了 2 次（南昌甲公司，张三，2026-03-02）：回收时这些评分表会作为重复提交全部退回；请删去多余的行，或改正评价日期
名单.csv: 第 4 行: 错误: “评价人”为空
名单.csv: 第 6 行: 错误: “机构名称”为空
名单.csv: 第 7 行: 警告: 统一社会信用代码“91350100M000100Y44”未通过 GB 32100 校验（请核对；少数真实代码也会如此）
名单.csv: 第 8 行: 错误: 统一社会信用代码“9.13604E+17”已被 Excel 当作数字，末几位已丢失：请把该列设置为“文本”格式，重新输入代码后再保存
名单.csv: 第 11 行: 错误: 认证方案“酒店服务”不存在（填方案编号或名称，见 certsheet schemes）
名单有 5 处错误，未生成任何评分表
"
    );
    assert_eq!(run.stderr(), "");
    assert!(!wd.path("评分表").exists());

    let run = template(&wd, "en", &["--roster", "名单.csv", "--out", "评分表"]);
    run.expect_code(2);
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "名单.csv: lines 2, 10: error: the same organization, rater and date 2 times (南昌甲公司, 张三, 2026-03-02): ingest would reject all these workbooks as duplicates; delete the extra lines or correct the date"
    );
    assert_eq!(
        lines[4],
        "名单.csv: line 8: error: unified social credit code '9.13604E+17' was turned into a number by Excel and its last digits are lost: format the column as text, type the code again and save"
    );
    assert_eq!(lines[6], "the roster has 5 errors: no workbook written");
    assert!(!wd.path("评分表").exists());
}

#[test]
fn roster_names_are_cleaned_before_they_are_compared_or_written() {
    let wd = Workdir::new();
    // "Café" typed with a combining accent and a zero-width space: the same
    // organization as the precomposed one, and written precomposed, without it.
    let roster = "机构名称,评价人,评价日期\n\
        Caf\u{E9}\u{FEFF}公司,张三,2026-03-02\n\
        Cafe\u{301} 公司,张\u{200B}三,2026年3月2日\n";
    wd.write("名单.csv", roster.as_bytes());
    let run = template(
        &wd,
        "zh",
        &[
            "--scheme",
            "complaint",
            "--roster",
            "名单.csv",
            "--out",
            "表",
        ],
    );
    run.expect_code(2);
    assert!(
        run.stdout().starts_with("名单.csv: 第 2、3 行: 错误: 同一机构、评价人和评价日期出现了 2 次（Café公司，张三，2026-03-02）"),
        "{}",
        run.stdout()
    );
    wd.write(
        "名单.csv",
        "机构名称,评价人\nCafe\u{301}\u{200B}公司,\u{FEFF}张三\n".as_bytes(),
    );
    let run = template(
        &wd,
        "zh",
        &[
            "--scheme",
            "complaint",
            "--roster",
            "名单.csv",
            "--out",
            "表",
        ],
    );
    run.expect_code(0);
    let files = xlsx_files(&wd.path("表"));
    assert_eq!(names(&files), ["Caf\u{E9}公司_张三.xlsx"]);
    assert_eq!(header_of(&files[0]).0[..2], ["Caf\u{E9}公司", "张三"]);
}

// ---------------------------------------------------------------- as Excel saves a roster

const ROSTER: &str = "机构名称,评价人,统一社会信用代码,评价日期
南昌甲公司,张三,91350100M000100Y43,2026-03-01
赣州乙有限公司,王五,,2026-03-03
";

/// Runs `template --scheme complaint` on a roster file and returns the headers
/// written, by file name.
fn written(wd: &Workdir, file: &str, out: &str) -> Vec<(String, Vec<String>)> {
    template(
        wd,
        "zh",
        &["--scheme", "complaint", "--roster", file, "--out", out],
    )
    .expect_code(0);
    xlsx_files(&wd.path(out))
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                header_of(p).0,
            )
        })
        .collect()
}

#[test]
fn roster_saved_as_unicode_text_semicolons_or_comma_csv_reads_alike() {
    let wd = Workdir::new();
    wd.write("comma.csv", ROSTER.as_bytes());
    let want = written(&wd, "comma.csv", "comma");
    assert_eq!(want.len(), 2);
    assert_eq!(
        want[0].1,
        ["南昌甲公司", "张三", "91350100M000100Y43", "2026-03-01"]
    );
    // Excel's "Unicode 文本": UTF-16LE with a BOM, tabs, CRLF.
    let unicode = ROSTER.replace(',', "\t").replace('\n', "\r\n");
    wd.write("unicode.txt", &utf16le_with_bom(&unicode));
    assert_eq!(written(&wd, "unicode.txt", "unicode"), want);
    // Semicolons (Excel where the decimal mark is a comma), with and without sep=;.
    wd.write("semicolon.csv", ROSTER.replace(',', ";").as_bytes());
    assert_eq!(written(&wd, "semicolon.csv", "semicolon"), want);
    let sep = format!("sep=;\n{}", ROSTER.replace(',', ";"));
    wd.write("sep.csv", sep.as_bytes());
    assert_eq!(written(&wd, "sep.csv", "sep"), want);

    // Lines in a Unicode text roster count as in the other forms (the sep= line too).
    let bad = "机构名称\t评价人\r\n南昌甲公司\t张三\r\n\r\n赣州乙有限公司\t\r\n";
    wd.write("bad.txt", &utf16le_with_bom(bad));
    let run = template(
        &wd,
        "zh",
        &["--scheme", "complaint", "--roster", "bad.txt", "--out", "x"],
    );
    run.expect_code(2);
    assert_eq!(
        run.stdout(),
        "bad.txt: 第 4 行: 错误: “评价人”为空\n名单有 1 处错误，未生成任何评分表\n"
    );
    wd.write("bad.csv", "sep=;\n机构名称;评价人\n;张三\n".as_bytes());
    let run = template(
        &wd,
        "zh",
        &["--scheme", "complaint", "--roster", "bad.csv", "--out", "x"],
    );
    run.expect_code(2);
    assert!(
        run.stdout()
            .starts_with("bad.csv: 第 3 行: 错误: “机构名称”为空\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn roster_that_cannot_be_read_as_a_roster_says_how_to_save_it() {
    let wd = Workdir::new();
    // Another separator than comma, tab or semicolon: no heading is found.
    wd.write("名单.csv", "机构名称|评价人\n甲公司|张三\n".as_bytes());
    let run = template(
        &wd,
        "zh",
        &[
            "--scheme",
            "complaint",
            "--roster",
            "名单.csv",
            "--out",
            "x",
        ],
    );
    run.expect_code(2);
    assert_eq!(
        run.stdout(),
        "名单.csv: 第 1 行: 错误: 找不到“机构名称”列：这一行应是列名（必需的列：机构名称、评价人；可选：统一社会信用代码、评价日期、认证方案）。若名单在 Excel 中编辑，请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后再用
名单.csv: 第 1 行: 错误: 找不到“评价人”列：这一行应是列名（必需的列：机构名称、评价人；可选：统一社会信用代码、评价日期、认证方案）。若名单在 Excel 中编辑，请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后再用
名单有 2 处错误，未生成任何评分表
"
    );
    // No --scheme and no 认证方案 column.
    wd.write("名单.csv", ROSTER.as_bytes());
    let run = template(&wd, "zh", &["--roster", "名单.csv", "--out", "x"]);
    run.expect_code(2);
    assert_eq!(
        run.stdout(),
        "名单.csv: 错误: 名单没有“认证方案”列：请用 --scheme 指定认证方案（见 certsheet schemes），或在名单中加一列“认证方案”\n名单有 1 处错误，未生成任何评分表\n"
    );
    // Neither --scheme nor --roster: an argument error, on stderr.
    let run = template(&wd, "zh", &["--out", "x"]);
    run.expect_code(2);
    assert_eq!(run.stdout(), "");
    assert!(
        run.stderr().contains("请用 --scheme 指定认证方案"),
        "{}",
        run.stderr()
    );
    assert!(!wd.path("x").exists());
}

// ---------------------------------------------------------------- workbook rosters

/// A roster kept in Excel: a title row, headings in another order, a blank row,
/// a date cell, the credit code typed into a General cell (a number), and a
/// second sheet that is not read.
fn xlsx_roster(code_as_number: bool) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("名单").unwrap();
    ws.write_string(0, 0, "2026 年第一轮评价名单").unwrap();
    for (c, h) in [
        "认证方案",
        "机构名称",
        "评价人",
        "统一社会信用代码",
        "评价日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.write_string(2, 0, "企业质量信用服务认证").unwrap();
    ws.write_string(2, 1, "南昌甲公司").unwrap();
    ws.write_string(2, 2, "张三").unwrap();
    ws.write_string(2, 3, "91350100M000100Y43").unwrap();
    ws.write_datetime_with_format(2, 4, ExcelDateTime::from_ymd(2026, 3, 2).unwrap(), &date)
        .unwrap();
    ws.write_string(4, 0, "quality-credit").unwrap();
    ws.write_string(4, 1, "赣州乙有限公司").unwrap();
    ws.write_string(4, 2, "王五").unwrap();
    if code_as_number {
        ws.write_number(4, 3, 913_604_007_055_193_770.0).unwrap();
    } else {
        ws.write_string(4, 3, "913604007055193770").unwrap();
    }
    ws.write_string(4, 4, "2026-03-03").unwrap();
    let other = wb.add_worksheet().set_name("旧名单").unwrap();
    other.write_string(0, 0, "机构名称").unwrap();
    other.write_string(0, 1, "评价人").unwrap();
    other.write_string(1, 0, "九江丙公司").unwrap();
    other.write_string(1, 1, "赵六").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn roster_kept_as_xlsx_reads_its_first_sheet_with_row_numbers() {
    let wd = Workdir::new();
    wd.write("名单.xlsx", &xlsx_roster(true));
    let run = template(&wd, "zh", &["--roster", "名单.xlsx", "--out", "表"]);
    run.expect_code(2);
    assert_eq!(
        run.stdout(),
        "名单.xlsx: 第 5 行: 错误: 统一社会信用代码“913604007055193700”已被 Excel 当作数字，末几位已丢失：请把该列设置为“文本”格式，重新输入代码后再保存\n名单有 1 处错误，未生成任何评分表\n"
    );
    assert!(!wd.path("表").exists());

    wd.write("名单.xlsx", &xlsx_roster(false));
    let run = template(&wd, "zh", &["--roster", "名单.xlsx", "--out", "表"]);
    run.expect_code(0);
    let files = xlsx_files(&wd.path("表"));
    assert_eq!(
        names(&files),
        ["南昌甲公司_张三.xlsx", "赣州乙有限公司_王五.xlsx"]
    );
    let (header, id, title) = header_of(&files[0]);
    assert_eq!(
        header,
        ["南昌甲公司", "张三", "91350100M000100Y43", "2026-03-02"]
    );
    assert_eq!(id, "quality-credit");
    assert!(title.contains("企业质量信用服务认证"), "{title}");
    assert_eq!(header_of(&files[1]).0[3], "2026-03-03");
    assert!(
        run.stdout().contains(
            "名单.xlsx: 第 5 行: 警告: 统一社会信用代码“913604007055193770”未通过 GB 32100 校验"
        ),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout()
            .ends_with("已生成 2 份评分表，0 份已存在未覆盖；文件夹：表\n"),
        "{}",
        run.stdout()
    );
}

/// tests/fixtures/roster.ods: LibreOffice's import of a CSV (a title row, a blank
/// row, dates as date cells, a scheme by title and by id).
#[test]
fn roster_kept_as_ods_is_read() {
    let wd = Workdir::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster.ods");
    wd.write("名单.ods", &std::fs::read(fixture).unwrap());
    let run = template(&wd, "en", &["--roster", "名单.ods", "--out", "表"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout(),
        "2 workbooks written, 0 existing kept; folder: 表\n"
    );
    let files = xlsx_files(&wd.path("表"));
    assert_eq!(
        names(&files),
        ["南昌甲公司_张三.xlsx", "赣州乙公司_李四.xlsx"]
    );
    for (file, want) in files.iter().zip([
        ["南昌甲公司", "张三", "91350100M000100Y43", "2026-03-02"],
        ["赣州乙公司", "李四", "", "2026-03-03"],
    ]) {
        let (header, id, _) = header_of(file);
        assert_eq!(header, want);
        assert_eq!(id, "quality-credit");
    }
}
