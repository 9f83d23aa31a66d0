//! Micro-benchmarks of the domain rules that run over many records at once
//! (`cargo bench -p enlace-domain`, run by `cargo xtask bench`): judging and
//! ranking a 100 000-patient call list in memory, and a pharmacist's slots
//! for a month.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks fail loudly by design.

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{NaiveTime, Utc, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use enlace_domain::{Availability, EntityId, Interaction, PatientCalls, Prescription, WeeklyHours, by_priority};

fn call_list_ranking(criterion: &mut Criterion) {
    let now = Utc::now();
    let demo = enlace_demo::generate(enlace_demo::demo_today(now), 100_000, 20_261_122);
    let pharmacy_zone = enlace_domain::parse_zone(&demo.pharmacy.time_zone).unwrap();
    let mut prescriptions: HashMap<EntityId, Vec<&Prescription>> = HashMap::new();
    for prescription in demo.prescriptions.iter().filter(|prescription| prescription.active) {
        prescriptions.entry(prescription.patient_id).or_default().push(prescription);
    }
    let mut interactions: HashMap<EntityId, Vec<&Interaction>> = HashMap::new();
    for interaction in &demo.interactions {
        interactions.entry(interaction.patient_id).or_default().push(interaction);
    }
    let inputs: Vec<PatientCalls<'_>> = demo
        .patients
        .iter()
        .filter_map(|patient| {
            Some(PatientCalls {
                patient,
                prescriptions: prescriptions.get(&patient.id)?,
                interactions: interactions.get(&patient.id).map(Vec::as_slice).unwrap_or_default(),
                zone: patient.zone_or(pharmacy_zone),
            })
        })
        .collect();
    let mut group = criterion.benchmark_group("domain");
    group.sample_size(10);
    group.bench_function("call list of 100000 patients, judged and ranked", |bench| {
        bench.iter(|| {
            let mut entries: Vec<_> =
                inputs.iter().filter_map(|input| enlace_domain::call_list_entry(input, &demo.pharmacy, now)).collect();
            entries.sort_by(by_priority);
            black_box(entries.len())
        });
    });
    group.finish();
}

fn month_of_slots(criterion: &mut Criterion) {
    let time = |hour| NaiveTime::from_hms_opt(hour, 0, 0).unwrap();
    let weekly = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat]
        .into_iter()
        .map(|weekday| WeeklyHours { weekday, start: time(9), end: time(17) })
        .collect();
    let availability =
        Availability { zone: chrono_tz::America::New_York, weekly, exceptions: Vec::new(), slot_minutes: 15 };
    let first = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let last = first + chrono::Duration::days(30);
    criterion.bench_function("domain/a month of a pharmacist's 15-minute slots (across a DST change)", |bench| {
        bench.iter(|| black_box(availability.slots(black_box(first), black_box(last)).len()));
    });
}

criterion_group!(benches, call_list_ranking, month_of_slots);
criterion_main!(benches);
