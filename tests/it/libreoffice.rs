//! The workbooks in LibreOffice, as auditors who use it will see them: they open,
//! LibreOffice computes the same figures as certsheet, and a workbook re-saved by
//! LibreOffice (as .xlsx, .ods or .xls) ingests to the same results.
//!
//! Each test drives `soffice --headless --convert-to` with a profile of its own, and
//! runs its conversions one at a time under a lock shared by the tests of this file
//! (LibreOffice is heavy; two instances at once only slow each other down).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use calamine::{Data, DataType, Range};
use rust_decimal::prelude::ToPrimitive;

use crate::common::layout::{self, FIRST_ROW};
use crate::common::resave::{
    full_header, live_figures_of, rater_rows, row_labelled, varied_alphas, varied_levels,
    write_small_round,
};
use crate::common::{
    self, blank_template, cell, n, number, parsed, passed_with, score, sheet, t, write_template,
    Fill, Input, Workdir,
};

/// One LibreOffice at a time across the tests of this file.
static SOFFICE: Mutex<()> = Mutex::new(());

/// How long one conversion may take before the test gives up.
const TIMEOUT: Duration = Duration::from_secs(300);

/// Makes LibreOffice recalculate every formula when it loads a file (0 = always),
/// instead of trusting the cached results.
const RECALC_ALWAYS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// A headless LibreOffice with its own profile folder (also used by the mixed
/// batches of tests/it/gnumeric.rs).
pub(crate) struct Office {
    soffice: PathBuf,
    profile: PathBuf,
    logs: PathBuf,
    runs: usize,
}

impl Office {
    pub(crate) fn new(soffice: PathBuf, wd: &Workdir) -> Office {
        Office {
            soffice,
            profile: wd.path("lo-profile"),
            logs: wd.path("lo-logs"),
            runs: 0,
        }
    }

    /// Like `new`, with a profile that recalculates every formula on load.
    fn recalculating(soffice: PathBuf, wd: &Workdir) -> Office {
        let office = Office::new(soffice, wd);
        wd.write(
            "lo-profile/user/registrymodifications.xcu",
            RECALC_ALWAYS.as_bytes(),
        );
        office
    }

    /// Converts `files` into `outdir` with `--convert-to target` (e.g. `pdf`, `xlsx`,
    /// `xls:"MS Excel 97"`) and returns the converted files, in the order given.
    pub(crate) fn convert(
        &mut self,
        files: &[PathBuf],
        target: &str,
        outdir: &Path,
    ) -> Vec<PathBuf> {
        let ext = target.split(':').next().unwrap();
        std::fs::create_dir_all(outdir).unwrap();
        std::fs::create_dir_all(&self.logs).unwrap();
        self.runs += 1;
        let log = |name: &str| self.logs.join(format!("{}-{ext}.{name}", self.runs));
        let profile = format!("-env:UserInstallation={}", file_url(&self.profile));
        let _one_at_a_time = SOFFICE.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let mut command = Command::new(&self.soffice);
        // A group of its own, so that a timeout ends soffice.bin too, not only its launcher.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .arg(&profile)
            .args([
                "--headless",
                "--norestore",
                "--nologo",
                "--nolockcheck",
                "--nodefault",
            ])
            .args(["--convert-to", target, "--outdir"])
            .arg(outdir)
            .args(files)
            .stdin(Stdio::null())
            .stdout(File::create(log("stdout")).unwrap())
            .stderr(File::create(log("stderr")).unwrap())
            .spawn()
            .expect("start soffice");
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > TIMEOUT {
                #[cfg(unix)]
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                panic!("soffice --convert-to {target} took more than {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let report = || {
            format!(
                "soffice --convert-to {target} {files:?}: {status}\n--- stdout\n{}\n--- stderr\n{}",
                std::fs::read_to_string(log("stdout")).unwrap_or_default(),
                std::fs::read_to_string(log("stderr")).unwrap_or_default()
            )
        };
        assert!(status.success(), "{}", report());
        eprintln!(
            "soffice --convert-to {target}: {} file(s) in {:.1?}",
            files.len(),
            started.elapsed()
        );
        files
            .iter()
            .map(|f| {
                let out = outdir.join(f.file_stem().unwrap()).with_extension(ext);
                let len = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
                assert!(len > 0, "{} was not written\n{}", out.display(), report());
                out
            })
            .collect()
    }
}

/// `file:///…` for a local path, bytes outside the unreserved set percent-encoded.
fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

// ---------------------------------------------------------------- tests

#[test]
fn blank_and_filled_workbooks_open_in_libreoffice() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::new(soffice, &wd);
    let mut files = Vec::new();
    for id in ["complaint", "quality-credit"] {
        let blank = blank_template(&wd, id);
        // ASCII names: the conversion does not depend on the locale's file-name encoding.
        let blank_copy = wd.path(&format!("in/blank-{id}.xlsx"));
        std::fs::create_dir_all(blank_copy.parent().unwrap()).unwrap();
        std::fs::copy(&blank, &blank_copy).unwrap();
        files.push(blank_copy);

        let scheme = common::scheme(id);
        let bytes = common::filled(
            &scheme,
            &full_header("南昌甲公司", "91350100M000100Y43", "张三", "2026-03-01"),
            varied_alphas(&scheme, 0),
            varied_levels(&scheme, 0),
        );
        files.push(wd.write(&format!("in/filled-{id}.xlsx"), &bytes));
    }
    let pdfs = office.convert(&files, "pdf", &wd.path("pdf"));
    for pdf in pdfs {
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", pdf.display());
        // One page at least for each visible sheet: 附录1, 附录3, 附录2, 附录4, 填写说明.
        let text = String::from_utf8_lossy(&bytes).replace("/Type /Page", "/Type/Page");
        let pages = text
            .match_indices("/Type/Page")
            .filter(|(i, _)| !text[i + 10..].starts_with('s'))
            .count();
        assert!(pages >= 5, "{}: {pages} pages", pdf.display());
    }
}

