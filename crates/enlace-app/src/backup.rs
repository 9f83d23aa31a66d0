//! Backups of this computer's store, made by a supervisor (from the window
//! or `enlace backup FILE`) into a passphrase-protected file, and restored
//! on another computer (`enlace restore FILE`). The passphrase rule is the
//! domain's; the file, its snapshot and its verification are the store's.

use std::path::Path;

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, PassphraseProblem, check_backup_passphrase};
use enlace_store::{BackupError, BackupPassphrase, BackupSummary, KeyStore, StoreError};
use serde::Serialize;

use crate::access::Actor;
use crate::{App, AppError, ErrorCode, database_path};

/// A backup made or restored, as the window and the command line report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupMade {
    /// The backup file.
    pub path: String,
    pub patients: u32,
}

impl BackupMade {
    fn new(path: &Path, summary: BackupSummary) -> Self {
        Self { path: path.display().to_string(), patients: u32::try_from(summary.patients).unwrap_or(u32::MAX) }
    }
}

/// Whether `actor` may make a backup with this passphrase: what
/// [`App::back_up`] checks before it writes, for the window to ask before
/// it opens the save dialog.
pub fn check_backup_request(actor: &Actor, passphrase: &str, confirmation: &str) -> Result<(), AppError> {
    actor.require(Action::ManageSettings)?;
    check_backup_passphrase(passphrase, confirmation).map_err(passphrase_error)
}

impl App {
    /// Writes a backup of the whole store to `file` (which must not exist),
    /// protected by `passphrase` typed twice. For supervisors; audited as
    /// data leaving the app.
    pub async fn back_up(
        &self,
        actor: &Actor,
        file: &Path,
        passphrase: &str,
        confirmation: &str,
        now: DateTime<Utc>,
    ) -> Result<BackupMade, AppError> {
        check_backup_request(actor, passphrase, confirmation)?;
        let summary = self.store().back_up_to(file, &BackupPassphrase::new(passphrase)).await.map_err(backup_error)?;
        self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::Export, now)]).await?;
        tracing::info!(patients = summary.patients, "backup written");
        Ok(BackupMade::new(file, summary))
    }
}

/// Restores the backup in `file` as the store of `data_dir`, under a new key
/// saved in `keys`. Refused while that store holds records, and for any file
/// the passphrase does not open or that fails verification.
pub async fn restore_backup(
    data_dir: &Path,
    file: &Path,
    passphrase: &str,
    keys: &dyn KeyStore,
) -> Result<BackupMade, AppError> {
    let summary =
        enlace_store::restore_backup(file, &BackupPassphrase::new(passphrase), &database_path(data_dir), keys)
            .await
            .map_err(backup_error)?;
    tracing::info!(patients = summary.patients, "backup restored");
    Ok(BackupMade::new(file, summary))
}

fn passphrase_error(problem: PassphraseProblem) -> AppError {
    AppError::new(match problem {
        PassphraseProblem::TooShort => ErrorCode::BackupPassphraseShort,
        PassphraseProblem::Mismatch => ErrorCode::BackupPassphraseMismatch,
    })
    .with_arg("minimum", enlace_domain::BACKUP_PASSPHRASE_MIN_CHARS.to_string())
}

/// A file that cannot be written is the backup's problem, not the store's.
fn backup_error(error: StoreError) -> AppError {
    match error {
        StoreError::Io(io) if io.kind() != std::io::ErrorKind::StorageFull => {
            tracing::warn!(error = %io, "backup file not written");
            AppError::new(ErrorCode::BackupNotWritten)
        }
        other => other.into(),
    }
}

/// The code each backup refusal is shown with.
pub(crate) fn backup_code(error: &BackupError) -> ErrorCode {
    match error {
        BackupError::FileExists => ErrorCode::BackupFileExists,
        BackupError::Unreadable => ErrorCode::BackupUnreadable,
        BackupError::Damaged => ErrorCode::BackupDamaged,
        BackupError::TooNew => ErrorCode::BackupTooNew,
        BackupError::StoreInUse => ErrorCode::RestoreStoreInUse,
    }
}
