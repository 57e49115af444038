//! Writes `samples/`: a realistic returned round for both schemes, reproducibly.
//!
//!     cargo run --example make_samples
//!
//! 11 organizations, 1–4 raters each, every outcome of section 5.3 (each grade
//! of both schemes, a conformity review not passed, a score that reaches a grade
//! whose management requirement is not met, a score below the base grade, a
//! missing maturity sheet), a rater assessing one organization on two dates, and
//! the typical mistakes of real auditors: a score typed instead of α, a sheet
//! left half filled, the same workbook sent twice, a workbook returned unfilled,
//! a level typed as a score, a text file renamed .xlsx. The values come from a fixed
//! seed, so running it again writes the same values (only the creation time
//! stored in each workbook differs).

use std::fs;
use std::path::Path;

use certsheet::cell::Input;
use certsheet::model::{Header, Remarks};
use certsheet::scheme::{load_scheme, Scheme};
use certsheet::template::{write_template, Fill};

/// A tiny deterministic generator (xorshift), so the samples need no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A value in [lo, hi], in steps of 0.05.
    fn alpha(&mut self, lo: f64, hi: f64) -> f64 {
        let steps = ((hi - lo) / 0.05).round() as u64;
        let k = self.next() % (steps + 1);
        ((lo + k as f64 * 0.05) * 100.0).round() / 100.0
    }
    fn level(&mut self, lo: u8, hi: u8) -> u8 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u8
    }
}

/// (organization, credit code, raters, α range, level range)
type Org = (
    &'static str,
    &'static str,
    &'static [&'static str],
    (f64, f64),
    (u8, u8),
);

// Chosen so the round shows every outcome of section 5.3 (see README):
// 九江长江水务's code fails the GB 32100 check digit on purpose (a warning, not a
// rejection), and its rater 周杰 concludes the conformity review 不通过.
const COMPLAINT: &[Org] = &[
    // 五星级.
    (
        "江西赣江银行股份有限公司",
        "91360100MA35G0KJ2Q",
        &["张伟", "李娜", "王芳"],
        (0.95, 1.0),
        (4, 5),
    ),
    // 四星级: the score is below what 五星级 needs.
    (
        "南昌城市燃气有限公司",
        "",
        &["刘洋", "陈静"],
        (0.88, 0.96),
        (3, 5),
    ),
    // 不予认证: the conformity review not passed, whatever the scores.
    (
        "九江长江水务集团有限公司",
        "913604007055193770",
        &["杨帆", "赵磊", "黄敏", "周杰"],
        (0.85, 0.95),
        (3, 4),
    ),
    // 四星级: the score reaches 五星级, the management level (三级) does not.
    (
        "赣州客运服务有限公司",
        "",
        &["吴刚", "徐丽"],
        (0.95, 1.0),
        (2, 3),
    ),
    // 三星级.
    (
        "上饶市民服务热线中心",
        "",
        &["孙强", "马琳"],
        (0.8, 0.9),
        (3, 4),
    ),
    // 不予认证: the score reaches 三星级, the management level (一级) does not.
    (
        "景德镇物业管理有限公司",
        "",
        &["朱红", "胡斌"],
        (0.8, 0.9),
        (1, 1),
    ),
];

const QUALITY: &[Org] = &[
    // AAAAA级.
    (
        "江西洪都制造有限公司",
        "",
        &["郭涛", "何静", "林峰"],
        (0.95, 1.0),
        (4, 5),
    ),
    // AAAA级.
    (
        "宜春新材料科技有限公司",
        "",
        &["高翔", "罗敏"],
        (0.88, 0.95),
        (3, 5),
    ),
    // AAA级.
    (
        "萍乡电瓷集团有限公司",
        "",
        &["梁军", "宋佳", "郑凯"],
        (0.8, 0.88),
        (3, 4),
    ),
    // 不予认证: the score is below the base grade's 80.
    (
        "抚州食品工业有限公司",
        "",
        &["谢芳", "韩冰"],
        (0.55, 0.7),
        (2, 3),
    ),
    // 资料不全: service scored, the management requirements audit sheet left empty
    // (a level range of (0, 0)).
    ("吉安农业发展有限公司", "", &["曹丽"], (0.85, 0.95), (0, 0)),
];

