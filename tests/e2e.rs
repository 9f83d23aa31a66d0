//! End-to-end: the built app in a real WebKitGTK window under Xvfb, driven
//! through tauri-driver and WebKitWebDriver. It opens the demo pharmacy on a
//! fresh encrypted store (key in the session's gnome-keyring), checks the
//! call list, switches to Spanish, opens a patient, restarts and finds the
//! language remembered. Screenshots of each language go to target/e2e/.

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

/// Waits until the audit table shows every one of `needles` (it reloads as filters change).
async fn wait_for_audit(client: &Client, needles: &[&str]) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let trail = text_of(client, "[data-testid=audit-table]").await.unwrap_or_default();
        if needles.iter().all(|needle| trail.contains(needle)) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            screenshot(client, "audit-failed.png").await?;
            bail!("the audit table shows {trail:?}, not all of {needles:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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

#[tokio::test]
async fn demo_call_list_in_english_and_spanish_and_the_choice_is_remembered() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let l10n = Localizer::embedded()?;
    let en = |id: &str| l10n.format(Language::English, id, &[]);
    let es = |id: &str| l10n.format(Language::Spanish, id, &[]);
    let data = tempfile::tempdir()?;
    // Debug level: the log scan below should see everything the app could write.
    let (_driver, port) = start_driver(&[("RUST_LOG", "debug")])?;

    let started = Instant::now();
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        // Includes creating the encrypted demo store and its 300 patients.
        println!(
            "e2e: demo call list painted {:.2} s after the session was requested",
            started.elapsed().as_secs_f64()
        );
        // A first start follows the system language; make the starting point English whatever it is.
        select_language(&client, Language::English).await?;
        wait_for_text(&client, "[data-testid=page-title]", &en("call-list-title")).await?;
        let rows = client.find_all(Locator::Css("[data-testid=call-list-row]")).await?;
        // Failures are errors, not panics: the session must still be closed.
        ensure!(rows.len() >= 20, "the demo call list shows {} patients", rows.len());
        let summary = text_of(&client, "[data-testid=call-list-summary]").await?;
        // The list is virtualized: the summary counts every open patient, at least the rows drawn.
        let total: usize = summary
            .split(|c: char| !c.is_ascii_digit())
            .find(|part| !part.is_empty())
            .and_then(|digits| digits.parse().ok())
            .unwrap_or_default();
        ensure!(total >= rows.len(), "summary {summary:?} counts fewer than the {} rows drawn", rows.len());
        let nav = text_of(&client, "[data-testid=nav-patients]").await?;
        ensure!(nav.starts_with(&en("nav-patients")), "navigation shows {nav:?}");
        screenshot(&client, "call-list-en-US.png").await?;

        select_language(&client, Language::Spanish).await?;
        wait_for_text(&client, "[data-testid=page-title]", &es("call-list-title")).await?;
        let nav = text_of(&client, "[data-testid=nav-patients]").await?;
        ensure!(nav.starts_with(&es("nav-patients")), "navigation shows {nav:?}");
        // The document's language follows the repainted screen within two frames.
        let lang = client
            .execute_async(
                "const done = arguments[0];
                 requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() =>
                     done(document.documentElement.lang))));",
                vec![],
            )
            .await?;
        ensure!(lang == json!("es-US"), "<html lang> is {lang}");
        screenshot(&client, "call-list-es-US.png").await?;

        // Keyboard first: the first row has focus; Enter opens the patient.
        let first_row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
        first_row.send_keys(&Key::Enter.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=patient-view]")).await?;
        screenshot(&client, "patient-es-US.png").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result?;

    // Restart on the same encrypted store: the key comes back from the keyring
    // and the interface opens in Spanish.
    let restarted = Instant::now();
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        // The sign-in screen already speaks the language chosen on this computer.
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=sign-in]")).await?;
        wait_for_text(&client, "#gate-title", &es("sign-in-title")).await?;
        screenshot(&client, "sign-in-es-US.png").await?;
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        println!(
            "e2e: restart on the existing store painted {:.2} s after the session was requested",
            restarted.elapsed().as_secs_f64()
        );
        wait_for_text(&client, "[data-testid=page-title]", &es("call-list-title")).await?;
        // Every section, in both languages, for the record.
        for (language, tag) in [(Language::Spanish, "es-US"), (Language::English, "en-US")] {
            select_language(&client, language).await?;
            for section in ["patients", "consults", "enrollment", "settings", "call-list"] {
                client.find(Locator::Css(&format!("[data-testid=nav-{section}]"))).await?.click().await?;
                let title = l10n.format(language, &format!("{section}-title"), &[]);
                wait_for_text(&client, "[data-testid=page-title]", &title).await?;
                screenshot(&client, &format!("{section}-{tag}.png")).await?;
            }
        }
        work_calls_by_keyboard(&client, &l10n).await
    }
    .await;
    client.close().await?;
    result?;
    no_demo_patient_in_logs(&data.path().join("logs"))
}

/// The app's log files, after a session that opened patients, read scripts
/// and documented calls, name no demo patient and show none of their phones.
fn no_demo_patient_in_logs(log_dir: &Path) -> Result<()> {
    let mut logs = String::new();
    for entry in std::fs::read_dir(log_dir).context("the window wrote no log folder")? {
        logs.push_str(&std::fs::read_to_string(entry?.path())?);
    }
    ensure!(logs.lines().count() >= 2, "the log has too little in it to prove anything:\n{logs}");
    let demo = enlace_demo::generate(
        enlace_demo::demo_today(chrono::Utc::now()),
        enlace_demo::DEMO_PATIENT_COUNT,
        enlace_demo::DEMO_SEED,
    );
    for patient in &demo.patients {
        let full_name = patient.name.full();
        ensure!(!logs.contains(&full_name), "a demo patient's name is in the log");
        for phone in &patient.phones {
            let national = phone.e164.trim_start_matches("+1");
            ensure!(!logs.contains(&phone.e164) && !logs.contains(national), "a demo patient's phone is in the log");
        }
    }
    println!("e2e: {} log lines scanned, no demo patient in them", logs.lines().count());
    Ok(())
}

