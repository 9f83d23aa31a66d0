//! What a submitted enrollment writes: the patient, prescriptions, profile and consent.

use super::*;

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

impl Address {
    /// As every screen keeps it (enrollment, corrections, settings): any
    /// lines, a two-letter state or none, a ZIP of 5 or 9 digits or none.
    /// The server holds a laptop's addresses to it too.
    pub fn is_well_formed(&self) -> bool {
        let state_ok = self.state.is_empty() || field_rules::state(&self.state).is_ok_and(|state| state == self.state);
        state_ok && field_rules::optional(&self.zip, field_rules::zip).is_ok()
    }

    /// The address on one line, as a letter's envelope reads it left to
    /// right: "12 Main St, Apt 4, Springfield, IL 62701". Empty parts are
    /// left out; empty when nothing was given.
    pub fn one_line(&self) -> String {
        let state_zip = [self.state.trim(), self.zip.trim()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [self.line1.trim(), self.line2.trim(), self.city.trim(), state_zip.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Caregiver {
    /// Named, with a relationship and a number in E.164, as enrollment and
    /// corrections accept them.
    pub fn is_well_formed(&self) -> bool {
        !self.name.trim().is_empty()
            && !self.relationship.trim().is_empty()
            && field_rules::phone(&self.phone).is_ok_and(|e164| e164 == self.phone)
    }
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
