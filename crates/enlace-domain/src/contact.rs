//! Correcting a patient's contact record from their page: the numbers to
//! call (in the order to call them), the language they are spoken to in,
//! their time zone, ZIP and the hours they asked to be called, whether
//! the pharmacy still serves them, and for an enrolled patient their
//! address and the person they authorize (and whether staff may discuss
//! their health with that person). What is typed is checked here, every
//! problem named by its field, and a checked form gives the corrected
//! patient; who may correct, and how it is written, is the app's and the
//! store's business.

use serde::{Deserialize, Serialize};

use crate::enrollment::{
    Address, Caregiver, CaregiverSection, EnrollmentProblem, FormProblem, PatientProfile, PhoneEntry, Problems,
};
use crate::field_rules::{self, FieldError};
use crate::zip_zone::zone_for_zip;
use crate::{CallingWindow, Language, Patient, PatientStatus, Phone};

/// A patient's contact record as the page shows it and sends it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactForm {
    /// In the order to call them: the first is the one dialed.
    pub phones: Vec<PhoneEntry>,
    pub preferred_language: Language,
    /// IANA zone; empty means the one the ZIP suggests (or the pharmacy's).
    pub time_zone: String,
    /// The zone was confirmed with the patient (it is not just the ZIP's suggestion).
    pub time_zone_confirmed: bool,
    /// Five digits or ZIP+4; may be empty.
    pub zip: String,
    /// "HH:MM", both empty when the patient asked for no particular hours.
    pub call_window_start: String,
    pub call_window_end: String,
    pub status: PatientStatus,
    /// What enrollment recorded of where the patient lives and whom they
    /// authorize; `None` for a patient who came from the refill report only.
    pub profile: Option<ProfileContactForm>,
}

/// An enrolled patient's address (its ZIP is the record's) and the person
/// they authorize, all empty when none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProfileContactForm {
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    /// Two letters (PR, AZ…).
    pub state: String,
    pub caregiver: CaregiverSection,
}

impl ProfileContactForm {
    pub fn of(profile: &PatientProfile) -> Self {
        let caregiver = profile.caregiver.as_ref();
        Self {
            address_line1: profile.address.line1.clone(),
            address_line2: profile.address.line2.clone(),
            city: profile.address.city.clone(),
            state: profile.address.state.clone(),
            caregiver: CaregiverSection {
                name: caregiver.map(|c| c.name.clone()).unwrap_or_default(),
                relationship: caregiver.map(|c| c.relationship.clone()).unwrap_or_default(),
                phone: caregiver.map(|c| c.phone.clone()).unwrap_or_default(),
                may_discuss_health: caregiver.is_some_and(|c| c.may_discuss_health),
            },
        }
    }
}

impl ContactForm {
    /// The form as `patient`'s record (and their enrollment profile, if any) fills it in.
    pub fn with_profile(patient: &Patient, profile: Option<&PatientProfile>) -> Self {
        Self { profile: profile.map(ProfileContactForm::of), ..Self::of(patient) }
    }

    /// The form as `patient`'s record fills it in, without a profile.
    pub fn of(patient: &Patient) -> Self {
        let clock = |time: chrono::NaiveTime| time.format("%H:%M").to_string();
        Self {
            phones: patient
                .phones
                .iter()
                .map(|phone| PhoneEntry { kind: phone.kind, number: phone.e164.clone() })
                .collect(),
            preferred_language: patient.preferred_language,
            time_zone: patient.time_zone.clone().unwrap_or_default(),
            time_zone_confirmed: patient.time_zone_confirmed,
            zip: patient.zip.clone().unwrap_or_default(),
            call_window_start: patient.preferred_call_window.map(|window| clock(window.start)).unwrap_or_default(),
            call_window_end: patient.preferred_call_window.map(|window| clock(window.end)).unwrap_or_default(),
            status: patient.status,
            profile: None,
        }
    }
}

/// A patient and their profile as a correction leaves them.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectedContact {
    pub patient: Patient,
    /// `None` when the patient has no profile to correct.
    pub profile: Option<PatientProfile>,
}

/// Checks `form` and returns `patient` as corrected by it, or every problem
/// at once, by field path (`phones.0.number`, `timeZone`, `callWindowEnd`…).
///
/// A patient the pharmacy still serves needs a number to call; one who died
/// or moved away keeps whatever numbers are on file. A zone left empty is the
/// ZIP's suggestion, else the pharmacy's (none on the record). Calling hours
/// are both given or both empty, and lie within 8:00–21:00 (the federal
/// limit): a wider request could never make a call legal.
pub fn correct_contact(patient: &Patient, form: &ContactForm) -> Result<Patient, Vec<FormProblem>> {
    correct_contact_and_profile(patient, None, form).map(|corrected| corrected.patient)
}

