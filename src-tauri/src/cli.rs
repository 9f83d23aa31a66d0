//! The command line. Subcommands run headless; none opens the window.
//! Messages come from `locales/*/cli.ftl` in the language of the user's
//! environment (`LC_ALL`, `LC_MESSAGES`, `LANG`).
//!
//! Holding the OS session (and so the database key) is not being an Enlace
//! user: the commands that print patient data or change it (`call-list`,
//! `export-day`, `import`) sign in as a user first — `--user` or
//! `ENLACE_USER`, the password from `ENLACE_PASSWORD` or else standard
//! input — with the window's rules (wrong passwords bring the same wait),
//! and are audited under that user. Without one they exit with 2, and so
//! they do on a store without a pharmacy, naming `enlace setup`. `backup`
//! does too, as a supervisor; `restore` and `recover` open no store first.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand, ValueEnum};
#[cfg(feature = "demo")]
use enlace_app::DemoSeed;
use enlace_app::{Actor, App, AppError, ErrorCode, ImportProgress, ImportReport};
use enlace_domain::ChainBreak;
use enlace_l10n::{FluentValue, Language, Localizer};
use enlace_store::{KeyFile, KeyStore, OsKeyring};

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
    /// Read the database key from this file (mode 0600) instead of the system keyring; created if missing.
    #[arg(long, global = true, env = "ENLACE_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// Open on the synthetic demo pharmacy (created in an empty store).
    #[cfg(feature = "demo")]
    #[arg(long)]
    pub demo: bool,
    /// The Enlace user a command acts as (its password from ENLACE_PASSWORD, or else standard input).
    #[arg(long, global = true, env = "ENLACE_USER")]
    pub user: Option<String>,
    /// A link to open in the window: a phone system's screen-pop, enlace://call?from=+13055550134
    /// (the window already open takes it).
    #[arg(value_name = "LINK", value_parser = enlace_link)]
    pub link: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn enlace_link(text: &str) -> Result<String, String> {
    if text.starts_with("enlace:") { Ok(text.to_owned()) } else { Err("not an enlace: link".to_owned()) }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set up a real pharmacy in a new store (and, with --supervisor, its first supervisor).
    Setup(SetupArgs),
    /// Create the synthetic demo pharmacy in an empty store.
    #[cfg(feature = "demo")]
    SeedDemo,
    /// Show where the store is and what it holds.
    Status,
    /// Open a store whose key the keyring lost, with the recovery key a supervisor wrote down
    /// (read from standard input, hidden when typed at a terminal); the key goes back into the keyring.
    Recover,
    /// Write an encrypted backup of the whole store to FILE (a new file), as a supervisor; the
    /// passphrase from ENLACE_BACKUP_PASSPHRASE or standard input (asked twice at a terminal).
    Backup { file: PathBuf },
    /// Restore a backup made with `enlace backup` as this computer's store (only onto a computer
    /// without patient data); the passphrase from ENLACE_BACKUP_PASSPHRASE or standard input.
    Restore { file: PathBuf },
    /// Print the refill-reminder call list as of an instant, most urgent first.
    CallList {
        /// The instant to judge the list at (RFC 3339, e.g. 2026-11-22T15:00:00Z); default now.
        #[arg(long)]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
        #[arg(long, value_enum, default_value_t = ListFormat::Json)]
        format: ListFormat,
    },
    /// Import data from the pharmacy system.
    #[command(subcommand)]
    Import(ImportKind),
    /// Print today's list with its outcomes as CSV.
    ExportDay,
    /// Work with the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write the TypeScript bindings of the window's commands.
    #[command(hide = true)]
    ExportBindings { path: PathBuf },
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// The pharmacy's name, as patients know it.
    #[arg(long)]
    pub pharmacy_name: String,
    /// The callback number read out in every script and voicemail.
    #[arg(long)]
    pub phone: String,
    /// The pharmacy's IANA time zone (e.g. America/New_York), for patients who have none.
    #[arg(long)]
    pub time_zone: String,
    /// When patients may be called, in their own time (never wider than 08:00-21:00).
    #[arg(long, default_value = "08:00-21:00")]
    pub calling_hours: enlace_domain::CallingWindow,
    /// Create the first supervisor with this username (password from ENLACE_PASSWORD or standard input).
    #[arg(long)]
    pub supervisor: Option<String>,
    /// The first supervisor's name as colleagues see it (default: the username).
    #[arg(long, requires = "supervisor")]
    pub supervisor_name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ImportKind {
    /// Import a refill report (CSV); re-importing the same file changes nothing.
    Refills {
        file: PathBuf,
        /// A JSON column mapping ({"last_name": "Apellidos", …}) to save and use for this and later imports.
        #[arg(long)]
        mapping: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every device's hash chain; exits with 4 if an event was altered or deleted.
    Verify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Json,
    Csv,
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
    // The window keeps a log file next to its store; headless commands log to stderr only.
    let log_dir = data_dir.join("logs");
    if cli.command.is_none()
        && let Err(error) = crate::create_private_dir(&data_dir)
    {
        // Opening the store says what is wrong with the folder, in the window.
        eprintln!("{error}");
    }
    crate::init_logging(cli.command.is_none().then_some(log_dir.as_path()));
    if cli.command.is_none() {
        crate::crash::install(log_dir.clone());
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "enlace started");
    let result = match cli.command {
        None => open_window(&l10n, language, &data_dir, demo_wanted(&cli)),
        Some(command) => headless(&l10n, language, &data_dir, cli.key_file.as_deref(), cli.user.as_deref(), command),
    };
    match result {
        Ok(code) => code,
        Err(reason) => {
            eprintln!("{}", l10n.format(language, "cli-failed", &[("reason", FluentValue::from(reason))]));
            ExitCode::FAILURE
        }
    }
}

/// Whether `--demo` was given (a build without the demo has no such flag).
fn demo_wanted(cli: &Cli) -> bool {
    #[cfg(feature = "demo")]
    return cli.demo;
    #[cfg(not(feature = "demo"))]
    {
        let _ = cli;
        false
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
    key_file: Option<&std::path::Path>,
    user: Option<&str>,
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
        let keys: Box<dyn KeyStore> = match key_file {
            Some(path) => Box::new(KeyFile::new(path)),
            None => Box::new(OsKeyring::for_database(&database).map_err(|error| {
                l10n.format(language, &AppError::from(enlace_store::StoreError::Io(error)).code.message_id(), &[])
            })?),
        };
        if let Command::Recover = command {
            let prompt = l10n.format(language, "cli-recovery-key-prompt", &[]);
            let typed = typed_line(&prompt).unwrap_or_default();
            enlace_app::recover_store(data_dir, &typed, keys.as_ref())
                .await
                .map_err(|error| localized(l10n, language, &error))?;
            say("cli-recovered", &[("path", FluentValue::from(database.display().to_string()))]);
            return Ok(ExitCode::SUCCESS);
        }
        if let Command::Restore { file } = &command {
            let prompt = l10n.format(language, "cli-backup-passphrase-prompt", &[]);
            let passphrase = secret_from(BACKUP_PASSPHRASE_VARIABLE, &prompt).unwrap_or_default();
            let restored = enlace_app::restore_backup(data_dir, file, &passphrase, keys.as_ref())
                .await
                .map_err(|error| localized(l10n, language, &error))?;
            say(
                "cli-restored",
                &[("path", FluentValue::from(restored.path)), ("patients", FluentValue::from(restored.patients))],
            );
            return Ok(ExitCode::SUCCESS);
        }
        let app = App::open(data_dir, keys.as_ref())
            .await
            .map_err(|error| l10n.format(language, &error.code.message_id(), &[]))?;
        let mut exit = ExitCode::SUCCESS;
        let path = FluentValue::from(database.display().to_string());
        let works_on_patients = matches!(
            command,
            Command::CallList { .. } | Command::ExportDay | Command::Import(_) | Command::Backup { .. }
        );
        // Before any sign-in: a store without a pharmacy has nobody to sign in
        // yet, and the one thing to say is how to set it up.
        let store_holds = async { Ok::<_, AppError>((app.store().pharmacy().await?, app.store().user_count().await?)) };
        let (pharmacy, users) = match store_holds.await {
            Ok(held) => held,
            Err(error) => {
                app.close().await;
                return Err(localized(l10n, language, &error));
            }
        };
        if works_on_patients && pharmacy.is_none() {
            app.close().await;
            eprintln!("{}", l10n.format(language, "cli-needs-setup", &[]));
            return Ok(ExitCode::from(2));
        }
        // `setup` on a store with users acts for one of its supervisors.
        let needs_user =
            works_on_patients || matches!(&command, Command::Setup(args) if args.supervisor.is_none()) && users > 0;
        let prompt = l10n.format(language, "cli-password-prompt", &[]);
        let actor = if needs_user {
            match signed_in(&app, user, &prompt).await {
                Ok(user) => Actor::user(&user),
                Err(error) => {
                    app.close().await;
                    eprintln!("{}", localized(l10n, language, &error));
                    return Ok(ExitCode::from(2));
                }
            }
        } else {
            Actor::command(&operating_system_user())
        };
        let outcome: Result<(), AppError> = async {
            match command {
                Command::Setup(args) => {
                    let pharmacy = set_up(&app, &actor, args, language, &prompt).await?;
                    say("cli-setup-done", &[("name", FluentValue::from(pharmacy.name)), ("path", path)]);
                }
                #[cfg(feature = "demo")]
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
                    match key_file {
                        Some(file) => {
                            say("cli-status-key-file", &[("file", FluentValue::from(file.display().to_string()))])
                        }
                        None => say("cli-status-key-keyring", &[]),
                    }
                    match store.pharmacy().await? {
                        Some(pharmacy) => say("cli-status-pharmacy", &[("name", FluentValue::from(pharmacy.name))]),
                        None => say("cli-status-no-pharmacy", &[]),
                    }
                    say("cli-status-device", &[("device", FluentValue::from(store.device_id().to_string()))]);
                    say("cli-status-patients", &count(store.patient_count().await?));
                    say("cli-status-outbox", &count(store.outbox_len().await?));
                }
                Command::CallList { at, format } => {
                    let at = at.map_or_else(chrono::Utc::now, |at| at.with_timezone(&chrono::Utc));
                    let rows = app.automation_call_list(&actor, at).await?;
                    print!("{}", render_call_list(&rows, format)?);
                }
                Command::Import(ImportKind::Refills { file, mapping }) => {
                    let mapping = match mapping {
                        Some(mapping) => {
                            let text = std::fs::read_to_string(&mapping)
                                .map_err(|_| AppError::new(enlace_app::ErrorCode::ImportUnreadable))?;
                            Some(
                                serde_json::from_str(&text)
                                    .map_err(|_| AppError::new(enlace_app::ErrorCode::ImportUnreadable))?,
                            )
                        }
                        None => None,
                    };
                    let bytes =
                        std::fs::read(&file).map_err(|_| AppError::new(enlace_app::ErrorCode::ImportUnreadable))?;
                    let mut progress = ProgressLine::new(l10n, language);
                    let report = app
                        .import_refills_watched(
                            &actor,
                            &bytes,
                            mapping,
                            chrono::Utc::now(),
                            &mut |state| progress.show(state),
                            &AtomicBool::new(false),
                        )
                        .await;
                    progress.finish();
                    let report = report?;
                    print_import_report(l10n, language, &report);
                    if !report.errors.is_empty() {
                        exit = ExitCode::from(3);
                    }
                }
                Command::Backup { file } => {
                    let prompt = l10n.format(language, "cli-backup-passphrase-prompt", &[]);
                    let passphrase = secret_from(BACKUP_PASSPHRASE_VARIABLE, &prompt).unwrap_or_default();
                    // Typed at a terminal it is asked twice; given by a program, once is enough.
                    let confirmation =
                        if std::env::var_os(BACKUP_PASSPHRASE_VARIABLE).is_none() && std::io::stdin().is_terminal() {
                            typed_line(&l10n.format(language, "cli-backup-passphrase-again", &[])).unwrap_or_default()
                        } else {
                            passphrase.clone()
                        };
                    let made = app.back_up(&actor, &file, &passphrase, &confirmation, chrono::Utc::now()).await?;
                    say(
                        "cli-backup-written",
                        &[("path", FluentValue::from(made.path)), ("patients", FluentValue::from(made.patients))],
                    );
                }
                Command::ExportDay => print!("{}", app.export_day_csv(&actor, chrono::Utc::now()).await?),
                Command::Audit(AuditCommand::Verify) => {
                    let verification = app.verify_audit().await?;
                    if verification.intact() {
                        say(
                            "cli-audit-intact",
                            &[
                                ("events", FluentValue::from(verification.events)),
                                ("devices", FluentValue::from(verification.devices)),
                            ],
                        );
                    } else {
                        for broken in &verification.breaks {
                            let (id, device_id, sequence) = match broken {
                                ChainBreak::Altered { device_id, sequence } => {
                                    ("cli-audit-altered", device_id, sequence)
                                }
                                ChainBreak::Missing { device_id, sequence } => {
                                    ("cli-audit-missing", device_id, sequence)
                                }
                                ChainBreak::Truncated { device_id, sequence } => {
                                    ("cli-audit-truncated", device_id, sequence)
                                }
                                ChainBreak::PastHead { device_id, sequence } => {
                                    ("cli-audit-past-head", device_id, sequence)
                                }
                                ChainBreak::DiffersFromServer { device_id, sequence } => {
                                    ("cli-audit-differs-from-server", device_id, sequence)
                                }
                            };
                            let args = [
                                ("device", FluentValue::from(device_id.to_string())),
                                ("sequence", FluentValue::from(*sequence)),
                            ];
                            eprintln!("{}", l10n.format(language, id, &args));
                        }
                        exit = ExitCode::from(4);
                    }
                }
                Command::ExportBindings { .. } | Command::Recover | Command::Restore { .. } => {}
            }
            Ok(())
        }
        .await;
        app.close().await;
        match outcome {
            Ok(()) => Ok(exit),
            // Refusals about what the store is (no pharmacy yet, not the
            // demo's): said plainly, with 2 like any misuse of the command.
            Err(error)
                if matches!(
                    error.code,
                    ErrorCode::DemoRefused
                        | ErrorCode::PharmacyExists
                        | ErrorCode::AlreadySetUp
                        | ErrorCode::InvalidSettings
                ) =>
            {
                eprintln!("{}", localized(l10n, language, &error));
                // Each setting out of range, in the words of the settings screen.
                if error.code == ErrorCode::InvalidSettings {
                    for problem in &error.problems {
                        eprintln!("  {}", l10n.format(language, &format!("settings-problem-{problem}"), &[]));
                    }
                }
                Ok(ExitCode::from(2))
            }
            Err(error) => Err(localized(l10n, language, &error)),
        }
    })
}

