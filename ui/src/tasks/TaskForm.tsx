// A new follow-up task: what for, when (on the patient's clock or the coordinator's), for whom.
import { useEffect, useState } from "react";
import {
  commands,
  type AppError,
  type ContactReason,
  type TaskAssignee,
  type TaskClock,
  type TaskPerson,
  type TaskRow,
} from "../bindings";
import { run } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { isoDateInZone } from "../l10n/format";
import { REASONS, REASON_MESSAGES, TASK_PROBLEM_MESSAGES } from "../l10n/messageIds";

/** The window's own zone: "mine" on the task form. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

type AssigneeChoice = "me" | "any-coordinator" | "any-pharmacist" | `user:${string}`;

interface Props {
  /** The patient the task is about, with their zone; null for a task about no one patient. */
  patient: { id: string; timeZone: string } | null;
  /** The contact it follows up. */
  interactionId: string | null;
  initialReason: ContactReason;
  /** The signed-in user's username ("me"). */
  username: string;
  onCreated: (row: TaskRow) => void;
  onCancel: () => void;
}

export function TaskForm({ patient, interactionId, initialReason, username, onCreated, onCancel }: Props) {
  const { t } = useL10n();
  const mine = localZone();
  const [reason, setReason] = useState<ContactReason>(initialReason);
  const [clock, setClock] = useState<TaskClock>(patient !== null ? "patient" : "coordinator");
  const zone = clock === "patient" && patient !== null ? patient.timeZone : mine;
  const [date, setDate] = useState(() => isoDateInZone(zone, new Date(Date.now() + 24 * 60 * 60 * 1000)));
  const [time, setTime] = useState("10:00");
  const [assignee, setAssignee] = useState<AssigneeChoice>("me");
  const [notes, setNotes] = useState("");
  const [people, setPeople] = useState<TaskPerson[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const firstRef = useFocusOnMount<HTMLSelectElement>();

  useEffect(() => {
    let active = true;
    void run(commands.taskPeople).then((result) => {
      if (active && result.status === "ok") setPeople(result.data.filter((person) => person.username !== username));
    });
    return () => {
      active = false;
    };
  }, [username]);

  function chosenAssignee(): TaskAssignee {
    if (assignee === "me") return { kind: "user", username };
    if (assignee === "any-coordinator" || assignee === "any-pharmacist") return { kind: assignee, username: null };
    return { kind: "user", username: assignee.slice("user:".length) };
  }

  async function save() {
    setSaving(true);
    const result = await run(() =>
      commands.createTask({
        patientId: patient?.id ?? null,
        interactionId,
        reason,
        notes,
        dueLocal: `${date}T${time}:00`,
        clock,
        coordinatorZone: mine,
        assignee: chosenAssignee(),
      }),
    );
    setSaving(false);
    if (result.status === "ok") onCreated(result.data);
    else setError(result.error);
  }

  return (
    <form
      className="panel task-form"
      data-testid="task-form"
      aria-labelledby="task-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id="task-form-title">{t("task-title")}</h3>
      <div className="field-row">
        <label>
          {t("task-reason")}
          <select
            ref={firstRef}
            data-testid="task-reason"
            value={reason}
            onChange={(event) => {
              setReason(event.target.value as ContactReason);
            }}
          >
            {REASONS.map((value) => (
              <option key={value} value={value}>
                {t(REASON_MESSAGES[value])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("task-due-date")}
          <input
            type="date"
            data-testid="task-due-date"
            required
            value={date}
            onChange={(event) => {
              setDate(event.target.value);
            }}
          />
        </label>
        <label>
          {t("task-due-time")}
          <input
            type="time"
            data-testid="task-due-time"
            required
            value={time}
            onChange={(event) => {
              setTime(event.target.value);
            }}
          />
        </label>
      </div>
      <fieldset className="task-clock">
        <div className="choices">
        <legend>{t("task-clock")}</legend>
        {patient !== null && (
          <label className="choice">
            <input
              type="radio"
              name="task-clock"
              data-testid="task-clock-patient"
              checked={clock === "patient"}
              onChange={() => {
                setClock("patient");
              }}
            />
            {t("task-clock-patient", { zone: patient.timeZone })}
          </label>
        )}
        <label className="choice">
          <input
            type="radio"
            name="task-clock"
            data-testid="task-clock-coordinator"
            checked={clock === "coordinator"}
            onChange={() => {
              setClock("coordinator");
            }}
          />
          {t("task-clock-coordinator", { zone: mine })}
        </label>
        </div>
      </fieldset>
      <div className="field-row">
        <label>
          {t("task-assignee")}
          <select
            data-testid="task-assignee"
            value={assignee}
            onChange={(event) => {
              setAssignee(event.target.value as AssigneeChoice);
            }}
          >
            <option value="me">{t("task-assignee-me")}</option>
            {people.map((person) => (
              <option key={person.username} value={`user:${person.username}`}>
                {person.displayName}
              </option>
            ))}
            <option value="any-coordinator">{t("task-assignee-any-coordinator")}</option>
            <option value="any-pharmacist">{t("task-assignee-any-pharmacist")}</option>
          </select>
        </label>
      </div>
      <label className="notes-field">
        {t("task-notes")}
        <textarea
          data-testid="task-notes"
          rows={2}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </label>
      <ErrorLine error={error} testId="task-error" problemMessages={TASK_PROBLEM_MESSAGES} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="task-save" disabled={saving}>
          {t("task-save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("task-cancel-form")}
        </button>
      </div>
    </form>
  );
}
