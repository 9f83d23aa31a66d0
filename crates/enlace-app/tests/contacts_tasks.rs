//! Every contact and its follow-up, on a pharmacy set up from nothing over a real encrypted
//! store: a patient who calls in and confirms resolves the reminder (and is no attempt); a fax
//! to the prescriber's office is logged with who and why; a contact that makes no sense is
//! refused with nothing written; a task set for "tomorrow 5 pm" on the patient's clock is due
//! then, shows in the colleague's "My tasks", is done once however many times it is closed, and
//! an overdue one reaches the desk.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use enlace_app::{Actor, App, CallRecordInput, ErrorCode, NewTaskInput, NewUser};
use enlace_domain::{
    AssigneeKind, CallListFilter, CallState, ContactChannel, ContactParty, ContactReason, Direction, Disposition,
    EntityId, Fulfillment, Language, PharmacySettings, RefillArrangement, Role, TaskAssignee, TaskClock, TaskEventKind,
    TaskStatus, TaskStep, TaskUrgency,
};
use enlace_store::MemoryKeyStore;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn new_user(username: &str, roles: &[Role]) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Test {username}"),
        roles: roles.to_vec(),
        languages: vec![Language::English, Language::Spanish],
        ui_locale: Language::Spanish,
        password: format!("{username}-pass-words-1"),
    }
}

/// A pharmacy in Phoenix set up from nothing, a coordinator (ana), a second coordinator (bea),
/// a pharmacist (luis) and one imported Spanish-speaking patient in Miami whose refill is due.
async fn pharmacy(
    dir: &tempfile::TempDir,
    keys: &MemoryKeyStore,
    now: DateTime<Utc>,
) -> (App, Actor, Actor, Actor, Actor, EntityId) {
    let app = App::open(dir.path(), keys).await.unwrap();
    let pharmacy =
        PharmacySettings::with_defaults(EntityId::nil(), "Botica del Pueblo", "(520) 555-0142", "America/Phoenix");
    let (marta, _) = app.set_up_pharmacy_with_supervisor(new_user("marta", &[]), pharmacy, now).await.unwrap();
    let marta = Actor::user(&marta);
    let mut people = Vec::new();
    for (name, role) in [("ana", Role::Coordinator), ("bea", Role::Coordinator), ("luis", Role::Pharmacist)] {
        people.push(Actor::user(&app.add_user(&marta, new_user(name, &[role]), now).await.unwrap()));
    }
    let report = "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
                  strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n\
                  P-1,Quintero,Rosa,04/09/1951,305.555.0134,es,,33101,RX-1,Metformin,500 mg,2026-11-05,30,60,3,Dr. Test,\n";
    let imported = app.import_refills(&people[0], report.as_bytes(), now).await.unwrap();
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let found = app.find_caller(&people[0], "305.555.0134").await.unwrap();
    let patient_id = found.matches[0].patient.id;
    let luis = people.pop().unwrap();
    let bea = people.pop().unwrap();
    let ana = people.pop().unwrap();
    (app, marta, ana, bea, luis, patient_id)
}

fn contact(patient_id: EntityId, channel: ContactChannel, started_at: DateTime<Utc>) -> CallRecordInput {
    CallRecordInput {
        patient_id,
        started_at,
        duration_seconds: Some(240),
        channel,
        direction: None,
        party: ContactParty::Patient,
        reason: None,
        disposition: None,
        notes: "Synthetic note.".into(),
        language: Language::Spanish,
        interpreter_used: false,
        refill: None,
        decline_reason: None,
        callback_local: None,
    }
}

