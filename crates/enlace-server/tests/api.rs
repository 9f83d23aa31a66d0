//! The HTTP API through the server's router: the pharmacy's first device
//! founds the server with the setup token and its supervisor's own account,
//! others register with a user's password, the role table holds on pushes,
//! a revoked device can neither push nor pull, bad requests get clear 4xx
//! answers, and health, metrics and the web intake answer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use enlace_sync::{ApiErrorCode, Entity, RegisterResponse, RejectReason};
use serde_json::{Value, json};
use uuid::Uuid;

#[tokio::test]
async fn an_empty_server_is_founded_by_its_supervisor_with_the_setup_token() {
    let dir = tempfile::tempdir().unwrap();
    let state = open_server(dir.path(), test_limits()).await;
    let device = Uuid::now_v7();
    let founder = || vec![user_change(device, 1, MARTA, "marta", "supervisor", "demo-supervisor", "marta")];
    // Without the token, or without her account, or with another password: nothing.
    let no_token = register(&state, "marta", "demo-supervisor", device, None, founder()).await;
    expect_code(no_token, StatusCode::UNAUTHORIZED, ApiErrorCode::SetupRequired);
    let no_account = register(&state, "marta", "demo-supervisor", device, Some(SETUP_TOKEN), Vec::new()).await;
    expect_code(no_account, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::InvalidRequest);
    let coordinator = vec![user_change(device, 1, MARTA, "marta", "coordinator", "demo-supervisor", "marta")];
    let not_supervisor = register(&state, "marta", "demo-supervisor", device, Some(SETUP_TOKEN), coordinator).await;
    expect_code(not_supervisor, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::InvalidRequest);
    let wrong = register(&state, "marta", "not-hers", device, Some(SETUP_TOKEN), founder()).await;
    expect_code(wrong, StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized);
    let (status, body) = register(&state, "marta", "demo-supervisor", device, Some(SETUP_TOKEN), founder()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let registered: RegisterResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(registered.status, enlace_sync::DeviceStatus::Approved);
    let marta = laptop(device, &body);
    // Her account is the server's first user: her changes are hers from now on.
    let staff = vec![user_change(device, 2, ANA, "ana", "coordinator", "demo-coordinator", "marta")];
    assert!(push(&state, &marta, &[&marta.credential], staff).await.rejected.is_empty());
    // The setup token founds a server once.
    let again = register(&state, "ana", "demo-coordinator", Uuid::now_v7(), Some(SETUP_TOKEN), Vec::new()).await;
    let answer: RegisterResponse = serde_json::from_slice(&again.1).unwrap();
    assert_eq!(answer.status, enlace_sync::DeviceStatus::Pending, "the token helps nobody now");
}

#[tokio::test]
async fn roles_revocation_bad_requests_health_metrics_and_intake() {
    let p = pharmacy().await;
    // The role table holds on the server: a coordinator's settings change is refused.
    let settings = change(p.ana.device, 10, Entity::Pharmacy, Uuid::from_u128(9), "ana", json!({ "max_attempts": 9 }));
    let answer = push(&p.state, &p.ana, &[&p.ana.credential], vec![settings]).await;
    assert_eq!(reasons(&answer), [RejectReason::NotPermitted]);

    // Unknown users and wrong passwords get the same answer.
    let unknown = register(&p.state, "nobody", "demo-coordinator", Uuid::now_v7(), None, Vec::new()).await;
    expect_code(unknown, StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized);

    // Revoked, a device can do nothing.
    let revoke = format!("/v1/devices/{}/revoke", p.ana.device);
    let (status, _) =
        call(&p.state, "POST", &revoke, Some(&p.marta.token), Some(&p.marta.credential), Body::empty()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let pushed = call(&p.state, "POST", "/v1/push", Some(&p.ana.token), None, Body::from(r#"{"changes":[]}"#)).await;
    expect_code(pushed, StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked);
    let pulled = call(&p.state, "GET", "/v1/pull", Some(&p.ana.token), None, Body::empty()).await;
    expect_code(pulled, StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked);

    // Bad requests get clear 4xx answers.
    let garbled = call(&p.state, "POST", "/v1/push", Some(&p.marta.token), None, Body::from("{ not json")).await;
    expect_code(garbled, StatusCode::BAD_REQUEST, ApiErrorCode::InvalidRequest);
    let anonymous = call(&p.state, "POST", "/v1/push", None, None, Body::from("{}")).await;
    expect_code(anonymous, StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized);
    let huge = format!("{{\"changes\": [\"{}\"]}}", "x".repeat(enlace_server::MAX_BODY_BYTES + 1));
    let (status, _) = call(&p.state, "POST", "/v1/push", Some(&p.marta.token), None, Body::from(huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let huge_registration = format!("{{\"username\": \"{}\"}}", "x".repeat(1_000_000));
    let (status, _) = call(&p.state, "POST", "/v1/register", None, None, Body::from(huge_registration)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // The website's intake needs its key and a name and phone; its request reaches everyone.
    let intake = |key: &'static str, body: Value| intake(&p.state, key, body.to_string());
    let request = json!({ "kind": "refill", "name": "Rosa Peña", "dateOfBirth": null, "phone": "787-555-0177",
                          "message": "", "patientRef": "RX-1" });
    assert_eq!(intake("guess", request.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        intake(INTAKE_KEY, json!({ "kind": "refill", "name": "", "phone": "", "message": "" })).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(intake(INTAKE_KEY, request).await, StatusCode::ACCEPTED);
    let (_, body) = call(&p.state, "GET", "/v1/pull?limit=100", Some(&p.marta.token), None, Body::empty()).await;
    let pulled: enlace_sync::PullResponse = serde_json::from_slice(&body).unwrap();
    assert!(pulled.changes.iter().any(|change| change.entity == Entity::WebRequest));
    assert!(pulled.server_time_ms > 0, "every answer says the server's time");

    let (status, _) = call(&p.state, "GET", "/health", None, None, Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = call(&p.state, "GET", "/metrics", None, None, Body::empty()).await;
    let metrics = String::from_utf8(body).unwrap();
    assert!(metrics.contains("enlace_pushes_total 2"), "{metrics}");
    assert!(metrics.contains("enlace_changes_rejected_total 1"), "{metrics}");
}
