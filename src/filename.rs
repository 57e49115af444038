//! The names of the files this tool writes (workbooks per roster row, report
//! cards): safe on Windows and macOS, and unique as those file systems compare
//! names (case folded, Unicode normalized).

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file stem safe on Windows and macOS: in Unicode NFC, no reserved characters or
/// names, no trailing dot or space, no leading "." or "~$" (hidden and lock files,
/// which ingest skips), at most 80 characters.
pub fn safe_stem(text: &str) -> String {
    let mut s: String = text
        .nfc()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(80)
        .collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start().to_string();
    if s.is_empty() {
        return "_".to_string();
    }
    if s.starts_with('.') || s.starts_with("~$") {
        return format!("_{s}");
    }
    let base = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        return format!("_{s}");
    }
    s
}

/// `{stem}.xlsx` for each text, made safe ([`safe_stem`]), with `_2`, `_3` …
/// where two would be the same file under case folding and Unicode NFC.
pub fn unique_names(texts: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut taken = HashSet::new();
    texts
        .into_iter()
        .map(|text| {
            let stem = safe_stem(&text);
            let mut name = format!("{stem}.xlsx");
            let mut n = 2;
            while !taken.insert(name.nfc().collect::<String>().to_lowercase()) {
                name = format!("{stem}_{n}.xlsx");
                n += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe_on_windows_and_macos() {
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("report. "), "report");
        assert_eq!(safe_stem(".hidden"), "_.hidden");
        assert_eq!(safe_stem("~$lock"), "_~$lock");
    }

    #[test]
    fn names_are_safe_and_unique_under_case_and_normalization() {
        let names =
            unique_names(["Café", "CAFE\u{301}", ".隐藏", "~$锁", "CON", "a/b"].map(String::from));
        assert_eq!(
            names,
            [
                "Café.xlsx",
                "CAFÉ_2.xlsx",
                "_.隐藏.xlsx",
                "_~$锁.xlsx",
                "_CON.xlsx",
                "a_b.xlsx"
            ]
        );
    }
}
