//! The golden round of tests/fixtures/README.md: who filled in what.

use super::*;

pub const ROSTER: &str = "机构名称,评价人,统一社会信用代码,评价日期
南昌甲公司,张三,91350100M000100Y43,2026-03-01
南昌甲公司,李四,,2026-03-01
赣州乙有限公司,王五,,2026-03-02
赣州乙有限公司,赵六,,2026-03-02
九江丙公司,钱七,,2026-03-03
上饶丁公司,孙八,,2026-03-03
萍乡戊公司,周九,,2026-03-04
萍乡戊公司,吴十,,2026-03-04
宜春己公司,郑一,,2026-03-05
抚州庚公司,冯二,,2026-03-06
吉安辛公司,陈三,,2026-03-06
鹰潭壬公司,褚四,,2026-03-07
";

/// Writes the filled round of tests/fixtures/README.md into `dir` and returns the file names.
pub fn fill_round(w: &Workdir, dir: &str) -> Vec<String> {
    let c = scheme("complaint");
    let q = scheme("quality-credit");
    let rows: Vec<(&str, &str)> = ROSTER
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    let mut names = Vec::new();
    for (org, rater) in rows {
        let mut h = header(org, rater);
        if rater == "张三" {
            h.credit_code = "91350100M000100Y43".into();
        }
        let (a, l) = match rater {
            "张三" => {
                let mut a = alphas(&c, 0.95);
                a[0] = t("95%");
                a[1] = t("０．９５");
                a[18] = n(1.0);
                let mut l = levels(&c, 4.0);
                l[0] = t("四级");
                l[1] = t("4级");
                l[2] = t("4");
                (a, l)
            }
            "李四" => (alphas(&c, 0.9), levels(&c, 4.0)),
            "王五" => (alphas(&c, 0.8), vec![]),
            "赵六" => (vec![], levels(&c, 3.0)),
            "钱七" => (alphas(&c, 0.96), levels(&c, 3.0)),
            "孙八" => (alphas(&c, 0.5), vec![]),
            "周九" => {
                let mut a = alphas(&c, 0.8);
                a[0] = n(0.802);
                (a, levels(&c, 3.0))
            }
            "吴十" => (alphas(&c, 0.8), levels(&c, 3.0)),
            "郑一" => {
                let mut a = alphas(&c, 0.8);
                a[0] = n(0.799);
                (a, levels(&c, 3.0))
            }
            "冯二" => (alphas(&c, 1.0), levels(&c, 5.0)),
            "陈三" => (alphas(&c, 0.8), levels(&c, 1.0)),
            "褚四" => (alphas(&c, 0.7999), levels(&c, 5.0)),
            _ => unreachable!(),
        };
        let name = format!("{dir}/{org}_{rater}.xlsx");
        let bytes = if rater == "冯二" {
            // The one conformity review not passed.
            let fill = Fill {
                alphas: a,
                levels: l,
                conformity: t("不通过"),
                uncached: false,
                remarks: Default::default(),
            };
            write_template(&c, Some(&h), Some(&fill)).unwrap()
        } else {
            filled(&c, &h, a, l)
        };
        w.write(&name, &bytes);
        names.push(name);
    }
    let mut h = header("南昌甲公司", "张三");
    h.credit_code = "91350100M000100Y43".into();
    let name = format!("{dir}/质量信用/南昌甲公司_张三.xlsx");
    w.write(&name, &filled(&q, &h, alphas(&q, 1.0), levels(&q, 5.0)));
    names.push(name);
    names
}

pub fn golden() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/round1.csv"
    ))
    .unwrap()
}
