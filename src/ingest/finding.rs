//! Findings: every problem found in a returned workbook, with where it is.
//!
//! A problem in a workbook is data, never a panic or an early return: it ends up
//! in the run summary, in `check`'s output and in the 问题清单 sheet.

use std::fmt;

use crate::messages::{lang, Lang};

use super::guard::ods::Unclosed;
use super::guard::ole::{Chain, OleFault};
use super::guard::Limit;
use super::value::Hint;

/// Error rejects the whole workbook; a warning never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with the file and, where it has one, the sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub severity: Severity,
    pub problem: Problem,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotSpreadsheet,
    Encrypted,
    /// A damaged or incomplete file, and what is damaged.
    Corrupt(Damage),
    /// A file of 0 bytes: an interrupted download or save.
    EmptyFile,
    /// A file beyond a limit of [`super::guard`]: refused before it is read.
    Limit(Limit),
    NotTemplate,
    UnknownScheme(String),
    UnknownVersion {
        scheme: String,
        found: String,
        expected: String,
    },
    UnknownFormat(String),
    MissingSheet,
    MissingTable,
    MissingItem(String),
    DuplicateItem {
        code: String,
        first: String,
    },
    UnknownItem(String),
    PointsChanged {
        code: String,
        found: String,
        expected: u32,
    },
    MissingOrganization,
    MissingRater,
    BadAlpha {
        code: String,
        found: String,
        points: u32,
        hint: Hint,
    },
    BadLevel {
        code: String,
        found: String,
        hint: Hint,
    },
    PartlyFilled {
        empty: Vec<String>,
    },
    BothEmpty,
    CreditCode(String),
    DuplicateSubmission {
        organization: String,
        rater: String,
        others: Vec<String>,
    },
    ConflictingCreditCodes {
        organization: String,
        codes: Vec<(String, String)>,
    },
    Panic(String),
}

/// What is damaged in a file that cannot be read. The `detail` of a variant is
/// the spreadsheet or zip library's own (English) words: shown in English
/// messages only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The file could not be read from disk (it went away, no permission …).
    Io { detail: String },
    /// Not a readable zip: its directory is missing or damaged (a file cut short).
    ZipDirectory { detail: String },
    /// A part of the zip cannot be unpacked (damaged data, a size that lies);
    /// `None` when the library does not say which.
    Unpack {
        part: Option<String>,
        detail: String,
    },
    /// A part the workbook needs is missing.
    MissingPart { part: String },
    /// A part's XML is malformed or ends too early; `None` when the library
    /// does not say which part.
    Xml {
        part: Option<String>,
        detail: String,
    },
    /// An .ods element never closed (calamine 0.38 would look for its end for ever).
    Unclosed { part: String, element: Unclosed },
    /// The compound file of an .xls, or its workbook stream.
    Ole(OleFault),
    /// A sheet cannot be read (the finding names the sheet).
    Sheet { detail: String },
    /// The spreadsheet library cannot make sense of the workbook.
    Workbook { detail: String },
}

impl Damage {
    /// The library's words, if any.
    fn detail_mut(&mut self) -> Option<&mut String> {
        match self {
            Damage::Io { detail }
            | Damage::ZipDirectory { detail }
            | Damage::Unpack { detail, .. }
            | Damage::Xml { detail, .. }
            | Damage::Sheet { detail }
            | Damage::Workbook { detail } => Some(detail),
            Damage::MissingPart { .. } | Damage::Unclosed { .. } | Damage::Ole(_) => None,
        }
    }
}

