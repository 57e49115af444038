//! The decision in Chinese.

use super::Zh;
use crate::grade::{HeldBy, Verdict};
use crate::messages::grade::level;
use crate::messages::GradeTexts;
use crate::scheme::Scheme;

impl GradeTexts for Zh {
    fn incomplete(&self) -> &'static str {
        "资料不全"
    }

    fn grade_note(&self, scheme: &Scheme, verdict: &Verdict) -> String {
        match &verdict.held_by {
            HeldBy::Nothing => "已达最高级别".to_string(),
            HeldBy::Conformity { raters } => {
                format!("管理要求符合性审查未通过（评价人：{}）", raters.join("、"))
            }
            HeldBy::Management {
                reached,
                level: l,
                needs,
            } => format!(
                "服务得分达到{reached}，但管理成熟度为{}（需{}及以上）",
                level(scheme, *l),
                level(scheme, *needs)
            ),
            HeldBy::Score { next, needs } => format!("服务得分未达{next}要求（需 ≥ {needs} 分）"),
            HeldBy::Missing { service, maturity } => {
                let mut missing = Vec::new();
                if *service {
                    missing.push("服务特性测评表");
                }
                if *maturity {
                    missing.push("管理要求审核表");
                }
                format!("缺少有效的{}", missing.join("和"))
            }
        }
    }
}
