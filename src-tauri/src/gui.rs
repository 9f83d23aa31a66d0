//! Opens the window: the store is opened first (a failure is kept and shown
//! by the UI instead of any data), then Tauri starts with the commands.

use tauri::Manager;

use crate::commands::specta_builder;
use crate::state::{AppState, OpenOptions};

/// Runs the window until it is closed.
pub fn run(options: OpenOptions) -> anyhow::Result<()> {
    let options_use_the_default_store = options.data_dir == crate::default_data_dir();
    let state = tauri::async_runtime::block_on(AppState::open(options));
    let builder = specta_builder();
    let mut tauri = tauri::Builder::default();
    // One window per store: a second start on the computer's own store focuses the
    // running window instead (two processes would fight over the store's one writer).
    // A store named with --data-dir (tests, IT's scripts) is not the computer's own.
    if options_use_the_default_store {
        // With its deep-link feature, a second start's `enlace://` link reaches this window.
        tauri = tauri.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    }
    let window = tauri
        // The window opens where and as large as it was left.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_deep_link::init())
        .manage(crate::caller_link::CallerLink::default())
        .manage(state)
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(crate::commands::PendingUpdate::default())
        .manage(crate::commands::ChosenReport::default())
        .invoke_handler(builder.invoke_handler())
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                composite_only_with_a_gpu(&window);
            }
            receive_caller_links(app.handle());
            Ok(())
        })
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

/// `enlace://call?from=…` links: the one Enlace was started with, and those a second start passes on.
fn receive_caller_links(app: &tauri::AppHandle) {
    use tauri_plugin_deep_link::DeepLinkExt;
    if let Ok(Some(links)) = app.deep_link().get_current() {
        crate::caller_link::receive(app, &links);
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| crate::caller_link::receive(&handle, &event.urls()));
}

/// WebKitGTK composites the page through the GPU. With no GPU (no DRM render
/// node: virtual desktops, remote sessions, Xvfb) it emulates one in software,
/// and each repaint of the window costs several times what drawing without
/// compositing does: under Xvfb the language switch's repaint took ~90 ms
/// composited and ~25 ms not. So compositing is used only where a GPU is.
fn composite_only_with_a_gpu(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    if !has_gpu_render_node(std::path::Path::new("/dev/dri")) {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(error) = applied {
            tracing::warn!(%error, "cannot turn off GPU compositing");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// Whether `dri` (normally /dev/dri) holds a render node a GPU draws through.
#[cfg(target_os = "linux")]
fn has_gpu_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::has_gpu_render_node;

    #[test]
    fn only_a_render_node_counts_as_a_gpu() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_gpu_render_node(&dri.path().join("missing")));
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(!has_gpu_render_node(dri.path()), "a display card alone does not draw");
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_gpu_render_node(dri.path()));
    }
}
