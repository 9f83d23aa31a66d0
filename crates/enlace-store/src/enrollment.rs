//! Enrollment on disk: drafts (the whole form as JSON, with who started and
//! last changed it), the patient's enrollment profile, and every verbal
//! consent or revocation. All three are written through
//! [`crate::Store::apply`] like every other record, so they sync.

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::{
    ConsentAction, ConsentRecord, ContactConsents, EnrollmentForm, EntityId, Language, Patient, PatientProfile,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::FromRow;
use uuid::fmt::Hyphenated;

use crate::entities::{enum_from_text, enum_text, fields, instant_text, patients_with_ids};
use crate::{Entity, Mutation, Store, StoreError};

/// Where a draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DraftStatus {
    Open,
    Submitted,
    Discarded,
}

/// An enrollment draft as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrollmentDraft {
    pub id: EntityId,
    pub form: EnrollmentForm,
    pub status: DraftStatus,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    pub patient_id: Option<EntityId>,
}

pub fn enrollment_draft_mutation(draft: &EnrollmentDraft) -> Mutation {
    Mutation {
        entity: Entity::EnrollmentDraft,
        id: draft.id,
        fields: fields(json!({
            "form": draft.form,
            "status": enum_text(draft.status),
            "started_by": draft.started_by,
            "started_at": instant_text(draft.started_at),
            "updated_by": draft.updated_by,
            "updated_at": instant_text(draft.updated_at),
            "patient_id": draft.patient_id,
        })),
    }
}

/// The profile's insurance column: both plans in one JSON object.
#[derive(Serialize, Deserialize)]
struct StoredInsurance {
    primary: Option<enlace_domain::enrollment::InsurancePlan>,
    secondary: Option<enlace_domain::enrollment::InsurancePlan>,
}

pub fn patient_profile_mutation(profile: &PatientProfile) -> Mutation {
    Mutation {
        entity: Entity::PatientProfile,
        id: profile.patient_id,
        fields: fields(json!({
            "sex": profile.sex.map(enum_text),
            "address": profile.address,
            "email": profile.email,
            "interpreter_wanted": profile.interpreter_wanted,
            "caregiver": profile.caregiver,
            "insurance": StoredInsurance {
                primary: profile.primary_insurance.clone(),
                secondary: profile.secondary_insurance.clone(),
            },
            "prescriber": profile.prescriber,
            "allergies": profile.allergies,
            "auto_refill": profile.auto_refill,
            "privacy_notice_acknowledged_at": instant_text(profile.privacy_notice_acknowledged_at),
            "enrolled_by": profile.enrolled_by,
            "enrolled_at": instant_text(profile.enrolled_at),
        })),
    }
}

pub fn consent_record_mutation(id: EntityId, patient_id: EntityId, record: &ConsentRecord) -> Mutation {
    Mutation {
        entity: Entity::ConsentRecord,
        id,
        fields: fields(json!({
            "patient_id": patient_id,
            "action": enum_text(record.action),
            "recorded_by": record.recorded_by,
            "recorded_at": instant_text(record.recorded_at),
            "language": enum_text(record.language),
            "text_version": record.text_version,
            "consent_calls": record.consents.calls,
            "consent_texts": record.consents.texts,
            "consent_voicemail_detail": record.consents.voicemail_detail,
        })),
    }
}

#[derive(FromRow)]
struct DraftRow {
    id: Hyphenated,
    form: String,
    status: String,
    started_by: String,
    started_at: DateTime<Utc>,
    updated_by: String,
    updated_at: DateTime<Utc>,
    patient_id: Option<Hyphenated>,
}

const DRAFT_COLUMNS: &str = "id, form, status, started_by, started_at, updated_by, updated_at, patient_id";

impl TryFrom<DraftRow> for EnrollmentDraft {
    type Error = StoreError;

    fn try_from(row: DraftRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.id.into_uuid(),
            form: serde_json::from_str(&row.form)
                .map_err(|_| StoreError::Corrupt { entity: "enrollment_draft", field: "form" })?,
            status: enum_from_text(&row.status, "enrollment_draft", "status")?,
            started_by: row.started_by,
            started_at: row.started_at,
            updated_by: row.updated_by,
            updated_at: row.updated_at,
            patient_id: row.patient_id.map(Hyphenated::into_uuid),
        })
    }
}

#[derive(FromRow)]
struct ProfileRow {
    id: Hyphenated,
    sex: Option<String>,
    address: String,
    email: Option<String>,
    interpreter_wanted: bool,
    caregiver: Option<String>,
    insurance: String,
    prescriber: String,
    allergies: String,
    auto_refill: bool,
    privacy_notice_acknowledged_at: DateTime<Utc>,
    enrolled_by: String,
    enrolled_at: DateTime<Utc>,
}

