//! The people who use Enlace: a user's identity, roles and languages.

use serde::{Deserialize, Serialize};

use crate::{EntityId, Language, Role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: EntityId,
    /// Lower case, see [`crate::normalize_username`].
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Languages the user speaks with patients.
    pub languages: Vec<Language>,
    pub ui_locale: Language,
    /// A disabled user cannot sign in; their records and audit events stay.
    pub active: bool,
}

impl User {
    pub fn may(&self, action: crate::Action) -> bool {
        self.active && crate::permits(&self.roles, action)
    }
}
