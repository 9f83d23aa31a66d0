//! Rules for credentials and for signing in: what a username, password and
//! PIN must look like, and how long someone must wait after wrong attempts.
//! (Hashing and checking a password is the application's job; these are
//! the rules around it.)

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

/// What is wrong with a username, password or PIN someone chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum CredentialError {
    #[error("a username is 2 to 32 letters, digits, dots, dashes or underscores")]
    Username,
    #[error("a password has at least 10 characters and is not the username")]
    Password,
    #[error("a PIN is 4 to 8 digits")]
    Pin,
}

pub const USERNAME_LENGTH: std::ops::RangeInclusive<usize> = 2..=32;
/// NIST SP 800-63B asks for at least 8 and no composition rules; a shared
/// pharmacy laptop warrants a little more.
pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const PIN_LENGTH: std::ops::RangeInclusive<usize> = 4..=8;

/// The username as stored: trimmed and lower case, so "Ana.R" and "ana.r" are one user.
pub fn normalize_username(text: &str) -> Result<String, CredentialError> {
    let username = text.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_');
    if USERNAME_LENGTH.contains(&username.chars().count()) && username.chars().all(allowed) {
        Ok(username)
    } else {
        Err(CredentialError::Username)
    }
}

pub fn check_password(password: &str, username: &str) -> Result<(), CredentialError> {
    let chars = password.chars().count();
    let too_short_or_long = !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars);
    if too_short_or_long || password.trim().to_lowercase() == username.trim().to_lowercase() {
        return Err(CredentialError::Password);
    }
    Ok(())
}

pub fn check_pin(pin: &str) -> Result<(), CredentialError> {
    if PIN_LENGTH.contains(&pin.len()) && pin.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(())
    } else {
        Err(CredentialError::Pin)
    }
}

/// Wrong attempts allowed before any wait.
pub const FREE_ATTEMPTS: u32 = 5;
const FIRST_DELAY_SECONDS: i64 = 30;
const LONGEST_DELAY_SECONDS: i64 = 15 * 60;

/// How long to wait after `failures` consecutive wrong attempts: nothing for
/// the first four, then 30 s, doubling with each further failure up to 15
/// minutes. (A lockout that never ends would let anyone lock a colleague out.)
pub fn sign_in_wait(failures: u32) -> TimeDelta {
    if failures < FREE_ATTEMPTS {
        return TimeDelta::zero();
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    TimeDelta::seconds((FIRST_DELAY_SECONDS << doublings).min(LONGEST_DELAY_SECONDS))
}

/// When the next attempt may be made after `failures` consecutive wrong
/// attempts, the last at `last_failure`; `None` when it may be made now.
pub fn next_attempt_at(failures: u32, last_failure: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let allowed_at = last_failure + sign_in_wait(failures);
    (allowed_at > now).then_some(allowed_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_fold_case_and_refuse_spaces_and_accents() {
        assert_eq!(normalize_username("  Ana.R "), Ok("ana.r".to_owned()));
        assert_eq!(normalize_username("luis_p-2"), Ok("luis_p-2".to_owned()));
        for bad in ["a", "ana rosa", "añа", "", &"x".repeat(33), "ana@pharmacy"] {
            assert_eq!(normalize_username(bad), Err(CredentialError::Username), "{bad:?}");
        }
    }

    #[test]
    fn passwords_have_ten_characters_and_are_not_the_username() {
        assert_eq!(check_password("correct horse", "ana"), Ok(()));
        assert_eq!(check_password("contraseña1", "ana"), Ok(()), "characters, not bytes");
        assert_eq!(check_password("short", "ana"), Err(CredentialError::Password));
        assert_eq!(check_password("AnaRosario1", "anarosario1"), Err(CredentialError::Password));
        assert_eq!(check_password(&"x".repeat(129), "ana"), Err(CredentialError::Password));
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert_eq!(check_pin("2468"), Ok(()));
        assert_eq!(check_pin("12345678"), Ok(()));
        for bad in ["123", "123456789", "12a4", "١٢٣٤"] {
            assert_eq!(check_pin(bad), Err(CredentialError::Pin), "{bad:?}");
        }
    }

    #[test]
    fn four_wrong_attempts_cost_nothing_then_the_wait_doubles_up_to_fifteen_minutes() {
        assert_eq!(sign_in_wait(0), TimeDelta::zero());
        assert_eq!(sign_in_wait(4), TimeDelta::zero());
        assert_eq!(sign_in_wait(5), TimeDelta::seconds(30));
        assert_eq!(sign_in_wait(6), TimeDelta::seconds(60));
        assert_eq!(sign_in_wait(7), TimeDelta::seconds(120));
        assert_eq!(sign_in_wait(10), TimeDelta::minutes(15));
        assert_eq!(sign_in_wait(u32::MAX), TimeDelta::minutes(15));
    }

    #[test]
    fn the_next_attempt_waits_from_the_last_failure() {
        let failed = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z").unwrap().to_utc();
        assert_eq!(next_attempt_at(4, failed, failed), None);
        assert_eq!(next_attempt_at(5, failed, failed + TimeDelta::seconds(10)), Some(failed + TimeDelta::seconds(30)));
        assert_eq!(next_attempt_at(5, failed, failed + TimeDelta::seconds(30)), None);
    }
}
