//! The store's side of sync. Pulled changes are logged and their entities'
//! rows derived again from the log — field by field, the latest stamp wins
//! (`enlace_sync::merge`) — in one transaction with the cursor, so a crash
//! in between applies nothing and loses nothing. Pushed changes leave the
//! outbox only once the server holds them; a change the server refused is
//! marked rejected, its entity derived again without it, and a notice kept
//! for its author.
//!
//! Defense in depth: a pulled change this store cannot apply — a value out
//! of the schema, a stamp from the far future, a second write to a record
//! written once, or anything SQLite refuses — is set aside (logged as
//! refused, so no row is derived from it) with a notice to supervisors, and
//! the cursor moves on: one bad change never stops a laptop's sync.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use enlace_domain::HlcStamp;
use enlace_sync::{Change, Entity, RejectReason, Rejection, fold, values};
use serde::Serialize;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use crate::entities::instant_text;
use crate::mutation::{
    ChangeRow, Origin, Strictness, append_changes, change_from_row, save_clock, stored_clock, table, write_rows,
};
use crate::{Store, StoreError, json_rows};

/// Where the next pull starts (the server's opaque cursor).
const CURSOR_KEY: &str = "sync-cursor";

/// Who notices of set-aside changes are for: every supervisor.
pub const SUPERVISORS: &str = "@supervisors";

/// How far ahead of this laptop's clock a pulled stamp may be before it is
/// set aside (the server refuses anything minutes ahead of its own clock;
/// this only guards against a clock the laptop cannot correct).
const PULLED_STAMP_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// Pulled changes applied at once from which a batch counts as a backlog's.
const BACKLOG_BATCH: usize = 10_000;
/// The writer's page cache while it applies a backlog.
pub(crate) const BACKLOG_CACHE_KIB: u32 = 512 * 1024;

/// What applying a page of pulled changes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Changes this store did not have yet.
    pub new: usize,
    /// Entities whose rows were derived again.
    pub entities: usize,
}

/// A change of someone's that the server refused, for them to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncNotice {
    pub id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub reason: RejectReason,
    pub author: String,
    pub noticed_at: DateTime<Utc>,
}

/// A request from the pharmacy's website, as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebRequest {
    pub id: Uuid,
    pub kind: enlace_sync::WebRequestKind,
    pub name: String,
    pub date_of_birth: Option<String>,
    pub phone: String,
    pub message: String,
    /// The patient's number as the requester gave it.
    pub patient_ref: Option<String>,
    /// The patient a coordinator matched it to.
    pub patient_id: Option<Uuid>,
    pub received_at: DateTime<Utc>,
}

impl Store {
    /// Web requests nobody has handled yet, oldest first.
    pub async fn open_web_requests(&self) -> Result<Vec<WebRequest>, StoreError> {
        self.web_requests_where("status = 'open'", None).await
    }

    pub async fn web_request(&self, id: Uuid) -> Result<WebRequest, StoreError> {
        self.web_requests_where("id = ?", Some(id.hyphenated().to_string()))
            .await?
            .pop()
            .ok_or(StoreError::NotFound { entity: "web_request" })
    }

