//! A real pharmacy's first day on a new encrypted store: nothing works on
//! patients before the pharmacy exists (and says so), its first supervisor
//! sets it up once with checked values, and the demo never mixes with it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveTime, Utc};
use enlace_app::{Actor, App, DemoSeed, ErrorCode, ImportProgress, ImportStage, NewUser};
use enlace_domain::import::{ColumnMapping, ImportField};
use enlace_domain::{CallListFilter, CallingWindow, EntityId, Language, PharmacySettings, Role};
use enlace_store::MemoryKeyStore;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn new_user(username: &str, roles: &[Role], password: &str) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Test {username}"),
        roles: roles.to_vec(),
        languages: vec![Language::English, Language::Spanish],
        ui_locale: Language::Spanish,
        password: password.into(),
    }
}

fn typed_pharmacy() -> PharmacySettings {
    PharmacySettings::with_defaults(EntityId::nil(), "  Botica del Pueblo ", "(520) 555-0142", "America/Phoenix")
}

#[tokio::test]
async fn nothing_works_on_patients_before_the_pharmacy_exists_and_it_is_set_up_once() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-12-03T16:00:00Z");
    let marta = app.create_first_supervisor(new_user("marta", &[Role::Supervisor], "first-day-pass-1"), now).await;
    let marta = Actor::user(&marta.unwrap());
    let ana = app
        .add_user(&marta, new_user("ana", &[Role::Coordinator], "coordinator-pass-1"), now)
        .await
        .map(|user| Actor::user(&user))
        .unwrap();

    // Every view a coordinator opens names what is missing, never "not found".
    assert_eq!(app.pharmacy().await.unwrap_err().code, ErrorCode::PharmacyMissing);
    let list = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 50).await;
    assert_eq!(list.unwrap_err().code, ErrorCode::PharmacyMissing);
    assert_eq!(app.call_list_overview(&ana, now).await.unwrap_err().code, ErrorCode::PharmacyMissing);

    // Only a supervisor sets it up.
    let by_coordinator = app.set_up_pharmacy(&ana, typed_pharmacy(), now).await;
    assert_eq!(by_coordinator.unwrap_err().code, ErrorCode::NotPermitted);

    // Bad values are each named and nothing is written.
    let at_seven = PharmacySettings {
        phone: "call us".into(),
        time_zone: "Mars/Olympus".into(),
        calling_window: CallingWindow {
            start: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
        },
        ..typed_pharmacy()
    };
    let refused = app.set_up_pharmacy(&marta, at_seven, now).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidSettings);
    assert_eq!(refused.problems, ["phone-invalid", "time-zone-unknown", "calling-window"]);
    assert_eq!(app.pharmacy().await.unwrap_err().code, ErrorCode::PharmacyMissing);

    // As typed: name trimmed, phone kept in E.164, the id the store's own.
    let pharmacy = app.set_up_pharmacy(&marta, typed_pharmacy(), now).await.unwrap();
    assert_eq!(pharmacy.name, "Botica del Pueblo");
    assert_eq!(pharmacy.phone, "+15205550142");
    assert_ne!(pharmacy.id, EntityId::nil());
    assert_eq!(app.pharmacy().await.unwrap(), pharmacy);
    let again = app.set_up_pharmacy(&marta, typed_pharmacy(), now).await;
    assert_eq!(again.unwrap_err().code, ErrorCode::PharmacyExists);

    // The call list opens (empty), and name, phone and zone stay editable.
    let page = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 50).await.unwrap();
    assert!(page.rows.is_empty());
    let renamed = PharmacySettings {
        name: "Botica del Pueblo #2".into(),
        phone: "520-555-0199".into(),
        time_zone: "America/Denver".into(),
        ..pharmacy.clone()
    };
    let saved = app.update_pharmacy(&marta, renamed, now).await.unwrap();
    assert_eq!((saved.name.as_str(), saved.phone.as_str()), ("Botica del Pueblo #2", "+15205550199"));
    assert_eq!(saved.time_zone, "America/Denver");

    // Its address and programs too; the programs lead the call list's filter.
    let described = PharmacySettings {
        address: enlace_domain::enrollment::Address {
            line1: "400 W Van Buren St".into(),
            line2: String::new(),
            city: "Phoenix".into(),
            state: "az".into(),
            zip: "85004".into(),
        },
        programs: vec!["Med Sync".into(), "Especialidad".into()],
        ..saved.clone()
    };
    let twice = PharmacySettings { programs: vec!["Med Sync".into(), "MED SYNC".into()], ..described.clone() };
    let refused = app.update_pharmacy(&marta, twice, now).await.unwrap_err();
    assert_eq!((refused.code, refused.problems.as_slice()), (ErrorCode::InvalidSettings, &["programs".to_owned()][..]));
    let described = app.update_pharmacy(&marta, described, now).await.unwrap();
    assert_eq!(app.pharmacy().await.unwrap(), described);
    assert_eq!(described.address.state, "AZ");
    let overview = app.call_list_overview(&ana, now).await.unwrap();
    assert_eq!(overview.filter_options.programs, ["Med Sync", "Especialidad"]);

    // Every step is in the supervisor's trail.
    let trail = app.audit_trail(&marta, &enlace_app::AuditFilter::default()).await.unwrap();
    let pharmacy_changes = trail.iter().filter(|row| row.entity.as_deref() == Some("pharmacy")).count();
    assert_eq!(pharmacy_changes, 3);
    app.close().await;
}

