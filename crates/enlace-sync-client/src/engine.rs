//! The sync engine: push what may go of the outbox (planned by
//! [`crate::plan`]: each change with its author's credential), then pull
//! until caught up. Each pulled page is applied together with its cursor,
//! each pushed batch leaves the outbox only for the changes the server
//! answered for, so a crash or a lost answer at any point means at most a
//! repeat, which the server and the store both ignore. Every answer carries
//! the server's clock, which this device's stamps follow, and a push's the
//! device's audit chain as the server holds it. The background loop
//! ([`run`]) syncs, then waits for the server (long poll) or a local
//! change, and backs off on failure; a device waiting for approval asks
//! again now and then.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use enlace_store::{Store, StoreError};
use enlace_sync::{Change, Entity, PullResponse, PushRequest, PushResponse, Rejection};
use serde::Serialize;
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

use crate::plan::PushPlan;
use crate::transport::{Transport, TransportError};
use crate::{Credentials, SyncConfig};

/// Changes per push.
pub const PUSH_BATCH: u32 = 500;
/// Changes per pull (the server's most).
pub const PULL_PAGE: u32 = 10_000;
/// Changes applied in one store transaction at most, from pages already fetched.
pub const APPLY_BATCH: usize = 80_000;
/// Pages fetched ahead of those being applied.
const PAGES_AHEAD: usize = 8;
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
    /// Changes left in the outbox for now (waiting for a credential, the clock, or an earlier change).
    pub held: usize,
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

    /// Pushes what may go of the outbox, then pulls until caught up.
    pub async fn sync_once(&self, now: DateTime<Utc>) -> Result<SyncReport, SyncError> {
        let mut report = self.push_outbox(now).await?;
        report.pulled = self.pull_backlog().await?;
        if report.held > 0 {
            // The clock may have been set by the server's since: what waited on it may go.
            let again = self.push_outbox(now).await?;
            report.pushed += again.pushed;
            report.undone.extend(again.undone);
            report.held = again.held;
        }
        Ok(report)
    }

    /// Pushes, in batches, every outbox change the plan lets go, each batch
    /// with the credentials of its authors.
    async fn push_outbox(&self, now: DateTime<Utc>) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        if !self.store.knows_server_clock().await? {
            // Nothing goes out stamped by a clock the server has not set: one change's worth of
            // a pull (not applied) says the server's time.
            let cursor = self.store.sync_cursor().await?;
            let page = self.transport.pull(cursor.as_deref(), 1, Duration::ZERO).await?;
            self.learn(page.server_time_ms).await?;
        }
        let credentials = Credentials::load(self.store).await?;
        let bootstrap_until = SyncConfig::load(self.store).await?.and_then(|config| config.bootstrap_until);
        let mut plan = PushPlan::new(credentials.0.keys().cloned().collect(), bootstrap_until, self.store.clock_ms());
        let mut position = 0;
        loop {
            let mut batch = Vec::new();
            let mut end_of_outbox = false;
            while batch.len() < PUSH_BATCH as usize {
                let page = self.store.outbox_after(position, PUSH_BATCH).await?;
                end_of_outbox = page.len() < PUSH_BATCH as usize;
                for (seq, change) in page {
                    position = seq;
                    if plan.admit(&change).is_ok() {
                        batch.push(change);
                        if batch.len() == PUSH_BATCH as usize {
                            break;
                        }
                    }
                }
                if end_of_outbox {
                    break;
                }
            }
            let last = end_of_outbox && plan.held() == 0;
            let done_bootstrap = last && bootstrap_until.is_some();
            if batch.is_empty() && !done_bootstrap {
                break;
            }
            let mut authors: Vec<&str> = batch.iter().map(|change| change.author.as_str()).collect();
            authors.sort_unstable();
            authors.dedup();
            let request = PushRequest {
                credentials: authors.iter().filter_map(|author| credentials.get(author).cloned()).collect(),
                changes: batch,
                last,
            };
            let answer = self.transport.push(&request).await?;
            self.learn(answer.server_time_ms).await?;
            let outcome = push_outcome(&request.changes, &answer);
            self.store.mark_pushed(&outcome.pushed, now).await?;
            report.pushed += outcome.pushed.len();
            report.undone.extend(self.store.reject_changes(&outcome.rejected, now).await?);
            if let Some(head) = answer.audit_head {
                self.store.set_server_audit_head(&head.into()).await?;
            }
            if outcome.unanswered > 0 {
                return Err(SyncError::IncompleteAnswer);
            }
            if done_bootstrap {
                SyncConfig::save_bootstrap(self.store, None).await?;
            }
            if last || request.changes.is_empty() {
                break;
            }
        }
        report.held = plan.held();
        Ok(report)
    }

    /// Sets this device's clock by the server's, and stamps again what
    /// has not left the device yet and is stamped ahead of it.
    async fn learn(&self, server_time_ms: u64) -> Result<(), SyncError> {
        if server_time_ms > 0 {
            self.store.set_server_clock(server_time_ms).await?;
            self.store.restamp_ahead(enlace_sync::MAX_STAMP_AHEAD_MS / 4).await?;
        }
        Ok(())
    }

    /// Pulls until caught up. Pages are fetched ahead while earlier ones
    /// are applied (applying is the slow part of an initial pull), and the
    /// pages ready when a transaction starts are applied together with the
    /// last one's cursor: a store's commit costs less the more of its rows
    /// share index pages. Whatever was applied stays applied when a fetch
    /// fails; the error is returned after. A store's first pull logs its
    /// batches only and derives the rows once at the end, also when it
    /// stops early, so what came is there to work with.
    async fn pull_backlog(&self) -> Result<usize, SyncError> {
        let initial = self.store.initial_pull_open().await?;
        let (ready, mut pages) = mpsc::channel::<PullResponse>(PAGES_AHEAD);
        let fetch = async move {
            let mut cursor = self.store.sync_cursor().await?;
            let mut first = true;
            loop {
                let page = self.transport.pull(cursor.as_deref(), PULL_PAGE, Duration::ZERO).await?;
                // The clock once a backlog: learning takes the store's clock, which applying
                // holds, and the pages must keep coming while earlier ones are applied.
                if std::mem::take(&mut first) {
                    self.learn(page.server_time_ms).await?;
                }
                let more = page.more;
                cursor = Some(page.cursor.clone());
                // A closed channel means applying failed: its error is the one to report.
                if ready.send(page).await.is_err() || !more {
                    return Ok::<_, SyncError>(());
                }
            }
        };
        let apply = async move {
            let mut pulled = 0;
            while let Some(first) = pages.recv().await {
                let mut batch = vec![first];
                while batch_len(&batch) < APPLY_BATCH {
                    match pages.try_recv() {
                        Ok(page) => batch.push(page),
                        Err(_) => break,
                    }
                }
                let (changes, cursor) = joined(batch);
                let applied = if initial {
                    self.store.log_initial_pull(changes, &cursor).await?
                } else {
                    self.store.apply_remote(changes, &cursor).await?
                };
                pulled += applied.new;
            }
            Ok::<_, SyncError>(pulled)
        };
        let (fetched, applied) = tokio::join!(fetch, apply);
        let finished = if initial { self.store.finish_initial_pull().await } else { Ok(()) };
        let pulled = applied?;
        fetched?;
        finished?;
        Ok(pulled)
    }

    /// Pulls one page (waiting up to `wait` for something new) and applies
    /// it with its cursor. Returns how many new changes it brought and
    /// whether more are ready.
    pub async fn pull_page(&self, wait: Duration) -> Result<(usize, bool), SyncError> {
        let cursor = self.store.sync_cursor().await?;
        let page = self.transport.pull(cursor.as_deref(), PULL_PAGE, wait).await?;
        self.learn(page.server_time_ms).await?;
        let applied = self.store.apply_remote(page.changes, &page.cursor).await?;
        Ok((applied.new, page.more))
    }
}

