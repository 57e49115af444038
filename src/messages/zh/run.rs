//! The run's own messages in Chinese.

use std::path::Path;

use super::Zh;
use crate::messages::RunTexts;
use crate::model::{Counts, Status};

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
    fn kept_existing(&self, path: &Path) -> String {
        format!("已存在，未覆盖：{}", path.display())
    }
}
