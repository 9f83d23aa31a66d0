//! Enrolling patients: drafts saved as the coordinator types (each save
//! answers with the form's problems, so the window shows them next to each
//! field), the verbal consent stamped with who and when, the likely
//! duplicate shown before anything is created, and the submit that writes
//! patient, prescriptions, profile and consent in one transaction. Every
//! rule is the domain's (`enlace_domain::enrollment`, `field_rules`).

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::zip_zone::zone_for_zip;
use enlace_domain::{
    Action, AuditAction, CONSENT_TEXT_VERSION, Caregiver, ConsentAction, ConsentRecord, ContactConsents,
    EnrollmentContext, EnrollmentForm, EnrollmentRecords, EntityId, FormProblem, InsurancePlan, Language, Phone,
    Prescriber, ValidEnrollment, check_enrollment, enrollment_records, likely_duplicates, local_date,
};
use enlace_store::entities::{patient_mutation, prescription_mutation};
use enlace_store::{
    DraftStatus, EnrollmentDraft, Mutation, consent_record_mutation, enrollment_draft_mutation, new_id,
    patient_profile_mutation,
};
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::{App, AppError, ErrorCode, PatientSummary};

/// A draft as the window shows it after loading or saving it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    pub id: EntityId,
    pub form: EnrollmentForm,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    /// Every problem the form has now, by field.
    pub problems: Vec<FormProblem>,
    /// The zone the typed ZIP suggests, if any.
    pub suggested_time_zone: Option<String>,
}

/// A draft in the list of drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DraftSummary {
    pub id: EntityId,
    /// As typed so far; may be empty.
    pub patient_name: String,
    pub date_of_birth: String,
    pub preferred_language: Language,
    pub started_by: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    /// Started by the user looking at the list.
    pub mine: bool,
}

/// What the coordinator decided about a likely duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "patientId")]
pub enum DuplicateDecision {
    /// Create a new patient although one looks alike.
    NewPatient,
    /// The form is this existing patient: update them.
    SamePatient(EntityId),
}

/// How a submit ended.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case", rename_all_fields = "camelCase", tag = "kind")]
pub enum SubmitOutcome {
    /// Nothing was created: the form still has these problems.
    Invalid { problems: Vec<FormProblem> },
    /// Nothing was created: these patients have the same date of birth and
    /// a matching name. Submit again with a decision.
    LikelyDuplicates { candidates: Vec<PatientSummary> },
    /// The patient was created (or, with `SamePatient`, updated).
    Enrolled { patient_id: EntityId, created: bool, summary: Box<EnrollmentSummary> },
}

/// What the printed enrollment summary shows, taken from the records just
/// written: the window only formats dates and phones and words it in the
/// patient's language.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentSummary {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub language: Language,
    pub interpreter_wanted: bool,
    /// The address on one line; empty when none was given.
    pub address: String,
    pub phones: Vec<Phone>,
    pub caregiver: Option<Caregiver>,
    /// Primary first; empty for a patient who pays cash.
    pub plans: Vec<InsurancePlan>,
    pub prescriber: Prescriber,
    pub medications: Vec<SummaryMedication>,
    /// Empty when none are known.
    pub allergies: Vec<String>,
    pub consents: ContactConsents,
    pub auto_refill: bool,
    pub privacy_notice_acknowledged_at: DateTime<Utc>,
    pub verbal_consent: Option<ConsentRecord>,
    /// The day of the enrollment by the pharmacy's clock.
    pub enrolled_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SummaryMedication {
    pub drug: String,
    pub strength: String,
    /// Empty when none were given.
    pub directions: String,
    pub days_supply: u32,
}

impl EnrollmentSummary {
    fn new(valid: &ValidEnrollment, records: &EnrollmentRecords, enrolled_on: NaiveDate) -> Self {
        let profile = &records.profile;
        Self {
            full_name: records.patient.name.full(),
            date_of_birth: records.patient.date_of_birth,
            language: records.patient.preferred_language,
            interpreter_wanted: profile.interpreter_wanted,
            address: profile.address.one_line(),
            phones: records.patient.phones.clone(),
            caregiver: profile.caregiver.clone(),
            plans: profile.primary_insurance.iter().chain(&profile.secondary_insurance).cloned().collect(),
            prescriber: profile.prescriber.clone(),
            medications: valid
                .medications
                .iter()
                .map(|medication| SummaryMedication {
                    drug: medication.drug.clone(),
                    strength: medication.strength.clone(),
                    directions: medication.directions.clone(),
                    days_supply: medication.days_supply,
                })
                .collect(),
            allergies: profile.allergies.clone(),
            consents: records.patient.consents,
            auto_refill: profile.auto_refill,
            privacy_notice_acknowledged_at: profile.privacy_notice_acknowledged_at,
            verbal_consent: records.consent.clone(),
            enrolled_on,
        }
    }
}

