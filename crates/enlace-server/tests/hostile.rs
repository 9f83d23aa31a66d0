//! The server against hostile devices and users: a coordinator with her own
//! password and laptop, a stolen credential or token, a forged or replayed
//! request, a poisonous value, a stamp from the end of time, a consult step
//! slipped in without its event. Each was red on the server before issue 19
//! (see the issue's closing note); each is refused now.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use common::*;
use enlace_domain::audit::chain_event;
use enlace_domain::{AuditAction, AuditDraft, ChainHead, HlcStamp};
use enlace_sync::{ApiErrorCode, Change, DeviceInfo, Entity, PullResponse, RejectReason};
use serde_json::{Value, json};
use uuid::Uuid;

async fn pull_all(pharmacy: &Pharmacy, laptop: &Laptop) -> Vec<Change> {
    let (status, body) =
        call(&pharmacy.state, "GET", "/v1/pull?limit=10000", Some(&laptop.token), None, Body::empty()).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice::<PullResponse>(&body).unwrap().changes
}

#[tokio::test]
async fn a_change_counts_as_a_users_only_with_their_credential_from_that_laptop() {
    let p = pharmacy().await;
    // Ana writes marta's name on a change that makes her a supervisor.
    let promote =
        change(p.ana.device, 10, Entity::User, Uuid::from_u128(ANA), "marta", json!({ "roles": ["supervisor"] }));
    let answer = push(&p.state, &p.ana, &[&p.ana.credential], vec![promote]).await;
    assert_eq!(reasons(&answer), [RejectReason::NotPermitted]);
    // Or replaces marta's password hash in her own name.
    let takeover =
        change(p.ana.device, 11, Entity::User, Uuid::from_u128(MARTA), "ana", json!({ "password_hash": hash("mine") }));
    assert_eq!(
        reasons(&push(&p.state, &p.ana, &[&p.ana.credential], vec![takeover]).await),
        [RejectReason::NotPermitted]
    );
    // Marta's credential, stolen from her laptop, proves nothing on ana's.
    let forged = change(p.ana.device, 12, Entity::Pharmacy, Uuid::from_u128(9), "marta", json!({ "max_attempts": 9 }));
    assert_eq!(
        reasons(&push(&p.state, &p.ana, &[&p.marta.credential], vec![forged]).await),
        [RejectReason::NotPermitted]
    );
    // With no credential at all, ana's own call record is not hers either.
    let call_record =
        change(p.ana.device, 13, Entity::Interaction, Uuid::now_v7(), "ana", json!({ "disposition": "busy" }));
    assert_eq!(reasons(&push(&p.state, &p.ana, &[], vec![call_record.clone()]).await), [RejectReason::NotPermitted]);
    let mut again = call_record;
    again.change_id = Uuid::now_v7();
    again.fields = interaction_fields(&p.ana);
    assert!(push(&p.state, &p.ana, &[&p.ana.credential], vec![again]).await.rejected.is_empty(), "with it, it is");
}

fn interaction_fields(_laptop: &Laptop) -> serde_json::Map<String, Value> {
    let Value::Object(fields) = json!({
        "patient_id": Uuid::from_u128(ROSA), "occurred_at": "2026-12-03T15:00:00.000Z", "recorded_by": "ana",
        "channel": "outbound-call", "disposition": "busy", "notes": "", "language": "es-US", "interpreter_used": false,
    }) else {
        unreachable!()
    };
    fields
}

