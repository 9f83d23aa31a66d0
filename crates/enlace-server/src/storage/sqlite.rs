//! The default backend: one SQLite file. SQLite runs one writer at a time
//! (`BEGIN IMMEDIATE`), so sequence order is commit order and the pull
//! cursor is simply the last sequence number handed out.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use enlace_sync::consults::ConsultState;
use enlace_sync::{Change, Entity, PullResponse, PushResponse};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Sqlite, Transaction};
use uuid::Uuid;

use super::{
    ChangeColumns, DeviceColumns, DeviceRecord, PushTx, Storage, StorageError, change_from, change_rows, device_from,
    instant, push_in, state_from, state_json, text,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Debug)]
pub struct SqliteStorage {
    pool: SqlitePool,
}

impl SqliteStorage {
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }
}

const CHANGE_COLUMNS: &str = "change_id, entity, entity_id, fields, hlc, device_id, author";
const DEVICE_COLUMNS: &str = "device_id, device_name, username, token_hash, bootstrap, registered_at, revoked_at";

#[async_trait]
impl Storage for SqliteStorage {
    async fn user_changes(&self) -> Result<Vec<Change>, StorageError> {
        let mut conn = self.pool.acquire().await?;
        user_changes(&mut conn).await
    }

    async fn register_device(&self, device: &DeviceRecord) -> Result<(), StorageError> {
        sqlx::query(&format!(
            "INSERT INTO devices ({DEVICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL)
             ON CONFLICT (device_id) DO UPDATE SET device_name = excluded.device_name,
                 username = excluded.username, token_hash = excluded.token_hash, bootstrap = excluded.bootstrap,
                 registered_at = excluded.registered_at, revoked_at = NULL"
        ))
        .bind(text(device.device_id))
        .bind(&device.device_name)
        .bind(&device.username)
        .bind(&device.token_hash)
        .bind(device.bootstrap)
        .bind(instant(device.registered_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn device_by_token_hash(&self, token_hash: &str) -> Result<Option<DeviceRecord>, StorageError> {
        let row: Option<DeviceColumns> =
            sqlx::query_as(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = ?"))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(device_from).transpose()
    }

    async fn devices(&self) -> Result<Vec<DeviceRecord>, StorageError> {
        let rows: Vec<DeviceColumns> =
            sqlx::query_as(&format!("SELECT {DEVICE_COLUMNS} FROM devices ORDER BY registered_at"))
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(device_from).collect()
    }

    async fn revoke_device(&self, device_id: Uuid, at: DateTime<Utc>) -> Result<bool, StorageError> {
        let result = sqlx::query("UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE device_id = ?")
            .bind(instant(at))
            .bind(text(device_id))
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() > 0)
    }

    async fn push(
        &self,
        pusher: &DeviceRecord,
        changes: Vec<Change>,
        now: DateTime<Utc>,
    ) -> Result<PushResponse, StorageError> {
        let mut tx = SqlitePush(self.pool.begin_with("BEGIN IMMEDIATE").await?);
        let response = push_in(&mut tx, pusher, changes, now).await?;
        tx.0.commit().await?;
        Ok(response)
    }

    async fn pull(&self, cursor: Option<&str>, limit: u32) -> Result<PullResponse, StorageError> {
        let after: i64 =
            cursor.and_then(|cursor| cursor.strip_prefix("s:")).and_then(|seq| seq.parse().ok()).unwrap_or(0);
        let rows: Vec<(i64, String, String, String, String, String, String, String)> =
            sqlx::query_as(&format!("SELECT seq, {CHANGE_COLUMNS} FROM changes WHERE seq > ? ORDER BY seq LIMIT ?"))
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        let last = rows.last().map_or(after, |row| row.0);
        let more = rows.len() == usize::try_from(limit).unwrap_or(usize::MAX);
        let changes = rows
            .into_iter()
            .map(|(_, change_id, entity, entity_id, fields, hlc, device_id, author)| {
                change_from((change_id, entity, entity_id, fields, hlc, device_id, author))
            })
            .collect::<Result<_, _>>()?;
        Ok(PullResponse { changes, cursor: format!("s:{last}"), more })
    }

    async fn append_server_changes(&self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError> {
        let mut tx = SqlitePush(self.pool.begin_with("BEGIN IMMEDIATE").await?);
        tx.insert_changes(changes, now).await?;
        tx.0.commit().await?;
        Ok(())
    }

    async fn state_value(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(sqlx::query_scalar("SELECT value FROM server_state WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn set_state_value(&self, key: &str, value: &str) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO server_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

async fn user_changes(conn: &mut sqlx::SqliteConnection) -> Result<Vec<Change>, StorageError> {
    let rows: Vec<ChangeColumns> =
        sqlx::query_as(&format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE entity = 'user' ORDER BY seq"))
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter().map(change_from).collect()
}

struct SqlitePush(Transaction<'static, Sqlite>);

#[async_trait]
impl PushTx for SqlitePush {
    async fn known_ids(&mut self, ids: &[String]) -> Result<BTreeSet<Uuid>, StorageError> {
        let found: Vec<String> =
            sqlx::query_scalar("SELECT change_id FROM changes WHERE change_id IN (SELECT value FROM json_each(?))")
                .bind(serde_json::to_string(ids).map_err(|_| StorageError::Corrupt("ids"))?)
                .fetch_all(&mut *self.0)
                .await?;
        Ok(found.iter().filter_map(|id| id.parse().ok()).collect())
    }

    async fn refused_ids(&mut self, ids: &[String]) -> Result<Vec<(String, String)>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT change_id, reason FROM rejections WHERE change_id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(ids).map_err(|_| StorageError::Corrupt("ids"))?)
        .fetch_all(&mut *self.0)
        .await?)
    }

    async fn insert_refusals(&mut self, refusals: &[(String, String)]) -> Result<(), StorageError> {
        if refusals.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO rejections (change_id, reason) SELECT value->>0, value->>1 FROM json_each(?)
             WHERE true ON CONFLICT (change_id) DO NOTHING",
        )
        .bind(serde_json::to_string(refusals).map_err(|_| StorageError::Corrupt("refusals"))?)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn user_changes(&mut self) -> Result<Vec<Change>, StorageError> {
        user_changes(&mut self.0).await
    }

    async fn changes_of(&mut self, entity: Entity, ids: &[String]) -> Result<Vec<Change>, StorageError> {
        let rows: Vec<ChangeColumns> = sqlx::query_as(&format!(
            "SELECT {CHANGE_COLUMNS} FROM changes WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))"
        ))
        .bind(entity.name())
        .bind(serde_json::to_string(ids).map_err(|_| StorageError::Corrupt("ids"))?)
        .fetch_all(&mut *self.0)
        .await?;
        rows.into_iter().map(change_from).collect()
    }

    async fn consult_states(&mut self, ids: &[String]) -> Result<Vec<ConsultState>, StorageError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT state FROM consult_state WHERE id IN (SELECT value FROM json_each(?))")
                .bind(serde_json::to_string(ids).map_err(|_| StorageError::Corrupt("ids"))?)
                .fetch_all(&mut *self.0)
                .await?;
        rows.iter().map(|json| state_from(json)).collect()
    }

    async fn scheduled_of(&mut self, pharmacists: &[String]) -> Result<Vec<ConsultState>, StorageError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT state FROM consult_state WHERE scheduled = 1 AND pharmacist_id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(pharmacists).map_err(|_| StorageError::Corrupt("ids"))?)
        .fetch_all(&mut *self.0)
        .await?;
        rows.iter().map(|json| state_from(json)).collect()
    }

    async fn insert_changes(&mut self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError> {
        for chunk in changes.chunks(5_000) {
            sqlx::query(
                "INSERT INTO changes (change_id, entity, entity_id, fields, hlc, device_id, author, received_at)
                 SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, ?
                 FROM json_each(?) WHERE true ON CONFLICT (change_id) DO NOTHING",
            )
            .bind(instant(now))
            .bind(change_rows(chunk)?)
            .execute(&mut *self.0)
            .await?;
        }
        Ok(())
    }

    async fn put_consult_states(&mut self, states: &[ConsultState]) -> Result<(), StorageError> {
        for state in states {
            sqlx::query(
                "INSERT INTO consult_state (id, pharmacist_id, scheduled, state) VALUES (?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET pharmacist_id = excluded.pharmacist_id,
                     scheduled = excluded.scheduled, state = excluded.state",
            )
            .bind(text(state.id))
            .bind(state.pharmacist_id.map(text))
            .bind(state.status == enlace_domain::ConsultStatus::Scheduled)
            .bind(state_json(state)?)
            .execute(&mut *self.0)
            .await?;
        }
        Ok(())
    }
}
