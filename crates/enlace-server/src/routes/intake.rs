//! The pharmacy's website posts a request; it reaches every device as a
//! change from the server itself. The key is checked before a byte of the
//! body is read, each source is rate-limited, the body is small, and the
//! change it makes passes the same schema every change does.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use enlace_domain::HlcStamp;
use enlace_sync::{ApiErrorCode, Change, Entity, IntakeRequest};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Failure, Shared, json_body, unauthorized};
use crate::auth::same_secret;
use crate::limits::{MAX_INTAKE_BODY_BYTES, Source};
use crate::metrics::Metrics;

pub(super) async fn intake(
    State(state): State<Shared>,
    Source(source): Source,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Value>), Failure> {
    let Some(expected) = state.config.intake_key.as_deref() else {
        return Err(Failure::new(
            StatusCode::NOT_FOUND,
            ApiErrorCode::NotFound,
            "intake is not enabled on this server",
        ));
    };
    let given = headers.get("x-enlace-intake-key").and_then(|value| value.to_str().ok()).unwrap_or_default();
    if !same_secret(given, expected) {
        return Err(unauthorized(&state, "wrong intake key"));
    }
    state.intake_limit.check(source).map_err(|wait| {
        Metrics::add(&state.metrics.rate_limited, 1);
        Failure::new(StatusCode::TOO_MANY_REQUESTS, ApiErrorCode::RateLimited, "too many requests: wait")
            .retry_after(wait)
    })?;
    let request: IntakeRequest = json_body(body, MAX_INTAKE_BODY_BYTES).await?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    let fields: BTreeMap<&str, Value> = BTreeMap::from([
        ("kind", serde_json::to_value(request.kind).unwrap_or(Value::Null)),
        ("name", Value::String(request.name.trim().to_owned())),
        ("date_of_birth", request.date_of_birth.map(|date| Value::String(date.to_string())).unwrap_or(Value::Null)),
        ("phone", Value::String(request.phone.trim().to_owned())),
        ("message", Value::String(request.message.trim().to_owned())),
        ("patient_ref", request.patient_ref.map(|text| Value::String(text.trim().to_owned())).unwrap_or(Value::Null)),
        ("received_at", Value::String(crate::storage::instant(now))),
        ("status", Value::String("open".into())),
    ]);
    let blank = ["name", "phone"].iter().any(|name| fields.get(name).and_then(Value::as_str).is_none_or(str::is_empty));
    let mut change = Change {
        change_id: Uuid::now_v7(),
        entity: Entity::WebRequest,
        entity_id: id,
        fields: fields.into_iter().map(|(name, value)| (name.to_owned(), value)).collect(),
        hlc: HlcStamp::genesis(Uuid::nil(), 0),
        device_id: Uuid::nil(),
        author: "web".into(),
    };
    // Every field within the schema's bounds (a long patientRef or message is refused whole).
    if blank || change.check().is_err() {
        return Err(Failure::invalid("a request needs a name and a phone, and every field within its length"));
    }
    let stamp = {
        let mut clock = state.identity.lock().await;
        let next = HlcStamp::next_local(&clock, u64::try_from(now.timestamp_millis()).unwrap_or_default())
            .map_err(|_| Failure::invalid("the server's clock cannot move"))?;
        state.storage.set_state_value("hlc", &next.to_string()).await?;
        *clock = next;
        next
    };
    change.hlc = stamp;
    change.device_id = stamp.device;
    state.storage.append_server_changes(&[change], now).await?;
    state.changed.notify_waiters();
    tracing::info!(request = %id, "web request received");
    Ok((StatusCode::ACCEPTED, Json(json!({ "id": id }))))
}
