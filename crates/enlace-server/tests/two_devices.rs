//! End to end: the `enlace-server` binary as its own process, and app
//! stores in data folders of their own syncing through it. The demo
//! pharmacy comes from the first device (registered by its supervisor with
//! the setup token); a pharmacist registers the second with his own
//! password and the supervisor approves it. A consult requested on the
//! first shows on the second, is accepted there, and is scheduled on the
//! first. A real pharmacy set up from nothing reaches an empty server the
//! same way; and a chain of audit events rewritten on a laptop after it
//! synced is caught against the server's copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use std::time::Duration;

use chrono::Utc;
use enlace_app::{Actor, App, ConnectInput, ConsultRequestInput, DeviceStatusView, NewUser};
use enlace_domain::{ChainBreak, ConsultReason, ConsultStatus, Language, Role, Urgency};
use enlace_store::MemoryKeyStore;
use enlace_sync::RegisterRequest;
use enlace_sync_client::{SyncConfig, SyncEngine, SyncError, TransportError, http_client, register};

use common::{SETUP_TOKEN, ServerProcess as Server, start_process};

fn start_server(data_dir: &std::path::Path) -> Server {
    start_process(data_dir, &[])
}

fn input(server: &Server, username: &str, password: &str, setup: Option<&str>) -> ConnectInput {
    ConnectInput {
        server_url: server.url.clone(),
        username: username.into(),
        password: password.into(),
        setup_token: setup.map(Into::into),
        ca_certificate: None,
    }
}

/// A supervisor signed in on `app` connects it to the server.
async fn connect(app: &App, server: &Server, username: &str, password: &str, setup: Option<&str>) -> SyncConfig {
    let supervisor = app.sign_in(username, password, Utc::now()).await.unwrap();
    app.connect_sync(&Actor::user(&supervisor), input(server, username, password, setup), Utc::now()).await.unwrap();
    SyncConfig::load(app.store()).await.unwrap().unwrap()
}

async fn sync(app: &App, config: &SyncConfig) -> enlace_sync_client::SyncReport {
    try_sync(app, config).await.unwrap()
}

async fn try_sync(app: &App, config: &SyncConfig) -> Result<enlace_sync_client::SyncReport, SyncError> {
    let transport = config.transport().unwrap();
    SyncEngine::new(app.store(), &transport).sync_once(Utc::now()).await
}

async fn actor(app: &App, username: &str) -> Actor {
    Actor::user(&app.store().user_by_username(username).await.unwrap().expect("the user synced").user)
}

