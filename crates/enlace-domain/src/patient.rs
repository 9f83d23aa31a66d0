//! A patient as the pharmacy knows them: who they are, how to reach them and
//! what they allowed us to do.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{CallingWindow, EntityId, Language, PersonName};

/// A patient of the pharmacy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    pub id: EntityId,
    pub name: PersonName,
    pub date_of_birth: NaiveDate,
    pub preferred_language: Language,
    /// IANA zone ("America/Phoenix"); `None` means the pharmacy's zone applies.
    pub time_zone: Option<String>,
    /// Whether a person (or the pharmacy system's report) gave the zone;
    /// otherwise it is only suggested by the ZIP code (or the pharmacy's), and
    /// calls keep to the hours that hold in every zone the ZIP could be in.
    pub time_zone_confirmed: bool,
    pub phones: Vec<Phone>,
    pub consents: ContactConsents,
    /// The pharmacy system's own id for the patient (from its refill report).
    pub external_id: Option<String>,
    /// Five-digit ZIP code (or ZIP+4) of the patient's address.
    pub zip: Option<String>,
    /// The pharmacy program the patient is enrolled in ("Med Sync", "Specialty"…).
    pub program: Option<String>,
    /// The coordinator who owns this patient's calls.
    pub assigned_to: Option<String>,
    /// Times the patient asked to be called, in their own zone; the pharmacy's
    /// window and the federal limit still apply.
    pub preferred_call_window: Option<CallingWindow>,
    /// Whether the pharmacy still serves the patient: anyone else is off
    /// every list, their history kept.
    pub status: PatientStatus,
}

/// Whether the pharmacy still serves a patient.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum PatientStatus {
    #[default]
    Active,
    Deceased,
    MovedAway,
}

/// A phone number in E.164 with what kind of line it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    pub kind: PhoneKind,
    pub e164: String,
}

/// The kind of line a phone number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum PhoneKind {
    Mobile,
    Home,
    Work,
}

/// What the patient agreed to be contacted by. A revoked consent takes effect
/// at once on every channel it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactConsents {
    pub calls: bool,
    pub texts: bool,
    /// Whether a voicemail may name medications; otherwise it says only who called.
    pub voicemail_detail: bool,
}

impl Patient {
    /// The zone that applies to the patient: their own, or the pharmacy's if
    /// they have none (or an unknown one).
    pub fn zone_or(&self, pharmacy_zone: chrono_tz::Tz) -> chrono_tz::Tz {
        self.time_zone.as_deref().and_then(|name| crate::parse_zone(name).ok()).unwrap_or(pharmacy_zone)
    }

    /// The number to dial first: the first listed. Whoever enrolls or
    /// corrects the patient puts the number the patient wants called first.
    pub fn primary_phone(&self) -> Option<&Phone> {
        self.phones.first()
    }

    /// The zones, other than `zone` (the one that applies), the patient could
    /// be in: none once the zone is confirmed; until then every zone their ZIP
    /// could be in whose clock differs.
    pub fn other_possible_zones(&self, zone: chrono_tz::Tz) -> Vec<chrono_tz::Tz> {
        if self.time_zone_confirmed {
            return Vec::new();
        }
        let possible = self.zip.as_deref().and_then(crate::zip_zone::zones_for_zip).map(|zones| zones.possible);
        possible.unwrap_or_default().into_iter().filter(|other| !crate::zip_zone::same_clock(*other, zone)).collect()
    }

    /// Whether the patient belongs on the pharmacy's lists at all.
    pub fn is_active(&self) -> bool {
        self.status == PatientStatus::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_listed_phone_is_called() {
        let mut patient = Patient {
            id: EntityId::nil(),
            name: PersonName { given: "Ana".into(), middle: None, family: "Ruiz".into(), second_family: None },
            date_of_birth: NaiveDate::from_ymd_opt(1950, 1, 2).unwrap(),
            preferred_language: Language::Spanish,
            time_zone: None,
            time_zone_confirmed: false,
            phones: vec![
                Phone { kind: PhoneKind::Home, e164: "+12125550100".into() },
                Phone { kind: PhoneKind::Mobile, e164: "+12125550101".into() },
            ],
            consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
            external_id: None,
            zip: None,
            program: None,
            assigned_to: None,
            preferred_call_window: None,
            status: PatientStatus::Active,
        };
        assert_eq!(patient.primary_phone().unwrap().e164, "+12125550100");
        patient.phones.remove(0);
        assert_eq!(patient.primary_phone().unwrap().e164, "+12125550101");
        patient.phones.clear();
        assert!(patient.primary_phone().is_none());
    }
}
