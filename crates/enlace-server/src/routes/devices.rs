//! Devices and the people on them: registering a device (the pharmacy's
//! first with the setup token and its founder's account; any other with a
//! user's password, waiting for a supervisor's approval unless that user is
//! one), a user's credential on a registered device, and the supervisor's
//! list, approval and revocation. Every password check is rate-limited per
//! source, locked out per username after wrong attempts (the laptop's
//! rule), and runs in the bounded pool.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use enlace_domain::{HlcStamp, Role, next_attempt_at, normalize_username};
use enlace_sync::{
    ApiErrorCode, Change, CredentialRequest, CredentialResponse, DeviceInfo, Entity, MAX_STAMP_AHEAD_MS,
    RegisterRequest, RegisterResponse, Secret, ServerUser, users_from,
};
use uuid::Uuid;

use super::{ActingUser, Device, Failure, Shared, json_body, unauthorized};
use crate::auth::{new_token, same_secret, token_hash};
use crate::limits::{MAX_AUTH_BODY_BYTES, Source};
use crate::metrics::Metrics;
use crate::storage::{CredentialRecord, DeviceRecord, Founding};

pub(super) async fn register(
    State(state): State<Shared>,
    Source(source): Source,
    body: Body,
) -> Result<Json<RegisterResponse>, Failure> {
    rate_limited(&state, source)?;
    let request: RegisterRequest = json_body(body, MAX_AUTH_BODY_BYTES).await?;
    let username = request.username.trim().to_lowercase();
    let now = Utc::now();
    let users = users_from(&state.storage.user_changes().await?);
    let token = new_token();
    let credential = new_token();
    let mut device = DeviceRecord {
        device_id: request.device_id,
        device_name: request.device_name.chars().take(120).collect(),
        username: username.clone(),
        token_hash: token_hash(&token),
        registered_at: now,
        approved_by: None,
        approved_at: None,
        bootstrap_until: None,
        revoked_at: None,
    };
    let user_id = if users.is_empty() {
        let founder = found(&state, &request, &username, now).await?;
        device.approved_by = Some(username.clone());
        device.approved_at = Some(now);
        // A clock running fast must not stretch the allowance into the future.
        device.bootstrap_until = request.outbox_until.map(|stamp| latest_allowed(stamp, now));
        let founding = Founding {
            device: device.clone(),
            founder: request.founder.clone(),
            credential: credential_record(&credential, request.device_id, founder.id, now),
        };
        if !state.storage.found(&founding).await? {
            return Err(device_exists_or_founded());
        }
        founder.id
    } else {
        let user = check_password(&state, &users, &username, request.password.clone(), now).await?;
        if user.roles.contains(&Role::Supervisor) {
            device.approved_by = Some(username.clone());
            device.approved_at = Some(now);
        }
        let record = credential_record(&credential, request.device_id, user.id, now);
        if !state.storage.register_device(&device, &record).await? {
            return Err(Failure::new(
                StatusCode::CONFLICT,
                ApiErrorCode::DeviceExists,
                "a device with this id is registered",
            ));
        }
        user.id
    };
    Metrics::add(&state.metrics.registrations, 1);
    tracing::info!(device = %device.device_id, user = %user_id, status = ?device.status(), "device registered");
    Ok(Json(RegisterResponse {
        token: Secret(token),
        username,
        credential: Secret(credential),
        status: device.status(),
        bootstrap_until: device.bootstrap_until,
    }))
}

fn device_exists_or_founded() -> Failure {
    Failure::new(
        StatusCode::CONFLICT,
        ApiErrorCode::DeviceExists,
        "this server was set up already, or the device id is taken",
    )
}

fn latest_allowed(stamp: HlcStamp, now: DateTime<Utc>) -> HlcStamp {
    if ahead_of(&stamp, now) {
        let wall_ms = u64::try_from(now.timestamp_millis()).unwrap_or_default() + MAX_STAMP_AHEAD_MS;
        HlcStamp { wall_ms, counter: u32::MAX, device: stamp.device }
    } else {
        stamp
    }
}

fn ahead_of(stamp: &HlcStamp, now: DateTime<Utc>) -> bool {
    stamp.is_ahead_of(u64::try_from(now.timestamp_millis()).unwrap_or_default(), MAX_STAMP_AHEAD_MS)
}

/// The pharmacy's first device: the setup token, and the registering
/// user's own account (a supervisor, active, made on this device) whose
/// password hash the password given matches.
async fn found(
    state: &Shared,
    request: &RegisterRequest,
    username: &str,
    now: DateTime<Utc>,
) -> Result<ServerUser, Failure> {
    let given = request.setup_token.as_deref().unwrap_or_default();
    let expected = state.config.setup_token.as_deref().unwrap_or_default();
    if expected.is_empty() || !same_secret(given, expected) {
        Metrics::add(&state.metrics.unauthorized, 1);
        return Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            ApiErrorCode::SetupRequired,
            "this server has no users yet: the first device needs the setup token",
        ));
    }
    let own = |change: &Change| {
        change.entity == Entity::User
            && change.device_id == request.device_id
            && change.check().is_ok()
            && !ahead_of(&change.hlc, now)
    };
    let founder = users_from(&request.founder)
        .into_iter()
        .find(|user| user.username == username && user.active && user.roles.contains(&Role::Supervisor))
        .filter(|user| request.founder.iter().all(|change| own(change) && change.entity_id == user.id));
    let Some(founder) = founder else {
        return Err(Failure::invalid("the first device brings its supervisor's own account"));
    };
    let matches = state
        .passwords
        .check(request.password.clone(), Some(founder.password_hash.clone()))
        .await
        .map_err(|_| busy())?;
    if matches { Ok(founder) } else { Err(unauthorized(state, "wrong username or password")) }
}

