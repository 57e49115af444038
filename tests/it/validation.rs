//! One test per accepted input form and per rejection rule of SPEC's "Ingest"
//! section; each asserts the exact message a user sees, naming file and cell.

use crate::common::*;

fn with_alpha(i: usize, value: Option<Input>) -> Vec<u8> {
    let c = scheme("complaint");
    let mut a = alphas(&c, 0.8);
    a[i] = value;
    filled(&c, &header("甲公司", "张三"), a, levels(&c, 3.0))
}

fn with_level(i: usize, value: Option<Input>) -> Vec<u8> {
    let c = scheme("complaint");
    let mut l = levels(&c, 3.0);
    l[i] = value;
    filled(&c, &header("甲公司", "张三"), alphas(&c, 0.8), l)
}

#[test]
fn accepted_alpha_forms_give_the_same_alpha() {
    let cases = [
        (n(0.85), "0.85"),
        (t(" 0.85 "), "0.85"),
        (t("０．８５"), "0.85"),
        (t("85%"), "0.85"),
        (t("８５％"), "0.85"),
        (n(0.85004), "0.8500"),
        (n(1.0), "1"),
        (n(0.0), "0"),
    ];
    for (value, want) in cases {
        let r = read(&with_alpha(0, value.clone()), "a.xlsx");
        assert_eq!(
            r.status(),
            Status::Accepted,
            "{value:?}: {:?}",
            messages(&r)
        );
        let got = r.submission.unwrap().alphas.unwrap()[0];
        assert_eq!(got.to_string(), want, "{value:?}");
    }
}

#[test]
fn accepted_level_forms_give_the_same_level() {
    for (value, want) in [
        (n(4.0), 4),
        (t("4"), 4),
        (t("４"), 4),
        (t("四级"), 4),
        (t("4级"), 4),
        (t("四"), 4),
        (t(" 一级 "), 1),
        (t("五"), 5),
    ] {
        let r = read(&with_level(0, value.clone()), "a.xlsx");
        assert_eq!(
            r.status(),
            Status::Accepted,
            "{value:?}: {:?}",
            messages(&r)
        );
        assert_eq!(r.submission.unwrap().levels.unwrap()[0], want, "{value:?}");
    }
}

#[test]
fn score_typed_instead_of_alpha_gets_a_hint() {
    let r = read(&with_alpha(1, n(7.0)), "回收/甲.xlsx");
    assert_eq!(r.status(), Status::Rejected);
    assert_eq!(
        messages(&r),
        ["回收/甲.xlsx: 附录1!E8: 错误: 第 1.2 项的 α 为“7”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（是否填成了得分？本项满分 7，α 应为 得分 ÷ 7）"]
    );
}

#[test]
fn percent_without_sign_decimal_comma_and_words_are_refused() {
    let r = read(&with_alpha(0, n(80.0)), "a.xlsx");
    assert_eq!(messages(&r), ["a.xlsx: 附录1!E7: 错误: 第 1.1 项的 α 为“80”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（若是百分数，请写成 80% 或 0.8）"]);
    // The hint quotes the number typed, not a fixed example.
    let r = read(&with_alpha(0, n(85.0)), "a.xlsx");
    assert_eq!(messages(&r), ["a.xlsx: 附录1!E7: 错误: 第 1.1 项的 α 为“85”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（若是百分数，请写成 85% 或 0.85）"]);
    let r = read(&with_alpha(2, t("0,8")), "a.xlsx");
    assert_eq!(messages(&r), ["a.xlsx: 附录1!E9: 错误: 第 1.3 项的 α 为“0,8”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（小数点请用“.”，不要用“,”）"]);
    let r = read(&with_alpha(3, t("很好")), "a.xlsx");
    assert_eq!(messages(&r), ["a.xlsx: 附录1!E10: 错误: 第 2.1 项的 α 为“很好”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）"]);
    let r = read(&with_alpha(3, n(-0.2)), "a.xlsx");
    assert_eq!(r.status(), Status::Rejected);
    let r = read(&with_alpha(3, t("120%")), "a.xlsx");
    assert_eq!(r.status(), Status::Rejected);
}