#[tokio::test]
async fn only_a_supervisors_own_credential_lists_approves_or_revokes_devices() {
    let p = pharmacy().await;
    let list = |laptop: &Laptop, credential: Option<&str>| {
        let state = p.state.clone();
        let token = laptop.token.clone();
        let credential = credential.map(str::to_owned);
        async move {
            call(&state, "GET", "/v1/devices?author=marta", Some(&token), credential.as_deref(), Body::empty()).await
        }
    };
    // Naming the supervisor in a parameter does nothing; ana's own credential is no supervisor's.
    expect_code(list(&p.ana, None).await, StatusCode::FORBIDDEN, ApiErrorCode::Forbidden);
    expect_code(list(&p.ana, Some(&p.ana.credential)).await, StatusCode::FORBIDDEN, ApiErrorCode::Forbidden);
    // Marta's credential works only from the laptop it was issued to.
    expect_code(list(&p.ana, Some(&p.marta.credential)).await, StatusCode::FORBIDDEN, ApiErrorCode::Forbidden);
    let revoke = format!("/v1/devices/{}/revoke", p.marta.device);
    let body = || Body::from(json!({ "author": "marta" }).to_string());
    let refused = call(&p.state, "POST", &revoke, Some(&p.ana.token), Some(&p.ana.credential), body()).await;
    expect_code(refused, StatusCode::FORBIDDEN, ApiErrorCode::Forbidden);
    let (status, body) = list(&p.marta, Some(&p.marta.credential)).await;
    assert_eq!(status, StatusCode::OK);
    let devices: Vec<DeviceInfo> = serde_json::from_slice(&body).unwrap();
    assert_eq!(devices.len(), 3);
    assert!(devices.iter().all(|device| device.revoked_at.is_none()), "nothing was revoked");
}

