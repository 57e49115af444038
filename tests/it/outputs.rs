//! Outputs (issue 12): what ingest refuses to write (exit 2 before reading,
//! nothing touched), temporary files that no planted link can redirect, an
//! interrupt that leaves no trace, concurrent runs that never mix their
//! workbook and CSV, and templates that never overwrite.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Reader};

use crate::common::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A folder `回收` with `n` valid complaint workbooks of organizations `{prefix}0…`.
fn round(w: &Workdir, folder: &str, prefix: &str, n: usize) {
    let c = scheme("complaint");
    for i in 0..n {
        let org = format!("{prefix}{i}");
        w.write(
            &format!("{folder}/{org}_张三.xlsx"),
            &filled(&c, &header(&org, "张三"), alphas(&c, 0.9), levels(&c, 3.0)),
        );
    }
}

/// Every cell of every sheet of a workbook, as text.
fn workbook_text(path: &Path) -> String {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut s = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for c in row {
                s.push_str(&c.to_string());
                s.push('\t');
            }
            s.push('\n');
        }
    }
    s
}

/// Runs ingest with `args`; asserts exit 2, `message` on stderr and nothing changed.
fn refused(w: &Workdir, args: &[&str], message: &str) {
    let before = snapshot(w.dir.path());
    let run = w.run(args);
    run.expect_code(2);
    assert!(
        run.stderr().contains(message),
        "{message:?} expected:\n{}",
        run.stderr()
    );
    assert!(
        !run.stderr().contains("份，采用"),
        "refused before any reading:\n{}",
        run.stderr()
    );
    assert_eq!(snapshot(w.dir.path()), before, "nothing created or changed");
}

#[test]
fn out_not_ending_in_xlsx_is_refused() {
    let w = Workdir::new();
    round(&w, "回收", "机构", 1);
    refused(
        &w,
        &["ingest", "回收", "--out", "结果.csv"],
        "须以 .xlsx 结尾",
    );
    refused(&w, &["ingest", "回收", "--out", "结果"], "须以 .xlsx 结尾");
    // The case of the extension does not matter.
    w.run(&["ingest", "回收", "--out", "结果.XLSX"])
        .expect_code(0);
}

#[test]
fn out_and_csv_the_same_file_is_refused() {
    let w = Workdir::new();
    round(&w, "回收", "机构", 1);
    refused(
        &w,
        &["ingest", "回收", "--out", "a.xlsx", "--csv", "./a.xlsx"],
        "是同一个文件",
    );
    w.write("b.xlsx", b"earlier");
    refused(
        &w,
        &[
            "ingest",
            "回收",
            "--out",
            "b.xlsx",
            "--csv",
            "回收/../b.xlsx",
        ],
        "是同一个文件",
    );
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let w = Workdir::new();
    round(&w, "回收", "机构", 2);
    let one = "回收/机构0_张三.xlsx";
    refused(&w, &["ingest", one, "--out", one], "也是要读取的输入文件");
    refused(
        &w,
        &[
            "ingest",
            one,
            "--out",
            "r.xlsx",
            "--csv",
            "./回收/机构0_张三.xlsx",
        ],
        "也是要读取的输入文件",
    );
    // A workbook found inside a folder named.
    refused(
        &w,
        &["ingest", "回收", "--out", "回收/机构1_张三.xlsx"],
        "也是要读取的输入文件",
    );
    // An earlier results workbook of this tool in that folder is no input: replaced.
    w.run(&["ingest", one, "--out", "回收/结果.xlsx"])
        .expect_code(0);
    let again = w.run(&["ingest", "回收", "--out", "回收/结果.xlsx"]);
    assert_ne!(again.code(), 2, "{}", again.stderr());
    assert!(workbook_text(&w.path("回收/结果.xlsx")).contains("机构1"));
    // A hard link to an input is the same file.
    std::fs::hard_link(w.path(one), w.path("link.xlsx")).unwrap();
    refused(
        &w,
        &["ingest", one, "--out", "link.xlsx"],
        "也是要读取的输入文件",
    );
}

#[test]
fn an_output_that_is_a_folder_fifo_or_device_is_refused() {
    let w = Workdir::new();
    round(&w, "回收", "机构", 1);
    std::fs::create_dir(w.path("dir.xlsx")).unwrap();
    refused(&w, &["ingest", "回收", "--out", "dir.xlsx"], "是一个文件夹");
    let fifo = w.path("fifo.csv");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    refused(
        &w,
        &["ingest", "回收", "--out", "r.xlsx", "--csv", "fifo.csv"],
        "不是普通文件",
    );
    refused(
        &w,
        &["ingest", "回收", "--out", "r.xlsx", "--csv", "/dev/null"],
        "不是普通文件",
    );
}

