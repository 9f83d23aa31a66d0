//! The server's decision on one push: which changes it keeps and which it
//! refuses, and why. Pure: the server's storage loads what the decision
//! needs (its users and the consults the push touches) and writes what it
//! keeps, in one transaction.

use std::collections::BTreeMap;

use enlace_domain::Role;
use serde_json::Value;
use uuid::Uuid;

use crate::consults::{Bookings, ConsultState, after_claim, check_claim, step_claim};
use crate::merge::{Folded, fold, values};
use crate::{Change, Entity, RejectReason, Rejection, ServerUser, permitted};

/// The device that pushes.
#[derive(Debug, Clone, Copy)]
pub struct Pusher<'a> {
    pub device_id: Uuid,
    /// The user who registered the device: headless changes are theirs.
    pub registrant: &'a str,
    /// Registered with the server's setup token: its headless changes are
    /// the pharmacy's existing data (users, settings, patients) and are kept.
    pub bootstrap: bool,
}

/// What the server keeps of a push, in the push's order, and what it refuses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decision {
    pub accepted: Vec<Change>,
    pub rejected: Vec<Rejection>,
}

/// The users that user changes describe, folded.
pub fn users_from<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Vec<ServerUser> {
    let mut by_id: BTreeMap<Uuid, Vec<&Change>> = BTreeMap::new();
    for change in changes.into_iter().filter(|change| change.entity == Entity::User) {
        by_id.entry(change.entity_id).or_default().push(change);
    }
    by_id.into_iter().filter_map(|(id, changes)| user_from(id, &fold(changes))).collect()
}

fn user_from(id: Uuid, folded: &Folded) -> Option<ServerUser> {
    let fields = values(folded);
    let text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_owned);
    let roles: Vec<Role> = match fields.get("roles") {
        // Stored as JSON text in the app, a JSON array on the wire: take either.
        Some(Value::String(json)) => serde_json::from_str(json).ok()?,
        Some(value) => serde_json::from_value(value.clone()).ok()?,
        None => return None,
    };
    Some(ServerUser {
        id,
        username: text("username")?,
        roles,
        active: fields.get("active").and_then(Value::as_bool).unwrap_or(false),
        password_hash: text("password_hash")?,
    })
}

/// Decides a push by `pusher`, given the users the server knows and the
/// consults the push touches (with every booking of their pharmacists).
pub fn decide(
    batch: Vec<Change>,
    pusher: &Pusher<'_>,
    user_changes: &[Change],
    consults: &BTreeMap<Uuid, ConsultState>,
    booked: &Bookings,
) -> Decision {
    let mut decision = Decision::default();
    let mut refused: BTreeMap<Uuid, RejectReason> = BTreeMap::new();
    // Users as they stand after each kept user change (a supervisor may add
    // a user offline who then acts in the same push).
    let mut user_folds: BTreeMap<Uuid, Vec<Change>> = BTreeMap::new();
    for change in user_changes {
        user_folds.entry(change.entity_id).or_default().push(change.clone());
    }
    let mut order: Vec<&Change> = batch.iter().collect();
    order.sort_by_key(|change| change.hlc);

    let mut working_consults = consults.clone();
    let mut working_booked = booked.clone();
    // Each step's verdict, by the (consult, version) it leads to: the
    // consult's own change to that version stands or falls with it.
    let mut verdicts: BTreeMap<(Uuid, u32), Result<(), RejectReason>> = BTreeMap::new();
    // The claims come with their consult change just before them; judge the
    // claim first so that both stand or fall together.
    let claims: BTreeMap<(Uuid, u32), (Uuid, crate::consults::StepClaim)> = order
        .iter()
        .filter_map(|change| {
            step_claim(change).map(|claim| ((claim.consult_id, claim.based_on_version + 1), (change.change_id, claim)))
        })
        .collect();

    for change in order {
        if let Err(reason) = check_shape(change, pusher) {
            refused.insert(change.change_id, reason);
            continue;
        }
        let users: Vec<ServerUser> =
            user_folds.iter().filter_map(|(id, changes)| user_from(*id, &fold(changes.iter()))).collect();
        if !author_may(change, pusher, &users) {
            refused.insert(change.change_id, RejectReason::NotPermitted);
            continue;
        }
        if let Some(key) = consult_version_of(change) {
            let verdict = *verdicts.entry(key).or_insert_with(|| match claims.get(&key) {
                None => Ok(()),
                Some((_, claim)) => {
                    let current = working_consults.get(&claim.consult_id).copied();
                    check_claim(claim, current.as_ref(), &working_booked).map(|()| {
                        let next = after_claim(claim, current.as_ref());
                        rebook(&mut working_booked, current.as_ref(), &next);
                        working_consults.insert(next.id, next);
                    })
                }
            });
            if let Err(reason) = verdict {
                refused.insert(change.change_id, reason);
                continue;
            }
        }
        if change.entity == Entity::User {
            user_folds.entry(change.entity_id).or_default().push(change.clone());
        }
    }
    for change in batch {
        match refused.get(&change.change_id) {
            Some(reason) => decision.rejected.push(Rejection { change_id: change.change_id, reason: *reason }),
            None => decision.accepted.push(change),
        }
    }
    decision
}

