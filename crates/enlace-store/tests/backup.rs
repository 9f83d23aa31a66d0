//! Backups against real SQLCipher files: a backup made while the store is
//! being written restores on another computer as one consistent snapshot,
//! and a restore refuses every file it cannot verify without touching the
//! store it would replace.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::Path;

use chrono::NaiveDate;
use enlace_domain::{ContactConsents, Language, Patient, PersonName, Phone, PhoneKind};
use enlace_store::entities::patient_mutation;
use enlace_store::mutation::new_id;
use enlace_store::{
    BackupError, BackupPassphrase, KeyStore, MemoryKeyStore, SQLITE_HEADER, Store, StoreError, restore_backup,
};

const PASSPHRASE: &str = "farmacia del valle 2026";

fn patient(given: &str, family: &str) -> Patient {
    Patient {
        id: new_id(),
        name: PersonName { given: given.into(), middle: None, family: family.into(), second_family: None },
        date_of_birth: NaiveDate::from_ymd_opt(1958, 7, 2).unwrap(),
        preferred_language: Language::Spanish,
        time_zone: Some("America/Chicago".into()),
        time_zone_confirmed: true,
        phones: vec![Phone { kind: PhoneKind::Mobile, e164: "+13125550188".into() }],
        consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
        external_id: None,
        zip: Some("60608".into()),
        program: None,
        assigned_to: None,
        preferred_call_window: None,
        status: enlace_domain::PatientStatus::Active,
    }
}

async fn store_with_patients(dir: &Path, count: usize) -> (Store, MemoryKeyStore) {
    let keys = MemoryKeyStore::default();
    let store = Store::open(&dir.join("enlace.db"), &keys).await.unwrap();
    let batch: Vec<_> = (0..count).map(|n| patient_mutation(&patient(&format!("Rosa{n}"), "Núñez"))).collect();
    store.apply(batch).await.unwrap();
    (store, keys)
}

fn passphrase() -> BackupPassphrase {
    BackupPassphrase::new(PASSPHRASE)
}

