import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  formatInstantDate,
  formatDate,
  formatElapsed,
  isoDateInZone,
  formatInstant,
  formatPercent,
  formatPhone,
  formatTimeInZone,
  formatTimeOfDay,
  parseDateOnly,
  timeZoneName,
} from "./format";

/** Intl may use narrow or no-break spaces (e.g. before "PM"); compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

describe("date-only values", () => {
  // Zones far from UTC on both sides: a date parsed as local midnight would shift a day.
  for (const zone of ["Pacific/Honolulu", "Pacific/Kiritimati", "America/Puerto_Rico"]) {
    describe(`with the device in ${zone}`, () => {
      beforeAll(() => {
        vi.stubEnv("TZ", zone);
      });
      afterAll(() => {
        vi.unstubAllEnvs();
      });

      it("format in en-US without a day shift", () => {
        expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
        expect(formatDate("en-US", "2026-11-22")).toBe("November 22, 2026");
        expect(formatDate("en-US", "2027-01-01")).toBe("January 1, 2027");
        expect(formatDate("en-US", "2026-11-22", "medium")).toBe("Nov 22, 2026");
      });

      it("format in es-US without a day shift", () => {
        expect(formatDate("es-US", "2026-11-22")).toBe("22 de noviembre de 2026");
        expect(formatDate("es-US", "2027-01-01")).toBe("1 de enero de 2027");
      });
    });
  }

  it("rejects malformed dates and shows them unchanged", () => {
    expect(parseDateOnly("2026-13-40")).not.toBeNull(); // Date.UTC rolls over; only the shape is checked
    expect(parseDateOnly("22/11/2026")).toBeNull();
    expect(formatDate("en-US", "soon")).toBe("soon");
  });
});

describe("instants and zones", () => {
  const instant = "2026-11-22T15:30:00Z";

  it("dates an instant by the pharmacy's clock, not UTC's", () => {
    // 8:30 p.m. in Phoenix on December 3 is already December 4 in UTC.
    const evening = "2026-12-04T03:30:00Z";
    expect(formatInstantDate("en-US", evening, "America/Phoenix")).toBe("December 3, 2026");
    expect(formatInstantDate("es-US", evening, "America/Phoenix")).toBe("3 de diciembre de 2026");
    expect(formatInstantDate("en-US", evening, "UTC")).toBe("December 4, 2026");
  });

  it("formats an RFC 3339 instant in a given zone", () => {
    expect(plain(formatInstant("en-US", instant, "America/Puerto_Rico"))).toBe("Nov 22, 2026, 11:30 AM");
    expect(plain(formatInstant("es-US", instant, "America/Puerto_Rico"))).toBe("22 nov 2026, 11:30 a.m.");
  });

  it("gives the local time now in a zone", () => {
    const now = new Date(instant);
    expect(plain(formatTimeInZone("en-US", "America/Chicago", now))).toBe("9:30 AM CST");
    expect(plain(formatTimeInZone("es-US", "America/Chicago", now))).toBe("9:30 a.m. CST");
    expect(plain(formatTimeInZone("en-US", "America/Los_Angeles", now))).toBe("7:30 AM PST");
    expect(formatTimeInZone("en-US", "Not/AZone", now)).toBe("Not/AZone");
  });

  it("names a zone in the interface locale", () => {
    const now = new Date(instant);
    expect(timeZoneName("en-US", "America/Puerto_Rico", now)).toBe("Atlantic Standard Time");
    expect(timeZoneName("es-US", "America/Puerto_Rico", now)).toBe("hora estándar del Atlántico");
  });

});

describe("times of day, numbers and phones", () => {
  it("formats a time of day from the calling window", () => {
    expect(plain(formatTimeOfDay("en-US", "21:00:00"))).toBe("9:00 PM");
    expect(plain(formatTimeOfDay("es-US", "08:00:00"))).toBe("8:00 a.m.");
  });

  it("formats a whole percentage", () => {
    expect(plain(formatPercent("en-US", 75))).toBe("75%");
  });

  it("groups +1 numbers for reading and leaves others alone", () => {
    expect(formatPhone("+17875550134")).toBe("+1 787-555-0134");
    expect(formatPhone("+525512345678")).toBe("+525512345678");
  });
});

describe("isoDateInZone", () => {
  it("gives the date on the zone's own calendar as YYYY-MM-DD", () => {
    const instant = new Date("2026-11-22T05:30:00Z");
    expect(isoDateInZone("Pacific/Honolulu", instant)).toBe("2026-11-21");
    expect(isoDateInZone("America/Puerto_Rico", instant)).toBe("2026-11-22");
  });
});

describe("formatElapsed", () => {
  it("says how long ago in each locale", () => {
    const now = new Date("2026-12-01T15:00:00Z");
    expect(formatElapsed("en-US", "2026-12-01T14:55:00Z", now)).toBe("5 minutes ago");
    expect(formatElapsed("es-US", "2026-12-01T14:55:00Z", now)).toBe("hace 5 minutos");
    expect(formatElapsed("en-US", "2026-12-01T12:00:00Z", now)).toBe("3 hours ago");
    expect(formatElapsed("en-US", "2026-11-30T15:00:00Z", now)).toBe("yesterday");
    expect(formatElapsed("en-US", "2026-12-01T14:59:40Z", now)).toBe("now");
    expect(formatElapsed("es-US", "2026-12-01T14:59:40Z", now)).toBe("ahora");
  });
});
