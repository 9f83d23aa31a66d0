// Enrolling one patient: the save state, the problem list, one section per part of the record,
// a likely duplicate when there is one, and the actions. The draft's behaviour (autosave, problems,
// consent, submit) lives in `useEnrollmentDraft`; each section in `sections/`.
import type { EnrollmentForm as Form, PharmacySettings } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";
import { DuplicatePanel } from "./DuplicatePanel";
import { FieldProblemsContext, fieldId, fieldLabelId, problemMessage } from "./enrollmentFields";
import { AllergiesSection } from "./sections/AllergiesSection";
import { CaregiverSection } from "./sections/CaregiverSection";
import { ConsentsSection } from "./sections/ConsentsSection";
import { InsuranceSection } from "./sections/InsuranceSection";
import { MedicationsSection } from "./sections/MedicationsSection";
import { PatientSection } from "./sections/PatientSection";
import { PrescriberSection } from "./sections/PrescriberSection";
import { useEnrollmentDraft, type DraftCallbacks, type DraftStart } from "./useEnrollmentDraft";

interface Props extends DraftCallbacks {
  start: DraftStart;
  pharmacy: PharmacySettings | null;
}

export function EnrollmentForm({ start, pharmacy, ...callbacks }: Props) {
  const { t, locale } = useL10n();
  const { form, setForm, view, saveState, fieldProblems, shownProblems, duplicates, error, recordConsent, submit, discard } =
    useEnrollmentDraft(start, callbacks);
  const { onClose } = callbacks;
  // Each section edits its own part of the latest form.
  const part =
    <K extends "patient" | "caregiver" | "insurance" | "prescriber" | "allergies" | "consents">(key: K) =>
    (patch: Partial<Form[K]>) => {
      setForm((current) => ({ ...current, [key]: { ...current[key], ...patch } }));
    };

  return (
    <FieldProblemsContext value={fieldProblems}>
      <form
        className="enrollment-form"
        data-testid="enrollment-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit(null);
        }}
      >
        <div className="form-status" role="status" aria-live="polite" data-testid="enroll-save-state">
          {saveState === "saving" && t("enroll-saving")}
          {saveState === "saved" &&
            view !== null &&
            t("enroll-saved", { when: formatInstant(locale, view.updatedAt), who: view.updatedBy })}
          {saveState === "failed" && <span className="warning-text">{t("enroll-save-failed")}</span>}
          {saveState === "unsaved" && t("enroll-unsaved")}
        </div>

        {shownProblems.length > 0 && (
          <div className="field-errors" id="enroll-problems" tabIndex={-1} role="alert" data-testid="enroll-problems">
            <p>{t("enroll-problems-title", { count: shownProblems.length })}</p>
            <ul>
              {shownProblems.map((problem) => (
                <li key={`${problem.field}-${problemMessage(problem.problem)}`}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      document.getElementById(fieldId(problem.field))?.focus();
                    }}
                  >
                    {t(fieldLabelId(problem.field))}
                  </button>
                  {": "}
                  {t(problemMessage(problem.problem))}
                </li>
              ))}
            </ul>
          </div>
        )}

        <PatientSection
          patient={form.patient}
          setPatient={part("patient")}
          pharmacy={pharmacy}
          suggestedZone={view?.suggestedTimeZone ?? null}
        />
        <CaregiverSection caregiver={form.caregiver} setCaregiver={part("caregiver")} />
        <InsuranceSection insurance={form.insurance} setInsurance={part("insurance")} />
        <PrescriberSection prescriber={form.prescriber} setPrescriber={part("prescriber")} />
        <MedicationsSection
          medications={form.medications}
          onChange={(update) => {
            setForm((current) => ({ ...current, medications: update(current.medications) }));
          }}
        />
        <AllergiesSection allergies={form.allergies} setAllergies={part("allergies")} />
        <ConsentsSection
          consents={form.consents}
          setConsents={part("consents")}
          language={form.patient.preferredLanguage}
          pharmacy={pharmacy}
          onRecordConsent={recordConsent}
        />

        {duplicates !== null && (
          <DuplicatePanel
            candidates={duplicates}
            onDecide={(decision) => {
              submit(decision);
            }}
          />
        )}
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="enroll-submit">
            {t("enroll-submit")}
          </button>
          <button type="button" className="button button-secondary" data-testid="enroll-close" onClick={onClose}>
            {t("enroll-close")}
          </button>
          <button type="button" className="button button-secondary" data-testid="enroll-discard" onClick={discard}>
            {t("enroll-discard")}
          </button>
        </div>
      </form>
    </FieldProblemsContext>
  );
}
