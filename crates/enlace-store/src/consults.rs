//! Consults on disk: the request with its current state, one event per
//! transition (who, when, from which status and version), and each
//! pharmacist's availability. Written through [`crate::Store::apply`] like
//! every other record, so they sync.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use enlace_domain::{
    Availability, AvailabilityException, Consult, ConsultStatus, ConsultTransition, EntityId, PreferredTime, Slot,
    WeeklyHours,
};
use serde_json::json;
use sqlx::FromRow;
use uuid::fmt::Hyphenated;

use crate::entities::{enum_from_text, enum_text, fields, instant_text};
use crate::{Entity, Mutation, Store, StoreError};

/// One transition of a consult, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultEvent {
    pub id: EntityId,
    pub consult_id: EntityId,
    pub occurred_at: DateTime<Utc>,
    pub username: String,
    pub transition: ConsultTransition,
    pub from_status: ConsultStatus,
    pub to_status: ConsultStatus,
    /// The consult's version the transition was based on.
    pub based_on_version: u32,
    pub pharmacist_id: Option<EntityId>,
    pub slot: Option<Slot>,
    pub note: String,
}

pub fn consult_mutation(consult: &Consult) -> Mutation {
    Mutation {
        entity: Entity::Consult,
        id: consult.id,
        fields: fields(json!({
            "patient_id": consult.patient_id,
            "requested_by": consult.requested_by,
            "requested_at": instant_text(consult.requested_at),
            "reason": enum_text(consult.reason),
            "reason_text": consult.reason_text,
            "urgency": enum_text(consult.urgency),
            "language": enum_text(consult.language),
            "preferred_times": consult.preferred_times,
            "callback_phone": consult.callback_phone,
            "notes": consult.notes,
            "status": enum_text(consult.status),
            "pharmacist_id": consult.pharmacist_id,
            "slot_start": consult.slot.map(|slot| instant_text(slot.start)),
            "slot_end": consult.slot.map(|slot| instant_text(slot.end)),
            "interpreter_needed": consult.interpreter_needed,
            "decline_reason": consult.decline_reason,
            "outcome_notes": consult.outcome_notes,
            "version": consult.version,
        })),
    }
}

pub fn consult_event_mutation(event: &ConsultEvent) -> Mutation {
    Mutation {
        entity: Entity::ConsultEvent,
        id: event.id,
        fields: fields(json!({
            "consult_id": event.consult_id,
            "occurred_at": instant_text(event.occurred_at),
            "username": event.username,
            "transition": enum_text(event.transition),
            "from_status": enum_text(event.from_status),
            "to_status": enum_text(event.to_status),
            "based_on_version": event.based_on_version,
            "pharmacist_id": event.pharmacist_id,
            "slot_start": event.slot.map(|slot| instant_text(slot.start)),
            "slot_end": event.slot.map(|slot| instant_text(slot.end)),
            "note": event.note,
        })),
    }
}

/// A pharmacist's availability (the row's id is the pharmacist's user id).
pub fn availability_mutation(pharmacist_id: EntityId, availability: &Availability) -> Mutation {
    Mutation {
        entity: Entity::Availability,
        id: pharmacist_id,
        fields: fields(json!({
            "time_zone": availability.zone.name(),
            "weekly": availability.weekly,
            "exceptions": availability.exceptions,
            "slot_minutes": availability.slot_minutes,
        })),
    }
}

#[derive(FromRow)]
struct ConsultRow {
    id: Hyphenated,
    patient_id: Hyphenated,
    requested_by: String,
    requested_at: DateTime<Utc>,
    reason: String,
    reason_text: String,
    urgency: String,
    language: String,
    preferred_times: String,
    callback_phone: String,
    notes: String,
    status: String,
    pharmacist_id: Option<Hyphenated>,
    slot_start: Option<DateTime<Utc>>,
    slot_end: Option<DateTime<Utc>>,
    interpreter_needed: bool,
    decline_reason: Option<String>,
    outcome_notes: Option<String>,
    version: u32,
}

impl TryFrom<ConsultRow> for Consult {
    type Error = StoreError;

    fn try_from(row: ConsultRow) -> Result<Self, StoreError> {
        let corrupt = |field| StoreError::Corrupt { entity: "consult", field };
        let preferred_times: Vec<PreferredTime> =
            serde_json::from_str(&row.preferred_times).map_err(|_| corrupt("preferred_times"))?;
        Ok(Self {
            id: row.id.into_uuid(),
            patient_id: row.patient_id.into_uuid(),
            requested_by: row.requested_by,
            requested_at: row.requested_at,
            reason: enum_from_text(&row.reason, "consult", "reason")?,
            reason_text: row.reason_text,
            urgency: enum_from_text(&row.urgency, "consult", "urgency")?,
            language: enum_from_text(&row.language, "consult", "language")?,
            preferred_times,
            callback_phone: row.callback_phone,
            notes: row.notes,
            status: enum_from_text(&row.status, "consult", "status")?,
            pharmacist_id: row.pharmacist_id.map(Hyphenated::into_uuid),
            slot: match (row.slot_start, row.slot_end) {
                (Some(start), Some(end)) => Some(Slot { start, end }),
                _ => None,
            },
            interpreter_needed: row.interpreter_needed,
            decline_reason: row.decline_reason,
            outcome_notes: row.outcome_notes,
            version: row.version,
        })
    }
}

