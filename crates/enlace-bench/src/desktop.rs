//! The window's rows of the benchmark, each against a baseline measured in
//! the same run: a minimal Tauri 2 app (`enlace-hello`) built beside Enlace.
//! Cold start is process spawn to first paint (both windows say so on
//! stdout when asked to), median of several starts. Memory is the
//! proportional set size of the app's whole process tree (the Rust process
//! and WebKit's web and network processes) once the demo call list is on
//! screen, and again after scrolling a 10 000-patient list to its end; the
//! baseline's once its page is painted. The interface-language switch is
//! timed inside the window, from the switch to the repainted screen. Runs
//! inside the test session (Xvfb, D-Bus, keyring) `cargo xtask bench` starts.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::report::{Goal, Measure, Report};

/// Starts of each window timed (after one warm-up start).
const STARTS: usize = 5;
const LOCALE_SWITCHES: usize = 10;

pub struct Binaries {
    pub app: PathBuf,
    pub hello: PathBuf,
}

/// A window process, killed with its children when dropped.
struct Window(Child);

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Spawns `binary` with perf marks on and waits for its stdout to say `stage`;
/// returns the time since spawn and the still-running window.
fn spawn_until(binary: &Path, args: &[&str], stage: &str) -> anyhow::Result<(Duration, Window)> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .env("ENLACE_PERF_MARKS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    let stdout = child.stdout.take().context("no stdout")?;
    let window = Window(child);
    let wanted = format!("enlace-perf: {stage}");
    let (found_tx, found_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if !sent && line.starts_with(&wanted) {
                let _ = found_tx.send(Instant::now());
                sent = true;
            }
        }
    });
    let painted = found_rx.recv_timeout(Duration::from_secs(90)).context("the window never painted")?;
    Ok((painted - started, window))
}

/// The proportional set size of `pid` and every process below it, in bytes.
fn tree_pss(pid: u32) -> u64 {
    tree_pss_by_process(pid).iter().map(|(_, bytes)| bytes).sum()
}

/// Each process of the tree under `pid` (itself included) with its
/// proportional set size, by command name.
fn tree_pss_by_process(pid: u32) -> Vec<(String, u64)> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
            // The parent pid is the second field after the command's closing parenthesis.
            let parent = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse().ok());
            if let Some(parent) = parent {
                parents.push((child, parent));
            }
        }
    }
    let mut tree = vec![pid];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        tree.extend(parents.iter().filter(|(_, of)| *of == parent).map(|(child, _)| *child));
        index += 1;
    }
    tree.iter()
        .filter_map(|pid| {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            let line = rollup.lines().find(|line| line.starts_with("Pss:"))?;
            let kib = line.split_whitespace().nth(1)?.parse::<u64>().ok()?;
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            Some((name.trim().to_owned(), kib * 1024))
        })
        .collect()
}

/// "enlace 120 MiB, WebKitWebProcess 300 MiB, …" for the report's notes.
fn breakdown(pid: u32) -> String {
    tree_pss_by_process(pid)
        .iter()
        .map(|(name, bytes)| format!("{name} {:.0} MiB", mib(*bytes)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The newest process running `binary`.
fn process_of(binary: &Path) -> Option<u32> {
    let binary = std::fs::canonicalize(binary).ok()?;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            (std::fs::read_link(entry.path().join("exe")).ok()? == binary).then_some(pid)
        })
        .max()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

pub fn measure_cold_start(binaries: &Binaries, demo_dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    let dir = demo_dir.display().to_string();
    let app_args = ["--demo", "--data-dir", dir.as_str()];
    // The first start creates the demo store: not a cold start of the app itself.
    drop(spawn_until(&binaries.app, &app_args, "first-paint")?);
    drop(spawn_until(&binaries.hello, &[], "first-paint")?);
    let (mut app, mut hello) = (Vec::new(), Vec::new());
    for _ in 0..STARTS {
        app.push(spawn_until(&binaries.app, &app_args, "first-paint")?.0);
        hello.push(spawn_until(&binaries.hello, &[], "first-paint")?.0);
    }
    let baseline = Measure::new("Minimal Tauri 2 window, spawn to first paint".into(), hello, None, Goal::None);
    report.push(Measure::new(
        "Cold start: spawn to first paint (sign-in, encrypted store open)".into(),
        app,
        Some(baseline.clone()),
        Goal::MedianRatioAtMost(1.3),
    ));
    report.push(baseline);
    Ok(())
}

async fn webdriver(app: &Path, data_dir: &Path) -> anyhow::Result<(Window, Client)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let native = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let driver = Window(
        Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start tauri-driver")?,
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("tauri-driver did not listen");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), serde_json::json!("wry"));
    capabilities
        .insert("tauri:options".into(), serde_json::json!({ "application": app, "args": ["--data-dir", data_dir] }));
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    // tauri-driver sometimes resets the first connection: try again once.
    for _ in 0..2 {
        match ClientBuilder::rustls()?.capabilities(capabilities.clone()).connect(&url).await {
            Ok(client) => return Ok((driver, client)),
            Err(error) => last = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(last.map(anyhow::Error::from).unwrap_or_else(|| anyhow::anyhow!("no WebDriver session")))
}

/// Signs in as the demo coordinator and waits for the painted call list.
async fn sign_in(client: &Client) -> anyhow::Result<()> {
    let field = client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("[data-testid=sign-in-username]"))
        .await?;
    field.send_keys(&format!("ana{}demo-coordinator{}", Key::Tab, Key::Enter)).await?;
    client.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css("[data-testid=app-ready]")).await?;
    Ok(())
}

