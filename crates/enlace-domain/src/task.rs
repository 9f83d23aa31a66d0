//! Follow-up tasks: "call the prescriber Tuesday", "call Mrs. Quintero back
//! tomorrow at 5 her time". A task has a due instant set on someone's clock
//! (the patient's or the coordinator's), an assignee (a person, any
//! coordinator, any pharmacist), a reason and notes; it is done, reassigned,
//! snoozed or cancelled, each step recorded. The rules here are when it is
//! due, whose it is, how urgent it has become and which steps are legal;
//! the app writes it and the store syncs it.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::calling::local_instant;
use crate::{CallingWindow, ContactReason, EntityId, Role};

/// A follow-up task as stored and synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: EntityId,
    /// The patient it is about; `None` for a task about no one patient.
    pub patient_id: Option<EntityId>,
    /// The contact it came from, if any.
    pub interaction_id: Option<EntityId>,
    pub reason: ContactReason,
    pub notes: String,
    pub due_at: DateTime<Utc>,
    /// Whose clock the due time was set on, and that clock's IANA zone: the
    /// task shows its time on that clock as well as the reader's.
    pub due_clock: TaskClock,
    pub due_zone: String,
    pub assignee: TaskAssignee,
    pub status: TaskStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Who closed it (done or cancelled) and when.
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Whose clock a due time is typed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum TaskClock {
    Patient,
    Coordinator,
}

/// Who a task is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum AssigneeKind {
    /// One named user.
    User,
    AnyCoordinator,
    AnyPharmacist,
}

/// A task's assignee: a kind, and the user's name when it is one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TaskAssignee {
    pub kind: AssigneeKind,
    pub username: Option<String>,
}

impl TaskAssignee {
    pub fn user(username: &str) -> Self {
        Self { kind: AssigneeKind::User, username: Some(username.to_owned()) }
    }

    pub fn pool(kind: AssigneeKind) -> Self {
        Self { kind, username: None }
    }

    /// Whether a user called `username` holding `roles` should see the task
    /// in "My tasks": it is theirs by name, or it is for a pool they are in.
    pub fn includes(&self, username: &str, roles: &[Role]) -> bool {
        match self.kind {
            AssigneeKind::User => self.username.as_deref() == Some(username),
            AssigneeKind::AnyCoordinator => roles.contains(&Role::Coordinator),
            AssigneeKind::AnyPharmacist => roles.contains(&Role::Pharmacist),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    Open,
    Done,
    Cancelled,
}

/// A step taken on an open task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum TaskStep {
    Done,
    Reassign { to: TaskAssignee },
    Snooze { until: DateTime<Utc> },
    Cancel,
}

/// The record a step leaves in the task's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum TaskEventKind {
    Created,
    Done,
    Reassigned,
    Snoozed,
    Cancelled,
}

impl TaskStep {
    pub fn event_kind(&self) -> TaskEventKind {
        match self {
            Self::Done => TaskEventKind::Done,
            Self::Reassign { .. } => TaskEventKind::Reassigned,
            Self::Snooze { .. } => TaskEventKind::Snoozed,
            Self::Cancel => TaskEventKind::Cancelled,
        }
    }
}

/// One line of a task's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TaskEvent {
    pub id: EntityId,
    pub task_id: EntityId,
    pub kind: TaskEventKind,
    pub username: String,
    pub occurred_at: DateTime<Utc>,
    /// The assignee a creation or reassignment named.
    pub assignee: Option<TaskAssignee>,
    /// The due time a creation or snooze set.
    pub due_at: Option<DateTime<Utc>>,
}

/// Why a task or a step on it was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum TaskProblem {
    #[error("the due time has passed")]
    DueInPast,
    #[error("a task for one person needs their name")]
    AssigneeMissing,
    #[error("the task is already closed")]
    Closed,
    #[error("a snoozed task must come due later than now")]
    SnoozeNotLater,
}

