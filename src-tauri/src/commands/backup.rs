//! A supervisor's backup from the window. The file is chosen in the
//! system's save dialog, opened from here rather than by the page, so the
//! window itself is never given a way to write where it likes.

use super::*;

/// Checks the passphrase, asks where to save (the system's save dialog),
/// and writes the backup there. `None` when the dialog was closed without
/// choosing a file.
#[tauri::command]
#[specta::specta]
pub async fn back_up_store(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    passphrase: String,
    confirmation: String,
) -> Result<Option<BackupMade>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let actor = state.actor().await?;
    let app = state.app().await?;
    // Refused before the dialog opens: nobody chooses a file for a backup that cannot be made.
    enlace_app::check_backup_request(&actor, &passphrase, &confirmation)?;
    let (chosen, answer) = tokio::sync::oneshot::channel();
    app_handle
        .dialog()
        .file()
        .set_file_name(format!("enlace-{}.enlace-backup", Utc::now().format("%Y-%m-%d")))
        .add_filter("Enlace", &["enlace-backup"])
        .save_file(move |path| {
            let _ = chosen.send(path.and_then(|path| path.into_path().ok()));
        });
    let Some(file) = answer.await.map_err(|_| AppError::new(ErrorCode::Internal))? else {
        return Ok(None);
    };
    app.back_up(&actor, &file, &passphrase, &confirmation, Utc::now()).await.map(Some)
}