/// A user proves their password: refused with the same answer for an
/// unknown or disabled user, after the same work, and held back after
/// repeated wrong attempts as the laptop holds them back.
async fn check_password(
    state: &Shared,
    users: &[ServerUser],
    username: &str,
    password: String,
    now: DateTime<Utc>,
) -> Result<ServerUser, Failure> {
    let key = normalize_username(username).unwrap_or_else(|_| "?".to_owned());
    let (failures, last) = state.storage.sign_in_failures(&key).await?;
    if let Some(allowed_at) = last.and_then(|last| next_attempt_at(failures, last, now)) {
        let wait = (allowed_at - now).to_std().unwrap_or_default();
        return Err(Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            ApiErrorCode::SignInWait,
            "too many wrong passwords: wait",
        )
        .retry_after(wait));
    }
    let user = users.iter().find(|user| user.username == username && user.active);
    let phc = user.map(|user| user.password_hash.clone());
    let matches = state.passwords.check(password, phc).await.map_err(|_| busy())?;
    match user {
        Some(user) if matches => {
            if failures > 0 {
                state.storage.set_sign_in_failures(&key, 0, None).await?;
            }
            Ok(user.clone())
        }
        _ => {
            state.storage.set_sign_in_failures(&key, failures.saturating_add(1), Some(now)).await?;
            Err(unauthorized(state, "wrong username or password"))
        }
    }
}

fn busy() -> Failure {
    Failure::new(StatusCode::SERVICE_UNAVAILABLE, ApiErrorCode::Busy, "the server is busy: try again shortly")
        .retry_after(std::time::Duration::from_secs(2))
}

fn rate_limited(state: &Shared, source: std::net::IpAddr) -> Result<(), Failure> {
    state.password_limit.check(source).map_err(|wait| {
        Metrics::add(&state.metrics.rate_limited, 1);
        Failure::new(StatusCode::TOO_MANY_REQUESTS, ApiErrorCode::RateLimited, "too many requests: wait")
            .retry_after(wait)
    })
}

fn credential_record(credential: &str, device_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> CredentialRecord {
    CredentialRecord { token_hash: token_hash(credential), device_id, user_id, issued_at: now }
}

/// A user on a registered device proves their password, for the credential
/// their changes from this device travel with.
pub(super) async fn credential(
    State(state): State<Shared>,
    Source(source): Source,
    Device(device): Device,
    body: Body,
) -> Result<Json<CredentialResponse>, Failure> {
    rate_limited(&state, source)?;
    let request: CredentialRequest = json_body(body, MAX_AUTH_BODY_BYTES).await?;
    let username = request.username.trim().to_lowercase();
    let now = Utc::now();
    let users = users_from(&state.storage.user_changes().await?);
    let user = check_password(&state, &users, &username, request.password, now).await?;
    let credential = new_token();
    state.storage.add_credential(&credential_record(&credential, device.device_id, user.id, now)).await?;
    tracing::info!(device = %device.device_id, user = %user.id, "credential issued");
    Ok(Json(CredentialResponse { username, credential: Secret(credential) }))
}

pub(super) async fn list(State(state): State<Shared>, acting: ActingUser) -> Result<Json<Vec<DeviceInfo>>, Failure> {
    acting.require_supervisor()?;
    let devices = state.storage.devices().await?;
    Ok(Json(
        devices
            .into_iter()
            .map(|device| DeviceInfo {
                status: device.status(),
                device_id: device.device_id,
                device_name: device.device_name,
                username: device.username,
                registered_at: device.registered_at,
                approved_by: device.approved_by,
                revoked_at: device.revoked_at,
            })
            .collect(),
    ))
}

pub(super) async fn approve(
    State(state): State<Shared>,
    acting: ActingUser,
    Path(device_id): Path<Uuid>,
) -> Result<StatusCode, Failure> {
    acting.require_supervisor()?;
    if state.storage.approve_device(device_id, &acting.user.username, Utc::now()).await? {
        tracing::info!(by = %acting.device.device_id, approved = %device_id, "device approved");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Failure::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no device with that id waits for approval"))
    }
}

pub(super) async fn revoke(
    State(state): State<Shared>,
    acting: ActingUser,
    Path(device_id): Path<Uuid>,
) -> Result<StatusCode, Failure> {
    acting.require_supervisor()?;
    if state.storage.revoke_device(device_id, Utc::now()).await? {
        tracing::info!(by = %acting.device.device_id, revoked = %device_id, "device revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Failure::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no device with that id"))
    }
}
