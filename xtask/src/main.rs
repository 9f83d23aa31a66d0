//! `cargo xtask …`: the project's two promises (run the app on the demo
//! pharmacy; run every test) plus small chores. Each task installs what it
//! is missing itself, so both work on a fresh Debian/Ubuntu machine.

mod bundle;
mod postgres;
mod session;
mod setup;
mod smoke;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <command>

  run        open Enlace on the synthetic demo pharmacy
  test       run every check and test (what CI runs)
  bench      measure the call list, search and import on a generated 100k-patient pharmacy (target/bench/report.md)
  soak       the sync and fuzz property tests with 10 000 cases each, and 100 SIGKILLs of a writing
             store (release build)
  server     start the sync server on the embedded default (SQLite in target/server, http://127.0.0.1:8787)
  bundle     build the installers this system can build (--debug: from the debug profile; --appimage: needs GitHub)
  smoke      build the Linux installers, install them here, try them, remove them (root; --debug as for bundle)
  bindings   regenerate ui/src/bindings.ts from the Rust commands
  session    run a command inside the test session: cargo xtask session -- <command> [args]
  setup      only install what is missing (system packages, tauri-driver, npm packages)";

fn main() {
    if let Err(error) = run_task() {
        eprintln!("xtask: {error:#}");
        std::process::exit(1);
    }
}

fn run_task() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "run" => run_demo(),
        "test" => test_everything(),
        "bench" => bench(),
        "soak" => soak(),
        "server" => server(),
        "bundle" => bundle::bundle(bundle::Options::from_args(&task_args())?).map(drop),
        "smoke" => {
            setup::system_packages(setup::Purpose::Test)?;
            smoke::smoke(&bundle::bundle(bundle::Options::from_args(&task_args())?)?)
        }
        "bindings" => bindings(),
        "session" => in_test_session(),
        "setup" => {
            setup::system_packages(setup::Purpose::Test)?;
            setup::rust_tools()?;
            setup::npm_packages()
        }
        _ => {
            println!("{USAGE}");
            if task.is_empty() { Ok(()) } else { bail!("unknown command {task}") }
        }
    }
}

/// The arguments after the task's name (and an optional `--`).
fn task_args() -> Vec<String> {
    std::env::args().skip(2).skip_while(|arg| arg == "--").collect()
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs a command to completion from the workspace root, failing on a non-zero exit.
pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root());
    command
}

