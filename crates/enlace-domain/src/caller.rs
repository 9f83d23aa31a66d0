//! Who is on the line: a caller's number as people and phone systems pass it ("305.555.0134",
//! "(305) 555-0134 ext. 12", "tel:+1-305-555-0134;ext=12") read as the E.164 number Enlace stores,
//! and the ways one number can belong to a patient's record: their own line, their caregiver's,
//! their prescriber's office. One number can belong to several records (a family's shared line, a
//! caregiver of two patients, a clinic's office), so a lookup lists every record, patients first.

use serde::{Deserialize, Serialize};

use crate::phone::{PhoneError, to_e164};

/// Whose number it is, for the record it was found on. Ordered as a coordinator is shown matches:
/// the patient themself, then someone calling for them, then their prescriber's office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum CallerRole {
    Patient,
    Caregiver,
    PrescriberOffice,
}

impl CallerRole {
    pub const ALL: [CallerRole; 3] = [Self::Patient, Self::Caregiver, Self::PrescriberOffice];

    /// The role's name where it is stored (the store's `phone_owner.role`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Caregiver => "caregiver",
            Self::PrescriberOffice => "prescriber-office",
        }
    }

    pub fn from_text(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// The number a caller rang from, in E.164. An extension reaches a desk behind the same number, so
/// it is dropped; a softphone's `tel:` link and any separators are read as a person would.
/// Numbers without a country code are North American, as everywhere in Enlace.
pub fn caller_number(typed: &str) -> Result<String, PhoneError> {
    let typed = typed.trim();
    let without_scheme =
        typed.get(..4).filter(|scheme| scheme.eq_ignore_ascii_case("tel:")).map_or(typed, |_| &typed[4..]);
    to_e164(without_extension(without_scheme))
}

/// `number` up to where an extension starts: "ext", "x", "#" or a `tel:` parameter (";ext=12").
fn without_extension(number: &str) -> &str {
    // ASCII lower-casing keeps every byte where it was, so a position found in it cuts `number`.
    let folded = number.to_ascii_lowercase();
    ["ext", "x", "#", ";"].iter().filter_map(|marker| folded.find(marker)).min().map_or(number, |at| &number[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_found_however_it_was_typed() {
        for typed in [
            "305.555.0134",
            "(305) 555-0134",
            "305 555 0134",
            "3055550134",
            "1-305-555-0134",
            "13055550134",
            "+1 305 555 0134",
            "  +1 (305) 555-0134  ",
            "tel:+1-305-555-0134",
            "TEL:3055550134",
        ] {
            assert_eq!(caller_number(typed).as_deref(), Ok("+13055550134"), "{typed:?}");
        }
    }

    #[test]
    fn an_extension_reaches_the_same_number() {
        for typed in [
            "(305) 555-0134 ext. 12",
            "305-555-0134 x12",
            "305.555.0134 X 12",
            "305-555-0134 #12",
            "tel:+1-305-555-0134;ext=12",
            "305 555 0134 Ext 4410",
        ] {
            assert_eq!(caller_number(typed).as_deref(), Ok("+13055550134"), "{typed:?}");
        }
    }

    #[test]
    fn numbers_abroad_keep_their_country() {
        assert_eq!(caller_number("+52 55 1234 5678").as_deref(), Ok("+525512345678"));
        assert_eq!(caller_number("tel:+52-55-1234-5678").as_deref(), Ok("+525512345678"));
    }

    #[test]
    fn what_is_not_a_whole_number_is_refused() {
        assert_eq!(caller_number(""), Err(PhoneError::Unparseable));
        assert_eq!(caller_number("ext. 12"), Err(PhoneError::Unparseable));
        assert_eq!(caller_number("555-0134"), Err(PhoneError::Invalid));
        assert_eq!(caller_number("Rosa Díaz"), Err(PhoneError::Unparseable));
    }

    #[test]
    fn roles_read_back_from_their_stored_names_and_order_patients_first() {
        for role in CallerRole::ALL {
            assert_eq!(CallerRole::from_text(role.as_str()), Some(role));
        }
        assert_eq!(CallerRole::from_text("neighbour"), None);
        let mut roles = vec![CallerRole::PrescriberOffice, CallerRole::Patient, CallerRole::Caregiver];
        roles.sort();
        assert_eq!(roles, CallerRole::ALL);
    }
}