fn fill_values(
    scheme: &Scheme,
    rng: &mut Rng,
    (alo, ahi): (f64, f64),
    (llo, lhi): (u8, u8),
) -> Fill {
    let (llo, lhi) = (llo.max(1), lhi.max(1));
    let alphas: Vec<f64> = scheme.items.iter().map(|_| rng.alpha(alo, ahi)).collect();
    let levels: Vec<u8> = scheme.clauses.iter().map(|_| rng.level(llo, lhi)).collect();
    Fill {
        remarks: remarks_on_the_weakest(&alphas, &levels),
        alphas: alphas.into_iter().map(|a| Some(Input::Number(a))).collect(),
        levels: levels
            .into_iter()
            .map(|l| Some(Input::Number(f64::from(l))))
            .collect(),
        conformity: Some(Input::Text("通过".into())),
        uncached: false,
    }
}

/// What an auditor writes in 评价说明: why the weakest item lost points (α below
/// 0.8) and why the weakest clause is not higher (level 3 or below). Worked out
/// from the values, so the random values are the same as without remarks.
fn remarks_on_the_weakest(alphas: &[f64], levels: &[u8]) -> Remarks {
    let weakest = |v: &[f64]| {
        v.iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, x)| (i, *x))
    };
    let mut remarks = Remarks::default();
    if let Some((i, a)) = weakest(alphas).filter(|(_, a)| *a < 0.8) {
        remarks.items.push((
            i,
            format!("现场抽查发现落实不到位，部分记录缺失，经验系数取 {a}"),
        ));
    }
    let as_f64: Vec<f64> = levels.iter().map(|l| f64::from(*l)).collect();
    if let Some((i, l)) = weakest(&as_f64).filter(|(_, l)| *l <= 3.0) {
        remarks.clauses.push((
            i,
            format!("制度已建立，但执行与改进的记录不完整，评为第 {l} 级"),
        ));
    }
    remarks
}

/// A fill with the maturity sheet left empty (service only).
fn service_only(mut fill: Fill) -> Fill {
    fill.levels = Vec::new();
    fill.conformity = None;
    fill
}

