//! The one write path. A [`Mutation`] sets some fields of one entity; applying
//! a batch stamps each with the device's hybrid logical clock, writes the
//! entity rows, appends the changes to the change log and refreshes what the
//! store derives from the rows ([`crate::derived`]) — all in one transaction,
//! so the outbox can never miss a write and a failed batch leaves nothing
//! behind.
//!
//! Every value is checked against the sync schema's rules for its field
//! (`enlace_sync::value_rules`) before anything is written: the same rules
//! the server applies, so nothing this laptop writes can be refused there
//! for its shape, or stop another laptop that pulls it. Sync pushes
//! `change_log` rows with `origin = 'local'` and `pushed_at IS NULL`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::ControlFlow;
use std::time::{SystemTime, UNIX_EPOCH};

use enlace_domain::{AuditDraft, HlcStamp};
use serde_json::Value;
use sqlx::{Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

pub use crate::change::{ChangeRecord, Mutation, new_id};
pub use enlace_sync::{Change, Entity};

use crate::{Store, StoreError, json_rows};

/// The table each entity is kept in.
pub(crate) fn table(entity: Entity) -> &'static str {
    match entity {
        Entity::User => "user_account",
        Entity::AuditEvent => "audit_event",
        Entity::ConsultEvent => "consult_event",
        Entity::EnrollmentDraft => "enrollment_draft",
        Entity::PatientProfile => "patient_profile",
        Entity::ConsentRecord => "consent_record",
        Entity::WebRequest => "web_request",
        Entity::ExceptionCase => "exception_case",
        Entity::TaskEvent => "task_event",
        other => other.name(),
    }
}

impl Store {
    /// Applies `mutations` in order, atomically, and returns the change records written.
    ///
    /// However many mutations there are, the writes take a handful of
    /// multi-row statements per entity and field set: each statement is a
    /// round trip to SQLite's worker thread, and an import writes hundreds of
    /// thousands of rows.
    ///
    /// The changes carry no author: they are the device's own (seeding,
    /// preferences). A user's changes go through [`Store::apply_by`] or
    /// [`Store::apply_audited`].
    pub async fn apply(&self, mutations: Vec<Mutation>) -> Result<Vec<ChangeRecord>, StoreError> {
        self.write_local("", mutations, Vec::new(), &mut |_| ControlFlow::Continue(())).await
    }

    /// Applies `mutations` made by `author` (a username, or `command:<account>`).
    pub async fn apply_by(&self, author: &str, mutations: Vec<Mutation>) -> Result<Vec<ChangeRecord>, StoreError> {
        self.write_local(author, mutations, Vec::new(), &mut |_| ControlFlow::Continue(())).await
    }

    /// Applies `mutations` and appends `audit` to this device's audit chain
    /// in the same transaction: a change is never without its audit event,
    /// nor an event without its change. The changes' author is the audit
    /// events' user; a failed sign-in proves nobody, so its event is the
    /// device's own.
    pub async fn apply_audited(
        &self,
        mutations: Vec<Mutation>,
        audit: Vec<AuditDraft>,
    ) -> Result<Vec<ChangeRecord>, StoreError> {
        self.apply_audited_in_steps(mutations, audit, &mut |_| ControlFlow::Continue(())).await
    }

    /// [`Store::apply_audited`] for a batch large enough that someone waits
    /// on it (an import): rows are written [`WRITE_STEP`] at a time, and
    /// after each step `step` is shown the records written so far. It may
    /// stop the write: the transaction is rolled back, nothing of the batch
    /// remains, and the result is [`StoreError::Stopped`]. It is asked once
    /// more, with every record, just before the commit.
    pub async fn apply_audited_in_steps(
        &self,
        mutations: Vec<Mutation>,
        audit: Vec<AuditDraft>,
        step: &mut (dyn FnMut(&[ChangeRecord]) -> ControlFlow<()> + Send),
    ) -> Result<Vec<ChangeRecord>, StoreError> {
        let author = match audit.first() {
            Some(draft) if draft.action != enlace_domain::AuditAction::SignInFailed => draft.username.clone(),
            _ => String::new(),
        };
        self.write_local(&author, mutations, audit, step).await
    }

    async fn write_local(
        &self,
        author: &str,
        mut mutations: Vec<Mutation>,
        audit: Vec<AuditDraft>,
        step: &mut (dyn FnMut(&[ChangeRecord]) -> ControlFlow<()> + Send),
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
        let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
        let mut stamp = (*clock).max(stored_clock(&mut tx).await?.unwrap_or(*clock));
        if !audit.is_empty() {
            mutations.extend(crate::audit::chain(&mut tx, self.device_id, audit).await?);
        }
        let mut records = Vec::with_capacity(mutations.len());
        for mutation in mutations {
            stamp = HlcStamp::next_local(&stamp, self.clock_ms()).map_err(|_| StoreError::ClockExhausted)?;
            records.push(ChangeRecord {
                change_id: new_id(),
                entity: mutation.entity,
                entity_id: mutation.id,
                fields: mutation.fields,
                hlc: stamp,
                device_id: self.device_id,
                author: author.to_owned(),
            });
        }
        let mut written = 0;
        for chunk in records.chunks(WRITE_STEP) {
            write_rows(&mut tx, chunk, Strictness::Strict).await?;
            append_changes(&mut tx, chunk, Origin::Local).await?;
            written += chunk.len();
            if written < records.len() && step(&records[..written]).is_break() {
                return Err(StoreError::Stopped);
            }
        }
        crate::derived::refresh(&mut tx, &records).await?;
        save_clock(&mut tx, &stamp).await?;
        // Dropping the transaction unwritten rolls it back.
        if step(&records).is_break() {
            return Err(StoreError::Stopped);
        }
        tx.commit().await?;
        *clock = stamp;
        // Wake the sync loop, if one runs: there is something to push.
        self.local_changes.notify_one();
        Ok(records)
    }

