//! The command line. Subcommands run headless; none opens the window.
//! Messages come from `locales/*/cli.ftl` in the language of the user's
//! environment (`LC_ALL`, `LC_MESSAGES`, `LANG`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use enlace_app::{App, AppError, DemoSeed};
use enlace_l10n::{FluentValue, Language, Localizer};
use enlace_store::OsKeyring;

#[derive(Debug, Parser)]
#[command(
    name = "enlace",
    version,
    about = "Enlace: refill reminders, consults and enrollment for bilingual pharmacy teams"
)]
pub struct Cli {
    /// Folder of the encrypted store (default: the platform's data folder, or $ENLACE_DATA_DIR).
    #[arg(long, global = true, env = "ENLACE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Open on the synthetic demo pharmacy (created in an empty store).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the synthetic demo pharmacy in an empty store.
    SeedDemo,
    /// Show where the store is and what it holds.
    Status,
    /// Write the TypeScript bindings of the window's commands.
    #[command(hide = true)]
    ExportBindings { path: PathBuf },
}

pub fn run(cli: Cli) -> ExitCode {
    let language = environment_language();
    let l10n = match Localizer::embedded() {
        Ok(l10n) => l10n,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let data_dir = cli.data_dir.clone().unwrap_or_else(crate::default_data_dir);
    let result = match cli.command {
        None => open_window(&l10n, language, &data_dir, cli.demo),
        Some(command) => headless(&l10n, language, &data_dir, command),
    };
    match result {
        Ok(code) => code,
        Err(reason) => {
            eprintln!("{}", l10n.format(language, "cli-failed", &[("reason", FluentValue::from(reason))]));
            ExitCode::FAILURE
        }
    }
}

fn open_window(
    l10n: &Localizer,
    language: Language,
    data_dir: &std::path::Path,
    demo: bool,
) -> Result<ExitCode, String> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        let command = [("command", FluentValue::from("xvfb-run -a enlace --demo"))];
        eprintln!("{}", l10n.format(language, "cli-no-display", &[]));
        eprintln!("{}", l10n.format(language, "cli-no-display.hint", &command));
        return Ok(ExitCode::from(2));
    }
    crate::gui::run(crate::state::OpenOptions { data_dir: data_dir.to_owned(), demo })
        .map_err(|error| error.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn headless(
    l10n: &Localizer,
    language: Language,
    data_dir: &std::path::Path,
    command: Command,
) -> Result<ExitCode, String> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| error.to_string())?;
    runtime.block_on(async {
        let say = |id: &str, args: &[(&str, FluentValue<'_>)]| println!("{}", l10n.format(language, id, args));
        if let Command::ExportBindings { path } = &command {
            crate::commands::export_bindings(path).map_err(|error| error.to_string())?;
            say("cli-bindings-written", &[("path", FluentValue::from(path.display().to_string()))]);
            return Ok(ExitCode::SUCCESS);
        }
        let database = enlace_app::database_path(data_dir);
        let keys = OsKeyring::for_database(&database).map_err(|error| {
            l10n.format(language, &AppError::from(enlace_store::StoreError::Io(error)).code.message_id(), &[])
        })?;
        let app =
            App::open(data_dir, &keys).await.map_err(|error| l10n.format(language, &error.code.message_id(), &[]))?;
        let path = FluentValue::from(database.display().to_string());
        let outcome: Result<(), AppError> = async {
            match command {
                Command::SeedDemo => match app.seed_demo(chrono::Utc::now()).await? {
                    DemoSeed::Created { patients } => {
                        say("cli-demo-created", &[("patients", FluentValue::from(patients)), ("path", path)])
                    }
                    DemoSeed::AlreadyPresent => say("cli-demo-present", &[("path", path)]),
                },
                Command::Status => {
                    let store = app.store();
                    let count = |n: u64| [("count", FluentValue::from(n))];
                    say("cli-status-store", &[("path", path)]);
                    say("cli-status-device", &[("device", FluentValue::from(store.device_id().to_string()))]);
                    say("cli-status-patients", &count(store.patient_count().await?));
                    say("cli-status-outbox", &count(store.outbox_len().await?));
                }
                Command::ExportBindings { .. } => {}
            }
            Ok(())
        }
        .await;
        app.close().await;
        outcome.map_err(|error| l10n.format(language, &error.code.message_id(), &[]))?;
        Ok(ExitCode::SUCCESS)
    })
}

/// The interface language of the user's environment, English if unset or neither.
fn environment_language() -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .and_then(|value| Language::from_tag(&value))
        .unwrap_or(Language::English)
}