pub async fn measure_memory_and_locale(
    binaries: &Binaries,
    demo_dir: &Path,
    large_dir: &Path,
    patients: usize,
    report: &mut Report,
) -> anyhow::Result<()> {
    let baseline_breakdown;
    let (_hello, baseline_bytes) = {
        let (_, window) = spawn_until(&binaries.hello, &[], "first-paint")?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let bytes = tree_pss(window.0.id());
        baseline_breakdown = breakdown(window.0.id());
        (window, bytes)
    };
    let baseline = Measure::memory("Minimal Tauri 2 window (PSS, MiB)".into(), baseline_bytes, None, Goal::None);

    // The demo pharmacy's call list on screen.
    let (_driver, client) = webdriver(&binaries.app, demo_dir).await?;
    sign_in(&client).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pid = process_of(&binaries.app).context("the app's process is not found")?;
    let demo_bytes = tree_pss(pid);
    let demo_breakdown = breakdown(pid);
    report.push(Measure::memory(
        "Memory: demo call list on screen (PSS of all processes, MiB)".into(),
        demo_bytes,
        Some(baseline.clone()),
        Goal::MedianRatioAtMost(1.3),
    ));

    // The floor: two animation frames with nothing changed (software rendering under Xvfb).
    let mut idle_frames = Vec::new();
    for _ in 0..LOCALE_SWITCHES {
        let measured = client
            .execute_async(
                "const done = arguments[0]; const started = performance.now();
                 requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));",
                vec![],
            )
            .await?;
        idle_frames.push(Duration::from_secs_f64(measured.as_f64().unwrap_or_default() / 1000.0));
    }
    let frames = Measure::new("Two frames with nothing changed (the floor)".into(), idle_frames, None, Goal::None);

    // The interface language, switched back and forth.
    let mut switches = Vec::new();
    for switch in 0..LOCALE_SWITCHES {
        let language = if switch % 2 == 0 { "es-US" } else { "en-US" };
        client.find(Locator::Css("[data-testid=language-switcher]")).await?.select_by_value(language).await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let measured = client.execute("return window.__enlaceLocaleSwitchMs ?? null", vec![]).await?;
        let milliseconds = measured.as_f64().context("the window reported no language switch")?;
        switches.push(Duration::from_secs_f64(milliseconds / 1000.0));
    }
    report.push(Measure::new(
        "Interface language switch, to the repainted call list".into(),
        switches,
        Some(frames.clone()),
        Goal::P95AtMost(Duration::from_millis(50)),
    ));
    report.push(frames);
    client.close().await?;
    drop(_driver);
    tokio::time::sleep(Duration::from_secs(1)).await;

    // A large pharmacy's list, scrolled to its end a screen at a time.
    let (_driver, client) = webdriver(&binaries.app, large_dir).await?;
    sign_in(&client).await?;
    let rows = client
        .execute(
            "return (async () => {
                const scroller = document.querySelector('[data-testid=call-list-scroll]') ?? document.querySelector('main');
                for (let step = 0; step < 400; step++) {
                    scroller.scrollTop += scroller.clientHeight;
                    await new Promise((done) => setTimeout(done, 25));
                    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2) break;
                }
                return document.querySelectorAll('[data-testid=call-list-row]').length;
            })()",
            vec![],
        )
        .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pid = process_of(&binaries.app).context("the app's process is not found")?;
    let large_bytes = tree_pss(pid);
    report.note(format!(
        "Memory after scrolling the {patients}-patient call list to its end ({} rows drawn at the end): {:.0} MiB ({}); the demo list: {:.0} MiB ({demo_breakdown}); the minimal window: {:.0} MiB ({baseline_breakdown}).",
        rows.as_u64().unwrap_or_default(),
        mib(large_bytes),
        breakdown(pid),
        mib(demo_bytes),
        mib(baseline_bytes)
    ));
    report.push(Measure::memory(
        format!("Memory: {patients}-patient list scrolled to its end (PSS, MiB)"),
        large_bytes,
        Some(baseline.clone()),
        Goal::MedianRatioAtMost(1.3),
    ));
    report.push(baseline);
    client.close().await?;
    Ok(())
}
