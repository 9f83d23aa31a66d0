//! Enrolling patients through the application layer, over a real encrypted
//! store: drafts that survive a restart, the verbal consent, the duplicate
//! check and the submit that creates everything at once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Duration, Utc};
use enlace_app::{Actor, App, DuplicateDecision, ErrorCode, SubmitOutcome};
use enlace_domain::{
    CallListFilter, ConsentAction, ContactConsents, EnrollmentForm, EnrollmentProblem, FieldError, Language,
};
use enlace_store::MemoryKeyStore;

/// Tuesday afternoon, pharmacy time (New York).
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T19:00:00Z").unwrap().to_utc()
}

async fn open(dir: &tempfile::TempDir, keys: &MemoryKeyStore) -> App {
    let app = App::open(dir.path(), keys).await.unwrap();
    app.seed_demo(now()).await.unwrap();
    app
}

async fn user(app: &App, username: &str) -> Actor {
    Actor::user(&app.store().user_by_username(username).await.unwrap().unwrap().user)
}

/// A complete Spanish enrollment whose refill is due within the reminder window.
fn form() -> EnrollmentForm {
    let mut form = EnrollmentForm::blank(Language::Spanish);
    let patient = &mut form.patient;
    patient.given_name = "Itzel".into();
    patient.family_name = "Ñáñez".into();
    patient.second_family_name = "Olmedo".into();
    patient.date_of_birth = "1951-07-14".into();
    patient.zip = "00907".into();
    patient.phones[0].number = "(787) 555-0142".into();
    form.insurance.primary.plan_name = "Plan Vital".into();
    form.insurance.primary.member_id = "PV-0042".into();
    form.insurance.primary.bin = "610014".into();
    form.prescriber.name = "Dra. Elena Ríos".into();
    form.prescriber.npi = "1245319599".into();
    let medication = &mut form.medications[0];
    medication.drug = "Atorvastatina".into();
    medication.strength = "20 mg".into();
    medication.days_supply = "30".into();
    medication.quantity = "30".into();
    medication.refills = "3".into();
    // Filled 26 days ago: due in 4 days, inside the 7-day reminder window.
    medication.last_fill_date = (now().date_naive() - Duration::days(26)).to_string();
    form.allergies.none_known = true;
    form.consents.calls = true;
    form.consents.privacy_notice_acknowledged = true;
    form
}