#[tokio::test]
async fn the_first_supervisor_and_the_pharmacy_are_written_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-12-03T16:00:00Z");

    let weak = app.set_up_pharmacy_with_supervisor(new_user("marta", &[], "short"), typed_pharmacy(), now).await;
    assert_eq!(weak.unwrap_err().code, ErrorCode::PasswordWeak);
    let bad_phone = PharmacySettings { phone: "555".into(), ..typed_pharmacy() };
    let refused = app
        .set_up_pharmacy_with_supervisor(new_user("marta", &[], "first-day-pass-1"), bad_phone, now)
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidSettings);
    assert_eq!(app.store().user_count().await.unwrap(), 0, "no supervisor without the pharmacy");
    assert!(app.store().pharmacy().await.unwrap().is_none(), "no pharmacy without the supervisor");

    let (marta, pharmacy) = app
        .set_up_pharmacy_with_supervisor(new_user("marta", &[], "first-day-pass-1"), typed_pharmacy(), now)
        .await
        .unwrap();
    assert_eq!(marta.roles, [Role::Supervisor]);
    assert_eq!(app.pharmacy().await.unwrap(), pharmacy);
    let signed_in = app.sign_in("marta", "first-day-pass-1", now).await.unwrap();
    assert_eq!(signed_in.id, marta.id);
    app.close().await;
}

#[tokio::test]
async fn the_demo_goes_only_into_an_empty_store() {
    let now = at("2026-12-03T16:00:00Z");
    let keys = MemoryKeyStore::default();

    // A store whose first supervisor exists, pharmacy or not, is refused and left as it was.
    let real = tempfile::tempdir().unwrap();
    let app = App::open(real.path(), &keys).await.unwrap();
    app.create_first_supervisor(new_user("marta", &[Role::Supervisor], "first-day-pass-1"), now).await.unwrap();
    assert_eq!(app.seed_demo(now).await.unwrap_err().code, ErrorCode::DemoRefused);
    let marta = Actor::user(&app.store().user_by_username("marta").await.unwrap().unwrap().user);
    app.set_up_pharmacy(&marta, typed_pharmacy(), now).await.unwrap();
    assert_eq!(app.seed_demo(now).await.unwrap_err().code, ErrorCode::DemoRefused);
    assert_eq!(app.store().patient_count().await.unwrap(), 0);
    assert_eq!(app.store().user_count().await.unwrap(), 1, "no demo users with the README's passwords");
    assert_eq!(app.pharmacy().await.unwrap().name, "Botica del Pueblo");
    app.close().await;

    // An empty one gets the demo, once.
    let empty = tempfile::tempdir().unwrap();
    let demo = App::open(empty.path(), &keys).await.unwrap();
    assert!(matches!(demo.seed_demo(now).await.unwrap(), DemoSeed::Created { patients: 300 }));
    assert_eq!(demo.seed_demo(now).await.unwrap(), DemoSeed::AlreadyPresent);
    assert_eq!(demo.store().user_count().await.unwrap(), 3);
    demo.close().await;
}

