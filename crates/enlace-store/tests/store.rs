//! The store's promises, against real SQLCipher files in temp folders:
//! encryption at rest, key handling that never loses a database, and the one
//! mutation path that writes entity rows and the outbox together.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use enlace_domain::{
    CallRules, CallingWindow, ContactConsents, Language, Patient, PersonName, PharmacySettings, Phone, PhoneKind,
    Prescription, RefillProgram,
};
use enlace_store::entities::{patient_mutation, pharmacy_mutation, prescription_mutation};
use enlace_store::mutation::new_id;
use enlace_store::{
    DbKey, Entity, KeyStore, MemoryKeyStore, Mutation, RecoveryKey, RecoveryKeyError, SQLITE_HEADER, Store, StoreError,
};
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

fn patient(given: &str, family: &str, second: Option<&str>) -> Patient {
    Patient {
        id: new_id(),
        name: PersonName {
            given: given.into(),
            middle: None,
            family: family.into(),
            second_family: second.map(Into::into),
        },
        date_of_birth: NaiveDate::from_ymd_opt(1961, 3, 14).unwrap(),
        preferred_language: Language::Spanish,
        time_zone: Some("America/Puerto_Rico".into()),
        time_zone_confirmed: true,
        phones: vec![Phone { kind: PhoneKind::Mobile, e164: "+17875550134".into() }],
        consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
        external_id: Some("P-77".into()),
        zip: Some("00901".into()),
        program: Some("Med Sync".into()),
        assigned_to: None,
        preferred_call_window: None,
        status: enlace_domain::PatientStatus::Active,
    }
}

fn prescription(patient_id: uuid::Uuid, days_supply: u32) -> Prescription {
    Prescription {
        id: new_id(),
        patient_id,
        rx_number: Some("RX-1".into()),
        drug: "Metformin".into(),
        strength: "500 mg".into(),
        directions: "Take 1 tablet twice daily".into(),
        days_supply,
        quantity: 60.0,
        refills_left: 2,
        last_fill_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        expires_on: None,
        prescriber_name: "Dr. Elena Castillo".into(),
        prescriber_npi: Some("1234567893".into()),
        critical: false,
        active: true,
    }
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

async fn open_new(dir: &tempfile::TempDir) -> (Store, MemoryKeyStore) {
    let keys = MemoryKeyStore::default();
    let store = Store::open(&dir.path().join("enlace.db"), &keys).await.unwrap();
    (store, keys)
}

#[tokio::test]
async fn the_file_is_encrypted_and_unreadable_without_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open_new(&dir).await;
    store.apply(vec![patient_mutation(&patient("María José", "Núñez", Some("Peña")))]).await.unwrap();
    let path = store.path().to_owned();
    store.close().await;

    let bytes = file_bytes(&path);
    assert!(bytes.len() >= 4096);
    assert_ne!(&bytes[..16], SQLITE_HEADER, "the file must not start with the SQLite header");
    assert!(!bytes.windows(5).any(|window| window == b"Pe\xc3\xb1a"), "patient names must not appear in clear text");

    // Plain SQLite (no key) cannot read it.
    let mut plain = SqliteConnectOptions::from_str("sqlite:").unwrap().filename(&path).connect().await.unwrap();
    let read = sqlx::query("SELECT count(*) FROM patient").fetch_one(&mut plain).await;
    assert!(read.is_err(), "reading without the key must fail");
    plain.close().await.unwrap();
}

#[cfg(unix)]
#[tokio::test]
async fn a_new_store_and_the_folder_made_for_it_are_their_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Enlace");
    let path = folder.join("enlace.db");
    let keys = MemoryKeyStore::default();
    Store::open(&path, &keys).await.unwrap().close().await;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&path), 0o600);
    // A folder that existed before (named with --data-dir) is left as it was.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o750)).unwrap();
    Store::open(&shared.join("enlace.db"), &MemoryKeyStore::default()).await.unwrap().close().await;
    assert_eq!(mode(&shared), 0o750);
    assert_eq!(mode(&shared.join("enlace.db")), 0o600);
}

