//! Who may push what: each change needs one of the actions of the app's role
//! table (`enlace_domain::permits`), checked against the change's author. A
//! headless command's changes (and the device's own) are checked against the
//! user who registered the device; the first device of a server, registered
//! with its setup token, brings the pharmacy's existing data and may push it.

use enlace_domain::{Action, ConsultStatus, ConsultTransition, Role, permits};
use serde_json::Value;
use uuid::Uuid;

use crate::{Change, Entity};

/// What a change needs of its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Any active user (preferences, audit events).
    Anyone,
    /// One of these actions.
    AnyOf(&'static [Action]),
    /// The author's own record, with this action (a pharmacist's hours).
    OwnRecord(Action),
}

/// A call may take a patient's consent back (a "do not call"); only
/// enrolling, importing or correcting the record changes the rest of it.
const CHANGE_PATIENTS: &[Action] = &[Action::EditPatient, Action::EnrollPatient, Action::ImportRefills];
const REVOKE_CONSENT: &[Action] = &[Action::RecordCall, Action::EditPatient, Action::EnrollPatient];
const CONSENT_FIELDS: &[&str] = &["consent_calls", "consent_texts", "consent_voicemail_detail"];
const ENROLL: &[Action] = &[Action::EnrollPatient, Action::RecordCall];
const ASK_OR_ANSWER: &[Action] = &[Action::RequestConsult, Action::AnswerConsult];
const ANSWER: &[Action] = &[Action::AnswerConsult];

/// Own-account fields a user may change without managing users.
const OWN_ACCOUNT_FIELDS: &[&str] = &["ui_locale"];

/// What `change` needs, given the author's own user id.
pub fn requirement(change: &Change, author_id: Option<Uuid>) -> Requirement {
    let text = |field: &str| change.fields.get(field).and_then(Value::as_str);
    match change.entity {
        Entity::Pharmacy => Requirement::AnyOf(&[Action::ManageSettings]),
        Entity::User => {
            let own = author_id == Some(change.entity_id);
            if own && change.fields.keys().all(|field| OWN_ACCOUNT_FIELDS.contains(&field.as_str())) {
                Requirement::Anyone
            } else {
                Requirement::AnyOf(&[Action::ManageUsers])
            }
        }
        Entity::Availability => Requirement::OwnRecord(Action::AnswerConsult),
        Entity::Consult => match text("status").and_then(status) {
            Some(ConsultStatus::Requested) => Requirement::AnyOf(&[Action::RequestConsult]),
            Some(ConsultStatus::Cancelled) | None => Requirement::AnyOf(ASK_OR_ANSWER),
            Some(_) => Requirement::AnyOf(ANSWER),
        },
        Entity::ConsultEvent => match text("transition").and_then(transition) {
            Some(ConsultTransition::Cancel) => Requirement::AnyOf(ASK_OR_ANSWER),
            Some(_) => Requirement::AnyOf(ANSWER),
            None => Requirement::AnyOf(ASK_OR_ANSWER),
        },
        Entity::Interaction | Entity::WebRequest => Requirement::AnyOf(&[Action::RecordCall]),
        Entity::Patient if change.fields.keys().all(|field| CONSENT_FIELDS.contains(&field.as_str())) => {
            Requirement::AnyOf(REVOKE_CONSENT)
        }
        Entity::Patient => Requirement::AnyOf(CHANGE_PATIENTS),
        Entity::Prescription => Requirement::AnyOf(&[Action::RecordCall, Action::EnrollPatient, Action::ImportRefills]),
        Entity::PatientProfile | Entity::EnrollmentDraft | Entity::ConsentRecord => Requirement::AnyOf(ENROLL),
        Entity::AuditEvent | Entity::Preference => Requirement::Anyone,
        Entity::Task | Entity::TaskEvent => Requirement::AnyOf(&[Action::WorkTasks]),
        // A flag is raised by whoever documents calls; working the queue is a supervisor's.
        Entity::ExceptionCase => {
            let works_the_queue = change.fields.keys().any(|field| QUEUE_WORK_FIELDS.contains(&field.as_str()));
            if works_the_queue || text("source") == Some("rule") {
                Requirement::AnyOf(&[Action::WorkExceptions])
            } else {
                Requirement::AnyOf(&[Action::RecordCall])
            }
        }
    }
}

/// The exception-case fields only a supervisor working the queue writes.
const QUEUE_WORK_FIELDS: &[&str] = &[
    "assigned_to",
    "assigned_by",
    "assigned_at",
    "status",
    "outcome",
    "resolution_note",
    "resolved_by",
    "resolved_at",
];

/// Whether an author holding `roles` (user id `author_id`) may make `change`.
pub fn permitted(change: &Change, author_id: Option<Uuid>, roles: &[Role]) -> bool {
    match requirement(change, author_id) {
        Requirement::Anyone => true,
        Requirement::AnyOf(actions) => actions.iter().any(|action| permits(roles, *action)),
        Requirement::OwnRecord(action) => author_id == Some(change.entity_id) && permits(roles, action),
    }
}

fn status(text: &str) -> Option<ConsultStatus> {
    serde_json::from_value(Value::String(text.to_owned())).ok()
}