/// [`correct_contact`] for a patient with their enrollment `profile`: its
/// address (the ZIP is the record's) and authorized person are corrected in
/// the same pass, their problems under `profile.…`. A person named needs a
/// relationship and a number, as at enrollment; clearing the name removes
/// them (and whatever they were allowed to be told).
pub fn correct_contact_and_profile(
    patient: &Patient,
    profile: Option<&PatientProfile>,
    form: &ContactForm,
) -> Result<CorrectedContact, Vec<FormProblem>> {
    let mut problems = Problems::default();
    let mut phones = Vec::new();
    for (index, entry) in form.phones.iter().enumerate() {
        if let Some(e164) = problems.check(format!("phones.{index}.number"), field_rules::phone(&entry.number))
            && !phones.iter().any(|phone: &Phone| phone.e164 == e164)
        {
            phones.push(Phone { kind: entry.kind, e164 });
        }
    }
    if form.phones.is_empty() && form.status == PatientStatus::Active {
        problems.add("phones", EnrollmentProblem::NoPhone);
    }
    let zip = problems.optional("zip", &form.zip, field_rules::zip).map(str::to_owned);
    let typed_zone = problems.optional("timeZone", &form.time_zone, field_rules::time_zone);
    // Only a zone someone chose can be confirmed; the ZIP's stays a suggestion.
    let time_zone_confirmed = typed_zone.is_some() && form.time_zone_confirmed;
    let time_zone = typed_zone.or_else(|| zip.as_deref().and_then(zone_for_zip)).map(|zone| zone.name().to_owned());
    let window = calling_window(&mut problems, &form.call_window_start, &form.call_window_end);
    let profile = match (profile, &form.profile) {
        (Some(profile), Some(typed)) => Some(corrected_profile(&mut problems, profile, typed, zip.as_deref())),
        (profile, _) => profile.cloned(),
    };

    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    let patient = Patient {
        phones,
        preferred_language: form.preferred_language,
        time_zone,
        time_zone_confirmed,
        zip,
        preferred_call_window: window,
        status: form.status,
        ..patient.clone()
    };
    Ok(CorrectedContact { patient, profile })
}

fn corrected_profile(
    problems: &mut Problems,
    profile: &PatientProfile,
    form: &ProfileContactForm,
    zip: Option<&str>,
) -> PatientProfile {
    let state = problems.optional("profile.state", &form.state, field_rules::state).unwrap_or_default();
    let typed = &form.caregiver;
    let caregiver = if typed.name.trim().is_empty() {
        problems.optional("profile.caregiver.phone", &typed.phone, field_rules::phone);
        None
    } else {
        let relationship = problems.check("profile.caregiver.relationship", field_rules::required(&typed.relationship));
        let phone = problems.check("profile.caregiver.phone", field_rules::phone(&typed.phone));
        relationship.zip(phone).map(|(relationship, phone)| Caregiver {
            name: typed.name.trim().to_owned(),
            relationship: relationship.trim().to_owned(),
            phone,
            may_discuss_health: typed.may_discuss_health,
        })
    };
    PatientProfile {
        address: Address {
            line1: form.address_line1.trim().to_owned(),
            line2: form.address_line2.trim().to_owned(),
            city: form.city.trim().to_owned(),
            state,
            zip: zip.unwrap_or_default().to_owned(),
        },
        caregiver,
        ..profile.clone()
    }
}

