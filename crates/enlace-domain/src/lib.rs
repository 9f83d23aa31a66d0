//! Enlace's domain: the types the pharmacy works with (patients, prescriptions,
//! interactions, pharmacy settings) and the rules over them as pure functions.
//!
//! Nothing here reads a clock, a file, the network or a random source: callers
//! pass "now" and "today" in, so every rule is testable on its edge cases.

pub mod access;
pub mod adherence;
pub mod audit;
pub mod backup;
pub mod call_list;
pub mod caller;
pub mod calling;
pub mod consult;
pub mod contact;
pub mod enrollment;
pub mod exceptions;
pub mod field_rules;
pub mod hlc;
pub mod import;
pub mod intake;
pub mod interaction;
pub mod language;
pub mod name;
pub mod npi;
pub mod patient;
pub mod pharmacy;
pub mod phone;
pub mod prescription;
pub mod productivity;
pub mod refill;
pub mod search;
pub mod sign_in;
pub mod task;
pub mod updates;
pub mod user;
pub mod zip_zone;
pub mod zone;

pub use access::{Action, Role, permits, permitted_actions};
pub use adherence::{ADHERENT_PERCENT, DrugPdc, Fill, PDC_PERIOD_DAYS, non_adherent, pdc};
pub use audit::{AuditAction, AuditDraft, AuditEvent, ChainBreak, ChainHead, chain_event, verify_chain};
pub use backup::{BACKUP_PASSPHRASE_MIN_CHARS, PassphraseProblem, check_backup_passphrase};
pub use call_list::{
    CallListEntry, CallListFilter, CallQueueSummary, DueMedication, PatientCalls, PriorityKey, by_priority,
    call_list_entry, call_queue_summary, calls_needed_since,
};
pub use caller::{CallerRole, caller_number};
pub use calling::{
    CallRules, CallState, CycleOutcome, ExceptionReason, effective_window, next_open_at, patient_window,
    window_in_every_zone,
};
pub use consult::{
    Availability, AvailabilityException, AvailabilityProblem, Consult, ConsultReason, ConsultStatus, ConsultTransition,
    DoubleBooked, IllegalTransition, PreferredTime, Slot, SlotOffer, Urgency, WeeklyHours, best_offer,
    by_queue_priority, check_availability, check_booking, earliest_fit, fits_preferences, fitting_slots,
    interpreter_needed, next_status,
};
pub use contact::{ContactForm, CorrectedContact, ProfileContactForm, correct_contact, correct_contact_and_profile};
pub use enrollment::{
    Address, CONSENT_TEXT_VERSION, Caregiver, ConsentAction, ConsentRecord, EnrollmentContext, EnrollmentForm,
    EnrollmentProblem, EnrollmentRecords, FormProblem, InsurancePlan, PatientProfile, Prescriber, Sex, ValidEnrollment,
    check_enrollment, enrollment_records, likely_duplicates, likely_same_person,
};
pub use exceptions::{
    ExceptionCase, ExceptionKind, ExceptionOutcome, ExceptionProblem, ExceptionResolution, ExceptionSource,
    RENEWAL_EXCEPTION_DAYS, RenewalWait, Severity, by_exception_priority, check_flag, check_resolution,
    number_for_resolution, renewal_exception_since, replace_called_number, rule_case_id,
};
pub use field_rules::FieldError;
pub use hlc::{ClockExhausted, HlcParseError, HlcStamp, MAX_WALL_MS};
pub use intake::{Candidate, RequestMatch, match_request, request_names_patient};
pub use interaction::{
    ContactChannel, ContactParty, ContactReason, ContactShape, DeclineReason, Direction, Disposition, Fulfillment,
    Interaction, OutcomeError, RefillArrangement, check_outcome, contact_problems,
};
pub use language::Language;
pub use name::{PersonName, fold_for_search};
pub use npi::{is_valid_npi, npi_check_digit};
pub use patient::{ContactConsents, Patient, PatientStatus, Phone, PhoneKind};
pub use pharmacy::{
    CallingWindow, CallingWindowSyntax, MAX_PROGRAM_NAME, MAX_PROGRAMS, PharmacySettings, SettingsProblem,
    check_settings, programs_are_valid,
};
pub use phone::{PhoneError, to_e164};
pub use prescription::Prescription;
pub use productivity::{
    DailyCalls, Productivity, REPORT_MAX_DAYS, ReportPeriod, daily_calls, productivity, report_days,
};
pub use refill::{RefillProgram, RefillStatus, refill_status, reminder_dates};
pub use search::{patient_search_text, search_terms};
pub use sign_in::{CredentialError, check_password, check_pin, next_attempt_at, normalize_username, sign_in_wait};
pub use task::{
    AssigneeKind, Task, TaskAssignee, TaskClock, TaskEvent, TaskEventKind, TaskProblem, TaskStatus, TaskStep,
    TaskUrgency, by_due, check_new_task, due_instant, due_outside_calling_hours, take_step, task_urgency,
};
pub use updates::{Release, UPDATE_TARGETS, is_update_target, update_for};
pub use user::User;
pub use zone::{ZoneError, local_date, parse_zone};

/// Every entity id is a UUIDv7: time-ordered, so ids created offline on
/// different devices never collide and still sort by creation time.
pub type EntityId = uuid::Uuid;
