//! The audit trail's rules: what an audit event records (who, when, what
//! action on which record) and the hash chain that makes a deleted or
//! altered event detectable. Each device numbers its events 1, 2, 3… and
//! each event carries the hash of the one before it on that device, so
//! removing, reordering or editing any of them breaks [`verify_chain`].

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::EntityId;

/// What happened. Sign-in events name the username typed, even when no such
/// user exists; the others name the signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    Lock,
    Unlock,
    /// A patient's record was opened.
    View,
    /// A record was created or changed.
    Change,
    /// Data left the app (a CSV export).
    Export,
    /// A file was imported.
    Import,
}

impl AuditAction {
    pub const ALL: [AuditAction; 9] = [
        Self::SignIn,
        Self::SignInFailed,
        Self::SignOut,
        Self::Lock,
        Self::Unlock,
        Self::View,
        Self::Change,
        Self::Export,
        Self::Import,
    ];

    /// The name stored and shown in exports.
    pub fn name(self) -> &'static str {
        match self {
            Self::SignIn => "sign-in",
            Self::SignInFailed => "sign-in-failed",
            Self::SignOut => "sign-out",
            Self::Lock => "lock",
            Self::Unlock => "unlock",
            Self::View => "view",
            Self::Change => "change",
            Self::Export => "export",
            Self::Import => "import",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.name() == name)
    }
}

/// An audit event before it is chained: what the application knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditDraft {
    pub occurred_at: DateTime<Utc>,
    pub user_id: Option<EntityId>,
    pub username: String,
    pub action: AuditAction,
    /// The kind of record acted on ("patient", "user"…), if any.
    pub entity: Option<String>,
    pub entity_id: Option<EntityId>,
}

/// An event in a device's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: EntityId,
    pub device_id: EntityId,
    /// 1 for the device's first event, then one more for each.
    pub sequence: u64,
    pub draft: AuditDraft,
    pub previous_hash: String,
    pub hash: String,
}

/// The previous hash of a device's first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The last event of a device's chain, which the next one links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub sequence: u64,
    pub hash: String,
}

impl ChainHead {
    pub fn genesis() -> Self {
        Self { sequence: 0, hash: GENESIS_HASH.to_owned() }
    }
}

/// Links `draft` after `head`, returning the event and the new head.
pub fn chain_event(head: &ChainHead, id: EntityId, device_id: EntityId, draft: AuditDraft) -> (AuditEvent, ChainHead) {
    let sequence = head.sequence + 1;
    let hash = event_hash(&head.hash, id, device_id, sequence, &draft);
    let event = AuditEvent { id, device_id, sequence, draft, previous_hash: head.hash.clone(), hash: hash.clone() };
    (event, ChainHead { sequence, hash })
}

/// SHA-256, hex, over the previous hash and every field, each written with
/// its length so that no two different events share an input.
pub fn event_hash(previous_hash: &str, id: EntityId, device_id: EntityId, sequence: u64, draft: &AuditDraft) -> String {
    let mut input = String::new();
    let fields = [
        previous_hash.to_owned(),
        id.hyphenated().to_string(),
        device_id.hyphenated().to_string(),
        sequence.to_string(),
        draft.occurred_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        draft.user_id.map(|id| id.hyphenated().to_string()).unwrap_or_default(),
        draft.username.clone(),
        draft.action.name().to_owned(),
        draft.entity.clone().unwrap_or_default(),
        draft.entity_id.map(|id| id.hyphenated().to_string()).unwrap_or_default(),
    ];
    for field in fields {
        let _ = write!(input, "{}:{field};", field.len());
    }
    hex::encode(Sha256::digest(input.as_bytes()))
}

/// Where a device's chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("event {sequence} of device {device_id} was altered")]
    Altered { device_id: EntityId, sequence: u64 },
    #[error("events of device {device_id} are missing before {sequence}")]
    Missing { device_id: EntityId, sequence: u64 },
    #[error("the last events of device {device_id} are missing after {sequence}")]
    Truncated { device_id: EntityId, sequence: u64 },
    /// Events numbered past the last one the device recorded writing.
    #[error("device {device_id} holds events from {sequence} on that it never wrote")]
    PastHead { device_id: EntityId, sequence: u64 },
    /// The event the server holds as this number has another hash: the chain
    /// was rewritten here after it was sent.
    #[error("event {sequence} of device {device_id} differs from the server's copy")]
    DiffersFromServer { device_id: EntityId, sequence: u64 },
}

/// Checks one device's events, in sequence order: numbered from 1 without
/// gaps, each linked to the one before, each hash what its fields give, and
/// (when the device's own head is known) ending at that head.
pub fn verify_chain(events: &[AuditEvent], known_head: Option<&ChainHead>) -> Result<(), ChainBreak> {
    let mut head = ChainHead::genesis();
    for event in events {
        let device_id = event.device_id;
        if event.sequence != head.sequence + 1 {
            return Err(ChainBreak::Missing { device_id, sequence: event.sequence });
        }
        let recomputed = event_hash(&event.previous_hash, event.id, device_id, event.sequence, &event.draft);
        if recomputed != event.hash {
            return Err(ChainBreak::Altered { device_id, sequence: event.sequence });
        }
        if event.previous_hash != head.hash {
            // The event is intact but does not follow the one before it: that one was changed or replaced.
            return Err(ChainBreak::Altered { device_id, sequence: head.sequence });
        }
        head = ChainHead { sequence: event.sequence, hash: event.hash.clone() };
    }
    let (Some(known), Some(first)) = (known_head, events.first()) else { return Ok(()) };
    let device_id = first.device_id;
    if known.sequence > head.sequence {
        Err(ChainBreak::Truncated { device_id, sequence: head.sequence })
    } else if known.sequence < head.sequence {
        Err(ChainBreak::PastHead { device_id, sequence: known.sequence + 1 })
    } else if known.hash != head.hash {
        // Every link holds, yet the chain ends elsewhere than it did: rewritten, hashes and all.
        Err(ChainBreak::Altered { device_id, sequence: known.sequence })
    } else {
        Ok(())
    }
}