#[tokio::test]
async fn the_bundled_sqlite_is_sqlcipher() {
    let dir = tempfile::tempdir().unwrap();
    let (store, keys) = open_new(&dir).await;
    let path = store.path().to_owned();
    store.close().await;
    let key = keys.load().unwrap().unwrap();
    let mut connection = SqliteConnectOptions::from_str("sqlite:")
        .unwrap()
        .filename(&path)
        .pragma("key", format!("\"x'{}'\"", key.to_hex().as_str()))
        .connect()
        .await
        .unwrap();
    let version: String = sqlx::query_scalar("PRAGMA cipher_version").fetch_one(&mut connection).await.unwrap();
    assert!(version.starts_with('4'), "cipher version {version}");
    connection.close().await.unwrap();
}

#[tokio::test]
async fn a_wrong_key_is_reported_and_the_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open_new(&dir).await;
    let path = store.path().to_owned();
    store.close().await;
    let before = file_bytes(&path);

    let wrong = MemoryKeyStore::with_key(DbKey::generate());
    let error = Store::open(&path, &wrong).await.unwrap_err();
    assert!(matches!(error, StoreError::WrongKey { .. }), "{error:?}");
    assert!(file_bytes(&path) == before, "the file must be untouched");
}

#[tokio::test]
async fn a_missing_key_for_an_existing_database_never_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, keys) = open_new(&dir).await;
    let kept = patient("Ana", "Ruiz", None);
    store.apply(vec![patient_mutation(&kept)]).await.unwrap();
    let path = store.path().to_owned();
    store.close().await;
    let before = file_bytes(&path);

    let empty = MemoryKeyStore::default();
    let error = Store::open(&path, &empty).await.unwrap_err();
    assert!(matches!(error, StoreError::KeyMissing { .. }), "{error:?}");
    assert!(empty.load().unwrap().is_none(), "no new key may be invented for an existing file");
    assert!(file_bytes(&path) == before, "the existing file must be untouched");

    // With the right key back, the data is all there.
    let reopened = Store::open(&path, &keys).await.unwrap();
    assert_eq!(reopened.patient(kept.id).await.unwrap(), kept);
    reopened.close().await;
}

#[tokio::test]
async fn the_recovery_key_opens_a_store_whose_keyring_entry_was_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _lost) = open_new(&dir).await;
    let kept = patient("Ana", "Ruiz", None);
    store.apply(vec![patient_mutation(&kept)]).await.unwrap();
    let written_down = store.recovery_key();
    let path = store.path().to_owned();
    store.close().await;
    let before = file_bytes(&path);

    // Hostile and careless attempts first: none saves a key or touches the file.
    let keyring = MemoryKeyStore::default();
    let other_computer = RecoveryKey::of(&DbKey::generate());
    let refused = Store::recover(&path, other_computer.as_str(), &keyring).await.unwrap_err();
    assert!(matches!(refused, StoreError::RecoveryKeyWrong), "{refused:?}");
    let mut mistyped = written_down.as_str().to_owned();
    let swapped = if mistyped.ends_with('0') { "1" } else { "0" };
    mistyped.replace_range(mistyped.len() - 1.., swapped);
    let refused = Store::recover(&path, &mistyped, &keyring).await.unwrap_err();
    assert!(matches!(refused, StoreError::RecoveryKey(RecoveryKeyError::Mistyped)), "{refused:?}");
    let refused = Store::recover(&path, "not a key", &keyring).await.unwrap_err();
    assert!(matches!(refused, StoreError::RecoveryKey(RecoveryKeyError::Malformed)), "{refused:?}");
    let nowhere = dir.path().join("elsewhere.db");
    let refused = Store::recover(&nowhere, written_down.as_str(), &keyring).await.unwrap_err();
    assert!(matches!(refused, StoreError::NothingToRecover), "{refused:?}");
    assert!(!nowhere.exists(), "recovery never creates a store");
    assert!(keyring.load().unwrap().is_none(), "a refused key is never saved");
    assert!(file_bytes(&path) == before, "the file is untouched");

    // Typed back as a person would (lower case, spaces), it opens the store and is saved for next time.
    let typed = written_down.as_str().to_lowercase().replace('-', " ");
    Store::recover(&path, &typed, &keyring).await.unwrap();
    let reopened = Store::open(&path, &keyring).await.unwrap();
    assert_eq!(reopened.patient(kept.id).await.unwrap(), kept);
    assert_eq!(reopened.recovery_key(), written_down, "the same key, so the paper stays good");
    reopened.close().await;
}

