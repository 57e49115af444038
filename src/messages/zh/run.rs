//! The run's own messages in Chinese.

use std::path::Path;

use super::Zh;
use crate::messages::RunTexts;
use crate::model::{Counts, Status};
use crate::results::previous::PreviousError;

impl RunTexts for Zh {
    fn jobs_range(&self) -> &'static str {
        "应为 1 到 256 之间的整数"
    }
    fn no_workbooks(&self) -> &'static str {
        "没有找到可读取的工作簿（.xlsx/.xlsm/.xls/.ods）"
    }
    fn strict_nothing_written(&self) -> &'static str {
        "--strict：有工作簿被退回，未写入任何结果文件"
    }
    fn counts(&self, c: &Counts, organizations: usize) -> String {
        let mut line = format!(
            "读取 {} 份，采用 {} 份，退回 {} 份，跳过 {} 份；{organizations} 个组织",
            c.read, c.accepted, c.rejected, c.skipped
        );
        if c.hidden > 0 {
            line.push_str(&format!("；另有 {} 个锁定或隐藏文件未读取", c.hidden));
        }
        if c.ignored > 0 {
            line.push_str(&format!("；{} 个其他文件已忽略", c.ignored));
        }
        line
    }
    fn written(&self, out: &Path, csv: Option<&Path>) -> String {
        match csv {
            Some(csv) => format!("结果：{}\nCSV：{}", out.display(), csv.display()),
            None => format!("结果：{}", out.display()),
        }
    }
    fn check_total(&self, c: &Counts) -> String {
        format!(
            "共检查 {} 份：通过 {} 份，退回 {} 份，跳过 {} 份",
            c.read, c.accepted, c.rejected, c.skipped
        )
    }
    fn verdict(&self, status: Status) -> &'static str {
        match status {
            Status::Accepted => "通过",
            Status::Rejected => "退回",
            Status::Skipped => "跳过（空表）",
        }
    }
    fn output_is_folder(&self, path: &Path) -> String {
        format!("输出路径 {} 是一个文件夹，请给出文件名", path.display())
    }
    fn output_folder_missing(&self, folder: &Path) -> String {
        format!("输出文件夹 {} 不存在", folder.display())
    }
    fn cannot_write_in(&self, folder: &Path) -> String {
        format!("无法在 {} 写入文件", folder.display())
    }
    fn cannot_write(&self, path: &Path) -> String {
        format!("无法写入 {}", path.display())
    }
    fn cannot_create_folder(&self, folder: &Path) -> String {
        format!("无法创建文件夹 {}", folder.display())
    }
    fn cannot_read_roster(&self, path: &Path) -> String {
        format!("无法读取名单 {}", path.display())
    }
    fn wrote_blank(&self, path: &Path) -> String {
        format!("已生成空白评分表：{}", path.display())
    }
    fn output_not_regular(&self, path: &Path) -> String {
        format!(
            "输出路径 {} 不是普通文件（设备、管道或套接字），不能写入",
            path.display()
        )
    }
    fn output_read_only(&self, path: &Path) -> String {
        format!("输出文件 {} 是只读的，未写入", path.display())
    }
    fn output_not_xlsx(&self, path: &Path) -> String {
        format!("结果工作簿 {} 的文件名须以 .xlsx 结尾", path.display())
    }
    fn output_same_as_csv(&self, path: &Path) -> String {
        format!(
            "--csv 与 --out 是同一个文件（{}），请给出两个不同的文件名",
            path.display()
        )
    }
    fn output_is_input(&self, path: &Path) -> String {
        format!(
            "输出文件 {} 也是要读取的输入文件，请换一个输出路径",
            path.display()
        )
    }
    fn interrupted(&self) -> &'static str {
        "已中断：未写入任何结果文件"
    }
    fn interrupted_after_writing(&self) -> &'static str {
        "已中断：结果文件在中断前已写入"
    }
    fn cards_not_a_folder(&self, path: &Path) -> String {
        format!("--cards {} 已存在且不是文件夹（或是链接）", path.display())
    }
    fn cards_folder_not_ours(&self, path: &Path) -> String {
        format!("--cards {} 中已有其他文件（不是本工具写出的成绩单文件夹）：成绩单文件夹会整体替换，请指定新的或空的文件夹", path.display())
    }
    fn wrote_cards(&self, count: usize, folder: &Path) -> String {
        format!("成绩单：{count} 份，位于 {}", folder.display())
    }
    fn cannot_read_previous(&self, path: &Path) -> String {
        format!("无法读取上次结果 {}", path.display())
    }
    fn previous_unusable(&self, path: &Path, why: &PreviousError) -> String {
        let what = match why {
            PreviousError::TooLarge { size, limit } => format!("文件过大（{size} 字节，上限 {limit} 字节）"),
            PreviousError::Unreadable { line, why } => format!("第 {line} 行无法按 CSV 读取（{why}）"),
            PreviousError::Header { found } => format!("首行不是本工具结果 CSV 的表头（应以“机构名称,统一社会信用代码,认证方案,…”开始，实为“{}”）", crate::messages::shown_value(found)),
            PreviousError::Fields { line, found, expected } => format!("第 {line} 行有 {found} 列，表头为 {expected} 列"),
            PreviousError::Empty { line, column } => format!("第 {line} 行的“{column}”为空"),
            PreviousError::Grade { line, grade, scheme } => format!("第 {line} 行的认证级别“{}”不是方案 {scheme} 的级别", crate::messages::shown_value(grade)),
            PreviousError::Duplicate { line, first, name } => format!("第 {line} 行与第 {first} 行是同一方案下的同一组织（{}）", crate::messages::shown_value(name)),
        };
        format!(
            "上次结果 {} 不可用：{what}；未写入任何文件。请给出本工具写出的结果 CSV",
            path.display()
        )
    }
    fn kept_existing(&self, path: &Path) -> String {
        format!("已存在，未覆盖：{}", path.display())
    }
}
