//! The process the crash soak kills: it opens a real encrypted store (the
//! key in a key file) through `enlace-app` and writes in a loop — refill
//! imports, documented calls, or pages pulled from a server — printing one
//! line for each write the store acknowledged. `verify` reads those lines
//! back and checks every one of them is in the store, which must open and
//! pass SQLite's integrity check.
//!
//! `crash-worker setup|import|calls|pull|verify DATA_DIR` (the key file is
//! `DATA_DIR/key`).

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use enlace_app::{Actor, App, CallRecordInput, NewUser};
use enlace_domain::{Disposition, EntityId, HlcStamp, Language, PharmacySettings, Role};
use enlace_store::KeyFile;
use enlace_sync::{Change, Entity};
use serde_json::json;
use uuid::Uuid;

const PASSWORD: &str = "crash-soak-password-1";
/// The device the pulled pages come from.
const SERVER_DEVICE: Uuid = Uuid::from_u128(0x5e4e);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(data_dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: crash-worker setup|import|calls|pull|verify DATA_DIR");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    match runtime.block_on(run(mode, Path::new(data_dir))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("crash-worker {mode}: {reason}");
            ExitCode::FAILURE
        }
    }
}

/// A weekday late morning in Phoenix: every patient may be called.
fn call_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T18:00:00Z").expect("a time").to_utc()
}

