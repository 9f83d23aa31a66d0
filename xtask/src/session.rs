//! The desktop session tests (and a headless demo) need: an X display from
//! Xvfb, a D-Bus session bus and an unlocked gnome-keyring on it. Every
//! process started here is stopped when its guard is dropped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

pub fn has_display() -> bool {
    std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

pub fn has_session_bus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// A child process stopped on drop: SIGTERM first, so Xvfb removes its lock
/// file and the keyring flushes, then SIGKILL if it lingers.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A session bus that starts no services on demand: otherwise the first call
/// to the Secret Service could activate a second, locked gnome-keyring that
/// races ours for the name.
const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// A private D-Bus session with gnome-keyring's Secret Service, unlocked.
pub struct KeyringSession {
    bus_address: String,
    data_home: PathBuf,
    _keyring: Guard,
    _bus: Guard,
}

impl KeyringSession {
    /// Starts the bus and the keyring; the keyring's files live in `data_home`.
    pub fn start(data_home: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_home)?;
        let bus_config = data_home.join("session-bus.conf");
        std::fs::write(&bus_config, BUS_CONFIG)?;
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", bus_config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start dbus-daemon (package dbus-daemon)")?;
        let mut line = String::new();
        if let Some(stdout) = bus.stdout.take() {
            BufReader::new(stdout).read_line(&mut line)?;
        }
        let bus = Guard(bus);
        let bus_address = line.trim().to_owned();
        if bus_address.is_empty() {
            bail!("dbus-daemon printed no address");
        }
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
            .env("XDG_DATA_HOME", data_home)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start gnome-keyring-daemon (package gnome-keyring)")?;
        // The password unlocks (or creates) the login collection without a prompt.
        // It protects only this throwaway keyring.
        if let Some(mut stdin) = keyring.stdin.take() {
            stdin.write_all(b"enlace-session")?;
        }
        let keyring = Guard(keyring);
        let session = Self { bus_address, data_home: data_home.to_owned(), _keyring: keyring, _bus: bus };
        session.wait_for_secret_service()?;
        Ok(session)
    }

    pub fn apply(&self, command: &mut Command) {
        command.env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address).env("XDG_DATA_HOME", &self.data_home);
    }

    /// Waits for the unlocked login collection and makes it the default one:
    /// gnome-keyring started this way creates "login" but sets no "default"
    /// alias, and the keyring crate stores secrets in the default collection.
    fn wait_for_secret_service(&self) -> Result<()> {
        const LOGIN: &str = "/org/freedesktop/secrets/collection/login";
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !self.secret_service_registered() {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            if self.secret_service(&["ReadAlias", "string:default"]).contains(LOGIN) {
                return Ok(());
            }
            let collections = self.secret_service(&["Collections"]);
            if collections.contains(LOGIN) {
                self.secret_service(&["SetAlias", "string:default", &format!("objpath:{LOGIN}")]);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("gnome-keyring did not offer an unlocked login collection on the session bus")
    }

    fn secret_service_registered(&self) -> bool {
        let mut probe = Command::new("dbus-send");
        probe.args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ]);
        self.apply(&mut probe);
        probe.output().is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains("true"))
    }

    /// Calls a Secret Service method (or reads the Collections property) and returns the reply text.
    fn secret_service(&self, call: &[&str]) -> String {
        let mut command = Command::new("dbus-send");
        command.args(["--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets"]);
        match call {
            ["Collections"] => command.args([
                "org.freedesktop.DBus.Properties.Get",
                "string:org.freedesktop.Secret.Service",
                "string:Collections",
            ]),
            [method, args @ ..] => command.arg(format!("org.freedesktop.Secret.Service.{method}")).args(args),
            [] => &mut command,
        };
        self.apply(&mut command);
        command.output().map(|output| String::from_utf8_lossy(&output.stdout).into_owned()).unwrap_or_default()
    }
}

/// Xvfb plus a keyring session, for the test run.
pub struct TestSession {
    display: String,
    keyring: KeyringSession,
    _xvfb: Guard,
    _home: tempfile::TempDir,
}

impl TestSession {
    pub fn start() -> Result<Self> {
        let number = (99..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .context("no free X display number")?;
        let display = format!(":{number}");
        let xvfb = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Xvfb (package xvfb)")?;
        let xvfb = Guard(xvfb);
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if Instant::now() > deadline {
                bail!("Xvfb did not start on {display}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let home = tempfile::tempdir()?;
        let keyring = KeyringSession::start(home.path())?;
        Ok(Self { display, keyring, _xvfb: xvfb, _home: home })
    }

    pub fn apply(&self, command: &mut Command) {
        // NO_AT_BRIDGE: the session has no accessibility bus; without it GTK warns at every start.
        command.env("DISPLAY", &self.display).env("NO_AT_BRIDGE", "1").env_remove("WAYLAND_DISPLAY");
        self.keyring.apply(command);
    }
}
