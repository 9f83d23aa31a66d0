//! Backups: the whole store copied as one consistent snapshot into a new
//! file encrypted with a passphrase, and such a file verified and restored
//! as this computer's store.
//!
//! The backup is an SQLCipher database of its own whose key SQLCipher derives
//! from the passphrase (PBKDF2-HMAC-SHA512, a random salt in the file), so a
//! backup opens on any laptop with the passphrase and without this one's
//! keyring. It is written by `sqlcipher_export` inside one read transaction:
//! in WAL mode that transaction reads one snapshot however much the app
//! writes meanwhile. Every page carries an HMAC, so a restore tells a file
//! altered or cut short from a sound one before anything is replaced.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use zeroize::Zeroizing;

use crate::{DbKey, KeyStore, MIGRATOR, Store, StoreError};

/// A backup's passphrase. Its `Debug` is redacted and its memory wiped on drop.
#[derive(Clone)]
pub struct BackupPassphrase(Zeroizing<String>);

impl BackupPassphrase {
    pub fn new(passphrase: &str) -> Self {
        Self(Zeroizing::new(passphrase.to_owned()))
    }
}

impl fmt::Debug for BackupPassphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BackupPassphrase(<redacted>)")
    }
}

/// Why a backup could not be made or restored. None names the passphrase
/// or anything the file holds.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The chosen file exists: a backup never replaces a file.
    #[error("a file already exists where the backup was to be written")]
    FileExists,
    /// The passphrase does not open the file, or the file is not an Enlace
    /// backup at all (SQLCipher cannot tell the two apart, by design).
    #[error("the passphrase does not open this file, or it is not an Enlace backup")]
    Unreadable,
    /// The file opens but a page fails its check: altered or cut short.
    #[error("the backup file is damaged")]
    Damaged,
    /// Made by a newer Enlace than this one, whose tables this one does not know.
    #[error("the backup was made by a newer version of Enlace")]
    TooNew,
    /// This computer already has a store with records: restoring would replace them.
    #[error("this computer already has a store with records")]
    StoreInUse,
}

/// What a backup holds, to say so when it is made or restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupSummary {
    pub patients: u64,
    pub changes: u64,
}

impl Store {
    /// Writes a consistent copy of the whole store to `file`, encrypted with
    /// `passphrase`. The file must not exist; it is written beside itself
    /// first, readable by its owner only, and appears complete or not at all.
    pub async fn back_up_to(&self, file: &Path, passphrase: &BackupPassphrase) -> Result<BackupSummary, StoreError> {
        if file.try_exists()? {
            return Err(BackupError::FileExists.into());
        }
        let partial = PartialFile::create(file)?;
        let mut connection = crate::connect_options(self.path(), &self.key, false)?.connect().await?;
        let written = export_snapshot(&mut connection, &partial.path, passphrase).await;
        connection.close().await?;
        let summary = written?;
        partial.publish(file)?;
        Ok(summary)
    }
}

async fn export_snapshot(
    connection: &mut SqliteConnection,
    target: &Path,
    passphrase: &BackupPassphrase,
) -> Result<BackupSummary, StoreError> {
    attach(connection, target, "backup", passphrase.0.as_str()).await?;
    // A single file when done, synced to the disk before it is published.
    sqlx::query("PRAGMA backup.journal_mode = DELETE").execute(&mut *connection).await?;
    sqlx::query("PRAGMA backup.synchronous = FULL").execute(&mut *connection).await?;
    let exported = async {
        let mut snapshot = connection.begin().await?;
        // The first read fixes the snapshot every later read of this transaction sees.
        let summary = summarize(&mut snapshot, "main").await?;
        sqlx::query("SELECT sqlcipher_export('backup')").execute(&mut *snapshot).await?;
        snapshot.commit().await?;
        Ok::<_, StoreError>(summary)
    }
    .await;
    sqlx::query("DETACH DATABASE backup").execute(&mut *connection).await?;
    exported
}

/// Restores the backup in `file` as the store at `store_path`, under a new
/// database key saved in `keys`.
///
/// Nothing is replaced until the backup has been read whole and verified
/// (every page's HMAC, SQLite's integrity check, a store this version
/// knows). A store already at `store_path` is replaced only when it holds
/// nothing (`StoreInUse` otherwise, and when its key is not at hand).
pub async fn restore_backup(
    file: &Path,
    passphrase: &BackupPassphrase,
    store_path: &Path,
    keys: &dyn KeyStore,
) -> Result<BackupSummary, StoreError> {
    if store_path.try_exists()? && !holds_nothing(store_path, keys).await? {
        return Err(BackupError::StoreInUse.into());
    }
    if !file.is_file() {
        return Err(BackupError::Unreadable.into());
    }
    let mut connection = backup_options(file, passphrase)?.connect().await?;
    let key = DbKey::generate();
    crate::prepare_folder(store_path)?;
    let partial = PartialFile::create(store_path)?;
    let restored = async {
        let summary = verified_backup(&mut connection).await?;
        let raw_key = Zeroizing::new(format!("x'{}'", key.to_hex().as_str()));
        attach(&mut connection, &partial.path, "restored", &raw_key).await?;
        sqlx::query("PRAGMA restored.synchronous = FULL").execute(&mut connection).await?;
        sqlx::query("SELECT sqlcipher_export('restored')").execute(&mut connection).await?;
        sqlx::query("DETACH DATABASE restored").execute(&mut connection).await?;
        Ok::<_, StoreError>(summary)
    }
    .await;
    connection.close().await?;
    let summary = restored?;
    // The key first: a store file nobody has the key of must never appear.
    keys.save(&key)?;
    for leftover in [sidecar(store_path, "-wal"), sidecar(store_path, "-shm"), store_path.to_owned()] {
        match std::fs::remove_file(&leftover) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
    }
    partial.publish(store_path)?;
    // Opened once here, so migrations from an older backup run now and a
    // store that will not open is reported by the restore, not the next start.
    Store::open(store_path, keys).await?.close().await;
    Ok(summary)
}

