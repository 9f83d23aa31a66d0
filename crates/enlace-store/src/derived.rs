//! What the store derives from the entity rows after every write, inside the
//! write's transaction: a patient's search keys (folded name keys and the
//! FTS text) and the patient's `call_queue` row (the day-independent part of
//! their call-list entry, see [`enlace_domain::CallQueueSummary`]).
//!
//! Derived values are never part of a change: after field-by-field merges the
//! stored rows are the truth, so these are recomputed from them.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveTime;
use chrono_tz::Tz;
use enlace_domain::{
    CallQueueSummary, CallingWindow, CycleOutcome, Interaction, Patient, PatientCalls, PharmacySettings, Prescription,
    call_queue_summary, calls_needed_since, parse_zone, patient_window, reminder_dates,
};
use serde_json::Value;
use sqlx::{SqliteConnection, SqlitePool};

use crate::change::{ChangeRecord, Entity};
use crate::entities::{
    active_prescriptions_of_patients, interactions_of_patients_since, owners_of, patients_with_ids, pharmacy_in,
};
use crate::{StoreError, json_rows};

/// Bumped when the call queue's derivation changes, so that stores derived
/// by an older version are rebuilt on open.
const CALL_QUEUE_VERSION: &str = "2";
/// Patients refreshed per round of reads.
const CHUNK: usize = 2_000;

/// Refreshes everything derived from the rows `records` touched.
pub(crate) async fn refresh(conn: &mut SqliteConnection, records: &[ChangeRecord]) -> Result<(), StoreError> {
    let text = |record: &ChangeRecord| record.entity_id.hyphenated().to_string();
    let patients: BTreeSet<String> =
        records.iter().filter(|record| record.entity == Entity::Patient).map(text).collect();
    if records.iter().any(|record| record.entity == Entity::Pharmacy) {
        // Lead days, rules or the pharmacy's zone may have changed: every row depends on them.
        refresh_search_keys(conn, &patients.into_iter().collect::<Vec<_>>()).await?;
        return rebuild_call_queue(conn).await;
    }
    let mut queue = patients.clone();
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
    let pharmacy = pharmacy_in(conn).await?;
    // One read of each patient serves both their search keys and their queue row.
    for chunk in queue.chunks(CHUNK) {
        let read = patients_with_ids(conn, chunk).await?;
        let renamed: Vec<&Patient> =
            read.iter().filter(|patient| patients.contains(&patient.id.hyphenated().to_string())).collect();
        write_search_keys(conn, &renamed).await?;
        replace_queue_rows(conn, pharmacy.as_ref(), chunk, &read).await?;
    }
    Ok(())
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

/// Derives everything again for every row (after rows were written without it).
pub(crate) async fn rebuild(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let patients: Vec<String> = sqlx::query_scalar("SELECT id FROM patient ORDER BY id").fetch_all(&mut *conn).await?;
    refresh_search_keys(conn, &patients).await?;
    rebuild_call_queue(conn).await
}

async fn refresh_search_keys(conn: &mut SqliteConnection, ids: &[String]) -> Result<(), StoreError> {
    for chunk in ids.chunks(CHUNK) {
        let patients = patients_with_ids(conn, chunk).await?;
        write_search_keys(conn, &patients.iter().collect::<Vec<_>>()).await?;
    }
    Ok(())
}

async fn write_search_keys(conn: &mut SqliteConnection, patients: &[&Patient]) -> Result<(), StoreError> {
    if patients.is_empty() {
        return Ok(());
    }
    let rows = json_rows::array(patients.iter().map(|patient| {
        (
            patient.id.hyphenated().to_string(),
            patient.name.search_key(),
            patient.name.sort_key(),
            enlace_domain::patient_search_text(patient),
        )
    }))?;
    // Only rows whose keys change are written, so the FTS trigger fires only for them.
    sqlx::query(
        "WITH derived AS MATERIALIZED (
             SELECT value->>0 AS id, value->>1 AS search_key, value->>2 AS sort_key, value->>3 AS search_text
             FROM json_each(?))
         UPDATE patient SET search_key = derived.search_key, sort_key = derived.sort_key,
             search_text = derived.search_text
         FROM derived WHERE patient.id = derived.id
           AND (patient.search_key IS NOT derived.search_key OR patient.sort_key IS NOT derived.sort_key
                OR patient.search_text IS NOT derived.search_text)",
    )
    .bind(rows)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn rebuild_call_queue(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM call_queue").execute(&mut *conn).await?;
    let ids: Vec<String> = sqlx::query_scalar("SELECT DISTINCT patient_id FROM prescription WHERE active = 1")
        .fetch_all(&mut *conn)
        .await?;
    let pharmacy = pharmacy_in(conn).await?;
    for chunk in ids.chunks(CHUNK) {
        let patients = patients_with_ids(conn, chunk).await?;
        replace_queue_rows(conn, pharmacy.as_ref(), chunk, &patients).await?;
    }
    Ok(())
}

/// Recomputes the call-queue rows of `patient_ids` (`patients` are their
/// records): a row for each who accepts calls and has an active
/// prescription, none for the others.
async fn replace_queue_rows(
    conn: &mut SqliteConnection,
    pharmacy: Option<&PharmacySettings>,
    patient_ids: &[String],
    patients: &[Patient],
) -> Result<(), StoreError> {
    if patient_ids.is_empty() {
        return Ok(());
    }
    let ids = json_rows::array(patient_ids)?;
    sqlx::query("DELETE FROM call_queue WHERE patient_id IN (SELECT value FROM json_each(?))")
        .bind(&ids)
        .execute(&mut *conn)
        .await?;
    // Without a pharmacy there are no settings to judge by: the queue stays empty.
    let Some(pharmacy) = pharmacy else { return Ok(()) };
    let pharmacy_zone = parse_zone(&pharmacy.time_zone).unwrap_or(Tz::UTC);

    let prescriptions = active_prescriptions_of_patients(conn, patient_ids).await?;
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
        interactions_of_patients_since(conn, patient_ids, since).await?
    };
    let mut calls_by_patient: HashMap<_, Vec<&Interaction>> = HashMap::new();
    for interaction in &interactions {
        calls_by_patient.entry(interaction.patient_id).or_default().push(interaction);
    }

    let mut rows: Vec<QueueRow<'_>> = Vec::new();
    for patient in patients {
        let Some(patient_prescriptions) = by_patient.get(&patient.id) else { continue };
        let zone = patient.zone_or(pharmacy_zone);
        let input = PatientCalls {
            patient,
            prescriptions: patient_prescriptions,
            interactions: calls_by_patient.get(&patient.id).map(Vec::as_slice).unwrap_or_default(),
            zone,
        };
        if let Some(summary) = call_queue_summary(&input, pharmacy.refill_program, pharmacy.call_rules) {
            // The whole window, so that the list's counts judge by the same
            // rule as the call itself; an empty one when no hour holds.
            let window = patient_window(pharmacy.calling_window, patient, zone)
                .unwrap_or(CallingWindow { start: NaiveTime::MIN, end: NaiveTime::MIN });
            rows.push((patient, summary, window));
        }
    }
    insert_queue_rows(conn, &rows).await
}