#[tokio::test]
async fn a_patient_who_calls_in_and_confirms_resolves_the_reminder_on_any_page() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    // 11:00 in Miami, 9:00 in Phoenix.
    let now = at("2026-12-03T16:00:00Z");
    let (app, marta, ana, _, _, rosa) = pharmacy(&dir, &keys, now).await;
    let before = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 10).await.unwrap();
    assert_eq!(before.total, 1, "Rosa is due");

    // An inbound call cannot have gone unanswered: refused, nothing written.
    let mut nonsense = contact(rosa, ContactChannel::InboundCall, now - Duration::minutes(4));
    nonsense.disposition = Some(Disposition::NoAnswer);
    let refused = app.record_call(&ana, nonsense, now).await.unwrap_err();
    assert_eq!(
        (refused.code, refused.problems.as_slice()),
        (ErrorCode::InvalidOutcome, &["not-an-attempt".to_owned()][..])
    );
    assert!(app.store().interactions_of(rosa).await.unwrap().is_empty(), "nothing half-written");

    let mut confirmed = contact(rosa, ContactChannel::InboundCall, now - Duration::minutes(4));
    confirmed.party = ContactParty::Caregiver;
    confirmed.reason = Some(ContactReason::Refill);
    confirmed.disposition = Some(Disposition::RefillConfirmed);
    confirmed.refill = Some(RefillArrangement {
        fulfillment: Fulfillment::Delivery,
        on: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
    });
    let saved = app.record_call(&ana, confirmed, now).await.unwrap();
    let status = saved.status.expect("still has a due refill");
    assert_eq!(status.state, CallState::Resolved { by: Disposition::RefillConfirmed });
    let after = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 10).await.unwrap();
    assert_eq!(after.total, 0, "resolved as an answered reminder would be");

    let history = app.store().interactions_of(rosa).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].channel, history[0].direction, history[0].party),
        (ContactChannel::InboundCall, Direction::Inbound, ContactParty::Caregiver)
    );
    let report = app.productivity_report(&marta, enlace_domain::ReportPeriod::Today, now).await.unwrap();
    let team = report.team.unwrap();
    assert_eq!((team.calls, team.inbound_calls, team.refills_confirmed), (0, 1, 1), "{team:?}");
}

#[tokio::test]
async fn a_fax_to_the_prescribers_office_is_logged_with_who_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T16:00:00Z");
    let (app, marta, ana, _, _, rosa) = pharmacy(&dir, &keys, now).await;

    let mut fax = contact(rosa, ContactChannel::Fax, now - Duration::hours(1));
    fax.party = ContactParty::PrescriberOffice;
    // No reason and no outcome: refused, with nothing written.
    let refused = app.record_call(&ana, fax.clone(), now).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput, "a fax says which way it went");
    fax.direction = Some(Direction::Outbound);
    let refused = app.record_call(&ana, fax.clone(), now).await.unwrap_err();
    assert_eq!(
        (refused.code, refused.problems.as_slice()),
        (ErrorCode::InvalidOutcome, &["reason-missing".to_owned()][..])
    );
    // A prescriber's office cannot answer the refill question for the patient.
    let mut answered = fax.clone();
    answered.disposition = Some(Disposition::Declined);
    answered.decline_reason = Some(enlace_domain::DeclineReason::Cost);
    let refused = app.record_call(&ana, answered, now).await.unwrap_err();
    assert_eq!(refused.problems, ["outcome-needs-patient"]);
    assert!(app.store().interactions_of(rosa).await.unwrap().is_empty());

    fax.reason = Some(ContactReason::Renewal);
    app.record_call(&ana, fax, now).await.unwrap();
    let logged = &app.store().interactions_of(rosa).await.unwrap()[0];
    assert_eq!(
        (logged.channel, logged.direction, logged.party, logged.reason, logged.disposition),
        (ContactChannel::Fax, Direction::Outbound, ContactParty::PrescriberOffice, Some(ContactReason::Renewal), None)
    );
    assert_eq!(logged.duration_seconds, None, "a fax has no duration");
    // A fax is not a call: Rosa stays on the list.
    let page = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 10).await.unwrap();
    assert_eq!(page.total, 1);
    let report = app.productivity_report(&marta, enlace_domain::ReportPeriod::Today, now).await.unwrap();
    assert_eq!(report.team.unwrap().other_contacts, 1);
}

