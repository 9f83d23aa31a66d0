//! The synthetic demo pharmacy (only with the `demo` feature, which the
//! development builds and tests turn on and an installer leaves off): its
//! patients, history and staff, created in an empty store and never beside a
//! real pharmacy's data.

use chrono::{DateTime, Utc};
use enlace_domain::{AuditAction, Language, Role};
use enlace_store::entities::{
    interaction_mutation, patient_mutation, pharmacy_mutation, prescription_fill_mutation, prescription_mutation,
};
use enlace_store::user_mutation;

use crate::{Actor, App, AppError, ErrorCode, NewUser};

/// Whether seeding the demo pharmacy added anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSeed {
    Created { patients: usize },
    AlreadyPresent,
}

/// The demo pharmacy's staff: username, name, role, password, interface language.
pub const DEMO_USERS: [(&str, &str, Role, &str, Language); 3] = [
    ("ana", "Ana Rivera", Role::Coordinator, "demo-coordinator", Language::English),
    ("luis", "Luis Ortega", Role::Pharmacist, "demo-pharmacist", Language::Spanish),
    ("marta", "Marta Salas", Role::Supervisor, "demo-supervisor", Language::English),
];

/// A demo pharmacist's hours: 9:00–17:00, Monday to Saturday, in the pharmacy's zone.
async fn demo_hours(app: &App) -> Result<enlace_domain::Availability, AppError> {
    let (_, zone) = app.pharmacy_with_zone().await?;
    let day = |weekday| enlace_domain::WeeklyHours {
        weekday,
        start: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        end: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
    };
    use chrono::Weekday::{Fri, Mon, Sat, Thu, Tue, Wed};
    Ok(enlace_domain::Availability {
        zone,
        weekly: [Mon, Tue, Wed, Thu, Fri, Sat].into_iter().map(day).collect(),
        exceptions: Vec::new(),
        slot_minutes: enlace_domain::consult::DEFAULT_SLOT_MINUTES,
    })
}

impl App {
    /// Creates the synthetic demo pharmacy, laid out around `now`, in an
    /// empty store. A store that holds the demo already is left as it is; one
    /// that holds anything else (a pharmacy, a user, a patient) is refused:
    /// the demo's patients and its users, whose passwords the README prints,
    /// must never mix with a real pharmacy's, nor sync to its server.
    pub async fn seed_demo(&self, now: DateTime<Utc>) -> Result<DemoSeed, AppError> {
        match self.store.pharmacy().await? {
            Some(pharmacy) if enlace_demo::is_demo_pharmacy(&pharmacy) => return Ok(DemoSeed::AlreadyPresent),
            Some(_) => return Err(AppError::new(ErrorCode::DemoRefused)),
            None if self.store.user_count().await? > 0 || self.store.patient_count().await? > 0 => {
                return Err(AppError::new(ErrorCode::DemoRefused));
            }
            None => {}
        }
        let today = enlace_demo::demo_today(now);
        let demo = enlace_demo::generate(today, enlace_demo::DEMO_PATIENT_COUNT, enlace_demo::DEMO_SEED);
        let mut mutations = vec![pharmacy_mutation(&demo.pharmacy)];
        mutations.extend(demo.patients.iter().map(patient_mutation));
        // Earlier fills first, so the change log holds each prescription's
        // fills in order and the whole row, last, holds the latest.
        mutations.extend(
            demo.past_fills
                .iter()
                .map(|(prescription_id, filled_on)| prescription_fill_mutation(*prescription_id, *filled_on)),
        );
        mutations.extend(demo.prescriptions.iter().map(prescription_mutation));
        mutations.extend(demo.interactions.iter().map(interaction_mutation));
        self.store.apply(mutations).await?;
        self.seed_demo_users(now).await?;
        self.seed_demo_tasks(&demo.patients, now).await?;
        Ok(DemoSeed::Created { patients: demo.patients.len() })
    }

