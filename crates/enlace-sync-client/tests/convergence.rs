//! The proof that sync holds: a property test with several real encrypted
//! stores and a real server (its HTTP router and SQLite storage, in
//! process), random edits, random partial syncs and injected faults —
//! requests and responses dropped, requests sent twice, old requests
//! replayed late, bodies cut off, the server restarted, replicas crashed and
//! reopened, clocks hours apart (laptops' stamps follow the server's clock
//! once they have heard from it), and changes the server must refuse. After
//! the network heals and everyone syncs, every replica holds exactly the
//! server's changes and the same rows, and no change the server
//! acknowledged is missing anywhere.
//!
//! `PROPTEST_CASES` sets the number of cases (500 by default here;
//! `cargo xtask soak` runs 10 000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{NaiveDate, Utc};
use enlace_domain::{ContactConsents, Language, Patient, PersonName, Phone, PhoneKind};
use enlace_server::{CredentialRecord, DatabaseKey, DeviceRecord, ServerConfig, ServerState, router};
use enlace_store::entities::{patient_mutation, pharmacy_mutation, preference_mutation};
use enlace_store::{MemoryKeyStore, Mutation, Store};
use enlace_sync::{ApiError, Change, Entity, PullResponse, PushRequest, PushResponse, Secret, fold_all};
use enlace_sync_client::{Credentials, SyncConfig, SyncEngine, Transport, TransportError};
use proptest::prelude::*;
use tower::ServiceExt;
use uuid::Uuid;

const REPLICAS: usize = 3;
const PATIENTS: usize = 3;
const PREFERENCES: usize = 2;

/// What the network does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    /// Lost on the way: the server never sees it.
    DropRequest,
    /// The server handles it; the answer is lost.
    DropResponse,
    /// Arrives twice.
    Duplicate,
    /// An older request of this replica arrives now, before this one.
    ReplayOld,
    /// Only half the body arrives.
    CutOff,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        4 => Just(Fault::None),
        1 => Just(Fault::DropRequest),
        1 => Just(Fault::DropResponse),
        1 => Just(Fault::Duplicate),
        1 => Just(Fault::ReplayOld),
        1 => Just(Fault::CutOff),
    ]
}

#[derive(Debug, Clone)]
enum Op {
    /// A replica edits one field of one patient.
    EditPatient {
        replica: usize,
        patient: usize,
        field: usize,
        value: u8,
    },
    /// A replica sets a device preference (another entity, one field).
    SetPreference {
        replica: usize,
        owner: usize,
        spanish: bool,
    },
    /// A coordinator on a replica changes pharmacy settings: the server refuses it.
    ForbiddenSettings {
        replica: usize,
        attempts: u32,
    },
    /// A replica syncs once, each request suffering its fault.
    Sync {
        replica: usize,
        faults: [Fault; 4],
    },
    RestartServer,
    /// A replica's process dies and the store is opened again.
    Crash {
        replica: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let replica = 0..REPLICAS;
    prop_oneof![
        4 => (replica.clone(), 0..PATIENTS, 0..3usize, any::<u8>())
            .prop_map(|(replica, patient, field, value)| Op::EditPatient { replica, patient, field, value }),
        2 => (replica.clone(), 0..PREFERENCES, any::<bool>())
            .prop_map(|(replica, owner, spanish)| Op::SetPreference { replica, owner, spanish }),
        1 => (replica.clone(), 1..10u32).prop_map(|(replica, attempts)| Op::ForbiddenSettings { replica, attempts }),
        5 => (replica.clone(), [fault(), fault(), fault(), fault()])
            .prop_map(|(replica, faults)| Op::Sync { replica, faults }),
        1 => Just(Op::RestartServer),
        1 => replica.prop_map(|replica| Op::Crash { replica }),
    ]
}

/// The server, restartable over the same SQLite file.
struct TestServer {
    url: String,
    state: Mutex<Arc<ServerState>>,
    /// Every change id the server ever acknowledged as held.
    acknowledged: Mutex<BTreeSet<Uuid>>,
}

/// The test servers' database key (a test's own, synthetic).
fn database_key() -> DatabaseKey {
    DatabaseKey::from_hex(&"5e".repeat(32)).unwrap()
}

impl TestServer {
    async fn open(url: &str) -> Arc<ServerState> {
        let config = ServerConfig { database_key: Some(database_key()), ..ServerConfig::default() };
        ServerState::open(url, config).await.unwrap()
    }

