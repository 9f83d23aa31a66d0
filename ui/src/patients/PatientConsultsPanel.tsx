import { useCallback, useEffect, useRef, useState } from "react";
import { run } from "../api";
import {
  commands,
  type AppError,
  type ConsultReason,
  type Language,
  type PatientDetail,
  type PreferredTime,
  type Urgency,
} from "../bindings";
import { ConsultTime } from "../components/ConsultTime";
import { discardDrafts, useDraft, writeDraft } from "../drafts";
import { ErrorLine } from "../components/ErrorLine";
import { LanguageBadge } from "../components/LanguageBadge";
import { useCommand } from "../hooks/useCommand";
import { LANGUAGES } from "../l10n/bundles";
import { useL10n } from "../l10n/context";
import {
  CONSULT_REASON_MESSAGES,
  CONSULT_REASONS,
  CONSULT_STATUS_MESSAGES,
  LANGUAGE_MESSAGES,
  URGENCIES,
  URGENCY_MESSAGES,
} from "../l10n/messageIds";

interface Props {
  detail: PatientDetail;
  pharmacyZone: string;
  /** Coordinators and supervisors may ask for a consult from here. */
  canRequest: boolean;
  /** Open with the form showing and in view (after a "wants a pharmacist" call). */
  formInitiallyOpen: boolean;
}

/** The drafts of a consult request for `patientId` (drafts.ts): the key prefix of each field. */
function requestDraft(patientId: string): string {
  return `consult-request:${patientId}:`;
}

/** Opens the request form of `patientId` when the panel mounts next, whatever it showed before. */
export function openConsultRequest(patientId: string): void {
  writeDraft(`${requestDraft(patientId)}open`, true);
}

