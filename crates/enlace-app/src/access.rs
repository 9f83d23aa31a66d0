//! Who is acting: users, signing in and unlocking, and the check every
//! action goes through. Passwords and PINs are hashed with argon2id (the
//! `argon2` crate's defaults: 19 MiB, 2 passes); wrong attempts are counted
//! per username on this device and answered with the domain's growing
//! delay ([`enlace_domain::sign_in_wait`]). What a failed attempt leaves
//! behind never holds what was typed: its audit event names an existing
//! account or nobody, and its count is kept under a hash of the name.

use chrono::{DateTime, Utc};
use enlace_domain::{
    Action, AuditAction, AuditDraft, CredentialError, EntityId, Language, Role, User, check_password, check_pin,
    next_attempt_at, normalize_username,
};
use enlace_store::{UserAccount, new_id, user_mutation};
use serde::{Deserialize, Serialize};

use crate::{App, AppError, ErrorCode};

/// Who an action is taken by: a signed-in user, or a command run from the
/// command line by someone holding the database key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<EntityId>,
    /// The name audit events carry.
    pub username: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn user(user: &User) -> Self {
        Self { user_id: Some(user.id), username: user.username.clone(), roles: user.roles.clone() }
    }

    /// A headless command: whoever runs it already holds the database key,
    /// so it may do anything; its audit events name the system account.
    pub fn command(os_user: &str) -> Self {
        Self { user_id: None, username: format!("command:{os_user}"), roles: Role::ALL.to_vec() }
    }

    /// Refuses with `not-permitted` unless the actor's roles allow `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if enlace_domain::permits(&self.roles, action) {
            Ok(())
        } else {
            tracing::info!(?action, "action refused by role");
            Err(AppError::new(ErrorCode::NotPermitted))
        }
    }

    pub(crate) fn audit(&self, action: AuditAction, now: DateTime<Utc>) -> AuditDraft {
        AuditDraft {
            occurred_at: now,
            user_id: self.user_id,
            username: self.username.clone(),
            action,
            entity: None,
            entity_id: None,
        }
    }

    pub(crate) fn audit_record(
        &self,
        action: AuditAction,
        entity: &str,
        entity_id: EntityId,
        now: DateTime<Utc>,
    ) -> AuditDraft {
        AuditDraft { entity: Some(entity.to_owned()), entity_id: Some(entity_id), ..self.audit(action, now) }
    }
}

/// A new user, as a supervisor (or the first-run screen) fills it in.
#[derive(Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub languages: Vec<Language>,
    pub ui_locale: Language,
    pub password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("NewUser")
            .field("username", &self.username)
            .field("roles", &self.roles)
            .field("password", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// The first supervisor's account, ready to be written.
pub(crate) struct FirstSupervisor {
    pub mutation: enlace_store::Mutation,
    pub audit: Vec<AuditDraft>,
    pub user: User,
}

/// What the window needs to know before anyone signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInState {
    /// No user exists yet: the first supervisor must be created.
    pub needs_first_user: bool,
}

fn credential_error(error: CredentialError) -> AppError {
    AppError::new(match error {
        CredentialError::Username => ErrorCode::UsernameInvalid,
        CredentialError::Password => ErrorCode::PasswordWeak,
        CredentialError::Pin => ErrorCode::PinInvalid,
    })
}

