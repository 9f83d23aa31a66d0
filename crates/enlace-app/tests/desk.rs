//! The supervisor's desk over a real encrypted store: a coordinator's flag
//! reaching the supervisor, the rules' items, productivity, adherence and
//! the website's requests.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use enlace_app::{Actor, App, CallRecordInput, ErrorCode, FlagInput, WorkWebRequestInput};
use enlace_domain::{
    CallListFilter, ContactChannel, ContactParty, Disposition, ExceptionKind, ExceptionOutcome, ExceptionSource,
    Fulfillment, Language, RefillArrangement, ReportPeriod, RequestMatch, Severity, fold_for_search, rule_case_id,
};
use enlace_store::{Entity, MemoryKeyStore, Mutation};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Tuesday, noon in New York: daytime for most demo patients.
fn now() -> DateTime<Utc> {
    at("2026-12-01T17:00:00Z")
}

struct Desk {
    app: App,
    coordinator: Actor,
    supervisor: Actor,
}

async fn desk(dir: &tempfile::TempDir, keys: &MemoryKeyStore) -> Desk {
    let app = App::open(dir.path(), keys).await.unwrap();
    app.seed_demo(now()).await.unwrap();
    let user = |username: &str| {
        let app = &app;
        let username = username.to_owned();
        async move { Actor::user(&app.store().user_by_username(&username).await.unwrap().unwrap().user) }
    };
    Desk { coordinator: user("ana").await, supervisor: user("marta").await, app }
}

fn call(patient_id: uuid::Uuid, disposition: Disposition) -> CallRecordInput {
    CallRecordInput {
        patient_id,
        started_at: now() - Duration::minutes(4),
        duration_seconds: Some(200),
        channel: ContactChannel::OutboundCall,
        direction: None,
        party: ContactParty::Patient,
        reason: None,
        disposition: Some(disposition),
        notes: "Synthetic note.".into(),
        language: Language::Spanish,
        interpreter_used: false,
        refill: None,
        decline_reason: None,
        callback_local: None,
    }
}

/// Patients who may be called right now, in list order.
async fn callable(desk: &Desk) -> Vec<uuid::Uuid> {
    let filter = CallListFilter { callable_now_only: true, ..Default::default() };
    let list = desk.app.call_list(&desk.coordinator, now(), &filter).await.unwrap();
    list.rows.iter().map(|row| row.patient_id).collect()
}

fn problem(error: &enlace_app::AppError) -> (&ErrorCode, Option<&str>) {
    (&error.code, error.problems.first().map(String::as_str))
}

#[tokio::test]
async fn a_coordinators_flag_reaches_the_supervisor_who_assigns_and_resolves_it() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let desk = desk(&dir, &keys).await;
    let patient_id = callable(&desk).await[0];
    let recorded =
        desk.app.record_call(&desk.coordinator, call(patient_id, Disposition::NoAnswer), now()).await.unwrap();
    let flag = |kind, note: &str| FlagInput {
        patient_id,
        interaction_id: Some(recorded.interaction_id),
        kind,
        note: note.into(),
    };

    let outbox = desk.app.store().outbox_len().await.unwrap();
    let error = desk.app.flag_for_supervisor(&desk.coordinator, flag(ExceptionKind::AttemptCap, "x"), now()).await;
    assert_eq!(problem(&error.unwrap_err()), (&ErrorCode::InvalidException, Some("not-a-flag")));
    let error = desk.app.flag_for_supervisor(&desk.coordinator, flag(ExceptionKind::Hospitalized, "  "), now()).await;
    assert_eq!(problem(&error.unwrap_err()), (&ErrorCode::InvalidException, Some("note-required")));
    assert_eq!(desk.app.store().outbox_len().await.unwrap(), outbox, "a refused flag writes nothing");

    let note = "Daughter answered: in hospital since Sunday.";
    let id =
        desk.app.flag_for_supervisor(&desk.coordinator, flag(ExceptionKind::Hospitalized, note), now()).await.unwrap();
    assert!(desk.app.exception_queue(&desk.coordinator, now()).await.unwrap().open.is_empty(), "not assigned to her");

    let queue = desk.app.exception_queue(&desk.supervisor, now()).await.unwrap();
    let first = &queue.open[0];
    assert_eq!((first.id, first.severity, first.source), (id, Severity::High, ExceptionSource::Flag), "severe first");
    assert_eq!((first.note.as_str(), first.raised_by.as_str()), (note, "Ana Rivera"));
    assert!(queue.assignees.iter().any(|person| person.username == "ana"));
    assert!(queue.assignees.iter().all(|person| person.username != "luis"), "pharmacists do not work the queue");

    let refused = desk.app.assign_exception(&desk.coordinator, id, Some("ana".into()), now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted);
    let unknown = desk.app.assign_exception(&desk.supervisor, id, Some("nobody".into()), now()).await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidInput);
    desk.app.assign_exception(&desk.supervisor, id, Some("ana".into()), now()).await.unwrap();
    let hers = desk.app.exception_queue(&desk.coordinator, now()).await.unwrap();
    assert_eq!(hers.open.iter().map(|item| item.id).collect::<Vec<_>>(), [id]);
    assert!(hers.assignees.is_empty());

    let later = now() + Duration::minutes(30);
    let misfit = desk
        .app
        .resolve_exception(&desk.supervisor, id, ExceptionOutcome::RenewalRequested, String::new(), None, later)
        .await
        .unwrap_err();
    assert_eq!(problem(&misfit), (&ErrorCode::InvalidException, Some("outcome-does-not-fit")));
    desk.app
        .resolve_exception(
            &desk.supervisor,
            id,
            ExceptionOutcome::ReachedOtherwise,
            " Spoke with the daughter ".into(),
            None,
            later,
        )
        .await
        .unwrap();
    let queue = desk.app.exception_queue(&desk.supervisor, later).await.unwrap();
    assert!(queue.open.iter().all(|item| item.id != id));
    let resolution = queue.resolved.iter().find(|item| item.id == id).unwrap().resolution.clone().unwrap();
    assert_eq!((resolution.by.as_str(), resolution.note.as_str()), ("marta", "Spoke with the daughter"));
    let again = desk
        .app
        .resolve_exception(&desk.supervisor, id, ExceptionOutcome::Acknowledged, String::new(), None, later)
        .await
        .unwrap_err();
    assert_eq!(problem(&again), (&ErrorCode::InvalidException, Some("already-resolved")));

    // Every step is a change for the server, by its author.
    let changes = desk.app.store().outbox(10_000).await.unwrap();
    let authors: Vec<&str> = changes
        .iter()
        .filter(|change| change.entity == Entity::ExceptionCase && change.entity_id == id)
        .map(|change| change.author.as_str())
        .collect();
    assert_eq!(authors, ["ana", "marta", "marta"], "flag, assignment, resolution");
}

