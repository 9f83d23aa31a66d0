//! Counters the server exposes at `/metrics` (Prometheus text format).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Metrics {
    pub pushes: AtomicU64,
    pub changes_accepted: AtomicU64,
    pub changes_rejected: AtomicU64,
    pub pulls: AtomicU64,
    pub changes_served: AtomicU64,
    pub registrations: AtomicU64,
    pub unauthorized: AtomicU64,
    /// Requests held back by a per-source rate limit.
    pub rate_limited: AtomicU64,
    pub errors: AtomicU64,
    push_micros: AtomicU64,
    pull_micros: AtomicU64,
}

impl Metrics {
    pub fn add(counter: &AtomicU64, by: u64) {
        counter.fetch_add(by, Ordering::Relaxed);
    }

    pub fn pushed(&self, took: Duration, accepted: usize, rejected: usize) {
        Self::add(&self.pushes, 1);
        Self::add(&self.changes_accepted, accepted as u64);
        Self::add(&self.changes_rejected, rejected as u64);
        Self::add(&self.push_micros, u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
    }

    pub fn pulled(&self, took: Duration, served: usize) {
        Self::add(&self.pulls, 1);
        Self::add(&self.changes_served, served as u64);
        Self::add(&self.pull_micros, u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
    }

    /// The Prometheus exposition text.
    pub fn render(&self) -> String {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP enlace_{name} {help}\n# TYPE enlace_{name} counter\nenlace_{name} {value}");
        };
        counter("pushes_total", "Pushes handled.", read(&self.pushes));
        counter("changes_accepted_total", "Changes kept.", read(&self.changes_accepted));
        counter("changes_rejected_total", "Changes refused.", read(&self.changes_rejected));
        counter("pulls_total", "Pulls answered.", read(&self.pulls));
        counter("changes_served_total", "Changes handed out by pulls.", read(&self.changes_served));
        counter("registrations_total", "Devices registered.", read(&self.registrations));
        counter("unauthorized_total", "Requests refused for their credentials.", read(&self.unauthorized));
        counter("rate_limited_total", "Requests held back by a per-source limit.", read(&self.rate_limited));
        counter("errors_total", "Requests that failed on the server.", read(&self.errors));
        counter("push_seconds_sum_micros", "Time spent in pushes, microseconds.", read(&self.push_micros));
        counter(
            "pull_seconds_sum_micros",
            "Time spent in pulls (waits included), microseconds.",
            read(&self.pull_micros),
        );
        out
    }
}
