//! Today's call list a page at a time, without judging every patient.
//!
//! The store keeps one call-queue row per patient with the day-independent
//! part of their entry, indexed in the order of
//! [`CallQueueSummary::best_possible_key`](enlace_domain::CallQueueSummary):
//! no patient can rank ahead of that key. Zones that share a local date form
//! one stream in that order; the streams are merged, candidates are judged
//! exactly with [`call_list_entry`] in small batches, and reading stops once
//! the next candidate's best possible key ranks behind the last row wanted.
//! The result is the same list a full scan gives (a test holds it to that),
//! at the cost of the rows shown plus a few batches.

use std::collections::{BTreeMap, HashMap, VecDeque};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use enlace_domain::{
    CallListEntry, CallListFilter, CallState, EntityId, Interaction, Patient, PatientCalls, PharmacySettings,
    call_list_entry, effective_window, local_date, parse_zone,
};
use enlace_store::call_queue::{QueueCandidate, QueueOutcome, QueueQuery};

use crate::{App, AppError};

/// One patient with a due refill, judged as of an instant.
pub(crate) struct Evaluated {
    pub patient: Patient,
    pub zone: Tz,
    pub entry: CallListEntry,
    pub last_attempt_at: Option<DateTime<Utc>>,
}

/// Candidates judged per round (one read of their records each): what is
/// still wanted and a few more, so a first page usually takes one round.
const MIN_BATCH: usize = 16;
const MAX_BATCH: usize = 256;
const BATCH_MARGIN: usize = 8;

/// What judging rows as of one instant needs, read once per request.
#[derive(Clone, Copy)]
pub(crate) struct Judging<'a> {
    pub now: DateTime<Utc>,
    pub pharmacy: &'a PharmacySettings,
    pub pharmacy_zone: Tz,
    pub groups: &'a [ZoneGroup],
}

/// Zones whose local date is `today` at the instant judged.
pub(crate) struct ZoneGroup {
    pub today: NaiveDate,
    pub zones: Vec<Option<String>>,
}

struct Stream {
    group: usize,
    offset: u32,
    buffer: VecDeque<QueueCandidate>,
    exhausted: bool,
}

impl App {
    /// The stored zones of queued patients grouped by their local date at `now`.
    pub(crate) async fn zone_groups(&self, now: DateTime<Utc>, pharmacy_zone: Tz) -> Result<Vec<ZoneGroup>, AppError> {
        let mut groups: BTreeMap<NaiveDate, Vec<Option<String>>> = BTreeMap::new();
        for zone in self.store().call_queue_zones().await? {
            let tz = zone.as_deref().and_then(|name| parse_zone(name).ok()).unwrap_or(pharmacy_zone);
            groups.entry(local_date(now, tz)).or_default().push(zone);
        }
        Ok(groups.into_iter().map(|(today, zones)| ZoneGroup { today, zones }).collect())
    }

    /// The first `wanted` open rows that pass `filter`, in priority order.
    pub(crate) async fn ranked_open_rows(
        &self,
        now: DateTime<Utc>,
        filter: &CallListFilter,
        wanted: usize,
    ) -> Result<Vec<Evaluated>, AppError> {
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let groups = self.zone_groups(now, pharmacy_zone).await?;
        self.ranked_rows(
            &Judging { now, pharmacy: &pharmacy, pharmacy_zone, groups: &groups },
            filter,
            QueueOutcome::Open,
            wanted,
        )
        .await
    }

