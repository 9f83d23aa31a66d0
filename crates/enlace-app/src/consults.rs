//! Consults: coordinators request them, pharmacists accept them into a slot
//! (the earliest free one that fits the patient's hours is proposed),
//! decline, reschedule and complete them. Every rule is the domain's
//! (`enlace_domain::consult`); this layer loads what the rules need, checks
//! who may act, and writes the consult, its event and the audit event in
//! one transaction.

use chrono::{DateTime, Duration, Utc};
use enlace_domain::{
    Action, AuditAction, Availability, AvailabilityException, Consult, ConsultReason, ConsultStatus, ConsultTransition,
    EntityId, Language, PreferredTime, Slot, SlotOffer, Urgency, WeeklyHours, best_offer, by_queue_priority,
    check_availability, check_booking, fitting_slots, interpreter_needed, local_date, next_status, to_e164,
};
use enlace_store::{ConsultEvent, availability_mutation, consult_event_mutation, consult_mutation, new_id};
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::{App, AppError, ErrorCode};

/// How far ahead slots are offered.
const BOOKING_HORIZON_DAYS: u64 = 21;

/// A coordinator's request, as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsultRequestInput {
    pub patient_id: EntityId,
    pub reason: ConsultReason,
    pub reason_text: String,
    pub urgency: Urgency,
    /// The patient's preferred language when absent.
    pub language: Option<Language>,
    pub preferred_times: Vec<PreferredTime>,
    /// The patient's first phone when absent.
    pub callback_phone: Option<String>,
    pub notes: String,
}

/// A consult as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsultRow {
    pub consult: Consult,
    pub patient_name: String,
    /// The patient's IANA zone (the pharmacy's if they have none), for "patient's time".
    pub patient_time_zone: String,
    /// The user looking at the list speaks the consult's language.
    pub speaks_language: bool,
}

/// One step of a consult's state machine, as the window sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsultStep {
    pub transition: ConsultTransition,
    /// The slot to schedule or reschedule into.
    pub slot: Option<Slot>,
    /// The decline reason, or the outcome of a completed consult.
    pub note: String,
    /// The consult's version the user saw; a newer one refuses the step.
    pub based_on_version: u32,
}

/// The times a pharmacist may accept a request into, and whether the
/// patient would be better served by a colleague who speaks their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SlotOptions {
    /// The acting pharmacist's free times that suit the patient, earliest (the proposal) first.
    pub slots: Vec<Slot>,
    /// Set when the acting pharmacist does not speak the consult's language
    /// and one who does has a time that suits the patient: the patient is
    /// offered that pharmacist first.
    pub speaker_offer: Option<SpeakerOffer>,
}

/// A colleague who speaks the consult's language, and their earliest fitting time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SpeakerOffer {
    pub pharmacist_name: String,
    pub slot: Slot,
}

/// A pharmacist's weekly hours and exceptions, as the form sends and shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityInput {
    pub time_zone: String,
    pub weekly: Vec<WeeklyHours>,
    pub exceptions: Vec<AvailabilityException>,
    pub slot_minutes: u32,
}

/// Times offered when a pharmacist accepts or moves a consult.
pub const SLOT_OPTIONS_OFFERED: u32 = 8;

impl App {
    /// Records a coordinator's request for a pharmacist consult.
    pub async fn request_consult(
        &self,
        actor: &Actor,
        input: ConsultRequestInput,
        now: DateTime<Utc>,
    ) -> Result<Consult, AppError> {
        actor.require(Action::RequestConsult)?;
        let patient = self.store().patient(input.patient_id).await?;
        let invalid = |field: &str| AppError::new(ErrorCode::InvalidInput).with_arg("field", field);
        if input.reason == ConsultReason::Other && input.reason_text.trim().is_empty() {
            return Err(invalid("reasonText"));
        }
        let phone = match input.callback_phone.as_deref().map(str::trim).filter(|phone| !phone.is_empty()) {
            Some(typed) => to_e164(typed).map_err(|_| invalid("callbackPhone"))?,
            None => patient.primary_phone().map(|phone| phone.e164.clone()).ok_or_else(|| invalid("callbackPhone"))?,
        };
        if input.preferred_times.iter().any(|window| window.start >= window.end) {
            return Err(invalid("preferredTimes"));
        }
        let consult = Consult {
            id: new_id(),
            patient_id: patient.id,
            requested_by: actor.username.clone(),
            requested_at: now,
            reason: input.reason,
            reason_text: input.reason_text.trim().to_owned(),
            urgency: input.urgency,
            language: input.language.unwrap_or(patient.preferred_language),
            preferred_times: input.preferred_times,
            callback_phone: phone,
            notes: input.notes.trim().to_owned(),
            status: ConsultStatus::Requested,
            pharmacist_id: None,
            slot: None,
            interpreter_needed: false,
            decline_reason: None,
            outcome_notes: None,
            version: 1,
        };
        let audit = vec![actor.audit_record(AuditAction::Change, "patient", patient.id, now)];
        self.store().apply_audited(vec![consult_mutation(&consult)], audit).await?;
        Ok(consult)
    }

