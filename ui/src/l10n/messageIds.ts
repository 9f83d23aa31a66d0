// Message ids for values of the enumerations in bindings.ts. Each map is a Record over the
// whole union, so a value added on the Rust side fails to type-check until it has a message;
// the arrays next to the maps list every value for the tests.
import type { ContactChannel, Disposition, ErrorCode, Language, PhoneKind } from "../bindings";

export const CHANNEL_MESSAGES: Record<ContactChannel, string> = {
  "outbound-call": "channel-outbound-call",
  "inbound-call": "channel-inbound-call",
  text: "channel-text",
  web: "channel-web",
};
export const CHANNELS = Object.keys(CHANNEL_MESSAGES) as ContactChannel[];

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
  internal: "error-internal",
};
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];
