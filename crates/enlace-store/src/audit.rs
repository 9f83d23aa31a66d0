//! The audit trail on disk: appending drafts to this device's hash chain
//! inside a write's transaction ([`crate::Store::apply_audited`]), reading
//! events back for the supervisor's views and exports, and reading every
//! device's chain for `enlace audit verify`.
//!
//! This device's head (last sequence and hash) is also kept in
//! `local_state`, so that events deleted from the end of the chain, which no
//! link points past, are still found; and so is the head the server last
//! said it holds, so that a chain rewritten here (events edited and every
//! later hash recomputed, the local head with them) is still found.

use chrono::{DateTime, Utc};
use enlace_domain::{AuditAction, AuditDraft, AuditEvent, ChainHead, EntityId, chain_event};
use serde_json::json;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};
use uuid::fmt::Hyphenated;

use crate::change::{Entity, Mutation, new_id};
use crate::entities::{fields, instant_text};
use crate::{Store, StoreError};

const HEAD_KEY: &str = "audit-head";
const SERVER_HEAD_KEY: &str = "audit-head-on-server";

/// Chains `drafts` after this device's head and returns them as mutations;
/// the new head is saved in the same transaction.
pub(crate) async fn chain(
    conn: &mut SqliteConnection,
    device_id: EntityId,
    drafts: Vec<AuditDraft>,
) -> Result<Vec<Mutation>, StoreError> {
    let mut head = read_head(conn).await?.unwrap_or_else(ChainHead::genesis);
    let mut mutations = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let (event, next) = chain_event(&head, new_id(), device_id, draft);
        mutations.push(event_mutation(&event));
        head = next;
    }
    sqlx::query(
        "INSERT INTO local_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(HEAD_KEY)
    .bind(format!("{}:{}", head.sequence, head.hash))
    .execute(&mut *conn)
    .await?;
    Ok(mutations)
}

async fn read_head(conn: &mut SqliteConnection) -> Result<Option<ChainHead>, StoreError> {
    read_head_at(conn, HEAD_KEY).await
}

async fn read_head_at(conn: &mut SqliteConnection, key: &str) -> Result<Option<ChainHead>, StoreError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT value FROM local_state WHERE key = ?").bind(key).fetch_optional(conn).await?;
    let Some(text) = text else { return Ok(None) };
    let corrupt = || StoreError::Corrupt { entity: "local_state", field: "audit-head" };
    let (sequence, hash) = text.split_once(':').ok_or_else(corrupt)?;
    Ok(Some(ChainHead { sequence: sequence.parse().map_err(|_| corrupt())?, hash: hash.to_owned() }))
}

fn event_mutation(event: &AuditEvent) -> Mutation {
    let draft = &event.draft;
    Mutation {
        entity: Entity::AuditEvent,
        id: event.id,
        fields: fields(json!({
            "device_id": event.device_id,
            "sequence": event.sequence,
            "occurred_at": instant_text(draft.occurred_at),
            "user_id": draft.user_id,
            "username": draft.username,
            "action": draft.action.name(),
            "entity": draft.entity,
            "entity_id": draft.entity_id,
            "previous_hash": event.previous_hash,
            "hash": event.hash,
        })),
    }
}

#[derive(FromRow)]
struct AuditRow {
    id: Hyphenated,
    device_id: Hyphenated,
    sequence: i64,
    occurred_at: DateTime<Utc>,
    user_id: Option<Hyphenated>,
    username: String,
    action: String,
    entity: Option<String>,
    entity_id: Option<Hyphenated>,
    previous_hash: String,
    hash: String,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> Result<Self, StoreError> {
        let corrupt = |field| StoreError::Corrupt { entity: "audit_event", field };
        Ok(Self {
            id: row.id.into_uuid(),
            device_id: row.device_id.into_uuid(),
            sequence: u64::try_from(row.sequence).map_err(|_| corrupt("sequence"))?,
            draft: AuditDraft {
                occurred_at: row.occurred_at,
                user_id: row.user_id.map(Hyphenated::into_uuid),
                username: row.username,
                action: AuditAction::from_name(&row.action).ok_or_else(|| corrupt("action"))?,
                entity: row.entity,
                entity_id: row.entity_id.map(Hyphenated::into_uuid),
            },
            previous_hash: row.previous_hash,
            hash: row.hash,
        })
    }
}

const AUDIT_COLUMNS: &str =
    "id, device_id, sequence, occurred_at, user_id, username, action, entity, entity_id, previous_hash, hash";

/// Which events a supervisor asks for; every part narrows the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Events about this record (a patient's id, a user's id).
    pub entity_id: Option<EntityId>,
    /// Events by this username.
    pub username: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub until: Option<DateTime<Utc>>,
    pub limit: u32,
}

impl Store {
    /// Events matching `query`, newest first.
    pub async fn audit_events(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
        let mut sql = QueryBuilder::<Sqlite>::new(format!("SELECT {AUDIT_COLUMNS} FROM audit_event WHERE 1 = 1"));
        if let Some(entity_id) = query.entity_id {
            sql.push(" AND entity_id = ").push_bind(entity_id.hyphenated().to_string());
        }
        if let Some(username) = &query.username {
            sql.push(" AND username = ").push_bind(username.clone());
        }
        if let Some(from) = query.from {
            sql.push(" AND occurred_at >= ").push_bind(instant_text(from));
        }
        if let Some(until) = query.until {
            sql.push(" AND occurred_at < ").push_bind(instant_text(until));
        }
        sql.push(" ORDER BY occurred_at DESC, sequence DESC LIMIT ").push_bind(query.limit);
        let rows: Vec<AuditRow> = sql.build_query_as().fetch_all(self.pool()).await?;
        rows.into_iter().map(AuditEvent::try_from).collect()
    }

    /// Every device's chain, each in sequence order.
    pub async fn audit_chains(&self) -> Result<Vec<Vec<AuditEvent>>, StoreError> {
        let rows: Vec<AuditRow> =
            sqlx::query_as(&format!("SELECT {AUDIT_COLUMNS} FROM audit_event ORDER BY device_id, sequence"))
                .fetch_all(self.pool())
                .await?;
        let mut chains: Vec<Vec<AuditEvent>> = Vec::new();
        for row in rows {
            let event = AuditEvent::try_from(row)?;
            match chains.last_mut() {
                Some(chain) if chain.last().is_some_and(|last| last.device_id == event.device_id) => chain.push(event),
                _ => chains.push(vec![event]),
            }
        }
        Ok(chains)
    }

    /// This device's own record of its chain's last event.
    pub async fn audit_head(&self) -> Result<Option<ChainHead>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        read_head(&mut conn).await
    }

    /// The head of this device's chain as the server last said it holds it.
    pub async fn server_audit_head(&self) -> Result<Option<ChainHead>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        read_head_at(&mut conn, SERVER_HEAD_KEY).await
    }

    pub async fn set_server_audit_head(&self, head: &ChainHead) -> Result<(), StoreError> {
        self.set_local_value(SERVER_HEAD_KEY, &format!("{}:{}", head.sequence, head.hash)).await
    }
}
