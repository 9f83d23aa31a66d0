//! Updates from the pharmacy's own server: a supervisor's release (signed with the release key the
//! app checks) is offered in the window with what's new in the interface language; an installer
//! altered on the server after it was published is refused by the app, which installs nothing.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::sync::{connect_as_supervisor, start_sync_server};
use super::*;

/// A release key (the app's and the server's public half; the secret half signs).
fn release_key() -> Result<(String, minisign::PublicKey, minisign::SecretKey)> {
    let minisign::KeyPair { pk, sk } = minisign::KeyPair::generate_unencrypted_keypair()?;
    Ok((STANDARD.encode(pk.to_box()?.into_string()), pk, sk))
}

/// As `tauri signer sign --app-version VERSION` signs an installer.
fn sign(pk: &minisign::PublicKey, sk: &minisign::SecretKey, installer: &[u8], version: &str) -> Result<String> {
    let comment = format!("timestamp:1796369140\tfile:enlace.deb\tversion:{version}");
    let signature = minisign::sign(Some(pk), sk, std::io::Cursor::new(installer), Some(&comment), None)?;
    Ok(STANDARD.encode(signature.into_string()))
}

/// The next major version after the app's own.
fn newer_version() -> String {
    let major: u64 = env!("CARGO_PKG_VERSION").split('.').next().and_then(|major| major.parse().ok()).unwrap_or(0);
    format!("{}.0.0", major + 1)
}

#[tokio::test]
async fn a_signed_release_is_offered_and_an_altered_installer_is_refused() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let l10n = Localizer::embedded()?;
    let (public, pk, sk) = release_key()?;
    let server_data = tempfile::tempdir()?;
    let server = start_sync_server(&app, server_data.path(), &["--release-key", &public])?;
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[("ENLACE_RELEASE_KEY", &public)])?;
    let client = open_app(port, &app, data.path()).await?;
    let version = newer_version();
    let result = async {
        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=sync-panel]")).await?;
        connect_as_supervisor(&client, &server, &l10n.format(Language::English, "sync-phase-idle", &[])).await?;

        // Nothing is published yet: up to date.
        client.find(Locator::Css("[data-testid=updates-check]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("[data-testid=updates-up-to-date]"))
            .await?;
        screenshots(&client, "update-0-up-to-date", Some("updates-panel")).await?;
        select_language(&client, Language::English).await?;

        // The supervisor publishes a release from another computer of hers.
        let http = reqwest::Client::new();
        let registered: serde_json::Value = http
            .post(format!("{}/v1/register", server.url))
            .json(&json!({ "username": SUPERVISOR.0, "password": SUPERVISOR.1,
                           "deviceId": "0191f9a8-0000-7000-8000-00000000beef", "deviceName": "release desk" }))
            .send()
            .await?
            .json()
            .await?;
        let token = registered["token"].as_str().context("a token")?.to_owned();
        let credential = registered["credential"].as_str().context("a credential")?.to_owned();
        let notes = json!({ "en-US": "The call list opens faster.", "es-US": "La lista de llamadas abre más rápido." });
        let published = http
            .put(format!("{}/v1/updates/{version}", server.url))
            .bearer_auth(&token)
            .header("x-enlace-user", &credential)
            .json(&notes)
            .send()
            .await?;
        ensure!(published.status().is_success(), "the notes: {}", published.status());
        let installer = b"synthetic installer for the e2e test".repeat(200);
        let uploaded = http
            .put(format!("{}/v1/updates/{version}/linux-x86_64", server.url))
            .bearer_auth(&token)
            .header("x-enlace-user", &credential)
            .header("x-enlace-update-signature", sign(&pk, &sk, &installer, &version)?)
            .body(installer.clone())
            .send()
            .await?;
        ensure!(uploaded.status().is_success(), "the installer: {}", uploaded.status());

        client.find(Locator::Css("[data-testid=updates-check]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("[data-testid=update-notice]")).await?;
        wait_for_text(&client, "[data-testid=update-notes]", "The call list opens faster.").await?;
        client.execute("window.scrollTo(0, 0)", vec![]).await?;
        screenshots(&client, "update-1-offered", None).await?;
        wait_for_text(&client, "[data-testid=update-notes]", "La lista de llamadas abre más rápido.").await?;

        // Someone alters the installer on the server after it was published: the app refuses it.
        let stored = server_data.path().join(format!("updates/{version}/linux-x86_64.bin"));
        let mut altered = std::fs::read(&stored)?;
        altered[10] ^= 0x01;
        std::fs::write(&stored, altered)?;
        client.find(Locator::Css("[data-testid=update-install]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=update-error]", "firma").await?;
        screenshots(&client, "update-2-refused", None).await?;
        wait_for_text_containing(&client, "[data-testid=update-error]", "firma").await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}
