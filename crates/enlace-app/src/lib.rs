//! Enlace's application layer: each public method of [`App`] is one thing the
//! window (or a headless command) can ask for. It wires the store to the
//! domain rules and shapes the answers for the UI; it knows nothing of Tauri,
//! so it is tested without a window.

mod access;
mod audit;
mod backup;
mod callers;
mod calls;
mod consults;
mod csv_export;
#[cfg(feature = "demo")]
mod demo;
mod desk;
mod enrollment;
mod error;
mod export_file;
mod import;
mod intake;
mod patients;
mod ranking;
mod recovery;
mod session;
mod setup;
mod sync;
mod tasks;
mod updates;
mod views;
mod wire;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use enlace_domain::{
    Action, AuditAction, EntityId, Language, Patient, PharmacySettings, local_date, parse_zone, refill_status,
};
use enlace_store::entities::preference_mutation;
use enlace_store::{KeyStore, Store};

pub use access::{Actor, NewUser, SignInState};
pub use audit::{AuditFilter, AuditRow, AuditVerification};
pub use backup::{BackupMade, check_backup_request, restore_backup};
pub use callers::{CallerLookup, CallerMatch};
pub use calls::{AutomationDue, AutomationRow, CallRecordInput, RecordedCall};
pub use consults::{
    AvailabilityInput, ConsultRequestInput, ConsultRow, ConsultStep, SLOT_OPTIONS_OFFERED, SlotOptions, SpeakerOffer,
};
pub use csv_export::{CsvTable, neutralized};
#[cfg(feature = "demo")]
pub use demo::{DEMO_USERS, DemoSeed};
pub use desk::{
    AdherenceRow, Assignee, ExceptionItem, ExceptionQueue, FlagInput, PersonProductivity, ProductivityReport,
};
pub use enrollment::{DraftSummary, DraftView, DuplicateDecision, SubmitOutcome};
pub use error::{AppError, ErrorCode};
pub use export_file::write_new_file;
pub use import::{ImportPreview, ImportProgress, ImportReport, ImportStage, PreviewRow};
pub use intake::{WEB_REQUEST_OUTCOMES, WebRequestKindView, WebRequestRow, WorkWebRequestInput};
pub use patients::ContactCorrection;
pub use recovery::{RecoveryKeyView, recover_store};
pub use session::{Acting, Session};
pub use setup::pharmacy_defaults;
pub use sync::{
    ConnectInput, DeviceRow, DeviceStatusView, RejectReasonView, SyncHandle, SyncNoticeView, SyncPhaseView, SyncView,
    WaitingAuthor, start_sync,
};
pub use tasks::{MyTasks, NewTaskInput, TaskPerson, TaskRow};
pub use updates::{UpdateOffer, UpdateSource};
pub use views::{
    CallList, CallListOverview, CallListPage, CallListRow, ExceptionRow, FilterOptions, FullScanRow, PatientCallStatus,
    PatientDetail, PatientSearch, PatientSummary, Preferences, PrescriptionView, RecordChangeView,
};
pub use wire::wire_name;

/// Most search results shown at once.
const SEARCH_LIMIT: u32 = 50;

/// The database file inside a data folder.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("enlace.db")
}

/// The running application over one open store.
#[derive(Debug)]
pub struct App {
    store: Store,
}

impl App {
    /// Opens (or creates) the encrypted store in `data_dir`.
    pub async fn open(data_dir: &Path, keys: &dyn KeyStore) -> Result<Self, AppError> {
        let store = Store::open(&database_path(data_dir), keys).await?;
        Ok(Self { store })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Closes the store. Call it before the process exits: connections
    /// dropped without it are closed on background threads that may still be
    /// running while the process tears down its crypto library.
    pub async fn close(&self) {
        self.store.close().await;
    }

    pub async fn preferences(&self) -> Result<Preferences, AppError> {
        let ui_locale = self.store.ui_locale(self.preference_owner()).await?;
        Ok(Preferences { ui_locale })
    }

    /// The interface language chosen in the window: this computer's, and,
    /// for the user signed in (`None` before anyone is), theirs on whichever
    /// computer they use next.
    pub async fn choose_ui_locale(
        &self,
        signed_in: Option<&Actor>,
        locale: Language,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Preferences, AppError> {
        if let Some(actor) = signed_in {
            self.set_own_ui_locale(actor, locale, now).await?;
        }
        self.set_ui_locale(locale).await
    }

    pub async fn set_ui_locale(&self, locale: Language) -> Result<Preferences, AppError> {
        self.store.apply(vec![preference_mutation(self.preference_owner(), locale)]).await?;
        self.preferences().await
    }

    /// A patient's whole record. Every opening is an audit event.
    pub async fn patient_detail(
        &self,
        actor: &Actor,
        patient_id: EntityId,
        now: DateTime<Utc>,
    ) -> Result<PatientDetail, AppError> {
        actor.require(Action::ViewPatients)?;
        let (pharmacy, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let patient = self.store.patient(patient_id).await?;
        let viewed = actor.audit_record(AuditAction::View, "patient", patient_id, now);
        self.store.apply_audited(Vec::new(), vec![viewed]).await?;
        let zone = zone_of(&patient, pharmacy_zone);
        let today = local_date(now, zone);
        let prescriptions = self
            .store
            .prescriptions_of(patient_id)
            .await?
            .into_iter()
            .map(|prescription| PrescriptionView {
                status: refill_status(&prescription, today, pharmacy.refill_program),
                prescription,
            })
            .collect();
        let interactions = self.store.interactions_of(patient_id).await?;
        let call = self.call_status(patient_id, now).await?;
        let profile = self.store.patient_profile(patient_id).await?;
        let tasks = self.patient_tasks(patient_id, now).await?;
        Ok(PatientDetail {
            tasks,
            full_name: patient.name.full(),
            time_zone: zone.name().to_owned(),
            contact_form: enlace_domain::ContactForm::with_profile(&patient, profile.as_ref()),
            profile,
            consent_history: self.store.consent_records_of(patient_id).await?,
            record_changes: self.patient_record_changes(patient_id).await?,
            patient,
            prescriptions,
            interactions,
            call,
        })
    }

    /// Patients whose name matches `query`, ignoring accents, case and word order.
    pub async fn search_patients(&self, actor: &Actor, query: &str) -> Result<PatientSearch, AppError> {
        actor.require(Action::ViewPatients)?;
        let (patients, total) = self.store.search_patients(query, SEARCH_LIMIT).await?;
        Ok(PatientSearch {
            patients: patients.iter().map(PatientSummary::from).collect(),
            total_matches: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }

    pub(crate) async fn pharmacy_with_zone(&self) -> Result<(PharmacySettings, Tz), AppError> {
        let pharmacy = self.pharmacy().await?;
        let zone = parse_zone(&pharmacy.time_zone).map_err(|_| AppError::new(ErrorCode::InvalidInput))?;
        Ok((pharmacy, zone))
    }

    /// Preferences belong to this device until users arrive with sign-in.
    fn preference_owner(&self) -> EntityId {
        self.store.device_id()
    }
}

/// The zone that applies to a patient: their own, or the pharmacy's if they
/// have none (or an unknown one).
pub(crate) fn zone_of(patient: &Patient, pharmacy_zone: Tz) -> Tz {
    patient.zone_or(pharmacy_zone)
}
