//! The pull-apply path under arbitrary pages, as a broken or hostile server
//! could hand them out: any entity, any fields and values, any stamp, any
//! device. Applying never fails and never panics, the cursor always moves
//! to the page's, and every table stays readable through the store's typed
//! reads (nothing was written that a read would choke on).
//! `PROPTEST_CASES` sets the number of cases (256 here; `cargo xtask soak`
//! runs 10 000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::sync::OnceLock;

use enlace_store::{MemoryKeyStore, Store};
use enlace_sync::arbitrary::change;
use proptest::prelude::*;
use uuid::Uuid;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    store: Store,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = runtime.block_on(Store::open(&dir.path().join("enlace.db"), &MemoryKeyStore::default())).unwrap();
        Fixture { runtime, store, _dir: dir }
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 100, ..ProptestConfig::default() })]

    #[test]
    fn no_page_stops_a_laptop_or_leaves_a_row_it_cannot_read(
        page in prop::collection::vec((0u128..3, change(Uuid::nil())), 1..12),
        cursor in "[a-z0-9:]{1,12}",
    ) {
        let fixture = fixture();
        let store = &fixture.store;
        let changes = page
            .into_iter()
            .map(|(device, mut change)| {
                // A few devices, their stamps their own (mostly).
                change.device_id = Uuid::from_u128(0x900 + device);
                if change.hlc.device == Uuid::nil() {
                    change.hlc.device = change.device_id;
                }
                change
            })
            .collect();
        fixture.runtime.block_on(async {
            let applied = store.apply_remote(changes, &cursor).await;
            prop_assert!(applied.is_ok(), "{:?}", applied);
            prop_assert_eq!(store.sync_cursor().await.unwrap(), Some(cursor.clone()));
            prop_assert!(store.all_patients().await.is_ok());
            prop_assert!(store.all_prescriptions().await.is_ok());
            prop_assert!(store.users().await.is_ok());
            prop_assert!(store.pharmacy().await.is_ok());
            prop_assert!(store.open_web_requests().await.is_ok());
            prop_assert!(store.open_enrollment_drafts().await.is_ok());
            prop_assert!(store.audit_chains().await.is_ok());
            prop_assert!(store.call_queue_zones().await.is_ok());
            prop_assert!(store.clock_stamp().await.wall_ms <= enlace_domain::MAX_WALL_MS);
            Ok(())
        })?;
    }
}
