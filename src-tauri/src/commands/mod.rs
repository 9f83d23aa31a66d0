//! The window's commands, one file per area as `enlace_app` has them. Each
//! is a line into [`enlace_app::App`]; the TypeScript bindings in
//! `ui/src/bindings.ts` are generated from [`specta_builder`]'s list. The
//! imports below serve every area (each file reads them with `use super::*`).

use chrono::Utc;
use enlace_app::{
    AdherenceRow, AppError, AuditFilter, AuditRow, AvailabilityInput, BackupMade, CallListOverview, CallListPage,
    CallRecordInput, CallerLookup, ConnectInput, ConsultRequestInput, ConsultRow, ConsultStep, ContactCorrection,
    DeviceRow, DraftSummary, DraftView, DuplicateDecision, ErrorCode, ExceptionQueue, FlagInput, ImportPreview,
    ImportProgress, ImportReport, NewUser, PatientDetail, PatientSearch, Preferences, ProductivityReport, RecordedCall,
    RecoveryKeyView, SlotOptions, SubmitOutcome, SyncNoticeView, SyncView, UpdateOffer, WebRequestRow,
    WorkWebRequestInput,
};
use enlace_domain::import::ColumnMapping;
use enlace_domain::{
    CallListFilter, Consult, ContactConsents, ContactForm, DrugPdc, EnrollmentForm, EntityId, ExceptionOutcome,
    Language, PharmacySettings, ReportPeriod, User,
};
use tauri::ipc::Channel;
use tauri::{Manager, State};

pub use calls::ChosenReport;
pub use updates::PendingUpdate;

use crate::crash::CrashNotice;
use crate::state::{AppState, SessionView};

mod backup;
mod calls;
mod consults;
mod desk;
mod enrollment;
mod patients;
mod session;
mod setup;
mod support;
mod sync;
mod tasks;
mod updates;
mod users;

/// The CSV exports' file kind in the save dialog.
const CSV_FILES: (&str, &str) = ("CSV", "csv");

/// Asks where to save a file suggested as `name` (of `kind`: the filter's name and extension): the
/// system's save dialog, opened in the user's Downloads folder (home if none). `None` when the
/// person closed it without choosing. The dialog is opened from here, never by the page, so the
/// window is never given a way to write where it likes.
async fn choose_save_path(
    app_handle: &tauri::AppHandle,
    name: &str,
    (kind, extension): (&str, &str),
) -> Result<Option<std::path::PathBuf>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let folder = app_handle.path().download_dir().or_else(|_| app_handle.path().home_dir()).ok();
    let (chosen, answer) = tokio::sync::oneshot::channel();
    let mut dialog = app_handle.dialog().file().set_file_name(name).add_filter(kind, &[extension]);
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    dialog.save_file(move |path| {
        let _ = chosen.send(path.and_then(|path| path.into_path().ok()));
    });
    answer.await.map_err(|_| AppError::new(ErrorCode::ExportFailed))
}

/// Asks which file of `kind` (the filter's name and extension) to open: the system's open dialog, in
/// the user's Documents folder (home if none). `None` when the person closed it without choosing.
async fn choose_open_path(
    app_handle: &tauri::AppHandle,
    (kind, extension): (&str, &str),
) -> Result<Option<std::path::PathBuf>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let folder = app_handle.path().document_dir().or_else(|_| app_handle.path().home_dir()).ok();
    let (chosen, answer) = tokio::sync::oneshot::channel();
    let mut dialog = app_handle.dialog().file().add_filter(kind, &[extension]);
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    dialog.pick_file(move |path| {
        let _ = chosen.send(path.and_then(|path| path.into_path().ok()));
    });
    answer.await.map_err(|_| AppError::new(ErrorCode::ImportUnreadable))
}

/// Writes `contents` where the person chose, never over an existing file (the next free name in
/// that folder instead: `calls.csv` becomes `calls (2).csv`), readable by its owner only; returns
/// the path written.
async fn save_chosen(path: std::path::PathBuf, contents: String) -> Result<String, AppError> {
    let failed = || AppError::new(ErrorCode::ExportFailed);
    let folder = path.parent().map(std::path::Path::to_path_buf).ok_or_else(failed)?;
    let name = path.file_name().and_then(|name| name.to_str()).map(str::to_owned).ok_or_else(failed)?;
    let written = tokio::task::spawn_blocking(move || enlace_app::write_new_file(&folder, &name, contents.as_bytes()))
        .await
        .map_err(|_| failed())?
        .map_err(|_| failed())?;
    Ok(written.display().to_string())
}

