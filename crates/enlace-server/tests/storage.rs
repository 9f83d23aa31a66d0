//! The storage suite, run on both backends: SQLite (a temporary file) and
//! PostgreSQL (a database of its own on 127.0.0.1:5432, created and dropped
//! by the test). Then, on PostgreSQL only, what only it can get wrong: two
//! server instances with concurrent pushers and pullers, and a push that
//! commits after a later one — no pull may pass over it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use enlace_domain::HlcStamp;
use enlace_server::storage::postgres::PostgresStorage;
use enlace_server::storage::{self, DeviceRecord, Storage};
use enlace_sync::{Change, Entity, RejectReason};
use serde_json::json;
use sqlx::Connection;
use uuid::Uuid;

/// The PostgreSQL the test command names (trust authentication on loopback):
/// this machine's on port 5432 unless `cargo xtask test` started its own.
fn postgres() -> String {
    std::env::var("ENLACE_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A database of the test's own, dropped when the guard goes.
struct TestDatabase {
    name: String,
}

impl TestDatabase {
    async fn create() -> Self {
        let name = format!("enlace_test_{}", Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&format!("{}/postgres", postgres()))
            .await
            .expect("PostgreSQL on 127.0.0.1:5432 (`cargo xtask test` starts it)");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        Self { name }
    }

    fn url(&self) -> String {
        format!("{}/{}", postgres(), self.name)
    }

    async fn drop_now(self) {
        let mut admin = sqlx::PgConnection::connect(&format!("{}/postgres", postgres())).await.unwrap();
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
    }
}

fn device(n: u128, bootstrap: bool) -> DeviceRecord {
    DeviceRecord {
        device_id: Uuid::from_u128(n),
        device_name: format!("laptop {n}"),
        username: "marta".into(),
        token_hash: format!("hash-{n}"),
        bootstrap,
        registered_at: Utc::now(),
        revoked_at: None,
    }
}

fn change(device: u128, n: u64, entity: Entity, entity_id: Uuid, author: &str, fields: serde_json::Value) -> Change {
    let serde_json::Value::Object(fields) = fields else { unreachable!() };
    let device = Uuid::from_u128(device);
    Change {
        change_id: Uuid::now_v7(),
        entity,
        entity_id,
        fields,
        hlc: HlcStamp { wall_ms: 1_700_000_000_000 + n, counter: 0, device },
        device_id: device,
        author: author.into(),
    }
}

fn users(device: u128) -> Vec<Change> {
    [(1u128, "marta", "supervisor"), (2, "luis", "pharmacist"), (3, "eva", "pharmacist")]
        .into_iter()
        .enumerate()
        .map(|(n, (id, username, role))| {
            change(
                device,
                n as u64,
                Entity::User,
                Uuid::from_u128(id),
                "",
                json!({ "username": username, "roles": format!("[\"{role}\"]"), "active": true, "password_hash": "x" }),
            )
        })
        .collect()
}

/// Pulls from the start in pages of 7 until `expected` changes came. On
/// PostgreSQL a transaction still open anywhere in the cluster (another
/// test's, say) holds pulls back until it ends: they wait, never skip.
async fn pull_all(storage: &dyn Storage, expected: usize) -> Vec<Change> {
    let mut all = Vec::new();
    let mut cursor = None;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let page = storage.pull(cursor.as_deref(), 7).await.unwrap();
        all.extend(page.changes);
        cursor = Some(page.cursor);
        if !page.more && (all.len() >= expected || std::time::Instant::now() > deadline) {
            return all;
        }
        if !page.more {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// What every backend must do alike.
async fn suite(storage: &dyn Storage) {
    let setup = device(10, true);
    storage.register_device(&setup).await.unwrap();
    assert_eq!(storage.device_by_token_hash("hash-10").await.unwrap().unwrap().device_id, setup.device_id);

    // A push is idempotent: the same batch again changes nothing and is acknowledged again.
    let mut batch = users(10);
    for n in 0..20 {
        batch.push(change(
            10,
            100 + n,
            Entity::Preference,
            Uuid::from_u128(u128::from(n)),
            "",
            json!({ "ui_locale": "es-US" }),
        ));
    }
    let first = storage.push(&setup, batch.clone(), Utc::now()).await.unwrap();
    assert_eq!((first.accepted.len(), first.rejected.len()), (23, 0));
    let again = storage.push(&setup, batch.clone(), Utc::now()).await.unwrap();
    assert_eq!(again.accepted.len(), 23);
    let pulled = pull_all(storage, 23).await;
    assert_eq!(pulled.len(), 23, "each change once, in pages of 7");
    let ids: BTreeSet<Uuid> = pulled.iter().map(|change| change.change_id).collect();
    assert_eq!(ids, batch.iter().map(|change| change.change_id).collect());
    assert_eq!(enlace_sync::users_from(&storage.user_changes().await.unwrap()).len(), 3);

    // A refusal is final: pushing the change again gets the same answer.
    let laptop = device(11, false);
    storage.register_device(&laptop).await.unwrap();
    let consult = Uuid::from_u128(500);
    let request = change(11, 200, Entity::Consult, consult, "marta", json!({ "status": "requested", "version": 1 }));
    assert!(storage.push(&laptop, vec![request], Utc::now()).await.unwrap().rejected.is_empty());
    let accept = |device: u128, n: u64, by: &str, pharmacist: u128| {
        let pharmacist = Uuid::from_u128(pharmacist).hyphenated().to_string();
        let slot = json!({ "slot_start": "2026-12-02T15:00:00.000Z", "slot_end": "2026-12-02T15:15:00.000Z" });
        let mut consult_fields = json!({ "status": "scheduled", "version": 2, "pharmacist_id": pharmacist });
        let mut event_fields = json!({ "consult_id": consult, "transition": "schedule", "from_status": "requested",
                                       "to_status": "scheduled", "based_on_version": 1, "pharmacist_id": pharmacist });
        for fields in [&mut consult_fields, &mut event_fields] {
            fields.as_object_mut().unwrap().extend(slot.as_object().unwrap().clone());
        }
        vec![
            change(device, n, Entity::Consult, consult, by, consult_fields),
            change(device, n + 1, Entity::ConsultEvent, Uuid::now_v7(), by, event_fields),
        ]
    };
    let luis = accept(11, 300, "luis", 2);
    assert!(storage.push(&laptop, luis, Utc::now()).await.unwrap().rejected.is_empty());
    let other = device(12, false);
    storage.register_device(&other).await.unwrap();
    let eva = accept(12, 310, "eva", 3);
    let refused = storage.push(&other, eva.clone(), Utc::now()).await.unwrap();
    assert_eq!(
        refused.rejected.iter().map(|rejection| rejection.reason).collect::<Vec<_>>(),
        [RejectReason::ConsultChanged, RejectReason::ConsultChanged],
        "the second accept of one request"
    );
    let again = storage.push(&other, eva, Utc::now()).await.unwrap();
    assert_eq!(again.rejected.len(), 2, "and it stays refused");

    // A revoked device is found revoked.
    assert!(storage.revoke_device(other.device_id, Utc::now()).await.unwrap());
    assert!(storage.device_by_token_hash("hash-12").await.unwrap().unwrap().revoked_at.is_some());
    assert!(!storage.revoke_device(Uuid::from_u128(999), Utc::now()).await.unwrap());
    assert_eq!(storage.devices().await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_storage_suite_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let storage = storage::open(&format!("sqlite:{}", dir.path().join("server.db").display())).await.unwrap();
    suite(storage.as_ref()).await;
    storage.close().await;
}

#[tokio::test]
async fn the_storage_suite_on_postgres() {
    let database = TestDatabase::create().await;
    let storage = storage::open(&database.url()).await.unwrap();
    suite(storage.as_ref()).await;
    storage.close().await;
    database.drop_now().await;
}

/// A push that started first but commits last: pulls in the meantime see
/// the later push's changes only after the earlier one's, never past it.
#[tokio::test]
async fn a_pull_never_passes_a_push_that_has_yet_to_commit() {
    let database = TestDatabase::create().await;
    let slow = PostgresStorage::open(&database.url()).await.unwrap();
    let fast = storage::open(&database.url()).await.unwrap();
    let setup = device(20, true);
    fast.register_device(&setup).await.unwrap();
    let early: Vec<Change> = (0..3)
        .map(|n| change(20, n, Entity::Preference, Uuid::from_u128(u128::from(n)), "", json!({ "ui_locale": "en-US" })))
        .collect();
    let late: Vec<Change> = (10..13)
        .map(|n| change(20, n, Entity::Preference, Uuid::from_u128(u128::from(n)), "", json!({ "ui_locale": "es-US" })))
        .collect();

    let (inserted, inserted_seen) = tokio::sync::oneshot::channel::<()>();
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let early_ids: BTreeSet<Uuid> = early.iter().map(|change| change.change_id).collect();
    let holder = tokio::spawn(async move {
        slow.insert_and_hold(&early, async move {
            let _ = inserted.send(());
            let _ = released.await;
        })
        .await
        .unwrap();
        slow.close().await;
    });
    inserted_seen.await.unwrap();
    // The later push commits while the earlier is still open.
    let answer = fast.push(&setup, late.clone(), Utc::now()).await.unwrap();
    assert_eq!(answer.accepted.len(), 3);
    let before = fast.pull(None, 100).await.unwrap();
    assert!(before.changes.is_empty(), "nothing is handed out past a transaction still running");
    release.send(()).unwrap();
    holder.await.unwrap();
    let after = pull_all(fast.as_ref(), 6).await;
    let order: Vec<Uuid> = after.iter().map(|change| change.change_id).collect();
    assert_eq!(order.len(), 6);
    assert!(order[..3].iter().all(|id| early_ids.contains(id)), "the earlier transaction's changes come first");
    fast.close().await;
    database.drop_now().await;
}

/// Two server instances on one database, four devices pushing through
/// either, three pullers reading through either: every puller ends up with
/// every change exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_with_concurrent_pushers_and_pullers_skip_no_change() {
    let database = TestDatabase::create().await;
    let instances: Vec<Arc<dyn Storage>> = vec![
        Arc::from(storage::open(&database.url()).await.unwrap()),
        Arc::from(storage::open(&database.url()).await.unwrap()),
    ];
    const DEVICES: u128 = 4;
    const BATCHES: u64 = 25;
    const PER_BATCH: u64 = 8;
    for n in 0..DEVICES {
        instances[0].register_device(&device(30 + n, true)).await.unwrap();
    }
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut pushers = Vec::new();
    for n in 0..DEVICES {
        let instances = instances.clone();
        let done = done.clone();
        pushers.push(tokio::spawn(async move {
            let pusher = device(30 + n, true);
            let mut pushed = Vec::new();
            for batch in 0..BATCHES {
                let changes: Vec<Change> = (0..PER_BATCH)
                    .map(|k| {
                        let id = Uuid::from_u128((n << 64) | u128::from(batch * PER_BATCH + k));
                        change(
                            30 + n,
                            batch * PER_BATCH + k,
                            Entity::Preference,
                            id,
                            "",
                            json!({ "ui_locale": "es-US" }),
                        )
                    })
                    .collect();
                pushed.extend(changes.iter().map(|change| change.change_id));
                let instance = &instances[usize::try_from(batch % 2).unwrap()];
                let answer = instance.push(&pusher, changes, Utc::now()).await.unwrap();
                assert_eq!(answer.accepted.len(), usize::try_from(PER_BATCH).unwrap());
            }
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            pushed
        }));
    }
    let mut pullers = Vec::new();
    for p in 0..3usize {
        let instances = instances.clone();
        let done = done.clone();
        pullers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut cursor: Option<String> = None;
            let mut round = 0usize;
            // An empty page after the last push does not mean caught up: any
            // transaction open on the cluster (another test's, say) holds
            // pulls back below it for a while. A change the cursor passed
            // over would never come, so a puller gives up only at a deadline.
            let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
            let total = usize::try_from(DEVICES * u128::from(BATCHES * PER_BATCH)).unwrap();
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst) == usize::try_from(DEVICES).unwrap();
                let page = instances[(p + round) % 2].pull(cursor.as_deref(), 13).await.unwrap();
                round += 1;
                let empty = page.changes.is_empty();
                seen.extend(page.changes.iter().map(|change| change.change_id));
                cursor = Some(page.cursor);
                if finished && empty && (seen.len() >= total || tokio::time::Instant::now() > deadline) {
                    return seen;
                }
                if empty {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
        }));
    }
    let mut all = BTreeSet::new();
    for pusher in pushers {
        all.extend(pusher.await.unwrap());
    }
    assert_eq!(all.len(), usize::try_from(DEVICES * u128::from(BATCHES * PER_BATCH)).unwrap());
    for puller in pullers {
        let seen = puller.await.unwrap();
        let unique: BTreeSet<Uuid> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "a change handed out twice");
        assert_eq!(unique, all, "a change skipped");
    }
    for instance in instances {
        instance.close().await;
    }
    database.drop_now().await;
}
