//! The window's application state: the open app (or why it could not open)
//! and who is signed in. A failed open (key missing from the keyring,
//! keyring locked…) can be retried from the UI once the cause is fixed,
//! without restarting.
//!
//! The session is the authority on who may act: every command but the
//! sign-in ones asks [`AppState::actor`], which refuses when nobody is
//! signed in or the session is locked, and locks a session idle for longer
//! than the pharmacy's setting even if the window failed to.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use enlace_app::{Actor, App, AppError, ErrorCode, SyncHandle, SyncView, start_sync};
use enlace_domain::User;
use enlace_store::OsKeyring;
use serde::Serialize;
use tokio::sync::{Mutex, RwLock};

/// Where the store is and how to open it.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub data_dir: PathBuf,
    /// Fill an empty store with the synthetic demo pharmacy.
    pub demo: bool,
}

#[derive(Debug)]
struct Session {
    user: User,
    locked: bool,
    last_activity: Instant,
}

/// What the window shows: a first-run form, the sign-in form, the lock
/// screen or the app.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub needs_first_user: bool,
    pub user: Option<User>,
    pub locked: bool,
    /// Idle time after which the window locks itself.
    pub idle_lock_seconds: u32,
}

#[derive(Debug)]
pub struct AppState {
    options: OpenOptions,
    app: RwLock<Result<Arc<App>, AppError>>,
    session: Mutex<Option<Session>>,
    /// The background sync loop, while this device has a server.
    sync: Mutex<Option<SyncHandle>>,
}

/// Overrides the pharmacy's idle-lock setting (in seconds), for tests that
/// cannot wait fifteen minutes.
const IDLE_OVERRIDE_VARIABLE: &str = "ENLACE_IDLE_LOCK_SECONDS";

impl AppState {
    pub async fn open(options: OpenOptions) -> Self {
        let app = open_app(&options).await.map(Arc::new);
        let state = Self { options, app: RwLock::new(app), session: Mutex::new(None), sync: Mutex::new(None) };
        state.restart_sync().await;
        state
    }

    /// (Re)starts background sync if this device has a server, stopping a loop already running.
    pub async fn restart_sync(&self) {
        let mut sync = self.sync.lock().await;
        if let Some(running) = sync.take() {
            running.stop().await;
        }
        let Ok(app) = self.app().await else { return };
        match start_sync(app).await {
            Ok(handle) => *sync = handle,
            Err(error) => tracing::warn!(code = ?error.code, "sync did not start"),
        }
    }

    /// Where sync stands.
    pub async fn sync_view(&self) -> Result<SyncView, AppError> {
        let app = self.app().await?;
        let sync = self.sync.lock().await;
        app.sync_view(sync.as_ref()).await
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
        if let Some(running) = self.sync.lock().await.take() {
            running.stop().await;
        }
        if let Ok(app) = &*self.app.read().await {
            app.close().await;
        }
    }

    /// The signed-in user, for a command that acts: refused when nobody is
    /// signed in or the session is locked. Counts as activity.
    pub async fn actor(&self) -> Result<Actor, AppError> {
        let idle_limit = self.idle_limit().await;
        let mut session = self.session.lock().await;
        let Some(current) = session.as_mut() else { return Err(AppError::new(ErrorCode::SignInRequired)) };
        if !current.locked && current.last_activity.elapsed() > idle_limit {
            current.locked = true;
            self.app().await?.record_lock(&Actor::user(&current.user), Utc::now()).await?;
        }
        if current.locked {
            return Err(AppError::new(ErrorCode::SignInRequired));
        }
        current.last_activity = Instant::now();
        Ok(Actor::user(&current.user))
    }

    pub async fn view(&self) -> Result<SessionView, AppError> {
        let app = self.app().await?;
        let needs_first_user = app.sign_in_state().await?.needs_first_user;
        let idle_lock_seconds = u32::try_from(self.idle_limit().await.as_secs()).unwrap_or(u32::MAX);
        let session = self.session.lock().await;
        Ok(SessionView {
            needs_first_user,
            user: session.as_ref().map(|session| session.user.clone()),
            locked: session.as_ref().is_some_and(|session| session.locked),
            idle_lock_seconds,
        })
    }

    pub async fn signed_in(&self, user: User) -> Result<SessionView, AppError> {
        *self.session.lock().await = Some(Session { user, locked: false, last_activity: Instant::now() });
        self.view().await
    }

    /// Unlocks with the signed-in user's password or PIN.
    pub async fn unlock(&self, secret: &str) -> Result<SessionView, AppError> {
        let user_id = match &*self.session.lock().await {
            Some(session) => session.user.id,
            None => return Err(AppError::new(ErrorCode::SignInRequired)),
        };
        let user = self.app().await?.unlock(user_id, secret, Utc::now()).await?;
        self.signed_in(user).await
    }

    pub async fn lock(&self) -> Result<SessionView, AppError> {
        if let Some(session) = self.session.lock().await.as_mut().filter(|session| !session.locked) {
            session.locked = true;
            self.app().await?.record_lock(&Actor::user(&session.user), Utc::now()).await?;
        }
        self.view().await
    }

    pub async fn sign_out(&self) -> Result<SessionView, AppError> {
        if let Some(session) = self.session.lock().await.take() {
            self.app().await?.sign_out(&Actor::user(&session.user), Utc::now()).await?;
        }
        self.view().await
    }

    /// The window saw keyboard or mouse activity.
    pub async fn touch(&self) -> Result<SessionView, AppError> {
        self.actor().await?;
        self.view().await
    }

    async fn idle_limit(&self) -> Duration {
        if let Some(seconds) = std::env::var(IDLE_OVERRIDE_VARIABLE).ok().and_then(|text| text.parse().ok()) {
            return Duration::from_secs(seconds);
        }
        let minutes = match self.app().await {
            Ok(app) => app.pharmacy().await.map(|pharmacy| pharmacy.idle_lock_minutes).unwrap_or(15),
            Err(_) => 15,
        };
        Duration::from_secs(u64::from(minutes) * 60)
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