/// Every command, for Tauri's invoke handler and for the TypeScript bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    // Payloads only ever travel Rust → UI serialized, or UI → Rust as plain
    // arguments: one TypeScript type per Rust type is the truth.
    // The problem enums travel inside an error's arguments, so no command names them.
    tauri_specta::Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .typ::<enlace_domain::SettingsProblem>()
        .typ::<enlace_domain::AvailabilityProblem>()
        .typ::<enlace_domain::TaskProblem>()
        .commands(tauri_specta::collect_commands![
            session::retry_open,
            session::recover_store,
            session::recovery_key,
            session::confirm_recovery_key,
            support::crash_notice,
            support::dismiss_crash_notice,
            support::open_logs_folder,
            backup::back_up_store,
            updates::check_for_update,
            updates::install_update,
            session::session_state,
            session::create_first_supervisor,
            session::sign_in,
            session::unlock,
            session::lock_session,
            session::sign_out,
            session::touch_session,
            consults::request_consult,
            consults::consult_queue,
            consults::consult_slot_options,
            consults::transition_consult,
            consults::my_consult_requests,
            consults::my_consults,
            consults::patient_consults,
            consults::my_availability,
            consults::set_availability,
            users::list_users,
            users::add_user,
            users::set_user_active,
            users::reset_password,
            session::set_own_pin,
            users::audit_trail,
            users::export_audit,
            session::get_preferences,
            session::set_ui_locale,
            setup::get_pharmacy,
            setup::pharmacy_defaults,
            setup::set_up_pharmacy,
            setup::update_pharmacy,
            calls::call_list_page,
            calls::call_list_overview,
            calls::record_call,
            calls::preview_import,
            patients::find_caller,
            patients::take_caller_link,
            calls::choose_refill_report,
            calls::import_refills,
            calls::cancel_import,
            calls::export_day,
            patients::patient_detail,
            patients::search_patients,
            enrollment::blank_enrollment,
            enrollment::save_enrollment_draft,
            enrollment::record_enrollment_consent,
            enrollment::enrollment_draft,
            enrollment::enrollment_drafts,
            enrollment::discard_enrollment_draft,
            enrollment::submit_enrollment,
            patients::revoke_consent,
            sync::sync_status,
            sync::connect_sync,
            sync::join_server,
            sync::disconnect_sync,
            sync::sync_notices,
            sync::dismiss_sync_notice,
            desk::web_requests,
            desk::close_web_request,
            desk::match_web_request,
            desk::work_web_request,
            desk::flag_for_supervisor,
            desk::exception_queue,
            desk::assign_exception,
            desk::resolve_exception,
            patients::correct_patient,
            desk::productivity_report,
            desk::export_productivity,
            patients::patient_adherence,
            desk::non_adherent_patients,
            sync::sync_devices,
            sync::revoke_device,
            sync::approve_device,
            desk::perf_mark,
            tasks::create_task,
            tasks::take_task_step,
            tasks::my_tasks,
            tasks::task_people,
            tasks::escalated_tasks,
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

    /// Every command registered for the window is granted by its capability,
    /// and the capability grants nothing else (`build.rs` reads its list there).
    #[test]
    fn the_capability_grants_exactly_the_registered_commands() {
        let fresh = tempfile::tempdir().unwrap().keep().join("bindings.ts");
        super::export_bindings(&fresh).unwrap();
        let bindings = std::fs::read_to_string(&fresh).unwrap();
        let mut registered: Vec<String> = bindings
            .split("__TAURI_INVOKE")
            .skip(1)
            // `__TAURI_INVOKE("name", …)` or `__TAURI_INVOKE<void>("name")`, not the import line.
            .filter(|call| call.starts_with(['(', '<']))
            .filter_map(|call| call.split('"').nth(1))
            .map(|name| format!("allow-{}", name.replace('_', "-")))
            .collect();
        let capability =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json")).unwrap();
        let mut granted: Vec<String> =
            capability.split('"').filter(|token| token.starts_with("allow-")).map(str::to_owned).collect();
        registered.sort();
        granted.sort();
        assert!(!registered.is_empty());
        assert_eq!(registered, granted);
    }

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
