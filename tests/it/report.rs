//! The results workbook management reads, read back with calamine and checked
//! against figures worked out by hand for a small round (the arithmetic is in the
//! comments next to each figure).
//!
//! The round (scheme `complaint`; item points 1.1 5, 1.2 7, 1.3 5, 2.x–6.x 5 each,
//! 7.1 8; clause maxima 10 for 4.1 4.2 4.3 5.1 5.2 6.1 6.2 6.3, 5 for the rest, 145 in all):
//!
//! | file | organization | rater | α | levels |
//! |---|---|---|---|---|
//! | 甲公司_张三 | 甲公司 | 张三 | all 0.9 (credit code fails the checksum: a warning) | all 4 |
//! | 甲公司_李四 | 甲公司 | 李四 | all 0.8 | all 3 |
//! | 甲公司_王五 | 甲公司 | 王五 | 0.7, but 1.2 0.1, 2.1 0.4, 3.1 0.5, 4.1 0.6 | all 2 |
//! | 乙公司_张三 | 乙公司 | 张三 | all 1.0 | all 5 |
//! | 乙公司_赵六 | 乙公司 | 赵六 | all 0.6 | all 3 |
//! | 丙公司_张三 | 丙公司 | 张三 | all 0.5 | (none) |
//! | 丁公司_孙七 | 丁公司 | 孙七 | 1.2 = 7 (the score, not α): rejected | all 3 |
//! | 说明.xlsx | — | — | not a spreadsheet: rejected | |
//!
//! Service scores S (Σ points × α): 张三@甲 100 × 0.9 = 90; 李四 80; 王五: the items
//! left at 0.7 carry 100 − 7 − 5 − 5 − 5 = 78 points → 54.6, plus the others
//! 7 × 0.1 + 5 × 0.4 + 5 × 0.5 + 5 × 0.6 = 0.7 + 2 + 2.5 + 3 = 8.2, in all 62.8;
//! 张三@乙 100, 赵六 60, 张三@丙 50. Maturity totals M (level × max ÷ 5, summed:
//! level × 145 ÷ 5 = level × 29): level 4 gives 116, 3 gives 87, 2 gives 58, 5 gives 145.
//!
//! 甲公司: S mean (90 + 80 + 62.8) ÷ 3 = 232.8 ÷ 3 = 77.6; M mean (116 + 87 + 58) ÷ 3 = 87
//! → 三级 ([70, 95)); 77.6 < 80, the base grade's score → 不予认证.
//! 乙公司: S (100 + 60) ÷ 2 = 80; M (145 + 87) ÷ 2 = 116 → 五级; 80 ≥ 80 and 五级 ≥ 二级 → 三星级.
//! 丙公司: S 50, no maturity sheet → 资料不全.

use calamine::{open_workbook_auto, Data, Range, Reader};

use crate::common::layout::cell_name;
use crate::common::*;
use crate::generate::unzip;

/// Writes the round above into `dir` of `w`.
fn write_round(w: &Workdir, dir: &str) {
    let c = scheme("complaint");
    let mut zhang = header("甲公司", "张三");
    zhang.credit_code = "91350100M000100Y44".into();
    w.write(
        &format!("{dir}/甲公司_张三.xlsx"),
        &filled(&c, &zhang, alphas(&c, 0.9), levels(&c, 4.0)),
    );
    w.write(
        &format!("{dir}/甲公司_李四.xlsx"),
        &filled(
            &c,
            &header("甲公司", "李四"),
            alphas(&c, 0.8),
            levels(&c, 3.0),
        ),
    );
    let mut wang = alphas(&c, 0.7);
    wang[1] = n(0.1); // 1.2
    wang[3] = n(0.4); // 2.1
    wang[6] = n(0.5); // 3.1
    wang[9] = n(0.6); // 4.1
    w.write(
        &format!("{dir}/甲公司_王五.xlsx"),
        &filled(&c, &header("甲公司", "王五"), wang, levels(&c, 2.0)),
    );
    w.write(
        &format!("{dir}/乙公司_张三.xlsx"),
        &filled(
            &c,
            &header("乙公司", "张三"),
            alphas(&c, 1.0),
            levels(&c, 5.0),
        ),
    );
    w.write(
        &format!("{dir}/乙公司_赵六.xlsx"),
        &filled(
            &c,
            &header("乙公司", "赵六"),
            alphas(&c, 0.6),
            levels(&c, 3.0),
        ),
    );
    w.write(
        &format!("{dir}/丙公司_张三.xlsx"),
        &filled(&c, &header("丙公司", "张三"), alphas(&c, 0.5), vec![]),
    );
    let mut sun = alphas(&c, 0.8);
    sun[1] = n(7.0);
    w.write(
        &format!("{dir}/丁公司_孙七.xlsx"),
        &filled(&c, &header("丁公司", "孙七"), sun, levels(&c, 3.0)),
    );
    w.write(&format!("{dir}/说明.xlsx"), "请见附件".as_bytes());
}

/// Ingests the round and returns the results workbook's path.
fn ingest_round(w: &Workdir, extra: &[&str]) -> std::path::PathBuf {
    write_round(w, "round");
    let mut args = extra.to_vec();
    args.extend(["ingest", "round", "--out", "r.xlsx", "--csv", "r.csv"]);
    let run = w.run(&args);
    run.expect_code(1);
    // Constant memory sheets must be written row after row: rust_xlsxwriter drops
    // (and says so) any cell written to a row already flushed.
    assert!(!run.stderr().contains("Ignoring"), "{}", run.stderr());
    w.path("r.xlsx")
}

/// The first row at or after `from` whose column `col` reads `label`.
fn row_of(range: &Range<Data>, col: u16, label: &str, from: u32) -> u32 {
    let end = range.end().map_or(0, |(r, _)| r);
    (from..=end)
        .find(|r| text(range, *r, col) == label)
        .unwrap_or_else(|| panic!("no row with {label:?} in column {col} from row {from}"))
}

/// The column of 明细 or 极差 whose heading (row 2) starts with `label`.
fn col_of(range: &Range<Data>, label: &str) -> u16 {
    let end = range.end().map_or(0, |(_, c)| c as u16);
    (0..=end)
        .find(|c| text(range, 1, *c).starts_with(label))
        .unwrap_or_else(|| panic!("no heading starting with {label:?}"))
}

/// The style index (`s`) of a cell in a worksheet's XML, 0 when it has none.
fn style_of(sheet_xml: &str, cell_ref: &str) -> u32 {
    let start = sheet_xml
        .find(&format!("<c r=\"{cell_ref}\""))
        .unwrap_or_else(|| panic!("no cell {cell_ref}"));
    let tag = &sheet_xml[start..start + sheet_xml[start..].find('>').unwrap()];
    tag.split(" s=\"")
        .nth(1)
        .map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap())
}

