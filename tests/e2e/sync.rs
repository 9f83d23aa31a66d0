//! The pharmacy's server: a supervisor connects, web requests arrive, and a new laptop joins.

use super::*;

/// A new device id (a UUIDv4 from the OS's random bytes), as a laptop's store makes one.
fn uuid_like() -> String {
    let bytes = std::fs::read("/proc/sys/kernel/random/uuid").unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

/// The sync server as its own process (built beside the app), killed when dropped.
pub(super) struct SyncServer {
    child: std::process::Child,
    pub(super) url: String,
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(super) const SETUP_TOKEN: &str = "e2e-setup-token";

const INTAKE_KEY: &str = "e2e-intake-key";

/// The server, with `extra` options (e.g. `--release-key`).
pub(super) fn start_sync_server(app: &Path, data_dir: &Path, extra: &[&str]) -> Result<SyncServer> {
    use std::io::BufRead;
    let binary = app.with_file_name("enlace-server");
    let mut child = Command::new(&binary)
        .args(["--listen", "127.0.0.1:0", "--setup-token", SETUP_TOKEN, "--intake-key", INTAKE_KEY, "--data-dir"])
        .arg(data_dir)
        .args(extra)
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

/// In Settings' sync panel (English), the demo's supervisor founds the server with the setup token
/// and waits until the first sync is done (`idle` is the phase's text).
pub(super) async fn connect_as_supervisor(client: &Client, server: &SyncServer, idle: &str) -> Result<()> {
    client.find(Locator::Css("[data-testid=sync-server-url]")).await?.send_keys(&server.url).await?;
    client.find(Locator::Css("[data-testid=sync-username]")).await?.send_keys(SUPERVISOR.0).await?;
    client.find(Locator::Css("[data-testid=sync-password]")).await?.send_keys(SUPERVISOR.1).await?;
    client.find(Locator::Css("[data-testid=sync-form] .button-small")).await?.click().await?;
    client.find(Locator::Css("[data-testid=sync-setup-token]")).await?.send_keys(SETUP_TOKEN).await?;
    client.find(Locator::Css("[data-testid=sync-connect]")).await?.click().await?;
    if let Err(error) = wait_for_text(client, "[data-testid=sync-phase]", idle).await {
        screenshot(client, "sync-failed.png").await?;
        let shown = text_of(client, "[data-testid=sync-panel]").await.unwrap_or_default();
        return Err(error.context(format!("the sync panel shows {shown:?}")));
    }
    Ok(())
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
    let server = start_sync_server(&app, server_data.path(), &[])?;
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
        connect_as_supervisor(&client, &server, &en("sync-phase-idle")).await?;
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
    let server = start_sync_server(&app, server_data.path(), &[])?;
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
