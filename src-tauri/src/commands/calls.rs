//! The call list, documenting calls, the day's export, and importing refill reports.

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

/// What importing the refill report the user picked would do, with `mapping`
/// (else the saved one and suggestions). The window reads the file and sends its text.
#[tauri::command]
#[specta::specta]
pub async fn preview_import(
    state: State<'_, AppState>,
    csv: String,
    mapping: Option<ColumnMapping>,
) -> Result<ImportPreview, AppError> {
    let actor = state.actor().await?;
    state.app().await?.preview_import(&actor, csv.as_bytes(), mapping, Utc::now()).await
}

/// Imports a refill report, telling `on_progress` where it stands until it
/// is done or [`cancel_import`] stops it (then nothing of it is written).
#[tauri::command]
#[specta::specta]
pub async fn import_refills(
    state: State<'_, AppState>,
    csv: String,
    mapping: Option<ColumnMapping>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, AppError> {
    let actor = state.actor().await?;
    let app = state.app().await?;
    let running = state.begin_import()?;
    // A window closed meanwhile stops listening; the import goes on regardless.
    let mut progress = |progress: &ImportProgress| drop(on_progress.send(progress.clone()));
    app.import_refills_watched(&actor, csv.as_bytes(), mapping, Utc::now(), &mut progress, &running.cancel).await
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
