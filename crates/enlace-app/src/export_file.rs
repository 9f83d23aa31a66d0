//! Files the app writes for the user (CSV exports): always a new file,
//! readable by its owner only. An existing file of that name is never
//! overwritten; the next free name is taken instead ("calls.csv" becomes
//! "calls (2).csv"), as file managers do.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `contents` as a new file named `name` (or the next free variant) in
/// `folder`, creating the folder; returns the path written.
pub fn write_new_file(folder: &Path, name: &str, contents: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension)),
        _ => (name, None),
    };
    for attempt in 1..=999u32 {
        let candidate = match (attempt, extension) {
            (1, _) => name.to_owned(),
            (n, Some(extension)) => format!("{stem} ({n}).{extension}"),
            (n, None) => format!("{stem} ({n})"),
        };
        let path = folder.join(candidate);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(mut file) => {
                if let Err(error) = file.write_all(contents).and_then(|()| file.sync_all()) {
                    // Half a file is worse than none.
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Err(error);
                }
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free file name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Downloads");
        let first = write_new_file(&folder, "calls-2026-12-04.csv", b"first").unwrap();
        let second = write_new_file(&folder, "calls-2026-12-04.csv", b"second").unwrap();
        let third = write_new_file(&folder, "calls-2026-12-04.csv", b"third").unwrap();
        assert_eq!(first.file_name().unwrap(), "calls-2026-12-04.csv");
        assert_eq!(second.file_name().unwrap(), "calls-2026-12-04 (2).csv");
        assert_eq!(third.file_name().unwrap(), "calls-2026-12-04 (3).csv");
        assert_eq!(std::fs::read(&first).unwrap(), b"first", "the first export is intact");
        assert_eq!(write_new_file(&folder, "notes", b"x").unwrap().file_name().unwrap(), "notes");
        assert_eq!(write_new_file(&folder, "notes", b"y").unwrap().file_name().unwrap(), "notes (2)");
    }

    #[cfg(unix)]
    #[test]
    fn an_export_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = write_new_file(dir.path(), "audit.csv", b"x").unwrap();
        assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