#[test]
fn libreoffice_recalculates_the_same_scores_as_certsheet() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::recalculating(soffice, &wd);
    let mut cases = Vec::new();
    for (k, id) in ["complaint", "quality-credit"].into_iter().enumerate() {
        let scheme = common::scheme(id);
        let levels = varied_levels(&scheme, k * 2);
        let fill = Fill {
            alphas: varied_alphas(&scheme, k * 3),
            conformity: passed_with(&levels),
            levels,
            uncached: true,
            remarks: Default::default(),
        };
        let h = full_header("南昌甲公司", "", "张三", "");
        let bytes = write_template(&scheme, Some(&h), Some(&fill)).unwrap();
        let path = wd.write(&format!("in/{id}.xlsx"), &bytes);
        cases.push((scheme, fill, path));
    }
    let files: Vec<PathBuf> = cases.iter().map(|(_, _, p)| p.clone()).collect();
    let converted = office.convert(&files, "xlsx", &wd.path("recalculated"));

    for ((scheme, fill, original), path) in cases.iter().zip(&converted) {
        let id = &scheme.id;
        let (alphas, levels) = parsed(scheme, fill);
        let service_score = score::round_report(score::service_score(scheme, &alphas));
        let maturity_total = score::round_report(score::maturity_total(scheme, &levels));
        let level = scheme.levels[scheme.level_index(maturity_total).expect("a level")]
            .label
            .clone();
        eprintln!("{id}: S = {service_score}, M = {maturity_total}, {level}");

        // Without cached results, only a recalculation can give the right figures.
        let before = sheet(original, layout::SERVICE_SHEET);
        let score_row = row_labelled(&before, layout::LABEL_SERVICE_SCORE);
        assert_ne!(
            cell(&before, score_row, layout::S_SCORE)
                .as_f64()
                .map(|x| format!("{x:.2}")),
            Some(service_score.to_string()),
            "{id}: the workbook written for this test must not carry the result"
        );

        let service = sheet(path, layout::SERVICE_SHEET);
        for (i, (item, alpha)) in scheme.items.iter().zip(&alphas).enumerate() {
            let row = FIRST_ROW + i as u32;
            let at = layout::cell_name(row, layout::S_SCORE);
            let input = &fill.alphas[i];
            let got = cell(&service, row, layout::S_SCORE);
            let want = score::item_score(item.points, *alpha).to_f64().unwrap();
            let x = got.as_f64().unwrap_or_else(|| {
                panic!("{id}: 附录1!{at} (α {input:?}): a number expected, found {got:?}")
            });
            assert!(
                (x - want).abs() < 1e-9,
                "{id}: 附录1!{at} (α {input:?}) = {x}, want {want}"
            );
            let band = cell(&service, row, layout::S_BAND);
            assert_eq!(
                band.get_string(),
                Some(scheme.likert_label(*alpha)),
                "{id}: 附录1!{} (α {input:?})",
                layout::cell_name(row, layout::S_BAND)
            );
        }
        let score_row = row_labelled(&service, layout::LABEL_SERVICE_SCORE);
        assert_eq!(
            score_row,
            FIRST_ROW + scheme.items.len() as u32 + 1,
            "{id}: F27"
        );
        assert_eq!(
            format!("{:.2}", number(&service, score_row, layout::S_SCORE)),
            service_score.to_string(),
            "{id}: 服务特性测评得分"
        );

        let maturity = sheet(path, layout::MATURITY_SHEET);
        for (i, (clause, level)) in scheme.clauses.iter().zip(&levels).enumerate() {
            let row = FIRST_ROW + i as u32;
            let got = cell(&maturity, row, layout::M_SCORE);
            let want = score::clause_score(clause.max, *level).to_f64().unwrap();
            assert_eq!(
                got.as_f64(),
                Some(want),
                "{id}: 附录3!{} (level {:?})",
                layout::cell_name(row, layout::M_SCORE),
                fill.levels[i]
            );
        }
        let total_row = row_labelled(&maturity, layout::LABEL_MATURITY_TOTAL);
        assert_eq!(
            format!("{:.2}", number(&maturity, total_row, layout::M_SCORE)),
            maturity_total.to_string(),
            "{id}: 管理成熟度总分"
        );
        let level_row = row_labelled(&maturity, layout::LABEL_MANAGEMENT_LEVEL);
        assert_eq!(
            cell(&maturity, level_row, layout::M_SCORE).get_string(),
            Some(level.as_str()),
            "{id}: 管理等级"
        );
        // The header is repeated on 附录3 by formula.
        assert_eq!(
            cell(&maturity, 2, 1u16).get_string(),
            Some("南昌甲公司"),
            "{id}: 附录3!B3"
        );
    }
}

