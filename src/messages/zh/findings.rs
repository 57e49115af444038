//! Findings in Chinese.

use super::Zh;
use rust_decimal::Decimal;

use crate::cell::Hint;
use crate::layout::TEMPLATE_FORMAT;
use crate::messages::{DamageTexts, FindingTexts};
use crate::model::{Kind, PathProblem, Problem, Severity, SheetPart};

impl FindingTexts for Zh {
    #[rustfmt::skip]
    fn problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::NotSpreadsheet => "不是电子表格文件（应为 .xlsx、.xlsm、.xlsb、.xls 或 .ods）".to_string(),
            Problem::ShortCells => "此 .xlsb 文件的单元格以 Excel 不用的简略形式保存（由其他程序生成），无法可靠读取：请在 Excel/WPS 中另存为 .xlsx 后发回".to_string(),
            Problem::EncryptedXls => "工作簿已加密，无法读取：设有打开密码，或设置了“保护工作簿结构”（保存为 .xls 时因此加密）。请在 Excel/WPS/LibreOffice 中取消密码和工作簿保护，另存为 .xlsx 后发回".to_string(),
            Problem::Encrypted => "工作簿设有打开密码：请取消密码后重新保存发回".to_string(),
            Problem::Corrupt(d) => format!("文件已损坏或不完整，无法读取（{}）", self.damage(d)),
            Problem::CorruptSavedBy { damage, application: a } => format!("文件已损坏或不完整，或以本工具无法读取的方式保存（{}）。此文件由 {}保存：请在 {} 中另存为 .xlsx 后发回", self.damage(damage), a.version.as_ref().map_or(format!("{} ", a.name), |v| format!("{}（{v}）", a.name)), a.name),
            Problem::EmptyFile => "文件为空（0 字节）：可能未下载完整或保存失败，请重新获取".to_string(),
            Problem::Limit(l) => format!("文件内容远超评分表的规模，未读取（{}）", self.limit(l)),
            Problem::NotTemplate => "不是 certsheet 生成的评分表（缺少标识信息）：请使用 `certsheet template` 生成的工作簿".to_string(),
            Problem::UnknownScheme(id) => format!("评分表属于未知的认证方案“{id}”（见 `certsheet schemes`，或用 --scheme 指定方案文件）"),
            Problem::UnknownVersion { scheme, found, expected } => format!("评分表对应方案“{scheme}”的 {found} 版，当前为 {expected} 版：请使用新模板重新填写"),
            Problem::UnknownFormat(v) if v.parse::<u32>().is_ok_and(|v| v < TEMPLATE_FORMAT) => format!("评分表由旧版模板（格式 {v}）生成，缺少新版的填写项（如管理要求符合性审查结论）：请用新模板重新填写"),
            Problem::UnknownFormat(v) => format!("模板格式 {v} 不受本版本 certsheet 支持"),
            Problem::MissingSheet => "缺少此工作表（被改名或删除？）".to_string(),
            Problem::MissingTable => "找不到表格的列标题（单项分值 / 成熟度等级 等）：表格被改动".to_string(),
            Problem::MissingItem(code) => format!("表中缺少第 {code} 项"),
            Problem::DuplicateItem { code, first } => format!("第 {code} 项重复出现（另见 {first}）"),
            Problem::UnknownItem(code) => format!("“{code}”不是本方案中的项目"),
            Problem::PointsChanged { code, found, expected } => format!("第 {code} 项的分值被改为 {found}，方案规定为 {expected}"),
            Problem::MissingOrganization => "受评组织未填写".to_string(),
            Problem::MissingRater => "评价人未填写".to_string(),
            Problem::BadAlpha { code, found, points, hint } => format!("第 {code} 项的 α 为“{found}”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）{}", self.hint(hint, *points)),
            Problem::BadLevel { code, found, hint } => format!("第 {code} 条的成熟度等级为“{found}”；应为 1–5、一级…五级 或 1级…5级{}", self.hint(hint, 0)),
            Problem::PartlyFilled { empty } => format!("未填写完整，{} 个单元格为空（{}）；请全部填写，未评价则整表留空", empty.len(), empty.join("、")),
            Problem::UnsavedFormulas { cells } => format!("{} 个单元格是未计算的公式（{}）：请在 Excel/WPS 中打开并保存后再发回", cells.len(), cells.join("、")),
            Problem::MissingConformityRow => "找不到“管理要求符合性审查结论”一行：表格被改动，或评分表是旧版模板（请用新模板重新填写）".to_string(),
            Problem::MissingConformity => "未填写管理要求符合性审查结论：请选择“通过”或“不通过”".to_string(),
            Problem::ConformityWithoutLevels => "已填写符合性审查结论，但各条款的成熟度等级均为空：请全部填写，未评价则整表留空（含此结论）".to_string(),
            Problem::BadConformity { found } => format!("管理要求符合性审查结论为“{found}”；应为“通过”或“不通过”"),
            Problem::SheetEmpty(SheetPart::Service) => "未填写：本工作簿只计入管理成熟度（不计入服务特性测评）".to_string(),
            Problem::SheetEmpty(SheetPart::Maturity) => "未填写：本工作簿只计入服务特性测评（不计入管理成熟度）".to_string(),
            Problem::BothEmpty => "两张评分表均未填写：已跳过".to_string(),
            Problem::CreditCode(code) => format!("统一社会信用代码“{code}”未通过 GB 32100 校验（请核对；少数真实代码也会如此）"),
            Problem::DuplicateSubmission { organization, rater, date, others } => format!("评价人“{rater}”对“{organization}”提交了多份{}工作簿，另见：{}。请撤回多余的一份，在此之前均不计入", if date.is_empty() { "未填评价日期的".to_string() } else { format!("评价日期为 {date} 的") }, others.join("、")),
            Problem::RepeatOccasion { organization, rater, others } => format!("评价人“{rater}”在其他日期也评价了“{organization}”（另见：{}）：按“每人或每次”各计一次", others.iter().map(|(f, d)| format!("{f}，{}", on_date_zh(d))).collect::<Vec<_>>().join("；")),
            Problem::ConflictingCreditCodes { organization, codes } => format!("“{organization}”的工作簿填写了不同的统一社会信用代码：{}", codes.iter().map(|(c, f)| format!("{c}（{f}）")).collect::<Vec<_>>().join("、")),
            Problem::Panic(m) => format!("读取此文件时发生内部错误（{m}）；其余文件不受影响"),
            Problem::Path(PathProblem::Missing) => "找不到此文件或文件夹".to_string(),
            Problem::Path(PathProblem::Unreadable) => "无法读取（没有权限，或已被移走）".to_string(),
            Problem::Path(PathProblem::Fifo) => "这是命名管道，不是文件：未打开".to_string(),
            Problem::Path(PathProblem::Socket) => "这是套接字，不是文件：未打开".to_string(),
            Problem::Path(PathProblem::Device) => "这是设备或其他特殊文件，不是普通文件：未打开".to_string(),
            Problem::Path(PathProblem::OwnCsv) => "这是 certsheet 的结果 CSV，不是评分表：已跳过".to_string(),
            Problem::Path(PathProblem::FolderLink) => "指向文件夹的链接：未跟随（只读取所给文件夹之内的文件；如需读取，请直接给出该文件夹）".to_string(),
            Problem::Path(PathProblem::OtherFormat(ext)) => format!("这是 .{ext} 文件，不是可读取的评分表：请另存为 .xlsx 后发回"),
            Problem::OwnResults => "这是 certsheet 的结果工作簿，不是评分表：已跳过".to_string(),
        }
    }

    #[rustfmt::skip]
    fn hint(&self, hint: &Hint, points: u32) -> String {
        match hint {
            Hint::None => String::new(),
            Hint::ScoreInsteadOfAlpha => format!("（是否填成了得分？本项满分 {points}，α 应为 得分 ÷ {points}）"),
            Hint::PercentWithoutSign(n) => format!("（若是百分数，请写成 {n}% 或 {}）", (n / Decimal::ONE_HUNDRED).normalize()),
            Hint::DecimalComma => "（小数点请用“.”，不要用“,”）".into(),
            Hint::ScoreInsteadOfLevel => "（是否填成了得分？请填等级，得分 = 等级 × 总分值 ÷ 5）".into(),
        }
    }

    fn kind(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Unreadable => "无法读取",
            Kind::Password => "有密码",
            Kind::TooLarge => "文件过大",
            Kind::UnknownTemplate => "模板不符",
            Kind::TableAltered => "表格被改动",
            Kind::HeaderMissing => "表头缺项",
            Kind::BadAlpha => "α 无效",
            Kind::BadLevel => "等级无效",
            Kind::BadConformity => "结论无效",
            Kind::PartlyFilled => "未填完整",
            Kind::Empty => "空表",
            Kind::CreditCode => "信用代码校验",
            Kind::Duplicate => "重复提交",
            Kind::RepeatOccasion => "多次评价",
            Kind::CreditCodesDiffer => "信用代码不一致",
            Kind::Internal => "内部错误",
            Kind::NotRead => "未读取",
            Kind::OtherFormat => "格式不符",
            Kind::OwnResults => "结果工作簿",
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "说明",
        }
    }
}

/// `评价日期 2026-03-02`, or `未填评价日期`.
fn on_date_zh(date: &str) -> String {
    if date.is_empty() {
        "未填评价日期".to_string()
    } else {
        format!("评价日期 {date}")
    }
}
