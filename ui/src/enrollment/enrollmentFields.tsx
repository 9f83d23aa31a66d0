// The enrollment form's field plumbing: which problems show next to which field (a field's
// problem shows once the field was left, or after a submit), and labelled inputs that carry
// their problem with aria-invalid and aria-describedby.
import { createContext, useContext, type ReactNode } from "react";
import type { EnrollmentProblem, FormProblem } from "../bindings";
import { useL10n } from "../l10n/context";
import { ENROLLMENT_PROBLEM_MESSAGES, FIELD_ERROR_MESSAGES } from "../l10n/messageIds";

/** The Fluent message that explains a problem in a form's words. */
export function problemMessage(problem: EnrollmentProblem): string {
  return problem.kind === "field" ? FIELD_ERROR_MESSAGES[problem.reason] : ENROLLMENT_PROBLEM_MESSAGES[problem.kind];
}

/** Each problem path's label (indices and the plan's primary/secondary dropped), for the problem list. */
const FIELD_LABELS: Record<string, string> = {
  "patient.givenName": "enroll-given-name",
  "patient.familyName": "enroll-family-name",
  "patient.dateOfBirth": "enroll-date-of-birth",
  "patient.zip": "enroll-zip",
  "patient.timeZone": "enroll-time-zone",
  "patient.phones": "enroll-phones",
  "patient.phones.number": "enroll-phone-number",
  "patient.email": "enroll-email",
  "caregiver.relationship": "enroll-caregiver-relationship",
  "caregiver.phone": "enroll-caregiver-phone",
  "insurance.planName": "enroll-plan-name",
  "insurance.memberId": "enroll-member-id",
  "insurance.bin": "enroll-bin",
  "prescriber.name": "enroll-prescriber-name",
  "prescriber.npi": "enroll-prescriber-npi",
  "prescriber.phone": "enroll-prescriber-phone",
  "prescriber.fax": "enroll-prescriber-fax",
  medications: "enroll-section-medications",
  "medications.drug": "enroll-drug",
  "medications.strength": "enroll-strength",
  "medications.daysSupply": "enroll-days-supply",
  "medications.quantity": "enroll-quantity",
  "medications.refills": "enroll-refills",
  "medications.lastFillDate": "enroll-last-fill-date",
  allergies: "enroll-section-allergies",
  "consents.texts": "enroll-consent-texts",
  "consents.voicemailDetail": "enroll-consent-voicemail-detail",
  "consents.verbal": "enroll-consent-verbal",
  "consents.privacyNoticeAcknowledged": "enroll-privacy-notice",
};

/** The label message of the field a problem is at. */
export function fieldLabelId(path: string): string {
  const general = path
    .split(".")
    .filter((part) => !/^\d+$/.test(part) && part !== "primary" && part !== "secondary")
    .join(".");
  return FIELD_LABELS[general] ?? "enroll-section-patient";
}

/** Every label a problem can name, for the locale tests. */
export const FIELD_LABEL_MESSAGES = Object.values(FIELD_LABELS);

/** The DOM id of a field's input: paths like `patient.phones.0.number` as `enroll-patient-phones-0-number`. */
export function fieldId(path: string): string {
  return `enroll-${path.replaceAll(".", "-")}`;
}

export interface FieldProblems {
  /** The problem shown at `path`, if any. */
  shownAt: (path: string) => FormProblem | undefined;
  /** The user left the field: from now on its problem shows. */
  leave: (path: string) => void;
}

export const FieldProblemsContext = createContext<FieldProblems>({
  shownAt: () => undefined,
  leave: () => undefined,
});

export function useFieldProblems(): FieldProblems {
  return useContext(FieldProblemsContext);
}

/** The problem line under a field (nothing when the field is fine or not yet left). */
export function FieldProblem({ path }: { path: string }) {
  const { t } = useL10n();
  const problem = useFieldProblems().shownAt(path);
  if (problem === undefined) return null;
  return (
    <span className="field-error" id={`${fieldId(path)}-error`} data-testid="field-error" data-field={path}>
      {t(problemMessage(problem.problem))}
    </span>
  );
}

interface TextFieldProps {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "tel" | "email";
  placeholder?: string;
  hint?: string;
  inputMode?: "text" | "numeric" | "decimal" | "tel" | "email";
  autoComplete?: string;
  required?: boolean;
  wide?: boolean;
  list?: string;
}

export function TextField(props: TextFieldProps) {
  const { path, label, value, onChange, hint, wide } = props;
  const { shownAt, leave } = useFieldProblems();
  const id = fieldId(path);
  const invalid = shownAt(path) !== undefined;
  const describedBy = [invalid ? `${id}-error` : null, hint !== undefined ? `${id}-hint` : null]
    .filter((part) => part !== null)
    .join(" ");
  return (
    <label className={wide === true ? "form-field form-field-wide" : "form-field"}>
      <span className="form-label">
        {label}
        {props.required === true && <span aria-hidden="true"> *</span>}
      </span>
      <input
        id={id}
        data-testid={id}
        type={props.type ?? "text"}
        value={value}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? "off"}
        spellCheck={false}
        list={props.list}
        aria-required={props.required}
        aria-invalid={invalid}
        aria-describedby={describedBy === "" ? undefined : describedBy}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        onBlur={() => {
          leave(path);
        }}
      />
      {hint !== undefined && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <FieldProblem path={path} />
    </label>
  );
}

export function CheckField({
  path,
  label,
  checked,
  onChange,
}: {
  path: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { shownAt, leave } = useFieldProblems();
  const id = fieldId(path);
  const invalid = shownAt(path) !== undefined;
  return (
    <div className="form-check">
      <label className="choice">
        <input
          id={id}
          data-testid={id}
          type="checkbox"
          checked={checked}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(event) => {
            onChange(event.target.checked);
            leave(path);
          }}
        />
        {label}
      </label>
      <FieldProblem path={path} />
    </div>
  );
}

export function FormSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <fieldset className="form-section" aria-labelledby={`${id}-legend`} data-testid={id}>
      <legend id={`${id}-legend`}>{title}</legend>
      {children}
    </fieldset>
  );
}
