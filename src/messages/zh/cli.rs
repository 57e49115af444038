use std::io::ErrorKind;

use super::Zh;
use crate::messages::{ArgProblem, CliTexts};

impl CliTexts for Zh {
    #[rustfmt::skip]
    fn command_about(&self, path: &str) -> Option<(&'static str, &'static str)> {
        Some(match path {
            "certsheet" => (
                "生成服务认证评分表（Excel 工作簿），并汇总收回的评分表",
                "生成服务认证评分表（Excel 工作簿），并汇总收回的评分表。\n\n\
                 后台人员按名单为每个受评组织和评价人生成评分表（template），评价人在附录1\
                 填写每项的经验系数 α、在附录3填写每条的成熟度等级；汇总（ingest）读取收回的\
                 评分表，校验每个数值，计算各组织的得分和认证级别，写出结果工作簿和 CSV。\n\n\
                 退出状态：0 全部有效；1 已写出结果，但有评分表被退回或输入缺失（check：发现问题）；\
                 2 未做任何事（参数有误、没有可读取的输入、输出不能写入）；130 被中断（Ctrl-C），未写出任何结果。",
            ),
            "certsheet schemes" => (
                "列出内置的认证方案，或打印某个方案的 TOML",
                "列出内置的认证方案，或打印某个方案的 TOML。\n\n示例：\n  \
                 certsheet schemes\n  \
                 certsheet schemes show complaint > 我的方案.toml",
            ),
            "certsheet schemes show" => (
                "打印方案的 TOML（复制后修改，即可制定新的方案）",
                "打印方案的 TOML（复制后修改，即可制定新的方案）。",
            ),
            "certsheet template" => (
                "生成空白评分表，或按名单每行生成一份",
                "生成空白评分表，或按名单每行生成一份（表头已填好并锁定）。已存在的文件不会被覆盖。\n\n示例：\n  \
                 certsheet template --scheme complaint --out 空白表\n  \
                 certsheet template --scheme quality-credit --roster 名单.csv --out 评分表\n  \
                 certsheet template --roster 名单.xlsx --out 评分表   # 按每行的“认证方案”\n  \
                 certsheet template --scheme ./我的方案.toml --out 评分表",
            ),
            "certsheet check" => (
                "只校验收回的评分表，不写任何文件（评价人发回前自查）",
                "只校验收回的评分表，不写任何文件（评价人发回前自查）。结论与 ingest 完全一致：\
                 每份文件一行结论及其全部问题，最后一行合计。发现问题时退出状态为 1。\n\n示例：\n  \
                 certsheet check 张三.xlsx\n  \
                 certsheet check 回收/",
            ),
            "certsheet ingest" => (
                "读取收回的评分表，计算各组织的得分和认证级别，写出结果",
                "读取收回的评分表，计算各组织的得分和认证级别，写出结果工作簿（和 CSV）。\
                 问题和汇总输出到标准输出（可用 > 记录.txt 保存），进度条输出到标准错误。\n\n示例：\n  \
                 certsheet ingest 回收/ --out 结果.xlsx --csv 结果.csv\n  \
                 certsheet ingest a.xlsx b.xlsx --out 结果.xlsx --strict\n  \
                 certsheet ingest 回收/ --out 结果.xlsx --previous 上轮结果.csv --cards 成绩单\n  \
                 CERTSHEET_TIMINGS=1 certsheet ingest 回收/ --out 结果.xlsx   # 另外打印各步骤用时",
            ),
            "certsheet serve" => (
                "启动本机网页：在浏览器中检查评分表、汇总一轮、生成评分表",
                "启动本机网页：在浏览器中检查评分表、汇总一轮、生成评分表，供不用命令行的同事使用。\n\n\
                 启动后显示要打开的网址；按 Ctrl-C 停止，并删除所有上传的文件和结果。默认只监听 127.0.0.1\
                 （仅本机可用）；用 --bind 监听其他地址时，显示的链接带访问令牌，每位访问者都需要它。\n\n示例：\n  \
                 certsheet serve\n  \
                 certsheet serve --port 9000\n  \
                 certsheet serve --bind 0.0.0.0   # 办公室其他电脑凭令牌访问",
            ),
            _ => return None,
        })
    }