/// The fill colour (`FFRRGGBB`) of a cell style, from styles.xml.
fn fill_of(styles: &str, style: u32) -> Option<String> {
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style as usize + 1).unwrap();
    let fill_id: usize = xf
        .split("fillId=\"")
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()?;
    let fills = &styles[styles.find("<fills").unwrap()..styles.find("</fills>").unwrap()];
    let fill = fills.split("<fill>").nth(fill_id + 1)?;
    Some(fill.split("rgb=\"").nth(1)?.split('"').next()?.to_string())
}

#[test]
fn summary_has_the_hand_worked_figures_and_one_colour_per_grade() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    let s = sheet(&xlsx, "汇总");
    assert_eq!(
        (0..12).map(|c| text(&s, 0, c)).collect::<Vec<_>>(),
        [
            "机构名称",
            "统一社会信用代码",
            "认证方案",
            "方案名称",
            "服务特性测评份数",
            "服务特性测评得分",
            "管理要求审核份数",
            "管理成熟度总分",
            "管理成熟度等级",
            "符合性审查",
            "认证级别",
            "说明"
        ]
    );
    // Rows by scheme, then name in code point order: 丙 (U+4E19), 乙 (U+4E59), 甲 (U+7532).
    assert_eq!(text(&s, 1, 0), "丙公司");
    assert_eq!(number(&s, 1, 5), 50.0);
    assert_eq!(cell(&s, 1, 7), Data::Empty);
    assert_eq!(
        cell(&s, 1, 9),
        Data::Empty,
        "no maturity sheet: no conformity review"
    );
    assert_eq!(text(&s, 1, 10), "资料不全");
    assert_eq!(text(&s, 1, 11), "缺少有效的管理要求审核表");
    assert_eq!(text(&s, 2, 0), "乙公司");
    assert_eq!((number(&s, 2, 4), number(&s, 2, 5)), (2.0, 80.0));
    assert_eq!((number(&s, 2, 6), number(&s, 2, 7)), (2.0, 116.0));
    assert_eq!(
        (text(&s, 2, 8), text(&s, 2, 9), text(&s, 2, 10)),
        ("五级".into(), "通过".into(), "三星级".into())
    );
    assert_eq!(text(&s, 3, 0), "甲公司");
    assert_eq!(text(&s, 3, 1), "91350100M000100Y44");
    assert_eq!((number(&s, 3, 4), number(&s, 3, 5)), (3.0, 77.6));
    assert_eq!((number(&s, 3, 6), number(&s, 3, 7)), (3.0, 87.0));
    // 77.60 is below the base grade's 80: no grade below it (5.3 read by rank).
    assert_eq!(
        (text(&s, 3, 8), text(&s, 3, 10)),
        ("三级".into(), "不予认证".into())
    );
    assert_eq!(text(&s, 3, 11), "服务得分未达三星级要求（需 ≥ 80 分）");
    assert_eq!(s.end(), Some((3, 11)), "three organizations");
    // The scheme's title beside its id (汇总 only: the CSV's columns are unchanged).
    assert_eq!(
        (text(&s, 1, 2), text(&s, 1, 3)),
        ("complaint".into(), "客户投诉服务认证".into())
    );

    // Figures are shown with 2 decimals; each grade has its own fill.
    let styles = zip_part(&xlsx, "xl/styles.xml");
    let summary = zip_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(styles.contains("formatCode=\"0.00\""), "{styles}");
    let fills: Vec<String> = ["K2", "K3", "K4"]
        .iter()
        .map(|c| fill_of(&styles, style_of(&summary, c)).expect("a grade is filled"))
        .collect();
    assert_eq!(
        fills[1], "FFC6EFCE",
        "三星级, the third certified grade from the top"
    );
    assert_ne!(fills[0], fills[1]);
    assert_ne!(fills[1], fills[2]);
    assert_ne!(fills[0], fills[2]);
    // Frozen header and a filter over the table.
    assert!(summary.contains("state=\"frozen\""), "{summary}");
    assert!(summary.contains("<autoFilter ref=\"A1:L4\""), "{summary}");

    // One chart for the scheme: columns of the scores, a dashed line per grade rule,
    // plotted from the hidden 图表数据 sheet.
    let chart = zip_part(&xlsx, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
    assert!(
        chart.contains("客户投诉服务认证（complaint）· 服务特性测评得分与级别线"),
        "the chart's title names the scheme by its title: {chart}"
    );
    assert!(chart.contains("图表数据!$B$2:$B$4"), "{chart}");
    for col in ["C", "D", "E"] {
        assert!(
            chart.contains(&format!("图表数据!${col}$2:${col}$4")),
            "{chart}"
        );
    }
    let data = sheet(&xlsx, "图表数据");
    assert_eq!(
        (1..4).map(|r| number(&data, r, 1)).collect::<Vec<_>>(),
        [50.0, 80.0, 77.6]
    );
    // The thresholds of the rules: 五星级 95, 四星级 90, 三星级 80.
    assert_eq!(
        (2..5).map(|c| number(&data, 1, c)).collect::<Vec<_>>(),
        [95.0, 90.0, 80.0]
    );
    let workbook = zip_part(&xlsx, "xl/workbook.xml");
    assert!(
        workbook.contains("name=\"图表数据\" sheetId=\"9\" state=\"hidden\""),
        "{workbook}"
    );
}

