//! The one check that turns a form into the values it creates, or into every
//! problem, by field path.

use super::*;

/// What is wrong with a form, beyond a single value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case", tag = "kind", content = "reason")]
pub enum EnrollmentProblem {
    /// A value that breaks its rule (see [`field_rules`]).
    Field(FieldError),
    /// At least one phone number is needed.
    NoPhone,
    /// At least one medication is needed.
    NoMedication,
    /// Allergies listed, or "none known" ticked; not neither, not both.
    AllergiesUnanswered,
    AllergiesContradict,
    /// The privacy notice must be acknowledged.
    PrivacyNoticeNotAcknowledged,
    /// Consent to some channel is marked but the patient's verbal consent is not recorded.
    VerbalConsentMissing,
    /// The channels changed after the verbal consent was recorded: read and record it again.
    VerbalConsentOutdated,
    /// A voicemail with medication details needs consent to calls.
    VoicemailWithoutCalls,
    /// Texts need a mobile number.
    TextsWithoutMobile,
}

/// One problem and the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FormProblem {
    pub field: String,
    pub problem: EnrollmentProblem,
}

/// A checked form: the values the store writes, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEnrollment {
    pub name: PersonName,
    pub date_of_birth: NaiveDate,
    pub zip: String,
    /// The typed zone, else the ZIP's; `None` leaves the pharmacy's.
    pub time_zone: Option<String>,
    /// Whether the zone was typed (confirmed), not suggested by the ZIP.
    pub time_zone_typed: bool,
    /// (kind, E.164).
    pub phones: Vec<(PhoneKind, String)>,
    pub email: Option<String>,
    pub caregiver_phone: Option<String>,
    pub prescriber_npi: String,
    pub prescriber_phone: Option<String>,
    pub prescriber_fax: Option<String>,
    pub medications: Vec<ValidMedication>,
    /// One entry per listed allergy; empty when none are known.
    pub allergies: Vec<String>,
    pub consent: Option<ConsentRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidMedication {
    pub drug: String,
    pub strength: String,
    pub directions: String,
    pub days_supply: u32,
    pub quantity: f64,
    pub refills: u32,
    pub last_fill_date: NaiveDate,
    pub critical: bool,
}

/// Collects problems by field path while the form is read.
#[derive(Default)]
pub(crate) struct Problems(pub(crate) Vec<FormProblem>);

impl Problems {
    pub(crate) fn add(&mut self, field: impl Into<String>, problem: EnrollmentProblem) {
        self.0.push(FormProblem { field: field.into(), problem });
    }

    /// The value, or `None` with the field's problem noted.
    pub(crate) fn check<T>(&mut self, field: impl Into<String>, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.add(field, EnrollmentProblem::Field(error))).ok()
    }

    /// Like [`Problems::check`] for a field that may be left empty.
    pub(crate) fn optional<'a, T>(
        &mut self,
        field: impl Into<String>,
        text: &'a str,
        rule: impl FnOnce(&'a str) -> Result<T, FieldError>,
    ) -> Option<T> {
        self.check(field, field_rules::optional(text, rule)).flatten()
    }
}

