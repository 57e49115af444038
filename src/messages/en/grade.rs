//! The decision in English.

use super::En;
use crate::grade::{HeldBy, Verdict};
use crate::messages::grade::level;
use crate::messages::GradeTexts;
use crate::scheme::Scheme;

impl GradeTexts for En {
    fn incomplete(&self) -> &'static str {
        "incomplete"
    }

    fn grade_note(&self, scheme: &Scheme, verdict: &Verdict) -> String {
        match &verdict.held_by {
            HeldBy::Nothing => "top grade reached".to_string(),
            HeldBy::Conformity { raters } => format!(
                "the management-requirements conformity review was not passed (rater: {})",
                raters.join(", ")
            ),
            HeldBy::Management {
                reached,
                level: l,
                needs,
            } => format!(
                "service score reaches {reached} but management is {} (needs {} or above)",
                level(scheme, *l),
                level(scheme, *needs)
            ),
            HeldBy::Score { next, needs } => {
                format!("service score below what {next} needs (≥ {needs})")
            }
            HeldBy::Missing { service, maturity } => {
                let mut missing = Vec::new();
                if *service {
                    missing.push("service characteristics sheet");
                }
                if *maturity {
                    missing.push("management requirements audit sheet");
                }
                format!("no valid {}", missing.join(" and no valid "))
            }
        }
    }
}
