//! Enrolling a patient: the form as a coordinator fills it in (a draft may
//! be half-typed, so every typed value is text), the one check that turns a
//! form into the patient, prescriptions, profile and consent it creates —
//! or into every problem, by field — and the likely-duplicate rule.
//!
//! Field paths in problems follow the form's camelCase shape
//! (`patient.dateOfBirth`, `medications.1.daysSupply`), so the window shows
//! each problem next to its field.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::field_rules::{self, FieldError};
use crate::zip_zone::zone_for_zip;
use crate::{
    ContactConsents, EntityId, Language, Patient, PersonName, Phone, PhoneKind, Prescription, fold_for_search,
};

mod check;
mod duplicates;
mod form;
mod records;

pub use check::*;
pub use duplicates::*;
pub use form::*;
pub use records::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_reads_on_one_line_without_its_empty_parts() {
        let full = Address {
            line1: "12 Main St".into(),
            line2: " Apt 4 ".into(),
            city: "Springfield".into(),
            state: "IL".into(),
            zip: "62701".into(),
        };
        assert_eq!(full.one_line(), "12 Main St, Apt 4, Springfield, IL 62701");
        let sparse = Address { city: "Ponce".into(), zip: "00716".into(), ..Address::default() };
        assert_eq!(sparse.one_line(), "Ponce, 00716");
        assert_eq!(Address::default().one_line(), "");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn recorded(consents: ContactConsents) -> ConsentRecord {
        ConsentRecord {
            action: ConsentAction::Granted,
            recorded_by: "ana".into(),
            recorded_at: DateTime::parse_from_rfc3339("2026-12-01T15:00:00Z").unwrap().to_utc(),
            language: Language::Spanish,
            text_version: CONSENT_TEXT_VERSION.into(),
            consents,
        }
    }

    /// A complete, valid Spanish-speaking enrollment.
    fn filled() -> EnrollmentForm {
        let mut form = EnrollmentForm::blank(Language::Spanish);
        let patient = &mut form.patient;
        patient.given_name = "María José".into();
        patient.family_name = "Núñez".into();
        patient.second_family_name = "Peña".into();
        patient.date_of_birth = "1948-03-05".into();
        patient.zip = "00901".into();
        patient.phones[0].number = "(787) 555-0134".into();
        form.insurance.primary.plan_name = "Plan Salud".into();
        form.insurance.primary.member_id = "MS123".into();
        form.insurance.primary.bin = "610014".into();
        form.prescriber.name = "Dra. Elena Ríos".into();
        form.prescriber.npi = "1245319599".into();
        let medication = &mut form.medications[0];
        medication.drug = "Metformina".into();
        medication.strength = "500 mg".into();
        medication.days_supply = "30".into();
        medication.quantity = "60".into();
        medication.refills = "5".into();
        medication.last_fill_date = "2026-11-20".into();
        form.allergies.none_known = true;
        form.consents.calls = true;
        form.consents.privacy_notice_acknowledged = true;
        form.consents.verbal = Some(recorded(form.contact_consents()));
        form
    }

    fn problems_of(form: &EnrollmentForm) -> Vec<(String, EnrollmentProblem)> {
        match check_enrollment(form, today()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|problem| (problem.field, problem.problem)).collect(),
        }
    }

    fn field(field: &str, error: FieldError) -> (String, EnrollmentProblem) {
        (field.to_owned(), EnrollmentProblem::Field(error))
    }

    #[test]
    fn a_complete_form_yields_the_values_to_write() {
        let valid = check_enrollment(&filled(), today()).unwrap();
        assert_eq!(valid.name.full(), "María José Núñez Peña");
        assert_eq!(valid.date_of_birth, NaiveDate::from_ymd_opt(1948, 3, 5).unwrap());
        assert_eq!(valid.phones, [(PhoneKind::Mobile, "+17875550134".to_owned())]);
        assert_eq!(valid.time_zone.as_deref(), Some("America/Puerto_Rico"), "suggested by the ZIP");
        assert_eq!(valid.medications[0].days_supply, 30);
        assert!(valid.allergies.is_empty());
        assert_eq!(valid.consent.unwrap().language, Language::Spanish);
    }

    #[test]
    fn a_state_is_its_two_letter_code_or_left_empty() {
        let mut form = filled();
        form.patient.state = "pr".into();
        assert!(check_enrollment(&form, today()).is_ok());
        form.patient.state = "Puerto Rico".into();
        assert_eq!(problems_of(&form), [field("patient.state", FieldError::InvalidState)]);
        form.patient.state = String::new();
        assert!(check_enrollment(&form, today()).is_ok());
    }

    #[test]
    fn a_blank_form_names_every_required_field() {
        let problems = problems_of(&EnrollmentForm::blank(Language::English));
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "patient.givenName",
                "patient.familyName",
                "patient.dateOfBirth",
                "patient.zip",
                "patient.phones.0.number",
                "insurance.primary.planName",
                "insurance.primary.memberId",
                "insurance.primary.bin",
                "prescriber.name",
                "prescriber.npi",
                "medications.0.drug",
                "medications.0.strength",
                "medications.0.daysSupply",
                "medications.0.quantity",
                "medications.0.refills",
                "medications.0.lastFillDate",
                "allergies",
                "consents.privacyNoticeAcknowledged",
            ]
        );
        assert!(problems.iter().take(5).all(|(_, problem)| *problem == EnrollmentProblem::Field(FieldError::Missing)));
    }

    #[test]
    fn each_bad_value_is_reported_at_its_field() {
        let mut form = filled();
        form.patient.date_of_birth = "2027-01-01".into();
        form.patient.zip = "0090".into();
        form.patient.phones.push(PhoneEntry { kind: PhoneKind::Home, number: "555-0134".into() });
        form.patient.email = "maria@".into();
        form.insurance.primary.bin = "61001".into();
        form.prescriber.npi = "1245319598".into();
        form.medications[0].days_supply = "0".into();
        form.medications[0].last_fill_date = "12/31/2026".into();
        assert_eq!(
            problems_of(&form),
            [
                field("patient.dateOfBirth", FieldError::FutureDate),
                field("patient.zip", FieldError::InvalidZip),
                field("patient.phones.1.number", FieldError::InvalidPhone),
                field("patient.email", FieldError::InvalidEmail),
                field("insurance.primary.bin", FieldError::InvalidBin),
                field("prescriber.npi", FieldError::InvalidNpi),
                field("medications.0.daysSupply", FieldError::OutOfRange),
                field("medications.0.lastFillDate", FieldError::FutureDate),
            ]
        );
    }

    #[test]
    fn uninsured_patients_skip_the_plan_and_a_secondary_plan_is_checked_when_present() {
        let mut form = filled();
        form.insurance.primary = EnrollmentForm::blank(Language::English).insurance.primary;
        form.insurance.uninsured = true;
        assert!(problems_of(&form).is_empty());
        let mut form = filled();
        form.insurance.has_secondary = true;
        form.insurance.secondary.plan_name = "Medicare D".into();
        form.insurance.secondary.member_id = "1EG4".into();
        form.insurance.secondary.bin = "0042".into();
        assert_eq!(problems_of(&form), [field("insurance.secondary.bin", FieldError::InvalidBin)]);
    }

    #[test]
    fn a_named_caregiver_needs_a_relationship_and_a_phone() {
        let mut form = filled();
        form.caregiver.name = "Rosa Peña".into();
        assert_eq!(
            problems_of(&form),
            [field("caregiver.relationship", FieldError::Missing), field("caregiver.phone", FieldError::Missing)]
        );
        form.caregiver.relationship = "hija".into();
        form.caregiver.phone = "787 555 0199".into();
        assert_eq!(check_enrollment(&form, today()).unwrap().caregiver_phone.as_deref(), Some("+17875550199"));
    }

    #[test]
    fn allergies_are_listed_or_none_known_never_both_or_neither() {
        let mut form = filled();
        form.allergies.allergies = "Penicilina\n\n  Sulfa ".into();
        assert_eq!(problems_of(&form), [("allergies".to_owned(), EnrollmentProblem::AllergiesContradict)]);
        form.allergies.none_known = false;
        assert_eq!(check_enrollment(&form, today()).unwrap().allergies, ["Penicilina", "Sulfa"]);
        form.allergies.allergies = " ".into();
        assert_eq!(problems_of(&form), [("allergies".to_owned(), EnrollmentProblem::AllergiesUnanswered)]);
    }

    #[test]
    fn consents_need_the_verbal_record_for_exactly_the_channels_granted() {
        let mut form = filled();
        form.consents.verbal = None;
        assert_eq!(problems_of(&form), [("consents.verbal".to_owned(), EnrollmentProblem::VerbalConsentMissing)]);
        form.consents.verbal = Some(recorded(form.contact_consents()));
        form.consents.voicemail_detail = true;
        assert_eq!(problems_of(&form), [("consents.verbal".to_owned(), EnrollmentProblem::VerbalConsentOutdated)]);
        form.consents.calls = false;
        form.consents.verbal = Some(recorded(form.contact_consents()));
        assert_eq!(
            problems_of(&form),
            [("consents.voicemailDetail".to_owned(), EnrollmentProblem::VoicemailWithoutCalls)]
        );
        let mut form = filled();
        form.patient.phones[0].kind = PhoneKind::Home;
        form.consents.texts = true;
        form.consents.verbal = Some(recorded(form.contact_consents()));
        assert_eq!(problems_of(&form), [("consents.texts".to_owned(), EnrollmentProblem::TextsWithoutMobile)]);
        // Consenting to nothing needs no verbal record, and none is kept.
        let mut form = filled();
        form.consents.calls = false;
        form.consents.verbal = None;
        assert_eq!(check_enrollment(&form, today()).unwrap().consent, None);
        let mut form = filled();
        form.consents.privacy_notice_acknowledged = false;
        assert_eq!(
            problems_of(&form),
            [("consents.privacyNoticeAcknowledged".to_owned(), EnrollmentProblem::PrivacyNoticeNotAcknowledged)]
        );
    }

    #[test]
    fn a_new_patient_gets_new_records_and_the_same_patient_keeps_theirs() {
        let form = filled();
        let valid = check_enrollment(&form, today()).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-12-01T16:00:00Z").unwrap().to_utc();
        let mut next = 0u128;
        let ids = || {
            next += 1;
            EntityId::from_u128(next)
        };
        let context = EnrollmentContext { enrolled_by: "ana", now, existing: None };
        let created = enrollment_records(&valid, &form, context, ids);
        assert_eq!(created.patient.id, EntityId::from_u128(1));
        assert_eq!(created.patient.assigned_to.as_deref(), Some("ana"));
        assert_eq!(created.patient.time_zone.as_deref(), Some("America/Puerto_Rico"));
        assert!(created.patient.consents.calls);
        assert_eq!(created.prescriptions.len(), 1);
        assert_eq!(created.prescriptions[0].prescriber_npi.as_deref(), Some("1245319599"));
        assert_eq!(created.profile.primary_insurance.as_ref().unwrap().bin, "610014");
        assert_eq!(created.profile.enrolled_at, now);

        let mut known = created.patient.clone();
        known.id = EntityId::from_u128(70);
        known.external_id = Some("P-70".into());
        known.assigned_to = Some("carmen".into());
        let mut metformin = created.prescriptions[0].clone();
        metformin.id = EntityId::from_u128(71);
        metformin.drug = "METFORMINA".into();
        let other = Prescription { id: EntityId::from_u128(72), drug: "Lisinopril".into(), ..metformin.clone() };
        let prescriptions = [metformin, other];
        let context = EnrollmentContext { enrolled_by: "ana", now, existing: Some((&known, &prescriptions)) };
        let updated = enrollment_records(&valid, &form, context, || EntityId::from_u128(99));
        assert_eq!(updated.patient.id, known.id);
        assert_eq!(updated.patient.external_id.as_deref(), Some("P-70"));
        assert_eq!(updated.patient.assigned_to.as_deref(), Some("carmen"));
        assert_eq!(updated.prescriptions.len(), 1);
        assert_eq!(updated.prescriptions[0].id, EntityId::from_u128(71), "the same drug is refilled, not added");
        assert_eq!(updated.prescriptions[0].patient_id, known.id);
    }

    fn name(given: &str, family: &str, second: Option<&str>) -> PersonName {
        PersonName { given: given.into(), middle: None, family: family.into(), second_family: second.map(Into::into) }
    }

    #[test]
    fn duplicates_match_accents_case_and_surname_order_on_the_same_birth_date() {
        let born = NaiveDate::from_ymd_opt(1948, 3, 5).unwrap();
        let maria = name("María José", "Núñez", Some("Peña"));
        for same in [
            name("MARIA JOSE", "NUNEZ", Some("PENA")),
            name("Maria", "Peña", Some("Núñez")),
            name("maría josé", "Núñez", None),
            name("María José", "Nunez Pena", None),
        ] {
            assert!(likely_same_person(&maria, born, &same, born), "{same:?}");
            assert!(likely_same_person(&same, born, &maria, born), "{same:?} (either way)");
        }
        assert!(!likely_same_person(&maria, born, &maria, born.succ_opt().unwrap()), "another birth date");
        assert!(!likely_same_person(&maria, born, &name("Rosa", "Núñez", Some("Peña")), born), "a sister");
        assert!(!likely_same_person(&maria, born, &name("María", "Núñez", Some("Ortiz")), born), "another surname");
        let ids = likely_duplicates(
            &maria,
            born,
            [
                (EntityId::from_u128(1), &name("Maria", "Nunez", None), born),
                (EntityId::from_u128(2), &name("Mario", "Nunez", None), born),
            ],
        );
        assert_eq!(ids, [EntityId::from_u128(1)]);
    }
}
