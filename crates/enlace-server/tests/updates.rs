//! Updates from the pharmacy's own server, against the router: a supervisor
//! publishes a release and uploads an installer signed with the release
//! key; computers are offered only a newer version for their own system.
//! Hostile first: a tampered installer, another key's signature, a
//! signature made for another version, a coordinator's upload, a path that
//! leaves the release folder, a device
//! without a token — each refused, and nothing of it kept or offered.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{Laptop, Pharmacy, call, code, expect_code, pharmacy_serving_updates};
use enlace_server::router;
use enlace_sync::{ApiErrorCode, UPDATE_SIGNATURE_HEADER, USER_CREDENTIAL_HEADER};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A release key as Tauri's signer makes one: (public key for the
/// configuration, secret key), both the base64 of minisign's files.
fn release_key() -> (String, minisign::SecretKey, minisign::PublicKey) {
    let minisign::KeyPair { pk, sk } = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let public = STANDARD.encode(pk.to_box().unwrap().into_string());
    (public, sk, pk)
}

/// A signature as `tauri signer sign --app-version VERSION` makes it.
fn sign(public: &minisign::PublicKey, secret: &minisign::SecretKey, installer: &[u8], version: &str) -> String {
    let comment = format!("timestamp:1796369140\tfile:enlace.deb\tversion:{version}");
    let signature =
        minisign::sign(Some(public), secret, std::io::Cursor::new(installer), Some(&comment), None).unwrap();
    STANDARD.encode(signature.into_string())
}

async fn upload(
    pharmacy: &Pharmacy,
    laptop: &Laptop,
    path: &str,
    installer: &[u8],
    signature: Option<&str>,
) -> (StatusCode, Vec<u8>) {
    let mut request = Request::builder()
        .method("PUT")
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", laptop.token))
        .header(USER_CREDENTIAL_HEADER, &laptop.credential);
    if let Some(signature) = signature {
        request = request.header(UPDATE_SIGNATURE_HEADER, signature);
    }
    let response =
        router(pharmacy.state.clone()).oneshot(request.body(Body::from(installer.to_vec())).unwrap()).await.unwrap();
    let status = response.status();
    (status, axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec())
}

async fn publish_notes(pharmacy: &Pharmacy, version: &str) -> StatusCode {
    let notes = json!({ "en-US": "Faster call list.", "es-US": "Lista de llamadas más rápida." });
    let marta = &pharmacy.marta;
    call(
        &pharmacy.state,
        "PUT",
        &format!("/v1/updates/{version}"),
        Some(&marta.token),
        Some(&marta.credential),
        Body::from(notes.to_string()),
    )
    .await
    .0
}

async fn offered(pharmacy: &Pharmacy, target: &str, current: &str) -> Option<Value> {
    let path = format!("/v1/updates/latest/{target}/{current}");
    let (status, body) = call(&pharmacy.state, "GET", &path, Some(&pharmacy.ana.token), None, Body::empty()).await;
    match status {
        StatusCode::NO_CONTENT => None,
        StatusCode::OK => Some(serde_json::from_slice(&body).unwrap()),
        other => panic!("{other}: {}", String::from_utf8_lossy(&body)),
    }
}

