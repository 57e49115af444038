//! Only what the user named is read (SPEC "Files"), and every awkward thing a
//! folder can hold gets its own answer: each situation below is listed with its
//! exact outcome in tests/corpus/README.md ("File-system situations").
//!
//! Each is run alone (beside one good workbook of its own) and all of them in one
//! batch; every time the good workbooks' results are those they have without the
//! situation, and nothing in the scratch folder is created or changed but the
//! two outputs named (the tree is compared byte for byte before and after).
//!
//! As root (CI), certsheet runs as `nobody` (setpriv), so that a folder or file
//! without read permission is really unreadable to it.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A good complaint workbook of organization `org` at `name`.
fn good_named(w: &Workdir, name: &str, org: &str, rater: &str) {
    let c = scheme("complaint");
    w.write(
        name,
        &filled(&c, &header(org, rater), alphas(&c, 0.9), levels(&c, 4.0)),
    );
}

fn good(w: &Workdir, name: &str) {
    good_named(w, name, "甲公司", "张三");
}

/// One situation: what is put in folder `d` (beside `d/good.xlsx`), the paths then
/// named on the command line, the exit status alone, and the exact lines it adds
/// to the report (`{d}` stands for the folder).
struct Situation {
    name: &'static str,
    setup: fn(&Workdir, &str) -> Vec<String>,
    code: i32,
    lines: &'static [&'static str],
}

