//! The default backend: one SQLite file, encrypted with SQLCipher like the
//! laptops' stores (its key from a file only the server's user can read, or
//! the environment), created owner-only. SQLite runs one writer at a time
//! (`BEGIN IMMEDIATE`), so sequence order is commit order and the pull
//! cursor is simply the last sequence number handed out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use enlace_domain::ChainHead;
use enlace_sync::consults::ConsultState;
use enlace_sync::{Change, Entity, PullResponse, PushResponse};
use rand::RngCore;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{
    ChangeColumns, CredentialColumns, CredentialRecord, DEVICE_COLUMNS, DeviceColumns, DeviceRecord, Founding,
    PushBatch, PushTx, Storage, StorageError, change_from, change_rows, credential_from, device_from, instant,
    parse_instant, push_in, state_from, state_json, text,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The first bytes of every unencrypted SQLite file.
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The server database's SQLCipher key: 256 random bits, redacted in
/// `Debug`, wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey(Zeroizing<String>);

impl DatabaseKey {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(bytes.as_mut());
        Self(Zeroizing::new(hex::encode(bytes.as_ref())))
    }

    /// 64 hex digits; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        (text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .then(|| Self(Zeroizing::new(text.to_ascii_lowercase())))
    }

    /// The key in `path`, created (owner-only) when the file does not exist.
    pub fn from_file(path: &Path) -> Result<Self, StorageError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_hex(&text).ok_or(StorageError::Corrupt("database key file")),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate();
                write_owner_only(path, key.0.as_bytes())?;
                Ok(key)
            }
            Err(error) => Err(error.into()),
        }
    }

    fn pragma_value(&self) -> String {
        format!("\"x'{}'\"", self.0.as_str())
    }
}

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DatabaseKey(<redacted>)")
    }
}

/// Creates `path` readable and writable by its owner only, failing if it exists.
pub fn write_owner_only(path: &Path, contents: &[u8]) -> Result<(), StorageError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents)?;
    Ok(())
}

#[derive(Debug)]
pub struct SqliteStorage {
    pool: SqlitePool,
}

impl SqliteStorage {
    pub async fn open(url: &str, key: &DatabaseKey) -> Result<Self, StorageError> {
        let plain = SqliteConnectOptions::from_str(url)?;
        let path = plain.get_filename().to_owned();
        prepare_file(&path, key).await?;
        // The options carry the key: never logged, statement logging off.
        let options = plain
            .pragma("key", key.pragma_value())
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .disable_statement_logging();
        let pool = match SqlitePoolOptions::new().max_connections(8).connect_with(options).await {
            Ok(pool) => pool,
            Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("26") => {
                return Err(StorageError::WrongKey);
            }
            Err(error) => return Err(error.into()),
        };
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }
}

