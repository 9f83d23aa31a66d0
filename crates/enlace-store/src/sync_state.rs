//! What the sync engine keeps and reads between syncs, beyond the cursor:
//! the outbox read in order from a position (so changes that must wait can
//! be stepped over), the authors of what waits, a user's own account
//! changes (a setup device's founder), this device's clock as a stamp and
//! its correction by the server's clock, and local values by prefix (the
//! engine's per-user credentials).
//!
//! A laptop whose clock ran fast before it ever synced has stamped changes
//! ahead of the server's time, and a logical clock never goes back: every
//! later stamp would be ahead too, and the server refuses stamps from the
//! future. Changes that have not left the laptop can be stamped again, in
//! their order, from the corrected clock ([`Store::restamp_ahead`]): they
//! then win or lose against others as when they were really made.

use std::collections::BTreeSet;

use enlace_domain::HlcStamp;
use enlace_sync::{Change, Entity};
use uuid::Uuid;

use crate::mutation::{ChangeRow, change_from_row, save_clock};
use crate::{Store, StoreError};

/// A change-log row with its position: seq, then [`ChangeRow`]'s columns.
type PositionedRow = (i64, String, String, String, String, String, String, String);

/// `local_state` key of how far this device's clock is from the server's.
pub(crate) const CLOCK_OFFSET_KEY: &str = "clock-offset-ms";

impl Store {
    /// Outbox changes after position `after` (a change-log sequence number),
    /// oldest first, each with its position.
    pub async fn outbox_after(&self, after: i64, limit: u32) -> Result<Vec<(i64, Change)>, StoreError> {
        let rows: Vec<PositionedRow> = sqlx::query_as(
            "SELECT seq, change_id, entity, entity_id, fields, hlc, device_id, author FROM change_log
             WHERE origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(seq, change_id, entity, entity_id, fields, hlc, device_id, author)| {
                let row: ChangeRow = (change_id, entity, entity_id, fields, hlc, device_id, author);
                Ok((seq, change_from_row(row)?))
            })
            .collect()
    }

    /// How many outbox changes each author has, by author.
    pub async fn outbox_by_author(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT author, count(*) FROM change_log
             WHERE origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL GROUP BY author ORDER BY author",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(author, count)| (author, u64::try_from(count).unwrap_or_default())).collect())
    }

    /// The changes this device made to user `user_id`'s account (refused ones left out), oldest first.
    pub async fn own_changes_to_user(&self, user_id: Uuid) -> Result<Vec<Change>, StoreError> {
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT change_id, entity, entity_id, fields, hlc, device_id, author FROM change_log
             WHERE entity = 'user' AND entity_id = ? AND origin = 'local' AND rejected_at IS NULL ORDER BY seq",
        )
        .bind(user_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(change_from_row).collect()
    }

    /// This device's clock: the last stamp it issued or observed.
    pub async fn clock_stamp(&self) -> HlcStamp {
        *self.clock.lock().await
    }

    /// Whether this device has set its clock by the server's yet.
    pub async fn knows_server_clock(&self) -> Result<bool, StoreError> {
        Ok(self.local_value(CLOCK_OFFSET_KEY).await?.is_some())
    }

    /// Sets this device's clock by the server's: stamps follow the server's
    /// time however wrong the laptop's clock is, so they are neither
    /// refused as from the future nor lose to edits made before them.
    pub async fn set_server_clock(&self, server_ms: u64) -> Result<(), StoreError> {
        let skew = self.clock_skew_ms.load(std::sync::atomic::Ordering::Relaxed);
        let local = crate::mutation::now_ms().saturating_add_signed(skew);
        let offset = i64::try_from(i128::from(server_ms) - i128::from(local)).unwrap_or_default();
        self.clock_offset_ms.store(offset, std::sync::atomic::Ordering::Relaxed);
        self.set_local_value(CLOCK_OFFSET_KEY, &offset.to_string()).await
    }

    /// Stamps again, from the clock as corrected by the server's, the
    /// changes that have not left this laptop and are stamped more than
    /// `tolerance_ms` ahead of it; their entities are derived again and the
    /// clock is set back. Returns how many were stamped again.
    pub async fn restamp_ahead(&self, tolerance_ms: u64) -> Result<usize, StoreError> {
        let now_ms = self.clock_ms();
        let mut clock = self.clock.lock().await;
        if !clock.is_ahead_of(now_ms, tolerance_ms) {
            return Ok(0);
        }
        let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
        let bound = HlcStamp { wall_ms: now_ms.saturating_add(tolerance_ms), counter: u32::MAX, device: Uuid::max() };
        let ahead: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT seq, change_id, entity, entity_id FROM change_log
             WHERE origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL AND hlc > ? ORDER BY seq",
        )
        .bind(bound.to_string())
        .fetch_all(&mut *tx)
        .await?;
        // Everything that stays as it is (sent, or seen from elsewhere, however far ahead) stays
        // before the new stamps: the clock never goes back past a stamp it has seen.
        let kept: Option<String> = sqlx::query_scalar(
            "SELECT max(hlc) FROM change_log
             WHERE NOT (origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL AND hlc > ?)",
        )
        .bind(bound.to_string())
        .fetch_one(&mut *tx)
        .await?;
        let floor = kept.and_then(|text| text.parse::<HlcStamp>().ok());
        let mut stamp = HlcStamp::genesis(self.device_id, now_ms);
        if let Some(floor) = floor.filter(|floor| *floor > stamp) {
            stamp = HlcStamp { device: self.device_id, ..floor };
        }
        let mut keys = BTreeSet::new();
        for (seq, _, entity, entity_id) in &ahead {
            stamp = HlcStamp::next_local(&stamp, now_ms).map_err(|_| StoreError::ClockExhausted)?;
            sqlx::query("UPDATE change_log SET hlc = ? WHERE seq = ?")
                .bind(stamp.to_string())
                .bind(seq)
                .execute(&mut *tx)
                .await?;
            if let (Some(entity), Ok(id)) = (Entity::from_name(entity), entity_id.parse::<Uuid>()) {
                keys.insert((entity, id));
            }
        }
        keys.retain(|(entity, _)| *entity != Entity::AuditEvent);
        crate::sync::rederive(&mut tx, &keys).await?;
        save_clock(&mut tx, &stamp).await?;
        tx.commit().await?;
        *clock = stamp;
        tracing::info!(changes = ahead.len(), "changes stamped ahead of the server's clock were stamped again");
        Ok(ahead.len())
    }

    /// Every local value whose key starts with `prefix`, by key.
    pub async fn local_values_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT key, value FROM local_state WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key")
            .bind(prefix)
            .fetch_all(self.pool())
            .await?)
    }

    /// Forgets every local value whose key starts with `prefix`.
    pub async fn forget_local_values_with_prefix(&self, prefix: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM local_state WHERE substr(key, 1, length(?1)) = ?1")
            .bind(prefix)
            .execute(self.writer())
            .await?;
        Ok(())
    }
}
