//! Enlace's local store: an SQLCipher-encrypted SQLite database reached
//! through sqlx, whose key is created on first run and kept in a [`KeyStore`]
//! (the OS keyring in the app).
//!
//! Every write goes through [`Store::apply`] (see [`mutation`]), which changes
//! the entity tables and appends the change to the outbox in one transaction.
//! Typed reads and write helpers for each entity live in [`entities`].

pub mod audit;
mod backup;
pub mod call_queue;
mod callers;
mod change;
pub mod consults;
mod derived;
pub mod enrollment;
pub mod entities;
pub mod exceptions;
pub mod history;
mod initial_pull;
mod json_rows;
mod key;
mod keystore;
pub mod mutation;
mod recovery;
pub mod sync;
mod sync_state;
pub mod tasks;
pub mod users;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use enlace_domain::HlcStamp;
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::Mutex;
use uuid::Uuid;

pub use audit::AuditQuery;
pub use backup::{BackupError, BackupPassphrase, BackupSummary, restore_backup};
pub use callers::PhoneOwner;
pub use change::{ChangeRecord, Entity, Mutation, new_id};
pub use consults::{ConsultEvent, availability_mutation, consult_event_mutation, consult_mutation};
pub use enrollment::{
    DraftStatus, EnrollmentDraft, consent_record_mutation, enrollment_draft_mutation, patient_profile_mutation,
};
pub use exceptions::{Attributed, PatientFill, exception_case_mutation, flag_mutation};
pub use history::RecordChange;
pub use key::DbKey;
pub use keystore::{KeyFile, KeyStore, KeyStoreError, MemoryKeyStore, OsKeyring};
pub use mutation::WRITE_STEP;
pub use recovery::{RecoveryKey, RecoveryKeyError};
pub use sync::{Applied, SUPERVISORS, SyncNotice, WebRequest};
pub use users::{UserAccount, user_mutation};

