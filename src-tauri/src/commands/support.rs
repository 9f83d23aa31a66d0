//! After a crash: the notice the next start shows, and the logs folder opened for IT.

use super::*;

/// Crash reports written since they were last offered, if any.
#[tauri::command]
#[specta::specta]
pub async fn crash_notice(state: State<'_, AppState>) -> Result<Option<CrashNotice>, AppError> {
    Ok(crate::crash::notice(&state.log_dir()))
}

/// The crash notice was read: the next start does not show it again.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_crash_notice(state: State<'_, AppState>) -> Result<(), AppError> {
    crate::crash::dismiss(&state.log_dir()).map_err(|_| AppError::new(ErrorCode::Internal))
}

/// Opens the logs folder in the system's file manager.
#[tauri::command]
#[specta::specta]
pub async fn open_logs_folder(app_handle: tauri::AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    app_handle
        .opener()
        .open_path(state.log_dir().display().to_string(), None::<&str>)
        .map_err(|_| AppError::new(ErrorCode::Internal))
}