#[test]
fn bad_levels_are_refused_with_the_cell() {
    // Clause 4.1 (10 points) is the 10th row: D16. 8 is a score, not a level.
    let r = read(&with_level(9, n(8.0)), "a.xlsx");
    assert_eq!(messages(&r), ["a.xlsx: 附录3!D16: 错误: 第 4.1 条的成熟度等级为“8”；应为 1–5、一级…五级 或 1级…5级（是否填成了得分？请填等级，得分 = 等级 × 总分值 ÷ 5）"]);
    let r = read(&with_level(0, t("六级")), "a.xlsx");
    assert_eq!(
        messages(&r),
        ["a.xlsx: 附录3!D7: 错误: 第 1.1 条的成熟度等级为“六级”；应为 1–5、一级…五级 或 1级…5级"]
    );
    let r = read(&with_level(0, n(2.5)), "a.xlsx");
    assert_eq!(r.status(), Status::Rejected);
}

#[test]
fn partly_filled_sheet_lists_the_empty_cells() {
    let c = scheme("complaint");
    let mut a = alphas(&c, 0.8);
    a[0] = None;
    a[18] = None;
    let r = read(
        &filled(&c, &header("甲", "张三"), a, levels(&c, 3.0)),
        "a.xlsx",
    );
    assert_eq!(messages(&r), ["a.xlsx: 附录1: 错误: 未填写完整，2 个单元格为空（E7、E25）；请全部填写，未评价则整表留空"]);
}

/// check: the auditor gets every problem of a sheet in one round; an empty cell
/// does not hide a wrong value next to it, nor a wrong level a missing conclusion.
#[test]
fn every_problem_of_a_sheet_is_reported_at_once() {
    let c = scheme("complaint");
    let mut a = alphas(&c, 0.8);
    a[0] = None;
    a[1] = Some(Input::Text("好".into()));
    let mut l = levels(&c, 3.0);
    l[0] = n(6.0);
    let fill = Fill {
        alphas: a,
        levels: l,
        conformity: None,
        uncached: false,
    };
    let r = read(
        &write_template(&c, Some(&header("甲", "")), Some(&fill)).unwrap(),
        "a.xlsx",
    );
    assert_eq!(
        messages(&r),
        [
            "a.xlsx: 附录1: 错误: 未填写完整，1 个单元格为空（E7）；请全部填写，未评价则整表留空",
            "a.xlsx: 附录1!E8: 错误: 第 1.2 项的 α 为“好”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）",
            "a.xlsx: 附录3!D7: 错误: 第 1.1 条的成熟度等级为“6”；应为 1–5、一级…五级 或 1级…5级",
            "a.xlsx: 附录3!D30: 错误: 未填写管理要求符合性审查结论：请选择“通过”或“不通过”",
            "a.xlsx: 附录1!B4: 错误: 评价人未填写",
        ]
    );
}

#[test]
fn one_empty_sheet_counts_the_other_and_both_empty_is_skipped() {
    let c = scheme("complaint");
    let r = read(
        &filled(&c, &header("甲", "张三"), alphas(&c, 0.8), vec![]),
        "a.xlsx",
    );
    assert_eq!(r.status(), Status::Accepted);
    // Said, so that a sheet left empty by mistake is noticed before it is sent.
    assert_eq!(
        messages(&r),
        ["a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"]
    );
    assert!(r.submission.unwrap().levels.is_none());
    let r = read(
        &filled(&c, &header("甲", "张三"), vec![], levels(&c, 3.0)),
        "a.xlsx",
    );
    assert_eq!(r.status(), Status::Accepted);
    assert_eq!(
        messages(&r),
        ["a.xlsx: 附录1: 说明: 未填写：本工作簿只计入管理成熟度（不计入服务特性测评）"]
    );
    let r = read(&filled(&c, &header("甲", "张三"), vec![], vec![]), "a.xlsx");
    assert_eq!(r.status(), Status::Skipped);
    assert_eq!(messages(&r), ["a.xlsx: 警告: 两张评分表均未填写：已跳过"]);
}

#[test]
fn missing_organization_or_rater_is_an_error_naming_the_cell() {
    let c = scheme("complaint");
    let r = read(
        &filled(&c, &header("", ""), alphas(&c, 0.8), vec![]),
        "a.xlsx",
    );
    assert_eq!(
        messages(&r),
        [
            "a.xlsx: 附录1!B3: 错误: 受评组织未填写",
            "a.xlsx: 附录1!B4: 错误: 评价人未填写",
            "a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"
        ]
    );
}

