//! `enlace-bench`: what `cargo xtask bench` runs after building it in
//! release mode. Generates a seeded pharmacy (100k patients by default) in an
//! encrypted store, then measures each row against its goal and, where the
//! goal is relative, against a baseline measured in the same run on the same
//! machine. Prints one table and writes `report.md` and `report.json`.

mod dataset;
mod desktop;
mod report;
mod sync;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Parser;
use enlace_app::App;
use enlace_domain::CallListFilter;
use enlace_store::{KeyStore, MemoryKeyStore};
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use report::{Goal, Measure, Report};

#[derive(Debug, Parser)]
struct Args {
    /// Patients in the generated pharmacy.
    #[arg(long, default_value_t = 100_000)]
    scale: usize,
    /// Rows in the generated refill report to import.
    #[arg(long, default_value_t = 100_000)]
    import_rows: usize,
    #[arg(long, default_value_t = 20_261_122)]
    seed: u64,
    /// Measure the import only (for working on it).
    #[arg(long)]
    import_only: bool,
    /// Where report.md and report.json go.
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
    /// Seconds each load test (50 clients) runs, per backend.
    #[arg(long, default_value_t = 60)]
    load_seconds: u64,
    /// PostgreSQL server for the load test (a database of the bench's own is created and dropped).
    #[arg(long, env = "ENLACE_BENCH_POSTGRES", default_value = "postgres://postgres@127.0.0.1:5432")]
    postgres: String,
    /// Leave out the sync measures.
    #[arg(long)]
    skip_sync: bool,
    /// Measure the initial pull only (for working on it).
    #[arg(long)]
    pull_only: bool,
    /// Leave out the window's measures (cold start, memory, language switch).
    #[arg(long)]
    skip_desktop: bool,
    /// Measure the window only (for working on it).
    #[arg(long)]
    window_only: bool,
    /// Measure the caller lookup only (for working on it).
    #[arg(long)]
    lookup_only: bool,
    /// The app and the baseline window, built in release mode.
    #[arg(long, default_value = "target/release/enlace")]
    app: PathBuf,
    #[arg(long, default_value = "target/release/enlace-hello")]
    hello: PathBuf,
    /// Where `cargo bench -p enlace-domain` left its results.
    #[arg(long, default_value = "target/criterion")]
    criterion: PathBuf,
    /// Patients in the pharmacy whose call list is scrolled for the memory measure.
    #[arg(long, default_value_t = 10_000)]
    list_patients: usize,
}