impl Problem {
    /// A short name of the kind of problem, for counts per kind.
    pub fn kind(&self) -> &'static str {
        let en = lang() == Lang::En;
        macro_rules! k {
            ($zh:expr, $en:expr) => {
                if en {
                    $en
                } else {
                    $zh
                }
            };
        }
        match self {
            Problem::NotSpreadsheet | Problem::Corrupt(_) => k!("无法读取", "unreadable"),
            Problem::Encrypted => k!("有密码", "password-protected"),
            Problem::EmptyFile => k!("无法读取", "unreadable"),
            Problem::Limit(_) => k!("文件过大", "too large"),
            Problem::NotTemplate
            | Problem::UnknownScheme(_)
            | Problem::UnknownVersion { .. }
            | Problem::UnknownFormat(_) => {
                k!("模板不符", "unknown template")
            }
            Problem::MissingSheet
            | Problem::MissingTable
            | Problem::MissingItem(_)
            | Problem::DuplicateItem { .. }
            | Problem::UnknownItem(_)
            | Problem::PointsChanged { .. } => {
                k!("表格被改动", "table altered")
            }
            Problem::MissingOrganization | Problem::MissingRater => {
                k!("表头缺项", "header missing")
            }
            Problem::BadAlpha { .. } => k!("α 无效", "invalid α"),
            Problem::BadLevel { .. } => k!("等级无效", "invalid level"),
            Problem::PartlyFilled { .. } => k!("未填完整", "partly filled"),
            Problem::BothEmpty => k!("空表", "empty"),
            Problem::CreditCode(_) => k!("信用代码校验", "credit code check"),
            Problem::DuplicateSubmission { .. } => k!("重复提交", "duplicate"),
            Problem::ConflictingCreditCodes { .. } => k!("信用代码不一致", "credit codes differ"),
            Problem::Panic(_) => k!("内部错误", "internal error"),
        }
    }
}

impl Finding {
    /// `附录1!E7`, `附录1`, or empty.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => String::new(),
        }
    }
}

impl fmt::Display for Finding {
    /// `file: 附录1!E7: message`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match (self.severity, lang()) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let location = self.location();
        if location.is_empty() {
            write!(f, "{}: {severity}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {location}: {severity}: {}", self.file, self.problem)
        }
    }
}

fn hint_text(hint: &Hint, points: u32, en: bool) -> String {
    match (hint, en) {
        (Hint::None, _) => String::new(),
        (Hint::ScoreInsteadOfAlpha, false) => format!("（是否填成了得分？本项满分 {points}，α 应为 得分 ÷ {points}）"),
        (Hint::ScoreInsteadOfAlpha, true) => format!(" (did you enter the score instead of α? this item is worth {points}; α = score ÷ {points})"),
        (Hint::PercentWithoutSign, false) => "（若是百分数，请写成 80% 或 0.8）".into(),
        (Hint::PercentWithoutSign, true) => " (if this is a percent, write 80% or 0.8)".into(),
        (Hint::DecimalComma, false) => "（小数点请用“.”，不要用“,”）".into(),
        (Hint::DecimalComma, true) => " (use a decimal point, not a comma)".into(),
        (Hint::ScoreInsteadOfLevel, false) => "（是否填成了得分？请填等级，得分 = 等级 × 总分值 ÷ 5）".into(),
        (Hint::ScoreInsteadOfLevel, true) => " (did you enter the score instead of the level? score = level × maximum ÷ 5)".into(),
    }
}

/// Longest value quoted in a message: a cell may hold 32,767 characters, and a
/// message quoting them whole would swamp the summary (and pass Excel's cell limit
/// in the 问题清单 sheet).
const QUOTED_CHARS: usize = 100;

fn cut(text: &mut String) {
    if let Some((at, _)) = text.char_indices().nth(QUOTED_CHARS) {
        text.truncate(at);
        text.push('…');
    }
}

