//! The blank template against committed reference workbooks, part by part, the way
//! rust_xlsxwriter's own tests compare what it writes with files made by Excel:
//! every zip entry of a freshly generated template must hold the very bytes of the
//! reference's, in the same order. Only what changes every run is ignored: the
//! creation and modification times in docProps/core.xml.
//!
//! A change to the template, intended or not (a new rust_xlsxwriter, a label, a
//! style), shows here with the part and the first line and byte that differ. When
//! it is intended, one command writes the new references (tests/fixtures/README.md):
//!
//! ```sh
//! UPDATE_REFERENCE=1 cargo test --test it reference::
//! ```

use std::path::PathBuf;

use crate::common::{blank_template, Workdir};
use crate::generate::unzip;

/// The reference of a scheme's blank template.
fn reference_path(scheme: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/template-{scheme}.xlsx"))
}

/// The times in docProps/core.xml, the one thing that changes every run.
const RUN_TIMES: [&str; 2] = ["dcterms:created", "dcterms:modified"];

/// A part's bytes with what changes every run blanked out.
fn normalized(name: &str, bytes: &[u8]) -> Vec<u8> {
    if name != "docProps/core.xml" {
        return bytes.to_vec();
    }
    let mut xml = String::from_utf8(bytes.to_vec()).expect("core.xml is UTF-8");
    for tag in RUN_TIMES {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let start = xml
            .find(&open)
            .and_then(|i| xml[i..].find('>').map(|j| i + j + 1));
        let end = xml.find(&close);
        if let (Some(start), Some(end)) = (start, end) {
            xml.replace_range(start..end, "(time of the run)");
        }
    }
    xml.into_bytes()
}

/// Where two versions of a part first differ: byte offset, line and column (1-based),
/// and the text around it in each (parts are often one long line of XML).
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let line = want[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at
        - want[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    let around = |bytes: &[u8]| {
        let from = at.saturating_sub(60);
        let to = (at + 100).min(bytes.len());
        String::from_utf8_lossy(&bytes[from.min(to)..to]).into_owned()
    };
    format!(
        "first difference at byte {at} (line {line}, column {column}); {} bytes in the reference, {} now\n\
         \x20   reference: …{}…\n\
         \x20   now:       …{}…",
        want.len(),
        got.len(),
        around(want),
        around(got)
    )
}

/// Generates the blank template of `scheme` with `certsheet template` and compares it
/// with its reference, or rewrites the reference when UPDATE_REFERENCE is set.
fn check_against_reference(scheme: &str) {
    let wd = Workdir::new();
    let fresh = std::fs::read(blank_template(&wd, scheme)).unwrap();
    let path = reference_path(scheme);
    let update = format!("UPDATE_REFERENCE=1 cargo test --test it reference:: ({scheme})");
    if std::env::var_os("UPDATE_REFERENCE").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let reference = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}\nTo write it: {update}", path.display()));

    let want = unzip(&reference);
    let got = unzip(&fresh);
    let names = |parts: &[(String, Vec<u8>)]| -> Vec<String> {
        parts.iter().map(|(n, _)| n.clone()).collect()
    };
    let mut differences = Vec::new();
    let (want_names, got_names) = (names(&want), names(&got));
    if want_names != got_names {
        let gone: Vec<&String> = want_names
            .iter()
            .filter(|n| !got_names.contains(n))
            .collect();
        let new: Vec<&String> = got_names
            .iter()
            .filter(|n| !want_names.contains(n))
            .collect();
        differences.push(if gone.is_empty() && new.is_empty() {
            format!("the parts are in another order: now {got_names:?}")
        } else {
            format!("parts no longer written: {gone:?}; parts new: {new:?}")
        });
    }
    for (name, want) in &want {
        let Some((_, got)) = got.iter().find(|(n, _)| n == name) else {
            continue; // named above
        };
        let (want, got) = (normalized(name, want), normalized(name, got));
        if want != got {
            differences.push(format!("{name}: {}", first_difference(&want, &got)));
        }
    }
    assert!(
        differences.is_empty(),
        "the blank {scheme} template differs from {} in {} place(s):\n{}\n\
         If the change is intended, write the new reference: {update}",
        path.display(),
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn complaint_template_matches_its_reference_part_by_part() {
    check_against_reference("complaint");
}

#[test]
fn quality_credit_template_matches_its_reference_part_by_part() {
    check_against_reference("quality-credit");
}

/// The comparison itself: a change anywhere in a part is found and placed, and the
/// run times of core.xml are the only thing it ignores.
#[test]
fn the_comparison_finds_a_changed_byte_and_ignores_only_the_run_times() {
    let core = |created: &str, modified: &str, creator: &str| {
        format!(
            "<cp:coreProperties><dc:creator>{creator}</dc:creator>\
             <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
             <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{modified}</dcterms:modified>\
             </cp:coreProperties>"
        )
        .into_bytes()
    };
    let a = core("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "");
    let b = core("2026-11-29T03:30:48Z", "2026-11-29T03:31:00Z", "");
    let c = core("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "x");
    assert_eq!(
        normalized("docProps/core.xml", &a),
        normalized("docProps/core.xml", &b)
    );
    assert_ne!(
        normalized("docProps/core.xml", &a),
        normalized("docProps/core.xml", &c)
    );
    // Elsewhere nothing is ignored, times included.
    assert_ne!(
        normalized("docProps/app.xml", &a),
        normalized("docProps/app.xml", &b)
    );

    let want = b"<?xml?>\n<sst count=\"3\"><si><t>a</t></si></sst>";
    let got = b"<?xml?>\n<sst count=\"4\"><si><t>a</t></si></sst>";
    let found = first_difference(want, got);
    assert!(
        found.starts_with("first difference at byte 20 (line 2, column 13);"),
        "{found}"
    );
    assert!(found.contains("<sst count=\"3\">"), "{found}");
    assert!(found.contains("<sst count=\"4\">"), "{found}");
}