#[test]
fn bad_credit_code_is_a_warning_only() {
    let c = scheme("complaint");
    let mut h = header("甲", "张三");
    h.credit_code = "91350100M000100Y44".into();
    let r = read(&filled(&c, &h, alphas(&c, 0.8), vec![]), "a.xlsx");
    assert_eq!(r.status(), Status::Accepted);
    assert_eq!(messages(&r), ["a.xlsx: 附录1!F3: 警告: 统一社会信用代码“91350100M000100Y44”未通过 GB 32100 校验（请核对；少数真实代码也会如此）", "a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"]);
}

#[test]
fn not_a_spreadsheet_and_truncated_files_are_rejected() {
    let r = read(b"hello, this is a text file", "renamed.xlsx");
    assert_eq!(
        messages(&r),
        ["renamed.xlsx: 错误: 不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）"]
    );
    let c = scheme("complaint");
    let bytes = filled(&c, &header("甲", "张三"), alphas(&c, 0.8), vec![]);
    let r = read(&bytes[..bytes.len() / 2], "half.xlsx");
    assert_eq!(r.status(), Status::Rejected);
    assert!(
        messages(&r)[0].starts_with("half.xlsx: 错误: 文件已损坏或不完整，无法读取"),
        "{:?}",
        messages(&r)
    );
}

#[test]
fn unknown_scheme_and_old_version_are_rejected() {
    let mut other = scheme("complaint");
    other.id = "hotel".into();
    let bytes = write_template(&other, Some(&header("甲", "张三")), None).unwrap();
    let r = read(&bytes, "a.xlsx");
    assert_eq!(messages(&r), ["a.xlsx: 错误: 评分表属于未知的认证方案“hotel”（见 `certsheet schemes`，或用 --scheme 指定方案文件）"]);
    let mut old = scheme("complaint");
    old.version = "A/0".into();
    let bytes = write_template(&old, Some(&header("甲", "张三")), None).unwrap();
    let r = read(&bytes, "a.xlsx");
    assert_eq!(
        messages(&r),
        ["a.xlsx: 错误: 评分表对应方案“complaint”的 A/0 版，当前为 B/0 版：请使用新模板重新填写"]
    );
}

#[test]
fn edited_points_missing_and_duplicated_items_are_named() {
    let c = scheme("complaint");
    let fill = Fill {
        alphas: alphas(&c, 0.8),
        levels: vec![],
        conformity: None,
        uncached: false,
    };
    let mut edited = c.clone();
    edited.items[0].points = 6;
    let r = read(
        &write_template(&edited, Some(&header("甲", "张三")), Some(&fill)).unwrap(),
        "a.xlsx",
    );
    assert_eq!(
        messages(&r),
        [
            "a.xlsx: 附录1!D7: 错误: 第 1.1 项的分值被改为 6，方案规定为 5",
            "a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"
        ]
    );

    let mut missing = c.clone();
    missing.items.pop();
    let r = read(
        &write_template(&missing, Some(&header("甲", "张三")), Some(&fill)).unwrap(),
        "a.xlsx",
    );
    assert_eq!(
        messages(&r),
        [
            "a.xlsx: 附录1: 错误: 表中缺少第 7.1 项",
            "a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"
        ]
    );

    let mut dup = c.clone();
    dup.items[18].code = "6.3".into();
    let r = read(
        &write_template(&dup, Some(&header("甲", "张三")), Some(&fill)).unwrap(),
        "a.xlsx",
    );
    assert!(
        messages(&r)
            .contains(&"a.xlsx: 附录1!B25: 错误: 第 6.3 项重复出现（另见 附录1!B24）".to_string()),
        "{:?}",
        messages(&r)
    );
}

#[test]
fn duplicate_submissions_are_all_rejected_and_named() {
    let c = scheme("complaint");
    let w = Workdir::new();
    let a = w.write(
        "a.xlsx",
        &filled(&c, &header("甲公司", "张三"), alphas(&c, 0.8), vec![]),
    );
    let b = w.write(
        "b.xlsx",
        &filled(&c, &header("甲 公司", "张三"), alphas(&c, 0.9), vec![]),
    );
    let cat = catalog();
    let mut files = vec![
        read_file(cat, a, "a.xlsx".into()),
        read_file(cat, b, "b.xlsx".into()),
    ];
    let orgs = consolidate(cat, &mut files);
    assert!(orgs.is_empty());
    assert_eq!(messages(&files[0]), ["a.xlsx: 错误: 评价人“张三”对“甲公司”提交了多份未填评价日期的工作簿，另见：b.xlsx。请撤回多余的一份，在此之前均不计入", "a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"]);
    assert_eq!(messages(&files[1]), ["b.xlsx: 错误: 评价人“张三”对“甲 公司”提交了多份未填评价日期的工作簿，另见：a.xlsx。请撤回多余的一份，在此之前均不计入", "b.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"]);
}

