//! Device tokens and user passwords. A token is 32 random bytes (hex); the
//! server keeps only its SHA-256. Passwords are checked against the argon2
//! PHC strings the pharmacy's user records carry; an unknown username costs
//! the same work as a wrong password, so the answer tells nothing.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new device token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the server stores of a token (or compares a secret by).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(given: &str, expected: &str) -> bool {
    let (given, expected) = (Sha256::digest(given.as_bytes()), Sha256::digest(expected.as_bytes()));
    given.iter().zip(expected.iter()).fold(0u8, |difference, (a, b)| difference | (a ^ b)) == 0
}

/// A PHC string of a random password, checked when the user is unknown.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let Ok(salt) = SaltString::encode_b64(new_token().as_bytes().get(..16).unwrap_or_default()) else {
            return String::new();
        };
        let password = new_token();
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    })
}

/// Whether `password` matches `phc` (or, with no user, after the same work, never).
pub fn password_matches(password: &str, phc: Option<&str>) -> bool {
    let hash = phc.unwrap_or(decoy_hash());
    let matches = PasswordHash::new(hash)
        .map(|parsed| argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false);
    matches && phc.is_some()
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, SaltString};

    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
        assert!(same_secret("setup-123", "setup-123"));
        assert!(!same_secret("setup-123", "setup-124"));
    }

    #[test]
    fn passwords_match_their_hash_and_unknown_users_never_match() {
        let salt = SaltString::encode_b64(b"fixed-test-salt!").unwrap_or_else(|_| unreachable!());
        let hash = argon2::Argon2::default().hash_password(b"demo-pharmacist", &salt).map(|h| h.to_string());
        let hash = hash.unwrap_or_default();
        assert!(password_matches("demo-pharmacist", Some(&hash)));
        assert!(!password_matches("wrong", Some(&hash)));
        assert!(!password_matches("anything", None));
    }
}
