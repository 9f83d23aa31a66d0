//! The HTTP API (JSON): registration, push, pull (long poll), devices,
//! intake, health and metrics. Every refusal is an [`ApiError`] with a code;
//! bodies are size-limited and requests time out.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use enlace_domain::{HlcStamp, Role};
use enlace_sync::{
    ApiError, ApiErrorCode, Change, DeviceInfo, Entity, IntakeRequest, PullResponse, PushRequest, PushResponse,
    RegisterRequest, RegisterResponse, users_from,
};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::timeout::TimeoutLayer;
use uuid::Uuid;

use crate::auth::{new_token, password_matches, same_secret, token_hash};
use crate::metrics::Metrics;
use crate::storage::{DeviceRecord, StorageError};
use crate::{MAX_BODY_BYTES, MAX_PULL, MAX_WAIT, ServerState};

type Shared = Arc<ServerState>;

/// Every route, with the body limit and a timeout that leaves room for a long poll.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .route("/v1/register", post(register))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/devices", get(devices))
        .route("/v1/devices/{device_id}/revoke", post(revoke))
        .route("/v1/intake", post(intake))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, MAX_WAIT + Duration::from_secs(30)))
        .with_state(state)
}

/// An error response.
struct Failure(StatusCode, ApiErrorCode, &'static str);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let Failure(status, code, message) = self;
        (status, Json(ApiError { code, message: message.to_owned() })).into_response()
    }
}

impl From<StorageError> for Failure {
    fn from(error: StorageError) -> Self {
        // The error names no change contents; it is logged, not sent.
        tracing::error!(%error, "storage failed");
        Failure(StatusCode::INTERNAL_SERVER_ERROR, ApiErrorCode::Internal, "the server could not complete the request")
    }
}

impl From<JsonRejection> for Failure {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                Failure(StatusCode::PAYLOAD_TOO_LARGE, ApiErrorCode::TooLarge, "the request is too large")
            }
            _ => Failure(
                StatusCode::BAD_REQUEST,
                ApiErrorCode::InvalidRequest,
                "the request body is not what this endpoint takes",
            ),
        }
    }
}

fn unauthorized(state: &ServerState, message: &'static str) -> Failure {
    Metrics::add(&state.metrics.unauthorized, 1);
    Failure(StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized, message)
}

/// The device a request's bearer token belongs to; refused when revoked.
struct Device(DeviceRecord);

impl FromRequestParts<Shared> for Device {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Failure> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(|| unauthorized(state, "a device token is required"))?;
        let device = state
            .storage
            .device_by_token_hash(&token_hash(token))
            .await?
            .ok_or_else(|| unauthorized(state, "unknown device token"))?;
        if device.revoked_at.is_some() {
            Metrics::add(&state.metrics.unauthorized, 1);
            return Err(Failure(StatusCode::UNAUTHORIZED, ApiErrorCode::DeviceRevoked, "this device was revoked"));
        }
        Ok(Device(device))
    }
}

async fn health(State(state): State<Shared>) -> Response {
    match state.storage.state_value("device-id").await {
        Ok(_) => Json(json!({ "status": "ok" })).into_response(),
        Err(error) => Failure::from(error).into_response(),
    }
}

async fn metrics(State(state): State<Shared>) -> String {
    state.metrics.render()
}

async fn register(
    State(state): State<Shared>,
    body: Result<Json<RegisterRequest>, JsonRejection>,
) -> Result<Json<RegisterResponse>, Failure> {
    let Json(request) = body?;
    let username = request.username.trim().to_lowercase();
    let users = users_from(&state.storage.user_changes().await?);
    let bootstrap = users.is_empty();
    if bootstrap {
        // A server without users takes its first device on the setup token.
        let given = request.setup_token.as_deref().unwrap_or_default();
        let expected = state.config.setup_token.as_deref().unwrap_or_default();
        if expected.is_empty() || !same_secret(given, expected) {
            Metrics::add(&state.metrics.unauthorized, 1);
            return Err(Failure(
                StatusCode::UNAUTHORIZED,
                ApiErrorCode::SetupRequired,
                "this server has no users yet: the first device needs the setup token",
            ));
        }
    } else {
        let user = users.iter().find(|user| user.username == username && user.active);
        let phc = user.map(|user| user.password_hash.clone());
        let password = request.password.clone();
        let matches =
            tokio::task::spawn_blocking(move || password_matches(&password, phc.as_deref())).await.unwrap_or(false);
        if !matches {
            return Err(unauthorized(&state, "wrong username or password"));
        }
    }
    let token = new_token();
    let device = DeviceRecord {
        device_id: request.device_id,
        device_name: request.device_name.chars().take(120).collect(),
        username: username.clone(),
        token_hash: token_hash(&token),
        bootstrap,
        registered_at: Utc::now(),
        revoked_at: None,
    };
    state.storage.register_device(&device).await?;
    Metrics::add(&state.metrics.registrations, 1);
    tracing::info!(device = %device.device_id, bootstrap, "device registered");
    Ok(Json(RegisterResponse { token, username }))
}

