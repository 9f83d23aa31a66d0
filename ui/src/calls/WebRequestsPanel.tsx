// Requests the pharmacy's website sent (refills, callbacks, questions), oldest first with the
// time since they arrived. Each shows the patient its details match, or "unmatched" for the
// coordinator to find the patient; working one records the contact on the patient's history.
import { useCallback, useEffect, useState } from "react";
import { run } from "../api";
import { commands, type AppError, type Disposition, type PatientSummary, type WebRequestRow } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { discardDrafts, useDraft } from "../drafts";
import { PhoneLink } from "../components/PhoneLink";
import { useCommand } from "../hooks/useCommand";
import { useNow } from "../hooks/timing";
import { useL10n } from "../l10n/context";
import { formatDate, formatElapsed } from "../l10n/format";
import { DISPOSITION_MESSAGES, WEB_REQUEST_KIND_MESSAGES } from "../l10n/messageIds";

const REFRESH_MS = 30_000;

/** What working a request can end in (the Rust side accepts these only). */
const OUTCOMES: readonly Disposition[] = ["refill-confirmed", "wants-pharmacist", "voicemail-left", "no-answer"];

export function WebRequestsPanel({ onOpenPatient }: { onOpenPatient: (id: string) => void }) {
  const { t } = useL10n();
  const requests = useCommand(useCallback(() => commands.webRequests(), []));
  const { reload } = requests;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [reload]);
  if (requests.state.status !== "ok" || requests.state.data.length === 0) return null;
  return (
    <section className="panel web-requests" aria-labelledby="web-requests-title" data-testid="web-requests">
      <h2 id="web-requests-title">{t("web-requests-title", { count: requests.state.data.length })}</h2>
      <ul className="plain-list">
        {requests.state.data.map((request) => (
          <WebRequest key={request.id} request={request} onChanged={reload} onOpenPatient={onOpenPatient} />
        ))}
      </ul>
    </section>
  );
}

function WebRequest({
  request,
  onChanged,
  onOpenPatient,
}: {
  request: WebRequestRow;
  onChanged: () => void;
  onOpenPatient: (id: string) => void;
}) {
  const { t, locale } = useL10n();
  const now = useNow();
  const [working, setWorking] = useDraft(`${requestDraft(request)}working`, false);
  const matched = request.patient.kind === "matched" ? request.patient.patientId : null;
  return (
    <li className="web-request" data-testid="web-request">
      <div className="web-request-head">
        <span className="tag tag-consult-requested">{t(WEB_REQUEST_KIND_MESSAGES[request.kind])}</span>
        <span className="patient-name">{request.name}</span>
        {request.dateOfBirth !== null && <span className="muted small">{formatDate(locale, request.dateOfBirth, "medium")}</span>}
        <PhoneLink e164={request.phone} name={request.name} />
        <span className="muted small" data-testid="web-request-age">
          {t("web-request-received", { when: formatElapsed(locale, request.receivedAt, now) })}
        </span>
      </div>
      {request.message !== "" && <p className="web-request-message">{request.message}</p>}
      <p className="web-request-match" data-testid="web-request-match">
        {matched !== null ? (
          <>
            {t("web-request-matched")}{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                onOpenPatient(matched);
              }}
            >
              {request.patientName}
            </button>
          </>
        ) : (
          <span className="warning-text">
            {request.patient.kind === "ambiguous" ? t("web-request-ambiguous") : t("web-request-unmatched")}
          </span>
        )}
      </p>
      {matched === null ? (
        <MatchPatient request={request} onChanged={onChanged} />
      ) : working ? (
        <WorkRequest
          request={request}
          patientId={matched}
          onDone={() => {
            setWorking(false);
            discardDrafts(requestDraft(request));
            onChanged();
          }}
        />
      ) : (
        <div className="form-actions">
          <button
            type="button"
            className="button button-small button-primary"
            data-testid="web-request-work"
            onClick={() => {
              setWorking(true);
            }}
          >
            {t("web-request-work")}
          </button>
          <CloseRequest request={request} onChanged={onChanged} />
        </div>
      )}
    </li>
  );
}

