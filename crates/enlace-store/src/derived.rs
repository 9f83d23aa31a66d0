//! What the store derives from the entity rows after every write, inside the
//! write's transaction: a patient's search keys (folded name keys and the
//! FTS text) and the patient's `call_queue` row (the day-independent part of
//! their call-list entry, see [`enlace_domain::CallQueueSummary`]).
//!
//! Derived values are never part of a change: after field-by-field merges the
//! stored rows are the truth, so these are recomputed from them.

use std::collections::{BTreeSet, HashMap};

use chrono_tz::Tz;
use enlace_domain::{
    CallQueueSummary, CycleOutcome, Interaction, PatientCalls, Prescription, call_queue_summary, calls_needed_since,
    parse_zone, reminder_dates,
};
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use crate::StoreError;
use crate::entities::{
    active_prescriptions_of_patients, interactions_of_patients_since, owners_of, patients_with_ids, pharmacy_in,
};
use crate::mutation::{ChangeRecord, Entity};

/// Bumped when the call queue's derivation changes, so that stores derived
/// by an older version are rebuilt on open.
const CALL_QUEUE_VERSION: &str = "1";
/// Patients refreshed per round of reads.
const CHUNK: usize = 2_000;

/// Refreshes everything derived from the rows `records` touched.
pub(crate) async fn refresh(conn: &mut SqliteConnection, records: &[ChangeRecord]) -> Result<(), StoreError> {
    let text = |record: &ChangeRecord| record.entity_id.hyphenated().to_string();
    let patients: BTreeSet<String> =
        records.iter().filter(|record| record.entity == Entity::Patient).map(text).collect();
    let patients: Vec<String> = patients.into_iter().collect();
    refresh_search_keys(conn, &patients).await?;

    if records.iter().any(|record| record.entity == Entity::Pharmacy) {
        // Lead days, rules or the pharmacy's zone may have changed: every row depends on them.
        return rebuild_call_queue(conn).await;
    }
    let mut queue: BTreeSet<String> = patients.into_iter().collect();
    for entity in [Entity::Prescription, Entity::Interaction] {
        let mut unnamed = Vec::new();
        for record in records.iter().filter(|record| record.entity == entity) {
            match record.fields.get("patient_id") {
                Some(Value::String(patient)) => {
                    queue.insert(patient.clone());
                }
                _ => unnamed.push(text(record)),
            }
        }
        queue.extend(owners_of(conn, entity, &unnamed).await?);
    }
    let queue: Vec<String> = queue.into_iter().collect();
    refresh_call_queue(conn, &queue).await
}

