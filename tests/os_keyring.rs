//! The store's key in the real OS keyring (gnome-keyring's Secret Service in
//! CI): created on first open, found on the next, and a lost entry is
//! reported without touching the database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use enlace_store::{KeyStore, OsKeyring, Store, StoreError};
use enlace_tests::session_var;

fn delete_entry(keys: &OsKeyring) {
    let entry = keyring::Entry::new(OsKeyring::SERVICE, keys.account()).expect("keyring entry");
    entry.delete_credential().expect("delete the keyring entry");
}

#[tokio::test]
async fn the_key_lives_in_the_os_keyring_and_a_lost_entry_never_costs_the_database() {
    assert_eq!(session_var("ENLACE_TEST_OS_KEYRING"), "1");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enlace.db");
    let keys = OsKeyring::for_database(&path).unwrap();
    assert!(keys.load().unwrap().is_none(), "a new path has no entry yet");

    let store = Store::open(&path, &keys).await.unwrap();
    let device = store.device_id();
    store.close().await;
    let key = keys.load().unwrap().expect("first open saves a key in the keyring");

    let store = Store::open(&path, &OsKeyring::for_database(&path).unwrap()).await.unwrap();
    assert_eq!(store.device_id(), device, "the same database reopens with the stored key");
    store.close().await;

    delete_entry(&keys);
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path, &keys).await.unwrap_err();
    assert!(matches!(error, StoreError::KeyMissing { .. }), "{error:?}");
    assert!(std::fs::read(&path).unwrap() == before, "the database file must be untouched");
    assert!(keys.load().unwrap().is_none(), "no replacement key may be created");

    // Putting the key back restores access to everything.
    keys.save(&key).unwrap();
    let store = Store::open(&path, &keys).await.unwrap();
    assert_eq!(store.device_id(), device);
    store.close().await;
    delete_entry(&keys);
}