#[tokio::test]
async fn every_write_lands_in_the_outbox_with_increasing_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open_new(&dir).await;
    let ana = patient("Ana", "Ruiz", None);
    let records =
        store.apply(vec![patient_mutation(&ana), prescription_mutation(&prescription(ana.id, 30))]).await.unwrap();
    assert_eq!(records.len(), 2);
    assert!(records[0].hlc < records[1].hlc);
    assert!(records.iter().all(|record| record.device_id == store.device_id()));
    assert_eq!(records[0].change_id.get_version_num(), 7);

    let outbox = store.outbox(10).await.unwrap();
    assert_eq!(outbox, records);
    assert_eq!(outbox[0].entity, Entity::Patient);
    assert_eq!(outbox[0].fields["family_name"], json!("Ruiz"));
    assert_eq!(outbox[0].fields["preferred_language"], json!("es-US"));

    // A partial update is a change of its own, stamped later, touching only its field.
    let update = Mutation {
        entity: Entity::Patient,
        id: ana.id,
        fields: serde_json::from_value(json!({"time_zone": "America/New_York"})).unwrap(),
    };
    let later = store.apply(vec![update]).await.unwrap();
    assert!(later[0].hlc > records[1].hlc);
    assert_eq!(store.outbox_len().await.unwrap(), 3);
    let reread = store.patient(ana.id).await.unwrap();
    assert_eq!(reread.time_zone.as_deref(), Some("America/New_York"));
    assert_eq!(reread.name, ana.name);
    store.close().await;
}

#[tokio::test]
async fn a_failing_batch_writes_nothing_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open_new(&dir).await;
    let ana = patient("Ana", "Ruiz", None);
    // days_supply 0 breaks the sync schema's rule (the table's CHECK too): nothing is written.
    let result = store.apply(vec![patient_mutation(&ana), prescription_mutation(&prescription(ana.id, 0))]).await;
    assert!(
        matches!(&result, Err(StoreError::InvalidChange { reason, .. }) if reason.contains("days_supply")),
        "{result:?}"
    );
    // A new record lacking a required column gets past the values' rules and fails in SQLite:
    // the patient before it must roll back too.
    let half = Mutation {
        entity: Entity::Prescription,
        id: enlace_store::new_id(),
        fields: serde_json::from_value(json!({"drug": "Metformin"})).unwrap(),
    };
    let result = store.apply(vec![patient_mutation(&ana), half]).await;
    assert!(matches!(result, Err(StoreError::Database(_))), "{result:?}");
    assert!(matches!(store.patient(ana.id).await, Err(StoreError::NotFound { .. })));
    assert_eq!(store.outbox_len().await.unwrap(), 0);

    let unknown_field =
        Mutation { entity: Entity::Patient, id: ana.id, fields: serde_json::from_value(json!({"ssn": "x"})).unwrap() };
    let error = store.apply(vec![patient_mutation(&ana), unknown_field]).await.unwrap_err();
    assert!(matches!(error, StoreError::InvalidChange { .. }), "{error:?}");
    assert!(!error.to_string().contains('x'), "values never appear in errors: {error}");
    assert_eq!(store.outbox_len().await.unwrap(), 0);
    store.close().await;
}

#[tokio::test]
async fn device_id_and_clock_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (store, keys) = open_new(&dir).await;
    let device = store.device_id();
    let first = store.apply(vec![patient_mutation(&patient("Ana", "Ruiz", None))]).await.unwrap();
    let path = store.path().to_owned();
    store.close().await;

    let store = Store::open(&path, &keys).await.unwrap();
    assert_eq!(store.device_id(), device);
    let second = store.apply(vec![patient_mutation(&patient("Luis", "Soto", None))]).await.unwrap();
    assert!(second[0].hlc > first[0].hlc);
    store.close().await;
}

#[tokio::test]
async fn two_processes_on_one_database_never_reuse_a_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let (window, keys) = open_new(&dir).await;
    let cli = Store::open(window.path(), &keys).await.unwrap();
    let mut stamps = Vec::new();
    for round in 0..5 {
        let writer = if round % 2 == 0 { &window } else { &cli };
        let records = writer.apply(vec![patient_mutation(&patient("Ana", "Ruiz", None))]).await.unwrap();
        stamps.push(records[0].hlc);
    }
    assert!(stamps.windows(2).all(|pair| pair[0] < pair[1]), "stamps must increase across writers: {stamps:?}");
    cli.close().await;
    window.close().await;
}

