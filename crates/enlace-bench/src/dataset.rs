//! The benchmark pharmacy: the demo generator's patients at the requested
//! scale, topped up to 2.5 prescriptions and 10 interactions per patient
//! (older history: past refill cycles' calls), all seeded, so every run
//! measures the same data. Written through the store's one write path, as an
//! import or sync would.

use std::collections::HashMap;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use enlace_demo::DemoPharmacy;
use enlace_domain::{ContactChannel, ContactParty, Direction, Disposition, EntityId, Interaction, Prescription};
use enlace_store::Store;
use enlace_store::entities::{interaction_mutation, patient_mutation, pharmacy_mutation, prescription_mutation};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const PRESCRIPTIONS_PER_10_PATIENTS: usize = 25;
pub const INTERACTIONS_PER_PATIENT: usize = 10;
/// Mutations per write transaction while loading.
const WRITE_BATCH: usize = 25_000;

pub fn generate(today: NaiveDate, patients: usize, seed: u64) -> DemoPharmacy {
    let mut pharmacy = enlace_demo::generate(today, patients, seed);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xbe9c);
    let wanted_prescriptions = patients * PRESCRIPTIONS_PER_10_PATIENTS / 10;
    let mut extra = Vec::new();
    let mut serial = 0u64;
    while pharmacy.prescriptions.len() + extra.len() < wanted_prescriptions {
        let template = &pharmacy.prescriptions[rng.random_range(0..pharmacy.prescriptions.len())];
        serial += 1;
        let days_supply = [28, 30, 84, 90][rng.random_range(0..4)];
        extra.push(Prescription {
            id: seeded_id(&mut rng),
            rx_number: Some(format!("RX9{serial:07}")),
            last_fill_date: today - Days::new(rng.random_range(0..u64::from(days_supply) + 20)),
            days_supply,
            ..template.clone()
        });
    }
    pharmacy.prescriptions.extend(extra);

    let wanted_interactions = patients * INTERACTIONS_PER_PATIENT;
    let mut history = Vec::new();
    let midnight: DateTime<Utc> = today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    while pharmacy.interactions.len() + history.len() < wanted_interactions {
        let patient = &pharmacy.patients[rng.random_range(0..pharmacy.patients.len())];
        // Calls of past cycles: 5 months to 2 years ago, in daytime hours.
        let occurred_at = midnight - Duration::days(rng.random_range(150..730))
            + Duration::minutes(rng.random_range(13 * 60..24 * 60));
        let disposition = Disposition::ALL[rng.random_range(0..Disposition::ALL.len())];
        history.push(Interaction {
            id: seeded_id(&mut rng),
            patient_id: patient.id,
            occurred_at,
            recorded_by: "Synthetic Coordinator".into(),
            channel: ContactChannel::OutboundCall,
            direction: Direction::Outbound,
            party: ContactParty::Patient,
            reason: None,
            disposition: Some(disposition),
            notes: String::new(),
            language: patient.preferred_language,
            interpreter_used: false,
            duration_seconds: Some(rng.random_range(20..400)),
            refill: None,
            decline_reason: None,
            callback_at: None,
        });
    }
    pharmacy.interactions.extend(history);
    pharmacy
}

fn seeded_id(rng: &mut impl Rng) -> EntityId {
    // Version 4 layout from seeded bits: unique, repeatable, and not mistaken for a creation time.
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

/// Writes the pharmacy into `store` in large transactions, each holding
/// whole patients (their prescriptions and calls with them), so that the
/// store derives each patient's queue row once rather than once per batch
/// that touches them.
pub async fn write(store: &Store, pharmacy: &DemoPharmacy) -> anyhow::Result<()> {
    store.apply(vec![pharmacy_mutation(&pharmacy.pharmacy)]).await?;
    write_patients(store, pharmacy).await
}

/// Writes the pharmacy's patients (with their prescriptions and calls) into a
/// store that already has its pharmacy.
pub async fn write_patients(store: &Store, pharmacy: &DemoPharmacy) -> anyhow::Result<()> {
    let mut prescriptions: HashMap<EntityId, Vec<&Prescription>> = HashMap::new();
    for prescription in &pharmacy.prescriptions {
        prescriptions.entry(prescription.patient_id).or_default().push(prescription);
    }
    let mut interactions: HashMap<EntityId, Vec<&Interaction>> = HashMap::new();
    for interaction in &pharmacy.interactions {
        interactions.entry(interaction.patient_id).or_default().push(interaction);
    }
    let mut batch = Vec::new();
    for patient in &pharmacy.patients {
        batch.push(patient_mutation(patient));
        let of_patient = prescriptions.get(&patient.id).map(Vec::as_slice).unwrap_or_default();
        batch.extend(of_patient.iter().map(|prescription| prescription_mutation(prescription)));
        let calls = interactions.get(&patient.id).map(Vec::as_slice).unwrap_or_default();
        batch.extend(calls.iter().map(|interaction| interaction_mutation(interaction)));
        if batch.len() >= WRITE_BATCH {
            store.apply(std::mem::take(&mut batch)).await?;
        }
    }
    if !batch.is_empty() {
        store.apply(batch).await?;
    }
    Ok(())
}

/// The pharmacy as the pharmacy system's refill report: one row per
/// prescription, the first `rows` of them.
pub fn refill_report(pharmacy: &DemoPharmacy, rows: usize) -> String {
    let mut csv = String::from(
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,strength,\
         last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n",
    );
    let by_id: std::collections::HashMap<_, _> = pharmacy.patients.iter().map(|p| (p.id, p)).collect();
    for rx in pharmacy.prescriptions.iter().take(rows) {
        let Some(patient) = by_id.get(&rx.patient_id) else { continue };
        let last_name = [Some(patient.name.family.as_str()), patient.name.second_family.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},,{},{},{},{},{},{},{},{},\n",
            patient.external_id.as_deref().unwrap_or_default(),
            last_name,
            patient.name.given,
            patient.date_of_birth.format("%m/%d/%Y"),
            patient.phones.first().map(|phone| phone.e164.as_str()).unwrap_or("+13055550100"),
            patient.preferred_language.tag(),
            patient.time_zone.as_deref().unwrap_or_default(),
            rx.rx_number.as_deref().unwrap_or_default(),
            rx.drug.replace(',', " "),
            rx.strength.replace(',', " "),
            rx.last_fill_date.format("%m/%d/%Y"),
            rx.days_supply,
            rx.quantity,
            rx.refills_left,
            rx.prescriber_name.replace(',', " "),
        ));
    }
    csv
}
