//! Crash reports: a panic in the window leaves `crash-<UTC time>.txt` in the
//! logs folder, and the next start offers to open that folder once.
//!
//! A report holds Enlace's version, the operating system, the thread, where
//! in the source the panic happened and a backtrace of function names. Never
//! the panic's message: it may quote a value, and so patient data.

use std::path::{Path, PathBuf};

use serde::Serialize;

const PREFIX: &str = "crash-";
const SUFFIX: &str = ".txt";
/// The reports already offered, one file name a line.
const SEEN: &str = "crash-reports-seen";

/// Reports written since the last start offered them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CrashNotice {
    pub count: u32,
    /// The logs folder, as the operating system names it.
    pub folder: String,
}

/// From now on a panic writes a report into `log_dir` before the usual handling.
pub fn install(log_dir: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Err(error) = write_report(&log_dir, info.location()) {
            eprintln!("enlace: the crash report could not be written: {}", error.kind());
        }
        previous(info);
    }));
}

fn write_report(log_dir: &Path, location: Option<&std::panic::Location<'_>>) -> std::io::Result<PathBuf> {
    let now = chrono::Utc::now();
    let location = location.map_or_else(|| "unknown".to_owned(), |at| format!("{}:{}", at.file(), at.line()));
    let thread = std::thread::current().name().unwrap_or("unnamed").to_owned();
    let report = format!(
        "Enlace {version} stopped unexpectedly.\n\
         When: {when}\nSystem: {os} {arch}\nThread: {thread}\nWhere: {location}\n\n\
         The panic's message is left out: it may quote patient data.\n\n\
         Backtrace:\n{backtrace}\n",
        version = env!("CARGO_PKG_VERSION"),
        when = now.to_rfc3339(),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
        backtrace = std::backtrace::Backtrace::force_capture(),
    );
    let name = format!("{PREFIX}{}{SUFFIX}", now.format("%Y%m%dT%H%M%S%.3fZ"));
    enlace_app::write_new_file(log_dir, &name, report.as_bytes())
}

fn reports(log_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(log_dir) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with(PREFIX) && name.ends_with(SUFFIX))
        .collect();
    names.sort();
    names
}

fn seen(log_dir: &Path) -> Vec<String> {
    std::fs::read_to_string(log_dir.join(SEEN))
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The reports not yet offered, if any.
pub fn notice(log_dir: &Path) -> Option<CrashNotice> {
    let seen = seen(log_dir);
    let count = reports(log_dir).iter().filter(|name| !seen.contains(name)).count();
    (count > 0)
        .then(|| CrashNotice { count: u32::try_from(count).unwrap_or(u32::MAX), folder: log_dir.display().to_string() })
}

/// Every report so far has been offered: the next start says nothing of them.
pub fn dismiss(log_dir: &Path) -> std::io::Result<()> {
    let mut text = reports(log_dir).join("\n");
    text.push('\n');
    std::fs::write(log_dir.join(SEEN), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_leaves_a_report_without_its_message_and_is_offered_once() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        assert_eq!(notice(&logs), None, "no folder, nothing to offer");
        install(logs.clone());
        let crashed = std::thread::Builder::new()
            .name("crashing".into())
            .spawn(|| panic!("patient Synthetic Ñáñez, DOB 1951-07-14"))
            .unwrap()
            .join();
        assert!(crashed.is_err());
        let _ = std::panic::take_hook();

        let offered = notice(&logs).expect("the crash is offered");
        assert_eq!(offered.count, 1);
        let name = reports(&logs).pop().unwrap();
        let report = std::fs::read_to_string(logs.join(&name)).unwrap();
        assert!(report.contains("Thread: crashing"), "{report}");
        assert!(report.contains("crash.rs:"), "where it happened: {report}");
        assert!(!report.contains("Synthetic") && !report.contains("1951"), "no patient data: {report}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(logs.join(&name)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }

        dismiss(&logs).unwrap();
        assert_eq!(notice(&logs), None, "offered once");
        std::fs::write(logs.join("crash-29991231T000000.000Z.txt"), "a later one").unwrap();
        assert_eq!(notice(&logs).map(|notice| notice.count), Some(1), "a new crash is offered again");
    }
}