#[tokio::test]
async fn search_ignores_accents_case_and_surname_order() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open_new(&dir).await;
    let maria = patient("María José", "Núñez", Some("Peña"));
    let john = patient("John", "Nash", None);
    store.apply(vec![patient_mutation(&maria), patient_mutation(&john)]).await.unwrap();

    for query in ["nunez", "NÚÑEZ", "peña nunez", "maria jose", "Pena"] {
        let (found, total) = store.search_patients(query, 10).await.unwrap();
        assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![maria.id], "query {query}");
        assert_eq!(total, 1);
    }
    let alvarez = patient("Ana", "Álvarez", None);
    store.apply(vec![patient_mutation(&alvarez)]).await.unwrap();
    let (everyone, _) = store.search_patients("", 10).await.unwrap();
    let order: Vec<_> = everyone.iter().map(|p| p.name.family.as_str()).collect();
    assert_eq!(order, ["Álvarez", "Nash", "Núñez"], "accented surnames sort with their letter");
    let (first, total) = store.search_patients("", 1).await.unwrap();
    assert_eq!((first.len(), total), (1, 3), "the limit caps the list, not the count");
    assert_eq!(store.search_patients("100%", 10).await.unwrap().1, 0);

    // A partial change to one surname keeps the search key in step with the stored name.
    let rename = Mutation {
        entity: Entity::Patient,
        id: maria.id,
        fields: serde_json::from_value(json!({"second_family_name": "Ibáñez"})).unwrap(),
    };
    store.apply(vec![rename]).await.unwrap();
    assert_eq!(store.search_patients("ibanez nunez", 10).await.unwrap().1, 1);
    assert_eq!(store.search_patients("pena", 10).await.unwrap().1, 0);
    store.close().await;
}

/// One batch may create an entity and change it again (an import that names
/// a patient twice): the row ends as applying each change in turn would
/// leave it, every change is logged, and the derived search keys follow.
#[tokio::test]
async fn a_batch_that_creates_and_changes_one_entity_ends_with_the_last_values() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open_new(&dir).await;
    let ana = patient("Ana", "Ruiz", None);
    let mut renamed = ana.clone();
    renamed.name.family = "Núñez".into();
    let rename = Mutation {
        entity: Entity::Patient,
        id: ana.id,
        fields: serde_json::from_value(json!({"family_name": "Núñez"})).unwrap(),
    };
    let luis = patient("Luis", "Soto", None);
    let records = store.apply(vec![patient_mutation(&ana), rename, patient_mutation(&luis)]).await.unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(store.outbox_len().await.unwrap(), 3);
    assert_eq!(store.patient(ana.id).await.unwrap(), renamed);
    assert_eq!(store.patient(luis.id).await.unwrap(), luis);
    let (found, total) = store.search_patients("nunez ana", 10).await.unwrap();
    assert_eq!((found.iter().map(|patient| patient.id).collect::<Vec<_>>(), total), (vec![ana.id], 1));
    let (found, _) = store.search_patients("ruiz", 10).await.unwrap();
    assert!(found.is_empty(), "the old name is no longer indexed");
    store.close().await;
}

/// Rows in id order (stores list them in the order they were written).
fn by_id<T>(mut rows: Vec<T>, id: impl Fn(&T) -> uuid::Uuid) -> Vec<T> {
    rows.sort_by_key(|row| id(row));
    rows
}

