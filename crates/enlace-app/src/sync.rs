//! Syncing with the pharmacy's server, as the window sees it: connecting
//! this device (a supervisor registers it; a new, empty laptop may join
//! with a user's credentials before anyone has signed in on it), the
//! background loop and its status, the notices for changes the server
//! refused, and the requests the pharmacy's website sent.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, EntityId};
use enlace_store::{Store, SyncNotice};
use enlace_sync::{Entity, RegisterRequest, RejectReason};
use enlace_sync_client::{DeviceToken, SyncConfig, SyncPhase, SyncStatus, TransportError, http_client, register};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::access::Actor;
use crate::{App, AppError, ErrorCode};

/// What the Settings screen shows about sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncView {
    /// `None` when this device syncs with no server.
    pub server_url: Option<String>,
    /// The user who registered this device.
    pub registered_by: Option<String>,
    pub phase: Option<SyncPhaseView>,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed (a `sync-error-…` code), if it did.
    pub last_error: Option<String>,
    /// Local changes waiting to reach the server.
    pub pending_changes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum SyncPhaseView {
    Starting,
    Syncing,
    Idle,
    Retrying,
    Revoked,
    Unauthorized,
}

impl From<SyncPhase> for SyncPhaseView {
    fn from(phase: SyncPhase) -> Self {
        match phase {
            SyncPhase::Starting => Self::Starting,
            SyncPhase::Syncing => Self::Syncing,
            SyncPhase::Idle => Self::Idle,
            SyncPhase::Retrying => Self::Retrying,
            SyncPhase::Revoked => Self::Revoked,
            SyncPhase::Unauthorized => Self::Unauthorized,
        }
    }
}

/// Connecting this device to a server, as the form sends it.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectInput {
    pub server_url: String,
    pub username: String,
    pub password: String,
    /// Only for the pharmacy's first device, on a server with no users yet.
    pub setup_token: Option<String>,
    /// PEM of the pharmacy's own certificate authority, if its server uses one.
    pub ca_certificate: Option<String>,
}

impl std::fmt::Debug for ConnectInput {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ConnectInput")
            .field("server_url", &self.server_url)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A change of the user's that the server refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncNoticeView {
    pub id: EntityId,
    pub reason: RejectReasonView,
    /// What it was about: "consult", "pharmacy", "user"…
    pub entity: String,
    /// The patient it concerned, when there is one.
    pub patient_name: Option<String>,
    pub noticed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum RejectReasonView {
    Invalid,
    NotPermitted,
    ConsultChanged,
    SlotTaken,
}

impl From<RejectReason> for RejectReasonView {
    fn from(reason: RejectReason) -> Self {
        match reason {
            RejectReason::Invalid => Self::Invalid,
            RejectReason::NotPermitted => Self::NotPermitted,
            RejectReason::ConsultChanged => Self::ConsultChanged,
            RejectReason::SlotTaken => Self::SlotTaken,
        }
    }
}

/// A computer registered with the pharmacy's server, as a supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRow {
    pub device_id: EntityId,
    pub device_name: String,
    pub registered_by: String,
    pub registered_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// This computer.
    pub this_device: bool,
}

/// The background sync loop of an open app.
#[derive(Debug)]
pub struct SyncHandle {
    status: watch::Receiver<SyncStatus>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SyncHandle {
    /// Stops the loop and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// The app's store, for the loop that outlives any one command.
struct AppStore(Arc<App>);

impl std::ops::Deref for AppStore {
    type Target = Store;

    fn deref(&self) -> &Store {
        self.0.store()
    }
}

fn connect_error(error: &TransportError) -> AppError {
    AppError::new(match error {
        TransportError::Unreachable | TransportError::Server(_) | TransportError::Protocol => {
            ErrorCode::SyncUnreachable
        }
        TransportError::Unauthorized | TransportError::Revoked => ErrorCode::SignInFailed,
        TransportError::SetupRequired => ErrorCode::SyncSetupRequired,
    })
}

/// HTTPS anywhere, plain HTTP only to this computer (the server refuses it elsewhere too).
fn check_url(url: &str) -> Result<String, AppError> {
    let url = url.trim().trim_end_matches('/').to_owned();
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| url.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(':')));
    if url.starts_with("https://") && url.len() > "https://".len() || loopback {
        Ok(url)
    } else {
        Err(AppError::new(ErrorCode::SyncUrlInvalid))
    }
}

impl App {
    /// Registers this device with the server as a supervisor; the loop starts with [`start_sync`].
    pub async fn connect_sync(&self, actor: &Actor, input: ConnectInput, now: DateTime<Utc>) -> Result<(), AppError> {
        actor.require(Action::ManageSettings)?;
        self.register_device(input).await?;
        let audit = actor.audit_record(AuditAction::Change, "pharmacy", self.pharmacy().await?.id, now);
        self.store().apply_audited(Vec::new(), vec![audit]).await?;
        Ok(())
    }

    /// Joins the pharmacy's server from a new laptop that has no users yet:
    /// a user's own credentials register it, and the pharmacy arrives by sync.
    pub async fn join_server(&self, input: ConnectInput) -> Result<(), AppError> {
        if self.store().user_count().await? > 0 {
            return Err(AppError::new(ErrorCode::AlreadySetUp));
        }
        self.register_device(input).await
    }

