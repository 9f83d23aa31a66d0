//! A Spanish enrollment typed, fixed, resumed, submitted and found; a caregiver added from the patient's page.

use super::*;

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
