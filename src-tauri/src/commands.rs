//! The window's commands. Each one is a line into [`enlace_app::App`]; the
//! TypeScript bindings in `ui/src/bindings.ts` are generated from this list.

use chrono::Utc;
use enlace_app::{
    AdherenceRow, AppError, AuditFilter, AuditRow, AvailabilityInput, CallListOverview, CallListPage, CallRecordInput,
    ConnectInput, ConsultRequestInput, ConsultRow, ConsultStep, ContactCorrection, DeviceRow, DraftSummary, DraftView,
    DuplicateDecision, ErrorCode, ExceptionQueue, FlagInput, ImportPreview, ImportProgress, ImportReport, NewUser,
    PatientDetail, PatientSearch, Preferences, ProductivityReport, RecordedCall, SlotOptions, SubmitOutcome,
    SyncNoticeView, SyncView, WebRequestRow, WorkWebRequestInput,
};
use enlace_domain::import::ColumnMapping;
use enlace_domain::{
    CallListFilter, Consult, ContactConsents, ContactForm, DrugPdc, EnrollmentForm, EntityId, ExceptionOutcome,
    Language, PharmacySettings, ReportPeriod, User,
};
use tauri::ipc::Channel;
use tauri::{Manager, State};

use crate::state::{AppState, SessionView};

/// Times offered when a pharmacist accepts or moves a consult.
const SLOT_OPTIONS_SHOWN: u32 = 8;

