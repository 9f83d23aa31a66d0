//! Consults over a real encrypted store: request, queue, proposal, accept,
//! and every refusal the rules call for.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use enlace_app::{Actor, App, AvailabilityInput, ConsultRequestInput, ConsultStep, ErrorCode, NewUser};
use enlace_domain::{
    ConsultReason, ConsultStatus, ConsultTransition, Language, PreferredTime, Role, Urgency, User, WeeklyHours,
};
use enlace_store::MemoryKeyStore;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// Tuesday morning, pharmacy time (New York).
fn now() -> DateTime<Utc> {
    at("2026-11-24T14:00:00Z")
}

struct Pharmacy {
    app: App,
    coordinator: Actor,
    pharmacist: Actor,
    supervisor: Actor,
}

async fn demo(dir: &tempfile::TempDir, keys: &MemoryKeyStore) -> Pharmacy {
    let app = App::open(dir.path(), keys).await.unwrap();
    app.seed_demo(now()).await.unwrap();
    let user = |username: &str| {
        let app = &app;
        let username = username.to_owned();
        async move { app.store().user_by_username(&username).await.unwrap().unwrap().user }
    };
    let pharmacy = Pharmacy {
        coordinator: Actor::user(&user("ana").await),
        pharmacist: Actor::user(&user("luis").await),
        supervisor: Actor::user(&user("marta").await),
        app,
    };
    weekday_mornings(&pharmacy.app, &pharmacy.pharmacist).await;
    pharmacy
}

/// 9:00–12:00 New York time, Monday to Friday.
async fn weekday_mornings(app: &App, pharmacist: &Actor) {
    let weekly = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
        .into_iter()
        .map(|weekday| WeeklyHours { weekday, start: time(9, 0), end: time(12, 0) })
        .collect();
    let input =
        AvailabilityInput { time_zone: "America/New_York".into(), weekly, exceptions: Vec::new(), slot_minutes: 15 };
    app.set_availability(pharmacist, input, now()).await.unwrap();
}

async fn spanish_patient(app: &App) -> enlace_domain::Patient {
    let patients = app.store().all_patients().await.unwrap();
    patients.into_iter().find(|patient| patient.preferred_language == Language::Spanish).unwrap()
}

fn request(patient_id: uuid::Uuid) -> ConsultRequestInput {
    ConsultRequestInput {
        patient_id,
        reason: ConsultReason::SideEffects,
        reason_text: "Dizzy since the new dose".into(),
        urgency: Urgency::Today,
        language: None,
        preferred_times: Vec::new(),
        callback_phone: None,
        notes: String::new(),
    }
}

fn step(transition: ConsultTransition, note: &str, based_on_version: u32) -> ConsultStep {
    ConsultStep { transition, slot: None, note: note.into(), based_on_version }
}

#[tokio::test]
async fn a_spanish_consult_is_requested_proposed_and_accepted_by_a_spanish_speaking_pharmacist() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let Pharmacy { app, coordinator, pharmacist, .. } = demo(&dir, &keys).await;
    let patient = spanish_patient(&app).await;

    let mut input = request(patient.id);
    // Mornings on the patient's own clock, wherever in the US they live.
    let mornings = vec![PreferredTime { weekday: None, start: time(6, 0), end: time(12, 0) }];
    input.preferred_times = mornings.clone();
    let requested = app.request_consult(&coordinator, input, now()).await.unwrap();
    assert_eq!(
        (requested.status, requested.language, requested.version),
        (ConsultStatus::Requested, Language::Spanish, 1)
    );
    assert_eq!(Some(requested.callback_phone.as_str()), patient.primary_phone().map(|phone| phone.e164.as_str()));

    let queue = app.consult_queue(&pharmacist).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert!(queue[0].speaks_language);
    assert_eq!(queue[0].patient_name, patient.name.full());

    let proposed = app.propose_consult_slot(&pharmacist, requested.id, now()).await.unwrap().unwrap();
    let zone = patient.zone_or("America/New_York".parse().unwrap());
    assert!(enlace_domain::fits_preferences(&proposed, &mornings, zone), "{proposed:?} in {zone}");
    assert!(proposed.start >= now());

    let accepted = app.accept_consult(&pharmacist, requested.id, proposed, 1, now()).await.unwrap();
    assert_eq!((accepted.status, accepted.slot, accepted.version), (ConsultStatus::Scheduled, Some(proposed), 2));
    assert!(!accepted.interpreter_needed);
    assert_eq!(accepted.pharmacist_id, pharmacist.user_id);
    assert!(app.consult_queue(&pharmacist).await.unwrap().is_empty());
    let mine = app.my_consult_requests(&coordinator).await.unwrap();
    assert_eq!(mine[0].consult.status, ConsultStatus::Scheduled);
    let events = app.store().consult_events(requested.id).await.unwrap();
    assert_eq!(events, [("luis".to_owned(), "schedule".to_owned(), 1)]);
    app.close().await;
}

