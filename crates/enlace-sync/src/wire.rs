//! The messages between the app's sync client and the server, as JSON.
//! Secrets (passwords, tokens) have a redacting `Debug`.

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::{HlcStamp, Role};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Entity;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidChange {
    #[error("a change must set at least one field")]
    NoFields,
    #[error("the entity has no such field")]
    UnknownField,
    #[error("the stamp belongs to another device")]
    ForeignStamp,
}

impl Change {
    /// Checks the change against the schema: known fields only, and a stamp
    /// issued by the device the change says it comes from.
    pub fn check(&self) -> Result<(), InvalidChange> {
        if self.fields.is_empty() {
            return Err(InvalidChange::NoFields);
        }
        let allowed = self.entity.fields();
        if self.fields.keys().any(|name| !allowed.contains(&name.as_str())) {
            return Err(InvalidChange::UnknownField);
        }
        if self.hlc.device != self.device_id {
            return Err(InvalidChange::ForeignStamp);
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
            .finish()
    }
}

/// The device's credential for every later request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterResponse {
    pub token: String,
    pub username: String,
}

impl std::fmt::Debug for RegisterResponse {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RegisterResponse")
            .field("token", &"[redacted]")
            .field("username", &self.username)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    pub changes: Vec<Change>,
}

/// The server's answer to a push: every change it now holds (including ones
/// it already had: pushing again is harmless) and every one it refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    pub accepted: Vec<Uuid>,
    pub rejected: Vec<Rejection>,
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
}

/// A registered device, as a supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    pub device_id: Uuid,
    pub device_name: String,
    pub username: String,
    pub registered_at: DateTime<Utc>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiErrorCode {
    /// No token, an unknown one, or wrong credentials.
    Unauthorized,
    /// The device was revoked by a supervisor.
    DeviceRevoked,
    /// The user may not do this (revoking devices needs a supervisor).
    Forbidden,
    /// The server has no users yet: the first device needs the setup token.
    SetupRequired,
    InvalidRequest,
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
