//! Sync's rows of the benchmark: a new laptop's initial pull of the whole
//! generated pharmacy over HTTP (against the server's own bulk insert of
//! the same rows, measured in the same run), how soon a change made on one
//! laptop is visible on another (both running the background loop), and 50
//! clients pushing and pulling for a while on SQLite and on PostgreSQL.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use enlace_domain::{HlcStamp, Language};
use enlace_server::{CredentialRecord, DatabaseKey, DeviceRecord, Listen, ServerConfig, ServerState, serve};
use enlace_store::entities::preference_mutation;
use enlace_store::{MemoryKeyStore, Store};
use enlace_sync::{Change, Entity, PushRequest};
use enlace_sync_client::{DeviceToken, HttpTransport, SyncEngine, SyncStatus, Transport, http_client};
use tokio::sync::{oneshot, watch};
use uuid::Uuid;

use crate::report::{Goal, Measure, Report};

/// A server on loopback for the length of a measure.
struct RunningServer {
    state: Arc<ServerState>,
    url: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningServer {
    async fn start(database_url: &str) -> anyhow::Result<Self> {
        let config = ServerConfig { database_key: Some(DatabaseKey::generate()), ..ServerConfig::default() };
        let state = ServerState::open(database_url, config).await?;
        let (bound_tx, bound_rx) = oneshot::channel::<SocketAddr>();
        let (stop, stop_rx) = oneshot::channel::<()>();
        let listen = Listen::Plain("127.0.0.1:0".parse()?);
        let serving = state.clone();
        let task = tokio::spawn(async move {
            let bound = move |address| {
                let _ = bound_tx.send(address);
            };
            if let Err(error) = serve(serving, listen, bound, async move {
                let _ = stop_rx.await;
            })
            .await
            {
                eprintln!("bench server stopped: {error}");
            }
        });
        let address = bound_rx.await.context("the bench server did not start")?;
        Ok(Self { state, url: format!("http://{address}"), stop: Some(stop), task })
    }

    /// Registers an approved device directly in storage (registration itself
    /// is not what is measured); a setup device may bring anything it holds.
    async fn device(&self, device_id: Uuid, bootstrap: bool) -> anyhow::Result<HttpTransport> {
        let token = enlace_server::auth::new_token();
        let now = Utc::now();
        let device = DeviceRecord {
            device_id,
            device_name: "bench".into(),
            username: "bench".into(),
            token_hash: enlace_server::auth::token_hash(&token),
            registered_at: now,
            approved_by: Some("bench".into()),
            approved_at: Some(now),
            bootstrap_until: bootstrap.then_some(HlcStamp {
                wall_ms: enlace_domain::MAX_WALL_MS,
                counter: u32::MAX,
                device: device_id,
            }),
            revoked_at: None,
        };
        let credential = CredentialRecord {
            token_hash: enlace_server::auth::token_hash(&enlace_server::auth::new_token()),
            device_id,
            user_id: Uuid::now_v7(),
            issued_at: now,
        };
        anyhow::ensure!(self.state.storage.register_device(&device, &credential).await?, "a bench device id was taken");
        Ok(HttpTransport::new(http_client(None)?, &self.url, DeviceToken(token)))
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = self.task.await;
        self.state.storage.close().await;
    }
}

/// Changes in the initial pull the goal is set for.
const GOAL_CHANGES: usize = 1_000_000;

/// The initial pull by an empty store of the first [`GOAL_CHANGES`] of
/// `source`'s change log (the server as it stood then), and of the whole
/// log, each against the server's bulk insert of the same changes.
pub async fn measure_initial_pull(source: &Store, report: &mut Report) -> anyhow::Result<()> {
    let changes = source.synced_changes().await?;
    if changes.len() > GOAL_CHANGES {
        initial_pull(&changes[..GOAL_CHANGES], None, Goal::AtMost(Duration::from_secs(60)), report).await?;
        initial_pull(&changes, Some(source), Goal::None, report).await
    } else {
        initial_pull(&changes, Some(source), Goal::AtMost(Duration::from_secs(60)), report).await
    }
}

/// One initial pull of `changes`; with `whole`, the store they all came from,
/// whose patients must all arrive.
async fn initial_pull(
    changes: &[Change],
    whole: Option<&Store>,
    goal: Goal,
    report: &mut Report,
) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let server = RunningServer::start(&format!("sqlite:{}", dir.path().join("server.db").display())).await?;
    let started = Instant::now();
    for chunk in changes.chunks(20_000) {
        server.state.storage.append_server_changes(chunk, Utc::now()).await?;
    }
    let bulk = started.elapsed();
    let fetch = fetch_all(&server.device(Uuid::now_v7(), false).await?).await?;
    let laptop_dir = tempfile::tempdir()?;
    let keys = MemoryKeyStore::default();
    let laptop = Store::open(&laptop_dir.path().join("enlace.db"), &keys).await?;
    let transport = server.device(laptop.device_id(), false).await?;
    let started = Instant::now();
    let pulled = SyncEngine::new(&laptop, &transport).sync_once(Utc::now()).await?;
    let pull = started.elapsed();
    anyhow::ensure!(pulled.pulled == changes.len(), "pulled {} of {} changes", pulled.pulled, changes.len());
    if let Some(source) = whole {
        anyhow::ensure!(
            laptop.patient_count().await? == source.patient_count().await?,
            "the patients did not all arrive"
        );
    }
    report.note(format!(
        "Initial pull: {} changes ({:.0} per second), over HTTP on loopback into an encrypted store; the server's bulk insert of the same rows took {:.1?}; fetching the same pages without applying them took {fetch:.1?}.",
        changes.len(),
        changes.len() as f64 / pull.as_secs_f64(),
        bulk
    ));
    let baseline = Measure::new(
        format!("Server's bulk insert of the same {} changes", changes.len()),
        vec![bulk],
        None,
        Goal::None,
    );
    report.push(Measure::new(
        format!("Initial pull of {} changes (new laptop)", changes.len()),
        vec![pull],
        Some(baseline.clone()),
        goal,
    ));
    report.push(baseline);
    laptop.close().await;
    server.stop().await;
    Ok(())
}

