//! When a prescription is due for a refill reminder.
//!
//! Next fill due = last fill + days supply. A reminder is worth making once
//! the program's lead window has opened AND enough of the supply has elapsed
//! that the insurer will not refuse the refill as "too soon".

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Prescription;

/// A pharmacy's refill-reminder program settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RefillProgram {
    /// Days before the due date that reminders start.
    pub reminder_lead_days: u32,
    /// Share of the days supply (in percent) that must have elapsed before a
    /// refill is accepted by insurers.
    pub too_soon_percent: u32,
}

impl Default for RefillProgram {
    fn default() -> Self {
        Self { reminder_lead_days: 7, too_soon_percent: 75 }
    }
}

/// Where a prescription stands on a given local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum RefillStatus {
    /// Inactive: no reminder ever.
    Inactive,
    /// Not yet worth a call; reminders open on `opens_on`.
    NotYet { due_on: NaiveDate, opens_on: NaiveDate },
    /// Worth a call today. `days_until_due` is negative when overdue.
    Due { due_on: NaiveDate, opens_on: NaiveDate, days_until_due: i32, renewal_needed: bool },
}

/// The date the current supply runs out.
pub fn next_fill_due(last_fill: NaiveDate, days_supply: u32) -> NaiveDate {
    // Saturate rather than panic on absurd supplies; such a date is never due.
    last_fill.checked_add_days(Days::new(u64::from(days_supply))).unwrap_or(NaiveDate::MAX)
}

