//! End to end: the `enlace-server` binary as its own process, and two app
//! stores in two data folders syncing through it. The demo pharmacy comes
//! from the first device (registered with the setup token); a pharmacist
//! registers the second with his own password. A consult requested on the
//! first shows on the second, is accepted there, and is scheduled on the first.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use enlace_app::{Actor, App, ConsultRequestInput};
use enlace_domain::{ConsultReason, ConsultStatus, Language, Urgency};
use enlace_store::MemoryKeyStore;
use enlace_sync::RegisterRequest;
use enlace_sync_client::{DeviceToken, SyncConfig, SyncEngine, http_client, register};

const SETUP_TOKEN: &str = "setup-token-for-the-test";

/// The server process; killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(data_dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_enlace-server"))
        .args(["--listen", "127.0.0.1:0", "--setup-token", SETUP_TOKEN, "--data-dir"])
        .arg(data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    // It says where it listens on its first line.
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("the server says where it listens").unwrap();
        if let Some(url) = line.strip_prefix("enlace-server: listening on ") {
            break url.to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

async fn connect(app: &App, server: &Server, username: &str, password: &str, setup: Option<&str>) -> SyncConfig {
    let client = http_client(None).unwrap();
    let request = RegisterRequest {
        username: username.into(),
        password: password.into(),
        device_id: app.store().device_id(),
        device_name: "test laptop".into(),
        setup_token: setup.map(Into::into),
    };
    let registered = register(&client, &server.url, &request).await.unwrap();
    let config = SyncConfig {
        server_url: server.url.clone(),
        token: DeviceToken(registered.token),
        username: registered.username,
        ca_pem: None,
    };
    config.save(app.store()).await.unwrap();
    config
}

async fn sync(app: &App, config: &SyncConfig) -> enlace_sync_client::SyncReport {
    let transport = config.transport().unwrap();
    SyncEngine::new(app.store(), &transport).sync_once(Utc::now()).await.unwrap()
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
    };
    assert!(register(&client, &server.url, &wrong).await.is_err(), "a wrong password registers nothing");
    let config_b = connect(&b, &server, "luis", "demo-pharmacist", None).await;
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
    sync(&a, &config_a).await;

    // On B it waits in the pharmacist's queue; he accepts the proposed time.
    sync(&b, &config_b).await;
    let luis = actor(&b, "luis").await;
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
