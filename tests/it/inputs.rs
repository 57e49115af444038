//! Only what the user named is read (SPEC "Files"): a missing path, a FIFO, a link
//! to a folder, a document of another format and this tool's own results workbook
//! each get their own answer, and nothing is passed over in silence.

use crate::common::*;

fn good(w: &Workdir, name: &str) {
    let c = scheme("complaint");
    w.write(
        name,
        &filled(
            &c,
            &header("甲公司", "张三"),
            alphas(&c, 0.9),
            levels(&c, 4.0),
        ),
    );
}

#[test]
fn a_missing_path_is_an_error_and_the_rest_is_still_graded() {
    let w = Workdir::new();
    good(&w, "in/a.xlsx");
    let run = w.run(&[
        "ingest",
        "in",
        "nope.xlsx",
        "--out",
        "r.xlsx",
        "--csv",
        "r.csv",
    ]);
    run.expect_code(1);
    assert!(
        run.stdout()
            .contains("nope.xlsx: 错误: 找不到此文件或文件夹"),
        "{}",
        run.stdout()
    );
    let csv = std::fs::read_to_string(w.path("r.csv")).unwrap();
    assert!(csv.contains("甲公司,,complaint,1,90.00"), "{csv}");
    // --strict: a missing input means nothing is written.
    let strict = w.run(&["ingest", "in", "nope.xlsx", "--out", "s.xlsx", "--strict"]);
    strict.expect_code(1);
    assert!(!w.path("s.xlsx").exists());
    // Nothing to read at all: nothing done.
    w.run(&["ingest", "nope.xlsx", "--out", "t.xlsx"])
        .expect_code(2);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_workbook_is_reported_never_opened() {
    let w = Workdir::new();
    good(&w, "in/a.xlsx");
    let fifo = w.path("in/x.xlsx");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Opening the FIFO would block this run for ever; the test harness would hang.
    let run = w.run(&["check", "in", "in/x.xlsx"]);
    run.expect_code(1);
    assert!(
        run.stdout()
            .contains("in/x.xlsx: 错误: 这是命名管道，不是文件：未打开"),
        "{}",
        run.stdout()
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_is_not_followed_and_said_so() {
    let w = Workdir::new();
    good(&w, "in/a.xlsx");
    good(&w, "elsewhere/b.xlsx");
    std::os::unix::fs::symlink(w.path("elsewhere"), w.path("in/link")).unwrap();
    std::os::unix::fs::symlink("/", w.path("in/root")).unwrap();
    let run = w.run(&["ingest", "in", "--out", "r.xlsx", "--csv", "r.csv"]);
    run.expect_code(0);
    for link in ["in/link", "in/root"] {
        assert!(
            run.stdout()
                .contains(&format!("{link}: 警告: 指向文件夹的链接：未跟随")),
            "{}",
            run.stdout()
        );
    }
    // Only in/a.xlsx was read (b.xlsx is the same rater for the same organization:
    // read, it would have been a duplicate).
    assert!(run.stdout().contains("采用 1 份"), "{}", run.stdout());
}

#[test]
fn a_document_of_another_format_is_reported_with_what_to_do() {
    let w = Workdir::new();
    good(&w, "in/a.xlsx");
    w.write("in/张三的评分表.pdf", b"%PDF-1.4");
    w.write("in/李四.et", b"WPS");
    w.write("in/说明.txt", b"notes");
    w.write("in/~$a.xlsx", b"lock");
    let run = w.run(&["check", "in"]);
    run.expect_code(1);
    assert!(
        run.stdout().contains(
            "in/张三的评分表.pdf: 错误: 这是 .pdf 文件，不是可读取的评分表：请另存为 .xlsx 后发回"
        ),
        "{}",
        run.stdout()
    );
    assert!(run.stdout().contains("in/李四.et: 错误: 这是 .et 文件"));
    assert!(!run.stdout().contains("说明.txt"), "{}", run.stdout());
    let ingest = w.run(&["ingest", "in", "--out", "r.xlsx"]);
    ingest.expect_code(1);
    assert!(
        ingest
            .stdout()
            .contains("；另有 1 个锁定或隐藏文件未读取；1 个其他文件已忽略"),
        "{}",
        ingest.stdout()
    );
}

#[test]
fn results_written_into_the_input_folder_are_skipped_next_time() {
    let w = Workdir::new();
    good(&w, "in/a.xlsx");
    w.run(&["ingest", "in", "--out", "in/结果.xlsx"])
        .expect_code(0);
    let again = w.run(&["ingest", "in", "--out", "in/结果.xlsx"]);
    again.expect_code(0);
    assert!(
        again
            .stdout()
            .contains("in/结果.xlsx: 警告: 这是 certsheet 的结果工作簿，不是评分表：已跳过"),
        "{}",
        again.stdout()
    );
    // The same in English, whichever language the earlier results were written in.
    let en = w.run(&["--lang", "en", "ingest", "in", "--out", "in/results.xlsx"]);
    en.expect_code(0);
    let again = w.run(&["ingest", "in", "--out", "in/结果.xlsx"]);
    assert!(
        again
            .stdout()
            .contains("in/results.xlsx: 警告: 这是 certsheet 的结果工作簿"),
        "{}",
        again.stdout()
    );
}

#[test]
fn jobs_outside_1_to_256_are_refused() {
    let w = Workdir::new();
    good(&w, "a.xlsx");
    for jobs in ["0", "257", "100000", "two"] {
        let run = w.run(&["check", "a.xlsx", "--jobs", jobs]);
        run.expect_code(2);
        assert!(
            run.stderr().contains("应为 1 到 256 之间的整数"),
            "{}",
            run.stderr()
        );
    }
    w.run(&["check", "a.xlsx", "--jobs", "256"]).expect_code(0);
}
