//! Users (supervisors manage them) and the audit trail.

use super::*;

/// Every user (supervisors only).
#[tauri::command]
#[specta::specta]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<User>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.users(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_user(state: State<'_, AppState>, user: NewUser) -> Result<User, AppError> {
    let actor = state.actor().await?;
    state.app().await?.add_user(&actor, user, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_user_active(state: State<'_, AppState>, user_id: EntityId, active: bool) -> Result<User, AppError> {
    let actor = state.actor().await?;
    state.app().await?.set_user_active(&actor, user_id, active, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn reset_password(state: State<'_, AppState>, user_id: EntityId, password: String) -> Result<User, AppError> {
    let actor = state.actor().await?;
    state.app().await?.reset_password(&actor, user_id, password, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn audit_trail(state: State<'_, AppState>, filter: AuditFilter) -> Result<Vec<AuditRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.audit_trail(&actor, &filter).await
}

/// Saves the audit events matching `filter` as CSV where the person chooses (the save dialog) and
/// returns the file's path; `None` when the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn export_audit(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Result<Option<String>, AppError> {
    let actor = state.actor().await?;
    let now = Utc::now();
    let name = format!("enlace-audit-{}.csv", now.format("%Y-%m-%d-%H%M"));
    let Some(path) = choose_save_path(&app_handle, &name, CSV_FILES).await? else { return Ok(None) };
    let csv = state.app().await?.audit_csv(&actor, &filter, now).await?;
    save_chosen(path, csv).await.map(Some)
}
