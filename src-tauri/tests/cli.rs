//! The `enlace` binary run headless, as automation runs it: a key file
//! instead of the keyring, the demo pharmacy, an import, the call list as
//! JSON and the audit trail's verification. The commands that print or
//! change patient data act as an Enlace user who signs in (the window's
//! lockout applies) and are audited under that user; holding the OS
//! session and the key is not enough.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn command(data: &Path, key: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_enlace"));
    command
        .args(["--data-dir", data.to_str().unwrap(), "--key-file", key.to_str().unwrap()])
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("ENLACE_USER")
        .env_remove("ENLACE_PASSWORD");
    command
}

fn enlace(data: &Path, key: &Path, args: &[&str]) -> Output {
    command(data, key, args).output().unwrap()
}

/// As the demo's supervisor, the password from the environment.
fn as_marta(data: &Path, key: &Path, args: &[&str]) -> Output {
    command(data, key, args).env("ENLACE_USER", "marta").env("ENLACE_PASSWORD", "demo-supervisor").output().unwrap()
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
    let imported = as_marta(&data, &key, &["import", "refills", report.to_str().unwrap()]);
    assert!(imported.status.success(), "{imported:?}");
    assert!(stdout(&imported).contains("1 new and 0 updated patients"), "{}", stdout(&imported));

    let listed = as_marta(&data, &key, &["call-list", "--at", "2026-11-23T15:00:00Z", "--format", "json"]);
    assert!(listed.status.success(), "{listed:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(!rows.is_empty());
    assert_eq!(rows[0]["rank"], 1);

    let verified = enlace(&data, &key, &["audit", "verify"]);
    assert!(verified.status.success(), "{verified:?}");
    assert!(stdout(&verified).starts_with("The audit trail is intact"), "{}", stdout(&verified));
}

#[test]
fn commands_that_show_patient_data_need_an_enlace_user_and_are_audited_under_them() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    let data = dir.path().join("data");
    assert!(enlace(&data, &key, &["seed-demo"]).status.success());
    // Holding the key is not being a user.
    for args in [&["call-list"][..], &["export-day"], &["import", "refills", "/dev/null"]] {
        let refused = enlace(&data, &key, args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}: {refused:?}");
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(message.contains("--user"), "{message}");
        assert!(refused.stdout.is_empty(), "nothing printed");
    }
    // A wrong password is refused as at the window, with the same message.
    let wrong =
        command(&data, &key, &["--user", "ana", "export-day"]).env("ENLACE_PASSWORD", "guess").output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("username or password is incorrect"), "{wrong:?}");
    // The password on standard input works too.
    let mut piped = command(&data, &key, &["--user", "ana", "export-day"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        piped.stdin.take().unwrap().write_all(b"demo-coordinator\n").unwrap();
    }
    let exported = piped.wait_with_output().unwrap();
    assert!(exported.status.success(), "{exported:?}");
    assert!(stdout(&exported).starts_with("patient_id,"));
    // The export is ana's in the audit trail, not the operating system account's.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let app = enlace_app::App::open(&data, &enlace_store::KeyFile::new(&key)).await.unwrap();
        let events =
            app.store().audit_events(&enlace_store::AuditQuery { limit: 10, ..Default::default() }).await.unwrap();
        let export = events.iter().find(|event| event.draft.action == enlace_domain::AuditAction::Export).unwrap();
        assert_eq!(export.draft.username, "ana");
        app.close().await;
    });
}

/// A refill report of two patients, one of them due on 2026-12-05.
fn refill_report(dir: &Path) -> std::path::PathBuf {
    let report = dir.join("report.csv");
    std::fs::write(
        &report,
        "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,strength,\
         last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi\n\
         FD-1,Quintero,Rosa,04/09/1951,(520) 555-0120,es,,85004,RX-FD-1,Metformin,500 mg,2026-11-05,30,60,3,Dr. Test,\n\
         FD-2,Okafor,James,1962-07-30,520-555-0131,en,,85281,RX-FD-2,Lisinopril,10 mg,2026-11-06,30,30,2,Dr. Test,\n",
    )
    .unwrap();
    report
}

