// Message ids for values of the enumerations in bindings.ts. Each map is a Record over the
// whole union, so a value added on the Rust side fails to type-check until it has a message;
// the arrays next to the maps list every value for the tests.
import type {
  AuditAction,
  ExceptionKind,
  ExceptionOutcome,
  Severity,
  RejectReasonView,
  SyncPhaseView,
  WebRequestKindView,
  AvailabilityProblem,
  CardholderRelationship,
  EnrollmentProblem,
  FieldError,
  Sex,
  ConsultReason,
  ConsultStatus,
  ContactChannel,
  ContactParty,
  ContactReason,
  Direction,
  Disposition,
  ErrorCode,
  Language,
  PhoneKind,
  Role,
  SettingsProblem,
  TaskEventKind,
  TaskProblem,
  Urgency,
} from "../bindings";

export const CHANNEL_MESSAGES: Record<ContactChannel, string> = {
  "outbound-call": "channel-outbound-call",
  "inbound-call": "channel-inbound-call",
  text: "channel-text",
  email: "channel-email",
  letter: "channel-letter",
  fax: "channel-fax",
  "walk-in": "channel-walk-in",
  web: "channel-web",
};
export const CHANNELS = Object.keys(CHANNEL_MESSAGES) as ContactChannel[];

/**
 * The direction a channel itself names (a call, a visit, a web request), as
 * `ContactChannel::implied_direction` has it; null where either is possible and
 * the contact says which.
 */
export function impliedDirection(channel: ContactChannel): Direction | null {
  if (channel === "outbound-call") return "outbound";
  if (channel === "inbound-call" || channel === "walk-in" || channel === "web") return "inbound";
  return null;
}

export const DISPOSITION_MESSAGES: Record<Disposition, string> = {
  "refill-confirmed": "disposition-refill-confirmed",
  declined: "disposition-declined",
  "wants-pharmacist": "disposition-wants-pharmacist",
  "call-back": "disposition-call-back",
  "voicemail-left": "disposition-voicemail-left",
  "no-answer": "disposition-no-answer",
  busy: "disposition-busy",
  "wrong-number": "disposition-wrong-number",
  "do-not-call": "disposition-do-not-call",
};
export const DISPOSITIONS = Object.keys(DISPOSITION_MESSAGES) as Disposition[];

export const DIRECTION_MESSAGES: Record<Direction, string> = {
  inbound: "direction-inbound",
  outbound: "direction-outbound",
};

export const DIRECTIONS = Object.keys(DIRECTION_MESSAGES) as Direction[];

export const PARTY_MESSAGES: Record<ContactParty, string> = {
  patient: "party-patient",
  caregiver: "party-caregiver",
  "prescriber-office": "party-prescriber-office",
  insurer: "party-insurer",
  other: "party-other",
};
export const PARTIES = Object.keys(PARTY_MESSAGES) as ContactParty[];

export const REASON_MESSAGES: Record<ContactReason, string> = {
  refill: "reason-refill",
  delivery: "reason-delivery",
  billing: "reason-billing",
  "side-effects": "reason-side-effects",
  "pharmacist-question": "reason-pharmacist-question",
  complaint: "reason-complaint",
  renewal: "reason-renewal",
  other: "reason-other",
};
export const REASONS = Object.keys(REASON_MESSAGES) as ContactReason[];

export const TASK_EVENT_MESSAGES: Record<TaskEventKind, string> = {
  created: "task-event-created",
  done: "task-event-done",
  reassigned: "task-event-reassigned",
  snoozed: "task-event-snoozed",
  cancelled: "task-event-cancelled",
};

export const PHONE_KIND_MESSAGES: Record<PhoneKind, string> = {
  mobile: "phone-kind-mobile",
  home: "phone-kind-home",
  work: "phone-kind-work",
};
export const PHONE_KINDS = Object.keys(PHONE_KIND_MESSAGES) as PhoneKind[];

export const LANGUAGE_MESSAGES: Record<Language, string> = {
  "en-US": "language-en-US",
  "es-US": "language-es-US",
};

