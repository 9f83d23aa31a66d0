//! Working calls and importing refill reports through the application layer,
//! over a real encrypted store.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Duration, Utc};
use enlace_app::{Actor, App, CallRecordInput, ErrorCode};
use enlace_domain::{CallListFilter, CallState, ContactChannel, ContactParty, Disposition, Language};
use enlace_store::MemoryKeyStore;

/// A headless command, which may do anything (role checks have their own tests in access.rs).
fn headless() -> Actor {
    Actor::command("test")
}

async fn demo_app(dir: &tempfile::TempDir, keys: &MemoryKeyStore, now: DateTime<Utc>) -> App {
    let app = App::open(dir.path(), keys).await.unwrap();
    app.seed_demo(now).await.unwrap();
    app
}

fn call(patient_id: uuid::Uuid, disposition: Disposition, now: DateTime<Utc>) -> CallRecordInput {
    CallRecordInput {
        patient_id,
        started_at: now - Duration::minutes(3),
        duration_seconds: Some(170),
        channel: ContactChannel::OutboundCall,
        direction: None,
        party: ContactParty::Patient,
        reason: None,
        disposition: Some(disposition),
        notes: "  Synthetic note.  ".into(),
        language: Language::Spanish,
        interpreter_used: false,
        refill: None,
        decline_reason: None,
        callback_local: None,
    }
}

/// 17:00 UTC: daytime in every US zone, so some demo patients are callable.
fn afternoon() -> DateTime<Utc> {
    Utc::now().date_naive().and_hms_opt(17, 0, 0).unwrap().and_utc()
}

#[tokio::test]
async fn an_unanswered_call_schedules_the_next_attempt_and_do_not_call_removes_the_patient() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = afternoon();
    let app = demo_app(&dir, &keys, now).await;
    let list = app
        .call_list(&headless(), now, &CallListFilter { callable_now_only: true, ..Default::default() })
        .await
        .unwrap();
    let fresh = list.rows.iter().find(|row| row.attempts == 0).expect("a callable patient never called this cycle");

    let recorded = app.record_call(&headless(), call(fresh.patient_id, Disposition::NoAnswer, now), now).await.unwrap();
    let status = recorded.status.expect("still due");
    match status.state {
        CallState::Open { next_call_at: Some(next), callable_now: false } => assert!(next > now, "{next}"),
        other => panic!("after no answer: {other:?}"),
    }
    let detail = app.patient_detail(&headless(), fresh.patient_id, now).await.unwrap();
    assert_eq!(detail.interactions[0].notes, "Synthetic note.");
    assert_eq!(detail.interactions[0].duration_seconds, Some(170));
    let after = app.call_list(&headless(), now, &CallListFilter::default()).await.unwrap();
    let row = after.rows.iter().find(|row| row.patient_id == fresh.patient_id).unwrap();
    assert!(!row.callable_now && row.next_call_at.is_some() && row.attempts == 1);

    let other = list.rows.iter().find(|row| row.patient_id != fresh.patient_id).unwrap();
    let mut confirmed = call(other.patient_id, Disposition::RefillConfirmed, now);
    let today = now.with_timezone(&other.time_zone.parse::<chrono_tz::Tz>().unwrap()).date_naive();
    confirmed.refill =
        Some(enlace_domain::RefillArrangement { fulfillment: enlace_domain::Fulfillment::Pickup, on: today });
    let done = app.record_call(&headless(), confirmed, now).await.unwrap();
    assert!(matches!(done.status.unwrap().state, CallState::Resolved { by: Disposition::RefillConfirmed }));
    let after = app.call_list(&headless(), now, &CallListFilter::default()).await.unwrap();
    assert!(after.rows.iter().all(|row| row.patient_id != other.patient_id), "resolved until the next cycle");

    let stop = app.record_call(&headless(), call(fresh.patient_id, Disposition::DoNotCall, now), now).await.unwrap();
    assert!(stop.status.is_none());
    let detail = app.patient_detail(&headless(), fresh.patient_id, now).await.unwrap();
    assert!(!detail.patient.consents.calls, "do not call revokes call consent at once");
    let after = app.call_list(&headless(), now, &CallListFilter::default()).await.unwrap();
    assert!(after.rows.iter().all(|row| row.patient_id != fresh.patient_id));
    app.close().await;
}

