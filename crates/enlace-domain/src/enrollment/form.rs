//! The enrollment form as a coordinator fills it in (a draft may be half-typed,
//! so every typed value is text), and the consent it records.

use super::*;

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
