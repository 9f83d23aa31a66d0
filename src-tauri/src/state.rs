//! The window's application state: the open app (or why it could not open)
//! and who is signed in. A failed open (key missing from the keyring,
//! keyring locked…) can be retried from the UI once the cause is fixed,
//! without restarting.
//!
//! The session is the authority on who may act: every command but the
//! sign-in ones asks [`AppState::actor`], which refuses when nobody is
//! signed in or the session is locked, and locks a session idle for longer
//! than the pharmacy's setting even if the window failed to (the rules are
//! `enlace_app::Session`'s: only the person's input counts as activity).
//!
//! After a sign-in with a password, the user's credential on this computer
//! is asked of the pharmacy's server in the background (their changes
//! travel with it); while the server cannot be reached the password stays
//! in memory, wiped on success, sign-out or another sign-in.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use enlace_app::{Acting, Actor, App, AppError, ErrorCode, Session, SyncHandle, SyncView, start_sync};
use enlace_domain::User;
use enlace_store::OsKeyring;
use serde::Serialize;
use tokio::sync::{Mutex, RwLock};
use zeroize::Zeroizing;

/// Where the store is and how to open it.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub data_dir: PathBuf,
    /// Fill an empty store with the synthetic demo pharmacy.
    pub demo: bool,
}

/// How often a credential the server could not be asked for is asked again.
const CREDENTIAL_RETRY: Duration = Duration::from_secs(30);

/// What the window shows: a first-run form, the sign-in form, the lock
/// screen or the app.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub needs_first_user: bool,
    pub user: Option<User>,
    /// What the signed-in user's roles permit (the domain's table), for the
    /// window to offer; each command checks again.
    pub permitted: Vec<enlace_domain::Action>,
    pub locked: bool,
    /// Idle time after which the window locks itself.
    pub idle_lock_seconds: u32,
    /// This computer's recovery key waits for a supervisor to write it down
    /// (true only when the signed-in user may see it).
    pub recovery_key_pending: bool,
}

#[derive(Debug)]
pub struct AppState {
    options: OpenOptions,
    app: RwLock<Result<Arc<App>, AppError>>,
    session: Mutex<Option<Session>>,
    /// The background sync loop, while this device has a server.
    sync: Mutex<Option<SyncHandle>>,
    /// The background request for the signed-in user's credential, while it lasts.
    credential: Mutex<Option<tokio::task::AbortHandle>>,
    /// The running import's stop flag, while one runs (one at a time).
    import_cancel: std::sync::Mutex<Option<Arc<AtomicBool>>>,
}

/// The running import's claim on [`AppState`]'s import slot; dropping it frees the slot.
pub struct RunningImport<'a> {
    state: &'a AppState,
    pub cancel: Arc<AtomicBool>,
}

impl std::fmt::Debug for RunningImport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningImport").field("cancel", &self.cancel).finish_non_exhaustive()
    }
}

impl Drop for RunningImport<'_> {
    fn drop(&mut self) {
        if let Ok(mut slot) = self.state.import_cancel.lock() {
            *slot = None;
        }
    }
}

/// Overrides the pharmacy's idle-lock setting (in seconds), for tests that
/// cannot wait fifteen minutes.
const IDLE_OVERRIDE_VARIABLE: &str = "ENLACE_IDLE_LOCK_SECONDS";

impl AppState {
    pub async fn open(options: OpenOptions) -> Self {
        let app = open_app(&options).await.map(Arc::new);
        let state = Self {
            options,
            app: RwLock::new(app),
            session: Mutex::new(None),
            sync: Mutex::new(None),
            credential: Mutex::new(None),
            import_cancel: std::sync::Mutex::new(None),
        };
        state.restart_sync().await;
        state
    }

    /// Claims the import slot, refused with `import-running` while another import runs.
    pub fn begin_import(&self) -> Result<RunningImport<'_>, AppError> {
        let mut slot = self.import_cancel.lock().map_err(|_| AppError::new(ErrorCode::Internal))?;
        if slot.is_some() {
            return Err(AppError::new(ErrorCode::ImportRunning));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *slot = Some(Arc::clone(&cancel));
        Ok(RunningImport { state: self, cancel })
    }

