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
    let result =
        tauri::Builder::default().invoke_handler(tauri::generate_handler![painted]).run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("enlace-hello: {error}");
        std::process::exit(1);
    }
}