/// LibreOffice trusts the cached formula results of a file written by "Microsoft Excel"
/// (its default: never recalculate on load), so those results are what an auditor sees.
#[test]
fn blank_workbook_in_libreoffice_shows_empty_results_not_zeros() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::new(soffice, &wd);
    let scheme = common::scheme("complaint");
    let bytes = write_template(&scheme, None, None).unwrap();
    let blank = wd.write("in/blank.xlsx", &bytes);
    let converted = office.convert(&[blank], "xlsx", &wd.path("resaved"));
    let service = sheet(&converted[0], layout::SERVICE_SHEET);
    let maturity = sheet(&converted[0], layout::MATURITY_SHEET);
    let mut shown = Vec::new();
    let mut look = |range: &Range<Data>, name: &str, row: u32, col: u16| {
        let value = cell(range, row, col);
        if !matches!(&value, Data::Empty) && value.get_string() != Some("") {
            shown.push(format!(
                "{name}!{} = {value:?}",
                layout::cell_name(row, col)
            ));
        }
    };
    let last_item = FIRST_ROW + scheme.items.len() as u32 - 1;
    for row in FIRST_ROW..=last_item {
        look(&service, "附录1", row, layout::S_SCORE);
        look(&service, "附录1", row, layout::S_BAND);
    }
    look(&service, "附录1", last_item + 1, layout::S_SCORE);
    look(&service, "附录1", last_item + 2, layout::S_SCORE);
    let last_clause = FIRST_ROW + scheme.clauses.len() as u32 - 1;
    for row in FIRST_ROW..=last_clause {
        look(&maturity, "附录3", row, layout::M_SCORE);
    }
    look(&maturity, "附录3", last_clause + 1, layout::M_SCORE);
    look(&maturity, "附录3", last_clause + 2, layout::M_SCORE);
    for (row, col, _) in layout::HEADER_CELLS {
        look(&maturity, "附录3", row, col + 1);
    }
    assert!(
        shown.is_empty(),
        "a blank workbook shows values in LibreOffice:\n{}",
        shown.join("\n")
    );
}

/// Values for the input cells of one sheet, in scheme order.
type Inputs = Vec<Option<Input>>;

