//! Follow-up tasks: creating one from a patient's page or a contact, "My
//! tasks" beside the call list, the steps (done, reassign, snooze, cancel),
//! and the overdue tasks that reach the supervisor's desk. The rules are
//! the domain's (`enlace_domain::task`); this module reads the clocks and
//! the store around them.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use enlace_domain::{
    Action, AssigneeKind, AuditAction, ContactReason, EntityId, Task, TaskAssignee, TaskClock, TaskEvent,
    TaskEventKind, TaskStatus, TaskStep, TaskUrgency, by_due, check_new_task, due_instant, due_outside_calling_hours,
    parse_zone, patient_window, take_step, task_urgency,
};
use enlace_store::new_id;
use enlace_store::tasks::{task_created_mutation, task_event_mutation, task_step_mutation};
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::{App, AppError, ErrorCode, zone_of};

/// A task as a coordinator sets it up.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewTaskInput {
    pub patient_id: Option<EntityId>,
    /// The contact it follows up, if any.
    pub interaction_id: Option<EntityId>,
    pub reason: ContactReason,
    pub notes: String,
    /// The due time as typed, on `clock`.
    pub due_local: NaiveDateTime,
    pub clock: TaskClock,
    /// The coordinator's own IANA zone (the window's), for `clock = coordinator`.
    pub coordinator_zone: String,
    pub assignee: TaskAssignee,
}

/// One task as a list shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    pub task: Task,
    /// The patient's name and zone, when the task is about one.
    pub patient_name: Option<String>,
    pub patient_zone: Option<String>,
    pub urgency: TaskUrgency,
    /// Due while the patient may not be called (outside their calling hours,
    /// or no hours at all): calling them then would break the rules.
    pub outside_calling_hours: bool,
    /// The assignee's display name, for a task for one person.
    pub assignee_name: Option<String>,
    /// Every step taken on it, oldest first.
    pub history: Vec<TaskEvent>,
}

/// "My tasks": the open tasks of the signed-in user (theirs by name, or
/// for a pool they are in), most overdue first.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MyTasks {
    pub generated_at: DateTime<Utc>,
    pub rows: Vec<TaskRow>,
    pub overdue_count: u32,
}

/// Someone a task can be given to.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskPerson {
    pub username: String,
    pub display_name: String,
}

impl App {
    /// Creates a follow-up task. Refused with `invalid-task` and its
    /// problems (a due time past, no person named), `not-found` for an
    /// unknown patient, `invalid-input` (`args.field`) for an unknown
    /// assignee, an unreadable zone or notes too long; nothing is written then.
    pub async fn create_task(
        &self,
        actor: &Actor,
        input: NewTaskInput,
        now: DateTime<Utc>,
    ) -> Result<TaskRow, AppError> {
        actor.require(Action::WorkTasks)?;
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let patient = match input.patient_id {
            Some(id) => Some(self.store().patient(id).await?),
            None => None,
        };
        let zone = match (input.clock, &patient) {
            (TaskClock::Patient, Some(patient)) => zone_of(patient, pharmacy_zone),
            (TaskClock::Patient, None) => return Err(invalid("clock")),
            (TaskClock::Coordinator, _) => {
                parse_zone(&input.coordinator_zone).map_err(|_| invalid("coordinatorZone"))?
            }
        };
        let due_at = due_instant(input.due_local, zone).ok_or_else(|| invalid("dueLocal"))?;
        let assignee = self.known_assignee(input.assignee).await?;
        let notes = input.notes.trim().to_owned();
        if notes.chars().count() > enlace_domain::task::TASK_NOTES_MAX_CHARS {
            return Err(invalid("notes"));
        }
        let problems = check_new_task(due_at, &assignee, now);
        if !problems.is_empty() {
            return Err(AppError::new(ErrorCode::InvalidTask).with_problems(&problems));
        }
        let task = Task {
            id: new_id(),
            patient_id: patient.as_ref().map(|patient| patient.id),
            interaction_id: input.interaction_id,
            reason: input.reason,
            notes,
            due_at,
            due_clock: input.clock,
            due_zone: zone.name().to_owned(),
            assignee: assignee.clone(),
            status: TaskStatus::Open,
            created_by: actor.username.clone(),
            created_at: now,
            closed_by: None,
            closed_at: None,
        };
        let event = TaskEvent {
            id: new_id(),
            task_id: task.id,
            kind: TaskEventKind::Created,
            username: actor.username.clone(),
            occurred_at: now,
            assignee: Some(assignee),
            due_at: Some(due_at),
        };
        let audit = vec![actor.audit_record(AuditAction::Change, "task", task.id, now)];
        self.store().apply_audited(vec![task_created_mutation(&task), task_event_mutation(&event)], audit).await?;
        self.task_row(task, now).await
    }

    /// Takes `step` on a task. Closing a task someone already closed the
    /// same way (another laptop, a second click) succeeds and writes
    /// nothing; any other step on a closed task is `invalid-task`
    /// (`closed`).
    pub async fn take_task_step(
        &self,
        actor: &Actor,
        task_id: EntityId,
        step: TaskStep,
        now: DateTime<Utc>,
    ) -> Result<TaskRow, AppError> {
        actor.require(Action::WorkTasks)?;
        let task = self.store().task(task_id).await?;
        let step = match step {
            TaskStep::Reassign { to } => TaskStep::Reassign { to: self.known_assignee(to).await? },
            other => other,
        };
        let after = take_step(&task, &step, &actor.username, now)
            .map_err(|problem| AppError::new(ErrorCode::InvalidTask).with_problems(&[problem]))?;
        let Some(after) = after else {
            return self.task_row(task, now).await;
        };
        let event = TaskEvent {
            id: new_id(),
            task_id,
            kind: step.event_kind(),
            username: actor.username.clone(),
            occurred_at: now,
            assignee: match &step {
                TaskStep::Reassign { to } => Some(to.clone()),
                _ => None,
            },
            due_at: match step {
                TaskStep::Snooze { until } => Some(until),
                _ => None,
            },
        };
        let audit = vec![actor.audit_record(AuditAction::Change, "task", task_id, now)];
        self.store().apply_audited(vec![task_step_mutation(&after, &step), task_event_mutation(&event)], audit).await?;
        self.task_row(after, now).await
    }

