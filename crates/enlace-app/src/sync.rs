//! Syncing with the pharmacy's server, as the window sees it: connecting
//! this device (a supervisor registers it, or founds the server with its
//! setup token; a new, empty laptop may join with a user's credentials
//! before anyone has signed in on it, and waits for a supervisor's
//! approval), each user's credential on this device (asked for when they
//! sign in while connected: their changes travel with it), the background
//! loop and its status, the supervisor's list of devices, the notices for
//! changes the server refused or this laptop set aside, and the requests
//! the pharmacy's website sent.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, EntityId};
use enlace_store::{SUPERVISORS, Store, SyncNotice};
use enlace_sync::{CredentialRequest, DeviceStatus, Entity, RegisterRequest, RejectReason};
use enlace_sync_client::{
    Credentials, DeviceToken, SyncConfig, SyncPhase, SyncStatus, TransportError, http_client, register, server_time,
};
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
    /// People whose changes wait until they sign in on this computer while it is connected.
    pub waiting_for: Vec<WaitingAuthor>,
}

/// Someone whose changes on this computer wait for their credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WaitingAuthor {
    pub username: String,
    pub changes: u32,
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
    /// Waits for a supervisor's approval.
    Pending,
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
            SyncPhase::Pending => Self::Pending,
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
    pub status: DeviceStatusView,
    /// The supervisor who approved it.
    pub approved_by: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// This computer.
    pub this_device: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum DeviceStatusView {
    Pending,
    Approved,
    Revoked,
}

