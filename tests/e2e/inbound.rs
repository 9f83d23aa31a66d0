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
