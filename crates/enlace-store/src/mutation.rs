//! The one write path. A [`Mutation`] sets some fields of one entity; applying
//! a batch stamps each with the device's hybrid logical clock, writes the
//! entity rows, records each field's stamp and appends the change to the
//! change log — all in one transaction, so the outbox can never miss a write
//! and a failed batch leaves nothing behind.
//!
//! Sync (a later feature) pushes `change_log` rows with `origin = 'local'` and
//! `pushed_at IS NULL`, and applies remote changes field by field where their
//! stamp beats `field_clock`.

use std::time::{SystemTime, UNIX_EPOCH};

use enlace_domain::HlcStamp;
use serde_json::{Map, Value};
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::{Store, StoreError};

/// Every kind of entity the store keeps, with its table and writable fields.
/// A field not listed here cannot be written: the whitelist is what makes
/// building SQL from field names safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Pharmacy,
    Patient,
    Prescription,
    Interaction,
    Preference,
}

impl Entity {
    pub const ALL: [Entity; 5] =
        [Self::Pharmacy, Self::Patient, Self::Prescription, Self::Interaction, Self::Preference];

    /// The name used in the change log and on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pharmacy => "pharmacy",
            Self::Patient => "patient",
            Self::Prescription => "prescription",
            Self::Interaction => "interaction",
            Self::Preference => "preference",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|entity| entity.name() == name)
    }

    fn table(self) -> &'static str {
        // Tables are named after the entity.
        self.name()
    }

    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Pharmacy => &[
                "name",
                "phone",
                "time_zone",
                "calling_window_start",
                "calling_window_end",
                "reminder_lead_days",
                "refill_too_soon_percent",
                "retry_after_hours",
                "max_attempts",
                "daily_call_limit",
                "weekly_call_limit",
            ],
            Self::Patient => &[
                "given_name",
                "middle_name",
                "family_name",
                "second_family_name",
                "date_of_birth",
                "preferred_language",
                "time_zone",
                "phones",
                "consent_calls",
                "consent_texts",
                "consent_voicemail_detail",
                "external_id",
                "zip",
                "program",
                "assigned_to",
                "call_window_start",
                "call_window_end",
            ],
            Self::Prescription => &[
                "patient_id",
                "rx_number",
                "drug",
                "strength",
                "directions",
                "days_supply",
                "quantity",
                "refills_left",
                "last_fill_date",
                "expires_on",
                "prescriber_name",
                "prescriber_npi",
                "critical",
                "active",
            ],
            Self::Interaction => &[
                "patient_id",
                "occurred_at",
                "recorded_by",
                "channel",
                "disposition",
                "notes",
                "language",
                "interpreter_used",
                "duration_seconds",
                "refill_fulfillment",
                "refill_on",
                "decline_reason",
                "callback_at",
            ],
            Self::Preference => &["ui_locale"],
        }
    }
}

/// Set `fields` of entity `id` (creating it if new). Values are JSON scalars;
/// arrays and objects are stored as JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutation {
    pub entity: Entity,
    pub id: Uuid,
    pub fields: Map<String, Value>,
}

/// One change as recorded in the change log.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRecord {
    pub change_id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub fields: Map<String, Value>,
    pub hlc: HlcStamp,
    pub device_id: Uuid,
}

impl Store {
    /// Applies `mutations` in order, atomically, and returns the change records written.
    pub async fn apply(&self, mutations: Vec<Mutation>) -> Result<Vec<ChangeRecord>, StoreError> {
        for mutation in &mutations {
            validate(mutation)?;
        }
        let mut clock = self.clock.lock().await;
        // IMMEDIATE takes the write lock up front, so the clock read below
        // cannot go stale: another process on this database (the window and
        // a CLI command) may have moved it since this one last wrote.
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let mut stamp = (*clock).max(stored_clock(&mut tx).await?.unwrap_or(*clock));
        let mut records = Vec::with_capacity(mutations.len());
        for mutation in mutations {
            stamp = HlcStamp::next_local(&stamp, now_ms());
            let record = ChangeRecord {
                change_id: new_id(),
                entity: mutation.entity,
                entity_id: mutation.id,
                fields: mutation.fields,
                hlc: stamp,
                device_id: self.device_id,
            };
            write_entity(&mut tx, &record).await?;
            append_change(&mut tx, &record).await?;
            records.push(record);
        }
        save_clock(&mut tx, &stamp).await?;
        tx.commit().await?;
        *clock = stamp;
        Ok(records)
    }