    /// Pending requests, most urgent and oldest first, for a pharmacist.
    pub async fn consult_queue(&self, actor: &Actor) -> Result<Vec<ConsultRow>, AppError> {
        actor.require(Action::AnswerConsult)?;
        let mut pending = self.store().consults_with_status(ConsultStatus::Requested).await?;
        pending.sort_by(|a, b| by_queue_priority((a.urgency, a.requested_at), (b.urgency, b.requested_at)));
        self.consult_rows(actor, pending).await
    }

    async fn consult_rows(&self, actor: &Actor, consults: Vec<Consult>) -> Result<Vec<ConsultRow>, AppError> {
        let spoken = self.languages_of(actor).await?;
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let ids: Vec<EntityId> = consults.iter().map(|consult| consult.patient_id).collect();
        let patients = self.store().patients_by_ids(&ids).await?;
        Ok(consults
            .into_iter()
            .map(|consult| {
                let patient = patients.iter().find(|patient| patient.id == consult.patient_id);
                ConsultRow {
                    patient_name: patient.map(|patient| patient.name.full()).unwrap_or_default(),
                    patient_time_zone: patient
                        .map_or(pharmacy_zone, |patient| patient.zone_or(pharmacy_zone))
                        .name()
                        .to_owned(),
                    speaks_language: !interpreter_needed(consult.language, &spoken),
                    consult,
                }
            })
            .collect())
    }