/// A set-up pharmacy with a supervisor, a coordinator and a pharmacist, and
/// one imported patient whose refill is due: (app, marta, ana, luis, patient).
async fn pharmacy_with_a_due_patient(
    dir: &tempfile::TempDir,
    keys: &MemoryKeyStore,
    now: DateTime<Utc>,
) -> (App, Actor, Actor, Actor, EntityId) {
    let app = App::open(dir.path(), keys).await.unwrap();
    let (marta, _) = app
        .set_up_pharmacy_with_supervisor(new_user("marta", &[], "first-day-pass-1"), typed_pharmacy(), now)
        .await
        .unwrap();
    let marta = Actor::user(&marta);
    let ana = Actor::user(
        &app.add_user(&marta, new_user("ana", &[Role::Coordinator], "coordinator-pass-1"), now).await.unwrap(),
    );
    let luis = Actor::user(
        &app.add_user(&marta, new_user("luis", &[Role::Pharmacist], "pharmacist-pass-1"), now).await.unwrap(),
    );
    let report = "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
                  strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n\
                  P-1,Quintero,Rosa,04/09/1951,(520) 555-0120,es,,85004,RX-1,Metformin,500 mg,2026-11-05,30,60,3,Dr. Test,\n";
    let imported = app.import_refills(&ana, report.as_bytes(), now).await.unwrap();
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let page = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 50).await.unwrap();
    assert_eq!(page.total, 1);
    let patient_id = page.rows[0].patient_id;
    (app, marta, ana, luis, patient_id)
}

