//! The supervisor's desk: the exception queue (coordinators' flags and the
//! rules' items, assigned and resolved by supervisors), productivity per
//! coordinator and for the team, and adherence (PDC) per patient and as the
//! team's list of non-adherent patients. Everything is computed from the
//! local store, so it works offline; every action is a change (it syncs)
//! with its audit event.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use enlace_domain::calling::local_instant;
use enlace_domain::productivity::Event as ProductivityEvent;
use enlace_domain::{
    Action, AuditAction, AuditDraft, CallListFilter, CallState, ContactConsents, DailyCalls, DrugPdc, EntityId,
    ExceptionCase, ExceptionKind, ExceptionOutcome, ExceptionProblem, ExceptionResolution, ExceptionSource,
    PDC_PERIOD_DAYS, Patient, Productivity, RENEWAL_EXCEPTION_DAYS, ReportPeriod, Role, Severity,
    by_exception_priority, check_flag, check_resolution, daily_calls, local_date, non_adherent, number_for_resolution,
    pdc, productivity, renewal_exception_since, replace_called_number, report_days, rule_case_id,
};
use enlace_store::call_queue::QueueOutcome;
use enlace_store::entities::patient_mutation;
use enlace_store::{Mutation, exception_case_mutation, flag_mutation, new_id};
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::csv_export::CsvTable;
use crate::enrollment::revocation_mutations;
use crate::ranking::Judging;
use crate::{App, AppError, ErrorCode};

/// How long resolved items stay on the desk, for the record of what was done.
const RESOLVED_SHOWN_DAYS: i64 = 7;

/// A coordinator's "flag for supervisor" on a call (or on the patient).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagInput {
    pub patient_id: EntityId,
    pub interaction_id: Option<EntityId>,
    pub kind: ExceptionKind,
    pub note: String,
}

/// One item on the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionItem {
    pub id: EntityId,
    pub patient_id: EntityId,
    pub patient_name: String,
    pub kind: ExceptionKind,
    pub severity: Severity,
    pub source: ExceptionSource,
    pub note: String,
    /// Username, or the display name when the user is known here; empty for a rule.
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    pub opened_on: NaiveDate,
    pub assigned_to: Option<String>,
    pub resolution: Option<ExceptionResolution>,
    /// For a refill waiting on a renewal: the renewal requests to the
    /// prescriber's office and their answers logged lately, newest first.
    pub renewal_contacts: Vec<enlace_domain::Interaction>,
}

/// How far back a renewal item looks for the requests and answers logged about it.
const RENEWAL_CONTACT_DAYS: i64 = 30;

/// Someone an item can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Assignee {
    pub username: String,
    pub display_name: String,
}

/// The queue as its reader sees it: a supervisor sees everything, a coordinator what is assigned to them.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionQueue {
    /// Most severe, then oldest, first.
    pub open: Vec<ExceptionItem>,
    /// Resolved in the last week, newest first.
    pub resolved: Vec<ExceptionItem>,
    /// Empty for a coordinator.
    pub assignees: Vec<Assignee>,
}

/// One person's line of the productivity report.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonProductivity {
    pub username: String,
    pub display_name: String,
    pub figures: Productivity,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductivityReport {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Everyone who worked in the period (a coordinator: only themselves).
    pub people: Vec<PersonProductivity>,
    /// The team's figures: supervisors only.
    pub team: Option<Productivity>,
    /// Calls per day (the team's, or the coordinator's own).
    pub daily: Vec<DailyCalls>,
}

/// A patient below the adherence threshold on some drug.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdherenceRow {
    pub patient_id: EntityId,
    pub patient_name: String,
    /// The lowest measured PDC, in percent.
    pub lowest_percent: u32,
    pub drugs: Vec<DrugPdc>,
}

fn refused(problem: ExceptionProblem) -> AppError {
    AppError::new(ErrorCode::InvalidException).with_problems(&[problem])
}