fn batch_len(pages: &[PullResponse]) -> usize {
    pages.iter().map(|page| page.changes.len()).sum()
}

/// Consecutive pages as one: their changes in order, the last one's cursor.
fn joined(pages: Vec<PullResponse>) -> (Vec<Change>, String) {
    let mut changes = Vec::with_capacity(batch_len(&pages));
    let mut cursor = String::new();
    for page in pages {
        changes.extend(page.changes);
        cursor = page.cursor;
    }
    (changes, cursor)
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
    /// The device waits for a supervisor's approval; it asks again now and then.
    Pending,
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
    /// Changes the last sync left in the outbox for now.
    pub held: usize,
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self { phase: SyncPhase::Starting, last_synced_at: None, last_error: None, undone: 0, held: 0 }
    }
}

/// How often a device waiting for approval asks again.
pub const PENDING_POLL: Duration = Duration::from_secs(15);

/// The pause before the `attempt`-th retry: 1 s doubling to 60 s.
pub fn sync_retry_backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(6)).min(Duration::from_secs(60))
}

/// Syncs in the background until `stop` turns true: after each sync it
/// waits for the server's news (long poll) or a local change; after a
/// failure it waits [`sync_retry_backoff`]. Stops on a revoked device.
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
                    status.held = report.held;
                });
                None
            }
            Err(error) => {
                let phase = match &error {
                    SyncError::Transport(TransportError::Revoked) => SyncPhase::Revoked,
                    SyncError::Transport(TransportError::Unauthorized) => SyncPhase::Unauthorized,
                    SyncError::Transport(TransportError::Pending) => SyncPhase::Pending,
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
                if phase == SyncPhase::Pending {
                    Some(PENDING_POLL)
                } else {
                    failures += 1;
                    Some(sync_retry_backoff(failures))
                }
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
        SyncError::Transport(TransportError::Pending) => "pending",
        SyncError::Transport(
            TransportError::Forbidden | TransportError::DeviceExists | TransportError::SignInWait(_),
        ) => "unauthorized",
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
            ..PushResponse::default()
        };
        let outcome = push_outcome(&batch, &answer);
        assert_eq!(outcome.pushed, [Uuid::from_u128(1)], "an id from another batch is ignored");
        assert_eq!(outcome.rejected.len(), 1);
        assert_eq!(outcome.unanswered, 1, "change 3 got no answer");
    }

    #[test]
    fn pages_join_in_order_under_the_last_cursor() {
        let page = |from: u128, cursor: &str| PullResponse {
            changes: vec![change(from), change(from + 1)],
            cursor: cursor.into(),
            more: true,
            server_time_ms: 0,
        };
        let (changes, cursor) = joined(vec![page(1, "s:2"), page(3, "s:4")]);
        let ids: Vec<Uuid> = changes.iter().map(|change| change.change_id).collect();
        assert_eq!(ids, (1..=4).map(Uuid::from_u128).collect::<Vec<_>>());
        assert_eq!(cursor, "s:4");
        assert_eq!(joined(Vec::new()).1, "", "no pages, no cursor");
    }

    /// A server's log served `page` changes at a time, its cursor the count
    /// served; pulls after the `fail_after`-th fail as a dropped network would.
    struct PagedLog {
        changes: Vec<Change>,
        page: usize,
        fail_after: Option<usize>,
        pulls: std::sync::atomic::AtomicUsize,
    }

    #[async_trait::async_trait]
    impl Transport for PagedLog {
        async fn push(&self, _request: &PushRequest) -> Result<PushResponse, TransportError> {
            Ok(PushResponse::default())
        }

        async fn pull(
            &self,
            cursor: Option<&str>,
            _limit: u32,
            _wait: Duration,
        ) -> Result<PullResponse, TransportError> {
            let pulls = self.pulls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if self.fail_after.is_some_and(|fail_after| pulls >= fail_after) {
                return Err(TransportError::Unreachable);
            }
            let from: usize = cursor.map_or(0, |cursor| cursor.parse().unwrap());
            let to = (from + self.page).min(self.changes.len());
            Ok(PullResponse {
                changes: self.changes[from..to].to_vec(),
                cursor: to.to_string(),
                more: to < self.changes.len(),
                server_time_ms: 0,
            })
        }
    }

    #[tokio::test]
    async fn a_backlog_cut_off_keeps_the_pages_applied_and_the_next_sync_finishes_it() {
        let dir = tempfile::tempdir().unwrap();
        let keys = enlace_store::MemoryKeyStore::default();
        let source = Store::open(&dir.path().join("source.db"), &keys).await.unwrap();
        let owners: Vec<Uuid> = (1..=10).map(Uuid::from_u128).collect();
        let mutations = owners
            .iter()
            .map(|owner| enlace_store::entities::preference_mutation(*owner, enlace_domain::Language::Spanish));
        source.apply(mutations.collect()).await.unwrap();
        let changes = source.synced_changes().await.unwrap();
        assert_eq!(changes.len(), 10);

        let laptop =
            Store::open(&dir.path().join("laptop.db"), &enlace_store::MemoryKeyStore::default()).await.unwrap();
        // The first pull only asks the server's time (this log tells none); two pages follow.
        let cut_off = PagedLog { changes: changes.clone(), page: 3, fail_after: Some(3), pulls: 0.into() };
        let error = SyncEngine::new(&laptop, &cut_off).sync_once(Utc::now()).await.unwrap_err();
        assert!(matches!(error, SyncError::Transport(TransportError::Unreachable)), "{error:?}");
        assert_eq!(laptop.sync_cursor().await.unwrap().as_deref(), Some("6"), "both pages fetched were applied");
        assert_eq!(laptop.synced_changes().await.unwrap().len(), 6);
        assert_eq!(
            laptop.ui_locale(owners[5]).await.unwrap(),
            Some(enlace_domain::Language::Spanish),
            "the rows of what came are derived though the first pull stopped"
        );
        assert!(!laptop.initial_pull_open().await.unwrap(), "the rest comes as any later pull");

        let whole = PagedLog { changes, page: 3, fail_after: None, pulls: 0.into() };
        let report = SyncEngine::new(&laptop, &whole).sync_once(Utc::now()).await.unwrap();
        assert_eq!(report.pulled, 4, "the rest, nothing twice");
        assert_eq!(laptop.sync_cursor().await.unwrap().as_deref(), Some("10"));
        for owner in owners {
            assert_eq!(laptop.ui_locale(owner).await.unwrap(), Some(enlace_domain::Language::Spanish));
        }
    }

    #[test]
    fn sync_retry_backoff_doubles_to_a_minute() {
        assert_eq!(sync_retry_backoff(0), Duration::from_secs(1));
        assert_eq!(sync_retry_backoff(1), Duration::from_secs(2));
        assert_eq!(sync_retry_backoff(5), Duration::from_secs(32));
        assert_eq!(sync_retry_backoff(6), Duration::from_secs(60));
        assert_eq!(sync_retry_backoff(40), Duration::from_secs(60));
    }
}
