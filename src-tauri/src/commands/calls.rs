//! The call list, documenting calls, the day's export, and importing refill reports.

use std::sync::Arc;

use super::*;

#[tauri::command]
#[specta::specta]
pub async fn call_list_page(
    state: State<'_, AppState>,
    filter: CallListFilter,
    offset: u32,
    limit: u32,
) -> Result<CallListPage, AppError> {
    let actor = state.actor().await?;
    state.app().await?.call_list_page(&actor, Utc::now(), &filter, offset, limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn call_list_overview(state: State<'_, AppState>) -> Result<CallListOverview, AppError> {
    let actor = state.actor().await?;
    state.app().await?.call_list_overview(&actor, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn record_call(state: State<'_, AppState>, call: CallRecordInput) -> Result<RecordedCall, AppError> {
    let actor = state.actor().await?;
    state.app().await?.record_call(&actor, call, Utc::now()).await
}

/// The refill report the person chose in the open dialog, held here so its text never travels to the
/// window and back: the window previews and imports it by asking, and never names a path to read.
#[derive(Default)]
pub struct ChosenReport(tokio::sync::Mutex<Option<Arc<[u8]>>>);

impl std::fmt::Debug for ChosenReport {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("ChosenReport")
    }
}

impl ChosenReport {
    async fn contents(&self) -> Result<Arc<[u8]>, AppError> {
        self.0.lock().await.clone().ok_or_else(|| AppError::new(ErrorCode::ImportUnreadable))
    }
}

/// A refill report chosen in the open dialog: its file name and what importing it would do.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChosenRefillReport {
    pub file_name: String,
    pub preview: ImportPreview,
}

/// Asks which refill report to import (the system's open dialog, opened from here) and previews it
/// with the saved column mapping and suggestions. `None` when the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn choose_refill_report(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenReport>,
) -> Result<Option<ChosenRefillReport>, AppError> {
    let actor = state.actor().await?;
    let app = state.app().await?;
    // Asked before the dialog opens, so a coordinator is told at once and not after choosing a file.
    actor.require(enlace_domain::Action::ImportRefills)?;
    let Some(path) = choose_open_path(&app_handle, CSV_FILES).await? else { return Ok(None) };
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let contents: Arc<[u8]> = match tokio::fs::read(&path).await {
        Ok(contents) => contents.into(),
        Err(error) => {
            tracing::warn!(kind = ?error.kind(), "the chosen refill report could not be read");
            return Err(AppError::new(ErrorCode::ImportUnreadable));
        }
    };
    let preview = app.preview_import(&actor, &contents, None, Utc::now()).await?;
    *chosen.0.lock().await = Some(contents);
    Ok(Some(ChosenRefillReport { file_name, preview }))
}

/// What importing the chosen refill report would do with `mapping` (else the saved one and suggestions).
#[tauri::command]
#[specta::specta]
pub async fn preview_import(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenReport>,
    mapping: Option<ColumnMapping>,
) -> Result<ImportPreview, AppError> {
    let actor = state.actor().await?;
    let contents = chosen.contents().await?;
    state.app().await?.preview_import(&actor, &contents, mapping, Utc::now()).await
}

/// Imports the chosen refill report, telling `on_progress` where it stands until it
/// is done or [`cancel_import`] stops it (then nothing of it is written).
#[tauri::command]
#[specta::specta]
pub async fn import_refills(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenReport>,
    mapping: Option<ColumnMapping>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, AppError> {
    let actor = state.actor().await?;
    let app = state.app().await?;
    let contents = chosen.contents().await?;
    let running = state.begin_import()?;
    // A window closed meanwhile stops listening; the import goes on regardless.
    let mut progress = |progress: &ImportProgress| drop(on_progress.send(progress.clone()));
    let report =
        app.import_refills_watched(&actor, &contents, mapping, Utc::now(), &mut progress, &running.cancel).await?;
    // Imported, the report's patients are in the store: the copy in memory is let go.
    *chosen.0.lock().await = None;
    Ok(report)
}

/// Stops the running import before it commits anything.
#[tauri::command]
#[specta::specta]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}

/// Saves today's list and outcomes as CSV where the person chooses (the save dialog) and returns the
/// file's path; `None` when the dialog was closed (nothing exported, nothing audited).
#[tauri::command]
#[specta::specta]
pub async fn export_day(app_handle: tauri::AppHandle, state: State<'_, AppState>) -> Result<Option<String>, AppError> {
    let actor = state.actor().await?;
    let now = Utc::now();
    let name = format!("enlace-calls-{}.csv", now.format("%Y-%m-%d-%H%M"));
    let Some(path) = choose_save_path(&app_handle, &name, CSV_FILES).await? else { return Ok(None) };
    let csv = state.app().await?.export_day_csv(&actor, now).await?;
    save_chosen(path, csv).await.map(Some)
}