#[tokio::test]
async fn a_coordinator_corrects_a_record_field_by_field_and_its_place_on_the_list_follows() {
    use enlace_app::ContactCorrection;
    use enlace_domain::enrollment::PhoneEntry;
    use enlace_domain::{ContactForm, EnrollmentProblem, FieldError, PatientStatus, PhoneKind};
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T17:00:00Z");
    let (app, marta, ana, luis, patient_id) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    let patient = app.store().patient(patient_id).await.unwrap();
    assert_eq!(patient.time_zone.as_deref(), Some("America/Phoenix"), "the ZIP's zone");

    let mut form = ContactForm::of(&patient);
    form.phones.insert(0, PhoneEntry { kind: PhoneKind::Mobile, number: "(520) 555-0199".into() });
    form.preferred_language = enlace_domain::Language::English;
    let refused = app.correct_patient(&luis, patient_id, form.clone(), now).await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::NotPermitted, "a pharmacist reads the record");

    let mut bad = form.clone();
    bad.phones[0].number = "555".into();
    bad.call_window_start = "06:00".into();
    bad.call_window_end = "10:00".into();
    let ContactCorrection::Invalid { problems } = app.correct_patient(&ana, patient_id, bad, now).await.unwrap() else {
        panic!("a bad number and hours outside the law are refused");
    };
    let named: Vec<(&str, EnrollmentProblem)> = problems.iter().map(|p| (p.field.as_str(), p.problem)).collect();
    assert_eq!(
        named,
        [
            ("phones.0.number", EnrollmentProblem::Field(FieldError::InvalidPhone)),
            ("callWindowEnd", EnrollmentProblem::Field(FieldError::OutOfRange)),
        ]
    );
    assert_eq!(app.store().patient(patient_id).await.unwrap(), patient, "nothing was written");

    let ContactCorrection::Saved { detail } = app.correct_patient(&ana, patient_id, form, now).await.unwrap() else {
        panic!("a good correction is saved");
    };
    assert_eq!(detail.patient.phones[0].e164, "+15205550199", "called first");
    assert_eq!(detail.patient.preferred_language, enlace_domain::Language::English);
    let latest = &detail.record_changes[0];
    assert_eq!(latest.author, "Test ana");
    assert_eq!(latest.fields, ["phones", "preferred_language"], "only what changed is written");
    let page = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 50).await.unwrap();
    assert_eq!(page.rows[0].phone.as_deref(), Some("+15205550199"));
    // Tomorrow's report still has the old number: the corrected one stays the one called.
    let report = "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
                  strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n\
                  P-1,Quintero,Rosa,04/09/1951,(520) 555-0120,es,,85004,RX-1,Metformin,500 mg,2026-11-05,30,60,3,Dr. Test,\n";
    app.import_refills(&ana, report.as_bytes(), now).await.unwrap();
    let language = app.store().patient(patient_id).await.unwrap().preferred_language;
    let page = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 50).await.unwrap();
    assert_eq!(page.rows[0].phone.as_deref(), Some("+15205550199"));
    assert_eq!(language, enlace_domain::Language::Spanish, "the report's language is the pharmacy system's word");

    // Moved away: off the list at once, the record and its history kept.
    let mut moved = ContactForm::of(&app.store().patient(patient_id).await.unwrap());
    moved.status = PatientStatus::MovedAway;
    app.correct_patient(&marta, patient_id, moved, now).await.unwrap();
    let page = app.call_list_page(&ana, now, &CallListFilter::default(), 0, 50).await.unwrap();
    assert_eq!(page.total, 0);
    let kept = app.patient_detail(&ana, patient_id, now).await.unwrap();
    assert_eq!(kept.patient.status, PatientStatus::MovedAway);
    assert_eq!(kept.record_changes[0].fields, ["status"]);
    app.close().await;
}

#[tokio::test]
async fn number_updated_takes_the_new_number_in_the_same_step() {
    use enlace_app::FlagInput;
    use enlace_domain::{ExceptionKind, ExceptionOutcome};
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T17:00:00Z");
    let (app, marta, ana, _luis, patient_id) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    let flag =
        FlagInput { patient_id, interaction_id: None, kind: ExceptionKind::WrongNumber, note: "Not Rosa".into() };
    let case = app.flag_for_supervisor(&ana, flag, now).await.unwrap();

    let missing = app.resolve_exception(&marta, case, ExceptionOutcome::NumberUpdated, String::new(), None, now).await;
    assert_eq!(missing.unwrap_err().problems, ["number-required"]);
    let bad = app
        .resolve_exception(&marta, case, ExceptionOutcome::NumberUpdated, String::new(), Some("12".into()), now)
        .await;
    assert_eq!(bad.unwrap_err().problems, ["number-invalid"]);
    assert_eq!(app.store().patient(patient_id).await.unwrap().phones[0].e164, "+15205550120", "unchanged");

    let number = Some("520-555-0177".into());
    app.resolve_exception(&marta, case, ExceptionOutcome::NumberUpdated, "Daughter gave it".into(), number, now)
        .await
        .unwrap();
    let patient = app.store().patient(patient_id).await.unwrap();
    assert_eq!(patient.phones.iter().map(|p| p.e164.as_str()).collect::<Vec<_>>(), ["+15205550177"]);
    let queue = app.exception_queue(&marta, now).await.unwrap();
    assert!(queue.open.iter().all(|item| item.id != case), "resolved with the number");
    app.close().await;
}