    async fn restart(&self) {
        let old = self.state.lock().unwrap().clone();
        old.storage.close().await;
        let fresh = Self::open(&self.url).await;
        *self.state.lock().unwrap() = fresh;
    }

    fn state(&self) -> Arc<ServerState> {
        self.state.lock().unwrap().clone()
    }

    /// Every change the server holds, pulled from the start.
    async fn all_changes(&self) -> Vec<Change> {
        let state = self.state();
        let mut changes = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = state.storage.pull(cursor.as_deref(), 5_000).await.unwrap();
            changes.extend(page.changes);
            cursor = Some(page.cursor);
            if !page.more {
                return changes;
            }
        }
    }
}

/// One replica's network to the in-process server, with the faults of the current sync.
struct FaultyTransport {
    server: Arc<TestServer>,
    token: String,
    faults: Mutex<Vec<Fault>>,
    /// Pushes sent before, for replaying late.
    sent: Mutex<Vec<Vec<u8>>>,
}

impl FaultyTransport {
    fn next_fault(&self) -> Fault {
        let mut faults = self.faults.lock().unwrap();
        if faults.is_empty() { Fault::None } else { faults.remove(0) }
    }

    async fn call(&self, method: &str, uri: &str, body: Vec<u8>) -> (StatusCode, Vec<u8>) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let response = router(self.server.state()).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, bytes.to_vec())
    }

    fn answer<T: serde::de::DeserializeOwned>(
        &self,
        (status, body): (StatusCode, Vec<u8>),
    ) -> Result<T, TransportError> {
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|_| TransportError::Protocol);
        }
        let error = serde_json::from_slice::<ApiError>(&body).ok();
        Err(enlace_sync_client::transport::error_of(status.as_u16(), error.as_ref()))
    }

    fn record(&self, answer: &Result<PushResponse, TransportError>) {
        if let Ok(response) = answer {
            self.server.acknowledged.lock().unwrap().extend(response.accepted.iter().copied());
        }
    }
}

#[async_trait]
impl Transport for FaultyTransport {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        let body = serde_json::to_vec(request).unwrap();
        let fault = self.next_fault();
        let old = self.sent.lock().unwrap().first().cloned();
        self.sent.lock().unwrap().push(body.clone());
        match fault {
            Fault::DropRequest => Err(TransportError::Unreachable),
            Fault::CutOff => {
                let half = body[..body.len() / 2].to_vec();
                self.answer::<PushResponse>(self.call("POST", "/v1/push", half).await)
            }
            Fault::DropResponse => {
                let answer = self.answer(self.call("POST", "/v1/push", body).await);
                self.record(&answer);
                Err(TransportError::Unreachable)
            }
            Fault::Duplicate => {
                let first = self.answer(self.call("POST", "/v1/push", body.clone()).await);
                self.record(&first);
                let second = self.answer(self.call("POST", "/v1/push", body).await);
                self.record(&second);
                second
            }
            Fault::ReplayOld | Fault::None => {
                if let (Fault::ReplayOld, Some(old)) = (fault, old) {
                    let late: Result<PushResponse, _> = self.answer(self.call("POST", "/v1/push", old).await);
                    self.record(&late);
                }
                let answer = self.answer(self.call("POST", "/v1/push", body).await);
                self.record(&answer);
                answer
            }
        }
    }

    async fn pull(&self, cursor: Option<&str>, limit: u32, _wait: Duration) -> Result<PullResponse, TransportError> {
        let mut uri = format!("/v1/pull?limit={limit}");
        if let Some(cursor) = cursor {
            uri.push_str(&format!("&after={cursor}"));
        }
        match self.next_fault() {
            Fault::DropRequest | Fault::CutOff => Err(TransportError::Unreachable),
            // The page arrives but the replica never applies it: as if it crashed before saving the cursor.
            Fault::DropResponse => {
                let _: Result<PullResponse, _> = self.answer(self.call("GET", &uri, Vec::new()).await);
                Err(TransportError::Unreachable)
            }
            Fault::Duplicate | Fault::ReplayOld | Fault::None => self.answer(self.call("GET", &uri, Vec::new()).await),
        }
    }
}

