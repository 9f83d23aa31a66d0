// Working one call, placed (a reminder) or taken (the caller on the line): identity check before
// any medication shows, the script in the PATIENT's language (whatever the interface language),
// the minimal voicemail script, a call timer, and the outcome typed by keyboard (number keys pick
// it, Ctrl+Enter saves). A taken call also says who is calling and why; it may end without a
// reminder outcome, and it cannot go unanswered.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  commands,
  type AppError,
  type ContactParty,
  type ContactReason,
  type DeclineReason,
  type Disposition,
  type Fulfillment,
  type Language,
  type PatientCallStatus,
  type PatientDetail,
  type PharmacySettings,
  type RecordedCall,
} from "../bindings";
import { run } from "../api";
import { discardDrafts, useDraft } from "../drafts";
import { claimOpenCall } from "./openCall";
import { PhoneLink } from "../components/PhoneLink";
import { EnumSelect } from "../components/EnumSelect";
import { FlagForSupervisor } from "../components/FlagForSupervisor";
import { useL10n } from "../l10n/context";
import { createTranslator } from "../l10n/translator";
import { formatDate, formatInstant, formatPhone, isoDateInZone } from "../l10n/format";
import {
  DISPOSITIONS,
  DISPOSITION_MESSAGES,
  LANGUAGE_MESSAGES,
  PARTIES,
  PARTY_MESSAGES,
  REASONS,
  REASON_MESSAGES,
} from "../l10n/messageIds";

export type CallDirection = "inbound" | "outbound";

/** Outcomes a caller on the line can give: nobody calls in to not answer. */
const INBOUND_OUTCOMES: readonly Disposition[] = [
  "refill-confirmed",
  "declined",
  "wants-pharmacist",
  "call-back",
  "do-not-call",
];

const DECLINE_REASONS: DeclineReason[] = ["has-supply", "stopped-therapy", "cost", "side-effects"];
const FULFILLMENTS: Fulfillment[] = ["pickup", "delivery"];

interface Props {
  detail: PatientDetail;
  direction: CallDirection;
  /** Where this cycle's reminders stand; null when nothing is due (a call in about something else). */
  status: PatientCallStatus | null;
  /** Who answers the phone: the inbound greeting names them. */
  coordinatorName: string;
  pharmacy: PharmacySettings | null;
  verified: boolean;
  onVerifiedChange: (verified: boolean) => void;
  /** Open the next patient on the call list, if there is one. */
  onNext: (() => void) | null;
  /** Open the consult request form, for users who may ask for one. */
  onRequestConsult: (() => void) | null;
  /** The call was saved: the page reloads the history. */
  onSaved: (() => void) | null;
  /** Opens a follow-up task for the saved call. */
  onAddTask: ((interactionId: string) => void) | null;
}