#[tokio::test]
async fn a_device_id_is_never_taken_over_nor_a_revoked_one_revived() {
    let p = pharmacy().await;
    // Ana's password and marta's device id (on every change marta pushed).
    let taken = register(&p.state, "ana", "demo-coordinator", p.marta.device, None, Vec::new()).await;
    expect_code(taken, StatusCode::CONFLICT, ApiErrorCode::DeviceExists);
    let (status, _) = call(&p.state, "GET", "/v1/pull", Some(&p.marta.token), None, Body::empty()).await;
    assert_eq!(status, StatusCode::OK, "marta's laptop still works");
    // A revoked laptop stays revoked, whoever registers its id again.
    let uri = format!("/v1/devices/{}/revoke", p.ana.device);
    let (status, _) =
        call(&p.state, "POST", &uri, Some(&p.marta.token), Some(&p.marta.credential), Body::empty()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let revived = register(&p.state, "marta", "demo-supervisor", p.ana.device, None, Vec::new()).await;
    expect_code(revived, StatusCode::CONFLICT, ApiErrorCode::DeviceExists);
    let pulled = call(&p.state, "GET", "/v1/pull", Some(&p.ana.token), None, Body::empty()).await;
    expect_code(pulled, StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked);
}

#[tokio::test]
async fn a_new_laptop_pulls_nothing_until_a_supervisor_approves_it() {
    let p = pharmacy().await;
    let device = Uuid::now_v7();
    let (status, body) = register(&p.state, "ana", "demo-coordinator", device, None, Vec::new()).await;
    assert_eq!(status, StatusCode::OK);
    let new = laptop(device, &body);
    let pulled = call(&p.state, "GET", "/v1/pull", Some(&new.token), None, Body::empty()).await;
    expect_code(pulled, StatusCode::FORBIDDEN, ApiErrorCode::DevicePending);
    let pushed = call(&p.state, "POST", "/v1/push", Some(&new.token), None, Body::from(r#"{"changes":[]}"#)).await;
    expect_code(pushed, StatusCode::FORBIDDEN, ApiErrorCode::DevicePending);
    // Another coordinator cannot approve it; the supervisor can.
    let uri = format!("/v1/devices/{device}/approve");
    let by_ana = call(&p.state, "POST", &uri, Some(&p.ana.token), Some(&p.ana.credential), Body::empty()).await;
    expect_code(by_ana, StatusCode::FORBIDDEN, ApiErrorCode::Forbidden);
    let (status, _) =
        call(&p.state, "POST", &uri, Some(&p.marta.token), Some(&p.marta.credential), Body::empty()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let changes = pull_all(&p, &new).await;
    assert!(changes.iter().any(|change| change.entity == Entity::Patient));
    assert!(changes.iter().all(|change| !change.fields.contains_key("pin_hash")), "a PIN never travels");
    // A supervisor's own password registers a laptop approved at once.
    let (_, body) = register(&p.state, "marta", "demo-supervisor", Uuid::now_v7(), None, Vec::new()).await;
    assert_eq!(
        serde_json::from_slice::<enlace_sync::RegisterResponse>(&body).unwrap().status,
        enlace_sync::DeviceStatus::Approved
    );
}

#[tokio::test]
async fn a_pin_hash_is_refused_as_a_field_no_user_has() {
    let p = pharmacy().await;
    let pin =
        change(p.marta.device, 20, Entity::User, Uuid::from_u128(MARTA), "marta", json!({ "pin_hash": hash("1234") }));
    assert_eq!(reasons(&push(&p.state, &p.marta, &[&p.marta.credential], vec![pin]).await), [RejectReason::Invalid]);
}

#[tokio::test]
async fn disabling_a_user_stops_their_credentials_at_once_but_their_revocation_is_kept() {
    let p = pharmacy().await;
    let disable = change(p.marta.device, 30, Entity::User, Uuid::from_u128(ANA), "marta", json!({ "active": false }));
    assert!(push(&p.state, &p.marta, &[&p.marta.credential], vec![disable]).await.rejected.is_empty());
    let mut record = change(p.ana.device, 31, Entity::Interaction, Uuid::now_v7(), "ana", json!({}));
    record.fields = interaction_fields(&p.ana);
    let do_not_call =
        change(p.ana.device, 32, Entity::Patient, Uuid::from_u128(ROSA), "ana", json!({ "consent_calls": false }));
    let revocation = change(
        p.ana.device,
        33,
        Entity::ConsentRecord,
        Uuid::now_v7(),
        "ana",
        json!({ "patient_id": Uuid::from_u128(ROSA), "action": "revoked", "recorded_by": "ana",
                "recorded_at": "2026-12-03T15:00:00.000Z", "language": "es-US", "text_version": "consent-text-v1",
                "consent_calls": false, "consent_texts": false, "consent_voicemail_detail": false }),
    );
    let answer = push(&p.state, &p.ana, &[&p.ana.credential], vec![record, do_not_call, revocation]).await;
    assert_eq!(reasons(&answer), [RejectReason::NotPermitted], "the call record goes; the do-not-call stays");
    assert_eq!(answer.accepted.len(), 2);
    // Nor does her password earn her a new credential.
    let asked = call(
        &p.state,
        "POST",
        "/v1/credentials",
        Some(&p.ana.token),
        None,
        Body::from(json!({ "username": "ana", "password": "demo-coordinator" }).to_string()),
    )
    .await;
    expect_code(asked, StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized);
}

#[tokio::test]
async fn wrong_passwords_lock_a_username_out_on_the_server_as_on_the_laptop() {
    let p = pharmacy().await;
    let ask = |password: &'static str| {
        let state = p.state.clone();
        let token = p.ana.token.clone();
        async move {
            let body = json!({ "username": "luis", "password": password }).to_string();
            call(&state, "POST", "/v1/credentials", Some(&token), None, Body::from(body)).await
        }
    };
    for _ in 0..5 {
        expect_code(ask("guess").await, StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized);
    }
    let (status, body) = ask("demo-pharmacist").await;
    assert_eq!((status, code(&body)), (StatusCode::TOO_MANY_REQUESTS, ApiErrorCode::SignInWait));
    let error: enlace_sync::ApiError = serde_json::from_slice(&body).unwrap();
    assert!(error.retry_after_seconds.is_some_and(|seconds| seconds >= 1));
}

#[tokio::test]
async fn values_a_laptop_could_not_store_are_refused_and_nothing_poisons_a_pull() {
    let p = pharmacy().await;
    let bad = vec![
        change(p.marta.device, 40, Entity::Patient, Uuid::from_u128(ROSA), "marta", json!({ "phones": "x" })),
        change(p.marta.device, 41, Entity::Patient, Uuid::from_u128(ROSA), "marta", json!({ "consent_calls": "yes" })),
        change(p.marta.device, 42, Entity::Patient, Uuid::from_u128(ROSA), "marta", json!({ "given_name": null })),
        change(p.marta.device, 43, Entity::Prescription, Uuid::now_v7(), "marta", json!({ "days_supply": -1 })),
    ];
    let answer = push(&p.state, &p.marta, &[&p.marta.credential], bad).await;
    assert_eq!(reasons(&answer), [RejectReason::Invalid; 4]);
    assert!(pull_all(&p, &p.luis).await.iter().all(|change| enlace_sync::Change::check(change).is_ok()));
}

fn audit_change(
    laptop: &Laptop,
    head: &ChainHead,
    n: u64,
    id: Uuid,
    username: &str,
    user: u128,
) -> (Change, ChainHead) {
    let occurred_at: DateTime<Utc> = "2026-12-03T10:00:00.000Z".parse().unwrap();
    let draft = AuditDraft {
        occurred_at,
        user_id: Some(Uuid::from_u128(user)),
        username: username.into(),
        action: AuditAction::View,
        entity: Some("patient".into()),
        entity_id: Some(Uuid::from_u128(ROSA)),
    };
    let (event, next) = chain_event(head, id, laptop.device, draft);
    let change = change(
        laptop.device,
        n,
        Entity::AuditEvent,
        id,
        username,
        json!({ "device_id": laptop.device, "sequence": event.sequence, "occurred_at": "2026-12-03T10:00:00.000Z",
                "user_id": Uuid::from_u128(user), "username": username, "action": "view", "entity": "patient",
                "entity_id": Uuid::from_u128(ROSA), "previous_hash": event.previous_hash, "hash": event.hash }),
    );
    (change, next)
}

#[tokio::test]
async fn audit_events_are_written_once_in_their_devices_chain_under_their_proven_author() {
    let p = pharmacy().await;
    let id = Uuid::now_v7();
    let (first, head) = audit_change(&p.ana, &ChainHead::genesis(), 50, id, "ana", ANA);
    let answer = push(&p.state, &p.ana, &[&p.ana.credential], vec![first.clone()]).await;
    assert!(answer.rejected.is_empty(), "{answer:?}");
    assert_eq!(answer.audit_head.map(ChainHead::from), Some(head.clone()), "the server says where the chain ends");
    // The same id again, rehashed: an append-only record rewritten.
    let (mut reused, _) = audit_change(&p.ana, &ChainHead::genesis(), 51, id, "ana", ANA);
    reused.fields.insert("action".into(), json!("export"));
    assert_eq!(reasons(&push(&p.state, &p.ana, &[&p.ana.credential], vec![reused]).await), [RejectReason::Invalid]);
    // A new event claiming to be luis's, or not following the server's head.
    let (as_luis, _) = audit_change(&p.ana, &head, 52, Uuid::now_v7(), "luis", LUIS);
    let (skipping, _) =
        audit_change(&p.ana, &ChainHead { sequence: 5, hash: head.hash.clone() }, 53, Uuid::now_v7(), "ana", ANA);
    let answer = push(&p.state, &p.ana, &[&p.ana.credential], vec![as_luis, skipping]).await;
    assert_eq!(reasons(&answer), [RejectReason::NotPermitted, RejectReason::Invalid]);
    // A call record is written once too.
    let mut call_record = change(p.ana.device, 54, Entity::Interaction, Uuid::now_v7(), "ana", json!({}));
    call_record.fields = interaction_fields(&p.ana);
    let mut rewrite = call_record.clone();
    rewrite.change_id = Uuid::now_v7();
    rewrite.fields = serde_json::Map::from_iter([("notes".to_owned(), json!("never happened"))]);
    let answer = push(&p.state, &p.ana, &[&p.ana.credential], vec![call_record, rewrite]).await;
    assert_eq!(reasons(&answer), [RejectReason::Invalid]);
}

#[tokio::test]
async fn a_stamp_from_the_end_of_time_is_refused() {
    let p = pharmacy().await;
    let mut forever =
        change(p.marta.device, 0, Entity::Patient, Uuid::from_u128(ROSA), "marta", json!({ "zip": "00901" }));
    forever.hlc = HlcStamp { wall_ms: enlace_domain::MAX_WALL_MS, counter: u32::MAX, device: p.marta.device };
    let mut tomorrow = forever.clone();
    tomorrow.change_id = Uuid::now_v7();
    tomorrow.hlc =
        HlcStamp { wall_ms: stamp(p.marta.device, 0).wall_ms + 86_400_000, counter: 0, device: p.marta.device };
    let answer = push(&p.state, &p.marta, &[&p.marta.credential], vec![forever, tomorrow]).await;
    assert_eq!(reasons(&answer), [RejectReason::Invalid, RejectReason::Invalid]);
}

#[tokio::test]
async fn a_consult_step_cannot_slip_past_the_checks_in_a_batch_of_its_own() {
    let p = pharmacy().await;
    let pharmacist = Uuid::from_u128(LUIS);
    let start = "2026-12-04T15:00:00.000Z";
    let end = "2026-12-04T15:15:00.000Z";
    let requests: Vec<Change> = [901u128, 902]
        .into_iter()
        .enumerate()
        .map(|(n, id)| {
            change(
                p.ana.device,
                60 + n as u64,
                Entity::Consult,
                Uuid::from_u128(id),
                "ana",
                json!({ "patient_id": Uuid::from_u128(ROSA), "requested_by": "ana", "requested_at": start,
                        "reason": "side-effects", "reason_text": "", "urgency": "today", "language": "es-US",
                        "preferred_times": [], "callback_phone": "+17875550100", "notes": "", "status": "requested",
                        "interpreter_needed": false, "version": 1 }),
            )
        })
        .collect();
    assert!(push(&p.state, &p.ana, &[&p.ana.credential], requests).await.rejected.is_empty());
    let step = json!({ "status": "scheduled", "version": 2, "pharmacist_id": pharmacist, "slot_start": start, "slot_end": end });
    let accept = change(p.luis.device, 70, Entity::Consult, Uuid::from_u128(901), "luis", step.clone());
    assert!(push(&p.state, &p.luis, &[&p.luis.credential], vec![accept]).await.rejected.is_empty());
    // The same slot for the other request, its event "in another batch".
    let double = change(p.luis.device, 71, Entity::Consult, Uuid::from_u128(902), "luis", step);
    assert_eq!(reasons(&push(&p.state, &p.luis, &[&p.luis.credential], vec![double]).await), [RejectReason::SlotTaken]);
    // An event for a step its device never took stands alone: refused.
    let event = change(
        p.luis.device,
        72,
        Entity::ConsultEvent,
        Uuid::now_v7(),
        "luis",
        json!({ "consult_id": Uuid::from_u128(902), "occurred_at": start, "username": "luis", "transition": "schedule",
                "from_status": "requested", "to_status": "scheduled", "based_on_version": 1, "note": "" }),
    );
    assert_eq!(
        reasons(&push(&p.state, &p.luis, &[&p.luis.credential], vec![event]).await),
        [RejectReason::ConsultChanged]
    );
    // A completion straight from "requested" is no step the state machine knows.
    let complete = change(
        p.luis.device,
        73,
        Entity::Consult,
        Uuid::from_u128(902),
        "luis",
        json!({ "status": "completed", "version": 2 }),
    );
    assert_eq!(reasons(&push(&p.state, &p.luis, &[&p.luis.credential], vec![complete]).await), [RejectReason::Invalid]);
}

#[tokio::test]
async fn the_intake_checks_its_key_before_reading_a_byte_and_caps_every_field() {
    let p = pharmacy().await;
    let send = |key: &'static str, body: String| intake(&p.state, key, body);
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(1_000_000));
    assert_eq!(send("guess", big.clone()).await, StatusCode::UNAUTHORIZED, "a wrong key is refused whatever follows");
    assert_eq!(send("website", big).await, StatusCode::PAYLOAD_TOO_LARGE);
    let valid = |patient_ref: String| {
        json!({ "kind": "refill", "name": "Rosa Peña", "phone": "787-555-0100", "message": "", "patientRef": patient_ref })
            .to_string()
    };
    assert_eq!(send("website", valid("R".repeat(65))).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(send("website", valid("RX-1".into())).await, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn every_unauthenticated_route_is_rate_limited_per_source() {
    let limits = enlace_server::Limits { password_checks_per_minute: 3, intake_per_minute: 2, ..test_limits() };
    let p = pharmacy_with(limits).await;
    // The pharmacy's own set-up used the allowance: the next registration is held back.
    let held = register(&p.state, "ana", "wrong", Uuid::now_v7(), None, Vec::new()).await;
    expect_code(held, StatusCode::TOO_MANY_REQUESTS, ApiErrorCode::RateLimited);
    let body = || json!({ "kind": "refill", "name": "Rosa", "phone": "787-555-0100", "message": "" }).to_string();
    for expected in [StatusCode::ACCEPTED, StatusCode::ACCEPTED, StatusCode::TOO_MANY_REQUESTS] {
        assert_eq!(intake(&p.state, INTAKE_KEY, body()).await, expected);
    }
}
