//! The command line in Chinese (SPEC "Commands"): `--help` of every command,
//! argument errors and operating-system errors follow `--lang`, with no English
//! sentence in Chinese mode beyond option names and the examples.

use crate::common::*;

/// Two ASCII words in a row (`Print help`, `the following`): an English phrase.
/// Example lines (commands as typed) are left out.
fn english_phrases(text: &str) -> Vec<String> {
    let is_word = |piece: &str| {
        piece.len() > 1
            && piece
                .chars()
                .all(|c| c.is_ascii_alphabetic() || ",.:;'".contains(c))
    };
    let mut found = Vec::new();
    for line in text.lines() {
        let example = line.trim_start().starts_with("certsheet ") || line.contains("CERTSHEET_");
        if example {
            continue;
        }
        // A command as typed (`certsheet schemes show`) names commands, it is no sentence.
        let pieces: Vec<&str> = line.split(' ').collect();
        let commands = [
            "certsheet",
            "schemes",
            "show",
            "template",
            "check",
            "ingest",
        ];
        let pieces: Vec<&str> = pieces
            .into_iter()
            .filter(|p| !commands.iter().any(|c| p.ends_with(c)))
            .collect();
        for pair in pieces.windows(2) {
            if is_word(pair[0]) && is_word(pair[1]) {
                found.push(format!("“{} {}” in: {line}", pair[0], pair[1]));
            }
        }
    }
    found
}

#[test]
fn help_of_every_command_is_chinese() {
    let w = Workdir::new();
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["schemes", "--help"],
        vec!["schemes", "show", "--help"],
        vec!["template", "--help"],
        vec!["check", "--help"],
        vec!["ingest", "--help"],
        vec!["ingest", "-h"],
    ] {
        let run = w.run(&args);
        run.expect_code(0);
        let help = run.stdout();
        assert!(help.contains("用法：certsheet"), "{args:?}: {help}");
        assert!(help.contains("选项："), "{args:?}: {help}");
        assert!(
            !help.contains("Usage") && !help.contains("Options"),
            "{help}"
        );
        assert_eq!(english_phrases(&help), Vec::<String>::new(), "{args:?}");
    }
    // English on request, clap's own words around the doc comments.
    let en = w.run(&["--lang", "en", "ingest", "--help"]);
    en.expect_code(0);
    assert!(
        en.stdout().contains("Usage: certsheet ingest"),
        "{}",
        en.stdout()
    );
    assert!(en.stdout().contains("The results workbook to write"));
    // The phrase check does see English.
    assert!(!english_phrases(&en.stdout()).is_empty());
}

#[test]
fn argument_errors_are_chinese_with_the_usage_and_exit_2() {
    let w = Workdir::new();
    let cases: [(&[&str], &str); 5] = [
        (
            &["check", "a.xlsx", "--jobs", "abc"],
            "certsheet: --jobs <线程数> 的值“abc”无效：应为 1 到 256 之间的整数",
        ),
        (
            &["ingest", "a.xlsx"],
            "certsheet: 缺少必需的参数：--out <路径>",
        ),
        (
            &["ingst"],
            "certsheet: 无法识别的命令“ingst”（是否想用 ingest？）",
        ),
        (
            &["check", "a.xlsx", "--jbos", "2"],
            "certsheet: 无法识别的参数“--jbos”（是否想用 --jobs？）",
        ),
        (
            &["--lang", "fr", "check", "a.xlsx"],
            "certsheet: “fr”不是 --lang <语言> 的有效值（可用：zh、en）",
        ),
    ];
    for (args, says) in cases {
        let run = w.run(args);
        run.expect_code(2);
        let err = run.stderr();
        assert!(err.starts_with(says), "{args:?}: {err}");
        assert!(err.contains("\n用法：certsheet "), "{err}");
        assert_eq!(english_phrases(&err), Vec::<String>::new(), "{args:?}");
        assert!(run.stdout().is_empty());
    }
    let en = w.run(&["--lang", "en", "check", "a.xlsx", "--jobs", "abc"]);
    en.expect_code(2);
    assert!(
        en.stderr()
            .contains("invalid value 'abc' for '--jobs <JOBS>'"),
        "{}",
        en.stderr()
    );
}

#[test]
fn operating_system_errors_are_a_chinese_phrase() {
    let w = Workdir::new();
    w.write("afile", b"x");
    let run = w.run(&["template", "--scheme", "complaint", "--out", "afile"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr(),
        "certsheet: 无法创建文件夹 afile：已有同名的文件或文件夹\n"
    );
    let run = w.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "没有.csv",
        "--out",
        "t",
    ]);
    run.expect_code(2);
    assert_eq!(
        run.stderr(),
        "certsheet: 无法读取名单 没有.csv：找不到该文件或文件夹\n"
    );
    // English keeps the system's words.
    let en = w.run(&[
        "--lang",
        "en",
        "template",
        "--scheme",
        "complaint",
        "--out",
        "afile",
    ]);
    assert!(en.stderr().contains("File exists"), "{}", en.stderr());
}