#[tokio::test]
async fn a_task_for_tomorrow_five_pm_patient_time_reaches_the_colleague_and_closes_once() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T16:00:00Z");
    let (app, marta, ana, bea, luis, rosa) = pharmacy(&dir, &keys, now).await;
    let tomorrow_five = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap().and_hms_opt(17, 0, 0).unwrap();
    let input = |assignee: TaskAssignee| NewTaskInput {
        patient_id: Some(rosa),
        interaction_id: None,
        reason: ContactReason::Delivery,
        notes: "Confirm the delivery window.".into(),
        due_local: tomorrow_five,
        clock: TaskClock::Patient,
        coordinator_zone: "America/Phoenix".into(),
        assignee,
    };
    let task = app.create_task(&ana, input(TaskAssignee::user("bea")), now).await.unwrap();
    // 17:00 in Miami (EST) is 22:00 UTC, 15:00 in the coordinator's Phoenix.
    assert_eq!(task.task.due_at, chrono_tz::America::New_York.from_local_datetime(&tomorrow_five).unwrap().to_utc());
    assert_eq!(task.task.due_at, at("2026-12-04T22:00:00Z"));
    assert_eq!(task.patient_zone.as_deref(), Some("America/New_York"));
    assert!(!task.outside_calling_hours);

    assert_eq!(app.my_tasks(&bea, now).await.unwrap().rows.len(), 1, "bea's");
    assert!(app.my_tasks(&ana, now).await.unwrap().rows.is_empty(), "not ana's");
    // On the coordinator's clock, 17:00 Phoenix is 19:00 in Miami: still within hours.
    let mine = NewTaskInput { clock: TaskClock::Coordinator, ..input(TaskAssignee::pool(AssigneeKind::AnyPharmacist)) };
    let for_pharmacists = app.create_task(&ana, mine, now).await.unwrap();
    assert_eq!(for_pharmacists.task.due_at, at("2026-12-05T00:00:00Z"));
    assert_eq!(app.my_tasks(&luis, now).await.unwrap().rows.len(), 1, "any pharmacist");
    // 21:00 on the patient's clock is past their calling hours: the task says so.
    let late = NewTaskInput {
        due_local: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap().and_hms_opt(21, 30, 0).unwrap(),
        ..input(TaskAssignee::user("bea"))
    };
    assert!(app.create_task(&ana, late, now).await.unwrap().outside_calling_hours);

    // Refusals leave nothing.
    let past = NewTaskInput {
        due_local: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap(),
        ..input(TaskAssignee::user("bea"))
    };
    let refused = app.create_task(&ana, past, now).await.unwrap_err();
    assert_eq!((refused.code, refused.problems.as_slice()), (ErrorCode::InvalidTask, &["due-in-past".to_owned()][..]));
    let stranger = app.create_task(&ana, input(TaskAssignee::user("nobody")), now).await.unwrap_err();
    assert_eq!(stranger.code, ErrorCode::InvalidInput);
    assert_eq!(app.patient_tasks(rosa, now).await.unwrap().len(), 3);

    // Done by bea, then again (another laptop's click): one closed task, not an error.
    let later = now + Duration::hours(2);
    let done = app.take_task_step(&bea, task.task.id, TaskStep::Done, later).await.unwrap();
    assert_eq!((done.task.status, done.task.closed_by.as_deref()), (TaskStatus::Done, Some("bea")));
    let again = app.take_task_step(&ana, task.task.id, TaskStep::Done, later).await.unwrap();
    assert_eq!(again.task.closed_by.as_deref(), Some("bea"), "the first close stands");
    let kinds: Vec<TaskEventKind> = again.history.iter().map(|event| event.kind).collect();
    assert_eq!(kinds, [TaskEventKind::Created, TaskEventKind::Done]);
    let cancel = app.take_task_step(&ana, task.task.id, TaskStep::Cancel, later).await.unwrap_err();
    assert_eq!(cancel.problems, ["closed"]);

    // An open task overdue past the pharmacy's setting (a day unless changed) is on the desk, and
    // only a supervisor reads it.
    let overdue_at = for_pharmacists.task.due_at + Duration::hours(24);
    assert!(app.escalated_tasks(&marta, overdue_at - Duration::minutes(1)).await.unwrap().is_empty());
    let desk = app.escalated_tasks(&marta, overdue_at).await.unwrap();
    assert!(desk.iter().any(|row| row.task.id == for_pharmacists.task.id && row.urgency == TaskUrgency::Escalated));
    assert_eq!(app.escalated_tasks(&ana, overdue_at).await.unwrap_err().code, ErrorCode::NotPermitted);
    // The pharmacy gives its tasks two days: the same task is not on the desk yet.
    let pharmacy = app.pharmacy().await.unwrap();
    let patient_pharmacy = enlace_domain::PharmacySettings { task_escalation_hours: 48, ..pharmacy.clone() };
    app.update_pharmacy(&marta, patient_pharmacy, now).await.unwrap();
    assert!(app.escalated_tasks(&marta, overdue_at).await.unwrap().is_empty(), "two days' grace");
    app.update_pharmacy(&marta, pharmacy, now).await.unwrap();
    // Snoozed to tomorrow, it leaves the desk.
    let snoozed = app
        .take_task_step(
            &luis,
            for_pharmacists.task.id,
            TaskStep::Snooze { until: overdue_at + Duration::days(1) },
            overdue_at,
        )
        .await
        .unwrap();
    assert_eq!(snoozed.urgency, TaskUrgency::Upcoming);
    assert!(
        app.escalated_tasks(&marta, overdue_at).await.unwrap().iter().all(|row| row.task.id != for_pharmacists.task.id)
    );
}