fn ack(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

async fn run(mode: &str, data_dir: &Path) -> Result<(), String> {
    let keys = KeyFile::new(&data_dir.join("key"));
    let app = App::open(data_dir, &keys).await.map_err(|error| error.to_string())?;
    let outcome = match mode {
        "setup" => set_up(&app).await,
        "import" => import_forever(&app).await,
        "calls" => call_forever(&app).await,
        "pull" => pull_forever(&app).await,
        "verify" => verify(&app).await,
        other => Err(format!("unknown mode {other}")),
    };
    app.close().await;
    outcome
}

fn report(first: usize, rows: usize, prefix: &str) -> String {
    let mut report = String::from(
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
         strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n",
    );
    for i in first..first + rows {
        report.push_str(&format!(
            "{prefix}-{i},Quintero,Rosa,04/09/1951,(520) 555-{:04},es,,85004,{prefix}-RX-{i},Metformin,500 mg,\
             2026-11-05,30,60,3,Dr. Test,\n",
            i % 10_000
        ));
    }
    report
}

async fn coordinator(app: &App) -> Result<Actor, String> {
    let user = app.sign_in("ana", PASSWORD, Utc::now()).await.map_err(|error| error.to_string())?;
    Ok(Actor::user(&user))
}

async fn set_up(app: &App) -> Result<(), String> {
    let user = |username: &str, roles: Vec<Role>| NewUser {
        username: username.into(),
        display_name: username.into(),
        roles,
        languages: vec![Language::English, Language::Spanish],
        ui_locale: Language::English,
        password: PASSWORD.into(),
    };
    let settings =
        PharmacySettings::with_defaults(EntityId::nil(), "Botica del Pueblo", "(520) 555-0142", "America/Phoenix");
    let (marta, _) = app
        .set_up_pharmacy_with_supervisor(user("marta", vec![]), settings, Utc::now())
        .await
        .map_err(|error| error.to_string())?;
    let marta = Actor::user(&marta);
    app.add_user(&marta, user("ana", vec![Role::Coordinator]), Utc::now()).await.map_err(|error| error.to_string())?;
    let ana = coordinator(app).await?;
    app.import_refills(&ana, report(0, 40, "BASE").as_bytes(), Utc::now()).await.map_err(|error| error.to_string())?;
    Ok(())
}

async fn import_forever(app: &App) -> Result<(), String> {
    let ana = coordinator(app).await?;
    loop {
        let prefix = Uuid::now_v7().simple().to_string();
        const ROWS: usize = 400;
        app.import_refills(&ana, report(0, ROWS, &prefix).as_bytes(), Utc::now())
            .await
            .map_err(|error| error.to_string())?;
        ack(&format!("import {prefix}-0 {prefix}-{}", ROWS - 1));
    }
}

async fn call_forever(app: &App) -> Result<(), String> {
    let ana = coordinator(app).await?;
    let patients = app.store().callable_patients().await.map_err(|error| error.to_string())?;
    for patient in patients.iter().cycle() {
        let input = CallRecordInput {
            patient_id: patient.id,
            started_at: call_time(),
            duration_seconds: Some(40),
            channel: enlace_domain::ContactChannel::OutboundCall,
            direction: None,
            party: enlace_domain::ContactParty::Patient,
            reason: None,
            disposition: Some(Disposition::NoAnswer),
            notes: String::new(),
            language: Language::Spanish,
            interpreter_used: false,
            refill: None,
            decline_reason: None,
            callback_local: None,
        };
        let recorded = app.record_call(&ana, input, call_time()).await.map_err(|error| error.to_string())?;
        ack(&format!("call {} {}", patient.id, recorded.interaction_id));
    }
    Err("no patient to call".into())
}

async fn pull_forever(app: &App) -> Result<(), String> {
    let store = app.store();
    let wall_ms = u64::try_from(Utc::now().timestamp_millis()).unwrap_or_default() - 3_600_000;
    for page in 0u64.. {
        let ids: Vec<Uuid> = (0..250).map(|_| Uuid::now_v7()).collect();
        let changes = ids
            .iter()
            .zip(0u32..)
            .map(|(id, n)| {
                let fields = json!({ "given_name": "Rosa", "family_name": "Peña", "date_of_birth": "1950-01-01",
                    "preferred_language": "es-US", "phones": [], "consent_calls": true, "consent_texts": false,
                    "consent_voicemail_detail": false });
                let serde_json::Value::Object(fields) = fields else { unreachable!() };
                Change {
                    change_id: Uuid::now_v7(),
                    entity: Entity::Patient,
                    entity_id: *id,
                    fields,
                    hlc: HlcStamp { wall_ms, counter: n, device: SERVER_DEVICE },
                    device_id: SERVER_DEVICE,
                    author: "ana".into(),
                }
            })
            .collect();
        let cursor = format!("{}-{page}", Uuid::now_v7().simple());
        store.apply_remote(changes, &cursor).await.map_err(|error| error.to_string())?;
        ack(&format!("pull {} {}", ids[0], ids[ids.len() - 1]));
    }
    Ok(())
}

/// Reads acknowledgements from standard input; fails naming the first one missing.
async fn verify(app: &App) -> Result<(), String> {
    let store = app.store();
    if !store.integrity_ok().await.map_err(|error| error.to_string())? {
        return Err("integrity_check failed".into());
    }
    let fail = |error: enlace_store::StoreError| error.to_string();
    let mut checked = 0;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|error| error.to_string())?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let present = match words.as_slice() {
            ["import", first, last] => {
                !store.patients_by_external_id(first).await.map_err(fail)?.is_empty()
                    && !store.patients_by_external_id(last).await.map_err(fail)?.is_empty()
            }
            ["call", patient, interaction] => {
                let patient: EntityId = patient.parse().map_err(|_| format!("bad line {line}"))?;
                let interaction: EntityId = interaction.parse().map_err(|_| format!("bad line {line}"))?;
                store.interactions_of(patient).await.map_err(fail)?.iter().any(|call| call.id == interaction)
            }
            ["pull", first, last] => {
                let ids: Vec<EntityId> = [first, last].iter().filter_map(|id| id.parse().ok()).collect();
                store.patients_by_ids(&ids).await.map_err(fail)?.len() == 2
            }
            _ => return Err(format!("bad line {line}")),
        };
        if !present {
            return Err(format!("an acknowledged write is missing: {line}"));
        }
        checked += 1;
    }
    println!("verified {checked}");
    Ok(())
}