fn transition(text: &str) -> Option<ConsultTransition> {
    serde_json::from_value(Value::String(text.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use enlace_domain::HlcStamp;
    use serde_json::json;

    use super::*;

    fn change(entity: Entity, entity_id: u128, fields: Value) -> Change {
        let Value::Object(fields) = fields else { unreachable!("test fields are objects") };
        let device = Uuid::from_u128(99);
        Change {
            change_id: Uuid::from_u128(1),
            entity,
            entity_id: Uuid::from_u128(entity_id),
            fields,
            hlc: HlcStamp { wall_ms: 1, counter: 0, device },
            device_id: device,
            author: "someone".into(),
        }
    }

    const COORDINATOR: &[Role] = &[Role::Coordinator];
    const PHARMACIST: &[Role] = &[Role::Pharmacist];
    const SUPERVISOR: &[Role] = &[Role::Supervisor];

    #[test]
    fn only_pharmacists_answer_consults_and_coordinators_ask_for_them() {
        let accept = change(Entity::Consult, 5, json!({ "status": "scheduled", "version": 2 }));
        assert!(!permitted(&accept, None, COORDINATOR));
        assert!(permitted(&accept, None, PHARMACIST));
        let request = change(Entity::Consult, 5, json!({ "status": "requested", "version": 1 }));
        assert!(permitted(&request, None, COORDINATOR));
        assert!(!permitted(&request, None, PHARMACIST));
        let event = change(Entity::ConsultEvent, 6, json!({ "transition": "schedule" }));
        assert!(!permitted(&event, None, SUPERVISOR));
        let cancel = change(Entity::ConsultEvent, 6, json!({ "transition": "cancel" }));
        assert!(permitted(&cancel, None, COORDINATOR) && permitted(&cancel, None, PHARMACIST));
    }

    #[test]
    fn users_and_settings_are_a_supervisors_but_everyone_keeps_their_own_language() {
        let roles = change(Entity::User, 3, json!({ "roles": ["supervisor"] }));
        assert!(!permitted(&roles, Some(Uuid::from_u128(3)), COORDINATOR), "no promoting oneself");
        assert!(permitted(&roles, None, SUPERVISOR));
        let locale = change(Entity::User, 3, json!({ "ui_locale": "es-US" }));
        assert!(permitted(&locale, Some(Uuid::from_u128(3)), COORDINATOR));
        assert!(!permitted(&locale, Some(Uuid::from_u128(4)), COORDINATOR), "someone else's account");
        let settings = change(Entity::Pharmacy, 1, json!({ "max_attempts": 5 }));
        assert!(!permitted(&settings, None, COORDINATOR) && permitted(&settings, None, SUPERVISOR));
    }

    #[test]
    fn a_pharmacist_sets_only_their_own_hours_and_anyone_records_calls() {
        let hours = change(Entity::Availability, 8, json!({ "slot_minutes": 15 }));
        assert!(permitted(&hours, Some(Uuid::from_u128(8)), PHARMACIST));
        assert!(!permitted(&hours, Some(Uuid::from_u128(9)), PHARMACIST));
        assert!(!permitted(&hours, Some(Uuid::from_u128(8)), COORDINATOR));
        let call = change(Entity::Interaction, 10, json!({ "disposition": "no-answer" }));
        assert!(permitted(&call, None, PHARMACIST) && permitted(&call, None, COORDINATOR));
        let draft = change(Entity::EnrollmentDraft, 11, json!({ "status": "open" }));
        assert!(permitted(&draft, None, COORDINATOR));
        let audit = change(Entity::AuditEvent, 12, json!({ "action": "view" }));
        assert!(permitted(&audit, None, PHARMACIST));
    }

    #[test]
    fn a_pharmacists_call_may_take_consent_back_but_only_coordinators_and_supervisors_correct_a_record() {
        let do_not_call = change(Entity::Patient, 15, json!({ "consent_calls": false }));
        assert!(permitted(&do_not_call, None, PHARMACIST));
        let number = change(Entity::Patient, 15, json!({ "phones": [{ "kind": "mobile", "e164": "+13055550100" }] }));
        assert!(!permitted(&number, None, PHARMACIST));
        let both = change(Entity::Patient, 15, json!({ "consent_calls": false, "status": "deceased" }));
        assert!(!permitted(&both, None, PHARMACIST), "consent does not carry other fields through");
        assert!(permitted(&number, None, COORDINATOR) && permitted(&both, None, SUPERVISOR));
    }

    #[test]
    fn coordinators_raise_flags_and_only_supervisors_work_the_queue() {
        let flag = change(Entity::ExceptionCase, 13, json!({ "kind": "hospitalized", "source": "flag", "note": "x" }));
        assert!(permitted(&flag, None, COORDINATOR));
        let assign = change(Entity::ExceptionCase, 13, json!({ "assigned_to": "ana", "assigned_by": "ana" }));
        assert!(!permitted(&assign, None, COORDINATOR), "no assigning oneself");
        assert!(permitted(&assign, None, SUPERVISOR));
        let rule = change(Entity::ExceptionCase, 14, json!({ "kind": "attempt-cap", "source": "rule" }));
        assert!(!permitted(&rule, None, COORDINATOR) && permitted(&rule, None, SUPERVISOR));
        let resolve = change(Entity::ExceptionCase, 13, json!({ "status": "resolved", "outcome": "acknowledged" }));
        assert!(!permitted(&resolve, None, PHARMACIST));
    }
}
