//! End-to-end: the built app in a real WebKitGTK window under Xvfb, driven
//! through tauri-driver and WebKitWebDriver, one file per area (calls,
//! consults, enrollment, desk, sync, a real pharmacy's first day); this
//! file holds what they share: the driver, opening the app, signing in,
//! waiting for text, typing, and screenshots (to target/e2e/, each step in
//! English and Spanish).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use enlace_l10n::{Language, Localizer};
use enlace_tests::{output_dir, session_var};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// tauri-driver and the WebKitWebDriver it starts, in their own process
/// group so that both stop with the test.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", "--", &format!("-{}", self.0.id())]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).map(|addr| addr.port()).unwrap_or(4444)
}

/// Starts tauri-driver; the app it launches inherits `env`.
fn start_driver(env: &[(&str, &str)]) -> Result<(Driver, u16)> {
    // Two TLS clients live in this process (WebDriver's and the web intake's): one provider for both.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let port = free_port();
    let native_port = free_port();
    let child = Command::new("tauri-driver")
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .envs(env.iter().copied())
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start tauri-driver")?;
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("tauri-driver did not listen on {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((driver, port))
}

async fn open_app(port: u16, app: &Path, data_dir: &Path) -> Result<Client> {
    open_app_with(port, app, &[json!("--demo"), json!("--data-dir"), json!(data_dir)]).await
}

/// The app with these command-line arguments (an empty store: no `--demo`).
async fn open_app_with(port: u16, app: &Path, args: &[serde_json::Value]) -> Result<Client> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    capabilities.insert("tauri:options".into(), json!({ "application": app, "args": args }));
    // tauri-driver sometimes resets the connection right after creating a session: retry once.
    let url = format!("http://127.0.0.1:{port}");
    let mut last_error = None;
    for _ in 0..2 {
        match ClientBuilder::rustls()?.capabilities(capabilities.clone()).connect(&url).await {
            Ok(client) => return Ok(client),
            Err(error) => last_error = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(last_error.map(anyhow::Error::from).unwrap_or_else(|| anyhow::anyhow!("no session")))
}

/// The demo pharmacy's coordinator (README: "Demo users").
const COORDINATOR: (&str, &str) = ("ana", "demo-coordinator");

const SUPERVISOR: (&str, &str) = ("marta", "demo-supervisor");

const PHARMACIST: (&str, &str) = ("luis", "demo-pharmacist");

/// Signs in on the sign-in screen, by keyboard: username, Tab, password, Enter.
async fn sign_in(client: &Client, (username, password): (&str, &str)) -> Result<()> {
    let field = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("[data-testid=sign-in-username]"))
        .await?;
    field.send_keys(&format!("{username}{}{password}{}", Key::Tab, Key::Enter)).await?;
    Ok(())
}

/// The UI marks its root once the first call list has been painted.
async fn wait_until_ready(client: &Client) -> Result<()> {
    client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=app-ready]")).await?;
    Ok(())
}

async fn text_of(client: &Client, css: &str) -> Result<String> {
    Ok(client.find(Locator::Css(css)).await?.text().await?.trim().to_owned())
}

