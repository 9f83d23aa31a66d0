//! Consult conflicts between devices that acted offline. A step (accept,
//! decline, move…) names the consult version it was taken on and, to book,
//! the slot; the first step to reach the server wins, and a later one based
//! on the same version — or booking a slot taken meanwhile — is refused, so
//! its device undoes it and shows the conflict.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use enlace_domain::{ConsultStatus, ConsultTransition, Slot, check_booking};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Change, Entity, RejectReason};

/// What the server knows of a consult: enough to judge the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultState {
    pub id: Uuid,
    pub version: u32,
    pub status: ConsultStatus,
    pub pharmacist_id: Option<Uuid>,
    pub slot: Option<Slot>,
}

/// A step some device took, read from its consult-event change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepClaim {
    pub consult_id: Uuid,
    pub transition: ConsultTransition,
    pub to_status: ConsultStatus,
    pub based_on_version: u32,
    pub pharmacist_id: Option<Uuid>,
    pub slot: Option<Slot>,
}

fn parsed<T: DeserializeOwned>(fields: &Map<String, Value>, name: &str) -> Option<T> {
    fields.get(name).and_then(|value| serde_json::from_value(value.clone()).ok())
}

fn slot_of(fields: &Map<String, Value>) -> Option<Slot> {
    let start: DateTime<Utc> = parsed(fields, "slot_start")?;
    let end: DateTime<Utc> = parsed(fields, "slot_end")?;
    Some(Slot { start, end })
}

/// The step a consult-event change records, if it is one.
pub fn step_claim(change: &Change) -> Option<StepClaim> {
    if change.entity != Entity::ConsultEvent {
        return None;
    }
    let fields = &change.fields;
    Some(StepClaim {
        consult_id: parsed(fields, "consult_id")?,
        transition: parsed(fields, "transition")?,
        to_status: parsed(fields, "to_status")?,
        based_on_version: parsed(fields, "based_on_version")?,
        pharmacist_id: parsed(fields, "pharmacist_id"),
        slot: slot_of(fields),
    })
}

/// A consult's state from its folded fields; `None` until it has a status and version.
pub fn consult_state(id: Uuid, fields: &Map<String, Value>) -> Option<ConsultState> {
    Some(ConsultState {
        id,
        version: parsed(fields, "version")?,
        status: parsed(fields, "status")?,
        pharmacist_id: parsed(fields, "pharmacist_id"),
        slot: slot_of(fields),
    })
}

/// The slots scheduled consults hold, by pharmacist.
pub type Bookings = BTreeMap<Uuid, Vec<(Uuid, Slot)>>;

/// The bookings `states` hold.
pub fn bookings<'a>(states: impl IntoIterator<Item = &'a ConsultState>) -> Bookings {
    let mut booked = Bookings::new();
    for state in states {
        if let (ConsultStatus::Scheduled, Some(pharmacist), Some(slot)) =
            (state.status, state.pharmacist_id, state.slot)
        {
            booked.entry(pharmacist).or_default().push((state.id, slot));
        }
    }
    booked
}

/// Judges `claim` against the consult as the server has it and the
/// pharmacists' bookings: refused when the consult moved on since the step
/// was taken, or when the step books a slot another consult holds.
pub fn check_claim(claim: &StepClaim, current: Option<&ConsultState>, booked: &Bookings) -> Result<(), RejectReason> {
    if let Some(current) = current
        && current.version != claim.based_on_version
    {
        return Err(RejectReason::ConsultChanged);
    }
    let books = matches!(claim.transition, ConsultTransition::Schedule | ConsultTransition::Reschedule);
    if let (true, Some(pharmacist), Some(slot)) = (books, claim.pharmacist_id, claim.slot) {
        let others: Vec<Slot> = booked
            .get(&pharmacist)
            .into_iter()
            .flatten()
            .filter(|(consult, _)| *consult != claim.consult_id)
            .map(|(_, slot)| *slot)
            .collect();
        check_booking(&slot, &others).map_err(|_| RejectReason::SlotTaken)?;
    }
    Ok(())
}

/// The consult after an accepted claim.
pub fn after_claim(claim: &StepClaim, current: Option<&ConsultState>) -> ConsultState {
    ConsultState {
        id: claim.consult_id,
        version: claim.based_on_version + 1,
        status: claim.to_status,
        pharmacist_id: claim.pharmacist_id.or(current.and_then(|state| state.pharmacist_id)),
        slot: match claim.to_status {
            ConsultStatus::Scheduled | ConsultStatus::Completed | ConsultStatus::NoShow => {
                claim.slot.or(current.and_then(|state| state.slot))
            }
            _ => claim.slot,
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-12-02T{hour:02}:00:00Z")).unwrap_or_default().to_utc()
    }

    fn slot(hour: u32) -> Slot {
        Slot { start: at(hour), end: at(hour) + Duration::minutes(15) }
    }

    fn accept(consult: u128, pharmacist: u128, hour: u32, based_on_version: u32) -> StepClaim {
        StepClaim {
            consult_id: Uuid::from_u128(consult),
            transition: ConsultTransition::Schedule,
            to_status: ConsultStatus::Scheduled,
            based_on_version,
            pharmacist_id: Some(Uuid::from_u128(pharmacist)),
            slot: Some(slot(hour)),
        }
    }

    fn requested(consult: u128) -> ConsultState {
        ConsultState {
            id: Uuid::from_u128(consult),
            version: 1,
            status: ConsultStatus::Requested,
            pharmacist_id: None,
            slot: None,
        }
    }

    #[test]
    fn the_first_accept_wins_and_a_second_on_the_same_version_is_refused() {
        let first = accept(1, 10, 15, 1);
        assert_eq!(check_claim(&first, Some(&requested(1)), &Bookings::new()), Ok(()));
        let scheduled = after_claim(&first, Some(&requested(1)));
        assert_eq!((scheduled.version, scheduled.status), (2, ConsultStatus::Scheduled));
        let second = accept(1, 11, 16, 1);
        assert_eq!(check_claim(&second, Some(&scheduled), &bookings([&scheduled])), Err(RejectReason::ConsultChanged));
    }

    #[test]
    fn two_requests_into_one_slot_the_later_is_refused_and_back_to_back_is_fine() {
        let held = after_claim(&accept(1, 10, 15, 1), Some(&requested(1)));
        let booked = bookings([&held]);
        assert_eq!(check_claim(&accept(2, 10, 15, 1), Some(&requested(2)), &booked), Err(RejectReason::SlotTaken));
        let mut back_to_back = accept(2, 10, 15, 1);
        back_to_back.slot = Some(Slot { start: at(15) + Duration::minutes(15), end: at(15) + Duration::minutes(30) });
        assert_eq!(check_claim(&back_to_back, Some(&requested(2)), &booked), Ok(()));
        assert_eq!(check_claim(&accept(2, 11, 15, 1), Some(&requested(2)), &booked), Ok(()), "another pharmacist");
        // Moving one's own consult within its slot is not a clash with itself.
        let mut moved = accept(1, 10, 15, 2);
        moved.transition = ConsultTransition::Reschedule;
        assert_eq!(check_claim(&moved, Some(&held), &booked), Ok(()));
    }
}
