// "Flag for supervisor": a problem (hospital, death, wrong or disconnected number, a complaint)
// or good news (a compliment, a save) about a call, with a note, sent to the exception queue.
import { useState } from "react";
import { run } from "../api";
import { commands, type AppError, type ExceptionKind } from "../bindings";
import { discardDrafts, useDraft } from "../drafts";
import { useL10n } from "../l10n/context";
import { EXCEPTION_KIND_MESSAGES, EXCEPTION_PROBLEM_MESSAGES, FLAG_KINDS, POSITIVE_KINDS } from "../l10n/messageIds";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { ErrorLine } from "./ErrorLine";

interface Props {
  patientId: string;
  /** The call the flag is about, if any. */
  interactionId: string | null;
}

export function FlagForSupervisor({ patientId, interactionId }: Props) {
  const { t } = useL10n();
  const draft = flagDraft(patientId, interactionId);
  const [open, setOpen] = useDraft(`${draft}open`, false);
  const [sent, setSent] = useState(false);

  if (sent) {
    return (
      <p className="notice" role="status" data-testid="flag-sent">
        {t("flag-sent")}
      </p>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        data-testid="flag-open"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t("flag-open")}
      </button>
    );
  }
  return (
    <FlagForm
      patientId={patientId}
      interactionId={interactionId}
      onSent={() => {
        discardDrafts(draft);
        setSent(true);
      }}
      onCancel={() => {
        setOpen(false);
        discardDrafts(draft);
      }}
    />
  );
}

/** The drafts of a flag about a call (or, with none, the patient): the key prefix (drafts.ts). */
function flagDraft(patientId: string, interactionId: string | null): string {
  return `flag:${interactionId ?? patientId}:`;
}

function FlagForm({ patientId, interactionId, onSent, onCancel }: Props & { onSent: () => void; onCancel: () => void }) {
  const { t } = useL10n();
  // The form opens on request: typing starts at its first field.
  const kindRef = useFocusOnMount<HTMLSelectElement>();
  const draft = flagDraft(patientId, interactionId);
  const [kind, setKind] = useDraft<ExceptionKind>(`${draft}kind`, FLAG_KINDS[0] ?? "complaint");
  const [note, setNote] = useDraft(`${draft}note`, "");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `flag-${interactionId ?? patientId}`;
  return (
    <form
      className="flag-form"
      data-testid="flag-form"
      aria-label={t("flag-title")}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void run(() => commands.flagForSupervisor({ patientId, interactionId, kind, note })).then((result) => {
          setBusy(false);
          if (result.status === "ok") onSent();
          else setError(result.error);
        });
      }}
    >
      <label htmlFor={`${base}-kind`}>{t("flag-kind")}</label>
      <select
        id={`${base}-kind`}
        data-testid="flag-kind"
        value={kind}
        ref={kindRef}
        onChange={(event) => {
          setKind(event.target.value as ExceptionKind);
        }}
      >
        {FLAG_KINDS.map((option) => (
          <option key={option} value={option}>
            {t(EXCEPTION_KIND_MESSAGES[option])}
          </option>
        ))}
      </select>
      <label htmlFor={`${base}-note`}>
        {t(POSITIVE_KINDS.includes(kind) ? "flag-note-optional" : "flag-note")}
      </label>
      <textarea
        id={`${base}-note`}
        data-testid="flag-note"
        value={note}
        rows={2}
        maxLength={2000}
        onChange={(event) => {
          setNote(event.target.value);
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" data-testid="flag-send" disabled={busy}>
          {t("flag-send")}
        </button>
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={onCancel}
        >
          {t("flag-cancel")}
        </button>
      </div>
      <ErrorLine error={error} problemMessages={EXCEPTION_PROBLEM_MESSAGES} />
    </form>
  );
}