/// The (consult, version) a consult or consult-event change belongs to:
/// the version the consult has once the step is taken. Creating a consult
/// (version 1) is no step.
fn consult_version_of(change: &Change) -> Option<(Uuid, u32)> {
    match change.entity {
        Entity::Consult => {
            let version = change.fields.get("version")?.as_u64()?;
            let version = u32::try_from(version).ok()?;
            (version > 1).then_some((change.entity_id, version))
        }
        Entity::ConsultEvent => step_claim(change).map(|claim| (claim.consult_id, claim.based_on_version + 1)),
        _ => None,
    }
}

fn rebook(booked: &mut Bookings, before: Option<&ConsultState>, after: &ConsultState) {
    if let Some(slots) = before.and_then(|state| state.pharmacist_id).and_then(|pharmacist| booked.get_mut(&pharmacist))
    {
        slots.retain(|(consult, _)| *consult != after.id);
    }
    if let (enlace_domain::ConsultStatus::Scheduled, Some(pharmacist), Some(slot)) =
        (after.status, after.pharmacist_id, after.slot)
    {
        booked.entry(pharmacist).or_default().push((after.id, slot));
    }
}

/// Schema, the pushing device's own stamp, and audit events only for the
/// device whose chain they extend.
fn check_shape(change: &Change, pusher: &Pusher<'_>) -> Result<(), RejectReason> {
    change.check().map_err(|_| RejectReason::Invalid)?;
    if change.device_id != pusher.device_id {
        return Err(RejectReason::Invalid);
    }
    if change.entity == Entity::AuditEvent {
        let chain = change.fields.get("device_id").and_then(Value::as_str);
        if chain.is_some_and(|chain| chain != pusher.device_id.hyphenated().to_string()) {
            return Err(RejectReason::Invalid);
        }
    }
    Ok(())
}

