//! The window's application state: the open app, or why it could not open.
//! A failed open (key missing from the keyring, keyring locked…) can be
//! retried from the UI once the cause is fixed, without restarting.

use std::path::PathBuf;
use std::sync::Arc;

use enlace_app::{App, AppError};
use enlace_store::OsKeyring;
use tokio::sync::RwLock;

/// Where the store is and how to open it.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub data_dir: PathBuf,
    /// Fill an empty store with the synthetic demo pharmacy.
    pub demo: bool,
}

#[derive(Debug)]
pub struct AppState {
    options: OpenOptions,
    app: RwLock<Result<Arc<App>, AppError>>,
}

impl AppState {
    pub async fn open(options: OpenOptions) -> Self {
        let app = open_app(&options).await.map(Arc::new);
        Self { options, app: RwLock::new(app) }
    }

    /// The open app, or the error that keeps it closed.
    pub async fn app(&self) -> Result<Arc<App>, AppError> {
        self.app.read().await.clone()
    }

    /// Tries again to open the store if it is not open.
    pub async fn retry_open(&self) -> Result<(), AppError> {
        let mut app = self.app.write().await;
        if app.is_err() {
            *app = open_app(&self.options).await.map(Arc::new);
        }
        app.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    pub async fn close(&self) {
        if let Ok(app) = &*self.app.read().await {
            app.close().await;
        }
    }
}

async fn open_app(options: &OpenOptions) -> Result<App, AppError> {
    let keys = OsKeyring::for_database(&enlace_app::database_path(&options.data_dir))
        .map_err(|error| enlace_app::AppError::from(enlace_store::StoreError::Io(error)))?;
    let app = App::open(&options.data_dir, &keys).await?;
    if options.demo {
        app.seed_demo(chrono::Utc::now()).await?;
    }
    Ok(app)
}