/// Opens the store again after it failed to open (e.g. once the keyring entry is restored).
#[tauri::command]
#[specta::specta]
pub async fn retry_open(state: State<'_, AppState>) -> Result<(), AppError> {
    state.retry_open().await
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
    state.app().await?.consult_slot_options(&actor, consult_id, SLOT_OPTIONS_SHOWN, Utc::now()).await
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

/// Every user (supervisors only).
#[tauri::command]
#[specta::specta]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<User>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.users(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_user(state: State<'_, AppState>, user: NewUser) -> Result<User, AppError> {
    let actor = state.actor().await?;
    state.app().await?.add_user(&actor, user, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_user_active(state: State<'_, AppState>, user_id: EntityId, active: bool) -> Result<User, AppError> {
    let actor = state.actor().await?;
    state.app().await?.set_user_active(&actor, user_id, active, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn reset_password(state: State<'_, AppState>, user_id: EntityId, password: String) -> Result<User, AppError> {
    let actor = state.actor().await?;
    state.app().await?.reset_password(&actor, user_id, password, Utc::now()).await
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
pub async fn audit_trail(state: State<'_, AppState>, filter: AuditFilter) -> Result<Vec<AuditRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.audit_trail(&actor, &filter).await
}

/// Saves the audit events matching `filter` as CSV in the Downloads folder and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_audit(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Result<String, AppError> {
    let actor = state.actor().await?;
    let now = Utc::now();
    let csv = state.app().await?.audit_csv(&actor, &filter, now).await?;
    save_download(&app_handle, &format!("enlace-audit-{}.csv", now.format("%Y-%m-%d-%H%M")), csv).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_preferences(state: State<'_, AppState>) -> Result<Preferences, AppError> {
    state.app().await?.preferences().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_ui_locale(state: State<'_, AppState>, locale: Language) -> Result<Preferences, AppError> {
    let app = state.app().await?;
    // Signed in, the choice also follows the user to whichever computer they use next.
    if let Ok(actor) = state.actor().await {
        app.set_own_ui_locale(&actor, locale, Utc::now()).await?;
    }
    app.set_ui_locale(locale).await
}

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

/// Saves today's list and outcomes as CSV in the user's Downloads folder and returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_day(app_handle: tauri::AppHandle, state: State<'_, AppState>) -> Result<String, AppError> {
    let actor = state.actor().await?;
    let now = Utc::now();
    let csv = state.app().await?.export_day_csv(&actor, now).await?;
    save_download(&app_handle, &format!("enlace-calls-{}.csv", now.format("%Y-%m-%d-%H%M")), csv).await
}

/// Writes `contents` to `name` in the user's Downloads folder (home if none) and returns the path.
async fn save_download(app_handle: &tauri::AppHandle, name: &str, contents: String) -> Result<String, AppError> {
    let folder = app_handle
        .path()
        .download_dir()
        .or_else(|_| app_handle.path().home_dir())
        .map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
    let path = folder.join(name);
    tokio::fs::create_dir_all(&folder).await.map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
    tokio::fs::write(&path, contents).await.map_err(|_| AppError::new(ErrorCode::ExportFailed))?;
    Ok(path.display().to_string())
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

/// An empty enrollment form for a patient who speaks `language`.
#[tauri::command]
#[specta::specta]
pub async fn blank_enrollment(language: Language) -> Result<EnrollmentForm, AppError> {
    Ok(EnrollmentForm::blank(language))
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

/// Where sync with the pharmacy's server stands.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncView, AppError> {
    state.sync_view().await
}

/// Registers this device with the pharmacy's server (supervisors) and starts syncing.
#[tauri::command]
#[specta::specta]
pub async fn connect_sync(state: State<'_, AppState>, input: ConnectInput) -> Result<SyncView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.connect_sync(&actor, input, Utc::now()).await?;
    state.restart_sync().await;
    state.sync_view().await
}

/// A new laptop with no users yet joins the pharmacy's server with a user's credentials.
#[tauri::command]
#[specta::specta]
pub async fn join_server(state: State<'_, AppState>, input: ConnectInput) -> Result<SyncView, AppError> {
    state.app().await?.join_server(input).await?;
    state.restart_sync().await;
    state.sync_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn disconnect_sync(state: State<'_, AppState>) -> Result<SyncView, AppError> {
    let actor = state.actor().await?;
    state.app().await?.disconnect_sync(&actor).await?;
    state.restart_sync().await;
    state.sync_view().await
}

/// The signed-in user's changes that the server refused.
#[tauri::command]
#[specta::specta]
pub async fn sync_notices(state: State<'_, AppState>) -> Result<Vec<SyncNoticeView>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.sync_notices(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn dismiss_sync_notice(state: State<'_, AppState>, notice_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.dismiss_sync_notice(&actor, notice_id).await
}

/// The computers registered with the pharmacy's server (supervisors).
#[tauri::command]
#[specta::specta]
pub async fn sync_devices(state: State<'_, AppState>) -> Result<Vec<DeviceRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.sync_devices(&actor).await
}

/// Revokes a computer on the server: it can neither push nor pull any more.
#[tauri::command]
#[specta::specta]
pub async fn revoke_device(state: State<'_, AppState>, device_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.revoke_device(&actor, device_id, Utc::now()).await
}

/// Lets a computer that waits for approval push and pull (supervisors).
#[tauri::command]
#[specta::specta]
pub async fn approve_device(state: State<'_, AppState>, device_id: EntityId) -> Result<(), AppError> {
    let actor = state.actor().await?;
    state.app().await?.approve_device(&actor, device_id, Utc::now()).await
}

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
pub async fn productivity_report(
    state: State<'_, AppState>,
    period: ReportPeriod,
) -> Result<ProductivityReport, AppError> {
    let actor = state.actor().await?;
    state.app().await?.productivity_report(&actor, period, Utc::now()).await
}

/// Saves the productivity report as CSV in Downloads and returns the path.
#[tauri::command]
#[specta::specta]
pub async fn export_productivity(
    app_handle: tauri::AppHandle,
    state: State<'_, AppState>,
    period: ReportPeriod,
) -> Result<String, AppError> {
    let actor = state.actor().await?;
    let now = Utc::now();
    let csv = state.app().await?.productivity_csv(&actor, period, now).await?;
    save_download(&app_handle, &format!("enlace-productivity-{}.csv", now.format("%Y-%m-%d-%H%M")), csv).await
}

#[tauri::command]
#[specta::specta]
pub async fn patient_adherence(state: State<'_, AppState>, patient_id: EntityId) -> Result<Vec<DrugPdc>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.patient_adherence(&actor, patient_id, Utc::now()).await
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

/// Every command, for Tauri's invoke handler and for the TypeScript bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    // Payloads only ever travel Rust → UI serialized, or UI → Rust as plain
    // arguments: one TypeScript type per Rust type is the truth.
    // The problem enums travel inside an error's arguments, so no command names them.
    tauri_specta::Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .typ::<enlace_domain::SettingsProblem>()
        .typ::<enlace_domain::AvailabilityProblem>()
        .commands(tauri_specta::collect_commands![
            retry_open,
            session_state,
            create_first_supervisor,
            sign_in,
            unlock,
            lock_session,
            sign_out,
            touch_session,
            request_consult,
            consult_queue,
            consult_slot_options,
            transition_consult,
            my_consult_requests,
            my_consults,
            patient_consults,
            my_availability,
            set_availability,
            list_users,
            add_user,
            set_user_active,
            reset_password,
            set_own_pin,
            audit_trail,
            export_audit,
            get_preferences,
            set_ui_locale,
            get_pharmacy,
            pharmacy_defaults,
            set_up_pharmacy,
            update_pharmacy,
            call_list_page,
            call_list_overview,
            record_call,
            preview_import,
            import_refills,
            cancel_import,
            export_day,
            patient_detail,
            search_patients,
            blank_enrollment,
            save_enrollment_draft,
            record_enrollment_consent,
            enrollment_draft,
            enrollment_drafts,
            discard_enrollment_draft,
            submit_enrollment,
            revoke_consent,
            sync_status,
            connect_sync,
            join_server,
            disconnect_sync,
            sync_notices,
            dismiss_sync_notice,
            web_requests,
            close_web_request,
            match_web_request,
            work_web_request,
            flag_for_supervisor,
            exception_queue,
            assign_exception,
            resolve_exception,
            correct_patient,
            productivity_report,
            export_productivity,
            patient_adherence,
            non_adherent_patients,
            sync_devices,
            revoke_device,
            approve_device,
            perf_mark,
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
