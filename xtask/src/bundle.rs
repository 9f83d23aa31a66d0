//! `cargo xtask bundle`: the installers this system can build, from the
//! same sources on every system.
//!
//! - Linux: the app as `.deb` and `.rpm` (Tauri's bundler), and the sync
//!   server as its own `.deb` (cargo-deb: a systemd unit, settings in
//!   /etc/enlace-server, data in /var/lib/enlace-server, its own user).
//!   `--appimage` adds the AppImage, whose bundler downloads linuxdeploy from
//!   GitHub: only where the network allows.
//! - Windows: MSI and NSIS (WebView2 installed offline: pharmacy networks
//!   often have no internet). Signed when `ENLACE_WINDOWS_CERTIFICATE_THUMBPRINT`
//!   names a certificate in the machine's store.
//! - macOS: the `.app` and a DMG, signed and notarized when Tauri's own
//!   variables are set (`APPLE_SIGNING_IDENTITY`, `APPLE_ID`, `APPLE_PASSWORD`,
//!   `APPLE_TEAM_ID`).
//!
//! Every installer carries the app without the synthetic demo
//! (`--no-default-features --features custom-protocol`). `--debug` builds
//! them from the debug profile, quicker, for trying the packaging itself.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::{build_ui, cargo, cmd, exec, root, setup};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub debug: bool,
    pub appimage: bool,
}

impl Options {
    pub fn from_args(args: &[String]) -> Result<Self> {
        let mut options = Self::default();
        for arg in args {
            match arg.as_str() {
                "--debug" => options.debug = true,
                "--appimage" => options.appimage = true,
                other => bail!("unknown option {other} (bundle takes --debug and --appimage)"),
            }
        }
        Ok(options)
    }

    fn profile_dir(self) -> &'static str {
        if self.debug { "debug" } else { "release" }
    }
}

/// The installers built, by path.
#[derive(Debug)]
pub struct Installers {
    pub app: Vec<PathBuf>,
    pub server: Option<PathBuf>,
}

impl Installers {
    /// The app's Debian package, for the smoke test.
    pub fn app_deb(&self) -> Option<&Path> {
        self.app.iter().find(|path| path.extension().is_some_and(|ext| ext == "deb")).map(PathBuf::as_path)
    }
}

pub fn bundle(options: Options) -> Result<Installers> {
    setup::npm_packages()?;
    setup::rust_tools()?;
    build_ui()?;
    let bundles: &[&str] = if cfg!(target_os = "windows") {
        &["msi", "nsis"]
    } else if cfg!(target_os = "macos") {
        &["app", "dmg"]
    } else if options.appimage {
        &["deb", "rpm", "appimage"]
    } else {
        &["deb", "rpm"]
    };
    let bundle_dir = root().join("target").join(options.profile_dir()).join("bundle");
    // A stale installer from an earlier version must not pass for this one.
    for kind in bundles {
        let _ = std::fs::remove_dir_all(bundle_dir.join(kind));
    }
    let tauri = root().join("ui/node_modules/.bin").join(if cfg!(windows) { "tauri.cmd" } else { "tauri" });
    let mut args: Vec<String> = vec!["build".into(), "--ci".into(), "--bundles".into(), bundles.join(",")];
    if options.debug {
        args.push("--debug".into());
    }
    if let Ok(thumbprint) = std::env::var("ENLACE_WINDOWS_CERTIFICATE_THUMBPRINT") {
        args.push("--config".into());
        args.push(format!(r#"{{"bundle":{{"windows":{{"certificateThumbprint":"{thumbprint}"}}}}}}"#));
    }
    // After `--`: cargo's own arguments. The demo stays out of every installer.
    args.extend(["--", "--no-default-features", "--features", "custom-protocol"].map(String::from));
    let mut command = cmd(&tauri.to_string_lossy(), &[]);
    command.args(&args);
    exec(command)?;
    let app = bundles.iter().flat_map(|kind| files_in(&bundle_dir.join(kind))).collect::<Vec<_>>();
    if app.is_empty() {
        bail!("the Tauri bundler wrote no installer in {}", bundle_dir.display());
    }
    let server = if cfg!(target_os = "linux") { Some(server_deb(options)?) } else { None };
    println!("\nxtask: installers built:");
    for path in app.iter().chain(&server) {
        println!("  {}", path.display());
    }
    Ok(Installers { app, server })
}

/// The sync server's Debian package (crates/enlace-server's `[package.metadata.deb]`).
fn server_deb(options: Options) -> Result<PathBuf> {
    let mut build = cmd(&cargo(), &["build", "--package", "enlace-server"]);
    if !options.debug {
        build.arg("--release");
    }
    exec(build)?;
    let out = root().join("target/debian");
    let _ = std::fs::remove_dir_all(&out);
    let profile = if options.debug { "dev" } else { "release" };
    exec(cmd(
        "cargo-deb",
        &["deb", "--package", "enlace-server", "--no-build", "--profile", profile, "--output", "target/debian"],
    ))?;
    let built = files_in(&out).into_iter().find(|path| path.extension().is_some_and(|ext| ext == "deb"));
    built.ok_or_else(|| anyhow::anyhow!("cargo-deb wrote no package in {}", out.display()))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.filter_map(|entry| entry.ok()).map(|entry| entry.path()).filter(|path| path.is_file()).collect();
    files.sort();
    files
}