impl Problem {
    /// The same problem with every quoted value cut to [`QUOTED_CHARS`] characters.
    fn shortened(&self) -> Problem {
        let mut p = self.clone();
        match &mut p {
            Problem::BadAlpha { found, .. }
            | Problem::BadLevel { found, .. }
            | Problem::PointsChanged { found, .. }
            | Problem::UnknownVersion { found, .. } => cut(found),
            Problem::UnknownItem(s)
            | Problem::UnknownScheme(s)
            | Problem::UnknownFormat(s)
            | Problem::CreditCode(s)
            | Problem::DuplicateItem { code: s, .. } => cut(s),
            Problem::DuplicateSubmission {
                organization,
                rater,
                ..
            } => {
                cut(organization);
                cut(rater);
            }
            Problem::ConflictingCreditCodes {
                organization,
                codes,
            } => {
                cut(organization);
                codes.iter_mut().for_each(|(c, _)| cut(c));
            }
            Problem::Corrupt(damage) => {
                if let Some(detail) = damage.detail_mut() {
                    cut(detail);
                }
            }
            _ => {}
        }
        p
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = lang() == Lang::En;
        let short = self.shortened();
        let text = match &short {
            Problem::NotSpreadsheet if en => "not a spreadsheet (.xlsx, .xlsm, .xls or .ods)".to_string(),
            Problem::NotSpreadsheet => "不是电子表格文件（应为 .xlsx、.xlsm、.xls 或 .ods）".to_string(),
            Problem::Encrypted if en => "the workbook is password-protected: save it without a password and send it again".to_string(),
            Problem::Encrypted => "工作簿设有打开密码：请取消密码后重新保存发回".to_string(),
            Problem::Corrupt(d) if en => format!("the file is damaged or incomplete and cannot be read ({})", damage_en(d)),
            Problem::Corrupt(d) => format!("文件已损坏或不完整，无法读取（{}）", damage_zh(d)),
            Problem::EmptyFile if en => "the file is empty (0 bytes): an interrupted download or save? get it again".to_string(),
            Problem::EmptyFile => "文件为空（0 字节）：可能未下载完整或保存失败，请重新获取".to_string(),
            Problem::Limit(l) if en => format!("the file's contents are far larger than any score sheet; it was not read ({l})"),
            Problem::Limit(l) => format!("文件内容远超评分表的规模，未读取（{l}）"),
            Problem::NotTemplate if en => "not a certsheet score sheet (no identification sheet): use a workbook made by `certsheet template`".to_string(),
            Problem::NotTemplate => "不是 certsheet 生成的评分表（缺少标识信息）：请使用 `certsheet template` 生成的工作簿".to_string(),
            Problem::UnknownScheme(id) if en => format!("made for scheme '{id}', which this run does not know (see `certsheet schemes`, or pass --scheme FILE.toml)"),
            Problem::UnknownScheme(id) => format!("评分表属于未知的认证方案“{id}”（见 `certsheet schemes`，或用 --scheme 指定方案文件）"),
            Problem::UnknownVersion { scheme, found, expected } if en => format!("made for version {found} of scheme '{scheme}'; this run has version {expected}: fill in a current template"),
            Problem::UnknownVersion { scheme, found, expected } => format!("评分表对应方案“{scheme}”的 {found} 版，当前为 {expected} 版：请使用新模板重新填写"),
            Problem::UnknownFormat(v) if en => format!("template format {v} is not one this version of certsheet reads"),
            Problem::UnknownFormat(v) => format!("模板格式 {v} 不受本版本 certsheet 支持"),
            Problem::MissingSheet if en => "this sheet is missing (renamed or deleted?)".to_string(),
            Problem::MissingSheet => "缺少此工作表（被改名或删除？）".to_string(),
            Problem::MissingTable if en => "the table headings (单项分值 / 成熟度等级 …) are not found: the table was altered".to_string(),
            Problem::MissingTable => "找不到表格的列标题（单项分值 / 成熟度等级 等）：表格被改动".to_string(),
            Problem::MissingItem(code) if en => format!("item {code} is missing from the table"),
            Problem::MissingItem(code) => format!("表中缺少第 {code} 项"),
            Problem::DuplicateItem { code, first } if en => format!("item {code} appears twice (also at {first})"),
            Problem::DuplicateItem { code, first } => format!("第 {code} 项重复出现（另见 {first}）"),
            Problem::UnknownItem(code) if en => format!("row {code} is not part of this scheme"),
            Problem::UnknownItem(code) => format!("“{code}”不是本方案中的项目"),
            Problem::PointsChanged { code, found, expected } if en => format!("the points of {code} were changed to {found}; the scheme says {expected}"),
            Problem::PointsChanged { code, found, expected } => format!("第 {code} 项的分值被改为 {found}，方案规定为 {expected}"),
            Problem::MissingOrganization if en => "the organization (受评组织) is empty".to_string(),
            Problem::MissingOrganization => "受评组织未填写".to_string(),
            Problem::MissingRater if en => "the rater (评价人) is empty".to_string(),
            Problem::MissingRater => "评价人未填写".to_string(),
            Problem::BadAlpha { code, found, points, hint } if en => format!("α of item {code} is '{found}'; allowed: a number from 0 to 1 such as 0.85, or a percent such as 85%{}", hint_text(hint, *points, true)),
            Problem::BadAlpha { code, found, points, hint } => format!("第 {code} 项的 α 为“{found}”；应为 0 到 1 之间的数（如 0.85）或百分数（如 85%）{}", hint_text(hint, *points, false)),
            Problem::BadLevel { code, found, hint } if en => format!("level of clause {code} is '{found}'; allowed: 1–5, 一级…五级 or 1级…5级{}", hint_text(hint, 0, true)),
            Problem::BadLevel { code, found, hint } => format!("第 {code} 条的成熟度等级为“{found}”；应为 1–5、一级…五级 或 1级…5级{}", hint_text(hint, 0, false)),
            Problem::PartlyFilled { empty } if en => format!("partly filled: {} empty ({}); fill every cell, or leave the whole sheet empty if you did not score it", empty.len(), empty.join(", ")),
            Problem::PartlyFilled { empty } => format!("未填写完整，{} 个单元格为空（{}）；请全部填写，未评价则整表留空", empty.len(), empty.join("、")),
            Problem::BothEmpty if en => "both score sheets are empty: skipped".to_string(),
            Problem::BothEmpty => "两张评分表均未填写：已跳过".to_string(),
            Problem::CreditCode(code) if en => format!("unified social credit code '{code}' fails the GB 32100 check digit (please verify; a few real codes do)"),
            Problem::CreditCode(code) => format!("统一社会信用代码“{code}”未通过 GB 32100 校验（请核对；少数真实代码也会如此）"),
            Problem::DuplicateSubmission { organization, rater, others } if en => format!("{rater} submitted more than one workbook for {organization}; also in: {}. None of them counts until one is withdrawn", others.join(", ")),
            Problem::DuplicateSubmission { organization, rater, others } => format!("评价人“{rater}”对“{organization}”提交了多份工作簿，另见：{}。请撤回多余的一份，在此之前均不计入", others.join("、")),
            Problem::ConflictingCreditCodes { organization, codes } if en => format!("workbooks of {organization} carry different credit codes: {}", codes.iter().map(|(c, f)| format!("{c} ({f})")).collect::<Vec<_>>().join(", ")),
            Problem::ConflictingCreditCodes { organization, codes } => format!("“{organization}”的工作簿填写了不同的统一社会信用代码：{}", codes.iter().map(|(c, f)| format!("{c}（{f}）")).collect::<Vec<_>>().join("、")),
            Problem::Panic(m) if en => format!("internal error while reading this file ({m}); the rest of the batch is unaffected"),
            Problem::Panic(m) => format!("读取此文件时发生内部错误（{m}）；其余文件不受影响"),
        };
        f.write_str(&text)
    }
}

