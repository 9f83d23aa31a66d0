//! Updates with the Tauri updater, from the pharmacy's server: a check that
//! says what is offered, and an install the person asks for. The updater
//! verifies the installer's signature with the release key built into the
//! app before anything is installed, and that the signature was made for
//! the version announced; a bad signature installs nothing. (Its HTTPS
//! client trusts the system's certificate store: a pharmacy whose server
//! uses its own authority installs that authority on the computer.)

use tauri_plugin_updater::{Update, UpdaterExt};

use super::*;

/// The update last offered, kept for the install the person may ask for.
#[derive(Default)]
pub struct PendingUpdate(tokio::sync::Mutex<Option<Update>>);

impl std::fmt::Debug for PendingUpdate {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("PendingUpdate")
    }
}

/// Asks the pharmacy's server whether a newer Enlace is available for this
/// computer. `None` when there is none, or no server to ask.
#[tauri::command]
#[specta::specta]
pub async fn check_for_update(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<UpdateOffer>, AppError> {
    state.actor().await?;
    let Some(source) = state.app().await?.update_source().await? else { return Ok(None) };
    let failed = |error: tauri_plugin_updater::Error| {
        tracing::warn!(%error, "update check failed");
        AppError::new(ErrorCode::UpdateCheckFailed)
    };
    let endpoint = source.endpoint.parse().map_err(|_| AppError::new(ErrorCode::UpdateCheckFailed))?;
    let mut updater = app_handle
        .updater_builder()
        .endpoints(vec![endpoint])
        .map_err(failed)?
        .header("Authorization", source.authorization)
        .map_err(failed)?;
    if let Some(key) = crate::release_key_override() {
        updater = updater.pubkey(key);
    }
    let update = updater.build().map_err(failed)?.check().await.map_err(failed)?;
    let offer = update.as_ref().map(|update| UpdateOffer::new(&update.version, update.body.as_deref()));
    *pending.0.lock().await = update;
    Ok(offer)
}

/// Downloads the offered update, verifies its signature, installs it and
/// restarts Enlace. Refused (`update-refused`) when the signature does not
/// verify: nothing is installed.
#[tauri::command]
#[specta::specta]
pub async fn install_update(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<(), AppError> {
    state.actor().await?;
    let Some(update) = pending.0.lock().await.take() else {
        return Err(AppError::new(ErrorCode::UpdateCheckFailed));
    };
    let version = update.version.clone();
    match update.download_and_install(|_, _| {}, || {}).await {
        Ok(()) => {
            tracing::info!(%version, "update installed; restarting");
            state.close().await;
            app_handle.restart()
        }
        Err(
            error @ (tauri_plugin_updater::Error::Minisign(_)
            | tauri_plugin_updater::Error::SignatureUtf8(_)
            | tauri_plugin_updater::Error::Base64(_)
            | tauri_plugin_updater::Error::MissingSignedVersion
            | tauri_plugin_updater::Error::SignedVersionMismatch { .. }),
        ) => {
            tracing::error!(%error, %version, "update refused: its signature does not verify");
            Err(AppError::new(ErrorCode::UpdateRefused))
        }
        Err(error) => {
            tracing::error!(%error, %version, "update not installed");
            Err(AppError::new(ErrorCode::UpdateNotInstalled))
        }
    }
}
