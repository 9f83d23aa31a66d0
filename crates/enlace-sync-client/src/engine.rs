//! The sync engine: push the outbox until it is empty, then pull until
//! caught up. Each pulled page is applied together with its cursor, each
//! pushed batch leaves the outbox only for the changes the server answered
//! for, so a crash or a lost answer at any point means at most a repeat,
//! which the server and the store both ignore. The background loop
//! ([`run`]) syncs, then waits for the server (long poll) or a local change,
//! and backs off on failure.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use enlace_store::{Store, StoreError};
use enlace_sync::{Change, Entity, PushResponse, Rejection};
use serde::Serialize;
use tokio::sync::watch;
use uuid::Uuid;

use crate::transport::{Transport, TransportError};

/// Changes per push.
pub const PUSH_BATCH: u32 = 500;
/// Changes per pull.
pub const PULL_PAGE: u32 = 5_000;
/// How long the background loop's pull waits for news.
pub const LONG_POLL: Duration = Duration::from_secs(25);

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server answered a push without a word on some of its changes.
    #[error("the server did not answer for every change pushed")]
    IncompleteAnswer,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    /// Entities undone because the server refused a change to them.
    pub undone: Vec<(Entity, Uuid)>,
    pub pulled: usize,
}

/// What a push's answer means for the batch sent: which changes leave the
/// outbox, which are undone, and whether the server skipped any (which
/// stops the round, so the engine never loops on the same batch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOutcome {
    pub pushed: Vec<Uuid>,
    pub rejected: Vec<Rejection>,
    pub unanswered: usize,
}

/// Reads a push's answer against the batch sent. Answers for changes not in
/// the batch (a reply to an older request) are ignored.
pub fn push_outcome(batch: &[Change], answer: &PushResponse) -> PushOutcome {
    let sent: BTreeSet<Uuid> = batch.iter().map(|change| change.change_id).collect();
    let pushed: Vec<Uuid> = answer.accepted.iter().copied().filter(|id| sent.contains(id)).collect();
    let rejected: Vec<Rejection> =
        answer.rejected.iter().copied().filter(|rejection| sent.contains(&rejection.change_id)).collect();
    let answered: BTreeSet<Uuid> =
        pushed.iter().copied().chain(rejected.iter().map(|rejection| rejection.change_id)).collect();
    PushOutcome { unanswered: sent.len() - answered.len(), pushed, rejected }
}

/// One store syncing through one transport.
#[derive(Debug)]
pub struct SyncEngine<'a, T: Transport> {
    store: &'a Store,
    transport: &'a T,
}

impl<'a, T: Transport> SyncEngine<'a, T> {
    pub fn new(store: &'a Store, transport: &'a T) -> Self {
        Self { store, transport }
    }

    /// Pushes the whole outbox, then pulls until caught up.
    pub async fn sync_once(&self, now: DateTime<Utc>) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        loop {
            let batch = self.store.outbox(PUSH_BATCH).await?;
            if batch.is_empty() {
                break;
            }
            let answer = self.transport.push(&batch).await?;
            let outcome = push_outcome(&batch, &answer);
            self.store.mark_pushed(&outcome.pushed, now).await?;
            report.pushed += outcome.pushed.len();
            report.undone.extend(self.store.reject_changes(&outcome.rejected, now).await?);
            if outcome.unanswered > 0 {
                return Err(SyncError::IncompleteAnswer);
            }
        }
        // The next page is fetched while this one is applied: a page's cursor
        // comes with it, and applying it is the slow part of an initial pull.
        let cursor = self.store.sync_cursor().await?;
        let mut page = self.transport.pull(cursor.as_deref(), PULL_PAGE, Duration::ZERO).await?;
        loop {
            let cursor = page.cursor.clone();
            let (applied, next) = if page.more {
                let (applied, next) = tokio::join!(
                    self.store.apply_remote(page.changes, &cursor),
                    self.transport.pull(Some(&cursor), PULL_PAGE, Duration::ZERO)
                );
                (applied?, Some(next?))
            } else {
                (self.store.apply_remote(page.changes, &cursor).await?, None)
            };
            report.pulled += applied.new;
            match next {
                Some(next) => page = next,
                None => break,
            }
        }
        Ok(report)
    }

    /// Pulls one page (waiting up to `wait` for something new) and applies
    /// it with its cursor. Returns how many new changes it brought and
    /// whether more are ready.
    pub async fn pull_page(&self, wait: Duration) -> Result<(usize, bool), SyncError> {
        let cursor = self.store.sync_cursor().await?;
        let page = self.transport.pull(cursor.as_deref(), PULL_PAGE, wait).await?;
        let applied = self.store.apply_remote(page.changes, &page.cursor).await?;
        Ok((applied.new, page.more))
    }
}

