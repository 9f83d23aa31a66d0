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

/// The Fluent message id of the consent text a coordinator reads aloud now.
/// A changed text gets a new version (a new message); old ones stay, so a
/// recorded consent always names the exact words that were read.
pub const CONSENT_TEXT_VERSION: &str = "consent-text-v1";

/// Every consent text version ever used, oldest first.
pub const CONSENT_TEXT_VERSIONS: &[&str] = &[CONSENT_TEXT_VERSION];

/// The whole enrollment form. A new draft is [`EnrollmentForm::blank`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentForm {
    pub patient: PatientSection,
    pub caregiver: CaregiverSection,
    pub insurance: InsuranceSection,
    pub prescriber: PrescriberSection,
    pub medications: Vec<MedicationEntry>,
    pub allergies: AllergySection,
    pub consents: ConsentSection,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PatientSection {
    pub given_name: String,
    pub middle_name: String,
    pub family_name: String,
    pub second_family_name: String,
    /// YYYY-MM-DD or MM/DD/YYYY.
    pub date_of_birth: String,
    pub sex: Option<Sex>,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    /// Two-letter state or territory code.
    pub state: String,
    pub zip: String,
    /// IANA zone; empty means the one the ZIP suggests (or the pharmacy's).
    pub time_zone: String,
    pub phones: Vec<PhoneEntry>,
    pub email: String,
    pub preferred_language: Language,
    pub interpreter_wanted: bool,
    /// The pharmacy program enrolled in ("Med Sync", "Specialty"…).
    pub program: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Female,
    Male,
    /// Another sex, or intersex.
    Other,
    NotStated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PhoneEntry {
    pub kind: PhoneKind,
    pub number: String,
}

/// A caregiver or other person the patient authorizes; all empty when none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CaregiverSection {
    pub name: String,
    pub relationship: String,
    pub phone: String,
    /// The patient allows staff to discuss their health with this person.
    pub may_discuss_health: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InsuranceSection {
    /// Pays cash: no plan is asked for.
    pub uninsured: bool,
    pub primary: InsurancePlan,
    pub has_secondary: bool,
    pub secondary: InsurancePlan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InsurancePlan {
    pub plan_name: String,
    pub member_id: String,
    pub group_number: String,
    pub bin: String,
    pub pcn: String,
    pub cardholder_relationship: CardholderRelationship,
}

/// The patient's relationship to the plan's cardholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum CardholderRelationship {
    #[serde(rename = "self")]
    Cardholder,
    Spouse,
    Child,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PrescriberSection {
    pub name: String,
    pub npi: String,
    pub phone: String,
    pub fax: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MedicationEntry {
    pub drug: String,
    pub strength: String,
    pub directions: String,
    pub days_supply: String,
    pub quantity: String,
    pub refills: String,
    /// YYYY-MM-DD or MM/DD/YYYY.
    pub last_fill_date: String,
    /// Specialty, transplant, HIV or oncology therapy.
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AllergySection {
    pub none_known: bool,
    /// One allergy per line.
    pub allergies: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConsentSection {
    pub calls: bool,
    pub texts: bool,
    /// A voicemail may name medications; otherwise it says only who called.
    pub voicemail_detail: bool,
    pub privacy_notice_acknowledged: bool,
    pub auto_refill: bool,
    /// Set by the app (never typed) when the coordinator records that the
    /// patient agreed after hearing the consent text.
    pub verbal: Option<ConsentRecord>,
}

/// Whether a consent record grants or takes back consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ConsentAction {
    Granted,
    Revoked,
}

/// A patient's verbal consent (or its revocation): who recorded it, when,
/// in which language the text was read, which version of the text, and the
/// channels it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConsentRecord {
    pub action: ConsentAction,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub language: Language,
    /// The Fluent message id of the text read ([`CONSENT_TEXT_VERSION`]).
    pub text_version: String,
    pub consents: ContactConsents,
}

impl EnrollmentForm {
    /// An empty form for a patient who speaks `language`, with one phone and one medication row.
    pub fn blank(language: Language) -> Self {
        let plan = InsurancePlan {
            plan_name: String::new(),
            member_id: String::new(),
            group_number: String::new(),
            bin: String::new(),
            pcn: String::new(),
            cardholder_relationship: CardholderRelationship::Cardholder,
        };
        Self {
            patient: PatientSection {
                given_name: String::new(),
                middle_name: String::new(),
                family_name: String::new(),
                second_family_name: String::new(),
                date_of_birth: String::new(),
                sex: None,
                address_line1: String::new(),
                address_line2: String::new(),
                city: String::new(),
                state: String::new(),
                zip: String::new(),
                time_zone: String::new(),
                phones: vec![PhoneEntry { kind: PhoneKind::Mobile, number: String::new() }],
                email: String::new(),
                preferred_language: language,
                interpreter_wanted: false,
                program: String::new(),
            },
            caregiver: CaregiverSection::default(),
            insurance: InsuranceSection {
                uninsured: false,
                primary: plan.clone(),
                has_secondary: false,
                secondary: plan,
            },
            prescriber: PrescriberSection::default(),
            medications: vec![MedicationEntry {
                drug: String::new(),
                strength: String::new(),
                directions: String::new(),
                days_supply: String::new(),
                quantity: String::new(),
                refills: String::new(),
                last_fill_date: String::new(),
                critical: false,
            }],
            allergies: AllergySection::default(),
            consents: ConsentSection::default(),
        }
    }

    /// The patient's name as typed, for draft lists and the duplicate check.
    pub fn person_name(&self) -> PersonName {
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        PersonName {
            given: self.patient.given_name.trim().to_owned(),
            middle: optional(&self.patient.middle_name),
            family: self.patient.family_name.trim().to_owned(),
            second_family: optional(&self.patient.second_family_name),
        }
    }

    /// The channels the form grants, as a patient's consents.
    pub fn contact_consents(&self) -> ContactConsents {
        ContactConsents {
            calls: self.consents.calls,
            texts: self.consents.texts,
            voicemail_detail: self.consents.voicemail_detail,
        }
    }
}

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

/// What enrollment records about a patient beyond the call list's needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PatientProfile {
    pub patient_id: EntityId,
    pub sex: Option<Sex>,
    pub address: Address,
    pub email: Option<String>,
    pub interpreter_wanted: bool,
    pub caregiver: Option<Caregiver>,
    /// `None` for a patient who pays cash.
    pub primary_insurance: Option<InsurancePlan>,
    pub secondary_insurance: Option<InsurancePlan>,
    pub prescriber: Prescriber,
    /// Empty when none are known.
    pub allergies: Vec<String>,
    pub auto_refill: bool,
    pub privacy_notice_acknowledged_at: DateTime<Utc>,
    pub enrolled_by: String,
    pub enrolled_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Caregiver {
    pub name: String,
    pub relationship: String,
    /// E.164.
    pub phone: String,
    pub may_discuss_health: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Prescriber {
    pub name: String,
    pub npi: String,
    /// E.164.
    pub phone: Option<String>,
    pub fax: Option<String>,
}

/// Everything a submitted enrollment writes.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrollmentRecords {
    pub patient: Patient,
    pub profile: PatientProfile,
    /// New prescriptions, and existing ones the form refilled.
    pub prescriptions: Vec<Prescription>,
    pub consent: Option<ConsentRecord>,
}

/// Who enrolls, when, and the record an enrollment creates or updates.
#[derive(Debug, Clone, Copy)]
pub struct EnrollmentContext<'a> {
    pub enrolled_by: &'a str,
    pub now: DateTime<Utc>,
    /// The patient the coordinator said this is ("the same patient"), with
    /// their prescriptions; `None` for a new patient.
    pub existing: Option<(&'a Patient, &'a [Prescription])>,
}

/// The records a checked form writes. A new patient gets `new_id()`s; the
/// same patient keeps their id, pharmacy id, coordinator and calling hours,
/// and a medication they already have (same drug and strength, accents and
/// case aside) updates that prescription instead of adding a second.
pub fn enrollment_records(
    valid: &ValidEnrollment,
    form: &EnrollmentForm,
    context: EnrollmentContext<'_>,
    mut new_id: impl FnMut() -> EntityId,
) -> EnrollmentRecords {
    let (existing_patient, existing_prescriptions) = context.existing.unzip();
    let patient_id = existing_patient.map_or_else(&mut new_id, |patient| patient.id);
    let program = Some(form.patient.program.trim().to_owned()).filter(|program| !program.is_empty());
    let patient = Patient {
        id: patient_id,
        name: valid.name.clone(),
        date_of_birth: valid.date_of_birth,
        preferred_language: form.patient.preferred_language,
        time_zone: valid.time_zone.clone(),
        time_zone_confirmed: valid.time_zone_typed,
        phones: valid.phones.iter().map(|(kind, e164)| Phone { kind: *kind, e164: e164.clone() }).collect(),
        consents: form.contact_consents(),
        external_id: existing_patient.and_then(|patient| patient.external_id.clone()),
        zip: Some(valid.zip.clone()),
        program: program.or_else(|| existing_patient.and_then(|patient| patient.program.clone())),
        assigned_to: existing_patient
            .and_then(|patient| patient.assigned_to.clone())
            .or_else(|| Some(context.enrolled_by.to_owned())),
        preferred_call_window: existing_patient.and_then(|patient| patient.preferred_call_window),
        // Enrolling someone the pharmacy had let go serves them again.
        status: crate::PatientStatus::Active,
    };
    let trimmed_plan = |plan: &InsurancePlan| InsurancePlan {
        plan_name: plan.plan_name.trim().to_owned(),
        member_id: plan.member_id.trim().to_owned(),
        group_number: plan.group_number.trim().to_owned(),
        bin: plan.bin.trim().to_owned(),
        pcn: plan.pcn.trim().to_owned(),
        cardholder_relationship: plan.cardholder_relationship,
    };
    let insurance = &form.insurance;
    let profile = PatientProfile {
        patient_id,
        sex: form.patient.sex,
        address: Address {
            line1: form.patient.address_line1.trim().to_owned(),
            line2: form.patient.address_line2.trim().to_owned(),
            city: form.patient.city.trim().to_owned(),
            state: form.patient.state.trim().to_uppercase(),
            zip: valid.zip.clone(),
        },
        email: valid.email.clone(),
        interpreter_wanted: form.patient.interpreter_wanted,
        caregiver: valid.caregiver_phone.as_ref().filter(|_| !form.caregiver.name.trim().is_empty()).map(|phone| {
            Caregiver {
                name: form.caregiver.name.trim().to_owned(),
                relationship: form.caregiver.relationship.trim().to_owned(),
                phone: phone.clone(),
                may_discuss_health: form.caregiver.may_discuss_health,
            }
        }),
        primary_insurance: (!insurance.uninsured).then(|| trimmed_plan(&insurance.primary)),
        secondary_insurance: (!insurance.uninsured && insurance.has_secondary)
            .then(|| trimmed_plan(&insurance.secondary)),
        prescriber: Prescriber {
            name: form.prescriber.name.trim().to_owned(),
            npi: valid.prescriber_npi.clone(),
            phone: valid.prescriber_phone.clone(),
            fax: valid.prescriber_fax.clone(),
        },
        allergies: valid.allergies.clone(),
        auto_refill: form.consents.auto_refill,
        privacy_notice_acknowledged_at: context.now,
        enrolled_by: context.enrolled_by.to_owned(),
        enrolled_at: context.now,
    };
    let same_drug = |prescription: &Prescription, medication: &ValidMedication| {
        prescription.active
            && fold_for_search(&prescription.drug) == fold_for_search(&medication.drug)
            && fold_for_search(&prescription.strength) == fold_for_search(&medication.strength)
    };
    let prescriptions = valid
        .medications
        .iter()
        .map(|medication| {
            let current = existing_prescriptions
                .unwrap_or_default()
                .iter()
                .find(|prescription| same_drug(prescription, medication));
            Prescription {
                id: current.map_or_else(&mut new_id, |prescription| prescription.id),
                patient_id,
                rx_number: current.and_then(|prescription| prescription.rx_number.clone()),
                drug: medication.drug.clone(),
                strength: medication.strength.clone(),
                directions: medication.directions.clone(),
                days_supply: medication.days_supply,
                quantity: medication.quantity,
                refills_left: medication.refills,
                last_fill_date: medication.last_fill_date,
                expires_on: current.and_then(|prescription| prescription.expires_on),
                prescriber_name: profile.prescriber.name.clone(),
                prescriber_npi: Some(valid.prescriber_npi.clone()),
                critical: medication.critical,
                active: true,
            }
        })
        .collect();
    EnrollmentRecords { patient, profile, prescriptions, consent: valid.consent.clone() }
}

/// The words of a name, folded (no accents, lower case).
fn folded_words(parts: &[Option<&str>]) -> Vec<String> {
    let mut words: Vec<String> = parts
        .iter()
        .flatten()
        .flat_map(|part| fold_for_search(part).split(' ').map(str::to_owned).collect::<Vec<_>>())
        .filter(|word| !word.is_empty())
        .collect();
    words.sort();
    words
}

/// Whether two records likely name the same person: the same date of birth,
/// the same first given name, and surnames that agree in any order, accents
/// and case aside — one record may carry only one of the two surnames
/// ("María Núñez" and "Maria Jose Pena Nunez" are the same patient).
pub fn likely_same_person(a: &PersonName, a_born: NaiveDate, b: &PersonName, b_born: NaiveDate) -> bool {
    if a_born != b_born {
        return false;
    }
    let first_given = |name: &PersonName| fold_for_search(&name.given).split(' ').next().map(str::to_owned);
    if first_given(a).is_none_or(|given| given.is_empty()) || first_given(a) != first_given(b) {
        return false;
    }
    let surnames = |name: &PersonName| folded_words(&[Some(&name.family), name.second_family.as_deref()]);
    let (a_surnames, b_surnames) = (surnames(a), surnames(b));
    let (shorter, longer) =
        if a_surnames.len() <= b_surnames.len() { (&a_surnames, &b_surnames) } else { (&b_surnames, &a_surnames) };
    !shorter.is_empty() && shorter.iter().all(|word| longer.contains(word))
}

/// The patients among `candidates` (id, name, date of birth) whom `form` likely duplicates.
pub fn likely_duplicates<'a>(
    name: &PersonName,
    born: NaiveDate,
    candidates: impl IntoIterator<Item = (EntityId, &'a PersonName, NaiveDate)>,
) -> Vec<EntityId> {
    candidates
        .into_iter()
        .filter(|(_, other, other_born)| likely_same_person(name, born, other, *other_born))
        .map(|(id, _, _)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
