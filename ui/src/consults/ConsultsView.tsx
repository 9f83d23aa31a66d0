import { useCallback, useState } from "react";
import { run } from "../api";
import { commands, type AppError, type ConsultRow, type ConsultTransition, type PharmacySettings, type Slot, type SlotOptions } from "../bindings";
import { ConsultTime, SlotChooser, consultTimeText } from "../components/ConsultTime";
import { ErrorLine } from "../components/ErrorLine";
import { discardDrafts, useDraft } from "../drafts";
import { LanguageBadge } from "../components/LanguageBadge";
import { ListStates } from "../components/States";
import { ViewHeader } from "../components/ViewHeader";
import { useCommand } from "../hooks/useCommand";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { formatDate, formatInstant, isoDateInZone } from "../l10n/format";
import {
  CONSULT_REASON_MESSAGES,
  CONSULT_STATUS_MESSAGES,
  URGENCY_MESSAGES,
} from "../l10n/messageIds";
import { useCan } from "../permissions";

interface Props {
  pharmacy: PharmacySettings | null;
  onOpenPatient: (id: string) => void;
}

/** Pharmacists see the queue and their schedule; coordinators see the requests they made. */
export function ConsultsView({ pharmacy, onOpenPatient }: Props) {
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  const pharmacyZone = pharmacy?.timeZone ?? "UTC";
  const can = useCan();
  const pharmacist = can("answer-consult");
  const requester = can("request-consult");
  return (
    <section className="view" aria-labelledby="consults-title" data-testid="consults-view">
      <ViewHeader section="consults" titleRef={titleRef} />
      {pharmacist && <PharmacistConsults pharmacyZone={pharmacyZone} onOpenPatient={onOpenPatient} />}
      {requester && <MyRequests pharmacyZone={pharmacyZone} onOpenPatient={onOpenPatient} />}
    </section>
  );
}

function PatientButton({ row, onOpenPatient }: { row: ConsultRow; onOpenPatient: (id: string) => void }) {
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        onOpenPatient(row.consult.patientId);
      }}
    >
      {row.patientName}
    </button>
  );
}

function Reason({ row }: { row: ConsultRow }) {
  const { t } = useL10n();
  const { reason, reasonText } = row.consult;
  return (
    <>
      {t(CONSULT_REASON_MESSAGES[reason])}
      {reasonText !== "" && <span className="muted"> — {reasonText}</span>}
    </>
  );
}

