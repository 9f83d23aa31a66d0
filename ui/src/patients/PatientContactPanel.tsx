// A patient's contact record kept right from their page: numbers (in the order to call them),
// language, zone, ZIP, the hours they asked to be called, and whether the pharmacy still serves
// them; and who changed the record when.
import { useState, type SyntheticEvent } from "react";
import { run } from "../api";
import {
  commands,
  type AppError,
  type CaregiverSection,
  type ContactForm,
  type FormProblem,
  type Language,
  type PatientDetail,
  type PatientStatus,
  type PhoneKind,
  type ProfileContactForm,
  type RecordChangeView,
} from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { PhoneKindSelect } from "../components/PhoneKindSelect";
import { LANGUAGES } from "../l10n/bundles";
import { useL10n } from "../l10n/context";
import { formatInstant, timeZoneName } from "../l10n/format";
import { LANGUAGE_MESSAGES } from "../l10n/messageIds";
import { US_ZONES } from "../l10n/zones";
import { problemMessage } from "../enrollment/enrollmentFields";

export const PATIENT_STATUS_MESSAGES: Record<PatientStatus, string> = {
  active: "patient-status-active",
  deceased: "patient-status-deceased",
  "moved-away": "patient-status-moved-away",
};
const PATIENT_STATUSES = Object.keys(PATIENT_STATUS_MESSAGES) as PatientStatus[];

/** Stored field names → the words the page uses for them. */
const RECORD_FIELD_MESSAGES: Partial<Record<string, string>> = {
  phones: "patient-field-phones",
  preferred_language: "patient-field-language",
  time_zone: "patient-field-time-zone",
  zip: "patient-field-zip",
  call_window_start: "patient-field-calling-hours",
  call_window_end: "patient-field-calling-hours",
  status: "patient-field-status",
  address: "patient-field-address",
  caregiver: "patient-field-caregiver",
  consent_calls: "patient-field-consent",
  consent_texts: "patient-field-consent",
  consent_voicemail_detail: "patient-field-consent",
  given_name: "patient-field-name",
  middle_name: "patient-field-name",
  family_name: "patient-field-name",
  second_family_name: "patient-field-name",
  date_of_birth: "patient-field-date-of-birth",
  program: "patient-field-program",
  assigned_to: "patient-field-assigned-to",
  external_id: "patient-field-external-id",
};

interface Props {
  detail: PatientDetail;
  /** Saved: the page loads the record again (its place on the list may have moved). */
  onSaved: () => void;
  onClose: () => void;
}

/** Opens the correction form (coordinators and supervisors). */
export function CorrectContactButton({ onOpen }: { onOpen: () => void }) {
  const { t } = useL10n();
  return (
    <button type="button" className="button button-small" data-testid="patient-correct" onClick={onOpen}>
      {t("patient-correct")}
    </button>
  );
}