function CloseRequest({ request, onChanged }: { request: WebRequestRow; onChanged: () => void }) {
  const { t } = useL10n();
  return (
    <button
      type="button"
      className="button button-small button-secondary"
      onClick={() => {
        void run(() => commands.closeWebRequest(request.id)).then(onChanged);
      }}
    >
      {t("web-request-close")}
    </button>
  );
}

/** Search by name, date of birth, phone or pharmacy number, and pick the patient. */
function MatchPatient({ request, onChanged }: { request: WebRequestRow; onChanged: () => void }) {
  const { t, locale } = useL10n();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<PatientSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const id = `match-${request.id}`;
  return (
    <form
      className="web-request-find"
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => commands.searchPatients(query)).then((result) => {
          if (result.status === "ok") setFound(result.data.patients);
          else setError(result.error);
        });
      }}
    >
      <label htmlFor={id}>{t("web-request-find")}</label>
      <input
        id={id}
        type="search"
        data-testid="web-request-find"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
        }}
      />
      <button type="submit" className="button button-small">
        {t("web-request-search")}
      </button>
      <CloseRequest request={request} onChanged={onChanged} />
      {found !== null && found.length === 0 && <p className="muted small">{t("web-request-no-patient")}</p>}
      {found !== null && found.length > 0 && (
        <ul className="plain-list">
          {found.slice(0, 8).map((patient) => (
            <li key={patient.id}>
              <button
                type="button"
                className="button button-small button-secondary"
                data-testid="web-request-choose"
                onClick={() => {
                  void run(() => commands.matchWebRequest(request.id, patient.id)).then((result) => {
                    if (result.status === "ok") onChanged();
                    else setError(result.error);
                  });
                }}
              >
                {t("web-request-choose", { name: patient.fullName, born: formatDate(locale, patient.dateOfBirth, "medium") })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorLine error={error} />
    </form>
  );
}

function WorkRequest({ request, patientId, onDone }: { request: WebRequestRow; patientId: string; onDone: () => void }) {
  const { t } = useL10n();
  // The contact being recorded is a draft: locking and unlocking the window keeps it.
  const draft = requestDraft(request);
  const [disposition, setDisposition] = useDraft<Disposition>(
    `${draft}disposition`,
    request.kind === "question" ? "wants-pharmacist" : "refill-confirmed",
  );
  const [notes, setNotes] = useDraft(`${draft}notes`, "");
  const [error, setError] = useState<AppError | null>(null);
  const base = `work-${request.id}`;
  return (
    <form
      className="web-request-work"
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => commands.workWebRequest({ requestId: request.id, patientId, disposition, notes })).then((result) => {
          if (result.status === "ok") onDone();
          else setError(result.error);
        });
      }}
    >
      <label htmlFor={`${base}-outcome`}>{t("web-request-outcome")}</label>
      <select
        id={`${base}-outcome`}
        data-testid="web-request-outcome"
        value={disposition}
        onChange={(event) => {
          setDisposition(event.target.value as Disposition);
        }}
      >
        {OUTCOMES.map((option) => (
          <option key={option} value={option}>
            {t(DISPOSITION_MESSAGES[option])}
          </option>
        ))}
      </select>
      <label htmlFor={`${base}-notes`}>{t("web-request-notes")}</label>
      <input
        id={`${base}-notes`}
        value={notes}
        onChange={(event) => {
          setNotes(event.target.value);
        }}
      />
      <button type="submit" className="button button-small button-primary" data-testid="web-request-save">
        {t("web-request-save")}
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

/** The drafts of working `request` (drafts.ts): the key prefix of each field. */
function requestDraft(request: WebRequestRow): string {
  return `web-request:${request.id}:`;
}
