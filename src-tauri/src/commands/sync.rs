//! The pharmacy's server: connecting, joining, notices and devices.

use super::*;

/// Where sync with the pharmacy's server stands.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncView, AppError> {
    state.sync_view().await
}

/// Registers this device with the pharmacy's server (supervisors) and starts syncing.
#[tauri::command]
#[specta::specta]
pub async fn connect_sync(state: State<'_, AppState>, input: ConnectInput) -> Result<SyncView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.connect_sync(&actor, input, Utc::now()).await?;
    state.restart_sync().await;
    state.sync_view().await
}

/// A new laptop with no users yet joins the pharmacy's server with a user's credentials.
#[tauri::command]
#[specta::specta]
pub async fn join_server(state: State<'_, AppState>, input: ConnectInput) -> Result<SyncView, AppError> {
    state.app().await?.join_server(input).await?;
    state.restart_sync().await;
    state.sync_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn disconnect_sync(state: State<'_, AppState>) -> Result<SyncView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.disconnect_sync(&actor).await?;
    state.restart_sync().await;
    state.sync_view().await
}

/// The signed-in user's changes that the server refused.
#[tauri::command]
#[specta::specta]
pub async fn sync_notices(state: State<'_, AppState>) -> Result<Vec<SyncNoticeView>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.sync_notices(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn dismiss_sync_notice(state: State<'_, AppState>, notice_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.dismiss_sync_notice(&actor, notice_id).await
}

/// The computers registered with the pharmacy's server (supervisors).
#[tauri::command]
#[specta::specta]
pub async fn sync_devices(state: State<'_, AppState>) -> Result<Vec<DeviceRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.sync_devices(&actor).await
}

/// Revokes a computer on the server: it can neither push nor pull any more.
#[tauri::command]
#[specta::specta]
pub async fn revoke_device(state: State<'_, AppState>, device_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.revoke_device(&actor, device_id, Utc::now()).await
}

/// Lets a computer that waits for approval push and pull (supervisors).
#[tauri::command]
#[specta::specta]
pub async fn approve_device(state: State<'_, AppState>, device_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.approve_device(&actor, device_id, Utc::now()).await
}
