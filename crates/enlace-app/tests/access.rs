//! Users, sign-in, roles and the audit trail over a real encrypted store.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::raw_connection;

use chrono::{DateTime, TimeDelta, Utc};
use enlace_app::{Actor, App, AuditFilter, ErrorCode, NewUser};
use enlace_domain::{Action, AuditAction, ChainBreak, Language, Role, User};
use enlace_store::MemoryKeyStore;
use sqlx::Connection;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn new_user(username: &str, roles: &[Role]) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Demo {username}"),
        roles: roles.to_vec(),
        languages: vec![Language::English, Language::Spanish],
        ui_locale: Language::English,
        password: format!("{}-password-1", username.to_lowercase()),
    }
}

/// A pharmacy with a supervisor (marta), a coordinator (ana) and a pharmacist (luis).
async fn staffed(dir: &tempfile::TempDir, keys: &MemoryKeyStore) -> (App, User, User, User) {
    let app = App::open(dir.path(), keys).await.unwrap();
    assert!(app.sign_in_state().await.unwrap().needs_first_user);
    let now = at("2026-11-23T14:00:00Z");
    let marta = app.create_first_supervisor(new_user("marta", &[Role::Supervisor]), now).await.unwrap();
    assert!(!app.sign_in_state().await.unwrap().needs_first_user);
    let supervisor = Actor::user(&marta);
    let ana = app.add_user(&supervisor, new_user("Ana", &[Role::Coordinator]), now).await.unwrap();
    let luis = app.add_user(&supervisor, new_user("luis", &[Role::Pharmacist]), now).await.unwrap();
    (app, marta, ana, luis)
}

#[tokio::test]
async fn only_supervisors_manage_users_and_the_first_one_is_created_once() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, _marta, ana, luis) = staffed(&dir, &keys).await;
    let now = at("2026-11-23T15:00:00Z");
    assert_eq!(ana.username, "ana", "usernames are stored lower case");

    let again = app.create_first_supervisor(new_user("eva", &[Role::Supervisor]), now).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::AlreadySetUp);
    let by_coordinator = app.add_user(&Actor::user(&ana), new_user("eva", &[Role::Coordinator]), now).await;
    assert_eq!(by_coordinator.unwrap_err().code, ErrorCode::NotPermitted);
    let by_pharmacist = app.set_user_active(&Actor::user(&luis), ana.id, false, now).await;
    assert_eq!(by_pharmacist.unwrap_err().code, ErrorCode::NotPermitted);
    assert_eq!(app.users(&Actor::user(&ana)).await.unwrap_err().code, ErrorCode::NotPermitted);
    assert!(Actor::user(&luis).require(Action::AnswerConsult).is_ok());
    assert_eq!(Actor::user(&ana).require(Action::AnswerConsult).unwrap_err().code, ErrorCode::NotPermitted);
    app.close().await;
}

#[tokio::test]
async fn bad_usernames_passwords_and_duplicates_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, marta, ..) = staffed(&dir, &keys).await;
    let supervisor = Actor::user(&marta);
    let now = at("2026-11-23T15:00:00Z");
    let refused = |user: NewUser| {
        let app = &app;
        let supervisor = &supervisor;
        async move { app.add_user(supervisor, user, now).await.unwrap_err().code }
    };
    assert_eq!(refused(new_user("ana rosa", &[Role::Coordinator])).await, ErrorCode::UsernameInvalid);
    assert_eq!(refused(new_user("ANA", &[Role::Coordinator])).await, ErrorCode::UsernameTaken);
    assert_eq!(
        refused(NewUser { password: "short".into(), ..new_user("eva", &[Role::Coordinator]) }).await,
        ErrorCode::PasswordWeak
    );
    assert_eq!(refused(new_user("eva", &[])).await, ErrorCode::InvalidInput);
    assert_eq!(app.users(&supervisor).await.unwrap().len(), 3);
    app.close().await;
}

#[tokio::test]
async fn sign_in_checks_the_password_and_never_says_whether_the_user_exists() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, marta, ana, _) = staffed(&dir, &keys).await;
    let now = at("2026-11-23T15:00:00Z");

    let signed_in = app.sign_in(" ANA ", "ana-password-1", now).await.unwrap();
    assert_eq!(signed_in.id, ana.id);
    let wrong_password = app.sign_in("ana", "not-her-password", now).await.unwrap_err();
    let no_such_user = app.sign_in("nobody", "ana-password-1", now).await.unwrap_err();
    assert_eq!(wrong_password, no_such_user, "the same answer, code and arguments");
    assert_eq!(wrong_password.code, ErrorCode::SignInFailed);

    // A disabled user cannot sign in; re-enabled, they can.
    let supervisor = Actor::user(&marta);
    app.set_user_active(&supervisor, ana.id, false, now).await.unwrap();
    assert_eq!(app.sign_in("ana", "ana-password-1", now).await.unwrap_err().code, ErrorCode::SignInFailed);
    app.set_user_active(&supervisor, ana.id, true, now).await.unwrap();
    assert!(app.sign_in("ana", "ana-password-1", now).await.is_ok());

    // The last supervisor cannot be disabled.
    let last = app.set_user_active(&supervisor, marta.id, false, now).await.unwrap_err();
    assert_eq!(last.code, ErrorCode::LastSupervisor);
    app.close().await;
}