/// A header with an assessment date.
fn dated(organization: &str, rater: &str, date: &str) -> Header {
    Header {
        date: date.into(),
        ..header(organization, rater)
    }
}

/// A filled complaint workbook of `rater` for 甲公司 on `date`: every α and every level alike.
fn assessed(rater: &str, date: &str, alpha: f64, level: f64) -> Vec<u8> {
    let c = scheme("complaint");
    filled(
        &c,
        &dated("甲公司", rater, date),
        alphas(&c, alpha),
        levels(&c, level),
    )
}

/// Reads the named workbooks as one batch (in this order) and consolidates it.
fn batch(books: Vec<(&str, Vec<u8>)>) -> (Vec<FileResult>, certsheet::results::Results) {
    let w = Workdir::new();
    let cat = catalog();
    let mut files: Vec<FileResult> = books
        .into_iter()
        .map(|(name, bytes)| read_file(cat, w.write(name, &bytes), name.into()))
        .collect();
    let results = consolidate(cat, &mut files);
    (files, results)
}

#[test]
fn one_rater_on_two_dates_is_two_occasions_both_counted_and_warned() {
    // 张三 on 3 March (S = 80, M = 87) and on 20 March (S = 90, M = 116); 李四 once.
    let (files, results) = batch(vec![
        ("a.xlsx", assessed("张三", "2026-03-03", 0.8, 3.0)),
        ("b.xlsx", assessed("张三", "2026/3/20", 0.9, 4.0)),
        ("l.xlsx", assessed("李四", "2026-03-03", 1.0, 5.0)),
    ]);
    assert!(files.iter().all(|f| f.status() == Status::Accepted));
    assert_eq!(messages(&files[0]), ["a.xlsx: 警告: 评价人“张三”在其他日期也评价了“甲公司”（另见：b.xlsx，评价日期 2026-03-20）：按“每人或每次”各计一次"]);
    assert_eq!(messages(&files[1]), ["b.xlsx: 警告: 评价人“张三”在其他日期也评价了“甲公司”（另见：a.xlsx，评价日期 2026-03-03）：按“每人或每次”各计一次"]);
    assert!(messages(&files[2]).is_empty());
    // Three occasions: S = (80 + 90 + 100) / 3 = 90.00, M = (87 + 116 + 145) / 3 = 116.00.
    let org = &results.orgs[0];
    assert_eq!((org.service.sheets, org.maturity.sheets), (3, 3));
    assert_eq!(org.service_score.unwrap().to_string(), "90.00");
    assert_eq!(org.maturity_total.unwrap().to_string(), "116.00");
    // Calibration counts 张三's two occasions.
    let zhang = results.raters.iter().find(|r| r.name == "张三").unwrap();
    assert_eq!(zhang.occasions, 2);
}

#[test]
fn one_rater_twice_on_the_same_date_is_a_duplicate_both_rejected() {
    // The same day written another way is the same date.
    let (files, results) = batch(vec![
        ("a.xlsx", assessed("张三", "2026-03-03", 0.8, 3.0)),
        ("b.xlsx", assessed("张三", "2026年3月3日", 0.9, 4.0)),
    ]);
    assert!(results.is_empty());
    assert_eq!(messages(&files[0]), ["a.xlsx: 错误: 评价人“张三”对“甲公司”提交了多份评价日期为 2026-03-03 的工作簿，另见：b.xlsx。请撤回多余的一份，在此之前均不计入"]);
    assert_eq!(files[1].status(), Status::Rejected);
}

/// A complaint workbook with every level at 4 and the conformity review as given.
fn with_conformity(conformity: Option<Input>, levels_given: bool) -> Vec<u8> {
    let c = scheme("complaint");
    let fill = Fill {
        alphas: alphas(&c, 0.9),
        levels: if levels_given {
            levels(&c, 4.0)
        } else {
            vec![]
        },
        conformity,
        uncached: false,
    };
    write_template(&c, Some(&header("甲公司", "张三")), Some(&fill)).unwrap()
}

