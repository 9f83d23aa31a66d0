//! The refill-reminder call list: which patients to call today, with which
//! medications, in which order. One row per patient covers every
//! prescription that is due, because one call covers them all.

use std::cmp::Ordering;

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::calling::{CallContext, CallRules, CallState, CycleOutcome, cycle_outcome, patient_window, plan_call};
use crate::{
    ContactChannel, EntityId, Interaction, Language, Patient, PharmacySettings, Prescription, RefillProgram,
    RefillStatus, local_date, refill_status,
};

/// How many of a patient's latest call dates a [`CallQueueSummary`] keeps for
/// the contact limits; limits above it count only this many calls.
pub const RECENT_CALLS_KEPT: usize = 16;

/// A prescription on today's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DueMedication {
    pub prescription_id: EntityId,
    pub rx_number: Option<String>,
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
    /// The most urgent medication's due date.
    pub due_on: NaiveDate,
    pub critical: bool,
    /// Outbound calls made since the reminder window of these medications opened.
    pub attempts: u32,
    pub state: CallState,
}

impl CallListEntry {
    pub fn callable_now(&self) -> bool {
        matches!(self.state, CallState::Open { callable_now: true, .. })
    }

    pub fn next_call_at(&self) -> Option<DateTime<Utc>> {
        match self.state {
            CallState::Open { next_call_at, .. } => next_call_at,
            _ => None,
        }
    }

    pub fn priority_key(&self) -> PriorityKey {
        PriorityKey {
            days_until_due: self.days_until_due,
            not_critical: !self.critical,
            attempts: self.attempts,
            due_on: self.due_on,
            patient_id: self.patient_id,
        }
    }
}

/// A row's place in the list: most overdue first (a gap in therapy is the
/// risk), then critical therapy, then fewer attempts so far, then the earlier
/// due date, then patient id for a stable order. Smaller comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PriorityKey {
    pub days_until_due: i32,
    pub not_critical: bool,
    pub attempts: u32,
    pub due_on: NaiveDate,
    pub patient_id: EntityId,
}

/// One patient and what the list needs to know about them.
#[derive(Debug, Clone, Copy)]
pub struct PatientCalls<'a> {
    pub patient: &'a Patient,
    /// The patient's prescriptions (others are ignored).
    pub prescriptions: &'a [&'a Prescription],
    /// The patient's interactions of the last months, any channel.
    pub interactions: &'a [&'a Interaction],
    /// The zone that applies: the patient's, else the pharmacy's.
    pub zone: Tz,
}

/// The patient's entry as of `now` (judged on the patient's local date), or
/// `None` when nothing is due or the patient does not accept calls. Resolved
/// and exception entries are returned too: the caller decides where they go.
pub fn call_list_entry(
    input: &PatientCalls<'_>,
    pharmacy: &PharmacySettings,
    now: DateTime<Utc>,
) -> Option<CallListEntry> {
    let PatientCalls { patient, prescriptions, interactions, zone } = *input;
    if !patient.consents.calls || !patient.is_active() {
        return None;
    }
    let today = local_date(now, zone);
    let mut due = Vec::new();
    let mut cycle_start: Option<NaiveDate> = None;
    for prescription in prescriptions.iter().filter(|prescription| prescription.patient_id == patient.id) {
        if let RefillStatus::Due { due_on, opens_on, days_until_due, renewal_needed } =
            refill_status(prescription, today, pharmacy.refill_program)
        {
            cycle_start = Some(cycle_start.map_or(opens_on, |start| start.min(opens_on)));
            due.push(DueMedication {
                prescription_id: prescription.id,
                rx_number: prescription.rx_number.clone(),
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

    let outbound = outbound_calls(patient.id, interactions);
    let cycle_calls = calls_since(&answering_calls(patient.id, interactions), cycle_start, zone);
    let week_start = today.checked_sub_days(Days::new(6)).unwrap_or(NaiveDate::MIN);
    let recent_call_dates: Vec<NaiveDate> = outbound
        .iter()
        .map(|call| local_date(call.occurred_at, zone))
        .filter(|date| (week_start..=today).contains(date))
        .collect();
    let state = plan_call(&CallContext {
        cycle_calls: &cycle_calls,
        recent_call_dates: &recent_call_dates,
        zone,
        window: patient_window(pharmacy.calling_window, patient, zone),
        rules: pharmacy.call_rules,
        now,
    });
    let most_urgent = due.first()?;
    Some(CallListEntry {
        patient_id: patient.id,
        days_until_due: most_urgent.days_until_due,
        due_on: most_urgent.due_on,
        critical: due.iter().any(|medication| medication.critical),
        attempts: attempts(&cycle_calls),
        state,
        due,
    })
}

/// The calls the pharmacy placed: the attempts, and what the contact limits count.
fn outbound_calls<'a>(patient_id: EntityId, interactions: &[&'a Interaction]) -> Vec<&'a Interaction> {
    interactions
        .iter()
        .copied()
        .filter(|interaction| {
            interaction.patient_id == patient_id && interaction.channel == ContactChannel::OutboundCall
        })
        .collect()
}

/// The phone calls either way that carry a reminder outcome: a patient who
/// calls in and confirms resolves the cycle as an answered reminder would.
fn answering_calls<'a>(patient_id: EntityId, interactions: &[&'a Interaction]) -> Vec<&'a Interaction> {
    interactions
        .iter()
        .copied()
        .filter(|interaction| {
            interaction.patient_id == patient_id && interaction.channel.is_call() && interaction.disposition.is_some()
        })
        .collect()
}

