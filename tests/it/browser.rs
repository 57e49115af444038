//! The web page in a real browser (issue 15): headless Chromium driven through
//! WebDriver (fantoccini + chromedriver). Files go up through the page's file
//! input, the findings and the summary are read as rendered, the downloads are
//! saved by the browser. A screenshot of each page is saved under
//! `$CERTSHEET_SCREENSHOTS` when set.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them):
//! with `CI` set a missing one fails the test; otherwise it is skipped, saying so.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

use super::serve::Server;
use crate::common::*;

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver on a port of its own, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits for a file of this name to be complete in `dir` (the browser's download).
fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let start = Instant::now();
    loop {
        let path = dir.join(name);
        let partial = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".crdownload")
        });
        if path.is_file() && !partial {
            return std::fs::read(path).unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{name} not downloaded; in the folder: {:?}",
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn browser_uploads_reads_the_results_and_downloads() {
    let (Some(chromium), Some(chromedriver)) = (
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
        find_program(&["chromedriver"]),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
        );
        eprintln!("browser test skipped: chromium or chromedriver not installed");
        return;
    };
    let w = Workdir::new();
    let shots = std::env::var_os("CERTSHEET_SCREENSHOTS").map(PathBuf::from);
    let downloads = w.path("下载");
    std::fs::create_dir_all(&downloads).unwrap();

    // The files a clerk has: returned workbooks (one with a wrong α), a roster.
    let c = scheme("complaint");
    let mut bad = alphas(&c, 0.9);
    bad[3] = n(8.0);
    let mut round = Vec::new();
    for (org, rater, a) in [
        ("南昌燃气有限公司", "张三", 0.95),
        ("南昌燃气有限公司", "李四", 0.9),
        ("九江水务<集团>", "王五", 0.7),
    ] {
        round.push(w.write(
            &format!("回收/{org}_{rater}.xlsx"),
            &filled(&c, &header(org, rater), alphas(&c, a), levels(&c, 4.0)),
        ));
    }
    let wrong = w.write(
        "检查/赣州客运_赵六.xlsx",
        &filled(&c, &header("赣州客运", "赵六"), bad, levels(&c, 3.0)),
    );
    let right = round[0].clone();
    let roster = w.write(
        "名单.csv",
        "机构名称,评价人\n南昌燃气有限公司,张三\n九江水务,李四\n".as_bytes(),
    );
    w.run(&["ingest", "回收", "--out", "cli.xlsx", "--csv", "cli.csv"])
        .expect_code(0);

    let server = Server::start(&[], &[]);
    let port = free_port();
    let _driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1100", "--lang=zh-CN"],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "intl.accept_languages": "zh-CN"
                }
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let start = Instant::now();
        let browser = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(b) => break b,
                Err(e) if start.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("chromedriver: {e}"),
            }
        };
        let shot = |name: &'static str| {
            let browser = browser.clone();
            let shots = shots.clone();
            async move {
                if let Some(dir) = shots {
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join(name), browser.screenshot().await.unwrap()).unwrap();
                }
            }
        };
        let files_of = |paths: &[PathBuf]| {
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("\n")
        };

        // 检查评分表: two workbooks through the file picker.
        browser.goto(&server.url).await.unwrap();
        let title = browser.find(Locator::Css("main h1")).await.unwrap().text().await.unwrap();
        assert_eq!(title, "检查评分表");
        let input = browser.find(Locator::Css("input[type=file][name=files]")).await.unwrap();
        input.send_keys(&files_of(&[right.clone(), wrong.clone()])).await.unwrap();
        let listed = browser.find(Locator::Css(".chosen")).await.unwrap().text().await.unwrap();
        assert!(listed.contains("赣州客运_赵六.xlsx"), "{listed}");
        browser.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        let table = browser.wait().for_element(Locator::Css("table.verdicts")).await.unwrap();
        let text = table.text().await.unwrap();
        assert!(text.contains("通过") && text.contains("退回"), "{text}");
        assert!(text.contains("附录1!E"), "a finding with its cell: {text}");
        let total = browser.find(Locator::Css(".total")).await.unwrap().text().await.unwrap();
        assert!(total.contains("共检查 2 份"), "{total}");
        shot("1-检查评分表.png").await;

        // The same page, a workbook dropped on the drop zone instead of picked: the
        // file is taken from the picker and handed to the zone in a synthetic drop
        // event (WebDriver cannot drag from the desktop), then the picker emptied.
        browser.goto(&server.url).await.unwrap();
        let input = browser.find(Locator::Css("input[type=file][name=files]")).await.unwrap();
        input.send_keys(&files_of(std::slice::from_ref(&wrong))).await.unwrap();
        browser
            .execute(
                r#"
                const input = document.querySelector("input[type=file][name=files]");
                const zone = input.form.querySelector(".drop");
                const data = new DataTransfer();
                data.items.add(input.files[0]);
                input.value = "";
                zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
                "#,
                vec![],
            )
            .await
            .unwrap();
        let listed = browser.find(Locator::Css(".chosen")).await.unwrap().text().await.unwrap();
        assert!(listed.contains("赣州客运_赵六.xlsx"), "the dropped file is listed: {listed}");
        browser.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        let table = browser.wait().for_element(Locator::Css("table.verdicts")).await.unwrap();
        let text = table.text().await.unwrap();
        assert!(text.contains("退回") && text.contains("赣州客运_赵六.xlsx"), "{text}");
        let total = browser.find(Locator::Css(".total")).await.unwrap().text().await.unwrap();
        assert!(total.contains("共检查 1 份"), "only the dropped file was sent: {total}");

        // 汇总一轮: the round's files, then the summary and the downloads.
        browser.goto(&format!("{}/round", server.base)).await.unwrap();
        let input = browser.find(Locator::Css("input[type=file][name=files]")).await.unwrap();
        input.send_keys(&files_of(&round)).await.unwrap();
        shot("2-汇总一轮-表单.png").await;
        browser.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        let summary = browser.wait().for_element(Locator::Css("table.summary")).await.unwrap();
        let rows = summary.find_all(Locator::Css("tbody tr")).await.unwrap();
        assert_eq!(rows.len(), 2);
        let text = summary.text().await.unwrap();
        assert!(text.contains("南昌燃气有限公司") && text.contains("九江水务<集团>"), "{text}");
        let grades = summary.find_all(Locator::Css("td.grade")).await.unwrap();
        assert_eq!(grades.len(), 2);
        shot("3-汇总一轮-结果.png").await;
        for link in browser.find_all(Locator::Css("ul.downloads a")).await.unwrap() {
            link.click().await.unwrap();
        }
        let csv = downloaded(&downloads, "结果.csv");
        assert_eq!(csv, std::fs::read(w.path("cli.csv")).unwrap(), "the browser's CSV is ingest's");
        let xlsx = downloaded(&downloads, "结果.xlsx");
        assert!(xlsx.starts_with(b"PK"));
        let cards = downloaded(&downloads, "成绩单.zip");
        assert!(cards.starts_with(b"PK"));

        // 生成评分表: a scheme and a roster → a .zip of one workbook per row.
        browser.goto(&format!("{}/template", server.base)).await.unwrap();
        browser
            .find(Locator::Css("select[name=scheme] option[value=complaint]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser
            .find(Locator::Css("input[name=roster]"))
            .await
            .unwrap()
            .send_keys(&roster.display().to_string())
            .await
            .unwrap();
        shot("4-生成评分表-表单.png").await;
        browser.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        let link = browser.wait().for_element(Locator::Css("ul.downloads a")).await.unwrap();
        shot("5-生成评分表-结果.png").await;
        link.click().await.unwrap();
        let zip = downloaded(&downloads, "评分表.zip");
        let zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        assert_eq!(zip.len(), 2);

        // English on request.
        browser.goto(&format!("{}/round?lang=en", server.base)).await.unwrap();
        let title = browser.find(Locator::Css("main h1")).await.unwrap().text().await.unwrap();
        assert_eq!(title, "Process a round");
        browser.close().await.unwrap();
    });
}
