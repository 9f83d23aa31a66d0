//! What anyone may send before they have proved anything: per-source rate
//! limits on the routes that check a password or take the website's posts
//! (`governor`, keyed by the peer's address), and the sizes of what those
//! routes read. The bounded password pool is in [`crate::auth`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// How much the server takes from callers that have not proved anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Password checks (registration, a user's credential) per source per minute; bursts up to as many.
    pub password_checks_per_minute: u32,
    /// Website posts per source per minute; bursts up to as many.
    pub intake_per_minute: u32,
    /// Password checks running at once.
    pub password_checks_at_once: usize,
    /// Password checks waiting for one of those; more are answered "busy".
    pub password_checks_waiting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            password_checks_per_minute: 20,
            intake_per_minute: 30,
            password_checks_at_once: 2,
            password_checks_waiting: 16,
        }
    }
}

/// Largest registration or credential request (a founder's account changes fit easily).
pub const MAX_AUTH_BODY_BYTES: usize = 256 * 1024;
/// Largest website post.
pub const MAX_INTAKE_BODY_BYTES: usize = 16 * 1024;

/// A rate limit per source address.
#[derive(Debug)]
pub struct PerSource {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl PerSource {
    pub fn per_minute(count: u32) -> Self {
        let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
        Self { limiter: RateLimiter::keyed(Quota::per_minute(count).allow_burst(count)) }
    }

    /// `Ok` when `source` may go on; otherwise how long until it may.
    pub fn check(&self, source: IpAddr) -> Result<(), Duration> {
        self.limiter.check_key(&source).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The address a request came from: the connection's peer. (In-process
/// tests have no connection; they all count as one source.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Source {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
        Ok(Self(peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_has_its_own_allowance() {
        let limit = PerSource::per_minute(3);
        let (a, b) = (IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)), IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)));
        for _ in 0..3 {
            assert!(limit.check(a).is_ok());
        }
        let wait = limit.check(a).expect_err("a fourth within the minute");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(limit.check(b).is_ok(), "another address is not held back");
    }
}