    fn usage(&self, path: &str) -> Option<&'static str> {
        Some(match path {
            "certsheet" => "certsheet [--lang zh|en] <命令>",
            "certsheet schemes" => "certsheet schemes [show <方案标识>]",
            "certsheet schemes show" => "certsheet schemes show <方案标识>",
            "certsheet template" => {
                "certsheet template [--scheme <方案>] [--roster <名单>] --out <文件夹>"
            }
            "certsheet check" => "certsheet check <路径>... [选项]",
            "certsheet ingest" => "certsheet ingest <路径>... --out <结果.xlsx> [选项]",
            "certsheet serve" => "certsheet serve [--bind <地址>] [--port <端口>]",
            _ => return None,
        })
    }

    #[rustfmt::skip]
    fn arg_help(&self, path: &str, arg: &str) -> Option<&'static str> {
        let command = path.rsplit(' ').next().unwrap_or(path);
        Some(match (command, arg) {
            (_, "lang") => "消息和报告标签的语言：zh（中文，默认）或 en（英文）；评分表本身始终为中文",
            ("show", "id") => "内置方案的标识（见 certsheet schemes）",
            ("template", "scheme") => "内置方案的标识（见 certsheet schemes）或方案 .toml 文件的路径；名单有“认证方案”列时可省略",
            ("template", "roster") => "名单：CSV（UTF-8、GBK/GB18030 或 Excel 的“Unicode 文本”；逗号、分号或制表符分隔）或工作簿（.xlsx/.xls/.ods，读第一张表），列为 机构名称、评价人［、统一社会信用代码、评价日期、认证方案］，顺序不限",
            ("template", "out") => "写入评分表的文件夹（不存在则创建）",
            (_, "paths") => "评分表文件，或文件夹（递归查找 .xlsx/.xlsm/.xlsb/.xls/.ods）",
            (_, "schemes") => "同时接受此方案文件的评分表（可重复）",
            ("check", "jobs") => "工作线程数，1–256（默认：全部核心）",
            ("ingest", "jobs") => "各步骤（读取、汇总、写出）的工作线程数，1–256（默认：全部核心）",
            ("ingest", "out") => "要写出的结果工作簿（.xlsx）",
            ("ingest", "csv") => "同时写出 CSV 格式的结果（UTF-8，带 BOM；请用 .xlsx 查看，代码列才是文本）",
            ("ingest", "strict") => "有任何评分表被退回或输入缺失时，不写出任何结果",
            ("ingest", "previous") => "上一轮的结果 CSV（本工具写出的）：列出各组织上次的认证级别和变化",
            ("serve", "bind") => "监听的地址（默认 127.0.0.1：仅本机）；其他地址需要启动时显示的访问令牌",
            ("serve", "port") => "监听的端口（默认 8470；0 表示任一空闲端口，启动时显示实际端口）",
            ("ingest", "cards") => "为每个组织写出一页的成绩单（.xlsx）到此文件夹",
            _ => return None,
        })
    }

    fn value_name(&self, arg: &str) -> Option<&'static str> {
        Some(match arg {
            "lang" => "语言",
            "id" => "方案标识",
            "scheme" | "schemes" => "方案",
            "roster" => "名单",
            "out" => "路径",
            "paths" => "路径",
            "csv" => "结果.csv",
            "jobs" => "线程数",
            "previous" => "上轮结果.csv",
            "cards" => "文件夹",
            "bind" => "地址",
            "port" => "端口",
            _ => return None,
        })
    }

    fn headings(&self) -> Option<[&'static str; 4]> {
        Some(["用法：", "参数：", "选项：", "命令："])
    }

    fn help_flag(&self) -> &'static str {
        "显示帮助（-h 为摘要）"
    }

    fn version_flag(&self) -> &'static str {
        "显示版本"
    }

    fn arg_problem(&self, p: &ArgProblem) -> String {
        let suggest = |s: &Option<String>| {
            s.as_ref()
                .map(|s| format!("（是否想用 {s}？）"))
                .unwrap_or_default()
        };
        match p {
            ArgProblem::InvalidValue { arg, value, valid } if valid.is_empty() => {
                format!("“{value}”不是 {arg} 的有效值")
            }
            ArgProblem::InvalidValue { arg, value, valid } => {
                format!("“{value}”不是 {arg} 的有效值（可用：{}）", valid.join("、"))
            }
            ArgProblem::BadValue { arg, value, reason } => {
                format!("{arg} 的值“{value}”无效：{reason}")
            }
            ArgProblem::UnknownArgument { arg, suggested } => {
                format!("无法识别的参数“{arg}”{}", suggest(suggested))
            }
            ArgProblem::UnknownCommand { name, suggested } => format!(
                "无法识别的命令“{name}”{}（可用：schemes、template、check、ingest、serve）",
                suggest(suggested)
            ),
            ArgProblem::MissingArgument { args } => {
                format!("缺少必需的参数：{}", args.join("、"))
            }
            ArgProblem::MissingCommand => {
                "请给出命令：schemes、template、check、ingest 或 serve".to_string()
            }
            ArgProblem::Conflict { arg, other } => format!("{arg} 不能与 {other} 同时使用"),
            ArgProblem::Repeated { arg } => format!("{arg} 只能给出一次"),
            ArgProblem::WrongCount { arg } => format!("{arg} 的值个数不对"),
            ArgProblem::NotUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".to_string(),
            ArgProblem::Other => "参数有误".to_string(),
        }
    }

    fn see_help(&self, usage: &str, path: &str) -> String {
        format!("用法：{usage}\n\n运行 {path} --help 查看说明和示例。")
    }

    fn io_error(&self, e: &std::io::Error) -> String {
        let phrase = match e.kind() {
            ErrorKind::NotFound => "找不到该文件或文件夹",
            ErrorKind::PermissionDenied => "没有权限",
            ErrorKind::AlreadyExists => "已有同名的文件或文件夹",
            ErrorKind::IsADirectory => "这是一个文件夹",
            ErrorKind::NotADirectory => "路径中有一段不是文件夹",
            ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
            ErrorKind::StorageFull => "磁盘已满",
            ErrorKind::QuotaExceeded => "超出磁盘配额",
            ErrorKind::ReadOnlyFilesystem => "所在的磁盘是只读的",
            ErrorKind::FileTooLarge => "文件过大",
            ErrorKind::InvalidFilename => "文件名无效或过长",
            ErrorKind::CrossesDevices => "不能跨磁盘移动文件",
            ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "文件正被占用",
            ErrorKind::Interrupted => "操作被中断",
            ErrorKind::UnexpectedEof => "文件意外结束",
            ErrorKind::WriteZero => "无法写入",
            ErrorKind::OutOfMemory => "内存不足",
            ErrorKind::TimedOut => "操作超时",
            ErrorKind::InvalidData | ErrorKind::InvalidInput => "数据无效",
            ErrorKind::Unsupported => "此系统不支持该操作",
            _ => {
                return match e.raw_os_error() {
                    Some(code) => format!("操作系统错误（代码 {code}）"),
                    None => "操作系统错误".to_string(),
                }
            }
        };
        phrase.to_string()
    }

    fn internal_error(&self) -> &'static str {
        "内部错误"
    }
}