impl TryFrom<ProfileRow> for PatientProfile {
    type Error = StoreError;

    fn try_from(row: ProfileRow) -> Result<Self, StoreError> {
        fn json<T: serde::de::DeserializeOwned>(text: &str, field: &'static str) -> Result<T, StoreError> {
            serde_json::from_str(text).map_err(|_| StoreError::Corrupt { entity: "patient_profile", field })
        }
        let insurance: StoredInsurance = json(&row.insurance, "insurance")?;
        Ok(Self {
            patient_id: row.id.into_uuid(),
            sex: row.sex.map(|sex| enum_from_text(&sex, "patient_profile", "sex")).transpose()?,
            address: json(&row.address, "address")?,
            email: row.email,
            interpreter_wanted: row.interpreter_wanted,
            caregiver: row.caregiver.map(|caregiver| json(&caregiver, "caregiver")).transpose()?,
            primary_insurance: insurance.primary,
            secondary_insurance: insurance.secondary,
            prescriber: json(&row.prescriber, "prescriber")?,
            allergies: json(&row.allergies, "allergies")?,
            auto_refill: row.auto_refill,
            privacy_notice_acknowledged_at: row.privacy_notice_acknowledged_at,
            enrolled_by: row.enrolled_by,
            enrolled_at: row.enrolled_at,
        })
    }
}

#[derive(FromRow)]
struct ConsentRow {
    action: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
    language: String,
    text_version: String,
    consent_calls: bool,
    consent_texts: bool,
    consent_voicemail_detail: bool,
}

impl TryFrom<ConsentRow> for ConsentRecord {
    type Error = StoreError;

    fn try_from(row: ConsentRow) -> Result<Self, StoreError> {
        Ok(Self {
            action: enum_from_text::<ConsentAction>(&row.action, "consent_record", "action")?,
            recorded_by: row.recorded_by,
            recorded_at: row.recorded_at,
            language: enum_from_text::<Language>(&row.language, "consent_record", "language")?,
            text_version: row.text_version,
            consents: ContactConsents {
                calls: row.consent_calls,
                texts: row.consent_texts,
                voicemail_detail: row.consent_voicemail_detail,
            },
        })
    }
}

impl Store {
    pub async fn enrollment_draft(&self, id: EntityId) -> Result<EnrollmentDraft, StoreError> {
        let row: Option<DraftRow> =
            sqlx::query_as(&format!("SELECT {DRAFT_COLUMNS} FROM enrollment_draft WHERE id = ?"))
                .bind(id.hyphenated().to_string())
                .fetch_optional(self.pool())
                .await?;
        row.ok_or(StoreError::NotFound { entity: "enrollment draft" })?.try_into()
    }

    /// Drafts still being filled in, most recently changed first.
    pub async fn open_enrollment_drafts(&self) -> Result<Vec<EnrollmentDraft>, StoreError> {
        let rows: Vec<DraftRow> = sqlx::query_as(&format!(
            "SELECT {DRAFT_COLUMNS} FROM enrollment_draft WHERE status = 'open' ORDER BY updated_at DESC"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(EnrollmentDraft::try_from).collect()
    }

    pub async fn patient_profile(&self, patient_id: EntityId) -> Result<Option<PatientProfile>, StoreError> {
        let row: Option<ProfileRow> = sqlx::query_as("SELECT * FROM patient_profile WHERE id = ?")
            .bind(patient_id.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.map(PatientProfile::try_from).transpose()
    }

    /// A patient's consents and revocations, oldest first.
    pub async fn consent_records_of(&self, patient_id: EntityId) -> Result<Vec<ConsentRecord>, StoreError> {
        let rows: Vec<ConsentRow> = sqlx::query_as(
            "SELECT action, recorded_by, recorded_at, language, text_version, consent_calls, consent_texts,
                    consent_voicemail_detail
             FROM consent_record WHERE patient_id = ? ORDER BY recorded_at, id",
        )
        .bind(patient_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(ConsentRecord::try_from).collect()
    }

    /// Patients born on `date`: the candidates of the duplicate check.
    pub async fn patients_born_on(&self, date: NaiveDate) -> Result<Vec<Patient>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM patient WHERE date_of_birth = ?")
            .bind(date)
            .fetch_all(self.pool())
            .await?;
        let mut conn = self.pool().acquire().await?;
        patients_with_ids(&mut conn, &ids).await
    }
}
