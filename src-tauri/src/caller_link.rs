//! The screen-pop link: a softphone or a phone system's click-to-open calls
//! `enlace://call?from=+13055550134` (the operating system hands it to Enlace through the deep-link
//! plugin, to the window already open if there is one); the window then looks the caller up as if
//! the coordinator had typed the number. The number waits here until a signed-in window takes it.

use std::sync::Mutex;

use tauri::{Emitter, Manager, Url};

/// The event that tells the window a caller's number arrived (its payload is empty: the window
/// takes the number with the `take_caller_link` command, so a link that came before the window
/// listened is not lost).
pub const CALLER_LINK_EVENT: &str = "caller-link";

/// The last caller's number a link brought, until the window takes it.
#[derive(Debug, Default)]
pub struct CallerLink(Mutex<Option<String>>);

impl CallerLink {
    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut number| number.take())
    }

    fn put(&self, number: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(number);
        }
    }
}

/// The caller's number in an `enlace://call?from=…` link, as given (the lookup reads any format);
/// `None` for any other link.
pub fn caller_number_in(link: &Url) -> Option<String> {
    if link.scheme() != "enlace" || link.host_str() != Some("call") {
        return None;
    }
    // A phone system writes `from=+13055550134` unescaped: its "+" is the number's, not a space.
    let mut link = link.clone();
    let query = link.query().map(|query| query.replace('+', "%2B"));
    link.set_query(query.as_deref());
    link.query_pairs()
        .find(|(name, _)| name == "from")
        .map(|(_, number)| number.trim().to_owned())
        .filter(|number| !number.is_empty() && number.len() <= 64)
}

/// Keeps the number of the first caller link among `links`, tells the window, and brings it forward.
pub fn receive(app: &tauri::AppHandle, links: &[Url]) {
    let Some(number) = links.iter().find_map(caller_number_in) else { return };
    app.state::<CallerLink>().put(number);
    let _ = app.emit(CALLER_LINK_EVENT, ());
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(link: &str) -> Option<String> {
        caller_number_in(&link.parse().unwrap())
    }

    #[test]
    fn a_call_link_gives_its_callers_number_as_sent() {
        assert_eq!(number("enlace://call?from=+13055550134").as_deref(), Some("+13055550134"));
        assert_eq!(number("enlace://call?from=%2B13055550134").as_deref(), Some("+13055550134"));
        assert_eq!(number("enlace://call?line=2&from=305.555.0134").as_deref(), Some("305.555.0134"));
        assert_eq!(number("enlace://call?from=+52%2055%201234%205678").as_deref(), Some("+52 55 1234 5678"));
        assert_eq!(number("enlace://call/?from=(305)%20555-0134").as_deref(), Some("(305) 555-0134"));
    }

    #[test]
    fn other_links_and_empty_numbers_give_nothing() {
        assert_eq!(number("enlace://call"), None);
        assert_eq!(number("enlace://call?from="), None);
        assert_eq!(number("enlace://patient?from=+13055550134"), None);
        assert_eq!(number("https://call?from=+13055550134"), None);
        assert_eq!(number(&format!("enlace://call?from={}", "1".repeat(65))), None);
    }
}
