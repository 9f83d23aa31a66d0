//! User accounts: the user's record and the hashes of their password and
//! PIN. Hashing and checking happen in the application layer; the store
//! only keeps the PHC strings. The account syncs (a user signs in on any of
//! the pharmacy's laptops); the PIN does not: it lives in `local_pin`, on
//! the laptop it was set on, and no change is ever written for it.

use enlace_domain::{EntityId, Language, Role, User};
use serde_json::json;
use sqlx::FromRow;
use uuid::fmt::Hyphenated;

use crate::entities::{enum_from_text, enum_text, fields};
use crate::{Entity, Mutation, Store, StoreError};

/// A user with their credential hashes, as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct UserAccount {
    pub user: User,
    /// argon2 PHC string of the password.
    pub password_hash: String,
    /// argon2 PHC string of the quick-unlock PIN, if the user set one on this laptop.
    pub pin_hash: Option<String>,
}

impl std::fmt::Debug for UserAccount {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("UserAccount")
            .field("user", &self.user)
            .field("password_hash", &"[redacted]")
            .field("pin_hash", &self.pin_hash.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Every synced field of a user, for creating one (the PIN is not one).
pub fn user_mutation(account: &UserAccount) -> Mutation {
    let user = &account.user;
    Mutation {
        entity: Entity::User,
        id: user.id,
        fields: fields(json!({
            "username": user.username,
            "display_name": user.display_name,
            "roles": user.roles,
            "languages": user.languages,
            "ui_locale": enum_text(user.ui_locale),
            "password_hash": account.password_hash,
            "active": user.active,
        })),
    }
}

#[derive(FromRow)]
struct UserRow {
    id: Hyphenated,
    username: String,
    display_name: String,
    roles: String,
    languages: String,
    ui_locale: String,
    password_hash: String,
    pin_hash: Option<String>,
    active: bool,
}

impl TryFrom<UserRow> for UserAccount {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        let corrupt = |field| StoreError::Corrupt { entity: "user", field };
        let roles: Vec<Role> = serde_json::from_str(&row.roles).map_err(|_| corrupt("roles"))?;
        let languages: Vec<Language> = serde_json::from_str(&row.languages).map_err(|_| corrupt("languages"))?;
        Ok(Self {
            user: User {
                id: row.id.into_uuid(),
                username: row.username,
                display_name: row.display_name,
                roles,
                languages,
                ui_locale: enum_from_text(&row.ui_locale, "user", "ui_locale")?,
                active: row.active,
            },
            password_hash: row.password_hash,
            pin_hash: row.pin_hash,
        })
    }
}

const USER_COLUMNS: &str = "id, username, display_name, roles, languages, ui_locale, password_hash, \
    (SELECT pin_hash FROM local_pin WHERE local_pin.user_id = user_account.id) AS pin_hash, active";

impl Store {
    /// Every user, active or not, by display name.
    pub async fn users(&self) -> Result<Vec<UserAccount>, StoreError> {
        let rows: Vec<UserRow> =
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM user_account ORDER BY display_name, username"))
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(UserAccount::try_from).collect()
    }

    /// The user with this (normalized) username. Should two devices have
    /// created the same username offline, the older account wins.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserAccount>, StoreError> {
        let row: Option<UserRow> =
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM user_account WHERE username = ? ORDER BY id LIMIT 1"))
                .bind(username)
                .fetch_optional(self.pool())
                .await?;
        row.map(UserAccount::try_from).transpose()
    }

    pub async fn user(&self, id: EntityId) -> Result<UserAccount, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM user_account WHERE id = ?"))
            .bind(id.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.map(UserAccount::try_from).transpose()?.ok_or(StoreError::NotFound { entity: "user" })
    }

    /// Sets (or with `None` removes) a user's PIN on this laptop. No change
    /// is written: a PIN never syncs.
    pub async fn set_local_pin(&self, user_id: EntityId, pin_hash: Option<&str>) -> Result<(), StoreError> {
        let id = user_id.hyphenated().to_string();
        match pin_hash {
            Some(hash) => {
                sqlx::query(
                    "INSERT INTO local_pin (user_id, pin_hash) VALUES (?, ?)
                     ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash",
                )
                .bind(id)
                .bind(hash)
                .execute(self.writer())
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM local_pin WHERE user_id = ?").bind(id).execute(self.writer()).await?;
            }
        }
        Ok(())
    }

    pub async fn user_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM user_account").fetch_one(self.pool()).await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}