#[tokio::test]
async fn a_zone_only_suggested_by_a_zip_that_straddles_zones_keeps_calls_to_the_common_hours() {
    use enlace_domain::{CallState, ContactForm};
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    // 20:30 in Denver, 21:30 in Chicago (Thursday 2026-12-03, standard time).
    let now = at("2026-12-04T03:30:00Z");
    let app = App::open(dir.path(), &keys).await.unwrap();
    let pharmacy =
        PharmacySettings::with_defaults(EntityId::nil(), "Botica del Pueblo", "3085550142", "America/Denver");
    let (marta, _) =
        app.set_up_pharmacy_with_supervisor(new_user("marta", &[], "first-day-pass-1"), pharmacy, now).await.unwrap();
    let marta = Actor::user(&marta);
    // Prefix 690 is split between Central and Mountain time: 69001 (McCook) is Central,
    // which the three-digit table alone got wrong; 69099 is not in the table at all.
    let report = "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,\
                  strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n\
                  Z-1,Sintético,Ramón,1950-02-03,308-555-0101,es,,69001,RX-Z1,Metformin,500 mg,2026-11-10,30,60,3,Dr. Test,\n\
                  Z-2,Synthetic,Joan,1955-06-07,308-555-0102,en,,69099,RX-Z2,Lisinopril,10 mg,2026-11-10,30,30,3,Dr. Test,\n";
    assert!(app.import_refills(&marta, report.as_bytes(), now).await.unwrap().errors.is_empty());
    let page = app.call_list_page(&marta, now, &CallListFilter::default(), 0, 50).await.unwrap();
    let id_of = |family: &str| page.rows.iter().find(|row| row.full_name.contains(family)).unwrap().patient_id;
    let (mccook, unknown) = (id_of("Sintético"), id_of("Synthetic"));

    let detail = app.patient_detail(&marta, mccook, now).await.unwrap();
    assert_eq!(detail.time_zone, "America/Chicago", "read to five digits");
    assert!(!detail.patient.time_zone_confirmed);
    assert!(matches!(detail.call.unwrap().state, CallState::Open { callable_now: false, .. }), "21:30 there");

    // Mountain or Central: until someone confirms, only the hours legal in both.
    let detail = app.patient_detail(&marta, unknown, now).await.unwrap();
    assert_eq!(detail.time_zone, "America/Denver");
    let call = detail.call.unwrap();
    assert_eq!(call.calling_window.unwrap().end, chrono::NaiveTime::from_hms_opt(20, 0, 0).unwrap());
    assert!(matches!(call.state, CallState::Open { callable_now: false, .. }), "20:30 here is 21:30 in Central");

    // Confirmed with the patient: Mountain time, and 20:30 is callable.
    let mut form = ContactForm::of(&detail.patient);
    form.time_zone_confirmed = true;
    app.correct_patient(&marta, unknown, form, now).await.unwrap();
    let detail = app.patient_detail(&marta, unknown, now).await.unwrap();
    assert!(detail.patient.time_zone_confirmed);
    assert!(matches!(detail.call.unwrap().state, CallState::Open { callable_now: true, .. }));

    // Tomorrow's report, with no zone column, leaves a confirmed zone alone.
    app.import_refills(&marta, report.as_bytes(), now).await.unwrap();
    assert!(app.store().patient(unknown).await.unwrap().time_zone_confirmed);
    let callable_now = CallListFilter { callable_now_only: true, ..Default::default() };
    let page = app.call_list_page(&marta, now, &callable_now, 0, 50).await.unwrap();
    let callable: Vec<EntityId> = page.rows.iter().map(|row| row.patient_id).collect();
    assert_eq!(callable, [unknown], "the list's own count agrees");
    app.close().await;
}