/// A pharmacy of two patients with a prescription each, the first renamed
/// last: the changes a new laptop's first pull brings, in the server's order.
async fn pulled_pharmacy(dir: &tempfile::TempDir) -> (Store, Vec<enlace_store::ChangeRecord>, Patient) {
    let source = Store::open(&dir.path().join("source.db"), &MemoryKeyStore::default()).await.unwrap();
    let pharmacy = PharmacySettings {
        id: new_id(),
        name: "Farmacia".into(),
        phone: "+17875550100".into(),
        time_zone: "America/Puerto_Rico".into(),
        calling_window: CallingWindow::federal_limit(),
        refill_program: RefillProgram::default(),
        call_rules: CallRules::default(),
        idle_lock_minutes: enlace_domain::pharmacy::DEFAULT_IDLE_LOCK_MINUTES,
        task_escalation_hours: enlace_domain::pharmacy::DEFAULT_TASK_ESCALATION_HOURS,
        address: Default::default(),
        programs: Vec::new(),
    };
    let (ana, luis) = (patient("Ana", "Ruiz", None), patient("Luis", "Soto", None));
    source
        .apply(vec![
            pharmacy_mutation(&pharmacy),
            patient_mutation(&ana),
            patient_mutation(&luis),
            prescription_mutation(&prescription(ana.id, 30)),
            prescription_mutation(&prescription(luis.id, 90)),
        ])
        .await
        .unwrap();
    let mut renamed = ana.clone();
    renamed.name.family = "Núñez".into();
    source.apply(vec![patient_mutation(&renamed)]).await.unwrap();
    let changes = source.synced_changes().await.unwrap();
    (source, changes, renamed)
}

#[tokio::test]
async fn a_first_pull_logs_its_batches_and_derives_every_row_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let (source, changes, renamed) = pulled_pharmacy(&dir).await;
    let (laptop, _keys) = open_new(&dir).await;
    assert!(laptop.initial_pull_open().await.unwrap(), "a store that never pulled");
    let (first, last) = changes.split_at(changes.len() - 1);
    assert_eq!(laptop.log_initial_pull(first.to_vec(), "1").await.unwrap().new, first.len());
    assert_eq!(laptop.log_initial_pull(changes.clone(), "2").await.unwrap().new, last.len(), "nothing twice");
    assert_eq!(laptop.patient_count().await.unwrap(), 0, "rows wait for the end of the pull");
    assert!(laptop.initial_pull_open().await.unwrap(), "pending until finished");

    laptop.finish_initial_pull().await.unwrap();
    assert!(!laptop.initial_pull_open().await.unwrap());
    assert_eq!(laptop.sync_cursor().await.unwrap().as_deref(), Some("2"));
    assert_eq!(laptop.patient(renamed.id).await.unwrap(), renamed, "the later change won");
    assert_eq!(
        by_id(laptop.all_patients().await.unwrap(), |patient| patient.id),
        by_id(source.all_patients().await.unwrap(), |patient| patient.id)
    );
    assert_eq!(
        by_id(laptop.all_prescriptions().await.unwrap(), |rx| rx.id),
        by_id(source.all_prescriptions().await.unwrap(), |rx| rx.id)
    );
    let (found, _) = laptop.search_patients("nunez ana", 10).await.unwrap();
    assert_eq!(found.iter().map(|patient| patient.id).collect::<Vec<_>>(), [renamed.id], "search keys derived");
    assert_eq!(laptop.call_queue_zones().await.unwrap(), source.call_queue_zones().await.unwrap());
    assert!(!laptop.call_queue_zones().await.unwrap().is_empty(), "the call queue derived");
    laptop.finish_initial_pull().await.unwrap();
    assert_eq!(laptop.all_patients().await.unwrap().len(), 2, "finishing again changes nothing");
}

#[tokio::test]
async fn a_first_pull_the_process_died_in_is_finished_when_the_store_next_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (source, changes, renamed) = pulled_pharmacy(&dir).await;
    let (first, last) = changes.split_at(changes.len() - 1);
    let (laptop, keys) = open_new(&dir).await;
    laptop.log_initial_pull(first.to_vec(), "1").await.unwrap();
    laptop.close().await;
    drop(laptop);

    let laptop = Store::open(&dir.path().join("enlace.db"), &keys).await.unwrap();
    assert!(!laptop.initial_pull_open().await.unwrap());
    assert_eq!(laptop.patient_count().await.unwrap(), 2, "the rows of what was logged");
    assert_eq!(laptop.patient(renamed.id).await.unwrap().name.family, "Ruiz", "the rename had not come yet");
    // The rest arrives as any later pull does, through the entity index built again.
    assert_eq!(laptop.apply_remote(last.to_vec(), "2").await.unwrap().new, 1);
    assert_eq!(
        by_id(laptop.all_patients().await.unwrap(), |patient| patient.id),
        by_id(source.all_patients().await.unwrap(), |patient| patient.id)
    );
    assert_eq!(laptop.call_queue_zones().await.unwrap(), source.call_queue_zones().await.unwrap());
}
