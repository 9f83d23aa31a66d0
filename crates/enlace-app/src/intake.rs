//! Requests from the pharmacy's website (refill, callback, question), as the
//! coordinators' queue shows them: each matched to a patient where its
//! details point to exactly one, otherwise unmatched for a coordinator to
//! match (or to enroll the patient). Working a request records the contact
//! on the patient; reaching them closes the request.

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::{
    Action, AuditAction, Candidate, ContactChannel, Disposition, EntityId, Interaction, Patient, RequestMatch,
    match_request,
};
use enlace_store::entities::{interaction_mutation, web_request_handled_mutation, web_request_match_mutation};
use enlace_store::{WebRequest, new_id};
use enlace_sync::WebRequestKind;
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::{App, AppError, ErrorCode};

/// A request from the pharmacy's website.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WebRequestRow {
    pub id: EntityId,
    pub kind: WebRequestKindView,
    pub name: String,
    pub date_of_birth: Option<String>,
    pub phone: String,
    pub message: String,
    pub patient_ref: Option<String>,
    pub received_at: DateTime<Utc>,
    /// The patient the request is about, when its details (or a coordinator) say so.
    pub patient: RequestMatch,
    pub patient_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum WebRequestKindView {
    Refill,
    Callback,
    Question,
}

impl From<WebRequestKind> for WebRequestKindView {
    fn from(kind: WebRequestKind) -> Self {
        match kind {
            WebRequestKind::Refill => Self::Refill,
            WebRequestKind::Callback => Self::Callback,
            WebRequestKind::Question => Self::Question,
        }
    }
}

/// How a coordinator worked a request.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkWebRequestInput {
    pub request_id: EntityId,
    pub patient_id: EntityId,
    /// One of [`WEB_REQUEST_OUTCOMES`].
    pub disposition: Disposition,
    pub notes: String,
}

/// What working a request can end in: the refill queued or the question
/// passed to a pharmacist (the request closes), or the patient not reached
/// on the callback (it stays open).
pub const WEB_REQUEST_OUTCOMES: [Disposition; 4] =
    [Disposition::RefillConfirmed, Disposition::WantsPharmacist, Disposition::VoicemailLeft, Disposition::NoAnswer];

impl App {
    /// Open requests from the pharmacy's website, oldest first, each with the patient it matches.
    pub async fn web_requests(&self, actor: &Actor) -> Result<Vec<WebRequestRow>, AppError> {
        actor.require(Action::RecordCall)?;
        let mut rows = Vec::new();
        for request in self.store().open_web_requests().await? {
            let patient = self.request_patient(&request).await?;
            let patient_name = match patient {
                RequestMatch::Matched(id) => Some(self.store().patient(id).await?.name.full()),
                _ => None,
            };
            rows.push(WebRequestRow {
                id: request.id,
                kind: request.kind.into(),
                name: request.name,
                date_of_birth: request.date_of_birth,
                phone: request.phone,
                message: request.message,
                patient_ref: request.patient_ref,
                received_at: request.received_at,
                patient,
                patient_name,
            });
        }
        Ok(rows)
    }

    async fn request_patient(&self, request: &WebRequest) -> Result<RequestMatch, AppError> {
        if let Some(id) = request.patient_id {
            return Ok(RequestMatch::Matched(id));
        }
        let born = request.date_of_birth.as_deref().and_then(|text| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok());
        let mut candidates: Vec<Patient> = match born {
            Some(born) => self.store().patients_born_on(born).await?,
            None => Vec::new(),
        };
        if let Some(reference) = request.patient_ref.as_deref().filter(|reference| !reference.trim().is_empty()) {
            candidates.extend(self.store().patients_by_external_id(reference).await?);
            if let Ok(id) = reference.trim().parse::<EntityId>()
                && let Ok(patient) = self.store().patient(id).await
            {
                candidates.push(patient);
            }
        }
        candidates.sort_by_key(|patient| patient.id);
        candidates.dedup_by_key(|patient| patient.id);
        let candidates: Vec<Candidate<'_>> = candidates
            .iter()
            .map(|patient| Candidate {
                id: patient.id,
                external_id: patient.external_id.as_deref(),
                name: &patient.name,
                date_of_birth: patient.date_of_birth,
            })
            .collect();
        Ok(match_request(request.patient_ref.as_deref(), &request.name, born, candidates))
    }

    /// A coordinator's match of a request to a patient.
    pub async fn match_web_request(
        &self,
        actor: &Actor,
        request_id: EntityId,
        patient_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::RecordCall)?;
        self.store().web_request(request_id).await?;
        self.store().patient(patient_id).await?;
        let audit = actor.audit_record(AuditAction::Change, "web-request", request_id, now);
        self.store().apply_audited(vec![web_request_match_mutation(request_id, patient_id)], vec![audit]).await?;
        Ok(())
    }

    /// Records the contact a request led to on the patient; a reached patient closes the request.
    pub async fn work_web_request(
        &self,
        actor: &Actor,
        input: WorkWebRequestInput,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::RecordCall)?;
        if !WEB_REQUEST_OUTCOMES.contains(&input.disposition) {
            return Err(AppError::new(ErrorCode::InvalidInput).with_arg("field", "disposition"));
        }
        self.store().web_request(input.request_id).await?;
        let patient = self.store().patient(input.patient_id).await?;
        let interaction = Interaction {
            id: new_id(),
            patient_id: patient.id,
            occurred_at: now,
            recorded_by: actor.username.clone(),
            channel: ContactChannel::Web,
            direction: enlace_domain::Direction::Inbound,
            party: enlace_domain::ContactParty::Patient,
            reason: Some(enlace_domain::ContactReason::Refill),
            disposition: Some(input.disposition),
            notes: input.notes.trim().to_owned(),
            language: patient.preferred_language,
            interpreter_used: false,
            duration_seconds: None,
            refill: None,
            decline_reason: None,
            callback_at: None,
        };
        // A reached patient closes the request; otherwise it stays open, matched to them.
        let request = if input.disposition.reached() {
            web_request_handled_mutation(input.request_id, Some(patient.id), &actor.username)
        } else {
            web_request_match_mutation(input.request_id, patient.id)
        };
        let mutations = vec![interaction_mutation(&interaction), request];
        let audit = vec![
            actor.audit_record(AuditAction::Change, "patient", patient.id, now),
            actor.audit_record(AuditAction::Change, "web-request", input.request_id, now),
        ];
        self.store().apply_audited(mutations, audit).await?;
        Ok(())
    }

    /// Closes a request without a contact (a duplicate, or spam).
    pub async fn close_web_request(&self, actor: &Actor, id: EntityId, now: DateTime<Utc>) -> Result<(), AppError> {
        actor.require(Action::RecordCall)?;
        self.store().web_request(id).await?;
        let audit = actor.audit_record(AuditAction::Change, "web-request", id, now);
        self.store().apply_audited(vec![web_request_handled_mutation(id, None, &actor.username)], vec![audit]).await?;
        Ok(())
    }
}
