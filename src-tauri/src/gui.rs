//! Opens the window: the store is opened first (a failure is kept and shown
//! by the UI instead of any data), then Tauri starts with the commands.

use std::path::Path;

use enlace_app::App;
use enlace_store::OsKeyring;
use tauri::Manager;

use crate::commands::{AppState, specta_builder};

/// Runs the window until it is closed. With `demo`, an empty store is first
/// filled with the synthetic demo pharmacy.
pub fn run(data_dir: &Path, demo: bool) -> anyhow::Result<()> {
    let state = tauri::async_runtime::block_on(open_app(data_dir, demo));
    let builder = specta_builder();
    let window = tauri::Builder::default()
        .manage(AppState(state))
        .invoke_handler(builder.invoke_handler())
        .build(tauri::generate_context!())?;
    window.run(|handle, event| {
        // Close the store while the process is still whole: the last
        // checkpoint runs and no connection outlives the crypto library.
        if let tauri::RunEvent::Exit = event
            && let Ok(app) = &handle.state::<AppState>().0
        {
            tauri::async_runtime::block_on(app.close());
        }
    });
    Ok(())
}

async fn open_app(data_dir: &Path, demo: bool) -> Result<App, enlace_app::AppError> {
    let keys = OsKeyring::for_database(&enlace_app::database_path(data_dir));
    let app = App::open(data_dir, &keys).await?;
    if demo {
        app.seed_demo(chrono::Utc::now().date_naive()).await?;
    }
    Ok(app)
}
