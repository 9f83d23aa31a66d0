//! Working the refill-reminder call list: building it from the store with the
//! domain's rules, documenting a call or any other contact (inbound calls,
//! texts, letters, faxes, walk-ins) on any patient, and the list's
//! machine-readable forms (the CLI's JSON and CSV, the day's export).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use enlace_domain::calling::local_instant;
use enlace_domain::{
    CallListFilter, CallState, ContactChannel, ContactConsents, ContactParty, ContactReason, DeclineReason, Direction,
    Disposition, EntityId, Interaction, Language, Patient, PatientCalls, PharmacySettings, RefillArrangement,
    by_priority, call_list_entry, check_outcome, local_date, patient_window,
};
use enlace_store::entities::interaction_mutation;
use enlace_store::new_id;
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::csv_export::CsvTable;
use crate::enrollment::revocation_mutations;
use crate::ranking::{Evaluated, Judging, callable_total, evaluate_patients};
use crate::views::{
    CallList, CallListOverview, CallListPage, CallListRow, ExceptionRow, FilterOptions, FullScanRow, PatientCallStatus,
};
use crate::wire::wire_name;
use crate::{App, AppError, ErrorCode, zone_of};
use enlace_domain::{Action, AuditAction};
use enlace_domain::{calls_needed_since, reminder_dates};
use enlace_store::call_queue::QueueOutcome;

/// Exception rows the list's overview carries; the supervisor desk pages the rest.
const EXCEPTIONS_SHOWN: usize = 100;
/// A call "started" this far in the future is a clock or input error.
const START_SKEW_MINUTES: i64 = 5;

/// What a coordinator documents about one call or other contact.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallRecordInput {
    pub patient_id: EntityId,
    /// When the call was placed or taken (the call timer's start), or the contact happened.
    pub started_at: DateTime<Utc>,
    pub duration_seconds: Option<u32>,
    pub channel: ContactChannel,
    /// Needed where the channel does not say (a text, a letter, a fax).
    pub direction: Option<Direction>,
    pub party: ContactParty,
    pub reason: Option<ContactReason>,
    /// The reminder outcome (keys 1–9); `None` for a contact about something else.
    pub disposition: Option<Disposition>,
    pub notes: String,
    pub language: Language,
    pub interpreter_used: bool,
    pub refill: Option<RefillArrangement>,
    pub decline_reason: Option<DeclineReason>,
    /// The call-back time the patient asked for, on the patient's own clock.
    pub callback_local: Option<NaiveDateTime>,
}

/// The documented call and where the patient's calls stand now.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecordedCall {
    pub interaction_id: EntityId,
    /// `None` once nothing is due or the patient may not be called.
    pub status: Option<PatientCallStatus>,
}

/// One row of `enlace call-list --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct AutomationRow {
    pub patient_id: String,
    pub rank: u32,
    pub callable_now: bool,
    pub next_call_at: Option<String>,
    pub due: Vec<AutomationDue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AutomationDue {
    pub rx_number: Option<String>,
    pub drug_name: String,
    pub due_date: NaiveDate,
    /// Today minus the due date: negative while not yet due.
    pub days_overdue: i64,
}

impl App {
    /// Every patient with a due refill as of `now`, in priority order,
    /// judged one by one from every record: the reference the ranked list
    /// ([`crate::ranking`]) is tested against, and the day's export.
    pub async fn full_scan_call_list(&self, now: DateTime<Utc>) -> Result<Vec<FullScanRow>, AppError> {
        Ok(self.evaluate_calls(now).await?.iter().map(FullScanRow::new).collect())
    }

    pub(crate) async fn evaluate_calls(&self, now: DateTime<Utc>) -> Result<Vec<Evaluated>, AppError> {
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let patients = self.store().callable_patients().await?;
        let prescriptions = self.store().active_prescriptions().await?;
        let since = calls_needed_since(
            prescriptions
                .iter()
                .filter_map(|prescription| reminder_dates(prescription, pharmacy.refill_program))
                .map(|(_, opens)| opens),
        );
        let interactions = self.store().interactions_since(since).await?;
        let mut evaluated = evaluate_patients(patients, &prescriptions, &interactions, &pharmacy, pharmacy_zone, now);
        evaluated.sort_by(|a, b| by_priority(&a.entry, &b.entry));
        Ok(evaluated)
    }