/// Derives what rows written by an earlier version lack. Cheap when nothing is missing.
pub(crate) async fn backfill(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let missing: Vec<String> =
        sqlx::query_scalar("SELECT id FROM patient WHERE search_text = ''").fetch_all(&mut *tx).await?;
    refresh_search_keys(&mut tx, &missing).await?;
    let version: Option<String> = sqlx::query_scalar("SELECT value FROM local_state WHERE key = 'call-queue-version'")
        .fetch_optional(&mut *tx)
        .await?;
    if version.as_deref() != Some(CALL_QUEUE_VERSION) {
        rebuild_call_queue(&mut tx).await?;
        sqlx::query(
            "INSERT INTO local_state (key, value) VALUES ('call-queue-version', ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(CALL_QUEUE_VERSION)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn refresh_search_keys(conn: &mut SqliteConnection, ids: &[String]) -> Result<(), StoreError> {
    for chunk in ids.chunks(CHUNK) {
        let patients = patients_with_ids(conn, chunk).await?;
        if patients.is_empty() {
            continue;
        }
        let mut update = QueryBuilder::<Sqlite>::new("WITH derived AS (SELECT * FROM (VALUES ");
        for (index, patient) in patients.iter().enumerate() {
            update
                .push(if index == 0 { "(" } else { ", (" })
                .push_bind(patient.id.hyphenated().to_string())
                .push(", ")
                .push_bind(patient.name.search_key())
                .push(", ")
                .push_bind(patient.name.sort_key())
                .push(", ")
                .push_bind(enlace_domain::patient_search_text(patient))
                .push(")");
        }
        // Only rows whose keys change are written, so the FTS trigger fires only for them.
        update.push(
            ")) UPDATE patient SET search_key = derived.column2, sort_key = derived.column3,
                 search_text = derived.column4
             FROM derived WHERE patient.id = derived.column1
               AND (patient.search_key IS NOT derived.column2 OR patient.sort_key IS NOT derived.column3
                    OR patient.search_text IS NOT derived.column4)",
        );
        update.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn rebuild_call_queue(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM call_queue").execute(&mut *conn).await?;
    let ids: Vec<String> = sqlx::query_scalar("SELECT DISTINCT patient_id FROM prescription WHERE active = 1")
        .fetch_all(&mut *conn)
        .await?;
    refresh_call_queue(conn, &ids).await
}

/// Recomputes the call-queue rows of `patient_ids`: a row for each who
/// accepts calls and has an active prescription, none for the others.
async fn refresh_call_queue(conn: &mut SqliteConnection, patient_ids: &[String]) -> Result<(), StoreError> {
    if patient_ids.is_empty() {
        return Ok(());
    }
    let pharmacy = pharmacy_in(conn).await?;
    for chunk in patient_ids.chunks(CHUNK) {
        let mut delete = QueryBuilder::<Sqlite>::new("DELETE FROM call_queue WHERE patient_id IN (");
        let mut list = delete.separated(", ");
        for id in chunk {
            list.push_bind(id.as_str());
        }
        delete.push(")");
        delete.build().execute(&mut *conn).await?;
        // Without a pharmacy there are no settings to judge by: the queue stays empty.
        let Some(pharmacy) = &pharmacy else { continue };
        let pharmacy_zone = parse_zone(&pharmacy.time_zone).unwrap_or(Tz::UTC);

        let patients = patients_with_ids(conn, chunk).await?;
        let prescriptions = active_prescriptions_of_patients(conn, chunk).await?;
        let mut by_patient: HashMap<_, Vec<&Prescription>> = HashMap::new();
        for prescription in &prescriptions {
            by_patient.entry(prescription.patient_id).or_default().push(prescription);
        }
        let since = calls_needed_since(
            prescriptions
                .iter()
                .filter_map(|prescription| reminder_dates(prescription, pharmacy.refill_program))
                .map(|(_, opens)| opens),
        );
        let interactions = if prescriptions.is_empty() {
            Vec::new()
        } else {
            interactions_of_patients_since(conn, chunk, since).await?
        };
        let mut calls_by_patient: HashMap<_, Vec<&Interaction>> = HashMap::new();
        for interaction in &interactions {
            calls_by_patient.entry(interaction.patient_id).or_default().push(interaction);
        }

        let mut rows: Vec<(String, &enlace_domain::Patient, CallQueueSummary)> = Vec::new();
        for patient in &patients {
            let Some(patient_prescriptions) = by_patient.get(&patient.id) else { continue };
            let input = PatientCalls {
                patient,
                prescriptions: patient_prescriptions,
                interactions: calls_by_patient.get(&patient.id).map(Vec::as_slice).unwrap_or_default(),
                zone: patient.zone_or(pharmacy_zone),
            };
            if let Some(summary) = call_queue_summary(&input, pharmacy.refill_program, pharmacy.call_rules) {
                rows.push((patient.id.hyphenated().to_string(), patient, summary));
            }
        }
        for batch in rows.chunks(crate::mutation::MAX_PARAMETERS / 13) {
            insert_queue_rows(conn, batch).await?;
        }
    }
    Ok(())
}

async fn insert_queue_rows(
    conn: &mut SqliteConnection,
    rows: &[(String, &enlace_domain::Patient, CallQueueSummary)],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO call_queue (patient_id, time_zone, opens_on, first_due, critical, attempts, outcome,
             preferred_language, program, assigned_to, call_window_start, call_window_end, summary) ",
    );
    let mut failed = None;
    insert.push_values(rows, |mut row, (id, patient, summary)| {
        let outcome = match summary.outcome {
            CycleOutcome::Open { .. } => "open",
            CycleOutcome::Resolved { .. } => "resolved",
            CycleOutcome::Exception { .. } => "exception",
        };
        let json = serde_json::to_string(summary).unwrap_or_else(|_| {
            failed = Some(StoreError::Corrupt { entity: "call_queue", field: "summary" });
            String::from("{}")
        });
        row.push_bind(id.as_str())
            .push_bind(patient.time_zone.clone())
            .push_bind(summary.opens_on)
            .push_bind(summary.first_due)
            .push_bind(summary.critical)
            .push_bind(i64::from(summary.attempts))
            .push_bind(outcome)
            .push_bind(patient.preferred_language.tag())
            .push_bind(patient.program.clone())
            .push_bind(patient.assigned_to.clone())
            .push_bind(patient.preferred_call_window.map(|window| window.start.format("%H:%M").to_string()))
            .push_bind(patient.preferred_call_window.map(|window| window.end.format("%H:%M").to_string()))
            .push_bind(json);
    });
    if let Some(error) = failed {
        return Err(error);
    }
    insert.build().execute(&mut *conn).await?;
    Ok(())
}