struct Replica {
    dir: PathBuf,
    keys: MemoryKeyStore,
    store: Option<Store>,
    transport: FaultyTransport,
    skew_ms: i64,
}

impl Replica {
    fn store(&self) -> &Store {
        self.store.as_ref().expect("open")
    }

    async fn reopen(&mut self) {
        if let Some(store) = self.store.take() {
            store.close().await;
        }
        let store = Store::open(&self.dir.join("enlace.db"), &self.keys).await.unwrap();
        store.skew_clock(self.skew_ms);
        self.store = Some(store);
    }
}

fn patient(n: usize) -> Patient {
    Patient {
        id: Uuid::from_u128(0x1000 + n as u128),
        name: PersonName { given: format!("Paciente{n}"), middle: None, family: "Prueba".into(), second_family: None },
        date_of_birth: NaiveDate::from_ymd_opt(1950, 1, 1 + n as u32).unwrap(),
        preferred_language: Language::Spanish,
        time_zone: None,
        time_zone_confirmed: true,
        phones: vec![Phone { kind: PhoneKind::Mobile, e164: format!("+1787555010{n}") }],
        consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
        external_id: None,
        zip: None,
        program: None,
        assigned_to: None,
        preferred_call_window: None,
        status: enlace_domain::PatientStatus::Active,
    }
}

fn user(id: u128, username: &str, role: &str) -> Mutation {
    let fields = serde_json::json!({
        "username": username, "display_name": username, "roles": format!("[\"{role}\"]"),
        "languages": "[\"es-US\"]", "ui_locale": "es-US", "password_hash": "$argon2id$unused", "active": true,
    });
    let serde_json::Value::Object(fields) = fields else { unreachable!() };
    Mutation { entity: Entity::User, id: Uuid::from_u128(id), fields }
}

const MARTA: u128 = 1;
const ANA: u128 = 2;

fn temp_root() -> tempfile::TempDir {
    // Memory-backed where there is one: hundreds of stores are created.
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm).unwrap() } else { tempfile::tempdir().unwrap() }
}

/// A pharmacy of two users (a supervisor who registered every replica and
/// a coordinator, each holding a credential on every replica) and a few
/// patients, on replica 0, which brings it to the server as the setup
/// device. Built once; each case starts from a copy.
struct Template {
    root: tempfile::TempDir,
    keys: Vec<enlace_store::DbKey>,
}

fn template() -> &'static Template {
    static TEMPLATE: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    // Built on a thread of its own: callers are inside a runtime already.
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(build_template())
        })
        .join()
        .unwrap()
    })
}

/// The credential replica `index` holds for `user`.
fn credential(index: usize, user: u128) -> String {
    format!("credential-{index}-{user}")
}