#[test]
fn the_conformity_review_is_required_with_the_levels_and_read_as_typed() {
    let cell = "附录3!D30";
    let r = read(&with_conformity(None, true), "a.xlsx");
    assert_eq!(
        messages(&r),
        [format!(
            "a.xlsx: {cell}: 错误: 未填写管理要求符合性审查结论：请选择“通过”或“不通过”"
        )]
    );
    let r = read(&with_conformity(t("不通过"), false), "a.xlsx");
    assert_eq!(
        messages(&r),
        [format!("a.xlsx: {cell}: 错误: 已填写符合性审查结论，但各条款的成熟度等级均为空：请全部填写，未评价则整表留空（含此结论）")]
    );
    let r = read(&with_conformity(t("合格"), true), "a.xlsx");
    assert_eq!(
        messages(&r),
        [format!(
            "a.xlsx: {cell}: 错误: 管理要求符合性审查结论为“合格”；应为“通过”或“不通过”"
        )]
    );
    for (typed, conformity) in [
        ("通过", Conformity::Passed),
        ("符合", Conformity::Passed),
        (" 不通过 ", Conformity::Failed),
        ("不符合", Conformity::Failed),
    ] {
        let r = read(&with_conformity(t(typed), true), "a.xlsx");
        assert_eq!(r.status(), Status::Accepted, "{typed}: {:?}", messages(&r));
        assert_eq!(
            r.submission.unwrap().conformity,
            Some(conformity),
            "{typed}"
        );
    }
    // Service only: no conformity review, none asked for.
    let r = read(&with_conformity(None, false), "a.xlsx");
    assert_eq!(r.status(), Status::Accepted, "{:?}", messages(&r));
    assert_eq!(r.submission.unwrap().conformity, None);
}

#[test]
fn different_credit_codes_for_one_organization_name_the_files() {
    let c = scheme("complaint");
    let w = Workdir::new();
    let mut h1 = header("甲公司", "张三");
    h1.credit_code = "91350100M000100Y43".into();
    let mut h2 = header("甲公司", "李四");
    h2.credit_code = "91110000100001344J".into();
    let a = w.write("a.xlsx", &filled(&c, &h1, alphas(&c, 0.8), vec![]));
    let b = w.write("b.xlsx", &filled(&c, &h2, alphas(&c, 0.9), vec![]));
    let cat = catalog();
    let mut files = vec![
        read_file(cat, a, "a.xlsx".into()),
        read_file(cat, b, "b.xlsx".into()),
    ];
    consolidate(cat, &mut files);
    assert_eq!(files[0].status(), Status::Rejected);
    assert_eq!(files[1].status(), Status::Rejected);
    assert_eq!(
        messages(&files[0]),
        [
            "a.xlsx: 错误: “甲公司”的工作簿填写了不同的统一社会信用代码：91350100M000100Y43（a.xlsx）、91110000100001344J（b.xlsx）",
            "a.xlsx: 附录3: 说明: 未填写：本工作簿只计入服务特性测评（不计入管理成熟度）"
        ]
    );
}

#[test]
fn check_prints_findings_and_exits_1_for_an_auditor() {
    let w = Workdir::new();
    w.write("我的表.xlsx", &with_alpha(1, n(7.0)));
    let run = w.run(&["check", "我的表.xlsx"]);
    run.expect_code(1);
    assert!(run.stdout().contains("退回\t我的表.xlsx"));
    assert!(run
        .stdout()
        .contains("我的表.xlsx: 附录1!E8: 错误: 第 1.2 项的 α 为“7”"));
    w.write("好.xlsx", &with_alpha(1, n(0.7)));
    w.run(&["check", "好.xlsx"]).expect_code(0);
}

