//! The backend for larger pharmacies: PostgreSQL, shared by several server
//! instances. Pushes run concurrently, so a change may commit after another
//! with a higher sequence number. Pulls therefore follow (transaction id,
//! sequence) and stop short of the oldest transaction still running
//! (`pg_snapshot_xmin`): a change still in flight is never passed over.
//! Pushes that book consults take one advisory lock, so two instances never
//! judge the same slot at once.

use std::collections::BTreeSet;
use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use enlace_sync::consults::ConsultState;
use enlace_sync::{Change, Entity, PullResponse, PushResponse};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Postgres, Transaction};
use uuid::Uuid;

use super::{
    ChangeColumns, DeviceColumns, DeviceRecord, PushTx, Storage, StorageError, change_from, change_rows, device_from,
    instant, push_in, state_from, state_json, text,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The advisory lock pushes that touch consults hold for their transaction.
const CONSULT_LOCK: i64 = 0x454e_4c41_4345; // "ENLACE"

#[derive(Debug)]
pub struct PostgresStorage {
    pool: PgPool,
}

impl PostgresStorage {
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        // The URL may carry a password: the options are never logged.
        let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = PgPoolOptions::new().max_connections(16).connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// Inserts `changes` in a transaction held open until `hold` resolves:
    /// a push that commits late, for the tests that prove no pull passes it.
    #[doc(hidden)]
    pub async fn insert_and_hold(
        &self,
        changes: &[Change],
        hold: impl std::future::Future<Output = ()> + Send,
    ) -> Result<(), StorageError> {
        let mut tx = PgPush(self.pool.begin().await?);
        tx.insert_changes(changes, Utc::now()).await?;
        hold.await;
        tx.0.commit().await?;
        Ok(())
    }
}

const CHANGE_COLUMNS: &str = "change_id, entity, entity_id, fields, hlc, device_id, author";
const DEVICE_COLUMNS: &str = "device_id, device_name, username, token_hash, bootstrap, registered_at, revoked_at";

#[async_trait]
impl Storage for PostgresStorage {
    async fn user_changes(&self) -> Result<Vec<Change>, StorageError> {
        let mut conn = self.pool.acquire().await?;
        user_changes(&mut conn).await
    }

    async fn register_device(&self, device: &DeviceRecord) -> Result<(), StorageError> {
        sqlx::query(&format!(
            "INSERT INTO devices ({DEVICE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, NULL)
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
            sqlx::query_as(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = $1"))
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
        let result = sqlx::query("UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE device_id = $2")
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
        let mut tx = PgPush(self.pool.begin().await?);
        if changes.iter().any(|change| matches!(change.entity, Entity::Consult | Entity::ConsultEvent)) {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CONSULT_LOCK).execute(&mut *tx.0).await?;
        }
        let response = push_in(&mut tx, pusher, changes, now).await?;
        tx.0.commit().await?;
        Ok(response)
    }

    async fn pull(&self, cursor: Option<&str>, limit: u32) -> Result<PullResponse, StorageError> {
        let (after_txid, after_seq) = parse_cursor(cursor);
        let rows: Vec<(String, i64, String, String, String, String, String, String, String)> =
            sqlx::query_as(&format!(
                "SELECT txid::text, seq, {CHANGE_COLUMNS} FROM changes
                 WHERE (txid, seq) > ($1::text::xid8, $2) AND txid < pg_snapshot_xmin(pg_current_snapshot())
                 ORDER BY txid, seq LIMIT $3"
            ))
            .bind(after_txid.to_string())
            .bind(after_seq)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let (last_txid, last_seq) = match rows.last() {
            Some((txid, seq, ..)) => (txid.parse().map_err(|_| StorageError::Corrupt("txid"))?, *seq),
            None => (after_txid, after_seq),
        };
        let more = rows.len() == usize::try_from(limit).unwrap_or(usize::MAX);
        let changes = rows
            .into_iter()
            .map(|(_, _, change_id, entity, entity_id, fields, hlc, device_id, author)| {
                change_from((change_id, entity, entity_id, fields, hlc, device_id, author))
            })
            .collect::<Result<_, _>>()?;
        Ok(PullResponse { changes, cursor: format!("p:{last_txid}:{last_seq}"), more })
    }

    async fn append_server_changes(&self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError> {
        let mut tx = PgPush(self.pool.begin().await?);
        tx.insert_changes(changes, now).await?;
        tx.0.commit().await?;
        Ok(())
    }

    async fn state_value(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(sqlx::query_scalar("SELECT value FROM server_state WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn set_state_value(&self, key: &str, value: &str) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO server_state (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
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

/// "p:<txid>:<seq>"; the start for anything else (a cursor from another backend included).
fn parse_cursor(cursor: Option<&str>) -> (u64, i64) {
    let parsed = cursor.and_then(|cursor| {
        let mut parts = cursor.strip_prefix("p:")?.splitn(2, ':');
        Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
    });
    parsed.unwrap_or((0, 0))
}

async fn user_changes(conn: &mut sqlx::PgConnection) -> Result<Vec<Change>, StorageError> {
    let rows: Vec<ChangeColumns> =
        sqlx::query_as(&format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE entity = 'user' ORDER BY seq"))
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter().map(change_from).collect()
}

struct PgPush(Transaction<'static, Postgres>);

#[async_trait]
impl PushTx for PgPush {
    async fn known_ids(&mut self, ids: &[String]) -> Result<BTreeSet<Uuid>, StorageError> {
        let found: Vec<String> = sqlx::query_scalar("SELECT change_id FROM changes WHERE change_id = ANY($1)")
            .bind(ids)
            .fetch_all(&mut *self.0)
            .await?;
        Ok(found.iter().filter_map(|id| id.parse().ok()).collect())
    }

    async fn refused_ids(&mut self, ids: &[String]) -> Result<Vec<(String, String)>, StorageError> {
        Ok(sqlx::query_as("SELECT change_id, reason FROM rejections WHERE change_id = ANY($1)")
            .bind(ids)
            .fetch_all(&mut *self.0)
            .await?)
    }

    async fn insert_refusals(&mut self, refusals: &[(String, String)]) -> Result<(), StorageError> {
        if refusals.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO rejections (change_id, reason) SELECT row->>0, row->>1 FROM json_array_elements($1::json) AS row
             ON CONFLICT (change_id) DO NOTHING",
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
        let rows: Vec<ChangeColumns> =
            sqlx::query_as(&format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE entity = $1 AND entity_id = ANY($2)"))
                .bind(entity.name())
                .bind(ids)
                .fetch_all(&mut *self.0)
                .await?;
        rows.into_iter().map(change_from).collect()
    }

    async fn consult_states(&mut self, ids: &[String]) -> Result<Vec<ConsultState>, StorageError> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT state FROM consult_state WHERE id = ANY($1)")
            .bind(ids)
            .fetch_all(&mut *self.0)
            .await?;
        rows.iter().map(|json| state_from(json)).collect()
    }

    async fn scheduled_of(&mut self, pharmacists: &[String]) -> Result<Vec<ConsultState>, StorageError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT state FROM consult_state WHERE scheduled AND pharmacist_id = ANY($1)")
                .bind(pharmacists)
                .fetch_all(&mut *self.0)
                .await?;
        rows.iter().map(|json| state_from(json)).collect()
    }

    async fn insert_changes(&mut self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError> {
        for chunk in changes.chunks(5_000) {
            sqlx::query(
                "INSERT INTO changes (change_id, entity, entity_id, fields, hlc, device_id, author, received_at)
                 SELECT row->>0, row->>1, row->>2, row->>3, row->>4, row->>5, row->>6, $1
                 FROM json_array_elements($2::json) AS row ON CONFLICT (change_id) DO NOTHING",
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
                "INSERT INTO consult_state (id, pharmacist_id, scheduled, state) VALUES ($1, $2, $3, $4)
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
