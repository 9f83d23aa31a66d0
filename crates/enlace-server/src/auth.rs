//! Secrets and passwords. A device token or user credential is 32 random
//! bytes (hex); the server keeps only its SHA-256. Passwords are checked
//! against the argon2 PHC strings of the pharmacy's user records, in a
//! bounded pool ([`PasswordChecker`]): each check takes ~19 MiB and tens of
//! milliseconds by design, so an unauthenticated caller must never be able
//! to start hundreds at once. An unknown username costs the same work as a
//! wrong password, so the answer tells nothing.

use argon2::password_hash::PasswordHash;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new device token or user credential.
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
    password_matches_in(password, phc, &mut Vec::new())
}

/// The most memory a stored hash may ask a check for (the app's hashes ask
/// 19 MiB): a hash that asks more is never checked, so no record, however
/// it was written, can make the server allocate gigabytes.
const MAX_CHECK_KIB: u32 = 64 * 1024;

/// [`password_matches`] with the working memory `blocks`, kept by the
/// caller from one check to the next.
fn password_matches_in(password: &str, phc: Option<&str>, blocks: &mut Vec<argon2::Block>) -> bool {
    let hash = phc.unwrap_or(decoy_hash());
    let matches = PasswordHash::new(hash).is_ok_and(|parsed| verify_in(password.as_bytes(), &parsed, blocks));
    matches && phc.is_some()
}

/// Checks `password` against `parsed` the way `argon2`'s verifier does,
/// in memory the caller owns (so a thread that checks passwords all day
/// allocates once).
fn verify_in(password: &[u8], parsed: &PasswordHash<'_>, blocks: &mut Vec<argon2::Block>) -> bool {
    use argon2::{Algorithm, Argon2, Params, Version};
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(parsed.algorithm), Params::try_from(parsed)) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    if params.m_cost() > MAX_CHECK_KIB {
        return false;
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let needed = params.block_count();
    if blocks.len() < needed {
        blocks.resize(needed, argon2::Block::default());
    }
    let mut output = vec![0u8; expected.len()];
    let hashed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password,
        salt,
        &mut output,
        &mut blocks[..needed],
    );
    hashed.is_ok() && same_bytes(&output, expected.as_bytes())
}

/// Compares in time that does not depend on where the bytes differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |difference, (x, y)| difference | (x ^ y)) == 0
}

/// The pool is full: the caller is told to come back shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

/// A password to check, and where to send the answer.
struct Job {
    password: String,
    phc: Option<String>,
    answer: tokio::sync::oneshot::Sender<bool>,
}

/// Runs password checks on a few threads of its own, with a short queue; a
/// request beyond the queue is answered "busy" at once instead of waiting
/// with its memory held. Each thread keeps its ~19 MiB of working memory
/// from one check to the next, so what a burst can hold is bounded by the
/// threads, not by the burst (allocated anew, freed memory was retained by
/// the allocator check after check: ~380 MiB after 300 requests).
#[derive(Debug, Clone)]
pub struct PasswordChecker {
    jobs: std::sync::mpsc::SyncSender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Job([redacted])")
    }
}

impl PasswordChecker {
    /// `concurrent` checks at once, `queue` more waiting.
    pub fn new(concurrent: usize, queue: usize) -> Self {
        let (jobs, waiting) = std::sync::mpsc::sync_channel::<Job>(queue);
        let waiting = std::sync::Arc::new(std::sync::Mutex::new(waiting));
        for worker in 0..concurrent.max(1) {
            let waiting = waiting.clone();
            let spawned = std::thread::Builder::new().name(format!("password-check-{worker}")).spawn(move || {
                // This thread's working memory, allocated by its first check and kept.
                let mut blocks = Vec::new();
                loop {
                    // The lock is held only to take a job; a closed channel ends the thread.
                    let job = match waiting.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    let matched = password_matches_in(&job.password, job.phc.as_deref(), &mut blocks);
                    let _ = job.answer.send(matched);
                }
            });
            if let Err(error) = spawned {
                tracing::error!(%error, "a password-check thread did not start");
            }
        }
        Self { jobs }
    }

    /// Whether `password` matches `phc` (see [`password_matches`]).
    pub async fn check(&self, password: String, phc: Option<String>) -> Result<bool, Busy> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.jobs.try_send(Job { password, phc, answer }).map_err(|_| Busy)?;
        answered.await.map_err(|_| Busy)
    }
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

    fn hash(password: &str) -> String {
        let salt = SaltString::encode_b64(b"fixed-test-salt!").unwrap_or_else(|_| unreachable!());
        argon2::Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
    }

    #[test]
    fn passwords_match_their_hash_and_unknown_users_never_match() {
        let hash = hash("demo-pharmacist");
        assert!(password_matches("demo-pharmacist", Some(&hash)));
        assert!(!password_matches("wrong", Some(&hash)));
        assert!(!password_matches("anything", None));
        // The way the app hashes (random salt, argon2id defaults) checks the same.
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let app_hash = argon2::Argon2::default().hash_password(b"demo-supervisor", &salt).unwrap().to_string();
        assert!(password_matches("demo-supervisor", Some(&app_hash)));
        assert!(!password_matches("demo-supervisor!", Some(&app_hash)));
    }

    #[test]
    fn a_stored_hash_that_asks_for_gigabytes_is_never_checked() {
        let greedy =
            "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
        assert!(!password_matches("anything", Some(greedy)));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn checks_beyond_the_pool_and_its_queue_are_answered_busy() {
        let checker = PasswordChecker::new(1, 2);
        let hash = hash("demo-pharmacist");
        let checks: Vec<_> = (0..12)
            .map(|_| {
                let checker = checker.clone();
                let hash = hash.clone();
                tokio::spawn(async move { checker.check("demo-pharmacist".into(), Some(hash)).await })
            })
            .collect();
        let mut answered = 0;
        let mut busy = 0;
        for check in checks {
            match check.await.unwrap_or(Err(Busy)) {
                Ok(true) => answered += 1,
                Ok(false) => unreachable!("the password is right"),
                Err(Busy) => busy += 1,
            }
        }
        assert!(answered >= 1 && busy >= 1, "answered {answered}, busy {busy}");
        assert_eq!(checker.check("demo-pharmacist".into(), Some(hash)).await, Ok(true), "free again");
    }
}
