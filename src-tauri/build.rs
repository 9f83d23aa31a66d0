//! Tauri's build step. Listing the app's commands here turns on per-command
//! permissions, so a window can call only what its capability grants.

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
        "retry_open",
        "session_state",
        "create_first_supervisor",
        "sign_in",
        "unlock",
        "lock_session",
        "sign_out",
        "touch_session",
        "request_consult",
        "consult_queue",
        "consult_slot_options",
        "transition_consult",
        "my_consult_requests",
        "my_consults",
        "patient_consults",
        "my_availability",
        "set_availability",
        "list_users",
        "add_user",
        "set_user_active",
        "reset_password",
        "set_own_pin",
        "audit_trail",
        "export_audit",
        "get_preferences",
        "set_ui_locale",
        "get_pharmacy",
        "update_pharmacy",
        "call_list_page",
        "call_list_overview",
        "record_call",
        "import_refills",
        "export_day",
        "patient_detail",
        "search_patients",
        "blank_enrollment",
        "save_enrollment_draft",
        "record_enrollment_consent",
        "enrollment_draft",
        "enrollment_drafts",
        "discard_enrollment_draft",
        "submit_enrollment",
        "revoke_consent",
    ]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
