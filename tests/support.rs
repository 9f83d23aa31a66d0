//! Shared helpers for the session tests: they run only inside the desktop
//! session `cargo xtask test` starts (Xvfb, D-Bus, gnome-keyring), and say so
//! plainly when run any other way.

use std::path::PathBuf;

/// The value of an environment variable `cargo xtask test` sets, or a panic
/// that explains how to run these tests.
pub fn session_var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: these tests need the desktop session that `cargo xtask test` starts")
    })
}

/// Where screenshots and other artefacts go.
pub fn output_dir() -> PathBuf {
    let dir = PathBuf::from(session_var("ENLACE_E2E_OUT"));
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}
