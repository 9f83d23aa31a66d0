import { useState, type SyntheticEvent } from "react";
import { run } from "../api";
import { commands, type AppError, type PharmacySettings } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";
import { SETTINGS_PROBLEM_MESSAGES } from "../l10n/messageIds";

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}

function NumberField({ label, value, min, max, onChange }: NumberFieldProps) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        required
        value={Number.isFinite(value) ? value : ""}
        onChange={(event) => {
          onChange(event.target.valueAsNumber);
        }}
      />
    </label>
  );
}

/** "HH:MM" from the time input (which may add seconds) back to the wire's "HH:MM:SS". */
function wireTime(value: string): string {
  return value.length === 5 ? `${value}:00` : value;
}

/** Supervisors change when the pharmacy calls, how reminders run and when the window locks. */
export function PharmacySettingsForm({
  pharmacy,
  onSaved,
}: {
  pharmacy: PharmacySettings;
  onSaved: (next: PharmacySettings) => void;
}) {
  const { t } = useL10n();
  const [draft, setDraft] = useState(pharmacy);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const result = await run(() => commands.updatePharmacy(draft));
    if (result.status === "ok") {
      setError(null);
      setSaved(true);
      setDraft(result.data);
      onSaved(result.data);
    } else {
      setSaved(false);
      setError(result.error);
    }
  }

  const rules = draft.callRules;
  const program = draft.refillProgram;
  return (
    <form className="add-user" data-testid="pharmacy-settings-form" onSubmit={(event) => void submit(event)}>
      <h3>{t("settings-edit-title")}</h3>
      <div className="field-row">
        <label>
          {t("settings-window-start")}
          <input
            type="time"
            required
            value={draft.callingWindow.start.slice(0, 5)}
            onChange={(event) => {
              setDraft({ ...draft, callingWindow: { ...draft.callingWindow, start: wireTime(event.target.value) } });
            }}
          />
        </label>
        <label>
          {t("settings-window-end")}
          <input
            type="time"
            required
            value={draft.callingWindow.end.slice(0, 5)}
            onChange={(event) => {
              setDraft({ ...draft, callingWindow: { ...draft.callingWindow, end: wireTime(event.target.value) } });
            }}
          />
        </label>
        <NumberField
          label={t("settings-lead-days")}
          value={program.reminderLeadDays}
          min={0}
          max={30}
          onChange={(value) => {
            setDraft({ ...draft, refillProgram: { ...program, reminderLeadDays: value } });
          }}
        />
        <NumberField
          label={t("settings-too-soon-percent")}
          value={program.tooSoonPercent}
          min={50}
          max={100}
          onChange={(value) => {
            setDraft({ ...draft, refillProgram: { ...program, tooSoonPercent: value } });
          }}
        />
      </div>
      <div className="field-row">
        <NumberField
          label={t("settings-retry-hours")}
          value={rules.retryAfterHours}
          min={1}
          max={72}
          onChange={(value) => {
            setDraft({ ...draft, callRules: { ...rules, retryAfterHours: value } });
          }}
        />
        <NumberField
          label={t("settings-max-attempts")}
          value={rules.maxAttempts}
          min={1}
          max={10}
          onChange={(value) => {
            setDraft({ ...draft, callRules: { ...rules, maxAttempts: value } });
          }}
        />
        <NumberField
          label={t("settings-daily-limit")}
          value={rules.dailyCallLimit}
          min={1}
          max={3}
          onChange={(value) => {
            setDraft({ ...draft, callRules: { ...rules, dailyCallLimit: value } });
          }}
        />
        <NumberField
          label={t("settings-weekly-limit")}
          value={rules.weeklyCallLimit}
          min={1}
          max={14}
          onChange={(value) => {
            setDraft({ ...draft, callRules: { ...rules, weeklyCallLimit: value } });
          }}
        />
        <NumberField
          label={t("settings-idle-minutes")}
          value={draft.idleLockMinutes}
          min={1}
          max={60}
          onChange={(value) => {
            setDraft({ ...draft, idleLockMinutes: value });
          }}
        />
      </div>
      <ErrorLine error={error} problemMessages={SETTINGS_PROBLEM_MESSAGES} />
      {saved && (
        <p role="status" className="hint">
          {t("settings-saved")}
        </p>
      )}
      <button type="submit" className="button button-primary">
        {t("settings-save")}
      </button>
    </form>
  );
}