fn calling_window(problems: &mut Problems, start: &str, end: &str) -> Option<CallingWindow> {
    let time = |text: &str| chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| FieldError::OutOfRange);
    match (start.trim().is_empty(), end.trim().is_empty()) {
        (true, true) => None,
        (false, true) => {
            problems.add("callWindowEnd", EnrollmentProblem::Field(FieldError::Missing));
            None
        }
        (true, false) => {
            problems.add("callWindowStart", EnrollmentProblem::Field(FieldError::Missing));
            None
        }
        (false, false) => {
            let start = problems.check("callWindowStart", time(start))?;
            let end = problems.check("callWindowEnd", time(end))?;
            let window = CallingWindow { start, end };
            if !window.is_lawful() {
                problems.add("callWindowEnd", EnrollmentProblem::Field(FieldError::OutOfRange));
                return None;
            }
            Some(window)
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::{ContactConsents, EntityId, PersonName, PhoneKind};

    fn patient() -> Patient {
        Patient {
            id: EntityId::nil(),
            name: PersonName { given: "Rosa".into(), middle: None, family: "Quintero".into(), second_family: None },
            date_of_birth: NaiveDate::from_ymd_opt(1951, 4, 9).unwrap(),
            preferred_language: Language::Spanish,
            time_zone: Some("America/New_York".into()),
            time_zone_confirmed: true,
            phones: vec![Phone { kind: PhoneKind::Home, e164: "+13055550120".into() }],
            consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
            external_id: Some("RX-1".into()),
            zip: Some("33101".into()),
            program: None,
            assigned_to: None,
            preferred_call_window: None,
            status: PatientStatus::Active,
        }
    }

    fn field_problems(result: Result<Patient, Vec<FormProblem>>) -> Vec<(String, EnrollmentProblem)> {
        result.unwrap_err().into_iter().map(|problem| (problem.field, problem.problem)).collect()
    }

    #[test]
    fn the_record_reads_back_unchanged() {
        let patient = patient();
        assert_eq!(correct_contact(&patient, &ContactForm::of(&patient)), Ok(patient));
    }

    #[test]
    fn typed_numbers_are_kept_in_e164_in_the_order_to_call_them() {
        let mut form = ContactForm::of(&patient());
        form.phones = vec![
            PhoneEntry { kind: PhoneKind::Mobile, number: "(786) 555-0199".into() },
            PhoneEntry { kind: PhoneKind::Home, number: "+13055550120".into() },
            PhoneEntry { kind: PhoneKind::Work, number: "786.555.0199".into() },
        ];
        form.preferred_language = Language::English;
        form.call_window_start = "10:00".into();
        form.call_window_end = "13:30".into();
        let corrected = correct_contact(&patient(), &form).unwrap();
        let numbers: Vec<&str> = corrected.phones.iter().map(|phone| phone.e164.as_str()).collect();
        assert_eq!(numbers, ["+17865550199", "+13055550120"], "a number listed twice is kept once");
        assert_eq!(corrected.primary_phone().unwrap().kind, PhoneKind::Mobile);
        assert_eq!(corrected.preferred_language, Language::English);
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(corrected.preferred_call_window, Some(CallingWindow { start: at(10, 0), end: at(13, 30) }));
        assert_eq!((corrected.name, corrected.consents), (patient().name, patient().consents), "nothing else moves");
    }

    #[test]
    fn an_empty_zone_follows_the_zip_and_a_typed_one_wins() {
        let zoneless = Patient { time_zone: None, ..patient() };
        let corrected = correct_contact(&zoneless, &ContactForm::of(&zoneless)).unwrap();
        assert_eq!(corrected.time_zone.as_deref(), Some("America/New_York"), "the ZIP's, once corrected");
        let mut form = ContactForm::of(&patient());
        form.time_zone = String::new();
        form.zip = "85004".into();
        let suggested = correct_contact(&patient(), &form).unwrap();
        assert_eq!(suggested.time_zone.as_deref(), Some("America/Phoenix"));
        assert!(!suggested.time_zone_confirmed, "the ZIP's zone is a suggestion");
        form.time_zone = "America/Denver".into();
        let chosen = correct_contact(&patient(), &form).unwrap();
        assert_eq!(chosen.time_zone.as_deref(), Some("America/Denver"));
        assert!(chosen.time_zone_confirmed, "confirmed with the patient");
        form.time_zone_confirmed = false;
        assert!(!correct_contact(&patient(), &form).unwrap().time_zone_confirmed);
        form.zip = String::new();
        form.time_zone = String::new();
        let none = correct_contact(&patient(), &form).unwrap();
        assert_eq!((none.zip, none.time_zone), (None, None), "the pharmacy's zone then applies");
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut form = ContactForm::of(&patient());
        form.phones = vec![
            PhoneEntry { kind: PhoneKind::Mobile, number: "555".into() },
            PhoneEntry { kind: PhoneKind::Home, number: "(305) 555-0120".into() },
        ];
        form.zip = "3310".into();
        form.time_zone = "Mars/Olympus".into();
        form.call_window_start = "07:00".into();
        form.call_window_end = "12:00".into();
        assert_eq!(
            field_problems(correct_contact(&patient(), &form)),
            [
                ("phones.0.number".to_owned(), EnrollmentProblem::Field(FieldError::InvalidPhone)),
                ("zip".to_owned(), EnrollmentProblem::Field(FieldError::InvalidZip)),
                ("timeZone".to_owned(), EnrollmentProblem::Field(FieldError::InvalidTimeZone)),
                ("callWindowEnd".to_owned(), EnrollmentProblem::Field(FieldError::OutOfRange)),
            ]
        );
    }

    #[test]
    fn calling_hours_are_both_given_inside_the_federal_limit_and_forwards() {
        let problems = |start: &str, end: &str| {
            let form = ContactForm {
                call_window_start: start.into(),
                call_window_end: end.into(),
                ..ContactForm::of(&patient())
            };
            correct_contact(&patient(), &form)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|p| p.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(problems("09:00", "17:00"), Vec::<String>::new());
        assert_eq!(problems("08:00", "21:00"), Vec::<String>::new());
        assert_eq!(problems("09:00", ""), ["callWindowEnd"]);
        assert_eq!(problems("", "17:00"), ["callWindowStart"]);
        assert_eq!(problems("17:00", "09:00"), ["callWindowEnd"]);
        assert_eq!(problems("09:00", "21:30"), ["callWindowEnd"]);
        assert_eq!(problems("noon", "17:00"), ["callWindowStart"]);
    }

    fn profile() -> PatientProfile {
        PatientProfile {
            patient_id: EntityId::nil(),
            sex: None,
            address: Address {
                line1: "12 Calle Sol".into(),
                line2: String::new(),
                city: "Miami".into(),
                state: "FL".into(),
                zip: "33101".into(),
            },
            email: None,
            interpreter_wanted: false,
            caregiver: None,
            primary_insurance: None,
            secondary_insurance: None,
            prescriber: crate::enrollment::Prescriber {
                name: "Dr. Test".into(),
                npi: "1234567893".into(),
                phone: None,
                fax: None,
            },
            allergies: Vec::new(),
            auto_refill: false,
            privacy_notice_acknowledged_at: chrono::DateTime::UNIX_EPOCH,
            enrolled_by: "ana".into(),
            enrolled_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn an_enrolled_patients_address_and_authorized_person_are_corrected_in_the_same_pass() {
        let (patient, profile) = (patient(), profile());
        let unchanged = ContactForm::with_profile(&patient, Some(&profile));
        let same = correct_contact_and_profile(&patient, Some(&profile), &unchanged).unwrap();
        assert_eq!((same.patient, same.profile), (patient.clone(), Some(profile.clone())));

        let mut form = unchanged.clone();
        form.zip = "85004".into();
        let typed = form.profile.as_mut().unwrap();
        typed.address_line1 = " 400 W Van Buren St ".into();
        typed.city = "Phoenix".into();
        typed.state = "az".into();
        typed.caregiver = CaregiverSection {
            name: "Lucía Quintero".into(),
            relationship: "hija".into(),
            phone: "(602) 555-0188".into(),
            may_discuss_health: true,
        };
        let corrected = correct_contact_and_profile(&patient, Some(&profile), &form).unwrap().profile.unwrap();
        assert_eq!(corrected.address.line1, "400 W Van Buren St");
        assert_eq!((corrected.address.state.as_str(), corrected.address.zip.as_str()), ("AZ", "85004"));
        let caregiver = corrected.caregiver.clone().unwrap();
        assert_eq!((caregiver.phone.as_str(), caregiver.may_discuss_health), ("+16025550188", true));
        assert_eq!(corrected.prescriber, profile.prescriber, "nothing else of the profile moves");

        // Clearing the name removes the person, and what they were allowed to be told.
        form.profile.as_mut().unwrap().caregiver.name = String::new();
        form.profile.as_mut().unwrap().caregiver.relationship = String::new();
        let removed = correct_contact_and_profile(&patient, Some(&corrected), &form).unwrap().profile.unwrap();
        assert_eq!(removed.caregiver, None);

        // A person named needs a relationship and a number; a state is two letters.
        let typed = form.profile.as_mut().unwrap();
        typed.caregiver.name = "Lucía".into();
        typed.caregiver.phone = "555".into();
        typed.state = "Arizona".into();
        let fields: Vec<String> = correct_contact_and_profile(&patient, Some(&profile), &form)
            .unwrap_err()
            .into_iter()
            .map(|problem| problem.field)
            .collect();
        assert_eq!(fields, ["profile.state", "profile.caregiver.relationship", "profile.caregiver.phone"]);

        // A patient with no profile keeps none, whatever the form says.
        let none = correct_contact_and_profile(&patient, None, &unchanged).unwrap();
        assert_eq!(none.profile, None);
    }

    #[test]
    fn only_a_patient_the_pharmacy_serves_needs_a_number() {
        let mut form = ContactForm::of(&patient());
        form.phones.clear();
        assert_eq!(
            field_problems(correct_contact(&patient(), &form)),
            [("phones".to_owned(), EnrollmentProblem::NoPhone)]
        );
        form.status = PatientStatus::Deceased;
        let deceased = correct_contact(&patient(), &form).unwrap();
        assert!(!deceased.is_active());
        assert!(deceased.phones.is_empty());
    }
}
