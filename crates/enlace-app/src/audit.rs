//! The audit trail as supervisors see it (per patient, per user, by date,
//! exported to CSV) and its verification (`enlace audit verify`).

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, AuditEvent, ChainBreak, EntityId, verify_chain};
use enlace_store::AuditQuery;
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::csv_export::CsvTable;
use crate::{App, AppError};

/// Most events one request returns.
const AUDIT_PAGE_LIMIT: u32 = 500;

/// A supervisor's filter over the trail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    /// A patient's (or user's) id.
    pub record_id: Option<EntityId>,
    pub username: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// One event as the supervisor's table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    pub id: EntityId,
    pub occurred_at: DateTime<Utc>,
    pub username: String,
    pub action: AuditAction,
    pub entity: Option<String>,
    pub record_id: Option<EntityId>,
    pub device_id: EntityId,
}

impl From<AuditEvent> for AuditRow {
    fn from(event: AuditEvent) -> Self {
        Self {
            id: event.id,
            occurred_at: event.draft.occurred_at,
            username: event.draft.username,
            action: event.draft.action,
            entity: event.draft.entity,
            record_id: event.draft.entity_id,
            device_id: event.device_id,
        }
    }
}

/// What `enlace audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    pub devices: usize,
    pub events: usize,
    /// One per broken chain (device and sequence, no event content).
    pub breaks: Vec<ChainBreak>,
}

impl AuditVerification {
    pub fn intact(&self) -> bool {
        self.breaks.is_empty()
    }
}

impl AuditFilter {
    fn query(&self, limit: u32) -> AuditQuery {
        AuditQuery {
            entity_id: self.record_id,
            username: self.username.as_deref().map(|name| name.trim().to_lowercase()).filter(|name| !name.is_empty()),
            from: self.from,
            until: self.until,
            limit,
        }
    }
}

impl App {
    /// Events matching `filter`, newest first (supervisors only).
    pub async fn audit_trail(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditRow>, AppError> {
        actor.require(Action::ViewAudit)?;
        let events = self.store().audit_events(&filter.query(AUDIT_PAGE_LIMIT)).await?;
        Ok(events.into_iter().map(AuditRow::from).collect())
    }

    /// The events matching `filter` as CSV; the export is itself audited.
    pub async fn audit_csv(&self, actor: &Actor, filter: &AuditFilter, now: DateTime<Utc>) -> Result<String, AppError> {
        actor.require(Action::ViewAudit)?;
        let events = self.store().audit_events(&filter.query(u32::MAX)).await?;
        let mut table =
            CsvTable::new(&["occurred_at", "username", "action", "entity", "record_id", "device_id", "sequence"])?;
        for event in &events {
            table.row([
                event.draft.occurred_at.to_rfc3339(),
                event.draft.username.clone(),
                event.draft.action.name().to_owned(),
                event.draft.entity.clone().unwrap_or_default(),
                event.draft.entity_id.map(|id| id.to_string()).unwrap_or_default(),
                event.device_id.to_string(),
                event.sequence.to_string(),
            ])?;
        }
        let csv = table.finish()?;
        self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::Export, now)]).await?;
        Ok(csv)
    }

    /// Checks every device's chain; this device's also against its own
    /// head (number and hash) and against the head the server holds of it.
    pub async fn verify_audit(&self) -> Result<AuditVerification, AppError> {
        let chains = self.store().audit_chains().await?;
        let own_head = self.store().audit_head().await?;
        let server_head = self.store().server_audit_head().await?;
        let device_id = self.store().device_id();
        let mut breaks = Vec::new();
        let mut events = 0;
        let mut own_chain_seen = false;
        for chain in &chains {
            events += chain.len();
            let own = chain.first().is_some_and(|event| event.device_id == device_id);
            own_chain_seen |= own;
            let verdict = verify_chain(chain, own_head.as_ref().filter(|_| own)).and_then(|()| match &server_head {
                Some(server_head) if own => enlace_domain::audit::matches_server(chain, server_head),
                _ => Ok(()),
            });
            if let Err(broken) = verdict {
                breaks.push(broken);
            }
        }
        if !own_chain_seen && own_head.is_some_and(|head| head.sequence > 0) {
            // Every event this device wrote is gone: the chain ends before its first.
            breaks.push(ChainBreak::Truncated { device_id, sequence: 0 });
        }
        Ok(AuditVerification { devices: chains.len(), events, breaks })
    }
}