const CONSULT_COLUMNS: &str = "id, patient_id, requested_by, requested_at, reason, reason_text, urgency, language, \
     preferred_times, callback_phone, notes, status, pharmacist_id, slot_start, slot_end, interpreter_needed, \
     decline_reason, outcome_notes, version";

#[derive(FromRow)]
struct AvailabilityRow {
    time_zone: String,
    weekly: String,
    exceptions: String,
    slot_minutes: u32,
}

impl TryFrom<AvailabilityRow> for Availability {
    type Error = StoreError;

    fn try_from(row: AvailabilityRow) -> Result<Self, StoreError> {
        let corrupt = |field| StoreError::Corrupt { entity: "availability", field };
        let weekly: Vec<WeeklyHours> = serde_json::from_str(&row.weekly).map_err(|_| corrupt("weekly"))?;
        let exceptions: Vec<AvailabilityException> =
            serde_json::from_str(&row.exceptions).map_err(|_| corrupt("exceptions"))?;
        Ok(Self {
            zone: enlace_domain::parse_zone(&row.time_zone).map_err(|_| corrupt("time_zone"))?,
            weekly,
            exceptions,
            slot_minutes: row.slot_minutes,
        })
    }
}

impl Store {
    pub async fn consult(&self, id: EntityId) -> Result<Consult, StoreError> {
        let row: Option<ConsultRow> = sqlx::query_as(&format!("SELECT {CONSULT_COLUMNS} FROM consult WHERE id = ?"))
            .bind(id.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.map(Consult::try_from).transpose()?.ok_or(StoreError::NotFound { entity: "consult" })
    }

    /// Consults in `status`, oldest request first.
    pub async fn consults_with_status(&self, status: ConsultStatus) -> Result<Vec<Consult>, StoreError> {
        self.consults_where("status = ? ORDER BY requested_at", &enum_name(status)).await
    }

    /// Consults a coordinator asked for, newest first.
    pub async fn consults_requested_by(&self, username: &str) -> Result<Vec<Consult>, StoreError> {
        self.consults_where("requested_by = ? ORDER BY requested_at DESC", username).await
    }

    /// A pharmacist's consults, by slot.
    pub async fn consults_of_pharmacist(&self, pharmacist_id: EntityId) -> Result<Vec<Consult>, StoreError> {
        self.consults_where("pharmacist_id = ? ORDER BY slot_start", &pharmacist_id.hyphenated().to_string()).await
    }

    pub async fn consults_of_patient(&self, patient_id: EntityId) -> Result<Vec<Consult>, StoreError> {
        self.consults_where("patient_id = ? ORDER BY requested_at DESC", &patient_id.hyphenated().to_string()).await
    }

    async fn consults_where(&self, condition: &str, value: &str) -> Result<Vec<Consult>, StoreError> {
        let rows: Vec<ConsultRow> = sqlx::query_as(&format!("SELECT {CONSULT_COLUMNS} FROM consult WHERE {condition}"))
            .bind(value)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(Consult::try_from).collect()
    }

    /// For each of these patients with an open consult, its status: scheduled
    /// when one is scheduled, else requested.
    pub async fn open_consult_statuses(
        &self,
        patient_ids: &[EntityId],
    ) -> Result<HashMap<EntityId, ConsultStatus>, StoreError> {
        if patient_ids.is_empty() {
            return Ok(HashMap::new());
        }
        // 'scheduled' sorts after 'requested', so max() prefers it.
        let rows: Vec<(Hyphenated, String)> = sqlx::query_as(
            "SELECT patient_id, max(status) FROM consult
             WHERE status IN ('requested', 'scheduled') AND patient_id IN (SELECT value FROM json_each(?))
             GROUP BY patient_id",
        )
        .bind(crate::json_rows::array(crate::entities::id_texts(patient_ids))?)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, status)| Ok((id.into_uuid(), enum_from_text(&status, "consult", "status")?)))
            .collect()
    }

    /// A consult's transitions, oldest first (who did what, when, on which version).
    pub async fn consult_events(&self, consult_id: EntityId) -> Result<Vec<(String, String, u32)>, StoreError> {
        let rows: Vec<(String, String, u32)> = sqlx::query_as(
            "SELECT username, transition, based_on_version FROM consult_event WHERE consult_id = ? ORDER BY occurred_at",
        )
        .bind(consult_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    pub async fn availability(&self, pharmacist_id: EntityId) -> Result<Option<Availability>, StoreError> {
        let row: Option<AvailabilityRow> =
            sqlx::query_as("SELECT time_zone, weekly, exceptions, slot_minutes FROM availability WHERE id = ?")
                .bind(pharmacist_id.hyphenated().to_string())
                .fetch_optional(self.pool())
                .await?;
        row.map(Availability::try_from).transpose()
    }
}

fn enum_name<T: serde::Serialize>(value: T) -> String {
    match enum_text(value) {
        serde_json::Value::String(name) => name,
        _ => String::new(),
    }
}
