//! The Enlace shell: the Tauri window ([`gui`]), its state ([`state`]), its
//! commands ([`commands`], each a line into `enlace-app`) and the headless
//! command line ([`cli`]).

pub mod cli;
pub mod commands;
pub mod gui;
pub mod state;

use std::path::PathBuf;

/// Logs go to stderr, warnings and up unless `RUST_LOG` says otherwise. No
/// log line carries patient data: the layers below log codes and entity names.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// Where the store lives unless `--data-dir` or `ENLACE_DATA_DIR` says otherwise:
/// the platform's per-user data folder (e.g. `~/.local/share/enlace` on Linux).
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Enlace", "Enlace")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("enlace-data"))
}
