//! Who a workbook is about, and when: organization identity, the unified social
//! credit code, and the assessment date.

/// Folds an organization or rater name for comparison: white space removed,
/// full-width ASCII forms (Ａ, １, （) folded to half-width, ASCII letters upper-cased.
/// `"某某 有限公司（南昌）"` and `"某某有限公司(南昌)"` are the same organization.
pub fn fold_name(name: &str) -> String {
    clean_text(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The assessment date (评价日期) as `YYYY-MM-DD` when it is plainly a date
/// (`2026-3-2`, `2026/03/02`, `2026.3.2`, `2026年3月2日`, full-width digits too);
/// otherwise the text as typed, trimmed. One assessment is organization + rater +
/// date, so two spellings of one day must be one date.
pub fn normalize_date(text: &str) -> String {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            c => c,
        })
        .collect();
    let parts: Vec<&str> = folded
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    if let [y, m, d] = parts.as_slice() {
        if let (Some(y), Some(m), Some(d)) = (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2))
        {
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return format!("{y:04}-{m:02}-{d:02}");
            }
        }
    }
    folded
}

/// Text as it is compared and shown: Unicode NFC (a name typed with combining
/// marks is the same name), invisible format characters removed (zero-width
/// spaces, joiners, direction marks, BOM, soft hyphen: Unicode Cf) and no-break
/// spaces turned into spaces. Applied to every text read from a workbook, so a
/// value or a name is never compared, nor quoted in a message, with them.
pub fn clean_text(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let visible = |c: &char| !is_format_char(*c);
    let spaced = |c: char| match c {
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        c => c,
    };
    if text.chars().all(|c| !is_format_char(c) && spaced(c) == c)
        && is_nfc_quick(text.chars()) == IsNormalized::Yes
    {
        return text.to_string();
    }
    text.chars().filter(visible).map(spaced).nfc().collect()
}

/// Unicode's format characters (general category Cf) that turn up in pasted text.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// A path as messages show it: control characters escaped (a newline in a file
/// name never breaks a finding over two lines) and bytes that are not UTF-8
/// shown as `\xNN`, so two different names never print the same.
pub fn shown_path(path: &std::path::Path) -> String {
    let mut out = String::new();
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() || c == '\\' {
                out.extend(c.escape_default());
            } else if is_format_char(c) {
                // Invisible (a zero-width space, a BOM): shown as its code point.
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Normalizes a credit code as typed: trimmed, full-width folded, upper-cased.
pub fn normalize_credit_code(code: &str) -> String {
    fold_name(code)
}

/// True when an 18-character unified social credit code passes the GB 32100-2015 check digit.
pub fn credit_code_is_valid(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let mut values = Vec::with_capacity(18);
    for c in &chars {
        match CODE_CHARS.find(*c) {
            Some(v) => values.push(v as u32),
            None => return false,
        }
    }
    let sum: u32 = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    values[17] == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_space() {
        assert_eq!(
            fold_name(" 某某 有限公司（南昌）"),
            fold_name("某某有限公司(南昌)")
        );
        assert_eq!(fold_name("ＡＢＣ　公司"), "ABC公司");
    }

    #[test]
    fn credit_code_checksum() {
        // Published example codes that pass GB 32100.
        assert!(credit_code_is_valid("91350100M000100Y43"));
        assert!(!credit_code_is_valid("91350100M000100Y44"));
        assert!(!credit_code_is_valid("91350100M000100Y4"));
        assert!(!credit_code_is_valid("91350100M000100YI3"));
    }

    #[test]
    fn dates_as_people_type_them() {
        assert_eq!(normalize_date("2026-03-02"), "2026-03-02");
        assert_eq!(normalize_date(" 2026/3/2 "), "2026-03-02");
        assert_eq!(normalize_date("2026.3.2"), "2026-03-02");
        assert_eq!(normalize_date("2026年3月2日"), "2026-03-02");
        assert_eq!(normalize_date("２０２６-０３-０２"), "2026-03-02");
        assert_eq!(normalize_date("2026-13-02"), "2026-13-02");
        assert_eq!(normalize_date("三月初"), "三月初");
        assert_eq!(normalize_date(""), "");
    }

    #[cfg(unix)]
    #[test]
    fn paths_print_safely_and_distinctly() {
        use std::os::unix::ffi::OsStrExt;
        use std::path::Path;
        assert_eq!(shown_path(Path::new("回收/张三.xlsx")), "回收/张三.xlsx");
        assert_eq!(shown_path(Path::new("a\nb.xlsx")), "a\\nb.xlsx");
        assert_eq!(shown_path(Path::new("a\u{7}.xlsx")), "a\\u{7}.xlsx");
        let a = shown_path(Path::new(std::ffi::OsStr::from_bytes(b"x\xff.xlsx")));
        let b = shown_path(Path::new(std::ffi::OsStr::from_bytes(b"x\xfe.xlsx")));
        assert_eq!(a, "x\\xFF.xlsx");
        assert_ne!(a, b);
    }

    #[test]
    fn invisible_characters_and_normalization_do_not_make_another_name() {
        assert_eq!(clean_text("南昌\u{200B}甲公司\u{FEFF}"), "南昌甲公司");
        assert_eq!(clean_text("0.8\u{00A0}"), "0.8 ");
        // "é" as e + combining acute is the same as the precomposed é.
        assert_eq!(clean_text("Cafe\u{301}"), "Caf\u{E9}");
        assert_eq!(fold_name("张\u{200B}三"), fold_name("张三"));
        assert_eq!(fold_name("Cafe\u{301} 公司"), fold_name("Café公司"));
        assert_eq!(clean_text("普通文字"), "普通文字");
    }
}
