//! The decision on a push, played by hostile and honest devices.

use enlace_domain::audit::chain_event;
use enlace_domain::{AuditDraft, ConsultStatus, HlcStamp};
use serde_json::json;

use super::*;
use crate::consults::bookings;

const DEVICE: Uuid = Uuid::from_u128(500);
const NOW_MS: u64 = 1_800_000_000_000;

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
            hlc: HlcStamp { wall_ms: NOW_MS - 1_000 + self.next as u64, counter: 0, device: DEVICE },
            device_id: DEVICE,
            author: author.into(),
        }
    }

    /// A pharmacist's accept as the app writes it: the consult, then its event.
    fn accept(&mut self, consult: u128, by: &str, pharmacist: u128, start: &str) -> [Change; 2] {
        let end = (chrono::DateTime::parse_from_rfc3339(start).unwrap_or_default().to_utc()
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
                        "slot_start": start, "slot_end": end, "occurred_at": start, "username": by, "note": "" }),
            ),
        ]
    }
}

fn user(id: u128, username: &str, roles: &[Role], active: bool) -> (String, ProvenUser) {
    (
        username.to_owned(),
        ProvenUser { id: Uuid::from_u128(id), username: username.into(), roles: roles.to_vec(), active },
    )
}

fn pusher(users: &[(String, ProvenUser)]) -> Pusher {
    Pusher { device_id: DEVICE, proven: users.iter().cloned().collect(), bootstrap_until: None, now_ms: NOW_MS }
}