/** The correction form, the width of the page; it starts from the record as it stands. */
export function PatientContactForm({ detail, onSaved, onClose }: Props) {
  const { t } = useL10n();
  const [form, setForm] = useState<ContactForm>(detail.contactForm);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  const update = (change: Partial<ContactForm>) => {
    setForm({ ...form, ...change });
    // A problem goes with the field that had it once that field is edited; the others stay shown.
    const edited = Object.keys(change);
    setProblems(problems.filter((problem) => !edited.some((key) => problem.field.startsWith(key))));
  };
  const setPhone = (index: number, change: Partial<{ kind: PhoneKind; number: string }>) => {
    update({ phones: form.phones.map((phone, at) => (at === index ? { ...phone, ...change } : phone)) });
  };
  const problemAt = (field: string) => problems.find((problem) => problem.field === field);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await run(() => commands.correctPatient(detail.patient.id, form));
    setSaving(false);
    if (result.status === "error") {
      setError(result.error);
    } else if (result.data.kind === "invalid") {
      setError(null);
      setProblems(result.data.problems);
    } else {
      onSaved();
      onClose();
    }
  }

  return (
    <form
      className="panel contact-form"
      data-testid="patient-contact-form"
      aria-labelledby="patient-correct-title"
      onSubmit={(event) => void submit(event)}
    >
      <h2 id="patient-correct-title">{t("patient-correct-title")}</h2>
      <fieldset className="form-group">
        <legend className="form-label">{t("patient-phones")}</legend>
        <p className="hint">{t("patient-correct-phones-help")}</p>
        {form.phones.map((phone, index) => {
          const problem = problemAt(`phones.${index}.number`);
          return (
            <div className="field-row" key={index} data-testid={`contact-phone-${index}`}>
              <label>
                {t("patient-phone-kind")}
                <PhoneKindSelect
                  value={phone.kind}
                  onChange={(kind) => {
                    setPhone(index, { kind });
                  }}
                />
              </label>
              <label>
                {t("patient-phone-number")}
                <input
                  type="tel"
                  data-testid={`contact-phone-number-${index}`}
                  value={phone.number}
                  aria-invalid={problem !== undefined}
                  aria-describedby={problem !== undefined ? `contact-phone-problem-${index}` : undefined}
                  onChange={(event) => {
                    setPhone(index, { number: event.target.value });
                  }}
                />
                {problem !== undefined && (
                  <span className="field-error" id={`contact-phone-problem-${index}`}>
                    {t(problemMessage(problem.problem))}
                  </span>
                )}
              </label>
              {index === 0 ? (
                <span className="tag">{t("patient-phone-called-first")}</span>
              ) : (
                <button
                  type="button"
                  className="button button-small button-secondary"
                  onClick={() => {
                    const chosen = form.phones[index];
                    if (chosen === undefined) return;
                    update({ phones: [chosen, ...form.phones.filter((_, at) => at !== index)] });
                  }}
                >
                  {t("patient-phone-call-first")}
                </button>
              )}
              <button
                type="button"
                className="button button-small button-secondary"
                aria-label={t("patient-phone-remove-label", { number: phone.number })}
                onClick={() => {
                  update({ phones: form.phones.filter((_, at) => at !== index) });
                }}
              >
                {t("patient-phone-remove")}
              </button>
            </div>
          );
        })}
        <FieldProblemLine problem={problemAt("phones")} />
        <button
          type="button"
          className="button button-small button-secondary"
          data-testid="contact-phone-add"
          onClick={() => {
            update({ phones: [...form.phones, { kind: "mobile", number: "" }] });
          }}
        >
          {t("patient-phone-add")}
        </button>
      </fieldset>
      <div className="field-row">
        <label>
          {t("patient-preferred-language")}
          <select
            value={form.preferredLanguage}
            data-testid="contact-language"
            onChange={(event) => {
              update({ preferredLanguage: event.target.value as Language });
            }}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(LANGUAGE_MESSAGES[language])}
              </option>
            ))}
          </select>
        </label>
        <ZoneField form={form} problem={problemAt("timeZone")} onChange={update} />
        <label>
          {t("patient-zip-label")}
          <input
            type="text"
            inputMode="numeric"
            autoComplete="postal-code"
            value={form.zip}
            aria-invalid={problemAt("zip") !== undefined}
            onChange={(event) => {
              update({ zip: event.target.value });
            }}
          />
          <FieldProblemLine problem={problemAt("zip")} />
        </label>
      </div>
      <div className="field-row">
        <label>
          {t("patient-calling-hours-from")}
          <input
            type="time"
            value={form.callWindowStart}
            aria-invalid={problemAt("callWindowStart") !== undefined}
            onChange={(event) => {
              update({ callWindowStart: event.target.value });
            }}
          />
        </label>
        <label>
          {t("patient-calling-hours-until")}
          <input
            type="time"
            value={form.callWindowEnd}
            aria-invalid={problemAt("callWindowEnd") !== undefined}
            onChange={(event) => {
              update({ callWindowEnd: event.target.value });
            }}
          />
        </label>
        {(problemAt("callWindowStart") ?? problemAt("callWindowEnd")) !== undefined && (
          <span className="field-error">{t("patient-calling-hours-problem")}</span>
        )}
      </div>
      {form.profile === null ? (
        <p className="hint">{t("patient-correct-no-profile")}</p>
      ) : (
        <ProfileFields
          profile={form.profile}
          problemAt={problemAt}
          onChange={(profile) => {
            update({ profile });
          }}
        />
      )}
      <fieldset className="form-group">
        <legend className="form-label">{t("patient-status-label")}</legend>
        <div className="choices">
          {PATIENT_STATUSES.map((status) => (
            <label key={status} className="choice">
              <input
                type="radio"
                name="patient-status"
                value={status}
                checked={form.status === status}
                onChange={() => {
                  update({ status });
                }}
              />
              <span>{t(PATIENT_STATUS_MESSAGES[status])}</span>
            </label>
          ))}
        </div>
        {form.status !== "active" && <p className="hint">{t("patient-status-off-lists")}</p>}
      </fieldset>
      <ErrorLine error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="contact-save" disabled={saving}>
          {t("patient-correct-save")}
        </button>
        <button
          type="button"
          className="button"
          onClick={onClose}
        >
          {t("patient-correct-cancel")}
        </button>
      </div>
    </form>
  );
}

function FieldProblemLine({ problem }: { problem: FormProblem | undefined }) {
  const { t } = useL10n();
  if (problem === undefined) return null;
  return <span className="field-error">{t(problemMessage(problem.problem))}</span>;
}

