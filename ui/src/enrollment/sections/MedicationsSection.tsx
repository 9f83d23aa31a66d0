// The medications the patient fills here, one entry each, added and removed in place.
import type { MedicationEntry } from "../../bindings";
import { useL10n } from "../../l10n/context";
import { CheckField, FieldProblem, FormSection, TextField, fieldId } from "../enrollmentFields";

const BLANK_MEDICATION: MedicationEntry = {
  drug: "",
  strength: "",
  directions: "",
  daysSupply: "",
  quantity: "",
  refills: "",
  lastFillDate: "",
  critical: false,
};

export function MedicationsSection({
  medications,
  onChange,
}: {
  medications: MedicationEntry[];
  /** Applied to the latest list, so quick edits in a row never undo each other. */
  onChange: (update: (current: MedicationEntry[]) => MedicationEntry[]) => void;
}) {
  const { t } = useL10n();
  const setMedication = (index: number, patch: Partial<MedicationEntry>) => {
    onChange((current) => current.map((medication, at) => (at === index ? { ...medication, ...patch } : medication)));
  };
  return (
    <FormSection id="enroll-section-medications" title={t("enroll-section-medications")}>
      {medications.map((medication, index) => (
        <div className="medication-entry" key={index} data-testid="enroll-medication">
          <div className="field-row">
            <TextField
              path={`medications.${index}.drug`}
              label={t("enroll-drug")}
              required
              value={medication.drug}
              onChange={(drug) => {
                setMedication(index, { drug });
              }}
            />
            <TextField
              path={`medications.${index}.strength`}
              label={t("enroll-strength")}
              required
              value={medication.strength}
              onChange={(strength) => {
                setMedication(index, { strength });
              }}
            />
            <TextField
              path={`medications.${index}.directions`}
              label={t("enroll-directions")}
              wide
              value={medication.directions}
              onChange={(directions) => {
                setMedication(index, { directions });
              }}
            />
          </div>
          <div className="field-row">
            <TextField
              path={`medications.${index}.daysSupply`}
              label={t("enroll-days-supply")}
              required
              inputMode="numeric"
              value={medication.daysSupply}
              onChange={(daysSupply) => {
                setMedication(index, { daysSupply });
              }}
            />
            <TextField
              path={`medications.${index}.quantity`}
              label={t("enroll-quantity")}
              required
              inputMode="decimal"
              value={medication.quantity}
              onChange={(quantity) => {
                setMedication(index, { quantity });
              }}
            />
            <TextField
              path={`medications.${index}.refills`}
              label={t("enroll-refills")}
              required
              inputMode="numeric"
              value={medication.refills}
              onChange={(refills) => {
                setMedication(index, { refills });
              }}
            />
            <TextField
              path={`medications.${index}.lastFillDate`}
              label={t("enroll-last-fill-date")}
              required
              placeholder={t("enroll-date-placeholder")}
              inputMode="numeric"
              value={medication.lastFillDate}
              onChange={(lastFillDate) => {
                setMedication(index, { lastFillDate });
              }}
            />
            <CheckField
              path={`medications.${index}.critical`}
              label={t("enroll-critical")}
              checked={medication.critical}
              onChange={(critical) => {
                setMedication(index, { critical });
              }}
            />
            {medications.length > 1 && (
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => {
                  onChange((current) => current.filter((_, at) => at !== index));
                }}
              >
                {t("enroll-remove")}
              </button>
            )}
          </div>
        </div>
      ))}
      <button
        type="button"
        id={fieldId("medications")}
        className="button button-small button-secondary"
        onClick={() => {
          onChange((current) => [...current, BLANK_MEDICATION]);
        }}
      >
        {t("enroll-add-medication")}
      </button>
      <FieldProblem path="medications" />
    </FormSection>
  );
}
