//! The entities that sync and the fields each may carry: the one schema the
//! app's store writes, the sync client pushes and the server accepts.

use serde::{Deserialize, Serialize};

/// Every kind of entity that syncs, with its writable fields. A field not
/// listed here cannot be written or pushed: the whitelist is what makes
/// building SQL from field names safe, in the app's store and on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Entity {
    Pharmacy,
    Patient,
    Prescription,
    Interaction,
    Preference,
    User,
    /// Append-only: each event is written once, by the device whose chain it extends.
    AuditEvent,
    Consult,
    ConsultEvent,
    Availability,
    EnrollmentDraft,
    PatientProfile,
    /// Append-only by use: a revocation is a new record.
    ConsentRecord,
    /// A request from the pharmacy's website (refill, callback, question), created by the server.
    WebRequest,
    /// An item on the supervisor's exception queue: a coordinator's flag, or
    /// a rule's item once a supervisor acted on it (its id is derived, so two
    /// laptops acting on one item merge).
    ExceptionCase,
}

impl Entity {
    pub const ALL: [Entity; 15] = [
        Self::Pharmacy,
        Self::Patient,
        Self::Prescription,
        Self::Interaction,
        Self::Preference,
        Self::User,
        Self::AuditEvent,
        Self::Consult,
        Self::ConsultEvent,
        Self::Availability,
        Self::EnrollmentDraft,
        Self::PatientProfile,
        Self::ConsentRecord,
        Self::WebRequest,
        Self::ExceptionCase,
    ];

    /// The name used in the change log and on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pharmacy => "pharmacy",
            Self::Patient => "patient",
            Self::Prescription => "prescription",
            Self::Interaction => "interaction",
            Self::Preference => "preference",
            Self::User => "user",
            Self::AuditEvent => "audit-event",
            Self::Consult => "consult",
            Self::ConsultEvent => "consult-event",
            Self::Availability => "availability",
            Self::EnrollmentDraft => "enrollment-draft",
            Self::PatientProfile => "patient-profile",
            Self::ConsentRecord => "consent-record",
            Self::WebRequest => "web-request",
            Self::ExceptionCase => "exception-case",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|entity| entity.name() == name)
    }

    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Pharmacy => &[
                "name",
                "phone",
                "time_zone",
                "calling_window_start",
                "calling_window_end",
                "reminder_lead_days",
                "refill_too_soon_percent",
                "retry_after_hours",
                "max_attempts",
                "daily_call_limit",
                "weekly_call_limit",
                "idle_lock_minutes",
            ],
            Self::Patient => &[
                "given_name",
                "middle_name",
                "family_name",
                "second_family_name",
                "date_of_birth",
                "preferred_language",
                "time_zone",
                "phones",
                "consent_calls",
                "consent_texts",
                "consent_voicemail_detail",
                "external_id",
                "zip",
                "program",
                "assigned_to",
                "call_window_start",
                "call_window_end",
            ],
            Self::Prescription => &[
                "patient_id",
                "rx_number",
                "drug",
                "strength",
                "directions",
                "days_supply",
                "quantity",
                "refills_left",
                "last_fill_date",
                "expires_on",
                "prescriber_name",
                "prescriber_npi",
                "critical",
                "active",
            ],
            Self::Interaction => &[
                "patient_id",
                "occurred_at",
                "recorded_by",
                "channel",
                "disposition",
                "notes",
                "language",
                "interpreter_used",
                "duration_seconds",
                "refill_fulfillment",
                "refill_on",
                "decline_reason",
                "callback_at",
            ],
            Self::Preference => &["ui_locale"],
            Self::User => {
                &["username", "display_name", "roles", "languages", "ui_locale", "password_hash", "pin_hash", "active"]
            }
            Self::AuditEvent => &[
                "device_id",
                "sequence",
                "occurred_at",
                "user_id",
                "username",
                "action",
                "entity",
                "entity_id",
                "previous_hash",
                "hash",
            ],
            Self::Consult => &[
                "patient_id",
                "requested_by",
                "requested_at",
                "reason",
                "reason_text",
                "urgency",
                "language",
                "preferred_times",
                "callback_phone",
                "notes",
                "status",
                "pharmacist_id",
                "slot_start",
                "slot_end",
                "interpreter_needed",
                "decline_reason",
                "outcome_notes",
                "version",
            ],
            Self::ConsultEvent => &[
                "consult_id",
                "occurred_at",
                "username",
                "transition",
                "from_status",
                "to_status",
                "based_on_version",
                "pharmacist_id",
                "slot_start",
                "slot_end",
                "note",
            ],
            Self::Availability => &["time_zone", "weekly", "exceptions", "slot_minutes"],
            Self::EnrollmentDraft => {
                &["form", "status", "started_by", "started_at", "updated_by", "updated_at", "patient_id"]
            }
            Self::PatientProfile => &[
                "sex",
                "address",
                "email",
                "interpreter_wanted",
                "caregiver",
                "insurance",
                "prescriber",
                "allergies",
                "auto_refill",
                "privacy_notice_acknowledged_at",
                "enrolled_by",
                "enrolled_at",
            ],
            Self::ConsentRecord => &[
                "patient_id",
                "action",
                "recorded_by",
                "recorded_at",
                "language",
                "text_version",
                "consent_calls",
                "consent_texts",
                "consent_voicemail_detail",
            ],
            Self::WebRequest => &[
                "kind",
                "name",
                "date_of_birth",
                "phone",
                "message",
                "patient_ref",
                "received_at",
                "status",
                "patient_id",
                "handled_by",
            ],
            Self::ExceptionCase => &[
                "patient_id",
                "kind",
                "source",
                "opened_on",
                "interaction_id",
                "note",
                "raised_by",
                "raised_at",
                "assigned_to",
                "assigned_by",
                "assigned_at",
                "status",
                "outcome",
                "resolution_note",
                "resolved_by",
                "resolved_at",
            ],
        }
    }
}

impl TryFrom<String> for Entity {
    type Error = UnknownEntity;

    fn try_from(name: String) -> Result<Self, UnknownEntity> {
        Self::from_name(&name).ok_or(UnknownEntity)
    }
}

impl From<Entity> for &'static str {
    fn from(entity: Entity) -> Self {
        entity.name()
    }
}

/// A name that is not one of [`Entity::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity")]
pub struct UnknownEntity;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_entity_has_fields() {
        for entity in Entity::ALL {
            assert_eq!(Entity::from_name(entity.name()), Some(entity));
            assert!(!entity.fields().is_empty());
            let json = serde_json::to_string(&entity).unwrap_or_default();
            assert_eq!(serde_json::from_str::<Entity>(&json).ok(), Some(entity));
        }
        assert_eq!(Entity::from_name("nothing"), None);
        assert!(serde_json::from_str::<Entity>("\"nothing\"").is_err());
    }
}