/** The patient's open consults, and the form a coordinator uses to ask a pharmacist to call them. */
export function PatientConsultsPanel({ detail, pharmacyZone, canRequest, formInitiallyOpen }: Props) {
  const { t } = useL10n();
  const { patient } = detail;
  const consults = useCommand(useCallback(() => commands.patientConsults(patient.id), [patient.id]));
  const open = consults.state.status === "ok"
    ? consults.state.data.filter((row) => row.consult.status === "requested" || row.consult.status === "scheduled")
    : [];
  // The request being written is a draft: locking and unlocking the window keeps it.
  const draft = requestDraft(patient.id);
  const [formOpen, setFormOpen] = useDraft(`${draft}open`, formInitiallyOpen);
  const reasonRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (formInitiallyOpen) {
      reasonRef.current?.scrollIntoView({ block: "center" });
      reasonRef.current?.focus({ preventScroll: true });
    }
  }, [formInitiallyOpen]);
  const [reason, setReason] = useDraft<ConsultReason>(`${draft}reason`, "side-effects");
  const [reasonText, setReasonText] = useDraft(`${draft}reason-text`, "");
  const [urgency, setUrgency] = useDraft<Urgency>(`${draft}urgency`, "this-week");
  const [language, setLanguage] = useDraft<Language>(`${draft}language`, patient.preferredLanguage);
  const [from, setFrom] = useDraft(`${draft}from`, "");
  const [until, setUntil] = useDraft(`${draft}until`, "");
  const [phone, setPhone] = useDraft(`${draft}phone`, "");
  const [notes, setNotes] = useDraft(`${draft}notes`, "");
  const [error, setError] = useState<AppError | null>(null);
  const [sent, setSent] = useState(false);

  async function submit() {
    const preferredTimes: PreferredTime[] =
      from !== "" && until !== "" ? [{ weekday: null, start: `${from}:00`, end: `${until}:00` }] : [];
    const result = await run(() =>
      commands.requestConsult({
        patientId: patient.id,
        reason,
        reasonText,
        urgency,
        language,
        preferredTimes,
        callbackPhone: phone.trim() === "" ? null : phone,
        notes,
      }),
    );
    if (result.status === "ok") {
      setSent(true);
      setFormOpen(false);
      discardDrafts(draft);
      consults.reload();
      setError(null);
    } else {
      setError(result.error);
    }
  }

  return (
    <section className="panel" aria-labelledby="consult-request-title" data-testid="consult-request-panel">
      <h2 id="consult-request-title">{t("consult-request-title")}</h2>
      {open.length === 0 && !canRequest && <p className="muted">{t("consult-none-open")}</p>}
      {open.length > 0 && (
        <ul className="consult-list" data-testid="patient-open-consults">
          {open.map((row) => (
            <li key={row.consult.id} className="consult-item">
              <div className="consult-head">
                <span className="consult-status">{t(CONSULT_STATUS_MESSAGES[row.consult.status])}</span>
                <span>{t(CONSULT_REASON_MESSAGES[row.consult.reason])}</span>
                <LanguageBadge language={row.consult.language} />
                {row.consult.interpreterNeeded && <span className="warning-text">{t("consult-interpreter-needed")}</span>}
              </div>
              {row.consult.slot !== null && (
                <ConsultTime slot={row.consult.slot} pharmacyZone={pharmacyZone} patientZone={row.patientTimeZone} />
              )}
            </li>
          ))}
        </ul>
      )}
      {sent && (
        <p role="status" data-testid="consult-requested">
          {t("consult-request-sent")}
        </p>
      )}
      {!canRequest ? null : !formOpen ? (
        <button
          type="button"
          className="button"
          data-testid="consult-request-open"
          onClick={() => {
            setFormOpen(true);
            setSent(false);
          }}
        >
          {t("consult-request-open")}
        </button>
      ) : (
        <form
          className="add-user"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <div className="field-row">
            <label>
              {t("consult-reason")}
              <select
                ref={reasonRef}
                data-testid="consult-reason"
                value={reason}
                onChange={(event) => {
                  setReason(event.target.value as ConsultReason);
                }}
              >
                {CONSULT_REASONS.map((value) => (
                  <option key={value} value={value}>
                    {t(CONSULT_REASON_MESSAGES[value])}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("consult-reason-text")}
              <input
                value={reasonText}
                required={reason === "other"}
                onChange={(event) => {
                  setReasonText(event.target.value);
                }}
              />
            </label>
            <label>
              {t("consult-urgency")}
              <select
                value={urgency}
                onChange={(event) => {
                  setUrgency(event.target.value as Urgency);
                }}
              >
                {URGENCIES.map((value) => (
                  <option key={value} value={value}>
                    {t(URGENCY_MESSAGES[value])}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("consult-language")}
              <select
                value={language}
                onChange={(event) => {
                  setLanguage(event.target.value as Language);
                }}
              >
                {LANGUAGES.map((value) => (
                  <option key={value} value={value} lang={value}>
                    {t(LANGUAGE_MESSAGES[value])}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="field-row">
            <label>
              {t("consult-preferred-from")}
              <input
                type="time"
                value={from}
                onChange={(event) => {
                  setFrom(event.target.value);
                }}
              />
            </label>
            <label>
              {t("consult-preferred-until")}
              <input
                type="time"
                value={until}
                onChange={(event) => {
                  setUntil(event.target.value);
                }}
              />
            </label>
            <label>
              {t("consult-callback")}
              <input
                type="tel"
                placeholder={patient.phones[0]?.e164 ?? ""}
                value={phone}
                onChange={(event) => {
                  setPhone(event.target.value);
                }}
              />
            </label>
          </div>
          <p className="hint">{t("consult-preferred-help", { zone: detail.timeZone })}</p>
          <label className="notes-field">
            {t("consult-notes")}
            <textarea
              rows={2}
              value={notes}
              onChange={(event) => {
                setNotes(event.target.value);
              }}
            />
          </label>
          <ErrorLine error={error} />
          <button type="submit" className="button button-primary" data-testid="consult-request-send">
            {t("consult-request-send")}
          </button>
        </form>
      )}
    </section>
  );
}