#[test]
fn detail_and_spread_hold_means_and_spreads_worked_out_by_hand() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    let d = sheet(&xlsx, "明细");
    let s = sheet(&xlsx, "极差");
    // One row per organization, in the order of 汇总 (丁公司's only sheet was rejected).
    let names: Vec<String> = (2..=d.end().unwrap().0).map(|r| text(&d, r, 0)).collect();
    assert_eq!(names, ["丙公司", "乙公司", "甲公司"]);
    assert_eq!(text(&d, 1, 0), "机构名称");
    assert_eq!(text(&s, 1, 1), "认证级别");
    let jia = row_of(&d, 0, "甲公司", 2);
    assert_eq!(row_of(&s, 0, "甲公司", 2), jia);
    assert_eq!(text(&d, jia, 1), "不予认证");
    // Each heading carries its points; 极差 has the same columns as 明细.
    assert_eq!(text(&d, 1, col_of(&d, "1 功能性")), "1 功能性（17分）");
    assert_eq!(
        text(&d, 1, col_of(&d, "1.2 设备设施")),
        "1.2 设备设施（7分）"
    );
    assert_eq!(
        text(&d, 1, col_of(&d, "服务特性测评得分")),
        "服务特性测评得分（100分）"
    );
    assert_eq!(
        text(&d, 1, col_of(&d, "管理成熟度总分")),
        "管理成熟度总分（145分）"
    );
    for c in 0..=d.end().unwrap().1 as u16 {
        assert_eq!(text(&d, 1, c), text(&s, 1, c), "column {c}");
    }
    // A characteristic's column comes before its items'.
    assert_eq!(col_of(&d, "1.1 人员"), col_of(&d, "1 功能性") + 1);
    let mean = |row: u32, label: &str| number(&d, row, col_of(&d, label));
    let spread = |row: u32, label: &str| number(&s, row, col_of(&s, label));

    // Characteristics: per rater, the sum of its items; then mean and spread.
    // 1 功能性 (17): 张三 17 × 0.9 = 15.3; 李四 13.6; 王五 3.5 + 0.7 + 3.5 = 7.7
    //   mean 36.6 ÷ 3 = 12.2; spread 15.3 − 7.7 = 7.6.
    assert_eq!(
        (mean(jia, "1 功能性"), spread(jia, "1 功能性")),
        (12.2, 7.6)
    );
    // 2 安全性 (15): 13.5, 12, 王五 2 + 3.5 + 3.5 = 9 → mean 34.5 ÷ 3 = 11.5, spread 4.5.
    assert_eq!(
        (mean(jia, "2 安全性"), spread(jia, "2 安全性")),
        (11.5, 4.5)
    );
    // 3 时间性: 13.5, 12, 2.5 + 7 = 9.5 → 35 ÷ 3 = 11.666… → 11.67; spread 4.
    assert_eq!(
        (mean(jia, "3 时间性"), spread(jia, "3 时间性")),
        (11.67, 4.0)
    );
    // 4 舒适性: 13.5, 12, 3 + 7 = 10 → 35.5 ÷ 3 = 11.833… → 11.83; spread 3.5.
    assert_eq!(
        (mean(jia, "4 舒适性"), spread(jia, "4 舒适性")),
        (11.83, 3.5)
    );
    // 7 服务规范 (8): 7.2, 6.4, 5.6 → mean 6.4, spread 1.6.
    assert_eq!(
        (mean(jia, "7 服务规范"), spread(jia, "7 服务规范")),
        (6.4, 1.6)
    );
    // The service score: 90, 80, 62.8 → mean 77.6, spread 27.2.
    let service = "服务特性测评得分";
    assert_eq!((mean(jia, service), spread(jia, service)), (77.6, 27.2));
    // Items. 1.1 (5): 4.5, 4, 3.5 → mean 4, spread 1.
    assert_eq!((mean(jia, "1.1 人员"), spread(jia, "1.1 人员")), (4.0, 1.0));
    // 1.2 (7): 6.3, 5.6, 0.7 → mean 12.6 ÷ 3 = 4.2, spread 5.6.
    assert_eq!(
        (mean(jia, "1.2 设备设施"), spread(jia, "1.2 设备设施")),
        (4.2, 5.6)
    );
    // 2.1 (5): 4.5, 4, 2 → mean 3.5, spread 2.5.
    assert_eq!((mean(jia, "2.1 人员"), spread(jia, "2.1 人员")), (3.5, 2.5));
    // 3.1: 4.5, 4, 2.5 → 11 ÷ 3 = 3.666… → 3.67, spread 2.
    assert_eq!(
        (mean(jia, "3.1 人员"), spread(jia, "3.1 人员")),
        (3.67, 2.0)
    );
    // 4.1: 4.5, 4, 3 → 11.5 ÷ 3 = 3.833… → 3.83, spread 1.5.
    assert_eq!(
        (mean(jia, "4.1 人员"), spread(jia, "4.1 人员")),
        (3.83, 1.5)
    );
    // 7.1 (8): 7.2, 6.4, 5.6 → 6.4, 1.6.
    assert_eq!(
        (
            mean(jia, "7.1 制定服务规范"),
            spread(jia, "7.1 制定服务规范")
        ),
        (6.4, 1.6)
    );

    // Maturity: every clause at 4, 3, 2.
    // Group 1 (clauses 1.1–1.4, max 5 each = 20): 16, 12, 8 → mean 12, spread 8.
    let env = "1 组织所处环境";
    assert_eq!(text(&d, 1, col_of(&d, env)), "1 组织所处环境（20分）");
    assert_eq!((mean(jia, env), spread(jia, env)), (12.0, 8.0));
    // Group 4 支持 (4.1–4.3 max 10, 4.4–4.5 max 5 = 40): 32, 24, 16 → 24, 16.
    assert_eq!((mean(jia, "4 支持"), spread(jia, "4 支持")), (24.0, 16.0));
    // Total: 116, 87, 58 → mean 87, spread 58.
    let maturity = "管理成熟度总分";
    assert_eq!((mean(jia, maturity), spread(jia, maturity)), (87.0, 58.0));
    // Clause 4.1 (max 10): 8, 6, 4 → mean 6, spread 4; clause 1.1 (max 5): 4, 3, 2 → 3, 2.
    assert_eq!((mean(jia, "4.1 资源"), spread(jia, "4.1 资源")), (6.0, 4.0));
    let first_clause = col_of(&d, env) + 1;
    assert_eq!(
        (number(&d, jia, first_clause), number(&s, jia, first_clause)),
        (3.0, 2.0)
    );

    // The weakest items are shaded: the three lowest shares, 1.2 (0.6), 2.1 (0.7) and
    // 3.1 (0.7333), not 4.1 (0.7667) nor the items at the top share 0.8. Every clause
    // has the same share: none is marked.
    let means_xml = zip_part(&xlsx, "xl/worksheets/sheet2.xml");
    let spreads_xml = zip_part(&xlsx, "xl/worksheets/sheet3.xml");
    let styles = zip_part(&xlsx, "xl/styles.xml");
    let at = |label: &str| cell_name(jia, col_of(&d, label));
    let shade = |label: &str| fill_of(&styles, style_of(&means_xml, &at(label)));
    for code in ["1.2 设备设施", "2.1 人员", "3.1 人员"] {
        assert_eq!(shade(code).as_deref(), Some("FFF8CBAD"), "{code}");
    }
    for code in [
        "1.1 人员",
        "4.1 人员",
        "7.1 制定服务规范",
        "1 功能性",
        env,
        "4.1 资源",
    ] {
        assert_eq!(shade(code), None, "{code}");
    }
    // A spread of 40% of the points or more is red: 1.2 (5.6 ≥ 2.8), 2.1 (2.5 ≥ 2) and
    // 3.1 (2 ≥ 2), not 4.1 (1.5 < 2).
    let red = |label: &str| style_of(&spreads_xml, &at(label));
    assert_ne!(red("1.2 设备设施"), red("4.1 人员"));
    assert_eq!(red("1.2 设备设施"), red("2.1 人员"));
    assert_eq!(red("1.2 设备设施"), red("3.1 人员"));
    assert_eq!(red("4.1 人员"), red("1.1 人员"));

    // 乙公司: 张三 all 1.0, 赵六 all 0.6 → 1 功能性 17 and 10.2: mean 13.6, spread 6.8.
    let yi = row_of(&d, 0, "乙公司", 2);
    assert_eq!((mean(yi, "1 功能性"), spread(yi, "1 功能性")), (13.6, 6.8));
    // 丙公司 has no maturity sheet: its maturity columns are empty.
    let bing = row_of(&d, 0, "丙公司", 2);
    assert_eq!(mean(bing, "1 功能性"), 8.5); // 17 × 0.5
    assert_eq!(spread(bing, "1 功能性"), 0.0); // one rater: no spread between raters
    assert_eq!(cell(&d, bing, col_of(&d, env)), Data::Empty);
    assert_eq!(cell(&s, bing, col_of(&s, maturity)), Data::Empty);

    // A radar chart of the characteristics' shares for each of the three organizations
    // with service sheets, plotting the hidden chart data: 甲公司 is the third, and its
    // 1 功能性 share is 12.2 ÷ 17 = 0.71764… → 71.76%.
    let mut radars = 0;
    for (part, chart) in unzip(&std::fs::read(&xlsx).unwrap()) {
        if !part.starts_with("xl/charts/") {
            continue;
        }
        let chart = String::from_utf8(chart).unwrap();
        if chart.contains("<c:radarChart>") {
            radars += 1;
            assert!(chart.contains("图表数据!$AO$"), "{chart}");
        }
    }
    assert_eq!(radars, 3);
    let data = sheet(&xlsx, "图表数据");
    assert_eq!(text(&data, 4, 40), "1 功能性");
    assert_eq!(number(&data, 5, 40), 0.7176);
}