#[cfg(unix)]
fn situations() -> Vec<Situation> {
    use std::os::unix::fs::symlink;
    vec![
        Situation {
            name: "missing-path",
            setup: |_, d| vec![d.into(), format!("{d}/不存在.xlsx")],
            code: 1,
            lines: &["{d}/不存在.xlsx: 错误: 找不到此文件或文件夹"],
        },
        Situation {
            name: "fifo",
            setup: |w, d| {
                let fifo = w.path(&format!("{d}/x.xlsx"));
                assert!(std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success());
                // Named directly too: opening it would block the run for ever.
                vec![d.into(), format!("{d}/x.xlsx")]
            },
            code: 1,
            lines: &["{d}/x.xlsx: 错误: 这是命名管道，不是文件：未打开"],
        },
        Situation {
            name: "socket",
            setup: |w, d| {
                let l = std::os::unix::net::UnixListener::bind(w.path(&format!("{d}/s.xlsx")));
                std::mem::forget(l.unwrap());
                vec![d.into()]
            },
            code: 1,
            lines: &["{d}/s.xlsx: 错误: 这是套接字，不是文件：未打开"],
        },
        Situation {
            name: "folder-links",
            setup: |w, d| {
                good_named(w, &format!("{d}-elsewhere/b.xlsx"), "链接外公司", "李四");
                let target = w.path(&format!("{d}-elsewhere"));
                symlink(target, w.path(&format!("{d}/link"))).unwrap();
                symlink("/", w.path(&format!("{d}/root"))).unwrap();
                vec![d.into()]
            },
            code: 0,
            lines: &[
                "{d}/link: 警告: 指向文件夹的链接：未跟随（只读取所给文件夹之内的文件；如需读取，请直接给出该文件夹）",
                "{d}/root: 警告: 指向文件夹的链接：未跟随（只读取所给文件夹之内的文件；如需读取，请直接给出该文件夹）",
            ],
        },
        Situation {
            name: "unreadable-folder",
            setup: |w, d| {
                good_named(w, &format!("{d}/锁住/c.xlsx"), "锁住公司", "王五");
                lock(w.path(&format!("{d}/锁住")));
                vec![d.into()]
            },
            code: 1,
            lines: &["{d}/锁住: 错误: 无法读取（没有权限，或已被移走）"],
        },
        Situation {
            name: "unreadable-file",
            setup: |w, d| {
                good_named(w, &format!("{d}/锁住.xlsx"), "锁住公司", "王五");
                lock(w.path(&format!("{d}/锁住.xlsx")));
                vec![d.into()]
            },
            code: 1,
            lines: &["{d}/锁住.xlsx: 错误: 无法读取（没有权限，或已被移走）"],
        },
        Situation {
            name: "other-formats",
            setup: |w, d| {
                w.write(&format!("{d}/张三的评分表.pdf"), b"%PDF-1.4");
                w.write(&format!("{d}/李四.et"), b"WPS");
                w.write(&format!("{d}/说明.txt"), b"notes");
                vec![d.into()]
            },
            code: 1,
            lines: &[
                "{d}/张三的评分表.pdf: 错误: 这是 .pdf 文件，不是可读取的评分表：请另存为 .xlsx 后发回",
                "{d}/李四.et: 错误: 这是 .et 文件，不是可读取的评分表：请另存为 .xlsx 后发回",
            ],
        },
        Situation {
            name: "lock-and-hidden",
            setup: |w, d| {
                w.write(&format!("{d}/~$good.xlsx"), b"lock");
                w.write(&format!("{d}/.~lock.good.xlsx#"), b"lock");
                w.write(&format!("{d}/.hidden.xlsx"), b"hidden");
                vec![d.into()]
            },
            code: 0,
            lines: &[],
        },
        Situation {
            name: "earlier-results",
            setup: |w, d| {
                // Results of an earlier run written into the folder being read.
                let run = w.run(&[
                    "ingest",
                    d,
                    "--out",
                    &format!("{d}/结果.xlsx"),
                    "--csv",
                    &format!("{d}/结果.csv"),
                ]);
                run.expect_code(0);
                vec![d.into()]
            },
            code: 0,
            lines: &[
                "{d}/结果.csv: 警告: 这是 certsheet 的结果 CSV，不是评分表：已跳过",
                "{d}/结果.xlsx: 警告: 这是 certsheet 的结果工作簿，不是评分表：已跳过",
            ],
        },
        Situation {
            name: "nfc-nfd-names",
            setup: |w, d| {
                // The same organization typed precomposed and decomposed, with a
                // zero-width space: one organization, two raters.
                good_named(w, &format!("{d}/nfc.xlsx"), "Café服务公司", "甲");
                good_named(w, &format!("{d}/nfd.xlsx"), "Cafe\u{301}服务\u{200B}公司", "乙");
                vec![d.into()]
            },
            code: 0,
            lines: &[],
        },
        Situation {
            name: "invisible-rater",
            setup: |w, d| {
                // A zero-width space does not make another rater: a duplicate.
                good_named(w, &format!("{d}/a.xlsx"), "隐形公司", "张三");
                good_named(w, &format!("{d}/b.xlsx"), "隐形公司", "张\u{200B}三");
                vec![d.into()]
            },
            code: 1,
            lines: &[
                "{d}/a.xlsx: 错误: 评价人“张三”对“隐形公司”提交了多份未填评价日期的工作簿，另见：{d}/b.xlsx。请撤回多余的一份，在此之前均不计入",
                "{d}/b.xlsx: 错误: 评价人“张三”对“隐形公司”提交了多份未填评价日期的工作簿，另见：{d}/a.xlsx。请撤回多余的一份，在此之前均不计入",
            ],
        },
        Situation {
            name: "control-characters-in-names",
            setup: |w, d| {
                w.write(&format!("{d}/第一\n行.xlsx"), b"");
                w.write(&format!("{d}/零宽\u{200B}.xlsx"), b"");
                vec![d.into()]
            },
            code: 1,
            lines: &[
                "{d}/第一\\n行.xlsx: 错误: 文件为空（0 字节）：可能未下载完整或保存失败，请重新获取",
                "{d}/零宽\\u{200b}.xlsx: 错误: 文件为空（0 字节）：可能未下载完整或保存失败，请重新获取",
            ],
        },
        Situation {
            name: "non-utf8-names",
            setup: |w, d| {
                use std::os::unix::ffi::OsStrExt;
                for b in [0xFFu8, 0xFE] {
                    let bytes = [b, b'.', b'x', b'l', b's', b'x'];
                    let name = std::ffi::OsStr::from_bytes(&bytes);
                    std::fs::write(w.path(d).join(name), b"").unwrap();
                }
                vec![d.into()]
            },
            code: 1,
            lines: &[
                "{d}/\\xFE.xlsx: 错误: 文件为空（0 字节）：可能未下载完整或保存失败，请重新获取",
                "{d}/\\xFF.xlsx: 错误: 文件为空（0 字节）：可能未下载完整或保存失败，请重新获取",
            ],
        },
    ]
}

/// Takes every permission away from a file or folder.
#[cfg(unix)]
fn lock(path: PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap()
}

/// Runs certsheet in `w` as the user `nobody` when this test runs as root (so
/// permissions hold), else as this user.
fn run_unprivileged(w: &Workdir, args: &[&str]) -> Run {
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        return w.run(args);
    }
    // The copy that open_to_all made, where nobody can run it.
    let bin = w.path("bin/certsheet");
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .args(args)
        .current_dir(w.dir.path())
        .output()
        .expect("setpriv (util-linux)");
    Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        dir: w.dir.path().to_path_buf(),
        output,
    }
}

/// Opens the scratch folder to `nobody` (see [`run_unprivileged`]).
#[cfg(unix)]
fn open_to_all(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::set_permissions(dir.join("out"), std::fs::Permissions::from_mode(0o777)).unwrap();
    // Where nobody can run it (the build folder may be closed to other users).
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_certsheet"), dir.join("bin/certsheet")).unwrap();
}