/// A patient's queue row: who, their summary and the hours they may be called.
type QueueRow<'a> = (&'a Patient, CallQueueSummary, CallingWindow);

async fn insert_queue_rows(conn: &mut SqliteConnection, rows: &[QueueRow<'_>]) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let clock = |time: chrono::NaiveTime| time.format("%H:%M").to_string();
    let rows = json_rows::array(rows.iter().map(|(patient, summary, window)| {
        let outcome = match summary.outcome {
            CycleOutcome::Open { .. } => "open",
            CycleOutcome::Resolved { .. } => "resolved",
            CycleOutcome::Exception { .. } => "exception",
        };
        (
            patient.id.hyphenated().to_string(),
            patient.time_zone.as_deref(),
            summary.opens_on,
            summary.first_due,
            summary.critical,
            summary.attempts,
            outcome,
            patient.preferred_language.tag(),
            patient.program.as_deref(),
            patient.assigned_to.as_deref(),
            clock(window.start),
            clock(window.end),
            summary,
        )
    }))?;
    sqlx::query(
        "INSERT INTO call_queue (patient_id, time_zone, opens_on, first_due, critical, attempts, outcome,
             preferred_language, program, assigned_to, call_window_start, call_window_end, summary)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8,
             value->>9, value->>10, value->>11, value->'$[12]'
         FROM json_each(?)",
    )
    .bind(rows)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