/// Every page of the server's log pulled and dropped: the transport's and
/// the server's share of an initial pull.
async fn fetch_all(transport: &HttpTransport) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut cursor = None;
    loop {
        let page = transport.pull(cursor.as_deref(), enlace_sync_client::engine::PULL_PAGE, Duration::ZERO).await?;
        cursor = Some(page.cursor);
        if !page.more {
            return Ok(started.elapsed());
        }
    }
}

/// Two laptops with the background loop running: the time from a write on
/// one to the change in the other's store.
pub async fn measure_visibility(report: &mut Report, samples: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let server = RunningServer::start(&format!("sqlite:{}", dir.path().join("server.db").display())).await?;
    let mut laptops = Vec::new();
    let mut loops = Vec::new();
    for index in 0..2 {
        let keys = MemoryKeyStore::default();
        let store = Arc::new(Store::open(&dir.path().join(format!("laptop-{index}/enlace.db")), &keys).await?);
        let transport = server.device(store.device_id(), true).await?;
        let (status, _) = watch::channel(SyncStatus::default());
        let (stop, stop_rx) = watch::channel(false);
        loops.push((stop, tokio::spawn(enlace_sync_client::run(store.clone(), transport, status, stop_rx))));
        laptops.push(store);
    }
    let owner = Uuid::now_v7();
    let mut times = Vec::new();
    for sample in 0..samples {
        let language = if sample % 2 == 0 { Language::Spanish } else { Language::English };
        let started = Instant::now();
        laptops[0].apply(vec![preference_mutation(owner, language)]).await?;
        loop {
            if laptops[1].ui_locale(owner).await? == Some(language) {
                break;
            }
            anyhow::ensure!(started.elapsed() < Duration::from_secs(30), "a change never reached the other laptop");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        times.push(started.elapsed());
    }
    report.push(Measure::new(
        "Change visible on another laptop (both syncing in the background)".into(),
        times,
        None,
        Goal::P95AtMost(Duration::from_secs(2)),
    ));
    for (stop, task) in loops {
        let _ = stop.send(true);
        let _ = task.await;
    }
    for laptop in laptops {
        laptop.close().await;
    }
    server.stop().await;
    Ok(())
}

/// `clients` devices each pushing a few changes and pulling, for `length`.
pub async fn measure_load(
    backend: &str,
    database_url: &str,
    clients: usize,
    length: Duration,
    report: &mut Report,
) -> anyhow::Result<()> {
    let server = RunningServer::start(database_url).await?;
    let mut tasks = Vec::new();
    let until = Instant::now() + length;
    for _ in 0..clients {
        let device = Uuid::now_v7();
        let transport = server.device(device, true).await?;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut cursor: Option<String> = None;
            let mut stamp = HlcStamp::genesis(device, 0);
            while Instant::now() < until {
                let changes: Vec<Change> = (0..5)
                    .map(|_| {
                        stamp = HlcStamp::next_local(&stamp, u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0))
                            .unwrap_or(stamp);
                        let mut fields = serde_json::Map::new();
                        fields.insert("ui_locale".into(), serde_json::json!("es-US"));
                        Change {
                            change_id: Uuid::now_v7(),
                            entity: Entity::Preference,
                            entity_id: Uuid::now_v7(),
                            fields,
                            hlc: stamp,
                            device_id: device,
                            author: String::new(),
                        }
                    })
                    .collect();
                let started = Instant::now();
                let request = PushRequest { changes, credentials: Vec::new(), last: false };
                match transport.push(&request).await {
                    Ok(answer) if answer.rejected.is_empty() => latencies.push(started.elapsed()),
                    _ => errors += 1,
                }
                let started = Instant::now();
                match transport.pull(cursor.as_deref(), 500, Duration::ZERO).await {
                    Ok(page) => {
                        cursor = Some(page.cursor);
                        latencies.push(started.elapsed());
                    }
                    Err(_) => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (mut times, failed) = task.await?;
        latencies.append(&mut times);
        errors += failed;
    }
    let requests = latencies.len() + errors;
    let mut sorted = latencies.clone();
    sorted.sort();
    let p99 = sorted.get((sorted.len() * 99).div_ceil(100).saturating_sub(1)).copied().unwrap_or_default();
    report.note(format!(
        "{clients} clients for {:.0?} on {backend}: {requests} requests ({:.0}/s), {errors} errors, p99 {:.1} ms.",
        length,
        requests as f64 / length.as_secs_f64(),
        p99.as_secs_f64() * 1000.0
    ));
    report.push(Measure::new(
        format!(
            "{clients} clients pushing and pulling, {backend} (per request; p99 {:.1} ms, {errors} errors)",
            p99.as_secs_f64() * 1000.0
        ),
        latencies,
        None,
        Goal::None,
    ));
    server.stop().await;
    anyhow::ensure!(errors == 0, "{errors} requests failed under load on {backend}");
    Ok(())
}

/// A PostgreSQL database of the bench's own, dropped afterwards.
pub async fn with_postgres_database<F, T>(server: &str, run: F) -> anyhow::Result<T>
where
    F: AsyncFnOnce(String) -> anyhow::Result<T>,
{
    use sqlx::Connection;
    let name = format!("enlace_bench_{}", Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .with_context(|| format!("PostgreSQL at {server}"))?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    let result = run(format!("{server}/{name}")).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await?;
    admin.close().await?;
    result
}
