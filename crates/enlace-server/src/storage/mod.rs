//! Where the server keeps changes and devices: a thin [`Storage`] trait, one
//! module per backend ([`sqlite`], the default; [`postgres`], for larger
//! pharmacies), each with its own migrations. A push runs the same steps on
//! either backend ([`push_in`] over a [`PushTx`]); what to keep is decided
//! by `enlace_sync::decide`.

pub mod postgres;
pub mod sqlite;

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use enlace_sync::consults::{Bookings, ConsultState, consult_state};
use enlace_sync::{Change, Entity, PullResponse, PushResponse, Pusher, Rejection, decide, fold, values};
use serde_json::Value;
use uuid::Uuid;

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
    /// Registered with the setup token, on a server without users.
    pub bootstrap: bool,
    pub registered_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for DeviceRecord {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("DeviceRecord")
            .field("device_id", &self.device_id)
            .field("username", &self.username)
            .field("token_hash", &"[redacted]")
            .field("bootstrap", &self.bootstrap)
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

/// The server's storage.
#[async_trait]
pub trait Storage: Send + Sync + std::fmt::Debug + 'static {
    /// Every change to a user: the server's users are their fold.
    async fn user_changes(&self) -> Result<Vec<Change>, StorageError>;
    /// Registers a device, or gives a registered one a new token.
    async fn register_device(&self, device: &DeviceRecord) -> Result<(), StorageError>;
    async fn device_by_token_hash(&self, token_hash: &str) -> Result<Option<DeviceRecord>, StorageError>;
    async fn devices(&self) -> Result<Vec<DeviceRecord>, StorageError>;
    /// Revokes a device; `false` when there is none with that id.
    async fn revoke_device(&self, device_id: Uuid, at: DateTime<Utc>) -> Result<bool, StorageError>;
    /// Decides and keeps a push, in one transaction.
    async fn push(
        &self,
        pusher: &DeviceRecord,
        changes: Vec<Change>,
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
pub async fn open(database_url: &str) -> Result<Box<dyn Storage>, StorageError> {
    if database_url.starts_with("sqlite:") {
        Ok(Box::new(sqlite::SqliteStorage::open(database_url).await?))
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
    async fn changes_of(&mut self, entity: Entity, ids: &[String]) -> Result<Vec<Change>, StorageError>;
    async fn consult_states(&mut self, ids: &[String]) -> Result<Vec<ConsultState>, StorageError>;
    async fn scheduled_of(&mut self, pharmacists: &[String]) -> Result<Vec<ConsultState>, StorageError>;
    async fn insert_changes(&mut self, changes: &[Change], now: DateTime<Utc>) -> Result<(), StorageError>;
    async fn put_consult_states(&mut self, states: &[ConsultState]) -> Result<(), StorageError>;
}

/// The steps of a push on any backend: changes the server already holds are
/// acknowledged again (a push may be repeated), the rest decided, the kept
/// ones stored, and the consults they touch brought up to date.
pub(crate) async fn push_in<T: PushTx>(
    tx: &mut T,
    pusher: &DeviceRecord,
    changes: Vec<Change>,
    now: DateTime<Utc>,
) -> Result<PushResponse, StorageError> {
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
    let consult_ids: BTreeSet<String> = fresh.iter().filter_map(consult_of).collect();
    let consult_ids: Vec<String> = consult_ids.into_iter().collect();
    let states: BTreeMap<Uuid, ConsultState> =
        tx.consult_states(&consult_ids).await?.into_iter().map(|state| (state.id, state)).collect();
    let pharmacists: BTreeSet<String> = fresh
        .iter()
        .filter_map(|change| change.fields.get("pharmacist_id").and_then(Value::as_str).map(str::to_owned))
        .chain(states.values().filter_map(|state| state.pharmacist_id.map(text)))
        .collect();
    let scheduled = tx.scheduled_of(&pharmacists.into_iter().collect::<Vec<_>>()).await?;
    let booked: Bookings = enlace_sync::consults::bookings(&scheduled);
    let user_changes = tx.user_changes().await?;
    let decision = decide(
        fresh,
        &Pusher { device_id: pusher.device_id, registrant: &pusher.username, bootstrap: pusher.bootstrap },
        &user_changes,
        &states,
        &booked,
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
    let mut accepted: Vec<Uuid> = known.into_iter().collect();
    accepted.extend(decision.accepted.iter().map(|change| change.change_id));
    let mut rejected = refused_before;
    rejected.extend(decision.rejected);
    Ok(PushResponse { accepted, rejected })
}

/// The consult a consult or consult-event change is about.
fn consult_of(change: &Change) -> Option<String> {
    match change.entity {
        Entity::Consult => Some(text(change.entity_id)),
        Entity::ConsultEvent => change.fields.get("consult_id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
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

/// Device columns: device_id, device_name, username, token_hash, bootstrap, registered_at, revoked_at.
pub(crate) type DeviceColumns = (String, String, String, String, bool, String, Option<String>);

pub(crate) fn device_from(columns: DeviceColumns) -> Result<DeviceRecord, StorageError> {
    let (device_id, device_name, username, token_hash, bootstrap, registered_at, revoked_at) = columns;
    Ok(DeviceRecord {
        device_id: device_id.parse().map_err(|_| StorageError::Corrupt("device id"))?,
        device_name,
        username,
        token_hash,
        bootstrap,
        registered_at: parse_instant(&registered_at)?,
        revoked_at: revoked_at.as_deref().map(parse_instant).transpose()?,
    })
}
