//! A flagged call resolved on the supervisor's desk.

use super::*;

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
