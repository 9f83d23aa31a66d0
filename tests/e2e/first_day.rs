//! A real pharmacy's first day from an empty data folder, and a large import with its progress and cancel.

use super::*;

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
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=import-refills-file]"))
            .await?;
        open_through_dialog(&client, "import-refills-file", &report).await?;
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
        // The phone rings: an imported patient's number, as the phone shows it, finds her record.
        client.find(Locator::Css("[data-testid=caller-open]")).await?.click().await?;
        let number = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=caller-number]"))
            .await?;
        number.send_keys(&format!("520.555.0131{}", Key::Enter)).await?;
        wait_for_text_containing(&client, "[data-testid=caller-match]", "James").await?;
        screenshot(&client, "first-day-5-caller-es-US.png").await?;
        number.send_keys(&Key::Escape.to_string()).await?;
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
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=import-refills-file]"))
            .await?;
        open_through_dialog(&client, "import-refills-file", &report).await?;
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
        open_through_dialog(&client, "import-refills-file", &report).await?;
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