#[tokio::test]
async fn five_wrong_attempts_bring_a_growing_wait_that_the_right_password_does_not_skip() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, ..) = staffed(&dir, &keys).await;
    let start = at("2026-11-23T15:00:00Z");
    for attempt in 0..5 {
        let refused = app.sign_in("ana", "wrong-password", start + TimeDelta::seconds(attempt)).await.unwrap_err();
        assert_eq!(refused.code, ErrorCode::SignInFailed, "attempt {attempt}");
    }
    // Four seconds after the fifth failure: 26 of the 30 seconds remain, even for the right password.
    let waiting = app.sign_in("ana", "ana-password-1", start + TimeDelta::seconds(8)).await.unwrap_err();
    assert_eq!(waiting.code, ErrorCode::SignInWait);
    assert_eq!(waiting.args.get("seconds").map(String::as_str), Some("26"));
    // Once the wait is over, a sixth failure doubles it.
    let after_wait = start + TimeDelta::seconds(40);
    assert_eq!(app.sign_in("ana", "wrong-again-1", after_wait).await.unwrap_err().code, ErrorCode::SignInFailed);
    let doubled = app.sign_in("ana", "ana-password-1", after_wait + TimeDelta::seconds(30)).await.unwrap_err();
    assert_eq!(doubled.args.get("seconds").map(String::as_str), Some("30"));
    // The right password after the wait signs in and clears the count.
    assert!(app.sign_in("ana", "ana-password-1", after_wait + TimeDelta::seconds(61)).await.is_ok());
    let later = after_wait + TimeDelta::seconds(62);
    assert_eq!(app.sign_in("ana", "wrong-password", later).await.unwrap_err().code, ErrorCode::SignInFailed);
    app.close().await;
}

#[tokio::test]
async fn a_locked_session_unlocks_with_the_password_or_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, marta, ana, _) = staffed(&dir, &keys).await;
    let now = at("2026-11-23T15:00:00Z");
    let coordinator = Actor::user(&ana);
    assert_eq!(app.set_pin(&coordinator, Some("12a4".into()), now).await.unwrap_err().code, ErrorCode::PinInvalid);
    app.set_pin(&coordinator, Some("2468".into()), now).await.unwrap();
    app.record_lock(&coordinator, now).await.unwrap();
    assert!(app.unlock(ana.id, "2468", now).await.is_ok());
    app.unlock(ana.id, "ana-password-1", now).await.unwrap();
    assert_eq!(app.unlock(ana.id, "1357", now).await.unwrap_err().code, ErrorCode::SignInFailed);
    // The PIN is only for unlocking, never for signing in.
    assert_eq!(app.sign_in("ana", "2468", now).await.unwrap_err().code, ErrorCode::SignInFailed);
    // A password reset clears the PIN.
    app.reset_password(&Actor::user(&marta), ana.id, "a-brand-new-one".into(), now).await.unwrap();
    assert_eq!(app.unlock(ana.id, "2468", now).await.unwrap_err().code, ErrorCode::SignInFailed);
    assert!(app.sign_in("ana", "a-brand-new-one", now).await.is_ok());
    app.close().await;
}

#[tokio::test]
async fn sign_ins_and_changes_are_audited_and_the_trail_is_for_supervisors() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, marta, ana, _) = staffed(&dir, &keys).await;
    let now = at("2026-11-23T15:00:00Z");
    app.sign_in("ana", "ana-password-1", now).await.unwrap();
    app.sign_in("ana", "wrong-password", now + TimeDelta::seconds(1)).await.unwrap_err();
    app.sign_out(&Actor::user(&ana), now + TimeDelta::seconds(2)).await.unwrap();

    let supervisor = Actor::user(&marta);
    let filter = AuditFilter { username: Some("ANA".into()), ..Default::default() };
    let trail = app.audit_trail(&supervisor, &filter).await.unwrap();
    let actions: Vec<AuditAction> = trail.iter().map(|row| row.action).collect();
    assert_eq!(actions, [AuditAction::SignOut, AuditAction::SignInFailed, AuditAction::SignIn], "newest first");
    let about_ana = AuditFilter { record_id: Some(ana.id), ..Default::default() };
    let created = app.audit_trail(&supervisor, &about_ana).await.unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!((created[0].action, created[0].username.as_str()), (AuditAction::Change, "marta"));
    let in_window = AuditFilter { from: Some(now), until: Some(now + TimeDelta::seconds(2)), ..Default::default() };
    assert_eq!(app.audit_trail(&supervisor, &in_window).await.unwrap().len(), 2);

    assert_eq!(app.audit_trail(&Actor::user(&ana), &filter).await.unwrap_err().code, ErrorCode::NotPermitted);
    let csv = app.audit_csv(&supervisor, &filter, now + TimeDelta::seconds(3)).await.unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",ana,sign-out,"));
    let exports = AuditFilter { username: Some("marta".into()), from: Some(now), ..Default::default() };
    assert_eq!(app.audit_trail(&supervisor, &exports).await.unwrap()[0].action, AuditAction::Export);
    app.close().await;
}

