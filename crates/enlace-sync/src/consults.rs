//! Consult conflicts between devices that acted offline. A step (accept,
//! decline, move…) writes the version it leads to and, to book, the slot;
//! the first step to reach the server wins, and a later one on the same
//! version — or booking a slot taken meanwhile, or a move the state machine
//! does not allow — is refused, so its device undoes it and shows the
//! conflict. The consult change carries the whole step, so it is judged
//! alone, whichever push its event comes in.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use enlace_domain::{ConsultStatus, ConsultTransition, Slot, check_booking, next_status};
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

/// The consult a consult change or consult event is about; `None` for any other change.
pub fn consult_of(change: &Change) -> Option<Uuid> {
    match change.entity {
        Entity::Consult => Some(change.entity_id),
        Entity::ConsultEvent => parsed(&change.fields, "consult_id"),
        _ => None,
    }
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

/// The fields a consult step writes: a change that sets any of them is a
/// step, and must name the version it leads to.
const STEP_FIELDS: [&str; 5] = ["status", "version", "pharmacist_id", "slot_start", "slot_end"];

/// Judges one push's consult changes and events against the consults as the
/// server holds them, step by step: a consult change alone carries enough
/// (the version it leads to, the status, the pharmacist and the slot) to be
/// judged whatever batch its event travels in, and an event stands only
/// with the step its own device's consult change took.
#[derive(Debug)]
pub struct ConsultJudge {
    device: Uuid,
    consults: BTreeMap<Uuid, ConsultState>,
    booked: Bookings,
    steps: BTreeMap<(Uuid, u32), Uuid>,
}

impl ConsultJudge {
    /// A judge of one push from `device`, over the consults, bookings and
    /// steps the server holds (what `decide::Held` carries).
    pub fn new(
        consults: BTreeMap<Uuid, ConsultState>,
        booked: Bookings,
        steps: BTreeMap<(Uuid, u32), Uuid>,
        device: Uuid,
    ) -> Self {
        Self { device, consults, booked, steps }
    }

    /// A consult change: its creation (version 1, requested) or the next
    /// step from the version the server holds, along a legal transition,
    /// into a slot nobody else holds.
    pub fn judge_consult_change(&mut self, change: &Change) -> Result<(), RejectReason> {
        let fields = &change.fields;
        if !STEP_FIELDS.iter().any(|name| fields.contains_key(*name)) {
            return Ok(());
        }
        let version: u32 = parsed(fields, "version").ok_or(RejectReason::Invalid)?;
        let status: Option<ConsultStatus> = parsed(fields, "status");
        let current = self.consults.get(&change.entity_id).copied();
        let next = match current {
            None if version == 1 && status == Some(ConsultStatus::Requested) => ConsultState {
                id: change.entity_id,
                version,
                status: ConsultStatus::Requested,
                pharmacist_id: None,
                slot: None,
            },
            None => return Err(RejectReason::ConsultChanged),
            Some(current) => {
                if current.version.checked_add(1) != Some(version) {
                    return Err(RejectReason::ConsultChanged);
                }
                let to_status = status.unwrap_or(current.status);
                if !reachable(current.status, to_status) {
                    return Err(RejectReason::Invalid);
                }
                let pharmacist_id = if fields.contains_key("pharmacist_id") {
                    parsed(fields, "pharmacist_id")
                } else {
                    current.pharmacist_id
                };
                let slot = if fields.contains_key("slot_start") || fields.contains_key("slot_end") {
                    slot_of(fields)
                } else {
                    current.slot
                };
                ConsultState { id: change.entity_id, version, status: to_status, pharmacist_id, slot }
            }
        };
        if next.status == ConsultStatus::Scheduled {
            let (Some(pharmacist), Some(slot)) = (next.pharmacist_id, next.slot) else {
                return Err(RejectReason::Invalid);
            };
            let others: Vec<Slot> = self
                .booked
                .get(&pharmacist)
                .into_iter()
                .flatten()
                .filter(|(consult, _)| *consult != next.id)
                .map(|(_, slot)| *slot)
                .collect();
            check_booking(&slot, &others).map_err(|_| RejectReason::SlotTaken)?;
        }
        rebook(&mut self.booked, current.as_ref(), &next);
        self.consults.insert(next.id, next);
        self.steps.insert((next.id, version), self.device);
        Ok(())
    }

    /// A consult event: the record of a step this device's consult change took.
    pub fn judge_event(&self, change: &Change) -> Result<(), RejectReason> {
        let claim = step_claim(change).ok_or(RejectReason::Invalid)?;
        let version = claim.based_on_version.checked_add(1).ok_or(RejectReason::Invalid)?;
        match self.steps.get(&(claim.consult_id, version)) {
            Some(device) if *device == self.device => Ok(()),
            _ => Err(RejectReason::ConsultChanged),
        }
    }
}

/// Whether some transition leads from `from` to `to`.
fn reachable(from: ConsultStatus, to: ConsultStatus) -> bool {
    use ConsultTransition as T;
    [T::Schedule, T::Reschedule, T::Decline, T::Cancel, T::Complete, T::NoShow]
        .into_iter()
        .any(|transition| next_status(from, transition) == Ok(to))
}

fn rebook(booked: &mut Bookings, before: Option<&ConsultState>, after: &ConsultState) {
    if let Some(slots) = before.and_then(|state| state.pharmacist_id).and_then(|pharmacist| booked.get_mut(&pharmacist))
    {
        slots.retain(|(consult, _)| *consult != after.id);
    }
    if let (ConsultStatus::Scheduled, Some(pharmacist), Some(slot)) = (after.status, after.pharmacist_id, after.slot) {
        booked.entry(pharmacist).or_default().push((after.id, slot));
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use enlace_domain::HlcStamp;
    use serde_json::json;

    use super::*;

    const DEVICE: Uuid = Uuid::from_u128(500);

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-12-02T{hour:02}:00:00Z")).unwrap_or_default().to_utc()
    }

    fn slot(hour: u32) -> Slot {
        Slot { start: at(hour), end: at(hour) + Duration::minutes(15) }
    }

    fn change(entity: Entity, id: u128, fields: Value) -> Change {
        let Value::Object(fields) = fields else { unreachable!("test fields are objects") };
        Change {
            change_id: Uuid::now_v7(),
            entity,
            entity_id: Uuid::from_u128(id),
            fields,
            hlc: HlcStamp { wall_ms: 1, counter: 0, device: DEVICE },
            device_id: DEVICE,
            author: "luis".into(),
        }
    }

    fn accept(consult: u128, pharmacist: u128, hour: u32, version: u32) -> Change {
        let slot = slot(hour);
        change(
            Entity::Consult,
            consult,
            json!({ "status": "scheduled", "version": version, "pharmacist_id": Uuid::from_u128(pharmacist),
                    "slot_start": slot.start, "slot_end": slot.end }),
        )
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

    fn judge(consults: &[ConsultState]) -> ConsultJudge {
        let held = consults.iter().map(|state| (state.id, *state)).collect();
        ConsultJudge::new(held, bookings(consults), BTreeMap::new(), DEVICE)
    }

    #[test]
    fn the_first_accept_wins_and_a_second_on_the_same_version_is_refused() {
        let mut judge = judge(&[requested(1)]);
        assert_eq!(judge.judge_consult_change(&accept(1, 10, 15, 2)), Ok(()));
        assert_eq!(judge.judge_consult_change(&accept(1, 11, 16, 2)), Err(RejectReason::ConsultChanged));
        assert_eq!(judge.judge_consult_change(&accept(9, 11, 16, 2)), Err(RejectReason::ConsultChanged), "unknown");
    }

    #[test]
    fn a_consult_change_alone_cannot_book_a_taken_slot_and_back_to_back_is_fine() {
        let mut judge = judge(&[requested(1), requested(2), requested(3)]);
        assert_eq!(judge.judge_consult_change(&accept(1, 10, 15, 2)), Ok(()));
        assert_eq!(judge.judge_consult_change(&accept(2, 10, 15, 2)), Err(RejectReason::SlotTaken));
        let mut back_to_back = accept(2, 10, 15, 2);
        back_to_back.fields.insert("slot_start".into(), json!(at(15) + Duration::minutes(15)));
        back_to_back.fields.insert("slot_end".into(), json!(at(15) + Duration::minutes(30)));
        assert_eq!(judge.judge_consult_change(&back_to_back), Ok(()));
        assert_eq!(judge.judge_consult_change(&accept(3, 11, 15, 2)), Ok(()), "another pharmacist");
        // Moving one's own consult within its slot is no clash with itself.
        let moved = change(
            Entity::Consult,
            1,
            json!({ "version": 3, "slot_start": at(15), "slot_end": at(15) + Duration::minutes(10) }),
        );
        assert_eq!(judge.judge_consult_change(&moved), Ok(()));
    }

    #[test]
    fn steps_follow_the_state_machine_and_events_stand_with_their_step() {
        let mut judge = judge(&[requested(1)]);
        let complete = change(Entity::Consult, 1, json!({ "status": "completed", "version": 2 }));
        assert_eq!(judge.judge_consult_change(&complete), Err(RejectReason::Invalid), "requested cannot complete");
        let no_version = change(Entity::Consult, 1, json!({ "status": "cancelled" }));
        assert_eq!(judge.judge_consult_change(&no_version), Err(RejectReason::Invalid));
        let notes = change(Entity::Consult, 1, json!({ "notes": "call after 3" }));
        assert_eq!(judge.judge_consult_change(&notes), Ok(()), "not a step");
        let event = change(
            Entity::ConsultEvent,
            77,
            json!({ "consult_id": Uuid::from_u128(1), "transition": "schedule",
            "from_status": "requested", "to_status": "scheduled", "based_on_version": 1 }),
        );
        assert_eq!(judge.judge_event(&event), Err(RejectReason::ConsultChanged), "no step yet");
        assert_eq!(judge.judge_consult_change(&accept(1, 10, 15, 2)), Ok(()));
        assert_eq!(judge.judge_event(&event), Ok(()));
        let created = change(Entity::Consult, 5, json!({ "status": "requested", "version": 1 }));
        assert_eq!(judge.judge_consult_change(&created), Ok(()));
        let created_scheduled = change(Entity::Consult, 6, json!({ "status": "scheduled", "version": 1 }));
        assert_eq!(judge.judge_consult_change(&created_scheduled), Err(RejectReason::ConsultChanged));
    }
}
