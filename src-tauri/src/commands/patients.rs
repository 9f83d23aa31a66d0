//! A patient's page: the record, search, corrections, consent and adherence.

use super::*;

/// The caller's number an `enlace://call` link brought, once (`None` when none waits).
#[tauri::command]
#[specta::specta]
pub async fn take_caller_link(
    state: State<'_, AppState>,
    link: State<'_, crate::caller_link::CallerLink>,
) -> Result<Option<String>, AppError> {
    // Kept for a signed-in, unlocked window: the lock screen does not say who is calling.
    state.actor().await?;
    Ok(link.take())
}

/// The records the caller's number (as typed, in any format) is on.
#[tauri::command]
#[specta::specta]
pub async fn find_caller(state: State<'_, AppState>, number: String) -> Result<CallerLookup, AppError> {
    let actor = state.actor().await?;
    state.app().await?.find_caller(&actor, &number).await
}

#[tauri::command]
#[specta::specta]
pub async fn patient_detail(state: State<'_, AppState>, patient_id: EntityId) -> Result<PatientDetail, AppError> {
    let actor = state.actor().await?;
    state.app().await?.patient_detail(&actor, patient_id, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_patients(state: State<'_, AppState>, query: String) -> Result<PatientSearch, AppError> {
    let actor = state.actor().await?;
    state.app().await?.search_patients(&actor, &query).await
}

/// Records that the patient took back consent; `remaining` is what they still allow.
#[tauri::command]
#[specta::specta]
pub async fn revoke_consent(
    state: State<'_, AppState>,
    patient_id: EntityId,
    remaining: ContactConsents,
) -> Result<ContactConsents, AppError> {
    let actor = state.actor().await?;
    state.app().await?.revoke_consent(&actor, patient_id, remaining, Utc::now()).await
}

/// Corrects a patient's contact record (coordinators and supervisors).
#[tauri::command]
#[specta::specta]
pub async fn correct_patient(
    state: State<'_, AppState>,
    patient_id: EntityId,
    form: ContactForm,
) -> Result<ContactCorrection, AppError> {
    let actor = state.actor().await?;
    state.app().await?.correct_patient(&actor, patient_id, form, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn patient_adherence(state: State<'_, AppState>, patient_id: EntityId) -> Result<Vec<DrugPdc>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.patient_adherence(&actor, patient_id, Utc::now()).await
}