#[tokio::test]
async fn a_draft_survives_a_restart_and_another_coordinator_submits_it() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = open(&dir, &keys).await;
    let ana = user(&app, "ana").await;

    let mut partial = EnrollmentForm::blank(Language::Spanish);
    partial.patient.given_name = "Itzel".into();
    partial.patient.zip = "0090".into();
    let saved = app.save_enrollment_draft(&ana, None, partial, now()).await.unwrap();
    assert!(
        saved.problems.iter().any(|problem| problem.field == "patient.zip"
            && problem.problem == EnrollmentProblem::Field(FieldError::InvalidZip))
    );
    assert!(!saved.problems.iter().any(|problem| problem.field == "patient.givenName"));
    let outbox = app.store().outbox_len().await.unwrap();
    // An autosave of the same form writes nothing.
    app.save_enrollment_draft(&ana, Some(saved.id), saved.form.clone(), now()).await.unwrap();
    assert_eq!(app.store().outbox_len().await.unwrap(), outbox);
    app.close().await;

    let app = App::open(dir.path(), &keys).await.unwrap();
    let marta = user(&app, "marta").await;
    let drafts = app.enrollment_drafts(&marta).await.unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!((drafts[0].patient_name.as_str(), drafts[0].mine), ("Itzel", false));
    assert!(app.enrollment_drafts(&ana).await.unwrap()[0].mine);
    let resumed = app.enrollment_draft(&marta, saved.id, now()).await.unwrap();
    assert_eq!(resumed.form.patient.zip, "0090");

    // The window cannot forge a verbal consent: only recording one sets it.
    let mut forged = form();
    forged.consents.verbal = Some(enlace_domain::ConsentRecord {
        action: ConsentAction::Granted,
        recorded_by: "nobody".into(),
        recorded_at: now(),
        language: Language::English,
        text_version: "made-up".into(),
        consents: forged.contact_consents(),
    });
    let saved = app.save_enrollment_draft(&marta, Some(saved.id), forged, now()).await.unwrap();
    assert_eq!(saved.form.consents.verbal, None);
    assert!(saved.problems.iter().any(|problem| problem.problem == EnrollmentProblem::VerbalConsentMissing));
    let consented = app.record_enrollment_consent(&marta, Some(saved.id), form(), now()).await.unwrap();
    let verbal = consented.form.consents.verbal.clone().unwrap();
    assert_eq!((verbal.recorded_by.as_str(), verbal.language), ("marta", Language::Spanish));
    assert_eq!(verbal.text_version, enlace_domain::CONSENT_TEXT_VERSION);
    assert!(consented.problems.is_empty(), "{:?}", consented.problems);
    assert_eq!(consented.suggested_time_zone.as_deref(), Some("America/Puerto_Rico"));

    // 9 p.m. in New York is 02:00 the next day in UTC: the summary is dated by the pharmacy's clock.
    let evening = DateTime::parse_from_rfc3339("2026-12-02T02:00:00Z").unwrap().to_utc();
    let outcome = app.submit_enrollment(&marta, saved.id, consented.form.clone(), None, evening).await.unwrap();
    let SubmitOutcome::Enrolled { patient_id, created: true, summary } = outcome else { panic!("{outcome:?}") };
    // The printed summary is what was written, not what was typed.
    assert_eq!(summary.full_name, "Itzel Ñáñez Olmedo");
    assert_eq!(summary.date_of_birth.to_string(), "1951-07-14");
    assert_eq!(summary.phones[0].e164, "+17875550142");
    assert_eq!(summary.plans.iter().map(|plan| plan.member_id.as_str()).collect::<Vec<_>>(), ["PV-0042"]);
    assert_eq!(summary.verbal_consent.as_ref().map(|consent| consent.recorded_by.as_str()), Some("marta"));
    assert_eq!(summary.enrolled_on.to_string(), "2026-12-01");
    let patient = app.store().patient(patient_id).await.unwrap();
    assert_eq!(patient.name.full(), "Itzel Ñáñez Olmedo");
    assert_eq!(patient.phones[0].e164, "+17875550142");
    assert_eq!(patient.time_zone.as_deref(), Some("America/Puerto_Rico"));
    assert_eq!(app.store().prescriptions_of(patient_id).await.unwrap().len(), 1);
    let profile = app.store().patient_profile(patient_id).await.unwrap().unwrap();
    assert_eq!(profile.primary_insurance.unwrap().member_id, "PV-0042");
    let consents = app.store().consent_records_of(patient_id).await.unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].recorded_by, "marta");

    // Found without accents, and on the call list now that the refill is due.
    let found = app.search_patients(&ana, "nanez olmedo").await.unwrap();
    assert_eq!(found.patients.iter().map(|summary| summary.id).collect::<Vec<_>>(), [patient_id]);
    let list = app.call_list(&ana, now(), &CallListFilter::default()).await.unwrap();
    assert!(list.rows.iter().any(|row| row.patient_id == patient_id));
    assert!(app.enrollment_drafts(&ana).await.unwrap().is_empty(), "a submitted draft leaves the list");
    let again = app.submit_enrollment(&marta, saved.id, consented.form, None, now()).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::DraftClosed);
    app.close().await;
}

#[tokio::test]
async fn an_invalid_form_creates_nothing_and_pharmacists_do_not_enroll() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = open(&dir, &keys).await;
    let ana = user(&app, "ana").await;
    let mut bad = form();
    bad.prescriber.npi = "1245319598".into();
    let draft = app.record_enrollment_consent(&ana, None, bad.clone(), now()).await.unwrap();
    let patients = app.store().patient_count().await.unwrap();
    let outcome = app.submit_enrollment(&ana, draft.id, draft.form, None, now()).await.unwrap();
    let SubmitOutcome::Invalid { problems } = outcome else { panic!("{outcome:?}") };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "prescriber.npi");
    assert_eq!(app.store().patient_count().await.unwrap(), patients);
    assert_eq!(app.enrollment_drafts(&ana).await.unwrap().len(), 1, "the draft stays open");

    let luis = user(&app, "luis").await;
    let refused = app.save_enrollment_draft(&luis, None, bad, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted);
    assert_eq!(app.enrollment_drafts(&luis).await.unwrap_err().code, ErrorCode::NotPermitted);
    app.close().await;
}

