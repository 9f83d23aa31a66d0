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
    /// A key file others could read (its mode is not 0600).
    #[error("the key file must have mode 0600, not {0:04o}")]
    InsecureKeyFile(u32),
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

/// A key kept in a file, for machines with no keyring (servers, CI, scripts).
/// The file must be readable by its owner only (mode 0600): a key anyone on
/// the machine can read protects nothing, so any other mode is refused.
/// When the file does not exist yet, saving creates it with that mode.
#[derive(Debug)]
pub struct KeyFile {
    path: std::path::PathBuf,
}

impl KeyFile {
    pub fn new(path: &Path) -> Self {
        Self { path: path.to_owned() }
    }

    #[cfg(unix)]
    fn check_mode(metadata: &std::fs::Metadata) -> Result<(), KeyStoreError> {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode == 0o600 { Ok(()) } else { Err(KeyStoreError::InsecureKeyFile(mode)) }
    }

    #[cfg(not(unix))]
    fn check_mode(_metadata: &std::fs::Metadata) -> Result<(), KeyStoreError> {
        Ok(())
    }
}

impl KeyStore for KeyFile {
    fn load(&self) -> Result<Option<DbKey>, KeyStoreError> {
        let metadata = match std::fs::metadata(&self.path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(KeyStoreError::Unavailable(error.kind().to_string())),
        };
        Self::check_mode(&metadata)?;
        let text = zeroize::Zeroizing::new(
            std::fs::read_to_string(&self.path)
                .map_err(|error| KeyStoreError::Unavailable(error.kind().to_string()))?,
        );
        DbKey::from_hex(text.trim()).map(Some).ok_or(KeyStoreError::Malformed)
    }

    fn save(&self, key: &DbKey) -> Result<(), KeyStoreError> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file =
            options.open(&self.path).map_err(|error| KeyStoreError::Unavailable(error.kind().to_string()))?;
        file.write_all(key.to_hex().as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|error| KeyStoreError::Unavailable(error.kind().to_string()))
    }
}

#[cfg(all(test, unix))]
mod key_file_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_key_file_is_created_owner_only_and_read_back() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("enlace.key");
        let keys = KeyFile::new(&path);
        assert!(keys.load().unwrap().is_none());
        let key = DbKey::generate();
        keys.save(&key).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(keys.load().unwrap().unwrap().to_hex(), key.to_hex());
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("enlace.key");
        KeyFile::new(&path).save(&DbKey::generate()).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = KeyFile::new(&path).load().unwrap_err();
        assert!(error.to_string().contains("0600"), "{error}");
        assert!(!error.to_string().contains(&path.display().to_string()));
    }
}
