//! Consults: requests, the pharmacist's queue and schedule, slots and hours.

use super::*;

#[tauri::command]
#[specta::specta]
pub async fn request_consult(state: State<'_, AppState>, request: ConsultRequestInput) -> Result<Consult, AppError> {
    let actor = state.actor().await?;
    state.app().await?.request_consult(&actor, request, Utc::now()).await
}

/// Pending requests for the signed-in pharmacist, most urgent and oldest first.
#[tauri::command]
#[specta::specta]
pub async fn consult_queue(state: State<'_, AppState>) -> Result<Vec<ConsultRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.consult_queue(&actor).await
}

/// The signed-in pharmacist's free times that suit the patient, earliest (the proposal) first, and a
/// colleague who speaks the patient's language when the pharmacist does not.
#[tauri::command]
#[specta::specta]
pub async fn consult_slot_options(state: State<'_, AppState>, consult_id: EntityId) -> Result<SlotOptions, AppError> {
    let actor = state.actor().await?;
    state.app().await?.consult_slot_options(&actor, consult_id, enlace_app::SLOT_OPTIONS_OFFERED, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn transition_consult(
    state: State<'_, AppState>,
    consult_id: EntityId,
    step: ConsultStep,
) -> Result<Consult, AppError> {
    let actor = state.actor().await?;
    state.app().await?.transition_consult(&actor, consult_id, &step, Utc::now()).await
}

/// The signed-in coordinator's requests, newest first.
#[tauri::command]
#[specta::specta]
pub async fn my_consult_requests(state: State<'_, AppState>) -> Result<Vec<ConsultRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.my_consult_requests(&actor).await
}

/// The signed-in pharmacist's consult hours, if set.
#[tauri::command]
#[specta::specta]
pub async fn my_availability(state: State<'_, AppState>) -> Result<Option<AvailabilityInput>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.my_availability(&actor).await
}

/// A patient's consults, newest first.
#[tauri::command]
#[specta::specta]
pub async fn patient_consults(state: State<'_, AppState>, patient_id: EntityId) -> Result<Vec<ConsultRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.consults_of_patient(&actor, patient_id).await
}

/// The signed-in pharmacist's consults, by slot.
#[tauri::command]
#[specta::specta]
pub async fn my_consults(state: State<'_, AppState>) -> Result<Vec<ConsultRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.my_consults(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_availability(state: State<'_, AppState>, availability: AvailabilityInput) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.set_availability(&actor, availability, Utc::now()).await
}
