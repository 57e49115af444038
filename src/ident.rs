//! Who a workbook is about: organization identity and the unified social credit code.

/// Folds an organization or rater name for comparison: white space removed,
/// full-width ASCII forms (Ａ, １, （) folded to half-width, ASCII letters upper-cased.
/// `"某某 有限公司（南昌）"` and `"某某有限公司(南昌)"` are the same organization.
pub fn fold_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
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
}
