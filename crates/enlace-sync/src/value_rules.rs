//! The values each synced field may hold. A laptop's store keeps every
//! entity in a SQLite table with typed, NOT NULL and CHECK'ed columns, and
//! reads rows back into domain types; a value that fits neither would stop
//! every laptop that pulls it. So one table here says, field by field, what
//! the column takes and what the domain reads, and both the server (before
//! it keeps a change) and the store (before it writes one) check values
//! against it.
//!
//! How to use it: [`Entity::fields`](crate::Entity::fields) gives an entity's
//! [`Field`]s; [`check_fields`] judges a change's whole field map. A new
//! column gets a row in [`tables`] with the narrowest [`Kind`] its readers
//! accept, and `nullable` exactly when its column has no NOT NULL.

use chrono::{DateTime, NaiveDate, NaiveTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One synced field: its name (also its column's), the values it takes and
/// whether it may be cleared (set to null).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

/// The values a field takes.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string of at most this many characters.
    Text(usize),
    /// A UUID in text form.
    Id,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 instant.
    Instant,
    /// A time of day, `HH:MM`.
    ClockTime,
    /// A time of day, `HH:MM`, within the federal calling hours (8:00–21:00):
    /// the bounds of a pharmacy's or a patient's calling window.
    CallingHour,
    /// An IANA time zone name.
    Zone,
    /// A whole number in this range.
    Count { min: i64, max: i64 },
    /// A number (whole or not) in this range.
    Number { min: f64, max: f64 },
    /// A boolean (or 0 / 1, which SQLite stores alike).
    Flag,
    /// A string the domain reads as one of its enums.
    Name(fn(&Value) -> bool),
    /// A structure the domain reads from JSON (sent as JSON, or as its JSON
    /// text), of at most this many bytes of text.
    Json(fn(&Value) -> bool, usize),
    /// A normalized username.
    Username,
}

/// Why a value was refused. Names fields, never values: they may be health information.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("the entity has no field {0}")]
    UnknownField(String),
    #[error("{0} cannot be cleared")]
    Null(&'static str),
    #[error("{0} holds a value of the wrong kind")]
    Invalid(&'static str),
}

/// Checks every field of a change to `entity`.
pub fn check_fields(fields: &'static [Field], values: &Map<String, Value>) -> Result<(), ValueError> {
    for (name, value) in values {
        let field = fields
            .iter()
            .find(|field| field.name == name.as_str())
            .ok_or_else(|| ValueError::UnknownField(name.clone()))?;
        field.check(value)?;
    }
    Ok(())
}

impl Field {
    pub fn check(&self, value: &Value) -> Result<(), ValueError> {
        if value.is_null() {
            return if self.nullable { Ok(()) } else { Err(ValueError::Null(self.name)) };
        }
        if self.kind.accepts(value) { Ok(()) } else { Err(ValueError::Invalid(self.name)) }
    }
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        let text = value.as_str();
        match self {
            Kind::Text(max) => text.is_some_and(|text| text.chars().count() <= max),
            Kind::Id => text.is_some_and(|text| uuid::Uuid::parse_str(text).is_ok()),
            Kind::Date => text.is_some_and(|text| NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()),
            Kind::Instant => text.is_some_and(|text| DateTime::parse_from_rfc3339(text).is_ok()),
            Kind::ClockTime => {
                text.is_some_and(|text| text.len() == 5 && NaiveTime::parse_from_str(text, "%H:%M").is_ok())
            }
            Kind::CallingHour => text.is_some_and(|text| {
                let federal = enlace_domain::CallingWindow::federal_limit();
                text.len() == 5
                    && NaiveTime::parse_from_str(text, "%H:%M")
                        .is_ok_and(|time| federal.start <= time && time <= federal.end)
            }),
            Kind::Zone => text.is_some_and(|text| enlace_domain::parse_zone(text).is_ok()),
            Kind::Count { min, max } => value.as_i64().is_some_and(|number| (min..=max).contains(&number)),
            Kind::Number { min, max } => {
                value.as_f64().is_some_and(|number| number.is_finite() && (min..=max).contains(&number))
            }
            Kind::Flag => value.is_boolean() || matches!(value.as_i64(), Some(0 | 1)),
            Kind::Name(reads) => value.is_string() && reads(value),
            Kind::Json(reads, max) => match value {
                Value::String(text) => {
                    text.len() <= max && serde_json::from_str::<Value>(text).is_ok_and(|parsed| reads(&parsed))
                }
                Value::Array(_) | Value::Object(_) => value.to_string().len() <= max && reads(value),
                _ => false,
            },
            Kind::Username => {
                text.is_some_and(|text| enlace_domain::normalize_username(text).is_ok_and(|name| name == text))
            }
        }
    }
}

/// Whether the domain reads `value` as a `T` (in place: the value is not copied).
fn reads<T: DeserializeOwned>(value: &Value) -> bool {
    T::deserialize(value).is_ok()
}

/// Phones as the store keeps them: each E.164.
fn phones(value: &Value) -> bool {
    Vec::<enlace_domain::Phone>::deserialize(value)
        .is_ok_and(|phones| phones.len() <= 20 && phones.iter().all(|phone| is_e164(&phone.e164)))
}

fn is_e164(text: &str) -> bool {
    text.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit()) && !digits.starts_with('0')
    })
}

