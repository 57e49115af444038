//! File limits and damage in Chinese.

use super::Zh;
use crate::messages::damage::bytes;
use crate::messages::DamageTexts;
use crate::model::damage::*;

impl DamageTexts for Zh {
    #[rustfmt::skip]
    fn limit(&self, limit: &Limit) -> String {
        let cells = MAX_SHEET_CELLS;
        let prolog = bytes(MAX_PROLOG_BYTES);
        match limit {
            Limit::File { size } => format!("文件大小 {}，上限 {}", bytes(*size), bytes(MAX_FILE_BYTES)),
            Limit::Part { part, size } => format!("其中 {part} 解压后 {}，每个部件上限 {}", bytes(*size), bytes(MAX_PART_BYTES)),
            Limit::Total { size } => format!("解压后共 {}，上限 {}", bytes(*size), bytes(MAX_TOTAL_BYTES)),
            Limit::Ratio { part, size, packed } => format!("其中 {part} 由 {} 解压为 {}，超过 {MAX_RATIO} 倍，疑为压缩炸弹", bytes(*packed), bytes(*size)),
            Limit::Parts { count } => format!("压缩包内有 {count} 个部件，上限 {MAX_PARTS} 个"),
            Limit::Sheet { sheet, rows, cols } => format!("工作表“{sheet}”的范围达 {rows} 行 × {cols} 列，上限 {cells} 个单元格"),
            Limit::Strings { count } => format!("共享字符串表声明了 {count} 个字符串，上限 {MAX_SHARED_STRINGS} 个"),
            Limit::Prolog { part } => format!("其中 {part} 的前 {prolog} 内没有根元素"),
            Limit::Text { count } => format!("重复空格共达 {count} 个字符，上限 {MAX_TEXT_CHARS} 个"),
        }
    }

    fn damage(&self, d: &Damage) -> String {
        match d {
            Damage::Io { .. } => "无法从磁盘读取该文件".into(),
            Damage::ZipDirectory { .. } => "压缩包目录缺失或损坏，文件可能未传输完整".into(),
            Damage::Unpack { part: Some(p), .. } => format!("部件 {p} 无法解压"),
            Damage::Unpack { part: None, .. } => {
                "有部件无法解压：数据损坏，或大小与记录不符".into()
            }
            Damage::MissingPart { part } => format!("缺少部件 {part}"),
            Damage::Xml { part: Some(p), .. } => format!("部件 {p} 的 XML 结构有误"),
            Damage::Xml { part: None, .. } => "工作簿的 XML 结构有误".into(),
            Damage::Record { part } => format!("部件 {part} 中有记录不完整或长度超出部件"),
            Damage::Unclosed {
                part,
                element: Unclosed::Table,
            } => format!("{part} 中有表格未闭合"),
            Damage::Unclosed {
                part,
                element: Unclosed::Note,
            } => format!("{part} 中有批注未闭合"),
            Damage::Ole(f) => match f {
                OleFault::SectorPastEnd { sector } => {
                    format!("复合文档的第 {sector} 扇区超出文件末尾")
                }
                OleFault::MiniSectorPastEnd { sector } => {
                    format!("复合文档的第 {sector} 小扇区超出小扇区流末尾")
                }
                OleFault::Loops { chain } => {
                    format!("复合文档的{}扇区链首尾循环", chain_name(*chain))
                }
                OleFault::NotAllocated { sector, chain } => {
                    format!(
                        "复合文档{}的第 {sector} 扇区不在分配表内",
                        chain_name(*chain)
                    )
                }
                OleFault::MiniNotAllocated { sector } => {
                    format!("复合文档的第 {sector} 小扇区不在小扇区分配表内")
                }
                OleFault::FatTooLarge => "复合文档的分配表比文件本身还大".into(),
                OleFault::ShortSheetRecord => "工作表目录记录（BoundSheet8）不完整".into(),
                OleFault::SheetPastEnd { sheet } => {
                    format!("工作表“{sheet}”的起点超出工作簿流末尾")
                }
            },
            Damage::Sheet { .. } => "工作表内容无法解析".into(),
            Damage::Workbook { .. } => "工作簿结构无法识别".into(),
        }
    }
}

/// The name of a chain of sectors of a compound file.
fn chain_name(chain: Chain) -> &'static str {
    match chain {
        Chain::Difat => "扩展分配表（DIFAT）",
        Chain::Directory => "目录",
        Chain::MiniStream => "小扇区流",
        Chain::MiniFat => "小扇区分配表",
        Chain::Workbook => "工作簿流",
    }
}