/// Hashes off the async threads: argon2 takes tens of milliseconds by design.
async fn hash_secret(secret: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default().hash_password(secret.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(|_| AppError::new(ErrorCode::Internal))?
    .map_err(|_| AppError::new(ErrorCode::Internal))
}

async fn secret_matches(secret: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| argon2::Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// Where this device counts a username's consecutive wrong attempts: under
/// a hash, since what was typed as a username may be a password.
fn failures_key(username: &str) -> String {
    use sha2::Digest;
    format!("sign-in-failures:{}", hex::encode(sha2::Sha256::digest(username.as_bytes())))
}

impl App {
    pub async fn sign_in_state(&self) -> Result<SignInState, AppError> {
        Ok(SignInState { needs_first_user: self.store().user_count().await? == 0 })
    }

    /// Creates the first supervisor on a pharmacy with no users, and signs them in.
    pub async fn create_first_supervisor(&self, new_user: NewUser, now: DateTime<Utc>) -> Result<User, AppError> {
        let first = self.first_supervisor(new_user, now).await?;
        self.store().apply_audited(vec![first.mutation], first.audit).await?;
        Ok(first.user)
    }

    /// What creating the first supervisor writes, checked but not yet
    /// written, so that `enlace setup` can write it with the pharmacy in one
    /// transaction.
    pub(crate) async fn first_supervisor(
        &self,
        new_user: NewUser,
        now: DateTime<Utc>,
    ) -> Result<FirstSupervisor, AppError> {
        if self.store().user_count().await? > 0 {
            return Err(AppError::new(ErrorCode::AlreadySetUp));
        }
        let mut roles = new_user.roles.clone();
        if !roles.contains(&Role::Supervisor) {
            roles.push(Role::Supervisor);
        }
        let account = self.new_account(NewUser { roles, ..new_user }).await?;
        let actor = Actor::user(&account.user);
        let audit = vec![
            actor.audit_record(AuditAction::Change, "user", account.user.id, now),
            actor.audit(AuditAction::SignIn, now),
        ];
        Ok(FirstSupervisor { mutation: user_mutation(&account), audit, user: account.user })
    }

    /// Adds a user (supervisors only).
    pub async fn add_user(&self, actor: &Actor, new_user: NewUser, now: DateTime<Utc>) -> Result<User, AppError> {
        actor.require(Action::ManageUsers)?;
        let account = self.new_account(new_user).await?;
        let audit = vec![actor.audit_record(AuditAction::Change, "user", account.user.id, now)];
        self.store().apply_audited(vec![user_mutation(&account)], audit).await?;
        Ok(account.user)
    }

    pub(crate) async fn new_account(&self, new_user: NewUser) -> Result<UserAccount, AppError> {
        let username = normalize_username(&new_user.username).map_err(credential_error)?;
        check_password(&new_user.password, &username).map_err(credential_error)?;
        let display_name = new_user.display_name.trim().to_owned();
        if display_name.is_empty() || new_user.roles.is_empty() {
            return Err(AppError::new(ErrorCode::InvalidInput));
        }
        if self.store().user_by_username(&username).await?.is_some() {
            return Err(AppError::new(ErrorCode::UsernameTaken));
        }
        let mut roles = new_user.roles;
        roles.sort();
        roles.dedup();
        Ok(UserAccount {
            user: User {
                id: new_id(),
                username,
                display_name,
                roles,
                languages: new_user.languages,
                ui_locale: new_user.ui_locale,
                active: true,
            },
            password_hash: hash_secret(new_user.password).await?,
            pin_hash: None,
        })
    }

    /// Every user, for the supervisor's list.
    pub async fn users(&self, actor: &Actor) -> Result<Vec<User>, AppError> {
        actor.require(Action::ManageUsers)?;
        Ok(self.store().users().await?.into_iter().map(|account| account.user).collect())
    }

    /// Disables or re-enables a user. The last active supervisor stays.
    pub async fn set_user_active(
        &self,
        actor: &Actor,
        user_id: EntityId,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<User, AppError> {
        actor.require(Action::ManageUsers)?;
        let account = self.store().user(user_id).await?;
        if !active && account.user.roles.contains(&Role::Supervisor) {
            let other_supervisors = self
                .store()
                .users()
                .await?
                .iter()
                .filter(|other| other.user.id != user_id && other.user.may(Action::ManageUsers))
                .count();
            if other_supervisors == 0 {
                return Err(AppError::new(ErrorCode::LastSupervisor));
            }
        }
        let updated = UserAccount { user: User { active, ..account.user.clone() }, ..account.clone() };
        self.save_account(actor, &account, &updated, now).await
    }

    /// Sets a new password for a user (supervisors only) and clears their
    /// PIN, which was chosen under the old password.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        user_id: EntityId,
        password: String,
        now: DateTime<Utc>,
    ) -> Result<User, AppError> {
        actor.require(Action::ManageUsers)?;
        let account = self.store().user(user_id).await?;
        check_password(&password, &account.user.username).map_err(credential_error)?;
        let updated = UserAccount { password_hash: hash_secret(password).await?, pin_hash: None, ..account.clone() };
        let user = self.save_account(actor, &account, &updated, now).await?;
        self.store().set_local_pin(user_id, None).await?;
        self.store().set_local_value(&failures_key(&user.username), "").await?;
        Ok(user)
    }

    /// Sets (or with `None` removes) the signed-in user's own quick-unlock
    /// PIN, on this laptop only: a PIN never leaves the laptop it was set on.
    pub async fn set_pin(&self, actor: &Actor, pin: Option<String>, now: DateTime<Utc>) -> Result<(), AppError> {
        let user_id = actor.user_id.ok_or_else(|| AppError::new(ErrorCode::SignInRequired))?;
        let pin_hash = match pin {
            Some(pin) => {
                check_pin(&pin).map_err(credential_error)?;
                Some(hash_secret(pin).await?)
            }
            None => None,
        };
        self.store().set_local_pin(user_id, pin_hash.as_deref()).await?;
        let audit = vec![actor.audit_record(AuditAction::Change, "user", user_id, now)];
        self.store().apply_audited(Vec::new(), audit).await?;
        Ok(())
    }

    async fn save_account(
        &self,
        actor: &Actor,
        old: &UserAccount,
        new: &UserAccount,
        now: DateTime<Utc>,
    ) -> Result<User, AppError> {
        if let Some(change) = user_mutation(new).changed_since(&user_mutation(old)) {
            let audit = vec![actor.audit_record(AuditAction::Change, "user", new.user.id, now)];
            self.store().apply_audited(vec![change], audit).await?;
        }
        Ok(new.user.clone())
    }

    /// Signs a user in with their password. Unknown usernames, disabled
    /// users and wrong passwords get the same answer, after the same work.
    pub async fn sign_in(&self, username: &str, password: &str, now: DateTime<Utc>) -> Result<User, AppError> {
        let username = normalize_username(username).unwrap_or_else(|_| username.trim().to_lowercase());
        self.check_secret(&username, password, false, now).await
    }

    /// Unlocks a locked session: the same user, with their password or PIN.
    pub async fn unlock(&self, user_id: EntityId, secret: &str, now: DateTime<Utc>) -> Result<User, AppError> {
        let account = self.store().user(user_id).await?;
        self.check_secret(&account.user.username, secret, true, now).await
    }

    async fn check_secret(
        &self,
        username: &str,
        secret: &str,
        unlocking: bool,
        now: DateTime<Utc>,
    ) -> Result<User, AppError> {
        let (failures, last_failure) = self.failures(username).await?;
        if let Some(last_failure) = last_failure
            && let Some(allowed_at) = next_attempt_at(failures, last_failure, now)
        {
            let seconds = (allowed_at - now).num_seconds().max(1);
            return Err(AppError::new(ErrorCode::SignInWait).with_arg("seconds", seconds.to_string()));
        }
        let account = self.store().user_by_username(username).await?.filter(|account| account.user.active);
        let mut matched = false;
        match &account {
            Some(account) => {
                let pin = account.pin_hash.clone().filter(|_| unlocking);
                for hash in std::iter::once(account.password_hash.clone()).chain(pin) {
                    matched |= secret_matches(secret.to_owned(), hash).await;
                }
            }
            // As much work as checking a password, so that a wrong username
            // cannot be told from a wrong password by the time it takes.
            None => drop(hash_secret(secret.to_owned()).await),
        }
        match account {
            Some(account) if matched => {
                self.store().set_local_value(&failures_key(username), "").await?;
                let actor = Actor::user(&account.user);
                let action = if unlocking { AuditAction::Unlock } else { AuditAction::SignIn };
                self.store().apply_audited(Vec::new(), vec![actor.audit(action, now)]).await?;
                Ok(account.user)
            }
            _ => {
                let failures = failures.saturating_add(1);
                self.store()
                    .set_local_value(&failures_key(username), &format!("{failures} {}", now.to_rfc3339()))
                    .await?;
                // The name only when it is an account's: what was typed may be a password.
                let known = self.store().user_by_username(username).await?.map(|account| account.user.username);
                let attempt = AuditDraft {
                    occurred_at: now,
                    user_id: None,
                    username: known.unwrap_or_default(),
                    action: AuditAction::SignInFailed,
                    entity: None,
                    entity_id: None,
                };
                self.store().apply_audited(Vec::new(), vec![attempt]).await?;
                Err(AppError::new(ErrorCode::SignInFailed))
            }
        }
    }

    async fn failures(&self, username: &str) -> Result<(u32, Option<DateTime<Utc>>), AppError> {
        let text = self.store().local_value(&failures_key(username)).await?.unwrap_or_default();
        let mut parts = text.split(' ');
        let count = parts.next().and_then(|count| count.parse().ok()).unwrap_or(0);
        let last = parts.next().and_then(|time| DateTime::parse_from_rfc3339(time).ok()).map(|time| time.to_utc());
        Ok((count, last))
    }

    /// The signed-in user's own interface language, remembered with their account.
    pub async fn set_own_ui_locale(&self, actor: &Actor, locale: Language, now: DateTime<Utc>) -> Result<(), AppError> {
        let Some(user_id) = actor.user_id else { return Ok(()) };
        let account = self.store().user(user_id).await?;
        let updated = UserAccount { user: User { ui_locale: locale, ..account.user.clone() }, ..account.clone() };
        self.save_account(actor, &account, &updated, now).await.map(|_| ())
    }

    /// Records that the session was locked (idle or by hand).
    pub async fn record_lock(&self, actor: &Actor, now: DateTime<Utc>) -> Result<(), AppError> {
        Ok(self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::Lock, now)]).await.map(|_| ())?)
    }

    pub async fn sign_out(&self, actor: &Actor, now: DateTime<Utc>) -> Result<(), AppError> {
        Ok(self.store().apply_audited(Vec::new(), vec![actor.audit(AuditAction::SignOut, now)]).await.map(|_| ())?)
    }
}