    /// Asks the running import, if any, to stop before it commits anything.
    pub fn cancel_import(&self) {
        if let Ok(slot) = self.import_cancel.lock()
            && let Some(cancel) = slot.as_ref()
        {
            cancel.store(true, Ordering::Relaxed);
        }
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
    /// Opens the store with a typed recovery key (saving the key back in the
    /// keyring), then opens it as at start.
    pub async fn recover(&self, typed: &str) -> Result<(), AppError> {
        let mut app = self.app.write().await;
        if app.is_ok() {
            return Ok(());
        }
        let keys = OsKeyring::for_database(&enlace_app::database_path(&self.options.data_dir))
            .map_err(|error| AppError::from(enlace_store::StoreError::Io(error)))?;
        enlace_app::recover_store(&self.options.data_dir, typed, &keys).await?;
        *app = open_app(&self.options).await.map(Arc::new);
        drop(app);
        self.restart_sync().await;
        self.app().await.map(drop)
    }

    /// The window's logs and crash reports.
    pub fn log_dir(&self) -> std::path::PathBuf {
        self.options.data_dir.join("logs")
    }

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
    /// signed in or the session is locked. Not activity: background polls
    /// act too.
    pub async fn actor(&self) -> Result<Actor, AppError> {
        let idle_limit = self.idle_limit().await;
        let mut session = self.session.lock().await;
        let Some(current) = session.as_mut() else { return Err(AppError::new(ErrorCode::SignInRequired)) };
        let acting = current.actor(Instant::now(), idle_limit);
        self.record_idle_lock(&acting).await?;
        acting.into_actor()
    }

    async fn record_idle_lock(&self, acting: &Acting) -> Result<(), AppError> {
        if let Acting::LockedNow(actor) = acting {
            self.cancel_credential_request().await;
            self.app().await?.record_lock(actor, Utc::now()).await?;
        }
        Ok(())
    }

    pub async fn view(&self) -> Result<SessionView, AppError> {
        let app = self.app().await?;
        let needs_first_user = app.sign_in_state().await?.needs_first_user;
        let idle_lock_seconds = u32::try_from(self.idle_limit().await.as_secs()).unwrap_or(u32::MAX);
        let session = self.session.lock().await;
        let permitted =
            session.as_ref().map(|session| enlace_domain::permitted_actions(&session.user().roles)).unwrap_or_default();
        let recovery_key_pending = match session.as_ref().filter(|session| !session.is_locked()) {
            Some(session) => app.recovery_key_offered_to(&session.user().roles).await?,
            None => false,
        };
        Ok(SessionView {
            needs_first_user,
            user: session.as_ref().map(|session| session.user().clone()),
            permitted,
            locked: session.as_ref().is_some_and(Session::is_locked),
            idle_lock_seconds,
            recovery_key_pending,
        })
    }

    pub async fn signed_in(&self, user: User) -> Result<SessionView, AppError> {
        self.cancel_credential_request().await;
        *self.session.lock().await = Some(Session::new(user, Instant::now()));
        self.view().await
    }

    /// Signed in with a password: the session starts, and the user's
    /// credential on this computer is asked of the server if it lacks one.
    pub async fn signed_in_with_password(&self, user: User, password: &str) -> Result<SessionView, AppError> {
        let view = self.signed_in(user.clone()).await?;
        self.request_credential(&user.username, password).await;
        Ok(view)
    }

    async fn request_credential(&self, username: &str, password: &str) {
        let Ok(app) = self.app().await else { return };
        let (username, password) = (username.to_owned(), Zeroizing::new(password.to_owned()));
        let task = tokio::spawn(async move {
            loop {
                match app.obtain_credential(&username, &password).await {
                    Ok(true) => return,
                    Ok(false) => tokio::time::sleep(CREDENTIAL_RETRY).await,
                    Err(error) => {
                        tracing::warn!(code = ?error.code, "the server did not issue a credential");
                        return;
                    }
                }
            }
        });
        *self.credential.lock().await = Some(task.abort_handle());
    }

    async fn cancel_credential_request(&self) {
        if let Some(task) = self.credential.lock().await.take() {
            task.abort();
        }
    }

    /// Unlocks with the signed-in user's password or PIN.
    pub async fn unlock(&self, secret: &str) -> Result<SessionView, AppError> {
        let user_id = match &*self.session.lock().await {
            Some(session) => session.user().id,
            None => return Err(AppError::new(ErrorCode::SignInRequired)),
        };
        let user = self.app().await?.unlock(user_id, secret, Utc::now()).await?;
        // A PIN proves nothing to the server; a password may still earn the credential.
        self.signed_in_with_password(user, secret).await
    }

    pub async fn lock(&self) -> Result<SessionView, AppError> {
        let locked =
            self.session.lock().await.as_mut().and_then(|session| session.lock().then(|| session.user().clone()));
        if let Some(user) = locked {
            self.cancel_credential_request().await;
            self.app().await?.record_lock(&Actor::user(&user), Utc::now()).await?;
        }
        self.view().await
    }

    pub async fn sign_out(&self) -> Result<SessionView, AppError> {
        self.cancel_credential_request().await;
        if let Some(session) = self.session.lock().await.take() {
            self.app().await?.sign_out(&Actor::user(session.user()), Utc::now()).await?;
        }
        self.view().await
    }

    /// The window saw keyboard or mouse activity: the session is not idle.
    pub async fn touch(&self) -> Result<SessionView, AppError> {
        let idle_limit = self.idle_limit().await;
        let acting = {
            let mut session = self.session.lock().await;
            let Some(current) = session.as_mut() else { return Err(AppError::new(ErrorCode::SignInRequired)) };
            current.touch(Instant::now(), idle_limit)
        };
        self.record_idle_lock(&acting).await?;
        acting.into_actor()?;
        self.view().await
    }

    async fn idle_limit(&self) -> Duration {
        if let Some(seconds) = std::env::var(IDLE_OVERRIDE_VARIABLE).ok().and_then(|text| text.parse().ok()) {
            return Duration::from_secs(seconds);
        }
        match self.app().await {
            Ok(app) => app.idle_lock_limit().await,
            Err(_) => Duration::from_secs(u64::from(enlace_domain::pharmacy::DEFAULT_IDLE_LOCK_MINUTES) * 60),
        }
    }
}

async fn open_app(options: &OpenOptions) -> Result<App, AppError> {
    let keys = OsKeyring::for_database(&enlace_app::database_path(&options.data_dir))
        .map_err(|error| enlace_app::AppError::from(enlace_store::StoreError::Io(error)))?;
    let app = App::open(&options.data_dir, &keys).await?;
    #[cfg(feature = "demo")]
    if options.demo
        && let Err(refused) = app.seed_demo(chrono::Utc::now()).await
    {
        // `--demo` on a store holding a pharmacy's own data: the window opens on nothing.
        app.close().await;
        return Err(refused);
    }
    Ok(app)
}