pub fn exec(mut command: impl std::borrow::BorrowMut<Command>) -> Result<()> {
    let command = command.borrow_mut();
    let shown = format!("{command:?}");
    let status = command.status().with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub fn build_ui() -> Result<()> {
    exec(cmd("npm", &["run", "--prefix", "ui", "build"]))
}

/// Builds the whole workspace, not just the app, so that features unify as
/// they will for the test run and nothing is compiled twice.
fn build_app() -> Result<()> {
    exec(cmd(&cargo(), &["build", "--workspace"]))
}

/// Builds the benchmarks in release mode and runs them; arguments after
/// `bench` (`--scale N`, `--import-rows N`) go to the harness.
fn bench() -> Result<()> {
    setup::system_packages(setup::Purpose::Test)?;
    setup::rust_tools()?;
    setup::npm_packages()?;
    build_ui()?;
    // The app (with the UI embedded), the baseline window and the harness, all optimized.
    exec(cmd(
        &cargo(),
        &["build", "--release", "--package", "enlace", "--package", "enlace-hello", "--package", "enlace-bench"],
    ))?;
    // The domain's micro-benchmarks; the harness puts their medians in its table.
    exec(cmd(&cargo(), &["bench", "--package", "enlace-domain", "--bench", "rules", "--", "--quick"]))?;
    let extra: Vec<String> = std::env::args().skip(2).skip_while(|arg| arg == "--").collect();
    let postgres = postgres::start()?;
    let session = session::TestSession::start()?;
    let mut command = cmd(&root().join("target/release/enlace-bench").to_string_lossy(), &["--out", "target/bench"]);
    command.args(&extra).env("ENLACE_BENCH_POSTGRES", &postgres.url);
    session.apply(&mut command);
    exec(command)
}

fn bindings() -> Result<()> {
    setup::npm_packages()?;
    // The app embeds ui/dist at compile time, so it must exist (any version will do).
    if !root().join("ui/dist/index.html").exists() {
        build_ui()?;
    }
    exec(cmd(&cargo(), &["run", "--quiet", "--package", "enlace", "--", "export-bindings", "ui/src/bindings.ts"]))
}

fn run_demo() -> Result<()> {
    setup::system_packages(setup::Purpose::Run)?;
    setup::npm_packages()?;
    build_ui()?;
    build_app()?;
    if !session::has_display() {
        eprintln!(
            "xtask: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.\n\
             On a machine without a screen run it under Xvfb:  xvfb-run -a cargo xtask run"
        );
        std::process::exit(2);
    }
    let demo_dir = root().join("target/demo");
    // Use the desktop's own keyring when there is one; otherwise start a
    // keyring whose files persist beside the demo data, so the demo
    // database's key is still there next time.
    let keyring = if session::has_session_bus() {
        None
    } else {
        Some(session::KeyringSession::start(&demo_dir.join("keyring"))?)
    };
    let data_dir = demo_dir.join("data");
    println!("xtask: opening Enlace on the demo pharmacy (data in {})", data_dir.display());
    let mut app = Command::new(root().join("target/debug/enlace"));
    app.arg("--demo").arg("--data-dir").arg(&data_dir);
    if let Some(keyring) = &keyring {
        keyring.apply(&mut app);
    }
    exec(app)
}

/// The property tests at soak strength, 10 000 cases each, optimized: sync
/// convergence under faults, arbitrary requests at every server route, and
/// arbitrary pages at the pull-apply path; then the crash soak's 100 kills.
/// A profile of their own: nothing kills a long run.
fn soak() -> Result<()> {
    setup::rust_tools()?;
    let mut command = cmd(
        &cargo(),
        &[
            "nextest",
            "run",
            "--release",
            "--profile",
            "soak",
            "--package",
            "enlace-sync-client",
            "--package",
            "enlace-server",
            "--package",
            "enlace-store",
            "-E",
            "binary(convergence) | binary(fuzz) | binary(fuzz_pull)",
            "--no-capture",
        ],
    );
    command.env("PROPTEST_CASES", std::env::var("PROPTEST_CASES").unwrap_or_else(|_| "10000".into()));
    exec(command)?;
    // Crash safety: 100 SIGKILLs during imports, calls and pulled pages.
    let mut crashes = cmd(
        &cargo(),
        &[
            "nextest",
            "run",
            "--release",
            "--profile",
            "soak",
            "--package",
            "enlace-tests",
            "--test",
            "crash_soak",
            "--no-capture",
        ],
    );
    crashes.env("ENLACE_CRASH_KILLS", std::env::var("ENLACE_CRASH_KILLS").unwrap_or_else(|_| "100".into()));
    exec(crashes)
}

/// The sync server on its defaults, with its data in target/server.
fn server() -> Result<()> {
    let data = root().join("target/server");
    let data = data.display().to_string();
    let args: Vec<String> = std::env::args().skip(2).skip_while(|arg| arg == "--").collect();
    let mut command = cmd(&cargo(), &["run", "--quiet", "--package", "enlace-server", "--", "--data-dir", &data]);
    command.args(args);
    exec(command)
}

/// Runs a command with the test session's display, bus and keyring (for
/// looking at the app under Xvfb, or running one test by hand).
fn in_test_session() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(2).skip_while(|arg| arg == "--").collect();
    let Some((program, rest)) = args.split_first() else { bail!("usage: cargo xtask session -- <command> [args]") };
    let session = session::TestSession::start()?;
    let mut command = Command::new(program);
    command.args(rest);
    session.apply(&mut command);
    exec(command)
}

