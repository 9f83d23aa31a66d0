//! Recovery: the recovery key on a pharmacy set up from nothing (the supervisor writes it down; the
//! keyring loses the store's key; the key typed back opens the store; the backup's passphrase
//! refused in the window), and the crash notice.

use enlace_store::KeyStore;

use super::*;

#[tokio::test]
async fn a_lost_keyring_entry_is_recovered_with_the_key_the_supervisor_wrote_down() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app_with(port, &app, &[json!("--data-dir"), json!(data.path())]).await?;
    let result = async {
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=first-run]")).await?;
        select_language(&client, Language::English).await?;
        let name = client.find(Locator::Css("[data-testid=first-run] input")).await?;
        name.send_keys(&format!("Rita Synthetic{}rita{}recover-me-safely-1{}", Key::Tab, Key::Tab, Key::Enter)).await?;
        client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("[data-testid=pharmacy-setup-form]"))
            .await?;
        // No key is offered before the pharmacy exists.
        ensure!(client.find(Locator::Css("[data-testid=recovery-banner]")).await.is_err());
        retype(&client, "[data-testid=pharmacy-name]", "Synthetic Recovery Pharmacy").await?;
        retype(&client, "[data-testid=pharmacy-phone]", "(520) 555-0142").await?;
        client.find(Locator::Css("[data-testid=pharmacy-time-zone]")).await?.select_by_value("America/Phoenix").await?;
        client.find(Locator::Css("[data-testid=pharmacy-save]")).await?.click().await?;
        wait_until_ready(&client).await?;

        let show_key = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=recovery-show]"))
            .await?;
        screenshots(&client, "recovery-1-banner", None).await?;
        show_key.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=recovery-groups]"))
            .await?;
        let groups: Vec<String> = {
            let mut groups = Vec::new();
            for item in client.find_all(Locator::Css("[data-testid=recovery-groups] code")).await? {
                groups.push(item.text().await?);
            }
            groups
        };
        ensure!(groups.len() == 14 && groups.iter().all(|group| group.len() == 4), "the key shown: {groups:?}");
        screenshots(&client, "recovery-2-key", Some("recovery-key")).await?;

        // A wrong last group is refused in the interface language; the right one, in lower case, confirms.
        let confirm = client.find(Locator::Css("[data-testid=recovery-confirm-input]")).await?;
        confirm.send_keys(&format!("ZZZZ{}", Key::Enter)).await?;
        wait_for_text_containing(&client, "[data-testid=recovery-key]", "último grupo").await?;
        screenshots(&client, "recovery-3-wrong-group", Some("recovery-key")).await?;
        retype(&client, "[data-testid=recovery-confirm-input]", &groups[13].to_lowercase()).await?;
        client.find(Locator::Css("[data-testid=recovery-confirm]")).await?.click().await?;
        let gone = async {
            for _ in 0..50 {
                if client.find(Locator::Css("[data-testid=recovery-key], [data-testid=recovery-banner]")).await.is_err()
                {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            bail!("the recovery key is still offered after it was confirmed")
        };
        gone.await?;
        anyhow::Ok(groups)
    }
    .await;
    client.close().await?;
    let groups = result?;

    // The keyring loses the store's key: the window says so and offers the recovery key.
    let database = data.path().join("enlace.db");
    let keys = enlace_store::OsKeyring::for_database(&database)?;
    keyring::Entry::new(enlace_store::OsKeyring::SERVICE, keys.account())?.delete_credential()?;
    let before = std::fs::read(&database)?;
    let client = open_app_with(port, &app, &[json!("--data-dir"), json!(data.path())]).await?;
    let result = async {
        client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=recover-form]")).await?;
        screenshots(&client, "recovery-4-key-lost", Some("recover-form")).await?;
        // Another computer's key is refused, and the file stays as it was.
        let field = client.find(Locator::Css("[data-testid=recover-key]")).await?;
        field.send_keys("ABCD EFGH").await?;
        client.find(Locator::Css("[data-testid=recover-submit]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=recover-form]", "56").await?;
        ensure!(std::fs::read(&database)? == before, "a refused key changed the store");
        // As written on paper: groups separated by spaces, in lower case.
        retype(&client, "[data-testid=recover-key]", &groups.join(" ").to_lowercase()).await?;
        client.find(Locator::Css("[data-testid=recover-submit]")).await?.click().await?;
        sign_in(&client, ("rita", "recover-me-safely-1")).await?;
        wait_until_ready(&client).await?;
        wait_for_text(&client, ".pharmacy-name", "Synthetic Recovery Pharmacy").await?;
        ensure!(
            client.find(Locator::Css("[data-testid=recovery-banner]")).await.is_err(),
            "a confirmed key is not offered again"
        );

        // The supervisor's backup: a passphrase too short, then two that differ, are refused in
        // the interface language before any save dialog opens.
        select_language(&client, Language::Spanish).await?;
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        let passphrase = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=backup-passphrase]"))
            .await?;
        passphrase.send_keys("corta").await?;
        client.find(Locator::Css("[data-testid=backup-confirmation]")).await?.send_keys("corta").await?;
        client.find(Locator::Css("[data-testid=backup-save]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=backup-panel] [role=alert]", "12").await?;
        retype(&client, "[data-testid=backup-passphrase]", "botica del pueblo, martes").await?;
        retype(&client, "[data-testid=backup-confirmation]", "botica del pueblo, miercoles").await?;
        client.find(Locator::Css("[data-testid=backup-save]")).await?.click().await?;
        wait_for_text_containing(&client, "[data-testid=backup-panel] [role=alert]", "coinciden").await?;
        screenshots(&client, "backup-1-passphrases-differ", Some("backup-panel")).await?;
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result?;
    ensure!(keys.load()?.is_some(), "the key is back in the keyring");
    Ok(())
}

/// After a crash (its report in the logs folder), the next start says so once, in the interface
/// language, and offers the folder; dismissed, it is not shown again.
#[tokio::test]
async fn a_crash_is_reported_once_at_the_next_start() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let logs = data.path().join("logs");
    std::fs::create_dir_all(&logs)?;
    std::fs::write(logs.join("crash-20261203T101500.000Z.txt"), "Enlace 0.1.0 stopped unexpectedly.\n")?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=crash-notice]")).await?;
        screenshots(&client, "crash-notice", None).await?;
        wait_for_text_containing(&client, "[data-testid=crash-notice]", "inesperadamente").await?;
        let dismiss = client.find(Locator::Css("[data-testid=crash-notice] .button-secondary")).await?;
        dismiss.click().await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(client.find(Locator::Css("[data-testid=crash-notice]")).await.is_err(), "dismissed, it goes away");
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure!(client.find(Locator::Css("[data-testid=crash-notice]")).await.is_err(), "offered once only");
        anyhow::Ok(())
    }
    .await;
    client.close().await?;
    result
}