#[tokio::test]
async fn slots_are_never_double_booked_and_stale_or_illegal_steps_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let Pharmacy { app, coordinator, pharmacist, .. } = demo(&dir, &keys).await;
    let patient = spanish_patient(&app).await;
    let first = app.request_consult(&coordinator, request(patient.id), now()).await.unwrap();
    let second = app.request_consult(&coordinator, request(patient.id), now()).await.unwrap();
    let slot = app.propose_consult_slot(&pharmacist, first.id, now()).await.unwrap().unwrap();

    let by_coordinator = app.accept_consult(&coordinator, first.id, slot, 1, now()).await.unwrap_err();
    assert_eq!(by_coordinator.code, ErrorCode::NotPermitted);
    let complete = step(ConsultTransition::Complete, "", 1);
    let too_early = app.transition_consult(&pharmacist, first.id, &complete, now()).await.unwrap_err();
    assert_eq!(too_early.code, ErrorCode::ConsultTransitionRefused);
    assert_eq!(too_early.args.get("from").map(String::as_str), Some("requested"));

    app.accept_consult(&pharmacist, first.id, slot, 1, now()).await.unwrap();
    let again = app.accept_consult(&pharmacist, first.id, slot, 1, now()).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::ConsultChanged, "an accept based on the old version");
    let taken = app.accept_consult(&pharmacist, second.id, slot, 1, now()).await.unwrap_err();
    assert_eq!(taken.code, ErrorCode::SlotTaken);
    // The proposal for the second request skips the booked slot.
    let next = app.propose_consult_slot(&pharmacist, second.id, now()).await.unwrap().unwrap();
    assert!(next.start >= slot.end);

    // Decline needs a reason; then the request is final.
    let no_reason = step(ConsultTransition::Decline, " ", 1);
    let refused = app.transition_consult(&pharmacist, second.id, &no_reason, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    let declined = app
        .transition_consult(&pharmacist, second.id, &step(ConsultTransition::Decline, "Needs the prescriber", 1), now())
        .await
        .unwrap();
    assert_eq!(
        (declined.status, declined.decline_reason.as_deref()),
        (ConsultStatus::Declined, Some("Needs the prescriber"))
    );
    let cancel = step(ConsultTransition::Cancel, "", 2);
    let refused = app.transition_consult(&coordinator, second.id, &cancel, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::ConsultTransitionRefused);

    // The coordinator may cancel a scheduled consult; its slot is free again.
    app.transition_consult(&coordinator, first.id, &step(ConsultTransition::Cancel, "", 2), now()).await.unwrap();
    let third = app.request_consult(&coordinator, request(patient.id), now()).await.unwrap();
    assert_eq!(app.propose_consult_slot(&pharmacist, third.id, now()).await.unwrap(), Some(slot));
    app.close().await;
}

#[tokio::test]
async fn a_pharmacist_without_the_patients_language_needs_an_interpreter() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let Pharmacy { app, coordinator, supervisor, .. } = demo(&dir, &keys).await;
    let new_user = NewUser {
        username: "eric".into(),
        display_name: "Eric English".into(),
        roles: vec![Role::Pharmacist],
        languages: vec![Language::English],
        ui_locale: Language::English,
        password: "eric-password-1".into(),
    };
    let eric: User = app.add_user(&supervisor, new_user, now()).await.unwrap();
    let english_only = Actor::user(&eric);
    weekday_mornings(&app, &english_only).await;
    let patient = spanish_patient(&app).await;
    let consult = app.request_consult(&coordinator, request(patient.id), now()).await.unwrap();
    assert!(!app.consult_queue(&english_only).await.unwrap()[0].speaks_language);
    // Luis speaks Spanish and has the same hours: the patient is offered him first.
    let options = app.consult_slot_options(&english_only, consult.id, 8, now()).await.unwrap();
    let offer = options.speaker_offer.expect("a Spanish-speaking colleague is free");
    assert_eq!(offer.pharmacist_name, "Luis Ortega");
    assert_eq!(Some(offer.slot), options.slots.first().copied(), "same hours, same earliest time");
    let luis = Actor::user(&app.store().user_by_username("luis").await.unwrap().unwrap().user);
    let for_luis = app.consult_slot_options(&luis, consult.id, 8, now()).await.unwrap();
    assert_eq!(for_luis.speaker_offer, None, "a speaker is not sent to another speaker");
    let slot = app.propose_consult_slot(&english_only, consult.id, now()).await.unwrap().unwrap();
    let accepted = app.accept_consult(&english_only, consult.id, slot, 1, now()).await.unwrap();
    assert!(accepted.interpreter_needed);
    app.close().await;
}