async fn build_template() -> Template {
    let root = temp_root();
    let url = format!("sqlite:{}", root.path().join("server.db").display());
    let server = TestServer::open(&url).await;
    let mut keys = Vec::new();
    let demo = enlace_demo::generate(Utc::now().date_naive(), 0, 1);
    for index in 0..REPLICAS {
        let store_keys = MemoryKeyStore::default();
        let store = Store::open(&root.path().join(format!("replica-{index}/enlace.db")), &store_keys).await.unwrap();
        if index == 0 {
            let mut seed = vec![
                pharmacy_mutation(&demo.pharmacy),
                user(MARTA, "marta", "supervisor"),
                user(ANA, "ana", "coordinator"),
            ];
            seed.extend((0..PATIENTS).map(|n| patient_mutation(&patient(n))));
            store.apply(seed).await.unwrap();
        }
        let now = Utc::now();
        // The setup device brings what it held; the others were approved by marta.
        let bootstrap_until = (index == 0).then_some(store.clock_stamp().await);
        let device = DeviceRecord {
            device_id: store.device_id(),
            device_name: format!("replica {index}"),
            username: "marta".into(),
            token_hash: enlace_server::auth::token_hash(&format!("token-{index}")),
            registered_at: now,
            approved_by: Some("marta".into()),
            approved_at: Some(now),
            bootstrap_until,
            revoked_at: None,
        };
        let marta = CredentialRecord {
            token_hash: enlace_server::auth::token_hash(&credential(index, MARTA)),
            device_id: store.device_id(),
            user_id: Uuid::from_u128(MARTA),
            issued_at: now,
        };
        assert!(server.storage.register_device(&device, &marta).await.unwrap());
        let ana = CredentialRecord {
            token_hash: enlace_server::auth::token_hash(&credential(index, ANA)),
            user_id: Uuid::from_u128(ANA),
            ..marta.clone()
        };
        server.storage.add_credential(&ana).await.unwrap();
        let config = SyncConfig {
            server_url: "http://127.0.0.1:1".into(),
            token: enlace_sync_client::DeviceToken(format!("token-{index}")),
            username: "marta".into(),
            ca_pem: None,
            bootstrap_until,
        };
        config.save(&store).await.unwrap();
        Credentials::save(&store, "marta", &Secret(credential(index, MARTA))).await.unwrap();
        Credentials::save(&store, "ana", &Secret(credential(index, ANA))).await.unwrap();
        store.close().await;
        keys.push(enlace_store::KeyStore::load(&store_keys).unwrap().unwrap());
    }
    server.storage.close().await;
    Template { root, keys }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fresh copy of the template: the server and its replicas, clocks skewed by `skews`.
async fn setup(root: &std::path::Path, skews: &[i64]) -> (Arc<TestServer>, Vec<Replica>) {
    let template = template();
    copy_dir(template.root.path(), root);
    let url = format!("sqlite:{}", root.join("server.db").display());
    let server = Arc::new(TestServer {
        state: Mutex::new(TestServer::open(&url).await),
        url,
        acknowledged: Mutex::new(BTreeSet::new()),
    });
    let mut replicas = Vec::new();
    for (index, skew_ms) in skews.iter().copied().enumerate() {
        let dir = root.join(format!("replica-{index}"));
        let keys = MemoryKeyStore::with_key(template.keys[index].clone());
        let store = Store::open(&dir.join("enlace.db"), &keys).await.unwrap();
        store.skew_clock(skew_ms);
        let transport = FaultyTransport {
            server: server.clone(),
            token: format!("token-{index}"),
            faults: Mutex::new(Vec::new()),
            sent: Mutex::new(Vec::new()),
        };
        replicas.push(Replica { dir, keys, store: Some(store), transport, skew_ms });
    }
    (server, replicas)
}

/// Closes every replica's store and the server's storage before the test returns: a connection
/// left to close while the process exits can outlive SQLCipher's crypto library (a double free).
async fn close_all(server: &TestServer, replicas: Vec<Replica>) {
    for mut replica in replicas {
        if let Some(store) = replica.store.take() {
            store.close().await;
        }
    }
    server.state().storage.close().await;
}

async fn sync(replica: &Replica, faults: &[Fault]) {
    *replica.transport.faults.lock().unwrap() = faults.to_vec();
    let engine = SyncEngine::new(replica.store(), &replica.transport);
    // A failed sync is expected under faults; what matters is what it leaves behind.
    let _ = engine.sync_once(Utc::now()).await;
}

async fn run_case(ops: Vec<Op>, skews: Vec<i64>) -> Result<(), TestCaseError> {
    let root = temp_root();
    let (server, mut replicas) = setup(root.path(), &skews).await;
    for op in ops {
        match op {
            Op::EditPatient { replica, patient: n, field, value } => {
                let (name, value) = match field {
                    0 => ("zip", serde_json::json!(format!("00{:03}", 900 + u32::from(value)))),
                    1 => ("program", serde_json::json!(format!("Program {}", value % 5))),
                    _ => ("assigned_to", serde_json::json!(format!("coordinator-{}", value % 3))),
                };
                let mut fields = serde_json::Map::new();
                fields.insert(name.into(), value);
                let edit = Mutation { entity: Entity::Patient, id: patient(n).id, fields };
                // A replica that has not seen the patient yet may not edit it (it cannot
                // show it); skip as the app would.
                if replicas[replica].store().patient(patient(n).id).await.is_ok() {
                    replicas[replica].store().apply_by("marta", vec![edit]).await.unwrap();
                }
            }
            Op::SetPreference { replica, owner, spanish } => {
                let language = if spanish { Language::Spanish } else { Language::English };
                let mutation = preference_mutation(Uuid::from_u128(0x2000 + owner as u128), language);
                replicas[replica].store().apply(vec![mutation]).await.unwrap();
            }
            Op::ForbiddenSettings { replica, attempts } => {
                let store = replicas[replica].store();
                if let Some(mut pharmacy) = store.pharmacy().await.unwrap() {
                    pharmacy.call_rules.max_attempts = attempts;
                    store.apply_by("ana", vec![pharmacy_mutation(&pharmacy)]).await.unwrap();
                }
            }
            Op::Sync { replica, faults } => sync(&replicas[replica], &faults).await,
            Op::RestartServer => server.restart().await,
            Op::Crash { replica } => replicas[replica].reopen().await,
        }
    }
    // The network heals; everyone syncs until nothing moves.
    for _ in 0..4 {
        for replica in &replicas {
            sync(replica, &[]).await;
        }
    }
    let held = server.all_changes().await;
    let held_ids: BTreeSet<Uuid> = held.iter().map(|change| change.change_id).collect();
    let acknowledged = server.acknowledged.lock().unwrap().clone();
    prop_assert!(acknowledged.is_subset(&held_ids), "the server lost an acknowledged change");
    prop_assert!(held.iter().all(|change| change.author != "ana" || change.entity != Entity::Pharmacy));
    let expected = fold_all(&held);
    for (index, replica) in replicas.iter().enumerate() {
        let store = replica.store();
        prop_assert_eq!(store.outbox_len().await.unwrap(), 0, "replica {} still has changes to push", index);
        let ids: BTreeSet<Uuid> = store.synced_changes().await.unwrap().iter().map(|change| change.change_id).collect();
        prop_assert_eq!(&ids, &held_ids, "replica {} holds other changes than the server", index);
        // Rows equal the server's fold: patients, preferences, settings.
        for n in 0..PATIENTS {
            let row = store.patient(patient(n).id).await.unwrap();
            let folded = &expected[&(Entity::Patient, patient(n).id)];
            prop_assert_eq!(row.zip.as_deref(), folded.get("zip").and_then(|value| value.as_str()));
            prop_assert_eq!(row.program.as_deref(), folded.get("program").and_then(|value| value.as_str()));
            prop_assert_eq!(row.assigned_to.as_deref(), folded.get("assigned_to").and_then(|value| value.as_str()));
        }
        for owner in 0..PREFERENCES {
            let id = Uuid::from_u128(0x2000 + owner as u128);
            let row = store.ui_locale(id).await.unwrap();
            let folded = expected.get(&(Entity::Preference, id)).and_then(|fields| fields.get("ui_locale")).cloned();
            prop_assert_eq!(row.map(|language| serde_json::json!(language)), folded);
        }
        let settings = store.pharmacy().await.unwrap().unwrap();
        let folded = &expected[&(Entity::Pharmacy, settings.id)];
        prop_assert_eq!(serde_json::json!(settings.call_rules.max_attempts), folded["max_attempts"].clone());
    }
    for replica in &mut replicas {
        if let Some(store) = replica.store.take() {
            store.close().await;
        }
    }
    server.state().storage.close().await;
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_on_the_server_and_no_acknowledged_change_is_lost(
        ops in prop::collection::vec(op(), 1..40),
        // Laptops' clocks up to three hours off, either way.
        skews in prop::collection::vec(-10_800_000i64..10_800_000, REPLICAS),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run_case(ops, skews))?;
    }
}