    /// Local changes not yet pushed to a server, oldest first.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<ChangeRecord>, StoreError> {
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT change_id, entity, entity_id, fields, hlc, device_id, author FROM change_log
             WHERE origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL ORDER BY seq LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// How many local changes wait to be pushed.
    pub async fn outbox_len(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM change_log WHERE origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_millis() as u64).unwrap_or_default()
}

fn validate(mutation: &Mutation) -> Result<(), StoreError> {
    let invalid = |reason: String| StoreError::InvalidChange { entity: mutation.entity.name(), reason };
    if mutation.fields.is_empty() {
        return Err(invalid("no fields".into()));
    }
    // The reason names the field, never its value.
    enlace_sync::value_rules::check_fields(mutation.entity.fields(), &mutation.fields)
        .map_err(|error| invalid(error.to_string()))
}

/// Records written between two calls of a stepwise write's progress hook:
/// often enough for a progress bar, rarely enough to cost nothing.
pub const WRITE_STEP: usize = 5_000;

/// Rows per statement in bulk writes. Rows travel as one JSON parameter
/// (see [`crate::json_rows`]), so this bounds memory, not parameters.
pub(crate) const ROWS_PER_STATEMENT: usize = 10_000;

/// One entity's final values, field name to value, borrowed from the batch.
type Fields<'a> = BTreeMap<&'a str, &'a Value>;
/// Rows (id, fields) grouped by their field names, one statement per group.
type RowsByFieldSet<'a> = BTreeMap<Vec<&'a str>, Vec<(String, Fields<'a>)>>;

/// How an INSERT treats a row that lacks a required column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// Refuse the whole write: a local change is always complete.
    Strict,
    /// Skip the row for now: a remote entity's first change may still be on
    /// its way, and the row is derived again from the log when it arrives.
    Lenient,
}

/// Writes each entity's final values: later mutations of one entity in the
/// batch override earlier ones field by field, as applying them in turn would.
pub(crate) async fn write_rows(
    tx: &mut Transaction<'_, Sqlite>,
    records: &[ChangeRecord],
    strictness: Strictness,
) -> Result<(), StoreError> {
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
                insert_rows(tx, entity, names, chunk, strictness).await?;
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
        sqlx::query_scalar(&format!("SELECT id FROM {} WHERE id IN (SELECT value FROM json_each(?))", table(entity)))
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
    strictness: Strictness,
) -> Result<(), StoreError> {
    // SQLite's OR IGNORE also skips a row that breaks a NOT NULL constraint.
    let verb = match strictness {
        Strictness::Strict => "INSERT",
        Strictness::Lenient => "INSERT OR IGNORE",
    };
    // Names come from the entity's whitelist (checked by `validate`).
    let sql = format!(
        "{verb} INTO {table} (id, {names}) SELECT value->>0, {columns} FROM json_each(?)",
        table = table(entity),
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
        table = table(entity),
        extracted = extracted.join(", "),
        assignments = assignments.join(", "),
    );
    sqlx::query(&sql).bind(value_rows(names, rows)?).execute(&mut **tx).await?;
    Ok(())
}

/// Whose change a change-log row is: this device's (the outbox) or another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Local,
    Remote,
}

pub(crate) async fn append_changes(
    tx: &mut Transaction<'_, Sqlite>,
    records: &[ChangeRecord],
    origin: Origin,
) -> Result<(), StoreError> {
    let origin = match origin {
        Origin::Local => "local",
        Origin::Remote => "remote",
    };
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        let rows = json_rows::array(chunk.iter().map(|record| {
            (
                record.change_id.hyphenated().to_string(),
                record.entity.name(),
                record.entity_id.hyphenated().to_string(),
                &record.fields,
                record.hlc.to_string(),
                record.device_id.hyphenated().to_string(),
                &record.author,
            )
        }))?;
        sqlx::query(
            "INSERT INTO change_log (change_id, entity, entity_id, fields, hlc, device_id, author, origin)
             SELECT value->>0, value->>1, value->>2, value->'$[3]', value->>4, value->>5, value->>6, ?
             FROM json_each(?)",
        )
        .bind(origin)
        .bind(rows)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn stored_clock(tx: &mut Transaction<'_, Sqlite>) -> Result<Option<HlcStamp>, StoreError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT value FROM local_state WHERE key = 'hlc'").fetch_optional(&mut **tx).await?;
    text.map(|text| text.parse().map_err(|_| StoreError::Corrupt { entity: "local_state", field: "hlc" })).transpose()
}

pub(crate) async fn save_clock(tx: &mut Transaction<'_, Sqlite>, stamp: &HlcStamp) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO local_state (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(stamp.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// change_id, entity, entity_id, fields, hlc, device_id, author.
pub(crate) type ChangeRow = (String, String, String, String, String, String, String);

pub(crate) fn change_from_row(row: ChangeRow) -> Result<ChangeRecord, StoreError> {
    let (change_id, entity, entity_id, fields, hlc, device_id, author) = row;
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
        author,
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