/// Checks the whole form as of `today` and returns the values to write, or
/// every problem at once, in the form's order.
pub fn check_enrollment(form: &EnrollmentForm, today: NaiveDate) -> Result<ValidEnrollment, Vec<FormProblem>> {
    let mut problems = Problems::default();
    let patient = &form.patient;

    problems.check("patient.givenName", field_rules::required(&patient.given_name));
    problems.check("patient.familyName", field_rules::required(&patient.family_name));
    let date_of_birth = problems.check(
        "patient.dateOfBirth",
        field_rules::date(&patient.date_of_birth).and_then(|date| field_rules::birth_date(date, today)),
    );
    let zip = problems.check("patient.zip", field_rules::zip(&patient.zip)).map(str::to_owned);
    problems.optional("patient.state", &patient.state, field_rules::state);
    let typed_zone = problems.optional("patient.timeZone", &patient.time_zone, field_rules::time_zone);
    let time_zone_typed = typed_zone.is_some();
    let time_zone = typed_zone.or_else(|| zip.as_deref().and_then(zone_for_zip)).map(|zone| zone.name().to_owned());
    let mut phones = Vec::new();
    for (index, entry) in patient.phones.iter().enumerate() {
        if let Some(number) =
            problems.check(format!("patient.phones.{index}.number"), field_rules::phone(&entry.number))
        {
            phones.push((entry.kind, number));
        }
    }
    if patient.phones.is_empty() {
        problems.add("patient.phones", EnrollmentProblem::NoPhone);
    }
    let email = problems.optional("patient.email", &patient.email, field_rules::email).map(str::to_owned);

    let caregiver = &form.caregiver;
    let caregiver_named = !caregiver.name.trim().is_empty();
    let caregiver_phone = if caregiver_named {
        problems.check("caregiver.relationship", field_rules::required(&caregiver.relationship));
        problems.check("caregiver.phone", field_rules::phone(&caregiver.phone))
    } else {
        problems.optional("caregiver.phone", &caregiver.phone, field_rules::phone)
    };

    let insurance = &form.insurance;
    if !insurance.uninsured {
        check_plan(&mut problems, "insurance.primary", &insurance.primary);
        if insurance.has_secondary {
            check_plan(&mut problems, "insurance.secondary", &insurance.secondary);
        }
    }

    let prescriber = &form.prescriber;
    problems.check("prescriber.name", field_rules::required(&prescriber.name));
    let prescriber_npi = problems.check("prescriber.npi", field_rules::npi(&prescriber.npi)).map(str::to_owned);
    let prescriber_phone = problems.optional("prescriber.phone", &prescriber.phone, field_rules::phone);
    let prescriber_fax = problems.optional("prescriber.fax", &prescriber.fax, field_rules::phone);

    let mut medications = Vec::new();
    for (index, entry) in form.medications.iter().enumerate() {
        if let Some(medication) = check_medication(&mut problems, index, entry, today) {
            medications.push(medication);
        }
    }
    if form.medications.is_empty() {
        problems.add("medications", EnrollmentProblem::NoMedication);
    }

    let allergies: Vec<String> =
        form.allergies.allergies.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect();
    match (form.allergies.none_known, allergies.is_empty()) {
        (false, true) => problems.add("allergies", EnrollmentProblem::AllergiesUnanswered),
        (true, false) => problems.add("allergies", EnrollmentProblem::AllergiesContradict),
        _ => {}
    }

    let consents = &form.consents;
    if !consents.privacy_notice_acknowledged {
        problems.add("consents.privacyNoticeAcknowledged", EnrollmentProblem::PrivacyNoticeNotAcknowledged);
    }
    if consents.voicemail_detail && !consents.calls {
        problems.add("consents.voicemailDetail", EnrollmentProblem::VoicemailWithoutCalls);
    }
    if consents.texts && !patient.phones.iter().any(|phone| phone.kind == PhoneKind::Mobile) {
        problems.add("consents.texts", EnrollmentProblem::TextsWithoutMobile);
    }
    let granted = form.contact_consents();
    let any_granted = granted.calls || granted.texts || granted.voicemail_detail;
    match &consents.verbal {
        None if any_granted => problems.add("consents.verbal", EnrollmentProblem::VerbalConsentMissing),
        Some(record) if record.consents != granted => {
            problems.add("consents.verbal", EnrollmentProblem::VerbalConsentOutdated);
        }
        _ => {}
    }

    match (date_of_birth, zip, prescriber_npi) {
        (Some(date_of_birth), Some(zip), Some(prescriber_npi)) if problems.0.is_empty() => Ok(ValidEnrollment {
            name: form.person_name(),
            date_of_birth,
            zip,
            time_zone,
            time_zone_typed,
            phones,
            email,
            caregiver_phone,
            prescriber_npi,
            prescriber_phone,
            prescriber_fax,
            medications,
            allergies,
            consent: consents.verbal.clone().filter(|_| any_granted),
        }),
        _ => Err(problems.0),
    }
}

fn check_plan(problems: &mut Problems, path: &str, plan: &InsurancePlan) {
    problems.check(format!("{path}.planName"), field_rules::required(&plan.plan_name));
    problems.check(format!("{path}.memberId"), field_rules::required(&plan.member_id));
    problems.check(format!("{path}.bin"), field_rules::bin(&plan.bin));
}

fn check_medication(
    problems: &mut Problems,
    index: usize,
    entry: &MedicationEntry,
    today: NaiveDate,
) -> Option<ValidMedication> {
    let path = |field: &str| format!("medications.{index}.{field}");
    let drug = problems.check(path("drug"), field_rules::required(&entry.drug));
    let strength = problems.check(path("strength"), field_rules::required(&entry.strength));
    let days_supply = problems.check(path("daysSupply"), field_rules::days_supply(&entry.days_supply));
    let quantity = problems.check(path("quantity"), field_rules::quantity(&entry.quantity));
    let refills = problems.check(path("refills"), field_rules::refills(&entry.refills));
    let last_fill_date = problems.check(
        path("lastFillDate"),
        field_rules::date(&entry.last_fill_date).and_then(|date| field_rules::fill_date(date, today)),
    );
    Some(ValidMedication {
        drug: drug?.to_owned(),
        strength: strength?.to_owned(),
        directions: entry.directions.trim().to_owned(),
        days_supply: days_supply?,
        quantity: quantity?,
        refills: refills?,
        last_fill_date: last_fill_date?,
        critical: entry.critical,
    })
}
