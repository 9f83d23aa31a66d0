//! This computer's recovery key: shown to a supervisor until one of them
//! confirms it was written down (typing its last group back), and used to
//! open the store again when the keyring lost its key. Each computer's store
//! has its own key, so each computer has its own recovery key.
//!
//! Without it a computer whose key is lost can still be rebuilt from the
//! pharmacy's server (join it again in a new data folder); the store that
//! cannot be opened is never replaced.

use std::path::Path;

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, Role};
use enlace_store::{KeyStore, Store};
use serde::Serialize;

use crate::access::Actor;
use crate::{App, AppError, ErrorCode, database_path};

/// `local_state` key: when (RFC 3339) and by whom the recovery key was confirmed.
const CONFIRMED: &str = "recovery-key-confirmed";

/// The recovery key as the window prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryKeyView {
    /// 14 groups of four letters and digits.
    pub groups: Vec<String>,
    /// This computer's store, so a printout says which computer it opens.
    pub device_id: String,
}

impl App {
    /// Whether this computer's recovery key still waits to be written down.
    pub async fn recovery_key_pending(&self) -> Result<bool, AppError> {
        Ok(self.store().local_value(CONFIRMED).await?.is_none())
    }

    /// Whether to offer the key to someone with these roles: only those who
    /// may see it, and only while it waits.
    pub async fn recovery_key_offered_to(&self, roles: &[Role]) -> Result<bool, AppError> {
        Ok(enlace_domain::permits(roles, Action::ManageSettings) && self.recovery_key_pending().await?)
    }

    /// The recovery key, for a supervisor, until it is confirmed; then
    /// never again (`recovery-key-confirmed`). Each showing is audited.
    pub async fn recovery_key(&self, actor: &Actor, now: DateTime<Utc>) -> Result<RecoveryKeyView, AppError> {
        actor.require(Action::ManageSettings)?;
        if !self.recovery_key_pending().await? {
            return Err(AppError::new(ErrorCode::RecoveryKeyConfirmed));
        }
        let key = self.store().recovery_key();
        self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::Export, now)]).await?;
        Ok(RecoveryKeyView {
            groups: key.as_str().split('-').map(str::to_owned).collect(),
            device_id: self.store().device_id().to_string(),
        })
    }

    /// Records that the key was written down: `last_group` must be its last
    /// four characters (`recovery-key-not-confirmed` otherwise).
    pub async fn confirm_recovery_key(
        &self,
        actor: &Actor,
        last_group: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::ManageSettings)?;
        if !self.store().recovery_key().confirms(last_group) {
            return Err(AppError::new(ErrorCode::RecoveryKeyNotConfirmed));
        }
        self.store().set_local_value(CONFIRMED, &format!("{} {}", now.to_rfc3339(), actor.username)).await?;
        tracing::info!("recovery key confirmed");
        Ok(())
    }
}

/// Opens the store in `data_dir` with a typed recovery key and, when it
/// opens, saves the key in `keys` (the keyring) so the next start opens it
/// as before. The store file itself is only read.
pub async fn recover_store(data_dir: &Path, typed: &str, keys: &dyn KeyStore) -> Result<(), AppError> {
    Store::recover(&database_path(data_dir), typed, keys).await?;
    tracing::info!("store recovered with its recovery key");
    Ok(())
}
