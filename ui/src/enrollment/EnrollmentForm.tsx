// Enrolling one patient. The form saves itself as it is typed (one request at a time, the
// latest form wins), shows Rust's problems next to each field once the field was left (all of
// them after a submit), reads the consent text in the PATIENT's language and stamps the verbal
// consent through Rust, and shows a likely duplicate before anything is created.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { run, type Result } from "../api";
import {
  commands,
  type AppError,
  type CardholderRelationship,
  type DraftView,
  type DuplicateDecision,
  type EnrollmentForm as Form,
  type FormProblem,
  type InsurancePlan,
  type MedicationEntry,
  type PatientSummary,
  type PharmacySettings,
  type Sex,
} from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { PhoneKindSelect } from "../components/PhoneKindSelect";
import { useReportError } from "../hooks/useReportError";
import { LANGUAGES } from "../l10n/bundles";
import { useL10n } from "../l10n/context";
import { formatDate, formatInstant, formatPhone, timeZoneName } from "../l10n/format";
import {
  CARDHOLDER_MESSAGES,
  CARDHOLDER_RELATIONSHIPS,
  LANGUAGE_MESSAGES,
  SEX_MESSAGES,
  SEXES,
} from "../l10n/messageIds";
import { createTranslator } from "../l10n/translator";
import {
  CheckField,
  FieldProblem,
  FieldProblemsContext,
  FormSection,
  TextField,
  fieldId,
  fieldLabelId,
  problemMessage,
  type FieldProblems,
} from "./enrollmentFields";
import { US_ZONES } from "../l10n/zones";

const AUTOSAVE_DELAY_MS = 400;
const RETRY_DELAY_MS = 5_000;



type SaveState = "unsaved" | "saving" | "saved" | "failed";

interface Props {
  /** The draft to resume, or a blank form for a new one. */
  start: { draft: DraftView } | { blank: Form };
  pharmacy: PharmacySettings | null;
  onClose: () => void;
  /** The first save created the draft. */
  onDraftCreated: (draftId: string) => void;
  onEnrolled: (patientId: string, form: Form, created: boolean) => void;
}

