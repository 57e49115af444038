//! The results workbook in English.

use super::En;
use crate::messages::{CardLabels, ReportLabels, ReportTexts};
use crate::model::Status;
use crate::scheme::GradeRule;

const LABELS: ReportLabels = ReportLabels {
    title: "Service certification results",

    summary_sheet: "Summary",
    detail_sheet: "Detail",
    spread_sheet: "Spread",
    radar_sheet: "Radar",
    raters_sheet: "Raters",
    calibration_sheet: "Calibration",
    problems_sheet: "Problems",
    run_sheet: "Run",
    chart_data_sheet: "ChartData",

    organization: "Organization",
    credit_code: "Credit code",
    scheme: "Scheme",
    scheme_title: "Scheme title",
    service_sheets: "Service sheets",
    service_score: "Service score",
    maturity_sheets: "Management audit sheets",
    maturity_total: "Maturity total",
    level: "Management level",
    conformity: "Conformity review",
    grade: "Grade",
    note: "Note",
    previous_grade: "Previous grade",
    grade_change: "Change",
    rater: "Rater",

    chart_title: "service score against the grade thresholds",
    score_axis: "Score",

    service_part: "Service assessment (Appendix 1)",
    maturity_part: "Management maturity (Appendix 3)",
    share: "Share",

    date: "Date",
    source_file: "Source file",
    clause_level: "level",
    remarks: "Remarks (评价说明)",

    occasions: "Assessments",
    service_compared: "Service: compared",
    service_mean_deviation: "Service: mean deviation",
    service_largest_deviation: "Service: largest deviation",
    maturity_compared: "Maturity: compared",
    maturity_mean_deviation: "Maturity: mean deviation",
    maturity_largest_deviation: "Maturity: largest deviation",
    flag: "Flag",
    service_high: "service high",
    service_low: "service low",
    maturity_high: "maturity high",
    maturity_low: "maturity low",
    separator: ", ",

    file: "File",
    location: "Location",
    severity: "Severity",
    kind: "Kind",
    message: "Message",
    file_outcome: "File outcome",
    kind_of_problem: "Kind of problem",
    errors: "Errors",
    warnings: "Warnings",
    files: "Files",
    total: "Total",
    no_problems: "No problems found",

    version: "Tool version",
    read: "Workbooks read",
    accepted: "Accepted",
    rejected: "Rejected",
    skipped: "Skipped (empty)",
    organizations: "Organizations",
    problems: "Problems",
    grade_rule: "grade rule",
    otherwise: "otherwise",
    decision: "Decision",
    decision_note: "Section 5.3 read by rank: results rank from low to high in 3 grades, so the table's rows 1, 2, 3 are the lowest, middle and top grade; each row keeps its management requirement (二级, 三级, 四级 or above), and its score band is the one the grade column sets for that grade (e.g. 三星级 80–89, 四星级 90–94, 五星级 ≥ 95). A passed conformity review of the management requirements comes first: any maturity sheet concluding 不通过 (not passed) means 不予认证 (not certified), the scores still reported. Otherwise the first grade from the top whose score and management level are both met; none met means 不予认证, there is no grade below the lowest. Without a valid service sheet and a valid maturity sheet: incomplete, no decision. The note (说明) names what held the grade down.",
    conformity_rule: "Conformity review",
    conformity_required: "must be passed, else not certified",
    csv_label: "CSV file",
    csv_note: "The CSV is for programs (UTF-8 with BOM). Read the results in this workbook: opened by a double click in Excel or WPS, an all-digit credit code in the CSV turns into scientific notation (9.13604E+17) for good. To open the CSV in Excel: Data → From Text/CSV, set the type of the 统一社会信用代码 column to Text in the preview, then load.",
    arithmetic: "Arithmetic",
    arithmetic_note: "α to 4 decimals (half-up); exact decimal arithmetic; organization figures are the mean over raters, rounded half-up to 2 decimals once at the end; levels and grades decided on the rounded figures.",
    summary_charts: "Summary charts",
    detail_sheets: "Detail, Spread, Radar",
    previous_round: "Previous round",
    missing_now: "Missing this round",
};

const CARD: CardLabels = CardLabels {
    title: "assessment result",
    sheet: "Card",
    sheets_counted: "Sheets counted",
    thresholds: "Scores against each grade's requirements",
    required_score: "Service score",
    required_level: "Management level",
    required_conformity: "Conformity review",
    met: "Met",
    must_pass: "passed",
    yes: "met",
    no: "not met",
    this_organization: "This organization",
    parts: "Characteristics and requirement groups: score against points",
    characteristic: "Characteristic",
    group: "Requirement group",
    points: "Points",
    mean_score: "Score",
    share: "Share",
    weakest: "Weakest items and clauses (lowest share of their points)",
    item: "Item",
    clause: "Clause",
    remarks: "Auditors' remarks (评价说明)",
    no_remarks: "(no remarks from the auditors)",
    raters: "Raters and dates",
    no_earlier: "(not in the earlier round)",
};