/// Rows on the call list's first page, as the window asks for them.
const FIRST_PAGE: u32 = 50;
const LIST_RUNS: usize = 40;
const SEARCH_RUNS_PER_QUERY: usize = 20;
const IMPORT_RUNS: usize = 3;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // WebDriver's client and the sync client both speak TLS: one provider for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let now = Utc::now();
    let today = enlace_demo::demo_today(now);
    let mut report = Report::new(args.scale);

    // The window first, while the machine is otherwise idle.
    if !args.skip_desktop {
        let started = Instant::now();
        let binaries = desktop::Binaries { app: args.app.clone(), hello: args.hello.clone() };
        let demo_dir = tempfile::tempdir()?;
        desktop::measure_cold_start(&binaries, demo_dir.path(), &mut report)?;
        let large_dir = tempfile::tempdir()?;
        large_list_pharmacy(large_dir.path(), args.list_patients, args.seed, now).await?;
        desktop::measure_memory_and_locale(
            &binaries,
            demo_dir.path(),
            large_dir.path(),
            args.list_patients,
            &mut report,
        )
        .await?;
        eprintln!("window measures took {:.1?}", started.elapsed());
        if args.window_only {
            report.write(&args.out)?;
            print!("{}", report.markdown());
            return Ok(());
        }
    }

    let started = Instant::now();
    let pharmacy = dataset::generate(today, args.scale, args.seed);
    eprintln!(
        "generated {} patients, {} prescriptions, {} interactions in {:.1?}",
        pharmacy.patients.len(),
        pharmacy.prescriptions.len(),
        pharmacy.interactions.len(),
        started.elapsed()
    );
    report.dataset(pharmacy.patients.len(), pharmacy.prescriptions.len(), pharmacy.interactions.len());

    if !args.pull_only && !args.lookup_only {
        measure_import(&args, &pharmacy, now, &mut report).await?;
    }
    if args.import_only {
        print!("{}", report.markdown());
        return Ok(());
    }

    let dir = tempfile::tempdir()?;
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await?;
    let started = Instant::now();
    dataset::write(app.store(), &pharmacy).await?;
    eprintln!("wrote the pharmacy through the change log in {:.1?}", started.elapsed());
    report.note(format!("Loading the data set through the change log took {:.1?}.", started.elapsed()));

    if args.pull_only {
        sync::measure_initial_pull(app.store(), &mut report).await?;
        app.close().await;
        print!("{}", report.markdown());
        return Ok(());
    }
    if args.lookup_only {
        measure_caller_lookup(&app, &pharmacy, &mut report).await?;
        app.close().await;
        print!("{}", report.markdown());
        return Ok(());
    }
    measure_call_list(&app, &keys, dir.path(), now, &mut report).await?;
    measure_search(&app, &pharmacy, &mut report).await?;
    measure_caller_lookup(&app, &pharmacy, &mut report).await?;
    if !args.skip_sync {
        let started = Instant::now();
        sync::measure_initial_pull(app.store(), &mut report).await?;
        sync::measure_visibility(&mut report, 20).await?;
        let load = Duration::from_secs(args.load_seconds);
        let load_dir = tempfile::tempdir()?;
        let sqlite = format!("sqlite:{}", load_dir.path().join("load.db").display());
        sync::measure_load("SQLite", &sqlite, 50, load, &mut report).await?;
        sync::with_postgres_database(&args.postgres, async |url| {
            sync::measure_load("PostgreSQL", &url, 50, load, &mut report).await
        })
        .await?;
        eprintln!("sync measures took {:.1?}", started.elapsed());
    }
    app.close().await;

    criterion_rows(&args.criterion, &mut report);
    report.write(&args.out)?;
    print!("{}", report.markdown());
    Ok(())
}

/// Imports the pharmacy's refill report into empty stores, [`IMPORT_RUNS`] times.
async fn measure_import(
    args: &Args,
    pharmacy: &enlace_demo::DemoPharmacy,
    now: DateTime<Utc>,
    report: &mut Report,
) -> anyhow::Result<()> {
    // The report is a prefix of the same pharmacy.
    let csv = dataset::refill_report(pharmacy, args.import_rows);
    let mut import_times = Vec::new();
    for _ in 0..IMPORT_RUNS {
        let dir = tempfile::tempdir()?;
        let keys = MemoryKeyStore::default();
        let app = App::open(dir.path(), &keys).await?;
        app.store().apply(vec![enlace_store::entities::pharmacy_mutation(&pharmacy.pharmacy)]).await?;
        let started = Instant::now();
        let imported = app.import_refills(&bench_actor(), csv.as_bytes(), now).await?;
        import_times.push(started.elapsed());
        anyhow::ensure!(imported.errors.is_empty(), "the generated report has {} bad rows", imported.errors.len());
        app.close().await;
    }
    report.push(Measure::new(
        format!("Import a {}-row refill report (encrypted, empty store)", args.import_rows),
        import_times,
        None,
        Goal::AtMost(Duration::from_secs(3)),
    ));
    Ok(())
}

/// The domain's criterion micro-benchmarks (`cargo bench -p enlace-domain`,
/// run by `cargo xtask bench` first), each as a row with its median.
fn criterion_rows(dir: &std::path::Path, report: &mut Report) {
    fn found(dir: &std::path::Path, into: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.ends_with("new") && path.join("estimates.json").exists() {
                    into.push(path);
                } else {
                    found(&path, into);
                }
            }
        }
    }
    let mut runs = Vec::new();
    found(dir, &mut runs);
    runs.sort();
    for run in runs {
        let read = |file: &str| -> Option<serde_json::Value> {
            serde_json::from_str(&std::fs::read_to_string(run.join(file)).ok()?).ok()
        };
        let (Some(benchmark), Some(estimates)) = (read("benchmark.json"), read("estimates.json")) else { continue };
        let name = benchmark["full_id"].as_str().unwrap_or_default().trim_start_matches("domain/").to_owned();
        let Some(nanos) = estimates["median"]["point_estimate"].as_f64() else { continue };
        report.push(Measure::new(
            format!("criterion: {name}"),
            vec![Duration::from_secs_f64(nanos / 1e9)],
            None,
            Goal::None,
        ));
    }
}

