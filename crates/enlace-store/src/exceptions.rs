//! The supervisor's desk on disk: exception-queue items (written through
//! [`crate::Store::apply_audited`] like every record, so they sync), and the
//! reads productivity and adherence are computed from — consult requests
//! and flags by when they were made, and each prescription's fills as the
//! change log remembers them.

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::{ExceptionCase, ExceptionResolution, Fill};
use serde_json::json;
use sqlx::FromRow;
use uuid::fmt::Hyphenated;

use crate::entities::{enum_from_text, enum_text, fields, instant_text};
use crate::{Entity, Mutation, Store, StoreError};

const ENTITY: &str = "exception_case";

/// The whole item, as a rule item's first write (or a supervisor's edit) records it.
pub fn exception_case_mutation(case: &ExceptionCase) -> Mutation {
    let resolution = case.resolution.as_ref();
    let mut mutation = flag_mutation(case);
    mutation.fields.extend(fields(json!({
        "assigned_to": case.assigned_to,
        "assigned_by": case.assigned_by,
        "assigned_at": case.assigned_at.map(instant_text),
        "status": if resolution.is_some() { "resolved" } else { "open" },
        "outcome": resolution.map(|resolution| enum_text(resolution.outcome)),
        "resolution_note": resolution.map(|resolution| resolution.note.clone()),
        "resolved_by": resolution.map(|resolution| resolution.by.clone()),
        "resolved_at": resolution.map(|resolution| instant_text(resolution.at)),
    })));
    mutation
}

/// A coordinator's flag: only the fields a coordinator may write (no status,
/// which belongs to whoever works the queue).
pub fn flag_mutation(case: &ExceptionCase) -> Mutation {
    Mutation {
        entity: Entity::ExceptionCase,
        id: case.id,
        fields: fields(json!({
            "patient_id": case.patient_id,
            "kind": enum_text(case.kind),
            "source": enum_text(case.source),
            "opened_on": case.opened_on,
            "interaction_id": case.interaction_id,
            "note": case.note,
            "raised_by": case.raised_by,
            "raised_at": instant_text(case.raised_at),
        })),
    }
}

#[derive(FromRow)]
struct CaseRow {
    id: Hyphenated,
    patient_id: Hyphenated,
    kind: String,
    source: String,
    opened_on: NaiveDate,
    interaction_id: Option<Hyphenated>,
    note: String,
    raised_by: String,
    raised_at: DateTime<Utc>,
    assigned_to: Option<String>,
    assigned_by: Option<String>,
    assigned_at: Option<DateTime<Utc>>,
    status: String,
    outcome: Option<String>,
    resolution_note: Option<String>,
    resolved_by: Option<String>,
    resolved_at: Option<DateTime<Utc>>,
}

impl TryFrom<CaseRow> for ExceptionCase {
    type Error = StoreError;

    fn try_from(row: CaseRow) -> Result<Self, StoreError> {
        let resolution = if row.status == "resolved" {
            let corrupt = |field| StoreError::Corrupt { entity: ENTITY, field };
            Some(ExceptionResolution {
                outcome: enum_from_text(&row.outcome.ok_or_else(|| corrupt("outcome"))?, ENTITY, "outcome")?,
                note: row.resolution_note.unwrap_or_default(),
                by: row.resolved_by.unwrap_or_default(),
                at: row.resolved_at.ok_or_else(|| corrupt("resolved_at"))?,
            })
        } else {
            None
        };
        Ok(Self {
            id: row.id.into_uuid(),
            patient_id: row.patient_id.into_uuid(),
            kind: enum_from_text(&row.kind, ENTITY, "kind")?,
            source: enum_from_text(&row.source, ENTITY, "source")?,
            opened_on: row.opened_on,
            interaction_id: row.interaction_id.map(Hyphenated::into_uuid),
            note: row.note,
            raised_by: row.raised_by,
            raised_at: row.raised_at,
            assigned_to: row.assigned_to,
            assigned_by: row.assigned_by,
            assigned_at: row.assigned_at,
            resolution,
        })
    }
}

