// After a submit: the enrollment summary for the patient's records, in the PATIENT's language
// (whatever the interface language), printable or saved as PDF from the print dialog. What it
// says comes from Rust (the records written); this only formats and words it. The buttons around
// it speak the interface language and are left out of the printout.
import { useEffect, useMemo, useRef } from "react";
import type { EnrollmentSummary as Summary, PharmacySettings } from "../bindings";
import { useL10n } from "../l10n/context";
import { formatDate, formatInstantDate, formatPhone } from "../l10n/format";
import { LANGUAGE_MESSAGES, PHONE_KIND_MESSAGES } from "../l10n/messageIds";
import { createTranslator } from "../l10n/translator";

interface Props {
  /** What enrollment wrote, as Rust summarizes it. */
  summary: Summary;
  created: boolean;
  pharmacy: PharmacySettings | null;
  onOpenPatient: () => void;
  onDone: () => void;
}

export function EnrollmentSummary({ summary, created, pharmacy, onOpenPatient, onDone }: Props) {
  const { t } = useL10n();
  const language = summary.language;
  const p = useMemo(() => createTranslator(language), [language]);
  const printRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    printRef.current?.focus();
  }, []);
  const name = summary.fullName;
  const yesNo = (value: boolean) => p(value ? "summary-yes" : "summary-no");
  const verbal = summary.verbalConsent;
  // Instants as the pharmacy's clock reads them, not UTC's.
  const pharmacyZone = pharmacy?.timeZone;

  return (
    <>
      <div className="no-print toolbar" data-testid="enroll-done">
        <p role="status">{t(created ? "enroll-done-created" : "enroll-done-updated", { name })}</p>
        <button ref={printRef} type="button" className="button button-primary" data-testid="enroll-print" onClick={() => {
          window.print();
        }}>
          {t("enroll-print")}
        </button>
        <button type="button" className="button button-secondary" data-testid="enroll-open-patient" onClick={onOpenPatient}>
          {t("enroll-open-patient")}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {t("enroll-back-to-drafts")}
        </button>
      </div>
      <article className="print-summary" lang={language} data-testid="enroll-summary">
        <header>
          <h2>{p("summary-title")}</h2>
          <p>
            {pharmacy?.name ?? ""}
            {pharmacy !== null && ` · ${formatPhone(pharmacy.phone)}`}
          </p>
          <p>{p("summary-date", { date: formatDate(language, summary.enrolledOn, "long") })}</p>
        </header>
        <dl className="summary-list">
          <dt>{p("summary-patient")}</dt>
          <dd>{name}</dd>
          <dt>{p("summary-date-of-birth")}</dt>
          <dd>{formatDate(language, summary.dateOfBirth, "long")}</dd>
          <dt>{p("summary-language")}</dt>
          <dd>
            {p(LANGUAGE_MESSAGES[language])}
            {summary.interpreterWanted && ` · ${p("summary-interpreter")}`}
          </dd>
          <dt>{p("summary-address")}</dt>
          <dd>{summary.address}</dd>
          <dt>{p("summary-phones")}</dt>
          <dd>
            {summary.phones.map((phone) => `${p(PHONE_KIND_MESSAGES[phone.kind])}: ${formatPhone(phone.e164)}`).join(" · ")}
          </dd>
          {summary.caregiver !== null && (
            <>
              <dt>{p("summary-caregiver")}</dt>
              <dd>
                {summary.caregiver.name} ({summary.caregiver.relationship}) · {formatPhone(summary.caregiver.phone)}
              </dd>
            </>
          )}
          <dt>{p("summary-insurance")}</dt>
          <dd>
            {summary.plans.length === 0
              ? p("summary-uninsured")
              : summary.plans.map((plan) => p("summary-plan", { plan: plan.planName, member: plan.memberId })).join(" · ")}
          </dd>
          <dt>{p("summary-prescriber")}</dt>
          <dd>{p("summary-prescriber-line", { name: summary.prescriber.name, npi: summary.prescriber.npi })}</dd>
          <dt>{p("summary-medications")}</dt>
          <dd>
            <ul>
              {summary.medications.map((medication, index) => (
                <li key={index}>
                  {medication.drug} {medication.strength}
                  {medication.directions !== "" && ` — ${medication.directions}`}
                  {" · "}
                  {p("summary-days-supply", { days: medication.daysSupply })}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{p("summary-allergies")}</dt>
          <dd>{summary.allergies.length === 0 ? p("summary-no-allergies") : summary.allergies.join(", ")}</dd>
          <dt>{p("summary-contact")}</dt>
          <dd>
            {p("summary-consent-calls")}: {yesNo(summary.consents.calls)} · {p("summary-consent-texts")}:{" "}
            {yesNo(summary.consents.texts)} · {p("summary-consent-voicemail")}: {yesNo(summary.consents.voicemailDetail)}
          </dd>
          <dt>{p("summary-auto-refill")}</dt>
          <dd>{yesNo(summary.autoRefill)}</dd>
          <dt>{p("summary-privacy-notice")}</dt>
          <dd>{formatInstantDate(language, summary.privacyNoticeAcknowledgedAt, pharmacyZone)}</dd>
        </dl>
        {verbal !== null && (
          <section className="summary-consent">
            <h3>{p("summary-consent-title")}</h3>
            <p>
              {p(verbal.textVersion, {
                pharmacy: pharmacy?.name ?? "",
                phone: pharmacy !== null ? formatPhone(pharmacy.phone) : "",
              })}
            </p>
            <p className="muted">
              {p("summary-consent-recorded", {
                who: verbal.recordedBy,
                date: formatInstantDate(language, verbal.recordedAt, pharmacyZone),
                version: verbal.textVersion,
              })}
            </p>
          </section>
        )}
      </article>
    </>
  );
}
