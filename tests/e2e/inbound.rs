//! The caller on the line: Alt+C, the number as the phone shows it, and the patient's record opens.

use super::*;

#[tokio::test]
async fn a_callers_number_typed_any_way_opens_their_record() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        let name = coordinator_opens_the_first_patient(&client).await?;
        let link = client.find(Locator::Css("a.phone-link")).await?.attr("href").await?.unwrap_or_default();
        let digits: String = link.chars().filter(char::is_ascii_digit).collect();
        let national = digits.strip_prefix('1').filter(|national| national.len() == 10).context("a US number")?;
        // As a phone's display shows it: 305.555.0134.
        let dotted = format!("{}.{}.{}", &national[..3], &national[3..6], &national[6..]);
        client.find(Locator::Css("[data-testid=page-title]")).await?.send_keys(&Key::Escape.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-list-row]")).await?;

        // The phone rings: one key. The lookup is modal (the language switcher waits behind it), so
        // each language is its own ring.
        for language in [Language::English, Language::Spanish] {
            select_language(&client, language).await?;
            let main = client.find(Locator::Css("#main")).await?;
            main.send_keys(&format!("{}c{}", Key::Alt, Key::Null)).await?;
            let number = client
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("[data-testid=caller-number]"))
                .await?;
            number.send_keys(&format!("{dotted}{}", Key::Enter)).await?;
            let first = client
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("[data-testid=caller-match]"))
                .await?;
            let shown = first.text().await?;
            ensure!(shown.contains(&name), "the match {shown:?} is {name}");
            screenshot(&client, &format!("caller-on-the-line-{}.png", language.tag())).await?;

            // A number no one has.
            retype(&client, "[data-testid=caller-number]", "(212) 555-0100").await?;
            client.find(Locator::Css("[data-testid=caller-number]")).await?.send_keys(&Key::Enter.to_string()).await?;
            wait_for_text_containing(&client, "[data-testid=caller-summary]", "212").await?;
            ensure!(
                client.find_all(Locator::Css("[data-testid=caller-match]")).await?.is_empty(),
                "no record has an unknown number"
            );
            screenshot(&client, &format!("caller-unknown-{}.png", language.tag())).await?;
            // Esc closes it, and the window is the list's again.
            client.find(Locator::Css("[data-testid=caller-number]")).await?.send_keys(&Key::Escape.to_string()).await?;
            let deadline = Instant::now() + Duration::from_secs(10);
            while !client.find_all(Locator::Css("[data-testid=caller-lookup]")).await?.is_empty() {
                ensure!(Instant::now() < deadline, "Esc closes the lookup");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }

        client.find(Locator::Css("[data-testid=caller-open]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=caller-number]")).await?;
        // No one has the number: an enrollment starts with it.
        retype(&client, "[data-testid=caller-number]", "(212) 555-0100").await?;
        client.find(Locator::Css("[data-testid=caller-number]")).await?.send_keys(&Key::Enter.to_string()).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=caller-enroll]"))
            .await?
            .click()
            .await?;
        let phone = Locator::Css("[data-testid=enroll-patient-phones-0-number]");
        let phone = client.wait().at_most(Duration::from_secs(10)).for_element(phone).await?;
        let typed = phone.prop("value").await?.unwrap_or_default();
        ensure!(
            typed.contains("212") && typed.contains("0100"),
            "the new enrollment has the caller's number: {typed:?}"
        );
        screenshot(&client, "caller-enroll-es-US.png").await?;
        client.find(Locator::Css("[data-testid=caller-open]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=caller-number]")).await?;

        // The caller's record, opened from the keyboard.
        retype(&client, "[data-testid=caller-number]", &dotted).await?;
        client.find(Locator::Css("[data-testid=caller-number]")).await?.send_keys(&Key::Enter.to_string()).await?;
        let first = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=caller-match]"))
            .await?;
        first.send_keys(&Key::Enter.to_string()).await?;
        wait_for_text(&client, "[data-testid=page-title]", &name).await?;
        ensure!(
            client.find_all(Locator::Css("[data-testid=caller-lookup]")).await?.is_empty(),
            "the lookup closes when the record opens"
        );
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "caller-failed.png").await;
    }
    client.close().await?;
    result
}