    async fn web_requests_where(&self, condition: &str, id: Option<String>) -> Result<Vec<WebRequest>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: String,
            kind: String,
            name: String,
            date_of_birth: Option<String>,
            phone: String,
            message: String,
            patient_ref: Option<String>,
            patient_id: Option<String>,
            received_at: DateTime<Utc>,
        }
        let sql = format!(
            "SELECT id, kind, name, date_of_birth, phone, message, patient_ref, patient_id, received_at
             FROM web_request WHERE {condition} ORDER BY received_at"
        );
        let mut query = sqlx::query_as::<_, Row>(&sql);
        if let Some(id) = id {
            query = query.bind(id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        let corrupt = |field| StoreError::Corrupt { entity: "web_request", field };
        rows.into_iter()
            .map(|row| {
                Ok(WebRequest {
                    id: row.id.parse().map_err(|_| corrupt("id"))?,
                    kind: serde_json::from_value(serde_json::Value::String(row.kind)).map_err(|_| corrupt("kind"))?,
                    name: row.name,
                    date_of_birth: row.date_of_birth,
                    phone: row.phone,
                    message: row.message,
                    patient_ref: row.patient_ref,
                    patient_id: row.patient_id.map(|id| id.parse().map_err(|_| corrupt("patient_id"))).transpose()?,
                    received_at: row.received_at,
                })
            })
            .collect()
    }

    /// The cursor saved with the last applied pull, if any.
    pub async fn sync_cursor(&self) -> Result<Option<String>, StoreError> {
        self.local_value(CURSOR_KEY).await
    }

    /// The server holds these changes now: they leave the outbox.
    pub async fn mark_pushed(&self, change_ids: &[Uuid], now: DateTime<Utc>) -> Result<(), StoreError> {
        if change_ids.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = change_ids.iter().map(|id| id.hyphenated().to_string()).collect();
        sqlx::query(
            "UPDATE change_log SET pushed_at = ?
             WHERE origin = 'local' AND pushed_at IS NULL AND change_id IN (SELECT value FROM json_each(?))",
        )
        .bind(instant_text(now))
        .bind(json_rows::array(&ids)?)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Undoes changes the server refused: they are marked rejected, the
    /// entities they touched are derived again from the rest of the log, and
    /// each author gets a notice. Returns the entities undone.
    pub async fn reject_changes(
        &self,
        rejections: &[Rejection],
        now: DateTime<Utc>,
    ) -> Result<Vec<(Entity, Uuid)>, StoreError> {
        if rejections.is_empty() {
            return Ok(Vec::new());
        }
        let _clock = self.clock.lock().await;
        let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
        let reasons: BTreeMap<Uuid, RejectReason> =
            rejections.iter().map(|rejection| (rejection.change_id, rejection.reason)).collect();
        let ids: Vec<String> = reasons.keys().map(|id| id.hyphenated().to_string()).collect();
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT change_id, entity, entity_id, fields, hlc, device_id, author FROM change_log
             WHERE origin = 'local' AND rejected_at IS NULL AND change_id IN (SELECT value FROM json_each(?))",
        )
        .bind(json_rows::array(&ids)?)
        .fetch_all(&mut *tx)
        .await?;
        let refused: Vec<Change> = rows.into_iter().map(change_from_row).collect::<Result<_, _>>()?;
        let marked: Vec<(String, Option<String>)> = refused
            .iter()
            .map(|change| {
                (change.change_id.hyphenated().to_string(), reasons.get(&change.change_id).and_then(wire_name))
            })
            .collect();
        sqlx::query(
            "UPDATE change_log SET rejected_at = ?, reject_reason = changed.value->>1
             FROM (SELECT value FROM json_each(?)) AS changed WHERE change_log.change_id = changed.value->>0",
        )
        .bind(instant_text(now))
        .bind(json_rows::array(&marked)?)
        .execute(&mut *tx)
        .await?;
        // Audit events stay: they record what was done on this device, refused or not.
        let keys: BTreeSet<(Entity, Uuid)> = refused
            .iter()
            .filter(|change| change.entity != Entity::AuditEvent)
            .map(|change| (change.entity, change.entity_id))
            .collect();
        rederive(&mut tx, &keys).await?;
        // One notice per entity, author and reason: a step refused is one thing to tell.
        let notices: BTreeSet<(Entity, Uuid, String, String)> = refused
            .iter()
            .filter_map(|change| {
                let reason = reasons.get(&change.change_id).and_then(wire_name)?;
                Some((change.entity, change.entity_id, reason, change.author.clone()))
            })
            .collect();
        let rows = json_rows::array(notices.iter().map(|(entity, id, reason, author)| {
            (crate::new_id().hyphenated().to_string(), entity.name(), id.hyphenated().to_string(), reason, author)
        }))?;
        sqlx::query(
            "INSERT INTO sync_notice (id, entity, entity_id, reason, author, noticed_at)
             SELECT value->>0, value->>1, value->>2, value->>3, value->>4, ? FROM json_each(?)",
        )
        .bind(instant_text(now))
        .bind(rows)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(keys.into_iter().collect())
    }

    /// Applies a page of pulled changes and saves `cursor`, in one
    /// transaction. Changes this store already holds (its own, or a page
    /// pulled twice) are skipped, and those it cannot apply are set aside;
    /// the clock moves past every stamp applied.
    pub async fn apply_remote(&self, changes: Vec<Change>, cursor: &str) -> Result<Applied, StoreError> {
        let mut clock = self.clock.lock().await;
        let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
        // A backlog's batches insert all over every index: a cache that holds
        // them spares decrypting each page again for each batch. The next
        // small apply (the backlog's tail, or the long poll's next page,
        // empty or not) gives the memory back.
        let cache_kib = if changes.len() >= BACKLOG_BATCH { BACKLOG_CACHE_KIB } else { crate::CACHE_KIB };
        set_cache(&mut tx, cache_kib).await?;
        let mut stamp = (*clock).max(stored_clock(&mut tx).await?.unwrap_or(*clock));
        let Sorted { fresh, mut aside } = unseen(&mut tx, changes, self.clock_ms()).await?;
        let (fresh, rewrites) = written_once(&mut tx, fresh).await?;
        aside.extend(rewrites);
        let mut applied = Applied::default();
        sqlx::query("SAVEPOINT pulled").execute(&mut *tx).await?;
        match apply_batch(&mut tx, &fresh).await {
            Ok(batch) => applied = batch,
            Err(StoreError::Database(error)) => {
                // One of them is what SQLite refuses: each alone, and only it set aside.
                tracing::warn!(%error, "a pulled batch could not be applied; applying its changes one by one");
                sqlx::query("ROLLBACK TO pulled").execute(&mut *tx).await?;
                for change in &fresh {
                    sqlx::query("SAVEPOINT pulled_one").execute(&mut *tx).await?;
                    match apply_batch(&mut tx, std::slice::from_ref(change)).await {
                        Ok(one) => {
                            applied.new += one.new;
                            applied.entities += one.entities;
                        }
                        Err(StoreError::Database(_)) => {
                            sqlx::query("ROLLBACK TO pulled_one").execute(&mut *tx).await?;
                            aside.push(change.clone());
                        }
                        Err(other) => return Err(other),
                    }
                    sqlx::query("RELEASE pulled_one").execute(&mut *tx).await?;
                }
            }
            Err(other) => return Err(other),
        }
        sqlx::query("RELEASE pulled").execute(&mut *tx).await?;
        set_aside(&mut tx, &aside).await?;
        let applied_stamps = fresh.iter().filter(|change| !aside.iter().any(|set| set.change_id == change.change_id));
        if let Some(latest) = applied_stamps.map(|change| change.hlc).max() {
            stamp = HlcStamp::observe(&stamp, &latest, self.clock_ms()).unwrap_or(stamp);
        }
        save_clock(&mut tx, &stamp).await?;
        save_cursor(&mut tx, cursor).await?;
        tx.commit().await?;
        *clock = stamp;
        Ok(applied)
    }

    /// Notices for `author` (a username, or [`SUPERVISORS`]) not yet dismissed, newest first.
    pub async fn sync_notices(&self, author: &str) -> Result<Vec<SyncNotice>, StoreError> {
        let rows: Vec<(String, String, String, String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, entity, entity_id, reason, author, noticed_at FROM sync_notice
             WHERE author = ? AND dismissed = 0 ORDER BY noticed_at DESC",
        )
        .bind(author)
        .fetch_all(self.pool())
        .await?;
        let corrupt = |field| StoreError::Corrupt { entity: "sync_notice", field };
        rows.into_iter()
            .map(|(id, entity, entity_id, reason, author, noticed_at)| {
                Ok(SyncNotice {
                    id: id.parse().map_err(|_| corrupt("id"))?,
                    entity: Entity::from_name(&entity).ok_or(corrupt("entity"))?,
                    entity_id: entity_id.parse().map_err(|_| corrupt("entity_id"))?,
                    reason: serde_json::from_value(serde_json::Value::String(reason)).map_err(|_| corrupt("reason"))?,
                    author,
                    noticed_at,
                })
            })
            .collect()
    }

    pub async fn dismiss_sync_notice(&self, id: Uuid) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_notice SET dismissed = 1 WHERE id = ?")
            .bind(id.hyphenated().to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Every change this store holds that the server accepted or sent, for
    /// comparing replicas in tests and checks (refused ones left out).
    pub async fn synced_changes(&self) -> Result<Vec<Change>, StoreError> {
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT change_id, entity, entity_id, fields, hlc, device_id, author FROM change_log
             WHERE rejected_at IS NULL ORDER BY seq",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(change_from_row).collect()
    }
}

/// Pulled changes sorted out: those to apply, and those set aside.
pub(crate) struct Sorted {
    pub fresh: Vec<Change>,
    pub aside: Vec<Change>,
}

/// Of pulled `changes`, those this store does not hold yet (its own, or a
/// page pulled twice), each once; of those, the ones out of the schema or
/// stamped far ahead of `clock_ms` go aside.
pub(crate) async fn unseen(
    tx: &mut Transaction<'_, Sqlite>,
    changes: Vec<Change>,
    clock_ms: u64,
) -> Result<Sorted, StoreError> {
    let ids: Vec<String> = changes.iter().map(|change| change.change_id.hyphenated().to_string()).collect();
    let known: BTreeSet<String> =
        sqlx::query_scalar("SELECT change_id FROM change_log WHERE change_id IN (SELECT value FROM json_each(?))")
            .bind(json_rows::array(&ids)?)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    let mut seen = BTreeSet::new();
    let (fresh, aside) = changes
        .into_iter()
        .filter(|change| {
            let id = change.change_id.hyphenated().to_string();
            !known.contains(&id) && seen.insert(id)
        })
        .partition(|change| change.check().is_ok() && !change.hlc.is_ahead_of(clock_ms, PULLED_STAMP_AHEAD_MS));
    Ok(Sorted { fresh, aside })
}

/// Of `fresh`, the changes to records written once that this store (or
/// an earlier change in the batch) already wrote: set aside, never applied.
async fn written_once(
    tx: &mut Transaction<'_, Sqlite>,
    fresh: Vec<Change>,
) -> Result<(Vec<Change>, Vec<Change>), StoreError> {
    let keys: BTreeSet<(Entity, Uuid)> = fresh
        .iter()
        .filter(|change| change.entity.append_only())
        .map(|change| (change.entity, change.entity_id))
        .collect();
    if keys.is_empty() {
        return Ok((fresh, Vec::new()));
    }
    let mut written = with_history(tx, &keys).await?;
    Ok(fresh
        .into_iter()
        .partition(|change| !change.entity.append_only() || written.insert((change.entity, change.entity_id))))
}

/// Logs `aside` as refused (no row is ever derived from them) and tells
/// the supervisors.
pub(crate) async fn set_aside(tx: &mut Transaction<'_, Sqlite>, aside: &[Change]) -> Result<(), StoreError> {
    if aside.is_empty() {
        return Ok(());
    }
    tracing::warn!(changes = aside.len(), "pulled changes set aside");
    append_changes(tx, aside, Origin::Remote).await?;
    let now = instant_text(chrono::Utc::now());
    let ids: Vec<String> = aside.iter().map(|change| change.change_id.hyphenated().to_string()).collect();
    sqlx::query(
        "UPDATE change_log SET rejected_at = ?, reject_reason = 'invalid'
         WHERE change_id IN (SELECT value FROM json_each(?))",
    )
    .bind(&now)
    .bind(json_rows::array(&ids)?)
    .execute(&mut **tx)
    .await?;
    let entities: BTreeSet<(Entity, Uuid)> = aside.iter().map(|change| (change.entity, change.entity_id)).collect();
    let rows =
        json_rows::array(entities.iter().map(|(entity, id)| {
            (crate::new_id().hyphenated().to_string(), entity.name(), id.hyphenated().to_string())
        }))?;
    sqlx::query(
        "INSERT INTO sync_notice (id, entity, entity_id, reason, author, noticed_at)
         SELECT value->>0, value->>1, value->>2, 'invalid', ?, ? FROM json_each(?)",
    )
    .bind(SUPERVISORS)
    .bind(&now)
    .bind(rows)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Applies `new` (well-formed changes this store did not hold): logs them
/// and derives the rows they touch.
async fn apply_batch(tx: &mut Transaction<'_, Sqlite>, new: &[Change]) -> Result<Applied, StoreError> {
    if new.is_empty() {
        return Ok(Applied::default());
    }
    let keys: BTreeSet<(Entity, Uuid)> = new.iter().map(|change| (change.entity, change.entity_id)).collect();
    // An entity seen for the first time is the merge of this page's
    // changes alone; one with history is derived from its whole log.
    let known = with_history(tx, &keys).await?;
    append_changes(tx, new, Origin::Remote).await?;
    let mut first_seen: BTreeMap<(Entity, Uuid), Vec<&Change>> = BTreeMap::new();
    for change in new.iter().filter(|change| !known.contains(&(change.entity, change.entity_id))) {
        first_seen.entry((change.entity, change.entity_id)).or_default().push(change);
    }
    let rows: Vec<Change> =
        first_seen.iter().map(|((entity, id), changes)| merged_row(*entity, *id, changes)).collect();
    write_derived(tx, &rows).await?;
    rederive(tx, &known).await?;
    Ok(Applied { new: new.len(), entities: keys.len() })
}

/// Sets the writer's page cache (it outlasts the transaction).
pub(crate) async fn set_cache(tx: &mut Transaction<'_, Sqlite>, kib: u32) -> Result<(), StoreError> {
    sqlx::query(&format!("PRAGMA cache_size = -{kib}")).execute(&mut **tx).await?;
    Ok(())
}

/// Saves where the next pull starts.
pub(crate) async fn save_cursor(tx: &mut Transaction<'_, Sqlite>, cursor: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO local_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(CURSOR_KEY)
    .bind(cursor)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn wire_name(reason: &RejectReason) -> Option<String> {
    match serde_json::to_value(reason) {
        Ok(serde_json::Value::String(name)) => Some(name),
        _ => None,
    }
}

/// `keys` as each entity's ids in text form, for `json_each` lists.
fn ids_by_entity(keys: &BTreeSet<(Entity, Uuid)>) -> impl Iterator<Item = (Entity, Vec<String>)> + '_ {
    Entity::ALL.into_iter().map(|entity| {
        let ids = keys
            .iter()
            .filter(|(key_entity, _)| *key_entity == entity)
            .map(|(_, id)| id.hyphenated().to_string())
            .collect();
        (entity, ids)
    })
}

/// Which of `keys` already have changes in the log (before a page is appended).
async fn with_history(
    tx: &mut Transaction<'_, Sqlite>,
    keys: &BTreeSet<(Entity, Uuid)>,
) -> Result<BTreeSet<(Entity, Uuid)>, StoreError> {
    let mut known = BTreeSet::new();
    for (entity, ids) in ids_by_entity(keys) {
        for chunk in ids.chunks(crate::mutation::ROWS_PER_STATEMENT) {
            let found: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT entity_id FROM change_log WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))",
            )
            .bind(entity.name())
            .bind(json_rows::array(chunk)?)
            .fetch_all(&mut **tx)
            .await?;
            known.extend(found.iter().filter_map(|id| id.parse().ok()).map(|id| (entity, id)));
        }
    }
    Ok(known)
}

