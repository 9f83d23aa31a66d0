//! What a write is made of, before the write path ([`crate::mutation`])
//! stamps and applies it: a [`Mutation`] of one entity's fields, the change
//! record the log keeps, and new ids. A leaf, so every module that builds
//! writes (the audit chain, the derived tables) can name them without
//! depending on the write path that calls it.

use serde_json::{Map, Value};
use uuid::Uuid;

pub use enlace_sync::{Change, Entity};

/// Set `fields` of entity `id` (creating it if new). Values are JSON scalars;
/// arrays and objects are stored as JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutation {
    pub entity: Entity,
    pub id: Uuid,
    pub fields: Map<String, Value>,
}

impl Mutation {
    /// Only the fields that differ from `before` (a full mutation of the same
    /// record); `None` when nothing does. How every edit writes just what changed.
    pub fn changed_since(mut self, before: &Mutation) -> Option<Mutation> {
        self.fields.retain(|name, value| before.fields.get(name) != Some(value));
        (!self.fields.is_empty()).then_some(self)
    }
}

/// One change as recorded in the change log: the sync protocol's [`Change`].
pub type ChangeRecord = Change;

/// A new UUIDv7 entity or change id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