/// Another pharmacy system's report: its own header names, a bad row, and `rows` patients.
fn other_systems_report(rows: usize) -> String {
    let mut report = String::from(
        "Patient ID,Last Name,First Name,DOB,Phone Number,Idioma,Zip Code,Script,Drug,Strength,Fill Date,Days Supply,\
         Qty,Refills Left,Prescriber,Store\n",
    );
    for i in 0..rows {
        let phone = format!("(520) 555-{:04}", i % 10_000);
        let dob = if i == 2 { "someday".to_owned() } else { "04/09/1951".to_owned() };
        report.push_str(&format!(
            "Q-{i},Quintero,Rosa,{dob},{phone},es,85004,RXQ-{i},Metformin,500 mg,2026-11-05,30,60,3,Dr. Test,7\n"
        ));
    }
    report
}

#[tokio::test]
async fn another_systems_report_is_previewed_before_anything_is_written_and_its_mapping_kept() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T16:00:00Z");
    let (app, marta, _, _, _) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    let report = other_systems_report(30);
    let patients_before = app.store().patient_count().await.unwrap();
    let outbox_before = app.store().outbox_len().await.unwrap();

    // Every column but the Rx number's is recognized; until it is chosen no row is read.
    let unmapped = app.preview_import(&marta, report.as_bytes(), None, now).await.unwrap();
    assert_eq!(unmapped.missing, [ImportField::RxNumber]);
    assert_eq!(unmapped.mapping.header_for(ImportField::DateOfBirth), "DOB");
    assert_eq!(unmapped.rows, 0);
    assert!(unmapped.headers.contains(&"Script".to_owned()));

    let mut mapping = unmapped.mapping.clone();
    mapping.0.insert(ImportField::RxNumber, "Script".into());
    let preview = app.preview_import(&marta, report.as_bytes(), Some(mapping), now).await.unwrap();
    assert!(preview.missing.is_empty(), "{:?}", preview.mapping);
    assert_eq!(preview.mapping.header_for(ImportField::TimeZone), "", "the file has no zone column");
    assert_eq!((preview.rows, preview.rows_with_problems), (30, 1));
    assert_eq!((preview.patients_created, preview.prescriptions_created), (29, 29));
    assert_eq!(preview.first_rows.len(), 5);
    let rx_column = preview.fields.iter().position(|field| *field == ImportField::RxNumber).unwrap();
    assert_eq!(preview.first_rows[0].cells[rx_column], "RXQ-0");
    assert_eq!(preview.problem_rows.len(), 1);
    assert_eq!(preview.problem_rows[0].row, 4, "the third data row, as a spreadsheet numbers it");
    assert_eq!(preview.problem_rows[0].problems[0].column, "DOB");
    assert_eq!(app.store().patient_count().await.unwrap(), patients_before, "a preview writes nothing");
    assert_eq!(app.store().outbox_len().await.unwrap(), outbox_before);
    assert_eq!(app.import_mapping().await.unwrap(), Default::default(), "nor saves the mapping");

    // The supervisor says the quantity column is not to be read: the mapping used is kept for next time.
    let mut chosen = preview.mapping.clone();
    chosen.0.insert(ImportField::Quantity, String::new());
    let imported = app
        .import_refills_watched(&marta, report.as_bytes(), Some(chosen), now, &mut |_| {}, &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!((imported.patients_created, imported.errors.len()), (29, 1));
    let saved = app.import_mapping().await.unwrap();
    assert_eq!((saved.header_for(ImportField::Quantity), saved.header_for(ImportField::RxNumber)), ("", "Script"));
    let again = app.preview_import(&marta, report.as_bytes(), None, now).await.unwrap();
    assert_eq!(again.mapping.header_for(ImportField::Quantity), "", "the saved choice stands");
    assert_eq!((again.patients_created, again.rows_unchanged), (0, 29));
    app.close().await;
}

