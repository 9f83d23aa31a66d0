//! The recovery key: the store's database key written for a person to keep
//! on paper, so that a laptop whose keyring entry is lost (a new user
//! profile, a reset keyring) opens its store again.
//!
//! 32 key bytes and a 3-byte checksum are 56 characters of Crockford's
//! base32 (no I, L, O or U, so nothing reads two ways), shown in 14 groups of
//! four. Reading it back ignores case, spaces and dashes, and takes I and L
//! for 1 and O for 0; the checksum tells a mistyped key from a wrong one.

use std::fmt;

use data_encoding::{Encoding, Specification};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::DbKey;

const KEY_BYTES: usize = 32;
const CHECKSUM_BYTES: usize = 3;
const GROUP: usize = 4;
/// Five bits a character: 35 bytes are 56 characters.
const CHARACTERS: usize = (KEY_BYTES + CHECKSUM_BYTES) * 8 / 5;
const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Why typed text is not a recovery key. Neither variant carries the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryKeyError {
    /// Not 56 characters of the key's alphabet.
    #[error("not a recovery key: it has 56 letters and digits in groups of four")]
    Malformed,
    /// The right shape, but a character is wrong: a typing mistake.
    #[error("the recovery key has a typing mistake")]
    Mistyped,
}

/// A store's recovery key as shown to a person. Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    /// The recovery key of a database key.
    pub fn of(key: &DbKey) -> Self {
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES + CHECKSUM_BYTES]);
        bytes[..KEY_BYTES].copy_from_slice(key.as_bytes());
        bytes[KEY_BYTES..].copy_from_slice(&checksum(key.as_bytes()));
        let plain = Zeroizing::new(crockford().encode(bytes.as_ref()));
        let mut grouped = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / GROUP));
        for (index, character) in plain.chars().enumerate() {
            if index > 0 && index % GROUP == 0 {
                grouped.push('-');
            }
            grouped.push(character);
        }
        Self(grouped)
    }

    /// The key as printed: `ABCD-EFGH-…`, 14 groups of four.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last group, which a person types back to show the key was written down.
    pub fn last_group(&self) -> &str {
        self.0.rsplit('-').next().unwrap_or_default()
    }

    /// The database key a typed recovery key stands for.
    pub fn parse(typed: &str) -> Result<DbKey, RecoveryKeyError> {
        let cleaned: Zeroizing<String> =
            Zeroizing::new(typed.chars().filter(|character| !character.is_whitespace() && *character != '-').collect());
        if cleaned.len() != CHARACTERS {
            return Err(RecoveryKeyError::Malformed);
        }
        let bytes = Zeroizing::new(crockford().decode(cleaned.as_bytes()).map_err(|_| RecoveryKeyError::Malformed)?);
        let (key, sum) = bytes.split_at(KEY_BYTES);
        if sum != checksum(key) {
            return Err(RecoveryKeyError::Mistyped);
        }
        let mut raw = [0u8; KEY_BYTES];
        raw.copy_from_slice(key);
        let key = DbKey::from_bytes(raw);
        raw.fill(0);
        Ok(key)
    }

    /// Whether `typed` is this key's last group (read as forgivingly as the key).
    pub fn confirms(&self, typed: &str) -> bool {
        let typed: String = typed.chars().filter(|character| !character.is_whitespace()).map(as_symbol).collect();
        typed == self.last_group()
    }
}

/// A typed character as the key's alphabet reads it.
fn as_symbol(character: char) -> char {
    match character.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

fn checksum(key: &[u8]) -> [u8; CHECKSUM_BYTES] {
    let digest = Sha256::new_with_prefix(b"enlace recovery key v1").chain_update(key).finalize();
    let mut sum = [0u8; CHECKSUM_BYTES];
    sum.copy_from_slice(&digest[..CHECKSUM_BYTES]);
    sum
}

/// Crockford's base32, read forgivingly: lower case as upper, I and L as 1, O as 0.
fn crockford() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str(ALPHABET);
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzIiLlOo");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ111100");
    spec.encoding().expect("Crockford's base32 is a valid specification")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_survives_being_written_down_and_typed_back() {
        let key = DbKey::generate();
        let recovery = RecoveryKey::of(&key);
        assert_eq!(recovery.as_str().len(), CHARACTERS + 13);
        assert_eq!(recovery.as_str().split('-').count(), 14);
        assert!(recovery.as_str().chars().all(|character| character == '-' || ALPHABET.contains(character)));
        assert_eq!(RecoveryKey::parse(recovery.as_str()).unwrap(), key);
        // Typed in lower case, in groups separated by spaces, on two lines.
        let casual = recovery.as_str().to_lowercase().replace('-', " ").replacen(' ', "\n", 1);
        assert_eq!(RecoveryKey::parse(&casual).unwrap(), key);
    }

    #[test]
    fn letters_that_look_like_digits_read_as_the_digits() {
        let key = DbKey::from_bytes([0u8; 32]);
        let recovery = RecoveryKey::of(&key);
        let zeros_as_letters = recovery.as_str().replace('0', "O");
        assert_eq!(RecoveryKey::parse(&zeros_as_letters).unwrap(), key);
    }

    #[test]
    fn a_typing_mistake_is_told_from_a_key_that_is_not_one() {
        let recovery = RecoveryKey::of(&DbKey::generate());
        let mut typed: Vec<char> = recovery.as_str().chars().collect();
        typed[0] = if typed[0] == 'A' { 'B' } else { 'A' };
        let typed: String = typed.into_iter().collect();
        assert_eq!(RecoveryKey::parse(&typed).unwrap_err(), RecoveryKeyError::Mistyped);
        assert_eq!(RecoveryKey::parse("ABCD-EFGH").unwrap_err(), RecoveryKeyError::Malformed);
        assert_eq!(RecoveryKey::parse(&"U".repeat(CHARACTERS)).unwrap_err(), RecoveryKeyError::Malformed);
        assert_eq!(RecoveryKey::parse("").unwrap_err(), RecoveryKeyError::Malformed);
    }

    #[test]
    fn the_last_group_confirms_the_key_was_written_down() {
        let recovery = RecoveryKey::of(&DbKey::generate());
        let last = recovery.last_group().to_owned();
        assert_eq!(last.len(), 4);
        assert!(recovery.confirms(&last));
        assert!(recovery.confirms(&format!(" {} ", last.to_lowercase())));
        assert!(!recovery.confirms(""));
        let first = recovery.as_str().split('-').next().unwrap().to_owned();
        assert!(first == last || !recovery.confirms(&first));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let recovery = RecoveryKey::of(&DbKey::from_bytes([7u8; 32]));
        assert_eq!(format!("{recovery:?}"), "RecoveryKey(<redacted>)");
    }
}
