//! The texts of scheme files that cannot be used: which key breaks which rule.

use std::fmt;

use super::t;
use crate::scheme::{Broken, SchemeError};

/// How scheme errors read in one language.
pub trait SchemeTexts {
    fn scheme_error(&self, error: &SchemeError) -> String;
    /// The rule a key breaks.
    fn broken(&self, broken: &Broken) -> String;
}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t().scheme_error(self))
    }
}