#[tokio::test]
async fn a_signed_release_is_offered_to_older_computers_of_its_system_only() {
    let (public, secret, key) = release_key();
    let pharmacy = pharmacy_serving_updates(&public).await;
    let installer = b"synthetic installer 1.4.0".repeat(1000);
    let signature = sign(&key, &secret, &installer, "1.4.0");
    let path = "/v1/updates/1.4.0/linux-x86_64";

    // Nothing is offered until the release has its notes.
    assert_eq!(upload(&pharmacy, &pharmacy.marta, path, &installer, Some(&signature)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(offered(&pharmacy, "linux-x86_64", "1.3.0").await, None);
    assert_eq!(publish_notes(&pharmacy, "1.4.0").await, StatusCode::NO_CONTENT);

    let offer = offered(&pharmacy, "linux-x86_64", "1.3.0").await.expect("1.4.0 is offered to 1.3.0");
    assert_eq!(offer["version"], "1.4.0");
    assert_eq!(offer["signature"], signature.as_str());
    let notes: Value = serde_json::from_str(offer["notes"].as_str().unwrap()).unwrap();
    assert_eq!(notes["es-US"], "Lista de llamadas más rápida.");
    let url = offer["url"].as_str().unwrap();
    assert!(url.ends_with("/v1/updates/files/1.4.0/linux-x86_64"), "{url}");
    let file = url.split_once("/v1/").map(|(_, rest)| format!("/v1/{rest}")).unwrap();
    let (status, body) = call(&pharmacy.state, "GET", &file, Some(&pharmacy.ana.token), None, Body::empty()).await;
    assert_eq!((status, body.len()), (StatusCode::OK, installer.len()));
    assert_eq!(body, installer);

    // Never the same or an older version, never another system's.
    assert_eq!(offered(&pharmacy, "linux-x86_64", "1.4.0").await, None);
    assert_eq!(offered(&pharmacy, "linux-x86_64", "1.10.0").await, None);
    assert_eq!(offered(&pharmacy, "windows-x86_64", "1.3.0").await, None);
    let old = b"synthetic installer 0.9.0".to_vec();
    upload(
        &pharmacy,
        &pharmacy.marta,
        "/v1/updates/0.9.0/linux-x86_64",
        &old,
        Some(&sign(&key, &secret, &old, "0.9.0")),
    )
    .await;
    publish_notes(&pharmacy, "0.9.0").await;
    assert_eq!(offered(&pharmacy, "linux-x86_64", "0.8.0").await.unwrap()["version"], "1.4.0", "the newest");
    assert_eq!(offered(&pharmacy, "linux-x86_64", "1.4.0").await, None);

    // Only approved devices ask.
    let (status, body) =
        call(&pharmacy.state, "GET", "/v1/updates/latest/linux-x86_64/1.3.0", None, None, Body::empty()).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized));
    let (status, _) = call(&pharmacy.state, "GET", &file, Some("forged-token"), None, Body::empty()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_tampered_or_wrongly_signed_installer_is_refused_and_nothing_is_kept() {
    let (public, secret, key) = release_key();
    let (_, other_secret, other_key) = release_key();
    let pharmacy = pharmacy_serving_updates(&public).await;
    assert_eq!(publish_notes(&pharmacy, "2.0.0").await, StatusCode::NO_CONTENT);
    let installer = b"synthetic installer 2.0.0".repeat(500);
    let signature = sign(&key, &secret, &installer, "2.0.0");
    let path = "/v1/updates/2.0.0/linux-x86_64";

    let mut tampered = installer.clone();
    tampered[100] ^= 0x20;
    let refused = upload(&pharmacy, &pharmacy.marta, path, &tampered, Some(&signature)).await;
    expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::BadSignature);
    let another_key = sign(&other_key, &other_secret, &installer, "2.0.0");
    let refused = upload(&pharmacy, &pharmacy.marta, path, &installer, Some(&another_key)).await;
    expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::BadSignature);
    // An older release's genuine installer, replayed as a newer one.
    let replayed = sign(&key, &secret, &installer, "1.9.0");
    let refused = upload(&pharmacy, &pharmacy.marta, path, &installer, Some(&replayed)).await;
    expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::BadSignature);
    let unbound = STANDARD.encode(
        minisign::sign(Some(&key), &secret, std::io::Cursor::new(&installer), Some("timestamp:1"), None)
            .unwrap()
            .into_string(),
    );
    let refused = upload(&pharmacy, &pharmacy.marta, path, &installer, Some(&unbound)).await;
    expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::BadSignature);
    let refused = upload(&pharmacy, &pharmacy.marta, path, &installer, Some("not a signature")).await;
    expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::BadSignature);
    let refused = upload(&pharmacy, &pharmacy.marta, path, &installer, None).await;
    expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::InvalidRequest);
    assert_eq!(offered(&pharmacy, "linux-x86_64", "1.0.0").await, None, "nothing refused is offered");
    let kept: Vec<_> =
        std::fs::read_dir(pharmacy.dir.path().join("updates/2.0.0")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(kept, ["notes.json"], "nothing refused is kept");

    // A coordinator uploads nothing, even signed; no path leaves the release folder.
    let refused = upload(&pharmacy, &pharmacy.ana, path, &installer, Some(&signature)).await;
    expect_code(refused, StatusCode::FORBIDDEN, ApiErrorCode::Forbidden);
    for hostile in
        ["/v1/updates/2.0.0/..%2F..%2Fdb-key", "/v1/updates/..%2F..%2Fetc/linux-x86_64", "/v1/updates/2.0/linux-x86_64"]
    {
        let refused = upload(&pharmacy, &pharmacy.marta, hostile, &installer, Some(&signature)).await;
        expect_code(refused, StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::InvalidRequest);
    }
    let (status, _) = call(
        &pharmacy.state,
        "GET",
        "/v1/updates/files/2.0.0/..%2F..%2Fserver.db",
        Some(&pharmacy.ana.token),
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Notes in both languages, of a sane length.
    let marta = &pharmacy.marta;
    for notes in [
        json!({ "en-US": "Only English." }),
        json!({ "en-US": "x".repeat(5000), "es-US": "y" }),
        json!({ "en-US": " ", "es-US": "z" }),
    ] {
        let (status, body) = call(
            &pharmacy.state,
            "PUT",
            "/v1/updates/2.1.0",
            Some(&marta.token),
            Some(&marta.credential),
            Body::from(notes.to_string()),
        )
        .await;
        assert!(
            matches!(status, StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY),
            "{status} {}",
            String::from_utf8_lossy(&body)
        );
    }

    // The right bytes with the right signature are kept.
    assert_eq!(upload(&pharmacy, &pharmacy.marta, path, &installer, Some(&signature)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(offered(&pharmacy, "linux-x86_64", "1.0.0").await.unwrap()["version"], "2.0.0");
}

#[tokio::test]
async fn without_a_release_key_the_server_serves_no_updates() {
    let pharmacy = common::pharmacy().await;
    let (status, body) = call(
        &pharmacy.state,
        "GET",
        "/v1/updates/latest/linux-x86_64/1.0.0",
        Some(&pharmacy.ana.token),
        None,
        Body::empty(),
    )
    .await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, ApiErrorCode::NotFound));
}