// ---- Texts of Damage (zh / en) --------------------------------------------------
// Kept together, apart from the other messages, so that they can move to the
// message catalog as one piece. The Chinese texts quote no library words; the
// English ones end with them.

fn chain_zh(chain: Chain) -> &'static str {
    match chain {
        Chain::Difat => "扩展分配表（DIFAT）",
        Chain::Directory => "目录",
        Chain::MiniStream => "小扇区流",
        Chain::MiniFat => "小扇区分配表",
        Chain::Workbook => "工作簿流",
    }
}

fn chain_en(chain: Chain) -> &'static str {
    match chain {
        Chain::Difat => "DIFAT",
        Chain::Directory => "directory",
        Chain::MiniStream => "mini stream",
        Chain::MiniFat => "mini allocation table",
        Chain::Workbook => "workbook stream",
    }
}

fn damage_zh(d: &Damage) -> String {
    match d {
        Damage::Io { .. } => "无法从磁盘读取该文件".into(),
        Damage::ZipDirectory { .. } => "压缩包目录缺失或损坏，文件可能未传输完整".into(),
        Damage::Unpack { part: Some(p), .. } => format!("部件 {p} 无法解压"),
        Damage::Unpack { part: None, .. } => "有部件无法解压：数据损坏，或大小与记录不符".into(),
        Damage::MissingPart { part } => format!("缺少部件 {part}"),
        Damage::Xml { part: Some(p), .. } => format!("部件 {p} 的 XML 结构有误"),
        Damage::Xml { part: None, .. } => "工作簿的 XML 结构有误".into(),
        Damage::Unclosed {
            part,
            element: Unclosed::Table,
        } => format!("{part} 中有表格未闭合"),
        Damage::Unclosed {
            part,
            element: Unclosed::Note,
        } => format!("{part} 中有批注未闭合"),
        Damage::Ole(f) => match f {
            OleFault::SectorPastEnd { sector } => format!("复合文档的第 {sector} 扇区超出文件末尾"),
            OleFault::MiniSectorPastEnd { sector } => {
                format!("复合文档的第 {sector} 小扇区超出小扇区流末尾")
            }
            OleFault::Loops { chain } => format!("复合文档的{}扇区链首尾循环", chain_zh(*chain)),
            OleFault::NotAllocated { sector, chain } => {
                format!("复合文档{}的第 {sector} 扇区不在分配表内", chain_zh(*chain))
            }
            OleFault::MiniNotAllocated { sector } => {
                format!("复合文档的第 {sector} 小扇区不在小扇区分配表内")
            }
            OleFault::FatTooLarge => "复合文档的分配表比文件本身还大".into(),
            OleFault::ShortSheetRecord => "工作表目录记录（BoundSheet8）不完整".into(),
            OleFault::SheetPastEnd { sheet } => format!("工作表“{sheet}”的起点超出工作簿流末尾"),
        },
        Damage::Sheet { .. } => "工作表内容无法解析".into(),
        Damage::Workbook { .. } => "工作簿结构无法识别".into(),
    }
}