#[tokio::test]
async fn a_likely_duplicate_is_shown_before_anything_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = open(&dir, &keys).await;
    let ana = user(&app, "ana").await;
    let existing = app
        .store()
        .all_patients()
        .await
        .unwrap()
        .into_iter()
        .find(|patient| patient.name.second_family.is_some() && patient.preferred_language == Language::Spanish);
    let existing = existing.unwrap();
    let existing_prescriptions = app.store().prescriptions_of(existing.id).await.unwrap().len();
    let mut same = form();
    // Typed without accents, surnames swapped.
    let fold = enlace_domain::fold_for_search;
    same.patient.given_name = fold(&existing.name.given);
    same.patient.family_name = fold(existing.name.second_family.as_deref().unwrap());
    same.patient.second_family_name = fold(&existing.name.family);
    same.patient.date_of_birth = existing.date_of_birth.to_string();
    let draft = app.record_enrollment_consent(&ana, None, same, now()).await.unwrap();

    let outcome = app.submit_enrollment(&ana, draft.id, draft.form.clone(), None, now()).await.unwrap();
    let SubmitOutcome::LikelyDuplicates { candidates } = outcome else { panic!("{outcome:?}") };
    assert!(candidates.iter().any(|candidate| candidate.id == existing.id));
    let patients = app.store().patient_count().await.unwrap();

    let stranger = DuplicateDecision::SamePatient(enlace_store::new_id());
    let refused = app.submit_enrollment(&ana, draft.id, draft.form.clone(), Some(stranger), now()).await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::InvalidInput, "only an offered patient may be updated");

    let decision = Some(DuplicateDecision::SamePatient(existing.id));
    let outcome = app.submit_enrollment(&ana, draft.id, draft.form, decision, now()).await.unwrap();
    let SubmitOutcome::Enrolled { patient_id, created: false, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(patient_id, existing.id);
    assert_eq!(app.store().patient_count().await.unwrap(), patients, "updated, not added");
    let updated = app.store().patient(existing.id).await.unwrap();
    assert_eq!(updated.external_id, existing.external_id);
    assert_eq!(updated.phones[0].e164, "+17875550142");
    assert_eq!(app.store().prescriptions_of(existing.id).await.unwrap().len(), existing_prescriptions + 1);
    app.close().await;
}

#[tokio::test]
async fn a_revocation_takes_effect_at_once_and_is_recorded_like_a_consent() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = open(&dir, &keys).await;
    let ana = user(&app, "ana").await;
    let draft = app.record_enrollment_consent(&ana, None, form(), now()).await.unwrap();
    let SubmitOutcome::Enrolled { patient_id, .. } =
        app.submit_enrollment(&ana, draft.id, draft.form, None, now()).await.unwrap()
    else {
        panic!("not enrolled")
    };
    let none = ContactConsents { calls: false, texts: false, voicemail_detail: false };
    let widen = ContactConsents { texts: true, ..none };
    assert_eq!(app.revoke_consent(&ana, patient_id, widen, now()).await.unwrap_err().code, ErrorCode::InvalidInput);
    app.revoke_consent(&ana, patient_id, none, now()).await.unwrap();
    assert!(!app.store().patient(patient_id).await.unwrap().consents.calls);
    let records = app.store().consent_records_of(patient_id).await.unwrap();
    assert_eq!(
        records.iter().map(|record| record.action).collect::<Vec<_>>(),
        [ConsentAction::Granted, ConsentAction::Revoked]
    );
    assert_eq!(records[1].consents, none);
    let list = app.call_list(&ana, now(), &CallListFilter::default()).await.unwrap();
    assert!(list.rows.iter().all(|row| row.patient_id != patient_id), "off the call list at once");
    app.close().await;
}
