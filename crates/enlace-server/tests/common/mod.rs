//! What the server's tests share: a server in process over a temporary,
//! encrypted SQLite file, requests through its router, and the pharmacy a
//! hostile device meets there — founded by its supervisor with the setup
//! token, a coordinator and a pharmacist, each on an approved laptop of
//! their own with their credential.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // Not every test file uses every helper.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, SaltString};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use enlace_domain::HlcStamp;
use enlace_server::{DatabaseKey, Limits, ServerConfig, ServerState, router};
use enlace_sync::{ApiError, ApiErrorCode, Change, Entity, PushResponse, RegisterResponse, USER_CREDENTIAL_HEADER};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

pub const SETUP_TOKEN: &str = "first";
pub const INTAKE_KEY: &str = "website";

/// A test server's database key (synthetic, the test's own).
pub fn database_key() -> DatabaseKey {
    DatabaseKey::from_hex(&"7a".repeat(32)).unwrap()
}

/// Limits loose enough that a test's many requests from one source pass.
pub fn test_limits() -> Limits {
    Limits { password_checks_per_minute: 10_000, intake_per_minute: 10_000, ..Limits::default() }
}

pub async fn open_server(dir: &std::path::Path, limits: Limits) -> Arc<ServerState> {
    open_server_with(dir, limits, None).await
}

/// A server that also keeps releases (signed with `updates`' key).
pub async fn open_server_with(
    dir: &std::path::Path,
    limits: Limits,
    updates: Option<enlace_server::UpdateConfig>,
) -> Arc<ServerState> {
    let url = format!("sqlite:{}", dir.join("server.db").display());
    let config = ServerConfig {
        setup_token: Some(SETUP_TOKEN.into()),
        intake_key: Some(INTAKE_KEY.into()),
        database_key: Some(database_key()),
        limits,
        updates,
    };
    ServerState::open(&url, config).await.unwrap()
}

/// A request through the router: method, path, the device's token, a user's credential, a body.
pub async fn call(
    state: &Arc<ServerState>,
    method: &str,
    uri: &str,
    token: Option<&str>,
    credential: Option<&str>,
    body: Body,
) -> (StatusCode, Vec<u8>) {
    let mut request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(credential) = credential {
        request = request.header(USER_CREDENTIAL_HEADER, credential);
    }
    let response = router(state.clone()).oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    (status, axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec())
}

pub fn code(body: &[u8]) -> ApiErrorCode {
    serde_json::from_slice::<ApiError>(body).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(body))).code
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::encode_b64(b"api-test-salt-16").unwrap();
    argon2::Argon2::default().hash_password(password.as_bytes(), &salt).unwrap().to_string()
}

/// Stamps a little in the past of the server's clock, one millisecond apart.
pub fn stamp(device: Uuid, n: u64) -> HlcStamp {
    let now = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap();
    HlcStamp { wall_ms: now - 60_000 + n, counter: 0, device }
}

pub fn change(device: Uuid, n: u64, entity: Entity, entity_id: Uuid, author: &str, fields: Value) -> Change {
    let Value::Object(fields) = fields else { unreachable!() };
    Change {
        change_id: Uuid::now_v7(),
        entity,
        entity_id,
        fields,
        hlc: stamp(device, n),
        device_id: device,
        author: author.into(),
    }
}

pub fn user_change(device: Uuid, n: u64, id: u128, username: &str, role: &str, password: &str, author: &str) -> Change {
    change(
        device,
        n,
        Entity::User,
        Uuid::from_u128(id),
        author,
        json!({ "username": username, "display_name": username, "roles": [role], "languages": ["es-US", "en-US"],
                "ui_locale": "es-US", "active": true, "password_hash": hash(password) }),
    )
}

pub fn patient_change(device: Uuid, n: u64, id: u128, author: &str) -> Change {
    change(
        device,
        n,
        Entity::Patient,
        Uuid::from_u128(id),
        author,
        json!({ "given_name": "Rosa", "family_name": "Peña", "date_of_birth": "1950-01-01",
                "preferred_language": "es-US", "phones": [{ "kind": "mobile", "e164": "+17875550100" }],
                "consent_calls": true, "consent_texts": false, "consent_voicemail_detail": false }),
    )
}

/// One laptop as the server knows it: its id, token and its user's credential there.
#[derive(Debug, Clone)]
pub struct Laptop {
    pub device: Uuid,
    pub token: String,
    pub credential: String,
}

pub async fn register(
    state: &Arc<ServerState>,
    username: &str,
    password: &str,
    device: Uuid,
    setup: Option<&str>,
    founder: Vec<Change>,
) -> (StatusCode, Vec<u8>) {
    let body = json!({ "username": username, "password": password, "deviceId": device, "deviceName": "test",
                       "setupToken": setup, "founder": founder, "outboxUntil": null });
    call(state, "POST", "/v1/register", None, None, Body::from(body.to_string())).await
}