/// `enlace setup`: the pharmacy, and with `--supervisor` its first
/// supervisor in the same transaction.
async fn set_up(
    app: &App,
    actor: &Actor,
    args: SetupArgs,
    language: Language,
    prompt: &str,
) -> Result<enlace_domain::PharmacySettings, AppError> {
    let mut settings = enlace_domain::PharmacySettings::with_defaults(
        enlace_domain::EntityId::nil(),
        &args.pharmacy_name,
        &args.phone,
        &args.time_zone,
    );
    settings.calling_window = args.calling_hours;
    let now = chrono::Utc::now();
    let Some(username) = args.supervisor else {
        return app.set_up_pharmacy(actor, settings, now).await;
    };
    let password = typed_password(prompt).ok_or_else(|| AppError::new(ErrorCode::CommandNeedsUser))?;
    let new_user = enlace_app::NewUser {
        display_name: args.supervisor_name.unwrap_or_else(|| username.clone()),
        username,
        roles: vec![enlace_domain::Role::Supervisor],
        languages: vec![enlace_domain::Language::English, enlace_domain::Language::Spanish],
        ui_locale: language,
        password: password.to_string(),
    };
    Ok(app.set_up_pharmacy_with_supervisor(new_user, settings, now).await?.1)
}

fn localized(l10n: &Localizer, language: Language, error: &AppError) -> String {
    let args: Vec<(&str, FluentValue<'_>)> =
        error.args.iter().map(|(name, value)| (name.as_str(), FluentValue::from(value.as_str()))).collect();
    l10n.format(language, &error.code.message_id(), &args)
}

/// Signs `user` in as the window would (same lockout, audited), with the
/// password from `ENLACE_PASSWORD` or else a line of standard input (read
/// without echo on a terminal).
async fn signed_in(app: &App, user: Option<&str>, prompt: &str) -> Result<enlace_domain::User, AppError> {
    let needs_user = || AppError::new(enlace_app::ErrorCode::CommandNeedsUser);
    let username = user.map(str::trim).filter(|name| !name.is_empty()).ok_or_else(needs_user)?;
    let password = typed_password(prompt).ok_or_else(needs_user)?;
    app.sign_in(username, &password, chrono::Utc::now()).await
}

/// The password from `ENLACE_PASSWORD`, or else a line of standard input
/// (asked for with `prompt`, without echo, on a terminal); `None` if empty.
fn typed_password(prompt: &str) -> Option<zeroize::Zeroizing<String>> {
    secret_from("ENLACE_PASSWORD", prompt)
}

/// A secret from the environment variable `variable`, or else a line of
/// standard input (asked for with `prompt`, without echo, on a terminal).
fn secret_from(variable: &str, prompt: &str) -> Option<zeroize::Zeroizing<String>> {
    if let Ok(secret) = std::env::var(variable) {
        return Some(zeroize::Zeroizing::new(secret));
    }
    typed_line(prompt)
}

/// Where a program hands `backup` and `restore` their passphrase.
const BACKUP_PASSPHRASE_VARIABLE: &str = "ENLACE_BACKUP_PASSPHRASE";

/// A secret from a line of standard input (asked for with `prompt`, without
/// echo, on a terminal); `None` if empty.
fn typed_line(prompt: &str) -> Option<zeroize::Zeroizing<String>> {
    use std::io::BufRead;
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{prompt} ")).ok()?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok()?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    (!password.is_empty()).then(|| zeroize::Zeroizing::new(password))
}

/// The list as JSON (an array in priority order) or CSV (one line per due medication).
fn render_call_list(rows: &[enlace_app::AutomationRow], format: ListFormat) -> Result<String, AppError> {
    match format {
        ListFormat::Json => {
            Ok(serde_json::to_string_pretty(rows).map_err(|_| AppError::new(enlace_app::ErrorCode::Internal))? + "\n")
        }
        ListFormat::Csv => {
            let mut table = enlace_app::CsvTable::new(&[
                "rank",
                "patient_id",
                "callable_now",
                "next_call_at",
                "rx_number",
                "drug_name",
                "due_date",
                "days_overdue",
            ])?;
            for row in rows {
                for due in &row.due {
                    table.row([
                        row.rank.to_string(),
                        row.patient_id.clone(),
                        row.callable_now.to_string(),
                        row.next_call_at.clone().unwrap_or_default(),
                        due.rx_number.clone().unwrap_or_default(),
                        due.drug_name.clone(),
                        due.due_date.to_string(),
                        due.days_overdue.to_string(),
                    ])?;
                }
            }
            table.finish()
        }
    }
}

/// An import's progress on one line of a terminal's stderr, redrawn a few
/// times a second; silent when stderr is a file or a pipe (logs stay clean).
struct ProgressLine<'a> {
    l10n: &'a Localizer,
    language: Language,
    on_terminal: bool,
    last_drawn: Option<std::time::Instant>,
}