/** Written by the Rust side in locales/<locale>/errors.ftl. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  "store-key-missing": "error-store-key-missing",
  "store-wrong-key": "error-store-wrong-key",
  "recovery-key-confirmed": "error-recovery-key-confirmed",
  "recovery-key-not-confirmed": "error-recovery-key-not-confirmed",
  "recovery-key-malformed": "error-recovery-key-malformed",
  "recovery-key-mistyped": "error-recovery-key-mistyped",
  "recovery-key-wrong": "error-recovery-key-wrong",
  "recovery-no-store": "error-recovery-no-store",
  "backup-passphrase-short": "error-backup-passphrase-short",
  "backup-passphrase-mismatch": "error-backup-passphrase-mismatch",
  "backup-file-exists": "error-backup-file-exists",
  "backup-not-written": "error-backup-not-written",
  "backup-unreadable": "error-backup-unreadable",
  "backup-damaged": "error-backup-damaged",
  "backup-too-new": "error-backup-too-new",
  "restore-store-in-use": "error-restore-store-in-use",
  "disk-full": "error-disk-full",
  "update-check-failed": "error-update-check-failed",
  "update-refused": "error-update-refused",
  "update-not-installed": "error-update-not-installed",
  "caller-number-invalid": "error-caller-number-invalid",
  "invalid-task": "error-invalid-task",
  "keyring-unavailable": "error-keyring-unavailable",
  "key-file-insecure": "error-key-file-insecure",
  "store-unavailable": "error-store-unavailable",
  "not-found": "error-not-found",
  "invalid-input": "error-invalid-input",
  "invalid-outcome": "error-invalid-outcome",
  "import-unreadable": "error-import-unreadable",
  "export-failed": "error-export-failed",
  "not-permitted": "error-not-permitted",
  "sign-in-required": "error-sign-in-required",
  "sign-in-failed": "error-sign-in-failed",
  "sign-in-wait": "error-sign-in-wait",
  "username-invalid": "error-username-invalid",
  "username-taken": "error-username-taken",
  "password-weak": "error-password-weak",
  "pin-invalid": "error-pin-invalid",
  "last-supervisor": "error-last-supervisor",
  "already-set-up": "error-already-set-up",
  "invalid-settings": "error-invalid-settings",
  "consult-changed": "error-consult-changed",
  "consult-transition-refused": "error-consult-transition-refused",
  "slot-taken": "error-slot-taken",
  "invalid-availability": "error-invalid-availability",
  "draft-closed": "error-draft-closed",
  "sync-url-invalid": "error-sync-url-invalid",
  "sync-unreachable": "error-sync-unreachable",
  "sync-setup-required": "error-sync-setup-required",
  "sync-certificate-invalid": "error-sync-certificate-invalid",
  "sync-device-exists": "error-sync-device-exists",
  "sync-device-pending": "error-sync-device-pending",
  "sync-credential-missing": "error-sync-credential-missing",
  "command-needs-user": "error-command-needs-user",
  "invalid-exception": "error-invalid-exception",
  "pharmacy-missing": "error-pharmacy-missing",
  "pharmacy-exists": "error-pharmacy-exists",
  "demo-refused": "error-demo-refused",
  cancelled: "error-cancelled",
  "import-running": "error-import-running",
  internal: "error-internal",
};
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export const ROLE_MESSAGES: Record<Role, string> = {
  coordinator: "role-coordinator",
  pharmacist: "role-pharmacist",
  supervisor: "role-supervisor",
};
export const ROLES = Object.keys(ROLE_MESSAGES) as Role[];

export const AUDIT_ACTION_MESSAGES: Record<AuditAction, string> = {
  "sign-in": "audit-action-sign-in",
  "sign-in-failed": "audit-action-sign-in-failed",
  "sign-out": "audit-action-sign-out",
  lock: "audit-action-lock",
  unlock: "audit-action-unlock",
  view: "audit-action-view",
  change: "audit-action-change",
  export: "audit-action-export",
  import: "audit-action-import",
};
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_MESSAGES) as AuditAction[];

/** The kinds of record audit events name (`AuditRow.entity`). */
export const AUDIT_ENTITY_MESSAGES: Partial<Record<string, string>> = {
  patient: "audit-entity-patient",
  user: "audit-entity-user",
  "exception-case": "audit-entity-exception-case",
  "web-request": "audit-entity-web-request",
  task: "audit-entity-task",
};

export const SETTINGS_PROBLEM_MESSAGES: Record<SettingsProblem, string> = {
  "name-missing": "settings-problem-name-missing",
  "phone-invalid": "settings-problem-phone-invalid",
  "time-zone-unknown": "settings-problem-time-zone-unknown",
  "calling-window": "settings-problem-calling-window",
  "reminder-lead-days": "settings-problem-reminder-lead-days",
  "too-soon-percent": "settings-problem-too-soon-percent",
  "retry-after-hours": "settings-problem-retry-after-hours",
  "max-attempts": "settings-problem-max-attempts",
  "call-limits": "settings-problem-call-limits",
  "idle-lock-minutes": "settings-problem-idle-lock-minutes",
  "task-escalation-hours": "settings-problem-task-escalation-hours",
  "address-zip": "settings-problem-address-zip",
  "address-state": "settings-problem-address-state",
  programs: "settings-problem-programs",
};
export const SETTINGS_PROBLEMS = Object.keys(SETTINGS_PROBLEM_MESSAGES) as SettingsProblem[];

