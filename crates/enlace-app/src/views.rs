//! The shapes the UI receives. Field names are camelCase on the wire; dates
//! are ISO 8601 strings the UI formats in the interface locale.

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::{
    CallListEntry, CallState, CallingWindow, ConsentRecord, ConsultStatus, DueMedication, EntityId, ExceptionReason,
    Interaction, Language, Patient, PatientProfile, Prescription, RefillStatus,
};
use serde::Serialize;

use crate::ranking::Evaluated;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    /// `None` until the user picks one: the UI then follows the system language.
    pub ui_locale: Option<Language>,
}

/// Today's call list; rows are ordered most urgent first.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallList {
    pub generated_at: DateTime<Utc>,
    /// Open rows that pass the filter.
    pub rows: Vec<CallListRow>,
    /// Patients the rules sent to the supervisor (attempt cap, wrong number).
    pub exceptions: Vec<ExceptionRow>,
    /// Open patients before filtering, and how many of them may be called now.
    pub open_count: u32,
    pub callable_count: u32,
    pub filter_options: FilterOptions,
}

/// One page of today's call list.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallListPage {
    pub generated_at: DateTime<Utc>,
    pub offset: u32,
    /// Open rows that pass the filter, on every page.
    pub total: u32,
    pub rows: Vec<CallListRow>,
}

/// The list's header: counts, the exception queue's first rows, filter values.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallListOverview {
    pub generated_at: DateTime<Utc>,
    pub open_count: u32,
    pub callable_count: u32,
    pub exception_count: u32,
    pub exceptions: Vec<ExceptionRow>,
    pub filter_options: FilterOptions,
}

/// One patient of a full-scan list: who, and the exact entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FullScanRow {
    pub patient: Patient,
    pub entry: CallListEntry,
}

impl FullScanRow {
    pub(crate) fn new(item: &Evaluated) -> Self {
        Self { patient: item.patient.clone(), entry: item.entry.clone() }
    }
}

/// The values the list's filters can take.
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FilterOptions {
    pub programs: Vec<String>,
    pub coordinators: Vec<String>,
}

/// One patient to call and every medication the call covers.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallListRow {
    pub patient_id: EntityId,
    pub full_name: String,
    pub preferred_language: Language,
    /// The zone that applies: the patient's, or the pharmacy's when they have none.
    pub time_zone: String,
    pub phone: Option<String>,
    pub program: Option<String>,
    pub assigned_to: Option<String>,
    /// Whether a call may be placed at `CallList::generated_at`.
    pub callable_now: bool,
    /// When the next attempt may be made, if not now.
    pub next_call_at: Option<DateTime<Utc>>,
    pub due_medications: Vec<DueMedication>,
    pub days_until_due: i32,
    pub critical: bool,
    pub attempts: u32,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The patient's open consult (requested or scheduled), if any, so the
    /// caller knows a pharmacist is already involved.
    pub open_consult: Option<ConsultStatus>,
}

impl CallListRow {
    pub(crate) fn new(item: &Evaluated) -> Self {
        let patient = &item.patient;
        Self {
            patient_id: patient.id,
            full_name: patient.name.full(),
            preferred_language: patient.preferred_language,
            time_zone: item.zone.name().to_owned(),
            phone: patient.primary_phone().map(|phone| phone.e164.clone()),
            program: patient.program.clone(),
            assigned_to: patient.assigned_to.clone(),
            callable_now: item.entry.callable_now(),
            next_call_at: item.entry.next_call_at(),
            due_medications: item.entry.due.clone(),
            days_until_due: item.entry.days_until_due,
            critical: item.entry.critical,
            attempts: item.entry.attempts,
            last_attempt_at: item.last_attempt_at,
            open_consult: None,
        }
    }
}

/// A patient the rules took off the list for a supervisor to look at.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionRow {
    pub patient_id: EntityId,
    pub full_name: String,
    pub reason: ExceptionReason,
    pub attempts: u32,
    pub days_until_due: i32,
    pub last_attempt_at: Option<DateTime<Utc>>,
}

impl ExceptionRow {
    pub(crate) fn new(item: &Evaluated, reason: ExceptionReason) -> Self {
        Self {
            patient_id: item.patient.id,
            full_name: item.patient.name.full(),
            reason,
            attempts: item.entry.attempts,
            days_until_due: item.entry.days_until_due,
            last_attempt_at: item.last_attempt_at,
        }
    }
}

/// Where one patient's reminder calls stand.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientCallStatus {
    pub state: CallState,
    pub due_medications: Vec<DueMedication>,
    pub days_until_due: i32,
    pub attempts: u32,
    /// The hours this patient may be called, in their zone; `None` when none are left.
    pub calling_window: Option<CallingWindow>,
}

impl PatientCallStatus {
    pub(crate) fn new(entry: CallListEntry, calling_window: Option<CallingWindow>) -> Self {
        Self {
            state: entry.state,
            days_until_due: entry.days_until_due,
            attempts: entry.attempts,
            due_medications: entry.due,
            calling_window,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrescriptionView {
    pub prescription: Prescription,
    pub status: RefillStatus,
}

/// A patient with everything the patient view shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientDetail {
    pub patient: Patient,
    pub full_name: String,
    pub time_zone: String,
    pub prescriptions: Vec<PrescriptionView>,
    /// Newest first.
    pub interactions: Vec<Interaction>,
    /// Where this cycle's reminder calls stand; `None` when nothing is due.
    pub call: Option<PatientCallStatus>,
    /// What enrollment recorded (insurance, allergies, caregiver…); `None`
    /// for a patient who came from the refill report only.
    pub profile: Option<PatientProfile>,
    /// Verbal consents and revocations, oldest first.
    pub consent_history: Vec<ConsentRecord>,
    /// The correction form as the record and profile fill it in (what the
    /// page's "Correct" form starts from).
    pub contact_form: enlace_domain::ContactForm,
    /// The latest changes of the patient's record, latest first: who
    /// changed which fields when (two laptops' edits merge field by field).
    pub record_changes: Vec<RecordChangeView>,
    /// Follow-up tasks about the patient, open ones first.
    pub tasks: Vec<crate::TaskRow>,
}

/// One change of a record, for the page that shows its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecordChangeView {
    pub at: chrono::DateTime<chrono::Utc>,
    /// The author's name as colleagues know it (their username if they are
    /// not a user of this pharmacy, e.g. a command).
    pub author: String,
    /// Stored field names ("phones", "time_zone"…).
    pub fields: Vec<String>,
    /// The change that created the record.
    pub created: bool,
}

/// The patients a search shows, and how many matched in all (the list is capped).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientSearch {
    pub patients: Vec<PatientSummary>,
    pub total_matches: u32,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientSummary {
    pub id: EntityId,
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub preferred_language: Language,
    pub phone: Option<String>,
    pub external_id: Option<String>,
}

impl From<&Patient> for PatientSummary {
    fn from(patient: &Patient) -> Self {
        Self {
            id: patient.id,
            full_name: patient.name.full(),
            date_of_birth: patient.date_of_birth,
            preferred_language: patient.preferred_language,
            phone: patient.primary_phone().map(|phone| phone.e164.clone()),
            external_id: patient.external_id.clone(),
        }
    }
}
