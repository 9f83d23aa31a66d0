//! Merging: an entity's state is, field by field, the value of the change
//! with the greatest hybrid-logical-clock stamp (which orders by wall time,
//! counter and device). Every replica and the server fold the same set of
//! changes to the same state, whatever order the changes arrived in.

use std::collections::BTreeMap;

use enlace_domain::HlcStamp;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{Change, Entity};

/// One field's winning value and the stamp it won with.
#[derive(Debug, Clone, PartialEq)]
pub struct Winner {
    pub value: Value,
    pub hlc: HlcStamp,
    pub change_id: Uuid,
}

impl Winner {
    /// Whether a change stamped `hlc` (id `change_id`) beats this one. Equal
    /// stamps come only from one device's same change; the change id settles
    /// them so that the fold never depends on arrival order.
    pub fn beaten_by(&self, hlc: &HlcStamp, change_id: Uuid) -> bool {
        (hlc, change_id) > (&self.hlc, self.change_id)
    }
}

/// Field name → winner, for one entity.
pub type Folded = BTreeMap<String, Winner>;

/// Folds one entity's changes (in any order) into its fields' winners.
pub fn fold<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Folded {
    let mut folded = Folded::new();
    for change in changes {
        for (field, value) in &change.fields {
            let wins = folded.get(field).is_none_or(|winner| winner.beaten_by(&change.hlc, change.change_id));
            if wins {
                folded.insert(
                    field.clone(),
                    Winner { value: value.clone(), hlc: change.hlc, change_id: change.change_id },
                );
            }
        }
    }
    folded
}

/// Folds changes to many entities, each to its fields' values.
pub fn fold_all<'a>(changes: impl IntoIterator<Item = &'a Change>) -> BTreeMap<(Entity, Uuid), Map<String, Value>> {
    let mut grouped: BTreeMap<(Entity, Uuid), Vec<&Change>> = BTreeMap::new();
    for change in changes {
        grouped.entry((change.entity, change.entity_id)).or_default().push(change);
    }
    grouped.into_iter().map(|(key, changes)| (key, values(&fold(changes)))).collect()
}

/// The values of a fold, without their stamps.
pub fn values(folded: &Folded) -> Map<String, Value> {
    folded.iter().map(|(field, winner)| (field.clone(), winner.value.clone())).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn device(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn change(n: u128, wall_ms: u64, from: u128, fields: Value) -> Change {
        let Value::Object(fields) = fields else { unreachable!("test fields are objects") };
        Change {
            change_id: Uuid::from_u128(1000 + n),
            entity: Entity::Patient,
            entity_id: Uuid::from_u128(7),
            fields,
            hlc: HlcStamp { wall_ms, counter: 0, device: device(from) },
            device_id: device(from),
            author: String::new(),
        }
    }

    #[test]
    fn each_field_takes_the_latest_stamps_value_in_any_arrival_order() {
        let changes = [
            change(1, 100, 1, json!({ "zip": "00901", "program": "Med Sync" })),
            change(2, 300, 2, json!({ "zip": "00907" })),
            change(3, 200, 1, json!({ "program": "Specialty", "zip": "00909" })),
        ];
        let expected = json!({ "zip": "00907", "program": "Specialty" });
        let orders: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        for order in orders {
            let folded = fold(order.iter().map(|&index| &changes[index]));
            assert_eq!(Value::Object(values(&folded)), expected, "{order:?}");
        }
    }

    #[test]
    fn the_same_instant_on_two_devices_is_settled_by_device_then_change() {
        let a = change(1, 500, 1, json!({ "zip": "A" }));
        let b = change(2, 500, 2, json!({ "zip": "B" }));
        assert_eq!(values(&fold([&a, &b]))["zip"], "B");
        assert_eq!(values(&fold([&b, &a]))["zip"], "B");
        let all = fold_all([&a, &b]);
        assert_eq!(all.len(), 1);
    }
}