#[tokio::test]
async fn a_wrong_number_is_one_rule_item_and_removing_the_patient_stops_the_calls() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let desk = desk(&dir, &keys).await;
    let patient_id = callable(&desk).await[1];
    desk.app.record_call(&desk.coordinator, call(patient_id, Disposition::WrongNumber), now()).await.unwrap();

    let queue = desk.app.exception_queue(&desk.supervisor, now()).await.unwrap();
    let item = queue
        .open
        .iter()
        .find(|item| item.patient_id == patient_id && item.kind == ExceptionKind::WrongNumber)
        .expect("the wrong number is on the desk");
    assert_eq!(item.source, ExceptionSource::Rule);
    assert_eq!(item.id, rule_case_id(patient_id, ExceptionKind::WrongNumber, item.opened_on), "the same id everywhere");
    let again = desk.app.exception_queue(&desk.supervisor, now()).await.unwrap();
    assert_eq!(again.open.iter().filter(|other| other.id == item.id).count(), 1);

    desk.app
        .resolve_exception(
            &desk.supervisor,
            item.id,
            ExceptionOutcome::RemovedFromCalls,
            "Moved away".into(),
            None,
            now(),
        )
        .await
        .unwrap();
    let patient = desk.app.store().patient(patient_id).await.unwrap();
    assert!(!patient.consents.calls, "removed from calls: call consent revoked");
    let after = desk.app.exception_queue(&desk.supervisor, now() + Duration::hours(1)).await.unwrap();
    assert!(after.open.iter().all(|other| other.patient_id != patient_id));
    assert!(after.resolved.iter().any(|other| other.id == item.id));
}

