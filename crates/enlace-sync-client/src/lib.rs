//! Enlace's sync client: the engine that pushes a store's outbox and pulls
//! and applies everyone's changes ([`engine`], planning each push with
//! [`plan`]), the transport to the server ([`transport`]), and where a
//! device keeps its server settings and its users' credentials — in the
//! encrypted store itself ([`SyncConfig`], [`Credentials`]).

pub mod engine;
pub mod plan;
pub mod transport;

use std::collections::BTreeMap;

use enlace_domain::HlcStamp;
use enlace_store::{Store, StoreError};
use enlace_sync::Secret;

pub use engine::{SyncEngine, SyncError, SyncPhase, SyncReport, SyncStatus, run};
pub use transport::{DeviceToken, HttpTransport, Transport, TransportError, http_client, register, server_time};

const SERVER_URL: &str = "sync-server-url";
const TOKEN: &str = "sync-token";
const USERNAME: &str = "sync-username";
const CA_PEM: &str = "sync-ca-pem";
const BOOTSTRAP_UNTIL: &str = "sync-bootstrap-until";
const PAUSED: &str = "sync-paused";
const CREDENTIAL_PREFIX: &str = "sync-credential:";

/// Which server this device syncs with, and its credential there. Kept in
/// the device's local state (never synced), inside the encrypted store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    pub server_url: String,
    pub token: DeviceToken,
    /// The user who registered the device.
    pub username: String,
    /// The pharmacy's own certificate authority, when its server uses one.
    pub ca_pem: Option<String>,
    /// A setup device's first upload: its changes stamped up to here travel
    /// without a credential, until it has sent them all.
    pub bootstrap_until: Option<HlcStamp>,
}

impl SyncConfig {
    /// The server this device syncs with; `None` when it has none, or sync is paused.
    pub async fn load(store: &Store) -> Result<Option<Self>, StoreError> {
        if store.local_value(PAUSED).await?.is_some_and(|paused| paused == "1") {
            return Ok(None);
        }
        Self::load_even_paused(store).await
    }

    /// The server this device is registered with, whether or not sync is paused.
    pub async fn load_even_paused(store: &Store) -> Result<Option<Self>, StoreError> {
        let set = |value: Option<String>| value.filter(|value| !value.is_empty());
        let (Some(server_url), Some(token), Some(username)) = (
            set(store.local_value(SERVER_URL).await?),
            set(store.local_value(TOKEN).await?),
            set(store.local_value(USERNAME).await?),
        ) else {
            return Ok(None);
        };
        let ca_pem = store.local_value(CA_PEM).await?.filter(|pem| !pem.is_empty());
        let bootstrap_until = store.local_value(BOOTSTRAP_UNTIL).await?.and_then(|stamp| stamp.parse().ok());
        Ok(Some(Self { server_url, token: DeviceToken(token), username, ca_pem, bootstrap_until }))
    }

    pub async fn save(&self, store: &Store) -> Result<(), StoreError> {
        store.set_local_value(SERVER_URL, &self.server_url).await?;
        store.set_local_value(TOKEN, &self.token.0).await?;
        store.set_local_value(USERNAME, &self.username).await?;
        store.set_local_value(CA_PEM, self.ca_pem.as_deref().unwrap_or_default()).await?;
        Self::save_bootstrap(store, self.bootstrap_until).await
    }

    /// Stops syncing, keeping the registration (the server never registers
    /// a device id twice) and the users' credentials; changes made
    /// meanwhile wait in the outbox.
    pub async fn pause(store: &Store, paused: bool) -> Result<(), StoreError> {
        store.set_local_value(PAUSED, if paused { "1" } else { "" }).await
    }

    /// Records whether the setup device's first upload is still to finish.
    pub async fn save_bootstrap(store: &Store, until: Option<HlcStamp>) -> Result<(), StoreError> {
        store.set_local_value(BOOTSTRAP_UNTIL, &until.map(|stamp| stamp.to_string()).unwrap_or_default()).await
    }

    /// Forgets the server (the token and the users' credentials go; changes
    /// made meanwhile stay in the outbox).
    pub async fn forget(store: &Store) -> Result<(), StoreError> {
        for key in [SERVER_URL, TOKEN, USERNAME, CA_PEM, BOOTSTRAP_UNTIL, PAUSED] {
            store.set_local_value(key, "").await?;
        }
        store.forget_local_values_with_prefix(CREDENTIAL_PREFIX).await
    }

    /// A transport to the server with this device's token.
    pub fn transport(&self) -> Result<HttpTransport, TransportError> {
        let client = http_client(self.ca_pem.as_deref())?;
        Ok(HttpTransport::new(client, &self.server_url, self.token.clone()))
    }
}

/// The credentials this device holds for its users (username → credential):
/// each proves to the server that the user gave their password from here,
/// and their changes travel with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials(pub BTreeMap<String, Secret>);

impl Credentials {
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let values = store.local_values_with_prefix(CREDENTIAL_PREFIX).await?;
        Ok(Self(
            values
                .into_iter()
                .filter(|(_, value)| !value.is_empty())
                .filter_map(|(key, value)| Some((key.strip_prefix(CREDENTIAL_PREFIX)?.to_owned(), Secret(value))))
                .collect(),
        ))
    }

    /// Keeps `username`'s credential on this device.
    pub async fn save(store: &Store, username: &str, credential: &Secret) -> Result<(), StoreError> {
        store.set_local_value(&format!("{CREDENTIAL_PREFIX}{username}"), &credential.0).await
    }

    pub fn get(&self, username: &str) -> Option<&Secret> {
        self.0.get(username)
    }
}