    /// Local changes not yet pushed to a server, oldest first.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<ChangeRecord>, StoreError> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT change_id, entity, entity_id, fields, hlc, device_id FROM change_log
             WHERE origin = 'local' AND pushed_at IS NULL ORDER BY seq LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// How many local changes wait to be pushed.
    pub async fn outbox_len(&self) -> Result<u64, StoreError> {
        let count: i64 =
            sqlx::query_scalar("SELECT count(*) FROM change_log WHERE origin = 'local' AND pushed_at IS NULL")
                .fetch_one(self.pool())
                .await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}

/// A new UUIDv7 entity or change id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_millis() as u64).unwrap_or_default()
}

fn validate(mutation: &Mutation) -> Result<(), StoreError> {
    let allowed = mutation.entity.fields();
    let invalid = |reason: String| StoreError::InvalidChange { entity: mutation.entity.name(), reason };
    if mutation.fields.is_empty() {
        return Err(invalid("no fields".into()));
    }
    for name in mutation.fields.keys() {
        if !allowed.contains(&name.as_str()) {
            return Err(invalid(format!("unknown field {name}")));
        }
    }
    Ok(())
}

async fn write_entity(tx: &mut Transaction<'_, Sqlite>, record: &ChangeRecord) -> Result<(), StoreError> {
    let table = record.entity.table();
    let id = record.entity_id.hyphenated().to_string();
    // Update first: a partial change to an existing row must not trip the
    // NOT NULL checks an INSERT of the same fields would.
    let mut update = QueryBuilder::<Sqlite>::new(format!("UPDATE {table} SET "));
    for (index, (name, value)) in record.fields.iter().enumerate() {
        if index > 0 {
            update.push(", ");
        }
        update.push(format!("{name} = "));
        push_value(&mut update, value);
    }
    update.push(" WHERE id = ").push_bind(id.clone());
    let updated = update.build().execute(&mut **tx).await?.rows_affected();
    if updated == 0 {
        let mut insert = QueryBuilder::<Sqlite>::new(format!("INSERT INTO {table} (id"));
        for name in record.fields.keys() {
            insert.push(", ").push(name);
        }
        insert.push(") VALUES (").push_bind(id.clone());
        for value in record.fields.values() {
            insert.push(", ");
            push_value(&mut insert, value);
        }
        insert.push(")");
        insert.build().execute(&mut **tx).await?;
    }
    if record.entity == Entity::Patient {
        refresh_patient_search_keys(tx, &id).await?;
    }
    // One statement for all of the change's fields: each statement is a round trip to SQLite's thread.
    let stamp = record.hlc.to_string();
    let mut clocks = QueryBuilder::<Sqlite>::new("INSERT INTO field_clock (entity, entity_id, field, hlc) ");
    clocks.push_values(record.fields.keys(), |mut row, name| {
        row.push_bind(record.entity.name()).push_bind(id.clone()).push_bind(name.clone()).push_bind(stamp.clone());
    });
    clocks.push(" ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc");
    clocks.build().execute(&mut **tx).await?;
    Ok(())
}