#[tokio::test]
async fn a_consult_requested_on_one_laptop_is_accepted_on_another_and_scheduled_on_the_first() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = start_server(server_dir.path());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (keys_a, keys_b) = (MemoryKeyStore::default(), MemoryKeyStore::default());

    let a = App::open(dir_a.path(), &keys_a).await.unwrap();
    a.seed_demo(Utc::now()).await.unwrap();
    let config_a = connect(&a, &server, "marta", "demo-supervisor", Some(SETUP_TOKEN)).await;
    let first = sync(&a, &config_a).await;
    assert!(first.pushed > 1_000, "the demo pharmacy goes up: {first:?}");
    assert!(first.undone.is_empty(), "{first:?}");
    assert_eq!(a.store().outbox_len().await.unwrap(), 0);

    // The second laptop starts empty; the pharmacist registers it with his own password.
    let b = App::open(dir_b.path(), &keys_b).await.unwrap();
    let client = http_client(None).unwrap();
    let wrong = RegisterRequest {
        username: "luis".into(),
        password: "not-his-password".into(),
        device_id: b.store().device_id(),
        device_name: "pharmacy desk".into(),
        setup_token: None,
        founder: Vec::new(),
        outbox_until: None,
    };
    assert!(register(&client, &server.url, &wrong).await.is_err(), "a wrong password registers nothing");
    b.join_server(input(&server, "luis", "demo-pharmacist", None)).await.unwrap();
    let config_b = SyncConfig::load(b.store()).await.unwrap().unwrap();
    // It waits for a supervisor: it pulls nothing until marta approves it from her laptop.
    assert!(matches!(try_sync(&b, &config_b).await, Err(SyncError::Transport(TransportError::Pending))));
    assert_eq!(b.store().patient_count().await.unwrap(), 0);
    let marta = actor(&a, "marta").await;
    let devices = a.sync_devices(&marta).await.unwrap();
    let waiting = devices.iter().find(|device| device.status == DeviceStatusView::Pending).expect("b waits");
    assert_eq!(waiting.device_id, b.store().device_id());
    a.approve_device(&marta, waiting.device_id, Utc::now()).await.unwrap();
    let pulled = sync(&b, &config_b).await;
    assert!(pulled.pulled >= first.pushed, "{pulled:?}");
    assert_eq!(b.store().patient_count().await.unwrap(), a.store().patient_count().await.unwrap());

    // On A, the coordinator asks for a Spanish consult.
    let ana = actor(&a, "ana").await;
    let patients = a.store().all_patients().await.unwrap();
    let patient = patients.iter().find(|patient| patient.preferred_language == Language::Spanish).unwrap();
    let request = ConsultRequestInput {
        patient_id: patient.id,
        reason: ConsultReason::SideEffects,
        reason_text: String::new(),
        urgency: Urgency::Today,
        language: None,
        preferred_times: Vec::new(),
        callback_phone: None,
        notes: String::new(),
    };
    let consult = a.request_consult(&ana, request, Utc::now()).await.unwrap();
    // Ana never signed in on A while it was connected: her request waits for her credential.
    let held = sync(&a, &config_a).await;
    assert!(held.held > 0, "{held:?}");
    assert!(a.obtain_credential("ana", "demo-coordinator").await.unwrap());
    let sent = sync(&a, &config_a).await;
    assert_eq!((sent.held, sent.undone.len()), (0, 0), "{sent:?}");

    // On B it waits in the pharmacist's queue; he accepts the proposed time.
    sync(&b, &config_b).await;
    let luis = actor(&b, "luis").await;
    assert!(b.obtain_credential("luis", "demo-pharmacist").await.unwrap(), "he holds his from registering");
    let queue = b.consult_queue(&luis).await.unwrap();
    assert_eq!(queue.iter().map(|row| row.consult.id).collect::<Vec<_>>(), [consult.id]);
    let slot = b.propose_consult_slot(&luis, consult.id, Utc::now()).await.unwrap().expect("a free slot");
    b.accept_consult(&luis, consult.id, slot, 1, Utc::now()).await.unwrap();
    let pushed = sync(&b, &config_b).await;
    assert!(pushed.undone.is_empty(), "{pushed:?}");

    // Back on A it is scheduled, at that time.
    sync(&a, &config_a).await;
    let mine = a.my_consult_requests(&ana).await.unwrap();
    assert_eq!((mine[0].consult.status, mine[0].consult.slot), (ConsultStatus::Scheduled, Some(slot)));

    // Everything each laptop holds, the other holds too.
    let ids = |changes: Vec<enlace_sync::Change>| {
        let mut ids: Vec<_> = changes.into_iter().map(|change| change.change_id).collect();
        ids.sort();
        ids
    };
    sync(&b, &config_b).await;
    assert_eq!(ids(a.store().synced_changes().await.unwrap()), ids(b.store().synced_changes().await.unwrap()));
    tokio::time::sleep(Duration::from_millis(10)).await;
    a.close().await;
    b.close().await;
}

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Synthetic {username}"),
        roles: vec![role],
        languages: vec![Language::Spanish, Language::English],
        ui_locale: Language::Spanish,
        password: format!("{username}-password-1"),
    }
}