function ZoneField({
  form,
  problem,
  onChange,
}: {
  form: ContactForm;
  problem: FormProblem | undefined;
  onChange: (change: Partial<ContactForm>) => void;
}) {
  const { t, locale } = useL10n();
  const zones: readonly string[] =
    form.timeZone === "" || (US_ZONES as readonly string[]).includes(form.timeZone)
      ? US_ZONES
      : [form.timeZone, ...US_ZONES];
  return (
    <>
      <label>
        {t("patient-time-zone")}
        <select
          value={form.timeZone}
          data-testid="contact-time-zone"
          aria-invalid={problem !== undefined}
          onChange={(event) => {
            // Choosing a zone is confirming it; going back to the ZIP's makes it a suggestion again.
            onChange({ timeZone: event.target.value, timeZoneConfirmed: event.target.value !== "" });
          }}
        >
          <option value="">{t("patient-zone-from-zip")}</option>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {timeZoneName(locale, zone)}
            </option>
          ))}
        </select>
        <FieldProblemLine problem={problem} />
      </label>
      {form.timeZone !== "" && (
        <span className="checkbox-line">
          <input
            type="checkbox"
            id="contact-zone-confirmed"
            data-testid="contact-zone-confirmed"
            checked={form.timeZoneConfirmed}
            onChange={(event) => {
              onChange({ timeZoneConfirmed: event.target.checked });
            }}
          />
          <label htmlFor="contact-zone-confirmed">{t("patient-zone-confirmed")}</label>
        </span>
      )}
    </>
  );
}

/** Who changed the record's fields, and when: the later edit of a field wins. */
export function RecordChanges({ changes }: { changes: RecordChangeView[] }) {
  const { t, locale } = useL10n();
  if (changes.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="patient-changes-title" data-testid="patient-changes">
      <h2 id="patient-changes-title">{t("patient-changes")}</h2>
      <ul className="change-list">
        {changes.map((change, index) => {
          const words = [...new Set(change.fields.map((field) => RECORD_FIELD_MESSAGES[field] ?? null))]
            .filter((id): id is string => id !== null)
            .map((id) => t(id));
          return (
            <li key={`${change.at}-${String(index)}`}>
              {change.created
                ? t("patient-change-created", { when: formatInstant(locale, change.at), who: change.author })
                : t("patient-change-line", {
                    when: formatInstant(locale, change.at),
                    who: change.author,
                    fields: new Intl.ListFormat(locale, { type: "conjunction" }).format(words),
                  })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** An enrolled patient's address and the person they authorize, as enrollment recorded them. */
function ProfileFields({
  profile,
  problemAt,
  onChange,
}: {
  profile: ProfileContactForm;
  problemAt: (field: string) => FormProblem | undefined;
  onChange: (profile: ProfileContactForm) => void;
}) {
  const { t } = useL10n();
  const caregiver = profile.caregiver;
  const setCaregiver = (change: Partial<CaregiverSection>) => {
    onChange({ ...profile, caregiver: { ...caregiver, ...change } });
  };
  const text = (
    labelId: string,
    value: string,
    testId: string,
    problemField: string | null,
    set: (value: string) => void,
    autoComplete?: string,
  ) => {
    const problem = problemField === null ? undefined : problemAt(problemField);
    return (
      <label>
        {t(labelId)}
        <input
          type="text"
          data-testid={testId}
          value={value}
          autoComplete={autoComplete}
          aria-invalid={problem !== undefined}
          onChange={(event) => {
            set(event.target.value);
          }}
        />
        <FieldProblemLine problem={problem} />
      </label>
    );
  };
  return (
    <>
      <fieldset className="form-group">
        <legend className="form-label">{t("summary-address")}</legend>
        <div className="field-row">
          {text("enroll-address-line1", profile.addressLine1, "contact-address-line1", null, (addressLine1) => {
            onChange({ ...profile, addressLine1 });
          }, "address-line1")}
          {text("enroll-address-line2", profile.addressLine2, "contact-address-line2", null, (addressLine2) => {
            onChange({ ...profile, addressLine2 });
          }, "address-line2")}
        </div>
        <div className="field-row">
          {text("enroll-city", profile.city, "contact-city", null, (city) => {
            onChange({ ...profile, city });
          }, "address-level2")}
          {text("enroll-state", profile.state, "contact-state", "profile.state", (state) => {
            onChange({ ...profile, state });
          }, "address-level1")}
        </div>
        <p className="hint">{t("patient-correct-address-zip")}</p>
      </fieldset>
      <fieldset className="form-group" data-testid="contact-caregiver">
        <legend className="form-label">{t("enroll-section-caregiver")}</legend>
        <p className="hint">{t("patient-correct-caregiver-help")}</p>
        <div className="field-row">
          {text("enroll-caregiver-name", caregiver.name, "contact-caregiver-name", null, (name) => {
            setCaregiver({ name });
          })}
          {text(
            "enroll-caregiver-relationship",
            caregiver.relationship,
            "contact-caregiver-relationship",
            "profile.caregiver.relationship",
            (relationship) => {
              setCaregiver({ relationship });
            },
          )}
          {text("enroll-caregiver-phone", caregiver.phone, "contact-caregiver-phone", "profile.caregiver.phone", (phone) => {
            setCaregiver({ phone });
          })}
        </div>
        <label className="checkbox-line">
          <input
            type="checkbox"
            data-testid="contact-caregiver-may-discuss"
            checked={caregiver.mayDiscussHealth}
            onChange={(event) => {
              setCaregiver({ mayDiscussHealth: event.target.checked });
            }}
          />
          {t("enroll-caregiver-may-discuss")}
        </label>
      </fieldset>
    </>
  );
}