impl App {
    /// Raises a flag for a supervisor on a patient (and the call it came from).
    pub async fn flag_for_supervisor(
        &self,
        actor: &Actor,
        input: FlagInput,
        now: DateTime<Utc>,
    ) -> Result<EntityId, AppError> {
        actor.require(Action::RecordCall)?;
        if let Some(problem) = check_flag(input.kind, &input.note) {
            return Err(refused(problem));
        }
        let patient = self.store().patient(input.patient_id).await?;
        if let Some(interaction_id) = input.interaction_id {
            let calls = self.store().interactions_of(patient.id).await?;
            if !calls.iter().any(|call| call.id == interaction_id) {
                return Err(AppError::new(ErrorCode::NotFound));
            }
        }
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let case = ExceptionCase {
            id: new_id(),
            patient_id: patient.id,
            kind: input.kind,
            source: ExceptionSource::Flag,
            opened_on: local_date(now, crate::zone_of(&patient, pharmacy_zone)),
            interaction_id: input.interaction_id,
            note: input.note.trim().to_owned(),
            raised_by: actor.username.clone(),
            raised_at: now,
            assigned_to: None,
            assigned_by: None,
            assigned_at: None,
            resolution: None,
        };
        let audit = actor.audit_record(AuditAction::Change, "exception-case", case.id, now);
        self.store().apply_audited(vec![flag_mutation(&case)], vec![audit]).await?;
        Ok(case.id)
    }

    /// The desk's queue as of `now`.
    pub async fn exception_queue(&self, actor: &Actor, now: DateTime<Utc>) -> Result<ExceptionQueue, AppError> {
        actor.require(Action::RecordCall)?;
        let supervisor = enlace_domain::permits(&actor.roles, Action::WorkExceptions);
        let cases = self.current_cases(now).await?;
        let names = self.display_names().await?;
        let mut open = Vec::new();
        let mut resolved = Vec::new();
        let patients =
            self.store().patients_by_ids(&cases.iter().map(|case| case.patient_id).collect::<Vec<_>>()).await?;
        let patient_names: HashMap<EntityId, String> =
            patients.iter().map(|patient| (patient.id, patient.name.full())).collect();
        for case in cases {
            if !supervisor && case.assigned_to.as_deref() != Some(actor.username.as_str()) {
                continue;
            }
            let renewal_contacts = if case.kind == ExceptionKind::RenewalNeeded {
                let since = now - chrono::Duration::days(RENEWAL_CONTACT_DAYS);
                let mut contacts: Vec<enlace_domain::Interaction> = self
                    .store()
                    .interactions_of(case.patient_id)
                    .await?
                    .into_iter()
                    .filter(|contact| {
                        contact.reason == Some(enlace_domain::ContactReason::Renewal) && contact.occurred_at >= since
                    })
                    .collect();
                contacts.truncate(3);
                contacts
            } else {
                Vec::new()
            };
            let item = ExceptionItem {
                renewal_contacts,
                id: case.id,
                patient_id: case.patient_id,
                patient_name: patient_names.get(&case.patient_id).cloned().unwrap_or_default(),
                kind: case.kind,
                severity: case.kind.severity(),
                source: case.source,
                note: case.note,
                raised_by: names.get(&case.raised_by).cloned().unwrap_or(case.raised_by),
                raised_at: case.raised_at,
                opened_on: case.opened_on,
                assigned_to: case.assigned_to,
                resolution: case.resolution,
            };
            if item.resolution.is_some() {
                resolved.push(item);
            } else {
                open.push(item);
            }
        }
        open.sort_by(|a, b| by_exception_priority((a.kind, a.raised_at), (b.kind, b.raised_at)));
        resolved.sort_by_key(|item| std::cmp::Reverse(item.resolution.as_ref().map(|resolution| resolution.at)));
        let assignees = if supervisor { self.assignees().await? } else { Vec::new() };
        Ok(ExceptionQueue { open, resolved, assignees })
    }

