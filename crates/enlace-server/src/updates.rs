//! The releases a supervisor uploads for the pharmacy's computers, kept as
//! files under the server's data folder: `VERSION/notes.json` (what's new,
//! in English and Spanish), and for each system `VERSION/TARGET.bin` (the
//! installer) beside `VERSION/TARGET.sig` (its signature, as the Tauri
//! signer writes it). An installer is kept only if its signature verifies
//! against the release key the server was given: the same check every
//! computer makes again before it installs, so a server that was fooled
//! still cannot fool a computer.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use enlace_domain::{Release, is_update_target, update_for};
use semver::Version;
use serde::{Deserialize, Serialize};

/// Largest installer a supervisor may upload.
pub const MAX_INSTALLER_BYTES: usize = 512 * 1024 * 1024;
/// Longest release note, in characters, per language.
pub const MAX_NOTES_CHARS: usize = 4_000;

/// Where releases are kept and the public key their installers are signed with.
#[derive(Debug, Clone)]
pub struct UpdateConfig {
    pub dir: PathBuf,
    /// The release key as Tauri's configuration holds it: base64 of the
    /// minisign public key file.
    pub public_key: String,
}

/// Why an upload is refused.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("the release key is not a minisign public key")]
    BadPublicKey,
    #[error("not a version (semantic versioning: 1.4.0)")]
    BadVersion,
    #[error("not a system Enlace is built for")]
    BadTarget,
    #[error("release notes in English and Spanish are required, each at most {MAX_NOTES_CHARS} characters")]
    BadNotes,
    /// The signature is malformed, made with another key, not of these
    /// bytes, or not made for this version.
    #[error("the installer's signature does not verify with the release key")]
    BadSignature,
    #[error("the release files cannot be written: {0}")]
    Io(#[from] std::io::Error),
}

/// What's new in a release, in each interface language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseNotes {
    #[serde(rename = "en-US")]
    pub english: String,
    #[serde(rename = "es-US")]
    pub spanish: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredNotes {
    notes: ReleaseNotes,
    published_at: DateTime<Utc>,
}

/// The update a computer is offered, in the shape the Tauri updater reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub version: String,
    /// Both languages' notes, as a JSON object: the window shows its own.
    pub notes: String,
    pub pub_date: DateTime<Utc>,
    pub signature: String,
}

/// The releases on disk, with the key installers must be signed with.
#[derive(Debug)]
pub struct ReleaseShelf {
    dir: PathBuf,
    public_key: String,
}

impl ReleaseShelf {
    pub fn open(config: &UpdateConfig) -> Result<Self, UpdateError> {
        decode_public_key(&config.public_key)?;
        std::fs::create_dir_all(&config.dir)?;
        Ok(Self { dir: config.dir.clone(), public_key: config.public_key.clone() })
    }

    /// Publishes (or corrects) a release's notes.
    pub fn set_notes(&self, version: &str, notes: &ReleaseNotes, now: DateTime<Utc>) -> Result<(), UpdateError> {
        let version = parse_version(version)?;
        let fits = |text: &str| !text.trim().is_empty() && text.chars().count() <= MAX_NOTES_CHARS;
        if !fits(&notes.english) || !fits(&notes.spanish) {
            return Err(UpdateError::BadNotes);
        }
        let folder = self.dir.join(version.to_string());
        std::fs::create_dir_all(&folder)?;
        let stored = StoredNotes { notes: notes.clone(), published_at: now };
        let text = serde_json::to_vec_pretty(&stored).map_err(|error| UpdateError::Io(error.into()))?;
        write_atomically(&folder.join("notes.json"), &text)
    }

    /// Keeps an installer for `target` if `signature` (base64 of a minisign
    /// signature file) verifies its bytes with the release key.
    pub fn add_installer(
        &self,
        version: &str,
        target: &str,
        installer: &[u8],
        signature: &str,
    ) -> Result<(), UpdateError> {
        let version = parse_version(version)?;
        if !is_update_target(target) {
            return Err(UpdateError::BadTarget);
        }
        verify(&self.public_key, installer, signature, &version)?;
        let folder = self.dir.join(version.to_string());
        std::fs::create_dir_all(&folder)?;
        write_atomically(&folder.join(format!("{target}.bin")), installer)?;
        write_atomically(&folder.join(format!("{target}.sig")), signature.trim().as_bytes())
    }

