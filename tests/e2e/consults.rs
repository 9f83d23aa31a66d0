//! A Spanish consult from the coordinator to the pharmacist and back, scheduled.

use super::*;

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
