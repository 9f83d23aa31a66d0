//! The supervisor's exception queue. Items come from rules (a patient's calls
//! hit the attempt cap, a wrong number, a refill that cannot be filled
//! without the prescriber's renewal for some days) and from coordinators,
//! who flag a call for a supervisor — a problem (disconnected, the patient
//! is in hospital or has died, a complaint) or a good outcome worth knowing
//! (a compliment, a save). The queue's order, each item's severity, and the
//! id a rule's item gets (the same on every laptop, so two supervisors
//! acting offline on one item merge instead of duplicating it) are here.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{EntityId, ExceptionReason, Prescription, RefillProgram, RefillStatus, refill_status};

/// What an exception is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionKind {
    /// Rule: unanswered calls reached the pharmacy's cap.
    AttemptCap,
    /// Rule, or a coordinator's flag: the number reaches someone else.
    WrongNumber,
    /// Rule: a due refill needs the prescriber's renewal, for some days now.
    RenewalNeeded,
    /// Flag: the number is disconnected.
    Disconnected,
    /// Flag: the patient (or family) says they are in hospital.
    Hospitalized,
    /// Flag: the family reports the patient has died.
    Deceased,
    /// Flag: a complaint or another problem.
    Complaint,
    /// Flag, positive: a compliment.
    Compliment,
    /// Flag, positive: an adherence save (a patient back on therapy).
    Save,
}

impl ExceptionKind {
    pub const ALL: [ExceptionKind; 9] = [
        Self::AttemptCap,
        Self::WrongNumber,
        Self::RenewalNeeded,
        Self::Disconnected,
        Self::Hospitalized,
        Self::Deceased,
        Self::Complaint,
        Self::Compliment,
        Self::Save,
    ];

    /// What a coordinator may flag a call with (the rules raise the others).
    pub const FLAGS: [ExceptionKind; 7] = [
        Self::WrongNumber,
        Self::Disconnected,
        Self::Hospitalized,
        Self::Deceased,
        Self::Complaint,
        Self::Compliment,
        Self::Save,
    ];

    /// Good news rather than a problem.
    pub fn positive(self) -> bool {
        matches!(self, Self::Compliment | Self::Save)
    }

    /// How soon a supervisor should look.
    pub fn severity(self) -> Severity {
        match self {
            Self::Deceased | Self::Hospitalized => Severity::High,
            Self::AttemptCap | Self::WrongNumber | Self::Disconnected | Self::RenewalNeeded | Self::Complaint => {
                Severity::Medium
            }
            Self::Compliment | Self::Save => Severity::Low,
        }
    }
}

impl From<ExceptionReason> for ExceptionKind {
    fn from(reason: ExceptionReason) -> Self {
        match reason {
            ExceptionReason::AttemptCap => Self::AttemptCap,
            ExceptionReason::WrongNumber => Self::WrongNumber,
        }
    }
}

/// How soon a supervisor should look. Ordered most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

/// How a supervisor closed an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionOutcome {
    /// The patient was reached another way (a caregiver, a visit).
    ReachedOtherwise,
    /// The phone number on file was corrected.
    NumberUpdated,
    /// The prescriber was asked for a renewal.
    RenewalRequested,
    /// Calls stop: the patient left the program, moved, or died.
    RemovedFromCalls,
    /// Noted (for good news, and what needs no further action).
    Acknowledged,
}

impl ExceptionOutcome {
    pub const ALL: [ExceptionOutcome; 5] = [
        Self::ReachedOtherwise,
        Self::NumberUpdated,
        Self::RenewalRequested,
        Self::RemovedFromCalls,
        Self::Acknowledged,
    ];
}

/// Where an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionSource {
    /// Raised by a rule over the patient's calls or prescriptions.
    Rule,
    /// Flagged by a coordinator.
    Flag,
}

/// How an item was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ExceptionResolution {
    pub outcome: ExceptionOutcome,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One item of the queue as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ExceptionCase {
    pub id: EntityId,
    pub patient_id: EntityId,
    pub kind: ExceptionKind,
    pub source: ExceptionSource,
    /// The day the item is about: for a rule, the due date of the refill
    /// cycle (one item per kind and cycle); for a flag, the day it was raised.
    pub opened_on: NaiveDate,
    /// The call a flag was raised on.
    pub interaction_id: Option<EntityId>,
    pub note: String,
    /// Who raised it (a username; empty for a rule).
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    pub assigned_to: Option<String>,
    pub assigned_by: Option<String>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub resolution: Option<ExceptionResolution>,
}

/// The longest note a flag or a resolution keeps.
pub const EXCEPTION_NOTE_MAX_CHARS: usize = 2000;

