//! The backend for larger pharmacies: PostgreSQL, shared by several server
//! instances. Pushes run concurrently, so a change may commit after another
//! with a higher sequence number. Pulls therefore follow (transaction id,
//! sequence) and stop short of the oldest transaction still running
//! (`pg_snapshot_xmin`): a change still in flight is never passed over.
//! Pushes that book consults take one advisory lock, so two instances never
//! judge the same slot at once. Off this machine the connection must be TLS
//! with the server's certificate verified (`sslmode=verify-full`).

use std::collections::BTreeSet;
use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use enlace_domain::ChainHead;
use enlace_sync::consults::ConsultState;
use enlace_sync::{Change, Entity, PullResponse, PushResponse};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sqlx::{ConnectOptions, Postgres, Transaction};
use uuid::Uuid;

use super::{
    ChangeColumns, CredentialColumns, CredentialRecord, DEVICE_COLUMNS, DeviceColumns, DeviceRecord, Founding,
    PushBatch, PushTx, Storage, StorageError, change_from, change_rows, credential_from, device_from, instant,
    parse_instant, push_in, state_from, state_json, text,
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
        require_tls_off_loopback(&options)?;
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

/// Patients, notes and password hashes cross the network to PostgreSQL:
/// anywhere but this machine, only over TLS to a server whose certificate
/// and name are checked.
pub fn require_tls_off_loopback(options: &PgConnectOptions) -> Result<(), StorageError> {
    let host = options.get_host();
    let local = options.get_socket().is_some()
        || host.starts_with('/')
        || host == "localhost"
        || host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback());
    if local || matches!(options.get_ssl_mode(), PgSslMode::VerifyFull) {
        Ok(())
    } else {
        Err(StorageError::TlsRequired)
    }
}

const CHANGE_COLUMNS: &str = "change_id, entity, entity_id, fields, hlc, device_id, author";
const CREDENTIAL_COLUMNS: &str = "token_hash, device_id, user_id, issued_at";

#[async_trait]
impl Storage for PostgresStorage {
    async fn user_changes(&self) -> Result<Vec<Change>, StorageError> {
        let mut conn = self.pool.acquire().await?;
        user_changes(&mut conn).await
    }

    async fn found(&self, founding: &Founding) -> Result<bool, StorageError> {
        let mut tx = PgPush(self.pool.begin().await?);
        // One founding at a time, across instances.
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CONSULT_LOCK + 1).execute(&mut *tx.0).await?;
        let users: i64 =
            sqlx::query_scalar("SELECT count(*) FROM changes WHERE entity = 'user'").fetch_one(&mut *tx.0).await?;
        if users > 0 || !insert_device(&mut tx.0, &founding.device).await? {
            return Ok(false);
        }
        tx.insert_changes(&founding.founder, founding.device.registered_at).await?;
        insert_credential(&mut tx.0, &founding.credential).await?;
        tx.0.commit().await?;
        Ok(true)
    }

    async fn register_device(
        &self,
        device: &DeviceRecord,
        credential: &CredentialRecord,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        if !insert_device(&mut tx, device).await? {
            return Ok(false);
        }
        insert_credential(&mut tx, credential).await?;
        tx.commit().await?;
        Ok(true)
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

    async fn approve_device(&self, device_id: Uuid, by: &str, at: DateTime<Utc>) -> Result<bool, StorageError> {
        let result = sqlx::query(
            "UPDATE devices SET approved_by = $1, approved_at = $2
             WHERE device_id = $3 AND approved_at IS NULL AND revoked_at IS NULL",
        )
        .bind(by)
        .bind(instant(at))
        .bind(text(device_id))
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() > 0)
    }

    async fn revoke_device(&self, device_id: Uuid, at: DateTime<Utc>) -> Result<bool, StorageError> {
        let result = sqlx::query("UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE device_id = $2")
            .bind(instant(at))
            .bind(text(device_id))
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() > 0)
    }

    async fn add_credential(&self, credential: &CredentialRecord) -> Result<(), StorageError> {
        let mut conn = self.pool.acquire().await?;
        insert_credential(&mut conn, credential).await
    }

    async fn credential_by_hash(&self, token_hash: &str) -> Result<Option<CredentialRecord>, StorageError> {
        let row: Option<CredentialColumns> =
            sqlx::query_as(&format!("SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE token_hash = $1"))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(credential_from).transpose()
    }

    async fn sign_in_failures(&self, username: &str) -> Result<(u32, Option<DateTime<Utc>>), StorageError> {
        let row: Option<(i32, Option<String>)> =
            sqlx::query_as("SELECT failures, last_at FROM sign_in_failures WHERE username = $1")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?;
        let Some((failures, last_at)) = row else { return Ok((0, None)) };
        Ok((u32::try_from(failures).unwrap_or(u32::MAX), last_at.as_deref().map(parse_instant).transpose()?))
    }

    async fn set_sign_in_failures(
        &self,
        username: &str,
        failures: u32,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO sign_in_failures (username, failures, last_at) VALUES ($1, $2, $3)
             ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at",
        )
        .bind(username)
        .bind(i32::try_from(failures).unwrap_or(i32::MAX))
        .bind(at.map(instant))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn push(
        &self,
        pusher: &DeviceRecord,
        push: PushBatch,
        now: DateTime<Utc>,
    ) -> Result<PushResponse, StorageError> {
        let mut tx = PgPush(self.pool.begin().await?);
        // Consult steps and audit chains are judged against what the server
        // holds: one push of a device (and every consult push) at a time.
        if push.changes.iter().any(|change| matches!(change.entity, Entity::Consult | Entity::ConsultEvent)) {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CONSULT_LOCK).execute(&mut *tx.0).await?;
        }
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(text(pusher.device_id))
            .execute(&mut *tx.0)
            .await?;
        let response = push_in(&mut tx, pusher, push, now).await?;
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
        let server_time_ms = u64::try_from(Utc::now().timestamp_millis()).unwrap_or_default();
        Ok(PullResponse { changes, cursor: format!("p:{last_txid}:{last_seq}"), more, server_time_ms })
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