/// Attaches `path` as `schema` with `key` (a passphrase, or `x'…'` for a raw
/// key); both are bound, never pasted into the statement.
async fn attach(connection: &mut SqliteConnection, path: &Path, schema: &str, key: &str) -> Result<(), StoreError> {
    let path = path.to_str().ok_or(StoreError::Io(std::io::Error::from(std::io::ErrorKind::InvalidFilename)))?;
    sqlx::query(&format!("ATTACH DATABASE ? AS {schema} KEY ?")).bind(path).bind(key).execute(connection).await?;
    Ok(())
}

/// SQLite's answer to a file that is no database, or one under another key.
const SQLITE_NOTADB: &str = "26";

/// A connection to the backup file as its main database, keyed with the
/// passphrase (quoted as an SQL string: SQLCipher's `key` pragma takes no
/// bound parameter). Not opened read-only: that would hold for the store
/// attached to it too; nothing here writes to the backup.
fn backup_options(file: &Path, passphrase: &BackupPassphrase) -> Result<SqliteConnectOptions, StoreError> {
    let quoted = Zeroizing::new(format!("'{}'", passphrase.0.replace('\'', "''")));
    Ok(SqliteConnectOptions::from_str("sqlite:")?
        .filename(file)
        .pragma("key", quoted.to_string())
        .disable_statement_logging())
}

/// Proves the backup open on `connection` sound; its contents' counts.
async fn verified_backup(connection: &mut SqliteConnection) -> Result<BackupSummary, StoreError> {
    // The first read decrypts page 1: a wrong passphrase or a file that is
    // no SQLCipher database fails here. A file that opens but whose pages fail is damaged.
    if let Err(error) = sqlx::query("SELECT count(*) FROM sqlite_master").execute(&mut *connection).await {
        tracing::warn!(%error, "backup did not open");
        let not_a_database =
            matches!(&error, sqlx::Error::Database(error) if error.code().as_deref() == Some(SQLITE_NOTADB));
        return Err(if not_a_database { BackupError::Unreadable } else { BackupError::Damaged }.into());
    }
    let damaged = |error: sqlx::Error| {
        tracing::warn!(%error, "backup failed its check");
        StoreError::from(BackupError::Damaged)
    };
    let failed_pages: Vec<String> =
        sqlx::query_scalar("PRAGMA cipher_integrity_check").fetch_all(&mut *connection).await.map_err(damaged)?;
    let integrity: Vec<String> =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut *connection).await.map_err(damaged)?;
    if !failed_pages.is_empty() || integrity != ["ok"] {
        tracing::warn!(failed_pages = failed_pages.len(), "backup failed its check");
        return Err(BackupError::Damaged.into());
    }
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'local_state', 'change_log')",
    )
    .fetch_one(&mut *connection)
    .await?;
    if tables != 3 {
        return Err(BackupError::Unreadable.into());
    }
    let newest: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one(&mut *connection).await?;
    let known = MIGRATOR.iter().map(|migration| migration.version).max().unwrap_or_default();
    if newest.unwrap_or_default() > known {
        return Err(BackupError::TooNew.into());
    }
    summarize(connection, "main").await
}

async fn summarize(connection: &mut SqliteConnection, schema: &str) -> Result<BackupSummary, StoreError> {
    let count = |table: &str| format!("SELECT count(*) FROM {schema}.{table}");
    let patients: i64 = sqlx::query_scalar(&count("patient")).fetch_one(&mut *connection).await?;
    let changes: i64 = sqlx::query_scalar(&count("change_log")).fetch_one(&mut *connection).await?;
    Ok(BackupSummary { patients: patients.unsigned_abs(), changes: changes.unsigned_abs() })
}

/// Whether the store at `path` holds nothing a restore would lose: no
/// change at all (a window opened once creates an empty store).
async fn holds_nothing(path: &Path, keys: &dyn KeyStore) -> Result<bool, StoreError> {
    if keys.load()?.is_none() {
        return Ok(false);
    }
    let store = match Store::open(path, keys).await {
        Ok(store) => store,
        Err(StoreError::WrongKey { .. } | StoreError::KeyMissing { .. }) => return Ok(false),
        Err(other) => return Err(other),
    };
    let changes: i64 = sqlx::query_scalar("SELECT count(*) FROM change_log").fetch_one(store.pool()).await?;
    store.close().await;
    Ok(changes == 0)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A file being written beside its final name, removed unless published.
struct PartialFile {
    path: PathBuf,
    published: bool,
}

impl PartialFile {
    /// An empty file, readable and writable by its owner only, next to `file`.
    fn create(file: &Path) -> Result<Self, StoreError> {
        let path = sidecar(file, &format!(".partial-{}", uuid::Uuid::now_v7().simple()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&path)?;
        Ok(Self { path, published: false })
    }

    /// Gives the file its final name, never over another file: a hard link
    /// fails where a rename would replace.
    fn publish(mut self, file: &Path) -> Result<(), StoreError> {
        match std::fs::hard_link(&self.path, file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(BackupError::FileExists.into());
            }
            Err(error) => return Err(error.into()),
        }
        self.published = true;
        std::fs::remove_file(&self.path)?;
        Ok(())
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_file(&self.path);
        }
        for suffix in ["-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(&self.path, suffix));
        }
    }
}
