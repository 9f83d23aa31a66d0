//! The server's side of a real pharmacy's first day: the pharmacy record
//! its first supervisor creates travels to every laptop that joins, and the
//! rules the laptop's screens hold on settings and patient records hold on
//! the server against a laptop that skips them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use enlace_sync::{Entity, PullResponse, RejectReason};
use serde_json::json;
use uuid::Uuid;

const PHARMACY: u128 = 9;

fn pharmacy_fields(calling_start: &str) -> serde_json::Value {
    json!({ "name": "Botica del Pueblo", "phone": "+15205550142", "time_zone": "America/Phoenix",
            "calling_window_start": calling_start, "calling_window_end": "21:00", "reminder_lead_days": 7,
            "refill_too_soon_percent": 75, "retry_after_hours": 4, "max_attempts": 3, "daily_call_limit": 1,
            "weekly_call_limit": 3, "idle_lock_minutes": 15 })
}

#[tokio::test]
async fn the_pharmacy_its_supervisor_sets_up_reaches_every_laptop_that_joins() {
    let p = pharmacy().await;
    let setup =
        change(p.marta.device, 20, Entity::Pharmacy, Uuid::from_u128(PHARMACY), "marta", pharmacy_fields("08:00"));
    assert!(push(&p.state, &p.marta, &[&p.marta.credential], vec![setup]).await.rejected.is_empty());
    let (status, body) = call(&p.state, "GET", "/v1/pull?limit=1000", Some(&p.ana.token), None, Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let pulled: PullResponse = serde_json::from_slice(&body).unwrap();
    let pharmacy = pulled.changes.iter().find(|change| change.entity == Entity::Pharmacy).expect("the pharmacy");
    assert_eq!(pharmacy.fields["name"], "Botica del Pueblo");
}

#[tokio::test]
async fn settings_and_records_the_screens_refuse_are_refused_from_a_laptop_that_skips_them() {
    let p = pharmacy().await;
    // A supervisor's laptop that skips the settings screen's checks.
    let at_six =
        change(p.marta.device, 20, Entity::Pharmacy, Uuid::from_u128(PHARMACY), "marta", pharmacy_fields("06:00"));
    let no_attempts =
        change(p.marta.device, 21, Entity::Pharmacy, Uuid::from_u128(PHARMACY), "marta", json!({ "max_attempts": 0 }));
    let answer = push(&p.state, &p.marta, &[&p.marta.credential], vec![at_six, no_attempts]).await;
    assert_eq!(reasons(&answer), [RejectReason::Invalid, RejectReason::Invalid]);
    let early = change(
        p.ana.device,
        22,
        Entity::Patient,
        Uuid::from_u128(ROSA),
        "ana",
        json!({ "call_window_start": "06:30", "call_window_end": "09:00" }),
    );
    assert_eq!(reasons(&push(&p.state, &p.ana, &[&p.ana.credential], vec![early]).await), [RejectReason::Invalid]);

    // A pharmacist's call may take consent back; correcting the record is not theirs.
    let phones = json!({ "phones": [{ "kind": "mobile", "e164": "+17875550199" }] });
    let by_luis = change(p.luis.device, 23, Entity::Patient, Uuid::from_u128(ROSA), "luis", phones.clone());
    let dead =
        change(p.luis.device, 24, Entity::Patient, Uuid::from_u128(ROSA), "luis", json!({ "status": "deceased" }));
    let answer = push(&p.state, &p.luis, &[&p.luis.credential], vec![by_luis, dead]).await;
    assert_eq!(reasons(&answer), [RejectReason::NotPermitted, RejectReason::NotPermitted]);
    let do_not_call =
        change(p.luis.device, 25, Entity::Patient, Uuid::from_u128(ROSA), "luis", json!({ "consent_calls": false }));
    assert!(push(&p.state, &p.luis, &[&p.luis.credential], vec![do_not_call]).await.rejected.is_empty());

    // The coordinator corrects it, and marks a patient who moved away.
    let by_ana = change(p.ana.device, 26, Entity::Patient, Uuid::from_u128(ROSA), "ana", phones);
    let moved =
        change(p.ana.device, 27, Entity::Patient, Uuid::from_u128(ROSA), "ana", json!({ "status": "moved-away" }));
    assert!(push(&p.state, &p.ana, &[&p.ana.credential], vec![by_ana, moved]).await.rejected.is_empty());
}
