//! The rules for single values people type or import: dates of birth and
//! fills, days supply, refills, quantities, phones, ZIP codes, NPIs, BINs,
//! e-mail addresses and time zones. The refill-report import and the
//! enrollment form both check their cells here, so a value one accepts the
//! other accepts too.

use chrono::{Months, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::search::parse_typed_date;
use crate::zip_zone::is_valid_zip;
use crate::{is_valid_npi, parse_zone, to_e164};

/// Why a typed or imported value was refused. Each reason has a message in
/// two phrasings: `import-error-<reason>` (a report's cell) and
/// `field-error-<reason>` (a form's field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum FieldError {
    Missing,
    InvalidDate,
    FutureDate,
    ImplausibleDate,
    InvalidPhone,
    InvalidLanguage,
    InvalidTimeZone,
    InvalidZip,
    /// A state or territory is its two-letter code (AZ, PR…).
    InvalidState,
    InvalidNumber,
    OutOfRange,
    InvalidNpi,
    /// A pharmacy benefit BIN is six digits.
    InvalidBin,
    InvalidEmail,
}

impl FieldError {
    pub const ALL: [FieldError; 14] = [
        Self::Missing,
        Self::InvalidDate,
        Self::FutureDate,
        Self::ImplausibleDate,
        Self::InvalidPhone,
        Self::InvalidLanguage,
        Self::InvalidTimeZone,
        Self::InvalidZip,
        Self::InvalidState,
        Self::InvalidNumber,
        Self::OutOfRange,
        Self::InvalidNpi,
        Self::InvalidBin,
        Self::InvalidEmail,
    ];
}

/// The oldest a living patient is taken to be.
const OLDEST_PLAUSIBLE_AGE_YEARS: u32 = 125;

pub const DAYS_SUPPLY_RANGE: std::ops::RangeInclusive<u32> = 1..=365;
pub const REFILLS_RANGE: std::ops::RangeInclusive<u32> = 0..=99;

/// The trimmed text, refused when empty.
pub fn required(text: &str) -> Result<&str, FieldError> {
    match text.trim() {
        "" => Err(FieldError::Missing),
        trimmed => Ok(trimmed),
    }
}

/// A date typed as MM/DD/YYYY or YYYY-MM-DD.
pub fn date(text: &str) -> Result<NaiveDate, FieldError> {
    parse_typed_date(required(text)?).ok_or(FieldError::InvalidDate)
}

/// A date of birth: not after `today`, and not more than 125 years before it.
pub fn birth_date(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    if date > today {
        return Err(FieldError::FutureDate);
    }
    let oldest = today.checked_sub_months(Months::new(OLDEST_PLAUSIBLE_AGE_YEARS * 12));
    if oldest.is_some_and(|oldest| date < oldest) {
        return Err(FieldError::ImplausibleDate);
    }
    Ok(date)
}

/// The date a prescription was last filled: not after `today`.
pub fn fill_date(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    if date > today { Err(FieldError::FutureDate) } else { Ok(date) }
}

