//! The texts of the results workbook: sheet names, headings, legends, and the
//! notes saying how its figures are worked out. (Not the CSV header: it is
//! Chinese whatever `--lang`, and lives with the summary columns it names.)

use crate::model::Status;
use crate::scheme::GradeRule;

/// The fixed labels of the results workbook in one language.
#[derive(Debug)]
pub struct ReportLabels {
    /// The workbook's title (its document properties).
    pub title: &'static str,

    // Sheet names.
    pub summary_sheet: &'static str,
    pub detail_sheet: &'static str,
    pub spread_sheet: &'static str,
    pub radar_sheet: &'static str,
    pub raters_sheet: &'static str,
    pub calibration_sheet: &'static str,
    pub problems_sheet: &'static str,
    pub run_sheet: &'static str,
    /// The hidden sheet the charts plot.
    pub chart_data_sheet: &'static str,

    // What several sheets name: the summary's headings, and more.
    pub organization: &'static str,
    pub credit_code: &'static str,
    pub scheme: &'static str,
    /// The scheme's title, beside its id in 汇总.
    pub scheme_title: &'static str,
    pub service_sheets: &'static str,
    pub service_score: &'static str,
    pub maturity_sheets: &'static str,
    pub maturity_total: &'static str,
    pub level: &'static str,
    /// The conformity review (符合性审查).
    pub conformity: &'static str,
    pub grade: &'static str,
    /// The note (说明) explaining a grade.
    pub note: &'static str,
    /// The earlier round's grade and the change (`--previous`).
    pub previous_grade: &'static str,
    pub grade_change: &'static str,
    pub rater: &'static str,

    // 汇总's charts.
    pub chart_title: &'static str,
    pub score_axis: &'static str,

    // 明细, 极差, 雷达图.
    pub service_part: &'static str,
    pub maturity_part: &'static str,
    pub share: &'static str,

    // 评价人明细.
    pub date: &'static str,
    pub source_file: &'static str,
    /// Before a clause code: the level entered for that clause.
    pub clause_level: &'static str,
    /// The auditor's 评价说明 on items and clauses.
    pub remarks: &'static str,

    // 评价人校准.
    /// A rater's assessments (occasions) counted in calibration.
    pub occasions: &'static str,
    pub service_compared: &'static str,
    pub service_mean_deviation: &'static str,
    pub service_largest_deviation: &'static str,
    pub maturity_compared: &'static str,
    pub maturity_mean_deviation: &'static str,
    pub maturity_largest_deviation: &'static str,
    pub flag: &'static str,
    pub service_high: &'static str,
    pub service_low: &'static str,
    pub maturity_high: &'static str,
    pub maturity_low: &'static str,
    /// Between the marks of one flagged rater.
    pub separator: &'static str,

    // 问题清单.
    pub file: &'static str,
    pub location: &'static str,
    pub severity: &'static str,
    pub kind: &'static str,
    pub message: &'static str,
    pub file_outcome: &'static str,
    pub kind_of_problem: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub files: &'static str,
    pub total: &'static str,
    pub no_problems: &'static str,

    // 运行信息.
    pub version: &'static str,
    pub read: &'static str,
    pub accepted: &'static str,
    pub rejected: &'static str,
    pub skipped: &'static str,
    pub organizations: &'static str,
    pub problems: &'static str,
    pub grade_rule: &'static str,
    pub otherwise: &'static str,
    /// How section 5.3 is read: the decision, in one paragraph.
    pub decision: &'static str,
    pub decision_note: &'static str,
    /// A scheme's conformity rule, and its text when a passed review is required.
    pub conformity_rule: &'static str,
    pub conformity_required: &'static str,
    pub arithmetic: &'static str,
    pub arithmetic_note: &'static str,
    /// How to open the CSV without Excel turning credit codes into numbers.
    pub csv_label: &'static str,
    pub csv_note: &'static str,
    pub summary_charts: &'static str,
    pub detail_sheets: &'static str,
    /// 运行信息: the earlier round compared, and its organizations missing now.
    pub previous_round: &'static str,
    pub missing_now: &'static str,
}

/// The fixed labels of a report card (`--cards`) in one language.
#[derive(Debug)]
pub struct CardLabels {
    /// The card's heading, after the scheme's title.
    pub title: &'static str,
    pub sheet: &'static str,
    pub sheets_counted: &'static str,
    pub thresholds: &'static str,
    pub required_score: &'static str,
    pub required_level: &'static str,
    pub required_conformity: &'static str,
    pub met: &'static str,
    pub must_pass: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub this_organization: &'static str,
    pub parts: &'static str,
    pub characteristic: &'static str,
    pub group: &'static str,
    pub points: &'static str,
    pub mean_score: &'static str,
    pub share: &'static str,
    pub weakest: &'static str,
    pub item: &'static str,
    pub clause: &'static str,
    pub remarks: &'static str,
    pub no_remarks: &'static str,
    pub raters: &'static str,
    pub no_earlier: &'static str,
}

/// How the results workbook reads in one language.
pub trait ReportTexts {
    /// The fixed labels.
    fn labels(&self) -> &'static ReportLabels;
    /// The fixed labels of a report card.
    fn card_labels(&self) -> &'static CardLabels;
    /// A report card: how many sheets were counted, service and maturity.
    fn card_sheets(&self, service: usize, maturity: usize) -> String;
    /// A report card: the remarks not shown for want of room.
    fn more_remarks(&self, more: usize) -> String;

    /// After a 汇总 chart's title when it shows only the first `shown` of `total` organizations.
    fn chart_subset(&self, shown: usize, total: usize) -> String;
    /// A heading of 明细 and 极差 with the points of its line.
    fn with_points(&self, label: &str, points: u32) -> String;
    /// What the shading of 明细 means: the `weakest` lowest shares.
    fn mean_legend(&self, weakest: usize) -> String;
    /// What the red of 极差 means: a spread of `percent`% of the points or more.
    fn spread_legend(&self, percent: u32) -> String;
    /// The first line of 雷达图: what the charts show, for the first `charts` organizations.
    fn radar_heading(&self, charts: usize) -> String;

    /// What 评价人校准's figures mean, beside them (four lines).
    fn calibration_legend(
        &self,
        min_panel: usize,
        service_flag: u32,
        maturity_flag: u32,
    ) -> [String; 4];

    /// A file's outcome in 问题清单.
    fn outcome(&self, status: Status) -> &'static str;
    /// A file's row in 问题清单: its problems counted per kind, `kinds` in order of appearance.
    fn file_problems(&self, kinds: &[(&str, usize)]) -> String;

    /// 运行信息: the problems of the run.
    fn problem_counts(&self, errors: usize, warnings: usize) -> String;
    /// 运行信息: one grade rule of a scheme.
    fn rule(&self, rule: &GradeRule) -> String;
    /// 运行信息: how the 汇总 charts are drawn, at most `limit` organizations each.
    fn summary_charts_note(&self, limit: usize) -> String;
    /// 运行信息: what 明细, 极差 and 雷达图 hold; `drawn` radar charts of at most `charts`.
    fn detail_note(&self, weakest: usize, percent: u32, charts: usize, drawn: usize) -> String;
    /// 运行信息: the earlier round compared: organizations up, down, the same and
    /// new (in that order), and the earlier organizations missing now.
    fn previous_note(&self, changes: [usize; 4], missing: usize) -> String;
    /// 运行信息: how raters are calibrated; `flagged` raters in this run.
    fn calibration_note(
        &self,
        min_panel: usize,
        service_flag: u32,
        maturity_flag: u32,
        flagged: usize,
    ) -> String;
}