    /// One page of today's call list as of `now`: the open rows that pass
    /// `filter`, most urgent first, from `offset`, and how many there are.
    pub async fn call_list_page(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        filter: &CallListFilter,
        offset: u32,
        limit: u32,
    ) -> Result<CallListPage, AppError> {
        actor.require(Action::ViewPatients)?;
        let wanted = usize::try_from(offset.saturating_add(limit)).unwrap_or(usize::MAX);
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let groups = self.zone_groups(now, pharmacy_zone).await?;
        let judging = Judging { now, pharmacy: &pharmacy, pharmacy_zone, groups: &groups };
        let ranked = self.ranked_rows(&judging, filter, QueueOutcome::Open, wanted).await?;
        let total = self.open_total(now, filter, &groups, &pharmacy, pharmacy_zone).await?;
        let mut rows: Vec<CallListRow> = ranked.iter().skip(offset as usize).map(CallListRow::new).collect();
        let ids: Vec<EntityId> = rows.iter().map(|row| row.patient_id).collect();
        let open_consults = self.store().open_consult_statuses(&ids).await?;
        for row in &mut rows {
            row.open_consult = open_consults.get(&row.patient_id).copied();
        }
        Ok(CallListPage { generated_at: now, offset, total, rows })
    }

    /// What the list's header shows: how many are open and callable now,
    /// the exception queue's first rows, and the values the filters can take.
    pub async fn call_list_overview(&self, actor: &Actor, now: DateTime<Utc>) -> Result<CallListOverview, AppError> {
        actor.require(Action::ViewPatients)?;
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let groups = self.zone_groups(now, pharmacy_zone).await?;
        let open_count = self.open_total(now, &CallListFilter::default(), &groups, &pharmacy, pharmacy_zone).await?;
        let callable_count = callable_total(self, now, &groups, &pharmacy, pharmacy_zone).await?;
        let exception_count = self.exception_total(&groups).await?;
        let judging = Judging { now, pharmacy: &pharmacy, pharmacy_zone, groups: &groups };
        let exceptions = self
            .ranked_rows(&judging, &CallListFilter::default(), QueueOutcome::Exception, EXCEPTIONS_SHOWN)
            .await?
            .iter()
            .filter_map(|item| match item.entry.state {
                CallState::Exception { reason } => Some(ExceptionRow::new(item, reason)),
                _ => None,
            })
            .collect();
        let (mut programs, coordinators) = self.store().call_queue_filter_values().await?;
        // The pharmacy's own programs first, in its order, then any other a patient is in.
        programs.retain(|program| !pharmacy.programs.contains(program));
        programs.splice(0..0, pharmacy.programs.iter().cloned());
        Ok(CallListOverview {
            generated_at: now,
            open_count,
            callable_count,
            exception_count,
            exceptions,
            filter_options: FilterOptions { programs, coordinators },
        })
    }

    /// The whole list at once: every open row that passes `filter` and the
    /// overview. For checks and small lists; the window pages.
    pub async fn call_list(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        filter: &CallListFilter,
    ) -> Result<CallList, AppError> {
        let page = self.call_list_page(actor, now, filter, 0, u32::MAX).await?;
        let overview = self.call_list_overview(actor, now).await?;
        Ok(CallList {
            generated_at: now,
            rows: page.rows,
            exceptions: overview.exceptions,
            open_count: overview.open_count,
            callable_count: overview.callable_count,
            filter_options: overview.filter_options,
        })
    }

