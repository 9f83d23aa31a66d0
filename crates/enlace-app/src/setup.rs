//! A pharmacy's first day: the pharmacy record its first supervisor
//! describes (in the window or with `enlace setup`), its later edits, and the
//! demo, which only ever goes into an empty store.

use chrono::{DateTime, Utc};
use enlace_domain::{Action, AuditAction, PharmacySettings, SettingsProblem, User, check_settings};
use enlace_store::entities::pharmacy_mutation;
use enlace_store::new_id;

use crate::{Actor, App, AppError, ErrorCode, NewUser};

/// What the setup screen starts from: the defaults every new pharmacy gets,
/// with who and where it is left for the supervisor to fill in (the zone
/// suggested by the computer's own).
pub fn pharmacy_defaults(suggested_zone: Option<&str>) -> PharmacySettings {
    let zone = suggested_zone.filter(|zone| enlace_domain::parse_zone(zone).is_ok()).unwrap_or_default();
    PharmacySettings::with_defaults(enlace_domain::EntityId::nil(), "", "", zone)
}

impl App {
    /// The pharmacy this store works for; `pharmacy-missing` until it has
    /// been set up here or has arrived from the server.
    pub async fn pharmacy(&self) -> Result<PharmacySettings, AppError> {
        self.store.pharmacy().await?.ok_or_else(|| AppError::new(ErrorCode::PharmacyMissing))
    }

    /// How long the window may sit idle before it locks: the pharmacy's
    /// setting, or the default before the pharmacy exists (HIPAA's
    /// automatic logoff applies from the first sign-in).
    pub async fn idle_lock_limit(&self) -> std::time::Duration {
        let minutes = match self.store.pharmacy().await {
            Ok(Some(pharmacy)) => pharmacy.idle_lock_minutes,
            _ => enlace_domain::pharmacy::DEFAULT_IDLE_LOCK_MINUTES,
        };
        std::time::Duration::from_secs(u64::from(minutes) * 60)
    }

    /// Creates the pharmacy (supervisors only, once). The settings are checked
    /// whole by the domain's rules; the id is the store's to give.
    pub async fn set_up_pharmacy(
        &self,
        actor: &Actor,
        settings: PharmacySettings,
        now: DateTime<Utc>,
    ) -> Result<PharmacySettings, AppError> {
        actor.require(Action::ManageSettings)?;
        let settings = self.new_pharmacy(settings).await?;
        let audit = vec![actor.audit_record(AuditAction::Change, "pharmacy", settings.id, now)];
        self.store.apply_audited(vec![pharmacy_mutation(&settings)], audit).await?;
        self.pharmacy().await
    }

    /// The first supervisor and the pharmacy together, in one transaction
    /// (`enlace setup --supervisor`): either both are there afterwards or
    /// neither is.
    pub async fn set_up_pharmacy_with_supervisor(
        &self,
        new_user: NewUser,
        settings: PharmacySettings,
        now: DateTime<Utc>,
    ) -> Result<(User, PharmacySettings), AppError> {
        let settings = self.new_pharmacy(settings).await?;
        let first = self.first_supervisor(new_user, now).await?;
        let mut audit = first.audit;
        audit.push(Actor::user(&first.user).audit_record(AuditAction::Change, "pharmacy", settings.id, now));
        self.store.apply_audited(vec![first.mutation, pharmacy_mutation(&settings)], audit).await?;
        Ok((first.user, self.pharmacy().await?))
    }

    /// `settings` as the store's one pharmacy: a new id, the values
    /// normalized and checked whole; refused if the store has one already.
    async fn new_pharmacy(&self, settings: PharmacySettings) -> Result<PharmacySettings, AppError> {
        if self.store.pharmacy().await?.is_some() {
            return Err(AppError::new(ErrorCode::PharmacyExists));
        }
        let settings = PharmacySettings { id: new_id(), ..settings }.normalized();
        refuse_problems(&check_settings(&settings))?;
        Ok(settings)
    }

    /// Saves new pharmacy settings (supervisors only). Refused whole, with
    /// every problem named, when any value is out of range.
    pub async fn update_pharmacy(
        &self,
        actor: &Actor,
        settings: PharmacySettings,
        now: DateTime<Utc>,
    ) -> Result<PharmacySettings, AppError> {
        actor.require(Action::ManageSettings)?;
        let current = self.pharmacy().await?;
        if settings.id != current.id {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        let settings = settings.normalized();
        refuse_problems(&check_settings(&settings))?;
        if let Some(change) = pharmacy_mutation(&settings).changed_since(&pharmacy_mutation(&current)) {
            let audit = vec![actor.audit_record(AuditAction::Change, "pharmacy", settings.id, now)];
            self.store.apply_audited(vec![change], audit).await?;
        }
        self.pharmacy().await
    }
}

/// `invalid-settings` naming every problem, or nothing to refuse.
fn refuse_problems(problems: &[SettingsProblem]) -> Result<(), AppError> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(AppError::new(ErrorCode::InvalidSettings).with_problems(problems))
}