#[test]
fn raters_sheet_lists_every_accepted_sheet_with_its_totals() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    let r = sheet(&xlsx, "评价人明细");
    assert_eq!(text(&r, 0, 5), "来源文件");
    assert_eq!(text(&r, 0, 8), "符合性审查");
    assert_eq!(text(&r, 0, 9), "α 1.1");
    assert_eq!(text(&r, 0, 28), "等级 1.1");
    // Six accepted sheets in path order: 丙 张三, 乙 张三, 乙 赵六, 甲 张三, 甲 李四, 甲 王五.
    let rows: Vec<(String, String, String)> = (1..=6)
        .map(|i| (text(&r, i, 1), text(&r, i, 2), text(&r, i, 5)))
        .collect();
    assert_eq!(
        rows[0],
        (
            "丙公司".into(),
            "张三".into(),
            "round/丙公司_张三.xlsx".into()
        )
    );
    assert_eq!(
        rows[5],
        (
            "甲公司".into(),
            "王五".into(),
            "round/甲公司_王五.xlsx".into()
        )
    );
    assert_eq!(r.end().map(|(row, _)| row), Some(6), "no rejected sheet");
    // 王五: S 62.8 and M 58 (see the module notes); α of 1.2 is 0.1; every level 2.
    assert_eq!((number(&r, 6, 6), number(&r, 6, 7)), (62.8, 58.0));
    assert_eq!(number(&r, 6, 10), 0.1);
    assert_eq!(number(&r, 6, 28), 2.0);
    // 丙公司's rater did not score maturity: no total, no levels.
    assert_eq!(cell(&r, 1, 7), Data::Empty);
    assert_eq!(cell(&r, 1, 8), Data::Empty);
    assert_eq!(cell(&r, 1, 28), Data::Empty);
    // A sheet that scored maturity shows its conformity review's conclusion.
    assert_eq!(text(&r, 2, 8), "通过");
    assert_eq!(text(&r, 4, 3), "91350100M000100Y44");
}

#[test]
fn raters_sheet_shows_dates_as_year_month_day_whatever_was_typed() {
    let w = Workdir::new();
    let c = scheme("complaint");
    for (rater, date) in [
        ("张三", "2026/3/3"),
        ("李四", "2026-03-02"),
        ("王五", "2026年3月4日"),
    ] {
        let mut h = header("甲公司", rater);
        h.date = date.into();
        w.write(
            &format!("round/{rater}.xlsx"),
            &filled(&c, &h, alphas(&c, 0.9), levels(&c, 4.0)),
        );
    }
    w.run(&["ingest", "round", "--out", "r.xlsx"])
        .expect_code(0);
    let r = sheet(&w.path("r.xlsx"), "评价人明细");
    // Path order: 张三 (U+5F20) < 李四 (U+674E) < 王五 (U+738B).
    assert_eq!(
        (1..=3).map(|i| text(&r, i, 4)).collect::<Vec<_>>(),
        ["2026-03-03", "2026-03-02", "2026-03-04"]
    );
}

#[test]
fn calibration_has_each_raters_deviation_from_the_panel_worked_out_by_hand() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    let c = sheet(&xlsx, "评价人校准");
    assert_eq!(
        (0..9).map(|col| text(&c, 0, col)).collect::<Vec<_>>(),
        [
            "评价人",
            "评价次数",
            "服务：可比组织数",
            "服务：平均偏差",
            "服务：最大偏差",
            "管理：可比组织数",
            "管理：平均偏差",
            "管理：最大偏差",
            "标记"
        ]
    );
    // Panels: 甲 S mean 77.6, M mean 87; 乙 S mean 80, M mean 116; 丙 has one rater
    // (not compared). Deviations = own − panel mean:
    //   张三: S 90 − 77.6 = 12.4 and 100 − 80 = 20 → mean 16.2, largest 20;
    //         M 116 − 87 = 29 and 145 − 116 = 29 → mean 29; scored 3 organizations.
    //   王五: S 62.8 − 77.6 = −14.8; M 58 − 87 = −29.
    //   赵六: S 60 − 80 = −20; M 87 − 116 = −29.
    //   李四: S 80 − 77.6 = 2.4; M 87 − 87 = 0: within the limits (5 and 10).
    // Flagged raters first (张 U+5F20, 王 U+738B, 赵 U+8D75), then 李四.
    let row = |r: u32| -> Vec<String> { (0..9).map(|col| text(&c, r, col)).collect() };
    assert_eq!(
        row(1),
        [
            "张三",
            "3",
            "2",
            "16.2",
            "20",
            "2",
            "29",
            "29",
            "服务偏高，管理偏高"
        ]
    );
    assert_eq!(
        row(2),
        [
            "王五",
            "1",
            "1",
            "-14.8",
            "-14.8",
            "1",
            "-29",
            "-29",
            "服务偏低，管理偏低"
        ]
    );
    assert_eq!(
        row(3),
        [
            "赵六",
            "1",
            "1",
            "-20",
            "-20",
            "1",
            "-29",
            "-29",
            "服务偏低，管理偏低"
        ]
    );
    assert_eq!(row(4), ["李四", "1", "1", "2.4", "2.4", "1", "0", "0", ""]);
    assert_eq!(c.end().map(|(r, _)| r).unwrap_or(0).min(4), 4);
    assert_eq!(
        text(&c, 5, 0),
        "",
        "four raters (孙七's workbook was rejected)"
    );
}

