// The patient's plans (primary, an optional secondary) or that she is uninsured.
import type { CardholderRelationship, EnrollmentForm as Form, InsurancePlan } from "../../bindings";
import { useL10n } from "../../l10n/context";
import { CARDHOLDER_MESSAGES, CARDHOLDER_RELATIONSHIPS } from "../../l10n/messageIds";
import { CheckField, FormSection, TextField } from "../enrollmentFields";

type Insurance = Form["insurance"];

export function InsuranceSection({
  insurance,
  setInsurance,
}: {
  insurance: Insurance;
  setInsurance: (patch: Partial<Insurance>) => void;
}) {
  const { t } = useL10n();
  return (
    <FormSection id="enroll-section-insurance" title={t("enroll-section-insurance")}>
      <CheckField
        path="insurance.uninsured"
        label={t("enroll-uninsured")}
        checked={insurance.uninsured}
        onChange={(uninsured) => {
          setInsurance({ uninsured });
        }}
      />
      {!insurance.uninsured && (
        <>
          <PlanFields
            path="insurance.primary"
            title={t("enroll-primary-plan")}
            plan={insurance.primary}
            onChange={(primary) => {
              setInsurance({ primary });
            }}
          />
          <CheckField
            path="insurance.hasSecondary"
            label={t("enroll-has-secondary")}
            checked={insurance.hasSecondary}
            onChange={(hasSecondary) => {
              setInsurance({ hasSecondary });
            }}
          />
          {insurance.hasSecondary && (
            <PlanFields
              path="insurance.secondary"
              title={t("enroll-secondary-plan")}
              plan={insurance.secondary}
              onChange={(secondary) => {
                setInsurance({ secondary });
              }}
            />
          )}
        </>
      )}
    </FormSection>
  );
}

function PlanFields({
  path,
  title,
  plan,
  onChange,
}: {
  path: string;
  title: string;
  plan: InsurancePlan;
  onChange: (plan: InsurancePlan) => void;
}) {
  const { t } = useL10n();
  const set = (patch: Partial<InsurancePlan>) => {
    onChange({ ...plan, ...patch });
  };
  return (
    <div className="form-group">
      <span className="form-label">{title}</span>
      <div className="field-row">
        <TextField
          path={`${path}.planName`}
          label={t("enroll-plan-name")}
          required
          value={plan.planName}
          onChange={(planName) => {
            set({ planName });
          }}
        />
        <TextField
          path={`${path}.memberId`}
          label={t("enroll-member-id")}
          required
          value={plan.memberId}
          onChange={(memberId) => {
            set({ memberId });
          }}
        />
        <TextField
          path={`${path}.groupNumber`}
          label={t("enroll-group-number")}
          value={plan.groupNumber}
          onChange={(groupNumber) => {
            set({ groupNumber });
          }}
        />
        <TextField
          path={`${path}.bin`}
          label={t("enroll-bin")}
          required
          inputMode="numeric"
          value={plan.bin}
          onChange={(bin) => {
            set({ bin });
          }}
        />
        <TextField
          path={`${path}.pcn`}
          label={t("enroll-pcn")}
          value={plan.pcn}
          onChange={(pcn) => {
            set({ pcn });
          }}
        />
        <label className="form-field">
          <span className="form-label">{t("enroll-cardholder-relationship")}</span>
          <select
            value={plan.cardholderRelationship}
            onChange={(event) => {
              set({ cardholderRelationship: event.target.value as CardholderRelationship });
            }}
          >
            {CARDHOLDER_RELATIONSHIPS.map((relationship) => (
              <option key={relationship} value={relationship}>
                {t(CARDHOLDER_MESSAGES[relationship])}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