#[tokio::test]
async fn an_incomplete_outcome_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = afternoon();
    let app = demo_app(&dir, &keys, now).await;
    let list = app.call_list(&headless(), now, &CallListFilter::default()).await.unwrap();
    let patient_id = list.rows[0].patient_id;
    let outbox = app.store().outbox_len().await.unwrap();

    let error =
        app.record_call(&headless(), call(patient_id, Disposition::RefillConfirmed, now), now).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidOutcome);
    assert_eq!(error.problems, ["refill-details-missing"]);
    let mut declined = call(patient_id, Disposition::Declined, now);
    declined.duration_seconds = Some(5 * 60 * 60);
    let error = app.record_call(&headless(), declined, now).await.unwrap_err();
    assert_eq!(error.problems, ["decline-reason-missing", "duration-implausible"]);
    let mut future = call(patient_id, Disposition::NoAnswer, now);
    future.started_at = now + Duration::hours(1);
    assert_eq!(app.record_call(&headless(), future, now).await.unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(app.store().outbox_len().await.unwrap(), outbox, "nothing was written");
    app.close().await;
}

const REPORT: &str = "\u{feff}patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,\
drug_name,strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi,store
X-1,Núñez Peña,María José,03/05/1948,(787) 555-0134,Español,,00901,RX-9001,Metformin,500 mg,LAST_FILL,30,60,2,Dr. Ruiz,1234567893,12
X-1,Núñez Peña,María José,03/05/1948,(787) 555-0134,es,,00901,RX-9002,Lisinopril,10 mg,LAST_FILL,30,30,0,Dr. Ruiz,,12
X-2,Smith,John,13/45/1950,123,fr,,,RX-9003,Atorvastatin,20 mg,2026-01-01,thirty,30,1,Dr. Lee,1234567890,1
";

#[tokio::test]
async fn a_refill_report_imports_once_reports_bad_rows_and_finds_accent_free() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = afternoon();
    let app = demo_app(&dir, &keys, now).await;
    // Filled 25 days ago for 30 days: due in 5 days, inside the reminder window.
    let last_fill = (now - Duration::days(25)).date_naive().format("%m/%d/%Y").to_string();
    let report = REPORT.replace("LAST_FILL", &last_fill);

    let first = app.import_refills(&headless(), report.as_bytes(), now).await.unwrap();
    assert_eq!((first.rows, first.patients_created, first.prescriptions_created), (3, 1, 2));
    let columns: Vec<(u32, &str)> = first.errors.iter().map(|error| (error.row, error.column.as_str())).collect();
    for column in ["date_of_birth", "phone", "language", "days_supply", "prescriber_npi"] {
        assert!(columns.contains(&(4, column)), "{column} not reported: {columns:?}");
    }
    let outbox = app.store().outbox_len().await.unwrap();
    let again = app.import_refills(&headless(), report.as_bytes(), now).await.unwrap();
    assert_eq!((again.patients_created, again.patients_updated, again.prescriptions_updated), (0, 0, 0));
    assert_eq!(again.rows_unchanged, 2);
    // Nothing changed but the audit trail, which records the import itself.
    let written = app.store().outbox(u32::MAX).await.unwrap();
    let new_changes: Vec<_> =
        written.iter().skip(usize::try_from(outbox).unwrap()).map(|change| change.entity).collect();
    assert_eq!(new_changes, [enlace_store::Entity::AuditEvent], "re-importing changed nothing");

    // A newer fill updates the prescription.
    let newer = report.replacen(&last_fill, &now.date_naive().format("%Y-%m-%d").to_string(), 1);
    let update = app.import_refills(&headless(), newer.as_bytes(), now).await.unwrap();
    assert_eq!(update.prescriptions_updated, 1);

    for query in ["nunez", "NÚÑEZ", "maria jose", "787 555 0134", "5550134", "03/05/1948", "X-1"] {
        let found = app.search_patients(&headless(), query).await.unwrap();
        assert!(found.patients.iter().any(|p| p.external_id.as_deref() == Some("X-1")), "{query:?} missed Núñez");
    }
    let list = app.automation_call_list(&headless(), now).await.unwrap();
    let imported = list.iter().find(|row| row.patient_id == "X-1").expect("the imported patient is on the list");
    assert_eq!(imported.due.len(), 1, "only the prescription still due after the newer fill");

    let error = app.import_refills(&headless(), b"name,dob\nAna,1950-01-01\n", now).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::ImportUnreadable);
    assert!(error.args["columns"].contains("patient_id"));
    app.close().await;
}

