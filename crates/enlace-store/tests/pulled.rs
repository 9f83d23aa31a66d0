//! Defense in depth on the laptop: whatever a server hands out, one change
//! this store cannot apply is set aside — logged as refused, a notice left
//! for supervisors — and the cursor moves on, so a laptop never stops
//! syncing. A stamp from the end of time moves no clock. PINs stay on the
//! laptop they were set on, and changes stamped ahead of the server's clock
//! before a laptop first synced are stamped again, not lost.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use enlace_domain::{HlcStamp, MAX_WALL_MS};
use enlace_store::{KeyStore, MemoryKeyStore, SUPERVISORS, Store};
use enlace_sync::{Change, Entity, RejectReason};
use serde_json::{Value, json};
use sqlx::{ConnectOptions, Connection};
use uuid::Uuid;

const REMOTE: Uuid = Uuid::from_u128(9);

fn now_ms() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap()
}

fn change(entity: Entity, entity_id: u128, fields: Value, n: u64) -> Change {
    let Value::Object(fields) = fields else { unreachable!() };
    Change {
        change_id: Uuid::now_v7(),
        entity,
        entity_id: Uuid::from_u128(entity_id),
        fields,
        hlc: HlcStamp { wall_ms: now_ms() - 60_000 + n, counter: 0, device: REMOTE },
        device_id: REMOTE,
        author: "ana".into(),
    }
}

fn patient(id: u128, n: u64) -> Change {
    change(
        Entity::Patient,
        id,
        json!({ "given_name": "Rosa", "family_name": "Peña", "date_of_birth": "1950-01-01",
                "preferred_language": "es-US", "phones": [], "consent_calls": true, "consent_texts": false,
                "consent_voicemail_detail": false }),
        n,
    )
}

fn interaction(id: u128, notes: &str, n: u64) -> Change {
    change(
        Entity::Interaction,
        id,
        json!({ "patient_id": Uuid::from_u128(1), "occurred_at": "2026-12-03T15:00:00.000Z", "recorded_by": "ana",
                "channel": "outbound-call", "disposition": "busy", "notes": notes, "language": "es-US",
                "interpreter_used": false }),
        n,
    )
}

async fn open(dir: &tempfile::TempDir) -> (Store, MemoryKeyStore) {
    let keys = MemoryKeyStore::default();
    (Store::open(&dir.path().join("enlace.db"), &keys).await.unwrap(), keys)
}

#[tokio::test]
async fn a_pulled_change_that_cannot_be_applied_is_set_aside_and_the_cursor_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open(&dir).await;
    store.apply_remote(vec![patient(1, 1), interaction(2, "busy line", 2)], "s:2").await.unwrap();
    let poison = change(Entity::Patient, 1, json!({ "consent_calls": "yes" }), 3);
    let mut far = change(Entity::Patient, 1, json!({ "zip": "00901" }), 4);
    far.hlc = HlcStamp { wall_ms: MAX_WALL_MS, counter: u32::MAX, device: REMOTE };
    let rewrite = interaction(2, "it never happened", 5);
    let fine = change(Entity::Patient, 1, json!({ "program": "Med Sync" }), 6);
    let applied = store.apply_remote(vec![poison.clone(), far.clone(), rewrite.clone(), fine], "s:6").await.unwrap();
    assert_eq!(applied.new, 1, "only the good change is applied");
    assert_eq!(store.sync_cursor().await.unwrap().as_deref(), Some("s:6"), "the cursor moved on");
    let rosa = store.patient(Uuid::from_u128(1)).await.unwrap();
    assert!(rosa.consents.calls && rosa.zip.is_none() && rosa.program.as_deref() == Some("Med Sync"));
    assert_eq!(store.interactions_of(Uuid::from_u128(1)).await.unwrap()[0].notes, "busy line");
    // The clock did not jump to the end of time.
    assert!(store.clock_stamp().await.wall_ms < now_ms() + 60_000);
    // Supervisors are told; the set-aside changes are logged as refused, never applied again.
    let notices = store.sync_notices(SUPERVISORS).await.unwrap();
    assert_eq!(notices.len(), 2, "one per record: the patient and the call");
    assert!(notices.iter().all(|notice| notice.reason == RejectReason::Invalid));
    let again = store.apply_remote(vec![poison, far, rewrite], "s:7").await.unwrap();
    assert_eq!(again.new, 0);
    store.close().await;
}