    /// Where one patient's calls stand as of `now`, or `None` when nothing is due.
    pub async fn call_status(
        &self,
        patient_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<Option<PatientCallStatus>, AppError> {
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let patient = self.store().patient(patient_id).await?;
        self.status_of(&patient, &pharmacy, pharmacy_zone, now).await
    }

    async fn status_of(
        &self,
        patient: &Patient,
        pharmacy: &PharmacySettings,
        pharmacy_zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Option<PatientCallStatus>, AppError> {
        let zone = zone_of(patient, pharmacy_zone);
        let prescriptions = self.store().prescriptions_of(patient.id).await?;
        let interactions = self.store().interactions_of(patient.id).await?;
        let prescription_refs: Vec<_> = prescriptions.iter().filter(|prescription| prescription.active).collect();
        let interaction_refs: Vec<_> = interactions.iter().collect();
        let input = PatientCalls { patient, prescriptions: &prescription_refs, interactions: &interaction_refs, zone };
        let window = patient_window(pharmacy.calling_window, patient, zone);
        Ok(call_list_entry(&input, pharmacy, now).map(|entry| PatientCallStatus::new(entry, window)))
    }

    /// Documents one call or other contact, on any patient (on today's list
    /// or not). Refused with `invalid-outcome` (and the problems in
    /// `args.problems`) when the contact or its disposition lacks what it
    /// needs; nothing is written then. "Do not call" also revokes call
    /// consent, in the same transaction. An inbound call that confirms a
    /// refill resolves the reminder as an outbound one would.
    pub async fn record_call(
        &self,
        actor: &Actor,
        input: CallRecordInput,
        now: DateTime<Utc>,
    ) -> Result<RecordedCall, AppError> {
        actor.require(Action::RecordCall)?;
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let patient = self.store().patient(input.patient_id).await?;
        let zone = zone_of(&patient, pharmacy_zone);
        if input.started_at > now + Duration::minutes(START_SKEW_MINUTES) {
            return Err(AppError::new(ErrorCode::InvalidInput).with_arg("field", "startedAt"));
        }
        let callback_at = match input.callback_local {
            Some(local) => Some(
                local_instant(local.date(), local.time(), zone)
                    .ok_or_else(|| AppError::new(ErrorCode::InvalidInput).with_arg("field", "callbackAt"))?,
            ),
            None => None,
        };
        if input.channel == ContactChannel::Web {
            // A web request's contact is written when the request is worked.
            return Err(AppError::new(ErrorCode::InvalidInput).with_arg("field", "channel"));
        }
        let direction = input
            .direction
            .or(input.channel.implied_direction())
            .ok_or_else(|| AppError::new(ErrorCode::InvalidInput).with_arg("field", "direction"))?;
        let interaction = Interaction {
            id: new_id(),
            patient_id: patient.id,
            occurred_at: input.started_at,
            recorded_by: actor.username.clone(),
            channel: input.channel,
            direction,
            party: input.party,
            reason: input.reason,
            disposition: input.disposition,
            notes: input.notes.trim().to_owned(),
            language: input.language,
            interpreter_used: input.interpreter_used,
            duration_seconds: input.duration_seconds.filter(|_| input.channel.has_duration()),
            refill: input.refill.filter(|_| input.disposition == Some(Disposition::RefillConfirmed)),
            decline_reason: input.decline_reason.filter(|_| input.disposition == Some(Disposition::Declined)),
            callback_at: callback_at.filter(|_| input.disposition == Some(Disposition::CallBack)),
        };
        let window = patient_window(pharmacy.calling_window, &patient, zone);
        let problems = check_outcome(&interaction, now, local_date(now, zone), |at| {
            window.is_some_and(|window| window.contains(at.with_timezone(&zone).time()))
        });
        if !problems.is_empty() {
            return Err(AppError::new(ErrorCode::InvalidOutcome).with_problems(&problems));
        }
        let mut mutations = vec![interaction_mutation(&interaction)];
        if interaction.disposition == Some(Disposition::DoNotCall) {
            let remaining = ContactConsents { calls: false, ..patient.consents };
            mutations.extend(revocation_mutations(actor, &patient, remaining, interaction.language, now));
        }
        let audit = vec![actor.audit_record(AuditAction::Change, "patient", patient.id, now)];
        self.store().apply_audited(mutations, audit).await?;
        let patient = self.store().patient(patient.id).await?;
        let status =
            if patient.consents.calls { self.status_of(&patient, &pharmacy, pharmacy_zone, now).await? } else { None };
        Ok(RecordedCall { interaction_id: interaction.id, status })
    }

    /// The list as `enlace call-list` prints it: open patients in priority
    /// order, identified by the pharmacy system's id where there is one.
    pub async fn automation_call_list(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<AutomationRow>, AppError> {
        actor.require(Action::ViewPatients)?;
        let open = self.ranked_open_rows(now, &CallListFilter::default(), usize::MAX).await?;
        Ok(open
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let today = local_date(now, item.zone);
                AutomationRow {
                    patient_id: item.patient.external_id.clone().unwrap_or_else(|| item.patient.id.to_string()),
                    rank: u32::try_from(index + 1).unwrap_or(u32::MAX),
                    callable_now: item.entry.callable_now(),
                    next_call_at: item.entry.next_call_at().map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
                    due: item
                        .entry
                        .due
                        .iter()
                        .map(|medication| AutomationDue {
                            rx_number: medication.rx_number.clone(),
                            drug_name: medication.drug.clone(),
                            due_date: medication.due_on,
                            days_overdue: (today - medication.due_on).num_days(),
                        })
                        .collect(),
                }
            })
            .collect())
    }

    /// The day's list and its outcomes as CSV (one row per due medication,
    /// with the patient's latest call today), for the pharmacy's records.
    pub async fn export_day_csv(&self, actor: &Actor, now: DateTime<Utc>) -> Result<String, AppError> {
        actor.require(Action::ExportCalls)?;
        let evaluated = self.evaluate_calls(now).await?;
        let mut table = CsvTable::new(&[
            "patient_id",
            "patient_name",
            "language",
            "phone",
            "rx_number",
            "drug_name",
            "due_date",
            "days_overdue",
            "status",
            "attempts",
            "next_call_at",
            "last_call_at",
            "last_disposition",
        ])?;
        for item in &evaluated {
            let today = local_date(now, item.zone);
            let interactions = self.store().interactions_of(item.patient.id).await?;
            let last_today =
                interactions.iter().find(|interaction| local_date(interaction.occurred_at, item.zone) == today);
            let status = match item.entry.state {
                CallState::Open { callable_now: true, .. } => "callable".to_owned(),
                CallState::Open { .. } => "waiting".to_owned(),
                CallState::Resolved { by } => format!("resolved:{}", wire_name(&by).unwrap_or_default()),
                CallState::Exception { reason } => format!("exception:{}", wire_name(&reason).unwrap_or_default()),
            };
            for medication in &item.entry.due {
                table.row([
                    item.patient.external_id.clone().unwrap_or_else(|| item.patient.id.to_string()),
                    item.patient.name.full(),
                    item.patient.preferred_language.tag().to_owned(),
                    item.patient.primary_phone().map(|phone| phone.e164.clone()).unwrap_or_default(),
                    medication.rx_number.clone().unwrap_or_default(),
                    medication.drug.clone(),
                    medication.due_on.to_string(),
                    (today - medication.due_on).num_days().to_string(),
                    status.clone(),
                    item.entry.attempts.to_string(),
                    item.entry
                        .next_call_at()
                        .map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
                        .unwrap_or_default(),
                    last_today
                        .map(|call| call.occurred_at.to_rfc3339_opts(SecondsFormat::Secs, true))
                        .unwrap_or_default(),
                    last_today.and_then(|call| call.disposition.as_ref().and_then(wire_name)).unwrap_or_default(),
                ])?;
            }
        }
        let csv = table.finish()?;
        self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::Export, now)]).await?;
        Ok(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_payload_deserializes() {
        let json = r#"{"patientId":"0195d2c4-0000-7000-8000-000000000001","startedAt":"2026-11-22T14:49:00.000Z",
            "durationSeconds":15,"channel":"inbound-call","direction":null,"party":"caregiver","reason":null,
            "disposition":"refill-confirmed","notes":"x","language":"es-US","interpreterUsed":false,
            "refill":{"fulfillment":"pickup","on":"2026-11-22"},"declineReason":null,"callbackLocal":"2026-11-23T17:30:00"}"#;
        let input: CallRecordInput = serde_json::from_str(json).unwrap();
        assert_eq!(input.refill.unwrap().on, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    }
}
