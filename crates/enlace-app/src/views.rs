//! The shapes the UI receives. Field names are camelCase on the wire; dates
//! are ISO 8601 strings the UI formats in the interface locale.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use enlace_domain::{
    CallListEntry, DueMedication, EntityId, Interaction, Language, Patient, Prescription, RefillStatus,
};
use serde::Serialize;

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
    pub rows: Vec<CallListRow>,
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
    /// Whether the pharmacy's calling window is open in the patient's zone at `CallList::generated_at`.
    pub callable_now: bool,
    pub due_medications: Vec<DueMedication>,
    pub days_until_due: i32,
    pub critical: bool,
    pub attempts: u32,
    pub last_attempt_at: Option<DateTime<Utc>>,
}

impl CallListRow {
    pub(crate) fn new(
        patient: &Patient,
        zone: Tz,
        entry: CallListEntry,
        callable_now: bool,
        last_attempt_at: Option<DateTime<Utc>>,
    ) -> Self {
        Self {
            patient_id: patient.id,
            full_name: patient.name.full(),
            preferred_language: patient.preferred_language,
            time_zone: zone.name().to_owned(),
            phone: patient.primary_phone().map(|phone| phone.e164.clone()),
            callable_now,
            due_medications: entry.due,
            days_until_due: entry.days_until_due,
            critical: entry.critical,
            attempts: entry.attempts,
            last_attempt_at,
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
}

/// The patients a search shows, and how many matched in all (the list is capped).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientSearch {
    pub patients: Vec<PatientSummary>,
    pub total_matches: u32,
}

/// A search result.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientSummary {
    pub id: EntityId,
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub preferred_language: Language,
    pub phone: Option<String>,
}

impl From<&Patient> for PatientSummary {
    fn from(patient: &Patient) -> Self {
        Self {
            id: patient.id,
            full_name: patient.name.full(),
            date_of_birth: patient.date_of_birth,
            preferred_language: patient.preferred_language,
            phone: patient.primary_phone().map(|phone| phone.e164.clone()),
        }
    }
}