/// Attempts are the calls the pharmacy placed; a patient's own call is not one.
fn attempts(cycle_calls: &[&Interaction]) -> u32 {
    let placed = cycle_calls.iter().filter(|call| call.channel == ContactChannel::OutboundCall).count();
    u32::try_from(placed).unwrap_or(u32::MAX)
}

/// The calls of the cycle that opened on `cycle_start` (a local date).
fn calls_since<'a>(outbound: &[&'a Interaction], cycle_start: NaiveDate, zone: Tz) -> Vec<&'a Interaction> {
    outbound.iter().copied().filter(|call| local_date(call.occurred_at, zone) >= cycle_start).collect()
}

/// Call-list order; see [`PriorityKey`].
pub fn by_priority(a: &CallListEntry, b: &CallListEntry) -> Ordering {
    a.priority_key().cmp(&b.priority_key())
}

/// What the call list needs to know about one patient that stays true from
/// day to day until the patient's data changes, so a store can keep it
/// beside the patient and index it. On a local date `today` the patient is
/// on the list exactly when `today >= opens_on`: the earliest-opening
/// prescription opens first, so the cycle always starts on `opens_on`, and
/// this cycle's calls and their outcome do not depend on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallQueueSummary {
    pub opens_on: NaiveDate,
    /// The earliest due date of any active prescription.
    pub first_due: NaiveDate,
    /// Whether any active prescription is critical therapy.
    pub critical: bool,
    pub attempts: u32,
    pub outcome: CycleOutcome,
    /// Local dates of the patient's latest outbound calls (any cycle), newest
    /// first, at most [`RECENT_CALLS_KEPT`]: what the contact limits count.
    pub recent_call_dates: Vec<NaiveDate>,
}

impl CallQueueSummary {
    /// A key no entry built from the same data on `today` ranks ahead of:
    /// the due medications on the list are a subset of the active ones, so
    /// the entry is due no sooner than `first_due` and is critical only if
    /// some active prescription is.
    pub fn best_possible_key(&self, today: NaiveDate, patient_id: EntityId) -> PriorityKey {
        PriorityKey {
            days_until_due: i32::try_from((self.first_due - today).num_days()).unwrap_or(i32::MIN),
            not_critical: !self.critical,
            attempts: self.attempts,
            due_on: self.first_due,
            patient_id,
        }
    }

    /// Whether the entry on `today` is overdue. Exact, not a bound: a
    /// prescription past its due date is always open.
    pub fn overdue_on(&self, today: NaiveDate) -> bool {
        self.first_due < today
    }