struct Step {
    name: &'static str,
    seconds: f64,
    ok: bool,
}

fn test_everything() -> Result<()> {
    let started = Instant::now();
    setup::system_packages(setup::Purpose::Test)?;
    setup::rust_tools()?;
    setup::npm_packages()?;

    let mut steps: Vec<Step> = Vec::new();
    let mut step = |name: &'static str, action: &mut dyn FnMut() -> Result<()>| {
        println!("\n==> {name}");
        let begun = Instant::now();
        let result = action();
        if let Err(error) = &result {
            eprintln!("xtask: {name}: {error:#}");
        }
        steps.push(Step { name, seconds: begun.elapsed().as_secs_f64(), ok: result.is_ok() });
        result.is_ok()
    };

    let cargo = cargo();
    let _ = step("rustfmt", &mut || exec(cmd(&cargo, &["fmt", "--all", "--check"])));
    // A dependency no crate uses is a build cost and an audit surface for nothing.
    // Run directly: through the toolchain's cargo it takes "machete" for the folder to read.
    let _ = step("unused dependencies (cargo machete)", &mut || exec(cmd("cargo-machete", &[])));
    // deny.toml: what a dependency may be (the advisories need GitHub; see deny.toml).
    let _ = step("dependency licenses, bans and sources (cargo deny)", &mut || {
        exec(cmd("cargo-deny", &["--log-level", "error", "check", "bans", "licenses", "sources"]))
    });
    // Everything after needs ui/dist, which the app embeds at compile time.
    if step("ui build", &mut || build_ui()) {
        let _ = step("ui typecheck", &mut || exec(cmd("npm", &["run", "--prefix", "ui", "typecheck"])));
        let _ = step("ui lint", &mut || exec(cmd("npm", &["run", "--prefix", "ui", "lint"])));
        let _ = step("ui unit tests", &mut || exec(cmd("npm", &["run", "--prefix", "ui", "test"])));
        let _ = step("clippy", &mut || {
            exec(cmd(&cargo, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
        });
        // What an installer builds: the app without the synthetic demo.
        let _ = step("clippy, installer build (no demo)", &mut || {
            exec(cmd(
                &cargo,
                &[
                    "clippy",
                    "-p",
                    "enlace",
                    "--no-default-features",
                    "--features",
                    "custom-protocol",
                    "--",
                    "-D",
                    "warnings",
                ],
            ))
        });
        if step("build app", &mut || build_app()) {
            let session = session::TestSession::start()?;
            let postgres = postgres::start()?;
            let _ = step("cargo tests (unit, store, keyring, locale parity, bindings, e2e)", &mut || {
                let mut command = cmd(&cargo, &["nextest", "run", "--workspace", "--no-fail-fast"]);
                session.apply(&mut command);
                command
                    .env("ENLACE_TEST_OS_KEYRING", "1")
                    .env("ENLACE_E2E_APP", root().join("target/debug/enlace"))
                    .env("ENLACE_E2E_OUT", root().join("target/e2e"))
                    .env("ENLACE_TEST_POSTGRES", &postgres.url);
                exec(&mut command)
            });
            drop(session);
        }
        // The release installers, installed on this machine and tried as IT would (needs root).
        if setup::is_root() {
            let _ = step("installers: build .deb/.rpm, install, smoke test", &mut || {
                smoke::smoke(&bundle::bundle(bundle::Options::default())?)
            });
        } else {
            println!("\nxtask: not root: the installers' smoke test is skipped (run `sudo cargo xtask smoke`)");
        }
    }

    println!("\n{:<64} {:>9}  result", "step", "seconds");
    for step in &steps {
        println!("{:<64} {:>9.1}  {}", step.name, step.seconds, if step.ok { "ok" } else { "FAILED" });
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
    let failed = steps.iter().filter(|step| !step.ok).count();
    println!("steps: {} passed, {failed} failed", steps.len() - failed);
    if failed > 0 {
        bail!("{failed} step(s) failed");
    }
    Ok(())
}
