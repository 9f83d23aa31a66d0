//! Opens the window: the store is opened first (a failure is kept and shown
//! by the UI instead of any data), then Tauri starts with the commands.

use tauri::Manager;

use crate::commands::specta_builder;
use crate::state::{AppState, OpenOptions};

/// Runs the window until it is closed.
pub fn run(options: OpenOptions) -> anyhow::Result<()> {
    let state = tauri::async_runtime::block_on(AppState::open(options));
    let builder = specta_builder();
    let window = tauri::Builder::default()
        .manage(state)
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .build(tauri::generate_context!())?;
    window.run(|handle, event| {
        // Close the store while the process is still whole: the last
        // checkpoint runs and no connection outlives the crypto library.
        if let tauri::RunEvent::Exit = event {
            tauri::async_runtime::block_on(handle.state::<AppState>().close());
        }
    });
    Ok(())
}