    async fn register_device(&self, input: ConnectInput) -> Result<(), AppError> {
        let server_url = check_url(&input.server_url)?;
        let ca_pem = input.ca_certificate.filter(|pem| !pem.trim().is_empty());
        let client = http_client(ca_pem.as_deref()).map_err(|_| AppError::new(ErrorCode::SyncCertificateInvalid))?;
        let request = RegisterRequest {
            username: input.username.trim().to_lowercase(),
            password: input.password,
            device_id: self.store().device_id(),
            device_name: device_name(),
            setup_token: input.setup_token.map(|token| token.trim().to_owned()).filter(|token| !token.is_empty()),
        };
        let registered = register(&client, &server_url, &request).await.map_err(|error| connect_error(&error))?;
        let config =
            SyncConfig { server_url, token: DeviceToken(registered.token), username: registered.username, ca_pem };
        config.save(self.store()).await?;
        tracing::info!("device registered with the sync server");
        Ok(())
    }

    /// Forgets the server (changes made meanwhile wait in the outbox).
    pub async fn disconnect_sync(&self, actor: &Actor) -> Result<(), AppError> {
        actor.require(Action::ManageSettings)?;
        SyncConfig::forget(self.store()).await?;
        Ok(())
    }

    pub async fn sync_view(&self, handle: Option<&SyncHandle>) -> Result<SyncView, AppError> {
        let config = SyncConfig::load(self.store()).await?;
        let status = handle.map(|handle| handle.status.borrow().clone());
        Ok(SyncView {
            server_url: config.as_ref().map(|config| config.server_url.clone()),
            registered_by: config.map(|config| config.username),
            phase: status.as_ref().map(|status| status.phase.into()),
            last_synced_at: status.as_ref().and_then(|status| status.last_synced_at),
            last_error: status.and_then(|status| status.last_error),
            pending_changes: u32::try_from(self.store().outbox_len().await?).unwrap_or(u32::MAX),
        })
    }

    /// The computers registered with the server (supervisors).
    pub async fn sync_devices(&self, actor: &Actor) -> Result<Vec<DeviceRow>, AppError> {
        actor.require(Action::ManageUsers)?;
        let transport = self.server_transport().await?;
        let devices = transport.devices(&actor.username).await.map_err(|error| connect_error(&error))?;
        let this = self.store().device_id();
        Ok(devices
            .into_iter()
            .map(|device| DeviceRow {
                this_device: device.device_id == this,
                device_id: device.device_id,
                device_name: device.device_name,
                registered_by: device.username,
                registered_at: device.registered_at,
                revoked_at: device.revoked_at,
            })
            .collect())
    }

    /// Revokes a computer on the server (a lost or stolen laptop): it can neither push nor pull.
    pub async fn revoke_device(&self, actor: &Actor, device_id: EntityId, now: DateTime<Utc>) -> Result<(), AppError> {
        actor.require(Action::ManageUsers)?;
        let transport = self.server_transport().await?;
        transport.revoke(&actor.username, device_id).await.map_err(|error| connect_error(&error))?;
        let audit = actor.audit_record(AuditAction::Change, "device", device_id, now);
        self.store().apply_audited(Vec::new(), vec![audit]).await?;
        Ok(())
    }

    async fn server_transport(&self) -> Result<enlace_sync_client::HttpTransport, AppError> {
        let config = SyncConfig::load(self.store()).await?.ok_or_else(|| AppError::new(ErrorCode::SyncUnreachable))?;
        config.transport().map_err(|_| AppError::new(ErrorCode::SyncCertificateInvalid))
    }

    /// The user's notices of refused changes, newest first.
    pub async fn sync_notices(&self, actor: &Actor) -> Result<Vec<SyncNoticeView>, AppError> {
        let notices = self.store().sync_notices(&actor.username).await?;
        let mut views = Vec::with_capacity(notices.len());
        for notice in notices {
            views.push(SyncNoticeView {
                id: notice.id,
                reason: notice.reason.into(),
                entity: notice.entity.name().to_owned(),
                patient_name: self.patient_of_notice(&notice).await,
                noticed_at: notice.noticed_at,
            });
        }
        Ok(views)
    }

    async fn patient_of_notice(&self, notice: &SyncNotice) -> Option<String> {
        let patient_id = match notice.entity {
            Entity::Consult => self.store().consult(notice.entity_id).await.ok()?.patient_id,
            Entity::Patient => notice.entity_id,
            _ => return None,
        };
        self.store().patient(patient_id).await.ok().map(|patient| patient.name.full())
    }

    pub async fn dismiss_sync_notice(&self, actor: &Actor, id: EntityId) -> Result<(), AppError> {
        let owned = self.store().sync_notices(&actor.username).await?.iter().any(|notice| notice.id == id);
        if !owned {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        self.store().dismiss_sync_notice(id).await?;
        Ok(())
    }
}

/// The computer's name, for the supervisor's list of devices.
fn device_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "Enlace".into())
}

/// Starts the background sync loop when this device has a server.
pub async fn start_sync(app: Arc<App>) -> Result<Option<SyncHandle>, AppError> {
    let Some(config) = SyncConfig::load(app.store()).await? else { return Ok(None) };
    let transport = config.transport().map_err(|_| AppError::new(ErrorCode::SyncCertificateInvalid))?;
    let (status_tx, status) = watch::channel(SyncStatus::default());
    let (stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(enlace_sync_client::run(AppStore(app), transport, status_tx, stop_rx));
    Ok(Some(SyncHandle { status, stop, task }))
}