/// The report lines that are findings (`path: …: 错误|警告|说明: …`).
fn finding_lines(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(": 错误: ") || l.contains(": 警告: ") || l.contains(": 说明: "))
        .map(str::to_string)
        .collect()
}

/// The CSV rows of the good workbooks (organizations `好公司…`).
fn good_rows(csv: &str) -> Vec<String> {
    csv.lines()
        .filter(|l| l.starts_with("好公司"))
        .map(str::to_string)
        .collect()
}

/// Runs `ingest` on `paths`; asserts that only the outputs changed in the tree.
fn ingest(w: &Workdir, paths: &[String]) -> (Run, String) {
    let before = snapshot(w.dir.path());
    let mut args: Vec<&str> = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--out", "out/r.xlsx", "--csv", "out/r.csv"]);
    let run = run_unprivileged(w, &args);
    let mut after = snapshot(w.dir.path());
    let csv = std::fs::read_to_string(w.path("out/r.csv")).unwrap_or_default();
    for out in ["out/r.xlsx", "out/r.csv"] {
        after.remove(Path::new(out));
    }
    let mut before = before;
    for out in ["out/r.xlsx", "out/r.csv"] {
        before.remove(Path::new(out));
    }
    assert!(
        before == after,
        "{:?}: the tree changed beyond the outputs: {:?}",
        paths,
        after
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .chain(before.keys().filter(|k| !after.contains_key(*k)))
            .collect::<Vec<_>>()
    );
    (run, csv)
}

#[cfg(unix)]
#[test]
fn every_file_system_situation_alone_and_in_one_batch() {
    let w = Workdir::new();
    open_to_all(w.dir.path());
    let all = situations();
    let mut named = Vec::new();
    let mut expected = Vec::new();
    for (i, s) in all.iter().enumerate() {
        let d = format!("cases/{}", s.name);
        good_named(
            &w,
            &format!("{d}/good.xlsx"),
            &format!("好公司{i:02}"),
            "赵六",
        );
        // The good workbook's result without the situation.
        let (clean, clean_csv) = ingest(&w, &[format!("{d}/good.xlsx")]);
        clean.expect_code(0);
        let paths = (s.setup)(&w, &d);
        let (run, csv) = ingest(&w, &paths);
        run.expect_code(s.code);
        let lines: Vec<String> = s.lines.iter().map(|l| l.replace("{d}", &d)).collect();
        assert_eq!(
            finding_lines(&run.stdout()),
            lines,
            "{}: {}",
            s.name,
            run.stdout()
        );
        assert_eq!(good_rows(&csv), good_rows(&clean_csv), "{}", s.name);
        named.extend(paths);
        expected.extend(lines);
    }
    // The ones whose answer is in the summary or the CSV, not in a finding.
    let (run, csv) = ingest(&w, &["cases/lock-and-hidden".to_string()]);
    assert!(
        run.stdout().contains("另有 3 个锁定或隐藏文件未读取"),
        "{}",
        run.stdout()
    );
    let (_, csv_names) = ingest(&w, &["cases/nfc-nfd-names".to_string()]);
    assert!(
        csv_names.contains("Café服务公司,,complaint,2,"),
        "one organization, two raters: {csv_names}"
    );
    drop(csv);

    // All at once: the same findings, and the good workbooks' rows unchanged.
    let (batch, csv) = ingest(&w, &named);
    batch.expect_code(1);
    let mut found = finding_lines(&batch.stdout());
    found.sort();
    found.dedup();
    expected.sort();
    expected.dedup();
    assert_eq!(found, expected, "{}", batch.stdout());
    assert_eq!(good_rows(&csv).len(), all.len(), "{csv}");
    for (i, _) in all.iter().enumerate() {
        let row = good_rows(&csv)
            .into_iter()
            .find(|r| r.starts_with(&format!("好公司{i:02},")))
            .expect("each good workbook counted");
        assert!(row.contains(",complaint,1,90.00,1,"), "{row}");
    }
}

#[test]
fn nothing_to_read_at_all_is_exit_2_and_still_says_why() {
    let w = Workdir::new();
    let run = w.run(&["ingest", "nope.xlsx", "--out", "r.xlsx"]);
    run.expect_code(2);
    assert!(
        run.stdout()
            .contains("nope.xlsx: 错误: 找不到此文件或文件夹"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stderr().contains("没有找到可读取的工作簿"),
        "{}",
        run.stderr()
    );
    assert!(!w.path("r.xlsx").exists());
    // --strict: a missing input beside a good one means nothing is written.
    good(&w, "in/a.xlsx");
    let strict = w.run(&["ingest", "in", "nope.xlsx", "--out", "s.xlsx", "--strict"]);
    strict.expect_code(1);
    assert!(!w.path("s.xlsx").exists());
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
