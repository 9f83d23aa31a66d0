//! Patient search: what a patient can be found by, and how a typed query
//! becomes full-text search terms. Accents and case are the full-text
//! tokenizer's business (SQLite FTS5 `unicode61 remove_diacritics 2`); this
//! module decides which tokens exist: names, the pharmacy's id, phone digits
//! (whole, without the country code, the seven-digit local part and the last
//! four) and the date of birth as YYYYMMDD.

use chrono::NaiveDate;

use crate::Patient;

/// The text a patient is indexed by.
pub fn patient_search_text(patient: &Patient) -> String {
    let mut parts: Vec<String> = vec![patient.name.full()];
    if let Some(external_id) = &patient.external_id {
        parts.push(external_id.clone());
    }
    for phone in &patient.phones {
        let digits: String = phone.e164.chars().filter(char::is_ascii_digit).collect();
        parts.push(digits.clone());
        if let Some(national) = digits.strip_prefix('1').filter(|national| national.len() == 10) {
            parts.push(national.to_owned());
            parts.push(national[3..].to_owned());
            parts.push(national[6..].to_owned());
        }
    }
    parts.push(patient.date_of_birth.format("%Y%m%d").to_string());
    parts.join(" ")
}

/// The terms of a typed query, each to be matched as a token prefix; all
/// must match. A date typed as MM/DD/YYYY or YYYY-MM-DD becomes YYYYMMDD;
/// anything that is not a letter or digit separates terms, so "555-0100" is
/// "555" and "0100", and nothing typed can reach the full-text query syntax.
pub fn search_terms(query: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for word in query.split_whitespace() {
        if let Some(date) = parse_typed_date(word) {
            terms.push(date.format("%Y%m%d").to_string());
            continue;
        }
        terms.extend(word.split(|c: char| !c.is_alphanumeric()).filter(|piece| !piece.is_empty()).map(str::to_owned));
    }
    terms
}

/// A date as US staff type it (03/05/1948, 3/5/1948) or in ISO form.
pub fn parse_typed_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%m/%d/%Y").or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactConsents, EntityId, Language, PersonName, Phone, PhoneKind};

    fn patient() -> Patient {
        Patient {
            id: EntityId::nil(),
            name: PersonName {
                given: "María José".into(),
                middle: None,
                family: "Núñez".into(),
                second_family: Some("Peña".into()),
            },
            date_of_birth: NaiveDate::from_ymd_opt(1948, 3, 5).unwrap(),
            preferred_language: Language::Spanish,
            time_zone: None,
            time_zone_confirmed: true,
            phones: vec![Phone { kind: PhoneKind::Mobile, e164: "+17875550134".into() }],
            consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
            external_id: Some("P-00042".into()),
            zip: None,
            program: None,
            assigned_to: None,
            preferred_call_window: None,
            status: crate::PatientStatus::Active,
        }
    }

    #[test]
    fn a_patient_is_indexed_by_name_id_phone_and_birth_date() {
        let text = patient_search_text(&patient());
        for token in ["María", "José", "Núñez", "Peña", "P-00042", "17875550134", "7875550134", "5550134", "0134"]
        {
            assert!(text.contains(token), "{token} missing from {text}");
        }
        assert!(text.contains("19480305"));
    }

    #[test]
    fn queries_split_on_punctuation_and_dates_become_one_term() {
        assert_eq!(search_terms("  maria   jose "), ["maria", "jose"]);
        assert_eq!(search_terms("(787) 555-0134"), ["787", "555", "0134"]);
        assert_eq!(search_terms("03/05/1948"), ["19480305"]);
        assert_eq!(search_terms("1948-03-05"), ["19480305"]);
        assert_eq!(search_terms("nuñez \"OR* NEAR("), ["nuñez", "OR", "NEAR"]);
        assert!(search_terms(" - ").is_empty());
    }
}
