//! The one write path. A [`Mutation`] sets some fields of one entity; applying
//! a batch stamps each with the device's hybrid logical clock, writes the
//! entity rows, appends the changes to the change log and refreshes what the
//! store derives from the rows ([`crate::derived`]) — all in one transaction,
//! so the outbox can never miss a write and a failed batch leaves nothing
//! behind.
//!
//! Sync (a later feature) pushes `change_log` rows with `origin = 'local'` and
//! `pushed_at IS NULL`, and applies remote changes field by field where their
//! stamp beats that of the latest logged change to the same field.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

use enlace_domain::{AuditDraft, HlcStamp};
use serde_json::{Map, Value};
use sqlx::{Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::{Store, StoreError, json_rows};

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
    User,
    /// Append-only: see migration 0004 and [`crate::audit`].
    AuditEvent,
    Consult,
    ConsultEvent,
    Availability,
    EnrollmentDraft,
    PatientProfile,
    /// Append-only by use: a revocation is a new record.
    ConsentRecord,
}

impl Entity {
    pub const ALL: [Entity; 13] = [
        Self::Pharmacy,
        Self::Patient,
        Self::Prescription,
        Self::Interaction,
        Self::Preference,
        Self::User,
        Self::AuditEvent,
        Self::Consult,
        Self::ConsultEvent,
        Self::Availability,
        Self::EnrollmentDraft,
        Self::PatientProfile,
        Self::ConsentRecord,
    ];

    /// The name used in the change log and on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pharmacy => "pharmacy",
            Self::Patient => "patient",
            Self::Prescription => "prescription",
            Self::Interaction => "interaction",
            Self::Preference => "preference",
            Self::User => "user",
            Self::AuditEvent => "audit-event",
            Self::Consult => "consult",
            Self::ConsultEvent => "consult-event",
            Self::Availability => "availability",
            Self::EnrollmentDraft => "enrollment-draft",
            Self::PatientProfile => "patient-profile",
            Self::ConsentRecord => "consent-record",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|entity| entity.name() == name)
    }

    fn table(self) -> &'static str {
        match self {
            Self::User => "user_account",
            Self::AuditEvent => "audit_event",
            Self::ConsultEvent => "consult_event",
            Self::EnrollmentDraft => "enrollment_draft",
            Self::PatientProfile => "patient_profile",
            Self::ConsentRecord => "consent_record",
            other => other.name(),
        }
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
                "idle_lock_minutes",
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
            Self::User => {
                &["username", "display_name", "roles", "languages", "ui_locale", "password_hash", "pin_hash", "active"]
            }
            Self::AuditEvent => &[
                "device_id",
                "sequence",
                "occurred_at",
                "user_id",
                "username",
                "action",
                "entity",
                "entity_id",
                "previous_hash",
                "hash",
            ],
            Self::Consult => &[
                "patient_id",
                "requested_by",
                "requested_at",
                "reason",
                "reason_text",
                "urgency",
                "language",
                "preferred_times",
                "callback_phone",
                "notes",
                "status",
                "pharmacist_id",
                "slot_start",
                "slot_end",
                "interpreter_needed",
                "decline_reason",
                "outcome_notes",
                "version",
            ],
            Self::ConsultEvent => &[
                "consult_id",
                "occurred_at",
                "username",
                "transition",
                "from_status",
                "to_status",
                "based_on_version",
                "pharmacist_id",
                "slot_start",
                "slot_end",
                "note",
            ],
            Self::Availability => &["time_zone", "weekly", "exceptions", "slot_minutes"],
            Self::EnrollmentDraft => {
                &["form", "status", "started_by", "started_at", "updated_by", "updated_at", "patient_id"]
            }
            Self::PatientProfile => &[
                "sex",
                "address",
                "email",
                "interpreter_wanted",
                "caregiver",
                "insurance",
                "prescriber",
                "allergies",
                "auto_refill",
                "privacy_notice_acknowledged_at",
                "enrolled_by",
                "enrolled_at",
            ],
            Self::ConsentRecord => &[
                "patient_id",
                "action",
                "recorded_by",
                "recorded_at",
                "language",
                "text_version",
                "consent_calls",
                "consent_texts",
                "consent_voicemail_detail",
            ],
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

