//! Reading the call queue (kept by [`crate::derived`]): today's candidates for
//! the call list in best-possible-priority order, counts and filter values,
//! for zones that share one local date. The app judges each candidate exactly
//! with the domain's rules; these reads only keep it from judging everyone.

use chrono::{NaiveDate, NaiveTime};
use enlace_domain::{CallQueueSummary, CallingWindow, EntityId, Language};
use sqlx::{FromRow, QueryBuilder, Sqlite};
use uuid::fmt::Hyphenated;

use crate::{Store, StoreError};

/// Which queue rows to read. `zones` are stored `time_zone` values that all
/// have `today` as their local date; `None` stands for rows without a zone
/// of their own (the pharmacy's applies).
#[derive(Debug, Clone)]
pub struct QueueQuery<'a> {
    pub zones: &'a [Option<String>],
    pub today: NaiveDate,
    pub outcome: QueueOutcome,
    pub language: Option<Language>,
    pub program: Option<&'a str>,
    pub assigned_to: Option<&'a str>,
    pub overdue_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOutcome {
    Open,
    Exception,
}

/// One queue row.
#[derive(Debug, Clone)]
pub struct QueueCandidate {
    pub patient_id: EntityId,
    pub time_zone: Option<String>,
    /// The hours the patient may be called, as the store derived them
    /// (`enlace_domain::patient_window`: the pharmacy's, the patient's own,
    /// every zone they could be in); empty when no hour holds.
    pub preferred_call_window: Option<CallingWindow>,
    pub summary: CallQueueSummary,
}

#[derive(FromRow)]
struct CandidateRow {
    patient_id: Hyphenated,
    time_zone: Option<String>,
    call_window_start: Option<String>,
    call_window_end: Option<String>,
    summary: String,
}

impl TryFrom<CandidateRow> for QueueCandidate {
    type Error = StoreError;

    fn try_from(row: CandidateRow) -> Result<Self, StoreError> {
        let corrupt = |field| StoreError::Corrupt { entity: "call_queue", field };
        let time = |text: &str| NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| corrupt("call_window"));
        Ok(Self {
            patient_id: row.patient_id.into_uuid(),
            time_zone: row.time_zone,
            preferred_call_window: match (row.call_window_start, row.call_window_end) {
                (Some(start), Some(end)) => Some(CallingWindow { start: time(&start)?, end: time(&end)? }),
                _ => None,
            },
            summary: serde_json::from_str(&row.summary).map_err(|_| corrupt("summary"))?,
        })
    }
}

fn push_conditions<'q>(sql: &mut QueryBuilder<'q, Sqlite>, query: &QueueQuery<'q>) {
    sql.push(match query.outcome {
        QueueOutcome::Open => " WHERE outcome = 'open'",
        QueueOutcome::Exception => " WHERE outcome = 'exception'",
    });
    sql.push(" AND opens_on <= ").push_bind(query.today);
    let named: Vec<&String> = query.zones.iter().flatten().collect();
    let unnamed = query.zones.iter().any(Option::is_none);
    sql.push(" AND (");
    if named.is_empty() {
        sql.push("0");
    } else {
        sql.push("time_zone IN (");
        let mut list = sql.separated(", ");
        for zone in named {
            list.push_bind(zone.as_str());
        }
        sql.push(")");
    }
    if unnamed {
        sql.push(" OR time_zone IS NULL");
    }
    sql.push(")");
    if let Some(language) = query.language {
        sql.push(" AND preferred_language = ").push_bind(language.tag());
    }
    if let Some(program) = query.program {
        sql.push(" AND program = ").push_bind(program);
    }
    if let Some(user) = query.assigned_to {
        sql.push(" AND assigned_to = ").push_bind(user);
    }
    if query.overdue_only {
        sql.push(" AND first_due < ").push_bind(query.today);
    }
}

const CANDIDATE_COLUMNS: &str =
    "SELECT patient_id, time_zone, call_window_start, call_window_end, summary FROM call_queue";

impl Store {
    /// The distinct stored zones of queued patients (`None`: the pharmacy's).
    pub async fn call_queue_zones(&self) -> Result<Vec<Option<String>>, StoreError> {
        let zones: Vec<String> =
            sqlx::query_scalar("SELECT time_zone FROM call_queue_zone").fetch_all(self.pool()).await?;
        Ok(zones.into_iter().map(|zone| (!zone.is_empty()).then_some(zone)).collect())
    }

    /// Rows `offset..offset + limit` in best-possible-priority order.
    pub async fn call_queue_candidates(
        &self,
        query: &QueueQuery<'_>,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<QueueCandidate>, StoreError> {
        // The priority index gives the order and the first rows at once; the
        // planner would otherwise pick the opens_on range and sort all of it.
        let mut sql = QueryBuilder::<Sqlite>::new(format!("{CANDIDATE_COLUMNS} INDEXED BY call_queue_priority"));
        push_conditions(&mut sql, query);
        sql.push(" ORDER BY first_due, critical DESC, attempts, patient_id LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        let rows: Vec<CandidateRow> = sql.build_query_as().fetch_all(self.pool()).await?;
        rows.into_iter().map(QueueCandidate::try_from).collect()
    }

    /// How many rows `query` selects.
    pub async fn call_queue_count(&self, query: &QueueQuery<'_>) -> Result<u64, StoreError> {
        let mut sql = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM call_queue");
        push_conditions(&mut sql, query);
        let count: i64 = sql.build_query_scalar().fetch_one(self.pool()).await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Every row `query` selects, in no particular order.
    pub async fn call_queue_rows(&self, query: &QueueQuery<'_>) -> Result<Vec<QueueCandidate>, StoreError> {
        let mut sql = QueryBuilder::<Sqlite>::new(CANDIDATE_COLUMNS);
        push_conditions(&mut sql, query);
        let rows: Vec<CandidateRow> = sql.build_query_as().fetch_all(self.pool()).await?;
        rows.into_iter().map(QueueCandidate::try_from).collect()
    }

    /// The programs and coordinators of queued patients, sorted.
    pub async fn call_queue_filter_values(&self) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let programs =
            sqlx::query_scalar("SELECT DISTINCT program FROM call_queue WHERE program IS NOT NULL ORDER BY program")
                .fetch_all(self.pool())
                .await?;
        let coordinators = sqlx::query_scalar(
            "SELECT DISTINCT assigned_to FROM call_queue WHERE assigned_to IS NOT NULL ORDER BY assigned_to",
        )
        .fetch_all(self.pool())
        .await?;
        Ok((programs, coordinators))
    }
}