/// The search keys are derived from the stored patient, never written by a
/// change: after field-by-field merges the stored row is the truth.
async fn refresh_patient_search_keys(tx: &mut Transaction<'_, Sqlite>, id: &str) -> Result<(), StoreError> {
    let patient = crate::entities::patient_in(tx, id).await?;
    if let Some(patient) = patient {
        sqlx::query("UPDATE patient SET search_key = ?, sort_key = ?, search_text = ? WHERE id = ?")
            .bind(patient.name.search_key())
            .bind(patient.name.sort_key())
            .bind(enlace_domain::patient_search_text(&patient))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Fills the search keys of rows written before they existed (a store
/// created by an earlier version). Runs once per open; cheap when none are missing.
pub(crate) async fn backfill_search_keys(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM patient WHERE search_text = ''").fetch_all(&mut *tx).await?;
    for id in &ids {
        refresh_patient_search_keys(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn push_value(query: &mut QueryBuilder<'_, Sqlite>, value: &Value) {
    match value {
        Value::Null => query.push_bind(None::<String>),
        Value::Bool(flag) => query.push_bind(i64::from(*flag)),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => query.push_bind(integer),
            None => query.push_bind(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => query.push_bind(text.clone()),
        composite @ (Value::Array(_) | Value::Object(_)) => query.push_bind(composite.to_string()),
    };
}

async fn append_change(tx: &mut Transaction<'_, Sqlite>, record: &ChangeRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO change_log (change_id, entity, entity_id, fields, hlc, device_id, origin)
         VALUES (?, ?, ?, ?, ?, ?, 'local')",
    )
    .bind(record.change_id.hyphenated().to_string())
    .bind(record.entity.name())
    .bind(record.entity_id.hyphenated().to_string())
    .bind(Value::Object(record.fields.clone()).to_string())
    .bind(record.hlc.to_string())
    .bind(record.device_id.hyphenated().to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn stored_clock(tx: &mut Transaction<'_, Sqlite>) -> Result<Option<HlcStamp>, StoreError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT value FROM local_state WHERE key = 'hlc'").fetch_optional(&mut **tx).await?;
    text.map(|text| text.parse().map_err(|_| StoreError::Corrupt { entity: "local_state", field: "hlc" })).transpose()
}

async fn save_clock(tx: &mut Transaction<'_, Sqlite>, stamp: &HlcStamp) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO local_state (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(stamp.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn change_from_row(row: (String, String, String, String, String, String)) -> Result<ChangeRecord, StoreError> {
    let (change_id, entity, entity_id, fields, hlc, device_id) = row;
    let corrupt = |field| StoreError::Corrupt { entity: "change_log", field };
    Ok(ChangeRecord {
        change_id: change_id.parse().map_err(|_| corrupt("change_id"))?,
        entity: Entity::from_name(&entity).ok_or(corrupt("entity"))?,
        entity_id: entity_id.parse().map_err(|_| corrupt("entity_id"))?,
        fields: match serde_json::from_str(&fields) {
            Ok(Value::Object(map)) => map,
            _ => return Err(corrupt("fields")),
        },
        hlc: hlc.parse().map_err(|_| corrupt("hlc"))?,
        device_id: device_id.parse().map_err(|_| corrupt("device_id"))?,
    })
}

/// The device id and clock, created on first open.
pub(crate) async fn load_or_create_device(pool: &SqlitePool) -> Result<(Uuid, HlcStamp), StoreError> {
    let corrupt = |field| StoreError::Corrupt { entity: "local_state", field };
    let mut tx = pool.begin().await?;
    let device: Option<String> =
        sqlx::query_scalar("SELECT value FROM local_state WHERE key = 'device_id'").fetch_optional(&mut *tx).await?;
    let device_id = match device {
        Some(text) => text.parse().map_err(|_| corrupt("device_id"))?,
        None => {
            let id = new_id();
            sqlx::query("INSERT INTO local_state (key, value) VALUES ('device_id', ?)")
                .bind(id.hyphenated().to_string())
                .execute(&mut *tx)
                .await?;
            id
        }
    };
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM local_state WHERE key = 'hlc'").fetch_optional(&mut *tx).await?;
    let clock = match stored {
        Some(text) => text.parse().map_err(|_| corrupt("hlc"))?,
        None => HlcStamp::genesis(device_id, now_ms()),
    };
    tx.commit().await?;
    Ok((device_id, clock))
}
