//! End to end, the way users work: a roster, generated workbooks, filled in,
//! ingested, and the CSV compared with a golden file worked out by hand
//! (tests/fixtures/README.md shows the arithmetic).

mod common;

use certsheet::template::Input;
use common::*;

const ROSTER: &str = "机构名称,评价人,统一社会信用代码,评价日期
南昌甲公司,张三,91350100M000100Y43,2026-03-01
南昌甲公司,李四,,2026-03-01
赣州乙有限公司,王五,,2026-03-02
赣州乙有限公司,赵六,,2026-03-02
九江丙公司,钱七,,2026-03-03
上饶丁公司,孙八,,2026-03-03
萍乡戊公司,周九,,2026-03-04
萍乡戊公司,吴十,,2026-03-04
宜春己公司,郑一,,2026-03-05
";

/// Writes the filled round of tests/fixtures/README.md into `dir` and returns the file names.
fn fill_round(w: &Workdir, dir: &str) -> Vec<String> {
    let c = scheme("complaint");
    let q = scheme("quality-credit");
    let rows: Vec<(&str, &str)> = ROSTER
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    let mut names = Vec::new();
    for (org, rater) in rows {
        let mut h = header(org, rater);
        if rater == "张三" {
            h.credit_code = "91350100M000100Y43".into();
        }
        let (a, l) = match rater {
            "张三" => {
                let mut a = alphas(&c, 0.95);
                a[0] = t("95%");
                a[1] = t("０．９５");
                a[18] = n(1.0);
                let mut l = levels(&c, 4.0);
                l[0] = t("四级");
                l[1] = t("4级");
                l[2] = t("4");
                (a, l)
            }
            "李四" => (alphas(&c, 0.9), levels(&c, 4.0)),
            "王五" => (alphas(&c, 0.8), vec![]),
            "赵六" => (vec![], levels(&c, 3.0)),
            "钱七" => (alphas(&c, 0.96), levels(&c, 3.0)),
            "孙八" => (alphas(&c, 0.5), vec![]),
            "周九" => {
                let mut a = alphas(&c, 0.8);
                a[0] = n(0.802);
                (a, levels(&c, 3.0))
            }
            "吴十" => (alphas(&c, 0.8), levels(&c, 3.0)),
            "郑一" => {
                let mut a = alphas(&c, 0.8);
                a[0] = n(0.799);
                (a, levels(&c, 3.0))
            }
            _ => unreachable!(),
        };
        let name = format!("{dir}/{org}_{rater}.xlsx");
        w.write(&name, &filled(&c, &h, a, l));
        names.push(name);
    }
    let mut h = header("南昌甲公司", "张三");
    h.credit_code = "91350100M000100Y43".into();
    let name = format!("{dir}/质量信用/南昌甲公司_张三.xlsx");
    w.write(&name, &filled(&q, &h, alphas(&q, 1.0), levels(&q, 5.0)));
    names.push(name);
    names
}

fn golden() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/round1.csv"
    ))
    .unwrap()
}

#[test]
fn roster_to_results_matches_the_hand_worked_csv() {
    let w = Workdir::new();
    w.write("名单.csv", ROSTER.as_bytes());
    w.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "名单.csv",
        "--out",
        "评分表",
    ])
    .expect_code(0);
    // The roster gave one workbook per row, named after organization and rater.
    let mut generated: Vec<String> = std::fs::read_dir(w.path("评分表"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    assert_eq!(generated.len(), 9);
    assert!(generated.contains(&"南昌甲公司_张三.xlsx".to_string()));

    fill_round(&w, "回收");
    let run = w.run(&["ingest", "回收", "--out", "结果.xlsx", "--csv", "结果.csv"]);
    run.expect_code(0);
    let csv = std::fs::read(w.path("结果.csv")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&csv),
        String::from_utf8_lossy(&golden())
    );
    assert_eq!(csv, golden());
    assert!(
        run.stderr()
            .contains("读取 10 份，采用 10 份，退回 0 份，跳过 0 份；7 个组织"),
        "{}",
        run.stderr()
    );
}

