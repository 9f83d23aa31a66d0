//! Push and pull, for approved devices only. A push carries the
//! credentials of the users whose changes it holds; storage resolves them
//! and `enlace_sync::decide` judges every change.

use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use chrono::Utc;
use enlace_sync::{PullResponse, PushRequest, PushResponse};
use serde::Deserialize;

use super::{ApprovedDevice, Failure, Shared};
use crate::auth::token_hash;
use crate::storage::PushBatch;
use crate::{MAX_PULL, MAX_WAIT};

/// Most credentials one push may carry (one per user who worked on the device).
const MAX_CREDENTIALS: usize = 200;

pub(super) async fn push(
    State(state): State<Shared>,
    ApprovedDevice(device): ApprovedDevice,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, Failure> {
    let Json(request) = body?;
    if request.credentials.len() > MAX_CREDENTIALS {
        return Err(Failure::invalid("too many credentials in one push"));
    }
    let started = Instant::now();
    let batch = PushBatch {
        changes: request.changes,
        credential_hashes: request.credentials.iter().map(|credential| token_hash(&credential.0)).collect(),
        last: request.last,
    };
    let response = state.storage.push(&device, batch, Utc::now()).await?;
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
pub(super) struct PullQuery {
    after: Option<String>,
    limit: Option<u32>,
    /// Seconds to wait for a change when there is none yet.
    wait: Option<u64>,
}

pub(super) async fn pull(
    State(state): State<Shared>,
    ApprovedDevice(device): ApprovedDevice,
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
