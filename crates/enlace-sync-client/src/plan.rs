//! What may leave the outbox now: a pure plan over the outbox in order,
//! made before anything is sent. The server keeps a change as its author's
//! only with the author's credential from this device, so a change whose
//! author has none waits (until they sign in while connected); a change
//! stamped ahead of the server's clock waits until that time comes; and a
//! change that builds on one that waits — a later edit of the same record,
//! a consult's event after its step, the next link of the audit chain —
//! waits with it, so the server never judges a step without the one before.

use std::collections::BTreeSet;

use enlace_domain::HlcStamp;
use enlace_sync::consults::consult_of;
use enlace_sync::{Change, Entity, MAX_STAMP_AHEAD_MS};
use serde_json::Value;
use uuid::Uuid;

/// Why a change stays in the outbox for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Its author has not signed in on this device while it was connected.
    NoCredential,
    /// It is stamped ahead of the server's clock (this laptop's clock ran fast before it first synced).
    ClockAhead,
    /// It builds on an earlier change that waits.
    Earlier,
}

/// Plans one round of pushes over the outbox, change by change, oldest first.
#[derive(Debug, Clone)]
pub struct PushPlan {
    credentials: BTreeSet<String>,
    bootstrap_until: Option<HlcStamp>,
    now_ms: u64,
    waiting: BTreeSet<(Entity, Uuid)>,
    waiting_consults: BTreeSet<Uuid>,
    chain_waits: bool,
    held: usize,
}

impl PushPlan {
    /// `credentials`: the users this device holds a credential for;
    /// `bootstrap_until`: a setup device's allowance; `now_ms`: the
    /// server's clock as this device reads it.
    pub fn new(credentials: BTreeSet<String>, bootstrap_until: Option<HlcStamp>, now_ms: u64) -> Self {
        Self {
            credentials,
            bootstrap_until,
            now_ms,
            waiting: BTreeSet::new(),
            waiting_consults: BTreeSet::new(),
            chain_waits: false,
            held: 0,
        }
    }

    /// Whether `change` (the next in the outbox) goes now, or why it waits.
    /// A change that waits holds back what builds on it.
    pub fn admit(&mut self, change: &Change) -> Result<(), Wait> {
        let verdict = self.judge(change);
        if verdict.is_err() {
            self.held += 1;
            self.waiting.insert((change.entity, change.entity_id));
            if let Some(consult) = consult_of(change) {
                self.waiting_consults.insert(consult);
            }
            self.chain_waits |= change.entity == Entity::AuditEvent;
        }
        verdict
    }

    /// How many changes were held back so far.
    pub fn held(&self) -> usize {
        self.held
    }

    fn judge(&self, change: &Change) -> Result<(), Wait> {
        let builds_on_waiting = self.waiting.contains(&(change.entity, change.entity_id))
            || consult_of(change).is_some_and(|consult| self.waiting_consults.contains(&consult))
            || (change.entity == Entity::AuditEvent && self.chain_waits);
        if builds_on_waiting {
            return Err(Wait::Earlier);
        }
        if self.bootstrap_until.is_some_and(|until| change.hlc <= until) {
            return Ok(());
        }
        // A margin under the server's limit covers the trip and a clock read a little off.
        if change.hlc.is_ahead_of(self.now_ms, MAX_STAMP_AHEAD_MS / 2) {
            return Err(Wait::ClockAhead);
        }
        let by_device = change.author.is_empty() && device_may(change);
        if by_device || self.credentials.contains(&change.author) { Ok(()) } else { Err(Wait::NoCredential) }
    }
}

/// What the server takes from a device with nobody proven: its interface
/// language, and the record of a failed sign-in.
fn device_may(change: &Change) -> bool {
    match change.entity {
        Entity::Preference => true,
        Entity::AuditEvent => change.fields.get("action").and_then(Value::as_str) == Some("sign-in-failed"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const DEVICE: Uuid = Uuid::from_u128(1);
    const NOW: u64 = 1_800_000_000_000;

    fn change(entity: Entity, id: u128, author: &str, fields: Value) -> Change {
        let Value::Object(fields) = fields else { unreachable!("test fields are objects") };
        Change {
            change_id: Uuid::now_v7(),
            entity,
            entity_id: Uuid::from_u128(id),
            fields,
            hlc: HlcStamp { wall_ms: NOW - 1_000, counter: 0, device: DEVICE },
            device_id: DEVICE,
            author: author.into(),
        }
    }

    fn plan() -> PushPlan {
        PushPlan::new(["marta".to_owned()].into(), None, NOW)
    }

    #[test]
    fn a_change_waits_for_its_authors_credential_and_holds_back_what_builds_on_it() {
        let mut plan = plan();
        assert_eq!(plan.admit(&change(Entity::Patient, 7, "ana", json!({ "zip": "00901" }))), Err(Wait::NoCredential));
        assert_eq!(plan.admit(&change(Entity::Patient, 7, "marta", json!({ "zip": "00902" }))), Err(Wait::Earlier));
        assert_eq!(plan.admit(&change(Entity::Patient, 8, "marta", json!({ "zip": "00903" }))), Ok(()));
        assert_eq!(plan.admit(&change(Entity::Preference, 1, "", json!({ "ui_locale": "es-US" }))), Ok(()));
        assert_eq!(plan.admit(&change(Entity::Patient, 9, "", json!({ "zip": "00903" }))), Err(Wait::NoCredential));
        assert_eq!(plan.held(), 3);
    }

    #[test]
    fn a_consults_step_and_the_audit_chain_wait_together() {
        let mut plan = plan();
        let request = change(Entity::Consult, 5, "ana", json!({ "status": "requested", "version": 1 }));
        assert_eq!(plan.admit(&request), Err(Wait::NoCredential));
        let event = change(Entity::ConsultEvent, 6, "marta", json!({ "consult_id": Uuid::from_u128(5) }));
        assert_eq!(plan.admit(&event), Err(Wait::Earlier));
        let anas = change(Entity::AuditEvent, 10, "ana", json!({ "action": "view" }));
        assert_eq!(plan.admit(&anas), Err(Wait::NoCredential));
        let martas = change(Entity::AuditEvent, 11, "marta", json!({ "action": "view" }));
        assert_eq!(plan.admit(&martas), Err(Wait::Earlier), "the chain goes on in order");
    }

    #[test]
    fn a_stamp_ahead_of_the_servers_clock_waits_and_a_setup_devices_old_data_goes() {
        let mut ahead = change(Entity::Patient, 7, "marta", json!({ "zip": "00901" }));
        ahead.hlc.wall_ms = NOW + MAX_STAMP_AHEAD_MS;
        assert_eq!(plan().admit(&ahead), Err(Wait::ClockAhead));
        let old = change(Entity::Patient, 8, "command:import", json!({ "zip": "00901" }));
        let mut setup = PushPlan::new(BTreeSet::new(), Some(old.hlc), NOW);
        assert_eq!(setup.admit(&old), Ok(()));
        let mut later = old.clone();
        later.hlc.wall_ms += 1;
        later.entity_id = Uuid::from_u128(9);
        assert_eq!(setup.admit(&later), Err(Wait::NoCredential));
    }
}