/// A softphone's screen-pop: the system opens `enlace://call?from=…` with Enlace, which (already
/// running on the computer's own store) passes it to the open window; the window looks the caller up.
#[tokio::test]
async fn a_phone_systems_link_pops_the_caller_in_the_running_window() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    // The computer's own store (no --data-dir: one window per store), in a folder of this test's.
    let data_home = tempfile::tempdir()?;
    let data_home_var = data_home.path().display().to_string();
    let (_driver, port) = start_driver(&[("XDG_DATA_HOME", &data_home_var)])?;
    let client = open_app_with(port, &app, &[json!("--demo")]).await?;
    let result = async {
        let name = coordinator_opens_the_first_patient(&client).await?;
        let link = client.find(Locator::Css("a.phone-link")).await?.attr("href").await?.unwrap_or_default();
        let number = link.strip_prefix("tel:").context("a tel: link")?.to_owned();
        client.find(Locator::Css("[data-testid=page-title]")).await?.send_keys(&Key::Escape.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-list-row]")).await?;

        // As xdg-open does for a registered scheme: a second start with the link, which hands it on and ends.
        let second = Command::new(&app)
            .arg(format!("enlace://call?from={}", number.replace('+', "%2B")))
            .env("XDG_DATA_HOME", &data_home_var)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let second_ended = tokio::task::spawn_blocking(move || {
            let mut second = second;
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Some(status) = second.try_wait()? {
                    return anyhow::Ok(status);
                }
                if Instant::now() > deadline {
                    let _ = second.kill();
                    bail!("the second start did not hand the link on and end");
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let first = client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css("[data-testid=caller-match]"))
            .await?;
        let shown = first.text().await?;
        ensure!(shown.contains(&name), "the link pops {name}: {shown:?}");
        screenshot(&client, "caller-link-en-US.png").await?;
        let status = second_ended.await??;
        ensure!(status.success(), "the second start ended with {status}");
        // The number is taken once: the lookup closed, it does not come back by itself.
        client.find(Locator::Css("[data-testid=caller-number]")).await?.send_keys(&Key::Escape.to_string()).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure!(client.find_all(Locator::Css("[data-testid=caller-lookup]")).await?.is_empty(), "the lookup closed");
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "caller-link-failed.png").await;
    }
    client.close().await?;
    result
}

/// Sets a form field's value as typing would (React hears the input event): WebKit's date and
/// time inputs take no typed keys through WebDriver.
async fn set_field(client: &Client, css: &str, value: &str) -> Result<()> {
    let field = client.find(Locator::Css(css)).await?;
    client
        .execute(
            "const [field, value] = arguments; \
             Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(field, value); \
             field.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&field)?, json!(value)],
        )
        .await?;
    Ok(())
}