/// Makes sure the database file exists owner-only (SQLite gives its WAL
/// and shared-memory files the database file's mode), and encrypts a
/// plaintext one left by an earlier version in place: the data stays, the
/// plaintext goes.
async fn prepare_file(path: &Path, key: &DatabaseKey) -> Result<(), StorageError> {
    if path.as_os_str().is_empty() || path == Path::new(":memory:") {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut header = [0u8; 16];
    let plaintext = match std::fs::File::open(path) {
        Ok(mut file) => {
            use std::io::Read;
            file.read_exact(&mut header).is_ok() && &header == PLAINTEXT_HEADER
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            write_owner_only(path, b"")?;
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    if plaintext {
        encrypt_in_place(path, key).await?;
    }
    Ok(())
}

async fn encrypt_in_place(path: &Path, key: &DatabaseKey) -> Result<(), StorageError> {
    let encrypted: PathBuf = path.with_extension("encrypting");
    let _ = std::fs::remove_file(&encrypted);
    write_owner_only(&encrypted, b"")?;
    let mut plain = SqliteConnectOptions::new().filename(path).disable_statement_logging().connect().await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut plain).await?;
    let target = encrypted.to_string_lossy().replace('\'', "''");
    sqlx::query(&format!("ATTACH DATABASE '{target}' AS encrypted KEY {}", key.pragma_value()))
        .execute(&mut plain)
        .await?;
    sqlx::query("SELECT sqlcipher_export('encrypted')").execute(&mut plain).await?;
    sqlx::query("DETACH DATABASE encrypted").execute(&mut plain).await?;
    plain.close().await?;
    std::fs::rename(&encrypted, path)?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    tracing::info!("the server's database was encrypted");
    Ok(())
}

const CHANGE_COLUMNS: &str = "change_id, entity, entity_id, fields, hlc, device_id, author";
const CREDENTIAL_COLUMNS: &str = "token_hash, device_id, user_id, issued_at";

#[async_trait]
impl Storage for SqliteStorage {
    async fn user_changes(&self) -> Result<Vec<Change>, StorageError> {
        let mut conn = self.pool.acquire().await?;
        user_changes(&mut conn).await
    }

    async fn found(&self, founding: &Founding) -> Result<bool, StorageError> {
        let mut tx = SqlitePush(self.pool.begin_with("BEGIN IMMEDIATE").await?);
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
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if !insert_device(&mut tx, device).await? {
            return Ok(false);
        }
        insert_credential(&mut tx, credential).await?;
        tx.commit().await?;
        Ok(true)
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

    async fn approve_device(&self, device_id: Uuid, by: &str, at: DateTime<Utc>) -> Result<bool, StorageError> {
        let result = sqlx::query(
            "UPDATE devices SET approved_by = ?, approved_at = ?
             WHERE device_id = ? AND approved_at IS NULL AND revoked_at IS NULL",
        )
        .bind(by)
        .bind(instant(at))
        .bind(text(device_id))
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() > 0)
    }

    async fn revoke_device(&self, device_id: Uuid, at: DateTime<Utc>) -> Result<bool, StorageError> {
        let result = sqlx::query("UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE device_id = ?")
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
            sqlx::query_as(&format!("SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE token_hash = ?"))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(credential_from).transpose()
    }

    async fn sign_in_failures(&self, username: &str) -> Result<(u32, Option<DateTime<Utc>>), StorageError> {
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT failures, last_at FROM sign_in_failures WHERE username = ?")
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
            "INSERT INTO sign_in_failures (username, failures, last_at) VALUES (?, ?, ?)
             ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at",
        )
        .bind(username)
        .bind(i64::from(failures))
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
        let mut tx = SqlitePush(self.pool.begin_with("BEGIN IMMEDIATE").await?);
        let response = push_in(&mut tx, pusher, push, now).await?;
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
        let server_time_ms = u64::try_from(Utc::now().timestamp_millis()).unwrap_or_default();
        Ok(PullResponse { changes, cursor: format!("s:{last}"), more, server_time_ms })
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

/// Inserts a new device; `false` when its id is taken (never reassigned, never revived).
async fn insert_device(conn: &mut sqlx::SqliteConnection, device: &DeviceRecord) -> Result<bool, StorageError> {
    let result = sqlx::query(&format!(
        "INSERT INTO devices ({DEVICE_COLUMNS}, bootstrap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
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

async fn insert_credential(
    conn: &mut sqlx::SqliteConnection,
    credential: &CredentialRecord,
) -> Result<(), StorageError> {
    sqlx::query(&format!("INSERT INTO credentials ({CREDENTIAL_COLUMNS}) VALUES (?, ?, ?, ?)"))
        .bind(&credential.token_hash)
        .bind(text(credential.device_id))
        .bind(text(credential.user_id))
        .bind(instant(credential.issued_at))
        .execute(&mut *conn)
        .await?;
    Ok(())
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

    async fn credentials(&mut self, hashes: &[String]) -> Result<Vec<CredentialRecord>, StorageError> {
        let rows: Vec<CredentialColumns> = sqlx::query_as(&format!(
            "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE token_hash IN (SELECT value FROM json_each(?))"
        ))
        .bind(serde_json::to_string(hashes).map_err(|_| StorageError::Corrupt("hashes"))?)
        .fetch_all(&mut *self.0)
        .await?;
        rows.into_iter().map(credential_from).collect()
    }

    async fn existing(&mut self, entity: Entity, ids: &[String]) -> Result<BTreeSet<Uuid>, StorageError> {
        let found: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT entity_id FROM changes WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?))",
        )
        .bind(entity.name())
        .bind(serde_json::to_string(ids).map_err(|_| StorageError::Corrupt("ids"))?)
        .fetch_all(&mut *self.0)
        .await?;
        Ok(found.iter().filter_map(|id| id.parse().ok()).collect())
    }

    async fn audit_head(&mut self, device_id: Uuid) -> Result<Option<ChainHead>, StorageError> {
        let row: Option<(i64, String)> = sqlx::query_as("SELECT sequence, hash FROM audit_heads WHERE device_id = ?")
            .bind(text(device_id))
            .fetch_optional(&mut *self.0)
            .await?;
        Ok(row.map(|(sequence, hash)| ChainHead { sequence: u64::try_from(sequence).unwrap_or_default(), hash }))
    }

    async fn put_audit_head(&mut self, device_id: Uuid, head: &ChainHead) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO audit_heads (device_id, sequence, hash) VALUES (?, ?, ?)
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
        sqlx::query("UPDATE devices SET bootstrap_until = NULL WHERE device_id = ?")
            .bind(text(device_id))
            .execute(&mut *self.0)
            .await?;
        Ok(())
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