#[test]
fn same_csv_bytes_whatever_the_thread_count_or_path_order() {
    let w = Workdir::new();
    let mut names = fill_round(&w, "回收");
    w.run(&["ingest", "回收", "--out", "a.xlsx", "--csv", "a.csv"])
        .expect_code(0);
    w.run(&[
        "ingest", "回收", "--out", "b.xlsx", "--csv", "b.csv", "--jobs", "1",
    ])
    .expect_code(0);
    names.reverse();
    let mut args: Vec<&str> = names.iter().map(String::as_str).collect();
    args.splice(0..0, ["ingest"]);
    args.extend(["--out", "c.xlsx", "--csv", "c.csv", "--jobs", "2"]);
    w.run(&args).expect_code(0);
    let a = std::fs::read(w.path("a.csv")).unwrap();
    assert_eq!(a, golden());
    assert_eq!(std::fs::read(w.path("b.csv")).unwrap(), a);
    assert_eq!(std::fs::read(w.path("c.csv")).unwrap(), a);
}

#[test]
fn a_rejected_workbook_changes_no_other_result_and_exit_is_1() {
    let w = Workdir::new();
    fill_round(&w, "回收");
    let c = scheme("complaint");
    let mut a = alphas(&c, 0.9);
    a[1] = n(7.0); // the score of item 1.2 typed instead of α
    w.write(
        "回收/新余庚公司_冯二.xlsx",
        &filled(&c, &header("新余庚公司", "冯二"), a, levels(&c, 3.0)),
    );
    let run = w.run(&["ingest", "回收", "--out", "r.xlsx", "--csv", "r.csv"]);
    run.expect_code(1);
    assert_eq!(std::fs::read(w.path("r.csv")).unwrap(), golden());
    assert!(
        run.stderr().contains("回收/新余庚公司_冯二.xlsx: 附录1!E8: 错误: 第 1.2 项的 α 为“7”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（是否填成了得分？本项满分 7，α 应为 得分 ÷ 7）"),
        "{}",
        run.stderr()
    );
}

#[test]
fn strict_writes_nothing_on_any_rejection_and_keeps_the_earlier_results() {
    let w = Workdir::new();
    fill_round(&w, "回收");
    w.write("r.csv", b"earlier results");
    w.write("回收/坏.xlsx", b"not a workbook at all");
    let run = w.run(&[
        "ingest", "回收", "--out", "r.xlsx", "--csv", "r.csv", "--strict",
    ]);
    run.expect_code(1);
    assert_eq!(std::fs::read(w.path("r.csv")).unwrap(), b"earlier results");
    assert!(!w.path("r.xlsx").exists());
    assert!(
        run.stderr()
            .contains("回收/坏.xlsx: 错误: 不是电子表格文件"),
        "{}",
        run.stderr()
    );
}

#[test]
fn english_messages_keep_the_csv_header() {
    let w = Workdir::new();
    let c = scheme("complaint");
    w.write(
        "in/a.xlsx",
        &filled(&c, &header("甲", "张三"), alphas(&c, 0.9), levels(&c, 4.0)),
    );
    let run = w.run(&[
        "--lang", "en", "ingest", "in", "--out", "r.xlsx", "--csv", "r.csv",
    ]);
    run.expect_code(0);
    assert!(
        run.stderr()
            .contains("read 1, accepted 1, rejected 0, skipped 0; 1 organizations"),
        "{}",
        run.stderr()
    );
    let csv = String::from_utf8(std::fs::read(w.path("r.csv")).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}机构名称,统一社会信用代码,认证方案,"));
    assert!(csv.contains("甲,,complaint,1,90.00,1,116.00,五级,四星级,service score below what 五星级 needs (≥ 95)"), "{csv}");
}

#[test]
fn no_input_and_unwritable_output_exit_2() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("empty")).unwrap();
    let run = w.run(&["ingest", "empty", "--out", "r.xlsx"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("没有找到可读取的工作簿"),
        "{}",
        run.stderr()
    );
    let c = scheme("complaint");
    w.write(
        "in/a.xlsx",
        &filled(&c, &header("甲", "张三"), alphas(&c, 0.9), levels(&c, 4.0)),
    );
    std::fs::create_dir_all(w.path("folder.xlsx")).unwrap();
    let run = w.run(&["ingest", "in", "--out", "folder.xlsx"]);
    run.expect_code(2);
    assert!(run.stderr().contains("是一个文件夹"), "{}", run.stderr());
    let run = w.run(&["ingest", "in", "--out", "no/such/dir/r.xlsx"]);
    run.expect_code(2);
    assert!(run.stderr().contains("不存在"), "{}", run.stderr());
    let _ = Input::Number(0.0);
}
