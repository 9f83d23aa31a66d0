// Who may call on the patient's behalf, and whether staff may discuss her health with them.
import type { EnrollmentForm as Form } from "../../bindings";
import { useL10n } from "../../l10n/context";
import { CheckField, FormSection, TextField } from "../enrollmentFields";

type Caregiver = Form["caregiver"];

export function CaregiverSection({
  caregiver,
  setCaregiver,
}: {
  caregiver: Caregiver;
  setCaregiver: (patch: Partial<Caregiver>) => void;
}) {
  const { t } = useL10n();
  return (
    <FormSection id="enroll-section-caregiver" title={t("enroll-section-caregiver")}>
      <p className="hint">{t("enroll-caregiver-help")}</p>
      <div className="field-row">
        <TextField
          path="caregiver.name"
          label={t("enroll-caregiver-name")}
          value={caregiver.name}
          onChange={(name) => {
            setCaregiver({ name });
          }}
        />
        <TextField
          path="caregiver.relationship"
          label={t("enroll-caregiver-relationship")}
          value={caregiver.relationship}
          onChange={(relationship) => {
            setCaregiver({ relationship });
          }}
        />
        <TextField
          path="caregiver.phone"
          label={t("enroll-caregiver-phone")}
          type="tel"
          inputMode="tel"
          value={caregiver.phone}
          onChange={(phone) => {
            setCaregiver({ phone });
          }}
        />
      </div>
      <CheckField
        path="caregiver.mayDiscussHealth"
        label={t("enroll-caregiver-may-discuss")}
        checked={caregiver.mayDiscussHealth}
        onChange={(mayDiscussHealth) => {
          setCaregiver({ mayDiscussHealth });
        }}
      />
    </FormSection>
  );
}
