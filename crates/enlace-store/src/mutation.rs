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
    ///
    /// However many mutations there are, the writes take a handful of
    /// multi-row statements per entity and field set: each statement is a
    /// round trip to SQLite's worker thread, and an import writes hundreds of
    /// thousands of rows.
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

/// SQLite's limit on bound parameters per statement is 32766; stay well below.
pub(crate) const MAX_PARAMETERS: usize = 30_000;

/// Rows (id, fields) grouped by their field names, one statement per group.
type RowsByFieldSet<'a> = BTreeMap<Vec<&'a str>, Vec<(&'a str, &'a Map<String, Value>)>>;

/// Writes each entity's final values: later mutations of one entity in the
/// batch override earlier ones field by field, as applying them in turn would.
async fn write_rows(tx: &mut Transaction<'_, Sqlite>, records: &[ChangeRecord]) -> Result<(), StoreError> {
    for entity in Entity::ALL {
        let mut order: Vec<Uuid> = Vec::new();
        let mut rows: HashMap<Uuid, Map<String, Value>> = HashMap::new();
        for record in records.iter().filter(|record| record.entity == entity) {
            let row = rows.entry(record.entity_id).or_insert_with(|| {
                order.push(record.entity_id);
                Map::new()
            });
            row.extend(record.fields.iter().map(|(name, value)| (name.clone(), value.clone())));
        }
        if order.is_empty() {
            continue;
        }
        let ids: Vec<String> = order.iter().map(|id| id.hyphenated().to_string()).collect();
        let existing = existing_ids(tx, entity, &ids).await?;
        // Rows with the same field names share one statement.
        let mut inserts: RowsByFieldSet<'_> = BTreeMap::new();
        let mut updates: RowsByFieldSet<'_> = BTreeMap::new();
        for (id, text) in order.iter().zip(&ids) {
            let Some(fields) = rows.get(id) else { continue };
            let names: Vec<&str> = fields.keys().map(String::as_str).collect();
            let target = if existing.contains(text.as_str()) { &mut updates } else { &mut inserts };
            target.entry(names).or_default().push((text.as_str(), fields));
        }
        for (names, group) in &inserts {
            for chunk in group.chunks(MAX_PARAMETERS / (names.len() + 1)) {
                insert_rows(tx, entity, names, chunk).await?;
            }
        }
        for (names, group) in &updates {
            for chunk in group.chunks(MAX_PARAMETERS / (names.len() + 1)) {
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
    let mut existing = HashSet::new();
    for chunk in ids.chunks(MAX_PARAMETERS) {
        let mut query = QueryBuilder::<Sqlite>::new(format!("SELECT id FROM {} WHERE id IN (", entity.table()));
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id.as_str());
        }
        query.push(")");
        let found: Vec<String> = query.build_query_scalar().fetch_all(&mut **tx).await?;
        existing.extend(found);
    }
    Ok(existing)
}

/// `(id, field…), (id, field…)…` for a VALUES list, fields in `names` order.
fn push_value_rows(query: &mut QueryBuilder<'_, Sqlite>, names: &[&str], rows: &[(&str, &Map<String, Value>)]) {
    for (index, (id, fields)) in rows.iter().enumerate() {
        query.push(if index == 0 { "(" } else { ", (" }).push_bind(id.to_string());
        for name in names {
            query.push(", ");
            push_value(query, fields.get(*name).unwrap_or(&Value::Null));
        }
        query.push(")");
    }
}

async fn insert_rows(
    tx: &mut Transaction<'_, Sqlite>,
    entity: Entity,
    names: &[&str],
    rows: &[(&str, &Map<String, Value>)],
) -> Result<(), StoreError> {
    // Names come from the entity's whitelist (checked by `validate`).
    let mut insert =
        QueryBuilder::<Sqlite>::new(format!("INSERT INTO {} (id, {}) VALUES ", entity.table(), names.join(", ")));
    push_value_rows(&mut insert, names, rows);
    insert.build().execute(&mut **tx).await?;
    Ok(())
}

/// An UPDATE, not an upsert: a partial change to an existing row must not
/// trip the NOT NULL checks an INSERT of the same fields would.
async fn update_rows(
    tx: &mut Transaction<'_, Sqlite>,
    entity: Entity,
    names: &[&str],
    rows: &[(&str, &Map<String, Value>)],
) -> Result<(), StoreError> {
    let assignments: Vec<String> =
        names.iter().enumerate().map(|(index, name)| format!("{name} = changed.column{}", index + 2)).collect();
    let mut update = QueryBuilder::<Sqlite>::new("WITH changed AS (SELECT * FROM (VALUES ");
    push_value_rows(&mut update, names, rows);
    update.push(format!(
        ")) UPDATE {table} SET {assignments} FROM changed WHERE {table}.id = changed.column1",
        table = entity.table(),
        assignments = assignments.join(", ")
    ));
    update.build().execute(&mut **tx).await?;
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

async fn append_changes(tx: &mut Transaction<'_, Sqlite>, records: &[ChangeRecord]) -> Result<(), StoreError> {
    const COLUMNS: usize = 6;
    for chunk in records.chunks(MAX_PARAMETERS / COLUMNS) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO change_log (change_id, entity, entity_id, fields, hlc, device_id, origin) ",
        );
        insert.push_values(chunk, |mut row, record| {
            row.push_bind(record.change_id.hyphenated().to_string())
                .push_bind(record.entity.name())
                .push_bind(record.entity_id.hyphenated().to_string())
                .push_bind(Value::Object(record.fields.clone()).to_string())
                .push_bind(record.hlc.to_string())
                .push_bind(record.device_id.hyphenated().to_string())
                .push("'local'");
        });
        insert.build().execute(&mut **tx).await?;
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
