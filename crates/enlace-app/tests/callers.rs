//! The caller on the line, over a real encrypted store: a number typed in any format finds the
//! patient whose line it is, a caregiver's number finds the patient they call for, a prescriber's
//! office finds that prescriber's patients; a family's shared line lists everyone on it; a
//! corrected number moves with the record; an unknown number finds no one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Duration, Utc};
use enlace_app::{Actor, App, ContactCorrection, ErrorCode, SubmitOutcome};
use enlace_domain::{CallerRole, ContactForm, EnrollmentForm, EntityId, Language};
use enlace_store::MemoryKeyStore;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T19:00:00Z").unwrap().to_utc()
}

async fn user(app: &App, username: &str) -> Actor {
    Actor::user(&app.store().user_by_username(username).await.unwrap().unwrap().user)
}

fn form(given: &str, born: &str, phone: &str) -> EnrollmentForm {
    let mut form = EnrollmentForm::blank(Language::Spanish);
    form.patient.given_name = given.into();
    form.patient.family_name = "Ñáñez".into();
    form.patient.second_family_name = "Olmedo".into();
    form.patient.date_of_birth = born.into();
    form.patient.zip = "00907".into();
    form.patient.phones[0].number = phone.into();
    form.insurance.primary.plan_name = "Plan Vital".into();
    form.insurance.primary.member_id = "PV-0042".into();
    form.insurance.primary.bin = "610014".into();
    form.prescriber.name = "Dra. Elena Ríos".into();
    form.prescriber.npi = "1245319599".into();
    form.prescriber.phone = "(787) 555-0199".into();
    form.prescriber.fax = "(787) 555-0198".into();
    let medication = &mut form.medications[0];
    medication.drug = "Atorvastatina".into();
    medication.strength = "20 mg".into();
    medication.days_supply = "30".into();
    medication.quantity = "30".into();
    medication.refills = "3".into();
    medication.last_fill_date = (now().date_naive() - Duration::days(26)).to_string();
    form.allergies.none_known = true;
    form.consents.calls = true;
    form.consents.privacy_notice_acknowledged = true;
    form
}

async fn enroll(app: &App, actor: &Actor, form: EnrollmentForm) -> EntityId {
    let draft = app.record_enrollment_consent(actor, None, form, now()).await.unwrap();
    match app.submit_enrollment(actor, draft.id, draft.form, None, now()).await.unwrap() {
        SubmitOutcome::Enrolled { patient_id, .. } => patient_id,
        other => panic!("not enrolled: {other:?}"),
    }
}

#[tokio::test]
async fn a_callers_number_finds_every_record_it_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    app.seed_demo(now()).await.unwrap();
    let ana = user(&app, "ana").await;

    let mut itzel = form("Itzel", "1951-07-14", "(787) 555-0142");
    itzel.caregiver.name = "Rosa Ñáñez".into();
    itzel.caregiver.relationship = "hija".into();
    itzel.caregiver.phone = "305.555.0134".into();
    itzel.caregiver.may_discuss_health = true;
    let itzel = enroll(&app, &ana, itzel).await;
    // Her husband shares the house's line.
    let tomas = enroll(&app, &ana, form("Tomás", "1949-02-03", "787-555-0142")).await;

    let line = app.find_caller(&ana, "787.555.0142").await.unwrap();
    assert_eq!(line.number, "+17875550142");
    assert_eq!(line.total_matches, 2);
    let on_line: Vec<_> = line.matches.iter().map(|found| (found.patient.id, found.role)).collect();
    assert!(on_line.contains(&(itzel, CallerRole::Patient)) && on_line.contains(&(tomas, CallerRole::Patient)));

    let daughter = app.find_caller(&ana, "tel:+1-305-555-0134").await.unwrap();
    assert_eq!(daughter.matches.len(), 1, "{daughter:?}");
    assert_eq!(daughter.matches[0].patient.id, itzel);
    assert_eq!(daughter.matches[0].role, CallerRole::Caregiver);
    assert_eq!(daughter.matches[0].contact_name.as_deref(), Some("Rosa Ñáñez"));

    for office in ["(787) 555-0199 ext. 3", "787 555 0198"] {
        let found = app.find_caller(&ana, office).await.unwrap();
        assert_eq!(found.total_matches, 2, "{office}: {found:?}");
        assert!(found.matches.iter().all(|found| found.role == CallerRole::PrescriberOffice
            && found.contact_name.as_deref() == Some("Dra. Elena Ríos")));
    }

    // A new number for Itzel: the shared line is Tomás's alone, the new one hers.
    let detail = app.patient_detail(&ana, itzel, now()).await.unwrap();
    let mut contact: ContactForm = detail.contact_form.clone();
    contact.phones[0].number = "(787) 555-0177".into();
    let saved = app.correct_patient(&ana, itzel, contact, now()).await.unwrap();
    assert!(matches!(saved, ContactCorrection::Saved { .. }), "{saved:?}");
    let line = app.find_caller(&ana, "7875550142").await.unwrap();
    assert_eq!(line.matches.iter().map(|found| found.patient.id).collect::<Vec<_>>(), vec![tomas]);
    let new_line = app.find_caller(&ana, "+1 787 555 0177").await.unwrap();
    let on_new_line: Vec<_> = new_line.matches.iter().map(|found| found.patient.id).collect();
    assert!(on_new_line.contains(&itzel) && !on_new_line.contains(&tomas), "{on_new_line:?}");

    // Nobody's number: no one, and the number read for an enrollment.
    let stranger = app.find_caller(&ana, "(212) 555-0100").await.unwrap();
    assert!(stranger.matches.is_empty());
    assert_eq!((stranger.number.as_str(), stranger.total_matches), ("+12125550100", 0));
    let nonsense = app.find_caller(&ana, "hola").await.unwrap_err();
    assert_eq!(nonsense.code, ErrorCode::CallerNumberInvalid);
    app.close().await;

    // The numbers are kept with the records, not in memory: found again after a restart.
    let app = App::open(dir.path(), &keys).await.unwrap();
    let ana = user(&app, "ana").await;
    assert_eq!(app.find_caller(&ana, "305-555-0134").await.unwrap().matches.len(), 1);
    app.close().await;
}
