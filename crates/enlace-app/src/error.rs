//! Errors as they cross to the UI: a code the UI localizes (Fluent message
//! `error-<code>`) plus named arguments. No patient data and no key material
//! ever goes into an error; details worth keeping are logged here instead.

use std::collections::BTreeMap;

use enlace_store::{KeyStoreError, RecoveryKeyError, StoreError};
use serde::Serialize;

/// Every error the application reports, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    StoreKeyMissing,
    StoreWrongKey,
    /// The recovery key was confirmed already and is not shown again.
    RecoveryKeyConfirmed,
    /// The typed group is not the recovery key's last.
    RecoveryKeyNotConfirmed,
    /// Typed text that is not a recovery key.
    RecoveryKeyMalformed,
    /// A recovery key with a typing mistake (its checksum fails).
    RecoveryKeyMistyped,
    /// A recovery key that does not open this computer's store.
    RecoveryKeyWrong,
    /// There is no store here to recover.
    RecoveryNoStore,
    /// A backup's passphrase is shorter than `args.minimum` characters.
    BackupPassphraseShort,
    /// The passphrase and its confirmation differ.
    BackupPassphraseMismatch,
    /// A file already has the backup's name: a backup never replaces a file.
    BackupFileExists,
    /// The backup file could not be written there (a folder that is read-only or gone).
    BackupNotWritten,
    /// The passphrase does not open the file, or it is not an Enlace backup.
    BackupUnreadable,
    /// The backup file fails its check: altered or cut short. Nothing was restored.
    BackupDamaged,
    /// The backup was made by a newer Enlace; update this one first.
    BackupTooNew,
    /// This computer's store holds records: a restore would replace them.
    RestoreStoreInUse,
    /// The disk is full: what was being written was not, and everything saved before is kept.
    DiskFull,
    /// The pharmacy's server could not be asked for updates.
    UpdateCheckFailed,
    /// The update's signature does not verify with Enlace's release key: nothing was installed.
    UpdateRefused,
    /// The update could not be downloaded or installed; Enlace stays as it was.
    UpdateNotInstalled,
    /// The caller's number could not be read as a whole phone number.
    CallerNumberInvalid,
    /// A follow-up task or a step on it was refused; `problems` says why
    /// (`due-in-past`, `assignee-missing`, `closed`, `snooze-not-later`).
    InvalidTask,
    KeyringUnavailable,
    /// `--key-file` names a file others can read.
    KeyFileInsecure,
    StoreUnavailable,
    NotFound,
    InvalidInput,
    /// A documented call lacks what its disposition needs; `problems`
    /// lists them (`outcome-…` codes).
    InvalidOutcome,
    /// A refill report could not be read at all (not CSV, missing columns).
    ImportUnreadable,
    /// The day's CSV could not be written.
    ExportFailed,
    /// The signed-in user's roles do not allow the action.
    NotPermitted,
    /// Nobody is signed in, or the session is locked.
    SignInRequired,
    /// Wrong username or password; the message never says which.
    SignInFailed,
    /// Too many wrong attempts; `args.seconds` until the next may be made.
    SignInWait,
    UsernameInvalid,
    UsernameTaken,
    PasswordWeak,
    PinInvalid,
    /// The change would leave no active supervisor to manage users.
    LastSupervisor,
    /// The first supervisor has already been created.
    AlreadySetUp,
    /// Pharmacy settings out of range; `problems` lists them
    /// (`settings-problem-…` codes).
    InvalidSettings,
    /// The consult changed since it was shown (someone else acted on it).
    ConsultChanged,
    /// The consult's state does not allow this step; `args.from` and `args.transition` say which.
    ConsultTransitionRefused,
    /// The slot overlaps a consult already booked.
    SlotTaken,
    /// A pharmacist's hours cannot be saved; `problems` lists them
    /// (`availability-problem-…` codes).
    InvalidAvailability,
    /// The enrollment draft was submitted or discarded meanwhile.
    DraftClosed,
    /// The sync server's address is not https://… (or http:// to this computer).
    SyncUrlInvalid,
    /// The sync server cannot be reached (or answered with an error).
    SyncUnreachable,
    /// The server has no users yet: the first device needs its setup token.
    SyncSetupRequired,
    /// The certificate authority given for the server is not a PEM certificate.
    SyncCertificateInvalid,
    /// The server knows this computer already (a computer's id is never registered twice).
    SyncDeviceExists,
    /// This computer waits for a supervisor's approval on the server.
    SyncDevicePending,
    /// The server has no credential of the signed-in user from this computer:
    /// they sign in again while it is connected.
    SyncCredentialMissing,
    /// A headless command needs an Enlace user: `--user` (or `ENLACE_USER`) and their password.
    CommandNeedsUser,
    /// A flag or a resolution of the exception queue is refused; `problems`
    /// names the problem (an `exception-problem-…` code).
    InvalidException,
    /// The store has no pharmacy yet: a supervisor sets it up (in the window,
    /// or with `enlace setup`), or a laptop joins a server that has one.
    PharmacyMissing,
    /// The pharmacy has been set up already (here, or arrived from the server).
    PharmacyExists,
    /// The demo is only ever created in an empty store, never beside a real pharmacy's data.
    DemoRefused,
    /// The user stopped a long write (an import) before it finished: nothing of it was written.
    Cancelled,
    /// An import is already running in this window; one at a time.
    ImportRunning,
    Internal,
}

