//! Pure arithmetic: no I/O, no clock, no threads. The decision taken on the
//! figures is [`crate::grade`].
//!
//! All figures are exact decimals (`rust_decimal`). α is taken to 4 decimals
//! (half-up) when read; reported figures are rounded half-up to 2 decimals once,
//! at the end, and levels and grades are decided on those rounded figures so what
//! people see and the grade never disagree.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::scheme::Scheme;

/// Rounds half-up (四舍五入) to `dp` decimals.
pub fn round_half_up(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// α as the tool uses it: 4 decimals, half-up.
pub fn round_alpha(alpha: Decimal) -> Decimal {
    round_half_up(alpha, 4)
}

/// A reported figure: 2 decimals, half-up, always shown with two places.
pub fn round_report(x: Decimal) -> Decimal {
    let mut r = round_half_up(x, 2);
    r.rescale(2);
    r
}

/// Item score = points × α.
pub fn item_score(points: u32, alpha: Decimal) -> Decimal {
    Decimal::from(points) * alpha
}

/// Clause score = level × max / 5 (exact: max is 5 or 10).
pub fn clause_score(max: u32, level: u8) -> Decimal {
    Decimal::from(u32::from(level) * max) / Decimal::from(5)
}

/// A rater's service score S = Σ points × α, unrounded. `alphas` follow the scheme's item order.
pub fn service_score(scheme: &Scheme, alphas: &[Decimal]) -> Decimal {
    scheme
        .items
        .iter()
        .zip(alphas)
        .map(|(item, a)| item_score(item.points, *a))
        .sum()
}

/// A rater's maturity total M = Σ clause scores. `levels` follow the scheme's clause order.
pub fn maturity_total(scheme: &Scheme, levels: &[u8]) -> Decimal {
    scheme
        .clauses
        .iter()
        .zip(levels)
        .map(|(clause, l)| clause_score(clause.max, *l))
        .sum()
}

/// Exact mean (28 significant digits), `None` for no values.
pub fn mean(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    let mut n = 0u32;
    for v in values {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / Decimal::from(n))
}

/// Spread between raters: max − min, `None` for no values.
pub fn spread(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut it = values.into_iter();
    let first = it.next()?;
    let (lo, hi) = it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v)));
    Some(hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::load_scheme;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn eighteen_items_at_095_and_one_at_1_is_exact() {
        let scheme = load_scheme("complaint").unwrap();
        // The last item (7.1, 8 points) at 1.0, the rest at 0.95: 92 × 0.95 + 8 = 95.4 exactly.
        let mut alphas = vec![d("0.95"); 18];
        alphas.push(Decimal::ONE);
        let s = service_score(&scheme, &alphas);
        assert_eq!(s, d("95.4"));
        assert_eq!(round_report(s).to_string(), "95.40");
    }

    #[test]
    fn rounding_is_half_up_at_the_end() {
        assert_eq!(round_report(d("90.005")).to_string(), "90.01");
        assert_eq!(round_report(d("90.0049999")).to_string(), "90.00");
        assert_eq!(round_alpha(d("0.12345")).to_string(), "0.1235");
        assert_eq!(round_alpha(d("0.12344")).to_string(), "0.1234");
        // A mean that lands on x.xx5: (90.01 + 90.00) / 2 = 90.005 → 90.01.
        assert_eq!(
            round_report(mean([d("90.01"), d("90.00")]).unwrap()).to_string(),
            "90.01"
        );
        // Thirds do not drift: (1 + 1 + 1.01) / 3 = 1.00333… → 1.00.
        assert_eq!(
            round_report(mean([d("1"), d("1"), d("1.01")]).unwrap()).to_string(),
            "1.00"
        );
    }

    #[test]
    fn clause_scores_follow_the_maximum() {
        assert_eq!(clause_score(5, 3), d("3"));
        assert_eq!(clause_score(10, 3), d("6"));
        assert_eq!(clause_score(10, 5), d("10"));
    }

    #[test]
    fn level_thresholds_and_bounds() {
        let s = load_scheme("complaint").unwrap();
        let label = |t: &str| s.level_index(d(t)).map(|i| s.levels[i].label.clone());
        assert_eq!(label("19.99"), None);
        assert_eq!(label("20").as_deref(), Some("一级"));
        assert_eq!(label("44.99").as_deref(), Some("一级"));
        assert_eq!(label("45").as_deref(), Some("二级"));
        assert_eq!(label("69.99").as_deref(), Some("二级"));
        assert_eq!(label("70").as_deref(), Some("三级"));
        assert_eq!(label("94.99").as_deref(), Some("三级"));
        assert_eq!(label("95").as_deref(), Some("四级"));
        assert_eq!(label("104.99").as_deref(), Some("四级"));
        assert_eq!(label("105").as_deref(), Some("五级"));
        assert_eq!(label("145").as_deref(), Some("五级"));
        assert_eq!(maturity_total(&s, &[1; 21]), d("29"));
        assert_eq!(maturity_total(&s, &[5; 21]), d("145"));
    }

    #[test]
    fn likert_bands_include_their_upper_bound() {
        let s = load_scheme("complaint").unwrap();
        assert_eq!(s.likert_label(d("0")), "远低于预期");
        assert_eq!(s.likert_label(d("0.2")), "远低于预期");
        assert_eq!(s.likert_label(d("0.2001")), "低于预期");
        assert_eq!(s.likert_label(d("0.6")), "符合预期");
        assert_eq!(s.likert_label(d("0.8001")), "远高于预期");
        assert_eq!(s.likert_label(d("1")), "远高于预期");
    }

    proptest! {
        #[test]
        fn service_score_stays_within_0_and_100(alphas in proptest::collection::vec(0u32..=10_000, 19)) {
            let s = load_scheme("complaint").unwrap();
            let alphas: Vec<Decimal> = alphas.into_iter().map(|a| Decimal::new(a.into(), 4)).collect();
            let total = service_score(&s, &alphas);
            prop_assert!(total >= Decimal::ZERO && total <= Decimal::ONE_HUNDRED);
            // Exact: the total has at most 4 decimals, as every item score does.
            prop_assert_eq!(total, total.round_dp(4));
        }

        #[test]
        fn maturity_total_stays_within_29_and_145(levels in proptest::collection::vec(1u8..=5, 21)) {
            let s = load_scheme("complaint").unwrap();
            let t = maturity_total(&s, &levels);
            prop_assert!(t >= Decimal::from(29) && t <= Decimal::from(145));
            prop_assert!(s.level_index(t).is_some());
        }

        #[test]
        fn mean_of_equal_values_is_that_value(v in 0u32..=1_000_000, n in 1usize..50) {
            let x = Decimal::new(v.into(), 4);
            prop_assert_eq!(mean(std::iter::repeat_n(x, n)).unwrap(), x);
        }
    }
}
