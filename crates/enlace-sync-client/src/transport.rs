//! How the engine reaches the server: the [`Transport`] trait (push, pull)
//! and its HTTPS implementation over reqwest with rustls. Tests put a
//! fault-injecting transport in its place.

use std::time::Duration;

use async_trait::async_trait;
use enlace_sync::{
    ApiError, ApiErrorCode, Change, PullResponse, PushRequest, PushResponse, RegisterRequest, RegisterResponse,
};
use reqwest::StatusCode;

/// Why a request to the server did not give an answer the engine can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection, a timeout, a reset: try again later.
    #[error("the server cannot be reached")]
    Unreachable,
    /// The token (or the credentials) were refused.
    #[error("the server refused the credentials")]
    Unauthorized,
    /// A supervisor revoked this device.
    #[error("this device was revoked")]
    Revoked,
    /// The server has no users yet and the setup token was missing or wrong.
    #[error("the server needs its setup token")]
    SetupRequired,
    /// The server answered with an error status.
    #[error("the server answered {0}")]
    Server(u16),
    /// The answer was not what the protocol says.
    #[error("the server's answer could not be read")]
    Protocol,
}

impl TransportError {
    /// Whether trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable | Self::Server(500..=599) | Self::Protocol)
    }
}

#[async_trait]
pub trait Transport: Send + Sync {
    async fn push(&self, changes: &[Change]) -> Result<PushResponse, TransportError>;
    /// Changes after `cursor`, waiting up to `wait` for one if there is none yet.
    async fn pull(&self, cursor: Option<&str>, limit: u32, wait: Duration) -> Result<PullResponse, TransportError>;
}

/// A device's token: sent as a bearer credential, never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(pub String);

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DeviceToken([redacted])")
    }
}

/// The server over HTTPS (or plain HTTP on loopback).
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
    base: String,
    token: DeviceToken,
}

/// An HTTP client that trusts the system's roots, plus `ca_pem` when the
/// pharmacy runs its own certificate authority.
pub fn http_client(ca_pem: Option<&str>) -> Result<reqwest::Client, TransportError> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(10))
        // Long enough for a long poll (the server waits at most 30 s).
        .timeout(Duration::from_secs(60));
    if let Some(pem) = ca_pem {
        let certificate = reqwest::Certificate::from_pem(pem.as_bytes()).map_err(|_| TransportError::Protocol)?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().map_err(|_| TransportError::Protocol)
}

impl HttpTransport {
    pub fn new(client: reqwest::Client, server_url: &str, token: DeviceToken) -> Self {
        Self { client, base: server_url.trim_end_matches('/').to_owned(), token }
    }
}

fn unreachable(error: reqwest::Error) -> TransportError {
    // The error may name the URL but never the token or a body.
    tracing::debug!(error = %error.without_url(), "sync request failed");
    TransportError::Unreachable
}

/// Turns an answer into `T`, or its status into the error it means.
async fn answer<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T, TransportError> {
    let status = response.status();
    if status.is_success() {
        return response.json().await.map_err(|_| TransportError::Protocol);
    }
    let code = response.json::<ApiError>().await.ok().map(|error| error.code);
    Err(match (status, code) {
        (_, Some(ApiErrorCode::DeviceRevoked)) => TransportError::Revoked,
        (_, Some(ApiErrorCode::SetupRequired)) => TransportError::SetupRequired,
        (StatusCode::UNAUTHORIZED, _) => TransportError::Unauthorized,
        (status, _) => TransportError::Server(status.as_u16()),
    })
}

/// Registers this device with the server and returns its token.
pub async fn register(
    client: &reqwest::Client,
    server_url: &str,
    request: &RegisterRequest,
) -> Result<RegisterResponse, TransportError> {
    let url = format!("{}/v1/register", server_url.trim_end_matches('/'));
    let response = client.post(url).json(request).send().await.map_err(unreachable)?;
    answer(response).await
}

impl HttpTransport {
    /// The devices registered with the server (the signed-in `author` must be a supervisor).
    pub async fn devices(&self, author: &str) -> Result<Vec<enlace_sync::DeviceInfo>, TransportError> {
        let response = self
            .client
            .get(format!("{}/v1/devices", self.base))
            .bearer_auth(&self.token.0)
            .query(&[("author", author)])
            .send()
            .await
            .map_err(unreachable)?;
        answer(response).await
    }

    /// Revokes a device: it can neither push nor pull any more.
    pub async fn revoke(&self, author: &str, device_id: uuid::Uuid) -> Result<(), TransportError> {
        let response = self
            .client
            .post(format!("{}/v1/devices/{device_id}/revoke", self.base))
            .bearer_auth(&self.token.0)
            .json(&serde_json::json!({ "author": author }))
            .send()
            .await
            .map_err(unreachable)?;
        if response.status().is_success() { Ok(()) } else { answer::<serde_json::Value>(response).await.map(|_| ()) }
    }
}

#[async_trait]
impl Transport for HttpTransport {
    async fn push(&self, changes: &[Change]) -> Result<PushResponse, TransportError> {
        let body = PushRequest { changes: changes.to_vec() };
        let response = self
            .client
            .post(format!("{}/v1/push", self.base))
            .bearer_auth(&self.token.0)
            .json(&body)
            .send()
            .await
            .map_err(unreachable)?;
        answer(response).await
    }

    async fn pull(&self, cursor: Option<&str>, limit: u32, wait: Duration) -> Result<PullResponse, TransportError> {
        let mut query: Vec<(&str, String)> = vec![("limit", limit.to_string()), ("wait", wait.as_secs().to_string())];
        if let Some(cursor) = cursor {
            query.push(("after", cursor.to_owned()));
        }
        let response = self
            .client
            .get(format!("{}/v1/pull", self.base))
            .bearer_auth(&self.token.0)
            .query(&query)
            .send()
            .await
            .map_err(unreachable)?;
        answer(response).await
    }
}
