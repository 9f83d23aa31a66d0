import { useCallback, useState } from "react";
import { run } from "../api";
import {
  commands,
  type AppError,
  type AvailabilityException,
  type AvailabilityInput,
  type PharmacySettings,
} from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { formatDate, formatTimeOfDay, isoDateInZone } from "../l10n/format";
import { AVAILABILITY_PROBLEM_MESSAGES } from "../l10n/messageIds";

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
  const [exceptions, setExceptions] = useState<AvailabilityException[]>(() => loaded?.exceptions ?? []);
  const zone = loaded?.timeZone ?? pharmacy?.timeZone ?? "UTC";
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);

  const weekdayName = (index: number) =>
    new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + index)));

  async function save() {
    const input: AvailabilityInput = {
      timeZone: zone,
      weekly: WEEKDAYS.flatMap((weekday, index) => {
        const day = days[index];
        return day?.on === true ? [{ weekday, start: `${day.start}:00`, end: `${day.end}:00` }] : [];
      }),
      exceptions,
      slotMinutes,
    };
    const result = await run(() => commands.setAvailability(input));
    setSaved(result.status === "ok");
    setError(result.status === "error" ? result.error : null);
  }

  return (
    <section className="panel settings-panel" aria-labelledby="hours-title" data-testid="hours-panel">
      <h2 id="hours-title">{t("hours-title")}</h2>
      <p className="hint">{t("hours-help", { zone })}</p>
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
        <ExceptionsEditor
          exceptions={exceptions}
          today={isoDateInZone(zone)}
          onChange={(next) => {
            setExceptions(next);
            setSaved(false);
          }}
        />
        <ErrorLine error={error} problemMessages={AVAILABILITY_PROBLEM_MESSAGES} />
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

/** Day order, then a day off before extra hours, then by start. */
function byDate(a: AvailabilityException, b: AvailabilityException): number {
  const start = (exception: AvailabilityException) => (exception.kind === "extra" ? exception.start : "");
  return a.date.localeCompare(b.date) || start(a).localeCompare(start(b));
}

/**
 * Dates that differ from the weekly hours: days off and extra hours. Changes are kept with the
 * weekly hours and saved with them; past dates are not listed (they no longer matter).
 */
function ExceptionsEditor({
  exceptions,
  today,
  onChange,
}: {
  exceptions: AvailabilityException[];
  today: string;
  onChange: (exceptions: AvailabilityException[]) => void;
}) {
  const { t, locale } = useL10n();
  const [date, setDate] = useState("");
  const [kind, setKind] = useState<AvailabilityException["kind"]>("day-off");
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("12:00");
  const upcoming = exceptions.filter((exception) => exception.date >= today).sort(byDate);

  function add() {
    if (date === "") return;
    const added: AvailabilityException =
      kind === "day-off" ? { kind, date } : { kind, date, start: `${start}:00`, end: `${end}:00` };
    onChange([...exceptions, added]);
    setDate("");
  }

  return (
    <fieldset className="hours-exceptions" data-testid="hours-exceptions">
      <legend>{t("hours-exceptions-title")}</legend>
      {upcoming.length === 0 ? (
        <p className="muted">{t("hours-exceptions-none")}</p>
      ) : (
        <ul className="plain-list">
          {upcoming.map((exception) => (
            <li key={`${exception.date}-${exception.kind === "extra" ? exception.start : "off"}`} data-testid="hours-exception">
              <span>{formatDate(locale, exception.date, "full")}</span>{" "}
              <span className="muted">
                {exception.kind === "day-off"
                  ? t("hours-exception-day-off")
                  : t("hours-exception-extra-range", {
                      start: formatTimeOfDay(locale, exception.start),
                      end: formatTimeOfDay(locale, exception.end),
                    })}
              </span>{" "}
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  onChange(exceptions.filter((other) => other !== exception));
                }}
              >
                {t("hours-exception-remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field-row">
        <label>
          {t("hours-exception-date")}
          <input
            type="date"
            data-testid="hours-exception-date"
            min={today}
            value={date}
            onChange={(event) => {
              setDate(event.target.value);
            }}
          />
        </label>
        <label>
          {t("hours-exception-kind")}
          <select
            data-testid="hours-exception-kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as AvailabilityException["kind"]);
            }}
          >
            <option value="day-off">{t("hours-exception-day-off")}</option>
            <option value="extra">{t("hours-exception-extra")}</option>
          </select>
        </label>
        <input
          type="time"
          aria-label={t("hours-start")}
          disabled={kind !== "extra"}
          value={start}
          onChange={(event) => {
            setStart(event.target.value);
          }}
        />
        <input
          type="time"
          aria-label={t("hours-end")}
          disabled={kind !== "extra"}
          value={end}
          onChange={(event) => {
            setEnd(event.target.value);
          }}
        />
        <button type="button" className="button" data-testid="hours-exception-add" disabled={date === ""} onClick={add}>
          {t("hours-exception-add")}
        </button>
      </div>
    </fieldset>
  );
}