/// On the English interface: open a Spanish-speaking patient from the list,
/// verify identity, read the Spanish script, record "no answer" and see the
/// next attempt, then go on to the next patient and record a confirmed refill.
async fn work_calls_by_keyboard(client: &Client, l10n: &Localizer) -> Result<()> {
    let en = |id: &str| l10n.format(Language::English, id, &[]);
    let es = |id: &str| l10n.format(Language::Spanish, id, &[]);
    wait_for_text(client, "[data-testid=page-title]", &en("call-list-title")).await?;
    client.find(Locator::Css("[data-testid=filter-language]")).await?.select_by_value("es-US").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
    row.send_keys(&Key::Enter.to_string()).await?;
    let panel = Locator::Css("[data-testid=call-panel]");
    client.wait().at_most(Duration::from_secs(10)).for_element(panel).await?;

    // Medications stay hidden until identity is verified; the script is the patient's (Spanish).
    ensure!(
        client.find(Locator::Css("[data-testid=verify-first]")).await.is_ok(),
        "medications shown before verifying"
    );
    let script = text_of(client, "[data-testid=call-script]").await?;
    ensure!(script.contains(&es("script-verify")), "script is not in Spanish: {script:?}");
    for check in ["verify-name", "verify-dob"] {
        client.find(Locator::Css(&format!("[data-testid={check}]"))).await?.send_keys(" ").await?;
    }
    client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("[data-testid=script-medications]")).await?;
    screenshot(client, "call-es-script-en-US.png").await?;

    // 6 = no answer, typed on the focused checkbox; notes; Ctrl+Enter saves.
    let dob = client.find(Locator::Css("[data-testid=verify-dob]")).await?;
    dob.send_keys("6").await?;
    let no_answer = client.find(Locator::Css("[data-testid=disposition-no-answer]")).await?;
    ensure!(no_answer.prop("checked").await?.as_deref() == Some("true"), "6 did not pick no answer");
    let notes = client.find(Locator::Css("[data-testid=call-notes]")).await?;
    notes.send_keys("Rang eight times.").await?;
    notes.send_keys(&format!("{}{}{}", Key::Control, Key::Enter, Key::Null)).await?;
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=next-attempt]")).await?;
    let next = text_of(client, "[data-testid=next-attempt]").await?;
    let scheduled = en("call-next-at");
    let prefix = scheduled.split('{').next().unwrap_or_default().trim();
    ensure!(
        next.starts_with(prefix) || next == en("call-next-exception-attempt-cap") || next == en("call-next-now"),
        "after no answer the panel shows {next:?}"
    );
    screenshot(client, "call-no-answer-en-US.png").await?;

    // Enter on the focused "Next patient" button opens the next one; 1 = refill confirmed (pickup today).
    let title_before = text_of(client, "[data-testid=page-title]").await?;
    client.find(Locator::Css("[data-testid=next-patient]")).await?.send_keys(&Key::Enter.to_string()).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while text_of(client, "[data-testid=page-title]").await.unwrap_or_default() == title_before {
        ensure!(Instant::now() < deadline, "Next patient did not open another patient");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=verify-dob]")).await?;
    for check in ["verify-name", "verify-dob"] {
        client.find(Locator::Css(&format!("[data-testid={check}]"))).await?.send_keys(" ").await?;
    }
    let dob = client.find(Locator::Css("[data-testid=verify-dob]")).await?;
    dob.send_keys("1").await?;
    let notes = client.find(Locator::Css("[data-testid=call-notes]")).await?;
    notes.send_keys("Will pick up today.").await?;
    notes.send_keys(&format!("{}{}{}", Key::Control, Key::Enter, Key::Null)).await?;
    if let Err(error) = wait_for_text(client, "[data-testid=next-attempt]", &en("call-next-resolved")).await {
        screenshot(client, "call-refill-confirmed-failed.png").await?;
        let problems = text_of(client, "[data-testid=call-problems]").await.unwrap_or_default();
        return Err(error.context(format!("the call panel says {problems:?}")));
    }
    screenshot(client, "call-refill-confirmed-en-US.png").await?;
    anyhow::Ok(())
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

/// A coordinator leaves a note half-typed and walks away: the window locks
/// (idle time shortened for the test), shows no patient data, and after the
/// password the note is still there. A wrong password is refused first.
#[tokio::test]
async fn an_idle_window_locks_and_unlocking_restores_the_typed_note() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[("ENLACE_IDLE_LOCK_SECONDS", "6")])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        let patient_name = coordinator_opens_the_first_patient(&client).await?;
        for check in ["verify-name", "verify-dob"] {
            client.find(Locator::Css(&format!("[data-testid={check}]"))).await?.send_keys(" ").await?;
        }
        let note = "Asked to call back after lunch";
        client.find(Locator::Css("[data-testid=call-notes]")).await?.send_keys(note).await?;

        // Hands off the keyboard: the lock screen comes, and no patient data is left in the
        // page at all — not hidden, gone from the DOM (the shell, the patient, the note).
        client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("[data-testid=lock-screen]")).await?;
        let page = client
            .execute(
                "return { html: document.documentElement.outerHTML, \
                 shell: document.querySelector('[data-testid=signed-in]') !== null, \
                 fields: Array.from(document.querySelectorAll('input, textarea')).map((field) => field.value).join('|') }",
                vec![],
            )
            .await?;
        let html = page["html"].as_str().unwrap_or_default();
        ensure!(page["shell"] == json!(false), "the signed-in shell is still in the DOM while locked");
        ensure!(!html.contains(&patient_name), "the locked page's DOM holds the patient's name");
        let fields = page["fields"].as_str().unwrap_or_default();
        ensure!(!html.contains(note) && !fields.contains(note), "the locked page holds the note");
        screenshot(&client, "lock-screen-en-US.png").await?;

        let secret = client.find(Locator::Css("[data-testid=unlock-secret]")).await?;
        secret.send_keys(&format!("{}{}", COORDINATOR.1, Key::Enter)).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while client.find(Locator::Css("[data-testid=lock-screen]")).await.is_ok() {
            ensure!(Instant::now() < deadline, "the window did not unlock");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The patient's page comes back (loaded again) with the note as it was.
        let notes =
            client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-notes]")).await?;
        let kept = notes.prop("value").await?;
        ensure!(kept.as_deref() == Some(note), "the note after unlocking is {kept:?}");
        screenshot(&client, "unlocked-note-kept-en-US.png").await?;

        // Hiding a button is not the check: the commands themselves refuse a coordinator a
        // pharmacist's action (the consult queue) and a supervisor's (the user list).
        for command in ["consult_queue", "list_users"] {
            let refused = client
                .execute_async(
                    r#"const [command, done] = arguments;
                    window.__TAURI_INTERNALS__.invoke(command, {}).then(() => done("allowed"), (error) => done(error.code));"#,
                    vec![json!(command)],
                )
                .await?;
            ensure!(refused == json!("not-permitted"), "a coordinator's {command} got {refused}");
        }

        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}

/// The coordinator opens a patient and signs out; the supervisor goes from
/// that patient to its audit trail, then sees users, settings and the whole
/// trail (with the coordinator's failed sign-in) in both languages.
#[tokio::test]
async fn a_supervisor_follows_a_patient_to_its_audit_trail_and_manages_users() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        let patient_name = coordinator_opens_the_first_patient(&client).await?;
        ensure!(
            client.find(Locator::Css("[data-testid=patient-audit]")).await.is_err(),
            "a coordinator is offered the audit trail"
        );
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;
        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        // From the patient the coordinator opened, straight to that patient's audit trail.
        let row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
        row.send_keys(&Key::Enter.to_string()).await?;
        wait_for_text(&client, "[data-testid=page-title]", &patient_name).await?;
        client.find(Locator::Css("[data-testid=patient-audit]")).await?.click().await?;
        wait_for_audit(&client, &["ana", "Opened"]).await?;
        screenshot(&client, "patient-audit-en-US.png").await?;
        // Settings from the navigation shows the whole trail again.
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=user-row]")).await?;
        wait_for_audit(&client, &["ana", "Failed sign-in"]).await?;
        let show = |testid: &str| {
            format!("document.querySelector('[data-testid={testid}]').scrollIntoView({{block: 'start'}})")
        };
        client.execute(&show("pharmacy-settings-form"), vec![]).await?;
        screenshot(&client, "pharmacy-settings-en-US.png").await?;
        client.execute(&show("users-panel"), vec![]).await?;
        screenshot(&client, "users-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        wait_for_text(&client, "#audit-title", "Registro de auditoría").await?;
        client.execute(&show("audit-panel"), vec![]).await?;
        screenshot(&client, "audit-es-US.png").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}

