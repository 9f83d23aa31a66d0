//! The `enlace` binary run headless, as automation runs it: a key file
//! instead of the keyring, the demo pharmacy, an import, the call list as
//! JSON and the audit trail's verification.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn enlace(data: &Path, key: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_enlace"))
        .args(["--data-dir", data.to_str().unwrap(), "--key-file", key.to_str().unwrap()])
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_key_file_others_can_read_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "not a key yet").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let data = dir.path().join("data");
    let output = enlace(&data, &key, &["status"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("chmod 600"), "{output:?}");
    assert!(!data.join("enlace.db").exists());
}

#[test]
fn demo_import_call_list_and_audit_verify_run_headless() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    let data = dir.path().join("data");

    let seeded = enlace(&data, &key, &["seed-demo"]);
    assert!(seeded.status.success(), "{seeded:?}");
    assert!(stdout(&seeded).starts_with("Demo pharmacy created"), "{}", stdout(&seeded));
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the key file is created for its owner only");

    let report = dir.path().join("refills.csv");
    std::fs::write(
        &report,
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,strength,\
         last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n\
         CLI-1,Núñez Peña,María José,03/05/1948,(305) 555-0134,Español,,33101,RX-CLI-1,Metformin,500 mg,\
         2026-10-20,30,60,3,Dr. Demo,\n",
    )
    .unwrap();
    let imported = enlace(&data, &key, &["import", "refills", report.to_str().unwrap()]);
    assert!(imported.status.success(), "{imported:?}");
    assert!(stdout(&imported).contains("1 new and 0 updated patients"), "{}", stdout(&imported));

    let listed = enlace(&data, &key, &["call-list", "--at", "2026-11-23T15:00:00Z", "--format", "json"]);
    assert!(listed.status.success(), "{listed:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(!rows.is_empty());
    assert_eq!(rows[0]["rank"], 1);

    let verified = enlace(&data, &key, &["audit", "verify"]);
    assert!(verified.status.success(), "{verified:?}");
    assert!(stdout(&verified).starts_with("The audit trail is intact"), "{}", stdout(&verified));
}