/// The first bytes of every unencrypted SQLite file.
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// What can go wrong in the store. Messages name no patient data and no key.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A database file exists but the keyring has no key for it. The file is
    /// left untouched: replacing it would lose every record in it.
    #[error("the database exists but its key is not in the keyring")]
    KeyMissing { path: PathBuf },
    #[error("the key in the keyring does not open this database")]
    WrongKey { path: PathBuf },
    /// Typed text that is not a recovery key, or has a typing mistake.
    #[error(transparent)]
    RecoveryKey(#[from] RecoveryKeyError),
    /// A well-formed recovery key that does not open this database.
    #[error("the recovery key does not open this database")]
    RecoveryKeyWrong,
    /// Recovery asked for where there is no database to recover.
    #[error("there is no database to recover")]
    NothingToRecover,
    #[error(transparent)]
    KeyStore(#[from] KeyStoreError),
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error("the data folder cannot be used: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("no {entity} with that id")]
    NotFound { entity: &'static str },
    /// A mutation names a field the entity does not have, or a value of the wrong kind.
    #[error("invalid change to {entity}: {reason}")]
    InvalidChange { entity: &'static str, reason: String },
    /// A value could not be written as JSON (never expected: every value comes from JSON).
    #[error("a value could not be encoded")]
    Encode,
    /// A stored value could not be read back into a domain type.
    #[error("stored {entity} record is unreadable: {field}")]
    Corrupt { entity: &'static str, field: &'static str },
    /// The logical clock stands at the end of time (only a forged stamp brings it there).
    #[error("the logical clock cannot move forward")]
    ClockExhausted,
    /// The caller's progress hook asked to stop; nothing was written.
    #[error("the write was stopped before it was committed")]
    Stopped,
}

impl StoreError {
    /// Whether a write found no room: SQLite's `SQLITE_FULL` (the disk, or
    /// the database's page limit) or the system's "no space left".
    pub fn is_disk_full(&self) -> bool {
        const SQLITE_FULL: &str = "13";
        match self {
            Self::Database(sqlx::Error::Database(error)) => error.code().as_deref() == Some(SQLITE_FULL),
            Self::Database(sqlx::Error::Io(error)) | Self::Io(error) => error.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

/// An open, migrated, encrypted store.
#[derive(Debug)]
pub struct Store {
    /// Readers, and the odd single-statement write.
    pool: SqlitePool,
    /// The one connection every write transaction takes. In WAL mode a
    /// connection drops its whole page cache when another connection has
    /// written since its last transaction, so writes rotating through the
    /// pool would each start cold, decrypting again every index page they
    /// touch; a connection of their own keeps those pages warm.
    writer: SqlitePool,
    device_id: Uuid,
    path: PathBuf,
    /// Kept for the recovery key; redacted in `Debug`, wiped on drop.
    key: DbKey,
    /// The device's hybrid logical clock. Held across each write transaction,
    /// which also serializes writers (SQLite allows one at a time anyway).
    clock: Mutex<HlcStamp>,
    /// Signalled after each local write, for the sync loop to push it.
    local_changes: tokio::sync::Notify,
    /// Milliseconds this device's wall clock is off (tests of clock skew).
    clock_skew_ms: std::sync::atomic::AtomicI64,
    /// Milliseconds to add to the wall clock to read the server's (learned at each sync).
    clock_offset_ms: std::sync::atomic::AtomicI64,
}

impl Store {
    /// Opens the store at `path`, creating it and its key if neither exists.
    ///
    /// An existing file is never recreated: if its key is missing or wrong the
    /// open fails and the file stays as it was.
    pub async fn open(path: &Path, keys: &dyn KeyStore) -> Result<Self, StoreError> {
        let exists = path.try_exists()?;
        let key = match (exists, keys.load()?) {
            (_, Some(key)) => key,
            (true, None) => {
                return Err(StoreError::KeyMissing { path: path.to_owned() });
            }
            (false, None) => {
                // Save the key before creating the file, so a keyring failure
                // can never leave behind a database nobody can open.
                let key = DbKey::generate();
                keys.save(&key)?;
                key
            }
        };
        prepare_folder(path)?;
        let store = Self::open_with_key(path, key, exists).await?;
        if !exists {
            // The content is encrypted; still, a new store is nobody else's to read.
            owner_only(path, 0o600)?;
        }
        Ok(store)
    }

    /// Opens the store at `path` with a typed recovery key and, only once it
    /// opens, saves the key in `keys` for the next start. The file is never
    /// changed by a wrong key.
    pub async fn recover(path: &Path, typed: &str, keys: &dyn KeyStore) -> Result<(), StoreError> {
        if !path.try_exists()? {
            return Err(StoreError::NothingToRecover);
        }
        let key = RecoveryKey::parse(typed)?;
        let store = match Self::open_with_key(path, key.clone(), true).await {
            Ok(store) => store,
            Err(StoreError::WrongKey { .. }) => return Err(StoreError::RecoveryKeyWrong),
            Err(other) => return Err(other),
        };
        store.close().await;
        keys.save(&key)?;
        Ok(())
    }

    /// This store's recovery key.
    pub fn recovery_key(&self) -> RecoveryKey {
        RecoveryKey::of(&self.key)
    }

    async fn open_with_key(path: &Path, key: DbKey, exists: bool) -> Result<Self, StoreError> {
        let options = connect_options(path, &key, !exists)?;
        // The writer first: it creates the file if need be.
        let writer = connect(
            path,
            SqlitePoolOptions::new().max_connections(1).min_connections(1).idle_timeout(None).max_lifetime(None),
            options.clone(),
        )
        .await?;
        let pool = connect(path, SqlitePoolOptions::new().max_connections(4), options).await?;
        MIGRATOR.run(&writer).await?;
        derived::backfill(&writer).await?;
        let (device_id, clock) = mutation::load_or_create_device(&writer).await?;
        let offset: i64 = sqlx::query_scalar("SELECT value FROM local_state WHERE key = ?")
            .bind(sync_state::CLOCK_OFFSET_KEY)
            .fetch_optional(&writer)
            .await?
            .and_then(|text: String| text.parse().ok())
            .unwrap_or_default();
        let store = Self {
            pool,
            writer,
            device_id,
            path: path.to_owned(),
            key,
            clock: Mutex::new(clock),
            local_changes: tokio::sync::Notify::new(),
            clock_skew_ms: std::sync::atomic::AtomicI64::new(0),
            clock_offset_ms: std::sync::atomic::AtomicI64::new(offset),
        };
        // A first pull the process died in the middle of: its rows come first.
        // Should that fail the store still opens (the changes are all in the
        // log) and the next sync's pull tries again.
        if let Err(error) = store.finish_initial_pull().await {
            tracing::warn!(%error, "deriving the rows of an unfinished first pull failed");
        }
        Ok(store)
    }

    /// The id this installation stamps on its changes.
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes this store's clock run `skew_ms` off the system's, as a laptop
    /// with a wrong clock would: for tests that sync under clock skew.
    pub fn skew_clock(&self, skew_ms: i64) {
        self.clock_skew_ms.store(skew_ms, std::sync::atomic::Ordering::Relaxed);
    }

    /// Caps the database file at `pages` pages, as a full disk would: SQLite
    /// then answers a write that needs more room with SQLITE_FULL, as it
    /// does when the disk has none. For tests of what a full disk keeps.
    #[doc(hidden)]
    pub async fn cap_pages_for_test(&self, pages: u32) -> Result<(), StoreError> {
        sqlx::query(&format!("PRAGMA max_page_count = {pages}")).execute(&self.writer).await?;
        Ok(())
    }

    /// The number of pages the database file has now.
    #[doc(hidden)]
    pub async fn page_count(&self) -> Result<u32, StoreError> {
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(&self.writer).await?;
        Ok(u32::try_from(pages).unwrap_or(u32::MAX))
    }

    /// SQLite's `integrity_check`: `true` when it finds nothing wrong.
    pub async fn integrity_ok(&self) -> Result<bool, StoreError> {
        let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&self.pool).await?;
        Ok(report == ["ok"])
    }

    /// The wall clock in milliseconds, as this device reads it, set by the
    /// server's clock once it has synced.
    pub fn clock_ms(&self) -> u64 {
        let skew = self.clock_skew_ms.load(std::sync::atomic::Ordering::Relaxed);
        let offset = self.clock_offset_ms.load(std::sync::atomic::Ordering::Relaxed);
        mutation::now_ms().saturating_add_signed(skew).saturating_add_signed(offset)
    }

    /// Resolves when this store has written a local change since the last
    /// time it resolved (a change made before the wait starts counts too).
    pub async fn local_change(&self) {
        self.local_changes.notified().await;
    }

    /// Wakes whoever waits in [`Store::local_change`], as a local write
    /// does: something that was held back may go now.
    pub fn notify_local_change(&self) {
        self.local_changes.notify_one();
    }

    /// Moves the write-ahead log into the database file and closes every
    /// connection. (SQLite would checkpoint on the last close too, but on a
    /// background thread after `close` returns.)
    pub async fn close(&self) {
        self.pool.close().await;
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.writer).await {
            tracing::warn!(%error, "checkpoint before close failed");
        }
        self.writer.close().await;
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// For write transactions (see [`Store::writer`'s field](Store)).
    pub(crate) fn writer(&self) -> &SqlitePool {
        &self.writer
    }
}

/// Creates the folder a new store at `path` goes in, owner-only, if it is
/// not there yet.
fn prepare_folder(path: &Path) -> Result<(), StoreError> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        let created = !parent.try_exists()?;
        std::fs::create_dir_all(parent)?;
        if created {
            owner_only(parent, 0o700)?;
        }
    }
    Ok(())
}

/// Narrows a folder or file this store created to its owner (a folder
/// named with `--data-dir` that existed before is left as it was).
fn owner_only(path: &Path, mode: u32) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Each connection's page cache.
pub(crate) const CACHE_KIB: u32 = 64 * 1024;

fn connect_options(path: &Path, key: &DbKey, create: bool) -> Result<SqliteConnectOptions, StoreError> {
    // The options carry the key: they are never logged or formatted, and
    // statement logging is off because sqlx would log the connection's setup
    // SQL (which includes `PRAGMA key`) when it is slow or at debug level.
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .pragma("key", key.pragma_value())
        .disable_statement_logging()
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        // SQLCipher decrypts every page it reads into the cache; the default
        // 2 MB cache cannot hold the call list's indexes at 100k patients.
        .pragma("cache_size", format!("-{CACHE_KIB}"));
    Ok(options)
}

async fn connect(
    path: &Path,
    pool: SqlitePoolOptions,
    options: SqliteConnectOptions,
) -> Result<SqlitePool, StoreError> {
    match pool.connect_with(options).await {
        Ok(pool) => Ok(pool),
        Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("26") => {
            Err(StoreError::WrongKey { path: path.to_owned() })
        }
        Err(error) => Err(error.into()),
    }
}
