//! The local web page (issue 15) over HTTP: each page, each refusal, the token
//! beyond localhost, expiry, escaping, and the same answers as the CLI (the CSV
//! downloaded through the page is `ingest`'s bytes for the same files).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::blocking::multipart::{Form, Part};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;

use crate::common::*;

/// A `certsheet serve --port 0` of its own, stopped when dropped.
pub struct Server {
    child: Child,
    /// Its stdout, kept open while it runs.
    _stdout: BufReader<std::process::ChildStdout>,
    /// `http://127.0.0.1:PORT/` (with `?token=…` when bound beyond loopback).
    pub url: String,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    pub fn start(env: &[(&str, &str)], args: &[&str]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_certsheet"));
        cmd.args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start certsheet serve");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let url = line[line.find("http://").expect("an address")..]
            .trim()
            .to_string();
        let port = url
            .rsplit(':')
            .next()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Server {
            child,
            _stdout: stdout,
            url,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn wait(&mut self) -> i32 {
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

/// A form with each file under field `files`, named as given.
pub fn files_form(files: &[(&str, Vec<u8>)]) -> Form {
    files.iter().fold(Form::new(), |form, (name, bytes)| {
        form.part(
            "files",
            Part::bytes(bytes.clone()).file_name(name.to_string()),
        )
    })
}

/// The page of a job once done (it reloads itself while working).
pub fn finished(client: &Client, url: &str) -> String {
    let start = Instant::now();
    loop {
        let body = client.get(url).send().unwrap().text().unwrap();
        if !body.contains("http-equiv=\"refresh\"") {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "still working: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Posts a form to a page; the answer once the work is done, and its link.
pub fn post(
    client: &Client,
    server: &Server,
    page: &str,
    form: Form,
) -> (StatusCode, String, String) {
    let r: Response = client
        .post(format!("{}/{page}", server.base))
        .multipart(form)
        .send()
        .unwrap();
    let status = r.status();
    let url = r.url().to_string();
    let body = r.text().unwrap();
    if status.is_success() && url.contains("/r/") {
        (status, finished(client, &url), url)
    } else {
        (status, body, url)
    }
}

/// The links of a result page's downloads, by key.
fn download(client: &Client, result_url: &str, key: &str) -> (Vec<u8>, String) {
    let url = format!("{}/{key}", result_url.split('?').next().unwrap());
    let r = client.get(url).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{key}");
    let disposition = r
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.bytes().unwrap().to_vec(), disposition)
}

/// Text as the page escapes it.
fn escaped(text: &str) -> String {
    certsheet::web::pages::escape(text)
}

/// A round of `n` complaint workbooks (organizations `{prefix}0…`), with names.
pub fn round_files(prefix: &str, n: usize) -> Vec<(String, Vec<u8>)> {
    let c = scheme("complaint");
    (0..n)
        .map(|i| {
            let org = format!("{prefix}{}", i / 2);
            let rater = if i % 2 == 0 { "张三" } else { "李四" };
            let a = 0.5 + (i % 5) as f64 / 10.0;
            (
                format!("{org}_{rater}.xlsx"),
                filled(&c, &header(&org, rater), alphas(&c, a), levels(&c, 3.0)),
            )
        })
        .collect()
}

fn as_refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, Vec<u8>)> {
    files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect()
}

#[test]
fn serve_check_page_says_what_check_says() {
    let w = Workdir::new();
    let c = scheme("complaint");
    let mut bad = alphas(&c, 0.9);
    bad[0] = n(7.0);
    let files = vec![
        (
            "好.xlsx",
            filled(
                &c,
                &header("甲公司", "张三"),
                alphas(&c, 0.9),
                levels(&c, 3.0),
            ),
        ),
        (
            "坏.xlsx",
            filled(&c, &header("乙公司", "李四"), bad, levels(&c, 3.0)),
        ),
        (
            "空.xlsx",
            write_template(&c, Some(&header("丙公司", "王五")), None).unwrap(),
        ),
    ];
    for (name, bytes) in &files {
        w.write(name, bytes);
    }
    let cli = w.run(&["check", "好.xlsx", "坏.xlsx", "空.xlsx"]);
    cli.expect_code(1);
    let server = Server::start(&[], &[]);
    let (status, page, _) = post(&client(), &server, "check", files_form(&files));
    assert_eq!(status, StatusCode::OK);
    // Every line check prints is on the page: verdicts, findings (sheet!cell, value, hint), the total.
    for line in cli.stdout().lines() {
        for part in line.split('\t') {
            assert!(
                page.contains(&escaped(part)),
                "{part:?} not on the page:\n{page}"
            );
        }
    }
    assert!(page.contains("附录1!"), "{page}");
    assert!(page.contains("class=\"rejected\""));
}

#[test]
fn serve_round_gives_ingests_csv_bytes_and_workbook() {
    let w = Workdir::new();
    let files = round_files("机构", 12);
    for (name, bytes) in &files {
        w.write(&format!("回收/{name}"), bytes);
    }
    w.run(&[
        "ingest",
        "回收",
        "--out",
        "结果.xlsx",
        "--csv",
        "结果.csv",
        "--cards",
        "卡",
    ])
    .expect_code(0);
    let server = Server::start(&[], &[]);
    let client = client();
    // Uploaded as a folder (names with their folder): the same names as ingest shows.
    let named: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| (format!("回收/{n}"), b.clone()))
        .collect();
    let (status, page, url) = post(&client, &server, "round", files_form(&as_refs(&named)));
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("class=\"summary\""), "{page}");
    assert!(page.contains("机构0"));
    assert!(page.contains("class=\"grade grade-"));
    let (csv, disposition) = download(&client, &url, "results.csv");
    assert_eq!(
        csv,
        std::fs::read(w.path("结果.csv")).unwrap(),
        "the CSV through the page is ingest's"
    );
    assert!(
        disposition.contains("UTF-8''%E7%BB%93%E6%9E%9C.csv"),
        "{disposition}"
    );
    // The results workbook: the same 汇总, 评价人明细 … as ingest's (every sheet's cells).
    let (xlsx, _) = download(&client, &url, "results.xlsx");
    let page_book = w.write("页面结果.xlsx", &xlsx);
    for name in ["汇总", "评价人明细", "问题清单"] {
        let (a, b) = (sheet(&page_book, name), sheet(&w.path("结果.xlsx"), name));
        assert_eq!(
            a.cells()
                .map(|(r, c, d)| (r, c, d.to_string()))
                .collect::<Vec<_>>(),
            b.cells()
                .map(|(r, c, d)| (r, c, d.to_string()))
                .collect::<Vec<_>>(),
            "sheet {name}"
        );
    }
    // The report cards: the same names as --cards writes.
    let (cards, _) = download(&client, &url, "cards.zip");
    let zip = zip::ZipArchive::new(std::io::Cursor::new(cards)).unwrap();
    let mut in_zip: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    in_zip.sort();
    let mut on_disk: Vec<String> = xlsx_files(&w.path("卡"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(in_zip, on_disk);
}

/// A zip of `entries` (deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, o).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn serve_round_from_a_zip_equals_ingest_of_the_folder() {
    let w = Workdir::new();
    let files = round_files("单位", 6);
    for (name, bytes) in &files {
        w.write(&format!("回收/{name}"), bytes);
    }
    w.run(&["ingest", "回收", "--out", "r.xlsx", "--csv", "r.csv"])
        .expect_code(0);
    let mut entries: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, b)| (format!("回收/{n}"), b.as_slice()))
        .collect();
    entries.push(("回收/~$锁定.xlsx".into(), b"lock"));
    entries.push(("回收/说明.pdf".into(), b"%PDF"));
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let server = Server::start(&[], &[]);
    let client = client();
    let (status, page, url) = post(
        &client,
        &server,
        "round",
        files_form(&[("回收.zip", zip_of(&entries))]),
    );
    assert_eq!(status, StatusCode::OK, "{page}");
    // The pdf is reported as ingest reports it; the lock file is counted.
    assert!(page.contains("回收.zip/回收/说明.pdf"), "{page}");
    assert!(page.contains("锁定或隐藏文件"), "{page}");
    let (csv, _) = download(&client, &url, "results.csv");
    assert_eq!(csv, std::fs::read(w.path("r.csv")).unwrap());
}

#[test]
fn serve_refuses_a_hostile_zip() {
    let server = Server::start(&[], &[]);
    let client = client();
    let book = round_files("甲", 1).remove(0).1;
    let climbing = zip_of(&[("../../outside.xlsx", &book)]);
    let (status, page, _) = post(
        &client,
        &server,
        "round",
        files_form(&[("坏.zip", climbing)]),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("不安全的文件名"), "{page}");
    let absolute = zip_of(&[("/etc/x.xlsx", &book)]);
    let (status, page, _) = post(
        &client,
        &server,
        "check",
        files_form(&[("abs.zip", absolute)]),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("不安全的文件名"), "{page}");
    // 50 MB of zeros packs into about 50 KB: a bomb, refused before anything is unpacked.
    let zeros = vec![0u8; 50 * 1024 * 1024];
    let bomb = zip_of(&[("a.xlsx", &zeros)]);
    assert!(bomb.len() < 1024 * 1024);
    let (status, page, _) = post(&client, &server, "round", files_form(&[("炸弹.zip", bomb)]));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("压缩炸弹"), "{page}");
    let (status, page, _) = post(
        &client,
        &server,
        "round",
        files_form(&[("假.zip", b"not a zip".to_vec())]),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("无法打开"), "{page}");
}

#[test]
fn serve_refuses_too_many_files_and_too_large_an_upload() {
    let server = Server::start(
        &[
            ("CERTSHEET_SERVE_MAX_FILES", "3"),
            ("CERTSHEET_SERVE_MAX_MB", "1"),
        ],
        &[],
    );
    let client = client();
    let files = round_files("乙", 4);
    let (status, page, _) = post(&client, &server, "round", files_form(&as_refs(&files)));
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("文件太多：一次最多上传 3 个文件"), "{page}");
    let big = vec![b'x'; 2 * 1024 * 1024];
    let (status, page, _) = post(&client, &server, "check", files_form(&[("大.xlsx", big)]));
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("上传的内容太大：一次最多 1 MB"), "{page}");
    // A .zip's entries count too.
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let (status, page, _) = post(
        &client,
        &server,
        "round",
        files_form(&[("r.zip", zip_of(&entries))]),
    );
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("文件太多"), "{page}");
    // Nothing sent: said so.
    let (status, page, _) = post(&client, &server, "round", Form::new().text("x", "y"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("没有收到文件"), "{page}");
    // English on request.
    let r = client
        .post(format!("{}/check?lang=en", server.base))
        .multipart(files_form(&as_refs(&files)))
        .send()
        .unwrap();
    assert!(r.text().unwrap().contains("Too many files: at most 3"));
}