/// Writes one uncached complaint workbook per case, has LibreOffice recalculate them,
/// and lists every live figure that differs from what certsheet makes of the inputs.
/// Asserts LibreOffice's recalculated figures equal certsheet's for every case.
fn assert_live_figures_match(soffice: PathBuf, cases: Vec<(&str, Inputs, Inputs)>) {
    let wrong = live_figures_that_differ(soffice, cases);
    assert!(
        wrong.is_empty(),
        "{} live figures differ from certsheet:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn live_figures_that_differ(soffice: PathBuf, cases: Vec<(&str, Inputs, Inputs)>) -> Vec<String> {
    let wd = Workdir::new();
    let mut office = Office::recalculating(soffice, &wd);
    let scheme = common::scheme("complaint");
    let mut written = Vec::new();
    for (name, alphas, levels) in cases {
        let fill = Fill {
            conformity: passed_with(&levels),
            alphas,
            levels,
            uncached: true,
            remarks: Default::default(),
        };
        let h = full_header("南昌甲公司", "", "张三", "");
        let bytes = write_template(&scheme, Some(&h), Some(&fill)).unwrap();
        written.push((name, fill, wd.write(&format!("in/{name}.xlsx"), &bytes)));
    }
    let files: Vec<PathBuf> = written.iter().map(|(_, _, p)| p.clone()).collect();
    let converted = office.convert(&files, "xlsx", &wd.path("recalculated"));
    let mut wrong = Vec::new();
    for ((name, fill, _), path) in written.iter().zip(&converted) {
        wrong.extend(live_figures_of(&scheme, name, fill, path));
    }
    wrong
}

/// `n` inputs cycling through `pool`.
fn cycle(pool: &[Option<Input>], n: usize) -> Vec<Option<Input>> {
    (0..n).map(|i| pool[i % pool.len()].clone()).collect()
}

/// α typed as text is accepted by certsheet (SPEC: "text that is plainly such a number";
/// "80%" as text), so the live band next to it should be the band certsheet reports.
#[test]
fn libreoffice_shows_the_likert_band_of_an_alpha_typed_as_text() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let scheme = common::scheme("complaint");
    let alphas = cycle(
        &[
            t("0.75"),
            n(0.85),
            t("50%"),
            t(" 0.3 "),
            t("15%"),
            t("0.6"),
            t("40%"),
        ],
        scheme.items.len(),
    );
    assert_live_figures_match(
        soffice,
        vec![("text-alpha", alphas, common::levels(&scheme, 3.0))],
    );
}

#[test]
fn libreoffice_shows_the_service_score_when_every_alpha_is_typed_as_text() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let scheme = common::scheme("complaint");
    // Text values only: the totals test COUNTA, so text α still gives a service score.
    let alphas = cycle(
        &[t("0.95"), t("0.85"), t("90%"), t("1")],
        scheme.items.len(),
    );
    assert_live_figures_match(
        soffice,
        vec![("all-text", alphas, common::levels(&scheme, 4.0))],
    );
}

#[test]
fn libreoffice_computes_inputs_typed_with_full_width_digits() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let scheme = common::scheme("complaint");
    let alphas = cycle(&[n(0.9), t("０．９５")], scheme.items.len());
    let levels = cycle(&[n(4.0), t("３"), t("４级")], scheme.clauses.len());
    assert_live_figures_match(soffice, vec![("full-width", alphas, levels)]);
}

