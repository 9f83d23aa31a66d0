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
use enlace_server::storage::postgres::{PostgresStorage, require_tls_off_loopback};
use enlace_server::storage::{self, CredentialRecord, DatabaseKey, DeviceRecord, PushBatch, Storage, StorageError};
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

/// An approved device; a setup device brings what it stamped before 2024.
fn device(n: u128, bootstrap: bool) -> DeviceRecord {
    let device_id = Uuid::from_u128(n);
    DeviceRecord {
        device_id,
        device_name: format!("laptop {n}"),
        username: "marta".into(),
        token_hash: format!("hash-{n}"),
        registered_at: Utc::now(),
        approved_by: Some("marta".into()),
        approved_at: Some(Utc::now()),
        bootstrap_until: bootstrap.then_some(HlcStamp { wall_ms: 1_704_067_200_000, counter: 0, device: device_id }),
        revoked_at: None,
    }
}

/// `user`'s credential on device `n`, as its hash.
fn credential(n: u128, user: u128) -> CredentialRecord {
    CredentialRecord {
        token_hash: format!("credential-{n}-{user}"),
        device_id: Uuid::from_u128(n),
        user_id: Uuid::from_u128(user),
        issued_at: Utc::now(),
    }
}

async fn register(storage: &dyn Storage, n: u128, bootstrap: bool, users: &[u128]) -> DeviceRecord {
    let device = device(n, bootstrap);
    assert!(storage.register_device(&device, &credential(n, users[0])).await.unwrap());
    for user in &users[1..] {
        storage.add_credential(&credential(n, *user)).await.unwrap();
    }
    device
}

fn push_batch(n: u128, users: &[u128], changes: Vec<Change>) -> PushBatch {
    PushBatch {
        changes,
        credential_hashes: users.iter().map(|user| credential(n, *user).token_hash).collect(),
        last: false,
    }
}

/// A database key for the tests' SQLite files (synthetic).
fn key() -> DatabaseKey {
    DatabaseKey::from_hex(&"3c".repeat(32)).unwrap()
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
    let setup = register(storage, 10, true, &[1]).await;
    assert_eq!(storage.device_by_token_hash("hash-10").await.unwrap().unwrap().device_id, setup.device_id);
    assert!(
        !storage.register_device(&device(10, false), &credential(10, 2)).await.unwrap(),
        "an id is never reassigned"
    );

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
    let first = storage.push(&setup, push_batch(10, &[], batch.clone()), Utc::now()).await.unwrap();
    assert_eq!((first.accepted.len(), first.rejected.len()), (23, 0));
    let again = storage.push(&setup, push_batch(10, &[], batch.clone()), Utc::now()).await.unwrap();
    assert_eq!(again.accepted.len(), 23);
    let pulled = pull_all(storage, 23).await;
    assert_eq!(pulled.len(), 23, "each change once, in pages of 7");
    let ids: BTreeSet<Uuid> = pulled.iter().map(|change| change.change_id).collect();
    assert_eq!(ids, batch.iter().map(|change| change.change_id).collect());
    assert_eq!(enlace_sync::users_from(&storage.user_changes().await.unwrap()).len(), 3);

    // A refusal is final: pushing the change again gets the same answer.
    let laptop = register(storage, 11, false, &[1, 2]).await;
    let consult = Uuid::from_u128(500);
    let request = change(11, 200, Entity::Consult, consult, "marta", json!({ "status": "requested", "version": 1 }));
    assert!(storage.push(&laptop, push_batch(11, &[1], vec![request]), Utc::now()).await.unwrap().rejected.is_empty());
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
    assert!(storage.push(&laptop, push_batch(11, &[2], luis), Utc::now()).await.unwrap().rejected.is_empty());
    let other = register(storage, 12, false, &[3]).await;
    let eva = accept(12, 310, "eva", 3);
    let refused = storage.push(&other, push_batch(12, &[3], eva.clone()), Utc::now()).await.unwrap();
    assert_eq!(
        refused.rejected.iter().map(|rejection| rejection.reason).collect::<Vec<_>>(),
        [RejectReason::ConsultChanged, RejectReason::ConsultChanged],
        "the second accept of one request"
    );
    let again = storage.push(&other, push_batch(12, &[3], eva), Utc::now()).await.unwrap();
    assert_eq!(again.rejected.len(), 2, "and it stays refused");

    // A revoked device is found revoked, and an approval comes once.
    assert!(storage.revoke_device(other.device_id, Utc::now()).await.unwrap());
    assert!(storage.device_by_token_hash("hash-12").await.unwrap().unwrap().revoked_at.is_some());
    assert!(!storage.approve_device(other.device_id, "marta", Utc::now()).await.unwrap(), "no reviving");
    assert!(!storage.revoke_device(Uuid::from_u128(999), Utc::now()).await.unwrap());
    assert_eq!(storage.devices().await.unwrap().len(), 3);
    // Wrong passwords are counted per username.
    storage.set_sign_in_failures("ana", 3, Some(Utc::now())).await.unwrap();
    assert_eq!(storage.sign_in_failures("ana").await.unwrap().0, 3);
    assert_eq!(storage.sign_in_failures("luis").await.unwrap(), (0, None));
    let issued = credential(11, 2);
    assert_eq!(
        storage.credential_by_hash(&issued.token_hash).await.unwrap().map(|found| found.user_id),
        Some(issued.user_id)
    );
}

