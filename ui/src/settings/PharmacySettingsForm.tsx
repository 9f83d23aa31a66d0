import { useState, type SyntheticEvent } from "react";
import { run } from "../api";
import { commands, type AppError, type PharmacySettings } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";
import { timeZoneName } from "../l10n/format";
import { SETTINGS_PROBLEM_MESSAGES } from "../l10n/messageIds";
import { US_ZONES } from "../l10n/zones";

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

/**
 * Supervisors describe the pharmacy: once when it is set up ("setup": the defaults shown, nothing
 * saved until they press the button) and whenever it changes ("edit").
 */
export function PharmacySettingsForm({
  pharmacy,
  mode,
  onSaved,
}: {
  pharmacy: PharmacySettings;
  mode: "setup" | "edit";
  onSaved: (next: PharmacySettings) => void;
}) {
  const { t, locale } = useL10n();
  const [draft, setDraft] = useState(pharmacy);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await run(() =>
      mode === "setup" ? commands.setUpPharmacy(draft) : commands.updatePharmacy(draft),
    );
    setSaving(false);
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
  // The zone on file stays choosable even when it is not one of the usual US zones.
  const zones: readonly string[] =
    draft.timeZone === "" || (US_ZONES as readonly string[]).includes(draft.timeZone)
      ? US_ZONES
      : [draft.timeZone, ...US_ZONES];
  return (
    <form
      className="add-user"
      data-testid={mode === "setup" ? "pharmacy-setup-form" : "pharmacy-settings-form"}
      onSubmit={(event) => void submit(event)}
    >
      <h3>{mode === "setup" ? t("setup-pharmacy-form-title") : t("settings-edit-title")}</h3>
      <div className="field-row identity-row">
        <label className="identity-name">
          {t("settings-pharmacy-name")}
          <input
            type="text"
            required
            autoComplete="organization"
            data-testid="pharmacy-name"
            value={draft.name}
            onChange={(event) => {
              setDraft({ ...draft, name: event.target.value });
            }}
          />
        </label>
        <label>
          {t("settings-pharmacy-phone")}
          <input
            type="tel"
            required
            data-testid="pharmacy-phone"
            aria-describedby="pharmacy-phone-help"
            value={draft.phone}
            onChange={(event) => {
              setDraft({ ...draft, phone: event.target.value });
            }}
          />
          <span className="hint" id="pharmacy-phone-help">
            {t("setup-pharmacy-phone-help")}
          </span>
        </label>
        <label className="identity-zone">
          {t("settings-pharmacy-time-zone")}
          <select
            required
            data-testid="pharmacy-time-zone"
            value={draft.timeZone}
            onChange={(event) => {
              setDraft({ ...draft, timeZone: event.target.value });
            }}
          >
            <option value="" disabled>
              {t("setup-pharmacy-zone-choose")}
            </option>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {t("zone-with-id", { name: timeZoneName(locale, zone), id: zone })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field-row" data-testid="pharmacy-address">
        {(
          [
            ["line1", "enroll-address-line1", "address-line1"],
            ["line2", "enroll-address-line2", "address-line2"],
            ["city", "enroll-city", "address-level2"],
            ["state", "enroll-state", "address-level1"],
            ["zip", "enroll-zip", "postal-code"],
          ] as const
        ).map(([part, labelId, autoComplete]) => (
          <label key={part}>
            {t(labelId)}
            <input
              type="text"
              data-testid={`pharmacy-address-${part}`}
              autoComplete={autoComplete}
              value={draft.address[part]}
              onChange={(event) => {
                setDraft({ ...draft, address: { ...draft.address, [part]: event.target.value } });
              }}
            />
          </label>
        ))}
      </div>
      <label className="programs-field">
        {t("settings-programs")}
        <textarea
          data-testid="pharmacy-programs"
          rows={3}
          value={draft.programs.join("\n")}
          onChange={(event) => {
            setDraft({ ...draft, programs: event.target.value.split("\n") });
          }}
        />
        <span className="hint">{t("settings-programs-help")}</span>
      </label>
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
        <NumberField
          label={t("settings-task-escalation")}
          value={draft.taskEscalationHours}
          min={1}
          max={168}
          onChange={(value) => {
            setDraft({ ...draft, taskEscalationHours: value });
          }}
        />
      </div>
      <ErrorLine error={error} problemMessages={SETTINGS_PROBLEM_MESSAGES} />
      {saved && mode === "edit" && (
        <p role="status" className="hint">
          {t("settings-saved")}
        </p>
      )}
      <button type="submit" className="button button-primary" data-testid="pharmacy-save" disabled={saving}>
        {mode === "setup" ? t("setup-pharmacy-save") : t("settings-save")}
      </button>
    </form>
  );
}