    /// The earliest of the acting pharmacist's free slots that fits the
    /// patient's preferred times, or `None` when there is none in the next
    /// three weeks (or no availability set).
    pub async fn propose_consult_slot(
        &self,
        actor: &Actor,
        consult_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<Option<Slot>, AppError> {
        Ok(self.consult_slot_options(actor, consult_id, 1, now).await?.slots.into_iter().next())
    }

    /// Up to `limit` of the acting pharmacist's free slots that fit the
    /// patient's preferred times, earliest (the proposal) first; and, when
    /// the acting pharmacist does not speak the consult's language, the
    /// earliest fitting time of a colleague who does.
    pub async fn consult_slot_options(
        &self,
        actor: &Actor,
        consult_id: EntityId,
        limit: u32,
        now: DateTime<Utc>,
    ) -> Result<SlotOptions, AppError> {
        actor.require(Action::AnswerConsult)?;
        let pharmacist_id = actor.user_id.ok_or_else(|| AppError::new(ErrorCode::SignInRequired))?;
        let consult = self.store().consult(consult_id).await?;
        let patient_zone = self.patient_zone(consult.patient_id).await?;
        let mut slots = self.fitting_slots_of(pharmacist_id, &consult, patient_zone, now).await?;
        let speaks = !interpreter_needed(consult.language, &self.languages_of(actor).await?);
        let speaker_offer =
            if speaks { None } else { self.speaker_offer(&consult, pharmacist_id, &slots, patient_zone, now).await? };
        slots.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(SlotOptions { slots, speaker_offer })
    }

    /// A pharmacist's free slots in the booking horizon that suit the consult's patient, earliest first.
    async fn fitting_slots_of(
        &self,
        pharmacist_id: EntityId,
        consult: &Consult,
        patient_zone: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<Vec<Slot>, AppError> {
        let Some(availability) = self.store().availability(pharmacist_id).await? else { return Ok(Vec::new()) };
        let booked = self.booked_slots(pharmacist_id, None).await?;
        Ok(fitting_slots(&offered_slots(&availability, now), &booked, now, &consult.preferred_times, patient_zone))
    }

    /// The colleague the patient should be offered first, when the domain's
    /// [`best_offer`] prefers a speaker of the consult's language over the
    /// acting (non-speaking) pharmacist's own earliest time.
    async fn speaker_offer(
        &self,
        consult: &Consult,
        own_id: EntityId,
        own_slots: &[Slot],
        patient_zone: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<Option<SpeakerOffer>, AppError> {
        let speakers: Vec<_> = self
            .store()
            .users()
            .await?
            .into_iter()
            .map(|account| account.user)
            .filter(|user| user.id != own_id && user.may(Action::AnswerConsult))
            .filter(|user| user.languages.contains(&consult.language))
            .collect();
        let mut offers: Vec<SlotOffer> = own_slots
            .first()
            .map(|slot| SlotOffer { pharmacist_id: own_id, speaks_language: false, slot: *slot })
            .into_iter()
            .collect();
        for speaker in &speakers {
            if let Some(slot) = self.fitting_slots_of(speaker.id, consult, patient_zone, now).await?.first() {
                offers.push(SlotOffer { pharmacist_id: speaker.id, speaks_language: true, slot: *slot });
            }
        }
        Ok(best_offer(&offers).filter(|offer| offer.speaks_language).and_then(|offer| {
            let speaker = speakers.iter().find(|speaker| speaker.id == offer.pharmacist_id)?;
            Some(SpeakerOffer { pharmacist_name: speaker.display_name.clone(), slot: offer.slot })
        }))
    }

    /// A pharmacist accepts a request into one of their free slots. Refused
    /// when the request changed since the pharmacist saw it
    /// (`based_on_version`), when the slot is not theirs to offer, or when
    /// it is already booked.
    pub async fn accept_consult(
        &self,
        actor: &Actor,
        consult_id: EntityId,
        slot: Slot,
        based_on_version: u32,
        now: DateTime<Utc>,
    ) -> Result<Consult, AppError> {
        let step = ConsultStep {
            transition: ConsultTransition::Schedule,
            slot: Some(slot),
            note: String::new(),
            based_on_version,
        };
        self.transition_consult(actor, consult_id, &step, now).await
    }

    /// Any transition of the state machine. Decline needs a reason and
    /// reschedule a slot (in `note` and `slot`); complete keeps `note` as
    /// the outcome. Pharmacists schedule, reschedule, decline, complete and
    /// mark no-shows; coordinators and pharmacists may cancel.
    pub async fn transition_consult(
        &self,
        actor: &Actor,
        consult_id: EntityId,
        step: &ConsultStep,
        now: DateTime<Utc>,
    ) -> Result<Consult, AppError> {
        let ConsultStep { transition, slot, note, based_on_version } = step;
        let (transition, slot, based_on_version) = (*transition, *slot, *based_on_version);
        let coordinator_cancels =
            transition == ConsultTransition::Cancel && enlace_domain::permits(&actor.roles, Action::RequestConsult);
        if !coordinator_cancels {
            actor.require(Action::AnswerConsult)?;
        }
        let current = self.store().consult(consult_id).await?;
        if current.version != based_on_version {
            return Err(AppError::new(ErrorCode::ConsultChanged));
        }
        let status = next_status(current.status, transition).map_err(|illegal| {
            AppError::new(ErrorCode::ConsultTransitionRefused)
                .with_arg("from", crate::wire_name(&illegal.from).unwrap_or_default())
                .with_arg("transition", crate::wire_name(&illegal.transition).unwrap_or_default())
        })?;
        let invalid = |field: &str| AppError::new(ErrorCode::InvalidInput).with_arg("field", field);
        let mut updated = Consult { status, version: current.version + 1, ..current.clone() };
        match transition {
            ConsultTransition::Schedule | ConsultTransition::Reschedule => {
                let pharmacist_id = actor.user_id.ok_or_else(|| AppError::new(ErrorCode::SignInRequired))?;
                let slot = slot.ok_or_else(|| invalid("slot"))?;
                let availability = self.store().availability(pharmacist_id).await?.ok_or_else(|| invalid("slot"))?;
                if slot.start < now || !offered_slots(&availability, now).contains(&slot) {
                    return Err(invalid("slot"));
                }
                let booked = self.booked_slots(pharmacist_id, Some(consult_id)).await?;
                check_booking(&slot, &booked).map_err(|_| AppError::new(ErrorCode::SlotTaken))?;
                updated.pharmacist_id = Some(pharmacist_id);
                updated.slot = Some(slot);
                updated.interpreter_needed = interpreter_needed(current.language, &self.languages_of(actor).await?);
            }
            ConsultTransition::Decline => {
                if note.trim().is_empty() {
                    return Err(invalid("reason"));
                }
                updated.decline_reason = Some(note.trim().to_owned());
            }
            ConsultTransition::Complete => updated.outcome_notes = Some(note.trim().to_owned()),
            ConsultTransition::NoShow | ConsultTransition::Cancel => {}
        }
        let event = ConsultEvent {
            id: new_id(),
            consult_id,
            occurred_at: now,
            username: actor.username.clone(),
            transition,
            from_status: current.status,
            to_status: status,
            based_on_version,
            pharmacist_id: updated.pharmacist_id,
            slot: updated.slot,
            note: note.trim().to_owned(),
        };
        let mut mutations: Vec<_> =
            consult_mutation(&updated).changed_since(&consult_mutation(&current)).into_iter().collect();
        mutations.push(consult_event_mutation(&event));
        let audit = vec![actor.audit_record(AuditAction::Change, "patient", current.patient_id, now)];
        self.store().apply_audited(mutations, audit).await?;
        Ok(updated)
    }

    /// The requests a coordinator made, newest first.
    pub async fn my_consult_requests(&self, actor: &Actor) -> Result<Vec<ConsultRow>, AppError> {
        actor.require(Action::RequestConsult)?;
        let consults = self.store().consults_requested_by(&actor.username).await?;
        self.consult_rows(actor, consults).await
    }

    /// A patient's consults, newest first (shown on the patient's page).
    pub async fn consults_of_patient(&self, actor: &Actor, patient_id: EntityId) -> Result<Vec<ConsultRow>, AppError> {
        actor.require(Action::ViewPatients)?;
        let consults = self.store().consults_of_patient(patient_id).await?;
        self.consult_rows(actor, consults).await
    }

    /// The acting pharmacist's consults, by slot.
    pub async fn my_consults(&self, actor: &Actor) -> Result<Vec<ConsultRow>, AppError> {
        actor.require(Action::AnswerConsult)?;
        let pharmacist_id = actor.user_id.ok_or_else(|| AppError::new(ErrorCode::SignInRequired))?;
        let consults = self.store().consults_of_pharmacist(pharmacist_id).await?;
        self.consult_rows(actor, consults).await
    }

    /// The acting pharmacist's hours, if set.
    pub async fn my_availability(&self, actor: &Actor) -> Result<Option<AvailabilityInput>, AppError> {
        actor.require(Action::AnswerConsult)?;
        let pharmacist_id = actor.user_id.ok_or_else(|| AppError::new(ErrorCode::SignInRequired))?;
        Ok(self.store().availability(pharmacist_id).await?.map(|availability| AvailabilityInput {
            time_zone: availability.zone.name().to_owned(),
            weekly: availability.weekly,
            exceptions: availability.exceptions,
            slot_minutes: availability.slot_minutes,
        }))
    }

    /// Sets the acting pharmacist's hours.
    pub async fn set_availability(
        &self,
        actor: &Actor,
        input: AvailabilityInput,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::AnswerConsult)?;
        let pharmacist_id = actor.user_id.ok_or_else(|| AppError::new(ErrorCode::SignInRequired))?;
        let invalid = |field: &str| AppError::new(ErrorCode::InvalidInput).with_arg("field", field);
        let zone = enlace_domain::parse_zone(&input.time_zone).map_err(|_| invalid("timeZone"))?;
        let problems = check_availability(&input.weekly, &input.exceptions, input.slot_minutes);
        if !problems.is_empty() {
            return Err(AppError::new(ErrorCode::InvalidAvailability).with_problems(&problems));
        }
        let availability =
            Availability { zone, weekly: input.weekly, exceptions: input.exceptions, slot_minutes: input.slot_minutes };
        let audit = vec![actor.audit_record(AuditAction::Change, "user", pharmacist_id, now)];
        self.store().apply_audited(vec![availability_mutation(pharmacist_id, &availability)], audit).await?;
        Ok(())
    }

    async fn languages_of(&self, actor: &Actor) -> Result<Vec<Language>, AppError> {
        Ok(match actor.user_id {
            Some(id) => self.store().user(id).await?.user.languages,
            None => Language::ALL.to_vec(),
        })
    }

    /// The slots a pharmacist's scheduled consults hold (but `except`'s).
    async fn booked_slots(&self, pharmacist_id: EntityId, except: Option<EntityId>) -> Result<Vec<Slot>, AppError> {
        Ok(self
            .store()
            .consults_of_pharmacist(pharmacist_id)
            .await?
            .into_iter()
            .filter(|consult| consult.status == ConsultStatus::Scheduled && Some(consult.id) != except)
            .filter_map(|consult| consult.slot)
            .collect())
    }

    async fn patient_zone(&self, patient_id: EntityId) -> Result<chrono_tz::Tz, AppError> {
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        Ok(self.store().patient(patient_id).await?.zone_or(pharmacy_zone))
    }
}

/// A pharmacist's slots from today (their date) to the booking horizon.
fn offered_slots(availability: &Availability, now: DateTime<Utc>) -> Vec<Slot> {
    let today = local_date(now, availability.zone);
    let last = today + Duration::days(BOOKING_HORIZON_DAYS as i64);
    availability.slots(today, last)
}
