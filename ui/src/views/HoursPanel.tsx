import { useCallback, useState } from "react";
import { run } from "../api";
import { commands, type AppError, type AvailabilityInput, type PharmacySettings } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";

/** chrono's weekday names, Monday first, as the bindings carry them. */
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

interface DayHours {
  on: boolean;
  start: string;
  end: string;
}

function daysFrom(availability: AvailabilityInput | null): DayHours[] {
  return WEEKDAYS.map((weekday) => {
    const hours = availability?.weekly.find((entry) => entry.weekday === weekday);
    return hours === undefined
      ? { on: false, start: "09:00", end: "17:00" }
      : { on: true, start: hours.start.slice(0, 5), end: hours.end.slice(0, 5) };
  });
}

/** A pharmacist's weekly consult hours (in the pharmacy's zone) and slot length. */
export function HoursPanel({ pharmacy }: { pharmacy: PharmacySettings | null }) {
  const current = useCommand(useCallback(() => commands.myAvailability(), []));
  if (current.state.status === "loading") return <Loading />;
  if (current.state.status === "error") return <LoadError error={current.state.error} onRetry={current.reload} />;
  return <HoursForm loaded={current.state.data} pharmacy={pharmacy} />;
}

function HoursForm({ loaded, pharmacy }: { loaded: AvailabilityInput | null; pharmacy: PharmacySettings | null }) {
  const { t, locale } = useL10n();
  const [days, setDays] = useState<DayHours[]>(() => daysFrom(loaded));
  const [slotMinutes, setSlotMinutes] = useState(loaded?.slotMinutes ?? 15);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);

  const weekdayName = (index: number) =>
    new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + index)));

  async function save() {
    const input: AvailabilityInput = {
      timeZone: loaded?.timeZone ?? pharmacy?.timeZone ?? "UTC",
      weekly: WEEKDAYS.flatMap((weekday, index) => {
        const day = days[index];
        return day?.on === true ? [{ weekday, start: `${day.start}:00`, end: `${day.end}:00` }] : [];
      }),
      exceptions: loaded?.exceptions ?? [],
      slotMinutes,
    };
    const result = await run(() => commands.setAvailability(input));
    setSaved(result.status === "ok");
    setError(result.status === "error" ? result.error : null);
  }

  return (
    <section className="panel settings-panel" aria-labelledby="hours-title" data-testid="hours-panel">
      <h2 id="hours-title">{t("hours-title")}</h2>
      <p className="hint">{t("hours-help", { zone: loaded?.timeZone ?? pharmacy?.timeZone ?? "" })}</p>
      <form
        className="hours-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {days.map((day, index) => (
          <div className="field-row" key={WEEKDAYS[index]}>
            <label className="choice">
              <input
                type="checkbox"
                checked={day.on}
                onChange={(event) => {
                  setDays(days.map((other, at) => (at === index ? { ...other, on: event.target.checked } : other)));
                }}
              />
              {weekdayName(index)}
            </label>
            <input
              type="time"
              aria-label={t("hours-start")}
              disabled={!day.on}
              value={day.start}
              onChange={(event) => {
                setDays(days.map((other, at) => (at === index ? { ...other, start: event.target.value } : other)));
              }}
            />
            <input
              type="time"
              aria-label={t("hours-end")}
              disabled={!day.on}
              value={day.end}
              onChange={(event) => {
                setDays(days.map((other, at) => (at === index ? { ...other, end: event.target.value } : other)));
              }}
            />
          </div>
        ))}
        <label>
          {t("hours-slot-minutes")}
          <input
            type="number"
            min={5}
            max={120}
            value={slotMinutes}
            onChange={(event) => {
              setSlotMinutes(event.target.valueAsNumber);
            }}
          />
        </label>
        <ErrorLine error={error} />
        {saved && (
          <p role="status" className="hint">
            {t("hours-saved")}
          </p>
        )}
        <button type="submit" className="button button-primary">
          {t("hours-save")}
        </button>
      </form>
    </section>
  );
}