/// Writes one mistaken workbook: header with organization and rater only.
fn write_sample(
    scheme: &Scheme,
    path: &Path,
    org: &str,
    rater: &str,
    fill: Option<&Fill>,
) -> anyhow::Result<()> {
    let header = Header {
        organization: org.into(),
        rater: rater.into(),
        ..Header::default()
    };
    fs::write(path, write_template(scheme, Some(&header), fill)?)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let returned = root.join("returned");
    if returned.exists() {
        fs::remove_dir_all(&returned)?;
    }
    let mut rng = Rng(0x5EED_2026);
    let mut roster = String::from("机构名称,评价人,统一社会信用代码,评价日期,认证方案\n");
    for (id, orgs) in [("complaint", COMPLAINT), ("quality-credit", QUALITY)] {
        let scheme = load_scheme(id)?;
        let dir = returned.join(id);
        fs::create_dir_all(&dir)?;
        for (org, code, raters, alpha, level) in orgs {
            for (i, rater) in raters.iter().enumerate() {
                let header = Header {
                    organization: org.to_string(),
                    credit_code: code.to_string(),
                    rater: rater.to_string(),
                    date: format!("2026-03-{:02}", 2 + i),
                };
                roster.push_str(&format!("{org},{rater},{code},{},{id}\n", header.date));
                let mut fill = fill_values(&scheme, &mut rng, *alpha, *level);
                // Real raters' habits: one types percents, one uses 一级…五级 words.
                if i == 1 {
                    fill.alphas[0] = Some(Input::Text(format!(
                        "{}%",
                        (rng.alpha(alpha.0, alpha.1) * 100.0).round()
                    )));
                    fill.levels[0] = Some(Input::Text(
                        ["一级", "二级", "三级", "四级", "五级"][usize::from(level.1.max(1)) - 1]
                            .into(),
                    ));
                }
                if *rater == "周杰" {
                    fill.conformity = Some(Input::Text("不通过".into()));
                }
                if *level == (0, 0) {
                    fill = service_only(fill);
                }
                let bytes = write_template(&scheme, Some(&header), Some(&fill))?;
                fs::write(dir.join(format!("{org}_{rater}.xlsx")), bytes)?;
            }
        }
    }
    // The same rater assessing the same organization again on another date: another
    // occasion (5.1.2 "每人或每次"), counted, with a warning on both workbooks.
    let scheme = load_scheme("complaint")?;
    let (org, code, _, alpha, level) = COMPLAINT[0];
    let header = Header {
        organization: org.into(),
        credit_code: code.into(),
        rater: "张伟".into(),
        date: "2026-03-20".into(),
    };
    roster.push_str(&format!("{org},张伟,{code},2026-03-20,complaint\n"));
    let fill = fill_values(&scheme, &mut rng, alpha, level);
    let bytes = write_template(&scheme, Some(&header), Some(&fill))?;
    fs::write(
        returned
            .join("complaint")
            .join(format!("{org}_张伟_复评.xlsx")),
        bytes,
    )?;

    // The typical mistakes, each in its own file under 有问题/.
    let scheme = load_scheme("complaint")?;
    let bad = returned.join("complaint").join("有问题");
    fs::create_dir_all(&bad)?;
    let mut fill = fill_values(&scheme, &mut rng, (0.8, 0.95), (3, 4));
    fill.alphas[1] = Some(Input::Number(7.0)); // the score of a 7-point item typed as α
    write_sample(
        &scheme,
        &bad.join("鹰潭港务有限公司_曾亮.xlsx"),
        "鹰潭港务有限公司",
        "曾亮",
        Some(&fill),
    )?;
    let mut fill = fill_values(&scheme, &mut rng, (0.8, 0.95), (3, 4));
    fill.alphas[5] = None; // half filled
    fill.alphas[12] = None;
    write_sample(
        &scheme,
        &bad.join("鹰潭港务有限公司_彭程.xlsx"),
        "鹰潭港务有限公司",
        "彭程",
        Some(&fill),
    )?;
    let mut fill = fill_values(&scheme, &mut rng, (0.8, 0.95), (3, 4));
    fill.levels[9] = Some(Input::Number(8.0)); // a 10-point clause's score typed as level
    write_sample(
        &scheme,
        &bad.join("新余钢铁服务有限公司_邓华.xlsx"),
        "新余钢铁服务有限公司",
        "邓华",
        Some(&fill),
    )?;
    // The same rater's workbook sent twice, the second time slightly changed.
    let fill = fill_values(&scheme, &mut rng, (0.8, 0.95), (3, 4));
    write_sample(
        &scheme,
        &bad.join("吉安旅游服务有限公司_蔡明.xlsx"),
        "吉安旅游服务有限公司",
        "蔡明",
        Some(&fill),
    )?;
    let fill = fill_values(&scheme, &mut rng, (0.8, 0.95), (3, 4));
    write_sample(
        &scheme,
        &bad.join("吉安旅游服务有限公司_蔡明（修改）.xlsx"),
        "吉安旅游服务有限公司",
        "蔡明",
        Some(&fill),
    )?;
    // Returned without filling anything in: skipped with a warning.
    write_sample(
        &scheme,
        &bad.join("吉安旅游服务有限公司_空白.xlsx"),
        "吉安旅游服务有限公司",
        "潘越",
        None,
    )?;
    // A text file renamed .xlsx.
    fs::write(bad.join("说明.xlsx"), "请查收评分表。".as_bytes())?;

    fs::write(root.join("名单.csv"), roster)?;
    println!("wrote {}", returned.display());
    Ok(())
}
