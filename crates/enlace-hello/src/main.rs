//! A minimal Tauri 2 window: the baseline `cargo xtask bench` times and
//! weighs Enlace against. It shows one heading and says on stdout when its
//! first frame is painted.

use std::io::Write;

#[tauri::command]
fn painted() {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "enlace-perf: first-paint");
    let _ = out.flush();
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .setup(|app| {
            composite_only_with_a_gpu(app);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("enlace-hello: {error}");
        std::process::exit(1);
    }
}

/// Draws the way Enlace does (src-tauri/src/gui.rs): without GPU compositing
/// where the machine has no GPU render node, so both windows are measured on
/// the same renderer.
fn composite_only_with_a_gpu(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        let has_gpu = std::fs::read_dir("/dev/dri")
            .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
            .unwrap_or(false);
        if let (false, Some(window)) = (has_gpu, app.get_webview_window("main")) {
            let _ = window.with_webview(|webview| {
                use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
                if let Some(settings) = webview.inner().settings() {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
