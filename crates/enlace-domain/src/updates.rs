//! Which update a computer is offered. The pharmacy's server holds the
//! releases a supervisor uploaded; a computer is offered the newest one
//! built for its system, and only if it is newer than what it runs: an
//! older release is never offered, whatever the server holds.

use semver::Version;

/// The systems an installer is built for, as the Tauri updater names them
/// (`{os}-{arch}`).
pub const UPDATE_TARGETS: [&str; 5] =
    ["linux-x86_64", "linux-aarch64", "windows-x86_64", "darwin-x86_64", "darwin-aarch64"];

/// Whether `target` is a system Enlace is built for.
pub fn is_update_target(target: &str) -> bool {
    UPDATE_TARGETS.contains(&target)
}

/// A release as the server holds it: its version and the systems it has an
/// installer for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub version: Version,
    pub targets: Vec<String>,
}

/// The release to offer a computer running `current` on `target`: the
/// newest with an installer for `target`, if newer than `current`.
/// Pre-releases are offered only to a computer that runs one.
pub fn update_for<'a>(current: &Version, target: &str, releases: &'a [Release]) -> Option<&'a Release> {
    releases
        .iter()
        .filter(|release| release.targets.iter().any(|built| built == target))
        .filter(|release| release.version.pre.is_empty() || !current.pre.is_empty())
        .filter(|release| release.version > *current)
        .max_by(|a, b| a.version.cmp(&b.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(version: &str, targets: &[&str]) -> Release {
        Release { version: version.parse().unwrap(), targets: targets.iter().map(|t| (*t).to_owned()).collect() }
    }

    fn offered(current: &str, releases: &[Release]) -> Option<String> {
        let current: Version = current.parse().unwrap();
        update_for(&current, "linux-x86_64", releases).map(|release| release.version.to_string())
    }

    #[test]
    fn the_newest_newer_release_for_the_system_is_offered() {
        let releases = [
            release("1.2.0", &["linux-x86_64", "windows-x86_64"]),
            release("1.3.0", &["linux-x86_64"]),
            release("1.4.0", &["windows-x86_64"]),
        ];
        assert_eq!(offered("1.1.0", &releases), Some("1.3.0".into()));
    }

    #[test]
    fn an_older_or_equal_release_is_never_offered() {
        let releases = [release("1.2.0", &["linux-x86_64"]), release("0.9.9", &["linux-x86_64"])];
        assert_eq!(offered("1.2.0", &releases), None);
        assert_eq!(offered("2.0.0", &releases), None);
        assert_eq!(offered("1.10.0", &[release("1.9.0", &["linux-x86_64"])]), None, "versions compare as numbers");
    }

    #[test]
    fn a_pre_release_goes_only_to_a_computer_running_one() {
        let releases = [release("1.3.0-rc.1", &["linux-x86_64"])];
        assert_eq!(offered("1.2.0", &releases), None);
        assert_eq!(offered("1.3.0-beta.2", &releases), Some("1.3.0-rc.1".into()));
        assert_eq!(offered("1.3.0", &releases), None, "a release candidate is older than its release");
    }

    #[test]
    fn targets_are_the_updaters_names() {
        assert!(is_update_target("windows-x86_64"));
        assert!(!is_update_target("../../etc"));
        assert!(!is_update_target("linux"));
    }
}
