// The exception queue: most severe, then oldest, first. A supervisor assigns each item and
// resolves it with an outcome and a note; a coordinator sees the items assigned to them.
import { useCallback, useState } from "react";
import { run } from "../api";
import { commands, type AppError, type Assignee, type ExceptionItem, type ExceptionOutcome } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { discardDrafts, useDraft } from "../drafts";
import { ListStates } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useNow } from "../hooks/timing";
import { useL10n } from "../l10n/context";
import { formatElapsed, formatInstant } from "../l10n/format";
import {
  CHANNEL_MESSAGES,
  DIRECTION_MESSAGES,
  EXCEPTION_KIND_MESSAGES,
  EXCEPTION_OUTCOME_MESSAGES,
  EXCEPTION_PROBLEM_MESSAGES,
  SEVERITY_MESSAGES,
  outcomesFor,
} from "../l10n/messageIds";

interface Props {
  supervisor: boolean;
  onOpenPatient: (id: string) => void;
}

export function ExceptionQueuePanel({ supervisor, onOpenPatient }: Props) {
  const { t } = useL10n();
  const queue = useCommand(useCallback(() => commands.exceptionQueue(), []));
  const open = queue.state.status === "ok" ? queue.state.data.open : [];
  const resolved = queue.state.status === "ok" ? queue.state.data.resolved : [];
  const assignees = queue.state.status === "ok" ? queue.state.data.assignees : [];
  const listCommand = { ...queue, state: queue.state.status === "ok" ? { status: "ok" as const, data: open } : queue.state };
  return (
    <section className="panel" aria-labelledby="exceptions-title" data-testid="exception-queue">
      <h2 id="exceptions-title">
        {t(supervisor ? "exceptions-title" : "exceptions-title-mine", { count: open.length })}
      </h2>
      <ListStates
        command={listCommand}
        empty={
          supervisor
            ? { titleId: "exceptions-empty-title", bodyId: "exceptions-empty-body" }
            : { titleId: "exceptions-empty-title", bodyId: "exceptions-empty-body-mine" }
        }
      />
      {open.length > 0 && (
        <ul className="exception-list">
          {open.map((item) => (
            <ExceptionRow
              key={item.id}
              item={item}
              supervisor={supervisor}
              assignees={assignees}
              onOpenPatient={onOpenPatient}
              onChanged={queue.reload}
            />
          ))}
        </ul>
      )}
      {resolved.length > 0 && <ResolvedItems items={resolved} onOpenPatient={onOpenPatient} />}
    </section>
  );
}

function RaisedLine({ item }: { item: ExceptionItem }) {
  const { t, locale } = useL10n();
  const now = useNow();
  const when = formatElapsed(locale, item.raisedAt, now);
  return (
    <span className="muted small">
      {item.source === "flag" ? t("exception-raised-by", { who: item.raisedBy, when }) : t("exception-raised-by-rule", { when })}
    </span>
  );
}

function ExceptionRow({
  item,
  supervisor,
  assignees,
  onOpenPatient,
  onChanged,
}: {
  item: ExceptionItem;
  supervisor: boolean;
  assignees: Assignee[];
  onOpenPatient: (id: string) => void;
  onChanged: () => void;
}) {
  const { t, locale } = useL10n();
  return (
    <li className={`exception-item severity-${item.severity}`} data-testid="exception-item" data-kind={item.kind}>
      <div className="exception-head">
        <span className={`tag tag-severity-${item.severity}`}>{t(SEVERITY_MESSAGES[item.severity])}</span>
        <span className="exception-kind">{t(EXCEPTION_KIND_MESSAGES[item.kind])}</span>
        <button
          type="button"
          className="link-button patient-name"
          data-testid="exception-patient"
          onClick={() => {
            onOpenPatient(item.patientId);
          }}
        >
          {item.patientName}
        </button>
        <RaisedLine item={item} />
      </div>
      {item.note !== "" && <p className="exception-note">{item.note}</p>}
      {item.renewalContacts.length > 0 && (
        <ul className="renewal-contacts" data-testid="renewal-contacts">
          {item.renewalContacts.map((contact) => (
            <li key={contact.id}>
              {t("renewal-contact", {
                channel: t(CHANNEL_MESSAGES[contact.channel]),
                direction: t(DIRECTION_MESSAGES[contact.direction]),
                when: formatInstant(locale, contact.occurredAt),
                who: contact.recordedBy,
              })}
            </li>
          ))}
        </ul>
      )}
      {supervisor ? (
        <WorkItem item={item} assignees={assignees} onChanged={onChanged} />
      ) : (
        <p className="muted small">{t("exception-assigned-to-you")}</p>
      )}
    </li>
  );
}