impl<'a> ProgressLine<'a> {
    fn new(l10n: &'a Localizer, language: Language) -> Self {
        Self { l10n, language, on_terminal: std::io::stderr().is_terminal(), last_drawn: None }
    }

    fn show(&mut self, state: &ImportProgress) {
        const REDRAW: std::time::Duration = std::time::Duration::from_millis(200);
        if !self.on_terminal || self.last_drawn.is_some_and(|drawn| drawn.elapsed() < REDRAW) {
            return;
        }
        self.last_drawn = Some(std::time::Instant::now());
        let count = |n: u32| FluentValue::from(n);
        let line = self.l10n.format(
            self.language,
            "cli-import-progress",
            &[
                ("read", count(state.rows_read)),
                ("total", count(state.rows_total)),
                ("problems", count(state.problems)),
                ("patients", count(state.patients_written)),
                ("patientsTotal", count(state.patients_to_write)),
                ("prescriptions", count(state.prescriptions_written)),
                ("prescriptionsTotal", count(state.prescriptions_to_write)),
            ],
        );
        // \r and "erase to end of line" redraw the line in place.
        eprint!("\r{line}\x1b[K");
    }

    fn finish(&self) {
        if self.on_terminal && self.last_drawn.is_some() {
            eprintln!();
        }
    }
}