#[tokio::test]
async fn a_change_sqlite_refuses_is_set_aside_alone_and_its_batch_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (store, keys) = open(&dir).await;
    // Something this store refuses that no rule foresaw (here a trigger planted for the test).
    let key = keys.load().unwrap().unwrap();
    let mut raw = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("enlace.db"))
        .pragma("key", format!("\"x'{}'\"", key.to_hex().as_str()))
        .connect()
        .await
        .unwrap();
    let refused = Uuid::from_u128(66).hyphenated().to_string();
    sqlx::query(&format!(
        "CREATE TRIGGER refuse_one BEFORE INSERT ON patient WHEN new.id = '{refused}' BEGIN SELECT RAISE(ABORT, 'no'); END"
    ))
    .execute(&mut raw)
    .await
    .unwrap();
    raw.close().await.unwrap();
    let applied = store.apply_remote(vec![patient(65, 1), patient(66, 2), patient(67, 3)], "s:3").await.unwrap();
    assert_eq!(applied.new, 2);
    assert_eq!(store.sync_cursor().await.unwrap().as_deref(), Some("s:3"));
    assert!(store.patient(Uuid::from_u128(65)).await.is_ok() && store.patient(Uuid::from_u128(67)).await.is_ok());
    assert!(store.patient(Uuid::from_u128(66)).await.is_err());
    assert_eq!(store.sync_notices(SUPERVISORS).await.unwrap().len(), 1);
    store.close().await;
}

#[tokio::test]
async fn a_pin_never_becomes_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open(&dir).await;
    let user = Uuid::from_u128(5);
    let account = change(
        Entity::User,
        5,
        json!({ "username": "ana", "display_name": "Ana", "roles": ["coordinator"], "languages": ["es-US"],
                "ui_locale": "es-US", "password_hash": "$argon2id$x", "active": true }),
        1,
    );
    store.apply_remote(vec![account], "s:1").await.unwrap();
    store.set_local_pin(user, Some("$argon2id$pin")).await.unwrap();
    assert_eq!(store.user(user).await.unwrap().pin_hash.as_deref(), Some("$argon2id$pin"));
    assert_eq!(store.outbox_len().await.unwrap(), 0, "nothing to send");
    let pin = enlace_store::Mutation {
        entity: Entity::User,
        id: user,
        fields: serde_json::from_value(json!({ "pin_hash": "$argon2id$pin" })).unwrap(),
    };
    assert!(store.apply(vec![pin]).await.is_err(), "no field of a user holds a PIN");
    store.set_local_pin(user, None).await.unwrap();
    assert_eq!(store.user(user).await.unwrap().pin_hash, None);
    store.close().await;
}

#[tokio::test]
async fn changes_stamped_ahead_of_the_servers_clock_are_stamped_again_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _keys) = open(&dir).await;
    store.apply_remote(vec![patient(1, 1)], "s:1").await.unwrap();
    // This laptop's clock runs three hours fast until it first hears from the server.
    store.skew_clock(3 * 3_600_000);
    let edit = |program: &str| enlace_store::Mutation {
        entity: Entity::Patient,
        id: Uuid::from_u128(1),
        fields: serde_json::from_value(json!({ "program": program })).unwrap(),
    };
    let first = store.apply_by("ana", vec![edit("Med Sync")]).await.unwrap();
    let second = store.apply_by("ana", vec![edit("Specialty")]).await.unwrap();
    assert!(first[0].hlc.wall_ms > now_ms() + 3_000_000);
    store.set_server_clock(now_ms()).await.unwrap();
    assert_eq!(store.restamp_ahead(60_000).await.unwrap(), 2);
    let outbox = store.outbox(10).await.unwrap();
    assert_eq!(
        outbox.iter().map(|change| change.change_id).collect::<Vec<_>>(),
        [first[0].change_id, second[0].change_id]
    );
    assert!(outbox.iter().all(|change| change.hlc.wall_ms <= now_ms() + 60_000), "{outbox:?}");
    assert!(outbox[0].hlc < outbox[1].hlc, "in their order");
    assert_eq!(store.patient(Uuid::from_u128(1)).await.unwrap().program.as_deref(), Some("Specialty"));
    let next = store.apply_by("ana", vec![edit("Oncology")]).await.unwrap();
    assert!(next[0].hlc.wall_ms <= now_ms() + 60_000, "the clock follows the server's now");
    store.close().await;
}
