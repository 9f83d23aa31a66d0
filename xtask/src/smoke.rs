//! `cargo xtask smoke`: installs the built Debian packages on this machine
//! and tries them as IT would, then removes them again.
//!
//! - The app: `enlace --version`; its desktop entry and icons; a headless
//!   `setup`, `import refills` and `call-list` on a new store; the window
//!   opening under Xvfb (a screenshot in target/smoke), and a second start
//!   focusing it instead of opening another.
//! - The server: the installed unit's command, as the unit's user with the
//!   unit's settings file (through systemd when it is PID 1), answers
//!   `/health`, keeps its data owner-only under /var/lib/enlace-server, and
//!   stops cleanly on SIGTERM.
//!
//! It changes the machine (packages, a system user), so it needs root and
//! undoes what it did, whether it passed or not.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::bundle::Installers;
use crate::{cmd, exec, root, session, setup};

const APP_PACKAGE: &str = "enlace";
const SERVER_PACKAGE: &str = "enlace-server";
const SMOKE_PASSWORD: &str = "smoke-test-Passw0rd!";

pub fn smoke(installers: &Installers) -> Result<()> {
    ensure!(setup::is_root(), "the smoke test installs packages: run it as root");
    let app_deb = installers.app_deb().context("no .deb of the app was built")?;
    let server_deb = installers.server.as_deref().context("no .deb of the server was built")?;
    let _cleanup = Uninstall;
    let mut install = cmd("apt-get", &["install", "-y", "-qq", "--allow-downgrades"]);
    install.arg(app_deb).arg(server_deb).env("DEBIAN_FRONTEND", "noninteractive");
    exec(install)?;
    check("the app reports its version", installed_version)?;
    check("the desktop entry and icons are installed", desktop_entry)?;
    check("headless setup, import and call list on a new store", headless_first_day)?;
    check("the window opens to its first screen, and a second start only focuses it", window_opens)?;
    check("the server starts as its own user, answers /health and stops cleanly", server_runs)?;
    Ok(())
}

fn check(name: &str, action: fn() -> Result<()>) -> Result<()> {
    println!("xtask smoke: {name}");
    action().with_context(|| format!("smoke test failed: {name}"))
}

fn installed_version() -> Result<()> {
    let output = Command::new("enlace").arg("--version").output().context("`enlace` is not on the PATH")?;
    let printed = String::from_utf8_lossy(&output.stdout);
    let expected = env!("CARGO_PKG_VERSION");
    ensure!(output.status.success() && printed.trim() == format!("enlace {expected}"), "printed {printed:?}");
    ensure!(
        !Command::new("enlace").args(["seed-demo", "--help"]).output()?.status.success(),
        "the installed app carries the synthetic demo"
    );
    Ok(())
}

fn desktop_entry() -> Result<()> {
    let entry = std::fs::read_to_string("/usr/share/applications/Enlace.desktop")
        .context("no /usr/share/applications/Enlace.desktop")?;
    // `enlace://call?from=…` links (a softphone's screen-pop) open in Enlace.
    for line in ["Name=Enlace", "Exec=enlace %u", "Icon=enlace", "Categories=", "MimeType=x-scheme-handler/enlace;"] {
        ensure!(entry.lines().any(|entry_line| entry_line.starts_with(line)), "the desktop entry lacks {line}");
    }
    for size in ["32x32", "64x64", "128x128", "256x256@2", "512x512"] {
        let icon = format!("/usr/share/icons/hicolor/{size}/apps/enlace.png");
        ensure!(Path::new(&icon).exists(), "no icon {icon}");
    }
    Ok(())
}

fn headless_first_day() -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let data = scratch.path().join("data");
    let key = scratch.path().join("key");
    let enlace = |args: &[&str]| {
        let mut command = Command::new("enlace");
        command
            .arg("--data-dir")
            .arg(&data)
            .arg("--key-file")
            .arg(&key)
            .args(args)
            .env("ENLACE_PASSWORD", SMOKE_PASSWORD)
            .env("LANG", "en_US.UTF-8");
        command
    };
    exec(enlace(&[
        "setup",
        "--pharmacy-name",
        "Farmacia Prueba",
        "--phone",
        "(312) 555-0100",
        "--time-zone",
        "America/Chicago",
        "--supervisor",
        "sofia",
    ]))?;
    let report = root().join("xtask/fixtures/smoke-refills.csv");
    exec(enlace(&["--user", "sofia", "import", "refills", &report.to_string_lossy()]))?;
    let output =
        enlace(&["--user", "sofia", "call-list", "--at", "2026-11-30T16:00:00Z", "--format", "csv"]).output()?;
    let list = String::from_utf8_lossy(&output.stdout);
    ensure!(output.status.success(), "call-list failed: {}", String::from_utf8_lossy(&output.stderr));
    let rows = list.lines().skip(1).filter(|line| !line.trim().is_empty()).count();
    ensure!(rows == 2, "the call list has {rows} rows, not the report's 2:\n{list}");
    Ok(())
}

