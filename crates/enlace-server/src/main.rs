//! `enlace-server`: the pharmacy's sync server.
//!
//! With no options it serves plain HTTP on 127.0.0.1:8787 from an encrypted
//! SQLite file in `./enlace-server-data/` (the folder and every file in it
//! readable by the server's user only; the database key in `db-key` there,
//! or `ENLACE_SERVER_DB_KEY`). For the pharmacy's network give a certificate
//! and key (`--tls-cert`, `--tls-key`) and an address to listen on; for a
//! larger pharmacy, `--database-url postgres://…` (with
//! `sslmode=verify-full` unless PostgreSQL runs on the same machine). With
//! `--release-key` it also keeps the releases supervisors upload, and the
//! pharmacy's computers update from it.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use enlace_server::{DatabaseKey, Limits, Listen, ServerConfig, ServerState, UpdateConfig, serve};

#[derive(Debug, Parser)]
#[command(name = "enlace-server", version, about = "Enlace's sync server")]
struct Options {
    /// Address to listen on.
    #[arg(long, env = "ENLACE_SERVER_LISTEN", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Folder of the default SQLite database (and the setup token file).
    #[arg(long, env = "ENLACE_SERVER_DATA_DIR", default_value = "enlace-server-data")]
    data_dir: PathBuf,
    /// sqlite:PATH or postgres://user@host/db; the SQLite file in --data-dir when absent.
    #[arg(long, env = "ENLACE_SERVER_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// PEM certificate chain for HTTPS.
    #[arg(long, env = "ENLACE_SERVER_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key for HTTPS.
    #[arg(long, env = "ENLACE_SERVER_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Token the first device registers with (generated and saved in --data-dir when absent).
    #[arg(long, env = "ENLACE_SERVER_SETUP_TOKEN", hide_env_values = true)]
    setup_token: Option<String>,
    /// Key the pharmacy's website sends to post requests; intake is off without it.
    #[arg(long, env = "ENLACE_SERVER_INTAKE_KEY", hide_env_values = true)]
    intake_key: Option<String>,
    /// File holding the SQLite database's key (64 hex digits; created, owner-only, when missing).
    /// Default: `db-key` in --data-dir.
    #[arg(long)]
    db_key_file: Option<PathBuf>,
    /// The SQLite database's key itself (64 hex digits), instead of a file.
    #[arg(long, env = "ENLACE_SERVER_DB_KEY", hide_env_values = true, conflicts_with = "db_key_file")]
    db_key: Option<String>,
    /// Password checks (device registration, a user's credential) allowed per client address per minute.
    #[arg(long, env = "ENLACE_SERVER_PASSWORD_CHECKS_PER_MINUTE", default_value_t = Limits::default().password_checks_per_minute)]
    password_checks_per_minute: u32,
    /// The public key Enlace's installers are signed with (the `pubkey` of the app's Tauri updater
    /// configuration). With it, supervisors upload releases (kept in `updates/` in --data-dir) and
    /// the pharmacy's computers update from this server.
    #[arg(long, env = "ENLACE_SERVER_RELEASE_KEY")]
    release_key: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let options = Options::parse();
    create_private_dir(&options.data_dir).context("cannot create the data folder")?;
    let database_url = match &options.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite:{}", options.data_dir.join("enlace-server.db").display()),
    };
    let setup_token = match options.setup_token {
        Some(token) => token,
        None => saved_setup_token(&options.data_dir)?,
    };
    let database_key = if database_url.starts_with("sqlite:") {
        Some(match &options.db_key {
            Some(hex) => DatabaseKey::from_hex(hex).context("ENLACE_SERVER_DB_KEY must be 64 hex digits")?,
            None => {
                let path = options.db_key_file.clone().unwrap_or_else(|| options.data_dir.join("db-key"));
                DatabaseKey::from_file(&path).context("cannot read or create the database key file")?
            }
        })
    } else {
        None
    };
    let limits = Limits { password_checks_per_minute: options.password_checks_per_minute, ..Limits::default() };
    let updates =
        options.release_key.map(|public_key| UpdateConfig { dir: options.data_dir.join("updates"), public_key });
    let config =
        ServerConfig { setup_token: Some(setup_token), intake_key: options.intake_key, database_key, limits, updates };
    let state = ServerState::open(&database_url, config).await.context("cannot open the server's database")?;
    let listen = match (options.tls_cert, options.tls_key) {
        (Some(certificate), Some(key)) => Listen::Tls { address: options.listen, certificate, key },
        _ => Listen::Plain(options.listen),
    };
    let https = matches!(listen, Listen::Tls { .. });
    let shutdown = stop_requested();
    serve(
        state.clone(),
        listen,
        |address| {
            let scheme = if https { "https" } else { "http" };
            eprintln!("enlace-server: listening on {scheme}://{address}");
        },
        shutdown,
    )
    .await?;
    state.storage.close().await;
    eprintln!("enlace-server: stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM from systemd stopping the service: the server stops
/// taking requests, finishes the ones under way and closes its database.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The data folder, created readable by the server's user only.
fn create_private_dir(path: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// The setup token in `<data dir>/setup-token` (mode 0600), created on first
/// start. The operator reads it there to register the pharmacy's first device.
fn saved_setup_token(data_dir: &std::path::Path) -> anyhow::Result<String> {
    let path = data_dir.join("setup-token");
    if let Ok(token) = std::fs::read_to_string(&path) {
        return Ok(token.trim().to_owned());
    }
    let token = enlace_server::auth::new_token();
    enlace_server::storage::sqlite::write_owner_only(&path, token.as_bytes())
        .context("cannot write the setup token file")?;
    eprintln!("enlace-server: the first device registers with the setup token in {}", path.display());
    Ok(token)
}
