//! Fuzzing the reader: valid workbooks (.xlsx made by certsheet, and LibreOffice's
//! .xls, .ods and .xlsx from tests/corpus/) mutated byte by byte, field by field
//! and inside their XML, then read. Whatever the bytes, reading must return, in
//! bounded time, with a finding for every problem; a panic inside the spreadsheet
//! library is caught and becomes that file's error.
//!
//! In `cargo test` it runs a fixed set of cases (deterministic seed, a few
//! seconds). For a fuzzing session:
//!
//! ```sh
//! FUZZ_CASES=50000 FUZZ_SEED=7 FUZZ_SAVE=/tmp/fuzz-found \
//!     cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! `FUZZ_SAVE` keeps every input that made the library panic (caught) or that
//! took longer than a second, with what happened, for the corpus.

use crate::generate;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use certsheet::ingest::read::read_submission;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::common::{catalog, Finding, Problem, Severity};

/// The valid workbooks mutated: (name, bytes).
fn seeds() -> &'static [(&'static str, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let fixture = |n: &str| std::fs::read(generate::fixtures().join(n)).unwrap();
        vec![
            ("certsheet.xlsx", generate::base("模糊测试公司")),
            ("libreoffice.xls", fixture("libreoffice.xls")),
            ("libreoffice.ods", fixture("libreoffice.ods")),
            ("libreoffice.xlsx", fixture("libreoffice.xlsx")),
        ]
    })
}

/// One change to a workbook's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace one byte.
    Byte(Index, u8),
    /// Write a 2- or 4-byte little-endian value (sizes, counts, sector ids).
    Field(Index, bool, u32),
    /// Cut the file here.
    Truncate(Index),
    /// Copy a span elsewhere.
    Duplicate(Index, usize, Index),
    /// Remove a span.
    Delete(Index, usize),
    /// Inside one part of a zip: replace a span of its text.
    Xml(Index, Index, usize, String),
    /// Inside one part of a zip: replace a run of digits by a number.
    Number(Index, Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        Just(0u32),
        Just(1),
        Just(0xFF),
        Just(0xFFFF),
        Just(0x7FFF_FFFF),
        Just(0xFFFF_FFFA),
        Just(0xFFFF_FFFE),
        Just(0xFFFF_FFFF),
        any::<u32>(),
    ];
    let numbers = prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1048576".to_string()),
        Just("16384".to_string()),
        Just("4294967295".to_string()),
        Just("99999999999999999999".to_string()),
        "[0-9]{1,7}",
    ];
    prop_oneof![
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Byte(i, b)),
        2 => (any::<Index>(), any::<bool>(), interesting).prop_map(|(i, w, v)| Mutation::Field(i, w, v)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1usize..2000, any::<Index>())
            .prop_map(|(a, n, b)| Mutation::Duplicate(a, n, b)),
        1 => (any::<Index>(), 1usize..2000).prop_map(|(a, n)| Mutation::Delete(a, n)),
        4 => (any::<Index>(), any::<Index>(), 0usize..64, "[<>/=\"a-z:0-9 .&;#-]{0,24}")
            .prop_map(|(p, a, n, s)| Mutation::Xml(p, a, n, s)),
        4 => (any::<Index>(), any::<Index>(), numbers).prop_map(|(p, a, s)| Mutation::Number(p, a, s)),
    ]
}

/// Applies `m` to `bytes`; XML mutations of a file that is not a zip change nothing.
fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    match m {
        Mutation::Byte(i, b) => bytes[i.index(len)] = *b,
        Mutation::Field(i, wide, v) => {
            let at = i.index(len);
            let field: Vec<u8> = if *wide {
                v.to_le_bytes().to_vec()
            } else {
                (*v as u16).to_le_bytes().to_vec()
            };
            for (k, b) in field.into_iter().enumerate() {
                if at + k < len {
                    bytes[at + k] = b;
                }
            }
        }
        Mutation::Truncate(i) => bytes.truncate(i.index(len)),
        Mutation::Duplicate(a, n, b) => {
            let start = a.index(len);
            let span = bytes[start..(start + n).min(len)].to_vec();
            let at = b.index(len);
            bytes.splice(at..at, span);
        }
        Mutation::Delete(a, n) => {
            let start = a.index(len);
            bytes.drain(start..(start + n).min(len));
        }
        Mutation::Xml(part, at, n, text) => edit_part(bytes, part, |xml| {
            let start = at.index(xml.len().max(1)).min(xml.len());
            let end = (start + n).min(xml.len());
            xml.splice(start..end, text.bytes());
        }),
        Mutation::Number(part, at, number) => edit_part(bytes, part, |xml| {
            let from = at.index(xml.len().max(1)).min(xml.len());
            if let Some(s) = xml[from..].iter().position(u8::is_ascii_digit) {
                let s = from + s;
                let e = s + xml[s..].iter().take_while(|b| b.is_ascii_digit()).count();
                xml.splice(s..e, number.bytes());
            }
        }),
    }
}

