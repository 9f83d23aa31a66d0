//! Phone numbers as typed by people, normalized to E.164 for storage and dialing.

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};

/// Why a typed phone number cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("the phone number could not be read")]
    Unparseable,
    #[error("the phone number is not a valid number")]
    Invalid,
}

/// Parses a number typed the way US staff write it ("(787) 555-0134",
/// "+52 55 1234 5678") and returns it in E.164 ("+17875550134").
/// Numbers without a country code are read as North American (US, PR, …).
pub fn to_e164(typed: &str) -> Result<String, PhoneError> {
    let number: PhoneNumber = phonenumber::parse(Some(Id::US), typed).map_err(|_| PhoneError::Unparseable)?;
    if !phonenumber::is_valid(&number) {
        return Err(PhoneError::Invalid);
    }
    Ok(number.format().mode(Mode::E164).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_and_puerto_rico_numbers_normalize_to_e164() {
        assert_eq!(to_e164("(212) 555-0198").as_deref(), Ok("+12125550198"));
        assert_eq!(to_e164("787-555-0134").as_deref(), Ok("+17875550134"));
        assert_eq!(to_e164("+1 808 555 0101").as_deref(), Ok("+18085550101"));
    }

    #[test]
    fn international_numbers_keep_their_country_code() {
        assert_eq!(to_e164("+52 55 1234 5678").as_deref(), Ok("+525512345678"));
    }

    #[test]
    fn nonsense_and_impossible_numbers_are_refused() {
        assert_eq!(to_e164("call me maybe"), Err(PhoneError::Unparseable));
        assert_eq!(to_e164("123"), Err(PhoneError::Invalid));
    }
}