/// Why a flag or a resolution is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionProblem {
    /// That kind is raised by rules, not flagged.
    NotAFlag,
    /// A problem needs a note saying what happened.
    NoteRequired,
    NoteTooLong,
    /// The outcome does not fit the item (good news is only acknowledged).
    OutcomeDoesNotFit,
    AlreadyResolved,
    /// "Number updated" needs the new number…
    NumberRequired,
    /// …and one that is a phone number.
    NumberInvalid,
}

/// What is wrong with a coordinator's flag of `kind` with `note`.
pub fn check_flag(kind: ExceptionKind, note: &str) -> Option<ExceptionProblem> {
    if !ExceptionKind::FLAGS.contains(&kind) {
        Some(ExceptionProblem::NotAFlag)
    } else if note.chars().count() > EXCEPTION_NOTE_MAX_CHARS {
        Some(ExceptionProblem::NoteTooLong)
    } else if !kind.positive() && note.trim().is_empty() {
        Some(ExceptionProblem::NoteRequired)
    } else {
        None
    }
}

/// What is wrong with closing `case` with `outcome` and `note`.
pub fn check_resolution(case: &ExceptionCase, outcome: ExceptionOutcome, note: &str) -> Option<ExceptionProblem> {
    if case.resolution.is_some() {
        Some(ExceptionProblem::AlreadyResolved)
    } else if !outcome_fits(case.kind, outcome) {
        Some(ExceptionProblem::OutcomeDoesNotFit)
    } else if note.chars().count() > EXCEPTION_NOTE_MAX_CHARS {
        Some(ExceptionProblem::NoteTooLong)
    } else {
        None
    }
}

/// The new number a resolution writes, in E.164: "number updated" asks for
/// it in the same step (so the wrong one is never called again), and no
/// other outcome takes one.
pub fn number_for_resolution(
    outcome: ExceptionOutcome,
    typed: Option<&str>,
) -> Result<Option<String>, ExceptionProblem> {
    let typed = typed.map(str::trim).filter(|typed| !typed.is_empty());
    match (outcome, typed) {
        (ExceptionOutcome::NumberUpdated, None) => Err(ExceptionProblem::NumberRequired),
        (ExceptionOutcome::NumberUpdated, Some(typed)) => {
            crate::to_e164(typed).map(Some).map_err(|_| ExceptionProblem::NumberInvalid)
        }
        (_, _) => Ok(None),
    }
}

/// `phones` with `new_number` first, in place of the number that was called
/// (the first), whose kind it takes; the others stay, behind it.
pub fn replace_called_number(phones: &[crate::Phone], new_number: &str) -> Vec<crate::Phone> {
    let kind = phones.first().map_or(crate::PhoneKind::Mobile, |phone| phone.kind);
    let mut replaced = vec![crate::Phone { kind, e164: new_number.to_owned() }];
    replaced.extend(phones.iter().skip(1).filter(|phone| phone.e164 != new_number).cloned());
    replaced
}

/// Days a due refill may wait for the prescriber's renewal before the supervisor hears of it.
pub const RENEWAL_EXCEPTION_DAYS: i64 = 3;

/// A due refill that has waited for the prescriber's renewal long enough to reach the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalWait {
    pub due_on: NaiveDate,
    /// The day it reached the supervisor: `days` after its reminders opened.
    pub since: NaiveDate,
}

/// Whether a due prescription has waited `days` for a renewal (it needs one and has).
pub fn renewal_exception_since(
    prescription: &Prescription,
    today: NaiveDate,
    program: RefillProgram,
    days: i64,
) -> Option<RenewalWait> {
    match refill_status(prescription, today, program) {
        RefillStatus::Due { due_on, opens_on, renewal_needed: true, .. } if (today - opens_on).num_days() >= days => {
            Some(RenewalWait { due_on, since: opens_on + chrono::Duration::days(days) })
        }
        _ => None,
    }
}

/// The id of a rule's item: derived from the patient, the kind and the
/// cycle's due date, so every laptop gives the same item the same id. A
/// name-based UUID (as version 5, over SHA-256 of the name).
pub fn rule_case_id(patient_id: EntityId, kind: ExceptionKind, opened_on: NaiveDate) -> EntityId {
    use sha2::{Digest, Sha256};
    let name = format!("enlace:exception:{}:{}:{}", patient_id.hyphenated(), kind_name(kind), opened_on);
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Uuid::from_bytes(bytes)
}