#[test]
fn serve_beyond_localhost_needs_the_token() {
    let server = Server::start(&[], &["--bind", "0.0.0.0"]);
    assert!(server.url.contains("?token="), "{}", server.url);
    let token = server.url.rsplit('=').next().unwrap().to_string();
    assert_eq!(token.len(), 32);
    let client = client();
    let r = client.get(format!("{}/", server.base)).send().unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().unwrap().contains("需要访问令牌"));
    let r = client
        .get(format!("{}/?token={}", server.base, "0".repeat(32)))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client
        .post(format!("{}/check", server.base))
        .multipart(files_form(&as_refs(&round_files("丙", 1))))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client
        .get(format!("{}/?token={token}", server.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_string();
    let r = client
        .get(format!("{}/round", server.base))
        .header("cookie", &cookie)
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // On loopback (the default) no token is asked for.
    let local = Server::start(&[], &[]);
    assert!(!local.url.contains("token"));
    assert_eq!(
        client.get(&local.url).send().unwrap().status(),
        StatusCode::OK
    );
}

#[test]
fn serve_results_expire_and_are_only_reached_by_their_link() {
    let server = Server::start(&[("CERTSHEET_SERVE_KEEP_SECONDS", "4")], &[]);
    let client = client();
    let files = round_files("丁", 2);
    let (_, page, url) = post(&client, &server, "round", files_form(&as_refs(&files)));
    assert!(page.contains("丁0"), "{page}");
    let (_, other, other_url) = post(
        &client,
        &server,
        "round",
        files_form(&as_refs(&round_files("戊", 2))),
    );
    assert!(other.contains("戊0") && !other.contains("丁0"));
    assert_ne!(url, other_url);
    let id = url.rsplit('/').next().unwrap();
    assert_eq!(id.len(), 32);
    // A guessed or mangled link finds nothing.
    for wrong in [
        "0".repeat(32),
        id.replacen(&id[..1], if &id[..1] == "a" { "b" } else { "a" }, 1),
        "..%2F..%2Fetc".into(),
    ] {
        let r = client
            .get(format!("{}/r/{wrong}", server.base))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{wrong}");
    }
    std::thread::sleep(Duration::from_millis(4500));
    let r = client.get(&url).send().unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().unwrap().contains("此链接已失效"));
    let r = client.get(format!("{url}/results.csv")).send().unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[test]
fn serve_shows_names_from_files_as_text() {
    let server = Server::start(&[], &[]);
    let c = scheme("complaint");
    let evil = "<script>alert(1)</script>公司";
    let files = vec![(
        "<img src=x onerror=alert(2)>.xlsx",
        filled(
            &c,
            &header(evil, "<b>张三</b>"),
            alphas(&c, 0.9),
            levels(&c, 3.0),
        ),
    )];
    let client = client();
    let (status, page, _) = post(&client, &server, "round", files_form(&files));
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;公司"),
        "{page}"
    );
    assert!(!page.contains("<script>alert") && !page.contains("<img") && !page.contains("<b>张三"));
    let (_, page, _) = post(&client, &server, "check", files_form(&files));
    assert!(
        page.contains("&lt;img src=x onerror=alert(2)&gt;.xlsx"),
        "{page}"
    );
    assert!(!page.contains("<img"));
    // Only the page's own resources, never another origin's.
    let r = client.get(&server.url).send().unwrap();
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let html = r.text().unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script>"));
    let js = client
        .get(format!("{}/app.js", server.base))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(!js.contains("innerHTML") && !js.contains("http"));
}