/// The parts of a zip, or `None` when the bytes are not (or no longer) a readable zip.
fn try_unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).ok()?;
            let mut data = Vec::new();
            f.read_to_end(&mut data).ok()?;
            Some((f.name().ok()?.to_string(), data))
        })
        .collect()
}

/// Changes one part of a zip (chosen by `part`) with `f`, and zips it again.
fn edit_part(bytes: &mut Vec<u8>, part: &Index, f: impl FnOnce(&mut Vec<u8>)) {
    let Some(mut parts) = try_unzip(bytes) else {
        return;
    };
    if parts.is_empty() {
        return;
    }
    let i = part.index(parts.len());
    f(&mut parts[i].1);
    *bytes = generate::rezip(&parts);
}

/// What reading one input did.
enum Outcome {
    Read(Vec<Finding>),
    /// The spreadsheet library panicked (read_file catches it and reports it).
    Panicked(String),
}

/// Reads `bytes` on a thread of its own, giving up after `limit`.
fn read_bounded(bytes: Vec<u8>, limit: Duration) -> Option<(Outcome, Duration)> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("fuzz-read".into())
        .spawn(move || {
            let started = Instant::now();
            let outcome = match catch_unwind(AssertUnwindSafe(|| {
                read_submission(catalog(), "fuzz.xlsx", &bytes)
            })) {
                Ok((_, findings)) => Outcome::Read(findings),
                Err(p) => Outcome::Panicked(
                    p.downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| p.downcast_ref::<String>().cloned())
                        .unwrap_or_default(),
                ),
            };
            let _ = tx.send((outcome, started.elapsed()));
        })
        .unwrap();
    rx.recv_timeout(limit).ok()
}

/// What a fuzzing run saw.
#[derive(Default)]
struct Stats {
    total: u32,
    rejected: u32,
    panics: u32,
    slow: u32,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Keeps an input that needs looking at, when FUZZ_SAVE names a folder.
fn save(bytes: &[u8], seed: &str, why: &str) {
    if let Ok(dir) = std::env::var("FUZZ_SAVE") {
        std::fs::create_dir_all(&dir).unwrap();
        let n = std::fs::read_dir(&dir).unwrap().count();
        let ext = seed.rsplit('.').next().unwrap();
        std::fs::write(format!("{dir}/{n:05}.{ext}"), bytes).unwrap();
        std::fs::write(format!("{dir}/{n:05}.txt"), format!("{seed}: {why}\n")).unwrap();
    }
}

#[test]
fn mutated_workbooks_never_hang_or_escape_the_reader() {
    // Panics inside the library are expected now and then: keep them off the output.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("fuzz-read") {
            default_hook(info);
        }
    }));
    let cases = env_number("FUZZ_CASES", 500) as u32;
    let seed = env_number("FUZZ_SEED", 1);
    let limit = Duration::from_secs(env_number("FUZZ_TIMEOUT_SECS", 20));
    let config = Config {
        cases,
        failure_persistence: None,
        // A failure is a hang or a bad finding: report it as found, unshrunk
        // (each shrinking step could wait out the time limit again).
        max_shrink_iters: 0,
        ..Config::default()
    };
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let started = Instant::now();
    let stats = std::cell::RefCell::new(Stats::default());
    let strategy = (any::<Index>(), prop::collection::vec(mutation(), 1..4));
    let result = runner.run(&strategy, |(which, mutations)| {
        let (name, seed) = &seeds()[which.index(seeds().len())];
        let mut bytes = seed.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let Some((outcome, took)) = read_bounded(bytes.clone(), limit) else {
            save(
                &bytes,
                name,
                &format!("no answer within {limit:?}: {mutations:?}"),
            );
            return Err(TestCaseError::fail(format!(
                "{name}: reading did not return within {limit:?} after {mutations:?}"
            )));
        };
        let mut c = stats.borrow_mut();
        c.total += 1;
        if took > Duration::from_secs(1) {
            c.slow += 1;
            save(&bytes, name, &format!("took {took:?}: {mutations:?}"));
        }
        match outcome {
            Outcome::Panicked(message) => {
                c.panics += 1;
                save(&bytes, name, &format!("panic: {message}: {mutations:?}"));
            }
            Outcome::Read(findings) => {
                if findings
                    .iter()
                    .any(|f| matches!(f.severity, Severity::Error))
                {
                    c.rejected += 1;
                }
                for f in &findings {
                    prop_assert!(!f.to_string().is_empty());
                    prop_assert!(!matches!(f.problem, Problem::Panic(_)));
                }
            }
        }
        Ok(())
    });
    let Stats {
        total,
        rejected,
        panics,
        slow,
    } = stats.into_inner();
    eprintln!(
        "fuzz: {total} inputs in {:.1?}: {rejected} rejected, {panics} library panics (caught), {slow} slower than 1 s",
        started.elapsed()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
