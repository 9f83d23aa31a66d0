//! Fluent localization for the Rust side of Enlace (headless commands, and
//! later call scripts rendered in the patient's language). It reads the same
//! `locales/<tag>/*.ftl` files the UI reads, embedded at compile time.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

pub use enlace_domain::Language;
pub use fluent_bundle::FluentValue;

/// The .ftl files of each locale, as (file name, text). The parity test
/// checks that this list names every file in `locales/`.
pub fn sources(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::English => &[
            ("app.ftl", include_str!("../../../locales/en-US/app.ftl")),
            ("cli.ftl", include_str!("../../../locales/en-US/cli.ftl")),
            ("desk.ftl", include_str!("../../../locales/en-US/desk.ftl")),
            ("enrollment.ftl", include_str!("../../../locales/en-US/enrollment.ftl")),
            ("errors.ftl", include_str!("../../../locales/en-US/errors.ftl")),
            ("sync.ftl", include_str!("../../../locales/en-US/sync.ftl")),
        ],
        Language::Spanish => &[
            ("app.ftl", include_str!("../../../locales/es-US/app.ftl")),
            ("cli.ftl", include_str!("../../../locales/es-US/cli.ftl")),
            ("desk.ftl", include_str!("../../../locales/es-US/desk.ftl")),
            ("enrollment.ftl", include_str!("../../../locales/es-US/enrollment.ftl")),
            ("errors.ftl", include_str!("../../../locales/es-US/errors.ftl")),
            ("sync.ftl", include_str!("../../../locales/es-US/sync.ftl")),
        ],
    }
}

/// A locale file that does not parse, or defines a message twice.
#[derive(Debug, thiserror::Error)]
#[error("locale {locale}: {file} is not valid Fluent")]
pub struct L10nError {
    pub locale: &'static str,
    pub file: &'static str,
}

/// Formats messages in either language.
pub struct Localizer {
    english: FluentBundle<FluentResource>,
    spanish: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Localizer")
    }
}

impl Localizer {
    /// Bundles for both languages from the embedded locale files.
    pub fn embedded() -> Result<Self, L10nError> {
        Ok(Self { english: bundle(Language::English)?, spanish: bundle(Language::Spanish)? })
    }

    /// The message `id` (or `id.attribute`) in `language`. A missing message
    /// renders as its id so the gap is visible rather than silent.
    pub fn format(&self, language: Language, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = match language {
            Language::English => &self.english,
            Language::Spanish => &self.spanish,
        };
        let (message_id, attribute) = match id.split_once('.') {
            Some((message, attribute)) => (message, Some(attribute)),
            None => (id, None),
        };
        let Some(message) = bundle.get_message(message_id) else {
            return id.to_owned();
        };
        let pattern = match attribute {
            Some(name) => message.get_attribute(name).map(|attribute| attribute.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
    }
}

fn bundle(language: Language) -> Result<FluentBundle<FluentResource>, L10nError> {
    let tag: LanguageIdentifier =
        language.tag().parse().map_err(|_| L10nError { locale: language.tag(), file: "-" })?;
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Output goes to terminals and plain text, not mixed-direction HTML.
    bundle.set_use_isolating(false);
    for (file, text) in sources(language) {
        let resource =
            FluentResource::try_new((*text).to_owned()).map_err(|_| L10nError { locale: language.tag(), file })?;
        bundle.add_resource(resource).map_err(|_| L10nError { locale: language.tag(), file })?;
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_plurals_variables_and_attributes_in_both_languages() {
        let l10n = Localizer::embedded().unwrap();
        let one = [("count", FluentValue::from(1))];
        let many = [("count", FluentValue::from(3))];
        assert_eq!(l10n.format(Language::English, "cli-status-patients", &one), "1 patient");
        assert_eq!(l10n.format(Language::English, "cli-status-patients", &many), "3 patients");
        assert_eq!(l10n.format(Language::Spanish, "cli-status-patients", &many), "3 pacientes");
        let command = [("command", FluentValue::from("xvfb-run -a enlace"))];
        assert!(l10n.format(Language::Spanish, "cli-no-display.hint", &command).ends_with("xvfb-run -a enlace"));
    }

    #[test]
    fn every_consent_text_version_is_in_both_languages_with_the_pharmacy_and_its_phone() {
        let l10n = Localizer::embedded().unwrap();
        let args = [("pharmacy", FluentValue::from("Farmacia Demo")), ("phone", FluentValue::from("(787) 555-0100"))];
        for version in enlace_domain::enrollment::CONSENT_TEXT_VERSIONS {
            for language in Language::ALL {
                let text = l10n.format(language, version, &args);
                assert!(text.contains("Farmacia Demo") && text.contains("(787) 555-0100"), "{language:?} {version}");
            }
        }
        assert!(enlace_domain::enrollment::CONSENT_TEXT_VERSIONS.contains(&enlace_domain::CONSENT_TEXT_VERSION));
    }

    #[test]
    fn every_field_error_reads_in_both_phrasings_and_languages() {
        let l10n = Localizer::embedded().unwrap();
        for error in enlace_domain::FieldError::ALL {
            let Ok(serde_json::Value::String(reason)) = serde_json::to_value(error) else { panic!("{error:?}") };
            for language in Language::ALL {
                for id in [format!("import-error-{reason}"), format!("field-error-{reason}")] {
                    assert_ne!(l10n.format(language, &id, &[]), id, "{language:?}");
                }
            }
        }
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        let l10n = Localizer::embedded().unwrap();
        assert_eq!(l10n.format(Language::English, "no-such-message", &[]), "no-such-message");
        assert_eq!(l10n.format(Language::English, "cli-failed.nope", &[]), "cli-failed.nope");
    }
}
