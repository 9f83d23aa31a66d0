//! The supervisor's desk: web requests, flags, the exception queue, reports (and the window's performance marks).

use super::*;

/// Requests from the pharmacy's website that nobody has handled yet.
#[tauri::command]
#[specta::specta]
pub async fn web_requests(state: State<'_, AppState>) -> Result<Vec<WebRequestRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.web_requests(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn close_web_request(state: State<'_, AppState>, request_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.close_web_request(&actor, request_id, Utc::now()).await
}

/// Matches a web request to a patient (when its details did not).
#[tauri::command]
#[specta::specta]
pub async fn match_web_request(
    state: State<'_, AppState>,
    request_id: EntityId,
    patient_id: EntityId,
) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.match_web_request(&actor, request_id, patient_id, Utc::now()).await
}

/// Records the contact a web request led to; reaching the patient closes it.
#[tauri::command]
#[specta::specta]
pub async fn work_web_request(state: State<'_, AppState>, input: WorkWebRequestInput) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.work_web_request(&actor, input, Utc::now()).await
}

/// A coordinator's "flag for supervisor"; returns the new item's id.
#[tauri::command]
#[specta::specta]
pub async fn flag_for_supervisor(state: State<'_, AppState>, input: FlagInput) -> Result<EntityId, AppError> {
    let actor = state.actor().await?;
    state.app().await?.flag_for_supervisor(&actor, input, Utc::now()).await
}

/// The exception queue: everything for a supervisor, what is assigned to them for a coordinator.
#[tauri::command]
#[specta::specta]
pub async fn exception_queue(state: State<'_, AppState>) -> Result<ExceptionQueue, AppError> {
    let actor = state.actor().await?;
    state.app().await?.exception_queue(&actor, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn assign_exception(
    state: State<'_, AppState>,
    exception_id: EntityId,
    assignee: Option<String>,
) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.assign_exception(&actor, exception_id, assignee, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_exception(
    state: State<'_, AppState>,
    exception_id: EntityId,
    outcome: ExceptionOutcome,
    note: String,
    new_number: Option<String>,
) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.resolve_exception(&actor, exception_id, outcome, note, new_number, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn productivity_report(
    state: State<'_, AppState>,
    period: ReportPeriod,
) -> Result<ProductivityReport, AppError> {
    let actor = state.actor().await?;
    state.app().await?.productivity_report(&actor, period, Utc::now()).await
}

/// Saves the productivity report as CSV where the person chooses (the save dialog) and returns the
/// path; `None` when the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn export_productivity(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    period: ReportPeriod,
) -> Result<Option<String>, AppError> {
    let actor = state.actor().await?;
    let now = Utc::now();
    let name = format!("enlace-productivity-{}.csv", now.format("%Y-%m-%d-%H%M"));
    let Some(path) = choose_save_path(&app_handle, &name, CSV_FILES).await? else { return Ok(None) };
    let csv = state.app().await?.productivity_csv(&actor, period, now).await?;
    save_chosen(path, csv).await.map(Some)
}

#[tauri::command]
#[specta::specta]
pub async fn non_adherent_patients(state: State<'_, AppState>) -> Result<Vec<AdherenceRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.non_adherent_patients(&actor, Utc::now()).await
}

/// The window reached a stage the performance harness times (first paint,
/// call list painted, a language switch repainted in `milliseconds`).
/// Writes nothing unless the harness asked for marks.
#[tauri::command]
#[specta::specta]
pub async fn perf_mark(stage: String, milliseconds: Option<f64>) -> Result<(), AppError> {
    let known = ["first-paint", "call-list", "locale-switch"];
    if known.contains(&stage.as_str()) {
        crate::perf::mark(&stage, milliseconds);
    }
    Ok(())
}
