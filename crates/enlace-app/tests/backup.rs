//! Backups through the application layer on a pharmacy set up from nothing:
//! a supervisor makes one, another computer restores it, every refusal has
//! its code; and a full disk refuses a write with its own code and loses
//! nothing saved before.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Utc};
use enlace_app::{Actor, App, ErrorCode, NewUser, restore_backup};
use enlace_domain::{CallListFilter, EntityId, Language, PharmacySettings, Role};
use enlace_store::MemoryKeyStore;

const PASSPHRASE: &str = "botica del pueblo, martes";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-04T15:00:00Z").unwrap().to_utc()
}

fn new_user(username: &str, roles: &[Role]) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Test {username}"),
        roles: roles.to_vec(),
        languages: vec![Language::English, Language::Spanish],
        ui_locale: Language::Spanish,
        password: format!("{username}-long-password-1"),
    }
}

fn refill_report(first: usize, rows: usize) -> String {
    let mut report = String::from(
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
         strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n",
    );
    for i in first..first + rows {
        report.push_str(&format!(
            "P-{i},Quintero,Rosa,04/09/1951,(520) 555-{:04},es,,85004,RX-{i},Metformin,500 mg,2026-11-05,30,60,3,Dr. Test,\n",
            i % 10_000
        ));
    }
    report
}

/// A pharmacy from nothing with its supervisor, a coordinator and `patients` imported.
async fn pharmacy(dir: &std::path::Path, keys: &MemoryKeyStore, patients: usize) -> (App, Actor, Actor) {
    let app = App::open(dir, keys).await.unwrap();
    let settings =
        PharmacySettings::with_defaults(EntityId::nil(), "Botica del Pueblo", "(520) 555-0142", "America/Phoenix");
    let (marta, _) = app.set_up_pharmacy_with_supervisor(new_user("marta", &[]), settings, now()).await.unwrap();
    let marta = Actor::user(&marta);
    let ana = Actor::user(&app.add_user(&marta, new_user("ana", &[Role::Coordinator]), now()).await.unwrap());
    let imported = app.import_refills(&ana, refill_report(0, patients).as_bytes(), now()).await.unwrap();
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    (app, marta, ana)
}

#[tokio::test]
async fn a_supervisors_backup_restores_on_another_computer() {
    let office = tempfile::tempdir().unwrap();
    let (app, marta, ana) = pharmacy(office.path(), &MemoryKeyStore::default(), 3).await;
    let file = office.path().join("botica.enlace-backup");

    let refused = app.back_up(&ana, &file, PASSPHRASE, PASSPHRASE, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted, "a coordinator makes no backups");
    let short = app.back_up(&marta, &file, "corta", "corta", now()).await.unwrap_err();
    assert_eq!(short.code, ErrorCode::BackupPassphraseShort);
    assert_eq!(short.args.get("minimum").map(String::as_str), Some("12"));
    let mismatch = app.back_up(&marta, &file, PASSPHRASE, "botica del pueblo, miercoles", now()).await.unwrap_err();
    assert_eq!(mismatch.code, ErrorCode::BackupPassphraseMismatch);
    assert!(!file.exists(), "nothing written by a refused backup");
    let nowhere = office.path().join("no-such-folder").join("b.enlace-backup");
    assert_eq!(
        app.back_up(&marta, &nowhere, PASSPHRASE, PASSPHRASE, now()).await.unwrap_err().code,
        ErrorCode::BackupNotWritten
    );

    let made = app.back_up(&marta, &file, PASSPHRASE, PASSPHRASE, now()).await.unwrap();
    assert_eq!(made.patients, 3);
    let again = app.back_up(&marta, &file, PASSPHRASE, PASSPHRASE, now()).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::BackupFileExists);
    app.close().await;

    let laptop = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let wrong = restore_backup(laptop.path(), &file, "not the right words", &keys).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::BackupUnreadable);
    let restored = restore_backup(laptop.path(), &file, PASSPHRASE, &keys).await.unwrap();
    assert_eq!(restored.patients, 3);
    let in_use = restore_backup(laptop.path(), &file, PASSPHRASE, &keys).await.unwrap_err();
    assert_eq!(in_use.code, ErrorCode::RestoreStoreInUse);

    // The same pharmacy and people: the coordinator signs in and works the list.
    let app = App::open(laptop.path(), &keys).await.unwrap();
    let ana = Actor::user(&app.sign_in("ana", "ana-long-password-1", now()).await.unwrap());
    assert_eq!(app.call_list_page(&ana, now(), &CallListFilter::default(), 0, 50).await.unwrap().total, 3);
    app.close().await;
}

#[tokio::test]
async fn a_full_disk_refuses_the_write_with_its_own_code_and_keeps_what_was_saved() {
    let office = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, _marta, ana) = pharmacy(office.path(), &keys, 20).await;
    let before = app.call_list_page(&ana, now(), &CallListFilter::default(), 0, 100).await.unwrap().total;
    app.store().cap_pages_for_test(app.store().page_count().await.unwrap() + 2).await.unwrap();

    let full = app.import_refills(&ana, refill_report(1_000, 2_000).as_bytes(), now()).await.unwrap_err();
    assert_eq!(full.code, ErrorCode::DiskFull);
    assert!(app.store().integrity_ok().await.unwrap());
    assert_eq!(app.call_list_page(&ana, now(), &CallListFilter::default(), 0, 100).await.unwrap().total, before);
    app.close().await;

    let reopened = App::open(office.path(), &keys).await.unwrap();
    assert!(reopened.store().integrity_ok().await.unwrap());
    assert_eq!(reopened.store().patient_count().await.unwrap(), 20, "everything saved before, nothing half-written");
    reopened.close().await;
}