/// The coordinator asks for a Spanish consult from a Spanish-speaking
/// patient's page; the pharmacist (who speaks Spanish) accepts the proposed
/// time; the coordinator sees it scheduled on both clocks.
#[tokio::test]
async fn a_spanish_consult_goes_from_coordinator_to_pharmacist_and_back_scheduled() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=filter-language]")).await?.select_by_value("es-US").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
        row.send_keys(&Key::Enter.to_string()).await?;
        // On the call: identity, 3 = wants a pharmacist, save; then straight to the request form.
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=verify-dob]")).await?;
        for check in ["verify-name", "verify-dob"] {
            client.find(Locator::Css(&format!("[data-testid={check}]"))).await?.send_keys(" ").await?;
        }
        client.find(Locator::Css("[data-testid=verify-dob]")).await?.send_keys("3").await?;
        let notes = client.find(Locator::Css("[data-testid=call-notes]")).await?;
        notes.send_keys("Dizzy since the new dose; wants to talk to a pharmacist.").await?;
        notes.send_keys(&format!("{}{}{}", Key::Control, Key::Enter, Key::Null)).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=call-request-consult]"))
            .await?
            .click()
            .await?;
        client.find(Locator::Css("[data-testid=consult-request-send]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=consult-requested]"))
            .await?;
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;

        sign_in(&client, PHARMACIST).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::Spanish).await?;
        client.find(Locator::Css("[data-testid=nav-consults]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=consult-request]"))
            .await?;
        let request = text_of(&client, "[data-testid=consult-request]").await?;
        ensure!(request.contains("Usted lo habla"), "the queue shows {request:?}");
        screenshot(&client, "consult-queue-es-US.png").await?;
        client.find(Locator::Css("[data-testid=consult-pick]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=consult-confirm]"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=consult-scheduled]"))
            .await?;
        screenshot(&client, "consult-scheduled-es-US.png").await?;
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        let hours = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=hours-panel]"))
            .await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&hours)?]).await?;
        screenshot(&client, "consult-hours-es-US.png").await?;
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;

        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=nav-consults]")).await?.click().await?;
        wait_for_text(&client, "[data-testid=consult-status]", "Scheduled").await?;
        let time = text_of(&client, "[data-testid=consult-mine] [data-testid=consult-time]").await?;
        ensure!(time.contains("your time") && time.contains("patient’s time"), "the request shows {time:?}");
        screenshot(&client, "consult-mine-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        wait_for_text(&client, "[data-testid=consult-status]", "Programada").await?;
        screenshot(&client, "consult-mine-es-US.png").await?;
        // The patient's page shows the open consult too.
        client.find(Locator::Css("[data-testid=consult-mine] .link-button")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=patient-open-consults]"))
            .await?;
        let panel = client.find(Locator::Css("[data-testid=consult-request-panel]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&panel)?]).await?;
        screenshot(&client, "consult-patient-es-US.png").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
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

/// Types `text` into the enrollment field `path` (its test id is `enroll-<path with dashes>`),
/// replacing what is there, and leaves it with Tab so its problem (if any) shows.
async fn type_field(client: &Client, path: &str, text: &str) -> Result<()> {
    let field = client.find(Locator::Css(&format!("#enroll-{}", path.replace('.', "-")))).await?;
    field.clear().await.with_context(|| format!("clearing {path}"))?;
    field.send_keys(&format!("{text}{}", Key::Tab)).await.with_context(|| format!("typing into {path}"))?;
    Ok(())
}

/// The problems shown next to fields, as (field path, message). The form repaints them as
/// its saves return, so a line may go between finding it and reading it: read again then.
async fn field_errors(client: &Client) -> Result<Vec<(String, String)>> {
    'read: for _ in 0..20 {
        let mut shown = Vec::new();
        for element in client.find_all(Locator::Css("[data-testid=field-error]")).await? {
            match (element.attr("data-field").await, element.text().await) {
                (Ok(field), Ok(text)) => shown.push((field.unwrap_or_default(), text)),
                _ => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue 'read;
                }
            }
        }
        return Ok(shown);
    }
    bail!("the field problems kept changing while being read")
}

/// A coordinator on a Spanish interface enrolls a Spanish-speaking patient by keyboard: three
/// bad values are refused next to their fields (screenshots in both languages) and fixed, the
/// draft is left and resumed from the drafts list, the consent text is read in Spanish and the
/// verbal consent recorded, and after submitting the patient is found by an accent-free search.
#[tokio::test]
async fn a_spanish_enrollment_is_typed_fixed_resumed_submitted_and_found() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let l10n = Localizer::embedded()?;
    let es = |id: &str| l10n.format(Language::Spanish, id, &[]);
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::Spanish).await?;
        client.find(Locator::Css("[data-testid=nav-enrollment]")).await?.click().await?;
        wait_for_text(&client, "[data-testid=page-title]", &es("enrollment-title")).await?;
        screenshot(&client, "enrollment-drafts-es-US.png").await?;
        let start = client.find(Locator::Css("[data-testid=enroll-new-es]")).await?;
        start.send_keys(&Key::Enter.to_string()).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=enrollment-form]"))
            .await?;

        type_field(&client, "patient.givenName", "Itzel").await?;
        type_field(&client, "patient.familyName", "Ñáñez").await?;
        type_field(&client, "patient.secondFamilyName", "Olmedo").await?;
        // Three mistakes: a birth date in the future, a four-digit ZIP, a phone without area code.
        type_field(&client, "patient.dateOfBirth", "07/14/2051").await?;
        type_field(&client, "patient.zip", "0090").await?;
        type_field(&client, "patient.phones.0.number", "555-0142").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut shown = field_errors(&client).await?;
        while shown.len() < 3 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            shown = field_errors(&client).await?;
        }
        let fields: Vec<&str> = shown.iter().map(|(field, _)| field.as_str()).collect();
        ensure!(
            fields == ["patient.dateOfBirth", "patient.zip", "patient.phones.0.number"],
            "the form shows these problems: {shown:?}"
        );
        ensure!(shown[0].1 == es("field-error-future-date"), "the birth date's problem reads {:?}", shown[0].1);
        let errors_at = |css: &str| format!("document.querySelector('{css}').scrollIntoView({{block: 'start'}})");
        client.execute(&errors_at("[data-testid=enroll-section-patient]"), vec![]).await?;
        screenshot(&client, "enrollment-errors-es-US.png").await?;
        select_language(&client, Language::English).await?;
        let english = l10n.format(Language::English, "field-error-invalid-zip", &[]);
        wait_for_text(&client, "#enroll-patient-zip-error", &english).await?;
        screenshot(&client, "enrollment-errors-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;

        type_field(&client, "patient.dateOfBirth", "07/14/1951").await?;
        type_field(&client, "patient.zip", "00907").await?;
        type_field(&client, "patient.phones.0.number", "787-555-0142").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !field_errors(&client).await?.is_empty() {
            ensure!(Instant::now() < deadline, "fixed fields still show {:?}", field_errors(&client).await?);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        wait_for_text_containing(&client, "[data-testid=enroll-save-state]", "Borrador guardado").await?;

        // Leave the draft, go elsewhere, and resume it from the drafts list.
        client.find(Locator::Css("[data-testid=enroll-close]")).await?.send_keys(&Key::Enter.to_string()).await?;
        client.find(Locator::Css("[data-testid=nav-call-list]")).await?.click().await?;
        wait_for_text(&client, "[data-testid=page-title]", &es("call-list-title")).await?;
        client.find(Locator::Css("[data-testid=nav-enrollment]")).await?.click().await?;
        let draft = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=enroll-draft]"))
            .await?;
        ensure!(draft.text().await?.contains("Itzel Ñáñez Olmedo"), "the draft list shows {:?}", draft.text().await?);
        draft.send_keys(&Key::Enter.to_string()).await?;
        let given = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#enroll-patient-givenName"))
            .await?
            .prop("value")
            .await?;
        ensure!(given.as_deref() == Some("Itzel"), "the resumed draft has {given:?}");

        type_field(&client, "insurance.primary.planName", "Plan Vital").await?;
        type_field(&client, "insurance.primary.memberId", "PV-0042").await?;
        type_field(&client, "insurance.primary.bin", "610014").await?;
        type_field(&client, "prescriber.name", "Dra. Elena Ríos").await?;
        type_field(&client, "prescriber.npi", "1245319599").await?;
        type_field(&client, "medications.0.drug", "Atorvastatina").await?;
        type_field(&client, "medications.0.strength", "20 mg").await?;
        type_field(&client, "medications.0.daysSupply", "30").await?;
        type_field(&client, "medications.0.quantity", "30").await?;
        type_field(&client, "medications.0.refills", "3").await?;
        let filled = (chrono::Utc::now().date_naive() - chrono::Duration::days(26)).format("%m/%d/%Y").to_string();
        type_field(&client, "medications.0.lastFillDate", &filled).await?;
        for checkbox in ["allergies-noneKnown", "consents-calls", "consents-privacyNoticeAcknowledged"] {
            client.find(Locator::Css(&format!("#enroll-{checkbox}"))).await?.send_keys(" ").await?;
        }
        let consent = text_of(&client, "[data-testid=enroll-consent-text]").await?;
        ensure!(consent.contains("quisiera llamarle"), "the consent text is not in Spanish: {consent:?}");
        client
            .find(Locator::Css("[data-testid=enroll-record-consent]"))
            .await?
            .send_keys(&Key::Enter.to_string())
            .await?;
        wait_for_text_containing(&client, "[data-testid=enroll-consent-recorded]", "ana").await?;
        client.execute(&errors_at("[data-testid=enroll-section-consents]"), vec![]).await?;
        screenshot(&client, "enrollment-consent-es-US.png").await?;
        client.find(Locator::Css("[data-testid=enroll-submit]")).await?.send_keys(&Key::Enter.to_string()).await?;
        if client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("[data-testid=enroll-summary]"))
            .await
            .is_err()
        {
            screenshot(&client, "enrollment-submit-failed.png").await?;
            let problems = text_of(&client, "[data-testid=enroll-problems]").await.unwrap_or_default();
            bail!("the enrollment was not submitted: {problems:?}");
        }
        let summary = text_of(&client, "[data-testid=enroll-summary]").await?;
        ensure!(summary.contains(&es("summary-title")) && summary.contains("Atorvastatina"), "summary: {summary:?}");
        screenshot(&client, "enrollment-summary-es-US.png").await?;

        client.find(Locator::Css("[data-testid=nav-patients]")).await?.click().await?;
        let search =
            client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("#patient-search")).await?;
        search.send_keys("nanez olmedo").await?;
        wait_for_text(&client, "#patient-results .patient-name", "Itzel Ñáñez Olmedo").await?;
        let found = client.find_all(Locator::Css("#patient-results [role=option]")).await?;
        ensure!(found.len() == 1, "the accent-free search finds {} patients", found.len());
        let typed = client.find(Locator::Css("#patient-search")).await?.prop("value").await?;
        ensure!(typed.as_deref() == Some("nanez olmedo"), "the search box holds {typed:?}");
        screenshot(&client, "enrollment-found-es-US.png").await?;

        // On the patient's page: what enrollment recorded, and a revocation that takes effect at once.
        client.find(Locator::Css("#patient-search")).await?.send_keys(&Key::Enter.to_string()).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=patient-profile]"))
            .await?;
        wait_for_text_containing(&client, "[data-testid=consent-history]", "ana").await?;
        client
            .find(Locator::Css("[data-testid=consent-revoke-open]"))
            .await?
            .send_keys(&Key::Enter.to_string())
            .await?;
        let calls = client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("[data-testid=patient-consents] form input[type=checkbox]"))
            .await?;
        calls.send_keys(" ").await?;
        client
            .find(Locator::Css("[data-testid=consent-revoke-save]"))
            .await?
            .send_keys(&Key::Enter.to_string())
            .await?;
        wait_for_text_containing(&client, "[data-testid=consent-history]", "Revocado").await?;
        let panel = client.find(Locator::Css("[data-testid=patient-consents]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&panel)?]).await?;
        screenshot(&client, "enrollment-patient-es-US.png").await?;

        // Her daughter will pick up her refills: named on her page, with what she may be told.
        client.find(Locator::Css("[data-testid=patient-correct]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("[data-testid=contact-caregiver]"))
            .await?;
        retype(&client, "[data-testid=contact-caregiver-name]", "Ximena Olmedo").await?;
        retype(&client, "[data-testid=contact-caregiver-relationship]", "hija").await?;
        retype(&client, "[data-testid=contact-caregiver-phone]", "555").await?;
        client.find(Locator::Css("[data-testid=contact-save]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=contact-caregiver]", "No es un teléfono válido").await?;
        retype(&client, "[data-testid=contact-caregiver-phone]", "(602) 555-0187").await?;
        let may_discuss = client.find(Locator::Css("[data-testid=contact-caregiver-may-discuss]")).await?;
        if may_discuss.prop("checked").await?.as_deref() != Some("true") {
            may_discuss.send_keys(" ").await?;
        }
        screenshots(&client, "enrollment-caregiver-corrected", Some("contact-caregiver")).await?;
        client.find(Locator::Css("[data-testid=contact-save]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=patient-changes]", "cuidador").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}

/// A new device id (a UUIDv4 from the OS's random bytes), as a laptop's store makes one.
fn uuid_like() -> String {
    let bytes = std::fs::read("/proc/sys/kernel/random/uuid").unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

/// The sync server as its own process (built beside the app), killed when dropped.
struct SyncServer {
    child: std::process::Child,
    url: String,
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const SETUP_TOKEN: &str = "e2e-setup-token";
const INTAKE_KEY: &str = "e2e-intake-key";

fn start_sync_server(app: &Path, data_dir: &Path) -> Result<SyncServer> {
    use std::io::BufRead;
    let binary = app.with_file_name("enlace-server");
    let mut child = Command::new(&binary)
        .args(["--listen", "127.0.0.1:0", "--setup-token", SETUP_TOKEN, "--intake-key", INTAKE_KEY, "--data-dir"])
        .arg(data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    let stderr = child.stderr.take().context("no stderr")?;
    let mut lines = std::io::BufReader::new(stderr).lines();
    let url = loop {
        let line = lines.next().context("the server said nothing")??;
        if let Some(url) = line.strip_prefix("enlace-server: listening on ") {
            break url.to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Ok(SyncServer { child, url })
}

/// A supervisor connects the demo pharmacy to its server from Settings (the first computer,
/// with the setup token), sees it up to date in both languages; the pharmacy's website posts
/// a callback request, and the coordinator finds it on the call list.
#[tokio::test]
async fn a_supervisor_connects_the_pharmacy_to_its_server_and_web_requests_arrive() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let l10n = Localizer::embedded()?;
    let en = |id: &str| l10n.format(Language::English, id, &[]);
    let es = |id: &str| l10n.format(Language::Spanish, id, &[]);
    let data = tempfile::tempdir()?;
    let server_data = tempfile::tempdir()?;
    let server = start_sync_server(&app, server_data.path())?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        let panel = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=sync-panel]"))
            .await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&panel)?]).await?;
        screenshot(&client, "sync-not-connected-en-US.png").await?;
        client.find(Locator::Css("[data-testid=sync-server-url]")).await?.send_keys(&server.url).await?;
        client.find(Locator::Css("[data-testid=sync-username]")).await?.send_keys(SUPERVISOR.0).await?;
        client.find(Locator::Css("[data-testid=sync-password]")).await?.send_keys(SUPERVISOR.1).await?;
        client.find(Locator::Css("[data-testid=sync-form] .button-small")).await?.click().await?;
        client.find(Locator::Css("[data-testid=sync-setup-token]")).await?.send_keys(SETUP_TOKEN).await?;
        client.find(Locator::Css("[data-testid=sync-connect]")).await?.click().await?;
        if let Err(error) = wait_for_text(&client, "[data-testid=sync-phase]", &en("sync-phase-idle")).await {
            screenshot(&client, "sync-failed.png").await?;
            let shown = text_of(&client, "[data-testid=sync-panel]").await.unwrap_or_default();
            return Err(error.context(format!("the sync panel shows {shown:?}")));
        }
        wait_for_text(&client, "[data-testid=sync-pending]", "0").await?;
        let panel = client.find(Locator::Css("[data-testid=sync-panel]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&panel)?]).await?;
        screenshot(&client, "sync-connected-en-US.png").await?;

        // A coordinator's new laptop registers with her own password: it waits for approval,
        // pulling nothing, until the supervisor approves it here.
        let laptop = uuid_like();
        let registered = reqwest::Client::new()
            .post(format!("{}/v1/register", server.url))
            .json(&json!({ "username": COORDINATOR.0, "password": COORDINATOR.1, "deviceId": laptop,
                           "deviceName": "front-desk" }))
            .send()
            .await?;
        ensure!(registered.status().is_success(), "registration answered {}", registered.status());
        let token = registered.json::<serde_json::Value>().await?["token"].as_str().unwrap_or_default().to_owned();
        let pull = |token: String| {
            let url = format!("{}/v1/pull", server.url);
            async move { reqwest::Client::new().get(url).bearer_auth(token).send().await.map(|answer| answer.status()) }
        };
        ensure!(pull(token.clone()).await? == reqwest::StatusCode::FORBIDDEN, "a laptop waiting for approval pulled");
        client.find(Locator::Css("[data-testid=sync-devices-open]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=sync-device-approve]"))
            .await?;
        let devices = client.find(Locator::Css("[data-testid=sync-devices]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&devices)?]).await?;
        screenshot(&client, "sync-device-waiting-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        let devices = client.find(Locator::Css("[data-testid=sync-devices]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&devices)?]).await?;
        screenshot(&client, "sync-device-waiting-es-US.png").await?;
        select_language(&client, Language::English).await?;
        let approve = client.find(Locator::Css("[data-testid=sync-device-approve]")).await?;
        approve.send_keys(&Key::Enter.to_string()).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while client.find(Locator::Css("[data-testid=sync-device-approve]")).await.is_ok() {
            ensure!(Instant::now() < deadline, "the laptop was not approved");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        ensure!(pull(token).await? == reqwest::StatusCode::OK, "the approved laptop cannot pull");
        select_language(&client, Language::Spanish).await?;
        wait_for_text(&client, "[data-testid=sync-phase]", &es("sync-phase-idle")).await?;
        let panel = client.find(Locator::Css("[data-testid=sync-panel]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&panel)?]).await?;
        screenshot(&client, "sync-connected-es-US.png").await?;

        // The website posts a callback request; it reaches this computer by sync.
        let posted = reqwest::Client::new()
            .post(format!("{}/v1/intake", server.url))
            .header("x-enlace-intake-key", INTAKE_KEY)
            .json(&json!({ "kind": "callback", "name": "Rosa Peña", "dateOfBirth": "1961-04-02",
                           "phone": "787-555-0177", "message": "Please call about my refill", "patientRef": null }))
            .send()
            .await?;
        ensure!(posted.status() == reqwest::StatusCode::ACCEPTED, "intake answered {}", posted.status());
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::Spanish).await?;
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            // The call list looks for web requests every 30 s; going back to it looks at once.
            client.find(Locator::Css("[data-testid=nav-patients]")).await?.click().await?;
            client.find(Locator::Css("[data-testid=nav-call-list]")).await?.click().await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            if let Ok(text) = text_of(&client, "[data-testid=web-request]").await {
                ensure!(text.contains("Rosa Peña"), "the web request shows {text:?}");
                break;
            }
            ensure!(Instant::now() < deadline, "the web request never reached the call list");
        }
        screenshot(&client, "web-requests-es-US.png").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}

/// The supervisor desk: a coordinator flags a call (by keyboard) for her
/// supervisor; the supervisor signs in, sees the flag first in the exception
/// queue, assigns and resolves it; the productivity view and the team's
/// adherence list render in English and Spanish.
#[tokio::test]
async fn a_coordinator_flags_a_call_and_the_supervisor_resolves_it_on_the_desk() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let l10n = Localizer::embedded()?;
    let result = async {
        let patient = coordinator_opens_the_first_patient(&client).await?;
        for check in ["verify-name", "verify-dob"] {
            client.find(Locator::Css(&format!("[data-testid={check}]"))).await?.send_keys(" ").await?;
        }
        // 6 = no answer; then the flag, from the saved call.
        client.find(Locator::Css("[data-testid=verify-dob]")).await?.send_keys("6").await?;
        let notes = client.find(Locator::Css("[data-testid=call-notes]")).await?;
        notes.send_keys("No answer.").await?;
        notes.send_keys(&format!("{}{}{}", Key::Control, Key::Enter, Key::Null)).await?;
        let flag =
            client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=flag-open]")).await?;
        flag.send_keys(&Key::Enter.to_string()).await?;
        let kind =
            client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("[data-testid=flag-kind]")).await?;
        kind.select_by_value("hospitalized").await?;
        // Sending without a note is refused with the reason.
        client.find(Locator::Css("[data-testid=flag-send]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=flag-form] .field-errors", "Add a note").await?;
        let note = client.find(Locator::Css("[data-testid=flag-note]")).await?;
        note.send_keys("Neighbor says she is in the hospital since Sunday.").await?;
        client.find(Locator::Css("[data-testid=flag-send]")).await?.send_keys(&Key::Enter.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=flag-sent]")).await?;
        screenshot(&client, "desk-flag-sent-en-US.png").await?;
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;

        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=nav-desk]")).await?.click().await?;
        let first = client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("[data-testid=exception-item]"))
            .await?;
        ensure!(first.attr("data-kind").await?.as_deref() == Some("hospitalized"), "the flag is not first");
        let item = first.text().await?;
        ensure!(item.contains(&patient) && item.contains("Ana Rivera") && item.contains("since Sunday"), "{item:?}");
        first.find(Locator::Css("[data-testid=exception-assignee]")).await?.select_by_value("ana").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        screenshot(&client, "desk-exceptions-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        wait_for_text(&client, "[data-testid=page-title]", &l10n.format(Language::Spanish, "desk-title", &[])).await?;
        screenshot(&client, "desk-exceptions-es-US.png").await?;
        select_language(&client, Language::English).await?;
        let first = client.find(Locator::Css("[data-testid=exception-item]")).await?;
        first.find(Locator::Css("[data-testid=exception-outcome]")).await?.select_by_value("reached-otherwise").await?;
        first
            .find(Locator::Css("[data-testid=exception-resolution-note]"))
            .await?
            .send_keys("Spoke with her daughter.")
            .await?;
        first.find(Locator::Css("[data-testid=exception-resolve]")).await?.click().await?;
        let resolved = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=exceptions-resolved]"))
            .await?;
        resolved.find(Locator::Css("summary")).await?.click().await?;
        let line = text_of(&client, "[data-testid=exception-resolved]").await?;
        ensure!(line.contains(&patient) && line.contains("Reached another way"), "resolved shows {line:?}");
        ensure!(
            client.find_all(Locator::Css("[data-testid=exception-item][data-kind=hospitalized]")).await?.is_empty(),
            "the resolved flag is still open"
        );

        client.find(Locator::Css("[data-testid=desk-tab-productivity]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=productivity-team]"))
            .await?;
        client.find(Locator::Css("[data-testid=productivity-this-week]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=chart-people] svg"))
            .await?;
        let ana = text_of(&client, "[data-testid=productivity-person]").await.unwrap_or_default();
        let table = text_of(&client, "[data-testid=productivity] table").await?;
        ensure!(table.contains("Ana Rivera"), "the team table shows {table:?} (first row {ana:?})");
        screenshot(&client, "desk-productivity-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        wait_for_text(&client, "#productivity-title", &l10n.format(Language::Spanish, "productivity-title-team", &[]))
            .await?;
        screenshot(&client, "desk-productivity-es-US.png").await?;
        client.find(Locator::Css("[data-testid=desk-tab-adherence]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=non-adherent-patient]"))
            .await?;
        screenshot(&client, "desk-adherence-es-US.png").await?;
        // One step to the patient, whose page shows the same measure per drug.
        client.find(Locator::Css("[data-testid=non-adherent-patient] .link-button")).await?.click().await?;
        let panel = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=patient-adherence] .pdc-low"))
            .await?;
        client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&panel)?]).await?;
        screenshot(&client, "desk-patient-adherence-es-US.png").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}

/// A stamp as the sync protocol writes it (wall ms, counter, device), a minute in the past.
fn stamp(device: &str, n: u64) -> String {
    let wall = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or_default() - 60_000 + n;
    format!("{wall:012x}-{:08x}-{}", 0, device.replace('-', ""))
}

/// An argon2id hash as the app stores one (synthetic password, the test's own salt).
fn password_hash(password: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(b"e2e-test-salt-16").map_err(|error| anyhow::anyhow!("{error}"))?;
    Ok(argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow::anyhow!("{error}"))?
        .to_string())
}

/// The pharmacy founded on the server by its supervisor's laptop, played over HTTP: her
/// account, the pharmacy's settings and a coordinator's account. Returns her laptop's token
/// and credential.
async fn found_pharmacy_over_http(server: &SyncServer) -> Result<(String, String)> {
    let http = reqwest::Client::new();
    let device = uuid_like();
    let change = |n: u64, entity: &str, id: &str, fields: serde_json::Value| {
        json!({ "changeId": uuid_like(), "entity": entity, "entityId": id, "fields": fields,
                "hlc": stamp(&device, n), "deviceId": device, "author": SUPERVISOR.0 })
    };
    let user = |n: u64, id: &str, (username, password): (&str, &str), role: &str| -> Result<serde_json::Value> {
        Ok(change(
            n,
            "user",
            id,
            json!({ "username": username, "display_name": format!("Synthetic {username}"), "roles": [role],
                    "languages": ["en-US", "es-US"], "ui_locale": "en-US", "active": true,
                    "password_hash": password_hash(password)? }),
        ))
    };
    let founder = user(1, &uuid_like(), SUPERVISOR, "supervisor")?;
    let registered = http
        .post(format!("{}/v1/register", server.url))
        .json(&json!({ "username": SUPERVISOR.0, "password": SUPERVISOR.1, "deviceId": device, "deviceName": "office",
                       "setupToken": SETUP_TOKEN, "founder": [founder] }))
        .send()
        .await?;
    ensure!(registered.status().is_success(), "founding answered {}", registered.status());
    let answer: serde_json::Value = registered.json().await?;
    let (token, credential) =
        (answer["token"].as_str().unwrap_or_default(), answer["credential"].as_str().unwrap_or_default());
    let pharmacy = change(
        2,
        "pharmacy",
        &uuid_like(),
        json!({ "name": "Synthetic Community Pharmacy", "phone": "+13055550100", "time_zone": "America/New_York",
                "calling_window_start": "08:00", "calling_window_end": "21:00", "reminder_lead_days": 7,
                "refill_too_soon_percent": 75, "retry_after_hours": 4, "max_attempts": 3, "daily_call_limit": 1,
                "weekly_call_limit": 3, "idle_lock_minutes": 15 }),
    );
    let pushed = http
        .post(format!("{}/v1/push", server.url))
        .bearer_auth(token)
        .json(&json!({ "changes": [pharmacy, user(3, &uuid_like(), COORDINATOR, "coordinator")?], "credentials": [credential] }))
        .send()
        .await?;
    let pushed: serde_json::Value = pushed.json().await?;
    ensure!(pushed["rejected"].as_array().is_some_and(Vec::is_empty), "the founding push: {pushed}");
    Ok((token.to_owned(), credential.to_owned()))
}

/// A coordinator's new, empty laptop joins the pharmacy's server with her own password: it
/// waits for a supervisor's approval, pulling nothing, and says so (in both languages); once
/// the supervisor approves it, the pharmacy arrives and she signs in.
#[tokio::test]
async fn a_new_laptop_joins_waits_for_approval_and_then_the_pharmacy_arrives() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let server_data = tempfile::tempdir()?;
    let server = start_sync_server(&app, server_data.path())?;
    let (office_token, office_credential) = found_pharmacy_over_http(&server).await?;
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app_with(port, &app, &[json!("--data-dir"), json!(data.path())]).await?;
    let result = async {
        select_language(&client, Language::English).await?;
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("[data-testid=join-open]"))
            .await?
            .click()
            .await?;
        let form = client.find(Locator::Css("[data-testid=join-server]")).await?;
        let fields = form.find_all(Locator::Css("input")).await?;
        ensure!(fields.len() >= 3, "the join form has {} fields", fields.len());
        fields[0].send_keys(&server.url).await?;
        fields[1].send_keys(COORDINATOR.0).await?;
        fields[2].send_keys(COORDINATOR.1).await?;
        client.find(Locator::Css("[data-testid=join-submit]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("[data-testid=join-waiting]")).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        screenshot(&client, "join-waiting-approval-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&client, "join-waiting-approval-es-US.png").await?;

        // The supervisor approves it from her laptop (played over HTTP, her credential there).
        let http = reqwest::Client::new();
        let devices: Vec<serde_json::Value> = http
            .get(format!("{}/v1/devices", server.url))
            .bearer_auth(&office_token)
            .header("x-enlace-user", &office_credential)
            .send()
            .await?
            .json()
            .await?;
        let waiting = devices.iter().find(|device| device["status"] == json!("pending")).context("a laptop waits")?;
        let approved = http
            .post(format!("{}/v1/devices/{}/approve", server.url, waiting["deviceId"].as_str().unwrap_or_default()))
            .bearer_auth(&office_token)
            .header("x-enlace-user", &office_credential)
            .send()
            .await?;
        ensure!(approved.status().is_success(), "approval answered {}", approved.status());
        // Within the next asking (every 15 s) the pharmacy arrives and sign-in opens.
        client.wait().at_most(Duration::from_secs(40)).for_element(Locator::Css("[data-testid=sign-in]")).await?;
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        screenshot(&client, "joined-call-list-es-US.png").await?;
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "join-failed.png").await;
    }
    client.close().await?;
    result
}

