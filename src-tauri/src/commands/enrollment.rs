//! Enrollment drafts, their consent and their submission.

use super::*;

/// An empty enrollment form for a patient who speaks `language`.
#[tauri::command]
#[specta::specta]
pub async fn blank_enrollment(state: State<'_, AppState>, language: Language) -> Result<EnrollmentForm, AppError> {
    let actor = state.actor().await?;
    state.app().await?.blank_enrollment(&actor, language)
}

/// Saves the form as typed (a new draft when `draft_id` is null) and returns its problems.
#[tauri::command]
#[specta::specta]
pub async fn save_enrollment_draft(
    state: State<'_, AppState>,
    draft_id: Option<EntityId>,
    form: EnrollmentForm,
) -> Result<DraftView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.save_enrollment_draft(&actor, draft_id, form, Utc::now()).await
}

/// Records the patient's verbal consent to the channels the form marks, read in their language.
#[tauri::command]
#[specta::specta]
pub async fn record_enrollment_consent(
    state: State<'_, AppState>,
    draft_id: Option<EntityId>,
    form: EnrollmentForm,
) -> Result<DraftView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.record_enrollment_consent(&actor, draft_id, form, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn enrollment_draft(state: State<'_, AppState>, draft_id: EntityId) -> Result<DraftView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.enrollment_draft(&actor, draft_id, Utc::now()).await
}

/// Open enrollment drafts, most recently changed first.
#[tauri::command]
#[specta::specta]
pub async fn enrollment_drafts(state: State<'_, AppState>) -> Result<Vec<DraftSummary>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.enrollment_drafts(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn discard_enrollment_draft(state: State<'_, AppState>, draft_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.discard_enrollment_draft(&actor, draft_id, Utc::now()).await
}

/// Creates the patient from the draft, or says why not yet (problems, a likely duplicate).
#[tauri::command]
#[specta::specta]
pub async fn submit_enrollment(
    state: State<'_, AppState>,
    draft_id: EntityId,
    form: EnrollmentForm,
    decision: Option<DuplicateDecision>,
) -> Result<SubmitOutcome, AppError> {
    let actor = state.actor().await?;
    state.app().await?.submit_enrollment(&actor, draft_id, form, decision, Utc::now()).await
}
