//! What the server keeps on disk and what unauthenticated callers may
//! cost it, played against the `enlace-server` binary as its own process:
//! its SQLite file is encrypted and every file in its folder is the server
//! user's alone; a plaintext database left by an earlier version is
//! encrypted in place, its data kept; and hundreds of parallel
//! registrations with wrong passwords neither exhaust its memory nor stop
//! it answering (the password pool is bounded, the excess told "busy").

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use std::os::unix::fs::PermissionsExt;

use enlace_server::storage::{self, DatabaseKey};
use sqlx::{ConnectOptions, Connection};
use uuid::Uuid;

use common::{ServerProcess as Server, start_process as start};

/// The server process's peak resident memory, from /proc.
fn peak_memory_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

async fn found(client: &reqwest::Client, url: &str) -> reqwest::Response {
    let device = Uuid::now_v7();
    let body = serde_json::json!({
        "username": "marta", "password": "demo-supervisor", "deviceId": device, "deviceName": "test",
        "setupToken": common::SETUP_TOKEN,
        "founder": [common::user_change(device, 1, common::MARTA, "marta", "supervisor", "demo-supervisor", "marta")],
    });
    client.post(format!("{url}/v1/register")).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn the_servers_files_are_encrypted_and_readable_by_its_user_alone() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("server-data");
    let server = start(&data, &[]);
    let client = reqwest::Client::new();
    assert!(found(&client, &server.url).await.status().is_success());
    drop(server);
    let database = data.join("enlace-server.db");
    let head = std::fs::read(&database).unwrap();
    assert_ne!(&head[..16], b"SQLite format 3\0", "patients and password hashes are not in plaintext");
    assert!(!head.windows(5).any(|window| window == b"marta"), "not a name in the clear");
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    for entry in std::fs::read_dir(&data).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{:?} is readable by others: {mode:o}", entry.file_name());
    }
    // Without its key the file opens as nothing.
    let wrong = storage::open(&format!("sqlite:{}", database.display()), Some(&DatabaseKey::generate())).await;
    assert!(matches!(wrong, Err(enlace_server::StorageError::WrongKey)), "{wrong:?}");
    assert!(matches!(
        storage::open(&format!("sqlite:{}", database.display()), None).await,
        Err(enlace_server::StorageError::KeyRequired)
    ));
}

#[tokio::test]
async fn a_plaintext_database_from_an_earlier_version_is_encrypted_in_place_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.db");
    let mut plain =
        sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true).connect().await.unwrap();
    sqlx::query("CREATE TABLE kept (value TEXT)").execute(&mut plain).await.unwrap();
    sqlx::query("INSERT INTO kept VALUES ('synthetic row')").execute(&mut plain).await.unwrap();
    plain.close().await.unwrap();
    let key = common::database_key();
    let opened = storage::open(&format!("sqlite:{}", path.display()), Some(&key)).await.unwrap();
    opened.close().await;
    assert_ne!(&std::fs::read(&path).unwrap()[..16], b"SQLite format 3\0");
    let mut encrypted = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .pragma("key", format!("\"x'{}'\"", "7a".repeat(32)))
        .connect()
        .await
        .unwrap();
    let value: String = sqlx::query_scalar("SELECT value FROM kept").fetch_one(&mut encrypted).await.unwrap();
    assert_eq!(value, "synthetic row");
    encrypted.close().await.unwrap();
}

/// A bounded load on loopback: 300 registrations at once, each with a wrong
/// password (argon2 takes ~19 MiB each). Unbounded, that is gigabytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_parallel_password_checks_neither_exhaust_memory_nor_stop_the_server() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("server-data");
    // No per-source limit here: every request comes from 127.0.0.1, and the pool is what is under test.
    let server = start(&data, &["--password-checks-per-minute", "100000"]);
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    assert!(found(&client, &server.url).await.status().is_success());
    let baseline = peak_memory_kib(&server);
    let attempts: Vec<_> = (0..300)
        .map(|n| {
            let client = client.clone();
            let url = server.url.clone();
            tokio::spawn(async move {
                let body = serde_json::json!({ "username": format!("user{n}"), "password": "wrong", "deviceId": Uuid::now_v7(),
                                               "deviceName": "attacker" });
                client.post(format!("{url}/v1/register")).json(&body).send().await.map(|response| response.status().as_u16())
            })
        })
        .collect();
    let health = client.get(format!("{}/health", server.url)).send().await.unwrap();
    assert!(health.status().is_success(), "the server answers while under the load");
    let mut statuses = std::collections::BTreeMap::new();
    for attempt in attempts {
        let status = attempt.await.unwrap().unwrap_or(0);
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert!(statuses.keys().all(|status| matches!(status, 401 | 503)), "{statuses:?}");
    assert!(statuses.get(&503).copied().unwrap_or(0) > 0, "the excess is told to come back: {statuses:?}");
    let peak = peak_memory_kib(&server);
    eprintln!("password-check load: {statuses:?}, peak {peak} KiB, before {baseline} KiB");
    assert!(
        peak < baseline + 200 * 1024,
        "peak {peak} KiB against {baseline} KiB before: the pool bounds what argon2 may hold"
    );
}
