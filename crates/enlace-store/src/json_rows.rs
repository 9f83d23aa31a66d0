//! Bulk rows as one JSON parameter. A statement that reads its rows with
//! `json_each(?)` has one fixed text per shape, so SQLite prepares it once
//! and sqlx caches one small statement, where a multi-row `VALUES` list
//! would bind tens of thousands of parameters to a statement text that
//! differs with every batch size.

use serde::Serialize;
use serde_json::Value;

use crate::StoreError;

/// A JSON array of `items`.
pub(crate) fn array<T: Serialize>(items: impl IntoIterator<Item = T>) -> Result<String, StoreError> {
    let mut out = b"[".to_vec();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &item).map_err(|_| StoreError::Encode)?;
    }
    out.push(b']');
    String::from_utf8(out).map_err(|_| StoreError::Encode)
}

/// A JSON array of rows, each `[head, value…]`.
pub(crate) fn rows<'a, H, V>(rows: impl IntoIterator<Item = (H, V)>) -> Result<String, StoreError>
where
    H: Serialize,
    V: IntoIterator<Item = &'a Value>,
{
    let mut out = b"[".to_vec();
    for (index, (head, values)) in rows.into_iter().enumerate() {
        out.extend_from_slice(if index > 0 { b",[" } else { b"[" });
        serde_json::to_writer(&mut out, &head).map_err(|_| StoreError::Encode)?;
        for value in values {
            out.push(b',');
            serde_json::to_writer(&mut out, value).map_err(|_| StoreError::Encode)?;
        }
        out.push(b']');
    }
    out.push(b']');
    String::from_utf8(out).map_err(|_| StoreError::Encode)
}

/// `value->>first, value->>first+1, …`: `count` elements of each row as SQL
/// values (`->>` gives text, integer, real or null; an array or object
/// element comes out as its JSON text).
pub(crate) fn columns(count: usize, first: usize) -> String {
    (first..first + count).map(|index| format!("value->>{index}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn rows_put_the_head_first_and_keep_composite_values_as_json() {
        let phones = json!([{"kind": "home"}]);
        let text = rows([("a", [&json!(1), &phones, &Value::Null])]).unwrap();
        assert_eq!(text, r#"[["a",1,[{"kind":"home"}],null]]"#);
        assert_eq!(array(["x", "y"]).unwrap(), r#"["x","y"]"#);
        assert_eq!(columns(2, 1), "value->>1, value->>2");
    }
}
