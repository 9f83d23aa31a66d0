//! The application layer over a real encrypted store seeded with the demo pharmacy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{TimeZone, Utc};
use enlace_app::{Actor, App, DemoSeed, ErrorCode};
use enlace_domain::{Language, RefillStatus, fold_for_search};
use enlace_store::MemoryKeyStore;

/// A headless command, which may do anything (role checks have their own tests in access.rs).
fn headless() -> Actor {
    Actor::command("test")
}

async fn demo_app(dir: &tempfile::TempDir, keys: &MemoryKeyStore) -> App {
    let app = App::open(dir.path(), keys).await.unwrap();
    let seeded = app.seed_demo(Utc::now()).await.unwrap();
    assert!(matches!(seeded, DemoSeed::Created { patients } if patients == enlace_demo::DEMO_PATIENT_COUNT));
    app
}

#[tokio::test]
async fn the_demo_call_list_has_due_patients_most_urgent_first() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = demo_app(&dir, &keys).await;
    let list = app.call_list(&headless(), Utc::now(), &Default::default()).await.unwrap();

    assert!(list.rows.len() >= 30, "only {} rows", list.rows.len());
    assert!(list.rows.iter().all(|row| !row.due_medications.is_empty()));
    assert!(list.rows.windows(2).all(|pair| pair[0].days_until_due <= pair[1].days_until_due));
    assert!(list.rows.iter().any(|row| row.preferred_language == Language::Spanish));
    assert!(list.rows.iter().any(|row| row.days_until_due < 0), "some patients are overdue");
    for row in &list.rows {
        let detail = app.patient_detail(&headless(), row.patient_id, Utc::now()).await.unwrap();
        assert!(detail.patient.consents.calls, "a patient who refused calls is never on the list");
        let due_here =
            detail.prescriptions.iter().filter(|view| matches!(view.status, RefillStatus::Due { .. })).count();
        assert_eq!(due_here, row.due_medications.len());
    }

    // Seeding twice adds nothing.
    assert_eq!(app.seed_demo(Utc::now()).await.unwrap(), DemoSeed::AlreadyPresent);
    app.close().await;
}

#[tokio::test]
async fn patient_search_finds_accented_names_typed_without_accents() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = demo_app(&dir, &keys).await;
    let everyone = app.search_patients(&headless(), "").await.unwrap();
    assert_eq!(everyone.total_matches as usize, enlace_demo::DEMO_PATIENT_COUNT);
    let everyone = everyone.patients;
    let accented = everyone
        .iter()
        .find(|patient| fold_for_search(&patient.full_name) != patient.full_name.to_lowercase())
        .unwrap();
    let typed = fold_for_search(&accented.full_name).to_uppercase();
    let found = app.search_patients(&headless(), &typed).await.unwrap().patients;
    assert!(found.iter().any(|patient| patient.id == accented.id), "{typed} should find the patient");
    app.close().await;
}

#[tokio::test]
async fn the_interface_language_is_remembered_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    assert_eq!(app.preferences().await.unwrap().ui_locale, None, "no choice yet: the UI follows the system");
    app.set_ui_locale(Language::Spanish).await.unwrap();
    app.close().await;
    let app = App::open(dir.path(), &keys).await.unwrap();
    assert_eq!(app.preferences().await.unwrap().ui_locale, Some(Language::Spanish));
    app.close().await;
}

#[tokio::test]
async fn an_unknown_patient_is_a_not_found_error() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = demo_app(&dir, &keys).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap();
    let error = app.patient_detail(&headless(), uuid::Uuid::now_v7(), now).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    app.close().await;
}