/// A US zone (or, at the hour when none is, one abroad) where it is now between 9:00 and
/// 19:59: the first call of the day must fall inside the patient's calling hours whenever CI runs.
fn zone_inside_calling_hours() -> &'static str {
    use chrono::Timelike;
    let now = chrono::Utc::now();
    ["America/Phoenix", "America/New_York", "Pacific/Honolulu", "Pacific/Guam", "Europe/Madrid"]
        .into_iter()
        .find(|name| {
            enlace_domain::parse_zone(name).is_ok_and(|zone| (9..20).contains(&now.with_timezone(&zone).hour()))
        })
        .unwrap_or("Europe/Madrid")
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

/// A real pharmacy's first day, in the window, from an empty data folder: its first supervisor
/// (working in Spanish) sets the pharmacy up, refused once for a bad callback number; adds a
/// coordinator; imports the pharmacy system's refill report; the coordinator signs in, corrects
/// a patient's phone and works the first call. Screenshots of each step in both languages.
#[tokio::test]
async fn a_real_pharmacy_is_set_up_from_nothing_and_works_its_first_call() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let zone = zone_inside_calling_hours();
    // James's zone comes from his ZIP, a suggestion his page says is one (where a ZIP of that zone is known).
    let james_zip = match zone {
        "America/Phoenix" => "85004",
        "America/New_York" => "10001",
        "Pacific/Honolulu" => "96813",
        "Pacific/Guam" => "96910",
        _ => "",
    };
    let james_zone = if james_zip.is_empty() { zone } else { "" };
    let today = chrono::Utc::now().date_naive();
    let filled = |days: u64| (today - chrono::Days::new(days)).format("%Y-%m-%d").to_string();
    let report = data.path().join("informe-resurtidos.csv");
    std::fs::write(
        &report,
        format!(
            // Another system's names for the columns; its Rx number column is one the supervisor must pick.
            "Patient ID,Apellidos,Nombre,DOB,Phone Number,Idioma,time_zone,Zip Code,Receta N.º,Drug,Strength,\
             Fill Date,Days Supply,Qty,Refills Left,Prescriber,NPI\n\
             SYN-1,Quintero Sintético,Rosa,04/09/1951,(520) 555-0120,es,{zone},,RX-SYN-1,Metformin,500 mg,{},30,60,3,Dr. Synthetic,\n\
             SYN-2,Okafor Synthetic,James,1962-07-30,520-555-0131,en,{james_zone},{james_zip},RX-SYN-2,Lisinopril,10 mg,{},30,30,2,Dr. Synthetic,\n\
             SYN-3,Bad Row,Synthetic,mañana,520-555-0199,es,{zone},,RX-SYN-3,Atorvastatin,20 mg,{},30,30,2,Dr. Synthetic,\n",
            filled(26),
            filled(60),
            filled(20),
        ),
    )?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app_with(port, &app, &[json!("--data-dir"), json!(data.path())]).await?;
    let result = async {
        // The first supervisor, in Spanish.
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=first-run]")).await?;
        select_language(&client, Language::Spanish).await?;
        let name = client.find(Locator::Css("[data-testid=first-run] input")).await?;
        name.send_keys(&format!("Sofía Sintética{}sofia{}dia-uno-segura-1{}", Key::Tab, Key::Tab, Key::Enter)).await?;

        // Nothing opens before the pharmacy exists; the setup form shows the defaults.
        let form = Locator::Css("[data-testid=pharmacy-setup-form]");
        client.wait().at_most(Duration::from_secs(20)).for_element(form).await?;
        screenshots(&client, "first-day-1-setup", None).await?;
        retype(&client, "[data-testid=pharmacy-name]", "Farmacia Sintética del Valle").await?;
        retype(&client, "[data-testid=pharmacy-phone]", "555").await?;
        client.find(Locator::Css("[data-testid=pharmacy-time-zone]")).await?.select_by_value("America/Phoenix").await?;
        client.find(Locator::Css("[data-testid=pharmacy-save]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=pharmacy-setup-form]", "no es válido").await?;
        screenshots(&client, "first-day-2-setup-refused", None).await?;
        retype(&client, "[data-testid=pharmacy-phone]", "(520) 555-0142").await?;
        for (part, text) in [("line1", "400 W Calle Sintética"), ("city", "Phoenix"), ("state", "az"), ("zip", "85004")]
        {
            retype(&client, &format!("[data-testid=pharmacy-address-{part}]"), text).await?;
        }
        let programs = client.find(Locator::Css("[data-testid=pharmacy-programs]")).await?;
        programs.send_keys(&format!("Med Sync{}Especialidad", Key::Enter)).await?;
        screenshots(&client, "first-day-2-setup-described", Some("pharmacy-address")).await?;
        client.find(Locator::Css("[data-testid=pharmacy-save]")).await?.click().await?;
        wait_until_ready(&client).await?;
        wait_for_text(&client, ".pharmacy-name", "Farmacia Sintética del Valle").await?;
        screenshots(&client, "first-day-3-empty-call-list", None).await?;

        // A coordinator.
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        let add = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=add-user-form]"))
            .await?;
        let fields = add.find_all(Locator::Css("input")).await?;
        ensure!(fields.len() >= 3, "the add-user form has {} fields", fields.len());
        fields[0].send_keys("Ana Sintética").await?;
        fields[1].send_keys("anasint").await?;
        fields[2].send_keys("coordina-segura-2").await?;
        fields[2].send_keys(&Key::Enter.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=user-added]")).await?;
        screenshots(&client, "first-day-4-coordinator-added", Some("users-panel")).await?;

        // The pharmacy system's refill report.
        client.find(Locator::Css("[data-testid=nav-call-list]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=import-open]")).await?;
        client.find(Locator::Css("[data-testid=import-open]")).await?.click().await?;
        let file = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=import-refills-file]"))
            .await?;
        file.send_keys(&report.display().to_string()).await?;
        // The columns it knows are matched; the one it does not is asked for before any row is read.
        wait_for_text_containing(&client, "[data-testid=import-missing]", "Número de receta").await?;
        screenshots(&client, "first-day-5-import-columns", Some("import-mapping")).await?;
        client.find(Locator::Css("[data-testid=import-map-rx_number]")).await?.select_by_value("Receta N.º").await?;
        wait_for_text_containing(&client, "[data-testid=import-preview-summary]", "pacientes nuevos").await?;
        let summary =
            text_of(&client, "[data-testid=import-preview-summary]").await?.replace(['\u{2068}', '\u{2069}'], "");
        ensure!(summary.contains("2 pacientes nuevos"), "the preview counts two new patients: {summary:?}");
        wait_for_text_containing(&client, "[data-testid=import-problem-rows]", "DOB").await?;
        screenshots(&client, "first-day-5-import-preview", None).await?;
        client.find(Locator::Css("[data-testid=import-confirm]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=import-report]", "una fila dejada fuera").await?;
        let outcome = text_of(&client, "[data-testid=import-report]").await?.replace(['\u{2068}', '\u{2069}'], "");
        ensure!(outcome.contains("Fila 4, DOB"), "the row left out is named with its column: {outcome:?}");
        screenshots(&client, "first-day-5-imported", Some("import-report")).await?;
        client.find(Locator::Css("[data-testid=import-close]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-list-row]")).await?;
        screenshots(&client, "first-day-5-call-list", None).await?;
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;

        // The coordinator signs in and opens the first patient due.
        sign_in(&client, ("anasint", "coordina-segura-2")).await?;
        wait_until_ready(&client).await?;
        let row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
        row.send_keys(&Key::Enter.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=verify-dob]")).await?;

        // Her phone was wrong in the report: corrected from her page.
        client.find(Locator::Css("[data-testid=patient-correct]")).await?.click().await?;
        retype(&client, "[data-testid=contact-phone-number-0]", "(520) 555-0177").await?;
        screenshots(&client, "first-day-6-correcting", Some("patient-contact-form")).await?;
        client.find(Locator::Css("[data-testid=contact-save]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=patient-changes]", "Ana Sintética").await?;
        let phones = text_of(&client, "#patient-phones-title + dl, [aria-labelledby=patient-phones-title]").await?;
        ensure!(phones.contains("555-0177"), "the corrected number is shown: {phones:?}");
        screenshots(&client, "first-day-7-corrected", Some("patient-changes")).await?;

        // The first call: verified, no answer, saved from the keyboard.
        for check in ["verify-name", "verify-dob"] {
            client.find(Locator::Css(&format!("[data-testid={check}]"))).await?.send_keys(" ").await?;
        }
        let dob = client.find(Locator::Css("[data-testid=verify-dob]")).await?;
        dob.send_keys("6").await?;
        let notes = client.find(Locator::Css("[data-testid=call-notes]")).await?;
        notes.send_keys("Sonó ocho veces.").await?;
        notes.send_keys(&format!("{}{}{}", Key::Control, Key::Enter, Key::Null)).await?;
        if let Err(error) =
            client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=next-attempt]")).await
        {
            screenshot(&client, "first-day-call-failed.png").await?;
            let problems = text_of(&client, "[data-testid=call-problems]").await.unwrap_or_default();
            bail!("the first call was not saved ({error}); the panel says {problems:?}");
        }
        screenshots(&client, "first-day-8-first-call", Some("call-panel")).await?;

        // Someone else answered: a wrong number, flagged; the supervisor resolves it with the new one.
        let flag =
            client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=flag-open]")).await?;
        flag.send_keys(&Key::Enter.to_string()).await?;
        let kind =
            client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("[data-testid=flag-kind]")).await?;
        kind.select_by_value("wrong-number").await?;
        client.find(Locator::Css("[data-testid=flag-note]")).await?.send_keys("Contestó otra persona.").await?;
        client.find(Locator::Css("[data-testid=flag-send]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=flag-sent]")).await?;
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;
        sign_in(&client, ("sofia", "dia-uno-segura-1")).await?;
        wait_until_ready(&client).await?;
        client.find(Locator::Css("[data-testid=nav-desk]")).await?.click().await?;
        let item = Locator::Css("[data-testid=exception-item][data-kind=wrong-number]");
        let item = client.wait().at_most(Duration::from_secs(15)).for_element(item).await?;
        item.find(Locator::Css("[data-testid=exception-outcome]")).await?.select_by_value("number-updated").await?;
        let number = item.find(Locator::Css("[data-testid=exception-new-number]")).await?;
        number.send_keys("(520) 555-0188").await?;
        screenshots(&client, "first-day-9-number-updated", Some("exception-new-number")).await?;
        let item = client.find(Locator::Css("[data-testid=exception-item][data-kind=wrong-number]")).await?;
        item.find(Locator::Css("[data-testid=exception-resolve]")).await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !client.find_all(Locator::Css("[data-testid=exception-item][data-kind=wrong-number]")).await?.is_empty() {
            ensure!(Instant::now() < deadline, "the wrong number is still on the desk");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "first-day-failed.png").await;
    }
    client.close().await?;
    result
}