/// The demo pharmacy (users included) grown to `patients`, in `dir` with its
/// key in the session's keyring, as the window will open it.
async fn large_list_pharmacy(
    dir: &std::path::Path,
    patients: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let keys = enlace_store::OsKeyring::for_database(&enlace_app::database_path(dir))?;
    let app = App::open(dir, &keys).await?;
    app.seed_demo(now).await?;
    let more = patients.saturating_sub(enlace_demo::DEMO_PATIENT_COUNT);
    let extra = dataset::generate(enlace_demo::demo_today(now), more, seed ^ 0x5eed);
    dataset::write_patients(app.store(), &extra).await?;
    app.close().await;
    Ok(())
}

/// The benchmark acts as a headless command would.
fn bench_actor() -> enlace_app::Actor {
    enlace_app::Actor::command("bench")
}

async fn measure_call_list(
    app: &App,
    keys: &MemoryKeyStore,
    data_dir: &std::path::Path,
    now: DateTime<Utc>,
    report: &mut Report,
) -> anyhow::Result<()> {
    let filter = CallListFilter::default();
    let first = app.call_list_page(&bench_actor(), now, &filter, 0, FIRST_PAGE).await?;
    report.note(format!("Today's list: {} open patients; the first page shows {}.", first.total, first.rows.len()));
    let mut page_times = Vec::new();
    for _ in 0..LIST_RUNS {
        let started = Instant::now();
        let page = app.call_list_page(&bench_actor(), now, &filter, 0, FIRST_PAGE).await?;
        page_times.push(started.elapsed());
        anyhow::ensure!(page.rows.len() == first.rows.len(), "the first page changed between runs");
    }

    // The baseline: the page's indexed reads on an unencrypted copy, with no
    // judging of rows at all.
    let plain = data_dir.join("plain.db");
    export_plaintext(&data_dir.join("enlace.db"), &plain, keys).await?;
    let mut connection =
        sqlx::sqlite::SqliteConnectOptions::new().filename(&plain).connect().await.context("opening the plain copy")?;
    let today = enlace_demo::demo_today(now).to_string();
    let mut raw_times = Vec::new();
    for _ in 0..LIST_RUNS {
        let started = Instant::now();
        raw_first_page(&mut connection, &today).await?;
        raw_times.push(started.elapsed());
    }
    connection.close().await?;
    let raw = Measure::new("Same indexed reads, plain SQLite".into(), raw_times, None, Goal::None);
    report.push(Measure::new(
        format!("Call list first page ({FIRST_PAGE} rows), encrypted"),
        page_times,
        Some(raw.clone()),
        Goal::P95AtMostAndRatio(Duration::from_millis(50), 3.0),
    ));
    report.push(raw);

    let mut overview_times = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        app.call_list_overview(&bench_actor(), now).await?;
        overview_times.push(started.elapsed());
    }
    report.push(Measure::new(
        "Call list header (counts, exceptions, filters)".into(),
        overview_times,
        None,
        Goal::None,
    ));
    Ok(())
}

/// The first page's reads as plain SQL: the queue's first rows in priority
/// order, those patients' records, and the count.
async fn raw_first_page(connection: &mut SqliteConnection, today: &str) -> anyhow::Result<()> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT patient_id FROM call_queue INDEXED BY call_queue_priority WHERE outcome = 'open' AND opens_on <= ?
         ORDER BY first_due, critical DESC, attempts, patient_id LIMIT ?",
    )
    .bind(today)
    .bind(FIRST_PAGE)
    .fetch_all(&mut *connection)
    .await?;
    let list = ids.iter().map(|id| format!("'{id}'")).collect::<Vec<_>>().join(",");
    for sql in [
        format!("SELECT * FROM patient WHERE id IN ({list})"),
        format!("SELECT * FROM prescription WHERE active = 1 AND patient_id IN ({list})"),
        format!("SELECT * FROM interaction WHERE patient_id IN ({list})"),
    ] {
        sqlx::query(&sql).fetch_all(&mut *connection).await?;
    }
    let _: i64 = sqlx::query_scalar("SELECT count(*) FROM call_queue WHERE outcome = 'open' AND opens_on <= ?")
        .bind(today)
        .fetch_one(&mut *connection)
        .await?;
    Ok(())
}