async fn push(
    State(state): State<Shared>,
    Device(device): Device,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, Failure> {
    let Json(request) = body?;
    let started = Instant::now();
    let response = state.storage.push(&device, request.changes, Utc::now()).await?;
    state.metrics.pushed(started.elapsed(), response.accepted.len(), response.rejected.len());
    if !response.accepted.is_empty() {
        state.changed.notify_waiters();
    }
    tracing::info!(
        device = %device.device_id,
        accepted = response.accepted.len(),
        rejected = response.rejected.len(),
        "push"
    );
    Ok(Json(response))
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    after: Option<String>,
    limit: Option<u32>,
    /// Seconds to wait for a change when there is none yet.
    wait: Option<u64>,
}

async fn pull(
    State(state): State<Shared>,
    Device(device): Device,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, Failure> {
    let started = Instant::now();
    let limit = query.limit.unwrap_or(1_000).clamp(1, MAX_PULL);
    let wait = Duration::from_secs(query.wait.unwrap_or(0)).min(MAX_WAIT);
    let deadline = started + wait;
    let response = loop {
        // Register for the wake-up before reading, so a push in between is not missed.
        let woken = state.changed.notified();
        let response = state.storage.pull(query.after.as_deref(), limit).await?;
        let now = Instant::now();
        if !response.changes.is_empty() || now >= deadline {
            break response;
        }
        // Another instance's push wakes nobody here: look again every half second.
        let _ = tokio::time::timeout((deadline - now).min(Duration::from_millis(500)), woken).await;
    };
    state.metrics.pulled(started.elapsed(), response.changes.len());
    tracing::debug!(device = %device.device_id, changes = response.changes.len(), "pull");
    Ok(Json(response))
}

/// Supervisors only: the author is the signed-in user on the device asking.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AsUser {
    author: String,
}

async fn require_supervisor(state: &ServerState, username: &str) -> Result<(), Failure> {
    let users = users_from(&state.storage.user_changes().await?);
    let supervisor =
        users.iter().any(|user| user.username == username && user.active && user.roles.contains(&Role::Supervisor));
    if supervisor {
        Ok(())
    } else {
        Err(Failure(StatusCode::FORBIDDEN, ApiErrorCode::Forbidden, "only a supervisor may manage devices"))
    }
}

async fn devices(
    State(state): State<Shared>,
    Device(_device): Device,
    Query(query): Query<AsUser>,
) -> Result<Json<Vec<DeviceInfo>>, Failure> {
    require_supervisor(&state, &query.author).await?;
    let devices = state.storage.devices().await?;
    Ok(Json(
        devices
            .into_iter()
            .map(|device| DeviceInfo {
                device_id: device.device_id,
                device_name: device.device_name,
                username: device.username,
                registered_at: device.registered_at,
                revoked_at: device.revoked_at,
            })
            .collect(),
    ))
}

async fn revoke(
    State(state): State<Shared>,
    Device(device): Device,
    Path(device_id): Path<Uuid>,
    body: Result<Json<AsUser>, JsonRejection>,
) -> Result<StatusCode, Failure> {
    let Json(request) = body?;
    require_supervisor(&state, &request.author).await?;
    if state.storage.revoke_device(device_id, Utc::now()).await? {
        tracing::info!(by = %device.device_id, revoked = %device_id, "device revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Failure(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no device with that id"))
    }
}

/// The pharmacy's website posts a request; it reaches every device as a
/// change from the server itself.
async fn intake(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Result<Json<IntakeRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), Failure> {
    let Some(expected) = state.config.intake_key.as_deref() else {
        return Err(Failure(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "intake is not enabled on this server"));
    };
    let given = headers.get("x-enlace-intake-key").and_then(|value| value.to_str().ok()).unwrap_or_default();
    if !same_secret(given, expected) {
        return Err(unauthorized(&state, "wrong intake key"));
    }
    let Json(request) = body?;
    let too_long = [request.name.len(), request.phone.len()].into_iter().any(|length| length > 200)
        || request.message.len() > 4_000;
    if request.name.trim().is_empty() || request.phone.trim().is_empty() || too_long {
        return Err(Failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiErrorCode::InvalidRequest,
            "a request needs a name and a phone, and short texts",
        ));
    }
    let id = Uuid::now_v7();
    let now = Utc::now();
    let stamp = {
        let mut clock = state.identity.lock().await;
        *clock = HlcStamp::next_local(&clock, u64::try_from(now.timestamp_millis()).unwrap_or_default());
        state.storage.set_state_value("hlc", &clock.to_string()).await?;
        *clock
    };
    let fields: BTreeMap<&str, Value> = BTreeMap::from([
        ("kind", serde_json::to_value(request.kind).unwrap_or(Value::Null)),
        ("name", Value::String(request.name.trim().to_owned())),
        ("date_of_birth", request.date_of_birth.map(|date| Value::String(date.to_string())).unwrap_or(Value::Null)),
        ("phone", Value::String(request.phone.trim().to_owned())),
        ("message", Value::String(request.message.trim().to_owned())),
        ("patient_ref", request.patient_ref.map(Value::String).unwrap_or(Value::Null)),
        ("received_at", Value::String(crate::storage::instant(now))),
        ("status", Value::String("open".into())),
    ]);
    let change = Change {
        change_id: Uuid::now_v7(),
        entity: Entity::WebRequest,
        entity_id: id,
        fields: fields.into_iter().map(|(name, value)| (name.to_owned(), value)).collect(),
        hlc: stamp,
        device_id: stamp.device,
        author: "web".into(),
    };
    state.storage.append_server_changes(&[change], now).await?;
    state.changed.notify_waiters();
    tracing::info!(request = %id, "web request received");
    Ok((StatusCode::ACCEPTED, Json(json!({ "id": id }))))
}