/// The list the window pages through is built from the call queue's index;
/// it must be exactly the list a judgement of every patient gives, at every
/// hour (zones change date at different instants), under every filter, in
/// pages of any size, before and after calls change the queue.
#[tokio::test]
async fn the_ranked_list_is_the_full_scan_list_at_every_hour_and_filter() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let start = afternoon();
    let app = demo_app(&dir, &keys, start).await;
    // Calls that move patients to "waiting", "resolved" and the exception queue.
    let first = app.call_list(&headless(), start, &CallListFilter::default()).await.unwrap();
    for (index, row) in first.rows.iter().take(12).enumerate() {
        let disposition = [Disposition::NoAnswer, Disposition::WrongNumber, Disposition::Busy][index % 3];
        app.record_call(&headless(), call(row.patient_id, disposition, start), start).await.unwrap();
    }

    let filters = [
        CallListFilter::default(),
        CallListFilter { callable_now_only: true, ..Default::default() },
        CallListFilter { language: Some(Language::Spanish), ..Default::default() },
        CallListFilter { overdue_only: true, ..Default::default() },
        CallListFilter { program: first.filter_options.programs.first().cloned(), ..Default::default() },
        CallListFilter { assigned_to: first.filter_options.coordinators.first().cloned(), ..Default::default() },
    ];
    let mut compared = 0;
    for hours in [0, 3, 7, 11, 26, 30, 24 * 5 + 4, 24 * 12 + 9] {
        let now = start + Duration::hours(hours);
        let full = app.full_scan_call_list(now).await.unwrap();
        for filter in &filters {
            let expected: Vec<_> = full
                .iter()
                .filter(|row| {
                    matches!(row.entry.state, CallState::Open { .. }) && filter.admits(&row.patient, &row.entry)
                })
                .map(|row| row.patient.id)
                .collect();
            let whole = app.call_list_page(&headless(), now, filter, 0, u32::MAX).await.unwrap();
            let ids: Vec<_> = whole.rows.iter().map(|row| row.patient_id).collect();
            assert_eq!(ids, expected, "{hours} h, {filter:?}");
            assert_eq!(whole.total as usize, expected.len(), "{hours} h, {filter:?}");
            let mut paged = Vec::new();
            for offset in (0..expected.len() as u32 + 7).step_by(7) {
                let page = app.call_list_page(&headless(), now, filter, offset, 7).await.unwrap();
                paged.extend(page.rows.iter().map(|row| row.patient_id));
            }
            assert_eq!(paged, expected, "{hours} h, {filter:?} in pages of 7");
            compared += expected.len();
        }
        let overview = app.call_list_overview(&headless(), now).await.unwrap();
        let open: Vec<_> = full.iter().filter(|row| matches!(row.entry.state, CallState::Open { .. })).collect();
        assert_eq!(overview.open_count as usize, open.len(), "{hours} h");
        assert_eq!(overview.callable_count as usize, open.iter().filter(|row| row.entry.callable_now()).count());
        let exceptions: Vec<_> = full
            .iter()
            .filter(|row| matches!(row.entry.state, CallState::Exception { .. }))
            .map(|row| row.patient.id)
            .collect();
        assert_eq!(overview.exceptions.iter().map(|row| row.patient_id).collect::<Vec<_>>(), exceptions);
        assert_eq!(overview.exception_count as usize, exceptions.len());
    }
    assert!(compared > 200, "only {compared} rows compared");
    app.close().await;
}
