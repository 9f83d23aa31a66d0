//! Matching a request from the pharmacy's website to a patient. The form
//! asks for a name (one free-text field), a date of birth and, optionally,
//! the patient's number at the pharmacy. A request is matched when exactly
//! one patient fits: the number, or the date of birth and a name that
//! contains the patient's first given name and surname, accents and case
//! aside ("Maria Nunez" is María Núñez Peña). Two patients fitting is no
//! match: a coordinator decides.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{EntityId, PersonName, fold_for_search};

/// What the details of a request point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", tag = "kind", content = "patientId")]
pub enum RequestMatch {
    Matched(EntityId),
    /// Several patients fit; a coordinator picks.
    Ambiguous,
    Unmatched,
}

/// One patient a request may be about.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: EntityId,
    pub external_id: Option<&'a str>,
    pub name: &'a PersonName,
    pub date_of_birth: NaiveDate,
}

/// Whether the free-text `name` and `born` of a request fit `patient`.
pub fn request_names_patient(name: &str, born: NaiveDate, patient: &PersonName, patient_born: NaiveDate) -> bool {
    if born != patient_born {
        return false;
    }
    let words: Vec<String> = fold_for_search(name).split(' ').map(str::to_owned).collect();
    let first_word = |text: &str| fold_for_search(text).split(' ').next().map(str::to_owned).unwrap_or_default();
    let given = first_word(&patient.given);
    let family: Vec<String> = fold_for_search(&patient.family).split(' ').map(str::to_owned).collect();
    !given.is_empty() && words.contains(&given) && family.iter().all(|word| !word.is_empty() && words.contains(word))
}

/// The patient a request is about, from its reference (the pharmacy's
/// number, or Enlace's id) or its name and date of birth.
pub fn match_request<'a>(
    patient_ref: Option<&str>,
    name: &str,
    born: Option<NaiveDate>,
    candidates: impl IntoIterator<Item = Candidate<'a>> + Clone,
) -> RequestMatch {
    let one = |fitting: Vec<EntityId>| match fitting.as_slice() {
        [] => RequestMatch::Unmatched,
        [only] => RequestMatch::Matched(*only),
        _ => RequestMatch::Ambiguous,
    };
    if let Some(reference) = patient_ref.map(str::trim).filter(|reference| !reference.is_empty()) {
        let by_reference: Vec<EntityId> = candidates
            .clone()
            .into_iter()
            .filter(|candidate| {
                candidate.external_id.is_some_and(|id| id.eq_ignore_ascii_case(reference))
                    || candidate.id.hyphenated().to_string().eq_ignore_ascii_case(reference)
            })
            .map(|candidate| candidate.id)
            .collect();
        if !by_reference.is_empty() {
            return one(by_reference);
        }
    }
    let Some(born) = born else { return RequestMatch::Unmatched };
    one(candidates
        .into_iter()
        .filter(|candidate| request_names_patient(name, born, candidate.name, candidate.date_of_birth))
        .map(|candidate| candidate.id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(given: &str, family: &str, second: Option<&str>) -> PersonName {
        PersonName { given: given.into(), middle: None, family: family.into(), second_family: second.map(Into::into) }
    }

    fn born(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_name_matches_without_accents_in_any_case_and_with_extra_words() {
        let maria = name("María José", "Núñez", Some("Peña"));
        assert!(request_names_patient("maria nunez", born(1958, 3, 2), &maria, born(1958, 3, 2)));
        assert!(request_names_patient("MARÍA J. NÚÑEZ PEÑA", born(1958, 3, 2), &maria, born(1958, 3, 2)));
        assert!(!request_names_patient("Maria Nunez", born(1958, 3, 3), &maria, born(1958, 3, 2)), "another birthday");
        assert!(!request_names_patient("Jose Nunez", born(1958, 3, 2), &maria, born(1958, 3, 2)), "not her first name");
        assert!(
            !request_names_patient("Maria Pena", born(1958, 3, 2), &maria, born(1958, 3, 2)),
            "first surname missing"
        );
    }

    #[test]
    fn a_reference_wins_and_two_fitting_patients_are_no_match() {
        let maria = name("María", "Núñez", None);
        let twin = name("Maria", "Nunez", Some("Soto"));
        let a = EntityId::from_u128(1);
        let b = EntityId::from_u128(2);
        let day = born(1958, 3, 2);
        let candidates = [
            Candidate { id: a, external_id: Some("RX-1001"), name: &maria, date_of_birth: day },
            Candidate { id: b, external_id: None, name: &twin, date_of_birth: day },
        ];
        assert_eq!(match_request(Some(" rx-1001 "), "Maria Nunez", Some(day), candidates), RequestMatch::Matched(a));
        assert_eq!(match_request(None, "Maria Nunez", Some(day), candidates), RequestMatch::Ambiguous);
        assert_eq!(match_request(None, "Maria Nunez Soto", Some(day), candidates), RequestMatch::Ambiguous);
        assert_eq!(match_request(None, "Maria Nunez", Some(day), vec![candidates[0]]), RequestMatch::Matched(a));
        assert_eq!(match_request(None, "Maria Nunez", None, candidates), RequestMatch::Unmatched, "no birthday given");
        assert_eq!(match_request(Some("RX-9"), "Pedro Ruiz", Some(day), candidates), RequestMatch::Unmatched);
    }
}