impl ReportTexts for En {
    fn card_labels(&self) -> &'static CardLabels {
        &CARD
    }
    fn card_sheets(&self, service: usize, maturity: usize) -> String {
        format!("{service} service sheet(s), {maturity} maturity sheet(s)")
    }
    fn more_remarks(&self, more: usize) -> String {
        format!("{more} more remark(s): see the sheet Raters of the results workbook")
    }

    fn labels(&self) -> &'static ReportLabels {
        &LABELS
    }

    fn chart_subset(&self, shown: usize, total: usize) -> String {
        format!(" (first {shown} of {total} organizations)")
    }

    fn with_points(&self, label: &str, points: u32) -> String {
        format!("{label} ({points})")
    }

    fn mean_legend(&self, weakest: usize) -> String {
        format!("Means; shaded: the {weakest} lowest shares")
    }

    fn spread_legend(&self, percent: u32) -> String {
        format!("Spreads; red: raters differ by {percent}% of the points or more")
    }

    fn radar_heading(&self, charts: usize) -> String {
        format!("Each characteristic's share (mean ÷ points), first {charts} organizations with service sheets (in Summary order)")
    }

    fn calibration_legend(
        &self,
        min_panel: usize,
        service_flag: u32,
        maturity_flag: u32,
    ) -> [String; 4] {
        [
            "Deviation = the rater's score − the mean of all valid sheets of the organization (the rater's included).".into(),
            format!("Only organizations with at least {min_panel} raters count (compared); the mean deviation is over those."),
            format!("Flagged when |mean service deviation| ≥ {service_flag} or |mean maturity deviation| ≥ {maturity_flag}."),
            "Raters are identified by name: two raters with the same name are merged.".into(),
        ]
    }

    fn outcome(&self, status: Status) -> &'static str {
        match status {
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        }
    }

    fn file_problems(&self, kinds: &[(&str, usize)]) -> String {
        let n: usize = kinds.iter().map(|(_, n)| n).sum();
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        let s = if n == 1 { "" } else { "s" };
        format!("{n} problem{s}: {}", list.join(", "))
    }

    fn problem_counts(&self, errors: usize, warnings: usize) -> String {
        format!("{errors} errors, {warnings} warnings (counts per kind beside the Problems list)")
    }

    fn rule(&self, rule: &GradeRule) -> String {
        format!(
            "{}: service score ≥ {}, management level ≥ {}",
            rule.grade, rule.min_score, rule.min_level
        )
    }

    fn summary_charts_note(&self, limit: usize) -> String {
        format!("one per scheme: each organization's service score (columns) and each grade's threshold (dashed lines); at most {limit} organizations per chart (in table order).")
    }

    fn detail_note(&self, weakest: usize, percent: u32, charts: usize, drawn: usize) -> String {
        format!("a row per organization, a column per characteristic, item, requirement group and clause (its points in the heading): Detail holds the mean score over raters, Spread the highest minus the lowest rater. In Detail, each organization's {weakest} items and {weakest} clauses with the lowest share (mean ÷ points) are shaded (ties by code; none when all are equal); in Spread, a spread of {percent}% of the points or more is red. Radar charts of the characteristics' shares only for the first {charts} organizations with service sheets ({drawn} in this run).")
    }

    fn previous_note(&self, changes: [usize; 4], missing: usize) -> String {
        let [up, down, same, new] = changes;
        format!("compared with the earlier results (--previous): up {up}, down {down}, same {same}, new {new}; {missing} earlier organization(s) missing this round (listed below)")
    }
    fn calibration_note(
        &self,
        min_panel: usize,
        service_flag: u32,
        maturity_flag: u32,
        flagged: usize,
    ) -> String {
        format!("deviation = the rater's score − the mean of all valid sheets of that organization (the rater's included), only for organizations with at least {min_panel} raters; the mean deviation is over those organizations. Flagged when |mean service deviation| ≥ {service_flag} points or |mean maturity deviation| ≥ {maturity_flag} (on the figures rounded to 2 decimals); {flagged} flagged in this run. Raters are identified by name (spaces and full-/half-width folded): two raters with the same name are merged.")
    }
}