#[test]
fn problems_are_grouped_by_file_with_counts_per_kind() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    let p = sheet(&xlsx, "问题清单");
    // Above the list (rows a filter on the list cannot hide): one row per kind (most
    // frequent first, then by name), then the total, then a blank row.
    let table = |r: u32| -> Vec<String> { (0..4).map(|col| text(&p, r, col)).collect() };
    assert_eq!(table(0), ["问题类别", "错误", "警告", "涉及文件"]);
    assert_eq!(table(1), ["α 无效", "1", "0", "1"]);
    assert_eq!(table(2), ["信用代码校验", "0", "1", "1"]);
    assert_eq!(table(3), ["无法读取", "1", "0", "1"]);
    assert_eq!(table(4), ["合计", "2", "1", "3"]);
    assert_eq!(table(5), ["", "", "", ""]);
    let row = |r: u32| -> Vec<String> { (0..6).map(|col| text(&p, r + 6, col)).collect() };
    assert_eq!(
        row(0),
        ["文件", "位置", "级别", "类别", "说明", "文件处理结果"]
    );
    // Files in path order (丁 U+4E01 < 甲 U+7532 < 说 U+8BF4), each a group row then its findings.
    assert_eq!(
        row(1),
        [
            "round/丁公司_孙七.xlsx",
            "",
            "",
            "",
            "1 个问题：α 无效 ×1",
            "已退回"
        ]
    );
    assert_eq!(
        row(2)[..4],
        ["round/丁公司_孙七.xlsx", "附录1!E8", "错误", "α 无效"]
    );
    assert!(row(2)[4].starts_with("第 1.2 项的 α 为“7”"), "{:?}", row(2));
    assert_eq!(
        row(3),
        [
            "round/甲公司_张三.xlsx",
            "",
            "",
            "",
            "1 个问题：信用代码校验 ×1",
            "已采用"
        ]
    );
    assert_eq!(
        row(4)[..4],
        ["round/甲公司_张三.xlsx", "附录1!F3", "警告", "信用代码校验"]
    );
    assert_eq!(
        row(5),
        [
            "round/说明.xlsx",
            "",
            "",
            "",
            "1 个问题：无法读取 ×1",
            "已退回"
        ]
    );
    assert_eq!(row(6)[2..4], ["错误", "无法读取"]);
    assert_eq!(row(7), ["", "", "", "", "", ""]);
    // The filter covers the list only, from its heading.
    let xml = zip_part(&xlsx, "xl/worksheets/sheet7.xml");
    assert!(xml.contains("<autoFilter ref=\"A7:F13\""), "{xml}");
}

#[test]
fn run_sheet_has_the_version_the_schemes_the_counts_and_the_rules() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    let r = sheet(&xlsx, "运行信息");
    let value = |label: &str| text(&r, row_of(&r, 0, label, 0), 1);
    assert_eq!(
        value("工具版本"),
        format!("certsheet {}", env!("CARGO_PKG_VERSION"))
    );
    // 8 files: 6 accepted, 丁公司_孙七 and 说明.xlsx rejected.
    assert_eq!(value("读取工作簿"), "8");
    assert_eq!(value("采用"), "6");
    assert_eq!(value("退回"), "2");
    assert_eq!(value("跳过（空表）"), "0");
    assert_eq!(value("组织数"), "3");
    let all: Vec<String> = (0..=r.end().unwrap().0).map(|i| text(&r, i, 1)).collect();
    assert!(all.contains(&"complaint 客户投诉服务认证 CTS TBSC97-2026 B/0".to_string()));
    assert!(all.contains(&"quality-credit 企业质量信用服务认证 CTS TBSC094-2026 B/0".to_string()));
    assert!(all.contains(&"五星级: 服务得分 ≥ 95, 管理等级 ≥ 四级".to_string()));
    assert!(all.contains(&"四星级: 服务得分 ≥ 90, 管理等级 ≥ 三级".to_string()));
    assert!(all.contains(&"三星级: 服务得分 ≥ 80, 管理等级 ≥ 二级".to_string()));
    assert!(!all.iter().any(|line| line.contains("未达星级")));
    assert_eq!(
        value("  符合性审查"),
        "须通过管理要求符合性审查，否则不予认证"
    );
    assert!(value("认证级别的判定").contains("表中第 1、2、3 行依次为最低、中间、最高级别"));
    assert!(value("明细、极差、雷达图").contains("雷达图只画前 50 个有服务测评的组织（本次 3 张）"));
    assert!(value("评价人校准").contains("≥ 5 分或管理成熟度总分 ≥ 10 分"));
    assert!(value("评价人校准").contains("本次标记 3 人"));
    assert!(value("评价人校准").contains("同名的两位评价人会被合并"));
    assert!(value("汇总图表").contains("每张最多 200 个组织"));
    // Why the clerk should not double-click the CSV, and how to import it instead.
    assert!(value("CSV 文件").contains("9.13604E+17"));
    assert!(value("CSV 文件").contains("数据 → 从文本/CSV 导入"));
}

#[test]
fn english_labels_with_lang_en() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &["--lang", "en"]);
    let wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Detail",
            "Spread",
            "Radar",
            "Raters",
            "Calibration",
            "Problems",
            "Run",
            "ChartData"
        ]
    );
    let s = sheet(&xlsx, "Summary");
    assert_eq!(text(&s, 0, 0), "Organization");
    assert_eq!(text(&s, 1, 10), "incomplete");
    let d = sheet(&xlsx, "Detail");
    assert_eq!(text(&d, 1, 0), "Organization");
    assert_eq!(
        text(&d, 1, col_of(&d, "Service score")),
        "Service score (100)"
    );
    assert_eq!(
        text(&d, 1, col_of(&d, "Maturity total")),
        "Maturity total (145)"
    );
    assert_eq!(text(&d, row_of(&d, 0, "甲公司", 2), 1), "不予认证");
    let c = sheet(&xlsx, "Calibration");
    assert_eq!(text(&c, 1, 8), "service high, maturity high");
    let p = sheet(&xlsx, "Problems");
    assert_eq!(text(&p, 7, 4), "1 problem: invalid α ×1");
    assert_eq!(text(&p, 7, 5), "rejected");
    let r = sheet(&xlsx, "Run");
    assert_eq!(text(&r, 0, 0), "Tool version");
}

#[test]
fn the_same_round_gives_the_same_workbook_bytes_whatever_the_thread_count() {
    let w = Workdir::new();
    write_round(&w, "round");
    let mut runs = Vec::new();
    for jobs in ["1", "2", "4"] {
        let out = format!("r{jobs}.xlsx");
        w.run(&["ingest", "round", "--out", &out, "--jobs", jobs])
            .expect_code(1);
        runs.push(std::fs::read(w.path(&out)).unwrap());
    }
    assert!(runs[0] == runs[1] && runs[1] == runs[2], "the bytes differ");
    // The creation time is fixed, not the time of the run.
    let core = zip_part(&w.path("r1.xlsx"), "docProps/core.xml");
    assert!(core.contains("2026-01-01T00:00:00Z"), "{core}");
}

