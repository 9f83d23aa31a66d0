//! The pharmacy: its setup and its settings.

use super::*;

#[tauri::command]
#[specta::specta]
pub async fn get_pharmacy(state: State<'_, AppState>) -> Result<PharmacySettings, AppError> {
    state.app().await?.pharmacy().await
}

/// What the setup screen starts from: the defaults, in the zone the computer suggests.
#[tauri::command]
#[specta::specta]
pub fn pharmacy_defaults(suggested_zone: Option<String>) -> PharmacySettings {
    enlace_app::pharmacy_defaults(suggested_zone.as_deref())
}

/// Creates the pharmacy on its first day (supervisors only, once).
#[tauri::command]
#[specta::specta]
pub async fn set_up_pharmacy(
    state: State<'_, AppState>,
    settings: PharmacySettings,
) -> Result<PharmacySettings, AppError> {
    let actor = state.actor().await?;
    state.app().await?.set_up_pharmacy(&actor, settings, Utc::now()).await
}

/// Saves the pharmacy's settings (supervisors only).
#[tauri::command]
#[specta::specta]
pub async fn update_pharmacy(
    state: State<'_, AppState>,
    settings: PharmacySettings,
) -> Result<PharmacySettings, AppError> {
    let actor = state.actor().await?;
    state.app().await?.update_pharmacy(&actor, settings, Utc::now()).await
}