    /// The first `wanted` rows with `outcome` that pass `filter`, in priority order.
    pub(crate) async fn ranked_rows(
        &self,
        judging: &Judging<'_>,
        filter: &CallListFilter,
        outcome: QueueOutcome,
        wanted: usize,
    ) -> Result<Vec<Evaluated>, AppError> {
        let Judging { now, pharmacy, pharmacy_zone, groups } = *judging;
        let mut streams: Vec<Stream> = (0..groups.len())
            .map(|group| Stream { group, offset: 0, buffer: VecDeque::new(), exhausted: false })
            .collect();
        let mut ranked: Vec<Evaluated> = Vec::new();
        let mut finished = false;
        while !finished {
            let batch_size =
                wanted.saturating_sub(ranked.len()).saturating_add(BATCH_MARGIN).clamp(MIN_BATCH, MAX_BATCH);
            let mut batch = Vec::with_capacity(batch_size);
            while batch.len() < batch_size {
                for stream in streams.iter_mut().filter(|stream| stream.buffer.is_empty() && !stream.exhausted) {
                    let group = &groups[stream.group];
                    let query = queue_query(group, outcome, filter);
                    let fetch = u32::try_from(batch_size).unwrap_or(u32::MAX);
                    let rows = self.store().call_queue_candidates(&query, stream.offset, fetch).await?;
                    stream.offset += fetch;
                    stream.exhausted = rows.len() < batch_size;
                    stream.buffer.extend(rows);
                }
                let next = streams
                    .iter()
                    .enumerate()
                    .filter_map(|(index, stream)| {
                        let head = stream.buffer.front()?;
                        Some((head.summary.best_possible_key(groups[stream.group].today, head.patient_id), index))
                    })
                    .min();
                let Some((best_possible, index)) = next else {
                    finished = true;
                    break;
                };
                if ranked.len() >= wanted
                    && ranked.get(wanted - 1).is_some_and(|last| best_possible > last.entry.priority_key())
                {
                    finished = true;
                    break;
                }
                batch.extend(streams[index].buffer.pop_front());
            }
            if batch.is_empty() {
                break;
            }
            let judged = self.judge(&batch, pharmacy, pharmacy_zone, now).await?;
            ranked.extend(judged.into_iter().filter(|item| match (outcome, item.entry.state) {
                (QueueOutcome::Open, CallState::Open { .. }) => filter.admits(&item.patient, &item.entry),
                (QueueOutcome::Exception, CallState::Exception { .. }) => true,
                _ => false,
            }));
            ranked.sort_by_key(|item| item.entry.priority_key());
        }
        ranked.truncate(wanted);
        Ok(ranked)
    }

