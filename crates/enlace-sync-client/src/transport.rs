//! How the engine reaches the server: the [`Transport`] trait (push, pull)
//! and its HTTPS implementation over reqwest with rustls, which also asks
//! for a user's credential and, with a supervisor's, manages devices. Tests
//! put a fault-injecting transport in its place.

use std::time::Duration;

use async_trait::async_trait;
use enlace_sync::{
    ApiError, ApiErrorCode, CredentialRequest, CredentialResponse, PullResponse, PushRequest, PushResponse,
    RegisterRequest, RegisterResponse, Secret, USER_CREDENTIAL_HEADER,
};

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
    /// The device waits for a supervisor's approval.
    #[error("this device waits for a supervisor's approval")]
    Pending,
    /// A device with this id is registered already.
    #[error("this device is registered already")]
    DeviceExists,
    /// Too many wrong passwords: the server holds this user back a while.
    #[error("too many wrong passwords: wait {0} s")]
    SignInWait(u64),
    /// The user's credential does not let them do this (not a supervisor, or none).
    #[error("the user may not do this")]
    Forbidden,
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
        matches!(self, Self::Unreachable | Self::Server(429 | 500..=599) | Self::Protocol | Self::SignInWait(_))
    }
}

#[async_trait]
pub trait Transport: Send + Sync {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError>;
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
    let error = response.json::<ApiError>().await.ok();
    Err(error_of(status.as_u16(), error.as_ref()))
}

/// What an error answer means for the device.
pub fn error_of(status: u16, error: Option<&ApiError>) -> TransportError {
    match (status, error.map(|error| error.code)) {
        (_, Some(ApiErrorCode::DeviceRevoked)) => TransportError::Revoked,
        (_, Some(ApiErrorCode::DevicePending)) => TransportError::Pending,
        (_, Some(ApiErrorCode::DeviceExists)) => TransportError::DeviceExists,
        (_, Some(ApiErrorCode::SetupRequired)) => TransportError::SetupRequired,
        (_, Some(ApiErrorCode::Forbidden)) => TransportError::Forbidden,
        (_, Some(ApiErrorCode::SignInWait)) => {
            TransportError::SignInWait(error.and_then(|error| error.retry_after_seconds).unwrap_or(30))
        }
        (401, _) => TransportError::Unauthorized,
        (status, _) => TransportError::Server(status),
    }
}

/// The server's clock (ms since the epoch), from its health check.
pub async fn server_time(client: &reqwest::Client, server_url: &str) -> Result<u64, TransportError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Health {
        server_time_ms: u64,
    }
    let url = format!("{}/health", server_url.trim_end_matches('/'));
    let response = client.get(url).send().await.map_err(unreachable)?;
    answer::<Health>(response).await.map(|health| health.server_time_ms)
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
    /// Sends `request` as this device (its token), and as the user holding `credential`.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        credential: Option<&Secret>,
    ) -> Result<reqwest::Response, TransportError> {
        let mut request = request.bearer_auth(&self.token.0);
        if let Some(credential) = credential {
            request = request.header(USER_CREDENTIAL_HEADER, &credential.0);
        }
        request.send().await.map_err(unreachable)
    }

    /// A user on this device proves their password, for the credential
    /// their changes from here travel with.
    pub async fn credential(&self, request: &CredentialRequest) -> Result<CredentialResponse, TransportError> {
        let url = format!("{}/v1/credentials", self.base);
        answer(self.send(self.client.post(url).json(request), None).await?).await
    }

    /// The devices registered with the server, as the supervisor holding `credential` sees them.
    pub async fn devices(&self, credential: &Secret) -> Result<Vec<enlace_sync::DeviceInfo>, TransportError> {
        let url = format!("{}/v1/devices", self.base);
        answer(self.send(self.client.get(url), Some(credential)).await?).await
    }

    /// Approves a waiting device (`approve`) or revokes one, for good, so it
    /// can neither push nor pull: a supervisor's act, by `credential`.
    pub async fn manage_device(
        &self,
        credential: &Secret,
        device_id: uuid::Uuid,
        approve: bool,
    ) -> Result<(), TransportError> {
        let verb = if approve { "approve" } else { "revoke" };
        let url = format!("{}/v1/devices/{device_id}/{verb}", self.base);
        let response = self.send(self.client.post(url), Some(credential)).await?;
        if response.status().is_success() { Ok(()) } else { answer::<serde_json::Value>(response).await.map(|_| ()) }
    }
}

#[async_trait]
impl Transport for HttpTransport {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        let url = format!("{}/v1/push", self.base);
        answer(self.send(self.client.post(url).json(request), None).await?).await
    }

    async fn pull(&self, cursor: Option<&str>, limit: u32, wait: Duration) -> Result<PullResponse, TransportError> {
        let mut query: Vec<(&str, String)> = vec![("limit", limit.to_string()), ("wait", wait.as_secs().to_string())];
        if let Some(cursor) = cursor {
            query.push(("after", cursor.to_owned()));
        }
        let url = format!("{}/v1/pull", self.base);
        answer(self.send(self.client.get(url).query(&query), None).await?).await
    }
}
