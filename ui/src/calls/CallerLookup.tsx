// The caller on the line: answering the phone, the coordinator presses Alt+C, types or pastes the
// number the phone shows (any format), and sees every record it is on — the patient's own line, a
// caregiver's, a prescriber's office — to verify the caller against and open. Rust reads the number
// and finds the records; this only shows them.
import { useCallback, useEffect, useId, useRef, useState, type SyntheticEvent } from "react";
import { run, type Result } from "../api";
import { commands, type AppError, type CallerLookup as Lookup, type CallerMatch } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LanguageBadge } from "../components/LanguageBadge";
import { useReportError } from "../hooks/useReportError";
import { useL10n } from "../l10n/context";
import { formatDate, formatPhone } from "../l10n/format";

interface CallerLookupProps {
  /** A number a phone system's link brought (`enlace://call?from=…`): looked up at once. */
  initialNumber: string | null;
  onOpenPatient: (patientId: string) => void;
  onSearchByName: () => void;
  /** Starts an enrollment with the number (E.164) filled in; `null` for whom enrolling is not permitted. */
  onEnroll: ((number: string) => void) | null;
  onClose: () => void;
}

export function CallerLookup({ initialNumber, onOpenPatient, onSearchByName, onEnroll, onClose }: CallerLookupProps) {
  const { t, locale } = useL10n();
  const reportError = useReportError();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [number, setNumber] = useState(initialNumber ?? "");
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  // A modal dialog: the rest of the window is inert until it closes, and focus comes back to
  // where it was (the browser's own <dialog> does both).
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    dialog.showModal();
    return () => {
      dialog.close();
    };
  }, []);

  const show = useCallback(
    (result: Result<Lookup>) => {
      if (result.status === "ok") {
        setError(null);
        setLookup(result.data);
      } else {
        setLookup(null);
        setError(result.error);
        reportError(result.error);
      }
    },
    [reportError],
  );

  useEffect(() => {
    if (initialNumber === null) return;
    let active = true;
    void run(() => commands.findCaller(initialNumber)).then((result) => {
      if (active) show(result);
    });
    return () => {
      active = false;
    };
  }, [initialNumber, show]);

  const find = (event: SyntheticEvent) => {
    event.preventDefault();
    if (number.trim() === "" || busy) return;
    setBusy(true);
    void run(() => commands.findCaller(number)).then((result) => {
      setBusy(false);
      show(result);
    });
  };

  return (
    <dialog
      ref={dialogRef}
      className="caller-lookup"
      aria-labelledby={titleId}
      data-testid="caller-lookup"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="caller-lookup-form" onSubmit={find}>
        <h2 id={titleId}>{t("caller-title")}</h2>
        <label htmlFor="caller-number">{t("caller-number")}</label>
        <div className="caller-lookup-row">
          <input
            id="caller-number"
            data-testid="caller-number"
            type="tel"
            autoComplete="off"
            // eslint-disable-next-line jsx-a11y-x/no-autofocus -- the one thing to do here is type the number.
            autoFocus
            value={number}
            aria-describedby="caller-number-hint"
            onChange={(event) => {
              setNumber(event.target.value);
            }}
          />
          <button type="submit" className="button button-primary" data-testid="caller-find" disabled={busy}>
            {t("caller-find")}
          </button>
        </div>
        <p id="caller-number-hint" className="hint">
          {t("caller-number-hint")}
        </p>
      </form>
      {error !== null && <ErrorLine error={error} />}
      {lookup !== null && (
        <div className="caller-results">
          <p className="caller-summary" data-testid="caller-summary" role="status">
            {t("caller-found", { number: formatPhone(lookup.number), count: lookup.totalMatches })}
          </p>
          {lookup.matches.length > 0 ? (
            <ul className="caller-matches" aria-label={t("caller-matches-label")}>
              {lookup.matches.map((match) => (
                <li key={`${match.patient.id}-${match.role}`}>
                  <button
                    type="button"
                    className="caller-match"
                    data-testid="caller-match"
                    onClick={() => {
                      onOpenPatient(match.patient.id);
                    }}
                  >
                    <span className="patient-name">{match.patient.fullName}</span>
                    <span>{formatDate(locale, match.patient.dateOfBirth, "medium")}</span>
                    <LanguageBadge language={match.patient.preferredLanguage} />
                    <span className="caller-role">{roleText(t, match)}</span>
                    {!match.active && <span className="tag tag-inactive">{t("caller-inactive")}</span>}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">{t("caller-nobody-help")}</p>
          )}
          {lookup.totalMatches > lookup.matches.length && (
            <p className="hint">{t("caller-more", { more: lookup.totalMatches - lookup.matches.length })}</p>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button-secondary" data-testid="caller-search-name" onClick={onSearchByName}>
          {t("caller-search-by-name")}
        </button>
        {onEnroll !== null && lookup !== null && lookup.totalMatches === 0 && (
          <button
            type="button"
            className="button button-secondary"
            data-testid="caller-enroll"
            onClick={() => {
              onEnroll(lookup.number);
            }}
          >
            {t("caller-enroll")}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t("caller-close")}
        </button>
      </div>
    </dialog>
  );
}

function roleText(t: ReturnType<typeof useL10n>["t"], match: CallerMatch): string {
  switch (match.role) {
    case "patient":
      return t("caller-role-patient");
    case "caregiver":
      return t("caller-role-caregiver", { name: match.contactName ?? "" });
    case "prescriber-office":
      return t("caller-role-prescriber-office", { name: match.contactName ?? "" });
  }
}