impl App {
    /// An empty enrollment form for a patient who speaks `language`, for
    /// those who may enroll.
    pub fn blank_enrollment(&self, actor: &Actor, language: Language) -> Result<EnrollmentForm, AppError> {
        actor.require(Action::EnrollPatient)?;
        Ok(EnrollmentForm::blank(language))
    }

    /// Saves the form as typed (creating the draft on its first save) and
    /// returns its problems. The verbal consent is never taken from the
    /// window: only [`App::record_enrollment_consent`] sets it.
    pub async fn save_enrollment_draft(
        &self,
        actor: &Actor,
        draft_id: Option<EntityId>,
        mut form: EnrollmentForm,
        now: DateTime<Utc>,
    ) -> Result<DraftView, AppError> {
        actor.require(Action::EnrollPatient)?;
        let current = match draft_id {
            Some(id) => Some(self.open_draft(id).await?),
            None => None,
        };
        form.consents.verbal = current.as_ref().and_then(|draft| draft.form.consents.verbal.clone());
        self.write_draft(actor, current, form, now).await
    }

    /// Records that the patient agreed after the coordinator read them the
    /// current consent text in `form`'s preferred language, for the channels
    /// `form` marks; saves the form with it.
    pub async fn record_enrollment_consent(
        &self,
        actor: &Actor,
        draft_id: Option<EntityId>,
        mut form: EnrollmentForm,
        now: DateTime<Utc>,
    ) -> Result<DraftView, AppError> {
        actor.require(Action::EnrollPatient)?;
        let current = match draft_id {
            Some(id) => Some(self.open_draft(id).await?),
            None => None,
        };
        form.consents.verbal = Some(ConsentRecord {
            action: ConsentAction::Granted,
            recorded_by: actor.username.clone(),
            recorded_at: now,
            language: form.patient.preferred_language,
            text_version: CONSENT_TEXT_VERSION.to_owned(),
            consents: form.contact_consents(),
        });
        self.write_draft(actor, current, form, now).await
    }

