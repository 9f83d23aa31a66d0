//! Personal names as Hispanic and Anglo patients carry them, and the folding
//! that lets "Nunez" find "Núñez".

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A patient's name: given and middle names, and up to two surnames
/// (María José Núñez Peña: given "María José", family "Núñez", second "Peña").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    pub given: String,
    pub middle: Option<String>,
    pub family: String,
    pub second_family: Option<String>,
}

impl PersonName {
    /// The name as it is spoken and shown: "María José Núñez Peña".
    pub fn full(&self) -> String {
        [Some(self.given.as_str()), self.middle.as_deref(), Some(self.family.as_str()), self.second_family.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Folded words of the whole name, for accent- and case-insensitive search.
    pub fn search_key(&self) -> String {
        fold_for_search(&self.full())
    }

    /// The key lists are sorted by: surnames first, folded, so "Álvarez"
    /// sorts among the A's and "Núñez" with "Nunez".
    pub fn sort_key(&self) -> String {
        let parts = [
            Some(self.family.as_str()),
            self.second_family.as_deref(),
            Some(self.given.as_str()),
            self.middle.as_deref(),
        ];
        fold_for_search(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
    }
}

/// Lowercases and strips diacritics so that "Núñez", "NUNEZ" and "nunez" compare equal.
/// "ñ" folds to "n": coordinators type on English keyboards, and a missed
/// match is worse than an extra one.
pub fn fold_for_search(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maria() -> PersonName {
        PersonName {
            given: "María José".into(),
            middle: None,
            family: "Núñez".into(),
            second_family: Some("Peña".into()),
        }
    }

    #[test]
    fn full_name_keeps_both_surnames_and_skips_missing_parts() {
        assert_eq!(maria().full(), "María José Núñez Peña");
        let anglo =
            PersonName { given: "John".into(), middle: Some("".into()), family: "Smith".into(), second_family: None };
        assert_eq!(anglo.full(), "John Smith");
    }

    #[test]
    fn sorting_puts_surnames_first_and_ignores_accents() {
        assert_eq!(maria().sort_key(), "nunez pena maria jose");
        let alvarez = PersonName { given: "Ana".into(), middle: None, family: "Álvarez".into(), second_family: None };
        let zamora = PersonName { given: "Ana".into(), middle: None, family: "Zamora".into(), second_family: None };
        assert!(alvarez.sort_key() < zamora.sort_key());
    }

    #[test]
    fn folding_ignores_accents_case_and_extra_spaces() {
        assert_eq!(fold_for_search("  NÚÑEZ   Peña "), "nunez pena");
        assert_eq!(fold_for_search("Nunez"), fold_for_search("núñez"));
        assert_eq!(maria().search_key(), "maria jose nunez pena");
        assert_eq!(fold_for_search("Ångström Çelik"), "angstrom celik");
    }
}
