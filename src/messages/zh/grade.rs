//! The decision in Chinese.

use super::Zh;
use crate::messages::grade::{certified, level};
use crate::messages::GradeTexts;
use crate::scheme::Scheme;
use crate::score::{Limit, Verdict};

impl GradeTexts for Zh {
    fn incomplete(&self) -> &'static str {
        "资料不全"
    }

    fn grade_note(&self, scheme: &Scheme, verdict: &Verdict) -> String {
        match &verdict.limit {
            Limit::None => "已达最高级别".to_string(),
            Limit::Management {
                reached,
                level: l,
                needs,
            } if !certified(scheme, reached) => format!(
                "管理成熟度为{}，低于最低要求{}",
                level(scheme, *l),
                level(scheme, *needs)
            ),
            Limit::Score { next, needs } if !certified(scheme, next) => {
                format!("服务得分低于最低要求 {needs} 分")
            }
            Limit::Management {
                reached,
                level: l,
                needs,
            } => format!(
                "服务得分达到{reached}，但管理成熟度为{}（需{}及以上）",
                level(scheme, *l),
                level(scheme, *needs)
            ),
            Limit::Score { next, needs } => format!("服务得分未达{next}要求（需 ≥ {needs} 分）"),
            Limit::Missing { service, maturity } => {
                let mut missing = Vec::new();
                if *service {
                    missing.push("服务特性测评表");
                }
                if *maturity {
                    missing.push("管理成熟度评审表");
                }
                format!("缺少有效的{}", missing.join("和"))
            }
        }
    }
}