    /// A draft to resume (anyone who may enroll may resume anyone's). Opening it is audited.
    pub async fn enrollment_draft(
        &self,
        actor: &Actor,
        draft_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<DraftView, AppError> {
        actor.require(Action::EnrollPatient)?;
        let draft = self.open_draft(draft_id).await?;
        let viewed = actor.audit_record(AuditAction::View, "enrollment-draft", draft_id, now);
        self.store().apply_audited(Vec::new(), vec![viewed]).await?;
        Ok(self.draft_view(draft, now).await)
    }

    /// Open drafts, most recently changed first.
    pub async fn enrollment_drafts(&self, actor: &Actor) -> Result<Vec<DraftSummary>, AppError> {
        actor.require(Action::EnrollPatient)?;
        Ok(self
            .store()
            .open_enrollment_drafts()
            .await?
            .into_iter()
            .map(|draft| DraftSummary {
                id: draft.id,
                patient_name: draft.form.person_name().full(),
                date_of_birth: draft.form.patient.date_of_birth.trim().to_owned(),
                preferred_language: draft.form.patient.preferred_language,
                mine: draft.started_by == actor.username,
                started_by: draft.started_by,
                updated_by: draft.updated_by,
                updated_at: draft.updated_at,
            })
            .collect())
    }

    /// Throws a draft away (it stays in the change log, marked discarded).
    pub async fn discard_enrollment_draft(
        &self,
        actor: &Actor,
        draft_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        actor.require(Action::EnrollPatient)?;
        let draft = self.open_draft(draft_id).await?;
        let discarded = EnrollmentDraft {
            status: DraftStatus::Discarded,
            updated_by: actor.username.clone(),
            updated_at: now,
            ..draft.clone()
        };
        let change = enrollment_draft_mutation(&discarded).changed_since(&enrollment_draft_mutation(&draft));
        let audit = vec![actor.audit_record(AuditAction::Change, "enrollment-draft", draft_id, now)];
        self.store().apply_audited(change.into_iter().collect(), audit).await?;
        Ok(())
    }

    /// Saves `form` and, if it has no problems and no likely duplicate (or
    /// the coordinator has decided about it), creates the patient with their
    /// prescriptions, profile and consent in one transaction with the
    /// draft's end.
    pub async fn submit_enrollment(
        &self,
        actor: &Actor,
        draft_id: EntityId,
        form: EnrollmentForm,
        decision: Option<DuplicateDecision>,
        now: DateTime<Utc>,
    ) -> Result<SubmitOutcome, AppError> {
        let saved = self.save_enrollment_draft(actor, Some(draft_id), form, now).await?;
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let today = local_date(now, pharmacy_zone);
        let valid = match check_enrollment(&saved.form, today) {
            Ok(valid) => valid,
            Err(problems) => return Ok(SubmitOutcome::Invalid { problems }),
        };
        let born_the_same_day = self.store().patients_born_on(valid.date_of_birth).await?;
        let duplicates = likely_duplicates(
            &valid.name,
            valid.date_of_birth,
            born_the_same_day.iter().map(|patient| (patient.id, &patient.name, patient.date_of_birth)),
        );
        let same_patient = match decision {
            Some(DuplicateDecision::SamePatient(id)) if duplicates.contains(&id) => {
                born_the_same_day.into_iter().find(|patient| patient.id == id)
            }
            // Only a patient the check offered may be updated.
            Some(DuplicateDecision::SamePatient(_)) => {
                return Err(AppError::new(ErrorCode::InvalidInput).with_arg("field", "decision"));
            }
            Some(DuplicateDecision::NewPatient) => None,
            None if duplicates.is_empty() => None,
            None => {
                let candidates = born_the_same_day
                    .iter()
                    .filter(|patient| duplicates.contains(&patient.id))
                    .map(PatientSummary::from)
                    .collect();
                return Ok(SubmitOutcome::LikelyDuplicates { candidates });
            }
        };
        let existing_prescriptions = match &same_patient {
            Some(patient) => self.store().prescriptions_of(patient.id).await?,
            None => Vec::new(),
        };
        let context = EnrollmentContext {
            enrolled_by: &actor.username,
            now,
            existing: same_patient.as_ref().map(|patient| (patient, existing_prescriptions.as_slice())),
        };
        let records = enrollment_records(&valid, &saved.form, context, new_id);
        let patient_id = records.patient.id;
        let created = same_patient.is_none();
        let patient_change = match &same_patient {
            Some(before) => patient_mutation(&records.patient).changed_since(&patient_mutation(before)),
            None => Some(patient_mutation(&records.patient)),
        };
        let mut mutations: Vec<Mutation> = patient_change.into_iter().collect();
        mutations.push(patient_profile_mutation(&records.profile));
        for prescription in &records.prescriptions {
            let before = existing_prescriptions.iter().find(|existing| existing.id == prescription.id);
            let change = match before {
                Some(before) => prescription_mutation(prescription).changed_since(&prescription_mutation(before)),
                None => Some(prescription_mutation(prescription)),
            };
            mutations.extend(change);
        }
        if let Some(consent) = &records.consent {
            mutations.push(consent_record_mutation(new_id(), patient_id, consent));
        }
        let draft = self.open_draft(draft_id).await?;
        let submitted = EnrollmentDraft {
            status: DraftStatus::Submitted,
            patient_id: Some(patient_id),
            updated_by: actor.username.clone(),
            updated_at: now,
            ..draft.clone()
        };
        mutations.extend(enrollment_draft_mutation(&submitted).changed_since(&enrollment_draft_mutation(&draft)));
        let audit = vec![
            actor.audit_record(AuditAction::Change, "patient", patient_id, now),
            actor.audit_record(AuditAction::Change, "enrollment-draft", draft_id, now),
        ];
        self.store().apply_audited(mutations, audit).await?;
        tracing::info!(created, medications = records.prescriptions.len(), "enrollment submitted");
        let summary = Box::new(EnrollmentSummary::new(&valid, &records, today));
        Ok(SubmitOutcome::Enrolled { patient_id, created, summary })
    }

    /// Records that a patient took back consent to some channels, at once:
    /// the patient's consents become `remaining`, and a revocation record
    /// (who, when, language) is kept beside the consent it revokes.
    pub async fn revoke_consent(
        &self,
        actor: &Actor,
        patient_id: EntityId,
        remaining: ContactConsents,
        now: DateTime<Utc>,
    ) -> Result<ContactConsents, AppError> {
        actor.require(Action::RecordCall)?;
        let patient = self.store().patient(patient_id).await?;
        let current = patient.consents;
        let widened = (remaining.calls && !current.calls)
            || (remaining.texts && !current.texts)
            || (remaining.voicemail_detail && !current.voicemail_detail);
        if widened || remaining == current {
            // Granting again needs the consent text read: that is enrollment's.
            return Err(AppError::new(ErrorCode::InvalidInput).with_arg("field", "consents"));
        }
        let mutations = revocation_mutations(actor, &patient, remaining, patient.preferred_language, now);
        let audit = vec![actor.audit_record(AuditAction::Change, "patient", patient_id, now)];
        self.store().apply_audited(mutations, audit).await?;
        Ok(remaining)
    }

    async fn open_draft(&self, id: EntityId) -> Result<EnrollmentDraft, AppError> {
        let draft = self.store().enrollment_draft(id).await?;
        if draft.status == DraftStatus::Open { Ok(draft) } else { Err(AppError::new(ErrorCode::DraftClosed)) }
    }

    async fn write_draft(
        &self,
        actor: &Actor,
        current: Option<EnrollmentDraft>,
        form: EnrollmentForm,
        now: DateTime<Utc>,
    ) -> Result<DraftView, AppError> {
        let draft = EnrollmentDraft {
            id: current.as_ref().map_or_else(new_id, |draft| draft.id),
            form,
            status: DraftStatus::Open,
            started_by: current.as_ref().map_or_else(|| actor.username.clone(), |draft| draft.started_by.clone()),
            started_at: current.as_ref().map_or(now, |draft| draft.started_at),
            updated_by: actor.username.clone(),
            updated_at: now,
            patient_id: None,
        };
        match &current {
            // An autosave writes only the form and who saved it; nothing
            // else changes, and an unchanged form writes nothing.
            Some(before) if before.form == draft.form => {}
            Some(before) => {
                let change = enrollment_draft_mutation(&draft).changed_since(&enrollment_draft_mutation(before));
                self.store().apply_by(&actor.username, change.into_iter().collect()).await?;
            }
            None => {
                let audit = vec![actor.audit_record(AuditAction::Change, "enrollment-draft", draft.id, now)];
                self.store().apply_audited(vec![enrollment_draft_mutation(&draft)], audit).await?;
            }
        }
        let shown = match current {
            Some(before) if before.form == draft.form => before,
            _ => draft,
        };
        Ok(self.draft_view(shown, now).await)
    }

    async fn draft_view(&self, draft: EnrollmentDraft, now: DateTime<Utc>) -> DraftView {
        let today = match self.pharmacy_with_zone().await {
            Ok((_, zone)) => local_date(now, zone),
            Err(_) => now.date_naive(),
        };
        let problems = check_enrollment(&draft.form, today).err().unwrap_or_default();
        let suggested_time_zone = zone_for_zip(draft.form.patient.zip.trim()).map(|zone| zone.name().to_owned());
        DraftView {
            id: draft.id,
            updated_at: draft.updated_at,
            updated_by: draft.updated_by,
            form: draft.form,
            problems,
            suggested_time_zone,
        }
    }
}

/// The patient's consents narrowed to `remaining` and the revocation record
/// that says so: what "do not call" and an explicit revocation both write.
pub(crate) fn revocation_mutations(
    actor: &Actor,
    patient: &enlace_domain::Patient,
    remaining: ContactConsents,
    language: Language,
    now: DateTime<Utc>,
) -> Vec<Mutation> {
    let revoked = enlace_domain::Patient { consents: remaining, ..patient.clone() };
    let record = ConsentRecord {
        action: ConsentAction::Revoked,
        recorded_by: actor.username.clone(),
        recorded_at: now,
        language,
        text_version: CONSENT_TEXT_VERSION.to_owned(),
        consents: remaining,
    };
    patient_mutation(&revoked)
        .changed_since(&patient_mutation(patient))
        .into_iter()
        .chain([consent_record_mutation(new_id(), patient.id, &record)])
        .collect()
}
