//! Enlace's sync server. It trusts only what it can prove. A device
//! registers with a user's password and gets a token; unless a supervisor
//! registered it, it waits for a supervisor's approval before it may push
//! or pull. Each user who works on a device proves their password to the
//! server from there once, for a credential the device keeps: a change is
//! kept as that user's only with it, judged by the roles in the server's
//! own user table and by `enlace_sync`'s pure rules (values, stamps,
//! append-only records, audit chains, consult steps). Devices pull
//! everyone's changes after a cursor, waiting up to a few seconds for new
//! ones (long poll). The pharmacy's website posts refill and callback
//! requests to the intake. Storage is SQLite (encrypted) by default or
//! PostgreSQL ([`storage`]); what unauthenticated callers may cost is
//! bounded ([`limits`], [`auth::PasswordChecker`]).
//!
//! Logs carry methods, paths, statuses, timings and device ids — never a
//! change's contents, a token or a password.

pub mod auth;
pub mod limits;
pub mod metrics;
mod routes;
pub mod storage;
pub mod updates;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use enlace_domain::HlcStamp;
use tokio::sync::{Mutex, Notify};
use uuid::Uuid;

pub use limits::Limits;
pub use routes::router;
pub use storage::{CredentialRecord, DatabaseKey, DeviceRecord, Storage, StorageError};
pub use updates::{ReleaseNotes, UpdateConfig};

/// Longest a pull may wait for new changes.
pub const MAX_WAIT: Duration = Duration::from_secs(30);
/// Largest request body (a push of a few thousand changes fits easily).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Most changes a pull returns.
pub const MAX_PULL: u32 = 10_000;

/// How the server runs.
#[derive(Clone, Default)]
pub struct ServerConfig {
    /// Lets the first device register on a server with no users yet.
    pub setup_token: Option<String>,
    /// The key the pharmacy's website sends with intake posts; intake is off without one.
    pub intake_key: Option<String>,
    /// The SQLite database's key (PostgreSQL needs none).
    pub database_key: Option<DatabaseKey>,
    pub limits: Limits,
    /// Where releases are kept and the key their installers are signed
    /// with; the update routes answer 404 without it.
    pub updates: Option<UpdateConfig>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ServerConfig")
            .field("setup_token", &self.setup_token.as_ref().map(|_| "[redacted]"))
            .field("intake_key", &self.intake_key.as_ref().map(|_| "[redacted]"))
            .field("database_key", &self.database_key)
            .field("limits", &self.limits)
            .field("updates", &self.updates)
            .finish()
    }
}

/// What every request handler shares.
#[derive(Debug)]
pub struct ServerState {
    pub storage: Box<dyn Storage>,
    pub config: ServerConfig,
    pub metrics: metrics::Metrics,
    /// Woken after every kept push, so waiting pulls answer at once.
    pub changed: Notify,
    /// The server's own device id and clock, for the changes it makes (intake).
    pub identity: Mutex<HlcStamp>,
    pub passwords: auth::PasswordChecker,
    /// Password checks per source.
    pub password_limit: limits::PerSource,
    /// Website posts per source.
    pub intake_limit: limits::PerSource,
    /// The releases supervisors uploaded, when the server has a release key.
    pub releases: Option<updates::ReleaseShelf>,
}

impl ServerState {
    /// Opens storage and the server's identity.
    pub async fn open(database_url: &str, config: ServerConfig) -> Result<Arc<Self>, StorageError> {
        let storage = storage::open(database_url, config.database_key.as_ref()).await?;
        let device = match storage.state_value("device-id").await?.and_then(|id| id.parse::<Uuid>().ok()) {
            Some(id) => id,
            None => {
                let id = Uuid::now_v7();
                storage.set_state_value("device-id", &id.hyphenated().to_string()).await?;
                id
            }
        };
        let clock = storage
            .state_value("hlc")
            .await?
            .and_then(|text| text.parse::<HlcStamp>().ok())
            .unwrap_or_else(|| HlcStamp::genesis(device, 0));
        let limits = config.limits;
        let releases = match &config.updates {
            Some(updates) => Some(updates::ReleaseShelf::open(updates).map_err(StorageError::from)?),
            None => None,
        };
        Ok(Arc::new(Self {
            releases,
            storage,
            config,
            metrics: metrics::Metrics::default(),
            changed: Notify::new(),
            identity: Mutex::new(clock),
            passwords: auth::PasswordChecker::new(limits.password_checks_at_once, limits.password_checks_waiting),
            password_limit: limits::PerSource::per_minute(limits.password_checks_per_minute),
            intake_limit: limits::PerSource::per_minute(limits.intake_per_minute),
        }))
    }
}

/// Where and how to listen.
#[derive(Debug, Clone)]
pub enum Listen {
    /// Plain HTTP: only on a loopback address (tests, a reverse proxy on the same host).
    Plain(SocketAddr),
    /// HTTPS with a certificate chain and its key (PEM files).
    Tls { address: SocketAddr, certificate: PathBuf, key: PathBuf },
}

/// Why the server will not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("plain HTTP is only for loopback addresses; give --tls-cert and --tls-key to listen on {0}")]
    PlainOffLoopback(SocketAddr),
    #[error("the TLS certificate or key cannot be read: {0}")]
    Tls(std::io::Error),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves until `shutdown` resolves. Reports the address it listens on
/// through `bound` (useful with port 0).
pub async fn serve(
    state: Arc<ServerState>,
    listen: Listen,
    bound: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let app = router(state);
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(Duration::from_secs(5)));
    });
    match listen {
        Listen::Plain(address) => {
            if !address.ip().is_loopback() {
                return Err(StartError::PlainOffLoopback(address));
            }
            let listener = std::net::TcpListener::bind(address)?;
            listener.set_nonblocking(true)?;
            bound(listener.local_addr()?);
            axum_server::from_tcp(listener)?
                .handle(handle)
                .serve(app.into_make_service_with_connect_info::<SocketAddr>())
                .await?;
        }
        Listen::Tls { address, certificate, key } => {
            // One process-wide rustls provider (ring): no OpenSSL, no aws-lc.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(&certificate, &key)
                .await
                .map_err(StartError::Tls)?;
            let listener = std::net::TcpListener::bind(address)?;
            listener.set_nonblocking(true)?;
            bound(listener.local_addr()?);
            axum_server::from_tcp_rustls(listener, tls)?
                .handle(handle)
                .serve(app.into_make_service_with_connect_info::<SocketAddr>())
                .await?;
        }
    }
    Ok(())
}