#[test]
fn a_read_only_output_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::new();
    round(&w, "回收", "机构", 1);
    let ro = w.write("只读.xlsx", b"earlier");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Checked from the mode bits: root could write it anyway.
    refused(&w, &["ingest", "回收", "--out", "只读.xlsx"], "是只读的");
    let ro = w.write("只读.csv", b"earlier");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    refused(
        &w,
        &["ingest", "回收", "--out", "r.xlsx", "--csv", "只读.csv"],
        "是只读的",
    );
}

#[test]
fn refusals_follow_lang() {
    let w = Workdir::new();
    round(&w, "回收", "机构", 1);
    let run = w.run(&["--lang", "en", "ingest", "回收", "--out", "r.txt"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("must end in .xlsx"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_link_planted_at_a_temporary_name_is_not_followed() {
    let w = Workdir::new();
    round(&w, "回收", "机构", 2);
    let outside = Workdir::new();
    let target = outside.write("victim.txt", b"untouched");
    std::fs::create_dir(w.path("out")).unwrap();
    let planted = [
        ".结果.xlsx.tmp",
        ".结果.csv.tmp",
        &format!(".结果.xlsx.{}.tmp", std::process::id() + 1),
        &format!(".结果.csv.{}.tmp", std::process::id() + 1),
    ];
    for name in planted {
        std::os::unix::fs::symlink(&target, w.path("out").join(name)).unwrap();
    }
    w.run(&[
        "ingest",
        "回收",
        "--out",
        "out/结果.xlsx",
        "--csv",
        "out/结果.csv",
    ])
    .expect_code(0);
    assert_eq!(std::fs::read(&target).unwrap(), b"untouched");
    let mut expected: Vec<String> = planted.iter().map(|s| s.to_string()).collect();
    expected.extend(["结果.csv".into(), "结果.xlsx".into()]);
    expected.sort();
    assert_eq!(
        names(&w.path("out")),
        expected,
        "only the outputs (and the lock file) appear"
    );
    for name in planted {
        assert_eq!(
            std::fs::read_link(w.path("out").join(name)).unwrap(),
            target
        );
    }
}

/// Starts certsheet in `w` with the pause hook on `marker`; waits until it is
/// about to rename its outputs into place.
fn start_paused(w: &Workdir, args: &[&str], marker: &Path) -> std::process::Child {
    let child = Command::new(env!("CARGO_BIN_EXE_certsheet"))
        .args(args)
        .current_dir(w.dir.path())
        .env("CERTSHEET_TEST_PAUSE_BEFORE_COMMIT", marker)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "certsheet never reached the commit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn sigterm_or_sigint_before_the_commit_leaves_earlier_results_and_no_temporary_file() {
    let w = Workdir::new();
    round(&w, "早先", "早先", 2);
    w.run(&[
        "ingest",
        "早先",
        "--out",
        "out/结果.xlsx",
        "--csv",
        "out/结果.csv",
    ])
    .expect_code(2); // the output folder does not exist yet
    std::fs::create_dir(w.path("out")).unwrap();
    w.run(&[
        "ingest",
        "早先",
        "--out",
        "out/结果.xlsx",
        "--csv",
        "out/结果.csv",
    ])
    .expect_code(0);
    let earlier = snapshot(&w.path("out"));

    round(&w, "回收", "机构", 300);
    // SIGTERM, then SIGINT (Ctrl-C) alike.
    for signal in ["-TERM", "-INT"] {
        let marker = w.path("paused");
        let _ = std::fs::remove_file(&marker);
        let args = [
            "ingest",
            "回收",
            "--out",
            "out/结果.xlsx",
            "--csv",
            "out/结果.csv",
        ];
        let child = start_paused(&w, &args, &marker);
        // The temporary files exist now, beside their destinations.
        assert!(names(&w.path("out")).iter().any(|n| n.ends_with(".tmp")));
        let status = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{signal}: {stderr}");
        let said: Vec<&str> = stderr.lines().filter(|l| l.contains("已中断")).collect();
        assert_eq!(said, ["certsheet: 已中断：未写入任何结果文件"]);
        assert_eq!(
            snapshot(&w.path("out")),
            earlier,
            "{signal}: earlier results intact, no temporary file"
        );
    }
}

#[test]
fn concurrent_runs_never_mix_workbook_and_csv() {
    let w = Workdir::new();
    round(&w, "甲", "甲机构", 3);
    round(&w, "乙", "乙机构", 3);
    std::fs::create_dir(w.path("out")).unwrap();
    for _ in 0..3 {
        let (ma, mb) = (w.path("paused-a"), w.path("paused-b"));
        let a = start_paused(
            &w,
            &[
                "ingest",
                "甲",
                "--out",
                "out/结果.xlsx",
                "--csv",
                "out/结果.csv",
            ],
            &ma,
        );
        let b = start_paused(
            &w,
            &[
                "ingest",
                "乙",
                "--out",
                "out/结果.xlsx",
                "--csv",
                "out/结果.csv",
            ],
            &mb,
        );
        // Both have staged their outputs: let them commit at the same moment.
        std::fs::remove_file(&ma).unwrap();
        std::fs::remove_file(&mb).unwrap();
        assert_eq!(a.wait_with_output().unwrap().status.code(), Some(0));
        assert_eq!(b.wait_with_output().unwrap().status.code(), Some(0));
        let csv = std::fs::read_to_string(w.path("out/结果.csv")).unwrap();
        let book = workbook_text(&w.path("out/结果.xlsx"));
        let winner = if csv.contains("甲机构0") {
            "甲机构"
        } else {
            "乙机构"
        };
        let loser = if winner == "甲机构" {
            "乙机构"
        } else {
            "甲机构"
        };
        assert!(csv.contains(&format!("{winner}0")) && !csv.contains(loser));
        assert!(
            book.contains(&format!("{winner}0")),
            "the workbook is the CSV's run's"
        );
        assert!(!book.contains(loser), "the workbook is the CSV's run's");
        let left: Vec<String> = names(&w.path("out"));
        // Nothing else: no lock file (the folder itself is locked), no temporary file.
        assert_eq!(left, ["结果.csv", "结果.xlsx"]);
    }
}

const ROSTER: &str = "机构名称,评价人\n南昌甲公司,张三\n南昌乙公司,李四\n";

#[test]
fn template_twice_keeps_the_existing_files_and_exits_1() {
    let w = Workdir::new();
    w.write("名单.csv", ROSTER.as_bytes());
    let args = [
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "名单.csv",
        "--out",
        "表",
    ];
    w.run(&args).expect_code(0);
    let first = snapshot(&w.path("表"));
    assert_eq!(first.len(), 2);
    // One removed: written again; the other kept.
    std::fs::remove_file(w.path("表/南昌乙公司_李四.xlsx")).unwrap();
    std::fs::write(
        w.path("表/南昌甲公司_张三.xlsx"),
        b"filled in by the auditor",
    )
    .unwrap();
    let run = w.run(&args);
    run.expect_code(1);
    // What was kept and the counts are the run's report: stdout, one a line.
    assert_eq!(
        run.stdout(),
        "已存在，未覆盖：表/南昌甲公司_张三.xlsx\n已生成 1 份评分表，1 份已存在未覆盖；文件夹：表\n"
    );
    assert_eq!(run.stderr(), "");
    assert_eq!(
        std::fs::read(w.path("表/南昌甲公司_张三.xlsx")).unwrap(),
        b"filled in by the auditor"
    );
    assert_eq!(snapshot(&w.path("表")).len(), 2);
    // Nothing to write at all: every file listed as kept.
    let before = snapshot(&w.path("表"));
    let run = w.run(&args);
    run.expect_code(1);
    assert_eq!(
        run.stdout().matches("已存在，未覆盖：").count(),
        2,
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout()
            .ends_with("已生成 0 份评分表，2 份已存在未覆盖；文件夹：表\n"),
        "{}",
        run.stdout()
    );
    assert_eq!(snapshot(&w.path("表")), before);

    // The blank template too.
    let blank = ["template", "--scheme", "complaint", "--out", "空白"];
    w.run(&blank).expect_code(0);
    let before = snapshot(&w.path("空白"));
    let run = w.run(&blank);
    run.expect_code(1);
    assert!(run.stdout().contains("已存在，未覆盖"), "{}", run.stdout());
    assert_eq!(snapshot(&w.path("空白")), before);
}

#[test]
fn template_names_are_never_hidden_and_unique_under_case_and_normalization() {
    let w = Workdir::new();
    // Three assessments of one organization on three dates (not duplicates), whose
    // file names differ only in case or Unicode form.
    let roster = "机构名称,评价人,评价日期\n.hidden,张三,\n~$lock,张三,\n\
        Café,A,2026-03-01\nCafe\u{301},a,2026-03-02\nCAFÉ,a,2026-03-03\n";
    w.write("名单.csv", roster.as_bytes());
    w.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "名单.csv",
        "--out",
        "表",
    ])
    .expect_code(0);
    let written = names(&w.path("表"));
    assert_eq!(written.len(), 5, "{written:?}");
    for n in &written {
        assert!(!n.starts_with('.') && !n.starts_with("~$"), "{n}");
    }
    let mut folded: Vec<String> = written
        .iter()
        .map(|n| {
            use unicode_normalization::UnicodeNormalization;
            n.nfc().collect::<String>().to_lowercase()
        })
        .collect();
    folded.sort();
    folded.dedup();
    assert_eq!(folded.len(), 5, "{written:?}");
}