#[test]
fn serve_template_page_makes_what_template_makes() {
    let w = Workdir::new();
    let server = Server::start(&[], &[]);
    let client = client();
    // A blank workbook of a built-in scheme.
    let (status, page, url) = post(
        &client,
        &server,
        "template",
        Form::new().text("scheme", "complaint"),
    );
    assert_eq!(status, StatusCode::OK, "{page}");
    let (bytes, disposition) = download(&client, &url, "templates");
    assert!(
        disposition.contains(&percent("complaint_评分表.xlsx")),
        "{disposition}"
    );
    let blank = w.write("blank.xlsx", &bytes);
    assert!(!text(&sheet(&blank, layout::META_SHEET), 0, 0).is_empty());
    // A path is not a scheme id: nothing on the server is read.
    let (_, page, _) = post(
        &client,
        &server,
        "template",
        Form::new().text("scheme", "/etc/passwd"),
    );
    assert!(page.contains("class=\"refused\""), "{page}");
    // A roster with problems: the lines template prints, nothing made.
    let roster = "机构名称,评价人\n甲公司,张三\n,李四\n甲公司,张三\n";
    w.write("名单.csv", roster.as_bytes());
    let cli = w.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "名单.csv",
        "--out",
        "out",
    ]);
    cli.expect_code(2);
    let form = Form::new().text("scheme", "complaint").part(
        "roster",
        Part::bytes(roster.as_bytes().to_vec()).file_name("名单.csv"),
    );
    let (_, page, _) = post(&client, &server, "template", form);
    for line in cli.stdout().lines() {
        assert!(
            page.contains(&escaped(line)),
            "{line:?} not on the page:\n{page}"
        );
    }
    assert!(!page.contains("/templates\""));
    // A good roster: one workbook per row, named as template names them, in a .zip.
    let roster = "机构名称,评价人\n甲公司,张三\n乙公司,李四\n乙公司,王五\n";
    w.write("好名单.csv", roster.as_bytes());
    w.run(&[
        "template",
        "--scheme",
        "complaint",
        "--roster",
        "好名单.csv",
        "--out",
        "good",
    ])
    .expect_code(0);
    let form = Form::new().text("scheme", "complaint").part(
        "roster",
        Part::bytes(roster.as_bytes().to_vec()).file_name("好名单.csv"),
    );
    let (_, page, url) = post(&client, &server, "template", form);
    assert!(page.contains("评分表.zip"), "{page}");
    let (bytes, _) = download(&client, &url, "templates");
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    let expected: Vec<String> = xlsx_files(&w.path("good"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, expected);
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn serve_stops_on_ctrl_c_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Server::start(&[("TMPDIR", tmp.path().to_str().unwrap())], &[]);
    let client = client();
    let (_, page, _) = post(
        &client,
        &server,
        "round",
        files_form(&as_refs(&round_files("己", 2))),
    );
    assert!(page.contains("己0"));
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().count() > 0,
        "the uploads are under TMPDIR"
    );
    Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .unwrap();
    assert_eq!(server.wait(), 130);
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn serve_pages_are_chinese_with_an_english_switch() {
    let server = Server::start(&[], &[]);
    let client = client();
    let zh = client.get(&server.url).send().unwrap().text().unwrap();
    for text in [
        "检查评分表",
        "汇总一轮",
        "生成评分表",
        "把文件拖到这里",
        "English",
    ] {
        assert!(zh.contains(text), "{text}");
    }
    let en = client
        .get(format!("{}/round?lang=en", server.base))
        .send()
        .unwrap()
        .text()
        .unwrap();
    for text in [
        "Process a round",
        "Drop files here",
        "webkitdirectory",
        "name=\"previous\"",
        "中文",
    ] {
        assert!(en.contains(text), "{text}");
    }
    let r = client
        .get(format!("{}/nothing-here", server.base))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let _ = Path::new("");
}