#[tokio::test]
async fn a_cancelled_import_writes_nothing_at_any_stage_and_progress_counts_up_to_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T16:00:00Z");
    let (app, marta, _, _, _) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    // More rows than one write step, so the write is watched between steps.
    let report = other_systems_report(enlace_store::WRITE_STEP + 1_000);
    let mapping = ColumnMapping([(ImportField::RxNumber, "Script".to_owned())].into());
    app.save_import_mapping(&mapping).await.unwrap();
    let patients_before = app.store().patient_count().await.unwrap();
    let outbox_before = app.store().outbox_len().await.unwrap();
    let audit_before = app
        .store()
        .audit_events(&enlace_store::AuditQuery { limit: 10_000, ..Default::default() })
        .await
        .unwrap()
        .len();

    for stop_at in [ImportStage::Reading, ImportStage::Matching, ImportStage::Writing, ImportStage::Saving] {
        let cancel = AtomicBool::new(false);
        let mut stop = |progress: &ImportProgress| {
            let mid_write = progress.stage != ImportStage::Writing || progress.patients_written > 0;
            if progress.stage == stop_at && (progress.rows_read > 0 || stop_at != ImportStage::Reading) && mid_write {
                cancel.store(true, Ordering::Relaxed);
            }
        };
        let result = app.import_refills_watched(&marta, report.as_bytes(), None, now, &mut stop, &cancel).await;
        assert_eq!(result.unwrap_err().code, ErrorCode::Cancelled, "stopped while {stop_at:?}");
        assert_eq!(app.store().patient_count().await.unwrap(), patients_before, "stopped while {stop_at:?}");
        assert_eq!(app.store().outbox_len().await.unwrap(), outbox_before);
        assert_eq!(
            app.store()
                .audit_events(&enlace_store::AuditQuery { limit: 10_000, ..Default::default() })
                .await
                .unwrap()
                .len(),
            audit_before
        );
    }

    let mut seen: Vec<ImportProgress> = Vec::new();
    let imported = app
        .import_refills_watched(
            &marta,
            report.as_bytes(),
            None,
            now,
            &mut |p| seen.push(p.clone()),
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.stage, ImportStage::Saving);
    assert_eq!(last.rows_total, imported.rows);
    assert_eq!(last.rows_read, imported.rows);
    assert_eq!(last.problems, 1);
    assert_eq!(last.patients_written, imported.patients_created);
    assert_eq!(last.prescriptions_written, imported.prescriptions_created);
    assert!(
        seen.windows(2)
            .all(|pair| pair[0].rows_read <= pair[1].rows_read && pair[0].patients_written <= pair[1].patients_written),
        "progress only counts up"
    );
    assert!(seen.iter().any(|p| p.stage == ImportStage::Writing
        && p.patients_written > 0
        && p.patients_written < last.patients_written));
    assert_eq!(app.store().patient_count().await.unwrap(), patients_before + u64::from(imported.patients_created));
    app.close().await;
}

