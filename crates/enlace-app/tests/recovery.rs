//! The recovery key through the application layer, on a pharmacy set up from
//! nothing: shown to a supervisor until confirmed, never to anyone else, and
//! opening the store again once the keyring has lost its key.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Utc};
use enlace_app::{Actor, App, ErrorCode, NewUser, database_path, recover_store};
use enlace_domain::{Language, Role};
use enlace_store::{KeyStore, MemoryKeyStore};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-04T15:00:00Z").unwrap().to_utc()
}

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: username.into(),
        roles: vec![role],
        languages: vec![Language::English, Language::Spanish],
        ui_locale: Language::Spanish,
        password: "a long enough passphrase".into(),
    }
}

#[tokio::test]
async fn a_supervisor_writes_the_key_down_once_and_it_opens_the_store_after_the_keyring_lost_it() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let sofia = Actor::user(&app.create_first_supervisor(new_user("sofia", Role::Supervisor), now()).await.unwrap());
    let coordinator = app.add_user(&sofia, new_user("ana", Role::Coordinator), now()).await.unwrap();
    let ana = Actor::user(&coordinator);
    assert!(app.recovery_key_pending().await.unwrap());
    assert!(app.recovery_key_offered_to(&[Role::Supervisor]).await.unwrap());
    assert!(!app.recovery_key_offered_to(&[Role::Coordinator, Role::Pharmacist]).await.unwrap());

    // Only a supervisor sees it.
    let refused = app.recovery_key(&ana, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted);
    let refused = app.confirm_recovery_key(&ana, "ABCD", now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted);

    let shown = app.recovery_key(&sofia, now()).await.unwrap();
    assert_eq!(shown.groups.len(), 14);
    assert_eq!(app.recovery_key(&sofia, now()).await.unwrap(), shown, "shown again until confirmed");
    let wrong = app.confirm_recovery_key(&sofia, "ZZZZ-not-it", now()).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::RecoveryKeyNotConfirmed);
    assert!(app.recovery_key_pending().await.unwrap());
    let last = shown.groups.last().unwrap().to_lowercase();
    app.confirm_recovery_key(&sofia, &last, now()).await.unwrap();
    assert!(!app.recovery_key_pending().await.unwrap());
    let again = app.recovery_key(&sofia, now()).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::RecoveryKeyConfirmed, "never shown after it was written down");
    app.close().await;

    // The keyring loses the key: the store does not open, and is not replaced.
    let emptied = MemoryKeyStore::default();
    let lost = App::open(dir.path(), &emptied).await.unwrap_err();
    assert_eq!(lost.code, ErrorCode::StoreKeyMissing);
    let mistyped = shown.groups.join("-").replacen(&shown.groups[0], "0000", 1);
    let refused = recover_store(dir.path(), &mistyped, &emptied).await.unwrap_err();
    assert!(matches!(refused.code, ErrorCode::RecoveryKeyMistyped | ErrorCode::RecoveryKeyWrong), "{:?}", refused.code);
    recover_store(dir.path(), &shown.groups.join(" "), &emptied).await.unwrap();
    assert!(emptied.load().unwrap().is_some(), "the key is back in the keyring");
    let reopened = App::open(dir.path(), &emptied).await.unwrap();
    assert!(reopened.store().user_by_username("ana").await.unwrap().is_some(), "every record is still there");
    assert!(!reopened.recovery_key_pending().await.unwrap());
    reopened.close().await;
    assert!(database_path(dir.path()).exists());
}