/// A whole number within `range`.
pub fn whole_number(text: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32, FieldError> {
    let number: u32 = required(text)?.parse().map_err(|_| FieldError::InvalidNumber)?;
    if range.contains(&number) { Ok(number) } else { Err(FieldError::OutOfRange) }
}

pub fn days_supply(text: &str) -> Result<u32, FieldError> {
    whole_number(text, DAYS_SUPPLY_RANGE)
}

pub fn refills(text: &str) -> Result<u32, FieldError> {
    whole_number(text, REFILLS_RANGE)
}

/// A dispensed quantity: a finite number, zero or more (tablets, mL…).
pub fn quantity(text: &str) -> Result<f64, FieldError> {
    match required(text)?.parse::<f64>() {
        Ok(number) if number.is_finite() && number >= 0.0 => Ok(number),
        Ok(_) => Err(FieldError::OutOfRange),
        Err(_) => Err(FieldError::InvalidNumber),
    }
}

/// A phone number, returned in E.164.
pub fn phone(text: &str) -> Result<String, FieldError> {
    to_e164(required(text)?).map_err(|_| FieldError::InvalidPhone)
}

/// A ZIP code: five digits or ZIP+4.
pub fn zip(text: &str) -> Result<&str, FieldError> {
    let zip = required(text)?;
    if is_valid_zip(zip) { Ok(zip) } else { Err(FieldError::InvalidZip) }
}

/// A US state or territory as its two-letter code ("az" → "AZ").
pub fn state(text: &str) -> Result<String, FieldError> {
    let state = required(text)?.to_ascii_uppercase();
    if state.len() == 2 && state.bytes().all(|byte| byte.is_ascii_uppercase()) {
        Ok(state)
    } else {
        Err(FieldError::InvalidState)
    }
}

/// A National Provider Identifier (ten digits, Luhn check digit).
pub fn npi(text: &str) -> Result<&str, FieldError> {
    let npi = required(text)?;
    if is_valid_npi(npi) { Ok(npi) } else { Err(FieldError::InvalidNpi) }
}

/// A pharmacy benefit BIN (Bank Identification Number): six digits.
pub fn bin(text: &str) -> Result<&str, FieldError> {
    let bin = required(text)?;
    if bin.len() == 6 && bin.bytes().all(|byte| byte.is_ascii_digit()) { Ok(bin) } else { Err(FieldError::InvalidBin) }
}

/// An e-mail address (RFC 5321/5322 syntax, via the `email_address` crate).
pub fn email(text: &str) -> Result<&str, FieldError> {
    let email = required(text)?;
    if email_address::EmailAddress::is_valid(email) && email.contains('.') {
        Ok(email)
    } else {
        Err(FieldError::InvalidEmail)
    }
}

/// An IANA time zone name.
pub fn time_zone(text: &str) -> Result<Tz, FieldError> {
    parse_zone(required(text)?).map_err(|_| FieldError::InvalidTimeZone)
}

/// Applies `rule` to a value that may be left empty.
pub fn optional<'a, T>(
    text: &'a str,
    rule: impl FnOnce(&'a str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if text.trim().is_empty() { Ok(None) } else { rule(text).map(Some) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_of_birth_are_neither_in_the_future_nor_implausibly_old() {
        let today = day(2026, 12, 1);
        assert_eq!(date("03/05/1948"), Ok(day(1948, 3, 5)));
        assert_eq!(date("1948-03-05"), Ok(day(1948, 3, 5)));
        assert_eq!(date("31/12/1948"), Err(FieldError::InvalidDate), "day and month swapped");
        assert_eq!(date("  "), Err(FieldError::Missing));
        assert_eq!(birth_date(today, today), Ok(today), "a newborn");
        assert_eq!(birth_date(day(2026, 12, 2), today), Err(FieldError::FutureDate));
        assert_eq!(birth_date(day(1901, 12, 1), today), Ok(day(1901, 12, 1)));
        assert_eq!(birth_date(day(1901, 11, 30), today), Err(FieldError::ImplausibleDate));
        assert_eq!(fill_date(day(2026, 12, 2), today), Err(FieldError::FutureDate));
    }

    #[test]
    fn supplies_refills_and_quantities_have_ranges() {
        assert_eq!(days_supply("30"), Ok(30));
        assert_eq!(days_supply("0"), Err(FieldError::OutOfRange));
        assert_eq!(days_supply("366"), Err(FieldError::OutOfRange));
        assert_eq!(days_supply("thirty"), Err(FieldError::InvalidNumber));
        assert_eq!(days_supply("-3"), Err(FieldError::InvalidNumber));
        assert_eq!(refills("0"), Ok(0));
        assert_eq!(refills("100"), Err(FieldError::OutOfRange));
        assert_eq!(quantity("22.5"), Ok(22.5));
        assert_eq!(quantity("-1"), Err(FieldError::OutOfRange));
        assert_eq!(quantity("NaN"), Err(FieldError::OutOfRange));
        assert_eq!(quantity("x"), Err(FieldError::InvalidNumber));
    }

    #[test]
    fn phones_come_back_in_e164_in_every_us_format() {
        for typed in
            ["(787) 555-0134", "787-555-0134", "787.555.0134", "7875550134", "+1 787 555 0134", "1-787-555-0134"]
        {
            assert_eq!(phone(typed).as_deref(), Ok("+17875550134"), "{typed}");
        }
        assert_eq!(phone("555-0134"), Err(FieldError::InvalidPhone), "no area code");
        assert_eq!(phone("(123) 555-0134"), Err(FieldError::InvalidPhone), "no area code starts with 1");
        assert_eq!(phone(""), Err(FieldError::Missing));
    }

    #[test]
    fn zip_codes_are_five_or_nine_digits() {
        assert_eq!(zip("00901"), Ok("00901"));
        assert_eq!(zip("00901-1234"), Ok("00901-1234"));
        assert_eq!(zip("009011234"), Ok("009011234"));
        for bad in ["0090", "009012", "00901-12", "0090I", "00901 1234"] {
            assert_eq!(zip(bad), Err(FieldError::InvalidZip), "{bad}");
        }
    }

    #[test]
    fn npis_pass_only_with_their_luhn_check_digit() {
        // Real-format NPIs: the CMS example and numbers built with the 80840 prefix.
        for good in ["1234567893", "1245319599", "1003000126", "1972687382"] {
            assert_eq!(npi(good), Ok(good), "{good}");
        }
        for bad in ["1234567890", "1245319598", "1003000127", "123456789", "12345678931", "12345678a3"] {
            assert_eq!(npi(bad), Err(FieldError::InvalidNpi), "{bad}");
        }
    }

    #[test]
    fn bins_are_six_digits_and_emails_need_a_domain() {
        assert_eq!(bin("610014"), Ok("610014"));
        for bad in ["61001", "6100140", "61001A", "610 14"] {
            assert_eq!(bin(bad), Err(FieldError::InvalidBin), "{bad}");
        }
        assert_eq!(email("maria.nunez@example.com"), Ok("maria.nunez@example.com"));
        assert_eq!(email("maría@correo.example"), Ok("maría@correo.example"));
        for bad in ["maria", "maria@", "@example.com", "maria@example", "maria nunez@example.com"] {
            assert_eq!(email(bad), Err(FieldError::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn optional_values_may_be_left_empty_but_not_wrong() {
        assert_eq!(optional("", phone), Ok(None));
        assert_eq!(optional(" ", zip), Ok(None));
        assert_eq!(optional("12", zip), Err(FieldError::InvalidZip));
        assert_eq!(time_zone("America/Puerto_Rico"), Ok(chrono_tz::America::Puerto_Rico));
        assert_eq!(time_zone("Mars/Olympus"), Err(FieldError::InvalidTimeZone));
    }
}
