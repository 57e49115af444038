//! The corpus of bad and odd inputs (tests/corpus/README.md): every case has its
//! exact outcome, alone and in one batch with all the others; a batch never
//! crashes, a bad file never changes another's result, inputs are never
//! modified, and outputs are never left half-written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::{
    alphas, catalog, filled, header, levels, messages, read, read_file, scheme, Problem, Status,
    Workdir,
};
use crate::generate::{self, Case, Expect};

/// `name: body` for each expected body (`附录1!E7: 错误: …` or `错误: …`).
fn prefixed(name: &str, bodies: &[String]) -> Vec<String> {
    bodies.iter().map(|b| format!("{name}: {b}")).collect()
}

/// What is wrong with one case read alone, if anything.
fn check_alone(dir: &Path, case: &Case) -> Option<String> {
    let (status, bodies) = match &case.expect {
        Expect::NotRead | Expect::Reported(_) => return None,
        Expect::Panicked => {
            let r = read_file(catalog(), dir.join(case.name), case.name.to_string());
            return match r.findings.as_slice() {
                [f] if matches!(f.problem, Problem::Panic(_)) => None,
                _ => Some(format!(
                    "{} ({}): expected a caught panic, found {:#?}",
                    case.name,
                    case.what,
                    messages(&r)
                )),
            };
        }
        Expect::Accepted(w) => (Status::Accepted, w.clone()),
        Expect::BatchRejected(_) => (Status::Accepted, vec![]),
        Expect::Rejected(e) => (Status::Rejected, e.clone()),
        Expect::Skipped(w) => (Status::Skipped, w.clone()),
    };
    let r = read_file(catalog(), dir.join(case.name), case.name.to_string());
    let want = prefixed(case.name, &bodies);
    if r.status() != status || messages(&r) != want {
        return Some(format!(
            "{} ({}): expected {status:?} {want:#?}\n   found {:?} {:#?}",
            case.name,
            case.what,
            r.status(),
            messages(&r)
        ));
    }
    if let Some(same) = &case.same_as {
        let other = read(same, "same_as");
        if r.submission != other.submission {
            return Some(format!(
                "{} ({}): reads {:?}\n   but should read as {:?}",
                case.name, case.what, r.submission, other.submission
            ));
        }
    }
    None
}

#[test]
fn the_corpus_has_at_least_30_cases_each_in_the_readme() {
    let cases = generate::cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let readme = std::fs::read_to_string(generate::fixtures().join("README.md")).unwrap();
    let missing: Vec<&str> = cases
        .iter()
        .map(|c| c.name)
        .filter(|n| !readme.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in tests/corpus/README.md: {missing:?}"
    );
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
}

#[test]
fn every_case_read_alone_has_its_expected_outcome() {
    let w = Workdir::new();
    let cases = generate::write_corpus(&w.path("corpus"));
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check_alone(&w.path("corpus"), c))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The workbooks the binary fixtures were made from (`make_corpus --originals`,
/// tests/corpus/README.md) are valid: a fixture's outcome comes from the
/// application that re-saved or encrypted it, not from its original.
#[test]
fn the_originals_of_the_binary_fixtures_are_accepted() {
    let mut originals = vec![("password".to_string(), generate::password_original())];
    for ext in ["xls", "ods", "xlsx"] {
        originals.push((
            format!("libreoffice-{ext}"),
            generate::libreoffice_original(ext),
        ));
        originals.push((format!("gnumeric-{ext}"), generate::gnumeric_original(ext)));
    }
    for (name, bytes) in originals {
        let r = read(&bytes, &format!("{name}.xlsx"));
        assert_eq!(r.status(), Status::Accepted, "{name}: {:?}", messages(&r));
        assert!(r.findings.is_empty(), "{name}: {:?}", messages(&r));
    }
    // Refused as its re-save is, in the same words: the number typed is quoted.
    let r = read(&generate::gnumeric_alpha_7_original(), "a.xlsx");
    assert_eq!(
        messages(&r),
        ["a.xlsx: 附录1!E8: 错误: 第 1.2 项的 α 为“7”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）（是否填成了得分？本项满分 7，α 应为 得分 ÷ 7）"]
    );
}

/// Every file under `dir` (links not followed) with its bytes, or its link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(p, target.to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(p, bytes);
            }
        }
    }
    out
}

/// A few valid workbooks of other organizations: the results no bad file may change.
fn write_good_round(w: &Workdir) {
    let s = scheme("complaint");
    for (org, rater, a, l) in [
        ("好公司甲", "张三", 0.9, 4.0),
        ("好公司甲", "李四", 0.8, 5.0),
        ("好公司乙", "王五", 0.7, 3.0),
    ] {
        w.write(
            &format!("good/{org}_{rater}.xlsx"),
            &filled(&s, &header(org, rater), alphas(&s, a), levels(&s, l)),
        );
    }
}