/// The installed app on the computer's own store (the test session's data folder): its window
/// opens to the first screen, and a second start only focuses it.
fn window_opens() -> Result<()> {
    let test_session = session::TestSession::start()?;
    let start = || {
        let mut app = Command::new("enlace");
        app.stdout(Stdio::null()).stderr(Stdio::piped());
        test_session.apply(&mut app);
        app.spawn().context("cannot start the installed app")
    };
    let windows = || {
        let mut windows = Command::new("xwininfo");
        windows.args(["-root", "-tree"]);
        test_session.apply(&mut windows);
        windows
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).matches("\"Enlace\"").count())
            .unwrap_or_default()
    };
    let mut first = start()?;
    let shown = wait_for(Duration::from_secs(60), || windows() > 0);
    // Let the first screen paint before the picture.
    sleep(Duration::from_secs(3));
    let out = root().join("target/smoke");
    std::fs::create_dir_all(&out)?;
    let mut shot = Command::new("import");
    shot.args(["-window", "root"]).arg(out.join("installed-first-screen.png"));
    test_session.apply(&mut shot);
    let _ = shot.status();
    let windows_before = windows();
    let mut second = start()?;
    let second_left = wait_for(Duration::from_secs(20), || second.try_wait().is_ok_and(|status| status.is_some()));
    let first_alive = first.try_wait()?.is_none();
    let windows_after = windows();
    for child in [&mut first, &mut second] {
        let _ = child.kill();
        let _ = child.wait();
    }
    let mut errors = String::new();
    if let Some(mut stderr) = first.stderr.take() {
        let _ = stderr.read_to_string(&mut errors);
    }
    ensure!(shown && first_alive, "no Enlace window stayed open; its stderr:\n{errors}");
    ensure!(second_left, "a second start kept running beside the first");
    ensure!(
        windows_after == windows_before,
        "a second start opened another window ({windows_before} → {windows_after})"
    );
    println!("xtask smoke: screenshot in {}", out.join("installed-first-screen.png").display());
    Ok(())
}

fn server_runs() -> Result<()> {
    let unit = std::fs::read_to_string("/lib/systemd/system/enlace-server.service")
        .or_else(|_| std::fs::read_to_string("/usr/lib/systemd/system/enlace-server.service"))
        .context("the server package installed no systemd unit")?;
    let setting = |key: &str| {
        unit.lines().find_map(|line| line.strip_prefix(key).and_then(|rest| rest.strip_prefix('='))).map(str::trim)
    };
    let user = setting("User").context("the unit names no User")?;
    ensure!(user == "enlace-server", "the unit runs as {user}");
    let settings_file = setting("EnvironmentFile").context("the unit reads no settings file")?;
    let exec_start = setting("ExecStart").context("the unit has no ExecStart")?;
    let mut settings: Vec<(String, String)> = std::fs::read_to_string(settings_file)
        .with_context(|| format!("cannot read {settings_file}"))?
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once('=').map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned())))
        .collect();
    // A free port, in case something already listens on the default one.
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    settings.retain(|(key, _)| key != "ENLACE_SERVER_LISTEN");
    settings.push(("ENLACE_SERVER_LISTEN".into(), format!("127.0.0.1:{port}")));

    // The unit's own command, as its user (setpriv execs it: signals reach the server itself).
    let mut words = exec_start.split_whitespace();
    let program = words.next().context("empty ExecStart")?;
    let mut server = Command::new("setpriv");
    server
        .args(["--reuid=enlace-server", "--regid=enlace-server", "--init-groups", "--"])
        .arg(program)
        .args(words)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .envs(settings)
        .stderr(Stdio::piped());
    let mut child = server.spawn().context("cannot start the installed server")?;
    let health = format!("http://127.0.0.1:{port}/health");
    let answered = wait_for(Duration::from_secs(30), || {
        Command::new("curl").args(["-fsS", "-o", "/dev/null", &health]).status().is_ok_and(|status| status.success())
    });
    exec(Command::new("kill").args(["-TERM", &child.id().to_string()]))?;
    let status = child.wait()?;
    let mut log = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_string(&mut log)?;
    }
    ensure!(answered, "the server never answered {health}; its log:\n{log}");
    ensure!(status.success() && log.contains("enlace-server: stopped"), "it did not stop cleanly ({status}):\n{log}");
    let data = Path::new("/var/lib/enlace-server");
    for file in ["enlace-server.db", "db-key", "setup-token"] {
        let owner = Command::new("stat").args(["-c", "%U %a"]).arg(data.join(file)).output()?;
        let owner = String::from_utf8_lossy(&owner.stdout).trim().to_owned();
        ensure!(owner == "enlace-server 600", "{file} is {owner:?}, not the server user's only");
    }
    Ok(())
}

fn wait_for(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if ready() {
            return true;
        }
        sleep(Duration::from_millis(500));
    }
    false
}

/// Removes the packages, the server's data and its user: the smoke test's, not the pharmacy's.
struct Uninstall;

impl Drop for Uninstall {
    fn drop(&mut self) {
        let _ = Command::new("apt-get")
            .args(["purge", "-y", "-qq", APP_PACKAGE, SERVER_PACKAGE])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status();
        let _ = std::fs::remove_dir_all("/var/lib/enlace-server");
        let _ = Command::new("deluser").args(["--system", "enlace-server"]).output();
        if let Err(error) = leftover_check() {
            eprintln!("xtask smoke: {error:#}");
        }
    }
}

fn leftover_check() -> Result<()> {
    if Path::new("/usr/bin/enlace").exists() {
        bail!("/usr/bin/enlace is still installed after the purge");
    }
    Ok(())
}
