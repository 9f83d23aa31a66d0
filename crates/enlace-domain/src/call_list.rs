//! The refill-reminder call list: which patients to call today, with which
//! medications, in which order. One row per patient covers every
//! prescription that is due, because one call covers them all.

use std::cmp::Ordering;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{ContactChannel, EntityId, Interaction, Patient, Prescription, RefillProgram, RefillStatus, refill_status};

/// A prescription on today's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DueMedication {
    pub prescription_id: EntityId,
    pub drug: String,
    pub strength: String,
    pub due_on: NaiveDate,
    /// Negative when overdue.
    pub days_until_due: i32,
    pub renewal_needed: bool,
    pub critical: bool,
}

/// One patient's entry on the call list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallListEntry {
    pub patient_id: EntityId,
    /// Most urgent first.
    pub due: Vec<DueMedication>,
    /// The most urgent medication's days until due (negative when overdue).
    pub days_until_due: i32,
    pub critical: bool,
    /// Outbound calls made since the reminder window of these medications opened.
    pub attempts: u32,
}

/// The patient's entry for `today` (their local date), or `None` when nothing
/// is due or the patient does not accept calls. `interactions` are the
/// patient's, with `zone` the zone that applies to them.
pub fn call_list_entry(
    patient: &Patient,
    prescriptions: &[&Prescription],
    interactions: &[&Interaction],
    zone: Tz,
    today: NaiveDate,
    program: RefillProgram,
) -> Option<CallListEntry> {
    if !patient.consents.calls {
        return None;
    }
    let mut due = Vec::new();
    let mut cycle_start: Option<NaiveDate> = None;
    for prescription in prescriptions.iter().filter(|prescription| prescription.patient_id == patient.id) {
        if let RefillStatus::Due { due_on, opens_on, days_until_due, renewal_needed } =
            refill_status(prescription, today, program)
        {
            cycle_start = Some(cycle_start.map_or(opens_on, |start| start.min(opens_on)));
            due.push(DueMedication {
                prescription_id: prescription.id,
                drug: prescription.drug.clone(),
                strength: prescription.strength.clone(),
                due_on,
                days_until_due,
                renewal_needed,
                critical: prescription.critical,
            });
        }
    }
    let cycle_start = cycle_start?;
    due.sort_by(|a, b| a.days_until_due.cmp(&b.days_until_due).then_with(|| a.drug.cmp(&b.drug)));
    let attempts = interactions
        .iter()
        .filter(|interaction| {
            interaction.patient_id == patient.id
                && interaction.channel == ContactChannel::OutboundCall
                && crate::local_date(interaction.occurred_at, zone) >= cycle_start
        })
        .count();
    Some(CallListEntry {
        patient_id: patient.id,
        days_until_due: due.first().map_or(0, |medication| medication.days_until_due),
        critical: due.iter().any(|medication| medication.critical),
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        due,
    })
}