fn finding_lines(stderr: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter(|l| l.contains(": 错误: ") || l.contains(": 警告: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn one_batch_of_the_whole_corpus_crashes_nothing_changes_no_other_result_and_modifies_no_input() {
    let w = Workdir::new();
    let cases = generate::write_corpus(&w.path("corpus"));
    write_good_round(&w);
    let before = snapshot(w.dir.path());

    let alone = w.run(&["ingest", "good", "--out", "good.xlsx", "--csv", "good.csv"]);
    alone.expect_code(0);
    let run = w.run(&[
        "ingest", "good", "corpus", "--out", "r.xlsx", "--csv", "r.csv",
    ]);
    run.expect_code(1);
    let run1 = w.run(&[
        "ingest", "corpus", "good", "--out", "r1.xlsx", "--csv", "r1.csv", "--jobs", "1",
    ]);
    run1.expect_code(1);

    // Every expected finding, and no other.
    const PANIC: (&str, &str) = ("错误: 读取此文件时发生内部错误（", "）；其余文件不受影响");
    let mut want = BTreeSet::new();
    let mut panicked = Vec::new();
    for c in &cases {
        let name = format!("corpus/{}", c.name);
        let bodies = match &c.expect {
            Expect::Accepted(b) | Expect::Rejected(b) | Expect::Skipped(b) => b,
            Expect::BatchRejected(b) | Expect::Reported(b) => b,
            Expect::NotRead => continue,
            Expect::Panicked => {
                panicked.push(format!("{name}: {}", PANIC.0));
                continue;
            }
        };
        want.extend(prefixed(&name, bodies));
    }
    let mut found = finding_lines(&run.stdout());
    for start in &panicked {
        let lines: Vec<String> = found
            .iter()
            .filter(|l| l.starts_with(start))
            .cloned()
            .collect();
        assert!(
            lines.len() == 1 && lines[0].ends_with(PANIC.1),
            "{start}…: {lines:?}"
        );
        found.remove(&lines[0]);
    }
    let missing: Vec<_> = want.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&want).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
    assert_eq!(finding_lines(&run.stdout()), finding_lines(&run1.stdout()));

    // Files the search skips are never mentioned.
    for c in cases.iter().filter(|c| c.expect == Expect::NotRead) {
        assert!(!run.stdout().contains(c.name), "{} was read", c.name);
    }
    let count = |f: fn(&Expect) -> bool| cases.iter().filter(|c| f(&c.expect)).count();
    let rejected = count(|e| {
        matches!(
            e,
            Expect::Rejected(_) | Expect::BatchRejected(_) | Expect::Panicked
        )
    });
    let accepted = count(|e| matches!(e, Expect::Accepted(_))) + 3;
    let skipped = count(|e| matches!(e, Expect::Skipped(_) | Expect::Reported(_)));
    let summary = format!(
        "读取 {} 份，采用 {accepted} 份，退回 {rejected} 份，跳过 {skipped} 份",
        accepted + rejected + skipped
    );
    assert!(
        run.stdout().contains(&summary),
        "{summary}\n{}",
        run.stdout()
    );

    // The good organizations' rows are the same with or without the corpus beside them.
    let good = std::fs::read_to_string(w.path("good.csv")).unwrap();
    let all = std::fs::read_to_string(w.path("r.csv")).unwrap();
    for line in good.lines() {
        assert!(all.lines().any(|l| l == line), "{line} changed:\n{all}");
    }
    assert_eq!(all, std::fs::read_to_string(w.path("r1.csv")).unwrap());
    // Names a spreadsheet would take for formulas are neutralized in the CSV.
    for name in [
        "'=HYPERLINK(\"\"http://example.com\"\",\"\"甲公司\"\")",
        "'+86 甲公司",
        "'-甲公司",
        "'@SUM(1+1)",
    ] {
        assert!(all.contains(name), "{name} not in\n{all}");
    }

    // Inputs are byte-identical after the runs.
    let after = snapshot(w.dir.path());
    for (path, bytes) in &before {
        assert!(after.get(path) == Some(bytes), "{} changed", path.display());
    }
}

#[test]
fn strict_over_the_corpus_writes_nothing_and_keeps_earlier_results() {
    let w = Workdir::new();
    generate::write_corpus(&w.path("corpus"));
    write_good_round(&w);
    write_earlier_results(&w);
    let run = w.run(&[
        "ingest", "good", "corpus", "--out", "r.xlsx", "--csv", "r.csv", "--strict",
    ]);
    run.expect_code(1);
    assert_earlier_results_intact(&w);
}

/// Earlier results (`r.xlsx`, `r.csv` as [`write_earlier_results`] left them) are
/// untouched, and no temporary file is left beside them.
fn assert_earlier_results_intact(w: &Workdir) {
    assert_eq!(
        std::fs::read(w.path("r.xlsx")).unwrap(),
        b"earlier results workbook"
    );
    assert_eq!(
        std::fs::read(w.path("r.csv")).unwrap(),
        b"earlier results csv"
    );
    let left: Vec<_> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        left.is_empty(),
        "a temporary file was left behind: {left:?}"
    );
}

