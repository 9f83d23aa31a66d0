//! The server's decision on one push: which changes it keeps and which it
//! refuses, and why. Pure: the server's storage loads what the decision
//! needs (the users this push proves, what it already holds of the
//! entities the push touches) and writes what it keeps, in one transaction.
//!
//! A change is kept only if the server can prove it: its values fit the
//! schema, its stamp is the pushing device's and not ahead of the server's
//! clock, its author proved their password to the server from this device
//! (a credential in the push) and holds a role that allows it. On top of
//! that, append-only records are never rewritten, a device's audit chain
//! only grows from where the server has it, and consult steps follow the
//! state machine from the version the server holds, whatever the batching.

use std::collections::{BTreeMap, BTreeSet};

use enlace_domain::audit::event_hash;
use enlace_domain::{AuditAction, AuditDraft, ChainHead, HlcStamp, Role};
use serde_json::Value;
use uuid::Uuid;

use crate::consults::{Bookings, ConsultJudge, ConsultState};
use crate::merge::{Folded, fold, values};
use crate::{Change, Entity, RejectReason, Rejection, ServerUser, permitted};

/// How far ahead of the server's clock a stamp may be: laptops correct
/// their clocks by the server's, so this only has to cover a push's trip.
pub const MAX_STAMP_AHEAD_MS: u64 = 5 * 60 * 1000;

/// A user this push proves: their credential from this device was in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenUser {
    pub id: Uuid,
    pub username: String,
    /// From the server's own user table.
    pub roles: Vec<Role>,
    /// A disabled user's credential proves who they were, not a right to act.
    pub active: bool,
}

/// The device that pushes, and what the server knows of it.
#[derive(Debug, Clone)]
pub struct Pusher {
    pub device_id: Uuid,
    /// The users proven on this push, by username.
    pub proven: BTreeMap<String, ProvenUser>,
    /// A setup device's first upload: its changes stamped up to here were
    /// made before it met the server (the pharmacy's existing data) and are
    /// kept without a credential.
    pub bootstrap_until: Option<HlcStamp>,
    /// The server's clock.
    pub now_ms: u64,
}

/// What the server already holds that the push's changes are judged against.
#[derive(Debug, Clone, Default)]
pub struct Held {
    /// The consults the push touches, as the server has them.
    pub consults: BTreeMap<Uuid, ConsultState>,
    /// Every booking of the pharmacists involved.
    pub booked: Bookings,
    /// Consult steps the server keeps: (consult, version it led to) → the device that took it.
    pub steps: BTreeMap<(Uuid, u32), Uuid>,
    /// Append-only records the push names that the server already holds.
    pub append_only: BTreeSet<(Entity, Uuid)>,
    /// The pushing device's audit chain as the server has it.
    pub audit_head: Option<ChainHead>,
}

/// What the server keeps of a push, in the push's order, and what it refuses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decision {
    pub accepted: Vec<Change>,
    pub rejected: Vec<Rejection>,
    /// The device's audit chain once the kept events are added.
    pub audit_head: Option<ChainHead>,
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
        active: matches!(fields.get("active"), Some(Value::Bool(true)))
            || fields.get("active") == Some(&Value::from(1)),
        password_hash: text("password_hash")?,
    })
}

/// Decides a push by `pusher`, given what the server holds.
pub fn decide(batch: Vec<Change>, pusher: &Pusher, held: &Held) -> Decision {
    let mut refused: BTreeMap<Uuid, RejectReason> = BTreeMap::new();
    let mut order: Vec<&Change> = batch.iter().collect();
    order.sort_by_key(|change| change.hlc);

    let mut consults =
        ConsultJudge::new(held.consults.clone(), held.booked.clone(), held.steps.clone(), pusher.device_id);
    let mut audit_head = held.audit_head.clone().unwrap_or_else(ChainHead::genesis);
    let mut written_once: BTreeSet<(Entity, Uuid)> = held.append_only.clone();
    // Consult events are judged after every consult change of the batch:
    // an event stands only with the step its device's consult change took.
    let mut events = Vec::new();
    for change in order {
        let verdict = shape(change, pusher)
            .and_then(|()| record_rules(change))
            .and_then(|()| authorship(change, pusher))
            .and_then(|()| append_only(change, &mut written_once))
            .and_then(|()| match change.entity {
                Entity::AuditEvent => extend_chain(change, &mut audit_head),
                Entity::Consult => consults.judge_consult_change(change),
                _ => Ok(()),
            });
        match verdict {
            Ok(()) if change.entity == Entity::ConsultEvent => events.push(change),
            Ok(()) => {}
            Err(reason) => {
                refused.insert(change.change_id, reason);
            }
        }
    }
    for event in events {
        if let Err(reason) = consults.judge_event(event) {
            refused.insert(event.change_id, reason);
        }
    }
    let mut decision = Decision::default();
    if held.audit_head.as_ref() != Some(&audit_head) && audit_head.sequence > 0 {
        decision.audit_head = Some(audit_head);
    }
    for change in batch {
        match refused.get(&change.change_id) {
            Some(reason) => decision.rejected.push(Rejection { change_id: change.change_id, reason: *reason }),
            None => decision.accepted.push(change),
        }
    }
    decision
}