/// Longest a task's notes may be, as a contact's.
pub const TASK_NOTES_MAX_CHARS: usize = 4000;
/// A due time this far in the past is still "now": the form took a moment to fill.
const DUE_GRACE_MINUTES: i64 = 5;

/// The instant `local` wall-clock time happens in `zone`: a time the clocks
/// skip (spring forward) moves on by the skipped hour, an ambiguous one
/// (fall back) is the first, as for a call-back.
pub fn due_instant(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    local_instant(local.date(), local.time(), zone)
}

/// Checks a new task: due now or later, and a named assignee when it is for one person.
pub fn check_new_task(due_at: DateTime<Utc>, assignee: &TaskAssignee, now: DateTime<Utc>) -> Vec<TaskProblem> {
    let mut problems = Vec::new();
    if due_at < now - Duration::minutes(DUE_GRACE_MINUTES) {
        problems.push(TaskProblem::DueInPast);
    }
    if !assignee_named(assignee) {
        problems.push(TaskProblem::AssigneeMissing);
    }
    problems
}

/// A pool needs no name; one person does.
pub fn assignee_named(assignee: &TaskAssignee) -> bool {
    match assignee.kind {
        AssigneeKind::User => assignee.username.as_deref().is_some_and(|name| !name.trim().is_empty()),
        AssigneeKind::AnyCoordinator | AssigneeKind::AnyPharmacist => true,
    }
}

/// `task` after `step`, taken by `by` at `now`; `Ok(None)` when the step
/// changes nothing because another laptop (or another click) already took
/// it — closing a closed task the same way is not an error.
pub fn take_step(task: &Task, step: &TaskStep, by: &str, now: DateTime<Utc>) -> Result<Option<Task>, TaskProblem> {
    let closing = |status| Task { status, closed_by: Some(by.to_owned()), closed_at: Some(now), ..task.clone() };
    match (task.status, step) {
        (TaskStatus::Done, TaskStep::Done) | (TaskStatus::Cancelled, TaskStep::Cancel) => Ok(None),
        (TaskStatus::Done | TaskStatus::Cancelled, _) => Err(TaskProblem::Closed),
        (TaskStatus::Open, TaskStep::Done) => Ok(Some(closing(TaskStatus::Done))),
        (TaskStatus::Open, TaskStep::Cancel) => Ok(Some(closing(TaskStatus::Cancelled))),
        (TaskStatus::Open, TaskStep::Reassign { to }) if !assignee_named(to) => Err(TaskProblem::AssigneeMissing),
        (TaskStatus::Open, TaskStep::Reassign { to }) => Ok(Some(Task { assignee: to.clone(), ..task.clone() })),
        (TaskStatus::Open, TaskStep::Snooze { until }) if *until <= now => Err(TaskProblem::SnoozeNotLater),
        (TaskStatus::Open, TaskStep::Snooze { until }) => Ok(Some(Task { due_at: *until, ..task.clone() })),
    }
}

/// How pressing an open task is as of `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum TaskUrgency {
    /// Past due by at least the pharmacy's escalation time: on the supervisor's desk.
    Escalated,
    Overdue,
    /// Due later today or after.
    Upcoming,
}

/// `Escalated` once `due_at` is `escalate_after` in the past, `Overdue`
/// from the due instant, `Upcoming` before it.
pub fn task_urgency(due_at: DateTime<Utc>, now: DateTime<Utc>, escalate_after: Duration) -> TaskUrgency {
    if due_at > now {
        TaskUrgency::Upcoming
    } else if now - due_at >= escalate_after {
        TaskUrgency::Escalated
    } else {
        TaskUrgency::Overdue
    }
}

/// "My tasks" order: the most overdue first, then the soonest due.
pub fn by_due(a: &Task, b: &Task) -> std::cmp::Ordering {
    a.due_at.cmp(&b.due_at).then_with(|| a.id.cmp(&b.id))
}