    /// The signed-in user's open tasks, most overdue first.
    pub async fn my_tasks(&self, actor: &Actor, now: DateTime<Utc>) -> Result<MyTasks, AppError> {
        actor.require(Action::WorkTasks)?;
        let mut mine: Vec<Task> = self
            .store()
            .open_tasks()
            .await?
            .into_iter()
            .filter(|task| task.assignee.includes(&actor.username, &actor.roles))
            .collect();
        mine.sort_by(by_due);
        let rows = self.task_rows(mine, now).await?;
        let overdue_count = rows.iter().filter(|row| row.urgency != TaskUrgency::Upcoming).count();
        Ok(MyTasks { generated_at: now, overdue_count: u32::try_from(overdue_count).unwrap_or(u32::MAX), rows })
    }

    /// A patient's tasks, open ones first.
    pub async fn patient_tasks(&self, patient_id: EntityId, now: DateTime<Utc>) -> Result<Vec<TaskRow>, AppError> {
        let tasks = self.store().tasks_of(patient_id).await?;
        self.task_rows(tasks, now).await
    }

    /// Open tasks overdue past the pharmacy's escalation time, anyone's: the supervisor's desk.
    pub async fn escalated_tasks(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<TaskRow>, AppError> {
        actor.require(Action::WorkExceptions)?;
        let (pharmacy, _) = self.pharmacy_with_zone().await?;
        let escalate_after = Duration::hours(i64::from(pharmacy.task_escalation_hours));
        let late: Vec<Task> = self
            .store()
            .open_tasks()
            .await?
            .into_iter()
            .filter(|task| task_urgency(task.due_at, now, escalate_after) == TaskUrgency::Escalated)
            .collect();
        self.task_rows(late, now).await
    }

    /// The active users a task can be given to, by display name.
    pub async fn task_people(&self, actor: &Actor) -> Result<Vec<TaskPerson>, AppError> {
        actor.require(Action::WorkTasks)?;
        let mut people: Vec<TaskPerson> = self
            .store()
            .users()
            .await?
            .into_iter()
            .filter(|user| user.user.active)
            .map(|user| TaskPerson {
                username: user.user.username.clone(),
                display_name: user.user.display_name.clone(),
            })
            .collect();
        people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(people)
    }

    /// `assignee` with a one-person assignee checked against the users (and
    /// the pools' stray usernames dropped).
    async fn known_assignee(&self, assignee: TaskAssignee) -> Result<TaskAssignee, AppError> {
        match assignee.kind {
            AssigneeKind::User => {
                let username = assignee.username.as_deref().unwrap_or_default().trim();
                if username.is_empty() {
                    return Ok(assignee);
                }
                match self.store().user_by_username(username).await? {
                    Some(user) if user.user.active => Ok(TaskAssignee::user(&user.user.username)),
                    _ => Err(invalid("assignee")),
                }
            }
            AssigneeKind::AnyCoordinator | AssigneeKind::AnyPharmacist => Ok(TaskAssignee::pool(assignee.kind)),
        }
    }

    async fn task_row(&self, task: Task, now: DateTime<Utc>) -> Result<TaskRow, AppError> {
        let mut rows = self.task_rows(vec![task], now).await?;
        rows.pop().ok_or_else(|| AppError::new(ErrorCode::Internal))
    }

    async fn task_rows(&self, tasks: Vec<Task>, now: DateTime<Utc>) -> Result<Vec<TaskRow>, AppError> {
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let escalate_after = Duration::hours(i64::from(pharmacy.task_escalation_hours));
        let users = self.store().users().await?;
        let mut rows = Vec::with_capacity(tasks.len());
        for task in tasks {
            let patient = match task.patient_id {
                Some(id) => Some(self.store().patient(id).await?),
                None => None,
            };
            let zone: Option<Tz> = patient.as_ref().map(|patient| zone_of(patient, pharmacy_zone));
            let outside_calling_hours = match (&patient, zone) {
                (Some(patient), Some(zone)) => due_outside_calling_hours(
                    task.due_at,
                    zone,
                    patient_window(pharmacy.calling_window, patient, zone).filter(|_| patient.consents.calls),
                ),
                _ => false,
            };
            let assignee_name = task.assignee.username.as_deref().map(|username| {
                users
                    .iter()
                    .find(|user| user.user.username == username)
                    .map_or_else(|| username.to_owned(), |user| user.user.display_name.clone())
            });
            rows.push(TaskRow {
                urgency: task_urgency(task.due_at, now, escalate_after),
                outside_calling_hours,
                patient_name: patient.as_ref().map(|patient| patient.name.full()),
                patient_zone: zone.map(|zone| zone.name().to_owned()),
                assignee_name,
                history: self.store().task_events(task.id).await?,
                task,
            });
        }
        Ok(rows)
    }
}

fn invalid(field: &str) -> AppError {
    AppError::new(ErrorCode::InvalidInput).with_arg("field", field)
}