/// Results of an earlier run, which a failed or refused run must leave as they are.
fn write_earlier_results(w: &Workdir) {
    w.write("r.xlsx", b"earlier results workbook");
    w.write("r.csv", b"earlier results csv");
}

/// Runs certsheet under a file-size limit of 4 KB (`ulimit -f`), so that writing
/// the results fails part-way; with `ignore` the write fails with EFBIG, without
/// it the process is killed mid-write (SIGXFSZ), as a crash would.
fn run_with_file_limit(w: &Workdir, ignore: bool, args: &[&str]) -> std::process::Output {
    let script = format!(
        "ulimit -f 8; {} exec \"$0\" \"$@\"",
        if ignore { "trap '' XFSZ;" } else { "" }
    );
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_certsheet"))
        .args(args)
        .current_dir(w.dir.path())
        .output()
        .unwrap()
}

#[test]
fn a_write_that_fails_or_is_killed_midway_leaves_the_earlier_results_intact() {
    let w = Workdir::new();
    write_good_round(&w);
    write_earlier_results(&w);
    let args = ["ingest", "good", "--out", "r.xlsx", "--csv", "r.csv"];

    let failed = run_with_file_limit(&w, true, &args);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("certsheet: 无法写入 r.xlsx"), "{stderr}");
    assert_earlier_results_intact(&w);

    let killed = run_with_file_limit(&w, false, &args);
    assert_eq!(killed.status.code(), None, "not killed: {killed:?}");
    assert_eq!(
        std::fs::read(w.path("r.xlsx")).unwrap(),
        b"earlier results workbook"
    );
    assert_eq!(
        std::fs::read(w.path("r.csv")).unwrap(),
        b"earlier results csv"
    );

    // And with room to write, the results replace the earlier ones.
    w.run(&args).expect_code(0);
    assert!(std::fs::read(w.path("r.csv"))
        .unwrap()
        .starts_with("\u{feff}机构名称".as_bytes()));
}

#[test]
fn an_output_that_cannot_be_written_is_exit_2_with_a_clear_message() {
    let w = Workdir::new();
    write_good_round(&w);
    // A read-only place: root ignores permission bits, so use /proc there.
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let out = if is_root {
        "/proc/certsheet-results.xlsx".to_string()
    } else {
        std::fs::create_dir_all(w.path("ro")).unwrap();
        let mut perms = std::fs::metadata(w.path("ro")).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
        std::fs::set_permissions(w.path("ro"), perms).unwrap();
        "ro/r.xlsx".to_string()
    };
    let run = w.run(&["ingest", "good", "--out", &out]);
    run.expect_code(2);
    assert!(
        run.stderr().contains(&format!(
            "certsheet: 无法在 {} 写入文件",
            std::path::Path::new(&out).parent().unwrap().display()
        )),
        "{}",
        run.stderr()
    );
    // A folder, a missing folder (a drive that is not there), a file as a folder.
    std::fs::create_dir_all(w.path("folder.xlsx")).unwrap();
    for (out, says) in [
        (
            "folder.xlsx",
            "certsheet: 输出路径 folder.xlsx 是一个文件夹，请给出文件名",
        ),
        ("Z:/结果/r.xlsx", "certsheet: 输出文件夹 Z:/结果 不存在"),
        ("good/好公司甲_张三.xlsx/r.xlsx", "不存在"),
    ] {
        let run = w.run(&["ingest", "good", "--out", out]);
        run.expect_code(2);
        assert!(run.stderr().contains(says), "{out}: {}", run.stderr());
        let run = w.run(&["ingest", "good", "--out", "ok.xlsx", "--csv", out]);
        run.expect_code(2);
        assert!(run.stderr().contains(says), "{out}: {}", run.stderr());
        assert!(
            !w.path("ok.xlsx").exists(),
            "results written although the CSV cannot be"
        );
    }
}
