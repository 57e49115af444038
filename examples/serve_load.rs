//! A bounded load test of `certsheet serve` on localhost (issue 15), run by
//! `bench-serve.sh`, not by `cargo test`:
//!
//! 1. `USERS` people at once (default 20), each uploading a round of `FILES`
//!    workbooks (default 50) of their own organizations to 汇总一轮: each must
//!    get exactly `ingest`'s CSV for their own files (separate, correct results).
//! 2. One round of `ROUND` workbooks (default 1,000) through the page against
//!    `certsheet ingest` on the same files (both writing the results workbook,
//!    the CSV and the report cards).
//!
//! Prints the wall times and the server's peak resident memory (VmHWM).
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/serve_load target/release/certsheet [USERS FILES ROUND]
//! ```

#[allow(dead_code)]
#[path = "../tests/corpus/generate.rs"]
mod generate;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certsheet::cell::Input;
use reqwest::blocking::multipart::{Form, Part};
use reqwest::blocking::Client;

/// A round: (name, bytes) of `n` workbooks, two raters per organization.
fn round(prefix: &str, n: usize) -> Vec<(String, Vec<u8>)> {
    let s = generate::complaint();
    (0..n)
        .map(|i| {
            let org = format!("{prefix}机构{:04}", i / 2);
            let rater = if i % 2 == 0 { "张三" } else { "李四" };
            let a = 0.6 + (i % 7) as f64 * 0.05;
            let alphas = s.items.iter().map(|_| Some(Input::Number(a))).collect();
            let levels = s
                .clauses
                .iter()
                .map(|_| Some(Input::Number((i % 5 + 1) as f64)))
                .collect();
            (
                format!("{org}_{rater}.xlsx"),
                generate::workbook(&generate::header(&org, rater), alphas, levels),
            )
        })
        .collect()
}

fn write_round(dir: &Path, files: &[(String, Vec<u8>)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn ingest(bin: &Path, dir: &Path, out: &Path) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let status = Command::new(bin)
        .arg("ingest")
        .arg(dir)
        .arg("--out")
        .arg(out.join("结果.xlsx"))
        .arg("--csv")
        .arg(out.join("结果.csv"))
        .arg("--cards")
        .arg(out.join("报告卡"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    let took = start.elapsed();
    assert!(status.success());
    (std::fs::read(out.join("结果.csv")).unwrap(), took)
}

/// Uploads a round to 汇总一轮, waits for its page, downloads its CSV.
fn through_page(client: &Client, base: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let form = files.iter().fold(Form::new(), |form, (name, bytes)| {
        form.part("files", Part::bytes(bytes.clone()).file_name(name.clone()))
    });
    let r = client
        .post(format!("{base}/round"))
        .multipart(form)
        .send()
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let url = r.url().to_string();
    loop {
        let body = client.get(&url).send().unwrap().text().unwrap();
        if !body.contains("http-equiv=\"refresh\"") {
            assert!(body.contains("results.csv"), "{body}");
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    client
        .get(format!("{url}/results.csv"))
        .send()
        .unwrap()
        .bytes()
        .unwrap()
        .to_vec()
}

fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bin = PathBuf::from(args.first().expect("the certsheet binary"));
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (users, files, big) = (number(1, 20), number(2, 50), number(3, 1000));
    let work = tempfile::tempdir().unwrap();

    eprintln!("generating {users} × {files} and {big} workbooks …");
    let rounds: Vec<_> = (0..users)
        .map(|u| round(&format!("用户{u:02}"), files))
        .collect();
    let expected: Vec<Vec<u8>> = rounds
        .iter()
        .enumerate()
        .map(|(u, r)| {
            let dir = work.path().join(format!("u{u}"));
            write_round(&dir.join("in"), r);
            ingest(&bin, &dir.join("in"), &dir).0
        })
        .collect();
    let big_round = round("大轮", big);
    let big_dir = work.path().join("big");
    write_round(&big_dir.join("in"), &big_round);

    let mut server = Command::new(&bin)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let url = line[line.find("http://").unwrap()..]
        .trim()
        .trim_end_matches('/')
        .to_string();
    let client = Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();

    // 1. USERS people at once.
    let start = Instant::now();
    let got: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = rounds
            .iter()
            .map(|r| {
                let (client, url) = (client.clone(), url.clone());
                s.spawn(move || through_page(&client, &url, r))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let concurrent = start.elapsed();
    for (u, (csv, want)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(csv, want, "user {u}: not ingest's CSV for their files");
        let text = String::from_utf8_lossy(csv);
        assert!(!text.contains(&format!("用户{:02}", (u + 1) % users)) || users == 1);
    }
    let rss_concurrent = peak_rss_mb(server.id());

    // 2. One large round: the page against the CLI.
    let (cli_csv, cli_time) = ingest(&bin, &big_dir.join("in"), &big_dir);
    let start = Instant::now();
    let page_csv = through_page(&client, &url, &big_round);
    let page_time = start.elapsed();
    assert_eq!(page_csv, cli_csv, "the large round: not ingest's CSV");
    let rss = peak_rss_mb(server.id());
    let _ = server.kill();
    let _ = server.wait();

    println!("{users} users × {files} workbooks at once: {:.2} s, every CSV = ingest's, none with another's organizations", concurrent.as_secs_f64());
    println!("server peak RSS after that: {rss_concurrent:.0} MB");
    println!(
        "{big} workbooks: page {:.2} s (upload, read, results, CSV, cards; until the page is done) vs ingest --cards {:.2} s = {:.2}×",
        page_time.as_secs_f64(),
        cli_time.as_secs_f64(),
        page_time.as_secs_f64() / cli_time.as_secs_f64()
    );
    println!("server peak RSS overall: {rss:.0} MB");
}