/// A pharmacy's whole patient base in one report: the preview counts it before anything is
/// written, the import shows its progress, and cancelling it leaves the store as it was (the
/// same file previews as all new again). Screenshots of the progress and the cancelled import.
#[tokio::test]
async fn a_large_import_shows_its_progress_and_a_cancelled_one_writes_nothing() -> Result<()> {
    const ROWS: usize = 20_000;
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let filled = (chrono::Utc::now().date_naive() - chrono::Days::new(20)).format("%Y-%m-%d").to_string();
    let mut text = String::from(
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,strength,\
         last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n",
    );
    for i in 0..ROWS {
        text.push_str(&format!(
            "BULK-{i},Synthetic Bulk,Patient{i},04/09/1951,(520) 555-{:04},es,America/Phoenix,,RXB-{i},Metformin,\
             500 mg,{filled},30,60,3,Dr. Synthetic,\n",
            i % 10_000
        ));
    }
    let report = data.path().join("whole-base.csv");
    std::fs::write(&report, text)?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, &data.path().join("store")).await?;
    // Fluent isolates each number (U+2068…U+2069) and groups its digits.
    let all_new = |summary: &str| {
        summary.replace(['\u{2068}', '\u{2069}', ','], "").contains(&format!("{ROWS} pacientes nuevos"))
    };
    let result = async {
        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::Spanish).await?;
        client.find(Locator::Css("[data-testid=import-open]")).await?.click().await?;
        let file = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=import-refills-file]"))
            .await?;
        file.send_keys(&report.display().to_string()).await?;
        let summary = Locator::Css("[data-testid=import-preview-summary]");
        let summary = client.wait().at_most(Duration::from_secs(90)).for_element(summary).await?.text().await?;
        ensure!(all_new(&summary), "the preview counts every patient as new: {summary:?}");

        client.find(Locator::Css("[data-testid=import-confirm]")).await?.click().await?;
        let rows_read = Locator::Css("[data-testid=import-progress-rows]");
        client.wait().at_most(Duration::from_secs(10)).for_element(rows_read).await?;
        screenshot(&client, "import-progress-es-US.png").await?;
        client.find(Locator::Css("[data-testid=import-cancel]")).await?.click().await?;
        let cancelled = Locator::Css("[data-testid=import-cancelled]");
        client.wait().at_most(Duration::from_secs(90)).for_element(cancelled).await?;
        screenshots(&client, "import-cancelled", None).await?;

        // The same file again: still all new, so nothing of the cancelled import was written.
        let file = client.find(Locator::Css("[data-testid=import-refills-file]")).await?;
        file.send_keys(&report.display().to_string()).await?;
        let summary = Locator::Css("[data-testid=import-preview-summary]");
        let summary = client.wait().at_most(Duration::from_secs(90)).for_element(summary).await?.text().await?;
        ensure!(all_new(&summary), "after cancelling, the preview still counts every patient as new: {summary:?}");
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "import-large-failed.png").await;
    }
    client.close().await?;
    result
}
