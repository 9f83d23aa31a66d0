// The patient's own details: language, name, birth date, address and time zone, phones, email.
import type { EnrollmentForm as Form, PharmacySettings, Sex } from "../../bindings";
import { PhoneKindSelect } from "../../components/PhoneKindSelect";
import { LANGUAGES } from "../../l10n/bundles";
import { useL10n } from "../../l10n/context";
import { timeZoneName } from "../../l10n/format";
import { LANGUAGE_MESSAGES, SEX_MESSAGES, SEXES } from "../../l10n/messageIds";
import { US_ZONES } from "../../l10n/zones";
import { CheckField, FieldProblem, FormSection, TextField, fieldId } from "../enrollmentFields";

type Patient = Form["patient"];

interface Props {
  patient: Patient;
  setPatient: (patch: Partial<Patient>) => void;
  pharmacy: PharmacySettings | null;
  /** The zone Rust suggests from the ZIP, offered when none is chosen. */
  suggestedZone: string | null;
}

export function PatientSection({ patient, setPatient, pharmacy, suggestedZone }: Props) {
  const { t, locale } = useL10n();
  const setPhone = (index: number, patch: Partial<Patient["phones"][number]>) => {
    setPatient({ phones: patient.phones.map((phone, at) => (at === index ? { ...phone, ...patch } : phone)) });
  };
  return (
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
  );
}