fn backup_error(error: StoreError) -> BackupError {
    match error {
        StoreError::Backup(error) => error,
        other => panic!("expected a backup error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_backup_restores_on_another_computer_under_a_key_of_its_own() {
    let office = tempfile::tempdir().unwrap();
    let (store, office_keys) = store_with_patients(office.path(), 3).await;
    let file = office.path().join("enlace.backup");
    let made = store.back_up_to(&file, &passphrase()).await.unwrap();
    assert_eq!((made.patients, made.changes), (3, 3));
    let bytes = std::fs::read(&file).unwrap();
    assert_ne!(&bytes[..16], SQLITE_HEADER, "the backup is encrypted");
    assert!(!bytes.windows(6).any(|window| window == "Rosa0 ".as_bytes() || window == b"Nu\xc3\xb1ez"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(office.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert!(!leftovers.iter().any(|name| name.to_string_lossy().contains("partial")), "{leftovers:?}");

    let laptop = tempfile::tempdir().unwrap();
    let laptop_keys = MemoryKeyStore::default();
    let restored_path = laptop.path().join("enlace.db");
    let restored = restore_backup(&file, &passphrase(), &restored_path, &laptop_keys).await.unwrap();
    assert_eq!(restored, made);
    assert_ne!(laptop_keys.load().unwrap(), office_keys.load().unwrap(), "a new key for the new computer");

    let reopened = Store::open(&restored_path, &laptop_keys).await.unwrap();
    assert_eq!(reopened.patient_count().await.unwrap(), 3);
    assert_eq!(reopened.device_id(), store.device_id(), "the same computer's store, continued");
    assert_eq!(reopened.outbox_len().await.unwrap(), 3, "changes not yet sent still wait to be sent");
    assert_eq!(reopened.search_patients("nunez rosa1", 10).await.unwrap().1, 1, "the search index came along");
    reopened.close().await;
    store.close().await;
}

#[tokio::test]
async fn a_backup_taken_while_the_store_is_written_is_one_snapshot() {
    let office = tempfile::tempdir().unwrap();
    let (store, _keys) = store_with_patients(office.path(), 200).await;
    let file = office.path().join("busy.backup");
    let writing = async {
        for n in 0..100 {
            // Two patients a transaction: a torn copy would hold an odd count.
            let pair =
                vec![patient_mutation(&patient(&format!("A{n}"), "Paz")), patient_mutation(&patient("B", "Paz"))];
            store.apply(pair).await.unwrap();
            tokio::task::yield_now().await;
        }
    };
    let words = passphrase();
    let (made, ()) = tokio::join!(store.back_up_to(&file, &words), writing);
    let made = made.unwrap();
    assert_eq!(made.patients % 2, 0, "{made:?}");
    assert_eq!(made.patients, made.changes, "every row with its change, and no change without its row");

    let laptop = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let path = laptop.path().join("enlace.db");
    assert_eq!(restore_backup(&file, &passphrase(), &path, &keys).await.unwrap(), made);
    let reopened = Store::open(&path, &keys).await.unwrap();
    assert_eq!(reopened.patient_count().await.unwrap(), made.patients);
    reopened.close().await;
    store.close().await;
}

#[tokio::test]
async fn a_backup_never_replaces_a_file() {
    let office = tempfile::tempdir().unwrap();
    let (store, _keys) = store_with_patients(office.path(), 1).await;
    let file = office.path().join("taken.backup");
    std::fs::write(&file, b"the pharmacy's own notes").unwrap();
    let refused = backup_error(store.back_up_to(&file, &passphrase()).await.unwrap_err());
    assert!(matches!(refused, BackupError::FileExists), "{refused:?}");
    assert_eq!(std::fs::read(&file).unwrap(), b"the pharmacy's own notes");
    store.close().await;
}

#[tokio::test]
async fn a_restore_refuses_what_it_cannot_verify_and_touches_nothing() {
    let office = tempfile::tempdir().unwrap();
    let (store, _keys) = store_with_patients(office.path(), 50).await;
    let file = office.path().join("enlace.backup");
    store.back_up_to(&file, &passphrase()).await.unwrap();
    store.close().await;
    let sound = std::fs::read(&file).unwrap();

    let altered = office.path().join("altered.backup");
    let mut bytes = sound.clone();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&altered, &bytes).unwrap();
    let cut_short = office.path().join("short.backup");
    std::fs::write(&cut_short, &sound[..sound.len() - 4096]).unwrap();
    let not_a_backup = office.path().join("notes.txt");
    std::fs::write(&not_a_backup, "SQLite format 3\0 and then some words ".repeat(300)).unwrap();

    let laptop = tempfile::tempdir().unwrap();
    let path = laptop.path().join("enlace.db");
    let keys = MemoryKeyStore::default();
    let refusal = |file: &Path, words: &str| {
        let (file, words, path, keys) = (file.to_owned(), words.to_owned(), path.clone(), &keys);
        async move { backup_error(restore_backup(&file, &BackupPassphrase::new(&words), &path, keys).await.unwrap_err()) }
    };
    assert!(matches!(refusal(&file, "not the passphrase at all").await, BackupError::Unreadable));
    assert!(matches!(refusal(&not_a_backup, PASSPHRASE).await, BackupError::Unreadable));
    assert!(matches!(refusal(&laptop.path().join("missing.backup"), PASSPHRASE).await, BackupError::Unreadable));
    assert!(matches!(refusal(&altered, PASSPHRASE).await, BackupError::Damaged));
    assert!(matches!(refusal(&cut_short, PASSPHRASE).await, BackupError::Damaged));
    let left: Vec<_> = std::fs::read_dir(laptop.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing written by a refused restore: {left:?}");
    assert!(keys.load().unwrap().is_none(), "no key saved for a store that was never written");
}

#[tokio::test]
async fn a_restore_replaces_an_empty_store_but_never_one_with_records() {
    let office = tempfile::tempdir().unwrap();
    let (store, _keys) = store_with_patients(office.path(), 2).await;
    let file = office.path().join("enlace.backup");
    store.back_up_to(&file, &passphrase()).await.unwrap();
    store.close().await;

    // A laptop whose window was opened once: an empty store.
    let laptop = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let path = laptop.path().join("enlace.db");
    Store::open(&path, &keys).await.unwrap().close().await;
    restore_backup(&file, &passphrase(), &path, &keys).await.unwrap();

    // Now it holds records: a second restore is refused and they stay.
    let second = restore_backup(&file, &passphrase(), &path, &keys).await.unwrap_err();
    assert!(matches!(backup_error(second), BackupError::StoreInUse));
    let reopened = Store::open(&path, &keys).await.unwrap();
    assert_eq!(reopened.patient_count().await.unwrap(), 2);
    reopened.close().await;

    // A store whose key is lost is never replaced either.
    let refused = restore_backup(&file, &passphrase(), &path, &MemoryKeyStore::default()).await.unwrap_err();
    assert!(matches!(backup_error(refused), BackupError::StoreInUse));
}

#[test]
fn the_passphrase_never_shows_in_debug() {
    assert!(!format!("{:?}", passphrase()).contains("valle"));
}