function WorkItem({ item, assignees, onChanged }: { item: ExceptionItem; assignees: Assignee[]; onChanged: () => void }) {
  const { t } = useL10n();
  const outcomes = outcomesFor(item.kind);
  // The resolution being written is a draft (drafts.ts): locking and unlocking the window keeps it.
  const draft = `exception:${item.id}:`;
  const [outcome, setOutcome] = useDraft<ExceptionOutcome>(`${draft}outcome`, outcomes[0] ?? "acknowledged");
  const [note, setNote] = useDraft(`${draft}note`, "");
  // "Number updated" writes the new number in the same step.
  const [newNumber, setNewNumber] = useDraft(`${draft}number`, "");
  const asksNumber = outcome === "number-updated";
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `exception-${item.id}`;

  function assign(username: string) {
    setBusy(true);
    void run(() => commands.assignException(item.id, username === "" ? null : username)).then((result) => {
      setBusy(false);
      if (result.status === "ok") onChanged();
      else setError(result.error);
    });
  }

  function resolve(event: React.SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    void run(() => commands.resolveException(item.id, outcome, note, asksNumber ? newNumber : null)).then((result) => {
      setBusy(false);
      if (result.status === "ok") {
        discardDrafts(draft);
        onChanged();
      } else {
        setError(result.error);
      }
    });
  }

  return (
    <form className="exception-work" onSubmit={resolve} aria-label={t("exception-work-label", { patient: item.patientName })}>
      <label htmlFor={`${base}-assignee`}>{t("exception-assignee")}</label>
      <select
        id={`${base}-assignee`}
        data-testid="exception-assignee"
        value={item.assignedTo ?? ""}
        disabled={busy}
        onChange={(event) => {
          assign(event.target.value);
        }}
      >
        <option value="">{t("exception-assignee-nobody")}</option>
        {assignees.map((person) => (
          <option key={person.username} value={person.username}>
            {person.displayName}
          </option>
        ))}
      </select>
      <label htmlFor={`${base}-outcome`}>{t("exception-outcome")}</label>
      <select
        id={`${base}-outcome`}
        data-testid="exception-outcome"
        value={outcome}
        onChange={(event) => {
          setOutcome(event.target.value as ExceptionOutcome);
        }}
      >
        {outcomes.map((option) => (
          <option key={option} value={option}>
            {t(EXCEPTION_OUTCOME_MESSAGES[option])}
          </option>
        ))}
      </select>
      {asksNumber && (
        <>
          <label htmlFor={`${base}-number`}>{t("exception-new-number")}</label>
          <input
            id={`${base}-number`}
            type="tel"
            required
            data-testid="exception-new-number"
            value={newNumber}
            onChange={(event) => {
              setNewNumber(event.target.value);
            }}
          />
        </>
      )}
      <label htmlFor={`${base}-note`}>{t("exception-resolution-note")}</label>
      <input
        id={`${base}-note`}
        data-testid="exception-resolution-note"
        value={note}
        maxLength={2000}
        onChange={(event) => {
          setNote(event.target.value);
        }}
      />
      <button type="submit" className="button button-primary button-small" data-testid="exception-resolve" disabled={busy}>
        {t("exception-resolve")}
      </button>
      <ErrorLine error={error} problemMessages={EXCEPTION_PROBLEM_MESSAGES} />
    </form>
  );
}

function ResolvedItems({ items, onOpenPatient }: { items: ExceptionItem[]; onOpenPatient: (id: string) => void }) {
  const { t, locale } = useL10n();
  return (
    <details className="resolved-items" data-testid="exceptions-resolved">
      <summary>{t("exceptions-resolved", { count: items.length })}</summary>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.id} className="resolved-item" data-testid="exception-resolved">
            <span className="exception-kind">{t(EXCEPTION_KIND_MESSAGES[item.kind])}</span>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                onOpenPatient(item.patientId);
              }}
            >
              {item.patientName}
            </button>
            {item.resolution !== null && (
              <span className="muted small">
                {t("exception-resolved-line", {
                  outcome: t(EXCEPTION_OUTCOME_MESSAGES[item.resolution.outcome]),
                  who: item.resolution.by,
                  when: formatInstant(locale, item.resolution.at),
                })}
                {item.resolution.note !== "" && ` — ${item.resolution.note}`}
              </span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