    /// Each candidate's exact entry as of `now`, from their full records.
    async fn judge(
        &self,
        candidates: &[QueueCandidate],
        pharmacy: &PharmacySettings,
        pharmacy_zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Vec<Evaluated>, AppError> {
        let ids: Vec<EntityId> = candidates.iter().map(|candidate| candidate.patient_id).collect();
        let since = enlace_domain::calls_needed_since(candidates.iter().map(|candidate| candidate.summary.opens_on));
        let store = self.store();
        let patients = store.patients_by_ids(&ids).await?;
        let prescriptions = store.active_prescriptions_of_patients(&ids).await?;
        let interactions = store.interactions_of_patients_since(&ids, since).await?;
        Ok(evaluate_patients(patients, &prescriptions, &interactions, pharmacy, pharmacy_zone, now))
    }

    /// How many open rows pass `filter` at `now`; the callable-now filter
    /// needs each row's timing, the others are counted by the index.
    pub(crate) async fn open_total(
        &self,
        now: DateTime<Utc>,
        filter: &CallListFilter,
        groups: &[ZoneGroup],
        pharmacy: &PharmacySettings,
        pharmacy_zone: Tz,
    ) -> Result<u32, AppError> {
        let mut total: u64 = 0;
        for group in groups {
            let query = queue_query(group, QueueOutcome::Open, filter);
            total += if filter.callable_now_only {
                let rows = self.store().call_queue_rows(&query).await?;
                count_callable(&rows, pharmacy, pharmacy_zone, now)
            } else {
                self.store().call_queue_count(&query).await?
            };
        }
        Ok(u32::try_from(total).unwrap_or(u32::MAX))
    }

    /// How many exception rows are on today's lists.
    pub(crate) async fn exception_total(&self, groups: &[ZoneGroup]) -> Result<u32, AppError> {
        let mut total: u64 = 0;
        let everyone = CallListFilter::default();
        for group in groups {
            let query = queue_query(group, QueueOutcome::Exception, &everyone);
            total += self.store().call_queue_count(&query).await?;
        }
        Ok(u32::try_from(total).unwrap_or(u32::MAX))
    }
}

/// Judges each patient that has prescriptions among `prescriptions`.
pub(crate) fn evaluate_patients(
    patients: Vec<enlace_domain::Patient>,
    prescriptions: &[enlace_domain::Prescription],
    interactions: &[Interaction],
    pharmacy: &PharmacySettings,
    pharmacy_zone: Tz,
    now: DateTime<Utc>,
) -> Vec<Evaluated> {
    let mut prescriptions_by_patient: HashMap<EntityId, Vec<_>> = HashMap::new();
    for prescription in prescriptions.iter().filter(|prescription| prescription.active) {
        prescriptions_by_patient.entry(prescription.patient_id).or_default().push(prescription);
    }
    let mut interactions_by_patient: HashMap<EntityId, Vec<&Interaction>> = HashMap::new();
    for interaction in interactions {
        interactions_by_patient.entry(interaction.patient_id).or_default().push(interaction);
    }
    let mut evaluated = Vec::new();
    for patient in patients {
        let Some(patient_prescriptions) = prescriptions_by_patient.get(&patient.id) else {
            continue;
        };
        let zone = patient.zone_or(pharmacy_zone);
        let patient_interactions = interactions_by_patient.get(&patient.id).map(Vec::as_slice).unwrap_or_default();
        let input = PatientCalls {
            patient: &patient,
            prescriptions: patient_prescriptions,
            interactions: patient_interactions,
            zone,
        };
        if let Some(entry) = call_list_entry(&input, pharmacy, now) {
            let last_attempt_at = patient_interactions.iter().map(|interaction| interaction.occurred_at).max();
            evaluated.push(Evaluated { patient, zone, entry, last_attempt_at });
        }
    }
    evaluated
}

fn count_callable(rows: &[QueueCandidate], pharmacy: &PharmacySettings, pharmacy_zone: Tz, now: DateTime<Utc>) -> u64 {
    let mut zones: HashMap<Option<&str>, Tz> = HashMap::new();
    let mut count = 0;
    for row in rows {
        let zone = *zones.entry(row.time_zone.as_deref()).or_insert_with(|| {
            row.time_zone.as_deref().and_then(|name| parse_zone(name).ok()).unwrap_or(pharmacy_zone)
        });
        let window = effective_window(pharmacy.calling_window, row.preferred_call_window);
        if matches!(
            row.summary.call_state(zone, window, pharmacy.call_rules, now),
            Some(CallState::Open { callable_now: true, .. })
        ) {
            count += 1;
        }
    }
    count
}

fn queue_query<'a>(group: &'a ZoneGroup, outcome: QueueOutcome, filter: &'a CallListFilter) -> QueueQuery<'a> {
    QueueQuery {
        zones: &group.zones,
        today: group.today,
        outcome,
        language: filter.language,
        program: filter.program.as_deref(),
        assigned_to: filter.assigned_to.as_deref(),
        overdue_only: filter.overdue_only,
    }
}

/// How many of the open rows may be called right now (for the list's header).
pub(crate) async fn callable_total(
    app: &App,
    now: DateTime<Utc>,
    groups: &[ZoneGroup],
    pharmacy: &PharmacySettings,
    pharmacy_zone: Tz,
) -> Result<u32, AppError> {
    let filter = CallListFilter { callable_now_only: true, ..CallListFilter::default() };
    app.open_total(now, &filter, groups, pharmacy, pharmacy_zone).await
}
