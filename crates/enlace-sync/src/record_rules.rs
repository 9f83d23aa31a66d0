//! The domain's rules on a contact and a task, applied to a change's fields:
//! what a laptop's screen refuses, the server refuses too, so a patched or
//! hand-made push cannot write an inbound call "unanswered", a task for a
//! person who is no one, or a task due before it was created. Only the
//! fields a change carries are judged (a step on a task names only what it
//! changed; a new task is judged as of its own creation time, the "now" its
//! laptop judged it by).

use enlace_domain::{
    AssigneeKind, ContactChannel, ContactParty, ContactReason, ContactShape, Direction, Disposition, TaskAssignee,
    check_new_task, contact_problems, task::assignee_named,
};
use serde::de::DeserializeOwned;

use crate::{Change, Entity};

/// Whether `change` keeps the rules of its entity (entities without such rules always do).
pub fn keeps_record_rules(change: &Change) -> bool {
    match change.entity {
        Entity::Interaction => interaction_keeps_rules(change),
        Entity::Task => task_keeps_rules(change),
        _ => true,
    }
}

fn field<T: DeserializeOwned>(change: &Change, name: &str) -> Option<T> {
    change.fields.get(name).filter(|value| !value.is_null()).and_then(|value| T::deserialize(value).ok())
}

fn interaction_keeps_rules(change: &Change) -> bool {
    // Value rules already refused a channel that is not one.
    let Some(channel) = field::<ContactChannel>(change, "channel") else {
        return true;
    };
    let shape = ContactShape {
        channel,
        direction: field::<Direction>(change, "direction"),
        party: field::<ContactParty>(change, "party").unwrap_or(ContactParty::Patient),
        reason: field::<ContactReason>(change, "reason"),
        disposition: field::<Disposition>(change, "disposition"),
    };
    contact_problems(&shape).is_empty()
}

fn task_keeps_rules(change: &Change) -> bool {
    let Some(kind) = field::<AssigneeKind>(change, "assignee_kind") else {
        return true;
    };
    let assignee = TaskAssignee { kind, username: field::<String>(change, "assignee_username") };
    let created = field::<chrono::DateTime<chrono::Utc>>(change, "created_at");
    match (field::<chrono::DateTime<chrono::Utc>>(change, "due_at"), created) {
        (Some(due_at), Some(created_at)) => check_new_task(due_at, &assignee, created_at).is_empty(),
        _ => assignee_named(&assignee),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn a_null_field_is_the_same_as_a_missing_one() {
        let fields = serde_json::json!({ "channel": "outbound-call", "disposition": null, "reason": null });
        let Value::Object(fields) = fields else { unreachable!("an object") };
        let change = Change {
            change_id: uuid::Uuid::nil(),
            entity: Entity::Interaction,
            entity_id: uuid::Uuid::nil(),
            fields,
            hlc: enlace_domain::HlcStamp { wall_ms: 1, counter: 0, device: uuid::Uuid::nil() },
            device_id: uuid::Uuid::nil(),
            author: String::new(),
        };
        assert!(!keeps_record_rules(&change), "neither reason nor outcome");
    }
}
