//! A first pull derives its rows with an SQL shortcut (`copy_whole_rows`:
//! an entity whose one change sets every field is copied in one statement)
//! and merges the rest; an ordinary pull merges every row with
//! `enlace_sync::merge::fold`. Whatever the changes, their order and their
//! stamps, both leave the same patients: the shortcut is the fold.
//! `PROPTEST_CASES` sets the number of cases (32 here).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::NaiveDate;
use enlace_domain::{ContactConsents, HlcStamp, Language, Patient, PersonName, Phone, PhoneKind};
use enlace_store::entities::patient_mutation;
use enlace_store::{ChangeRecord as Change, Entity, MemoryKeyStore, Store};
use proptest::prelude::*;
use uuid::Uuid;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(32)
}

fn patient(n: u8, given: &str, language: Language) -> Patient {
    Patient {
        id: Uuid::from_u128(0x7000 + u128::from(n)),
        name: PersonName { given: given.into(), middle: None, family: "Sintético".into(), second_family: None },
        date_of_birth: NaiveDate::from_ymd_opt(1961, 3, 14).unwrap(),
        preferred_language: language,
        time_zone: Some("America/Puerto_Rico".into()),
        time_zone_confirmed: n.is_multiple_of(2),
        phones: vec![Phone { kind: PhoneKind::Mobile, e164: format!("+1787555{:04}", u16::from(n)) }],
        consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
        external_id: Some(format!("P-{n}")),
        zip: Some("00901".into()),
        program: None,
        assigned_to: None,
        preferred_call_window: None,
        status: enlace_domain::PatientStatus::Active,
    }
}

/// One change: to patient `n`, whole (every field) or only its given name and
/// language, stamped `wall_ms` by device `device`.
fn change(n: u8, whole: bool, given: &str, spanish: bool, wall_ms: u64, device: u8, serial: u32) -> Change {
    let language = if spanish { Language::Spanish } else { Language::English };
    let mut fields = patient_mutation(&patient(n, given, language)).fields;
    if !whole {
        fields.retain(|name, _| name == "given_name" || name == "preferred_language");
    }
    let device = Uuid::from_u128(0x900 + u128::from(device));
    Change {
        change_id: Uuid::from_u128(0x5000_0000 + u128::from(serial)),
        entity: Entity::Patient,
        entity_id: Uuid::from_u128(0x7000 + u128::from(n)),
        fields,
        hlc: HlcStamp { wall_ms, counter: 0, device },
        device_id: device,
        author: String::new(),
    }
}

fn changes() -> impl Strategy<Value = Vec<Change>> {
    let one = (
        0u8..6,
        prop::bool::weighted(0.6),
        "[A-Z][a-z]{1,6}",
        any::<bool>(),
        1_700_000_000_000u64..1_700_000_000_100,
        0u8..3,
    );
    prop::collection::vec(one, 1..24).prop_map(|drawn| {
        // Every patient's first change sets every field, as a creation does; later ones any.
        let mut created = std::collections::BTreeSet::new();
        drawn
            .into_iter()
            .enumerate()
            .map(|(serial, (n, whole, given, spanish, wall_ms, device))| {
                let whole = whole || created.insert(n);
                change(n, whole, &given, spanish, wall_ms, device, u32::try_from(serial).unwrap())
            })
            .collect()
    })
}

async fn new_store(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name), &MemoryKeyStore::default()).await.unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 50, ..ProptestConfig::default() })]

    #[test]
    fn a_first_pull_leaves_the_rows_the_fold_does(changes in changes(), split in 0usize..24) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            // The first pull: logged in two batches, derived at the end (the SQL shortcut and the merge).
            let first = new_store(&dir, "first.db").await;
            let split = split.min(changes.len());
            first.log_initial_pull(changes[..split].to_vec(), "1").await.unwrap();
            first.log_initial_pull(changes[split..].to_vec(), "2").await.unwrap();
            first.finish_initial_pull().await.unwrap();
            // An ordinary pull of the same changes, in reverse order: every row by `fold`.
            let ordinary = new_store(&dir, "ordinary.db").await;
            ordinary.apply_remote(changes.iter().rev().cloned().collect(), "2").await.unwrap();

            let mut by_first = first.all_patients().await.unwrap();
            let mut by_fold = ordinary.all_patients().await.unwrap();
            by_first.sort_by_key(|patient| patient.id);
            by_fold.sort_by_key(|patient| patient.id);
            prop_assert!(!by_fold.is_empty());
            prop_assert_eq!(by_first, by_fold);
            first.close().await;
            ordinary.close().await;
            Ok(())
        })?;
    }
}
