// Follow-up tasks as a list: when each is due (on the reader's clock and the patient's), for whom,
// why, whether it is overdue or falls outside the patient's calling hours, and its steps — done,
// snooze, reassign, cancel — each recorded in the history shown under it.
import { useEffect, useState } from "react";
import {
  commands,
  type AppError,
  type TaskPerson,
  type TaskRow,
  type TaskStatus,
  type TaskStep,
  type TaskUrgency,
} from "../bindings";
import { run } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";
import { REASON_MESSAGES, TASK_EVENT_MESSAGES, TASK_PROBLEM_MESSAGES } from "../l10n/messageIds";

interface Props {
  rows: TaskRow[];
  /** A step was taken: the row as it now stands (the list reloads). */
  onChanged: (row: TaskRow) => void;
  /** Opens the task's patient; null where the list is already on the patient's page. */
  onOpenPatient: ((id: string) => void) | null;
  testId: string;
  labelledBy: string;
}

export function TaskList({ rows, onChanged, onOpenPatient, testId, labelledBy }: Props) {
  return (
    <ul className="task-list" data-testid={testId} aria-labelledby={labelledBy}>
      {rows.map((row) => (
        <TaskItem key={row.task.id} row={row} onChanged={onChanged} onOpenPatient={onOpenPatient} />
      ))}
    </ul>
  );
}

function TaskItem({
  row,
  onChanged,
  onOpenPatient,
}: {
  row: TaskRow;
  onChanged: (row: TaskRow) => void;
  onOpenPatient: ((id: string) => void) | null;
}) {
  const { t, locale } = useL10n();
  const { task } = row;
  const [error, setError] = useState<AppError | null>(null);
  const [reassigning, setReassigning] = useState(false);
  const open = task.status === "open";

  async function step(taken: TaskStep) {
    const result = await run(() => commands.takeTaskStep(task.id, taken));
    if (result.status === "ok") {
      setError(null);
      setReassigning(false);
      onChanged(result.data);
    } else {
      setError(result.error);
    }
  }

  const patientId = task.patientId;

  return (
    <li
      className={`task-item task-${task.status} task-${open ? row.urgency : "closed"}`}
      data-testid="task-item"
      data-task-id={task.id}
    >
      <div className="task-main">
        <p className="task-due">
          <span data-testid="task-due">{t("task-due", { mine: formatInstant(locale, task.dueAt) })}</span>
          {row.patientZone !== null && (
            <span className="muted" data-testid="task-due-theirs">
              {t("task-due-theirs", { theirs: formatInstant(locale, task.dueAt, row.patientZone) })}
            </span>
          )}
          {open && row.urgency !== "upcoming" && (
            <span className="tag tag-critical" data-testid="task-overdue">
              {t(URGENCY_MESSAGES[row.urgency])}
            </span>
          )}
        </p>
        <p className="task-what">
          <strong>{t(REASON_MESSAGES[task.reason])}</strong>
          {row.patientName !== null &&
            (onOpenPatient !== null && patientId !== null ? (
              <button
                type="button"
                className="link-button"
                data-testid="task-patient"
                aria-label={t("task-open-patient", { name: row.patientName })}
                onClick={() => {
                  onOpenPatient(patientId);
                }}
              >
                {row.patientName}
              </button>
            ) : (
              <span>{row.patientName}</span>
            ))}
          <span className="muted">
            {task.assignee.kind === "user"
              ? t("task-for", { who: row.assigneeName ?? task.assignee.username ?? "" })
              : t(`task-for-${task.assignee.kind}`)}
          </span>
        </p>
        {task.notes !== "" && <p className="notes">{task.notes}</p>}
        {open && row.outsideCallingHours && (
          <p className="warning" role="note" data-testid="task-outside-hours">
            {t("task-outside-hours")}
          </p>
        )}
        {!open && (
          <p className="muted" data-testid="task-closed">
            {t(CLOSED_MESSAGES[task.status], { who: task.closedBy ?? "" })}
          </p>
        )}
        <details className="task-history">
          <summary>{t("task-history")}</summary>
          <ol>
            {row.history.map((event) => (
              <li key={event.id}>
                {t("task-history-line", {
                  when: formatInstant(locale, event.occurredAt),
                  what: t(TASK_EVENT_MESSAGES[event.kind], { who: event.username }),
                })}
              </li>
            ))}
          </ol>
        </details>
      </div>
      {open && (
        <div className="task-actions">
          <button
            type="button"
            className="button button-small button-primary"
            data-testid="task-done"
            onClick={() => void step({ kind: "done" })}
          >
            {t("task-done")}
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="task-snooze-hour"
            onClick={() => void step({ kind: "snooze", until: snoozeUntil(task.dueAt, "hour") })}
          >
            {t("task-snooze-hour")}
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="task-snooze-tomorrow"
            onClick={() => void step({ kind: "snooze", until: snoozeUntil(task.dueAt, "tomorrow") })}
          >
            {t("task-snooze-tomorrow")}
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="task-reassign"
            aria-expanded={reassigning}
            onClick={() => {
              setReassigning((value) => !value);
            }}
          >
            {t("task-reassign")}
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="task-cancel"
            onClick={() => void step({ kind: "cancel" })}
          >
            {t("task-cancel")}
          </button>
        </div>
      )}
      {reassigning && <ReassignForm onReassign={(to) => void step({ kind: "reassign", to })} />}
      <ErrorLine error={error} problemMessages={TASK_PROBLEM_MESSAGES} />
    </li>
  );
}

const HOUR_MS = 60 * 60 * 1000;

const URGENCY_MESSAGES: Record<TaskUrgency, string> = {
  escalated: "task-escalated",
  overdue: "task-overdue",
  upcoming: "task-due-later",
};

const CLOSED_MESSAGES: Record<TaskStatus, string> = {
  done: "task-status-done",
  cancelled: "task-status-cancelled",
  open: "task-status-open",
};

/** An hour from now, or the same time tomorrow (never less than an hour from now). */
function snoozeUntil(dueAt: string, how: "hour" | "tomorrow"): string {
  const now = Date.now();
  const until = how === "hour" ? now + HOUR_MS : Math.max(Date.parse(dueAt) + 24 * HOUR_MS, now + HOUR_MS);
  return new Date(until).toISOString();
}

function ReassignForm({ onReassign }: { onReassign: (to: Extract<TaskStep, { kind: "reassign" }>["to"]) => void }) {
  const { t } = useL10n();
  const [people, setPeople] = useState<TaskPerson[]>([]);
  const [choice, setChoice] = useState("any-coordinator");

  useEffect(() => {
    let active = true;
    void run(commands.taskPeople).then((result) => {
      if (active && result.status === "ok") setPeople(result.data);
    });
    return () => {
      active = false;
    };
  }, []);

  return (
    <form
      className="task-reassign"
      onSubmit={(event) => {
        event.preventDefault();
        onReassign(
          choice === "any-coordinator" || choice === "any-pharmacist"
            ? { kind: choice, username: null }
            : { kind: "user", username: choice },
        );
      }}
    >
      <label>
        {t("task-reassign-to")}
        <select
          data-testid="task-reassign-to"
          value={choice}
          onChange={(event) => {
            setChoice(event.target.value);
          }}
        >
          <option value="any-coordinator">{t("task-assignee-any-coordinator")}</option>
          <option value="any-pharmacist">{t("task-assignee-any-pharmacist")}</option>
          {people.map((person) => (
            <option key={person.username} value={person.username}>
              {person.displayName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-small" data-testid="task-reassign-save">
        {t("task-reassign-save")}
      </button>
    </form>
  );
}
