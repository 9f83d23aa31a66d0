//! HTTPS: the server with a certificate signed by the pharmacy's own CA (as
//! rustls wants: a CA plus a leaf), the client trusting that CA, a device
//! registering and pushing over it; a client that does not trust the CA is
//! refused; plain HTTP is refused off loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::net::SocketAddr;

mod common;

use enlace_server::{Listen, ServerConfig, ServerState, StartError, serve};
use enlace_sync::RegisterRequest;
use enlace_sync_client::{TransportError, http_client, register};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use uuid::Uuid;

struct Pki {
    ca_pem: String,
    leaf_pem: String,
    leaf_key_pem: String,
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()]).unwrap().signed_by(&leaf_key, &issuer).unwrap();
    Pki { ca_pem: ca.pem(), leaf_pem: leaf.pem(), leaf_key_pem: leaf_key.serialize_pem() }
}

fn request() -> RegisterRequest {
    let device_id = Uuid::now_v7();
    RegisterRequest {
        username: "marta".into(),
        password: "demo-supervisor".into(),
        device_id,
        device_name: "laptop".into(),
        setup_token: Some("tls-setup".into()),
        founder: vec![common::user_change(device_id, 1, 1, "marta", "supervisor", "demo-supervisor", "marta")],
        outbox_until: None,
    }
}

fn config(setup_token: Option<&str>) -> ServerConfig {
    ServerConfig {
        setup_token: setup_token.map(Into::into),
        database_key: Some(common::database_key()),
        ..ServerConfig::default()
    }
}

#[tokio::test]
async fn a_device_registers_over_https_when_it_trusts_the_pharmacys_ca() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki();
    let (certificate, key) = (dir.path().join("leaf.pem"), dir.path().join("leaf.key"));
    std::fs::write(&certificate, &pki.leaf_pem).unwrap();
    std::fs::write(&key, &pki.leaf_key_pem).unwrap();
    let url = format!("sqlite:{}", dir.path().join("server.db").display());
    let state = ServerState::open(&url, config(Some("tls-setup"))).await.unwrap();
    let (bound_tx, bound_rx) = tokio::sync::oneshot::channel::<SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let listen = Listen::Tls { address: "127.0.0.1:0".parse().unwrap(), certificate, key };
    let server = tokio::spawn(serve(
        state,
        listen,
        move |address| {
            let _ = bound_tx.send(address);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let address = bound_rx.await.unwrap();
    let url = format!("https://localhost:{}", address.port());

    let untrusting = http_client(None).unwrap();
    assert_eq!(register(&untrusting, &url, &request()).await.unwrap_err(), TransportError::Unreachable);
    let trusting = http_client(Some(&pki.ca_pem)).unwrap();
    let registered = register(&trusting, &url, &request()).await.unwrap();
    assert_eq!(registered.token.0.len(), 64);
    let health = trusting.get(format!("{url}/health")).send().await.unwrap();
    assert!(health.status().is_success());

    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn plain_http_is_only_for_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("server.db").display());
    let state = ServerState::open(&url, config(None)).await.unwrap();
    let everywhere: SocketAddr = "0.0.0.0:0".parse().unwrap();
    let refused = serve(state, Listen::Plain(everywhere), |_| {}, async {}).await;
    assert!(matches!(refused, Err(StartError::PlainOffLoopback(_))));
}