export const AVAILABILITY_PROBLEM_MESSAGES: Record<AvailabilityProblem, string> = {
  "slot-length": "availability-problem-slot-length",
  "hours-backwards": "availability-problem-hours-backwards",
  "exception-overlap": "availability-problem-exception-overlap",
};
export const AVAILABILITY_PROBLEMS = Object.keys(AVAILABILITY_PROBLEM_MESSAGES) as AvailabilityProblem[];

export const CONSULT_REASON_MESSAGES: Record<ConsultReason, string> = {
  "new-medication": "consult-reason-new-medication",
  "side-effects": "consult-reason-side-effects",
  "interaction-question": "consult-reason-interaction-question",
  adherence: "consult-reason-adherence",
  cost: "consult-reason-cost",
  other: "consult-reason-other",
};
export const CONSULT_REASONS = Object.keys(CONSULT_REASON_MESSAGES) as ConsultReason[];

export const URGENCY_MESSAGES: Record<Urgency, string> = {
  today: "urgency-today",
  "this-week": "urgency-this-week",
  routine: "urgency-routine",
};
export const URGENCIES = Object.keys(URGENCY_MESSAGES) as Urgency[];

export const CONSULT_STATUS_MESSAGES: Record<ConsultStatus, string> = {
  requested: "consult-status-requested",
  scheduled: "consult-status-scheduled",
  completed: "consult-status-completed",
  "no-show": "consult-status-no-show",
  cancelled: "consult-status-cancelled",
  declined: "consult-status-declined",
};
export const CONSULT_STATUSES = Object.keys(CONSULT_STATUS_MESSAGES) as ConsultStatus[];

/** A refused value in a form's words; `import-error-<reason>` says the same of a report's cell. */
export const FIELD_ERROR_MESSAGES: Record<FieldError, string> = {
  missing: "field-error-missing",
  "invalid-date": "field-error-invalid-date",
  "future-date": "field-error-future-date",
  "implausible-date": "field-error-implausible-date",
  "invalid-phone": "field-error-invalid-phone",
  "invalid-language": "field-error-invalid-language",
  "invalid-time-zone": "field-error-invalid-time-zone",
  "invalid-zip": "field-error-invalid-zip",
  "invalid-state": "field-error-invalid-state",
  "invalid-number": "field-error-invalid-number",
  "out-of-range": "field-error-out-of-range",
  "invalid-npi": "field-error-invalid-npi",
  "invalid-bin": "field-error-invalid-bin",
  "invalid-email": "field-error-invalid-email",
};
export const FIELD_ERRORS = Object.keys(FIELD_ERROR_MESSAGES) as FieldError[];

export const ENROLLMENT_PROBLEM_MESSAGES: Record<Exclude<EnrollmentProblem["kind"], "field">, string> = {
  "no-phone": "enrollment-problem-no-phone",
  "no-medication": "enrollment-problem-no-medication",
  "allergies-unanswered": "enrollment-problem-allergies-unanswered",
  "allergies-contradict": "enrollment-problem-allergies-contradict",
  "privacy-notice-not-acknowledged": "enrollment-problem-privacy-notice-not-acknowledged",
  "verbal-consent-missing": "enrollment-problem-verbal-consent-missing",
  "verbal-consent-outdated": "enrollment-problem-verbal-consent-outdated",
  "voicemail-without-calls": "enrollment-problem-voicemail-without-calls",
  "texts-without-mobile": "enrollment-problem-texts-without-mobile",
};

export const SEX_MESSAGES: Record<Sex, string> = {
  female: "enroll-sex-female",
  male: "enroll-sex-male",
  other: "enroll-sex-other",
  "not-stated": "enroll-sex-not-stated",
};
export const SEXES = Object.keys(SEX_MESSAGES) as Sex[];

export const CARDHOLDER_MESSAGES: Record<CardholderRelationship, string> = {
  self: "enroll-cardholder-self",
  spouse: "enroll-cardholder-spouse",
  child: "enroll-cardholder-child",
  other: "enroll-cardholder-other",
};
export const CARDHOLDER_RELATIONSHIPS = Object.keys(CARDHOLDER_MESSAGES) as CardholderRelationship[];

