//! Tauri's build step. Listing the app's commands here turns on per-command
//! permissions, so a window can call only what its capability grants.
//!
//! The list is read from the window's capability (`capabilities/main.json`:
//! `allow-<command>` for each), so the commands are named in one place
//! besides their functions and `commands::specta_builder`; a test in
//! `commands.rs` holds the capability equal to the registered commands.

fn main() {
    let capability = "capabilities/main.json";
    println!("cargo:rerun-if-changed={capability}");
    let text = match std::fs::read_to_string(capability) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {capability}: {error}"),
    };
    // Tauri keeps the names for the life of the build script.
    let commands: &'static [&'static str] =
        Vec::leak(commands_granted(&text).into_iter().map(|name| &*String::leak(name)).collect());
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}

/// The app's own commands a capability grants: each `"allow-<kebab-name>"` as `snake_name`.
fn commands_granted(capability: &str) -> Vec<String> {
    capability.split('"').filter_map(|token| token.strip_prefix("allow-")).map(|name| name.replace('-', "_")).collect()
}
