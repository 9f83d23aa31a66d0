//! The database key never reaches the logs, even with every log level on:
//! sqlx logs each connection's setup SQL (which includes `PRAGMA key`)
//! unless statement logging is disabled.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::io::Write;
use std::sync::{Arc, Mutex};

use enlace_store::{KeyStore, MemoryKeyStore, Store};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn opening_and_using_the_store_logs_no_key_material_at_trace_level() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).finish();
    // Global: sqlx logs from its connection worker threads. (nextest runs each test in its own process.)
    tracing::subscriber::set_global_default(subscriber).unwrap();

    tracing::info!("capture is live");

    let dir = tempfile::tempdir().unwrap();
    let keys = MemoryKeyStore::default();
    let store = Store::open(&dir.path().join("enlace.db"), &keys).await.unwrap();
    store.outbox_len().await.unwrap();
    store.close().await;
    let reopened = Store::open(&dir.path().join("enlace.db"), &keys).await.unwrap();
    reopened.close().await;

    let key = keys.load().unwrap().unwrap();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("capture is live"), "the subscriber captures logs");
    assert!(!logs.contains(key.to_hex().as_str()), "the key appeared in the logs");
    assert!(!logs.to_lowercase().contains("pragma key"), "the key pragma appeared in the logs");
}