    /// The update for a computer running `current` on `target`, if any.
    pub fn offer(&self, current: &str, target: &str) -> Result<Option<Offer>, UpdateError> {
        let current = parse_version(current)?;
        if !is_update_target(target) {
            return Err(UpdateError::BadTarget);
        }
        let releases = self.releases()?;
        let Some(release) = update_for(&current, target, &releases) else { return Ok(None) };
        let folder = self.dir.join(release.version.to_string());
        let stored: StoredNotes = serde_json::from_slice(&std::fs::read(folder.join("notes.json"))?)
            .map_err(|error| UpdateError::Io(error.into()))?;
        let signature = std::fs::read_to_string(folder.join(format!("{target}.sig")))?;
        let notes = serde_json::to_string(&stored.notes).map_err(|error| UpdateError::Io(error.into()))?;
        Ok(Some(Offer { version: release.version.to_string(), notes, pub_date: stored.published_at, signature }))
    }

    /// An installer's path, if the release has one for `target`.
    pub fn installer(&self, version: &str, target: &str) -> Result<Option<PathBuf>, UpdateError> {
        let version = parse_version(version)?;
        if !is_update_target(target) {
            return Err(UpdateError::BadTarget);
        }
        let path = self.dir.join(version.to_string()).join(format!("{target}.bin"));
        Ok(path.is_file().then_some(path))
    }

    /// Every published release (notes written) with the systems it has installers for.
    fn releases(&self) -> Result<Vec<Release>, UpdateError> {
        let mut releases = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(version) = entry.file_name().to_str().and_then(|name| Version::parse(name).ok()) else { continue };
            let folder = entry.path();
            if !folder.join("notes.json").is_file() {
                continue;
            }
            let targets = enlace_domain::UPDATE_TARGETS
                .iter()
                .filter(|target| {
                    folder.join(format!("{target}.bin")).is_file() && folder.join(format!("{target}.sig")).is_file()
                })
                .map(|target| (*target).to_owned())
                .collect();
            releases.push(Release { version, targets });
        }
        Ok(releases)
    }
}

fn parse_version(text: &str) -> Result<Version, UpdateError> {
    Version::parse(text).map_err(|_| UpdateError::BadVersion)
}

fn decode_public_key(public_key: &str) -> Result<minisign_verify::PublicKey, UpdateError> {
    let text = decode_base64_text(public_key).ok_or(UpdateError::BadPublicKey)?;
    minisign_verify::PublicKey::decode(&text).map_err(|_| UpdateError::BadPublicKey)
}

fn decode_base64_text(encoded: &str) -> Option<String> {
    String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()
}

/// The checks the Tauri updater makes on a computer, made here first: the
/// signature is the release key's and of these bytes, and its trusted
/// comment (which the signature covers) binds it to this very version
/// (`tauri signer sign --app-version`), so an older release's installer
/// can never be published as a newer one.
fn verify(public_key: &str, installer: &[u8], signature: &str, version: &Version) -> Result<(), UpdateError> {
    let key = decode_public_key(public_key)?;
    let text = decode_base64_text(signature).ok_or(UpdateError::BadSignature)?;
    let signature = minisign_verify::Signature::decode(&text).map_err(|_| UpdateError::BadSignature)?;
    key.verify(installer, &signature, true).map_err(|_| UpdateError::BadSignature)?;
    let signed = signature.trusted_comment().split('\t').find_map(|field| field.strip_prefix("version:"));
    match signed.and_then(|signed| Version::parse(signed.trim_start_matches('v')).ok()) {
        Some(signed) if signed == *version => Ok(()),
        _ => Err(UpdateError::BadSignature),
    }
}

/// Writes beside the final name and renames, so a reader never sees half a
/// file (and two uploads of one installer never write into each other).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(format!(".partial-{}", uuid::Uuid::now_v7().simple()));
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)?;
    Ok(())
}