#[tokio::test]
async fn a_renewal_asked_by_fax_shows_on_the_desk_until_the_renewed_prescription_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T16:00:00Z");
    let (app, marta, ana, _, _, rosa) = pharmacy(&dir, &keys, now).await;
    let header = "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
                  strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n";
    let row = |refills: u32| {
        format!(
            "{header}P-1,Quintero,Rosa,04/09/1951,305.555.0134,es,,33101,RX-1,Metformin,500 mg,2026-11-05,30,60,{refills},Dr. Test,\n"
        )
    };
    // The report says no refills are left: due on Dec 5, its reminders open since Nov 28.
    let imported = app.import_refills(&ana, row(0).as_bytes(), now).await.unwrap();
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let renewal = |queue: &enlace_app::ExceptionQueue| {
        queue
            .open
            .iter()
            .find(|item| item.patient_id == rosa && item.kind == enlace_domain::ExceptionKind::RenewalNeeded)
            .cloned()
    };
    let item = renewal(&app.exception_queue(&marta, now).await.unwrap()).expect("waiting on a renewal");
    assert!(item.renewal_contacts.is_empty());

    // Asked of the prescriber's office by fax; the office calls back.
    let mut fax = contact(rosa, ContactChannel::Fax, now - Duration::hours(3));
    fax.direction = Some(Direction::Outbound);
    fax.party = ContactParty::PrescriberOffice;
    fax.reason = Some(ContactReason::Renewal);
    app.record_call(&ana, fax.clone(), now).await.unwrap();
    let answer = CallRecordInput {
        channel: ContactChannel::InboundCall,
        direction: None,
        started_at: now - Duration::hours(1),
        ..fax
    };
    app.record_call(&ana, answer, now).await.unwrap();
    let item = renewal(&app.exception_queue(&marta, now).await.unwrap()).unwrap();
    let seen: Vec<(ContactChannel, Direction)> =
        item.renewal_contacts.iter().map(|c| (c.channel, c.direction)).collect();
    assert_eq!(seen, [(ContactChannel::InboundCall, Direction::Inbound), (ContactChannel::Fax, Direction::Outbound)]);

    // The renewed prescription arrives in the next report: the item is gone.
    let imported = app.import_refills(&ana, row(5).as_bytes(), now + Duration::hours(2)).await.unwrap();
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert!(renewal(&app.exception_queue(&marta, now + Duration::hours(2)).await.unwrap()).is_none());
}
