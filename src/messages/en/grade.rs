//! The decision in English.

use super::En;
use crate::messages::grade::{certified, level};
use crate::messages::GradeTexts;
use crate::scheme::Scheme;
use crate::score::{Limit, Verdict};

impl GradeTexts for En {
    fn incomplete(&self) -> &'static str {
        "incomplete"
    }

    fn grade_note(&self, scheme: &Scheme, verdict: &Verdict) -> String {
        match &verdict.limit {
            Limit::None => "top grade reached".to_string(),
            Limit::Management {
                reached,
                level: l,
                needs,
            } if !certified(scheme, reached) => format!(
                "management is {}, below the minimum {}",
                level(scheme, *l),
                level(scheme, *needs)
            ),
            Limit::Score { next, needs } if !certified(scheme, next) => {
                format!("service score below the minimum {needs}")
            }
            Limit::Management {
                reached,
                level: l,
                needs,
            } => format!(
                "service score reaches {reached} but management is {} (needs {} or above)",
                level(scheme, *l),
                level(scheme, *needs)
            ),
            Limit::Score { next, needs } => {
                format!("service score below what {next} needs (≥ {needs})")
            }
            Limit::Missing { service, maturity } => {
                let mut missing = Vec::new();
                if *service {
                    missing.push("service score sheet");
                }
                if *maturity {
                    missing.push("maturity sheet");
                }
                format!("no valid {}", missing.join(" and no valid "))
            }
        }
    }
}