#[test]
fn a_real_pharmacy_is_set_up_imports_its_report_and_lists_its_calls_headless() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    let data = dir.path().join("data");
    let report = refill_report(dir.path());

    // Before setup: the one thing to say is how to set it up, and nothing is written.
    let early = command(&data, &key, &["--user", "marta", "import", "refills", report.to_str().unwrap()])
        .env("ENLACE_PASSWORD", "first-day-pass-1")
        .output()
        .unwrap();
    assert_eq!(early.status.code(), Some(2), "{early:?}");
    assert!(String::from_utf8_lossy(&early.stderr).contains("enlace setup --pharmacy-name"), "{early:?}");
    let status = enlace(&data, &key, &["status"]);
    assert!(stdout(&status).contains("Pharmacy: not set up yet"), "{}", stdout(&status));
    assert!(stdout(&status).contains(&format!("Key: in {}", key.display())), "the key file, not the keyring");
    assert!(stdout(&status).contains("0 patients"));

    let bad_hours = command(
        &data,
        &key,
        &["setup", "--pharmacy-name", "Botica", "--phone", "5205550142", "--time-zone", "America/Phoenix"],
    )
    .args(["--calling-hours", "07:00-21:00", "--supervisor", "marta"])
    .env("ENLACE_PASSWORD", "first-day-pass-1")
    .output()
    .unwrap();
    assert_eq!(bad_hours.status.code(), Some(2), "{bad_hours:?}");
    assert!(
        String::from_utf8_lossy(&bad_hours.stderr).contains("Calling hours must start before they end"),
        "{bad_hours:?}"
    );

    let set_up = command(
        &data,
        &key,
        &["setup", "--pharmacy-name", "Botica del Pueblo", "--phone", "(520) 555-0142", "--time-zone"],
    )
    .args(["America/Phoenix", "--calling-hours", "09:00-19:00", "--supervisor", "marta"])
    .env("ENLACE_PASSWORD", "first-day-pass-1")
    .output()
    .unwrap();
    assert!(set_up.status.success(), "{set_up:?}");
    assert!(stdout(&set_up).contains("Pharmacy “Botica del Pueblo” set up"), "{}", stdout(&set_up));
    let again = command(&data, &key, &["--user", "marta", "setup", "--pharmacy-name", "X", "--phone", "5205550142"])
        .args(["--time-zone", "America/Phoenix"])
        .env("ENLACE_PASSWORD", "first-day-pass-1")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "set up once: {again:?}");

    let imported = command(&data, &key, &["--user", "marta", "import", "refills", report.to_str().unwrap()])
        .env("ENLACE_PASSWORD", "first-day-pass-1")
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    assert!(stdout(&imported).contains("2 new and 0 updated patients"), "{}", stdout(&imported));

    // 2026-12-03 16:30 UTC is 9:30 in Phoenix: inside the pharmacy's hours.
    let listed = command(&data, &key, &["--user", "marta", "call-list", "--at", "2026-12-03T16:30:00Z"])
        .env("ENLACE_PASSWORD", "first-day-pass-1")
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let ids: Vec<&str> = rows.iter().filter_map(|row| row["patient_id"].as_str()).collect();
    assert_eq!(ids.len(), 2, "{rows:?}");
    let status = enlace(&data, &key, &["status"]);
    assert!(stdout(&status).contains("Pharmacy: Botica del Pueblo"), "{}", stdout(&status));
}

#[test]
fn the_demo_is_refused_on_a_real_store_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    let data = dir.path().join("data");
    let set_up = command(&data, &key, &["setup", "--pharmacy-name", "Botica del Pueblo", "--phone", "5205550142"])
        .args(["--time-zone", "America/Phoenix"])
        .output()
        .unwrap();
    assert!(set_up.status.success(), "with no users yet, the key's holder sets it up: {set_up:?}");
    let database = data.join("enlace.db");
    let before = std::fs::read(&database).unwrap();
    let refused = enlace(&data, &key, &["seed-demo"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("demo can’t be added"), "{refused:?}");
    assert_eq!(std::fs::read(&database).unwrap(), before, "nothing written");
    let status = enlace(&data, &key, &["status"]);
    assert!(stdout(&status).contains("0 patients"), "{}", stdout(&status));
}