export function CallPanel({
  detail,
  direction,
  status,
  coordinatorName,
  pharmacy,
  verified,
  onVerifiedChange,
  onNext,
  onRequestConsult,
  onSaved,
  onAddTask,
}: Props) {
  const { t, locale } = useL10n();
  const { patient } = detail;
  const inbound = direction === "inbound";
  const outcomes = inbound ? INBOUND_OUTCOMES : DISPOSITIONS;
  // The call in progress is a draft: locking and unlocking the window keeps it, timer included.
  const draft = callDraft(patient.id, direction);
  // While this panel is shown a call is open: no update restarts Enlace under it.
  useEffect(() => claimOpenCall(), []);
  const [startedAt, setStartedAt] = useDraft(`${draft}started-at`, () => new Date());
  const [elapsed, setElapsed] = useState(() => secondsSince(startedAt));
  const [nameChecked, setNameChecked] = useDraft(`${draft}name-checked`, false);
  const [dobChecked, setDobChecked] = useDraft(`${draft}dob-checked`, false);
  const [disposition, setDisposition] = useDraft<Disposition | null>(`${draft}disposition`, null);
  const [notes, setNotes] = useDraft(`${draft}notes`, "");
  const [language, setLanguage] = useDraft<Language>(`${draft}language`, patient.preferredLanguage);
  const [interpreter, setInterpreter] = useDraft(`${draft}interpreter`, false);
  const [fulfillment, setFulfillment] = useDraft<Fulfillment>(`${draft}fulfillment`, "pickup");
  // Pickup today (on the patient's calendar) unless the coordinator changes it.
  const [refillOn, setRefillOn] = useDraft(`${draft}refill-on`, () => isoDateInZone(detail.timeZone));
  const [declineReason, setDeclineReason] = useDraft<DeclineReason | "">(`${draft}decline-reason`, "");
  const [callbackLocal, setCallbackLocal] = useDraft(`${draft}callback-local`, "");
  const [party, setParty] = useDraft<ContactParty>(`${draft}party`, "patient");
  const [reason, setReason] = useDraft<ContactReason | "">(`${draft}reason`, "");
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<RecordedCall | null>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const timer = window.setInterval(() => {
      setElapsed(secondsSince(startedAt));
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [startedAt]);

  useEffect(() => {
    onVerifiedChange(nameChecked && dobChecked);
  }, [nameChecked, dobChecked, onVerifiedChange]);

  useEffect(() => {
    if (saved !== null) nextRef.current?.focus();
  }, [saved]);

  // The script speaks the patient's language, not the interface's.
  const script = useMemo(() => createTranslator(patient.preferredLanguage), [patient.preferredLanguage]);
  const scriptLocale = patient.preferredLanguage;
  const pharmacyName = pharmacy?.name ?? "";
  const pharmacyPhone = pharmacy !== null ? formatPhone(pharmacy.phone) : "";

  async function save() {
    // A call placed is a reminder and ends with its outcome; a call taken may be about anything.
    if (disposition === null && (!inbound || reason === "")) {
      setProblems([inbound ? "outcome-error-reason-missing" : "outcome-disposition-missing"]);
      return;
    }
    setSaving(true);
    const result = await run(() =>
      commands.recordCall({
        patientId: patient.id,
        startedAt: startedAt.toISOString(),
        durationSeconds: Math.max(0, secondsSince(startedAt)),
        channel: inbound ? "inbound-call" : "outbound-call",
        direction: null,
        party: inbound ? party : "patient",
        reason: reason === "" ? null : reason,
        disposition,
        notes,
        language,
        interpreterUsed: interpreter,
        refill: disposition === "refill-confirmed" && refillOn !== "" ? { fulfillment, on: refillOn } : null,
        declineReason: disposition === "declined" && declineReason !== "" ? declineReason : null,
        callbackLocal: disposition === "call-back" && callbackLocal !== "" ? `${callbackLocal}:00` : null,
      }),
    );
    setSaving(false);
    if (result.status === "ok") {
      discardDrafts(draft);
      setProblems([]);
      setSaved(result.data);
      onSaved?.();
    } else {
      setProblems(problemIds(result.error));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (saved === null && !saving) void save();
      return;
    }
    const target = event.target as HTMLElement;
    const typing =
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && !["checkbox", "radio"].includes(target.type));
    if (typing || saved !== null || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number.parseInt(event.key, 10);
    const picked = DISPOSITIONS[index - 1];
    if (picked !== undefined && outcomes.includes(picked)) {
      event.preventDefault();
      setDisposition(picked);
    }
  }

  const minutes = Math.floor(elapsed / 60);
  const seconds = elapsed % 60;

  return (
    // The panel's shortcuts (Ctrl+Enter saves) work from whichever of its fields has the focus.
    // eslint-disable-next-line jsx-a11y-x/no-noninteractive-element-interactions
    <section
      className={`panel call-panel call-${direction}`}
      data-testid={inbound ? "inbound-call-panel" : "call-panel"}
      aria-labelledby="call-title"
      onKeyDown={onKeyDown}
    >
      <header className="call-header">
        <h2 id="call-title">{t(inbound ? "call-title-inbound" : "call-title")}</h2>
        <span className="call-timer" data-testid="call-timer" aria-label={t("call-timer-label")}>
          {`${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`}
        </span>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setStartedAt(new Date());
            setElapsed(0);
          }}
        >
          {t("call-timer-restart")}
        </button>
        {detail.patient.phones[0] !== undefined && (
          <PhoneLink e164={detail.patient.phones[0].e164} name={detail.fullName} />
        )}
      </header>
      <p className="hint">{t("call-shortcuts")}</p>
      {!inbound && status !== null && status.state.kind === "open" && !status.state.callableNow && (
        <p className="warning" role="note">
          {status.state.nextCallAt !== null
            ? t("call-outside-window-until", { when: formatInstant(locale, status.state.nextCallAt, detail.timeZone) })
            : t("call-outside-window")}
        </p>
      )}

      {inbound && (
        <div className="field-row">
          <EnumSelect
            label={t("inbound-party")}
            testId="inbound-party"
            value={party}
            options={PARTIES}
            messages={PARTY_MESSAGES}
            t={t}
            onChange={(value) => {
              if (value !== "") setParty(value);
            }}
          />
          <EnumSelect
            label={t("inbound-reason")}
            testId="inbound-reason"
            value={reason}
            options={REASONS}
            messages={REASON_MESSAGES}
            t={t}
            emptyLabel={t("reason-none")}
            onChange={setReason}
          />
        </div>
      )}

      <fieldset className="verify" data-testid="identity-check">
        <legend>{t("verify-title")}</legend>
        <label>
          <input
            type="checkbox"
            data-testid="verify-name"
            checked={nameChecked}
            onChange={(event) => {
              setNameChecked(event.target.checked);
            }}
          />
          {t("verify-name", { name: detail.fullName })}
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="verify-dob"
            checked={dobChecked}
            onChange={(event) => {
              setDobChecked(event.target.checked);
            }}
          />
          {t("verify-dob", { date: formatDate(locale, patient.dateOfBirth) })}
        </label>
      </fieldset>

      <div className="scripts">
        <div className="script" lang={scriptLocale} data-testid="call-script">
          <h3>{t("script-title", { language: t(LANGUAGE_MESSAGES[scriptLocale]) })}</h3>
          {inbound ? (
            <p>{script("inbound-greeting", { pharmacy: pharmacyName, coordinator: coordinatorName })}</p>
          ) : (
            <>
              <p>{script("script-greeting", { name: patient.name.given, pharmacy: pharmacyName })}</p>
              <p>{script("script-verify")}</p>
            </>
          )}
          {verified && status !== null ? (
            <>
              <p>{script("script-medications", { count: status.dueMedications.length })}</p>
              <ul data-testid="script-medications">
                {status.dueMedications.map((med) => (
                  <li key={med.prescriptionId}>
                    {script("script-medication", {
                      drug: med.drug,
                      strength: med.strength,
                      date: formatDate(scriptLocale, med.dueOn),
                    })}
                  </li>
                ))}
              </ul>
              <p>{script("script-ask", { count: status.dueMedications.length })}</p>
              <p>{script("script-closing", { pharmacy: pharmacyName, phone: pharmacyPhone })}</p>
            </>
          ) : verified ? null : (
            <p className="muted" data-testid="verify-first">
              {t("verify-first")}
            </p>
          )}
        </div>
        {!inbound && (
          <div className="script voicemail" lang={scriptLocale} data-testid="voicemail-script">
            <h3>{t("voicemail-title")}</h3>
            <p>
              {script("voicemail-script", { name: patient.name.given, pharmacy: pharmacyName, phone: pharmacyPhone })}
            </p>
          </div>
        )}
      </div>

      {saved === null ? (
        <form
          className="outcome"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <fieldset className="dispositions" data-testid="dispositions">
            <legend>{t("outcome-title")}</legend>
            {inbound && (
              <label className={disposition === null ? "is-picked" : undefined}>
                <input
                  type="radio"
                  name="disposition"
                  value=""
                  data-testid="disposition-none"
                  checked={disposition === null}
                  onChange={() => {
                    setDisposition(null);
                  }}
                />
                {t("inbound-no-outcome")}
              </label>
            )}
            {DISPOSITIONS.map((value, index) =>
              !outcomes.includes(value) ? null : (
              <label key={value} className={value === disposition ? "is-picked" : undefined}>
                <input
                  type="radio"
                  name="disposition"
                  value={value}
                  data-testid={`disposition-${value}`}
                  checked={value === disposition}
                  onChange={() => {
                    setDisposition(value);
                  }}
                />
                <kbd>{index + 1}</kbd> {t(DISPOSITION_MESSAGES[value])}
              </label>
              ),
            )}
          </fieldset>

          {disposition === "refill-confirmed" && (
            <div className="field-row">
              <label>
                {t("outcome-fulfillment")}
                <select
                  value={fulfillment}
                  onChange={(event) => {
                    setFulfillment(event.target.value as Fulfillment);
                  }}
                >
                  {FULFILLMENTS.map((value) => (
                    <option key={value} value={value}>
                      {t(`fulfillment-${value}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("outcome-refill-date")}
                <input
                  type="date"
                  data-testid="refill-date"
                  value={refillOn}
                  onChange={(event) => {
                    setRefillOn(event.target.value);
                  }}
                />
              </label>
            </div>
          )}
          {disposition === "declined" && (
            <div className="field-row">
              <label>
                {t("outcome-decline-reason")}
                <select
                  value={declineReason}
                  onChange={(event) => {
                    setDeclineReason(event.target.value as DeclineReason | "");
                  }}
                >
                  <option value="">{t("choose")}</option>
                  {DECLINE_REASONS.map((value) => (
                    <option key={value} value={value}>
                      {t(`decline-${value}`)}
                    </option>
                  ))}
                </select>
              </label>
              {(declineReason === "cost" || declineReason === "side-effects") && (
                <p className="hint">{t("outcome-suggest-consult")}</p>
              )}
            </div>
          )}
          {disposition === "call-back" && (
            <div className="field-row">
              <label>
                {t("outcome-callback-at", { zone: detail.timeZone })}
                <input
                  type="datetime-local"
                  value={callbackLocal}
                  onChange={(event) => {
                    setCallbackLocal(event.target.value);
                  }}
                />
              </label>
            </div>
          )}

          <div className="field-row">
            <label>
              {t("outcome-language")}
              <select
                value={language}
                onChange={(event) => {
                  setLanguage(event.target.value as Language);
                }}
              >
                {(["en-US", "es-US"] as const).map((value) => (
                  <option key={value} value={value}>
                    {t(LANGUAGE_MESSAGES[value])}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={interpreter}
                onChange={(event) => {
                  setInterpreter(event.target.checked);
                }}
              />
              {t("outcome-interpreter")}
            </label>
          </div>
          <label className="notes-field">
            {t("outcome-notes")}
            <textarea
              data-testid="call-notes"
              rows={3}
              value={notes}
              onChange={(event) => {
                setNotes(event.target.value);
              }}
            />
          </label>
          {problems.length > 0 && (
            <ul className="field-errors" role="alert" data-testid="call-problems">
              {problems.map((id) => (
                <li key={id}>{t(id)}</li>
              ))}
            </ul>
          )}
          <button type="submit" className="button button-primary" data-testid="save-call" disabled={saving}>
            {t("outcome-save")} <kbd>{t("key-ctrl-enter")}</kbd>
          </button>
        </form>
      ) : (
        <div className="call-saved" data-testid="call-saved" role="status">
          <p>
            {disposition === null
              ? t("contact-saved")
              : t("call-saved", { outcome: t(DISPOSITION_MESSAGES[disposition]) })}
          </p>
          <p data-testid="next-attempt">{nextAttemptText(saved.status, detail.timeZone, locale, t)}</p>
          {onAddTask !== null && (
            <button
              type="button"
              className="button"
              data-testid="call-add-task"
              onClick={() => {
                onAddTask(saved.interactionId);
              }}
            >
              {t("contact-add-task")}
            </button>
          )}
          {disposition === "wants-pharmacist" && onRequestConsult !== null && (
            <button type="button" className="button" data-testid="call-request-consult" onClick={onRequestConsult}>
              {t("call-request-consult")}
            </button>
          )}
          <FlagForSupervisor patientId={detail.patient.id} interactionId={saved.interactionId} />
          {onNext !== null && (
            <button type="button" className="button button-primary" data-testid="next-patient" ref={nextRef} onClick={onNext}>
              {t("call-next-patient")} <kbd>{t("key-enter")}</kbd>
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** The drafts of a call with `patientId` (drafts.ts): the key prefix of each field. */
function callDraft(patientId: string, direction: CallDirection): string {
  return direction === "inbound" ? `inbound:${patientId}:` : `call:${patientId}:`;
}

function secondsSince(start: Date): number {
  return Math.floor((Date.now() - start.getTime()) / 1000);
}

function nextAttemptText(
  status: PatientCallStatus | null,
  timeZone: string,
  locale: string,
  t: (id: string, args?: Record<string, string | number>) => string,
): string {
  if (status === null) return t("call-next-none");
  switch (status.state.kind) {
    case "resolved":
      return t("call-next-resolved");
    case "exception":
      return t(`call-next-exception-${status.state.reason}`);
    case "open":
      if (status.state.callableNow) return t("call-next-now");
      if (status.state.nextCallAt === null) return t("call-next-none");
      return t("call-next-at", {
        mine: formatInstant(locale, status.state.nextCallAt),
        theirs: formatInstant(locale, status.state.nextCallAt, timeZone),
      });
  }
}

/** The localized problems of a refused save. */
function problemIds(error: AppError): string[] {
  if (error.code === "invalid-outcome") {
    if (error.problems.length > 0) return error.problems.map((code) => `outcome-error-${code}`);
  }
  return [`error-${error.code}`];
}
