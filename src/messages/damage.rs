//! The texts of what is wrong with a file as a file: a size limit broken, or
//! damage (the library's own words are shown in English messages only).

use crate::model::{Damage, Limit};

/// How file limits and damage read in one language.
pub trait DamageTexts {
    /// Which limit a file broke, with the figures.
    fn limit(&self, limit: &Limit) -> String;
    /// What is damaged.
    fn damage(&self, damage: &Damage) -> String;
}

/// Sizes as people read them: `512 B`, `12 KB`, `3.4 MB`, `2.0 GB`.
pub(super) fn bytes(n: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    const GB: u64 = 1024 * MB;
    if n >= GB {
        format!("{:.1} GB", n as f64 / GB as f64)
    } else if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else if n >= KB {
        format!("{} KB", n / KB)
    } else {
        format!("{n} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(20 * 1024 * 1024), "20.0 MB");
        assert_eq!(bytes(3 * 1024), "3 KB");
    }
}
