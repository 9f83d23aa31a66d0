//! Where the database key lives: the operating system's keyring in the app,
//! an in-memory store in unit tests. The trait is the seam between them.

use std::path::Path;
use std::sync::Mutex;

use crate::DbKey;

/// Why the key store could not be used. Carries no key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    /// No keyring service is reachable or it refused access (locked, no D-Bus…).
    #[error("the keyring is unavailable: {0}")]
    Unavailable(String),
    /// An entry exists but does not hold a key Enlace wrote.
    #[error("the keyring entry is not a database key")]
    Malformed,
}

/// Loads and saves one database key.
pub trait KeyStore: Send + Sync {
    fn load(&self) -> Result<Option<DbKey>, KeyStoreError>;
    fn save(&self, key: &DbKey) -> Result<(), KeyStoreError>;
}

/// A key kept only in memory: for tests and throwaway stores.
#[derive(Debug, Default)]
pub struct MemoryKeyStore(Mutex<Option<DbKey>>);

impl MemoryKeyStore {
    pub fn with_key(key: DbKey) -> Self {
        Self(Mutex::new(Some(key)))
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self) -> Result<Option<DbKey>, KeyStoreError> {
        Ok(self.0.lock().map_err(|_| KeyStoreError::Unavailable("poisoned".into()))?.clone())
    }

    fn save(&self, key: &DbKey) -> Result<(), KeyStoreError> {
        *self.0.lock().map_err(|_| KeyStoreError::Unavailable("poisoned".into()))? = Some(key.clone());
        Ok(())
    }
}

/// The OS keyring: Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows. One entry per database file, so a demo store and a
/// real one on the same machine keep separate keys.
#[derive(Debug)]
pub struct OsKeyring {
    service: String,
    account: String,
}

impl OsKeyring {
    pub const SERVICE: &'static str = "org.enlace.Enlace";

    /// The entry for the database at `path`. The entry is named after the
    /// canonical path (symlinks and `..` resolved), so the same file reached
    /// another way still finds its key; the folder is created for that.
    pub fn for_database(path: &Path) -> std::io::Result<Self> {
        let file_name = path.file_name().ok_or_else(|| std::io::Error::other("the database path names no file"))?;
        let folder = match path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            Some(parent) => parent.to_path_buf(),
            None => std::env::current_dir()?,
        };
        std::fs::create_dir_all(&folder)?;
        let canonical = std::fs::canonicalize(&folder)?.join(file_name);
        Ok(Self { service: Self::SERVICE.to_owned(), account: format!("database-key:{}", canonical.display()) })
    }

    /// The keyring account name of this entry (the service is [`Self::SERVICE`]).
    pub fn account(&self) -> &str {
        &self.account
    }

    fn entry(&self) -> Result<keyring::Entry, KeyStoreError> {
        keyring::Entry::new(&self.service, &self.account).map_err(unavailable)
    }
}

fn unavailable(error: keyring::Error) -> KeyStoreError {
    KeyStoreError::Unavailable(error.to_string())
}

impl KeyStore for OsKeyring {
    fn load(&self) -> Result<Option<DbKey>, KeyStoreError> {
        match self.entry()?.get_password() {
            Ok(text) => DbKey::from_hex(&zeroize::Zeroizing::new(text)).map(Some).ok_or(KeyStoreError::Malformed),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    fn save(&self, key: &DbKey) -> Result<(), KeyStoreError> {
        self.entry()?.set_password(&key.to_hex()).map_err(unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_keeps_what_was_saved() {
        let store = MemoryKeyStore::default();
        assert!(store.load().unwrap().is_none());
        let key = DbKey::generate();
        store.save(&key).unwrap();
        assert_eq!(store.load().unwrap(), Some(key));
    }

    #[test]
    fn each_database_file_gets_one_entry_however_its_path_is_written() {
        let dir = std::env::temp_dir().join(format!("enlace-keystore-{}", std::process::id()));
        let a = OsKeyring::for_database(&dir.join("a/enlace.db")).unwrap();
        let b = OsKeyring::for_database(&dir.join("b/enlace.db")).unwrap();
        let a_again = OsKeyring::for_database(&dir.join("b/../a/./enlace.db")).unwrap();
        assert_ne!(a.account, b.account);
        assert_eq!(a.account, a_again.account);
        assert!(a.account.starts_with("database-key:/"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