#[tokio::test]
async fn a_refill_waiting_for_a_renewal_reaches_the_desk_once_per_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let desk = desk(&dir, &keys).await;
    let prescription = desk.app.store().active_prescriptions().await.unwrap().into_iter().next().unwrap();
    // Due in two days, no refills left: its reminders opened five days ago.
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let last_fill = today - Duration::days(i64::from(prescription.days_supply) - 2);
    let fields = [("last_fill_date", serde_json::json!(last_fill)), ("refills_left", serde_json::json!(0))];
    let mutation = Mutation {
        entity: Entity::Prescription,
        id: prescription.id,
        fields: fields.into_iter().map(|(name, value)| (name.to_owned(), value)).collect(),
    };
    desk.app.store().apply(vec![mutation]).await.unwrap();
    let queue = desk.app.exception_queue(&desk.supervisor, now()).await.unwrap();
    let items: Vec<_> = queue
        .open
        .iter()
        .filter(|item| item.patient_id == prescription.patient_id && item.kind == ExceptionKind::RenewalNeeded)
        .collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].opened_on, today + Duration::days(2), "the cycle's due date");
    assert_eq!(items[0].note, prescription.drug);
    assert!(items[0].renewal_contacts.is_empty());

    // The renewal is asked of the prescriber's office by fax, and the office answers: both show on the item.
    let mut request = call(prescription.patient_id, Disposition::NoAnswer);
    request.channel = ContactChannel::Fax;
    request.direction = Some(enlace_domain::Direction::Outbound);
    request.party = ContactParty::PrescriberOffice;
    request.reason = Some(enlace_domain::ContactReason::Renewal);
    request.disposition = None;
    request.started_at = now() - Duration::hours(3);
    desk.app.record_call(&desk.coordinator, request.clone(), now()).await.unwrap();
    let answer = CallRecordInput {
        direction: Some(enlace_domain::Direction::Inbound),
        started_at: now() - Duration::hours(1),
        ..request
    };
    desk.app.record_call(&desk.coordinator, answer, now()).await.unwrap();
    let queue = desk.app.exception_queue(&desk.supervisor, now()).await.unwrap();
    let item = queue.open.iter().find(|item| item.id == items[0].id).unwrap();
    let directions: Vec<_> = item.renewal_contacts.iter().map(|contact| contact.direction).collect();
    assert_eq!(directions, [enlace_domain::Direction::Inbound, enlace_domain::Direction::Outbound], "newest first");

    // The renewed prescription arrives (as the refill report's row writes it): the item is gone.
    let renewed = Mutation {
        entity: Entity::Prescription,
        id: prescription.id,
        fields: [("refills_left".to_owned(), serde_json::json!(5))].into_iter().collect(),
    };
    desk.app.store().apply(vec![renewed]).await.unwrap();
    let queue = desk.app.exception_queue(&desk.supervisor, now()).await.unwrap();
    assert!(
        queue
            .open
            .iter()
            .all(|item| item.kind != ExceptionKind::RenewalNeeded || item.patient_id != prescription.patient_id)
    );
}

#[tokio::test]
async fn productivity_counts_the_days_calls_and_each_sees_what_their_role_allows() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let desk = desk(&dir, &keys).await;
    let patients = callable(&desk).await;
    desk.app.record_call(&desk.coordinator, call(patients[0], Disposition::NoAnswer), now()).await.unwrap();
    let mut confirmed = call(patients[1], Disposition::RefillConfirmed);
    let patient = desk.app.store().patient(patients[1]).await.unwrap();
    let zone: chrono_tz::Tz = patient.time_zone.as_deref().unwrap_or("America/New_York").parse().unwrap();
    confirmed.refill =
        Some(RefillArrangement { fulfillment: Fulfillment::Pickup, on: now().with_timezone(&zone).date_naive() });
    desk.app.record_call(&desk.coordinator, confirmed, now()).await.unwrap();
    let flag = FlagInput {
        patient_id: patients[1],
        interaction_id: None,
        kind: ExceptionKind::Compliment,
        note: String::new(),
    };
    desk.app.flag_for_supervisor(&desk.coordinator, flag, now()).await.unwrap();

    let own = desk.app.productivity_report(&desk.coordinator, ReportPeriod::Today, now()).await.unwrap();
    assert_eq!(own.people.len(), 1);
    let ana = &own.people[0];
    assert_eq!((ana.username.as_str(), ana.display_name.as_str()), ("ana", "Ana Rivera"));
    let figures = &ana.figures;
    assert_eq!((figures.calls, figures.patients_reached, figures.reach_per_mille), (2, 1, 500));
    assert_eq!(
        (figures.refills_confirmed, figures.exceptions_raised, figures.average_handle_seconds),
        (1, 1, Some(200))
    );
    assert!(own.team.is_none(), "a coordinator sees only their own");
    assert_eq!(own.daily.iter().map(|day| day.calls).sum::<u32>(), 2);

    let team = desk.app.productivity_report(&desk.supervisor, ReportPeriod::ThisWeek, now()).await.unwrap();
    assert_eq!(team.first_day, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "Monday");
    let everyone: u32 = team.people.iter().map(|person| person.figures.calls).sum();
    assert_eq!(team.team.unwrap().calls, everyone, "the team is everyone (the demo's history too)");
    assert!(team.people.iter().any(|person| person.username == "ana") && team.people.len() > 1);
    assert_eq!(team.daily.len(), 2);
    assert_eq!(team.daily.iter().map(|day| day.calls).sum::<u32>(), everyone);

    let backwards = ReportPeriod::Range {
        first: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        last: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    };
    let error = desk.app.productivity_report(&desk.supervisor, backwards, now()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);

    let csv = desk.app.productivity_csv(&desk.supervisor, ReportPeriod::Today, now()).await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("first_day,last_day,username,name,calls"));
    assert!(lines.iter().any(|line| line.contains(",ana,Ana Rivera,2,0,0,1,50.0,1,0,200,1")), "{csv}");
    assert!(lines.last().unwrap().contains(",team,"), "the team's line last");
}