#[test]
fn without_a_usable_temporary_folder_the_workbook_is_built_in_memory() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    // The big sheets normally go through temporary files: with none to be had, the
    // same workbook is built in memory.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_certsheet"))
        .args(["ingest", "round", "--out", "m.xlsx"])
        .env("TMPDIR", w.path("no-such-folder"))
        .current_dir(w.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let in_memory = w.path("m.xlsx");
    let names = open_workbook_auto(&xlsx).unwrap().sheet_names();
    assert_eq!(names, open_workbook_auto(&in_memory).unwrap().sheet_names());
    for name in names {
        assert!(
            sheet(&xlsx, &name) == sheet(&in_memory, &name),
            "{name} differs"
        );
    }
}

// ---------------------------------------------------------------- --previous

/// Reads a CSV written by certsheet: its rows as fields, the BOM dropped.
fn csv_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The earlier CSV header before the 符合性审查 column was added.
const HEADER_V1: &str = "机构名称,统一社会信用代码,认证方案,服务特性测评份数,服务特性测评得分,管理要求审核份数,管理成熟度总分,管理成熟度等级,认证级别,说明";

#[test]
fn previous_round_gives_each_organization_its_earlier_grade_and_the_change() {
    let w = Workdir::new();
    write_round(&w, "round");
    // An earlier CSV of the header version before 符合性审查 (no BOM): 甲 was 四星级
    // (now 不予认证: 降), 乙 不予认证 (its name spaced differently; now 三星级: 升), 丙
    // absent (新增); 戊 and quality-credit's 甲 are not in this round.
    let earlier = format!(
        "{HEADER_V1}\r\n甲公司,91350100M000100Y44,complaint,2,91.00,2,100.00,四级,四星级,x\r\n乙 公司,,complaint,2,70.00,2,90.00,三级,不予认证,x\r\n戊公司,,complaint,2,97.00,2,120.00,五级,五星级,x\r\n甲公司,,quality-credit,2,97.00,2,120.00,五级,AAAAA级,x\r\n"
    );
    w.write("earlier.csv", earlier.as_bytes());
    w.run(&[
        "ingest",
        "round",
        "--out",
        "r.xlsx",
        "--csv",
        "r.csv",
        "--previous",
        "earlier.csv",
    ])
    .expect_code(1);
    let rows = csv_rows(&w.path("r.csv"));
    assert_eq!(rows[0][11..], ["上次认证级别", "级别变化"]);
    let tail = |r: usize| (rows[r][0].clone(), rows[r][11].clone(), rows[r][12].clone());
    assert_eq!(tail(1), ("丙公司".into(), "".into(), "新增".into()));
    assert_eq!(tail(2), ("乙公司".into(), "不予认证".into(), "升".into()));
    assert_eq!(tail(3), ("甲公司".into(), "四星级".into(), "降".into()));
    let s = sheet(&w.path("r.xlsx"), "汇总");
    assert_eq!(
        (text(&s, 0, 12), text(&s, 0, 13)),
        ("上次认证级别".into(), "级别变化".into())
    );
    assert_eq!(
        (text(&s, 3, 12), text(&s, 3, 13)),
        ("四星级".into(), "降".into())
    );
    // The earlier organizations missing now, in 运行信息.
    let r = sheet(&w.path("r.xlsx"), "运行信息");
    let at = row_of(&r, 0, "上次结果", 0);
    assert_eq!(
        text(&r, at, 1),
        "与上次结果（--previous）比较：升 1，降 1，持平 0，新增 1；上次有、本次无 2 个（列于下方）"
    );
    assert_eq!(text(&r, at + 1, 1), "complaint 戊公司：五星级");
    assert_eq!(text(&r, at + 2, 1), "quality-credit 甲公司：AAAAA级");

    // The current header (a CSV this tool writes now, with a comparison of its own):
    // 乙 三星级 → 持平; 丙 资料不全 → 持平; 甲 under another credit code is another
    // organization (both rows carry one): 新增, and the earlier one is missing now.
    let rows_now = std::fs::read_to_string(w.path("r.csv")).unwrap();
    let mut lines: Vec<String> = rows_now.lines().map(str::to_string).collect();
    lines[3] = lines[3].replacen("91350100M000100Y44", "91350100M000100Y45", 1);
    w.write("earlier2.csv", (lines.join("\r\n") + "\r\n").as_bytes());
    w.run(&[
        "ingest",
        "round",
        "--out",
        "r2.xlsx",
        "--csv",
        "r2.csv",
        "--previous",
        "earlier2.csv",
    ])
    .expect_code(1);
    let rows = csv_rows(&w.path("r2.csv"));
    let tail = |r: usize| (rows[r][0].clone(), rows[r][11].clone(), rows[r][12].clone());
    assert_eq!(tail(1), ("丙公司".into(), "资料不全".into(), "持平".into()));
    assert_eq!(tail(2), ("乙公司".into(), "三星级".into(), "持平".into()));
    assert_eq!(tail(3), ("甲公司".into(), "".into(), "新增".into()));
    let r = sheet(&w.path("r2.xlsx"), "运行信息");
    let at = row_of(&r, 0, "上次结果", 0);
    assert_eq!(
        text(&r, at + 1, 1),
        "complaint 甲公司 91350100M000100Y45：不予认证"
    );
}