/// The first date a refill is not "too soon": `too_soon_percent` of the days
/// supply elapsed, rounded up to whole days.
pub fn earliest_refill(last_fill: NaiveDate, days_supply: u32, too_soon_percent: u32) -> NaiveDate {
    let days = (u64::from(days_supply) * u64::from(too_soon_percent)).div_ceil(100);
    last_fill.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// An active prescription's due date and the date its reminders open (the
/// later of the lead window and the refill-too-soon point); `None` when inactive.
pub fn reminder_dates(prescription: &Prescription, program: RefillProgram) -> Option<(NaiveDate, NaiveDate)> {
    if !prescription.active {
        return None;
    }
    let due_on = next_fill_due(prescription.last_fill_date, prescription.days_supply);
    let lead_opens =
        due_on.checked_sub_days(Days::new(u64::from(program.reminder_lead_days))).unwrap_or(NaiveDate::MIN);
    let not_too_soon = earliest_refill(prescription.last_fill_date, prescription.days_supply, program.too_soon_percent);
    Some((due_on, lead_opens.max(not_too_soon)))
}

/// The reminder status of `prescription` on the patient's local date `today`.
pub fn refill_status(prescription: &Prescription, today: NaiveDate, program: RefillProgram) -> RefillStatus {
    let Some((due_on, opens_on)) = reminder_dates(prescription, program) else {
        return RefillStatus::Inactive;
    };
    if today < opens_on {
        return RefillStatus::NotYet { due_on, opens_on };
    }
    let renewal_needed =
        prescription.refills_left == 0 || prescription.expires_on.is_some_and(|expiry| expiry < due_on);
    RefillStatus::Due {
        due_on,
        opens_on,
        // Here due_on - today <= lead days, so only an absurdly old fill overflows: it is overdue.
        days_until_due: i32::try_from((due_on - today).num_days()).unwrap_or(i32::MIN),
        renewal_needed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityId;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rx(last_fill: NaiveDate, days_supply: u32) -> Prescription {
        Prescription {
            id: EntityId::nil(),
            patient_id: EntityId::nil(),
            rx_number: None,
            drug: "Metformin".into(),
            strength: "500 mg".into(),
            directions: "1 tab twice daily".into(),
            days_supply,
            quantity: 60.0,
            refills_left: 3,
            last_fill_date: last_fill,
            expires_on: None,
            prescriber_name: "Dr. Test".into(),
            prescriber_npi: None,
            critical: false,
            active: true,
        }
    }

    #[test]
    fn due_date_is_last_fill_plus_days_supply_across_months_and_leap_days() {
        assert_eq!(next_fill_due(date(2028, 2, 1), 28), date(2028, 2, 29));
        assert_eq!(next_fill_due(date(2027, 2, 1), 28), date(2027, 3, 1));
        assert_eq!(next_fill_due(date(2026, 1, 31), 30), date(2026, 3, 2));
        assert_eq!(next_fill_due(date(2026, 10, 1), 90), date(2026, 12, 30));
        assert_eq!(next_fill_due(date(2026, 10, 1), 84), date(2026, 12, 24));
    }

    #[test]
    fn a_30_day_supply_opens_on_the_lead_day_and_stays_due_when_overdue() {
        let program = RefillProgram::default();
        let prescription = rx(date(2026, 11, 1), 30); // due 2026-12-01, lead opens 11-24, 75% = 23 days → 11-24
        assert_eq!(
            refill_status(&prescription, date(2026, 11, 23), program),
            RefillStatus::NotYet { due_on: date(2026, 12, 1), opens_on: date(2026, 11, 24) }
        );
        assert_eq!(
            refill_status(&prescription, date(2026, 11, 24), program),
            RefillStatus::Due {
                due_on: date(2026, 12, 1),
                opens_on: date(2026, 11, 24),
                days_until_due: 7,
                renewal_needed: false
            }
        );
        assert_eq!(
            refill_status(&prescription, date(2026, 12, 4), program),
            RefillStatus::Due {
                due_on: date(2026, 12, 1),
                opens_on: date(2026, 11, 24),
                days_until_due: -3,
                renewal_needed: false
            }
        );
    }

    #[test]
    fn a_short_supply_waits_for_the_refill_too_soon_point_not_the_lead_window() {
        // 7-day supply: lead window would open on the fill date itself; 75% → day 6 (5.25 rounded up).
        let prescription = rx(date(2026, 11, 1), 7);
        let program = RefillProgram::default();
        assert_eq!(earliest_refill(date(2026, 11, 1), 7, 75), date(2026, 11, 7));
        assert!(matches!(refill_status(&prescription, date(2026, 11, 6), program), RefillStatus::NotYet { .. }));
        assert!(matches!(refill_status(&prescription, date(2026, 11, 7), program), RefillStatus::Due { .. }));
    }

    #[test]
    fn no_refills_or_an_expiry_before_the_due_date_needs_a_renewal() {
        let program = RefillProgram::default();
        let today = date(2026, 11, 28);
        let mut prescription = rx(date(2026, 11, 1), 30);
        prescription.refills_left = 0;
        assert!(matches!(refill_status(&prescription, today, program), RefillStatus::Due { renewal_needed: true, .. }));
        prescription.refills_left = 2;
        prescription.expires_on = Some(date(2026, 11, 30));
        assert!(matches!(refill_status(&prescription, today, program), RefillStatus::Due { renewal_needed: true, .. }));
        prescription.expires_on = Some(date(2026, 12, 1));
        assert!(matches!(
            refill_status(&prescription, today, program),
            RefillStatus::Due { renewal_needed: false, .. }
        ));
    }

    #[test]
    fn absurd_supplies_and_settings_never_panic() {
        let today = date(2026, 11, 22);
        let huge = rx(date(2026, 11, 1), u32::MAX);
        assert!(matches!(refill_status(&huge, today, RefillProgram::default()), RefillStatus::NotYet { .. }));
        let program = RefillProgram { reminder_lead_days: u32::MAX, too_soon_percent: 0 };
        assert!(matches!(refill_status(&rx(date(2026, 11, 1), 30), today, program), RefillStatus::Due { .. }));
    }

    #[test]
    fn an_inactive_prescription_is_never_due() {
        let mut prescription = rx(date(2026, 1, 1), 30);
        prescription.active = false;
        assert_eq!(refill_status(&prescription, date(2026, 11, 22), RefillProgram::default()), RefillStatus::Inactive);
    }
}
