//! Scheme errors in English.

use super::En;
use crate::messages::SchemeTexts;
use crate::scheme::{Broken, SchemeError, SCHEME_FORMAT};

impl SchemeTexts for En {
    fn scheme_error(&self, error: &SchemeError) -> String {
        match error {
            SchemeError::Unknown(id) => format!(
                "unknown scheme '{id}': give a built-in id (see `certsheet schemes`) or a path to a .toml file"
            ),
            SchemeError::Read { path, message } => {
                format!("cannot read scheme file {path}: {message}")
            }
            SchemeError::Parse { origin, message } => {
                format!("scheme {origin} is not a valid scheme file: {message}")
            }
            SchemeError::Rule {
                origin,
                key,
                broken,
            } => format!("scheme {origin}, key `{key}`: {}", self.broken(broken)),
        }
    }

    fn broken(&self, broken: &Broken) -> String {
        match broken {
            Broken::Format { found } => {
                format!("this build reads format {SCHEME_FORMAT}, the file says {found}")
            }
            Broken::Id(id) => format!("'{id}' must be lower-case letters, digits and '-'"),
            Broken::Empty => "must not be empty".into(),
            Broken::NoBands => "needs at least one band".into(),
            Broken::BandOrder { upper, previous } => format!(
                "{upper} must exceed the previous upper bound {previous} and be at most 1"
            ),
            Broken::LastBand => "the last band must end at 1".into(),
            Broken::NoSuchCharacteristic(c) => format!("'{c}' is not a characteristic code"),
            Broken::ZeroPoints => "points must be above 0".into(),
            Broken::NoItems(c) => format!("characteristic {c} has no items"),
            Broken::PointsTotal(total) => format!("points must sum to 100, they sum to {total}"),
            Broken::NoClauses => "needs at least one clause".into(),
            Broken::NoSuchGroup(g) => format!("'{g}' is not a group code"),
            Broken::ClauseMax(max) => format!("a clause maximum is 5 or 10, found {max}"),
            Broken::HeadingRepeated { heading, clause } => {
                format!("the Appendix 4 heading '{heading}' is already clause {clause}'s")
            }
            Broken::NoLevels => "needs at least one level".into(),
            Broken::LevelFloor { min, floor } => format!(
                "{min} is above the lowest possible total {floor}: some totals have no level"
            ),
            Broken::LevelOrder { min, ceiling } => format!(
                "{min} must be above the previous level's minimum and at most {ceiling}"
            ),
            Broken::NoGrades => "needs at least one grade".into(),
            Broken::NoRules => "needs at least one rule".into(),
            Broken::NoSuchLevel(l) => format!("'{l}' is not one of the levels"),
            Broken::ScoreRange => "must be within 0–100".into(),
            Broken::RuleOrder => {
                "rules run from the strictest down: neither score nor level may exceed the rule above".into()
            }
            Broken::EmptyOrRepeated(code) => format!("'{code}' is empty or repeated"),
        }
    }
}
