// Locale-aware formatting of dates, times and numbers with Intl, in the interface locale.
// Fluent formats no dates, so messages receive these results as ready-made strings.

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** True if Intl knows the IANA zone (an unknown zone makes Intl throw a RangeError). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    dateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Parses a date-only "YYYY-MM-DD" as midnight UTC, so formatting in UTC never shifts the day. */
export function parseDateOnly(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

export type DateLength = "full" | "long" | "medium";

/** "2026-11-22" → "November 22, 2026" (en-US) / "22 de noviembre de 2026" (es-US); "full" adds the weekday. */
export function formatDate(locale: string, dateOnly: string, length: DateLength = "long"): string {
  const date = parseDateOnly(dateOnly);
  if (date === null) return dateOnly;
  return dateTimeFormat(locale, { dateStyle: length, timeZone: "UTC" }).format(date);
}

/** "2026-11-22" → "Nov 22" (en-US) / "22 nov" (es-US): chart axes. */
export function formatShortDate(locale: string, dateOnly: string): string {
  const date = parseDateOnly(dateOnly);
  if (date === null) return dateOnly;
  return dateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" }).format(date);
}

/** An RFC 3339 instant as date and time in `timeZone` (the device's zone when undefined). */
export function formatInstant(locale: string, instant: string, timeZone?: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const zone = timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : undefined;
  return dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(date);
}

/**
 * The calendar date an instant falls on in `timeZone` (the pharmacy's), long or short: an evening
 * in Phoenix is still today there though it is tomorrow in UTC.
 */
export function formatInstantDate(
  locale: string,
  instant: string | Date,
  timeZone: string | undefined,
  length: DateLength = "long",
): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  const zone = timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : undefined;
  return dateTimeFormat(locale, { dateStyle: length, timeZone: zone }).format(date);
}

/** An RFC 3339 instant as a time of day only, in `timeZone` (the device's zone when undefined). */
export function formatInstantTime(locale: string, instant: string, timeZone?: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const zone = timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : undefined;
  return dateTimeFormat(locale, { timeStyle: "short", timeZone: zone }).format(date);
}

/** The local time now (or at `now`) in an IANA zone with its short name: "10:42 AM AST". */
export function formatTimeInZone(locale: string, timeZone: string, now: Date = new Date()): string {
  if (!isValidTimeZone(timeZone)) return timeZone;
  return dateTimeFormat(locale, {
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone,
  }).format(now);
}

/** The zone's long name at `now`: "Atlantic Standard Time" / "hora estándar del Atlántico". */
export function timeZoneName(locale: string, timeZone: string, now: Date = new Date()): string {
  if (!isValidTimeZone(timeZone)) return timeZone;
  const parts = dateTimeFormat(locale, { timeZoneName: "long", timeZone }).formatToParts(now);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** Parses a time of day "HH:MM" or "HH:MM:SS[.fff]" to minutes since midnight. */
export function parseTimeOfDay(value: string): number | null {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? hour * 60 + minute : null;
}

/** "21:00:00" → "9:00 PM" (en-US) / "9:00 p.m." (es-US). */
export function formatTimeOfDay(locale: string, value: string): string {
  const minutes = parseTimeOfDay(value);
  if (minutes === null) return value;
  const date = new Date(Date.UTC(2000, 0, 1, Math.floor(minutes / 60), minutes % 60));
  return dateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(date);
}

export function formatNumber(locale: string, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A whole percentage such as 75 → "75%" (en-US) / "75 %" (es-US). */
export function formatPercent(locale: string, percent: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(percent / 100);
}

/** E.164 for reading: "+17875550134" → "+1 787-555-0134"; other numbers unchanged. */
export function formatPhone(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `+1 ${nanp[1] ?? ""}-${nanp[2] ?? ""}-${nanp[3] ?? ""}` : e164;
}

/** Today's date (or `at`'s) on the wall calendar of `timeZone`, as YYYY-MM-DD for <input type="date">. */
export function isoDateInZone(timeZone: string, at: Date = new Date()): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : undefined;
  // formatToParts, not a locale's own pattern: en-CA's "YYYY-MM-DD" is not the same in every ICU.
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** How long ago `instant` was, in the locale's words ("5 minutes ago", "hace 5 minutos"). */
export function formatElapsed(locale: string, instant: string, now: Date = new Date()): string {
  const seconds = Math.round((Date.parse(instant) - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, "second");
}