#[test]
fn check_reports_occasions_and_same_date_copies_as_ingest_does() {
    let c = scheme("complaint");
    let w = Workdir::new();
    let sheet = |date: &str| {
        filled(
            &c,
            &dated("甲公司", "张三", date),
            alphas(&c, 0.9),
            levels(&c, 4.0),
        )
    };
    w.write("in/a.xlsx", &sheet("2026-03-03"));
    w.write("in/b.xlsx", &sheet("2026-03-20"));
    let run = w.run(&["check", "in"]);
    run.expect_code(0);
    assert!(run.stdout().contains("通过\tin/a.xlsx"), "{}", run.stdout());
    assert!(run.stdout().contains("通过\tin/b.xlsx"), "{}", run.stdout());
    assert!(
        run.stdout().contains("in/a.xlsx: 警告: 评价人“张三”在其他日期也评价了“甲公司”（另见：in/b.xlsx，评价日期 2026-03-20）"),
        "{}",
        run.stdout()
    );
    w.write("in/c.xlsx", &sheet("2026-03-20"));
    let run = w.run(&["check", "in"]);
    run.expect_code(1);
    assert!(run.stdout().contains("退回\tin/b.xlsx"), "{}", run.stdout());
    assert!(run.stdout().contains("退回\tin/c.xlsx"), "{}", run.stdout());
    assert!(run.stdout().contains("通过\tin/a.xlsx"), "{}", run.stdout());
}

#[test]
fn invisible_characters_and_unicode_forms_are_one_name_and_one_value() {
    let c = scheme("complaint");
    let w = Workdir::new();
    // NFD organization name, a zero-width space in the rater, a BOM after a value.
    let mut a = alphas(&c, 0.8);
    a[0] = t("0.8\u{FEFF}");
    let one = w.write(
        "a.xlsx",
        &filled(
            &c,
            &header("Cafe\u{301}服务公司", "张\u{200B}三"),
            a,
            levels(&c, 3.0),
        ),
    );
    let two = w.write(
        "b.xlsx",
        &filled(
            &c,
            &header("Café服务公司", "李四"),
            alphas(&c, 0.9),
            levels(&c, 4.0),
        ),
    );
    let three = w.write(
        "c.xlsx",
        &filled(
            &c,
            &header("Café服务公司", "张三"),
            alphas(&c, 0.9),
            levels(&c, 4.0),
        ),
    );
    let cat = catalog();
    let mut files = vec![
        read_file(cat, one, "a.xlsx".into()),
        read_file(cat, two, "b.xlsx".into()),
        read_file(cat, three, "c.xlsx".into()),
    ];
    let results = consolidate(cat, &mut files);
    // 张​三 and 张三 are one rater: a duplicate (no date on either), both rejected.
    assert_eq!(
        files[0].status(),
        Status::Rejected,
        "{:?}",
        messages(&files[0])
    );
    assert!(
        messages(&files[0])[0].contains("评价人“张三”"),
        "{:?}",
        messages(&files[0])
    );
    assert_eq!(files[2].status(), Status::Rejected);
    // One organization, whatever the Unicode form of its name.
    assert_eq!(results.orgs.len(), 1);
    assert_eq!(results.orgs[0].service.sheets, 1);
}

#[test]
fn lock_and_hidden_files_are_skipped() {
    let w = Workdir::new();
    w.write("in/~$甲.xlsx", b"lock");
    w.write("in/.hidden.xlsx", b"hidden");
    w.write("in/甲.xlsx", &with_alpha(0, n(0.5)));
    let run = w.run(&["check", "in"]);
    run.expect_code(0);
    // Only 甲.xlsx: its verdict and the total.
    assert_eq!(
        run.stdout(),
        "通过\tin/甲.xlsx\n共检查 1 份：通过 1 份，退回 0 份，跳过 0 份\n"
    );
}

#[test]
fn a_renamed_or_deleted_score_sheet_is_named() {
    // A workbook that keeps the identification sheet but lost 附录1 and 附录3.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let meta = wb.add_worksheet().set_name("certsheet").unwrap();
    for (row, (k, v)) in [
        ("scheme", "complaint"),
        ("scheme_version", "B/0"),
        ("template_format", "2"),
    ]
    .into_iter()
    .enumerate()
    {
        meta.write_string(row as u32, 0, k).unwrap();
        meta.write_string(row as u32, 1, v).unwrap();
    }
    wb.add_worksheet().set_name("Sheet1").unwrap();
    let r = read(&wb.save_to_buffer().unwrap(), "a.xlsx");
    assert_eq!(
        messages(&r),
        [
            "a.xlsx: 附录1: 错误: 缺少此工作表（被改名或删除？）",
            "a.xlsx: 附录3: 错误: 缺少此工作表（被改名或删除？）"
        ]
    );
}