#[test]
fn serve_round_with_an_earlier_csv_adds_the_change_as_ingest_does() {
    let w = Workdir::new();
    let files = round_files("庚", 4);
    for (name, bytes) in &files {
        w.write(&format!("回收/{name}"), bytes);
    }
    w.run(&["ingest", "回收", "--out", "去年.xlsx", "--csv", "去年.csv"])
        .expect_code(0);
    w.run(&[
        "ingest",
        "回收",
        "--out",
        "r.xlsx",
        "--csv",
        "r.csv",
        "--previous",
        "去年.csv",
    ])
    .expect_code(0);
    let earlier = std::fs::read(w.path("去年.csv")).unwrap();
    let server = Server::start(&[], &[]);
    let client = client();
    let form =
        files_form(&as_refs(&files)).part("previous", Part::bytes(earlier).file_name("去年.csv"));
    let (status, page, url) = post(&client, &server, "round", form);
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("上次认证级别") && page.contains("持平"),
        "{page}"
    );
    let (csv, _) = download(&client, &url, "results.csv");
    assert_eq!(csv, std::fs::read(w.path("r.csv")).unwrap());
    // A file that is no results CSV: the CLI's message, naming the file as sent.
    w.write("乱.csv", b"a,b\n1,2\n");
    let cli = w.run(&["ingest", "回收", "--out", "x.xlsx", "--previous", "乱.csv"]);
    cli.expect_code(2);
    let form = files_form(&as_refs(&files)).part(
        "previous",
        Part::bytes(b"a,b\n1,2\n".to_vec()).file_name("乱.csv"),
    );
    let (_, page, _) = post(&client, &server, "round", form);
    let message = cli
        .stderr()
        .trim()
        .trim_start_matches("certsheet: ")
        .to_string();
    assert!(
        page.contains(&escaped(&message)),
        "{message:?} not on the page:\n{page}"
    );
}

#[test]
fn serve_arguments_are_checked_in_chinese() {
    let w = Workdir::new();
    let run = w.run(&["serve", "--port", "abc"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("应为 0 到 65535 之间的整数"),
        "{}",
        run.stderr()
    );
    let run = w.run(&["serve", "--bind", "办公室"]);
    run.expect_code(2);
    assert!(run.stderr().contains("应为 IP 地址"), "{}", run.stderr());
    assert!(!run.stderr().contains("invalid"), "{}", run.stderr());
    // A port already taken: said in Chinese, exit 2.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = w.run(&["serve", "--port", &port]);
    run.expect_code(2);
    assert!(run.stderr().contains("端口已被占用"), "{}", run.stderr());
}