fn author_may(change: &Change, pusher: &Pusher<'_>, users: &[ServerUser]) -> bool {
    let username = if change.is_headless() {
        if pusher.bootstrap {
            return true;
        }
        pusher.registrant
    } else {
        change.author.as_str()
    };
    users
        .iter()
        .find(|user| user.username == username && user.active)
        .is_some_and(|user| permitted(change, Some(user.id), &user.roles))
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use enlace_domain::{ConsultStatus, HlcStamp};
    use serde_json::json;

    use super::*;

    const DEVICE: Uuid = Uuid::from_u128(500);

    struct Maker {
        next: u128,
    }

    impl Maker {
        fn change(&mut self, entity: Entity, entity_id: u128, author: &str, fields: Value) -> Change {
            self.next += 1;
            let Value::Object(fields) = fields else { unreachable!("test fields are objects") };
            Change {
                change_id: Uuid::from_u128(10_000 + self.next),
                entity,
                entity_id: Uuid::from_u128(entity_id),
                fields,
                hlc: HlcStamp { wall_ms: 1_000 + self.next as u64, counter: 0, device: DEVICE },
                device_id: DEVICE,
                author: author.into(),
            }
        }

        fn user(&mut self, id: u128, username: &str, roles: &[&str]) -> Change {
            self.change(
                Entity::User,
                id,
                "",
                json!({ "username": username, "roles": serde_json::to_string(roles).unwrap_or_default(),
                        "active": true, "password_hash": "$argon2id$x" }),
            )
        }

        /// A pharmacist's accept as the app writes it: the consult, then its event.
        fn accept(&mut self, consult: u128, by: &str, pharmacist: u128, start: &str) -> [Change; 2] {
            let end = (DateTime::parse_from_rfc3339(start).unwrap_or_default().to_utc()
                + chrono::Duration::minutes(15))
            .to_rfc3339();
            let pharmacist = Uuid::from_u128(pharmacist).hyphenated().to_string();
            [
                self.change(
                    Entity::Consult,
                    consult,
                    by,
                    json!({ "status": "scheduled", "version": 2, "pharmacist_id": pharmacist,
                            "slot_start": start, "slot_end": end }),
                ),
                self.change(
                    Entity::ConsultEvent,
                    consult * 100,
                    by,
                    json!({ "consult_id": Uuid::from_u128(consult), "transition": "schedule", "from_status": "requested",
                            "to_status": "scheduled", "based_on_version": 1, "pharmacist_id": pharmacist,
                            "slot_start": start, "slot_end": end }),
                ),
            ]
        }
    }

    fn pusher() -> Pusher<'static> {
        Pusher { device_id: DEVICE, registrant: "marta", bootstrap: false }
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

    fn reasons(decision: &Decision) -> Vec<RejectReason> {
        decision.rejected.iter().map(|rejection| rejection.reason).collect()
    }

    #[test]
    fn a_coordinators_accept_is_refused_and_a_pharmacists_kept() {
        let mut make = Maker { next: 0 };
        let users = vec![make.user(1, "ana", &["coordinator"]), make.user(2, "luis", &["pharmacist"])];
        let consults = BTreeMap::from([(Uuid::from_u128(7), requested(7))]);
        let by_ana = make.accept(7, "ana", 2, "2026-12-02T15:00:00Z").to_vec();
        let decision = decide(by_ana, &pusher(), &users, &consults, &Bookings::new());
        assert_eq!(reasons(&decision), [RejectReason::NotPermitted, RejectReason::NotPermitted]);
        let by_luis = make.accept(7, "luis", 2, "2026-12-02T15:00:00Z").to_vec();
        let decision = decide(by_luis, &pusher(), &users, &consults, &Bookings::new());
        assert_eq!((decision.accepted.len(), decision.rejected.len()), (2, 0));
    }

    #[test]
    fn a_second_accept_of_the_same_request_is_refused_with_its_consult_change() {
        let mut make = Maker { next: 0 };
        let users = vec![make.user(2, "luis", &["pharmacist"]), make.user(3, "eva", &["pharmacist"])];
        let first = after_claim(
            &step_claim(&make.accept(7, "luis", 2, "2026-12-02T15:00:00Z")[1]).unwrap_or_else(|| unreachable!()),
            Some(&requested(7)),
        );
        let consults = BTreeMap::from([(first.id, first)]);
        let booked = crate::consults::bookings([&first]);
        let late = make.accept(7, "eva", 3, "2026-12-02T16:00:00Z").to_vec();
        let decision = decide(late, &pusher(), &users, &consults, &booked);
        assert_eq!(reasons(&decision), [RejectReason::ConsultChanged, RejectReason::ConsultChanged]);
        assert!(decision.accepted.is_empty());
    }

    #[test]
    fn two_requests_booked_into_one_slot_in_one_push_keeps_the_first() {
        let mut make = Maker { next: 0 };
        let users = vec![make.user(2, "luis", &["pharmacist"])];
        let consults = BTreeMap::from([(Uuid::from_u128(7), requested(7)), (Uuid::from_u128(8), requested(8))]);
        let mut batch = make.accept(7, "luis", 2, "2026-12-02T15:00:00Z").to_vec();
        batch.extend(make.accept(8, "luis", 2, "2026-12-02T15:00:00Z"));
        let decision = decide(batch, &pusher(), &users, &consults, &Bookings::new());
        assert_eq!(decision.accepted.len(), 2);
        assert_eq!(reasons(&decision), [RejectReason::SlotTaken, RejectReason::SlotTaken]);
    }

    #[test]
    fn headless_changes_are_the_registrants_and_the_setup_device_brings_its_data() {
        let mut make = Maker { next: 0 };
        let users = vec![make.user(1, "ana", &["coordinator"]), make.user(4, "marta", &["supervisor"])];
        let settings = make.change(Entity::Pharmacy, 9, "command:root", json!({ "max_attempts": 4 }));
        let as_ana = Pusher { registrant: "ana", ..pusher() };
        assert_eq!(
            reasons(&decide(vec![settings.clone()], &as_ana, &users, &BTreeMap::new(), &Bookings::new())),
            [RejectReason::NotPermitted]
        );
        assert!(
            decide(vec![settings.clone()], &pusher(), &users, &BTreeMap::new(), &Bookings::new()).rejected.is_empty()
        );
        // On an empty server the first device's data comes with its users.
        let mut seed = vec![make.user(1, "ana", &["coordinator"])];
        seed.push(make.change(Entity::Patient, 20, "", json!({ "given_name": "Ana" })));
        let bootstrap = Pusher { bootstrap: true, ..pusher() };
        assert!(decide(seed, &bootstrap, &[], &BTreeMap::new(), &Bookings::new()).rejected.is_empty());
    }

    #[test]
    fn a_user_added_offline_may_act_in_the_same_push_and_foreign_changes_are_invalid() {
        let mut make = Maker { next: 0 };
        let users = vec![make.user(4, "marta", &["supervisor"])];
        let mut batch = vec![make.user(5, "nora", &["coordinator"])];
        batch[0].author = "marta".into();
        batch.push(make.change(Entity::Interaction, 30, "nora", json!({ "disposition": "no-answer" })));
        let mut foreign = make.change(Entity::Interaction, 31, "nora", json!({ "disposition": "busy" }));
        foreign.device_id = Uuid::from_u128(501);
        foreign.hlc.device = foreign.device_id;
        batch.push(foreign);
        let decision = decide(batch, &pusher(), &users, &BTreeMap::new(), &Bookings::new());
        assert_eq!(decision.accepted.len(), 2);
        assert_eq!(reasons(&decision), [RejectReason::Invalid]);
    }
}
