// Allergies: listed, or "none known" ticked (one of the two is required).
import type { EnrollmentForm as Form } from "../../bindings";
import { useL10n } from "../../l10n/context";
import { CheckField, FieldProblem, FormSection, fieldId, useFieldProblems } from "../enrollmentFields";

type Allergies = Form["allergies"];

export function AllergiesSection({
  allergies,
  setAllergies,
}: {
  allergies: Allergies;
  setAllergies: (patch: Partial<Allergies>) => void;
}) {
  const { t } = useL10n();
  const fieldProblems = useFieldProblems();
  return (
    <FormSection id="enroll-section-allergies" title={t("enroll-section-allergies")}>
      <CheckField
        path="allergies.noneKnown"
        label={t("enroll-allergies-none-known")}
        checked={allergies.noneKnown}
        onChange={(noneKnown) => {
          setAllergies({ noneKnown });
          fieldProblems.leave("allergies");
        }}
      />
      <label className="form-field form-field-wide">
        <span className="form-label">{t("enroll-allergies-list")}</span>
        <textarea
          id={fieldId("allergies")}
          data-testid={fieldId("allergies")}
          rows={2}
          value={allergies.allergies}
          aria-invalid={fieldProblems.shownAt("allergies") !== undefined}
          onChange={(event) => {
            setAllergies({ allergies: event.target.value });
          }}
          onBlur={() => {
            fieldProblems.leave("allergies");
          }}
        />
        <FieldProblem path="allergies" />
      </label>
    </FormSection>
  );
}
