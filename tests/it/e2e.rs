//! End to end, the way users work: a roster, generated workbooks, filled in,
//! ingested, and the CSV compared with a golden file worked out by hand
//! (tests/fixtures/README.md shows the arithmetic).

use crate::common::golden::{fill_round, golden, ROSTER};
use crate::common::*;

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
    assert_eq!(generated.len(), 12);
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
        run.stdout()
            .contains("读取 13 份，采用 13 份，退回 0 份，跳过 0 份；10 个组织"),
        "{}",
        run.stdout()
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
        run.stdout().contains("回收/新余庚公司_冯二.xlsx: 附录1!E8: 错误: 第 1.2 项的 α 为“7”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（是否填成了得分？本项满分 7，α 应为 得分 ÷ 7）"),
        "{}",
        run.stdout()
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
        run.stdout()
            .contains("回收/坏.xlsx: 错误: 不是电子表格文件"),
        "{}",
        run.stdout()
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
        run.stdout()
            .contains("read 1, accepted 1, rejected 0, skipped 0; 1 organizations"),
        "{}",
        run.stdout()
    );
    let csv = String::from_utf8(std::fs::read(w.path("r.csv")).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}机构名称,统一社会信用代码,认证方案,"));
    assert!(csv.contains("甲,,complaint,1,90.00,1,116.00,五级,通过,四星级,service score below what 五星级 needs (≥ 95)"), "{csv}");
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
}

#[test]
fn schemes_are_listed_and_a_printed_scheme_works_as_a_user_file() {
    let w = Workdir::new();
    let run = w.run(&["schemes"]);
    run.expect_code(0);
    assert!(
        run.stdout().contains(
            "complaint       客户投诉服务认证  CTS TBSC97-2026 B/0  [三星级 / 四星级 / 五星级]"
        ),
        "{}",
        run.stdout()
    );
    assert!(run.stdout().contains(
        "quality-credit  企业质量信用服务认证  CTS TBSC094-2026 B/0  [AAA级 / AAAA级 / AAAAA级]"
    ));
    let show = w.run(&["schemes", "show", "complaint"]);
    show.expect_code(0);
    // A new service type: the printed TOML with a new id and title, and nothing else.
    let hotel = show
        .stdout()
        .replace("id = \"complaint\"", "id = \"hotel\"")
        .replace("title = \"客户投诉服务认证\"", "title = \"酒店服务认证\"");
    w.write("hotel.toml", hotel.as_bytes());
    w.run(&["template", "--scheme", "hotel.toml", "--out", "t"])
        .expect_code(0);
    assert!(w.path("t/hotel_评分表.xlsx").exists());
    // The blank workbook is skipped (not rejected) when its scheme is given to check.
    let run = w.run(&["check", "t", "--scheme", "hotel.toml"]);
    run.expect_code(0);
    assert!(
        run.stdout().contains("两张评分表均未填写：已跳过"),
        "{}",
        run.stdout()
    );
    // Without it, the scheme is unknown and the workbook is rejected, naming the scheme.
    let run = w.run(&["check", "t"]);
    run.expect_code(1);
    assert!(
        run.stdout().contains("未知的认证方案“hotel”"),
        "{}",
        run.stdout()
    );
    let bad = w.run(&["template", "--scheme", "nope", "--out", "t"]);
    bad.expect_code(2);
    assert!(
        bad.stderr().contains("未知的认证方案“nope”"),
        "{}",
        bad.stderr()
    );
}

#[test]
fn a_printed_scheme_cites_the_standard_and_nothing_else() {
    let w = Workdir::new();
    for (id, title, number) in [
        (
            "complaint",
            "《客户投诉服务认证技术规范》",
            "CTS TBSC97-2026",
        ),
        (
            "quality-credit",
            "《企业质量信用服务认证技术规范》",
            "CTS TBSC094-2026",
        ),
    ] {
        let show = w.run(&["schemes", "show", id]);
        show.expect_code(0);
        let text = show.stdout();
        // The header comment names the document and where each part comes from.
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        for part in [
            "江西腾标认证有限公司",
            title,
            number,
            "版本号 B/0",
            "Appendix 1",
            "Appendix 2",
            "Appendix 3",
            "Appendix 4",
            "section 5.3",
        ] {
            assert!(header.contains(part), "{id}: {part} in\n{header}");
        }
        for word in ["/work", "seeds", ".txt", "FORMAT.md"] {
            assert!(
                !text.contains(word),
                "{id}: the scheme file mentions {word}"
            );
        }
        for word in ["SPEC", "seed", "extraction", "未达星级"] {
            assert!(
                !text.contains(word),
                "{id}: the scheme file mentions {word}"
            );
        }
        // The grade rules come with the reading of 5.3 they implement.
        assert!(text.contains("How they read 5.3"), "{id}");
        assert!(text.contains("conformity_required = true"), "{id}");
    }
}
