//! How the application's enums are named where they cross to the UI, a CSV
//! or a message id: their serde names, never a second hand-written list.

use serde::Serialize;

/// The serde name of a unit enum value ("no-answer"); `None` for anything
/// that does not serialize to a string.
pub fn wire_name<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Some(name),
        _ => None,
    }
}
