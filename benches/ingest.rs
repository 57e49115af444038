//! Benchmark of SPEC.md "Speed and scale" (harness = false, no criterion).
//!
//! Usage: `./bench.sh [N...]` or `cargo build --release && cargo bench --bench ingest -- [N...]`
//! (default N = 1000 10000). For each N it:
//!
//! 1. generates N filled workbooks once into `target/bench-cache/formatF-N/` (reused when complete);
//! 2. times the floor: calamine alone opening the same sorted files and reading the
//!    same sheets (`certsheet`, 附录1, 附录3), touching every cell, rayon in parallel;
//! 3. times `certsheet ingest DIR --out r.xlsx --csv r.csv` end to end (the release
//!    binary `target/release/certsheet`) with `--jobs 1` and `--jobs 2`, and its peak RSS
//!    (`/usr/bin/time -v`, else `getrusage(RUSAGE_CHILDREN)`);
//!
//! then times `certsheet template --scheme complaint --roster R --out DIR` for a
//! 1,000-row roster, and the report cards of 1,000 organizations (`ingest … --cards
//! DIR` against the same ingest without cards, over 1,000 one-rater workbooks). Every timing is the best of 5 runs, on a warm page cache; floor
//! and ingest runs are interleaved round by round, and CPU time (user + system) is
//! reported beside wall time, since other work on a 2-core machine skews wall time.
//! One more `--jobs 2` run with `CERTSHEET_TIMINGS=1` gives the time of each step.
//! Prints a table and writes it as markdown to `target/bench-report.md`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use calamine::{open_workbook_auto, Data, Reader};
use rayon::prelude::*;

use certsheet::cell::Input;
use certsheet::layout::TEMPLATE_FORMAT;
use certsheet::model::Header;

/// The floor runs in this process: with the allocator the certsheet binary uses
/// (src/main.rs), so the ratio compares the work done, not two allocators.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use certsheet::scheme::{load_scheme, Scheme};
use certsheet::template::{write_template, Fill};

const RUNS: usize = 5;
const TEMPLATE_ROWS: usize = 1000;
const DEFAULT_NS: [usize; 2] = [1000, 10000];
/// Bump when the generated workbooks change, so old caches are rebuilt.
const GENERATOR_VERSION: u32 = 1;
const FLOOR_SHEETS: [&str; 3] = ["certsheet", "附录1", "附录3"];

// Targets from SPEC.md.
const TARGET_RATE: f64 = 2000.0;
const TARGET_RATIO: f64 = 1.3;
const TARGET_RSS_MIB: f64 = 150.0;
const TARGET_TEMPLATE_S: f64 = 3.0;
/// Report cards: 1,000 organizations, as many cards.
const CARD_ORGS: usize = 1000;
const TARGET_CARDS_S: f64 = 3.0;

fn main() {
    let ns: Vec<usize> = {
        let given: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if given.is_empty() {
            DEFAULT_NS.to_vec()
        } else {
            given
        }
    };
    let paths = Paths::locate();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let bin = paths.certsheet();
    let rss_method = if Path::new("/usr/bin/time").exists() {
        "/usr/bin/time -v (Maximum resident set size)"
    } else {
        "getrusage(RUSAGE_CHILDREN) ru_maxrss (max over all children so far)"
    };
    eprintln!(
        "bench: {} cores, binary {}, N = {:?}",
        cores,
        bin.display(),
        ns
    );
    eprintln!("bench: peak RSS via {rss_method}");

    let schemes = vec![
        load_scheme("complaint").expect("built-in scheme complaint"),
        load_scheme("quality-credit").expect("built-in scheme quality-credit"),
    ];
    let scratch = paths.target.join("bench-tmp");
    fs::create_dir_all(&scratch).expect("create target/bench-tmp");
    let tmp = tempfile::tempdir_in(&scratch).expect("temp dir");

    let load_before = loadavg();
    let mut rows = Vec::new();
    for &n in &ns {
        rows.push(bench_n(n, &paths, &schemes, &bin, tmp.path()));
    }
    let template = bench_template(&bin, tmp.path());
    let cards = bench_cards(&paths, &schemes, &bin, tmp.path());

    let load = format!("load average before {load_before}, after {}", loadavg());
    eprintln!("bench: {load}");
    let report = render(&rows, &template, &cards, cores, &bin, rss_method, &load);
    println!("\n{report}");
    let out = paths.target.join("bench-report.md");
    fs::write(&out, &report).expect("write bench-report.md");
    eprintln!("bench: wrote {}", out.display());
}