#[tokio::test]
async fn an_enrolled_patients_address_and_authorized_person_are_corrected_with_the_record() {
    use enlace_app::ContactCorrection;
    use enlace_domain::ContactForm;
    use enlace_domain::enrollment::{Address, CaregiverSection, PatientProfile, Prescriber};
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T17:00:00Z");
    let (app, _, ana, _, patient_id) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    // What her enrollment recorded.
    let enrolled = PatientProfile {
        patient_id,
        sex: None,
        address: Address {
            line1: "12 Calle Sol".into(),
            line2: String::new(),
            city: "Phoenix".into(),
            state: "AZ".into(),
            zip: "85004".into(),
        },
        email: None,
        interpreter_wanted: false,
        caregiver: None,
        primary_insurance: None,
        secondary_insurance: None,
        prescriber: Prescriber { name: "Dr. Test".into(), npi: "1234567893".into(), phone: None, fax: None },
        allergies: Vec::new(),
        auto_refill: false,
        privacy_notice_acknowledged_at: now,
        enrolled_by: "ana".into(),
        enrolled_at: now,
    };
    app.store().apply(vec![enlace_store::patient_profile_mutation(&enrolled)]).await.unwrap();
    let detail = app.patient_detail(&ana, patient_id, now).await.unwrap();
    let mut form = ContactForm::with_profile(&detail.patient, detail.profile.as_ref());
    let typed = form.profile.as_mut().expect("an enrolled patient's form carries her profile");
    typed.address_line1 = "400 W Van Buren St".into();
    typed.caregiver = CaregiverSection {
        name: "Lucía Quintero".into(),
        relationship: "hija".into(),
        phone: "(602) 555-0188".into(),
        may_discuss_health: true,
    };

    let mut unnamed_relationship = form.clone();
    unnamed_relationship.profile.as_mut().unwrap().caregiver.relationship = String::new();
    let ContactCorrection::Invalid { problems } =
        app.correct_patient(&ana, patient_id, unnamed_relationship, now).await.unwrap()
    else {
        panic!("a person authorized without a relationship is refused");
    };
    assert_eq!(problems[0].field, "profile.caregiver.relationship");
    assert_eq!(app.store().patient_profile(patient_id).await.unwrap(), Some(enrolled.clone()), "nothing written");

    let changes_audited = || async {
        let query = enlace_store::AuditQuery { limit: 1_000, ..Default::default() };
        let events = app.store().audit_events(&query).await.unwrap();
        events.iter().filter(|event| event.draft.action == enlace_domain::AuditAction::Change).count()
    };
    let audit_before = changes_audited().await;
    let ContactCorrection::Saved { detail } = app.correct_patient(&ana, patient_id, form, now).await.unwrap() else {
        panic!("the correction is saved");
    };
    let profile = detail.profile.unwrap();
    assert_eq!(profile.address.line1, "400 W Van Buren St");
    let caregiver = profile.caregiver.unwrap();
    assert_eq!((caregiver.phone.as_str(), caregiver.may_discuss_health), ("+16025550188", true));
    assert_eq!(detail.record_changes[0].fields, ["address", "caregiver"], "only what changed, shown on her page");
    let audit_after = changes_audited().await;
    assert_eq!(audit_after, audit_before + 1, "one correction, one audit event");
    app.close().await;
}

#[tokio::test]
async fn only_those_who_enroll_get_an_enrollment_form() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T17:00:00Z");
    let (app, _, ana, luis, _) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    let form = app.blank_enrollment(&ana, Language::Spanish).unwrap();
    assert_eq!(form.patient.preferred_language, Language::Spanish);
    assert_eq!(app.blank_enrollment(&luis, Language::Spanish).unwrap_err().code, ErrorCode::NotPermitted);
    app.close().await;
}

#[tokio::test]
async fn the_interface_language_chosen_follows_the_user_signed_in_and_only_then() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let now = at("2026-12-03T17:00:00Z");
    let (app, _, ana, _, _) = pharmacy_with_a_due_patient(&dir, &keys, now).await;
    let ana_id = ana.user_id.unwrap();
    // Before anyone signs in: this computer only.
    let chosen = app.choose_ui_locale(None, Language::English, now).await.unwrap();
    assert_eq!(chosen.ui_locale, Some(Language::English));
    assert_eq!(app.store().user(ana_id).await.unwrap().user.ui_locale, Language::Spanish);
    // Signed in: this computer and Ana wherever she signs in next.
    app.choose_ui_locale(Some(&ana), Language::English, now).await.unwrap();
    assert_eq!(app.store().user(ana_id).await.unwrap().user.ui_locale, Language::English);
    app.close().await;
}

#[tokio::test]
async fn the_window_locks_after_the_pharmacys_idle_minutes_and_fifteen_before_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let app = App::open(dir.path(), &keys).await.unwrap();
    let now = at("2026-12-03T16:00:00Z");
    assert_eq!(app.idle_lock_limit().await, std::time::Duration::from_secs(15 * 60));
    let settings = PharmacySettings { idle_lock_minutes: 5, ..typed_pharmacy() };
    app.set_up_pharmacy_with_supervisor(new_user("marta", &[], "first-day-pass-1"), settings, now).await.unwrap();
    assert_eq!(app.idle_lock_limit().await, std::time::Duration::from_secs(5 * 60));
    app.close().await;
}
