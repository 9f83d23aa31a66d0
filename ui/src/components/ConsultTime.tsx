import type { Slot } from "../bindings";
import { useL10n } from "../l10n/context";
import { formatInstant, formatInstantTime } from "../l10n/format";

/**
 * A consult's time on both clocks: "Nov 24, 2026, 3:00 PM your time · 2:00 PM patient's time".
 * "Your time" is the pharmacy's zone, the one the staff work in.
 */
export function ConsultTime({
  slot,
  pharmacyZone,
  patientZone,
}: {
  slot: Slot;
  pharmacyZone: string;
  patientZone: string;
}) {
  const { t, locale } = useL10n();
  return (
    <span className="consult-time" data-testid="consult-time">
      {t("consult-time", {
        yours: formatInstant(locale, slot.start, pharmacyZone),
        patients: formatInstantTime(locale, slot.start, patientZone),
      })}
    </span>
  );
}
