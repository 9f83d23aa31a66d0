//! Strategies for property tests and fuzzing (feature `arbitrary`): JSON of
//! any shape, values of the kind each field takes and at its edges, and
//! whole changes as a hostile or sloppy device would send them. The
//! server's route fuzzing and the store's pull-apply fuzzing share them.

use enlace_domain::{HlcStamp, MAX_WALL_MS};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{Change, Entity};

/// Strings that mean something to some field, and some that mean nothing.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 +=@:._-]{0,16}",
        1 => prop::sample::select(vec![
            "2026-12-03", "2026-12-03T15:00:00.000Z", "es-US", "en-US", "+17875550100", "scheduled", "requested",
            "completed", "revoked", "open", "outbound-call", "no-answer", "supervisor", "sign-in", "08:00",
            "America/Puerto_Rico", "00000000-0000-0000-0000-000000000032", "[\"supervisor\"]", "[]", "{}",
            "ffffffffffff-ffffffff-00000000000000000000000000000000", "=HYPERLINK(\"x\")",
        ])
        .prop_map(str::to_owned),
    ]
}

pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1_000i64..1_000).prop_map(Value::from),
        any::<f64>().prop_map(|number| serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A value of the kind a field takes, at its edges as often as not: enough
/// of the fuzzed changes pass the schema to reach the rules behind it.
pub fn value_of(kind: crate::value_rules::Kind) -> BoxedStrategy<Value> {
    use crate::value_rules::Kind;
    let pick =
        |values: &[&str]| prop::sample::select(values.iter().map(|v| Value::from(*v)).collect::<Vec<_>>()).boxed();
    let (valid, invalid): (BoxedStrategy<Value>, BoxedStrategy<Value>) = match kind {
        Kind::Text(max) => (text().prop_map(Value::from).boxed(), Just(Value::from("x".repeat(max + 1))).boxed()),
        Kind::Id => (
            (0u128..8).prop_map(|n| Value::from(Uuid::from_u128(0x100 + n).to_string())).boxed(),
            pick(&["not-a-uuid"]),
        ),
        Kind::Date => (pick(&["2026-12-03", "1950-01-01"]), pick(&["2026-02-30", "03/12/2026"])),
        Kind::Instant => (pick(&["2026-12-03T15:00:00.000Z", "2026-12-04T15:15:00Z"]), pick(&["2026-13-01T00:00:00Z"])),
        Kind::ClockTime => (pick(&["08:00", "21:00"]), pick(&["24:00", "8:00"])),
        Kind::CallingHour => (pick(&["08:00", "21:00"]), pick(&["07:59", "21:01", "24:00"])),
        Kind::Zone => (pick(&["America/Puerto_Rico", "America/New_York"]), pick(&["Mars/Olympus"])),
        Kind::Count { min, max } => (
            prop_oneof![Just(min), Just(max), min..=max].prop_map(Value::from).boxed(),
            prop_oneof![Just(min.saturating_sub(1)), Just(max.saturating_add(1))].prop_map(Value::from).boxed(),
        ),
        Kind::Number { min, max } => (
            prop_oneof![Just(min), Just(max)].prop_map(Value::from).boxed(),
            Just(Value::from(max * 2.0 + 1.0)).boxed(),
        ),
        Kind::Flag => (any::<bool>().prop_map(Value::Bool).boxed(), pick(&["yes"])),
        Kind::Name(accepts) => {
            let names = [
                "scheduled",
                "requested",
                "completed",
                "cancelled",
                "declined",
                "es-US",
                "en-US",
                "no-answer",
                "do-not-call",
                "outbound-call",
                "schedule",
                "reschedule",
                "revoked",
                "granted",
                "view",
                "sign-in",
                "sign-in-failed",
                "open",
                "resolved",
                "handled",
                "flag",
                "rule",
                "refill",
                "side-effects",
                "today",
                "busy",
                "mobile",
                "active",
                "moved-away",
            ];
            let fitting: Vec<&str> = names.iter().copied().filter(|name| accepts(&Value::from(*name))).collect();
            let fitting = if fitting.is_empty() { vec!["open"] } else { fitting };
            (pick(&fitting), pick(&["no-such-value"]))
        }
        Kind::Json(accepts, _) => {
            let shapes = [
                json!([]),
                json!(["supervisor"]),
                json!(["es-US"]),
                json!([{ "kind": "mobile", "e164": "+17875550100" }]),
            ];
            let fitting: Vec<Value> = shapes.into_iter().filter(accepts).collect();
            let fitting = if fitting.is_empty() { vec![json!([])] } else { fitting };
            (prop::sample::select(fitting).boxed(), json_value().boxed())
        }
        Kind::Username => (pick(&["marta", "ana", "luis", "nora"]), pick(&["Marta", "evil one"])),
    };
    prop_oneof![6 => valid, 1 => invalid].boxed()
}

/// A field name: most often one the entity has, with a value of its kind; sometimes anything.
pub fn field(entity: Entity) -> BoxedStrategy<(String, Value)> {
    let known: Vec<BoxedStrategy<(String, Value)>> = entity
        .fields()
        .iter()
        .map(|field| {
            let name = field.name.to_owned();
            prop_oneof![8 => value_of(field.kind), 1 => json_value()]
                .prop_map(move |value| (name.clone(), value))
                .boxed()
        })
        .collect();
    prop_oneof![
        20 => prop::strategy::Union::new(known),
        1 => json_value().prop_map(|value| ("pin_hash".to_owned(), value)),
        1 => ("[a-z_]{1,12}", json_value()),
    ]
    .boxed()
}

pub fn fields(entity: Entity) -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(field(entity), 0..5).prop_map(|pairs| pairs.into_iter().collect())
}

/// A change as a hostile or sloppy device would send it, from the approved laptop `device`.
pub fn change(device: Uuid) -> impl Strategy<Value = Change> {
    let now = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or_default();
    let wall = prop_oneof![8 => Just(now - 60_000), 1 => Just(now + 3_600_000), 1 => Just(MAX_WALL_MS), 1 => Just(0)];
    let foreign = prop::bool::weighted(0.1);
    (prop::sample::select(Entity::ALL.to_vec()), 0u128..6, 0u32..4, wall, 0usize..5, foreign).prop_flat_map(
        move |(entity, id, counter, wall_ms, author, foreign)| {
            let stamp_device = if foreign { Uuid::from_u128(77) } else { device };
            fields(entity).prop_map(move |fields| Change {
                change_id: Uuid::now_v7(),
                entity,
                entity_id: Uuid::from_u128(0x100 + id),
                fields,
                hlc: HlcStamp { wall_ms, counter, device: stamp_device },
                device_id: device,
                author: ["marta", "ana", "", "command:x", "luis"][author].to_owned(),
            })
        },
    )
}
