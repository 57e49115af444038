//! The results workbook in Chinese.

use super::Zh;
use crate::messages::{CardLabels, ReportLabels, ReportTexts};
use crate::model::Status;
use crate::scheme::GradeRule;

const LABELS: ReportLabels = ReportLabels {
    title: "服务认证评分结果",

    summary_sheet: "汇总",
    detail_sheet: "明细",
    spread_sheet: "极差",
    radar_sheet: "雷达图",
    raters_sheet: "评价人明细",
    calibration_sheet: "评价人校准",
    problems_sheet: "问题清单",
    run_sheet: "运行信息",
    chart_data_sheet: "图表数据",

    organization: "机构名称",
    credit_code: "统一社会信用代码",
    scheme: "认证方案",
    scheme_title: "方案名称",
    service_sheets: "服务特性测评份数",
    service_score: "服务特性测评得分",
    maturity_sheets: "管理要求审核份数",
    maturity_total: "管理成熟度总分",
    level: "管理成熟度等级",
    conformity: "符合性审查",
    grade: "认证级别",
    note: "说明",
    previous_grade: "上次认证级别",
    grade_change: "级别变化",
    rater: "评价人",

    chart_title: "服务特性测评得分与级别线",
    score_axis: "得分",

    service_part: "服务特性测评（附录1）",
    maturity_part: "管理成熟度评审（附录3）",
    share: "得分率",

    date: "评价日期",
    source_file: "来源文件",
    clause_level: "等级",
    remarks: "评价说明",

    occasions: "评价次数",
    service_compared: "服务：可比组织数",
    service_mean_deviation: "服务：平均偏差",
    service_largest_deviation: "服务：最大偏差",
    maturity_compared: "管理：可比组织数",
    maturity_mean_deviation: "管理：平均偏差",
    maturity_largest_deviation: "管理：最大偏差",
    flag: "标记",
    service_high: "服务偏高",
    service_low: "服务偏低",
    maturity_high: "管理偏高",
    maturity_low: "管理偏低",
    separator: "，",

    file: "文件",
    location: "位置",
    severity: "级别",
    kind: "类别",
    message: "说明",
    file_outcome: "文件处理结果",
    kind_of_problem: "问题类别",
    errors: "错误",
    warnings: "警告",
    files: "涉及文件",
    total: "合计",
    no_problems: "没有发现问题",

    version: "工具版本",
    read: "读取工作簿",
    accepted: "采用",
    rejected: "退回",
    skipped: "跳过（空表）",
    organizations: "组织数",
    problems: "问题",
    grade_rule: "级别规则",
    otherwise: "否则",
    decision: "认证级别的判定",
    decision_note: "按第5.3条：认证结果从低至高分为 3 个等级，表中第 1、2、3 行依次为最低、中间、最高级别；各行的管理要求（二级、三级、四级及以上）不变，分数段采用认证级别栏为各级规定的分值（如三星级 80–89 分、四星级 90–94 分、五星级 ≥ 95 分）。须先通过管理要求符合性审查：任一份管理要求审核表的结论为“不通过”，即不予认证（得分照常列出）。按上表自最高级别起取第一个得分与管理成熟度均满足的级别；一个级别也达不到的，不予认证，不设更低级别。缺少有效的服务特性测评表或管理要求审核表的，为资料不全，不作判定。“说明”一栏写明限制级别的原因。",
    conformity_rule: "符合性审查",
    conformity_required: "须通过管理要求符合性审查，否则不予认证",
    csv_label: "CSV 文件",
    csv_note: "CSV 供程序读取（UTF-8，带 BOM）。请用本工作簿查看结果：在 Excel 或 WPS 中直接双击打开 CSV，全数字的统一社会信用代码会变成 9.13604E+17 这样的科学计数法，且无法恢复。如需在 Excel 中打开 CSV：数据 → 从文本/CSV 导入，在预览中把“统一社会信用代码”列的类型设为“文本”后再加载。",
    arithmetic: "计算规则",
    arithmetic_note: "α 取 4 位小数（四舍五入）；其余精确十进制计算；组织得分为各评价人得分的均值，最后四舍五入到 2 位小数，等级与级别按舍入后的数值判定。",
    summary_charts: "汇总图表",
    detail_sheets: "明细、极差、雷达图",
    previous_round: "上次结果",
    missing_now: "上次有、本次无",
};

const CARD: CardLabels = CardLabels {
    title: "评价结果",
    sheet: "成绩单",
    sheets_counted: "采用的评分表",
    thresholds: "得分与各级别要求",
    required_score: "服务特性测评得分",
    required_level: "管理成熟度等级",
    required_conformity: "符合性审查",
    met: "是否达到",
    must_pass: "须通过",
    yes: "达到",
    no: "未达到",
    this_organization: "本组织",
    parts: "各服务特性与管理要求：得分与分值",
    characteristic: "服务特性",
    group: "管理要求",
    points: "分值",
    mean_score: "得分",
    share: "得分率",
    weakest: "得分率最低的服务项目与管理条款",
    item: "服务项目",
    clause: "管理条款",
    remarks: "评价说明",
    no_remarks: "（评价人未填写评价说明）",
    raters: "评价人与评价日期",
    no_earlier: "（上次无此组织）",
};