/// Schema and values, the pushing device's own stamp, not ahead of the
/// server's clock, and audit events only in the pushing device's chain.
fn shape(change: &Change, pusher: &Pusher) -> Result<(), RejectReason> {
    change.check().map_err(|_| RejectReason::Invalid)?;
    if change.device_id != pusher.device_id || change.hlc.is_ahead_of(pusher.now_ms, MAX_STAMP_AHEAD_MS) {
        return Err(RejectReason::Invalid);
    }
    if change.entity == Entity::AuditEvent {
        let chain = change.fields.get("device_id").and_then(Value::as_str);
        if chain != Some(pusher.device_id.hyphenated().to_string().as_str()) {
            return Err(RejectReason::Invalid);
        }
    }
    Ok(())
}

/// The domain's rules on a contact or a task, as the laptop applies them before writing.
fn record_rules(change: &Change) -> Result<(), RejectReason> {
    if crate::record_rules::keeps_record_rules(change) { Ok(()) } else { Err(RejectReason::Invalid) }
}

/// Who may have written the change, and whether their roles allow it.
fn authorship(change: &Change, pusher: &Pusher) -> Result<(), RejectReason> {
    if pusher.bootstrap_until.is_some_and(|until| change.hlc <= until) {
        return Ok(());
    }
    if change.author.is_empty() {
        return if device_may(change) { Ok(()) } else { Err(RejectReason::NotPermitted) };
    }
    let user = pusher.proven.get(&change.author).ok_or(RejectReason::NotPermitted)?;
    if change.entity == Entity::AuditEvent {
        // What happened on the device is kept, whoever it was: the event names its proven author.
        let names_author = change.fields.get("username").and_then(Value::as_str) == Some(user.username.as_str())
            && change.fields.get("user_id").and_then(Value::as_str) == Some(user.id.hyphenated().to_string().as_str());
        return if names_author { Ok(()) } else { Err(RejectReason::Invalid) };
    }
    let acts = user.active || withdraws_consent(change);
    if acts && permitted(change, Some(user.id), &user.roles) { Ok(()) } else { Err(RejectReason::NotPermitted) }
}

/// What a device writes with nobody signed in: its own interface language,
/// and the audit record of a failed sign-in (which names no user it proves).
fn device_may(change: &Change) -> bool {
    match change.entity {
        Entity::Preference => true,
        Entity::AuditEvent => {
            change.fields.get("action").and_then(Value::as_str) == Some(AuditAction::SignInFailed.name())
                && change.fields.get("user_id").is_none_or(Value::is_null)
        }
        _ => false,
    }
}

/// A consent taken back ("do not call" and other revocations): the safe
/// direction, kept even when its author was disabled before it synced.
fn withdraws_consent(change: &Change) -> bool {
    const CONSENTS: [&str; 3] = ["consent_calls", "consent_texts", "consent_voicemail_detail"];
    match change.entity {
        Entity::ConsentRecord => change.fields.get("action").and_then(Value::as_str) == Some("revoked"),
        Entity::Patient => change.fields.iter().all(|(name, value)| {
            CONSENTS.contains(&name.as_str()) && (value == &Value::Bool(false) || value == &Value::from(0))
        }),
        _ => false,
    }
}

/// A record written once is never written again.
fn append_only(change: &Change, written: &mut BTreeSet<(Entity, Uuid)>) -> Result<(), RejectReason> {
    if change.entity.append_only() && !written.insert((change.entity, change.entity_id)) {
        return Err(RejectReason::Invalid);
    }
    Ok(())
}

/// An audit event must be the next link of its device's chain: the next
/// number, the head's hash as its previous hash, and a hash its fields give.
fn extend_chain(change: &Change, head: &mut ChainHead) -> Result<(), RejectReason> {
    let draft = audit_draft(change).ok_or(RejectReason::Invalid)?;
    let text = |name: &str| change.fields.get(name).and_then(Value::as_str).unwrap_or_default();
    let sequence = change.fields.get("sequence").and_then(Value::as_u64).ok_or(RejectReason::Invalid)?;
    let links = sequence == head.sequence + 1 && text("previous_hash") == head.hash;
    let hash = event_hash(text("previous_hash"), change.entity_id, change.device_id, sequence, &draft);
    if !links || hash != text("hash") {
        return Err(RejectReason::Invalid);
    }
    *head = ChainHead { sequence, hash };
    Ok(())
}

fn audit_draft(change: &Change) -> Option<AuditDraft> {
    let fields = &change.fields;
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    let optional_id = |name: &str| match text(name) {
        Some(text) => text.parse::<Uuid>().ok().map(Some),
        None => Some(None),
    };
    Some(AuditDraft {
        occurred_at: text("occurred_at")?.parse::<chrono::DateTime<chrono::FixedOffset>>().ok()?.to_utc(),
        user_id: optional_id("user_id")?,
        username: text("username")?.to_owned(),
        action: AuditAction::from_name(text("action")?)?,
        entity: text("entity").map(str::to_owned),
        entity_id: optional_id("entity_id")?,
    })
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