/// Whether a task about a call falls outside the patient's calling hours:
/// `window` is the patient's (none means they may not be called at all).
pub fn due_outside_calling_hours(due_at: DateTime<Utc>, zone: Tz, window: Option<CallingWindow>) -> bool {
    window.is_none_or(|window| !window.contains(due_at.with_timezone(&zone).time()))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone};
    use chrono_tz::America::{Chicago, New_York, Phoenix};

    use super::*;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    fn task(due_at: DateTime<Utc>) -> Task {
        Task {
            id: EntityId::nil(),
            patient_id: Some(EntityId::from_u128(7)),
            interaction_id: None,
            reason: ContactReason::Refill,
            notes: String::new(),
            due_at,
            due_clock: TaskClock::Patient,
            due_zone: "America/New_York".into(),
            assignee: TaskAssignee::user("ana"),
            status: TaskStatus::Open,
            created_by: "ana".into(),
            created_at: due_at - Duration::days(1),
            closed_by: None,
            closed_at: None,
        }
    }

    #[test]
    fn five_pm_is_the_patients_five_pm_across_zones_and_dst() {
        // The day after the clocks fall back in New York (Nov 1 2026): 17:00 EST is 22:00 UTC.
        assert_eq!(
            due_instant(local(2026, 11, 1, 17, 0), New_York),
            Utc.with_ymd_and_hms(2026, 11, 1, 22, 0, 0).single()
        );
        // The day before, 17:00 EDT is 21:00 UTC.
        assert_eq!(
            due_instant(local(2026, 10, 31, 17, 0), New_York),
            Utc.with_ymd_and_hms(2026, 10, 31, 21, 0, 0).single()
        );
        // Phoenix keeps no DST: 17:00 MST is 00:00 UTC the next day, either side of the change.
        assert_eq!(
            due_instant(local(2026, 11, 1, 17, 0), Phoenix),
            Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).single()
        );
        assert_eq!(
            due_instant(local(2026, 10, 31, 17, 0), Phoenix),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single()
        );
        // 2:30 on the spring-forward night does not exist: it is 3:30 CDT.
        assert_eq!(due_instant(local(2026, 3, 8, 2, 30), Chicago), Utc.with_ymd_and_hms(2026, 3, 8, 8, 30, 0).single());
        // 1:30 on the fall-back night happens twice: the first.
        assert_eq!(
            due_instant(local(2026, 11, 1, 1, 30), Chicago),
            Utc.with_ymd_and_hms(2026, 11, 1, 6, 30, 0).single()
        );
    }

    #[test]
    fn a_new_task_is_due_now_or_later_and_names_its_person() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap();
        assert_eq!(check_new_task(now + Duration::hours(2), &TaskAssignee::user("ana"), now), []);
        assert_eq!(
            check_new_task(now - Duration::minutes(2), &TaskAssignee::pool(AssigneeKind::AnyPharmacist), now),
            []
        );
        assert_eq!(
            check_new_task(now - Duration::hours(1), &TaskAssignee { kind: AssigneeKind::User, username: None }, now),
            [TaskProblem::DueInPast, TaskProblem::AssigneeMissing]
        );
    }

    #[test]
    fn steps_on_open_tasks_are_recorded_and_closing_twice_is_not_an_error() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap();
        let open = task(now + Duration::hours(3));
        let done = take_step(&open, &TaskStep::Done, "jose", now).unwrap().unwrap();
        assert_eq!(
            (done.status, done.closed_by.as_deref(), done.closed_at),
            (TaskStatus::Done, Some("jose"), Some(now))
        );
        assert_eq!(take_step(&done, &TaskStep::Done, "ana", now), Ok(None), "the other laptop's done");
        assert_eq!(take_step(&done, &TaskStep::Cancel, "ana", now), Err(TaskProblem::Closed));
        let cancelled = take_step(&open, &TaskStep::Cancel, "ana", now).unwrap().unwrap();
        assert_eq!(cancelled.status, TaskStatus::Cancelled);
        assert_eq!(take_step(&cancelled, &TaskStep::Cancel, "jose", now), Ok(None));
        let later = now + Duration::days(1);
        let snoozed = take_step(&open, &TaskStep::Snooze { until: later }, "ana", now).unwrap().unwrap();
        assert_eq!((snoozed.due_at, snoozed.status), (later, TaskStatus::Open));
        assert_eq!(take_step(&open, &TaskStep::Snooze { until: now }, "ana", now), Err(TaskProblem::SnoozeNotLater));
        let pool = TaskAssignee::pool(AssigneeKind::AnyCoordinator);
        let moved = take_step(&open, &TaskStep::Reassign { to: pool.clone() }, "ana", now).unwrap().unwrap();
        assert_eq!(moved.assignee, pool);
        let nobody = TaskAssignee { kind: AssigneeKind::User, username: Some(" ".into()) };
        assert_eq!(take_step(&open, &TaskStep::Reassign { to: nobody }, "ana", now), Err(TaskProblem::AssigneeMissing));
    }

    #[test]
    fn my_tasks_are_mine_by_name_or_by_pool() {
        let coordinator = [Role::Coordinator];
        let pharmacist = [Role::Pharmacist];
        assert!(TaskAssignee::user("ana").includes("ana", &coordinator));
        assert!(!TaskAssignee::user("ana").includes("jose", &coordinator));
        assert!(TaskAssignee::pool(AssigneeKind::AnyCoordinator).includes("jose", &coordinator));
        assert!(!TaskAssignee::pool(AssigneeKind::AnyCoordinator).includes("rph", &pharmacist));
        assert!(TaskAssignee::pool(AssigneeKind::AnyPharmacist).includes("rph", &pharmacist));
        assert!(!TaskAssignee::pool(AssigneeKind::AnyPharmacist).includes("sup", &[Role::Supervisor]));
    }

    #[test]
    fn overdue_tasks_come_first_and_escalate_after_the_setting() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap();
        let day = Duration::hours(24);
        assert_eq!(task_urgency(now + Duration::minutes(1), now, day), TaskUrgency::Upcoming);
        assert_eq!(task_urgency(now, now, day), TaskUrgency::Overdue);
        assert_eq!(task_urgency(now - Duration::hours(23), now, day), TaskUrgency::Overdue);
        assert_eq!(task_urgency(now - day, now, day), TaskUrgency::Escalated);
        let mut tasks =
            [task(now + Duration::hours(2)), task(now - Duration::hours(30)), task(now - Duration::hours(1))];
        tasks.sort_by(by_due);
        let urgencies: Vec<TaskUrgency> = tasks.iter().map(|task| task_urgency(task.due_at, now, day)).collect();
        assert_eq!(urgencies, [TaskUrgency::Escalated, TaskUrgency::Overdue, TaskUrgency::Upcoming]);
    }

    #[test]
    fn a_task_due_outside_the_patients_calling_hours_says_so() {
        let window = CallingWindow {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        };
        // 17:00 in New York is inside; the same instant is 15:00 in Phoenix, also inside; 21:00 is not.
        let five_pm = due_instant(local(2026, 12, 4, 17, 0), New_York).unwrap();
        assert!(!due_outside_calling_hours(five_pm, New_York, Some(window)));
        let nine_pm = due_instant(local(2026, 12, 4, 21, 0), New_York).unwrap();
        assert!(due_outside_calling_hours(nine_pm, New_York, Some(window)));
        // 8:00 in New York is 6:00 in Phoenix: outside the Phoenix patient's hours.
        let eight_am_east = due_instant(local(2026, 12, 4, 8, 0), New_York).unwrap();
        assert!(due_outside_calling_hours(eight_am_east, Phoenix, Some(window)));
        assert!(due_outside_calling_hours(five_pm, New_York, None), "no window: never callable");
    }
}