function PharmacistConsults({
  pharmacyZone,
  onOpenPatient,
}: {
  pharmacyZone: string;
  onOpenPatient: (id: string) => void;
}) {
  const { t, locale } = useL10n();
  const queue = useCommand(useCallback(() => commands.consultQueue(), []));
  const mine = useCommand(useCallback(() => commands.myConsults(), []));
  const reload = () => {
    queue.reload();
    mine.reload();
  };
  return (
    <>
      <section className="panel" aria-labelledby="consult-queue-title">
        <h2 id="consult-queue-title">{t("consult-queue-title")}</h2>
        <ListStates command={queue} empty={{ titleId: "consult-queue-empty-title", bodyId: "consult-queue-empty-body" }} />
        {queue.state.status === "ok" && queue.state.data.length > 0 && (
          <ul className="consult-list">
            {queue.state.data.map((row) => (
              <li key={row.consult.id} className="consult-item" data-testid="consult-request">
                <div className="consult-head">
                  <PatientButton row={row} onOpenPatient={onOpenPatient} />
                  <span className={`urgency urgency-${row.consult.urgency}`}>
                    {t(URGENCY_MESSAGES[row.consult.urgency])}
                  </span>
                  <LanguageBadge language={row.consult.language} />
                  <span className={row.speaksLanguage ? "muted" : "warning-text"}>
                    {row.speaksLanguage ? t("consult-you-speak-it") : t("consult-interpreter-needed")}
                  </span>
                </div>
                <p>
                  <Reason row={row} />
                </p>
                <p className="muted">
                  {t("consult-requested", {
                    who: row.consult.requestedBy,
                    when: formatInstant(locale, row.consult.requestedAt, pharmacyZone),
                  })}
                </p>
                <AcceptOrDecline row={row} pharmacyZone={pharmacyZone} onDone={reload} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <ScheduleCalendar mine={mine} pharmacyZone={pharmacyZone} onOpenPatient={onOpenPatient} onChanged={reload} />
    </>
  );
}

/** Whole days from a YYYY-MM-DD date, as YYYY-MM-DD (calendar arithmetic, no zone involved). */
function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function ScheduleCalendar({
  mine,
  pharmacyZone,
  onOpenPatient,
  onChanged,
}: {
  mine: ReturnType<typeof useCommand<ConsultRow[]>>;
  pharmacyZone: string;
  onOpenPatient: (id: string) => void;
  onChanged: () => void;
}) {
  const { t, locale } = useL10n();
  const [view, setView] = useState<"day" | "week">("week");
  const [anchor, setAnchor] = useState(() => isoDateInZone(pharmacyZone));
  // A week is the seven days from the anchor (today at first), so the next consult is always in view.
  const days = Array.from({ length: view === "day" ? 1 : 7 }, (_, index) => addDays(anchor, index));
  const scheduled =
    mine.state.status === "ok" ? mine.state.data.filter((row) => row.consult.status === "scheduled") : [];
  const dayOf = (row: ConsultRow) =>
    row.consult.slot === null ? "" : isoDateInZone(pharmacyZone, new Date(row.consult.slot.start));
  const step = view === "day" ? 1 : 7;

  return (
    <section className="panel" aria-labelledby="consult-schedule-title" data-testid="consult-calendar">
      <h2 id="consult-schedule-title">{t("consult-schedule-title")}</h2>
      <div className="toolbar">
        <div role="group" aria-label={t("consult-calendar-view")} className="choices">
          {(["day", "week"] as const).map((option) => (
            <button
              key={option}
              type="button"
              className="button button-small"
              aria-pressed={view === option}
              onClick={() => {
                setView(option);
              }}
            >
              {t(`consult-calendar-${option}`)}
            </button>
          ))}
        </div>
        <button type="button" className="button button-small" onClick={() => { setAnchor(addDays(anchor, -step)); }}>
          {t("consult-calendar-previous")}
        </button>
        <button type="button" className="button button-small" onClick={() => { setAnchor(isoDateInZone(pharmacyZone)); }}>
          {t("consult-calendar-today")}
        </button>
        <button type="button" className="button button-small" onClick={() => { setAnchor(addDays(anchor, step)); }}>
          {t("consult-calendar-next")}
        </button>
      </div>
      <ListStates command={mine} />
      {days.map((day) => {
        const rows = scheduled.filter((row) => dayOf(row) === day);
        return (
          <div key={day} className="calendar-day">
            <h3>{formatDate(locale, day, "full")}</h3>
            {rows.length === 0 ? (
              <p className="muted">{t("consult-schedule-empty")}</p>
            ) : (
              <ul className="consult-list">
                {rows.map((row) => (
                  <li key={row.consult.id} className="consult-item" data-testid="consult-scheduled">
                    <div className="consult-head">
                      <PatientButton row={row} onOpenPatient={onOpenPatient} />
                      {row.consult.slot !== null && (
                        <ConsultTime slot={row.consult.slot} pharmacyZone={pharmacyZone} patientZone={row.patientTimeZone} />
                      )}
                      {row.consult.interpreterNeeded && (
                        <span className="warning-text">{t("consult-interpreter-needed")}</span>
                      )}
                    </div>
                    <p>
                      <Reason row={row} />
                    </p>
                    <CompleteOrNoShow row={row} onDone={onChanged} />
                    <Reschedule row={row} pharmacyZone={pharmacyZone} onDone={onChanged} />
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

/**
 * Takes one step of a consult's state machine on the version the user saw; `onDone` reloads the
 * lists, a refusal (changed meanwhile, slot taken…) is kept in `error`.
 */
function useConsultStep(row: ConsultRow, onDone: () => void) {
  const [error, setError] = useState<AppError | null>(null);
  async function step(transition: ConsultTransition, slot: Slot | null, note: string) {
    const result = await run(() =>
      commands.transitionConsult(row.consult.id, { transition, slot, note, basedOnVersion: row.consult.version }),
    );
    if (result.status === "ok") {
      discardDrafts(consultDraft(row));
      onDone();
    } else {
      setError(result.error);
    }
  }
  return { step, error, setError };
}

/** The drafts of a step on `row` (drafts.ts): the key prefix of each field. */
function consultDraft(row: ConsultRow): string {
  return `consult:${row.consult.id}:`;
}

function Reschedule({ row, pharmacyZone, onDone }: { row: ConsultRow; pharmacyZone: string; onDone: () => void }) {
  const { t } = useL10n();
  const { step, error, setError } = useConsultStep(row, onDone);
  const move = (slot: Slot) => step("reschedule", slot, "");
  return (
    <div className="consult-actions">
      <SlotPicker
        row={row}
        pharmacyZone={pharmacyZone}
        openLabel={t("consult-reschedule")}
        confirmLabel={t("consult-reschedule-confirm")}
        onPick={move}
        onError={setError}
      />
      <ErrorLine error={error} />
    </div>
  );
}

/**
 * Asks for the pharmacist's free times that suit the patient, shows them (the earliest chosen) and
 * hands the chosen one to `onPick`.
 */
function SlotPicker({
  row,
  pharmacyZone,
  openLabel,
  confirmLabel,
  onPick,
  onError,
}: {
  row: ConsultRow;
  pharmacyZone: string;
  openLabel: string;
  confirmLabel: string;
  onPick: (slot: Slot) => Promise<void>;
  onError: (error: AppError) => void;
}) {
  const { t, locale } = useL10n();
  const [offered, setOffered] = useState<SlotOptions | null>(null);
  const [chosen, setChosen] = useState(0);
  async function propose() {
    const result = await run(() => commands.consultSlotOptions(row.consult.id));
    if (result.status === "ok") setOffered(result.data);
    else onError(result.error);
  }
  const options = offered?.slots ?? null;
  const slot = options?.[chosen];
  const speaker = offered?.speakerOffer ?? null;
  return (
    <>
      {speaker !== null && (
        <p className="notice" role="note" data-testid="consult-speaker-offer">
          {t("consult-speaker-offer", {
            pharmacist: speaker.pharmacistName,
            language: row.consult.language,
            time: consultTimeText(t, locale, speaker.slot, pharmacyZone, row.patientTimeZone),
          })}
        </p>
      )}
      {options === null && (
        <button type="button" className="button button-primary" data-testid="consult-pick" onClick={() => void propose()}>
          {openLabel}
        </button>
      )}
      {options?.length === 0 && <p className="muted">{t("consult-no-slot")}</p>}
      {options !== null && slot !== undefined && (
        <>
          <SlotChooser
            options={options}
            chosen={chosen}
            onChoose={setChosen}
            pharmacyZone={pharmacyZone}
            patientZone={row.patientTimeZone}
          />
          <button
            type="button"
            className="button button-primary"
            data-testid="consult-confirm"
            onClick={() => void onPick(slot)}
          >
            {confirmLabel}
          </button>
        </>
      )}
    </>
  );
}

function AcceptOrDecline({ row, pharmacyZone, onDone }: { row: ConsultRow; pharmacyZone: string; onDone: () => void }) {
  const { t } = useL10n();
  const [declining, setDeclining] = useDraft(`${consultDraft(row)}declining`, false);
  const [reason, setReason] = useDraft(`${consultDraft(row)}decline-reason`, "");
  const { step, error, setError } = useConsultStep(row, onDone);
  const accept = (slot: Slot) => step("schedule", slot, "");
  const decline = () => step("decline", null, reason);

  return (
    <div className="consult-actions">
      <SlotPicker
        row={row}
        pharmacyZone={pharmacyZone}
        openLabel={t("consult-accept")}
        confirmLabel={t("consult-confirm")}
        onPick={accept}
        onError={setError}
      />
      {!declining ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            setDeclining(true);
          }}
        >
          {t("consult-decline")}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void decline();
          }}
        >
          <label>
            {t("consult-decline-reason")}
            <input
              required
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
          </label>
          <button type="submit" className="button">
            {t("consult-decline")}
          </button>
        </form>
      )}
      <ErrorLine error={error} />
    </div>
  );
}

function CompleteOrNoShow({ row, onDone }: { row: ConsultRow; onDone: () => void }) {
  const { t } = useL10n();
  const [notes, setNotes] = useDraft(`${consultDraft(row)}outcome-notes`, "");
  const { step, error } = useConsultStep(row, onDone);
  const finish = (transition: "complete" | "no-show") => step(transition, null, notes);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void finish("complete");
      }}
    >
      <label>
        {t("consult-outcome")}
        <input
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </label>
      <button type="submit" className="button button-primary">
        {t("consult-complete")}
      </button>
      <button type="button" className="button" onClick={() => void finish("no-show")}>
        {t("consult-no-show")}
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function MyRequests({ pharmacyZone, onOpenPatient }: { pharmacyZone: string; onOpenPatient: (id: string) => void }) {
  const { t, locale } = useL10n();
  const requests = useCommand(useCallback(() => commands.myConsultRequests(), []));
  return (
    <section className="panel" aria-labelledby="consult-mine-title">
      <h2 id="consult-mine-title">{t("consult-mine-title")}</h2>
      <ListStates command={requests} empty={{ titleId: "consults-empty-title", bodyId: "consults-empty-body" }} />
      {requests.state.status === "ok" && requests.state.data.length > 0 && (
        <ul className="consult-list">
          {requests.state.data.map((row) => (
            <li key={row.consult.id} className="consult-item" data-testid="consult-mine">
              <div className="consult-head">
                <PatientButton row={row} onOpenPatient={onOpenPatient} />
                <span className={`consult-status status-${row.consult.status}`} data-testid="consult-status">
                  {t(CONSULT_STATUS_MESSAGES[row.consult.status])}
                </span>
                <LanguageBadge language={row.consult.language} />
                {row.consult.interpreterNeeded && <span className="warning-text">{t("consult-interpreter-needed")}</span>}
              </div>
              <p>
                <Reason row={row} />
              </p>
              {row.consult.slot !== null && row.consult.status === "scheduled" && (
                <p>
                  <ConsultTime slot={row.consult.slot} pharmacyZone={pharmacyZone} patientZone={row.patientTimeZone} />
                </p>
              )}
              {row.consult.declineReason !== null && (
                <p className="muted">{t("consult-declined-because", { reason: row.consult.declineReason })}</p>
              )}
              <p className="muted">{formatInstant(locale, row.consult.requestedAt, pharmacyZone)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
