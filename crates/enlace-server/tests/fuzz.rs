//! Arbitrary JSON at every route, and arbitrary changes pushed by an
//! approved device with real credentials, then pulled by a laptop: no
//! request panics the server or gets a 5xx, nothing the server keeps fails
//! the schema, and a laptop applies every page it pulls (the cursor moves,
//! nothing is set aside — the server let nothing through that a laptop
//! would refuse). `PROPTEST_CASES` sets the number of cases (256 here;
//! `cargo xtask soak` runs 10 000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use enlace_store::{MemoryKeyStore, SUPERVISORS, Store};
use enlace_sync::arbitrary::{change, json_value};
use enlace_sync::{Change, PullResponse};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

/// One pharmacy and one laptop for the whole run: cases pile up on them, as a real server's days do.
struct Fixture {
    runtime: tokio::runtime::Runtime,
    pharmacy: Pharmacy,
    laptop: Store,
    _laptop_dir: tempfile::TempDir,
    cursor: Mutex<Option<String>>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let laptop_dir = tempfile::tempdir().unwrap();
        let (pharmacy, laptop) = runtime.block_on(async {
            let pharmacy = pharmacy().await;
            let laptop = Store::open(&laptop_dir.path().join("enlace.db"), &MemoryKeyStore::default()).await.unwrap();
            (pharmacy, laptop)
        });
        Fixture { runtime, pharmacy, laptop, _laptop_dir: laptop_dir, cursor: Mutex::new(None) }
    })
}

#[derive(Debug, Clone)]
enum Request {
    /// A push of changes with the laptop's credentials.
    Push(Vec<Change>),
    /// Any JSON at a route that takes a body.
    Raw { route: usize, body: Value },
    /// A pull after an arbitrary cursor.
    Pull { cursor: String, limit: u32 },
    /// A device route with an arbitrary id, by the supervisor.
    Device { id: u128, approve: bool },
}

fn request(device: Uuid) -> impl Strategy<Value = Request> {
    prop_oneof![
        4 => prop::collection::vec(change(device), 1..6).prop_map(Request::Push),
        2 => (0usize..4, json_value()).prop_map(|(route, body)| Request::Raw { route, body }),
        1 => ("[ -~]{0,24}", any::<u32>()).prop_map(|(cursor, limit)| Request::Pull { cursor, limit }),
        1 => (any::<u128>(), any::<bool>()).prop_map(|(id, approve)| Request::Device { id, approve }),
    ]
}

async fn send(fixture: &Fixture, request: Request) -> StatusCode {
    let p = &fixture.pharmacy;
    let marta = &p.marta;
    match request {
        Request::Push(changes) => {
            let body = json!({ "changes": changes, "credentials": [marta.credential, p.ana.credential] });
            call(&p.state, "POST", "/v1/push", Some(&marta.token), None, Body::from(body.to_string())).await.0
        }
        Request::Raw { route, body } => {
            let uri = ["/v1/push", "/v1/register", "/v1/credentials", "/v1/intake"][route];
            let request = axum::http::Request::builder()
                .method("POST")
                .uri(uri)
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {}", marta.token))
                .header("x-enlace-intake-key", INTAKE_KEY)
                .body(Body::from(body.to_string()))
                .unwrap();
            use tower::ServiceExt;
            enlace_server::router(p.state.clone()).oneshot(request).await.unwrap().status()
        }
        Request::Pull { cursor, limit } => {
            let query: String = url_escape(&cursor);
            let uri = format!("/v1/pull?after={query}&limit={limit}");
            call(&p.state, "GET", &uri, Some(&marta.token), None, Body::empty()).await.0
        }
        Request::Device { id, approve } => {
            let verb = if approve { "approve" } else { "revoke" };
            // Never marta's own laptop: the run goes on from it.
            let id = Uuid::from_u128(id);
            let uri = format!("/v1/devices/{id}/{verb}");
            call(&p.state, "POST", &uri, Some(&marta.token), Some(&marta.credential), Body::empty()).await.0
        }
    }
}

fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|byte| if byte.is_ascii_alphanumeric() { (byte as char).to_string() } else { format!("%{byte:02X}") })
        .collect()
}

/// Pulls everything new into the laptop: every change passes the schema,
/// the laptop applies every page (its cursor follows the server's) and sets nothing aside.
async fn pull_into_laptop(fixture: &Fixture) -> Result<(), TestCaseError> {
    let p = &fixture.pharmacy;
    let mut cursor = fixture.cursor.lock().unwrap().clone();
    loop {
        let uri = match &cursor {
            Some(cursor) => format!("/v1/pull?limit=1000&after={}", url_escape(cursor)),
            None => "/v1/pull?limit=1000".to_owned(),
        };
        let (status, body) = call(&p.state, "GET", &uri, Some(&p.luis.token), None, Body::empty()).await;
        prop_assert_eq!(status, StatusCode::OK);
        let page: PullResponse = serde_json::from_slice(&body).unwrap();
        for change in &page.changes {
            prop_assert!(change.check().is_ok(), "the server kept an invalid change: {:?}", change.entity);
        }
        fixture.laptop.apply_remote(page.changes, &page.cursor).await.unwrap();
        prop_assert_eq!(fixture.laptop.sync_cursor().await.unwrap(), Some(page.cursor.clone()));
        cursor = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    *fixture.cursor.lock().unwrap() = cursor;
    let aside = fixture.laptop.sync_notices(SUPERVISORS).await.unwrap();
    prop_assert!(aside.is_empty(), "the laptop had to set aside what the server kept: {:?}", aside);
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 100, ..ProptestConfig::default() })]

    #[test]
    fn no_request_breaks_the_server_or_poisons_a_laptop(
        requests in prop::collection::vec(request(Uuid::nil()), 1..5),
    ) {
        let fixture = fixture();
        let device = fixture.pharmacy.marta.device;
        fixture.runtime.block_on(async {
            for request in requests {
                // The strategy knows no device id: the pushing laptop's is put in here.
                let request = match request {
                    Request::Push(changes) => Request::Push(
                        changes
                            .into_iter()
                            .map(|mut change| {
                                change.device_id = device;
                                if change.hlc.device == Uuid::nil() {
                                    change.hlc.device = device;
                                }
                                change
                            })
                            .collect(),
                    ),
                    other => other,
                };
                let status = send(fixture, request).await;
                prop_assert!(!status.is_server_error(), "{}", status);
            }
            pull_into_laptop(fixture).await
        })?;
    }
}

/// The fixture is shared; make sure it is usable at all before the property runs.
#[test]
fn the_fixture_pulls_the_pharmacy() {
    let fixture = fixture();
    fixture.runtime.block_on(async { pull_into_laptop(fixture).await }).unwrap();
    let store: &Store = &fixture.laptop;
    assert!(fixture.runtime.block_on(store.user_count()).unwrap() >= 3);
}