const CASE_COLUMNS: &str = "id, patient_id, kind, source, opened_on, interaction_id, note, raised_by, raised_at, \
    assigned_to, assigned_by, assigned_at, status, outcome, resolution_note, resolved_by, resolved_at";

/// Who did something, and when: a consult request or a flag, for productivity.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Attributed {
    pub who: String,
    pub at: DateTime<Utc>,
}

/// One fill of a patient's prescription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientFill {
    pub patient_id: uuid::Uuid,
    pub fill: Fill,
}

#[derive(FromRow)]
struct FillRow {
    patient_id: Hyphenated,
    drug: String,
    filled_on: NaiveDate,
    days_supply: i64,
}

impl Store {
    /// Open items, and those resolved since `resolved_since`, oldest first.
    pub async fn exception_cases(&self, resolved_since: DateTime<Utc>) -> Result<Vec<ExceptionCase>, StoreError> {
        let rows: Vec<CaseRow> = sqlx::query_as(&format!(
            "SELECT {CASE_COLUMNS} FROM exception_case WHERE status = 'open' OR resolved_at >= ? ORDER BY raised_at"
        ))
        .bind(instant_text(resolved_since))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(ExceptionCase::try_from).collect()
    }

    pub async fn exception_case(&self, id: uuid::Uuid) -> Result<Option<ExceptionCase>, StoreError> {
        let row: Option<CaseRow> = sqlx::query_as(&format!("SELECT {CASE_COLUMNS} FROM exception_case WHERE id = ?"))
            .bind(id.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.map(ExceptionCase::try_from).transpose()
    }

    /// Every item about one patient, newest first.
    pub async fn exception_cases_of(&self, patient_id: uuid::Uuid) -> Result<Vec<ExceptionCase>, StoreError> {
        let rows: Vec<CaseRow> = sqlx::query_as(&format!(
            "SELECT {CASE_COLUMNS} FROM exception_case WHERE patient_id = ? ORDER BY raised_at DESC"
        ))
        .bind(patient_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(ExceptionCase::try_from).collect()
    }

    /// Flags raised in `[from, until)`.
    pub async fn flags_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Attributed>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT raised_by AS who, raised_at AS at FROM exception_case
             WHERE source = 'flag' AND raised_at >= ? AND raised_at < ?",
        )
        .bind(instant_text(from))
        .bind(instant_text(until))
        .fetch_all(self.pool())
        .await?)
    }

    /// Consults requested in `[from, until)`.
    pub async fn consult_requests_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Attributed>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT requested_by AS who, requested_at AS at FROM consult WHERE requested_at >= ? AND requested_at < ?",
        )
        .bind(instant_text(from))
        .bind(instant_text(until))
        .fetch_all(self.pool())
        .await?)
    }

    /// The fills since `since` of one patient's prescriptions (or everyone's):
    /// each fill date a prescription's change log set, with the days supply
    /// that change set (or the prescription's own). Refused changes do not count.
    pub async fn fills_since(
        &self,
        patient_id: Option<uuid::Uuid>,
        since: NaiveDate,
    ) -> Result<Vec<PatientFill>, StoreError> {
        // One row per prescription and fill date: a fill arrives once per
        // device that logged it (its own write, or the server's copy).
        let rows: Vec<FillRow> = sqlx::query_as(
            "SELECT p.patient_id, p.drug, c.fields->>'$.last_fill_date' AS filled_on,
                    max(coalesce(c.fields->>'$.days_supply', p.days_supply)) AS days_supply
             FROM prescription p JOIN change_log c ON c.entity = 'prescription' AND c.entity_id = p.id
             WHERE (?1 IS NULL OR p.patient_id = ?1) AND c.rejected_at IS NULL
               AND c.fields->>'$.last_fill_date' >= ?2
             GROUP BY p.id, filled_on",
        )
        .bind(patient_id.map(|id| id.hyphenated().to_string()))
        .bind(since)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| PatientFill {
                patient_id: row.patient_id.into_uuid(),
                fill: Fill {
                    drug: row.drug,
                    filled_on: row.filled_on,
                    days_supply: u32::try_from(row.days_supply).unwrap_or(0),
                },
            })
            .collect())
    }
}
