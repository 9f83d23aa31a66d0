//! Signing in and out, the lock, the PIN, and the interface language.

use super::*;

/// Opens the store again after it failed to open (e.g. once the keyring entry is restored).
#[tauri::command]
#[specta::specta]
pub async fn retry_open(state: State<'_, AppState>) -> Result<(), AppError> {
    state.retry_open().await
}

/// Opens a store whose key the keyring lost, with the recovery key a supervisor wrote down.
#[tauri::command]
#[specta::specta]
pub async fn recover_store(state: State<'_, AppState>, recovery_key: String) -> Result<(), AppError> {
    state.recover(&recovery_key).await
}

/// This computer's recovery key, for a supervisor, until it is confirmed written down.
#[tauri::command]
#[specta::specta]
pub async fn recovery_key(state: State<'_, AppState>) -> Result<RecoveryKeyView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.recovery_key(&actor, Utc::now()).await
}

/// Confirms the recovery key was written down by typing its last group back.
#[tauri::command]
#[specta::specta]
pub async fn confirm_recovery_key(state: State<'_, AppState>, last_group: String) -> Result<SessionView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.confirm_recovery_key(&actor, &last_group, Utc::now()).await?;
    state.view().await
}

/// Who is signed in, whether the session is locked, and whether the pharmacy still needs its first user.
#[tauri::command]
#[specta::specta]
pub async fn session_state(state: State<'_, AppState>) -> Result<SessionView, AppError> {
    state.view().await
}

#[tauri::command]
#[specta::specta]
pub async fn create_first_supervisor(state: State<'_, AppState>, user: NewUser) -> Result<SessionView, AppError> {
    let password = user.password.clone();
    let user = state.app().await?.create_first_supervisor(user, Utc::now()).await?;
    state.signed_in_with_password(user, &password).await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(state: State<'_, AppState>, username: String, password: String) -> Result<SessionView, AppError> {
    let user = state.app().await?.sign_in(&username, &password, Utc::now()).await?;
    state.signed_in_with_password(user, &password).await
}

/// Unlocks the locked session with the signed-in user's password or PIN.
#[tauri::command]
#[specta::specta]
pub async fn unlock(state: State<'_, AppState>, secret: String) -> Result<SessionView, AppError> {
    state.unlock(&secret).await
}

#[tauri::command]
#[specta::specta]
pub async fn lock_session(state: State<'_, AppState>) -> Result<SessionView, AppError> {
    state.lock().await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> Result<SessionView, AppError> {
    state.sign_out().await
}

/// The window saw keyboard or mouse activity: the session is not idle.
#[tauri::command]
#[specta::specta]
pub async fn touch_session(state: State<'_, AppState>) -> Result<SessionView, AppError> {
    state.touch().await
}

/// Sets (or with `null` removes) the signed-in user's own quick-unlock PIN.
#[tauri::command]
#[specta::specta]
pub async fn set_own_pin(state: State<'_, AppState>, pin: Option<String>) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.set_pin(&actor, pin, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_preferences(state: State<'_, AppState>) -> Result<Preferences, AppError> {
    state.app().await?.preferences().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_ui_locale(state: State<'_, AppState>, locale: Language) -> Result<Preferences, AppError> {
    let signed_in = state.actor().await.ok();
    state.app().await?.choose_ui_locale(signed_in.as_ref(), locale, Utc::now()).await
}
