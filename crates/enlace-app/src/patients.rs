//! A patient's record kept right from their page: the contact record
//! corrected (numbers, language, zone, ZIP, hours, whether the pharmacy still
//! serves them; an enrolled patient's address and authorized person), each
//! correction audited and synced field by field, and the record's history of
//! who changed what when.

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, ContactForm, EntityId, FormProblem, correct_contact_and_profile};
use enlace_store::entities::patient_mutation;
use enlace_store::{Entity, patient_profile_mutation};
use serde::Serialize;

use crate::{Actor, App, AppError, PatientDetail, RecordChangeView};

/// How many of a record's latest changes its page shows.
const HISTORY_SHOWN: u32 = 12;

/// What saving a correction did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum ContactCorrection {
    /// Nothing was written: the form has these problems (by field path).
    Invalid { problems: Vec<FormProblem> },
    /// Saved (or nothing had changed): the patient as they now stand.
    Saved { detail: Box<PatientDetail> },
}

impl App {
    /// Corrects `patient_id`'s contact record (coordinators and
    /// supervisors). Only the fields that differ are written, so an edit made
    /// meanwhile on another laptop to other fields stands beside this one;
    /// the store recomputes the patient's place on the call list in the
    /// same transaction.
    pub async fn correct_patient(
        &self,
        actor: &Actor,
        patient_id: EntityId,
        form: ContactForm,
        now: DateTime<Utc>,
    ) -> Result<ContactCorrection, AppError> {
        actor.require(Action::EditPatient)?;
        let patient = self.store().patient(patient_id).await?;
        let profile = self.store().patient_profile(patient_id).await?;
        let corrected = match correct_contact_and_profile(&patient, profile.as_ref(), &form) {
            Ok(corrected) => corrected,
            Err(problems) => return Ok(ContactCorrection::Invalid { problems }),
        };
        let mut changes: Vec<_> =
            patient_mutation(&corrected.patient).changed_since(&patient_mutation(&patient)).into_iter().collect();
        if let (Some(before), Some(after)) = (&profile, &corrected.profile) {
            changes.extend(patient_profile_mutation(after).changed_since(&patient_profile_mutation(before)));
        }
        if !changes.is_empty() {
            // The profile is part of the patient's record: one audit event, and both written or neither.
            let audit = vec![actor.audit_record(AuditAction::Change, "patient", patient_id, now)];
            self.store().apply_audited(changes, audit).await?;
        }
        let detail = self.patient_detail(actor, patient_id, now).await?;
        Ok(ContactCorrection::Saved { detail: Box::new(detail) })
    }

    /// The latest changes of a patient's record and profile, latest first,
    /// their authors by the names colleagues know.
    pub(crate) async fn patient_record_changes(&self, id: EntityId) -> Result<Vec<RecordChangeView>, AppError> {
        let mut changes = self.store().record_changes(Entity::Patient, id, HISTORY_SHOWN).await?;
        // The profile's creation is the enrollment the record's own history already shows.
        let profile_changes = self.store().record_changes(Entity::PatientProfile, id, HISTORY_SHOWN).await?;
        changes.extend(profile_changes.into_iter().filter(|change| !change.created));
        changes.sort_by_key(|change| std::cmp::Reverse(change.at));
        changes.truncate(HISTORY_SHOWN as usize);
        let mut views = Vec::with_capacity(changes.len());
        for change in changes {
            let author = match self.store().user_by_username(&change.author).await? {
                Some(account) => account.user.display_name,
                None => change.author,
            };
            views.push(RecordChangeView { at: change.at, author, fields: change.fields, created: change.created });
        }
        Ok(views)
    }
}