/// Waits until the element's text equals `expected` (the UI repaints asynchronously).
async fn wait_for_text(client: &Client, css: &str, expected: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = text_of(client, css).await.unwrap_or_default();
        if text == expected {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{css} shows {text:?}, expected {expected:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks `testid`, which opens the system's open dialog (GTK's file chooser, a window of its own
/// beside the webview), and answers it as a person at the keyboard would: typing the file's path
/// (a "/" opens the chooser's location field) and pressing Enter. xdotool types through XTEST, so
/// the dialog receives real key presses.
async fn open_through_dialog(client: &Client, testid: &str, file: &Path) -> Result<()> {
    client.find(Locator::Css(&format!("[data-testid={testid}]"))).await?.click().await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let window = loop {
        let found = Command::new("xdotool").args(["search", "--onlyvisible", "--name", "^Open File$"]).output()?;
        if let Some(window) = String::from_utf8_lossy(&found.stdout).lines().next() {
            break window.to_owned();
        }
        ensure!(Instant::now() < deadline, "the open dialog did not appear");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // The chooser reads its folder before it takes keys.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let xdotool = |args: &[&str]| -> Result<()> {
        let status = Command::new("xdotool").args(args).status()?;
        ensure!(status.success(), "xdotool {args:?} failed");
        Ok(())
    };
    xdotool(&["windowfocus", "--sync", &window])?;
    xdotool(&["type", "--delay", "15", &file.display().to_string()])?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["key", "Return"])?;
    Ok(())
}

async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    // A screenshot right after a DOM change can be a frame behind.
    tokio::time::sleep(Duration::from_millis(400)).await;
    eprintln!("e2e: taking {name}");
    keep_painting(client).await?;
    let png =
        tokio::time::timeout(Duration::from_secs(20), client.screenshot()).await.context("screenshot timed out")??;
    let path = output_dir().join(name);
    std::fs::write(&path, png)?;
    println!("screenshot: {}", path.display());
    Ok(path)
}

/// Without GPU compositing (see src-tauri/src/gui.rs) WebKitWebDriver's
/// screenshot waits for the next repaint, which a still page never makes:
/// a one-pixel, all but transparent dot changes every frame for two seconds.
async fn keep_painting(client: &Client) -> Result<()> {
    client
        .execute(
            "const dot = document.createElement('div');
             dot.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;opacity:0.01';
             document.body.append(dot);
             let frame = 0;
             const tick = () => {
                 dot.style.background = frame % 2 === 0 ? '#000' : '#fff';
                 frame += 1;
                 if (frame < 120) requestAnimationFrame(tick); else dot.remove();
             };
             requestAnimationFrame(tick);",
            vec![],
        )
        .await?;
    Ok(())
}

async fn select_language(client: &Client, language: Language) -> Result<()> {
    let switcher = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=language-switcher]"))
        .await?;
    switcher.select_by_value(language.tag()).await.with_context(|| format!("choosing {}", language.tag()))?;
    Ok(())
}

/// Waits until the element's text contains `needle`.
async fn wait_for_text_containing(client: &Client, css: &str, needle: &str) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = text_of(client, css).await.unwrap_or_default();
        if text.contains(needle) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            bail!("{css} shows {text:?}, not {needle:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clears an input and types `text` into it, as a person would.
async fn retype(client: &Client, css: &str, text: &str) -> Result<()> {
    let field = client.find(Locator::Css(css)).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

/// Scrolls the element into view for a screenshot.
async fn show(client: &Client, testid: &str) -> Result<()> {
    let script = format!("document.querySelector('[data-testid={testid}]').scrollIntoView({{block: 'start'}})");
    client.execute(&script, vec![]).await?;
    Ok(())
}

/// Both languages of one step, Spanish left showing; `scrolled_to` (a test id) in view in each.
async fn screenshots(client: &Client, name: &str, scrolled_to: Option<&str>) -> Result<()> {
    for (language, tag) in [(Language::English, "en-US"), (Language::Spanish, "es-US")] {
        select_language(client, language).await?;
        if let Some(testid) = scrolled_to {
            tokio::time::sleep(Duration::from_millis(200)).await;
            show(client, testid).await?;
        }
        screenshot(client, &format!("{name}-{tag}.png")).await?;
    }
    Ok(())
}

/// The coordinator signs in (after one wrong password, refused), switches the
/// interface to English and opens the first patient on the call list; returns
/// the patient's name as the page title shows it.
async fn coordinator_opens_the_first_patient(client: &Client) -> Result<String> {
    sign_in(client, ("ana", "wrong-password")).await?;
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=sign-in-error]")).await?;
    let password = client.find(Locator::Css("[data-testid=sign-in-password]")).await?;
    password.send_keys(&format!("{}{}", COORDINATOR.1, Key::Enter)).await?;
    wait_until_ready(client).await?;
    select_language(client, Language::English).await?;
    let row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
    row.send_keys(&Key::Enter.to_string()).await?;
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=verify-dob]")).await?;
    text_of(client, "[data-testid=page-title]").await
}

mod calls;
mod consults;
mod desk;
mod enrollment;
mod first_day;
mod inbound;
mod printing;
mod recovery;
mod sync;
mod updates;