fn damage_en(d: &Damage) -> String {
    match d {
        Damage::Io { detail } => format!("the file could not be read: {detail}"),
        Damage::ZipDirectory { detail } => {
            format!("the zip directory is missing or damaged: {detail}")
        }
        Damage::Unpack {
            part: Some(p),
            detail,
        } => format!("part {p} cannot be unpacked: {detail}"),
        Damage::Unpack { part: None, detail } => format!("a part cannot be unpacked: {detail}"),
        Damage::MissingPart { part } => format!("part {part} is missing"),
        Damage::Xml {
            part: Some(p),
            detail,
        } => format!("the XML of part {p} is malformed: {detail}"),
        Damage::Xml { part: None, detail } => format!("the workbook's XML is malformed: {detail}"),
        Damage::Unclosed {
            part,
            element: Unclosed::Table,
        } => format!("{part}: a table is never closed"),
        Damage::Unclosed {
            part,
            element: Unclosed::Note,
        } => format!("{part}: a cell note is never closed"),
        Damage::Ole(f) => match f {
            OleFault::SectorPastEnd { sector } => {
                format!("OLE sector {sector} lies past the end of the file")
            }
            OleFault::MiniSectorPastEnd { sector } => {
                format!("OLE mini sector {sector} lies past the mini stream")
            }
            OleFault::Loops { chain } => {
                format!("the OLE sector chain of the {} loops", chain_en(*chain))
            }
            OleFault::NotAllocated { sector, chain } => format!(
                "OLE sector {sector} of the {} is not in the allocation table",
                chain_en(*chain)
            ),
            OleFault::MiniNotAllocated { sector } => {
                format!("OLE mini sector {sector} is not in the mini allocation table")
            }
            OleFault::FatTooLarge => "the OLE allocation table is larger than the file".into(),
            OleFault::ShortSheetRecord => "a BoundSheet8 record is too short".into(),
            OleFault::SheetPastEnd { sheet } => {
                format!("sheet {sheet} starts past the end of the workbook stream")
            }
        },
        Damage::Sheet { detail } => format!("the sheet cannot be read: {detail}"),
        Damage::Workbook { detail } => format!("the workbook's structure cannot be read: {detail}"),
    }
}