#[tokio::test]
async fn adherence_is_measured_on_the_fill_history_and_the_team_list_is_the_supervisors() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let desk = desk(&dir, &keys).await;
    let list = desk.app.non_adherent_patients(&desk.supervisor, now()).await.unwrap();
    assert!(!list.is_empty(), "the demo has patients who leave gaps");
    assert!(list.windows(2).all(|pair| pair[0].lowest_percent <= pair[1].lowest_percent), "lowest first");
    let first = &list[0];
    assert!(first.lowest_percent < 80 && !first.patient_name.is_empty());
    let own = desk.app.patient_adherence(&desk.coordinator, first.patient_id, now()).await.unwrap();
    assert_eq!(own, first.drugs, "the patient view shows what the list measured");
    assert!(own.iter().any(|drug| drug.measured && !drug.adherent));
    let refused = desk.app.non_adherent_patients(&desk.coordinator, now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotPermitted);
}

fn web_request(id: uuid::Uuid, name: &str, born: Option<NaiveDate>, patient_ref: Option<&str>) -> Mutation {
    let fields = serde_json::json!({
        "kind": "refill",
        "name": name,
        "date_of_birth": born,
        "phone": "+13055550142",
        "message": "Please refill my prescription.",
        "patient_ref": patient_ref,
        "received_at": "2026-12-01T15:00:00.000Z",
        "status": "open",
    });
    Mutation { entity: Entity::WebRequest, id, fields: fields.as_object().unwrap().clone() }
}

#[tokio::test]
async fn web_requests_match_by_number_or_name_and_birthday_and_working_one_records_the_contact() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let desk = desk(&dir, &keys).await;
    let patients = desk.app.store().all_patients().await.unwrap();
    let accented = patients.iter().find(|patient| !patient.name.full().is_ascii()).unwrap();
    let numbered = patients.iter().find(|patient| patient.id != accented.id).unwrap();
    // Typed without accents, in capitals.
    let typed = format!("{} {}", accented.name.given, accented.name.family);
    let typed = fold_for_search(&typed).to_uppercase();
    let (by_name, by_number, unknown) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let requests = vec![
        web_request(by_name, &typed, Some(accented.date_of_birth), None),
        web_request(by_number, "Someone", None, numbered.external_id.as_deref()),
        web_request(unknown, "Nadie Conocido", Some(NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()), None),
    ];
    desk.app.store().apply(requests).await.unwrap();

    let rows = desk.app.web_requests(&desk.coordinator).await.unwrap();
    let row = |id| rows.iter().find(|row| row.id == id).unwrap();
    assert_eq!(row(by_name).patient, RequestMatch::Matched(accented.id));
    assert_eq!(row(by_name).patient_name.as_deref(), Some(accented.name.full().as_str()));
    assert_eq!(row(by_number).patient, RequestMatch::Matched(numbered.id));
    assert_eq!(row(unknown).patient, RequestMatch::Unmatched);

    desk.app.match_web_request(&desk.coordinator, unknown, numbered.id, now()).await.unwrap();
    let rows = desk.app.web_requests(&desk.coordinator).await.unwrap();
    assert_eq!(rows.iter().find(|row| row.id == unknown).unwrap().patient, RequestMatch::Matched(numbered.id));

    let work = |disposition| WorkWebRequestInput {
        request_id: by_name,
        patient_id: accented.id,
        disposition,
        notes: "Called back about the web request.".into(),
    };
    let refused = desk.app.work_web_request(&desk.coordinator, work(Disposition::DoNotCall), now()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    desk.app.work_web_request(&desk.coordinator, work(Disposition::NoAnswer), now()).await.unwrap();
    assert!(desk.app.web_requests(&desk.coordinator).await.unwrap().iter().any(|row| row.id == by_name), "still open");
    desk.app.work_web_request(&desk.coordinator, work(Disposition::RefillConfirmed), now()).await.unwrap();
    assert!(desk.app.web_requests(&desk.coordinator).await.unwrap().iter().all(|row| row.id != by_name), "closed");
    let contacts = desk.app.store().interactions_of(accented.id).await.unwrap();
    let web: Vec<_> = contacts
        .iter()
        .filter(|contact| contact.channel == enlace_domain::ContactChannel::Web && contact.recorded_by == "ana")
        .collect();
    assert_eq!(web.len(), 2, "each time it was worked is on the patient's history");
}