#[test]
fn workbooks_resaved_by_libreoffice_as_xlsx_ods_and_xls_ingest_to_the_same_csv() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::new(soffice, &wd);

    // Two organizations, three raters each, one scheme each, all values different.
    let orgs = [
        (
            "complaint",
            "南昌甲公司",
            "91350100M000100Y43",
            ["张三", "李四", "王五"],
        ),
        (
            "quality-credit",
            "赣州乙有限公司",
            "",
            ["赵六", "钱七", "孙八"],
        ),
    ];
    let mut files = Vec::new();
    let mut written = Vec::new();
    for (o, (id, org, code, raters)) in orgs.iter().enumerate() {
        let scheme = common::scheme(id);
        for (r, rater) in raters.iter().enumerate() {
            let k = o * 3 + r;
            let mut alphas = varied_alphas(&scheme, k * 5);
            let mut levels = varied_levels(&scheme, k * 4);
            if k == 2 {
                // This rater did not score maturity: an empty sheet must stay empty.
                levels = Vec::new();
            }
            if k == 4 {
                alphas = common::alphas(&scheme, 0.95);
                alphas[0] = t("０．９５");
            }
            let h = full_header(org, code, rater, &format!("2026-03-0{}", r + 1));
            let bytes = common::filled(&scheme, &h, alphas, levels);
            files.push(wd.write(&format!("original/sheet-{k}.xlsx"), &bytes));
            written.push(bytes);
        }
    }

    // The CSV, and every valid sheet's values from the results workbook's 评价人明细
    // (without the source-file column, which names the file).
    let ingest = |folder: &str| -> (Vec<u8>, Vec<Vec<String>>) {
        let csv = format!("{folder}.csv");
        let out = format!("{folder}.xlsx");
        let run = wd.run(&["ingest", folder, "--out", &out, "--csv", &csv]);
        run.expect_code(0);
        eprintln!("ingest {folder}: {}", run.stderr().trim());
        let raters = rater_rows(&wd.path(&out));
        (std::fs::read(wd.path(&csv)).unwrap(), raters)
    };
    let (expected, expected_raters) = ingest("original");
    let text = String::from_utf8(expected.clone()).unwrap();
    eprintln!("{text}");
    assert_eq!(
        text.lines().count(),
        3,
        "a header and two organizations:\n{text}"
    );
    assert!(
        text.contains("南昌甲公司") && text.contains("赣州乙有限公司"),
        "{text}"
    );
    assert_eq!(
        expected_raters
            .iter()
            .filter(|r| r[2].starts_with(['张', '李', '王', '赵', '钱', '孙']))
            .count(),
        6,
        "six rater rows: {expected_raters:?}"
    );

    for (folder, target) in [
        ("resaved-xlsx", "xlsx"),
        ("resaved-ods", "ods"),
        // On a command line typed in a shell: xls:"MS Excel 97".
        ("resaved-xls", "xls:MS Excel 97"),
    ] {
        let converted = office.convert(&files, target, &wd.path(folder));
        assert_eq!(converted.len(), files.len());
        let (got, raters) = ingest(folder);
        assert!(
            got == expected,
            "{folder}: the CSV differs from the one of the original workbooks\n--- original\n{}\n--- {folder}\n{}",
            text,
            String::from_utf8_lossy(&got)
        );
        assert_eq!(raters.len(), expected_raters.len(), "{folder}: 评价人明细");
        for (got, want) in raters.iter().zip(&expected_raters) {
            assert_eq!(got, want, "{folder}: 评价人明细 row");
        }
    }
    // Neither LibreOffice nor ingest touched the original files.
    for (f, bytes) in files.iter().zip(&written) {
        assert!(
            &std::fs::read(f).unwrap() == bytes,
            "{} was modified",
            f.display()
        );
    }
}

/// SPEC's end-to-end check through a real application: a third of the golden round
/// re-saved by LibreOffice (once as .xlsx, once as .ods, replacing the originals)
/// must ingest to the very bytes of the hand-worked golden CSV.
#[test]
fn a_third_of_the_golden_round_resaved_by_libreoffice_gives_the_golden_csv() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    for target in ["xlsx", "ods"] {
        let wd = Workdir::new();
        let mut office = Office::new(soffice.clone(), &wd);
        let mut names = common::golden::fill_round(&wd, "回收");
        names.sort();
        let third: Vec<PathBuf> = names.iter().step_by(3).map(|n| wd.path(n)).collect();
        let converted = office.convert(&third, target, &wd.path("resaved"));
        for (original, resaved) in third.iter().zip(&converted) {
            std::fs::remove_file(original).unwrap();
            let dest = original.with_extension(target);
            std::fs::copy(resaved, &dest).unwrap();
        }
        std::fs::remove_dir_all(wd.path("resaved")).unwrap();
        wd.run(&["ingest", "回收", "--out", "r.xlsx", "--csv", "r.csv"])
            .expect_code(0);
        let csv = std::fs::read(wd.path("r.csv")).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&csv),
            String::from_utf8_lossy(&common::golden::golden()),
            "{target}"
        );
    }
}