/// An address as the screens keep it (a two-letter state, a valid ZIP, or neither).
fn address(value: &Value) -> bool {
    enlace_domain::enrollment::Address::deserialize(value).is_ok_and(|address| address.is_well_formed())
}

/// A caregiver named, with a relationship and an E.164 number.
fn caregiver(value: &Value) -> bool {
    enlace_domain::enrollment::Caregiver::deserialize(value).is_ok_and(|caregiver| caregiver.is_well_formed())
}

/// A pharmacy's programs, as its settings screen would accept them.
fn programs(value: &Value) -> bool {
    Vec::<String>::deserialize(value).is_ok_and(|programs| enlace_domain::programs_are_valid(&programs))
}

fn roles(value: &Value) -> bool {
    Vec::<enlace_domain::Role>::deserialize(value).is_ok_and(|roles| !roles.is_empty())
}

/// A patient profile's insurance column: the primary and secondary plans.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InsuranceColumn {
    pub primary: Option<enlace_domain::enrollment::InsurancePlan>,
    pub secondary: Option<enlace_domain::enrollment::InsurancePlan>,
}

/// Every entity's fields. Lengths are generous: they bound what one value
/// may cost, not what a person may type.
pub mod tables {
    use enlace_domain::{
        AssigneeKind, AuditAction, AvailabilityException, ConsentAction, ConsultReason, ConsultStatus,
        ConsultTransition, ContactChannel, ContactParty, ContactReason, DeclineReason, Direction, Disposition,
        EnrollmentForm, ExceptionKind, ExceptionOutcome, ExceptionSource, Fulfillment, Language, PreferredTime,
        Prescriber, Sex, TaskClock, TaskEventKind, TaskStatus, Urgency, WeeklyHours,
    };

    use super::{Field, InsuranceColumn, Kind, phones, reads, roles};

    const NAME: Kind = Kind::Text(200);
    const SHORT: Kind = Kind::Text(100);
    const NOTE: Kind = Kind::Text(20_000);
    const PHONE_TEXT: Kind = Kind::Text(40);
    const COUNT: Kind = Kind::Count { min: 0, max: 1_000_000 };
    const LANGUAGE: Kind = Kind::Name(reads::<Language>);

    const fn required(name: &'static str, kind: Kind) -> Field {
        Field { name, kind, nullable: false }
    }

    const fn optional(name: &'static str, kind: Kind) -> Field {
        Field { name, kind, nullable: true }
    }

    /// "open" or "submitted" or "discarded", as the draft table's CHECK says.
    fn draft_status(value: &serde_json::Value) -> bool {
        matches!(value.as_str(), Some("open" | "submitted" | "discarded"))
    }

    fn web_request_status(value: &serde_json::Value) -> bool {
        matches!(value.as_str(), Some("open" | "handled"))
    }

    fn patient_status(value: &serde_json::Value) -> bool {
        matches!(value.as_str(), Some("active" | "deceased" | "moved-away"))
    }

    fn case_status(value: &serde_json::Value) -> bool {
        matches!(value.as_str(), Some("open" | "resolved"))
    }

    fn audit_action(value: &serde_json::Value) -> bool {
        value.as_str().and_then(AuditAction::from_name).is_some()
    }

