//! The HTTP API through the server's router: registration with a user's
//! password, the role table enforced on pushes, revocation (a revoked device
//! can neither push nor pull), clear 4xx answers for bad requests, health,
//! metrics and the web intake.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, SaltString};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use enlace_domain::HlcStamp;
use enlace_server::{ServerConfig, ServerState, router};
use enlace_sync::{ApiError, ApiErrorCode, Change, Entity, PushResponse, RegisterResponse, RejectReason};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

async fn call(
    state: &Arc<ServerState>,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Body,
) -> (StatusCode, Vec<u8>) {
    let mut request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = router(state.clone()).oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    (status, axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec())
}

async fn json_call(
    state: &Arc<ServerState>,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Value,
) -> (StatusCode, Vec<u8>) {
    call(state, method, uri, token, Body::from(body.to_string())).await
}

fn code(body: &[u8]) -> ApiErrorCode {
    serde_json::from_slice::<ApiError>(body).unwrap().code
}

fn hash(password: &str) -> String {
    let salt = SaltString::encode_b64(b"api-test-salt-16").unwrap();
    argon2::Argon2::default().hash_password(password.as_bytes(), &salt).unwrap().to_string()
}

fn change(device: Uuid, n: u64, entity: Entity, entity_id: Uuid, author: &str, fields: Value) -> Value {
    let Value::Object(fields) = fields else { unreachable!() };
    serde_json::to_value(Change {
        change_id: Uuid::now_v7(),
        entity,
        entity_id,
        fields,
        hlc: HlcStamp { wall_ms: 1_800_000_000_000 + n, counter: 0, device },
        device_id: device,
        author: author.into(),
    })
    .unwrap()
}

async fn register(
    state: &Arc<ServerState>,
    username: &str,
    password: &str,
    device: Uuid,
    setup: Option<&str>,
) -> (StatusCode, Vec<u8>) {
    let body = json!({ "username": username, "password": password, "deviceId": device, "deviceName": "test",
                       "setupToken": setup });
    json_call(state, "POST", "/v1/register", None, body).await
}

#[tokio::test]
async fn registration_roles_revocation_and_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("server.db").display());
    let config = ServerConfig { setup_token: Some("first".into()), intake_key: Some("website".into()) };
    let state = ServerState::open(&url, config).await.unwrap();

    // An empty server takes its first device only with the setup token.
    let first = Uuid::now_v7();
    let (status, body) = register(&state, "marta", "x", first, None).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, ApiErrorCode::SetupRequired));
    let (status, body) = register(&state, "marta", "x", first, Some("first")).await;
    assert_eq!(status, StatusCode::OK);
    let marta_token = serde_json::from_slice::<RegisterResponse>(&body).unwrap().token;

    // It brings the pharmacy's users.
    let users: Vec<Value> = [
        (1u128, "marta", "supervisor", "demo-supervisor"),
        (2, "ana", "coordinator", "demo-coordinator"),
    ]
    .iter()
    .enumerate()
    .map(|(n, (id, username, role, password))| {
        change(
            first,
            n as u64,
            Entity::User,
            Uuid::from_u128(*id),
            "",
            json!({
                "username": username, "roles": format!("[\"{role}\"]"), "active": true, "password_hash": hash(password),
            }),
        )
    })
    .collect();
    let (status, body) = json_call(&state, "POST", "/v1/push", Some(&marta_token), json!({ "changes": users })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_slice::<PushResponse>(&body).unwrap().accepted.len(), 2);

    // Now registration takes a user's own password, and the setup token no longer helps.
    let laptop = Uuid::now_v7();
    let (status, body) = register(&state, "ana", "wrong", laptop, Some("first")).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized));
    let (status, _) = register(&state, "nobody", "demo-coordinator", laptop, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an unknown user gets the same answer");
    let (status, body) = register(&state, "ANA", "demo-coordinator", laptop, None).await;
    assert_eq!(status, StatusCode::OK);
    let ana_token = serde_json::from_slice::<RegisterResponse>(&body).unwrap().token;

    // The role table holds on the server: a coordinator's settings change is refused.
    let settings = change(laptop, 10, Entity::Pharmacy, Uuid::from_u128(9), "ana", json!({ "max_attempts": 9 }));
    let (_, body) = json_call(&state, "POST", "/v1/push", Some(&ana_token), json!({ "changes": [settings] })).await;
    let answer: PushResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        answer.rejected.iter().map(|rejection| rejection.reason).collect::<Vec<_>>(),
        [RejectReason::NotPermitted]
    );

    // Only a supervisor revokes; then the device can do nothing.
    let revoke = format!("/v1/devices/{laptop}/revoke");
    let (status, body) = json_call(&state, "POST", &revoke, Some(&ana_token), json!({ "author": "ana" })).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, ApiErrorCode::Forbidden));
    let (status, _) = json_call(&state, "POST", &revoke, Some(&marta_token), json!({ "author": "marta" })).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = json_call(&state, "POST", "/v1/push", Some(&ana_token), json!({ "changes": [] })).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked));
    let (status, body) = call(&state, "GET", "/v1/pull", Some(&ana_token), Body::empty()).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked));
    let (status, body) = json_call(&state, "GET", "/v1/devices?author=marta", Some(&marta_token), Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let devices: Vec<Value> = serde_json::from_slice(&body).unwrap();
    assert_eq!(devices.iter().filter(|device| !device["revokedAt"].is_null()).count(), 1);

    // Bad requests get clear 4xx answers.
    let (status, body) = call(&state, "POST", "/v1/push", Some(&marta_token), Body::from("{ not json")).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, ApiErrorCode::InvalidRequest));
    let (status, body) = call(&state, "POST", "/v1/push", None, Body::from("{}")).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized));
    let huge = format!("{{\"changes\": [\"{}\"]}}", "x".repeat(enlace_server::MAX_BODY_BYTES + 1));
    let (status, _) = call(&state, "POST", "/v1/push", Some(&marta_token), Body::from(huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // The website's intake needs its key and a name and phone.
    let request = json!({ "kind": "refill", "name": "Rosa Peña", "dateOfBirth": null, "phone": "787-555-0177",
                          "message": "", "patientRef": "RX-1" });
    let intake = |key: &'static str, body: Value| {
        let state = state.clone();
        async move {
            let request = Request::builder()
                .method("POST")
                .uri("/v1/intake")
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-enlace-intake-key", key)
                .body(Body::from(body.to_string()))
                .unwrap();
            router(state).oneshot(request).await.unwrap().status()
        }
    };
    assert_eq!(intake("guess", request.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        intake("website", json!({ "kind": "refill", "name": "", "phone": "", "message": "" })).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(intake("website", request).await, StatusCode::ACCEPTED);
    let (_, body) = call(&state, "GET", "/v1/pull?limit=100", Some(&marta_token), Body::empty()).await;
    let pulled: enlace_sync::PullResponse = serde_json::from_slice(&body).unwrap();
    assert!(pulled.changes.iter().any(|change| change.entity == Entity::WebRequest));

    let (status, _) = call(&state, "GET", "/health", None, Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = call(&state, "GET", "/metrics", None, Body::empty()).await;
    let metrics = String::from_utf8(body).unwrap();
    assert!(metrics.contains("enlace_pushes_total 2"), "{metrics}");
    assert!(metrics.contains("enlace_changes_rejected_total 1"), "{metrics}");
}
