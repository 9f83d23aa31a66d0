// The prescriber: name, NPI and how to reach the office.
import type { EnrollmentForm as Form } from "../../bindings";
import { useL10n } from "../../l10n/context";
import { FormSection, TextField } from "../enrollmentFields";

type Prescriber = Form["prescriber"];

export function PrescriberSection({
  prescriber,
  setPrescriber,
}: {
  prescriber: Prescriber;
  setPrescriber: (patch: Partial<Prescriber>) => void;
}) {
  const { t } = useL10n();
  return (
    <FormSection id="enroll-section-prescriber" title={t("enroll-section-prescriber")}>
      <div className="field-row">
        <TextField
          path="prescriber.name"
          label={t("enroll-prescriber-name")}
          required
          value={prescriber.name}
          onChange={(name) => {
            setPrescriber({ name });
          }}
        />
        <TextField
          path="prescriber.npi"
          label={t("enroll-prescriber-npi")}
          required
          inputMode="numeric"
          hint={t("enroll-prescriber-npi-hint")}
          value={prescriber.npi}
          onChange={(npi) => {
            setPrescriber({ npi });
          }}
        />
        <TextField
          path="prescriber.phone"
          label={t("enroll-prescriber-phone")}
          type="tel"
          inputMode="tel"
          value={prescriber.phone}
          onChange={(phone) => {
            setPrescriber({ phone });
          }}
        />
        <TextField
          path="prescriber.fax"
          label={t("enroll-prescriber-fax")}
          type="tel"
          inputMode="tel"
          value={prescriber.fax}
          onChange={(fax) => {
            setPrescriber({ fax });
          }}
        />
      </div>
    </FormSection>
  );
}
