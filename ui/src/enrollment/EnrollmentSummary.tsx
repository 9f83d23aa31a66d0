// After a submit: the enrollment summary for the patient's records, in the PATIENT's language
// (whatever the interface language), printable or saved as PDF from the print dialog. The
// buttons around it speak the interface language and are left out of the printout.
import { useEffect, useMemo, useRef } from "react";
import type { EnrollmentForm, PharmacySettings } from "../bindings";
import { useL10n } from "../l10n/context";
import { formatDate, formatInstantDate, formatPhone } from "../l10n/format";
import { LANGUAGE_MESSAGES, PHONE_KIND_MESSAGES } from "../l10n/messageIds";
import { createTranslator } from "../l10n/translator";

interface Props {
  form: EnrollmentForm;
  created: boolean;
  pharmacy: PharmacySettings | null;
  onOpenPatient: () => void;
  onDone: () => void;
}

/** A typed date (MM/DD/YYYY or YYYY-MM-DD) as YYYY-MM-DD, for formatting; the text itself otherwise. */
function isoDate(typed: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed.trim());
  if (us === null) return typed.trim();
  const [, month = "", day = "", year = ""] = us;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

export function EnrollmentSummary({ form, created, pharmacy, onOpenPatient, onDone }: Props) {
  const { t } = useL10n();
  const language = form.patient.preferredLanguage;
  const p = useMemo(() => createTranslator(language), [language]);
  const printRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    printRef.current?.focus();
  }, []);
  const patient = form.patient;
  const name = [patient.givenName, patient.middleName, patient.familyName, patient.secondFamilyName]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
  const yesNo = (value: boolean) => p(value ? "summary-yes" : "summary-no");
  const plans = form.insurance.uninsured
    ? []
    : [form.insurance.primary, ...(form.insurance.hasSecondary ? [form.insurance.secondary] : [])];
  const allergies = form.allergies.allergies
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const verbal = form.consents.verbal;
  // Dates of today and of the consent as the pharmacy's clock reads them, not UTC's.
  const pharmacyZone = pharmacy?.timeZone;
  const today = formatInstantDate(language, new Date(), pharmacyZone);

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
          <p>{p("summary-date", { date: today })}</p>
        </header>
        <dl className="summary-list">
          <dt>{p("summary-patient")}</dt>
          <dd>{name}</dd>
          <dt>{p("summary-date-of-birth")}</dt>
          <dd>{formatDate(language, isoDate(patient.dateOfBirth), "long")}</dd>
          <dt>{p("summary-language")}</dt>
          <dd>
            {p(LANGUAGE_MESSAGES[language])}
            {patient.interpreterWanted && ` · ${p("summary-interpreter")}`}
          </dd>
          <dt>{p("summary-address")}</dt>
          <dd>
            {[patient.addressLine1, patient.addressLine2, patient.city, patient.state, patient.zip]
              .map((part) => part.trim())
              .filter((part) => part !== "")
              .join(", ")}
          </dd>
          <dt>{p("summary-phones")}</dt>
          <dd>
            {patient.phones.map((phone) => `${p(PHONE_KIND_MESSAGES[phone.kind])}: ${phone.number}`).join(" · ")}
          </dd>
          {form.caregiver.name.trim() !== "" && (
            <>
              <dt>{p("summary-caregiver")}</dt>
              <dd>
                {form.caregiver.name} ({form.caregiver.relationship}) · {form.caregiver.phone}
              </dd>
            </>
          )}
          <dt>{p("summary-insurance")}</dt>
          <dd>
            {plans.length === 0
              ? p("summary-uninsured")
              : plans.map((plan) => p("summary-plan", { plan: plan.planName, member: plan.memberId })).join(" · ")}
          </dd>
          <dt>{p("summary-prescriber")}</dt>
          <dd>{p("summary-prescriber-line", { name: form.prescriber.name, npi: form.prescriber.npi })}</dd>
          <dt>{p("summary-medications")}</dt>
          <dd>
            <ul>
              {form.medications.map((medication, index) => (
                <li key={index}>
                  {medication.drug} {medication.strength}
                  {medication.directions.trim() !== "" && ` — ${medication.directions}`}
                  {" · "}
                  {p("summary-days-supply", { days: Number(medication.daysSupply) })}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{p("summary-allergies")}</dt>
          <dd>{allergies.length === 0 ? p("summary-no-allergies") : allergies.join(", ")}</dd>
          <dt>{p("summary-contact")}</dt>
          <dd>
            {p("summary-consent-calls")}: {yesNo(form.consents.calls)} · {p("summary-consent-texts")}:{" "}
            {yesNo(form.consents.texts)} · {p("summary-consent-voicemail")}: {yesNo(form.consents.voicemailDetail)}
          </dd>
          <dt>{p("summary-auto-refill")}</dt>
          <dd>{yesNo(form.consents.autoRefill)}</dd>
          <dt>{p("summary-privacy-notice")}</dt>
          <dd>{yesNo(form.consents.privacyNoticeAcknowledged)}</dd>
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