pub fn laptop(device: Uuid, body: &[u8]) -> Laptop {
    let registered: RegisterResponse =
        serde_json::from_slice(body).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(body)));
    Laptop { device, token: registered.token.0, credential: registered.credential.0 }
}

pub async fn push(
    state: &Arc<ServerState>,
    laptop: &Laptop,
    credentials: &[&str],
    changes: Vec<Change>,
) -> PushResponse {
    let body = json!({ "changes": changes, "credentials": credentials });
    let (status, body) = call(state, "POST", "/v1/push", Some(&laptop.token), None, Body::from(body.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap()
}

pub const MARTA: u128 = 1;
pub const ANA: u128 = 2;
pub const LUIS: u128 = 3;
pub const ROSA: u128 = 50;

/// The pharmacy: marta founded the server from her laptop; ana and luis
/// registered laptops of their own, which marta approved.
pub struct Pharmacy {
    pub dir: tempfile::TempDir,
    pub state: Arc<ServerState>,
    pub marta: Laptop,
    pub ana: Laptop,
    pub luis: Laptop,
}

pub async fn pharmacy() -> Pharmacy {
    pharmacy_with(test_limits()).await
}

pub async fn pharmacy_with(limits: Limits) -> Pharmacy {
    pharmacy_serving(limits, None).await
}

/// The pharmacy, on a server given a release key (its releases in `updates/` of the test's folder).
pub async fn pharmacy_serving_updates(public_key: &str) -> Pharmacy {
    pharmacy_serving(test_limits(), Some(public_key)).await
}

async fn pharmacy_serving(limits: Limits, release_key: Option<&str>) -> Pharmacy {
    let dir = tempfile::tempdir().unwrap();
    let updates = release_key
        .map(|key| enlace_server::UpdateConfig { dir: dir.path().join("updates"), public_key: key.to_owned() });
    let state = open_server_with(dir.path(), limits, updates).await;
    let marta_device = Uuid::now_v7();
    let founder = vec![user_change(marta_device, 1, MARTA, "marta", "supervisor", "demo-supervisor", "marta")];
    let (status, body) = register(&state, "marta", "demo-supervisor", marta_device, Some(SETUP_TOKEN), founder).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let marta = laptop(marta_device, &body);
    let staff = vec![
        user_change(marta_device, 2, ANA, "ana", "coordinator", "demo-coordinator", "marta"),
        user_change(marta_device, 3, LUIS, "luis", "pharmacist", "demo-pharmacist", "marta"),
        patient_change(marta_device, 4, ROSA, "marta"),
    ];
    let answer = push(&state, &marta, &[&marta.credential], staff).await;
    assert!(answer.rejected.is_empty(), "{answer:?}");
    let mut others = Vec::new();
    for (username, password) in [("ana", "demo-coordinator"), ("luis", "demo-pharmacist")] {
        let device = Uuid::now_v7();
        let (status, body) = register(&state, username, password, device, None, Vec::new()).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        let (status, _) = call(
            &state,
            "POST",
            &format!("/v1/devices/{device}/approve"),
            Some(&marta.token),
            Some(&marta.credential),
            Body::empty(),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        others.push(laptop(device, &body));
    }
    let luis = others.pop().unwrap();
    let ana = others.pop().unwrap();
    Pharmacy { dir, state, marta, ana, luis }
}

pub fn reasons(answer: &PushResponse) -> Vec<enlace_sync::RejectReason> {
    answer.rejected.iter().map(|rejection| rejection.reason).collect()
}

pub fn expect_code(result: (StatusCode, Vec<u8>), status: StatusCode, expected: ApiErrorCode) {
    assert_eq!((result.0, code(&result.1)), (status, expected));
}

/// The `enlace-server` binary as its own process; killed when dropped.
pub struct ServerProcess {
    pub child: Child,
    pub url: String,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server binary on a free loopback port over `data_dir`, with the test setup token.
pub fn start_process(data_dir: &std::path::Path, extra: &[&str]) -> ServerProcess {
    let mut child = Command::new(env!("CARGO_BIN_EXE_enlace-server"))
        .args(["--listen", "127.0.0.1:0", "--setup-token", SETUP_TOKEN, "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .env_remove("ENLACE_SERVER_DB_KEY")
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
    ServerProcess { child, url }
}

/// A post to the website's intake with `key`, as the pharmacy's website sends it.
pub async fn intake(state: &Arc<ServerState>, key: &str, body: String) -> StatusCode {
    let request = Request::builder()
        .method("POST")
        .uri("/v1/intake")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-enlace-intake-key", key)
        .body(Body::from(body))
        .unwrap();
    router(state.clone()).oneshot(request).await.unwrap().status()
}
