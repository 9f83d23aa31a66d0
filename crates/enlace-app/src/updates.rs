//! Updates come from the pharmacy's own server, the one this computer syncs
//! with (pharmacy networks often have no internet). This module says where
//! to ask and with what token, and reads what's new from the offer; the
//! window's shell checks, verifies the signature and installs with the
//! Tauri updater, only when the person agrees.

use enlace_sync_client::SyncConfig;
use serde::{Deserialize, Serialize};

use crate::{App, AppError};

/// Where this computer asks for updates. Its `Debug` hides the token.
#[derive(Clone)]
pub struct UpdateSource {
    /// The Tauri updater's endpoint template (`{{target}}`, `{{arch}}` and
    /// `{{current_version}}` filled in by the updater).
    pub endpoint: String,
    /// `Bearer` and this device's token: only approved devices are offered updates.
    pub authorization: String,
}

impl std::fmt::Debug for UpdateSource {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("UpdateSource").field("endpoint", &self.endpoint).finish_non_exhaustive()
    }
}

/// An update offered to this computer, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    /// What's new, in English and in Spanish; the window shows its interface language's.
    pub notes_en: String,
    pub notes_es: String,
}

#[derive(Deserialize)]
struct Notes {
    #[serde(rename = "en-US")]
    english: String,
    #[serde(rename = "es-US")]
    spanish: String,
}

impl UpdateOffer {
    /// The offer from the version and notes the server sent (both
    /// languages as a JSON object; plain text is shown in both).
    pub fn new(version: &str, notes: Option<&str>) -> Self {
        let notes = notes.unwrap_or_default();
        let (notes_en, notes_es) = match serde_json::from_str::<Notes>(notes) {
            Ok(parsed) => (parsed.english, parsed.spanish),
            Err(_) => (notes.to_owned(), notes.to_owned()),
        };
        Self { version: version.to_owned(), notes_en, notes_es }
    }
}

impl App {
    /// Where to ask for updates: the server this computer syncs with, with
    /// its device token; `None` before it joins one or while sync is paused.
    pub async fn update_source(&self) -> Result<Option<UpdateSource>, AppError> {
        let Some(config) = SyncConfig::load(self.store()).await? else { return Ok(None) };
        let server = config.server_url.trim_end_matches('/');
        Ok(Some(UpdateSource {
            endpoint: format!("{server}/v1/updates/latest/{{{{target}}}}-{{{{arch}}}}/{{{{current_version}}}}"),
            authorization: format!("Bearer {}", config.token.0),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_read_in_both_languages() {
        let offer = UpdateOffer::new("1.4.0", Some(r#"{"en-US":"Faster.","es-US":"Más rápido."}"#));
        assert_eq!((offer.notes_en.as_str(), offer.notes_es.as_str()), ("Faster.", "Más rápido."));
        let plain = UpdateOffer::new("1.4.0", Some("Faster."));
        assert_eq!((plain.notes_en.as_str(), plain.notes_es.as_str()), ("Faster.", "Faster."));
        assert_eq!(UpdateOffer::new("1.4.0", None).notes_en, "");
    }
}