// ---------------------------------------------------------------- locations

struct Paths {
    /// `target/` (or `$CARGO_TARGET_DIR`).
    target: PathBuf,
    /// `target/release/`: the folder holding the bench's `deps/`.
    profile: PathBuf,
}

impl Paths {
    /// The bench runs as `target/release/deps/ingest-HASH`.
    fn locate() -> Paths {
        let exe = std::env::current_exe().expect("current exe");
        let deps = exe.parent().expect("deps folder");
        let profile = deps.parent().expect("profile folder").to_path_buf();
        let target = profile.parent().expect("target folder").to_path_buf();
        Paths { target, profile }
    }

    /// The release binary: the one cargo names for this bench when it does,
    /// else `target/release/certsheet`, built when missing.
    fn certsheet(&self) -> PathBuf {
        if let Some(p) = option_env!("CARGO_BIN_EXE_certsheet") {
            if Path::new(p).exists() {
                return PathBuf::from(p);
            }
        }
        let bin = self
            .profile
            .join(format!("certsheet{}", std::env::consts::EXE_SUFFIX));
        if !bin.exists() {
            eprintln!(
                "bench: {} missing, running cargo build --release",
                bin.display()
            );
            let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(["build", "--release", "--bin", "certsheet"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .expect("run cargo build");
            assert!(status.success(), "cargo build --release failed");
        }
        let stale = match (
            fs::metadata(&bin),
            std::env::current_exe().and_then(fs::metadata),
        ) {
            (Ok(b), Ok(e)) => {
                b.modified().ok() < e.modified().ok().map(|t| t - Duration::from_secs(600))
            }
            _ => false,
        };
        if stale {
            eprintln!(
                "bench: warning: {} is much older than this bench; run ./bench.sh to rebuild it",
                bin.display()
            );
        }
        bin
    }
}

// ---------------------------------------------------------------- generation

/// splitmix64: deterministic variety without a dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed ^ 0x5EED_CE47_5EE7);
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const CITIES: [&str; 11] = [
    "南昌",
    "九江",
    "赣州",
    "吉安",
    "宜春",
    "抚州",
    "上饶",
    "景德镇",
    "萍乡",
    "新余",
    "鹰潭",
];
const SURNAMES: [&str; 20] = [
    "张", "李", "王", "赵", "钱", "孙", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋", "沈", "韩",
    "杨", "朱", "秦", "许",
];
const GIVEN: [&str; 12] = [
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰",
];
const LEVEL_WORDS: [&str; 5] = ["一级", "二级", "三级", "四级", "五级"];

/// One workbook to generate: which scheme, who, and its file name.
struct Spec {
    index: usize,
    scheme: usize,
    header: Header,
    file: String,
}

/// N workbooks: organizations of 2–4 raters each, one in three on quality-credit.
fn specs(n: usize) -> Vec<Spec> {
    let mut out = Vec::with_capacity(n);
    let mut org = 0usize;
    while out.len() < n {
        let mut rng = Rng::new(org as u64);
        let raters = 2 + rng.below(3) as usize;
        let scheme = usize::from(org % 3 == 2);
        let organization = format!("{}{:05}服务有限公司", CITIES[org % CITIES.len()], org);
        for j in 0..raters {
            if out.len() == n {
                break;
            }
            // 3·j mod 20 differs for j < 4: raters of one organization are distinct.
            let rater = format!(
                "{}{}",
                SURNAMES[(org * 7 + j * 3) % SURNAMES.len()],
                GIVEN[(org + j) % GIVEN.len()]
            );
            let date = format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            let index = out.len();
            out.push(Spec {
                index,
                scheme,
                file: format!("{index:05}_{organization}_{rater}.xlsx"),
                header: Header {
                    organization: organization.clone(),
                    credit_code: String::new(),
                    rater,
                    date,
                },
            });
        }
        org += 1;
    }
    out
}

/// Varied inputs: α around a per-rater base (some as "85%" text), levels 1–5
/// (some as "四级"); 8 % score service only, 4 % maturity only.
fn fill(spec: &Spec, scheme: &Scheme) -> Fill {
    let mut rng = Rng::new(0xF111 + spec.index as u64);
    let kind = rng.below(100);
    let service = kind >= 4;
    let maturity = !(4..12).contains(&kind);
    let base_alpha = 60 + rng.below(41) as i64;
    let base_level = 2 + rng.below(4) as i64;
    let alphas = if service {
        scheme
            .items
            .iter()
            .map(|_| {
                let a = (base_alpha + rng.below(11) as i64 - 5).clamp(0, 100);
                Some(if rng.below(20) == 0 {
                    Input::Text(format!("{a}%"))
                } else {
                    Input::Number(a as f64 / 100.0)
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let levels = if maturity {
        scheme
            .clauses
            .iter()
            .map(|_| {
                let l = (base_level + rng.below(3) as i64 - 1).clamp(1, 5);
                Some(if rng.below(20) == 0 {
                    Input::Text(LEVEL_WORDS[l as usize - 1].to_string())
                } else {
                    Input::Number(l as f64)
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    // One maturity sheet in 25 finds the conformity review not passed.
    let conformity = (!levels.is_empty()).then(|| {
        Input::Text(
            if rng.below(25) == 0 {
                "不通过"
            } else {
                "通过"
            }
            .to_string(),
        )
    });
    Fill {
        alphas,
        levels,
        conformity,
        uncached: false,
        remarks: Default::default(),
    }
}

fn marker_text(n: usize, schemes: &[Scheme]) -> String {
    let versions: Vec<String> = schemes
        .iter()
        .map(|s| format!("{}={}", s.id, s.version))
        .collect();
    format!(
        "generator {GENERATOR_VERSION} format {TEMPLATE_FORMAT} n {n} {}\n",
        versions.join(" ")
    )
}

fn xlsx_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Generates the N workbooks unless `dir` already holds them all. Returns the
/// sorted file list and the time spent generating (None when cached).
fn ensure_cache(dir: &Path, n: usize, schemes: &[Scheme]) -> (Vec<PathBuf>, Option<Duration>) {
    let marker = dir.join(".complete");
    let expected = marker_text(n, schemes);
    if fs::read_to_string(&marker).ok().as_deref() == Some(expected.as_str()) {
        let files = xlsx_files(dir);
        if files.len() == n {
            return (files, None);
        }
    }
    let t = Instant::now();
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("create cache folder");
    let specs = specs(n);
    specs.par_iter().for_each(|spec| {
        let scheme = &schemes[spec.scheme];
        let bytes = write_template(scheme, Some(&spec.header), Some(&fill(spec, scheme)))
            .expect("write filled workbook");
        fs::write(dir.join(&spec.file), bytes).expect("write cached workbook");
    });
    fs::write(&marker, expected).expect("write cache marker");
    let files = xlsx_files(dir);
    assert_eq!(files.len(), n, "cache folder {} incomplete", dir.display());
    (files, Some(t.elapsed()))
}

// ---------------------------------------------------------------- floor

fn touch(d: &Data) -> u64 {
    match d {
        Data::Empty => 0,
        Data::Int(i) => *i as u64,
        Data::Float(f) => f.to_bits() & 0xFF,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
        Data::Bool(b) => u64::from(*b),
        Data::DateTime(d) => d.as_f64().to_bits() & 0xFF,
        Data::Error(_) => 1,
    }
}

/// calamine alone: open, read the three sheets, touch every cell.
fn floor_file(path: &Path) -> u64 {
    let mut wb = open_workbook_auto(path).expect("calamine opens the workbook");
    let mut acc = 0u64;
    for name in FLOOR_SHEETS {
        let range = wb.worksheet_range(name).expect("sheet present");
        for (_, _, d) in range.used_cells() {
            acc = acc.wrapping_add(touch(d));
        }
    }
    acc
}

/// One timed pass of the floor over `files` in `pool`.
fn floor_once(pool: &rayon::ThreadPool, files: &[PathBuf]) -> (Sample, u64) {
    let cpu0 = cpu_seconds(Who::SelfProcess);
    let t = Instant::now();
    let sum: u64 = pool.install(|| files.par_iter().map(|p| floor_file(p)).sum());
    let wall = t.elapsed();
    let cpu = cpu0.zip(cpu_seconds(Who::SelfProcess)).map(|(a, b)| b - a);
    (
        Sample {
            wall,
            cpu,
            rss_kib: None,
            stderr: String::new(),
        },
        std::hint::black_box(sum),
    )
}

// ---------------------------------------------------------------- child runs

/// One measured run: wall time, CPU time (user + system), peak RSS.
struct Sample {
    wall: Duration,
    cpu: Option<f64>,
    rss_kib: Option<u64>,
    stderr: String,
}

/// Runs `bin args` to completion, timing it and measuring its CPU time and peak RSS.
/// With `timings`, certsheet prints the time of each step (`CERTSHEET_TIMINGS`).
fn run_measured(bin: &Path, args: &[&std::ffi::OsStr], timings: bool) -> Sample {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args);
    if timings {
        cmd.env("CERTSHEET_TIMINGS", "1");
    }
    let cpu0 = cpu_seconds(Who::Children);
    let t = Instant::now();
    let out = cmd.output().expect("run certsheet");
    let wall = t.elapsed();
    let cpu = cpu0.zip(cpu_seconds(Who::Children)).map(|(a, b)| b - a);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0,
        "{} {:?} exited with {code}\n--- stderr (last 40 lines)\n{}",
        bin.display(),
        args,
        last_lines(&stderr, 40)
    );
    let rss_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .or_else(|| rusage(Who::Children).map(|u| u[4] as u64));
    Sample {
        wall,
        cpu,
        rss_kib,
        stderr,
    }
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[derive(Clone, Copy)]
enum Who {
    SelfProcess,
    /// Every child (and its descendants) waited for so far.
    Children,
}

/// `struct rusage` as 18 longs (64-bit Linux): ru_utime (0, 1), ru_stime (2, 3),
/// ru_maxrss (4, KiB), … — called through libc's `getrusage`, with std only.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn rusage(who: Who) -> Option<[i64; 18]> {
    #[repr(C)]
    struct RUsage([i64; 18]);
    extern "C" {
        fn getrusage(who: i32, usage: *mut RUsage) -> i32;
    }
    let who = match who {
        Who::SelfProcess => 0,
        Who::Children => -1,
    };
    let mut u = RUsage([0; 18]);
    // SAFETY: `u` is a properly sized, writable struct rusage.
    let rc = unsafe { getrusage(who, &mut u) };
    (rc == 0).then_some(u.0)
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn rusage(_: Who) -> Option<[i64; 18]> {
    None
}

/// User + system CPU seconds so far.
fn cpu_seconds(who: Who) -> Option<f64> {
    rusage(who).map(|u| (u[0] + u[2]) as f64 + (u[1] + u[3]) as f64 / 1e6)
}

/// The best of several samples: least wall time, least CPU time, highest RSS.
struct Best {
    time: Duration,
    cpu: Option<f64>,
    rss_kib: Option<u64>,
    summary: String,
}

impl Best {
    fn new() -> Best {
        Best {
            time: Duration::MAX,
            cpu: None,
            rss_kib: None,
            summary: String::new(),
        }
    }
    fn add(&mut self, label: &str, s: Sample) {
        eprintln!(
            "bench:     {label:<14} {:.3} s wall, {} s CPU, peak RSS {} MiB",
            s.wall.as_secs_f64(),
            s.cpu.map_or("n/a".into(), |c| format!("{c:.3}")),
            mib(s.rss_kib)
        );
        self.time = self.time.min(s.wall);
        self.cpu = match (self.cpu, s.cpu) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.rss_kib = self.rss_kib.max(s.rss_kib);
        if let Some(line) = s
            .stderr
            .lines()
            .find(|l| l.starts_with("read ") || l.starts_with("wrote "))
        {
            self.summary = line.to_string();
        }
    }
}

// ---------------------------------------------------------------- stages

struct Row {
    files: usize,
    generated: Option<Duration>,
    floor1: Best,
    floor2: Best,
    ingest1: Best,
    ingest2: Best,
    stage_measure: Duration,
    /// Each step of one more `--jobs 2` run and its time, as certsheet printed it.
    steps: Vec<String>,
}

fn bench_n(n: usize, paths: &Paths, schemes: &[Scheme], bin: &Path, tmp: &Path) -> Row {
    // Keyed by the template format: workbooks of an earlier format would be refused.
    let dir = paths
        .target
        .join("bench-cache")
        .join(format!("format{TEMPLATE_FORMAT}-{n}"));
    eprintln!("bench: N = {n}: cache {}", dir.display());
    let (files, generated) = ensure_cache(&dir, n, schemes);
    match generated {
        Some(d) => eprintln!(
            "bench:   generated {n} workbooks in {:.2} s",
            d.as_secs_f64()
        ),
        None => eprintln!("bench:   cache complete, not regenerated"),
    }

    let t = Instant::now();
    let pool = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
    };
    let (pool1, pool2) = (pool(1), pool(2));
    // One untimed pass warms the page cache (and checks every file opens).
    let (_, check) = floor_once(&pool2, &files);

    let out = tmp.join("r.xlsx");
    let csv = tmp.join("r.csv");
    let ingest = |jobs: &str, timings: bool| {
        let args: Vec<&std::ffi::OsStr> = vec![
            "--lang".as_ref(),
            "en".as_ref(),
            "ingest".as_ref(),
            dir.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--csv".as_ref(),
            csv.as_os_str(),
            "--jobs".as_ref(),
            jobs.as_ref(),
        ];
        let _ = fs::remove_file(&out);
        let _ = fs::remove_file(&csv);
        run_measured(bin, &args, timings)
    };
    // Rounds interleave floor and ingest, so a burst of other work on the
    // machine hits both sides of the ratio alike.
    let (mut floor1, mut floor2, mut ingest1, mut ingest2) =
        (Best::new(), Best::new(), Best::new(), Best::new());
    for round in 1..=RUNS {
        eprintln!("bench:   round {round}/{RUNS}");
        for (label, pool, best) in [
            ("floor jobs 1", &pool1, &mut floor1),
            ("floor jobs 2", &pool2, &mut floor2),
        ] {
            let (sample, sum) = floor_once(pool, &files);
            assert_eq!(sum, check, "floor read differs between runs");
            best.add(label, sample);
        }
        ingest1.add("ingest jobs 1", ingest("1", false));
        ingest2.add("ingest jobs 2", ingest("2", false));
    }
    let stage_measure = t.elapsed();
    // One more run, untimed here, for where ingest's time goes step by step.
    let steps = ingest("2", true)
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("certsheet: timing: "))
        .map(str::to_string)
        .collect();
    eprintln!(
        "bench:   best: floor {:.3} / {:.3} s, ingest {:.3} / {:.3} s (jobs 1 / 2); {}",
        floor1.time.as_secs_f64(),
        floor2.time.as_secs_f64(),
        ingest1.time.as_secs_f64(),
        ingest2.time.as_secs_f64(),
        ingest2.summary
    );
    Row {
        files: n,
        generated,
        floor1,
        floor2,
        ingest1,
        ingest2,
        stage_measure,
        steps,
    }
}

struct TemplateRow {
    best: Best,
    files: usize,
    stage: Duration,
}

struct CardsRow {
    cards: usize,
    without: Best,
    with: Best,
    /// The "report cards" step of one more run, as certsheet printed it.
    step: Option<String>,
}

impl CardsRow {
    /// What the cards add to the run, in seconds.
    fn cards_time(&self) -> f64 {
        (self.with.time.as_secs_f64() - self.without.time.as_secs_f64()).max(0.0)
    }
}

/// One workbook per organization: the first rater of each of the first `n` organizations.
fn card_specs(n: usize) -> Vec<Spec> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Spec> = specs(5 * n)
        .into_iter()
        .filter(|s| seen.insert(s.header.organization.clone()))
        .take(n)
        .collect();
    for (i, s) in out.iter_mut().enumerate() {
        s.index = i;
    }
    out
}

/// The report cards of [`CARD_ORGS`] organizations: ingest with and without `--cards`
/// (2 jobs, best of [`RUNS`] each, interleaved), the difference is what the cards cost.
fn bench_cards(paths: &Paths, schemes: &[Scheme], bin: &Path, tmp: &Path) -> CardsRow {
    let dir = paths
        .target
        .join("bench-cache")
        .join(format!("cards-format{TEMPLATE_FORMAT}-{CARD_ORGS}"));
    let marker = dir.join(".complete");
    let expected = format!("cards {}", marker_text(CARD_ORGS, schemes));
    if fs::read_to_string(&marker).ok().as_deref() != Some(expected.as_str())
        || xlsx_files(&dir).len() != CARD_ORGS
    {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create cache folder");
        card_specs(CARD_ORGS).par_iter().for_each(|spec| {
            let scheme = &schemes[spec.scheme];
            let bytes = write_template(scheme, Some(&spec.header), Some(&fill(spec, scheme)))
                .expect("write filled workbook");
            fs::write(dir.join(&spec.file), bytes).expect("write cached workbook");
        });
        fs::write(&marker, expected).expect("write cache marker");
    }
    let out = tmp.join("cards-r.xlsx");
    let cards = tmp.join("cards");
    let run = |with: bool, timings: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "ingest".as_ref(),
            dir.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--jobs".as_ref(),
            "2".as_ref(),
        ];
        if with {
            args.extend(["--cards".as_ref(), cards.as_os_str()]);
        }
        let _ = fs::remove_file(&out);
        let _ = fs::remove_dir_all(&cards);
        run_measured(bin, &args, timings)
    };
    let (mut without, mut with) = (Best::new(), Best::new());
    let _ = run(true, false); // warm-up
    for _ in 0..RUNS {
        without.add("no cards", run(false, false));
        with.add("cards", run(true, false));
    }
    let written = xlsx_files(&cards).len();
    assert_eq!(written, CARD_ORGS, "--cards wrote {written} cards");
    let step = run(true, true)
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("certsheet: timing: report cards "))
        .map(str::to_string)
        .next();
    let row = CardsRow {
        cards: written,
        without,
        with,
        step,
    };
    eprintln!("bench: {CARD_ORGS} report cards: {:.3} s", row.cards_time());
    row
}

fn bench_template(bin: &Path, tmp: &Path) -> TemplateRow {
    let t = Instant::now();
    let roster = tmp.join("roster.csv");
    let mut text = String::from("机构名称,评价人,统一社会信用代码,评价日期\n");
    for i in 0..TEMPLATE_ROWS {
        let _ = writeln!(
            text,
            "{}{:04}服务有限公司,{}{},,2026-05-{:02}",
            CITIES[i % CITIES.len()],
            i / 2,
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i / 2) % GIVEN.len()],
            1 + i % 28
        );
    }
    fs::write(&roster, text).expect("write roster");
    let out = tmp.join("templates");
    let args: Vec<&std::ffi::OsStr> = vec![
        "--lang".as_ref(),
        "en".as_ref(),
        "template".as_ref(),
        "--scheme".as_ref(),
        "complaint".as_ref(),
        "--roster".as_ref(),
        roster.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    let mut best = Best::new();
    for _ in 0..RUNS {
        let _ = fs::remove_dir_all(&out);
        best.add("template", run_measured(bin, &args, false));
    }
    let files = xlsx_files(&out).len();
    assert_eq!(files, TEMPLATE_ROWS, "template wrote {files} workbooks");
    eprintln!(
        "bench: template {TEMPLATE_ROWS} roster rows: {:.3} s",
        best.time.as_secs_f64()
    );
    TemplateRow {
        best,
        files,
        stage: t.elapsed(),
    }
}

// ---------------------------------------------------------------- report

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1}", k as f64 / 1024.0))
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "MISS"
    }
}

/// The 1, 5 and 15 minute load averages (other work on the machine skews timings).
fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

fn render(
    rows: &[Row],
    template: &TemplateRow,
    cards: &CardsRow,
    cores: usize,
    bin: &Path,
    rss_method: &str,
    load: &str,
) -> String {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut s = String::new();
    let _ = writeln!(s, "# certsheet ingest benchmark\n");
    let _ = writeln!(
        s,
        "Unix time {stamp}; {cores} cores; binary `{}`; best of {RUNS} runs, warm page cache; peak RSS via {rss_method}; {load}.\n",
        bin.display()
    );
    let _ = writeln!(
        s,
        "Floor = calamine `open_workbook_auto` + `worksheet_range` of {FLOOR_SHEETS:?}, every used cell touched, rayon, mimalloc (as the certsheet binary). \
         Ingest = `certsheet ingest DIR --out r.xlsx --csv r.csv --jobs J`, whole process.\n"
    );
    let _ = writeln!(
        s,
        "| files | floor j1 s | floor j2 s | ingest j1 s | ingest j2 s | workbooks/s (j2) | ratio j1/floor j1 | ratio j2/floor j2 | peak RSS MiB j1 | peak RSS MiB j2 |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let rate = r.files as f64 / r.ingest2.time.as_secs_f64();
        let ratio1 = r.ingest1.time.as_secs_f64() / r.floor1.time.as_secs_f64();
        let ratio2 = r.ingest2.time.as_secs_f64() / r.floor2.time.as_secs_f64();
        let _ = writeln!(
            s,
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} ({}) | {:.2} | {:.2} ({}) | {} | {} ({}) |",
            r.files,
            r.floor1.time.as_secs_f64(),
            r.floor2.time.as_secs_f64(),
            r.ingest1.time.as_secs_f64(),
            r.ingest2.time.as_secs_f64(),
            rate,
            mark(rate >= TARGET_RATE),
            ratio1,
            ratio2,
            mark(ratio2 <= TARGET_RATIO),
            mib(r.ingest1.rss_kib),
            mib(r.ingest2.rss_kib),
            mark(r.ingest2.rss_kib.is_some_and(|k| (k as f64 / 1024.0) < TARGET_RSS_MIB)),
        );
    }
    let secs = |c: Option<f64>| c.map_or("n/a".to_string(), |c| format!("{c:.3}"));
    let ratio = |a: Option<f64>, b: Option<f64>| {
        a.zip(b)
            .map_or("n/a".to_string(), |(a, b)| format!("{:.2}", a / b))
    };
    let _ = writeln!(
        s,
        "\nCPU time (user + system, least of {RUNS}; less sensitive to other load on the machine than wall time):\n"
    );
    let _ = writeln!(
        s,
        "| files | floor CPU s j1 | floor CPU s j2 | ingest CPU s j1 | ingest CPU s j2 | CPU ratio j1 | CPU ratio j2 |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.files,
            secs(r.floor1.cpu),
            secs(r.floor2.cpu),
            secs(r.ingest1.cpu),
            secs(r.ingest2.cpu),
            ratio(r.ingest1.cpu, r.floor1.cpu),
            ratio(r.ingest2.cpu, r.floor2.cpu),
        );
    }
    let t = template.best.time.as_secs_f64();
    let _ = writeln!(
        s,
        "\nTemplate: {} roster workbooks (`certsheet template --scheme complaint --roster R --out DIR`, all cores): \
         **{t:.3} s** ({}, target < {TARGET_TEMPLATE_S} s); peak RSS {} MiB.\n",
        template.files,
        mark(t < TARGET_TEMPLATE_S),
        mib(template.best.rss_kib)
    );
    let c = cards.cards_time();
    let _ = writeln!(
        s,
        "Report cards: {} organizations (one-rater workbooks), `certsheet ingest DIR --out r.xlsx --cards DIR --jobs 2` \
         {:.3} s against {:.3} s without `--cards`: the cards take **{c:.3} s** ({}, target < {TARGET_CARDS_S} s); \
         the \"report cards\" step (built and synced, beside the workbook) {}; peak RSS {} MiB.\n",
        cards.cards,
        cards.with.time.as_secs_f64(),
        cards.without.time.as_secs_f64(),
        mark(c < TARGET_CARDS_S),
        cards.step.as_deref().unwrap_or("n/a"),
        mib(cards.with.rss_kib)
    );
    let _ = writeln!(
        s,
        "Targets: ≥ {TARGET_RATE} workbooks/s (jobs 2), ingest/floor ≤ {TARGET_RATIO}×, peak RSS < {TARGET_RSS_MIB} MiB.\n"
    );
    let _ = writeln!(
        s,
        "Where ingest's time goes (one more run, jobs 2, `CERTSHEET_TIMINGS=1`; the two \"results:\" sheet steps run side by side):\n"
    );
    for r in rows {
        let _ = writeln!(s, "- N = {}: {}", r.files, r.steps.join(" · "));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Stages (wall clock, including every run):\n");
    for r in rows {
        let generated = r.generated.map_or("cached".to_string(), |d| {
            format!("{:.2} s", d.as_secs_f64())
        });
        let _ = writeln!(
            s,
            "- N = {}: generate {generated}; measure (warm-up + {RUNS} rounds of floor j1, j2, ingest j1, j2) {:.2} s; summary: `{}`",
            r.files,
            r.stage_measure.as_secs_f64(),
            r.ingest2.summary
        );
    }
    let _ = writeln!(s, "- template stage {:.2} s", template.stage.as_secs_f64());
    s
}