fn staff() -> Vec<(String, ProvenUser)> {
    vec![
        user(1, "ana", &[Role::Coordinator], true),
        user(2, "luis", &[Role::Pharmacist], true),
        user(3, "eva", &[Role::Pharmacist], true),
        user(4, "marta", &[Role::Supervisor], true),
    ]
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
fn a_change_is_kept_only_under_a_proven_authors_roles() {
    let mut make = Maker { next: 0 };
    // Ana proved herself; writing marta's name does not make her marta.
    let forged = make.change(Entity::User, 1, "marta", json!({ "roles": ["supervisor"] }));
    let as_ana = pusher(&staff()[..1]);
    assert_eq!(reasons(&decide(vec![forged.clone()], &as_ana, &Held::default())), [RejectReason::NotPermitted]);
    // Marta proven on this push may.
    assert!(decide(vec![forged], &pusher(&staff()), &Held::default()).rejected.is_empty());
    // A coordinator's settings change, and anyone's headless patient edit, are refused.
    let settings = make.change(Entity::Pharmacy, 9, "ana", json!({ "max_attempts": 4 }));
    let headless = make.change(Entity::Patient, 20, "", json!({ "zip": "00901" }));
    let command = make.change(Entity::Patient, 20, "command:root", json!({ "zip": "00901" }));
    let decision = decide(vec![settings, headless, command], &pusher(&staff()), &Held::default());
    assert_eq!(reasons(&decision), [RejectReason::NotPermitted; 3]);
    // The device's own interface language needs nobody.
    let preference = make.change(Entity::Preference, 500, "", json!({ "ui_locale": "es-US" }));
    assert!(decide(vec![preference], &pusher(&[]), &Held::default()).rejected.is_empty());
}

#[test]
fn a_disabled_users_changes_are_refused_but_a_consent_revocation_is_kept() {
    let mut make = Maker { next: 0 };
    let disabled = [user(1, "ana", &[Role::Coordinator], false)];
    let call = make.change(Entity::Interaction, 30, "ana", json!({ "disposition": "do-not-call" }));
    let consent = make.change(Entity::Patient, 20, "ana", json!({ "consent_calls": false }));
    let record = make.change(Entity::ConsentRecord, 31, "ana", json!({ "action": "revoked", "consent_calls": false }));
    let widened = make.change(Entity::Patient, 20, "ana", json!({ "consent_calls": true }));
    let decision = decide(vec![call, consent, record, widened], &pusher(&disabled), &Held::default());
    assert_eq!(decision.accepted.len(), 2, "the revocation and the narrowed consent");
    assert_eq!(reasons(&decision), [RejectReason::NotPermitted, RejectReason::NotPermitted]);
}

#[test]
fn a_setup_device_brings_what_it_held_before_it_met_the_server_and_nothing_after() {
    let mut make = Maker { next: 0 };
    let before = make.change(Entity::Patient, 20, "command:import", json!({ "given_name": "Rosa" }));
    let mut after = make.change(Entity::Patient, 21, "command:import", json!({ "given_name": "Luz" }));
    after.hlc.wall_ms += 10;
    let setup = Pusher { bootstrap_until: Some(before.hlc), ..pusher(&[]) };
    let decision = decide(vec![before, after], &setup, &Held::default());
    assert_eq!((decision.accepted.len(), reasons(&decision)), (1, vec![RejectReason::NotPermitted]));
}

#[test]
fn values_foreign_stamps_and_stamps_from_the_future_are_invalid() {
    let mut make = Maker { next: 0 };
    let poison = make.change(Entity::Patient, 20, "marta", json!({ "phones": "x" }));
    let mut foreign = make.change(Entity::Patient, 20, "marta", json!({ "zip": "00901" }));
    foreign.device_id = Uuid::from_u128(501);
    foreign.hlc.device = foreign.device_id;
    let mut future = make.change(Entity::Patient, 20, "marta", json!({ "zip": "00902" }));
    future.hlc.wall_ms = NOW_MS + MAX_STAMP_AHEAD_MS + 1;
    let mut end_of_time = make.change(Entity::Patient, 20, "marta", json!({ "zip": "00903" }));
    end_of_time.hlc = HlcStamp { wall_ms: enlace_domain::MAX_WALL_MS, counter: u32::MAX, device: DEVICE };
    let mut soon = make.change(Entity::Patient, 20, "marta", json!({ "zip": "00904" }));
    soon.hlc.wall_ms = NOW_MS + MAX_STAMP_AHEAD_MS;
    let decision = decide(vec![poison, foreign, future, end_of_time, soon], &pusher(&staff()), &Held::default());
    assert_eq!(reasons(&decision), [RejectReason::Invalid; 4]);
    assert_eq!(decision.accepted.len(), 1, "a few minutes ahead is a trip, not a forgery");
}

#[test]
fn append_only_records_are_written_once() {
    let mut make = Maker { next: 0 };
    let call = make.change(Entity::Interaction, 30, "ana", json!({ "disposition": "busy" }));
    let rewrite = make.change(Entity::Interaction, 30, "ana", json!({ "notes": "never happened" }));
    let decision = decide(vec![call.clone(), rewrite.clone()], &pusher(&staff()), &Held::default());
    assert_eq!(reasons(&decision), [RejectReason::Invalid]);
    let held = Held { append_only: [(Entity::Interaction, call.entity_id)].into(), ..Held::default() };
    assert_eq!(reasons(&decide(vec![rewrite], &pusher(&staff()), &held)), [RejectReason::Invalid]);
}

fn audit_event(make: &mut Maker, head: &ChainHead, author: &ProvenUser, id: u128) -> (Change, ChainHead) {
    let draft = AuditDraft {
        occurred_at: chrono::DateTime::parse_from_rfc3339("2026-12-03T10:00:00.000Z").unwrap_or_default().to_utc(),
        user_id: Some(author.id),
        username: author.username.clone(),
        action: AuditAction::View,
        entity: Some("patient".into()),
        entity_id: Some(Uuid::from_u128(20)),
    };
    let (event, next) = chain_event(head, Uuid::from_u128(id), DEVICE, draft);
    let change = make.change(
        Entity::AuditEvent,
        id,
        &author.username,
        json!({ "device_id": DEVICE, "sequence": event.sequence, "occurred_at": "2026-12-03T10:00:00.000Z",
                "user_id": author.id, "username": author.username, "action": "view", "entity": "patient",
                "entity_id": Uuid::from_u128(20), "previous_hash": event.previous_hash, "hash": event.hash }),
    );
    (change, next)
}

#[test]
fn an_audit_event_extends_its_devices_chain_and_names_its_proven_author() {
    let mut make = Maker { next: 0 };
    let ana = staff()[0].1.clone();
    let (first, head) = audit_event(&mut make, &ChainHead::genesis(), &ana, 70);
    let (second, head) = audit_event(&mut make, &head, &ana, 71);
    let decision = decide(vec![first.clone(), second], &pusher(&staff()), &Held::default());
    assert!(decision.rejected.is_empty(), "{:?}", decision.rejected);
    assert_eq!(decision.audit_head, Some(head.clone()));
    // A rewritten event with a recomputed hash does not follow the head the server has.
    let held = Held { audit_head: Some(head.clone()), ..Held::default() };
    let mut rewritten = first.clone();
    rewritten.change_id = Uuid::from_u128(99);
    assert_eq!(reasons(&decide(vec![rewritten], &pusher(&staff()), &held)), [RejectReason::Invalid]);
    // An event claiming another user, or a skipped number, is refused.
    let (mut as_luis, _) = audit_event(&mut make, &head, &ana, 72);
    as_luis.fields.insert("username".into(), json!("luis"));
    let (mut skipped, _) = audit_event(&mut make, &head, &ana, 73);
    skipped.fields.insert("sequence".into(), json!(9));
    let decision = decide(vec![as_luis, skipped], &pusher(&staff()), &held);
    assert_eq!(reasons(&decision), [RejectReason::Invalid; 2]);
}

#[test]
fn a_coordinators_accept_is_refused_and_a_pharmacists_kept() {
    let mut make = Maker { next: 0 };
    let held = Held { consults: BTreeMap::from([(Uuid::from_u128(7), requested(7))]), ..Held::default() };
    let by_ana = make.accept(7, "ana", 2, "2026-12-02T15:00:00Z").to_vec();
    assert_eq!(reasons(&decide(by_ana, &pusher(&staff()), &held)), [RejectReason::NotPermitted; 2]);
    let by_luis = make.accept(7, "luis", 2, "2026-12-02T15:00:00Z").to_vec();
    let decision = decide(by_luis, &pusher(&staff()), &held);
    assert_eq!((decision.accepted.len(), decision.rejected.len()), (2, 0));
}

#[test]
fn a_second_accept_of_the_same_request_is_refused_with_its_event() {
    let mut make = Maker { next: 0 };
    let mut state = requested(7);
    state.version = 2;
    state.status = ConsultStatus::Scheduled;
    let held = Held {
        consults: BTreeMap::from([(state.id, state)]),
        booked: bookings([&state]),
        steps: BTreeMap::from([((state.id, 2), Uuid::from_u128(600))]),
        ..Held::default()
    };
    let late = make.accept(7, "eva", 3, "2026-12-02T16:00:00Z").to_vec();
    let decision = decide(late, &pusher(&staff()), &held);
    assert_eq!(reasons(&decision), [RejectReason::ConsultChanged, RejectReason::ConsultChanged]);
    // Its event alone, in a later push, stands with no step of its device either.
    let [_, event] = make.accept(7, "eva", 3, "2026-12-02T16:00:00Z");
    assert_eq!(reasons(&decide(vec![event], &pusher(&staff()), &held)), [RejectReason::ConsultChanged]);
}

#[test]
fn an_event_in_a_later_push_stands_with_its_devices_kept_step() {
    let mut make = Maker { next: 0 };
    let held = Held { consults: BTreeMap::from([(Uuid::from_u128(7), requested(7))]), ..Held::default() };
    let [consult, event] = make.accept(7, "luis", 2, "2026-12-02T15:00:00Z");
    assert!(decide(vec![consult], &pusher(&staff()), &held).rejected.is_empty());
    let mut state = requested(7);
    state.version = 2;
    let held = Held {
        consults: BTreeMap::from([(state.id, state)]),
        steps: BTreeMap::from([((state.id, 2), DEVICE)]),
        ..Held::default()
    };
    assert!(decide(vec![event], &pusher(&staff()), &held).rejected.is_empty());
}

#[test]
fn two_requests_booked_into_one_slot_in_one_push_keeps_the_first() {
    let mut make = Maker { next: 0 };
    let held = Held {
        consults: BTreeMap::from([(Uuid::from_u128(7), requested(7)), (Uuid::from_u128(8), requested(8))]),
        ..Held::default()
    };
    let mut batch = make.accept(7, "luis", 2, "2026-12-02T15:00:00Z").to_vec();
    batch.extend(make.accept(8, "luis", 2, "2026-12-02T15:00:00Z"));
    let decision = decide(batch, &pusher(&staff()), &held);
    assert_eq!(decision.accepted.len(), 2);
    assert_eq!(reasons(&decision), [RejectReason::SlotTaken, RejectReason::ConsultChanged]);
}

/// A laptop that skips the contact rules (a patched build, a hand-made push) is refused what its
/// own screen would have refused: an inbound call "unanswered", a prescriber's office answering
/// the refill question, a contact with neither reason nor outcome, a task for "one person" who is
/// no one. The honest versions of each pass.
#[test]
fn contacts_and_tasks_that_break_the_laptops_rules_are_refused() {
    let mut make = Maker { next: 0 };
    let interaction = |make: &mut Maker, id: u128, fields: Value| {
        let mut all = json!({ "patient_id": Uuid::from_u128(7), "occurred_at": "2027-01-15T08:00:00Z",
                              "recorded_by": "ana", "notes": "", "language": "es-US", "interpreter_used": false });
        if let (Value::Object(all), Value::Object(extra)) = (&mut all, fields) {
            all.extend(extra);
        }
        make.change(Entity::Interaction, id, "ana", all)
    };
    let hostile = [
        interaction(
            &mut make,
            1,
            json!({ "channel": "inbound-call", "direction": "inbound", "party": "patient",
                                          "disposition": "no-answer" }),
        ),
        interaction(
            &mut make,
            2,
            json!({ "channel": "outbound-call", "direction": "inbound", "party": "patient",
                                          "disposition": "no-answer" }),
        ),
        interaction(
            &mut make,
            3,
            json!({ "channel": "fax", "direction": "outbound", "party": "prescriber-office",
                                          "disposition": "do-not-call" }),
        ),
        interaction(&mut make, 4, json!({ "channel": "letter", "direction": "outbound", "party": "patient" })),
        interaction(
            &mut make,
            6,
            json!({ "channel": "text", "direction": "inbound", "party": "patient",
                                          "disposition": "busy" }),
        ),
        make.change(
            Entity::Task,
            5,
            "ana",
            json!({ "reason": "refill", "notes": "", "due_at": "2027-01-16T22:00:00Z",
            "due_clock": "patient", "due_zone": "America/New_York", "assignee_kind": "user", "status": "open",
            "created_by": "ana", "created_at": "2027-01-15T08:00:00Z" }),
        ),
        // Due a day before it was created.
        make.change(
            Entity::Task,
            7,
            "ana",
            json!({ "reason": "refill", "notes": "", "due_at": "2027-01-14T08:00:00Z",
            "due_clock": "patient", "due_zone": "America/New_York", "assignee_kind": "any-coordinator",
            "status": "open", "created_by": "ana", "created_at": "2027-01-15T08:00:00Z" }),
        ),
    ];
    let honest = [
        interaction(
            &mut make,
            11,
            json!({ "channel": "inbound-call", "direction": "inbound", "party": "caregiver",
                                           "disposition": "do-not-call" }),
        ),
        interaction(
            &mut make,
            12,
            json!({ "channel": "fax", "direction": "outbound", "party": "prescriber-office",
                                           "reason": "renewal" }),
        ),
        // A laptop from before contacts were logged names neither direction nor party.
        interaction(&mut make, 13, json!({ "channel": "outbound-call", "disposition": "no-answer" })),
        interaction(&mut make, 14, json!({ "channel": "text", "disposition": "no-answer" })),
        interaction(
            &mut make,
            16,
            json!({ "channel": "text", "direction": "outbound", "party": "patient",
                                           "disposition": "no-answer" }),
        ),
        make.change(
            Entity::Task,
            15,
            "ana",
            json!({ "reason": "refill", "notes": "", "due_at": "2027-01-16T22:00:00Z",
            "due_clock": "patient", "due_zone": "America/New_York", "assignee_kind": "user",
            "assignee_username": "luis", "status": "open", "created_by": "ana", "created_at": "2027-01-15T08:00:00Z" }),
        ),
        // A step on a task names only what it changed.
        make.change(
            Entity::Task,
            15,
            "luis",
            json!({ "status": "done", "closed_by": "luis",
            "closed_at": "2027-01-16T22:05:00Z" }),
        ),
    ];
    let batch: Vec<Change> = hostile.iter().chain(honest.iter()).cloned().collect();
    let decision = decide(batch, &pusher(&staff()), &Held::default());
    let refused: BTreeSet<Uuid> = decision.rejected.iter().map(|rejection| rejection.change_id).collect();
    for change in &hostile {
        assert!(refused.contains(&change.change_id), "{:?} {:?} was kept", change.entity, change.fields);
    }
    for change in &honest {
        assert!(!refused.contains(&change.change_id), "{:?} {:?} was refused", change.entity, change.fields);
    }
}