#[tokio::test]
async fn a_real_pharmacy_set_up_from_nothing_reaches_an_empty_server() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = start_server(server_dir.path());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (keys_a, keys_b) = (MemoryKeyStore::default(), MemoryKeyStore::default());

    // The first-run screen: the pharmacy's first supervisor, then a coordinator, all offline.
    let a = App::open(dir_a.path(), &keys_a).await.unwrap();
    let rosa = a.create_first_supervisor(new_user("rosa", Role::Supervisor), Utc::now()).await.unwrap();
    a.add_user(&Actor::user(&rosa), new_user("nico", Role::Coordinator), Utc::now()).await.unwrap();
    let config_a = connect(&a, &server, "rosa", "rosa-password-1", Some(SETUP_TOKEN)).await;
    let first = sync(&a, &config_a).await;
    assert!(first.undone.is_empty(), "her own account and her work are hers: {first:?}");
    assert_eq!((first.held, a.store().outbox_len().await.unwrap()), (0, 0));
    assert!(SyncConfig::load(a.store()).await.unwrap().unwrap().bootstrap_until.is_none(), "the first upload is done");

    // The coordinator's new laptop joins, waits, is approved, and has the pharmacy.
    let b = App::open(dir_b.path(), &keys_b).await.unwrap();
    b.join_server(input(&server, "nico", "nico-password-1", None)).await.unwrap();
    let config_b = SyncConfig::load(b.store()).await.unwrap().unwrap();
    assert!(matches!(try_sync(&b, &config_b).await, Err(SyncError::Transport(TransportError::Pending))));
    let waiting = a.sync_devices(&Actor::user(&rosa)).await.unwrap();
    let pending: Vec<_> = waiting.iter().filter(|device| device.status == DeviceStatusView::Pending).collect();
    assert_eq!(pending.len(), 1);
    a.approve_device(&Actor::user(&rosa), pending[0].device_id, Utc::now()).await.unwrap();
    sync(&b, &config_b).await;
    let nico = b.sign_in("nico", "nico-password-1", Utc::now()).await.unwrap();
    // His sign-in is his, proven by the credential his registration brought.
    let report = sync(&b, &config_b).await;
    assert_eq!((report.held, report.undone.len()), (0, 0), "{report:?}");
    assert_eq!(nico.roles, [Role::Coordinator]);
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn a_chain_rewritten_after_it_synced_is_caught_against_the_servers_copy() {
    use sqlx::{ConnectOptions, Connection};
    let server_dir = tempfile::tempdir().unwrap();
    let server = start_server(server_dir.path());
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let rosa = app.create_first_supervisor(new_user("rosa", Role::Supervisor), Utc::now()).await.unwrap();
    let config = connect(&app, &server, "rosa", "rosa-password-1", Some(SETUP_TOKEN)).await;
    for _ in 0..3 {
        app.sign_in("rosa", "rosa-password-1", Utc::now()).await.unwrap();
    }
    sync(&app, &config).await;
    assert!(app.verify_audit().await.unwrap().intact());

    // Someone with the key edits event 2 and recomputes every later hash, and the head with them.
    let key = enlace_store::KeyStore::load(&keys).unwrap().unwrap();
    let mut raw = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(enlace_app::database_path(dir.path()))
        .pragma("key", format!("\"x'{}'\"", key.to_hex().as_str()))
        .connect()
        .await
        .unwrap();
    sqlx::query("DROP TRIGGER audit_event_no_update").execute(&mut raw).await.unwrap();
    let mut events = app.store().audit_chains().await.unwrap().remove(0);
    events[1].draft.username = "nobody".into();
    let mut previous = events[0].hash.clone();
    for event in &mut events[1..] {
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
    let last = events.last().unwrap();
    sqlx::query("UPDATE local_state SET value = ? WHERE key = 'audit-head'")
        .bind(format!("{}:{}", last.sequence, last.hash))
        .execute(&mut raw)
        .await
        .unwrap();
    raw.close().await.unwrap();
    let verified = app.verify_audit().await.unwrap();
    let device_id = app.store().device_id();
    assert!(
        verified
            .breaks
            .iter()
            .any(|broken| matches!(broken, ChainBreak::DiffersFromServer { device_id: id, .. } if *id == device_id)),
        "{:?}",
        verified.breaks
    );
    let _ = rosa;
    app.close().await;
}
