//! A quick probe of the call list, search and import on a generated pharmacy,
//! until `cargo xtask bench` (the performance-harness issue) owns these rows:
//! `cargo run --release -p enlace-app --example call_list_probe -- 100000`.
//! Prints medians and p95 of repeated runs; the data is synthetic and seeded.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A probe, not product code.

use std::time::{Duration, Instant};

use chrono::Utc;
use enlace_app::App;
use enlace_domain::CallListFilter;
use enlace_store::MemoryKeyStore;
use enlace_store::entities::{interaction_mutation, patient_mutation, pharmacy_mutation, prescription_mutation};

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!("{name:<40} median {:>9.1?}  p95 {:>9.1?}  (n={})", at(0.5), at(0.95), samples.len());
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let patients: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let today = enlace_demo::demo_today(now);
    let demo = enlace_demo::generate(today, patients, 7);
    println!(
        "{} patients, {} prescriptions, {} interactions",
        demo.patients.len(),
        demo.prescriptions.len(),
        demo.interactions.len()
    );

    // Import: the same pharmacy as a refill report into an empty encrypted store.
    let mut csv = String::from(
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,strength,\
         last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n",
    );
    let by_id: std::collections::HashMap<_, _> = demo.patients.iter().map(|p| (p.id, p)).collect();
    for rx in demo.prescriptions.iter().take(patients) {
        let p = by_id[&rx.patient_id];
        let last = [Some(p.name.family.as_str()), p.name.second_family.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},,{},{},{},{},{},{},{},{},\n",
            p.external_id.as_deref().unwrap_or_default(),
            last,
            p.name.given,
            p.date_of_birth,
            p.phones.first().map(|phone| phone.e164.as_str()).unwrap_or("+13055550100"),
            p.preferred_language.tag(),
            p.time_zone.as_deref().unwrap_or_default(),
            rx.rx_number.as_deref().unwrap_or_default(),
            rx.drug.replace(',', " "),
            rx.strength.replace(',', " "),
            rx.last_fill_date,
            rx.days_supply,
            rx.quantity,
            rx.refills_left,
            rx.prescriber_name.replace(',', " "),
        ));
    }
    let keys = MemoryKeyStore::default();
    let import_dir = tempfile::tempdir().unwrap();
    let app = App::open(import_dir.path(), &keys).await.unwrap();
    app.store().apply(vec![pharmacy_mutation(&demo.pharmacy)]).await.unwrap();
    let started = Instant::now();
    let report = app.import_refills(csv.as_bytes(), now).await.unwrap();
    println!("import of {} rows: {:.2?} ({} rejected)", report.rows, started.elapsed(), report.errors.len());
    app.close().await;

    // The whole pharmacy through the one write path.
    let app = App::open(dir.path(), &keys).await.unwrap();
    let started = Instant::now();
    let mut mutations = vec![pharmacy_mutation(&demo.pharmacy)];
    mutations.extend(demo.patients.iter().map(patient_mutation));
    mutations.extend(demo.prescriptions.iter().map(prescription_mutation));
    mutations.extend(demo.interactions.iter().map(interaction_mutation));
    app.store().apply(mutations).await.unwrap();
    println!("seeding the encrypted store: {:.2?}", started.elapsed());

    let mut list = Vec::new();
    let mut rows = 0;
    for _ in 0..7 {
        let started = Instant::now();
        rows = app.call_list(now, &CallListFilter::default()).await.unwrap().rows.len();
        list.push(started.elapsed());
    }
    summary(&format!("call list ({rows} rows)"), list);
    let mut search = Vec::new();
    for query in ["nunez", "maria jose", "garcia", "555-01", "smith", "rodriguez pena", "lopez", "03/05/1948"] {
        for _ in 0..5 {
            let started = Instant::now();
            app.search_patients(query).await.unwrap();
            search.push(started.elapsed());
        }
    }
    summary("search (8 queries x 5)", search);
    app.close().await;
}