    /// The open cycle's state as of `now`, or `None` when the cycle is
    /// resolved or an exception. Agrees with [`call_list_entry`]'s state.
    pub fn call_state(
        &self,
        zone: Tz,
        window: Option<crate::CallingWindow>,
        rules: CallRules,
        now: DateTime<Utc>,
    ) -> Option<CallState> {
        let CycleOutcome::Open { retry_at, requested_callback } = self.outcome else {
            return None;
        };
        let today = local_date(now, zone);
        let week_start = today.checked_sub_days(Days::new(6)).unwrap_or(NaiveDate::MIN);
        let recent: Vec<NaiveDate> =
            self.recent_call_dates.iter().copied().filter(|date| (week_start..=today).contains(date)).collect();
        Some(crate::calling::call_timing(retry_at, requested_callback, &recent, zone, window, rules, now))
    }
}

/// From when a patient's interactions can matter to cycles opening on these
/// local dates: the cycle's calls, and a week before for the contact limits
/// (a day more covers any zone's offset from UTC).
pub fn calls_needed_since(opening_dates: impl Iterator<Item = NaiveDate>) -> DateTime<Utc> {
    let earliest = opening_dates.min().unwrap_or(NaiveDate::MAX);
    earliest.checked_sub_days(Days::new(8)).unwrap_or(NaiveDate::MIN).and_time(chrono::NaiveTime::MIN).and_utc()
}

/// The patient's [`CallQueueSummary`], or `None` when the patient does not
/// accept calls or has no active prescription.
pub fn call_queue_summary(
    input: &PatientCalls<'_>,
    program: RefillProgram,
    rules: CallRules,
) -> Option<CallQueueSummary> {
    let PatientCalls { patient, prescriptions, interactions, zone } = *input;
    if !patient.consents.calls || !patient.is_active() {
        return None;
    }
    let mut opens_on: Option<NaiveDate> = None;
    let mut first_due: Option<NaiveDate> = None;
    let mut critical = false;
    for prescription in prescriptions.iter().filter(|prescription| prescription.patient_id == patient.id) {
        if let Some((due_on, opens)) = crate::reminder_dates(prescription, program) {
            opens_on = Some(opens_on.map_or(opens, |earliest| earliest.min(opens)));
            first_due = Some(first_due.map_or(due_on, |earliest| earliest.min(due_on)));
            critical |= prescription.critical;
        }
    }
    let (opens_on, first_due) = (opens_on?, first_due?);
    let mut outbound = outbound_calls(patient.id, interactions);
    let cycle_calls = calls_since(&answering_calls(patient.id, interactions), opens_on, zone);
    outbound.sort_by_key(|call| std::cmp::Reverse(call.occurred_at));
    Some(CallQueueSummary {
        opens_on,
        first_due,
        critical,
        attempts: attempts(&cycle_calls),
        outcome: cycle_outcome(&cycle_calls, rules),
        recent_call_dates: outbound
            .iter()
            .take(RECENT_CALLS_KEPT)
            .map(|call| local_date(call.occurred_at, zone))
            .collect(),
    })
}

/// The coordinator's filters over the list; every one that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct CallListFilter {
    pub callable_now_only: bool,
    pub language: Option<Language>,
    pub program: Option<String>,
    pub assigned_to: Option<String>,
    pub overdue_only: bool,
}