/// Checks a device's chain against the head the server holds of it: the
/// event the server has as that number must be here, with the same hash.
pub fn matches_server(events: &[AuditEvent], server_head: &ChainHead) -> Result<(), ChainBreak> {
    let Some(first) = events.first() else { return Ok(()) };
    match events.iter().find(|event| event.sequence == server_head.sequence) {
        Some(event) if event.hash == server_head.hash => Ok(()),
        _ => Err(ChainBreak::DiffersFromServer { device_id: first.device_id, sequence: server_head.sequence }),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use uuid::Uuid;

    use super::*;

    fn device() -> EntityId {
        Uuid::from_u128(7)
    }

    fn chain(count: u128) -> (Vec<AuditEvent>, ChainHead) {
        let start = DateTime::parse_from_rfc3339("2026-11-23T14:00:00Z").unwrap().to_utc();
        let mut head = ChainHead::genesis();
        let mut events = Vec::new();
        for index in 0..count {
            let draft = AuditDraft {
                occurred_at: start + TimeDelta::seconds(index as i64),
                user_id: Some(Uuid::from_u128(1)),
                username: "ana".into(),
                action: if index == 0 { AuditAction::SignIn } else { AuditAction::View },
                entity: (index > 0).then(|| "patient".to_owned()),
                entity_id: (index > 0).then(|| Uuid::from_u128(100 + index)),
            };
            let (event, next) = chain_event(&head, Uuid::from_u128(1000 + index), device(), draft);
            events.push(event);
            head = next;
        }
        (events, head)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let (events, head) = chain(5);
        assert_eq!(head.sequence, 5);
        assert_eq!(verify_chain(&events, Some(&head)), Ok(()));
        assert_eq!(verify_chain(&[], None), Ok(()));
    }

    #[test]
    fn an_altered_event_is_found() {
        let (mut events, head) = chain(5);
        events[2].draft.entity_id = Some(Uuid::from_u128(999));
        assert_eq!(verify_chain(&events, Some(&head)), Err(ChainBreak::Altered { device_id: device(), sequence: 3 }));
    }

    #[test]
    fn an_altered_event_with_a_recomputed_hash_breaks_the_next_link() {
        let (mut events, head) = chain(5);
        events[2].draft.username = "luis".into();
        events[2].hash =
            event_hash(&events[2].previous_hash, events[2].id, device(), events[2].sequence, &events[2].draft);
        assert_eq!(verify_chain(&events, Some(&head)), Err(ChainBreak::Altered { device_id: device(), sequence: 3 }));
    }

    #[test]
    fn a_deleted_event_is_found_wherever_it_was() {
        let (events, head) = chain(5);
        for removed in 0..4 {
            let mut gap = events.clone();
            gap.remove(removed);
            let sequence = removed as u64 + 2;
            assert_eq!(verify_chain(&gap, Some(&head)), Err(ChainBreak::Missing { device_id: device(), sequence }));
        }
        let truncated = &events[..4];
        assert_eq!(
            verify_chain(truncated, Some(&head)),
            Err(ChainBreak::Truncated { device_id: device(), sequence: 4 })
        );
    }

    #[test]
    fn a_chain_rewritten_with_every_hash_recomputed_ends_elsewhere_than_its_head() {
        let (mut events, head) = chain(5);
        events[2].draft.username = "luis".into();
        let mut previous = events[1].hash.clone();
        for event in &mut events[2..] {
            event.previous_hash = previous.clone();
            event.hash = event_hash(&previous, event.id, device(), event.sequence, &event.draft);
            previous = event.hash.clone();
        }
        assert_eq!(verify_chain(&events, None), Ok(()), "the links alone hold");
        assert_eq!(verify_chain(&events, Some(&head)), Err(ChainBreak::Altered { device_id: device(), sequence: 5 }));
        // With the local head rewritten too, the server's copy still tells.
        let server = ChainHead { sequence: 3, hash: chain(3).1.hash };
        assert_eq!(
            matches_server(&events, &server),
            Err(ChainBreak::DiffersFromServer { device_id: device(), sequence: 3 })
        );
        assert_eq!(matches_server(&chain(5).0, &server), Ok(()));
    }

    #[test]
    fn events_past_the_recorded_head_are_found() {
        let (events, _) = chain(5);
        let head = ChainHead { sequence: 3, hash: events[2].hash.clone() };
        assert_eq!(verify_chain(&events, Some(&head)), Err(ChainBreak::PastHead { device_id: device(), sequence: 4 }));
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let (events, _) = chain(2);
        let mut shifted = events[1].draft.clone();
        shifted.username = "an".into();
        shifted.entity = Some("apatient".into());
        let original = event_hash(GENESIS_HASH, events[1].id, device(), 1, &events[1].draft);
        assert_ne!(event_hash(GENESIS_HASH, events[1].id, device(), 1, &shifted), original);
    }

    #[test]
    fn action_names_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_name(action.name()), Some(action));
        }
    }
}
