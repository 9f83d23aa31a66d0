//! What the application layer's tests share.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // Not every test file uses every helper.

use enlace_store::{KeyStore, MemoryKeyStore};
use sqlx::ConnectOptions;

/// A raw connection to the store, as someone holding the key could open one.
pub async fn raw_connection(dir: &tempfile::TempDir, keys: &MemoryKeyStore) -> sqlx::SqliteConnection {
    let key = keys.load().unwrap().unwrap();
    sqlx::sqlite::SqliteConnectOptions::new()
        .filename(enlace_app::database_path(dir.path()))
        .pragma("key", format!("\"x'{}'\"", key.to_hex().as_str()))
        .connect()
        .await
        .unwrap()
}
