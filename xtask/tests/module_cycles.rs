//! No module of a crate reaches, through `crate::…` paths, a module that
//! reaches back to it: every crate reads top-down. A module is a file (or
//! folder) directly under `src/`; test modules and comments do not count.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of the crate whose sources are in `src`, with its files.
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut found: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(src).unwrap();
                let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
                let name = first.trim_end_matches(".rs").to_owned();
                if name != "lib" && name != "main" {
                    found.entry(name).or_default().push(path);
                }
            }
        }
    }
    found
}

/// The modules of `names` that `text` names after `crate::`, outside tests and comments.
fn references(text: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut found = BTreeSet::new();
    for line in code.lines().filter(|line| !line.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            // `crate::name::…`, or each name of `crate::{name::…, name, …}`.
            let group = rest.strip_prefix('{').map_or(rest, |inner| inner.split('}').next().unwrap_or_default());
            for part in group.split(',') {
                let word: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if names.contains(&word) {
                    found.insert(word);
                }
            }
        }
    }
    found
}

/// A cycle among `edges`, if there is one, as the modules along it.
fn a_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        module: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|on_path| on_path == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in edges.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|module| visit(module, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_a_module_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut sources: Vec<PathBuf> =
        std::fs::read_dir(root.join("crates")).unwrap().map(|entry| entry.unwrap().path().join("src")).collect();
    sources.push(root.join("src-tauri/src"));
    let mut checked = 0;
    for src in sources.iter().filter(|src| src.is_dir()) {
        let modules = modules(src);
        let names: BTreeSet<String> = modules.keys().cloned().collect();
        let edges: BTreeMap<String, BTreeSet<String>> = modules
            .iter()
            .map(|(module, files)| {
                let mut reached = BTreeSet::new();
                for file in files {
                    reached.extend(references(&std::fs::read_to_string(file).unwrap(), &names));
                }
                reached.remove(module);
                (module.clone(), reached)
            })
            .collect();
        assert_eq!(a_cycle(&edges), None, "a module cycle in {}", src.display());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} crates were checked");
}

#[test]
fn a_cycle_is_found_and_a_layering_is_not() {
    let edges = |pairs: &[(&str, &str)]| {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            edges.entry((*from).to_owned()).or_default().insert((*to).to_owned());
            edges.entry((*to).to_owned()).or_default();
        }
        edges
    };
    assert_eq!(a_cycle(&edges(&[("calls", "ranking"), ("views", "ranking"), ("calls", "views")])), None);
    let cycle = a_cycle(&edges(&[("calls", "ranking"), ("ranking", "views"), ("views", "calls")])).unwrap();
    assert_eq!(cycle.first(), cycle.last());
    let names: BTreeSet<String> = ["calls", "views"].map(str::to_owned).into();
    assert_eq!(
        references("use crate::{calls::Evaluated, App};\n// crate::views in a comment\n", &names),
        ["calls"].map(str::to_owned).into()
    );
}