impl ErrorCode {
    /// The Fluent message that explains this error: `error-` and the code's serde name.
    pub fn message_id(self) -> String {
        format!("error-{}", crate::wire_name(&self).unwrap_or_default())
    }
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{}", code.message_id())]
pub struct AppError {
    pub code: ErrorCode,
    pub args: BTreeMap<String, String>,
    /// What was wrong, for errors that list it (`invalid-settings`,
    /// `invalid-outcome`…): each a code the UI localizes; empty otherwise.
    pub problems: Vec<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        Self { code, args: BTreeMap::new(), problems: Vec::new() }
    }

    /// The problems' serde names (enums of the domain: `phone-invalid`, `no-answer`…).
    pub fn with_problems<T: Serialize>(mut self, problems: &[T]) -> Self {
        self.problems = problems.iter().filter_map(crate::wire_name).collect();
        self
    }

    pub fn with_arg(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.insert(name.to_owned(), value.into());
        self
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        let code = match &error {
            StoreError::KeyMissing { .. } => ErrorCode::StoreKeyMissing,
            StoreError::WrongKey { .. } => ErrorCode::StoreWrongKey,
            StoreError::RecoveryKey(RecoveryKeyError::Malformed) => ErrorCode::RecoveryKeyMalformed,
            StoreError::RecoveryKey(RecoveryKeyError::Mistyped) => ErrorCode::RecoveryKeyMistyped,
            StoreError::RecoveryKeyWrong => ErrorCode::RecoveryKeyWrong,
            StoreError::NothingToRecover => ErrorCode::RecoveryNoStore,
            StoreError::KeyStore(KeyStoreError::Unavailable(_)) => ErrorCode::KeyringUnavailable,
            StoreError::KeyStore(KeyStoreError::Malformed) => ErrorCode::StoreWrongKey,
            StoreError::KeyStore(KeyStoreError::InsecureKeyFile(_)) => ErrorCode::KeyFileInsecure,
            StoreError::Backup(refusal) => crate::backup::backup_code(refusal),
            full if full.is_disk_full() => ErrorCode::DiskFull,
            StoreError::Io(_) | StoreError::Migration(_) => ErrorCode::StoreUnavailable,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Stopped => ErrorCode::Cancelled,
            StoreError::InvalidChange { .. } => ErrorCode::InvalidInput,
            StoreError::Database(_) | StoreError::Corrupt { .. } | StoreError::Encode | StoreError::ClockExhausted => {
                ErrorCode::Internal
            }
        };
        // StoreError's messages carry entity and field names, never values.
        tracing::error!(error = %error, code = ?code, "store operation failed");
        let app_error = Self::new(code);
        match error {
            StoreError::KeyMissing { path } | StoreError::WrongKey { path } => {
                app_error.with_arg("path", path.display().to_string())
            }
            _ => app_error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_the_codes_serde_names() {
        // The UI localizes `error-<code>` from the same serde name (l10n.test.ts checks every code has a message).
        assert_eq!(ErrorCode::StoreKeyMissing.message_id(), "error-store-key-missing");
        assert_eq!(ErrorCode::ImportRunning.message_id(), "error-import-running");
        assert_eq!(ErrorCode::Internal.message_id(), "error-internal");
    }

    #[test]
    fn a_missing_key_names_the_database_but_nothing_else() {
        let error: AppError = StoreError::KeyMissing { path: "/data/enlace.db".into() }.into();
        assert_eq!(error.code, ErrorCode::StoreKeyMissing);
        assert_eq!(error.args.get("path").map(String::as_str), Some("/data/enlace.db"));
    }
}