fn kind_name(kind: ExceptionKind) -> &'static str {
    match kind {
        ExceptionKind::AttemptCap => "attempt-cap",
        ExceptionKind::WrongNumber => "wrong-number",
        ExceptionKind::RenewalNeeded => "renewal-needed",
        ExceptionKind::Disconnected => "disconnected",
        ExceptionKind::Hospitalized => "hospitalized",
        ExceptionKind::Deceased => "deceased",
        ExceptionKind::Complaint => "complaint",
        ExceptionKind::Compliment => "compliment",
        ExceptionKind::Save => "save",
    }
}

/// The queue's order: more severe first, then older first.
pub fn by_exception_priority(a: (ExceptionKind, DateTime<Utc>), b: (ExceptionKind, DateTime<Utc>)) -> Ordering {
    a.0.severity().cmp(&b.0.severity()).then(a.1.cmp(&b.1))
}

/// Whether a closed item may be closed with `outcome`: good news is only acknowledged.
pub fn outcome_fits(kind: ExceptionKind, outcome: ExceptionOutcome) -> bool {
    match kind {
        ExceptionKind::Compliment | ExceptionKind::Save => outcome == ExceptionOutcome::Acknowledged,
        ExceptionKind::RenewalNeeded => {
            matches!(
                outcome,
                ExceptionOutcome::RenewalRequested
                    | ExceptionOutcome::RemovedFromCalls
                    | ExceptionOutcome::Acknowledged
            )
        }
        _ => outcome != ExceptionOutcome::RenewalRequested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn prescription(last_fill: NaiveDate, refills_left: u32) -> Prescription {
        Prescription {
            id: EntityId::from_u128(1),
            patient_id: EntityId::from_u128(2),
            rx_number: None,
            drug: "Atorvastatin".into(),
            strength: "20 mg".into(),
            directions: String::new(),
            days_supply: 30,
            quantity: 30.0,
            refills_left,
            last_fill_date: last_fill,
            expires_on: None,
            prescriber_name: "Dr. Ríos".into(),
            prescriber_npi: None,
            critical: false,
            active: true,
        }
    }

    const PROGRAM: RefillProgram = RefillProgram { reminder_lead_days: 7, too_soon_percent: 75 };

    #[test]
    fn a_refill_waiting_for_renewal_reaches_the_supervisor_after_three_days() {
        // Filled Nov 1 for 30 days: due Dec 1, reminders open Nov 24.
        let waiting = prescription(date(2026, 11, 1), 0);
        assert_eq!(renewal_exception_since(&waiting, date(2026, 11, 26), PROGRAM, 3), None, "two days waiting");
        let wait = RenewalWait { due_on: date(2026, 12, 1), since: date(2026, 11, 27) };
        assert_eq!(renewal_exception_since(&waiting, date(2026, 11, 27), PROGRAM, 3), Some(wait));
        assert_eq!(
            renewal_exception_since(&waiting, date(2026, 12, 5), PROGRAM, 3),
            Some(wait),
            "overdue, still waiting"
        );
        let with_refills = prescription(date(2026, 11, 1), 2);
        assert_eq!(renewal_exception_since(&with_refills, date(2026, 12, 5), PROGRAM, 3), None, "refills left");
        let not_due = prescription(date(2026, 11, 20), 0);
        assert_eq!(renewal_exception_since(&not_due, date(2026, 11, 27), PROGRAM, 3), None, "not due yet");
    }

    #[test]
    fn a_rules_item_has_one_id_on_every_laptop_and_a_new_one_each_cycle() {
        let patient = EntityId::from_u128(7);
        let id = rule_case_id(patient, ExceptionKind::AttemptCap, date(2026, 11, 24));
        assert_eq!(id, rule_case_id(patient, ExceptionKind::AttemptCap, date(2026, 11, 24)));
        assert_ne!(id, rule_case_id(patient, ExceptionKind::AttemptCap, date(2026, 12, 24)), "next cycle");
        assert_ne!(id, rule_case_id(patient, ExceptionKind::WrongNumber, date(2026, 11, 24)));
        assert_ne!(id, rule_case_id(EntityId::from_u128(8), ExceptionKind::AttemptCap, date(2026, 11, 24)));
    }

    #[test]
    fn the_queue_puts_severe_then_old_items_first() {
        let mut items = [
            (ExceptionKind::Compliment, at("2026-11-20T10:00:00Z")),
            (ExceptionKind::AttemptCap, at("2026-11-25T10:00:00Z")),
            (ExceptionKind::Deceased, at("2026-11-30T10:00:00Z")),
            (ExceptionKind::WrongNumber, at("2026-11-21T10:00:00Z")),
        ];
        items.sort_by(|a, b| by_exception_priority(*a, *b));
        let kinds: Vec<ExceptionKind> = items.iter().map(|item| item.0).collect();
        assert_eq!(
            kinds,
            [ExceptionKind::Deceased, ExceptionKind::WrongNumber, ExceptionKind::AttemptCap, ExceptionKind::Compliment]
        );
        assert!(ExceptionKind::Save.positive() && !ExceptionKind::Complaint.positive());
        assert_eq!(ExceptionKind::from(ExceptionReason::WrongNumber), ExceptionKind::WrongNumber);
    }

    #[test]
    fn good_news_is_acknowledged_and_only_renewals_are_requested() {
        assert!(outcome_fits(ExceptionKind::Save, ExceptionOutcome::Acknowledged));
        assert!(!outcome_fits(ExceptionKind::Compliment, ExceptionOutcome::NumberUpdated));
        assert!(outcome_fits(ExceptionKind::RenewalNeeded, ExceptionOutcome::RenewalRequested));
        assert!(!outcome_fits(ExceptionKind::WrongNumber, ExceptionOutcome::RenewalRequested));
        assert!(outcome_fits(ExceptionKind::WrongNumber, ExceptionOutcome::NumberUpdated));
        assert!(outcome_fits(ExceptionKind::Deceased, ExceptionOutcome::RemovedFromCalls));
    }

    #[test]
    fn a_flag_is_a_flaggable_kind_and_a_problem_says_what_happened() {
        assert_eq!(check_flag(ExceptionKind::AttemptCap, "x"), Some(ExceptionProblem::NotAFlag));
        assert_eq!(check_flag(ExceptionKind::Hospitalized, "  "), Some(ExceptionProblem::NoteRequired));
        assert_eq!(check_flag(ExceptionKind::Hospitalized, "En el hospital desde el lunes"), None);
        assert_eq!(check_flag(ExceptionKind::Compliment, ""), None, "good news needs no note");
        let long = "a".repeat(EXCEPTION_NOTE_MAX_CHARS + 1);
        assert_eq!(check_flag(ExceptionKind::Complaint, &long), Some(ExceptionProblem::NoteTooLong));
    }

    #[test]
    fn an_item_is_resolved_once_with_an_outcome_that_fits() {
        let mut case = ExceptionCase {
            id: EntityId::from_u128(1),
            patient_id: EntityId::from_u128(2),
            kind: ExceptionKind::Compliment,
            source: ExceptionSource::Flag,
            opened_on: date(2026, 12, 1),
            interaction_id: None,
            note: String::new(),
            raised_by: "ana".into(),
            raised_at: at("2026-12-01T15:00:00Z"),
            assigned_to: None,
            assigned_by: None,
            assigned_at: None,
            resolution: None,
        };
        assert_eq!(
            check_resolution(&case, ExceptionOutcome::NumberUpdated, ""),
            Some(ExceptionProblem::OutcomeDoesNotFit)
        );
        assert_eq!(number_for_resolution(ExceptionOutcome::Acknowledged, Some("(305) 555-0111")), Ok(None));
        assert_eq!(check_resolution(&case, ExceptionOutcome::Acknowledged, ""), None);
        case.resolution = Some(ExceptionResolution {
            outcome: ExceptionOutcome::Acknowledged,
            note: String::new(),
            by: "sofia".into(),
            at: at("2026-12-01T16:00:00Z"),
        });
        assert_eq!(
            check_resolution(&case, ExceptionOutcome::Acknowledged, ""),
            Some(ExceptionProblem::AlreadyResolved)
        );
    }

    #[test]
    fn number_updated_takes_the_new_number_in_place_of_the_one_called() {
        use crate::{Phone, PhoneKind};
        let updated = ExceptionOutcome::NumberUpdated;
        assert_eq!(number_for_resolution(updated, None), Err(ExceptionProblem::NumberRequired));
        assert_eq!(number_for_resolution(updated, Some("  ")), Err(ExceptionProblem::NumberRequired));
        assert_eq!(number_for_resolution(updated, Some("555")), Err(ExceptionProblem::NumberInvalid));
        assert_eq!(number_for_resolution(updated, Some("(305) 555-0111")), Ok(Some("+13055550111".to_owned())));
        let phones = [
            Phone { kind: PhoneKind::Home, e164: "+13055550100".into() },
            Phone { kind: PhoneKind::Mobile, e164: "+17865550101".into() },
        ];
        let replaced = replace_called_number(&phones, "+13055550111");
        assert_eq!(
            replaced,
            [
                Phone { kind: PhoneKind::Home, e164: "+13055550111".into() },
                Phone { kind: PhoneKind::Mobile, e164: "+17865550101".into() },
            ]
        );
        assert_eq!(replace_called_number(&phones, "+17865550101").len(), 1, "no number twice");
        assert_eq!(replace_called_number(&[], "+13055550111")[0].kind, PhoneKind::Mobile);
    }
}