impl Mutation {
    /// Only the fields that differ from `before` (a full mutation of the same
    /// record); `None` when nothing does. How every edit writes just what changed.
    pub fn changed_since(mut self, before: &Mutation) -> Option<Mutation> {
        self.fields.retain(|name, value| before.fields.get(name) != Some(value));
        (!self.fields.is_empty()).then_some(self)
    }
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
    ///
    /// However many mutations there are, the writes take a handful of
    /// multi-row statements per entity and field set: each statement is a
    /// round trip to SQLite's worker thread, and an import writes hundreds of
    /// thousands of rows.
    pub async fn apply(&self, mutations: Vec<Mutation>) -> Result<Vec<ChangeRecord>, StoreError> {
        self.apply_audited(mutations, Vec::new()).await
    }

    /// Applies `mutations` and appends `audit` to this device's audit chain
    /// in the same transaction: a change is never without its audit event,
    /// nor an event without its change.
    pub async fn apply_audited(
        &self,
        mut mutations: Vec<Mutation>,
        audit: Vec<AuditDraft>,
    ) -> Result<Vec<ChangeRecord>, StoreError> {
        for mutation in &mutations {
            validate(mutation)?;
            if mutation.entity == Entity::AuditEvent {
                // Only the chain below may write them, or the chain would not hold.
                return Err(StoreError::InvalidChange {
                    entity: Entity::AuditEvent.name(),
                    reason: "audit events are appended with apply_audited".into(),
                });
            }
        }
        let mut clock = self.clock.lock().await;
        // IMMEDIATE takes the write lock up front, so the clock read below
        // cannot go stale: another process on this database (the window and
        // a CLI command) may have moved it since this one last wrote.
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let mut stamp = (*clock).max(stored_clock(&mut tx).await?.unwrap_or(*clock));
        if !audit.is_empty() {
            mutations.extend(crate::audit::chain(&mut tx, self.device_id, audit).await?);
        }
        let mut records = Vec::with_capacity(mutations.len());
        for mutation in mutations {
            stamp = HlcStamp::next_local(&stamp, now_ms());
            records.push(ChangeRecord {
                change_id: new_id(),
                entity: mutation.entity,
                entity_id: mutation.id,
                fields: mutation.fields,
                hlc: stamp,
                device_id: self.device_id,
            });
        }
        write_rows(&mut tx, &records).await?;
        append_changes(&mut tx, &records).await?;
        crate::derived::refresh(&mut tx, &records).await?;
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

/// Rows per statement in bulk writes. Rows travel as one JSON parameter
/// (see [`crate::json_rows`]), so this bounds memory, not parameters.
pub(crate) const ROWS_PER_STATEMENT: usize = 10_000;

/// One entity's final values, field name to value, borrowed from the batch.
type Fields<'a> = BTreeMap<&'a str, &'a Value>;
/// Rows (id, fields) grouped by their field names, one statement per group.
type RowsByFieldSet<'a> = BTreeMap<Vec<&'a str>, Vec<(String, Fields<'a>)>>;

/// Writes each entity's final values: later mutations of one entity in the
/// batch override earlier ones field by field, as applying them in turn would.
async fn write_rows(tx: &mut Transaction<'_, Sqlite>, records: &[ChangeRecord]) -> Result<(), StoreError> {
    for entity in Entity::ALL {
        let mut order: Vec<Uuid> = Vec::new();
        let mut rows: HashMap<Uuid, Fields<'_>> = HashMap::new();
        for record in records.iter().filter(|record| record.entity == entity) {
            let row = rows.entry(record.entity_id).or_insert_with(|| {
                order.push(record.entity_id);
                BTreeMap::new()
            });
            row.extend(record.fields.iter().map(|(name, value)| (name.as_str(), value)));
        }
        if order.is_empty() {
            continue;
        }
        let ids: Vec<String> = order.iter().map(|id| id.hyphenated().to_string()).collect();
        let existing = existing_ids(tx, entity, &ids).await?;
        // Rows with the same field names share one statement.
        let mut inserts: RowsByFieldSet<'_> = BTreeMap::new();
        let mut updates: RowsByFieldSet<'_> = BTreeMap::new();
        for (id, text) in order.iter().zip(ids) {
            let Some(fields) = rows.remove(id) else { continue };
            let names: Vec<&str> = fields.keys().copied().collect();
            let target = if existing.contains(&text) { &mut updates } else { &mut inserts };
            target.entry(names).or_default().push((text, fields));
        }
        for (names, group) in &inserts {
            for chunk in group.chunks(ROWS_PER_STATEMENT) {
                insert_rows(tx, entity, names, chunk).await?;
            }
        }
        for (names, group) in &updates {
            for chunk in group.chunks(ROWS_PER_STATEMENT) {
                update_rows(tx, entity, names, chunk).await?;
            }
        }
    }
    Ok(())
}

async fn existing_ids(
    tx: &mut Transaction<'_, Sqlite>,
    entity: Entity,
    ids: &[String],
) -> Result<HashSet<String>, StoreError> {
    let found: Vec<String> =
        sqlx::query_scalar(&format!("SELECT id FROM {} WHERE id IN (SELECT value FROM json_each(?))", entity.table()))
            .bind(json_rows::array(ids)?)
            .fetch_all(&mut **tx)
            .await?;
    Ok(found.into_iter().collect())
}

/// `[[id, field…], …]`, fields in `names` order (null where a row lacks one).
fn value_rows(names: &[&str], rows: &[(String, Fields<'_>)]) -> Result<String, StoreError> {
    json_rows::rows(
        rows.iter()
            .map(|(id, fields)| (id, names.iter().map(|name| fields.get(name).copied().unwrap_or(&Value::Null)))),
    )
}

async fn insert_rows(
    tx: &mut Transaction<'_, Sqlite>,
    entity: Entity,
    names: &[&str],
    rows: &[(String, Fields<'_>)],
) -> Result<(), StoreError> {
    // Names come from the entity's whitelist (checked by `validate`).
    let sql = format!(
        "INSERT INTO {table} (id, {names}) SELECT value->>0, {columns} FROM json_each(?)",
        table = entity.table(),
        names = names.join(", "),
        columns = json_rows::columns(names.len(), 1),
    );
    sqlx::query(&sql).bind(value_rows(names, rows)?).execute(&mut **tx).await?;
    Ok(())
}

/// An UPDATE, not an upsert: a partial change to an existing row must not
/// trip the NOT NULL checks an INSERT of the same fields would.
async fn update_rows(
    tx: &mut Transaction<'_, Sqlite>,
    entity: Entity,
    names: &[&str],
    rows: &[(String, Fields<'_>)],
) -> Result<(), StoreError> {
    let assignments: Vec<String> =
        names.iter().enumerate().map(|(index, name)| format!("{name} = changed.c{index}")).collect();
    let extracted: Vec<String> = (0..names.len()).map(|index| format!("value->>{} AS c{index}", index + 1)).collect();
    let sql = format!(
        "WITH changed AS MATERIALIZED (SELECT value->>0 AS id, {extracted} FROM json_each(?))
         UPDATE {table} SET {assignments} FROM changed WHERE {table}.id = changed.id",
        table = entity.table(),
        extracted = extracted.join(", "),
        assignments = assignments.join(", "),
    );
    sqlx::query(&sql).bind(value_rows(names, rows)?).execute(&mut **tx).await?;
    Ok(())
}

async fn append_changes(tx: &mut Transaction<'_, Sqlite>, records: &[ChangeRecord]) -> Result<(), StoreError> {
    let device_id = records.first().map(|record| record.device_id.hyphenated().to_string());
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        let rows = json_rows::array(chunk.iter().map(|record| {
            (
                record.change_id.hyphenated().to_string(),
                record.entity.name(),
                record.entity_id.hyphenated().to_string(),
                &record.fields,
                record.hlc.to_string(),
            )
        }))?;
        sqlx::query(
            "INSERT INTO change_log (change_id, entity, entity_id, fields, hlc, device_id, origin)
             SELECT value->>0, value->>1, value->>2, value->'$[3]', value->>4, ?, 'local' FROM json_each(?)",
        )
        .bind(device_id.as_deref())
        .bind(rows)
        .execute(&mut **tx)
        .await?;
    }
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
