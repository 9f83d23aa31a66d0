//! The demo call list in both languages, calls worked by keyboard, the idle lock, and the supervisor's audit trail.

use super::*;

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
