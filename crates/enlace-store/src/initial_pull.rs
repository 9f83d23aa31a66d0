//! A store's first pull, which brings the pharmacy's whole history at once.
//! Its batches are only logged (with their cursor, as any pull's); the
//! entities' rows and what the store derives from them are built once, from
//! the whole log, when the backlog is in. Deriving them batch by batch, as
//! [`Store::apply_remote`] does, inserts each batch all over every index of
//! every entity table and the change log, so each batch rewrites most of
//! their (encrypted) pages again.
//!
//! For the length of the pull the change log's entity index is dropped too
//! (nothing reads it until the rows are derived) and is built again by one
//! sort. A marker in `local_state` holds that index's SQL from the first
//! logged batch until the rows are derived: if the pull stops early the
//! engine finishes with what came, and if the process dies first the next
//! [`Store::open`] does. Later pulls go through [`Store::apply_remote`].

use std::collections::BTreeSet;

use enlace_domain::HlcStamp;
use enlace_sync::{Change, Entity};
use sqlx::{Sqlite, Transaction};

use crate::mutation::{Origin, Strictness, append_changes, save_clock, stored_clock, table};
use crate::sync::{Applied, BACKLOG_CACHE_KIB, Sorted, merged_rows, save_cursor, set_aside, set_cache, unseen};
use crate::{Store, StoreError, json_rows};

/// `local_state` key of the marker; its value is the dropped index's SQL.
const PENDING_KEY: &str = "initial-pull-pending";
/// The change log's index by (entity, entity_id).
const ENTITY_INDEX: &str = "change_log_entity";
/// Entities whose rows are derived per round.
const IDS_PER_ROUND: u32 = 5_000;

impl Store {
    /// Whether the next pull is this store's first (or finishes one left
    /// pending), and so goes through [`Store::log_initial_pull`].
    pub async fn initial_pull_open(&self) -> Result<bool, StoreError> {
        Ok(self.local_value(PENDING_KEY).await?.is_some() || self.sync_cursor().await?.is_none())
    }

    /// Logs a batch of the first pull and saves `cursor`, in one
    /// transaction; the batch's rows wait for [`Store::finish_initial_pull`].
    /// Changes already held are skipped; the clock moves past every stamp seen.
    pub async fn log_initial_pull(&self, changes: Vec<Change>, cursor: &str) -> Result<Applied, StoreError> {
        let mut clock = self.clock.lock().await;
        let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
        set_cache(&mut tx, BACKLOG_CACHE_KIB).await?;
        let mut stamp = (*clock).max(stored_clock(&mut tx).await?.unwrap_or(*clock));
        let Sorted { fresh: new, aside } = unseen(&mut tx, changes, self.clock_ms()).await?;
        let entities: BTreeSet<(Entity, uuid::Uuid)> =
            new.iter().map(|change| (change.entity, change.entity_id)).collect();
        if !new.is_empty() {
            mark_pending(&mut tx).await?;
            append_changes(&mut tx, &new, Origin::Remote).await?;
            if let Some(latest) = new.iter().map(|change| change.hlc).max() {
                stamp = HlcStamp::observe(&stamp, &latest, self.clock_ms()).unwrap_or(stamp);
            }
        }
        set_aside(&mut tx, &aside).await?;
        save_clock(&mut tx, &stamp).await?;
        save_cursor(&mut tx, cursor).await?;
        tx.commit().await?;
        *clock = stamp;
        Ok(Applied { new: new.len(), entities: entities.len() })
    }

