//! The Enlace shell: the Tauri window ([`gui`]), its state ([`state`]), its
//! commands ([`commands`], each a line into `enlace-app`) and the headless
//! command line ([`cli`]).

pub mod caller_link;
pub mod cli;
pub mod commands;
pub mod crash;
pub mod gui;
pub mod perf;
pub mod state;

use std::path::PathBuf;

/// Days of window logs kept: one file a day, the oldest deleted as a new day starts.
pub const LOG_DAYS_KEPT: usize = 14;

/// Creates the data folder, if it does not exist yet, readable by its owner
/// only (before the window's logs are written into it; the store narrows
/// what it creates itself the same way).
pub fn create_private_dir(path: &std::path::Path) -> std::io::Result<()> {
    if path.try_exists()? {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Logs go to stderr (warnings and up) and, for the window, to a daily file
/// in `log_dir` (information and up, [`LOG_DAYS_KEPT`] days of them), unless `RUST_LOG` says otherwise. No
/// log line carries patient data: the layers below log codes and entity
/// names, and an end-to-end test scans the files for the demo patients.
pub fn init_logging(log_dir: Option<&std::path::Path>) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::{EnvFilter, Layer};

    let filter = |default: &str| EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(filter("warn"));
    let file = log_dir.and_then(|dir| {
        let appender = tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("enlace")
            .filename_suffix("log")
            .max_log_files(LOG_DAYS_KEPT)
            .build(dir)
            .ok()?;
        Some(tracing_subscriber::fmt::layer().with_ansi(false).with_writer(appender).with_filter(filter("info")))
    });
    let _ = tracing_subscriber::registry().with(stderr).with(file).try_init();
}

/// A release key to check updates with instead of the one built into the
/// app (`ENLACE_RELEASE_KEY`): development and test builds only, so a test
/// signs its releases with a key of its own. An installer's build (without
/// the demo) always uses the built-in key.
pub fn release_key_override() -> Option<String> {
    if cfg!(feature = "demo") { std::env::var("ENLACE_RELEASE_KEY").ok().filter(|key| !key.is_empty()) } else { None }
}

/// Where the store lives unless `--data-dir` or `ENLACE_DATA_DIR` says otherwise:
/// the platform's per-user data folder (e.g. `~/.local/share/enlace` on Linux).
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Enlace", "Enlace")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("enlace-data"))
}
