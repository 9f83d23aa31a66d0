//! The database key: 256 random bits that never appear in logs or errors.

use std::fmt;

use rand::RngCore;
use zeroize::Zeroizing;

/// A SQLCipher raw key. Its `Debug` is redacted and its memory is wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    /// A new key from `rand`'s thread generator: a CSPRNG seeded and
    /// periodically reseeded from the operating system.
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(bytes.as_mut());
        Self(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The raw bytes, for the recovery key.
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The form kept in the keyring: 64 lowercase hex digits.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    /// Reads the keyring form; `None` if it is not 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), bytes.as_mut()).ok()?;
        Some(Self(bytes))
    }

    /// The value of SQLCipher's `key` pragma for a raw key. sqlx pastes pragma
    /// values into SQL verbatim, so the blob literal is quoted here.
    pub(crate) fn pragma_value(&self) -> String {
        format!("\"x'{}'\"", self.to_hex().as_str())
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = DbKey::from_bytes([0xab; 32]);
        let shown = format!("{key:?}");
        assert!(!shown.contains("ab"), "{shown}");
        assert!(!shown.contains("171"), "{shown}");
    }

    #[test]
    fn hex_round_trips_and_rejects_malformed_text() {
        let key = DbKey::generate();
        assert_eq!(DbKey::from_hex(&key.to_hex()), Some(key.clone()));
        assert_ne!(DbKey::generate(), key);
        assert_eq!(DbKey::from_hex("abc"), None);
        assert_eq!(DbKey::from_hex(&"zz".repeat(32)), None);
    }

    #[test]
    fn pragma_value_is_a_quoted_blob_literal() {
        let key = DbKey::from_bytes([0x01; 32]);
        assert_eq!(key.pragma_value(), format!("\"x'{}'\"", "01".repeat(32)));
    }
}