    /// Assigns an item to a coordinator or supervisor (or to nobody).
    pub async fn assign_exception(
        &self,
        actor: &Actor,
        id: EntityId,
        assignee: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::WorkExceptions)?;
        let mut case = self.find_case(id, now).await?;
        if case.resolution.is_some() {
            return Err(refused(ExceptionProblem::AlreadyResolved));
        }
        if let Some(username) = &assignee
            && !self.assignees().await?.iter().any(|person| &person.username == username)
        {
            return Err(AppError::new(ErrorCode::InvalidInput).with_arg("field", "assignee"));
        }
        case.assigned_to = assignee;
        case.assigned_by = Some(actor.username.clone());
        case.assigned_at = Some(now);
        self.write_case(actor, &case, (Vec::new(), Vec::new()), now).await
    }

    /// Resolves an item with an outcome and a note. "Removed from calls"
    /// stops the patient's calls (call consent revoked) in the same write.
    pub async fn resolve_exception(
        &self,
        actor: &Actor,
        id: EntityId,
        outcome: ExceptionOutcome,
        note: String,
        new_number: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::WorkExceptions)?;
        let mut case = self.find_case(id, now).await?;
        if let Some(problem) = check_resolution(&case, outcome, &note) {
            return Err(refused(problem));
        }
        let new_number = number_for_resolution(outcome, new_number.as_deref()).map_err(refused)?;
        let mut also = Vec::new();
        let mut also_audit = Vec::new();
        if let Some(number) = new_number {
            let patient = self.store().patient(case.patient_id).await?;
            let corrected = Patient { phones: replace_called_number(&patient.phones, &number), ..patient.clone() };
            also.extend(patient_mutation(&corrected).changed_since(&patient_mutation(&patient)));
            also_audit.push(actor.audit_record(AuditAction::Change, "patient", patient.id, now));
        }
        if outcome == ExceptionOutcome::RemovedFromCalls {
            let patient = self.store().patient(case.patient_id).await?;
            if patient.consents.calls {
                let remaining = ContactConsents { calls: false, ..patient.consents };
                also = revocation_mutations(actor, &patient, remaining, patient.preferred_language, now);
            }
        }
        case.resolution =
            Some(ExceptionResolution { outcome, note: note.trim().to_owned(), by: actor.username.clone(), at: now });
        self.write_case(actor, &case, (also, also_audit), now).await
    }

    /// Writes what changed of `case`, with `also` (other records the same
    /// step changes, and their audit events) in the same transaction.
    async fn write_case(
        &self,
        actor: &Actor,
        case: &ExceptionCase,
        also: (Vec<Mutation>, Vec<AuditDraft>),
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let (also, also_audit) = also;
        let mut mutations = vec![exception_case_mutation(case)];
        if let Some(recorded) = self.store().exception_case(case.id).await? {
            // Only what changed, so two supervisors' edits of different fields both stand.
            mutations = mutations
                .into_iter()
                .filter_map(|mutation| mutation.changed_since(&exception_case_mutation(&recorded)))
                .collect();
        }
        mutations.extend(also);
        if mutations.is_empty() {
            return Ok(());
        }
        let mut audit = vec![actor.audit_record(AuditAction::Change, "exception-case", case.id, now)];
        audit.extend(also_audit);
        self.store().apply_audited(mutations, audit).await?;
        Ok(())
    }

    async fn find_case(&self, id: EntityId, now: DateTime<Utc>) -> Result<ExceptionCase, AppError> {
        if let Some(case) = self.store().exception_case(id).await? {
            return Ok(case);
        }
        self.rule_cases(now)
            .await?
            .into_iter()
            .find(|case| case.id == id)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))
    }

    /// Recorded items (open, or resolved lately) and the rules' items nobody acted on yet.
    async fn current_cases(&self, now: DateTime<Utc>) -> Result<Vec<ExceptionCase>, AppError> {
        let mut cases = self.store().exception_cases(now - Duration::days(RESOLVED_SHOWN_DAYS)).await?;
        let mut recorded: Vec<EntityId> = cases.iter().map(|case| case.id).collect();
        recorded.sort();
        for case in self.rule_cases(now).await? {
            // Acted on (perhaps resolved long ago): the record speaks for it.
            if recorded.binary_search(&case.id).is_err() && self.store().exception_case(case.id).await?.is_none() {
                cases.push(case);
            }
        }
        Ok(cases)
    }

    /// The items the rules raise as of `now`: the call queue's exceptions
    /// (attempt cap, wrong number) and refills waiting for a renewal.
    async fn rule_cases(&self, now: DateTime<Utc>) -> Result<Vec<ExceptionCase>, AppError> {
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let groups = self.zone_groups(now, pharmacy_zone).await?;
        let judging = Judging { now, pharmacy: &pharmacy, pharmacy_zone, groups: &groups };
        let mut cases = Vec::new();
        let exceptions =
            self.ranked_rows(&judging, &CallListFilter::default(), QueueOutcome::Exception, usize::MAX).await?;
        for item in exceptions {
            let CallState::Exception { reason } = item.entry.state else { continue };
            let kind = ExceptionKind::from(reason);
            cases.push(rule_case(item.patient.id, kind, item.entry.due_on, item.last_attempt_at.unwrap_or(now)));
        }
        let today = local_date(now, pharmacy_zone);
        for prescription in self.store().active_prescriptions().await? {
            let Some(wait) =
                renewal_exception_since(&prescription, today, pharmacy.refill_program, RENEWAL_EXCEPTION_DAYS)
            else {
                continue;
            };
            let raised_at = start_of_day(wait.since, pharmacy_zone).unwrap_or(now);
            let case = rule_case(prescription.patient_id, ExceptionKind::RenewalNeeded, wait.due_on, raised_at);
            // Two drugs due the same day waiting on renewals are one item.
            if !cases.iter().any(|known: &ExceptionCase| known.id == case.id) {
                cases.push(ExceptionCase { note: prescription.drug.clone(), ..case });
            }
        }
        Ok(cases)
    }

    async fn display_names(&self) -> Result<HashMap<String, String>, AppError> {
        Ok(self
            .store()
            .users()
            .await?
            .into_iter()
            .map(|account| (account.user.username, account.user.display_name))
            .collect())
    }

    /// Active coordinators and supervisors.
    async fn assignees(&self) -> Result<Vec<Assignee>, AppError> {
        let mut people: Vec<Assignee> = self
            .store()
            .users()
            .await?
            .into_iter()
            .filter(|account| {
                account.user.active
                    && account.user.roles.iter().any(|role| matches!(role, Role::Coordinator | Role::Supervisor))
            })
            .map(|account| Assignee { username: account.user.username, display_name: account.user.display_name })
            .collect();
        people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(people)
    }

    /// Productivity over `period` (the pharmacy's days): a coordinator's
    /// own, or everyone's and the team's for a supervisor.
    pub async fn productivity_report(
        &self,
        actor: &Actor,
        period: ReportPeriod,
        now: DateTime<Utc>,
    ) -> Result<ProductivityReport, AppError> {
        actor.require(Action::RecordCall)?;
        let team_view = enlace_domain::permits(&actor.roles, Action::ViewTeamReports);
        let (_, zone) = self.pharmacy_with_zone().await?;
        let (first_day, last_day) = report_days(period, local_date(now, zone))
            .ok_or_else(|| AppError::new(ErrorCode::InvalidInput).with_arg("field", "period"))?;
        let from = start_of_day(first_day, zone).ok_or_else(|| AppError::new(ErrorCode::InvalidInput))?;
        let until =
            start_of_day(last_day + Duration::days(1), zone).ok_or_else(|| AppError::new(ErrorCode::InvalidInput))?;
        let interactions = self.store().interactions_between(from, until).await?;
        let consults = self.store().consult_requests_between(from, until).await?;
        let flags = self.store().flags_between(from, until).await?;
        let (consult_events, flag_events) = (events(&consults), events(&flags));
        let (people, team) = productivity(&interactions, &consult_events, &flag_events, from, until);
        let names = self.display_names().await?;
        let mut people: Vec<PersonProductivity> = people
            .into_iter()
            .filter(|figures| team_view || figures.who == actor.username)
            .map(|figures| PersonProductivity {
                username: figures.who.clone(),
                display_name: names.get(&figures.who).cloned().unwrap_or_else(|| figures.who.clone()),
                figures,
            })
            .collect();
        people.sort_by_cached_key(|person| enlace_domain::fold_for_search(&person.display_name));
        let own = (!team_view).then_some(actor.username.as_str());
        Ok(ProductivityReport {
            first_day,
            last_day,
            people,
            team: team_view.then_some(team),
            daily: daily_calls(&interactions, zone, first_day, last_day, own),
        })
    }

    /// The productivity report as CSV: one row per person, then the team's.
    pub async fn productivity_csv(
        &self,
        actor: &Actor,
        period: ReportPeriod,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let report = self.productivity_report(actor, period, now).await?;
        let mut table = CsvTable::new(&[
            "first_day",
            "last_day",
            "username",
            "name",
            "calls",
            "inbound_calls",
            "other_contacts",
            "patients_reached",
            "reach_rate_percent",
            "refills_confirmed",
            "consults_requested",
            "average_handle_seconds",
            "exceptions_raised",
        ])?;
        let team = report.team.clone().map(|figures| PersonProductivity {
            username: String::new(),
            display_name: "team".into(),
            figures,
        });
        for person in report.people.iter().chain(team.iter()) {
            let figures = &person.figures;
            table.row([
                report.first_day.to_string(),
                report.last_day.to_string(),
                person.username.clone(),
                person.display_name.clone(),
                figures.calls.to_string(),
                figures.inbound_calls.to_string(),
                figures.other_contacts.to_string(),
                figures.patients_reached.to_string(),
                format!("{:.1}", f64::from(figures.reach_per_mille) / 10.0),
                figures.refills_confirmed.to_string(),
                figures.consults_requested.to_string(),
                figures.average_handle_seconds.map(|seconds| seconds.to_string()).unwrap_or_default(),
                figures.exceptions_raised.to_string(),
            ])?;
        }
        let csv = table.finish()?;
        self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::Export, now)]).await?;
        Ok(csv)
    }

    /// A patient's PDC per drug over the last 180 days (the pharmacy's today included).
    pub async fn patient_adherence(
        &self,
        actor: &Actor,
        patient_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<Vec<DrugPdc>, AppError> {
        actor.require(Action::ViewPatients)?;
        let (_, zone) = self.pharmacy_with_zone().await?;
        let today = local_date(now, zone);
        let since = today - Duration::days(PDC_PERIOD_DAYS - 1);
        let fills: Vec<_> =
            self.store().fills_since(Some(patient_id), since).await?.into_iter().map(|fill| fill.fill).collect();
        Ok(pdc(&fills, today, PDC_PERIOD_DAYS))
    }

    /// Every patient below 80% on a measured drug, lowest first (supervisors).
    pub async fn non_adherent_patients(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<AdherenceRow>, AppError> {
        actor.require(Action::ViewTeamReports)?;
        let (_, zone) = self.pharmacy_with_zone().await?;
        let today = local_date(now, zone);
        let since = today - Duration::days(PDC_PERIOD_DAYS - 1);
        let mut by_patient: BTreeMap<EntityId, Vec<enlace_domain::Fill>> = BTreeMap::new();
        for fill in self.store().fills_since(None, since).await? {
            by_patient.entry(fill.patient_id).or_default().push(fill.fill);
        }
        let mut rows: Vec<(EntityId, u32, Vec<DrugPdc>)> = by_patient
            .into_iter()
            .filter_map(|(patient_id, fills)| {
                let drugs = pdc(&fills, today, PDC_PERIOD_DAYS);
                let lowest = drugs.iter().filter(|drug| drug.measured).map(|drug| drug.percent).min()?;
                non_adherent(&drugs).then_some((patient_id, lowest, drugs))
            })
            .collect();
        rows.sort_by_key(|(patient_id, lowest, _)| (*lowest, *patient_id));
        let ids: Vec<EntityId> = rows.iter().map(|(id, _, _)| *id).collect();
        let names: HashMap<EntityId, String> =
            self.store().patients_by_ids(&ids).await?.iter().map(|patient| (patient.id, patient.name.full())).collect();
        Ok(rows
            .into_iter()
            .map(|(patient_id, lowest_percent, drugs)| AdherenceRow {
                patient_id,
                patient_name: names.get(&patient_id).cloned().unwrap_or_default(),
                lowest_percent,
                drugs,
            })
            .collect())
    }
}

fn events(attributed: &[enlace_store::Attributed]) -> Vec<ProductivityEvent<'_>> {
    attributed.iter().map(|event| ProductivityEvent { who: event.who.as_str(), at: event.at }).collect()
}

fn rule_case(patient_id: EntityId, kind: ExceptionKind, due_on: NaiveDate, raised_at: DateTime<Utc>) -> ExceptionCase {
    ExceptionCase {
        id: rule_case_id(patient_id, kind, due_on),
        patient_id,
        kind,
        source: ExceptionSource::Rule,
        opened_on: due_on,
        interaction_id: None,
        note: String::new(),
        raised_by: String::new(),
        raised_at,
        assigned_to: None,
        assigned_by: None,
        assigned_at: None,
        resolution: None,
    }
}

/// Midnight of `day` in `zone` (the first instant of the day where midnight is skipped).
fn start_of_day(day: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    local_instant(day, chrono::NaiveTime::MIN, zone)
}