/// The import's counts, then one line per rejected cell.
fn print_import_report(l10n: &Localizer, language: Language, report: &ImportReport) {
    let count = |n: u32| FluentValue::from(n);
    println!(
        "{}",
        l10n.format(
            language,
            "cli-import-summary",
            &[
                ("rows", count(report.rows)),
                ("patientsCreated", count(report.patients_created)),
                ("patientsUpdated", count(report.patients_updated)),
                ("prescriptionsCreated", count(report.prescriptions_created)),
                ("prescriptionsUpdated", count(report.prescriptions_updated)),
                ("unchanged", count(report.rows_unchanged)),
                ("rejected", FluentValue::from(report.errors.len())),
            ],
        )
    );
    for error in &report.errors {
        let reason = l10n.format(
            language,
            &format!("import-error-{}", enlace_app::wire_name(&error.reason).unwrap_or_default()),
            &[],
        );
        eprintln!(
            "{}",
            l10n.format(
                language,
                "cli-import-row-error",
                &[
                    ("row", FluentValue::from(error.row)),
                    ("column", FluentValue::from(error.column.as_str())),
                    ("reason", FluentValue::from(reason)),
                ],
            )
        );
    }
}

/// The account running a command, named in its audit events.
fn operating_system_user() -> String {
    ["USER", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
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