/// A Spanish-speaking patient calls in: the coordinator presses Alt+C and types the number as the
/// phone shows it (305.555.0134 style); the record opens with the inbound-call panel, identity
/// first; the refill is confirmed (which resolves the reminder) and a follow-up task is set for
/// tomorrow at 5 pm on the patient's clock, for the pharmacist. On the pharmacist's own laptop,
/// joined to the pharmacy's server, the task is in "My tasks" once it has synced.
#[tokio::test]
async fn an_inbound_call_confirms_the_refill_and_its_task_reaches_the_colleague_after_a_sync() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let l10n = Localizer::embedded()?;
    let en = |id: &str| l10n.format(Language::English, id, &[]);
    let server_data = tempfile::tempdir()?;
    let server = sync::start_sync_server(&app, server_data.path(), &[])?;
    let office = tempfile::tempdir()?;
    let laptop = tempfile::tempdir()?;
    let (_office_driver, office_port) = start_driver(&[])?;
    let client = open_app(office_port, &app, office.path()).await?;
    let mut pharmacist_window: Option<Client> = None;
    let result = async {
        // The supervisor connects the pharmacy to its server.
        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=sync-panel]")).await?;
        sync::connect_as_supervisor(&client, &server, &en("sync-phase-idle")).await?;
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;

        // The coordinator; a Spanish-speaking patient's number, as a phone shows it.
        sign_in(&client, COORDINATOR).await?;
        wait_until_ready(&client).await?;
        select_language(&client, Language::English).await?;
        client.find(Locator::Css("[data-testid=filter-language]")).await?.select_by_value("es-US").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let row = client.find(Locator::Css("[data-testid=call-list-row]")).await?;
        row.send_keys(&Key::Enter.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("a.phone-link")).await?;
        let name = text_of(&client, "[data-testid=page-title]").await?;
        let link = client.find(Locator::Css("a.phone-link")).await?.attr("href").await?.unwrap_or_default();
        let digits: String = link.chars().filter(char::is_ascii_digit).collect();
        let national = digits.strip_prefix('1').filter(|national| national.len() == 10).context("a US number")?;
        let dotted = format!("{}.{}.{}", &national[..3], &national[3..6], &national[6..]);
        client.find(Locator::Css("[data-testid=page-title]")).await?.send_keys(&Key::Escape.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-list-row]")).await?;

        // The phone rings.
        let main = client.find(Locator::Css("#main")).await?;
        main.send_keys(&format!("{}c{}", Key::Alt, Key::Null)).await?;
        let number = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=caller-number]"))
            .await?;
        number.send_keys(&format!("{dotted}{}", Key::Enter)).await?;
        let first = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=caller-match]"))
            .await?;
        first.send_keys(&Key::Enter.to_string()).await?;
        wait_for_text(&client, "[data-testid=page-title]", &name).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=inbound-call-panel]"))
            .await?;
        ensure!(
            client.find_all(Locator::Css("[data-testid=script-medications]")).await?.is_empty(),
            "no medication before the caller is verified"
        );
        screenshot(&client, "inbound-call-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        screenshot(&client, "inbound-call-es-US.png").await?;
        let script = text_of(&client, "[data-testid=call-script]").await?;
        ensure!(script.contains("Gracias por llamar"), "the script speaks the patient's Spanish: {script:?}");
        select_language(&client, Language::English).await?;

        // Identity first, then the outcome by number key, saved with Ctrl+Enter.
        client.find(Locator::Css("[data-testid=verify-name]")).await?.click().await?;
        let dob = client.find(Locator::Css("[data-testid=verify-dob]")).await?;
        dob.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=script-medications]"))
            .await?;
        dob.send_keys("1").await?;
        client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("[data-testid=refill-date]")).await?;
        dob.send_keys(&format!("{}{}{}", Key::Control, Key::Enter, Key::Null)).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-saved]")).await?;
        wait_for_text(&client, "[data-testid=next-attempt]", &en("call-next-resolved")).await?;

        // A follow-up for tomorrow, 5 pm the patient's time, for the pharmacist.
        client.find(Locator::Css("[data-testid=call-add-task]")).await?.click().await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=task-form]")).await?;
        client.find(Locator::Css("[data-testid=task-reason]")).await?.select_by_value("delivery").await?;
        set_field(&client, "[data-testid=task-due-time]", "17:00").await?;
        let assignee = client.find(Locator::Css("[data-testid=task-assignee]")).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while assignee.find_all(Locator::Css("option[value='user:luis']")).await?.is_empty() {
            ensure!(Instant::now() < deadline, "the pharmacist is not offered");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assignee.select_by_value("user:luis").await?;
        client.find(Locator::Css("[data-testid=task-notes]")).await?.send_keys("Confirmar la hora de entrega.").await?;
        client.find(Locator::Css("[data-testid=task-save]")).await?.click().await?;
        let theirs = wait_for_text_containing(&client, "[data-testid=task-due-theirs]", "5:00").await?;
        ensure!(theirs.contains("PM"), "due at 5 pm the patient's time: {theirs:?}");
        let task = client.find(Locator::Css("[data-testid=task-item]")).await?;
        client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&task)?]).await?;
        screenshot(&client, "inbound-task-en-US.png").await?;
        select_language(&client, Language::Spanish).await?;
        screenshot(&client, "inbound-task-es-US.png").await?;

        // The renewal asked of the prescriber's office by fax, logged on the same page.
        client.find(Locator::Css("[data-testid=patient-log-contact]")).await?.click().await?;
        let form = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=log-contact-form]"))
            .await?;
        client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&form)?]).await?;
        screenshot(&client, "log-contact-es-US.png").await?;
        select_language(&client, Language::English).await?;
        screenshot(&client, "log-contact-en-US.png").await?;
        client.find(Locator::Css("[data-testid=contact-notes]")).await?.send_keys("Renewal request faxed.").await?;
        client.find(Locator::Css("[data-testid=contact-save]")).await?.click().await?;
        // Saved, it offers its own follow-up; the history shows the fax to the prescriber's office.
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=task-form]")).await?;
        let history = wait_for_text_containing(&client, "[aria-labelledby=patient-history-title]", "Fax").await?;
        ensure!(history.contains("Prescriber"), "the fax is logged with whom: {history:?}");

        // The pharmacist's own laptop joins the server and waits for the supervisor's approval.
        let (laptop_driver, laptop_port) = start_driver(&[])?;
        let laptop_window = open_app_with(laptop_port, &app, &[json!("--data-dir"), json!(laptop.path())]).await?;
        let window = pharmacist_window.insert(laptop_window);
        select_language(window, Language::English).await?;
        window
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("[data-testid=join-open]"))
            .await?
            .click()
            .await?;
        let fields =
            window.find(Locator::Css("[data-testid=join-server]")).await?.find_all(Locator::Css("input")).await?;
        ensure!(fields.len() >= 3, "the join form has {} fields", fields.len());
        fields[0].send_keys(&server.url).await?;
        fields[1].send_keys(PHARMACIST.0).await?;
        fields[2].send_keys(PHARMACIST.1).await?;
        window.find(Locator::Css("[data-testid=join-submit]")).await?.click().await?;
        window.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("[data-testid=join-waiting]")).await?;

        // The supervisor approves it from the office computer.
        client.find(Locator::Css("[data-testid=sign-out]")).await?.click().await?;
        sign_in(&client, SUPERVISOR).await?;
        wait_until_ready(&client).await?;
        client.find(Locator::Css("[data-testid=nav-settings]")).await?.click().await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=sync-devices-open]"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=sync-device-approve]"))
            .await?
            .send_keys(&Key::Enter.to_string())
            .await?;

        // On the desk, the supervisor sees the tasks more than a day overdue (the demo has one).
        // Alt+6, as the settings page is scrolled away from the sidebar's top.
        client.find(Locator::Css("#main")).await?.send_keys(&format!("{}6{}", Key::Alt, Key::Null)).await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=desk-tab-tasks]"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=desk-task-list] [data-testid=task-overdue]"))
            .await?;
        screenshots(&client, "desk-overdue-tasks", None).await?;

        // The pharmacy arrives on the laptop; the pharmacist finds the task in "My tasks".
        window.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css("[data-testid=sign-in]")).await?;
        sign_in(window, PHARMACIST).await?;
        window.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("[data-testid=signed-in]")).await?;
        select_language(window, Language::English).await?;
        window.find(Locator::Css("[data-testid=nav-tasks]")).await?.click().await?;
        let mine = wait_for_text_containing(window, "[data-testid=my-tasks]", &name).await?;
        ensure!(mine.contains("5:00 PM"), "the task keeps its patient-time due: {mine:?}");
        screenshot(window, "my-tasks-after-sync-en-US.png").await?;
        select_language(window, Language::Spanish).await?;
        wait_for_text_containing(window, "[data-testid=my-tasks]", "Entrega").await?;
        screenshot(window, "my-tasks-after-sync-es-US.png").await?;
        drop(laptop_driver);
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "inbound-task-failed.png").await;
        if let Some(window) = &pharmacist_window {
            let _ = screenshot(window, "inbound-task-laptop-failed.png").await;
        }
    }
    if let Some(window) = pharmacist_window {
        let _ = window.close().await;
    }
    client.close().await?;
    result
}