impl From<DeviceStatus> for DeviceStatusView {
    fn from(status: DeviceStatus) -> Self {
        match status {
            DeviceStatus::Pending => Self::Pending,
            DeviceStatus::Approved => Self::Approved,
            DeviceStatus::Revoked => Self::Revoked,
        }
    }
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
    match error {
        TransportError::SignInWait(seconds) => {
            return AppError::new(ErrorCode::SignInWait).with_arg("seconds", seconds.to_string());
        }
        TransportError::Forbidden => return AppError::new(ErrorCode::NotPermitted),
        _ => {}
    }
    AppError::new(match error {
        TransportError::Unreachable | TransportError::Server(_) | TransportError::Protocol => {
            ErrorCode::SyncUnreachable
        }
        TransportError::Unauthorized | TransportError::Revoked => ErrorCode::SignInFailed,
        TransportError::SetupRequired => ErrorCode::SyncSetupRequired,
        TransportError::DeviceExists => ErrorCode::SyncDeviceExists,
        TransportError::Pending => ErrorCode::SyncDevicePending,
        TransportError::SignInWait(_) | TransportError::Forbidden => ErrorCode::Internal,
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
        let audit = actor.audit_record(AuditAction::Change, "device", self.store().device_id(), now);
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
        // Back to the server it was registered with: it knows this computer already.
        if let Some(previous) = SyncConfig::load_even_paused(self.store()).await? {
            if previous.server_url == server_url {
                SyncConfig::pause(self.store(), false).await?;
                return match self.obtain_credential(&input.username, &input.password).await {
                    Ok(true) => Ok(()),
                    Ok(false) => Err(AppError::new(ErrorCode::SyncUnreachable)),
                    Err(error) => {
                        SyncConfig::pause(self.store(), true).await?;
                        Err(error)
                    }
                };
            }
            SyncConfig::forget(self.store()).await?;
        }
        let ca_pem = input.ca_certificate.filter(|pem| !pem.trim().is_empty());
        let client = http_client(ca_pem.as_deref()).map_err(|_| AppError::new(ErrorCode::SyncCertificateInvalid))?;
        // Set this computer's clock by the server's first: what it stamped while running fast is
        // stamped again, so nothing it brings is refused as from the future.
        let server_ms = server_time(&client, &server_url).await.map_err(|error| connect_error(&error))?;
        self.store().set_server_clock(server_ms).await?;
        self.store().restamp_ahead(enlace_sync::MAX_STAMP_AHEAD_MS / 4).await?;
        let username = input.username.trim().to_lowercase();
        let setup_token = input.setup_token.map(|token| token.trim().to_owned()).filter(|token| !token.is_empty());
        // The pharmacy's first computer brings its supervisor's own account,
        // which the server checks the password against and starts its users with.
        let (founder, outbox_until) = match (&setup_token, self.store().user_by_username(&username).await?) {
            (Some(_), Some(account)) => {
                (self.store().own_changes_to_user(account.user.id).await?, Some(self.store().clock_stamp().await))
            }
            _ => (Vec::new(), None),
        };
        let request = RegisterRequest {
            username,
            password: input.password,
            device_id: self.store().device_id(),
            device_name: device_name(),
            setup_token,
            founder,
            outbox_until,
        };
        let registered = register(&client, &server_url, &request).await.map_err(|error| connect_error(&error))?;
        let config = SyncConfig {
            server_url,
            token: DeviceToken(registered.token.0),
            username: registered.username.clone(),
            ca_pem,
            bootstrap_until: registered.bootstrap_until,
        };
        config.save(self.store()).await?;
        Credentials::save(self.store(), &registered.username, &registered.credential).await?;
        tracing::info!(status = ?registered.status, "device registered with the sync server");
        Ok(())
    }

    /// Asks the server for `username`'s credential on this device, with the
    /// password they just signed in with, unless the device has it already
    /// or syncs with no server. `Ok(false)`: the server could not be reached
    /// (ask again later); a refusal is an error.
    pub async fn obtain_credential(&self, username: &str, password: &str) -> Result<bool, AppError> {
        let Some(config) = SyncConfig::load(self.store()).await? else { return Ok(true) };
        let username = enlace_domain::normalize_username(username).unwrap_or_else(|_| username.trim().to_lowercase());
        if Credentials::load(self.store()).await?.get(&username).is_some() {
            return Ok(true);
        }
        let transport = config.transport().map_err(|_| AppError::new(ErrorCode::SyncCertificateInvalid))?;
        let request = CredentialRequest { username, password: password.to_owned() };
        match transport.credential(&request).await {
            Ok(answer) => {
                Credentials::save(self.store(), &answer.username, &answer.credential).await?;
                // The loop may have held this user's changes back: wake it.
                self.store().notify_local_change();
                tracing::info!("a user's credential was issued for this device");
                Ok(true)
            }
            Err(error) if error.is_transient() && !matches!(error, TransportError::SignInWait(_)) => Ok(false),
            Err(error) => Err(connect_error(&error)),
        }
    }

    /// Stops syncing (changes made meanwhile wait in the outbox); connecting
    /// to the same server again resumes.
    pub async fn disconnect_sync(&self, actor: &Actor) -> Result<(), AppError> {
        actor.require(Action::ManageSettings)?;
        SyncConfig::pause(self.store(), true).await?;
        Ok(())
    }

    pub async fn sync_view(&self, handle: Option<&SyncHandle>) -> Result<SyncView, AppError> {
        let config = SyncConfig::load(self.store()).await?;
        let status = handle.map(|handle| handle.status.borrow().clone());
        let credentials = Credentials::load(self.store()).await?;
        let waiting_for = if config.is_some() {
            self.store()
                .outbox_by_author()
                .await?
                .into_iter()
                .filter(|(author, _)| !author.is_empty() && credentials.get(author).is_none())
                .map(|(username, changes)| WaitingAuthor {
                    username,
                    changes: u32::try_from(changes).unwrap_or(u32::MAX),
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(SyncView {
            server_url: config.as_ref().map(|config| config.server_url.clone()),
            registered_by: config.map(|config| config.username),
            phase: status.as_ref().map(|status| status.phase.into()),
            last_synced_at: status.as_ref().and_then(|status| status.last_synced_at),
            last_error: status.and_then(|status| status.last_error),
            pending_changes: u32::try_from(self.store().outbox_len().await?).unwrap_or(u32::MAX),
            waiting_for,
        })
    }

    /// The computers registered with the server (supervisors, acting by
    /// their own credential on this computer).
    pub async fn sync_devices(&self, actor: &Actor) -> Result<Vec<DeviceRow>, AppError> {
        actor.require(Action::ManageUsers)?;
        let (transport, credential) = self.acting_on_server(actor).await?;
        let devices = transport.devices(&credential).await.map_err(|error| connect_error(&error))?;
        let this = self.store().device_id();
        Ok(devices
            .into_iter()
            .map(|device| DeviceRow {
                this_device: device.device_id == this,
                device_id: device.device_id,
                device_name: device.device_name,
                registered_by: device.username,
                registered_at: device.registered_at,
                status: device.status.into(),
                approved_by: device.approved_by,
                revoked_at: device.revoked_at,
            })
            .collect())
    }

    /// Lets a computer that waits for approval push and pull.
    pub async fn approve_device(&self, actor: &Actor, device_id: EntityId, now: DateTime<Utc>) -> Result<(), AppError> {
        self.manage_device(actor, device_id, true, now).await
    }

    /// Revokes a computer on the server (a lost or stolen laptop): it can neither push nor pull, for good.
    pub async fn revoke_device(&self, actor: &Actor, device_id: EntityId, now: DateTime<Utc>) -> Result<(), AppError> {
        self.manage_device(actor, device_id, false, now).await
    }

    async fn manage_device(
        &self,
        actor: &Actor,
        device_id: EntityId,
        approve: bool,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::ManageUsers)?;
        let (transport, credential) = self.acting_on_server(actor).await?;
        transport.manage_device(&credential, device_id, approve).await.map_err(|error| connect_error(&error))?;
        let audit = actor.audit_record(AuditAction::Change, "device", device_id, now);
        self.store().apply_audited(Vec::new(), vec![audit]).await?;
        Ok(())
    }

    /// The server, and the acting user's credential on this computer.
    async fn acting_on_server(
        &self,
        actor: &Actor,
    ) -> Result<(enlace_sync_client::HttpTransport, enlace_sync::Secret), AppError> {
        let transport = self.server_transport().await?;
        let credential = Credentials::load(self.store())
            .await?
            .get(&actor.username)
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::SyncCredentialMissing))?;
        Ok((transport, credential))
    }

    async fn server_transport(&self) -> Result<enlace_sync_client::HttpTransport, AppError> {
        let config = SyncConfig::load(self.store()).await?.ok_or_else(|| AppError::new(ErrorCode::SyncUnreachable))?;
        config.transport().map_err(|_| AppError::new(ErrorCode::SyncCertificateInvalid))
    }

    /// The user's notices of refused changes (and, for supervisors, of
    /// pulled changes this computer set aside), newest first.
    pub async fn sync_notices(&self, actor: &Actor) -> Result<Vec<SyncNoticeView>, AppError> {
        let mut notices = self.store().sync_notices(&actor.username).await?;
        if enlace_domain::permits(&actor.roles, Action::ManageUsers) {
            notices.extend(self.store().sync_notices(SUPERVISORS).await?);
            notices.sort_by_key(|notice| std::cmp::Reverse(notice.noticed_at));
        }
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
        let owned = self.sync_notices(actor).await?.iter().any(|notice| notice.id == id);
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
