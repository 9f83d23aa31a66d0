//! Updates from the pharmacy's own server: a supervisor publishes a
//! release's notes and uploads its signed installers; an approved computer
//! asks for the update its version and system should get (the Tauri
//! updater's dynamic manifest, or 204 when there is none) and downloads
//! the installer. Off (404) unless the server was given a release key.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use enlace_sync::{ApiErrorCode, UPDATE_SIGNATURE_HEADER};
use serde_json::json;

use super::{ActingUser, ApprovedDevice, Failure, Shared, json_body};
use crate::updates::{MAX_INSTALLER_BYTES, ReleaseNotes, ReleaseShelf, UpdateError};

fn shelf(state: &Shared) -> Result<&ReleaseShelf, Failure> {
    state.releases.as_ref().ok_or_else(|| {
        Failure::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "this server was not given a release key")
    })
}

impl From<UpdateError> for Failure {
    fn from(error: UpdateError) -> Self {
        match error {
            UpdateError::BadSignature => Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiErrorCode::BadSignature,
                "the installer's signature does not verify with the release key",
            ),
            UpdateError::BadVersion => Failure::invalid("not a version (semantic versioning: 1.4.0)"),
            UpdateError::BadTarget => Failure::invalid("not a system Enlace is built for"),
            UpdateError::BadNotes => {
                Failure::invalid("release notes in English and Spanish are required, each at most 4000 characters")
            }
            UpdateError::BadPublicKey | UpdateError::Io(_) => {
                tracing::error!(%error, "release files failed");
                Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ApiErrorCode::Internal,
                    "the server could not complete the request",
                )
            }
        }
    }
}

/// `PUT /v1/updates/{version}`: a supervisor publishes what's new.
pub(super) async fn publish_notes(
    State(state): State<Shared>,
    Path(version): Path<String>,
    acting: ActingUser,
    body: Body,
) -> Result<StatusCode, Failure> {
    acting.require_supervisor()?;
    let shelf = shelf(&state)?;
    let notes: ReleaseNotes = json_body(body, 64 * 1024).await?;
    shelf.set_notes(&version, &notes, chrono::Utc::now())?;
    tracing::info!(%version, device = %acting.device.device_id, "release notes published");
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /v1/updates/{version}/{target}`: a supervisor uploads an installer
/// with its signature; one that does not verify is refused and not kept.
pub(super) async fn upload_installer(
    State(state): State<Shared>,
    Path((version, target)): Path<(String, String)>,
    acting: ActingUser,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Failure> {
    acting.require_supervisor()?;
    shelf(&state)?;
    let signature = headers
        .get(UPDATE_SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| Failure::invalid("the installer's signature is required"))?
        .to_owned();
    let installer = axum::body::to_bytes(body, MAX_INSTALLER_BYTES).await.map_err(|_| {
        Failure::new(StatusCode::PAYLOAD_TOO_LARGE, ApiErrorCode::TooLarge, "the installer is too large")
    })?;
    let bytes = installer.len();
    // Checking a signature over hundreds of megabytes and writing them are
    // blocking work: off the request threads.
    let (kept_version, kept_target) = (version.clone(), target.clone());
    tokio::task::spawn_blocking(move || {
        shelf(&state)?.add_installer(&kept_version, &kept_target, &installer, &signature).map_err(Failure::from)
    })
    .await
    .map_err(|_| Failure::from(UpdateError::Io(std::io::Error::other("the upload task failed"))))??;
    tracing::info!(%version, %target, bytes, "installer uploaded");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/updates/latest/{target}/{current_version}`: the update for this
/// computer, or 204 when it runs the newest there is.
pub(super) async fn offer(
    State(state): State<Shared>,
    Path((target, current)): Path<(String, String)>,
    _device: ApprovedDevice,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let shelf = shelf(&state)?;
    let Some(offer) = shelf.offer(&current, &target)? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let url = format!("{}/v1/updates/files/{}/{target}", origin(&headers), offer.version);
    let manifest = json!({
        "version": offer.version,
        "notes": offer.notes,
        "pub_date": offer.pub_date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "url": url,
        "signature": offer.signature,
    });
    Ok(axum::Json(manifest).into_response())
}

/// `GET /v1/updates/files/{version}/{target}`: the installer itself.
pub(super) async fn download(
    State(state): State<Shared>,
    Path((version, target)): Path<(String, String)>,
    _device: ApprovedDevice,
) -> Result<Response, Failure> {
    let shelf = shelf(&state)?;
    let path = shelf
        .installer(&version, &target)?
        .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no such installer"))?;
    let bytes = tokio::fs::read(path).await.map_err(|error| Failure::from(UpdateError::Io(error)))?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

/// The address the computer reached this server at. Plain HTTP is only ever
/// served on loopback, so any other host was reached over HTTPS (directly or
/// through a proxy on this machine).
fn origin(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("localhost");
    let name = host.rsplit_once(':').map_or(host, |(name, _port)| name);
    let loopback = matches!(name, "localhost" | "127.0.0.1" | "[::1]");
    format!("{}://{host}", if loopback { "http" } else { "https" })
}