export const SYNC_PHASE_MESSAGES: Record<SyncPhaseView, string> = {
  starting: "sync-phase-starting",
  syncing: "sync-phase-syncing",
  idle: "sync-phase-idle",
  retrying: "sync-phase-retrying",
  revoked: "sync-phase-revoked",
  unauthorized: "sync-phase-unauthorized",
  pending: "sync-phase-pending",
};
export const SYNC_PHASES = Object.keys(SYNC_PHASE_MESSAGES) as SyncPhaseView[];

/** The sync loop's error codes (enlace_sync_client::engine::error_code). */
export const SYNC_ERROR_MESSAGES: Partial<Record<string, string>> = {
  unreachable: "sync-error-unreachable",
  unauthorized: "sync-error-unauthorized",
  revoked: "sync-error-revoked",
  pending: "sync-error-pending",
  "setup-required": "sync-error-setup-required",
  "server-error": "sync-error-server-error",
  protocol: "sync-error-protocol",
  store: "sync-error-store",
};

export const SYNC_NOTICE_MESSAGES: Record<RejectReasonView, string> = {
  "consult-changed": "sync-notice-consult-changed",
  "slot-taken": "sync-notice-slot-taken",
  "not-permitted": "sync-notice-not-permitted",
  invalid: "sync-notice-invalid",
};

export const WEB_REQUEST_KIND_MESSAGES: Record<WebRequestKindView, string> = {
  refill: "web-request-kind-refill",
  callback: "web-request-kind-callback",
  question: "web-request-kind-question",
};

export const EXCEPTION_KIND_MESSAGES: Record<ExceptionKind, string> = {
  "attempt-cap": "exception-kind-attempt-cap",
  "wrong-number": "exception-kind-wrong-number",
  "renewal-needed": "exception-kind-renewal-needed",
  disconnected: "exception-kind-disconnected",
  hospitalized: "exception-kind-hospitalized",
  deceased: "exception-kind-deceased",
  complaint: "exception-kind-complaint",
  compliment: "exception-kind-compliment",
  save: "exception-kind-save",
};
export const EXCEPTION_KINDS = Object.keys(EXCEPTION_KIND_MESSAGES) as ExceptionKind[];
/** What a coordinator may flag a call with, in the order the menu offers them (problems, then good news). */
export const FLAG_KINDS: readonly ExceptionKind[] = [
  "hospitalized",
  "deceased",
  "wrong-number",
  "disconnected",
  "complaint",
  "compliment",
  "save",
];
/** Good news needs no note. */
export const POSITIVE_KINDS: readonly ExceptionKind[] = ["compliment", "save"];

export const EXCEPTION_OUTCOME_MESSAGES: Record<ExceptionOutcome, string> = {
  "reached-otherwise": "exception-outcome-reached-otherwise",
  "number-updated": "exception-outcome-number-updated",
  "renewal-requested": "exception-outcome-renewal-requested",
  "removed-from-calls": "exception-outcome-removed-from-calls",
  acknowledged: "exception-outcome-acknowledged",
};
export const EXCEPTION_OUTCOMES = Object.keys(EXCEPTION_OUTCOME_MESSAGES) as ExceptionOutcome[];

/** The outcomes that fit an item (the same rule the Rust side enforces). */
export function outcomesFor(kind: ExceptionKind): ExceptionOutcome[] {
  if (POSITIVE_KINDS.includes(kind)) return ["acknowledged"];
  if (kind === "renewal-needed") return ["renewal-requested", "removed-from-calls", "acknowledged"];
  return EXCEPTION_OUTCOMES.filter((outcome) => outcome !== "renewal-requested");
}

/** enlace_domain::ExceptionProblem, which reaches the window only as `args.problems` of an error. */
type ExceptionProblem =
  | "not-a-flag"
  | "note-required"
  | "note-too-long"
  | "outcome-does-not-fit"
  | "already-resolved"
  | "number-required"
  | "number-invalid";

export const EXCEPTION_PROBLEM_MESSAGES: Record<ExceptionProblem, string> = {
  "not-a-flag": "exception-problem-not-a-flag",
  "note-required": "exception-problem-note-required",
  "note-too-long": "exception-problem-note-too-long",
  "outcome-does-not-fit": "exception-problem-outcome-does-not-fit",
  "already-resolved": "exception-problem-already-resolved",
  "number-required": "exception-problem-number-required",
  "number-invalid": "exception-problem-number-invalid",
};

export const SEVERITY_MESSAGES: Record<Severity, string> = {
  high: "severity-high",
  medium: "severity-medium",
  low: "severity-low",
};

export const TASK_PROBLEM_MESSAGES: Record<TaskProblem, string> = {
  "due-in-past": "task-problem-due-in-past",
  "assignee-missing": "task-problem-assignee-missing",
  closed: "task-problem-closed",
  "snooze-not-later": "task-problem-snooze-not-later",
};
