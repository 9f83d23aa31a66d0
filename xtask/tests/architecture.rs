//! ARCHITECTURE.md does not misdirect: every file or folder it names in
//! backticks exists, and every code name it gives (`Store::apply`,
//! `permitted_actions`…) appears in the sources, so a newcomer following the
//! map finds what it says.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::{Path, PathBuf};

const SOURCE_EXTENSIONS: &[&str] = &["rs", "ts", "tsx", "toml", "sql", "json", "ftl", "py", "md", "sh"];
const SKIPPED: &[&str] = &["target", "node_modules", ".git", "gen", "dist"];

/// Every file below `root` (relative paths with `/`), skipping build output and dependencies.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !SKIPPED.contains(&name.as_str()) {
                    folders.push(path);
                }
            } else {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    found
}

fn is_path(span: &str) -> bool {
    let looks_like_file = span.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty() && SOURCE_EXTENSIONS.contains(&extension) && !span.contains(' ')
    });
    let looks_like_folder = span.ends_with('/') && !span.contains(' ') && !span.starts_with(['~', '/']);
    (looks_like_file || looks_like_folder) && !span.contains('*')
}

fn is_code_name(span: &str) -> bool {
    let mut chars = span.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && span.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

#[test]
fn every_file_and_name_architecture_md_gives_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let files = files(root);
    let paths: Vec<String> = files.iter().map(|path| path.to_string_lossy().replace('\\', "/")).collect();
    let mut sources = String::new();
    for (path, relative) in files.iter().zip(&paths) {
        let extension = path.extension().map(|extension| extension.to_string_lossy().into_owned()).unwrap_or_default();
        if relative != "ARCHITECTURE.md" && extension != "md" && SOURCE_EXTENSIONS.contains(&extension.as_str()) {
            sources.push_str(&std::fs::read_to_string(root.join(path)).unwrap_or_default());
            sources.push('\n');
        }
    }
    let spans: Vec<&str> = map.split('`').skip(1).step_by(2).filter(|span| !span.contains('\n')).collect();
    assert!(spans.len() > 100, "only {} code spans read", spans.len());
    let mut missing = Vec::new();
    for span in spans {
        if is_path(span) {
            let wanted = span.trim_end_matches('/');
            let exists =
                paths.iter().any(|path| path.ends_with(wanted) || format!("/{path}").contains(&format!("/{wanted}/")));
            if !exists {
                missing.push(span);
            }
        } else if is_code_name(span) {
            let name = span.rsplit("::").next().unwrap_or(span);
            let named = sources.match_indices(name).any(|(at, _)| {
                let before = sources[..at].chars().next_back();
                let after = sources[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                !word(before) && !word(after)
            });
            if !named {
                missing.push(span);
            }
        }
    }
    assert!(missing.is_empty(), "ARCHITECTURE.md names what the tree does not hold: {missing:?}");
}
