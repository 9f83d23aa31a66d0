//! The entities that sync and the fields each may carry: the one schema the
//! app's store writes, the sync client pushes and the server accepts. Each
//! field names the values it may hold ([`crate::value_rules`]), so a value a
//! laptop's store could not write or read back never gets into the log.

use serde::{Deserialize, Serialize};

pub use crate::value_rules::{Field, Kind};

/// Every kind of entity that syncs, with its writable fields. A field not
/// listed here cannot be written or pushed: the whitelist is what makes
/// building SQL from field names safe, in the app's store and on the server.
/// A user's PIN is not among them: it never leaves the laptop it was set on.
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
    /// A follow-up task.
    Task,
    /// Append-only: one step taken on a task (done, reassigned, snoozed, cancelled).
    TaskEvent,
}

impl Entity {
    pub const ALL: [Entity; 17] = [
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
        Self::Task,
        Self::TaskEvent,
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
            Self::Task => "task",
            Self::TaskEvent => "task-event",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|entity| entity.name() == name)
    }

    /// The entity's fields, each with the values it may hold.
    pub fn fields(self) -> &'static [Field] {
        use crate::value_rules::tables;
        match self {
            Self::Pharmacy => tables::PHARMACY,
            Self::Patient => tables::PATIENT,
            Self::Prescription => tables::PRESCRIPTION,
            Self::Interaction => tables::INTERACTION,
            Self::Preference => tables::PREFERENCE,
            Self::User => tables::USER,
            Self::AuditEvent => tables::AUDIT_EVENT,
            Self::Consult => tables::CONSULT,
            Self::ConsultEvent => tables::CONSULT_EVENT,
            Self::Availability => tables::AVAILABILITY,
            Self::EnrollmentDraft => tables::ENROLLMENT_DRAFT,
            Self::PatientProfile => tables::PATIENT_PROFILE,
            Self::ConsentRecord => tables::CONSENT_RECORD,
            Self::WebRequest => tables::WEB_REQUEST,
            Self::ExceptionCase => tables::EXCEPTION_CASE,
            Self::Task => tables::TASK,
            Self::TaskEvent => tables::TASK_EVENT,
        }
    }

    /// The field called `name`, if the entity has one.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|field| field.name == name)
    }

    /// The names of the entity's fields, in the schema's order.
    pub fn field_names(self) -> impl Iterator<Item = &'static str> {
        self.fields().iter().map(|field| field.name)
    }

    /// Entities written once and never changed: a second change to one is
    /// refused (by the server) and set aside (by a laptop), so no replica
    /// ever rewrites what the audit trail, a call's record or a consult's
    /// history says happened.
    pub fn append_only(self) -> bool {
        matches!(
            self,
            Self::AuditEvent | Self::Interaction | Self::ConsultEvent | Self::ConsentRecord | Self::TaskEvent
        )
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
            let names: std::collections::BTreeSet<&str> = entity.field_names().collect();
            assert_eq!(names.len(), entity.fields().len(), "{entity:?} names a field twice");
            let json = serde_json::to_string(&entity).unwrap_or_default();
            assert_eq!(serde_json::from_str::<Entity>(&json).ok(), Some(entity));
        }
        assert_eq!(Entity::from_name("nothing"), None);
        assert!(serde_json::from_str::<Entity>("\"nothing\"").is_err());
        assert!(Entity::User.field("pin_hash").is_none(), "a PIN never travels");
    }
}