    fn hex_hash(value: &serde_json::Value) -> bool {
        value.as_str().is_some_and(|text| text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_hexdigit()))
    }

    pub const PHARMACY: &[Field] = &[
        required("name", NAME),
        required("phone", PHONE_TEXT),
        required("time_zone", Kind::Zone),
        // Each value within what `enlace_domain::check_settings` allows, so a
        // laptop cannot push a setting its own screen would refuse.
        required("calling_window_start", Kind::CallingHour),
        required("calling_window_end", Kind::CallingHour),
        required("reminder_lead_days", Kind::Count { min: 0, max: 30 }),
        required("refill_too_soon_percent", Kind::Count { min: 50, max: 100 }),
        required("retry_after_hours", Kind::Count { min: 1, max: 72 }),
        required("max_attempts", Kind::Count { min: 1, max: 10 }),
        required("daily_call_limit", Kind::Count { min: 1, max: 3 }),
        required("weekly_call_limit", Kind::Count { min: 1, max: 14 }),
        required("idle_lock_minutes", Kind::Count { min: 1, max: 60 }),
        required("task_escalation_hours", Kind::Count { min: 1, max: 168 }),
        required("address", Kind::Json(super::address, 4_000)),
        required("programs", Kind::Json(super::programs, 2_000)),
    ];

    pub const PATIENT: &[Field] = &[
        required("given_name", NAME),
        optional("middle_name", NAME),
        required("family_name", NAME),
        optional("second_family_name", NAME),
        required("date_of_birth", Kind::Date),
        required("preferred_language", LANGUAGE),
        optional("time_zone", Kind::Zone),
        required("time_zone_confirmed", Kind::Flag),
        required("phones", Kind::Json(phones, 4_000)),
        required("consent_calls", Kind::Flag),
        required("consent_texts", Kind::Flag),
        required("consent_voicemail_detail", Kind::Flag),
        optional("external_id", SHORT),
        optional("zip", Kind::Text(10)),
        optional("program", SHORT),
        optional("assigned_to", SHORT),
        optional("call_window_start", Kind::CallingHour),
        optional("call_window_end", Kind::CallingHour),
        required("status", Kind::Name(patient_status)),
    ];

    pub const PRESCRIPTION: &[Field] = &[
        required("patient_id", Kind::Id),
        optional("rx_number", SHORT),
        required("drug", NAME),
        required("strength", SHORT),
        required("directions", Kind::Text(2_000)),
        required("days_supply", Kind::Count { min: 1, max: 3_650 }),
        required("quantity", Kind::Number { min: 0.0, max: 1_000_000.0 }),
        required("refills_left", Kind::Count { min: 0, max: 1_000 }),
        required("last_fill_date", Kind::Date),
        optional("expires_on", Kind::Date),
        required("prescriber_name", NAME),
        optional("prescriber_npi", Kind::Text(20)),
        required("critical", Kind::Flag),
        required("active", Kind::Flag),
    ];

    pub const INTERACTION: &[Field] = &[
        required("patient_id", Kind::Id),
        required("occurred_at", Kind::Instant),
        required("recorded_by", SHORT),
        required("channel", Kind::Name(reads::<ContactChannel>)),
        // Null on rows written before contacts were logged: the channel's direction, the patient.
        optional("direction", Kind::Name(reads::<Direction>)),
        optional("party", Kind::Name(reads::<ContactParty>)),
        optional("reason", Kind::Name(reads::<ContactReason>)),
        // Null on a logged contact that did not answer the refill question.
        optional("disposition", Kind::Name(reads::<Disposition>)),
        required("notes", NOTE),
        required("language", LANGUAGE),
        required("interpreter_used", Kind::Flag),
        optional("duration_seconds", Kind::Count { min: 0, max: 24 * 60 * 60 }),
        optional("refill_fulfillment", Kind::Name(reads::<Fulfillment>)),
        optional("refill_on", Kind::Date),
        optional("decline_reason", Kind::Name(reads::<DeclineReason>)),
        optional("callback_at", Kind::Instant),
    ];

    pub const PREFERENCE: &[Field] = &[required("ui_locale", LANGUAGE)];

    pub const USER: &[Field] = &[
        required("username", Kind::Username),
        required("display_name", NAME),
        required("roles", Kind::Json(roles, 200)),
        required("languages", Kind::Json(reads::<Vec<Language>>, 200)),
        required("ui_locale", LANGUAGE),
        required("password_hash", Kind::Text(512)),
        required("active", Kind::Flag),
    ];

    pub const AUDIT_EVENT: &[Field] = &[
        required("device_id", Kind::Id),
        required("sequence", Kind::Count { min: 1, max: i64::MAX }),
        required("occurred_at", Kind::Instant),
        optional("user_id", Kind::Id),
        required("username", NAME),
        required("action", Kind::Name(audit_action)),
        optional("entity", Kind::Text(40)),
        optional("entity_id", Kind::Id),
        required("previous_hash", Kind::Name(hex_hash)),
        required("hash", Kind::Name(hex_hash)),
    ];

    pub const CONSULT: &[Field] = &[
        required("patient_id", Kind::Id),
        required("requested_by", SHORT),
        required("requested_at", Kind::Instant),
        required("reason", Kind::Name(reads::<ConsultReason>)),
        required("reason_text", Kind::Text(2_000)),
        required("urgency", Kind::Name(reads::<Urgency>)),
        required("language", LANGUAGE),
        required("preferred_times", Kind::Json(reads::<Vec<PreferredTime>>, 10_000)),
        required("callback_phone", PHONE_TEXT),
        required("notes", NOTE),
        required("status", Kind::Name(reads::<ConsultStatus>)),
        optional("pharmacist_id", Kind::Id),
        optional("slot_start", Kind::Instant),
        optional("slot_end", Kind::Instant),
        required("interpreter_needed", Kind::Flag),
        optional("decline_reason", Kind::Text(2_000)),
        optional("outcome_notes", NOTE),
        required("version", Kind::Count { min: 1, max: 1_000_000 }),
    ];

    pub const CONSULT_EVENT: &[Field] = &[
        required("consult_id", Kind::Id),
        required("occurred_at", Kind::Instant),
        required("username", SHORT),
        required("transition", Kind::Name(reads::<ConsultTransition>)),
        required("from_status", Kind::Name(reads::<ConsultStatus>)),
        required("to_status", Kind::Name(reads::<ConsultStatus>)),
        required("based_on_version", COUNT),
        optional("pharmacist_id", Kind::Id),
        optional("slot_start", Kind::Instant),
        optional("slot_end", Kind::Instant),
        required("note", Kind::Text(2_000)),
    ];

    pub const AVAILABILITY: &[Field] = &[
        required("time_zone", Kind::Zone),
        required("weekly", Kind::Json(reads::<Vec<WeeklyHours>>, 20_000)),
        required("exceptions", Kind::Json(reads::<Vec<AvailabilityException>>, 200_000)),
        required("slot_minutes", Kind::Count { min: 5, max: 240 }),
    ];

    pub const ENROLLMENT_DRAFT: &[Field] = &[
        required("form", Kind::Json(reads::<EnrollmentForm>, 1_000_000)),
        required("status", Kind::Name(draft_status)),
        required("started_by", SHORT),
        required("started_at", Kind::Instant),
        required("updated_by", SHORT),
        required("updated_at", Kind::Instant),
        optional("patient_id", Kind::Id),
    ];

    pub const PATIENT_PROFILE: &[Field] = &[
        optional("sex", Kind::Name(reads::<Sex>)),
        required("address", Kind::Json(super::address, 4_000)),
        optional("email", Kind::Text(320)),
        required("interpreter_wanted", Kind::Flag),
        optional("caregiver", Kind::Json(super::caregiver, 4_000)),
        required("insurance", Kind::Json(reads::<InsuranceColumn>, 8_000)),
        required("prescriber", Kind::Json(reads::<Prescriber>, 4_000)),
        required("allergies", Kind::Json(reads::<Vec<String>>, 20_000)),
        required("auto_refill", Kind::Flag),
        required("privacy_notice_acknowledged_at", Kind::Instant),
        required("enrolled_by", SHORT),
        required("enrolled_at", Kind::Instant),
    ];

    pub const CONSENT_RECORD: &[Field] = &[
        required("patient_id", Kind::Id),
        required("action", Kind::Name(reads::<ConsentAction>)),
        required("recorded_by", SHORT),
        required("recorded_at", Kind::Instant),
        required("language", LANGUAGE),
        required("text_version", SHORT),
        required("consent_calls", Kind::Flag),
        required("consent_texts", Kind::Flag),
        required("consent_voicemail_detail", Kind::Flag),
    ];

    pub const WEB_REQUEST: &[Field] = &[
        required("kind", Kind::Name(reads::<crate::WebRequestKind>)),
        required("name", NAME),
        optional("date_of_birth", Kind::Date),
        required("phone", PHONE_TEXT),
        required("message", Kind::Text(4_000)),
        optional("patient_ref", Kind::Text(64)),
        required("received_at", Kind::Instant),
        required("status", Kind::Name(web_request_status)),
        optional("patient_id", Kind::Id),
        optional("handled_by", SHORT),
    ];

    pub const TASK: &[Field] = &[
        optional("patient_id", Kind::Id),
        optional("interaction_id", Kind::Id),
        required("reason", Kind::Name(reads::<ContactReason>)),
        required("notes", Kind::Text(enlace_domain::task::TASK_NOTES_MAX_CHARS)),
        required("due_at", Kind::Instant),
        required("due_clock", Kind::Name(reads::<TaskClock>)),
        required("due_zone", Kind::Zone),
        required("assignee_kind", Kind::Name(reads::<AssigneeKind>)),
        optional("assignee_username", SHORT),
        required("status", Kind::Name(reads::<TaskStatus>)),
        required("created_by", SHORT),
        required("created_at", Kind::Instant),
        optional("closed_by", SHORT),
        optional("closed_at", Kind::Instant),
    ];

    /// Append-only: one per step taken on a task, by whoever took it.
    pub const TASK_EVENT: &[Field] = &[
        required("task_id", Kind::Id),
        required("kind", Kind::Name(reads::<TaskEventKind>)),
        required("username", SHORT),
        required("occurred_at", Kind::Instant),
        optional("assignee_kind", Kind::Name(reads::<AssigneeKind>)),
        optional("assignee_username", SHORT),
        optional("due_at", Kind::Instant),
    ];

    pub const EXCEPTION_CASE: &[Field] = &[
        required("patient_id", Kind::Id),
        required("kind", Kind::Name(reads::<ExceptionKind>)),
        required("source", Kind::Name(reads::<ExceptionSource>)),
        required("opened_on", Kind::Date),
        optional("interaction_id", Kind::Id),
        required("note", NOTE),
        required("raised_by", SHORT),
        required("raised_at", Kind::Instant),
        optional("assigned_to", SHORT),
        optional("assigned_by", SHORT),
        optional("assigned_at", Kind::Instant),
        required("status", Kind::Name(case_status)),
        optional("outcome", Kind::Name(reads::<ExceptionOutcome>)),
        optional("resolution_note", NOTE),
        optional("resolved_by", SHORT),
        optional("resolved_at", Kind::Instant),
    ];
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Entity;

    fn check(entity: Entity, fields: Value) -> Result<(), ValueError> {
        let Value::Object(fields) = fields else { unreachable!("test fields are objects") };
        check_fields(entity.fields(), &fields)
    }

    #[test]
    fn values_a_laptop_could_not_store_are_refused() {
        assert_eq!(check(Entity::Patient, json!({ "phones": "x" })), Err(ValueError::Invalid("phones")));
        assert_eq!(
            check(Entity::Patient, json!({ "consent_calls": "yes" })),
            Err(ValueError::Invalid("consent_calls"))
        );
        assert_eq!(check(Entity::Patient, json!({ "given_name": null })), Err(ValueError::Null("given_name")));
        assert_eq!(check(Entity::Prescription, json!({ "days_supply": 0 })), Err(ValueError::Invalid("days_supply")));
        assert_eq!(
            check(Entity::Patient, json!({ "preferred_language": "fr-FR" })),
            Err(ValueError::Invalid("preferred_language"))
        );
        assert_eq!(
            check(Entity::Patient, json!({ "time_zone": "Mars/Olympus" })),
            Err(ValueError::Invalid("time_zone"))
        );
        assert_eq!(check(Entity::User, json!({ "roles": ["owner"] })), Err(ValueError::Invalid("roles")));
        assert_eq!(check(Entity::User, json!({ "username": "Marta " })), Err(ValueError::Invalid("username")));
        assert_eq!(
            check(Entity::User, json!({ "pin_hash": "$argon2id$x" })),
            Err(ValueError::UnknownField("pin_hash".into()))
        );
        assert_eq!(
            check(Entity::Interaction, json!({ "notes": "x".repeat(20_001) })),
            Err(ValueError::Invalid("notes"))
        );
        assert_eq!(check(Entity::EnrollmentDraft, json!({ "status": "sent" })), Err(ValueError::Invalid("status")));
        assert_eq!(check(Entity::Patient, json!({ "status": "gone" })), Err(ValueError::Invalid("status")));
        // Settings the laptop's own screen refuses are refused here too.
        for (field, value) in [
            ("calling_window_start", json!("06:00")),
            ("calling_window_end", json!("23:00")),
            ("max_attempts", json!(0)),
            ("daily_call_limit", json!(4)),
            ("idle_lock_minutes", json!(120)),
            ("refill_too_soon_percent", json!(10)),
            ("programs", json!(["Med Sync", "med sync"])),
            ("programs", json!(["x".repeat(41)])),
            ("address", json!({ "line1": 12 })),
        ] {
            let mut fields = serde_json::Map::new();
            fields.insert(field.to_owned(), value);
            assert_eq!(check(Entity::Pharmacy, Value::Object(fields)), Err(ValueError::Invalid(field)), "{field}");
        }
        // A profile's caregiver and address as enrollment and the correction form would accept them.
        let caregiver = |phone: &str, relationship: &str| json!({ "caregiver": { "name": "Lucía", "relationship": relationship, "phone": phone, "mayDiscussHealth": true } });
        assert_eq!(check(Entity::PatientProfile, caregiver("+16025550188", "hija")), Ok(()));
        assert_eq!(check(Entity::PatientProfile, caregiver("555", "hija")), Err(ValueError::Invalid("caregiver")));
        assert_eq!(
            check(Entity::PatientProfile, caregiver("+16025550188", " ")),
            Err(ValueError::Invalid("caregiver"))
        );
        let address = |state: &str, zip: &str| json!({ "address": { "line1": "400 W Van Buren St", "line2": "", "city": "Phoenix", "state": state, "zip": zip } });
        assert_eq!(check(Entity::PatientProfile, address("AZ", "85004")), Ok(()));
        assert_eq!(check(Entity::PatientProfile, address("", "")), Ok(()));
        assert_eq!(check(Entity::PatientProfile, address("Arizona", "85004")), Err(ValueError::Invalid("address")));
        assert_eq!(check(Entity::PatientProfile, address("AZ", "850")), Err(ValueError::Invalid("address")));
        assert_eq!(
            check(Entity::Pharmacy, address("AZ", "850")),
            Err(ValueError::Invalid("address")),
            "the pharmacy's address by the same rule"
        );
        assert_eq!(
            check(Entity::Patient, json!({ "call_window_start": "07:00" })),
            Err(ValueError::Invalid("call_window_start"))
        );
        assert_eq!(
            check(Entity::Patient, json!({ "phones": [{ "kind": "mobile", "e164": "555-0134" }] })),
            Err(ValueError::Invalid("phones"))
        );
    }

    #[test]
    fn values_the_app_writes_are_taken_in_either_json_form() {
        let phones = json!([{ "kind": "mobile", "e164": "+13055550134" }]);
        assert_eq!(check(Entity::Patient, json!({ "phones": phones })), Ok(()));
        assert_eq!(check(Entity::Patient, json!({ "phones": phones.to_string() })), Ok(()));
        assert_eq!(
            check(Entity::User, json!({ "roles": "[\"supervisor\"]", "languages": ["es-US"], "active": 1 })),
            Ok(())
        );
        assert_eq!(check(Entity::Patient, json!({ "middle_name": null, "call_window_start": "08:30" })), Ok(()));
        assert_eq!(
            check(Entity::Prescription, json!({ "quantity": 30, "days_supply": 30, "critical": false })),
            Ok(())
        );
        assert_eq!(
            check(
                Entity::Interaction,
                json!({ "occurred_at": "2026-12-03T15:00:00.000Z", "disposition": "no-answer" })
            ),
            Ok(())
        );
    }
}
