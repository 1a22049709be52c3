//! The architecture's import rules, checked on the source text so a change
//! that breaks one fails here, naming the file and line:
//! - the pure core (ingest, propose, audit, incident) imports no tokio,
//!   ratatui, crossterm or reqwest;
//! - nothing outside `cli/` (and `main.rs`) imports `cli`: config and every
//!   module the CLI is built on stay below it;
//! - audit records are built from the typed entries in `audit::entry`, never
//!   as raw `AuditEntry::new` outside `audit/`;
//! - the folders under `src/` import each other without a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

const PURE_CORE: [&str; 4] = ["ingest", "propose", "audit", "incident"];
const NOT_IN_PURE_CORE: [&str; 4] = ["tokio", "ratatui", "crossterm", "reqwest"];

/// Every `.rs` file under `dir`, sorted (bounded by the tree's size).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The lines of `text` that are code (comment lines cannot import anything).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

/// Per forbidden crate: its use as a path (`name::…`, `name;`, `name as`), or `use name`.
static CRATE_USES: LazyLock<Vec<(&str, Regex, Regex)>> = LazyLock::new(|| {
    NOT_IN_PURE_CORE
        .iter()
        .map(|name| {
            let path = Regex::new(&format!(r"(^|[^\w:]){name}\s*(::|;|\s+as\s)")).unwrap();
            let used = Regex::new(&format!(r"\buse\s+{name}\b")).unwrap();
            (*name, path, used)
        })
        .collect()
});
static CRATE_MODULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bcrate::(\w+)").unwrap());
static CLI_DIRECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(crate|lookout)::cli\b").unwrap());
static CLI_SUPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bsuper::cli\b").unwrap());

/// The forbidden crates `line` uses as a path.
fn crates_used(line: &str) -> Vec<&'static str> {
    CRATE_USES
        .iter()
        .filter(|(_, path, used)| path.is_match(line) || used.is_match(line))
        .map(|(name, _, _)| *name)
        .collect()
}

/// The top-level modules `line` refers to through `crate::`.
fn crate_modules(line: &str) -> Vec<String> {
    CRATE_MODULE
        .captures_iter(line)
        .map(|c| c[1].to_string())
        .collect()
}

/// Whether `line` (in a file outside `cli/`) imports the `cli` module. In
/// `src/<module>/mod.rs` or `src/<module>.rs`, `super` is the crate.
fn imports_cli(line: &str, top_level_file: bool) -> bool {
    CLI_DIRECT.is_match(line) || (top_level_file && CLI_SUPER.is_match(line))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/<top>/…` or `src/<top>.rs` → `top`.
fn top_module(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

fn is_top_level_file(path: &Path) -> bool {
    let rel = path.strip_prefix(src()).unwrap();
    let depth = rel.components().count();
    depth == 1 || (depth == 2 && rel.ends_with("mod.rs"))
}

fn violations() -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_files(&src()) {
        let text = std::fs::read_to_string(&path).unwrap();
        let rel = path.strip_prefix(src()).unwrap().display().to_string();
        let top = top_module(&path);
        for (number, line) in code_lines(&text) {
            if PURE_CORE.contains(&top.as_str()) {
                for name in crates_used(line) {
                    found.push(format!("{rel}:{number}: the pure core imports {name}"));
                }
            }
            if !matches!(top.as_str(), "cli" | "main")
                && imports_cli(line, is_top_level_file(&path))
            {
                found.push(format!("{rel}:{number}: imports cli (only main.rs may)"));
            }
            if top != "audit" && line.contains("AuditEntry::new(") {
                found.push(format!(
                    "{rel}:{number}: a raw AuditEntry::new; build a typed audit::entry instead"
                ));
            }
        }
    }
    found
}

/// A unit-test file (`tests.rs`, `*_tests.rs`) is compiled only under
/// `cfg(test)`: what it imports (the demo incident, say) cannot make a cycle
/// in the library that ships.
fn is_test_only(path: &Path) -> bool {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| stem == "tests" || stem.ends_with("_tests"))
}

/// Folder → the folders it refers to through `crate::`.
fn folder_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(&src()) {
        let top = top_module(&path);
        if matches!(top.as_str(), "lib" | "main") || is_test_only(&path) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let targets = graph.entry(top.clone()).or_default();
        for (_, line) in code_lines(&text) {
            targets.extend(crate_modules(line).into_iter().filter(|m| *m != top));
        }
    }
    graph
}

/// A cycle in `graph`, as the path that closes it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn layering_rules_hold_for_every_source_file() {
    let found = violations();
    assert!(
        found.is_empty(),
        "layering violations:\n{}",
        found.join("\n")
    );
}

#[test]
fn layering_folders_import_each_other_without_a_cycle() {
    let graph = folder_graph();
    assert!(graph.contains_key("cli") && graph["cli"].contains("config"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle between folders: {}", cycle.join(" → "));
    }
}

#[test]
fn layering_checks_catch_what_they_are_for() {
    assert_eq!(crates_used("use tokio::sync::mpsc;"), ["tokio"]);
    assert_eq!(
        crates_used("    let rt = tokio::runtime::Builder::new();"),
        ["tokio"]
    );
    assert_eq!(crates_used("use reqwest;"), ["reqwest"]);
    assert_eq!(crates_used("use {ratatui::Frame, crossterm};"), ["ratatui"]);
    assert!(crates_used("let my_tokio::x = 1;").is_empty());
    assert!(crates_used("runs on a tokio runtime").is_empty());
    assert!(imports_cli("use crate::cli::GlobalArgs;", false));
    assert!(imports_cli("use super::cli::X;", true));
    assert!(!imports_cli("use super::cli::X;", false));
    assert!(!imports_cli("use crate::client;", false));
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let acyclic: BTreeMap<String, BTreeSet<String>> =
        [("a".to_string(), BTreeSet::from(["b".to_string()]))].into();
    assert_eq!(find_cycle(&acyclic), None);
}

/// One purpose per module: a source file that outgrows 500 lines is doing
/// more than one thing and is split (ARCHITECTURE: "modules small").
#[test]
fn layering_no_source_file_is_over_500_lines() {
    let long: Vec<String> = rust_files(&src())
        .into_iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(&path).ok()?.lines().count();
            (lines > 500).then(|| format!("{} ({lines} lines)", path.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over 500 lines:\n{}",
        long.join("\n")
    );
}