/// Inserts a new device; `false` when its id is taken (never reassigned, never revived).
async fn insert_device(conn: &mut sqlx::PgConnection, device: &DeviceRecord) -> Result<bool, StorageError> {
    let result = sqlx::query(&format!(
        "INSERT INTO devices ({DEVICE_COLUMNS}, bootstrap) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)
         ON CONFLICT (device_id) DO NOTHING"
    ))
    .bind(text(device.device_id))
    .bind(&device.device_name)
    .bind(&device.username)
    .bind(&device.token_hash)
    .bind(instant(device.registered_at))
    .bind(&device.approved_by)
    .bind(device.approved_at.map(instant))
    .bind(device.bootstrap_until.map(|stamp| stamp.to_string()))
    .bind(device.bootstrap_until.is_some())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

async fn insert_credential(conn: &mut sqlx::PgConnection, credential: &CredentialRecord) -> Result<(), StorageError> {
    sqlx::query(&format!("INSERT INTO credentials ({CREDENTIAL_COLUMNS}) VALUES ($1, $2, $3, $4)"))
        .bind(&credential.token_hash)
        .bind(text(credential.device_id))
        .bind(text(credential.user_id))
        .bind(instant(credential.issued_at))
        .execute(&mut *conn)
        .await?;
    Ok(())
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

    async fn credentials(&mut self, hashes: &[String]) -> Result<Vec<CredentialRecord>, StorageError> {
        let rows: Vec<CredentialColumns> =
            sqlx::query_as(&format!("SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE token_hash = ANY($1)"))
                .bind(hashes)
                .fetch_all(&mut *self.0)
                .await?;
        rows.into_iter().map(credential_from).collect()
    }

    async fn existing(&mut self, entity: Entity, ids: &[String]) -> Result<BTreeSet<Uuid>, StorageError> {
        let found: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT entity_id FROM changes WHERE entity = $1 AND entity_id = ANY($2)")
                .bind(entity.name())
                .bind(ids)
                .fetch_all(&mut *self.0)
                .await?;
        Ok(found.iter().filter_map(|id| id.parse().ok()).collect())
    }

    async fn audit_head(&mut self, device_id: Uuid) -> Result<Option<ChainHead>, StorageError> {
        let row: Option<(i64, String)> = sqlx::query_as("SELECT sequence, hash FROM audit_heads WHERE device_id = $1")
            .bind(text(device_id))
            .fetch_optional(&mut *self.0)
            .await?;
        Ok(row.map(|(sequence, hash)| ChainHead { sequence: u64::try_from(sequence).unwrap_or_default(), hash }))
    }

    async fn put_audit_head(&mut self, device_id: Uuid, head: &ChainHead) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO audit_heads (device_id, sequence, hash) VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash",
        )
        .bind(text(device_id))
        .bind(i64::try_from(head.sequence).map_err(|_| StorageError::Corrupt("audit sequence"))?)
        .bind(&head.hash)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn close_bootstrap(&mut self, device_id: Uuid) -> Result<(), StorageError> {
        sqlx::query("UPDATE devices SET bootstrap_until = NULL WHERE device_id = $1")
            .bind(text(device_id))
            .execute(&mut *self.0)
            .await?;
        Ok(())
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
