//! Adherence as the proportion of days covered (PDC), by the Pharmacy
//! Quality Alliance's method: for each drug, the days from its first fill in
//! the period to the period's end, and the share of them covered by supply.
//! A fill picked up while the previous one still lasts starts when that one
//! runs out (supply shifts forward); each day counts once; supply past the
//! period's end does not count. 80% or more is adherent. A drug with a
//! single fill in the period is not measured (PQA asks for two).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::fold_for_search;

/// The adherent threshold, in percent.
pub const ADHERENT_PERCENT: u32 = 80;
/// The usual measurement period.
pub const PDC_PERIOD_DAYS: i64 = 180;

/// One dispensing of a drug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Fill {
    pub drug: String,
    pub filled_on: NaiveDate,
    pub days_supply: u32,
}

/// One drug's PDC over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DrugPdc {
    pub drug: String,
    pub fills: u32,
    /// Days from the first fill in the period to the period's end.
    pub days_in_period: u32,
    pub days_covered: u32,
    /// Whole percent, rounded down (79.9% is not adherent).
    pub percent: u32,
    /// Two fills or more in the period: the measure applies.
    pub measured: bool,
    pub adherent: bool,
}

/// The PDC of each drug among `fills` over the `period_days` ending on `last_day` (inclusive).
pub fn pdc(fills: &[Fill], last_day: NaiveDate, period_days: i64) -> Vec<DrugPdc> {
    let first_day = last_day - Duration::days(period_days - 1);
    let mut by_drug: BTreeMap<String, (String, Vec<&Fill>)> = BTreeMap::new();
    for fill in fills.iter().filter(|fill| fill.filled_on >= first_day && fill.filled_on <= last_day) {
        let entry = by_drug.entry(fold_for_search(&fill.drug)).or_insert_with(|| (fill.drug.clone(), Vec::new()));
        entry.1.push(fill);
    }
    by_drug
        .into_values()
        .map(|(drug, mut fills)| {
            fills.sort_by_key(|fill| fill.filled_on);
            let index = fills[0].filled_on;
            let days_in_period = u32::try_from((last_day - index).num_days() + 1).unwrap_or(0);
            let mut covered = vec![false; days_in_period as usize];
            // The day the supply on hand runs out (the next fill starts then at the earliest).
            let mut supply_until = index;
            for fill in &fills {
                let start = fill.filled_on.max(supply_until);
                for offset in 0..i64::from(fill.days_supply) {
                    let day = start + Duration::days(offset);
                    if day > last_day {
                        break;
                    }
                    if let Ok(slot) = usize::try_from((day - index).num_days()) {
                        covered[slot] = true;
                    }
                }
                supply_until = start + Duration::days(i64::from(fill.days_supply));
            }
            let days_covered = u32::try_from(covered.iter().filter(|day| **day).count()).unwrap_or(0);
            let percent = (days_covered * 100).checked_div(days_in_period).unwrap_or(0);
            let measured = fills.len() >= 2;
            DrugPdc {
                drug,
                fills: u32::try_from(fills.len()).unwrap_or(u32::MAX),
                days_in_period,
                days_covered,
                percent,
                measured,
                adherent: percent >= ADHERENT_PERCENT,
            }
        })
        .collect()
}

/// A patient is non-adherent when any measured drug is below 80%.
pub fn non_adherent(pdcs: &[DrugPdc]) -> bool {
    pdcs.iter().any(|drug| drug.measured && !drug.adherent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn fill(drug: &str, filled_on: NaiveDate, days_supply: u32) -> Fill {
        Fill { drug: drug.into(), filled_on, days_supply }
    }

    /// Jan 1 to Jun 29 2026: 180 days.
    const LAST: fn() -> NaiveDate = || date(6, 29);

    #[test]
    fn monthly_fills_with_one_gap_and_the_last_running_past_the_end() {
        let fills = [
            fill("Metformin", date(1, 1), 30),
            fill("Metformin", date(1, 31), 30),
            // Two weeks without: Mar 2 to Mar 14.
            fill("Metformin", date(3, 15), 30),
            fill("Metformin", date(4, 14), 30),
            fill("Metformin", date(5, 14), 30),
            // Runs to Jul 12; only Jun 13–29 (17 days) count.
            fill("Metformin", date(6, 13), 30),
        ];
        let result = pdc(&fills, LAST(), 180);
        assert_eq!(result.len(), 1);
        let metformin = &result[0];
        assert_eq!((metformin.days_in_period, metformin.days_covered), (180, 167));
        assert_eq!(metformin.percent, 92);
        assert!(metformin.measured && metformin.adherent);
    }

    #[test]
    fn an_early_refill_shifts_forward_and_no_day_counts_twice() {
        // The second fill is picked up 19 days in: it starts when the first runs out (Jan 31).
        let fills = [fill("Lisinopril", date(1, 1), 30), fill("Lisinopril", date(1, 20), 30)];
        let lisinopril = &pdc(&fills, LAST(), 180)[0];
        assert_eq!(lisinopril.days_covered, 60, "Jan 1 – Mar 1, each day once");
        assert_eq!(lisinopril.percent, 33);
        assert!(!lisinopril.adherent);
        assert!(non_adherent(std::slice::from_ref(lisinopril)));
    }

    #[test]
    fn a_shifted_fill_that_runs_past_the_end_counts_only_inside_the_period() {
        let fills = [fill("Atorvastatin", date(6, 1), 25), fill("Atorvastatin", date(6, 20), 30)];
        // First fill: Jun 1–25; the second shifts to Jun 26 and counts Jun 26–29.
        let atorvastatin = &pdc(&fills, LAST(), 180)[0];
        assert_eq!((atorvastatin.days_in_period, atorvastatin.days_covered), (29, 29));
        assert_eq!(atorvastatin.percent, 100);
    }

    #[test]
    fn drugs_are_measured_apart_and_a_single_fill_is_not_measured() {
        let fills = [
            fill("Metformin", date(1, 1), 90),
            fill("METFORMIN", date(4, 1), 90),
            fill("Warfarin", date(5, 1), 30),
            // Before the period: not counted.
            fill("Warfarin", date(1, 1).pred_opt().unwrap(), 30),
        ];
        let result = pdc(&fills, LAST(), 180);
        assert_eq!(result.iter().map(|drug| drug.drug.as_str()).collect::<Vec<_>>(), ["Metformin", "Warfarin"]);
        assert_eq!(result[0].fills, 2, "the same drug whatever its case");
        assert_eq!(result[0].days_covered, 180);
        assert!(!result[1].measured, "one fill in the period");
        assert!(!non_adherent(&result), "an unmeasured drug does not make the patient non-adherent");
    }

    #[test]
    fn eighty_percent_is_adherent_and_seventy_nine_point_nine_is_not() {
        // 100-day period from the index fill: 80 days covered.
        let fills = [fill("A", date(3, 22), 40), fill("A", date(5, 1), 40)];
        let exactly = &pdc(&fills, date(6, 29), 180)[0];
        assert_eq!((exactly.days_in_period, exactly.days_covered, exactly.percent), (100, 80, 80));
        assert!(exactly.adherent);
        let fills = [fill("A", date(3, 22), 40), fill("A", date(5, 1), 39)];
        assert!(!pdc(&fills, date(6, 29), 180)[0].adherent);
    }
}
