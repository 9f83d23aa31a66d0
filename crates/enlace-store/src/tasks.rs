//! Follow-up tasks on disk: the task (written whole when created, and only
//! the fields a step changes afterwards, so two laptops' steps merge field
//! by field) and its append-only history of steps.

use chrono::{DateTime, Utc};
use enlace_domain::{
    AssigneeKind, ContactReason, EntityId, Task, TaskAssignee, TaskClock, TaskEvent, TaskEventKind, TaskStatus,
    TaskStep,
};
use serde_json::json;
use sqlx::FromRow;
use uuid::fmt::Hyphenated;

use crate::entities::{enum_from_text, enum_text, fields, instant_text};
use crate::{Entity, Mutation, Store, StoreError};

const ENTITY: &str = "task";

/// A new task, every field.
pub fn task_created_mutation(task: &Task) -> Mutation {
    Mutation {
        entity: Entity::Task,
        id: task.id,
        fields: fields(json!({
            "patient_id": task.patient_id,
            "interaction_id": task.interaction_id,
            "reason": enum_text(task.reason),
            "notes": task.notes,
            "due_at": instant_text(task.due_at),
            "due_clock": enum_text(task.due_clock),
            "due_zone": task.due_zone,
            "assignee_kind": enum_text(task.assignee.kind),
            "assignee_username": task.assignee.username,
            "status": enum_text(task.status),
            "created_by": task.created_by,
            "created_at": instant_text(task.created_at),
            "closed_by": task.closed_by,
            "closed_at": task.closed_at.map(instant_text),
        })),
    }
}

/// What `step` changed of the task, as `after` it: only those fields.
pub fn task_step_mutation(after: &Task, step: &TaskStep) -> Mutation {
    let changed = match step {
        TaskStep::Done | TaskStep::Cancel => json!({
            "status": enum_text(after.status),
            "closed_by": after.closed_by,
            "closed_at": after.closed_at.map(instant_text),
        }),
        TaskStep::Reassign { .. } => json!({
            "assignee_kind": enum_text(after.assignee.kind),
            "assignee_username": after.assignee.username,
        }),
        TaskStep::Snooze { .. } => json!({ "due_at": instant_text(after.due_at) }),
    };
    Mutation { entity: Entity::Task, id: after.id, fields: fields(changed) }
}

pub fn task_event_mutation(event: &TaskEvent) -> Mutation {
    Mutation {
        entity: Entity::TaskEvent,
        id: event.id,
        fields: fields(json!({
            "task_id": event.task_id,
            "kind": enum_text(event.kind),
            "username": event.username,
            "occurred_at": instant_text(event.occurred_at),
            "assignee_kind": event.assignee.as_ref().map(|assignee| enum_text(assignee.kind)),
            "assignee_username": event.assignee.as_ref().and_then(|assignee| assignee.username.clone()),
            "due_at": event.due_at.map(instant_text),
        })),
    }
}

#[derive(FromRow)]
struct TaskRow {
    id: Hyphenated,
    patient_id: Option<Hyphenated>,
    interaction_id: Option<Hyphenated>,
    reason: String,
    notes: String,
    due_at: DateTime<Utc>,
    due_clock: String,
    due_zone: String,
    assignee_kind: String,
    assignee_username: Option<String>,
    status: String,
    created_by: String,
    created_at: DateTime<Utc>,
    closed_by: Option<String>,
    closed_at: Option<DateTime<Utc>>,
}

const TASK_COLUMNS: &str = "id, patient_id, interaction_id, reason, notes, due_at, due_clock, due_zone, \
     assignee_kind, assignee_username, status, created_by, created_at, closed_by, closed_at";

impl TryFrom<TaskRow> for Task {
    type Error = StoreError;

    fn try_from(row: TaskRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.id.into_uuid(),
            patient_id: row.patient_id.map(Hyphenated::into_uuid),
            interaction_id: row.interaction_id.map(Hyphenated::into_uuid),
            reason: enum_from_text::<ContactReason>(&row.reason, ENTITY, "reason")?,
            notes: row.notes,
            due_at: row.due_at,
            due_clock: enum_from_text::<TaskClock>(&row.due_clock, ENTITY, "due_clock")?,
            due_zone: row.due_zone,
            assignee: TaskAssignee {
                kind: enum_from_text::<AssigneeKind>(&row.assignee_kind, ENTITY, "assignee_kind")?,
                username: row.assignee_username,
            },
            status: enum_from_text::<TaskStatus>(&row.status, ENTITY, "status")?,
            created_by: row.created_by,
            created_at: row.created_at,
            closed_by: row.closed_by,
            closed_at: row.closed_at,
        })
    }
}

#[derive(FromRow)]
struct EventRow {
    id: Hyphenated,
    task_id: Hyphenated,
    kind: String,
    username: String,
    occurred_at: DateTime<Utc>,
    assignee_kind: Option<String>,
    assignee_username: Option<String>,
    due_at: Option<DateTime<Utc>>,
}

impl TryFrom<EventRow> for TaskEvent {
    type Error = StoreError;

    fn try_from(row: EventRow) -> Result<Self, StoreError> {
        let assignee = match row.assignee_kind {
            Some(kind) => Some(TaskAssignee {
                kind: enum_from_text::<AssigneeKind>(&kind, "task_event", "assignee_kind")?,
                username: row.assignee_username,
            }),
            None => None,
        };
        Ok(Self {
            id: row.id.into_uuid(),
            task_id: row.task_id.into_uuid(),
            kind: enum_from_text::<TaskEventKind>(&row.kind, "task_event", "kind")?,
            username: row.username,
            occurred_at: row.occurred_at,
            assignee,
            due_at: row.due_at,
        })
    }
}

impl Store {
    /// One task, or `NotFound`.
    pub async fn task(&self, id: EntityId) -> Result<Task, StoreError> {
        let row: Option<TaskRow> = sqlx::query_as(&format!("SELECT {TASK_COLUMNS} FROM task WHERE id = ?"))
            .bind(id.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound { entity: ENTITY })?.try_into()
    }

    /// Every open task, soonest due first (the few hundred a pharmacy has
    /// open; "My tasks" and the desk pick theirs from these).
    pub async fn open_tasks(&self) -> Result<Vec<Task>, StoreError> {
        let rows: Vec<TaskRow> =
            sqlx::query_as(&format!("SELECT {TASK_COLUMNS} FROM task WHERE status = 'open' ORDER BY due_at, id"))
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(Task::try_from).collect()
    }

    /// A patient's tasks, open ones first, then the latest closed.
    pub async fn tasks_of(&self, patient_id: EntityId) -> Result<Vec<Task>, StoreError> {
        let rows: Vec<TaskRow> = sqlx::query_as(&format!(
            "SELECT {TASK_COLUMNS} FROM task WHERE patient_id = ? \
             ORDER BY status <> 'open', CASE WHEN status = 'open' THEN due_at END, due_at DESC LIMIT 200"
        ))
        .bind(patient_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Task::try_from).collect()
    }

    /// A task's history, oldest first.
    pub async fn task_events(&self, task_id: EntityId) -> Result<Vec<TaskEvent>, StoreError> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, task_id, kind, username, occurred_at, assignee_kind, assignee_username, due_at \
             FROM task_event WHERE task_id = ? ORDER BY occurred_at, id",
        )
        .bind(task_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(TaskEvent::try_from).collect()
    }
}