impl CallListFilter {
    pub fn admits(&self, patient: &Patient, entry: &CallListEntry) -> bool {
        (!self.callable_now_only || entry.callable_now())
            && self.language.is_none_or(|language| patient.preferred_language == language)
            && self.program.as_ref().is_none_or(|program| patient.program.as_ref() == Some(program))
            && self.assigned_to.as_ref().is_none_or(|user| patient.assigned_to.as_ref() == Some(user))
            && (!self.overdue_only || entry.days_until_due < 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calling::{CallRules, ExceptionReason};
    use crate::{CallingWindow, ContactConsents, Disposition, PersonName, RefillProgram};
    use chrono::TimeZone;

    const NEW_YORK: Tz = chrono_tz::America::New_York;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Noon in New York on the given date.
    fn noon(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        NEW_YORK.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap().with_timezone(&Utc)
    }

    fn pharmacy() -> PharmacySettings {
        PharmacySettings {
            id: EntityId::nil(),
            name: "Farmacia".into(),
            phone: "+12125550100".into(),
            time_zone: "America/New_York".into(),
            calling_window: CallingWindow::federal_limit(),
            refill_program: RefillProgram::default(),
            call_rules: CallRules::default(),
            idle_lock_minutes: crate::pharmacy::DEFAULT_IDLE_LOCK_MINUTES,
            task_escalation_hours: crate::pharmacy::DEFAULT_TASK_ESCALATION_HOURS,
            address: Default::default(),
            programs: Vec::new(),
        }
    }

    fn patient(id: u128) -> Patient {
        Patient {
            id: EntityId::from_u128(id),
            name: PersonName { given: "Ana".into(), middle: None, family: "Ruiz".into(), second_family: None },
            date_of_birth: date(1950, 5, 1),
            preferred_language: Language::Spanish,
            time_zone: None,
            time_zone_confirmed: true,
            phones: vec![],
            consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
            external_id: None,
            zip: None,
            program: Some("Med Sync".into()),
            assigned_to: Some("lucia".into()),
            preferred_call_window: None,
            status: crate::PatientStatus::Active,
        }
    }

    fn rx(id: u128, patient: u128, drug: &str, last_fill: NaiveDate, days_supply: u32, critical: bool) -> Prescription {
        Prescription {
            id: EntityId::from_u128(id),
            patient_id: EntityId::from_u128(patient),
            rx_number: Some(format!("RX{id}")),
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

    fn call(patient: u128, at: DateTime<Utc>, disposition: Disposition) -> Interaction {
        Interaction {
            id: EntityId::nil(),
            patient_id: EntityId::from_u128(patient),
            occurred_at: at,
            recorded_by: "Coordinator".into(),
            channel: ContactChannel::OutboundCall,
            direction: crate::interaction::Direction::Outbound,
            party: crate::interaction::ContactParty::Patient,
            reason: None,
            disposition: Some(disposition),
            notes: String::new(),
            language: Language::Spanish,
            interpreter_used: false,
            duration_seconds: None,
            refill: None,
            decline_reason: None,
            callback_at: None,
        }
    }

    fn entry(
        patient: &Patient,
        prescriptions: &[&Prescription],
        interactions: &[&Interaction],
        now: DateTime<Utc>,
    ) -> Option<CallListEntry> {
        call_list_entry(&PatientCalls { patient, prescriptions, interactions, zone: NEW_YORK }, &pharmacy(), now)
    }

    #[test]
    fn one_entry_covers_every_due_medication_most_urgent_first() {
        let a = rx(1, 1, "Lisinopril", date(2026, 10, 20), 30, false); // due 11-19: 3 days overdue
        let b = rx(2, 1, "Metformin", date(2026, 10, 25), 30, false); // due 11-24
        let c = rx(3, 1, "Atorvastatin", date(2026, 11, 20), 90, false); // not due
        let entry = entry(&patient(1), &[&b, &a, &c], &[], noon(2026, 11, 22)).unwrap();
        assert_eq!(entry.due.iter().map(|m| m.drug.as_str()).collect::<Vec<_>>(), ["Lisinopril", "Metformin"]);
        assert_eq!(entry.days_until_due, -3);
        assert_eq!(entry.due_on, date(2026, 11, 19));
        assert_eq!(entry.attempts, 0);
        assert!(entry.callable_now());
    }

    #[test]
    fn supplies_of_28_30_84_and_90_days_open_on_their_own_dates() {
        // Filled 2028-01-01 (a leap year). Lead 7 days; 75% point in parentheses.
        let filled = date(2028, 1, 1);
        for (days, first_due_day) in
            [(28, date(2028, 1, 22)), (30, date(2028, 1, 24)), (84, date(2028, 3, 18)), (90, date(2028, 3, 24))]
        {
            let prescription = rx(1, 1, "Drug", filled, days, false);
            let day_before = first_due_day.pred_opt().unwrap();
            let at = |d: NaiveDate| NEW_YORK.from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap()).unwrap();
            assert!(entry(&patient(1), &[&prescription], &[], at(day_before).with_timezone(&Utc)).is_none(), "{days}");
            assert!(
                entry(&patient(1), &[&prescription], &[], at(first_due_day).with_timezone(&Utc)).is_some(),
                "{days}"
            );
        }
        // A 30-day fill on 2028-01-30 runs out on leap day.
        let leap = rx(1, 1, "Drug", date(2028, 1, 30), 30, false);
        assert_eq!(entry(&patient(1), &[&leap], &[], noon(2028, 2, 25)).unwrap().due_on, date(2028, 2, 29));
    }

    #[test]
    fn today_is_the_patients_local_date() {
        // Due 2026-11-24, opens 11-17. At 05:00 UTC on 11-17 it is still 11-16 in Honolulu, already 11-17 in San Juan.
        let prescription = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        let instant = Utc.with_ymd_and_hms(2026, 11, 17, 5, 0, 0).unwrap();
        let patient = patient(1);
        let in_zone = |zone| {
            call_list_entry(
                &PatientCalls { patient: &patient, prescriptions: &[&prescription], interactions: &[], zone },
                &pharmacy(),
                instant,
            )
        };
        assert!(in_zone(chrono_tz::Pacific::Honolulu).is_none());
        assert!(in_zone(chrono_tz::America::Puerto_Rico).is_some());
    }

    #[test]
    fn nothing_due_or_no_call_consent_means_no_entry() {
        let later = rx(1, 1, "Lisinopril", date(2026, 11, 15), 30, false);
        assert!(entry(&patient(1), &[&later], &[], noon(2026, 11, 22)).is_none());
        let due = rx(2, 1, "Metformin", date(2026, 10, 25), 30, false);
        let mut revoked = patient(1);
        revoked.consents.calls = false;
        assert!(entry(&revoked, &[&due], &[], noon(2026, 11, 22)).is_none());
        assert!(entry(&patient(1), &[&due], &[], noon(2026, 11, 22)).is_some());
        for status in [crate::PatientStatus::Deceased, crate::PatientStatus::MovedAway] {
            let gone = Patient { status, ..patient(1) };
            assert!(entry(&gone, &[&due], &[], noon(2026, 11, 22)).is_none(), "{status:?}");
        }
    }

    #[test]
    fn attempts_count_outbound_calls_since_the_window_opened_in_the_patients_zone() {
        // due 11-24; window opens 11-17.
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        // 11-17 03:00 UTC is still 11-16 in New York: before the window.
        let before = call(1, Utc.with_ymd_and_hms(2026, 11, 17, 3, 0, 0).unwrap(), Disposition::NoAnswer);
        let inside = call(1, noon(2026, 11, 18), Disposition::NoAnswer);
        let other_patient = call(2, noon(2026, 11, 18), Disposition::NoAnswer);
        let entry = entry(&patient(1), &[&due], &[&before, &inside, &other_patient], noon(2026, 11, 22)).unwrap();
        assert_eq!(entry.attempts, 1);
    }

    #[test]
    fn a_confirmed_refill_resolves_the_cycle_until_a_newer_fill_arrives() {
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        let confirmed = call(1, noon(2026, 11, 20), Disposition::RefillConfirmed);
        let resolved = entry(&patient(1), &[&due], &[&confirmed], noon(2026, 11, 22)).unwrap();
        assert_eq!(resolved.state, CallState::Resolved { by: Disposition::RefillConfirmed });
        // Filled on 11-23 for 30 days: next cycle opens 12-16 and the old call no longer counts.
        let refilled = rx(1, 1, "Metformin", date(2026, 11, 23), 30, false);
        let next_cycle = entry(&patient(1), &[&refilled], &[&confirmed], noon(2026, 12, 16)).unwrap();
        assert!(next_cycle.callable_now());
        assert_eq!(next_cycle.attempts, 0);
    }

    #[test]
    fn a_patient_who_calls_in_and_confirms_resolves_the_reminder_without_an_attempt() {
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        let unanswered = call(1, noon(2026, 11, 19), Disposition::NoAnswer);
        let inbound = |disposition| Interaction {
            channel: ContactChannel::InboundCall,
            direction: crate::interaction::Direction::Inbound,
            ..call(1, noon(2026, 11, 20), disposition)
        };
        let confirmed = inbound(Disposition::RefillConfirmed);
        let resolved = entry(&patient(1), &[&due], &[&unanswered, &confirmed], noon(2026, 11, 22)).unwrap();
        assert_eq!(resolved.state, CallState::Resolved { by: Disposition::RefillConfirmed });
        assert_eq!(resolved.attempts, 1, "the patient's own call is not an attempt");
        // A call in about something else (no reminder outcome) leaves the reminder open.
        let question = Interaction {
            disposition: None,
            reason: Some(crate::ContactReason::Billing),
            ..inbound(Disposition::RefillConfirmed)
        };
        let open = entry(&patient(1), &[&due], &[&unanswered, &question], noon(2026, 11, 22)).unwrap();
        assert!(matches!(open.state, CallState::Open { .. }), "{:?}", open.state);
        // A text that says yes is not a call: the reminder stays the coordinator's to make.
        let text = Interaction { channel: ContactChannel::Text, ..inbound(Disposition::RefillConfirmed) };
        let still_open = entry(&patient(1), &[&due], &[&text], noon(2026, 11, 22)).unwrap();
        assert!(matches!(still_open.state, CallState::Open { .. }));
        // The summary the store keeps agrees.
        let input = PatientCalls {
            patient: &patient(1),
            prescriptions: &[&due],
            interactions: &[&unanswered, &confirmed],
            zone: NEW_YORK,
        };
        let summary = call_queue_summary(&input, pharmacy().refill_program, pharmacy().call_rules).unwrap();
        assert_eq!(summary.attempts, 1);
        assert_eq!(summary.recent_call_dates, [date(2026, 11, 19)], "only placed calls count against the limits");
    }

    #[test]
    fn three_unanswered_attempts_make_an_exception() {
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        let calls = [
            call(1, noon(2026, 11, 17), Disposition::NoAnswer),
            call(1, noon(2026, 11, 18), Disposition::Busy),
            call(1, noon(2026, 11, 19), Disposition::VoicemailLeft),
        ];
        let refs: Vec<&Interaction> = calls.iter().collect();
        let entry = entry(&patient(1), &[&due], &refs, noon(2026, 11, 22)).unwrap();
        assert_eq!(entry.state, CallState::Exception { reason: ExceptionReason::AttemptCap });
        assert_eq!(entry.attempts, 3);
    }

    #[test]
    fn the_patients_preferred_hours_decide_callable_now() {
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false);
        let mut evenings = patient(1);
        let hm = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        evenings.preferred_call_window = Some(CallingWindow { start: hm(17), end: hm(20) });
        let entry = entry(&evenings, &[&due], &[], noon(2026, 11, 22)).unwrap();
        assert!(!entry.callable_now());
        assert_eq!(
            entry.next_call_at(),
            Some(NEW_YORK.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap().with_timezone(&Utc))
        );
    }

    #[test]
    fn priority_is_overdue_then_critical_then_fewer_attempts_then_due_date() {
        let entry = |id: u128, days: i32, critical: bool, attempts: u32, due_day: u32| CallListEntry {
            patient_id: EntityId::from_u128(id),
            due: vec![],
            days_until_due: days,
            due_on: date(2026, 11, due_day),
            critical,
            attempts,
            state: CallState::Open { next_call_at: None, callable_now: true },
        };
        let mut entries = [
            entry(1, 5, true, 0, 27),
            entry(2, -2, false, 2, 20),
            entry(3, -2, false, 0, 21),
            entry(4, -2, true, 3, 20),
            entry(5, -10, false, 0, 12),
            entry(6, -2, false, 0, 20),
        ];
        entries.sort_by(by_priority);
        assert_eq!(entries.iter().map(|e| e.patient_id.as_u128()).collect::<Vec<_>>(), [5, 4, 6, 3, 2, 1]);
    }

    #[test]
    fn filters_combine() {
        let due = rx(1, 1, "Metformin", date(2026, 10, 25), 30, false); // due 11-24: not overdue on 11-22
        let patient = patient(1);
        let entry = entry(&patient, &[&due], &[], noon(2026, 11, 22)).unwrap();
        assert!(CallListFilter::default().admits(&patient, &entry));
        let spanish_med_sync = CallListFilter {
            language: Some(Language::Spanish),
            program: Some("Med Sync".into()),
            assigned_to: Some("lucia".into()),
            callable_now_only: true,
            ..CallListFilter::default()
        };
        assert!(spanish_med_sync.admits(&patient, &entry));
        assert!(!CallListFilter { language: Some(Language::English), ..Default::default() }.admits(&patient, &entry));
        assert!(!CallListFilter { assigned_to: Some("marco".into()), ..Default::default() }.admits(&patient, &entry));
        assert!(!CallListFilter { overdue_only: true, ..Default::default() }.admits(&patient, &entry));
    }

    /// The stored summary must agree with the entry built from full data on
    /// every day: same membership, same state, and a key never worse than the
    /// entry's. Checked on generated patients with short and long supplies,
    /// critical and routine therapy, and every kind of call.
    #[test]
    fn the_queue_summary_agrees_with_the_full_entry_every_day() {
        let mut seed: u64 = 0x5eed;
        let mut next = |modulo: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % modulo
        };
        let pharmacy = pharmacy();
        let zones =
            [NEW_YORK, chrono_tz::America::Phoenix, chrono_tz::Pacific::Honolulu, chrono_tz::America::Puerto_Rico];
        let supplies = [7, 14, 28, 30, 84, 90];
        let start = date(2026, 9, 1);
        let mut compared = 0;
        for case in 0..400u128 {
            let zone = zones[next(4) as usize];
            let mut person = patient(case);
            person.consents.calls = next(10) > 0;
            let prescriptions: Vec<Prescription> = (0..1 + next(3))
                .map(|index| {
                    let filled = start + Days::new(next(90));
                    let mut item = rx(
                        case * 10 + u128::from(index),
                        case,
                        "Drug",
                        filled,
                        supplies[next(6) as usize],
                        next(4) == 0,
                    );
                    item.active = next(8) > 0;
                    item
                })
                .collect();
            let calls: Vec<Interaction> = (0..next(6))
                .map(|_| {
                    let at = NEW_YORK
                        .from_local_datetime(
                            &(start + Days::new(next(150))).and_hms_opt(8 + next(12) as u32, 0, 0).unwrap(),
                        )
                        .earliest()
                        .unwrap()
                        .with_timezone(&Utc);
                    let mut made = call(case, at, Disposition::ALL[next(Disposition::ALL.len() as u64) as usize]);
                    if made.disposition == Some(Disposition::CallBack) {
                        made.callback_at = Some(at + chrono::Duration::hours(20));
                    }
                    made
                })
                .collect();
            let prescription_refs: Vec<&Prescription> = prescriptions.iter().collect();
            let call_refs: Vec<&Interaction> = calls.iter().collect();
            let input =
                PatientCalls { patient: &person, prescriptions: &prescription_refs, interactions: &call_refs, zone };
            let summary = call_queue_summary(&input, pharmacy.refill_program, pharmacy.call_rules);
            for day in (0..160).step_by(3) {
                let now = zone
                    .from_local_datetime(&(start + Days::new(day)).and_hms_opt(9 + (day % 11) as u32, 30, 0).unwrap())
                    .earliest()
                    .unwrap()
                    .with_timezone(&Utc);
                let today = local_date(now, zone);
                let entry = call_list_entry(&input, &pharmacy, now);
                match (&summary, &entry) {
                    (None, None) => {}
                    (Some(summary), None) => assert!(today < summary.opens_on, "case {case} day {day}"),
                    (None, Some(_)) => panic!("case {case} day {day}: an entry without a summary"),
                    (Some(summary), Some(entry)) => {
                        compared += 1;
                        assert!(today >= summary.opens_on, "case {case} day {day}");
                        assert!(
                            summary.best_possible_key(today, person.id) <= entry.priority_key(),
                            "case {case} day {day}"
                        );
                        assert_eq!(summary.overdue_on(today), entry.days_until_due < 0, "case {case} day {day}");
                        assert_eq!(summary.attempts, entry.attempts, "case {case} day {day}");
                        let window = patient_window(pharmacy.calling_window, &person, zone);
                        let state = summary.call_state(zone, window, pharmacy.call_rules, now);
                        match entry.state {
                            CallState::Open { .. } => assert_eq!(state, Some(entry.state), "case {case} day {day}"),
                            _ => assert_eq!(state, None, "case {case} day {day}"),
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "only {compared} entries compared");
    }
}
