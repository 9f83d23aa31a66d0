// A patient's contact consents on their page: what they allow now, every verbal consent and
// revocation (who, when, language, text version), and recording a revocation, which takes effect
// at once. Granting again means reading the consent text: that is enrollment's.
import { useState } from "react";
import { run } from "../api";
import { commands, type AppError, type ConsentAction, type ContactConsents, type PatientDetail } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { Fact } from "../components/Fact";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";
import { LANGUAGE_MESSAGES } from "../l10n/messageIds";

const CONSENT_ACTION_MESSAGES: Record<ConsentAction, string> = {
  granted: "consent-history-granted",
  revoked: "consent-history-revoked",
};

const CHANNELS = [
  { key: "calls", label: "consent-calls" },
  { key: "texts", label: "consent-texts" },
  { key: "voicemailDetail", label: "consent-voicemail-detail" },
] as const satisfies readonly { key: keyof ContactConsents; label: string }[];

export function PatientConsentPanel({ detail, onChanged }: { detail: PatientDetail; onChanged: () => void }) {
  const { t, locale } = useL10n();
  const consents = detail.patient.consents;
  const [revoking, setRevoking] = useState(false);
  const [remaining, setRemaining] = useState<ContactConsents>(consents);
  const [error, setError] = useState<AppError | null>(null);
  const anyGranted = consents.calls || consents.texts || consents.voicemailDetail;
  const yesNo = (value: boolean) => (
    <span className={value ? "consent consent-yes" : "consent consent-no"}>{t(value ? "consent-yes" : "consent-no")}</span>
  );

  async function revoke() {
    const result = await run(() => commands.revokeConsent(detail.patient.id, remaining));
    if (result.status === "ok") {
      setRevoking(false);
      setError(null);
      onChanged();
    } else {
      setError(result.error);
    }
  }

  return (
    <section className="panel" aria-labelledby="patient-consents-title" data-testid="patient-consents">
      <h2 id="patient-consents-title">{t("patient-consents")}</h2>
      <dl className="facts">
        {CHANNELS.map((channel) => (
          <Fact key={channel.key} label={t(channel.label)}>
            {yesNo(consents[channel.key])}
          </Fact>
        ))}
      </dl>
      {detail.consentHistory.length > 0 && (
        <ul className="plain-list consent-history" data-testid="consent-history">
          {detail.consentHistory.map((record) => (
            <li key={`${record.recordedAt}-${record.action}`} className="muted small">
              {t(CONSENT_ACTION_MESSAGES[record.action], {
                who: record.recordedBy,
                when: formatInstant(locale, record.recordedAt),
                language: t(LANGUAGE_MESSAGES[record.language]),
                version: record.textVersion,
              })}
            </li>
          ))}
        </ul>
      )}
      {anyGranted && !revoking && (
        <button
          type="button"
          className="button button-small button-secondary"
          data-testid="consent-revoke-open"
          onClick={() => {
            setRemaining(consents);
            setRevoking(true);
          }}
        >
          {t("consent-revoke-open")}
        </button>
      )}
      {revoking && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void revoke();
          }}
        >
          <p className="hint">{t("consent-revoke-help")}</p>
          {CHANNELS.filter((channel) => consents[channel.key]).map((channel) => (
            <label key={channel.key} className="choice">
              <input
                type="checkbox"
                checked={remaining[channel.key]}
                onChange={(event) => {
                  setRemaining({ ...remaining, [channel.key]: event.target.checked });
                }}
              />
              {t(channel.label)}
            </label>
          ))}
          <button type="submit" className="button button-small" data-testid="consent-revoke-save">
            {t("consent-revoke-save")}
          </button>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => {
              setRevoking(false);
            }}
          >
            {t("consent-revoke-cancel")}
          </button>
          <ErrorLine error={error} />
        </form>
      )}
    </section>
  );
}