/// An entity's row as the merge of `changes` (all of them, in any order).
fn merged_row(entity: Entity, id: Uuid, changes: &[&Change]) -> Change {
    let latest = changes.iter().map(|change| change.hlc).max().unwrap_or(HlcStamp::genesis(id, 0));
    Change {
        change_id: Uuid::nil(),
        entity,
        entity_id: id,
        fields: values(&fold(changes.iter().copied())),
        hlc: latest,
        device_id: latest.device,
        author: String::new(),
    }
}

/// Writes merged rows and what the store derives from them (search keys, call queue).
async fn write_derived(tx: &mut Transaction<'_, Sqlite>, rows: &[Change]) -> Result<(), StoreError> {
    write_rows(tx, rows, Strictness::Lenient).await?;
    crate::derived::refresh(tx, rows).await
}

/// Derives the rows of `keys` again from every change the log holds for
/// them (refused ones left out): the merge's result, written whole. An
/// entity left with no change is deleted. Then what the store derives from
/// rows (search keys, call queue) follows.
pub(crate) async fn rederive(
    tx: &mut Transaction<'_, Sqlite>,
    keys: &BTreeSet<(Entity, Uuid)>,
) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(keys.len());
    for (entity, ids) in ids_by_entity(keys) {
        for chunk in ids.chunks(crate::mutation::ROWS_PER_STATEMENT) {
            let (merged, gone) = merged_rows(tx, entity, chunk).await?;
            if !gone.is_empty() {
                sqlx::query(&format!("DELETE FROM {} WHERE id IN (SELECT value FROM json_each(?))", table(entity)))
                    .bind(json_rows::array(&gone)?)
                    .execute(&mut **tx)
                    .await?;
            }
            rows.extend(merged);
        }
    }
    write_derived(tx, &rows).await
}

/// The rows of `ids` (of `entity`) as the merge of every change the log
/// holds for them, refused ones left out, in id order; and the ids left
/// with no change.
pub(crate) async fn merged_rows<'a>(
    tx: &mut Transaction<'_, Sqlite>,
    entity: Entity,
    ids: &'a [String],
) -> Result<(Vec<Change>, Vec<&'a String>), StoreError> {
    let logged: Vec<ChangeRow> = sqlx::query_as(
        "SELECT change_id, entity, entity_id, fields, hlc, device_id, author FROM change_log
         WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?)) AND rejected_at IS NULL",
    )
    .bind(entity.name())
    .bind(json_rows::array(ids)?)
    .fetch_all(&mut **tx)
    .await?;
    let mut by_id: BTreeMap<Uuid, Vec<Change>> = BTreeMap::new();
    for row in logged {
        let change = change_from_row(row)?;
        by_id.entry(change.entity_id).or_default().push(change);
    }
    let gone = ids.iter().filter(|id| id.parse::<Uuid>().map_or(true, |id| !by_id.contains_key(&id))).collect();
    let rows =
        by_id.into_iter().map(|(id, changes)| merged_row(entity, id, &changes.iter().collect::<Vec<_>>())).collect();
    Ok((rows, gone))
}
