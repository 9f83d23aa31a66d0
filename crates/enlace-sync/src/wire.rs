//! The messages between the app's sync client and the server, as JSON.
//! Secrets (passwords, tokens) have a redacting `Debug`.

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::{ChainHead, HlcStamp, Role};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Entity;
use crate::value_rules::{ValueError, check_fields};

/// One change to one entity: the unit the change log records, the client
/// pushes and the server stores and hands out. Field values are JSON scalars
/// (arrays and objects travel as JSON and are stored as JSON text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub change_id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub fields: Map<String, Value>,
    pub hlc: HlcStamp,
    /// The device that made the change (and alone may push it).
    pub device_id: Uuid,
    /// Who made it: a username, `command:<account>` for a headless command,
    /// or empty for the device itself (seeding, preferences).
    #[serde(default)]
    pub author: String,
}

/// Why a change cannot be taken as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidChange {
    #[error("a change must set at least one field")]
    NoFields,
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error("the stamp belongs to another device")]
    ForeignStamp,
    #[error("the author's name is too long")]
    Author,
}

/// The longest author a change may name (a username, or `command:<account>`).
const MAX_AUTHOR_CHARS: usize = 200;

impl Change {
    /// Checks the change against the schema: known fields, each holding a
    /// value its column and reader take, and a stamp issued by the device
    /// the change says it comes from.
    pub fn check(&self) -> Result<(), InvalidChange> {
        if self.fields.is_empty() {
            return Err(InvalidChange::NoFields);
        }
        check_fields(self.entity.fields(), &self.fields)?;
        if self.hlc.device != self.device_id {
            return Err(InvalidChange::ForeignStamp);
        }
        if self.author.chars().count() > MAX_AUTHOR_CHARS {
            return Err(InvalidChange::Author);
        }
        Ok(())
    }

    /// Whether the command-line or the device itself made it (no signed-in user).
    pub fn is_headless(&self) -> bool {
        self.author.is_empty() || self.author.starts_with("command:")
    }
}

/// A device asks to sync, on behalf of a user of the pharmacy.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRequest {
    pub username: String,
    pub password: String,
    pub device_id: Uuid,
    pub device_name: String,
    /// Needed only by the first device of a server that has no users yet.
    pub setup_token: Option<String>,
    /// With the setup token: the registering user's own changes (their
    /// account as this device holds it), which the password must match.
    /// The server starts its user table with them.
    #[serde(default)]
    pub founder: Vec<Change>,
    /// With the setup token: this device's clock now. Its changes stamped
    /// up to here are the pharmacy's existing data and travel without a
    /// credential, once.
    #[serde(default)]
    pub outbox_until: Option<HlcStamp>,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RegisterRequest")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("device_id", &self.device_id)
            .field("device_name", &self.device_name)
            .field("setup_token", &self.setup_token.as_ref().map(|_| "[redacted]"))
            .field("founder", &self.founder.len())
            .finish()
    }
}

/// A secret the server handed out (a device token or a user credential):
/// sent back as is, never shown.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("[redacted]")
    }
}

/// Where a device stands with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeviceStatus {
    /// Registered by someone who is not a supervisor: it can neither push
    /// nor pull until a supervisor approves it.
    Pending,
    Approved,
    /// A supervisor revoked it: for good.
    Revoked,
}

/// The device's token for every later request, and a credential proving
/// the registering user from this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterResponse {
    pub token: Secret,
    pub username: String,
    pub credential: Secret,
    pub status: DeviceStatus,
    /// A setup device's changes stamped up to here travel without a credential.
    pub bootstrap_until: Option<HlcStamp>,
}

/// A user on a registered device proves their password to the server, for
/// a credential the device keeps: the server accepts changes as theirs only
/// with it, also those made offline before.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRequest {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for CredentialRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CredentialRequest")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialResponse {
    pub username: String,
    pub credential: Secret,
}

/// The header a request names the acting user's credential in (a
/// supervisor's routes act for that user and no other).
pub const USER_CREDENTIAL_HEADER: &str = "x-enlace-user";