#[tokio::test]
async fn bad_requests_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let Pharmacy { app, coordinator, pharmacist, .. } = demo(&dir, &keys).await;
    let patient = spanish_patient(&app).await;
    let outbox = app.store().outbox_len().await.unwrap();
    let other_without_text =
        ConsultRequestInput { reason: ConsultReason::Other, reason_text: " ".into(), ..request(patient.id) };
    let refused = app.request_consult(&coordinator, other_without_text, now()).await.unwrap_err();
    assert_eq!(refused.args.get("field").map(String::as_str), Some("reasonText"));
    let bad_phone = ConsultRequestInput { callback_phone: Some("555".into()), ..request(patient.id) };
    let refused = app.request_consult(&coordinator, bad_phone, now()).await.unwrap_err();
    assert_eq!(refused.args.get("field").map(String::as_str), Some("callbackPhone"));
    let by_pharmacist = app.request_consult(&pharmacist, request(patient.id), now()).await.unwrap_err();
    assert_eq!(by_pharmacist.code, ErrorCode::NotPermitted);
    assert_eq!(app.store().outbox_len().await.unwrap(), outbox, "nothing was written");
    app.close().await;
}

#[tokio::test]
async fn days_off_and_extra_hours_change_the_offered_times_and_bad_hours_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let Pharmacy { app, coordinator, pharmacist, .. } = demo(&dir, &keys).await;
    let patient = spanish_patient(&app).await;
    let consult = app.request_consult(&coordinator, request(patient.id), now()).await.unwrap();
    let before = app.consult_slot_options(&pharmacist, consult.id, 1, now()).await.unwrap().slots[0];

    let mut hours = app.my_availability(&pharmacist).await.unwrap().unwrap();
    let today = enlace_domain::local_date(now(), "America/New_York".parse().unwrap());
    let saturday = today + chrono::Duration::days(4);
    hours.exceptions = vec![
        enlace_domain::AvailabilityException::DayOff { date: today },
        enlace_domain::AvailabilityException::DayOff { date: today + chrono::Duration::days(1) },
        enlace_domain::AvailabilityException::Extra { date: saturday, start: time(7, 0), end: time(8, 0) },
    ];
    app.set_availability(&pharmacist, hours.clone(), now()).await.unwrap();
    assert_eq!(app.my_availability(&pharmacist).await.unwrap().unwrap().exceptions, hours.exceptions);
    let after = app.consult_slot_options(&pharmacist, consult.id, 100, now()).await.unwrap().slots;
    assert!(after[0].start > before.start, "today and tomorrow are off");
    let new_york: chrono_tz::Tz = "America/New_York".parse().unwrap();
    assert!(after.iter().any(|slot| slot.start.with_timezone(&new_york).date_naive() == saturday));

    let outbox = app.store().outbox_len().await.unwrap();
    let mut backwards = hours.clone();
    backwards.exceptions.push(enlace_domain::AvailabilityException::Extra {
        date: saturday,
        start: time(7, 30),
        end: time(9, 0),
    });
    backwards.slot_minutes = 1;
    let refused = app.set_availability(&pharmacist, backwards, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidAvailability);
    assert_eq!(refused.problems, ["slot-length", "exception-overlap"]);
    assert_eq!(app.store().outbox_len().await.unwrap(), outbox, "nothing was written");
    app.close().await;
}

#[tokio::test]
async fn the_call_list_marks_patients_with_an_open_consult() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let Pharmacy { app, coordinator, pharmacist, .. } = demo(&dir, &keys).await;
    let filter = enlace_domain::CallListFilter::default();
    let page = app.call_list_page(&coordinator, now(), &filter, 0, 10).await.unwrap();
    assert!(page.rows.iter().all(|row| row.open_consult.is_none()));
    let patient_id = page.rows[3].patient_id;
    let consult = app.request_consult(&coordinator, request(patient_id), now()).await.unwrap();
    let marked = |page: enlace_app::CallListPage| {
        page.rows
            .into_iter()
            .filter_map(|row| row.open_consult.map(|status| (row.patient_id, status)))
            .collect::<Vec<_>>()
    };
    let page = app.call_list_page(&coordinator, now(), &filter, 0, 10).await.unwrap();
    assert_eq!(marked(page), [(patient_id, ConsultStatus::Requested)]);
    let slot = app.propose_consult_slot(&pharmacist, consult.id, now()).await.unwrap().unwrap();
    app.accept_consult(&pharmacist, consult.id, slot, 1, now()).await.unwrap();
    let page = app.call_list_page(&coordinator, now(), &filter, 0, 10).await.unwrap();
    assert_eq!(marked(page), [(patient_id, ConsultStatus::Scheduled)]);
    app.close().await;
}
