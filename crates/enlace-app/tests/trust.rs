//! What the laptop itself must not let through, over a real encrypted
//! store: a password typed in the username field is recorded nowhere, a
//! formula in any cell of an export is written as text, a chain of audit
//! events rewritten with its hashes recomputed is still found, and a PIN
//! never becomes a change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::raw_connection;

use chrono::{DateTime, TimeDelta, Utc};
use enlace_app::{Actor, App, AuditFilter, NewUser};
use enlace_domain::{ChainBreak, Language, Role};
use enlace_store::MemoryKeyStore;
use sqlx::Connection;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Synthetic {username}"),
        roles: vec![role],
        languages: vec![Language::English],
        ui_locale: Language::English,
        password: format!("{username}-password-1"),
    }
}

#[tokio::test]
async fn a_password_typed_as_a_username_is_recorded_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-11-23T14:00:00Z");
    let marta = app.create_first_supervisor(new_user("marta", Role::Supervisor), now).await.unwrap();
    assert!(app.sign_in("Secreto-Mio-99", "", now).await.is_err());
    assert!(app.sign_in("marta", "wrong-password", now).await.is_err());
    let csv = app.audit_csv(&Actor::user(&marta), &AuditFilter::default(), now).await.unwrap();
    assert!(!csv.to_lowercase().contains("secreto"), "{csv}");
    assert!(csv.contains(",marta,sign-in-failed,"), "a known username is named: {csv}");
    // Nor is it a key in the store's local state (where wrong attempts are counted).
    let mut raw = raw_connection(&dir, &keys).await;
    let keys_in_state: Vec<String> =
        sqlx::query_scalar("SELECT key FROM local_state").fetch_all(&mut raw).await.unwrap();
    assert!(keys_in_state.iter().all(|key| !key.to_lowercase().contains("secreto")), "{keys_in_state:?}");
    raw.close().await.unwrap();
    // The wait after wrong attempts still holds for a name nobody has (it tells nothing).
    for second in 0..5 {
        let _ = app.sign_in("nobody-here", "x", now + TimeDelta::seconds(second)).await;
    }
    let waited = app.sign_in("nobody-here", "x", now + TimeDelta::seconds(6)).await.unwrap_err();
    assert_eq!(waited.code, enlace_app::ErrorCode::SignInWait);
    app.close().await;
}

#[tokio::test]
async fn a_formula_in_an_exported_cell_is_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = Utc::now().date_naive().and_hms_opt(17, 0, 0).unwrap().and_utc();
    app.seed_demo(now).await.unwrap();
    let command = Actor::command("test");
    let rows = app.automation_call_list(&command, now).await.unwrap();
    // The list names the pharmacy system's id where there is one.
    let listed = &rows[0].patient_id;
    let patient = app
        .store()
        .all_patients()
        .await
        .unwrap()
        .into_iter()
        .find(|patient| patient.external_id.as_ref() == Some(listed) || &patient.id.to_string() == listed)
        .unwrap();
    let renamed = enlace_domain::Patient {
        name: enlace_domain::PersonName { given: "=HYPERLINK(\"http://x\",\"y\")".into(), ..patient.name.clone() },
        ..patient.clone()
    };
    let change = enlace_store::entities::patient_mutation(&renamed)
        .changed_since(&enlace_store::entities::patient_mutation(&patient))
        .unwrap();
    app.store().apply_by("command:test", vec![change]).await.unwrap();
    let csv = app.export_day_csv(&command, now).await.unwrap();
    let line = csv.lines().find(|line| line.contains("HYPERLINK")).expect("the patient's row");
    assert!(line.contains("\"'=HYPERLINK("), "{line}");
    assert!(!csv.lines().any(|line| line.split(',').any(|cell| cell.trim_matches('"').starts_with('='))), "{csv}");
    app.close().await;
}

#[tokio::test]
async fn a_chain_that_ends_elsewhere_than_its_head_or_past_it_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-11-23T14:00:00Z");
    app.create_first_supervisor(new_user("marta", Role::Supervisor), now).await.unwrap();
    for second in 0..4 {
        app.sign_in("marta", "marta-password-1", now + TimeDelta::seconds(second)).await.unwrap();
    }
    assert!(app.verify_audit().await.unwrap().intact());
    let device_id = app.store().device_id();
    // Event 3 edited and every later hash recomputed, as someone with the key could.
    let mut raw = raw_connection(&dir, &keys).await;
    sqlx::query("DROP TRIGGER audit_event_no_update").execute(&mut raw).await.unwrap();
    let mut events = app.store().audit_chains().await.unwrap().remove(0);
    events[2].draft.username = "luis".into();
    let mut previous = events[1].hash.clone();
    for event in &mut events[2..] {
        event.previous_hash = previous.clone();
        event.hash =
            enlace_domain::audit::event_hash(&previous, event.id, event.device_id, event.sequence, &event.draft);
        previous = event.hash.clone();
        sqlx::query("UPDATE audit_event SET username = ?, previous_hash = ?, hash = ? WHERE id = ?")
            .bind(&event.draft.username)
            .bind(&event.previous_hash)
            .bind(&event.hash)
            .bind(event.id.to_string())
            .execute(&mut raw)
            .await
            .unwrap();
    }
    let last = events.last().unwrap().sequence;
    assert_eq!(app.verify_audit().await.unwrap().breaks, [ChainBreak::Altered { device_id, sequence: last }]);
    // An event added past the head the device recorded.
    let head_before: String =
        sqlx::query_scalar("SELECT value FROM local_state WHERE key = 'audit-head'").fetch_one(&mut raw).await.unwrap();
    let new_head = format!("{}:{}", last - 1, events[events.len() - 2].hash);
    sqlx::query("UPDATE local_state SET value = ? WHERE key = 'audit-head'")
        .bind(new_head)
        .execute(&mut raw)
        .await
        .unwrap();
    assert_eq!(app.verify_audit().await.unwrap().breaks, [ChainBreak::PastHead { device_id, sequence: last }]);
    let _ = head_before;
    raw.close().await.unwrap();
    app.close().await;
}

#[tokio::test]
async fn a_pin_is_set_on_this_laptop_only() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-11-23T14:00:00Z");
    let marta = app.create_first_supervisor(new_user("marta", Role::Supervisor), now).await.unwrap();
    let before = app.store().synced_changes().await.unwrap().len();
    app.set_pin(&Actor::user(&marta), Some("4821".into()), now).await.unwrap();
    let after = app.store().synced_changes().await.unwrap();
    assert!(
        after[before..].iter().all(|change| change.entity == enlace_store::Entity::AuditEvent),
        "only its audit event"
    );
    assert!(after.iter().all(|change| !change.fields.contains_key("pin_hash")));
    let locked = app.unlock(marta.id, "4821", now).await.unwrap();
    assert_eq!(locked.id, marta.id, "the PIN unlocks here");
    app.close().await;
}