#[tokio::test]
async fn the_storage_suite_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let storage =
        storage::open(&format!("sqlite:{}", dir.path().join("server.db").display()), Some(&key())).await.unwrap();
    suite(storage.as_ref()).await;
    storage.close().await;
}

#[tokio::test]
async fn the_storage_suite_on_postgres() {
    let database = TestDatabase::create().await;
    let storage = storage::open(&database.url(), None).await.unwrap();
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
    let fast = storage::open(&database.url(), None).await.unwrap();
    let setup = register(fast.as_ref(), 20, true, &[1]).await;
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
    let answer = fast.push(&setup, push_batch(20, &[], late.clone()), Utc::now()).await.unwrap();
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
        Arc::from(storage::open(&database.url(), None).await.unwrap()),
        Arc::from(storage::open(&database.url(), None).await.unwrap()),
    ];
    const DEVICES: u128 = 4;
    const BATCHES: u64 = 25;
    const PER_BATCH: u64 = 8;
    for n in 0..DEVICES {
        register(instances[0].as_ref(), 30 + n, true, &[1]).await;
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
                let answer = instance.push(&pusher, push_batch(30 + n, &[], changes), Utc::now()).await.unwrap();
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
            let mut pages = Vec::new();
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst) == usize::try_from(DEVICES).unwrap();
                let page = instances[(p + round) % 2].pull(cursor.as_deref(), 13).await.unwrap();
                round += 1;
                let empty = page.changes.is_empty();
                seen.extend(page.changes.iter().map(|change| change.change_id));
                // What each page was asked and answered, to show if a change comes twice.
                let ids: Vec<Uuid> = page.changes.iter().map(|change| change.change_id).collect();
                pages.push((cursor.clone(), page.cursor.clone(), ids));
                cursor = Some(page.cursor);
                if finished && empty && (seen.len() >= total || tokio::time::Instant::now() > deadline) {
                    return (seen, pages);
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
        let (seen, pages) = puller.await.unwrap();
        let unique: BTreeSet<Uuid> = seen.iter().copied().collect();
        if unique.len() != seen.len() {
            let mut counted = std::collections::HashMap::new();
            for id in &seen {
                *counted.entry(*id).or_insert(0) += 1;
            }
            for (asked, answered, ids) in &pages {
                let twice = ids.iter().filter(|id| counted[*id] > 1).count();
                eprintln!("page after {asked:?} -> {answered}: {} changes, {twice} seen twice", ids.len());
            }
        }
        assert_eq!(unique.len(), seen.len(), "a change handed out twice");
        assert_eq!(unique, all, "a change skipped");
    }
    for instance in instances {
        instance.close().await;
    }
    database.drop_now().await;
}

#[test]
fn postgresql_off_this_machine_needs_verified_tls() {
    use std::str::FromStr;
    let options = |url: &str| sqlx::postgres::PgConnectOptions::from_str(url).unwrap();
    let refused = require_tls_off_loopback(&options("postgres://enlace@db.pharmacy.example/enlace"));
    assert!(matches!(refused, Err(StorageError::TlsRequired)));
    let merely_encrypted = require_tls_off_loopback(&options("postgres://enlace@10.0.0.5/enlace?sslmode=require"));
    assert!(matches!(merely_encrypted, Err(StorageError::TlsRequired)), "require checks no certificate");
    assert!(
        require_tls_off_loopback(&options("postgres://enlace@db.pharmacy.example/enlace?sslmode=verify-full")).is_ok()
    );
    assert!(require_tls_off_loopback(&options("postgres://postgres@127.0.0.1:5432/enlace")).is_ok());
    assert!(require_tls_off_loopback(&options("postgres://postgres@localhost/enlace")).is_ok());
}
