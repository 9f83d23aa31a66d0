//! The window's commands. Each one is a line into [`enlace_app::App`]; the
//! TypeScript bindings in `ui/src/bindings.ts` are generated from this list.

use chrono::Utc;
use enlace_app::{
    AppError, CallListOverview, CallListPage, CallRecordInput, ErrorCode, ImportReport, PatientDetail, PatientSearch,
    Preferences, RecordedCall,
};
use enlace_domain::{CallListFilter, EntityId, Language, PharmacySettings};
use tauri::{Manager, State};

use crate::state::AppState;

/// Opens the store again after it failed to open (e.g. once the keyring entry is restored).
#[tauri::command]
#[specta::specta]
pub async fn retry_open(state: State<'_, AppState>) -> Result<(), AppError> {
    state.retry_open().await
}

#[tauri::command]
#[specta::specta]
pub async fn get_preferences(state: State<'_, AppState>) -> Result<Preferences, AppError> {
    state.app().await?.preferences().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_ui_locale(state: State<'_, AppState>, locale: Language) -> Result<Preferences, AppError> {
    state.app().await?.set_ui_locale(locale).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_pharmacy(state: State<'_, AppState>) -> Result<PharmacySettings, AppError> {
    state.app().await?.pharmacy().await
}

#[tauri::command]
#[specta::specta]
pub async fn call_list_page(
    state: State<'_, AppState>,
    filter: CallListFilter,
    offset: u32,
    limit: u32,
) -> Result<CallListPage, AppError> {
    state.app().await?.call_list_page(Utc::now(), &filter, offset, limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn call_list_overview(state: State<'_, AppState>) -> Result<CallListOverview, AppError> {
    state.app().await?.call_list_overview(Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn record_call(state: State<'_, AppState>, call: CallRecordInput) -> Result<RecordedCall, AppError> {
    state.app().await?.record_call(call, &operator_name(), Utc::now()).await
}

/// Imports a refill report the user picked; the window reads the file and sends its text.
#[tauri::command]
#[specta::specta]
pub async fn import_refills(state: State<'_, AppState>, csv: String) -> Result<ImportReport, AppError> {
    state.app().await?.import_refills(csv.as_bytes(), Utc::now()).await
}

/// Saves today's list and outcomes as CSV in the user's Downloads folder and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_day(app_handle: tauri::AppHandle, state: State<'_, AppState>) -> Result<String, AppError> {
    let now = Utc::now();
    let csv = state.app().await?.export_day_csv(now).await?;
    let folder = app_handle
        .path()
        .download_dir()
        .or_else(|_| app_handle.path().home_dir())
        .map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
    let path = folder.join(format!("enlace-calls-{}.csv", now.format("%Y-%m-%d-%H%M")));
    tokio::fs::create_dir_all(&folder).await.map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
    tokio::fs::write(&path, csv).await.map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
    Ok(path.display().to_string())
}

/// Who documents a call until users sign in: the operating-system account.
fn operator_name() -> String {
    ["USER", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .unwrap_or_else(|| "coordinator".to_owned())
}

#[tauri::command]
#[specta::specta]
pub async fn patient_detail(state: State<'_, AppState>, patient_id: EntityId) -> Result<PatientDetail, AppError> {
    state.app().await?.patient_detail(patient_id, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_patients(state: State<'_, AppState>, query: String) -> Result<PatientSearch, AppError> {
    state.app().await?.search_patients(&query).await
}

/// Every command, for Tauri's invoke handler and for the TypeScript bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    // Payloads only ever travel Rust → UI serialized, or UI → Rust as plain
    // arguments: one TypeScript type per Rust type is the truth.
    tauri_specta::Builder::<tauri::Wry>::new().disable_serde_phases().commands(tauri_specta::collect_commands![
        retry_open,
        get_preferences,
        set_ui_locale,
        get_pharmacy,
        call_list_page,
        call_list_overview,
        record_call,
        import_refills,
        export_day,
        patient_detail,
        search_patients,
    ])
}

/// Writes the TypeScript bindings for every command and payload to `path`.
pub fn export_bindings(path: &std::path::Path) -> anyhow::Result<()> {
    let typescript = specta_typescript::Typescript::default()
        .header("// Generated from the Rust commands by `cargo xtask bindings`. Do not edit.\n/* eslint-disable */");
    specta_builder().export(typescript, path).map_err(|error| anyhow::anyhow!("{error}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_committed_typescript_bindings_are_up_to_date() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let fresh = tempfile::tempdir().unwrap().keep().join("bindings.ts");
        super::export_bindings(&fresh).unwrap();
        let fresh_text = std::fs::read_to_string(&fresh).unwrap();
        let committed_text = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(fresh_text == committed_text, "ui/src/bindings.ts is stale: run `cargo xtask bindings`");
    }
}
