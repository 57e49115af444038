//! The web page's texts in Chinese.

use super::Zh;
use crate::messages::WebTexts;

impl WebTexts for Zh {
    fn web_title(&self) -> &'static str {
        "certsheet 评分表工具"
    }
    fn page_check(&self) -> &'static str {
        "检查评分表"
    }
    fn page_round(&self) -> &'static str {
        "汇总一轮"
    }
    fn page_template(&self) -> &'static str {
        "生成评分表"
    }
    fn other_language(&self) -> &'static str {
        "English"
    }
    fn check_intro(&self) -> &'static str {
        "把填好的评分表拖到下面，或点“选择文件”。每份文件给出结论和全部问题（工作表!单元格、填写的值、提示），与命令行 certsheet check 完全一致。"
    }
    fn round_intro(&self) -> &'static str {
        "把一轮收回的评分表拖到下面：可以是多个文件、一个 .zip 压缩包，或整个文件夹。可选上一轮的结果 CSV，以列出级别变化。得到问题清单、汇总表，以及结果工作簿、CSV 和成绩单的下载。"
    }
    fn template_intro(&self) -> &'static str {
        "选择认证方案（或上传方案文件），得到一份空白评分表；再上传名单，则为名单每行生成一份（表头已填好并锁定），打包为 .zip。"
    }
    fn drop_here(&self) -> &'static str {
        "把文件拖到这里"
    }
    fn choose_files(&self) -> &'static str {
        "选择文件"
    }
    fn choose_folder(&self) -> &'static str {
        "选择文件夹"
    }
    fn previous_label(&self) -> &'static str {
        "上一轮的结果 CSV（可选）"
    }
    fn scheme_label(&self) -> &'static str {
        "认证方案"
    }
    fn scheme_file_label(&self) -> &'static str {
        "或上传方案文件（.toml，可选）"
    }
    fn roster_label(&self) -> &'static str {
        "名单（CSV 或工作簿，可选）"
    }
    fn check_button(&self) -> &'static str {
        "检查"
    }
    fn round_button(&self) -> &'static str {
        "汇总"
    }
    fn template_button(&self) -> &'static str {
        "生成"
    }
    fn uploading(&self) -> &'static str {
        "正在上传"
    }
    fn working(&self) -> &'static str {
        "正在处理，请稍候…"
    }
    fn progress(&self, done: usize, total: usize) -> String {
        format!("正在读取：已读 {done} / {total} 份")
    }
    fn findings_heading(&self) -> &'static str {
        "问题"
    }
    fn no_findings(&self) -> &'static str {
        "没有发现问题"
    }
    fn summary_heading(&self) -> &'static str {
        "汇总"
    }
    fn downloads_heading(&self) -> &'static str {
        "下载"
    }
    fn download_results(&self) -> &'static str {
        "结果工作簿（结果.xlsx）"
    }
    fn download_csv(&self) -> &'static str {
        "结果 CSV（结果.csv）"
    }
    fn download_cards(&self) -> &'static str {
        "成绩单（成绩单.zip，每个组织一页）"
    }
    fn download_templates(&self, count: usize) -> String {
        if count == 1 {
            "下载评分表".to_string()
        } else {
            format!("下载 {count} 份评分表（评分表.zip）")
        }
    }
    fn templates_made(&self, count: usize) -> String {
        format!("已按名单生成 {count} 份评分表（表头已填好并锁定），打包为 评分表.zip")
    }
    fn expires(&self, minutes: u64) -> String {
        format!("此页面和下载链接 {minutes} 分钟后失效，届时上传的文件和结果都会删除。")
    }
    fn new_request(&self) -> &'static str {
        "重新开始"
    }
    fn verdict_heading(&self) -> &'static str {
        "结论"
    }
    fn file_heading(&self) -> &'static str {
        "文件"
    }
    fn results_file(&self) -> &'static str {
        "结果.xlsx"
    }
    fn csv_file(&self) -> &'static str {
        "结果.csv"
    }
    fn cards_file(&self) -> &'static str {
        "成绩单.zip"
    }
    fn templates_file(&self) -> &'static str {
        "评分表.zip"
    }
    fn no_files(&self) -> &'static str {
        "没有收到文件：请选择或拖入至少一份评分表"
    }
    fn too_many_files(&self, limit: usize) -> String {
        format!("文件太多：一次最多上传 {limit} 个文件（压缩包中的文件也算在内）。请分批上传")
    }
    fn too_large(&self, limit_bytes: u64) -> String {
        format!(
            "上传的内容太大：一次最多 {} MB（压缩包按解压后的大小计算）。请分批上传",
            limit_bytes / (1024 * 1024)
        )
    }
    fn zip_unreadable(&self, name: &str) -> String {
        format!("压缩包 {name} 无法打开：不是 .zip 文件，或已损坏")
    }
    fn zip_unsafe_name(&self, zip: &str, entry: &str) -> String {
        format!("压缩包 {zip} 中有不安全的文件名“{entry}”（绝对路径或含有 ..），整个压缩包未处理")
    }
    fn zip_bomb(&self, zip: &str, entry: &str) -> String {
        format!("压缩包 {zip} 中的“{entry}”解压后过大或压缩比异常（可能是“压缩炸弹”），整个压缩包未处理")
    }
    fn upload_broken(&self) -> &'static str {
        "上传中断或格式有误，请重试"
    }
    fn need_scheme(&self) -> &'static str {
        "请选择认证方案，或上传方案文件，或上传带“认证方案”列的名单"
    }
    fn forbidden(&self) -> &'static str {
        "需要访问令牌：请使用 certsheet serve 启动时显示的完整链接（含 ?token=…）打开此页面"
    }
    fn expired(&self, minutes: u64) -> String {
        format!("此链接已失效或不存在：结果只保留 {minutes} 分钟，之后连同上传的文件一起删除。请重新上传")
    }
    fn not_found(&self) -> &'static str {
        "没有这个页面"
    }
    fn failed(&self) -> &'static str {
        "处理失败"
    }
    fn bad_address(&self) -> &'static str {
        "应为 IP 地址，如 127.0.0.1、0.0.0.0 或 ::1"
    }
    fn bad_port(&self) -> &'static str {
        "应为 0 到 65535 之间的整数（0：任一空闲端口）"
    }
    fn cannot_listen(&self, addr: &str) -> String {
        format!("无法在 {addr} 上监听（端口已被占用，或没有权限？可用 --port 换一个端口）")
    }
    fn serving(&self, url: &str) -> String {
        format!(
            "certsheet 网页已启动，请在浏览器中打开：{url}\n按 Ctrl-C 停止（停止时删除所有上传的文件和结果）"
        )
    }
    fn stopped(&self) -> &'static str {
        "已停止：所有上传的文件和结果已删除"
    }
}