/// The results workbook management reads (every sheet, the 汇总 charts, the radar
/// charts of 雷达图) opens in LibreOffice and prints to PDF.
#[test]
fn libreoffice_renders_the_results_workbook_to_pdf() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::new(soffice, &wd);
    write_small_round(&wd);
    wd.run(&["ingest", "round", "--out", "results.xlsx"])
        .expect_code(1);

    let pdfs = office.convert(&[wd.path("results.xlsx")], "pdf", &wd.path("pdf"));
    let bytes = std::fs::read(&pdfs[0]).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is a PDF",
        pdfs[0].display()
    );
    // A page at least for each visible sheet: 汇总, 明细, 评价人明细, 评价人校准, 问题清单, 运行信息.
    let pages = pdf_pages(&bytes);
    assert!(pages >= 6, "{}: {pages} pages", pdfs[0].display());
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`), counted without a PDF tool.
fn pdf_pages(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes).replace("/Type /Page", "/Type/Page");
    text.match_indices("/Type/Page")
        .filter(|(i, _)| !text[i + 10..].starts_with('s'))
        .count()
}

/// Whether every page of a PDF is A4 (595 × 842 points, either way round): the
/// `/MediaBox` of each page object (the page tree's own box may be their union).
fn pdf_is_a4(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes).replace("/Type /Page", "/Type/Page");
    let pages: Vec<&str> = text
        .split("endobj")
        .filter(|o| {
            o.match_indices("/Type/Page")
                .any(|(i, _)| !o[i + 10..].starts_with('s'))
        })
        .collect();
    !pages.is_empty()
        && pages.iter().all(|page| {
            let Some(at) = page.find("/MediaBox") else {
                return false;
            };
            let nums: Vec<f64> = page[at + 9..]
                .trim_start()
                .trim_start_matches('[')
                .split(|c: char| c == ']' || c.is_whitespace())
                .filter(|x| !x.is_empty())
                .take(4)
                .filter_map(|x| x.parse().ok())
                .collect();
            if nums.len() < 4 {
                return false;
            }
            let (w, h) = (nums[2] - nums[0], nums[3] - nums[1]);
            let a4 = |a: f64, b: f64| (a - 595.3).abs() < 2.0 && (b - 841.9).abs() < 2.0;
            a4(w, h) || a4(h, w)
        })
}

/// Every report card prints on exactly one A4 page in LibreOffice, whatever it holds:
/// a long organization name, a long note, many raters, no maturity sheet.
#[test]
fn each_report_card_prints_on_exactly_one_a4_page() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::new(soffice, &wd);
    let long_name = "江西省南昌市红谷滩新区某某城市公共服务与客户投诉综合管理集团有限责任公司";
    let raters = [
        "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十",
    ];
    for (k, (id, org, n)) in [
        ("complaint", long_name, 8),
        ("complaint", "赣州乙有限公司", 2),
        ("quality-credit", "九江丙公司", 3),
    ]
    .into_iter()
    .enumerate()
    {
        let scheme = common::scheme(id);
        for (r, rater) in raters.iter().take(n).enumerate() {
            let levels = if k == 2 && r == 0 {
                Vec::new()
            } else {
                varied_levels(&scheme, k + r * 3)
            };
            let bytes = common::filled(
                &scheme,
                &full_header(org, "", rater, &format!("2026-03-{:02}", r + 1)),
                varied_alphas(&scheme, k * 2 + r),
                levels,
            );
            wd.write(&format!("round/{k}_{rater}.xlsx"), &bytes);
        }
    }
    wd.run(&[
        "ingest",
        "round",
        "--out",
        "results.xlsx",
        "--cards",
        "cards",
    ])
    .expect_code(0);
    let cards = common::xlsx_files(&wd.path("cards"));
    assert_eq!(cards.len(), 3);
    for pdf in office.convert(&cards, "pdf", &wd.path("pdf")) {
        let bytes = std::fs::read(&pdf).unwrap();
        assert_eq!(pdf_pages(&bytes), 1, "{}", pdf.display());
        assert!(pdf_is_a4(&bytes), "{} is A4", pdf.display());
    }
}

/// The sample round (samples/returned: 34 workbooks, 11 organizations of both schemes)
/// prints on 14 A4 pages, every chart whole: 汇总 3 (the table, then a page per scheme's
/// chart), 明细 and 极差 4 (a sheet per scheme, each fitted to one page's width), 雷达图 3
/// (11 charts, four a page), 评价人明细, 评价人校准, 问题清单 and 运行信息 one each. It
/// printed on 67 pages before the print set-up (issue 14).
#[test]
fn the_sample_rounds_results_workbook_prints_on_14_a4_pages() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let wd = Workdir::new();
    let mut office = Office::new(soffice, &wd);
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/returned");
    let out = wd.path("results.xlsx");
    wd.run(&[
        "ingest",
        samples.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(1);
    let pdf = office.convert(&[out], "pdf", &wd.path("pdf"));
    let bytes = std::fs::read(&pdf[0]).unwrap();
    assert_eq!(pdf_pages(&bytes), 14, "{}", pdf[0].display());
    assert!(pdf_is_a4(&bytes));
}