/// Where background sync stands, for the Settings screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncPhase {
    Starting,
    Syncing,
    /// Up to date, waiting for news.
    Idle,
    /// The last attempt failed; trying again after a pause.
    Retrying,
    /// A supervisor revoked this device: sync stopped.
    Revoked,
    /// The server refused the device's credentials: register again.
    Unauthorized,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub phase: SyncPhase,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// Entities undone by the server since the loop started.
    pub undone: usize,
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self { phase: SyncPhase::Starting, last_synced_at: None, last_error: None, undone: 0 }
    }
}

/// The pause before the `attempt`-th retry: 1 s doubling to 60 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(6)).min(Duration::from_secs(60))
}

/// Syncs in the background until `stop` turns true: after each sync it
/// waits for the server's news (long poll) or a local change; after a
/// failure it waits [`backoff`]. Stops on a revoked device.
pub async fn run<T: Transport, S: std::ops::Deref<Target = Store>>(
    store: S,
    transport: T,
    status: watch::Sender<SyncStatus>,
    mut stop: watch::Receiver<bool>,
) {
    let engine = SyncEngine::new(&store, &transport);
    let mut failures = 0u32;
    while !*stop.borrow() {
        status.send_modify(|status| status.phase = SyncPhase::Syncing);
        let result = engine.sync_once(Utc::now()).await;
        let pause = match result {
            Ok(report) => {
                failures = 0;
                status.send_modify(|status| {
                    status.phase = SyncPhase::Idle;
                    status.last_synced_at = Some(Utc::now());
                    status.last_error = None;
                    status.undone += report.undone.len();
                });
                None
            }
            Err(error) => {
                let phase = match &error {
                    SyncError::Transport(TransportError::Revoked) => SyncPhase::Revoked,
                    SyncError::Transport(TransportError::Unauthorized) => SyncPhase::Unauthorized,
                    _ => SyncPhase::Retrying,
                };
                tracing::warn!(%error, "sync failed");
                status.send_modify(|status| {
                    status.phase = phase;
                    status.last_error = Some(error_code(&error).to_owned());
                });
                if matches!(phase, SyncPhase::Revoked | SyncPhase::Unauthorized) {
                    let _ = stop.wait_for(|stopped| *stopped).await;
                    return;
                }
                failures += 1;
                Some(backoff(failures))
            }
        };
        tokio::select! {
            _ = stop.changed() => {}
            _ = store.local_change() => {}
            () = async {
                match pause {
                    Some(pause) => tokio::time::sleep(pause).await,
                    // Up to date: wait for news; what comes is applied here and
                    // the loop syncs again (pushes first) straight after.
                    None => { let _ = engine.pull_page(LONG_POLL).await; }
                }
            } => {}
        }
    }
}

/// A short code for the Settings screen (localized there), never a message.
pub fn error_code(error: &SyncError) -> &'static str {
    match error {
        SyncError::Transport(TransportError::Unreachable) => "unreachable",
        SyncError::Transport(TransportError::Unauthorized) => "unauthorized",
        SyncError::Transport(TransportError::Revoked) => "revoked",
        SyncError::Transport(TransportError::SetupRequired) => "setup-required",
        SyncError::Transport(TransportError::Server(_)) => "server-error",
        SyncError::Transport(TransportError::Protocol) | SyncError::IncompleteAnswer => "protocol",
        SyncError::Store(_) => "store",
    }
}

#[cfg(test)]
mod tests {
    use enlace_domain::HlcStamp;
    use enlace_sync::RejectReason;

    use super::*;

    fn change(n: u128) -> Change {
        let device = Uuid::from_u128(1);
        Change {
            change_id: Uuid::from_u128(n),
            entity: Entity::Preference,
            entity_id: device,
            fields: serde_json::Map::new(),
            hlc: HlcStamp { wall_ms: n as u64, counter: 0, device },
            device_id: device,
            author: String::new(),
        }
    }

    #[test]
    fn a_push_answer_is_read_against_the_batch_sent() {
        let batch = [change(1), change(2), change(3)];
        let answer = PushResponse {
            accepted: vec![Uuid::from_u128(1), Uuid::from_u128(9)],
            rejected: vec![Rejection { change_id: Uuid::from_u128(2), reason: RejectReason::NotPermitted }],
        };
        let outcome = push_outcome(&batch, &answer);
        assert_eq!(outcome.pushed, [Uuid::from_u128(1)], "an id from another batch is ignored");
        assert_eq!(outcome.rejected.len(), 1);
        assert_eq!(outcome.unanswered, 1, "change 3 got no answer");
    }

    #[test]
    fn backoff_doubles_to_a_minute() {
        assert_eq!(backoff(0), Duration::from_secs(1));
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(5), Duration::from_secs(32));
        assert_eq!(backoff(6), Duration::from_secs(60));
        assert_eq!(backoff(40), Duration::from_secs(60));
    }
}
