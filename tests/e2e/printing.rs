//! Paper: the patient page and the call list as the print styles lay them out. WebKitWebDriver has
//! no Print Page command and the webview's print dialog does not open under automation, so the
//! page's own `@media print` rules are applied to the screen and the result is checked (the window's
//! chrome and controls gone, the record's content there) and photographed in both languages.

use super::*;

/// Applies every `@media print` rule of the page to the screen, as printing would; returns how
/// many rules there were.
const SHOW_PRINT_LAYOUT: &str = r#"
const rules = [];
for (const sheet of document.styleSheets) {
  for (const rule of sheet.cssRules) {
    if (rule instanceof CSSMediaRule && rule.media.mediaText.includes("print")) {
      for (const inner of rule.cssRules) rules.push(inner.cssText);
    }
  }
}
const style = document.createElement("style");
style.id = "print-layout";
style.textContent = rules.join("\n");
document.head.appendChild(style);
return rules.length;
"#;

const HIDE_PRINT_LAYOUT: &str = r#"document.getElementById("print-layout")?.remove(); return null;"#;

/// What printing would leave visible of `selectors`: each one's `display` is not `none` and it has a box.
const VISIBLE: &str = r#"
return arguments[0].map((selector) => {
  const element = document.querySelector(selector);
  return element !== null && getComputedStyle(element).display !== "none" && element.getClientRects().length > 0;
});
"#;

/// What a printed patient page must show: whose record it is, their details, their prescriptions.
const PATIENT_CONTENT: [&str; 3] =
    ["[data-testid=page-title]", "[aria-labelledby=patient-details-title]", "[aria-labelledby=patient-rx-title]"];
const CALL_LIST_CONTENT: [&str; 2] = ["[data-testid=page-title]", "[data-testid=call-list-row]"];

async fn visible(client: &Client, selectors: &[&str]) -> Result<Vec<bool>> {
    let shown = client.execute(VISIBLE, vec![json!(selectors)]).await?;
    Ok(serde_json::from_value(shown)?)
}

/// Shows the print layout, checks that `content` prints and the chrome does not, photographs it.
async fn photograph_print_layout(client: &Client, name: &str, content: &[&str]) -> Result<()> {
    let rules = client.execute(SHOW_PRINT_LAYOUT, vec![]).await?;
    ensure!(rules.as_u64().unwrap_or_default() > 10, "the page has its print rules: {rules}");
    let chrome = visible(client, &[".sidebar", ".topbar", "button"]).await?;
    ensure!(chrome == [false, false, false], "the window's chrome and buttons do not print: {chrome:?}");
    let page = visible(client, content).await?;
    ensure!(page.iter().all(|shown| *shown), "the page's content prints: {content:?} {page:?}");
    screenshot(client, name).await?;
    client.execute(HIDE_PRINT_LAYOUT, vec![]).await?;
    Ok(())
}

#[tokio::test]
async fn the_patient_page_and_the_call_list_print_without_the_windows_chrome() -> Result<()> {
    let app = PathBuf::from(session_var("ENLACE_E2E_APP"));
    let data = tempfile::tempdir()?;
    let (_driver, port) = start_driver(&[])?;
    let client = open_app(port, &app, data.path()).await?;
    let result = async {
        coordinator_opens_the_first_patient(&client).await?;
        for language in [Language::English, Language::Spanish] {
            select_language(&client, language).await?;
            let name = format!("print-patient-{}.png", language.tag());
            photograph_print_layout(&client, &name, &PATIENT_CONTENT).await?;
        }
        client.find(Locator::Css("[data-testid=page-title]")).await?.send_keys(&Key::Escape.to_string()).await?;
        client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("[data-testid=call-list-row]")).await?;
        photograph_print_layout(&client, "print-call-list-es-US.png", &CALL_LIST_CONTENT).await?;
        anyhow::Ok(())
    }
    .await;
    if result.is_err() {
        let _ = screenshot(&client, "print-failed.png").await;
    }
    client.close().await?;
    result
}
