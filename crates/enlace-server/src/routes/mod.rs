//! The HTTP API (JSON). Every refusal is an [`ApiError`] with a code;
//! bodies are size-limited and requests time out. Who a request is for is
//! read from what it proves, never from what it says: a device from its
//! token ([`Device`], [`ApprovedDevice`]), a user from their credential on
//! that device ([`ActingUser`]). The routes themselves live by area:
//! [`devices`] (registration, credentials, the supervisor's list),
//! [`sync`] (push, pull), [`intake`] (the website's posts) and [`updates`]
//! (releases a supervisor uploads, offered to the computers).

mod devices;
mod intake;
mod sync;
mod updates;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use enlace_domain::Role;
use enlace_sync::{ApiError, ApiErrorCode, DeviceStatus, ServerUser, USER_CREDENTIAL_HEADER, users_from};
use serde_json::json;
use tower_http::timeout::TimeoutLayer;

use crate::auth::token_hash;
use crate::metrics::Metrics;
use crate::storage::{DeviceRecord, StorageError};
use crate::{MAX_BODY_BYTES, MAX_WAIT, ServerState};

type Shared = Arc<ServerState>;

/// Every route, with the body limit and a timeout that leaves room for a long poll.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .route("/v1/register", post(devices::register))
        .route("/v1/credentials", post(devices::credential))
        .route("/v1/push", post(sync::push))
        .route("/v1/pull", get(sync::pull))
        .route("/v1/devices", get(devices::list))
        .route("/v1/devices/{device_id}/approve", post(devices::approve))
        .route("/v1/devices/{device_id}/revoke", post(devices::revoke))
        .route("/v1/intake", post(intake::intake))
        .route("/v1/updates/{version}", put(updates::publish_notes))
        .route("/v1/updates/{version}/{target}", put(updates::upload_installer))
        .route("/v1/updates/latest/{target}/{current_version}", get(updates::offer))
        .route("/v1/updates/files/{version}/{target}", get(updates::download))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, MAX_WAIT + Duration::from_secs(30)))
        .with_state(state)
}

/// An error response.
struct Failure {
    status: StatusCode,
    code: ApiErrorCode,
    message: &'static str,
    retry_after: Option<Duration>,
}

impl Failure {
    fn new(status: StatusCode, code: ApiErrorCode, message: &'static str) -> Self {
        Self { status, code, message, retry_after: None }
    }

    fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    fn invalid(message: &'static str) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, ApiErrorCode::InvalidRequest, message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let seconds = self.retry_after.map(|wait| wait.as_secs().max(1));
        let body = ApiError { code: self.code, message: self.message.to_owned(), retry_after_seconds: seconds };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = seconds
            && let Ok(value) = seconds.to_string().parse()
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<StorageError> for Failure {
    fn from(error: StorageError) -> Self {
        // The error names no change contents; it is logged, not sent.
        tracing::error!(%error, "storage failed");
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ApiErrorCode::Internal,
            "the server could not complete the request",
        )
    }
}

impl From<JsonRejection> for Failure {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                Failure::new(StatusCode::PAYLOAD_TOO_LARGE, ApiErrorCode::TooLarge, "the request is too large")
            }
            _ => Failure::new(
                StatusCode::BAD_REQUEST,
                ApiErrorCode::InvalidRequest,
                "the request body is not what this endpoint takes",
            ),
        }
    }
}

fn unauthorized(state: &ServerState, message: &'static str) -> Failure {
    Metrics::add(&state.metrics.unauthorized, 1);
    Failure::new(StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized, message)
}

/// Reads a JSON body of at most `limit` bytes, after the caller has
/// checked whatever it checks first (a key, a rate limit).
async fn json_body<T: serde::de::DeserializeOwned>(body: axum::body::Body, limit: usize) -> Result<T, Failure> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Failure::new(StatusCode::PAYLOAD_TOO_LARGE, ApiErrorCode::TooLarge, "the request is too large"))?;
    serde_json::from_slice(&bytes).map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            ApiErrorCode::InvalidRequest,
            "the request body is not what this endpoint takes",
        )
    })
}

/// The device a request's bearer token belongs to, approved or waiting;
/// refused when revoked.
struct Device(DeviceRecord);

impl FromRequestParts<Shared> for Device {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Failure> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(|| unauthorized(state, "a device token is required"))?;
        let device = state
            .storage
            .device_by_token_hash(&token_hash(token))
            .await?
            .ok_or_else(|| unauthorized(state, "unknown device token"))?;
        if device.status() == DeviceStatus::Revoked {
            Metrics::add(&state.metrics.unauthorized, 1);
            return Err(Failure::new(StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked, "this device was revoked"));
        }
        Ok(Device(device))
    }
}

/// A device a supervisor approved: the only kind that pushes or pulls.
struct ApprovedDevice(DeviceRecord);

impl FromRequestParts<Shared> for ApprovedDevice {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Failure> {
        let Device(device) = Device::from_request_parts(parts, state).await?;
        if device.status() == DeviceStatus::Pending {
            return Err(Failure::new(
                StatusCode::FORBIDDEN,
                ApiErrorCode::DevicePending,
                "this device waits for a supervisor's approval",
            ));
        }
        Ok(ApprovedDevice(device))
    }
}

/// The user a request acts for: the holder of the credential it names,
/// issued to this very device, active in the server's own user table.
struct ActingUser {
    device: DeviceRecord,
    user: ServerUser,
}

impl FromRequestParts<Shared> for ActingUser {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Failure> {
        let ApprovedDevice(device) = ApprovedDevice::from_request_parts(parts, state).await?;
        let forbidden = || {
            Failure::new(StatusCode::FORBIDDEN, ApiErrorCode::Forbidden, "a signed-in user's credential is required")
        };
        let credential = credential_header(&parts.headers).ok_or_else(forbidden)?;
        let record = state.storage.credential_by_hash(&token_hash(credential)).await?.ok_or_else(forbidden)?;
        if record.device_id != device.device_id {
            return Err(forbidden());
        }
        let users = users_from(&state.storage.user_changes().await?);
        let user = users.into_iter().find(|user| user.id == record.user_id && user.active).ok_or_else(forbidden)?;
        Ok(ActingUser { device, user })
    }
}

impl ActingUser {
    fn require_supervisor(&self) -> Result<(), Failure> {
        if self.user.roles.contains(&Role::Supervisor) {
            Ok(())
        } else {
            Err(Failure::new(StatusCode::FORBIDDEN, ApiErrorCode::Forbidden, "only a supervisor may manage devices"))
        }
    }
}

fn credential_header(headers: &HeaderMap) -> Option<&str> {
    headers.get(USER_CREDENTIAL_HEADER).and_then(|value| value.to_str().ok()).filter(|value| !value.is_empty())
}

/// Up, and the server's clock: a laptop sets its own by it before it first registers.
async fn health(State(state): State<Shared>) -> Response {
    match state.storage.state_value("device-id").await {
        Ok(_) => Json(json!({ "status": "ok", "serverTimeMs": chrono::Utc::now().timestamp_millis() })).into_response(),
        Err(error) => Failure::from(error).into_response(),
    }
}

async fn metrics(State(state): State<Shared>) -> String {
    state.metrics.render()
}
