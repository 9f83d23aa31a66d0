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
    let actor = state.actor().await?;
    let app = state.app().await?;
    // Refused before the dialog opens: nobody chooses a file for a backup that cannot be made.
    enlace_app::check_backup_request(&actor, &passphrase, &confirmation)?;
    let name = format!("enlace-{}.enlace-backup", Utc::now().format("%Y-%m-%d"));
    let Some(file) = choose_save_path(&app_handle, &name, ("Enlace", "enlace-backup")).await? else {
        return Ok(None);
    };
    app.back_up(&actor, &file, &passphrase, &confirmation, Utc::now()).await.map(Some)
}