#[tokio::test]
async fn audit_verify_finds_an_altered_and_a_deleted_event() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, ..) = staffed(&dir, &keys).await;
    let now = at("2026-11-23T15:00:00Z");
    for second in 0..4 {
        app.sign_in("ana", "ana-password-1", now + TimeDelta::seconds(second)).await.unwrap();
    }
    let verified = app.verify_audit().await.unwrap();
    assert!(verified.intact(), "{:?}", verified.breaks);
    assert_eq!((verified.devices, verified.events), (1, 8));

    let mut raw = raw_connection(&dir, &keys).await;
    let update = sqlx::query("UPDATE audit_event SET username = 'luis' WHERE sequence = 5").execute(&mut raw).await;
    assert!(update.is_err(), "the table itself refuses changes");
    sqlx::query("DROP TRIGGER audit_event_no_update").execute(&mut raw).await.unwrap();
    sqlx::query("DROP TRIGGER audit_event_no_delete").execute(&mut raw).await.unwrap();
    sqlx::query("UPDATE audit_event SET username = 'luis' WHERE sequence = 5").execute(&mut raw).await.unwrap();
    let altered = app.verify_audit().await.unwrap();
    assert_eq!(altered.breaks.len(), 1);
    let device_id = app.store().device_id();
    assert_eq!(altered.breaks, [ChainBreak::Altered { device_id, sequence: 5 }]);

    sqlx::query("UPDATE audit_event SET username = 'ana' WHERE sequence = 5").execute(&mut raw).await.unwrap();
    assert!(app.verify_audit().await.unwrap().intact(), "restored, it verifies again");
    sqlx::query("DELETE FROM audit_event WHERE sequence = 7").execute(&mut raw).await.unwrap();
    let deleted = app.verify_audit().await.unwrap();
    assert_eq!(deleted.breaks, [ChainBreak::Missing { device_id, sequence: 8 }]);

    sqlx::query("DELETE FROM audit_event WHERE sequence >= 7").execute(&mut raw).await.unwrap();
    let truncated = app.verify_audit().await.unwrap();
    assert_eq!(truncated.breaks, [ChainBreak::Truncated { device_id, sequence: 6 }]);
    raw.close().await.unwrap();
    app.close().await;
}

#[tokio::test]
async fn audit_events_cannot_be_written_around_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let (app, ..) = staffed(&dir, &keys).await;
    let forged = enlace_store::Mutation {
        entity: enlace_store::Entity::AuditEvent,
        id: enlace_store::new_id(),
        fields: serde_json::json!({ "username": "ana" }).as_object().unwrap().clone(),
    };
    assert!(app.store().apply(vec![forged]).await.is_err());
    assert!(app.verify_audit().await.unwrap().intact());
    app.close().await;
}

#[tokio::test]
async fn only_supervisors_change_pharmacy_settings_and_bad_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-11-23T15:00:00Z");
    app.seed_demo(now).await.unwrap();
    let marta = app.sign_in("marta", "demo-supervisor", now).await.unwrap();
    let ana = app.sign_in("ana", "demo-coordinator", now).await.unwrap();
    let current = app.pharmacy().await.unwrap();
    let shorter = enlace_domain::PharmacySettings { idle_lock_minutes: 5, ..current.clone() };

    let refused = app.update_pharmacy(&Actor::user(&ana), shorter.clone(), now).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted);
    let mut bad = shorter.clone();
    bad.idle_lock_minutes = 0;
    bad.call_rules.max_attempts = 0;
    let invalid = app.update_pharmacy(&Actor::user(&marta), bad, now).await.unwrap_err();
    assert_eq!(invalid.code, ErrorCode::InvalidSettings);
    assert_eq!(invalid.problems, ["max-attempts", "idle-lock-minutes"]);
    assert_eq!(app.pharmacy().await.unwrap(), current, "nothing was written");

    let saved = app.update_pharmacy(&Actor::user(&marta), shorter, now).await.unwrap();
    assert_eq!(saved.idle_lock_minutes, 5);
    let about = AuditFilter { record_id: Some(current.id), ..Default::default() };
    let trail = app.audit_trail(&Actor::user(&marta), &about).await.unwrap();
    assert_eq!((trail.len(), trail[0].action), (1, AuditAction::Change));
    app.close().await;
}
