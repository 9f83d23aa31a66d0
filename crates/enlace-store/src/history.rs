//! Who changed a record, which fields, and when: read from the change log,
//! every change this store holds (its own and pulled ones) but those the
//! server refused or that were set aside. Values are not returned: the page
//! that shows the history shows the record's current values beside it.

use chrono::{DateTime, Utc};
use enlace_domain::{EntityId, HlcStamp};

use crate::{Entity, Store, StoreError};

/// One change of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    /// When it was made, by the clock of the computer that made it (its stamp's wall time).
    pub at: DateTime<Utc>,
    /// The user (or `command:<account>`) who made it.
    pub author: String,
    /// The fields it set, by their stored names ("phones", "time_zone"…).
    pub fields: Vec<String>,
    /// Whether it is the change that created the record (its earliest).
    pub created: bool,
}

impl Store {
    /// The latest `limit` changes of one record, latest first: the order in
    /// which they win, field by field, whatever order they arrived in.
    pub async fn record_changes(
        &self,
        entity: Entity,
        id: EntityId,
        limit: u32,
    ) -> Result<Vec<RecordChange>, StoreError> {
        let rows: Vec<(String, String, String, bool)> = sqlx::query_as(
            "WITH changes AS (
                 SELECT hlc, author, fields FROM change_log
                 WHERE entity = ?1 AND entity_id = ?2 AND rejected_at IS NULL
             )
             SELECT hlc, author, (SELECT json_group_array(key) FROM json_each(fields)),
                    hlc = (SELECT min(hlc) FROM changes)
             FROM changes ORDER BY hlc DESC LIMIT ?3",
        )
        .bind(entity.name())
        .bind(id.hyphenated().to_string())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(hlc, author, fields, created)| {
                let corrupt = |field| StoreError::Corrupt { entity: "change_log", field };
                let stamp: HlcStamp = hlc.parse().map_err(|_| corrupt("hlc"))?;
                let at = i64::try_from(stamp.wall_ms)
                    .ok()
                    .and_then(DateTime::from_timestamp_millis)
                    .ok_or_else(|| corrupt("hlc"))?;
                let fields = serde_json::from_str(&fields).map_err(|_| corrupt("fields"))?;
                Ok(RecordChange { at, author, fields, created })
            })
            .collect()
    }
}
