// "Log a contact": anything but a call worked in the call panel — a text, an e-mail, a letter,
// a fax to the prescriber's office, a walk-in, or a call noted after the fact — with who it was
// with, what it was about, and the language it was held in.
import { useState } from "react";
import {
  commands,
  type AppError,
  type ContactChannel,
  type ContactParty,
  type ContactReason,
  type Direction,
  type Language,
  type PatientDetail,
  type RecordedCall,
} from "../bindings";
import { run } from "../api";
import { EnumSelect } from "../components/EnumSelect";
import { ErrorLine } from "../components/ErrorLine";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { LANGUAGES } from "../l10n/bundles";
import { useL10n } from "../l10n/context";
import {
  CHANNEL_MESSAGES,
  DIRECTIONS,
  DIRECTION_MESSAGES,
  LANGUAGE_MESSAGES,
  PARTIES,
  PARTY_MESSAGES,
  REASONS,
  REASON_MESSAGES,
  impliedDirection,
} from "../l10n/messageIds";

/** The channels logged by hand, in the form's order (a web request's contact is written when it is worked). */
const LOGGED_CHANNELS: readonly ContactChannel[] = [
  "inbound-call",
  "outbound-call",
  "text",
  "email",
  "letter",
  "fax",
  "walk-in",
];

const OUTCOME_PROBLEMS: Partial<Record<string, string>> = {
  "direction-mismatch": "outcome-error-direction-mismatch",
  "reason-missing": "outcome-error-reason-missing",
  "duration-implausible": "outcome-error-duration-implausible",
};

/** "YYYY-MM-DDTHH:MM" of `at` on this computer's clock, for a datetime-local input. */
function localInputValue(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${String(at.getFullYear())}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

interface Props {
  detail: PatientDetail;
  onSaved: (saved: RecordedCall, reason: ContactReason) => void;
  onCancel: () => void;
}

export function LogContactForm({ detail, onSaved, onCancel }: Props) {
  const { t } = useL10n();
  const [channel, setChannel] = useState<ContactChannel>("fax");
  const [direction, setDirection] = useState<Direction>("outbound");
  const [party, setParty] = useState<ContactParty>("prescriber-office");
  const [reason, setReason] = useState<ContactReason>("renewal");
  const [when, setWhen] = useState(() => localInputValue(new Date()));
  const [minutes, setMinutes] = useState("");
  const [notes, setNotes] = useState("");
  const [language, setLanguage] = useState<Language>(detail.patient.preferredLanguage);
  const [interpreter, setInterpreter] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const firstRef = useFocusOnMount<HTMLSelectElement>();
  const implied = impliedDirection(channel);
  const timed = channel === "inbound-call" || channel === "outbound-call" || channel === "walk-in";

  async function save() {
    const startedAt = new Date(when);
    if (Number.isNaN(startedAt.getTime())) {
      setError({ code: "invalid-input", args: { field: "startedAt" }, problems: [] });
      return;
    }
    const typedMinutes = Number.parseFloat(minutes);
    setSaving(true);
    const result = await run(() =>
      commands.recordCall({
        patientId: detail.patient.id,
        startedAt: startedAt.toISOString(),
        durationSeconds: timed && Number.isFinite(typedMinutes) ? Math.round(typedMinutes * 60) : null,
        channel,
        direction: implied ?? direction,
        party,
        reason,
        disposition: null,
        notes,
        language,
        interpreterUsed: interpreter,
        refill: null,
        declineReason: null,
        callbackLocal: null,
      }),
    );
    setSaving(false);
    if (result.status === "ok") onSaved(result.data, reason);
    else setError(result.error);
  }

  return (
    <form
      className="panel contact-log-form"
      data-testid="log-contact-form"
      aria-labelledby="log-contact-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 id="log-contact-title">{t("contact-title")}</h2>
      <div className="field-row">
        <label>
          {t("contact-channel")}
          <select
            ref={firstRef}
            data-testid="contact-channel"
            value={channel}
            onChange={(event) => {
              setChannel(event.target.value as ContactChannel);
            }}
          >
            {LOGGED_CHANNELS.map((value) => (
              <option key={value} value={value}>
                {t(CHANNEL_MESSAGES[value])}
              </option>
            ))}
          </select>
        </label>
        {implied === null && (
          <EnumSelect
            label={t("contact-direction")}
            testId="contact-direction"
            value={direction}
            options={DIRECTIONS}
            messages={DIRECTION_MESSAGES}
            t={t}
            onChange={(value) => {
              if (value !== "") setDirection(value);
            }}
          />
        )}
        <EnumSelect
          label={t("contact-party")}
          testId="contact-party"
          value={party}
          options={PARTIES}
          messages={PARTY_MESSAGES}
          t={t}
          onChange={(value) => {
            if (value !== "") setParty(value);
          }}
        />
        <EnumSelect
          label={t("contact-reason")}
          testId="contact-reason"
          value={reason}
          options={REASONS}
          messages={REASON_MESSAGES}
          t={t}
          onChange={(value) => {
            if (value !== "") setReason(value);
          }}
        />
      </div>
      <div className="field-row">
        <label>
          {t("contact-when")}
          <input
            type="datetime-local"
            data-testid="contact-when"
            value={when}
            onChange={(event) => {
              setWhen(event.target.value);
            }}
          />
        </label>
        {timed && (
          <label>
            {t("contact-minutes")}
            <input
              type="number"
              min={0}
              max={240}
              step={1}
              data-testid="contact-minutes"
              value={minutes}
              onChange={(event) => {
                setMinutes(event.target.value);
              }}
            />
          </label>
        )}
        <EnumSelect
          label={t("contact-language")}
          value={language}
          options={LANGUAGES}
          messages={LANGUAGE_MESSAGES}
          t={t}
          onChange={(value) => {
            if (value !== "") setLanguage(value);
          }}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={interpreter}
            onChange={(event) => {
              setInterpreter(event.target.checked);
            }}
          />
          {t("contact-interpreter")}
        </label>
      </div>
      <label className="notes-field">
        {t("contact-notes")}
        <textarea
          data-testid="contact-notes"
          rows={3}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </label>
      <ErrorLine error={error} testId="contact-error" problemMessages={OUTCOME_PROBLEMS} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="contact-save" disabled={saving}>
          {t("contact-save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("contact-cancel")}
        </button>
      </div>
    </form>
  );
}
