//! The texts of roster problems (`certsheet template --roster`).

use std::fmt;

use super::t;
use crate::template::roster::{RosterError, RosterWarning};

/// How roster problems read in one language.
pub trait RosterTexts {
    fn roster_error(&self, error: &RosterError) -> String;
    fn roster_warning(&self, warning: &RosterWarning) -> String;
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t().roster_error(self))
    }
}

impl fmt::Display for RosterWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t().roster_warning(self))
    }
}