/// The same scenario once by hand, to read: two replicas edit one field
/// offline, the later edit wins everywhere, and a refused change is undone.
#[tokio::test]
async fn the_later_edit_wins_everywhere_and_a_refused_change_is_undone() {
    let root = temp_root();
    let (server, replicas) = setup(root.path(), &[0, 0, 0]).await;
    sync(&replicas[0], &[]).await;
    sync(&replicas[1], &[]).await;
    let edit = |program: &str| {
        let mut fields = serde_json::Map::new();
        fields.insert("program".into(), serde_json::json!(program));
        Mutation { entity: Entity::Patient, id: patient(0).id, fields }
    };
    replicas[0].store().apply_by("marta", vec![edit("Med Sync")]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    replicas[1].store().apply_by("marta", vec![edit("Specialty")]).await.unwrap();
    let mut settings = replicas[1].store().pharmacy().await.unwrap().unwrap();
    settings.call_rules.max_attempts = 9;
    replicas[1].store().apply_by("ana", vec![pharmacy_mutation(&settings)]).await.unwrap();
    // The later edit reaches the server first; the earlier one still loses.
    sync(&replicas[1], &[]).await;
    sync(&replicas[0], &[]).await;
    sync(&replicas[1], &[]).await;
    for replica in &replicas[..2] {
        let store = replica.store();
        assert_eq!(store.patient(patient(0).id).await.unwrap().program.as_deref(), Some("Specialty"));
        assert_ne!(
            store.pharmacy().await.unwrap().unwrap().call_rules.max_attempts,
            9,
            "the coordinator's change is undone"
        );
    }
    let notices = replicas[1].store().sync_notices("ana").await.unwrap();
    assert_eq!(notices.iter().map(|notice| notice.entity).collect::<Vec<_>>(), [Entity::Pharmacy]);
    let held: BTreeMap<_, _> =
        server.all_changes().await.into_iter().map(|change| (change.change_id, change)).collect();
    assert!(held.values().all(|change| change.author != "ana"));
    close_all(&server, replicas).await;
}

/// A laptop whose clock ran three hours fast before it ever heard from the
/// server: what it made then is stamped again by the server's clock, not
/// refused as from the future (nothing undone), and a later edit made on
/// another laptop still wins everywhere.
#[tokio::test]
async fn a_laptop_running_hours_fast_before_it_first_syncs_loses_nothing() {
    let root = temp_root();
    let (server, replicas) = setup(root.path(), &[0, 3 * 3_600_000, 0]).await;
    let owner = Uuid::from_u128(0x2001);
    replicas[1].store().apply(vec![preference_mutation(owner, Language::Spanish)]).await.unwrap();
    sync(&replicas[1], &[]).await;
    assert_eq!(replicas[1].store().outbox_len().await.unwrap(), 0, "it went out");
    let now = u64::try_from(Utc::now().timestamp_millis()).unwrap();
    let sent = server.all_changes().await.into_iter().find(|change| change.entity_id == owner).expect("on the server");
    assert!(sent.hlc.wall_ms <= now + enlace_sync::MAX_STAMP_AHEAD_MS, "stamped by the server's clock");
    assert!(replicas[1].store().sync_notices("").await.unwrap().is_empty(), "nothing undone");
    sync(&replicas[2], &[]).await;
    replicas[2].store().apply(vec![preference_mutation(owner, Language::English)]).await.unwrap();
    sync(&replicas[2], &[]).await;
    sync(&replicas[1], &[]).await;
    for replica in &replicas[1..] {
        assert_eq!(replica.store().ui_locale(owner).await.unwrap(), Some(Language::English));
    }
    close_all(&server, replicas).await;
}