/// The header an installer's signature travels in when a supervisor uploads it
/// (base64 of the minisign signature file, as the Tauri signer writes it).
pub const UPDATE_SIGNATURE_HEADER: &str = "x-enlace-update-signature";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    pub changes: Vec<Change>,
    /// The credentials of the users whose changes these are.
    #[serde(default)]
    pub credentials: Vec<Secret>,
    /// The device has nothing more to send: a setup device's first upload ends here.
    #[serde(default)]
    pub last: bool,
}

/// The server's answer to a push: every change it now holds (including ones
/// it already had: pushing again is harmless) and every one it refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    pub accepted: Vec<Uuid>,
    pub rejected: Vec<Rejection>,
    /// The pushing device's audit chain as the server now holds it.
    #[serde(default)]
    pub audit_head: Option<AuditHead>,
    /// The server's clock (ms since the epoch), for the device to set its stamps by.
    #[serde(default)]
    pub server_time_ms: u64,
}

/// The last event of a device's audit chain: its number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditHead {
    pub sequence: u64,
    pub hash: String,
}

impl From<ChainHead> for AuditHead {
    fn from(head: ChainHead) -> Self {
        Self { sequence: head.sequence, hash: head.hash }
    }
}

impl From<AuditHead> for ChainHead {
    fn from(head: AuditHead) -> Self {
        Self { sequence: head.sequence, hash: head.hash }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    pub change_id: Uuid,
    pub reason: RejectReason,
}

/// Why the server refused a change. A refused change is undone on the device
/// that made it; the others never see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectReason {
    /// The change breaks the schema (unknown field, someone else's stamp…).
    Invalid,
    /// The author's roles do not allow it.
    NotPermitted,
    /// The consult changed on the server since the step was taken (someone
    /// else accepted it first).
    ConsultChanged,
    /// The pharmacist's slot was booked by another consult first.
    SlotTaken,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts. Opaque to the client.
    pub cursor: String,
    /// More changes are ready now.
    pub more: bool,
    /// The server's clock (ms since the epoch).
    #[serde(default)]
    pub server_time_ms: u64,
}

/// A registered device, as a supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    pub device_id: Uuid,
    pub device_name: String,
    pub username: String,
    pub registered_at: DateTime<Utc>,
    pub status: DeviceStatus,
    /// The supervisor who approved it (or registered it).
    pub approved_by: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What the pharmacy's website posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntakeRequest {
    pub kind: WebRequestKind,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: String,
    pub message: String,
    /// The pharmacy's patient id or an Rx number, if the form asked for one.
    pub patient_ref: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WebRequestKind {
    Refill,
    Callback,
    Question,
}

/// An error the server answers with (4xx or 5xx), by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
    /// When to try again, for `busy`, `rate-limited` and `sign-in-wait`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiErrorCode {
    /// No token, an unknown one, or wrong credentials.
    Unauthorized,
    /// The device was revoked by a supervisor.
    DeviceRevoked,
    /// The device waits for a supervisor's approval.
    DevicePending,
    /// A device with this id is registered already (ids are never reassigned).
    DeviceExists,
    /// Too many wrong passwords for this user: wait.
    SignInWait,
    /// Too many requests from this address: wait.
    RateLimited,
    /// The server is busy checking passwords: try again shortly.
    Busy,
    /// The user may not do this (managing devices needs a supervisor's credential).
    Forbidden,
    /// The server has no users yet: the first device needs the setup token.
    SetupRequired,
    InvalidRequest,
    /// An uploaded installer's signature does not verify with the release key.
    BadSignature,
    TooLarge,
    NotFound,
    Internal,
}

/// A user as the server knows them, folded from the user changes it holds.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUser {
    pub id: Uuid,
    pub username: String,
    pub roles: Vec<Role>,
    pub active: bool,
    /// argon2 PHC string.
    pub password_hash: String,
}

impl std::fmt::Debug for ServerUser {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ServerUser")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("roles", &self.roles)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}
