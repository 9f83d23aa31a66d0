// Consents: what the patient agrees to, and the verbal consent read aloud in the patient's
// language and stamped by Rust (who, when, which text version).
import { useMemo } from "react";
import type { EnrollmentForm as Form, Language, PharmacySettings } from "../../bindings";
import { useL10n } from "../../l10n/context";
import { formatInstant, formatPhone } from "../../l10n/format";
import { LANGUAGE_MESSAGES } from "../../l10n/messageIds";
import { createTranslator } from "../../l10n/translator";
import { CheckField, FieldProblem, FormSection, fieldId } from "../enrollmentFields";

type Consents = Form["consents"];

interface Props {
  consents: Consents;
  setConsents: (patch: Partial<Consents>) => void;
  /** The patient's preferred language: the consent is read to her in it. */
  language: Language;
  pharmacy: PharmacySettings | null;
  onRecordConsent: () => void;
}

export function ConsentsSection({ consents, setConsents, language, pharmacy, onRecordConsent }: Props) {
  const { t, locale } = useL10n();
  const consentScript = useMemo(() => createTranslator(language), [language]);
  const verbal = consents.verbal;
  return (
    <FormSection id="enroll-section-consents" title={t("enroll-section-consents")}>
      <CheckField
        path="consents.calls"
        label={t("enroll-consent-calls")}
        checked={consents.calls}
        onChange={(calls) => {
          setConsents({ calls });
        }}
      />
      <CheckField
        path="consents.texts"
        label={t("enroll-consent-texts")}
        checked={consents.texts}
        onChange={(texts) => {
          setConsents({ texts });
        }}
      />
      <CheckField
        path="consents.voicemailDetail"
        label={t("enroll-consent-voicemail-detail")}
        checked={consents.voicemailDetail}
        onChange={(voicemailDetail) => {
          setConsents({ voicemailDetail });
        }}
      />
      <div className="consent-script" lang={language} data-testid="enroll-consent-text">
        <p className="script-label">
          {t("enroll-consent-read-aloud", { language: t(LANGUAGE_MESSAGES[language]) })}
        </p>
        <p>
          {consentScript("consent-text-v1", {
            pharmacy: pharmacy?.name ?? "",
            phone: pharmacy !== null ? formatPhone(pharmacy.phone) : "",
          })}
        </p>
      </div>
      <div className="field-row">
        <button
          type="button"
          id={fieldId("consents.verbal")}
          data-testid="enroll-record-consent"
          className="button"
          onClick={onRecordConsent}
        >
          {t("enroll-record-consent")}
        </button>
        {verbal !== null && (
          <span className="muted" data-testid="enroll-consent-recorded">
            {t("enroll-consent-recorded", {
              who: verbal.recordedBy,
              when: formatInstant(locale, verbal.recordedAt),
              language: t(LANGUAGE_MESSAGES[verbal.language]),
              version: verbal.textVersion,
            })}
          </span>
        )}
      </div>
      <FieldProblem path="consents.verbal" />
      <CheckField
        path="consents.privacyNoticeAcknowledged"
        label={t("enroll-privacy-notice")}
        checked={consents.privacyNoticeAcknowledged}
        onChange={(privacyNoticeAcknowledged) => {
          setConsents({ privacyNoticeAcknowledged });
        }}
      />
      <CheckField
        path="consents.autoRefill"
        label={t("enroll-auto-refill")}
        checked={consents.autoRefill}
        onChange={(autoRefill) => {
          setConsents({ autoRefill });
        }}
      />
    </FormSection>
  );
}
