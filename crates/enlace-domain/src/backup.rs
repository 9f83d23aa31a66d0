//! The passphrase that protects a backup file. A backup leaves the laptop
//! (a USB stick, a shared drive), so whoever holds the file must need more
//! than a guess to read it: the passphrase is long, and typed twice so a slip
//! of the finger does not lock the pharmacy out of its own backup.

use serde::{Deserialize, Serialize};

/// The fewest characters a backup passphrase may have.
pub const BACKUP_PASSPHRASE_MIN_CHARS: usize = 12;

/// Why a backup passphrase is refused. Neither variant carries the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum PassphraseProblem {
    #[error("the passphrase is shorter than {BACKUP_PASSPHRASE_MIN_CHARS} characters")]
    TooShort,
    #[error("the two passphrases differ")]
    Mismatch,
}

/// Checks a new backup's passphrase and its confirmation. Length is counted
/// in characters, not bytes, so "contraseña" is as long as it looks; spaces
/// count (a passphrase of several words is encouraged).
pub fn check_backup_passphrase(passphrase: &str, confirmation: &str) -> Result<(), PassphraseProblem> {
    if passphrase.chars().count() < BACKUP_PASSPHRASE_MIN_CHARS {
        return Err(PassphraseProblem::TooShort);
    }
    if passphrase != confirmation {
        return Err(PassphraseProblem::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_passphrase_typed_twice_is_accepted() {
        assert_eq!(check_backup_passphrase("farmacia del valle", "farmacia del valle"), Ok(()));
    }

    #[test]
    fn length_is_counted_in_characters() {
        // 11 characters, 13 bytes: too short.
        assert_eq!(check_backup_passphrase("contraseñañ", "contraseñañ"), Err(PassphraseProblem::TooShort));
        assert_eq!(check_backup_passphrase("contraseñaña", "contraseñaña"), Ok(()));
    }

    #[test]
    fn a_short_passphrase_is_refused_before_the_mismatch() {
        assert_eq!(check_backup_passphrase("short", "other"), Err(PassphraseProblem::TooShort));
    }

    #[test]
    fn confirmation_must_match_exactly() {
        assert_eq!(
            check_backup_passphrase("farmacia del valle", "Farmacia del valle"),
            Err(PassphraseProblem::Mismatch)
        );
    }
}
