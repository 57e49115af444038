//! The 评价人校准 sheet: whether the auditors score consistently, one row per
//! rater (flagged raters first), with what the figures mean beside them. The
//! deviations are worked out beforehand ([`crate::results::calibration`]).

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::neutralize;
use super::style::{figure, fit, headings, print_a4, Formats};
use crate::messages::t;
use crate::results::calibration::{RaterCalibration, MATURITY_FLAG, MIN_PANEL, SERVICE_FLAG};

pub(crate) fn calibration_sheet(
    ws: &mut Worksheet,
    raters: &[RaterCalibration],
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = t().labels();
    ws.set_name(l.calibration_sheet)?;
    let names = [
        l.rater,
        l.occasions,
        l.service_compared,
        l.service_mean_deviation,
        l.service_largest_deviation,
        l.maturity_compared,
        l.maturity_mean_deviation,
        l.maturity_largest_deviation,
        l.flag,
    ];
    headings(ws, 0, &names, f)?;
    let explain = t().calibration_legend(MIN_PANEL, SERVICE_FLAG, MATURITY_FLAG);
    let explain_col = names.len() as u16 + 1;
    ws.write_string_with_format(0, explain_col, explain[0].as_str(), &f.bold)?;

    for c in [1, 2, 5] {
        ws.set_column_format(c, &f.col_integer)?;
    }
    for c in [3, 4, 6, 7] {
        ws.set_column_format(c, &f.col_number)?;
    }
    ws.set_column_width(
        0,
        fit(
            raters.iter().map(|r| r.name.as_str()).chain([names[0]]),
            8.0,
            24.0,
        ),
    )?;
    for c in 1..=7 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(8, 20)?;
    ws.set_row_height(0, 32)?;

    for (k, r) in raters.iter().enumerate() {
        let row = k as u32 + 1;
        let flagged = r.flagged();
        if flagged {
            ws.write_string_with_format(row, 0, neutralize(&r.name), &f.weak)?;
        } else {
            ws.write_string(row, 0, neutralize(&r.name))?;
        }
        ws.write_number(row, 1, r.occasions as f64)?;
        for (col, dev, flag) in [
            (2, &r.service, r.service_flag()),
            (5, &r.maturity, r.maturity_flag()),
        ] {
            ws.write_number(row, col, dev.compared as f64)?;
            if let Some(m) = dev.mean() {
                if flag {
                    ws.write_number_with_format(row, col + 1, figure(m), &f.weak_number)?;
                } else {
                    ws.write_number(row, col + 1, figure(m))?;
                }
            }
            if let Some(l) = dev.largest {
                ws.write_number(row, col + 2, figure(l))?;
            }
        }
        if flagged {
            let mut marks = Vec::new();
            for (flag, dev, high, low) in [
                (r.service_flag(), &r.service, l.service_high, l.service_low),
                (
                    r.maturity_flag(),
                    &r.maturity,
                    l.maturity_high,
                    l.maturity_low,
                ),
            ] {
                if flag {
                    let positive = dev.mean().is_some_and(|m| m > Decimal::ZERO);
                    marks.push(if positive { high } else { low });
                }
            }
            ws.write_string_with_format(row, 8, marks.join(l.separator), &f.weak)?;
        }
        if let Some(text) = explain.get(k + 1) {
            ws.write_string(row, explain_col, text.as_str())?;
        }
    }
    // The explanation when there are fewer raters than its lines.
    for (k, text) in explain.iter().enumerate().skip(raters.len() + 1) {
        ws.write_string(k as u32, explain_col, text.as_str())?;
    }
    ws.set_freeze_panes(1, 1)?;
    print_a4(ws, true);
    ws.set_repeat_rows(0, 0)?;
    if !raters.is_empty() {
        ws.autofilter(0, 0, raters.len() as u32, 8)?;
    }
    Ok(())
}