export function EnrollmentForm({ start, pharmacy, onClose, onDraftCreated, onEnrolled }: Props) {
  const { t, locale } = useL10n();
  const reportError = useReportError();
  const initialForm = "draft" in start ? start.draft.form : start.blank;
  const [form, setForm] = useState<Form>(initialForm);
  const [view, setView] = useState<DraftView | null>("draft" in start ? start.draft : null);
  const [saveState, setSaveState] = useState<SaveState>("draft" in start ? "saved" : "unsaved");
  const [left, setLeft] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [duplicates, setDuplicates] = useState<PatientSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // Saves and submits run one at a time, each with the draft id the ones before it left, so a
  // first save never creates two drafts.
  const draftId = useRef<string | null>("draft" in start ? start.draft.id : null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const enqueue = useCallback(<T,>(operation: (draftId: string | null) => Promise<T>): Promise<T> => {
    const next = chain.current.then(
      () => operation(draftId.current),
      () => operation(draftId.current),
    );
    chain.current = next.catch(() => undefined);
    return next;
  }, []);
  const formRef = useRef(form);
  useEffect(() => {
    formRef.current = form;
  }, [form]);
  const savedForm = useRef<Form | null>("draft" in start ? start.draft.form : null);
  const saveQueued = useRef(false);

  const accept = useCallback(
    (result: Result<DraftView>, sent: Form) => {
      if (result.status === "ok") {
        if (draftId.current === null) onDraftCreated(result.data.id);
        draftId.current = result.data.id;
        savedForm.current = sent;
        setView(result.data);
        setSaveState(formRef.current === sent ? "saved" : "saving");
        // The verbal consent is Rust's to set: keep the form in step with it.
        setForm((current) =>
          current.consents.verbal === result.data.form.consents.verbal ||
          JSON.stringify(current.consents.verbal) === JSON.stringify(result.data.form.consents.verbal)
            ? current
            : { ...current, consents: { ...current.consents, verbal: result.data.form.consents.verbal } },
        );
      } else {
        setSaveState("failed");
        reportError(result.error);
      }
    },
    [reportError, onDraftCreated],
  );

  const save = useCallback(() => {
    if (saveQueued.current) return;
    saveQueued.current = true;
    setSaveState("saving");
    void enqueue(async (id) => {
      saveQueued.current = false;
      const sent = formRef.current;
      if (sent === savedForm.current) {
        setSaveState("saved");
        return;
      }
      accept(await run(() => commands.saveEnrollmentDraft(id, sent)), sent);
    });
  }, [accept, enqueue]);

  // Save as the user types: a blank form is not a draft until something is typed in it.
  useEffect(() => {
    if (form === initialForm && savedForm.current === null) return;
    if (form === savedForm.current) return;
    const timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [form, initialForm, save]);

  // A save refused while the window was locked (or the store busy) is tried again.
  useEffect(() => {
    if (saveState !== "failed") return;
    const timer = window.setTimeout(save, RETRY_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [saveState, save]);

  const problems: FormProblem[] = useMemo(() => view?.problems ?? [], [view]);
  const fieldProblems: FieldProblems = useMemo(
    () => ({
      shownAt: (path) =>
        submitted || left.has(path) ? problems.find((problem) => problem.field === path) : undefined,
      leave: (path) => {
        setLeft((current) => (current.has(path) ? current : new Set(current).add(path)));
      },
    }),
    [problems, left, submitted],
  );

  const recordConsent = () => {
    void enqueue(async (id) => {
      const sent = formRef.current;
      accept(await run(() => commands.recordEnrollmentConsent(id, sent)), sent);
    });
  };

  const submit = (decision: DuplicateDecision | null) => {
    setError(null);
    void enqueue(async (id) => {
      let sent = formRef.current;
      let draft = id;
      if (draft === null) {
        const saved = await run(() => commands.saveEnrollmentDraft(null, sent));
        accept(saved, sent);
        if (saved.status === "error") return;
        draft = saved.data.id;
        sent = formRef.current;
      }
      const draftIdNow = draft;
      const result = await run(() => commands.submitEnrollment(draftIdNow, sent, decision));
      if (result.status === "error") {
        setError(result.error);
        return;
      }
      const outcome = result.data;
      switch (outcome.kind) {
        case "invalid":
          setSubmitted(true);
          setDuplicates(null);
          setView((current) => (current === null ? current : { ...current, problems: outcome.problems }));
          document.getElementById("enroll-problems")?.focus();
          break;
        case "likely-duplicates":
          setDuplicates(outcome.candidates);
          break;
        case "enrolled":
          onEnrolled(outcome.patientId, sent, outcome.created);
          break;
      }
    });
  };

  const discard = () => {
    void enqueue(async (id) => {
      if (id !== null) {
        const result = await run(() => commands.discardEnrollmentDraft(id));
        if (result.status === "error") {
          setError(result.error);
          return;
        }
      }
      onClose();
    });
  };

  const patient = form.patient;
  const setPatient = (patch: Partial<Form["patient"]>) => {
    setForm((current) => ({ ...current, patient: { ...current.patient, ...patch } }));
  };
  const setPhone = (index: number, patch: Partial<Form["patient"]["phones"][number]>) => {
    setPatient({ phones: patient.phones.map((phone, at) => (at === index ? { ...phone, ...patch } : phone)) });
  };
  const setCaregiver = (patch: Partial<Form["caregiver"]>) => {
    setForm((current) => ({ ...current, caregiver: { ...current.caregiver, ...patch } }));
  };
  const setInsurance = (patch: Partial<Form["insurance"]>) => {
    setForm((current) => ({ ...current, insurance: { ...current.insurance, ...patch } }));
  };
  const setPrescriber = (patch: Partial<Form["prescriber"]>) => {
    setForm((current) => ({ ...current, prescriber: { ...current.prescriber, ...patch } }));
  };
  const setMedication = (index: number, patch: Partial<MedicationEntry>) => {
    setForm((current) => ({
      ...current,
      medications: current.medications.map((medication, at) => (at === index ? { ...medication, ...patch } : medication)),
    }));
  };
  const setAllergies = (patch: Partial<Form["allergies"]>) => {
    setForm((current) => ({ ...current, allergies: { ...current.allergies, ...patch } }));
  };
  const setConsents = (patch: Partial<Form["consents"]>) => {
    setForm((current) => ({ ...current, consents: { ...current.consents, ...patch } }));
  };
  const blankMedication: MedicationEntry = {
    drug: "",
    strength: "",
    directions: "",
    daysSupply: "",
    quantity: "",
    refills: "",
    lastFillDate: "",
    critical: false,
  };

  const suggestedZone = view?.suggestedTimeZone ?? null;
  const consentScript = useMemo(() => createTranslator(patient.preferredLanguage), [patient.preferredLanguage]);
  const verbal = form.consents.verbal;
  const shownProblems = submitted ? problems : [];

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

        <FormSection id="enroll-section-patient" title={t("enroll-section-patient")}>
          <div className="field-row">
            <label className="form-field">
              <span className="form-label">{t("enroll-preferred-language")}</span>
              <select
                id={fieldId("patient.preferredLanguage")}
                data-testid={fieldId("patient.preferredLanguage")}
                value={patient.preferredLanguage}
                onChange={(event) => {
                  setPatient({ preferredLanguage: event.target.value as Form["patient"]["preferredLanguage"] });
                }}
              >
                {LANGUAGES.map((language) => (
                  <option key={language} value={language} lang={language}>
                    {t(LANGUAGE_MESSAGES[language])}
                  </option>
                ))}
              </select>
            </label>
            <CheckField
              path="patient.interpreterWanted"
              label={t("enroll-interpreter-wanted")}
              checked={patient.interpreterWanted}
              onChange={(interpreterWanted) => {
                setPatient({ interpreterWanted });
              }}
            />
          </div>
          <div className="field-row">
            <TextField
              path="patient.givenName"
              label={t("enroll-given-name")}
              required
              value={patient.givenName}
              onChange={(givenName) => {
                setPatient({ givenName });
              }}
            />
            <TextField
              path="patient.middleName"
              label={t("enroll-middle-name")}
              value={patient.middleName}
              onChange={(middleName) => {
                setPatient({ middleName });
              }}
            />
            <TextField
              path="patient.familyName"
              label={t("enroll-family-name")}
              required
              value={patient.familyName}
              onChange={(familyName) => {
                setPatient({ familyName });
              }}
            />
            <TextField
              path="patient.secondFamilyName"
              label={t("enroll-second-family-name")}
              value={patient.secondFamilyName}
              onChange={(secondFamilyName) => {
                setPatient({ secondFamilyName });
              }}
            />
          </div>
          <div className="field-row">
            <TextField
              path="patient.dateOfBirth"
              label={t("enroll-date-of-birth")}
              required
              placeholder={t("enroll-date-placeholder")}
              inputMode="numeric"
              value={patient.dateOfBirth}
              onChange={(dateOfBirth) => {
                setPatient({ dateOfBirth });
              }}
            />
            <label className="form-field">
              <span className="form-label">{t("enroll-sex")}</span>
              <select
                id={fieldId("patient.sex")}
                value={patient.sex ?? ""}
                onChange={(event) => {
                  setPatient({ sex: event.target.value === "" ? null : (event.target.value as Sex) });
                }}
              >
                <option value="">{t("enroll-sex-unset")}</option>
                {SEXES.map((sex) => (
                  <option key={sex} value={sex}>
                    {t(SEX_MESSAGES[sex])}
                  </option>
                ))}
              </select>
            </label>
            <TextField
              path="patient.program"
              label={t("enroll-program")}
              placeholder={t("enroll-program-placeholder")}
              value={patient.program}
              list="pharmacy-programs"
              onChange={(program) => {
                setPatient({ program });
              }}
            />
            {/* The pharmacy's programs, offered as the coordinator types (any other name is kept). */}
            <datalist id="pharmacy-programs">
              {(pharmacy?.programs ?? []).map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <div className="field-row">
            <TextField
              path="patient.addressLine1"
              label={t("enroll-address-line1")}
              wide
              value={patient.addressLine1}
              onChange={(addressLine1) => {
                setPatient({ addressLine1 });
              }}
            />
            <TextField
              path="patient.addressLine2"
              label={t("enroll-address-line2")}
              value={patient.addressLine2}
              onChange={(addressLine2) => {
                setPatient({ addressLine2 });
              }}
            />
          </div>
          <div className="field-row">
            <TextField
              path="patient.city"
              label={t("enroll-city")}
              value={patient.city}
              onChange={(city) => {
                setPatient({ city });
              }}
            />
            <TextField
              path="patient.state"
              label={t("enroll-state")}
              value={patient.state}
              onChange={(state) => {
                setPatient({ state });
              }}
            />
            <TextField
              path="patient.zip"
              label={t("enroll-zip")}
              required
              inputMode="numeric"
              value={patient.zip}
              onChange={(zip) => {
                setPatient({ zip });
              }}
            />
            <label className="form-field">
              <span className="form-label">{t("enroll-time-zone")}</span>
              <select
                id={fieldId("patient.timeZone")}
                data-testid={fieldId("patient.timeZone")}
                value={patient.timeZone}
                onChange={(event) => {
                  setPatient({ timeZone: event.target.value });
                }}
              >
                <option value="">
                  {suggestedZone !== null
                    ? t("enroll-zone-suggested", { zone: timeZoneName(locale, suggestedZone) })
                    : t("enroll-zone-pharmacy")}
                </option>
                {US_ZONES.map((zone) => (
                  <option key={zone} value={zone}>
                    {timeZoneName(locale, zone)}
                  </option>
                ))}
              </select>
              <FieldProblem path="patient.timeZone" />
            </label>
          </div>
          <div className="form-group" aria-labelledby="enroll-phones-label">
            <span className="form-label" id="enroll-phones-label">
              {t("enroll-phones")}
            </span>
            {patient.phones.map((phone, index) => (
              <div className="field-row" key={index}>
                <label className="form-field">
                  <span className="form-label">{t("enroll-phone-kind")}</span>
                  <PhoneKindSelect
                    value={phone.kind}
                    onChange={(kind) => {
                      setPhone(index, { kind });
                    }}
                  />
                </label>
                <TextField
                  path={`patient.phones.${index}.number`}
                  label={t("enroll-phone-number")}
                  type="tel"
                  inputMode="tel"
                  required
                  value={phone.number}
                  onChange={(number) => {
                    setPhone(index, { number });
                  }}
                />
                {patient.phones.length > 1 && (
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() => {
                      setPatient({ phones: patient.phones.filter((_, at) => at !== index) });
                    }}
                  >
                    {t("enroll-remove")}
                  </button>
                )}
              </div>
            ))}
            <button
              type="button"
              id={fieldId("patient.phones")}
              className="button button-small button-secondary"
              onClick={() => {
                setPatient({ phones: [...patient.phones, { kind: "home", number: "" }] });
              }}
            >
              {t("enroll-add-phone")}
            </button>
            <FieldProblem path="patient.phones" />
          </div>
          <TextField
            path="patient.email"
            label={t("enroll-email")}
            type="email"
            inputMode="email"
            wide
            value={patient.email}
            onChange={(email) => {
              setPatient({ email });
            }}
          />
        </FormSection>

        <FormSection id="enroll-section-caregiver" title={t("enroll-section-caregiver")}>
          <p className="hint">{t("enroll-caregiver-help")}</p>
          <div className="field-row">
            <TextField
              path="caregiver.name"
              label={t("enroll-caregiver-name")}
              value={form.caregiver.name}
              onChange={(name) => {
                setCaregiver({ name });
              }}
            />
            <TextField
              path="caregiver.relationship"
              label={t("enroll-caregiver-relationship")}
              value={form.caregiver.relationship}
              onChange={(relationship) => {
                setCaregiver({ relationship });
              }}
            />
            <TextField
              path="caregiver.phone"
              label={t("enroll-caregiver-phone")}
              type="tel"
              inputMode="tel"
              value={form.caregiver.phone}
              onChange={(phone) => {
                setCaregiver({ phone });
              }}
            />
          </div>
          <CheckField
            path="caregiver.mayDiscussHealth"
            label={t("enroll-caregiver-may-discuss")}
            checked={form.caregiver.mayDiscussHealth}
            onChange={(mayDiscussHealth) => {
              setCaregiver({ mayDiscussHealth });
            }}
          />
        </FormSection>

        <FormSection id="enroll-section-insurance" title={t("enroll-section-insurance")}>
          <CheckField
            path="insurance.uninsured"
            label={t("enroll-uninsured")}
            checked={form.insurance.uninsured}
            onChange={(uninsured) => {
              setInsurance({ uninsured });
            }}
          />
          {!form.insurance.uninsured && (
            <>
              <PlanFields
                path="insurance.primary"
                title={t("enroll-primary-plan")}
                plan={form.insurance.primary}
                onChange={(primary) => {
                  setInsurance({ primary });
                }}
              />
              <CheckField
                path="insurance.hasSecondary"
                label={t("enroll-has-secondary")}
                checked={form.insurance.hasSecondary}
                onChange={(hasSecondary) => {
                  setInsurance({ hasSecondary });
                }}
              />
              {form.insurance.hasSecondary && (
                <PlanFields
                  path="insurance.secondary"
                  title={t("enroll-secondary-plan")}
                  plan={form.insurance.secondary}
                  onChange={(secondary) => {
                    setInsurance({ secondary });
                  }}
                />
              )}
            </>
          )}
        </FormSection>

        <FormSection id="enroll-section-prescriber" title={t("enroll-section-prescriber")}>
          <div className="field-row">
            <TextField
              path="prescriber.name"
              label={t("enroll-prescriber-name")}
              required
              value={form.prescriber.name}
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
              value={form.prescriber.npi}
              onChange={(npi) => {
                setPrescriber({ npi });
              }}
            />
            <TextField
              path="prescriber.phone"
              label={t("enroll-prescriber-phone")}
              type="tel"
              inputMode="tel"
              value={form.prescriber.phone}
              onChange={(phone) => {
                setPrescriber({ phone });
              }}
            />
            <TextField
              path="prescriber.fax"
              label={t("enroll-prescriber-fax")}
              type="tel"
              inputMode="tel"
              value={form.prescriber.fax}
              onChange={(fax) => {
                setPrescriber({ fax });
              }}
            />
          </div>
        </FormSection>

        <FormSection id="enroll-section-medications" title={t("enroll-section-medications")}>
          {form.medications.map((medication, index) => (
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
                {form.medications.length > 1 && (
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() => {
                      setForm((current) => ({
                        ...current,
                        medications: current.medications.filter((_, at) => at !== index),
                      }));
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
              setForm((current) => ({ ...current, medications: [...current.medications, blankMedication] }));
            }}
          >
            {t("enroll-add-medication")}
          </button>
          <FieldProblem path="medications" />
        </FormSection>

        <FormSection id="enroll-section-allergies" title={t("enroll-section-allergies")}>
          <CheckField
            path="allergies.noneKnown"
            label={t("enroll-allergies-none-known")}
            checked={form.allergies.noneKnown}
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
              value={form.allergies.allergies}
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

        <FormSection id="enroll-section-consents" title={t("enroll-section-consents")}>
          <CheckField
            path="consents.calls"
            label={t("enroll-consent-calls")}
            checked={form.consents.calls}
            onChange={(calls) => {
              setConsents({ calls });
            }}
          />
          <CheckField
            path="consents.texts"
            label={t("enroll-consent-texts")}
            checked={form.consents.texts}
            onChange={(texts) => {
              setConsents({ texts });
            }}
          />
          <CheckField
            path="consents.voicemailDetail"
            label={t("enroll-consent-voicemail-detail")}
            checked={form.consents.voicemailDetail}
            onChange={(voicemailDetail) => {
              setConsents({ voicemailDetail });
            }}
          />
          <div className="consent-script" lang={patient.preferredLanguage} data-testid="enroll-consent-text">
            <p className="script-label">
              {t("enroll-consent-read-aloud", { language: t(LANGUAGE_MESSAGES[patient.preferredLanguage]) })}
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
              onClick={recordConsent}
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
            checked={form.consents.privacyNoticeAcknowledged}
            onChange={(privacyNoticeAcknowledged) => {
              setConsents({ privacyNoticeAcknowledged });
            }}
          />
          <CheckField
            path="consents.autoRefill"
            label={t("enroll-auto-refill")}
            checked={form.consents.autoRefill}
            onChange={(autoRefill) => {
              setConsents({ autoRefill });
            }}
          />
        </FormSection>

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

function DuplicatePanel({
  candidates,
  onDecide,
}: {
  candidates: PatientSummary[];
  onDecide: (decision: DuplicateDecision) => void;
}) {
  const { t, locale } = useL10n();
  const firstRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    firstRef.current?.focus();
  }, []);
  return (
    <section className="panel duplicate-panel" role="alert" aria-labelledby="enroll-duplicate-title" data-testid="enroll-duplicates">
      <h2 id="enroll-duplicate-title">{t("enroll-duplicate-title")}</h2>
      <p>{t("enroll-duplicate-body")}</p>
      <ul className="plain-list">
        {candidates.map((candidate, index) => (
          <li key={candidate.id} className="duplicate-candidate">
            <span className="patient-name">{candidate.fullName}</span>
            <span>{formatDate(locale, candidate.dateOfBirth, "medium")}</span>
            <span>{candidate.phone !== null ? formatPhone(candidate.phone) : t("phone-none")}</span>
            {candidate.externalId !== null && <span className="muted">{candidate.externalId}</span>}
            <button
              type="button"
              className="button"
              ref={index === 0 ? firstRef : undefined}
              data-testid="enroll-same-patient"
              onClick={() => {
                onDecide({ kind: "same-patient", patientId: candidate.id });
              }}
            >
              {t("enroll-same-patient")}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        data-testid="enroll-new-patient"
        onClick={() => {
          onDecide({ kind: "new-patient" });
        }}
      >
        {t("enroll-new-patient")}
      </button>
    </section>
  );
}