#[test]
fn a_malformed_previous_csv_stops_the_run_before_anything_is_written() {
    let w = Workdir::new();
    write_round(&w, "round");
    w.write("r.xlsx", b"earlier workbook");
    w.write("r.csv", b"earlier csv");
    let run_with = |earlier: &str| {
        w.write("earlier.csv", earlier.as_bytes());
        let run = w.run(&[
            "ingest",
            "round",
            "--out",
            "r.xlsx",
            "--csv",
            "r.csv",
            "--previous",
            "earlier.csv",
        ]);
        run.expect_code(2);
        assert_eq!(
            std::fs::read(w.path("r.xlsx")).unwrap(),
            b"earlier workbook"
        );
        assert_eq!(std::fs::read(w.path("r.csv")).unwrap(), b"earlier csv");
        run.stderr()
    };
    let e = run_with("名称,级别\r\n甲公司,三星级\r\n");
    assert!(
        e.contains("上次结果 earlier.csv 不可用：首行不是本工具结果 CSV 的表头"),
        "{e}"
    );
    assert!(e.contains("未写入任何文件"), "{e}");
    let e = run_with(&format!("{HEADER_V1}\r\n甲公司,,complaint,2,91.00\r\n"));
    assert!(e.contains("第 2 行有 5 列，表头为 10 列"), "{e}");
    let e = run_with(&format!(
        "{HEADER_V1}\r\n甲公司,,complaint,2,91.00,2,100.00,四级,六星级,x\r\n"
    ));
    assert!(
        e.contains("第 2 行的认证级别“六星级”不是方案 complaint 的级别"),
        "{e}"
    );
    // Nothing read either: the findings of the round are not printed.
    assert!(!e.contains("丁公司"), "{e}");
    let run = w.run(&[
        "ingest",
        "round",
        "--out",
        "r.xlsx",
        "--previous",
        "missing.csv",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("无法读取上次结果 missing.csv"),
        "{}",
        run.stderr()
    );
}

// ---------------------------------------------------------------- --cards

/// The file names in a folder, sorted, hidden ones included.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// All the text of a card, row by row (cells joined by `|`).
fn card_text(path: &std::path::Path) -> String {
    let s = sheet(path, "成绩单");
    let (end_row, end_col) = s.end().unwrap();
    (0..=end_row)
        .map(|r| {
            (0..=end_col as u16)
                .map(|c| text(&s, r, c))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn cards_are_one_workbook_per_organization_with_the_decision_figures_and_raters() {
    let w = Workdir::new();
    write_round(&w, "round");
    w.write(
        "earlier.csv",
        format!("{HEADER_V1}\r\n甲公司,,complaint,2,91.00,2,100.00,四级,四星级,x\r\n").as_bytes(),
    );
    w.run(&[
        "ingest",
        "round",
        "--out",
        "r.xlsx",
        "--cards",
        "成绩单",
        "--previous",
        "earlier.csv",
    ])
    .expect_code(1);
    assert_eq!(
        names_in(&w.path("成绩单")),
        [
            ".certsheet-cards",
            "丙公司_客户投诉服务认证.xlsx",
            "乙公司_客户投诉服务认证.xlsx",
            "甲公司_客户投诉服务认证.xlsx",
        ]
    );
    let jia = card_text(&w.path("成绩单/甲公司_客户投诉服务认证.xlsx"));
    for line in [
        "客户投诉服务认证 评价结果",
        "机构名称|甲公司",
        "统一社会信用代码|91350100M000100Y44|认证方案|complaint",
        "认证级别|不予认证|服务得分未达三星级要求（需 ≥ 80 分）",
        "符合性审查|通过|上次认证级别|四星级（降）",
        "服务特性测评得分|77.60|管理成熟度总分|87.00 · 三级",
        "采用的评分表|服务特性测评 3 份，管理要求审核 3 份",
        // Each grade's requirements against the organization: 77.60 meets none.
        "五星级|≥ 95|≥ 四级|须通过|未达到",
        "三星级|≥ 80|≥ 二级|须通过|未达到",
        "本组织|77.60|三级|通过|不予认证",
        // 1 功能性 (17 points): 王五 scored 1.2 at 0.1 → (15.3 + 13.6 + 5 × 0.7 + 7 × 0.1 + 5 × 0.7) ÷ 3.
        "服务特性|分值|得分|得分率|管理要求|分值|得分|得分率",
        // The weakest: 1.2 (mean α (0.9 + 0.8 + 0.1) ÷ 3 = 0.6).
        "1.2 设备设施|7|4.2|0.6",
        "（评价人未填写评价说明）",
        "张三，李四，王五",
    ] {
        assert!(jia.contains(line), "{line:?} not in the card:\n{jia}");
    }
    let bing = card_text(&w.path("成绩单/丙公司_客户投诉服务认证.xlsx"));
    assert!(
        bing.contains("认证级别|资料不全|缺少有效的管理要求审核表"),
        "{bing}"
    );
    assert!(
        bing.contains("上次认证级别|新增 （上次无此组织）"),
        "{bing}"
    );
    // One A4 page, portrait, fitted to it.
    let xml = zip_part(
        &w.path("成绩单/甲公司_客户投诉服务认证.xlsx"),
        "xl/worksheets/sheet1.xml",
    );
    assert!(xml.contains("paperSize=\"9\""), "{xml}");
    assert!(
        xml.contains("fitToWidth=\"1\"") || !xml.contains("fitToWidth"),
        "{xml}"
    );
    assert!(xml.contains("fitToPage=\"1\""), "{xml}");
}

#[test]
fn a_failed_or_strict_run_leaves_the_cards_folder_as_it_was() {
    let w = Workdir::new();
    write_round(&w, "round");
    w.write("cards/.certsheet-cards", b"mark");
    w.write("cards/旧公司_客户投诉服务认证.xlsx", b"an earlier card");
    let before = names_in(&w.path("cards"));
    let unchanged = || {
        assert_eq!(names_in(&w.path("cards")), before);
        assert_eq!(
            std::fs::read(w.path("cards/旧公司_客户投诉服务认证.xlsx")).unwrap(),
            b"an earlier card"
        );
        // No temporary folder left beside it.
        assert!(
            names_in(&w.path("")).iter().all(|n| !n.ends_with(".tmp")),
            "{:?}",
            names_in(&w.path(""))
        );
    };
    // --strict with a rejected workbook: nothing written.
    w.run(&[
        "ingest", "round", "--out", "r.xlsx", "--cards", "cards", "--strict",
    ])
    .expect_code(1);
    unchanged();
    assert!(!w.path("r.xlsx").exists());
    // A run that fails (an unusable earlier CSV): exit 2, nothing written.
    w.write("bad.csv", b"x,y\r\n");
    w.run(&[
        "ingest",
        "round",
        "--out",
        "r.xlsx",
        "--cards",
        "cards",
        "--previous",
        "bad.csv",
    ])
    .expect_code(2);
    unchanged();
    // Stopped (SIGTERM) when everything is staged: nothing written, the staged
    // cards removed.
    let paused = |marker: &str| {
        let marker = w.path(marker);
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_certsheet"))
            .args(["ingest", "round", "--out", "r.xlsx", "--cards", "cards"])
            .current_dir(w.dir.path())
            .env("CERTSHEET_TEST_PAUSE_BEFORE_COMMIT", &marker)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while !marker.exists() {
            assert!(start.elapsed().as_secs() < 120, "never reached the commit");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        (child, marker)
    };
    let (child, _) = paused("paused-1");
    assert!(names_in(&w.path(""))
        .iter()
        .any(|n| n.starts_with(".cards.") && n.ends_with(".tmp")));
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(130));
    unchanged();
    // A run that fails while its outputs are renamed into place (the workbook's place
    // taken by a folder meanwhile): the cards, committed last, stay as they were.
    let (child, marker) = paused("paused-2");
    w.write("r.xlsx/taken", b"a folder now");
    std::fs::remove_file(&marker).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    unchanged();
    std::fs::remove_dir_all(w.path("r.xlsx")).unwrap();
    // A successful run replaces the folder as a whole: the earlier card is gone.
    w.run(&["ingest", "round", "--out", "r.xlsx", "--cards", "cards"])
        .expect_code(1);
    let after = names_in(&w.path("cards"));
    assert!(
        !after.contains(&"旧公司_客户投诉服务认证.xlsx".to_string()),
        "{after:?}"
    );
    assert_eq!(after.len(), 4, "{after:?}");
}

#[test]
fn a_cards_folder_holding_other_files_is_refused_before_anything_is_read() {
    let w = Workdir::new();
    write_round(&w, "round");
    w.write("mine/notes.txt", b"mine");
    let run = w.run(&["ingest", "round", "--out", "r.xlsx", "--cards", "mine"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("--cards mine 中已有其他文件（不是本工具写出的成绩单文件夹）"),
        "{}",
        run.stderr()
    );
    assert_eq!(std::fs::read(w.path("mine/notes.txt")).unwrap(), b"mine");
    assert!(!w.path("r.xlsx").exists());
    // Inside a folder read: refused too (the next run would read the cards).
    let run = w.run(&[
        "ingest",
        "round",
        "--out",
        "r.xlsx",
        "--cards",
        "round/cards",
    ]);
    run.expect_code(2);
    assert!(!w.path("round/cards").exists());
}

// ---------------------------------------------------------------- print

/// The last row (1-based) of a sheet's print area, from workbook.xml.
fn print_area_last_row(workbook: &str, sheet: &str) -> u32 {
    let at = workbook
        .split("<definedName ")
        .filter(|d| d.starts_with("name=\"_xlnm.Print_Area\""))
        .find_map(|d| d.find(&format!(">{sheet}!$A$1:$")).map(|i| (d, i)))
        .map(|(d, i)| workbook.find(d).unwrap() + i)
        .unwrap_or_else(|| panic!("no print area on {sheet}: {workbook}"));
    let area = &workbook[at..workbook[at..].find("</definedName>").unwrap() + at];
    area.rsplit('$').next().unwrap().parse().unwrap()
}

/// The last row (0-based) a drawing's anchors reach.
fn drawing_last_row(drawing: &str) -> u32 {
    drawing
        .split("<xdr:to>")
        .skip(1)
        .map(|to| {
            let r = &to[to.find("<xdr:row>").unwrap() + 9..];
            r[..r.find('<').unwrap()].parse::<u32>().unwrap()
        })
        .max()
        .unwrap()
}

#[test]
fn every_sheet_prints_on_a4_fitted_to_the_width_with_charts_inside_the_print_area() {
    let w = Workdir::new();
    let xlsx = ingest_round(&w, &[]);
    // The visible sheets: 汇总, 明细, 极差, 雷达图, 评价人明细, 评价人校准, 问题清单, 运行信息.
    for n in 1..=8 {
        let xml = zip_part(&xlsx, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("paperSize=\"9\""), "sheet{n}: A4\n{xml}");
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet{n}: fitted"
        );
        assert!(
            xml.contains("fitToHeight=\"0\""),
            "sheet{n}: one page wide, pages down"
        );
    }
    let workbook = zip_part(&xlsx, "xl/workbook.xml");
    for (sheet, rows) in [
        ("汇总", "$1:$1"),
        ("评价人明细", "$1:$1"),
        ("明细", "$1:$2"),
    ] {
        assert!(
            workbook.contains(&format!("{sheet}!{rows}</definedName>")),
            "{sheet} repeats its headings: {workbook}"
        );
    }
    // 汇总's chart sits below the table, starts a page, and is inside the print area.
    let summary = zip_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(summary.contains("<brk id=\"5\""), "{summary}");
    let chart_end = drawing_last_row(&zip_part(&xlsx, "xl/drawings/drawing1.xml"));
    assert!(print_area_last_row(&workbook, "汇总") > chart_end);
    // 雷达图: every chart inside the print area.
    let radar_end = drawing_last_row(&zip_part(&xlsx, "xl/drawings/drawing2.xml"));
    assert!(print_area_last_row(&workbook, "雷达图") > radar_end);
}

// ---------------------------------------------------------------- 评价说明

#[test]
fn remarks_go_from_the_template_to_the_raters_sheet_and_the_cards() {
    use certsheet::model::Remarks;
    let w = Workdir::new();
    let c = scheme("complaint");
    let with_remarks = |h: Header, remarks: Remarks, levels: Vec<Option<Input>>| {
        let fill = Fill {
            conformity: passed_with(&levels),
            alphas: alphas(&c, 0.9),
            levels,
            uncached: false,
            remarks,
        };
        write_template(&c, Some(&h), Some(&fill)).unwrap()
    };
    let long = "长".repeat(600);
    w.write(
        "round/甲公司_张三.xlsx",
        &with_remarks(
            header("甲公司", "张三"),
            Remarks {
                // 1.2 and 3.1 (indices 1 and 6); a zero-width space and a no-break space typed in.
                items: vec![
                    (1, "设备\u{200B}老化，\u{00A0}候车区座椅破损".into()),
                    (6, long.clone()),
                ],
                // 4.1 (index 9 of the clauses).
                clauses: vec![(9, "=未见资源配置计划".into())],
            },
            levels(&c, 4.0),
        ),
    );
    // 李四 did not score maturity: a remark beside a clause does not count.
    w.write(
        "round/甲公司_李四.xlsx",
        &with_remarks(
            header("甲公司", "李四"),
            Remarks {
                items: vec![(0, "服务人员着装规范".into())],
                clauses: vec![(0, "不计入".into())],
            },
            vec![],
        ),
    );
    w.run(&["ingest", "round", "--out", "r.xlsx", "--cards", "cards"])
        .expect_code(0);
    let r = sheet(&w.path("r.xlsx"), "评价人明细");
    let col = (0..60u16)
        .find(|&k| text(&r, 0, k) == "评价说明")
        .expect("a 评价说明 column");
    assert_eq!(col, 9 + 19 + 21);
    let zhang = text(&r, 1, col);
    let cut = format!("{}…", "长".repeat(499));
    assert_eq!(
        zhang,
        format!("1.2：设备老化， 候车区座椅破损；3.1：{cut}；4.1：=未见资源配置计划")
    );
    assert_eq!(text(&r, 2, col), "1.1：服务人员着装规范");
    // The card: each remark with its item or clause and its rater, cut for the page.
    let card = card_text(&w.path("cards/甲公司_客户投诉服务认证.xlsx"));
    for line in [
        "1.1 人员 · 李四：服务人员着装规范",
        "1.2 设备设施 · 张三：设备老化， 候车区座椅破损",
        "4.1 资源 · 张三：=未见资源配置计划",
    ] {
        assert!(card.contains(line), "{line:?} not in the card:\n{card}");
    }
    assert!(
        card.contains(&format!("3.1 人员 · 张三：{}…", "长".repeat(160))),
        "{card}"
    );
    assert!(!card.contains("不计入"), "{card}");
}