/// Call-list order: most overdue first (a gap in therapy is the risk), then
/// critical therapy, then fewer attempts so far, then patient id for a stable order.
pub fn by_priority(a: &CallListEntry, b: &CallListEntry) -> Ordering {
    a.days_until_due
        .cmp(&b.days_until_due)
        .then_with(|| b.critical.cmp(&a.critical))
        .then_with(|| a.attempts.cmp(&b.attempts))
        .then_with(|| a.patient_id.cmp(&b.patient_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactConsents, Disposition, Language, PersonName};
    use chrono::{TimeZone, Utc};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn patient(id: u128) -> Patient {
        Patient {
            id: EntityId::from_u128(id),
            name: PersonName { given: "Ana".into(), middle: None, family: "Ruiz".into(), second_family: None },
            date_of_birth: date(1950, 5, 1),
            preferred_language: Language::Spanish,
            time_zone: None,
            phones: vec![],
            consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
        }
    }

    fn rx(id: u128, patient: u128, drug: &str, last_fill: NaiveDate, days_supply: u32, critical: bool) -> Prescription {
        Prescription {
            id: EntityId::from_u128(id),
            patient_id: EntityId::from_u128(patient),
            drug: drug.into(),
            strength: "1 mg".into(),
            directions: String::new(),
            days_supply,
            quantity: 30.0,
            refills_left: 2,
            last_fill_date: last_fill,
            expires_on: None,
            prescriber_name: "Dr. Test".into(),
            prescriber_npi: None,
            critical,
            active: true,
        }
    }

    fn call(patient: u128, at: chrono::DateTime<Utc>) -> Interaction {
        Interaction {
            id: EntityId::nil(),
            patient_id: EntityId::from_u128(patient),
            occurred_at: at,
            recorded_by: "Coordinator".into(),
            channel: ContactChannel::OutboundCall,
            disposition: Disposition::NoAnswer,
            notes: String::new(),
            language: Language::Spanish,
        }
    }

    const NEW_YORK: Tz = chrono_tz::America::New_York;

    #[test]
    fn one_entry_covers_every_due_medication_most_urgent_first() {
        let today = date(2026, 11, 22);
        let a = rx(1, 1, "Lisinopril", date(2026, 10, 20), 30, false); // due 11-19: 3 days overdue
        let b = rx(2, 1, "Metformin", date(2026, 10, 25), 30, false); // due 11-24
        let c = rx(3, 1, "Atorvastatin", date(2026, 11, 20), 90, false); // not due
        let entry =
            call_list_entry(&patient(1), &[&b, &a, &c], &[], NEW_YORK, today, RefillProgram::default()).unwrap();
        assert_eq!(entry.due.iter().map(|m| m.drug.as_str()).collect::<Vec<_>>(), ["Lisinopril", "Metformin"]);
        assert_eq!(entry.days_until_due, -3);
        assert_eq!(entry.attempts, 0);
    }

    #[test]
    fn nothing_due_or_no_call_consent_means_no_entry() {
        let today = date(2026, 11, 22);
        let later = rx(1, 1, "Lisinopril", date(2026, 11, 15), 30, false);
        assert!(call_list_entry(&patient(1), &[&later], &[], NEW_YORK, today, RefillProgram::default()).is_none());
        let due = rx(2, 1, "Metformin", date(2026, 10, 25), 30, false);
        let mut revoked = patient(1);
        revoked.consents.calls = false;
        assert!(call_list_entry(&revoked, &[&due], &[], NEW_YORK, today, RefillProgram::default()).is_none());
    }

    #[test]
    fn attempts_count_outbound_calls_since_the_window_opened_in_the_patients_zone() {
        let today = date(2026, 11, 22);
        // due 11-24; window opens 11-17.
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        // 11-17 03:00 UTC is still 11-16 in New York: before the window.
        let before = call(1, Utc.with_ymd_and_hms(2026, 11, 17, 3, 0, 0).unwrap());
        let inside = call(1, Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap());
        let other_patient = call(2, Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap());
        let entry = call_list_entry(
            &patient(1),
            &[&due],
            &[&before, &inside, &other_patient],
            NEW_YORK,
            today,
            RefillProgram::default(),
        )
        .unwrap();
        assert_eq!(entry.attempts, 1);
    }

    #[test]
    fn priority_is_overdue_then_critical_then_fewer_attempts() {
        let entry = |id: u128, days: i32, critical: bool, attempts: u32| CallListEntry {
            patient_id: EntityId::from_u128(id),
            due: vec![],
            days_until_due: days,
            critical,
            attempts,
        };
        let mut entries = [
            entry(1, 5, true, 0),
            entry(2, -2, false, 2),
            entry(3, -2, false, 0),
            entry(4, -2, true, 3),
            entry(5, -10, false, 0),
        ];
        entries.sort_by(by_priority);
        assert_eq!(entries.iter().map(|e| e.patient_id.as_u128()).collect::<Vec<_>>(), [5, 4, 3, 2, 1]);
    }
}
