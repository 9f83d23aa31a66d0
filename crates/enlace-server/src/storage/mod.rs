//! Where the server keeps changes, devices and credentials: a thin
//! [`Storage`] trait, one module per backend ([`sqlite`], the default and
//! encrypted at rest; [`postgres`], for larger pharmacies), each with its
//! own migrations. A push runs the same steps on either backend
//! ([`push_in`] over a [`PushTx`]); what to keep is decided by
//! `enlace_sync::decide`.

pub mod postgres;
pub mod sqlite;

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use enlace_domain::{ChainHead, HlcStamp};
use enlace_sync::consults::{ConsultState, consult_state};
use enlace_sync::{
    AuditHead, Change, DeviceStatus, Entity, Held, ProvenUser, PullResponse, PushResponse, Pusher, Rejection, decide,
    fold, users_from, values,
};
use serde_json::Value;
use uuid::Uuid;

pub use sqlite::DatabaseKey;

/// How long after its registration a setup device may still bring the
/// data it held before (unless it said it was done sooner).
pub const BOOTSTRAP_WINDOW: TimeDelta = TimeDelta::hours(24);

/// What can go wrong in storage. Messages carry no change contents.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored {0} is unreadable")]
    Corrupt(&'static str),
    #[error("the database URL is neither sqlite: nor postgres:")]
    UnknownBackend,
    #[error("the SQLite database needs its key (--db-key-file or ENLACE_SERVER_DB_KEY)")]
    KeyRequired,
    #[error("the key does not open this database")]
    WrongKey,
    #[error("PostgreSQL off this machine needs sslmode=verify-full in the database URL")]
    TlsRequired,
    #[error("the data folder cannot be used: {0}")]
    Io(#[from] std::io::Error),
    /// The release folder or key the server was given for updates.
    #[error(transparent)]
    Updates(#[from] crate::updates::UpdateError),
}

/// A registered device.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub device_id: Uuid,
    pub device_name: String,
    /// The user who registered it.
    pub username: String,
    /// SHA-256 (hex) of its token.
    pub token_hash: String,
    pub registered_at: DateTime<Utc>,
    /// The supervisor who approved it (or registered it); `None` while it waits.
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    /// A setup device's first upload: its changes stamped up to here travel
    /// without a credential, until it says it is done or a day has passed.
    pub bootstrap_until: Option<HlcStamp>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl DeviceRecord {
    pub fn status(&self) -> DeviceStatus {
        match (self.revoked_at, self.approved_at) {
            (Some(_), _) => DeviceStatus::Revoked,
            (None, Some(_)) => DeviceStatus::Approved,
            (None, None) => DeviceStatus::Pending,
        }
    }

    /// The setup allowance, while it lasts.
    pub fn bootstrap_until(&self, now: DateTime<Utc>) -> Option<HlcStamp> {
        self.bootstrap_until.filter(|_| now - self.registered_at < BOOTSTRAP_WINDOW)
    }
}

impl std::fmt::Debug for DeviceRecord {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("DeviceRecord")
            .field("device_id", &self.device_id)
            .field("username", &self.username)
            .field("token_hash", &"[redacted]")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

/// A user's credential on one device: proof that the user gave their
/// password to the server from there.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialRecord {
    /// SHA-256 (hex) of the credential.
    pub token_hash: String,
    pub device_id: Uuid,
    pub user_id: Uuid,
    pub issued_at: DateTime<Utc>,
}

impl std::fmt::Debug for CredentialRecord {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CredentialRecord")
            .field("device_id", &self.device_id)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

/// A pharmacy's first device on a server with no users: the device, its
/// founder's account changes and the founder's credential, kept together.
#[derive(Debug, Clone)]
pub struct Founding {
    pub device: DeviceRecord,
    pub founder: Vec<Change>,
    pub credential: CredentialRecord,
}

/// One push as the route hands it to storage.
#[derive(Debug, Clone)]
pub struct PushBatch {
    pub changes: Vec<Change>,
    /// SHA-256 of each credential the push carried.
    pub credential_hashes: Vec<String>,
    /// The device has nothing more to send.
    pub last: bool,
}

/// The server's storage.
#[async_trait]
pub trait Storage: Send + Sync + std::fmt::Debug + 'static {
    /// Every change to a user: the server's users are their fold.
    async fn user_changes(&self) -> Result<Vec<Change>, StorageError>;
    /// Founds the pharmacy: `false` (and nothing written) when the server
    /// has users already or the device id is taken.
    async fn found(&self, founding: &Founding) -> Result<bool, StorageError>;
    /// Registers a new device with its registrant's credential; `false`
    /// (and nothing written) when the id is taken: ids are never reassigned.
    async fn register_device(&self, device: &DeviceRecord, credential: &CredentialRecord)
    -> Result<bool, StorageError>;
    async fn device_by_token_hash(&self, token_hash: &str) -> Result<Option<DeviceRecord>, StorageError>;
    async fn devices(&self) -> Result<Vec<DeviceRecord>, StorageError>;
    /// Approves a waiting device; `false` when there is none with that id waiting.
    async fn approve_device(&self, device_id: Uuid, by: &str, at: DateTime<Utc>) -> Result<bool, StorageError>;
    /// Revokes a device (for good); `false` when there is none with that id.
    async fn revoke_device(&self, device_id: Uuid, at: DateTime<Utc>) -> Result<bool, StorageError>;
    async fn add_credential(&self, credential: &CredentialRecord) -> Result<(), StorageError>;
    async fn credential_by_hash(&self, token_hash: &str) -> Result<Option<CredentialRecord>, StorageError>;
    /// Consecutive wrong passwords for a username, and when the last was.
    async fn sign_in_failures(&self, username: &str) -> Result<(u32, Option<DateTime<Utc>>), StorageError>;
    async fn set_sign_in_failures(
        &self,
        username: &str,
        failures: u32,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StorageError>;
    /// Decides and keeps a push, in one transaction.
    async fn push(
        &self,
        pusher: &DeviceRecord,
        push: PushBatch,
        now: DateTime<Utc>,
    ) -> Result<PushResponse, StorageError>;
    /// Up to `limit` changes after `cursor` (from the start when `None` or unreadable).
    async fn pull(&self, cursor: Option<&str>, limit: u32) -> Result<PullResponse, StorageError>;
    /// Keeps changes the server itself made (web intake), without a decision.
    async fn append_server_changes(&self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError>;
    async fn state_value(&self, key: &str) -> Result<Option<String>, StorageError>;
    async fn set_state_value(&self, key: &str, value: &str) -> Result<(), StorageError>;
    async fn close(&self);
}

/// Opens the storage a database URL names and brings its schema up to date.
/// A SQLite database is encrypted with `key`, which it needs.
pub async fn open(database_url: &str, key: Option<&DatabaseKey>) -> Result<Box<dyn Storage>, StorageError> {
    if database_url.starts_with("sqlite:") {
        Ok(Box::new(sqlite::SqliteStorage::open(database_url, key.ok_or(StorageError::KeyRequired)?).await?))
    } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
        Ok(Box::new(postgres::PostgresStorage::open(database_url).await?))
    } else {
        Err(StorageError::UnknownBackend)
    }
}

/// One push's transaction, as each backend runs it.
#[async_trait]
pub(crate) trait PushTx: Send {
    /// Which of these change ids the server already holds.
    async fn known_ids(&mut self, ids: &[String]) -> Result<BTreeSet<Uuid>, StorageError>;
    /// Which of these change ids the server refused before, and why.
    async fn refused_ids(&mut self, ids: &[String]) -> Result<Vec<(String, String)>, StorageError>;
    async fn insert_refusals(&mut self, refusals: &[(String, String)]) -> Result<(), StorageError>;
    async fn user_changes(&mut self) -> Result<Vec<Change>, StorageError>;
    async fn credentials(&mut self, hashes: &[String]) -> Result<Vec<CredentialRecord>, StorageError>;
    async fn changes_of(&mut self, entity: Entity, ids: &[String]) -> Result<Vec<Change>, StorageError>;
    /// Which of these ids of `entity` the server holds any change to.
    async fn existing(&mut self, entity: Entity, ids: &[String]) -> Result<BTreeSet<Uuid>, StorageError>;
    async fn consult_states(&mut self, ids: &[String]) -> Result<Vec<ConsultState>, StorageError>;
    async fn scheduled_of(&mut self, pharmacists: &[String]) -> Result<Vec<ConsultState>, StorageError>;
    async fn insert_changes(&mut self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError>;
    async fn put_consult_states(&mut self, states: &[ConsultState]) -> Result<(), StorageError>;
    async fn audit_head(&mut self, device_id: Uuid) -> Result<Option<ChainHead>, StorageError>;
    async fn put_audit_head(&mut self, device_id: Uuid, head: &ChainHead) -> Result<(), StorageError>;
    /// The setup device said it is done: its allowance ends.
    async fn close_bootstrap(&mut self, device_id: Uuid) -> Result<(), StorageError>;
}

/// The steps of a push on any backend: changes the server already holds are
/// acknowledged again (a push may be repeated), the credentials resolved to
/// the users they prove, the rest decided against what the server holds,
/// the kept ones stored, and the consults and audit chain they touch
/// brought up to date.
pub(crate) async fn push_in<T: PushTx>(
    tx: &mut T,
    pusher: &DeviceRecord,
    push: PushBatch,
    now: DateTime<Utc>,
) -> Result<PushResponse, StorageError> {
    let PushBatch { changes, credential_hashes, last } = push;
    let ids: Vec<String> = changes.iter().map(|change| text(change.change_id)).collect();
    let known = tx.known_ids(&ids).await?;
    let refused_before: Vec<Rejection> = tx
        .refused_ids(&ids)
        .await?
        .into_iter()
        .filter_map(|(id, reason)| {
            let reason = serde_json::from_value(Value::String(reason)).ok()?;
            Some(Rejection { change_id: id.parse().ok()?, reason })
        })
        .collect();
    let decided: BTreeSet<Uuid> =
        known.iter().copied().chain(refused_before.iter().map(|rejection| rejection.change_id)).collect();
    let mut seen = BTreeSet::new();
    let fresh: Vec<Change> = changes
        .into_iter()
        .filter(|change| !decided.contains(&change.change_id) && seen.insert(change.change_id))
        .collect();
    let proven = proven_users(tx, pusher, &credential_hashes).await?;
    let held = held_for(tx, pusher, &fresh).await?;
    let consult_ids: Vec<String> = fresh.iter().filter_map(consult_of).collect::<BTreeSet<_>>().into_iter().collect();
    let decision = decide(
        fresh,
        &Pusher {
            device_id: pusher.device_id,
            proven,
            bootstrap_until: pusher.bootstrap_until(now),
            now_ms: u64::try_from(now.timestamp_millis()).unwrap_or_default(),
        },
        &held,
    );
    tx.insert_changes(&decision.accepted, now).await?;
    let refusals: Vec<(String, String)> = decision
        .rejected
        .iter()
        .filter_map(|rejection| match serde_json::to_value(rejection.reason) {
            Ok(Value::String(reason)) => Some((text(rejection.change_id), reason)),
            _ => None,
        })
        .collect();
    tx.insert_refusals(&refusals).await?;
    if !consult_ids.is_empty() {
        let mut by_id: BTreeMap<Uuid, Vec<Change>> = BTreeMap::new();
        for change in tx.changes_of(Entity::Consult, &consult_ids).await? {
            by_id.entry(change.entity_id).or_default().push(change);
        }
        let states: Vec<ConsultState> =
            by_id.iter().filter_map(|(id, changes)| consult_state(*id, &values(&fold(changes)))).collect();
        tx.put_consult_states(&states).await?;
    }
    if let Some(head) = &decision.audit_head {
        tx.put_audit_head(pusher.device_id, head).await?;
    }
    if last && pusher.bootstrap_until.is_some() {
        tx.close_bootstrap(pusher.device_id).await?;
    }
    let audit_head = decision.audit_head.clone().or(held.audit_head).map(AuditHead::from);
    let mut accepted: Vec<Uuid> = known.into_iter().collect();
    accepted.extend(decision.accepted.iter().map(|change| change.change_id));
    let mut rejected = refused_before;
    rejected.extend(decision.rejected);
    let server_time_ms = u64::try_from(now.timestamp_millis()).unwrap_or_default();
    Ok(PushResponse { accepted, rejected, audit_head, server_time_ms })
}

/// The users the push's credentials prove: credentials this device holds,
/// of users in the server's own table (with their roles there).
async fn proven_users<T: PushTx>(
    tx: &mut T,
    pusher: &DeviceRecord,
    hashes: &[String],
) -> Result<BTreeMap<String, ProvenUser>, StorageError> {
    if hashes.is_empty() {
        return Ok(BTreeMap::new());
    }
    let credentials = tx.credentials(hashes).await?;
    let users = users_from(&tx.user_changes().await?);
    Ok(credentials
        .iter()
        .filter(|credential| credential.device_id == pusher.device_id)
        .filter_map(|credential| users.iter().find(|user| user.id == credential.user_id))
        .map(|user| {
            let proven = ProvenUser {
                id: user.id,
                username: user.username.clone(),
                roles: user.roles.clone(),
                active: user.active,
            };
            (user.username.clone(), proven)
        })
        .collect())
}

/// What the server holds that `fresh` is judged against: the consults it
/// touches (their states, steps and the pharmacists' bookings), the
/// append-only records it names and the device's audit chain.
async fn held_for<T: PushTx>(tx: &mut T, pusher: &DeviceRecord, fresh: &[Change]) -> Result<Held, StorageError> {
    let consult_ids: Vec<String> = fresh.iter().filter_map(consult_of).collect::<BTreeSet<_>>().into_iter().collect();
    let consults: BTreeMap<Uuid, ConsultState> =
        tx.consult_states(&consult_ids).await?.into_iter().map(|state| (state.id, state)).collect();
    let pharmacists: BTreeSet<String> = fresh
        .iter()
        .filter_map(|change| change.fields.get("pharmacist_id").and_then(Value::as_str).map(str::to_owned))
        .chain(consults.values().filter_map(|state| state.pharmacist_id.map(text)))
        .collect();
    let scheduled = tx.scheduled_of(&pharmacists.into_iter().collect::<Vec<_>>()).await?;
    let mut steps = BTreeMap::new();
    if !consult_ids.is_empty() {
        for change in tx.changes_of(Entity::Consult, &consult_ids).await? {
            let version = change.fields.get("version").and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok());
            if let Some(version) = version {
                steps.insert((change.entity_id, version), change.device_id);
            }
        }
    }
    let mut append_only = BTreeSet::new();
    for entity in Entity::ALL.into_iter().filter(|entity| entity.append_only()) {
        let ids: Vec<String> =
            fresh.iter().filter(|change| change.entity == entity).map(|change| text(change.entity_id)).collect();
        if !ids.is_empty() {
            append_only.extend(tx.existing(entity, &ids).await?.into_iter().map(|id| (entity, id)));
        }
    }
    Ok(Held {
        booked: enlace_sync::consults::bookings(&scheduled),
        consults,
        steps,
        append_only,
        audit_head: tx.audit_head(pusher.device_id).await?,
    })
}

/// The consult a consult or consult-event change is about, as text.
fn consult_of(change: &Change) -> Option<String> {
    enlace_sync::consults::consult_of(change).map(text)
}

pub(crate) fn text(id: Uuid) -> String {
    id.hyphenated().to_string()
}

/// A stored change's columns, all text: change_id, entity, entity_id,
/// fields (JSON), hlc, device_id, author.
pub(crate) type ChangeColumns = (String, String, String, String, String, String, String);

pub(crate) fn change_from(columns: ChangeColumns) -> Result<Change, StorageError> {
    let (change_id, entity, entity_id, fields, hlc, device_id, author) = columns;
    Ok(Change {
        change_id: change_id.parse().map_err(|_| StorageError::Corrupt("change id"))?,
        entity: Entity::from_name(&entity).ok_or(StorageError::Corrupt("entity"))?,
        entity_id: entity_id.parse().map_err(|_| StorageError::Corrupt("entity id"))?,
        fields: match serde_json::from_str(&fields) {
            Ok(Value::Object(fields)) => fields,
            _ => return Err(StorageError::Corrupt("fields")),
        },
        hlc: hlc.parse().map_err(|_| StorageError::Corrupt("stamp"))?,
        device_id: device_id.parse().map_err(|_| StorageError::Corrupt("device id"))?,
        author,
    })
}

/// A change as JSON rows for a multi-row insert: `[[change_id, entity, …], …]`.
pub(crate) fn change_rows(changes: &[Change]) -> Result<String, StorageError> {
    let rows: Vec<Value> = changes
        .iter()
        .map(|change| {
            Value::Array(vec![
                Value::String(text(change.change_id)),
                Value::String(change.entity.name().to_owned()),
                Value::String(text(change.entity_id)),
                Value::String(Value::Object(change.fields.clone()).to_string()),
                Value::String(change.hlc.to_string()),
                Value::String(text(change.device_id)),
                Value::String(change.author.clone()),
            ])
        })
        .collect();
    serde_json::to_string(&rows).map_err(|_| StorageError::Corrupt("change rows"))
}

/// A consult state's stored JSON.
pub(crate) fn state_json(state: &ConsultState) -> Result<String, StorageError> {
    serde_json::to_string(state).map_err(|_| StorageError::Corrupt("consult state"))
}

pub(crate) fn state_from(json: &str) -> Result<ConsultState, StorageError> {
    serde_json::from_str(json).map_err(|_| StorageError::Corrupt("consult state"))
}

/// Instants as RFC 3339 UTC text, the same on both backends.
pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn parse_instant(text: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::parse_from_rfc3339(text).map(|at| at.to_utc()).map_err(|_| StorageError::Corrupt("instant"))
}

/// Device columns: device_id, device_name, username, token_hash, registered_at, approved_by, approved_at,
/// bootstrap_until, revoked_at.
pub(crate) type DeviceColumns =
    (String, String, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);

pub(crate) const DEVICE_COLUMNS: &str = "device_id, device_name, username, token_hash, registered_at, approved_by, \
    approved_at, bootstrap_until, revoked_at";

pub(crate) fn device_from(columns: DeviceColumns) -> Result<DeviceRecord, StorageError> {
    let (
        device_id,
        device_name,
        username,
        token_hash,
        registered_at,
        approved_by,
        approved_at,
        bootstrap_until,
        revoked_at,
    ) = columns;
    Ok(DeviceRecord {
        device_id: device_id.parse().map_err(|_| StorageError::Corrupt("device id"))?,
        device_name,
        username,
        token_hash,
        registered_at: parse_instant(&registered_at)?,
        approved_by,
        approved_at: approved_at.as_deref().map(parse_instant).transpose()?,
        bootstrap_until: bootstrap_until
            .map(|stamp| stamp.parse().map_err(|_| StorageError::Corrupt("bootstrap stamp")))
            .transpose()?,
        revoked_at: revoked_at.as_deref().map(parse_instant).transpose()?,
    })
}

/// Credential columns: token_hash, device_id, user_id, issued_at.
pub(crate) type CredentialColumns = (String, String, String, String);

pub(crate) fn credential_from(columns: CredentialColumns) -> Result<CredentialRecord, StorageError> {
    let (token_hash, device_id, user_id, issued_at) = columns;
    Ok(CredentialRecord {
        token_hash,
        device_id: device_id.parse().map_err(|_| StorageError::Corrupt("device id"))?,
        user_id: user_id.parse().map_err(|_| StorageError::Corrupt("user id"))?,
        issued_at: parse_instant(&issued_at)?,
    })
}