    /// A few follow-up tasks, so "My tasks" and the desk have something to show: one of the
    /// coordinator's overdue, one due tomorrow, one for any pharmacist, one a day and more
    /// overdue for any coordinator (on the supervisor's desk).
    async fn seed_demo_tasks(&self, patients: &[enlace_domain::Patient], now: DateTime<Utc>) -> Result<(), AppError> {
        use enlace_domain::{ContactReason, Task, TaskAssignee, TaskClock, TaskEvent, TaskEventKind, TaskStatus};
        use enlace_store::tasks::{task_created_mutation, task_event_mutation};
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let planned = [
            (3, ContactReason::Delivery, "Call back to confirm the delivery window.", -2, TaskAssignee::user("ana")),
            (
                7,
                ContactReason::Renewal,
                "Renewal faxed to the prescriber; call the office if no answer.",
                24,
                TaskAssignee::user("ana"),
            ),
            (
                11,
                ContactReason::PharmacistQuestion,
                "Patient asks whether to take it with food.",
                3,
                TaskAssignee::pool(enlace_domain::AssigneeKind::AnyPharmacist),
            ),
            (
                15,
                ContactReason::Billing,
                "Patient asked about the new copay.",
                -30,
                TaskAssignee::pool(enlace_domain::AssigneeKind::AnyCoordinator),
            ),
        ];
        let mut mutations = Vec::new();
        for (index, reason, notes, hours, assignee) in planned {
            let Some(patient) = patients.get(index) else { continue };
            let zone = crate::zone_of(patient, pharmacy_zone);
            // On the hour, within ordinary calling hours on the patient's clock.
            let local = (now + chrono::Duration::hours(hours)).with_timezone(&zone).naive_local();
            let hour = chrono::Timelike::hour(&local).clamp(9, 19);
            let due_at =
                local.date().and_hms_opt(hour, 0, 0).and_then(|at| enlace_domain::due_instant(at, zone)).unwrap_or(now);
            let created_at = now.min(due_at) - chrono::Duration::hours(20);
            let task = Task {
                id: enlace_store::new_id(),
                patient_id: Some(patient.id),
                interaction_id: None,
                reason,
                notes: notes.to_owned(),
                due_at,
                due_clock: TaskClock::Patient,
                due_zone: zone.name().to_owned(),
                assignee: assignee.clone(),
                status: TaskStatus::Open,
                created_by: "ana".to_owned(),
                created_at,
                closed_by: None,
                closed_at: None,
            };
            let event = TaskEvent {
                id: enlace_store::new_id(),
                task_id: task.id,
                kind: TaskEventKind::Created,
                username: "ana".to_owned(),
                occurred_at: created_at,
                assignee: Some(assignee),
                due_at: Some(due_at),
            };
            mutations.push(task_created_mutation(&task));
            mutations.push(task_event_mutation(&event));
        }
        self.store.apply(mutations).await?;
        Ok(())
    }

    /// The demo pharmacy's staff, one per role (passwords in the README).
    pub(crate) async fn seed_demo_users(&self, now: DateTime<Utc>) -> Result<(), AppError> {
        let mut mutations = Vec::new();
        let mut audit = Vec::new();
        for (username, display_name, role, password, ui_locale) in DEMO_USERS {
            let new_user = NewUser {
                username: username.to_owned(),
                display_name: display_name.to_owned(),
                roles: vec![role],
                languages: vec![Language::English, Language::Spanish],
                ui_locale,
                password: password.to_owned(),
            };
            let account = self.new_account(new_user).await?;
            audit.push(Actor::command("demo").audit_record(AuditAction::Change, "user", account.user.id, now));
            mutations.push(user_mutation(&account));
            if role == Role::Pharmacist {
                mutations.push(enlace_store::availability_mutation(account.user.id, &demo_hours(self).await?));
            }
        }
        self.store().apply_audited(mutations, audit).await?;
        Ok(())
    }
}
