import type { Slot } from "../bindings";
import { useL10n } from "../l10n/context";
import { formatInstant, formatInstantTime } from "../l10n/format";
import type { MessageArgs } from "../l10n/bundles";

type Translate = (id: string, args?: MessageArgs) => string;

/**
 * A consult's time on both clocks: "Nov 24, 2026, 3:00 PM your time · 2:00 PM patient's time".
 * "Your time" is the pharmacy's zone, the one the staff work in.
 */
export function consultTimeText(
  t: Translate,
  locale: string,
  slot: Slot,
  pharmacyZone: string,
  patientZone: string,
): string {
  return t("consult-time", {
    yours: formatInstant(locale, slot.start, pharmacyZone),
    patients: formatInstantTime(locale, slot.start, patientZone),
  });
}

export function ConsultTime({ slot, pharmacyZone, patientZone }: { slot: Slot; pharmacyZone: string; patientZone: string }) {
  const { t, locale } = useL10n();
  return (
    <span className="consult-time" data-testid="consult-time">
      {consultTimeText(t, locale, slot, pharmacyZone, patientZone)}
    </span>
  );
}

/** The free times that suit the patient, the earliest chosen first. */
export function SlotChooser({
  options,
  chosen,
  onChoose,
  pharmacyZone,
  patientZone,
}: {
  options: Slot[];
  chosen: number;
  onChoose: (index: number) => void;
  pharmacyZone: string;
  patientZone: string;
}) {
  const { t, locale } = useL10n();
  return (
    <label className="slot-chooser">
      {t("consult-proposed")}
      <select
        data-testid="consult-slot"
        value={chosen}
        onChange={(event) => {
          onChoose(Number(event.target.value));
        }}
      >
        {options.map((slot, index) => (
          <option key={slot.start} value={index}>
            {consultTimeText(t, locale, slot, pharmacyZone, patientZone)}
          </option>
        ))}
      </select>
    </label>
  );
}
