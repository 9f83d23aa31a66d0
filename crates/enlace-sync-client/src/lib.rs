//! Enlace's sync client: the engine that pushes a store's outbox and pulls
//! and applies everyone's changes ([`engine`]), the transport to the server
//! ([`transport`]), and where a device keeps its server settings — in the
//! encrypted store itself ([`SyncConfig`]).

pub mod engine;
pub mod transport;

use enlace_store::{Store, StoreError};

pub use engine::{SyncEngine, SyncError, SyncPhase, SyncReport, SyncStatus, run};
pub use transport::{DeviceToken, HttpTransport, Transport, TransportError, http_client, register};

const SERVER_URL: &str = "sync-server-url";
const TOKEN: &str = "sync-token";
const USERNAME: &str = "sync-username";
const CA_PEM: &str = "sync-ca-pem";

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
}

impl SyncConfig {
    pub async fn load(store: &Store) -> Result<Option<Self>, StoreError> {
        let set = |value: Option<String>| value.filter(|value| !value.is_empty());
        let (Some(server_url), Some(token), Some(username)) = (
            set(store.local_value(SERVER_URL).await?),
            set(store.local_value(TOKEN).await?),
            set(store.local_value(USERNAME).await?),
        ) else {
            return Ok(None);
        };
        let ca_pem = store.local_value(CA_PEM).await?.filter(|pem| !pem.is_empty());
        Ok(Some(Self { server_url, token: DeviceToken(token), username, ca_pem }))
    }

    pub async fn save(&self, store: &Store) -> Result<(), StoreError> {
        store.set_local_value(SERVER_URL, &self.server_url).await?;
        store.set_local_value(TOKEN, &self.token.0).await?;
        store.set_local_value(USERNAME, &self.username).await?;
        store.set_local_value(CA_PEM, self.ca_pem.as_deref().unwrap_or_default()).await
    }

    /// Forgets the server (the token goes; changes made meanwhile stay in the outbox).
    pub async fn forget(store: &Store) -> Result<(), StoreError> {
        for key in [SERVER_URL, TOKEN, USERNAME, CA_PEM] {
            store.set_local_value(key, "").await?;
        }
        Ok(())
    }

    /// A transport to the server with this device's token.
    pub fn transport(&self) -> Result<HttpTransport, TransportError> {
        let client = http_client(self.ca_pem.as_deref())?;
        Ok(HttpTransport::new(client, &self.server_url, self.token.clone()))
    }
}