    /// Builds the change log's entity index again and derives every
    /// entity's rows from the whole log (refused changes left out), then
    /// what the store derives from rows, and clears the marker — in one
    /// transaction. Does nothing when no first pull is pending.
    pub async fn finish_initial_pull(&self) -> Result<(), StoreError> {
        // Held as every write holds it: a local write waits for the rows here
        // rather than time out waiting for the writer connection.
        let _clock = self.clock.lock().await;
        let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
        let Some(index) = pending_index(&mut tx).await? else { return Ok(()) };
        set_cache(&mut tx, BACKLOG_CACHE_KIB).await?;
        sqlx::query(&index).execute(&mut *tx).await?;
        // The rows go in by id; their other indexes are built after, each by one sort.
        let indexes = secondary_indexes(&mut tx).await?;
        for (name, _) in &indexes {
            sqlx::query(&format!("DROP INDEX \"{name}\"")).execute(&mut *tx).await?;
        }
        for entity in Entity::ALL {
            derive_rows(&mut tx, entity).await?;
        }
        for (_, sql) in &indexes {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        crate::derived::rebuild(&mut tx).await?;
        sqlx::query("DELETE FROM local_state WHERE key = ?").bind(PENDING_KEY).execute(&mut *tx).await?;
        set_cache(&mut tx, crate::CACHE_KIB).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The entity tables' indexes other than their ids and unique keys (which
/// guard the rows as they go in): name and SQL of each.
async fn secondary_indexes(tx: &mut Transaction<'_, Sqlite>) -> Result<Vec<(String, String)>, StoreError> {
    let tables = json_rows::array(Entity::ALL.map(table))?;
    Ok(sqlx::query_as(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
           AND tbl_name IN (SELECT value FROM json_each(?))",
    )
    .bind(tables)
    .fetch_all(&mut **tx)
    .await?)
}

/// The marker's value: the SQL of the entity index a pending first pull dropped.
async fn pending_index(tx: &mut Transaction<'_, Sqlite>) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT value FROM local_state WHERE key = ?")
        .bind(PENDING_KEY)
        .fetch_optional(&mut **tx)
        .await?)
}

/// Sets the marker and drops the entity index, unless a first batch did already.
async fn mark_pending(tx: &mut Transaction<'_, Sqlite>) -> Result<(), StoreError> {
    if pending_index(tx).await?.is_some() {
        return Ok(());
    }
    let index: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
        .bind(ENTITY_INDEX)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::Corrupt { entity: "change_log", field: ENTITY_INDEX })?;
    sqlx::query("INSERT INTO local_state (key, value) VALUES (?, ?)")
        .bind(PENDING_KEY)
        .bind(index)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!("DROP INDEX {ENTITY_INDEX}")).execute(&mut **tx).await?;
    Ok(())
}

/// Writes the row of every `entity` the log holds changes to: those made
/// whole by one change copied by SQLite, the others merged here.
async fn derive_rows(tx: &mut Transaction<'_, Sqlite>, entity: Entity) -> Result<(), StoreError> {
    copy_whole_rows(tx, entity).await?;
    merge_rows(tx, entity).await
}

/// Most entities never change after they are made (every interaction and
/// audit event): a row is its one change, if that change sets every field
/// (so no column falls back to a default an insert of some fields would
/// leave). SQLite copies those rows in one statement, in id order.
async fn copy_whole_rows(tx: &mut Transaction<'_, Sqlite>, entity: Entity) -> Result<(), StoreError> {
    let fields: Vec<&str> = entity.field_names().collect();
    // The names are the entity's own, from the schema.
    let values: Vec<String> = fields.iter().map(|name| format!("fields->>'{name}'")).collect();
    let whole: Vec<String> = fields.iter().map(|name| format!("json_type(fields, '$.{name}') IS NOT NULL")).collect();
    // OR IGNORE as for any remote row; a row already there (written locally) is its one change already.
    let sql = format!(
        "INSERT OR IGNORE INTO {table} (id, {columns})
         SELECT entity_id, {values} FROM change_log
         WHERE entity = ?1 AND rejected_at IS NULL AND {whole}
           AND entity_id IN (SELECT entity_id FROM change_log WHERE entity = ?1 GROUP BY entity_id HAVING count(*) = 1)
         ORDER BY entity_id",
        table = table(entity),
        columns = fields.join(", "),
        values = values.join(", "),
        whole = whole.join(" AND "),
    );
    sqlx::query(&sql).bind(entity.name()).execute(&mut **tx).await?;
    Ok(())
}

/// Writes the merged row of every other `entity` the log holds changes
/// to, in id order, a round of [`IDS_PER_ROUND`] entities at a time.
async fn merge_rows(tx: &mut Transaction<'_, Sqlite>, entity: Entity) -> Result<(), StoreError> {
    let mut after = String::new();
    loop {
        // Those with several changes, and any a copy left without a row.
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT entity_id FROM change_log WHERE entity = ? AND entity_id > ? GROUP BY entity_id
             HAVING count(*) > 1 OR entity_id NOT IN (SELECT id FROM {table}) ORDER BY entity_id LIMIT ?",
            table = table(entity)
        ))
        .bind(entity.name())
        .bind(&after)
        .bind(IDS_PER_ROUND)
        .fetch_all(&mut **tx)
        .await?;
        let Some(last) = ids.last() else { return Ok(()) };
        let (rows, _) = merged_rows(tx, entity, &ids).await?;
        crate::mutation::write_rows(tx, &rows, Strictness::Lenient).await?;
        after.clone_from(last);
    }
}