impl ReportTexts for Zh {
    fn card_labels(&self) -> &'static CardLabels {
        &CARD
    }
    fn card_sheets(&self, service: usize, maturity: usize) -> String {
        format!("服务特性测评 {service} 份，管理要求审核 {maturity} 份")
    }
    fn more_remarks(&self, more: usize) -> String {
        format!("另有 {more} 条评价说明，见结果工作簿的“评价人明细”")
    }

    fn labels(&self) -> &'static ReportLabels {
        &LABELS
    }

    fn chart_subset(&self, shown: usize, total: usize) -> String {
        format!("（前 {shown} 个组织，共 {total} 个）")
    }

    fn with_points(&self, label: &str, points: u32) -> String {
        format!("{label}（{points}分）")
    }

    fn mean_legend(&self, weakest: usize) -> String {
        format!("均分；底色：得分率最低的 {weakest} 项")
    }

    fn spread_legend(&self, percent: u32) -> String {
        format!("极差；红字：评价人之间相差达分值的 {percent}%")
    }

    fn radar_heading(&self, charts: usize) -> String {
        format!("各服务特性的得分率（均分 ÷ 分值），前 {charts} 个有服务测评的组织（按“汇总”顺序）")
    }

    fn calibration_legend(
        &self,
        min_panel: usize,
        service_flag: u32,
        maturity_flag: u32,
    ) -> [String; 4] {
        [
            "偏差 = 评价人的得分 − 该组织全部有效评分的均值（含本人）。".into(),
            format!("只计至少 {min_panel} 位评价人的组织（可比组织）；平均偏差是这些组织上的均值。"),
            format!("服务平均偏差绝对值 ≥ {service_flag} 分，或管理平均偏差绝对值 ≥ {maturity_flag} 分时标记。"),
            "评价人按姓名识别：同名的两位评价人会被合并。".into(),
        ]
    }

    fn outcome(&self, status: Status) -> &'static str {
        match status {
            Status::Accepted => "已采用",
            Status::Rejected => "已退回",
            Status::Skipped => "已跳过",
        }
    }

    fn file_problems(&self, kinds: &[(&str, usize)]) -> String {
        let n: usize = kinds.iter().map(|(_, n)| n).sum();
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        format!("{n} 个问题：{}", list.join("，"))
    }

    fn problem_counts(&self, errors: usize, warnings: usize) -> String {
        format!("错误 {errors} 个，警告 {warnings} 个（按类别的统计见“问题清单”右侧）")
    }

    fn rule(&self, rule: &GradeRule) -> String {
        format!(
            "{}: 服务得分 ≥ {}, 管理等级 ≥ {}",
            rule.grade, rule.min_score, rule.min_level
        )
    }

    fn summary_charts_note(&self, limit: usize) -> String {
        format!("每个认证方案一张：各组织的服务特性测评得分（柱）与各级别的得分线（虚线）；每张最多 {limit} 个组织（按表中顺序）。")
    }

    fn detail_note(&self, weakest: usize, percent: u32, charts: usize, drawn: usize) -> String {
        format!("每个组织一行、每个服务特性、项目、管理要求与条款一列（表头注明分值）：“明细”为均分（各评价人得分的均值），“极差”为评价人之间最高减最低。“明细”中每个组织得分率（均分 ÷ 分值）最低的 {weakest} 个项目和 {weakest} 个条款加底色（并列时按序号；全部相同则不标）；“极差”中达到分值的 {percent}% 的标为红色。雷达图只画前 {charts} 个有服务测评的组织（本次 {drawn} 张），画各服务特性的得分率。")
    }

    fn previous_note(&self, changes: [usize; 4], missing: usize) -> String {
        let [up, down, same, new] = changes;
        format!("与上次结果（--previous）比较：升 {up}，降 {down}，持平 {same}，新增 {new}；上次有、本次无 {missing} 个（列于下方）")
    }
    fn calibration_note(
        &self,
        min_panel: usize,
        service_flag: u32,
        maturity_flag: u32,
        flagged: usize,
    ) -> String {
        format!("偏差 = 评价人的得分 − 该组织全部有效评分的均值（含本人），只计至少 {min_panel} 位评价人的组织；平均偏差为这些组织上的均值。服务得分平均偏差的绝对值 ≥ {service_flag} 分或管理成熟度总分 ≥ {maturity_flag} 分时标记（按四舍五入到 2 位小数后的数值判定）；本次标记 {flagged} 人。评价人按姓名识别（忽略空格与全角/半角差异）：同名的两位评价人会被合并为一人。")
    }
}
