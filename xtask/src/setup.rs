//! Installs what the tasks need and the machine lacks: Debian packages,
//! Rust tools (nextest, machete, deny, deb, tauri-driver), and the UI's npm
//! packages (the Tauri CLI that bundles installers among them).

use std::path::Path;

use anyhow::{Result, bail};

use crate::{cmd, exec, root};

/// What the packages are for: running needs the Tauri build stack, a font and
/// a keyring daemon; testing also needs Xvfb and WebKit's WebDriver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Run,
    Test,
}

const RUN_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "curl",
    "wget",
    "file",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libsoup-3.0-dev",
    "pkg-config",
    "libgtk-3-dev",
    "libjavascriptcoregtk-4.1-dev",
    "gnome-keyring",
    "dbus-daemon",
    "fonts-dejavu-core",
    // For `xvfb-run -a cargo xtask run` on a machine without a screen.
    "xvfb",
    "xauth",
];

const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus-x11",
    "libsecret-tools",
    "imagemagick",
    "fonts-dejavu-core",
    "x11-utils",
    // Answers the system's open dialog in the end-to-end tests, as keys typed at it.
    "xdotool",
];

pub fn system_packages(purpose: Purpose) -> Result<()> {
    if !Path::new("/usr/bin/dpkg-query").exists() {
        println!("xtask: not a Debian-based system; install the packages in README.md by hand");
        return Ok(());
    }
    let wanted: Vec<&str> = match purpose {
        Purpose::Run => RUN_PACKAGES.to_vec(),
        Purpose::Test => RUN_PACKAGES.iter().chain(TEST_PACKAGES).copied().collect(),
    };
    let missing: Vec<&str> = wanted.into_iter().filter(|package| !installed(package)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    install_packages(&missing)
}

/// Installs Debian packages with apt-get (through sudo when not root).
pub fn install_packages(packages: &[&str]) -> Result<()> {
    println!("xtask: installing Debian packages: {}", packages.join(" "));
    let as_root = is_root();
    let apt = |args: &[&str]| {
        let mut command = if as_root { cmd("apt-get", args) } else { cmd("sudo", &[&["apt-get"], args].concat()) };
        command.env("DEBIAN_FRONTEND", "noninteractive");
        exec(&mut command)
    };
    apt(&["update", "-qq"])?;
    apt(&[&["install", "-y", "-qq"], packages].concat())
}

fn installed(package: &str) -> bool {
    cmd("dpkg-query", &["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains("install ok installed"))
}

pub fn is_root() -> bool {
    cmd("id", &["-u"]).output().is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// The Rust tools the test run uses beyond cargo itself: rustfmt and clippy
/// (rustup components), cargo-nextest, and tauri-driver, which bridges
/// WebDriver clients to WebKitWebDriver for the e2e tests.
pub fn rust_tools() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let has = |args: &[&str]| cmd(&cargo, args).output().is_ok_and(|output| output.status.success());
    if !has(&["fmt", "--version"]) || !has(&["clippy", "--version"]) {
        exec(cmd("rustup", &["component", "add", "rustfmt", "clippy"]))?;
    }
    if !has(&["nextest", "--version"]) {
        exec(cmd(&cargo, &["install", "cargo-nextest", "--locked"]))?;
    }
    if cmd("cargo-machete", &["--version"]).output().is_err() {
        exec(cmd(&cargo, &["install", "cargo-machete", "--locked"]))?;
    }
    if cmd("tauri-driver", &["--help"]).output().is_err() {
        exec(cmd(&cargo, &["install", "tauri-driver", "--locked"]))?;
    }
    // Licenses, bans and sources of every dependency (deny.toml).
    if cmd("cargo-deny", &["--version"]).output().is_err() {
        exec(cmd(&cargo, &["install", "cargo-deny", "--locked"]))?;
    }
    // The server's Debian package (crates/enlace-server's [package.metadata.deb]).
    if cmd("cargo-deb", &["--version"]).output().is_err() {
        exec(cmd(&cargo, &["install", "cargo-deb", "--locked"]))?;
    }
    Ok(())
}

/// The UI toolchain (Vite 8, ESLint 10) needs Node.js 20.19 or newer.
fn check_node() -> Result<()> {
    let output = cmd("node", &["--version"])
        .output()
        .map_err(|_| anyhow::anyhow!("Node.js is not installed: install Node.js 20.19 or newer"))?;
    let version = String::from_utf8_lossy(&output.stdout).trim().trim_start_matches('v').to_owned();
    let mut parts = version.split('.').map(|part| part.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (20, 19) {
        bail!("Node.js {version} is too old: install Node.js 20.19 or newer");
    }
    Ok(())
}

/// `npm ci` when node_modules is missing or older than the lock file.
pub fn npm_packages() -> Result<()> {
    check_node()?;
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json");
    let installed_marker = ui.join("node_modules/.package-lock.json");
    let modified = |path: &Path| path.metadata().and_then(|meta| meta.modified()).ok();
    let fresh = matches!((modified(&installed_marker), modified(&lock)), (Some(installed), Some(locked)) if installed >= locked);
    if fresh {
        return Ok(());
    }
    check_node()?;
    exec(cmd("npm", &["ci", "--prefix", "ui", "--no-audit", "--no-fund"]))
}