/// An unencrypted copy of the store, for the baselines only (synthetic data).
async fn export_plaintext(
    encrypted: &std::path::Path,
    plain: &std::path::Path,
    keys: &MemoryKeyStore,
) -> anyhow::Result<()> {
    let key = keys.load()?.context("the bench store has no key")?;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(encrypted)
        .create_if_missing(true)
        .pragma("key", format!("\"x'{}'\"", key.to_hex().as_str()))
        .disable_statement_logging();
    let mut connection = options.connect().await?;
    sqlx::query(&format!("ATTACH DATABASE '{}' AS plain KEY ''", plain.display()))
        .execute(&mut connection)
        .await
        .context("attaching the plain copy")?;
    sqlx::query("SELECT sqlcipher_export('plain')").execute(&mut connection).await.context("exporting")?;
    sqlx::query("DETACH DATABASE plain").execute(&mut connection).await?;
    connection.close().await?;
    Ok(())
}

/// The caller on the line: numbers as a phone's display shows them (305.555.0134), for patients
/// spread over the whole store, each looked up as the coordinator's Enter does.
async fn measure_caller_lookup(
    app: &App,
    pharmacy: &enlace_demo::DemoPharmacy,
    report: &mut Report,
) -> anyhow::Result<()> {
    const CALLERS: usize = 200;
    let step = (pharmacy.patients.len() / CALLERS).max(1);
    let numbers: Vec<String> = pharmacy
        .patients
        .iter()
        .step_by(step)
        .filter_map(|patient| patient.phones.first())
        .filter_map(|phone| phone.e164.strip_prefix("+1").filter(|national| national.len() == 10).map(str::to_owned))
        .map(|national| format!("{}.{}.{}", &national[..3], &national[3..6], &national[6..]))
        .collect();
    let mut times = Vec::with_capacity(numbers.len());
    let mut found = 0;
    for number in &numbers {
        let started = Instant::now();
        let lookup = app.find_caller(&bench_actor(), number).await?;
        times.push(started.elapsed());
        found += usize::from(!lookup.matches.is_empty());
    }
    anyhow::ensure!(found == numbers.len(), "every caller's number finds a record ({found} of {})", numbers.len());
    report.note(format!("Caller lookup: {} numbers typed as 305.555.0134, every one found.", numbers.len()));
    report.push(Measure::new(
        format!("Caller on the line, {} numbers", numbers.len()),
        times,
        None,
        Goal::P95AtMost(Duration::from_millis(50)),
    ));
    Ok(())
}

async fn measure_search(app: &App, pharmacy: &enlace_demo::DemoPharmacy, report: &mut Report) -> anyhow::Result<()> {
    // What coordinators type: a surname without its accents, a given and a
    // family name, a phone number, a birth date, the pharmacy system's id.
    let patient = &pharmacy.patients[pharmacy.patients.len() / 3];
    let accented = pharmacy.patients.iter().find(|patient| !patient.name.family.is_ascii()).unwrap_or(patient);
    let queries = [
        ("surname typed without accents", enlace_domain::fold_for_search(&accented.name.family)),
        (
            "given + family name",
            format!("{} {}", enlace_domain::fold_for_search(&patient.name.given), patient.name.family),
        ),
        (
            "phone number",
            patient.phones.first().map(|phone| phone.e164.trim_start_matches("+1").to_owned()).unwrap_or_default(),
        ),
        ("date of birth", patient.date_of_birth.format("%m/%d/%Y").to_string()),
        ("pharmacy id", patient.external_id.clone().unwrap_or_default()),
    ];
    let mut times = Vec::new();
    for (kind, query) in &queries {
        let mut kind_times = Vec::new();
        for _ in 0..SEARCH_RUNS_PER_QUERY {
            let started = Instant::now();
            let found = app.search_patients(&bench_actor(), query).await?;
            kind_times.push(started.elapsed());
            if kind_times.len() == 1 {
                report.note(format!("Search by {kind}: {} matches.", found.total_matches));
            }
        }
        times.extend(kind_times.iter().copied());
        report.push(Measure::new(format!("· search by {kind}"), kind_times, None, Goal::None));
    }
    report.push(Measure::new(
        format!("Patient search, all {} kinds of query", queries.len()),
        times,
        None,
        Goal::P95AtMost(Duration::from_millis(10)),
    ));
    Ok(())
}
